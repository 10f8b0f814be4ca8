"""Page content made artifacts for PDF/UA: what LibreOffice paints outside marked content, and marks.

PDF/UA-1 (7.1) wants every painted thing either tagged or marked as an artifact. LibreOffice 7.4 paints
some lines (paragraph and table borders in headers and footers) outside any marked content, and tags
the header's fold and hole marks as figures without alternative text; both are decoration.
"""

from __future__ import annotations

from typing import Any

PATH_START = frozenset({"m", "re"})
PATH_END = frozenset({"S", "s", "f", "F", "f*", "B", "B*", "b", "b*", "n"})
PAINTED = frozenset({"Do", "sh", "BI"})  # each a whole graphics object in one operator
TEXT_SHOWING = frozenset({"Tj", "TJ", "'", '"'})


def mark_artifacts(pdf: Any, page: Any, figures: set[int]) -> tuple[set[int], int]:
    """Make the marked content ``figures`` (MCIDs) of ``page`` artifacts, and every path, picture and
    shading it paints outside marked content; the content stream is rewritten only where something
    changed. Returns the MCIDs made artifacts and how many text operators stay outside (text is not
    wrapped: a text object can hold tagged content too)."""
    import pikepdf

    artifact = pikepdf.ContentStreamInstruction([pikepdf.Name.Artifact], pikepdf.Operator("BMC"))
    end = pikepdf.ContentStreamInstruction([], pikepdf.Operator("EMC"))
    result: list[Any] = []
    replaced: set[int] = set()
    unmarked_text = depth = 0
    changed = in_path = False  # inside a path begun outside marked content, so inside an added artifact
    for instruction in pikepdf.parse_content_stream(page):
        inline = isinstance(instruction, pikepdf.ContentStreamInlineImage)
        operator = "BI" if inline else str(instruction.operator)
        if operator == "BDC" and figures:
            properties = instruction.operands[-1]
            mcid = properties.get("/MCID", -1) if isinstance(properties, pikepdf.Dictionary) else -1
            if int(mcid) in figures:
                replaced.add(int(mcid))
                instruction = artifact
        if depth == 0 and not in_path and (operator in PATH_START or operator in PAINTED):
            changed = True
            result.append(artifact)
            in_path = operator in PATH_START
            if not in_path:
                result += [instruction, end]
                continue
        result.append(instruction)
        if operator in ("BMC", "BDC"):
            depth += 1
        elif operator == "EMC":
            depth = max(depth - 1, 0)
        elif in_path and operator in PATH_END:
            result.append(end)
            in_path = False
        elif depth == 0 and operator in TEXT_SHOWING:
            unmarked_text += 1
    if in_path:  # a path never painted: close the artifact all the same
        result.append(end)
    if replaced or changed:
        page.obj.Contents = pdf.make_stream(pikepdf.unparse_content_stream(result))
    return replaced, unmarked_text
