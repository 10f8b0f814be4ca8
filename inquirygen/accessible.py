"""LibreOffice's tagged PDF/A completed for PDF/UA-1: layout table, footnotes, marks, and the claim.

LibreOffice 7.4 tags a letter well but not completely. This module mends what it leaves: the first
page's layout table tagged as a data table, footnotes without /ID and with their link back outside
the structure tree, the tab order written as a string, and (through ``artifacts.py``) the header's
fold and hole marks tagged as figures without alternative text and ruled lines painted untagged. Then
it checks the machine-checkable requirements of PDF/UA-1 that a letter can miss and, only when they
all hold, writes the claim (pdfuaid:part 1 with the extension schema PDF/A-2 asks for) into the XMP.
The file stays PDF/A-2b: the metadata stream stays uncompressed, the document ID's first half stays.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from .artifacts import mark_artifacts
from .errors import PdfError, display_path
from .i18n import _

HEADINGS = frozenset({"/H", "/H1", "/H2", "/H3", "/H4", "/H5", "/H6"})
# The standard structure types of ISO 32000-1, 14.8.4: every element must map to one of them.
STANDARD = HEADINGS | frozenset(f"/{name}" for name in (
    "Document", "Part", "Art", "Sect", "Div", "BlockQuote", "Caption", "TOC", "TOCI", "Index",
    "NonStruct", "Private", "P", "L", "LI", "Lbl", "LBody", "Table", "TR", "TH", "TD", "THead",
    "TBody", "TFoot", "Span", "Quote", "Note", "Reference", "BibEntry", "Code", "Link", "Annot",
    "Ruby", "RB", "RT", "RP", "Warichu", "WT", "WP", "Figure", "Formula", "Form"))
TABLE_PARTS = frozenset({"/TR", "/THead", "/TBody", "/TFoot"})
# The PDF/UA identification, and its description as PDF/A-2 requires for every schema it does not
# predefine (ISO 19005-2, 6.6.2.3); LibreOffice 7.4 leaves the description out (tdf#157517).
PDFUA_NAMESPACE = "http://www.aiim.org/pdfua/ns/id/"
PDFUA_XMP = f"""<rdf:Description rdf:about="" xmlns:pdfuaid="{PDFUA_NAMESPACE}">
   <pdfuaid:part>1</pdfuaid:part>
  </rdf:Description>
  <rdf:Description rdf:about="" xmlns:pdfaExtension="http://www.aiim.org/pdfa/ns/extension/"
    xmlns:pdfaSchema="http://www.aiim.org/pdfa/ns/schema#"
    xmlns:pdfaProperty="http://www.aiim.org/pdfa/ns/property#">
   <pdfaExtension:schemas>
    <rdf:Bag>
     <rdf:li rdf:parseType="Resource">
      <pdfaSchema:schema>PDF/UA Universal Accessibility Schema</pdfaSchema:schema>
      <pdfaSchema:namespaceURI>{PDFUA_NAMESPACE}</pdfaSchema:namespaceURI>
      <pdfaSchema:prefix>pdfuaid</pdfaSchema:prefix>
      <pdfaSchema:property>
       <rdf:Seq>
        <rdf:li rdf:parseType="Resource">
         <pdfaProperty:name>part</pdfaProperty:name>
         <pdfaProperty:valueType>Integer</pdfaProperty:valueType>
         <pdfaProperty:category>internal</pdfaProperty:category>
         <pdfaProperty:description>The part of ISO 14289 followed</pdfaProperty:description>
        </rdf:li>
       </rdf:Seq>
      </pdfaSchema:property>
     </rdf:li>
    </rdf:Bag>
   </pdfaExtension:schemas>
  </rdf:Description>
 """.encode()
DC_TITLE = re.compile(rb"<dc:title>\s*<rdf:Alt>\s*<rdf:li[^>]*>\s*[^<\s]", re.DOTALL)


def complete(path: Path, source: Path) -> bool:
    """Mend the tagging of the PDF at ``path`` (made from ``source``) in place; True when it then
    claims PDF/UA-1.

    Raises :class:`PdfError` when pikepdf is missing or cannot read or write the file.
    """
    try:
        import pikepdf
    except ImportError:
        raise PdfError(_("pikepdf is not installed, which completes the PDF's tagging for "
                         "accessibility; install inquirygen again (pip install inquirygen) or pip "
                         "install pikepdf")) from None
    try:
        with pikepdf.open(path, allow_overwriting_input=True) as pdf:
            tree = pdf.Root.get("/StructTreeRoot")
            if not isinstance(tree, pikepdf.Dictionary):
                return False  # untagged: nothing to mend, nothing to claim
            tagging = _Tagging(pdf, tree)
            tagging.mend()
            claimed = not tagging.shortcomings() and _claim(pdf)
            # The streams stay as LibreOffice compressed them (qpdf never compresses /Metadata), no
            # object streams come in; the ID's first half, the permanent one, stays, and the second
            # is made from the new content (ISO 32000-1, 14.4), so the same input gives the same file.
            pdf.save(path, fix_metadata_version=False, deterministic_id=True,
                     object_stream_mode=pikepdf.ObjectStreamMode.preserve)
            return claimed
    except (pikepdf.PdfError, OSError, ValueError) as error:
        shown = display_path(source)
        raise PdfError(_("the PDF of {document} could not be completed for accessibility ({error}); "
                         "no PDF was written").format(document=shown, error=error)) from None


def _claim(pdf: Any) -> bool:
    """Add pdfuaid:part 1 and its extension schema to the XMP packet; False where it has no place."""
    metadata = pdf.Root.get("/Metadata")
    if metadata is None:
        return False
    packet = bytes(metadata.read_bytes())
    start, end = packet.find(b"<x:xmpmeta"), packet.rfind(b"</rdf:RDF>")
    if not 0 <= start < end or b"pdfuaid" in packet or not DC_TITLE.search(packet):
        return False  # no packet of LibreOffice's kind, or one that claims already
    from lxml import etree

    claimed = packet[:end] + PDFUA_XMP + packet[end:]
    try:
        etree.fromstring(claimed[start:claimed.index(b"</x:xmpmeta>", end) + len(b"</x:xmpmeta>")])
    except (etree.XMLSyntaxError, ValueError):
        return False
    metadata.write(claimed)  # unfiltered, as PDF/A wants the metadata readable without decoding
    return True


class _Tagging:
    """The structure tree of one PDF, with the mending and the checks that need it."""

    def __init__(self, pdf: Any, tree: Any):
        import pikepdf

        self.pikepdf = pikepdf
        self.pdf = pdf
        self.tree = tree
        self.role_map = tree.get("/RoleMap") or pikepdf.Dictionary()
        self.pages = {page.obj.objgen: page for page in pdf.pages}
        self.parents = _numbers(tree.get("/ParentTree") or pikepdf.Dictionary())
        self.roles: dict[str, str] = {}  # each type's standard type, as the RoleMap says once mended
        self.unmarked_text = 0

    def role(self, element: Any) -> str:
        """The standard type of an element: its own, or the one the RoleMap maps it to."""
        own = str(element.get("/S", ""))
        if own not in self.roles:
            role = own
            for _ in range(8):  # a RoleMap may chain; a cycle is cut short
                mapped = self.role_map.get(role)
                if mapped is None or str(mapped) == role:
                    break
                role = str(mapped)
            self.roles[own] = role
        return self.roles[own]

    def kids(self, node: Any) -> list[Any]:
        kids = node.get("/K")
        if kids is None:
            return []
        return list(kids) if isinstance(kids, self.pikepdf.Array) else [kids]

    def is_element(self, kid: Any) -> bool:
        return isinstance(kid, self.pikepdf.Dictionary) and "/S" in kid

    def elements(self, node: Any | None = None) -> list[Any]:
        """Every structure element below ``node`` (or the whole tree), in reading order."""
        found = []
        for kid in self.kids(self.tree if node is None else node):
            if self.is_element(kid):
                found.append(kid)
                found.extend(self.elements(kid))
        return found

    def has_content(self, element: Any) -> bool:
        return any(not self.is_element(kid) or self.has_content(kid) for kid in self.kids(element))

    def page_of(self, element: Any) -> Any | None:
        """The page of the element's first content."""
        for node in [element, *self.elements(element)]:
            if "/Pg" in node and any(not self.is_element(kid) for kid in self.kids(node)):
                return self.pages.get(node.Pg.objgen)
        return None

    def mend(self) -> None:
        """Everything this module mends, in the structure tree and the pages."""
        # A standard type mapped to itself is no mapping, and PDF/UA forbids remapping standard types.
        for key in list(self.role_map.keys()):
            if str(self.role_map[key]) == key:
                del self.role_map[key]
        everything = self.elements()  # one walk before the tree changes: it only loses elements
        for table in self.layout_tables(everything):
            self.untable(table)
        for element in everything:  # LibreOffice's frames: a /Div has no box of its own
            attributes = element.get("/A")
            for owner in attributes if isinstance(attributes, self.pikepdf.Array) else [attributes]:
                if self.role(element) == "/Div" and isinstance(owner, self.pikepdf.Dictionary):
                    for key in ("/BBox", "/Width", "/Height"):
                        if key in owner:
                            del owner[key]
        for page in self.pdf.pages:  # LibreOffice 7.4 writes the tab order as a string, (S)
            if "/Tabs" in page.obj or "/Annots" in page.obj:
                page.obj.Tabs = self.pikepdf.Name.S
        notes = [element for element in everything if self.role(element) == "/Note"]
        self.number_notes(notes, everything)
        self.tag_back_links(notes)
        self.mark_artifacts()
        # The ParentTree written again as one flat /Nums (as LibreOffice writes it): it gained entries.
        nums: list[Any] = []
        for key in sorted(self.parents):
            nums += [key, self.parents[key]]
        self.tree.ParentTree = self.pdf.make_indirect(self.pikepdf.Dictionary(Nums=self.pikepdf.Array(nums)))
        self.tree.ParentTreeNextKey = max(self.parents, default=-1) + 1

    def layout_tables(self, everything: list[Any]) -> list[Any]:
        """The tables on page 1 before the first heading (the address and information block, the
        print form's top block), without header cells: answers only start after the subject."""
        first_page = self.pdf.pages[0].obj.objgen
        found: list[Any] = []
        for element in everything:
            role = self.role(element)
            if role in HEADINGS:
                return found
            if role != "/Table" or any(self.role(cell) == "/TH" for cell in self.elements(element)):
                continue
            page = self.page_of(element)
            if page is not None and page.obj.objgen == first_page:
                found.append(element)
        return []  # no heading at all: no telling layout from answers, nothing is retagged

    def untable(self, table: Any) -> None:
        """A /Div of one /Div per cell that holds text, row by row (the reading order LibreOffice
        gave); rows and empty cells go, and so do the table's layout attributes."""
        cells: list[Any] = []
        rows = [kid for kid in self.kids(table) if self.is_element(kid)]
        while rows:
            row = rows.pop(0)
            if self.role(row) in TABLE_PARTS and self.role(row) != "/TR":  # THead, TBody, TFoot
                rows[:0] = [kid for kid in self.kids(row) if self.is_element(kid)]
                continue
            cells.extend(kid for kid in self.kids(row) if self.is_element(kid) and self.has_content(kid))
        for cell in cells:
            cell.S = self.pikepdf.Name.Div
            cell.P = table
            if "/A" in cell:
                del cell["/A"]
        table.S = self.pikepdf.Name.Div
        table.K = self.pikepdf.Array(cells)
        if "/A" in table:
            del table["/A"]

    def number_notes(self, notes: list[Any], everything: list[Any]) -> None:
        """Give every /Note a unique /ID (PDF/UA-1, 7.9), and the tree the /IDTree that finds them."""
        taken = {bytes(element.ID) for element in everything if "/ID" in element}
        number = 0
        for note in notes:
            if "/ID" in note:
                continue
            number += 1
            while f"Fussnote-{number}".encode() in taken:
                number += 1
            note.ID = self.pikepdf.String(f"Fussnote-{number}".encode())
            taken.add(bytes(note.ID))
        named = sorted(((bytes(element.ID), element) for element in everything if "/ID" in element),
                       key=lambda pair: pair[0])
        if named:
            names = self.pikepdf.Array()
            for identifier, element in named:
                names.extend([self.pikepdf.String(identifier), element])
            self.tree.IDTree = self.pdf.make_indirect(self.pikepdf.Dictionary(Names=names))

    def tag_back_links(self, notes: list[Any]) -> None:
        """Put each note's link back to its mark (LibreOffice leaves it untagged) into the note, as a
        /Link with the note's number; the notes of a page and the untagged links of that page are
        paired top down, and only where they are as many."""
        by_page: dict[Any, list[Any]] = {}
        for note in notes:
            page = self.page_of(note)
            if page is not None:
                by_page.setdefault(page.obj.objgen, []).append(note)
        for objgen, on_page in by_page.items():
            page = self.pages[objgen]
            annotations = page.obj.get("/Annots") or []
            links = [index for index, annotation in enumerate(annotations)
                     if annotation.get("/Subtype") == "/Link" and "/StructParent" not in annotation]
            if len(links) != len(on_page) or "/StructParents" not in page.obj:
                continue
            links.sort(key=lambda index: -max(float(annotations[index].Rect[1]),
                                               float(annotations[index].Rect[3])))
            for note, index in zip(on_page, links, strict=True):
                if not annotations[index].is_indirect:
                    annotations[index] = self.pdf.make_indirect(annotations[index])
                self.link_back(note, annotations[index], page)

    def link_back(self, note: Any, annotation: Any, page: Any) -> None:
        pikepdf = self.pikepdf
        paragraphs = [kid for kid in self.kids(note) if self.is_element(kid)]
        holder = paragraphs[0] if paragraphs else note
        kids = self.kids(holder)
        objr = pikepdf.Dictionary(Type=pikepdf.Name.OBJR, Obj=annotation, Pg=page.obj)
        link = self.pdf.make_indirect(pikepdf.Dictionary(
            Type=pikepdf.Name.StructElem, S=pikepdf.Name.Link, P=holder, Pg=page.obj, K=pikepdf.Array()))
        marks = self.parents.get(int(page.obj.StructParents))
        # The paragraph's first marked content is the note's number (LibreOffice marks it apart).
        if kids and isinstance(kids[0], int) and len(kids) > 1 and isinstance(marks, pikepdf.Array) \
                and "/Pg" in holder and holder.Pg.objgen == page.obj.objgen and kids[0] < len(marks) \
                and getattr(marks[kids[0]], "objgen", None) == holder.objgen:
            link.K.append(kids.pop(0))
            marks[int(link.K[0])] = link
        link.K.append(objr)
        holder.K = pikepdf.Array([link, *kids])
        key = max(self.parents, default=-1) + 1
        annotation.StructParent = key
        self.parents[key] = link

    def mark_artifacts(self) -> None:
        """The header's fold and hole marks (line shapes LibreOffice tags as figures outside the
        document, without alternative text) and whatever it paints outside marked content become
        artifacts, as decoration is in PDF/UA."""
        pikepdf = self.pikepdf
        figures: dict[Any, dict[int, Any]] = {}
        for kid in self.kids(self.tree):
            if self.is_element(kid) and self.role(kid) == "/Figure" and "/Alt" not in kid \
                    and "/ActualText" not in kid and "/Pg" in kid:
                on_page = figures.setdefault(kid.Pg.objgen, {})
                on_page.update((int(m), kid) for m in self.kids(kid) if isinstance(m, int))
        for page in self.pdf.pages:
            marks: Any = self.parents.get(int(page.obj.get("/StructParents", -1)))
            wanted = figures.get(page.obj.objgen, {}) if marks is not None else {}
            replaced, text = mark_artifacts(self.pdf, page, set(wanted))
            self.unmarked_text += text
            for mcid in replaced:
                marks[mcid] = None
                figure = wanted[mcid]
                figure.K = pikepdf.Array([kid for kid in self.kids(figure) if kid != mcid])
        gone = {figure.objgen for on_page in figures.values() for figure in on_page.values()
                if not self.kids(figure)}
        self.tree.K = pikepdf.Array([kid for kid in self.kids(self.tree)
                                     if not (self.is_element(kid) and kid.objgen in gone)])

    def shortcomings(self) -> list[str]:
        """What keeps this file from PDF/UA-1, of what a machine can tell; empty when nothing."""
        root, found = self.pdf.Root, []
        if any(key in STANDARD and str(mapped) != key for key, mapped in self.role_map.items()):
            found.append("a standard structure type is mapped to another")
        if not (root.get("/MarkInfo") or {}).get("/Marked"):
            found.append("not marked as tagged")
        if not str(root.get("/Lang", "")):
            found.append("no language")
        if not (root.get("/ViewerPreferences") or {}).get("/DisplayDocTitle"):
            found.append("the viewer is not asked to show the title")
        levels = []
        for element in self.elements():
            role = self.role(element)
            if role == "/Figure" and "/Alt" not in element and "/ActualText" not in element:
                found.append("a figure without alternative text")
            elif role == "/Note" and "/ID" not in element:
                found.append("a note without an ID")
            elif role == "/Table" and not any(self.role(c) == "/TH" for c in self.elements(element)):
                found.append("a table without header cells (a layout table?)")
            elif re.fullmatch(r"/H[1-6]", role):
                levels.append(int(role[2]))
            elif role == "/H":
                found.append("an unnumbered heading")
            elif role not in STANDARD:
                found.append(f"{role} maps to no standard structure type")
        if self.unmarked_text:
            found.append("text outside marked content")
        if any(level > before + 1 for before, level in zip([0, *levels], levels, strict=False)):
            found.append("headings skip a level")
        for page in self.pdf.pages:
            annotations = [annotation for annotation in page.obj.get("/Annots") or []
                           if annotation.get("/Subtype") != "/Popup"]
            if annotations and page.obj.get("/Tabs") != "/S":
                found.append("a page whose tab order is not the structure's")
            if any("/StructParent" not in annotation for annotation in annotations):
                found.append("an annotation outside the structure tree")
            if any(not str(annotation.get("/Contents", "")) for annotation in annotations):
                found.append("an annotation without a description")
        return found


def _numbers(node: Any) -> dict[int, Any]:
    """A number tree (the ParentTree) as a dict, however LibreOffice split it."""
    found = {}
    nums = node.get("/Nums") or []
    for index in range(0, len(nums) - 1, 2):
        found[int(nums[index])] = nums[index + 1]
    for kid in node.get("/Kids") or []:
        found.update(_numbers(kid))
    return found
