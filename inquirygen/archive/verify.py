"""Verifying the archive: every file against its manifest, the hash chain across entries, the index."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import ArchiveError, Problem
from ..i18n import _
from .index import INDEX, SCHEMA_VERSION, open_index
from .lock import run_in_progress
from .manifest import MANIFEST, Entry, sha256

if TYPE_CHECKING:
    from .store import Archive


@dataclass(frozen=True)
class ChainHead:
    """The last link of the hash chain: its number, the sha256 of its manifest, its entry."""

    sequence: int
    sha256: str
    entry_id: str


@dataclass
class VerifyReport:
    """What verify found: the problems, how many entries it read, the chain's head, what it left."""

    problems: list[Problem] = field(default_factory=list)
    entries: int = 0
    head: ChainHead | None = None
    unchained: int = 0  # entries of format 1, archived before the chain
    in_progress: list[Path] = field(default_factory=list)  # runs still going: not checked, not wrong


def entry_problems(entry: Entry) -> list[str]:
    """Every file of the entry that is missing, changed, a link or not in its manifest; empty when intact."""
    problems = []
    listed = entry.manifest.files
    if entry.folder.is_symlink():
        problems.append(_("is a link to another place, not an archived folder"))
    for name, facts in sorted(listed.items()):
        path = entry.folder / name
        if path.is_symlink():
            problems.append(_("{name} is a link to another file, not the archived file").format(name=name))
            continue
        if not path.is_file():
            problems.append(_("{name} is missing").format(name=name))
            continue
        try:
            data, status = path.read_bytes(), path.stat()
        except OSError as error:
            problems.append(_("{name} cannot be read ({reason})").format(name=name, reason=error.strerror))
            continue
        if sha256(data) != facts.sha256:
            problems.append(_("{name} was changed (its sha256 differs from the manifest)").format(
                name=name))
        elif status.st_nlink > 1:  # another name elsewhere can change it without touching this one
            problems.append(_("{name} has a second name (a hard link) outside the entry").format(
                name=name))
        elif status.st_mode & 0o222:
            problems.append(_("{name} can be written to; archived files are read-only").format(name=name))
    for path in sorted(entry.folder.rglob("*")):
        name = path.relative_to(entry.folder).as_posix()
        if name not in listed and name != MANIFEST and not (path.is_dir() and not path.is_symlink()):
            problems.append(_("{name} is not in the manifest").format(name=name))
        elif path.is_symlink() and path.is_dir():
            problems.append(_("{name} is a link to another place, not the archived file").format(name=name))
    return problems


def verify_archive(archive: Archive, noted_head: str | None = None) -> VerifyReport:
    """Every file, the chain and the index; ``noted_head``, noted earlier, must be in the chain."""
    report = VerifyReport()
    if not archive.root.is_dir():
        return report
    entries, unreadable = archive.read_entries()
    report.entries = len(entries)
    problems = report.problems
    hashes: dict[str, str] = {}
    for entry in entries:
        problems.extend(Problem(entry.folder, None, None, message) for message in entry_problems(entry))
        hashes[entry.id] = sha256((entry.folder / MANIFEST).read_bytes())
        manifest = entry.manifest
        if entry.folder.name != manifest.id or entry.folder.parent.name != manifest.record.letter.date[:4]:
            problems.append(Problem(entry.folder, None, None, _(
                "was moved or copied: its manifest names it {id} in the folder {year}").format(
                    id=manifest.id, year=manifest.record.letter.date[:4])))
    _duplicates(entries, problems)
    _chain(entries, hashes, noted_head, report, len(unreadable))
    # A manifest that cannot be read is named where it is wrong; its folder is still there, so the
    # index listing it is not a second problem.
    problems.extend(unreadable)
    _index(archive, entries, hashes, {problem.path.parent.name for problem in unreadable}, problems)
    for folder in sorted(archive.root.glob("[0-9][0-9][0-9][0-9]/*")):
        if folder.is_dir() and not folder.name.startswith(".") and not (folder / MANIFEST).is_file():
            problems.append(Problem(folder, None, None, _("has no manifest.json: not an archive entry")))
    for folder in archive.interrupted_runs():
        if run_in_progress(folder):
            report.in_progress.append(folder)
        else:
            problems.append(Problem(folder, None, None, _("is an interrupted archiving run"),
                                    hint=_("the next 'inquirygen archive' removes it")))
    return report


def _duplicates(entries: list[Entry], problems: list[Problem]) -> None:
    """The same entry (its manifest's id) in two folders: a copy, whatever its folder is called."""
    first: dict[str, Entry] = {}
    for entry in entries:
        earlier = first.setdefault(entry.manifest.id, entry)
        if earlier is not entry:
            problems.append(Problem(entry.folder, None, None, _(
                "holds the same entry as {other}: an entry was copied").format(other=earlier.folder.name)))


def _chain(entries: list[Entry], hashes: dict[str, str], noted_head: str | None,
           report: VerifyReport, unreadable: int) -> None:
    """Each chained manifest names the sha256 of the one numbered before it; no number twice or missing.

    As many numbers missing as there are unreadable manifests are theirs: those are named already.
    """
    chained = [entry for entry in entries if entry.manifest.chain is not None]
    report.unchained = len(entries) - len(chained)
    problems = report.problems
    numbered: dict[int, Entry] = {}
    for entry in sorted(chained, key=_sequence):
        if _sequence(entry) in numbered:
            problems.append(Problem(entry.folder, None, None, _(
                "has the number {number} in the hash chain, as {other} has: an entry was copied or "
                "forged").format(number=_sequence(entry), other=numbered[_sequence(entry)].id)))
        else:
            numbered[_sequence(entry)] = entry
    missing = max(numbered, default=0) - len(numbered)
    genesis = unchained_digest([hashes[entry.id] for entry in entries if entry.manifest.chain is None])
    first = numbered.get(1)
    if first is not None and first.manifest.chain is not None and first.manifest.chain.previous != genesis:
        problems.append(Problem(first.folder, None, None, _(
            "the entries archived before the hash chain are not those it began with: an entry of an "
            "older format was added, changed or removed")))
    for number, entry in sorted(numbered.items()):
        before = numbered.get(number - 1)
        named = entry.manifest.chain.previous if entry.manifest.chain else None
        if before is None and number > 1 and missing > unreadable:
            problems.append(Problem(entry.folder, None, None, _(
                "has the number {number} in the hash chain, but the entry before it is missing: entries "
                "were removed").format(number=number)))
        elif before is not None and named != hashes[before.id]:
            problems.append(Problem(entry.folder, None, None, _(
                "does not follow from the entry before it in the hash chain ({other}): that entry's "
                "manifest was changed or replaced").format(other=before.id)))
    if numbered:
        last = numbered[max(numbered)]
        report.head = ChainHead(_sequence(last), hashes[last.id], last.id)
    if noted_head:
        noted = noted_head.strip().lower()
        if len(noted) < 12 or not any(digest.startswith(noted) for digest in
                                      (hashes[entry.id] for entry in chained)):
            problems.append(Problem(Path(noted_head), None, None, _(
                "the chain head noted earlier is not in the archive's hash chain: entries were removed "
                "or rewritten since it was noted")))


def unchained_digest(manifest_hashes: list[str]) -> str | None:
    """What the first chained entry names as its predecessor: the entries archived before the chain
    (format 1), by the sha256 of their manifests; None for an archive that began with the chain."""
    if not manifest_hashes:
        return None
    return sha256("\n".join(sorted(manifest_hashes)).encode("ascii"))


def _sequence(entry: Entry) -> int:
    return entry.manifest.chain.sequence if entry.manifest.chain else 0


def _index(archive: Archive, entries: list[Entry], hashes: dict[str, str], unreadable: set[str],
           problems: list[Problem]) -> None:
    """The index holds every entry as its manifest says, and nothing else; its tables are whole."""
    index_path = archive.root / INDEX
    reindex = _("run 'inquirygen archive reindex'")
    if not index_path.is_file():
        if entries:
            problems.append(Problem(index_path, None, None, _("is missing"), hint=reindex))
        return
    try:
        with open_index(archive.root, create=False) as index:
            version = index.execute("PRAGMA user_version").fetchone()[0]
            tables = {row[0] for row in index.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
            missing = sorted({"letters", "items", "items_fts"} - tables)
            if version != SCHEMA_VERSION or missing:
                problems.append(Problem(index_path, None, None, _(
                    "is incomplete or of another layout (missing: {tables})").format(
                        tables=", ".join(missing) or "–"), hint=reindex))
                return
            index.execute("INSERT INTO items_fts (items_fts) VALUES ('integrity-check')")
            indexed = {row[0]: row[1:] for row in index.execute(
                "SELECT id, manifest_sha256, folder, questions, "
                "(SELECT count(*) FROM items WHERE items.letter_id = letters.id) FROM letters")}
    except (ArchiveError, sqlite3.Error) as error:
        problems.append(Problem(index_path, None, None, str(error), hint=reindex))
        return
    for entry in entries:
        found = indexed.get(entry.id)
        if found is None:
            problems.append(Problem(entry.folder, None, None, _("is not in the index"), hint=reindex))
            continue
        manifest_hash, folder, questions, items = found
        if manifest_hash != hashes[entry.id]:
            problems.append(Problem(entry.folder, None, None,
                                    _("manifest.json differs from what the index recorded")))
        elif folder != f"{entry.folder.parent.name}/{entry.folder.name}" or questions != items \
                or items != len(entry.manifest.record.questions):
            problems.append(Problem(entry.folder, None, None,
                                    _("the index does not hold this entry as its manifest says"),
                                    hint=reindex))
    ids = {entry.id for entry in entries} | unreadable
    for entry_id in sorted(set(indexed) - ids):
        problems.append(Problem(index_path, None, None,
                                _("lists '{entry}', which has no folder in the archive").format(
                                    entry=entry_id)))
