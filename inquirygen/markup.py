"""Markdown responses → blocks of the document model (markdown-it-py, CommonMark).

Only what an answer letter needs is switched on: paragraphs, bullet and numbered lists (nested), bold,
italic, hard line breaks and backslash escapes. Everything else stays literal text, because office staff
type ``#``, ``<``, ``&``, indented lines and underscores as plain writing, not as markup.
"""

from __future__ import annotations

from functools import lru_cache

from .model import Block, Inline, LineBreak, ListBlock, ListItem, PageBreak, Paragraph, Span

_SWITCHED_OFF = [
    "code", "fence", "heading", "lheading", "hr", "html_block", "html_inline", "blockquote",
    "reference", "image", "link", "autolink", "entity", "backticks", "linkify",
]


@lru_cache(maxsize=1)
def _parser():
    from markdown_it import MarkdownIt

    parser = MarkdownIt("commonmark", {"html": False, "typographer": False})
    parser.disable([rule for rule in _SWITCHED_OFF if _has_rule(parser, rule)])
    return parser


def _has_rule(parser, name: str) -> bool:
    return name in parser.get_all_rules()["block"] + parser.get_all_rules()["inline"] + \
        parser.get_all_rules()["core"]


def parse_markdown(text: str) -> tuple[Block, ...]:
    """The blocks of one response."""
    tokens = _parser().parse(text)
    blocks, _ = _blocks(tokens, 0, closing=None)
    return tuple(blocks)


def _blocks(tokens, index: int, closing: str | None) -> tuple[list[Block], int]:
    blocks: list[Block] = []
    while index < len(tokens):
        token = tokens[index]
        if closing is not None and token.type == closing:
            return blocks, index + 1
        if token.type == "paragraph_open":
            inline = tokens[index + 1]
            blocks.append(Paragraph(tuple(_inlines(inline.children or []))))
            index += 3  # paragraph_open, inline, paragraph_close
        elif token.type in ("bullet_list_open", "ordered_list_open"):
            ordered = token.type == "ordered_list_open"
            start = int(token.attrs.get("start", 1)) if ordered else 1
            items, index = _list_items(tokens, index + 1, token.type.replace("_open", "_close"))
            blocks.append(ListBlock(ordered, tuple(items), start))
        else:
            index += 1
    return blocks, index


def _list_items(tokens, index: int, closing: str) -> tuple[list[ListItem], int]:
    items: list[ListItem] = []
    while tokens[index].type != closing:
        if tokens[index].type == "list_item_open":
            blocks, index = _blocks(tokens, index + 1, closing="list_item_close")
            items.append(ListItem(tuple(blocks)))
        else:
            index += 1
    return items, index + 1


def _inlines(children) -> list[Inline]:
    result: list[Inline] = []
    bold = italic = 0
    for child in children:
        kind = child.type
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


def split_breaks(text: str, bold: bool = False, italic: bool = False) -> list[Inline]:
    """Text with pasted vertical tabs (line breaks) and form feeds (page breaks) as model inlines."""
    result: list[Inline] = []
    current = []
    for char in text:
        if char in "\x0b\x0c":
            if current:
                result.append(Span("".join(current), bold, italic))
                current = []
            result.append(LineBreak() if char == "\x0b" else PageBreak())
        else:
            current.append(char)
    if current:
        result.append(Span("".join(current), bold, italic))
    return result


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
