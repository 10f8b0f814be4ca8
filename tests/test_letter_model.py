"""One letter model for every output: the .docx and the preview say the same words, in the same order.

Every example is built with every shipped template (where the template's phrases find the values they
need) and its words compared with the text writer's, frame included: letterhead, address, information
block, subject and reference lines, salutation, answers, closing, signature, enclosures, copies,
footnotes and footer.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from inquirygen.build import resolve_files
from inquirygen.letter import Letter, build_letter
from inquirygen.workspace import PACKAGED_TEMPLATES, Workspace
from inquirygen.writers import WRITERS, create_writer

from .conftest import ROOT
from .docx_text import letter_lines, open_document
from .test_golden import EXAMPLES as GOLDEN_EXAMPLES
from .test_golden import copy_workspace

EXAMPLES = sorted(path.stem for path in (ROOT / "answers").glob("*.yaml"))
TEMPLATES = sorted(path.stem for path in PACKAGED_TEMPLATES.glob("*.docx"))


def docx_words(path: Path) -> list[str]:
    """The words a reader sees: first-page header, body with list markers, footnotes, footer."""
    lines = [line.text for line in letter_lines(path)]
    lines += [paragraph.text for paragraph in open_document(path).sections[0].first_page_footer.paragraphs]
    return _words(" ".join(lines))


def text_words(text: str) -> list[str]:
    """The preview's words; table cells are set apart by '|' there, by cell borders in Word."""
    return [word for word in _words(text) if word != "|"]


def _words(text: str) -> list[str]:
    # Footnote marks: "[1]" in the preview, Word's own numbering (shown by its id) in the .docx.
    return re.sub(r"\[\d+\]", " ", text).split()


def letters_with_template(workspace_folder: Path, template: str) -> dict[str, Letter | list[str]]:
    """Each example's letter in ``template``, or the messages that refuse it."""
    answers = workspace_folder / "answers"
    for name in EXAMPLES:
        path = answers / f"{name}.yaml"
        text = path.read_text(encoding="utf-8")
        text = re.sub(r"(?m)^  template: .*\n", "", text)
        if "\n  reference:" not in text:  # the Kleine-Anfrage phrases print the Drucksache
            text = text.replace("\ninquiry:\n", "\ninquiry:\n  reference: 18/999\n", 1)
        letter = f"\nletter:\n  template: {template}\n"
        if Workspace.discover(workspace_folder).form_of(Path(template)) == "print":
            letter += "  drucksache: 18/1000\n  issued: 2025-10-20\n"  # the print form's number
        path.write_text(text.replace("\nletter:\n", letter, 1), encoding="utf-8")
    workspace = Workspace.discover(workspace_folder)
    result: dict[str, Letter | list[str]] = {}
    for path, resolved, problems in resolve_files(workspace, [answers / f"{n}.yaml" for n in EXAMPLES]):
        result[path.stem] = build_letter(resolved) if resolved else [p.message for p in problems]
    return result


@pytest.mark.parametrize("template", TEMPLATES)
def test_docx_and_preview_say_the_same_words_for_every_example(tmp_path, template):
    folder = tmp_path / "example"
    shutil.copytree(ROOT / "answers", folder / "answers")
    shutil.copy(ROOT / "inquirygen.yaml", folder)
    shutil.copytree(ROOT / "templates", folder / "templates")
    docx, text = create_writer("docx"), create_writer("text")
    letters = letters_with_template(folder, template)
    assert len(letters) == len(EXAMPLES)
    for name, letter in letters.items():
        assert isinstance(letter, Letter), (name, letter)
        target = tmp_path / f"{name}.docx"
        target.write_bytes(docx.write(letter))
        assert docx_words(target) == text_words(text.write(letter).decode("utf-8")), name


def test_preview_of_the_kleine_anfrage_prints_its_reference_block(example_workspace, cli):
    result = cli("preview", "2025-08-14-kleine-anfrage.yaml", cwd=example_workspace)
    assert result.exit_code == 0, result.stderr
    assert ("\n\nKleine Anfrage von Max Mustermann (Beispielpartei) vom 14. August 2025\n"
            "Drucksache 18/12345\nThema: Ausstattung der Ausländerbehörden\n\n"
            "Sehr geehrte Frau Präsidentin,\n\n"
            "namens und im Auftrag der Landesregierung beantworte ich die Kleine Anfrage wie folgt:\n"
            ) in result.stdout
    assert "Ihre Anfrage vom" not in result.stdout


def test_the_letter_gives_every_role_its_text(example_workspace):
    workspace = Workspace.discover(example_workspace)
    ((_, resolved, problems),) = resolve_files(
        workspace, [workspace.answers_dir / "2025-09-15.yaml"])
    assert resolved is not None, problems
    letter = build_letter(resolved)
    assert letter.letterhead == ("KREIS RECKLINGHAUSEN · DER LANDRAT",)
    assert letter.address == ("Kreistagsfraktion Bündnis 90 / Die Grünen", "Kurt-Schumacher-Allee 1",
                              "45657 Recklinghausen")
    assert letter.date == "06.10.2025"
    assert letter.subject == ("Ihre Anfrage vom 15.09.2025", "- Umgang mit Ausreisepflichtigen -")
    assert letter.references == ()
    assert letter.salutation == "Sehr geehrte Frau Krieg,"
    assert letter.intro == "Ihre Anfrage vom 15.09.2025 beantworte ich wie folgt:"
    assert [q.label for answer in letter.answers for q in answer.questions] == ["1.", "2.", "3."]
    assert letter.answers[2].reference == "Siehe Ausführungen zu 1."
    assert letter.answers[2].blocks == ()
    assert letter.closing == "Mit freundlichen Grüßen"
    assert letter.signature.lines == ("Bodo Klimpel",)
    assert letter.properties.subject == "Antwort auf die Anfrage vom 15.09.2025"


def test_every_registered_writer_prints_a_letter(example_workspace):
    workspace = Workspace.discover(example_workspace)
    ((_, resolved, _),) = resolve_files(workspace, [workspace.answers_dir / "2025-09-15.yaml"])
    assert resolved is not None
    letter = build_letter(resolved)
    for output_format in WRITERS:
        writer = create_writer(output_format)
        data = writer.write(letter)
        assert writer.suffix == f".{output_format}".replace(".text", ".txt")
        assert len(data) > 1000, output_format
    with pytest.raises(KeyError):
        create_writer("rtf")


@pytest.mark.parametrize(("space", "name"), GOLDEN_EXAMPLES,
                         ids=[f"{s}/{n}" if s else n for s, n in GOLDEN_EXAMPLES])
def test_every_example_workspace_says_the_same_words_in_docx_and_preview(tmp_path, space, name):
    """The other offices' forms too: ministry, Landtag print, city statement and interim reply."""
    folder = copy_workspace(space, tmp_path / "example")
    workspace = Workspace.discover(folder)
    ((_, resolved, problems),) = resolve_files(workspace, [workspace.answers_dir / f"{name}.yaml"])
    assert resolved is not None, problems
    letter = build_letter(resolved)
    target = tmp_path / f"{name}.docx"
    target.write_bytes(create_writer("docx").write(letter))
    assert docx_words(target) == text_words(create_writer("text").write(letter).decode("utf-8"))
