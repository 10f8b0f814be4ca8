"""One text value of a YAML file replaced where it stands: every other byte kept, the result checked."""

# Why the value's span is replaced and not the file re-written by ruamel.yaml's round trip: tried on
# the files of tests/test_snippets_extract.py, ruamel.yaml 0.19 wrote escapes out ("\u00A0" became the
# character, "\x20" a space), turned CRLF into LF, dropped the BOM, narrowed the space before a comment
# and re-indented a list indented by four; so a clerk's file would not have stayed as written. PyYAML's
# events give the exact span of the one value, and the new value is written in a form its place allows.

from __future__ import annotations

import copy
import json
import re
from dataclasses import dataclass, field
from typing import Protocol

import yaml
from yaml.events import (
    AliasEvent,
    Event,
    MappingEndEvent,
    MappingStartEvent,
    NodeEvent,
    ScalarEvent,
    SequenceEndEvent,
    SequenceStartEvent,
)
from yaml.tokens import ScalarToken, Token

from .errors import Problem, ProblemsFound
from .i18n import _
from .yamlfile import FORBIDDEN_CHARACTERS, PathKey, YamlDocument, YamlValue, parse_yaml_text

# The line breaks PyYAML knows; a block value's new line ends with the one its header line ends with.
_LINE = re.compile("[^\r\n\x85\u2028\u2029]*(?:\r\n|[\r\n\x85\u2028\u2029])?")
_BLOCK_INDICATORS = re.compile(r"[|>][-+0-9]*")


class _Loader(yaml.SafeLoader):
    """The parser of :mod:`.yamlfile` (control characters left to its scan) that notes where each
    text value itself starts, after its ``&anchor`` and ``!tag``, which its event does not say."""

    def __init__(self, text: str):
        super().__init__(text)
        self.value_starts: dict[int, int] = {}  # end of a text value → its start, both in characters

    def check_printable(self, data: str) -> None:
        pass

    def get_token(self) -> Token:
        token: Token = super().get_token()  # type: ignore[no-untyped-call]
        if isinstance(token, ScalarToken):
            self.value_starts[token.end_mark.index] = token.start_mark.index
        return token


@dataclass(frozen=True)
class _Anchor:
    name: str
    start: int  # where it is defined (a later "&name" defines a new one of the same name)
    line: int  # 0-based, as PyYAML counts
    column: int


@dataclass
class _Walk:
    """What one pass over the events found: the place of the value, and every alias (*name) used."""

    target: PathKey
    start: int = -1
    end: int = -1
    style: str | None = None  # None (plain), "'", '"', "|", ">", or "*" for an alias
    line: int = 0
    column: int = 0
    shared_by: tuple[_Anchor, ...] = ()  # the anchors of the value and of its parents
    defined: dict[str, _Anchor] = field(default_factory=dict)
    uses: list[tuple[_Anchor, _Anchor]] = field(default_factory=list)  # (definition, the *name)
    through: _Anchor | None = None  # an alias (*name) in place of a parent of the value
    key_column: int = -1  # the column of the value's own key
    last_end: int = -1  # where the node walked last ends
    # The mapping the value belongs in (for inserting a missing key): found, written { … }, the
    # column of its keys, the end of its last value and that value's style.
    parent_found: bool = False
    parent_flow: bool = False
    parent_column: int = -1
    parent_end: int = -1
    parent_end_style: str | None = None

    def node(self, loader: _Loader, path: PathKey | None, parents: tuple[_Anchor, ...]) -> None:
        event = _next(loader)
        assert isinstance(event, NodeEvent)
        start, line, column = _mark(event.start_mark)
        end = _mark(event.end_mark)[0]
        here = _Anchor(event.anchor, start, line, column) if event.anchor else None
        if path is not None and self.target[:len(path)] != path:
            path = None  # off the way to the value: only anchors and aliases matter there
        self.last_end = end
        if isinstance(event, AliasEvent):
            assert here is not None
            definition = self.defined.get(here.name)
            if definition is not None:
                self.uses.append((definition, here))
            if path == self.target:
                self._found(start, end, "*", line, column, parents)
            elif path is not None:
                self.through = here
            return
        if here is not None:
            self.defined[here.name] = here
            parents += (here,)
        if isinstance(event, ScalarEvent) and path == self.target:
            self._found(loader.value_starts.get(end, start), end, event.style, line, column, parents)
        elif isinstance(event, SequenceStartEvent):
            index = 0
            while not loader.check_event(SequenceEndEvent):
                self.node(loader, None if path is None else path + (index,), parents)
                index += 1
            self.last_end = _mark(_next(loader).end_mark)[0]
        elif isinstance(event, MappingStartEvent):
            keys: set[str] = set()
            parent = path is not None and path == self.target[:-1]
            if parent:
                self.parent_found, self.parent_flow = True, bool(event.flow_style)
            while not loader.check_event(MappingEndEvent):
                key = _peek(loader)
                self.node(loader, None, ())
                # As yamlfile reads a mapping: a text key once, the first of a key given twice.
                name = key.value if isinstance(key, ScalarEvent) and key.value not in keys else None
                if name is not None:
                    keys.add(name)
                child = None if path is None or name is None else path + (name,)
                column = _mark(key.start_mark)[2]
                if child == self.target:
                    self.key_column = column
                value = _peek(loader)
                self.node(loader, child, parents)
                if parent:
                    if self.parent_column < 0:
                        self.parent_column = column
                    self.parent_end = self.last_end
                    self.parent_end_style = value.style if isinstance(value, ScalarEvent) else None
            self.last_end = _mark(_next(loader).end_mark)[0]

    def _found(self, start: int, end: int, style: str | None, line: int, column: int,
               parents: tuple[_Anchor, ...]) -> None:
        self.start, self.end, self.style, self.line, self.column = start, end, style, line, column
        self.shared_by = parents


def _next(loader: _Loader) -> Event:
    event: Event = loader.get_event()  # type: ignore[no-untyped-call]
    return event


def _peek(loader: _Loader) -> Event:
    event: Event = loader.peek_event()  # type: ignore[no-untyped-call]
    return event


class _Mark(Protocol):
    index: int
    line: int
    column: int


def _mark(mark: _Mark | None) -> tuple[int, int, int]:
    """Index, line and column (0-based) of a mark, which PyYAML sets on every event it parses."""
    assert mark is not None
    return mark.index, mark.line, mark.column


def _walk(text: str, target: PathKey) -> _Walk:
    walk = _Walk(target)
    # Control characters become spaces, as yamlfile parses them (each is reported there).
    loader = _Loader(FORBIDDEN_CHARACTERS.sub(" ", text))
    try:
        _next(loader)  # the stream's start
        _next(loader)  # the document's start
        walk.node(loader, (), ())
    finally:
        loader.dispose()
    return walk


def replace_text_value(document: YamlDocument, path: PathKey, value: str, key: str) -> str:
    """The document's text with the text value at ``path`` replaced by ``value`` (a single line).

    Every byte outside the old value stays as it was: line breaks (CRLF too), escapes, comments on
    the same line, anchors, the layout of a ``{ … }`` entry. The new value is a literal block (``|``)
    where the old one was a block, else quoted, which is valid in a ``{ … }`` entry too and keeps a
    comment after it a comment. Raises :class:`ProblemsFound`, with nothing changed, when the value
    is shared with another place through an alias (``&name`` … ``*name``), or when the new text
    would not read as the old data with only this value replaced. ``key`` names the value's owner in
    those messages (a question's id).
    """
    walk = _walk(document.text, path)
    if walk.through is not None:
        raise ProblemsFound([_shared(document, walk.through, key, walk.through)])
    if walk.start < 0:  # pragma: no cover - the path is one of the document's own text values
        raise AssertionError(f"no text value at {path}")
    here = _Anchor("", walk.start, walk.line, walk.column)
    for definition, use in walk.uses:
        if definition in walk.shared_by:
            raise ProblemsFound([_shared(document, here, key, use)])
    text = document.text
    old = text[walk.start:walk.end]
    if walk.style in ("|", ">"):
        new, expected = _block(old, value)
    elif walk.style == '"':
        new, expected = '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"', value
    else:  # a plain text or an alias: a plain "{{ …" would open a { } mapping
        new, expected = "'" + value.replace("'", "''") + "'", value
    result = text[:walk.start] + new + text[walk.end:]
    wanted = copy.deepcopy(document.data)
    _set(wanted, path, expected)
    problems: list[Problem] = []
    after = parse_yaml_text(document.path, result, problems)
    if after is None or after.data != wanted or any(problem.is_error for problem in problems):
        raise ProblemsFound([_located(
            document, here,
            _("the response of '{id}' cannot be replaced without changing other text of the file; "
              "nothing was changed").format(id=key),
            _("replace the response yourself with {value}").format(value=value))])
    return result


def _block(old: str, value: str) -> tuple[str, str]:
    """A block value (``|``, ``>-`` …) as ``|`` with the one line ``value``; the comment on its
    header line, its indentation, its line breaks and the blank lines after it kept."""
    lines = [line for line in _LINE.findall(old) if line]
    header, body = lines[0], lines[1:]
    indicators = _BLOCK_INDICATORS.match(header)
    assert indicators is not None
    content = [index for index, line in enumerate(body) if line.strip(" \r\n\x85\u2028\u2029")]
    first, last = body[content[0]], body[content[-1]]
    indent = first[:len(first) - len(first.lstrip(" "))]
    ending = last[len(last.rstrip("\r\n\x85\u2028\u2029")):]
    if ending:
        ending = header[len(header.rstrip("\r\n\x85\u2028\u2029")):]
    new = "|" + header[indicators.end():] + indent + value + ending + "".join(body[content[-1] + 1:])
    # PyYAML reads each line break of a block as "\n", except the two Unicode separators.
    return new, value + (ending if ending in ("\u2028", "\u2029") else "\n" if ending else "")


def _set(data: YamlValue, path: PathKey, value: str) -> None:
    *parents, last = path
    for step in parents:
        data = data[step]  # type: ignore[index]
    data[last] = value  # type: ignore[index]


def _shared(document: YamlDocument, here: _Anchor, key: str, use: _Anchor) -> Problem:
    line = use.line + 1 + document.line_offset
    return _located(
        document, here,
        _("the response of '{id}' is shared with another place through '*{name}' in line {line}; "
          "replacing it would change both").format(id=key, name=use.name, line=line),
        _("write out in line {line} what '*{name}' stands for, then extract again").format(
            line=line, name=use.name))


def _located(document: YamlDocument, here: _Anchor, message: str, hint: str) -> Problem:
    return Problem(document.path, here.line + 1 + document.line_offset, here.column + 1, message, hint)


def set_text_value(document: YamlDocument, path: PathKey, value: str, key: str) -> str:
    """The document's text with the text value at ``path`` set to ``value``, which may span lines; the
    key inserted after the last one of its mapping where it is missing (a question without
    ``response:``).

    A value of several lines is written as a literal block (``|``) indented two spaces more than its
    key, a value of one line as it is (else in single quotes); where neither says the text exactly, a
    double-quoted value with escapes. Every other byte stays; the result is re-read and compared as
    :func:`replace_text_value` does, and :class:`ProblemsFound` says why nothing was changed.
    """
    walk = _walk(document.text, path)
    if walk.through is not None:
        raise ProblemsFound([_shared(document, walk.through, key, walk.through)])
    text, newline = document.text, "\r\n" if "\r\n" in document.text else "\n"
    wanted = copy.deepcopy(document.data)
    try:
        _set(wanted, path, value)
    except (KeyError, IndexError, TypeError):  # no such place: no candidate below will do
        walk.parent_found = False
    if walk.start >= 0:
        here = _Anchor("", walk.start, walk.line, walk.column)
        for definition, use in walk.uses:
            if definition in walk.shared_by:
                raise ProblemsFound([_shared(document, here, key, use)])
        indent, end = " " * (walk.key_column + 2), walk.end
        if walk.style in ("|", ">"):  # up to its last line of text: the blank lines after it stay
            end = walk.start + len(text[walk.start:walk.end].rstrip(" \r\n"))
            following = text.find("\n", end)
            end = walk.end if following < 0 else min(following + 1, walk.end)
        candidates = [text[:walk.start] + new + text[end:]
                      for new in _written(value, indent, newline, trailing=_ends_line(text, end))]
    else:
        here = _Anchor("", 0, 0, 0)
        candidates = []
        if walk.parent_found and not walk.parent_flow and walk.parent_end >= 0:
            indent = " " * walk.parent_column
            for at in _insertion_points(text, walk):
                lead = (newline if at == len(text) and not text.endswith(("\n", "\r")) else "") + \
                    f"{indent}{path[-1]}: "
                candidates += [text[:at] + lead + new + text[at:]
                               for new in _written(value, indent + "  ", newline, trailing=True)]
    for candidate in candidates:
        problems: list[Problem] = []
        after = parse_yaml_text(document.path, candidate, problems)
        if after is not None and after.data == wanted and not any(p.is_error for p in problems):
            return candidate
    message = _("the response of '{id}' cannot be written without changing other text of the file; "
                "nothing was changed").format(id=key)
    hint = _("write the response into the file yourself")
    if walk.start < 0:
        raise ProblemsFound([document.problem(path[:-1], message, hint=hint)])
    raise ProblemsFound([_located(document, here, message, hint)])


def _ends_line(text: str, end: int) -> bool:
    """Whether the old value's span already ends with its line break (a block value does)."""
    return end > 0 and text[end - 1] in "\r\n\x85\u2028\u2029"


def _written(value: str, indent: str, newline: str, trailing: bool) -> list[str]:
    """The ways to write ``value`` in that place, best first: a literal block (one line: as it is, then
    in single quotes), then double quotes with escapes."""
    body = value.rstrip("\n")
    chomp = "-" if not value.endswith("\n") else "" if len(value) - len(body) == 1 else "+"
    lines = [indent + line if line else "" for line in body.split("\n")]
    extra = [""] * (len(value) - len(body) - 1) if chomp == "+" else []
    block = "|" + chomp + newline + newline.join(lines + extra) + (newline if trailing else "")
    quoted = json.dumps(value, ensure_ascii=False) + (newline if trailing else "")
    if "\n" in value:
        return [block, quoted]
    end = newline if trailing else ""
    return [value + end, "'" + value.replace("'", "''") + "'" + end, quoted]


def _insertion_points(text: str, walk: _Walk) -> list[int]:
    """Where a new key may go: after the mapping's last value (its comment and line break), before
    the blank lines after it; else right after it."""
    at = walk.parent_end
    start = text.rfind("\n", 0, at) + 1
    if text[start:at].strip(" "):  # the value ends inside a line: the new key goes on the next
        end = text.find("\n", at)
        at = len(text) if end < 0 else end + 1
    else:
        at = start
    points = [at]
    back = at
    while back > 0:
        previous = text.rfind("\n", 0, back - 1) + 1
        if text[previous:back].strip(" \r\n") or previous == back:
            break
        back = previous
    if back != at and walk.parent_end_style != "|+":
        points.insert(0, back)
    return points
