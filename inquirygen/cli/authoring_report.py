"""What the authoring commands print: the editor's address, new answer files, snippets, cleaned templates."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import display_path
from ..i18n import _, ngettext
from .report import echo, table, wrote

if TYPE_CHECKING:
    from ..scaffold import Extracted
    from ..snippets import Snippet, SnippetEntry
    from ..writers.docx.clean import TemplateCleaning


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
