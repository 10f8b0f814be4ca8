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

    with zipfile.ZipFile(ROOT / "templates" / "answer_letter.docx") as template:
        members = [(info.filename, template.read(info)) for info in template.infolist()]
    assert complete(members, "word/document.xml", "word/styles.xml", True) is members


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
            "answers are written in\n") in checked.stderr


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
