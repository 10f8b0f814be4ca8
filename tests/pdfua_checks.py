"""The machine-checkable requirements of PDF/UA-1 that a letter can miss, checked on a PDF (pikepdf).

Written for the tests apart from ``inquirygen/accessible.py``, which mends and claims: a checker that
shared its code could not catch its mistakes. It covers what the PyPI package ``pdfua`` 0.1.3 leaves
out or gets wrong for these letters (see pyproject.toml's test extra): footnote IDs, heading levels,
layout tables, the link annotations' place in the structure tree, the claim's extension schema. It is
no full validator (veraPDF is): fonts, colour and the XMP of PDF/A are not looked at.
"""

from __future__ import annotations

import re
from pathlib import Path

import pikepdf
from lxml import etree

NS = {"rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#", "dc": "http://purl.org/dc/elements/1.1/",
      "pdfaid": "http://www.aiim.org/pdfa/ns/id/", "pdfuaid": "http://www.aiim.org/pdfua/ns/id/",
      "pdfaExtension": "http://www.aiim.org/pdfa/ns/extension/",
      "pdfaSchema": "http://www.aiim.org/pdfa/ns/schema#",
      "pdfaProperty": "http://www.aiim.org/pdfa/ns/property#"}
# ISO 32000-1, 14.8.4.
STANDARD_TYPES = {
    "Document", "Part", "Art", "Sect", "Div", "BlockQuote", "Caption", "TOC", "TOCI", "Index",
    "NonStruct", "Private", "P", "H", "H1", "H2", "H3", "H4", "H5", "H6", "L", "LI", "Lbl", "LBody",
    "Table", "TR", "TH", "TD", "THead", "TBody", "TFoot", "Span", "Quote", "Note", "Reference",
    "BibEntry", "Code", "Link", "Annot", "Ruby", "RB", "RT", "RP", "Warichu", "WT", "WP", "Figure",
    "Formula", "Form"}
# Operators that put something on the page, which must be inside marked content (tagged or artifact).
PAINTING = {"Tj", "TJ", "'", '"', "S", "s", "f", "F", "f*", "B", "B*", "b", "b*", "Do", "sh", "BI"}


def xmp(pdf: pikepdf.Pdf) -> etree._Element:
    """The XMP packet, parsed (an XML error fails the test)."""
    data = pdf.Root.Metadata.read_bytes()
    start, end = data.index(b"<x:xmpmeta"), data.rindex(b"</x:xmpmeta>") + len(b"</x:xmpmeta>")
    return etree.fromstring(data[start:end])


def values(packet: etree._Element, path: str) -> list[str]:
    return [(node.text or "").strip() for node in packet.xpath(path, namespaces=NS)]


class Checker:
    """Reads a PDF once; ``problems()`` names everything found, an empty list when nothing is."""

    def __init__(self, path: Path):
        self.pdf = pikepdf.open(path)
        self.root = self.pdf.Root
        self.tree = self.root.get("/StructTreeRoot")
        self.role_map = dict(self.tree.get("/RoleMap") or {}) if self.tree is not None else {}
        self.problems_found: list[str] = []

    def close(self) -> None:
        self.pdf.close()

    def role(self, element) -> str:
        name = str(element.S)[1:]
        seen = set()
        while f"/{name}" in self.role_map and name not in seen and name not in STANDARD_TYPES:
            seen.add(name)
            name = str(self.role_map[f"/{name}"])[1:]
        return name

    def walk(self, node=None, depth: int = 0):
        """(element, depth) in reading order."""
        node = self.tree if node is None else node
        kids = node.get("/K")
        for kid in kids if isinstance(kids, pikepdf.Array) else [] if kids is None else [kids]:
            if isinstance(kid, pikepdf.Dictionary) and "/S" in kid:
                yield kid, depth
                yield from self.walk(kid, depth + 1)

    def report(self, problem: str) -> None:
        self.problems_found.append(problem)

    def problems(self) -> list[str]:
        if self.tree is None:
            return ["no structure tree"]
        self.catalog()
        self.elements()
        self.annotations()
        self.content()
        return self.problems_found

    def catalog(self) -> None:
        if not (self.root.get("/MarkInfo") or {}).get("/Marked"):
            self.report("MarkInfo /Marked is not true")
        if not re.fullmatch(r"[a-zA-Z]{2,3}(-[a-zA-Z0-9]{1,8})*", str(self.root.get("/Lang", ""))):
            self.report("no /Lang in the catalog")
        if (self.root.get("/ViewerPreferences") or {}).get("/DisplayDocTitle") is not True:
            self.report("DisplayDocTitle is not true")
        packet = xmp(self.pdf)
        if not any(values(packet, "//dc:title/rdf:Alt/rdf:li")):
            self.report("no dc:title")
        if values(packet, "//pdfuaid:part") + values(packet, "//@pdfuaid:part") != ["1"]:
            self.report("no pdfuaid:part 1")
        for name, mapped in self.role_map.items():
            if name[1:] in STANDARD_TYPES and mapped != name:
                self.report(f"standard type {name} remapped to {mapped}")

    def elements(self) -> None:
        ids: list[bytes] = []
        headings: list[int] = []
        for element, _ in self.walk():
            role = self.role(element)
            if role not in STANDARD_TYPES:
                self.report(f"{element.S} maps to no standard type")
            if role == "Figure" and "/Alt" not in element and "/ActualText" not in element:
                self.report("a Figure without /Alt")
            if role == "Note":
                if "/ID" not in element:
                    self.report("a Note without /ID")
                else:
                    ids.append(bytes(element.ID))
            if role == "Table":
                cells = [self.role(cell) for cell, _ in self.walk(element)]
                if "TH" not in cells:
                    self.report("a Table without header cells")
                if not headings:
                    self.report("a Table before the first heading (the layout table)")
            if re.fullmatch(r"H[1-6]", role):
                level = int(role[1])
                if level > (headings[-1] if headings else 0) + 1:
                    self.report(f"heading H{level} skips a level")
                headings.append(level)
            elif role == "H":
                self.report("an unnumbered heading /H beside numbered ones")
        if len(set(ids)) != len(ids):
            self.report(f"Note IDs are not unique: {ids}")
        id_tree = self.tree.get("/IDTree")
        listed = list(id_tree.Names[::2]) if id_tree is not None and "/Names" in id_tree else []
        if sorted(bytes(name) for name in listed) != sorted(ids):
            self.report("the IDTree does not list the notes' IDs")

    def parent_tree(self) -> dict[int, object]:
        found = {}

        def read(node):
            nums = node.get("/Nums") or []
            found.update({int(nums[i]): nums[i + 1] for i in range(0, len(nums), 2)})
            for kid in node.get("/Kids") or []:
                read(kid)
        read(self.tree.ParentTree)
        return found

    def annotations(self) -> None:
        parents = self.parent_tree()
        for number, page in enumerate(self.pdf.pages, 1):
            annotations = [a for a in page.obj.get("/Annots") or [] if a.get("/Subtype") != "/Popup"]
            if annotations and page.obj.get("/Tabs") != pikepdf.Name.S:
                self.report(f"page {number}: /Tabs is {page.obj.get('/Tabs')!r}, not /S")
            for annotation in annotations:
                if not str(annotation.get("/Contents", "")):
                    self.report(f"page {number}: an annotation without /Contents")
                link = parents.get(int(annotation.get("/StructParent", -1)))
                if link is None:
                    self.report(f"page {number}: an annotation outside the structure tree")
                    continue
                kids = link.K if isinstance(link.K, pikepdf.Array) else [link.K]
                if self.role(link) != "Link" or not any(
                        isinstance(k, pikepdf.Dictionary) and k.get("/Type") == "/OBJR"
                        and k.Obj.objgen == annotation.objgen for k in kids):
                    self.report(f"page {number}: a link annotation not in a Link element's OBJR")

    def content(self) -> None:
        """Everything painted is marked content, and every MCID has its element, which holds it."""
        parents = self.parent_tree()
        for number, page in enumerate(self.pdf.pages, 1):
            marks = parents.get(int(page.obj.get("/StructParents", -1)))
            depth = 0
            for instruction in pikepdf.parse_content_stream(page):
                if isinstance(instruction, pikepdf.ContentStreamInlineImage):
                    operator, operands = "BI", []
                else:
                    operator, operands = str(instruction.operator), instruction.operands
                if operator in ("BMC", "BDC"):
                    depth += 1
                    if operator == "BDC" and isinstance(operands[1], pikepdf.Dictionary) \
                            and "/MCID" in operands[1]:
                        self.owned(number, marks, int(operands[1].MCID))
                elif operator == "EMC":
                    depth -= 1
                elif operator in PAINTING and depth == 0:
                    self.report(f"page {number}: {operator} outside marked content")
                    break

    def owned(self, number: int, marks, mcid: int) -> None:
        """The ParentTree's element for ``mcid`` lists it (as a number, or a reference to this page)."""
        owner = marks[mcid] if marks is not None and mcid < len(marks) else None
        kids = [] if owner is None else owner.K if isinstance(owner.K, pikepdf.Array) else [owner.K]
        page = self.pdf.pages[number - 1].obj.objgen
        held = [k for k in kids if isinstance(k, int) and owner.Pg.objgen == page] + [
            int(k.MCID) for k in kids if isinstance(k, pikepdf.Dictionary) and k.get("/Type") == "/MCR"
            and k.get("/Pg", owner.get("/Pg")).objgen == page]
        if mcid not in held:
            self.report(f"page {number}: MCID {mcid} has no element that holds it")


def problems(path: Path) -> list[str]:
    checker = Checker(path)
    try:
        return checker.problems()
    finally:
        checker.close()
