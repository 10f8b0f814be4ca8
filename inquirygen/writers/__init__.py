"""Writers print a :class:`~inquirygen.letter.Letter`; the registry maps a format to its writer.

A writer reads the letter and nothing else, so every format says the same words. Adding a format
(an HTML preview, say) is one module with a class that has ``suffix`` and ``write(letter) -> bytes``,
and one line in :data:`WRITERS`. Writers are imported only when asked for: the .docx writer needs
lxml and Jinja, the text writer nothing.
"""

from __future__ import annotations

import importlib
from typing import Any, Protocol

from ..letter import Letter

# format → "module:class"
WRITERS = {
    "docx": "inquirygen.writers.docx:DocxWriter",
    "html": "inquirygen.writers.html:HtmlWriter",
    "text": "inquirygen.writers.text:TextWriter",
}


class Writer(Protocol):
    """Prints a letter in one format."""

    suffix: str

    def write(self, letter: Letter) -> bytes: ...


def create_writer(output_format: str, **options: Any) -> Writer:
    """A writer for ``output_format`` ("docx", "text"), made with ``options``.

    Raises :class:`KeyError` for a format no writer is registered for.
    """
    module_name, _, class_name = WRITERS[output_format].partition(":")
    writer_class = getattr(importlib.import_module(module_name), class_name)
    writer: Writer = writer_class(**options)
    return writer
