"""docxtpl's clean-up of Word's XML around the tags (``DocxTemplate.patch_xml``), without python-docx.

Word splits ``{{ name }}`` over runs and quotes it typographically; docxtpl's ``patch_xml`` puts it
together again, with regular expressions alone. But docxtpl's module imports python-docx, which
costs the first build of a template a fifth of its time, so the method is compiled alone from
docxtpl's own source: the very code of the installed docxtpl, whatever its version, where it reads
nothing but ``re`` from outside itself. A docxtpl whose method needs more is imported as usual.
"""

from __future__ import annotations

import ast
import builtins
import importlib.util
import re
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path
from typing import Any


@lru_cache(maxsize=1)
def patch_xml() -> Callable[[str], str]:
    """``xml`` with every tag whole again, as docxtpl's ``DocxTemplate.patch_xml`` makes it."""
    alone = _method_alone()
    if alone is not None:
        return lambda xml: str(alone(None, xml))
    from docxtpl.template import DocxTemplate

    # patch_xml only needs the regular expressions of the class, not a loaded document.
    return lambda xml: str(DocxTemplate.patch_xml(DocxTemplate.__new__(DocxTemplate), xml))


def _method_alone() -> Callable[[Any, str], Any] | None:
    """``DocxTemplate.patch_xml`` compiled from docxtpl's source on its own, if it needs only ``re``."""
    try:
        spec = importlib.util.find_spec("docxtpl")
        folders = spec.submodule_search_locations if spec is not None else None
        source = Path(next(iter(folders or ()))) / "template.py"
        tree = ast.parse(source.read_text(encoding="utf-8"), str(source))
    except (ImportError, StopIteration, OSError, SyntaxError, ValueError):
        return None
    method = next((item for node in tree.body if isinstance(node, ast.ClassDef)
                   and node.name == "DocxTemplate" for item in node.body
                   if isinstance(item, ast.FunctionDef) and item.name == "patch_xml"), None)
    if method is None or method.decorator_list or not _needs_only_re(method):
        return None
    namespace: dict[str, Any] = {"re": re}
    exec(compile(ast.Module(body=[method], type_ignores=[]), str(source), "exec"), namespace)
    function: Callable[[Any, str], Any] = namespace["patch_xml"]
    return function


def _needs_only_re(method: ast.FunctionDef) -> bool:
    """Whether the method reads no name from outside itself but ``re`` and builtins, and not ``self``."""
    nodes = list(ast.walk(method))
    if any(isinstance(node, (ast.Global, ast.Nonlocal, ast.ClassDef)) for node in nodes):
        return False
    given = {argument.arg for node in nodes if isinstance(node, (ast.FunctionDef, ast.Lambda))
             for argument in (*node.args.posonlyargs, *node.args.args, *node.args.kwonlyargs,
                              *filter(None, (node.args.vararg, node.args.kwarg)))}
    given |= {node.name for node in nodes if isinstance(node, ast.FunctionDef)}
    given |= {node.id for node in nodes if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store)}
    read = {node.id for node in nodes if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Load)}
    outside = read - (given - {"self"}) - (set(dir(builtins)) - {"super", "__class__"})
    return outside <= {"re"}
