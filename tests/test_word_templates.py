"""Templates as Word saves them (split runs, proofing marks, bookmarks, curly quotes), and cleaned.

Tracked changes and comments are accepted and removed by ``inquirygen template clean``.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

from .conftest import ROOT, edit_template
from .docx_text import letter_lines
from .test_word_conformance import audit_findings

EXAMPLES = sorted(path.name for path in (ROOT / "answers").glob("*.yaml"))
WORD_PARTS = ("word/document.xml", "word/header1.xml", "word/header2.xml", "word/footer1.xml")


def as_word_saves_it(xml: str) -> str:
    """Every run with a tag split into runs of three characters with revision ids, as Word does after
    a few edits, with proofing marks and a bookmark between the pieces and curly quotes in the tags."""
    counter = iter(range(500, 10_000))

    def split(match: re.Match[str]) -> str:
        properties, text = match.group(1) or "", match.group(2)
        if "{{" not in text and "{%" not in text:
            return match.group(0)
        text = re.sub(r'"([^"]*)"', "“\\1”", text)  # Word's AutoCorrect
        pieces = [text[i:i + 3] for i in range(0, len(text), 3)]
        runs = []
        for number, piece in enumerate(pieces):
            runs.append(f'<w:r w:rsidR="00{number % 7}1B2C3">{properties}'
                        f'<w:t xml:space="preserve">{piece}</w:t></w:r>')
            mark = number % 3
            if mark == 0:
                runs.append('<w:proofErr w:type="spellStart"/>')
            elif mark == 1:
                runs.append('<w:proofErr w:type="spellEnd"/>')
            else:
                bookmark = next(counter)
                runs.append(f'<w:bookmarkStart w:id="{bookmark}" w:name="_Hlk{bookmark}"/>'
                            f'<w:bookmarkEnd w:id="{bookmark}"/>')
        return "".join(runs)

    xml = re.sub(r"<w:r>(<w:rPr>.*?</w:rPr>)?<w:t(?: [^>]*)?>([^<]*)</w:t></w:r>", split, xml)
    return xml.replace("<w:p>", '<w:p w:rsidR="00AB12CD" w:rsidRDefault="00AB12CD">')


def rewrite(template: Path, change) -> None:
    with zipfile.ZipFile(template) as source:
        members = [(info, source.read(info)) for info in source.infolist()]
    with zipfile.ZipFile(template, "w", zipfile.ZIP_DEFLATED) as target:
        for info, data in members:
            target.writestr(info, change(info.filename, data.decode("utf-8")).encode("utf-8"))


def test_a_template_as_word_saves_it_builds_every_example_with_the_same_text(example_workspace, cli):
    assert cli("build", *EXAMPLES, "-o", "original/", cwd=example_workspace).exit_code == 0
    template = example_workspace / "templates" / "answer_letter.docx"
    # A tag with quotes in it, which Word's AutoCorrect turns curly.
    edit_template(template, {"{{ letter.closing }}": '{{ letter.closing or "Mit freundlichen Grüßen" }}'})
    rewrite(template, lambda name, xml: as_word_saves_it(xml) if name in WORD_PARTS else xml)
    with zipfile.ZipFile(template) as word:
        document = word.read("word/document.xml").decode("utf-8")
    assert "<w:t xml:space=\"preserve\">{%p</w:t>" in document and "<w:proofErr" in document
    assert "_Hlk" in document and "“" in document
    checked = cli("check", cwd=example_workspace)
    assert checked.exit_code == 0, checked.stderr
    result = cli("build", *EXAMPLES, "-o", "word/", cwd=example_workspace)
    assert result.exit_code == 0, result.stderr
    for answer in EXAMPLES:
        name = answer.replace(".yaml", ".docx")
        built, original = (letter_lines(example_workspace / folder / name) for folder in ("word", "original"))
        assert [(line.style, line.text) for line in built] == \
            [(line.style, line.text) for line in original], answer


COMMENTS_PART = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<w:comments xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
    '<w:comment w:id="3" w:author="Amt 10" w:date="2025-01-01T00:00:00Z"><w:p><w:r>'
    "<w:t>Bitte Briefkopf prüfen</w:t></w:r></w:p></w:comment></w:comments>")


def with_changes_and_comments(name: str, xml: str) -> str:
    """Inserted, deleted and reformatted text and a comment, as a template leaves Word's review
    mode."""
    if name == "word/document.xml":
        xml = xml.replace(
            '<w:t xml:space="preserve">{{ letter.closing }}</w:t></w:r>',
            '<w:t xml:space="preserve">{{ letter.closing }}</w:t></w:r>'
            '<w:ins w:id="7" w:author="A" w:date="2025-01-01T00:00:00Z"><w:r><w:t xml:space="preserve">'
            " und Dank</w:t></w:r></w:ins>"
            '<w:del w:id="8" w:author="A" w:date="2025-01-01T00:00:00Z"><w:r><w:delText>ENTWURF'
            "</w:delText></w:r></w:del>"
            '<w:commentRangeStart w:id="3"/><w:commentRangeEnd w:id="3"/>'
            '<w:r><w:rPr><w:rStyle w:val="CommentReference"/></w:rPr><w:commentReference w:id="3"/>'
            "</w:r>", 1)
        xml = xml.replace("</w:pPr>", '<w:pPrChange w:id="11" w:author="A" '
                          'w:date="2025-01-01T00:00:00Z"><w:pPr/></w:pPrChange></w:pPr>', 1)
    elif name == "word/_rels/document.xml.rels":
        xml = xml.replace("</Relationships>", '<Relationship Id="rIdComments" Type="http://schemas.'
                          'openxmlformats.org/officeDocument/2006/relationships/comments" '
                          'Target="comments.xml"/></Relationships>')
    elif name == "[Content_Types].xml":
        xml = xml.replace("</Types>", '<Override PartName="/word/comments.xml" ContentType="application/'
                          'vnd.openxmlformats-officedocument.wordprocessingml.comments+xml"/></Types>')
    return xml


def add_comments_part(template: Path) -> None:
    with zipfile.ZipFile(template, "a") as package:
        package.writestr("word/comments.xml", COMMENTS_PART)


def test_template_clean_accepts_changes_and_removes_comments_keeping_the_original(
        example_workspace, cli):
    template = example_workspace / "templates" / "answer_letter.docx"
    rewrite(template, with_changes_and_comments)
    add_comments_part(template)
    before = template.read_bytes()
    refused = cli("check", cwd=example_workspace)
    assert refused.exit_code == 1
    assert "has tracked changes, which every letter would carry" in refused.stderr
    assert "has comments, which every letter would carry" in refused.stderr

    result = cli("template", "clean", cwd=example_workspace)
    assert result.exit_code == 0, result.stderr
    assert result.stdout == ("templates/answer_letter.docx: accepted 3 tracked changes and removed "
                             "1 comment; the original is kept as templates/vorher/answer_letter.docx\n")
    assert (example_workspace / "templates" / "vorher" / "answer_letter.docx").read_bytes() == before
    with zipfile.ZipFile(template) as cleaned:
        names = cleaned.namelist()
        document = cleaned.read("word/document.xml").decode("utf-8")
        rels = cleaned.read("word/_rels/document.xml.rels").decode("utf-8")
        types = cleaned.read("[Content_Types].xml").decode("utf-8")
    assert "word/comments.xml" not in names and "comments" not in rels and "comments" not in types
    for mark in ("<w:ins ", "<w:del ", "<w:pPrChange", "<w:comment", "ENTWURF"):
        assert mark not in document, mark
    assert audit_findings(template, "MICROSOFT_365") == []

    assert cli("check", cwd=example_workspace).exit_code == 0
    assert cli("build", "2025-09-15.yaml", cwd=example_workspace).exit_code == 0
    texts = [line.text for line in letter_lines(example_workspace / "out" / "2025-09-15.docx")]
    assert "Mit freundlichen Grüßen und Dank" in texts

    again = cli("template", "clean", "templates/answer_letter.docx", cwd=example_workspace)
    assert again.stdout == "templates/answer_letter.docx: no tracked changes and no comments; left as it is\n"
    assert sorted(p.name for p in (example_workspace / "templates" / "vorher").iterdir()) == \
        ["answer_letter.docx"]


def test_a_deleted_paragraph_mark_joins_the_paragraphs_as_word_accepts_it():
    from lxml import etree

    from inquirygen.writers.docx.clean import _accept_changes

    w = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    body = etree.fromstring(
        f'<w:body xmlns:w="{w}"><w:p><w:pPr><w:pStyle w:val="A"/><w:rPr><w:del w:id="1" w:author="x"/>'
        '</w:rPr></w:pPr><w:r><w:t>Erster </w:t></w:r></w:p><w:p><w:pPr><w:pStyle w:val="B"/></w:pPr>'
        '<w:r><w:t>zweiter Teil</w:t></w:r></w:p><w:tbl><w:tr><w:trPr><w:del w:id="2" w:author="x"/>'
        "</w:trPr><w:tc><w:p/></w:tc></w:tr></w:tbl></w:body>")
    assert _accept_changes(body) == 2
    paragraphs = body.findall(f"{{{w}}}p")
    assert len(paragraphs) == 1
    assert "".join(paragraphs[0].itertext()) == "Erster zweiter Teil"
    assert paragraphs[0].find(f"{{{w}}}pPr/{{{w}}}pStyle").get(f"{{{w}}}val") == "B"
    assert body.find(f"{{{w}}}tbl/{{{w}}}tr") is None


def test_an_opendocument_template_is_not_cleaned_here(example_workspace, cli):
    odt = example_workspace / "templates" / "brief.odt"
    odt.write_bytes(b"PK")
    result = cli("template", "clean", "templates/brief.odt", cwd=example_workspace)
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: template 'templates/brief.odt': only Word templates "
                                    "(.docx, .dotx) can be cleaned here; accept the changes in "
                                    "LibreOffice")
