"""What LibreOffice 7.4 needs of a letter and Word does not: footnote marks kept clear of a table's end."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from lxml.etree import _Element

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
DECLARATION = b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
# An empty paragraph in this style is hidden (the shipped templates give the style "hidden"; a template
# that has no style of the name gets it from them), so it takes no room in Word or in LibreOffice.
AFTER_TABLE_STYLE = "Nach Tabelle"


def footnotes_clear_of_tables(document: bytes, style_id: Callable[[str], str]) -> bytes:
    """The main document part with hidden empty paragraphs after every table whose second paragraph
    after it holds a footnote mark; ``document`` itself, byte for byte, where there is none.

    LibreOffice 7.4 floats a table (the address field's, ``w:tblpPr``) only when its section ends, and
    then floats none if a footnote mark stood in the second paragraph after any table, counting the
    paragraphs of table cells too (it closes a table at the end of the paragraph after it): the address
    field stays in the text, a line lower. Hidden paragraphs make the first two after a table empty
    ones; after a floating table only the second, since LibreOffice anchors the table in the first.
    Only letters that need them get them, so that no other letter moves by a hair.
    """
    if b"<w:footnoteReference" not in document:
        return document
    from lxml import etree

    root = etree.fromstring(document)
    body = root.find(f"{W}body")
    changed = False
    for table in list(body.iterchildren(f"{W}tbl")) if body is not None else []:
        second = _second_paragraph_after(table)
        if second is None or second.find(f".//{W}footnoteReference") is None:
            continue
        after, count = table, 2
        anchor = table.getnext()
        if anchor is not None and anchor.tag == f"{W}p" and table.find(f"{W}tblPr/{W}tblpPr") is not None:
            after, count = anchor, 1
        # Right after the table rather than between two paragraphs, where a hidden paragraph would
        # take the spacing between a question and its answer when they move to a new page together.
        for _ in range(count):
            hidden = etree.Element(f"{W}p")
            etree.SubElement(etree.SubElement(hidden, f"{W}pPr"), f"{W}pStyle").set(
                f"{W}val", style_id(AFTER_TABLE_STYLE))
            after.addnext(hidden)
        changed = True
    if not changed:
        return document
    return DECLARATION + etree.tostring(root, encoding="UTF-8")


def _second_paragraph_after(table: _Element) -> _Element | None:
    """The second paragraph after ``table`` in reading order."""
    seen = 0
    for element in table.itersiblings():
        for paragraph in _paragraphs(element):
            seen += 1
            if seen == 2:
                return paragraph
    return None


def _paragraphs(element: _Element) -> Iterator[_Element]:
    """The paragraphs of a body element in reading order: itself, or those of its cells (not those of
    a text box inside them, which LibreOffice reads apart)."""
    if element.tag == f"{W}p":
        yield element
    elif element.tag in (f"{W}tbl", f"{W}sdt"):
        for paragraph in element.iter(f"{W}p"):
            if not any(ancestor.tag == f"{W}txbxContent" for ancestor in paragraph.iterancestors()):
                yield paragraph
