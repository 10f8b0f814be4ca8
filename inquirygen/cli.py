"""The ``inquirygen`` command: parses options, calls the library, maps its errors to exit codes."""

from __future__ import annotations

import sys
import time
from pathlib import Path

import click

from . import __version__
from .errors import (
    EXIT_OK,
    EXIT_PROBLEMS,
    InquirygenError,
    ProblemsFound,
    display_path,
)

PROGRESS_AFTER_SECONDS = 1.0


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="inquirygen")
def main() -> None:
    """Answer letters to inquiries of councils and parliaments, from YAML answer files.

    Exit codes: 0 success, 1 problems in your files (each printed as file:line:col: message),
    2 wrong use of the command, 3 a file could not be written.
    """


@main.command()
@click.argument("files", nargs=-1, required=True)
@click.option("-o", "--output", type=click.Path(),
              help="Output file (one answer file) or folder (several, or ending in /). "
                   "Default: out/<name>.docx")
@click.option("--strict", is_flag=True, help="Treat warnings (such as unanswered questions) as errors.")
def build(files: tuple[str, ...], output: str | None, strict: bool) -> None:
    """Build the answer letter(s) as .docx.

    FILES are answer files, found as given or in the workspace's answers/ folder, e.g.

        inquirygen build 2025-09-15.yaml

        inquirygen build answers/*.yaml -o out/
    """
    from .build import OutputTarget, build_files

    def run():
        workspace, paths = _workspace_and_files(files)
        with _Progress(len(paths)) as progress:
            report = build_files(workspace, paths, OutputTarget.parse(output), strict,
                                 progress=progress.advance)
        _print_problems(report.problems)
        for path in report.written:
            click.echo(f"wrote {display_path(path)}")
        if report.errors:
            _summary(report.errors, report.failed_files, "not built")
            return EXIT_PROBLEMS
        return EXIT_OK

    _run(run)


@main.command()
@click.argument("files", nargs=-1, required=True)
@click.option("--strict", is_flag=True, help="Treat warnings (such as unanswered questions) as errors.")
def check(files: tuple[str, ...], strict: bool) -> None:
    """Check answer files without building them: every problem, at its line.

        inquirygen check 2025-09-15.yaml
    """
    from .build import check_files

    def run():
        workspace, paths = _workspace_and_files(files)
        report = check_files(workspace, paths, strict)
        _print_problems(report.problems)
        if report.errors:
            _summary(report.errors, report.failed_files, "with errors")
            return EXIT_PROBLEMS
        count = len(paths)
        click.echo(f"{count} file{'s' if count != 1 else ''} checked, no errors")
        return EXIT_OK

    _run(run)


def _workspace_and_files(names: tuple[str, ...]):
    from .workspace import Workspace

    workspace = Workspace.discover()
    paths = list(dict.fromkeys(workspace.find_answer_file(name) for name in names))
    return workspace, paths


def _run(command) -> None:
    """Run a command body; every inquirygen error becomes a message and an exit code, never a traceback."""
    try:
        code = command()
    except ProblemsFound as error:
        _print_problems(error.problems)
        click.echo(f"Error: {error}", err=True)
        sys.exit(error.exit_code)
    except InquirygenError as error:
        click.echo(f"Error: {error}", err=True)
        sys.exit(error.exit_code)
    sys.exit(code)


def _print_problems(problems) -> None:
    for problem in problems:
        click.echo(problem.format(), err=True)


def _summary(errors, failed_files, state: str) -> None:
    count = len(errors)
    files = len(failed_files)
    click.echo(f"Error: {count} problem{'s' if count != 1 else ''} found; "
               f"{files} file{'s' if files != 1 else ''} {state}", err=True)


class _Progress:
    """A progress bar on a terminal, shown only once a batch has taken more than a moment."""

    def __init__(self, total: int):
        self.total = total
        self.done = 0
        self.started = time.monotonic()
        self.bar = None

    def __enter__(self):
        return self

    def advance(self, _path) -> None:
        self.done += 1
        if self.bar is None and self.total > 1 and sys.stderr.isatty() and \
                time.monotonic() - self.started > PROGRESS_AFTER_SECONDS:
            self.bar = click.progressbar(length=self.total, label="Building", file=sys.stderr)
            self.bar.__enter__()
            self.bar.update(self.done - 1)
        if self.bar is not None:
            self.bar.update(1)

    def __exit__(self, *exc_info):
        if self.bar is not None:
            self.bar.__exit__(*exc_info)
        return False
