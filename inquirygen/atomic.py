"""Files written whole or not at all: through a temporary file beside the target, renamed into place."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from .errors import OutputError, display_path
from .i18n import _

NAME_MAX = 255  # bytes of one file or folder name on the usual file systems (ext4, APFS)
NAME_ROOM = 200  # bytes of a letter's name kept in the name of its temporary file


def write_atomically(target: Path, data: bytes, tidy: bool = True) -> None:
    """Write through a temporary file and rename, so a reader never sees half a file.

    The temporary file carries the writer's process id; what a killed writer left is removed here
    (``tidy``), or once per folder by a caller writing many files (``remove_leftovers``), since looking
    for them lists the whole folder.
    """
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        if tidy:
            import glob

            _remove_leftovers(target.parent, f".{glob.escape(short_name(target.name))}.*.tmp")
        handle, temporary = tempfile.mkstemp(prefix=f".{short_name(target.name)}.{os.getpid()}.",
                                             suffix=".tmp", dir=target.parent)
    except (FileExistsError, NotADirectoryError):
        raise OutputError(_("cannot write {path}: {blocker} is a file, not a folder").format(
            path=display_path(target), blocker=display_path(_first_file(target.parent)))) from None
    except OSError as error:
        raise OutputError(_("cannot write {path}: {reason}").format(
            path=display_path(target), reason=error.strerror)) from None
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        os.chmod(temporary, 0o644 & ~_UMASK)
        os.replace(temporary, target)
    except OSError as error:
        Path(temporary).unlink(missing_ok=True)
        raise OutputError(_("cannot write {path}: {reason}").format(
            path=display_path(target), reason=error.strerror)) from None
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def short_name(name: str) -> str:
    """A file's name cut to ``NAME_ROOM`` bytes, for the temporary file written beside it: with the
    process id and the ending added it stays within what file systems allow."""
    return os.fsencode(name)[:NAME_ROOM].decode("utf-8", "ignore")


def remove_leftovers(folder: Path) -> None:
    """The temporary files that killed writers left in ``folder`` (one listing for a whole batch)."""
    if folder.is_dir():
        _remove_leftovers(folder, ".*.tmp")


def _remove_leftovers(folder: Path, pattern: str) -> None:
    for leftover in folder.glob(pattern):
        # .<name>.<pid>.<random>.tmp: the pid is the second field from the end but one.
        parts = leftover.name.rsplit(".", 3)
        pid = parts[1] if len(parts) == 4 else ""
        if pid.isdigit() and not process_alive(int(pid)):
            leftover.unlink(missing_ok=True)


def process_alive(pid: int) -> bool:
    """Whether a process with this id still runs (so its temporary files are still in use)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _first_file(folder: Path) -> Path:
    """The part of ``folder`` that exists as a file and so blocks making the folder."""
    for parent in (*reversed(folder.parents), folder):
        if parent.exists() and not parent.is_dir():
            return parent
    return folder


def _read_umask() -> int:
    current = os.umask(0)  # the only way to read it is to set it
    os.umask(current)
    return current


# Read once: tempfile creates files 0600, and a letter should get the usual permissions.
_UMASK = _read_umask()
