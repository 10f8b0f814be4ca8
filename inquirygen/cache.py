"""A small content-addressed cache of compiled templates, so that a cold run skips work done before.

Entries are keyed by a hash of their input and inquirygen's version, so a changed template is simply
a new entry; nothing is ever stale. The folder is ``$INQUIRYGEN_CACHE_DIR``, else
``$XDG_CACHE_HOME/inquirygen``, else ``~/.cache/inquirygen``. Any failure to read or write it only
costs time: the cache is never needed for a correct result.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

from . import __version__

if TYPE_CHECKING:
    from jinja2 import FileSystemBytecodeCache


def directory() -> Path:
    explicit = os.environ.get("INQUIRYGEN_CACHE_DIR")
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "inquirygen"


# Raised whenever what the cache holds changes shape or meaning, so old entries are never read.
FORMAT = 2


def key(kind: str, data: bytes) -> str:
    return f"{kind}-{__version__}.{FORMAT}-{hashlib.sha256(data).hexdigest()[:32]}"


def read_json(name: str) -> object:
    try:
        return json.loads((directory() / f"{name}.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def write_json(name: str, value: object) -> None:
    folder = directory()
    try:
        folder.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=folder, prefix=f".{name}.", suffix=".tmp")
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            json.dump(value, stream)
        os.replace(temporary, folder / f"{name}.json")
    except OSError:
        pass


def read_bytes(name: str) -> bytes | None:
    """A file the cache keeps as it is (a converted template), or ``None``."""
    try:
        return (directory() / name).read_bytes()
    except OSError:
        return None


def write_bytes(name: str, data: bytes) -> None:
    folder = directory()
    try:
        folder.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=folder, prefix=f".{name}.", suffix=".tmp")
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        os.replace(temporary, folder / name)
    except OSError:
        pass


def jinja_bytecode_cache() -> FileSystemBytecodeCache | None:
    """Jinja's own bytecode cache in our folder, or ``None`` when the folder cannot be made."""
    from jinja2 import FileSystemBytecodeCache

    folder = directory() / "jinja"
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None
    return FileSystemBytecodeCache(str(folder), pattern=f"{__version__}-%s.cache")
