"""What a letter needs that a template saved elsewhere may lack, brought from the shipped template.

A template saved by LibreOffice Writer as .docx has no footnotes part and no table styles, and a Word
template (.dotx) declares its main part as a template. None of that is the office's doing, and none
of it can be mended in LibreOffice, so it is mended here: the footnotes part, the styles the code
writes in and the main part's content type come from the shipped ``answer_letter.docx``. A template
that has them is left byte for byte as it is.
"""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

from .wordml import (
    FOOTNOTE_REFERENCE_STYLE,
    FOOTNOTE_TEXT_STYLE,
    HEADING_STYLE,
    TABLE_CELL_STYLES,
    TABLE_NOTE_STYLE,
    TABLE_STYLE,
)

SHIPPED_TEMPLATE = Path(__file__).resolve().parents[2] / "templates" / "answer_letter.docx"
CONTENT_TYPES = "[Content_Types].xml"
FOOTNOTES_TYPE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/footnotes"
FOOTNOTES_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"
TEMPLATE_MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml"
DOCUMENT_MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
# Styles the code writes in whose absence a template can survive: they are brought when missing.
BROUGHT_STYLES = (TABLE_STYLE, *dict.fromkeys(TABLE_CELL_STYLES.values()), TABLE_NOTE_STYLE,
                  HEADING_STYLE, FOOTNOTE_TEXT_STYLE, FOOTNOTE_REFERENCE_STYLE)
_STYLE = re.compile(rb"<w:style\b.*?</w:style>", re.DOTALL)
_NAME = re.compile(rb'<w:name w:val="([^"]*)"')
_ID = re.compile(rb'w:styleId="([^"]*)"')


def complete(members: list[tuple[str, bytes]], main_part: str, styles_part: str | None,
             has_footnotes: bool) -> list[tuple[str, bytes]]:
    """``members`` with what a letter needs added; the same list when nothing is missing."""
    parts = dict(members)
    added: dict[str, bytes] = {}
    content_types = parts.get(CONTENT_TYPES, b"")
    if TEMPLATE_MAIN.encode() in content_types:  # a .dotx: the letter is a document, not a template
        content_types = content_types.replace(TEMPLATE_MAIN.encode(), DOCUMENT_MAIN.encode())
        added[CONTENT_TYPES] = content_types
    shipped: dict[str, bytes] | None = None
    if not has_footnotes:
        shipped = _shipped_parts()
        folder, file = main_part.rsplit("/", 1) if "/" in main_part else ("", main_part)
        footnotes = f"{folder}/footnotes.xml" if folder else "footnotes.xml"
        rels = f"{folder}/_rels/{file}.rels" if folder else f"_rels/{file}.rels"
        added[footnotes] = shipped["word/footnotes.xml"]
        relationship = (f'<Relationship Id="rIdInquirygenFootnotes" Type="{FOOTNOTES_TYPE}" '
                        'Target="footnotes.xml"/>').encode()
        added[rels] = parts[rels].replace(b"</Relationships>", relationship + b"</Relationships>")
        override = (f'<Override PartName="/{footnotes}" ContentType="{FOOTNOTES_CONTENT_TYPE}"/>').encode()
        added[CONTENT_TYPES] = content_types.replace(b"</Types>", override + b"</Types>")
    if styles_part is not None and styles_part in parts:
        styles = parts[styles_part]
        missing = _missing_styles(styles)
        if missing:
            shipped = shipped or _shipped_parts()
            definitions = [style for style in _STYLE.findall(shipped["word/styles.xml"])
                           if _style_name(style) in missing]
            taken = {match.lower() for match in _ID.findall(styles)}
            brought = b"".join(style for style in definitions
                               if _style_id(style).lower() not in taken)
            if brought:
                added[styles_part] = styles.replace(b"</w:styles>", brought + b"</w:styles>")
    if not added:
        return members
    names = {name for name, _ in members}
    return [(name, added.get(name, data)) for name, data in members] + \
        [(name, data) for name, data in added.items() if name not in names]


def _missing_styles(styles_xml: bytes) -> set[str]:
    """The brought styles the template has under no name (compared without case, as Word does)."""
    present = {_style_name(style).casefold() for style in _STYLE.findall(styles_xml)}
    return {name for name in BROUGHT_STYLES if name.casefold() not in present}


def _style_name(style: bytes) -> str:
    found = _NAME.search(style)
    return found.group(1).decode("utf-8") if found else ""


def _style_id(style: bytes) -> str:
    found = _ID.search(style)
    return found.group(1).decode("utf-8") if found else ""


def _shipped_parts() -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(SHIPPED_TEMPLATE.read_bytes())) as archive:
        return {name: archive.read(name) for name in ("word/footnotes.xml", "word/styles.xml")}
