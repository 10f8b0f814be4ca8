"""Tamper evidence across entries: hash chain, copies, moves, links, the index; locks, runs in progress."""

from __future__ import annotations

import fcntl
import hashlib
import json
import os
import shutil
import socket
import sqlite3
import stat
from pathlib import Path

import pytest

from inquirygen.archive import Archive, Manifest
from inquirygen.archive import lock as archive_lock
from inquirygen.archive.index import index_entry
from inquirygen.archive.manifest import Entry
from inquirygen.errors import ArchiveError

from .test_archive import GOLDEN_MANIFESTS, make_archive

LETTERS = [{"subject": subject, "items": [(f"{subject}?", f"Antwort zu {subject}.")]}
           for subject in ("Eins", "Zwei", "Drei")]


@pytest.fixture
def archive(tmp_path):
    return make_archive(tmp_path / "archive", LETTERS)


def folder_of(archive: Archive, name: str) -> Path:
    return archive.root / "2025" / f"2025-02-01_{name}"


def writable(path: Path) -> None:
    for item in [path, *path.rglob("*")]:
        item.chmod(stat.S_IRWXU)


def sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def rewrite_consistently(archive: Archive, name: str, change) -> None:
    """What a careful forger does: change a file, its hash in the manifest, and the index to match."""
    folder = folder_of(archive, name)
    writable(folder)
    (folder / "letter.txt").write_bytes(b"anders")
    data = json.loads((folder / "manifest.json").read_bytes())
    data["files"]["letter.txt"] = {"sha256": sha(b"anders"), "size": 6}
    change(data)
    manifest = Manifest.from_dict(data)
    (folder / "manifest.json").write_text(manifest.to_json(), encoding="utf-8")
    with sqlite3.connect(archive.root / "index.sqlite") as index:
        index.execute("DELETE FROM letters WHERE id = ?", (folder.name,))
        index.execute("DELETE FROM items WHERE letter_id = ?", (folder.name,))
        index_entry(index, Entry(folder.name, folder, manifest), manifest.to_json().encode("utf-8"))
    read_only(folder)  # as the archive leaves it: nothing else gives the forgery away


def read_only(folder: Path) -> None:
    for item in folder.rglob("*"):
        item.chmod(0o444 if item.is_file() else 0o555)
    folder.chmod(0o555)


def test_each_entry_names_the_manifest_before_it_and_the_head_is_printed(archive, cli, tmp_path):
    hashes = [sha((folder_of(archive, name) / "manifest.json").read_bytes())
              for name in ("eins", "zwei", "drei")]
    chain = [Manifest.from_json((folder_of(archive, name) / "manifest.json").read_bytes(), Path(name)).chain
             for name in ("eins", "zwei", "drei")]
    assert [(link.sequence, link.previous) for link in chain if link] == [
        (1, None), (2, hashes[0]), (3, hashes[1])]
    result = cli("archive", "head", cwd=tmp_path)
    assert (result.exit_code, result.stdout) == (0, f"chain head: {hashes[2]} (entry 3, 2025-02-01_drei)\n")
    verify = cli("archive", "verify", "--head", hashes[1][:16], cwd=tmp_path)
    assert (verify.exit_code, verify.stdout) == (
        0, f"3 entries intact\nchain head: {hashes[2]} (entry 3, 2025-02-01_drei)\n")


def test_an_entry_rewritten_consistently_breaks_the_chain_at_the_next(archive, cli, tmp_path):
    rewrite_consistently(archive, "zwei", lambda data: None)
    result = cli("archive", "verify", cwd=tmp_path)
    assert result.exit_code == 1
    assert result.stderr == (
        "archive/2025/2025-02-01_drei: does not follow from the entry before it in the hash chain "
        "(2025-02-01_zwei): that entry's manifest was changed or replaced\n"
        "Error: 1 problem in the archive\n")


def test_rewriting_every_later_entry_too_is_caught_by_the_head_noted_earlier(archive, cli, tmp_path):
    noted = archive.head()
    assert noted is not None
    rewrite_consistently(archive, "drei", lambda data: None)  # the last one: nothing follows it
    assert cli("archive", "verify", cwd=tmp_path).exit_code == 0
    result = cli("archive", "verify", "--head", noted.sha256, cwd=tmp_path)
    assert result.exit_code == 1
    assert result.stderr == (
        f"{noted.sha256}: the chain head noted earlier is not in the archive's hash chain: entries were "
        "removed or rewritten since it was noted\n"
        "Error: 1 problem in the archive\n")


def test_a_removed_entry_leaves_a_gap(archive, cli, tmp_path):
    folder = folder_of(archive, "zwei")
    writable(folder)
    shutil.rmtree(folder)
    with sqlite3.connect(archive.root / "index.sqlite") as index:
        index.execute("DELETE FROM letters WHERE id = '2025-02-01_zwei'")
        index.execute("DELETE FROM items WHERE letter_id = '2025-02-01_zwei'")
    result = cli("archive", "verify", cwd=tmp_path)
    assert result.stderr == (
        "archive/2025/2025-02-01_drei: has the number 3 in the hash chain, but the entry before it is "
        "missing: entries were removed\n"
        "Error: 1 problem in the archive\n")


def test_a_copied_entry_and_a_moved_one_are_named(archive, cli, tmp_path):
    shutil.copytree(folder_of(archive, "eins"), archive.root / "2025" / "2025-02-01_kopie")
    (archive.root / "2024").mkdir()
    os.rename(folder_of(archive, "drei"), archive.root / "2024" / "2025-02-01_drei")
    result = cli("archive", "verify", cwd=tmp_path)
    assert result.exit_code == 1
    lines = result.stderr.splitlines()
    assert lines[:4] == [
        ("archive/2024/2025-02-01_drei: was moved or copied: its manifest names it 2025-02-01_drei in the "
        "folder 2025"),
        ("archive/2025/2025-02-01_kopie: was moved or copied: its manifest names it 2025-02-01_eins in the "
        "folder 2025"),
        "archive/2025/2025-02-01_kopie: holds the same entry as 2025-02-01_eins: an entry was copied",
        ("archive/2025/2025-02-01_kopie: has the number 1 in the hash chain, as 2025-02-01_eins has: an "
        "entry was copied or forged"),
    ]
    assert "archive/2025/2025-02-01_kopie: is not in the index" in lines
    assert "archive/2024/2025-02-01_drei: the index does not hold this entry as its manifest says" in lines


def test_a_pdf_replaced_by_a_link_to_an_identical_copy_is_named(archive, cli, tmp_path):
    folder = folder_of(archive, "eins")
    copy = tmp_path / "kopie.pdf"
    copy.write_bytes((folder / "letter.pdf").read_bytes())
    writable(folder)
    (folder / "letter.pdf").unlink()
    (folder / "letter.pdf").symlink_to(copy)
    read_only(folder)
    result = cli("archive", "verify", cwd=tmp_path)
    assert result.stderr == (
        "archive/2025/2025-02-01_eins: letter.pdf is a link to another file, not the archived file\n"
        "Error: 1 problem in the archive\n")


def test_a_dropped_search_table_is_found_not_quietly_made_again(archive, cli, tmp_path):
    with sqlite3.connect(archive.root / "index.sqlite") as index:
        index.execute("DROP TABLE items_fts")
    result = cli("archive", "verify", cwd=tmp_path)
    assert result.stderr == (
        "archive/index.sqlite: is incomplete or of another layout (missing: items_fts)\n"
        "    hint: run 'inquirygen archive reindex'\n"
        "Error: 1 problem in the archive\n")
    assert cli("archive", "reindex", cwd=tmp_path).exit_code == 0
    assert cli("archive", "verify", cwd=tmp_path).exit_code == 0


def add_format_1_entry(root: Path, name: str = "2024-05-01_alt") -> Path:
    """An entry as inquirygen wrote it before the hash chain (manifest format 1), files and all."""
    golden = json.loads(sorted(GOLDEN_MANIFESTS.glob("*.json"))[0].read_bytes())
    folder = root / "2024" / name
    folder.mkdir(parents=True)
    files = {"answers.yaml": b"a: 1\n", "letter.docx": b"d", "letter.pdf": b"p", "letter.txt": b"t"}
    for file_name, data in files.items():
        (folder / file_name).write_bytes(data)
    golden.update(id=name, files={n: {"sha256": sha(d), "size": len(d)} for n, d in files.items()})
    golden["letter"]["date"] = "2024-05-01"
    (folder / "manifest.json").write_text(Manifest.from_dict(golden).to_json(), encoding="utf-8")
    read_only(folder)
    return folder


def test_entries_archived_before_the_chain_are_counted_and_bound_into_its_start(tmp_path, cli):
    add_format_1_entry(tmp_path / "archive")
    archive = make_archive(tmp_path / "archive", LETTERS)
    head = archive.head()
    assert head is not None
    result = cli("archive", "verify", cwd=tmp_path)
    assert (result.exit_code, result.stderr) == (0, "")
    assert result.stdout == ("4 entries intact\n"
                             "1 entry was archived before the hash chain (by an older inquirygen)\n"
                             f"chain head: {head.sha256} (entry 3, 2025-02-01_drei)\n")


def test_an_old_format_entry_put_in_after_the_chain_began_is_found(archive, cli, tmp_path):
    add_format_1_entry(archive.root, "2024-05-01_geheime-absprache")
    assert cli("archive", "reindex", cwd=tmp_path).stdout == "indexed 4 entries\n"
    result = cli("archive", "verify", cwd=tmp_path)
    assert result.exit_code == 1
    assert result.stderr == (
        "archive/2025/2025-02-01_eins: the entries archived before the hash chain are not those it began "
        "with: an entry of an older format was added, changed or removed\n"
        "Error: 1 problem in the archive\n")


def test_an_entry_being_archived_is_skipped_not_reported(archive, cli, tmp_path):
    running = archive.root / f".incoming-{os.getpid()}@{archive_lock._host()}-abc"
    running.mkdir()
    elsewhere = archive.root / ".incoming-1@anderer.rechner-xyz"
    elsewhere.mkdir()
    result = cli("archive", "verify", cwd=tmp_path)
    assert result.exit_code == 0
    assert sorted(result.stdout.splitlines()[:2]) == sorted([
        "archive/.incoming-1@anderer.rechner-xyz: being archived right now; not checked",
        f"archive/{running.name}: being archived right now; not checked"])
    # The next archiving run leaves another machine's run alone, and a live one of this machine.
    make_archive(archive.root, [{"subject": "Vier", "items": [("Q?", "A.")]}])
    assert running.exists() and elsewhere.exists()
    dead = archive.root / f".incoming-999999@{archive_lock._host()}-def"
    dead.mkdir()
    make_archive(archive.root, [{"subject": "Fünf", "items": [("Q?", "A.")]}])
    assert not dead.exists()


def test_a_held_lock_names_its_host_and_process(archive, monkeypatch):
    monkeypatch.setattr(archive_lock, "LOCK_WAIT", 0.2)
    with open(archive.root / ".lock", "a+", encoding="utf-8") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        handle.seek(0)
        handle.truncate()
        handle.write("rathaus-pc7 4242 2026-12-03T10:00:00\n")
        handle.flush()
        with pytest.raises(ArchiveError) as raised:
            make_archive(archive.root, [{"subject": "Vier", "items": [("Q?", "A.")]}])
    assert str(raised.value) == ("the archive is in use by inquirygen on rathaus-pc7 (process 4242, since "
                                 "2026-12-03T10:00:00); try again when it has finished")
    make_archive(archive.root, [{"subject": "Vier", "items": [("Q?", "A.")]}])
    host, pid, _since = (archive.root / ".lock").read_text(encoding="utf-8").split()
    assert (host, pid) == (socket.gethostname(), str(os.getpid()))  # the last writer noted itself


def test_verify_in_german_names_the_chain(archive, cli, tmp_path, monkeypatch):
    monkeypatch.setenv("INQUIRYGEN_LANG", "de")
    rewrite_consistently(archive, "zwei", lambda data: None)
    result = cli("archive", "verify", cwd=tmp_path)
    assert result.stderr.splitlines()[0] == (
        "archive/2025/2025-02-01_drei: Der Eintrag schließt in der Hash-Kette nicht an den Eintrag davor "
        "(2025-02-01_zwei) an: Dessen manifest.json wurde geändert oder ersetzt")
    head = cli("archive", "head", cwd=tmp_path).stdout
    assert head.startswith("Kopf der Hash-Kette: ") and head.endswith("(Eintrag 3, 2025-02-01_drei)\n")


def test_a_reader_holding_the_lock_is_not_named_as_the_last_writer(archive, monkeypatch):
    monkeypatch.setattr(archive_lock, "LOCK_WAIT", 0.2)
    with open(archive.root / ".lock", "a+", encoding="utf-8") as handle:
        handle.seek(0)
        handle.truncate()
        handle.write(f"{socket.gethostname()} 999999 2026-12-03T09:00:00\n")  # a writer long gone
        handle.flush()
        fcntl.flock(handle, fcntl.LOCK_SH)  # what verify holds while it reads
        with pytest.raises(ArchiveError) as raised:
            make_archive(archive.root, [{"subject": "Vier", "items": [("Q?", "A.")]}])
    assert str(raised.value) == ("the archive is in use by another inquirygen; try again when it has "
                                 "finished")
