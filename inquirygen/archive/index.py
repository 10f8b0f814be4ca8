"""The archive's search index: SQLite FTS5 over every question and answer, rebuilt from the manifests."""

# Trigrams make "Deeskalation" find "Deeskalationstechniken". The index only ever holds what the
# manifests say, so it can always be rebuilt from them (``inquirygen archive reindex``).

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
from .manifest import MANIFEST, Entry, sha256

INDEX = "index.sqlite"


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


def create_tables(connection: sqlite3.Connection) -> None:
    """The tables of the index, where they do not exist yet."""
    connection.executescript("""
        CREATE TABLE IF NOT EXISTS letters (
            id TEXT PRIMARY KEY, folder TEXT NOT NULL, version INTEGER NOT NULL,
            inquiry_date TEXT, letter_date TEXT, subject TEXT, subject_folded TEXT,
            questioner TEXT, questioner_folded TEXT, reference TEXT, archived_at TEXT,
            manifest_sha256 TEXT NOT NULL);
        CREATE TABLE IF NOT EXISTS items (
            id INTEGER PRIMARY KEY, letter_id TEXT NOT NULL REFERENCES letters(id),
            label TEXT, question TEXT, response TEXT,
            question_folded TEXT, response_folded TEXT, subject_folded TEXT);
        CREATE INDEX IF NOT EXISTS items_by_letter ON items(letter_id);
        CREATE VIRTUAL TABLE IF NOT EXISTS items_fts USING fts5(
            question_folded, response_folded, subject_folded,
            content='items', content_rowid='id', tokenize='trigram');
    """)


def index_entry(connection: sqlite3.Connection, entry: Entry, manifest_bytes: bytes) -> None:
    """Add one entry; ``manifest_bytes`` are hashed so that verify can tell a changed manifest."""
    manifest = entry.manifest
    inquiry, letter = manifest.record.inquiry, manifest.record.letter
    subject = fold(inquiry.subject)
    connection.execute(
        "INSERT INTO letters VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (entry.id, str(entry.folder.relative_to(entry.folder.parent.parent)), entry.version,
         inquiry.date, letter.date, inquiry.subject, subject, inquiry.questioner,
         fold(inquiry.questioner or ""), inquiry.reference, manifest.archived_at,
         sha256(manifest_bytes)))
    for item in manifest.record.questions:
        cursor = connection.execute(
            "INSERT INTO items (letter_id, label, question, response, question_folded, "
            "response_folded, subject_folded) VALUES (?, ?, ?, ?, ?, ?, ?)",
            (entry.id, item.label, item.question, item.response, fold(item.question),
             fold(item.response), subject))
        connection.execute(
            "INSERT INTO items_fts (rowid, question_folded, response_folded, subject_folded) "
            "VALUES (?, ?, ?, ?)",
            (cursor.lastrowid, fold(item.question), fold(item.response), subject))


@contextmanager
def open_index(root: Path) -> Iterator[sqlite3.Connection]:
    """The index of the archive ``root``, created when missing; a transaction committed on success."""
    path = root / INDEX
    try:
        connection = sqlite3.connect(path, timeout=30)
    except sqlite3.Error as error:
        raise ArchiveError(_("cannot open the archive index {path}: {reason}").format(
            path=display_path(path), reason=error)) from None
    try:
        connection.execute("PRAGMA busy_timeout = 30000")
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


def rebuild_index(root: Path, entries: Iterable[Entry]) -> int:
    """A new index of ``entries`` put in place of the old one; the caller holds the archive's lock.

    Built beside the old index and renamed over it, so that a search meanwhile finds the old one whole.
    """
    fresh = root / f"{INDEX}.rebuild"
    fresh.unlink(missing_ok=True)
    connection = sqlite3.connect(fresh)
    try:
        create_tables(connection)
        with connection:
            count = 0
            for entry in entries:
                index_entry(connection, entry, (entry.folder / MANIFEST).read_bytes())
                count += 1
    finally:
        connection.close()
    os.replace(fresh, root / INDEX)
    return count


def search(root: Path, words: list[str], date_from: str | None = None, date_to: str | None = None,
           questioner: str | None = None, subject: str | None = None, limit: int = 20) -> list[Hit]:
    """Questions and answers of the archive ``root`` containing every word, best first (bm25)."""
    folded = [fold(word) for word in words if word.strip()]
    long_words = [w for w in folded if len(w) >= 3]
    conditions: list[str] = []
    parameters: list[str | int] = []
    if long_words:
        conditions.append("items_fts MATCH ?")
        parameters.append(" AND ".join('"' + w.replace('"', '""') + '"' for w in long_words))
    for word in folded:
        if len(word) < 3:  # trigrams need three letters; short words are looked up plainly
            conditions.append("(items.question_folded LIKE ? ESCAPE '\\' "
                              "OR items.response_folded LIKE ? ESCAPE '\\')")
            parameters += [_containing(word), _containing(word)]
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
    if not conditions:
        return []
    join = "JOIN items_fts ON items_fts.rowid = items.id" if long_words else ""
    rank = "bm25(items_fts, 3.0, 1.0, 2.0)" if long_words else "0"
    sql = (f"SELECT letters.id, letters.letter_date, letters.subject, letters.questioner, "
           f"items.label, items.question, items.response, {rank} AS score "
           f"FROM items {join} JOIN letters ON letters.id = items.letter_id "
           f"WHERE {' AND '.join(conditions)} ORDER BY score, letters.letter_date DESC LIMIT ?")
    with open_index(root) as index:
        rows = index.execute(sql, [*parameters, limit]).fetchall()
    return [Hit(entry_id, letter_date, subject_text, questioner_text or "", label, question,
                excerpt(response, folded) or excerpt(question, folded), score)
            for entry_id, letter_date, subject_text, questioner_text, label, question, response,
            score in rows]


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


def excerpt(text: str, folded_words: list[str], width: int = 80) -> list[tuple[str, bool]]:
    """About ``width`` characters around the first match, each match marked; [] when none."""
    folded, positions = _folded_with_positions(text)
    spans = []
    for word in folded_words:
        for match in re.finditer(re.escape(word), folded):
            start = positions[match.start()]
            end = positions[match.end() - 1] + 1
            spans.append((start, end))
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
