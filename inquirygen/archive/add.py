"""Archiving one letter: checked as final, the very files build wrote, answer file and snippets as written."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from .. import answerfile, model
from ..errors import ArchiveError, Problem, ProblemsFound, display_path
from ..i18n import _
from .manifest import (
    SNIPPETS_FOLDER,
    Entry,
    InquiryFacts,
    LetterFacts,
    LetterRecord,
    ManifestQuestion,
    TemplateFacts,
    sha256,
)
from .signoff import SignoffFacts, SignoffStep
from .store import Archive, Origins, PdfWriter

if TYPE_CHECKING:
    from ..loader import LoadedAnswers
    from ..sent import SentLetter
    from ..workspace import Workspace


@dataclass(frozen=True)
class LetterTexts:
    """A resolved letter as the archive keeps it: the .docx written now, the texts for search."""

    letter: model.ResolvedLetter
    template: Path
    docx: bytes  # the letter as this answer file makes it now (to compare with what build wrote)
    text: str  # the whole letter as text (letter.txt)
    questions: tuple[ManifestQuestion, ...]  # each question with its response as text, for search
    workflow: WorkflowFacts = field(default_factory=lambda: WorkflowFacts())


@dataclass(frozen=True)
class WorkflowFacts:
    """What the manifest keeps of the office's workflow: received and due (ISO), the sign-offs, the
    departments that answered."""

    received: str | None = None
    due: str | None = None
    signoff: SignoffFacts | None = None
    departments: tuple[str, ...] = ()


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
    return LetterTexts(letter, template, docx, text, tuple(questions), workflow_facts(workspace, loaded))


def workflow_facts(workspace: Workspace, loaded: LoadedAnswers) -> WorkflowFacts:
    """The inquiry's dates, the letter's sign-offs and the departments, from the answer file."""
    from ..workflow.deadlines import due_date

    inquiry, details = loaded.parts.inquiry, loaded.parts.letter
    due = due_date(inquiry, workspace.config) if inquiry is not None else None
    signoff = details.signoff if details is not None else None

    def step(entry: answerfile.SignoffEntry | None) -> SignoffStep | None:
        return SignoffStep(entry.name, entry.date.isoformat()) if entry is not None else None

    facts = SignoffFacts(step(signoff.drafted), tuple(SignoffStep(e.name, e.date.isoformat())
                                                      for e in signoff.cosigned),
                         step(signoff.signed_off)) if signoff is not None else None
    keys = dict.fromkeys(question.department for question in loaded.parts.questions
                         if question is not None and question.department)
    departments = tuple(workspace.config.departments[key].name if key in workspace.config.departments
                        else key for key in keys if key)
    return WorkflowFacts(inquiry.received.isoformat() if inquiry and inquiry.received else None,
                         due.isoformat() if due else None, facts if facts != SignoffFacts() else None,
                         departments)


@dataclass(frozen=True)
class Archived:
    """What ``archive`` did: the entry, whether it was stored now, where the letter came from.

    ``index_problem`` says why the search index could not take the entry (it is stored all the same,
    and the next archive or ``archive reindex`` adds it).
    """

    entry: Entry
    stored: bool
    sent: SentLetter
    index_problem: str | None = None


def archive_letter(workspace: Workspace, answer_file: Path, converter: PdfWriter | None = None,
                   document: Path | None = None) -> Archived:
    """Archive one answer file: it must check as final, and the letter in out/ must be the one it makes.

    The .docx and PDF that ``build`` wrote for it are stored as found (a .docx edited since is stored
    with a note; without a build, archive writes the letter itself); the answer file and its snippets
    byte for byte. The same letter again is not stored twice: the existing entry is returned; a changed
    one becomes the next version, naming the one it supersedes. Raises :class:`ProblemsFound` (exit 1)
    for a letter that is not ready, :class:`PdfError` or :class:`ArchiveError` (exit 3) when LibreOffice
    or the disk fail; the archive then stays as it was. ``document`` is where build wrote the letter
    when it was not the default ``out/<name>.docx`` (``build -o``).
    """
    from ..build import output_path
    from ..sent import sent_letter

    texts = letter_texts(workspace, answer_file)
    try:
        sent = sent_letter(document or output_path(workspace, answer_file, None, many=False), answer_file,
                           texts.docx)
        files = {"answers.yaml": answer_file.read_bytes(), "letter.docx": sent.docx.data,
                 "letter.txt": texts.text.encode("utf-8")}
        files.update(_snippet_files(workspace, texts.letter))
    except OSError as error:
        raise ArchiveError(_("cannot read {path}: {reason}; nothing was archived").format(
            path=display_path(Path(error.filename or answer_file)), reason=error.strerror)) from None
    origins: Origins = {"letter.docx": (sent.docx.origin, sent.docx.built_sha256)}
    if sent.pdf is not None:
        files["letter.pdf"] = sent.pdf.data
        origins["letter.pdf"] = (sent.pdf.origin, sent.pdf.built_sha256)
    else:
        origins["letter.pdf"] = ("archive", None)
    record = letter_record(texts, answer_file)
    stored = Archive(workspace.archive_dir).store(files, record, converter or workspace.pdf_converter(),
                                                  origins)
    return Archived(stored.entry, stored.stored, sent, stored.index_problem)


def _snippet_files(workspace: Workspace, letter: model.ResolvedLetter) -> dict[str, bytes]:
    """``snippets/<path in the snippets folder>`` → the file's bytes, for every snippet the letter used."""
    files = {}
    for path in letter.snippets_used:
        try:
            name = path.resolve().relative_to(workspace.snippets_dir.resolve()).as_posix()
        except ValueError:  # a snippet outside the folder (a test's library): its file name
            name = path.name
        files[f"{SNIPPETS_FOLDER}/{name}"] = path.read_bytes()
    return files


def letter_record(texts: LetterTexts, source: Path) -> LetterRecord:
    """What the manifest records of a letter: the inquiry, the letter, template and snippets, texts."""
    letter, inquiry = texts.letter, texts.letter.inquiry
    return LetterRecord(
        source=source.name,
        inquiry=InquiryFacts(inquiry.date.isoformat() if inquiry.date else None, inquiry.subject,
                             inquiry.questioner, inquiry.reference, inquiry.kind,
                             texts.workflow.received, texts.workflow.due),
        letter=LetterFacts(letter.date.isoformat(), letter.title, letter.file_ref,
                           letter.signatory.name if letter.signatory else "", letter.office.name,
                           tuple(letter.recipient_address), letter.drucksache,
                           letter.answer_by.isoformat() if letter.answer_by else None,
                           texts.workflow.signoff),
        template=TemplateFacts(texts.template.name, sha256(texts.template.read_bytes())),
        snippets={path.stem: sha256(path.read_bytes()) for path in letter.snippets_used},
        questions=texts.questions,
        departments=texts.workflow.departments,
    )

