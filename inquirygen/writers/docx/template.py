"""The office's Word template, read and compiled once per run, filled with one letter at a time.

docxtpl cleans Word's split runs out of the ``{{ }}`` tags and Jinja compiles each part; each letter is
then one Jinja render per part and one zip write. The clean-up depends only on the template's bytes, so
it is cached under their hash: a cold run on a known template needs neither docxtpl nor python-docx.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from ...errors import TemplateError, display_path
from ...frozen import frozen
from ...i18n import _, ngettext
from ...values import required_values
from .defaults import complete
from .libreoffice import footnotes_clear_of_tables
from .marks import place_marks
from .package import (
    ContentProblem,
    add_list_instances,
    content_problems,
    insert_before,
    main_document_part,
    problem_text,
    read_members,
    read_numbering,
    read_styles,
    relationships,
    write_zip,
)
from .wordml import (
    BULLET_STYLES,
    CORE_PROPERTIES,
    NUMBERED_STYLES,
    REQUIRED_STYLES,
    ListStyle,
)

if TYPE_CHECKING:
    from jinja2 import Template
    from jinja2.sandbox import SandboxedEnvironment

RELATIONSHIP = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
RENDERED_RELATIONSHIPS = {RELATIONSHIP + kind for kind in ("header", "footer", "footnotes")}
NUMBERING_RELATIONSHIP = RELATIONSHIP + "numbering"
STYLES_RELATIONSHIP = RELATIONSHIP + "styles"
FOOTNOTES_RELATIONSHIP = RELATIONSHIP + "footnotes"
JINJA_TAG = re.compile(r"\{\{.*?\}\}|\{%.*?%\}", re.DOTALL)

@frozen
class TemplateFiles:
    """A template's parts, and the Jinja source of each part that is rendered."""

    members: list[tuple[str, bytes]]
    parts: dict[str, bytes]
    main_part: str
    related: list[tuple[str, str]]
    sources: dict[str, str]
    required: frozenset[str]  # answer-file values the template prints unconditionally
    # (part, (message, hint, fields)) of what would make every letter silently wrong: see
    # content_problems; in English, translated where they are shown
    problems: tuple[tuple[str, ContentProblem], ...] = ()


class OdtConverter(Protocol):
    """Makes the .docx of an OpenDocument template (:class:`inquirygen.pdf.PdfConverter` does)."""

    def template_docx(self, source: Path) -> bytes: ...


class TemplateLibrary:
    """The templates of one run: each read, checked and compiled once, whatever uses it.

    The checks before writing (values a template insists on), the .docx writer and ``check`` share
    one library, so a batch reads each template once. An OpenDocument template (.odt) is read as the
    .docx that ``converter()`` (LibreOffice) makes of it, once per version of the file:
    the result is kept in the cache. The converter is made only then, off the usual path.
    """

    def __init__(self, converter: Callable[[], OdtConverter] | None = None) -> None:
        self.converter = converter
        self._files: dict[tuple[str, int, int], TemplateFiles] = {}
        self._loaded: dict[Path, LetterTemplate] = {}
        self._environment: SandboxedEnvironment | None = None
        self._sources: dict[str, str] = {}  # what the Jinja loader hands out while compiling

    @property
    def environment(self) -> SandboxedEnvironment:
        if self._environment is None:
            from jinja2 import FunctionLoader, StrictUndefined
            from jinja2.sandbox import SandboxedEnvironment

            from ... import cache

            # Autoescape turns '&' and '<' into XML entities exactly once; the document title is
            # written by core_properties_xml and never passes through Jinja, so it is not escaped
            # twice.
            self._environment = SandboxedEnvironment(
                autoescape=True, undefined=StrictUndefined, cache_size=0,
                loader=FunctionLoader(lambda name: (self._sources[name], None, lambda: False)),
                bytecode_cache=cache.jinja_bytecode_cache())
        return self._environment

    def files(self, path: Path) -> TemplateFiles:
        """The parts of a template and their Jinja sources; raises :class:`TemplateError`."""
        try:
            info = path.stat()
            key = (str(path.resolve()), info.st_mtime_ns, info.st_size)
        except OSError:
            return self._read(path)  # reports "not found" in the user's words
        if key not in self._files:
            self._files[key] = self._read(path)
        return self._files[key]

    def requirements(self, path: Path) -> frozenset[str]:
        """The answer-file values (``inquiry.reference`` …) that ``path`` prints without asking first."""
        return self.files(path).required

    def load(self, path: Path) -> LetterTemplate:
        """The compiled template, ready to render any number of letters."""
        if path not in self._loaded:
            self._loaded[path] = LetterTemplate(path, self.files(path), self)
        return self._loaded[path]

    def _odt_as_docx(self, path: Path) -> bytes:
        """The .docx of an .odt template: from the cache, else converted once by LibreOffice."""
        from ... import cache
        from ...errors import PdfError

        try:
            source = path.read_bytes()
        except OSError:
            return b""  # read_members reports the file as it is
        key = cache.key("odt", source) + ".docx"
        converted = cache.read_bytes(key)
        if converted is None:
            if self.converter is None:
                raise TemplateError(_("template '{template}' is an OpenDocument file; save it as "
                                      ".docx (Word 2007–365) in LibreOffice").format(
                                          template=display_path(path)))
            try:
                converted = self.converter().template_docx(path)
            except PdfError as error:
                raise TemplateError(_("template '{template}' could not be read: {error}").format(
                    template=display_path(path), error=error)) from None
            cache.write_bytes(key, converted)
        return converted

    def compile(self, name: str, source: str, shown: str) -> Template:
        from jinja2 import TemplateSyntaxError

        try:
            # Through the environment's loader, so that Jinja's bytecode cache can skip compiling.
            self._sources[name] = source
            return self.environment.get_template(name)
        except TemplateSyntaxError as error:
            context = re.sub(r"<[^>]+>", "", source.split("\n")[(error.lineno or 1) - 1])[:80].strip()
            if context:
                raise TemplateError(_("template '{template}' ({part}): Jinja syntax error: {detail} "
                                      "near '{context}'").format(
                    template=shown, part=name, detail=syntax_detail(error.message), context=context)) \
                    from None
            raise TemplateError(_("template '{template}' ({part}): Jinja syntax error: {detail}")
                                .format(template=shown, part=name, detail=syntax_detail(error.message))) \
                from None
        finally:
            self._sources.pop(name, None)

    def _read(self, path: Path) -> TemplateFiles:
        from ... import cache

        shown = display_path(path)
        raw, members = read_members(path, self._odt_as_docx(path) if path.suffix == ".odt" else None)
        parts = dict(members)
        main_part = main_document_part(parts, shown)
        related = relationships(parts, main_part)
        completed = complete(members, main_part, related)
        if completed is not members:  # saved by LibreOffice, or a .dotx: brought what letters need
            members, parts = completed, dict(completed)
            related = relationships(parts, main_part)
        rendered = [main_part] + [target for kind, target in related
                                  if kind in RENDERED_RELATIONSHIPS and target in parts]
        key = cache.key("template", raw)
        cached = cache.read_json(key)
        # The cache is a file anyone could have edited: used only when it has exactly our shape.
        if isinstance(cached, dict) and isinstance(cached.get("sources"), dict) \
                and set(cached["sources"]) == set(rendered) \
                and all(isinstance(text, str) for text in cached["sources"].values()) \
                and isinstance(cached.get("required"), list) \
                and isinstance(cached.get("problems"), list) \
                and all(isinstance(item, list) and len(item) == 4 and isinstance(item[3], dict)
                        and all(isinstance(value, str) for value in item[3].values())
                        for item in cached["problems"]):
            sources: dict[str, str] = cached["sources"]
            required = frozenset(str(name) for name in cached["required"])
            problems = tuple((str(part), (str(message), str(hint), dict(fields)))
                             for part, message, hint, fields in cached["problems"])
        else:
            sources = {name: patch_tags(parts[name].decode("utf-8")) for name in rendered}
            required = frozenset(required_values(sources.values(), self.environment))
            problems = tuple((name, problem) for name in rendered
                             for problem in content_problems(name, parts[name].decode("utf-8")))
            cache.write_json(key, {"sources": sources, "required": sorted(required),
                                   "problems": [[part, *problem] for part, problem in problems]})
        return TemplateFiles(members, parts, main_part, related, sources, required, problems)


class LetterTemplate:
    """One compiled template: its styles, list definitions and footnotes, and its parts' Jinja."""

    def __init__(self, path: Path, files: TemplateFiles, library: TemplateLibrary):
        shown = display_path(path)
        self.path = path
        self.members = files.members
        self.parts = files.parts
        self.main_part = files.main_part
        self.compiled = {name: library.compile(name, source, shown)
                         for name, source in files.sources.items()}
        if files.problems:  # a letter from it would be silently wrong: refused, as check refuses it
            part, problem = files.problems[0]
            message, hint = problem_text(*problem)
            raise TemplateError(_("template '{template}' ({part}) {message}; {hint}").format(
                template=shown, part=part, message=message, hint=hint))
        self.sources = files.sources
        self._printing: dict[str, list[str]] = {}
        related = files.related
        styles_part = next((t for k, t in related if k == STYLES_RELATIONSHIP), None)
        self.numbering_part = next((t for k, t in related if k == NUMBERING_RELATIONSHIP), None)
        self.styles, style_numbering = read_styles(self.parts.get(styles_part or "", b""))
        num_to_abstract, max_num_id = read_numbering(self.parts.get(self.numbering_part or "", b""))
        missing = [name for name in REQUIRED_STYLES if name not in self.styles]
        if missing:
            raise TemplateError(ngettext(
                "template '{template}' lacks the paragraph style {styles} that answers are written "
                "in; a style renamed in Word or LibreOffice keeps its place, so give it its name back",
                "template '{template}' lacks the paragraph styles {styles} that answers are written "
                "in; a style renamed in Word or LibreOffice keeps its place, so give it its name back",
                len(missing)).format(template=shown, styles=", ".join(
                    # Translators: one style's name, quoted, in the list of missing styles
                    _("'{style}'").format(style=name) for name in missing)))
        self.list_styles: dict[str, ListStyle] = {}
        for name in (*BULLET_STYLES, *NUMBERED_STYLES):
            num_id, level = style_numbering.get(self.styles[name], (None, 0))
            if name in NUMBERED_STYLES and num_id not in num_to_abstract:
                raise TemplateError(_(
                    "template '{template}': the style '{style}' has no numbering; give it a numbered "
                    "list format (Word: Format → Numbering), so that numbered answers count").format(
                        template=shown, style=name))
            self.list_styles[name] = ListStyle(self.styles[name],
                                               num_to_abstract.get(num_id or ""), level)
        self.first_free_num_id = max_num_id + 1
        self.footnotes_part = next((t for k, t in related
                                    if k == FOOTNOTES_RELATIONSHIP and t in self.parts), None)
        footnote_ids = [int(i) for i in re.findall(rb'<w:footnote\b[^>]*\bw:id="(-?\d+)"',
                                                   self.parts.get(self.footnotes_part or "", b""))]
        self.first_free_footnote_id = max([*footnote_ids, 0]) + 1

    @property
    def name(self) -> str:
        return self.path.name

    @property
    def has_footnotes(self) -> bool:
        return self.footnotes_part is not None

    def parts_printing(self, variable: str) -> list[str]:
        """The rendered parts whose Jinja tags use ``variable`` (``office.logo``), main document first.

        An image goes into these parts: its relationship must be in the part that shows it (a logo in
        the first page's header, a signature in the main document).
        """
        if variable not in self._printing:
            used = re.compile(r"(?<![\w.])" + re.escape(variable) + r"(?!\w)")
            self._printing[variable] = [
                part for part, source in self.sources.items()
                if any(used.search(tag) for tag in JINJA_TAG.findall(source))]
        return self._printing[variable]

    def style_id(self, name: str) -> str:
        """The id of a style the code writes text in; raises :class:`TemplateError` if it is missing.

        Names compare without case, as Word does: LibreOffice writes "Footnote Text" for Word's
        "footnote text".
        """
        try:
            return self.styles[name]
        except KeyError:
            folded = {key.casefold(): value for key, value in self.styles.items()}
            if name.casefold() in folded:
                return folded[name.casefold()]
            raise TemplateError(_("template '{template}' lacks the style '{style}'; add it in Word "
                                  "or LibreOffice (see the README's list of styles)").format(
                                      template=display_path(self.path), style=name)) from None

    def fill(self, context: dict[str, Any], added: dict[str, bytes], list_instances: list[str],
             footnotes: list[str], core_properties: bytes,
             marks: tuple[tuple[float, ...], float | None] = ((105.0, 210.0), 148.5)) -> bytes:
        """The .docx bytes: every part rendered with ``context``, the letter's additions merged in,
        the first page's fold marks and hole mark at ``marks`` (see :mod:`.marks`).

        Raises :class:`TemplateError` if the template cannot be filled.
        """
        from jinja2 import TemplateError as JinjaError
        from lxml import etree

        rendered: dict[str, bytes] = {}
        for part, template in self.compiled.items():
            try:
                xml = template.render(context)
            except JinjaError as error:
                raise TemplateError(_("template '{template}' ({part}): {problem}").format(
                    template=display_path(self.path), part=part, problem=jinja_message(error))) \
                    from None
            xml = (xml.replace("\n<w:p>", "<w:p>").replace("\n<w:p ", "<w:p ")
                   .replace("{_{", "{{").replace("}_}", "}}").replace("{_%", "{%").replace("%_}", "%}"))
            data = xml.encode("utf-8")
            try:
                etree.fromstring(data)
            except etree.XMLSyntaxError as error:  # a template edit broke the XML structure
                raise TemplateError(_("template '{template}' ({part}) produced a broken document: "
                                      "{error}").format(template=display_path(self.path), part=part,
                                                        error=error)) from None
            rendered[part] = place_marks(data, *marks) if part != self.main_part else data
        if self.numbering_part and list_instances:
            rendered[self.numbering_part] = add_list_instances(
                self.parts[self.numbering_part], "".join(list_instances))
        if footnotes and self.footnotes_part:
            rendered[self.footnotes_part] = insert_before(
                rendered.get(self.footnotes_part, self.parts[self.footnotes_part]),
                "</w:footnotes>", "".join(footnotes))
            rendered[self.main_part] = footnotes_clear_of_tables(rendered[self.main_part], self.style_id)
        rendered[CORE_PROPERTIES] = core_properties
        return write_zip(self.members, {**rendered, **added})


def patch_tags(xml: str) -> str:
    """docxtpl's clean-up of Word's XML around ``{{ }}``, ``{%p %}``, ``{%tr %}`` and friends."""
    from .tags import patch_xml

    patched = patch_xml()(xml)
    # One paragraph per line, as docxtpl does, so that Jinja's line numbers point somewhere useful.
    return re.sub(r"<w:p([ >])", r"\n<w:p\1", patched)


def syntax_detail(message: str | None) -> str:
    """Jinja's syntax error, in the user's language where it is the common one: a mistyped tag."""
    match = re.fullmatch(r"Encountered unknown tag '(\w+)'\.", message or "")
    if match:
        return _("Encountered unknown tag '{tag}'.").format(tag=match.group(1))
    return message or ""


def jinja_message(error: Exception) -> str:
    message = getattr(error, "message", None) or str(error)
    match = re.match(r"'([^']+)' is undefined", message) or \
        re.match(r"'[^']+' has no attribute '([^']+)'", message)
    if match:
        return _("the template asks for '{name}', which inquirygen does not provide").format(
            name=match.group(1))
    return message
