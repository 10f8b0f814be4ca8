"""Markdown responses → blocks of the document model (markdown-it-py, CommonMark).

Only what an answer letter needs is switched on: paragraphs, bullet and numbered lists (nested), bold,
italic, hard line breaks, backslash escapes, pipe tables and footnotes (mdit-py-plugins). Everything
else stays literal text, because office staff type ``#``, ``<``, ``&``, indented lines and underscores
as plain writing, not as markup. Lines starting with ``*`` right under a table are its notes
("* Am 19.01.2015 …"); bullet lists are written with ``-``, and bullets pasted from Word ("•" and a
tab) are read as such.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache
from typing import TYPE_CHECKING

from .model import (
    Block,
    Footnote,
    Inline,
    LineBreak,
    ListBlock,
    ListItem,
    Paragraph,
    Span,
    Table,
    TableCell,
    split_breaks,
)

if TYPE_CHECKING:
    from markdown_it import MarkdownIt
    from markdown_it.token import Token

# An asterisk between two letters is the gender star ("Mitarbeiter*innen"), never emphasis:
# CommonMark would make "*innen und Bürger*" italic. Escaped before parsing, it stays a character.
_GENDER_STAR = re.compile(r"(?<=[^\W\d_])\*(?=[^\W\d_])")

# Bullets pasted from Word arrive as a character and a tab ("•\tText", "o\tText" one level down,
# "§\tText" from Wingdings a level further): they become the list they were, not literal characters.
_PASTED_BULLET = re.compile(r"^[ \t]*(?:([•●·‣])[ \t]+|(–)\t+|([o◦])\t+|(◦)[ ]+|([▪■§])[ \t]+)",
                            re.MULTILINE)

_SWITCHED_OFF = [
    "code", "fence", "heading", "lheading", "hr", "html_block", "html_inline", "blockquote",
    "reference", "image", "link", "autolink", "entity", "backticks", "linkify",
]


@lru_cache(maxsize=1)
def _parser() -> MarkdownIt:
    from markdown_it import MarkdownIt
    from mdit_py_plugins.footnote import footnote_plugin

    parser = MarkdownIt("commonmark", {"html": False, "typographer": False})
    parser.enable("table").use(footnote_plugin)
    parser.disable([rule for rule in _SWITCHED_OFF if _has_rule(parser, rule)])
    return parser


def _has_rule(parser: MarkdownIt, name: str) -> bool:
    return name in parser.get_all_rules()["block"] + parser.get_all_rules()["inline"] + \
        parser.get_all_rules()["core"]


def parse_markdown(text: str) -> tuple[Block, ...]:
    """The blocks of one response."""
    plain = _plain_blocks(text)
    if plain is not None:
        return plain
    tokens = _parser().parse(_GENDER_STAR.sub(r"\\*", _PASTED_BULLET.sub(_as_list_item, text)))
    reader = _Reader(tokens)
    blocks, _ = reader.blocks(0, closing="footnote_block_open")
    return tuple(blocks)


# What markdown-it may read as more than plain text and "- " entries, with the rules switched on:
# emphasis, escapes, footnotes, tables, other lists, an indented or ragged line, breaks and tabs.
_NOT_PLAIN = re.compile(r"[\\*_^\[\]|\t\r\x00\x0b\x0c]|^[+*]( |$)|^-(?! \S)|^- [-+*]( |$)"
                        r"|^(- )?\d{1,9}[.)]( |$)", re.MULTILINE)


def _plain_blocks(text: str) -> tuple[Block, ...] | None:
    """The blocks of a text of plain paragraphs and one-line "- " entries, as markdown-it reads them
    (``tests/test_markup.py`` compares the two); ``None`` for any other text, which markdown-it reads.
    Most answers are such texts, and a cold start then needs no markdown-it."""
    if _NOT_PLAIN.search(text) or _PASTED_BULLET.search(text):
        return None
    blocks: list[Block] = []
    entries: list[ListItem] = []  # of the list being read: blank lines between entries keep it open
    for group in re.split(r"\n\n+", text.strip("\n")):
        lines = group.split("\n")
        if any(not line or line != line.strip() for line in lines):
            return None  # a line of spaces, or one that begins or ends with a space
        listed = [line.startswith("- ") for line in lines]
        if all(listed):
            entries += (ListItem((Paragraph((Span(line[2:]),)),)) for line in lines)
            continue
        if any(listed):
            return None  # an entry with text below it, or a list right under a paragraph
        if entries:
            blocks.append(ListBlock(False, tuple(entries), 1))
            entries = []
        blocks.append(Paragraph((Span(" ".join(lines)),)))  # lines joined where they were broken
    if entries:
        blocks.append(ListBlock(False, tuple(entries), 1))
    return tuple(blocks)


def _as_list_item(match: re.Match[str]) -> str:
    level = 1 if match.group(1) or match.group(2) else 2 if match.group(3) or match.group(4) else 3
    return "  " * (level - 1) + "- "


class _Reader:
    """Turns one response's token stream into blocks; footnote texts are read first."""

    def __init__(self, tokens: Sequence[Token]) -> None:
        self.tokens = tokens
        self.footnotes = self._footnote_texts()

    def _footnote_texts(self) -> dict[int, tuple[Inline, ...]]:
        texts: dict[int, list[Inline]] = {}
        current: list[Inline] | None = None
        for token in self.tokens:
            if token.type == "footnote_open":
                current = texts.setdefault(token.meta["id"], [])
            elif token.type == "footnote_close":
                current = None
            elif token.type == "inline" and current is not None:
                if current:
                    current.append(LineBreak())  # a footnote of several paragraphs
                current.extend(self.inlines(token.children or []))
        return {key: tuple(value) for key, value in texts.items()}

    def blocks(self, index: int, closing: str | None) -> tuple[list[Block], int]:
        tokens = self.tokens
        blocks: list[Block] = []
        while index < len(tokens):
            token = tokens[index]
            if closing is not None and token.type == closing:
                return blocks, index + 1
            if token.type == "paragraph_open":
                inline = tokens[index + 1]
                blocks.append(Paragraph(tuple(self.inlines(inline.children or []))))
                index += 3  # paragraph_open, inline, paragraph_close
            elif token.type in ("bullet_list_open", "ordered_list_open"):
                ordered = token.type == "ordered_list_open"
                start = int(token.attrs.get("start", 1)) if ordered else 1
                items, index = self.list_items(index + 1, token.type.replace("_open", "_close"))
                if not ordered and token.markup == "*" and blocks and isinstance(blocks[-1], Table):
                    blocks[-1] = _with_notes(blocks[-1], items)
                else:
                    blocks.append(ListBlock(ordered, tuple(items), start))
            elif token.type == "table_open":
                table, index = self.table(index + 1)
                blocks.append(table)
            else:
                index += 1
        return blocks, index

    def list_items(self, index: int, closing: str) -> tuple[list[ListItem], int]:
        items: list[ListItem] = []
        while self.tokens[index].type != closing:
            if self.tokens[index].type == "list_item_open":
                blocks, index = self.blocks(index + 1, closing="list_item_close")
                items.append(ListItem(tuple(blocks)))
            else:
                index += 1
        return items, index + 1

    def table(self, index: int) -> tuple[Table, int]:
        header: list[TableCell] = []
        rows: list[list[TableCell]] = []
        alignments: list[str | None] = []
        while self.tokens[index].type != "table_close":
            token = self.tokens[index]
            if token.type == "tr_open":
                rows.append([])
            elif token.type in ("th_open", "td_open"):
                cell = TableCell(tuple(self.inlines(self.tokens[index + 1].children or [])))
                if token.type == "th_open":
                    header.append(cell)
                    style = str(token.attrs.get("style", ""))
                    alignments.append(style.split(":", 1)[1] if style.startswith("text-align:")
                                      else None)
                else:
                    rows[-1].append(cell)
            index += 1
        body = tuple(tuple(row) for row in rows if row)
        return Table(tuple(header), body, tuple(alignments)), index + 1

    def inlines(self, children: Sequence[Token]) -> list[Inline]:
        result: list[Inline] = []
        bold = italic = 0
        for child in children:
            kind = child.type
            if kind == "footnote_ref":
                result.append(Footnote(self.footnotes.get(child.meta["id"], ())))
                continue
            if kind == "footnote_anchor":
                continue
            if kind == "text":
                result.extend(split_breaks(child.content, bold > 0, italic > 0))
            elif kind == "strong_open":
                bold += 1
            elif kind == "strong_close":
                bold -= 1
            elif kind == "em_open":
                italic += 1
            elif kind == "em_close":
                italic -= 1
            elif kind == "softbreak":
                result.append(Span(" ", bold > 0, italic > 0))
            elif kind == "hardbreak":
                result.append(LineBreak())
            elif child.content:
                result.extend(split_breaks(child.content, bold > 0, italic > 0))
        return _merge_spans(result)


def _with_notes(table: Table, items: list[ListItem]) -> Table:
    """The ``*`` lines under a table are its notes; the asterisk is part of the note."""
    notes = []
    for item in items:
        for block in item.blocks:
            if isinstance(block, Paragraph):
                notes.append(Paragraph((Span("* "),) + block.inlines))
    return Table(table.header, table.rows, table.alignments, table.notes + tuple(notes))


def _merge_spans(inlines: list[Inline]) -> list[Inline]:
    merged: list[Inline] = []
    for inline in inlines:
        previous = merged[-1] if merged else None
        if (isinstance(inline, Span) and isinstance(previous, Span)
                and (previous.bold, previous.italic) == (inline.bold, inline.italic)):
            merged[-1] = Span(previous.text + inline.text, inline.bold, inline.italic)
        else:
            merged.append(inline)
    return merged
