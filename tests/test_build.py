"""The build pipeline end to end: snippets, references, information block, batches, the sandbox."""

from __future__ import annotations

import io

import pytest

from inquirygen.build import resolve_files
from inquirygen.letter import build_letter
from inquirygen.workspace import Workspace
from inquirygen.writers.text import letter_text as plain_text

from .conftest import write_answer
from .docx_text import letter_lines, letter_text


def test_valid_file_resolves_snippets_references_and_german_dates(cli, data_workspace):
    result = cli("build", "valid.yaml", cwd=data_workspace)
    assert result.exit_code == 0, result.stderr
    lines = letter_text(data_workspace / "out" / "valid.docx")
    assert "Ihre Anfrage vom 15.09.2025" in lines  # written 15.09.2025 in the file
    assert "06.10.2025" in lines  # written 2025-10-06
    assert "Es gibt 120 km Radwege. Die Frist beträgt 14 Tage." in lines  # snippet default "Tage"
    assert "Siehe 1. Außerdem:" in lines
    assert lines[-4:] == ["Mit freundlichen Grüßen", "In Vertretung", "Erika Muster",
                          "Kreisdirektorin"]
    assert "Sehr geehrter Herr Beispiel," in lines


def test_information_block_shows_file_reference_and_contact(tmp_path, cli):
    write_answer(tmp_path, "kontakt.yaml", """\
inquiry: {date: 2025-09-15, subject: Radwege}
recipient: {address: [Fraktion]}
letter:
  date: 2025-10-06
  signatory: {name: Erika Muster}
  file_ref: 32.1-2025/17
  contact: {name: Herr Beispiel, phone: 02361 53-0, email: beispiel@kreis-re.de, room: C 1.23}
questions:
  - question: Wie viele?
    response: Drei.
""")
    assert cli("build", "kontakt.yaml", cwd=tmp_path).exit_code == 0
    block = [(line.style, line.text) for line in letter_lines(tmp_path / "out" / "kontakt.docx")
             if line.style.startswith("Infoblock")]
    assert block == [
        ("Infoblock", "Aktenzeichen: 32.1-2025/17"),
        ("Infoblock", "Auskunft: Herr Beispiel"),
        ("Infoblock", "Zimmer: C 1.23"),
        ("Infoblock", "Telefon: 02361 53-0"),
        ("Infoblock", "E-Mail: beispiel@kreis-re.de"),
        ("Infoblock Datum", "06.10.2025"),
    ]


@pytest.mark.parametrize("expression, message", [
    ("{{ ref.__globals__ }}", "the text tries to reach inside the program"),
    ("{{ snippet.__class__.__mro__ }}", "the text tries to reach inside the program"),
    ("{{ cycler.__init__.__globals__.os }}", "unknown name 'cycler' in the response"),
    ("{{ lipsum() }}", "unknown name 'lipsum' in the response"),
    ("{{ config }}", "unknown name 'config' in the response"),
    ("{% for x in range(10) %}x{% endfor %}", "unknown name 'range' in the response"),
])
def test_jinja_in_answers_cannot_reach_python(tmp_path, cli, expression, message):
    write_answer(tmp_path, "angriff.yaml", f"""\
inquiry: {{date: 2025-09-15, subject: Radwege}}
recipient: {{address: [Fraktion]}}
letter: {{date: 2025-10-06, signatory: {{name: Erika Muster}}}}
questions:
  - question: Wie viele?
    response: |
      Antwort {expression}
""")
    result = cli("build", "angriff.yaml", cwd=tmp_path)
    assert result.exit_code == 1
    assert result.stderr.startswith("angriff.yaml:")
    assert message in result.stderr
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "out").exists()


def test_batch_with_output_folder(cli, data_workspace):
    (data_workspace / "zweite.yaml").write_text(
        (data_workspace / "valid.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    result = cli("build", "valid.yaml", "zweite.yaml", "-o", "versand", cwd=data_workspace)
    assert result.exit_code == 0, result.stderr
    assert result.stdout == "wrote versand/valid.docx\nwrote versand/zweite.docx\n"
    assert (data_workspace / "versand" / "valid.docx").read_bytes() == \
        (data_workspace / "versand" / "zweite.docx").read_bytes()


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_count_appears_only_after_a_moment_on_a_terminal_and_clears_for_each_line(monkeypatch):
    from inquirygen.cli import progress as shown

    clock = iter([0.0, 0.2, 1.5, 1.6])
    monkeypatch.setattr(shown.time, "monotonic", lambda: next(clock))
    terminal = Terminal()
    with shown.Progress(4, terminal) as progress:
        progress.advance()  # 0.2 s: nothing yet
        assert terminal.getvalue() == ""
        progress.advance()  # 1.5 s: the count appears, already at 2 of 4
        assert terminal.getvalue() == "2 of 4 letters built"
        progress.clear()  # before a line of the batch: the count is blanked out
        terminal.write("wrote out/c.docx\n")
        progress.advance()
        progress.advance()  # the last one: the run's own lines follow, no count is drawn
    blank = "\r" + " " * len("2 of 4 letters built") + "\r"
    assert terminal.getvalue() == ("2 of 4 letters built" + blank + "wrote out/c.docx\n"
                                   "3 of 4 letters built" + blank)


def test_progress_count_never_reaches_a_file(monkeypatch):
    from inquirygen.cli import progress as shown

    monkeypatch.setattr(shown.time, "monotonic", iter([0.0, 5.0, 6.0]).__next__)
    log = io.StringIO()
    with shown.Progress(3, log) as progress:
        progress.advance()
        progress.advance()
    assert log.getvalue() == ""


def test_plain_text_writer_tells_the_same_letter_as_the_docx(example_workspace, cli):
    assert cli("build", "2025-09-15.yaml", cwd=example_workspace).exit_code == 0
    workspace = Workspace.discover(example_workspace)
    ((_, letter, problems),) = resolve_files(workspace, [workspace.answers_dir / "2025-09-15.yaml"])
    assert problems == []
    text = plain_text(build_letter(letter))
    text_lines = [" ".join(line.split()) for line in text.splitlines() if line.strip()]
    assert text_lines == letter_text(example_workspace / "out" / "2025-09-15.docx")


def test_output_ending_in_a_slash_is_a_folder(cli, data_workspace):
    result = cli("build", "valid.yaml", "-o", "neu/", cwd=data_workspace)
    assert result.exit_code == 0, result.stderr
    assert result.stdout == "wrote neu/valid.docx\n"
    assert (data_workspace / "neu" / "valid.docx").is_file()
