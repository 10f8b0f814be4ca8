"""YAML syntax errors in the words of the person who made them: where, what, and how to mend it.

PyYAML says "expected <block end>, but found '<block sequence start>'"; a clerk needs "line 8 is
indented by 3 spaces, but it belongs with line 7 above it". Known errors get a plain message and a
hint; an indentation one or two spaces off its siblings is named with the line to align with.
"""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from .errors import Problem

_SYNTAX_HINTS = {
    "found character '\\t' that cannot start any token":
        ("a tab is used for indentation", "YAML indents with spaces only; replace the tab with spaces"),
    "mapping values are not allowed here":
        ("a ':' followed by a space appears inside a value",
         "put the whole value in quotes, or use '|' and write the text on the following lines"),
    "could not find expected ':'":
        ("a line is neither 'key: value' nor a continuation of the value above",
         "check the indentation, and that every key ends with ':'"),
    "expected the node content, but found '<stream end>'":
        ("the file ends inside a value", "a '[' or '{' is not closed, or a quote is not closed"),
    "found unexpected end of stream":
        ("the file ends inside a quoted value", "close the quote (\" or ') that starts the value"),
    "found undefined alias":
        ("an alias (*name) refers to no anchor", "remove the '*', or quote the text"),
}


# PyYAML's words for a line whose indentation does not fit the block it stands in.
_BLOCK_ERRORS = ("expected <block end>", "did not find expected key", "did not find expected '-'",
                 "could not find expected ':'")
_ITEM = re.compile(r"^( *)(- )?")
_KEY_LINE = re.compile(r"^ *(?:- )?[\w-]+:")


def syntax_problem(path: Path, error: yaml.MarkedYAMLError, line_offset: int,
                    text: str = "") -> Problem:
    mark = error.problem_mark or error.context_mark
    line = mark.line + 1 + line_offset if mark else None
    column = mark.column + 1 if mark else None
    problem = (error.problem or "").strip()
    lines = text.splitlines()
    # "mapping values are not allowed" at the colon of a line's own key: the line is indented
    # deeper than its siblings and YAML read it as the continuation of the value above.
    key = _KEY_LINE.match(lines[mark.line]) if mark is not None and 0 <= mark.line < len(lines) \
        else None
    own_key = key is not None and mark is not None and key.end() - 1 == mark.column and \
        problem.startswith("mapping values are not allowed here")
    if mark is not None and (problem.startswith(_BLOCK_ERRORS) or own_key):
        misaligned = _misaligned(lines, mark.line)
        if misaligned is not None:
            bad, spaces, partner, wanted = misaligned
            return Problem(path, bad + 1 + line_offset, spaces + 1,
                           f"line {bad + 1 + line_offset} is indented by {spaces} "
                           f"space{'s' if spaces != 1 else ''}, but it belongs with line "
                           f"{partner + 1 + line_offset} above it, which is indented by {wanted}",
                           hint=f"start it in the same column as line {partner + 1 + line_offset} "
                                "(lines that belong together begin in the same column)")
    quoted = _german_quotes(text.splitlines(), mark.line if mark else -1)
    if quoted and problem.startswith("mapping values are not allowed here"):
        return Problem(path, line, column, "YAML syntax: a ':' followed by a space appears inside a "
                       "value in German quotation marks „…“, which YAML does not take for quotes",
                       hint='write the value in straight quotes "…" (they are not printed), or use '
                            "'|' and write the text on the following lines")
    for known, (message, hint) in _SYNTAX_HINTS.items():
        if problem.startswith(known):
            return Problem(path, line, column, f"YAML syntax: {message}", hint)
    if "flow mapping" in (error.context or "") or "flow sequence" in (error.context or ""):
        return Problem(path, line, column, f"YAML syntax: inside {{ }} or [ ], {problem}",
                       hint="put values with '?', ':', ',' or quotes in quotes, or write the "
                            "entry as 'key: value' lines without braces")
    detail = problem
    if error.context:
        detail = f"{problem} ({error.context.strip()})"
    return Problem(path, line, column, f"YAML syntax: {detail}",
                   hint="check indentation and quoting on this line and the one above")


def _misaligned(lines: list[str], reported: int) -> tuple[int, int, int, int] | None:
    """(line, its indentation, the line above it belongs with, that line's indentation), 0-based, for
    a line indented one or two spaces off its siblings: a list item among list items, a key among
    keys. PyYAML reports such a line, or the line after it; both are looked at."""
    for candidate in (reported, reported - 1):
        if not 0 <= candidate < len(lines) or not lines[candidate].strip():
            continue
        spaces, item = _shape(lines[candidate])
        for above in range(candidate - 1, -1, -1):
            if not lines[above].strip() or lines[above].lstrip().startswith("#"):
                continue
            other_spaces, other_item = _shape(lines[above])
            if other_item == item and other_spaces != spaces and abs(other_spaces - spaces) <= 2:
                return candidate, spaces, above, other_spaces
            if other_spaces < spaces - 2:
                break  # a parent line: the block the line belongs to begins below it
    return None


def _shape(line: str) -> tuple[int, bool]:
    match = _ITEM.match(line)
    assert match is not None  # the pattern matches every line
    return len(match.group(1)), match.group(2) is not None


def _german_quotes(lines: list[str], index: int) -> bool:
    return 0 <= index < len(lines) and any(mark in lines[index] for mark in "„“”")
