"""What the workflow commands print: the open inquiries, the forms written and read, the figures."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import EXIT_OK, EXIT_PROBLEMS, display_path
from ..i18n import _, language, ngettext
from ..model import format_date
from .report import echo, problems, wrote

if TYPE_CHECKING:
    from ..workflow.ask import AskedForm
    from ..workflow.collect import Collected
    from ..workflow.stats import Figures, OfficeStats
    from ..workflow.status import Status


def status(found: Status, root: Path, written: Iterable[Path]) -> int:
    """``status``: one row per open inquiry, what it lacks below it; exit 1 when one is overdue or
    an answer file is broken."""
    inquiries = found.inquiries
    if not inquiries:
        echo(_("no open inquiries"))
    else:
        rows = [[_("Received"), _("Due"), _("Left"), _("File"), _("Subject")]]
        for inquiry in inquiries:
            rows.append([format_date(inquiry.received) if inquiry.received else "–",
                         format_date(inquiry.due) if inquiry.due else "–", inquiry.days_left_text,
                         display_path(inquiry.file, root), inquiry.subject])
        widths = [max(len(row[i]) for row in rows) for i in range(4)]
        for index, row in enumerate(rows):
            marker = "!" if index and inquiries[index - 1].overdue else " "
            echo(marker + " " + "  ".join(cell.ljust(width) for cell, width in zip(row, widths,
                                                                              strict=False))
                 + "  " + row[-1])
            if index:
                for missing in inquiries[index - 1].missing:
                    echo(" " * (4 + widths[0]) + "- " + missing)  # under the due date
        echo("")
        count, overdue = len(inquiries), len(found.overdue)
        if overdue:
            echo(ngettext("{count} open inquiry ({overdue} overdue)",
                          "{count} open inquiries ({overdue} overdue)", count).format(
                count=count, overdue=overdue))
        else:
            echo(ngettext("{count} open inquiry", "{count} open inquiries", count).format(count=count))
    wrote(written)
    return EXIT_PROBLEMS if found.overdue or found.problems else EXIT_OK


def asked(forms: list[AskedForm]) -> None:
    """``ask``: each form written, for whom, and where to send it."""
    for form in forms:
        echo(ngettext("wrote {path}: {count} question for {department}",
                      "wrote {path}: {count} questions for {department}", form.questions).format(
            path=display_path(form.path), count=form.questions, department=form.department))
        if form.email:
            echo("    " + _("send it to {email}").format(email=form.email))


def collected(results: list[Collected]) -> int:
    """``collect``: the answers taken into each answer file, the fields left as they were, and the
    conflicts (on standard error, exit code 1)."""
    conflicts = [problem for result in results for problem in result.conflicts]
    for result in results:
        form, file = display_path(result.form), display_path(result.answer_file)
        if result.taken:
            echo(ngettext("{form}: {count} answer taken into {file} ({labels})",
                          "{form}: {count} answers taken into {file} ({labels})", len(result.taken)).format(
                form=form, count=len(result.taken), file=file, labels=", ".join(result.taken)))
        if result.unchanged:
            echo(ngettext("{form}: {count} field empty or unchanged ({labels})",
                          "{form}: {count} fields empty or unchanged ({labels})",
                          len(result.unchanged)).format(form=form, count=len(result.unchanged),
                                                         labels=", ".join(result.unchanged)))
    problems(conflicts)
    return EXIT_PROBLEMS if conflicts else EXIT_OK


def _number(value: float) -> str:
    """12, or 12.5 (12,5 in German)."""
    text = f"{value:.1f}".removesuffix(".0")
    return text.replace(".", ",") if language() == "de" else text


def _share(figures: Figures) -> str:
    share = figures.on_time_share
    return "–" if share is None else f"{round(share * 100)} %"


def stats(found: OfficeStats) -> None:
    """``stats``: the totals, then a table each by year, questioner and department."""
    total = found.total
    if not total.inquiries:
        echo(_("no inquiries in the archive or the answers folder yet"))
        return
    echo(_("Inquiries: {count} ({answered} answered, {open} open, {overdue} of them overdue)").format(
        count=total.inquiries, answered=total.answered, open=total.open, overdue=total.overdue))
    if total.with_due:
        echo(_("Answered on time: {share} ({on_time} of {count} with a deadline)").format(
            share=_share(total), on_time=total.on_time, count=total.with_due))
    if total.median_days is not None:
        echo(_("Median days to answer: {days}").format(days=_number(total.median_days)))
    for title, column, groups in ((_("By year"), _("Year"), found.by_year),
                                  (_("By questioner"), _("Questioner"), found.by_questioner),
                                  (_("By department"), _("Department"), found.by_department)):
        if not groups:
            continue
        echo("")
        echo(title)
        rows = [[column, _("Inquiries"), _("Answered"), _("Open"), _("On time"), _("Median days")]]
        rows += [[group.name, str(group.inquiries), str(group.answered), str(group.open), _share(group),
                  "–" if group.median_days is None else _number(group.median_days)] for group in groups]
        widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
        for row in rows:
            cells = [row[0].ljust(widths[0])] + [cell.rjust(width) for cell, width in zip(row[1:], widths[1:],
                                                                                          strict=True)]
            echo("  " + "  ".join(cells))
