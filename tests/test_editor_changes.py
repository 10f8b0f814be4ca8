"""The editor's changes keep the answer file as written: comments, order, line ends; nothing half-changed."""

from __future__ import annotations

from pathlib import Path

import pytest

from inquirygen.editor.changes import Change, apply_change
from inquirygen.errors import ProblemsFound
from inquirygen.yamlfile import YamlDocument, parse_yaml_text

from .conftest import ROOT

SEED = (ROOT / "answers" / "2025-09-15.yaml").read_text(encoding="utf-8")


def document(text: str) -> YamlDocument:
    problems: list = []
    read = parse_yaml_text(Path("a.yaml"), text, problems)
    assert read is not None and not problems, problems
    return read


def changed(text: str, change: Change) -> tuple[str, object]:
    new = apply_change(document(text), change)
    return new, document(new).data


def test_a_changed_one_line_text_keeps_every_other_byte():
    new, data = changed(SEED, Change("set", ("inquiry", "subject"), "Neuer Betreff"))
    assert new == SEED.replace("  subject: Umgang mit Ausreisepflichtigen\n", "  subject: 'Neuer Betreff'\n")
    assert data["inquiry"]["subject"] == "Neuer Betreff"


def test_a_response_of_several_lines_becomes_a_block_at_its_place():
    new, data = changed(SEED, Change("set", ("questions", 1, "response"), "Erste Zeile\n\n- a\n- b"))
    assert data["questions"][1]["response"] == "Erste Zeile\n\n- a\n- b\n"
    assert "    response: |\n      Erste Zeile\n\n      - a\n      - b\n\n  - id: auffrischung\n" in new
    assert new.startswith("# Anfrage der Kreistagsfraktion Bündnis 90 / Die Grünen vom 15.09.2025\n")


def test_a_one_line_value_given_several_lines_becomes_a_literal_block():
    new, data = changed(SEED, Change("set", ("recipient", "salutation"), "Frau Krieg\nund Herr Maus"))
    assert "  salutation: |-\n    Frau Krieg\n    und Herr Maus\n" in new
    assert data["recipient"]["salutation"] == "Frau Krieg\nund Herr Maus"


def test_crlf_and_a_comment_after_a_value_are_kept():
    text = SEED.replace("  date: 2025-10-06\n", "  date: 2025-10-06  # Frist\n").replace("\n", "\r\n")
    new, data = changed(text, Change("set", ("questions", 0, "response"), "Zeile 1\nZeile 2\n"))
    assert "\n" not in new.replace("\r\n", "")
    assert "  date: 2025-10-06  # Frist\r\n" in new
    assert data["questions"][0]["response"] == "Zeile 1\nZeile 2\n"


def test_an_emptied_optional_field_is_taken_out_and_a_required_one_stays_empty():
    new, data = changed(SEED, Change("set", ("inquiry", "questioner"), ""))
    assert "questioner" not in new and "questioner" not in data["inquiry"]
    assert "# Anfrage der Kreistagsfraktion" in new  # the comment stays
    _new, data = changed(SEED, Change("set", ("inquiry", "subject"), ""))
    assert data["inquiry"]["subject"] == ""


def test_a_new_key_is_added_to_its_mapping_with_the_files_indentation():
    new, data = changed(SEED, Change("set", ("letter", "file_ref"), "32.1-4711"))
    assert "  signatory: landrat\n  file_ref: 32.1-4711\n\nquestions:\n" in new
    assert data["letter"]["file_ref"] == "32.1-4711"


def test_questions_are_added_moved_and_removed_with_comments_kept():
    text = SEED.replace("  - id: pflicht\n", "  # die zweite Frage\n  - id: pflicht\n")
    new, data = changed(text, Change("add", ("questions",)))
    assert data["questions"][3] == {"question": "", "response": ""}
    assert new.endswith("    see: schulung\n  - question: ''\n    response: ''\n")
    new, data = changed(text, Change("move", ("questions", 2), to=0))
    assert [q["id"] for q in data["questions"]] == ["auffrischung", "schulung", "pflicht"]
    assert "  # die zweite Frage\n  - id: pflicht\n" in new
    new, data = changed(text, Change("remove", ("questions", 0)))
    assert [q["id"] for q in data["questions"]] == ["pflicht", "auffrischung"]
    assert new.startswith("# Anfrage der Kreistagsfraktion")


def test_a_sub_question_is_added_to_a_question():
    _new, data = changed(SEED, Change("add", ("questions", 1, "parts")))
    assert data["questions"][1]["parts"] == [{"question": "", "response": ""}]


def test_a_list_of_lines_of_the_same_length_is_changed_line_by_line_else_as_a_whole():
    lines = ["A", "Kurt-Schumacher-Allee 1", "B"]
    new, data = changed(SEED, Change("set_list", ("recipient", "address"), lines))
    assert "    - 'A'\n    - Kurt-Schumacher-Allee 1\n    - 'B'\n" in new
    _new, data = changed(SEED, Change("set_list", ("recipient", "address"), ["A", "B", "C", "D", ""]))
    assert data["recipient"]["address"] == ["A", "B", "C", "D"]


def test_a_bom_survives_a_structural_change():
    new, _data = changed("\ufeff" + SEED, Change("remove", ("questions", 2)))
    assert new.startswith("\ufeff# Anfrage")


def test_what_cannot_be_written_as_asked_is_refused_with_nothing_changed():
    # (several lines into braces were refused here once; they are now written in double quotes)
    with pytest.raises(ProblemsFound) as caught:
        apply_change(document(SEED), Change("move", ("questions", 1), to=9))
    (problem,) = caught.value.problems
    assert problem.message == ("this change cannot be saved without changing other parts of the file; "
                               "nothing was changed")
    assert problem.hint == "make the change in a text editor"
    with pytest.raises(ProblemsFound):
        apply_change(document(SEED), Change("move", ("questions", 0), to=7))


def test_a_new_questions_empty_texts_take_several_lines_and_an_empty_key_takes_one():
    text, _data = changed(SEED, Change("add", ("questions",)))
    text, data = changed(text, Change("set", ("questions", 3, "response"), "Erstens.\n\nZweitens."))
    assert text.endswith("  - question: ''\n    response: |-\n      Erstens.\n\n      Zweitens.\n")
    assert data["questions"][3]["response"] == "Erstens.\n\nZweitens."
    empty = SEED.replace("    see: schulung\n", "    response:\n")
    new, data = changed(empty, Change("set", ("questions", 2, "response"), "Ja."))
    assert new.endswith("    response: Ja.\n") and data["questions"][2]["response"] == "Ja."


def test_a_remark_is_added_with_a_title_and_a_text():
    new, data = changed(SEED, Change("add", ("remarks",)))
    assert data["remarks"] == [{"title": "", "text": ""}]
    assert new.startswith(SEED.rstrip("\n"))  # at the end, the file before it unchanged
    with pytest.raises(ProblemsFound):
        apply_change(document(SEED), Change("add", ("inquiry",)))  # no list of that kind


def test_a_value_typed_back_to_what_it_was_leaves_the_file_as_it_is():
    assert apply_change(document(SEED), Change("set", ("inquiry", "subject"),
                                               "Umgang mit Ausreisepflichtigen")) == SEED
    response = document(SEED).data["questions"][1]["response"]
    same = Change("set", ("questions", 1, "response"), response.rstrip())
    assert apply_change(document(SEED), same) == SEED
