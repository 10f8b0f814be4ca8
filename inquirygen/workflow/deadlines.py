"""Deadlines: an inquiry's due date from its own dates or from the rule for its kind in inquirygen.yaml."""

from __future__ import annotations

import datetime
from collections.abc import Container
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..answerfile import Inquiry
    from ..settings import DeadlineRule, WorkspaceConfig

# The rule for every kind that has none of its own.
DEFAULT_RULE = "default"


class Holidays:
    """The public holidays of one Land (none without a Land), from the ``holidays`` package.

    Loaded only when a deadline is computed: the package is large and ``build`` never needs it.
    """

    def __init__(self, state: str | None) -> None:
        self.state = state
        self._years: dict[int, Container[datetime.date]] = {}

    def __contains__(self, day: object) -> bool:
        if self.state is None or not isinstance(day, datetime.date):
            return False
        if day.year not in self._years:
            import holidays

            self._years[day.year] = holidays.country_holidays("DE", subdiv=self.state, years=day.year)
        return day in self._years[day.year]

    def is_working_day(self, day: datetime.date) -> bool:
        """Monday to Friday and not a public holiday (a Saturday ends no deadline, as § 193 BGB says)."""
        return day.weekday() < 5 and day not in self


def rule_for(config: WorkspaceConfig, kind: str | None) -> DeadlineRule | None:
    """The rule for ``kind`` (its name, whatever its spaces and capitals, else ``default``), or ``None``
    when there is none."""
    if kind is not None and kind in config.deadlines:
        return config.deadlines[kind]
    if kind is not None:  # typed or pasted from Word: a non-breaking space, doubled spaces
        wanted = " ".join(kind.split()).casefold()
        for name, rule in config.deadlines.items():
            if " ".join(name.split()).casefold() == wanted:
                return rule
    return config.deadlines.get(DEFAULT_RULE)


def computed_due(received: datetime.date, rule: DeadlineRule,
                 holidays: Holidays | None = None) -> datetime.date:
    """The deadline ``rule.days`` calendar or working days after ``received``, moved off a weekend or
    public holiday as ``rule.on_holiday`` says."""
    days = holidays if holidays is not None else Holidays(rule.state)
    if rule.count == "working":
        day, left = received, rule.days
        while left:
            day += datetime.timedelta(days=1)
            if days.is_working_day(day):
                left -= 1
        return day
    due = received + datetime.timedelta(days=rule.days)
    if rule.on_holiday == "keep":
        return due
    step = datetime.timedelta(days=1 if rule.on_holiday == "next_working_day" else -1)
    while not days.is_working_day(due):
        due += step
    return due


def due_date(inquiry: Inquiry, config: WorkspaceConfig) -> datetime.date | None:
    """When the answer is due: ``extended_to``, else ``due``, else the rule's from ``received``."""
    if inquiry.extended_to is not None:
        return inquiry.extended_to
    if inquiry.due is not None:
        return inquiry.due
    rule = rule_for(config, inquiry.kind)
    if rule is None or inquiry.received is None:
        return None
    try:
        return computed_due(inquiry.received, rule)
    except OverflowError:  # received at the end of the calendar (9999): no deadline can be said
        return None
