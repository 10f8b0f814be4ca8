"""The printed width of a line of text, estimated from Arial's widths, in millimetres.

Arial is the shipped templates' font (metric-compatible with Liberation Sans, which LibreOffice uses in
its place); an office that chooses a wider font sees its lines a little longer than estimated. Used
where a line's length decides the layout: an address line that must fit its field, a row of the
information block or the return address that would wrap, a last paragraph that is a single line.
"""

from __future__ import annotations

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


def line_width_mm(line: str, size_pt: float = FONT_SIZE_PT) -> float:
    """The estimated printed width of ``line`` at ``size_pt`` (11 pt unless given), in millimetres."""
    ems = sum(_WIDTHS.get(char, 667) for char in line) / 1000
    return ems * size_pt * POINT_MM
