"""The first page's fold and hole marks, moved to where inquirygen.yaml wants them, or taken out.

The template draws them as line shapes named "Falzmarke" and "Lochmarke", anchored to the page (an
office may restyle or move them in Word). The letter says where they go: DIN 5008 form B (105 and
210 mm) unless configured, form A (87 and 192 mm), or none. A part whose marks already stand where
they should is left byte for byte as it is.
"""

from __future__ import annotations

from typing import Any

FOLD_MARK = "Falzmarke"
HOLE_MARK = "Lochmarke"
EMU_PER_MM = 36_000
WP = "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def place_marks(xml: bytes, fold_marks: tuple[float, ...], hole_mark: float | None) -> bytes:
    """``xml`` (a rendered header) with its marks at ``fold_marks`` and ``hole_mark`` (mm from the
    top of the page); marks without a height are taken out."""
    if f'name="{FOLD_MARK}"'.encode() not in xml and f'name="{HOLE_MARK}"'.encode() not in xml:
        return xml
    from lxml import etree

    root = etree.fromstring(xml)
    anchors: dict[str, list[Any]] = {FOLD_MARK: [], HOLE_MARK: []}
    for properties in root.iter(f"{WP}docPr"):
        anchor, name = properties.getparent(), properties.get("name") or ""
        if name in anchors and anchor is not None and anchor.tag == f"{WP}anchor":
            anchors[name].append(anchor)
    # The template's marks from the top down take the heights from the top down.
    wanted = {FOLD_MARK: fold_marks, HOLE_MARK: (hole_mark,) if hole_mark is not None else ()}
    changed = False
    for name, found in anchors.items():
        found.sort(key=_offset)
        heights = wanted[name]
        for index, anchor in enumerate(found):
            if not heights:
                _remove(anchor)
                changed = True
            elif index < len(heights):
                offset = anchor.find(f"{WP}positionV/{WP}posOffset")
                target = str(round(heights[index] * EMU_PER_MM))
                if offset is not None and offset.text != target:
                    offset.text = target
                    changed = True
    if not changed:
        return xml
    return bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True))


def _offset(anchor: Any) -> int:
    offset = anchor.find(f"{WP}positionV/{WP}posOffset")
    try:
        return int(offset.text) if offset is not None and offset.text else 0
    except ValueError:
        return 0


def _remove(anchor: Any) -> None:
    """Take out the run that holds the shape (with LibreOffice's fallback picture of it, if any)."""
    run = next(anchor.iterancestors(f"{W}r"), None)
    target = run if run is not None else anchor
    parent = target.getparent()
    if parent is not None:
        parent.remove(target)
