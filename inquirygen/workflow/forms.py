"""The departments' Word forms: written with python-docx, read back into Markdown; their hidden data."""

# What the form keeps for ``collect`` travels in the document's custom properties (docProps/custom.xml,
# one property "inquirygen" holding JSON): Word and LibreOffice keep custom properties when the form
# is filled in and saved, and no clerk sees or edits them by accident. Each question's field is the
# second row of a one-column table; the first row, its header, is what ``collect`` finds it by.

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any, cast

from docx.document import Document as WordDocument
from docx.oxml.ns import qn
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph
from docx.text.run import Run

PROPERTY = "inquirygen"
FORM_FORMAT = 1
_CUSTOM_PART = "/docProps/custom.xml"
_CUSTOM_TYPE = "application/vnd.openxmlformats-officedocument.custom-properties+xml"
_CUSTOM_RELATION = ("http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
                    "custom-properties")
_CUSTOM_XML = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/custom-properties" '
    'xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">'
    '<property fmtid="{{D5CDD505-2E9C-101B-9397-08002B2CF9AE}}" pid="2" name="{name}">'
    '<vt:lpwstr>{value}</vt:lpwstr></property></Properties>')


@dataclass(frozen=True)
class FormField:
    """One question of a form: where its response goes, its header text, the hashes for conflicts."""

    path: list[str | int]  # the response's place in the answer file, e.g. ["questions", 2, "response"]
    question: int  # the index of its (main) question, for contributed_by
    label: str  # the question's number as the letter prints it, e.g. "3." or "1. a)"
    header: str  # the text of the field's header row, by which collect finds the field
    response_sha256: str  # the response in the answer file when the form went out ("" for none)
    form_sha256: str  # the field's text as the form went out, read back as collect reads it
    question_sha256: str  # the question's text: a question moved or changed since is not answered


@dataclass(frozen=True)
class FormData:
    """The hidden data of a form: which answer file and department it is for, and its fields."""

    file: str  # the answer file, relative to the workspace folder (with "/")
    department: str  # the key of the department in inquirygen.yaml
    fields: list[FormField]

    def to_json(self) -> str:
        return json.dumps({"format": FORM_FORMAT, "file": self.file, "department": self.department,
                           "fields": [field.__dict__ for field in self.fields]}, ensure_ascii=False)

    @classmethod
    def from_json(cls, text: str) -> FormData | None:
        """The data, or ``None`` where it is not what ``ask`` wrote."""
        try:
            data: Any = json.loads(text)
            if data.get("format") != FORM_FORMAT:
                return None
            fields = [FormField(list(item["path"]), int(item["question"]), str(item["label"]),
                                str(item["header"]), str(item["response_sha256"]),
                                str(item["form_sha256"]), str(item["question_sha256"]))
                      for item in data["fields"]]
            if not all(_response_path(field) for field in fields):
                return None
            return cls(str(data["file"]), str(data["department"]), fields)
        except (ValueError, TypeError, KeyError, AttributeError):
            return None


def _response_path(field: FormField) -> bool:
    """Whether the field's place is the response of a question (or of its part) and its question the
    one it names: the data comes back from outside the office and must not reach any other key."""
    path, index = field.path, field.question
    shape = [type(step) for step in path]
    return (shape in ([str, int, str], [str, int, str, int, str]) and path[0] == "questions"
            and path[1] == index and path[-1] == "response" and (len(path) == 3 or path[2] == "parts")
            and all(step >= 0 for step in path if isinstance(step, int)))


def store_data(document: WordDocument, data: FormData) -> None:
    """Put ``data`` into the document's custom properties."""
    from xml.sax.saxutils import escape

    from docx.opc.packuri import PackURI
    from docx.opc.part import Part

    package = document.part.package
    xml = _CUSTOM_XML.format(name=PROPERTY, value=escape(data.to_json()))
    part = Part(PackURI(_CUSTOM_PART), _CUSTOM_TYPE, xml.encode("utf-8"), package)
    package.relate_to(part, _CUSTOM_RELATION)


def stored_data(document: WordDocument) -> FormData | None:
    """The data ``ask`` put into the form, or ``None`` in any other document."""
    from lxml import etree

    for relation in document.part.package.rels.values():
        if relation.reltype != _CUSTOM_RELATION or relation.is_external:
            continue
        try:
            root = etree.fromstring(relation.target_part.blob)
        except etree.XMLSyntaxError:
            return None
        for item in root:
            if item.get("name") == PROPERTY:
                return FormData.from_json("".join(item.itertext()))
    return None


# -- reading a field back as Markdown -------------------------------------------------------------


def cell_markdown(cell: _Cell) -> str:
    """The field's content as the response's Markdown: paragraphs, lists, bold and italic, and tables
    (a table pasted into the field becomes a pipe table)."""
    blocks: list[list[str]] = [[]]  # runs of lines without a blank line between them
    for child in cell._tc.iterchildren():
        if child.tag == qn("w:p"):
            paragraph = Paragraph(cast(Any, child), cell)
            line, kind = _paragraph_markdown(paragraph)
            if not line.strip():
                blocks.append([])
            elif kind != "text":  # list entries, and the rows of a table as ask filled it in, together
                if blocks[-1] and _kind(blocks[-1][-1]) != kind:
                    blocks.append([])
                blocks[-1].append(line)
            else:
                blocks.append([line])
                blocks.append([])
        elif child.tag == qn("w:tbl"):
            blocks.append(_table_markdown(Table(cast(Any, child), cell)))
            blocks.append([])
    text = "\n\n".join("\n".join(block) for block in blocks if block)
    return text + "\n" if text else ""


def _paragraph_markdown(paragraph: Paragraph) -> tuple[str, str]:
    """The paragraph's text with ``**bold**`` and ``*italic*``, and whether it is a list item."""
    parts = []
    for run in _runs(paragraph):
        text = run.text
        if not text.strip():
            parts.append(text)
            continue
        core, lead, tail = text.strip(), text[:len(text) - len(text.lstrip())], text[len(text.rstrip()):]
        if run.bold:
            core = f"**{core}**"
        elif run.italic:
            core = f"*{core}*"
        parts.append(lead + core + tail)
    line = " ".join("".join(parts).split("\n")).strip()
    style = (paragraph.style.name if paragraph.style is not None else "") or ""
    numbered = paragraph._p.pPr is not None and paragraph._p.pPr.numPr is not None
    if style.startswith("List Number"):
        return "1. " + line, "item"
    if style.startswith("List") or numbered:
        return "- " + line, "item"
    return line, _kind(line)


def _runs(paragraph: Paragraph) -> list[Run]:
    """The paragraph's runs as Word shows them: those in a link (Word makes a typed web address one),
    a field or a content control too, and with changes tracked, the text inserted but not the text
    deleted (python-docx's ``runs`` are only the paragraph's own)."""
    elements = paragraph._p.xpath(
        ".//w:r[not(ancestor::w:del or ancestor::w:moveFrom or ancestor::w:txbxContent)]")
    return [Run(element, paragraph) for element in elements]


def _kind(line: str) -> str:
    """"item" for a list entry typed by hand (or as ask filled it in), "row" for a table's row."""
    if re.match(r"(?:[-*]|\d+\.)\s", line):
        return "item"
    return "row" if line.startswith("|") else "text"


def _table_markdown(table: Table) -> list[str]:
    rows = [[" ".join(cell.text.split()).replace("|", "\\|") for cell in row.cells] for row in table.rows]
    if not rows:
        return []
    width = max(len(row) for row in rows)
    rows = [row + [""] * (width - len(row)) for row in rows]
    lines = ["| " + " | ".join(rows[0]) + " |", "|" + "---|" * width]
    lines += ["| " + " | ".join(row) + " |" for row in rows[1:]]
    return lines


def field_texts(document: WordDocument, data: FormData) -> dict[int, str]:
    """The field of each of ``data.fields`` (by index) that the document still has, read back as
    Markdown: the row below the field's header (the second row of its table, or of the table Word or
    LibreOffice joined it to), and any row added below it (Tab in the last cell adds one in Word) up to
    the next header."""
    headers = {" ".join(field.header.split()): index for index, field in enumerate(data.fields)}
    found: dict[int, str] = {}
    for table in document.tables:
        rows = table.rows
        marks = [headers.get(" ".join(row.cells[0].text.split())) if row.cells else None for row in rows]
        for number, index in enumerate(marks):
            if index is None or index in found or number + 1 >= len(rows):
                continue
            end = next((after for after in range(number + 2, len(rows)) if marks[after] is not None),
                       len(rows))
            texts = [cell_markdown(rows[row].cells[0]) for row in range(number + 1, end) if rows[row].cells]
            found[index] = "\n".join(text for text in texts if text)  # a blank line between rows
    return found
