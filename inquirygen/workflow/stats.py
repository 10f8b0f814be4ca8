"""``inquirygen stats``: inquiries per year, questioner and department, on time, median days to answer."""

from __future__ import annotations

import datetime
import statistics
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..archive import Entry
    from ..workspace import Workspace


@dataclass(frozen=True)
class Case:
    """One inquiry as the figures count it: answered (archived) or open."""

    year: int | None
    questioner: str | None
    departments: tuple[str, ...]
    answered: bool
    days: int | None  # from received (else the inquiry's date) to the letter; answered ones only
    on_time: bool | None  # the letter's date on or before the due date; None without a due date
    overdue: bool  # an open inquiry past its due date


@dataclass(frozen=True)
class Figures:
    """The figures of a group of inquiries (a year, a questioner, a department, or all)."""

    name: str
    inquiries: int
    answered: int
    open: int
    overdue: int
    with_due: int  # answered ones with a due date
    on_time: int
    median_days: float | None

    @property
    def on_time_share(self) -> float | None:
        """The share answered on time, of those answered with a due date (0 to 1)."""
        return self.on_time / self.with_due if self.with_due else None


@dataclass(frozen=True)
class OfficeStats:
    total: Figures
    by_year: list[Figures]
    by_questioner: list[Figures]
    by_department: list[Figures]


def figures(name: str, cases: list[Case]) -> Figures:
    answered = [case for case in cases if case.answered]
    days = [case.days for case in answered if case.days is not None]
    timed = [case for case in answered if case.on_time is not None]
    return Figures(name, len(cases), len(answered), len(cases) - len(answered),
                   sum(1 for case in cases if case.overdue), len(timed),
                   sum(1 for case in timed if case.on_time),
                   float(statistics.median(days)) if days else None)


def _grouped(cases: list[Case], keys: Callable[[Case], Iterable[str]]) -> list[Figures]:
    groups: dict[str, list[Case]] = {}
    for case in cases:
        for key in keys(case):
            groups.setdefault(key, []).append(case)
    return [figures(name, members) for name, members in sorted(groups.items())]


def office_stats(workspace: Workspace, today: datetime.date) -> OfficeStats:
    """The figures of the workspace's archive (each letter once, in its latest version; interim replies
    are not answers) and of its open answer files."""
    cases = archived_cases(workspace) + open_cases(workspace, today)
    return OfficeStats(
        figures("", cases),
        _grouped(cases, lambda case: [str(case.year)] if case.year is not None else []),
        # One name however its spaces were typed or pasted (a non-breaking space from Word).
        _grouped(cases, lambda case: [" ".join(case.questioner.split())] if case.questioner else []),
        _grouped(cases, lambda case: [" ".join(name.split()) for name in case.departments]))


def _date(text: str | None) -> datetime.date | None:
    try:
        return datetime.date.fromisoformat(text) if text else None
    except ValueError:
        return None


def archived_cases(workspace: Workspace) -> list[Case]:
    from .status import archived_entries

    entries = archived_entries(workspace)
    superseded = {entry.manifest.supersedes for entry in entries if entry.manifest.supersedes}
    return [_archived(entry) for entry in entries
            if entry.id not in superseded and entry.manifest.record.letter.answer_by is None
            and entry.manifest.record.inquiry.kind != "Zwischennachricht"]


def _archived(entry: Entry) -> Case:
    record = entry.manifest.record
    inquiry = record.inquiry
    letter_date = _date(record.letter.date)
    start = _date(inquiry.received) or _date(inquiry.date)
    due = _date(inquiry.due)
    counted_from = start or letter_date
    year = counted_from.year if counted_from is not None else None
    return Case(year, inquiry.questioner, tuple(record.departments), True,
                (letter_date - start).days if letter_date and start else None,
                letter_date <= due if letter_date and due else None, False)


def open_cases(workspace: Workspace, today: datetime.date) -> list[Case]:
    from ..loader import load_answer_file
    from .status import open_inquiries

    cases = []
    for inquiry in open_inquiries(workspace, today):
        loaded = load_answer_file(inquiry.file, [])
        keys = dict.fromkeys(question.department for question in (loaded.parts.questions if loaded else [])
                             if question is not None and question.department)
        departments = tuple(workspace.config.departments[key].name
                            if key in workspace.config.departments else key for key in keys if key)
        details = loaded.parts.inquiry if loaded is not None else None
        letter = loaded.parts.letter if loaded is not None else None
        if (letter is not None and letter.answer_by) or inquiry.kind == "Zwischennachricht":
            continue  # an interim reply answers nothing yet
        start = inquiry.received or (details.date if details is not None else None)
        cases.append(Case(start.year if start else None, inquiry.questioner, departments, False, None,
                          None, inquiry.overdue))
    return cases
