"""The editor's changes to an answer file: texts through yamledit, the rest through ruamel.yaml, checked."""

# A changed text value keeps every other byte of the file (yamledit.replace_text_value); a value of
# several lines is written there as a one-line stand-in first, which is then replaced by a literal
# block (``|``) at the indentation of its key. What changes the file's structure (a question added,
# removed or moved, a key added or removed, a list of lines changed in length) goes through
# ruamel.yaml's round trip, which keeps comments and order; its known losses are listed atop
# yamledit.py, so the BOM and CRLF line ends are put back here. Every result is read again and must
# hold exactly the data asked for, else nothing is written.

from __future__ import annotations

import copy
import io
import json
import re
import secrets
from dataclasses import dataclass
from typing import Any

from ..errors import Problem, ProblemsFound
from ..i18n import _
from ..yamledit import replace_text_value
from ..yamlfile import PathKey, YamlDocument, YamlValue, parse_yaml_text
from .form import value_at

# Keys that must stay in the file when their field is emptied (the check then says what is missing);
# any other key emptied in the form is taken out of the file. "*" stands for a list index.
REQUIRED = frozenset({("inquiry", "subject"), ("letter", "date"), ("questions", "*", "question"),
                      ("questions", "*", "parts", "*", "question"), ("remarks", "*", "title"),
                      ("remarks", "*", "text")})


# What "add" puts at the end of each list: a question (or sub-question) and a remark, still empty.
NEW_ITEMS = {"questions": ("question", "response"), "parts": ("question", "response"),
             "remarks": ("title", "text")}


@dataclass(frozen=True)
class Change:
    """One edit of the form: ``op`` "set" (a text, "" removes an optional key), "set_list" (lines),
    "add" (a question or sub-question at the end of the list at ``path``), "remove", "move" (the item
    at ``path`` to index ``to``)."""

    op: str
    path: PathKey
    value: str | list[str] | None = None
    to: int | None = None


# Line breaks other than "\n" that text pasted from Word or a PDF brings along (a manual line break
# is "\v", a page break "\f"); YAML would take them for its own or refuse them.
LINE_BREAKS = re.compile("\r\n|[\r\x0b\x0c\x85\u2028\u2029]")


def apply_change(document: YamlDocument, change: Change) -> str:
    """The file's new text with ``change`` made; raises :class:`ProblemsFound` (nothing changed) when
    the change cannot be written so that the file reads as wanted."""
    from ruamel.yaml.error import YAMLError

    if not change.path or any(isinstance(step, bool) for step in change.path):
        raise ProblemsFound([_refused(document, change.path)])
    try:
        return _apply(document, change)
    except (LookupError, TypeError, ValueError, AttributeError, YAMLError):
        # A place the file does not have in that shape (a list where a question was expected, a key
        # twice): the page was made from another file, or the request not by the page.
        raise ProblemsFound([_refused(document, change.path)]) from None


def _apply(document: YamlDocument, change: Change) -> str:
    wanted = copy.deepcopy(document.data)
    old_value = value_at(document.data, change.path)
    empty = change.value == "" or (isinstance(change.value, list) and not "".join(change.value).strip())
    if empty and change.op in ("set", "set_list") and isinstance(old_value, (dict, list)) and \
            not (change.op == "set_list" and isinstance(old_value, list)
                 and all(isinstance(item, str) for item in old_value)):
        return document.text  # the field showed nothing for this list or mapping: left empty, it stays
    if change.op == "set" and isinstance(change.value, str):
        value = LINE_BREAKS.sub("\n", change.value)
        old = value_at(document.data, change.path)
        if isinstance(old, str) and old.rstrip("\n") == value.rstrip("\n"):
            return document.text  # typed and taken back: the file keeps its bytes (and quotes)
        if _text_at(document, change.path) and (value or _required(change.path)):
            return set_text(document, change.path, value)
        wanted = _set(wanted, change.path, value if value or _required(change.path) else None)
    elif change.op == "set_list" and isinstance(change.value, list):
        lines = [line.strip() for value in change.value for line in LINE_BREAKS.sub("\n", value).split("\n")
                 if line.strip()]
        old = value_at(document.data, change.path)
        if isinstance(old, list) and len(old) == len(lines) and all(isinstance(v, str) for v in old):
            text = document.text
            for index, line in enumerate(lines):
                if old[index] != line:
                    current = _reparsed(document, text)
                    text = set_text(current, (*change.path, index), line)
            return text
        wanted = _set(wanted, change.path, list[YamlValue](lines) or None)
    elif change.op == "add" and change.path and change.path[-1] in NEW_ITEMS:
        found = value_at(document.data, change.path)
        new: YamlValue = _new_item(change.path)
        wanted = _set(wanted, change.path, [*(found if isinstance(found, list) else []), new])
    elif change.op in ("remove", "move"):
        *parent, position = change.path
        items = value_at(document.data, tuple(parent))
        if not isinstance(items, list) or not isinstance(position, int) or not 0 <= position < len(items):
            raise ProblemsFound([_refused(document, change.path)])
        items = list(items)
        item = items.pop(position)
        if change.op == "move":
            if change.to is None or not 0 <= change.to <= len(items):
                raise ProblemsFound([_refused(document, change.path)])
            items.insert(change.to, item)
        wanted = _set(wanted, tuple(parent), items or None)
    else:
        raise ProblemsFound([_refused(document, change.path)])
    return round_trip(document, change, wanted)


def set_text(document: YamlDocument, path: PathKey, value: str) -> str:
    """The text value at ``path`` replaced by ``value``, through yamledit (several lines as a block)."""
    key = ".".join(str(step) for step in path)
    if "\n" not in value.strip("\n"):
        return replace_text_value(document, path, value.strip("\n"), key)
    lines = value.strip("\n").split("\n")
    marker = f"inquirygen-{secrets.token_hex(8)}"
    text = replace_text_value(document, path, marker, key)
    at = text.index(marker)
    line_start = text.rfind("\n", 0, at) + 1
    ending = "\r\n" if "\r\n" in text else "\n"
    quoted = text[at - 1] in "'\""
    if quoted:  # was a one-line value: becomes "key: |" and the lines below, two deeper than the key
        prefix = text[line_start:at - 1]
        lead = re.match(r" *(?:- +)*", prefix)
        indent = " " * ((lead.end() if lead else 0) + 2)
        head = "|" + ("-" if not value.endswith("\n") else "") + ending + indent
        body = head + _indented(lines, indent, ending)
        # Inside braces ({question: …, response: …}) no block may stand: there the lines go in
        # double quotes, "\n" between them.
        escaped = json.dumps("\n".join(lines) + ("\n" if value.endswith("\n") else ""), ensure_ascii=False)
        candidates = [text[:at - 1] + body + text[at + len(marker) + 1:],
                      text[:at - 1] + escaped + text[at + len(marker) + 1:]]
    else:  # already a block: its indentation is the marker's
        indent = text[line_start:at]
        candidates = [text[:at] + _indented(lines, indent, ending) + text[at + len(marker):]]
    joined = "\n".join(lines)
    for candidate in candidates:
        if _holds(document, candidate, path, (joined, joined + "\n")):
            return candidate
    raise ProblemsFound([_refused(document, path)])


def _new_item(path: PathKey) -> dict[str, YamlValue]:
    return dict.fromkeys(NEW_ITEMS[str(path[-1])], "")


def _indented(lines: list[str], indent: str, ending: str) -> str:
    return lines[0] + "".join(ending + (indent + line if line.strip() else "") for line in lines[1:])


def round_trip(document: YamlDocument, change: Change, wanted: YamlValue) -> str:
    """The change made by ruamel.yaml's round trip (comments and order kept), checked against ``wanted``."""
    from ruamel.yaml import YAML
    from ruamel.yaml.comments import CommentedMap, CommentedSeq
    from ruamel.yaml.scalarstring import LiteralScalarString
    from ruamel.yaml.util import load_yaml_guess_indent

    text = document.text
    bom = text.startswith("\ufeff")
    crlf = "\r\n" in text
    source = text.lstrip("\ufeff").replace("\r\n", "\n")
    _data, sequence, offset = load_yaml_guess_indent(source)
    yaml = YAML(typ="rt")
    yaml.preserve_quotes = True
    yaml.width = 4096  # never fold a long line the clerk wrote as one
    yaml.indent(mapping=_mapping_indent(source), sequence=sequence, offset=offset or 0)
    yaml.explicit_start = source.startswith("---")
    data = yaml.load(source)
    if data is None:
        data = CommentedMap()

    def node(value: Any) -> Any:
        if isinstance(value, str) and "\n" in value.strip("\n"):
            return LiteralScalarString(value)
        if isinstance(value, list):
            return CommentedSeq(node(item) for item in value)
        if isinstance(value, dict):
            return CommentedMap((key, node(item)) for key, item in value.items())
        return value

    *parents, last = change.path
    target = data
    created: tuple[Any, Any] | None = None  # the first parent the change adds, at the end of its mapping
    for step in parents:
        if isinstance(target, dict) and target.get(step) is None:
            if created is None and step not in target:
                created = (target, step)
            target[step] = CommentedMap()
        target = target[step]
    if change.op == "set" or change.op == "set_list":
        new = value_at(wanted, change.path)
        if new is None:
            _pop_key(target, last)
        else:
            added = last not in target
            target[last] = node(new)
            if added:
                _move_trailing(target, list(target)[-2] if len(target) > 1 else None, last)
    elif change.op == "add":
        added = target.get(last) is None
        if added:
            target[last] = CommentedSeq()
        target[last].append(node(_new_item(change.path)))
        if added:
            _move_trailing(target, list(target)[-2] if len(target) > 1 else None, last)
    else:
        index = int(last)
        item = target.pop(index)
        if change.op == "move" and change.to is not None:
            target.insert(change.to, item)
    if created is not None:
        holder, key = created
        _move_trailing(holder, list(holder)[-2] if len(holder) > 1 else None, key)
    _drop_empty(data, tuple(parents), wanted)
    stream = io.StringIO()
    yaml.dump(data, stream)
    result = stream.getvalue()
    if crlf:
        result = result.replace("\n", "\r\n")
    if bom:
        result = "\ufeff" + result
    problems: list[Problem] = []
    after = parse_yaml_text(document.path, result, problems)
    if after is None or after.data != wanted or any(problem.is_error for problem in problems):
        raise ProblemsFound([_refused(document, change.path)])
    return result


def _move_trailing(mapping: Any, source: Any, target: Any) -> None:
    """The blank lines and comments below the key ``source`` (ruamel.yaml keeps them with the key
    above them) moved to the new key ``target``, so that they stay below the mapping's last key."""
    items = mapping.ca.items
    if source is None or source not in items or items[source][2] is None:
        return
    # A new list or mapping prints them after its last line: the slot of its innermost last entry.
    holder, last, place = mapping, target, 2
    while isinstance(holder[last], (list, dict)) and len(holder[last]):
        holder = holder[last]
        last = len(holder) - 1 if isinstance(holder, list) else list(holder)[-1]
        place = 0 if isinstance(holder, list) else 2
    if not hasattr(holder, "ca") or isinstance(holder[last], (list, dict)):
        return  # an empty list or mapping: they stay above it
    slot = holder.ca.items.setdefault(last, [None, None, None, None] if place == 2 else [None, None])
    if slot[place] is None:
        slot[place], items[source][2] = items[source][2], None


def _pop_key(mapping: Any, key: Any) -> None:
    """Take ``key`` out, leaving the blank lines and comments below it to the key before it."""
    keys = list(mapping)
    if key not in keys:
        return
    position = keys.index(key)
    if position > 0:
        items = mapping.ca.items
        kept = items.get(key, [None, None, None, None])[2]
        before = keys[position - 1]
        if kept is not None and (before not in items or items[before][2] is None):
            items.setdefault(before, [None, None, None, None])[2] = kept
    mapping.pop(key)


def _drop_empty(data: Any, path: PathKey, wanted: YamlValue) -> None:
    """Parents that the change left empty and that ``wanted`` no longer has are taken out too."""
    while path:
        *parents, last = path
        holder = data
        for step in parents:
            holder = holder[step]
        if value_at(wanted, path) is None and not holder[last]:
            _pop_key(holder, last)
        path = tuple(parents)


def _mapping_indent(text: str) -> int:
    """How deep the file indents a mapping inside a mapping (its first one tells)."""
    lines = text.splitlines()
    for number, line in enumerate(lines):
        if re.match(r"[^\s#-][^:]*:\s*(#.*)?$", line):
            for below in lines[number + 1:]:
                if below.strip() and not below.lstrip().startswith("#"):
                    depth = len(below) - len(below.lstrip(" "))
                    if depth and not below.lstrip().startswith("- "):
                        return depth
                    break
    return 2


def _reparsed(document: YamlDocument, text: str) -> YamlDocument:
    if text == document.text:
        return document
    problems: list[Problem] = []
    again = parse_yaml_text(document.path, text, problems)
    if again is None:  # pragma: no cover - set_text returns only texts it has read back
        raise ProblemsFound(problems)
    return again


def _holds(document: YamlDocument, text: str, path: PathKey, values: tuple[str, ...]) -> bool:
    problems: list[Problem] = []
    after = parse_yaml_text(document.path, text, problems)
    if after is None or any(problem.is_error for problem in problems):
        return False
    return any(after.data == _set(copy.deepcopy(document.data), path, value) for value in values)


def _text_at(document: YamlDocument, path: PathKey) -> bool:
    """Whether a text stands at ``path`` (an empty ``key:`` is no text to replace: ruamel.yaml fills it)."""
    return isinstance(value_at(document.data, path), str)


def _required(path: PathKey) -> bool:
    return tuple("*" if isinstance(step, int) else step for step in path) in REQUIRED


def _set(data: YamlValue, path: PathKey, value: YamlValue) -> YamlValue:
    """``data`` with the value at ``path`` set (``None`` takes the key out, and so its empty parents)."""
    if not path:
        return value
    step, rest = path[0], path[1:]
    if isinstance(data, list) and isinstance(step, int):
        items = list(data)
        items[step] = _set(items[step], rest, value)
        return items
    holder = dict(data) if isinstance(data, dict) else {}
    assert isinstance(step, str)
    inner = _set(holder.get(step), rest, value)
    if inner is None or inner == {}:
        holder.pop(step, None)
    else:
        holder[step] = inner
    return holder


def _refused(document: YamlDocument, path: PathKey) -> Problem:
    line, column = document.locate(path)
    return Problem(document.path, line, column, _(
        "this change cannot be saved without changing other parts of the file; nothing was changed"),
        _("make the change in a text editor"))
