"""What a clerk reads in German when answers, references, snippets and the letter's plausibility fail."""

from __future__ import annotations

import pytest

from .conftest import write_answer
from .docx_text import letter_lines


@pytest.fixture(autouse=True)
def deutsch(monkeypatch):
    monkeypatch.setenv("INQUIRYGEN_LANG", "de")


HEAD = """\
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
"""

# An id given twice, a reference and a see: to ids that do not exist, a snippet that does not exist.
FEHLER = HEAD + """\
  - id: bestand
    question: Wie viele Radwege gibt es?
    response: |
      Es gibt 120 Radwege.
  - id: bestand
    question: Wie lang sind sie?
    response: |
      Siehe die Antwort zu {{ ref("kosten") }}.

      {{ snippet("radwegebau") }}
  - id: pflege
    question: Wer pflegt sie?
    see: zustaendigkeit
"""


def test_unknown_ids_a_doubled_id_and_an_unknown_snippet(example_workspace, cli):
    write_answer(example_workspace / "answers", "fehler.yaml", FEHLER)
    result = cli("check", "fehler.yaml", cwd=example_workspace)
    assert result.exit_code == 1
    assert result.stderr.splitlines()[:-1] == [
        "answers/fehler.yaml:19:9: Die Kennung „bestand“ kommt zweimal vor (zuerst in Zeile 15).",
        "    Hinweis: Geben Sie jeder Frage eine eigene Kennung („id:“).",
        "answers/fehler.yaml:22:36: Es gibt keine Frage mit der Kennung „kosten“.",
        "answers/fehler.yaml:24:19: Es gibt keinen Textbaustein „radwegebau“.",
        "    Hinweis: Textbausteine liegen in answers/snippets/<Name>.md.",
        "answers/fehler.yaml:27:10: Es gibt keine Frage mit der Kennung „zustaendigkeit“.",
    ]


# Every plausibility warning of a hurried clerk: the salutation with its comma, a date before the
# inquiry, a placeholder, the answer to question 3 pasted into question 2, question 4 typed with its
# own number, and questions 3 and 4 answered with the same text.
EILIG = HEAD.replace("  salutation: Frau Krieg\n", "  salutation: Frau Krieg,\n").replace(
    "  date: 2025-10-06\n", "  date: 2025-09-01\n") + """\
  - id: anzahl
    question: Wie viele Radwege gibt es?
    response: |
      Es gibt XXX Radwege im Kreisgebiet.
  - id: laenge
    question: Wie lang sind sie?
    response: |
      Zusammen 85 Kilometer.

      Zu Frage 3: Die Verwaltung erhebt diese Zahl nicht gesondert.
  - id: breite
    question: Wie breit sind sie?
    response: |
      Die Verwaltung erhebt diese Zahl nicht gesondert.
  - id: pflege
    question: 4. Wie oft werden sie gereinigt?
    response: |
      Die Verwaltung erhebt diese Zahl nicht gesondert.
"""

WARNINGS = [
    ("10:15", "Die Anrede „Frau Krieg,“ würde so gedruckt werden, wie sie dasteht, ohne „Sehr geehrte“.",
     "Schreiben Sie „Frau Krieg“ ohne Komma, dann steht im Schreiben „Sehr geehrte Frau Krieg,“."),
    ("12:9", "Das Schreiben ist auf den 01.09.2025 datiert, also vor der Anfrage vom 15.09.2025.",
     "Prüfen Sie beide Daten."),
    ("18:15", "Im Text steht noch der Platzhalter „XXX“.",
     "Ersetzen Sie ihn durch den richtigen Text, bevor das Schreiben hinausgeht."),
    ("24:7", "Die Antwort scheint auch die Antwort auf Frage 3 zu enthalten („Zu Frage 3:“).",
     "Verschieben Sie diesen Teil in die Antwort auf Frage 3."),
    ("30:15", ("Die Frage beginnt mit ihrer eigenen Nummer „4.“; inquirygen nummeriert sie selbst, im "
               "Schreiben stünde also „4. 4.“."), "Löschen Sie die Nummer am Anfang der Frage."),
    ("31:15", "Die Fragen 3 und 4 haben dieselbe Antwort.",
     ("Beantworten Sie die Fragen gemeinsam: „together_with:“ mit der Kennung der anderen Frage druckt "
      "eine Antwort für beide.")),
]


def expected(final: bool) -> list[str]:
    """The warnings as printed; --final makes all of them errors but the same response."""
    lines = []
    for place, message, hint in WARNINGS:
        label = "" if final and "dieselbe Antwort" not in message else "Warnung: "
        lines += [f"answers/eilig.yaml:{place}: {label}{message}", f"    Hinweis: {hint}"]
    return lines


def test_the_plausibility_warnings_in_german(example_workspace, cli):
    write_answer(example_workspace / "answers", "eilig.yaml", EILIG)
    result = cli("check", "eilig.yaml", cwd=example_workspace)
    assert result.exit_code == 0
    assert result.stderr.splitlines() == expected(final=False)
    final = cli("check", "--final", "eilig.yaml", cwd=example_workspace)
    assert final.exit_code == 1
    assert final.stderr.splitlines()[:-1] == expected(final=True)


def test_a_comment_silences_a_warning_but_not_a_missing_answer(example_workspace, cli):
    text = EILIG.replace("  salutation: Frau Krieg,\n",
                         "  # inquirygen: ok (so gewünscht)\n  salutation: Frau Krieg,\n")
    text = text.replace("Radwege im Kreisgebiet.", "Radwege im Kreisgebiet.   # inquirygen: ok")
    text += "  - id: kosten\n    question: Was kostet die Pflege?\n"
    write_answer(example_workspace / "answers", "eilig.yaml", text)
    result = cli("check", "eilig.yaml", cwd=example_workspace)
    assert result.exit_code == 0
    assert "Frau Krieg," not in result.stderr
    # Inside a block of text the words are text: they silence nothing and would be printed.
    assert ("answers/eilig.yaml:19:15: Warnung: Im Text steht noch der Platzhalter „XXX“.\n"
            in result.stderr)
    assert ("answers/eilig.yaml:19:45: Warnung: „# inquirygen: ok“ steht im Text und würde "
            "mitgedruckt werden.\n    Hinweis: Schreiben Sie es als Kommentar in eine eigene Zeile über der "
            "Angabe.\n") in result.stderr
    assert "answers/eilig.yaml:35:5: Warnung: Die Frage 5. ist noch nicht beantwortet.\n" \
        in result.stderr


UNBEANTWORTET = HEAD + """\
  - id: anzahl
    question: Wie viele Radwege gibt es?
    response: |
      Es gibt 120 Radwege im Kreisgebiet.
  - id: pflege
    question: Wer pflegt sie?
"""

DRAFT = [
    "answers/offen.yaml:20:5: {label}Die Frage 2. ist noch nicht beantwortet.",
    ("    Hinweis: Das Schreiben wird als Entwurf erstellt, mit „ENTWURF“ an Stelle der Antwort. "
     "Schreiben Sie „response: |“ und darunter die Antwort oder „see:“ mit der Kennung einer Frage."),
]


def test_an_unanswered_question_is_a_draft_and_refused_with_final(example_workspace, cli):
    write_answer(example_workspace / "answers", "offen.yaml", UNBEANTWORTET)
    built = cli("build", "offen.yaml", cwd=example_workspace)
    assert built.exit_code == 0
    assert [line.format(label="Warnung: ") for line in DRAFT] == built.stderr.splitlines()
    # The letter text stays German as it always was: the draft mark is no message.
    lines = [(line.style, line.text) for line in letter_lines(example_workspace / "out" / "offen.docx")]
    index = lines.index(("Frage", "2.\tWer pflegt sie?"))
    assert lines[index + 1] == ("Antwort Schluss", "ENTWURF – Diese Frage ist noch nicht beantwortet.")
    checked = cli("check", "offen.yaml", cwd=example_workspace)
    assert checked.exit_code == 0
    assert checked.stderr.splitlines() == [line.format(label="Warnung: ") for line in DRAFT]
    final = cli("check", "--final", "offen.yaml", cwd=example_workspace)
    assert final.exit_code == 1
    assert final.stderr.splitlines()[:-1] == [line.format(label="") for line in DRAFT]


def test_an_empty_signatory_is_refused_with_final(example_workspace, cli):
    text = UNBEANTWORTET.replace("  signatory: landrat\n", '  signatory: {name: ""}\n')
    text = text.replace("    question: Wer pflegt sie?\n",
                        "    question: Wer pflegt sie?\n    see: anzahl\n")
    write_answer(example_workspace / "answers", "leer.yaml", text)
    checked = cli("check", "leer.yaml", cwd=example_workspace)
    assert checked.exit_code == 0
    message = ("answers/leer.yaml:13:14: {label}Der Unterzeichner hat keinen Namen: Niemand würde das "
               "Schreiben unterzeichnen.")
    hint = ("    Hinweis: Nennen Sie einen Unterzeichner aus den Einstellungen (inquirygen.yaml), oder "
            "schreiben Sie „name:“ unter „signatory:“.")
    assert checked.stderr.splitlines() == [message.format(label="Warnung: "), hint]
    final = cli("check", "--final", "leer.yaml", cwd=example_workspace)
    assert final.exit_code == 1
    assert final.stderr.splitlines()[:-1] == [message.format(label=""), hint]


def test_who_needs_a_missing_value_is_named_in_one_sentence(data_workspace, cli):
    """The phrases that print the inquiry's date, listed inside one German sentence."""
    text = UNBEANTWORTET.replace("  date: 2025-09-15\n", "", 1).replace(
        "    question: Wer pflegt sie?\n", "    question: Wer pflegt sie?\n    see: anzahl\n")
    write_answer(data_workspace, "ohne_datum.yaml", text)
    result = cli("check", "ohne_datum.yaml", cwd=data_workspace)
    assert result.exit_code == 1
    assert result.stderr.splitlines()[:-1] == [
        ("ohne_datum.yaml:1:1: Für die Standardformulierungen „subject“ und „intro“ fehlt die Angabe "
         "„date“ unter „inquiry“."),
        ("    Hinweis: Ergänzen Sie „date:“ unter „inquiry:“, oder geben Sie dem Schreiben unter "
         "„phrases:“ eigene Standardformulierungen.")]


def test_a_salutation_without_a_name(example_workspace, cli):
    text = UNBEANTWORTET.replace("  salutation: Frau Krieg\n", "  salutation: Frau\n").replace(
        "    question: Wer pflegt sie?\n", "    question: Wer pflegt sie?\n    see: anzahl\n")
    write_answer(example_workspace / "answers", "anrede.yaml", text)
    result = cli("check", "anrede.yaml", cwd=example_workspace)
    assert result.exit_code == 1
    assert result.stderr.splitlines()[:-1] == [
        "answers/anrede.yaml:10:15: In der Anrede „Frau“ fehlt der Name.",
        ("    Hinweis: Schreiben Sie den Namen dahinter (z. B. „Frau Krieg“) oder die ganze Zeile mit "
         "einem Komma am Ende (z. B. „Sehr geehrte Damen und Herren,“).")]


# Files of the bad-input workspace (tests/data) whose every problem is one of this area's messages.
DATA_FILES = {
    "self_ref.yaml": [
        "self_ref.yaml:12:10: Die Frage „bestand“ verweist auf sich selbst.",
        "    Hinweis: Ein Verweis muss eine andere Frage nennen."],
    "missing_variable.yaml": [
        "missing_variable.yaml:12:26: Der Textbaustein „frist“ braucht die Variable „tage“.",
        '    Hinweis: Schreiben Sie snippet("frist", tage="…").'],
    "footnote_errors.yaml": [
        "footnote_errors.yaml:7:36: Zur Fußnote [^fehlt] fehlt der Text.",
        "    Hinweis: Fügen Sie nach dem Absatz eine Zeile „[^fehlt]: …“ ein.",
        "footnote_errors.yaml:10:7: Warnung: Die Fußnote [^uebrig] ist im Text nirgends gesetzt.",
        "    Hinweis: Schreiben Sie [^uebrig] an die Stelle, an die die Fußnote gehört."],
    "jinja_syntax.yaml": [
        ("jinja_syntax.yaml:13:13: Fehler in den geschweiften Klammern: Das Anführungszeichen „„“ darf nicht "
         "zwischen den geschweiften Klammern stehen; schreiben Sie dort gerade Anführungszeichen \"…\"."),
        ('    Hinweis: Verwenden Sie in {{ }} gerade Anführungszeichen ("); das Schreibprogramm hat sie '
         "durch typografische ersetzt.")],
    "snippet_cycle.yaml": [
        ("snippet_cycle.yaml:11:15: Die Textbausteine binden sich gegenseitig im Kreis ein: "
         "kreis-a → kreis-b → kreis-a")],
    "bad_salutation.yaml": [
        "bad_salutation.yaml:6:15: Aus „Dr. Krieg“ lässt sich keine Anrede bilden.",
        ("    Hinweis: Beginnen Sie mit „Frau“ oder „Herr“ (z. B. „Frau Dr. Krieg“), oder schreiben Sie "
         "die ganze Zeile mit einem Komma am Ende (z. B. „Liebe Frau Krieg,“).")],
    "no_questions.yaml": [
        "no_questions.yaml:1:1: Die Antwortdatei hat weder „questions“ noch „body“.",
        ("    Hinweis: Ergänzen Sie „questions:“ oder, für ein Schreiben ohne nummerierte Fragen, "
         "„body: |“.")],
    "template_needs_reference.yaml": [
        ("template_needs_reference.yaml:1:1: Für die Vorlage „kleine_anfrage.docx“ fehlt die Angabe "
         "„questioner“ unter „inquiry“."),
        ("    Hinweis: Ergänzen Sie „questioner:“ unter „inquiry:“, oder geben Sie dem Schreiben unter "
         "„phrases:“ eine eigene Standardformulierung „subject“."),
        ("template_needs_reference.yaml:1:1: Für die Vorlage „kleine_anfrage.docx“ fehlt die Angabe "
         "„reference“ unter „inquiry“."),
        ("    Hinweis: Ergänzen Sie „reference:“ unter „inquiry:“, oder geben Sie dem Schreiben unter "
         "„phrases:“ eine eigene Standardformulierung „references“.")],
}


@pytest.mark.parametrize("name", sorted(DATA_FILES))
def test_the_bad_input_files_in_german(data_workspace, cli, name):
    result = cli("check", name, cwd=data_workspace)
    assert result.exit_code == 1
    assert result.stderr.splitlines()[:-1] == DATA_FILES[name]
