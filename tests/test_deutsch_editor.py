"""The editor speaks German to the clerk: its messages, refusals and the labels of its form."""

from __future__ import annotations

import datetime
import socket
from pathlib import Path

import pytest
from starlette.testclient import TestClient

from inquirygen.editor.app import create_app
from inquirygen.editor.changes import Change, apply_change
from inquirygen.editor.session import EditorSession
from inquirygen.errors import ProblemsFound
from inquirygen.yamlfile import parse_yaml_text

PORT = 8765


@pytest.fixture
def german(monkeypatch):
    monkeypatch.setenv("INQUIRYGEN_LANG", "de")


@pytest.fixture
def client(example_workspace, german):
    session = EditorSession(example_workspace.resolve(), port=PORT)
    return session, TestClient(create_app(session), base_url=f"http://127.0.0.1:{PORT}")


def test_a_taken_port_is_named_in_german_with_exit_3(example_workspace, cli, german):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen(1)
        port = taken.getsockname()[1]
        result = cli("edit", "--no-browser", "--port", str(port), cwd=example_workspace)
    assert result.exit_code == 3
    assert result.stderr == (f"Fehler: Der Editor kann Port {port} nicht verwenden: Address already in use; "
                             "wählen Sie mit --port einen anderen oder lassen Sie --port weg\n")


def test_refusals_are_german(client):
    session, browser = client
    refused = browser.get("/")
    assert (refused.status_code, refused.text) == (403, "Zugriff verweigert.")
    outside = browser.get(f"/{session.token}/edit", params={"file": "../geheim.yaml"})
    assert (outside.status_code, outside.text) == (
        404, "„../geheim.yaml“ ist keine Datei des Arbeitsordners, die der Editor öffnen darf")


def test_the_form_is_labelled_in_german(client):
    session, browser = client
    page = browser.get(f"/{session.token}/edit", params={"file": "answers/2025-09-15.yaml"}).text
    for label in ('<label for="f-inquiry.subject">Betreff</label>',
                  '<label for="f-recipient.salutation">Anrede (z. B. Frau Krieg)</label>',
                  '<label for="f-letter.signatory">Unterzeichner</label>',
                  '<label for="f-questions.0.response">Antwort (Markdown)</label>',
                  '<label for="f-questions.2.see">Statt einer Antwort verweisen auf</label>',
                  '<legend>Frage 1</legend>', ">Textbaustein einfügen</button>",
                  ">Word-Datei erstellen</button>", ">Archivieren</button>"):
        assert label in page, label
    answer_file = session.root / "answers" / "2025-09-15.yaml"
    answer_file.write_text(answer_file.read_text(encoding="utf-8").replace(
        "inquiry:\n", "inquiry:\n  due: 02.01.2020\n", 1), encoding="utf-8")
    start = browser.get(f"/{session.token}/").text
    assert "<h1>Offene Anfragen</h1>" in start
    # the days as inquirygen status says them, not a negative number
    overdue = (datetime.date.today() - datetime.date(2020, 1, 2)).days
    assert f"<td>{overdue} Tage überfällig</td>" in start
    assert '<th scope="col">Frist</th>' in start and '<th scope="col">Es fehlt noch</th>' in start


def test_a_change_that_cannot_be_saved_says_so_in_german(german):
    text = "questions:\n  - question: a\n"  # (several lines into braces are saved now, in double quotes)
    document = parse_yaml_text(Path("a.yaml"), text, [])
    assert document is not None
    with pytest.raises(ProblemsFound) as caught:
        apply_change(document, Change("move", ("questions", 0), to=5))
    (problem,) = caught.value.problems
    assert problem.message == ("Diese Änderung lässt sich nicht speichern, ohne andere Teile der Datei zu "
                               "ändern; es wurde nichts geändert")
    assert problem.hint == "Nehmen Sie die Änderung in einem Texteditor vor."
