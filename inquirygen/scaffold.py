"""Files people start from: a new workspace, a new answer file, a new snippet, a response turned snippet.

Nothing here ever overwrites a file: a name that is taken is refused (or, for a new answer file, the
next free name "2025-09-15-2.yaml" is used), and every file is written whole or not at all.
"""

from __future__ import annotations

import datetime
import json
import re
import textwrap
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .atomic import write_atomically
from .errors import FileExistsRefusedError, InquirygenError, display_path
from .i18n import _
from .intake import ReceivedQuestion
from .workspace import CONFIG_NAME, PACKAGED_TEMPLATES, Workspace
from .yamlfile import PathKey, YamlValue

if TYPE_CHECKING:
    from pydantic import BaseModel

SKELETON = Path(__file__).parent / "skeleton"
SCHEMA_FOLDER = "schemas"
# A snippet's name is its file's name: letters of any language, digits, spaces, '-' and '_'; nothing
# that means a folder ('/', '\\', '..') or a hidden file.
SNIPPET_NAME = re.compile(r"^[^\W_](?:[\w -]*[\w-])?$")
# JSON Schema keywords (draft 2020-12) whose values are schemas: by name, in a list, or one.
_SCHEMA_MAPS = frozenset({"$defs", "properties", "patternProperties", "dependentSchemas"})
_SCHEMA_LISTS = frozenset({"anyOf", "oneOf", "allOf", "prefixItems"})
_SCHEMAS = frozenset({"items", "additionalProperties", "not", "if", "then", "else", "contains",
                      "propertyNames", "unevaluatedItems", "unevaluatedProperties"})


def json_schema(model: type[BaseModel]) -> dict[str, Any]:
    """The JSON Schema of a model of :mod:`.schema`, as editors (VS Code's YAML extension) read it.

    Its descriptions (hover help and completion hints) are in the user's language, as of this call.
    """
    schema = _in_language(model.model_json_schema())
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    return schema


def _in_language(schema: dict[str, Any]) -> dict[str, Any]:
    """A schema with every ``description`` translated (the models mark them with ``N_()``).

    Only keywords whose values are schemas are walked into: a default, an enum or a property's name
    is data and stays as it is, even where it is called "description".
    """
    translated: dict[str, Any] = {}
    for keyword, value in schema.items():
        if keyword == "description" and isinstance(value, str):
            translated[keyword] = _(value)
        elif keyword in _SCHEMA_MAPS and isinstance(value, dict):
            translated[keyword] = {name: _in_language(sub) if isinstance(sub, dict) else sub
                                   for name, sub in value.items()}
        elif keyword in _SCHEMA_LISTS and isinstance(value, list):
            translated[keyword] = [_in_language(sub) if isinstance(sub, dict) else sub for sub in value]
        elif keyword in _SCHEMAS and isinstance(value, dict):
            translated[keyword] = _in_language(value)
        else:
            translated[keyword] = value
    return translated


def write_schemas(workspace: Workspace) -> list[Path]:
    """The JSON Schemas of answer files, snippets and inquirygen.yaml, in ``schemas/``."""
    from .config import WorkspaceConfig
    from .schema import AnswerFile, SnippetHeader

    schema_files: dict[str, type[BaseModel]] = {
        "answer-file.schema.json": AnswerFile,
        "inquirygen.schema.json": WorkspaceConfig,
        "snippet.schema.json": SnippetHeader,
    }
    written = []
    for name, model in schema_files.items():
        target = workspace.root / SCHEMA_FOLDER / name
        text = json.dumps(json_schema(model), ensure_ascii=False, indent=2, sort_keys=True) + "\n"
        write_atomically(target, text.encode("utf-8"))
        written.append(target)
    return written


def init_workspace(folder: Path) -> list[Path]:
    """A new working folder that builds at once: configuration, templates, an example, a snippet.

    Raises :class:`FileExistsRefusedError` when the folder already holds a workspace.
    """
    if (folder / CONFIG_NAME).exists():
        raise FileExistsRefusedError(_("{path} exists already; nothing was changed").format(
            path=display_path(folder / CONFIG_NAME)))
    written = []
    for source in sorted(SKELETON.rglob("*")):
        if source.is_file() and source.suffix in (".yaml", ".md", ".png"):
            target = folder / source.relative_to(SKELETON)
            if target.exists():
                raise FileExistsRefusedError(_("{path} exists already; nothing was changed").format(
                    path=display_path(target)))
            written.append((source, target))
    for source in sorted(PACKAGED_TEMPLATES.glob("*.docx")):
        written.append((source, folder / "templates" / source.name))
    for source, target in written:
        if not target.exists():
            write_atomically(target, source.read_bytes())
    workspace = Workspace.load(folder / CONFIG_NAME)
    return [target for _source, target in written] + write_schemas(workspace)


def example_answer_file(written: list[Path]) -> Path:
    """Of the files :func:`init_workspace` wrote, the example answer file to build first."""
    return next(path for path in written if path.parent.name == "answers")


@dataclass(frozen=True)
class NewInquiry:
    """What ``inquirygen new`` asks for."""

    date: datetime.date
    subject: str
    questioner: str
    questions: list[ReceivedQuestion]
    address: list[str]
    salutation: str | None
    signatory: str | None  # a key of inquirygen.yaml, or a name written inline
    letter_date: datetime.date
    reference: str | None = None  # the Drucksache number of the inquiry
    remark: str | None = None  # the questioner's preliminary remark
    kind: str | None = None  # "Kleine Anfrage" where the inquiry says so


def default_signatory(workspace: Workspace) -> str | None:
    """The signatory a new answer file gets when none is named: the first of inquirygen.yaml."""
    return next(iter(workspace.config.signatories), None)


def new_answer_file(workspace: Workspace, inquiry: NewInquiry) -> Path:
    """Write a valid answer file with empty responses, named after the inquiry's date.

    A second inquiry of the same day gets ``-2``, and so on: an existing file is never touched.
    """
    folder = workspace.answers_dir
    stem = inquiry.date.isoformat()
    target = folder / f"{stem}.yaml"
    counter = 2
    while target.exists():
        target = folder / f"{stem}-{counter}.yaml"
        counter += 1
    schema = workspace.root / SCHEMA_FOLDER / "answer-file.schema.json"
    if not schema.exists():
        write_schemas(workspace)
    relative = Path(_relative(schema, folder)).as_posix()
    lines = [f"# yaml-language-server: $schema={relative}", "inquiry:",
             f"  date: {inquiry.date.strftime('%d.%m.%Y')}",
             f"  subject: {_scalar(inquiry.subject)}",
             f"  questioner: {_scalar(inquiry.questioner)}"]
    if inquiry.reference:
        lines.append(f"  reference: {_scalar(inquiry.reference)}")
    if inquiry.kind:
        lines.append(f"  kind: {_scalar(inquiry.kind)}")
    lines += ["", "recipient:", "  address:"]
    lines += [f"    - {_scalar(line)}" for line in inquiry.address]
    if inquiry.salutation:
        lines.append(f"  salutation: {_scalar(inquiry.salutation)}")
    lines += ["", "letter:", f"  date: {inquiry.letter_date.strftime('%d.%m.%Y')}"]
    if inquiry.signatory in workspace.config.signatories:
        lines.append(f"  signatory: {inquiry.signatory}")
    else:
        lines += ["  signatory:", f"    name: {_scalar(inquiry.signatory or '')}"]
    if inquiry.remark:  # printed before the answers, as parliaments print it; a letter may drop it
        lines += ["", "remarks:", "  - title: Vorbemerkung der Fragesteller", "    text: |"]
        lines += [f"      {line}" for line in textwrap.wrap(inquiry.remark, 96)]
    lines += ["", "questions:"]
    expected = 0
    for received in inquiry.questions:
        expected += 1
        number = received.number
        lines.append(f"  - question: {_scalar(received.text)}")
        if number and number != str(expected):
            lines.append(f"    number: {_scalar(number)}")
            digits = re.match(r"\d+", number)
            expected = int(digits.group()) if digits else expected
        if received.parts:
            lines.append("    parts:")
            for _label, part in received.parts:
                lines += [f"      - question: {_scalar(part)}", "        response: |", ""]
        else:
            lines += ["    response: |", ""]
    write_atomically(target, ("\n".join(lines).rstrip() + "\n").encode("utf-8"))
    return target


def new_snippet(workspace: Workspace, name: str, title: str | None = None) -> Path:
    """A snippet file to fill in; raises :class:`FileExistsRefusedError` if the name is taken."""
    target = _free_snippet_path(workspace, name)
    shown = name.replace("-", " ")
    text = (f"---\ntitle: {_scalar(title or shown[:1].upper() + shown[1:])}\ntags: []\n"
            "description: \nvariables: {}\n---\n")
    write_atomically(target, text.encode("utf-8"))
    return target


def _free_snippet_path(workspace: Workspace, name: str) -> Path:
    """Where a new snippet goes; raises when the name is not one or is taken (nothing written)."""
    import unicodedata

    name = unicodedata.normalize("NFC", name.strip())
    if not SNIPPET_NAME.match(name):
        raise InquirygenError(_("'{name}' cannot be a snippet name: use letters (umlauts and capitals "
                                "too), digits, spaces, '-' and '_', beginning with a letter or digit")
                              .format(name=name))
    library = workspace.snippet_library()
    if library.exists(name):
        existing = library.path_of(name)
        raise FileExistsRefusedError(_("snippet '{name}' exists already ({path}); nothing was changed")
                                     .format(name=name, path=display_path(existing)))
    return workspace.snippets_dir / f"{name}.md"


def _scalar(text: str) -> str:
    """A YAML scalar as a person would write it: plain where that is safe, quoted otherwise."""
    import yaml

    dumped = yaml.safe_dump(text, allow_unicode=True, width=10**6, default_style=None)
    return dumped.removesuffix("\n...\n").removesuffix("\n")


def _relative(path: Path, start: Path) -> str:
    import os

    return os.path.relpath(path, start)


@dataclass(frozen=True)
class Extracted:
    snippet: Path
    answer_file: Path | None  # None when the answer file was left as it was


def extract_snippet(workspace: Workspace, answer_file: Path, question_id: str, name: str,
                    replace: bool = True) -> Extracted:
    """Turn the response of question ``question_id`` into the snippet ``name``.

    The text moves unchanged (what becomes a variable is the user's decision); with ``replace``
    the response in the answer file becomes ``{{ snippet("name") }}`` and the rest of the file stays
    byte for byte as it was (see :mod:`.yamledit`). Raises :class:`InquirygenError` when the question
    has no response, :class:`FileExistsRefusedError` when the snippet exists, :class:`ProblemsFound`
    for a file that cannot be read or a response that cannot be replaced; nothing is written then.
    """
    import difflib

    from .errors import Problem, ProblemsFound
    from .yamledit import replace_text_value
    from .yamlfile import FORBIDDEN_CHARACTERS, describe_character, read_yaml_file

    problems: list[Problem] = []
    document = read_yaml_file(answer_file, problems)
    if document is None or any(problem.is_error for problem in problems):
        # Control characters read as spaces, a key given twice read once: moved, the text would change.
        raise ProblemsFound(problems)
    found = _find_question(document.data, question_id)
    shown = display_path(answer_file)
    if found is None:
        ids = [q_id for q in _all_questions(document.data) if isinstance(q_id := q.get("id"), str)]
        # As loader.did_you_mean chooses, but the suggestion goes into one whole sentence.
        close = difflib.get_close_matches(question_id, ids, n=1, cutoff=0.6)
        if close:
            raise InquirygenError(_("{path} has no question with the id '{id}' (did you mean "
                                    "'{suggestion}'?)").format(path=shown, id=question_id,
                                                               suggestion=close[0]))
        raise InquirygenError(_("{path} has no question with the id '{id}'").format(path=shown,
                                                                                   id=question_id))
    path, question = found
    response = question.get("response")
    if not isinstance(response, str) or not response.strip():
        raise InquirygenError(_("question '{id}' in {path} has no response to extract").format(
            id=question_id, path=shown))
    bad = FORBIDDEN_CHARACTERS.search(response)
    if bad is not None:  # from an escape ("\a"): the snippet would hold the character itself
        raise ProblemsFound([document.problem(path + ("response",), _(
            "control character {character} cannot go into this text; remove it (or its escape, "
            "such as \\a)").format(character=describe_character(bad.group())))])
    target = _free_snippet_path(workspace, name)
    title = " ".join(str(question.get("question", name)).split())
    header = (f"---\ntitle: {_scalar(title)}\ntags: []\n"
              f"description: {_scalar(f'Aus {answer_file.name}, Frage {question_id}')}\n"
              "variables: {}\n---\n")
    new_text = None
    if replace:
        new_text = replace_text_value(document, path + ("response",), f'{{{{ snippet("{name}") }}}}',
                                      question_id).encode("utf-8")
        new_text = _byte_order_mark(answer_file) + new_text
    write_atomically(target, (header + response.strip("\n") + "\n").encode("utf-8"))
    if new_text is None:
        return Extracted(target, None)
    try:
        write_atomically(answer_file, new_text)
    except BaseException:
        target.unlink(missing_ok=True)  # both files or neither
        raise
    return Extracted(target, answer_file)


def _byte_order_mark(path: Path) -> bytes:
    """The UTF-8 byte order mark the file starts with (Windows Notepad writes one), to keep it."""
    import codecs

    from .errors import Problem, ProblemsFound

    try:
        with path.open("rb") as stream:
            start = stream.read(len(codecs.BOM_UTF8))
    except OSError as error:
        raise ProblemsFound([Problem(path, None, None, _("cannot read the file: {reason}").format(
            reason=error.strerror or str(error)))]) from None
    return codecs.BOM_UTF8 if start == codecs.BOM_UTF8 else b""


def _entries(data: YamlValue, key: str) -> list[YamlValue]:
    """The list under ``key`` of a mapping; empty when the data is no mapping or holds no list there."""
    value = data.get(key) if isinstance(data, dict) else None
    return value if isinstance(value, list) else []


def _all_questions(data: YamlValue) -> list[dict[str, YamlValue]]:
    found = []
    for question in _entries(data, "questions"):
        if isinstance(question, dict):
            found.append(question)
            found.extend(p for p in _entries(question, "parts") if isinstance(p, dict))
    return found


def _find_question(data: YamlValue, question_id: str) -> tuple[PathKey, dict[str, YamlValue]] | None:
    for index, question in enumerate(_entries(data, "questions")):
        if not isinstance(question, dict):
            continue
        if question.get("id") == question_id:
            return ("questions", index), question
        for position, part in enumerate(_entries(question, "parts")):
            if isinstance(part, dict) and part.get("id") == question_id:
                return ("questions", index, "parts", position), part
    return None
