"""``inquirygen build FILES... [-o PATH] [--strict] [--pdf]`` run at once, without loading click.

Building letters is what the command is started for most often, and click with the modules of the
other commands would be a good part of a cold start. A command line that is not such a plain build
(help, any other option or command, ``--``, an option given twice or a value that looks
like an option, shell completion, Windows' wildcards) is left to click, which parses it as always;
one that is gives the output, messages and exit code that click's ``build`` gives.
"""

from __future__ import annotations

import gc
import os
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Callable


def run(args: list[str]) -> int | None:
    """The exit code of a plain ``build`` command line, run; ``None`` for any other command line."""
    parsed = plain_build(args)
    if parsed is None:
        return None
    files, output, strict, pdf = parsed
    # Start-up only allocates what stays (modules, classes, the compiled template): the collector
    # would walk it over and over for nothing. It runs again once the first letter is done, with
    # what start-up made set aside (frozen), so that a batch's collections skip it too.
    gc.disable()
    try:
        from . import report

        return report.reported(lambda: build_letters(files, output, strict, pdf, _collect))
    finally:
        gc.enable()


def _collect() -> None:
    if not gc.isenabled():
        gc.freeze()
        gc.enable()


def plain_build(args: list[str]) -> tuple[tuple[str, ...], str | None, bool, bool] | None:
    """FILES, ``-o``, ``--strict`` and ``--pdf`` of a plain build, or ``None`` for what click must
    parse."""
    if not args or args[0] != "build" or os.name == "nt" or any(
            name.startswith("_") and name.endswith("_COMPLETE") for name in os.environ):
        return None
    files: list[str] = []
    output: str | None = None
    strict = pdf = False
    given = iter(args[1:])
    for arg in given:
        if arg == "--strict":
            strict = True
        elif arg == "--pdf":
            pdf = True
        elif arg in ("-o", "--output") and output is None:
            output = next(given, None)
            if output is None or output.startswith("-") or not _usable_path(output):
                return None
        elif arg.startswith("-"):
            return None
        else:
            files.append(arg)
    return (tuple(files), output, strict, pdf) if files else None


def _usable_path(given: str) -> bool:
    """Whether click's ``Path()`` type takes ``given`` as it is: a missing path, or a readable one."""
    try:
        os.stat(given)
    except (OSError, ValueError):
        return True
    return os.access(given, os.R_OK)


def build_letters(files: tuple[str, ...], output: str | None, strict: bool, pdf: bool,
                  after_each: Callable[[], None] | None = None, final: bool = False) -> int:
    """``build``: answer files to letters (.docx, and PDF/A with ``pdf``), printing what it did;
    the exit code. ``after_each`` is called after each answer file."""
    from ..build import OutputTarget, RunReport, build_each, write_pdfs
    from ..workspace import Workspace
    from . import report
    from .progress import Progress

    workspace, paths = Workspace.of_answer_files(files)
    run = RunReport()
    with Progress(len(paths)) as progress:
        for built in build_each(workspace, paths, OutputTarget.parse(output), strict, final):
            # Each letter is named as it is written, its problems above it: a batch of any size keeps
            # nothing per letter (issue 16), and the problems stay beside the letter they are about.
            progress.clear()
            report.problems(built.problems)
            if built.target is not None:
                report.wrote([built.target])
            run.add(built, keep_written=pdf)
            if after_each is not None:
                after_each()
            progress.advance()
    if pdf:
        report.wrote(write_pdfs(workspace, run.written, report.note))
    return report.run_failed(run)
