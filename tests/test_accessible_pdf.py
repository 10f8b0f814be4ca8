"""The PDF/A is PDF/UA-1 as far as a machine can tell: headings, bookmarks, language, notes, no layout table.

Every example letter of every workspace (each shipped template) is converted in one LibreOffice call;
the fixture keeps LibreOffice's own PDF of each too, from before ``inquirygen/accessible.py`` completed
its tagging, so that the tests can show what changed and what did not. The structure tree's elements
and their text come from poppler (``pdfinfo -struct-text``, which maps the PDF's own element names to
the standard ones, as a screen reader sees them); the outline, the catalog, the annotations and the
XMP metadata come from pypdf and pikepdf; ``tests/pdfua_checks.py`` checks what PDF/UA-1 asks.
"""

from __future__ import annotations

import functools
import itertools
import re
import shutil
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

import pikepdf
import pytest
import yaml
from docx.oxml.ns import qn
from lxml import etree
from pypdf import PdfReader

from inquirygen import accessible
from inquirygen.pdf import PdfConverter

from .conftest import soffice_or_skip
from .docx_text import open_document, paragraph_text
from .pdfua_checks import NS, problems, values, xmp
from .test_golden import EXAMPLES, WORKSPACES, copy_workspace
from .test_pdf import tool
from .test_template import LEVELS


@dataclass
class Element:
    """A structure element as poppler reports it: its standard type, its text, its children."""

    kind: str
    identifier: str | None = None  # the element's /ID, where it has one
    parts: list[str | Element] = field(default_factory=list)  # its text and children, in order
    annotations: int = 0  # object references (OBJR): a link's annotation

    @property
    def children(self) -> list[Element]:
        return [part for part in self.parts if isinstance(part, Element)]

    def walk(self):
        yield self
        for child in self.children:
            yield from child.walk()

    def text(self) -> str:
        return "".join(part if isinstance(part, str) else part.text() for part in self.parts)


# "H2 (block):"; poppler leaves the colon out where no attributes or text follow ("L (block)", "Div"),
# and shows an /ID in angle brackets ("Note <Fussnote-1> (inline)").
ELEMENT = re.compile(r"^ *(\w+)(?: <([^>]*)>)?(?: \((?:block|inline)\))?:?$")
TEXT = re.compile(r'^ *"(.*)"$')
OBJECT = re.compile(r"^ *Object \d+ \d+$")


@functools.cache  # poppler takes seconds a letter for this
def structure(pdf: Path) -> Element:
    """The structure tree: one Element per element line of ``pdfinfo -struct-text``, nested by indent."""
    output = subprocess.run([tool("pdfinfo"), "-struct-text", str(pdf)], capture_output=True, text=True,
                            check=True).stdout
    root = Element("root")
    stack = [(-2, root)]
    for line in output.splitlines():
        indent = len(line) - len(line.lstrip(" "))
        if match := ELEMENT.match(line):
            while stack[-1][0] >= indent:
                stack.pop()
            element = Element(match[1], match[2])
            stack[-1][1].parts.append(element)
            stack.append((indent, element))
            continue
        # An element's text and annotations stand two columns right of it (after a child, too).
        if TEXT.match(line) or OBJECT.match(line):
            while stack[-1][0] > indent - 2:
                stack.pop()
        if match := TEXT.match(line):
            stack[-1][1].parts.append(match[1])
        elif OBJECT.match(line):
            stack[-1][1].annotations += 1
    return root


def squashed(text: str) -> str:
    """Text without white space: LibreOffice marks each line and the number apart from the question,
    so the pieces of a heading are compared without the spaces, tabs and breaks between them."""
    return "".join(text.split())


def one_line(text: str) -> str:
    return " ".join(text.split())


@dataclass
class Letter:
    docx: Path
    answers: Path
    pdf: Path
    raw: Path = Path()  # LibreOffice's own PDF, before accessible.py completed it
    claimed: bool = False  # what accessible.complete said: the PDF claims PDF/UA-1


@pytest.fixture(scope="module")
def letters(tmp_path_factory) -> dict[str, Letter]:
    """Every example of every workspace, built and converted to PDF/A by one LibreOffice process;
    LibreOffice's own PDFs are kept aside as they came, before their tagging is completed."""
    from click.testing import CliRunner

    from inquirygen.cli import main

    soffice_or_skip()
    tool("pdfinfo")
    root = tmp_path_factory.mktemp("accessible")
    found: dict[str, Letter] = {}
    for space in WORKSPACES:
        workspace = copy_workspace(space, root / (space or "kreis"))
        stems = [stem for owner, stem in EXAMPLES if owner == space]
        with pytest.MonkeyPatch.context() as patch:
            patch.chdir(workspace)
            result = CliRunner().invoke(main, ["build", *(f"{stem}.yaml" for stem in stems)],
                                        catch_exceptions=False)
        assert result.exit_code == 0, result.stderr
        for stem in stems:
            found[f"{space or 'kreis'}/{stem}"] = Letter(workspace / "out" / f"{stem}.docx",
                                                        workspace / "answers" / f"{stem}.yaml",
                                                        root / "pdf" / f"{space or 'kreis'}-{stem}.pdf")
    by_docx = {letter.docx: letter for letter in found.values()}
    complete = accessible.complete

    def keeping_the_raw_pdf(pdf: Path, source: Path) -> bool:
        letter = by_docx[source]
        letter.raw = root / "raw" / letter.pdf.name
        letter.raw.parent.mkdir(exist_ok=True)
        shutil.copyfile(pdf, letter.raw)
        letter.claimed = complete(pdf, source)
        return letter.claimed

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(accessible, "complete", keeping_the_raw_pdf)
        PdfConverter().convert([letter.docx for letter in found.values()],
                               [letter.pdf for letter in found.values()])
    return found


NAMES = [f"{space or 'kreis'}/{stem}" for space, stem in EXAMPLES]


def docx_headings(docx: Path) -> list[tuple[int, str]]:
    """(level, text) of the letter's paragraphs in a heading style, in order."""
    return [(LEVELS[paragraph.style.name], one_line(paragraph_text(paragraph._p)))
            for paragraph in open_document(docx).paragraphs if paragraph.style.name in LEVELS]


def pdf_headings(tree: Element) -> list[tuple[int, str]]:
    return [(int(element.kind[1]), element.text()) for element in tree.walk()
            if re.fullmatch(r"H[1-6]", element.kind)]


def bookmarks(pdf: Path) -> list[tuple[int, str]]:
    """(depth from 1, title) of the outline's entries, in order."""
    def flat(items, depth: int):
        for item in items:
            if isinstance(item, list):
                yield from flat(item, depth + 1)
            else:
                yield depth, one_line(item.title)
    return list(flat(PdfReader(pdf).outline, 1))


def asked(answers: Path) -> list[tuple[int, str]]:
    """(level, text) of every question and sub-question the answer file asks."""
    questions = yaml.safe_load(answers.read_text(encoding="utf-8")).get("questions") or []
    found = []
    for question in questions:
        found.append((2, question["question"]))
        found.extend((3, part["question"]) for part in question.get("parts") or [])
    return found


@pytest.mark.parametrize("name", NAMES)
def test_headings_bookmarks_and_language_follow_the_letter(letters, name):
    letter = letters[name]
    expected = docx_headings(letter.docx)
    assert expected and expected[0][0] == 1  # the subject (the print form's title) comes first
    # No level is skipped on the way down (PDF/UA asks for that).
    assert all(level <= before + 1 for (before, _), (level, _) in itertools.pairwise(expected))
    tree = structure(letter.pdf)
    assert [(level, squashed(text)) for level, text in pdf_headings(tree)] == \
        [(level, squashed(text)) for level, text in expected]
    assert bookmarks(letter.pdf) == expected
    # Every question of the answer file is a heading: H2, a sub-question H3.
    headings = [(level, squashed(text)) for level, text in pdf_headings(tree)]
    for level, question in asked(letter.answers):
        assert any(own == level and text.endswith(squashed(question)) for own, text in headings), question
    catalog = PdfReader(letter.pdf).trailer["/Root"]
    assert catalog["/Lang"] == "de-DE"


def test_the_example_letter_has_its_subject_and_questions_as_headings(letters):
    letter = letters["kreis/2025-09-15"]
    assert bookmarks(letter.pdf) == [
        (1, "Ihre Anfrage vom 15.09.2025 - Umgang mit Ausreisepflichtigen -"),
        (2, ("1. Wie werden die Beschäftigten oder ggf. Beauftragten des Kreises, für die Durchführung "
             "von Abschiebungen, geschult?")),
        (2, "2. Gibt es eine verpflichtende Schulung für deeskalierende Maßnahmen?"),
        (2, "3. In welchen zeitlichen Abständen findet eine Auffrischung dieser Schulung statt?"),
    ]
    kinds = [element.kind for element in structure(letter.pdf).walk()]
    assert kinds.count("H1") == 1 and kinds.count("H2") == 3 and "H3" not in kinds


def test_footnotes_are_notes_with_ids_and_linked_both_ways(letters):
    letter = letters["kreis/2025-05-12-einbuergerungen"]
    tree = structure(letter.pdf)
    notes = [element for element in tree.walk() if element.kind == "Note"]
    assert [one_line(note.text()) for note in notes] == [
        "1 Stand der Auswertung: 31.03.2025.", "2 Beschluss des Kreisausschusses vom 12.02.2025."]
    # Every note has an /ID of its own (PDF/UA-1, 7.9); LibreOffice 7.4 gives none.
    assert [note.identifier for note in notes] == ["Fussnote-1", "Fussnote-2"]
    assert "a Note without /ID" in problems(letter.raw)
    with pikepdf.open(letter.pdf) as pdf:
        names = pdf.Root.StructTreeRoot.IDTree.Names
        assert [(bytes(names[i]), str(names[i + 1].S)) for i in range(0, len(names), 2)] == [
            (b"Fussnote-1", "/Note"), (b"Fussnote-2", "/Note")]
    # The mark in the text is a Link element holding the mark and its link annotation; the note's
    # number is one too, for the link back, which LibreOffice leaves outside the structure tree.
    in_notes = [link for note in notes for link in note.walk() if link.kind == "Link"]
    in_text = [link for link in tree.walk()
               if link.kind == "Link" and all(link is not own for own in in_notes)]
    assert [(link.text(), link.annotations) for link in in_text] == [("1", 1), ("2", 1)]
    assert [(link.text(), link.annotations) for link in in_notes] == [("1", 1), ("2", 1)]
    page = PdfReader(letter.pdf).pages[0]
    annotations = [annotation.get_object() for annotation in page["/Annots"]]
    assert all("/StructParent" in annotation for annotation in annotations)
    down = [a for a in annotations if a["/Dest"][3] < a["/Rect"][1]]
    up = [a for a in annotations if a["/Dest"][3] > a["/Rect"][3]]
    # Marks jump down the page to their notes at the foot, the notes' numbers back up to them.
    assert [a["/Contents"] for a in down] == ["1", "2"] and [a["/Contents"] for a in up] == ["1", "2"]
    assert all(a["/Dest"][3] < 100 for a in down) and all(a["/Rect"][3] < 100 for a in up)
    raw_page = PdfReader(letter.raw).pages[0]
    assert sum("/StructParent" not in a.get_object() for a in raw_page["/Annots"]) == 2


@pytest.mark.parametrize("name", ["kreis/2025-05-12-einbuergerungen", "landtag/2015-02-02-landesstrassen"])
def test_a_table_in_an_answer_is_a_table_with_its_header_cells(letters, name):
    tables = [element for element in structure(letters[name].pdf).walk() if element.kind == "Table"]
    data = [table for table in tables if any(cell.kind == "TH" for cell in table.walk())]
    assert len(data) == 1 and tables == data  # the layout table above is no table any more
    first_row = data[0].children[0]
    assert first_row.kind == "TR" and {cell.kind for cell in first_row.children} == {"TH"}
    assert first_row.children[0].text() == "Jahr"
    # Below the header row only data cells.
    assert all(cell.kind == "TD" for row in data[0].children[1:] for cell in row.children)


def layout_table_texts(docx: Path) -> list[str]:
    """The texts of the letter's first table (the address field and information block, or the print
    form's top block), row by row and cell by cell, as the .docx has them."""
    table = open_document(docx).tables[0]._tbl
    texts = [one_line(paragraph_text(paragraph)) for row in table.findall(qn("w:tr"))
             for cell in row.findall(qn("w:tc")) for paragraph in cell.iter(qn("w:p"))]
    return [text for text in texts if text]


def before_the_first_heading(tree: Element) -> list[Element]:
    found = []
    for element in tree.walk():
        if re.fullmatch(r"H[1-6]", element.kind):
            break
        found.append(element)
    return found


def blocks(elements: list[Element]) -> list[Element]:
    """Divs of Divs of paragraphs: what the layout table became."""
    return [element for element in elements if element.kind == "Div" and element.children and all(
        cell.kind == "Div" and cell.children and all(p.kind == "P" for p in cell.children)
        for cell in element.children)]


@pytest.mark.parametrize("name", NAMES)
def test_the_address_and_information_block_is_no_table_but_paragraphs_in_reading_order(letters, name):
    letter = letters[name]
    expected = layout_table_texts(letter.docx)
    assert expected
    # LibreOffice tags the layout table as a data table.
    assert "a Table before the first heading (the layout table)" in problems(letter.raw)
    first = before_the_first_heading(structure(letter.pdf))
    assert "Table" not in [element.kind for element in first]
    assert not [element for element in first if element.kind in ("TR", "TD", "TH")]
    found = blocks(first)
    assert len(found) == 1
    # One Div per cell that holds text, row by row; each line a paragraph, in the .docx's order.
    assert [one_line(p.text()) for cell in found[0].children for p in cell.children
            if p.text().strip()] == expected


def test_the_blocks_read_return_address_then_address_then_information(letters):
    found = blocks(before_the_first_heading(structure(letters["ministerium/2025-03-12-defibrillatoren"].pdf)))
    assert [[one_line(p.text()) for p in cell.children] for cell in found[0].children] == [
        ["Staatsministerium für Beispielwesen · PF 10 09 41 · 01079 Dresden"],
        ["Präsidentin des Sächsischen Landtages", "Frau Dr. Erika Muster",
         "Bernhard-von-Lindenau-Platz 1", "01067 Dresden"],
        ["Aktenzeichen: 31-0141/45/12", "Durchwahl Telefon: +49 351 564-1234",
         "Telefax: +49 351 564-1099", "E-Mail: poststelle@smb.sachsen.de", "Dresden, 12. März 2025"]]


def test_the_metadata_says_pdf_a_2b_as_before_and_pdf_ua_1_with_its_extension_schema(letters):
    for name, letter in letters.items():
        with pikepdf.open(letter.raw) as raw, pikepdf.open(letter.pdf) as pdf:
            before, after = xmp(raw), xmp(pdf)  # both well-formed XML
            metadata = pdf.Root.Metadata
            # PDF/A: the metadata stays readable without decoding; the ID's permanent half stays.
            assert "/Filter" not in metadata and metadata.Type == "/Metadata" and metadata.Subtype == "/XML"
            assert bytes(pdf.trailer.ID[0]) == bytes(raw.trailer.ID[0]), name
            assert dict(pdf.docinfo) == dict(raw.docinfo), name  # as the XMP says, for PDF/A
            assert pdf.pdf_version == raw.pdf_version
        for packet in (before, after):
            assert values(packet, "//pdfaid:part") == ["2"]
            assert values(packet, "//pdfaid:conformance") == ["B"]
        assert values(after, "//dc:title/rdf:Alt/rdf:li") == values(before, "//dc:title/rdf:Alt/rdf:li")
        # LibreOffice 7.4 leaves the claim out (with PDFUACompliance it would write it without the
        # extension schema PDF/A-2 requires, tdf#157517); accessible.py writes both.
        assert values(before, "//pdfuaid:part") == []
        assert values(after, "//pdfuaid:part") == ["1"] and letter.claimed, name
        schemas = after.xpath("//pdfaExtension:schemas/rdf:Bag/rdf:li", namespaces=NS)
        assert [(values(s, "pdfaSchema:namespaceURI"), values(s, "pdfaSchema:prefix"),
                 values(s, "pdfaSchema:schema")) for s in schemas] == [
            (["http://www.aiim.org/pdfua/ns/id/"], ["pdfuaid"], ["PDF/UA Universal Accessibility Schema"])]
        properties = schemas[0].xpath("pdfaSchema:property/rdf:Seq/rdf:li", namespaces=NS)
        assert [(values(p, "pdfaProperty:name"), values(p, "pdfaProperty:valueType"),
                 values(p, "pdfaProperty:category")) for p in properties] == [
            (["part"], ["Integer"], ["internal"])]
        assert values(properties[0], "pdfaProperty:description")[0]
        # Everything LibreOffice wrote is still there, word for word.
        assert etree.tostring(before.find(".//{*}RDF")[0]) == etree.tostring(after.find(".//{*}RDF")[0])


@pytest.mark.parametrize("name", NAMES)
def test_the_pdf_meets_what_a_machine_can_check_of_pdf_ua_1(letters, name):
    assert problems(letters[name].pdf) == []


def test_the_checker_finds_what_libreoffice_leaves(letters):
    found = problems(letters["kreis/2025-05-12-einbuergerungen"].raw)
    for problem in ["a Table before the first heading (the layout table)", "a Table without header cells",
                    "a Note without /ID", "a Figure without /Alt", "no pdfuaid:part 1",
                    "page 1: an annotation outside the structure tree",
                    "page 1: /Tabs is pikepdf.String(\"S\"), not /S"]:
        assert problem in found
    # A line of the footer painted outside marked content.
    ministerium = letters["ministerium/2025-03-12-defibrillatoren"]
    assert "page 1: S outside marked content" in problems(ministerium.raw)


@pytest.mark.parametrize("name", ["kreis/2025-05-12-einbuergerungen", "landtag/2015-02-02-landesstrassen",
                                  "ministerium/2025-03-12-defibrillatoren"])
def test_the_pages_look_and_read_as_libreoffice_made_them(letters, name, tmp_path):
    letter = letters[name]
    for which, pdf in (("raw", letter.raw), ("done", letter.pdf)):
        subprocess.run([tool("pdftoppm"), "-r", "40", "-png", str(pdf), str(tmp_path / which)], check=True)
    pages = sorted(tmp_path.glob("raw-*.png"))
    assert pages and all(page.read_bytes() == (tmp_path / page.name.replace("raw", "done")).read_bytes()
                         for page in pages)
    text = [subprocess.run([tool("pdftotext"), str(pdf), "-"], capture_output=True, text=True,
                           check=True).stdout for pdf in (letter.raw, letter.pdf)]
    assert text[0] == text[1] and "Anfrage" in text[1]
