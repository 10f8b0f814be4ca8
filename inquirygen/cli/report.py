"""What the command line prints (problems, progress, results); the one place errors become exit codes."""

from __future__ import annotations

import json
import sys
import time
from collections.abc import Iterable, Sequence
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any

import click

from ..errors import EXIT_OK, EXIT_PROBLEMS, InquirygenError, Problem, ProblemsFound, display_path

if TYPE_CHECKING:
    from ..archive import Entry, Hit
    from ..build import RunReport, TemplateCleaning
    from ..scaffold import Extracted
    from ..snippets import Snippet, SnippetEntry

PROGRESS_AFTER_SECONDS = 1.0


class ReportingGroup(click.Group):
    """The ``inquirygen`` group: runs a command and turns what it returned or raised into the exit code.

    Every command runs inside this ``invoke`` (subgroups included), so errors are mapped here once:
    :class:`ProblemsFound` prints its problems (``path:line:col: message`` and hint) first, every
    :class:`InquirygenError` prints ``Error: …`` and exits with the ``exit_code`` its class documents
    (see :mod:`inquirygen.errors`), never with a traceback; Ctrl+C (e.g. to end ``--watch``) exits 0.
    Other exceptions are bugs and keep their traceback. A command returns ``None`` when it
    succeeded, or the exit code a function of this module gave it after printing why.
    """

    def invoke(self, ctx: click.Context) -> Any:
        try:
            code = super().invoke(ctx)
        except ProblemsFound as error:
            problems(error.problems)
            code = failure(str(error), error.exit_code)
        except InquirygenError as error:
            code = failure(str(error), error.exit_code)
        except KeyboardInterrupt:
            code = EXIT_OK
        ctx.exit(EXIT_OK if code is None else code)


def exit_code(succeeded: bool) -> int:
    return EXIT_OK if succeeded else EXIT_PROBLEMS


def failure(message: str, code: int = EXIT_PROBLEMS) -> int:
    """``Error: message`` on standard error; returns the exit code to leave with."""
    click.echo(f"Error: {message}", err=True)
    return code


def count(number: int, singular: str, plural: str | None = None) -> str:
    """"1 problem", "2 problems", "1 entry", "3 entries"."""
    return f"{number} {singular if number == 1 else plural or singular + 's'}"


# -- problems and runs ----------------------------------------------------------------------------


def problems(found: Iterable[Problem]) -> None:
    """Each problem as ``path:line:col: message``, its hint on the next line, on standard error."""
    for problem in found:
        click.echo(problem.format(), err=True)


def run_failed(run: RunReport, state: str) -> int:
    """``Error: 2 problems found; 1 file not built`` when the run had errors; the exit code."""
    if not run.errors:
        return EXIT_OK
    # In a batch that wrote other letters, say which ones were not written.
    names = ""
    if run.written and run.failed_files:
        shown = [path.name for path in run.failed_files[:10]]
        names = ": " + ", ".join(shown) + (", …" if len(run.failed_files) > 10 else "")
    return failure(f"{count(len(run.errors), 'problem')} found; "
                   f"{count(len(run.failed_files), 'file')} {state}{names}")


def checked(run: RunReport, what: str) -> int:
    """The outcome of ``check``: every problem, then the summary; the exit code."""
    problems(run.problems)
    if run.errors:
        return run_failed(run, "with errors")
    warnings = len(run.problems)
    click.echo(f"{what}, no errors" + (f", {count(warnings, 'warning')}" if warnings else ""))
    return EXIT_OK


def checked_as_json(run: RunReport) -> int:
    """The outcome of ``check --format json``: one JSON document on standard output; the exit code."""
    click.echo(json.dumps({
        "errors": len(run.errors),
        "warnings": len(run.problems) - len(run.errors),
        "problems": [p.as_dict() for p in run.problems],
    }, ensure_ascii=False, indent=2))
    return exit_code(not run.errors)


def wrote(paths: Iterable[Path]) -> None:
    for path in paths:
        click.echo(f"wrote {display_path(path)}")


def output(text: str) -> None:
    """A document for other programs (JSON) on standard output."""
    click.echo(text)


class Progress:
    """A progress bar on a terminal, shown only once a batch has taken more than a moment."""

    def __init__(self, total: int):
        self.total = total
        self.done = 0
        self.started = time.monotonic()
        self.bar: Any = None  # click's ProgressBar, once shown

    def __enter__(self) -> Progress:
        return self

    def advance(self, _path: Path | None) -> None:
        self.done += 1
        if self.bar is None and self.total > 1 and sys.stderr.isatty() and \
                time.monotonic() - self.started > PROGRESS_AFTER_SECONDS:
            self.bar = click.progressbar(length=self.total, label="Building", file=sys.stderr)
            self.bar.__enter__()
            self.bar.update(self.done - 1)
        if self.bar is not None:
            self.bar.update(1)

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 traceback: TracebackType | None) -> None:
        if self.bar is not None:
            self.bar.__exit__(kind, error, traceback)


# -- letters --------------------------------------------------------------------------------------


def preview(text: str | None, found: list[Problem]) -> bool:
    """The letter as plain text (when it has no errors) after its problems; whether it was shown."""
    problems(found)
    if text is not None:
        click.echo(text, nl=False)
    return text is not None


# -- authoring ------------------------------------------------------------------------------------


def next_step(folder: Path, example: Path) -> None:
    click.echo(f"\nNext: cd {display_path(folder)} && inquirygen build {example.name}")


def new_answer_file(path: Path, questions: int, remark: bool = False) -> None:
    click.echo(f"wrote {display_path(path)} with {count(questions, 'question')}; "
               "the responses are yours to write")
    if remark:  # printed in the letter unless deleted: say so
        click.echo("the questioner's preliminary remark is kept under 'remarks:' and printed before "
                   "the answers; delete it if your letters do not print it")


def snippet_table(entries: list[SnippetEntry], folder: Path) -> None:
    """``snippets list``: name, title, tags and the answer files using each snippet."""
    if not entries:
        click.echo(f"no snippets in {display_path(folder)}/")
        return
    rows = [("NAME", "TITLE", "TAGS", "USED IN")]
    for entry in entries:
        used = ", ".join(f"{path.name}" + (f" ({uses}×)" if uses > 1 else "")
                         for path, uses in sorted(entry.used_in.items()))
        rows.append((entry.name, entry.title if entry.snippet else "(has errors)",
                     ", ".join(entry.tags), used or "—"))
    _table(rows)


def snippet(name: str, shown: Snippet, text: str) -> None:
    """``snippets show``: the header, the text filled in with the defaults, the variables."""
    header = shown.header
    click.echo(f"{name}: {header.title or ''}".rstrip())
    if header.tags:
        click.echo(f"tags: {', '.join(header.tags)}")
    if header.description:
        click.echo(header.description)
    click.echo("")
    click.echo(text.rstrip("\n"))
    click.echo("")
    if header.variables:
        click.echo("variables:")
        for variable, default in header.variables.items():
            click.echo(f"  {variable} = {default}" if default is not None
                       else f"  {variable} (must be given)")
    else:
        click.echo("variables: none")


def snippet_hits(hits: list[tuple[int, SnippetEntry]], words: tuple[str, ...]) -> None:
    for _, entry in hits:
        click.echo(f"{entry.name}: {entry.title}")
    if not hits:
        click.echo(f"no snippet contains {' '.join(words)}")


def extracted(result: Extracted, question_id: str, name: str) -> None:
    wrote([result.snippet])
    if result.answer_file is not None:
        click.echo(f"the response of '{question_id}' in {display_path(result.answer_file)} now "
                   f'reads {{{{ snippet("{name}") }}}}')
    click.echo("the text moved unchanged; turn parts of it into {{ variables }} in the snippet "
               "if you want them to vary")


def cleaned(path: Path, cleaning: TemplateCleaning) -> None:
    if cleaning.original is None:
        click.echo(f"{display_path(path)}: no tracked changes and no comments; left as it is")
        return
    done = [f"accepted {count(cleaning.changes, 'tracked change')}"] if cleaning.changes else []
    if cleaning.comments:
        done.append(f"removed {count(cleaning.comments, 'comment')}")
    click.echo(f"{display_path(path)}: {' and '.join(done)}; the original is kept as "
               f"{display_path(cleaning.original)}")


# -- archive --------------------------------------------------------------------------------------


def archived(path: Path, entry: Entry) -> None:
    click.echo(f"archived {display_path(path)} as {entry.id} (version {entry.version}) in "
               f"{display_path(entry.folder)}")


def archive_table(entries: list[Entry]) -> None:
    """``archive list``: id, letter date, inquiry date, questioner and subject of each entry."""
    if not entries:
        click.echo("the archive is empty")
        return
    rows = [("ID", "LETTER", "INQUIRY", "QUESTIONER", "SUBJECT")]
    for entry in entries:
        inquiry, letter = entry.manifest.record.inquiry, entry.manifest.record.letter
        rows.append((entry.id, letter.date, inquiry.date or "", inquiry.questioner or "",
                     inquiry.subject))
    _table(rows)


def archive_entry(entry: Entry, text: str) -> None:
    """``archive show``: the entry's metadata, then the letter's text."""
    manifest = entry.manifest
    click.echo(f"{entry.id} (version {entry.version}), archived {manifest.archived_at} by "
               f"inquirygen {manifest.tool.version}")
    click.echo(f"folder: {display_path(entry.folder)}")
    click.echo(f"template: {manifest.record.template.name}")
    if manifest.record.snippets:
        click.echo(f"snippets: {', '.join(sorted(manifest.record.snippets))}")
    click.echo("")
    click.echo(text, nl=False)


def archive_hits(hits: list[Hit], words: tuple[str, ...]) -> None:
    """Search hits, best first; the matched words bold on a terminal, in »…« otherwise."""
    if not hits:
        click.echo(f"nothing found for {' '.join(words)}")
        return
    marked = sys.stdout.isatty()
    for hit in hits:
        click.echo(f"{hit.entry_id}  {hit.letter_date}  {hit.subject}")
        click.echo(f"  {hit.label} {hit.question}".rstrip())
        excerpt = "".join(click.style(text, bold=True) if match and marked else
                          (f"»{text}«" if match else text) for text, match in hit.excerpt)
        if excerpt:
            click.echo(f"    {excerpt}")


def verified(found: list[Problem], entries: int) -> int:
    """The outcome of ``archive verify``: every problem, or how many entries are intact; the exit code."""
    problems(found)
    if found:
        return failure(f"{count(len(found), 'problem')} in the archive")
    click.echo(f"{count(entries, 'entry', 'entries')} intact")
    return EXIT_OK


def indexed(entries: int) -> None:
    click.echo(f"indexed {count(entries, 'entry', 'entries')}")


def _table(rows: Sequence[Sequence[str]]) -> None:
    """Columns padded to their widest cell; the last one, often long, is not padded."""
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]) - 1)]
    for row in rows:
        click.echo("  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=False))
                   + "  " + row[-1])
