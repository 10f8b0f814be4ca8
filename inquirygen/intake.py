"""An inquiry as it arrives (pasted text, .txt, .docx or .pdf) read into questions and its particulars.

Inquiries number their questions in many ways ("1.", "1)", "Frage 1:"), split them into a), b), run a
question over several lines or paragraphs, open with the questioner's preliminary remark and head the
text with who asks, when, under which Drucksache number and about what. This module finds all of that
where the text gives it; ``inquirygen new`` asks for the rest. Only numbers that count on (1, 2, 3 …)
start a question, so "am 3. Mai" inside a question stays where it is.
"""

from __future__ import annotations

import dataclasses
import datetime
import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

from .errors import InputNotFoundError, InquirygenError, display_path
from .i18n import _
from .model import GERMAN_MONTHS

QUESTION = re.compile(r"^(?:Frage\s+)?(\d{1,3}[a-z]?)\s*(?:[.):]|\s+-)\s*(.*)$", re.IGNORECASE)
SUB_QUESTION = re.compile(r"^([a-z])\s*[).]\s+(.*)$")
DRUCKSACHE = re.compile(r"^(?:Landtag\s+\S+\s+)?(?:Drucksache|Drs\.?)\s*(?:Nr\.?\s*)?(\d+\s*/\s*\d+)",
                        re.IGNORECASE)
RECEIVED = re.compile(r"^(?:Eingegangen|Eingang|Posteingang)\b", re.IGNORECASE)
KIND = re.compile(r"\b(Kleine|Große|Schriftliche|Mündliche)\s+Anfrage\b", re.IGNORECASE)
NUMERIC_DATE = re.compile(r"\b(\d{1,2})\.\s?(\d{1,2})\.\s?(\d{4})\b")
MONTHS = tuple(month.lower() for month in GERMAN_MONTHS)
LONG_DATE = re.compile(r"\b(\d{1,2})\.\s*(" + "|".join(MONTHS) + r")\s+(\d{4})\b", re.IGNORECASE)
QUESTIONER = re.compile(r"(?:Kleine\s+|Große\s+|Schriftliche\s+)?Anfrage\s+(?:der|des|von)\s+(.+?)"
                        r"(?:\s+vom\s+.*|\s+betr(?:effend|\.)?:?.*)?$", re.IGNORECASE)
SUBJECT = re.compile(r"^(?:Betreff|Betr\.|betr\.|Thema|Gegenstand)\s*:?\s*(.+)$")
REMARK_HEADING = re.compile(r"^Vorbemerkung", re.IGNORECASE)
ASKING = re.compile(r"^(?:(?:Ich|Wir)\s+frage[n]?\s|(?:Ich|Wir)\s+bitte[n]?\s+um\s|"
                    r"Vor diesem Hintergrund\s+frage)", re.IGNORECASE)
# "1. Wie …? 2. Welche …?" within running text: a number at the start or after white space.
INLINE_NUMBER = re.compile(r"(?:^|(?<=\s))(\d{1,3}[a-z]?)[.)]\s+")
# The next question on the same line, after a question mark: "Wie …? 2. Wann …?" (not "am 3. Mai").
AFTER_QUESTION_MARK = re.compile(r"(?<=\?)\s+(\d{1,3}[a-z]?)[.)]\s+")
# A signatory's line: "Dr. Anna Beispiel", "Max Muster (Beispielpartei)", "Anna Beispiel, MdL".
NAME = re.compile(r"^(?:(?:Dr|Prof)\.\s+)*[A-ZÄÖÜ][\wäöüß-]+(?:\s+[A-ZÄÖÜ][\wäöüß.-]+){1,3}"
                  r"(?:\s*\([^)]*\)|,\s*MdL|,\s*MdB)?$")
ABBREVIATION_END = re.compile(r"(?:str|Nr|Dr|Prof|bzw|usw|ggf|vgl|Abs|Tel|Fax|Az|ca|Ref|Drs)\.$")
SALUTATION = re.compile(r"^(?:Sehr\s+geehrte|Liebe|Hallo|Guten\s+Tag)", re.IGNORECASE)
CLOSING = re.compile(r"^(?:Mit freundlichen Grüßen|Freundliche Grüße|gez\.|i\.\s?A\.)", re.IGNORECASE)


@dataclass(frozen=True)
class ReceivedQuestion:
    """One question as the inquiry asked it, with its sub-questions (letter, text)."""

    number: str
    text: str
    parts: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class ReceivedInquiry:
    """What the inquiry's text gives; None where it says nothing."""

    questions: tuple[ReceivedQuestion, ...]
    questioner: str | None = None
    date: datetime.date | None = None
    drucksache: str | None = None
    subject: str | None = None
    remark: str | None = None
    kind: str | None = None  # "Kleine Anfrage" where the heading says so


def read_inquiry_file(path: Path) -> str:
    """The text of an inquiry file: .txt (UTF-8, else Windows' encoding), .docx (with Word's
    automatic numbers) or .pdf (through poppler's pdftotext)."""
    if not path.is_file():
        raise InputNotFoundError(_("{path}: no such file").format(path=display_path(path)))
    suffix = path.suffix.lower()
    if suffix == ".docx":
        return _docx_text(path)
    if suffix == ".pdf":
        return _pdf_text(path)
    if suffix in (".txt", ".text", ""):
        data = path.read_bytes()
        try:
            return data.decode("utf-8-sig")
        except UnicodeDecodeError:
            return data.decode("cp1252", errors="replace")
    raise InquirygenError(_("{path}: an inquiry is read from .txt, .docx or .pdf; copy its text and "
                            "paste it instead").format(path=display_path(path)))


def parse_inquiry(text: str) -> ReceivedInquiry:
    """The questions and particulars of an inquiry's text."""
    lines = [" ".join(line.replace("\u00a0", " ").split()) for line in text.splitlines()]
    starts = _question_lines(lines)
    if not starts:
        return ReceivedInquiry(tuple(ReceivedQuestion(number, question)
                                     for number, question in _inline_questions(" ".join(lines))))
    questions = []
    for index, start in enumerate(starts):
        end = starts[index + 1] if index + 1 < len(starts) else _closing(lines, start)
        questions.extend(_split_inline(_question(lines[start:end])))
    return dataclasses.replace(_particulars(lines[:starts[0]]), questions=tuple(questions))


def _question_lines(lines: list[str]) -> list[int]:
    """The lines where a question begins: its number counts on from the one before (numbers
    within the line, "1. Wie …? 2. Wann …?", count too)."""
    starts, expected, style = [], 1, None
    for index, line in enumerate(lines):
        match = QUESTION.match(line)
        # An inquiry keeps to one way of numbering: with "1)" a line beginning "2. Quartal" is text.
        if match and style is not None and _marker(line) != style:
            continue
        if match and _counts_on(match.group(1), expected) and match.group(2):
            style = _marker(line)
            starts.append(index)
            expected = _digits(match.group(1)) + 1
            for inline in AFTER_QUESTION_MARK.finditer(match.group(2)):
                if _counts_on(inline.group(1), expected):
                    expected = _digits(inline.group(1)) + 1
    return starts


def _marker(line: str) -> str:
    """How a question line is numbered: "Frage 1:", "1.", "1)", "1 -"."""
    found = re.match(r"^(Frage\s+)?\d{1,3}[a-z]?\s*([.):]|\s-)", line, re.IGNORECASE)
    return (("Frage " if found.group(1) else "") + found.group(2).strip()) if found else ""


def _counts_on(number: str, expected: int) -> bool:
    """The next number, or a lettered one after the last ("4a" after 4)."""
    return _digits(number) == (expected if number.isdigit() else expected - 1)


def _digits(number: str) -> int:
    """4 of "4a"."""
    return int(number.rstrip("abcdefghijklmnopqrstuvwxyz"))


def _split_inline(question: ReceivedQuestion) -> list[ReceivedQuestion]:
    """A question whose line holds the next ones too ("1. Wie …? 2. Wann …?"), split."""
    if question.parts:
        return [question]
    text, split, number, begin = question.text, [], question.number, 0
    for match in AFTER_QUESTION_MARK.finditer(text):
        following = match.group(1)
        if _counts_on(following, _digits(number) + 1):
            split.append(ReceivedQuestion(number, text[begin:match.start()].strip()))
            number, begin = following, match.end()
    return [*split, ReceivedQuestion(number, text[begin:].strip())] if split else [question]


def _closing(lines: list[str], start: int) -> int:
    """Where the last question ends: at the letter's closing, or at the signature set apart by an
    empty line (a few short lines, none of them a question)."""
    for index in range(start + 1, len(lines)):
        if CLOSING.match(lines[index]):
            return index
    end = len(lines)
    while end > start and not lines[end - 1]:
        end -= 1
    blank = next((i for i in range(end - 1, start, -1) if not lines[i]), None)
    if blank is not None:
        tail = [line for line in lines[blank:end] if line]
        if len(tail) <= 3 and all(len(line) < 60 and not line.endswith("?") and
                                  not SUB_QUESTION.match(line) for line in tail):
            return blank
    # Signed right below the last question, as Word and PDF texts have it: names after the "?".
    names = end
    while names - 1 > start and NAME.match(lines[names - 1]) and end - names < 3:
        names -= 1
    if names < end and lines[names - 1].endswith("?"):
        return names
    return end


def _question(lines: list[str]) -> ReceivedQuestion:
    match = QUESTION.match(lines[0])
    assert match is not None  # _question_lines chose the line by this pattern
    own: list[str] = [match.group(2)]
    parts: list[tuple[str, list[str]]] = []
    for line in lines[1:]:
        sub = SUB_QUESTION.match(line)
        expected = chr(ord("a") + len(parts))
        if sub and sub.group(1) == expected:
            parts.append((sub.group(1), [sub.group(2)]))
        elif line:
            (parts[-1][1] if parts else own).append(line)
    return ReceivedQuestion(match.group(1), " ".join(own).strip(),
                            tuple((letter, " ".join(text).strip()) for letter, text in parts))


def _inline_questions(text: str, first: int = 1) -> list[tuple[str, str]]:
    """Questions pasted as the inquiry numbered them ("1. …? 2. …?"), in order.

    Only numbers that count on (1, 2, 3 …; 4a after 4) split, so "am 3. Mai" inside a question stays.
    Text without numbering is one question.
    """
    text = " ".join(text.split())
    cuts: list[tuple[int, int, str]] = []
    expected = first
    for match in INLINE_NUMBER.finditer(text):
        number = match.group(1)
        leading = re.match(r"\d+", number)
        assert leading is not None  # INLINE_NUMBER's number starts with a digit
        digits = int(leading.group())
        if digits == expected or (cuts and digits == expected - 1 and not number.isdigit()):
            cuts.append((match.start(), match.end(), number))
            expected = digits + 1
    if not cuts:
        return [("", text)] if text else []
    questions = []
    for index, (_start, end, number) in enumerate(cuts):
        stop = cuts[index + 1][0] if index + 1 < len(cuts) else len(text)
        questions.append((number, text[end:stop].strip()))
    return [(number, question) for number, question in questions if question]


def _particulars(header: list[str]) -> ReceivedInquiry:
    """Questioner, date, Drucksache number, subject and preliminary remark from the lines before the
    first question (no questions yet)."""
    header = _joined_heading(header)
    questioner: str | None = None
    date: datetime.date | None = None
    drucksache: str | None = None
    subject: str | None = None
    dated_by: str | None = None  # the line that dated the inquiry with "den" or "vom"
    kind: str | None = None
    remark: list[str] = []
    in_remark = False
    prose = _prose_lines(header)
    for index, line in enumerate(header):
        if not line:
            continue
        found = DRUCKSACHE.match(line)  # "Siehe auch Drucksache 18/1234." in a remark is no number
        if found and drucksache is None:
            drucksache = found.group(1).replace(" ", "")
        if not RECEIVED.match(line):  # "Eingegangen: 18.03.2024" is the office's stamp
            own = _date(line)
            # "…, den 14.03.2024" or "Anfrage … vom 14.03.2024" is the inquiry's date above all others.
            if own is not None and (date is None or re.search(r"\b(?:den|vom)\s+\d", line)):
                date = own if date is None or dated_by is None else date
                dated_by = dated_by or (line if re.search(r"\b(?:den|vom)\s+\d", line) else None)
        named = KIND.search(line)
        if named and kind is None:
            kind = f"{named.group(1).capitalize()} Anfrage"
        asked_by = QUESTIONER.search(line)
        titled = SUBJECT.match(line)
        if asked_by and questioner is None:
            questioner = re.sub(r"^Abgeordnete[nr]?\s+", "", asked_by.group(1).strip().rstrip(","))
            following = next((other for other in header[index + 1:] if other), "")
            if subject is None and following and not _is_particular(following):
                subject = following.rstrip(".")
        elif titled and subject is None:
            subject = titled.group(1).strip()
        elif REMARK_HEADING.match(line):
            in_remark = True
            rest = line.split(":", 1)[1].strip() if ":" in line else ""
            if rest:
                remark.append(rest)
        elif ASKING.match(line):
            in_remark = False  # "Ich frage die Landesregierung:" ends the remark
        elif in_remark or index in prose or (len(line) >= 60 and not _is_particular(line)):
            remark.append(line)
    text = " ".join(line for line in remark if line != subject)
    return ReceivedInquiry((), questioner, date, drucksache, subject, text or None, kind)


def _prose_lines(header: list[str]) -> set[int]:
    """The lines of paragraphs that read as sentences: a preliminary remark without its heading.

    A paragraph is prose when it has a few words and ends as a sentence, and none of its lines is
    a particular (date, Drucksache, questioner, subject), a salutation or "Ich frage …". Addresses,
    "18. Wahlperiode" and "Sehr geehrte Damen und Herren," are not; "Die Radwege sind marode." is,
    however short its lines (a PDF wraps at the column, a clerk at will).
    """
    found: set[int] = set()
    start = 0
    for end in [*(i for i, line in enumerate(header) if not line), len(header)]:
        lines = [line for line in header[start:end] if line]
        indices = range(start, end)
        start = end + 1
        if not lines:
            continue
        text = " ".join(lines)
        # Ends as a sentence does ("… marode."), not as an abbreviation would ("Hauptstr.", "Nr.").
        sentence = re.search(r"[a-zäöüß]{3,}[.!…][\"“)]?$", text) and not ABBREVIATION_END.search(text)
        if (len(text.split()) >= 6 and sentence and not SALUTATION.match(lines[0])
                and not any(_is_particular(line) or ASKING.match(line) for line in lines)):
            found.update(index for index in indices if header[index])
    return found


def _joined_heading(header: list[str]) -> list[str]:
    """"Kleine Anfrage 1234" and "der Abgeordneten …" on the next line read as one line."""
    joined: list[str] = []
    for line in header:
        previous = next((other for other in reversed(joined) if other), "")
        if re.match(r"^(?:der|des|von)\s", line) and re.search(r"Anfrage(?:\s+\d+)?$", previous):
            while joined and not joined[-1]:
                joined.pop()
            joined[-1] = re.sub(r"\s+\d+$", "", joined[-1]) + " " + line
        else:
            joined.append(line)
    return joined


def _is_particular(line: str) -> bool:
    return bool(DRUCKSACHE.search(line) or _date(line) or QUESTIONER.search(line)
                or SUBJECT.match(line) or REMARK_HEADING.match(line) or QUESTION.match(line))


def _date(line: str) -> datetime.date | None:
    for pattern, month_of in ((NUMERIC_DATE, int), (LONG_DATE, lambda m: MONTHS.index(m.lower()) + 1)):
        match = pattern.search(line)
        if match:
            try:
                return datetime.date(int(match.group(3)), month_of(match.group(2)), int(match.group(1)))
            except ValueError:
                continue
    return None


def _docx_text(path: Path) -> str:
    """The paragraphs of a Word document, Word's automatic list numbers written out ("1.", "a)")."""
    import docx
    from docx.oxml.ns import qn

    try:
        document = docx.Document(str(path))
    except Exception as error:  # python-docx raises several kinds for a file that is no .docx
        raise InquirygenError(_("{path}: cannot be read as a Word document ({reason})").format(
            path=display_path(path), reason=type(error).__name__)) from None
    counters: dict[int, int] = {}  # list level → the number of its current item
    lines = []
    for paragraph in document.paragraphs:
        numbering = paragraph._p.find(f"{qn('w:pPr')}/{qn('w:numPr')}")
        style = paragraph.style
        while numbering is None and style is not None:  # a list style numbers its paragraphs
            numbering = style.element.find(f"{qn('w:pPr')}/{qn('w:numPr')}")
            style = style.base_style
        prefix = ""
        if numbering is not None and paragraph.text.strip():
            level_node = numbering.find(qn("w:ilvl"))
            level = int(str(level_node.get(qn("w:val")))) if level_node is not None else 0
            name = paragraph.style.name if paragraph.style is not None else ""
            if level == 0 and re.search(r"\s[2-9]$", name or ""):
                level = 1  # Word's "List Number 2": the level below, in a style of its own
            counters[level] = counters.get(level, 0) + 1
            for deeper in [other for other in counters if other > level]:
                del counters[deeper]  # a new item restarts the levels below it
            count = counters[level]
            prefix = f"{count}. " if level == 0 else f"{chr(ord('a') + count - 1)}) "
        lines.append(prefix + paragraph.text)
    return "\n".join(lines)


def _pdf_text(path: Path) -> str:
    tool = shutil.which("pdftotext")
    if tool is None:
        raise InquirygenError(_("{path}: reading a PDF needs pdftotext (the package poppler-utils); "
                                "or copy the text from the PDF and paste it").format(path=display_path(path)))
    try:
        result = subprocess.run([tool, "-enc", "UTF-8", str(path), "-"], capture_output=True,
                                timeout=60, check=False)
    except subprocess.TimeoutExpired:
        raise InquirygenError(_("{path}: pdftotext took longer than {seconds} s").format(
            path=display_path(path), seconds=60)) from None
    if result.returncode != 0:
        raise InquirygenError(_("{path}: cannot be read as a PDF").format(path=display_path(path)))
    return result.stdout.decode("utf-8", errors="replace").replace("\f", "\n")
