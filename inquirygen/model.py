"""The document model in the middle of the pipeline: a resolved letter, ready for any writer.

Every number, reference, snippet and standard phrase is already resolved here; writers (.docx, plain
text, later the archive index) only lay it out. Text fields may still hold a vertical tab, which every
writer prints as a line break (it is what Word puts on the clipboard for Shift+Enter).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from pathlib import Path
from typing import Union

GERMAN_MONTHS = (
    "Januar", "Februar", "März", "April", "Mai", "Juni",
    "Juli", "August", "September", "Oktober", "November", "Dezember",
)


def format_date(value: datetime.date) -> str:
    """``15.09.2025``: the form of the information block and the subject line."""
    return value.strftime("%d.%m.%Y")


def format_date_long(value: datetime.date) -> str:
    """``6. Oktober 2025``: the form for running text (DIN 5008: no leading zero)."""
    return f"{value.day}. {GERMAN_MONTHS[value.month - 1]} {value.year}"


# Inline content ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Span:
    """A run of text; bold and italic come from Markdown's ``**`` and ``*``."""

    text: str
    bold: bool = False
    italic: bool = False


@dataclass(frozen=True)
class LineBreak:
    """A manual line break inside a paragraph (Markdown hard break, or a pasted vertical tab)."""


@dataclass(frozen=True)
class PageBreak:
    """A manual page break (a pasted form feed, which is how Word copies one)."""


Inline = Union[Span, LineBreak, PageBreak]


# Blocks of a response ------------------------------------------------------------------------


@dataclass(frozen=True)
class Paragraph:
    inlines: tuple[Inline, ...]

    @property
    def text(self) -> str:
        return inline_text(self.inlines)


@dataclass(frozen=True)
class ListItem:
    blocks: tuple["Block", ...]


@dataclass(frozen=True)
class ListBlock:
    """A bullet list or a numbered list; numbered lists start at ``start`` in every answer."""

    ordered: bool
    items: tuple[ListItem, ...]
    start: int = 1


Block = Union[Paragraph, ListBlock]


def inline_text(inlines: tuple[Inline, ...]) -> str:
    parts = []
    for inline in inlines:
        if isinstance(inline, Span):
            parts.append(inline.text)
        elif isinstance(inline, LineBreak):
            parts.append("\n")
        else:
            parts.append("\f")
    return "".join(parts)


# The letter ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class NumberedQuestion:
    """A question as printed: its number label (``1.``) and the inquiry's wording."""

    number: str
    text: str
    id: str | None = None


@dataclass(frozen=True)
class Answer:
    """One response and the question(s) it answers (several when questions are answered jointly)."""

    questions: tuple[NumberedQuestion, ...]
    blocks: tuple[Block, ...]


@dataclass(frozen=True)
class Contact:
    name: str | None = None
    phone: str | None = None
    email: str | None = None
    room: str | None = None


@dataclass(frozen=True)
class Signatory:
    name: str
    title: str | None = None
    capacity: str | None = None
    signature: Path | None = None  # a checked PNG or JPEG inside the workspace
    signature_alt: str | None = None


@dataclass(frozen=True)
class Office:
    name: str = ""
    letterhead: tuple[str, ...] = ()
    return_address: str = ""
    footer: tuple[str, ...] = ()


@dataclass(frozen=True)
class InquiryInfo:
    date: datetime.date
    subject: str
    questioner: str | None = None
    reference: str | None = None
    kind: str | None = None
    received: datetime.date | None = None


def printable_inquiry(inquiry: InquiryInfo) -> dict[str, str]:
    """The inquiry as printed, for templates and standard phrases: dates in both forms, no None."""
    return {
        "date": format_date(inquiry.date),
        "date_long": format_date_long(inquiry.date),
        "subject": inquiry.subject,
        "questioner": inquiry.questioner or "",
        "reference": inquiry.reference or "",
        "kind": inquiry.kind or "",
        "received": format_date(inquiry.received) if inquiry.received else "",
    }


@dataclass(frozen=True)
class Letter:
    """A fully resolved answer letter."""

    source: Path
    office: Office
    inquiry: InquiryInfo
    recipient_address: tuple[str, ...]
    salutation: str
    date: datetime.date
    signatory: Signatory
    intro: str
    answers: tuple[Answer, ...]
    closing: str
    file_ref: str | None = None
    contact: Contact = field(default_factory=Contact)

    @property
    def title(self) -> str:
        """The document title (a property screen readers announce): the subject of the inquiry."""
        return self.inquiry.subject
