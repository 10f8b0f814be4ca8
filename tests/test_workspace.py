"""The workspace is found from the current folder upwards, and every setting has a default."""

from __future__ import annotations

import pytest

from inquirygen.errors import InputNotFoundError
from inquirygen.settings import WorkspaceConfig
from inquirygen.workspace import PACKAGED_TEMPLATES, Workspace

from .conftest import ROOT
from .docx_text import letter_text


def test_configuration_is_found_from_a_subfolder(example_workspace):
    nested = example_workspace / "answers" / "snippets"
    workspace = Workspace.discover(nested)
    assert workspace.root == example_workspace.resolve()
    assert workspace.config.signatories["landrat"].name == "Bodo Klimpel"
    assert workspace.output_dir == (example_workspace / "out").resolve()


def test_a_folder_without_configuration_uses_defaults_and_the_packaged_template(tmp_path):
    workspace = Workspace.discover(tmp_path)
    assert workspace.root == tmp_path.resolve()
    assert workspace.config == WorkspaceConfig()
    assert workspace.config.phrases.closing == "Mit freundlichen Grüßen"
    assert workspace.template_path == PACKAGED_TEMPLATES / "answer_letter.docx"


def test_packaged_template_is_the_repository_template():
    assert (PACKAGED_TEMPLATES / "answer_letter.docx").read_bytes() == \
        (ROOT / "templates" / "answer_letter.docx").read_bytes()


def test_answer_files_are_found_as_given_or_in_answers(example_workspace, monkeypatch):
    monkeypatch.chdir(example_workspace)
    workspace = Workspace.discover()
    expected = (example_workspace / "answers" / "2025-09-15.yaml").resolve()
    assert workspace.find_answer_file("2025-09-15.yaml") == expected
    assert workspace.find_answer_file("2025-09-15") == expected
    assert workspace.find_answer_file("answers/2025-09-15.yaml") == expected
    with pytest.raises(InputNotFoundError, match=r"answer file '2024-01-01.yaml' not found"):
        workspace.find_answer_file("2024-01-01.yaml")


def test_a_folder_with_one_answer_file_builds(tmp_path, cli):
    (tmp_path / "anfrage.yaml").write_text(
        "inquiry: {date: 15.09.2025, subject: Radwege}\n"
        "recipient: {address: [Fraktion, Straße 1, 12345 Stadt]}\n"
        "letter: {date: 06.10.2025, signatory: {name: Erika Muster, title: Bürgermeisterin}}\n"
        "questions:\n  - question: Wie viele?\n    response: Drei.\n", encoding="utf-8")
    result = cli("build", "anfrage.yaml", cwd=tmp_path)
    assert result.exit_code == 0, result.stderr
    assert result.stdout == "wrote out/anfrage.docx\n"
    lines = letter_text(tmp_path / "out" / "anfrage.docx")
    assert lines[-4:] == ["Drei.", "Mit freundlichen Grüßen", "Erika Muster", "Bürgermeisterin"]
    assert "Sehr geehrte Damen und Herren," in lines


def test_an_answer_file_belongs_to_the_workspace_above_it_wherever_the_command_runs(
        example_workspace, cli, tmp_path):
    """Built from another folder, the letter still gets its workspace's letterhead and output folder."""
    from .docx_text import letter_lines

    elsewhere = tmp_path / "anderswo"
    elsewhere.mkdir()
    result = cli("build", str(example_workspace / "answers" / "2025-09-15.yaml"), cwd=elsewhere)
    assert result.exit_code == 0, result.stderr
    built = example_workspace / "out" / "2025-09-15.docx"
    assert built.is_file() and not (elsewhere / "out").exists()
    assert "KREIS RECKLINGHAUSEN · DER LANDRAT" in [line.text for line in letter_lines(built)]
    checked = cli("check", "../example/answers/2025-09-15.yaml", cwd=elsewhere)
    assert checked.exit_code == 0, checked.stderr
    assert checked.stdout == "1 file checked, no errors\n"


def test_answer_files_of_two_workspaces_are_refused_in_one_run(example_workspace, cli, tmp_path):
    import shutil

    other = tmp_path / "zweiter"
    shutil.copytree(example_workspace, other)
    result = cli("build", "answers/2025-09-15.yaml", str(other / "answers" / "2025-09-15.yaml"),
                 cwd=example_workspace)
    assert result.exit_code == 2
    assert result.stderr == (
        "Error: the answer files belong to different workspaces (this folder and ../zweiter); "
        "run the command once for each\n")


def test_check_outside_any_workspace_says_so(cli, tmp_path):
    empty = tmp_path / "leer"
    empty.mkdir()
    result = cli("check", cwd=empty)
    assert result.exit_code == 2
    assert result.stderr == (
        "Error: no workspace here: no inquirygen.yaml in this folder or above it, and no answers "
        "folder; go to the folder of your answers (cd), name an answer file, or create a workspace "
        "with 'inquirygen init FOLDER'\n")


def test_layout_settings_in_plain_words(example_workspace, cli):
    config = example_workspace / "inquirygen.yaml"
    original = config.read_text(encoding="utf-8")
    config.write_text(original + "layout:\n  fold_marks: nein\n", encoding="utf-8")
    result = cli("check", cwd=example_workspace)
    assert result.exit_code == 1
    line = len(original.splitlines()) + 2
    assert result.stderr.startswith(
        f"inquirygen.yaml:{line}:15: 'fold_marks' must be true or false, not 'nein'\n"
        "    hint: write true (yes) or false (no)\n")
    config.write_text(original + "layout:\n  form: a\n", encoding="utf-8")
    assert cli("check", cwd=example_workspace).exit_code == 0
