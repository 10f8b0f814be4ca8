"""The editor's server: its guards (token, host, origin, form token, workspace), saving, problems, build."""

from __future__ import annotations

import io
import os
import re
import shutil
import subprocess
import sys

import docx
import pytest
from starlette.testclient import TestClient

from inquirygen.build import check_files
from inquirygen.editor.app import create_app
from inquirygen.editor.form import version_of
from inquirygen.editor.session import EditorSession
from inquirygen.workspace import Workspace

from .test_archive import StubPdf

PORT = 8765
FILE = "answers/2025-09-15.yaml"


@pytest.fixture
def editor(example_workspace):
    session = EditorSession(example_workspace.resolve(), port=PORT)
    client = TestClient(create_app(session), base_url=f"http://127.0.0.1:{PORT}")
    return session, client


def post(session, client, url, body, **headers):
    sent = {"X-CSRF-Token": session.csrf, "Origin": f"http://127.0.0.1:{PORT}", **headers}
    return client.post(f"/{session.token}{url}", json=body, headers=sent)


def version(session, name=FILE):
    return version_of((session.root / name).read_bytes())


def test_a_request_without_the_token_or_with_a_wrong_one_is_refused(editor):
    session, client = editor
    assert client.get(f"/{session.token}/").status_code == 200
    for address in ("/", f"/edit?file={FILE}", f"/{session.token[:-1]}x/", f"/x{session.token}/",
                    "/static/editor.js"):
        response = client.get(address)
        assert response.status_code == 403, address
        assert response.text == "Access refused."
        assert response.headers["Content-Security-Policy"].startswith("default-src 'none'")


def test_another_host_or_origin_is_refused(editor):
    session, client = editor
    assert client.get(f"/{session.token}/", headers={"Host": "evil.example:8765"}).status_code == 403
    assert client.get(f"/{session.token}/", headers={"Host": f"localhost:{PORT}"}).status_code == 200
    response = post(session, client, "/check", {"file": FILE}, Origin="http://evil.example")
    assert response.status_code == 403


def test_a_change_without_the_form_token_is_refused_and_writes_nothing(editor):
    session, client = editor
    before = (session.root / FILE).read_bytes()
    body = {"file": FILE, "op": "set", "path": ["inquiry", "subject"], "value": "X",
            "version": version(session)}
    for headers in ({"X-CSRF-Token": ""}, {"X-CSRF-Token": session.csrf[:-1] + "x"}):
        assert post(session, client, "/change", body, **headers).status_code == 403
    response = client.post(f"/{session.token}/change", content="file=" + FILE,
                           headers={"X-CSRF-Token": session.csrf,
                                    "Content-Type": "application/x-www-form-urlencoded"})
    assert response.status_code == 403  # what a form of another site could send
    assert (session.root / FILE).read_bytes() == before


def test_files_outside_the_workspace_are_refused_links_too(editor, tmp_path):
    session, client = editor
    outside = tmp_path / "secret.yaml"
    outside.write_text("inquiry: {subject: geheim}\n", encoding="utf-8")
    (session.root / "answers" / "link.yaml").symlink_to(outside)
    for name in ("../secret.yaml", str(outside), "answers/link.yaml", "inquirygen.yaml/../../secret.yaml",
                 "inquirygen.yaml", "answers/../../secret.yaml"):
        response = client.get(f"/{session.token}/edit", params={"file": name})
        assert response.status_code == 404, name
        assert response.text == f"'{name}' is not a file of the workspace that the editor may open"
        assert "geheim" not in response.text
    response = client.get(f"/{session.token}/download", params={"file": FILE})
    assert response.status_code == 404  # only letters are downloaded
    response = post(session, client, "/change", {"file": "answers/link.yaml", "op": "set",
                                                 "path": ["inquiry", "subject"], "value": "X"})
    assert response.status_code == 400
    assert outside.read_text(encoding="utf-8") == "inquiry: {subject: geheim}\n"


def test_the_start_page_is_the_status_overview_of_the_open_inquiries(editor):
    import datetime

    from inquirygen.workflow.status import open_inquiries

    session, client = editor
    page = client.get(f"/{session.token}/").text
    expected = open_inquiries(Workspace.discover(session.root), datetime.date.today())
    assert len(expected) == 8
    links = re.findall(rf'<a href="/{session.token}/edit\?file=([^"]+)">([^<]+)</a>', page)
    assert links == [(session.relative(row.file), row.subject) for row in expected]
    assert ('<a href="/' + session.token + '/edit?file=answers/2025-09-15.yaml">'
            "Umgang mit Ausreisepflichtigen</a>") in page


def test_the_form_shows_the_file_and_its_preview(editor):
    session, client = editor
    page = client.get(f"/{session.token}/edit", params={"file": FILE}).text
    assert '<label for="f-inquiry.subject">Subject</label>' in page
    assert 'value="Umgang mit Ausreisepflichtigen"' in page
    assert '<option value="schulung" selected>1. (schulung)</option>' in page
    assert "<p class=\"letter-salutation\">Sehr geehrte Frau Krieg,</p>" in page
    assert f'<meta name="csrf-token" content="{session.csrf}">' in page


def test_a_change_is_saved_and_the_preview_and_problems_come_back(editor):
    session, client = editor
    response = post(session, client, "/change", {
        "file": FILE, "op": "set", "path": ["questions", 1, "response"], "value": "Ja.\n\n- **eins**\n- zwei",
        "version": version(session)})
    assert response.status_code == 200, response.text
    result = response.json()
    text = (session.root / FILE).read_text(encoding="utf-8")
    assert "    response: |\n      Ja.\n\n      - **eins**\n      - zwei\n\n  - id: auffrischung\n" in text
    assert result["version"] == version(session)
    assert "<ul><li><p><strong>eins</strong></p></li><li><p>zwei</p></li></ul>" in result["preview"]
    assert result["problems"] == {"at": {}, "general": []}


def test_problems_are_shown_at_their_field_with_the_messages_of_check(editor):
    session, client = editor
    result = post(session, client, "/change", {"file": FILE, "op": "set", "path": ["questions", 2, "see"],
                                               "value": "schulungg", "version": version(session)}).json()
    run = check_files(Workspace.discover(session.root), [session.root / FILE])
    assert run.problems and result["preview"] is None
    shown = result["problems"]["at"]["questions.2.see"]
    assert [p["message"] for p in shown] == [p.message for p in run.problems]
    assert shown[0]["severity"] == "error"


def test_a_change_to_a_file_changed_elsewhere_is_not_saved(editor):
    session, client = editor
    old = version(session)
    path = session.root / FILE
    path.write_text(path.read_text(encoding="utf-8").replace("Frau Krieg", "Herr Maus"), encoding="utf-8")
    response = post(session, client, "/change", {"file": FILE, "op": "set", "path": ["inquiry", "subject"],
                                                 "value": "X", "version": old})
    assert response.status_code == 409
    text = path.read_text(encoding="utf-8")
    assert "Herr Maus" in text and "subject: X" not in text
    state = client.get(f"/{session.token}/state", params={"file": FILE}).json()
    assert state == {"version": version(session)}


def test_a_change_that_cannot_be_written_says_why(editor):
    session, client = editor
    response = post(session, client, "/change", {"file": FILE, "op": "move", "path": ["questions", 0],
                                                 "to": 9, "version": version(session)})
    assert response.status_code == 422
    assert response.json()["problems"][0]["message"].startswith("this change cannot be saved")


def test_build_writes_the_letter_and_offers_it_for_download(editor):
    session, client = editor
    result = post(session, client, "/build", {"file": FILE, "pdf": False}).json()
    assert result["files"] == [{"name": "2025-09-15.docx",
                                "url": f"/{session.token}/download?file=out/2025-09-15.docx"}]
    response = client.get(result["files"][0]["url"])
    assert response.status_code == 200
    assert response.headers["content-disposition"] == 'attachment; filename="2025-09-15.docx"'
    text = "\n".join(p.text for p in docx.Document(io.BytesIO(response.content)).paragraphs)
    assert "Sehr geehrte Frau Krieg," in text


def test_archive_refuses_a_letter_that_is_not_final_with_its_problems(editor):
    session, client = editor
    path = session.root / FILE
    path.write_text(path.read_text(encoding="utf-8").replace("    see: schulung\n", ""), encoding="utf-8")
    response = post(session, client, "/archive", {"file": FILE})
    assert response.status_code == 422
    messages = [p["message"] for p in response.json()["problems"]]
    assert "question 3. has no response yet (unanswered)" in messages
    assert not (session.root / "archive").exists() or not any((session.root / "archive").rglob("*.docx"))


def test_a_plain_build_loads_nothing_of_the_editor(example_workspace):
    code = ("import runpy, sys\n"
            "sys.argv = ['inquirygen', 'build', '2025-09-15.yaml', '-o', 'letter.docx']\n"
            "try:\n"
            "    runpy.run_module('inquirygen', run_name='__main__')\n"
            "except SystemExit:\n"
            "    print(sorted({m.split('.')[0] for m in sys.modules} & {'starlette', 'uvicorn', 'ruamel', "
            "'anyio'}), 'inquirygen.editor' in sys.modules)\n")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            cwd=example_workspace, check=True, env={**os.environ, "INQUIRYGEN_LANG": "en"})
    assert result.stdout.endswith("[] False\n")


def test_edit_refuses_a_port_in_use_with_exit_3(example_workspace, cli):
    import socket

    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen(1)
        port = taken.getsockname()[1]
        result = cli("edit", "--no-browser", "--port", str(port), cwd=example_workspace)
    assert result.exit_code == 3
    assert result.stderr.startswith(f"Error: the editor cannot listen on port {port}: ")
    assert "Traceback" not in result.output + result.stderr


def test_edit_names_a_missing_file_with_exit_2(example_workspace, cli):
    result = cli("edit", "--no-browser", "fehlt.yaml", cwd=example_workspace)
    assert result.exit_code == 2
    assert "answer file 'fehlt.yaml' not found" in result.stderr


def test_every_broken_file_opens_with_every_problem_check_finds(tmp_path):
    from markupsafe import escape  # as the page's templates escape

    from .conftest import DATA

    folder = tmp_path / "data"
    shutil.copytree(DATA, folder)
    session = EditorSession(folder.resolve(), port=PORT)
    client = TestClient(create_app(session), base_url=f"http://127.0.0.1:{PORT}")
    files = sorted(path for path in folder.glob("*.yaml") if path.name != "inquirygen.yaml")
    assert len(files) > 20
    workspace = Workspace.discover(folder)
    for path in files:
        page = client.get(f"/{session.token}/edit", params={"file": path.name})
        assert page.status_code == 200, path.name
        for problem in check_files(workspace, [path]).problems:
            assert str(escape(problem.message)) in page.text, (path.name, problem.message)


def test_a_file_that_may_not_be_read_is_named_not_a_traceback(editor, monkeypatch):
    from inquirygen.editor import actions

    session, client = editor

    def refused(_session, path):
        raise PermissionError(13, "Permission denied", str(path))

    monkeypatch.setattr(actions, "check", refused)
    response = client.get(f"/{session.token}/edit", params={"file": FILE})
    assert response.status_code == 500
    assert "Traceback" not in response.text
    assert response.text.startswith("cannot use ") and "2025-09-15.yaml: Permission denied" in response.text
    response = post(session, client, "/check", {"file": FILE})
    assert response.status_code == 500 and response.json()["message"] == (
        client.get(f"/{session.token}/edit", params={"file": FILE}).text)


def test_edit_outside_a_workspace_says_there_is_none_with_exit_2(tmp_path, cli):
    result = cli("edit", "--no-browser", cwd=tmp_path)
    assert result.exit_code == 2
    assert result.stderr.startswith("Error: no workspace here: no inquirygen.yaml in this folder")


def test_build_with_pdf_then_archive_stores_the_letter_that_was_built(editor, monkeypatch):
    monkeypatch.setattr(Workspace, "pdf_converter", lambda self: StubPdf())
    session, client = editor
    result = post(session, client, "/build", {"file": FILE, "pdf": True}).json()
    assert [f["name"] for f in result["files"]] == ["2025-09-15.docx", "2025-09-15.pdf"]
    pdf = client.get(result["files"][1]["url"])
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF-1.7\n")
    response = post(session, client, "/archive", {"file": FILE})
    assert response.status_code == 200, response.text
    entry = response.json()["entry"]
    assert entry == "2025-10-06_umgang-mit-ausreisepflichtigen"
    (folder,) = (session.root / "archive").rglob(entry)
    assert (folder / "letter.pdf").read_bytes() == pdf.content
    assert (folder / "letter.docx").read_bytes() == (session.root / "out" / "2025-09-15.docx").read_bytes()


def test_a_broken_configuration_is_named_at_its_line(editor):
    session, client = editor
    config = session.root / "inquirygen.yaml"
    config.write_text(config.read_text(encoding="utf-8") + "unbekannt: 1\n", encoding="utf-8")
    page = client.get(f"/{session.token}/edit", params={"file": FILE})
    assert page.status_code == 422
    lines = page.text.splitlines()
    assert lines[0] == "1 problem found"
    assert re.fullmatch(r".*inquirygen\.yaml:\d+:1: unknown key 'unbekannt'", lines[1]), lines[1]


def test_the_editor_listens_on_127_0_0_1_only():
    from inquirygen.editor.server import bind

    listener = bind(0)
    try:
        host, port = listener.getsockname()
        assert host == "127.0.0.1" and port > 0
    finally:
        listener.close()
