"""The archive's search index (SQLite FTS5): every question and answer, ranked; rebuilt from the manifests."""

# The index answers list, show and search without reading a manifest, so that they cost the same at
# 100,000 entries as at 10; it only ever holds what the manifests say and can always be rebuilt from
# them (``inquirygen archive reindex``). Words are indexed whole (unicode61), not as trigrams: a word
# typed finds the words that begin with it ("Schulung" finds "Schulungen", "Deeskalation" finds
# "Deeskalationstechniken"), and the index stays smaller than the text it holds. The full-text table
# is contentless: the texts themselves are kept once, in ``items``, for the excerpts.

from __future__ import annotations

import os
import re
import sqlite3
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType

from ..errors import ArchiveError, display_path
from ..i18n import _
from .manifest import Entry, sha256

INDEX = "index.sqlite"
RANKED_AT_MOST = 2_000  # answers ranked per search: see search()
# Raise when the tables change: an index of another layout is rebuilt from the manifests.
SCHEMA_VERSION = 4  # 4: the answer file's name (source), for the open inquiries of status

_TABLES = """
    CREATE TABLE IF NOT EXISTS letters (
        id TEXT PRIMARY KEY, folder TEXT NOT NULL, version INTEGER NOT NULL, supersedes TEXT,
        sequence INTEGER, inquiry_date TEXT, letter_date TEXT, subject TEXT, questioner TEXT,
        questioner_folded TEXT, subject_folded TEXT, reference TEXT, kind TEXT, archived_at TEXT,
        manifest_sha256 TEXT NOT NULL, questions INTEGER NOT NULL, source TEXT);
    CREATE INDEX IF NOT EXISTS letters_by_date ON letters(letter_date, id);
    CREATE INDEX IF NOT EXISTS letters_superseded ON letters(supersedes);
    CREATE INDEX IF NOT EXISTS letters_by_sequence ON letters(sequence);
    CREATE TABLE IF NOT EXISTS items (
        id INTEGER PRIMARY KEY, letter_id TEXT NOT NULL, label TEXT, question TEXT, response TEXT);
    CREATE VIRTUAL TABLE IF NOT EXISTS items_fts USING fts5(
        question, response, subject, content='', tokenize='unicode61 remove_diacritics 2');
"""


@dataclass(frozen=True)
class Hit:
    """A search result: the letter, the question it matched in, an excerpt with the words marked."""

    entry_id: str
    letter_date: str
    subject: str
    questioner: str
    label: str
    question: str
    excerpt: list[tuple[str, bool]]  # (text, is it a match)
    score: float


@dataclass(frozen=True)
class Listed:
    """An entry as the index lists it, without reading its manifest."""

    id: str
    folder: str  # relative to the archive: 2025/2025-10-06_umgang-mit-…
    version: int
    supersedes: str | None
    superseded_by: str | None
    sequence: int | None
    letter_date: str
    inquiry_date: str | None
    questioner: str | None
    subject: str


def create_tables(connection: sqlite3.Connection) -> None:
    """The tables of the index, where they do not exist yet."""
    connection.executescript(_TABLES)
    connection.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")


def index_entry(connection: sqlite3.Connection, entry: Entry, manifest_bytes: bytes) -> None:
    """Add one entry; ``manifest_bytes`` are hashed so that verify can tell a changed manifest."""
    manifest = entry.manifest
    inquiry, letter = manifest.record.inquiry, manifest.record.letter
    connection.execute(
        "INSERT INTO letters VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (entry.id, f"{entry.folder.parent.name}/{entry.folder.name}", entry.version,
         manifest.supersedes, manifest.chain.sequence if manifest.chain else None, inquiry.date,
         letter.date, inquiry.subject, inquiry.questioner, fold(inquiry.questioner or ""),
         fold(inquiry.subject), inquiry.reference, inquiry.kind, manifest.archived_at,
         sha256(manifest_bytes), len(manifest.record.questions), manifest.record.source))
    subject = fold(inquiry.subject)
    for item in manifest.record.questions:
        cursor = connection.execute(
            "INSERT INTO items (letter_id, label, question, response) VALUES (?, ?, ?, ?)",
            (entry.id, item.label, item.question, item.response))
        connection.execute("INSERT INTO items_fts (rowid, question, response, subject) VALUES (?, ?, ?, ?)",
                           (cursor.lastrowid, fold(item.question), fold(item.response), subject))


@contextmanager
def open_index(root: Path, create: bool = True) -> Iterator[sqlite3.Connection]:
    """The index of the archive ``root``, a transaction committed on success.

    With ``create``, missing tables are made (an empty index for a new archive); verify opens it
    without, so that a dropped table is found rather than quietly made again.
    """
    path = root / INDEX
    try:
        connection = sqlite3.connect(path, timeout=30)
    except sqlite3.Error as error:
        raise ArchiveError(_("cannot open the archive index {path}: {reason}").format(
            path=display_path(path), reason=error)) from None
    try:
        connection.execute("PRAGMA busy_timeout = 30000")
        # Only a new index gets its tables: creating them each time would make every search a write.
        if create and connection.execute("PRAGMA user_version").fetchone()[0] != SCHEMA_VERSION:
            create_tables(connection)
        with connection:
            yield connection
    except sqlite3.DatabaseError as error:  # OperationalError among them: locked, busy, broken
        if isinstance(error, sqlite3.OperationalError) and ("locked" in str(error)
                                                            or "busy" in str(error)):
            raise ArchiveError(_("the archive index {path} is in use by another program; try again "
                                 "when it has finished").format(path=display_path(path))) from None
        raise ArchiveError(_("the archive index {path} cannot be used ({reason}); rebuild it with "
                             "'inquirygen archive reindex'").format(path=display_path(path),
                                                                    reason=error)) from None
    finally:
        connection.close()


UNREADABLE = -1  # schema_version of a file that is no usable index: reported, not silently replaced


def schema_version(root: Path) -> int | None:
    """The layout of the index at ``root``: None when there is none, UNREADABLE when it is broken."""
    path = root / INDEX
    if not path.is_file():
        return None
    try:
        connection = sqlite3.connect(path, timeout=30)
        try:
            return int(connection.execute("PRAGMA user_version").fetchone()[0])
        finally:
            connection.close()
    except sqlite3.DatabaseError:
        return UNREADABLE


def rebuild_index(root: Path, entries: Iterable[Entry]) -> int:
    """A new index of ``entries`` put in place of the old one; the caller holds the archive's lock.

    Built beside the old index and renamed over it, so that a search meanwhile finds the old one whole.
    """
    fresh = root / f"{INDEX}.rebuild"
    try:
        fresh.unlink(missing_ok=True)
        connection = sqlite3.connect(fresh)
        try:
            create_tables(connection)
            with connection:
                count, seen = 0, set()
                for entry in entries:
                    if entry.id in seen:  # a copied entry: verify names it; the index holds the first
                        continue
                    seen.add(entry.id)
                    index_entry(connection, entry, (entry.folder / "manifest.json").read_bytes())
                    count += 1
            connection.execute("INSERT INTO items_fts (items_fts) VALUES ('optimize')")
            connection.commit()
        finally:
            connection.close()
        os.replace(fresh, root / INDEX)
    except (OSError, sqlite3.Error) as error:
        fresh.unlink(missing_ok=True)
        reason = error.strerror if isinstance(error, OSError) else str(error)
        raise ArchiveError(_("the archive index {path} could not be rebuilt: {reason}; the old one is "
                             "kept").format(path=display_path(root / INDEX), reason=reason)) from None
    return count


_LISTED = ("SELECT id, folder, version, supersedes, "
           "(SELECT later.id FROM letters AS later WHERE later.supersedes = letters.id "
           "ORDER BY later.version DESC LIMIT 1), sequence, letter_date, inquiry_date, questioner, subject "
           "FROM letters")


def sources(connection: sqlite3.Connection) -> set[str]:
    """The names of the answer files that have an entry (``status`` leaves them out of the open ones)."""
    return {row[0] for row in connection.execute("SELECT DISTINCT source FROM letters") if row[0]}


def listed(connection: sqlite3.Connection, limit: int | None) -> list[Listed]:
    """The last ``limit`` letters by letter date (all when None), oldest first."""
    rows = connection.execute(f"{_LISTED} ORDER BY letter_date DESC, id DESC LIMIT ?",
                              (-1 if limit is None else limit,)).fetchall()
    return [Listed(*row) for row in reversed(rows)]


def listed_one(connection: sqlite3.Connection, entry_id: str) -> Listed | None:
    row = connection.execute(f"{_LISTED} WHERE id = ?", (entry_id,)).fetchone()
    return Listed(*row) if row else None


# -- searching ------------------------------------------------------------------------------------

_WORD = re.compile(r"\w+")


def query_terms(words: Iterable[str]) -> list[list[str]]:
    """What was typed as the index reads it: each argument's words, folded; several words are a phrase.

    ``Deeskalation`` → [["deeskalation"]]; ``"Schutz der Kinder"`` (one argument) → [["schutz", "der",
    "kinder"]]; a trailing ``*`` is allowed and changes nothing, since every word is a beginning.
    """
    found = []
    for word in words:
        tokens = _WORD.findall(fold(word))
        if tokens:
            found.append(tokens)
    return found


def _match_expression(terms: list[list[str]]) -> str:
    # Every token quoted (nothing typed can be FTS5 syntax); the last word of each term is a prefix.
    return " AND ".join('"' + " ".join(tokens) + '" *' for tokens in terms)


def search(root: Path, words: list[str], date_from: str | None = None, date_to: str | None = None,
           questioner: str | None = None, subject: str | None = None, limit: int = 20) -> list[Hit]:
    """Questions and answers of the archive ``root`` holding every word (or phrase), best first (bm25)."""
    terms = query_terms(words)
    conditions: list[str] = []
    parameters: list[str | int] = []
    for column, value, operator in (("letters.letter_date", date_from, ">="),
                                    ("letters.letter_date", date_to, "<=")):
        if value:
            conditions.append(f"{column} {operator} ?")
            parameters.append(value)
    for column, value in (("letters.questioner_folded", questioner),
                          ("letters.subject_folded", subject)):
        if value:
            conditions.append(f"{column} LIKE ? ESCAPE '\\'")
            parameters.append(_containing(fold(value)))
    if not terms and not conditions:
        return []
    # First the best rowids alone (a narrow sort, even when a common word matches many thousand
    # answers), then the texts of only those: the texts are what is large.
    join = ("JOIN items ON items.id = {rowid} JOIN letters ON letters.id = items.letter_id"
            if conditions else "")
    with open_index(root) as index:
        if terms:
            match = _match_expression(terms)
            # Ranking costs about the same for every matching answer; a word in most letters matches
            # tens of thousands. The best are then sought among the RANKED_AT_MOST answers archived
            # last (found by rowid, which costs almost nothing): the latest letters, as a clerk
            # looking for a common word expects, in the same time at 100,000 letters as at 1,000.
            newest = index.execute("SELECT rowid FROM items_fts WHERE items_fts MATCH ? ORDER BY rowid DESC "
                                   "LIMIT 1 OFFSET ?", (match, RANKED_AT_MOST - 1)).fetchone()
            sql = (f"SELECT items_fts.rowid, bm25(items_fts, 3.0, 1.0, 2.0) AS score FROM items_fts "
                   f"{join.format(rowid='items_fts.rowid')} WHERE items_fts MATCH ? AND items_fts.rowid >= ?"
                   + "".join(f" AND {condition}" for condition in conditions)
                   + " ORDER BY score, items_fts.rowid LIMIT ?")
            parameters[:0] = [match, newest[0] if newest and not conditions else 0]
        else:
            sql = (f"SELECT items.id, 0 FROM items JOIN letters ON letters.id = items.letter_id "
                   f"WHERE {' AND '.join(conditions)} ORDER BY letters.letter_date DESC, items.id LIMIT ?")
        best = index.execute(sql, [*parameters, limit]).fetchall()
        found = {row[0]: row for row in index.execute(
            "SELECT items.id, letters.id, letters.letter_date, letters.subject, letters.questioner, "
            "items.label, items.question, items.response FROM items JOIN letters ON letters.id = "
            f"items.letter_id WHERE items.id IN ({', '.join('?' * len(best))})",
            [rowid for rowid, _score in best]).fetchall()} if best else {}
    hits = []
    for rowid, score in best:
        _rowid, entry_id, letter_date, subject_text, questioner_text, label, question, response = found[rowid]
        hits.append(Hit(entry_id, letter_date, subject_text, questioner_text or "", label, question,
                        excerpt(response, terms) or excerpt(question, terms), score))
    return hits


def _containing(word: str) -> str:
    """A LIKE pattern for text containing ``word`` as typed: "%" and "_" in it match only themselves."""
    escaped = word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


# -- text folding and excerpts ------------------------------------------------------------------

# Read-only, so that no caller can change how the index and the searches fold text.
_FOLDS = MappingProxyType({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss", "é": "e", "è": "e", "à": "a"})


def fold(text: str) -> str:
    """Lowercase, umlauts spelled out: "Maßnahmen" and "MASSNAHMEN" both become "massnahmen"."""
    return "".join(_FOLDS.get(char, char) for char in text.casefold())


def _folded_with_positions(text: str) -> tuple[str, list[int]]:
    folded, positions = [], []
    for index, char in enumerate(text):
        for piece in _FOLDS.get(char.casefold(), char.casefold()):
            folded.append(piece)
            positions.append(index)
    return "".join(folded), positions


def excerpt(text: str, terms: list[list[str]], width: int = 80) -> list[tuple[str, bool]]:
    """About ``width`` characters around the first match, each match marked; [] when none.

    A match is what the index matched: a word beginning with the term, or the phrase's words in turn.
    """
    folded, positions = _folded_with_positions(text)
    spans = []
    for tokens in terms:
        pattern = r"(?<!\w)" + r"\W+".join(re.escape(token) for token in tokens)
        for match in re.finditer(pattern, folded):
            spans.append((positions[match.start()], positions[match.end() - 1] + 1))
    if not spans:
        return []
    spans.sort()
    first = spans[0][0]
    begin = max(text.rfind(" ", 0, max(first - width // 2, 0)) + 1, 0) if first > width // 2 else 0
    stop = text.find(" ", min(first + width, len(text)))
    stop = len(text) if stop < 0 else stop
    pieces: list[tuple[str, bool]] = [("… ", False)] if begin > 0 else []
    cursor = begin
    for start, end in spans:
        if start < cursor or end > stop:
            continue
        pieces.append((text[cursor:start], False))
        pieces.append((text[start:end], True))
        cursor = end
    pieces.append((text[cursor:stop], False))
    if stop < len(text):
        pieces.append((" …", False))
    return [(piece, marked) for piece, marked in pieces if piece]
