"""Verifying the archive: every file against its manifest, every entry against the search index."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..errors import ArchiveError, Problem
from ..i18n import _
from .index import INDEX
from .manifest import MANIFEST, Entry, sha256

if TYPE_CHECKING:
    from .store import Archive


def entry_problems(entry: Entry) -> list[str]:
    """Every file of the entry that is missing, changed or not in its manifest; empty when intact."""
    problems = []
    listed = entry.manifest.files
    for name, facts in sorted(listed.items()):
        path = entry.folder / name
        if not path.is_file():
            problems.append(_("{name} is missing").format(name=name))
        elif sha256(path.read_bytes()) != facts.sha256:
            problems.append(_("{name} was changed (its sha256 differs from the manifest)").format(
                name=name))
    for path in sorted(entry.folder.iterdir()):
        if path.name not in listed and path.name != MANIFEST:
            problems.append(_("{name} is not in the manifest").format(name=path.name))
    return problems


def verify_archive(archive: Archive) -> list[Problem]:
    """Every missing, changed, unlisted or unindexed file of the archive; empty when intact."""
    problems: list[Problem] = []
    if not archive.root.is_dir():
        return problems
    entries, unreadable = archive.read_entries()
    indexed: dict[str, str]
    try:
        with archive.index() as index:
            indexed = dict(index.execute("SELECT id, manifest_sha256 FROM letters"))
    except ArchiveError as error:
        problems.append(Problem(archive.root / INDEX, None, None, str(error)))
        indexed = {}
    ids = set()
    for entry in entries:
        ids.add(entry.id)
        for message in entry_problems(entry):
            problems.append(Problem(entry.folder, None, None, message))
        manifest_hash = sha256((entry.folder / MANIFEST).read_bytes())
        if entry.id not in indexed:
            problems.append(Problem(entry.folder, None, None, _("is not in the index"),
                                    hint=_("run 'inquirygen archive reindex'")))
        elif indexed[entry.id] != manifest_hash:
            problems.append(Problem(entry.folder, None, None,
                                    _("manifest.json differs from what the index recorded")))
    # A manifest that cannot be read is named where it is wrong; its folder is still there, so the
    # index listing it is not a second problem.
    problems.extend(unreadable)
    ids.update(problem.path.parent.name for problem in unreadable)
    for entry_id in sorted(set(indexed) - ids):
        problems.append(Problem(archive.root / INDEX, None, None,
                                _("lists '{entry}', which has no folder in the archive").format(
                                    entry=entry_id)))
    for folder in sorted(archive.root.glob("[0-9][0-9][0-9][0-9]/*")):
        if folder.is_dir() and not (folder / MANIFEST).is_file():
            problems.append(Problem(folder, None, None,
                                    _("has no manifest.json: not an archive entry")))
    for folder in archive.interrupted_runs():
        problems.append(Problem(folder, None, None, _("is an interrupted archiving run"),
                                hint=_("the next 'inquirygen archive' removes it")))
    return problems
