"""The content model: response blocks (paragraphs, lists, tables, footnotes) and the resolved answers.

What ``resolve`` produces: every number, reference, snippet and standard phrase filled in. The frame of
the letter as printed is laid out from it by :func:`inquirygen.letter.build_letter`. Text fields may
still hold a vertical tab, which every writer prints as a line break (it is what Word puts on the
clipboard for Shift+Enter).
"""

from __future__ import annotations

import datetime
from dataclasses import field
from pathlib import Path
from typing import TYPE_CHECKING

from .frozen import frozen

if TYPE_CHECKING:
    from .yamlfile import PathKey

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


@frozen
class Span:
    """A run of text; bold and italic come from Markdown's ``**`` and ``*``."""

    text: str
    bold: bool = False
    italic: bool = False


@frozen
class LineBreak:
    """A manual line break inside a paragraph (Markdown hard break, or a pasted vertical tab)."""


@frozen
class PageBreak:
    """A manual page break (a pasted form feed, which is how Word copies one)."""


@frozen
class Footnote:
    """A footnote: its mark stands where this inline is, its text goes to the foot of the page."""

    inlines: tuple[Inline, ...]


Inline = Span | LineBreak | PageBreak | Footnote


# Blocks of a response ------------------------------------------------------------------------


@frozen
class Paragraph:
    inlines: tuple[Inline, ...]

    @property
    def text(self) -> str:
        return inline_text(self.inlines)


@frozen
class ListItem:
    blocks: tuple[Block, ...]


@frozen
class ListBlock:
    """A bullet list or a numbered list; numbered lists start at ``start`` in every answer."""

    ordered: bool
    items: tuple[ListItem, ...]
    start: int = 1


@frozen
class TableCell:
    inlines: tuple[Inline, ...]

    @property
    def text(self) -> str:
        return inline_text(self.inlines)


@frozen
class Table:
    """A table of figures: a header row (repeated on every page), rows, and notes printed under it.

    ``alignments`` holds "left", "right", "center" or None per column, as the Markdown said.
    """

    header: tuple[TableCell, ...]
    rows: tuple[tuple[TableCell, ...], ...]
    alignments: tuple[str | None, ...]
    notes: tuple[Paragraph, ...] = ()


@frozen
class Heading:
    """A short heading inside free text (the sections of a statement on a motion)."""

    text: str


Block = Paragraph | ListBlock | Table | Heading


def inline_text(inlines: tuple[Inline, ...]) -> str:
    """The text of inlines; footnotes are left out (they are not part of the running text)."""
    parts: list[str] = []
    for inline in inlines:
        if isinstance(inline, Span):
            parts.append(inline.text)
        elif isinstance(inline, LineBreak):
            parts.append("\n")
        elif isinstance(inline, PageBreak):
            parts.append("\f")
    return "".join(parts)


def plain_paragraph(text: str) -> Paragraph:
    """A paragraph of plain text (a standard phrase): no Markdown, vertical tabs as line breaks."""
    return Paragraph(tuple(split_breaks(text)))


def split_breaks(text: str, bold: bool = False, italic: bool = False) -> list[Inline]:
    """Text with pasted vertical tabs (line breaks) and form feeds (page breaks) as model inlines."""
    result: list[Inline] = []
    current: list[str] = []
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


# The letter ----------------------------------------------------------------------------------


@frozen
class NumberedQuestion:
    """A question as printed.

    ``label`` is what stands before it ("1.", "Frage 1:", "a)", "Frage:"), ``number`` the bare number
    used in lists of numbers ("1", "4a", "1 a)"), ``reference`` what other answers print when they
    refer to it ("1.", "1. a)"). ``sub`` marks a sub-question, printed below its main question.
    """

    label: str
    text: str
    number: str = ""
    reference: str = ""
    id: str | None = None
    sub: bool = False


@frozen
class Answer:
    """One response and the question(s) it answers (several when questions are answered jointly).

    A main question with sub-questions is an answer of its own (often without blocks), followed by
    one answer per sub-question. ``label`` ("Antwort:", "Zu Frage 1:", "Zu den Fragen 1 und 3:") is
    printed on its own line before the answer; ``joint`` ("Die Fragen 1 und 3 werden gemeinsam
    beantwortet.") and ``reference`` ("Siehe Ausführungen zu 1.") are the standard sentences printed
    before the blocks. Each is empty when it does not apply.
    """

    questions: tuple[NumberedQuestion, ...]
    blocks: tuple[Block, ...]
    joint: str = ""
    reference: str = ""
    label: str = ""

    @property
    def printed_blocks(self) -> tuple[Block, ...]:
        """What stands under the question(s): joint sentence, reference sentence, the response."""
        sentences = tuple(plain_paragraph(text) for text in (self.joint, self.reference) if text)
        return sentences + self.blocks


@frozen
class Section:
    """A titled section before the answers, such as "Vorbemerkung der Verwaltung"."""

    title: str
    blocks: tuple[Block, ...]


@frozen
class Contact:
    name: str | None = None
    phone: str | None = None
    email: str | None = None
    room: str | None = None


@frozen
class Signatory:
    name: str
    title: str | None = None
    capacity: str | None = None
    signature: Path | None = None  # a checked PNG or JPEG inside the workspace
    signature_alt: str | None = None


@frozen
class Office:
    name: str = ""
    letterhead: tuple[str, ...] = ()
    return_address: str = ""
    footer: tuple[str, ...] = ()
    logo: Path | None = None  # a checked PNG or JPEG inside the workspace
    logo_alt: str | None = None


@frozen
class InquiryInfo:
    date: datetime.date | None
    subject: str
    questioner: str | None = None
    reference: str | None = None
    kind: str | None = None
    received: datetime.date | None = None


def printable_inquiry(inquiry: InquiryInfo) -> dict[str, str]:
    """The inquiry as printed, for templates and standard phrases: dates in both forms, no None."""
    return {
        "date": format_date(inquiry.date) if inquiry.date else "",
        "date_long": format_date_long(inquiry.date) if inquiry.date else "",
        "subject": inquiry.subject,
        "questioner": inquiry.questioner or "",
        "reference": inquiry.reference or "",
        "kind": inquiry.kind or "",
        "received": format_date(inquiry.received) if inquiry.received else "",
    }


@frozen
class FrameTexts:
    """The standard phrases of one letter, filled in; an empty text leaves its paragraph out."""

    document_type: str = ""  # "Stellungnahme zum Antrag Nr. 123/2025", "Zwischennachricht"
    subject: tuple[str, ...] = ()  # "Ihre Anfrage vom 15.09.2025", "- Thema -"
    references: tuple[str, ...] = ()  # a reference block, e.g. "Drucksache 18/12345"
    information: tuple[tuple[str, str], ...] = ()  # (label, value) of each row, empty values too
    date_line: str = ""  # "06.10.2025", "Stuttgart, 11.06.2025"
    salutation: str = ""
    intro: str = ""
    interim: str = ""  # "Die Beantwortung erfolgt voraussichtlich bis zum 30.10.2025."
    running_header: str = ""  # from page 2 on, e.g. "Drucksache 15/1300"
    closing: str = ""
    enclosure_label: str = "Anlage"
    enclosures_label: str = "Anlagen"
    copies_label: str = "Nachrichtlich:"


@frozen
class ResolvedLetter:
    """A fully resolved answer file: its values, the answers, and the standard phrases filled in."""

    source: Path
    office: Office
    inquiry: InquiryInfo
    recipient_address: tuple[str, ...]  # empty in the print form
    date: datetime.date
    signatory: Signatory | None  # None in the print form
    answers: tuple[Answer, ...]
    frame: FrameTexts
    form: str = "letter"  # or "print": the Landtag's print form, no letter frame
    file_ref: str | None = None
    contact: Contact = field(default_factory=Contact)
    remarks: tuple[Section, ...] = ()
    body: tuple[Block, ...] = ()  # free text of a letter without numbered questions
    closing_remarks: tuple[Block, ...] = ()
    enclosures: tuple[str, ...] = ()
    copies_to: tuple[str, ...] = ()
    template: Path | None = None  # the Word template the letter is written in
    intro_given: str | None = None  # the answer file's own intro (older templates print it)
    answer_by: datetime.date | None = None  # an interim reply: when the full answer will come
    drucksache: str | None = None  # the answer's own Drucksache number (print form)
    # The first page's marks, in millimetres from the top of the page (inquirygen.yaml's layout).
    fold_marks: tuple[float, ...] = (105.0, 210.0)
    hole_mark: float | None = 148.5
    # What the archive keeps so that an entry never changes when a snippet does: the Markdown of
    # each text with ref() and snippet() filled in (by its place in the answer file), and the
    # snippet files used.
    resolved_texts: dict[PathKey, str] = field(default_factory=dict, compare=False, hash=False)
    snippets_used: tuple[Path, ...] = field(default=(), compare=False, hash=False)

    @property
    def title(self) -> str:
        """The document title (a property screen readers announce): the subject of the inquiry."""
        return self.inquiry.subject
