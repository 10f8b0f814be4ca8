"""Letters that would go out silently wrong: warnings in ``build`` and ``check``, errors with ``--final``.

Each finding is something a hurried clerk does and the letter would carry without a word: a
placeholder left in, a question typed with its own number, the next answer pasted into this one, a
salutation that is not one, text YAML takes for a comment, a letter dated before the inquiry, two
questions answered with the same text. A comment ``# inquirygen: ok`` on the line of a finding (or
the line above it) silences these warnings there, for the places where the text is meant so (not
an unanswered question or a missing signatory).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..errors import Problem
from ..i18n import _
from ..model import format_date
from ..yamlfile import PathKey, YamlDocument, YamlValue
from .context import FileContext
from .numbering import NumberedEntry

# Codes of the findings below; --final turns them (and "unanswered") into errors.
FINAL_CODES = frozenset({"unanswered", "placeholder", "signatory", "dates", "salutation", "signoff",
                         "own-number", "next-answer", "comment", "unknown-variable", "swallowed-key",
                         "single-brace"})
# What "# inquirygen: ok" may silence: not a missing answer or signature, which no letter may lack.
SILENCEABLE = frozenset({"placeholder", "dates", "salutation", "own-number", "next-answer", "comment",
                         "same-response", "layout", "swallowed-key", "single-brace"})
SILENCE = re.compile(r"#\s*inquirygen:\s*ok\b", re.IGNORECASE)
# Left for later and forgotten: XXX, TODO, ?? and bracketed fill-ins such as [Name] or [Datum].
PLACEHOLDER = re.compile(
    r"\b(?:X{3,}|x{3,})\b|\bTODO\b|\bTBD\b|(?<![\w?])\?{2,}|"
    r"\[(?:Name|Vorname|Nachname|Datum|Zahl|Anzahl|Betrag|Ort|"
    r"Titel|Frist|Aktenzeichen|Amt|Stelle|Einfügen|einfügen|Ergänzen|ergänzen|Platzhalter|"
    r"Text)[^\]\n]{0,30}\]")
# "4. Wie viele …", "4) Wie …", "Frage 4: Wie …", "4a) …": the question's own number.
OWN_NUMBER = re.compile(r"^\s*(?:Frage\s+)?(\d+\s*[a-z]?)\s*[.):]\s", re.IGNORECASE)
# "b) mit Fördermitteln?" as sub-question b: its own letter.
OWN_LETTER = re.compile(r"^\s*([a-z])\)\s")
# A key of the answer file inside a response: a "- question:" indented too far became answer text.
SWALLOWED_KEY = re.compile(r"^[ \t]*(?:-[ \t]+)?(question|response|parts|see|together_with|id):(?:[ \t]|$)",
                           re.MULTILINE)
# "{ ref("a") }" with single braces is printed as typed; ref() and snippet() need two.
SINGLE_BRACE = re.compile(r"(?<!\{)\{\s*(?:ref|snippet)\s*\(.*?\)\s*\}(?!\})")
# A line in a response that starts the answer to another question: "Zu Frage 3:", "Zu 3.:".
NEXT_ANSWER = re.compile(r"^[ \t]*(?:\*\*)?Zu\s+(?:(?:den\s+)?Fragen?\s+)?(\d+\s*[a-z]?)\s*[.):]",
                         re.IGNORECASE | re.MULTILINE)
# Keys whose values are prose: a " #" in them is text the clerk meant, not a comment.
PROSE_LINE = re.compile(
    r"^\s*(?:-\s+)?(?:question|response|text|title|subject|salutation|questioner|intro|closing)?"
    r"(?::\s+|-\s+)(?P<value>[^\"'|>\[{#\s](?:[^#\n]|(?<!\s)#)*?)(?P<gap>\s+)(?P<comment>#.*)$")


def check_plausibility(ctx: FileContext, entries: list[NumberedEntry]) -> None:
    """Every finding of this file, as warnings (``--final`` makes them errors)."""
    for path, text in _strings(ctx.document.data, ()):
        marker = SILENCE.search(text)
        if marker:
            _warn_in_text(ctx, path, text, marker,
                          _("'{marker}' stands inside the text and would be printed").format(
                              marker=marker.group()),
                          _("put it on a line of its own above the key, as a comment"), "comment")
        for match in PLACEHOLDER.finditer(text):
            _warn_in_text(ctx, path, text, match,
                          _("placeholder '{placeholder}' left in the text").format(
                              placeholder=match.group()),
                          _("fill it in before the letter goes out"), "placeholder")
    _check_questions(ctx, entries)
    _check_dates(ctx)
    _check_signoff(ctx)
    _check_departments(ctx)
    _check_salutation(ctx)
    _check_comments(ctx)


def _check_signoff(ctx: FileContext) -> None:
    """The sign-offs inquirygen.yaml requires (``signoff.required``) that the letter lacks."""
    required = list(ctx.workspace.config.signoff.required)
    if not required or ctx.parts.letter is None:
        return
    from ..workflow.signoff import missing_sentence, missing_steps

    for step in missing_steps(ctx.parts.letter, required):
        ctx.error(("letter",), missing_sentence(step),
                  hint=_("add it under 'signoff:' in 'letter:' with 'name:' and 'date:' (see the README)"),
                  key=True, severity="warning", code="signoff")


def _check_departments(ctx: FileContext) -> None:
    """A question's department must be one of inquirygen.yaml's, else ask and status cannot name it."""
    known = ctx.workspace.config.departments
    for index, question in enumerate(ctx.parts.questions):
        if question is not None and question.department is not None and question.department not in known:
            from ..loader import did_you_mean

            ctx.error(("questions", index, "department"),
                      _("unknown department '{department}'{suggestion}").format(
                          department=question.department,
                          suggestion=did_you_mean(question.department, known)),
                      hint=_("name a department of 'departments' in inquirygen.yaml"),
                      severity="warning", code="department")


def _check_questions(ctx: FileContext, entries: list[NumberedEntry]) -> None:
    by_response: dict[str, NumberedEntry] = {}
    numbers = {entry.number.replace(" ", "") for entry in entries}
    for entry in entries:
        question = entry.question
        _check_own_number(ctx, entry)
        response = question.response or ""
        for found in SWALLOWED_KEY.finditer(response):
            _warn_in_text(ctx, entry.path + ("response",), response, found,
                          _("'{line}' stands in the response text: it is indented so far that it became "
                            "part of the answer above").format(line=found.group().strip()),
                          _("start '{key}:' in the column of the other keys of its question, as "
                            "'question:' and 'response:' above it").format(key=found.group(1)),
                          "swallowed-key")
        for found in SINGLE_BRACE.finditer(response):
            _warn_in_text(ctx, entry.path + ("response",), response, found,
                          _("'{call}' has single braces and would be printed as it stands").format(
                              call=found.group()),
                          _("write two braces on each side: {braces}").format(braces="{{ … }}"),
                          "single-brace")
        for found in NEXT_ANSWER.finditer(response):
            number = found.group(1).replace(" ", "")
            if number in numbers and number != entry.number.replace(" ", ""):
                _warn_in_text(ctx, entry.path + ("response",), response, found,
                              _("the response seems to contain the answer to question {number} "
                                "('{line}')").format(number=number, line=found.group().strip()),
                              _("move that part into the response of question {number}").format(
                                  number=number), "next-answer")
        normalised = " ".join(response.split())
        if len(normalised) >= 20:
            earlier = by_response.get(normalised)
            if earlier is not None:
                ctx.error(entry.path + ("response",),
                          _("questions {first} and {second} have the same response").format(
                              first=earlier.number, second=entry.number),
                          hint=_("answer them together: 'together_with:' with the other question's id "
                                 "prints one answer for both"),
                          severity="warning", code="same-response")
            else:
                by_response[normalised] = entry


def _check_own_number(ctx: FileContext, entry: NumberedEntry) -> None:
    """A question typed with its own number ("4. Wie …") or a sub-question with its own letter
    ("b) im Süden?"); only its own: "2. Quartal 2024 …" at the start of question 1 is text."""
    text = entry.question.question or ""
    number, letter = OWN_NUMBER.match(text), OWN_LETTER.match(text)

    def report(message: str, hint: str, found: re.Match[str]) -> None:
        ctx.error(entry.path + ("question",), message.format(number=found.group().strip(),
                                                             label=entry.label),
                  hint=hint, severity="warning", code="own-number")

    if number and number.group(1).replace(" ", "").lower() == entry.number.replace(" ", "").lower():
        report(_("the question begins with its own number '{number}'; inquirygen numbers it, so the "
                 "letter would print '{label} {number}'"),
               _("delete the number at the start of the question"), number)
    elif letter and re.search(rf"(?:^|[\s.]){letter.group(1)}\)?$", entry.number):
        report(_("the question begins with its own letter '{number}'; inquirygen numbers it, so the "
                 "letter would print '{label} {number}'"),
               _("delete the letter at the start of the question"), letter)


def _check_dates(ctx: FileContext) -> None:
    inquiry, letter = ctx.parts.inquiry, ctx.parts.letter
    if inquiry is None or letter is None or inquiry.date is None:
        return
    if letter.date < inquiry.date:
        ctx.error(("letter", "date"),
                  _("the letter is dated {letter_date}, before the inquiry of {inquiry_date}").format(
                      letter_date=format_date(letter.date), inquiry_date=format_date(inquiry.date)),
                  hint=_("check both dates"), severity="warning", code="dates")


def _check_salutation(ctx: FileContext) -> None:
    """"Frau Krieg," is taken as a whole line and printed as it is, without "Sehr geehrte"."""
    recipient = ctx.parts.recipient
    given = (recipient.salutation or "").strip() if recipient is not None else ""
    if given.endswith(",") and given.split(" ", 1)[0] in ("Frau", "Herr"):
        name = given.rstrip(",").strip()
        polite = "Sehr geehrter" if name.startswith("Herr") else "Sehr geehrte"
        ctx.error(("recipient", "salutation"),
                  _("the salutation '{salutation}' would be printed as it is, without '{polite}'"
                    ).format(salutation=given, polite=polite),
                  hint=_("write '{name}' without the comma for '{polite} {name},'").format(
                      name=name, polite=polite),
                  severity="warning", code="salutation")


def _check_comments(ctx: FileContext) -> None:
    """A " #" after unquoted prose starts a YAML comment: the rest of the line is not in the letter."""
    offset = ctx.document.line_offset
    for number, line in enumerate(ctx.document.lines, 1):
        match = PROSE_LINE.match(line)
        if match is None or SILENCE.search(match.group("comment")):
            continue
        value, comment = match.group("value").strip(), match.group("comment")
        # "signatory: landrat  # Landrat", "questioner: …   # printed after": a note set apart by
        # two spaces or more and a space after '#', as YAML style has it, is meant as a comment.
        if len(match.group("gap")) >= 2 and comment[1:2] in (" ", ""):
            continue
        if " " not in value and not comment[1:2].isalnum():
            continue
        ctx.problems.append(Problem(
            ctx.loaded.path, number + offset, match.start("comment") + 1,
            _("the text after '#' is not part of the value: '{comment}' is read as a comment, the "
              "letter would end at '{end}'").format(comment=comment, end=_last_words(value)),
            _("put the whole value in quotes, or write it as a block ('|' and the text on the next "
              "lines)"), "warning", "comment"))


def silence(problems: list[Problem], start: int, document: YamlDocument) -> None:
    """Drop the warnings from ``problems[start]`` on where ``# inquirygen: ok`` stands on their line
    or the line above it, as a comment (inside a block of text it is text, and silences nothing)."""
    lines = document.lines
    texts = [text for _, text in _strings(document.data, ()) if SILENCE.search(text)]

    def is_comment(index: int) -> bool:
        found = SILENCE.search(lines[index]) if 0 <= index < len(lines) else None
        return found is not None and not any(lines[index][found.start():].strip() in text
                                             for text in texts)

    def silenced(problem: Problem) -> bool:
        if problem.is_error or problem.line is None or problem.code not in SILENCEABLE:
            return False
        index = problem.line - document.line_offset - 1
        return is_comment(index) or is_comment(index - 1)

    problems[start:] = [problem for problem in problems[start:] if not silenced(problem)]


def _warn_in_text(ctx: FileContext, path: PathKey, text: str, match: re.Match[str], message: str,
                  hint: str, code: str) -> None:
    """A warning at ``match`` inside a text value where its place in the file is known, else at the
    value (quoted or folded text does not map line for line)."""
    if not _lines_map(ctx, path, text):
        ctx.error(path, message, hint=hint, severity="warning", code=code)
        return
    start = match.start() + len(match.group()) - len(match.group().lstrip())
    ctx.error_in_text(path, text.count("\n", 0, start), match.group().strip(), text, message, hint,
                      severity="warning", after=start - (text.rfind("\n", 0, start) + 1), code=code)


def _lines_map(ctx: FileContext, path: PathKey, text: str) -> bool:
    """Whether a place inside ``text`` maps to its file position line for line: in a literal block
    (``|``) and in a plain one-line value, not where quotes escape or folding joins lines."""
    node = ctx.document.value_nodes.get(path)
    style = getattr(node, "style", None)
    return style == "|" or (style is None and "\n" not in text)


def _last_words(value: str) -> str:
    """The end of a value, from the start of a word: what the letter would end with."""
    if len(value) <= 30:
        return value
    tail = value[-30:]
    return tail.split(" ", 1)[1] if " " in tail else tail


def _strings(value: YamlValue, path: PathKey) -> Iterator[tuple[PathKey, str]]:
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _strings(item, (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _strings(item, (*path, index))
