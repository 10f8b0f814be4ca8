"""The commands of the archive of sent letters: archive FILE, list, show, search, verify, reindex, export."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

from . import report
from .options import date_option

if TYPE_CHECKING:
    from ..archive import Archive


class _ArchiveGroup(click.Group):
    """``inquirygen archive FILE`` archives; ``inquirygen archive search …`` and the rest act on it."""

    def resolve_command(self, ctx: click.Context, args: list[str]
                        ) -> tuple[str | None, click.Command | None, list[str]]:
        if args and not args[0].startswith("-") and self.get_command(ctx, args[0]) is None:
            return "add", self.get_command(ctx, "add"), args
        return super().resolve_command(ctx, args)


@click.group(cls=_ArchiveGroup)
def archive() -> None:
    """The archive of sent letters: archive FILE, then search, list, show, verify, export.

    \b
        inquirygen archive 2025-09-15.yaml
        inquirygen archive search Deeskalation
        inquirygen archive verify
    """


def _open_archive() -> Archive:
    """The archive of the workspace of the current folder."""
    from ..archive import Archive
    from ..workspace import Workspace

    return Archive(Workspace.discover().archive_dir)


@archive.command("add")
@click.argument("file")
def archive_add(file: str) -> None:
    """Archive a sent letter: answer file (snippets filled in), .docx, PDF/A, manifest."""
    from ..archive import archive_letter
    from ..workspace import Workspace

    workspace, (path,) = Workspace.of_answer_files([file])
    report.archived(path, archive_letter(workspace, path))


@archive.command("list")
def archive_list() -> None:
    """List the archived letters."""
    report.archive_table(_open_archive().entries())


@archive.command("show")
@click.argument("entry_id", metavar="ID")
def archive_show(entry_id: str) -> None:
    """Show an archived letter: its metadata and its text."""
    entry = _open_archive().entry(entry_id)
    report.archive_entry(entry, entry.letter_text())


@archive.command("search")
@click.argument("words", nargs=-1, required=True)
@click.option("--from", "date_from", help="Letters from this date on (2025-01-01 or 01.01.2025).")
@click.option("--to", "date_to", help="Letters up to this date.")
@click.option("--questioner", help="Only letters to this faction or member (part of the name).")
@click.option("--subject", help="Only inquiries whose subject contains this.")
@click.option("--limit", default=20, show_default=True, help="How many hits at most.")
def archive_search(words: tuple[str, ...], date_from: str | None, date_to: str | None,
                   questioner: str | None, subject: str | None, limit: int) -> None:
    """Find archived answers: best first, the matching question and an excerpt with the words marked.

    Parts of compound words are found ("Deeskalation" finds "Deeskalationstechniken"); case and
    umlaut spelling do not matter.
    """
    hits = _open_archive().search(list(words), _iso(date_from), _iso(date_to), questioner, subject, limit)
    report.archive_hits(hits, words)


def _iso(value: str | None) -> str | None:
    return None if value is None else date_option(value).isoformat()


@archive.command("verify")
def archive_verify() -> int:
    """Re-hash every archived file against its manifest and the index; exit 0 only when intact."""
    opened = _open_archive()
    return report.verified(opened.verify(), len(opened.entries()))


@archive.command("reindex")
def archive_reindex() -> None:
    """Rebuild the search index from the archived manifests (the files are the truth)."""
    report.indexed(_open_archive().reindex())


@archive.command("export")
@click.argument("entry_id", metavar="ID")
@click.option("--format", "form", type=click.Choice(["oparl", "json"]), default="oparl",
              show_default=True, help="oparl: an OParl 1.1 Paper with its File objects.")
@click.option("-o", "--output", type=click.Path(path_type=Path), help="Write to a file, not stdout.")
def archive_export(entry_id: str, form: str, output: Path | None) -> None:
    """Export an archived letter for a council information system (OParl) or other programs."""
    import json

    from ..archive import export_entry
    from ..build import write_atomically

    text = json.dumps(export_entry(_open_archive(), entry_id, form), ensure_ascii=False, indent=2)
    if output is None:
        report.output(text)
    else:
        write_atomically(output, (text + "\n").encode("utf-8"))
        report.wrote([output])
