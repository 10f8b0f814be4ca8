"""Faults from outside: kills during a build, a read-only or full output, a broken archive index."""

from __future__ import annotations

import errno
import os
import random
import signal
import subprocess
import sys
import time
import zipfile

from .docx_text import open_document


def test_killed_builds_leave_the_old_or_the_new_letter_and_no_leftovers(example_workspace):
    target = example_workspace / "out" / "alle"
    files = sorted(p.name for p in (example_workspace / "answers").glob("*.yaml"))
    rng = random.Random(7)
    for _ in range(8):
        process = subprocess.Popen([sys.executable, "-m", "inquirygen", "build", *files, "-o",
                                    "out/alle/"], cwd=example_workspace, start_new_session=True,
                                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(rng.uniform(0.05, 0.6))
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()
        for built in target.glob("*.docx") if target.exists() else []:
            with zipfile.ZipFile(built) as archive:  # every letter there is whole
                assert archive.testzip() is None
            open_document(built)
    finished = subprocess.run([sys.executable, "-m", "inquirygen", "build", *files, "-o", "out/alle/"],
                              cwd=example_workspace, capture_output=True, text=True, check=False)
    assert finished.returncode == 0, finished.stderr
    assert sorted(p.name for p in target.iterdir()) == sorted(
        [f.replace(".yaml", ".docx") for f in files]
        + [f".{f.replace('.yaml', '')}.inquirygen.json" for f in files])


def test_read_only_or_full_output_keeps_the_previous_letter(example_workspace, cli, monkeypatch):
    assert cli("build", "2025-09-15.yaml", cwd=example_workspace).exit_code == 0
    built = example_workspace / "out" / "2025-09-15.docx"
    before = built.read_bytes()
    real_replace = os.replace

    for error in (errno.EACCES, errno.ENOSPC):
        def failing(source, destination, code=error):
            raise OSError(code, os.strerror(code))

        monkeypatch.setattr(os, "replace", failing)
        result = cli("build", "2025-09-15.yaml", cwd=example_workspace)
        monkeypatch.setattr(os, "replace", real_replace)
        assert result.exit_code == 3
        assert result.stderr == f"Error: cannot write out/2025-09-15.docx: {os.strerror(error)}\n"
        assert built.read_bytes() == before
        assert sorted(p.name for p in built.parent.iterdir()) == [".2025-09-15.inquirygen.json",
                                                                  "2025-09-15.docx"]


def test_corrupt_or_locked_archive_index_gives_a_clear_message(tmp_path, cli):
    from .test_archive import make_archive

    archive = make_archive(tmp_path / "archive", [{"subject": "Eins", "items": [("Q?", "A.")]}])
    (archive.root / "index.sqlite").write_bytes(b"kein SQLite" * 100)
    result = cli("archive", "search", "eins", cwd=tmp_path)
    assert result.exit_code == 3
    assert result.stderr.startswith("Error: the archive index archive/index.sqlite cannot be used")
    assert result.stderr.endswith("rebuild it with 'inquirygen archive reindex'\n")
    verify = cli("archive", "verify", cwd=tmp_path)
    assert verify.exit_code == 1
    assert cli("archive", "reindex", cwd=tmp_path).stdout == "indexed 1 entry\n"
    assert cli("archive", "verify", cwd=tmp_path).exit_code == 0


def test_locked_index_waits_for_the_other_writer(tmp_path):
    import sqlite3
    import threading

    from .test_archive import make_archive

    archive = make_archive(tmp_path / "archive", [{"subject": "Eins", "items": [("Q?", "A.")]}])
    blocker = sqlite3.connect(archive.root / "index.sqlite", check_same_thread=False)
    blocker.execute("BEGIN EXCLUSIVE")
    threading.Timer(1.0, blocker.rollback).start()  # the other writer finishes after a second
    started = time.monotonic()
    make_archive(archive.root, [{"subject": "Zwei", "items": [("Q?", "A.")]}])
    assert 0.8 < time.monotonic() - started < 30
    blocker.close()
    assert sorted(e.id for e in archive.entries()) == ["2025-02-01_eins", "2025-02-01_zwei"]
    assert archive.verify().problems == []


def test_a_build_removes_what_killed_writers_left_and_keeps_a_running_ones(example_workspace, cli):
    out = example_workspace / "out"
    out.mkdir()
    dead = [out / ".2025-09-15.docx.999999.abc.tmp", out / ".anderes.docx.999999.def.tmp"]
    alive = out / f".2025-09-15.docx.{os.getpid()}.ghi.tmp"
    mine = out / ".notiz.tmp"  # not a writer's temporary file: not inquirygen's to remove
    for path in [*dead, alive, mine]:
        path.write_bytes(b"halb")
    assert cli("build", "2025-09-15.yaml", cwd=example_workspace).exit_code == 0
    assert not any(path.exists() for path in dead)
    assert alive.exists() and mine.exists()
