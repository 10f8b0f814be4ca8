"""inquirygen.yaml as records: the office, its signatories, phrases, numbering, paths, PDF, layout, OParl.

One record per model of ``config.py``, with the same name and fields (see ``records.py``).
"""

from typing import Annotated, Any, Literal, TypeAlias
from urllib.parse import urlsplit

from .answerfile import Contact, Line, PhraseOverrides, Phrases, Signatory
from .records import UNSURE, Above, AtLeast, Record, Rule, Upper, factory


def base_url(value: str) -> str | None:
    """An http(s) address with a host and nothing after the path, without its last "/"; ``None``
    for anything else."""
    text = value.strip()
    try:
        parts = urlsplit(text)
        # No user and password: they would be published with every exported paper.
        valid = bool(parts.scheme in ("http", "https") and parts.hostname and parts.port != 0
                     and "@" not in parts.netloc)
    except ValueError:  # a port that is no number, an unclosed "[" of an IPv6 address
        valid = False
    if not valid or parts.query or parts.fragment or "?" in text or "#" in text or any(
            character.isspace() for character in text):
        return None
    # Every address is formed as base_url + "/paper/…": one "/" between them, however it is written.
    return text.rstrip("/")


def _base_url(value: str) -> Any:
    url = base_url(value)
    return UNSURE if url is None else url


BaseUrl: TypeAlias = Annotated[str, Rule(_base_url)]


class OfficeSettings(Record):
    name: Line = ""
    letterhead: list[Line] = factory(list)
    return_address: Line = ""
    footer: list[Line] = factory(list)
    logo: str | None = None
    logo_alt: Line | None = None
    contact: Contact | None = None


class NumberingSettings(Record):
    style: Literal["1.", "Frage 1:"] = "1."
    sub_style: Literal["a)", "1.1"] = "a)"
    ranges: bool = False
    single: Line = "Frage:"


class PathSettings(Record):
    template: str = "templates/answer_letter.docx"
    templates: str = "templates"
    answers: str = "answers"
    snippets: str = "answers/snippets"
    output: str = "out"
    archive: str = "archive"


class PdfSettings(Record):
    soffice: str = "soffice"
    timeout: Annotated[float, Above(0, 3600)] = 120.0
    listener_idle: Annotated[float, AtLeast(0, 86400)] = 300.0


class LayoutSettings(Record):
    fold_marks: bool = True
    form: Annotated[Literal["A", "B"], Upper()] = "B"

    def fold_mark_heights(self) -> tuple[float, ...]:
        """Millimetres from the top of the page of the fold marks; none when they are switched off."""
        if not self.fold_marks:
            return ()
        return (87.0, 192.0) if self.form == "A" else (105.0, 210.0)

    def hole_mark_height(self) -> float | None:
        """The hole mark marks the middle of the page for the punch, in both forms."""
        return 148.5 if self.fold_marks else None


class OparlSettings(Record):
    base_url: BaseUrl | None = None


State: TypeAlias = Literal["BB", "BE", "BW", "BY", "HB", "HE", "HH", "MV", "NI", "NW", "RP", "SH", "SL",
                           "SN", "ST", "TH"]


class DeadlineRule(Record):
    days: Annotated[int, AtLeast(1, 366)]
    count: Literal["calendar", "working"] = "calendar"
    state: State | None = None
    on_holiday: Literal["next_working_day", "previous_working_day", "keep"] = "next_working_day"


class Department(Record):
    name: Line
    email: Line | None = None


class SignoffSettings(Record):
    required: list[Literal["drafted", "cosigned", "signed_off"]] = factory(list)


class WorkspaceConfig(Record):
    office: OfficeSettings = OfficeSettings()
    template_offices: dict[str, OfficeSettings] = factory(dict)
    signatories: dict[str, Signatory] = factory(dict)
    phrases: Phrases = Phrases()
    template_phrases: dict[str, PhraseOverrides] = factory(dict)
    template_forms: dict[str, Literal["letter", "print"]] = factory(dict)
    kind_phrases: dict[str, PhraseOverrides] = factory(dict)
    numbering: NumberingSettings = NumberingSettings()
    paths: PathSettings = PathSettings()
    pdf: PdfSettings = PdfSettings()
    layout: LayoutSettings = LayoutSettings()
    oparl: OparlSettings = OparlSettings()
    deadlines: dict[str, DeadlineRule] = factory(dict)
    departments: dict[str, Department] = factory(dict)
    signoff: SignoffSettings = SignoffSettings()
