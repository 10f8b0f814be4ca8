"""What a clerk's and an attacker's try of the archive found: each case as it must now end."""

from __future__ import annotations

import json
import os
import shutil
import sqlite3

import pytest

from inquirygen.archive import Archive

from .test_archive import ENTRY, make_archive
from .test_archive_chain import LETTERS, folder_of, read_only, writable
from .test_archive_fidelity import converter, entry_folder, manifest_of  # noqa: F401 - a fixture


def test_a_docx_edited_by_hand_without_builds_note_is_archived_as_found(example_workspace, cli,
                                                                        converter):  # noqa: F811
    assert cli("build", "2025-09-15.yaml", cwd=example_workspace).exit_code == 0
    out = example_workspace / "out"
    (out / ".2025-09-15.inquirygen.json").unlink()  # copied elsewhere and back: the note is gone
    docx = out / "2025-09-15.docx"
    edited = docx.read_bytes()
    edited = edited.replace(b"Deeskalation", b"Deeskalierung", 1) if b"Deeskalation" in edited else edited
    import io
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(docx) as source, zipfile.ZipFile(buffer, "w") as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "word/document.xml":
                data = data.replace(b"Sehr geehrte", b"Sehr verehrte", 1)
            target.writestr(item, data)
    docx.write_bytes(buffer.getvalue())
    result = cli("archive", "2025-09-15.yaml", cwd=example_workspace)
    assert result.exit_code == 0
    assert result.stderr == (
        "out/2025-09-15.docx: warning: out/2025-09-15.docx differs from the letter this answer file "
        "makes, and the note 'inquirygen build' leaves beside it is missing; it was archived as found, "
        "as the letter that was sent\n")
    assert (entry_folder(example_workspace) / "letter.docx").read_bytes() == buffer.getvalue()
    assert manifest_of(example_workspace)["files"]["letter.docx"]["origin"] == "edited"


@pytest.mark.parametrize("damage", [b"", b"PK\x03\x04 abgeschnitten"], ids=["empty", "cut-off"])
def test_an_empty_or_cut_off_docx_is_not_archived(example_workspace, cli, converter, damage):  # noqa: F811
    assert cli("build", "2025-09-15.yaml", cwd=example_workspace).exit_code == 0
    (example_workspace / "out" / "2025-09-15.docx").write_bytes(damage)
    result = cli("archive", "2025-09-15.yaml", cwd=example_workspace)
    assert result.exit_code == 1
    assert result.stderr == (
        "out/2025-09-15.docx: is not a whole Word document (empty or cut off), so it cannot be archived "
        "as the letter that was sent; nothing was archived\n"
        "    hint: build it again with 'inquirygen build 2025-09-15.yaml', or name the letter that was "
        "sent with --docx\n"
        "Error: 1 problem found\n")
    assert not (example_workspace / "archive").exists()


def test_a_pdf_signed_after_archiving_becomes_the_next_version(example_workspace, cli,
                                                               converter):  # noqa: F811
    assert cli("build", "2025-09-15.yaml", "--pdf", cwd=example_workspace).exit_code == 0
    assert cli("archive", "2025-09-15.yaml", cwd=example_workspace).exit_code == 0
    pdf = example_workspace / "out" / "2025-09-15.pdf"
    pdf.write_bytes(pdf.read_bytes() + b"%signiert\n")
    result = cli("archive", "2025-09-15.yaml", cwd=example_workspace)
    assert result.stdout.startswith(f"archived answers/2025-09-15.yaml as {ENTRY}_v2 (version 2)")
    assert (entry_folder(example_workspace, f"{ENTRY}_v2") / "letter.pdf").read_bytes() == pdf.read_bytes()


def test_another_answer_file_with_the_same_date_and_subject_is_no_version_of_it(example_workspace, cli,
                                                                                 converter):  # noqa: F811
    answers = example_workspace / "answers"
    shutil.copy(answers / "2025-09-15.yaml", answers / "kopie.yaml")
    assert cli("archive", "2025-09-15.yaml", cwd=example_workspace).exit_code == 0
    other = cli("archive", "kopie.yaml", cwd=example_workspace)
    assert other.stdout == (f"archived answers/kopie.yaml as {ENTRY}_kopie (version 1) in "
                            f"archive/2025/{ENTRY}_kopie\n")
    assert manifest_of(example_workspace, f"{ENTRY}_kopie")["supersedes"] is None


def test_a_copied_entry_and_a_deleted_index_give_messages_not_tracebacks(tmp_path, cli):
    archive = make_archive(tmp_path / "archive", LETTERS)
    (archive.root / "2024").mkdir()
    shutil.copytree(folder_of(archive, "eins"), archive.root / "2024" / "2025-02-01_eins")
    (archive.root / "index.sqlite").unlink()
    listing = cli("archive", "list", cwd=tmp_path)
    assert listing.exit_code == 0 and "Traceback" not in listing.output
    assert cli("archive", "reindex", cwd=tmp_path).stdout == "indexed 3 entries\n"  # the copy: once
    verify = cli("archive", "verify", cwd=tmp_path)
    assert verify.exit_code == 1
    assert ("archive/2025/2025-02-01_eins: holds the same entry as 2025-02-01_eins: an entry was copied"
            in verify.stderr.splitlines())


def test_hard_links_and_writable_files_in_an_entry_are_named(tmp_path, cli):
    archive = make_archive(tmp_path / "archive", LETTERS)
    folder = folder_of(archive, "eins")
    writable(folder)
    os.link(folder / "letter.pdf", tmp_path / "ausserhalb.pdf")
    read_only(folder)
    (folder_of(archive, "zwei") / "letter.txt").chmod(0o666)
    result = cli("archive", "verify", cwd=tmp_path)
    assert result.stderr == (
        "archive/2025/2025-02-01_eins: letter.pdf has a second name (a hard link) outside the entry\n"
        "archive/2025/2025-02-01_zwei: letter.txt can be written to; archived files are read-only\n"
        "Error: 2 problems in the archive\n")


def test_wrong_options_are_usage_errors(tmp_path, cli):
    make_archive(tmp_path / "archive", LETTERS)
    huge = cli("archive", "list", "--limit", "99999999999999999999", cwd=tmp_path)
    assert huge.exit_code == 2 and "Traceback" not in huge.output
    for head in ("af2a79", "xyz", ""):
        result = cli("archive", "verify", "--head", head, cwd=tmp_path)
        assert result.exit_code == 2, head
        assert "a chain head is the sha256 that 'inquirygen archive head' printed" in result.stderr


def test_show_names_a_damaged_text_and_refuses_paths(tmp_path, cli):
    archive = make_archive(tmp_path / "archive", LETTERS)
    folder = folder_of(archive, "eins")
    writable(folder)
    (folder / "letter.txt").write_bytes(b"\xff\xfe kaputt")
    shown = cli("archive", "show", "2025-02-01_eins", cwd=tmp_path)
    assert (shown.exit_code, shown.stderr) == (3, (
        "Error: cannot read archive/2025/2025-02-01_eins/letter.txt: not UTF-8 text; 'inquirygen archive "
        "verify' says what is wrong with the entry\n"))
    for sneaky in ("..", "../..", "2025/../..", ".lock"):
        result = cli("archive", "show", sneaky, cwd=tmp_path)
        assert result.exit_code == 1, sneaky
        assert result.stderr.startswith(f"Error: no archive entry '{sneaky}'")


def test_a_journal_pointing_outside_the_archive_is_ignored(tmp_path, cli):
    archive = make_archive(tmp_path / "archive", LETTERS)
    outside = tmp_path / "draussen"
    outside.mkdir()
    (archive.root / ".pending").write_text(json.dumps({"id": "x", "folder": "../draussen"}), encoding="utf-8")
    make_archive(archive.root, [{"subject": "Vier", "items": [("Q?", "A.")]}])
    assert outside.stat().st_mode & 0o200  # still writable: not sealed as if it were an entry
    assert not (archive.root / ".pending").exists()


def test_reading_commands_make_no_archive_where_there_is_none(tmp_path, cli):
    (tmp_path / "inquirygen.yaml").write_text("office:\n  name: Test\n", encoding="utf-8")
    assert cli("archive", "verify", cwd=tmp_path).exit_code == 0
    assert cli("archive", "head", cwd=tmp_path).stdout == "the archive has no hash chain yet\n"
    assert not (tmp_path / "archive").exists()


def test_an_entry_left_unindexed_by_a_killed_run_is_listed_at_once(tmp_path, cli):
    archive = make_archive(tmp_path / "archive", LETTERS)
    with sqlite3.connect(archive.root / "index.sqlite") as index:
        index.execute("DELETE FROM letters WHERE id = '2025-02-01_drei'")
        index.execute("DELETE FROM items WHERE letter_id = '2025-02-01_drei'")
    (archive.root / ".pending").write_text(json.dumps({"id": "2025-02-01_drei",
                                                       "folder": "2025/2025-02-01_drei"}), encoding="utf-8")
    listing = cli("archive", "list", cwd=tmp_path).stdout
    assert "2025-02-01_drei" in listing
    assert Archive(archive.root).verify().problems == []


@pytest.mark.skipif(os.geteuid() == 0, reason="root may write every folder")
def test_a_read_only_archive_can_be_verified(tmp_path, cli):
    archive = make_archive(tmp_path / "archive", LETTERS)
    (archive.root / ".lock").unlink()
    archive.root.chmod(0o555)
    try:
        result = cli("archive", "verify", cwd=tmp_path)
    finally:
        archive.root.chmod(0o755)
    assert result.exit_code == 0, result.stderr
