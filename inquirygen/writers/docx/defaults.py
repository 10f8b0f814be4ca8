"""What a letter needs that a template saved elsewhere may lack, brought from the shipped template.

A template saved by LibreOffice Writer as .docx has no footnotes part, no theme and no table styles,
and a Word template (.dotx) declares its main part as a template; a template an office began from a
blank document lacks the answers' styles and their list definitions. None of that can be mended in
LibreOffice, so it is mended here: the footnotes, numbering and theme parts, the font table, the
styles the code writes in (with their list definitions) and the main part's content type come from
the shipped ``answer_letter.docx``. A template that has them is left byte for byte as it is.
"""

from __future__ import annotations

import functools
import io
import re
import zipfile
from pathlib import Path

from .libreoffice import AFTER_TABLE_STYLE
from .wordml import (
    FOOTNOTE_REFERENCE_STYLE,
    FOOTNOTE_TEXT_STYLE,
    HEADING_STYLE,
    LAST_RESPONSE_STYLE,
    LIST_END_STYLE,
    REQUIRED_STYLES,
    TABLE_CELL_STYLES,
    TABLE_NOTE_STYLE,
    TABLE_STYLE,
)

SHIPPED_TEMPLATE = Path(__file__).resolve().parents[2] / "templates" / "answer_letter.docx"
CONTENT_TYPES = "[Content_Types].xml"
RELATIONSHIPS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
FOOTNOTES_TYPE = f"{RELATIONSHIPS}/footnotes"
NUMBERING_TYPE = f"{RELATIONSHIPS}/numbering"
STYLES_TYPE = f"{RELATIONSHIPS}/styles"
WORDML = "application/vnd.openxmlformats-officedocument.wordprocessingml"
# Parts brought when the main document has none: relationship type → (target, content type). Word
# writes a font table and a theme into every document; validators call a document without them
# incomplete, and LibreOffice writes no theme.
BROUGHT_PARTS = {
    FOOTNOTES_TYPE: ("footnotes.xml", f"{WORDML}.footnotes+xml"),
    NUMBERING_TYPE: ("numbering.xml", f"{WORDML}.numbering+xml"),
    f"{RELATIONSHIPS}/fontTable": ("fontTable.xml", f"{WORDML}.fontTable+xml"),
    f"{RELATIONSHIPS}/theme": ("theme/theme1.xml", "application/vnd.openxmlformats-officedocument.theme+xml"),
}
TEMPLATE_MAIN = f"{WORDML}.template.main+xml"
DOCUMENT_MAIN = f"{WORDML}.document.main+xml"
# The styles the code writes in (README, "Styles"): brought when a template has none of that name.
# One the office renamed keeps its id, so it is not brought again under the old name and stays an
# error that says which style is missing.
BROUGHT_STYLES = (*REQUIRED_STYLES, LAST_RESPONSE_STYLE, LIST_END_STYLE, TABLE_STYLE,
                  *dict.fromkeys(TABLE_CELL_STYLES.values()), TABLE_NOTE_STYLE, HEADING_STYLE,
                  FOOTNOTE_TEXT_STYLE, FOOTNOTE_REFERENCE_STYLE, AFTER_TABLE_STYLE)
_STYLE = re.compile(rb"<w:style\b.*?</w:style>", re.DOTALL)
_NAME = re.compile(rb'<w:name w:val="([^"]*)"')
_ID = re.compile(rb'w:styleId="([^"]*)"')
_ABSTRACT_NUM = re.compile(rb"<w:abstractNum\b.*?</w:abstractNum>", re.DOTALL)
_ABSTRACT_NUM_ID = re.compile(rb'w:abstractNumId="(\d+)"')
_NUM = re.compile(rb'<w:num w:numId="(\d+)"[^>]*>.*?</w:num>', re.DOTALL)
_STYLE_NUM_ID = re.compile(rb'(<w:numId w:val=")(\d+)(")')
# LibreOffice writes "true" where Word's schema allows only "on" or "off" (a table row that must not
# break across pages); Word's own validator calls that invalid, so it is written as Word writes it.
_TRUE_ON_OFF_ONLY = re.compile(rb'<w:(cantSplit|tblHeader) w:val="(?:true|1|on)"/>')


def complete(members: list[tuple[str, bytes]], main_part: str,
             related: list[tuple[str, str]]) -> list[tuple[str, bytes]]:
    """``members`` with what a letter needs added; the same list when nothing is missing.

    ``related`` are the main part's relationships as (type, target part).
    """
    parts = dict(members)
    added: dict[str, bytes] = {}
    content_types = parts.get(CONTENT_TYPES, b"")
    if TEMPLATE_MAIN.encode() in content_types:  # a .dotx: the letter is a document, not a template
        added[CONTENT_TYPES] = content_types.replace(TEMPLATE_MAIN.encode(), DOCUMENT_MAIN.encode())
    for name, data in parts.items():
        if name.endswith(".xml") and _TRUE_ON_OFF_ONLY.search(data):
            added[name] = _TRUE_ON_OFF_ONLY.sub(rb"<w:\1/>", data)
    # A part counts as present when its relationship leads to it (LibreOffice leaves none dangling).
    present = {kind: target for kind, target in related if target in parts}
    brought_parts = {kind for kind in BROUGHT_PARTS if kind not in present}
    for kind in brought_parts:
        _bring_part(parts, added, main_part, kind)
    styles_part = present.get(STYLES_TYPE)
    if styles_part is not None:
        numbering_part = None if NUMBERING_TYPE in brought_parts else present.get(NUMBERING_TYPE)
        _bring_styles(parts, added, styles_part, numbering_part)
    if not added:
        return members
    names = {name for name, _ in members}
    return [(name, added.get(name, data)) for name, data in members] + \
        [(name, data) for name, data in added.items() if name not in names]


def _bring_part(parts: dict[str, bytes], added: dict[str, bytes], main_part: str, kind: str) -> None:
    """The shipped part of relationship type ``kind``, related to the main part and typed."""
    target, content_type = BROUGHT_PARTS[kind]
    folder, file = main_part.rsplit("/", 1) if "/" in main_part else ("", main_part)
    relationships = f"{folder}/_rels/{file}.rels" if folder else f"_rels/{file}.rels"
    name = f"{folder}/{target}" if folder else target
    added[name] = _shipped_parts()[f"word/{target}"]
    stem = target.rsplit("/", 1)[-1].split(".")[0]
    relationship = (f'<Relationship Id="rIdInquirygen{stem[:1].upper()}{stem[1:]}" '
                    f'Type="{kind}" Target="{target}"/>').encode()
    rels = added.get(relationships, parts[relationships])
    added[relationships] = rels.replace(b"</Relationships>", relationship + b"</Relationships>")
    types = added.get(CONTENT_TYPES, parts.get(CONTENT_TYPES, b""))
    if f'PartName="/{name}"'.encode() not in types:
        override = f'<Override PartName="/{name}" ContentType="{content_type}"/>'.encode()
        added[CONTENT_TYPES] = types.replace(b"</Types>", override + b"</Types>")


def _bring_styles(parts: dict[str, bytes], added: dict[str, bytes], styles_part: str,
                  numbering_part: str | None) -> None:
    """The missing styles, and the list definitions of the list styles among them.

    ``numbering_part`` is the template's own list definitions, None when the shipped ones were brought
    whole (then the brought styles' list numbers are right as they are).
    """
    styles = added.get(styles_part, parts[styles_part])
    missing = _missing_styles(styles)
    if not missing:
        return
    shipped = _shipped_parts()
    taken = {match.decode("utf-8").lower() for match in _ID.findall(styles)}
    brought = [style for style in _STYLE.findall(shipped["word/styles.xml"])
               if _style_name(style) in missing and _style_id(style).lower() not in taken]
    if not brought:
        return
    if numbering_part is not None and any(b"<w:numId " in style for style in brought):
        numbering, renumbered = _merge_numbering(added.get(numbering_part, parts[numbering_part]),
                                                 shipped["word/numbering.xml"])
        added[numbering_part] = numbering
        brought = [_STYLE_NUM_ID.sub(lambda m: m.group(1) + renumbered[m.group(2)] + m.group(3), style)
                   for style in brought]
    added[styles_part] = styles.replace(b"</w:styles>", b"".join(brought) + b"</w:styles>")


def _merge_numbering(own: bytes, shipped: bytes) -> tuple[bytes, dict[bytes, bytes]]:
    """The template's list definitions with the shipped ones added under free numbers.

    Returns the new numbering part and the shipped list numbers (numId) → their new numbers.
    """
    free_abstract = max([int(i) for i in _ABSTRACT_NUM_ID.findall(own)], default=-1) + 1
    free_num = max([int(match.group(1)) for match in _NUM.finditer(own)], default=0) + 1
    abstract_ids: dict[bytes, bytes] = {}
    abstracts = []
    for definition in _ABSTRACT_NUM.findall(shipped):
        old = _ABSTRACT_NUM_ID.search(definition)
        if old is None:  # not in the shipped template; a definition without a number cannot be used
            continue
        abstract_ids[old.group(1)] = str(free_abstract + len(abstract_ids)).encode()
        abstracts.append(definition.replace(old.group(0),
                                            b'w:abstractNumId="' + abstract_ids[old.group(1)] + b'"', 1))
    renumbered: dict[bytes, bytes] = {}
    instances = []
    for match in _NUM.finditer(shipped):
        renumbered[match.group(1)] = str(free_num + len(renumbered)).encode()
        instance = re.sub(rb'(<w:abstractNumId w:val=")(\d+)(")',
                          lambda m: m.group(1) + abstract_ids.get(m.group(2), m.group(2)) + m.group(3),
                          match.group(0))
        instances.append(instance.replace(b'w:numId="' + match.group(1) + b'"',
                                          b'w:numId="' + renumbered[match.group(1)] + b'"', 1))
    # Every w:abstractNum comes before the first w:num; w:numIdMacAtCleanup, if present, comes last.
    first_num = _position(rb"<w:num |<w:numIdMacAtCleanup|</w:numbering>", own)
    after_nums = _position(rb"<w:numIdMacAtCleanup|</w:numbering>", own)
    merged = (own[:first_num] + b"".join(abstracts) + own[first_num:after_nums]
              + b"".join(instances) + own[after_nums:])
    return merged, renumbered


def _position(pattern: bytes, xml: bytes) -> int:
    found = re.search(pattern, xml)
    return found.start() if found else len(xml)


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


@functools.lru_cache(maxsize=1)
def _shipped_parts() -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(SHIPPED_TEMPLATE.read_bytes())) as archive:
        return {f"word/{name}": archive.read(f"word/{name}")
                for name in ("styles.xml", *(target for target, _ in BROUGHT_PARTS.values()))}
