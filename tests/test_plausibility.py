"""Letters that would go out silently wrong are named at their lines: warnings, errors with --final."""

from __future__ import annotations

import zipfile

from .conftest import write_answer
from .docx_text import letter_lines

# Every finding once: a salutation with its comma, a date before the inquiry, an empty signatory, a
# question with its own number, placeholders, the next answer pasted in, text after " #", two
# questions with the same response, and an unanswered question silenced in vain.
SILENTLY_WRONG = """\
inquiry:
  date: 2025-09-15
  subject: Radwege
  questioner: Fraktion X
recipient:
  address:
    - Fraktion X
    - Rathausplatz 1
    - 12345 Beispielstadt
  salutation: Frau Krieg,
letter:
  date: 2025-09-01
  signatory: {name: ""}
questions:
  - id: eins
    question: 1. Wie viele Radwege gibt es?
    response: |
      Es gibt XXX Radwege im Kreisgebiet, gezählt am [Datum].

      Zu Frage 2: Zusammen 85 Kilometer.
  - id: zwei
    question: Wie lang sind sie # in Kilometern?
    response: |
      Die Verwaltung erhebt diese Zahl nicht gesondert.
  - id: drei
    question: Wie breit sind sie?
    response: |
      Die Verwaltung erhebt diese Zahl nicht gesondert.
  - id: vier
    question: Wer pflegt sie?   # inquirygen: ok
"""

FINDINGS = [
    ("10:15", "the salutation 'Frau Krieg,' would be printed as it is, without 'Sehr geehrte'",
     "write 'Frau Krieg' without the comma for 'Sehr geehrte Frau Krieg,'"),
    ("12:9", "the letter is dated 01.09.2025, before the inquiry of 15.09.2025", "check both dates"),
    ("13:14", "the signatory has no name: nobody would sign the letter",
     "name a signatory of inquirygen.yaml, or write 'name:' under 'signatory:'"),
    ("16:15", ("the question begins with its own number '1.'; inquirygen numbers it, so the letter "
     "would print '1. 1.'"), "delete the number at the start of the question"),
    ("18:15", "placeholder 'XXX' left in the text", "fill it in before the letter goes out"),
    ("18:54", "placeholder '[Datum]' left in the text", "fill it in before the letter goes out"),
    ("20:7", "the response seems to contain the answer to question 2 ('Zu Frage 2:')",
     "move that part into the response of question 2"),
    ("22:33", ("the text after '#' is not part of the value: '# in Kilometern?' is read as a comment, "
     "the letter would end at 'Wie lang sind sie'"),
     "put the whole value in quotes, or write it as a block ('|' and the text on the next lines)"),
    ("27:15", "questions 2 and 3 have the same response",
     "answer them together: 'together_with:' with the other question's id prints one answer for both"),
    ("30:5", "question 4. has no response yet (unanswered)",
     ("the letter is built as a draft with 'ENTWURF' in place of the answer; write 'response: |' with "
     "the answer below it, or 'see:' with a question id")),
]


def expected(final: bool) -> str:
    # --final makes all of them errors except two questions with the same response.
    return "".join(
        f"answers/wrong.yaml:{place}: "
        f"{'' if final and 'same response' not in message else 'warning: '}{message}\n    hint: {hint}\n"
        for place, message, hint in FINDINGS)


def test_check_warns_of_every_silently_wrong_thing_at_its_line(example_workspace, cli):
    write_answer(example_workspace / "answers", "wrong.yaml", SILENTLY_WRONG)
    result = cli("check", "wrong.yaml", cwd=example_workspace)
    assert result.exit_code == 0
    assert result.stderr == expected(final=False)
    assert result.stdout == "1 file checked, no errors, 10 warnings\n"


def test_final_refuses_what_must_not_go_out(example_workspace, cli):
    write_answer(example_workspace / "answers", "wrong.yaml", SILENTLY_WRONG)
    result = cli("check", "--final", "wrong.yaml", cwd=example_workspace)
    assert result.exit_code == 1
    assert result.stderr == expected(final=True) + "Error: 9 problems found; 1 file with errors\n"
    archived = cli("archive", "wrong.yaml", cwd=example_workspace)
    assert archived.exit_code == 1
    assert not (example_workspace / "archive").exists()


def test_an_unanswered_question_makes_a_visible_draft(example_workspace, cli):
    write_answer(example_workspace / "answers", "wrong.yaml", SILENTLY_WRONG)
    result = cli("build", "wrong.yaml", cwd=example_workspace)
    assert result.exit_code == 0
    assert "answers/wrong.yaml:30:5: warning: question 4. has no response yet (unanswered)\n" \
        "    hint: the letter is built as a draft with 'ENTWURF'" in result.stderr
    letter = example_workspace / "out" / "wrong.docx"
    lines = [(line.style, line.text) for line in letter_lines(letter)]
    index = lines.index(("Frage", "4.\tWer pflegt sie?"))
    assert lines[index + 1] == ("Antwort Schluss", "ENTWURF – Diese Frage ist noch nicht beantwortet.")
    with zipfile.ZipFile(letter) as package:
        assert "<w:b/>" in package.read("word/document.xml").decode("utf-8").split("ENTWURF")[0][-200:]


def test_a_comment_silences_a_warning_on_purpose_but_not_a_missing_answer(example_workspace, cli):
    text = SILENTLY_WRONG.replace("gezählt am [Datum].", "gezählt am [Datum].   # inquirygen: ok")
    write_answer(example_workspace / "answers", "wrong.yaml", text)
    result = cli("check", "wrong.yaml", cwd=example_workspace)
    # Inside a block of text the words are text: they silence nothing and would be printed.
    assert "answers/wrong.yaml:18:15: warning: placeholder 'XXX' left in the text\n" in result.stderr
    assert ("answers/wrong.yaml:18:65: warning: '# inquirygen: ok' stands inside the text and would "
            "be printed\n    hint: put it on a line of its own above the key, as a comment\n") \
        in result.stderr
    text = SILENTLY_WRONG.replace("  salutation: Frau Krieg,\n",
                                  "  # inquirygen: ok (so gewünscht)\n  salutation: Frau Krieg,\n")
    write_answer(example_workspace / "answers", "wrong.yaml", text)
    result = cli("check", "wrong.yaml", cwd=example_workspace)
    assert "the salutation 'Frau Krieg,'" not in result.stderr
    assert "question 4. has no response yet (unanswered)" in result.stderr  # line 31 now, still there
    assert result.stdout == "1 file checked, no errors, 9 warnings\n"


def test_bullets_pasted_from_word_become_a_list(example_workspace, cli):
    text = (example_workspace / "answers" / "2025-09-15.yaml").read_text(encoding="utf-8")
    pasted = ("      Geschult wird in:\n      •\tDeeskalation\n      •\tEigensicherung\n"
              "      o\tim Außendienst\n")
    write_answer(example_workspace / "answers", "liste.yaml",
                 text.replace("    response: |\n", "    response: |\n" + pasted + "\n", 1))
    result = cli("build", "liste.yaml", cwd=example_workspace)
    assert result.exit_code == 0, result.stderr
    lines = [(line.style, line.text) for line in letter_lines(example_workspace / "out" / "liste.docx")]
    start = lines.index(("Antwort", "Geschult wird in:"))
    assert lines[start + 1:start + 4] == [("Antwort Aufzählung 1", "- Deeskalation"),
                                          ("Antwort Aufzählung 1", "- Eigensicherung"),
                                          ("Antwort Listenende", "- im Außendienst")]


ORDINARY = """\
inquiry:
  date: 2025-09-15
  subject: Radwege
  questioner: Fraktion X
recipient:
  address:
    - Fraktion X
    - Rathausplatz 1
    - 12345 Beispielstadt
  salutation: Frau Krieg
letter:
  date: 2025-10-06
  signatory: landrat
questions:
  - id: eins
    question: 2. Quartal 2024 – wie viele Anträge nach § 3 Nr. 2 gingen ein?
    response: |
      Zu den Fragen 1 und 2: Es gingen 12 Anträge ein (Drucksache 18/1234, S. 3).
      Die Satzung („[…] nach Maßgabe der Mittel“) gilt weiter; siehe
      https://www.beispiel.de/satzung#abschnitt-2 und poststelle@kreis-re.de; Bürger fragten
      „Warum dauert das so lange??“
  - id: zwei
    question: Wann?   # Frage der Fraktion, Stand Mai
    response: |
      Im 3. Quartal.
"""


def test_ordinary_official_prose_raises_no_warning(example_workspace, cli):
    """Section signs, Drucksache numbers, "Zu den Fragen 1 und 2", an elision, a URL with an anchor,
    an ordinal at the start of question 1 and a note set apart from a question as YAML style has it
    (two spaces, then '# ') are text and comment as meant, not mistakes."""
    write_answer(example_workspace / "answers", "normal.yaml", ORDINARY)
    result = cli("check", "normal.yaml", cwd=example_workspace)
    assert result.exit_code == 0
    assert result.stderr == ""
    assert result.stdout == "1 file checked, no errors\n"


def test_text_eaten_by_a_comment_and_placeholders_in_quoted_text(example_workspace, cli):
    text = ORDINARY.replace(
        "    question: Wann?   # Frage der Fraktion, Stand Mai\n    response: |\n      Im 3. Quartal.\n",
        "    question: Wann?\n    response: Siehe C#-Handbuch und Vorgang Nr. #6\n"
        "  - question: Wer?\n    response: \"Es zahlt \\\"der Kreis\\\" XXX Euro.\"\n")
    write_answer(example_workspace / "answers", "fehler.yaml", text)
    result = cli("check", "fehler.yaml", cwd=example_workspace)
    assert result.stderr == (
        "answers/fehler.yaml:24:49: warning: the text after '#' is not part of the value: '#6' is "
        "read as a comment, the letter would end at 'C#-Handbuch und Vorgang Nr.'\n"
        "    hint: put the whole value in quotes, or write it as a block ('|' and the text on the next "
        "lines)\n"
        "answers/fehler.yaml:26:15: warning: placeholder 'XXX' left in the text\n"
        "    hint: fill it in before the letter goes out\n")


def test_an_unanswered_question_is_named_so_that_it_can_be_found(example_workspace, cli, monkeypatch):
    """A sub-question by its whole reference ("2. b)", not "b)"); the only question of an inquiry
    without a number, which "Frage" would only repeat; in German too."""
    write_answer(example_workspace / "answers", "teile.yaml", """\
inquiry: {date: 2025-09-15, subject: Radwege}
recipient: {address: [Fraktion]}
letter: {date: 2025-10-06, signatory: {name: Erika Muster}}
questions:
  - question: Eins?
    response: Ja.
  - question: Welche Radwege
    parts:
      - question: im Norden?
        response: Keine.
      - question: im Süden?
""")
    write_answer(example_workspace / "answers", "einzig.yaml", """\
inquiry: {date: 2025-09-15, subject: Radwege}
recipient: {address: [Fraktion]}
letter: {date: 2025-10-06, signatory: {name: Erika Muster}}
questions:
  - question: Wie viele?
""")
    result = cli("check", "teile.yaml", "einzig.yaml", cwd=example_workspace)
    assert "answers/teile.yaml:11:9: warning: question 2. b) has no response yet (unanswered)\n" \
        in result.stderr
    assert "answers/einzig.yaml:5:5: warning: the question has no response yet (unanswered)\n" \
        in result.stderr
    monkeypatch.setenv("INQUIRYGEN_LANG", "de")
    german = cli("check", "teile.yaml", "einzig.yaml", cwd=example_workspace)
    assert "answers/teile.yaml:11:9: Warnung: Die Frage 2. b) ist noch nicht beantwortet.\n" in german.stderr
    assert "answers/einzig.yaml:5:5: Warnung: Die Frage ist noch nicht beantwortet.\n" in german.stderr


LEFT_WRONG = """\
inquiry: {date: 2025-09-15, subject: Radwege}
recipient: {address: [Fraktion]}
letter: {date: 2025-10-06, signatory: {name: Erika Muster}}
questions:
  - id: eins
    question: Welche Radwege
    parts:
      - question: im Norden?
        response: |
          Keine.
          - question: im Süden?
            response: Zwei.
      - question: b) im Osten?
        response: |
          {{ snippet("leer") }}
  - question: Und?
    response: Siehe { ref("eins") }, Kosten xxx Euro.
"""


def test_what_following_a_wrong_hint_or_an_empty_snippet_would_leave_silently_wrong(
        example_workspace, cli, monkeypatch):
    """A question indented into the answer above, a snippet still empty, a sub-question typed with its
    letter, single braces, a lowercase placeholder: warnings, errors before sending."""
    (example_workspace / "answers" / "snippets" / "leer.md").write_text("\n", encoding="utf-8")
    write_answer(example_workspace / "answers", "links.yaml", LEFT_WRONG)
    result = cli("check", "--final", "links.yaml", cwd=example_workspace)
    assert result.exit_code == 1
    assert result.stderr == (
        "answers/links.yaml:11:11: '- question:' stands in the response text: it is indented so far "
        "that it became part of the answer above\n"
        "    hint: start 'question:' in the column of the other keys of its question, as 'question:' "
        "and 'response:' above it\n"
        "answers/links.yaml:12:13: 'response:' stands in the response text: it is indented so far that "
        "it became part of the answer above\n"
        "    hint: start 'response:' in the column of the other keys of its question, as 'question:' "
        "and 'response:' above it\n"
        "answers/links.yaml:13:19: the question begins with its own letter 'b)'; inquirygen numbers it, "
        "so the letter would print 'b) b)'\n"
        "    hint: delete the letter at the start of the question\n"
        "answers/links.yaml:14:19: the response of question 1. b) is empty once its snippets are filled "
        "in\n"
        "    hint: the letter is built as a draft with 'ENTWURF' in place of the answer; write the "
        "snippet's text, or the answer itself\n"
        "answers/links.yaml:17:21: '{ ref(\"eins\") }' has single braces and would be printed as it "
        "stands\n"
        "    hint: write two braces on each side: {{ … }}\n"
        "answers/links.yaml:17:45: placeholder 'xxx' left in the text\n"
        "    hint: fill it in before the letter goes out\n"
        "Error: 6 problems found; 1 file with errors\n")
    plain = cli("check", "links.yaml", cwd=example_workspace)
    assert plain.exit_code == 0 and plain.stderr.count("warning: ") == 6
    monkeypatch.setenv("INQUIRYGEN_LANG", "de")
    german = cli("check", "--final", "links.yaml", cwd=example_workspace)
    assert "answers/links.yaml:14:19: Die Antwort auf Frage 1. b) ist leer, sobald ihre Textbausteine " \
           "eingesetzt sind.\n" in german.stderr
    assert "answers/links.yaml:11:11: „- question:“ steht im Text der Antwort: Die Zeile ist so weit " \
           "eingerückt, dass sie zur Antwort darüber gehört.\n" in german.stderr
