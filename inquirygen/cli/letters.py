"""The commands that turn answer files into letters: build, check, preview, schema."""

from __future__ import annotations

import click

from ..i18n import _
from . import report
from .click_texts import Command


@click.command(cls=Command, help=_(
    "Build the answer letter(s) as .docx.\n\n"
    "FILES are answer files, found as given or in the workspace's answers/ folder, e.g.\n\n"
    "    inquirygen build 2025-09-15.yaml\n\n"
    "    inquirygen build answers/*.yaml -o out/"))
@click.argument("files", nargs=-1, required=True, metavar=_("FILES..."))
@click.option("-o", "--output", type=click.Path(), metavar=_("PATH"),
              help=_("Output file (one answer file) or folder (several, or ending in /). "
                     "Default: out/<name>.docx"))
@click.option("--strict", is_flag=True,
              help=_("Treat warnings (such as unanswered questions) as errors."))
@click.option("--pdf", is_flag=True, help=_("Also write a PDF/A of each letter (through LibreOffice)."))
@click.option("--final", is_flag=True, help=_(
    "The letter that goes out: what check --final finds is an error (unanswered questions, "
    "placeholders, the sign-offs inquirygen.yaml requires, …)."))
def build(files: tuple[str, ...], output: str | None, strict: bool, pdf: bool, final: bool) -> int:
    """``build``: answer files to letters (.docx, and PDF/A with --pdf)."""
    from .direct import build_letters

    return build_letters(files, output, strict, pdf, final=final)


@click.command(cls=Command, help=_(
    "Check without building: every problem, at its line.\n\n"
    "Without FILES: every answer file, snippet and template of the workspace.\n\n"
    "    inquirygen check 2025-09-15.yaml\n\n"
    "    inquirygen check --final"))
@click.argument("files", nargs=-1, metavar=_("[FILES]..."))
@click.option("--strict", is_flag=True, help=_("Treat every warning as an error."))
@click.option("--final", is_flag=True, help=_(
    "Before sending: what would make the letter wrong is an error (unanswered questions, placeholders, "
    "a missing signatory, dates, salutation, …)."))
@click.option("--format", "output_format", type=click.Choice(["text", "json"]), default="text",
              help=_("json: the problems as a JSON document on standard output, for other programs."))
def check(files: tuple[str, ...], strict: bool, final: bool, output_format: str) -> int:
    """``check``: every problem of the files (or of the workspace), nothing written."""
    from ..build import check_files
    from ..checks import check_workspace
    from ..workspace import Workspace

    if files:
        workspace, paths = Workspace.of_answer_files(files)
        run = check_files(workspace, paths, strict, final)
        checked: int | None = len(paths)
    else:
        workspace = Workspace.discover()
        workspace.require_own_folder()
        run = check_workspace(workspace, strict, final)
        checked = None
    if output_format == "json":
        return report.checked_as_json(run)
    return report.checked(run, checked)


@click.command(cls=Command, short_help=_("Show the letter as plain text."), help=_(
    "Show the letter as plain text: numbers, references, snippets and joint answers resolved.\n\n"
    "inquirygen preview 2025-09-15.yaml --watch"))
@click.argument("file", metavar=_("FILE"))
@click.option("--watch", is_flag=True, help=_("Show the letter again whenever a file it uses changes."))
def preview(file: str, watch: bool) -> int | None:
    """``preview``: the letter as plain text, once or whenever its files change."""
    from ..errors import Interrupted
    from ..preview import preview_once, watch_letter

    if watch:
        try:
            watch_letter(file, show=report.preview, clear=click.clear)
        except KeyboardInterrupt as interrupt:  # Ctrl+C is how watching ends
            if isinstance(interrupt, Interrupted):
                raise
        return None
    return report.exit_code(report.preview(*preview_once(file)))


@click.command(cls=Command, short_help=_("Write the JSON Schemas for editors to schemas/."), help=_(
    "Write the JSON Schemas of answer files, snippets and inquirygen.yaml to schemas/.\n\n"
    "Editors use them to complete keys and underline mistakes while you type (see the README)."))
def schema() -> None:
    """``schema``: the JSON Schemas of the workspace's files, for editors."""
    from ..scaffold import write_schemas
    from ..workspace import Workspace

    report.wrote(write_schemas(Workspace.discover()))
