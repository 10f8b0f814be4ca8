"""Every common shape of an answer: joint answers, numbering styles, sub-questions, tables, footnotes."""

from __future__ import annotations

import shutil
import subprocess

import pytest

from inquirygen.resolve.numbering import format_number_list

from .conftest import soffice_or_skip, write_answer
from .docx_text import letter_text
from .test_libreoffice import convert

GROUPS = """\
inquiry: {date: 2025-09-15, subject: Radwege}
recipient: {address: [Fraktion]}
letter: {date: 2025-10-06, signatory: {name: Erika Muster}}
questions:
  - id: eins
    question: Eins?
    response: Gemeinsame Antwort.
  - question: Zwei?
    together_with: eins
  - id: drei
    question: Drei?
    together_with: eins
  - question: Vier?
    response: Siehe {{ ref("drei") }}
"""


@pytest.mark.parametrize("numbers, ranges, expected", [
    (["2", "3"], False, "2 und 3"),
    (["6", "7", "8", "10"], False, "6, 7, 8 und 10"),
    (["6", "7", "8", "10"], True, "6 bis 8 und 10"),
    (["1", "2", "3"], True, "1 bis 3"),
    (["1", "2"], True, "1 und 2"),
    (["4", "4a", "5"], True, "4, 4a und 5"),
])
def test_lists_of_question_numbers(numbers, ranges, expected):
    assert format_number_list(numbers, ranges) == expected


def test_ranges_by_configuration_and_references_into_a_group(tmp_path, cli):
    (tmp_path / "inquirygen.yaml").write_text("numbering: {ranges: yes}\n", encoding="utf-8")
    write_answer(tmp_path, "gruppe.yaml", GROUPS)
    assert cli("build", "gruppe.yaml", cwd=tmp_path).exit_code == 0
    lines = letter_text(tmp_path / "out" / "gruppe.docx")
    start = lines.index("1. Eins?")
    assert lines[start:start + 7] == [
        "1. Eins?", "2. Zwei?", "3. Drei?",
        "Die Fragen 1 bis 3 werden gemeinsam beantwortet.", "Gemeinsame Antwort.",
        "4. Vier?", "Siehe 3.",
    ]


SUBS = """\
inquiry: {date: 2025-09-15, subject: Radwege}
recipient: {address: [Fraktion]}
letter: {date: 2025-10-06, signatory: {name: Erika Muster}}
questions:
  - question: Wie viele
    parts:
      - id: a
        question: Radwege?
        response: Zehn.
      - question: Straßen?
        see: a
  - question: Noch etwas?
    response: Nein.
"""


@pytest.mark.parametrize("config, expected", [
    ("", ["1. Wie viele", "a) Radwege?", "Zehn.", "b) Straßen?", "Siehe Ausführungen zu 1. a).",
          "2. Noch etwas?"]),
    ("numbering: {style: 'Frage 1:', sub_style: '1.1'}\n",
     ["Frage 1: Wie viele", "1.1 Radwege?", "Zehn.", "1.2 Straßen?", "Siehe Ausführungen zu 1.1.",
      "Frage 2: Noch etwas?"]),
])
def test_numbering_styles_and_sub_questions(tmp_path, cli, config, expected):
    (tmp_path / "inquirygen.yaml").write_text(config, encoding="utf-8")
    write_answer(tmp_path, "teile.yaml", SUBS)
    result = cli("build", "teile.yaml", cwd=tmp_path)
    assert result.exit_code == 0, result.stderr
    lines = letter_text(tmp_path / "out" / "teile.docx")
    start = lines.index(expected[0])
    assert lines[start:start + len(expected)] == expected


def test_header_row_repeats_and_table_has_the_template_style(example_workspace, cli):
    from .docx_text import open_document

    assert cli("build", "2025-05-12-einbuergerungen.yaml", cwd=example_workspace).exit_code == 0
    document = open_document(example_workspace / "out" / "2025-05-12-einbuergerungen.docx")
    table = document.tables[1]  # the first is the address field
    assert table.style.name == "Antwort Tabelle"
    header = table.rows[0]._tr
    assert header.trPr is not None and header.trPr.find(
        "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}tblHeader") is not None
    assert [c.text for c in table.rows[2].cells] == ["2023", "1.587", "1.311", "ca. 16*"]
    assert [c.paragraphs[0].style.name for c in table.rows[2].cells] == \
        ["Tabelle Text", "Tabelle Text rechts", "Tabelle Text rechts", "Tabelle Text rechts"]


def test_libreoffice_keeps_tables_and_footnotes(example_workspace, cli, tmp_path):
    soffice = soffice_or_skip()
    pdftotext = shutil.which("pdftotext")
    assert cli("build", "2025-05-12-einbuergerungen.yaml", cwd=example_workspace).exit_code == 0
    built = example_workspace / "out" / "2025-05-12-einbuergerungen.docx"
    profile = tmp_path / "profile"
    convert(soffice, built, "txt:Text (encoded):UTF8", tmp_path, profile)
    text = (tmp_path / "2025-05-12-einbuergerungen.txt").read_text(encoding="utf-8-sig")
    assert "2023\n1.587\n1.311\nca. 16*\n" in text
    assert "* Am 19.01.2023 wurde das Antragsverfahren" in text
    if pdftotext is None:
        import os

        if os.environ.get("CI"):
            pytest.fail("pdftotext is required in CI; .ci/run installs poppler-utils")
        return
    convert(soffice, built, "pdf", tmp_path, profile)
    pdf_text = subprocess.run([pdftotext, str(tmp_path / "2025-05-12-einbuergerungen.pdf"), "-"],
                              capture_output=True, text=True, check=True).stdout
    assert "Stand der Auswertung: 31.03.2025." in pdf_text  # footnotes at the foot of the page
    assert "Beschluss des Kreisausschusses vom 12.02.2025." in pdf_text
    assert "KREIS RECKLINGHAUSEN · DER LANDRAT" in pdf_text


def test_interim_reply_has_no_numbered_questions_and_no_intro(example_workspace, cli):
    assert cli("build", "2025-07-01-zwischennachricht.yaml", cwd=example_workspace).exit_code == 0
    lines = letter_text(example_workspace / "out" / "2025-07-01-zwischennachricht.docx")
    salutation = lines.index("Sehr geehrte Frau Beispiel,")
    assert lines[salutation + 1] == "für Ihre Anfrage vom 01.07.2025 danke ich Ihnen."
    assert not any("beantworte ich wie folgt" in line for line in lines)


def test_libreoffice_opens_every_example(example_workspace, cli, tmp_path):
    soffice = soffice_or_skip()
    result = cli("build", *sorted(p.name for p in (example_workspace / "answers").glob("*.yaml")),
                 "-o", "alle/", cwd=example_workspace)
    assert result.exit_code == 0, result.stderr
    built = sorted((example_workspace / "alle").glob("*.docx"))
    assert len(built) == 8
    # One LibreOffice process for all of them, as the PDF stage will do.
    subprocess.run([soffice, f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}", "--headless",
                    "--norestore", "--convert-to", "pdf", "--outdir", str(tmp_path), *map(str, built)],
                   check=True, capture_output=True, timeout=300)
    for docx in built:
        pdf = (tmp_path / f"{docx.stem}.pdf").read_bytes()
        assert pdf.startswith(b"%PDF-"), docx.name


def test_a_full_stop_after_a_reference_is_not_printed_twice(tmp_path, cli):
    """"siehe {{ ref("a") }}." reads "siehe 1." (German print has one dot for both), also inside a
    snippet; a reference in the middle of a sentence keeps its number's dot, and "..." stays."""
    (tmp_path / "answers" / "snippets").mkdir(parents=True)
    (tmp_path / "answers" / "snippets" / "verweis.md").write_text(
        'Dazu siehe {{ ref("a") }}', encoding="utf-8")
    write_answer(tmp_path / "answers", "punkt.yaml", """\
inquiry: {date: 2025-09-15, subject: Radwege}
recipient: {address: [Fraktion]}
letter: {date: 2025-10-06, signatory: {name: Erika Muster}}
questions:
  - id: a
    question: Eins?
    response: Zehn.
  - question: Zwei?
    response: Zur Länge siehe {{ ref("a") }}. Zu 1. mehr... später.
  - question: Drei?
    response: Wie in {{ ref("a") }} beschrieben. {{ snippet("verweis") }}.
""")
    assert cli("build", "punkt.yaml", cwd=tmp_path).exit_code == 0
    lines = letter_text(tmp_path / "out" / "punkt.docx")
    assert "Zur Länge siehe 1. Zu 1. mehr... später." in lines
    assert "Wie in 1. beschrieben. Dazu siehe 1." in lines
    assert not any("\ue000" in line for line in lines)
