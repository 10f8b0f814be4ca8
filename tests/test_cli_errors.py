"""Every bad input gets its located message and exit code, and no output file is written."""

from __future__ import annotations

import pytest

BAD_INPUTS = {
    "syntax_tab.yaml": """\
syntax_tab.yaml:2:1: YAML syntax: a tab is used for indentation
    hint: YAML indents with spaces only; replace the tab with spaces
""",
    "syntax_colon.yaml": """\
syntax_colon.yaml:3:18: YAML syntax: a ':' followed by a space appears inside a value
    hint: put the whole value in quotes, or use '|' and write the text on the following lines
""",
    "unknown_key.yaml": """\
unknown_key.yaml:3:3: unknown key 'subjet' (did you mean 'subject'?)
    hint: allowed here: date, subject, questioner, reference, kind, received, due, extended_to, \
interim_reply
unknown_key.yaml:9:3: unknown key 'signatur' (did you mean 'signatory'?)
    hint: allowed here: date, signatory, file_ref, contact, intro, closing, enclosures, copies_to, \
template, answer_by, drucksache, issued, signoff
unknown_key.yaml:12:5: unknown key 'respons' (did you mean 'response'?)
    hint: allowed here: id, number, question, response, see, department, department_due, \
contributed_by, together_with, parts
""",
    "missing_key.yaml": """\
missing_key.yaml:1:1: the phrase 'subject' needs 'date' under 'inquiry'
    hint: add 'date:' under 'inquiry:', or give the letter its own 'subject' under 'phrases:'
missing_key.yaml:3:1: missing key 'address' in 'recipient'
    hint: add 'address:' with its value
missing_key.yaml:9:5: missing key 'question' in entry 1 of 'questions'
    hint: add 'question:' with its value
""",
    "wrong_type.yaml": """\
wrong_type.yaml:3:12: 'subject' must be text, not a list
wrong_type.yaml:5:12: 'address' must be a list, one '- ' line per entry, not 'Fraktion, Musterstraße 1'
wrong_type.yaml:10:3: 'questions' must be a list, one '- ' line per entry, not a mapping of keys
""",
    "bad_date.yaml": """\
bad_date.yaml:2:9: '31.02.2025' is not a date in the calendar (day is out of range for month)
bad_date.yaml:7:9: 'nächste Woche' is not a date; write 15.09.2025 or 2025-09-15
""",
    "duplicate_id.yaml": """\
duplicate_id.yaml:13:9: question id 'bestand' is used twice (first at line 10)
    hint: give each question its own id
""",
    "unknown_ref.yaml": """\
unknown_ref.yaml:15:26: unknown question id 'planug' (did you mean 'planung'?)
unknown_ref.yaml:18:10: unknown question id 'bestnd' (did you mean 'bestand'?)
""",
    "self_ref.yaml": """\
self_ref.yaml:12:10: question 'bestand' refers to itself
    hint: a reference must name another question
""",
    "unknown_snippet.yaml": """\
unknown_snippet.yaml:12:19: unknown snippet 'deeskalation' (did you mean 'deeskalation-grundsatz'?)
    hint: snippets live in answers/snippets/<name>.md
""",
    "missing_variable.yaml": """\
missing_variable.yaml:12:26: snippet 'frist' needs the variable 'tage'
    hint: write snippet("frist", tage="…")
""",
    "snippet_cycle.yaml": """\
snippet_cycle.yaml:11:15: snippets include each other in a cycle: kreis-a → kreis-b → kreis-a
""",
    "unknown_signatory.yaml": """\
unknown_signatory.yaml:8:14: unknown signatory 'landrt' (did you mean 'landrat'?)
    hint: signatories in inquirygen.yaml: landrat, vertreter
""",
    "bad_salutation.yaml": """\
bad_salutation.yaml:6:15: cannot tell the salutation from 'Dr. Krieg'
    hint: start with 'Frau' or 'Herr' (e.g. 'Frau Dr. Krieg'), or write the whole line ending in ',' \
(e.g. 'Liebe Frau Krieg,')
""",
    "duplicate_key.yaml": """\
duplicate_key.yaml:4:3: key 'subject' is given twice (first at line 3)
    hint: remove one of them; YAML would silently keep only the last
duplicate_key.yaml:9:14: custom YAML tag '!!python/object:os.system' is not allowed
    hint: remove the tag; write the value as plain text
""",
    "control_character.yaml": """\
control_character.yaml:12:37: control character U+0007 (bell) cannot go into a letter
    hint: it usually comes from pasting; delete it and retype the text around it
""",
    "latin1.yaml": """\
latin1.yaml:3:16: the file is not UTF-8 text (byte 0xDF here)
    hint: save it again as UTF-8 (in Notepad++ or VS Code: Encoding → UTF-8)
""",
    "jinja_syntax.yaml": (
        "jinja_syntax.yaml:13:13: template syntax: the quotation mark '„' cannot stand inside the braces; "
        'write straight quotes "…" there\n'
        '    hint: use straight quotes (") inside {{ }}; the editor replaced them with typographic ones\n'),
    "joint_errors.yaml": """\
joint_errors.yaml:12:20: unknown question id 'zwie' (did you mean 'zwei'?)
joint_errors.yaml:14:20: question 'zwei' does not carry a response of its own
    hint: name the question whose response answers the whole group
joint_errors.yaml:17:20: a question answered together with another has no response or 'see:' of \
its own
    hint: move the text into the response of 'eins'
joint_errors.yaml:21:20: question 'sechs' cannot be answered together with itself
""",
    "number_collision.yaml": """\
number_collision.yaml:7:13: question number '1' is used twice (first at line 5)
    hint: give this question its own 'number:' as the inquiry numbers it
number_collision.yaml:15:9: unknown key 'parts'
    hint: allowed here: id, number, question, response, see
""",
    "body_and_questions.yaml": """\
body_and_questions.yaml:4:1: write either 'body' (a letter without numbered questions) or \
'questions', not both
""",
    "no_questions.yaml": """\
no_questions.yaml:1:1: the letter has neither 'questions' nor a 'body'
    hint: add 'questions:', or 'body: |' for a letter without numbered questions
""",
    "unknown_template.yaml": """\
unknown_template.yaml:6:13: unknown template 'kleine-anfrage' (did you mean 'kleine_anfrage'?)
    hint: templates: answer_letter, kleine_anfrage, landtag_drucksache
""",
    "template_needs_reference.yaml": """\
template_needs_reference.yaml:1:1: the template 'kleine_anfrage.docx' needs 'questioner' under \
'inquiry'
    hint: add 'questioner:' under 'inquiry:', or give the letter its own 'subject' under 'phrases:'
template_needs_reference.yaml:1:1: the template 'kleine_anfrage.docx' needs 'reference' under \
'inquiry'
    hint: add 'reference:' under 'inquiry:', or give the letter its own 'references' under \
'phrases:'
""",
    "footnote_errors.yaml": """\
footnote_errors.yaml:7:36: footnote [^fehlt] has no text
    hint: add a line '[^fehlt]: …' after the paragraph
footnote_errors.yaml:10:7: warning: footnote [^uebrig] is never marked in the text
    hint: write [^uebrig] where the footnote belongs
""",
}


def _summary(expected: str) -> str:
    count = sum(1 for line in expected.splitlines()
                if not line.startswith("    ") and ": warning: " not in line)
    return f"Error: {count} problem{'s' if count != 1 else ''} found; 1 file "


@pytest.mark.parametrize("name", sorted(BAD_INPUTS))
def test_check_reports_every_problem_located(cli, data_workspace, name):
    result = cli("check", name, cwd=data_workspace)
    assert result.exit_code == 1
    expected = BAD_INPUTS[name]
    assert result.stderr == expected + _summary(expected) + "with errors\n"
    assert result.stdout == ""


@pytest.mark.parametrize("name", sorted(BAD_INPUTS))
def test_build_refuses_bad_input_and_writes_nothing(cli, data_workspace, name):
    result = cli("build", name, cwd=data_workspace)
    assert result.exit_code == 1
    assert result.stderr.startswith(BAD_INPUTS[name])
    assert "Traceback" not in result.output
    assert not (data_workspace / "out").exists()


def test_failed_build_keeps_the_previous_output(cli, data_workspace):
    target = data_workspace / "letter.docx"
    target.write_bytes(b"previous letter")
    result = cli("build", "duplicate_id.yaml", "-o", "letter.docx", cwd=data_workspace)
    assert result.exit_code == 1
    assert target.read_bytes() == b"previous letter"
    assert sorted(p.name for p in data_workspace.iterdir() if p.name.startswith(".")) == []


def test_warning_for_unanswered_question_fails_only_under_strict(cli, data_workspace):
    (data_workspace / "unanswered.yaml").write_text(
        (data_workspace / "valid.yaml").read_text(encoding="utf-8")
        + "  - question: Noch offen?\n", encoding="utf-8")
    relaxed = cli("check", "unanswered.yaml", cwd=data_workspace)
    assert relaxed.exit_code == 0
    assert relaxed.stderr == (
        "unanswered.yaml:29:5: warning: question 3. has no response yet (unanswered)\n"
        "    hint: the letter is built as a draft with 'ENTWURF' in place of the answer; write "
        "'response: |' with the answer below it, or 'see:' with a question id\n")
    strict = cli("check", "--strict", "unanswered.yaml", cwd=data_workspace)
    assert strict.exit_code == 1
    assert strict.stderr.startswith("unanswered.yaml:29:5: question 3. has no response yet")


def test_missing_answer_file_is_a_usage_error(cli, data_workspace):
    result = cli("build", "2030-01-01.yaml", cwd=data_workspace)
    assert result.exit_code == 2
    assert result.stderr == ("Error: answer file '2030-01-01.yaml' not found "
                             "(looked in the current folder, answers/)\n")


def test_unknown_option_is_a_usage_error(cli, data_workspace):
    result = cli("build", "--colour", "valid.yaml", cwd=data_workspace)
    assert result.exit_code == 2
    assert result.stderr.startswith("Usage: inquirygen build [OPTIONS] FILES...")
    assert "No such option" in result.stderr and "--colour" in result.stderr


def test_batch_builds_the_good_files_and_reports_the_bad(cli, data_workspace):
    result = cli("build", "valid.yaml", "self_ref.yaml", cwd=data_workspace)
    assert result.exit_code == 1
    assert result.stdout == "wrote out/valid.docx\n"
    assert result.stderr.endswith("Error: 1 problem found; 1 file not built: self_ref.yaml\n")
    assert not (data_workspace / "out" / "self_ref.docx").exists()


def test_errors_in_the_configuration_are_located(cli, data_workspace):
    (data_workspace / "inquirygen.yaml").write_text(
        "office:\n  nam: Kreis\nsignatories:\n  landrat: {name: [x]}\n", encoding="utf-8")
    result = cli("check", "valid.yaml", cwd=data_workspace)
    assert result.exit_code == 1
    assert result.stderr == (
        "inquirygen.yaml:2:3: unknown key 'nam' (did you mean 'name'?)\n"
        "    hint: allowed here: name, letterhead, return_address, footer, logo, logo_alt, contact\n"
        "inquirygen.yaml:4:19: 'name' must be text, not a list\n"
        "Error: 2 problems found\n")


def test_every_command_has_help(cli, data_workspace):
    from inquirygen.cli import main

    for name, command in main.commands.items():
        assert command.help, name
        result = cli(name, "--help", cwd=data_workspace)
        assert result.exit_code == 0
        assert "Usage: inquirygen" in result.stdout


def test_broken_phrases_are_located_in_the_configuration(cli, data_workspace):
    with (data_workspace / "inquirygen.yaml").open("a", encoding="utf-8") as config:
        config.write("phrases:\n  intro: 'Ihre Anfrage vom {{ anfrage.datum }} beantworte ich so'\n"
                     "  reference: 'Siehe {{ number'\n")
    result = cli("check", "valid.yaml", cwd=data_workspace)
    assert result.exit_code == 1
    assert result.stderr == (
        "inquirygen.yaml:14:10: the phrase 'intro' uses 'anfrage', which phrases do not have\n"
        "    hint: phrases can use inquiry.date, inquiry.subject, inquiry.questioner, "
        "inquiry.reference, letter.date, letter.file_ref, …\n"
        "inquirygen.yaml:15:14: the phrase 'reference' is not valid: the braces are not closed: }} is "
        "missing at the end\n"
        "Error: 2 problems found\n")


def test_broken_phrases_of_an_answer_file_are_located_in_it(cli, data_workspace):
    path = data_workspace / "eigene.yaml"
    text = (data_workspace / "valid.yaml").read_text(encoding="utf-8")
    path.write_text(text + "phrases:\n  answer_label: 'Zu Frage {{ nummer }}:'\n"
                    "  joint: 'Die Fragen {{ numbers }'\n", encoding="utf-8")
    result = cli("check", path.name, cwd=data_workspace)
    assert result.exit_code == 1
    lines = result.stderr.splitlines()
    line = text.count("\n") + 2
    assert lines[0].endswith(f"eigene.yaml:{line}:17: the phrase 'answer_label' uses 'nummer', which "
                             "phrases do not have")
    assert lines[1] == ("    hint: phrases can use inquiry.date, inquiry.subject, inquiry.questioner, "
                        "inquiry.reference, letter.date, letter.file_ref, …; this one also label, number")
    assert "the phrase 'joint' is not valid" in lines[2]


def test_unwritable_output_exits_3_and_leaves_nothing(cli, data_workspace):
    (data_workspace / "blocked").write_text("a file where a folder should be", encoding="utf-8")
    result = cli("build", "valid.yaml", "-o", "blocked/valid.docx", cwd=data_workspace)
    assert result.exit_code == 3
    assert result.stderr == "Error: cannot write blocked/valid.docx: blocked is a file, not a folder\n"
    assert (data_workspace / "blocked").read_text(encoding="utf-8") == "a file where a folder should be"
