"""``yamledit.set_text_value``: several lines written, a missing key inserted, every other byte kept."""

from __future__ import annotations

from pathlib import Path

import pytest

from inquirygen.errors import ProblemsFound
from inquirygen.yamledit import set_text_value
from inquirygen.yamlfile import parse_yaml_text

TEXT = """\
questions:
  - question: Wie?   # c
    response: |
      Text

  - question: Was?
    see: x
  - question: "Wo?"  # kommentar

  # Ende
last: 1
"""


def edited(text: str, path: tuple, value: str) -> str:
    document = parse_yaml_text(Path("x.yaml"), text, [])
    assert document is not None
    result = set_text_value(document, path, value, "q")
    after = parse_yaml_text(Path("x.yaml"), result, [])
    assert after is not None
    node = after.data
    for step in path:
        node = node[step]
    assert node == value
    return result


def test_a_block_is_replaced_by_several_lines_and_the_blank_line_after_it_stays():
    assert edited(TEXT, ("questions", 0, "response"), "Neu\n\n- a\n- b\n") == TEXT.replace(
        "      Text\n", "      Neu\n\n      - a\n      - b\n")


def test_a_missing_key_is_inserted_after_the_last_of_its_mapping_before_blank_lines_and_comments():
    assert edited(TEXT, ("questions", 2, "response"), "Neu\nzwei") == TEXT.replace(
        '  - question: "Wo?"  # kommentar\n',
        '  - question: "Wo?"  # kommentar\n    response: |-\n      Neu\n      zwei\n')
    assert edited(TEXT, ("questions", 1, "contributed_by"), "Ordnungsamt") == TEXT.replace(
        "    see: x\n", "    see: x\n    contributed_by: Ordnungsamt\n")


def test_crlf_and_a_last_line_without_line_break():
    crlf = TEXT.replace("\n", "\r\n")
    assert edited(crlf, ("questions", 1, "response"), "A\nB\n") == crlf.replace(
        "    see: x\r\n", "    see: x\r\n    response: |\r\n      A\r\n      B\r\n")
    assert edited("questions:\n- question: A", ("questions", 0, "response"), "neu") == (
        "questions:\n- question: A\n  response: neu\n")


def test_a_plain_value_with_a_comment_after_it_becomes_quoted_rather_than_eat_the_comment():
    assert edited("questions:\n- question: A\n  response: alt # k\n", ("questions", 0, "response"),
                  "neu\nx") == 'questions:\n- question: A\n  response: "neu\\nx" # k\n'
    assert edited("a:\n  b: 'alt'\n", ("a", "b"), "yes") == "a:\n  b: yes\n"


@pytest.mark.parametrize("path", [("questions", 5, "response"), ("questions", "x", "response"),
                                  ("questions",)])
def test_a_place_that_is_not_there_is_refused(path):
    document = parse_yaml_text(Path("x.yaml"), "questions:\n  - {question: A}\n", [])
    with pytest.raises(ProblemsFound):
        set_text_value(document, path, "v", "q")
    flow = parse_yaml_text(Path("x.yaml"), "questions:\n  - {question: A}\n", [])
    with pytest.raises(ProblemsFound):
        set_text_value(flow, ("questions", 0, "response"), "v", "q")  # in { … }: refused, not mangled
