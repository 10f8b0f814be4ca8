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
FORMAT = 3
PACKAGED = Path(__file__).resolve().parent / "templates" / "compiled"


def key(kind: str, data: bytes) -> str:
    return f"{kind}-{__version__}.{FORMAT}-{hashlib.sha256(data).hexdigest()[:32]}"


def read_json(name: str) -> object:
    """An entry of the cache, else of the package: the templates inquirygen ships come compiled
    (``templates/compiled/``, written by ``tools/compile_templates.py``), so that the first build of a
    new workspace needs neither docxtpl nor python-docx either."""
    data = read_bytes(f"{name}.json")
    if data is None:
        try:
            data = (PACKAGED / f"{name}.json").read_bytes()
        except OSError:
            return None
    try:
        return json.loads(data.decode("utf-8")) if data is not None else None
    except ValueError:  # also a broken UTF-8 file: the cache is never needed for a result
        return None


def write_json(name: str, value: object) -> None:
    write_bytes(f"{name}.json", json.dumps(value).encode("utf-8"))


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
