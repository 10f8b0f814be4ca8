"""``inquirygen collect``: filled forms back into their answer files, never over a response edited since."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import InputNotFoundError, Problem, ProblemsFound, display_path
from ..i18n import _
from .ask import load_for_workflow, sha256_text
from .forms import FormData, field_texts, stored_data

if TYPE_CHECKING:
    from docx.document import Document as WordDocument

    from ..workspace import Workspace
    from ..yamlfile import PathKey, YamlDocument


@dataclass
class Collected:
    """What one form brought: the answers taken, left as they were, and the conflicts."""

    form: Path
    answer_file: Path
    department: str
    taken: list[str] = field(default_factory=list)  # the labels of the questions answered
    unchanged: list[str] = field(default_factory=list)
    conflicts: list[Problem] = field(default_factory=list)


def read_form(path: Path) -> tuple[WordDocument, FormData]:
    """The form's document and hidden data; :class:`ProblemsFound` for any other file."""
    import zipfile

    import docx
    from docx.opc.exceptions import PackageNotFoundError

    if not path.is_file():
        raise InputNotFoundError(_("form '{path}' not found").format(path=display_path(path)))
    try:
        document = docx.Document(str(path))
    except (zipfile.BadZipFile, KeyError, ValueError, PackageNotFoundError):
        raise ProblemsFound([Problem(path, None, None, _(
            "cannot read the form: it is not a Word document (.docx)"),
            _("save the form in Word as a Word document (.docx) and collect that file"))]) from None
    data = stored_data(document)
    if data is None:
        raise ProblemsFound([Problem(path, None, None, _(
            "this document is not a form that 'inquirygen ask' wrote (its hidden data is missing)"),
            _("collect the form the department sent back, saved as .docx"))])
    return document, data


def collect_forms(forms: list[Path]) -> list[Collected]:
    """Read each form into its answer file; each answer file written once, at the end, atomically."""
    from ..atomic import write_atomically
    from ..workspace import Workspace

    workspace = Workspace.discover()
    read = [(form, *read_form(form)) for form in forms]
    texts: dict[Path, str] = {}
    originals: dict[Path, str] = {}
    read_bytes: dict[Path, bytes] = {}  # the file as it was read, to see a change made meanwhile
    results: list[Collected] = []
    for form, document, data in read:
        answer_file = (workspace.root / data.file).resolve()
        # Only an answer file of this workspace: the form's data came back from outside the office.
        if answer_file not in {path.resolve() for path in workspace.all_answer_files()}:
            raise InputNotFoundError(_("the answer file '{file}' of the form '{form}' was not found in "
                                       "this workspace").format(file=data.file, form=display_path(form)))
        result = Collected(form, answer_file, data.department)
        if answer_file not in texts:
            read_bytes[answer_file] = answer_file.read_bytes()
            texts[answer_file] = originals[answer_file] = load_for_workflow(answer_file).document.text
        texts[answer_file] = _apply(workspace, answer_file, texts[answer_file], document, data, result)
        results.append(result)
    changed = [path for path, text in texts.items() if text != originals[path]]
    # Saved elsewhere (the editor, another collect) while the forms were read: written over, that
    # change would be lost.
    meanwhile = [path for path in changed if path.read_bytes() != read_bytes[path]]
    if meanwhile:
        raise ProblemsFound([Problem(path, None, None, _(
            "the answer file was changed while the forms were read; nothing was written"),
            _("run 'inquirygen collect' again")) for path in meanwhile])
    for path in changed:  # the byte order mark Windows Notepad writes is kept
        bom = "\ufeff" if read_bytes[path].startswith(b"\xef\xbb\xbf") else ""
        write_atomically(path, (bom + texts[path]).encode("utf-8"))
    return results


def _apply(workspace: Workspace, answer_file: Path, text: str, document: WordDocument,
           data: FormData, result: Collected) -> str:
    """The answer file's text with the form's answers written in (``text``: as earlier forms left it)."""
    from ..yamledit import set_text_value

    current = _reparsed(answer_file, text)
    cells = field_texts(document, data)
    department = workspace.config.departments.get(data.department)
    name = department.name if department is not None else data.department
    signer = _answered_by(document)
    contributed = f"{name} ({signer})" if signer else name  # a value of the answer file, not a message
    answered: set[int] = set()
    conflicts: list[tuple[PathKey, str]] = []
    unwritable: list[tuple[PathKey, str, str]] = []  # the place, the value, the label for the message
    for index, form_field in enumerate(data.fields):
        answer = cells.get(index)
        if answer is None:
            result.conflicts.append(Problem(result.form, None, None, _(
                "the field of question {label} is no longer in the form (its heading was changed or "
                "deleted); nothing of it was taken in").format(label=form_field.label),
                _("copy the answer into the answer file yourself")))
            continue
        if sha256_text(answer) == form_field.form_sha256 or not answer.strip():
            result.unchanged.append(form_field.label)
            continue
        path: PathKey = tuple(form_field.path)
        now = _value_at(current.data, path)
        if now == answer:  # taken in before (the form collected twice)
            result.unchanged.append(form_field.label)
            continue
        asked = _value_at(current.data, (*path[:-1], "question"))
        if sha256_text(now) != form_field.response_sha256 or sha256_text(asked) != form_field.question_sha256:
            conflicts.append((path, form_field.label))
            continue
        try:
            new_text = set_text_value(current, path, answer, form_field.label)
        except ProblemsFound:  # (a question in braces) this field only: the others are taken
            unwritable.append((path, answer, form_field.label))
            continue
        current = _reparsed(answer_file, new_text)
        result.taken.append(form_field.label)
        answered.add(path[1] if isinstance(path[1], int) else form_field.question)
    for question in sorted(answered):
        try:
            new_text = set_text_value(current, ("questions", question, "contributed_by"), contributed,
                                      str(question + 1))
        except ProblemsFound:
            unwritable.append((("questions", question, "contributed_by"), contributed, str(question + 1)))
            continue
        current = _reparsed(answer_file, new_text)
    for path, label in conflicts:  # located in the text as it will be written, at the response or question
        at = path if _value_at(current.data, path) is not None else (*path[:-1], "question")
        result.conflicts.append(current.problem(
            at, _("question {label} or its response was changed in the answer file after the form "
                    "went out; the department's answer was not taken in").format(label=label),
            key=True, hint=_("compare both and write the response yourself; the form is {form}").format(
                form=display_path(result.form))))
    for path, value, label in unwritable:  # said again in the text as it will be written
        try:
            set_text_value(current, path, value, label)
        except ProblemsFound as error:
            result.conflicts.extend(error.problems)
    return current.text


def _reparsed(path: Path, text: str) -> YamlDocument:
    from ..yamlfile import parse_yaml_text

    document = parse_yaml_text(path, text, [])
    assert document is not None  # read before, or re-read by set_text_value
    return document


def _value_at(data: object, path: PathKey) -> str | None:
    for step in path:
        if isinstance(data, dict) and isinstance(step, str):
            data = data.get(step)
        elif isinstance(data, list) and isinstance(step, int) and step < len(data):
            data = data[step]
        else:
            return None
    return data if isinstance(data, str) else None


def _answered_by(document: WordDocument) -> str:
    """What the department wrote beside "Answered by": the first table's second cell."""
    tables = document.tables
    if not tables or len(tables[0].rows[0].cells) < 2:
        return ""
    return " ".join(tables[0].rows[0].cells[1].text.split())
