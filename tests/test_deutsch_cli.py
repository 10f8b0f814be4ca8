"""The command line in German: help, usage errors, summaries and what was written, with exit codes."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from inquirygen import __version__
from inquirygen.archive import ChainHead, VerifyReport
from inquirygen.cli import archive_report, authoring_report
from inquirygen.writers.docx.clean import TemplateCleaning


def inquirygen(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    """``inquirygen …`` in German, in a fresh interpreter: help texts are translated at import."""
    environment = {**os.environ, "INQUIRYGEN_LANG": "de", "COLUMNS": "80"}
    return subprocess.run(
        [sys.executable, "-c", "from inquirygen.cli import main; main(prog_name='inquirygen')", *args],
        capture_output=True, text=True, env=environment, cwd=cwd, check=False)


@pytest.fixture
def deutsch(monkeypatch):
    monkeypatch.setenv("INQUIRYGEN_LANG", "de")


# -- help ------------------------------------------------------------------------------------------


def test_the_overview_reads_german():
    result = inquirygen("--help")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith(
        "Aufruf: inquirygen [OPTIONEN] BEFEHL [ARGUMENTE]...\n\n"
        "  Antwortschreiben auf Anfragen aus Räten und Parlamenten, "), result.stdout
    assert "  Rückgabewerte (Exit-Codes): 0 Erfolg, 1 Fehler in Ihren Dateien" in result.stdout
    assert result.stdout.endswith(
        "Optionen:\n"
        "  --version   Die Version zeigen und beenden.\n"
        "  -h, --help  Diese Hilfe zeigen und beenden.\n"
        "\n"
        "Befehle:\n"
        "  archive   Das Archiv der versandten Schreiben.\n"
        "  ask       Ein Formular je Fachamt für seine Fragen schreiben.\n"
        "  build     Antwortschreiben als .docx erstellen.\n"
        "  check     Prüfen, ohne zu erstellen: alle Fehler mit ihrer Zeile.\n"
        "  collect   Ausgefüllte Formulare in die Antwortdatei einlesen.\n"
        "  edit      Eine Antwortdatei im Browser bearbeiten, mit Vorschau.\n"
        "  init      Einen sofort einsatzbereiten Arbeitsordner anlegen.\n"
        "  new       Eine Antwortdatei zur eingegangenen Anfrage anlegen.\n"
        "  preview   Das Schreiben als reinen Text zeigen.\n"
        "  schema    Die JSON-Schemas für Editoren nach schemas/ schreiben.\n"
        "  snippets  Wiederverwendbare Textbausteine in answers/snippets/.\n"
        "  stats     Zahlen: Anfragen je Jahr, Fragesteller, Fachamt.\n"
        "  status    Die offenen Anfragen: Fristen und was noch fehlt.\n"
        "  template  Die Word-Vorlage: Änderungen und Kommentare bereinigen.\n"), result.stdout


def test_build_help_reads_german_and_keeps_its_examples():
    result = inquirygen("build", "--help")
    assert result.returncode == 0, result.stderr
    assert result.stdout == (
        "Aufruf: inquirygen build [OPTIONEN] DATEIEN...\n"
        "\n"
        "  Antwortschreiben als .docx erstellen.\n"
        "\n"
        "  DATEIEN sind Antwortdateien, so wie angegeben oder im Ordner answers/ des\n"
        "  Arbeitsordners, z. B.\n"
        "\n"
        "      inquirygen build 2025-09-15.yaml\n"
        "\n"
        "      inquirygen build answers/*.yaml -o out/\n"
        "\n"
        "Optionen:\n"
        "  -o, --output PFAD  Ausgabedatei (bei einer Antwortdatei) oder Ausgabeordner\n"
        "                     (bei mehreren, oder wenn die Angabe auf / endet).\n"
        "                     Vorgabe: out/<name>.docx\n"
        "  --strict           Warnungen (etwa zu unbeantworteten Fragen) als Fehler\n"
        "                     behandeln.\n"
        "  --pdf              Zu jedem Schreiben auch ein PDF/A erzeugen (mit\n"
        "                     LibreOffice).\n"
        "  --final            Das Schreiben, das hinausgeht: Was „check --final“\n"
        "                     findet, ist ein Fehler (unbeantwortete Fragen,\n"
        "                     Platzhalter, die Zeichnungen, die inquirygen.yaml\n"
        "                     verlangt, …).\n"
        "  -h, --help         Diese Hilfe zeigen und beenden.\n")


def test_new_help_reads_german_and_its_examples_keep_their_lines():
    result = inquirygen("new", "--help")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("Aufruf: inquirygen new [OPTIONEN] [ANFRAGEDATEI]\n\n"
                                    "  Eine Antwortdatei zur eingegangenen Anfrage anlegen; ")
    assert (
        "\n"
        "      inquirygen new anfrage.docx\n"
        "      inquirygen new --date 15.09.2025 --subject \"Radwege\" --questioner \"Fraktion X\" \\\n"
        "          --questions \"1. Wie viele …? 2. Wann …?\"\n"
        "\n"
        "Optionen:\n"
        "  --date TEXT        Datum der Anfrage, 15.09.2025 oder 2025-09-15.\n"
        "  --subject TEXT     Betreff der Anfrage.\n"
        "  --questioner TEXT  Fraktion oder Mitglied, das die Anfrage gestellt hat.\n") in result.stdout
    assert "  --salutation TEXT  Frau …, Herr … oder eine ganze Zeile, die mit „,“ endet.\n" in result.stdout


def test_a_group_lists_its_commands_in_german():
    result = inquirygen("snippets", "--help")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("Aufruf: inquirygen snippets [OPTIONEN] BEFEHL [ARGUMENTE]...\n")
    assert result.stdout.endswith(
        "Befehle:\n"
        "  extract  Eine Antwort wörtlich in einen Textbaustein übernehmen.\n"
        "  list     Die Textbausteine auflisten: Titel, Schlagwörter, Verwendung.\n"
        "  new      Eine Textbaustein-Datei zum Ausfüllen anlegen.\n"
        "  search   Textbausteine finden, die alle SUCHWÖRTER enthalten.\n"
        "  show     Einen Textbaustein mit Vorgabewerten und Platzhaltern zeigen.\n")


def test_the_version():
    result = inquirygen("--version")
    assert result.returncode == 0
    assert result.stdout == f"inquirygen, Version {__version__}\n"


# -- wrong use: exit code 2 ------------------------------------------------------------------------


def test_an_unknown_option_is_a_german_usage_error():
    result = inquirygen("build", "--pfd", "valid.yaml")
    assert result.returncode == 2
    assert result.stderr == ("Aufruf: inquirygen build [OPTIONEN] DATEIEN...\n"
                             "Hilfe zeigt „inquirygen build --help“.\n"
                             "\n"
                             "Fehler: Die Option '--pfd' gibt es nicht. Meinten Sie '--pdf'?\n")


def test_a_missing_argument_is_a_german_usage_error():
    result = inquirygen("archive", "show")
    assert result.returncode == 2
    assert result.stderr == ("Aufruf: inquirygen archive show [OPTIONEN] KENNUNG\n"
                             "Hilfe zeigt „inquirygen archive show --help“.\n"
                             "\n"
                             "Fehler: Es fehlt das Argument 'KENNUNG'.\n")
    assert inquirygen("build").stderr.endswith("Fehler: Es fehlt das Argument 'DATEIEN...'.\n")


def test_an_answer_file_that_does_not_exist_is_a_german_usage_error(data_workspace):
    result = inquirygen("build", "2030-01-01.yaml", cwd=data_workspace)
    assert result.returncode == 2
    # The message itself is inquirygen/workspace.py's; the command line says "Fehler:" before it.
    assert result.stderr.startswith("Fehler: "), result.stderr
    assert "2030-01-01.yaml" in result.stderr
    assert result.stdout == ""


def test_extract_wants_the_question_as_file_and_id(deutsch, cli, example_workspace):
    result = cli("snippets", "extract", "2025-09-15.yaml", "neu", cwd=example_workspace)
    assert result.exit_code == 2
    assert result.stderr.endswith(
        "Fehler: Geben Sie die Frage als DATEI#KENNUNG an, z. B. 2025-09-15.yaml#schulung\n")


def test_a_template_that_does_not_exist(deutsch, cli, example_workspace):
    result = cli("template", "clean", "fehlt.docx", cwd=example_workspace)
    assert result.exit_code == 2
    assert result.stderr == "Fehler: Die Vorlage „fehlt.docx“ wurde nicht gefunden\n"


# -- summaries ------------------------------------------------------------------------------------


def test_a_successful_build_says_what_it_wrote(deutsch, cli, data_workspace):
    result = cli("build", "valid.yaml", cwd=data_workspace)
    assert result.exit_code == 0, result.stderr
    assert result.stdout == "Gespeichert: out/valid.docx\n"
    assert result.stderr == ""


def test_a_build_with_errors_sums_up_in_german(deutsch, cli, data_workspace):
    batch = cli("build", "valid.yaml", "self_ref.yaml", cwd=data_workspace)
    assert batch.exit_code == 1
    assert batch.stdout == "Gespeichert: out/valid.docx\n"
    assert batch.stderr.endswith("Fehler: 1 Fehler gefunden; 1 Schreiben nicht erstellt: self_ref.yaml\n")
    alone = cli("build", "self_ref.yaml", cwd=data_workspace)
    assert alone.exit_code == 1
    assert alone.stderr.endswith("\nFehler: 1 Fehler gefunden; 1 Schreiben nicht erstellt\n")


def test_check_sums_up_in_german(deutsch, cli, data_workspace, example_workspace):
    good = cli("check", "valid.yaml", cwd=data_workspace)
    assert (good.exit_code, good.stdout) == (0, "1 Datei geprüft, keine Fehler\n")
    bad = cli("check", "valid.yaml", "self_ref.yaml", cwd=data_workspace)
    assert bad.exit_code == 1
    assert bad.stderr.endswith("\nFehler: 1 Fehler gefunden; 1 Datei mit Fehlern\n")
    (data_workspace / "offen.yaml").write_text(
        (data_workspace / "valid.yaml").read_text(encoding="utf-8")
        + "  - question: Noch offen?\n", encoding="utf-8")
    open_question = cli("check", "offen.yaml", "valid.yaml", cwd=data_workspace)
    assert open_question.exit_code == 0
    assert open_question.stdout == "2 Dateien geprüft, keine Fehler, 1 Warnung\n"
    whole = cli("check", cwd=example_workspace)
    assert (whole.exit_code, whole.stdout) == (0, "Arbeitsordner geprüft, keine Fehler\n")


def test_the_summaries_of_new_and_init(deutsch, capsys):
    authoring_report.new_answer_file(Path("answers/2025-09-15.yaml"), 1)
    authoring_report.new_answer_file(Path("answers/2025-09-16.yaml"), 3, remark=True)
    authoring_report.next_step(Path("anfragen"), Path("anfragen/answers/2025-01-20.yaml"))
    assert capsys.readouterr().out == (
        "Gespeichert: answers/2025-09-15.yaml mit 1 Frage; die Antwort schreiben Sie selbst\n"
        "Gespeichert: answers/2025-09-16.yaml mit 3 Fragen; die Antworten schreiben Sie selbst\n"
        "Die Vorbemerkung aus der Anfrage steht unter „remarks:“ und wird vor den Antworten gedruckt; "
        "löschen Sie sie, wenn Ihre Schreiben sie nicht wiedergeben\n"
        "\n"
        "Als Nächstes: cd anfragen && inquirygen build 2025-01-20.yaml\n")


@pytest.mark.parametrize(("changes", "comments", "expected"), [
    (0, 0, "vorlage.docx: keine nachverfolgten Änderungen und keine Kommentare; unverändert gelassen"),
    (1, 0, ("vorlage.docx: 1 nachverfolgte Änderung angenommen; das Original ist als "
            "vorher/vorlage.docx aufbewahrt")),
    (0, 2, "vorlage.docx: 2 Kommentare gelöscht; das Original ist als vorher/vorlage.docx aufbewahrt"),
    (3, 1, ("vorlage.docx: 3 nachverfolgte Änderungen angenommen und 1 Kommentar gelöscht; das "
            "Original ist als vorher/vorlage.docx aufbewahrt")),
])
def test_template_clean_says_what_it_did(deutsch, capsys, changes, comments, expected):
    original = Path("vorher/vorlage.docx") if changes or comments else None
    authoring_report.cleaned(Path("vorlage.docx"), TemplateCleaning(changes, comments, original))
    assert capsys.readouterr().out == expected + "\n"


def test_the_archive_sums_up_in_german(deutsch, capsys):
    assert archive_report.verified(VerifyReport(entries=1)) == 0
    assert archive_report.verified(VerifyReport(entries=2, unchained=2,
                                                head=ChainHead(7, "ab12" * 16, "2025-02-01_eins"))) == 0
    archive_report.indexed(1)
    archive_report.indexed(3)
    archive_report.archive_table([], 0)
    archive_report.archive_hits([], ("Radweg", "Ausbau"))
    archive_report.chain_head(None)
    assert capsys.readouterr().out == ("1 Archiveintrag vollständig und unverändert\n"
                                       "2 Archiveinträge vollständig und unverändert\n"
                                       "2 Einträge wurden vor der Hash-Kette archiviert (mit einem "
                                       "älteren inquirygen)\n"
                                       f"Kopf der Hash-Kette: {'ab12' * 16} (Eintrag 7, 2025-02-01_eins)\n"
                                       "1 Archiveintrag in den Suchindex aufgenommen\n"
                                       "3 Archiveinträge in den Suchindex aufgenommen\n"
                                       "Das Archiv ist leer\n"
                                       "Keine Treffer für „Radweg Ausbau“\n"
                                       "Das Archiv hat noch keine Hash-Kette\n")


def test_the_snippet_commands_report_in_german(deutsch, cli, example_workspace):
    listed = cli("snippets", "list", cwd=example_workspace)
    assert listed.exit_code == 0
    assert listed.stdout.startswith("NAME                    TITEL  ")
    assert "  SCHLAGWÖRTER  " in listed.stdout.splitlines()[0]
    assert listed.stdout.splitlines()[0].endswith("  VERWENDET IN")
    nothing = cli("snippets", "search", "Zeppelin", cwd=example_workspace)
    assert nothing.stdout == "Kein Textbaustein enthält „Zeppelin“\n"
    made = cli("snippets", "new", "frist", cwd=example_workspace)
    assert made.stdout == "Gespeichert: answers/snippets/frist.md\n"
    shown = cli("snippets", "show", "frist", cwd=example_workspace)
    assert shown.stdout.endswith("\nPlatzhalter: keine\n")


@pytest.mark.parametrize("command", [("archive", "list"), ("archive", "search", "Radwege"),
                                     ("snippets", "list"), ("snippets", "new", "abc"),
                                     ("template", "clean")])
def test_outside_a_workspace_the_commands_say_so_instead_of_finding_nothing(tmp_path, cli, deutsch,
                                                                            command):
    """"Das Archiv ist leer" in the wrong folder would make a clerk think the archive is gone; and
    "template clean" would clean the template shipped with inquirygen."""
    result = cli(*command, cwd=tmp_path)
    assert result.exit_code == 2
    assert result.stderr == (
        "Fehler: Hier ist kein Arbeitsordner: Weder in diesem Ordner noch darüber gibt es eine Datei "
        "inquirygen.yaml, und es gibt keinen Ordner „answers“. Wechseln Sie in den Ordner Ihrer "
        "Antworten (cd), nennen Sie eine Antwortdatei oder legen Sie mit „inquirygen init ORDNER“ einen "
        "Arbeitsordner an.\n")
    assert list(tmp_path.iterdir()) == []
