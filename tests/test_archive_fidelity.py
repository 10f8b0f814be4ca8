"""The archive stores what was sent: the files build wrote, edits noted, no letter twice, retries safe."""

from __future__ import annotations

import hashlib
import json
import sqlite3

import pytest

from inquirygen.archive import Archive
from inquirygen.archive import store as archive_store
from inquirygen.workspace import Workspace

from .test_archive import ENTRY, StubPdf


class CountingPdf(StubPdf):
    """The stand-in converter, counting its calls: archive must not convert a PDF that build made."""

    def __init__(self) -> None:
        self.calls = 0

    def convert(self, documents, targets):
        self.calls += 1
        return super().convert(documents, targets)


@pytest.fixture
def converter(monkeypatch):
    counting = CountingPdf()
    monkeypatch.setattr(Workspace, "pdf_converter", lambda self: counting)
    return counting


def entry_folder(workspace, entry=ENTRY):
    return workspace / "archive" / "2025" / entry


def manifest_of(workspace, entry=ENTRY):
    return json.loads((entry_folder(workspace, entry) / "manifest.json").read_text(encoding="utf-8"))


def sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def test_build_records_what_it_wrote_beside_the_letter(example_workspace, cli, converter):
    assert cli("build", "2025-09-15.yaml", "--pdf", cwd=example_workspace).exit_code == 0
    out = example_workspace / "out"
    record = json.loads((out / ".2025-09-15.inquirygen.json").read_text(encoding="utf-8"))
    answer = (example_workspace / "answers" / "2025-09-15.yaml").read_bytes()
    docx, pdf = (out / "2025-09-15.docx").read_bytes(), (out / "2025-09-15.pdf").read_bytes()
    assert record == {
        "format": 1, "tool": "inquirygen 0.1.0",
        "source": {"name": "2025-09-15.yaml", "sha256": sha(answer)},
        "docx": {"name": "2025-09-15.docx", "sha256": sha(docx), "size": len(docx)},
        "pdf": {"name": "2025-09-15.pdf", "sha256": sha(pdf), "size": len(pdf)}}
    before = (out / ".2025-09-15.inquirygen.json").read_bytes()
    assert cli("build", "2025-09-15.yaml", "--pdf", cwd=example_workspace).exit_code == 0
    assert (out / ".2025-09-15.inquirygen.json").read_bytes() == before  # no time in it


def test_archive_stores_the_very_files_build_wrote(example_workspace, cli, converter):
    assert cli("build", "2025-09-15.yaml", "--pdf", cwd=example_workspace).exit_code == 0
    assert converter.calls == 1
    out = example_workspace / "out"
    # A PDF that differs from any the converter would make now: archive must take this one.
    pdf = out / "2025-09-15.pdf"
    sent_pdf = pdf.read_bytes()
    result = cli("archive", "2025-09-15.yaml", cwd=example_workspace)
    assert (result.exit_code, result.stderr) == (0, "")
    assert converter.calls == 1  # the PDF build made was taken, not made again
    folder = entry_folder(example_workspace)
    assert (folder / "letter.docx").read_bytes() == (out / "2025-09-15.docx").read_bytes()
    assert (folder / "letter.pdf").read_bytes() == sent_pdf
    files = manifest_of(example_workspace)["files"]
    assert (files["letter.docx"]["origin"], files["letter.pdf"]["origin"]) == ("built", "built")
    assert "built_sha256" not in files["letter.docx"]


def test_a_docx_edited_after_the_build_is_stored_as_sent_with_a_note(example_workspace, cli, converter):
    assert cli("build", "2025-09-15.yaml", "--pdf", cwd=example_workspace).exit_code == 0
    docx = example_workspace / "out" / "2025-09-15.docx"
    built = docx.read_bytes()
    edited = built + b"\0"  # stands for a letter opened in Word, changed and saved
    docx.write_bytes(edited)
    result = cli("archive", "2025-09-15.yaml", cwd=example_workspace)
    assert result.exit_code == 0
    assert result.stderr == (
        "out/2025-09-15.docx: warning: out/2025-09-15.docx was changed after it was built; the changed "
        "file was archived as sent, and the manifest notes it (the search finds the text as built)\n")
    folder = entry_folder(example_workspace)
    assert (folder / "letter.docx").read_bytes() == edited
    facts = manifest_of(example_workspace)["files"]
    assert facts["letter.docx"] == {"sha256": sha(edited), "size": len(edited), "origin": "edited",
                                    "built_sha256": sha(built)}
    # The PDF beside it shows the letter before the edit: made anew from the edited .docx.
    assert facts["letter.pdf"]["origin"] == "archive" and converter.calls == 2
    shown = cli("archive", "show", ENTRY, cwd=example_workspace).stdout.splitlines()
    assert "letter.docx: changed after the build, archived as sent" in shown


def test_a_letter_built_from_an_earlier_answer_file_is_not_archived(example_workspace, cli, converter):
    assert cli("build", "2025-09-15.yaml", cwd=example_workspace).exit_code == 0
    answer = example_workspace / "answers" / "2025-09-15.yaml"
    answer.write_text(answer.read_text(encoding="utf-8").replace("Deeskalation", "Deeskalierung", 1),
                      encoding="utf-8")
    result = cli("archive", "2025-09-15.yaml", cwd=example_workspace)
    assert result.exit_code == 1
    assert result.stderr == (
        "answers/2025-09-15.yaml: out/2025-09-15.docx was built from an earlier state of this answer "
        "file, its snippets, template or settings, so it is not the letter this file makes now; nothing "
        "was archived\n"
        "    hint: if the letter in out/2025-09-15.docx was sent, archive it before changing the answer "
        "file; otherwise build it again with 'inquirygen build 2025-09-15.yaml'\n"
        "Error: 1 problem found\n")
    assert not (example_workspace / "archive").exists()


def test_without_a_build_archive_writes_the_letter_and_says_so(example_workspace, cli, converter):
    result = cli("archive", "2025-09-15.yaml", cwd=example_workspace)
    assert result.exit_code == 0
    assert result.stderr == (
        "answers/2025-09-15.yaml: warning: no letter built with 'inquirygen build' was found at "
        "out/2025-09-15.docx; the letter was written now for the archive\n")
    assert manifest_of(example_workspace)["files"]["letter.docx"]["origin"] == "archive"


def test_a_hand_written_answer_file_is_stored_byte_for_byte(data_workspace, cli,
                                                             converter):
    source = data_workspace / "valid.yaml"
    text = source.read_text(encoding="utf-8")
    odd = data_workspace / "eigen.yaml"
    # A comment, CRLF line ends and a BOM: the stored file is the file, not a re-serialised copy.
    odd.write_bytes(b"\xef\xbb\xbf# von Hand\r\n" + text.replace("\n", "\r\n").encode("utf-8"))
    result = cli("archive", "eigen.yaml", cwd=data_workspace)
    assert result.exit_code == 0, result.stderr
    stored = next((data_workspace / "archive").rglob("answers.yaml"))
    assert stored.read_bytes() == odd.read_bytes()


def test_a_failure_after_storing_reports_the_entry_and_a_retry_stores_nothing_twice(
        example_workspace, cli, converter, monkeypatch):
    real = archive_store.index_entry

    def full_index(*args):
        raise sqlite3.OperationalError("database or disk is full")

    monkeypatch.setattr(archive_store, "index_entry", full_index)
    first = cli("archive", "2025-09-15.yaml", cwd=example_workspace)
    assert first.exit_code == 0
    assert first.stdout == (f"archived answers/2025-09-15.yaml as {ENTRY} (version 1) in "
                            f"archive/2025/{ENTRY}\n")
    assert first.stderr.endswith(
        f"archive/2025/{ENTRY}: warning: the entry is stored, but not yet in the search index (the next "
        "'inquirygen archive' adds it): the archive index archive/index.sqlite cannot be used (database "
        "or disk is full); rebuild it with 'inquirygen archive reindex'\n")
    assert (example_workspace / "archive" / ".pending").exists()
    monkeypatch.setattr(archive_store, "index_entry", real)
    again = cli("archive", "2025-09-15.yaml", cwd=example_workspace)
    assert (again.exit_code, again.stdout) == (0, (
        f"answers/2025-09-15.yaml is already archived as {ENTRY} (version 1); nothing was stored again\n"))
    archive = Archive(example_workspace / "archive")
    assert [entry.id for entry in archive.entries()] == [ENTRY]
    assert not (example_workspace / "archive" / ".pending").exists()  # the retry indexed it
    assert archive.verify().problems == []
    assert archive.search(["Deeskalation"])[0].entry_id == ENTRY


def test_an_entry_renamed_into_place_but_not_indexed_is_indexed_by_the_next_run(example_workspace, cli,
                                                                                 converter):
    assert cli("archive", "2025-09-15.yaml", cwd=example_workspace).exit_code == 0
    root = example_workspace / "archive"
    # As a run killed between the rename and the index leaves it: the journal, no index row.
    with sqlite3.connect(root / "index.sqlite") as index:
        index.execute("DELETE FROM letters")
        index.execute("DELETE FROM items")
    (root / ".pending").write_text(json.dumps({"id": ENTRY, "folder": f"2025/{ENTRY}"}), encoding="utf-8")
    assert "is not in the index" in cli("archive", "verify", cwd=example_workspace).stderr
    assert cli("archive", "2025-09-22-einzelfrage.yaml", cwd=example_workspace).exit_code == 0
    assert not (root / ".pending").exists()
    assert Archive(root).verify().problems == []
    listing = cli("archive", "list", cwd=example_workspace).stdout
    assert ENTRY in listing


def test_a_letter_built_elsewhere_is_named_with_docx(example_workspace, cli, converter):
    assert cli("build", "2025-09-15.yaml", "-o", "versand/brief.docx", cwd=example_workspace).exit_code == 0
    result = cli("archive", "2025-09-15.yaml", "--docx", "versand/brief.docx", cwd=example_workspace)
    assert (result.exit_code, result.stderr) == (0, "")
    sent = (example_workspace / "versand" / "brief.docx").read_bytes()
    assert (entry_folder(example_workspace) / "letter.docx").read_bytes() == sent
    assert manifest_of(example_workspace)["files"]["letter.docx"]["origin"] == "built"
