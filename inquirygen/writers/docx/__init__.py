"""The .docx writer: a :class:`~inquirygen.letter.Letter` through the office's Word template."""

from __future__ import annotations

from ...letter import Letter
from .context import template_context
from .template import LetterTemplate, TemplateLibrary
from .wordml import (
    LOGO_PICTURE,
    REQUIRED_STYLES,
    SIGNATURE_PICTURE,
    BlockWriter,
    core_properties_xml,
    image_parts,
)

__all__ = ["REQUIRED_STYLES", "DocxWriter", "LetterTemplate", "TemplateLibrary"]


class DocxWriter:
    """Fills each letter's template; each template is read and compiled once per writer."""

    suffix = ".docx"

    def __init__(self, templates: TemplateLibrary | None = None):
        self.templates = templates or TemplateLibrary()

    def write(self, letter: Letter) -> bytes:
        """The .docx bytes; raises :class:`~inquirygen.errors.TemplateError` when the template
        cannot be filled."""
        if letter.template is None:
            raise ValueError("a letter without a template cannot be written as .docx")
        return render(self.templates.load(letter.template), letter)


def render(template: LetterTemplate, letter: Letter) -> bytes:
    """One letter through one compiled template; each image goes into the parts that print it."""
    blocks = BlockWriter(template)
    context = template_context(letter, blocks)
    added: dict[str, bytes] = {}
    signature = letter.signature.image if letter.signature is not None else None
    for image, picture, (group, key) in ((signature, SIGNATURE_PICTURE, ("signatory", "signature")),
                                         (letter.logo, LOGO_PICTURE, ("office", "logo"))):
        if image is not None:
            drawing, parts = image_parts(image, picture, {**template.parts, **added},
                                         template.parts_printing(f"{group}.{key}"))
            context[group][key] = drawing
            added.update(parts)
    return template.fill(context, added, blocks.list_instances, blocks.footnotes,
                         core_properties_xml(letter.properties), (letter.fold_marks, letter.hole_mark))
