"""The font table and theme of the shipped templates: parts Word writes into every document it saves.

Word opens a document without them, but the Open XML SDK's validator (and openxml-audit, its Python
port) calls a main document without a font table or theme incomplete, and Word fills gaps with its own
defaults (Calibri headings, for one). The theme names Arial, the letters' font, for headings and body
text; its colours and formats are Office's, so that an office's restyling in Word starts from the
familiar palette.
"""

from __future__ import annotations

DECLARATION = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
A = "http://schemas.openxmlformats.org/drawingml/2006/main"
RELATIONSHIPS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"

FONT_TABLE_TYPE = f"{RELATIONSHIPS}/fontTable"
THEME_TYPE = f"{RELATIONSHIPS}/theme"
FONT_TABLE_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.fontTable+xml"
THEME_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.theme+xml"


def _font(name: str, panose: str, family: str) -> str:
    return (f'<w:font w:name="{name}"><w:panose1 w:val="{panose}"/><w:charset w:val="00"/>'
            f'<w:family w:val="{family}"/><w:pitch w:val="variable"/></w:font>')


FONT_TABLE = (
    f'{DECLARATION}<w:fonts xmlns:w="{W}">'
    + _font("Arial", "020B0604020202020204", "swiss")
    + _font("Times New Roman", "02020603050405020304", "roman")
    + "</w:fonts>"
)

# Office's colour scheme, in the order the schema asks for.
_COLOURS = (("dk2", "44546A"), ("lt2", "E7E6E6"), ("accent1", "4472C4"), ("accent2", "ED7D31"),
            ("accent3", "A5A5A5"), ("accent4", "FFC000"), ("accent5", "5B9BD5"), ("accent6", "70AD47"),
            ("hlink", "0563C1"), ("folHlink", "954F72"))
_FONTS = '<a:latin typeface="Arial"/><a:ea typeface=""/><a:cs typeface=""/>'
_FILL = '<a:solidFill><a:schemeClr val="phClr"/></a:solidFill>'

THEME = (
    f'{DECLARATION}<a:theme xmlns:a="{A}" name="inquirygen">'
    '<a:themeElements><a:clrScheme name="Office">'
    '<a:dk1><a:sysClr val="windowText" lastClr="000000"/></a:dk1>'
    '<a:lt1><a:sysClr val="window" lastClr="FFFFFF"/></a:lt1>'
    + "".join(f'<a:{name}><a:srgbClr val="{value}"/></a:{name}>' for name, value in _COLOURS)
    + '</a:clrScheme><a:fontScheme name="inquirygen">'
    f"<a:majorFont>{_FONTS}</a:majorFont><a:minorFont>{_FONTS}</a:minorFont></a:fontScheme>"
    '<a:fmtScheme name="Office">'
    f"<a:fillStyleLst>{_FILL * 3}</a:fillStyleLst>"
    "<a:lnStyleLst>"
    + "".join(f'<a:ln w="{width}" cap="flat" cmpd="sng" algn="ctr">{_FILL}'
              '<a:prstDash val="solid"/><a:miter lim="800000"/></a:ln>'
              for width in (6350, 12700, 19050))
    + "</a:lnStyleLst>"
    f"<a:effectStyleLst>{'<a:effectStyle><a:effectLst/></a:effectStyle>' * 3}</a:effectStyleLst>"
    f"<a:bgFillStyleLst>{_FILL * 3}</a:bgFillStyleLst>"
    "</a:fmtScheme></a:themeElements><a:objectDefaults/><a:extraClrSchemeLst/></a:theme>"
)
