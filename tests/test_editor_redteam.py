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
