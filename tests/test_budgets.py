"""Budgets, not crashes: huge values, endless loops, deep or exploding snippets, aliases: located messages."""

from __future__ import annotations

import pytest

from .conftest import write_answer

LETTER = """\
inquiry: {{date: 2025-09-15, subject: Radwege}}
recipient: {{address: [Fraktion]}}
letter: {{date: 2025-10-06, signatory: {{name: Erika Muster}}}}
questions:
  - question: Wie viele?
    response: |
      {response}
"""


@pytest.mark.parametrize("response, message", [
    ('{{ "a" * 10**9 }}', "a text inside the braces would be longer than 200,000 characters"),
    ("{{ [1, 2] * 100000000 }}", "a text inside the braces would be longer than 200,000 characters"),
    ("{{ 9**999999999 }}", "a number inside the braces would have more than 1,000 digits"),
    ("{{ 10**500 * 10**600 }}", "a number inside the braces would have more than 1,000 digits"),
])
def test_a_huge_value_is_refused_before_it_is_made(example_workspace, cli, response, message):
    write_answer(example_workspace / "answers", "gross.yaml", LETTER.format(response=response))
    result = cli("check", "gross.yaml", cwd=example_workspace)
    assert (result.exit_code, result.stderr) == (
        1, f"answers/gross.yaml:6:15: {message}\nError: 1 problem found; 1 file with errors\n")


@pytest.mark.parametrize("response, tag", [
    ("{% for a in range(99999) %}{% for b in range(99999) %}{% endfor %}{% endfor %}", "for"),
    ("{% macro m() %}{{ m() }}{% endmacro %}{{ m() }}", "macro"),
])
def test_loops_and_macros_which_can_run_without_end_are_not_taken(example_workspace, cli, response, tag):
    write_answer(example_workspace / "answers", "schleife.yaml", LETTER.format(response=response))
    result = cli("check", "schleife.yaml", cwd=example_workspace)
    assert result.exit_code == 1
    assert result.stderr.startswith(f"answers/schleife.yaml:7:7: '{{% {tag} %}}' cannot be used in answers\n"
                                    "    hint: reuse text with {{ snippet(\"name\") }} instead\n")


def test_snippets_nested_too_deep_or_exploding_are_stopped(example_workspace, cli):
    snippets = example_workspace / "answers" / "snippets"
    for level in range(1, 40):  # a chain of 40: kette1 inserts kette2 … (a RecursionError before)
        (snippets / f"kette{level}.md").write_text(f'{{{{ snippet("kette{level + 1}") }}}}', encoding="utf-8")
    (snippets / "kette40.md").write_text("Ende.", encoding="utf-8")
    for level in range(1, 9):  # each inserts the next ten times: 10^8 copies of 100 characters
        (snippets / f"lawine{level}.md").write_text(
            " ".join([f'{{{{ snippet("lawine{level + 1}") }}}}'] * 10), encoding="utf-8")
    (snippets / "lawine9.md").write_text("x" * 100, encoding="utf-8")
    write_answer(example_workspace / "answers", "tief.yaml",
                 LETTER.format(response='{{ snippet("kette1") }}'))
    write_answer(example_workspace / "answers", "lawine.yaml",
                 LETTER.format(response='{{ snippet("lawine1") }}'))
    deep = cli("check", "tief.yaml", cwd=example_workspace)
    assert (deep.exit_code, deep.stderr) == (1, (
        "answers/tief.yaml:6:15: snippets are nested more than 12 deep: " +
        " → ".join(f"kette{level}" for level in range(1, 14)) +
        "\nError: 1 problem found; 1 file with errors\n"))
    avalanche = cli("check", "lawine.yaml", cwd=example_workspace)
    assert (avalanche.exit_code, avalanche.stderr) == (1, (
        "answers/lawine.yaml:6:15: the text would be longer than 2,000,000 characters once filled in\n"
        "Error: 1 problem found; 1 file with errors\n"))


def test_aliases_that_multiply_a_text_are_refused(example_workspace, cli, monkeypatch):
    text = "Radweg " * 20_000  # 140,000 characters, used 50 times: 7 million
    aliases = "\n".join(f"  - question: Frage {n}?\n    response: *lang" for n in range(50))
    write_answer(example_workspace / "answers", "alias.yaml", (
        "inquiry: {date: 2025-09-15, subject: Radwege}\nrecipient: {address: [Fraktion]}\n"
        "letter: {date: 2025-10-06, signatory: {name: Erika Muster}}\n"
        f"questions:\n  - question: Eins?\n    response: &lang {text}\n{aliases}\n"))
    result = cli("check", "alias.yaml", cwd=example_workspace)
    assert result.exit_code == 1
    assert "the file's texts, with each alias (*name) written out, would be longer than 5,242,880 " \
           "characters\n    hint: anchors and aliases (&name, *name) multiply text; write it out\n" \
        in result.stderr
    monkeypatch.setenv("INQUIRYGEN_LANG", "de")
    german = cli("check", "alias.yaml", cwd=example_workspace)
    assert "länger als 5.242.880 Zeichen" in german.stderr
