"""YAML files → validated schema objects, with every schema problem located at its line and column."""

from __future__ import annotations

import difflib
import types
import typing
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from .errors import Problem
from .schema import (
    AnswerFile,
    Inquiry,
    LetterDetails,
    PhraseOverrides,
    Question,
    Recipient,
    Remark,
)
from .yamlfile import PathKey, YamlDocument, YamlValue, read_yaml_file

Model = TypeVar("Model", bound=BaseModel)


@dataclass(frozen=True)
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


@dataclass(frozen=True)
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
    def part(model: type[Model], value: YamlValue) -> Model | None:
        try:
            return model.model_validate(value)
        except ValidationError:
            return None

    def items(model: type[Model], key: str) -> list[Model | None]:
        value = data.get(key)
        return [part(model, item) for item in value] if isinstance(value, list) else []

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


def did_you_mean(word: str, choices: typing.Iterable[str]) -> str:
    """`` (did you mean 'x'?)`` for a close match, else an empty string."""
    matches = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f" (did you mean '{matches[0]}'?)" if matches else ""


def validate_document(document: YamlDocument, model: type[Model], problems: list[Problem],
                      what: str = "file") -> Model | None:
    """Validate the document's data against ``model``; each schema error becomes a located problem."""
    data = document.data
    if data is None:
        problems.append(Problem(document.path, 1 + document.line_offset, 1, f"the {what} is empty"))
        return None
    if not isinstance(data, dict):
        problems.append(document.problem((), f"the {what} must consist of 'key: value' lines"))
        return None
    try:
        return model.model_validate(data)
    except ValidationError as error:
        details = error.errors(include_url=False)
        misspelt = _misspelt_keys(document, model, details)
        seen: set[tuple[int | None, int | None, str]] = set()
        for detail in details:
            if detail["type"] == "missing" and _data_path(data, detail["loc"]) in misspelt:
                continue  # "unknown key 'subjet' (did you mean 'subject'?)" already says it
            problem = _problem_from_error(document, model, detail)
            key = (problem.line, problem.column, problem.message)
            if key not in seen:
                seen.add(key)
                problems.append(problem)
        return None


def _misspelt_keys(document: YamlDocument, model: type[BaseModel], details: list[ErrorDetails]
                   ) -> set[PathKey]:
    """Paths of missing keys that an unknown key next to them is a misspelling of."""
    result: set[PathKey] = set()
    for detail in details:
        if detail["type"] != "extra_forbidden":
            continue
        path = _data_path(document.data, detail["loc"])
        matches = difflib.get_close_matches(str(path[-1]), _field_names(model, path[:-1]), n=1,
                                            cutoff=0.6)
        if matches:
            result.add(path[:-1] + (matches[0],))
    return result


def _data_path(data: YamlValue, loc: tuple[int | str, ...]) -> PathKey:
    """The part of pydantic's ``loc`` that names real keys and indexes (union tags dropped)."""
    path: list[str | int] = []
    current = data
    for part in loc:
        if isinstance(current, list) and isinstance(part, int) and 0 <= part < len(current):
            path.append(part)
            current = current[part]
        elif (isinstance(current, dict) and isinstance(part, str)
              and (part in current or not _is_union_tag(part))):
            path.append(part)  # a missing or unknown key is kept too, for the message
            current = current.get(part)
    return tuple(path)


def _is_union_tag(part: str) -> bool:
    return part in ("key", "inline") or part[:1].isupper()


def _field_names(model: type[BaseModel], path: PathKey) -> list[str]:
    """Field names of the (nested) model at ``path``, for "did you mean"."""
    current: Any = model
    for part in path:
        current = _unwrap(current)
        if isinstance(current, type) and issubclass(current, BaseModel):
            field = current.model_fields.get(str(part))
            if field is None:
                return []
            current = field.annotation
        elif typing.get_origin(current) in (list, dict):
            current = typing.get_args(current)[-1]
        else:
            return []
    current = _unwrap(current)
    if isinstance(current, type) and issubclass(current, BaseModel):
        return list(current.model_fields)
    return []


def _unwrap(annotation: Any) -> Any:
    """Strip Optional/Annotated/Union down to the model or container inside."""
    while True:
        origin = typing.get_origin(annotation)
        if origin is typing.Annotated:
            annotation = typing.get_args(annotation)[0]
        elif origin in (typing.Union, types.UnionType):
            candidates = [a for a in typing.get_args(annotation) if a is not type(None)]
            models = [a for a in candidates if _unwrap(a) is not a or
                      (isinstance(a, type) and issubclass(a, BaseModel))]
            annotation = (models or candidates)[-1]
        else:
            return annotation


def _describe(value: Any) -> str:
    if isinstance(value, dict):
        return "a mapping of keys"
    if isinstance(value, list):
        return "a list"
    if value is None:
        return "empty"
    return f"'{value}'"


def _problem_from_error(document: YamlDocument, model: type[BaseModel], detail: ErrorDetails
                        ) -> Problem:
    path = _data_path(document.data, detail["loc"])
    kind = detail["type"]
    name = str(path[-1]) if path and isinstance(path[-1], str) else None
    field_label = f"'{name}'" if name else "this entry"
    index = path[-1] if path else None
    if isinstance(index, int):
        field_label = f"entry {index + 1} of '{path[-2]}'" if len(path) > 1 else "this entry"
    value = detail.get("input")

    if kind == "missing":
        return missing_key(document, path)
    if kind == "extra_forbidden":
        known = _field_names(model, path[:-1])
        hint = f"allowed here: {', '.join(known)}" if known else None
        return document.problem(path, f"unknown key '{name}'{did_you_mean(name or '', known)}",
                                key=True, hint=hint)
    if kind in ("string_type", "str_type"):
        message = f"{field_label} must be text, not {_describe(value)}"
    elif kind == "list_type":
        message = f"{field_label} must be a list, one '- ' line per entry, not {_describe(value)}"
    elif kind in ("model_type", "model_attributes_type", "dict_type"):
        message = f"{field_label} must be 'key: value' lines, not {_describe(value)}"
    elif kind == "too_short":
        minimum = detail.get("ctx", {}).get("min_length", 1)
        message = f"{field_label} needs at least {minimum} entr{'y' if minimum == 1 else 'ies'}"
    elif kind == "too_long":
        maximum = detail.get("ctx", {}).get("max_length")
        message = f"{field_label} may have at most {maximum} entries, not {len(value)}"
    elif kind == "literal_error":
        expected = detail.get("ctx", {}).get("expected", "")
        choices = [c.strip(" '") for c in expected.replace(" or ", ", ").split(",")]
        message = (f"{field_label} must be one of {expected}, not {_describe(value)}"
                   f"{did_you_mean(str(value), choices)}")
    elif kind in ("bool_parsing", "bool_type"):
        return document.problem(path, f"{field_label} must be true or false, not {_describe(value)}",
                                hint="write true (yes) or false (no)")
    elif kind in _OWN_MESSAGES:
        message = detail["msg"]  # the schema's own message already names the value
    else:
        message = f"{field_label}: {detail['msg']}"
    return document.problem(path, message)


_OWN_MESSAGES = {"date_format", "date_value", "control_character", "question_id"}


def missing_key(document: YamlDocument, path: PathKey) -> Problem:
    """"missing key 'date' in 'letter'", at the key of the mapping it belongs in."""
    name, parent = path[-1], path[:-1]
    where = f" in '{parent[-1]}'" if parent and isinstance(parent[-1], str) else ""
    if parent and isinstance(parent[-1], int):
        where = f" in entry {parent[-1] + 1} of '{parent[-2]}'"
    line, column = _missing_location(document, parent)
    return Problem(document.path, line, column, f"missing key '{name}'{where}",
                   hint=f"add '{name}:' with its value")


def _missing_location(document: YamlDocument, parent: PathKey) -> tuple[int | None, int | None]:
    """A missing key is reported at the key of the mapping it belongs in (or the file's first line)."""
    if not parent:
        return (1 + document.line_offset, 1)
    if isinstance(parent[-1], int):
        return document.locate(parent)
    return document.locate(parent, key=True)
