"""The archive, init, new snippets, extract and the workspace check as a German clerk reads them."""

from __future__ import annotations

import json
import sqlite3

import pytest

from inquirygen.archive import Manifest
from inquirygen.errors import ArchiveError
from inquirygen.workspace import Workspace

from .test_archive import StubPdf, make_archive


@pytest.fixture(autouse=True)
def german(monkeypatch):
    monkeypatch.setenv("INQUIRYGEN_LANG", "de")


@pytest.fixture
def fresh(tmp_path, cli):
    """A workspace made by ``inquirygen init``."""
    result = cli("init", "ws", cwd=tmp_path)
    assert result.exit_code == 0, result.stderr
    return tmp_path / "ws"


def error_message(stderr: str) -> str:
    """The message of the last line, without its "Error: " (whose German is the command line's)."""
    return stderr.splitlines()[-1].partition(": ")[2]


# -- the archive ----------------------------------------------------------------------------------


def test_verify_names_a_changed_file(tmp_path, cli):
    archive = make_archive(tmp_path / "archive", [{"subject": "Eins", "items": [("Q?", "A.")]}])
    pdf = archive.root / "2025" / "2025-02-01_eins" / "letter.pdf"
    pdf.chmod(0o644)
    pdf.write_bytes(pdf.read_bytes() + b"x")
    result = cli("archive", "verify", cwd=tmp_path)
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] == (
        "archive/2025/2025-02-01_eins: Die Datei letter.pdf wurde verändert (ihre Prüfsumme weicht "
        "von der im Manifest ab)")


def test_verify_names_a_missing_file_an_unindexed_entry_and_a_stray_folder(tmp_path, cli):
    archive = make_archive(tmp_path / "archive", [{"subject": "Eins", "items": [("Q?", "A.")]}])
    entry = archive.root / "2025" / "2025-02-01_eins"
    entry.chmod(0o755)
    (entry / "letter.txt").unlink()
    with sqlite3.connect(archive.root / "index.sqlite") as index:
        index.execute("DELETE FROM letters")
    (archive.root / "2025" / "verwaist").mkdir()
    result = cli("archive", "verify", cwd=tmp_path)
    assert result.exit_code == 1
    assert result.stderr.splitlines()[:4] == [
        "archive/2025/2025-02-01_eins: Die Datei letter.txt fehlt",
        "archive/2025/2025-02-01_eins: Der Eintrag fehlt im Suchindex",
        "    Hinweis: Führen Sie „inquirygen archive reindex“ aus",
        "archive/2025/verwaist: Der Ordner enthält keine manifest.json und ist daher kein Archiveintrag",
    ]


def test_show_of_an_unknown_entry(tmp_path, cli):
    make_archive(tmp_path / "archive", [{"subject": "Radwege", "items": [("Q?", "A.")]}])
    near = cli("archive", "show", "2025-02-01_radweg", cwd=tmp_path)
    assert near.exit_code == 1
    assert error_message(near.stderr) == ("Es gibt keinen Archiveintrag „2025-02-01_radweg“ "
                                          "(meinten Sie „2025-02-01_radwege“?)")
    far = cli("archive", "show", "gibt-es-nicht", cwd=tmp_path)
    assert far.exit_code == 1
    assert error_message(far.stderr) == "Es gibt keinen Archiveintrag „gibt-es-nicht“"


def test_archiving_a_file_with_errors_archives_nothing(data_workspace, cli, monkeypatch):
    monkeypatch.setattr(Workspace, "pdf_converter", lambda self: StubPdf())
    (data_workspace / "offen.yaml").write_text(
        (data_workspace / "valid.yaml").read_text(encoding="utf-8") + "  - question: Offen?\n",
        encoding="utf-8")
    result = cli("archive", "offen.yaml", cwd=data_workspace)
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] == (
        "offen.yaml: Nicht archiviert: Beheben Sie zuerst die übrigen gemeldeten Fehler")
    assert not (data_workspace / "archive").exists()


@pytest.mark.parametrize(("change", "message"), ids=["missing", "number", "unknown-key", "newer"],
                         argvalues=[
    (lambda data: data["letter"].pop("date"), "Die Angabe „letter.date“ fehlt"),
    (lambda data: data.update(version="eins"),
     "Die Angabe „version“ sollte eine ganze Zahl sein, nicht \"eins\""),
    (lambda data: data.update(colour="rot"), "Die Angabe „colour“ gibt es im Manifestformat 2 nicht"),
    (lambda data: data.update(format=3), ("Das Manifest hat das Format 3 und braucht eine neuere "
                                          "Version von inquirygen (diese liest Format 2)")),
])
def test_a_malformed_manifest(tmp_path, monkeypatch, change, message):
    archive = make_archive(tmp_path / "archive", [{"subject": "Eins", "items": [("Q?", "A.")]}])
    path = archive.root / "2025" / "2025-02-01_eins" / "manifest.json"
    data = json.loads(path.read_bytes())
    change(data)
    monkeypatch.chdir(tmp_path)
    with pytest.raises(ArchiveError) as raised:
        Manifest.from_json(json.dumps(data), path)
    assert str(raised.value) == f"archive/2025/2025-02-01_eins/manifest.json: {message}"


def test_an_archive_that_cannot_be_written(tmp_path, monkeypatch):
    blocked = tmp_path / "archive"
    blocked.write_text("eine Datei, kein Ordner", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    with pytest.raises(ArchiveError) as raised:
        make_archive(blocked, [{"subject": "Eins", "items": [("Q?", "A.")]}])
    assert str(raised.value) == "In das Archiv archive lässt sich nicht schreiben: File exists"


# -- init, snippets new, snippets extract ---------------------------------------------------------


def test_init_into_a_workspace_changes_nothing(tmp_path, cli, fresh):
    again = cli("init", "ws", cwd=tmp_path)
    assert again.exit_code == 1
    assert error_message(again.stderr) == (
        "Die Datei ws/inquirygen.yaml gibt es bereits; es wurde nichts geändert")


def test_init_into_a_folder_that_holds_a_file_of_the_same_name(tmp_path, cli):
    (tmp_path / "ws" / "answers").mkdir(parents=True)
    (tmp_path / "ws" / "answers" / "2025-01-20.yaml").write_text("eigene Antwort\n", encoding="utf-8")
    result = cli("init", "ws", cwd=tmp_path)
    assert result.exit_code == 1
    assert error_message(result.stderr) == (
        "Die Datei ws/answers/2025-01-20.yaml gibt es bereits; es wurde nichts geändert")
    assert not (tmp_path / "ws" / "inquirygen.yaml").exists()


def test_snippets_new_with_a_name_that_exists_or_cannot_be_one(fresh, cli, monkeypatch):
    monkeypatch.delenv("EDITOR", raising=False)
    taken = cli("snippets", "new", "Keine-Daten", cwd=fresh)
    assert taken.exit_code == 1
    assert error_message(taken.stderr) == (
        "Den Textbaustein „Keine-Daten“ gibt es bereits (answers/snippets/keine-daten.md); "
        "es wurde nichts geändert")
    refused = cli("snippets", "new", "../außerhalb", cwd=fresh)
    assert refused.exit_code == 1
    assert error_message(refused.stderr) == (
        "Der Name „../außerhalb“ ist für einen Textbaustein nicht möglich: Verwenden Sie Buchstaben "
        "(auch Umlaute und Großbuchstaben), Ziffern, Leerzeichen, „-“ und „_“, am Anfang einen "
        "Buchstaben oder eine Ziffer")


def test_snippets_extract_with_an_unknown_id(fresh, cli):
    near = cli("snippets", "extract", "2025-01-20.yaml#zeit", "x", cwd=fresh)
    assert near.exit_code == 1
    assert error_message(near.stderr) == (
        "Die Antwortdatei answers/2025-01-20.yaml enthält keine Frage mit der Kennung „zeit“ "
        "(meinten Sie „zeiten“?)")
    far = cli("snippets", "extract", "2025-01-20.yaml#gibtsnicht", "x", cwd=fresh)
    assert far.exit_code == 1
    assert error_message(far.stderr) == (
        "Die Antwortdatei answers/2025-01-20.yaml enthält keine Frage mit der Kennung „gibtsnicht“")
    assert not (fresh / "answers" / "snippets" / "x.md").exists()


# -- check of a whole workspace -------------------------------------------------------------------


def test_check_names_an_unused_snippet(fresh, cli):
    (fresh / "answers" / "snippets" / "frei.md").write_text("---\ntitle: Frei\n---\nText\n",
                                                            encoding="utf-8")
    result = cli("check", cwd=fresh)
    assert result.exit_code == 0
    assert result.stderr == (
        "answers/snippets/frei.md: Warnung: Der Textbaustein „frei“ wird in keiner Antwort verwendet\n"
        "    Hinweis: Löschen Sie ihn oder verwenden Sie ihn mit {{ snippet(\"frei\") }}\n")
    strict = cli("check", "--strict", cwd=fresh)
    assert strict.exit_code == 1
    assert strict.stderr.splitlines()[0] == (
        "answers/snippets/frei.md: Der Textbaustein „frei“ wird in keiner Antwort verwendet")
