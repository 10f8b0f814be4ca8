"""The schemas of what users write: answer files and snippet front matter (pydantic v2).

The YAML reader hands every scalar over as text, so these models say which text is a date, a number or a
choice. The field names are the YAML keys; the core keys of the answer file are a fixed contract
(``../shared/design/answer-format.md``). The same models give the JSON Schema for editors;
``config.py`` holds the schema of ``inquirygen.yaml`` on the same ground.
"""

from __future__ import annotations

import datetime
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Discriminator,
    Field,
    Tag,
    WithJsonSchema,
)
from pydantic_core import PydanticCustomError

from .answerfile import DEFAULT_INFORMATION, ID_PATTERN, clean_text, date_parts, one_line
from .i18n import N_, _
from .yamlfile import describe_character


def parse_date(value: Any) -> datetime.date:
    """Accept ``2025-09-15`` and ``15.09.2025`` (and ``15.9.2025``); anything else is a located error."""
    if isinstance(value, datetime.date):
        return value
    if value is None or not str(value).strip():  # "date:" with nothing after it: not "None"
        raise PydanticCustomError("date_format", _("the date is missing; write 15.09.2025 or 2025-09-15"))
    text = str(value).strip()
    parts = date_parts(text)
    if parts is None:
        raise PydanticCustomError(
            "date_format", _("'{value}' is not a date; write 15.09.2025 or 2025-09-15"),
            {"value": text})
    year, month, day = parts
    # In the order datetime checks them, in its words ("day is out of range for month"), so that the
    # English message stays as it always was.
    if not datetime.MINYEAR <= year <= datetime.MAXYEAR:
        message = _("'{value}' is not a date in the calendar (year {year} is out of range)")
    elif not 1 <= month <= 12:
        message = _("'{value}' is not a date in the calendar (month must be in 1..12)")
    else:
        try:
            return datetime.date(year, month, day)
        except ValueError:
            message = _("'{value}' is not a date in the calendar (day is out of range for month)")
    raise PydanticCustomError("date_value", message, {"value": text, "year": year})


def _clean_text(value: str, *, allow_page_break: bool) -> str:
    value, bad = clean_text(value, allow_page_break=allow_page_break)
    if bad is not None:
        raise PydanticCustomError(
            "control_character", _("control character {character} cannot go into this text; remove it "
                                   "(or its escape, such as \\a)"),
            {"character": describe_character(bad)})
    return value


def _single_line(value: str) -> str:
    return one_line(_clean_text(value, allow_page_break=False))


def _plain(value: str) -> str:
    return _clean_text(value, allow_page_break=False)


def _markdown(value: str) -> str:
    return _clean_text(value, allow_page_break=True)


def _question_id(value: str) -> str:
    if not ID_PATTERN.match(value):
        raise PydanticCustomError(
            "question_id", _("'{value}' cannot be a question id: use letters, digits, '-' and '_'"),
            {"value": value})
    return value


# The JSON Schema says what a person may type, which is more than the Python type: a date as
# 2025-09-15 or 15.09.2025, a question number as 4 or 4a.
GermanDate = Annotated[datetime.date, BeforeValidator(parse_date), WithJsonSchema({
    "type": "string", "pattern": r"^(\d{4}-\d{1,2}-\d{1,2}|\d{1,2}\.\d{1,2}\.\d{4})$",
    "description": N_("A date: 2025-09-15 or 15.09.2025")})]
Line = Annotated[str, AfterValidator(_single_line)]
PlainText = Annotated[str, AfterValidator(_plain)]
MarkdownText = Annotated[str, AfterValidator(_markdown)]
QuestionId = Annotated[str, AfterValidator(_question_id),
                       WithJsonSchema({"type": "string", "pattern": ID_PATTERN.pattern})]
QuestionNumber = Annotated[str, BeforeValidator(str), AfterValidator(_single_line),
                           WithJsonSchema({"type": ["string", "integer"]})]


class FileModel(BaseModel):
    """Unknown keys are errors (with a "did you mean"), values are not coerced from lists or mappings."""

    model_config = ConfigDict(extra="forbid", frozen=True)


def described(description: str) -> ConfigDict:
    """A model's description in the JSON Schema (marked with N_(), translated when the schema is written).

    It takes the docstring's place there; pydantic merges it with the configuration of the model's bases.
    """
    return ConfigDict(json_schema_extra={"description": description})


# Standard phrases (inquirygen.yaml, and an answer file's own) ----------------------------


class InformationRow(FileModel):
    """A row of the information block: its label and the phrase of its value (empty: left out)."""

    model_config = described(N_(
        "A row of the information block: its label and the phrase of its value (empty: left out)."))

    label: Line
    value: Line


class Phrases(FileModel):
    """Every fixed text of a letter; ``{{ … }}`` fills in the letter's data. Empty leaves it out."""

    model_config = described(N_(
        "Every fixed text of a letter; ``{{ … }}`` fills in the letter's data. Empty leaves it out."))

    document_type: Line = Field(
        default="", description=N_("A line above the subject, e.g. 'Stellungnahme zum Antrag Nr. …'"))
    subject: list[Line] = Field(
        default_factory=lambda: ["Ihre Anfrage vom {{ inquiry.date }}", "- {{ inquiry.subject }} -"],
        description=N_("Subject lines (Betreff), printed bold above the salutation"))
    references: list[Line] = Field(
        default_factory=list, description=N_("Reference block under the subject, e.g. 'Drucksache …'"))
    information: list[InformationRow] = Field(
        default_factory=lambda: [InformationRow(label=label, value=value)
                                 for label, value in DEFAULT_INFORMATION],
        description=N_("Rows of the information block beside the address; a row whose value is "
                       "empty is left out"))
    date_line: Line = Field(
        default="{{ letter.date }}",
        description=N_("The date in the information block: 'Stuttgart, {{ letter.date }}'"))
    salutation_default: Line = Field(default="Sehr geehrte Damen und Herren,",
                                     description=N_("Salutation when the answer file gives none"))
    intro: Line = "Ihre Anfrage vom {{ inquiry.date }} beantworte ich wie folgt:"
    answer_label: Line = Field(
        default="", description=N_("A line before each answer: 'Antwort:', 'Zu Frage {{ number }}:'"))
    joint_label: Line = Field(
        default="", description=N_("The line before a joint answer: 'Zu den Fragen {{ numbers }}:'"))
    joint: Line = "Die Fragen {{ numbers }} werden gemeinsam beantwortet."
    range: Line = Field(default="{{ first }} bis {{ last }}",
                        description=N_("Three or more questions in a row, when numbering.ranges is on"))
    reference: Line = "Siehe Ausführungen zu {{ number }}"
    reference_other: Line = Field(
        default="Es wird auf die Antwort zu Frage {{ question }} der Drucksache {{ drucksache }} "
                "verwiesen.", description=N_("A reference to the answer of another inquiry"))
    interim: Line = Field(
        default="Die Beantwortung erfolgt voraussichtlich bis zum {{ letter.answer_by }}.",
        description=N_("An interim reply's last sentence, when letter.answer_by is given"))
    running_header: Line = Field(
        default="", description=N_("Header from page 2 on, e.g. 'Drucksache {{ letter.drucksache }}'"))
    closing: Line = "Mit freundlichen Grüßen"
    enclosure_label: Line = "Anlage"
    enclosures_label: Line = "Anlagen"
    copies_label: Line = "Nachrichtlich:"


class PhraseOverrides(FileModel):
    """Phrases of one template, kind or letter: only those given replace the others."""

    model_config = described(N_(
        "Phrases of one template, kind or letter: only those given replace the others."))

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


class Inquiry(FileModel):
    """The inquiry being answered."""

    model_config = described(N_("The inquiry being answered."))

    date: GermanDate | None = Field(
        default=None, description=N_("Date of the inquiry, 2025-09-15 or 15.09.2025 (printed by the "
                                     "standard subject and intro; a motion may have none)"))
    subject: Line = Field(description=N_("Subject of the inquiry, without dashes"))
    questioner: Line | None = Field(default=None, description=N_("Faction or member who asked"))
    reference: Line | None = Field(default=None, description=N_("Drucksache or Vorlage number"))
    kind: Line | None = Field(default=None, description=N_("Anfrage, Kleine Anfrage, …"))
    received: GermanDate | None = Field(default=None, description=N_("Date the inquiry was received"))
    due: GermanDate | None = Field(default=None, description=N_("When the answer is due (else: the rule)"))
    extended_to: GermanDate | None = Field(default=None, description=N_("The deadline as extended"))
    interim_reply: GermanDate | None = Field(default=None, description=N_("When the interim reply went out"))


class Recipient(FileModel):
    """Who the letter goes to."""

    model_config = described(N_("Who the letter goes to."))

    address: Annotated[list[Line], Field(min_length=1, max_length=6)] = Field(
        description=N_("Address lines, top to bottom (1 to 6, DIN 5008 address zone)"))
    salutation: Line | None = Field(
        default=None, description=N_("'Frau Krieg', 'Herr Präsident', a full line ending in ',', "
                                     "or \"\" for a letter without salutation"))


class Contact(FileModel):
    """Contact person printed in the information block."""

    model_config = described(N_("Contact person printed in the information block."))

    name: Line | None = None
    phone: Line | None = None
    email: Line | None = None
    room: Line | None = None


class Signatory(FileModel):
    """Who signs: the typed name, an optional function line below it, and a capacity."""

    model_config = described(N_(
        "Who signs: the typed name, an optional function line below it, and a capacity."))

    name: Line = Field(description=N_("Typed name below the signature"))
    title: Line | None = Field(default=None,
                               description=N_("Function printed below the name, e.g. Landrat"))
    capacity: Literal["In Vertretung", "i. V.", "Im Auftrag", "i. A.", "gez."] | None = Field(
        default=None,
        description=N_("Printed in the signature room: a deputy, staff, or a copy not signed by hand"))
    signature: str | None = Field(
        default=None, description=N_("PNG or JPEG of the signature, relative to the workspace folder"))
    signature_alt: Line | None = Field(
        default=None, description=N_("Alt text of the signature image (default: 'Unterschrift <name>')"))


def _signatory_kind(value: Any) -> str:
    return "inline" if isinstance(value, dict) else "key"


SignatoryChoice = Annotated[
    Annotated[Line, Tag("key")] | Annotated[Signatory, Tag("inline")],
    Discriminator(_signatory_kind),
]


class SignoffEntry(FileModel):
    model_config = described(N_("One person's step of the sign-off, with its date."))
    name: Line = Field(description=N_("Who, e.g. 'Erika Muster, Amt 32'"))
    date: GermanDate = Field(description=N_("When, 2025-10-01 or 01.10.2025"))


class Signoff(FileModel):
    model_config = described(N_("Who drafted, co-signed (Mitzeichnung) and signed off (Schlusszeichnung)."))
    drafted: SignoffEntry | None = Field(default=None, description=N_("Who drafted the letter"))
    cosigned: list[SignoffEntry] = Field(default_factory=list, description=N_("Who co-signed (Mitzeichnung)"))
    signed_off: SignoffEntry | None = Field(default=None, description=N_("Who signed off (Schlusszeichnung)"))


class LetterDetails(FileModel):
    """The answer letter itself."""

    model_config = described(N_("The answer letter itself."))

    date: GermanDate = Field(description=N_("Date of the answer letter"))
    signatory: SignatoryChoice | None = Field(
        default=None, description=N_("Key of a signatory of inquirygen.yaml, or name/title/capacity "
                                     "inline (a letter needs one; the Landtag's print form has none)"))
    file_ref: Line | None = Field(default=None, description=N_("Aktenzeichen"))
    contact: Contact | None = None
    intro: Line | None = Field(default=None, description=N_("Replaces the standard intro sentence"))
    closing: Line | None = Field(default=None, description=N_("Replaces 'Mit freundlichen Grüßen'"))
    enclosures: list[Line] = Field(default_factory=list,
                                   description=N_("Anlagen, listed after the signature"))
    copies_to: list[Line] = Field(default_factory=list, description=N_("Nachrichtlich: who gets a copy"))
    template: Line | None = Field(default=None,
                                  description=N_("Another template of the workspace, by name"))
    answer_by: GermanDate | None = Field(
        default=None, description=N_("An interim reply: the date by which the full answer will come"))
    drucksache: Line | None = Field(
        default=None, description=N_("The answer's own Drucksache number, in the Landtag's print form"))
    issued: GermanDate | None = Field(
        default=None, description=N_("When the Landtag issued the print (Ausgegeben), if known"))
    signoff: Signoff | None = Field(default=None, description=N_(
        "Drafted, co-signed and signed off, each with name and date"))


class OtherAnswer(FileModel):
    """The answer to a question of another inquiry, which this answer refers to."""

    model_config = described(N_("The answer to a question of another inquiry, which this answer refers to."))

    drucksache: Line = Field(description=N_("The Drucksache (or Vorlage) of that answer, e.g. 8/1100"))
    question: QuestionNumber | None = Field(default=None, description=N_("Its question, e.g. 2"))


class SubQuestion(FileModel):
    """A sub-question (a), b) …) of a question, with its answer."""

    model_config = described(N_("A sub-question (a), b) …) of a question, with its answer."))

    id: QuestionId | None = Field(default=None, description=N_("Short name used by see: and ref()"))
    number: QuestionNumber | None = Field(
        default=None, description=N_("The number as the inquiry wrote it, e.g. 4a"))
    question: PlainText = Field(description=N_("The question exactly as the inquiry asked it"))
    response: MarkdownText | None = Field(default=None, description=N_("The answer, in Markdown"))
    see: QuestionId | OtherAnswer | None = Field(
        default=None, description=N_("Id of a question whose answer this refers to, or "
                                     "{drucksache: …, question: …} for another inquiry's answer"))


class Question(SubQuestion):
    """One question of the inquiry and its answer."""

    model_config = described(N_("One question of the inquiry and its answer."))

    department: Line | None = Field(default=None, description=N_("Key of the department that answers it"))
    department_due: GermanDate | None = Field(default=None, description=N_("The department's deadline"))
    contributed_by: Line | None = Field(default=None, description=N_("Who contributed the response"))

    together_with: QuestionId | None = Field(
        default=None, description=N_("Id of the question whose response answers this one too"))
    parts: list[SubQuestion] | None = Field(default=None, description=N_("Sub-questions a), b) …"))


class Remark(FileModel):
    """A titled section: a remark before the answers, or a section of a letter without questions."""

    model_config = described(N_(
        "A titled section: a remark before the answers, or a section of a letter without questions."))

    title: Line = Field(description=N_("e.g. Vorbemerkung der Verwaltung, Ausgangslage"))
    text: MarkdownText = Field(description=N_("The text, in Markdown"))


class AnswerFile(FileModel):
    """One inquiry and its answers: the file office staff write."""

    model_config = described(N_("One inquiry and its answers: the file office staff write."))

    inquiry: Inquiry
    recipient: Recipient | None = Field(
        default=None,
        description=N_("Who the letter goes to (a letter needs it; the print form has none)"))
    letter: LetterDetails
    questions: list[Question] = Field(default_factory=list)
    remarks: list[Remark] = Field(default_factory=list, description=N_("Sections before the answers"))
    closing_remarks: MarkdownText | None = Field(default=None, description=N_("Text after the answers"))
    phrases: PhraseOverrides | None = Field(
        default=None, description=N_("Phrases of this letter only (the keys of inquirygen.yaml's)"))
    body: MarkdownText | None = Field(
        default=None,
        description=N_("Free text of a letter without numbered questions (an interim reply)"))
    sections: list[Remark] = Field(
        default_factory=list, description=N_("Headed sections after the body, for a letter without "
                                             "numbered questions (a statement on a motion)"))


# Snippets ------------------------------------------------------------------------------------


class SnippetHeader(FileModel):
    """The front matter of a snippet file."""

    model_config = described(N_("The front matter of a snippet file."))

    title: Line | None = None
    tags: list[Line] = []
    description: PlainText | None = None
    variables: dict[str, PlainText | None] = Field(
        default_factory=dict, description=N_("Variables and their defaults (empty: must be given)"))
