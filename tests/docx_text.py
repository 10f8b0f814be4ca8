"""Text of a built .docx as a reader sees it, for golden and behaviour tests (python-docx + lxml).

Lines come in reading order: the first-page header, then the body (tables row by row). List paragraphs
get the marker Word would show: "- " for bullets and the computed number for numbered lists, which
follows each list instance's start override, so tests can see lists restart.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import docx
from docx.oxml.ns import qn


@dataclass
class Line:
    style: str
    text: str


def open_document(path: Path):
    return docx.Document(str(path))


def paragraph_text(element) -> str:
    """Text of a paragraph: tabs, line and page breaks kept, footnote marks shown as "[1]"."""
    parts = []
    for node in element.iter(qn("w:t"), qn("w:tab"), qn("w:br"), qn("w:cr"),
                             qn("w:footnoteReference")):
        if node.tag == qn("w:t"):
            parts.append(node.text or "")
        elif node.tag == qn("w:tab"):
            parts.append("\t")
        elif node.tag == qn("w:footnoteReference"):
            parts.append(f"[{node.get(qn('w:id'))}]")
        elif node.get(qn("w:type")) == "page":
            parts.append("\f")
        else:
            parts.append("\n")
    return "".join(parts)


class _ListCounter:
    def __init__(self, document):
        self.document = document
        numbering = document.part.numbering_part.element
        self.abstract_of = {}
        self.start_override = {}
        for num in numbering.findall(qn("w:num")):
            num_id = num.get(qn("w:numId"))
            self.abstract_of[num_id] = num.find(qn("w:abstractNumId")).get(qn("w:val"))
            for override in num.findall(qn("w:lvlOverride")):
                start = override.find(qn("w:startOverride"))
                if start is not None:
                    self.start_override[(num_id, int(override.get(qn("w:ilvl"))))] = \
                        int(start.get(qn("w:val")))
        self.formats = {}
        for abstract in numbering.findall(qn("w:abstractNum")):
            for level in abstract.findall(qn("w:lvl")):
                self.formats[(abstract.get(qn("w:abstractNumId")), int(level.get(qn("w:ilvl"))))] = (
                    level.find(qn("w:numFmt")).get(qn("w:val")),
                    level.find(qn("w:lvlText")).get(qn("w:val")))
        self.counters: dict[str, dict[int, int]] = {}

    def marker(self, paragraph) -> str | None:
        num_id, level = self._numbering(paragraph)
        if num_id in (None, "0"):
            return None
        abstract = self.abstract_of.get(num_id)
        fmt, text = self.formats.get((abstract, level), ("bullet", "•"))
        if fmt == "bullet":
            return "- "
        counters = self.counters.setdefault(num_id, {})
        if level not in counters:
            counters[level] = self.start_override.get((num_id, level), 1)
        else:
            counters[level] += 1
        for deeper in [k for k in counters if k > level]:
            del counters[deeper]
        value = counters[level]
        shown = {"decimal": str(value), "lowerLetter": chr(ord("a") + value - 1),
                 "lowerRoman": ["i", "ii", "iii", "iv", "v", "vi"][value - 1]}.get(fmt, str(value))
        return text.replace(f"%{level + 1}", shown) + " "

    def _numbering(self, paragraph):
        num_pr = paragraph._p.pPr.numPr if paragraph._p.pPr is not None else None
        if num_pr is not None and num_pr.numId is not None:
            level = num_pr.ilvl.val if num_pr.ilvl is not None else 0
            return str(num_pr.numId.val), level
        style = paragraph.style
        while style is not None:
            style_num = style.element.pPr.numPr if style.element.pPr is not None else None
            if style_num is not None and style_num.numId is not None:
                level = style_num.ilvl.val if style_num.ilvl is not None else 0
                return str(style_num.numId.val), level
            style = style.base_style
        return None, 0


def letter_lines(path: Path) -> list[Line]:
    """Every non-empty line of the letter, with the paragraph style it is in."""
    document = open_document(path)
    counter = _ListCounter(document)
    lines: list[Line] = []

    def add(paragraph):
        text = paragraph_text(paragraph._p)
        marker = counter.marker(paragraph)
        if marker and text:
            text = marker + text
        for part in text.split("\n"):
            if part.strip():
                lines.append(Line(paragraph.style.name, part))

    for paragraph in document.sections[0].first_page_header.paragraphs:
        add(paragraph)
    body = document.element.body
    for child in body.iterchildren():
        if child.tag == qn("w:p"):
            add(docx.text.paragraph.Paragraph(child, document.part))
        elif child.tag == qn("w:tbl"):
            table = docx.table.Table(child, document.part)
            for row in table.rows:
                for cell in row.cells:
                    for paragraph in cell.paragraphs:
                        add(paragraph)
    for footnote_id, text in footnotes(document):
        lines.append(Line("footnote text", f"[{footnote_id}]{text}"))
    return lines


def footnotes(document) -> list[tuple[str, str]]:
    """The letter's footnotes (not Word's separators), as (id, text)."""
    part = next((rel.target_part for rel in document.part.rels.values()
                 if rel.reltype.endswith("/footnotes")), None)
    if part is None:
        return []
    from lxml import etree

    root = etree.fromstring(part.blob)
    return [(note.get(qn("w:id")), "".join(paragraph_text(p) for p in note.iter(qn("w:p"))))
            for note in root.iter(qn("w:footnote")) if note.get(qn("w:type")) is None]


def letter_text(path: Path) -> list[str]:
    """The lines of :func:`letter_lines`, with tabs shown as single spaces."""
    return [" ".join(line.text.replace("\t", " ").split()) for line in letter_lines(path)]


def page_frame_lines(path: Path) -> list[Line]:
    """The parts of the page frame that letter_lines leaves out: the first page's footer and the
    header and footer of the following pages. Page-number fields read "{PAGE}", "{NUMPAGES}"."""
    from lxml import etree

    document = open_document(path)
    section = document.sections[0]
    lines: list[Line] = []
    for where, part in (("first footer", section.first_page_footer), ("header", section.header),
                        ("footer", section.footer)):
        if part.is_linked_to_previous:
            continue
        for paragraph in part.paragraphs:
            element = etree.fromstring(etree.tostring(paragraph._p))
            for field in element.iter(qn("w:fldSimple")):
                instruction = field.get(qn("w:instr")).split()[0]
                for child in list(field):
                    field.remove(child)
                field.text = None
                run = etree.SubElement(field, qn("w:r"))
                etree.SubElement(run, qn("w:t")).text = "{" + instruction + "}"
            text = paragraph_text(element)
            for piece in text.split("\n"):
                if piece.strip():
                    lines.append(Line(f"{where}: {paragraph.style.name}", piece))
    return lines
