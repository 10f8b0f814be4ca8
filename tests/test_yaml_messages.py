"""YAML mistakes as a clerk makes them, named in plain words at their line, with the mend."""

from __future__ import annotations

import pytest

from .conftest import write_answer

BASE = """\
inquiry:
  date: 2025-09-15
  subject: Radwege
  questioner: Fraktion X
recipient:
  address:
    - Fraktion X
    - Rathausplatz 1
  salutation: Frau Krieg
letter:
  date: 2025-10-06
  signatory: landrat
questions:
  - question: Wie viele?
    response: |
      Zwölf.
  - question: Wo?
    response: Hier.
"""

MISTAKES = {
    "an address line one space short": (
        ("    - Rathausplatz 1", "   - Rathausplatz 1"),
        ("8:4: line 8 is indented by 3 spaces, but it belongs with line 7 above it, which is indented "
        "by 4\n    hint: start it in the same column as line 7 (lines that belong together begin in "
        "the same column)")),
    "an address line one space too deep, which YAML would join to the line above": (
        ("    - Rathausplatz 1", "     - Rathausplatz 1"),
        ("8:6: line 8 starts with '- ' but is indented further than the entry above it, so it is not "
         "an entry of its own: it is joined to the text of line 7\n    hint: start the '- ' in the "
         "same column as in line 7; if the dash belongs to the text, put the whole text in quotes")),
    "a key one space too deep": (
        ("  subject: Radwege", "   subject: Radwege"),
        ("3:4: line 3 is indented by 3 spaces, but it belongs with line 2 above it, which is indented "
        "by 2\n    hint: start it in the same column as line 2 (lines that belong together begin in "
        "the same column)")),
    "a question one space too deep": (
        ("  - question: Wo?", "   - question: Wo?"),
        ("17:4: line 17 is indented by 3 spaces, but it belongs with line 14 above it, which is "
        "indented by 2\n    hint: start it in the same column as line 14 (lines that belong "
        "together begin in the same column)")),
    "a colon in German quotation marks": (
        ("  subject: Radwege", "  subject: „Radwege: Zustand“"),
        ("3:20: YAML syntax: a ':' followed by a space appears inside a value in German quotation "
        "marks „…“, which YAML does not take for quotes\n"
        "    hint: write the value in straight quotes \"…\" (they are not printed), or use '|' and "
        "write the text on the following lines")),
    # Lines in their right place are not blamed on their indentation.
    "text after a quoted value": (
        ("  subject: Radwege", '  subject: "Radwege" und mehr'),
        ("3:22: YAML syntax: expected <block end>, but found '<scalar>' (while parsing a block "
         "mapping)\n    hint: check indentation and quoting on this line and the one above")),
    "a key without its colon above another key": (
        ("  date: 2025-10-06", "  date 2025-10-06"),
        ("11:3: line 11 has no ':' after its key, so it is read together with the line below as one "
         "text\n    hint: write 'date: 2025-10-06'")),
    "a key without its colon": (
        ("  subject: Radwege", "  subject Radwege"),
        ("4:3: YAML syntax: a line is neither 'key: value' nor a continuation of the value above\n"
         "    hint: check the indentation, and that every key ends with ':'")),
}


@pytest.mark.parametrize("mistake", sorted(MISTAKES))
def test_a_yaml_mistake_is_named_in_plain_words(example_workspace, cli, mistake):
    (old, new), message = MISTAKES[mistake]
    assert old in BASE
    write_answer(example_workspace / "answers", "fehler.yaml", BASE.replace(old, new, 1))
    result = cli("check", "fehler.yaml", cwd=example_workspace)
    assert result.exit_code == 1
    assert result.stderr == (f"answers/fehler.yaml:{message}\n"
                             "Error: 1 problem found; 1 file with errors\n")


def test_the_base_file_is_fine(example_workspace, cli):
    write_answer(example_workspace / "answers", "gut.yaml", BASE)
    assert cli("check", "gut.yaml", cwd=example_workspace).exit_code == 0


SUB_QUESTIONS = """\
inquiry: {date: 2025-09-15, subject: Radwege}
recipient: {address: [Fraktion]}
letter: {date: 2025-10-06, signatory: {name: Erika Muster}}
questions:
  - question: Welche Radwege
    parts:
      - question: im Norden?
        response: |
          - K 12 (2,3 km)
          - K 17 (0,8 km)

        - question: im Süden?
        response: Keine.
"""


def test_a_sub_question_too_deep_is_aligned_with_its_sibling_not_with_the_answer_text(
        example_workspace, cli):
    """The lines of an answer under "response: |" are text: a "- question:" two spaces off is told
    to align with the question above it; aligned with the text's "- K 17" it would become text."""
    write_answer(example_workspace / "answers", "teile.yaml", SUB_QUESTIONS)
    result = cli("check", "teile.yaml", cwd=example_workspace)
    assert result.exit_code == 1
    assert result.stderr.startswith(
        "answers/teile.yaml:12:9: line 12 is indented by 8 spaces, but it belongs with line 7 above it, "
        "which is indented by 6\n    hint: start it in the same column as line 7")


def test_an_unclosed_quote_is_named_where_it_opens_not_where_the_next_one_stands(
        example_workspace, cli, monkeypatch):
    text = BASE.replace("  subject: Radwege", '  subject: "Radwege und Gehwege').replace(
        "    response: Hier.", '    response: Am "Markt".')
    write_answer(example_workspace / "answers", "zitat.yaml", text)
    result = cli("check", "zitat.yaml", cwd=example_workspace)
    assert (result.exit_code, result.stderr) == (1, (
        "answers/zitat.yaml:3:12: the quotation mark opened in line 3 is not closed there, so the text "
        "up to the next one (line 18) is read as the value\n"
        "    hint: close the quotation mark at the end of line 3, or remove it\n"
        "Error: 1 problem found; 1 file with errors\n"))
    monkeypatch.setenv("INQUIRYGEN_LANG", "de")
    german = cli("check", "zitat.yaml", cwd=example_workspace)
    assert german.stderr.startswith(
        "answers/zitat.yaml:3:12: Das Anführungszeichen, das in Zeile 3 beginnt, wird dort nicht "
        "geschlossen; so gilt der ganze Text bis zum nächsten (Zeile 18) als Wert.\n"
        "    Hinweis: Schließen Sie das Anführungszeichen am Ende von Zeile 3 oder löschen Sie es.\n")
