"""Nothing overwritten by mistake: -o replaces no input, two letters share no file, no PDF is left stale."""

from __future__ import annotations

import shutil

import pytest

from .test_pdf import configure, fake_soffice

ANSWER = "answers/2025-09-15.yaml"


@pytest.mark.parametrize("target, message", [
    (ANSWER, ("Error: -o answers/2025-09-15.yaml: a letter is written as .docx; name a file ending in "
              ".docx, or a folder ending in /\n")),
    ("inquirygen.yaml", ("Error: -o inquirygen.yaml: a letter is written as .docx; name a file ending "
                         "in .docx, or a folder ending in /\n")),
    ("brief.pdf", ("Error: -o brief.pdf: a letter is written as .docx; name a file ending in .docx, or "
                   "a folder ending in /\n")),
    ("templates/answer_letter.docx", ("Error: -o templates/answer_letter.docx would overwrite the "
                                      "template templates/answer_letter.docx; nothing was written\n")),
])
def test_the_output_never_replaces_an_input(example_workspace, cli, target, message):
    before = {path: path.read_bytes() for path in example_workspace.rglob("*") if path.is_file()}
    result = cli("build", "2025-09-15.yaml", "-o", target, cwd=example_workspace)
    assert (result.exit_code, result.stderr) == (2, message)
    after = {path: path.read_bytes() for path in example_workspace.rglob("*") if path.is_file()}
    assert after == before


def test_a_docx_named_like_an_answer_file_or_snippet_is_refused_too(example_workspace, cli):
    """An output that resolves to an input by another way of writing it (./, ..) is still refused."""
    snippet = next((example_workspace / "answers" / "snippets").iterdir())
    shutil.copy(example_workspace / ANSWER, example_workspace / "answers" / "brief.docx")
    result = cli("build", "answers/brief.docx", "-o", "./answers/../answers/brief.docx",
                 cwd=example_workspace)
    assert result.exit_code == 2
    assert result.stderr == ("Error: -o answers/../answers/brief.docx would overwrite the answer file "
                             "answers/brief.docx; nothing was written\n")
    renamed = snippet.with_suffix(".docx")
    snippet.rename(renamed)
    result = cli("build", "2025-09-15.yaml", "-o", f"answers/snippets/{renamed.name}",
                 cwd=example_workspace)
    assert result.exit_code == 2
    assert "would overwrite the snippet" in result.stderr


def test_two_answer_files_of_one_name_are_refused_before_anything_is_written(example_workspace, cli,
                                                                             monkeypatch):
    (example_workspace / "answers" / "alt").mkdir()
    shutil.copy(example_workspace / ANSWER, example_workspace / "answers" / "alt" / "2025-09-15.yaml")
    result = cli("build", ANSWER, "answers/alt/2025-09-15.yaml", cwd=example_workspace)
    assert result.exit_code == 2
    assert result.stderr == ("Error: answers/2025-09-15.yaml and answers/alt/2025-09-15.yaml would both "
                             "be written to out/2025-09-15.docx; build them one at a time with -o, or "
                             "rename one of them; nothing was written\n")
    assert not (example_workspace / "out").exists()
    monkeypatch.setenv("INQUIRYGEN_LANG", "de")
    german = cli("build", ANSWER, "answers/alt/2025-09-15.yaml", cwd=example_workspace)
    assert german.exit_code == 2
    assert german.stderr == ("Fehler: answers/2025-09-15.yaml und answers/alt/2025-09-15.yaml würden "
                             "beide nach out/2025-09-15.docx geschrieben; erstellen Sie sie einzeln mit "
                             "-o oder benennen Sie eine um. Es wurde nichts geschrieben.\n")


def test_a_failed_pdf_leaves_no_older_pdf_beside_the_new_letter(example_workspace, cli, tmp_path):
    (example_workspace / "out").mkdir()
    old = example_workspace / "out" / "2025-09-15.pdf"
    old.write_bytes(b"%PDF-1.7 the letter as it was last week\n%%EOF\n")
    configure(example_workspace, fake_soffice(tmp_path, 'echo "Error: no" >&2\nexit 1\n'))
    result = cli("build", "--pdf", "2025-09-15.yaml", cwd=example_workspace)
    assert result.exit_code == 3
    assert result.stderr == ("Error: LibreOffice failed (exit code 1) Error: no (the older PDF beside "
                             "the new letter was removed: out/2025-09-15.pdf)\n")
    assert not old.exists()
    assert (example_workspace / "out" / "2025-09-15.docx").exists()


def test_a_failed_build_keeps_the_older_letter_and_says_it_is_the_older_one(example_workspace, cli):
    assert cli("build", "2025-09-15.yaml", cwd=example_workspace).exit_code == 0
    built = (example_workspace / "out" / "2025-09-15.docx").read_bytes()
    answer = example_workspace / ANSWER
    answer.write_text(answer.read_text(encoding="utf-8").replace("  subject: ", "  subject: Neu: ", 1),
                      encoding="utf-8")
    result = cli("build", "2025-09-15.yaml", cwd=example_workspace)
    assert result.exit_code == 1
    assert "answers/2025-09-15.yaml: warning: out/2025-09-15.docx was not replaced and still holds the " \
           "letter of an earlier build\n" in result.stderr
    assert (example_workspace / "out" / "2025-09-15.docx").read_bytes() == built
