"""The archive's lock, which names its holder, and the temporary folders of archiving runs."""

from __future__ import annotations

import os
import re
import socket
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO

from ..atomic import process_alive
from ..errors import ArchiveError, display_path
from ..i18n import _

LOCK = ".lock"
INCOMING = ".incoming-"
LOCK_WAIT = 120.0  # seconds a second archiving run waits for the first before it gives up
_INCOMING_NAME = re.compile(r"^\.incoming-(\d+)(?:@([^-]*))?-")


@contextmanager
def locked(root: Path, shared: bool = False) -> Iterator[None]:
    """One writer at a time across processes (``archive/.lock``); readers share it with each other.

    A writer notes its host and process in the lock file, so that one who waits can say whom for.
    """
    import fcntl

    handle = None
    try:
        if not shared:
            root.mkdir(parents=True, exist_ok=True)
        handle = open(root / LOCK, "a+", encoding="utf-8")  # noqa: SIM115 - closed below
    except OSError as error:
        if not shared:
            raise ArchiveError(_("cannot write to the archive {path}: {reason}").format(
                path=display_path(root), reason=error.strerror)) from None
    if handle is None:  # a read-only archive (a backup, a CD): no one writes it, nothing to wait for
        yield
        return
    with handle:
        mode = fcntl.LOCK_SH if shared else fcntl.LOCK_EX
        deadline = time.monotonic() + LOCK_WAIT
        while True:
            try:
                fcntl.flock(handle, mode | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() > deadline:
                    raise ArchiveError(_("the archive is in use by {holder}; try again when it has "
                                         "finished").format(holder=_holder(handle))) from None
                time.sleep(0.05)
        try:
            if not shared:
                handle.seek(0)
                handle.truncate()
                handle.write(f"{socket.gethostname()} {os.getpid()} {time.strftime('%Y-%m-%dT%H:%M:%S')}\n")
                handle.flush()
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def incoming_prefix() -> str:
    """The start of a run's temporary folder name: ``.incoming-<pid>@<host>-``."""
    return f"{INCOMING}{os.getpid()}@{_host()}-"


def run_in_progress(folder: Path) -> bool:
    """Whether the archiving run that owns this temporary folder may still be going.

    Only a run on this machine whose process has ended is known to be over; another machine's run
    (on a shared archive folder) is left for it to finish, and verify names it.
    """
    match = _INCOMING_NAME.match(folder.name)
    if match is None:
        return False
    host = match.group(2)
    if host is not None and host != _host():
        return True
    return process_alive(int(match.group(1)))


def _host() -> str:
    """This machine's name as it can stand in a folder name (no "-", which separates the parts)."""
    return re.sub(r"[^A-Za-z0-9.]", "", socket.gethostname())[:40] or "host"


def _holder(handle: IO[str]) -> str:
    """Who holds the lock, as the last writer noted it; "another inquirygen" when that writer is gone
    from this machine (then a reader such as ``verify`` holds it, and readers note nothing)."""
    handle.seek(0)
    noted = handle.read(200).split()
    if len(noted) >= 2 and not (noted[0] == socket.gethostname() and noted[1].isdigit()
                                and not process_alive(int(noted[1]))):
        return _("inquirygen on {host} (process {pid}, since {since})").format(
            host=noted[0], pid=noted[1], since=noted[2] if len(noted) > 2 else "?")
    return _("another inquirygen")
