"""The open inquiries for the office's lists and calendars: iCalendar (.ics), CSV and Excel (.xlsx)."""

from __future__ import annotations

import csv
import datetime
import hashlib
import io
from collections.abc import Mapping, Sequence
from pathlib import Path

from ..i18n import _
from ..model import format_date
from .status import OpenInquiry


def columns() -> list[str]:
    """The header row of the CSV and Excel lists, in the user's language."""
    return [_("File"), _("Subject"), _("Questioner"), _("Kind"), _("Received"), _("Due"),
            _("Days left"), _("Overdue"), _("Missing")]


def _row(inquiry: OpenInquiry) -> list[object]:
    return [inquiry.file.name, inquiry.subject, inquiry.questioner or "", inquiry.kind or "",
            inquiry.received, inquiry.due, inquiry.days_left, _("yes") if inquiry.overdue else _("no"),
            "; ".join(inquiry.missing)]


# A cell Excel would take for a formula (or LibreOffice, after a tab or a line break): the subject
# and the questioner come from outside the office, and a formula may fetch a web address.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _text_cell(cell: object) -> object:
    """A text that starts like a formula, with the apostrophe that makes it text in Excel (CSV)."""
    return "'" + cell if isinstance(cell, str) and cell.startswith(_FORMULA_START) else cell


def csv_bytes(inquiries: Sequence[OpenInquiry]) -> bytes:
    """A CSV as German Excel opens it by a double click: ';' between the cells, UTF-8 with its byte
    order mark (else Excel reads the umlauts as Windows-1252), dates as 29.09.2025."""
    text = io.StringIO()
    writer = csv.writer(text, delimiter=";", lineterminator="\r\n")
    writer.writerow(columns())
    for inquiry in inquiries:
        writer.writerow(["" if cell is None else format_date(cell) if isinstance(cell, datetime.date)
                         else _text_cell(cell) for cell in _row(inquiry)])
    return ("\ufeff" + text.getvalue()).encode("utf-8")


def xlsx_bytes(inquiries: Sequence[OpenInquiry]) -> bytes:
    """An Excel workbook of one sheet: real dates (shown as 29.09.2025) and numbers, so that the
    office can sort and filter them."""
    from openpyxl import Workbook  # only --xlsx needs it
    from openpyxl.styles import Font

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = _("Open inquiries")[:31]  # Excel's limit for a sheet's name
    sheet.append(columns())
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for inquiry in inquiries:
        sheet.append(_row(inquiry))
        for cell in sheet[sheet.max_row]:
            if isinstance(cell.value, str):
                cell.data_type = "s"  # openpyxl writes a text starting with "=" as a formula
    for row in sheet.iter_rows(min_row=2, min_col=5, max_col=6):
        for cell in row:
            cell.number_format = "DD.MM.YYYY"
    sheet.freeze_panes = "A2"
    for letter, width in zip("ABCDEFGHI", (22, 40, 30, 16, 12, 12, 10, 10, 60), strict=True):
        sheet.column_dimensions[letter].width = width
    data = io.BytesIO()
    book.save(data)
    return data.getvalue()


def ics_bytes(inquiries: Sequence[OpenInquiry], stamp: datetime.datetime,
              contributions: Mapping[Path, Sequence[tuple[str, datetime.date]]] | None = None) -> bytes:
    """An iCalendar file with one all-day event on each due date, for Outlook or Thunderbird, and one
    on each date a department's contribution is due (``contributions``: department, date by file).

    Each event's UID comes from the answer file's path (and the department), so that importing a newer
    list updates the events instead of adding them again; ``stamp`` is the DTSTAMP (UTC).
    """
    from icalendar import Calendar, Event  # only --ics needs it

    calendar = Calendar()
    calendar.add("prodid", "-//inquirygen//status//DE")
    calendar.add("version", "2.0")
    for inquiry in inquiries:
        if inquiry.due is None:
            continue
        event = Event()
        uid = hashlib.sha256(str(inquiry.file.resolve()).encode("utf-8")).hexdigest()[:32]
        event.add("uid", f"{uid}@inquirygen")
        event.add("dtstamp", stamp)
        event.add("dtstart", inquiry.due)
        event.add("dtend", inquiry.due + datetime.timedelta(days=1))
        event.add("summary", _("Deadline: {subject}").format(subject=inquiry.subject))
        lines = [_("Answer file: {file}").format(file=inquiry.file.name)]
        if inquiry.questioner:
            lines.append(_("Questioner: {questioner}").format(questioner=inquiry.questioner))
        lines += inquiry.missing
        event.add("description", "\n".join(lines))
        event.add("transp", "TRANSPARENT")  # a deadline does not make the clerk busy all day
        calendar.add_component(event)
    for inquiry in inquiries:
        for department, due in (contributions or {}).get(inquiry.file, ()):
            event = Event()
            uid = hashlib.sha256(f"{inquiry.file.resolve()}\n{department}".encode()).hexdigest()[:32]
            event.add("uid", f"{uid}@inquirygen")
            event.add("dtstamp", stamp)
            event.add("dtstart", due)
            event.add("dtend", due + datetime.timedelta(days=1))
            event.add("summary", _("Contribution of {department}: {subject}").format(
                department=department, subject=inquiry.subject))
            event.add("description", _("Answer file: {file}").format(file=inquiry.file.name))
            event.add("transp", "TRANSPARENT")
            calendar.add_component(event)
    return bytes(calendar.to_ical())
