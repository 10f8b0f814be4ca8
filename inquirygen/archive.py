"""The archive of sent letters: entries that never change, and a search index derived from them.

An entry is a folder ``archive/<year>/<letter date>_<slug>/`` (``…_v2`` for a second version) holding
the answer file with every snippet and reference resolved, the .docx, the PDF/A, the letter as text,
and ``manifest.json`` with the sha256 of each file. Entries are written into a temporary folder inside
the archive and renamed into place under a lock, and only then indexed; files are read-only. The files
are the truth: ``index.sqlite`` (SQLite FTS5, trigram, so "Deeskalation" finds
"Deeskalationstechniken") can always be rebuilt from the manifests.
"""

from __future__ import annotations

import datetime
import hashlib
import json
import os
import re
import shutil
import sqlite3
import stat
import tempfile
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from . import __version__, model
from .build import process_alive
from .errors import ArchiveError, Problem, ProblemsFound, UnknownEntryError, display_path

MANIFEST = "manifest.json"
INDEX = "index.sqlite"
LOCK = ".lock"
INCOMING = ".incoming-"
ENTRY_FILES = ("answers.yaml", "letter.docx", "letter.pdf", "letter.txt")
MANIFEST_FORMAT = 1
_VERSION_SUFFIX = re.compile(r"_v(\d+)$")


@dataclass(frozen=True)
class Entry:
    """One archived letter, as its manifest describes it."""

    id: str
    folder: Path
    manifest: dict

    @property
    def version(self) -> int:
        return int(self.manifest["version"])


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


# -- writing ------------------------------------------------------------------------------------


def archive_letter(workspace, answer_file: Path) -> Entry:
    """Archive one answer file: it must check cleanly and have every question answered.

    Raises :class:`ProblemsFound` (exit 1) for a letter that is not ready, :class:`PdfError` or
    :class:`ArchiveError` (exit 3) when LibreOffice or the disk fail; the archive then stays as it was.
    """
    from .build import resolve_file
    from .letter import build_letter
    from .resolve import LetterResolver
    from .writers import create_writer
    from .writers.docx.template import TemplateLibrary

    templates = TemplateLibrary()
    loaded, letter, problems = resolve_file(LetterResolver(workspace, templates), answer_file,
                                            final=True)
    if letter is None or loaded is None:
        raise ProblemsFound(problems + [Problem(answer_file, None, None,
                                                "not archived: fix the problems above first")])
    template_path = letter.template or workspace.template_path
    printed = build_letter(letter)
    files = {
        "answers.yaml": frozen_answer_file(loaded.document, letter).encode("utf-8"),
        "letter.docx": create_writer("docx", templates=templates).write(printed),
        "letter.txt": create_writer("text").write(printed),
    }
    metadata = _metadata(letter, answer_file, template_path)
    return Archive(workspace.archive_dir).store(files, metadata, workspace.pdf_converter())


def frozen_answer_file(document, letter: model.ResolvedLetter) -> str:
    """The answer file as it was sent: every response with its snippets and references filled in."""
    from .yamlfile import replace_scalars

    header = (f"# Archived by inquirygen {__version__}: snippets and references are filled in,\n"
              "# so this file reads the same whatever happens to the snippets later.\n")
    return header + replace_scalars(document, dict(letter.resolved_texts))


def _metadata(letter: model.ResolvedLetter, source: Path, template: Path) -> dict:
    inquiry = letter.inquiry
    return {
        "source": source.name,
        "inquiry": {
            "date": inquiry.date.isoformat(), "subject": inquiry.subject,
            "questioner": inquiry.questioner, "reference": inquiry.reference, "kind": inquiry.kind,
        },
        "letter": {
            "date": letter.date.isoformat(), "title": letter.title, "file_ref": letter.file_ref,
            "signatory": letter.signatory.name, "office": letter.office.name,
            "recipient": list(letter.recipient_address),
        },
        "template": {"name": template.name, "sha256": _sha256(template.read_bytes())},
        "snippets": {path.stem: _sha256(path.read_bytes()) for path in letter.snippets_used},
        "questions": [
            {"label": " / ".join(q.label for q in answer.questions),
             "question": " / ".join(q.text for q in answer.questions),
             "response": _blocks_text(answer.printed_blocks)}
            for answer in letter.answers
        ] + [{"label": section.title, "question": section.title,
              "response": _blocks_text(section.blocks)} for section in letter.remarks]
          + ([{"label": "", "question": "", "response": _blocks_text(letter.body)}]
             if letter.body else []),
    }


def _blocks_text(blocks) -> str:
    from .writers.text import blocks_text

    return "\n".join(blocks_text(blocks, []))


class Archive:
    """The archive folder of a workspace."""

    def __init__(self, root: Path):
        self.root = root

    # -- storing -------------------------------------------------------------------------------

    def store(self, files: dict[str, bytes], metadata: dict, converter) -> Entry:
        """Write one entry whole: temporary folder, PDF, manifest, rename under the lock, index."""
        try:
            self.root.mkdir(parents=True, exist_ok=True)
            incoming = Path(tempfile.mkdtemp(prefix=f"{INCOMING}{os.getpid()}-", dir=self.root))
        except OSError as error:
            raise ArchiveError(f"cannot write to the archive {display_path(self.root)}: "
                               f"{error.strerror}") from None
        try:
            for name, data in files.items():
                (incoming / name).write_bytes(data)
            converter.convert([incoming / "letter.docx"], [incoming / "letter.pdf"])
            with self.locked():
                self._clean_up()
                base = _base_name(metadata)
                year = metadata["letter"]["date"][:4]
                version = self._next_version(year, base)
                entry_id = base if version == 1 else f"{base}_v{version}"
                manifest = {
                    "format": MANIFEST_FORMAT, "id": entry_id, "version": version,
                    "archived_at": datetime.datetime.now(datetime.UTC)
                    .replace(microsecond=0).isoformat().replace("+00:00", "Z"),
                    "tool": {"name": "inquirygen", "version": __version__},
                    "files": {name: {"sha256": _sha256((incoming / name).read_bytes()),
                                     "size": (incoming / name).stat().st_size}
                              for name in ENTRY_FILES},
                    **metadata,
                }
                manifest_bytes = json.dumps(manifest, ensure_ascii=False, indent=2,
                                            sort_keys=True).encode("utf-8") + b"\n"
                (incoming / MANIFEST).write_bytes(manifest_bytes)
                _seal(incoming)
                target = self.root / year / entry_id
                target.parent.mkdir(parents=True, exist_ok=True)
                os.rename(incoming, target)
                # Read-only only now: moving a read-only folder to another parent is refused.
                target.chmod(stat.S_IRUSR | stat.S_IXUSR | stat.S_IRGRP | stat.S_IXGRP
                             | stat.S_IROTH | stat.S_IXOTH)
                entry = Entry(entry_id, target, manifest)
                with self.index() as index:
                    _index_entry(index, entry, manifest_bytes)
                return entry
        except OSError as error:
            raise ArchiveError(f"cannot write to the archive {display_path(self.root)}: "
                               f"{error.strerror}; the archive is as it was") from None
        finally:
            if incoming.exists():
                _remove(incoming)

    @contextmanager
    def locked(self):
        """One writer at a time, across processes (an advisory lock on ``archive/.lock``)."""
        import fcntl

        with open(self.root / LOCK, "a") as handle:
            fcntl.flock(handle, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)

    def _next_version(self, year: str, base: str) -> int:
        versions = [0]
        for folder in (self.root / year).glob(f"{base}*"):
            match = _VERSION_SUFFIX.search(folder.name)
            if folder.name == base:
                versions.append(1)
            elif match and folder.name == f"{base}_v{match.group(1)}":
                versions.append(int(match.group(1)))
        return max(versions) + 1

    def _clean_up(self) -> None:
        """Remove what killed runs left (their incoming folders) and index entries they did not."""
        for folder in self.root.glob(f"{INCOMING}*"):
            pid = folder.name[len(INCOMING):].split("-", 1)[0]
            if pid.isdigit() and int(pid) != os.getpid() and not process_alive(int(pid)):
                _remove(folder)
        with self.index() as index:
            known = {row[0] for row in index.execute("SELECT id FROM letters")}
            for entry in self.entries():
                if entry.id not in known and self.entry_problems(entry) == []:
                    _index_entry(index, entry, (entry.folder / MANIFEST).read_bytes())

    # -- reading -------------------------------------------------------------------------------

    def entries(self) -> list[Entry]:
        """Every entry folder with a readable manifest, oldest letter first."""
        found = []
        for manifest in sorted(self.root.glob(f"[0-9][0-9][0-9][0-9]/*/{MANIFEST}")):
            try:
                data = json.loads(manifest.read_text(encoding="utf-8"))
            except (OSError, ValueError):
                continue
            found.append(Entry(manifest.parent.name, manifest.parent, data))
        return found

    def entry(self, entry_id: str) -> Entry:
        for entry in self.entries():
            if entry.id == entry_id:
                return entry
        from .loader import did_you_mean

        raise UnknownEntryError(f"no archive entry '{entry_id}'"
                                f"{did_you_mean(entry_id, [e.id for e in self.entries()])}")

    @contextmanager
    def index(self):
        """The search index, created when missing; a transaction committed on success."""
        path = self.root / INDEX
        try:
            connection = sqlite3.connect(path, timeout=30)
        except sqlite3.Error as error:
            raise ArchiveError(f"cannot open the archive index {display_path(path)}: {error}") \
                from None
        try:
            connection.execute("PRAGMA busy_timeout = 30000")
            _create_tables(connection)
            with connection:
                yield connection
        except sqlite3.OperationalError as error:
            if "locked" in str(error) or "busy" in str(error):
                raise ArchiveError(f"the archive index {display_path(path)} is in use by another "
                                   "program; try again when it has finished") from None
            raise ArchiveError(f"the archive index {display_path(path)} cannot be used ({error}); "
                               "rebuild it with 'inquirygen archive reindex'") from None
        except sqlite3.DatabaseError as error:
            raise ArchiveError(f"the archive index {display_path(path)} cannot be used ({error}); "
                               "rebuild it with 'inquirygen archive reindex'") from None
        finally:
            connection.close()

    def reindex(self) -> int:
        """Rebuild the index from the manifests; returns how many entries it holds."""
        self.root.mkdir(parents=True, exist_ok=True)
        with self.locked():
            fresh = self.root / f"{INDEX}.rebuild"
            fresh.unlink(missing_ok=True)
            connection = sqlite3.connect(fresh)
            try:
                _create_tables(connection)
                with connection:
                    count = 0
                    for entry in self.entries():
                        _index_entry(connection, entry, (entry.folder / MANIFEST).read_bytes())
                        count += 1
            finally:
                connection.close()
            os.replace(fresh, self.root / INDEX)
            return count

    # -- verifying -----------------------------------------------------------------------------

    def entry_problems(self, entry: Entry) -> list[str]:
        problems = []
        listed = entry.manifest.get("files", {})
        for name, facts in sorted(listed.items()):
            path = entry.folder / name
            if not path.is_file():
                problems.append(f"{name} is missing")
            elif _sha256(path.read_bytes()) != facts.get("sha256"):
                problems.append(f"{name} was changed (its sha256 differs from the manifest)")
        for path in sorted(entry.folder.iterdir()):
            if path.name not in listed and path.name != MANIFEST:
                problems.append(f"{path.name} is not in the manifest")
        return problems

    def verify(self) -> list[Problem]:
        """Every missing, changed, unlisted or unindexed file of the archive; empty when intact."""
        problems: list[Problem] = []
        if not self.root.is_dir():
            return problems
        entries = self.entries()
        try:
            with self.index() as index:
                indexed = dict(index.execute("SELECT id, manifest_sha256 FROM letters"))
        except ArchiveError as error:
            problems.append(Problem(self.root / INDEX, None, None, str(error)))
            indexed = {}
        ids = set()
        for entry in entries:
            ids.add(entry.id)
            for message in self.entry_problems(entry):
                problems.append(Problem(entry.folder, None, None, message))
            manifest_hash = _sha256((entry.folder / MANIFEST).read_bytes())
            if entry.id not in indexed:
                problems.append(Problem(entry.folder, None, None, "is not in the index",
                                        hint="run 'inquirygen archive reindex'"))
            elif indexed[entry.id] != manifest_hash:
                problems.append(Problem(entry.folder, None, None,
                                        "manifest.json differs from what the index recorded"))
        for entry_id in sorted(set(indexed) - ids):
            problems.append(Problem(self.root / INDEX, None, None,
                                    f"lists '{entry_id}', which has no folder in the archive"))
        for folder in sorted(self.root.glob("[0-9][0-9][0-9][0-9]/*")):
            if folder.is_dir() and not (folder / MANIFEST).is_file():
                problems.append(Problem(folder, None, None,
                                        "has no manifest.json: not an archive entry"))
        for folder in sorted(self.root.glob(f"{INCOMING}*")):
            problems.append(Problem(folder, None, None, "is an interrupted archiving run",
                                    hint="the next 'inquirygen archive' removes it"))
        return problems

    # -- searching -----------------------------------------------------------------------------

    def search(self, words: list[str], date_from: str | None = None, date_to: str | None = None,
               questioner: str | None = None, subject: str | None = None,
               limit: int = 20) -> list[Hit]:
        """Questions and answers containing every word, best first (bm25)."""
        folded = [fold(word) for word in words if word.strip()]
        long_words = [w for w in folded if len(w) >= 3]
        conditions, parameters = [], []
        if long_words:
            conditions.append("items_fts MATCH ?")
            parameters.append(" AND ".join('"' + w.replace('"', '""') + '"' for w in long_words))
        for word in folded:
            if len(word) < 3:  # trigrams need three letters; short words are looked up plainly
                conditions.append("(items.question_folded LIKE ? OR items.response_folded LIKE ?)")
                parameters += [f"%{word}%", f"%{word}%"]
        for column, value, operator in (("letters.letter_date", date_from, ">="),
                                        ("letters.letter_date", date_to, "<=")):
            if value:
                conditions.append(f"{column} {operator} ?")
                parameters.append(value)
        for column, value in (("letters.questioner_folded", questioner),
                              ("letters.subject_folded", subject)):
            if value:
                conditions.append(f"{column} LIKE ?")
                parameters.append(f"%{fold(value)}%")
        if not conditions:
            return []
        join = "JOIN items_fts ON items_fts.rowid = items.id" if long_words else ""
        rank = "bm25(items_fts, 3.0, 1.0, 2.0)" if long_words else "0"
        sql = (f"SELECT letters.id, letters.letter_date, letters.subject, letters.questioner, "
               f"items.label, items.question, items.response, {rank} AS score "
               f"FROM items {join} JOIN letters ON letters.id = items.letter_id "
               f"WHERE {' AND '.join(conditions)} ORDER BY score, letters.letter_date DESC LIMIT ?")
        with self.index() as index:
            rows = index.execute(sql, [*parameters, limit]).fetchall()
        return [Hit(entry_id, letter_date, subject_text, questioner_text or "", label, question,
                    excerpt(response, folded) or excerpt(question, folded), score)
                for entry_id, letter_date, subject_text, questioner_text, label, question, response,
                score in rows]


def _create_tables(connection: sqlite3.Connection) -> None:
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


def _index_entry(connection: sqlite3.Connection, entry: Entry, manifest_bytes: bytes) -> None:
    manifest = entry.manifest
    inquiry, letter = manifest.get("inquiry", {}), manifest.get("letter", {})
    connection.execute(
        "INSERT INTO letters VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (entry.id, str(entry.folder.relative_to(entry.folder.parent.parent)), entry.version,
         inquiry.get("date"), letter.get("date"), inquiry.get("subject"),
         fold(inquiry.get("subject") or ""), inquiry.get("questioner"),
         fold(inquiry.get("questioner") or ""), inquiry.get("reference"),
         manifest.get("archived_at"), _sha256(manifest_bytes)))
    subject = fold(inquiry.get("subject") or "")
    for item in manifest.get("questions", []):
        cursor = connection.execute(
            "INSERT INTO items (letter_id, label, question, response, question_folded, "
            "response_folded, subject_folded) VALUES (?, ?, ?, ?, ?, ?, ?)",
            (entry.id, item["label"], item["question"], item["response"], fold(item["question"]),
             fold(item["response"]), subject))
        connection.execute(
            "INSERT INTO items_fts (rowid, question_folded, response_folded, subject_folded) "
            "VALUES (?, ?, ?, ?)",
            (cursor.lastrowid, fold(item["question"]), fold(item["response"]), subject))


# -- text folding and excerpts ------------------------------------------------------------------

_FOLDS = {"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss", "é": "e", "è": "e", "à": "a"}


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


# -- helpers ------------------------------------------------------------------------------------


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _base_name(metadata: dict) -> str:
    return f"{metadata['letter']['date']}_{slug(metadata['inquiry']['subject'])}"


def slug(text: str, length: int = 60) -> str:
    """``umgang-mit-ausreisepflichtigen``: lowercase ASCII words joined by hyphens."""
    words = re.findall(r"[a-z0-9]+", fold(text).encode("ascii", "ignore").decode())
    result = "-".join(words)[:length].rstrip("-")
    return result or "anfrage"


def _seal(folder: Path) -> None:
    """Files read-only, written through to the disk, before the folder is renamed into place."""
    for path in folder.iterdir():
        with path.open("rb") as stream:
            os.fsync(stream.fileno())
        path.chmod(stat.S_IRUSR | stat.S_IRGRP | stat.S_IROTH)
    descriptor = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


def _remove(folder: Path) -> None:
    def make_writable(function, path, _info):
        os.chmod(path, stat.S_IRWXU)
        function(path)

    shutil.rmtree(folder, onerror=make_writable)


# -- export -------------------------------------------------------------------------------------


def export_entry(archive: Archive, entry_id: str, form: str) -> dict:
    """The entry as an OParl 1.1 ``Paper`` with its ``File`` objects, or as plain JSON."""
    entry = archive.entry(entry_id)
    manifest = entry.manifest
    text = (entry.folder / "letter.txt").read_text(encoding="utf-8")
    if form == "json":
        return {**manifest, "text": text}
    inquiry, letter = manifest["inquiry"], manifest["letter"]
    base = f"urn:inquirygen:{entry.id}"

    def file_object(name: str, mime: str, title: str) -> dict:
        data = (entry.folder / name).read_bytes()
        return {
            "id": f"{base}:file:{name}", "type": "https://schema.oparl.org/1.1/File",
            "name": title, "fileName": f"{entry.id}{Path(name).suffix}", "mimeType": mime,
            "date": letter["date"], "size": len(data),
            "sha512Checksum": hashlib.sha512(data).hexdigest(), "text": text,
            "accessUrl": (entry.folder / name).resolve().as_uri(),
        }

    return {
        "id": f"{base}:paper", "type": "https://schema.oparl.org/1.1/Paper",
        "name": f"Beantwortung der Anfrage vom {_german_date(inquiry['date'])}: {inquiry['subject']}",
        "reference": inquiry.get("reference") or entry.id, "date": letter["date"],
        "paperType": "Beantwortung einer Anfrage",
        "keyword": [word for word in ("Anfrage", inquiry.get("kind"), inquiry["subject"]) if word],
        "originatorOrganization": [f"urn:inquirygen:organization:{slug(letter.get('office') or '')}"],
        "underDirectionOf": [f"urn:inquirygen:organization:{slug(letter.get('office') or '')}"],
        "mainFile": file_object("letter.pdf", "application/pdf", f"Antwort (PDF/A) {entry.id}"),
        "auxiliaryFile": [file_object(
            "letter.docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            f"Antwort (Word) {entry.id}")],
        "created": manifest["archived_at"], "modified": manifest["archived_at"],
    }


def _german_date(iso: str) -> str:
    return model.format_date(datetime.date.fromisoformat(iso))
