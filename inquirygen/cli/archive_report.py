"""What the archive commands print: the entry archived, the list, an entry, search hits, the check."""

from __future__ import annotations

import re
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from ..errors import EXIT_OK, Problem, display_path
from ..i18n import _, ngettext
from .report import echo, failure, problems, table

if TYPE_CHECKING:
    from ..archive import Archived, ChainHead, Entry, Hit, Listed, VerifyReport


def archived(path: Path, result: Archived) -> int:
    """What ``archive FILE`` did, with where the letter came from; the exit code."""
    entry, sent = result.entry, result.sent
    if not result.stored:
        echo(_("{path} is already archived as {id} (version {version}); nothing was stored "
                     "again").format(path=display_path(path), id=entry.id, version=entry.version))
        return EXIT_OK
    document, notes = display_path(sent.document), []
    if sent.docx.origin == "edited" and not sent.noted:
        notes.append(Problem(sent.document, None, None, _(
            "{document} differs from the letter this answer file makes, and the note 'inquirygen build' "
            "leaves beside it is missing; it was archived as found, as the letter that was sent").format(
                document=document), severity="warning"))
    elif sent.docx.origin == "edited":
        notes.append(Problem(sent.document, None, None, _(
            "{document} was changed after it was built; the changed file was archived as sent, and the "
            "manifest notes it (the search finds the text as built)").format(document=document),
            severity="warning"))
    elif sent.docx.origin == "archive":
        notes.append(Problem(path, None, None, _(
            "no letter built with 'inquirygen build' was found at {document}; the letter was written now "
            "for the archive").format(document=document), severity="warning"))
    if sent.pdf is not None and sent.pdf.origin == "edited":
        notes.append(Problem(sent.document.with_suffix(".pdf"), None, None, _(
            "the PDF was changed after it was built (signed, or exported again); it was archived as "
            "found").format(), severity="warning"))
    problems(notes)
    echo(_("archived {path} as {id} (version {version}) in {folder}").format(
        path=display_path(path), id=entry.id, version=entry.version, folder=display_path(entry.folder)))
    if entry.manifest.supersedes:
        echo(_("it supersedes {id}").format(id=entry.manifest.supersedes))
    if result.index_problem:
        problems([Problem(entry.folder, None, None, _(
            "the entry is stored, but not yet in the search index (the next 'inquirygen archive' adds "
            "it): {reason}").format(reason=result.index_problem), severity="warning")])
    return EXIT_OK


def archive_table(entries: list[Listed], total: int) -> None:
    """``archive list``: id, letter date, inquiry date, questioner, subject, the version superseded."""
    if not entries:
        echo(_("the archive is empty"))
        return
    rows = [(_("ID"), _("LETTER"), _("INQUIRY"), _("QUESTIONER"), _("SUPERSEDES"), _("SUBJECT"))]
    for entry in entries:
        rows.append((entry.id, entry.letter_date, entry.inquiry_date or "", entry.questioner or "",
                     entry.supersedes or "", entry.subject))
    table(rows)
    if total > len(entries):
        echo(_("the latest {shown} of {total} letters; --all lists every one").format(
            shown=len(entries), total=total))


def archive_entry(entry: Entry, text: str, superseded_by: str | None) -> None:
    """``archive show``: the entry's metadata, then the letter's text."""
    manifest = entry.manifest
    echo(_("{id} (version {version}), archived {archived_at} by inquirygen {tool_version}").format(
        id=entry.id, version=entry.version, archived_at=manifest.archived_at,
        tool_version=manifest.tool.version))
    if manifest.supersedes:
        echo(_("supersedes: {id}").format(id=manifest.supersedes))
    if superseded_by:
        echo(_("superseded by: {id}").format(id=superseded_by))
    echo(_("folder: {folder}").format(folder=display_path(entry.folder)))
    for name in ("letter.docx", "letter.pdf"):
        origin = manifest.files[name].origin if name in manifest.files else None
        if origin == "edited":
            echo(_("{name}: changed after the build, archived as sent").format(name=name))
        elif origin == "archive" and name == "letter.pdf":
            echo(_("{name}: made from the .docx when it was archived").format(name=name))
        elif origin == "archive":
            echo(_("{name}: written by the archive (no build found)").format(name=name))
    if manifest.chain:
        echo(_("hash chain: number {number}").format(number=manifest.chain.sequence))
    echo(_("template: {name}").format(name=manifest.record.template.name))
    if manifest.record.snippets:
        echo(_("snippets: {names}").format(names=", ".join(sorted(manifest.record.snippets))))
    echo("")
    echo(text, nl=False)


def archive_hits(hits: list[Hit], words: tuple[str, ...]) -> None:
    """Search hits, best first; the matched words bold on a terminal, in »…« otherwise."""
    if not hits:
        echo(_("nothing found for {words}").format(words=" ".join(words)))
        return
    marked = sys.stdout.isatty()
    for hit in hits:
        echo(f"{hit.entry_id}  {hit.letter_date}  {hit.subject}")
        if (hit.label or hit.question).strip():  # the free text of a motion's answer has no question
            echo(f"  {hit.label} {hit.question}".rstrip())
        # One line, as a search result reads: the excerpt's line breaks and list marks become spaces.
        excerpt = "".join(click.style(text, bold=True) if match and marked else
                          (f"»{text}«" if match else text)
                          for text, match in ((re.sub(r"\s*\n\s*", " ", text), match)
                                              for text, match in hit.excerpt))
        if excerpt:
            echo(f"    {excerpt}")


def verified(found: VerifyReport) -> int:
    """The outcome of ``archive verify``: every problem, or how many entries are intact; the exit code."""
    problems(found.problems)
    for folder in found.in_progress:
        echo(_("{folder}: being archived right now; not checked").format(folder=display_path(folder)))
    if found.problems:
        return failure(ngettext("{count} problem in the archive", "{count} problems in the archive",
                                len(found.problems)).format(count=len(found.problems)))
    echo(ngettext("{count} entry intact", "{count} entries intact", found.entries).format(
        count=found.entries))
    if found.unchained:
        echo(ngettext("{count} entry was archived before the hash chain (by an older inquirygen)",
                            "{count} entries were archived before the hash chain (by an older inquirygen)",
                            found.unchained).format(count=found.unchained))
    if found.head is not None:
        chain_head(found.head)
    return EXIT_OK


def chain_head(head: ChainHead | None) -> None:
    """``archive head``: the chain's last link, to be noted outside the archive."""
    if head is None:
        echo(_("the archive has no hash chain yet"))
        return
    echo(_("chain head: {sha256} (entry {number}, {id})").format(sha256=head.sha256,
                                                                      number=head.sequence, id=head.entry_id))


def indexed(entries: int) -> None:
    echo(ngettext("indexed {count} entry", "indexed {count} entries", entries).format(count=entries))


