"""The editor in a hurried clerk's and an attacker's hands: BOM, Word's line breaks, odd requests."""

from __future__ import annotations

import pytest
from starlette.testclient import TestClient

from inquirygen.editor.app import create_app
from inquirygen.editor.form import version_of
from inquirygen.editor.session import EditorSession

PORT = 8765
FILE = "answers/neu.yaml"
GOOD = ("inquiry:\n  date: 20.01.2025\n  subject: Öffnungszeiten\nrecipient:\n  address:\n    - Fraktion X\n"
        "letter:\n  date: 10.02.2025\nquestions:\n  - question: Wann?\n    response: |\n      Immer.\n")


@pytest.fixture
def editor(example_workspace):
    session = EditorSession(example_workspace.resolve(), port=PORT)
    client = TestClient(create_app(session), base_url=f"http://127.0.0.1:{PORT}",
                        raise_server_exceptions=False)
    return session, client


def change(session, client, body):
    path = session.root / FILE
    sent = {"file": FILE, "version": version_of(path.read_bytes()), **body}
    return client.post(f"/{session.token}/change", json=sent,
                       headers={"X-CSRF-Token": session.csrf, "Origin": f"http://127.0.0.1:{PORT}"})


@pytest.mark.parametrize("body", [
    {"op": "set", "path": ["inquiry", "subject"], "value": "Neuer Betreff"},
    {"op": "set", "path": ["questions", 0, "response"], "value": "Zeile 1\nZeile 2"},
    {"op": "add", "path": ["questions"]},
])
def test_a_bom_of_the_file_on_disk_is_kept_by_every_change(editor, body):
    session, client = editor
    path = session.root / FILE
    path.write_bytes(b"\xef\xbb\xbf" + GOOD.replace("\n", "\r\n").encode("utf-8"))
    assert change(session, client, body).status_code == 200
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbfinquiry:\r\n")
    assert raw.count(b"\n") == raw.count(b"\r\n")


@pytest.mark.parametrize("line_break", ["\u2028", "\u2029", "\x0b", "\x0c", "\x85"])
def test_a_line_break_pasted_from_word_is_saved_as_a_new_line(editor, line_break):
    session, client = editor
    path = session.root / FILE
    path.write_text(GOOD, encoding="utf-8")
    response = change(session, client, {"op": "set", "path": ["questions", 0, "response"],
                                        "value": f"Erste Zeile{line_break}zweite\u00a0Zeile"})
    assert response.status_code == 200, response.text
    assert "    response: |\n      Erste Zeile\n      zweite\u00a0Zeile\n" in path.read_text(encoding="utf-8")


@pytest.mark.parametrize(("text", "body"), [
    ("inquiry:\n  subject: a\n  subject: b\nquestions:\n  - question: q\n",
     {"op": "add", "path": ["questions"]}),
    ("- a\n- b\n", {"op": "set", "path": ["inquiry", "subject"], "value": "x"}),
    ("- a\n- b\n", {"op": "add", "path": ["questions"]}),
    ("inquiry:\n  subject: a\nquestions: hallo\n", {"op": "add", "path": ["questions"]}),
    (GOOD, {"op": "set", "path": ["questions", 5, "response"], "value": "x"}),
    (GOOD, {"op": "set", "path": [], "value": "x"}),
    (GOOD, {"op": "set", "path": ["inquiry", "subject", "x"], "value": "x"}),
    (GOOD, {"op": "set", "path": ["questions", "x"], "value": "x"}),
    (GOOD, {"op": "move", "path": ["questions", True], "to": 0}),
])
def test_a_change_that_does_not_fit_the_file_is_refused_not_a_server_error(editor, text, body):
    session, client = editor
    path = session.root / FILE
    path.write_text(text, encoding="utf-8")
    response = change(session, client, body)
    assert response.status_code in (400, 422), response.text
    assert path.read_text(encoding="utf-8") == text


def test_a_file_name_too_long_is_not_a_file_of_the_workspace(editor, monkeypatch):
    monkeypatch.setenv("INQUIRYGEN_LANG", "de")
    session, client = editor
    name = "a" * 5000 + ".yaml"
    response = client.get(f"/{session.token}/edit", params={"file": name})
    assert response.status_code == 404
    assert response.text == f"„{name}“ ist keine Datei des Arbeitsordners, die der Editor öffnen darf"


def _browser_page():
    from .test_editor_browser import ARGS, CHROMIUM

    return CHROMIUM, ARGS


@pytest.mark.skipif(not __import__("pathlib").Path(_browser_page()[0]).exists(), reason="no chromium")
@pytest.mark.parametrize("same_field", [False, True])
def test_typing_meets_a_change_in_a_text_editor_and_no_text_is_lost(example_workspace, same_field):
    import os
    import re
    import signal
    import subprocess
    import sys

    from playwright.sync_api import expect, sync_playwright

    chromium, args = _browser_page()
    answer_file = example_workspace / "answers" / "2025-09-15.yaml"
    process = subprocess.Popen(
        [sys.executable, "-m", "inquirygen", "edit", "2025-09-15.yaml", "--no-browser"],
        cwd=example_workspace, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        env={**os.environ, "INQUIRYGEN_LANG": "de"})
    assert process.stdout is not None
    address = re.search(r"http://\S+", process.stdout.readline())
    try:
        assert address
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=chromium, args=args)
            page = browser.new_page()
            page.goto(address.group(0))
            subject = page.get_by_label("Betreff", exact=True)
            expect(subject).to_have_value("Umgang mit Ausreisepflichtigen")
            subject.fill("Aus dem Browser")  # saved half a second later, against the old version
            text = answer_file.read_text(encoding="utf-8")
            if same_field:
                text = text.replace("subject: Umgang mit Ausreisepflichtigen", "subject: Aus dem Texteditor")
            else:
                text = text.replace("Frau Krieg", "Herr Maus")
            answer_file.write_text(text, encoding="utf-8")
            if same_field:  # both wrote the field: the file's text shown, the typed one offered to copy
                expect(subject).to_have_value("Aus dem Texteditor")
                expect(page.locator("textarea.unsaved")).to_have_value("Aus dem Browser")
                expect(page.locator("#unsaved-f-inquiry\\.subject")).to_have_text(
                    "Ihr Text für „Betreff“ wurde nicht gespeichert, weil die Datei dort inzwischen auch "
                    "geändert wurde. Hier ist er zum Kopieren:")
                assert "subject: Aus dem Texteditor" in answer_file.read_text(encoding="utf-8")
            else:  # the text editor changed another field: both changes end up in the file
                expect(page.get_by_label("Anrede (z. B. Frau Krieg)")).to_have_value("Herr Maus")
                expect(subject).to_have_value("Aus dem Browser")
                expect(page.locator("#status")).to_have_text("Gespeichert.")
                saved = answer_file.read_text(encoding="utf-8")
                assert "Herr Maus" in saved and "subject: 'Aus dem Browser'" in saved
            browser.close()
    finally:
        process.send_signal(signal.SIGINT)
        _out, err = process.communicate(timeout=60)
    assert "Traceback" not in err


@pytest.mark.parametrize(("body", "added"), [
    ({"op": "set", "path": ["letter", "contact", "phone"], "value": "0123"},
     "  contact:\n    phone: '0123'\n"),
    ({"op": "set_list", "path": ["letter", "enclosures"], "value": ["Karte", "Liste"]},
     "  enclosures:\n    - Karte\n    - Liste\n"),
])
def test_a_comment_above_the_next_section_stays_there_when_a_nested_field_is_filled(editor, body, added):
    session, client = editor
    path = session.root / FILE
    text = GOOD.replace("letter:\n  date: 10.02.2025\n", "letter:\n  date: 10.02.2025\n\n# Die Fragen\n")
    path.write_text(text, encoding="utf-8")
    assert change(session, client, body).status_code == 200
    assert path.read_text(encoding="utf-8") == text.replace(
        "  date: 10.02.2025\n", "  date: 10.02.2025\n" + added)


@pytest.mark.parametrize("name", ["templates/answer_letter.docx", "inquirygen.yaml"])
def test_edit_of_a_file_that_is_no_answer_file_is_refused_before_the_server_starts(example_workspace, cli,
                                                                                   monkeypatch, name):
    import socket

    monkeypatch.setenv("INQUIRYGEN_LANG", "de")
    with socket.socket() as taken:  # were the server started, it would stop at once (exit 3)
        taken.bind(("127.0.0.1", 0))
        taken.listen(1)
        port = str(taken.getsockname()[1])
        result = cli("edit", "--no-browser", "--port", port, name, cwd=example_workspace)
    assert result.exit_code == 2
    assert "Der Editor läuft" not in result.output
    assert result.stderr == (f"Fehler: „{name}“ ist keine Datei des Arbeitsordners, die der Editor "
                             "öffnen darf\n")


def test_a_letter_whose_name_has_and_hash_or_plus_in_it_is_offered_for_download(editor):
    session, client = editor
    name = "answers/CDU+FDP & Grüne #2.yaml"
    (session.root / name).write_bytes((session.root / "answers" / "2025-09-15.yaml").read_bytes())
    result = client.post(f"/{session.token}/build", json={"file": name, "pdf": False},
                         headers={"X-CSRF-Token": session.csrf, "Origin": f"http://127.0.0.1:{PORT}"}).json()
    (letter,) = result["files"]
    assert letter["name"] == "CDU+FDP & Grüne #2.docx"
    response = client.get(letter["url"])
    assert response.status_code == 200
    assert response.content[:2] == b"PK"


@pytest.mark.parametrize(("text", "path", "written"), [
    ("questions:\n  - {question: Teil 2, response: T2}  # kurz\n", ("questions", 0, "response"),
     'questions:\n  - {question: Teil 2, response: "Zeile 1\\nZeile 2"}  # kurz\n'),
    ("inquiry: {subject: a, date: 01.01.2025}\n", ("inquiry", "subject"),
     'inquiry: {subject: "Zeile 1\\nZeile 2", date: 01.01.2025}\n'),
])
def test_several_lines_typed_into_a_value_written_in_braces_are_saved_in_double_quotes(text, path, written):
    from pathlib import Path

    from inquirygen.editor.changes import Change, apply_change
    from inquirygen.yamlfile import parse_yaml_text

    document = parse_yaml_text(Path("a.yaml"), text, [])
    assert document is not None
    assert apply_change(document, Change("set", path, "Zeile 1\nZeile 2")) == written


@pytest.mark.parametrize(("text", "change"), [
    ("questions:\n  - question: a\n    response: [1, 2]\n", ("set", ("questions", 0, "response"), "")),
    ("letter:\n  contact: {name: X}\n  enclosures: {a: 1}\n", ("set_list", ("letter", "enclosures"), [""])),
])
def test_a_field_that_showed_nothing_for_a_list_or_mapping_changes_nothing_when_left_empty(text, change):
    from pathlib import Path

    from inquirygen.editor.changes import Change, apply_change
    from inquirygen.yamlfile import parse_yaml_text

    document = parse_yaml_text(Path("a.yaml"), text, [])
    assert document is not None
    assert apply_change(document, Change(*change)) == text
