"""The records read a file exactly as the pydantic models do, or leave it to them.

``Record.checked`` must give, for every value it accepts, what the model gives (values, defaults,
which fields were set, ``model_dump``), and must accept nothing the model refuses; the models keep
every message. Checked on the repository's files, their mutations, hand-picked values and documents
drawn from the JSON Schemas.
"""

from __future__ import annotations

import contextlib
import copy
import json
import random
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from inquirygen import answerfile, config, records, schema
from inquirygen import settings as workspace_settings
from inquirygen.records import Record, from_model
from inquirygen.yamlfile import parse_yaml_text

from .conftest import DATA, ROOT
from .test_fuzz import mutations

RECORDS = [value for module in (answerfile, workspace_settings) for value in vars(module).values()
           if isinstance(value, type) and issubclass(value, Record) and value is not Record
           and value.__module__ == module.__name__]


def deep(value: Any) -> Any:
    """Everything a record holds, with the fields each record was given."""
    if isinstance(value, Record):
        return (type(value).__name__, sorted(value.model_fields_set),
                {name: deep(getattr(value, name)) for name in type(value)._fields})
    if isinstance(value, list):
        return [deep(item) for item in value]
    if isinstance(value, dict):
        return {key: deep(item) for key, item in value.items()}
    return (type(value).__name__, value)


def assert_read_alike(record: type[Record], data: Any) -> bool:
    """What ``record.checked`` makes of ``data`` is what its model makes of it; whether it read it."""
    fast = record.checked(copy.deepcopy(data))
    try:
        validated = record.model().model_validate(copy.deepcopy(data))
    except ValidationError:
        assert fast is None, (record.__name__, data)
        return False
    if fast is None:
        return False
    assert deep(fast) == deep(from_model(record, validated)), (record.__name__, data)
    for options in ({}, {"exclude_none": True}, {"exclude_unset": True}):
        # (pydantic warns about its own tagged union of signatory: a text or a mapping)
        assert fast.model_dump(**options) == validated.model_dump(**options, warnings=False), \
            (record.__name__, options)
    return True


def as_record(value: Any) -> Any:
    """A model's value (a default) as the record's: models become records of their names."""
    if isinstance(value, list):
        return [as_record(item) for item in value]
    if hasattr(value, "model_fields_set"):
        return from_model(records.record_class(type(value).__name__), value)
    return value


def test_each_record_has_its_models_fields_in_order_with_the_same_defaults():
    assert {record.__name__ for record in RECORDS} == {
        name for module in (schema, config) for name, value in vars(module).items()
        if isinstance(value, type) and issubclass(value, schema.FileModel) and value is not schema.FileModel}
    for record in RECORDS:
        model = record.model()
        assert list(record._fields) == list(model.model_fields), record.__name__
        for name, field in model.model_fields.items():
            default = record._fields[name][1]
            if field.is_required():
                assert default is records._REQUIRED, (record.__name__, name)
                continue
            made = default.make() if isinstance(default, records._Factory) else default
            assert deep(made) == deep(as_record(field.get_default(call_default_factory=True))), \
                (record.__name__, name)


YAML_FILES = sorted(path for path in [*ROOT.glob("answers/*.yaml"), *ROOT.glob("examples/*/answers/*.yaml"),
                                      *ROOT.glob("examples/*/inquirygen.yaml"), ROOT / "inquirygen.yaml",
                                      *ROOT.glob("inquirygen/skeleton/**/*.yaml"), *DATA.glob("*.yaml")])


def record_of(path) -> type[Record]:
    return workspace_settings.WorkspaceConfig if path.name == "inquirygen.yaml" else answerfile.AnswerFile


def read(path, text: str) -> Any:
    document = parse_yaml_text(path, text, [])
    return None if document is None else document.data


def test_the_repositorys_files_are_read_alike():
    read_here = [path.name for path in YAML_FILES
                 if assert_read_alike(record_of(path), read(path, path.read_text(encoding="utf-8",
                                                                                 errors="replace")))]
    assert {"2025-09-15.yaml", "inquirygen.yaml", "valid.yaml"} <= set(read_here)


def changed(data: Any, rng: random.Random) -> Any:
    """``data`` with one value somewhere replaced by something else a file might hold there."""
    data = copy.deepcopy(data)
    places = []

    def walk(value: Any) -> None:
        if isinstance(value, dict):
            places.extend((value, key) for key in value)
            for item in value.values():
                walk(item)
        elif isinstance(value, list):
            places.extend((value, index) for index in range(len(value)))
            for item in value:
                walk(item)

    walk(data)
    if not places:
        return data
    container, key = rng.choice(places)
    container[key] = rng.choice([
        None, "", " ", "x", "ja", "True", "no", "0", "120", "3601", "-1", "1e3", "a", "B", "print",
        "2025-09-15", "31.02.2025", "15.9.2025", "https://ris.example.de/oparl/", "ftp://x", "i. V.",
        "Frage\x07", "Zeile\x0cneu", "a\rb", "zwei\nZeilen ", "4a", "-x", [], ["x"], [None], {},
        {"name": "X"}, {"drucksache": "8/1"}, {"label": "L", "value": "V"}, {"unbekannt": "1"},
        [{"question": "Q?"}], ["a"] * 7, {"x": None}])
    return data


@pytest.mark.parametrize("seed", range(3))
def test_changed_and_broken_files_are_read_alike_or_left_to_the_models(seed):
    rng = random.Random(seed)
    for path in YAML_FILES:
        text = path.read_text(encoding="utf-8", errors="replace")
        data = read(path, text)
        for _ in range(25):
            assert_read_alike(record_of(path), changed(data, rng))
        for _name, mutated in mutations(text, rng):
            with contextlib.suppress(UnicodeDecodeError):
                assert_read_alike(record_of(path), read(path, mutated.decode("utf-8-sig")))


@pytest.mark.parametrize("value", [
    "true", "True", "TRUE", "yes", "Yes", "on", "1", "t", "y", "false", "No", "off", "0", "f", "n", "ja",
    " true", "true ", "", "2", "wahr", "tRuE", "İ"])
def test_yes_and_no_are_read_as_pydantic_reads_them(value):
    assert_read_alike(workspace_settings.WorkspaceConfig, {"layout": {"fold_marks": value}})
    assert_read_alike(workspace_settings.WorkspaceConfig, {"numbering": {"ranges": value}})


@pytest.mark.parametrize("value", [
    "120", "0.5", "3600", "3600.0", "3600.5", "0", "0.0", "05", "1e3", "inf", "nan", " 60", "60 ", "1_000",
    "+5", "-5", ".5", "5.", "١٢٠", "99999999", "120.000001"])
def test_timeouts_are_read_as_pydantic_reads_them(value):
    assert_read_alike(workspace_settings.WorkspaceConfig, {"pdf": {"timeout": value}})


@pytest.mark.parametrize("value", [
    "2025-09-15", "15.09.2025", "15.9.2025", " 2025-09-15 ", "2025-02-30", "0000-01-01", "2025-13-01",
    "15.09.25", "2025/09/15", "", "   ", "٢٠٢٥-09-15", "2025-9-5"])
def test_dates_are_read_as_pydantic_reads_them(value):
    assert_read_alike(answerfile.Inquiry, {"subject": "S", "date": value})
    assert_read_alike(answerfile.LetterDetails, {"date": value})


@pytest.mark.parametrize("value", [
    "https://ris.example.de/oparl", "https://ris.example.de/oparl/", "http://x", " https://x.de ",
    "https://x.de?a=1", "https://user:pw@x.de", "https://x.de:0", "https://x.de:abc", "https://[::1",
    "ris.example.de", "https://x.de/a b", "https://x.de#top"])
def test_web_addresses_are_read_as_pydantic_reads_them(value):
    assert_read_alike(workspace_settings.WorkspaceConfig, {"oparl": {"base_url": value}})


@pytest.mark.parametrize("value", ["a", "A", "b", "B", "c", " a", "ä"])
def test_the_form_is_read_as_pydantic_reads_it(value):
    assert_read_alike(workspace_settings.WorkspaceConfig, {"layout": {"form": value}})


def as_yaml_reads_it(value: Any) -> Any:
    """A JSON value as the YAML reader gives it: every scalar as its text, empty as None."""
    if isinstance(value, dict):
        return {str(key): as_yaml_reads_it(item) for key, item in value.items()}
    if isinstance(value, list):
        return [as_yaml_reads_it(item) for item in value]
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None or isinstance(value, str):
        return value
    return json.dumps(value)


def drawn(record: type[Record]):
    from hypothesis_jsonschema import from_schema

    from inquirygen.scaffold import json_schema

    document = json_schema(record.model())
    document.pop("$schema")
    return from_schema(document)


@pytest.mark.parametrize("record", [answerfile.AnswerFile, workspace_settings.WorkspaceConfig,
                                    answerfile.SnippetHeader], ids=lambda record: record.__name__)
def test_documents_drawn_from_the_json_schemas_are_read_alike(record):
    read_here = []

    @settings(max_examples=30, deadline=None, derandomize=True, database=None,
              suppress_health_check=list(HealthCheck))
    @given(st.data())
    def check(data):
        document = as_yaml_reads_it(data.draw(drawn(record)))
        # The schema's pattern for a date also lets through days no calendar has: mostly real ones.
        real = st.dates().map(lambda day: rng_format(day, data))
        read_here.append(assert_read_alike(record, with_dates(document, lambda: data.draw(real))))

    check()
    # about one in five is valid throughout (the others are the models' to refuse): some were read here
    assert any(read_here), read_here


def rng_format(day, data) -> str:
    return day.isoformat() if data.draw(st.booleans()) else f"{day.day}.{day.month:02d}.{day.year}"


def with_dates(value: Any, date) -> Any:
    if isinstance(value, dict):
        return {key: date() if key in ("date", "received", "answer_by", "issued") and isinstance(item, str)
                else with_dates(item, date) for key, item in value.items()}
    if isinstance(value, list):
        return [with_dates(item, date) for item in value]
    return value


def test_phrases_given_in_code_are_what_the_model_makes_of_them():
    from inquirygen.phrases import SHIPPED_KIND_PHRASES, SHIPPED_TEMPLATE_PHRASES

    for phrases in (*SHIPPED_TEMPLATE_PHRASES.values(), *SHIPPED_KIND_PHRASES.values()):
        assert phrases == from_model(answerfile.PhraseOverrides,
                                     schema.PhraseOverrides(**phrases.model_dump(exclude_unset=True)))
