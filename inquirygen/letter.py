"""The letter as printed: every text in order and with its role, built by one pure function.

:func:`build_letter` lays out the frame of a :class:`~inquirygen.model.ResolvedLetter` (letterhead and
logo, address, information block, document type, subject, salutation, answers, closing, signature,
enclosures, copies, footer). Every writer (.docx, plain text, later HTML) prints this
:class:`Letter` and nothing else, so the preview, the archived text and the sent letter say the
same words. Nothing here knows Word or plain text; nothing here reads a file.
"""

from __future__ import annotations

import datetime
from pathlib import Path

from .frozen import frozen
from .model import (
    Answer,
    Block,
    Contact,
    InquiryInfo,
    ResolvedLetter,
    Section,
    format_date,
)


@frozen
class InformationRow:
    """A row of the information block beside the address: "Aktenzeichen" and "32.1-…"."""

    label: str
    value: str


@frozen
class Image:
    """A picture the letter prints (the letterhead's logo, a signature): not text, so its alt text."""

    path: Path  # a checked PNG or JPEG inside the workspace
    alt: str


@frozen
class Signature:
    """The signature block: capacity ("In Vertretung") in the room to sign, image, name, function."""

    name: str
    title: str = ""
    capacity: str = ""
    image: Image | None = None

    @property
    def lines(self) -> tuple[str, ...]:
        """The typed lines, top to bottom (the image is not text)."""
        return tuple(line for line in (self.capacity, self.name, self.title) if line)


@frozen
class LabelledList:
    """Enclosures or copies: a label ("Anlagen", "Nachrichtlich:") and one line per item."""

    label: str
    items: tuple[str, ...] = ()


@frozen
class DocumentProperties:
    """What the file says about itself (title, author …): screen readers and archives read it."""

    title: str
    subject: str
    author: str
    date: datetime.date
    language: str = "de-DE"


@frozen
class Letter:
    """Everything the letter prints, in reading order, each text in its role.

    ``inquiry``, ``file_ref`` and ``contact`` are the answer file's values themselves, for templates
    that print them in their own words; the printed roles are the other fields.
    """

    letterhead: tuple[str, ...]
    logo: Image | None  # in the letterhead, beside or above its lines
    return_address: str
    address: tuple[str, ...]
    information: tuple[InformationRow, ...]
    date: str  # the date line of the information block
    document_type: str
    subject: tuple[str, ...]
    references: tuple[str, ...]
    salutation: str
    intro: str
    remarks: tuple[Section, ...]
    body: tuple[Block, ...]
    answers: tuple[Answer, ...]
    closing_remarks: tuple[Block, ...]
    interim: str
    closing: str
    signature: Signature | None  # None in the print form
    enclosures: LabelledList
    copies: LabelledList
    footer: tuple[str, ...]
    running_header: str  # from page 2 on, e.g. "Drucksache 15/1300"
    properties: DocumentProperties
    template: Path | None  # the Word template this letter is written in (None only in samples)
    inquiry: InquiryInfo
    file_ref: str
    contact: Contact
    letter_date: datetime.date
    intro_given: str = ""
    drucksache: str = ""
    form: str = "letter"  # or "print": the top block (letterhead, reference lines, date) comes first
    # Heights of the first page's fold marks and hole mark, in millimetres from the top of the page;
    # the template draws them, a writer moves them there or leaves them out.
    fold_marks: tuple[float, ...] = (105.0, 210.0)
    hole_mark: float | None = 148.5


def build_letter(resolved: ResolvedLetter) -> Letter:
    """Lay out the frame of a resolved answer file; pure, so every writer gets the same letter.

    Rows of the information block without a value and subject or reference lines that came out empty
    are left out; the enclosures' label follows their number. The Landtag's print form (``form``
    "print") has no letter frame: no address, information block, salutation, closing or signature.
    """
    frame, office = resolved.frame, resolved.office
    signatory = resolved.signatory
    letter_form = resolved.form == "letter"
    enclosure_label = frame.enclosure_label if len(resolved.enclosures) == 1 else frame.enclosures_label
    inquiry_date = resolved.inquiry.date
    return Letter(
        letterhead=office.letterhead,
        logo=Image(office.logo, office.logo_alt or f"Logo {office.name}".strip())
        if office.logo is not None else None,
        return_address=office.return_address if letter_form else "",
        address=resolved.recipient_address if letter_form else (),
        information=tuple(InformationRow(label, value) for label, value in frame.information
                          if value.strip() and letter_form),
        date=frame.date_line,
        document_type=frame.document_type,
        subject=tuple(line for line in frame.subject if line.strip()),
        references=tuple(line for line in frame.references if line.strip()),
        salutation=frame.salutation if letter_form else "",
        intro=frame.intro,
        remarks=resolved.remarks,
        body=resolved.body,
        answers=resolved.answers,
        closing_remarks=resolved.closing_remarks,
        interim=frame.interim,
        closing=frame.closing if letter_form else "",
        signature=Signature(signatory.name, signatory.title or "", signatory.capacity or "",
                            Image(signatory.signature,
                                  signatory.signature_alt or f"Unterschrift {signatory.name}")
                            if signatory.signature is not None else None)
        if signatory is not None and letter_form else None,
        enclosures=LabelledList(enclosure_label, resolved.enclosures),
        copies=LabelledList(frame.copies_label, resolved.copies_to),
        footer=office.footer,
        running_header=frame.running_header,
        properties=DocumentProperties(
            title=resolved.title,
            subject=frame.document_type or (
                "Antwort auf die Anfrage" + (f" vom {format_date(inquiry_date)}" if inquiry_date else "")),
            author=office.name,
            date=resolved.date),
        template=resolved.template,
        inquiry=resolved.inquiry,
        file_ref=resolved.file_ref or "",
        contact=resolved.contact,
        letter_date=resolved.date,
        intro_given=resolved.intro_given or "",
        drucksache=resolved.drucksache or "",
        form=resolved.form,
        fold_marks=resolved.fold_marks,
        hole_mark=resolved.hole_mark,
    )

