"""The commands of the departments' contributions: ask (a form for each) and collect (the filled forms)."""

from __future__ import annotations

from pathlib import Path

import click

from ..i18n import _
from . import workflow_report
from .click_texts import Command


@click.command(cls=Command, short_help=_("Write a form for each department to answer its questions."),
               help=_(
    "Write one Word form (.docx) per department named in the answer file (questions[].department), "
    "with its questions, its deadline and a field under each question to answer in; send them, and "
    "read the filled forms back with 'inquirygen collect'.\n\n"
    "\b\n"
    "    inquirygen ask 2025-09-15.yaml\n"
    "    inquirygen ask 2025-09-15.yaml -o zuarbeit/"))
@click.argument("file", metavar=_("FILE"))
@click.option("-o", "--output", type=click.Path(file_okay=False), metavar=_("FOLDER"),
              help=_("The folder for the forms (default: the output folder, out/)."))
def ask(file: str, output: str | None) -> int | None:
    """``ask``: the departments' forms of one answer file."""
    from ..workflow.ask import write_forms
    from ..workspace import Workspace

    workspace, (path,) = Workspace.of_answer_files([file])
    written = write_forms(workspace, path, Path(output) if output else None)
    workflow_report.asked(written)
    return None


@click.command(cls=Command, short_help=_("Read filled forms back into the answer file."), help=_(
    "Read the forms that 'inquirygen ask' wrote, filled in by the departments, back into their answer "
    "file: each answer becomes the question's response, every other line of the file stays as it is. "
    "A response changed in the answer file since the form went out is not overwritten (the conflict "
    "is reported, exit code 1).\n\n"
    "\b\n"
    "    inquirygen collect out/2025-09-15-ordnungsamt.docx"))
@click.argument("forms", nargs=-1, required=True, metavar=_("FORMS..."))
def collect(forms: tuple[str, ...]) -> int:
    """``collect``: filled forms into their answer files."""
    from ..workflow.collect import collect_forms

    return workflow_report.collected(collect_forms([Path(form) for form in forms]))
