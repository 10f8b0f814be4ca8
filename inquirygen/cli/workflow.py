"""The commands of the office's workflow: status, ask, collect, stats."""

from __future__ import annotations

import datetime

import click

from ..i18n import _
from . import workflow_report
from .click_texts import Command
from .options import date_option


def _today(value: str | None) -> datetime.date:
    return date_option(value, "--today") if value is not None else datetime.date.today()


@click.command(cls=Command, short_help=_("The open inquiries: deadlines and what is missing."), help=_(
    "The open inquiries (answer files not yet archived), soonest deadline first: received, due, days "
    "left, and what is missing (unanswered questions, contributions of departments, sign-offs).\n\n"
    "Exit code 1 when an inquiry is overdue or an answer file has errors.\n\n"
    "\b\n"
    "    inquirygen status\n"
    "    inquirygen status --ics fristen.ics --xlsx fristen.xlsx"))
@click.option("--today", metavar=_("DATE"),
              help=_("The day to count from, e.g. 15.09.2025 (default: today)."))
@click.option("--ics", "ics", type=click.Path(dir_okay=False), metavar=_("FILE"),
              help=_("Also write the deadlines as an iCalendar file (.ics) for Outlook or Thunderbird."))
@click.option("--csv", "csv_file", type=click.Path(dir_okay=False), metavar=_("FILE"),
              help=_("Also write the list as CSV (';' between the cells, for Excel)."))
@click.option("--xlsx", "xlsx", type=click.Path(dir_okay=False), metavar=_("FILE"),
              help=_("Also write the list as an Excel workbook (.xlsx)."))
def status(today: str | None, ics: str | None, csv_file: str | None, xlsx: str | None) -> int:
    """``status``: the open inquiries, their deadlines and what each lacks."""
    from ..workflow.status import workspace_status
    from ..workflow.write import write_lists
    from ..workspace import Workspace

    day = _today(today)
    workspace = Workspace.discover()
    workspace.require_own_folder()
    found = workspace_status(workspace, day)
    written = write_lists(workspace, found.inquiries, ics=ics, csv=csv_file, xlsx=xlsx)
    return workflow_report.status(found, workspace.root, written)


@click.command(cls=Command, short_help=_("Figures: inquiries per year, questioner, department."),
               help=_(
    "Figures from the archive and the open answer files: inquiries per year, per questioner and per "
    "department, the share answered on time and the median number of days to answer.\n\n"
    "    inquirygen stats"))
@click.option("--today", metavar=_("DATE"),
              help=_("The day to count from, e.g. 15.09.2025 (default: today)."))
def stats(today: str | None) -> None:
    """``stats``: the office's figures."""
    from ..workflow.stats import office_stats
    from ..workspace import Workspace

    workspace = Workspace.discover()
    workspace.require_own_folder()
    workflow_report.stats(office_stats(workspace, _today(today)))
