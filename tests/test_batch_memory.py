"""Large batches: each letter named as it is written, and nothing kept per letter while the batch runs."""

from __future__ import annotations

import gc
import os
import shutil
import subprocess
import sys
import tracemalloc
from pathlib import Path

import pytest

from inquirygen.build import RunReport, build_each
from inquirygen.errors import OutputRefusedError
from inquirygen.workspace import Workspace


def test_a_batch_names_each_letter_as_it_is_written_with_its_problems_just_before_it(data_workspace):
    shutil.copy(data_workspace / "valid.yaml", data_workspace / "zweite.yaml")
    result = subprocess.run(
        [sys.executable, "-m", "inquirygen", "build", "valid.yaml", "self_ref.yaml", "zweite.yaml"],
        cwd=data_workspace, env={**os.environ, "INQUIRYGEN_LANG": "en"}, capture_output=True,
        text=True, check=False)
    assert result.returncode == 1
    # stdout and stderr as a terminal shows them: each flushed line by line, so one order
    merged = subprocess.run(
        [sys.executable, "-m", "inquirygen", "build", "valid.yaml", "self_ref.yaml", "zweite.yaml"],
        cwd=data_workspace, env={**os.environ, "INQUIRYGEN_LANG": "en"}, stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT, text=True, check=False).stdout.splitlines()
    assert merged[0] == "wrote out/valid.docx"
    assert merged[1].startswith("self_ref.yaml:") and "refers to itself" in merged[1]
    assert merged[-2:] == ["wrote out/zweite.docx",
                           "Error: 1 problem found; 1 file not built: self_ref.yaml"]
    assert result.stdout == "wrote out/valid.docx\nwrote out/zweite.docx\n"


def test_a_letter_is_reported_before_the_next_one_is_built(data_workspace, monkeypatch):
    monkeypatch.chdir(data_workspace)
    shutil.copy(data_workspace / "valid.yaml", data_workspace / "zweite.yaml")
    workspace, files = Workspace.of_answer_files(["valid.yaml", "zweite.yaml"])
    built = build_each(workspace, files)
    first = next(built)
    assert first.target == data_workspace / "out" / "valid.docx" and first.target.is_file()
    assert not (data_workspace / "out" / "zweite.docx").exists()
    assert [b.target.name for b in built if b.target] == ["zweite.docx"]


def test_a_collision_is_refused_when_the_batch_is_started_before_anything_is_written(
        data_workspace, monkeypatch):
    monkeypatch.chdir(data_workspace)
    (data_workspace / "andere").mkdir()
    shutil.copy(data_workspace / "valid.yaml", data_workspace / "andere" / "valid.yaml")
    workspace, files = Workspace.of_answer_files(["valid.yaml", "andere/valid.yaml"])
    with pytest.raises(OutputRefusedError, match=r"would both be written to out/valid\.docx"):
        build_each(workspace, files)  # not iterated: refused when called
    assert not (data_workspace / "out").exists()


def test_a_report_that_does_not_keep_the_letters_counts_them():
    from inquirygen.build import LetterBuilt

    run = RunReport()
    run.add(LetterBuilt(Path("a.yaml"), Path("out/a.docx"), []), keep_written=False)
    run.add(LetterBuilt(Path("b.yaml"), None, []), keep_written=False)
    assert (run.written, run.written_count, run.failed_files) == ([], 1, [Path("b.yaml")])


def test_the_files_of_a_batch_are_kept_as_the_names_given_not_as_paths(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "answers").mkdir()
    names = []
    for index in range(3000):
        (tmp_path / "answers" / f"{index:04d}.yaml").write_text("inquiry: {}\n", encoding="utf-8")
        names.append(f"answers/{index:04d}.yaml")
    Workspace.of_answer_files(names[:1])  # what is made once per run (caches, the configuration)
    gc.collect()
    tracemalloc.start()
    try:
        _, files = Workspace.of_answer_files(names)
        gc.collect()
        kept = tracemalloc.take_snapshot().statistics("filename")
    finally:
        tracemalloc.stop()
    # Blocks still held, not bytes: a path per file would be thousands of blocks (the path, its text,
    # its parts), a byte per name is one; bytes would also count the table of interned names, which
    # may be made anew while paths are made, with the old one's release unseen by tracemalloc.
    assert sum(stat.count for stat in kept) < 100, kept[:5]
    assert len(files) == 3000
    assert list(files)[1234] == tmp_path / "answers" / "1234.yaml"


def test_a_file_named_twice_in_two_ways_is_built_once(data_workspace, monkeypatch):
    monkeypatch.chdir(data_workspace)
    _, files = Workspace.of_answer_files(["valid.yaml", "./valid.yaml", "valid", "self_ref.yaml"])
    assert len(files) == 2
    assert list(files) == [data_workspace / "valid.yaml", data_workspace / "self_ref.yaml"]
    assert data_workspace / "self_ref.yaml" in files and data_workspace / "other.yaml" not in files


def run_for_a_reader_gone(args: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    """``inquirygen ARGS | head -0``: the reader of the output has gone before the first line."""
    read, write = os.pipe()
    os.close(read)
    try:
        return subprocess.run([sys.executable, "-m", "inquirygen", *args], stdout=write,
                              stderr=subprocess.PIPE, text=True, cwd=cwd, check=False,
                              env={**os.environ, "INQUIRYGEN_LANG": "en"})
    finally:
        os.close(write)


def test_a_batch_whose_reader_went_away_builds_every_letter_and_says_nothing_of_it(data_workspace):
    shutil.copy(data_workspace / "valid.yaml", data_workspace / "zweite.yaml")
    result = run_for_a_reader_gone(["build", "valid.yaml", "zweite.yaml"], data_workspace)
    assert (result.returncode, result.stderr) == (0, "")
    assert {p.name for p in (data_workspace / "out").glob("*.docx")} == {"valid.docx", "zweite.docx"}


def test_status_piped_into_head_ends_with_its_own_exit_code_and_no_broken_pipe(example_workspace):
    answer = example_workspace / "answers" / "2025-09-15.yaml"
    text = answer.read_text(encoding="utf-8")
    answer.write_text(text.replace("inquiry:\n", "inquiry:\n  due: 2025-10-01\n", 1), encoding="utf-8")
    result = run_for_a_reader_gone(["status", "--today", "2030-01-01"], example_workspace)
    assert (result.returncode, result.stderr) == (1, "")  # 1: the answer is overdue
    result = run_for_a_reader_gone(["archive", "list"], example_workspace)
    assert (result.returncode, result.stderr) == (0, "")
