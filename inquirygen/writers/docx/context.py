"""What the Word template sees: the letter's roles as Jinja variables (the README lists them all).

Every printed text comes from the :class:`~inquirygen.letter.Letter`; the answer file's own values
(``inquiry.*``, ``letter.file_ref``, ``letter.contact.*``) stay available for templates that word
their frame themselves. Response blocks arrive as WordprocessingML from the block writer.
"""

from __future__ import annotations

from typing import Any, Protocol

from ... import model
from ...letter import Letter
from .wordml import BREAK, Xml, xml_escape


class WritesBlocks(Protocol):
    def blocks(self, blocks: tuple[model.Block, ...], last: bool = False) -> Xml | str: ...


def last_before_closing(letter: Letter) -> int:
    """Which blocks the closing follows: 0 the free text, 1 + i answer i, -1 the closing remarks,
    -2 none of them (an interim reply's sentence, a template paragraph, comes last; the print form
    has no closing)."""
    if letter.interim or letter.signature is None:
        return -2
    if letter.closing_remarks:
        return -1
    printed = [i for i, answer in enumerate(letter.answers) if answer.printed_blocks]
    if letter.answers:
        return 1 + printed[-1] if printed else -2
    return 0


def template_context(letter: Letter, writer: WritesBlocks) -> dict[str, Any]:
    """The variables of the template (documented in the README under "Template variables")."""
    contact, signature = letter.contact, letter.signature
    last = last_before_closing(letter)
    context = {
        "office": {
            "name": letter.properties.author,
            "letterhead": list(letter.letterhead),
            "return_address": letter.return_address,
            "footer": list(letter.footer),
            "logo": "",  # the drawing, when the office has a logo
        },
        "recipient": {"address": list(letter.address), "salutation": letter.salutation},
        "inquiry": model.printable_inquiry(letter.inquiry),
        "letter": {
            "date": letter.date,
            "date_long": model.format_date_long(letter.letter_date),
            "title": letter.properties.title,
            "document_type": letter.document_type,
            "subject": "\x0b".join(letter.subject),  # one paragraph, a line break between lines
            "subject_lines": list(letter.subject),
            "references": list(letter.references),
            "information": [{"label": row.label, "value": row.value} for row in letter.information],
            "file_ref": letter.file_ref,
            "contact": {
                "name": contact.name or "", "phone": contact.phone or "",
                "email": contact.email or "", "room": contact.room or "",
            },
            "intro": letter.intro,
            "intro_given": letter.intro_given,
            "interim": letter.interim,
            "running_header": letter.running_header,
            "drucksache": letter.drucksache,
            "closing": letter.closing,
            "enclosures": list(letter.enclosures.items),
            "enclosures_label": letter.enclosures.label,
            "copies_to": list(letter.copies.items),
            "copies_label": letter.copies.label,
        },
        "answers": [
            {
                "questions": [{"label": q.label, "number": q.number, "reference": q.reference,
                               "text": q.text, "id": q.id or "", "sub": q.sub}
                              for q in answer.questions],
                "label": answer.label,
                "body": writer.blocks(answer.printed_blocks, last=last == 1 + index),
            }
            for index, answer in enumerate(letter.answers)
        ],
        "remarks": [{"title": section.title, "body": writer.blocks(section.blocks)}
                    for section in letter.remarks],
        "body": writer.blocks(letter.body, last=last == 0),
        "closing_remarks": writer.blocks(letter.closing_remarks, last=last == -1),
        "signatory": {
            "name": signature.name if signature else "",
            "title": signature.title if signature else "",
            "capacity": signature.capacity if signature else "",
            "signature": "",  # the drawing, when the signatory has an image
        },
    }
    result: dict[str, Any] = for_docx(context)
    return result


def for_docx(value: Any) -> Any:
    """Map text for the template: a vertical tab (Word's Shift+Enter, pasted) becomes a line break."""
    if isinstance(value, Xml):
        return value
    if isinstance(value, str):
        if "\x0b" in value:
            return Xml(BREAK.join(xml_escape(part) for part in value.split("\x0b")))
        return value
    if isinstance(value, dict):
        return {key: for_docx(item) for key, item in value.items()}
    if isinstance(value, list):
        return [for_docx(item) for item in value]
    return value
