"""Reading a Word template's package: its parts, relationships, styles and list definitions, safely.

A letter template is some 10 to 100 KiB; a logo makes it a few MiB. Far more is an accident or a zip
bomb (a small file that unpacks to gigabytes), and a relationship to an outside target is template
injection (Word would fetch it when the letter is opened): both are refused before anything is used.
"""

from __future__ import annotations

import io
import posixpath
import re
import zipfile
from pathlib import Path
from typing import TYPE_CHECKING

from ...errors import TemplateError, display_path
from ...i18n import N_, _, ngettext
from .wordml import R_NS, W_NS

if TYPE_CHECKING:
    from lxml.etree import _Element

OFFICE_DOCUMENT = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"
HYPERLINK_RELATIONSHIP = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink"
MAX_TEMPLATE_BYTES = 20 * 2**20
MAX_UNPACKED_BYTES = 100 * 2**20
MAX_MEMBERS = 1000
ZIP_TIMESTAMP = (1980, 1, 1, 0, 0, 0)  # the same bytes on any day


def read_members(path: Path, converted: bytes | None = None) -> tuple[bytes, list[tuple[str, bytes]]]:
    """The template's bytes and its zip members in order; raises :class:`TemplateError`.

    ``converted`` is the .docx made of an OpenDocument template, read instead of ``path``.
    """
    shown = display_path(path)
    try:
        if path.stat().st_size > MAX_TEMPLATE_BYTES:
            raise TemplateError(_("template '{template}' is larger than {size} MiB").format(
                template=shown, size=MAX_TEMPLATE_BYTES // 2**20))
        raw = path.read_bytes() if converted is None else converted
    except FileNotFoundError:
        raise TemplateError(_("template '{template}' not found").format(template=shown)) from None
    except OSError as error:  # permissions, a disk that fails: the file may be a good template
        raise TemplateError(_("template '{template}' cannot be read: {reason}").format(
            template=shown, reason=error.strerror or error)) from None
    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as archive:
            _check_sizes(archive, shown)
            members = [(info.filename, archive.read(info)) for info in archive.infolist()]
    except (zipfile.BadZipFile, OSError) as error:
        raise TemplateError(_("template '{template}' is not a Word document (.docx): {error}").format(
            template=shown, error=error)) from None
    check_external_relationships(dict(members), shown)
    return raw, members


def _check_sizes(archive: zipfile.ZipFile, shown: str) -> None:
    infos = archive.infolist()
    unpacked = sum(info.file_size for info in infos)
    if len(infos) > MAX_MEMBERS or unpacked > MAX_UNPACKED_BYTES:
        # English says "parts" for one part too, as it always has; German needs both forms.
        raise TemplateError(ngettext(
            "template '{template}' unpacks to {size} MiB in {count} parts, more than a letter "
            "template can need; refused",
            "template '{template}' unpacks to {size} MiB in {count} parts, more than a letter "
            "template can need; refused", len(infos)).format(
                template=shown, size=f"{unpacked / 2**20:.0f}", count=len(infos)))


def check_external_relationships(parts: dict[str, bytes], shown: str) -> None:
    """Refuse parts Word would fetch from elsewhere when the letter is opened (template injection).

    Hyperlinks, which only open when clicked, are fine.
    """
    from lxml import etree

    for name, data in parts.items():
        if not name.endswith(".rels"):
            continue
        try:
            root = etree.fromstring(data)
        except etree.XMLSyntaxError:
            raise TemplateError(_("template '{template}' has a broken part ({part})").format(
                template=shown, part=name)) from None
        for rel in root.iter(f"{{{R_NS}}}Relationship"):
            if rel.get("TargetMode") == "External" and rel.get("Type") != HYPERLINK_RELATIONSHIP:
                raise TemplateError(_(
                    "template '{template}' loads '{target}' from outside the document ({kind}); "
                    "refused, since Word would fetch it when the letter is opened. Save the template "
                    "again without it.").format(template=shown, target=rel.get("Target"),
                                               kind=(rel.get("Type") or "").rsplit("/", 1)[-1]))


def main_document_part(parts: dict[str, bytes], shown: str) -> str:
    from lxml import etree

    try:
        rels = etree.fromstring(parts["_rels/.rels"])
    except (KeyError, etree.XMLSyntaxError):
        raise TemplateError(_("template '{template}' is not a Word document (no package "
                              "relationships)").format(template=shown)) from None
    for rel in rels.iter(f"{{{R_NS}}}Relationship"):
        if rel.get("Type") == OFFICE_DOCUMENT:
            name = (rel.get("Target") or "").lstrip("/")
            if name in parts:
                return name
    raise TemplateError(_("template '{template}' is not a Word document (no main document part)")
                        .format(template=shown))


def relationships(parts: dict[str, bytes], part: str) -> list[tuple[str, str]]:
    """(type, target part) of each internal relationship of ``part``."""
    from lxml import etree

    folder, file = posixpath.split(part)
    rels_name = posixpath.join(folder, "_rels", f"{file}.rels")
    if rels_name not in parts:
        return []
    result = []
    for rel in etree.fromstring(parts[rels_name]).iter(f"{{{R_NS}}}Relationship"):
        if rel.get("TargetMode") == "External":
            continue
        target = posixpath.normpath(posixpath.join(folder, rel.get("Target") or ""))
        result.append((rel.get("Type") or "", target.lstrip("/")))
    return result


def read_styles(styles_xml: bytes) -> tuple[dict[str, str], dict[str, tuple[str | None, int]]]:
    """Style names → ids, and paragraph style ids → (numId, ilvl) of their numbering."""
    from lxml import etree

    if not styles_xml:
        return {}, {}
    root = etree.fromstring(styles_xml)
    w = f"{{{W_NS}}}"
    names: dict[str, str] = {}
    numbering: dict[str, tuple[str | None, int]] = {}
    for style in root.iter(f"{w}style"):
        style_id = style.get(f"{w}styleId")
        if style_id is None:
            continue
        name = style.find(f"{w}name")
        names[_value(name, w) or style_id] = style_id
        num_pr = style.find(f"{w}pPr/{w}numPr")
        if num_pr is not None:
            level = _value(num_pr.find(f"{w}ilvl"), w)
            numbering[style_id] = (_value(num_pr.find(f"{w}numId"), w), int(level) if level else 0)
    return names, numbering


def read_numbering(numbering_xml: bytes) -> tuple[dict[str, str], int]:
    """Word list instances (numId) → their list definition (abstractNumId), and the highest numId."""
    from lxml import etree

    if not numbering_xml:
        return {}, 0
    w = f"{{{W_NS}}}"
    mapping: dict[str, str] = {}
    for num in etree.fromstring(numbering_xml).iter(f"{w}num"):
        abstract = _value(num.find(f"{w}abstractNumId"), w)
        num_id = num.get(f"{w}numId")
        if abstract is not None and num_id is not None:
            mapping[num_id] = abstract
    highest = max((int(n) for n in mapping if n.isdigit()), default=0)
    return mapping, highest


def _value(element: _Element | None, w: str) -> str | None:
    return element.get(f"{w}val") if element is not None else None


_PARAGRAPH_TAG = re.compile(r"\{%-?\s*(?:p|tr|tc)\s.*?%\}", re.DOTALL)
_BLOCK_TAG = re.compile(r"\{%-?\s*(p|tr|tc|r)?\s*(if|for|elif|else|endif|endfor)\b.*?%\}", re.DOTALL)
_BLOCK_BODY = re.compile(r"\{\{-?\s*((?:answer|remark)\.body|body|closing_remarks)\s*-?\}\}")


# (message, hint, fields) of a problem in a template's content: the English texts, translated with
# problem_text where they are shown, since templates' problems are kept in the cache for any language.
ContentProblem = tuple[str, str, dict[str, str]]

TRACKED_CHANGES = (N_("has tracked changes, which every letter would carry"),
                   N_("accept or reject them (Word: Review → Accept → Accept All Changes; "
                      "LibreOffice: Edit → Track Changes → Accept All), then save; or let "
                      "'inquirygen template clean' accept them all, keeping the original"))
COMMENTS = (N_("has comments, which every letter would carry"),
            N_("delete them (Word: Review → Delete → Delete All Comments in Document), then save; or "
               "let 'inquirygen template clean' remove them, keeping the original"))


def problem_text(message: str, hint: str, fields: dict[str, str]) -> tuple[str, str]:
    """A problem of :func:`content_problems` in the user's language: (message, hint)."""
    return _(message).format(**fields), _(hint).format(**fields)


def content_problems(name: str, xml: str) -> list[ContentProblem]:
    """(message, hint, fields) for what in one part of a template would make every letter silently
    wrong.

    Tracked changes and comments would go into every letter and PDF; ``{{ answer.body }}`` without
    the paragraph form prints nothing; text that shares its paragraph with a ``{%p … %}`` tag is
    deleted with the tag's paragraph.
    """
    problems: list[ContentProblem] = []
    if re.search(r"<w:(ins|del|moveFrom|moveTo) ", xml):
        problems.append((*TRACKED_CHANGES, {}))
    if "<w:commentReference" in xml or "<w:commentRangeStart" in xml:
        problems.append((*COMMENTS, {}))
    paragraphs = _paragraphs(xml)
    problems.extend(_blocks_across_cells(paragraphs))
    for text, _place in paragraphs:
        for match in _BLOCK_BODY.finditer(text):
            message = N_("'{tag}' prints nothing: the {value} is paragraphs of its own")
            problems.append((message, N_("write '{{{{p {value} }}}}' alone in its paragraph"),
                             {"tag": match.group(), "value": match.group(1)}))
        tags = _PARAGRAPH_TAG.findall(text)
        rest = _PARAGRAPH_TAG.sub("", text).strip()
        if tags and rest:
            message = N_("the text '{text}' shares its paragraph with '{tag}' and would be deleted "
                         "with it")
            problems.append((message, N_("put the tag alone in a paragraph of its own (press Enter "
                                         "before and after it)"),
                             {"text": rest[:40], "tag": tags[0]}))
    return problems


# Where a paragraph stands: (table, row, cell), counted from 1; None outside tables.
Place = tuple[int, int, int] | None


def _paragraphs(xml: str) -> list[tuple[str, Place]]:
    """Each paragraph's text (without that of paragraphs nested in it: text boxes, frames) and the
    place of the table cell it stands in (table 1, row 2, cell 1), None outside tables."""
    from lxml import etree

    w = f"{{{W_NS}}}"
    root = etree.fromstring(xml.encode("utf-8"))
    tables = {table: number for number, table in enumerate(root.iter(f"{w}tbl"), 1)}
    result: list[tuple[str, Place]] = []
    for paragraph in root.iter(f"{w}p"):
        text = "".join(node.text or "" for node in paragraph.iter(f"{w}t")
                       if next(node.iterancestors(f"{w}p")) is paragraph)
        cell = next(paragraph.iterancestors(f"{w}tc"), None)
        row = cell.getparent() if cell is not None else None
        table = row.getparent() if row is not None else None
        place: Place = None
        if cell is not None and row is not None and table is not None:
            rows = [child for child in table if child.tag == f"{w}tr"]
            cells = [child for child in row if child.tag == f"{w}tc"]
            place = (tables[table], rows.index(row) + 1, cells.index(cell) + 1)
        result.append((text, place))
    return result


def _blocks_across_cells(paragraphs: list[tuple[str, Place]]) -> list[ContentProblem]:
    """A block ({% if %} … {% endif %}, {% for %} … {% endfor %}) that opens in one table cell and
    goes on in another, or outside the table: Jinja would cut the table's XML apart, and the letter
    is broken or silently loses cells. Row tags ({%tr %}) and cell tags ({%tc %}) are made for
    this and are not checked here."""
    problems: list[ContentProblem] = []
    opened: list[tuple[str, str, Place]] = []  # (keyword, tag, place)
    for text, place in paragraphs:
        for match in _BLOCK_TAG.finditer(text):
            form, keyword = match.group(1), match.group(2)
            if form in ("tr", "tc"):
                continue
            if keyword in ("if", "for"):
                opened.append((keyword, match.group(), place))
                continue
            if not opened:
                continue  # an end without a start: Jinja's own check names it
            kind, opener, opened_at = opened[-1]
            if keyword.startswith("end"):
                opened.pop()
            if place != opened_at:
                problems.append(_block_across_cells(opener, opened_at, match.group(), place, kind))
    return problems


def _block_across_cells(opener: str, opened_at: Place, closer: str, place: Place,
                        kind: str) -> ContentProblem:
    fields = {"opener": opener, "closer": closer, "kind": kind}
    if opened_at is not None:
        fields.update(zip(("table", "row", "cell"), map(str, opened_at), strict=True))
    if place is not None:
        fields.update(zip(("closing_table", "closing_row", "closing_cell"), map(str, place),
                          strict=True))
    if opened_at is not None and place is not None:
        message = N_("the block '{opener}' opens in table {table}, row {row}, cell {cell} and its "
                     "'{closer}' stands in table {closing_table}, row {closing_row}, cell "
                     "{closing_cell}; a block cannot reach from one table cell into another")
    elif opened_at is not None:
        message = N_("the block '{opener}' opens in table {table}, row {row}, cell {cell} and its "
                     "'{closer}' stands outside the tables; a block cannot reach from one table cell "
                     "into another")
    else:
        message = N_("the block '{opener}' opens outside the tables and its '{closer}' stands in "
                     "table {closing_table}, row {closing_row}, cell {closing_cell}; a block cannot "
                     "reach from one table cell into another")
    hint = N_("put the start and the end of the block into the same cell, or repeat whole rows "
              "with '{{%tr {kind} … %}}' … '{{%tr end{kind} %}}', each alone in a row")
    return message, hint, fields


# The letter's package -------------------------------------------------------------------------

def write_zip(members: list[tuple[str, bytes]], replaced: dict[str, bytes]) -> bytes:
    """The package: the template's members in their order, replaced parts swapped in, new ones last."""
    buffer = io.BytesIO()
    known = {name for name, _ in members}
    extra = [(name, data) for name, data in replaced.items() if name not in known]
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members + extra:
            info = zipfile.ZipInfo(name, date_time=ZIP_TIMESTAMP)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 3
            info.external_attr = 0o644 << 16
            archive.writestr(info, replaced.get(name, data))
    return buffer.getvalue()


def insert_before(xml: bytes, closing_tag: str, addition: str) -> bytes:
    text = xml.decode("utf-8")
    anchor = text.rfind(closing_tag)
    return (text[:anchor] + addition + text[anchor:]).encode("utf-8")


def add_list_instances(numbering_xml: bytes, instances: str) -> bytes:
    text = numbering_xml.decode("utf-8")
    # w:num elements follow every w:abstractNum; w:numIdMacAtCleanup, if present, comes last.
    anchor = text.find("<w:numIdMacAtCleanup")
    if anchor < 0:
        anchor = text.rfind("</w:numbering>")
    return (text[:anchor] + instances + text[anchor:]).encode("utf-8")
