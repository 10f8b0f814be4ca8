"""Whether an address fits the address zone of a DIN 5008 letter (85 mm wide, 6 lines).

The template decides the font; the check estimates the width of a line from the widths of Arial
(``textwidth.py``) at 11 pt, the size of the shipped ``Anschrift`` style, against the 80 mm from the
text margin (25 mm) to the zone's right edge (105 mm). A line that is wider would wrap in the letter
and push the address out of the window.
"""

from __future__ import annotations

from ..textwidth import line_width_mm
from .context import FileContext

ADDRESS_LINES = 6
ADDRESS_WIDTH_MM = 80.0
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
