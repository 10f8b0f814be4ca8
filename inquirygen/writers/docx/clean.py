"""A template with its tracked changes accepted and its comments removed, as Word's "Accept All" does.

Left in a template, both would go into every letter and PDF, so ``check`` and ``build`` refuse such a
template; on request (``inquirygen template clean``) they are accepted and removed here instead. The
rest of the package stays byte for byte as it was.
"""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ...errors import TemplateError, display_path
from ...frozen import frozen
from ...i18n import _
from .package import relationships, write_zip
from .wordml import W_NS

W = f"{{{W_NS}}}"
# Accepting a change: what was inserted stays (the wrapper goes), what was deleted goes.
UNWRAPPED = ("ins", "moveTo")
REMOVED = ("del", "moveFrom", "moveFromRangeStart", "moveFromRangeEnd", "moveToRangeStart",
           "moveToRangeEnd", "cellDel")
# Records of former formatting: the current formatting stays.
FORMER_FORMATTING = ("rPrChange", "pPrChange", "sectPrChange", "tblPrChange", "tblPrExChange",
                     "tcPrChange", "trPrChange", "tblGridChange", "numberingChange", "cellIns",
                     "cellMerge")
COMMENT_MARKS = ("commentRangeStart", "commentRangeEnd")
COMMENT_PARTS = ("comments", "commentsExtended", "commentsIds", "commentsExtensible", "people")
RELATIONSHIPS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
MS_RELATIONSHIPS = "http://schemas.microsoft.com/office/2011/relationships/"


@dataclass(frozen=True)
class CleanedTemplate:
    """The cleaned package and what was done to it."""

    data: bytes
    changes: int
    comments: int


def clean_package(members: list[tuple[str, bytes]], main_part: str) -> CleanedTemplate:
    """``members`` (a template's zip members in order) with changes accepted and comments removed."""
    from lxml import etree

    parts = dict(members)
    comment_parts = {target for kind, target in relationships(parts, main_part)
                     if kind.rsplit("/", 1)[-1] in COMMENT_PARTS
                     and kind.startswith((RELATIONSHIPS, MS_RELATIONSHIPS))}
    comments = sum(len(re.findall(rb"<w:comment\b", parts.get(part, b""))) for part in comment_parts
                   if part.endswith("comments.xml"))
    replaced: dict[str, bytes] = {}
    changes = 0
    for name, data in members:
        if not name.endswith(".xml") or name in comment_parts or not name.startswith("word/"):
            continue
        if b"<w:" not in data:
            continue
        root = etree.fromstring(data)
        counted = _accept_changes(root)
        removed = _remove_comment_marks(root)
        if counted or removed:
            changes += counted
            replaced[name] = etree.tostring(root, xml_declaration=True, encoding="UTF-8",
                                            standalone=True)
    if comment_parts:
        folder, file = posixpath.split(main_part)
        rels = posixpath.join(folder, "_rels", f"{file}.rels")
        replaced[rels] = re.sub(
            rb'<Relationship [^>]*Type="[^"]*/(?:' + b"|".join(p.encode() for p in COMMENT_PARTS)
            + rb')"[^>]*/>', b"", replaced.get(rels, parts[rels]))
        content_types = parts["[Content_Types].xml"]
        for part in comment_parts:
            content_types = re.sub(rb'<Override PartName="/' + re.escape(part.encode())
                                   + rb'"[^>]*/>', b"", content_types)
        replaced["[Content_Types].xml"] = content_types
    kept = [(name, data) for name, data in members if name not in comment_parts]
    return CleanedTemplate(write_zip(kept, replaced), changes, comments)


def _accept_changes(root: Any) -> int:
    """Accept every tracked change under ``root``; the number of changes accepted."""
    count = 0
    # A deleted paragraph mark joins the paragraph with the next one, whose mark survives.
    for mark in list(root.iter(f"{W}del")):
        run_properties = mark.getparent()
        if run_properties is None or run_properties.tag != f"{W}rPr":
            continue
        paragraph_properties = run_properties.getparent()
        paragraph = paragraph_properties.getparent() if paragraph_properties is not None else None
        if paragraph is None or paragraph.tag != f"{W}p" or paragraph_properties.tag != f"{W}pPr":
            continue
        run_properties.remove(mark)
        count += 1
        following = paragraph.getnext()
        if following is None or following.tag != f"{W}p":
            continue
        own_properties = following.find(f"{W}pPr")
        for child in list(following):
            if child is not own_properties:
                paragraph.append(child)
        paragraph.remove(paragraph_properties)
        if own_properties is not None:
            paragraph.insert(0, own_properties)
        following.getparent().remove(following)
    # An inserted or deleted table row: the marker goes, or the row with it.
    for mark in list(root.iter(f"{W}ins", f"{W}del")):
        holder = mark.getparent()
        if holder is not None and holder.tag in (f"{W}trPr", f"{W}rPr"):
            row = holder.getparent()
            if mark.tag == f"{W}del" and holder.tag == f"{W}trPr" and row is not None:
                row.getparent().remove(row)
            else:
                holder.remove(mark)
            count += 1
    for element in list(root.iter(*(f"{W}{name}" for name in (*UNWRAPPED, *REMOVED,
                                                              *FORMER_FORMATTING)))):
        parent = element.getparent()
        if parent is None:
            continue
        name = element.tag[len(W):]
        if name in UNWRAPPED:
            index = parent.index(element)
            for offset, child in enumerate(list(element)):
                parent.insert(index + offset, child)
        parent.remove(element)
        count += name not in ("moveFromRangeStart", "moveFromRangeEnd", "moveToRangeStart",
                              "moveToRangeEnd")
    return count


def _remove_comment_marks(root: Any) -> int:
    """Remove comment ranges and references; a run left with nothing but its properties goes too."""
    removed = 0
    for mark in list(root.iter(*(f"{W}{name}" for name in COMMENT_MARKS), f"{W}commentReference")):
        parent = mark.getparent()
        parent.remove(mark)
        removed += 1
        if parent.tag == f"{W}r" and all(child.tag == f"{W}rPr" for child in parent):
            parent.getparent().remove(parent)
    return removed


@frozen
class TemplateCleaning:
    """What ``clean_template`` did: changes accepted, comments removed, where the original is kept."""

    changes: int
    comments: int
    original: Path | None


def clean_template(path: Path) -> TemplateCleaning:
    """Accept the tracked changes of the template at ``path`` and remove its comments, in place.

    The original is kept in the folder ``vorher`` beside it before the template is replaced (there,
    ``check`` does not take it for a template of the workspace); a template without either is left
    untouched. Raises :class:`TemplateError` for an OpenDocument
    template (LibreOffice accepts changes there) and for a file that is no Word document.
    """
    from ...atomic import write_atomically
    from .package import main_document_part, read_members

    shown = display_path(path)
    if path.suffix.lower() not in (".docx", ".dotx"):
        raise TemplateError(_("template '{template}': only Word templates (.docx, .dotx) can be "
                              "cleaned here; accept the changes in LibreOffice (Edit → Track Changes "
                              "→ Accept All) and delete the comments there").format(template=shown))
    raw, members = read_members(path)
    cleaned = clean_package(members, main_document_part(dict(members), shown))
    if not cleaned.changes and not cleaned.comments:
        return TemplateCleaning(0, 0, None)
    original = path.parent / "vorher" / path.name
    number = 2
    while original.exists():
        original = path.parent / "vorher" / f"{path.stem}-{number}{path.suffix}"
        number += 1
    write_atomically(original, raw)
    write_atomically(path, cleaned.data)
    return TemplateCleaning(cleaned.changes, cleaned.comments, original)
