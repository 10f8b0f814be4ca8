"""What the command line prints: problems, results, files written; where errors become exit codes."""

from __future__ import annotations

import codecs
import io
import json
import os
import sys
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import (
    EXIT_ENVIRONMENT,
    EXIT_INTERRUPTED,
    EXIT_OK,
    EXIT_PROBLEMS,
    InquirygenError,
    Problem,
    ProblemsFound,
    describe_os_error,
    display_path,
)
from ..i18n import _, ngettext
from .signals import stopping_on_signals

if TYPE_CHECKING:
    from ..build import RunReport


def reported(command: Callable[[], int | None]) -> int:
    """Runs a command and turns what it returned or raised into the exit code.

    Every command runs inside this (through :class:`.group.ReportingGroup`, or :mod:`.direct`), so
    errors are mapped here once: :class:`ProblemsFound` prints its problems (``path:line:col: message``
    and hint) first, every :class:`InquirygenError` prints ``Error: …`` and exits with the
    ``exit_code`` its class documents (see :mod:`inquirygen.errors`), never with a traceback. What the
    operating system refuses where no error of inquirygen's says it better (a folder without
    permission, a name too long) is named with its file, exit 3. Ctrl+C, SIGTERM and SIGHUP stop a
    command after its cleanup with ``Error: interrupted …`` and 130, 143, 129 (``preview --watch``
    ends quietly on Ctrl+C). Other exceptions are bugs and keep their traceback. A command returns
    ``None`` when it succeeded, or the exit code a function of this module gave it after printing why.
    """
    with stopping_on_signals():
        try:
            code = command()
        except ProblemsFound as error:
            problems(error.problems)
            code = failure(str(error), error.exit_code)
        except InquirygenError as error:
            code = failure(str(error), error.exit_code)
        except BrokenPipeError:  # output printed past echo (click's help): the reader went away
            reader_gone(sys.stdout)
            code = EXIT_OK
        except KeyboardInterrupt as error:  # Ctrl+C, or SIGTERM/SIGHUP as errors.Interrupted
            code = failure(_("interrupted; nothing was left half-written"),
                           getattr(error, "exit_code", EXIT_INTERRUPTED))
        except OSError as error:
            code = failure(describe_os_error(error), EXIT_ENVIRONMENT)
    return EXIT_OK if code is None else code


def echo(text: str, *, err: bool = False, nl: bool = True) -> None:
    """``click.echo(text)``, without loading click where it would write the text unchanged.

    That is an ordinary text stream that can hold more than ASCII (click would wrap an ASCII one)
    and a text without escape sequences (click strips them when the stream is no terminal);
    anything else goes to click itself, so that the output is click's in every case.
    """
    stream = sys.stderr if err else sys.stdout
    try:
        if "\x1b" in text or os.name == "nt" or not _plain(stream):
            import click

            click.echo(text, err=err, nl=nl)
            return
        stream.write(f"{text}\n" if nl else text)
        stream.flush()
    except BrokenPipeError:
        reader_gone(stream)


def reader_gone(stream: object) -> None:
    """What is still to be printed to ``stream`` goes nowhere: its reader went away
    (``inquirygen status | head``).

    The command finishes its work (a batch builds every letter, an archive entry is written whole)
    and ends with its own exit code, without the "Broken pipe" error a program would otherwise
    print at its next line or when it ends.
    """
    try:
        descriptor = stream.fileno()  # type: ignore[attr-defined]
    except (AttributeError, OSError, ValueError):
        return  # no file under it (a test's capture): nothing is left to fail
    nowhere = os.open(os.devnull, os.O_WRONLY)
    os.dup2(nowhere, descriptor)
    os.close(nowhere)


def _plain(stream: object) -> bool:
    if not isinstance(stream, io.TextIOWrapper):
        return False
    try:
        return codecs.lookup(stream.encoding).name != "ascii"
    except LookupError:
        return False


def exit_code(succeeded: bool) -> int:
    return EXIT_OK if succeeded else EXIT_PROBLEMS


def failure(message: str, code: int = EXIT_PROBLEMS) -> int:
    """``Error: message`` on standard error; returns the exit code to leave with."""
    echo(_("Error: {message}").format(message=message), err=True)
    return code


# -- problems and runs ----------------------------------------------------------------------------


def problems(found: Iterable[Problem]) -> None:
    """Each problem as ``path:line:col: message``, its hint on the next line, on standard error."""
    for problem in found:
        echo(problem.format(), err=True)


def run_failed(run: RunReport, building: bool = True) -> int:
    """``Error: 2 problems found; 1 file not built`` (``… with errors`` when checking) when the run had
    errors; the exit code."""
    if not run.errors:
        return EXIT_OK
    errors, failed = len(run.errors), len(run.failed_files)
    # Two counts in one line: each clause is a whole text of its own, joined by the semicolon.
    found = ngettext("{count} problem found", "{count} problems found", errors).format(count=errors)
    if building:
        files = ngettext("{count} file not built", "{count} files not built", failed)
    else:
        files = ngettext("{count} file with errors", "{count} files with errors", failed)
    names = ""
    if run.written_count and run.failed_files:  # a batch that wrote other letters says which were not
        shown = [path.name for path in run.failed_files[:10]]
        names = ": " + ", ".join(shown) + (", …" if failed > 10 else "")
    return failure(f"{found}; {files.format(count=failed)}{names}")


def checked(run: RunReport, files: int | None) -> int:
    """The outcome of ``check`` of ``files`` answer files (None: the workspace): every problem, then
    the summary; the exit code."""
    problems(run.problems)
    if run.errors:
        return run_failed(run, building=False)
    what = _("workspace checked") if files is None else \
        ngettext("{count} file checked", "{count} files checked", files).format(count=files)
    warnings = len(run.problems)
    if warnings:
        echo(ngettext("{what}, no errors, {count} warning", "{what}, no errors, {count} warnings",
                            warnings).format(what=what, count=warnings))
    else:
        echo(_("{what}, no errors").format(what=what))
    return EXIT_OK


def checked_as_json(run: RunReport) -> int:
    """The outcome of ``check --format json``: one JSON document on standard output; the exit code."""
    echo(json.dumps({
        "errors": len(run.errors),
        "warnings": len(run.problems) - len(run.errors),
        "problems": [p.as_dict() for p in run.problems],
    }, ensure_ascii=False, indent=2))
    return exit_code(not run.errors)


def wrote(paths: Iterable[Path]) -> None:
    for path in paths:
        echo(_("wrote {path}").format(path=display_path(path)))


def note(text: str) -> None:
    """A remark that changes nothing of the result (the slower way was taken), on standard error."""
    echo(text, err=True)


def output(text: str) -> None:
    """A document for other programs (JSON) on standard output."""
    echo(text)


# -- letters --------------------------------------------------------------------------------------


def preview(text: str | None, found: list[Problem]) -> bool:
    """The letter as plain text (when it has no errors) after its problems; whether it was shown."""
    problems(found)
    if text is not None:
        echo(text, nl=False)
    return text is not None


def table(rows: Sequence[Sequence[str]]) -> None:
    """Columns padded to their widest cell; the last one, often long, is not padded."""
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]) - 1)]
    for row in rows:
        echo("  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=False))
                   + "  " + row[-1])
