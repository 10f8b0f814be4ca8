"""Write the shipped Word templates (``templates/*.docx`` and their packaged copies) from scratch.

Run ``python tools/make_template.py`` after changing this file. Once written, the .docx is the office's
to restyle in Word or LibreOffice; this script only exists so that the shipped template is reproducible
and reviewable. Geometry follows DIN 5008 form B (A4): the address field 20 mm from the left and 45–90 mm
from the top (return-address zone 17.7 mm, address zone 27.3 mm) in a table floating at a fixed place on
the page, body text from 25 mm, the information block from 125 mm, fold and hole marks on page 1. The
Landtag's print form (``landtag_drucksache.docx``) has the same margins and no letter frame: a top block,
the centred title, the answers, and from page 2 "- 2 -" with the running header. Every look is a named
style; the code that fills the template sets none. Then run ``python tools/compile_templates.py``:
the shipped templates' compiled form is shipped beside them.
"""

from __future__ import annotations

import sys
import zipfile
from pathlib import Path
from xml.sax.saxutils import quoteattr

from office_parts import (
    FONT_TABLE,
    FONT_TABLE_CONTENT_TYPE,
    FONT_TABLE_TYPE,
    THEME,
    THEME_CONTENT_TYPE,
    THEME_TYPE,
)

ROOT = Path(__file__).resolve().parent.parent
FOLDERS = [ROOT / "templates", ROOT / "inquirygen" / "templates"]

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
NS = f'xmlns:w="{W}" xmlns:r="{R}"'
DECLARATION = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'


def mm(value: float) -> int:
    """Millimetres to twentieths of a point, Word's unit."""
    return round(value * 1440 / 25.4)


# Page geometry (DIN 5008 form B on A4).
PAGE_WIDTH, PAGE_HEIGHT = mm(210), mm(297)
MARGIN_TOP, MARGIN_BOTTOM, MARGIN_LEFT, MARGIN_RIGHT = mm(25), mm(20), mm(25), mm(20)
HEADER_DISTANCE, FOOTER_DISTANCE = mm(10), mm(10)
TEXT_WIDTH = PAGE_WIDTH - MARGIN_LEFT - MARGIN_RIGHT
ADDRESS_FIELD_TOP = mm(45)
RETURN_ZONE, ADDRESS_ZONE = mm(17.7), mm(27.3)
# The table starts at the top margin; its first row is the gap down to the address field. The
# address column starts at the text margin (25 mm), 5 mm inside the field that begins at 20 mm.
ADDRESS_COLUMN = mm(80)
ADDRESS_TEXT_LEFT = MARGIN_LEFT
BELOW_ADDRESS_FIELD = 0
INFO_COLUMN_START = mm(125) - MARGIN_LEFT
GAP_COLUMN = INFO_COLUMN_START - ADDRESS_COLUMN
INFO_COLUMN = TEXT_WIDTH - INFO_COLUMN_START
LINE = 240  # one line of 11 pt text with single spacing, in twentieths of a point (for spacing)
# Room for a handwritten signature below the closing (or below "In Vertretung"): three lines of
# 11 pt Arial (4.5 mm each) and a little more.
SIGNATURE_ROOM = mm(14)
KEEP = "<w:keepNext/><w:keepLines/>"
# Outline levels (w:outlineLvl counts from 0): the subject or title is level 1, questions, remarks and
# section titles level 2, sub-questions level 3. LibreOffice exports such paragraphs as H1/H2/H3 in the
# PDF's structure tree and as bookmarks, so a screen reader and the bookmark panel can jump from
# question to question; Word shows them in its navigation pane. Neither changes how they look.
TITLE_LEVEL, QUESTION_LEVEL, SUB_QUESTION_LEVEL = 1, 2, 3


def paragraph(style: str | None, *runs: str) -> str:
    properties = f'<w:pPr><w:pStyle w:val="{style}"/></w:pPr>' if style else ""
    return f"<w:p>{properties}{''.join(runs)}</w:p>"


def text(value: str) -> str:
    return f'<w:r><w:t xml:space="preserve">{value}</w:t></w:r>'


def directive(tag: str) -> str:
    """A paragraph holding only a docxtpl block tag (``{%p … %}``); it disappears when rendered."""
    return paragraph(None, text(tag))


BREAK = "<w:r><w:br/></w:r>"
TAB = "<w:r><w:tab/></w:r>"


def field(instruction: str, shown: str) -> str:
    return (f'<w:fldSimple w:instr=" {instruction} "><w:r><w:t>{shown}</w:t></w:r></w:fldSimple>')


def cell(width: int, content: str, v_align: str | None = None) -> str:
    align = f'<w:vAlign w:val="{v_align}"/>' if v_align else ""
    return f'<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/>{align}</w:tcPr>{content}</w:tc>'


def row(height: int, rule: str, cells: list[str]) -> str:
    return (f'<w:tr><w:trPr><w:cantSplit/><w:trHeight w:val="{height}" w:hRule="{rule}"/></w:trPr>'
            f"{''.join(cells)}</w:tr>")


def address_table() -> str:
    widths = (ADDRESS_COLUMN, GAP_COLUMN, INFO_COLUMN)
    empty = paragraph(None)
    spacer = row(ADDRESS_FIELD_TOP - MARGIN_TOP, "exact", [cell(w, empty) for w in widths])
    return_zone = row(RETURN_ZONE, "exact", [
        cell(widths[0], paragraph("Ruecksendeangabe", text("{{ office.return_address }}")), "bottom"),
        cell(widths[1], empty), cell(widths[2], empty)])
    address = (directive("{%p for line in recipient.address %}")
               + paragraph("Anschrift", text("{{ line }}"))
               + directive("{%p endfor %}"))
    information = (loop("{%p for row in letter.information %}",
                        paragraph("Infoblock", text("{{ row.label }}: {{ row.value }}")))
                   + paragraph("InfoblockDatum", text("{{ letter.date }}")))
    address_zone = row(ADDRESS_ZONE, "atLeast", [
        cell(widths[0], address), cell(widths[1], empty), cell(widths[2], information)])
    grid = "".join(f'<w:gridCol w:w="{w}"/>' for w in widths)
    position = (f'<w:tblpPr w:leftFromText="0" w:rightFromText="0" w:topFromText="0" '
                f'w:bottomFromText="{BELOW_ADDRESS_FIELD}" w:vertAnchor="page" w:horzAnchor="page" '
                f'w:tblpX="{ADDRESS_TEXT_LEFT}" w:tblpY="{MARGIN_TOP}"/><w:tblOverlap w:val="never"/>')
    return (
        f"<w:tbl><w:tblPr>{position}"
        f'<w:tblW w:w="{sum(widths)}" w:type="dxa"/><w:tblLayout w:type="fixed"/>'
        '<w:tblCellMar><w:left w:w="0" w:type="dxa"/><w:right w:w="0" w:type="dxa"/></w:tblCellMar>'
        '<w:tblLook w:val="0000" w:firstRow="0" w:lastRow="0" w:firstColumn="0" w:lastColumn="0" '
        'w:noHBand="1" w:noVBand="1"/>'
        '<w:tblCaption w:val="Anschriftfeld und Informationsblock"/>'
        f"</w:tblPr><w:tblGrid>{grid}</w:tblGrid>{spacer}{return_zone}{address_zone}</w:tbl>"
    )


def optional(style: str, value: str) -> str:
    """A paragraph in ``style`` printing ``value``, left out (space and all) when it is empty."""
    return (directive(f"{{%p if {value} %}}") + paragraph(style, text(f"{{{{ {value} }}}}"))
            + directive("{%p endif %}"))


def loop(header: str, *paragraphs: str, footer: str = "{%p endfor %}") -> str:
    return directive(header) + "".join(paragraphs) + directive(footer)


def opening() -> list[str]:
    """Subject (its lines in one bold paragraph), reference block, salutation and intro.

    The words are the letter's phrases (inquirygen.yaml): the template holds none of its own, so
    the Kleine-Anfrage form differs from the Kreis letter only by its phrases and letterhead.
    """
    return [
        optional("Dokumentart", "letter.document_type"),
        optional("Betreff", "letter.subject"),
        loop("{%p for line in letter.references %}", paragraph("Bezug", text("{{ line }}"))),
        # Without a salutation (a statement on a motion), the text keeps the two lines' distance
        # from the subject that the salutation would have had.
        directive("{%p if recipient.salutation %}")
        + paragraph("Anrede", text("{{ recipient.salutation }}"))
        + directive("{%p else %}") + paragraph("OhneAnrede") + directive("{%p endif %}"),
        optional("Brieftext", "letter.intro"),
    ]


def letter_body() -> list[str]:
    """Remarks, free text, the answers, closing remarks, signature, enclosures and copies."""
    return [*answers_part(), *signature_part(), *enclosures_part()]


def answers_part() -> list[str]:
    """Remarks, free text, the answers, closing remarks and an interim reply's last sentence."""
    return [
        loop("{%p for remark in remarks %}",
             paragraph("Vorbemerkung", text("{{ remark.title }}")),
             paragraph(None, text("{{p remark.body }}"))),
        paragraph(None, text("{{p body }}")),
        loop("{%p for answer in answers %}",
             loop("{%p for question in answer.questions %}",
                  directive("{%p if question.sub %}"),
                  paragraph("Unterfrage", text("{{ question.label }}"), TAB, text("{{ question.text }}")),
                  directive("{%p else %}"),
                  paragraph("Frage", text("{{ question.label }}"), TAB, text("{{ question.text }}")),
                  directive("{%p endif %}")),
             optional("Antwortkennung", "answer.label"),
             paragraph(None, text("{{p answer.body }}"))),
        paragraph(None, text("{{p closing_remarks }}")),
        optional("Brieftext", "letter.interim"),
    ]


def signature_part() -> list[str]:
    """Closing and signature: the letter's, never the print form's.

    The closing, "In Vertretung", the room to sign (or the signature image right below the
    capacity line), the name and the function are chained by keep-with-next, so they stay on one page.
    """
    return [
        optional("Grussformel", "letter.closing"),
        directive("{%p if signatory.signature %}"),
        paragraph("Unterschriftszusatz", text("{{ signatory.capacity }}")),
        paragraph("Unterschriftsbild", text("{{ signatory.signature }}")),
        directive("{%p else %}"),
        paragraph("Unterschriftsraum", text("{{ signatory.capacity }}")),
        directive("{%p endif %}"),
        paragraph("Unterschrift", text("{{ signatory.name }}")),
        optional("Unterschrift", "signatory.title"),
    ]


def enclosures_part() -> list[str]:
    return [
        directive("{%p if letter.enclosures %}"),
        paragraph("AnlagenTitel", text("{{ letter.enclosures_label }}")),
        loop("{%p for item in letter.enclosures %}", paragraph("Anlagen", text("{{ item }}"))),
        directive("{%p endif %}"),
        directive("{%p if letter.copies_to %}"),
        paragraph("AnlagenTitel", text("{{ letter.copies_label }}")),
        loop("{%p for item in letter.copies_to %}", paragraph("Anlagen", text("{{ item }}"))),
        directive("{%p endif %}"),
    ]


def document_xml(content: list[str]) -> str:
    body = "".join(content)
    section = (
        '<w:sectPr><w:headerReference w:type="default" r:id="rIdHeaderFollowing"/>'
        '<w:headerReference w:type="first" r:id="rIdHeaderFirst"/>'
        '<w:footerReference w:type="default" r:id="rIdFooterFollowing"/>'
        '<w:footerReference w:type="first" r:id="rIdFooterFirst"/>'
        '<w:footnotePr><w:numFmt w:val="decimal"/></w:footnotePr>'
        f'<w:pgSz w:w="{PAGE_WIDTH}" w:h="{PAGE_HEIGHT}"/>'
        f'<w:pgMar w:top="{MARGIN_TOP}" w:right="{MARGIN_RIGHT}" w:bottom="{MARGIN_BOTTOM}" '
        f'w:left="{MARGIN_LEFT}" w:header="{HEADER_DISTANCE}" w:footer="{FOOTER_DISTANCE}" w:gutter="0"/>'
        "<w:titlePg/></w:sectPr>"
    )
    return f"{DECLARATION}<w:document {NS}><w:body>{body}{section}</w:body></w:document>"


FOOTNOTES = (
    f"{DECLARATION}<w:footnotes {NS}>"
    '<w:footnote w:type="separator" w:id="-1"><w:p><w:pPr><w:spacing w:after="0" w:line="240" '
    'w:lineRule="auto"/></w:pPr><w:r><w:separator/></w:r></w:p></w:footnote>'
    '<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:pPr><w:spacing w:after="0" '
    'w:line="240" w:lineRule="auto"/></w:pPr><w:r><w:continuationSeparator/></w:r></w:p></w:footnote>'
    "</w:footnotes>"
)


# The logo stands in a frame at the right margin, 10 mm from the top of the page: a frame takes no
# room in the header, so the address field stays where DIN 5008 puts it (45 mm down). Word and
# LibreOffice both keep a frame's position when it is set on the paragraph itself.
LOGO_FRAME = (f'<w:framePr w:wrap="around" w:hSpace="{mm(5)}" w:vAnchor="page" w:hAnchor="margin" '
              f'w:xAlign="right" w:y="{HEADER_DISTANCE}"/>')


# Fold marks (105 and 210 mm, DIN 5008 form B) and the hole mark (148.5 mm) in the left margin of the
# first page: line shapes anchored to the page, named "Falzmarke" and "Lochmarke" so that the writer
# finds them (inquirygen.yaml's layout moves them to form A or leaves them out). Shapes, not
# paragraph borders in frames: LibreOffice turns a frame into a text box and drops its border when it
# saves a template.
FOLD_MARKS = ((105.0, "Falzmarke", 5.0), (148.5, "Lochmarke", 8.0), (210.0, "Falzmarke", 5.0))
MARK_LEFT_MM = 5.0
EMU_PER_MM = 36_000
DRAWING_NS = ('xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
              'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" '
              'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"')


def mark(number: int, top_mm: float, name: str, length_mm: float) -> str:
    """A hairline of ``length_mm`` at ``top_mm`` from the top of the page, 5 mm from its left edge."""
    length = round(length_mm * EMU_PER_MM)
    return (
        f'<w:r><w:drawing><wp:anchor distT="0" distB="0" distL="0" distR="0" simplePos="0" '
        f'relativeHeight="{number}" behindDoc="1" locked="1" layoutInCell="0" allowOverlap="1">'
        '<wp:simplePos x="0" y="0"/>'
        f'<wp:positionH relativeFrom="page"><wp:posOffset>{round(MARK_LEFT_MM * EMU_PER_MM)}'
        "</wp:posOffset></wp:positionH>"
        f'<wp:positionV relativeFrom="page"><wp:posOffset>{round(top_mm * EMU_PER_MM)}'
        "</wp:posOffset></wp:positionV>"
        f'<wp:extent cx="{length}" cy="0"/><wp:effectExtent l="0" t="0" r="0" b="0"/><wp:wrapNone/>'
        f'<wp:docPr id="{number}" name="{name}"/><wp:cNvGraphicFramePr/>'
        '<a:graphic><a:graphicData uri="http://schemas.microsoft.com/office/word/2010/wordprocessingShape">'
        f'<wps:wsp><wps:cNvCnPr/><wps:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="{length}" cy="0"/>'
        '</a:xfrm><a:prstGeom prst="line"><a:avLst/></a:prstGeom>'
        '<a:ln w="6350"><a:solidFill><a:srgbClr val="000000"/></a:solidFill></a:ln></wps:spPr>'
        "<wps:bodyPr/></wps:wsp></a:graphicData></a:graphic></wp:anchor></w:drawing></w:r>")


def first_header_xml() -> str:
    """The first page's letterhead: its lines at the right; with a logo, the logo at the right and
    the lines at the left beside it. Everything ends above the address field."""
    def lines(style: str) -> str:
        return loop("{%p for line in office.letterhead %}", paragraph(style, text("{{ line }}")))

    # The marks stand in an empty "Anker" paragraph of their own, and so does the logo's frame: a
    # template saved by LibreOffice anchors a frame in the paragraph after it, and a '{%p %}'
    # paragraph there would take it away with it.
    content = ('<w:p><w:pPr><w:pStyle w:val="Anker"/></w:pPr>'
               + "".join(mark(number, top, name, length)
                         for number, (top, name, length) in enumerate(FOLD_MARKS, 11))
               + "</w:p>"
               + directive("{%p if office.logo %}")
               + f'<w:p><w:pPr><w:pStyle w:val="BriefkopfLogo"/>{LOGO_FRAME}</w:pPr>'
               + text("{{ office.logo }}") + "</w:p>"
               + paragraph("Anker")
               + lines("BriefkopfNebenLogo")
               + directive("{%p else %}")
               + lines("Briefkopf")
               + directive("{%p endif %}")
               + paragraph("BriefkopfAbstand"))
    return f"{DECLARATION}<w:hdr {NS} {DRAWING_NS}>{content}</w:hdr>"


def footer_xml() -> str:
    """The footer of every page: the office's lines (address, telephone, internet, bank) in small type
    under a thin rule; a footer part needs a paragraph even when the office has no lines."""
    content = (directive("{%p if office.footer %}")
               + loop("{%p for line in office.footer %}", paragraph("Fusszeile", text("{{ line }}")))
               + directive("{%p else %}")
               + paragraph(None)
               + directive("{%p endif %}"))
    return f"{DECLARATION}<w:ftr {NS}>{content}</w:ftr>"


def following_header_xml() -> str:
    content = paragraph("Seitenzahl", text("Seite "), field("PAGE", "2"), text(" von "),
                        field("NUMPAGES", "2"))
    return f"{DECLARATION}<w:hdr {NS}>{content}</w:hdr>"


# The Landtag's print form (Drucksache): no letter frame. A top block on the first page (letterhead
# at the left, the Drucksache number, date and issue date at the top right), the title block centred,
# then remarks and answers; from page 2 a running header with the page number as "- 2 -".
TOP_BLOCK_LEFT = mm(95)
TOP_BLOCK_RIGHT = TEXT_WIDTH - TOP_BLOCK_LEFT


def first_and_rest(items: str, first_style: str, rest_style: str) -> str:
    """A loop over ``items`` whose first line has a style of its own (the number, the title)."""
    return loop(f"{{%p for line in {items} %}}",
                directive("{%p if loop.first %}"),
                paragraph(first_style, text("{{ line }}")),
                directive("{%p else %}"),
                paragraph(rest_style, text("{{ line }}")),
                directive("{%p endif %}"))


def print_top_block() -> str:
    """The letterhead left, the reference lines and the date right, in a table without lines."""
    widths = (TOP_BLOCK_LEFT, TOP_BLOCK_RIGHT)
    # Each cell ends in a paragraph of its own: a cell must keep one when its loop prints nothing.
    left = (first_and_rest("office.letterhead", "DrucksacheKopf", "DrucksacheKopfzeile")
            + paragraph("DrucksacheKopfzeile"))
    right = (first_and_rest("letter.references", "DrucksacheNummer", "DrucksacheAngaben")
             + paragraph("DrucksacheAngaben", text("{{ letter.date }}")))
    grid = "".join(f'<w:gridCol w:w="{w}"/>' for w in widths)
    return (
        "<w:tbl><w:tblPr>"
        f'<w:tblW w:w="{sum(widths)}" w:type="dxa"/><w:tblLayout w:type="fixed"/>'
        '<w:tblCellMar><w:left w:w="0" w:type="dxa"/><w:right w:w="0" w:type="dxa"/></w:tblCellMar>'
        '<w:tblLook w:val="0000" w:firstRow="0" w:lastRow="0" w:firstColumn="0" w:lastColumn="0" '
        'w:noHBand="1" w:noVBand="1"/>'
        '<w:tblCaption w:val="Kopf der Drucksache"/>'
        f"</w:tblPr><w:tblGrid>{grid}</w:tblGrid>"
        f"<w:tr><w:trPr><w:cantSplit/></w:trPr>{cell(widths[0], left)}{cell(widths[1], right)}</w:tr>"
        "</w:tbl>"
    )


def print_title() -> list[str]:
    """The title block, centred: "A N T W O R T" / "zu der" / "Anfrage …" / "betr.: …" (the
    phrase ``subject``, one paragraph per line), and the intro if a workspace gives one."""
    return [
        paragraph("DrucksacheTrennlinie"),
        optional("Titel", "letter.document_type"),
        first_and_rest("letter.subject_lines", "Titel", "TitelZeile"),
        paragraph("TitelAbstand"),
        optional("Brieftext", "letter.intro"),
    ]


def print_first_header_xml() -> str:
    return f"{DECLARATION}<w:hdr {NS}>{paragraph('DrucksacheKopfzeile')}</w:hdr>"


def print_following_header_xml() -> str:
    """From page 2: the page number centred as "- 2 -", the running header at the right."""
    content = paragraph("DrucksacheLaufzeile", TAB, text("- "), field("PAGE", "2"), text(" -"), TAB,
                        text("{{ letter.running_header }}"))
    return f"{DECLARATION}<w:hdr {NS}>{content}</w:hdr>"


def print_styles() -> list[str]:
    """The print form's own styles, besides the letter's (which its remarks and answers use)."""
    right = '<w:jc w:val="right"/>'
    centred = '<w:jc w:val="center"/>'
    larger = '<w:sz w:val="24"/><w:szCs w:val="24"/>'
    return [
        style("paragraph", "DrucksacheKopf", "Drucksache Kopf", run_properties="<w:b/><w:bCs/>" + larger),
        style("paragraph", "DrucksacheKopfzeile", "Drucksache Kopfzeile"),
        style("paragraph", "DrucksacheNummer", "Drucksache Nummer", paragraph_properties=right,
              run_properties="<w:b/><w:bCs/>" + larger),
        style("paragraph", "DrucksacheAngaben", "Drucksache Angaben", paragraph_properties=right),
        style("paragraph", "DrucksacheTrennlinie", "Drucksache Trennlinie",
              paragraph_properties=('<w:pBdr><w:bottom w:val="single" w:sz="6" w:space="1" '
                                    'w:color="auto"/></w:pBdr>' + spacing(0, 0)),
              run_properties='<w:sz w:val="8"/><w:szCs w:val="8"/>'),
        # The first title line ("A N T W O R T") is the print's level-1 heading (the document type,
        # where one is set, too): the other title lines stay text, so the bookmarks are not cluttered.
        style("paragraph", "Titel", "Titel", next_style="TitelZeile", outline_level=TITLE_LEVEL,
              paragraph_properties="<w:keepNext/>" + spacing(3 * LINE, LINE // 2) + centred,
              run_properties='<w:b/><w:bCs/><w:sz w:val="28"/><w:szCs w:val="28"/>'),
        style("paragraph", "TitelZeile", "Titel Zeile",
              paragraph_properties="<w:keepNext/>" + spacing(0, LINE // 2) + centred),
        style("paragraph", "TitelAbstand", "Titel Abstand", paragraph_properties=spacing(0, LINE),
              run_properties='<w:sz w:val="8"/><w:szCs w:val="8"/>'),
        style("paragraph", "DrucksacheLaufzeile", "Drucksache Laufzeile",
              paragraph_properties=(f'<w:tabs><w:tab w:val="center" w:pos="{TEXT_WIDTH // 2}"/>'
                                    f'<w:tab w:val="right" w:pos="{TEXT_WIDTH}"/></w:tabs>'
                                    + spacing(0, LINE)),
              run_properties='<w:sz w:val="20"/><w:szCs w:val="20"/>'),
    ]


def style(kind: str, style_id: str, name: str, *, based_on: str | None = "Normal",
          paragraph_properties: str = "", run_properties: str = "", next_style: str | None = None,
          extra: str = "", custom: bool = True, outline_level: int | None = None) -> str:
    if outline_level is not None:
        # Last in w:pPr, where the schema's order puts it.
        paragraph_properties += f'<w:outlineLvl w:val="{outline_level - 1}"/>'
    parts = [f"<w:name w:val={quoteattr(name)}/>"]
    if based_on:
        parts.append(f'<w:basedOn w:val="{based_on}"/>')
    if next_style:
        parts.append(f'<w:next w:val="{next_style}"/>')
    parts.append(f"<w:qFormat/>{extra}")
    if paragraph_properties:
        parts.append(f"<w:pPr>{paragraph_properties}</w:pPr>")
    if run_properties:
        parts.append(f"<w:rPr>{run_properties}</w:rPr>")
    flag = ' w:customStyle="1"' if custom else ""
    return f'<w:style w:type="{kind}"{flag} w:styleId="{style_id}">{"".join(parts)}</w:style>'


def spacing(before: int = 0, after: int = 0) -> str:
    return f'<w:spacing w:before="{before}" w:after="{after}"/>'


def list_style(style_id: str, name: str, num_id: int, level: int) -> str:
    return style("paragraph", style_id, name, based_on="Antwort",
                 paragraph_properties=(f'<w:numPr><w:ilvl w:val="{level}"/><w:numId w:val="{num_id}"/>'
                                       f"</w:numPr>{spacing(0, 120)}"))


def styles_xml(own: list[str] | None = None) -> str:
    defaults = (
        "<w:docDefaults><w:rPrDefault><w:rPr>"
        '<w:rFonts w:ascii="Arial" w:hAnsi="Arial" w:eastAsia="Arial" w:cs="Arial"/>'
        '<w:sz w:val="22"/><w:szCs w:val="22"/><w:lang w:val="de-DE" w:eastAsia="de-DE" w:bidi="ar-SA"/>'
        "</w:rPr></w:rPrDefault><w:pPrDefault><w:pPr>"
        f'<w:widowControl/><w:spacing w:after="0" w:line="{LINE}" w:lineRule="auto"/>'
        "</w:pPr></w:pPrDefault></w:docDefaults>"
    )
    builtin = (
        '<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/>'
        "<w:qFormat/></w:style>"
        '<w:style w:type="character" w:default="1" w:styleId="DefaultParagraphFont">'
        '<w:name w:val="Default Paragraph Font"/><w:uiPriority w:val="1"/><w:semiHidden/></w:style>'
        '<w:style w:type="table" w:default="1" w:styleId="TableNormal"><w:name w:val="Normal Table"/>'
        "<w:semiHidden/><w:tblPr><w:tblInd w:w=\"0\" w:type=\"dxa\"/><w:tblCellMar>"
        '<w:top w:w="0" w:type="dxa"/><w:left w:w="108" w:type="dxa"/>'
        '<w:bottom w:w="0" w:type="dxa"/><w:right w:w="108" w:type="dxa"/>'
        "</w:tblCellMar></w:tblPr></w:style>"
        '<w:style w:type="numbering" w:default="1" w:styleId="NoList"><w:name w:val="No List"/>'
        "<w:semiHidden/></w:style>"
    )
    custom = [
        style("paragraph", "Briefkopf", "Briefkopf",
              paragraph_properties='<w:jc w:val="right"/>',
              run_properties='<w:b/><w:spacing w:val="10"/><w:sz w:val="28"/><w:szCs w:val="28"/>'),
        style("paragraph", "BriefkopfNebenLogo", "Briefkopf neben Logo", based_on="Briefkopf",
              paragraph_properties=f'<w:ind w:right="{mm(45)}"/><w:jc w:val="left"/>'),
        style("paragraph", "BriefkopfLogo", "Briefkopf Logo", paragraph_properties='<w:jc w:val="right"/>'),
        style("paragraph", "BriefkopfAbstand", "Briefkopf Abstand",
              run_properties='<w:sz w:val="8"/><w:szCs w:val="8"/>'),
        style("paragraph", "Seitenzahl", "Seitenzahl", paragraph_properties='<w:jc w:val="right"/>',
              run_properties='<w:sz w:val="18"/><w:szCs w:val="18"/>'),
        style("paragraph", "Ruecksendeangabe", "Rücksendeangabe", paragraph_properties=spacing(0, 40),
              run_properties='<w:sz w:val="14"/><w:szCs w:val="14"/>'),
        style("paragraph", "Fusszeile", "Fußzeile",
              paragraph_properties=('<w:pBdr><w:top w:val="single" w:sz="4" w:space="4" w:color="808080"/>'
                                    "</w:pBdr>"),
              run_properties='<w:color w:val="404040"/><w:sz w:val="14"/><w:szCs w:val="14"/>'),
        style("paragraph", "Anschrift", "Anschrift"),
        style("paragraph", "Infoblock", "Infoblock",
              run_properties='<w:sz w:val="20"/><w:szCs w:val="20"/>'),
        style("paragraph", "InfoblockDatum", "Infoblock Datum", based_on="Infoblock",
              paragraph_properties=spacing(120, 0)),
        style("paragraph", "Anker", "Anker",
              paragraph_properties='<w:spacing w:before="0" w:after="0" w:line="20" w:lineRule="exact"/>',
              run_properties='<w:sz w:val="2"/><w:szCs w:val="2"/>'),
        # Hidden, so it takes no room: the empty paragraphs the writer puts after a table where a
        # footnote mark would stand in the second paragraph after it (writers/docx/libreoffice.py).
        style("paragraph", "NachTabelle", "Nach Tabelle", paragraph_properties=spacing(0, 0),
              run_properties="<w:vanish/>"),
        style("paragraph", "Dokumentart", "Dokumentart", next_style="Betreff",
              paragraph_properties="<w:keepNext/>" + spacing(2 * LINE, 0),
              run_properties='<w:b/><w:bCs/><w:sz w:val="26"/><w:szCs w:val="26"/>'),
        style("paragraph", "Betreff", "Betreff", paragraph_properties=spacing(2 * LINE, 0),
              outline_level=TITLE_LEVEL,
              run_properties="<w:b/><w:bCs/>", next_style="Anrede"),
        style("paragraph", "Anrede", "Anrede", paragraph_properties=spacing(2 * LINE, LINE),
              next_style="Brieftext"),
        style("paragraph", "Brieftext", "Brieftext", paragraph_properties=spacing(0, LINE)),
        style("paragraph", "OhneAnrede", "Ohne Anrede",
              paragraph_properties=f'<w:spacing w:before="{2 * LINE}" w:after="0" w:line="20" '
                                   'w:lineRule="exact"/>',
              run_properties='<w:sz w:val="2"/><w:szCs w:val="2"/>'),
        style("paragraph", "Frage", "Frage", next_style="Antwort", outline_level=QUESTION_LEVEL,
              paragraph_properties=('<w:keepNext/><w:keepLines/>'
                                    f'<w:tabs><w:tab w:val="left" w:pos="{mm(10)}"/></w:tabs>'
                                    f"{spacing(LINE // 2, LINE // 2)}"
                                    f'<w:ind w:left="{mm(10)}" w:hanging="{mm(10)}"/>'),
              run_properties="<w:b/><w:bCs/>"),
        style("paragraph", "Unterfrage", "Unterfrage", next_style="Antwort",
              outline_level=SUB_QUESTION_LEVEL,
              paragraph_properties=('<w:keepNext/><w:keepLines/>'
                                    f'<w:tabs><w:tab w:val="left" w:pos="{mm(20)}"/></w:tabs>'
                                    f"{spacing(LINE // 2, LINE // 2)}"
                                    f'<w:ind w:left="{mm(20)}" w:hanging="{mm(10)}"/>'),
              run_properties="<w:b/><w:bCs/>"),
        style("paragraph", "Zwischenueberschrift", "Zwischenüberschrift", next_style="Antwort",
              outline_level=QUESTION_LEVEL,
              paragraph_properties="<w:keepNext/>" + spacing(LINE // 2, LINE // 2),
              run_properties="<w:b/><w:bCs/>"),
        style("paragraph", "Vorbemerkung", "Vorbemerkung", next_style="Antwort",
              outline_level=QUESTION_LEVEL,
              paragraph_properties="<w:keepNext/>" + spacing(LINE // 2, LINE // 2),
              run_properties="<w:b/><w:bCs/>"),
        style("paragraph", "Bezug", "Bezug", run_properties="<w:b/><w:bCs/>"),
        style("paragraph", "Antwortkennung", "Antwortkennung", next_style="Antwort",
              paragraph_properties="<w:keepNext/>" + spacing(0, LINE // 2),
              run_properties="<w:b/><w:bCs/>"),
        style("paragraph", "Antwort", "Antwort", paragraph_properties=spacing(0, LINE)),
        # A list's last item: the spacing after a paragraph (the list's numbering stays).
        style("paragraph", "AntwortListenende", "Antwort Listenende", based_on="Antwort"),
        # The last paragraph before the closing keeps with it (widow control keeps two lines).
        style("paragraph", "AntwortSchluss", "Antwort Schluss", based_on="Antwort",
              paragraph_properties="<w:keepNext/>"),
        style("table", "AntwortTabelle", "Antwort Tabelle", based_on=None,
              extra=('<w:tblPr><w:tblBorders>'
                     + "".join(f'<w:{side} w:val="single" w:sz="4" w:space="0" w:color="808080"/>'
                               for side in ("top", "left", "bottom", "right", "insideH", "insideV"))
                     + '</w:tblBorders><w:tblCellMar><w:top w:w="40" w:type="dxa"/>'
                     '<w:left w:w="80" w:type="dxa"/><w:bottom w:w="40" w:type="dxa"/>'
                     '<w:right w:w="80" w:type="dxa"/></w:tblCellMar></w:tblPr>'
                     '<w:tblStylePr w:type="firstRow"><w:rPr><w:b/><w:bCs/></w:rPr>'
                     '<w:tcPr><w:shd w:val="clear" w:color="auto" w:fill="E7E6E6"/></w:tcPr>'
                     "</w:tblStylePr>")),
        *[style("paragraph", f"Tabelle{kind}{suffix_id}", f"Tabelle {kind}{suffix}",
                paragraph_properties=(f'<w:jc w:val="{align}"/>' if align else ""),
                run_properties='<w:sz w:val="20"/><w:szCs w:val="20"/>')
          for kind in ("Kopf", "Text")
          for suffix, suffix_id, align in (("", "", None), (" rechts", "Rechts", "right"),
                                           (" zentriert", "Zentriert", "center"))],
        style("paragraph", "TabelleAnmerkung", "Tabelle Anmerkung",
              paragraph_properties=spacing(60, LINE),
              run_properties='<w:sz w:val="18"/><w:szCs w:val="18"/>'),
        style("paragraph", "FootnoteText", "footnote text", custom=False,
              run_properties='<w:sz w:val="18"/><w:szCs w:val="18"/>'),
        style("character", "FootnoteReference", "footnote reference", based_on=None, custom=False,
              run_properties='<w:vertAlign w:val="superscript"/>'),
        *[list_style(f"AntwortAufzaehlung{level}", f"Antwort Aufzählung {level}", 1, level - 1)
          for level in (1, 2, 3)],
        *[list_style(f"AntwortNummerierung{level}", f"Antwort Nummerierung {level}", 2, level - 1)
          for level in (1, 2, 3)],
        # Closing to function keep with the next paragraph: one page, whatever comes before.
        style("paragraph", "Grussformel", "Grußformel", paragraph_properties=KEEP + spacing(LINE, 0)),
        style("paragraph", "Unterschriftsraum", "Unterschriftsraum",
              paragraph_properties=KEEP + spacing(0, SIGNATURE_ROOM)),
        style("paragraph", "Unterschriftszusatz", "Unterschriftszusatz",
              paragraph_properties=KEEP + spacing(0, 0)),
        style("paragraph", "Unterschriftsbild", "Unterschriftsbild",
              paragraph_properties=KEEP + spacing(0, 0)),
        style("paragraph", "Unterschrift", "Unterschrift", paragraph_properties=KEEP),
        style("paragraph", "AnlagenTitel", "Anlagen Titel", paragraph_properties=spacing(LINE, 0),
              run_properties="<w:b/><w:bCs/>"),
        style("paragraph", "Anlagen", "Anlagen"),
        *(own or []),
    ]
    return f"{DECLARATION}<w:styles {NS}>{defaults}{builtin}{''.join(custom)}</w:styles>"


def numbering_xml() -> str:
    def level(ilvl: int, fmt: str, text_value: str) -> str:
        indent = mm(6.5) * (ilvl + 1)
        return (f'<w:lvl w:ilvl="{ilvl}"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/>'
                f'<w:lvlText w:val="{text_value}"/><w:lvlJc w:val="left"/>'
                f'<w:pPr><w:tabs><w:tab w:val="num" w:pos="{indent}"/></w:tabs>'
                f'<w:ind w:left="{indent}" w:hanging="{mm(6.5)}"/></w:pPr></w:lvl>')

    bullets = "".join(level(i, "bullet", char) for i, char in enumerate(("•", "–", "•")))
    numbers = "".join(level(i, fmt, label) for i, (fmt, label) in
                      enumerate((("decimal", "%1."), ("lowerLetter", "%2)"), ("lowerRoman", "%3."))))
    multilevel = '<w:multiLevelType w:val="multilevel"/>'
    return (f"{DECLARATION}<w:numbering {NS}>"
            f'<w:abstractNum w:abstractNumId="1">{multilevel}{bullets}</w:abstractNum>'
            f'<w:abstractNum w:abstractNumId="2">{multilevel}{numbers}</w:abstractNum>'
            '<w:num w:numId="1"><w:abstractNumId w:val="1"/></w:num>'
            '<w:num w:numId="2"><w:abstractNumId w:val="2"/></w:num>'
            "</w:numbering>")


SETTINGS = (
    f"{DECLARATION}<w:settings {NS}>"
    '<w:zoom w:percent="100"/><w:defaultTabStop w:val="708"/><w:hyphenationZone w:val="425"/>'
    '<w:characterSpacingControl w:val="doNotCompress"/>'
    '<w:footnotePr><w:footnote w:id="-1"/><w:footnote w:id="0"/></w:footnotePr>'
    '<w:compat><w:compatSetting w:name="compatibilityMode" w:uri="http://schemas.microsoft.com/office/word" '
    'w:val="15"/></w:compat><w:themeFontLang w:val="de-DE"/>'
    '<w:decimalSymbol w:val=","/><w:listSeparator w:val=";"/></w:settings>'
)

CONTENT_TYPES = (
    f"{DECLARATION}"
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Default Extension="png" ContentType="image/png"/>'
    '<Default Extension="jpeg" ContentType="image/jpeg"/>'
    '<Override PartName="/word/document.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
    '<Override PartName="/word/styles.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/>'
    '<Override PartName="/word/numbering.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.numbering+xml"/>'
    '<Override PartName="/word/settings.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.settings+xml"/>'
    '<Override PartName="/word/header1.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.header+xml"/>'
    '<Override PartName="/word/header2.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.header+xml"/>'
    '<Override PartName="/word/footnotes.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"/>'
    '<Override PartName="/word/footer1.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml"/>'
    '<Override PartName="/word/footer2.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml"/>'
    '<Override PartName="/word/fontTable.xml" '
    f'ContentType="{FONT_TABLE_CONTENT_TYPE}"/>'
    '<Override PartName="/word/theme/theme1.xml" '
    f'ContentType="{THEME_CONTENT_TYPE}"/>'
    '<Override PartName="/docProps/core.xml" '
    'ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>'
    '<Override PartName="/docProps/app.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/>'
    "</Types>"
)

PACKAGE_RELS = (
    f"{DECLARATION}"
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/officeDocument" Target="word/document.xml"/>'
    '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/'
    'metadata/core-properties" Target="docProps/core.xml"/>'
    '<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/extended-properties" Target="docProps/app.xml"/>'
    "</Relationships>"
)

DOCUMENT_RELS = (
    f"{DECLARATION}"
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rIdStyles" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/styles" Target="styles.xml"/>'
    '<Relationship Id="rIdNumbering" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/numbering" Target="numbering.xml"/>'
    '<Relationship Id="rIdSettings" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/settings" Target="settings.xml"/>'
    '<Relationship Id="rIdHeaderFirst" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/header" Target="header1.xml"/>'
    '<Relationship Id="rIdHeaderFollowing" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/header" Target="header2.xml"/>'
    '<Relationship Id="rIdFootnotes" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/footnotes" Target="footnotes.xml"/>'
    '<Relationship Id="rIdFooterFirst" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/footer" Target="footer1.xml"/>'
    '<Relationship Id="rIdFooterFollowing" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/footer" Target="footer2.xml"/>'
    f'<Relationship Id="rIdFontTable" Type="{FONT_TABLE_TYPE}" Target="fontTable.xml"/>'
    f'<Relationship Id="rIdTheme" Type="{THEME_TYPE}" Target="theme/theme1.xml"/>'
    "</Relationships>"
)

CORE = (
    f"{DECLARATION}"
    '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
    'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" '
    'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
    "<dc:title>Antwortschreiben auf eine Anfrage</dc:title><dc:language>de-DE</dc:language>"
    '<dcterms:created xsi:type="dcterms:W3CDTF">2025-01-01T00:00:00Z</dcterms:created>'
    '<dcterms:modified xsi:type="dcterms:W3CDTF">2025-01-01T00:00:00Z</dcterms:modified>'
    "</cp:coreProperties>"
)

APP = (
    f"{DECLARATION}"
    '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">'
    "<Application>inquirygen</Application><Template>answer_letter.docx</Template></Properties>"
)


# The shipped templates: the two letters have the same frame, their phrases and letterhead come from
# the configuration; the Landtag's print form has no letter frame (workspace.SHIPPED_TEMPLATE_FORMS).
TEMPLATES = ("answer_letter.docx", "kleine_anfrage.docx", "landtag_drucksache.docx")
PRINT_FORM = {"landtag_drucksache.docx"}


def parts(name: str) -> list[tuple[str, str]]:
    if name in PRINT_FORM:
        document = document_xml([print_top_block(), *print_title(), *answers_part(), *enclosures_part()])
        styles, first_header, following_header = (styles_xml(print_styles()), print_first_header_xml(),
                                                  print_following_header_xml())
    else:
        # The empty "Anker" paragraph holds the floating address table's anchor: LibreOffice anchors a
        # frame in the paragraph after it, and a '{%p %}' paragraph there would take it away.
        document = document_xml([address_table(), paragraph("Anker"), *opening(), *letter_body()])
        styles, first_header, following_header = styles_xml(), first_header_xml(), following_header_xml()
    return [
        ("[Content_Types].xml", CONTENT_TYPES),
        ("_rels/.rels", PACKAGE_RELS),
        ("docProps/core.xml", CORE),
        ("docProps/app.xml", APP.replace("answer_letter.docx", name)),
        ("word/document.xml", document),
        ("word/_rels/document.xml.rels", DOCUMENT_RELS),
        ("word/styles.xml", styles),
        ("word/numbering.xml", numbering_xml()),
        ("word/settings.xml", SETTINGS),
        ("word/footnotes.xml", FOOTNOTES),
        ("word/header1.xml", first_header),
        ("word/header2.xml", following_header),
        ("word/footer1.xml", footer_xml()),
        ("word/footer2.xml", footer_xml()),
        ("word/fontTable.xml", FONT_TABLE),
        ("word/theme/theme1.xml", THEME),
    ]


def write(target: Path) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in parts(target.name):
            info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 3
            info.external_attr = 0o644 << 16
            archive.writestr(info, content.encode("utf-8"))


def main() -> int:
    for name in TEMPLATES:
        for folder in FOLDERS:
            write(folder / name)
            print(f"wrote {(folder / name).relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
