"""Resolved letter → plain text, laid out like the printed letter (for previews, search and tests)."""

from __future__ import annotations

from .. import model


def render_text(letter: model.Letter) -> str:
    """The letter as plain text: one line per paragraph, blank lines between the parts."""
    sections: list[list[str]] = [
        list(letter.office.letterhead),
        [line for line in (letter.office.return_address,) if line] + list(letter.recipient_address),
        _information_block(letter),
        [f"Ihre Anfrage vom {model.format_date(letter.inquiry.date)}",
         f"- {letter.inquiry.subject} -"],
        [letter.salutation],
        [letter.intro] if letter.intro else [],
    ]
    for answer in letter.answers:
        sections.append([f"{q.number} {_plain(q.text)}" for q in answer.questions])
        sections.extend([line] for line in blocks_text(answer.blocks))
    sections.append([letter.closing])
    signature = [letter.signatory.capacity] if letter.signatory.capacity else []
    sections.append(signature + [letter.signatory.name] +
                    ([letter.signatory.title] if letter.signatory.title else []))
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


def blocks_text(blocks: tuple[model.Block, ...], depth: int = 0) -> list[str]:
    """Paragraphs and list items as lines; list items marked '- ' or '1. ', indented by level."""
    lines: list[str] = []
    for block in blocks:
        if isinstance(block, model.Paragraph):
            lines.append("  " * depth + _plain(block.text))
            continue
        for offset, item in enumerate(block.items):
            marker = f"{block.start + offset}. " if block.ordered else "- "
            first = True
            for child in item.blocks:
                if isinstance(child, model.Paragraph):
                    prefix = marker if first else " " * len(marker)
                    lines.append("  " * depth + prefix + _plain(child.text))
                    first = False
                else:
                    if first:
                        lines.append("  " * depth + marker.rstrip())
                        first = False
                    lines.extend(blocks_text((child,), depth + 1))
    return lines


def _plain(text: str) -> str:
    return text.replace("\x0b", "\n").replace("\f", "\n")
