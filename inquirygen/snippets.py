"""The snippet library (``answers/snippets/*.md``) and the sandboxed Jinja that answers and snippets run in.

A snippet file is Markdown with an optional YAML front matter::

    ---
    title: Grundsatz der Deeskalation
    tags: [ausländerbehörde]
    variables:
      behoerde: Ausländerbehörde des Kreises Recklinghausen   # a default
      frist:                                                   # no default: must be given
    ---
    Im Grundsatz ist festzuhalten, dass die {{ behoerde }} stets deeskalierend auftritt.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from .errors import Problem
from .loader import validate_document
from .schema import SnippetHeader
from .yamlfile import decode_text, parse_yaml_text, scan_control_characters

SNIPPET_SUFFIX = ".md"
FRONT_MATTER_FENCE = "---"


@lru_cache(maxsize=1)
def text_environment():
    """The Jinja environment for answers, snippets and phrases: sandboxed, strict, with no globals.

    Sandboxed because answer files and snippets come from many hands: no attribute of a Python
    object that starts with ``_`` is reachable, nothing can be modified, and only the functions a
    caller passes in (``ref``, ``snippet``) exist.
    """
    from jinja2 import StrictUndefined
    from jinja2.sandbox import ImmutableSandboxedEnvironment

    environment = ImmutableSandboxedEnvironment(
        undefined=StrictUndefined, autoescape=False, keep_trailing_newline=True)
    environment.globals.clear()
    return environment


@dataclass(frozen=True)
class Snippet:
    """One reusable text: its header, its Markdown body and where the body starts in its file."""

    name: str
    path: Path
    header: SnippetHeader
    body: str
    body_line: int  # 1-based line of the file where the body starts

    @property
    def required_variables(self) -> list[str]:
        return [name for name, default in self.header.variables.items() if default is None]

    @property
    def defaults(self) -> dict[str, str]:
        return {name: value for name, value in self.header.variables.items() if value is not None}


class SnippetLibrary:
    """The snippets of one folder, each read once, on first use."""

    def __init__(self, directory: Path):
        self.directory = directory
        self._loaded: dict[str, Snippet | None] = {}
        self._problems: dict[str, list[Problem]] = {}

    def names(self) -> list[str]:
        if not self.directory.is_dir():
            return []
        return sorted(p.stem for p in self.directory.glob(f"*{SNIPPET_SUFFIX}") if p.is_file())

    def path_of(self, name: str) -> Path:
        return self.directory / f"{name}{SNIPPET_SUFFIX}"

    def exists(self, name: str) -> bool:
        return "/" not in name and "\\" not in name and self.path_of(name).is_file()

    def get(self, name: str) -> tuple[Snippet | None, list[Problem]]:
        """The snippet and the problems of its file (the same list every time it is asked for)."""
        if name not in self._loaded:
            problems: list[Problem] = []
            self._loaded[name] = read_snippet(name, self.path_of(name), problems)
            self._problems[name] = problems
        return self._loaded[name], self._problems[name]


def read_snippet(name: str, path: Path, problems: list[Problem]) -> Snippet | None:
    """Read one snippet file; problems are appended with their lines in that file."""
    try:
        raw = path.read_bytes()
    except OSError as error:
        problems.append(Problem(path, None, None, f"cannot read the snippet: {error.strerror}"))
        return None
    text = decode_text(path, raw, problems)
    if text is None:
        return None
    lines = text.split("\n")
    header = SnippetHeader()
    body_start = 0
    if lines and lines[0].rstrip() == FRONT_MATTER_FENCE:
        try:
            end = next(i for i in range(1, len(lines)) if lines[i].rstrip() == FRONT_MATTER_FENCE)
        except StopIteration:
            problems.append(Problem(path, 1, 1, "the front matter opened with '---' is never closed",
                                    hint="add a line '---' between the header and the text"))
            return None
        document = parse_yaml_text(path, "\n".join(lines[1:end]), problems, line_offset=1)
        if document is None:
            return None
        if document.data is not None:
            header = validate_document(document, SnippetHeader, problems, what="front matter")
            if header is None:
                return None
        body_start = end + 1
    body_text = "\n".join(lines[body_start:]).strip("\n")
    # Skip leading blank lines in the line count, as strip() removed them from the body.
    while body_start < len(lines) and not lines[body_start].strip():
        body_start += 1
    before = len(problems)
    scan_control_characters(path, body_text, problems, line_offset=body_start)
    if len(problems) > before:
        return None
    return Snippet(name, path, header, body_text, body_start + 1)
