"""WordprocessingML spelled out: response blocks as paragraphs, lists, tables, footnotes, images; the zip.

Response blocks become paragraphs in the template's named styles (``Antwort``, ``Antwort Aufzählung 1``
…); numbered lists get a fresh Word list instance each, so they restart at 1 in every answer. The zip
members carry a fixed timestamp and the document properties come from the letter, so the same input
and template give the same bytes on any day.
"""

from __future__ import annotations

import posixpath
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Protocol

from ... import model
from ...errors import InquirygenError, TemplateError, display_path
from ...frozen import frozen
from ...i18n import _
from ...images import image_info
from ...letter import DocumentProperties, Image
from ...textwidth import line_width_mm

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
R_DOC_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
IMAGE_RELATIONSHIP = f"{R_DOC_NS}/image"
CONTENT_TYPES = "[Content_Types].xml"
CORE_PROPERTIES = "docProps/core.xml"
EMPTY_RELATIONSHIPS = (b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                       b'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
                       b'relationships"></Relationships>')
# The boxes images are scaled into (keeping their proportions): the three lines of room DIN 5008
# leaves for a handwritten signature; a logo beside the letterhead, above the address field.
SIGNATURE_MAX_WIDTH_MM, SIGNATURE_MAX_HEIGHT_MM = 60, 15
LOGO_MAX_WIDTH_MM, LOGO_MAX_HEIGHT_MM = 40, 20
EMU_PER_MM = 36_000
MAX_LIST_LEVEL = 3

# The paragraph styles the code writes response blocks in. The names are what the office sees in
# Word's style list; everything about their looks is in the template.
RESPONSE_STYLE = "Antwort"
# The letter's last paragraph before the closing, where the template has the style: it keeps with the
# closing (keep-with-next in the template), so that its last lines go along to a new page.
LAST_RESPONSE_STYLE = "Antwort Schluss"
# A list's last item, where the template has the style: the spacing after it that after a paragraph.
LIST_END_STYLE = "Antwort Listenende"
BULLET_STYLES = tuple(f"Antwort Aufzählung {level}" for level in range(1, MAX_LIST_LEVEL + 1))
NUMBERED_STYLES = tuple(f"Antwort Nummerierung {level}" for level in range(1, MAX_LIST_LEVEL + 1))
REQUIRED_STYLES = (RESPONSE_STYLE, *BULLET_STYLES, *NUMBERED_STYLES)
# Needed only by letters that have tables or footnotes.
TABLE_STYLE = "Antwort Tabelle"
TABLE_CELL_STYLES = {
    (kind, align): f"Tabelle {kind}" + {"right": " rechts", "center": " zentriert"}.get(align or "", "")
    for kind in ("Kopf", "Text") for align in (None, "left", "right", "center")
}
TABLE_NOTE_STYLE = "Tabelle Anmerkung"
HEADING_STYLE = "Zwischenüberschrift"  # needed only by letters with headed sections
FOOTNOTE_TEXT_STYLE = "footnote text"
FOOTNOTE_REFERENCE_STYLE = "footnote reference"

TEXT_WIDTH_MM = 165.0  # A4 less the DIN 5008 margins (25 mm left, 20 mm right)
BREAK = '</w:t><w:br/><w:t xml:space="preserve">'


def xml_escape(text: str) -> str:
    """Text for an XML element (importing xml.sax.saxutils for this costs a cold run 4 ms)."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def one_line(text: str) -> str:
    """Text for a property or an attribute: line breaks and runs of white space become one space."""
    return " ".join(text.replace("\x0b", " ").split())


class Xml(str):
    """WordprocessingML the code built itself: Jinja's autoescape leaves it as it is."""

    __slots__ = ()

    def __html__(self) -> str:
        return str(self)


@frozen
class ListStyle:
    """A list paragraph style of the template and the Word list it is numbered by."""

    style_id: str
    abstract_num_id: str | None
    level: int


class StyleSheet(Protocol):
    """What the block writer needs to know of a template: its styles and free ids."""

    @property
    def list_styles(self) -> dict[str, ListStyle]: ...
    @property
    def first_free_num_id(self) -> int: ...
    @property
    def first_free_footnote_id(self) -> int: ...
    @property
    def has_footnotes(self) -> bool: ...
    @property
    def path(self) -> Path: ...
    def style_id(self, name: str) -> str: ...


def _single_line(block: model.Block) -> bool:
    """Whether a paragraph fits one line of the shipped templates' text width (165 mm at 11 pt)."""
    text = model.inline_text(block.inlines) if isinstance(block, model.Paragraph) else ""
    return "\n" not in text and line_width_mm(text) < TEXT_WIDTH_MM


class BlockWriter:
    """Writes one letter's blocks as WordprocessingML in the template's styles.

    It keeps what the letter adds to the template's other parts: a Word list instance for each
    numbered list (so that each restarts at its own start) and the letter's footnotes.
    """

    def __init__(self, styles: StyleSheet):
        self.styles = styles
        self.next_num_id = styles.first_free_num_id
        self.list_instances: list[str] = []
        self.next_footnote_id = styles.first_free_footnote_id
        self.footnotes: list[str] = []

    def blocks(self, blocks: tuple[model.Block, ...], last: bool = False) -> Xml:
        """The blocks in the template's styles; ``last`` when the closing follows them.

        The last paragraph before the closing keeps with it; when it is a single line, the paragraph
        before it keeps with it too, so that at least two lines of text go along to a new page.
        """
        out: list[str] = []
        keep_from = len(blocks) - 1
        if last and len(blocks) >= 2 and all(isinstance(b, model.Paragraph) for b in blocks[-2:]) \
                and _single_line(blocks[-1]):
            keep_from -= 1
        for index, block in enumerate(blocks):
            if isinstance(block, model.Paragraph):
                style_id = self.styles.style_id(RESPONSE_STYLE)
                if last and index >= keep_from:
                    style_id = self.optional_style_id(LAST_RESPONSE_STYLE, style_id)
                out.append(self.paragraph(style_id, block.inlines))
            elif isinstance(block, model.Heading):
                out.append(self.paragraph(self.styles.style_id(HEADING_STYLE),
                                          tuple(model.split_breaks(block.text))))
            elif isinstance(block, model.ListBlock):
                self.list_block(block, 1, out, end=True, last=last and index == len(blocks) - 1)
            else:
                self.table(block, out)
        return Xml("".join(out))

    def optional_style_id(self, name: str, fallback: str) -> str:
        """The id of a style a template may lack (its place is then ``fallback``'s)."""
        try:
            return self.styles.style_id(name)
        except TemplateError:
            return fallback

    def restart_list(self, style: ListStyle, start: int) -> int:
        num_id = self.next_num_id
        self.next_num_id += 1
        self.list_instances.append(
            f'<w:num w:numId="{num_id}"><w:abstractNumId w:val="{style.abstract_num_id or 0}"/>'
            f'<w:lvlOverride w:ilvl="{style.level}"><w:startOverride w:val="{start}"/>'
            "</w:lvlOverride></w:num>")
        return num_id

    def list_block(self, block: model.ListBlock, level: int, out: list[str], end: bool = False,
                   last: bool = False) -> None:
        """A list; ``end`` when nothing of the list follows it (its last line gets the spacing after
        a paragraph), ``last`` when the closing follows it (its last line keeps with the closing)."""
        level = min(level, MAX_LIST_LEVEL)  # deeper nesting stays at the deepest styled level
        styles = NUMBERED_STYLES if block.ordered else BULLET_STYLES
        style = self.styles.list_styles[styles[level - 1]]
        num_id = self.restart_list(style, block.start) if block.ordered else None
        for number, item in enumerate(block.items, 1):
            pending: list[model.Inline] = []
            numbered, final = False, number == len(block.items)
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
                    at_end = final and child is item.blocks[-1]
                    self.list_block(child, level + 1, out, end=end and at_end, last=last and at_end)
                else:
                    out.append(self.blocks((child,)))
            if pending or not numbered:
                style_id = style.style_id
                if final and (end or last):
                    style_id = self.optional_style_id(LAST_RESPONSE_STYLE if last else LIST_END_STYLE,
                                                      style_id)
                if style_id != style.style_id and num_id is None:  # the numbering, not the style's
                    num_id = self.restart_list(style, 1)
                out.append(self.paragraph(style_id, tuple(pending), num_id, style.level,
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
                style = self.styles.style_id(TABLE_CELL_STYLES[(kind, align)])
                xml.append(f'<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="pct"/></w:tcPr>'
                           f"{self.paragraph(style, cell.inlines)}</w:tc>")
            properties = "<w:trPr><w:cantSplit/><w:tblHeader/></w:trPr>" if header else \
                "<w:trPr><w:cantSplit/></w:trPr>"
            return f"<w:tr>{properties}{''.join(xml)}</w:tr>"

        out.append(
            f'<w:tbl><w:tblPr><w:tblStyle w:val="{self.styles.style_id(TABLE_STYLE)}"/>'
            '<w:tblW w:w="5000" w:type="pct"/>'
            '<w:tblLook w:val="04A0" w:firstRow="1" w:lastRow="0" w:firstColumn="0" '
            'w:lastColumn="0" w:noHBand="0" w:noVBand="1"/></w:tblPr>'
            f"<w:tblGrid>{grid}</w:tblGrid>{row(table.header, True)}"
            + "".join(row(cells, False) for cells in table.rows) + "</w:tbl>")
        for note in table.notes:
            out.append(self.paragraph(self.styles.style_id(TABLE_NOTE_STYLE), note.inlines))

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
        if not self.styles.has_footnotes:
            raise TemplateError(_("template '{template}' has no footnotes; add a footnote in Word "
                                  "once and delete it again, then save").format(
                                      template=display_path(self.styles.path)))
        reference_style = self.styles.style_id(FOOTNOTE_REFERENCE_STYLE)
        reference = f'<w:rPr><w:rStyle w:val="{reference_style}"/></w:rPr>'
        footnote_id = self.next_footnote_id
        self.next_footnote_id += 1
        text = "".join(self.run(inline) for inline in footnote.inlines
                       if not isinstance(inline, model.Footnote))
        self.footnotes.append(
            f'<w:footnote w:id="{footnote_id}"><w:p><w:pPr><w:pStyle '
            f'w:val="{self.styles.style_id(FOOTNOTE_TEXT_STYLE)}"/></w:pPr><w:r>{reference}'
            f'<w:footnoteRef/></w:r><w:r><w:t xml:space="preserve"> </w:t></w:r>{text}</w:p>'
            "</w:footnote>")
        return f'<w:r>{reference}<w:footnoteReference w:id="{footnote_id}"/></w:r>'


@frozen
class Picture:
    """How one kind of image goes into the letter: its relationship id, file, shape and box.

    The image is scaled into the box (in mm), keeping its proportions: geometry of the picture, as a
    photo has a size; where and how it stands is the template's paragraph.
    """

    relationship_id: str
    media_name: str
    shape_id: int  # the document's shapes count from 1; ours stand apart from a template's own
    shape_name: str
    max_width_mm: float
    max_height_mm: float


# The room DIN 5008 leaves for a handwritten signature (three lines), and the letterhead's logo.
SIGNATURE_PICTURE = Picture("rIdInquirygenSignature", "inquirygen-signature", 1, "Unterschrift",
                            SIGNATURE_MAX_WIDTH_MM, SIGNATURE_MAX_HEIGHT_MM)
LOGO_PICTURE = Picture("rIdInquirygenLogo", "inquirygen-logo", 2, "Logo",
                       LOGO_MAX_WIDTH_MM, LOGO_MAX_HEIGHT_MM)


def image_parts(image: Image, picture: Picture, parts: Mapping[str, bytes], shown_in: Iterable[str]
                ) -> tuple[Xml, dict[str, bytes]]:
    """The drawing of an image, and the package parts that carry it.

    ``shown_in`` are the parts whose text prints the drawing (the main document for a signature, the
    first page's header for a logo): each gets the relationship to the image in its own ``.rels``.
    ``parts`` holds the package as it stands, with what earlier images added. Raises
    :class:`InquirygenError` when the file is no longer the image that was checked.
    """
    try:
        data, reason = image.path.read_bytes(), None
    except OSError as error:
        # Translators: why an image cannot be used, in parentheses after its name
        data, reason = b"", error.strerror or _("cannot be read")
    info = image_info(data)
    if info is None:  # checked when the letter was resolved; changed or gone since
        shown = display_path(image.path)
        if reason is None:
            raise InquirygenError(_("the image '{path}' changed while the letter was written (no "
                                    "longer a PNG or JPEG image); build it again").format(path=shown))
        raise InquirygenError(_("the image '{path}' changed while the letter was written ({reason}); "
                                "build it again").format(path=shown, reason=reason))
    extension = info.kind
    width, height = info.size_mm
    scale = min(picture.max_width_mm / width, picture.max_height_mm / height)
    cx, cy = round(width * scale * EMU_PER_MM), round(height * scale * EMU_PER_MM)
    alt = xml_escape(one_line(image.alt)).replace('"', "&quot;")
    rid, name, shape = picture.relationship_id, picture.shape_name, picture.shape_id
    drawing = (
        '</w:t></w:r><w:r><w:drawing>'
        '<wp:inline xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
        'distT="0" distB="0" distL="0" distR="0">'
        f'<wp:extent cx="{cx}" cy="{cy}"/><wp:docPr id="{shape}" name="{name}" descr="{alt}"/>'
        '<a:graphic xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main">'
        '<a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/picture">'
        '<pic:pic xmlns:pic="http://schemas.openxmlformats.org/drawingml/2006/picture">'
        f'<pic:nvPicPr><pic:cNvPr id="0" name="{name}" descr="{alt}"/><pic:cNvPicPr/>'
        f'</pic:nvPicPr><pic:blipFill>'
        f'<a:blip xmlns:r="{R_DOC_NS}" r:embed="{rid}"/>'
        '<a:stretch><a:fillRect/></a:stretch></pic:blipFill><pic:spPr>'
        f'<a:xfrm><a:off x="0" y="0"/><a:ext cx="{cx}" cy="{cy}"/></a:xfrm>'
        '<a:prstGeom prst="rect"><a:avLst/></a:prstGeom></pic:spPr></pic:pic>'
        '</a:graphicData></a:graphic></wp:inline></w:drawing></w:r><w:r><w:t xml:space="preserve">'
    )
    shown_in = sorted(shown_in)
    if not shown_in:  # the template does not print it
        return Xml(drawing), {}
    media = posixpath.join(posixpath.dirname(shown_in[0]), "media", f"{picture.media_name}.{extension}")
    added = {media: data}
    for part in shown_in:
        folder, file = posixpath.split(part)
        rels_part = posixpath.join(folder, "_rels", f"{file}.rels")
        relationship = (f'<Relationship Id="{rid}" Type="{IMAGE_RELATIONSHIP}" '
                        f'Target="{posixpath.relpath(media, folder or ".")}"/>')
        rels = parts.get(rels_part, EMPTY_RELATIONSHIPS).decode("utf-8")
        added[rels_part] = rels.replace("</Relationships>", relationship + "</Relationships>").encode()
    content_types = parts[CONTENT_TYPES].decode("utf-8")
    if f'extension="{extension}"' not in content_types.lower():
        content_types = content_types.replace(
            "</Types>", f'<Default Extension="{extension}" ContentType="image/{extension}"/></Types>')
        added[CONTENT_TYPES] = content_types.encode("utf-8")
    return Xml(drawing), added


def core_properties_xml(properties: DocumentProperties) -> bytes:
    """Document properties from the letter itself (never the clock), so output is repeatable."""
    stamp = f"{properties.date.isoformat()}T00:00:00Z"
    title = xml_escape(one_line(properties.title))
    author = xml_escape(one_line(properties.author))
    subject = xml_escape(properties.subject)
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/'
        'core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" '
        'xmlns:dcterms="http://purl.org/dc/terms/" xmlns:dcmitype="http://purl.org/dc/dcmitype/" '
        'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
        f"<dc:title>{title}</dc:title><dc:subject>{subject}</dc:subject>"
        f"<dc:creator>{author}</dc:creator><cp:lastModifiedBy>{author}</cp:lastModifiedBy>"
        f"<dc:language>{properties.language}</dc:language><cp:revision>1</cp:revision>"
        f'<dcterms:created xsi:type="dcterms:W3CDTF">{stamp}</dcterms:created>'
        f'<dcterms:modified xsi:type="dcterms:W3CDTF">{stamp}</dcterms:modified>'
        "</cp:coreProperties>"
    ).encode()
