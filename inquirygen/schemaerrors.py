"""pydantic's validation errors as located problems in the user's words: what an invalid file is told.

Only files that the records cannot vouch for come here (see ``records.py``), so pydantic is loaded
only for them.
"""

from __future__ import annotations

import difflib
import types
import typing
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from .errors import Problem
from .i18n import _, language, ngettext
from .loader import close_match, missing_key
from .records import Record, from_model
from .yamlfile import PathKey, YamlDocument, YamlValue

Rec = TypeVar("Rec", bound=Record)


def validated(document: YamlDocument, record: type[Rec], problems: list[Problem]) -> Rec | None:
    """The document's data as ``record``, validated by its pydantic model; ``None`` with a located
    problem appended for each error."""
    data = document.data
    model = record.model()
    try:
        return from_model(record, model.model_validate(data))
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
        return _("a mapping of keys")
    if isinstance(value, list):
        return _("a list")
    if value is None:
        return _("empty")
    return _("'{value}'").format(value=value)


def _field_label(path: PathKey) -> str:
    """What a message about the value at ``path`` begins with: the key, or the entry of a list."""
    if path and isinstance(path[-1], int):
        if len(path) > 1:
            return _("entry {number} of '{list}'").format(number=path[-1] + 1, list=path[-2])
        return _("this entry")
    if path and isinstance(path[-1], str):
        # Translators: a message about the value of this key begins with it ("'subject' must be text")
        return _("'{key}'").format(key=path[-1])
    return _("this entry")


def _one_of(choices: list[str]) -> str:
    """'a', 'b' or 'c'."""
    quoted = [_("'{value}'").format(value=choice) for choice in choices]
    if len(quoted) == 1:
        return quoted[0]
    return _("{choices} or {last}").format(choices=", ".join(quoted[:-1]), last=quoted[-1])


def _problem_from_error(document: YamlDocument, model: type[BaseModel], detail: ErrorDetails
                        ) -> Problem:
    path = _data_path(document.data, detail["loc"])
    kind = detail["type"]
    if kind == "missing":
        return missing_key(document, path)
    if kind == "extra_forbidden":
        name = str(path[-1])
        known = _field_names(model, path[:-1])
        hint = _("allowed here: {keys}").format(keys=", ".join(known)) if known else None
        match = close_match(name, known)
        if match:
            message = _("unknown key '{key}' (did you mean '{match}'?)").format(key=name, match=match)
        else:
            message = _("unknown key '{key}'").format(key=name)
        return document.problem(path, message, key=True, hint=hint)
    field, value = _field_label(path), detail.get("input")
    if kind in ("bool_parsing", "bool_type"):
        return document.problem(path, _("{field} must be true or false, not {value}").format(
            field=field, value=_describe(value)), hint=_("write true (yes) or false (no)"))
    return document.problem(path, _message(kind, field, value, detail))


def _message(kind: str, field: str, value: Any, detail: ErrorDetails) -> str:
    """The message of a schema error that needs no hint; ``field`` is what it begins with."""
    ctx = detail.get("ctx", {})
    if kind in ("string_type", "str_type"):
        message = _("{field} must be text, not {value}").format(field=field, value=_describe(value))
    elif kind == "list_type":
        message = _("{field} must be a list, one '- ' line per entry, not {value}").format(
            field=field, value=_describe(value))
    elif kind in ("model_type", "model_attributes_type", "dict_type"):
        message = _("{field} must be 'key: value' lines, not {value}").format(
            field=field, value=_describe(value))
    elif kind == "too_short":
        minimum = ctx.get("min_length", 1)
        message = ngettext("{field} needs at least {count} entry", "{field} needs at least {count} entries",
                           minimum).format(field=field, count=minimum)
    elif kind == "too_long":
        message = _("{field} may have at most {maximum} entries, not {count}").format(
            field=field, maximum=ctx.get("max_length"), count=len(value))
    elif kind == "literal_error":
        choices = [c.strip(" '") for c in ctx.get("expected", "").replace(" or ", ", ").split(",")]
        match = close_match(str(value), choices)
        if match:
            message = _("{field} must be one of {choices}, not {value} (did you mean '{match}'?)").format(
                field=field, choices=_one_of(choices), value=_describe(value), match=match)
        else:
            message = _("{field} must be one of {choices}, not {value}").format(
                field=field, choices=_one_of(choices), value=_describe(value))
    elif kind in _OWN_MESSAGES:
        message = detail["msg"]  # the schema's own message, in the reader's language, names the value
    # pydantic's own words for the rest, which only inquirygen.yaml's pdf.timeout and .listener_idle meet
    elif kind == "float_parsing":
        message = _("{field}: Input should be a valid number, unable to parse string as a number").format(
            field=field)
    elif kind == "float_type":
        message = _("{field}: Input should be a valid number").format(field=field)
    elif kind == "greater_than":
        limit = ctx.get("gt")
        message = _("{field}: Input should be greater than {limit}").format(
            field=field, limit=int(limit) if isinstance(limit, float) and limit.is_integer() else limit)
    elif kind == "greater_than_equal":  # pdf.listener_idle below 0
        limit = ctx.get("ge")
        message = _("{field} must be at least {limit}, not {value}").format(
            field=field, limit=int(limit) if isinstance(limit, float) and limit.is_integer() else limit,
            value=_describe(value))
    elif kind == "less_than_equal":  # pdf.timeout: inf or a year would never stop LibreOffice
        limit = ctx.get("le")
        message = _("{field} may be at most {limit}, not {value}").format(
            field=field, limit=int(limit) if isinstance(limit, float) and limit.is_integer() else limit,
            value=_describe(value))
    elif language() == "en":  # pydantic's words: an English reader can make something of them
        message = f"{field}: {detail['msg']}"
    else:
        message = _("{field} has a value that is not allowed here").format(field=field)
    return message


_OWN_MESSAGES = {"date_format", "date_value", "control_character", "question_id", "web_address"}
