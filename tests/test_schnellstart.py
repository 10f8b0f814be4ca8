"""The German quick start (docs/schnellstart.md) step by step: each output it shows is what is printed."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from .conftest import ROOT, soffice_or_skip
from .docx_text import letter_text

GUIDE = ROOT / "docs" / "schnellstart.md"
ANSWER = "answers/2026-03-14.yaml"

# The five mistakes: what changes in the answer file, the command that shows it, its exit code.
MISTAKES = {
    "fehler-1": (("    - Rathausplatz 1", "     - Rathausplatz 1"), ("check", "2026-03-14.yaml"), 1),
    "fehler-2": (("  subject: Zustand der Radwege im Kreis", "  subject: Radwege: Zustand im Kreis"),
                 ("check", "2026-03-14.yaml"), 1),
    "fehler-3": (("          Der Radweg an der K 3 (4,1 km) wird mit Mitteln des Landes saniert.", ""),
                 ("build", "2026-03-14.yaml"), 0),
    "fehler-4": (("insgesamt **1,2 Mio. Euro**", "insgesamt **XXX Euro**"),
                 ("check", "--final", "2026-03-14.yaml"), 1),
    "fehler-5": (("  salutation: Frau Beispiel", "  salutation: Frau Beispiel,"),
                 ("check", "2026-03-14.yaml"), 0),
}


def blocks_after(marker: str, count: int) -> list[str]:
    """The contents of the ``count`` fenced blocks that follow ``<!-- schnellstart: marker -->``."""
    text = GUIDE.read_text(encoding="utf-8")
    start = text.index(f"<!-- schnellstart: {marker} -->")
    blocks = re.findall(r"^```[a-z]*\n(.*?)^```$", text[start:], re.DOTALL | re.MULTILINE)
    return blocks[:count]


@pytest.fixture
def desk(tmp_path: Path, cli, monkeypatch) -> Path:
    """A clerk's first workspace, the inquiry read in and answered as the guide shows (in German)."""
    monkeypatch.setenv("INQUIRYGEN_LANG", "de")
    assert cli("init", "anfragen", cwd=tmp_path).exit_code == 0
    workspace = tmp_path / "anfragen"
    (workspace / "anfrage.txt").write_text(blocks_after("anfrage", 1)[0], encoding="utf-8")
    started = cli("new", "anfrage.txt", cwd=workspace)
    assert started.exit_code == 0
    assert started.output == blocks_after("new", 1)[0]
    written = (workspace / ANSWER).read_text(encoding="utf-8")
    assert "  - question: Welche Radwege sollen 2026 saniert werden?\n    parts:\n" in written
    (workspace / ANSWER).write_text(blocks_after("antwortdatei", 1)[0], encoding="utf-8")
    return workspace


def test_the_answered_inquiry_checks_clean(desk, cli):
    result = cli("check", "2026-03-14.yaml", cwd=desk)
    assert (result.exit_code, result.output) == (0, blocks_after("check", 1)[0])


def test_the_letter_and_its_pdf_are_built(desk, cli):
    soffice_or_skip()
    result = cli("build", "--pdf", "2026-03-14.yaml", cwd=desk)
    assert (result.exit_code, result.output) == (0, blocks_after("build", 1)[0])
    lines = letter_text(desk / "out" / "2026-03-14.docx")
    assert "Sehr geehrte Frau Beispiel," in lines
    assert "Die Kosten betragen insgesamt 1,2 Mio. Euro. Zur Länge der Radwege siehe 1." in lines
    assert (desk / "out" / "2026-03-14.pdf").read_bytes().startswith(b"%PDF")


@pytest.mark.parametrize("mistake", sorted(MISTAKES))
def test_each_common_mistake_gets_the_message_the_guide_shows(desk, cli, mistake):
    (old, new), command, exit_code = MISTAKES[mistake]
    path = desk / ANSWER
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    shown, output = blocks_after(mistake, 2)
    assert shown in path.read_text(encoding="utf-8"), "the guide shows the mistake as made here"
    result = cli(*command, cwd=desk)
    assert (result.exit_code, result.output) == (exit_code, output)
    if mistake == "fehler-3":
        assert "ENTWURF – Diese Frage ist noch nicht beantwortet." in \
            letter_text(desk / "out" / "2026-03-14.docx")


def test_a_placeholder_meant_so_is_let_through_as_the_guide_says(desk, cli):
    path = desk / ANSWER
    text = path.read_text(encoding="utf-8").replace("insgesamt **1,2 Mio. Euro**", "insgesamt **XXX Euro**")
    marked = blocks_after("absichtlich", 1)[0].rstrip("\n")
    assert marked.endswith("# inquirygen: ok")
    lines = text.split("\n")
    at = max(i for i, line in enumerate(lines[:lines.index("      Die Kosten betragen insgesamt **XXX "
                                                           "Euro**. Zur Länge der")])
             if line == "    response: |")
    lines[at] = marked
    path.write_text("\n".join(lines), encoding="utf-8")
    result = cli("check", "--final", "2026-03-14.yaml", cwd=desk)
    assert (result.exit_code, result.output) == (0, "1 Datei geprüft, keine Fehler\n")
