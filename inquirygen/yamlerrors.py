"""YAML syntax errors in the words of the person who made them: where, what, and how to mend it.

PyYAML says "expected <block end>, but found '<block sequence start>'"; a clerk needs "line 8 is
indented by 3 spaces, but it belongs with line 7 above it". Known errors get a plain message and a
hint; an indentation one or two spaces off its siblings is named with the line to align with.
PyYAML's own words are shown to English readers only, where we have no plain message of our own:
a German reader gets a German sentence for every error (``_PLAIN_WORDS``, else a general one).
"""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from .errors import Problem
from .i18n import N_, _, language, ngettext

_SYNTAX_HINTS = {
    "found character '\\t' that cannot start any token":
        (N_("YAML syntax: a tab is used for indentation"),
         N_("YAML indents with spaces only; replace the tab with spaces")),
    "mapping values are not allowed here":
        (N_("YAML syntax: a ':' followed by a space appears inside a value"),
         N_("put the whole value in quotes, or use '|' and write the text on the following lines")),
    "could not find expected ':'":
        (N_("YAML syntax: a line is neither 'key: value' nor a continuation of the value above"),
         N_("check the indentation, and that every key ends with ':'")),
    "expected the node content, but found '<stream end>'":
        (N_("YAML syntax: the file ends inside a value"),
         N_("a '[' or '{' is not closed, or a quote is not closed")),
    "found unexpected end of stream":
        (N_("YAML syntax: the file ends inside a quoted value"),
         N_("close the quote (\" or ') that starts the value")),
    "found undefined alias":
        (N_("YAML syntax: an alias (*name) refers to no anchor"),
         N_("remove the '*', or quote the text")),
}

# What a reader of another language than English gets where English readers read PyYAML's own words:
# (PyYAML's problem or context, as it begins; message; hint). The English of these texts is never
# shown, it only tells the translator what to say. The first entry that fits is taken.
_QUOTE_IT = N_("put the whole value in straight quotes \"…\"")
_PLAIN_WORDS = (
    ("expected <block end>, but found '<scalar>'",
     N_("the line cannot be read: more text follows a value in quotes or brackets"),
     N_("put the whole value in quotes; if it holds straight quotes \"…\" itself, use single quotes "
        "'…' around it")),
    ("sequence entries are not allowed here",
     N_("the line cannot be read: a '- ' stands where no list can begin"),
     N_("begin a list on the line below its key, indented, with '- ' before each entry; if the dash "
        "belongs to the text, put the whole value in straight quotes \"…\"")),
    ("expected <block end>",
     N_("the line cannot be read: it is indented differently from the lines it belongs with"),
     N_("start the line in the same column as the lines above it that it belongs with")),
    ("did not find expected",
     N_("the line cannot be read: it is indented differently from the lines it belongs with"),
     N_("start the line in the same column as the lines above it that it belongs with")),
    ("while scanning an alias", N_("the line cannot be read: a value begins with '{character}'"),
     _QUOTE_IT),
    ("while scanning an anchor", N_("the line cannot be read: a value begins with '{character}'"),
     _QUOTE_IT),
    ("found character", N_("the line cannot be read: a value begins with '{character}'"), _QUOTE_IT),
    ("mapping keys are not allowed here",
     N_("the line cannot be read: a value begins with '{character}'"), _QUOTE_IT),
    ("while scanning a block scalar", N_("the line cannot be read: text follows the '|' or '>'"),
     N_("end the line after '|' and write the text, indented, on the following lines")),
    ("while scanning a double-quoted scalar",
     N_("the line cannot be read: a backslash \\ in straight quotes \"…\" begins a special character"),
     N_("write the value in single quotes '…' instead, or write the backslash twice (\\\\)")),
    ("but found another document",
     N_("the line '---' divides the file into two parts, but it may have only one"),
     N_("remove the line '---', or indent it as part of a text")),
)
# The first character of a value that PyYAML reads as a sign of its own, by the problem's context.
_SIGNS = {"while scanning an alias": "*", "while scanning an anchor": "&",
          "mapping keys are not allowed here": "?"}
_FOUND_CHARACTER = re.compile(r"found character '(.+?)' that cannot start")

# PyYAML's words for a line whose indentation does not fit the block it stands in.
_BLOCK_ERRORS = ("expected <block end>", "did not find expected key", "did not find expected '-'",
                 "could not find expected ':'")
_ITEM = re.compile(r"^( *)(- )?")
_KEY_LINE = re.compile(r"^ *(?:- )?[\w-]+:")


# "response: |", "- |", "text: >-": a line after which the more indented lines are text.
_BLOCK_HEADER = re.compile(r"(?:^\s*-|:)\s+[|>][-+0-9]*\s*(?:#.*)?$")


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
    # A block error in the middle of a line is about what stands there, not about its indentation
    # ('subject: "Radwege" und mehr').
    at_start = mark is not None and (not 0 <= mark.line < len(lines)
                                     or not lines[mark.line][:mark.column].strip())
    if mark is not None and ((problem.startswith(_BLOCK_ERRORS) and at_start) or own_key):
        misaligned = _misaligned(lines, mark.line)
        if misaligned is not None:
            bad, spaces, partner, wanted = misaligned
            bad_line, partner_line = bad + 1 + line_offset, partner + 1 + line_offset
            return Problem(path, bad_line, spaces + 1, ngettext(
                "line {line} is indented by {count} space, but it belongs with line {partner} above "
                "it, which is indented by {wanted}",
                "line {line} is indented by {count} spaces, but it belongs with line {partner} above "
                "it, which is indented by {wanted}", spaces).format(
                    line=bad_line, count=spaces, partner=partner_line, wanted=wanted),
                hint=_("start it in the same column as line {partner} (lines that belong together "
                       "begin in the same column)").format(partner=partner_line))
    if mark is not None and problem.startswith("mapping values are not allowed here"):
        above = _missing_colon_above(lines, mark.line)
        if above is not None:  # "  date 27.03.2026" over "  signatory: x": the colon is missing above
            shown = above + 1 + line_offset
            word, _space, rest = lines[above].strip().removeprefix("- ").partition(" ")
            return Problem(path, shown, _indent(lines[above]) + 1, _(
                "line {line} has no ':' after its key, so it is read together with the line below as "
                "one text").format(line=shown),
                hint=_("write '{key}: {rest}'").format(key=word, rest=rest))
    if mark is not None and problem.startswith("expected <block end>, but found '<scalar>'"):
        opened = _unclosed_quote_above(lines, mark.line)
        if opened is not None:  # 'subject: "Radwege' : the value runs on to the next '"', far below
            shown = opened[0] + 1 + line_offset
            return Problem(path, shown, opened[1] + 1, _(
                "the quotation mark opened in line {line} is not closed there, so the text up to the "
                "next one (line {until}) is read as the value").format(line=shown, until=line),
                hint=_("close the quotation mark at the end of line {line}, or remove it").format(
                    line=shown))
    quoted = _german_quotes(lines, mark.line if mark else -1)
    if quoted and problem.startswith("mapping values are not allowed here"):
        return Problem(path, line, column, _(
            "YAML syntax: a ':' followed by a space appears inside a value in German quotation marks "
            "„…“, which YAML does not take for quotes"),
            hint=_('write the value in straight quotes "…" (they are not printed), or use '
                   "'|' and write the text on the following lines"))
    for known, (message, hint) in _SYNTAX_HINTS.items():
        if problem.startswith(known):
            return Problem(path, line, column, _(message), _(hint))
    context = (error.context or "").strip()
    if language() != "en":
        return _in_plain_words(path, line, column, problem, context)
    # PyYAML's own words (English): an English reader can make something of them.
    if "flow mapping" in context or "flow sequence" in context:
        return Problem(path, line, column, f"YAML syntax: inside {{ }} or [ ], {problem}",
                       hint=_("put values with '?', ':', ',' or quotes in quotes, or write the "
                              "entry as 'key: value' lines without braces"))
    detail = f"{problem} ({context})" if context else problem
    return Problem(path, line, column, f"YAML syntax: {detail}",
                   hint=_("check indentation and quoting on this line and the one above"))


def _in_plain_words(path: Path, line: int | None, column: int | None, problem: str, context: str
                    ) -> Problem:
    """A syntax error we have no message of our own for, without PyYAML's (English) words."""
    if "flow mapping" in context or "flow sequence" in context:
        return Problem(path, line, column, _(
            "the line cannot be read: something inside [ ] or { } cannot stand there, or a bracket "
            "is not closed"), hint=_("put values with '?', ':', ',' or quotes in quotes, or write "
                                     "the entry as 'key: value' lines without braces"))
    found = _FOUND_CHARACTER.search(problem)
    character = found.group(1) if found else _SIGNS.get(context) or _SIGNS.get(problem, "")
    for start, message, hint in _PLAIN_WORDS:
        if problem.startswith(start) or context.startswith(start):
            return Problem(path, line, column, _(message).format(character=character), _(hint))
    return Problem(path, line, column, _("the line cannot be read"),
                   hint=_("check indentation and quoting on this line and the one above"))


def _misaligned(lines: list[str], reported: int) -> tuple[int, int, int, int] | None:
    """(line, its indentation, the line above it belongs with, that line's indentation), 0-based, for
    a line indented one or two spaces off its siblings: a list item among list items, a key among
    keys. PyYAML reports such a line, or the line after it; both are looked at."""
    for candidate in (reported, reported - 1):
        if not 0 <= candidate < len(lines) or not lines[candidate].strip():
            continue
        spaces, item = _shape(lines[candidate])
        for above in range(candidate - 1, -1, -1):
            if not lines[above].strip() or lines[above].lstrip().startswith("#") \
                    or _in_text_block(lines, above):
                continue  # the text of a "response: |" is no line to align a key or item with
            other_spaces, other_item = _shape(lines[above])
            if other_item == item and other_spaces == spaces:
                break  # a sibling in the same column: this line is where it belongs
            if other_spaces < spaces and _opens_block(lines[above]):
                break  # "letter:" above "  date 27.03.2026": a parent, whatever else is wrong
            if other_item == item and abs(other_spaces - spaces) <= 2:
                return candidate, spaces, above, other_spaces
            if other_spaces < spaces - 2:
                break  # a parent line: the block the line belongs to begins below it
    return None


def _unclosed_quote_above(lines: list[str], index: int) -> tuple[int, int] | None:
    """(line, column of the quote), 0-based, of the line above ``index`` whose value (after a key or
    a "- ") opens a quotation mark that the line does not close."""
    for above in range(min(index, len(lines)) - 1, -1, -1):
        found = re.match(r"^\s*(?:-\s+(?:[\w-]+:\s+)?|[\w-]+:\s+)([\"'])(.*)$", lines[above])
        if found and found.group(2).count(found.group(1)) % 2 == 0 and \
                not found.group(2).rstrip().endswith(found.group(1)):
            return above, found.start(1)
    return None


def _missing_colon_above(lines: list[str], index: int) -> int | None:
    """The line above ``index`` if it is a key that lost its colon: words without ": ", whose text
    begins in the very column of the line below (so YAML took both for one value)."""
    if not 0 <= index < len(lines):
        return None
    below = _indent(lines[index])
    for above in range(index - 1, -1, -1):
        line = lines[above]
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        content = _indent(line)
        if line.lstrip().startswith("- "):
            content += 2
        text = line.strip().removeprefix("- ")
        plain = ":" not in text and not text.startswith(("'", '"', "[", "{", "|", ">"))
        return above if plain and content == below and re.match(r"[A-Za-z_]+ \S", text) else None
    return None


def _opens_block(line: str) -> bool:
    """"letter:" or "- parts:": a key whose value is the more indented lines below it."""
    return bool(re.search(r":\s*(?:#.*)?$", line))


def _in_text_block(lines: list[str], index: int) -> bool:
    """Whether line ``index`` is text under a ``key: |`` (or ``>``): the first line above it that is
    indented less, and every shallower one above that, until one opens a text block."""
    shallowest = _indent(lines[index])
    for above in range(index - 1, -1, -1):
        line = lines[above]
        if not line.strip():
            continue
        spaces = _indent(line)
        if spaces < shallowest:
            if _BLOCK_HEADER.search(line):
                return True
            shallowest = spaces
            if spaces == 0:
                return False
    return False


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _shape(line: str) -> tuple[int, bool]:
    match = _ITEM.match(line)
    assert match is not None  # the pattern matches every line
    return len(match.group(1)), match.group(2) is not None


def _german_quotes(lines: list[str], index: int) -> bool:
    return 0 <= index < len(lines) and any(mark in lines[index] for mark in "„“”")
