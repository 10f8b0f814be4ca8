"""The .docx writer: determinism, escaping of any text, styles from the template, lists that restart."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from .conftest import write_answer
from .docx_text import letter_lines, letter_text, open_document, paragraph_text

TRICKY = "Müller & Söhne <GmbH> \"Zitat\" 'einfach' „deutsch“ § 5 Abs. 2 ÄÖÜß 😀 ∑"
DOUBLE_QUOTED = TRICKY.replace('"', '\\"')  # as YAML writes it between "…"
SINGLE_QUOTED = TRICKY.replace("'", "''")  # as YAML writes it between '…'

ESCAPING_CONFIG = f"""\
office:
  name: "{DOUBLE_QUOTED}"
  letterhead: ["{DOUBLE_QUOTED}"]
  footer: ["Fußzeile: {DOUBLE_QUOTED}"]
signatories:
  chef: {{name: "Dr. Öztürk & Partner <i. V.>"}}
"""

ESCAPING_ANSWERS = f"""\
inquiry:
  date: 2025-09-15
  subject: '{SINGLE_QUOTED}'
recipient:
  address:  # the tricky text over two lines: as one it is too wide for the address field
    - '{SINGLE_QUOTED[:SINGLE_QUOTED.index(" „")]}'
    - '{SINGLE_QUOTED[SINGLE_QUOTED.index(" „") + 1:]}'
    - "Zeile\\vzwei"
  salutation: Frau Groß & Klein
letter:
  date: 2025-10-06
  signatory: chef
questions:
  - question: 'Was gilt für {SINGLE_QUOTED}?'
    response: |
      Text mit {TRICKY} und **fett & <b>** und *kursiv*.

      Erste Zeile\x0bzweite Zeile nach Umschalt+Enter.

      Seite eins\x0cSeite zwei.
"""


@pytest.fixture
def escaping_letter(tmp_path, cli) -> Path:
    (tmp_path / "inquirygen.yaml").write_text(ESCAPING_CONFIG, encoding="utf-8")
    write_answer(tmp_path, "sonderzeichen.yaml", ESCAPING_ANSWERS)
    result = cli("build", "sonderzeichen.yaml", cwd=tmp_path)
    assert result.exit_code == 0, result.stderr
    return tmp_path / "out" / "sonderzeichen.docx"


def test_special_characters_survive_in_body_header_footer_and_properties(escaping_letter):
    document = open_document(escaping_letter)
    section = document.sections[0]
    # The first page's header starts with the fold and hole marks (empty paragraphs in frames).
    assert [p.text for p in section.first_page_header.paragraphs if p.text] == [TRICKY]
    assert section.footer.paragraphs[0].text == f"Fußzeile: {TRICKY}"
    assert section.first_page_footer.paragraphs[0].text == f"Fußzeile: {TRICKY}"
    lines = letter_text(escaping_letter)
    assert TRICKY in lines
    assert f"- {TRICKY} -" in lines
    assert f"Frage: Was gilt für {TRICKY}?" in lines  # the only question of the inquiry
    assert f"Text mit {TRICKY} und fett & <b> und kursiv." in lines
    assert "Sehr geehrte Frau Groß & Klein," in lines
    assert "Dr. Öztürk & Partner <i. V.>" in lines
    properties = document.core_properties
    assert properties.title == TRICKY  # not "Müller &amp; Söhne"
    assert properties.author == TRICKY
    assert properties.language == "de-DE"


def test_bold_and_italic_come_from_markdown_only(escaping_letter):
    document = open_document(escaping_letter)
    runs = [run for p in document.paragraphs for run in p.runs if run.text.strip()]
    assert [r.text for r in runs if r.bold] == ["fett & <b>"]
    assert [r.text for r in runs if r.italic] == ["kursiv"]


def test_vertical_tab_becomes_a_line_break_and_form_feed_a_page_break(escaping_letter):
    document = open_document(escaping_letter)
    texts = [paragraph_text(p._p) for p in document.paragraphs]
    assert "Erste Zeile\nzweite Zeile nach Umschalt+Enter." in texts
    assert "Seite eins\fSeite zwei." in texts
    address = [paragraph_text(p._p) for p in document.tables[0].rows[2].cells[0].paragraphs]
    assert "Zeile\nzwei" in address
    # Nothing XML cannot hold reached any part of the package.
    with zipfile.ZipFile(escaping_letter) as archive:
        for name in archive.namelist():
            data = archive.read(name)
            assert b"\x0b" not in data and b"\x0c" not in data, name


def test_same_input_gives_identical_bytes(example_workspace, cli, monkeypatch):
    first = cli("build", "2025-09-15.yaml", "-o", "first.docx", cwd=example_workspace)
    # A later run on another "day": nothing in the output may depend on the clock.
    import time

    monkeypatch.setattr(time, "time", lambda: 2_000_000_000.0)
    second = cli("build", "2025-09-15.yaml", "-o", "second.docx", cwd=example_workspace)
    assert first.exit_code == second.exit_code == 0
    one = (example_workspace / "first.docx").read_bytes()
    two = (example_workspace / "second.docx").read_bytes()
    assert one == two
    with zipfile.ZipFile(example_workspace / "first.docx") as archive:
        assert {info.date_time for info in archive.infolist()} == {(1980, 1, 1, 0, 0, 0)}
        for name in archive.namelist():
            assert b"python-docx" not in archive.read(name), name
    properties = open_document(example_workspace / "first.docx").core_properties
    assert properties.created.isoformat() == "2025-10-06T00:00:00+00:00"
    assert properties.modified == properties.created
    assert properties.author == "Kreis Recklinghausen – Der Landrat"
    assert properties.title == "Umgang mit Ausreisepflichtigen"


def test_no_fonts_or_sizes_are_set_in_the_document_body(example_workspace, cli):
    assert cli("build", "2025-09-15.yaml", cwd=example_workspace).exit_code == 0
    with zipfile.ZipFile(example_workspace / "out" / "2025-09-15.docx") as archive:
        body = archive.read("word/document.xml").decode("utf-8")
    for direct_formatting in ("<w:sz ", "<w:rFonts", "<w:color", "<w:spacing", "<w:jc ", "<w:ind "):
        assert direct_formatting not in body


NUMBERED_LISTS = """\
inquiry: {date: 2025-09-15, subject: Listen}
recipient: {address: [Fraktion]}
letter: {date: 2025-10-06, signatory: {name: Erika Muster}}
questions:
  - question: Erste?
    response: |
      1. eins
      2. zwei
         1. zwei-a
         2. zwei-b
      3. drei

      - Punkt
        - Unterpunkt
          - Unter-Unterpunkt
            - noch tiefer
  - question: Zweite?
    response: |
      1. wieder eins
      2. wieder zwei

      Text dazwischen.

      4. ab vier
      5. fünf
"""


def test_numbered_lists_restart_in_every_answer_and_nest(tmp_path, cli):
    write_answer(tmp_path, "listen.yaml", NUMBERED_LISTS)
    assert cli("build", "listen.yaml", cwd=tmp_path).exit_code == 0
    lines = [(line.style, line.text) for line in letter_lines(tmp_path / "out" / "listen.docx")]
    body = lines[lines.index(("Frage", "1.\tErste?")) + 1:]
    # A list's last line is in "Antwort Listenende" (the spacing after a paragraph), numbered all the same.
    assert body[:13] == [
        ("Antwort Nummerierung 1", "1. eins"),
        ("Antwort Nummerierung 1", "2. zwei"),
        ("Antwort Nummerierung 2", "a) zwei-a"),
        ("Antwort Nummerierung 2", "b) zwei-b"),
        ("Antwort Listenende", "3. drei"),
        ("Antwort Aufzählung 1", "- Punkt"),
        ("Antwort Aufzählung 2", "- Unterpunkt"),
        ("Antwort Aufzählung 3", "- Unter-Unterpunkt"),
        ("Antwort Listenende", "- noch tiefer"),
        ("Frage", "2.\tZweite?"),
        ("Antwort Nummerierung 1", "1. wieder eins"),
        ("Antwort Listenende", "2. wieder zwei"),
        ("Antwort", "Text dazwischen."),
    ]
    # The letter's last line keeps with the closing ("Antwort Schluss"), numbered all the same.
    assert body[13:15] == [("Antwort Nummerierung 1", "4. ab vier"),
                           ("Antwort Schluss", "5. fünf")]


@pytest.mark.parametrize("template", ["answer_letter", "kleine_anfrage", "landtag_drucksache"])
def test_template_styles_named_in_the_readme_exist(example_workspace, template):
    from inquirygen.writers.docx import REQUIRED_STYLES

    document = open_document(example_workspace / "templates" / f"{template}.docx")
    names = {style.name for style in document.styles}
    assert set(REQUIRED_STYLES) <= names
    readme = (Path(__file__).parent.parent / "README.md").read_text(encoding="utf-8")
    for name in sorted(names - {"Normal", "Default Paragraph Font", "Normal Table", "No List"}):
        assert f"`{name}`" in readme, f"style {name!r} is not documented in the README"


def test_libreoffice_opens_the_letter_with_special_characters(escaping_letter, tmp_path):
    from .conftest import soffice_or_skip
    from .test_libreoffice import convert

    soffice = soffice_or_skip()
    convert(soffice, escaping_letter, "txt:Text (encoded):UTF8", tmp_path, tmp_path / "profile")
    text = (tmp_path / "sonderzeichen.txt").read_text(encoding="utf-8-sig")
    assert f"Text mit {TRICKY} und fett & <b> und kursiv." in text
    assert "Erste Zeile\nzweite Zeile nach Umschalt+Enter." in text
