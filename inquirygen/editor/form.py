"""The editor's form of one answer file: its fields by their place in the file, each with its problems."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import Problem
from ..yamlfile import PathKey, YamlDocument, YamlValue

# The fields of the form outside the questions, in the order shown: (place, kind of field).
TOP_FIELDS: tuple[tuple[PathKey, str], ...] = (
    (("inquiry", "date"), "text"), (("inquiry", "subject"), "text"),
    (("inquiry", "questioner"), "text"), (("inquiry", "kind"), "text"),
    (("inquiry", "reference"), "text"), (("inquiry", "received"), "text"),
    (("recipient", "address"), "lines"), (("recipient", "salutation"), "text"),
    (("letter", "date"), "text"), (("letter", "signatory"), "signatory"),
    (("letter", "file_ref"), "text"), (("letter", "template"), "template"),
    (("letter", "contact", "name"), "text"), (("letter", "contact", "phone"), "text"),
    (("letter", "contact", "email"), "text"), (("letter", "contact", "room"), "text"),
    (("letter", "enclosures"), "lines"), (("letter", "copies_to"), "lines"),
    (("closing_remarks",), "markdown"),
)
QUESTION_FIELDS = ("id", "question", "response", "see", "together_with")
PART_FIELDS = ("id", "question", "response", "see")


def field_key(path: PathKey) -> str:
    """A place in the file as the page names it: "questions.0.response"."""
    return ".".join(str(step) for step in path)


def version_of(data: bytes) -> str:
    """What the page remembers of the file it shows, to notice a change made elsewhere."""
    return hashlib.sha256(data).hexdigest()


@dataclass
class FormProblems:
    """The problems of one check, each at the field it is about (by its line), the rest apart."""

    at: dict[str, list[Problem]] = field(default_factory=dict)
    general: list[Problem] = field(default_factory=list)

    def as_json(self) -> dict[str, object]:
        def shown(problem: Problem) -> dict[str, object]:
            return {"message": problem.message, "hint": problem.hint, "line": problem.line,
                    "severity": problem.severity}

        return {"at": {key: [shown(p) for p in problems] for key, problems in self.at.items()},
                "general": [shown(p) for p in self.general]}


def field_paths(data: YamlValue) -> list[PathKey]:
    """Every field the form shows for ``data``, questions and sub-questions included."""
    paths = [path for path, _kind in TOP_FIELDS]
    remarks = data.get("remarks") if isinstance(data, dict) else None
    for index, _remark in enumerate(remarks if isinstance(remarks, list) else []):
        paths += [("remarks", index, "title"), ("remarks", index, "text")]
    questions = data.get("questions") if isinstance(data, dict) else None
    for index, question in enumerate(questions if isinstance(questions, list) else []):
        paths += [("questions", index, name) for name in QUESTION_FIELDS]
        parts = question.get("parts") if isinstance(question, dict) else None
        for number, _part in enumerate(parts if isinstance(parts, list) else []):
            paths += [("questions", index, "parts", number, name) for name in PART_FIELDS]
    return paths


def place_problems(document: YamlDocument | None, path: Path, problems: list[Problem]) -> FormProblems:
    """Each problem of the file at the innermost field whose value covers its line."""
    placed = FormProblems()
    spans: list[tuple[PathKey, int, int]] = []
    if document is not None:
        for place in field_paths(document.data):
            node = document.value_nodes.get(place)
            key = document.key_nodes.get(place)
            if node is None:
                continue
            first = (key or node).start_mark.line + 1 + document.line_offset
            end = node.end_mark
            last = end.line + document.line_offset + (1 if end.column else 0)
            spans.append((place, first, max(first, last)))
    for problem in problems:
        here = [(place, first, last) for place, first, last in spans
                if problem.line is not None and first <= problem.line <= last
                and _same_file(problem.path, path)]
        if here:
            place = max(here, key=lambda span: (len(span[0]), -span[1]))[0]
            placed.at.setdefault(field_key(place), []).append(problem)
        else:
            placed.general.append(problem)
    return placed


def _same_file(one: Path, other: Path) -> bool:
    try:
        return one.resolve() == other.resolve()
    except OSError:
        return False


def value_at(data: YamlValue, path: PathKey) -> YamlValue:
    """The value at ``path`` of the file's data, ``None`` where there is none."""
    for step in path:
        if isinstance(data, dict) and isinstance(step, str):
            data = data.get(step)
        elif isinstance(data, list) and isinstance(step, int) and 0 <= step < len(data):
            data = data[step]
        else:
            return None
    return data
