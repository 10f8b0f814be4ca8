"""The commands that turn answer files into letters: build, check, preview, schema."""

from __future__ import annotations

import click

from . import report


@click.command()
@click.argument("files", nargs=-1, required=True)
@click.option("-o", "--output", type=click.Path(),
              help="Output file (one answer file) or folder (several, or ending in /). "
                   "Default: out/<name>.docx")
@click.option("--strict", is_flag=True, help="Treat warnings (such as unanswered questions) as errors.")
@click.option("--pdf", is_flag=True, help="Also write a PDF/A of each letter (through LibreOffice).")
def build(files: tuple[str, ...], output: str | None, strict: bool, pdf: bool) -> int:
    """Build the answer letter(s) as .docx.

    FILES are answer files, found as given or in the workspace's answers/ folder, e.g.

        inquirygen build 2025-09-15.yaml

        inquirygen build answers/*.yaml -o out/
    """
    from ..build import OutputTarget, build_files, write_pdfs
    from ..workspace import Workspace

    workspace, paths = Workspace.of_answer_files(files)
    with report.Progress(len(paths)) as progress:
        run = build_files(workspace, paths, OutputTarget.parse(output), strict, progress=progress.advance)
    report.problems(run.problems)
    report.wrote(run.written)
    if pdf:
        report.wrote(write_pdfs(workspace, run.written))
    return report.run_failed(run, "not built")


@click.command()
@click.argument("files", nargs=-1)
@click.option("--strict", is_flag=True, help="Treat every warning as an error.")
@click.option("--final", is_flag=True, help="Treat unanswered questions as errors (before sending).")
@click.option("--format", "output_format", type=click.Choice(["text", "json"]), default="text",
              help="json: the problems as a JSON document on standard output, for other programs.")
def check(files: tuple[str, ...], strict: bool, final: bool, output_format: str) -> int:
    """Check without building: every problem, at its line.

    Without FILES: every answer file, snippet and template of the workspace.

        inquirygen check 2025-09-15.yaml

        inquirygen check --final
    """
    from ..build import check_files
    from ..checks import check_workspace
    from ..workspace import Workspace

    if files:
        workspace, paths = Workspace.of_answer_files(files)
        run = check_files(workspace, paths, strict, final)
        what = f"{report.count(len(paths), 'file')} checked"
    else:
        workspace = Workspace.discover()
        workspace.require_own_folder()
        run = check_workspace(workspace, strict, final)
        what = "workspace checked"
    if output_format == "json":
        return report.checked_as_json(run)
    return report.checked(run, what)


@click.command()
@click.argument("file")
@click.option("--watch", is_flag=True, help="Show the letter again whenever a file it uses changes.")
def preview(file: str, watch: bool) -> int | None:
    """Show the letter as plain text: numbers, references, snippets and joint answers resolved.

        inquirygen preview 2025-09-15.yaml --watch
    """
    from ..preview import preview_once, watch_letter

    if watch:
        watch_letter(file, show=report.preview, clear=click.clear)
        return None
    return report.exit_code(report.preview(*preview_once(file)))


@click.command()
def schema() -> None:
    """Write the JSON Schemas of answer files, snippets and inquirygen.yaml to schemas/.

    Editors use them to complete keys and underline mistakes while you type (see the README).
    """
    from ..scaffold import write_schemas
    from ..workspace import Workspace

    report.wrote(write_schemas(Workspace.discover()))
