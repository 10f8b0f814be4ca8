"""Deadlines across weekends and Land holidays, and ``inquirygen status`` with its lists and exit codes."""

from __future__ import annotations

import csv
import datetime
import io
from pathlib import Path

import pytest

from inquirygen.settings import DeadlineRule
from inquirygen.workflow.deadlines import computed_due
from inquirygen.workflow.status import open_inquiries
from inquirygen.workspace import Workspace

D = datetime.date

CONFIG = """\
deadlines:
  Kleine Anfrage: {days: 14, count: calendar, state: NW}
  Anfrage: {days: 5, count: working, state: NW}
departments:
  ordnung: {name: Ordnungsamt, email: ordnungsamt@example.de}
signoff:
  required: [signed_off]
"""

ANSWER = """\
inquiry:
  date: {date}
  received: {received}
  subject: {subject}
  questioner: Fraktion A
  kind: {kind}{extra}
recipient:
  address: [Fraktion A, Musterstraße 1, 45657 Recklinghausen]
letter:
  date: 2025-10-06
  signatory: {{name: Bodo Klimpel}}
questions:
  - question: Wie viele?
    response: Viele.
  - question: Seit wann?
    department: ordnung
    department_due: {department_due}
"""


def answer(folder: Path, name: str, *, received: str, kind: str = "Kleine Anfrage",
           subject: str = "Radwege", extra: str = "", department_due: str = "2025-09-25") -> Path:
    path = folder / "answers" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(ANSWER.format(date=received, received=received, subject=subject, kind=kind,
                                  extra=extra, department_due=department_due), encoding="utf-8")
    return path


@pytest.fixture
def office(tmp_path: Path) -> Path:
    (tmp_path / "inquirygen.yaml").write_text(CONFIG, encoding="utf-8")
    return tmp_path


@pytest.mark.parametrize(("received", "rule", "due"), [
    # 14 calendar days from a Thursday: a Thursday, a working day, kept
    (D(2025, 9, 18), {"days": 14}, D(2025, 10, 2)),
    # ... from a Friday: Friday 3 October, German Unity Day, moved to Monday (or back to Thursday)
    (D(2025, 9, 19), {"days": 14, "state": "NW"}, D(2025, 10, 6)),
    (D(2025, 9, 19), {"days": 14, "state": "NW", "on_holiday": "previous_working_day"}, D(2025, 10, 2)),
    (D(2025, 9, 19), {"days": 14, "state": "NW", "on_holiday": "keep"}, D(2025, 10, 3)),
    # a Saturday ends no deadline: 16 days from Thursday 2025-09-18 is Saturday 4 October
    (D(2025, 9, 18), {"days": 16, "state": "BE"}, D(2025, 10, 6)),
    # Fronleichnam (Thursday 4 June 2026) is a holiday in NW, not in BE
    (D(2026, 5, 21), {"days": 14, "state": "NW"}, D(2026, 6, 5)),
    (D(2026, 5, 21), {"days": 14, "state": "BE"}, D(2026, 6, 4)),
    # without a Land, only weekends move the deadline
    (D(2026, 5, 21), {"days": 14}, D(2026, 6, 4)),
    # 5 working days from Friday 26 September 2025 in NW: 29, 30 Sept, 1, 2 Oct, (3 Oct) 6 Oct
    (D(2025, 9, 26), {"days": 5, "count": "working", "state": "NW"}, D(2025, 10, 6)),
    # working days across Fronleichnam: from Wednesday 3 June 2026, 2 working days
    (D(2026, 6, 3), {"days": 2, "count": "working", "state": "NW"}, D(2026, 6, 8)),
    (D(2026, 6, 3), {"days": 2, "count": "working", "state": "BE"}, D(2026, 6, 5)),
])
def test_due_dates_across_weekends_and_land_holidays(received, rule, due):
    assert computed_due(received, DeadlineRule(**rule)) == due


def test_open_inquiries_due_from_rule_explicit_or_extended(office):
    answer(office, "a.yaml", received="2025-09-19")  # rule: 6 October
    answer(office, "b.yaml", received="2025-09-01", extra="\n  due: 2025-09-30")
    answer(office, "c.yaml", received="2025-09-01",
           extra="\n  due: 2025-09-10\n  extended_to: 2025-10-20\n  interim_reply: 2025-09-09")
    answer(office, "d.yaml", received="2025-09-26", kind="Anfrage")  # 5 working days: 6 October
    answer(office, "e.yaml", received="2025-09-26", kind="Bürgeranfrage")  # no rule
    found = open_inquiries(Workspace.discover(office), D(2025, 10, 1))
    assert [(item.file.name, item.due, item.days_left, item.overdue) for item in found] == [
        ("b.yaml", D(2025, 9, 30), -1, True), ("a.yaml", D(2025, 10, 6), 5, False),
        ("d.yaml", D(2025, 10, 6), 5, False), ("c.yaml", D(2025, 10, 20), 19, False),
        ("e.yaml", None, None, False)]
    assert found[3].missing[-1] == "the letter is not signed off yet (letter.signoff.signed_off)"
    first = found[0]
    assert (first.subject, first.questioner, first.kind, first.received) == (
        "Radwege", "Fraktion A", "Kleine Anfrage", D(2025, 9, 1))
    assert first.missing == (
        "1 question is not answered yet",
        "the contribution of Ordnungsamt is overdue (it was due on 25.09.2025)",
        "the letter is not signed off yet (letter.signoff.signed_off)")


def test_status_prints_the_list_and_exits_1_when_one_is_overdue(office, cli):
    answer(office, "a.yaml", received="2025-09-19", subject="Radwege im Kreis",
           department_due="2025-10-03")
    answer(office, "b.yaml", received="2025-09-01", subject="Schulen")
    result = cli("status", "--today", "01.10.2025", cwd=office)
    assert result.exit_code == 1, result.output
    lines = result.stdout.splitlines()
    assert lines[:8] == [
        "  Received    Due         Left             File            Subject",
        "! 01.09.2025  15.09.2025  16 days overdue  answers/b.yaml  Schulen",
        "              - 1 question is not answered yet",
        "              - the contribution of Ordnungsamt is overdue (it was due on 25.09.2025)",
        "              - the letter is not signed off yet (letter.signoff.signed_off)",
        "  19.09.2025  06.10.2025  5 days left      answers/a.yaml  Radwege im Kreis",
        "              - 1 question is not answered yet",
        "              - the contribution of Ordnungsamt is outstanding (due on 03.10.2025)"]
    assert lines[-1] == "2 open inquiries (1 overdue)"
    assert "Traceback" not in result.output
    on_time = cli("status", "--today", "2025-09-10", cwd=office)
    assert on_time.exit_code == 0
    assert on_time.stdout.splitlines()[-1] == "2 open inquiries"


def test_a_broken_answer_file_is_listed_with_its_problem(office, cli):
    answer(office, "a.yaml", received="2025-09-19")
    (office / "answers" / "kaputt.yaml").write_text(
        "inquiry:\n  subject: Kaputt\n  received: 31.02.2025\nletter:\n  date: 2025-10-06\n",
        encoding="utf-8")
    result = cli("status", "--today", "2025-09-20", cwd=office)
    assert result.exit_code == 1
    assert ("              - answers/kaputt.yaml:3:13: '31.02.2025' is not a date in the calendar "
            "(day is out of range for month)") in result.stdout.splitlines()
    assert "  –           –           no deadline   answers/kaputt.yaml  kaputt.yaml" in \
        result.stdout.splitlines()
    assert "Traceback" not in result.output


def test_archived_answer_files_are_not_open(office, monkeypatch):
    from .test_archive import make_archive

    answer(office, "0.yaml", received="2025-09-19")
    answer(office, "1.yaml", received="2025-09-19")
    make_archive(office / "archive", [{"subject": "Radwege", "items": [("Wie viele?", "Viele.")]}])
    found = open_inquiries(Workspace.discover(office), D(2025, 9, 20))
    assert [item.file.name for item in found] == ["1.yaml"]


def test_status_writes_ics_csv_and_xlsx_that_read_back(office, cli):
    import icalendar
    import openpyxl

    answer(office, "a.yaml", received="2025-09-19", subject="Radwege")
    answer(office, "b.yaml", received="2025-09-19", kind="Bürgeranfrage", subject="Ohne Frist")
    result = cli("status", "--today", "2025-09-20", "--ics", "fristen.ics", "--csv", "liste.csv",
                 "--xlsx", "out/liste.xlsx", cwd=office)
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[-3:] == ["wrote fristen.ics", "wrote liste.csv", "wrote out/liste.xlsx"]
    calendar = icalendar.Calendar.from_ical((office / "fristen.ics").read_bytes())
    events = list(calendar.walk("VEVENT"))
    # the inquiry's deadline, and the department's of each file (the inquiry without a deadline has none)
    assert [str(event["summary"]) for event in events] == [
        "Deadline: Radwege", "Contribution of Ordnungsamt: Radwege",
        "Contribution of Ordnungsamt: Ohne Frist"]
    assert events[1].decoded("dtstart") == D(2025, 9, 25)
    assert len({str(event["uid"]) for event in events}) == 3
    event = events[0]
    assert event.decoded("dtstart") == D(2025, 10, 6)
    assert event.decoded("dtend") == D(2025, 10, 7)
    assert str(event["summary"]) == "Deadline: Radwege"
    assert str(event["description"]).startswith("Answer file: a.yaml\nQuestioner: Fraktion A\n")
    assert str(event["uid"]).endswith("@inquirygen")
    data = (office / "liste.csv").read_bytes()
    assert data.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig")), delimiter=";"))
    assert rows[0] == ["File", "Subject", "Questioner", "Kind", "Received", "Due", "Days left",
                       "Overdue", "Missing"]
    assert rows[1][:8] == ["a.yaml", "Radwege", "Fraktion A", "Kleine Anfrage", "19.09.2025",
                           "06.10.2025", "16", "no"]
    assert rows[2][5:8] == ["", "", "no"]
    sheet = openpyxl.load_workbook(office / "out" / "liste.xlsx").active
    values = list(sheet.iter_rows(values_only=True))
    assert values[0][0] == "File"
    assert values[1][:8] == ("a.yaml", "Radwege", "Fraktion A", "Kleine Anfrage",
                             datetime.datetime(2025, 9, 19), datetime.datetime(2025, 10, 6), 16, "no")
    assert sheet["F2"].number_format == "DD.MM.YYYY"


def test_status_refuses_to_write_over_an_answer_file_and_a_bad_date(office, cli):
    path = answer(office, "a.yaml", received="2025-09-19")
    before = path.read_bytes()
    result = cli("status", "--csv", "answers/a.yaml", cwd=office)
    assert result.exit_code == 2
    assert result.stderr == ("Error: 'answers/a.yaml' is a file of the workspace; nothing was written, "
                             "choose another name for the list\n")
    assert path.read_bytes() == before
    bad = cli("status", "--today", "31.02.2025", cwd=office)
    assert bad.exit_code == 2
    assert bad.stderr.endswith("Error: Invalid value for --today: '31.02.2025' is not a date in the "
                              "calendar (day is out of range for month)\n")


def test_no_open_inquiries(office, cli):
    (office / "answers").mkdir()
    result = cli("status", cwd=office)
    assert (result.exit_code, result.stdout) == (0, "no open inquiries\n")


def test_an_extension_without_an_interim_reply_is_missing(office):
    answer(office, "c.yaml", received="2025-09-01", extra="\n  extended_to: 2025-10-20")
    found = open_inquiries(Workspace.discover(office), D(2025, 10, 1))
    assert found[0].due == D(2025, 10, 20)
    assert found[0].missing[-1] == ("the deadline is extended, but no interim reply is recorded "
                                    "(inquiry.interim_reply)")


def test_an_index_of_the_older_layout_is_made_anew_for_status(office):
    import sqlite3

    from .test_archive import make_archive

    answer(office, "0.yaml", received="2025-09-19")
    make_archive(office / "archive", [{"subject": "Radwege", "items": [("Wie viele?", "Viele.")]}])
    with sqlite3.connect(office / "archive" / "index.sqlite") as connection:  # as inquirygen 0.1 left it
        connection.execute("ALTER TABLE letters DROP COLUMN source")
        connection.execute("PRAGMA user_version = 3")
    connection.close()
    assert open_inquiries(Workspace.discover(office), D(2025, 9, 20)) == []
