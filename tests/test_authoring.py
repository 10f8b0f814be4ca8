"""The daily work: init, new, snippets, check of everything, preview, schema for editors."""

from __future__ import annotations

import json

import pytest

from inquirygen.intake import parse_inquiry

from .conftest import ROOT, edit_template
from .docx_text import letter_text


@pytest.fixture
def fresh(tmp_path, cli):
    """A workspace made by ``inquirygen init``."""
    result = cli("init", "ws", cwd=tmp_path)
    assert result.exit_code == 0, result.stderr
    return tmp_path / "ws"


def test_init_creates_a_workspace_that_builds_at_once(tmp_path, cli, fresh):
    made = sorted(str(p.relative_to(fresh)) for p in fresh.rglob("*") if p.is_file())
    assert made == ["answers/2025-01-20.yaml", "answers/snippets/keine-daten.md", "images/logo.png",
                    "inquirygen.yaml",
                    "schemas/answer-file.schema.json", "schemas/inquirygen.schema.json",
                    "schemas/snippet.schema.json", "templates/answer_letter.docx",
                    "templates/kleine_anfrage.docx", "templates/landtag_drucksache.docx"]
    build = cli("build", "2025-01-20.yaml", cwd=fresh)
    assert build.exit_code == 0, build.stderr
    lines = letter_text(fresh / "out" / "2025-01-20.docx")
    assert "Hierzu liegen der Verwaltung für das Jahr 2024 keine Daten vor. Eine gesonderte " \
           "Erhebung wäre nur mit unverhältnismäßigem Aufwand möglich." in lines
    assert cli("check", cwd=fresh).stdout == "workspace checked, no errors\n"
    again = cli("init", "ws", cwd=tmp_path)
    assert again.exit_code == 1
    assert again.stderr == "Error: ws/inquirygen.yaml exists already; nothing was changed\n"


def test_split_questions_as_the_inquiry_numbered_them():
    def split(text: str) -> list[tuple[str, str]]:
        return [(question.number, question.text) for question in parse_inquiry(text).questions]

    assert split("Wie viele am 3. Mai? 2. Wann? 2a) Wer zahlt? 3. Warum?") == [
        ("", "Wie viele am 3. Mai? 2. Wann? 2a) Wer zahlt? 3. Warum?")]
    assert split("1. Wie viele am 3. Mai? 2. Wann?\n2a) Wer zahlt? 3. Warum?") == [
        ("1", "Wie viele am 3. Mai?"), ("2", "Wann?"), ("2a", "Wer zahlt?"), ("3", "Warum?")]
    assert split("Eine einzige Frage zu § 5.") == [("", "Eine einzige Frage zu § 5.")]
    assert split("  ") == []


def test_new_writes_a_valid_answer_file_and_never_overwrites(fresh, cli, monkeypatch):
    import datetime

    class Today(datetime.date):
        @classmethod
        def today(cls):
            return cls(2025, 9, 20)

    monkeypatch.setattr(datetime, "date", Today)
    options = ["--date", "2025-09-15", "--subject", "Radwege", "--questioner", "Fraktion X",
               "--questions", "1. Wie viele? 2. Warum: nicht früher?"]
    first = cli("new", *options, cwd=fresh)
    assert first.exit_code == 0, first.stderr
    assert first.stdout == ("wrote answers/2025-09-15.yaml with 2 questions; "
                            "the responses are yours to write\n")
    assert (fresh / "answers" / "2025-09-15.yaml").read_text(encoding="utf-8") == """\
# yaml-language-server: $schema=../schemas/answer-file.schema.json
inquiry:
  date: 15.09.2025
  subject: Radwege
  questioner: Fraktion X

recipient:
  address:
    - Fraktion X

letter:
  date: 20.09.2025
  signatory: buergermeister

questions:
  - question: Wie viele?
    response: |

  - question: 'Warum: nicht früher?'
    response: |
"""
    second = cli("new", *options, cwd=fresh)
    assert second.stdout.startswith("wrote answers/2025-09-15-2.yaml")
    check = cli("check", "--final", "2025-09-15.yaml", cwd=fresh)
    assert check.exit_code == 1
    assert check.stderr.startswith("answers/2025-09-15.yaml:16:5: question 1. has no response yet "
                                   "(unanswered)\n")


def test_new_asks_for_what_the_options_leave_out(fresh, monkeypatch):
    from click.testing import CliRunner

    from inquirygen.cli import main

    monkeypatch.chdir(fresh)
    answers = "1. Wie viele? 2. Wo?\n\n\n15.09.2025\nRadwege\nFraktion X\n"
    result = CliRunner().invoke(main, ["new"], input=answers, prog_name="inquirygen")
    assert result.exit_code == 0, result.output
    assert result.output == (
        "Paste the inquiry (its heading too, if you like); end with two empty lines:\n"
        "Date of the inquiry (15.09.2025): 15.09.2025\nSubject: Radwege\n"
        "Questioner (faction or member): Fraktion X\n"
        "wrote answers/2025-09-15.yaml with 2 questions; the responses are yours to write\n")
    written = (fresh / "answers" / "2025-09-15.yaml").read_text(encoding="utf-8")
    assert "  - question: Wie viele?\n    response: |\n\n  - question: Wo?\n" in written


def test_snippets_list_show_and_search(fresh, cli):
    listing = cli("snippets", "list", cwd=fresh)
    assert listing.stdout == (
        "NAME         TITLE                  TAGS                 USED IN\n"
        "keine-daten  Keine Daten vorhanden  statistik, standard  2025-01-20.yaml\n")
    shown = cli("snippets", "show", "keine-daten", cwd=fresh)
    assert shown.stdout == (
        "keine-daten: Keine Daten vorhanden\n"
        "tags: statistik, standard\n"
        "Standardantwort, wenn die Verwaltung zu einer Frage keine Zahlen erhebt.\n\n"
        "Hierzu liegen der Verwaltung für den erfragten Zeitraum keine Daten vor. Eine gesonderte "
        "Erhebung wäre nur\nmit unverhältnismäßigem Aufwand möglich.\n\n"
        "variables:\n  zeitraum = den erfragten Zeitraum\n")
    assert cli("snippets", "search", "unverhaeltnismaessig", cwd=fresh).stdout == \
        "keine-daten: Keine Daten vorhanden\n"
    assert cli("snippets", "search", "Radweg", cwd=fresh).stdout == "no snippet contains Radweg\n"
    unknown = cli("snippets", "show", "keine-date", cwd=fresh)
    assert unknown.exit_code == 1
    assert unknown.stderr == "Error: unknown snippet 'keine-date' (did you mean 'keine-daten'?)\n"


def test_snippets_new_scaffolds_and_refuses_to_overwrite(fresh, cli, monkeypatch):
    monkeypatch.delenv("EDITOR", raising=False)
    made = cli("snippets", "new", "rechtsgrundlage", "--title", "Rechtsgrundlage", cwd=fresh)
    assert made.stdout == "wrote answers/snippets/rechtsgrundlage.md\n"
    assert (fresh / "answers" / "snippets" / "rechtsgrundlage.md").read_text(encoding="utf-8") == (
        "---\ntitle: Rechtsgrundlage\ntags: []\ndescription: \nvariables: {}\n---\n")
    again = cli("snippets", "new", "rechtsgrundlage", cwd=fresh)
    assert again.exit_code == 1
    assert again.stderr == ("Error: snippet 'rechtsgrundlage' exists already "
                            "(answers/snippets/rechtsgrundlage.md); nothing was changed\n")


def test_snippet_names_are_written_as_people_write_them(fresh, cli, monkeypatch):
    """Umlauts, capitals and spaces: made by 'snippets new', found in answers and by 'show' whatever
    the case; a name that would be a folder or a hidden file gets one clear message."""
    monkeypatch.delenv("EDITOR", raising=False)
    made = cli("snippets", "new", "Gebühren Übersicht", cwd=fresh)
    assert made.exit_code == 0, made.stderr
    assert made.stdout == "wrote answers/snippets/Gebühren Übersicht.md\n"
    snippet = fresh / "answers" / "snippets" / "Gebühren Übersicht.md"
    assert snippet.read_text(encoding="utf-8").startswith("---\ntitle: Gebühren Übersicht\n")
    snippet.write_text("---\ntitle: Gebühren\n---\nDie Gebühren stehen in der Satzung.\n",
                       encoding="utf-8")
    answers = fresh / "answers" / "2025-01-20.yaml"
    text = answers.read_text(encoding="utf-8")
    used = '{{ snippet("keine-daten", zeitraum="das Jahr 2024") }}'
    assert used in text
    answers.write_text(text.replace(used, '{{ snippet("gebühren übersicht") }}', 1), encoding="utf-8")
    preview = cli("preview", "2025-01-20.yaml", cwd=fresh)
    assert preview.exit_code == 0, preview.stderr
    assert "Die Gebühren stehen in der Satzung." in preview.stdout
    shown = cli("snippets", "show", "GEBÜHREN ÜBERSICHT", cwd=fresh)
    assert shown.stdout.startswith("Gebühren Übersicht: Gebühren\n")
    again = cli("snippets", "new", "gebühren übersicht", cwd=fresh)
    assert again.exit_code == 1
    assert again.stderr == ("Error: snippet 'gebühren übersicht' exists already "
                            "(answers/snippets/Gebühren Übersicht.md); nothing was changed\n")
    for bad in ("../außerhalb", ".versteckt", "a/b"):
        refused = cli("snippets", "new", bad, cwd=fresh)
        assert refused.exit_code == 1
        assert refused.stderr == (f"Error: '{bad}' cannot be a snippet name: use letters (umlauts and "
                                  "capitals too), digits, spaces, '-' and '_', beginning with a letter "
                                  "or digit\n")


def test_extract_moves_a_response_into_a_snippet_and_changes_nothing_else(fresh, cli):
    answers = fresh / "answers" / "2025-01-20.yaml"
    before = answers.read_text(encoding="utf-8")
    result = cli("snippets", "extract", "2025-01-20.yaml#zeiten", "oeffnungszeiten", cwd=fresh)
    assert result.exit_code == 0, result.stderr
    assert result.stdout == (
        "wrote answers/snippets/oeffnungszeiten.md\n"
        "the response of 'zeiten' in answers/2025-01-20.yaml now reads "
        '{{ snippet("oeffnungszeiten") }}\n'
        "the text moved unchanged; turn parts of it into {{ variables }} in the snippet if you "
        "want them to vary\n")
    after = answers.read_text(encoding="utf-8")
    assert after == before.replace(
        "      Die Bürgerbüros sind montags bis freitags von 8 bis 13 Uhr geöffnet, donnerstags\n"
        "      zusätzlich von 14 bis 18 Uhr.\n",
        '      {{ snippet("oeffnungszeiten") }}\n')
    snippet = (fresh / "answers" / "snippets" / "oeffnungszeiten.md").read_text(encoding="utf-8")
    assert snippet.endswith("---\nDie Bürgerbüros sind montags bis freitags von 8 bis 13 Uhr "
                            "geöffnet, donnerstags\nzusätzlich von 14 bis 18 Uhr.\n")
    # The letter reads as before.
    assert cli("build", "2025-01-20.yaml", cwd=fresh).exit_code == 0
    assert "Die Bürgerbüros sind montags bis freitags von 8 bis 13 Uhr geöffnet, donnerstags " \
           "zusätzlich von 14 bis 18 Uhr." in letter_text(fresh / "out" / "2025-01-20.docx")
    refused = cli("snippets", "extract", "2025-01-20.yaml#zeiten", "oeffnungszeiten", cwd=fresh)
    assert refused.exit_code == 1
    unknown = cli("snippets", "extract", "2025-01-20.yaml#zeit", "x", cwd=fresh)
    assert unknown.stderr == ("Error: answers/2025-01-20.yaml has no question with the id 'zeit' "
                              "(did you mean 'zeiten'?)\n")


@pytest.mark.parametrize("text", ["- eine Liste\n- statt Schlüsseln\n", "nur ein Text\n"])
def test_extract_from_a_file_that_is_no_mapping_says_so_instead_of_crashing(fresh, cli, text):
    # A file that is a list or a text has no questions; the question was looked up with .get().
    (fresh / "answers" / "kaputt.yaml").write_text(text, encoding="utf-8")
    result = cli("snippets", "extract", "kaputt.yaml#zeiten", "neu", cwd=fresh)
    assert result.exit_code == 1
    assert result.stderr == "Error: answers/kaputt.yaml has no question with the id 'zeiten'\n"
    assert not (fresh / "answers" / "snippets" / "neu.md").exists()


def test_check_everything_finds_broken_snippets_and_templates(fresh, cli):
    (fresh / "answers" / "snippets" / "kaputt.md").write_text(
        "---\ntitle: [kaputt\n---\nText\n", encoding="utf-8")
    (fresh / "answers" / "snippets" / "frei.md").write_text("Hier {{ wer }}.\n", encoding="utf-8")
    edit_template(fresh / "templates" / "answer_letter.docx",
                  {"{{ letter.closing }}": "{{ snippet(„x“) }}"})
    (fresh / "templates" / "eigene.docx").write_bytes(b"")
    result = cli("check", cwd=fresh)
    assert result.exit_code == 1
    assert result.stderr == (
        "answers/snippets/frei.md:1: unknown variable 'wer' in snippet 'frei'\n"
        "    hint: declare it in the front matter under 'variables:' (wer: default text)\n"
        "answers/snippets/frei.md: warning: snippet 'frei' is not used by any answer\n"
        "    hint: delete it, or use it with {{ snippet(\"frei\") }}\n"
        "answers/snippets/kaputt.md:2:15: YAML syntax: inside { } or [ ], expected ',' or ']', but "
        "got '<stream end>'\n"
        "    hint: put values with '?', ':', ',' or quotes in quotes, or write the entry as "
        "'key: value' lines without braces\n"
        "answers/snippets/kaputt.md: warning: snippet 'kaputt' is not used by any answer\n"
        "    hint: delete it, or use it with {{ snippet(\"kaputt\") }}\n"
        "templates/answer_letter.docx: (word/document.xml) typographic quotes inside "
        "'{{ snippet(„x\") }}'\n"
        "    hint: Word's AutoCorrect replaced the straight quotes; type them again with "
        "AutoCorrect's 'straight quotes with smart quotes' switched off\n"
        "templates/eigene.docx: is not a Word document (.docx): File is not a zip file\n"
        "Error: 4 problems found; 4 files with errors\n")


def test_check_reports_a_block_left_open(fresh, cli):
    edit_template(fresh / "templates" / "kleine_anfrage.docx", {"{%p endfor %}": ""})
    result = cli("check", cwd=fresh)
    assert result.stderr == (
        "templates/kleine_anfrage.docx: (word/document.xml) a '{%p for … %}' block is never closed "
        "(it opens at '{%p for line in recipient.address %} {{ line }}')\n"
        "    hint: add a paragraph '{%p endfor %}' where the block ends\n"
        "Error: 1 problem found; 1 file with errors\n")


def test_check_reports_template_variables_the_model_lacks(fresh, cli):
    edit_template(fresh / "templates" / "answer_letter.docx",
                  {"{{ question.label }}": "{{ question.nummer }}",
                   "{{ recipient.salutation }}": "{{ empfaenger }}"})
    result = cli("check", "--format", "json", cwd=fresh)
    assert result.exit_code == 1
    report = json.loads(result.stdout)
    assert (report["errors"], report["warnings"]) == (2, 0)
    assert [(p["path"], p["message"]) for p in report["problems"]] == [
        ("templates/answer_letter.docx",
         "(word/document.xml) the template asks for 'empfaenger', which inquirygen does not provide"),
        ("templates/answer_letter.docx",
         ("(word/document.xml) the template asks for 'question.nummer', which inquirygen does not "
          "provide")),
    ]


def test_preview_prints_the_resolved_letter(fresh, cli):
    result = cli("preview", "2025-01-20.yaml", cwd=fresh)
    assert result.exit_code == 0
    assert "2. Wie viele Besucherinnen und Besucher kamen im Jahr 2024?\n\nHierzu liegen der " \
           "Verwaltung für das Jahr 2024 keine Daten vor." in result.stdout
    assert "3. Sind längere Öffnungszeiten am Samstag geplant?\n\nNein. Siehe auch 1.\n" in result.stdout


def test_preview_watch_shows_the_letter_again_after_a_change(fresh, monkeypatch):
    from inquirygen import preview

    monkeypatch.chdir(fresh)
    monkeypatch.setattr(preview, "POLL_SECONDS", 0)
    shown = []
    answers = fresh / "answers" / "2025-01-20.yaml"

    def show(text, problems):
        shown.append(text)
        if len(shown) == 1:  # the user saves a change
            answers.write_text(answers.read_text(encoding="utf-8").replace("Nein.", "Noch nicht."),
                               encoding="utf-8")

    preview.watch_letter("2025-01-20.yaml", show, clear=lambda: None, rounds=3)
    assert len(shown) == 2
    assert "Nein. Siehe auch 1." in shown[0] and "Noch nicht. Siehe auch 1." in shown[1]


def test_schema_accepts_every_example_and_rejects_a_misspelt_key(tmp_path, cli):
    jsonschema = pytest.importorskip("jsonschema")
    from inquirygen.yamlfile import read_yaml_file

    result = cli("schema", cwd=tmp_path)
    assert result.stdout == ("wrote schemas/answer-file.schema.json\n"
                             "wrote schemas/inquirygen.schema.json\n"
                             "wrote schemas/snippet.schema.json\n")
    schema = json.loads((tmp_path / "schemas" / "answer-file.schema.json").read_text(encoding="utf-8"))
    validator = jsonschema.Draft202012Validator(schema)
    for example in sorted((ROOT / "answers").glob("*.yaml")):
        document = read_yaml_file(example, [])
        assert list(validator.iter_errors(document.data)) == [], example.name
    document = read_yaml_file(ROOT / "tests" / "data" / "unknown_key.yaml", [])
    messages = [error.message for error in validator.iter_errors(document.data)]
    assert any("'subjet' was unexpected" in message for message in messages)


def test_malformed_front_matter_is_located(fresh, cli):
    (fresh / "answers" / "snippets" / "offen.md").write_text(
        "---\ntitle: Offen\nText ohne Ende der Kopfzeilen\n", encoding="utf-8")
    (fresh / "answers" / "snippets" / "falsch.md").write_text(
        "---\ntitel: Falsch\nvariables: [a, b]\n---\nText\n", encoding="utf-8")
    opened = cli("snippets", "show", "offen", cwd=fresh)
    assert opened.exit_code == 1
    assert opened.stderr == (
        "answers/snippets/offen.md:1:1: the front matter opened with '---' is never closed\n"
        "    hint: add a line '---' between the header and the text\n"
        "Error: 1 problem found\n")
    wrong = cli("snippets", "show", "falsch", cwd=fresh)
    assert wrong.stderr == (
        "answers/snippets/falsch.md:2:1: unknown key 'titel' (did you mean 'title'?)\n"
        "    hint: allowed here: title, tags, description, variables\n"
        "answers/snippets/falsch.md:3:12: 'variables' must be 'key: value' lines, not a list\n"
        "Error: 2 problems found\n")
