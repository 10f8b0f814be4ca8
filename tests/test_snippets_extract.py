"""`snippets extract` replaces only the response: every other byte of the answer file stays as written."""

from __future__ import annotations

import copy
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from inquirygen.loader import load_answer_file

HEAD = """inquiry:
  date: 20.01.2025
  subject: Öffnungszeiten
  questioner: Ratsfraktion Beispielpartei
recipient:
  address: [Ratsfraktion Beispielpartei, Rathausplatz 1, 12345 Beispielstadt]
letter:
  date: 10.02.2025
  signatory: buergermeister
questions:
"""
CALL = '{{ snippet("neu") }}'


@pytest.fixture
def fresh(tmp_path, cli):
    """A workspace made by ``inquirygen init``."""
    result = cli("init", "ws", cwd=tmp_path)
    assert result.exit_code == 0, result.stderr
    return tmp_path / "ws"


def data_of(path: Path):
    """What inquirygen's loader reads from the file (every alias written out)."""
    problems = []
    loaded = load_answer_file(path, problems)
    assert loaded is not None, [problem.format() for problem in problems]
    assert not [p for p in problems if p.is_error], [problem.format() for problem in problems]
    return loaded.document.data


def extract(fresh: Path, cli, text: str, question: str = "a", *, raw: bytes | None = None):
    """Write the answer file, run `snippets extract` on one question; the result and both versions."""
    path = fresh / "answers" / "probe.yaml"
    path.write_bytes(raw if raw is not None else text.encode("utf-8"))
    before = path.read_bytes()
    result = cli("snippets", "extract", f"probe.yaml#{question}", "neu", cwd=fresh)
    assert "Traceback" not in result.output
    return result, before, path.read_bytes()


def assert_replaced(fresh: Path, cli, text: str, old: str, new: str, response_path: tuple,
                    value: str, question: str = "a", *, bom: bool = False) -> str:
    """Extract; the file must be the old one with ``old`` (the response) replaced by ``new`` and
    load to the old data with only the response changed to ``value``. Returns the snippet's text."""
    prefix = "\ufeff" if bom else ""
    before_path = fresh / "answers" / "vorher.yaml"
    before_path.write_bytes((prefix + text).encode("utf-8"))
    expected_data = data_of(before_path)
    before_path.unlink()
    assert text.count(old) == 1, old
    result, before, after = extract(fresh, cli, prefix + text, question)
    assert result.exit_code == 0, result.stderr
    assert after == before.replace(old.encode("utf-8"), new.encode("utf-8"))
    target = expected_data
    for step in response_path[:-1]:
        target = target[step]
    target[response_path[-1]] = value
    assert data_of(fresh / "answers" / "probe.yaml") == expected_data
    return (fresh / "answers" / "snippets" / "neu.md").read_text(encoding="utf-8")


def assert_refused(fresh: Path, cli, text: str, stderr: str, question: str = "a") -> None:
    """Exit code 1, the exact message, the answer file untouched and no snippet written."""
    result, before, after = extract(fresh, cli, text, question)
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr == stderr
    assert after == before
    assert not (fresh / "answers" / "snippets" / "neu.md").exists()


def test_an_anchored_response_that_another_question_uses_is_refused(fresh, cli):
    text = HEAD + ("  - id: a\n    question: Frage A?\n    response: &gleich |\n      Der gleiche Text.\n"
                   "  - id: b\n    question: Frage B?\n    response: *gleich\n")
    assert_refused(fresh, cli, text, (
        "answers/probe.yaml:13:15: the response of 'a' is shared with another place through '*gleich' "
        "in line 17; replacing it would change both\n"
        "    hint: write out in line 17 what '*gleich' stands for, then extract again\n"
        "Error: 1 problem found\n"))


def test_an_anchor_that_nothing_uses_stays_and_only_the_text_is_replaced(fresh, cli):
    text = HEAD + ("  - id: a\n    question: Frage A?\n    response: &gleich |\n      Der gleiche Text.\n"
                   "  - id: b\n    question: Frage B?\n    response: Anders.\n")
    assert_replaced(fresh, cli, text, "|\n      Der gleiche Text.\n", f"|\n      {CALL}\n",
                    ("questions", 0, "response"), CALL + "\n")


def test_a_response_that_is_an_alias_is_replaced_there_and_the_anchored_text_stays(fresh, cli):
    text = HEAD + ("  - id: a\n    question: Frage A?\n    response: &gleich |\n      Der gleiche Text.\n"
                   "  - id: b\n    question: Frage B?\n    response: *gleich  # wie a\n")
    snippet = assert_replaced(fresh, cli, text, "*gleich", f"'{CALL}'", ("questions", 1, "response"),
                              CALL, question="b")
    assert snippet.endswith("---\nDer gleiche Text.\n")


@pytest.mark.parametrize(("shared", "line"), [
    # The question itself is copied to another place.
    ("  - &frage\n    id: a\n    question: Frage A?\n    response: Text A.\n  - *frage\n", 15),
    # Its list of sub-questions is.
    (("  - id: x\n    question: X?\n    parts: &teile\n      - id: a\n        question: A?\n"
     "        response: Text A.\n  - id: y\n    question: Y?\n    parts: *teile\n"), 19),
])
def test_a_response_inside_something_an_alias_copies_is_refused(fresh, cli, shared, line):
    result, before, after = extract(fresh, cli, HEAD + shared)
    assert result.exit_code == 1
    assert f"is shared with another place through '*{'frage' if 'frage' in shared else 'teile'}' in " \
           f"line {line}; replacing it would change both\n" in result.stderr
    assert after == before
    assert not (fresh / "answers" / "snippets" / "neu.md").exists()


def test_a_question_that_is_itself_an_alias_is_refused(fresh, cli):
    # The questions are written elsewhere and only copied here: replacing there changes both.
    text = ("vorlage: &fragen\n  - id: a\n    question: Frage A?\n    response: Text A.\n"
            + HEAD.replace("questions:\n", "questions: *fragen\n"))
    result, before, after = extract(fresh, cli, text)
    assert result.exit_code == 1
    assert result.stderr.startswith(
        "answers/probe.yaml:14:12: the response of 'a' is shared with another place through '*fragen' "
        "in line 14; replacing it would change both\n")
    assert after == before


def test_a_flow_style_entry_keeps_its_braces_and_the_others_stay(fresh, cli):
    text = HEAD + ('  - {id: a, question: "Frage A?", response: "Text A."}\n'
                   "  - {id: b, question: 'Frage B?', response: Text B}\n")
    assert_replaced(fresh, cli, text, '"Text A."', '"{{ snippet(\\"neu\\") }}"',
                    ("questions", 0, "response"), CALL)
    (fresh / "answers" / "snippets" / "neu.md").unlink()
    # A plain text in braces: a plain {{ … would open a mapping, so the new value is quoted.
    text = HEAD + "  - {id: a, question: Frage A, response: Text A}\n"
    assert_replaced(fresh, cli, text, "Text A}", f"'{CALL}'}}", ("questions", 0, "response"), CALL)


def test_escapes_elsewhere_stay_written_as_escapes_and_the_snippet_gets_the_text(fresh, cli):
    text = HEAD + ('  - id: a\n    question: "Frage\\u00A0A?"\n'
                   '    response: "Zeile eins\\Nzweite \\x41 \\u00e4 \\"zitiert\\" \\\n'
                   '      weiter"   # Kommentar\n'
                   '  - id: b\n    question: "Frage\\tB\\x21"\n    response: "Text\\x20B\\N"\n')
    snippet = assert_replaced(
        fresh, cli, text,
        '"Zeile eins\\Nzweite \\x41 \\u00e4 \\"zitiert\\" \\\n      weiter"',
        '"{{ snippet(\\"neu\\") }}"', ("questions", 0, "response"), CALL)
    assert snippet.endswith('---\nZeile eins\x85zweite A ä "zitiert" weiter\n')
    assert 'question: "Frage\\u00A0A?"' in (fresh / "answers" / "probe.yaml").read_text(encoding="utf-8")


def test_a_folded_block_becomes_a_literal_one_and_the_blank_line_after_it_stays(fresh, cli):
    text = HEAD + ("  - id: a\n    question: Frage A?\n    response: >\n      Ein langer Text,\n"
                   "      gefaltet.\n\n  - id: b\n    question: Frage B?\n    response: >-\n"
                   "      Text B\n      gefaltet.\n")
    snippet = assert_replaced(fresh, cli, text, ">\n      Ein langer Text,\n      gefaltet.\n\n",
                              f"|\n      {CALL}\n\n", ("questions", 0, "response"), CALL + "\n")
    assert snippet.endswith("---\nEin langer Text, gefaltet.\n")


def test_crlf_line_endings_stay_and_the_new_line_ends_the_same_way(fresh, cli):
    text = (HEAD + "  - id: a\n    question: Frage A?\n    response: |-   # Kommentar\n      Text A\n\n"
            "      zweite Zeile.\n    \n  # danach\n  - id: b\n    question: Frage B?\n"
            "    response: Text B.\n").replace("\n", "\r\n")
    assert_replaced(fresh, cli, text,
                    "|-   # Kommentar\r\n      Text A\r\n\r\n      zweite Zeile.\r\n    \r\n",
                    f"|   # Kommentar\r\n      {CALL}\r\n    \r\n", ("questions", 0, "response"),
                    CALL + "\n")
    assert b"\n" not in (fresh / "answers" / "probe.yaml").read_bytes().replace(b"\r\n", b"")


def test_tabs_stay_where_they_were(fresh, cli):
    # PyYAML takes tabs inside quotes and blocks only (elsewhere `check` names them).
    text = HEAD + ("  - id: a\n    question: \"Frage\tA?\"\n"
                   "    response: |\n      Text\tmit Tab.\n      \tZweite Zeile.\n"
                   "  - id: b\n    question: 'Frage\tB?'\n    response: \"Tab\tim Text\"\n")
    snippet = assert_replaced(fresh, cli, text, "|\n      Text\tmit Tab.\n      \tZweite Zeile.\n",
                              f"|\n      {CALL}\n", ("questions", 0, "response"), CALL + "\n")
    assert snippet.endswith("---\nText\tmit Tab.\n\tZweite Zeile.\n")
    (fresh / "answers" / "snippets" / "neu.md").unlink()
    assert_replaced(fresh, cli, text, '"Tab\tim Text"', '"{{ snippet(\\"neu\\") }}"',
                    ("questions", 1, "response"), CALL, question="b")


def test_a_byte_order_mark_stays(fresh, cli):
    text = HEAD + "  - id: a\n    question: Frage A?\n    response: |\n      Text A.\n"
    assert_replaced(fresh, cli, text, "|\n      Text A.\n", f"|\n      {CALL}\n",
                    ("questions", 0, "response"), CALL + "\n", bom=True)
    assert (fresh / "answers" / "probe.yaml").read_bytes().startswith(b"\xef\xbb\xbfinquiry:\n")


def test_a_comment_after_the_response_stays_a_comment(fresh, cli):
    # Written as a block, the comment would have become part of the letter's text.
    text = HEAD + ("  - id: a\n    question: Frage A?\n    response: Text A.  # noch prüfen\n"
                   "  - id: b\n    question: Frage B?\n    response: 'Text B.' # geprüft\n")
    assert_replaced(fresh, cli, text, "Text A.  #", f"'{CALL}'  #", ("questions", 0, "response"), CALL)
    (fresh / "answers" / "snippets" / "neu.md").unlink()
    assert_replaced(fresh, cli, text, "'Text B.'", f"'{CALL}'", ("questions", 1, "response"), CALL,
                    question="b")


def test_a_comment_on_the_block_header_stays(fresh, cli):
    text = HEAD + ("  - id: a\n    question: Frage A?\n    response: | # inquirygen: ok\n"
                   "      Text A.\n      # kein Kommentar, sondern Text\n  # ein Kommentar\n")
    assert_replaced(fresh, cli, text,
                    "| # inquirygen: ok\n      Text A.\n      # kein Kommentar, sondern Text\n",
                    f"| # inquirygen: ok\n      {CALL}\n", ("questions", 0, "response"), CALL + "\n")


def test_response_keys_in_german_are_not_responses(fresh, cli):
    # The schema has no German names (no aliases in schema.py): "antwort:" is an unknown key that
    # `check` reports, so there is no response to take; nothing is written.
    text = HEAD + "  - id: a\n    question: Frage A?\n    antwort: Text A.\n"
    assert_refused(fresh, cli, text, "Error: question 'a' in answers/probe.yaml has no response to "
                                     "extract\n")


@pytest.mark.parametrize(("block", "old", "new", "value"), [
    # The last line of the file without its line break.
    ("    response: |\n      Text A.", "|\n      Text A.", f"|\n      {CALL}", CALL),
    # Indented by four, with an indentation indicator and a deeper second line.
    ("    response: |2\n        Text A,\n          eingerückt.\n  - id: b\n    question: B?\n",
     "|2\n        Text A,\n          eingerückt.\n", f"|\n        {CALL}\n", CALL + "\n"),
    # Keeping its blank lines (|+): they were the response's, now they are blank lines again.
    ("    response: |+\n      Text A.\n\n\n  - id: b\n    question: B?\n",
     "|+\n      Text A.\n\n\n", f"|\n      {CALL}\n\n\n", CALL + "\n"),
    # A plain text over two lines.
    ("    response: Text A\n      geht weiter.\n  - id: b\n    question: B?\n",
     "Text A\n      geht weiter.", f"'{CALL}'", CALL),
    # A tag and an anchor before the text stay.
    ("    response: !!str &t Text A.\n", "&t Text A.", f"&t '{CALL}'", CALL),
])
def test_block_forms(fresh, cli, block, old, new, value):
    text = HEAD + "  - id: a\n    question: Frage A?\n" + block
    assert_replaced(fresh, cli, text, old, new, ("questions", 0, "response"), value)


def test_a_sub_question_in_braces_within_a_list(fresh, cli):
    text = HEAD + ("  - id: x\n    question: Frage X?\n    parts:\n"
                   "      - {id: a, question: 'A?', response: 'Text A.'}\n"
                   "      - id: b\n        question: B?\n        response: Text B.\n")
    assert_replaced(fresh, cli, text, "'Text A.'", f"'{CALL}'",
                    ("questions", 0, "parts", 0, "response"), CALL)


def test_a_control_character_from_an_escape_is_refused_before_it_reaches_a_snippet(fresh, cli):
    # The snippet file would hold the character itself, which no check lets into a letter.
    text = HEAD + '  - id: a\n    question: Frage A?\n    response: "Text\\a A."\n'
    assert_refused(fresh, cli, text, (
        "answers/probe.yaml:13:15: control character U+0007 (bell) cannot go into this text; "
        "remove it (or its escape, such as \\a)\nError: 1 problem found\n"))


def test_a_file_with_a_key_given_twice_is_refused_as_check_reports_it(fresh, cli):
    text = HEAD + "  - id: a\n    question: Frage A?\n    response: Text A.\n    response: Text B.\n"
    assert_refused(fresh, cli, text, (
        "answers/probe.yaml:14:5: key 'response' is given twice (first at line 13)\n"
        "    hint: remove one of them; YAML would silently keep only the last\n"
        "Error: 1 problem found\n"))


def test_a_replacement_that_would_change_other_text_is_never_written(fresh, cli, monkeypatch):
    # The last line of defence: whatever goes wrong in building the new text, the check refuses it.
    import inquirygen.yamledit as yamledit

    monkeypatch.setattr(yamledit, "_block", lambda old, value: (f"|\n      {value}\n  - kaputt\n",
                                                                value + "\n"))
    text = HEAD + "  - id: a\n    question: Frage A?\n    response: |\n      Text A.\n"
    assert_refused(fresh, cli, text, (
        "answers/probe.yaml:13:15: the response of 'a' cannot be replaced without changing other text "
        "of the file; nothing was changed\n"
        f"    hint: replace the response yourself with {CALL}\n"
        "Error: 1 problem found\n"))


def test_the_new_messages_in_german(fresh, cli, monkeypatch):
    import inquirygen.yamledit as yamledit

    monkeypatch.setenv("INQUIRYGEN_LANG", "de")
    text = HEAD + ("  - id: a\n    question: Frage A?\n    response: &gleich |\n      Der gleiche Text.\n"
                   "  - id: b\n    question: Frage B?\n    response: *gleich\n")
    assert_refused(fresh, cli, text, (
        "answers/probe.yaml:13:15: Die Antwort zu „a“ steht über „*gleich“ in Zeile 17 auch an einer "
        "anderen Stelle; sie hier zu ersetzen, würde beide ändern\n"
        "    Hinweis: Schreiben Sie in Zeile 17 den Text aus, für den „*gleich“ steht, und übernehmen "
        "Sie die Antwort dann erneut in einen Textbaustein.\n"
        "Fehler: 1 Fehler gefunden\n"))
    monkeypatch.setattr(yamledit, "_block", lambda old, value: ("|\n  - kaputt\n", value))
    text = HEAD + "  - id: a\n    question: Frage A?\n    response: |\n      Text A.\n"
    assert_refused(fresh, cli, text, (
        "answers/probe.yaml:13:15: Die Antwort zu „a“ lässt sich nicht ersetzen, ohne anderen Text der "
        "Datei zu ändern; es wurde nichts geändert\n"
        f"    Hinweis: Ersetzen Sie die Antwort selbst durch {CALL}.\n"
        "Fehler: 1 Fehler gefunden\n"))


TEXT = st.text(st.sampled_from(list("aäß Z1#:-'\"{}[],&*!|>%@`\\\t\n\u00a0\u0085\u2028")), min_size=1,
               max_size=12).filter(str.strip)
KEYS = st.sampled_from(["response", "question", "id", "parts", "a b", "x"])
DATA = st.recursive(TEXT, lambda inner: st.lists(inner, min_size=1, max_size=3)
                    | st.dictionaries(KEYS, inner, min_size=1, max_size=3), max_leaves=8)


def text_paths(data, path=()):
    if isinstance(data, dict):
        for key, value in data.items():
            yield from text_paths(value, path + (key,))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from text_paths(value, path + (index,))
    elif isinstance(data, str) and data.strip():
        yield path


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.dictionaries(KEYS, DATA, min_size=1, max_size=3), style=st.sampled_from(
    [None, '"', "'", "|", ">"]), flow=st.booleans(), line_break=st.sampled_from(["\n", "\r\n"]),
       width=st.sampled_from([20, 80, 10**6]), choice=st.integers(min_value=0))
def test_any_text_value_of_any_file_pyyaml_writes_is_replaced_exactly(data, style, flow, line_break,
                                                                       width, choice):
    """Whatever the style PyYAML wrote a file in (quotes, blocks, braces, CRLF, short lines), each
    text value can be replaced, and the file reads as before except for that value."""
    from inquirygen.yamledit import replace_text_value
    from inquirygen.yamlfile import parse_yaml_text

    text = yaml.safe_dump(data, allow_unicode=True, default_style=style, default_flow_style=flow,
                          line_break=line_break, width=width)
    problems = []
    document = parse_yaml_text(Path("probe.yaml"), text, problems)
    assume(document is not None and not problems)
    paths = list(text_paths(document.data))
    assume(paths)
    path = paths[choice % len(paths)]
    result = replace_text_value(document, path, CALL, "a")
    # Read again as inquirygen reads it: the same data, only that value now the snippet's call.
    after = parse_yaml_text(Path("probe.yaml"), result, problems)
    assert after is not None and not problems
    value = after.data
    for step in path:
        value = value[step]
    assert value in (CALL, CALL + "\n")
    wanted = copy.deepcopy(document.data)
    parent = wanted
    for step in path[:-1]:
        parent = parent[step]
    parent[path[-1]] = value
    assert after.data == wanted
