"""``inquirygen stats``: per year, questioner and department, on time and median days, archive and open."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest

from inquirygen.archive import Archive, LetterRecord
from inquirygen.workflow.stats import office_stats
from inquirygen.workspace import Workspace

from .test_archive import StubPdf
from .test_workflow_status import answer

CONFIG = """\
deadlines:
  default: {days: 14}
departments:
  ordnung: {name: Ordnungsamt}
  schule: {name: Schulamt}
"""


def archived(root: Path, letters: list[dict]) -> None:
    """Archive entries as inquirygen writes them, with the workflow's optional manifest keys."""
    archive = Archive(root)
    for number, letter in enumerate(letters):
        inquiry = {"date": letter.get("date_of_inquiry", "2025-01-10"), "subject": f"Betreff {number}",
                   "questioner": letter["questioner"], "reference": None, "kind": letter.get("kind")}
        inquiry.update({key: letter[key] for key in ("received", "due") if key in letter})
        record = {
            "source": f"alt-{number}.yaml", "inquiry": inquiry,
            "letter": {"date": letter["answered"], "title": "T", "file_ref": None, "signatory": "X",
                       "office": "Kreis", "recipient": ["A"],
                       **({"answer_by": letter["answer_by"]} if "answer_by" in letter else {})},
            "template": {"name": "answer_letter.docx", "sha256": "0"}, "snippets": {},
            "questions": [{"label": "1.", "question": "Q?", "response": "A."}],
            **({"departments": letter["departments"]} if "departments" in letter else {}),
        }
        archive.store({"answers.yaml": b"x", "letter.docx": f"{number}".encode(), "letter.txt": b"t"},
                      LetterRecord.from_dict(record), StubPdf())


@pytest.fixture
def office(tmp_path: Path) -> Path:
    (tmp_path / "inquirygen.yaml").write_text(CONFIG, encoding="utf-8")
    archived(tmp_path / "archive", [
        # 2024: answered in 10 days, on time
        {"questioner": "Fraktion A", "received": "2024-05-02", "due": "2024-05-16",
         "answered": "2024-05-12", "departments": ["Ordnungsamt"]},
        # 2025: 20 days, late
        {"questioner": "Fraktion A", "received": "2025-03-01", "due": "2025-03-15",
         "answered": "2025-03-21", "departments": ["Ordnungsamt", "Schulamt"]},
        # 2025: 5 days, on time
        {"questioner": "Fraktion B", "received": "2025-06-02", "due": "2025-06-16",
         "answered": "2025-06-07"},
        # an entry of an older inquirygen: no received or due; counted from the inquiry's date
        {"questioner": "Fraktion B", "date_of_inquiry": "2025-01-10", "answered": "2025-01-17"},
        # an interim reply is not an answer
        {"questioner": "Fraktion B", "received": "2025-06-02", "answered": "2025-06-10",
         "answer_by": "2025-07-01"},
    ])
    # open: one overdue (received 2025-09-01, due 15.09.2025), one not yet
    answer(tmp_path, "a.yaml", received="2025-09-01", kind="Anfrage")
    answer(tmp_path, "b.yaml", received="2025-09-25", kind="Anfrage")
    return tmp_path


def test_office_stats_counts_the_archive_and_the_open_files(office):
    found = office_stats(Workspace.discover(office), datetime.date(2025, 10, 1))
    total = found.total
    assert (total.inquiries, total.answered, total.open, total.overdue) == (6, 4, 2, 1)
    assert (total.on_time, total.with_due, total.on_time_share) == (2, 3, 2 / 3)
    assert total.median_days == 8.5  # 5, 7, 10, 20
    assert [(group.name, group.inquiries, group.answered, group.open) for group in found.by_year] == [
        ("2024", 1, 1, 0), ("2025", 5, 3, 2)]
    assert [(group.name, group.inquiries, group.median_days) for group in found.by_questioner] == [
        ("Fraktion A", 4, 15.0), ("Fraktion B", 2, 6.0)]
    assert [(group.name, group.inquiries, group.answered, group.on_time, group.with_due)
            for group in found.by_department] == [("Ordnungsamt", 4, 2, 1, 2), ("Schulamt", 1, 1, 0, 1)]


def test_stats_prints_the_figures(office, cli):
    result = cli("stats", "--today", "2025-10-01", cwd=office)
    assert result.exit_code == 0, result.output
    assert result.stdout == (
        "Inquiries: 6 (4 answered, 2 open, 1 of them overdue)\n"
        "Answered on time: 67 % (2 of 3 with a deadline)\n"
        "Median days to answer: 8.5\n"
        "\n"
        "By year\n"
        "  Year  Inquiries  Answered  Open  On time  Median days\n"
        "  2024          1         1     0    100 %           10\n"
        "  2025          5         3     2     50 %            7\n"
        "\n"
        "By questioner\n"
        "  Questioner  Inquiries  Answered  Open  On time  Median days\n"
        "  Fraktion A          4         2     2     50 %           15\n"
        "  Fraktion B          2         2     0    100 %            6\n"
        "\n"
        "By department\n"
        "  Department   Inquiries  Answered  Open  On time  Median days\n"
        "  Ordnungsamt          4         2     2     50 %           15\n"
        "  Schulamt             1         1     0      0 %           20\n")


def test_stats_of_an_empty_workspace(tmp_path, cli):
    (tmp_path / "answers").mkdir()
    result = cli("stats", cwd=tmp_path)
    assert (result.exit_code, result.stdout) == (0, "no inquiries in the archive or the answers folder yet\n")


def test_stats_reads_german(office, cli, monkeypatch):
    monkeypatch.setenv("INQUIRYGEN_LANG", "de")
    result = cli("stats", "--today", "2025-10-01", cwd=office)
    assert result.stdout.splitlines()[:3] == [
        "Anfragen: 6 (4 beantwortet, 2 offen, davon 1 überfällig)",
        "Fristgerecht beantwortet: 67 % (2 von 3 mit Frist)",
        "Median der Tage bis zur Antwort: 8,5"]
    assert result.stdout.splitlines()[4:6] == [
        "Nach Jahr", "  Jahr  Anfragen  Beantwortet  Offen  Fristgerecht  Median Tage"]
