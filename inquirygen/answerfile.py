"""The answer file, its phrases and a snippet's front matter as records: what the later stages read.

One record per model of ``schema.py``, with the same name and fields (see ``records.py``); the
descriptions, the messages and the JSON Schema are the models'. The text rules here are the ones the
models' validators apply, so that both read a valid value alike.
"""

import datetime
import re
from typing import Annotated, Any, Literal, TypeAlias

from .records import UNSURE, Record, Rule, Size, factory
from .yamlfile import FORBIDDEN_CHARACTERS

_GERMAN_DATE = re.compile(r"^(\d{1,2})\.(\d{1,2})\.(\d{4})$")
_ISO_DATE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
ID_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")


def date_parts(text: str) -> tuple[int, int, int] | None:
    """(year, month, day) of ``2025-09-15`` or ``15.09.2025`` (``15.9.2025``), not yet checked against
    the calendar; ``None`` for any other form."""
    match = _ISO_DATE.match(text)
    if match:
        year, month, day = (int(g) for g in match.groups())
        return year, month, day
    match = _GERMAN_DATE.match(text)
    if not match:
        return None
    day, month, year = (int(g) for g in match.groups())
    return year, month, day


def clean_text(value: str, *, allow_page_break: bool) -> tuple[str, str | None]:
    """The text with its line ends made ``\\n``, and the first character that cannot go into it
    (``None`` when there is none)."""
    # A carriage return (from an escape such as "\r") would turn into a line feed in the .docx's
    # XML; say what it means instead.
    value = value.replace("\r\n", "\n").replace("\r", "\n")
    bad = FORBIDDEN_CHARACTERS.search(value)
    if bad is None and not allow_page_break:
        bad = re.search("\x0c", value)
    return value, bad.group() if bad is not None else None


def one_line(value: str) -> str:
    """A subject or address line written over two lines in YAML is still one line of the letter."""
    return " ".join(value.split("\n")).strip()


def _date(value: str) -> Any:
    parts = date_parts(value.strip())
    if parts is None:
        return UNSURE
    try:
        return datetime.date(*parts)
    except ValueError:  # not in the calendar: the model says so
        return UNSURE


def _text(allow_page_break: bool, single: bool = False) -> Rule:
    def convert(value: str) -> Any:
        value, bad = clean_text(value, allow_page_break=allow_page_break)
        if bad is not None:
            return UNSURE
        return one_line(value) if single else value
    return Rule(convert)


GermanDate: TypeAlias = Annotated[datetime.date, Rule(_date)]
Line: TypeAlias = Annotated[str, _text(False, single=True)]
PlainText: TypeAlias = Annotated[str, _text(False)]
MarkdownText: TypeAlias = Annotated[str, _text(True)]
QuestionId: TypeAlias = Annotated[str, Rule(lambda value: value if ID_PATTERN.match(value) else UNSURE)]
QuestionNumber: TypeAlias = Annotated[str, _text(False, single=True)]

# Standard phrases (inquirygen.yaml, and an answer file's own) ----------------------------


class InformationRow(Record):
    label: Line
    value: Line


DEFAULT_INFORMATION = (
    ("Aktenzeichen", "{{ letter.file_ref }}"), ("Auskunft", "{{ letter.contact.name }}"),
    ("Zimmer", "{{ letter.contact.room }}"), ("Telefon", "{{ letter.contact.phone }}"),
    ("E-Mail", "{{ letter.contact.email }}"),
)


class Phrases(Record):
    document_type: Line = ""
    subject: list[Line] = factory(lambda: ["Ihre Anfrage vom {{ inquiry.date }}",
                                           "- {{ inquiry.subject }} -"])
    references: list[Line] = factory(list)
    information: list[InformationRow] = factory(lambda: [InformationRow(label=label, value=value)
                                                         for label, value in DEFAULT_INFORMATION])
    date_line: Line = "{{ letter.date }}"
    salutation_default: Line = "Sehr geehrte Damen und Herren,"
    intro: Line = "Ihre Anfrage vom {{ inquiry.date }} beantworte ich wie folgt:"
    answer_label: Line = ""
    joint_label: Line = ""
    joint: Line = "Die Fragen {{ numbers }} werden gemeinsam beantwortet."
    range: Line = "{{ first }} bis {{ last }}"
    reference: Line = "Siehe Ausführungen zu {{ number }}"
    reference_other: Line = ("Es wird auf die Antwort zu Frage {{ question }} der Drucksache "
                             "{{ drucksache }} verwiesen.")
    interim: Line = "Die Beantwortung erfolgt voraussichtlich bis zum {{ letter.answer_by }}."
    running_header: Line = ""
    closing: Line = "Mit freundlichen Grüßen"
    enclosure_label: Line = "Anlage"
    enclosures_label: Line = "Anlagen"
    copies_label: Line = "Nachrichtlich:"


class PhraseOverrides(Record):
    document_type: Line | None = None
    subject: list[Line] | None = None
    references: list[Line] | None = None
    information: list[InformationRow] | None = None
    date_line: Line | None = None
    salutation_default: Line | None = None
    intro: Line | None = None
    answer_label: Line | None = None
    joint_label: Line | None = None
    joint: Line | None = None
    range: Line | None = None
    reference: Line | None = None
    reference_other: Line | None = None
    interim: Line | None = None
    running_header: Line | None = None
    closing: Line | None = None
    enclosure_label: Line | None = None
    enclosures_label: Line | None = None
    copies_label: Line | None = None


# Answer file ---------------------------------------------------------------------------------


class Inquiry(Record):
    date: GermanDate | None = None
    subject: Line
    questioner: Line | None = None
    reference: Line | None = None
    kind: Line | None = None
    received: GermanDate | None = None
    due: GermanDate | None = None
    extended_to: GermanDate | None = None
    interim_reply: GermanDate | None = None


class Recipient(Record):
    address: Annotated[list[Line], Size(1, 6)]
    salutation: Line | None = None


class Contact(Record):
    name: Line | None = None
    phone: Line | None = None
    email: Line | None = None
    room: Line | None = None


class Signatory(Record):
    name: Line
    title: Line | None = None
    capacity: Literal["In Vertretung", "i. V.", "Im Auftrag", "i. A.", "gez."] | None = None
    signature: str | None = None
    signature_alt: Line | None = None


class SignoffEntry(Record):
    name: Line
    date: GermanDate


class Signoff(Record):
    drafted: SignoffEntry | None = None
    cosigned: list[SignoffEntry] = factory(list)
    signed_off: SignoffEntry | None = None


class LetterDetails(Record):
    date: GermanDate
    signatory: Line | Signatory | None = None  # a key of inquirygen.yaml's signatories, or inline
    file_ref: Line | None = None
    contact: Contact | None = None
    intro: Line | None = None
    closing: Line | None = None
    enclosures: list[Line] = factory(list)
    copies_to: list[Line] = factory(list)
    template: Line | None = None
    answer_by: GermanDate | None = None
    drucksache: Line | None = None
    issued: GermanDate | None = None
    signoff: Signoff | None = None


class OtherAnswer(Record):
    drucksache: Line
    question: QuestionNumber | None = None


class SubQuestion(Record):
    id: QuestionId | None = None
    number: QuestionNumber | None = None
    question: PlainText
    response: MarkdownText | None = None
    see: QuestionId | OtherAnswer | None = None


class Question(SubQuestion):
    department: Line | None = None
    department_due: GermanDate | None = None
    contributed_by: Line | None = None
    together_with: QuestionId | None = None
    parts: list[SubQuestion] | None = None


class Remark(Record):
    title: Line
    text: MarkdownText


class AnswerFile(Record):
    inquiry: Inquiry
    recipient: Recipient | None = None
    letter: LetterDetails
    questions: list[Question] = factory(list)
    remarks: list[Remark] = factory(list)
    closing_remarks: MarkdownText | None = None
    phrases: PhraseOverrides | None = None
    body: MarkdownText | None = None
    sections: list[Remark] = factory(list)


# Snippets ------------------------------------------------------------------------------------


class SnippetHeader(Record):
    title: Line | None = None
    tags: list[Line] = factory(list)
    description: PlainText | None = None
    variables: dict[str, PlainText | None] = factory(dict)
