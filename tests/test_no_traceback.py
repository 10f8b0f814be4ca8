"""No traceback: broken phrases, deep texts, full disks, long names, closed folders, cut images."""

from __future__ import annotations

import errno
import os
import struct
from pathlib import Path

import pytest

from .conftest import write_answer
from .test_signature import png

CONFIG = """\
signatories:
  landrat: {{name: Bodo Klimpel, signature: {signature}}}
phrases:
  intro: '{intro}'
"""

LETTER = """\
inquiry: {{date: 2025-09-15, subject: Radwege}}
recipient: {{address: [Fraktion]}}
letter: {{date: 2025-10-06, signatory: landrat}}
questions:
  - question: Wie viele?
    response: |
      Drei.
      {response}
"""


def workspace(folder: Path, intro: str = "Ihre Anfrage beantworte ich wie folgt:", response: str = "",
              signature: str = "null") -> Path:
    (folder / "inquirygen.yaml").write_text(CONFIG.format(intro=intro, signature=signature),
                                            encoding="utf-8")
    write_answer(folder, "brief.yaml", LETTER.format(response=response))
    return folder


def built(folder: Path) -> list[str]:
    """The letters in out/; build's record beside a letter (.<name>.inquirygen.json) goes with it."""
    out = folder / "out"
    names = sorted(p.name for p in out.iterdir()) if out.exists() else []
    return [name for name in names if not (name.startswith(".") and name.endswith(".inquirygen.json"))]


def no_traceback(result) -> None:
    assert "Traceback" not in result.output
    assert "Error" not in result.stdout


# -- 1. a phrase or a text whose formatting fails -------------------------------------------------


@pytest.mark.parametrize("intro, message", [
    ('{{ "Siehe {0} {1}".format(inquiry.subject) }}',
     "a numbered place such as {1} in the braces has no value to fill in"),
    ('{{ "{nummer}".format(inquiry.subject) }}',
     "the place 'nummer' in the braces has no value to fill in"),
    ('{{ "%s und %s" % inquiry.subject }}', "not enough arguments for format string"),
    ("{{ inquiry.subject[99] }}", "str object has no element 99"),
    ("{{ 1 / 0 }}", "the text in the braces divides by zero"),
    ("{{ 2.0 ** 5000 }}", "a number in the braces is too large to calculate with"),
])
def test_a_phrase_that_cannot_be_filled_in_is_located(tmp_path, cli, intro, message):
    workspace(tmp_path, intro=intro)
    result = cli("build", "brief.yaml", cwd=tmp_path)
    assert result.exit_code == 1
    assert result.stderr == (f"inquirygen.yaml:4:10: the phrase 'intro' cannot be filled in: {message}\n"
                             f"    hint: the phrase is: {intro}\n"
                             "Error: 1 problem found; 1 file not built\n")
    assert built(tmp_path) == []
    no_traceback(result)


@pytest.mark.parametrize("intro, message", [
    ("Ihre Anfrage {{ }}", "Expected an expression, got 'end of print statement'"),
    ("Ihre Anfrage {{ inquiry.date }", ("a brace is missing or one too many: write {{ … }} with two on "
                                       "each side")),
    ("{{ " + "(" * 3000 + "1" + ")" * 3000 + " }}",
     ("the text in the braces is nested too deeply (at most 50 levels of brackets, conditions and "
     "calculations)")),
    ("{{ " + " + ".join(["inquiry.subject"] * 500) + " }}",
     ("the text in the braces is nested too deeply (at most 50 levels of brackets, conditions and "
     "calculations)")),
])
def test_a_phrase_that_jinja_cannot_read_is_located(tmp_path, cli, intro, message):
    workspace(tmp_path, intro=intro)
    result = cli("build", "brief.yaml", cwd=tmp_path)
    assert result.exit_code == 1
    assert result.stderr == (f"inquirygen.yaml:4:10: the phrase 'intro' is not valid: {message}\n"
                             "Error: 1 problem found\n")
    assert built(tmp_path) == []
    no_traceback(result)


@pytest.mark.parametrize("response, message", [
    ('{{ "{0} {1}".format("a") }}', ("cannot fill in the text: a numbered place such as {1} in the "
                                    "braces has no value to fill in")),
    ('{{ "{x}".format(1) }}', ("cannot fill in the text: the place 'x' in the braces has no value to "
                              "fill in")),
    ("{{ 7 // 0 }}", "cannot fill in the text: the text in the braces divides by zero"),
])
def test_a_response_that_cannot_be_filled_in_is_located(tmp_path, cli, response, message):
    workspace(tmp_path, response=response)
    result = cli("build", "brief.yaml", cwd=tmp_path)
    assert result.exit_code == 1
    assert result.stderr == f"brief.yaml:6:15: {message}\nError: 1 problem found; 1 file not built\n"
    assert built(tmp_path) == []
    no_traceback(result)


NESTED = ("the text in the braces is nested too deeply (at most 50 levels of brackets, conditions and "
          "calculations)")


@pytest.mark.parametrize("response", [
    "{{ " + "(" * 3000 + "1" + ")" * 3000 + " }}",
    "{{ " + "[" * 2000 + "]" * 2000 + " }}",
    "{{ " + "+".join(["1"] * 5000) + " }}",
    "{{ x" + ".a" * 5000 + " }}",
    "{{ " + "not " * 3000 + "1 }}",
    "{% if 1 %}" * 500 + "{% endif %}" * 500,
])
def test_a_response_nested_beyond_any_letter_is_refused(tmp_path, cli, response):
    workspace(tmp_path, response=response)
    result = cli("build", "brief.yaml", cwd=tmp_path)
    assert result.exit_code == 1
    assert result.stderr == (f"brief.yaml:8:7: template syntax: {NESTED}\n"
                             "Error: 1 problem found; 1 file not built\n")
    assert built(tmp_path) == []
    no_traceback(result)


def test_nesting_that_a_letter_may_need_is_taken(tmp_path, cli):
    workspace(tmp_path, response="{{ " + "(" * 20 + "1" + ")" * 20 + " }} {% if 1 %}" * 10
              + "{% endif %}" * 10)
    result = cli("build", "brief.yaml", cwd=tmp_path)
    assert result.exit_code == 0, result.stderr
    assert built(tmp_path) == ["brief.docx"]


def test_a_snippet_nested_too_deeply_is_located_in_the_snippet(tmp_path, cli):
    (tmp_path / "answers" / "snippets").mkdir(parents=True)
    (tmp_path / "answers" / "snippets" / "tief.md").write_text(
        "Erste Zeile\n{{ " + "(" * 3000 + "1" + ")" * 3000 + " }}\n", encoding="utf-8")
    workspace(tmp_path, response='{{ snippet("tief") }}')
    result = cli("build", "brief.yaml", cwd=tmp_path)
    assert result.exit_code == 1
    assert result.stderr.startswith(f"answers/snippets/tief.md:2: template syntax: {NESTED}\n")
    assert built(tmp_path) == []
    no_traceback(result)
    shown = cli("snippets", "show", "tief", cwd=tmp_path)
    assert shown.exit_code == 0
    assert shown.stdout == f"tief:\n\n(cannot be filled in: {NESTED})\n\nvariables: none\n"
    no_traceback(shown)


# -- 2. recursion: a recursive macro, a chain of 200 snippets, a snippet inserting itself --------


def test_a_recursive_macro_in_a_response_or_a_snippet_is_refused(tmp_path, cli):
    macro = "{% macro m() %}{{ m() }}{% endmacro %}{{ m() }}"
    (tmp_path / "answers" / "snippets").mkdir(parents=True)
    (tmp_path / "answers" / "snippets" / "endlos.md").write_text(macro + "\n", encoding="utf-8")
    workspace(tmp_path, response=macro)
    result = cli("build", "brief.yaml", cwd=tmp_path)
    assert result.exit_code == 1
    assert result.stderr == ("brief.yaml:8:7: '{% macro %}' cannot be used in answers\n"
                             "    hint: reuse text with {{ snippet(\"name\") }} instead\n"
                             "Error: 1 problem found; 1 file not built\n")
    workspace(tmp_path, response='{{ snippet("endlos") }}')
    result = cli("build", "brief.yaml", cwd=tmp_path)
    assert result.exit_code == 1
    assert result.stderr == ("answers/snippets/endlos.md:1: '{% macro %}' cannot be used in snippets\n"
                             "    hint: use {{ snippet(\"name\") }} to include another snippet\n"
                             "Error: 1 problem found; 1 file not built\n")
    assert built(tmp_path) == []
    no_traceback(result)


def test_a_chain_of_200_snippets_and_a_snippet_inserting_itself_are_stopped(tmp_path, cli):
    snippets = tmp_path / "answers" / "snippets"
    snippets.mkdir(parents=True)
    for level in range(200):
        (snippets / f"s{level}.md").write_text(f'Teil {level} {{{{ snippet("s{level + 1}") }}}}\n',
                                               encoding="utf-8")
    (snippets / "s200.md").write_text("Ende.\n", encoding="utf-8")
    (snippets / "selbst.md").write_text('Ich {{ snippet("selbst") }}\n', encoding="utf-8")
    workspace(tmp_path, response='{{ snippet("s0") }}')
    result = cli("build", "brief.yaml", cwd=tmp_path)
    assert result.exit_code == 1
    assert result.stderr == ("brief.yaml:6:15: snippets are nested more than 12 deep: "
                             + " → ".join(f"s{level}" for level in range(13))
                             + "\nError: 1 problem found; 1 file not built\n")
    workspace(tmp_path, response='{{ snippet("selbst") }}')
    result = cli("build", "brief.yaml", cwd=tmp_path)
    assert result.stderr == ("brief.yaml:6:15: snippets include each other in a cycle: selbst → selbst\n"
                             "Error: 1 problem found; 1 file not built\n")
    checked = cli("check", cwd=tmp_path)  # every snippet of the workspace, each on its own
    assert checked.exit_code == 0
    no_traceback(checked)
    assert built(tmp_path) == []


# -- 3. a full disk while the .docx is written ---------------------------------------------------


def test_a_full_disk_while_the_letter_is_written_keeps_the_letter_before(example_workspace, cli,
                                                                        monkeypatch):
    assert cli("build", "2025-09-15.yaml", cwd=example_workspace).exit_code == 0
    letter = example_workspace / "out" / "2025-09-15.docx"
    before = letter.read_bytes()
    real_fdopen = os.fdopen

    class FullDisk:
        def __init__(self, handle: int):
            self.stream = real_fdopen(handle, "wb")

        def __enter__(self):
            return self

        def __exit__(self, *_exc):
            self.stream.close()

        def write(self, data: bytes) -> int:
            self.stream.write(data[:1000])
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(os, "fdopen", lambda handle, mode="r", *args, **kwargs: FullDisk(handle))
    result = cli("build", "2025-09-15.yaml", cwd=example_workspace)
    monkeypatch.setattr(os, "fdopen", real_fdopen)
    assert result.exit_code == 3
    assert result.stderr == f"Error: cannot write out/2025-09-15.docx: {os.strerror(errno.ENOSPC)}\n"
    assert letter.read_bytes() == before
    assert sorted(p.name for p in letter.parent.iterdir()) == [".2025-09-15.inquirygen.json",
                                                               "2025-09-15.docx"]
    no_traceback(result)


# -- 4. names longer than a file system allows ----------------------------------------------------


def test_an_answer_file_name_of_300_characters_is_a_message(example_workspace, cli):
    name = "a" * 295 + ".yaml"
    for command in ("build", "check", "preview"):
        result = cli(command, name, cwd=example_workspace)
        assert result.exit_code == 2
        assert result.stderr == (f"Error: answer file '{name}' cannot exist: the name is longer than "
                                 "file systems allow\n")
        no_traceback(result)
    result = cli("build", f"answers/{name}", cwd=example_workspace)
    assert result.stderr == (f"Error: answer file 'answers/{name}' cannot exist: the name is longer "
                             "than file systems allow\n")
    assert not (example_workspace / "out").exists()


@pytest.mark.parametrize("output", ["out/" + "b" * 295 + ".docx", "out/" + "b" * 300 + "/brief.docx",
                                    "out/" + "b" * 300 + "/"])
def test_an_output_name_of_300_characters_is_refused_before_anything_is_written(example_workspace, cli,
                                                                               output):
    many = ["2025-09-22-einzelfrage.yaml"] if output.endswith("/") else []
    result = cli("build", "2025-09-15.yaml", *many, "-o", output, cwd=example_workspace)
    target = output if not output.endswith("/") else output + "2025-09-15.docx"
    assert result.exit_code == 2
    assert result.stderr == (f"Error: cannot write {target}: a name in it is 300 bytes long, longer than "
                             "file systems allow (255); nothing was written\n")
    assert not (example_workspace / "out").exists()
    no_traceback(result)


def test_a_name_that_fits_only_without_the_temporary_ending_is_written(example_workspace, cli):
    """A 250-byte letter name is allowed; its temporary file must not be longer than 255."""
    name = "ä" * 120 + "-a.yaml"  # 247 bytes: umlauts take two
    (example_workspace / "answers" / name).write_text(
        (example_workspace / "answers" / "2025-09-22-einzelfrage.yaml").read_text(encoding="utf-8"),
        encoding="utf-8")
    result = cli("build", name, cwd=example_workspace)
    assert result.exit_code == 0, result.stderr
    assert built(example_workspace) == [name.replace(".yaml", ".docx")]
    # A .yml name one byte short of the limit would give a .docx name one byte over it.
    (example_workspace / "answers" / ("c" * 251 + ".yml")).write_text("inquiry: {}\n", encoding="utf-8")
    result = cli("build", "c" * 251 + ".yml", cwd=example_workspace)
    assert result.exit_code == 2
    assert result.stderr == (f"Error: cannot write out/{'c' * 251}.docx: a name in it is 256 bytes long, "
                             "longer than file systems allow (255); nothing was written\n")


# -- 5. folders that may not be read (root may read every folder: these run as another user) -----


needs_permissions = pytest.mark.skipif(os.geteuid() == 0, reason="root may read every folder; "
                                                                  "run as another user to test this")


@needs_permissions
@pytest.mark.parametrize("folder, command, message", [
    ("answers", ["build", "2025-09-15.yaml"],
     "Error: cannot read answers/2025-09-15.yaml: no permission to open the folder answers\n"),
    ("answers", ["check"], "Error: cannot read the folder answers: permission denied\n"),
    ("answers/snippets", ["build", "2025-09-15.yaml"],
     "Error: cannot read the folder answers/snippets: permission denied\n"),
    ("answers/snippets", ["snippets", "list"],
     "Error: cannot read the folder answers/snippets: permission denied\n"),
    ("answers/snippets", ["check", "2025-09-15.yaml"],
     ("Error: cannot read answers/snippets/deeskalation-grundsatz.md: no permission to open the folder "
     "answers/snippets\n")),
    ("templates", ["build", "2025-09-15.yaml"],
     "Error: cannot read the folder templates: permission denied\n"),
    ("templates", ["check"],
     "Error: cannot read templates/answer_letter.docx: no permission to open the folder templates\n"),
    ("out", ["build", "--pdf", "2025-09-15.yaml"],
     "Error: cannot write out/2025-09-15.docx: Permission denied\n"),
])
def test_a_folder_that_may_not_be_read_is_named(example_workspace, cli, folder, command, message):
    closed = example_workspace / folder
    closed.mkdir(exist_ok=True)
    closed.chmod(0)
    try:
        result = cli(*command, cwd=example_workspace)
    finally:
        closed.chmod(0o755)
    assert result.exit_code == 3
    assert result.stderr == message
    assert built(example_workspace) == []
    no_traceback(result)


# -- 6. pictures cut short or no pictures at all ---------------------------------------------------


def jpeg(width: int = 80, height: int = 50) -> bytes:
    """A JPEG's structure: JFIF header, frame header, start of the image data, data, end marker."""
    def segment(marker: int, data: bytes) -> bytes:
        return bytes([0xFF, marker]) + struct.pack(">H", len(data) + 2) + data

    return (b"\xff\xd8" + segment(0xE0, b"JFIF\x00\x01\x02\x01\x00\x60\x00\x60\x00\x00")
            + segment(0xC0, struct.pack(">BHHB", 8, height, width, 1) + b"\x01\x11\x00")
            + segment(0xDA, b"\x01\x01\x00\x00\x3f\x00") + b"\x12\x34" * 200 + b"\xff\xd9")


CUT = ("the image '{path}' is cut short or damaged\n"
       "    hint: save or export the picture again, and copy the whole file\n")


@pytest.mark.parametrize("data, message", [
    (png(400, 100)[:-20], CUT),  # its end chunk missing
    (png(400, 100)[:60], CUT),  # cut in the image data
    (png(400, 100)[:-13] + b"\x00" * 13, CUT),  # the end chunk's checksum wrong
    (jpeg()[:-2], CUT),
    (jpeg()[:180], CUT),
    (b"Dies ist ein Text, kein Bild.\n", "'{path}' is not a PNG or JPEG image\n"),
])
@pytest.mark.parametrize("kind", ["signature", "logo"])
def test_a_picture_cut_short_or_no_picture_is_located(tmp_path, cli, data, message, kind):
    (tmp_path / "bilder").mkdir()
    (tmp_path / "bilder" / "bild.png").write_bytes(data)
    if kind == "signature":
        workspace(tmp_path, signature="bilder/bild.png")
        where = "inquirygen.yaml:2:44"
    else:
        workspace(tmp_path)
        with (tmp_path / "inquirygen.yaml").open("a", encoding="utf-8") as config:
            config.write("office:\n  logo: bilder/bild.png\n")
        where = "inquirygen.yaml:6:9"
    result = cli("build", "brief.yaml", cwd=tmp_path)
    assert result.exit_code == 1
    assert result.stderr == (f"{where}: " + message.format(path="bilder/bild.png")
                             + "Error: 1 problem found; 1 file not built\n")
    assert built(tmp_path) == []
    no_traceback(result)


@pytest.mark.parametrize("data", [png(400, 100), jpeg()], ids=["png", "jpeg"])
def test_a_whole_picture_is_taken(tmp_path, cli, data):
    (tmp_path / "bilder").mkdir()
    (tmp_path / "bilder" / "bild.png").write_bytes(data)
    workspace(tmp_path, signature="bilder/bild.png")
    result = cli("build", "brief.yaml", cwd=tmp_path)
    assert result.exit_code == 0, result.stderr
    assert built(tmp_path) == ["brief.docx"]
