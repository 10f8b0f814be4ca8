"""Whether the first page's fields hold their text: the address zone and the information block.

The address zone of a DIN 5008 letter is 85 mm wide and 6 lines high.
The template decides the font; the check estimates the width of a line from the widths of Arial
(``textwidth.py``) at 11 pt, the size of the shipped ``Anschrift`` style, against the 80 mm from the
text margin (25 mm) to the zone's right edge (105 mm). A line that is wider would wrap in the letter
and push the address out of the window. A row of the information block (10 pt in a column of 65 mm)
that is too wide wraps and makes the block taller: a warning, since the letter stays readable.
"""

from __future__ import annotations

from ..i18n import _, ngettext
from ..textwidth import line_width_mm
from .context import FileContext

ADDRESS_LINES = 6
ADDRESS_WIDTH_MM = 80.0
INFORMATION_WIDTH_MM = 65.0  # the shipped column: from 125 mm to the right margin, no cell margins
INFORMATION_SIZE_PT = 10.0
def check_address(ctx: FileContext) -> None:
    """Every address line must fit the zone's width (the schema limits the lines to six)."""
    assert ctx.parts.recipient is not None
    for index, line in enumerate(ctx.parts.recipient.address):
        width = line_width_mm(line)
        if width > ADDRESS_WIDTH_MM:
            ctx.error(("recipient", "address", index),
                      _("the address line is too long for the address field (about {width} mm, "
                        "{fit} mm fit)").format(width=f"{width:.0f}", fit=f"{ADDRESS_WIDTH_MM:.0f}"),
                      hint=ngettext("shorten it or split it over two lines (at most {count} line in all)",
                                    "shorten it or split it over two lines (at most {count} lines in all)",
                                    ADDRESS_LINES).format(count=ADDRESS_LINES))


def check_information(ctx: FileContext, rows: tuple[tuple[str, str], ...]) -> None:
    """A warning for each row of the information block ("E-Mail: …") that would wrap."""
    for label, value in rows:
        row = f"{label}: {value}"
        width = line_width_mm(row, INFORMATION_SIZE_PT)
        if value.strip() and width > INFORMATION_WIDTH_MM:
            path = _source_of(ctx, value)
            ctx.error(path, _("the information block's row '{row}' is too long for its column (about "
                              "{width} mm, {fit} mm fit) and wraps").format(
                                  row=row, width=f"{width:.0f}", fit=f"{INFORMATION_WIDTH_MM:.0f}"),
                      hint=_("shorten the value (a shorter e-mail address, file reference or name), "
                             "or leave the row out in inquirygen.yaml's information"),
                      key=path == ("letter",), severity="warning", code="layout")


def _source_of(ctx: FileContext, value: str) -> tuple[str, ...]:
    """Where in the answer file a row's value was written (its contact or file reference), else the
    'letter' key: the row's wording may come from inquirygen.yaml."""
    details = ctx.parts.letter
    if details is not None:
        if details.file_ref and details.file_ref in value:
            return ("letter", "file_ref")
        if details.contact is not None:
            for name, given in details.contact.model_dump().items():
                if given and str(given) in value:
                    return ("letter", "contact", name)
    return ("letter",)
