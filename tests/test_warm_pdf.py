"""The warm LibreOffice: reused by the next build --pdf, gone after its idle time, never another user's."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pikepdf
import pytest

from inquirygen import listener

from .conftest import soffice_or_skip
from .pdfua_checks import problems, values, xmp
from .test_pdf import fake_soffice
from .test_processes import running

EXAMPLE = "2025-09-15.yaml"
WROTE = "wrote out/2025-09-15.docx\nwrote out/2025-09-15.pdf\n"


def uno_python_or_skip() -> str:
    """A Python with LibreOffice's uno; CI must have one (.ci/run installs python3-uno)."""
    found = listener.uno_python(soffice_or_skip())
    if found is not None and subprocess.run([found, "-c", "import uno"], capture_output=True).returncode == 0:
        return found
    if os.environ.get("CI"):
        pytest.fail("python3-uno is required in CI; .ci/run installs it")
    pytest.skip("no Python with LibreOffice's uno (apt-get install python3-uno)")


@pytest.fixture
def runtime(monkeypatch):
    """The warm path switched on, in a runtime folder of the test's own (short: a socket's path is
    short); every listener still there afterwards is stopped, so that the next test starts clean."""
    monkeypatch.delenv(listener.SWITCH, raising=False)
    folder = Path(tempfile.mkdtemp(prefix="igrun-", dir="/tmp"))
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(folder))
    yield folder
    for state_file in folder.glob("inquirygen/pdf-*/state.json"):
        state = listener.read_state(state_file.parent)
        if state is not None:
            instance = state_file.parent / state.instance
            if listener._ours(state.pid, instance):  # asked, so that LibreOffice removes its /tmp pipes
                os.kill(state.pid, signal.SIGTERM)
                wait_until(lambda instance=instance: not listener._processes(instance), 20)
            listener.stop(state_file.parent, state)
    for instance in folder.glob("inquirygen/pdf-*/*/"):
        for pid in listener._processes(instance):
            os.kill(pid, signal.SIGKILL)
    shutil.rmtree(folder, ignore_errors=True)


class Office:
    """The real LibreOffice behind a script that notes each start (its arguments) in ``calls``."""

    def __init__(self, folder: Path, workspace: Path, idle: float = 300, timeout: float = 120):
        uno_python_or_skip()
        self.calls = folder / "calls.log"
        self.soffice = fake_soffice(folder, f'echo "$*" >> "{self.calls}"\nexec "{soffice_or_skip()}" "$@"\n',
                                    name="noting-soffice")
        with (workspace / "inquirygen.yaml").open("a", encoding="utf-8") as config:
            config.write(f"\npdf:\n  soffice: {self.soffice}\n  timeout: {timeout}\n"
                         f"  listener_idle: {idle}\n")
        self.folder = listener.listener_folder(str(self.soffice))

    def starts(self) -> list[str]:
        """How each LibreOffice was started: "listener" (kept running) or "once" (--convert-to)."""
        if not self.calls.exists():
            return []
        return ["listener" if "--accept=pipe" in line else "once" if "--convert-to" in line else line
                for line in self.calls.read_text().splitlines()]

    def state(self) -> listener.State:
        state = listener.read_state(self.folder)
        assert state is not None, "no listener is ready"
        return state

    def log(self) -> list[str]:
        """The listener's log lines without their time."""
        return [line.split(" ", 2)[2] for line in (self.folder / "log").read_text().splitlines()]


def assert_pdf_a_and_ua(pdf: Path) -> None:
    with pikepdf.open(pdf) as document:
        packet = xmp(document)
    assert values(packet, "//pdfaid:part") == ["2"]
    assert values(packet, "//pdfaid:conformance") == ["B"]
    assert values(packet, "//pdfuaid:part") == ["1"]
    assert problems(pdf) == []


def pages(pdf: Path) -> list[bytes]:
    with pikepdf.open(pdf) as document:
        return [page.Contents.read_bytes() for page in document.pages]


def wait_until(condition, seconds: float = 60) -> bool:
    """Polls ``condition`` for at most ``seconds``: for what a process does in its own time."""
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.1)
    return True


def test_the_second_build_uses_the_listener_the_first_one_started(example_workspace, cli, tmp_path, runtime,
                                                                  monkeypatch):
    office = Office(tmp_path, example_workspace)
    monkeypatch.setenv(listener.SWITCH, "off")
    result = cli("build", "--pdf", EXAMPLE, cwd=example_workspace)
    assert (result.exit_code, result.stderr) == (0, "")
    once = example_workspace / "once.pdf"
    (example_workspace / "out" / "2025-09-15.pdf").rename(once)
    monkeypatch.delenv(listener.SWITCH)

    first = cli("build", "--pdf", EXAMPLE, cwd=example_workspace)
    started = office.state()
    second = cli("build", "--pdf", EXAMPLE, "2025-09-22-einzelfrage.yaml", cwd=example_workspace)
    assert (first.exit_code, first.stdout, first.stderr) == (0, WROTE, "")
    assert (second.exit_code, second.stderr) == (0, "")
    assert second.stdout == ("wrote out/2025-09-15.docx\nwrote out/2025-09-22-einzelfrage.docx\n"
                             "wrote out/2025-09-15.pdf\nwrote out/2025-09-22-einzelfrage.pdf\n")
    # One LibreOffice converted once (the switch was off), one was started and kept for both builds.
    assert office.starts() == ["once", "listener"]
    assert office.state() == started and running(started.pid)
    log = office.log()
    assert [line.split(" in ")[0] for line in log] == [f"started pid {started.pid}", "converted 1",
                                                       "converted 2"]
    for name in ("2025-09-15", "2025-09-22-einzelfrage"):
        assert_pdf_a_and_ua(example_workspace / "out" / f"{name}.pdf")
    # The same PDF as LibreOffice's own --convert-to makes, page for page.
    assert pages(example_workspace / "out" / "2025-09-15.pdf") == pages(once)
    assert oct(office.folder.stat().st_mode & 0o777) == "0o700"
    assert Path(started.socket).stat().st_mode & 0o077 == 0  # only its user may connect


def test_the_listener_stops_after_its_idle_time_and_leaves_nothing(example_workspace, cli, tmp_path, runtime):
    office = Office(tmp_path, example_workspace, idle=2)
    result = cli("build", "--pdf", EXAMPLE, cwd=example_workspace)
    assert (result.exit_code, result.stdout, result.stderr) == (0, WROTE, "")
    state = office.state()
    instance = office.folder / state.instance
    processes = listener._processes(instance)
    assert state.pid in processes and len(processes) >= 2  # the listener and its LibreOffice
    assert wait_until(lambda: not listener._processes(instance))
    assert not any(running(pid) for pid in processes)
    assert office.log()[-1] == "idle for 2 s; stopping"
    assert sorted(path.name for path in office.folder.iterdir()) == ["lock", "log"]
    assert not Path(f"/tmp/OSL_PIPE_{os.getuid()}_{state.pipe}").exists()
    assert_pdf_a_and_ua(example_workspace / "out" / "2025-09-15.pdf")


def dead_pid() -> int:
    process = subprocess.Popen([sys.executable, "-c", "pass"])
    process.wait()
    return process.pid


@pytest.mark.parametrize("pid", ["dead", "another process"])
def test_a_state_left_behind_is_cleared_and_a_new_listener_started(example_workspace, cli, tmp_path, runtime,
                                                                    pid):
    office = Office(tmp_path, example_workspace)
    office.folder.mkdir(mode=0o700, parents=True)
    stale = office.folder / "0123456789ab"
    stale.mkdir(mode=0o700)
    with socket.socket(socket.AF_UNIX) as left:  # a socket file nobody listens on
        left.bind(str(stale / "s"))
    unready = office.folder / "ba9876543210"  # one killed before it was ready: a profile, no state
    (unready / "profile").mkdir(mode=0o700, parents=True)
    # A process of this user that is no listener (the test itself) must be left alone.
    number = dead_pid() if pid == "dead" else os.getpid()
    (office.folder / "state.json").write_text(
        f'{{"protocol": 1, "instance": "0123456789ab", "pid": {number}, "socket": "{stale / "s"}", '
        f'"token": "x", "pipe": "inquirygen-gone"}}')
    result = cli("build", "--pdf", EXAMPLE, cwd=example_workspace)
    assert (result.exit_code, result.stdout, result.stderr) == (0, WROTE, "")
    assert office.starts() == ["listener"]
    assert office.state().instance != "0123456789ab"
    assert not stale.exists() and not unready.exists()
    assert office.log()[0].startswith("started pid ")
    assert_pdf_a_and_ua(example_workspace / "out" / "2025-09-15.pdf")


def test_a_killed_listener_and_its_libreoffice_are_replaced(example_workspace, cli, tmp_path, runtime):
    office = Office(tmp_path, example_workspace)
    assert cli("build", "--pdf", EXAMPLE, cwd=example_workspace).exit_code == 0
    killed = office.state()
    old = listener._processes(office.folder / killed.instance)
    for pid in old:  # as the out-of-memory killer would, leaving the files behind
        os.kill(pid, signal.SIGKILL)
    assert wait_until(lambda: not any(running(pid) for pid in old))
    result = cli("build", "--pdf", EXAMPLE, cwd=example_workspace)
    assert (result.exit_code, result.stdout, result.stderr) == (0, WROTE, "")
    assert office.starts() == ["listener", "listener"]
    assert office.state().instance != killed.instance
    assert not (office.folder / killed.instance).exists()
    assert_pdf_a_and_ua(example_workspace / "out" / "2025-09-15.pdf")


def test_a_hung_listener_is_stopped_and_the_pdf_made_without_it(example_workspace, cli, tmp_path, runtime):
    office = Office(tmp_path, example_workspace, timeout=15)
    assert cli("build", "--pdf", EXAMPLE, cwd=example_workspace).exit_code == 0
    hung = office.state()
    processes = listener._processes(office.folder / hung.instance)
    os.kill(hung.pid, signal.SIGSTOP)
    result = cli("build", "--pdf", EXAMPLE, cwd=example_workspace)
    assert (result.exit_code, result.stdout) == (0, WROTE)
    assert result.stderr == ("note: LibreOffice in the background could not be used (it did not answer "
                             "within 15 seconds); LibreOffice is started for this conversion\n")
    assert office.starts() == ["listener", "once"]
    assert wait_until(lambda: not any(running(pid) for pid in processes))
    assert listener.read_state(office.folder) is None
    assert not (office.folder / hung.instance).exists()
    assert_pdf_a_and_ua(example_workspace / "out" / "2025-09-15.pdf")
    assert "Traceback" not in result.output


@pytest.mark.skipif(os.geteuid() != 0, reason="making a folder another user's needs root")
@pytest.mark.parametrize("how", ["owner", "mode"])
def test_a_folder_another_user_could_have_made_or_opened_is_refused(example_workspace, cli, tmp_path, runtime,
                                                                   how):
    office = Office(tmp_path, example_workspace)
    office.folder.mkdir(mode=0o700, parents=True)
    if how == "owner":
        os.chown(office.folder, 65534, 65534)  # nobody's
        reason = f"its folder {office.folder} belongs to another user"
    else:
        office.folder.chmod(0o755)
        reason = f"its folder {office.folder} may be opened by other users"
    result = cli("build", "--pdf", EXAMPLE, cwd=example_workspace)
    assert (result.exit_code, result.stdout) == (0, WROTE)
    assert result.stderr == (f"note: LibreOffice in the background could not be used ({reason}); LibreOffice "
                             "is started for this conversion\n")
    assert office.starts() == ["once"]
    assert list(office.folder.iterdir()) == []  # nothing written into it, nothing read from it
    assert_pdf_a_and_ua(example_workspace / "out" / "2025-09-15.pdf")


@pytest.mark.skipif(os.geteuid() != 0, reason="making a socket another user's needs root")
def test_a_socket_of_another_user_is_not_connected_to(example_workspace, cli, tmp_path, runtime):
    office = Office(tmp_path, example_workspace)
    assert cli("build", "--pdf", EXAMPLE, cwd=example_workspace).exit_code == 0
    state = office.state()
    processes = listener._processes(office.folder / state.instance)
    os.chown(state.socket, 65534, 65534, follow_symlinks=False)
    result = cli("build", "--pdf", EXAMPLE, cwd=example_workspace)
    assert (result.exit_code, result.stdout) == (0, WROTE)
    assert result.stderr == ("note: LibreOffice in the background could not be used (its socket "
                             f"{state.socket} belongs to another user); LibreOffice is started for this "
                             "conversion\n")
    assert office.starts() == ["listener", "once"]
    assert [line.split(" in ")[0] for line in office.log()][1:] == ["converted 1"]  # nothing sent to it
    assert wait_until(lambda: not any(running(pid) for pid in processes))
    assert_pdf_a_and_ua(example_workspace / "out" / "2025-09-15.pdf")


@pytest.mark.parametrize("how", ["listener_idle 0", "switched off", "no uno"])
def test_without_a_listener_the_pdf_is_made_as_before_without_a_word(example_workspace, cli, tmp_path,
                                                                     runtime, monkeypatch, how):
    office = Office(tmp_path, example_workspace, idle=0 if how == "listener_idle 0" else 300)
    if how == "switched off":
        monkeypatch.setenv(listener.SWITCH, "0")
    if how == "no uno":
        monkeypatch.setattr(listener, "uno_python", lambda soffice: sys.executable)  # this venv has none
    result = cli("build", "--pdf", EXAMPLE, cwd=example_workspace)
    assert (result.exit_code, result.stdout, result.stderr) == (0, WROTE, "")
    assert office.starts() == ["once"]
    assert listener.read_state(office.folder) is None
    assert not office.folder.exists() or sorted(p.name for p in office.folder.iterdir()) == ["lock"]
    assert_pdf_a_and_ua(example_workspace / "out" / "2025-09-15.pdf")


def test_a_request_without_the_token_is_refused(example_workspace, cli, tmp_path, runtime):
    office = Office(tmp_path, example_workspace)
    assert cli("build", "--pdf", EXAMPLE, cwd=example_workspace).exit_code == 0
    state = office.state()
    target = tmp_path / "stolen.pdf"
    forged = listener.State(state.protocol, state.instance, state.pid, state.socket, "0" * 64, state.pipe)
    answer = listener._ask(forged, {"token": forged.token, "protocol": 1, "idle": 300,
                                    "filter": "pdf:writer_pdf_Export",
                                    "documents": [[str(example_workspace / "out" / "2025-09-15.docx"),
                                                   str(target)]]}, 30)
    assert answer == {"ok": False, "error": "refused"}
    assert not target.exists()
    assert office.log()[-1] == "refused a request without the token"
    assert running(state.pid)  # and it goes on serving its user
    result = cli("build", "--pdf", EXAMPLE, cwd=example_workspace)
    assert (result.exit_code, result.stderr) == (0, "")
    assert office.log()[-1].startswith("converted 1")


@pytest.mark.parametrize(("value", "message"), [
    ("-1", "'listener_idle' must be at least 0, not '-1'"),
    ("86401", "'listener_idle' may be at most 86400, not '86401'"),
    ("nan", "'listener_idle' may be at most 86400, not 'nan'"),
])
def test_a_listener_idle_time_out_of_range_is_refused_at_its_line(example_workspace, cli, value, message):
    config = example_workspace / "inquirygen.yaml"
    line = len(config.read_text(encoding="utf-8").splitlines()) + 3
    with config.open("a", encoding="utf-8") as stream:
        stream.write(f"\npdf:\n  listener_idle: {value}\n")
    result = cli("build", "--pdf", EXAMPLE, cwd=example_workspace)
    assert result.exit_code == 1
    assert result.stderr == f"inquirygen.yaml:{line}:18: {message}\nError: 1 problem found\n"
    assert not (example_workspace / "out").exists()


def test_a_build_stopped_while_the_listener_converts_leaves_no_process_or_folder(example_workspace, cli,
                                                                                 tmp_path, runtime):
    office = Office(tmp_path, example_workspace)
    assert cli("build", "--pdf", EXAMPLE, cwd=example_workspace).exit_code == 0
    state = office.state()
    processes = listener._processes(office.folder / state.instance)
    for pid in processes:
        if pid != state.pid:
            os.kill(pid, signal.SIGSTOP)  # LibreOffice: the next conversion waits for it
    systemp = tmp_path / "systemp"
    systemp.mkdir()
    build = subprocess.Popen([sys.executable, "-m", "inquirygen", "build", "--pdf", EXAMPLE],
                             cwd=example_workspace, env={**os.environ, "TMPDIR": str(systemp)},
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        # The letters are handed over once "out" waits for the PDFs; then the listener is asked.
        assert wait_until(lambda: any(systemp.glob("inquirygen-pdf-*/out")) or build.poll() is not None)
        time.sleep(0.5)
        build.send_signal(signal.SIGTERM)
        stdout, stderr = build.communicate(timeout=60)
    finally:
        if build.poll() is None:
            build.kill()
            build.wait()
    assert (build.returncode, stdout) == (143, "wrote out/2025-09-15.docx\n")
    assert stderr == "Error: interrupted; nothing was left half-written\n"
    assert wait_until(lambda: not any(running(pid) for pid in processes))
    assert listener.read_state(office.folder) is None
    assert list(systemp.iterdir()) == []
    assert sorted(p.name for p in (example_workspace / "out").iterdir()) == [
        ".2025-09-15.inquirygen.json", "2025-09-15.docx"]
