"""What the editor's pages do through the library: check and preview, save, build, archive, the overview."""

from __future__ import annotations

import datetime
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import InquirygenError, Problem, ProblemsFound
from ..yamlfile import YamlDocument, read_yaml_file
from .form import FormProblems, place_problems, version_of
from .session import EditorSession


@dataclass
class Checked:
    """One answer file as the editor shows it: its text read, its problems at their fields, the
    letter as HTML (``None`` while it has errors)."""

    path: Path
    version: str
    document: YamlDocument | None
    problems: FormProblems
    preview: str | None

    def as_json(self) -> dict[str, Any]:
        return {"version": self.version, "problems": self.problems.as_json(), "preview": self.preview}


def check(session: EditorSession, path: Path) -> Checked:
    """The file read, checked as ``check`` checks it (:func:`inquirygen.build.check_files`'s stages),
    and its letter printed by the HTML writer."""
    from ..build import resolve_file
    from ..letter import build_letter
    from ..resolve import LetterResolver
    from ..writers.html import letter_html

    raw = path.read_bytes()
    problems: list[Problem] = []
    document = read_yaml_file(path, problems)
    preview = None
    try:
        workspace = session.workspace()
    except ProblemsFound as error:  # inquirygen.yaml itself is broken: say so, at its lines
        return Checked(path, version_of(raw), document, place_problems(document, path, error.problems),
                       None)
    resolver = LetterResolver(workspace, session.templates(workspace))
    _loaded, resolved, problems = resolve_file(resolver, path)
    if resolved is not None:
        preview = letter_html(build_letter(resolved))
    return Checked(path, version_of(raw), document, place_problems(document, path, problems), preview)


def save(session: EditorSession, path: Path, version: str, change: Any) -> Checked | None:
    """Make ``change`` in the file and write it, if the file is still the one the page shows;
    ``None`` when it was changed elsewhere meanwhile (nothing is written then)."""
    from .changes import apply_change

    with session.lock:
        raw = path.read_bytes()
        if version_of(raw) != version:
            return None
        problems: list[Problem] = []
        document = read_yaml_file(path, problems)
        if document is None:
            raise ProblemsFound(problems)
        text = apply_change(document, change)
        if text != document.text:
            # The document's text is read without the file's BOM: put back what the file had.
            kept = raw.startswith(b"\xef\xbb\xbf") and not text.startswith("\ufeff")
            bom = b"\xef\xbb\xbf" if kept else b""
            write_keeping_mode(path, bom + text.encode("utf-8"))
    return check(session, path)


def write_keeping_mode(path: Path, data: bytes) -> None:
    """The answer file replaced whole (a reader never sees half of it), its permissions kept."""
    from ..atomic import write_atomically

    mode = path.stat().st_mode & 0o7777
    write_atomically(path, data)
    os.chmod(path, mode)


def build(session: EditorSession, path: Path, pdf: bool) -> tuple[list[Path], list[Problem]]:
    """The letter built as ``build`` builds it (and its PDF/A): the files written, and the problems."""
    from ..build import build_files, write_pdfs

    workspace = session.workspace()
    report = build_files(workspace, [path])
    written = list(report.written)
    if pdf and written:
        written += write_pdfs(workspace, list(report.written))
    return written, report.problems


def archive(session: EditorSession, path: Path) -> str:
    """The letter archived as ``archive`` archives it; the entry's id. Raises what archive raises."""
    from ..archive.add import archive_letter

    return archive_letter(session.workspace(), path).entry.id


@dataclass(frozen=True)
class OverviewRow:
    """A row of the start page's status overview: an open inquiry, its file named as the page names it."""

    file: str
    subject: str
    questioner: str | None
    kind: str | None
    received: datetime.date | None
    due: datetime.date | None
    days_left: str  # "3 days left", "2 days overdue", as status says it
    overdue: bool
    missing: tuple[str, ...]


def open_inquiries(session: EditorSession) -> list[OverviewRow]:
    """The status overview of the open inquiries (what ``inquirygen status`` lists), soonest due first."""
    from ..workflow import status

    rows = []
    for inquiry in status.open_inquiries(session.workspace(), datetime.date.today()):
        if not Path(inquiry.file).resolve().is_relative_to(session.root):
            continue
        rows.append(OverviewRow(session.relative(Path(inquiry.file)), inquiry.subject, inquiry.questioner,
                                inquiry.kind, inquiry.received, inquiry.due, inquiry.days_left_text,
                                inquiry.overdue, tuple(inquiry.missing)))
    return rows


def snippets(session: EditorSession) -> list[dict[str, Any]]:
    """The workspace's snippets for the picker: name, title and variables (with their defaults)."""
    library = session.workspace().snippet_library()
    found = []
    for name in library.names():
        snippet, _problems = library.get(name)
        if snippet is None:
            continue
        found.append({"name": name, "title": snippet.header.title or name,
                      "variables": [{"name": variable, "default": default or ""}
                                    for variable, default in snippet.header.variables.items()]})
    return found


def message_of(error: InquirygenError) -> dict[str, Any]:
    """An error the page shows: its message and, for problems, each at its line."""
    problems = getattr(error, "problems", [])
    return {"message": str(error),
            "problems": [{"message": p.message, "hint": p.hint, "line": p.line, "severity": p.severity}
                         for p in problems]}
