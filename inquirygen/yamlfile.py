"""Read YAML written by hand into plain data, remembering the line and column of every key and value.

Office staff write these files in a text editor, so the reader is forgiving where YAML surprises people
and strict where a mistake would go unnoticed:

* every scalar stays text (``no`` is the word "no", ``2025-09-15`` is text the schema parses), except an
  empty value, which is ``None``; the schema converts text to numbers or booleans where it wants them;
* a key given twice, a custom tag (``!foo``, ``!!python/object``) and merge keys (``<<``) are errors;
* control characters are reported at their exact line and column, except the vertical tab (Word's manual
  line break) and the form feed (Word's page break), which pass through so that later stages can map them;
* aliases are expanded against a budget, so a "billion laughs" file is refused instead of eating memory.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import TypeAlias

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from . import fastyaml
from .errors import Problem
from .i18n import N_, _, language

PathKey = tuple[str | int, ...]
# What a file reads as: every scalar is text (or None when empty), every key is text.
YamlValue: TypeAlias = str | list["YamlValue"] | dict[str, "YamlValue"] | None

# Characters XML 1.0 cannot hold, plus C1 controls and DEL that are invisible junk in a letter.
# Tab, line feed and carriage return are ordinary; vertical tab and form feed are mapped later.
FORBIDDEN_CHARACTERS = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x84\x86-\x9f\ud800-\udfff\ufffe\uffff]")
CONTROL_NAMES = {
    "\x00": N_("{code} (NUL)"),
    "\x07": N_("{code} (bell)"),
    "\x08": N_("{code} (backspace)"),
    "\x0b": N_("{code} (vertical tab)"),
    "\x0c": N_("{code} (form feed)"),
    "\x1b": N_("{code} (escape)"),
    "\x7f": N_("{code} (delete)"),
}
MAX_NODES = 100_000
MAX_DEPTH = 40  # answer files nest five levels; a deeper file is an accident or an attack
MAX_FILE_BYTES = 5 * 2**20  # 200 pages of answers are well below 1 MiB
_ALLOWED_SCALAR_TAGS = {
    "tag:yaml.org,2002:str",
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:timestamp",
}
_NULL_TAG = "tag:yaml.org,2002:null"
# The reasons the system gives (in English) for a file it cannot read, which we translate.
_OS_REASONS = (N_("Permission denied"), N_("Is a directory"), N_("No such file or directory"))


def shown_tag(tag: str) -> str:
    """A tag as the user wrote it: ``!!python/object``, not ``tag:yaml.org,2002:python/object``."""
    return "!!" + tag[len("tag:yaml.org,2002:"):] if tag.startswith("tag:yaml.org,2002:") else tag


def describe_character(char: str) -> str:
    """``U+0007 (bell)``: an invisible character by its code, and its name where it has a common one."""
    code = f"U+{ord(char):04X}"
    name = CONTROL_NAMES.get(char)
    return _(name).format(code=code) if name else code


class _Loader(yaml.SafeLoader):
    """SafeLoader that leaves control characters to our own scan, which locates all of them at once."""

    def check_printable(self, data: str) -> None:
        pass


@dataclass
class YamlDocument:
    """Plain data read from one YAML file, with the source position of each value and key."""

    path: Path
    data: YamlValue
    text: str
    line_offset: int = 0  # lines before the YAML in the file (front matter)
    value_nodes: dict[PathKey, Node] = field(default_factory=dict)
    key_nodes: dict[PathKey, Node] = field(default_factory=dict)

    @cached_property
    def lines(self) -> list[str]:
        """The text's lines, split once for all the checks and locations that read them."""
        return self.text.splitlines()

    def locate(self, path: PathKey, *, key: bool = False) -> tuple[int | None, int | None]:
        """Line and column (1-based) of the value at ``path``, or of its key; the nearest parent otherwise."""
        nodes = self.key_nodes if key else self.value_nodes
        probe = tuple(path)
        while probe not in nodes and probe:
            probe = probe[:-1]
        node = nodes.get(probe) or self.value_nodes.get(probe)
        if node is None:
            return (1 + self.line_offset, 1)
        return (node.start_mark.line + 1 + self.line_offset, node.start_mark.column + 1)

    def problem(self, path: PathKey, message: str, *, key: bool = False, hint: str | None = None,
                severity: str = "error", code: str | None = None) -> Problem:
        line, column = self.locate(path, key=key)
        return Problem(self.path, line, column, message, hint, severity, code)

    def locate_in_text(self, path: PathKey, text_line: int, text_column: int = 0
                       ) -> tuple[int | None, int | None]:
        """Map a position inside a text value (0-based line and column) to the file.

        Exact for literal block scalars (``|``), which is how responses are written; for other styles
        the position of the value is the best there is, since folding has moved the text.
        """
        node = self.value_nodes.get(tuple(path))
        if not isinstance(node, ScalarNode):
            return self.locate(path)
        start = node.start_mark
        if node.style == "|":
            file_line = start.line + 1 + text_line  # content starts on the line after the indicator
            indent = _block_indent(self.lines, start.line + 1)
            return (file_line + 1 + self.line_offset, indent + text_column + 1)
        if text_line == 0 and "\n" not in node.value:
            quote = 1 if node.style in ("'", '"') else 0
            return (start.line + 1 + self.line_offset, start.column + 1 + quote + text_column)
        return (start.line + 1 + self.line_offset, start.column + 1)


def _block_indent(lines: list[str], first: int) -> int:
    for line in lines[first:]:
        if line.strip():
            return len(line) - len(line.lstrip(" "))
    return 0


def read_yaml_file(path: Path, problems: list[Problem]) -> YamlDocument | None:
    """Read ``path``; append every problem found to ``problems``; ``None`` when nothing usable was read."""
    text = read_text_file(path, problems)
    if text is None:
        return None
    return parse_yaml_text(path, text, problems)


def read_text_file(path: Path, problems: list[Problem]) -> str | None:
    """The UTF-8 text of a file people write (answer file, snippet), refused when far too large."""
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            problems.append(Problem(
                path, None, None, _("the file is too large ({size} MiB; at most {limit} MiB)").format(
                    size=_decimal(f"{size / 2**20:.1f}"), limit=MAX_FILE_BYTES // 2**20),
                hint=_("split the inquiry, or move long texts into snippets")))
            return None
        raw = path.read_bytes()
    except OSError as error:
        reason = error.strerror or str(error)
        problems.append(Problem(path, None, None, _("cannot read the file: {reason}").format(
            reason=_(reason) if reason in _OS_REASONS else reason)))
        return None
    return decode_text(path, raw, problems)


def decode_text(path: Path, raw: bytes, problems: list[Problem]) -> str | None:
    """UTF-8 text of a file (a BOM is allowed), or a located problem naming the first bad byte."""
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        before = raw[: error.start]
        line = before.count(b"\n") + 1
        column = len(before) - (before.rfind(b"\n") + 1) + 1
        problems.append(Problem(
            path, line, column,
            _("the file is not UTF-8 text (byte 0x{byte} here)").format(byte=f"{raw[error.start]:02X}"),
            hint=_("save it again as UTF-8 (in Notepad++ or VS Code: Encoding → UTF-8)"),
        ))
        return None


def scan_control_characters(path: Path, text: str, problems: list[Problem], line_offset: int = 0
                            ) -> None:
    """Report every character that cannot go into a letter, at its exact line and column."""
    for match in FORBIDDEN_CHARACTERS.finditer(text):
        start = match.start()
        line = text.count("\n", 0, start) + 1
        column = start - (text.rfind("\n", 0, start) + 1) + 1
        problems.append(Problem(
            path, line + line_offset, column,
            _("control character {character} cannot go into a letter").format(
                character=describe_character(match.group())),
            hint=_("it usually comes from pasting; delete it and retype the text around it"),
        ))


def parse_yaml_text(path: Path, text: str, problems: list[Problem], line_offset: int = 0
                    ) -> YamlDocument | None:
    """Parse YAML text into a :class:`YamlDocument`; problems are appended, never raised."""
    before = len(problems)
    scan_control_characters(path, text, problems, line_offset)
    # Keep parsing after control characters were found, so that one run reports everything;
    # a space keeps every column where it was.
    parse_text = FORBIDDEN_CHARACTERS.sub(" ", text) if len(problems) > before else text
    root = fastyaml.compose(parse_text)
    if root is None:
        read, root = _compose(path, parse_text, problems, line_offset)
        if not read:
            return None
    document = YamlDocument(path, None, text, line_offset)
    if root is None:
        document.data = None
        return document
    converter = _Converter(document, problems)
    document.data = converter.convert(root, ())
    if converter.too_large:
        return None  # a hostile or broken file: its other "problems" would only be noise
    return document


def _compose(path: Path, text: str, problems: list[Problem], line_offset: int
             ) -> tuple[bool, Node | None]:
    """Whether PyYAML could read the document (else the problem is appended), and its nodes
    (``None`` when empty)."""
    loader = _Loader(text)
    try:
        return True, loader.get_single_node()
    except yaml.MarkedYAMLError as error:
        from .yamlerrors import syntax_problem  # only a file with a syntax error needs it

        problems.append(syntax_problem(path, error, line_offset, text))
    except RecursionError:  # PyYAML composes nested values recursively
        problems.append(_too_deep(path))
    except yaml.YAMLError as error:  # pragma: no cover - every PyYAML error we know is marked
        if language() == "en":  # PyYAML's own words: an English reader can make something of them
            problems.append(Problem(path, None, None, f"not valid YAML: {error}"))
        else:
            problems.append(Problem(path, None, None, _("the file cannot be read")))
    finally:
        loader.dispose()
    return False, None


class _Converter:
    def __init__(self, document: YamlDocument, problems: list[Problem]):
        self.document = document
        self.problems = problems
        self.nodes_seen = 0
        self.characters = 0  # of all texts, an alias's (*name) counted each time it is used
        self.too_large = False

    def _problem(self, node: Node, message: str, hint: str | None = None) -> None:
        self.problems.append(Problem(
            self.document.path, node.start_mark.line + 1 + self.document.line_offset,
            node.start_mark.column + 1, message, hint,
        ))

    def _line(self, node: Node) -> int:
        return node.start_mark.line + 1 + self.document.line_offset

    def convert(self, node: Node, path: PathKey) -> YamlValue:
        if len(path) > MAX_DEPTH:
            if not self.too_large:
                self.too_large = True
                self.problems.append(_too_deep(self.document.path, node.start_mark.line + 1 +
                                               self.document.line_offset))
            return None
        self.nodes_seen += 1
        if self.nodes_seen > MAX_NODES:
            if not self.too_large:
                self.too_large = True
                self._problem(node, _("the file is too large or repeats itself too often "
                                      "(more than {count} values)").format(
                                          count=grouped_number(MAX_NODES)),
                              hint=_("anchors and aliases (&name, *name) multiply text; write it out"))
            return None
        self.document.value_nodes.setdefault(path, node)
        if isinstance(node, ScalarNode):
            return self._scalar(node)
        if isinstance(node, SequenceNode):
            if node.tag != "tag:yaml.org,2002:seq":
                self._problem(node, _("custom YAML tag '{tag}' is not allowed").format(
                    tag=shown_tag(node.tag)))
            return [self.convert(item, path + (index,)) for index, item in enumerate(node.value)]
        if isinstance(node, MappingNode):
            return self._mapping(node, path)
        raise AssertionError(f"unknown YAML node {node!r}")  # pragma: no cover

    def _scalar(self, node: ScalarNode) -> str | None:
        if node.tag == _NULL_TAG and node.style is None:
            return None
        text: str = node.value  # a scalar node's value is its text (the stubs leave it untyped)
        self.characters += len(text)
        if self.characters > MAX_FILE_BYTES and not self.too_large:
            # Only aliases get a file's texts beyond its own size: "*text" a hundred times over.
            self.too_large = True
            self._problem(node, _("the file's texts, with each alias (*name) written out, would be "
                                  "longer than {limit} characters").format(
                                      limit=grouped_number(MAX_FILE_BYTES)),
                          hint=_("anchors and aliases (&name, *name) multiply text; write it out"))
        if node.tag not in _ALLOWED_SCALAR_TAGS and node.tag != _NULL_TAG:
            self._problem(node, _("custom YAML tag '{tag}' is not allowed").format(
                tag=shown_tag(node.tag)), hint=_("remove the tag; write the value as plain text"))
            return text  # the text itself, so that the tag is the only problem reported
        if node.style is None and node.end_mark.line > node.start_mark.line:
            self._dash_joined(node)
        # Control characters written as escapes ("\\a") are left to the schema's text types.
        return text

    def _dash_joined(self, node: ScalarNode) -> None:
        """A list entry indented one space too deep is no entry: YAML joins it to the text above.

        ``- Frau Beispiel`` over `` - Rathausplatz 1`` (one space more) gives the one address line
        "Frau Beispiel - Rathausplatz 1", without any error; the letter would silently be wrong.
        """
        lines = self.document.lines
        first = node.start_mark.line
        for index in range(first + 1, min(node.end_mark.line + 1, len(lines))):
            stripped = lines[index].lstrip(" ")
            if stripped.startswith("- ") or stripped == "-":
                above = first
                while above > 0 and not lines[above].lstrip(" ").startswith("- "):
                    above -= 1  # the entry the line belongs beside (the value may follow "key:")
                self.problems.append(Problem(
                    self.document.path, index + 1 + self.document.line_offset,
                    len(lines[index]) - len(stripped) + 1,
                    _("line {line} starts with '- ' but is indented further than the entry above it, "
                      "so it is not an entry of its own: it is joined to the text of line {above}").format(
                          line=index + 1 + self.document.line_offset,
                          above=first + 1 + self.document.line_offset),
                    _("start the '- ' in the same column as in line {entry}; if the dash belongs to the "
                      "text, put the whole text in quotes").format(
                          entry=above + 1 + self.document.line_offset)))
                return

    def _mapping(self, node: MappingNode, path: PathKey) -> dict[str, YamlValue]:
        if node.tag != "tag:yaml.org,2002:map":
            self._problem(node, _("custom YAML tag '{tag}' is not allowed").format(
                tag=shown_tag(node.tag)))
        result: dict[str, YamlValue] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, ScalarNode):
                self._problem(key_node, _("a key must be a simple word, not a list or mapping"))
                continue
            if key_node.tag == "tag:yaml.org,2002:merge":
                self._problem(key_node, _("merge keys ('<<') are not supported"),
                              hint=_("write the keys out in full"))
                continue
            key: str = key_node.value
            if key in result:
                first = self.document.key_nodes[path + (key,)]
                self._problem(key_node, _("key '{key}' is given twice (first at line {line})").format(
                    key=key, line=self._line(first)),
                              hint=_("remove one of them; YAML would silently keep only the last"))
                continue
            self.document.key_nodes[path + (key,)] = key_node
            result[key] = self.convert(value_node, path + (key,))
        return result


def _too_deep(path: Path, line: int | None = None) -> Problem:
    return Problem(path, line, None, _("the file nests lists and mappings too deeply (answer files "
                                       "need about five levels, at most {limit})").format(
                                           limit=MAX_DEPTH))


def grouped_number(number: int) -> str:
    """100,000 for English readers, 100.000 for German ones."""
    return f"{number:,}".replace(",", "." if language() == "de" else ",")


def _decimal(number: str) -> str:
    """6.0 for English readers, 6,0 for German ones."""
    return number.replace(".", ",") if language() == "de" else number
