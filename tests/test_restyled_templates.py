"""Templates saved elsewhere keep working: what a letter needs and the template lacks is brought."""

from __future__ import annotations

import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest

from .conftest import ROOT, edit_template, soffice_or_skip
from .docx_text import letter_lines
from .test_template import LEVELS, outline_levels
from .test_word_conformance import audit_findings

EXAMPLES = sorted(path.name for path in (ROOT / "answers").glob("*.yaml"))


# The address field, and "Anker", the paragraph that holds it when it has become a text box.
ADDRESS_FIELD = ("Rücksendeangabe", "Anschrift", "Infoblock", "Infoblock Datum", "Anker")


def same_letter(built: Path, original: Path) -> bool:
    """The same words in the same order. Through .odt, LibreOffice turns the floating address table
    into a text box, which the body reader passes over: its lines are compared in the XML instead."""
    body = [line for line in letter_lines(built) if line.style not in ADDRESS_FIELD]
    expected = [line for line in letter_lines(original) if line.style not in ADDRESS_FIELD]
    with zipfile.ZipFile(built) as letter:
        document = letter.read("word/document.xml").decode("utf-8")
    field = [line.text for line in letter_lines(original) if line.style in ADDRESS_FIELD]
    return [line.text for line in body] == [line.text for line in expected] and \
        all(xml_text(line) in document for line in field)


def xml_text(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


@pytest.fixture(scope="module")
def saved_by_libreoffice(tmp_path_factory) -> Path:
    """The shipped templates opened and saved again as .docx by real LibreOffice Writer."""
    soffice = soffice_or_skip()
    folder = tmp_path_factory.mktemp("libreoffice")
    sources = [ROOT / "templates" / name for name in ("answer_letter.docx", "kleine_anfrage.docx")]
    def convert(target: str, outdir: Path, files: list[Path]) -> None:
        subprocess.run([soffice, f"-env:UserInstallation={(folder / 'profile').as_uri()}", "--headless",
                        "--norestore", "--convert-to", target, "--outdir", str(outdir), *map(str, files)],
                       check=True, capture_output=True, timeout=180)

    convert("docx:MS Word 2007 XML", folder / "out", sources)
    # Through .odt and back, as an office that keeps its templates in OpenDocument would.
    convert("odt", folder / "odt", sources)
    convert("docx:MS Word 2007 XML", folder / "odt-docx",
            [folder / "odt" / name.with_suffix(".odt").name for name in sources])
    return folder


@pytest.mark.parametrize("saved_as", ["out", "odt-docx"])
def test_a_template_saved_by_libreoffice_builds_every_example_with_the_same_text(
        saved_by_libreoffice, example_workspace, cli, saved_as):
    saved_folder = saved_by_libreoffice / saved_as
    with zipfile.ZipFile(saved_folder / "answer_letter.docx") as saved:
        names = saved.namelist()
        styles = saved.read("word/styles.xml").decode("utf-8")
        saved_document = saved.read("word/document.xml").decode("utf-8")
    # What LibreOffice does to a template, and what this test is about: no footnotes part, Word's
    # footnote styles renamed, and after a trip through .odt no table style.
    assert "word/footnotes.xml" not in names
    assert 'w:val="Footnote Text"' in styles
    assert ('w:val="Antwort Tabelle"' in styles) == (saved_as == "out")

    assert cli("build", *EXAMPLES, "-o", "original/", cwd=example_workspace).exit_code == 0
    for name in ("answer_letter.docx", "kleine_anfrage.docx"):
        shutil.copy(saved_folder / name, example_workspace / "templates" / name)
    checked = cli("check", cwd=example_workspace)
    assert checked.exit_code == 0, checked.stderr
    result = cli("build", *EXAMPLES, "-o", "resaved/", cwd=example_workspace)
    assert result.exit_code == 0, result.stderr
    for answer in EXAMPLES:
        name = answer.replace(".yaml", ".docx")
        assert same_letter(example_workspace / "resaved" / name,
                           example_workspace / "original" / name), name
    with zipfile.ZipFile(example_workspace / "resaved" / "2025-05-12-einbuergerungen.docx") as letter:
        footnotes = letter.read("word/footnotes.xml").decode("utf-8")
        styles = letter.read("word/styles.xml").decode("utf-8")
        document = letter.read("word/document.xml").decode("utf-8")
    assert "<w:footnoteReference" in document and "<w:footnoteRef/>" in footnotes
    table_style = document.split('<w:tblStyle w:val="', 1)[1].split('"', 1)[0]
    assert f'w:styleId="{table_style}"' in styles and 'w:val="Antwort Tabelle"' in styles
    # LibreOffice keeps the theme it read from a .docx but writes none after .odt; the letters get
    # the shipped one, and LibreOffice's "true" for a row that must not split is written as Word's
    # "on", so they pass Word's strict checks.
    assert ("word/theme/theme1.xml" in names) == (saved_as == "out")
    assert '<w:cantSplit w:val="true"/>' in saved_document
    for answer in EXAMPLES:
        letter = example_workspace / "resaved" / answer.replace(".yaml", ".docx")
        assert audit_findings(letter, "MICROSOFT_365") == [], answer


@pytest.mark.parametrize("saved_as", ["out", "odt-docx"])
def test_a_template_saved_by_libreoffice_keeps_its_heading_levels(saved_by_libreoffice, saved_as):
    letter_levels = {name: level for name, level in LEVELS.items() if name != "Titel"}
    for name in ("answer_letter.docx", "kleine_anfrage.docx"):
        assert outline_levels(saved_by_libreoffice / saved_as / name) == letter_levels


def test_a_word_template_dotx_gives_a_document(example_workspace, cli):
    template = example_workspace / "templates" / "answer_letter.docx"
    edit_template(template, {"wordprocessingml.document.main+xml": "wordprocessingml.template.main+xml"},
                  part="[Content_Types].xml")
    result = cli("build", "2025-09-15.yaml", cwd=example_workspace)
    assert result.exit_code == 0, result.stderr
    with zipfile.ZipFile(example_workspace / "out" / "2025-09-15.docx") as letter:
        content_types = letter.read("[Content_Types].xml").decode("utf-8")
    assert "document.main+xml" in content_types and "template.main+xml" not in content_types


def test_a_complete_template_is_left_as_it_is():
    from inquirygen.writers.docx.defaults import complete
    from inquirygen.writers.docx.package import relationships

    with zipfile.ZipFile(ROOT / "templates" / "answer_letter.docx") as template:
        members = [(info.filename, template.read(info)) for info in template.infolist()]
    related = relationships(dict(members), "word/document.xml")
    assert complete(members, "word/document.xml", related) is members


TEMPLATE_DEFECTS = {
    "tracked change": (
        {'<w:t xml:space="preserve">{{ letter.closing }}</w:t></w:r>':
         '<w:t xml:space="preserve">{{ letter.closing }}</w:t></w:r><w:ins w:id="7" w:author="A" '
         'w:date="2025-01-01T00:00:00Z"><w:r><w:t>Entwurf</w:t></w:r></w:ins>'},
        "(word/document.xml) has tracked changes, which every letter would carry"),
    "answer body without the paragraph form": (
        {"{{p answer.body }}": "{{ answer.body }}"},
        ("(word/document.xml) '{{ answer.body }}' prints nothing: the answer.body is paragraphs of "
        "its own")),
    "block across table cells": (
        {"{{ office.return_address }}": "{%p if office.return_address %}",
         "{{ letter.date }}": "{%p endif %}"},
        ("(word/document.xml) the block '{%p if office.return_address %}' opens in table 1, row 2, "
         "cell 1 and its '{%p endif %}' stands in table 1, row 3, cell 3; a block cannot reach from "
         "one table cell into another")),
    "text beside a paragraph tag": (
        {"{%p if letter.intro %}": "Einleitung: {%p if letter.intro %}"},
        ("(word/document.xml) the text 'Einleitung:' shares its paragraph with '{%p if letter.intro "
        "%}' and would be deleted with it")),
}


@pytest.mark.parametrize("defect", sorted(TEMPLATE_DEFECTS))
def test_check_and_build_refuse_a_template_that_would_make_letters_silently_wrong(
        example_workspace, cli, defect):
    replacements, message = TEMPLATE_DEFECTS[defect]
    edit_template(example_workspace / "templates" / "answer_letter.docx", replacements)
    checked = cli("check", cwd=example_workspace)
    assert checked.exit_code == 1
    assert f"templates/answer_letter.docx: {message}\n" in checked.stderr
    built = cli("build", "2025-09-15.yaml", cwd=example_workspace)
    assert built.exit_code == 1
    assert built.stderr.startswith(f"Error: template 'templates/answer_letter.docx' {message}; ")
    assert not (example_workspace / "out" / "2025-09-15.docx").exists()


def test_an_unclosed_if_is_named_as_such_with_where_it_opens(example_workspace, cli):
    # The paragraph '{%p endif %}' after the intro deleted, as a hurried edit in Word would.
    edit_template(example_workspace / "templates" / "answer_letter.docx",
                  {'{{ letter.intro }}</w:t></w:r></w:p><w:p><w:r><w:t xml:space="preserve">'
                   '{%p endif %}</w:t></w:r></w:p>': '{{ letter.intro }}</w:t></w:r></w:p>'})
    checked = cli("check", cwd=example_workspace)
    assert checked.exit_code == 1
    assert ("templates/answer_letter.docx: (word/document.xml) a '{%p if … %}' block is never closed "
            "(it opens at '{%p if letter.intro %} {{ letter.intro }}')\n") in checked.stderr
    assert "    hint: add a paragraph '{%p endif %}' where the block ends\n" in checked.stderr
    assert "elif" not in checked.stderr


def test_check_finds_what_build_finds_when_it_loads_the_template(example_workspace, cli):
    edit_template(example_workspace / "templates" / "answer_letter.docx",
                  {'w:val="Antwort Aufzählung 2"': 'w:val="Liste 2"'}, part="word/styles.xml")
    checked = cli("check", cwd=example_workspace)
    assert checked.exit_code == 1
    assert ("templates/answer_letter.docx: lacks the paragraph style 'Antwort Aufzählung 2' that "
            "answers are written in; a style renamed in Word or LibreOffice keeps its place, so give "
            "it its name back\n") in checked.stderr


def test_a_batch_goes_on_past_a_broken_template(example_workspace, cli):
    edit_template(example_workspace / "templates" / "kleine_anfrage.docx",
                  {"{{ recipient.salutation }}": "{{ recipient.anrede }}"})
    result = cli("build", *EXAMPLES, "-o", "versand/", cwd=example_workspace)
    assert result.exit_code == 1
    assert result.stderr.count("the template asks for 'anrede'") == 1
    assert result.stderr.startswith("templates/kleine_anfrage.docx: (word/document.xml): the template "
                                    "asks for 'anrede', which inquirygen does not provide\n")
    built = sorted(path.name for path in (example_workspace / "versand").glob("*.docx"))
    assert built == sorted(name.replace(".yaml", ".docx") for name in EXAMPLES
                           if name != "2025-08-14-kleine-anfrage.yaml")
    assert result.stderr.endswith(
        "Error: 1 problem found; 1 file not built: 2025-08-14-kleine-anfrage.yaml\n")


def test_an_unknown_template_variable_gets_a_did_you_mean(example_workspace, cli):
    edit_template(example_workspace / "templates" / "answer_letter.docx",
                  {"{{ letter.closing }}": "{{ letter.closng }}"})
    checked = cli("check", cwd=example_workspace)
    assert checked.exit_code == 1
    assert checked.stderr.startswith(
        "templates/answer_letter.docx: (word/document.xml) the template asks for 'letter.closng', which "
        "inquirygen does not provide (did you mean 'letter.closing'?)\n")


def test_an_opendocument_template_is_read_once_through_libreoffice(
        saved_by_libreoffice, example_workspace, cli):
    odt = saved_by_libreoffice / "odt" / "answer_letter.odt"
    shutil.copy(odt, example_workspace / "templates" / "answer_letter.odt")
    letters = [name for name in EXAMPLES if name != "2025-08-14-kleine-anfrage.yaml"]
    assert cli("build", *letters, "-o", "original/", cwd=example_workspace).exit_code == 0
    config = example_workspace / "inquirygen.yaml"
    config.write_text(config.read_text(encoding="utf-8").replace(
        "template: templates/answer_letter.docx", "template: templates/answer_letter.odt"),
        encoding="utf-8")
    result = cli("build", *letters, "-o", "odt/", cwd=example_workspace)
    assert result.exit_code == 0, result.stderr
    for answer in letters:
        name = answer.replace(".yaml", ".docx")
        assert same_letter(example_workspace / "odt" / name,
                           example_workspace / "original" / name), name
    # Converted once: the next run finds the .docx in the cache, even without LibreOffice.
    config.write_text(config.read_text(encoding="utf-8") + "pdf:\n  soffice: kein-libreoffice\n",
                      encoding="utf-8")
    again = cli("build", "2025-09-15.yaml", "-o", "again.docx", cwd=example_workspace)
    assert again.exit_code == 0, again.stderr
    assert same_letter(example_workspace / "again.docx",
                       example_workspace / "original" / "2025-09-15.docx")
    checked = cli("check", cwd=example_workspace)
    assert checked.exit_code == 0, checked.stderr


# The styles responses are written in, as an office's template begun from a blank document lacks them.
LETTER_STYLES = ("Antwort", "Antwort Listenende", "Antwort Schluss",
                 *(f"Antwort {kind} {level}" for kind in ("Aufzählung", "Nummerierung")
                   for level in (1, 2, 3)))
# A list definition of the office's own under the numbers the shipped template uses (1 and 2).
FOREIGN_NUMBERING = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<w:numbering xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
    '<w:abstractNum w:abstractNumId="0"><w:lvl w:ilvl="0"><w:start w:val="1"/>'
    '<w:numFmt w:val="upperRoman"/><w:lvlText w:val="%1."/><w:lvlJc w:val="left"/></w:lvl>'
    '</w:abstractNum><w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>'
    '<w:num w:numId="2"><w:abstractNumId w:val="0"/></w:num></w:numbering>')


def without_letter_styles(template: Path, numbering: str | None) -> None:
    """``template`` without the responses' styles, and with ``numbering`` as its list definitions
    (None: no numbering part at all)."""
    import re

    with zipfile.ZipFile(template) as source:
        members = [(info, source.read(info)) for info in source.infolist()]
    names = "|".join(re.escape(name) for name in LETTER_STYLES)
    with zipfile.ZipFile(template, "w", zipfile.ZIP_DEFLATED) as target:
        for info, data in members:
            text = data.decode("utf-8")
            if info.filename == "word/styles.xml":
                text = re.sub(rf'<w:style [^>]*><w:name w:val="(?:{names})"/>.*?</w:style>', "", text)
            elif info.filename == "word/numbering.xml":
                if numbering is None:
                    continue
                text = numbering
            elif info.filename == "word/_rels/document.xml.rels" and numbering is None:
                text = re.sub(r'<Relationship [^>]*Target="numbering.xml"/>', "", text)
            elif info.filename == "[Content_Types].xml" and numbering is None:
                text = re.sub(r'<Override PartName="/word/numbering.xml"[^>]*/>', "", text)
            target.writestr(info, text.encode("utf-8"))


@pytest.mark.parametrize("numbering", ["none", "foreign"])
def test_a_template_without_the_answer_styles_and_lists_gets_them(example_workspace, cli, numbering):
    """Bullets, numbers and their restarts as with the shipped template: the styles and list
    definitions are brought, under list numbers of their own beside the office's definitions."""
    answers = ["2025-04-02-schulsozialarbeit.yaml", "2025-09-15.yaml", "2025-03-10-radwege.yaml"]
    assert cli("build", *answers, "-o", "original/", cwd=example_workspace).exit_code == 0
    template = example_workspace / "templates" / "answer_letter.docx"
    without_letter_styles(template, None if numbering == "none" else FOREIGN_NUMBERING)
    with zipfile.ZipFile(template) as stripped:
        assert 'w:val="Antwort Nummerierung 1"' not in stripped.read("word/styles.xml").decode("utf-8")
    assert cli("check", cwd=example_workspace).exit_code == 0
    result = cli("build", *answers, "-o", "stripped/", cwd=example_workspace)
    assert result.exit_code == 0, result.stderr
    for answer in answers:
        name = answer.replace(".yaml", ".docx")
        built, original = (letter_lines(example_workspace / folder / name)
                           for folder in ("stripped", "original"))
        assert [(line.style, line.text) for line in built] == \
            [(line.style, line.text) for line in original], answer
        assert any(line.style == "Antwort Aufzählung 1" for line in built) or \
            any(line.style == "Antwort Nummerierung 1" for line in built)
        assert audit_findings(example_workspace / "stripped" / name, "MICROSOFT_365") == [], answer
    if numbering == "foreign":  # the office's own definitions are still there, untouched
        with zipfile.ZipFile(example_workspace / "stripped" / "2025-04-02-schulsozialarbeit.docx") as letter:
            numbering_xml = letter.read("word/numbering.xml").decode("utf-8")
        assert numbering_xml.count('<w:numFmt w:val="upperRoman"/>') == 1
        assert '<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>' in numbering_xml


def test_a_renamed_answer_style_is_named_not_replaced(example_workspace, cli):
    """A style the office renamed keeps its id: it is not brought again behind the office's back."""
    edit_template(example_workspace / "templates" / "answer_letter.docx",
                  {'<w:name w:val="Antwort Aufzählung 1"/>': '<w:name w:val="Meine Aufzählung"/>'},
                  part="word/styles.xml")
    result = cli("check", cwd=example_workspace)
    assert result.exit_code == 1
    assert result.stderr == (
        "templates/answer_letter.docx: lacks the paragraph style 'Antwort Aufzählung 1' that answers "
        "are written in; a style renamed in Word or LibreOffice keeps its place, so give it its name "
        "back\nError: 1 problem found; 1 file with errors\n")


def test_a_template_saved_by_libreoffice_keeps_its_fold_marks_and_logo(
        saved_by_libreoffice, example_workspace, cli):
    """LibreOffice turns the logo's frame into a text box anchored in the paragraph after it; the
    empty paragraphs the template keeps for this hold the logo and the marks in every letter."""
    from inquirygen.pdf import PdfConverter

    from .test_layout_pdf import FOLD_MARKS_MM, horizontal_lines
    from .test_pdf import tool
    from .test_signature import png

    (example_workspace / "wappen.png").write_bytes(png(200, 236))
    config = example_workspace / "inquirygen.yaml"
    config.write_text(config.read_text(encoding="utf-8").replace(
        "office:\n", "office:\n  logo: wappen.png\n", 1), encoding="utf-8")
    letters = []
    for saved_as in ("out", "odt-docx"):
        shutil.copy(saved_by_libreoffice / saved_as / "answer_letter.docx",
                    example_workspace / "templates" / "answer_letter.docx")
        result = cli("build", "2025-09-15.yaml", "-o", f"{saved_as}.docx", cwd=example_workspace)
        assert result.exit_code == 0, result.stderr
        letters.append(example_workspace / f"{saved_as}.docx")
    pdfs = PdfConverter().convert(letters, [letter.with_suffix(".pdf") for letter in letters])
    for pdf in pdfs:
        marks = sorted(height for left, _, height in horizontal_lines(pdf) if left < 20)
        assert marks == pytest.approx(sorted(FOLD_MARKS_MM), abs=0.3), pdf.name
        images = subprocess.run([tool("pdfimages"), "-list", "-f", "1", "-l", "1", str(pdf)],
                                capture_output=True, text=True, check=True).stdout
        assert " 200   236 " in images, (pdf.name, images)
