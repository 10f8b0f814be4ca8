"""Mutated answer files and snippets: every run ends in success or located errors, never a traceback."""

from __future__ import annotations

import random
import re
import zipfile

import pytest
from click.testing import CliRunner

from inquirygen.cli import main

LOCATED = re.compile(r"^\S[^:]*(:\d+(:\d+)?)?: ")


def mutations(text: str, rng: random.Random) -> list[tuple[str, bytes]]:
    """A handful of the ways files get broken, each applied to ``text``."""
    lines = text.split("\n")
    data = text.encode("utf-8")
    picked = rng.randrange(len(lines))
    position = rng.randrange(len(data))
    shuffled = lines[:]
    rng.shuffle(shuffled)
    return [
        ("flipped byte", data[:position] + bytes([data[position] ^ (1 << rng.randrange(8))]) +
         data[position + 1:]),
        ("random byte", data[:position] + bytes([rng.randrange(256)]) + data[position:]),
        ("deleted line", "\n".join(lines[:picked] + lines[picked + 1:]).encode()),
        ("duplicated line", "\n".join(lines[:picked + 1] + lines[picked:]).encode()),
        ("indented line", "\n".join(lines[:picked] + ["   " + lines[picked]] +
                                    lines[picked + 1:]).encode()),
        ("dedented line", "\n".join(lines[:picked] + [lines[picked].lstrip()] +
                                    lines[picked + 1:]).encode()),
        ("tab indentation", "\n".join(lines[:picked] + [lines[picked].replace("  ", "\t", 1)] +
                                      lines[picked + 1:]).encode()),
        ("renamed key", re.sub(r"^(\s*-?\s*)(\w+):", lambda m: m.group(1) + m.group(2)[::-1] + ":",
                               text, count=1 + rng.randrange(3), flags=re.MULTILINE).encode()),
        ("value became a list", re.sub(r": ([^|>\n][^\n]*)$", r": [\1, x]", text, count=1,
                                       flags=re.MULTILINE).encode()),
        ("value became a mapping", re.sub(r": ([^|>\n][^\n]*)$", r": {a: \1}", text, count=1,
                                          flags=re.MULTILINE).encode()),
        ("truncated", data[:position]),
        ("latin-1", text.encode("latin-1", errors="replace")),
        ("utf-16", text.encode("utf-16")),
        ("BOM", b"\xef\xbb\xbf" + data),
        ("CRLF", text.replace("\n", "\r\n").encode()),
        ("shuffled lines", "\n".join(shuffled).encode()),
        ("empty", b""),
        ("control character", data[:position] + b"\x07" + data[position:]),
    ]


@pytest.mark.parametrize("seed", range(6))
def test_mutated_files_end_in_success_or_located_errors(example_workspace, monkeypatch, seed):
    monkeypatch.chdir(example_workspace)
    rng = random.Random(seed)
    originals = sorted((example_workspace / "answers").glob("*.yaml"))
    snippet = example_workspace / "answers" / "snippets" / "deeskalation-grundsatz.md"
    snippet_text = snippet.read_text(encoding="utf-8")
    answer = rng.choice(originals)
    answer_text = answer.read_text(encoding="utf-8")
    runner = CliRunner()
    cases = [(answer, name, data) for name, data in mutations(answer_text, rng)] + \
        [(snippet, name, data) for name, data in mutations(snippet_text, rng)]
    for target, name, data in cases:
        target.write_bytes(data)
        for command in (["check", answer.name], ["build", answer.name, "-o", "fuzz.docx"]):
            result = runner.invoke(main, command, prog_name="inquirygen")
            context = f"{name} of {target.name}: {command[0]}"
            assert result.exception is None or isinstance(result.exception, SystemExit), \
                (context, result.exception)
            assert result.exit_code in (0, 1), (context, result.exit_code, result.output)
            if result.exit_code == 1:
                problems = [line for line in result.stderr.splitlines()
                            if not line.startswith(("    hint:", "Error:"))]
                assert problems, context
                assert all(LOCATED.match(line) for line in problems), (context, problems)
            built = example_workspace / "fuzz.docx"
            if built.exists():  # from this run or an earlier one: never half a file
                with zipfile.ZipFile(built) as archive:
                    assert archive.testzip() is None, context
        target.write_text(answer_text if target == answer else snippet_text, encoding="utf-8")
    assert not list(example_workspace.glob(".fuzz.docx.*"))
