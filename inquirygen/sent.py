"""What build wrote: a record beside each letter, so that archive stores the very files that were sent."""

# ``out/2025-09-15.docx`` gets ``out/.2025-09-15.inquirygen.json`` with the sha256 of the .docx (and of
# the PDF once it is made) and of the answer file it came from. ``archive`` renders the letter again
# (the output is deterministic): when the record's .docx is that letter, the files in out/ are the
# ones that were built, and the archive stores them as found, noting a .docx or PDF changed since.
# The record holds no time, so that the same input gives the same bytes.

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Literal

from . import __version__
from .errors import Problem, ProblemsFound, display_path
from .frozen import frozen
from .i18n import _

RECORD_SUFFIX = ".inquirygen.json"  # hidden beside the letter: out/.2025-09-15.inquirygen.json
RECORD_FORMAT = 1

# Where each file the archive stores came from: as build wrote it; changed after the build (stored as
# found, with the built file's hash in the manifest); or made by archive itself (no build found).
Origin = Literal["built", "edited", "archive"]


def record_path(document: Path) -> Path:
    """``out/2025-09-15.docx`` → ``out/.2025-09-15.inquirygen.json`` (hidden: not a file to send)."""
    from .atomic import short_name

    return document.with_name(f".{short_name(document.stem)}{RECORD_SUFFIX}")


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _file_facts(path: Path, data: bytes) -> dict[str, object]:
    return {"name": path.name, "sha256": _sha256(data), "size": len(data)}


def record_build(document: Path, data: bytes, source: Path) -> None:
    """Note beside ``document`` that build wrote ``data`` there from ``source`` (no PDF yet)."""
    from .atomic import write_atomically

    record = {"format": RECORD_FORMAT, "tool": f"inquirygen {__version__}",
              "source": {"name": source.name, "sha256": _sha256(source.read_bytes())},
              "docx": _file_facts(document, data)}
    write_atomically(record_path(document), _to_json(record), tidy=False)  # build tidied the folder


def record_pdf(document: Path, pdf: Path) -> None:
    """Add the PDF made from ``document`` to its record; nothing when build left no record there."""
    from .atomic import write_atomically

    record = _read(record_path(document))
    if record is None:
        return
    record["pdf"] = _file_facts(pdf, pdf.read_bytes())
    write_atomically(record_path(document), _to_json(record))


def _to_json(record: dict[str, object]) -> bytes:
    return (json.dumps(record, ensure_ascii=False, indent=2, sort_keys=True) + "\n").encode("utf-8")


def _read(path: Path) -> dict[str, object] | None:
    """The record at ``path``; None when there is none or it is not one (then archive builds anew)."""
    try:
        value = json.loads(path.read_bytes())
    except (OSError, ValueError):
        return None
    if not isinstance(value, dict) or value.get("format") != RECORD_FORMAT:
        return None
    return value


@frozen
class SentFile:
    """A file as the archive stores it: its bytes, where they came from, the built file's sha256."""

    data: bytes
    origin: Origin
    built_sha256: str | None = None  # for an edited file: the hash of the file build wrote


@frozen
class SentLetter:
    """The letter that was sent: the .docx, and the PDF when build made one (else archive makes it)."""

    docx: SentFile
    pdf: SentFile | None
    document: Path  # where the .docx was looked for
    noted: bool = True  # False: a .docx was there without build's record (copied, or built before)


def sent_letter(document: Path, answer_file: Path, rendered: bytes) -> SentLetter:
    """The files build wrote at ``document`` for this letter, or ``rendered`` when there are none.

    ``rendered`` is the letter written now from ``answer_file``. A .docx there is never replaced by
    ``rendered``: without build's record, one that differs is taken as edited (it may hold changes
    made by hand). Raises :class:`ProblemsFound` when the record says the .docx there was built from
    something else (an earlier answer file, other snippets or another template), and when it is no
    Word document at all.
    """
    record = _read(record_path(document))
    built = _facts(record, "docx")
    # A record of another letter (two very long names cut to the same record name) is no record.
    if built is not None and built[0] != document.name:
        record, built = None, None
    if not document.is_file():
        return SentLetter(SentFile(rendered, "archive"), None, document)
    data = document.read_bytes()
    _require_word_document(document, answer_file, data)
    if built is None:
        if _sha256(data) == _sha256(rendered):
            return SentLetter(SentFile(data, "built"), None, document, noted=False)
        return SentLetter(SentFile(data, "edited"), None, document, noted=False)
    if built[1] != _sha256(rendered):
        raise ProblemsFound([Problem(answer_file, None, None, _(
            "{document} was built from an earlier state of this answer file, its snippets, template or "
            "settings, so it is not the letter this file makes now; nothing was archived").format(
                document=display_path(document)),
            hint=_("if the letter in {document} was sent, archive it before changing the answer file; "
                   "otherwise build it again with 'inquirygen build {name}'").format(
                       document=display_path(document), name=answer_file.name))])
    docx = _as_found(data, built[1])
    pdf_facts = _facts(record, "pdf")
    pdf_path = document.with_suffix(".pdf")
    pdf = None
    if pdf_facts is not None and pdf_path.is_file():
        found = _as_found(pdf_path.read_bytes(), pdf_facts[1])
        # A PDF made from the .docx before it was edited is not the letter that was sent; one that
        # was itself changed (signed, exported again from Word) is.
        if docx.origin == "built" or found.origin == "edited":
            pdf = found
    return SentLetter(docx, pdf, document)


def _facts(record: dict[str, object] | None, key: str) -> tuple[str, str] | None:
    """A file's name and sha256 in the record; None when missing or not of the right kinds."""
    facts = record.get(key) if record is not None else None
    if not isinstance(facts, dict):
        return None
    name, digest = facts.get("name"), facts.get("sha256")
    if not isinstance(name, str) or not isinstance(digest, str):
        return None
    return name, digest


def _require_word_document(document: Path, answer_file: Path, data: bytes) -> None:
    """An empty or cut-off .docx is not archived as the letter that was sent."""
    import io
    import zipfile

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            whole = "word/document.xml" in package.namelist() and package.testzip() is None
    except (zipfile.BadZipFile, OSError, ValueError):
        whole = False
    if not whole:
        raise ProblemsFound([Problem(document, None, None, _(
            "is not a whole Word document (empty or cut off), so it cannot be archived as the letter "
            "that was sent; nothing was archived"),
            hint=_("build it again with 'inquirygen build {name}', or name the letter that was sent "
                   "with --docx").format(name=answer_file.name))])


def _as_found(data: bytes, built_sha256: str) -> SentFile:
    if _sha256(data) == built_sha256:
        return SentFile(data, "built")
    return SentFile(data, "edited", built_sha256)
