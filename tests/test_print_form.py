"""The Landtag's print form (form C, the shipped template landtag_drucksache): no letter frame.

A top block (letterhead at the left; Drucksache number, date and issue date at the right), the
centred title block, remarks and answers; from page 2 a running header with the Drucksache number
and the page number as "- 2 -". Built from the example workspace examples/landtag.
"""

from __future__ import annotations

import re
import subprocess
import zipfile
from pathlib import Path

import pytest

from .conftest import soffice_or_skip
from .docx_text import letter_lines, open_document, page_frame_lines
from .test_golden import copy_workspace
from .test_pdf import tool

EXAMPLE = "2015-02-02-landesstrassen"
TOP_BLOCK = ["LANDTAG DES SAARLANDES", "15. Wahlperiode", "Drucksache 15/1300 (15/1250)", "12.03.2015",
             "Ausgegeben: 16.03.2015"]
TITLE = ["A N T W O R T", "zu der", "Anfrage des Abgeordneten Max Beispiel (Beispielpartei)",
         "betr.: Zustand und Erhaltung der Landesstraßen"]
# The parts of a letter's frame, by the shipped templates' style names and ids.
FRAME_STYLES = {"Rücksendeangabe", "Anschrift", "Infoblock", "Infoblock Datum", "Anrede", "Grußformel",
                "Unterschriftsraum", "Unterschriftszusatz", "Unterschriftsbild", "Unterschrift",
                "Briefkopf", "Seitenzahl"}
FRAME_STYLE_IDS = {"Ruecksendeangabe", "Anschrift", "Infoblock", "InfoblockDatum", "Anrede",
                   "Grussformel", "Unterschriftsraum", "Unterschriftszusatz", "Unterschriftsbild",
                   "Unterschrift", "Briefkopf", "Seitenzahl"}


@pytest.fixture
def landtag(tmp_path: Path) -> Path:
    return copy_workspace("landtag", tmp_path / "landtag")


def answer_file(workspace: Path, name: str, replacements: dict[str, str]) -> Path:
    """A variant of the example answer file, written next to it."""
    text = (workspace / "answers" / f"{EXAMPLE}.yaml").read_text(encoding="utf-8")
    for old, new in replacements.items():
        assert old in text, old
        text = text.replace(old, new, 1)
    path = workspace / "answers" / f"{name}.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def build(cli, workspace: Path, name: str, *options: str) -> Path:
    result = cli("build", *options, f"{name}.yaml", cwd=workspace)
    assert result.exit_code == 0, result.stderr
    return workspace / "out" / f"{name}.docx"


def test_print_form_leaves_out_address_salutation_closing_and_signature(landtag, cli):
    # Even an answer file that names a recipient, a signatory and a closing gets no letter frame.
    answer_file(landtag, "rahmen", {"\nletter:\n": (
        "\nrecipient:\n"
        "  address: [Präsident des Landtages, Franz-Josef-Röder-Straße 7, 66119 Saarbrücken]\n"
        "  salutation: Herr Präsident\n"
        "\nletter:\n"
        "  signatory: {name: Dr. Erika Muster, title: Ministerin, capacity: In Vertretung}\n"
        "  closing: Hochachtungsvoll\n")})
    built = build(cli, landtag, "rahmen")
    preview = cli("preview", "rahmen.yaml", cwd=landtag)
    assert preview.exit_code == 0, preview.stderr
    lines = letter_lines(built) + page_frame_lines(built)
    printed = "\n".join(line.text for line in lines)
    for text in ("Präsident des Landtages", "Röder-Straße", "66119 Saarbrücken", "Sehr geehrte",
                 "Herr Präsident", "Hochachtungsvoll", "Mit freundlichen Grüßen", "Erika Muster",
                 "Ministerin", "In Vertretung"):
        assert text not in printed
        assert text not in preview.stdout
    assert not FRAME_STYLES & {line.style for line in lines}
    with zipfile.ZipFile(built) as docx:
        document = docx.read("word/document.xml").decode("utf-8")
    used = set(re.findall(r'<w:pStyle w:val="([^"]+)"/>', document))
    assert not FRAME_STYLE_IDS & used, "no paragraph of the letter frame, not even an empty one"
    # What it prints instead: the top block, then the title block, then the remarks.
    texts = [line.text for line in lines]
    assert texts[:9] == TOP_BLOCK + TITLE
    assert [line.style for line in lines[:9]] == [
        "Drucksache Kopf", "Drucksache Kopfzeile", "Drucksache Nummer", "Drucksache Angaben",
        "Drucksache Angaben", "Titel", "Titel Zeile", "Titel Zeile", "Titel Zeile"]
    assert texts[9] == "Vorbemerkung des Fragestellers:"
    assert preview.stdout.startswith("\n\n".join(["\n".join(TOP_BLOCK[:2]), "\n".join(TOP_BLOCK[2:]),
                                                  "\n".join(TITLE), "Vorbemerkung des Fragestellers:"]))


def test_top_block_leaves_out_the_issue_date_and_the_inquirys_number_when_not_given(landtag, cli):
    answer_file(landtag, "kurz", {"  reference: 15/1250\n": "", "  issued: 2015-03-16\n": ""})
    preview = cli("preview", "kurz.yaml", cwd=landtag)
    assert preview.exit_code == 0, preview.stderr
    assert preview.stdout.startswith(
        "LANDTAG DES SAARLANDES\n15. Wahlperiode\n\nDrucksache 15/1300\n12.03.2015\n\nA N T W O R T\n")
    assert "Ausgegeben" not in preview.stdout
    built = build(cli, landtag, "kurz")
    assert [line.text for line in letter_lines(built)][:5] == [
        "LANDTAG DES SAARLANDES", "15. Wahlperiode", "Drucksache 15/1300", "12.03.2015", "A N T W O R T"]


def test_page_numbers_read_dash_number_dash_beside_the_running_header_from_page_2(landtag, cli):
    built = build(cli, landtag, EXAMPLE)
    frame = [(line.style, line.text) for line in page_frame_lines(built)]
    assert frame == [("header: Drucksache Laufzeile", "\t- {PAGE} -\tDrucksache 15/1300")]
    section = open_document(built).sections[0]
    assert section.different_first_page_header_footer
    first_header = "".join(paragraph.text for paragraph in section.first_page_header.paragraphs)
    assert first_header.strip() == ""


def test_pdf_has_the_running_header_and_page_number_on_page_2_not_on_page_1(landtag, cli):
    soffice_or_skip()
    build(cli, landtag, EXAMPLE, "--pdf")
    pdf = landtag / "out" / f"{EXAMPLE}.pdf"
    info = subprocess.run([tool("pdfinfo"), str(pdf)], capture_output=True, text=True, check=True).stdout
    assert re.search(r"^Pages:\s+2$", info, re.MULTILINE)

    def page(number: int) -> str:
        return subprocess.run([tool("pdftotext"), "-raw", "-f", str(number), "-l", str(number), str(pdf),
                               "-"], capture_output=True, text=True, check=True).stdout

    first, second = page(1), page(2)
    assert first.splitlines()[:9] == TOP_BLOCK + TITLE
    assert re.search(r"Drucksache 15/1300(?! \(15/1250\))", first) is None, "no running header on page 1"
    assert re.search(r"-\s*\d+\s*-", first) is None, "no page number on page 1"
    head = " ".join(second.splitlines()[:2])
    assert re.search(r"(^| )- 2 -( |$)", head), head
    assert "Drucksache 15/1300" in head
    assert "LANDTAG DES SAARLANDES" not in second


def test_print_form_without_its_drucksache_number_is_refused_at_the_letter(landtag, cli):
    path = answer_file(landtag, "ohne-nummer", {"  drucksache: 15/1300\n": ""})
    line = path.read_text(encoding="utf-8").splitlines().index("letter:") + 1
    for command in ("check", "build"):
        result = cli(command, "ohne-nummer.yaml", cwd=landtag)
        assert result.exit_code == 1
        assert result.stderr.startswith(
            f"answers/ohne-nummer.yaml:{line}:1: the template 'landtag_drucksache.docx' needs "
            "'drucksache' under 'letter'\n    hint: add 'drucksache:' under 'letter:'")
    assert not (landtag / "out" / "ohne-nummer.docx").exists()
