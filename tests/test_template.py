"""The shipped templates keep DIN 5008 form B geometry and their headings; a broken one is named."""

from __future__ import annotations

import shutil
import zipfile
from pathlib import Path

import pytest
from docx.enum.table import WD_ROW_HEIGHT_RULE
from docx.shared import Length
from lxml import etree

from inquirygen.errors import TemplateError
from inquirygen.writers.docx import TemplateLibrary

from .conftest import ROOT, edit_template
from .docx_text import open_document

TEMPLATE = ROOT / "templates" / "answer_letter.docx"
SHIPPED = sorted([*(ROOT / "templates").glob("*.docx"), *(ROOT / "inquirygen" / "templates").glob("*.docx")])
# The styles that are headings (in the PDF: H1 to H3, and bookmarks), by level; w:outlineLvl is one less.
LEVELS = {"Betreff": 1, "Titel": 1, "Frage": 2, "Vorbemerkung": 2, "Zwischenüberschrift": 2, "Unterfrage": 3}
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def mm(length) -> float:
    return round(Length(length).mm, 1)


def test_page_is_a4_with_din_5008_margins_and_first_page_header():
    section = open_document(TEMPLATE).sections[0]
    assert (mm(section.page_width), mm(section.page_height)) == (210.0, 297.0)
    assert (mm(section.left_margin), mm(section.right_margin)) == (25.0, 20.0)
    assert section.different_first_page_header_footer
    letterhead = [paragraph.text for paragraph in section.first_page_header.paragraphs]
    assert "{{ office.logo }}" in letterhead and "{{ line }}" in letterhead
    assert [r.text for r in section.header.paragraphs[0].runs] == ["Seite ", " von "]


def test_address_field_and_information_block_sit_where_din_5008_form_b_puts_them():
    document = open_document(TEMPLATE)
    section = document.sections[0]
    table = document.tables[0]
    spacer, return_zone, address_zone = table.rows
    # The address field starts 45 mm from the top: top margin plus the spacer row.
    assert mm(section.top_margin + spacer.height) == 45.0
    assert spacer.height_rule == WD_ROW_HEIGHT_RULE.EXACTLY
    assert (mm(return_zone.height), return_zone.height_rule) == (17.7, WD_ROW_HEIGHT_RULE.EXACTLY)
    assert (mm(address_zone.height), address_zone.height_rule) == (27.3, WD_ROW_HEIGHT_RULE.AT_LEAST)
    widths = [mm(cell.width) for cell in address_zone.cells]
    # Address text from 25 mm (inside the field that starts at 20 mm), the information block from 125 mm.
    assert mm(section.left_margin) + widths[0] + widths[1] == pytest.approx(125.0, abs=0.1)
    assert mm(section.left_margin) + sum(widths) == pytest.approx(210 - 20, abs=0.1)


def outline_levels(template: Path) -> dict[str, int]:
    """Style name → outline level (1 for w:outlineLvl 0) of every style that has one."""
    with zipfile.ZipFile(template) as package:
        styles = etree.fromstring(package.read("word/styles.xml"))
    levels = {}
    for style in styles.iter(f"{W}style"):
        level = style.find(f"{W}pPr/{W}outlineLvl")
        if level is not None:
            levels[style.find(f"{W}name").get(f"{W}val")] = int(level.get(f"{W}val")) + 1
    return levels


@pytest.mark.parametrize("template", SHIPPED, ids=lambda path: str(path.relative_to(ROOT)))
def test_the_heading_styles_and_only_they_have_an_outline_level(template):
    # "Titel" is the print form's own style; the letters have no such style.
    expected = {name: level for name, level in LEVELS.items()
                if name != "Titel" or template.name == "landtag_drucksache.docx"}
    assert outline_levels(template) == expected


def test_template_language_is_german():
    with zipfile.ZipFile(TEMPLATE) as archive:
        assert b'<w:lang w:val="de-DE"' in archive.read("word/styles.xml")


def _template_with(tmp_path, part: str, old: str, new: str):
    return edit_template(TEMPLATE, {old: new}, part, target=tmp_path / "kaputt.docx")


def test_template_with_a_jinja_syntax_error_is_named(tmp_path):
    broken = _template_with(tmp_path, "word/document.xml", "{%p if letter.intro %}",
                            "{%p iff letter.intro %}")
    with pytest.raises(TemplateError, match=r"template '.*kaputt.docx' \(word/document.xml\): "
                                            r"Jinja syntax error: Encountered unknown tag 'iff'"):
        TemplateLibrary().load(broken)


def test_template_asking_for_an_unknown_variable_is_named(tmp_path, example_workspace, cli):
    broken = _template_with(tmp_path, "word/document.xml", "{{ recipient.salutation }}",
                            "{{ recipient.anrede }}")
    shutil.copy(broken, example_workspace / "templates" / "answer_letter.docx")
    result = cli("build", "2025-09-15.yaml", cwd=example_workspace)
    assert result.exit_code == 1
    assert result.stderr == ("Error: template 'templates/answer_letter.docx' (word/document.xml): "
                             "the template asks for 'anrede', which inquirygen does not provide\n")
    assert not (example_workspace / "out" / "2025-09-15.docx").exists()


def test_template_without_the_answer_styles_is_refused(tmp_path):
    broken = _template_with(tmp_path, "word/styles.xml", 'w:val="Antwort Aufzählung 2"',
                            'w:val="Liste 2"')
    with pytest.raises(TemplateError, match="lacks the paragraph style 'Antwort Aufzählung 2'"):
        TemplateLibrary().load(broken)


def test_a_file_that_is_no_docx_is_refused(tmp_path):
    fake = tmp_path / "vorlage.docx"
    fake.write_text("kein Word", encoding="utf-8")
    with pytest.raises(TemplateError, match="is not a Word document"):
        TemplateLibrary().load(fake)


def test_compiled_template_is_cached_and_gives_the_same_letter(tmp_path, example_workspace, cli,
                                                               monkeypatch):
    from inquirygen import cache

    monkeypatch.setenv("INQUIRYGEN_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setattr(cache, "PACKAGED", tmp_path / "none")  # as a template of the office's own
    first = cli("build", "2025-09-15.yaml", "-o", "first.docx", cwd=example_workspace)
    cached = sorted(p.name for p in (tmp_path / "cache").glob("template-*.json"))
    assert len(cached) == 1
    second = cli("build", "2025-09-15.yaml", "-o", "second.docx", cwd=example_workspace)
    assert first.exit_code == second.exit_code == 0
    assert (example_workspace / "first.docx").read_bytes() == \
        (example_workspace / "second.docx").read_bytes()
    # An unwritable cache costs time, never the letter.
    monkeypatch.setenv("INQUIRYGEN_CACHE_DIR", "/proc/no-cache-here")
    third = cli("build", "2025-09-15.yaml", "-o", "third.docx", cwd=example_workspace)
    assert third.exit_code == 0
    assert (example_workspace / "third.docx").read_bytes() == \
        (example_workspace / "first.docx").read_bytes()
