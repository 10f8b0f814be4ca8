"""The text writer: a :class:`~inquirygen.letter.Letter` as plain text, laid out like the printed letter.

For ``preview``, the archived ``letter.txt``, the OParl text and the search index: one line per
paragraph, blank lines between the parts, footnotes numbered "[1]" in the text and listed at the end.
"""

from __future__ import annotations

from .. import model
from ..letter import Letter


class TextWriter:
    """Plain UTF-8 text; the registry's name for it is "text"."""

    suffix = ".txt"

    def write(self, letter: Letter) -> bytes:
        return letter_text(letter).encode("utf-8")


def letter_text(letter: Letter) -> str:
    """The letter as plain text, every part in the order it is printed."""
    footnotes: list[str] = []
    sections: list[list[str]] = [
        list(letter.letterhead),
        [line for line in (letter.return_address,) if line] + list(letter.address),
        [f"{row.label}: {row.value}" for row in letter.information] + [letter.date],
        [letter.document_type],
        list(letter.subject) + list(letter.references),
        [letter.salutation],
        [letter.intro],
    ] if letter.form == "letter" else [
        # The print form: the top block (letterhead; Drucksache number, date …), then the title.
        list(letter.letterhead),
        list(letter.references) + [line for line in (letter.date,) if line],
        [letter.document_type],
        list(letter.subject),
        [letter.intro],
    ]
    for remark in letter.remarks:
        sections.append([remark.title])
        sections.extend([line] for line in blocks_text(remark.blocks, footnotes))
    sections.extend([line] for line in blocks_text(letter.body, footnotes))
    for answer in letter.answers:
        sections.append([f"{q.label} {q.text}" for q in answer.questions])
        sections.append([answer.label])
        sections.extend([line] for line in blocks_text(answer.printed_blocks, footnotes))
    sections.extend([line] for line in blocks_text(letter.closing_remarks, footnotes))
    sections.append([letter.interim])
    sections.append([letter.closing])
    sections.append(list(letter.signature.lines) if letter.signature else [])
    for labelled in (letter.enclosures, letter.copies):
        if labelled.items:
            sections.append([labelled.label, *labelled.items])
    if footnotes:
        sections.append([f"[{number}] {text}" for number, text in enumerate(footnotes, 1)])
    sections.append(list(letter.footer))
    # A part whose texts are all empty (no salutation, no document type …) is not printed at all.
    printed = ["\n".join(section) for section in sections if any(line for line in section)]
    text = "\n\n".join(printed) + "\n"
    return _plain(text)


def blocks_text(blocks: tuple[model.Block, ...], footnotes: list[str], depth: int = 0) -> list[str]:
    """Paragraphs, list items ('- ', '1. ', indented by level) and table rows as lines."""
    lines: list[str] = []
    indent = "  " * depth
    for block in blocks:
        if isinstance(block, model.Paragraph):
            lines.append(indent + _inlines(block.inlines, footnotes))
        elif isinstance(block, model.Heading):
            lines.append(indent + block.text)
        elif isinstance(block, model.Table):
            for cells in (block.header, *block.rows):
                lines.append(indent + " | ".join(_inlines(c.inlines, footnotes) for c in cells))
            lines.extend(indent + _inlines(note.inlines, footnotes) for note in block.notes)
        else:
            lines.extend(_list_text(block, footnotes, depth))
    return lines


def _list_text(block: model.ListBlock, footnotes: list[str], depth: int) -> list[str]:
    lines = []
    indent = "  " * depth
    for offset, item in enumerate(block.items):
        marker = f"{block.start + offset}. " if block.ordered else "- "
        first = True
        for child in item.blocks:
            if isinstance(child, model.Paragraph):
                prefix = marker if first else " " * len(marker)
                lines.append(indent + prefix + _inlines(child.inlines, footnotes))
                first = False
            else:
                if first:
                    lines.append(indent + marker.rstrip())
                    first = False
                lines.extend(blocks_text((child,), footnotes, depth + 1))
    return lines


def _inlines(inlines: tuple[model.Inline, ...], footnotes: list[str]) -> str:
    parts = []
    for inline in inlines:
        if isinstance(inline, model.Footnote):
            footnotes.append(model.inline_text(inline.inlines))
            parts.append(f"[{len(footnotes)}]")
        else:
            parts.append(model.inline_text((inline,)))
    return "".join(parts)


def _plain(text: str) -> str:
    """Line and page breaks inside a paragraph (pasted from Word) as new lines."""
    return text.replace("\x0b", "\n").replace("\f", "\n")
