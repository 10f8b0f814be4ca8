"""The letter's geometry measured in the PDF LibreOffice makes (DIN 5008 form B).

All variants of every shipped letter template are converted in one LibreOffice call; positions come
from ``pdftotext -bbox`` (poppler), in millimetres from the top left of the page.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from inquirygen.cli import main
from inquirygen.pdf import PdfConverter

from .conftest import ROOT, soffice_or_skip
from .docx_text import letter_lines
from .test_golden import EXAMPLES, WORKSPACES, copy_workspace
from .test_pdf import tool
from .test_signature import png

TEMPLATES = ("answer_letter", "kleine_anfrage")
POINT = 25.4 / 72
ADDRESS_TOP, ADDRESS_BOTTOM = 62.7, 90.0
RETURN_TOP = 45.0
# pdftotext boxes are the font's ascent to descent, a little taller than the line: 0.1 mm either way.
TOLERANCE = 0.1
WORD = re.compile(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>')
FILLER = ("Die Verwaltung hat die Angaben der beteiligten Stellen ausgewertet und in der folgenden "
          "Übersicht zusammengefasst; Abweichungen gegenüber dem Vorjahr ergeben sich aus der "
          "geänderten Zuständigkeit und aus der Umstellung des Fachverfahrens.")
SWEEP = range(10)


@dataclass(frozen=True)
class Word:
    text: str
    left: float
    top: float
    right: float
    bottom: float


def pages(pdf: Path) -> list[list[Word]]:
    """The words of each page, with their boxes in mm."""
    html = subprocess.run([tool("pdftotext"), "-bbox", str(pdf), "-"], capture_output=True,
                          text=True, check=True).stdout
    return [[Word(m[5], *(float(v) * POINT for v in m.groups()[:4])) for m in WORD.finditer(page)]
            for page in html.split("<page ")[1:]]


def config(letterhead: list[str], layout: str = "") -> str:
    lines = "".join(f"    - {line}\n" for line in letterhead)
    return (
        "office:\n  name: Kreis Beispiel\n  letterhead:\n" + lines
        + "  return_address: Kreis Beispiel · Postfach 1 · 12345 Beispielstadt\n"
        "template_offices:\n  kleine_anfrage:\n    name: Ministerium\n    letterhead:\n" + lines
        + "    return_address: Ministerium · Postfach 1 · 12345 Beispielstadt\n"
        "signatories:\n  vertreterin:\n    name: Dr. Erika Unterzeichnerin\n    title: Kreisdirektorin\n"
        "    capacity: In Vertretung\n"
        "  mitbild:\n    name: Max Bildmann\n    signature: unterschrift.png\n"
        "paths:\n  template: templates/answer_letter.docx\n  answers: answers\n  output: out\n"
        + layout)


def answer(template: str, address: list[str], responses: list[str],
           signatory: str = "vertreterin") -> str:
    address_lines = "".join(f"    - {line}\n" for line in address)
    questions = "".join(
        f"  - question: Frage Nummer {index} zur Übersicht?\n    response: |\n      "
        + text.replace("\n", "\n      ") + "\n"
        for index, text in enumerate(responses, 1))
    return (
        "inquiry:\n  date: 2025-09-15\n  subject: Messung\n  questioner: Fraktion\n"
        "  reference: 18/1\n  kind: Kleine Anfrage\n"
        f"recipient:\n  address:\n{address_lines}  salutation: Frau Muster\n"
        f"letter:\n  date: 2025-10-06\n  signatory: {signatory}\n  template: {template}\n"
        f"questions:\n{questions}")


SIX_LINES = ["Adresszeile Fraktion im Kreistag", "Adresszeile zu Händen Frau Muster",
             "Adresszeile Geschäftsstelle", "Adresszeile Postfach 10 20 30",
             "Adresszeile Musterstraße 12", "Adresszeile 12345 Beispielstadt"]


# inquirygen.yaml's layout settings of the variants that measure them.
LAYOUTS = {"form-a": "layout:\n  form: A\n", "no-marks": "layout:\n  fold_marks: false\n"}


def variants() -> dict[str, tuple[list[str], str]]:
    """name → (letterhead, answer file) of every letter the tests measure; a name that begins with
    a key of LAYOUTS is built with that layout."""
    short, tall = ["KREIS BEISPIEL"], ["KREIS BEISPIEL", "Der Landrat", "Fachbereich Ordnung", "Ordnungsamt"]
    footnote = "Die Zahl ist vorläufig.[^stand]\n\n[^stand]: Stand: 30.09.2025."
    table = "| Jahr | Anträge |\n|:--|--:|\n| 2024 | 12 |\n| 2025 | 15 |"
    found: dict[str, tuple[list[str], str]] = {}
    for layout in LAYOUTS:
        found[f"{layout}-letter"] = (short, answer("answer_letter", SIX_LINES[:3], [FILLER]))
    found["statement"] = (short, answer("answer_letter", SIX_LINES[:3], [FILLER]).replace(
        "  salutation: Frau Muster\n", "  salutation: \"\"\n"))
    for template in TEMPLATES:
        found[f"{template}-footnote"] = (short, answer(template, SIX_LINES, [footnote]))
        found[f"{template}-tall"] = (tall, answer(template, SIX_LINES, [footnote]))
        # A footnote mark in the second paragraph after a table: in the same answer, in a list, in
        # the next answer (after its question).
        found[f"{template}-table-footnote"] = (short, answer(template, SIX_LINES, [
            f"Die Zahlen:\n\n{table}\n\n* geschätzt\n\n{footnote}"]))
        found[f"{template}-table-list-footnote"] = (short, answer(template, SIX_LINES, [
            f"{table}\n\n- Punkt eins\n- Punkt zwei[^stand]\n\n[^stand]: Stand: 30.09.2025."]))
        found[f"{template}-table-next-answer"] = (short, answer(template, SIX_LINES, [
            f"Die Zahlen:\n\n{table}", footnote]))
        found[f"{template}-list"] = (short, answer(template, SIX_LINES[:3], [
            "Absatzeins.\n\n- Punkteins\n- Punktzwei\n  - Unterpunkt\n\nAbsatzzwei.\n\nAbsatzdrei."]))
        found[f"{template}-signature"] = (short, answer(template, SIX_LINES[:3], [FILLER], "mitbild"))
        for step in SWEEP:
            # The closing moves down by a line at each step, across the end of page 1; the last
            # paragraph before it has three lines.
            found[f"{template}-closing{step}"] = (short, answer(template, SIX_LINES[:3], [
                "\n\n".join([FILLER] * 3), "\n\n".join(["Ergänzung."] * step + [FILLER])]))
            # The same with a last paragraph of one line: the paragraph before it goes along too.
            found[f"{template}-short{step}"] = (short, answer(template, SIX_LINES[:3], [
                "\n\n".join([FILLER] * 3),
                "\n\n".join(["Ergänzung."] * step + [FILLER, "Zum Schluss nur eine Zeile."])]))
            # The third question moves down across the end of page 1.
            found[f"{template}-question{step}"] = (short, answer(template, SIX_LINES[:3], [
                "\n\n".join([FILLER] * 3), "\n\n".join([FILLER] + ["Ergänzung."] * step),
                "\n\n".join([FILLER] * 3)]))
    return found


@pytest.fixture(scope="module")
def converted(tmp_path_factory) -> dict[str, Path]:
    """name → the PDF of each variant, all converted by one LibreOffice process."""
    soffice_or_skip()
    tool("pdftotext")
    root = tmp_path_factory.mktemp("layout")
    docx: dict[str, Path] = {}
    by_workspace: dict[tuple[tuple[str, ...], str], dict[str, str]] = {}
    for name, (letterhead, text) in variants().items():
        layout = next((value for key, value in LAYOUTS.items() if name.startswith(key)), "")
        by_workspace.setdefault((tuple(letterhead), layout), {})[name] = text
    for number, ((letterhead, layout), letters) in enumerate(by_workspace.items()):
        workspace = root / f"workspace{number}"
        (workspace / "answers").mkdir(parents=True)
        shutil.copytree(ROOT / "templates", workspace / "templates")
        (workspace / "inquirygen.yaml").write_text(config(list(letterhead), layout), encoding="utf-8")
        (workspace / "unterschrift.png").write_bytes(png(400, 100))
        for name, text in letters.items():
            (workspace / "answers" / f"{name}.yaml").write_text(text, encoding="utf-8")
        with pytest.MonkeyPatch.context() as patch:
            patch.chdir(workspace)
            result = CliRunner().invoke(main, ["build", *(f"{name}.yaml" for name in letters)],
                                        catch_exceptions=False)
        assert result.exit_code == 0, result.stderr
        docx.update({name: workspace / "out" / f"{name}.docx" for name in letters})
    names = sorted(docx)
    pdfs = PdfConverter().convert([docx[n] for n in names], [root / "pdf" / f"{n}.pdf" for n in names])
    return dict(zip(names, pdfs, strict=True))


@pytest.fixture(scope="module")
def measured(converted) -> dict[str, list[list[Word]]]:
    return {name: pages(pdf) for name, pdf in converted.items()}


@pytest.mark.parametrize("template", TEMPLATES)
@pytest.mark.parametrize("variant", ["footnote", "tall", "table-footnote", "table-list-footnote",
                                     "table-next-answer"])
def test_the_address_stays_in_its_zone(measured, template, variant):
    first = measured[f"{template}-{variant}"][0]
    address = [w for w in first if w.text == "Adresszeile"]
    assert len(address) == 6
    assert min(w.top for w in address) >= ADDRESS_TOP - TOLERANCE
    assert max(w.bottom for w in address) <= ADDRESS_BOTTOM + TOLERANCE
    assert all(abs(w.left - 25.0) < 0.2 for w in address)
    returned = [w for w in first if w.text == "Postfach" and w.top < ADDRESS_TOP]
    assert returned and all(w.top >= RETURN_TOP and w.bottom <= ADDRESS_TOP for w in returned)
    date = next(w for w in first if w.text == "06.10.2025")
    assert abs(date.left - 125.0) < 0.2 and ADDRESS_TOP - 0.2 <= date.top < ADDRESS_BOTTOM
    # The body starts below the address zone.
    body = [w for w in first if w.text == "Sehr"]
    assert body and body[0].top > ADDRESS_BOTTOM



def has_address(space: str, name: str) -> bool:
    answers = yaml.safe_load((WORKSPACES[space] / "answers" / f"{name}.yaml").read_text(encoding="utf-8"))
    return bool((answers.get("recipient") or {}).get("address"))


# Every example letter with an address field (the Landtag's print form has none).
ADDRESSED = [(space, name) for space, name in EXAMPLES if has_address(space, name)]


@pytest.fixture(scope="module")
def examples_measured(tmp_path_factory) -> dict[tuple[str, str], tuple[list[str], list[list[Word]]]]:
    """(space, name) → (the address lines, the lines of page 1) of every example letter with an
    address, all converted by one LibreOffice process."""
    soffice_or_skip()
    tool("pdftotext")
    root = tmp_path_factory.mktemp("examples")
    docx: dict[tuple[str, str], Path] = {}
    for space in WORKSPACES:
        names = [name for owner, name in ADDRESSED if owner == space]
        if not names:
            continue
        workspace = copy_workspace(space, root / (space or "kreis"))
        with pytest.MonkeyPatch.context() as patch:
            patch.chdir(workspace)
            result = CliRunner().invoke(main, ["build", *(f"{name}.yaml" for name in names)],
                                        catch_exceptions=False)
        assert result.exit_code == 0, result.stderr
        docx.update({(space, name): workspace / "out" / f"{name}.docx" for name in names})
    keys = sorted(docx)
    pdfs = PdfConverter().convert([docx[key] for key in keys],
                                  [root / "pdf" / f"{space or 'kreis'}-{name}.pdf" for space, name in keys])
    return {key: ([line.text for line in letter_lines(docx[key]) if line.style == "Anschrift"],
                  first_page_lines(pdf)) for key, pdf in zip(keys, pdfs, strict=True)}


LINE = re.compile(r"<line [^>]*>(.*?)</line>", re.DOTALL)


def first_page_lines(pdf: Path) -> list[list[Word]]:
    """The lines of page 1 as poppler's layout analysis finds them (columns apart), each its words."""
    html = subprocess.run([tool("pdftotext"), "-bbox-layout", "-f", "1", "-l", "1", str(pdf), "-"],
                          capture_output=True, text=True, check=True).stdout
    return [[Word(m[5], *(float(v) * POINT for v in m.groups()[:4])) for m in WORD.finditer(line)]
            for line in LINE.findall(html)]


def line_reading(lines: list[list[Word]], text: str) -> list[Word]:
    """The first whole line that reads ``text`` (not a line that merely ends with it)."""
    found = next((line for line in lines if [word.text for word in line] == text.split()), None)
    assert found, f"{text!r} is not a line of page 1"
    return found


@pytest.mark.parametrize(("space", "name"), ADDRESSED,
                         ids=[f"{space}/{name}" if space else name for space, name in ADDRESSED])
def test_every_example_letter_has_its_address_in_the_address_zone(examples_measured, space, name):
    """Whatever a letter holds (tables, footnotes, lists, information rows), LibreOffice floats the
    address field to its place: the first line at the top of the address zone, 25 mm from the left."""
    address, lines = examples_measured[(space, name)]
    assert address
    first, last = line_reading(lines, address[0]), line_reading(lines, address[-1])
    top, left, bottom = first[0].top, first[0].left, max(word.bottom for word in last)
    print(f"{space}/{name}: top {top:.2f} mm, left {left:.2f} mm, bottom {bottom:.2f} mm")
    assert ADDRESS_TOP - TOLERANCE <= top <= 64.0
    assert abs(left - 25.0) <= 0.3
    assert bottom <= ADDRESS_BOTTOM + TOLERANCE



def after_tables(*body: str) -> list[str]:
    """What footnotes_clear_of_tables makes of a body: "T" a table ("F" floating, "C" with a footnote
    mark in its cell, read back as "T", "N"), "P" a paragraph ("N" with a footnote mark), "H" the
    hidden paragraph it adds."""
    from inquirygen.writers.docx.libreoffice import footnotes_clear_of_tables

    marked = '<w:p><w:r><w:footnoteReference w:id="1"/></w:r></w:p>'
    pieces = {"T": "<w:tbl><w:tr><w:tc><w:p/></w:tc></w:tr></w:tbl>",
              "F": "<w:tbl><w:tblPr><w:tblpPr/></w:tblPr><w:tr><w:tc><w:p/></w:tc></w:tr></w:tbl>",
              "C": f"<w:tbl><w:tr><w:tc>{marked}</w:tc></w:tr></w:tbl>", "P": "<w:p/>", "N": marked}
    document = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:document xmlns:w='
                '"http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>'
                + "".join(pieces[piece] for piece in body) + "</w:body></w:document>").encode()
    result = footnotes_clear_of_tables(document, lambda name: {"Nach Tabelle": "NachTabelle"}[name])
    if result == document:
        return list(body)
    found = re.findall(r"<w:tbl>(?:<w:tblPr>)?|<w:p/>|<w:p><w:pPr>|<w:p><w:r><w:footnote",
                       result.decode().replace("<w:tc><w:p/></w:tc>", ""))
    return [{"<w:tbl>": "T", "<w:tbl><w:tblPr>": "F", "<w:p/>": "P", "<w:p><w:pPr>": "H"}.get(tag, "N")
            for tag in found]


def test_a_footnote_mark_never_stands_in_the_second_paragraph_after_a_table():
    # LibreOffice 7.4 would leave the address table in the text (measured above in the PDF).
    assert after_tables("T", "P", "N") == ["T", "H", "H", "P", "N"]
    assert after_tables("F", "P", "N") == ["F", "P", "H", "N"]  # the paragraph after holds the anchor
    assert after_tables("T", "P", "C") == ["T", "H", "H", "P", "T", "N"]  # a cell's paragraph counts
    assert after_tables("T", "P", "T", "N") == ["T", "P", "T", "N"]
    assert after_tables("T", "N", "P") == ["T", "N", "P"]  # the first paragraph may have one
    assert after_tables("T", "P", "P", "N") == ["T", "P", "P", "N"]
    assert after_tables("P", "N", "T") == ["P", "N", "T"]

def test_an_address_line_wider_than_the_zone_is_an_error_at_its_line(cli, example_workspace):
    text = (example_workspace / "answers" / "2025-09-15.yaml").read_text(encoding="utf-8")
    long_line = "Kreistagsfraktion Bündnis 90 / Die Grünen im Kreistag Recklinghausen"
    (example_workspace / "answers" / "lang.yaml").write_text(
        text.replace("- Kurt-Schumacher-Allee 1", f"- {long_line}"), encoding="utf-8")
    result = cli("check", "lang.yaml", cwd=example_workspace)
    assert result.exit_code == 1
    assert result.stderr == (
        "answers/lang.yaml:10:7: the address line is too long for the address field (about 122 mm, "
        "80 mm fit)\n"
        "    hint: shorten it or split it over two lines (at most 6 lines in all)\n"
        "Error: 1 problem found; 1 file with errors\n")
    seven = text.replace("- 45657 Recklinghausen", "- 45657 Recklinghausen\n" + "    - Zeile\n" * 4)
    (example_workspace / "answers" / "sieben.yaml").write_text(seven, encoding="utf-8")
    result = cli("check", "sieben.yaml", cwd=example_workspace)
    assert result.exit_code == 1
    assert "answers/sieben.yaml:9:" in result.stderr, result.stderr


def page_of(letter: list[list[Word]], text: str) -> tuple[int, Word]:
    return next((number, word) for number, page in enumerate(letter) for word in page if word.text == text)


@pytest.mark.parametrize("template", TEMPLATES)
def test_closing_capacity_room_name_and_function_stay_on_one_page(measured, template):
    pages_seen = set()
    for step in SWEEP:
        letter = measured[f"{template}-closing{step}"]
        closing_page, closing = page_of(letter, "Grüßen")
        capacity_page, capacity = page_of(letter, "Vertretung")
        name_page, name = page_of(letter, "Unterzeichnerin")
        title_page, _ = page_of(letter, "Kreisdirektorin")
        assert closing_page == capacity_page == name_page == title_page, step
        assert name.top - capacity.bottom >= 13.0, step  # room to sign: three lines
        # At least the last two lines of the text go along to the closing's page.
        lines_before = {round(w.top, 1) for w in letter[closing_page] if 24 < w.top < closing.top}
        assert len(lines_before) >= 2, step
        pages_seen.add(closing_page)
        print(step, closing_page, round(closing.top, 1), round(name.top, 1))
    assert pages_seen == {0, 1}, "the sweep moves the closing across the end of page 1"


@pytest.mark.parametrize("template", TEMPLATES)
def test_a_last_paragraph_of_one_line_takes_the_paragraph_before_it_along(measured, template):
    pages_seen = set()
    for step in SWEEP:
        letter = measured[f"{template}-short{step}"]
        closing_page, _ = page_of(letter, "Grüßen")
        last_page, last = page_of(letter, "Zeile.")
        assert last_page == closing_page, step
        # The paragraph before the one-liner: at least its last two lines on the closing's page.
        before = {round(w.top, 1) for w in letter[closing_page] if 24 < w.top < last.top}
        assert len(before) >= 2, step
        pages_seen.add(closing_page)
    assert pages_seen == {0, 1}, "the sweep moves the closing across the end of page 1"


@pytest.mark.parametrize("template", TEMPLATES)
def test_a_question_is_never_the_last_line_of_its_page(measured, template):
    pages_seen = set()
    for step in SWEEP:
        letter = measured[f"{template}-question{step}"]
        page, question = page_of(letter, "3")
        below = [w for w in letter[page] if w.top > question.bottom and w.bottom < 277]
        assert below, step
        pages_seen.add(page)
        print(step, page, round(question.top, 1))
    assert pages_seen == {0, 1}, "the sweep moves the question across the end of page 1"


FOLD_MARKS_MM = {105.0: 5.0, 148.5: 8.0, 210.0: 5.0}  # height → length (the hole mark is longer)
LINE_PATH = re.compile(r'd="M ([\d.]+) ([\d.]+) L ([\d.]+) ([\d.]+) " '
                       r'transform="matrix\(([\d.]+),0,0,(-?[\d.]+),([\d.]+),([\d.]+)\)"')


def horizontal_lines(pdf: Path, page: int = 1) -> list[tuple[float, float, float]]:
    """(left, right, height) of the horizontal lines drawn on a page, in mm (pdftocairo's SVG)."""
    svg = subprocess.run([tool("pdftocairo"), "-svg", "-f", str(page), "-l", str(page), str(pdf), "-"],
                         capture_output=True, text=True, check=True).stdout
    lines = []
    for match in LINE_PATH.finditer(svg):
        x1, y1, x2, y2, a, d, e, f = map(float, match.groups())
        if abs(y1 - y2) < 0.1:  # LibreOffice may tilt a moved line by a few hundredths of a point
            lines.append((round((a * x1 + e) * POINT, 1), round((a * x2 + e) * POINT, 1),
                          round((d * y1 + f) * POINT, 1)))
    return lines


@pytest.mark.parametrize("template", TEMPLATES)
def test_fold_marks_and_hole_mark_are_drawn_at_their_heights(converted, template):
    lines = horizontal_lines(converted[f"{template}-footnote"])
    marks = sorted((height, right - left) for left, right, height in lines if left < 20)
    assert [height for height, _ in marks] == pytest.approx(sorted(FOLD_MARKS_MM), abs=0.2)
    assert [length for _, length in marks] == pytest.approx(
        [FOLD_MARKS_MM[key] for key in sorted(FOLD_MARKS_MM)], abs=0.2)
    assert all(abs(left - 5.0) < 0.2 for left, _, _ in lines if left < 20)
    assert len(pages(converted[f"{template}-closing9"])) == 2
    second = horizontal_lines(converted[f"{template}-closing9"], page=2)
    assert not [line for line in second if line[0] < 20]  # the marks are on page 1 only


def test_a_template_without_the_last_paragraph_style_writes_it_in_antwort(cli, example_workspace):
    from .conftest import edit_template
    from .docx_text import letter_lines

    edit_template(example_workspace / "templates" / "answer_letter.docx",
                  {'<w:name w:val="Antwort Schluss"/>': '<w:name w:val="Eigener Schluss"/>'},
                  part="word/styles.xml")
    assert cli("build", "2025-09-22-einzelfrage.yaml", cwd=example_workspace).exit_code == 0
    styles = {line.style for line in letter_lines(example_workspace / "out" / "2025-09-22-einzelfrage.docx")}
    assert "Antwort" in styles and "Antwort Schluss" not in styles


@pytest.mark.parametrize("template", TEMPLATES)
def test_a_signature_image_stands_right_below_the_closing(measured, template):
    letter = measured[f"{template}-signature"]
    _, closing = page_of(letter, "Grüßen")
    _, name = page_of(letter, "Bildmann")
    # The empty capacity line (4.5 mm) and the image (scaled to 15 mm high), no room besides.
    assert 15.0 <= name.top - closing.bottom <= 15.0 + 4.5 + 1.0


@pytest.mark.parametrize("template", TEMPLATES)
def test_the_spacing_after_a_list_is_that_after_a_paragraph(measured, template):
    letter = measured[f"{template}-list"]
    top = {word: page_of(letter, word)[1].top for word in
           ("Absatzeins.", "Punkteins", "Punktzwei", "Unterpunkt", "Absatzzwei.", "Absatzdrei.")}
    after_paragraph = top["Absatzdrei."] - top["Absatzzwei."]
    assert top["Absatzzwei."] - top["Unterpunkt"] == pytest.approx(after_paragraph, abs=0.2)
    assert top["Punkteins"] - top["Absatzeins."] == pytest.approx(after_paragraph, abs=0.2)
    assert top["Punktzwei"] - top["Punkteins"] < after_paragraph  # items closer together


@pytest.mark.parametrize(("layout", "heights"), [("form-a", {87.0: 5.0, 148.5: 8.0, 192.0: 5.0}),
                                                 ("no-marks", {})])
def test_the_fold_marks_follow_the_configured_layout(converted, layout, heights):
    lines = horizontal_lines(converted[f"{layout}-letter"])
    marks = sorted((height, right - left) for left, right, height in lines if left < 20)
    assert [height for height, _ in marks] == pytest.approx(sorted(heights), abs=0.2)
    assert [length for _, length in marks] == pytest.approx([heights[h] for h in sorted(heights)],
                                                            abs=0.2)


def test_check_warns_of_first_page_fields_that_would_wrap(cli, example_workspace):
    """Rows of the information block, the return address and the letterhead: warnings at their
    lines (the letter stays readable), errors with --strict."""
    answer_file = example_workspace / "answers" / "2025-09-15.yaml"
    answer_file.write_text(answer_file.read_text(encoding="utf-8").replace(
        "  signatory: landrat\n",
        "  signatory: landrat\n  contact:\n    email: sachbearbeitung.auslaenderbehoerde@kreis-re.de\n"),
        encoding="utf-8")
    config = example_workspace / "inquirygen.yaml"
    config.write_text(config.read_text(encoding="utf-8").replace(
        "    - KREIS RECKLINGHAUSEN · DER LANDRAT\n",
        "    - KREIS RECKLINGHAUSEN · DER LANDRAT\n" + "    - Zeile\n" * 5
        + "  return_address: Kreis Recklinghausen · Der Landrat · Kurt-Schumacher-Allee 1 · "
          "45657 Recklinghausen\n", 1), encoding="utf-8")
    result = cli("check", cwd=example_workspace)
    assert result.exit_code == 0, result.stderr
    assert result.stderr == (
        "answers/2025-09-15.yaml:18:12: warning: the information block's row 'E-Mail: "
        "sachbearbeitung.auslaenderbehoerde@kreis-re.de' is too long for its column (about 92 mm, "
        "65 mm fit) and wraps\n"
        "    hint: shorten the value (a shorter e-mail address, file reference or name), or leave the "
        "row out in inquirygen.yaml's information\n"
        "inquirygen.yaml:6:3: warning: the letterhead has 6 lines; the shipped templates hold 5 above "
        "the address field\n"
        "    hint: put the rest into the footer, or make the style 'Briefkopf' smaller in the template\n"
        "inquirygen.yaml:13:19: warning: the return address is too long for its line above the "
        "address (about 99 mm, 80 mm fit) and wraps\n"
        "    hint: leave out what the post does not need (the street, when a post box is given)\n")
    assert result.stdout == "workspace checked, no errors, 3 warnings\n"
    assert cli("check", "--strict", cwd=example_workspace).exit_code == 1


def test_without_a_salutation_the_text_keeps_its_distance_from_the_subject(measured):
    """Two empty lines between subject and text, as between subject and salutation (DIN 5008)."""
    first = measured["statement"][0]
    subject = next(w for w in first if w.text == "Messung")
    text = min((w for w in first if w.top > subject.bottom + 0.5 and w.left < 30), key=lambda w: w.top)
    assert text.text == "Ihre"  # the intro, "Ihre Anfrage vom … beantworte ich wie folgt:"
    assert text.top - subject.bottom >= 7.5
