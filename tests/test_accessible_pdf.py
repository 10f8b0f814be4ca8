"""The PDF/A is as accessible as LibreOffice 7.4 makes it: headings, bookmarks, language, footnotes.

Every example letter of every workspace (each shipped template) is converted in one LibreOffice call.
The structure tree's elements and their text come from poppler (``pdfinfo -struct-text``, which maps
the PDF's own element names to the standard ones, as a screen reader sees them); the outline, the
catalog, the annotations and the XMP metadata come from pypdf.
"""

from __future__ import annotations

import itertools
import re
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

import pytest
import yaml
from pypdf import PdfReader

from inquirygen.pdf import PdfConverter

from .conftest import soffice_or_skip
from .docx_text import open_document, paragraph_text
from .test_golden import EXAMPLES, WORKSPACES, copy_workspace
from .test_pdf import tool
from .test_template import LEVELS


@dataclass
class Element:
    """A structure element as poppler reports it: its standard type, its text, its children."""

    kind: str
    texts: list[str] = field(default_factory=list)
    children: list[Element] = field(default_factory=list)
    annotations: int = 0  # object references (OBJR): a link's annotation

    def walk(self):
        yield self
        for child in self.children:
            yield from child.walk()

    def text(self) -> str:
        return "".join(piece for element in self.walk() for piece in element.texts)


# "H2 (block):"; poppler leaves the colon out where no attributes or text follow ("L (block)", "Div").
ELEMENT = re.compile(r"^ *(\w+)(?: \((?:block|inline)\))?:?$")
TEXT = re.compile(r'^ *"(.*)"$')
OBJECT = re.compile(r"^ *Object \d+ \d+$")


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
            element = Element(match[1])
            stack[-1][1].children.append(element)
            stack.append((indent, element))
            continue
        # An element's text and annotations stand two columns right of it (after a child, too).
        if TEXT.match(line) or OBJECT.match(line):
            while stack[-1][0] > indent - 2:
                stack.pop()
        if match := TEXT.match(line):
            stack[-1][1].texts.append(match[1])
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


@pytest.fixture(scope="module")
def letters(tmp_path_factory) -> dict[str, Letter]:
    """Every example of every workspace, built and converted to PDF/A by one LibreOffice process."""
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


def test_footnotes_are_notes_and_their_marks_links_to_them(letters):
    letter = letters["kreis/2025-05-12-einbuergerungen"]
    tree = structure(letter.pdf)
    notes = [element for element in tree.walk() if element.kind == "Note"]
    assert [one_line(note.text()) for note in notes] == [
        "1 Stand der Auswertung: 31.03.2025.", "2 Beschluss des Kreisausschusses vom 12.02.2025."]
    # The mark in the text is a Link element holding the mark and its link annotation.
    links = [element for element in tree.walk() if element.kind == "Link"]
    assert [(link.text(), link.annotations) for link in links] == [("1", 1), ("2", 1)]
    page = PdfReader(letter.pdf).pages[0]
    tagged = [annotation.get_object() for annotation in page["/Annots"]
              if "/StructParent" in annotation.get_object()]
    assert [annotation["/Contents"] for annotation in tagged] == ["1", "2"]
    for annotation in tagged:
        # The link jumps down the page, to its note at the foot.
        target_y = annotation["/Dest"][3]
        assert target_y < annotation["/Rect"][1] and target_y < 100, annotation


@pytest.mark.parametrize("name", ["kreis/2025-05-12-einbuergerungen", "landtag/2015-02-02-landesstrassen"])
def test_a_table_in_an_answer_is_a_table_with_its_header_cells(letters, name):
    tables = [element for element in structure(letters[name].pdf).walk() if element.kind == "Table"]
    data = [table for table in tables if any(cell.kind == "TH" for cell in table.walk())]
    assert len(data) == 1
    first_row = data[0].children[0]
    assert first_row.kind == "TR" and {cell.kind for cell in first_row.children} == {"TH"}
    assert first_row.children[0].text() == "Jahr"
    # Below the header row only data cells.
    assert all(cell.kind == "TD" for row in data[0].children[1:] for cell in row.children)


def test_the_metadata_says_pdf_a_2b_and_claims_pdf_ua_only_as_pdf_a_allows(letters):
    for letter in letters.values():
        xmp = PdfReader(letter.pdf).xmp_metadata
        packet = xmp.stream.get_data().decode("utf-8") if xmp else ""
        assert "<pdfaid:part>2</pdfaid:part>" in packet
        assert "<pdfaid:conformance>B</pdfaid:conformance>" in packet
        # LibreOffice 7.4 writes pdfuaid without the extension schema that PDF/A asks for every
        # schema it does not predefine (fixed later by LibreOffice, tdf#157517): a claim of PDF/UA
        # there would break PDF/A-2b.
        assert "pdfuaid" not in packet or "<pdfaSchema:prefix>pdfuaid</pdfaSchema:prefix>" in packet
