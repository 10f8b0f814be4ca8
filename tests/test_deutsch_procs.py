"""In German: an interrupted build, a timeout without end, deep texts, cut pictures, long names."""

from __future__ import annotations

import os

import click
import pytest
from click.testing import CliRunner

from inquirygen.cli.group import ReportingGroup
from inquirygen.errors import describe_os_error

from .test_no_traceback import workspace
from .test_signature import png


@pytest.fixture(autouse=True)
def deutsch(monkeypatch):
    monkeypatch.setenv("INQUIRYGEN_LANG", "de")


def test_an_interrupted_command_says_so():
    @click.group(cls=ReportingGroup)
    def group() -> None:
        """A group."""

    @group.command()
    def run() -> None:
        raise KeyboardInterrupt

    result = CliRunner().invoke(group, ["run"], catch_exceptions=False)
    assert result.exit_code == 130
    assert result.stderr == "Fehler: Abgebrochen; es ist nichts halb geschrieben zurückgeblieben.\n"


def test_a_timeout_without_end_is_refused(example_workspace, cli):
    config = example_workspace / "inquirygen.yaml"
    line = len(config.read_text(encoding="utf-8").splitlines()) + 3
    with config.open("a", encoding="utf-8") as stream:
        stream.write("\npdf:\n  timeout: inf\n")
    result = cli("build", "--pdf", "2025-09-15.yaml", cwd=example_workspace)
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] == (f"inquirygen.yaml:{line}:12: Die Angabe „timeout“ darf "
                                             "höchstens 3600 sein, nicht „inf“.")


def test_texts_that_cannot_be_filled_in(tmp_path, cli):
    workspace(tmp_path, intro="{{ " + "(" * 3000 + "1" + ")" * 3000 + " }}")
    result = cli("build", "brief.yaml", cwd=tmp_path)
    assert result.stderr.splitlines()[0] == (
        "inquirygen.yaml:4:10: Die Standardformulierung „intro“ ist fehlerhaft: Der Text in den "
        "geschweiften Klammern ist zu tief verschachtelt (höchstens 50 Ebenen aus Klammern, "
        "Bedingungen und Rechnungen).")
    workspace(tmp_path, intro='{{ "Siehe {0} {1}".format(inquiry.subject) }}')
    result = cli("build", "brief.yaml", cwd=tmp_path)
    assert result.stderr.splitlines()[0] == (
        "inquirygen.yaml:4:10: Die Standardformulierung „intro“ lässt sich nicht ausfüllen: Für eine "
        "nummerierte Stelle wie {1} in den geschweiften Klammern gibt es keinen Wert zum Einsetzen.")
    workspace(tmp_path, response="{{ 1 / 0 }}")
    result = cli("build", "brief.yaml", cwd=tmp_path)
    assert result.stderr.splitlines()[0] == ("brief.yaml:6:15: Der Text lässt sich nicht ausfüllen: Der "
                                             "Text in den geschweiften Klammern teilt durch null.")


def test_a_picture_cut_short(tmp_path, cli):
    (tmp_path / "bilder").mkdir()
    (tmp_path / "bilder" / "bild.png").write_bytes(png(400, 100)[:-20])
    workspace(tmp_path, signature="bilder/bild.png")
    result = cli("build", "brief.yaml", cwd=tmp_path)
    assert result.exit_code == 1
    assert result.stderr.splitlines()[:2] == [
        "inquirygen.yaml:2:44: Das Bild „bilder/bild.png“ ist unvollständig oder beschädigt.",
        "    Hinweis: Speichern oder exportieren Sie das Bild erneut und kopieren Sie die ganze Datei."]


def test_names_longer_than_file_systems_allow(example_workspace, cli):
    name = "a" * 295 + ".yaml"
    result = cli("build", name, cwd=example_workspace)
    assert (result.exit_code, result.stderr) == (2, (
        f"Fehler: Die Antwortdatei „{name}“ kann es nicht geben: Der Name ist länger, als Dateisysteme "
        "erlauben.\n"))
    result = cli("build", "2025-09-15.yaml", "-o", "b" * 300 + ".docx", cwd=example_workspace)
    assert (result.exit_code, result.stderr) == (2, (
        f"Fehler: {'b' * 300}.docx kann nicht geschrieben werden: Ein Name darin ist 305 Byte lang, "
        "länger als Dateisysteme erlauben (255). Es wurde nichts geschrieben.\n"))


@pytest.mark.skipif(os.geteuid() == 0, reason="root may read every folder")
def test_a_folder_that_may_not_be_read(tmp_path, monkeypatch):
    closed = tmp_path / "antworten"
    closed.mkdir()
    closed.chmod(0)
    monkeypatch.chdir(tmp_path)
    try:
        assert describe_os_error(PermissionError(13, "Permission denied", "antworten/a.yaml")) == (
            "antworten/a.yaml kann nicht gelesen werden: Ihnen fehlt die Berechtigung, den Ordner "
            "antworten zu öffnen.")
        assert describe_os_error(PermissionError(13, "Permission denied", "antworten")) == (
            "Der Ordner antworten kann nicht gelesen werden: Ihnen fehlt die Berechtigung dafür.")
    finally:
        closed.chmod(0o755)
