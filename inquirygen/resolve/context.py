"""What the stages of resolving one answer file share: the file, its problems, ids and numbers."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from ..errors import Problem
from ..i18n import _
from ..loader import AnswerParts, LoadedAnswers, did_you_mean
from ..phrases import LetterPhrases
from ..workspace import Workspace
from ..yamlfile import PathKey, YamlDocument

if TYPE_CHECKING:
    from ..snippets import Snippet, SnippetLibrary
    from .numbering import NumberedEntry


class TemplateRequirements(Protocol):
    """The answer-file values a template prints unconditionally (a template library has them)."""

    def requirements(self, path: Path) -> frozenset[str]: ...


@dataclass
class FileContext:
    """One answer file on its way through validation, text filling and resolution.

    Problems are appended, never raised, so that one run reports every problem of the file.
    """

    workspace: Workspace
    snippets: SnippetLibrary
    templates: TemplateRequirements
    loaded: LoadedAnswers
    problems: list[Problem]
    template: Path  # the Word template the letter is written in
    phrases: LetterPhrases
    numbers: dict[str, str] = field(default_factory=dict)  # question id → reference ("1.", "1. a)")
    entries_by_id: dict[str, NumberedEntry] = field(default_factory=dict)
    resolved_texts: dict[PathKey, str] = field(default_factory=dict)
    snippets_used: dict[str, Path] = field(default_factory=dict)
    reported_snippet_files: set[Path] = field(default_factory=set)
    errors_before: int = 0

    def __post_init__(self) -> None:
        self.errors_before = self.error_count()

    @property
    def document(self) -> YamlDocument:
        return self.loaded.document

    @property
    def parts(self) -> AnswerParts:
        return self.loaded.parts

    def error(self, path: PathKey, message: str, hint: str | None = None, *, key: bool = False,
              severity: str = "error", code: str | None = None) -> None:
        self.problems.append(self.document.problem(path, message, key=key, hint=hint,
                                                   severity=severity, code=code))

    def error_in_text(self, path: PathKey, text_line: int, needle: str | None, text: str,
                      message: str, hint: str | None = None, severity: str = "error",
                      after: int = 0, code: str | None = None) -> None:
        """A problem inside a text value, at the line (and, if found, the column) of ``needle``.

        ``after`` is where on the line to start looking, so that two calls on one line are told apart.
        """
        lines = text.split("\n")
        column = after
        if needle and 0 <= text_line < len(lines):
            found = lines[text_line].find(needle, after)
            column = found if found >= 0 else after
        line, col = self.document.locate_in_text(path, text_line, column)
        self.problems.append(Problem(self.loaded.path, line, col, message, hint, severity, code))

    def error_count(self) -> int:
        return sum(1 for p in self.problems if p.is_error)

    def has_new_errors(self) -> bool:
        return self.error_count() > self.errors_before

    def report_snippet_problems(self, problems: list[Problem]) -> None:
        for problem in problems:
            if problem not in self.problems:
                self.problems.append(problem)

    def check_snippet_body(self, snippet: Snippet) -> None:
        """A snippet's own problems, reported once however often the letter uses it."""
        from ..snippets import check_snippet_body

        if snippet.path in self.reported_snippet_files:
            return
        self.reported_snippet_files.add(snippet.path)
        self.problems.extend(check_snippet_body(snippet))


def unknown_question(target: str, known: Iterable[str]) -> str:
    """"unknown question id 'x'", with a close id suggested where there is one."""
    message = _("unknown question id '{id}'{suggestion}")
    return message.format(id=target, suggestion=did_you_mean(target, known))
