"""The letter as plain text in the terminal, once or again on every change of the files it uses."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from .errors import Problem

if TYPE_CHECKING:
    from .workspace import Workspace

POLL_SECONDS = 0.5

# One file's path, modification time (ns) and size; time and size are None when it cannot be read.
Stamp = tuple[tuple[str, int | None, int | None], ...]


def preview_once(name: str, workspace: Workspace | None = None) -> tuple[str | None, list[Problem]]:
    """The plain text of one answer file's letter (``None`` when it has errors) and its problems."""
    from .build import resolve_files
    from .letter import build_letter
    from .workspace import Workspace
    from .writers.text import letter_text

    if workspace is None:
        workspace, (path,) = Workspace.of_answer_files([name])
    else:
        path = workspace.find_answer_file(name)
    ((_, letter, problems),) = resolve_files(workspace, [path])
    return (letter_text(build_letter(letter)) if letter is not None else None), problems


def watched_files(workspace: Workspace, name: str) -> list[Path]:
    """What a letter depends on: its answer file, the configuration, every snippet."""
    files = [workspace.find_answer_file(name)]
    if workspace.config_path:
        files.append(workspace.config_path)
    if workspace.snippets_dir.is_dir():
        files.extend(sorted(workspace.snippets_dir.glob("*.md")))
    return files


def _stamp(files: list[Path]) -> Stamp:
    stamps: list[tuple[str, int | None, int | None]] = []
    for path in files:
        try:
            info = path.stat()
            stamps.append((str(path), info.st_mtime_ns, info.st_size))
        except OSError:
            stamps.append((str(path), None, None))
    return tuple(stamps)


def watch_letter(name: str, show: Callable[[str | None, list[Problem]], bool],
                 clear: Callable[[], None], rounds: int | None = None) -> None:
    """Show the letter, then again whenever a file it uses changes; ``rounds`` limits it (tests).

    Between changes a round only looks at the files' times and sizes; the configuration is read
    again only when something changed (it may be what changed).
    """
    from .errors import InquirygenError
    from .workspace import Workspace

    workspace: Workspace | None = None
    last: Stamp | None = None
    while rounds is None or rounds > 0:
        try:
            stamp = _stamp(watched_files(workspace, name)) if workspace is not None else None
            if stamp is None or stamp != last:
                workspace, _ = Workspace.of_answer_files([name])
                last = _stamp(watched_files(workspace, name))
                clear()
                show(*preview_once(name, workspace))
        except InquirygenError as error:  # the file was renamed or broke the configuration
            workspace = None
            show(None, list(getattr(error, "problems", [])) or [Problem(Path(name), None, None,
                                                                        str(error))])
        if rounds is not None:
            rounds -= 1
        time.sleep(POLL_SECONDS)
