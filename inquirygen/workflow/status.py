"""The open inquiries of a workspace: due dates, days left, what is missing (``inquirygen status``)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import Problem
from ..i18n import _, ngettext
from ..model import format_date
from .deadlines import due_date
from .signoff import missing_sentence, missing_steps

if TYPE_CHECKING:
    from ..answerfile import Question
    from ..archive import Entry
    from ..loader import LoadedAnswers
    from ..workspace import Workspace


@dataclass(frozen=True)
class OpenInquiry:
    """An answer file not yet archived, with its deadline and what it still lacks."""

    file: Path  # the answer file
    subject: str
    questioner: str | None
    kind: str | None  # inquiry.kind
    received: datetime.date | None
    due: datetime.date | None  # explicit inquiry.due, else computed from the rules; extension wins
    days_left: int | None  # due - today in calendar days; negative when overdue
    overdue: bool
    missing: tuple[str, ...]  # translated sentences: unanswered questions, contributions outstanding,
    #                           sign-offs missing

    @property
    def days_left_text(self) -> str:
        """"3 days left", "due today", "2 days overdue", "no deadline": as status and the editor say it."""
        days = self.days_left
        if days is None:
            return _("no deadline")
        if days < 0:
            return ngettext("{count} day overdue", "{count} days overdue", -days).format(count=-days)
        if days == 0:
            return _("due today")
        return ngettext("{count} day left", "{count} days left", days).format(count=days)


@dataclass(frozen=True)
class Status:
    """The open inquiries, sorted by due date, and the problems of the answer files that are broken."""

    inquiries: list[OpenInquiry]
    problems: list[Problem]

    @property
    def overdue(self) -> list[OpenInquiry]:
        return [inquiry for inquiry in self.inquiries if inquiry.overdue]


def open_inquiries(workspace: Workspace, today: datetime.date) -> list[OpenInquiry]:
    """The answer files of the workspace not yet archived, soonest due first (those without a due
    date last); a broken file is listed too, with its problems as what is missing."""
    return workspace_status(workspace, today).inquiries


def workspace_status(workspace: Workspace, today: datetime.date) -> Status:
    """:func:`open_inquiries`, with the problems of the broken files for the exit code."""
    from ..loader import load_answer_file

    archived = archived_sources(workspace)
    inquiries: list[OpenInquiry] = []
    problems: list[Problem] = []
    for path in workspace.all_answer_files():
        if path.name in archived:
            continue
        found: list[Problem] = []
        loaded = load_answer_file(path, found)
        errors = [problem for problem in found if problem.is_error]
        problems += errors
        inquiries.append(_open_inquiry(workspace, path, loaded, errors, today))
    inquiries.sort(key=lambda item: (item.due is None, item.due or today, item.file.name))
    return Status(inquiries, problems)


def archived_sources(workspace: Workspace) -> set[str]:
    """The names of the answer files that have an entry in the archive, from its index (made anew from
    the manifests when it is missing or older), so that the list costs the same at 10,000 entries."""
    if not workspace.archive_dir.is_dir():
        return set()
    from ..archive import Archive
    from ..archive.index import sources

    with Archive(workspace.archive_dir).index() as connection:
        return sources(connection)


def archived_entries(workspace: Workspace) -> list[Entry]:
    """Every readable entry of the workspace's archive (none when there is no archive yet)."""
    if not workspace.archive_dir.is_dir():
        return []
    from ..archive import Archive

    return Archive(workspace.archive_dir).entries()


def _open_inquiry(workspace: Workspace, path: Path, loaded: LoadedAnswers | None,
                  errors: list[Problem], today: datetime.date) -> OpenInquiry:
    inquiry = loaded.parts.inquiry if loaded is not None else None
    due = due_date(inquiry, workspace.config) if inquiry is not None else None
    days_left = (due - today).days if due is not None else None
    # file:line:col: message, without the hint: one line in the list (check prints the hints)
    missing = [replace(problem, hint=None).format(workspace.root) for problem in errors]
    if loaded is not None:
        missing += missing_parts(workspace, loaded, today)
    return OpenInquiry(
        file=path, subject=inquiry.subject if inquiry is not None else path.name,
        questioner=inquiry.questioner if inquiry is not None else None,
        kind=inquiry.kind if inquiry is not None else None,
        received=inquiry.received if inquiry is not None else None,
        due=due, days_left=days_left, overdue=days_left is not None and days_left < 0,
        missing=tuple(missing))


def is_answered(question: Question) -> bool:
    """Whether the question has an answer: a response, a reference, a joint answer, answered parts."""
    if question.see is not None or question.together_with is not None or _has_text(question.response):
        return True
    return bool(question.parts) and all(
        part.see is not None or _has_text(part.response) for part in question.parts or ())


def missing_parts(workspace: Workspace, loaded: LoadedAnswers, today: datetime.date) -> list[str]:
    """What the letter still lacks: unanswered questions, contributions, sign-offs (sentences)."""
    questions = [question for question in loaded.parts.questions if question is not None]
    missing: list[str] = []
    unanswered = [question for question in questions if not is_answered(question)]
    if unanswered:
        missing.append(ngettext("{count} question is not answered yet",
                                "{count} questions are not answered yet",
                                len(unanswered)).format(count=len(unanswered)))
    departments: dict[str, datetime.date | None] = {}
    for question in unanswered:
        if question.department is not None:
            due = question.department_due
            known = departments.get(question.department)
            departments[question.department] = min(due, known) if due and known else due or known
    for key, due in departments.items():
        department = workspace.config.departments.get(key)
        name = department.name if department is not None else key
        if due is None:
            missing.append(_("the contribution of {department} is outstanding").format(department=name))
        elif due < today:
            missing.append(_("the contribution of {department} is overdue (it was due on {date})").format(
                department=name, date=format_date(due)))
        else:
            missing.append(_("the contribution of {department} is outstanding (due on {date})").format(
                department=name, date=format_date(due)))
    required = list(workspace.config.signoff.required)
    missing += [missing_sentence(step) for step in missing_steps(loaded.parts.letter, required)]
    inquiry = loaded.parts.inquiry
    if inquiry is not None and inquiry.extended_to is not None and inquiry.interim_reply is None:
        # An extension is announced to the questioner: without the interim reply it is only a date.
        missing.append(_("the deadline is extended, but no interim reply is recorded "
                         "(inquiry.interim_reply)"))
    return missing


def _has_text(text: str | None) -> bool:
    return text is not None and bool(text.strip())
