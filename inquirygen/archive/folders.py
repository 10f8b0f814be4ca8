"""Entry folders on disk: their names, sealing them read-only, removing a run's temporary folder."""

from __future__ import annotations

import datetime
import json
import os
import re
import shutil
import stat
from collections.abc import Callable
from pathlib import Path
from typing import Any

from .index import fold
from .manifest import LetterRecord


def slug(text: str, length: int = 60) -> str:
    """``umgang-mit-ausreisepflichtigen``: lowercase ASCII words joined by hyphens."""
    words = re.findall(r"[a-z0-9]+", fold(text).encode("ascii", "ignore").decode())
    result = "-".join(words)[:length].rstrip("-")
    return result or "anfrage"


def base_name(record: LetterRecord) -> str:
    return f"{record.letter.date}_{slug(record.inquiry.subject)}"


def now() -> str:
    """The time of archiving: UTC to the second, ``2025-10-06T08:15:00Z``."""
    return (datetime.datetime.now(datetime.UTC).replace(microsecond=0).isoformat()
            .replace("+00:00", "Z"))


def write_json(path: Path, value: dict[str, str]) -> None:
    temporary = path.with_name(path.name + ".tmp")
    temporary.write_text(json.dumps(value) + "\n", encoding="utf-8")
    os.replace(temporary, path)


def seal(folder: Path) -> None:
    """Files and subfolders read-only and written through to the disk, before the entry is renamed
    into place; the entry's own folder is sealed after the rename."""
    for path in sorted(folder.rglob("*"), key=lambda p: len(p.parts), reverse=True):
        if path.is_file():
            with path.open("rb") as stream:
                os.fsync(stream.fileno())
            path.chmod(stat.S_IRUSR | stat.S_IRGRP | stat.S_IROTH)
        else:
            seal_folder(path)
    seal_folder(folder, read_only=False)


def seal_folder(folder: Path, read_only: bool = True) -> None:
    descriptor = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)
    if read_only:
        folder.chmod(stat.S_IRUSR | stat.S_IXUSR | stat.S_IRGRP | stat.S_IXGRP | stat.S_IROTH | stat.S_IXOTH)


def remove(folder: Path) -> None:
    def make_writable(function: Callable[[str], Any], path: str, _info: object) -> None:
        # The entry's files and folder are read-only; rmtree can only remove them once writable.
        os.chmod(os.path.dirname(path), stat.S_IRWXU)
        os.chmod(path, stat.S_IRWXU)
        function(path)

    for path in [folder, *folder.rglob("*")]:  # rmtree cannot list a folder it may not read
        if path.is_dir() and not path.is_symlink():
            path.chmod(stat.S_IRWXU)
    shutil.rmtree(folder, onerror=make_writable)
