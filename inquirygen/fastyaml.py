"""libyaml's parser for the YAML people write, where it reads a text exactly as PyYAML's own would.

PyYAML parses in Python; its C binding to libyaml (``CSafeLoader``, in PyYAML's wheels) is some twenty
times faster. The two differ at the edges: libyaml takes tabs, non-breaking line ends, a ``#`` right
after ``|``, a lone ``!`` and a document without its last line break where PyYAML stops with an error
or reads something else, and places empty values at the end of a text or in ``{ … }`` elsewhere. The
messages and every line and column are made for PyYAML's reading, so libyaml reads only texts free of
all that (tags, anchors, aliases, complex keys, flow collections, directives and document markers
outside block texts), and only its plain scalars' style is brought to PyYAML's; any other text, and
whatever libyaml refuses, is left to PyYAML (``tests/test_cold_start.py`` compares the two).
"""

from __future__ import annotations

import re

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

# Characters the two parsers treat differently: tab, carriage return, NEL, line and paragraph
# separators, a byte order mark inside the text.
_DIFFERING_CHARACTERS = re.compile("[\t\r\x85\u2028\u2029\ufeff]")
# A comment right after a block text's header (``|#``): libyaml reads it, PyYAML stops.
_HEADER_COMMENT = re.compile(r"[|>][-+0-9]*#")
# What is left of the text once the values and comments are taken out, where the two differ: an
# indicator at the start of a token (tag, anchor, alias, complex key, flow collection, directive,
# reserved) and a document marker.
_DIFFERING_SYNTAX = re.compile(r"(?:^|[ \[{,])[!&*?{\[%@`]|^(?:---|\.\.\.)(?: |$)", re.MULTILINE)
_COMMENT = re.compile(r"(?:^| )#.*$", re.MULTILINE)
_LOADER: type[yaml.CSafeLoader] | None = getattr(yaml, "CSafeLoader", None)


def compose(text: str) -> Node | None:
    """The nodes of ``text`` as PyYAML would compose them, read by libyaml; ``None`` where that is
    not sure (or the document is empty), for PyYAML to read."""
    if _LOADER is None or not text.endswith("\n") or _DIFFERING_CHARACTERS.search(text):
        return None
    try:
        loader = _LOADER(text)
        try:
            root: Node | None = loader.get_single_node()
        finally:
            loader.dispose()
    except Exception:  # whatever libyaml refuses is PyYAML's to judge, in its words
        return None
    if root is None:
        return None
    structure = _structure(text, root)
    if _HEADER_COMMENT.search(structure) or _DIFFERING_SYNTAX.search(_COMMENT.sub("", structure)):
        return None
    return root


def _structure(text: str, root: Node) -> str:
    """``text`` with every value blanked after its first character (a block text's after its header
    line), so that what is left is structure: indentation, ``-``, ``:``, comments and what libyaml
    and PyYAML may read differently. Plain scalars' style becomes PyYAML's (``None``, not ``""``)."""
    starts = [0]
    for line in text.split("\n"):
        starts.append(starts[-1] + len(line) + 1)
    characters = list(text)
    seen: set[int] = set()
    todo = [root]
    while todo:
        node = todo.pop()
        if id(node) in seen:  # an alias: the same node again
            continue
        seen.add(id(node))
        if isinstance(node, ScalarNode):
            if node.style == "":
                node.style = None
            begin = starts[node.start_mark.line] + node.start_mark.column + 1
            if node.style in ("|", ">"):
                begin = starts[node.start_mark.line + 1]
            end = starts[node.end_mark.line] + node.end_mark.column
            for index in range(begin, end):
                if characters[index] != "\n":
                    characters[index] = " "
        elif isinstance(node, SequenceNode):
            todo.extend(node.value)
        elif isinstance(node, MappingNode):
            for key, value in node.value:
                todo.extend((key, value))
    return "".join(characters)
