"""Generated inputs: any text in any field builds into a letter that says exactly that, or fails located.

Hypothesis draws text from every script, combining marks, right-to-left text, emoji, control
characters and very long words, and answer files from the JSON Schema itself.
"""

from __future__ import annotations

import json
import re
import tempfile
from pathlib import Path

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from inquirygen.build import OutputTarget, build_files, check_files
from inquirygen.workspace import Workspace

from .docx_text import letter_text

SETTINGS = settings(max_examples=60, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])

# Any character but surrogates (which UTF-8 cannot carry) and braces (Jinja's, tested apart).
ANY = st.characters(blacklist_categories=("Cs",), blacklist_characters="{}")
TEXT = st.one_of(
    st.text(ANY, min_size=1, max_size=40),
    st.text(st.sampled_from("אבגדהשלום مرحبا ü̈ẞ😀👩‍👩‍👧 ́ ㊗漢字"), min_size=1, max_size=30),
    st.text(st.sampled_from("abcäöüß"), min_size=150, max_size=300),  # a very long word
)


def words(text: str) -> list[str]:
    return text.replace("\x0b", " ").replace("\x0c", " ").split()


def markdown_literal(text: str) -> str:
    """The text as Markdown that means exactly it: ASCII punctuation escaped."""
    return "".join("\\" + c if c.isascii() and not c.isalnum() and not c.isspace() else c
                   for c in text)


def build_one(fields: dict) -> tuple[list, Path | None]:
    folder = Path(tempfile.mkdtemp(prefix="inquirygen-property-"))
    answers = {
        "inquiry": {"date": "2025-09-15", "subject": fields["subject"],
                    "questioner": fields["questioner"]},
        "recipient": {"address": [fields["address"], "45657 Recklinghausen"],
                      "salutation": f"Frau {fields['name']}"},
        "letter": {"date": "2025-10-06", "signatory": {"name": fields["signatory"]},
                   "file_ref": fields["file_ref"]},
        "questions": [{"question": fields["question"],
                       "response": markdown_literal(fields["response"])},
                      {"question": "Zweite?", "response": "Ja."}],
    }
    path = folder / "anfrage.yaml"
    path.write_text(yaml.safe_dump(answers, allow_unicode=True, width=10**9), encoding="utf-8")
    report = build_files(Workspace.discover(folder), [path], OutputTarget(folder / "out.docx"))
    return report.problems, (folder / "out.docx") if report.written else None


@SETTINGS
@given(st.fixed_dictionaries({key: TEXT for key in (
    "subject", "questioner", "address", "name", "signatory", "file_ref", "question", "response")}))
def test_any_text_comes_out_as_it_went_in_or_fails_located(fields):
    problems, built = build_one(fields)
    if built is None:
        assert problems, "nothing built, nothing said"
        for problem in problems:
            assert problem.line is not None and problem.message, problem
        return
    assert all(not p.is_error for p in problems)
    lines = letter_text(built)
    text = " ".join(lines)
    for key in ("subject", "address", "question", "response", "signatory", "file_ref"):
        assert " ".join(words(fields[key])) in text, key
    salutation = f"Frau {' '.join(words(fields['name']))}".strip()
    if salutation.endswith(","):  # a whole line, printed as it is, with a warning at its line
        assert salutation in text
        assert [p.code for p in problems if p.code == "salutation"] == ["salutation"]
    else:
        assert f"Sehr geehrte {salutation}," in text


@SETTINGS
@given(st.text(st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=80))
def test_any_response_with_braces_builds_or_fails_located(response):
    problems, built = build_one({"subject": "Betreff", "questioner": "F", "address": "A",
                                 "name": "Krieg", "signatory": "S", "file_ref": "1",
                                 "question": "Frage?", "response": response})
    if built is None:
        assert problems and all(p.line is not None for p in problems), problems
    else:  # Jinja may have filled something in; the letter around it is whole
        lines = letter_text(built)
        assert "1. Frage?" in lines and "2. Zweite?" in lines and "Ja." in lines


def answer_file_schema() -> dict:
    from inquirygen.scaffold import json_schema
    from inquirygen.schema import AnswerFile

    schema = json_schema(AnswerFile)
    schema.pop("$schema")
    return schema


@settings(max_examples=80, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                 HealthCheck.filter_too_much])
@given(st.data())
def test_files_generated_from_the_json_schema_check_or_fail_located(data):
    from hypothesis_jsonschema import from_schema

    document = data.draw(from_schema(answer_file_schema()))
    folder = Path(tempfile.mkdtemp(prefix="inquirygen-schema-"))
    path = folder / "generiert.yaml"
    path.write_text(yaml.safe_dump(json.loads(json.dumps(document)), allow_unicode=True),
                    encoding="utf-8")
    workspace = Workspace.discover(folder)
    report = check_files(workspace, [path])
    for problem in report.problems:
        assert problem.message
        assert problem.path == path or problem.path.suffix in (".md", ".docx"), problem
        if problem.path == path:
            assert problem.line is not None or re.match(r"the template", problem.message), problem
    if not report.errors:  # what check accepts, build builds
        built = build_files(workspace, [path], OutputTarget(folder / "out.docx"))
        assert built.written == [folder / "out.docx"], built.problems


def test_the_generated_letters_open_in_libreoffice(tmp_path):
    """A fixed sample of hostile texts, converted by LibreOffice in one call."""
    import random
    import subprocess

    from .conftest import soffice_or_skip

    soffice = soffice_or_skip()
    rng = random.Random(5)
    printable = [chr(c) for c in range(0x20, 0x250) if not 0x7f <= c <= 0x9f]
    pool = "אבגדה مرحبا ü̈ẞ😀👩‍👩‍👧 ́ ㊗漢字 <&>\"'§\t" + "".join(printable)
    built = []
    for number in range(12):
        fields = {key: "".join(rng.choice(pool) for _ in range(rng.randint(1, 60))).strip() or "x"
                  for key in ("subject", "questioner", "address", "name", "signatory", "file_ref",
                              "question", "response")}
        _, docx = build_one(fields)
        if docx is not None:
            target = tmp_path / f"{number}.docx"
            target.write_bytes(docx.read_bytes())
            built.append(target)
    assert len(built) >= 6
    subprocess.run([soffice, f"-env:UserInstallation={(tmp_path / 'p').as_uri()}", "--headless",
                    "--convert-to", "pdf", "--outdir", str(tmp_path), *map(str, built)],
                   check=True, capture_output=True, timeout=300)
    for docx in built:
        assert (tmp_path / f"{docx.stem}.pdf").read_bytes().startswith(b"%PDF-"), docx.name
