"""Storing archive entries whole or not at all, under a lock and read-only; listing and opening them."""

# An entry is a folder ``archive/<year>/<letter date>_<slug>/`` (``…_v2`` for a second version) holding
# the answer file with every snippet and reference resolved, the .docx, the PDF/A, the letter as text,
# and ``manifest.json`` with the sha256 of each file. Entries are written into a temporary folder inside
# the archive and renamed into place under a lock, and only then indexed; files are read-only. The
# files are the truth: the index can always be rebuilt from the manifests.

from __future__ import annotations

import datetime
import os
import re
import shutil
import sqlite3
import stat
import tempfile
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from .. import __version__, model
from ..build import process_alive
from ..errors import ArchiveError, Problem, ProblemsFound, UnknownEntryError, display_path
from ..i18n import _
from .index import Hit, fold, index_entry, open_index, rebuild_index
from .index import search as search_index
from .manifest import (
    ENTRY_FILES,
    MANIFEST,
    MANIFEST_FORMAT,
    Entry,
    InquiryFacts,
    LetterFacts,
    LetterRecord,
    Manifest,
    ManifestFile,
    ManifestQuestion,
    TemplateFacts,
    Tool,
    read_manifest,
    sha256,
)
from .verify import entry_problems, verify_archive

if TYPE_CHECKING:
    from ..workspace import Workspace
    from ..yamlfile import YamlDocument

LOCK = ".lock"
INCOMING = ".incoming-"
_VERSION_SUFFIX = re.compile(r"_v(\d+)$")


class PdfWriter(Protocol):
    """What storing needs of a PDF converter: :class:`inquirygen.pdf.PdfConverter`, or a stand-in."""

    def convert(self, documents: list[Path], targets: list[Path]) -> list[Path]: ...


# -- the letter, written for the archive ----------------------------------------------------------


@dataclass(frozen=True)
class LetterTexts:
    """A resolved letter as the archive keeps it: the answer file as read, the .docx, the texts."""

    document: YamlDocument  # the answer file as read, for its frozen copy
    letter: model.ResolvedLetter
    template: Path
    docx: bytes
    text: str  # the whole letter as text (letter.txt)
    questions: tuple[ManifestQuestion, ...]  # each question with its response as text, for search


def letter_texts(workspace: Workspace, answer_file: Path) -> LetterTexts:
    """Resolve ``answer_file`` and write its letter, or raise :class:`ProblemsFound` when it is not ready.

    The one place where the archive calls the resolver and the writers, so that a new text writer
    changes only this function.
    """
    from ..build import resolve_file
    from ..letter import build_letter
    from ..resolve import LetterResolver
    from ..writers import create_writer
    from ..writers.docx import TemplateLibrary
    from ..writers.text import blocks_text

    templates = TemplateLibrary(workspace.pdf_converter)
    loaded, letter, problems = resolve_file(LetterResolver(workspace, templates), answer_file,
                                            final=True)
    if letter is None or loaded is None:
        raise ProblemsFound(problems + [Problem(answer_file, None, None,
                                                _("not archived: fix the problems above first"))])
    template = letter.template or workspace.template_path
    printed = build_letter(letter)
    docx = create_writer("docx", templates=templates).write(printed)
    text = create_writer("text").write(printed).decode("utf-8")

    def text_of(blocks: tuple[model.Block, ...]) -> str:
        return "\n".join(blocks_text(blocks, []))

    questions = [ManifestQuestion(" / ".join(q.label for q in answer.questions),
                                  " / ".join(q.text for q in answer.questions),
                                  text_of(answer.printed_blocks))
                 for answer in letter.answers]
    questions += [ManifestQuestion(section.title, section.title, text_of(section.blocks))
                  for section in letter.remarks]
    if letter.body:
        questions.append(ManifestQuestion("", "", text_of(letter.body)))
    return LetterTexts(loaded.document, letter, template, docx, text, tuple(questions))


@dataclass(frozen=True)
class Archived:
    """What ``archive`` did: the entry, and whether it was stored now or had been already."""

    entry: Entry
    stored: bool


def archive_letter(workspace: Workspace, answer_file: Path) -> Archived:
    """Archive one answer file: it must check cleanly and have every question answered.

    The same letter again (the same answer file, text and .docx as the latest version) is not stored
    twice: the existing entry is returned. Raises :class:`ProblemsFound` (exit 1) for a letter that is
    not ready, :class:`PdfError` or :class:`ArchiveError` (exit 3) when LibreOffice or the disk fail;
    the archive then stays as it was.
    """
    texts = letter_texts(workspace, answer_file)
    files = {
        "answers.yaml": frozen_answer_file(texts.document, texts.letter).encode("utf-8"),
        "letter.docx": texts.docx,
        "letter.txt": texts.text.encode("utf-8"),
    }
    record = letter_record(texts, answer_file)
    archive = Archive(workspace.archive_dir)
    existing = archive.latest_if_same(files, record)
    if existing is not None:
        return Archived(existing, stored=False)
    converter: PdfWriter = workspace.pdf_converter()
    return Archived(archive.store(files, record, converter), stored=True)


def frozen_answer_file(document: YamlDocument, letter: model.ResolvedLetter) -> str:
    """The answer file as it was sent: every response with its snippets and references filled in."""
    from ..yamlfile import replace_scalars

    header = (f"# Archived by inquirygen {__version__}: snippets and references are filled in,\n"
              "# so this file reads the same whatever happens to the snippets later.\n")
    return header + replace_scalars(document, dict(letter.resolved_texts))


def letter_record(texts: LetterTexts, source: Path) -> LetterRecord:
    """What the manifest records of a letter: the inquiry, the letter, template and snippets, texts."""
    letter, inquiry = texts.letter, texts.letter.inquiry
    return LetterRecord(
        source=source.name,
        inquiry=InquiryFacts(inquiry.date.isoformat() if inquiry.date else None, inquiry.subject,
                             inquiry.questioner,
                             inquiry.reference, inquiry.kind),
        letter=LetterFacts(letter.date.isoformat(), letter.title, letter.file_ref,
                           letter.signatory.name if letter.signatory else "", letter.office.name,
                           tuple(letter.recipient_address), letter.drucksache,
                           letter.answer_by.isoformat() if letter.answer_by else None),
        template=TemplateFacts(texts.template.name, sha256(texts.template.read_bytes())),
        snippets={path.stem: sha256(path.read_bytes()) for path in letter.snippets_used},
        questions=texts.questions,
    )


# -- the archive folder ---------------------------------------------------------------------------


class Archive:
    """The archive folder of a workspace."""

    def __init__(self, root: Path) -> None:
        self.root = root

    # -- storing -------------------------------------------------------------------------------

    def store(self, files: dict[str, bytes], record: LetterRecord, converter: PdfWriter) -> Entry:
        """Write one entry whole: temporary folder, PDF, manifest, rename under the lock, index."""
        try:
            self.root.mkdir(parents=True, exist_ok=True)
            incoming = Path(tempfile.mkdtemp(prefix=f"{INCOMING}{os.getpid()}-", dir=self.root))
        except OSError as error:
            raise ArchiveError(_("cannot write to the archive {path}: {reason}").format(
                path=display_path(self.root), reason=error.strerror)) from None
        try:
            for name, data in files.items():
                (incoming / name).write_bytes(data)
            converter.convert([incoming / "letter.docx"], [incoming / "letter.pdf"])
            with self.locked():
                self._clean_up()
                base = _base_name(record)
                year = record.letter.date[:4]
                version = self._next_version(year, base)
                entry_id = base if version == 1 else f"{base}_v{version}"
                manifest = Manifest(
                    format=MANIFEST_FORMAT, id=entry_id, version=version, archived_at=_now(),
                    tool=Tool("inquirygen", __version__),
                    files={name: ManifestFile(sha256((incoming / name).read_bytes()),
                                              (incoming / name).stat().st_size)
                           for name in ENTRY_FILES},
                    record=record,
                )
                manifest_bytes = manifest.to_json().encode("utf-8")
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
                    index_entry(index, entry, manifest_bytes)
                return entry
        except OSError as error:
            message = _("cannot write to the archive {path}: {reason}; the archive is as it was")
            reason = error.strerror
            raise ArchiveError(message.format(path=display_path(self.root), reason=reason)) from None
        finally:
            if incoming.exists():
                _remove(incoming)

    @contextmanager
    def locked(self) -> Iterator[None]:
        """One writer at a time, across processes (an advisory lock on ``archive/.lock``)."""
        import fcntl

        with open(self.root / LOCK, "a") as handle:
            fcntl.flock(handle, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)

    def latest_if_same(self, files: dict[str, bytes], record: LetterRecord) -> Entry | None:
        """The latest version of this letter's entry when it holds exactly ``files``, else None."""
        base, year = _base_name(record), record.letter.date[:4]
        version = self._next_version(year, base) - 1
        if version < 1:
            return None
        folder = self.root / year / (base if version == 1 else f"{base}_v{version}")
        try:
            manifest = Manifest.from_json((folder / MANIFEST).read_bytes(), folder / MANIFEST)
        except (OSError, ArchiveError):
            return None  # a broken entry is verify's to report; this letter is stored anew
        recorded = manifest.files
        if all(name in recorded and recorded[name].sha256 == sha256(data) for name, data in files.items()):
            return Entry(manifest.id, folder, manifest)
        return None

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
        for folder in self.interrupted_runs():
            pid = folder.name[len(INCOMING):].split("-", 1)[0]
            if pid.isdigit() and int(pid) != os.getpid() and not process_alive(int(pid)):
                _remove(folder)
        with self.index() as index:
            known = {row[0] for row in index.execute("SELECT id FROM letters")}
            for entry in self.entries():
                if entry.id not in known and self.entry_problems(entry) == []:
                    index_entry(index, entry, (entry.folder / MANIFEST).read_bytes())

    # -- reading -------------------------------------------------------------------------------

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

    def entry(self, entry_id: str) -> Entry:
        """The entry of this id; :class:`ArchiveError` located in its manifest when that is unreadable."""
        entries, unreadable = self.read_entries()
        for entry in entries:
            if entry.id == entry_id:
                return entry
        for problem in unreadable:
            if problem.path.parent.name == entry_id:
                raise ArchiveError(problem.format())
        import difflib

        # As loader.did_you_mean chooses, but the suggestion goes into one whole sentence.
        close = difflib.get_close_matches(entry_id, [e.id for e in entries], n=1, cutoff=0.6)
        if close:
            raise UnknownEntryError(_("no archive entry '{entry}' (did you mean '{suggestion}'?)")
                                    .format(entry=entry_id, suggestion=close[0]))
        raise UnknownEntryError(_("no archive entry '{entry}'").format(entry=entry_id))

    def interrupted_runs(self) -> list[Path]:
        """The temporary folders of archiving runs that are still going or were killed."""
        return sorted(self.root.glob(f"{INCOMING}*"))

    def index(self) -> AbstractContextManager[sqlite3.Connection]:
        """The search index, created when missing; a transaction committed on success."""
        return open_index(self.root)

    def reindex(self) -> int:
        """Rebuild the index from the manifests; returns how many entries it holds."""
        self.root.mkdir(parents=True, exist_ok=True)
        with self.locked():
            return rebuild_index(self.root, self.entries())

    # -- verifying and searching ---------------------------------------------------------------

    def entry_problems(self, entry: Entry) -> list[str]:
        """What is wrong with the files of one entry against its manifest; empty when intact."""
        return entry_problems(entry)

    def verify(self) -> list[Problem]:
        """Every missing, changed, unlisted or unindexed file of the archive; empty when intact."""
        return verify_archive(self)

    def search(self, words: list[str], date_from: str | None = None, date_to: str | None = None,
               questioner: str | None = None, subject: str | None = None,
               limit: int = 20) -> list[Hit]:
        """Questions and answers containing every word, best first (bm25)."""
        return search_index(self.root, words, date_from, date_to, questioner, subject, limit)


# -- helpers --------------------------------------------------------------------------------------


def slug(text: str, length: int = 60) -> str:
    """``umgang-mit-ausreisepflichtigen``: lowercase ASCII words joined by hyphens."""
    words = re.findall(r"[a-z0-9]+", fold(text).encode("ascii", "ignore").decode())
    result = "-".join(words)[:length].rstrip("-")
    return result or "anfrage"


def _base_name(record: LetterRecord) -> str:
    return f"{record.letter.date}_{slug(record.inquiry.subject)}"


def _now() -> str:
    """The time of archiving: UTC to the second, ``2025-10-06T08:15:00Z``."""
    return (datetime.datetime.now(datetime.UTC).replace(microsecond=0).isoformat()
            .replace("+00:00", "Z"))


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
    def make_writable(function: Callable[[str], Any], path: str, _info: object) -> None:
        # The entry's files and folder are read-only; rmtree can only remove them once writable.
        os.chmod(path, stat.S_IRWXU)
        function(path)

    shutil.rmtree(folder, onerror=make_writable)
