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
    from ..scaffold import Extracted
    from ..snippets import Snippet, SnippetEntry
    from ..writers.docx.clean import TemplateCleaning


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
    if "\x1b" in text or os.name == "nt" or not _plain(stream):
        import click

        click.echo(text, err=err, nl=nl)
        return
    stream.write(f"{text}\n" if nl else text)
    stream.flush()


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


# -- authoring ------------------------------------------------------------------------------------


def editor_address(address: str) -> None:
    """Where the editor listens (its secret address), printed before it starts serving."""
    echo(_("The editor runs at {address}").format(address=address))
    echo(_("Press Ctrl+C to end it."))
    sys.stdout.flush()  # a script waiting for the address reads it now, not when the editor ends


def editor_stopped() -> None:
    echo(_("The editor has ended."))


def next_step(folder: Path, example: Path) -> None:
    echo("")
    echo(_("Next: cd {folder} && inquirygen build {file}").format(
        folder=display_path(folder), file=example.name))


def new_answer_file(path: Path, questions: int, remark: bool = False) -> None:
    echo(ngettext("wrote {path} with {count} question; the responses are yours to write",
                        "wrote {path} with {count} questions; the responses are yours to write",
                        questions).format(path=display_path(path), count=questions))
    if remark:  # printed in the letter unless deleted: say so
        echo(_("the questioner's preliminary remark is kept under 'remarks:' and printed before "
                     "the answers; delete it if your letters do not print it"))


def snippet_table(entries: list[SnippetEntry], folder: Path) -> None:
    """``snippets list``: name, title, tags and the answer files using each snippet."""
    if not entries:
        echo(_("no snippets in {folder}/").format(folder=display_path(folder)))
        return
    rows = [(_("NAME"), _("TITLE"), _("TAGS"), _("USED IN"))]
    for entry in entries:
        used = ", ".join(f"{path.name}" + (f" ({uses}×)" if uses > 1 else "")
                         for path, uses in sorted(entry.used_in.items()))
        rows.append((entry.name, entry.title if entry.snippet else _("(has errors)"),
                     ", ".join(entry.tags), used or "—"))
    table(rows)


def snippet(name: str, shown: Snippet, text: str) -> None:
    """``snippets show``: the header, the text filled in with the defaults, the variables."""
    header = shown.header
    echo(f"{name}: {header.title or ''}".rstrip())
    if header.tags:
        echo(_("tags: {tags}").format(tags=", ".join(header.tags)))
    if header.description:
        echo(header.description)
    echo("")
    echo(text.rstrip("\n"))
    echo("")
    if header.variables:
        echo(_("variables:"))
        for variable, default in header.variables.items():
            echo(f"  {variable} = {default}" if default is not None
                       else "  " + _("{variable} (must be given)").format(variable=variable))
    else:
        echo(_("variables: none"))


def snippet_hits(hits: list[tuple[int, SnippetEntry]], words: tuple[str, ...]) -> None:
    for _score, entry in hits:
        echo(f"{entry.name}: {entry.title}")
    if not hits:
        echo(_("no snippet contains {words}").format(words=" ".join(words)))


def extracted(result: Extracted, question_id: str, name: str) -> None:
    wrote([result.snippet])
    if result.answer_file is not None:
        echo(_("the response of '{question_id}' in {path} now reads {reference}").format(
            question_id=question_id, path=display_path(result.answer_file),
            reference=f'{{{{ snippet("{name}") }}}}'))
    echo(_("the text moved unchanged; turn parts of it into {example} in the snippet if you "
                 "want them to vary").format(example="{{ variables }}"))


def cleaned(path: Path, cleaning: TemplateCleaning) -> None:
    if cleaning.original is None:
        echo(_("{path}: no tracked changes and no comments; left as it is").format(
            path=display_path(path)))
        return
    changes, comments = cleaning.changes, cleaning.comments
    if changes and comments:  # two counts: the comments are a whole text of their own
        text = ngettext("{path}: accepted {count} tracked change and removed {comments}; the "
                        "original is kept as {original}", "{path}: accepted {count} tracked changes "
                        "and removed {comments}; the original is kept as {original}", changes)
    elif comments:
        text = ngettext("{path}: removed {count} comment; the original is kept as {original}",
                        "{path}: removed {count} comments; the original is kept as {original}",
                        comments)
    else:
        text = ngettext("{path}: accepted {count} tracked change; the original is kept as {original}",
                        "{path}: accepted {count} tracked changes; the original is kept as "
                        "{original}", changes)
    echo(text.format(path=display_path(path), count=changes or comments,
                           comments=ngettext("{count} comment", "{count} comments",
                                             comments).format(count=comments),
                           original=display_path(cleaning.original)))


def table(rows: Sequence[Sequence[str]]) -> None:
    """Columns padded to their widest cell; the last one, often long, is not padded."""
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]) - 1)]
    for row in rows:
        echo("  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=False))
                   + "  " + row[-1])
