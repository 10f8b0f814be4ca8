"""The JSON Schemas editors show as hover help: German by default, English on request, nothing left out."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from inquirygen.i18n import LOCALE_DIR

SCHEMAS = ("answer-file.schema.json", "inquirygen.schema.json", "snippet.schema.json")
LANGUAGE_VARIABLES = ("INQUIRYGEN_LANG", "LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG")


@pytest.fixture
def default_language(monkeypatch):
    """No language asked for anywhere: what a clerk's computer with a C or unset locale gets."""
    for name in LANGUAGE_VARIABLES:
        monkeypatch.delenv(name, raising=False)


def read_schemas(folder: Path) -> dict[str, dict]:
    return {name: json.loads((folder / "schemas" / name).read_text(encoding="utf-8")) for name in SCHEMAS}


def descriptions(node) -> list[str]:
    """Every description of a schema: of the models, their keys and the types they use."""
    found = []
    if isinstance(node, dict):
        for keyword, value in node.items():
            if keyword == "description" and isinstance(value, str):
                found.append(value)
            elif keyword not in ("default", "enum", "const", "examples"):
                found += descriptions(value)
    elif isinstance(node, list):
        for item in node:
            found += descriptions(item)
    return found


def without_descriptions(node):
    if isinstance(node, dict):
        return {keyword: None if keyword == "description" and isinstance(value, str)
                else without_descriptions(value) for keyword, value in node.items()}
    if isinstance(node, list):
        return [without_descriptions(item) for item in node]
    return node


def test_schema_writes_german_hover_help_by_default(default_language, tmp_path, cli):
    result = cli("schema", cwd=tmp_path)
    assert result.exit_code == 0
    assert result.stdout == ("Gespeichert: schemas/answer-file.schema.json\n"
                             "Gespeichert: schemas/inquirygen.schema.json\n"
                             "Gespeichert: schemas/snippet.schema.json\n")
    answer, config, snippet = read_schemas(tmp_path).values()
    assert answer["description"] == "Eine Anfrage und ihre Antworten: die Antwortdatei, die Sie schreiben."
    inquiry = answer["$defs"]["Inquiry"]["properties"]
    assert inquiry["date"]["description"] == (
        "Datum der Anfrage, z. B. 15.09.2025 oder 2025-09-15 (steht im üblichen Betreff und "
        "Einleitungssatz; ein Antrag darf ohne Datum sein)")
    assert inquiry["date"]["anyOf"][0]["description"] == "Ein Datum: 15.09.2025 oder 2025-09-15"
    assert inquiry["subject"]["description"] == (
        "Betreff der Anfrage, ohne die Striche davor und danach, z. B. Radwege im Kreisgebiet")
    recipient = answer["$defs"]["Recipient"]
    assert recipient["description"] == "Der Empfänger des Schreibens."
    assert recipient["properties"]["salutation"]["description"] == (
        "Anrede: „Frau Krieg“, „Herr Präsident“, eine ganze Zeile, die auf „,“ endet, oder \"\" für ein "
        "Schreiben ohne Anrede")
    assert answer["$defs"]["Question"]["properties"]["see"]["description"] == (
        "Kennung einer Frage, auf deren Antwort verwiesen wird („Siehe Ausführungen zu 1.“), oder "
        "{drucksache: …, question: …} für die Antwort einer anderen Anfrage")
    assert config["description"] == ("Die Einstellungen (``inquirygen.yaml``): die Behörde, ihre "
                                     "Unterzeichner, Standardformulierungen und Pfade.")
    assert config["$defs"]["Phrases"]["properties"]["date_line"]["description"] == (
        "Das Datum im Informationsblock, z. B. „Stuttgart, {{ letter.date }}“")
    assert config["$defs"]["LayoutSettings"]["properties"]["fold_marks"]["description"] == (
        "Falzmarken und Lochmarke auf Seite 1 (false: keine)")
    assert snippet["description"] == "Der Kopf einer Textbaustein-Datei (zwischen den Zeilen „---“)."
    # A key called "description" or "title" is a key, not a text: it keeps its schema.
    assert snippet["properties"]["description"]["anyOf"] == [{"type": "string"}, {"type": "null"}]
    assert snippet["properties"]["variables"]["description"] == (
        "Variablen des Textbausteins und ihre Vorgabewerte (leer: muss beim Einsetzen angegeben werden)")


def test_english_on_request_and_the_same_schema_apart_from_the_texts(monkeypatch, tmp_path, cli):
    monkeypatch.setenv("INQUIRYGEN_LANG", "en")
    (tmp_path / "en").mkdir()
    assert cli("schema", cwd=tmp_path / "en").exit_code == 0
    english = read_schemas(tmp_path / "en")
    answer = english["answer-file.schema.json"]
    assert answer["description"] == "One inquiry and its answers: the file office staff write."
    assert answer["$defs"]["Inquiry"]["properties"]["date"]["description"] == (
        "Date of the inquiry, 2025-09-15 or 15.09.2025 (printed by the standard subject and intro; a "
        "motion may have none)")
    assert english["inquirygen.schema.json"]["$defs"]["PdfSettings"]["description"] == (
        "How LibreOffice is found and how long it may take.")
    assert english["snippet.schema.json"]["description"] == "The front matter of a snippet file."
    monkeypatch.setenv("INQUIRYGEN_LANG", "de")
    (tmp_path / "de").mkdir()
    assert cli("schema", cwd=tmp_path / "de").exit_code == 0
    german = read_schemas(tmp_path / "de")
    for name in SCHEMAS:
        assert without_descriptions(german[name]) == without_descriptions(english[name]), name
        assert len(descriptions(german[name])) == len(descriptions(english[name])), name


def test_every_description_is_in_the_catalogue_and_none_is_left_english(monkeypatch, tmp_path, cli):
    with (LOCALE_DIR / "de" / "LC_MESSAGES" / "inquirygen.po").open("rb") as handle:
        catalogue = {message.id: message.string for message in read_po(handle, locale="de") if message.id}
    monkeypatch.setenv("INQUIRYGEN_LANG", "en")
    assert cli("schema", cwd=tmp_path).exit_code == 0
    english = {text for schema in read_schemas(tmp_path).values() for text in descriptions(schema)}
    assert len(english) == 123  # issue 17: deadlines, departments, sign-off (26)
    assert sorted(text for text in english if not catalogue.get(text)) == []
    monkeypatch.setenv("INQUIRYGEN_LANG", "de")
    assert cli("schema", cwd=tmp_path).exit_code == 0
    german = {text for schema in read_schemas(tmp_path).values() for text in descriptions(schema)}
    assert german == {catalogue[text] for text in english}
    assert german.isdisjoint(english)


def test_the_schemas_are_the_same_bytes_each_time(monkeypatch, tmp_path, cli):
    monkeypatch.setenv("INQUIRYGEN_LANG", "de")
    assert cli("schema", cwd=tmp_path).exit_code == 0
    first = {name: (tmp_path / "schemas" / name).read_bytes() for name in SCHEMAS}
    assert cli("schema", cwd=tmp_path).exit_code == 0
    assert {name: (tmp_path / "schemas" / name).read_bytes() for name in SCHEMAS} == first


def test_init_writes_german_schemas(default_language, tmp_path, cli):
    result = cli("init", "anfragen", cwd=tmp_path)
    assert result.exit_code == 0, result.output
    assert "Gespeichert: anfragen/schemas/answer-file.schema.json\n" in result.stdout
    answer, config, snippet = read_schemas(tmp_path / "anfragen").values()
    assert answer["$defs"]["LetterDetails"]["properties"]["date"]["description"] == (
        "Datum des Antwortschreibens, z. B. 06.10.2025")
    assert config["$defs"]["NumberingSettings"]["properties"]["style"]["description"] == (
        "Nummer vor jeder Frage: „1.“ oder „Frage 1:“")
    assert snippet["description"] == "Der Kopf einer Textbaustein-Datei (zwischen den Zeilen „---“)."
    # The example answer file of the new folder names the schema it is checked against.
    example = (tmp_path / "anfragen" / "answers" / "2025-01-20.yaml").read_text(encoding="utf-8")
    assert example.startswith("# yaml-language-server: $schema=../schemas/answer-file.schema.json\n")
