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
        "  Eingang     Frist       Verbleibend         Datei           Betreff",
        "! 01.09.2025  15.09.2025  16 Tage überfällig  answers/b.yaml  Schulen",
        "              - 1 Frage ist noch nicht beantwortet.",
        "              - Der Beitrag von Ordnungsamt ist überfällig (er war am 25.09.2025 fällig).",
        "              - Das Schreiben ist noch nicht schlussgezeichnet (letter.signoff.signed_off).",
        "  19.09.2025  06.10.2025  noch 5 Tage         answers/a.yaml  Radwege",
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


def test_ask_and_collect_read_german(tmp_path, monkeypatch, cli):
    import docx

    from .test_workflow_departments import ANSWER
    from .test_workflow_departments import CONFIG as DEPARTMENTS

    monkeypatch.setenv("INQUIRYGEN_LANG", "de")
    (tmp_path / "inquirygen.yaml").write_text(DEPARTMENTS, encoding="utf-8")
    (tmp_path / "answers").mkdir()
    (tmp_path / "answers" / "a.yaml").write_text(ANSWER, encoding="utf-8")
    result = cli("ask", "a.yaml", cwd=tmp_path)
    assert result.stdout == ("out/a-ordnung.docx geschrieben: 2 Fragen an Ordnungsamt\n"
                             "    Senden Sie es an ordnungsamt@example.de.\n"
                             "out/a-schule.docx geschrieben: 2 Fragen an Schulamt\n")
    form = docx.Document(str(tmp_path / "out" / "a-ordnung.docx"))
    assert [p.text for p in form.paragraphs[:5]] == [
        "Zuarbeit zu einer Anfrage", "An: Ordnungsamt", "Betreff: Radwege", "Fragesteller: Fraktion A",
        "Bitte senden Sie Ihre Antworten bis zum 25.09.2025 zurück."]
    assert form.tables[0].rows[0].cells[0].text == "Bearbeitet von (Name, Telefon):"
    form.tables[1].rows[1].cells[0].paragraphs[0].text = "Viele."
    form.save(str(tmp_path / "zurueck.docx"))
    collected = cli("collect", "zurueck.docx", cwd=tmp_path)
    assert (collected.exit_code, collected.stdout) == (0, (
        "zurueck.docx: 1 Antwort in answers/a.yaml übernommen (1.)\n"
        "zurueck.docx: 1 Feld leer oder unverändert (2.)\n"))
    docx.Document().save(str(tmp_path / "fremd.docx"))
    other = cli("collect", "fremd.docx", cwd=tmp_path)
    assert (other.exit_code, other.stderr.splitlines()[0]) == (1, (
        "fremd.docx: Dieses Dokument ist kein Formular von „inquirygen ask“ (die verborgenen Angaben des "
        "Formulars fehlen)."))


def test_a_missing_sign_off_reads_german(data_workspace, monkeypatch, cli):
    monkeypatch.setenv("INQUIRYGEN_LANG", "de")
    with (data_workspace / "inquirygen.yaml").open("a", encoding="utf-8") as config:
        config.write("\nsignoff:\n  required: [signed_off]\n")
    result = cli("check", "--final", "valid.yaml", cwd=data_workspace)
    assert result.exit_code == 1
    assert result.stderr.splitlines()[:2] == [
        "valid.yaml:10:1: Das Schreiben ist noch nicht schlussgezeichnet (letter.signoff.signed_off).",
        ("    Hinweis: Tragen Sie sie unter „signoff:“ in „letter:“ mit „name:“ und „date:“ ein "
        "(siehe README).")]
