"""The schema of ``inquirygen.yaml``: the office, its signatories, phrases, numbering, paths and layout.

Built on the answer file's models (``schema.py``), so that the same rules for a line of text, and
the same "did you mean" for an unknown key, hold in both files.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import AfterValidator, BeforeValidator, Field, WithJsonSchema
from pydantic_core import PydanticCustomError

from .i18n import N_, _
from .schema import Contact, FileModel, Line, PhraseOverrides, Phrases, Signatory, described
from .settings import base_url


class OfficeSettings(FileModel):
    name: Line = Field(default="",
                       description=N_("Author of the documents, e.g. 'Kreis Recklinghausen'"))
    letterhead: list[Line] = Field(default_factory=list,
                                   description=N_("Lines of the first-page letterhead"))
    return_address: Line = Field(default="",
                                 description=N_("Small line above the address (Rücksendeangabe)"))
    footer: list[Line] = Field(default_factory=list, description=N_("Footer lines on every page"))
    logo: str | None = Field(default=None,
                             description=N_("Letterhead logo: a PNG or JPEG file in the workspace"))
    logo_alt: Line | None = Field(default=None,
                                  description=N_("Alt text of the logo (default: 'Logo <name>')"))
    contact: Contact | None = None


class NumberingSettings(FileModel):
    """How questions are numbered and referred to."""

    model_config = described(N_("How questions are numbered and referred to."))

    style: Literal["1.", "Frage 1:"] = Field(default="1.", description=N_("'1.' or 'Frage 1:'"))
    sub_style: Literal["a)", "1.1"] = Field(default="a)", description=N_("Sub-questions: 'a)' or '1.1'"))
    ranges: bool = Field(default=False, description=N_("'1 bis 3' for three or more questions in a row"))
    single: Line = Field(default="Frage:", description=N_("Label of the only question of an inquiry"))


class PathSettings(FileModel):
    """Folders and files, relative to the folder holding inquirygen.yaml."""

    model_config = described(N_("Folders and files, relative to the folder holding inquirygen.yaml."))

    template: str = "templates/answer_letter.docx"
    templates: str = Field(default="templates",
                           description=N_("Folder of the templates letter.template names"))
    answers: str = "answers"
    snippets: str = "answers/snippets"
    output: str = "out"
    archive: str = "archive"


class PdfSettings(FileModel):
    """How LibreOffice is found and how long it may take."""

    model_config = described(N_("How LibreOffice is found and how long it may take."))

    soffice: str = Field(default="soffice",
                         description=N_("The soffice program: a name on PATH or a full path"))
    timeout: float = Field(default=120.0, gt=0, le=3600,
                           description=N_("Seconds one conversion may take (at most 3600: an hour)"))
    listener_idle: float = Field(
        default=300.0, ge=0, le=86400,
        description=N_("Seconds a LibreOffice kept running for build --pdf waits for the next letter before "
                       "it stops (0: none is started, each PDF starts LibreOffice anew; at most 86400)"))


class LayoutSettings(FileModel):
    """The marks inquirygen places on the first page, in the template's left margin."""

    model_config = described(N_("The marks inquirygen places on the first page, in the template's left "
                                "margin."))

    fold_marks: bool = Field(default=True,
                             description=N_("Fold marks and the hole mark on page 1 (false: none)"))
    form: Annotated[Literal["A", "B"], BeforeValidator(lambda value: value.upper() if isinstance(value, str)
                                                       else value)] = Field(
        default="B", description=N_("DIN 5008 form: the fold marks at 87 and 192 mm (A) or 105 and 210 mm "
                                    "(B); the address field's place is the template's"))

    def fold_mark_heights(self) -> tuple[float, ...]:
        """Millimetres from the top of the page of the fold marks; none when they are switched off."""
        if not self.fold_marks:
            return ()
        return (87.0, 192.0) if self.form == "A" else (105.0, 210.0)

    def hole_mark_height(self) -> float | None:
        """The hole mark marks the middle of the page for the punch, in both forms."""
        return 148.5 if self.fold_marks else None


def _base_url(value: str) -> str:
    """An http(s) address with a host and nothing after the path, without its last "/"."""
    url = base_url(value)
    if url is None:
        raise PydanticCustomError(
            "web_address", _("'{value}' is not a web address that OParl can use: write it with "
                             "https:// (or http://), without '?' or '#', e.g. https://ris.example.de/oparl"),
            {"value": value.strip()})
    return url


BaseUrl = Annotated[str, AfterValidator(_base_url), WithJsonSchema({
    "type": "string", "pattern": r"^https?://[^\s?#]+$",
    "description": N_("A web address: https://ris.example.de/oparl")})]


class OparlSettings(FileModel):
    """Where the office publishes its archived letters, for the OParl export."""

    model_config = described(N_("Where the office publishes its archived letters, for the OParl export "
                                "(archive export --format oparl)."))

    base_url: BaseUrl | None = Field(
        default=None, description=N_("The public web address under which the office serves the "
                                     "exported papers and their files, e.g. https://ris.example.de/oparl; "
                                     "the OParl export needs it"))


# The Länder by the codes of the ``holidays`` package (ISO 3166-2:DE without "DE-").
State = Literal["BB", "BE", "BW", "BY", "HB", "HE", "HH", "MV", "NI", "NW", "RP", "SH", "SL", "SN", "ST",
                "TH"]


class DeadlineRule(FileModel):
    """How the deadline of one kind of inquiry is computed from the day it was received."""

    model_config = described(N_("How the deadline of one kind of inquiry is computed from the day it was "
                                "received."))

    days: int = Field(ge=1, le=366, description=N_("Days from 'inquiry.received' to the deadline"))
    count: Literal["calendar", "working"] = Field(
        default="calendar", description=N_("'calendar' days, or 'working' days (Monday to Friday, "
                                           "without the Land's public holidays)"))
    state: State | None = Field(
        default=None, description=N_("The Land whose public holidays count, e.g. NW, BE, BY"))
    on_holiday: Literal["next_working_day", "previous_working_day", "keep"] = Field(
        default="next_working_day",
        description=N_("A deadline on a weekend or public holiday: moved to the next or previous "
                       "working day, or kept"))


class Department(FileModel):
    """A department that contributes answers (inquirygen ask and collect)."""

    model_config = described(N_("A department that contributes answers (inquirygen ask and collect)."))

    name: Line = Field(description=N_("Its name as the forms print it, e.g. 'Ordnungsamt'"))
    email: Line | None = Field(default=None, description=N_("Its e-mail address, for sending the form"))


class SignoffSettings(FileModel):
    """Which sign-offs a letter needs before it goes out (check --final, build --final, archive)."""

    model_config = described(N_("Which sign-offs a letter needs before it goes out (check --final, "
                                "build --final, archive)."))

    required: list[Literal["drafted", "cosigned", "signed_off"]] = Field(
        default_factory=list, description=N_("Any of drafted, cosigned, signed_off"))


class WorkspaceConfig(FileModel):
    """``inquirygen.yaml``: the office, its signatories, standard phrases and paths."""

    model_config = described(N_("``inquirygen.yaml``: the office, its signatories, standard phrases and "
                                "paths."))

    office: OfficeSettings = OfficeSettings()
    template_offices: dict[str, OfficeSettings] = Field(
        default_factory=dict, description=N_("Office details for letters in another template, by its name"))
    signatories: dict[str, Signatory] = Field(default_factory=dict)
    phrases: Phrases = Phrases()
    template_phrases: dict[str, PhraseOverrides] = Field(
        default_factory=dict, description=N_("Phrases for letters in another template, by its name"))
    template_forms: dict[str, Literal["letter", "print"]] = Field(
        default_factory=dict, description=N_("'print' for a template of the Landtag's print form "
                                             "(no address, salutation, closing or signature)"))
    kind_phrases: dict[str, PhraseOverrides] = Field(
        default_factory=dict, description=N_("Phrases for a kind of inquiry (inquiry.kind), by kind; "
                                             "'Zwischennachricht' for interim replies"))
    numbering: NumberingSettings = NumberingSettings()
    paths: PathSettings = PathSettings()
    pdf: PdfSettings = PdfSettings()
    layout: LayoutSettings = LayoutSettings()
    oparl: OparlSettings = OparlSettings()
    deadlines: dict[str, DeadlineRule] = Field(
        default_factory=dict, description=N_("Deadline rules by kind of inquiry (inquiry.kind); "
                                             "'default' for every other kind"))
    departments: dict[str, Department] = Field(
        default_factory=dict, description=N_("The departments, by the key that questions[].department "
                                             "names"))
    signoff: SignoffSettings = SignoffSettings()
