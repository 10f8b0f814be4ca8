"""Whether an address fits the address zone of a DIN 5008 letter (85 mm wide, 6 lines).

The template decides the font; the check estimates the width of a line from the widths of Arial
(the shipped templates' font, metric-compatible with Liberation Sans) at 11 pt, the size of the
shipped ``Anschrift`` style, against the 80 mm from the text margin (25 mm) to the zone's right edge
(105 mm). A line that is wider would wrap in the letter and push the address out of the window.
"""

from __future__ import annotations

from .context import FileContext

ADDRESS_LINES = 6
ADDRESS_WIDTH_MM = 80.0
FONT_SIZE_PT = 11.0
POINT_MM = 25.4 / 72
# Advance widths of Arial in thousandths of an em; characters not listed count as 667 (capitals).
_WIDTHS = {
    **dict.fromkeys("ijl", 222),
    **dict.fromkeys(" ftI.,:;!/'|", 278),
    **dict.fromkeys("r()-[]", 333),
    **dict.fromkeys("ckszvxyJ", 500),
    **dict.fromkeys("abdeghnopqußäöü0123456789", 556),
    **dict.fromkeys("FTZL", 611),
    **dict.fromkeys("wCDHNRUÜ&", 722),
    **dict.fromkeys("GOQÖ", 778),
    **dict.fromkeys("mM", 833),
    "W": 944, "@": 1015,
}


def line_width_mm(line: str) -> float:
    """The estimated printed width of ``line`` in the address style, in millimetres."""
    ems = sum(_WIDTHS.get(char, 667) for char in line) / 1000
    return ems * FONT_SIZE_PT * POINT_MM


def check_address(ctx: FileContext) -> None:
    """Every address line must fit the zone's width (the schema limits the lines to six)."""
    assert ctx.parts.recipient is not None
    for index, line in enumerate(ctx.parts.recipient.address):
        width = line_width_mm(line)
        if width > ADDRESS_WIDTH_MM:
            ctx.error(("recipient", "address", index),
                      f"the address line is too long for the address field (about {width:.0f} mm, "
                      f"{ADDRESS_WIDTH_MM:.0f} mm fit)",
                      hint="shorten it or split it over two lines (at most "
                           f"{ADDRESS_LINES} lines in all)")
