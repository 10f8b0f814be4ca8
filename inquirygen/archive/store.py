"""Storing archive entries whole or not at all, chained, under a lock that names its holder; opening them."""

# An entry is a folder ``archive/<year>/<letter date>_<slug>/`` (``…_v2`` for a second version) holding
# the answer file and its snippets byte for byte, the .docx and PDF/A that were sent, the letter as
# text, and ``manifest.json`` with the sha256 of each file and of the manifest archived before it.
# An entry is written into a temporary folder in the archive (``.incoming-<pid>@<host>-…``), its files
# sealed read-only, renamed into place under the lock, the folder sealed, and only then indexed. A
# journal (``.pending``) names the entry from the rename until it is sealed and indexed, so that a run
# killed in between is completed by the next one. The files are the truth: the index can always be
# rebuilt from the manifests.

from __future__ import annotations

import json
import os
import re
import sqlite3
import tempfile
from collections.abc import Iterator
from contextlib import AbstractContextManager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from .. import __version__
from ..errors import ArchiveError, Problem, UnknownEntryError, display_path
from ..i18n import _
from .folders import base_name, now, remove, seal, seal_folder, slug, write_json
from .index import (
    INDEX,
    SCHEMA_VERSION,
    UNREADABLE,
    Hit,
    Listed,
    index_entry,
    listed,
    listed_one,
    open_index,
    rebuild_index,
    schema_version,
)
from .index import search as search_index
from .lock import INCOMING, incoming_prefix, locked, run_in_progress
from .manifest import (
    MANIFEST,
    MANIFEST_FORMAT,
    ChainLink,
    Entry,
    LetterRecord,
    Manifest,
    ManifestFile,
    Tool,
    read_manifest,
    sha256,
)

if TYPE_CHECKING:
    from .verify import ChainHead, VerifyReport

PENDING = ".pending"
# Where the letter's .docx and PDF came from (sent.Origin) and, when edited, the built file's sha256.
Origins = dict[str, tuple[str, str | None]]


class PdfWriter(Protocol):
    """What storing needs of a PDF converter: :class:`inquirygen.pdf.PdfConverter`, or a stand-in."""

    def convert(self, documents: list[Path], targets: list[Path]) -> list[Path]: ...


@dataclass(frozen=True)
class Stored:
    """The entry of a letter: stored now, or found already (``stored`` False: the same letter again).

    ``index_problem`` when the index could not take it; the entry is stored, and the next run indexes it.
    """

    entry: Entry
    stored: bool = True
    index_problem: str | None = None


class Archive:
    """The archive folder of a workspace."""

    def __init__(self, root: Path) -> None:
        self.root = root

    # -- storing -------------------------------------------------------------------------------

    def store(self, files: dict[str, bytes], record: LetterRecord, converter: PdfWriter,
              origins: Origins | None = None) -> Stored:
        """Write one entry whole: temporary folder, PDF, manifest, rename under the lock, index.

        ``files`` maps names in the entry (``snippets/x.md`` in a subfolder) to their bytes; without
        ``letter.pdf``, the converter makes it from ``letter.docx``. The same letter as the latest
        version is not stored again: looked for first, and again under the lock, where a second run
        storing the same letter at the same time finds the first one's entry.
        """
        existing = self.latest_if_same(files, record)
        if existing is not None:
            if (self.root / PENDING).exists():  # a retry after a failed index: mend it now
                with self.locked():
                    self._recover()
            return Stored(existing, stored=False)
        try:
            self.root.mkdir(parents=True, exist_ok=True)
            incoming = Path(tempfile.mkdtemp(prefix=incoming_prefix(), dir=self.root))
        except OSError as error:
            raise ArchiveError(_("cannot write to the archive {path}: {reason}").format(
                path=display_path(self.root), reason=error.strerror)) from None
        try:
            for name, data in files.items():
                (incoming / name).parent.mkdir(parents=True, exist_ok=True)
                (incoming / name).write_bytes(data)
            if "letter.pdf" not in files:
                converter.convert([incoming / "letter.docx"], [incoming / "letter.pdf"])
            with self.locked():
                self._recover()
                existing = self.latest_if_same(files, record)
                if existing is not None:
                    return Stored(existing, stored=False)
                return self._commit(incoming, record, origins or {})
        except OSError as error:
            message = _("cannot write to the archive {path}: {reason}; the archive is as it was")
            reason = error.strerror
            raise ArchiveError(message.format(path=display_path(self.root), reason=reason)) from None
        finally:
            if incoming.exists():
                remove(incoming)

    def _commit(self, incoming: Path, record: LetterRecord, origins: Origins) -> Stored:
        """Under the lock: number, chain and seal the entry, rename it into place, index it."""
        year, base = record.letter.date[:4], self._base_of(record)
        latest = self._latest_version(year, base)
        version = latest[0] + 1 if latest else 1
        entry_id = base if version == 1 else f"{base}_v{version}"
        with open_index(self.root) as index:
            head = index.execute("SELECT sequence, manifest_sha256 FROM letters WHERE sequence IS NOT NULL "
                                 "ORDER BY sequence DESC LIMIT 1").fetchone()
        files = {}
        for path in sorted(p for p in incoming.rglob("*") if p.is_file()):
            name = path.relative_to(incoming).as_posix()
            origin, built = origins.get(name, (None, None))
            data = path.read_bytes()
            files[name] = ManifestFile(sha256(data), len(data), origin, built)
        manifest = Manifest(
            format=MANIFEST_FORMAT, id=entry_id, version=version, archived_at=now(),
            tool=Tool("inquirygen", __version__), files=files, record=record,
            supersedes=latest[1] if latest else None,
            chain=ChainLink(head[0] + 1 if head else 1, head[1] if head else self._unchained()))
        manifest_bytes = manifest.to_json().encode("utf-8")
        (incoming / MANIFEST).write_bytes(manifest_bytes)
        seal(incoming)
        target = self.root / year / entry_id
        target.parent.mkdir(exist_ok=True)
        write_json(self.root / PENDING, {"id": entry_id, "folder": f"{year}/{entry_id}"})
        try:
            os.rename(incoming, target)  # the moment the entry exists: before, the archive is as it was
        except OSError:
            (self.root / PENDING).unlink(missing_ok=True)
            raise
        # Read-only only now: a read-only folder cannot be moved to another parent folder.
        seal_folder(target)
        entry = Entry(entry_id, target, manifest)
        try:
            with open_index(self.root) as index:
                index_entry(index, entry, manifest_bytes)
        except (ArchiveError, sqlite3.Error) as error:
            return Stored(entry, index_problem=str(error))  # .pending stays: the next run indexes it
        (self.root / PENDING).unlink(missing_ok=True)
        return Stored(entry)

    def locked(self, shared: bool = False) -> AbstractContextManager[None]:
        """One writer at a time across processes (``archive/.lock``); readers share it with each other."""
        return locked(self.root, shared)

    def latest_if_same(self, files: dict[str, bytes], record: LetterRecord) -> Entry | None:
        """The latest version of this letter's entry when it holds exactly ``files``, else None.

        A PDF that archive itself would make is left out: LibreOffice writes a new one each time.
        """
        latest = self._latest_version(record.letter.date[:4], self._base_of(record))
        if latest is None:
            return None
        folder = self.root / record.letter.date[:4] / latest[1]
        found = read_manifest(folder / MANIFEST)
        if isinstance(found, Problem):
            return None  # a broken entry is verify's to report; this letter is stored anew
        # The PDF counts when build made it (a PDF signed since is a new version); one archive makes
        # anew each time does not.
        compared = set(files)
        recorded = set(found.files) - (set() if "letter.pdf" in files else {"letter.pdf"})
        if compared == recorded and all(found.files[name].sha256 == sha256(files[name]) for name in compared):
            return Entry(found.id, folder, found)
        return None

    def _unchained(self) -> str | None:
        """For the chain's first entry: the entries an older inquirygen archived before it (read once)."""
        from .verify import unchained_digest

        return unchained_digest([sha256((entry.folder / MANIFEST).read_bytes()) for entry in self.entries()
                                 if entry.manifest.chain is None])

    def _base_of(self, record: LetterRecord) -> str:
        """The entry name of this letter: date and subject; with the answer file's name added when
        another answer file's letter of the same date and subject is there already (a version is
        only ever a new state of the same answer file)."""
        year, base = record.letter.date[:4], base_name(record)
        first = read_manifest(self.root / year / base / MANIFEST)
        if isinstance(first, Manifest) and first.record.source != record.source:
            return f"{base}_{slug(Path(record.source).stem, 40)}"
        return base

    def _latest_version(self, year: str, base: str) -> tuple[int, str] | None:
        """The highest version of ``base`` stored (its number and id), by the folders themselves."""
        latest = None
        version = 1
        while True:
            entry_id = base if version == 1 else f"{base}_v{version}"
            if not (self.root / year / entry_id).exists():
                return latest
            latest = (version, entry_id)
            version += 1

    def _recover(self) -> None:
        """Under the lock: remove what killed runs on this machine left, finish an entry left unindexed,
        and rebuild an index that is missing or of an older layout."""
        for run in self.interrupted_runs():
            if not run_in_progress(run):
                remove(run)
        self._fresh_index(locked=True)
        pending = self.root / PENDING
        if pending.exists():
            try:
                noted = str(json.loads(pending.read_text(encoding="utf-8"))["folder"])
                # Only ever an entry of this archive: <year>/<id>, nothing that leads elsewhere.
                if not re.fullmatch(r"[0-9]{4}/[^/\\.][^/\\]*", noted):
                    raise ValueError(noted)
                folder = self.root / noted
                found = read_manifest(folder / MANIFEST)
            except (OSError, ValueError, KeyError, TypeError):
                found = None
            if isinstance(found, Manifest):
                seal_folder(folder)  # a run killed right after the rename left it writable
                with open_index(self.root) as index:
                    if index.execute("SELECT 1 FROM letters WHERE id = ?", (found.id,)).fetchone() is None:
                        manifest_bytes = (folder / MANIFEST).read_bytes()
                        index_entry(index, Entry(folder.name, folder, found), manifest_bytes)
            pending.unlink(missing_ok=True)

    # -- reading -------------------------------------------------------------------------------

    def _year_folders(self) -> Iterator[Path]:
        return (path for path in self.root.glob("[0-9][0-9][0-9][0-9]") if path.is_dir())

    def read_entries(self) -> tuple[list[Entry], list[Problem]]:
        """Every entry with a readable manifest, oldest letter first; and why the other manifests are not."""
        entries: list[Entry] = []
        unreadable: list[Problem] = []
        for path in sorted(self.root.glob(f"[0-9][0-9][0-9][0-9]/*/{MANIFEST}")):
            found = read_manifest(path)
            if isinstance(found, Problem):
                unreadable.append(found)
            else:
                entries.append(Entry(path.parent.name, path.parent, found))
        return entries, unreadable

    def entries(self) -> list[Entry]:
        """Every entry folder with a readable manifest, oldest letter first (verify names the others)."""
        return self.read_entries()[0]

    def listed(self, limit: int | None = 50) -> tuple[list[Listed], int]:
        """The last ``limit`` entries by letter date, from the index (all when None); how many in all."""
        if not self.root.is_dir():
            return [], 0
        with self.index() as index:
            total = index.execute("SELECT count(*) FROM letters").fetchone()[0]
            return listed(index, limit), int(total)

    def entry(self, entry_id: str) -> Entry:
        """The entry of this id; :class:`ArchiveError` located in its manifest when that is unreadable."""
        if not entry_id or entry_id.startswith(".") or any(sign in entry_id for sign in "/\\"):
            raise UnknownEntryError(_("no archive entry '{entry}'").format(entry=entry_id))
        found = None
        if self.root.is_dir():
            with self.index() as index:
                found = listed_one(index, entry_id)
        folder = self.root / found.folder if found else self.root / entry_id[:4] / entry_id
        if (folder / MANIFEST).is_file():
            manifest = read_manifest(folder / MANIFEST)
            if isinstance(manifest, Problem):
                raise ArchiveError(manifest.format())
            return Entry(folder.name, folder, manifest)
        raise UnknownEntryError(self._unknown(entry_id))

    def head(self) -> ChainHead | None:
        """The last link of the hash chain, read from its manifest (the index says which entry it is)."""
        from .verify import ChainHead

        if not (self.root / INDEX).is_file() and not any(self._year_folders()):
            return None
        with self.index() as index:
            row = index.execute("SELECT folder FROM letters WHERE sequence IS NOT NULL "
                                "ORDER BY sequence DESC LIMIT 1").fetchone()
        if row is None:
            return None
        path = self.root / row[0] / MANIFEST
        try:
            data = path.read_bytes()
        except OSError as error:
            raise ArchiveError(_("cannot read {path}: {reason}").format(
                path=display_path(path), reason=error.strerror)) from None
        manifest = Manifest.from_json(data, path)
        if manifest.chain is None:  # pragma: no cover - the index holds a number only from a chain
            return None
        return ChainHead(manifest.chain.sequence, sha256(data), manifest.id)

    def superseded_by(self, entry_id: str) -> str | None:
        """The id of the version that replaced this entry, from the index; None for the latest."""
        with self.index() as index:
            found = listed_one(index, entry_id)
        return found.superseded_by if found else None

    def _unknown(self, entry_id: str) -> str:
        import difflib

        with self.index() as index:  # the letters of the same year: the likely ones, and few
            ids = [row[0] for row in index.execute("SELECT id FROM letters WHERE substr(id, 1, 4) = ?",
                                                   (entry_id[:4],))]
        # As loader.did_you_mean chooses, but the suggestion goes into one whole sentence.
        close = difflib.get_close_matches(entry_id, ids, n=1, cutoff=0.6)
        if close:
            return _("no archive entry '{entry}' (did you mean '{suggestion}'?)").format(
                entry=entry_id, suggestion=close[0])
        return _("no archive entry '{entry}'").format(entry=entry_id)

    def interrupted_runs(self) -> list[Path]:
        """The temporary folders of archiving runs that are still going or were killed."""
        return sorted(self.root.glob(f"{INCOMING}*"))

    def index(self) -> AbstractContextManager[sqlite3.Connection]:
        """The search index, created when missing, mended first when needed (never under the lock:
        a run that holds it uses ``open_index``); a transaction committed on success."""
        self._fresh_index()
        return open_index(self.root)

    def _fresh_index(self, locked: bool = False) -> None:
        """An index of an older layout, or one deleted from an archive with entries, made anew from
        the manifests before it is used (once, then it is kept up to date entry by entry)."""
        if not locked and (self.root / PENDING).exists():  # a run killed after its rename: finish it
            with self.locked():
                self._recover()
            return
        current = schema_version(self.root)
        if current in (SCHEMA_VERSION, UNREADABLE) or (current is None and not any(self._year_folders())):
            return  # up to date; broken (open_index says so, and reindex mends it); or a new archive
        if locked:
            rebuild_index(self.root, self.entries())
        else:
            self.reindex()

    def reindex(self) -> int:
        """Rebuild the index from the manifests; returns how many entries it holds."""
        self.root.mkdir(parents=True, exist_ok=True)
        with self.locked():
            return rebuild_index(self.root, self.entries())

    # -- verifying and searching ---------------------------------------------------------------

    def entry_problems(self, entry: Entry) -> list[str]:
        """What is wrong with the files of one entry against its manifest; empty when intact."""
        from .verify import entry_problems

        return entry_problems(entry)

    def verify(self, head: str | None = None) -> VerifyReport:
        """Every file, the chain, the index; ``head`` a chain head noted earlier, which must be in it."""
        from .verify import VerifyReport, verify_archive

        if not self.root.is_dir():
            return VerifyReport()
        with self.locked(shared=True):  # waits for an entry being stored, rather than seeing half of it
            return verify_archive(self, head)

    def search(self, words: list[str], date_from: str | None = None, date_to: str | None = None,
               questioner: str | None = None, subject: str | None = None,
               limit: int = 20) -> list[Hit]:
        """Questions and answers holding every word (or phrase), best first (bm25)."""
        if not self.root.is_dir():
            return []
        self._fresh_index()
        return search_index(self.root, words, date_from, date_to, questioner, subject, limit)
