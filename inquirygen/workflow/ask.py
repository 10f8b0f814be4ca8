"""``inquirygen ask``: one Word form per department with its questions, its deadline and a field for each."""

from __future__ import annotations

import datetime
import hashlib
import io
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import Problem, ProblemsFound
from ..i18n import _
from ..model import format_date
from .deadlines import due_date
from .forms import FormData, FormField, cell_markdown, store_data

if TYPE_CHECKING:
    from docx.table import _Cell

    from ..loader import LoadedAnswers
    from ..resolve.numbering import NumberedEntry
    from ..workspace import Workspace


@dataclass(frozen=True)
class AskedForm:
    """One form written: its file, the department's name and e-mail, how many questions it asks."""

    path: Path
    department: str
    email: str | None
    questions: int


def sha256_text(text: str | None) -> str:
    return hashlib.sha256((text or "").encode("utf-8")).hexdigest()


def load_for_workflow(path: Path) -> LoadedAnswers:
    """The answer file, or :class:`ProblemsFound` with its errors (a broken file gets no form)."""
    from ..loader import load_answer_file

    problems: list[Problem] = []
    loaded = load_answer_file(path, problems)
    errors = [problem for problem in problems if problem.is_error]
    if loaded is None or loaded.answers is None or errors:
        raise ProblemsFound(errors or [Problem(path, None, None, _("the file is empty"))])
    return loaded


def department_entries(workspace: Workspace, loaded: LoadedAnswers) -> dict[str, list[NumberedEntry]]:
    """The questions (a question's parts in its place) to ask of each department, in reading order;
    :class:`ProblemsFound` when a question names a department inquirygen.yaml does not know."""
    from ..loader import did_you_mean
    from ..resolve.numbering import number_questions

    entries = number_questions(loaded.parts.questions, workspace.config.numbering)
    found: dict[str, list[NumberedEntry]] = {}
    problems: list[Problem] = []
    for entry in entries:
        question = loaded.parts.questions[entry.index]
        if question is None or question.department is None or (not entry.sub and question.parts):
            continue
        # Answered elsewhere in the letter (see:, together_with): nothing for the department to write.
        if entry.question.see is not None or getattr(entry.question, "together_with", None) is not None:
            continue
        key = question.department
        if key not in workspace.config.departments:
            if entry.sub and entry.path[-1] != 0:
                continue  # said once, for the question
            problems.append(loaded.document.problem(
                ("questions", entry.index, "department"),
                _("unknown department '{department}'{suggestion}").format(
                    department=key, suggestion=did_you_mean(key, workspace.config.departments)),
                hint=_("name a department of 'departments' in inquirygen.yaml")))
            continue
        found.setdefault(key, []).append(entry)
    if problems:
        raise ProblemsFound(problems)
    return found


def write_forms(workspace: Workspace, answer_file: Path, folder: Path | None) -> list[AskedForm]:
    """Write the form of each department the answer file names; all are made before any is written."""
    from ..atomic import write_atomically

    loaded = load_for_workflow(answer_file)
    asked = department_entries(workspace, loaded)
    if not asked:
        raise ProblemsFound([Problem(answer_file, None, None, _(
            "no question names a department (questions[].department); no form was written"),
            _("write 'department:' with a key of 'departments' in inquirygen.yaml under each question "
              "a department answers"))])
    target = folder if folder is not None else workspace.output_dir
    made = []
    for key, entries in asked.items():
        department = workspace.config.departments[key]
        path = target / f"{answer_file.stem}-{key}.docx"
        made.append((AskedForm(path, department.name, department.email, len(entries)),
                     form_bytes(workspace, loaded, key, entries)))
    problems = [problem for form, _data in made if (problem := _kept(form.path)) is not None]
    if problems:
        raise ProblemsFound(problems)
    for form, data in made:
        write_atomically(form.path, data)
    return [form for form, _data in made]


def _kept(path: Path) -> Problem | None:
    """Why the file at ``path`` must not be written over: a form with answers filled in (the clerk
    saved the department's reply under the name of the form sent) or a file that is no form."""
    import zipfile

    import docx
    from docx.opc.exceptions import PackageNotFoundError

    from .forms import field_texts, stored_data

    if not path.exists():
        return None
    data = None
    try:
        document = docx.Document(str(path))
        data = stored_data(document)
    except (zipfile.BadZipFile, KeyError, ValueError, PackageNotFoundError, IsADirectoryError):
        pass
    if data is None:
        return Problem(path, None, None, _(
            "the file exists and is not a form of 'inquirygen ask'; no form was written"),
            _("move it to another folder, or write the forms into another folder with -o"))
    texts = field_texts(document, data)
    if all(index in texts and sha256_text(texts[index]) == field.form_sha256
           for index, field in enumerate(data.fields)):
        return None
    return Problem(path, None, None, _(
        "the form holds answers filled in since it was written; no form was written"),
        _("collect it with 'inquirygen collect' and move it to another folder, or write the new forms "
          "into another folder with -o"))


def _due(workspace: Workspace, loaded: LoadedAnswers, entries: list[NumberedEntry]
         ) -> datetime.date | None:
    dates = [question.department_due for entry in entries
             if (question := loaded.parts.questions[entry.index]) is not None and question.department_due]
    if dates:
        return min(dates)
    inquiry = loaded.parts.inquiry
    return due_date(inquiry, workspace.config) if inquiry is not None else None


def form_bytes(workspace: Workspace, loaded: LoadedAnswers, key: str, entries: list[NumberedEntry]) -> bytes:
    """The .docx of one department's form."""
    import docx
    from docx.shared import Pt

    department = workspace.config.departments[key]
    inquiry = loaded.parts.inquiry
    assert inquiry is not None
    document = docx.Document()
    document.core_properties.title = _("Contribution: {subject}").format(subject=inquiry.subject)
    document.add_heading(_("Contribution to an inquiry"), level=1)
    document.add_paragraph(_("To: {department}").format(department=department.name))
    document.add_paragraph(_("Subject: {subject}").format(subject=inquiry.subject))
    if inquiry.questioner:
        document.add_paragraph(_("Questioner: {questioner}").format(questioner=inquiry.questioner))
    due = _due(workspace, loaded, entries)
    if due is not None:
        document.add_paragraph().add_run(
            _("Please send your answers back by {date}.").format(date=format_date(due))).bold = True
    document.add_paragraph(_(
        "Write your answer into the empty box below each question. You may add paragraphs, lists and "
        "tables there; please leave the rest of the form as it is, and send the form back as a .docx "
        "file."))
    signed = document.add_table(rows=1, cols=2)
    signed.style = "Table Grid"
    signed.rows[0].cells[0].text = _("Answered by (name, phone):")
    # A paragraph between each two tables: Word and LibreOffice join adjacent tables into one on saving.
    document.add_paragraph()
    fields = []
    for entry in entries:
        question = loaded.parts.questions[entry.index]
        assert question is not None
        header = f"{entry.reference} {' '.join(entry.question.question.split())}"
        if entry.sub:
            header = f"{' '.join(question.question.split())}\n{header}"
        table = document.add_table(rows=2, cols=1)
        table.style = "Table Grid"
        head = table.rows[0].cells[0]
        for number, line in enumerate(header.split("\n")):
            paragraph = head.paragraphs[0] if number == 0 else head.add_paragraph()
            paragraph.add_run(line).bold = True
        cell = table.rows[1].cells[0]
        response = entry.question.response
        _fill(cell, response)
        cell.paragraphs[0].paragraph_format.space_after = Pt(24)
        path: list[str | int] = [*entry.path, "response"]
        fields.append(FormField(path, entry.index, entry.reference, header, sha256_text(response),
                                sha256_text(cell_markdown(cell)), sha256_text(entry.question.question)))
        document.add_paragraph()
    relative = loaded.path.resolve().relative_to(workspace.root).as_posix() \
        if loaded.path.resolve().is_relative_to(workspace.root) else loaded.path.name
    store_data(document, FormData(relative, key, fields))
    data = io.BytesIO()
    document.save(data)
    return data.getvalue()


def _fill(cell: _Cell, response: str | None) -> None:
    """The response as it stands, one paragraph per line of text (a list entry, a table's row), for
    the department to complete or correct; an empty field for a question not answered yet."""
    # A line break pasted from Word (vertical tab) and a page break are lines too: python-docx
    # refuses both characters.
    lines = (response or "").replace("\x0b", "\n").replace("\x0c", "\n").split("\n")
    blocks = [line.strip() for line in lines if line.strip()]
    if not blocks:
        return
    cell.paragraphs[0].text = blocks[0]
    for block in blocks[1:]:
        cell.add_paragraph(block)
