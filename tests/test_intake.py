"""``inquirygen new`` from the inquiry as it arrives: pasted, .txt, .docx (Word's own numbers), .pdf."""

from __future__ import annotations

import datetime
import subprocess

import docx
import pytest
from click.testing import CliRunner

from inquirygen.cli import main
from inquirygen.intake import ReceivedQuestion, parse_inquiry

from .conftest import soffice_or_skip


@pytest.fixture
def fresh(tmp_path, cli):
    """A workspace made by ``inquirygen init``."""
    result = cli("init", "ws", cwd=tmp_path)
    assert result.exit_code == 0, result.stderr
    return tmp_path / "ws"

LANDTAG = """\
Landtag Nordrhein-Westfalen
18. Wahlperiode
Drucksache 18/4711
15.09.2025

Kleine Anfrage 1234
der Abgeordneten Anna Beispiel (Beispielpartei)

Zustand der Radwege an Landesstraßen im Kreis Recklinghausen

Vorbemerkung der Fragesteller:
Viele Radwege an Landesstraßen sind in einem schlechten Zustand. Bürgerinnen und Bürger
beklagen Schlaglöcher und fehlende Beleuchtung.

Ich frage daher die Landesregierung:

1. Wie viele Kilometer Radwege gibt es an Landesstraßen im Kreis Recklinghausen?

2. Welche Mittel wurden in den Jahren 2020 bis 2024 für die Erhaltung
   aufgewendet, und wie verteilen sie sich auf die Straßen?

3. Welche Maßnahmen sind geplant
a) im Jahr 2026,
b) im Jahr 2027?

Anna Beispiel
"""


def test_a_landtag_inquiry_is_read_into_questions_and_particulars():
    received = parse_inquiry(LANDTAG)
    assert received.questions == (
        ReceivedQuestion("1", "Wie viele Kilometer Radwege gibt es an Landesstraßen im Kreis "
                              "Recklinghausen?"),
        ReceivedQuestion("2", "Welche Mittel wurden in den Jahren 2020 bis 2024 für die Erhaltung "
                              "aufgewendet, und wie verteilen sie sich auf die Straßen?"),
        ReceivedQuestion("3", "Welche Maßnahmen sind geplant",
                         (("a", "im Jahr 2026,"), ("b", "im Jahr 2027?"))),
    )
    assert (received.questioner, received.date, received.drucksache, received.subject) == (
        "Anna Beispiel (Beispielpartei)", datetime.date(2025, 9, 15), "18/4711",
        "Zustand der Radwege an Landesstraßen im Kreis Recklinghausen")
    assert received.remark == ("Viele Radwege an Landesstraßen sind in einem schlechten Zustand. "
                               "Bürgerinnen und Bürger beklagen Schlaglöcher und fehlende Beleuchtung.")


@pytest.mark.parametrize(("text", "numbers"), [
    ("Frage 1: Wie viele?\nFrage 2: Wo, am 3. Mai?\n", ["1", "2"]),
    ("1) Wie viele?\n2) Wo?\n3) Wann?", ["1", "2", "3"]),
    (("Anfrage der Fraktion X vom 01.02.2025\nBetreff: Radwege\n\n1. Wie viele?\nMit freundlichen "
     "Grüßen\nFraktion X"), ["1"]),
    ("1. Wie viele am 3. Mai? 2. Wann?", ["1", "2"]),
])
def test_the_ways_inquiries_number_their_questions(text, numbers):
    assert [question.number for question in parse_inquiry(text).questions] == numbers


def test_the_particulars_of_a_council_inquiry():
    received = parse_inquiry("Anfrage der Fraktion X vom 01.02.2025\nBetreff: Radwege\n\n1. Wie viele?")
    assert (received.questioner, received.date, received.subject) == (
        "Fraktion X", datetime.date(2025, 2, 1), "Radwege")
    assert parse_inquiry("Antwort bis zum 3. März 2025\n1. Wie?").date == datetime.date(2025, 3, 3)


def test_new_from_a_text_file_writes_a_valid_answer_file(fresh, cli):
    (fresh / "anfrage.txt").write_text(LANDTAG, encoding="cp1252")  # as Windows' editor saves it
    result = cli("new", "anfrage.txt", cwd=fresh)
    assert result.exit_code == 0, result.stderr
    assert result.stdout == (
        "wrote answers/2025-09-15.yaml with 3 questions; the responses are yours to write\n"
        "the questioner's preliminary remark is kept under 'remarks:' and printed before the "
        "answers; delete it if your letters do not print it\n")
    written = (fresh / "answers" / "2025-09-15.yaml").read_text(encoding="utf-8")
    assert "  subject: Zustand der Radwege an Landesstraßen im Kreis Recklinghausen\n" in written
    assert "  reference: 18/4711\n" in written
    assert ("  - question: Welche Maßnahmen sind geplant\n    parts:\n"
            "      - question: im Jahr 2026,\n        response: |\n\n"
            "      - question: im Jahr 2027?\n        response: |\n") in written
    checked = cli("check", "2025-09-15.yaml", cwd=fresh)
    assert checked.exit_code == 0, checked.stderr
    assert checked.stdout == "1 file checked, no errors, 4 warnings\n"  # four unanswered


def word_inquiry(path):
    """An inquiry as an office gets it from Word: the questions in a numbered list, its own numbers
    not in the text."""
    document = docx.Document()
    document.add_paragraph("Anfrage der Fraktion X vom 01.02.2025")
    document.add_paragraph("Betreff: Schulwege")
    for question in ("Wie viele Schulwege sind unsicher?", "Was kostet ihre Sicherung?"):
        document.add_paragraph(question, style="List Number")
    document.save(str(path))


def test_new_from_a_word_document_counts_its_automatic_numbers(fresh, cli):
    word_inquiry(fresh / "anfrage.docx")
    result = cli("new", "anfrage.docx", cwd=fresh)
    assert result.exit_code == 0, result.stderr
    written = (fresh / "answers" / "2025-02-01.yaml").read_text(encoding="utf-8")
    assert "  subject: Schulwege\n  questioner: Fraktion X\n" in written
    assert ("  - question: Wie viele Schulwege sind unsicher?\n    response: |\n\n"
            "  - question: Was kostet ihre Sicherung?\n    response: |\n") in written


def test_new_from_a_pdf(fresh, cli, tmp_path):
    soffice = soffice_or_skip()
    word_inquiry(tmp_path / "anfrage.docx")
    subprocess.run([soffice, f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}", "--headless",
                    "--convert-to", "pdf", "--outdir", str(fresh), str(tmp_path / "anfrage.docx")],
                   check=True, capture_output=True, timeout=180)
    result = cli("new", "anfrage.pdf", cwd=fresh)
    assert result.exit_code == 0, result.stderr
    written = (fresh / "answers" / "2025-02-01.yaml").read_text(encoding="utf-8")
    assert "  - question: Wie viele Schulwege sind unsicher?\n" in written
    assert "  - question: Was kostet ihre Sicherung?\n" in written


def test_a_pasted_inquiry_may_have_paragraphs(fresh, monkeypatch):
    monkeypatch.chdir(fresh)
    pasted = ("Anfrage der Fraktion X vom 01.02.2025\nBetreff: Radwege\n\n1. Wie viele gibt es\n"
              "im ganzen Kreis?\n\n2. Wo?\n\n\n")
    result = CliRunner().invoke(main, ["new"], input=pasted, prog_name="inquirygen")
    assert result.exit_code == 0, result.output
    assert result.output == (
        "Paste the inquiry (its heading too, if you like); end with two empty lines:\n"
        "wrote answers/2025-02-01.yaml with 2 questions; the responses are yours to write\n")
    written = (fresh / "answers" / "2025-02-01.yaml").read_text(encoding="utf-8")
    assert "  - question: Wie viele gibt es im ganzen Kreis?\n" in written


def test_an_inquiry_in_another_format_gets_a_clear_message(fresh, cli):
    (fresh / "anfrage.odt").write_bytes(b"PK")
    result = cli("new", "anfrage.odt", cwd=fresh)
    assert result.exit_code == 1
    assert result.stderr == ("Error: anfrage.odt: an inquiry is read from .txt, .docx or .pdf; copy "
                             "its text and paste it instead\n")


def test_what_a_clerk_found_on_the_first_try():
    """A line beginning "2. Quartal" inside a question numbered "1)"; the office's receipt stamp;
    a Drucksache number mentioned in the remark; "Wir bitten um Beantwortung"; the kind."""
    received = parse_inquiry(
        "Eingegangen: 18.03.2024\nBeispielstadt, den 14.03.2024\n\nKleine Anfrage der Fraktion X\n"
        "Betreff: Stellen\n\nVorbemerkung: Die Lage ist ernst, siehe auch Drucksache 18/1234, und "
        "verlangt Antworten.\n\nWir bitten um Beantwortung folgender Fragen:\n\n"
        "1) Wie viele Stellen waren im\n2. Quartal 2024 unbesetzt?\n2) Wer entscheidet?\n")
    assert [(q.number, q.text) for q in received.questions] == [
        ("1", "Wie viele Stellen waren im 2. Quartal 2024 unbesetzt?"), ("2", "Wer entscheidet?")]
    assert received.date == datetime.date(2024, 3, 14)
    assert received.drucksache is None
    assert received.kind == "Kleine Anfrage"
    assert received.remark == ("Die Lage ist ernst, siehe auch Drucksache 18/1234, und verlangt "
                               "Antworten.")


def test_word_list_number_2_items_are_sub_questions(fresh, cli):
    document = docx.Document()
    document.add_paragraph("Anfrage der Fraktion X vom 01.02.2025")
    document.add_paragraph("Betreff: Maßnahmen")
    document.add_paragraph("Welche Maßnahmen plant die Verwaltung", style="List Number")
    document.add_paragraph("kurzfristig?", style="List Number 2")
    document.add_paragraph("langfristig?", style="List Number 2")
    document.add_paragraph("Was kosten sie?", style="List Number")
    document.save(str(fresh / "anfrage.docx"))
    assert cli("new", "anfrage.docx", cwd=fresh).exit_code == 0
    written = (fresh / "answers" / "2025-02-01.yaml").read_text(encoding="utf-8")
    assert ("  - question: Welche Maßnahmen plant die Verwaltung\n    parts:\n"
            "      - question: kurzfristig?\n        response: |\n\n"
            "      - question: langfristig?\n        response: |\n\n"
            "  - question: Was kosten sie?\n") in written


@pytest.mark.parametrize(("tail", "last"), [
    ("Dr. Anna Beispiel\nMax Muster", "Welche Lehrkräfte nach § 5 Abs. 2 LBG?"),
    ("(bitte nach Jahren aufschlüsseln)", ("Welche Lehrkräfte nach § 5 Abs. 2 LBG? (bitte nach Jahren "
                                          "aufschlüsseln)")),
])
def test_names_signed_right_below_the_last_question_are_no_part_of_it(tail, last):
    received = parse_inquiry("1. Wie viele?\n2. Welche Lehrkräfte nach § 5 Abs. 2 LBG?\n" + tail)
    assert received.questions[-1].text == last


def test_a_preliminary_remark_without_its_heading_is_kept_however_short_its_lines():
    """Sentences between the particulars and the questions are the remark; an address block, the
    salutation and "Wir fragen die Verwaltung:" are not, though they stand in the same place."""
    received = parse_inquiry(
        "Kleine Anfrage der Fraktion Bündnis 90/Die Grünen\nvom 14.03.2024\nBetreff: Zustand der Radwege\n\n"
        "An den\nLandrat des Kreises Musterkreis\nHerrn Dr. Max Muster\nHauptstr. 1\n12345 Musterstadt\n\n"
        "Sehr geehrter Herr Landrat,\n\n"
        "Die Radwege im Kreis sind\nin einem schlechten Zustand.\nViele Bürger beschweren sich.\n\n"
        "Wir fragen die Verwaltung:\n\n1. Wie viele Kilometer Radweg gibt es?\n2. Wann wird saniert?\n")
    assert received.remark == ("Die Radwege im Kreis sind in einem schlechten Zustand. "
                               "Viele Bürger beschweren sich.")
    assert (received.subject, received.questioner, len(received.questions)) == (
        "Zustand der Radwege", "Fraktion Bündnis 90/Die Grünen", 2)
