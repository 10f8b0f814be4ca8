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
    2 wrong use of the command, 3 the environment failed (a file could not be written, LibreOffice
    is missing or failed).
    """


@main.command()
@click.argument("files", nargs=-1, required=True)
@click.option("-o", "--output", type=click.Path(),
              help="Output file (one answer file) or folder (several, or ending in /). "
                   "Default: out/<name>.docx")
@click.option("--strict", is_flag=True, help="Treat warnings (such as unanswered questions) as errors.")
@click.option("--pdf", is_flag=True, help="Also write a PDF/A of each letter (through LibreOffice).")
def build(files: tuple[str, ...], output: str | None, strict: bool, pdf: bool) -> None:
    """Build the answer letter(s) as .docx.

    FILES are answer files, found as given or in the workspace's answers/ folder, e.g.

        inquirygen build 2025-09-15.yaml

        inquirygen build answers/*.yaml -o out/
    """
    from .build import OutputTarget, build_files, write_pdfs

    def run():
        workspace, paths = _workspace_and_files(files)
        with _Progress(len(paths)) as progress:
            report = build_files(workspace, paths, OutputTarget.parse(output), strict,
                                 progress=progress.advance)
        _print_problems(report.problems)
        for path in report.written:
            click.echo(f"wrote {display_path(path)}")
        if pdf:
            for path in write_pdfs(workspace, report.written):
                click.echo(f"wrote {display_path(path)}")
        if report.errors:
            _summary(report.errors, report.failed_files, "not built")
            return EXIT_PROBLEMS
        return EXIT_OK

    _run(run)


@main.command()
@click.argument("files", nargs=-1)
@click.option("--strict", is_flag=True, help="Treat every warning as an error.")
@click.option("--final", is_flag=True, help="Treat unanswered questions as errors (before sending).")
@click.option("--format", "output_format", type=click.Choice(["text", "json"]), default="text",
              help="json: the problems as a JSON document on standard output, for other programs.")
def check(files: tuple[str, ...], strict: bool, final: bool, output_format: str) -> None:
    """Check without building: every problem, at its line.

    Without FILES: every answer file, snippet and template of the workspace.

        inquirygen check 2025-09-15.yaml

        inquirygen check --final
    """
    from .build import check_files
    from .checks import check_workspace

    def run():
        from .workspace import Workspace

        if files:
            workspace, paths = _workspace_and_files(files)
            report = check_files(workspace, paths, strict, final)
            what = f"{_count(len(paths), 'file')} checked"
        else:
            workspace = Workspace.discover()
            report = check_workspace(workspace, strict, final)
            what = "workspace checked"
        if output_format == "json":
            import json

            click.echo(json.dumps({
                "errors": len(report.errors),
                "warnings": len(report.problems) - len(report.errors),
                "problems": [p.as_dict() for p in report.problems],
            }, ensure_ascii=False, indent=2))
            return EXIT_PROBLEMS if report.errors else EXIT_OK
        _print_problems(report.problems)
        if report.errors:
            _summary(report.errors, report.failed_files, "with errors")
            return EXIT_PROBLEMS
        warnings = len(report.problems)
        click.echo(f"{what}, no errors" + (f", {_count(warnings, 'warning')}" if warnings else ""))
        return EXIT_OK

    _run(run)


@main.command()
@click.argument("file")
@click.option("--watch", is_flag=True, help="Show the letter again whenever a file it uses changes.")
def preview(file: str, watch: bool) -> None:
    """Show the letter as plain text: numbers, references, snippets and joint answers resolved.

        inquirygen preview 2025-09-15.yaml --watch
    """
    from .preview import preview_once, watch_letter

    def run():
        if watch:
            watch_letter(file, show=_show_preview, clear=click.clear)
            return EXIT_OK
        return EXIT_OK if _show_preview(*preview_once(file)) else EXIT_PROBLEMS

    _run(run)


def _show_preview(text: str | None, problems) -> bool:
    _print_problems(problems)
    if text is not None:
        click.echo(text, nl=False)
    return text is not None


@main.command()
def schema() -> None:
    """Write the JSON Schemas of answer files, snippets and inquirygen.yaml to schemas/.

    Editors use them to complete keys and underline mistakes while you type (see the README).
    """
    from .scaffold import write_schemas
    from .workspace import Workspace

    def run():
        for path in write_schemas(Workspace.discover()):
            click.echo(f"wrote {display_path(path)}")
        return EXIT_OK

    _run(run)


@main.command()
@click.argument("folder", type=click.Path(path_type=Path))
def init(folder: Path) -> None:
    """Create a working folder that builds at once: configuration, templates, an example, a snippet.

        inquirygen init anfragen
    """
    from .scaffold import init_workspace

    def run():
        written = init_workspace(folder)
        for path in written:
            click.echo(f"wrote {display_path(path)}")
        example = next(p for p in written if p.parent.name == "answers")
        click.echo(f"\nNext: cd {display_path(folder)} && inquirygen build {example.name}")
        return EXIT_OK

    _run(run)


@main.command()
@click.option("--date", "inquiry_date", help="Date of the inquiry, 15.09.2025 or 2025-09-15.")
@click.option("--subject", help="Subject of the inquiry.")
@click.option("--questioner", help="Faction or member who asked.")
@click.option("--questions", "questions_text",
              help='The questions as the inquiry numbered them: "1. …? 2. …?".')
@click.option("--address", multiple=True, help="An address line (repeat it; default: the questioner).")
@click.option("--salutation", help="Frau …, Herr …, or a whole line ending in ','.")
@click.option("--signatory", help="A signatory of inquirygen.yaml (default: the first one), or a name.")
def new(inquiry_date, subject, questioner, questions_text, address, salutation, signatory) -> None:
    """Start an answer file from the inquiry you received; asks for what the options leave out.

        inquirygen new --date 15.09.2025 --subject "Radwege" --questioner "Fraktion X"
            --questions "1. Wie viele …? 2. Wann …?"
    """
    import datetime

    from .scaffold import NewInquiry, new_answer_file, split_questions
    from .schema import parse_date
    from .workspace import Workspace

    def ask(value, prompt):
        return value or click.prompt(prompt)

    def run():
        workspace = Workspace.discover()
        date_text = ask(inquiry_date, "Date of the inquiry (15.09.2025)")
        try:
            date = parse_date(date_text)
        except ValueError as error:
            raise click.BadParameter(str(error).splitlines()[0], param_hint="'--date'") from None
        subject_text = ask(subject, "Subject")
        questioner_text = ask(questioner, "Questioner (faction or member)")
        text = questions_text
        if not text:
            click.echo("Paste the questions as the inquiry numbered them; end with an empty line:")
            lines = []
            for line in sys.stdin:
                if not line.strip():
                    break
                lines.append(line)
            text = "".join(lines)
        questions = split_questions(text)
        if not questions:
            raise click.UsageError("no questions given")
        chosen = signatory or next(iter(workspace.config.signatories), None) or \
            ask(None, "Name of the signatory")
        target = new_answer_file(workspace, NewInquiry(
            date, subject_text, questioner_text, questions, list(address) or [questioner_text],
            salutation, chosen, datetime.date.today()))
        click.echo(f"wrote {display_path(target)} with {_count(len(questions), 'question')}; "
                   "the responses are yours to write")
        return EXIT_OK

    _run(run)


@main.group()
def snippets() -> None:
    """Reusable answer texts in answers/snippets/: list, show, search, create, extract."""


@snippets.command("list")
def snippets_list() -> None:
    """List the snippets with title, tags and where they are used."""
    from .snippets import snippet_entries
    from .workspace import Workspace

    def run():
        workspace = Workspace.discover()
        entries = snippet_entries(workspace.snippet_library(), workspace.all_answer_files())
        if not entries:
            click.echo(f"no snippets in {display_path(workspace.snippets_dir)}/")
            return EXIT_OK
        rows = [("NAME", "TITLE", "TAGS", "USED IN")]
        for entry in entries:
            used = ", ".join(f"{path.name}" + (f" ({count}×)" if count > 1 else "")
                             for path, count in sorted(entry.used_in.items()))
            rows.append((entry.name, entry.title if entry.snippet else "(has errors)",
                         ", ".join(entry.tags), used or "—"))
        widths = [max(len(row[i]) for row in rows) for i in range(3)]
        for row in rows:
            click.echo("  ".join(cell.ljust(widths[i]) for i, cell in enumerate(row[:3])) + "  " + row[3])
        return EXIT_OK

    _run(run)


@snippets.command("show")
@click.argument("name")
def snippets_show(name: str) -> None:
    """Show a snippet filled in with its defaults, and its variables."""
    from .loader import did_you_mean
    from .snippets import render_snippet_preview
    from .workspace import Workspace

    def run():
        library = Workspace.discover().snippet_library()
        if not library.exists(name):
            raise InquirygenError(f"unknown snippet '{name}'{did_you_mean(name, library.names())}")
        snippet, problems = library.get(name)
        if snippet is None:
            raise ProblemsFound(problems)
        header = snippet.header
        click.echo(f"{name}: {header.title or ''}".rstrip())
        if header.tags:
            click.echo(f"tags: {', '.join(header.tags)}")
        if header.description:
            click.echo(header.description)
        click.echo("")
        click.echo(render_snippet_preview(snippet).rstrip("\n"))
        click.echo("")
        if header.variables:
            click.echo("variables:")
            for variable, default in header.variables.items():
                click.echo(f"  {variable} = {default}" if default is not None
                           else f"  {variable} (must be given)")
        else:
            click.echo("variables: none")
        return EXIT_OK

    _run(run)


@snippets.command("new")
@click.argument("name")
@click.option("--title", help="Title shown by 'snippets list'.")
def snippets_new(name: str, title: str | None) -> None:
    """Create a snippet file to fill in (and open it in $EDITOR when that is set)."""
    import os

    from .scaffold import new_snippet
    from .workspace import Workspace

    def run():
        target = new_snippet(Workspace.discover(), name, title)
        click.echo(f"wrote {display_path(target)}")
        if os.environ.get("EDITOR"):
            click.edit(filename=str(target))
        return EXIT_OK

    _run(run)


@snippets.command("search")
@click.argument("words", nargs=-1, required=True)
def snippets_search(words: tuple[str, ...]) -> None:
    """Find snippets containing all WORDS (case and umlaut spelling do not matter)."""
    from .snippets import search_snippets, snippet_entries
    from .workspace import Workspace

    def run():
        workspace = Workspace.discover()
        entries = snippet_entries(workspace.snippet_library(), workspace.all_answer_files())
        hits = search_snippets(entries, list(words))
        for _, entry in hits:
            click.echo(f"{entry.name}: {entry.title}")
        if not hits:
            click.echo(f"no snippet contains {' '.join(words)}")
        return EXIT_OK

    _run(run)


@snippets.command("extract")
@click.argument("source", metavar="FILE#ID")
@click.argument("name")
@click.option("--keep", is_flag=True, help="Leave the answer file as it is; only write the snippet.")
def snippets_extract(source: str, name: str, keep: bool) -> None:
    """Turn the response of a question into a snippet, word for word.

        inquirygen snippets extract 2025-09-15.yaml#schulung schulungen-abh

    The response then reads {{ snippet("NAME") }}; which parts become variables is yours to decide.
    """
    from .scaffold import extract_snippet

    def run():
        if "#" not in source:
            raise click.UsageError("write the question as FILE#ID, e.g. 2025-09-15.yaml#schulung")
        file, question_id = source.rsplit("#", 1)
        workspace, (path,) = _workspace_and_files((file,))
        result = extract_snippet(workspace, path, question_id, name, replace=not keep)
        click.echo(f"wrote {display_path(result.snippet)}")
        if result.answer_file is not None:
            click.echo(f"the response of '{question_id}' in {display_path(result.answer_file)} now "
                       f'reads {{{{ snippet("{name}") }}}}')
        click.echo("the text moved unchanged; turn parts of it into {{ variables }} in the snippet "
                   "if you want them to vary")
        return EXIT_OK

    _run(run)


class _ArchiveGroup(click.Group):
    """``inquirygen archive FILE`` archives; ``inquirygen archive search …`` and the rest act on it."""

    def resolve_command(self, ctx, args):
        if args and not args[0].startswith("-") and self.get_command(ctx, args[0]) is None:
            return "add", self.get_command(ctx, "add"), args
        return super().resolve_command(ctx, args)


@main.group(cls=_ArchiveGroup)
def archive() -> None:
    """The archive of sent letters: archive FILE, then search, list, show, verify, export.

    \b
        inquirygen archive 2025-09-15.yaml
        inquirygen archive search Deeskalation
        inquirygen archive verify
    """


@archive.command("add")
@click.argument("file")
def archive_add(file: str) -> None:
    """Archive a sent letter: answer file (snippets filled in), .docx, PDF/A, manifest."""
    from .archive import archive_letter

    def run():
        workspace, (path,) = _workspace_and_files((file,))
        entry = archive_letter(workspace, path)
        click.echo(f"archived {display_path(path)} as {entry.id} (version {entry.version}) in "
                   f"{display_path(entry.folder)}")
        return EXIT_OK

    _run(run)


def _archive():
    from .archive import Archive
    from .workspace import Workspace

    return Archive(Workspace.discover().archive_dir)


@archive.command("list")
def archive_list() -> None:
    """List the archived letters."""

    def run():
        entries = _archive().entries()
        if not entries:
            click.echo("the archive is empty")
            return EXIT_OK
        rows = [("ID", "LETTER", "INQUIRY", "QUESTIONER", "SUBJECT")]
        for entry in entries:
            inquiry, letter = entry.manifest["inquiry"], entry.manifest["letter"]
            rows.append((entry.id, letter["date"], inquiry["date"], inquiry.get("questioner") or "",
                         inquiry["subject"]))
        widths = [max(len(row[i]) for row in rows) for i in range(4)]
        for row in rows:
            click.echo("  ".join(cell.ljust(widths[i]) for i, cell in enumerate(row[:4])) + "  " + row[4])
        return EXIT_OK

    _run(run)


@archive.command("show")
@click.argument("entry_id", metavar="ID")
def archive_show(entry_id: str) -> None:
    """Show an archived letter: its metadata and its text."""

    def run():
        entry = _archive().entry(entry_id)
        manifest = entry.manifest
        click.echo(f"{entry.id} (version {entry.version}), archived {manifest['archived_at']} by "
                   f"inquirygen {manifest['tool']['version']}")
        click.echo(f"folder: {display_path(entry.folder)}")
        click.echo(f"template: {manifest['template']['name']}")
        if manifest["snippets"]:
            click.echo(f"snippets: {', '.join(sorted(manifest['snippets']))}")
        click.echo("")
        click.echo((entry.folder / "letter.txt").read_text(encoding="utf-8"), nl=False)
        return EXIT_OK

    _run(run)


@archive.command("search")
@click.argument("words", nargs=-1, required=True)
@click.option("--from", "date_from", help="Letters from this date on (2025-01-01 or 01.01.2025).")
@click.option("--to", "date_to", help="Letters up to this date.")
@click.option("--questioner", help="Only letters to this faction or member (part of the name).")
@click.option("--subject", help="Only inquiries whose subject contains this.")
@click.option("--limit", default=20, show_default=True, help="How many hits at most.")
def archive_search(words, date_from, date_to, questioner, subject, limit) -> None:
    """Find archived answers: best first, the matching question and an excerpt with the words marked.

    Parts of compound words are found ("Deeskalation" finds "Deeskalationstechniken"); case and
    umlaut spelling do not matter.
    """
    from .schema import parse_date

    def iso(value):
        if value is None:
            return None
        try:
            return parse_date(value).isoformat()
        except ValueError as error:
            raise click.BadParameter(str(error).splitlines()[0]) from None

    def run():
        hits = _archive().search(list(words), iso(date_from), iso(date_to), questioner, subject, limit)
        if not hits:
            click.echo(f"nothing found for {' '.join(words)}")
            return EXIT_OK
        marked = sys.stdout.isatty()
        for hit in hits:
            click.echo(f"{hit.entry_id}  {hit.letter_date}  {hit.subject}")
            click.echo(f"  {hit.label} {hit.question}".rstrip())
            excerpt = "".join(click.style(text, bold=True) if match and marked else
                              (f"»{text}«" if match else text) for text, match in hit.excerpt)
            if excerpt:
                click.echo(f"    {excerpt}")
        return EXIT_OK

    _run(run)


@archive.command("verify")
def archive_verify() -> None:
    """Re-hash every archived file against its manifest and the index; exit 0 only when intact."""

    def run():
        archive_ = _archive()
        problems = archive_.verify()
        _print_problems(problems)
        if problems:
            click.echo(f"Error: {_count(len(problems), 'problem')} in the archive", err=True)
            return EXIT_PROBLEMS
        click.echo(f"{_count(len(archive_.entries()), 'entry', 'entries')} intact")
        return EXIT_OK

    _run(run)


@archive.command("reindex")
def archive_reindex() -> None:
    """Rebuild the search index from the archived manifests (the files are the truth)."""

    def run():
        click.echo(f"indexed {_count(_archive().reindex(), 'entry', 'entries')}")
        return EXIT_OK

    _run(run)


@archive.command("export")
@click.argument("entry_id", metavar="ID")
@click.option("--format", "form", type=click.Choice(["oparl", "json"]), default="oparl",
              show_default=True, help="oparl: an OParl 1.1 Paper with its File objects.")
@click.option("-o", "--output", type=click.Path(path_type=Path), help="Write to a file, not stdout.")
def archive_export(entry_id: str, form: str, output: Path | None) -> None:
    """Export an archived letter for a council information system (OParl) or other programs."""
    import json

    from .archive import export_entry
    from .build import write_atomically

    def run():
        text = json.dumps(export_entry(_archive(), entry_id, form), ensure_ascii=False, indent=2)
        if output is None:
            click.echo(text)
        else:
            write_atomically(output, (text + "\n").encode("utf-8"))
            click.echo(f"wrote {display_path(output)}")
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
    except KeyboardInterrupt:  # Ctrl+C, e.g. to end --watch
        sys.exit(EXIT_OK)
    sys.exit(code)


def _count(number: int, singular: str, plural: str | None = None) -> str:
    """"1 problem", "2 problems", "1 entry", "3 entries"."""
    return f"{number} {singular if number == 1 else plural or singular + 's'}"


def _print_problems(problems) -> None:
    for problem in problems:
        click.echo(problem.format(), err=True)


def _summary(errors, failed_files, state: str) -> None:
    click.echo(f"Error: {_count(len(errors), 'problem')} found; "
               f"{_count(len(failed_files), 'file')} {state}", err=True)


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
