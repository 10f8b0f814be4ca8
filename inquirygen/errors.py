"""The one error hierarchy of inquirygen, located problems, and the exit codes.

Exit codes (the CLI maps every error to one of these, never to a traceback):

====  ==========================================================================
0     success (warnings may have been printed)
1     problems in the user's files: answer files, snippets, configuration,
      templates; every problem is printed as ``path:line:col: message``; ``status``:
      an inquiry is overdue; ``collect``: a response edited since its form went out
2     wrong use of the command: unknown option, a file that does not exist, an output that
      would overwrite an input, a setting the command needs missing from inquirygen.yaml
3     the environment failed us: an output file could not be written, LibreOffice is
      missing, hung or failed, the archive could not be written, a folder or file may not be
      read (permissions), a name is longer than the file system allows
130   interrupted with Ctrl+C; 143 when stopped by SIGTERM (kill, a shutdown), 129 when the
      terminal closed (SIGHUP): what was finished stays, nothing is left half-written, the
      temporary folders and LibreOffice are gone
====  ==========================================================================
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import TypedDict

from .i18n import _, ngettext

EXIT_OK = 0
EXIT_PROBLEMS = 1
EXIT_USAGE = 2
EXIT_ENVIRONMENT = 3
EXIT_INTERRUPTED = 130  # Ctrl+C (128 + SIGINT), as shells report it; SIGTERM gives 143, SIGHUP 129


class ProblemDict(TypedDict):
    """A problem as ``check --format json`` writes it."""

    path: str
    line: int | None
    column: int | None
    severity: str
    code: str | None
    message: str
    hint: str | None


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with one input file, at a line and column where known (1-based)."""

    path: Path
    line: int | None
    column: int | None
    message: str
    hint: str | None = None
    severity: str = "error"  # "error" or "warning"
    code: str | None = None  # names a kind of warning, e.g. "unanswered", which --final makes an error

    @property
    def is_error(self) -> bool:
        return self.severity == "error"

    def as_error(self) -> Problem:
        return Problem(self.path, self.line, self.column, self.message, self.hint, "error", self.code)

    def as_dict(self, relative_to: Path | None = None) -> ProblemDict:
        """For ``--format json``: every field, the path as the user would type it."""
        return {"path": display_path(self.path, relative_to), "line": self.line,
                "column": self.column, "severity": self.severity, "code": self.code,
                "message": self.message, "hint": self.hint}

    def format(self, relative_to: Path | None = None) -> str:
        """``path:line:col: message`` (black's and compilers' form), the hint on its own line."""
        where = display_path(self.path, relative_to)
        if self.line is not None:
            where += f":{self.line}"
            if self.column is not None:
                where += f":{self.column}"
        label = _("warning: ") if self.severity == "warning" else ""
        text = f"{where}: {label}{self.message}"
        if self.hint:
            text += "\n    " + _("hint: {hint}").format(hint=self.hint)
        return text


def display_path(path: Path, relative_to: Path | None = None) -> str:
    """The path as the user would type it: relative to the current directory where possible."""
    base = relative_to if relative_to is not None else Path.cwd()
    try:
        return os.path.relpath(path, base) if Path(path).is_absolute() else str(path)
    except ValueError:  # another drive on Windows
        return str(path)


class InquirygenError(Exception):
    """Base of every error inquirygen raises on purpose; the CLI prints it without a traceback."""

    exit_code = EXIT_PROBLEMS


class ProblemsFound(InquirygenError):
    """Raised when input files have errors; carries every problem found in the run, not just the first."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(problems, key=_problem_order)
        errors = sum(1 for p in problems if p.is_error)
        super().__init__(ngettext("{count} problem found", "{count} problems found",
                                  errors).format(count=errors))


class InputNotFoundError(InquirygenError):
    """Raised when a file named on the command line cannot be found."""

    exit_code = EXIT_USAGE


class WorkspaceError(InquirygenError):
    """Raised when a command finds no workspace, or answer files of two workspaces in one run."""

    exit_code = EXIT_USAGE


class SettingMissingError(InquirygenError):
    """Raised before anything is written when a command needs a setting that inquirygen.yaml does not
    give (the OParl export's ``oparl.base_url``); the message says what to write there."""

    exit_code = EXIT_USAGE


class TemplateError(InquirygenError):
    """Raised when a Word template cannot be read or rendered; the message names the template."""

    def as_problem(self, template: Path) -> Problem:
        """The same, reported at the template itself (so without repeating its name, which the
        message begins with: "template '…'" in English, "Vorlage „…“" in German)."""
        import re

        return Problem(template, None, None,
                       re.sub(r"^(?:template '[^']*'|Vorlage „[^“]*“)[: ]\s*", "", str(self)))


class OutputError(InquirygenError):
    """Raised when an output file cannot be written (permissions, full disk); nothing half-written stays."""

    exit_code = EXIT_ENVIRONMENT


class PdfError(InquirygenError):
    """Raised when LibreOffice is missing, hangs or fails, or a PDF's tagging cannot be completed
    (pikepdf missing, a broken PDF); the .docx files are kept, and no PDF is half written."""

    exit_code = EXIT_ENVIRONMENT


class BudgetError(InquirygenError):
    """Raised while a text is filled in when it would grow beyond what any letter needs (a huge value,
    a text of millions of characters, snippets nested too deep); reported at the text, never a crash."""


class OutputRefusedError(InquirygenError):
    """Raised before anything is written when an output would overwrite an input (the answer file, a
    snippet, a template, the configuration) or two letters of one run would go to the same file."""

    exit_code = EXIT_USAGE


class FileExistsRefusedError(InquirygenError):
    """Raised when a command would overwrite a file; nothing is written."""


class ArchiveError(InquirygenError):
    """Raised when the archive cannot be written or read (disk full, permissions, a broken index)."""

    exit_code = EXIT_ENVIRONMENT


class EditorError(InquirygenError):
    """Raised when ``inquirygen edit`` cannot start its server (the port is taken or not allowed)."""

    exit_code = EXIT_ENVIRONMENT


class Interrupted(KeyboardInterrupt):
    """Raised when SIGTERM or SIGHUP arrives during a command, as Ctrl+C raises KeyboardInterrupt: the
    same cleanup runs (every ``finally``), and the command exits with 128 + the signal's number."""

    def __init__(self, signal_number: int):
        super().__init__(signal_number)
        self.exit_code = 128 + signal_number


def describe_os_error(error: OSError) -> str:
    """What the operating system refused, in a sentence: the file, and the folder that may not be
    opened when that is why (a folder without permission hides every file in it)."""
    if error.filename is None or isinstance(error.filename, int):
        return _("a file could not be read or written: {reason}").format(
            reason=error.strerror or str(error))
    path = Path(os.path.abspath(os.fsdecode(error.filename)))
    if isinstance(error, PermissionError):
        closed = _closed_folder(path)
        if closed == path:
            return _("cannot read the folder {folder}: permission denied").format(
                folder=display_path(closed))
        if closed is not None:
            return _("cannot read {path}: no permission to open the folder {folder}").format(
                path=display_path(path), folder=display_path(closed))
    return _("cannot use {path}: {reason}").format(path=display_path(path),
                                                   reason=error.strerror or str(error))


def _closed_folder(path: Path) -> Path | None:
    """The first folder on the way to ``path`` this user may not enter, or ``path`` itself when it
    is a folder that may not be listed."""
    for folder in reversed(path.parents):
        if not os.access(folder, os.X_OK):
            return folder
    if path.is_dir() and not os.access(path, os.R_OK | os.X_OK):
        return path
    return None


class UnknownEntryError(InquirygenError):
    """Raised when an archive entry id does not exist."""


def _problem_order(problem: Problem) -> tuple[str, int, int, str]:
    return (str(problem.path), problem.line or 0, problem.column or 0, problem.message)
