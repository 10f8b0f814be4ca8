"""Every fixed text is a phrase: the most specific setting wins, empty leaves it out, problems are located."""

from __future__ import annotations

from pathlib import Path

from .conftest import write_answer
from .docx_text import letter_lines

ANSWER = """\
inquiry:
  date: 15.09.2025
  subject: Radwege
  kind: Große Anfrage
recipient:
  address: [Kreistagsfraktion Beispiel, Musterstraße 1, 45657 Recklinghausen]
  salutation: Herr Beispiel
letter:
  date: 2025-10-06
  signatory: landrat
questions:
  - question: Wie viele Kilometer Radwege gibt es?
    response: Es gibt 120 km Radwege.
"""


def styled(path: Path) -> list[tuple[str, str]]:
    return [(line.style, line.text) for line in letter_lines(path)]


def configure(workspace: Path, text: str) -> None:
    with (workspace / "inquirygen.yaml").open("a", encoding="utf-8") as config:
        config.write(text)


def test_the_most_specific_phrase_wins(cli, data_workspace):
    configure(data_workspace, "phrases:\n  intro: Allgemein.\n  closing: Mit besten Grüßen\n"
                              "kind_phrases:\n  Große Anfrage:\n    intro: Für die Große Anfrage.\n"
                              "    closing: Hochachtungsvoll\n")
    write_answer(data_workspace, "gross.yaml", ANSWER + "phrases:\n  closing: Freundliche Grüße\n")
    write_answer(data_workspace, "klein.yaml", ANSWER.replace("Große Anfrage", "Anfrage"))
    assert cli("build", "gross.yaml", "klein.yaml", cwd=data_workspace).exit_code == 0
    gross = styled(data_workspace / "out" / "gross.docx")
    klein = styled(data_workspace / "out" / "klein.docx")
    assert ("Brieftext", "Für die Große Anfrage.") in gross  # the kind's, over the workspace's
    assert ("Grußformel", "Freundliche Grüße") in gross  # the letter's own, over the kind's
    assert ("Brieftext", "Allgemein.") in klein and ("Grußformel", "Mit besten Grüßen") in klein


def test_an_empty_phrase_leaves_its_paragraph_out(cli, data_workspace):
    write_answer(data_workspace, "leer.yaml", ANSWER.replace("  salutation: Herr Beispiel\n",
                                                            "  salutation: \"\"\n")
                 + "phrases:\n  subject: []\n  intro: \"\"\n  closing: \"\"\n"
                   "  information: []\n  date_line: \"Recklinghausen, {{ letter.date }}\"\n")
    result = cli("build", "leer.yaml", cwd=data_workspace)
    assert result.exit_code == 0, result.stderr
    lines = styled(data_workspace / "out" / "leer.docx")
    styles = [style for style, _ in lines]
    for left_out in ("Betreff", "Anrede", "Brieftext", "Grußformel", "Infoblock"):
        assert left_out not in styles, left_out
    assert ("Infoblock Datum", "Recklinghausen, 06.10.2025") in lines
    assert styles[styles.index("Infoblock Datum") + 1] == "Frage"
    preview = cli("preview", "leer.yaml", cwd=data_workspace).stdout
    assert "Sehr geehrte" not in preview and "Mit freundlichen" not in preview
    assert "\n\n\n" not in preview


def test_answer_labels_joint_labels_and_ranges(cli, data_workspace):
    configure(data_workspace, "numbering:\n  style: 'Frage 1:'\n  ranges: yes\n")
    text = ANSWER.replace("questions:\n", "phrases:\n  answer_label: 'Zu Frage {{ number }}:'\n"
                                          "  joint_label: 'Zu den Fragen {{ numbers }}:'\n"
                                          "  range: '{{ first }} – {{ last }}'\n  joint: ''\n"
                                          "questions:\n")
    text += ("  - id: zwei\n    question: Zwei?\n    response: Beide.\n"
             "  - question: Drei?\n    together_with: zwei\n"
             "  - question: Vier?\n    together_with: zwei\n"
             "  - question: Fünf?\n    see: {drucksache: '8/1100', question: 2}\n")
    write_answer(data_workspace, "labels.yaml", text)
    result = cli("build", "labels.yaml", cwd=data_workspace)
    assert result.exit_code == 0, result.stderr
    lines = styled(data_workspace / "out" / "labels.docx")
    assert [text for style, text in lines if style == "Antwortkennung"] == [
        "Zu Frage 1:", "Zu den Fragen 2 – 4:", "Zu Frage 5:"]
    # The last answer before the closing is in "Antwort Schluss", which keeps with the closing.
    assert ("Antwort Schluss", "Es wird auf die Antwort zu Frage 2 der Drucksache 8/1100 verwiesen.") in lines
    assert not any("gemeinsam" in text for _, text in lines)


def test_a_configured_phrase_needing_a_missing_value_is_reported_at_the_phrase(cli, data_workspace):
    configure(data_workspace, "phrases:\n  references:\n    - 'Drucksache {{ inquiry.reference }}'\n")
    write_answer(data_workspace, "ohne.yaml", ANSWER)
    result = cli("check", "ohne.yaml", cwd=data_workspace)
    assert result.exit_code == 1
    line = (data_workspace / "inquirygen.yaml").read_text(encoding="utf-8").splitlines().index(
        "    - 'Drucksache {{ inquiry.reference }}'") + 1
    assert result.stderr == (
        f"inquirygen.yaml:{line}:5: the phrase 'references' needs 'reference' under 'inquiry', "
        "which ohne.yaml does not give\n"
        "    hint: add 'reference:' under 'inquiry:' in ohne.yaml, or give the letter its own "
        "'references' under 'phrases:'\n"
        "Error: 1 problem found; 1 file with errors\n")


def test_an_inquiry_without_date_needs_its_own_subject(cli, data_workspace):
    undated = ANSWER.replace("  date: 15.09.2025\n", "")
    write_answer(data_workspace, "ohne_datum.yaml", undated)
    result = cli("check", "ohne_datum.yaml", cwd=data_workspace)
    assert result.exit_code == 1
    assert result.stderr.startswith(
        "ohne_datum.yaml:1:1: the phrases 'subject' and 'intro' need 'date' under 'inquiry'\n"
        "    hint: add 'date:' under 'inquiry:', or give the letter its own phrases under 'phrases:'\n")
    own = "phrases:\n  subject: ['{{ inquiry.subject }}']\n  intro: 'Ihre Fragen beantworte ich so:'\n"
    write_answer(data_workspace, "ohne_datum.yaml", undated + own)
    result = cli("build", "ohne_datum.yaml", cwd=data_workspace)
    assert result.exit_code == 0, result.stderr
    lines = styled(data_workspace / "out" / "ohne_datum.docx")
    assert ("Betreff", "Radwege") in lines and ("Brieftext", "Ihre Fragen beantworte ich so:") in lines


def test_an_interim_reply_says_when_the_answer_comes(cli, data_workspace):
    text = ANSWER.split("questions:")[0].replace("  signatory: landrat\n",
                                                 "  signatory: landrat\n  answer_by: 30.10.2025\n")
    write_answer(data_workspace, "zwischen.yaml", text + "body: Die Antwort dauert noch.\n")
    result = cli("build", "zwischen.yaml", cwd=data_workspace)
    assert result.exit_code == 0, result.stderr
    lines = styled(data_workspace / "out" / "zwischen.docx")
    assert ("Dokumentart", "Zwischennachricht") in lines
    assert lines.index(("Antwort", "Die Antwort dauert noch.")) + 1 == lines.index(
        ("Brieftext", "Die Beantwortung erfolgt voraussichtlich bis zum 30.10.2025."))


def test_a_salutation_without_a_name_is_refused(cli, data_workspace):
    write_answer(data_workspace, "anrede.yaml", ANSWER.replace("salutation: Herr Beispiel",
                                                               'salutation: "Frau "'))
    result = cli("check", "anrede.yaml", cwd=data_workspace)
    assert result.exit_code == 1
    assert result.stderr == (
        "anrede.yaml:7:15: the salutation 'Frau' has no name\n"
        "    hint: write the name after it (e.g. 'Frau Krieg'), or the whole line ending in ',' "
        "(e.g. 'Sehr geehrte Damen und Herren,')\n"
        "Error: 1 problem found; 1 file with errors\n")


def test_a_question_answered_in_its_sub_questions_gets_no_answer_label(cli, data_workspace):
    text = ANSWER.replace("questions:\n", "phrases:\n  answer_label: 'Antwort:'\nquestions:\n")
    text += ("  - question: Wie steht es um die Radwege?\n    parts:\n"
             "      - question: Im Norden?\n        response: Gut.\n"
             "      - question: Im Süden?\n        response: Schlecht.\n")
    write_answer(data_workspace, "teile.yaml", text)
    result = cli("build", "teile.yaml", cwd=data_workspace)
    assert result.exit_code == 0, result.stderr
    lines = styled(data_workspace / "out" / "teile.docx")
    main = lines.index(("Frage", "2.\tWie steht es um die Radwege?"))
    assert lines[main + 1][0] == "Unterfrage"
    assert [text for style, text in lines if style == "Antwortkennung"] == ["Antwort:"] * 3


def test_a_value_with_a_fallback_is_not_required(cli, data_workspace):
    configure(data_workspace, "phrases:\n  references:\n    - \"{{ inquiry.kind or 'Anfrage' }} "
                              "{{ inquiry.reference | default('ohne Nummer', true) }}\"\n")
    write_answer(data_workspace, "ohne_art.yaml", ANSWER.replace("  kind: Große Anfrage\n", ""))
    result = cli("build", "ohne_art.yaml", cwd=data_workspace)
    assert result.exit_code == 0, result.stderr
    assert ("Bezug", "Anfrage ohne Nummer") in styled(data_workspace / "out" / "ohne_art.docx")
