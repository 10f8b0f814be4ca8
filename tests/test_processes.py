"""LibreOffice under control: its whole process group stopped, its output bounded, nothing left behind."""

from __future__ import annotations

import errno
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import tracemalloc
import zipfile
from pathlib import Path

import pytest

from inquirygen import pdf as pdf_module
from inquirygen.errors import PdfError
from inquirygen.pdf import PdfConverter

from .test_pdf import configure, fake_soffice


def running(pid: int) -> bool:
    """Whether the process runs: a zombie (here, init may never reap an orphan) has ended."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return True
    return state not in ("Z", "X")


def hanging_soffice(folder: Path, pids: Path, ignore_sigterm: bool = False) -> Path:
    """A LibreOffice that starts a child (as oosplash starts soffice.bin), writes both process ids
    and waits for ever; with ``ignore_sigterm`` both ignore SIGTERM and only SIGKILL stops them."""
    trap = "trap '' TERM\n" if ignore_sigterm else ""
    return fake_soffice(folder, f'{trap}sleep 300 &\necho "$$ $!" > "{pids}.part"\n'
                                f'mv "{pids}.part" "{pids}"\nwait\n')


def valid_pdf_soffice(folder: Path) -> Path:
    """A LibreOffice that 'converts' by copying a small, valid (untagged) PDF."""
    import pikepdf

    document = pikepdf.new()
    document.add_blank_page()
    document.save(folder / "blank.pdf")
    return fake_soffice(folder, 'outdir=$(echo "$@" | sed "s/.*--outdir \\([^ ]*\\).*/\\1/")\n'
                                'mkdir -p "$outdir"\n'
                                f'for f in "$@"; do case "$f" in *.docx) cp "{folder}/blank.pdf" '
                                '"$outdir/$(basename "$f" .docx).pdf";; esac; done\n',
                        name="copying-soffice")


@pytest.fixture
def own_tmp(tmp_path, monkeypatch) -> Path:
    """The temporary folder inquirygen uses, empty, so that what it leaves there shows."""
    folder = tmp_path / "systemp"
    folder.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(folder))
    return folder


@pytest.mark.parametrize("ignore_sigterm", [False, True], ids=["sigterm", "needs-sigkill"])
def test_a_timeout_stops_the_whole_process_group_and_removes_the_temporary_folder(
        example_workspace, cli, tmp_path, own_tmp, ignore_sigterm):
    pids = tmp_path / "pids"
    configure(example_workspace, hanging_soffice(tmp_path, pids, ignore_sigterm), timeout=1)
    result = cli("build", "--pdf", "2025-09-15.yaml", cwd=example_workspace)
    assert result.exit_code == 3
    assert result.stderr == ("Error: LibreOffice did not finish within 1 seconds and was stopped; "
                             "no PDF was written\n")
    leader, child = map(int, pids.read_text().split())
    assert not running(leader)
    assert not running(child)  # the child LibreOffice starts (soffice.bin) is stopped too
    assert list(own_tmp.iterdir()) == []
    assert sorted(p.name for p in (example_workspace / "out").iterdir()) == [
        ".2025-09-15.inquirygen.json", "2025-09-15.docx"]
    assert "Traceback" not in result.output


@pytest.mark.parametrize(("stop", "code"), [(signal.SIGTERM, 143), (signal.SIGINT, 130)],
                         ids=["sigterm", "ctrl-c"])
def test_a_build_stopped_during_the_pdf_leaves_no_process_folder_or_pdf(example_workspace, tmp_path,
                                                                         stop, code):
    pids = tmp_path / "pids"
    configure(example_workspace, hanging_soffice(tmp_path, pids), timeout=600)
    systemp = tmp_path / "systemp"
    systemp.mkdir()
    out = example_workspace / "out"
    out.mkdir()
    (out / "2025-09-15.pdf").write_bytes(b"%PDF-1.7 the letter as it was before\n%%EOF\n")
    process = subprocess.Popen([sys.executable, "-m", "inquirygen", "build", "--pdf", "2025-09-15.yaml"],
                               cwd=example_workspace, env={**os.environ, "TMPDIR": str(systemp)},
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                               # A shell starting the tests in the background ignores SIGINT for
                               # them, and Python keeps an ignored SIGINT ignored: restore it.
                               preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    try:
        deadline = time.monotonic() + 120
        while not pids.exists() and process.poll() is None and time.monotonic() < deadline:
            time.sleep(0.05)
        assert pids.exists(), "the fake LibreOffice did not start"
        process.send_signal(stop)
        stdout, stderr = process.communicate(timeout=120)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    assert process.returncode == code
    assert stdout == "wrote out/2025-09-15.docx\n"
    assert stderr == "Error: interrupted; nothing was left half-written\n"
    leader, child = map(int, pids.read_text().split())
    assert not running(leader) and not running(child)
    assert list(systemp.iterdir()) == []
    # The letter is whole; the PDF of the letter before it is gone, as it no longer matches.
    assert sorted(p.name for p in out.iterdir()) == [".2025-09-15.inquirygen.json", "2025-09-15.docx"]
    with zipfile.ZipFile(out / "2025-09-15.docx") as letter:
        assert letter.testzip() is None


def test_megabytes_of_output_are_read_with_a_bound(tmp_path, own_tmp):
    docx = tmp_path / "brief.docx"
    docx.write_bytes(b"PK not really a letter")
    chatty = fake_soffice(tmp_path, "head -c 30000000 /dev/zero | tr '\\0' x\n"
                                    "head -c 30000000 /dev/zero | tr '\\0' y >&2\n"
                                    "printf '\\nError: the last words\\n' >&2\nexit 1\n")
    tracemalloc.start()
    try:
        with pytest.raises(PdfError) as failed:
            PdfConverter(str(chatty), 120).convert([docx], [tmp_path / "brief.pdf"])
        _size, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert str(failed.value) == "LibreOffice failed (exit code 1) Error: the last words"
    assert peak < 4 * 2**20
    assert list(own_tmp.iterdir()) == []


def test_one_endless_line_is_cut_in_the_message(tmp_path, own_tmp):
    docx = tmp_path / "brief.docx"
    docx.write_bytes(b"PK")
    endless = fake_soffice(tmp_path, "head -c 5000000 /dev/zero | tr '\\0' z >&2\nexit 2\n")
    with pytest.raises(PdfError) as failed:
        PdfConverter(str(endless), 120).convert([docx], [tmp_path / "brief.pdf"])
    assert str(failed.value) == "LibreOffice failed (exit code 2) " + "z" * 299 + "…"


@pytest.mark.parametrize("value", ["inf", "1e400", "86400", "nan"])
def test_a_timeout_without_end_is_refused_before_anything_is_written(example_workspace, cli, value):
    config = example_workspace / "inquirygen.yaml"
    line = len(config.read_text(encoding="utf-8").splitlines()) + 3
    with config.open("a", encoding="utf-8") as stream:
        stream.write(f"\npdf:\n  timeout: {value}\n")
    result = cli("build", "--pdf", "2025-09-15.yaml", cwd=example_workspace)
    assert result.exit_code == 1
    assert result.stderr == (f"inquirygen.yaml:{line}:12: 'timeout' may be at most 3600, not '{value}'\n"
                             "Error: 1 problem found\n")
    assert not (example_workspace / "out").exists()


def test_a_full_disk_while_the_pdf_is_put_in_place_leaves_no_pdf(example_workspace, cli, tmp_path,
                                                                   own_tmp, monkeypatch):
    configure(example_workspace, valid_pdf_soffice(tmp_path))
    out = example_workspace / "out"
    out.mkdir()
    (out / "2025-09-15.pdf").write_bytes(b"%PDF-1.7 the letter as it was before\n%%EOF\n")
    copy = shutil.copyfile

    def full_beside_the_letter(source, target):
        if Path(target).parent == out:
            Path(target).write_bytes(b"%PDF-1.7 half")  # what a full disk leaves
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        return copy(source, target)

    monkeypatch.setattr(pdf_module.shutil, "copyfile", full_beside_the_letter)
    result = cli("build", "--pdf", "2025-09-15.yaml", cwd=example_workspace)
    assert result.exit_code == 3
    assert result.stderr == (f"Error: cannot write out/2025-09-15.pdf: {os.strerror(errno.ENOSPC)}; no "
                             "PDF was written (the older PDF beside the new letter was removed: "
                             "out/2025-09-15.pdf)\n")
    assert sorted(p.name for p in out.iterdir()) == [".2025-09-15.inquirygen.json", "2025-09-15.docx"]
    assert list(own_tmp.iterdir()) == []
    assert "Traceback" not in result.output


def test_a_full_temporary_folder_is_named(example_workspace, cli, tmp_path, own_tmp, monkeypatch):
    configure(example_workspace, valid_pdf_soffice(tmp_path))
    copy = shutil.copyfile

    def full_temporary_folder(source, target):
        if Path(target).is_relative_to(own_tmp):
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        return copy(source, target)

    monkeypatch.setattr(pdf_module.shutil, "copyfile", full_temporary_folder)
    result = cli("build", "--pdf", "2025-09-15.yaml", cwd=example_workspace)
    assert result.exit_code == 3
    assert result.stderr == (f"Error: the letters could not be handed to LibreOffice in {own_tmp} "
                             f"({os.strerror(errno.ENOSPC)}); no PDF was written\n")
    assert list(own_tmp.iterdir()) == []
    assert sorted(p.name for p in (example_workspace / "out").iterdir()) == [
        ".2025-09-15.inquirygen.json", "2025-09-15.docx"]


def test_a_pdf_converted_in_full_is_moved_into_place(example_workspace, cli, tmp_path, own_tmp):
    """The fake of the tests above converts, when nothing fails: they fail for the reason they name."""
    configure(example_workspace, valid_pdf_soffice(tmp_path))
    result = cli("build", "--pdf", "2025-09-15.yaml", cwd=example_workspace)
    assert result.exit_code == 0, result.stderr
    assert sorted(p.name for p in (example_workspace / "out").iterdir()) == [
        ".2025-09-15.inquirygen.json", "2025-09-15.docx", "2025-09-15.pdf"]
    assert list(own_tmp.iterdir()) == []
