"""The built example reproduces the seed letter word for word, and matches its golden text file.

Regenerate the golden files after an intended change with:
    INQUIRYGEN_REGENERATE_GOLDEN=1 python -m pytest tests/test_golden.py
"""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import pytest

from .conftest import ROOT, SEED
from .docx_text import letter_lines, letter_text, page_frame_lines

GOLDEN = ROOT / "tests" / "golden"


def seed_lines() -> list[str]:
    lines = []
    for line in SEED.read_text(encoding="utf-8").splitlines():
        text = " ".join(line.replace("**", "").split())
        # The seed's last paragraph describes the handwritten signature image, which is not text.
        if text and not text.startswith("A handwritten signature"):
            lines.append(text)
    return lines


@pytest.fixture
def built_example(example_workspace, cli):
    result = cli("build", "2025-09-15.yaml", cwd=example_workspace)
    assert result.exit_code == 0, result.stderr
    return example_workspace / "out" / "2025-09-15.docx"


@pytest.mark.skipif(not SEED.is_file(), reason="the seed letter lives in ../shared")
def test_example_reproduces_the_seed_letter_word_for_word(built_example):
    assert letter_text(built_example) == seed_lines()


# The example workspaces: the repository's own (a Kreis) and one per office under examples/.
WORKSPACES = {"": ROOT, **{path.name: path for path in sorted((ROOT / "examples").glob("*"))
                           if (path / "inquirygen.yaml").is_file()}}
EXAMPLES = [(space, path.stem) for space, folder in WORKSPACES.items()
            for path in sorted((folder / "answers").glob("*.yaml"))]


def copy_workspace(space: str, target: Path) -> Path:
    """A copy of an example workspace, safe to build in."""
    source = WORKSPACES[space]
    target.mkdir()
    shutil.copy(source / "inquirygen.yaml", target)
    for folder in ("answers", "templates", "signatures", "images"):
        if (source / folder).is_dir():
            shutil.copytree(source / folder, target / folder)
    return target


@pytest.mark.parametrize(("space", "name"), EXAMPLES, ids=[f"{s}/{n}" if s else n for s, n in EXAMPLES])
def test_each_example_matches_its_golden_text_with_styles(tmp_path, cli, space, name):
    """The whole frame (letterhead, address, information block, headers and footers), numbers,
    joint sentences, table cells, footnotes and signature lines, each in its style."""
    workspace = copy_workspace(space, tmp_path / "example")
    result = cli("build", f"{name}.yaml", cwd=workspace)
    assert result.exit_code == 0, result.stderr
    built = workspace / "out" / f"{name}.docx"
    lines = letter_lines(built) + page_frame_lines(built)
    actual = "".join(f"[{line.style}] {line.text}\n" for line in lines)
    golden = GOLDEN / space / f"{name}.txt"
    if os.environ.get("INQUIRYGEN_REGENERATE_GOLDEN"):
        golden.parent.mkdir(exist_ok=True)
        golden.write_text(actual, encoding="utf-8")
    assert actual == golden.read_text(encoding="utf-8")


def test_subject_block_is_bold_by_its_style_and_questions_are_set_apart(built_example):
    lines = letter_lines(built_example)
    subject = [line for line in lines if line.text.startswith("Ihre Anfrage vom 15.09.2025") and
               line.style == "Betreff"]
    assert len(subject) == 1
    questions = [line.text for line in lines if line.style == "Frage"]
    assert [re.match(r"\d+\.", q).group() for q in questions] == ["1.", "2.", "3."]
    assert all("\t" in q for q in questions)
