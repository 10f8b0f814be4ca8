"""A warm LibreOffice for ``build --pdf``: the user's own listener, started on demand, gone when idle.

LibreOffice takes a second or more to start and some 80 ms to convert a letter. The first ``build
--pdf`` starts ``listener_server.py`` under a Python that has LibreOffice's ``uno`` (Debian's python3
with python3-uno, or the Python a LibreOffice brings along); it keeps one LibreOffice running, converts
what later commands send it, and stops with its LibreOffice after ``pdf.listener_idle`` seconds without
a request. It talks only over a Unix socket in a folder that only its user may open (0700, in
``$XDG_RUNTIME_DIR`` or the cache folder), checks the connecting process's user, and wants a random
token that only that folder holds: no network port, no other user. Whatever goes wrong with it (not
installed, crashed, hung, left behind, another user's folder) ends in :class:`Outcome` with
``done=False``, and ``pdf.py`` converts as before, with a LibreOffice of its own.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import secrets
import shutil
import signal
import socket
import stat
import struct
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from .i18n import _, ngettext

PROTOCOL = 1  # listener_server.PROTOCOL: a listener of another inquirygen is stopped, not used
SWITCH = "INQUIRYGEN_PDF_LISTENER"  # "0", "off", "no" or "false": never start or use one
SERVER = Path(__file__).with_name("listener_server.py")
EXIT_NO_UNO = 3  # listener_server.EXIT_NO_UNO
SOCKET_PATH_BYTES = 100  # a Unix socket's path has room for 107 bytes (Linux), 103 (macOS)
ANSWER_BYTES = 65536
FORK_SECONDS = 30.0  # for the starting Python to check for uno and hand over to its child


@dataclass(frozen=True)
class Outcome:
    """Whether the listener converted every document; if not, ``note`` says why, or is None where
    saying so would only be noise (switched off, not installed)."""

    done: bool
    note: str | None = None


@dataclass(frozen=True)
class State:
    """What a ready listener wrote into ``state.json``."""

    protocol: int
    instance: str
    pid: int
    socket: str
    token: str
    pipe: str  # LibreOffice's UNO pipe, /tmp/OSL_PIPE_<uid>_<pipe>: left there when it is killed


def enabled(idle_seconds: float) -> bool:
    """Whether a warm LibreOffice may be used: a positive idle time, Linux (its process checks read
    /proc), and not switched off by ``INQUIRYGEN_PDF_LISTENER``."""
    switch = os.environ.get(SWITCH, "").strip().lower()
    return idle_seconds > 0 and sys.platform == "linux" and switch not in ("0", "off", "no", "false")


@dataclass(frozen=True)
class WarmOffice:
    """Converts through the user's listener for one ``soffice``, starting it when none runs."""

    soffice: str
    idle_seconds: float
    timeout_seconds: float

    def convert(self, pairs: list[tuple[Path, Path]], target_filter: str) -> Outcome:
        """Each ``(document, pdf)`` converted with ``target_filter`` by the listener; all, or
        ``Outcome(False, …)`` (the caller then converts on its own, and removes what is there)."""
        folder = listener_folder(self.soffice)
        refused = _private(folder.parent, 0o022) or _private(folder, 0o077)
        if refused:
            return Outcome(False, refused)
        with _locked(folder):
            state = read_state(folder)
            if state is not None and (state.protocol != PROTOCOL
                                      or not _ours(state.pid, folder / state.instance)):
                stop(folder, state)  # left behind by a killed listener, or of another inquirygen
                state = None
            if state is None:
                started = self._start(folder)
                if isinstance(started, Outcome):
                    return started
                state = started
        try:
            answer = _ask(state, {"token": state.token, "protocol": PROTOCOL, "idle": self.idle_seconds,
                                  "filter": target_filter,
                                  "documents": [[str(source), str(target)] for source, target in pairs]},
                          self.timeout_seconds)
        except BaseException:  # Ctrl+C, SIGTERM: it must not write into a folder being removed
            stop(folder, state)
            raise
        if isinstance(answer, str) or not answer.get("ok"):
            stop(folder, state)
            reason = answer if isinstance(answer, str) else _("it could not convert the letter")
            return Outcome(False, reason)
        return Outcome(True)

    def _start(self, folder: Path) -> State | Outcome:
        """A new listener, ready; or why not."""
        python = uno_python(self.soffice)
        if python is None:
            return Outcome(False)
        for left in folder.iterdir():  # of listeners killed before they were ready: nothing runs there
            if left.is_dir() and not left.is_symlink() and not _processes(left):
                shutil.rmtree(left, ignore_errors=True)
        instance = secrets.token_hex(6)
        here = folder / instance
        if len(str(here / "s").encode()) > SOCKET_PATH_BYTES:
            return Outcome(False)  # a home folder too deep for a socket's name: not worth a word
        here.mkdir(mode=0o700)
        try:
            starter = subprocess.run(
                [python, str(SERVER), str(here), self.soffice, f"{self.idle_seconds:g}",
                 f"{self.timeout_seconds:g}"], stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL, start_new_session=True, timeout=FORK_SECONDS, check=False)
        except (OSError, subprocess.TimeoutExpired):
            shutil.rmtree(here, ignore_errors=True)
            return Outcome(False)
        if starter.returncode != 0:
            shutil.rmtree(here, ignore_errors=True)
            return Outcome(False, None if starter.returncode == EXIT_NO_UNO else _("it did not start"))
        return self._ready(folder, here)

    def _ready(self, folder: Path, here: Path) -> State | Outcome:
        """Waits, at most the conversion timeout, for the new listener to write its state."""
        deadline = time.monotonic() + self.timeout_seconds
        pid: int | None = None
        while time.monotonic() < deadline:
            state = read_state(folder)
            if state is not None and state.instance == here.name:
                return state
            with contextlib.suppress(OSError, ValueError):
                pid = pid or int((here / "pid").read_text())
            failed = here / "failed"
            if failed.exists() or (pid is not None and not _running(pid)):
                _kill(here)
                shutil.rmtree(here, ignore_errors=True)
                return Outcome(False, _("it did not start"))
            time.sleep(0.02)
        _kill(here)
        shutil.rmtree(here, ignore_errors=True)
        return Outcome(False, _no_answer(self.timeout_seconds))


def listener_folder(soffice: str) -> Path:
    """``$XDG_RUNTIME_DIR/inquirygen/pdf-<key>`` (or in the cache folder): one listener a LibreOffice."""
    from . import cache

    runtime = os.environ.get("XDG_RUNTIME_DIR", "")
    base = Path(runtime) / "inquirygen" if os.path.isabs(runtime) else cache.directory() / "listener"
    return base / f"pdf-{hashlib.sha256(soffice.encode()).hexdigest()[:12]}"


def read_state(folder: Path) -> State | None:
    """The listener's state, or None when there is none (or it cannot be read: then it is stale)."""
    try:
        data = json.loads((folder / "state.json").read_text(encoding="utf-8"))
        return State(int(data["protocol"]), str(data["instance"]), int(data["pid"]), str(data["socket"]),
                     str(data["token"]), str(data.get("pipe", "")))
    except (OSError, ValueError, KeyError, TypeError):
        return None


def stop(folder: Path, state: State) -> None:
    """Ends a listener and its LibreOffice at once (SIGKILL: the profile is thrown away anyway) and
    removes what it leaves: its state, socket and profile."""
    here = folder / state.instance
    if _ours(state.pid, here):
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.kill(state.pid, signal.SIGKILL)
    _kill(here)
    if (current := read_state(folder)) is not None and current.instance == state.instance:
        (folder / "state.json").unlink(missing_ok=True)
    if state.instance and "/" not in state.instance and state.instance not in (".", ".."):
        shutil.rmtree(here, ignore_errors=True)
    pipe = Path(f"/tmp/OSL_PIPE_{os.getuid()}_{state.pipe}")
    with contextlib.suppress(OSError):
        if state.pipe.startswith("inquirygen-") and "/" not in state.pipe \
                and pipe.lstat().st_uid == os.getuid():
            pipe.unlink()


def uno_python(soffice: str) -> str | None:
    """A Python that can import LibreOffice's ``uno``: the one that LibreOffice brings along (its own
    builds), inquirygen's own if it has uno, Debian's python3 (python3-uno); None without any."""
    import importlib.util

    program = Path(shutil.which(soffice) or soffice).resolve().parent
    for bundled in (program / "python", program.parent / "Resources" / "python"):
        if bundled.is_file() and os.access(bundled, os.X_OK):
            return str(bundled)
    if importlib.util.find_spec("uno") is not None:
        return sys.executable
    system = Path("/usr/bin/python3")
    return str(system) if system.is_file() else None


def _private(folder: Path, closed: int) -> str | None:
    """Makes ``folder`` (0700) or checks it: a note when it is another user's, or has one of the
    permission bits ``closed`` (the listener's own folder: none for others; the one above it: no
    writing, which could swap the listener's folder for another)."""
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        info = folder.lstat()
    except OSError as error:
        return _("its folder {folder} cannot be made ({reason})").format(folder=folder, reason=error.strerror)
    if not stat.S_ISDIR(info.st_mode) or info.st_uid != os.getuid():
        return _("its folder {folder} belongs to another user").format(folder=folder)
    if info.st_mode & closed:
        return _("its folder {folder} may be opened by other users").format(folder=folder)
    return None


@contextlib.contextmanager
def _locked(folder: Path) -> Iterator[None]:
    """One command at a time looks for, or starts, the listener."""
    import fcntl

    descriptor = os.open(folder / "lock", os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW, 0o600)
    try:
        fcntl.flock(descriptor, fcntl.LOCK_EX)
        yield
    finally:
        os.close(descriptor)


def _ask(state: State, request: dict[str, object], timeout: float) -> dict[str, object] | str:
    """The listener's answer to ``request``, or why there is none."""
    path = Path(state.socket)
    try:
        info = path.lstat()
    except OSError:
        return _("it stopped unexpectedly")
    if not stat.S_ISSOCK(info.st_mode) or info.st_uid != os.getuid():
        return _("its socket {path} belongs to another user").format(path=path)
    deadline = time.monotonic() + timeout
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as connection:
        try:
            connection.settimeout(timeout)
            connection.connect(str(path))
            pid, uid, _gid = struct.unpack("3i", connection.getsockopt(
                socket.SOL_SOCKET, socket.SO_PEERCRED, struct.calcsize("3i")))
            if uid != os.getuid() or pid != state.pid:
                return _("its socket {path} belongs to another user").format(path=path)
            connection.sendall(json.dumps(request).encode("utf-8") + b"\n")
            received = b""
            while not received.endswith(b"\n"):
                connection.settimeout(max(deadline - time.monotonic(), 0.001))
                chunk = connection.recv(ANSWER_BYTES)
                if not chunk or len(received) > ANSWER_BYTES:
                    return _("it stopped unexpectedly")
                received += chunk
        except TimeoutError:
            return _no_answer(timeout)
        except OSError:
            return _("it stopped unexpectedly")
    try:
        answer = json.loads(received)
    except ValueError:
        return _("it stopped unexpectedly")
    return answer if isinstance(answer, dict) else _("it stopped unexpectedly")


def _no_answer(seconds: float) -> str:
    return ngettext("it did not answer within {seconds} second", "it did not answer within {seconds} seconds",
                    1 if seconds == 1 else 2).format(seconds=f"{seconds:g}")


def _ours(pid: int, here: Path) -> bool:
    """Whether ``pid`` is a running listener of this instance (not a process that took its number)."""
    return _of_instance(Path(f"/proc/{pid}"), here.name.encode())


def _processes(here: Path) -> list[int]:
    """The running processes of this user whose command line names the instance (a random name): the
    listener, and LibreOffice (its profile is in the instance's folder)."""
    marker = here.name.encode()
    return [int(entry.name) for entry in Path("/proc").iterdir()
            if entry.name.isdigit() and _of_instance(entry, marker)]


def _of_instance(process: Path, marker: bytes) -> bool:
    try:
        return (process.stat().st_uid == os.getuid() and marker in (process / "cmdline").read_bytes()
                and _running(int(process.name)))
    except OSError:  # ended meanwhile
        return False


def _kill(here: Path) -> None:
    """Every process of the instance: LibreOffice (both of its processes) and the listener."""
    for pid in _processes(here):
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.kill(pid, signal.SIGKILL)


def _running(pid: int) -> bool:
    """Whether ``pid`` runs; a zombie (ended, not yet reaped) does not."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (OSError, IndexError):
        return False
    return fields[0] not in ("Z", "X")
