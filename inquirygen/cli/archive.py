"""The commands of the archive of sent letters: archive FILE, list, show, search, verify, reindex, export."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

import click

from ..i18n import _
from . import archive_report, report
from .click_texts import Group
from .options import date_option

if TYPE_CHECKING:
    from ..archive import Archive
    from ..workspace import Workspace


class _ArchiveGroup(Group):
    """``inquirygen archive FILE`` archives; ``inquirygen archive search …`` and the rest act on it."""

    def resolve_command(self, ctx: click.Context, args: list[str]
                        ) -> tuple[str | None, click.Command | None, list[str]]:
        if args and not args[0].startswith("-") and self.get_command(ctx, args[0]) is None:
            return "add", self.get_command(ctx, "add"), args
        return super().resolve_command(ctx, args)


@click.group(cls=_ArchiveGroup, short_help=_("The archive of sent letters."), help=_(
    "The archive of sent letters: archive FILE, then search, list, show, verify, export.\n\n"
    "\b\n"
    "    inquirygen archive 2025-09-15.yaml\n"
    "    inquirygen archive search Deeskalation\n"
    "    inquirygen archive verify"))
def archive() -> None:
    """``archive``: the group of the archive commands; ``archive FILE`` is ``archive add FILE``."""


def _open_archive() -> Archive:
    """The archive of the workspace of the current folder."""
    return _open_workspace_archive()[1]


def _open_workspace_archive() -> tuple[Workspace, Archive]:
    """The workspace of the current folder, and its archive."""
    from ..archive import Archive
    from ..workspace import Workspace

    workspace = Workspace.discover()
    if not workspace.archive_dir.is_dir():  # outside a workspace "the archive is empty" misleads
        workspace.require_own_folder()
    return workspace, Archive(workspace.archive_dir)


@archive.command("add", short_help=_("Archive a sent letter."), help=_(
    "Archive a sent letter: answer file (snippets filled in), .docx, PDF/A, manifest."))
@click.argument("file", metavar=_("FILE"))
@click.option("--docx", "document", type=click.Path(path_type=Path), metavar=_("PATH"),
              help=_("Where the letter was built, if not out/<name>.docx (build -o)."))
def archive_add(file: str, document: Path | None) -> int:
    """``archive add``: a sent letter into the archive."""
    from ..archive import archive_letter
    from ..workspace import Workspace

    workspace, (path,) = Workspace.of_answer_files([file])
    return archive_report.archived(path, archive_letter(workspace, path, document=document))


@archive.command("list", short_help=_("List the archived letters."), help=_(
    "List the archived letters, the last 50 by letter date (--all: every one), each with the version "
    "it supersedes."))
@click.option("--limit", default=50, show_default=True, metavar=_("INTEGER"), type=click.IntRange(0, 10**9),
              help=_("How many letters at most (the latest)."))
@click.option("--all", "every", is_flag=True, help=_("Every archived letter."))
def archive_list(limit: int, every: bool) -> None:
    """``archive list``: the table of entries, from the index."""
    archive_report.archive_table(*_open_archive().listed(None if every else max(limit, 0)))


@archive.command("show", short_help=_("Show an archived letter."),
                 help=_("Show an archived letter: its metadata and its text."))
@click.argument("entry_id", metavar=_("ID"))
def archive_show(entry_id: str) -> None:
    """``archive show``: one entry."""
    opened = _open_archive()
    entry = opened.entry(entry_id)
    archive_report.archive_entry(entry, entry.letter_text(), opened.superseded_by(entry.id))


@archive.command("search", short_help=_("Find archived answers."), help=_(
    "Find archived answers: best first, the matching question and an excerpt with the words marked.\n\n"
    "A word finds the words that begin with it (\"Schulung\" finds \"Schulungen\", \"Deeskalation\" "
    "finds \"Deeskalationstechniken\"); several words in quotation marks are a phrase (\"Schutz der "
    "Kinder\"); case and umlaut spelling do not matter."))
@click.argument("words", nargs=-1, required=True, metavar=_("WORDS..."))
@click.option("--from", "date_from", help=_("Letters from this date on (2025-01-01 or 01.01.2025)."))
@click.option("--to", "date_to", help=_("Letters up to this date."))
@click.option("--questioner", help=_("Only letters to this faction or member (part of the name)."))
@click.option("--subject", help=_("Only inquiries whose subject contains this."))
@click.option("--limit", default=20, show_default=True, metavar=_("INTEGER"), type=click.IntRange(1, 10**6),
              help=_("How many hits at most."))
def archive_search(words: tuple[str, ...], date_from: str | None, date_to: str | None,
                   questioner: str | None, subject: str | None, limit: int) -> None:
    """``archive search``: the best hits in the search index."""
    hits = _open_archive().search(list(words), _iso(date_from), _iso(date_to), questioner, subject, limit)
    archive_report.archive_hits(hits, words)


def _iso(value: str | None) -> str | None:
    return None if value is None else date_option(value).isoformat()


@archive.command("verify", short_help=_("Check that every archived file is unchanged."), help=_(
    "Re-hash every archived file against its manifest, follow the hash chain across the entries and "
    "compare the index; exit 0 only when intact."))
@click.option("--head", "noted_head", metavar=_("SHA256"),
              help=_("A chain head noted earlier ('inquirygen archive head'): it must still be in the "
                     "chain."))
def archive_verify(noted_head: str | None) -> int:
    """``archive verify``: every file against its manifest, the chain, the index."""
    import re

    if noted_head is not None and not re.fullmatch(r"[0-9a-fA-F]{12,64}", noted_head.strip()):
        raise click.BadParameter(_("a chain head is the sha256 that 'inquirygen archive head' printed: 64 "
                                   "hexadecimal digits, or at least the first 12 of them"),
                                 param_hint="'--head'")
    return archive_report.verified(_open_archive().verify(noted_head))


@archive.command("head", short_help=_("Print the head of the archive's hash chain."), help=_(
    "Print the head of the archive's hash chain, to note outside the archive (in the file register, "
    "an e-mail to yourself): 'inquirygen archive verify --head …' later shows that no entry archived "
    "until then was changed, removed or put in afterwards."))
def archive_head() -> None:
    """``archive head``: the last link of the hash chain."""
    archive_report.chain_head(_open_archive().head())


@archive.command("reindex", short_help=_("Rebuild the search index from the archived manifests."), help=_(
    "Rebuild the search index from the archived manifests (the files are the truth)."))
def archive_reindex() -> None:
    """``archive reindex``: the search index rebuilt."""
    archive_report.indexed(_open_archive().reindex())


@archive.command("export", short_help=_("Export an archived letter (OParl or JSON)."), help=_(
    "Export an archived letter for a council information system (OParl) or other programs."))
@click.argument("entry_id", metavar=_("ID"))
@click.option("--format", "form", type=click.Choice(["oparl", "json"]), default="oparl",
              show_default=True, help=_("oparl: an OParl 1.1 Paper with its File objects."))
@click.option("-o", "--output", type=click.Path(path_type=Path), metavar=_("PATH"),
              help=_("Write to a file, not stdout."))
def archive_export(entry_id: str, form: str, output: Path | None) -> None:
    """``archive export``: an entry as OParl or JSON."""
    import json

    from ..archive import export_entry
    from ..atomic import write_atomically

    workspace, opened = _open_workspace_archive()
    # inquirygen.yaml's oparl as its record (settings.py); archive/oparl.py names the pydantic model
    # of the same fields (config.py) for it
    exported = export_entry(opened, entry_id, form, cast(Any, workspace.config.oparl))
    text = json.dumps(exported, ensure_ascii=False, indent=2)
    if output is None:
        report.output(text)
    else:
        write_atomically(output, (text + "\n").encode("utf-8"))
        report.wrote([output])
