"""YAML files → validated records, with every schema problem located at its line and column."""

from __future__ import annotations

import typing
from dataclasses import field
from pathlib import Path
from typing import TypeVar

from .answerfile import (
    AnswerFile,
    Inquiry,
    LetterDetails,
    PhraseOverrides,
    Question,
    Recipient,
    Remark,
)
from .errors import Problem
from .frozen import frozen
from .i18n import _
from .records import Record
from .yamlfile import PathKey, YamlDocument, YamlValue, read_yaml_file

Rec = TypeVar("Rec", bound=Record)


@frozen
class AnswerParts:
    """The sections of an answer file that are valid on their own (``None`` where one is not).

    When the file as a whole fails the schema, the checks of later stages (ids, references, snippets,
    signatory) still run on these parts, so that one run reports every problem.
    """

    inquiry: Inquiry | None
    recipient: Recipient | None
    letter: LetterDetails | None
    questions: list[Question | None]
    remarks: list[Remark | None]
    closing_remarks: str | None
    body: str | None
    phrases: PhraseOverrides | None = None
    sections: list[Remark | None] = field(default_factory=list)


@frozen
class LoadedAnswers:
    """An answer file read from YAML, with the positions of its values for later stages."""

    path: Path
    document: YamlDocument
    answers: AnswerFile | None  # None when the schema found errors
    parts: AnswerParts


def load_answer_file(path: Path, problems: list[Problem]) -> LoadedAnswers | None:
    """Read and validate one answer file; every problem is appended, ``None`` if nothing is usable."""
    document = read_yaml_file(path, problems)
    if document is None:
        return None
    answers = validate_document(document, AnswerFile, problems)
    if answers is not None:
        parts = AnswerParts(answers.inquiry, answers.recipient, answers.letter,
                            list(answers.questions), list(answers.remarks), answers.closing_remarks,
                            answers.body, answers.phrases, list(answers.sections))
        return LoadedAnswers(path, document, answers, parts)
    if not isinstance(document.data, dict):
        return None
    return LoadedAnswers(path, document, None, _salvage(document.data))


def _salvage(data: dict[str, YamlValue]) -> AnswerParts:
    from pydantic import ValidationError  # only files with errors come here

    def part(record: type[Rec], value: YamlValue) -> Rec | None:
        try:
            return record.validate(value)
        except ValidationError:
            return None

    def items(record: type[Rec], key: str) -> list[Rec | None]:
        value = data.get(key)
        return [part(record, item) for item in value] if isinstance(value, list) else []

    def text(key: str) -> str | None:
        value = data.get(key)
        return value if isinstance(value, str) else None

    return AnswerParts(
        part(Inquiry, data.get("inquiry")),
        part(Recipient, data.get("recipient")),
        part(LetterDetails, data.get("letter")),
        items(Question, "questions"),
        items(Remark, "remarks"),
        text("closing_remarks"),
        text("body"),
        part(PhraseOverrides, data.get("phrases")),
        items(Remark, "sections"),
    )


def close_match(word: str, choices: typing.Iterable[str]) -> str | None:
    """The choice that ``word`` is most likely a misspelling of, if one is close enough."""
    import difflib  # only a mistake needs it

    matches = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return matches[0] if matches else None


def did_you_mean(word: str, choices: typing.Iterable[str]) -> str:
    """`` (did you mean 'x'?)`` for a close match, else an empty string (to end a message with)."""
    match = close_match(word, choices)
    return " " + _("(did you mean '{match}'?)").format(match=match) if match else ""


def validate_document(document: YamlDocument, record: type[Rec], problems: list[Problem],
                      what: str = "file") -> Rec | None:
    """The document's data as ``record``; each schema error becomes a located problem.

    A value as valid files write it is read without pydantic (:meth:`Record.checked`); anything
    else goes to the record's pydantic model, whose errors become the messages.
    ``what`` names the document in messages: "file", "configuration" or "front matter".
    """
    data = document.data
    if data is None:
        problems.append(Problem(document.path, 1 + document.line_offset, 1, _empty(what)))
        return None
    if not isinstance(data, dict):
        problems.append(document.problem((), _not_lines(what)))
        return None
    checked = record.checked(data)
    if checked is not None:
        return checked
    from .schemaerrors import validated

    return validated(document, record, problems)


def _empty(what: str) -> str:
    if what == "configuration":
        message = _("the configuration is empty")
    elif what == "front matter":
        message = _("the front matter is empty")
    else:
        message = _("the file is empty")
    return message


def _not_lines(what: str) -> str:
    if what == "configuration":
        message = _("the configuration must consist of 'key: value' lines")
    elif what == "front matter":
        message = _("the front matter must consist of 'key: value' lines")
    else:
        message = _("the file must consist of 'key: value' lines")
    return message


def missing_key(document: YamlDocument, path: PathKey) -> Problem:
    """"missing key 'date' in 'letter'", at the key of the mapping it belongs in."""
    name, parent = path[-1], path[:-1]
    if parent and isinstance(parent[-1], int):
        message = _("missing key '{key}' in entry {number} of '{list}'").format(
            key=name, number=parent[-1] + 1, list=parent[-2])
    elif parent:
        message = _("missing key '{key}' in '{parent}'").format(key=name, parent=parent[-1])
    else:
        message = _("missing key '{key}'").format(key=name)
    line, column = _missing_location(document, parent)
    return Problem(document.path, line, column, message,
                   hint=_("add '{key}:' with its value").format(key=name))


def _missing_location(document: YamlDocument, parent: PathKey) -> tuple[int | None, int | None]:
    """A missing key is reported at the key of the mapping it belongs in (or the file's first line)."""
    if not parent:
        return (1 + document.line_offset, 1)
    if isinstance(parent[-1], int):
        return document.locate(parent)
    return document.locate(parent, key=True)
