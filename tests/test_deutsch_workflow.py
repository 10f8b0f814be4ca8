"""The workflow commands in German: status, its lists, and the exit codes."""

from __future__ import annotations

from pathlib import Path

import pytest

from .test_workflow_status import CONFIG, answer


@pytest.fixture
def office(tmp_path: Path, monkeypatch) -> Path:
    monkeypatch.setenv("INQUIRYGEN_LANG", "de")
    (tmp_path / "inquirygen.yaml").write_text(CONFIG, encoding="utf-8")
    return tmp_path


def test_status_reads_german(office, cli):
    answer(office, "a.yaml", received="2025-09-19", subject="Radwege", department_due="2025-10-03")
    answer(office, "b.yaml", received="2025-09-01", subject="Schulen")
    result = cli("status", "--today", "01.10.2025", cwd=office)
    assert result.exit_code == 1
    assert result.stdout.splitlines() == [
        "  Frist       Verbleibend         Datei           Betreff",
        "! 15.09.2025  16 Tage überfällig  answers/b.yaml  Schulen",
        "              - 1 Frage ist noch nicht beantwortet.",
        "              - Der Beitrag von Ordnungsamt ist überfällig (er war am 25.09.2025 fällig).",
        "              - Das Schreiben ist noch nicht schlussgezeichnet (letter.signoff.signed_off).",
        "  06.10.2025  noch 5 Tage         answers/a.yaml  Radwege",
        "              - 1 Frage ist noch nicht beantwortet.",
        "              - Der Beitrag von Ordnungsamt steht noch aus (fällig am 03.10.2025).",
        "              - Das Schreiben ist noch nicht schlussgezeichnet (letter.signoff.signed_off).",
        "",
        "2 offene Anfragen (1 überfällig)",
    ]


def test_status_refusal_and_empty_list_read_german(office, cli):
    (office / "answers").mkdir()
    assert cli("status", cwd=office).stdout == "Keine offenen Anfragen.\n"
    answer(office, "a.yaml", received="2025-09-19")
    result = cli("status", "--xlsx", "answers/a.yaml", cwd=office)
    assert result.exit_code == 2
    assert result.stderr == ("Fehler: „answers/a.yaml“ ist eine Datei des Arbeitsordners; es wurde nichts "
                             "geschrieben. Wählen Sie einen anderen Namen für die Liste.\n")
