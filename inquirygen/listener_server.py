"""The warm LibreOffice's own process: converts for ``build --pdf`` over a private socket until idle."""

# Run by ``listener.py`` under a Python that has LibreOffice's ``uno`` (Debian's python3 with python3-uno,
# or the Python a LibreOffice brings along), not under inquirygen's: so only the standard library and uno,
# and nothing newer than Python 3.8. Everything of one listener lives in a folder only its user may open:
#
#   <folder>/state.json            written when it is ready: pid, socket, token, protocol (0600)
#   <folder>/log                   one line for each start, conversion and stop
#   <folder>/<instance>/           its socket "s" and LibreOffice's profile, removed when it stops
#
# It stops after ``idle`` seconds without a request, when LibreOffice ends or fails, and on SIGTERM,
# SIGINT and SIGHUP; then it stops LibreOffice's whole process group and removes its files.

from __future__ import annotations

import contextlib
import hmac
import json
import os
import secrets
import select
import signal
import socket
import struct
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

PROTOCOL = 1
EXIT_NO_UNO = 3  # the client falls back without a word: the warm path is not installed
STOP_GRACE_SECONDS = 3.0
REQUEST_BYTES = 1 << 20
REQUEST_SECONDS = 10.0  # for a client to send its request once connected
LOG_BYTES = 1 << 18  # the log is begun anew past this size


class Stop(Exception):
    """Raised by the signal handlers: the listener stops, cleaning up on the way out."""


class NotLoaded(Exception):
    """LibreOffice could not load a document it was sent."""


def main(argv: list[str]) -> int:
    here, soffice, idle, start_seconds = Path(argv[1]), argv[2], float(argv[3]), float(argv[4])
    folder = here.parent
    try:
        import uno  # noqa: F401  (only to know that it is there)
    except ImportError:
        sys.stderr.write("LibreOffice's Python interface (uno) is missing\n")
        return EXIT_NO_UNO
    os.umask(0o077)
    if hasattr(os, "fork") and os.fork() > 0:
        return 0  # the starting command waits for this parent only; the child serves on
    os.setsid()
    _detach(folder / "log")
    try:
        (here / "pid").write_text(str(os.getpid()))
        for received in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP):
            signal.signal(received, _raise_stop)
        return Listener(folder, here, soffice, idle).serve(start_seconds)
    except Stop:
        _log("stopped by a signal")
        return 0
    finally:
        _remove(here)


def _raise_stop(number: int, frame: Any) -> None:
    raise Stop()


class Listener:
    """One LibreOffice, its UNO connection, and the socket the clients of one user talk to."""

    def __init__(self, folder: Path, here: Path, soffice: str, idle: float) -> None:
        self.folder, self.here, self.soffice, self.idle = folder, here, soffice, idle
        self.token = secrets.token_hex(32)
        self.office: subprocess.Popen[bytes] | None = None
        self.desktop: Any = None
        self.pipe = ""

    def serve(self, start_seconds: float) -> int:
        try:
            started = time.monotonic()
            reason = self._start_office(start_seconds)
            if reason:
                (self.here / "failed").write_text(reason)
                _log("not started: " + reason)
                return 4
            server = self._bind()
            _log(f"started pid {os.getpid()} in {time.monotonic() - started:.2f} s")
            self._loop(server)
            return 0
        finally:
            for received in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP):
                signal.signal(received, signal.SIG_IGN)  # a second signal must not cut the cleanup short
            self._retire()
            self._stop_office()

    def _start_office(self, start_seconds: float) -> str:
        import uno
        from com.sun.star.connection import NoConnectException

        self.pipe = pipe = "inquirygen-" + secrets.token_hex(16)  # not guessable: the UNO pipe is in /tmp
        profile = (self.here / "profile").resolve().as_uri()
        self.office = subprocess.Popen(
            [self.soffice, "-env:UserInstallation=" + profile, "--headless", "--invisible", "--norestore",
             "--nologo", "--nodefault", "--nolockcheck",
             f"--accept=pipe,name={pipe};urp;StarOffice.ComponentContext"],
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            start_new_session=True)
        local = uno.getComponentContext()
        resolver = local.ServiceManager.createInstanceWithContext("com.sun.star.bridge.UnoUrlResolver", local)
        deadline = time.monotonic() + start_seconds
        while True:
            if self.office.poll() is not None:
                return f"LibreOffice ended with exit code {self.office.returncode}"
            try:
                context = resolver.resolve(f"uno:pipe,name={pipe};urp;StarOffice.ComponentContext")
                break
            except NoConnectException:
                if time.monotonic() > deadline:
                    return f"LibreOffice did not answer within {start_seconds:g} seconds"
                time.sleep(0.05)
        self.desktop = context.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", context)
        return ""

    def _bind(self) -> socket.socket:
        server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        address = self.here / "s"
        server.bind(str(address))  # for this user only (umask 077), in folders that are 0700 too
        server.listen(8)
        state = {"protocol": PROTOCOL, "instance": self.here.name, "pid": os.getpid(),
                 "office": self.office.pid if self.office else None, "socket": str(address),
                 "token": self.token, "soffice": self.soffice, "pipe": self.pipe}
        written = self.here / "state.json"
        written.write_text(json.dumps(state))
        os.replace(written, self.folder / "state.json")  # whole, or not at all: clients poll for it
        return server

    def _loop(self, server: socket.socket) -> None:
        last = time.monotonic()
        with server:
            while True:
                if self.office is not None and self.office.poll() is not None:
                    _log("LibreOffice ended; stopping")
                    return
                remaining = self.idle - (time.monotonic() - last)
                if remaining <= 0:
                    _log(f"idle for {self.idle:g} s; stopping")
                    return
                ready, _, _ = select.select([server], [], [], min(remaining, 1.0))
                if not ready:
                    continue
                connection, _ = server.accept()
                with connection:
                    carry_on = self._answer(connection)
                last = time.monotonic()
                if not carry_on:
                    return

    def _answer(self, connection: socket.socket) -> bool:
        """One request: its documents converted, or why not; whether to go on serving."""
        connection.settimeout(REQUEST_SECONDS)
        if _peer_uid(connection) not in (None, os.getuid()):
            _log("refused a connection of another user")
            return True
        try:
            request = json.loads(_read_line(connection))
        except (OSError, ValueError):
            _log("refused an unreadable request")
            return True
        if not isinstance(request, dict) or not hmac.compare_digest(
                str(request.get("token", "")).encode(), self.token.encode()):
            _log("refused a request without the token")  # logged first: the reply ends the asker's wait
            _reply(connection, {"ok": False, "error": "refused"})
            return True
        if request.get("protocol") != PROTOCOL:
            _reply(connection, {"ok": False, "error": f"protocol {PROTOCOL} expected"})
            return False  # an older or newer inquirygen: let it start a listener of its own
        self.idle = min(max(float(request.get("idle", self.idle)), 1.0), 86400.0)
        started = time.monotonic()
        try:
            for source, target in request["documents"]:
                self._convert(str(source), str(target), str(request["filter"]))
        except Exception as error:  # whatever UNO raised: answered, then a fresh start
            _log(f"failed: {type(error).__name__}")
            _reply(connection, {"ok": False, "error": f"{type(error).__name__}: {error}"[:300]})
            return False
        # Each line is logged before the answer: the answer ends the asker's wait, and what it does
        # next (a test reading the log) must find the line there.
        _log("converted {} in {:.3f} s".format(len(request["documents"]), time.monotonic() - started))
        _reply(connection, {"ok": True})
        return True

    def _convert(self, source: str, target: str, target_filter: str) -> None:
        """As ``soffice --convert-to`` does it (desktop/source/app/dispatchwatcher.cxx): the same load
        and store arguments, so that the PDF is the same."""
        import uno

        _extension, name, options = (target_filter.split(":", 2) + ["", ""])[:3]
        document = self.desktop.loadComponentFromURL(
            uno.systemPathToFileUrl(source), "_blank", 0,
            _properties(ReadOnly=True, OpenNewView=True, Hidden=True, Silent=True))
        if document is None:  # LibreOffice could not read it: answered as a failure
            raise NotLoaded()
        try:
            store = dict(ConversionRequestOrigin="CommandLine", Overwrite=True, FilterName=name)
            if options:
                store["FilterOptions"] = options
            document.storeToURL(uno.systemPathToFileUrl(target), _properties(**store))
        finally:
            document.close(True)

    def _retire(self) -> None:
        """No client finds this listener any more: its state and socket are removed first."""
        try:
            state = json.loads((self.folder / "state.json").read_text())
            if state.get("instance") == self.here.name:
                (self.folder / "state.json").unlink()
        except (OSError, ValueError):
            pass

    def _stop_office(self) -> None:
        """LibreOffice asked to end (so that it removes its pipe from /tmp), then its whole process
        group: SIGTERM, and SIGKILL after a grace period."""
        if self.office is None:
            return
        if self.desktop is not None:
            import threading

            # A hung LibreOffice never answers: the call waits in a thread of its own, a while at most.
            asking = threading.Thread(target=_terminate, args=(self.desktop,), daemon=True)
            asking.start()
            asking.join(STOP_GRACE_SECONDS)
        for number in (signal.SIGTERM, signal.SIGKILL):
            deadline = time.monotonic() + STOP_GRACE_SECONDS
            while _group_running(self.office.pid) and time.monotonic() < deadline:
                self.office.poll()
                time.sleep(0.05)
            if not _group_running(self.office.pid):
                break
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.killpg(self.office.pid, number)
        with contextlib.suppress(subprocess.TimeoutExpired):
            self.office.wait(STOP_GRACE_SECONDS)


def _terminate(desktop: Any) -> None:
    with contextlib.suppress(Exception):  # it ended meanwhile, or the connection broke: killed next
        desktop.terminate()


def _group_running(group: int) -> bool:
    """Whether a process of the group still runs (a zombie does not: it waits to be reaped)."""
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except (OSError, IndexError):
                continue
            if fields[2] == str(group) and fields[0] not in ("Z", "X"):
                return True
    return False


def _properties(**values: Any) -> tuple[Any, ...]:
    from com.sun.star.beans import PropertyValue

    made = []
    for name, value in values.items():
        made.append(PropertyValue())
        made[-1].Name, made[-1].Value = name, value
    return tuple(made)


def _peer_uid(connection: socket.socket) -> int | None:
    """The user of the process at the other end (Linux); None where the system does not tell."""
    option = getattr(socket, "SO_PEERCRED", None)
    if option is None:
        return None
    _pid, uid, _gid = struct.unpack("3i", connection.getsockopt(socket.SOL_SOCKET, option,
                                                                struct.calcsize("3i")))
    return int(uid)


def _read_line(connection: socket.socket) -> bytes:
    """One line, at most ``REQUEST_BYTES``; what is cut short is no JSON (ValueError when parsed)."""
    received = b""
    while not received.endswith(b"\n"):
        chunk = connection.recv(65536)
        if not chunk or len(received) + len(chunk) > REQUEST_BYTES:
            return b""
        received += chunk
    return received


def _reply(connection: socket.socket, answer: dict[str, Any]) -> None:
    with contextlib.suppress(OSError):  # the client gave up (Ctrl+C, its timeout): it falls back alone
        connection.sendall(json.dumps(answer).encode() + b"\n")


def _detach(log: Path) -> None:
    """Standard input, output and error away from the starting terminal: /dev/null, and the log."""
    try:
        if log.stat().st_size > LOG_BYTES:
            log.unlink()
    except OSError:
        pass
    null = os.open(os.devnull, os.O_RDWR)
    written = os.open(str(log), os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
    os.dup2(null, 0)
    os.dup2(written, 1)
    os.dup2(written, 2)
    os.close(null)
    os.close(written)


def _log(line: str) -> None:
    """A line of the log (standard output is the log, see ``_detach``)."""
    sys.stdout.write("{} {}\n".format(time.strftime("%Y-%m-%d %H:%M:%S"), line))
    sys.stdout.flush()


def _remove(folder: Path) -> None:
    """The instance's folder (socket, profile): LibreOffice has stopped, nothing writes there any more."""
    import shutil

    shutil.rmtree(str(folder), ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main(sys.argv))
