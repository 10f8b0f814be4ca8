"""Resolved letter → plain text, laid out like the printed letter (for previews, search and tests)."""

from __future__ import annotations

from .. import model


def render_text(letter: model.Letter) -> str:
    """The letter as plain text: one line per paragraph, blank lines between the parts.

    Footnotes are numbered in the text ("[1]") and listed at the end, as a reader of plain text
    would want them.
    """
    footnotes: list[str] = []
    sections: list[list[str]] = [
        list(letter.office.letterhead),
        [line for line in (letter.office.return_address,) if line] + list(letter.recipient_address),
        _information_block(letter),
        [f"Ihre Anfrage vom {model.format_date(letter.inquiry.date)}",
         f"- {letter.inquiry.subject} -"],
        [letter.salutation],
        [letter.intro] if letter.intro else [],
    ]
    for remark in letter.remarks:
        sections.append([remark.title])
        sections.extend([line] for line in blocks_text(remark.blocks, footnotes))
    sections.extend([line] for line in blocks_text(letter.body, footnotes))
    for answer in letter.answers:
        sections.append([f"{q.label} {_plain(q.text)}" for q in answer.questions])
        sections.extend([line] for line in blocks_text(answer.blocks, footnotes))
    sections.extend([line] for line in blocks_text(letter.closing_remarks, footnotes))
    sections.append([letter.closing])
    signature = [letter.signatory.capacity] if letter.signatory.capacity else []
    sections.append(signature + [letter.signatory.name] +
                    ([letter.signatory.title] if letter.signatory.title else []))
    if letter.enclosures:
        sections.append(["Anlage" if len(letter.enclosures) == 1 else "Anlagen",
                         *letter.enclosures])
    if letter.copies_to:
        sections.append(["Nachrichtlich:", *letter.copies_to])
    if footnotes:
        sections.append([f"[{number}] {text}" for number, text in enumerate(footnotes, 1)])
    return "\n\n".join("\n".join(section) for section in sections if section) + "\n"


def _information_block(letter: model.Letter) -> list[str]:
    lines = []
    if letter.file_ref:
        lines.append(f"Aktenzeichen: {letter.file_ref}")
    contact = letter.contact
    for label, value in (("Auskunft", contact.name), ("Zimmer", contact.room),
                         ("Telefon", contact.phone), ("E-Mail", contact.email)):
        if value:
            lines.append(f"{label}: {value}")
    lines.append(model.format_date(letter.date))
    return lines


def blocks_text(blocks: tuple[model.Block, ...], footnotes: list[str], depth: int = 0) -> list[str]:
    """Paragraphs, list items ('- ', '1. ', indented by level) and table rows as lines."""
    lines: list[str] = []
    indent = "  " * depth
    for block in blocks:
        if isinstance(block, model.Paragraph):
            lines.append(indent + _inlines(block.inlines, footnotes))
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
            footnotes.append(_plain(model.inline_text(inline.inlines)))
            parts.append(f"[{len(footnotes)}]")
        else:
            parts.append(_plain(model.inline_text((inline,))))
    return "".join(parts)


def _plain(text: str) -> str:
    return text.replace("\x0b", "\n").replace("\f", "\n")
