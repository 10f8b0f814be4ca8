"""The layout keeps its promises: stages only look back, writers read only the letter, modules stay small."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from .conftest import ROOT

PACKAGE = ROOT / "inquirygen"


def module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imported_modules(path: Path) -> set[str]:
    """Every inquirygen module ``path`` imports, at the top or inside a function, resolved."""
    name = module_name(path)
    package = name if path.name == "__init__.py" else name.rsplit(".", 1)[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                target = ".".join([*base, node.module] if node.module else base)
            else:
                target = node.module or ""
            found.add(target)
            found.update(f"{target}.{alias.name}" for alias in node.names)
    return {module for module in found if module.startswith("inquirygen")}


MODULES = {module_name(path): path for path in sorted(PACKAGE.rglob("*.py"))}

# (module or package, what it must never import): each stage only looks back.
FORBIDDEN = [
    ("inquirygen.model", ("inquirygen.resolve", "inquirygen.letter", "inquirygen.writers",
                          "inquirygen.build", "inquirygen.cli", "inquirygen.markup")),
    ("inquirygen.resolve.validate", ("inquirygen.resolve.fill", "inquirygen.resolve.answers",
                                     "inquirygen.resolve.resolver")),
    ("inquirygen.resolve.fill", ("inquirygen.resolve.answers", "inquirygen.resolve.resolver")),
    ("inquirygen.resolve", ("inquirygen.letter", "inquirygen.writers", "inquirygen.build",
                            "inquirygen.archive", "inquirygen.cli")),
    ("inquirygen.letter", ("inquirygen.resolve", "inquirygen.writers", "inquirygen.build",
                           "inquirygen.archive", "inquirygen.cli", "inquirygen.loader")),
    ("inquirygen.writers", ("inquirygen.resolve", "inquirygen.build", "inquirygen.archive",
                            "inquirygen.cli", "inquirygen.loader", "inquirygen.workspace")),
    ("inquirygen.archive", ("inquirygen.cli",)),
    ("inquirygen.workflow", ("inquirygen.cli",)),
]


@pytest.mark.parametrize(("owner", "forbidden"), FORBIDDEN, ids=[owner for owner, _ in FORBIDDEN])
def test_stages_only_look_back(owner, forbidden):
    owned = {name: path for name, path in MODULES.items()
             if name == owner or name.startswith(owner + ".")}
    assert owned, owner
    for name, path in owned.items():
        for imported in imported_modules(path):
            bad = [f for f in forbidden if imported == f or imported.startswith(f + ".")]
            assert not bad, f"{name} imports {imported}"


def test_modules_stay_readable():
    for name, path in MODULES.items():
        lines = len(path.read_text(encoding="utf-8").splitlines())
        limit = 300 if name.startswith("inquirygen.cli") else 400
        assert lines <= limit, f"{name} has {lines} lines (at most {limit})"


def test_exceptions_are_defined_in_one_module():
    for name, path in MODULES.items():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.ClassDef) and node.name.endswith("Error") \
                    and name != "inquirygen.errors":
                pytest.fail(f"{name} defines {node.name}; errors live in inquirygen/errors.py")


def test_no_module_keeps_mutable_state_at_module_level():
    """Caches live in objects that are passed (a template library, a snippet library), not globals."""
    for name, path in MODULES.items():
        for node in ast.parse(path.read_text(encoding="utf-8")).body:
            if isinstance(node, ast.Global) or (
                    isinstance(node, (ast.Assign, ast.AnnAssign))
                    and isinstance(node.value, (ast.Dict, ast.List, ast.Set))
                    and not all(_constant_name(t) for t in
                                (node.targets if isinstance(node, ast.Assign) else [node.target]))):
                pytest.fail(f"{name}:{node.lineno} keeps mutable state at module level")
            for inner in ast.walk(node):
                if isinstance(inner, ast.Global):
                    pytest.fail(f"{name}:{inner.lineno} rebinds a module global")


def _constant_name(target: ast.expr) -> bool:
    """UPPER_CASE constants (tables never changed) and ``__all__`` are not state."""
    return isinstance(target, ast.Name) and (target.id.isupper() or target.id.startswith("__"))
