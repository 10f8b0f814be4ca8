"""What the archive commands print: the entry archived, the list, an entry, search hits, the check."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from ..errors import EXIT_OK, Problem, display_path
from ..i18n import _, ngettext
from .report import failure, problems, table

if TYPE_CHECKING:
    from ..archive import Archived, Entry, Hit


def archived(path: Path, result: Archived) -> None:
    entry = result.entry
    if not result.stored:
        click.echo(_("{path} is already archived as {id} (version {version}); nothing was stored "
                     "again").format(path=display_path(path), id=entry.id, version=entry.version))
        return
    click.echo(_("archived {path} as {id} (version {version}) in {folder}").format(
        path=display_path(path), id=entry.id, version=entry.version, folder=display_path(entry.folder)))


def archive_table(entries: list[Entry]) -> None:
    """``archive list``: id, letter date, inquiry date, questioner and subject of each entry."""
    if not entries:
        click.echo(_("the archive is empty"))
        return
    rows = [(_("ID"), _("LETTER"), _("INQUIRY"), _("QUESTIONER"), _("SUBJECT"))]
    for entry in entries:
        inquiry, letter = entry.manifest.record.inquiry, entry.manifest.record.letter
        rows.append((entry.id, letter.date, inquiry.date or "", inquiry.questioner or "",
                     inquiry.subject))
    table(rows)


def archive_entry(entry: Entry, text: str) -> None:
    """``archive show``: the entry's metadata, then the letter's text."""
    manifest = entry.manifest
    click.echo(_("{id} (version {version}), archived {archived_at} by inquirygen {tool_version}").format(
        id=entry.id, version=entry.version, archived_at=manifest.archived_at,
        tool_version=manifest.tool.version))
    click.echo(_("folder: {folder}").format(folder=display_path(entry.folder)))
    click.echo(_("template: {name}").format(name=manifest.record.template.name))
    if manifest.record.snippets:
        click.echo(_("snippets: {names}").format(names=", ".join(sorted(manifest.record.snippets))))
    click.echo("")
    click.echo(text, nl=False)


def archive_hits(hits: list[Hit], words: tuple[str, ...]) -> None:
    """Search hits, best first; the matched words bold on a terminal, in »…« otherwise."""
    if not hits:
        click.echo(_("nothing found for {words}").format(words=" ".join(words)))
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
        return failure(ngettext("{count} problem in the archive", "{count} problems in the archive",
                                len(found)).format(count=len(found)))
    click.echo(ngettext("{count} entry intact", "{count} entries intact", entries).format(count=entries))
    return EXIT_OK


def indexed(entries: int) -> None:
    click.echo(ngettext("indexed {count} entry", "indexed {count} entries", entries).format(count=entries))


