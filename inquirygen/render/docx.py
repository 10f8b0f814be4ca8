"""Resolved letter → .docx through the office's Word template (docxtpl's Jinja dialect), repeatably.

The template is read and compiled once (docxtpl cleans Word's split runs out of the ``{{ }}`` tags, Jinja
compiles each part); each letter is then one Jinja render per part and one zip write. Response blocks
become paragraphs in the template's named styles (``Antwort``, ``Antwort Aufzählung 1`` …); numbered
lists get a fresh Word list instance each, so they restart at 1 in every answer. The zip members carry a
fixed timestamp and the document properties come from the letter, so the same input and template give
the same bytes on any day.
"""

from __future__ import annotations

import io
import posixpath
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .. import model
from ..errors import TemplateError, display_path

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
R_DOC_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
OFFICE_DOCUMENT = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"
RENDERED_RELATIONSHIPS = {
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/header",
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/footer",
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/footnotes",
}
NUMBERING_RELATIONSHIP = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/numbering"
STYLES_RELATIONSHIP = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles"
IMAGE_RELATIONSHIP = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/image"
CONTENT_TYPES = "[Content_Types].xml"
CORE_PROPERTIES = "docProps/core.xml"
SIGNATURE_RELATIONSHIP_ID = "rIdInquirygenSignature"
# The box a signature image is scaled into (keeping its proportions): the three lines of room
# DIN 5008 leaves for a handwritten signature.
SIGNATURE_MAX_WIDTH_MM, SIGNATURE_MAX_HEIGHT_MM = 60, 15
EMU_PER_MM = 36_000
ZIP_TIMESTAMP = (1980, 1, 1, 0, 0, 0)
MAX_LIST_LEVEL = 3

# The paragraph styles the code writes response blocks in. The names are what the office sees in
# Word's style list; everything about their looks is in the template.
RESPONSE_STYLE = "Antwort"
BULLET_STYLES = tuple(f"Antwort Aufzählung {level}" for level in range(1, MAX_LIST_LEVEL + 1))
NUMBERED_STYLES = tuple(f"Antwort Nummerierung {level}" for level in range(1, MAX_LIST_LEVEL + 1))
REQUIRED_STYLES = (RESPONSE_STYLE, *BULLET_STYLES, *NUMBERED_STYLES)
# Needed only by letters that have tables or footnotes.
TABLE_STYLE = "Antwort Tabelle"
TABLE_CELL_STYLES = {
    (kind, align): f"Tabelle {kind}" + {"right": " rechts", "center": " zentriert"}.get(align, "")
    for kind in ("Kopf", "Text") for align in (None, "left", "right", "center")
}
TABLE_NOTE_STYLE = "Tabelle Anmerkung"
FOOTNOTE_TEXT_STYLE = "footnote text"
FOOTNOTE_REFERENCE_STYLE = "footnote reference"
FOOTNOTES_RELATIONSHIP = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/footnotes"

_BREAK = '</w:t><w:br/><w:t xml:space="preserve">'


def xml_escape(text: str) -> str:
    """Text for an XML element (importing xml.sax.saxutils for this costs a cold run 4 ms)."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


@dataclass(frozen=True)
class _ListStyle:
    style_id: str
    abstract_num_id: str | None
    level: int


class _BlockWriter:
    """Writes one letter's blocks as WordprocessingML in the template's styles.

    It keeps what the letter adds to the template's other parts: a Word list instance for each
    numbered list (so that each restarts at its own start) and the letter's footnotes.
    """

    def __init__(self, template: LetterTemplate):
        self.template = template
        self.next_num_id = template.first_free_num_id
        self.list_instances: list[str] = []
        self.next_footnote_id = template.first_free_footnote_id
        self.footnotes: list[str] = []

    def blocks(self, blocks: tuple[model.Block, ...]) -> _Xml:
        out: list[str] = []
        for block in blocks:
            if isinstance(block, model.Paragraph):
                out.append(self.paragraph(self.template.style_id(RESPONSE_STYLE), block.inlines))
            elif isinstance(block, model.ListBlock):
                self.list(block, 1, out)
            else:
                self.table(block, out)
        return _Xml("".join(out))

    def restart_list(self, style: _ListStyle, start: int) -> int:
        num_id = self.next_num_id
        self.next_num_id += 1
        self.list_instances.append(
            f'<w:num w:numId="{num_id}"><w:abstractNumId w:val="{style.abstract_num_id or 0}"/>'
            f'<w:lvlOverride w:ilvl="{style.level}"><w:startOverride w:val="{start}"/>'
            "</w:lvlOverride></w:num>")
        return num_id

    def list(self, block: model.ListBlock, level: int, out: list[str]) -> None:
        level = min(level, MAX_LIST_LEVEL)  # deeper nesting stays at the deepest styled level
        styles = NUMBERED_STYLES if block.ordered else BULLET_STYLES
        style = self.template.list_styles[styles[level - 1]]
        num_id = self.restart_list(style, block.start) if block.ordered else None
        for item in block.items:
            pending: list[model.Inline] = []
            numbered = False
            for child in item.blocks:
                if isinstance(child, model.Paragraph):
                    if pending:
                        pending.append(model.LineBreak())
                    pending.extend(child.inlines)
                    continue
                # A nested list or table: first write the item's own text.
                out.append(self.paragraph(style.style_id, tuple(pending), num_id, style.level,
                                          suppress_number=numbered))
                numbered, pending = True, []
                if isinstance(child, model.ListBlock):
                    self.list(child, level + 1, out)
                else:
                    self.table(child, out)
            if pending or not numbered:
                out.append(self.paragraph(style.style_id, tuple(pending), num_id, style.level,
                                          suppress_number=numbered))

    def table(self, table: model.Table, out: list[str]) -> None:
        """A Word table in the template's table style, its header row repeated on every page."""
        columns = max(len(table.header), max((len(row) for row in table.rows), default=0), 1)
        width = 5000 // columns  # fiftieths of a percent: the columns share the text width
        grid = "".join(f'<w:gridCol w:w="{width * 2}"/>' for _ in range(columns))

        def row(cells: tuple[model.TableCell, ...], header: bool) -> str:
            kind = "Kopf" if header else "Text"
            xml = []
            for column in range(columns):
                cell = cells[column] if column < len(cells) else model.TableCell(())
                align = table.alignments[column] if column < len(table.alignments) else None
                style = self.template.style_id(TABLE_CELL_STYLES[(kind, align)])
                xml.append(f'<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="pct"/></w:tcPr>'
                           f"{self.paragraph(style, cell.inlines)}</w:tc>")
            properties = "<w:trPr><w:cantSplit/><w:tblHeader/></w:trPr>" if header else \
                "<w:trPr><w:cantSplit/></w:trPr>"
            return f"<w:tr>{properties}{''.join(xml)}</w:tr>"

        out.append(
            f'<w:tbl><w:tblPr><w:tblStyle w:val="{self.template.style_id(TABLE_STYLE)}"/>'
            '<w:tblW w:w="5000" w:type="pct"/>'
            '<w:tblLook w:val="04A0" w:firstRow="1" w:lastRow="0" w:firstColumn="0" '
            'w:lastColumn="0" w:noHBand="0" w:noVBand="1"/></w:tblPr>'
            f"<w:tblGrid>{grid}</w:tblGrid>{row(table.header, True)}"
            + "".join(row(cells, False) for cells in table.rows) + "</w:tbl>")
        for note in table.notes:
            out.append(self.paragraph(self.template.style_id(TABLE_NOTE_STYLE), note.inlines))

    def paragraph(self, style_id: str, inlines: tuple[model.Inline, ...], num_id: int | None = None,
                  level: int = 0, suppress_number: bool = False) -> str:
        numbering = ""
        if suppress_number:
            numbering = '<w:numPr><w:ilvl w:val="0"/><w:numId w:val="0"/></w:numPr>'
        elif num_id is not None:
            numbering = f'<w:numPr><w:ilvl w:val="{level}"/><w:numId w:val="{num_id}"/></w:numPr>'
        runs = "".join(self.run(inline) for inline in inlines)
        return f'<w:p><w:pPr><w:pStyle w:val="{style_id}"/>{numbering}</w:pPr>{runs}</w:p>'

    def run(self, inline: model.Inline) -> str:
        if isinstance(inline, model.LineBreak):
            return "<w:r><w:br/></w:r>"
        if isinstance(inline, model.PageBreak):
            return '<w:r><w:br w:type="page"/></w:r>'
        if isinstance(inline, model.Footnote):
            return self.footnote(inline)
        properties = ""
        if inline.bold or inline.italic:
            properties = "<w:rPr>" + ("<w:b/>" if inline.bold else "") + \
                ("<w:i/>" if inline.italic else "") + "</w:rPr>"
        return f'<w:r>{properties}<w:t xml:space="preserve">{xml_escape(inline.text)}</w:t></w:r>'

    def footnote(self, footnote: model.Footnote) -> str:
        """A real Word footnote: Word numbers it and prints its text at the foot of the page."""
        if self.template.footnotes_part is None:
            raise TemplateError(f"template '{display_path(self.template.path)}' has no footnotes; "
                                "add a footnote in Word once and delete it again, then save")
        reference_style = self.template.style_id(FOOTNOTE_REFERENCE_STYLE)
        reference = f'<w:rPr><w:rStyle w:val="{reference_style}"/></w:rPr>'
        footnote_id = self.next_footnote_id
        self.next_footnote_id += 1
        text = "".join(self.run(inline) for inline in footnote.inlines
                       if not isinstance(inline, model.Footnote))
        self.footnotes.append(
            f'<w:footnote w:id="{footnote_id}"><w:p><w:pPr><w:pStyle '
            f'w:val="{self.template.style_id(FOOTNOTE_TEXT_STYLE)}"/></w:pPr><w:r>{reference}<w:footnoteRef/></w:r>'
            f'<w:r><w:t xml:space="preserve"> </w:t></w:r>{text}</w:p></w:footnote>')
        return f'<w:r>{reference}<w:footnoteReference w:id="{footnote_id}"/></w:r>'


class LetterTemplate:
    """A Word template read and compiled once, ready to render any number of letters."""

    def __init__(self, path: Path, members: list[tuple[str, bytes]], compiled: dict[str, Any],
                 numbering_part: str | None, styles: dict[str, str],
                 list_styles: dict[str, _ListStyle], first_free_num_id: int, main_part: str,
                 footnotes_part: str | None, first_free_footnote_id: int):
        self.path = path
        self.main_part = main_part
        self.footnotes_part = footnotes_part
        self.first_free_footnote_id = first_free_footnote_id
        self.members = members
        self.parts = dict(members)
        self.compiled = compiled
        self.numbering_part = numbering_part
        self.styles = styles
        self.list_styles = list_styles
        self.first_free_num_id = first_free_num_id

    @property
    def name(self) -> str:
        return self.path.name

    # -- loading -------------------------------------------------------------------------------

    @classmethod
    def load(cls, path: Path) -> LetterTemplate:
        """Read and compile ``path``; raises :class:`TemplateError` naming the template and the part."""
        shown = display_path(path)
        files = read_template(path)
        members, parts, main_part, related = files.members, files.parts, files.main_part, files.related
        compiled = {name: _compile_part(name, source, shown) for name, source in files.sources.items()}
        styles_part = next((t for k, t in related if k == STYLES_RELATIONSHIP), None)
        numbering_part = next((t for k, t in related if k == NUMBERING_RELATIONSHIP), None)
        styles, style_numbering = _read_styles(parts.get(styles_part, b""))
        num_to_abstract, max_num_id = _read_numbering(parts.get(numbering_part, b""))
        missing = [name for name in REQUIRED_STYLES if name not in styles]
        if missing:
            raise TemplateError(
                f"template '{shown}' lacks the paragraph style{'s' if len(missing) > 1 else ''} "
                f"{', '.join(repr(m) for m in missing)} that answers are written in")
        list_styles = {}
        for name in (*BULLET_STYLES, *NUMBERED_STYLES):
            num_id, level = style_numbering.get(styles[name], (None, 0))
            if name in NUMBERED_STYLES and num_id not in num_to_abstract:
                raise TemplateError(
                    f"template '{shown}': the style '{name}' has no numbering; give it a numbered "
                    "list format (Word: Format → Numbering), so that numbered answers count")
            list_styles[name] = _ListStyle(styles[name], num_to_abstract.get(num_id), level)
        footnotes_part = next((t for k, t in related if k == FOOTNOTES_RELATIONSHIP and t in parts),
                              None)
        footnote_ids = [int(i) for i in re.findall(rb'<w:footnote\b[^>]*\bw:id="(-?\d+)"',
                                                   parts.get(footnotes_part, b""))]
        return cls(path, members, compiled, numbering_part, styles, list_styles, max_num_id + 1,
                   main_part, footnotes_part, max(footnote_ids + [0]) + 1)

    def style_id(self, name: str) -> str:
        """The id of a style the code writes text in; raises :class:`TemplateError` if it is missing."""
        try:
            return self.styles[name]
        except KeyError:
            raise TemplateError(f"template '{display_path(self.path)}' lacks the style '{name}'; "
                                "add it in Word or LibreOffice (see the README's list of styles)") \
                from None

    # -- rendering -----------------------------------------------------------------------------

    def render(self, letter: model.Letter) -> bytes:
        """The .docx bytes of ``letter``; raises :class:`TemplateError` if the template cannot be filled."""
        from jinja2 import TemplateError as JinjaError
        from lxml import etree

        writer = _BlockWriter(self)
        context = self.context(letter, writer)
        added: dict[str, bytes] = {}
        if letter.signatory.signature is not None:
            drawing, added = self.signature_parts(letter.signatory)
            context["signatory"]["signature"] = drawing
        rendered: dict[str, bytes] = {}
        for part, template in self.compiled.items():
            try:
                xml = template.render(context)
            except JinjaError as error:
                raise TemplateError(f"template '{display_path(self.path)}' ({part}): "
                                    f"{_jinja_message(error)}") from None
            xml = (xml.replace("\n<w:p>", "<w:p>").replace("\n<w:p ", "<w:p ")
                   .replace("{_{", "{{").replace("}_}", "}}").replace("{_%", "{%").replace("%_}", "%}"))
            data = xml.encode("utf-8")
            try:
                etree.fromstring(data)
            except etree.XMLSyntaxError as error:  # a template edit broke the XML structure
                raise TemplateError(f"template '{display_path(self.path)}' ({part}) produced a "
                                    f"broken document: {error}") from None
            rendered[part] = data
        if self.numbering_part and writer.list_instances:
            rendered[self.numbering_part] = _add_list_instances(
                self.parts[self.numbering_part], "".join(writer.list_instances))
        if writer.footnotes:
            rendered[self.footnotes_part] = _insert_before(
                rendered.get(self.footnotes_part, self.parts[self.footnotes_part]),
                "</w:footnotes>", "".join(writer.footnotes))
        rendered[CORE_PROPERTIES] = core_properties_xml(letter)
        return _write_zip(self.members, {**rendered, **added})

    def signature_parts(self, signatory: model.Signatory) -> tuple[_Xml, dict[str, bytes]]:
        """The drawing of the signature image, and the package parts that carry it."""
        from docx.image.image import Image

        data = signatory.signature.read_bytes()
        image = Image.from_blob(data)
        extension = "png" if image.content_type == "image/png" else "jpeg"
        width = image.px_width / (image.horz_dpi or 96) * 25.4
        height = image.px_height / (image.vert_dpi or 96) * 25.4
        scale = min(SIGNATURE_MAX_WIDTH_MM / width, SIGNATURE_MAX_HEIGHT_MM / height)
        cx, cy = round(width * scale * EMU_PER_MM), round(height * scale * EMU_PER_MM)
        alt = xml_escape(_one_line(signatory.signature_alt or f"Unterschrift {signatory.name}"))
        alt = alt.replace('"', "&quot;")
        media = f"media/inquirygen-signature.{extension}"
        folder, file = posixpath.split(self.main_part)
        rels_part = posixpath.join(folder, "_rels", f"{file}.rels")
        rels = self.parts[rels_part].decode("utf-8")
        relationship = (f'<Relationship Id="{SIGNATURE_RELATIONSHIP_ID}" Type="{IMAGE_RELATIONSHIP}" '
                        f'Target="{media}"/>')
        content_types = self.parts[CONTENT_TYPES].decode("utf-8")
        if f'extension="{extension}"' not in content_types.lower():
            content_types = content_types.replace(
                "</Types>", f'<Default Extension="{extension}" ContentType="image/{extension}"/></Types>')
        drawing = (
            '</w:t></w:r><w:r><w:drawing>'
            '<wp:inline xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
            'distT="0" distB="0" distL="0" distR="0">'
            f'<wp:extent cx="{cx}" cy="{cy}"/><wp:docPr id="1" name="Unterschrift" descr="{alt}"/>'
            '<a:graphic xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main">'
            '<a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/picture">'
            '<pic:pic xmlns:pic="http://schemas.openxmlformats.org/drawingml/2006/picture">'
            f'<pic:nvPicPr><pic:cNvPr id="0" name="Unterschrift" descr="{alt}"/><pic:cNvPicPr/>'
            f'</pic:nvPicPr><pic:blipFill>'
            f'<a:blip xmlns:r="{R_DOC_NS}" r:embed="{SIGNATURE_RELATIONSHIP_ID}"/>'
            '<a:stretch><a:fillRect/></a:stretch></pic:blipFill><pic:spPr>'
            f'<a:xfrm><a:off x="0" y="0"/><a:ext cx="{cx}" cy="{cy}"/></a:xfrm>'
            '<a:prstGeom prst="rect"><a:avLst/></a:prstGeom></pic:spPr></pic:pic>'
            '</a:graphicData></a:graphic></wp:inline></w:drawing></w:r><w:r><w:t xml:space="preserve">'
        )
        parts = {
            posixpath.join(folder, media): data,
            rels_part: rels.replace("</Relationships>", relationship + "</Relationships>").encode(),
            CONTENT_TYPES: content_types.encode("utf-8"),
        }
        return _Xml(drawing), parts

    def context(self, letter: model.Letter, writer: _BlockWriter) -> dict[str, Any]:
        """What the template sees (documented in the README under "Template variables")."""
        contact = letter.contact
        return _for_docx({
            "office": {
                "name": letter.office.name,
                "letterhead": list(letter.office.letterhead),
                "return_address": letter.office.return_address,
                "footer": list(letter.office.footer),
            },
            "recipient": {"address": list(letter.recipient_address), "salutation": letter.salutation},
            "inquiry": model.printable_inquiry(letter.inquiry),
            "letter": {
                "date": model.format_date(letter.date),
                "date_long": model.format_date_long(letter.date),
                "title": letter.title,
                "file_ref": letter.file_ref or "",
                "contact": {
                    "name": contact.name or "", "phone": contact.phone or "",
                    "email": contact.email or "", "room": contact.room or "",
                },
                "intro": letter.intro or "",
                "intro_given": letter.intro_given or "",
                "closing": letter.closing,
                "enclosures": list(letter.enclosures),
                "enclosures_label": "Anlage" if len(letter.enclosures) == 1 else "Anlagen",
                "copies_to": list(letter.copies_to),
            },
            "answers": [
                {
                    "questions": [{"label": q.label, "number": q.number, "reference": q.reference,
                                   "text": q.text, "id": q.id or "", "sub": q.sub}
                                  for q in answer.questions],
                    "body": writer.blocks(answer.blocks),
                }
                for answer in letter.answers
            ],
            "remarks": [{"title": section.title, "body": writer.blocks(section.blocks)}
                        for section in letter.remarks],
            "body": writer.blocks(letter.body),
            "closing_remarks": writer.blocks(letter.closing_remarks),
            "signatory": {
                "name": letter.signatory.name,
                "title": letter.signatory.title or "",
                "capacity": letter.signatory.capacity or "",
                "signature": "",  # the drawing, when the signatory has an image
            },
        })

class _Xml(str):
    """WordprocessingML the code built itself: Jinja's autoescape leaves it as it is."""

    def __html__(self) -> str:
        return str(self)


def _for_docx(value: Any) -> Any:
    """Map text for the template: a vertical tab (Word's Shift+Enter, pasted) becomes a line break."""
    if isinstance(value, _Xml):
        return value
    if isinstance(value, str):
        if "\x0b" in value:
            return _Xml(_BREAK.join(xml_escape(part) for part in value.split("\x0b")))
        return value
    if isinstance(value, dict):
        return {key: _for_docx(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_for_docx(item) for item in value]
    return value


def core_properties_xml(letter: model.Letter) -> bytes:
    """Document properties from the letter itself (never the clock), so output is repeatable."""
    stamp = f"{letter.date.isoformat()}T00:00:00Z"
    title = xml_escape(_one_line(letter.title))
    author = xml_escape(_one_line(letter.office.name))
    subject = xml_escape(f"Antwort auf die Anfrage vom {model.format_date(letter.inquiry.date)}")
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/'
        'core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" '
        'xmlns:dcterms="http://purl.org/dc/terms/" xmlns:dcmitype="http://purl.org/dc/dcmitype/" '
        'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
        f"<dc:title>{title}</dc:title><dc:subject>{subject}</dc:subject>"
        f"<dc:creator>{author}</dc:creator><cp:lastModifiedBy>{author}</cp:lastModifiedBy>"
        "<dc:language>de-DE</dc:language><cp:revision>1</cp:revision>"
        f'<dcterms:created xsi:type="dcterms:W3CDTF">{stamp}</dcterms:created>'
        f'<dcterms:modified xsi:type="dcterms:W3CDTF">{stamp}</dcterms:modified>'
        "</cp:coreProperties>"
    ).encode()


def _one_line(text: str) -> str:
    return " ".join(text.replace("\x0b", " ").split())


def _write_zip(members: list[tuple[str, bytes]], replaced: dict[str, bytes]) -> bytes:
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


def _insert_before(xml: bytes, closing_tag: str, addition: str) -> bytes:
    text = xml.decode("utf-8")
    anchor = text.rfind(closing_tag)
    return (text[:anchor] + addition + text[anchor:]).encode("utf-8")


def _add_list_instances(numbering_xml: bytes, instances: str) -> bytes:
    text = numbering_xml.decode("utf-8")
    # w:num elements follow every w:abstractNum; w:numIdMacAtCleanup, if present, comes last.
    anchor = text.find("<w:numIdMacAtCleanup")
    if anchor < 0:
        anchor = text.rfind("</w:numbering>")
    return (text[:anchor] + instances + text[anchor:]).encode("utf-8")


def _main_document_part(parts: dict[str, bytes], shown: str) -> str:
    from lxml import etree

    try:
        rels = etree.fromstring(parts["_rels/.rels"])
    except (KeyError, etree.XMLSyntaxError):
        raise TemplateError(f"template '{shown}' is not a Word document (no package relationships)") \
            from None
    for rel in rels.iter(f"{{{R_NS}}}Relationship"):
        if rel.get("Type") == OFFICE_DOCUMENT:
            name = rel.get("Target", "").lstrip("/")
            if name in parts:
                return name
    raise TemplateError(f"template '{shown}' is not a Word document (no main document part)")


def _relationships(parts: dict[str, bytes], part: str) -> list[tuple[str, str]]:
    from lxml import etree

    folder, file = posixpath.split(part)
    rels_name = posixpath.join(folder, "_rels", f"{file}.rels")
    if rels_name not in parts:
        return []
    result = []
    for rel in etree.fromstring(parts[rels_name]).iter(f"{{{R_NS}}}Relationship"):
        if rel.get("TargetMode") == "External":
            continue
        target = posixpath.normpath(posixpath.join(folder, rel.get("Target", "")))
        result.append((rel.get("Type"), target.lstrip("/")))
    return result


def _read_styles(styles_xml: bytes) -> tuple[dict[str, str], dict[str, tuple[str | None, int]]]:
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
        name = style.find(f"{w}name")
        if style_id is None:
            continue
        names[name.get(f"{w}val") if name is not None else style_id] = style_id
        num_pr = style.find(f"{w}pPr/{w}numPr")
        if num_pr is not None:
            num_id = num_pr.find(f"{w}numId")
            ilvl = num_pr.find(f"{w}ilvl")
            numbering[style_id] = (num_id.get(f"{w}val") if num_id is not None else None,
                                   int(ilvl.get(f"{w}val")) if ilvl is not None else 0)
    return names, numbering


def _read_numbering(numbering_xml: bytes) -> tuple[dict[str, str], int]:
    from lxml import etree

    if not numbering_xml:
        return {}, 0
    w = f"{{{W_NS}}}"
    mapping = {}
    for num in etree.fromstring(numbering_xml).iter(f"{w}num"):
        abstract = num.find(f"{w}abstractNumId")
        if abstract is not None:
            mapping[num.get(f"{w}numId")] = abstract.get(f"{w}val")
    highest = max((int(n) for n in mapping if n and n.isdigit()), default=0)
    return mapping, highest


def _compile_part(name: str, source: str, shown: str):
    from jinja2 import TemplateSyntaxError

    environment = _template_environment()
    try:
        # Through the environment's loader, so that Jinja's bytecode cache can skip compiling.
        _SOURCES[name] = source
        return environment.get_template(name)
    except TemplateSyntaxError as error:
        context = re.sub(r"<[^>]+>", "", source.split("\n")[(error.lineno or 1) - 1])[:80]
        raise TemplateError(f"template '{shown}' ({name}): Jinja syntax error: {error.message}"
                            + (f" near '{context.strip()}'" if context.strip() else "")) from None
    finally:
        _SOURCES.pop(name, None)


@dataclass(frozen=True)
class _TemplateFiles:
    members: list[tuple[str, bytes]]
    parts: dict[str, bytes]
    main_part: str
    related: list[tuple[str, str]]
    sources: dict[str, str]  # Jinja source of each part that is rendered
    required: frozenset[str]  # answer-file values the template prints unconditionally


_READ: dict[tuple, _TemplateFiles] = {}


def read_template(path: Path) -> _TemplateFiles:
    """The parts of a template and their Jinja sources; read once per process and template version.

    The checks (required values) and the writer both need them, for every letter of a batch.
    """
    try:
        info = path.stat()
        key = (str(path.resolve()), info.st_mtime_ns, info.st_size)
    except OSError:
        key = None
    if key is None or key not in _READ:
        files = _read_template_files(path)
        if key is None:
            return files
        _READ[key] = files
    return _READ[key]


def _read_template_files(path: Path) -> _TemplateFiles:
    """Read and check one template; its Jinja sources come from the cache when seen before.

    The clean-up depends only on the template's bytes, so it is cached under their hash; a cold
    run on a known template then needs neither docxtpl nor python-docx.
    """
    from .. import cache

    shown = display_path(path)
    try:
        if path.stat().st_size > MAX_TEMPLATE_BYTES:
            raise TemplateError(f"template '{shown}' is larger than {MAX_TEMPLATE_BYTES // 2**20} MiB")
        raw = path.read_bytes()
        with zipfile.ZipFile(io.BytesIO(raw)) as archive:
            _check_sizes(archive, shown)
            members = [(info.filename, archive.read(info)) for info in archive.infolist()]
    except FileNotFoundError:
        raise TemplateError(f"template '{shown}' not found") from None
    except (zipfile.BadZipFile, OSError) as error:
        raise TemplateError(f"template '{shown}' is not a Word document (.docx): {error}") from None
    parts = dict(members)
    _check_external_relationships(parts, shown)
    main_part = _main_document_part(parts, shown)
    related = _relationships(parts, main_part)
    rendered = [main_part] + [target for kind, target in related
                              if kind in RENDERED_RELATIONSHIPS and target in parts]
    key = cache.key("template", raw)
    cached = cache.read_json(key)
    if not isinstance(cached, dict) or set(cached.get("sources", ())) != set(rendered):
        sources = {name: _patch_tags(parts[name].decode("utf-8")) for name in rendered}
        cached = {"sources": sources, "required": sorted(_required_values(sources.values()))}
        cache.write_json(key, cached)
    return _TemplateFiles(members, parts, main_part, related, cached["sources"],
                          frozenset(cached["required"]))


# A letter template is some 10 to 100 KiB; a logo makes it a few MiB. Far more is an accident or
# a zip bomb (a small file that unpacks to gigabytes).
MAX_TEMPLATE_BYTES = 20 * 2**20
MAX_UNPACKED_BYTES = 100 * 2**20
MAX_MEMBERS = 1000
HYPERLINK_RELATIONSHIP = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink"


def _check_sizes(archive: zipfile.ZipFile, shown: str) -> None:
    infos = archive.infolist()
    unpacked = sum(info.file_size for info in infos)
    if len(infos) > MAX_MEMBERS or unpacked > MAX_UNPACKED_BYTES:
        raise TemplateError(f"template '{shown}' unpacks to {unpacked / 2**20:.0f} MiB in "
                            f"{len(infos)} parts, more than a letter template can need; refused")


def _check_external_relationships(parts: dict[str, bytes], shown: str) -> None:
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
            raise TemplateError(f"template '{shown}' has a broken part ({name})") from None
        for rel in root.iter(f"{{{R_NS}}}Relationship"):
            if rel.get("TargetMode") == "External" and rel.get("Type") != HYPERLINK_RELATIONSHIP:
                raise TemplateError(
                    f"template '{shown}' loads '{rel.get('Target')}' from outside the document "
                    f"({rel.get('Type', '').rsplit('/', 1)[-1]}); refused, since Word would fetch "
                    "it when the letter is opened. Save the template again without it.")


def template_requirements(path: Path) -> frozenset[str]:
    """The answer-file values (``inquiry.reference`` …) that ``path`` prints without asking first.

    Raises :class:`TemplateError` when the template cannot be read.
    """
    return read_template(path).required


# Values an answer file may leave out, which a template can still insist on, and where they go.
OPTIONAL_VALUES = {
    "inquiry.questioner": ("inquiry", "questioner"),
    "inquiry.reference": ("inquiry", "reference"),
    "inquiry.kind": ("inquiry", "kind"),
    "inquiry.received": ("inquiry", "received"),
    "letter.file_ref": ("letter", "file_ref"),
    "letter.contact.name": ("letter", "contact", "name"),
    "letter.contact.phone": ("letter", "contact", "phone"),
    "letter.contact.email": ("letter", "contact", "email"),
    "letter.contact.room": ("letter", "contact", "room"),
}


def _required_values(sources) -> set[str]:
    """Optional values printed outside any ``{% if %}`` that tests them: the template needs them."""
    from jinja2 import TemplateSyntaxError, nodes

    used: set[str] = set()
    tested: set[str] = set()
    for source in sources:
        try:
            tree = _template_environment().parse(source)
        except TemplateSyntaxError:
            continue  # compiling the part reports it with the template's name
        for node in tree.find_all(nodes.If):
            tested.update(_dotted_names(node.test))
        for node in tree.find_all(nodes.Output):
            used.update(_dotted_names(node))
    return (used - tested) & set(OPTIONAL_VALUES)


def _dotted_names(node) -> set[str]:
    from jinja2 import nodes

    names = set()
    candidates = [node] if isinstance(node, nodes.Getattr) else []
    for getattr_node in [*candidates, *node.find_all(nodes.Getattr)]:
        parts = [getattr_node.attr]
        inner = getattr_node.node
        while isinstance(inner, nodes.Getattr):
            parts.append(inner.attr)
            inner = inner.node
        if isinstance(inner, nodes.Name):
            names.add(".".join([inner.name, *reversed(parts)]))
    return names


def _patch_tags(xml: str) -> str:
    """docxtpl's clean-up of Word's XML around ``{{ }}``, ``{%p %}``, ``{%tr %}`` and friends."""
    from docxtpl.template import DocxTemplate

    # patch_xml only needs the regular expressions of the class, not a loaded document.
    patched = DocxTemplate.patch_xml(DocxTemplate.__new__(DocxTemplate), xml)
    # One paragraph per line, as docxtpl does, so that Jinja's line numbers point somewhere useful.
    return re.sub(r"<w:p([ >])", r"\n<w:p\1", patched)


_ENVIRONMENT = None
_SOURCES: dict[str, str] = {}


def _template_environment():
    global _ENVIRONMENT
    if _ENVIRONMENT is None:
        from jinja2 import FunctionLoader, StrictUndefined
        from jinja2.sandbox import SandboxedEnvironment

        from .. import cache

        # Autoescape turns '&' and '<' into XML entities exactly once; the document title is
        # written by core_properties_xml and never passes through Jinja, so it is not escaped twice.
        _ENVIRONMENT = SandboxedEnvironment(
            autoescape=True, undefined=StrictUndefined, cache_size=0,
            loader=FunctionLoader(lambda name: (_SOURCES[name], None, lambda: False)),
            bytecode_cache=cache.jinja_bytecode_cache())
    return _ENVIRONMENT


def _jinja_message(error: Exception) -> str:
    message = getattr(error, "message", None) or str(error)
    match = re.match(r"'([^']+)' is undefined", message)
    if match:
        return f"the template asks for '{match.group(1)}', which inquirygen does not provide"
    match = re.match(r"'[^']+' has no attribute '([^']+)'", message)
    if match:
        return f"the template asks for '{match.group(1)}', which inquirygen does not provide"
    return message
