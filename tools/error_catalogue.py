"""Write docs/errors.md: every message inquirygen can give, read from its source, with its hint.

Run ``python tools/error_catalogue.py`` after changing a message; ``tests/test_error_catalogue.py``
fails while the catalogue and the code disagree, so the catalogue cannot drift.
"""

from __future__ import annotations

import ast
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TARGET = ROOT / "docs" / "errors.md"
# The stages of the pipeline in order: a module, or a folder and every module below it. A module
# in no stage is listed under its own path, so that no message is ever left out.
STAGES = {
    "yamlfile.py": "Reading YAML", "yamlerrors.py": "Reading YAML",
    "loader.py": "The answer-file schema", "schema.py": "Values",
    "workspace.py": "The workspace (inquirygen.yaml)", "phrases.py": "Standard phrases",
    "resolve/": "Answers, references, snippets", "snippets.py": "Snippets",
    "letter.py": "The letter", "build.py": "Building and writing",
    "writers/docx/checks.py": "Checking templates", "writers/": "Word templates",
    "scaffold.py": "init, new, snippets new and extract", "pdf.py": "PDF/A (LibreOffice)",
    "accessible.py": "PDF/UA (accessibility)",
    "archive/": "The archive", "cli/": "The command line",
    "preview.py": "Preview", "checks.py": "Checking a workspace", "errors.py": "General",
}


def stage_modules() -> list[tuple[str, str, list[Path]]]:
    """(stage, shown path, modules) in pipeline order; each module in the first stage that holds it."""
    package = ROOT / "inquirygen"
    remaining = sorted(package.rglob("*.py"))
    result = []
    for relative, stage in STAGES.items():
        prefix = package / relative
        taken = [path for path in remaining
                 if path == prefix or (relative.endswith("/") and path.is_relative_to(prefix))]
        remaining = [path for path in remaining if path not in taken]
        if taken:
            result.append((stage, f"inquirygen/{relative}", taken))
    result += [(path.stem, str(path.relative_to(ROOT)), [path]) for path in remaining]
    return result


# Calls whose arguments are a message (and maybe a hint): name → (message index, hint index).
MESSAGE_CALLS = {"Problem": (3, 4), "error": (1, 2), "error_in_text": (4, 5), "problem": (1, None),
                 "report": (0, 1), "PydanticCustomError": (1, None), "_problem": (1, 2)}


def template(node: ast.AST) -> str | None:
    """A message as a reader sees it: literal text, and {name} where a value is filled in."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr):
        parts = []
        for value in node.values:
            if isinstance(value, ast.Constant):
                parts.append(str(value.value))
            else:
                inner = value.value
                simple = isinstance(inner, (ast.Name, ast.Attribute, ast.Subscript))
                parts.append("{" + ast.unparse(inner) + "}" if simple else "…")
        return "".join(parts)
    if isinstance(node, ast.Call):  # _("…"), ngettext("…", "…", n), and either one's .format(…)
        func = node.func
        if isinstance(func, ast.Attribute) and func.attr == "format":
            return template(func.value)
        if isinstance(func, ast.Name) and func.id in ("_", "N_", "ngettext") and node.args:
            return template(node.args[1] if func.id == "ngettext" else node.args[0])
        return None
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        left, right = template(node.left), template(node.right)
        return (left or "…") + (right or "…")
    return None


def _argument(call: ast.Call, index: int | None, keyword: str) -> ast.AST | None:
    for item in call.keywords:
        if item.arg == keyword:
            return item.value
    if index is not None and index < len(call.args):
        return call.args[index]
    return None


def messages(path: Path) -> list[tuple[str, str]]:
    """(message, hint) pairs of one module."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: list[tuple[str, str]] = []
    raised = {id(node.exc) for node in ast.walk(tree) if isinstance(node, ast.Raise) and node.exc}
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            name = node.func.attr if isinstance(node.func, ast.Attribute) else \
                node.func.id if isinstance(node.func, ast.Name) else ""
            if name in MESSAGE_CALLS:
                message_index, hint_index = MESSAGE_CALLS[name]
                message = _argument(node, message_index, "message")
                hint = _argument(node, hint_index, "hint")
            elif id(node) in raised and name.endswith(("Error", "Found")) and name != "AssertionError":
                message, hint = (node.args[0] if node.args else None), None
            else:
                continue
            text = template(message) if message is not None else None
            if text and not text.startswith("…"):
                found.append((text, (template(hint) or "") if hint is not None else ""))
        elif isinstance(node, ast.Assign) and any(isinstance(t, ast.Name) and t.id == "message"
                                                  for t in node.targets):
            text = template(node.value)
            if text:
                found.append((text, ""))
        elif isinstance(node, ast.Dict) and path.name == "yamlerrors.py":  # its syntax hints
            for value in node.values:
                if isinstance(value, ast.Tuple) and len(value.elts) == 2:
                    pair = [template(element) for element in value.elts]
                    if pair[0] and pair[1]:
                        found.append((pair[0], pair[1]))
    return found


def catalogue() -> str:
    lines = [
        "# Every message inquirygen gives",
        "",
        "Generated by `python tools/error_catalogue.py` from the source; a test fails when it is out",
        "of date. Messages about a file read `file:line:column: message`, with the hint on the next",
        "line; `{name}` stands for what is filled in. Exit codes: 1 for problems in your files, 2 for",
        "wrong use of the command, 3 when the environment failed (disk, permissions, LibreOffice).",
        "",
    ]
    for stage, shown, modules in stage_modules():
        entries = sorted({entry for path in modules for entry in messages(path)})
        if not entries:
            continue
        lines += [f"## {stage} (`{shown}`)", "", "| message | what to do |", "|---|---|"]
        for message, hint in entries:
            cell = message.replace("|", "\\|").replace("\n", " ")
            lines.append(f"| {cell} | {hint.replace('|', chr(92) + '|') or '(the message says it)'} |")
        lines.append("")
    return "\n".join(lines)


def main() -> int:
    TARGET.parent.mkdir(exist_ok=True)
    TARGET.write_text(catalogue(), encoding="utf-8")
    print(f"wrote {TARGET.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
