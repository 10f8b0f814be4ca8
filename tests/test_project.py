"""The project keeps its promises about itself: README commands, CI, module docstrings, entry points."""

from __future__ import annotations

import ast
import subprocess
import sys
import tomllib

from .conftest import ROOT


def readme_commands() -> list[str]:
    lines = (ROOT / "README.md").read_text(encoding="utf-8").splitlines()[:10]
    return [line.strip() for line in lines if line.startswith("    ")]


def test_readme_opens_with_the_run_and_the_test_command():
    run, test = readme_commands()[:2]
    assert run.endswith("inquirygen build 2025-09-15.yaml")
    assert test.endswith("python -m pytest")


def test_ci_runs_the_readme_test_command_word_for_word():
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert readme_commands()[1] in ci.splitlines()


def test_every_module_opens_with_a_one_line_docstring():
    for path in sorted((ROOT / "inquirygen").rglob("*.py")) + sorted((ROOT / "tests").glob("*.py")):
        docstring = ast.get_docstring(ast.parse(path.read_text(encoding="utf-8")))
        assert docstring, f"{path.relative_to(ROOT)} has no module docstring"
        assert docstring.splitlines()[0].endswith("."), path


def test_library_modules_never_import_click():
    for path in (ROOT / "inquirygen").rglob("*.py"):
        if path.relative_to(ROOT / "inquirygen").parts[0] == "cli":  # the one place that may
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else \
                [node.module or ""] if isinstance(node, ast.ImportFrom) else []
            assert not any(n.split(".")[0] == "click" for n in names), path


def test_console_script_and_module_entry_point():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert project["project"]["scripts"] == {"inquirygen": "inquirygen.cli:main"}
    result = subprocess.run([sys.executable, "-m", "inquirygen", "--version"],
                            capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "inquirygen, version 0.1.0"


def test_help_does_not_load_the_heavy_modules():
    code = ("import sys, inquirygen.cli; "
            "print(sorted(m for m in ('pydantic', 'docx', 'docxtpl', 'markdown_it', 'lxml', 'pikepdf') "
            "if m in sys.modules))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"
