"""The editor in a real browser (Debian's Chromium through playwright): type, see the preview, save, build."""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import docx
import pytest

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
pytestmark = pytest.mark.skipif(not Path(CHROMIUM).exists() and not os.environ.get("CI"),
                                reason="Debian's chromium is not installed (CI installs it)")
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run"]


@pytest.fixture
def server(example_workspace):
    """``inquirygen edit`` as a user starts it, in German; ended with Ctrl+C (SIGINT) afterwards."""
    process = subprocess.Popen(
        [sys.executable, "-m", "inquirygen", "edit", "2025-09-15.yaml", "--no-browser"],
        cwd=example_workspace, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        env={**os.environ, "INQUIRYGEN_LANG": "de"})
    assert process.stdout is not None
    first = process.stdout.readline()
    address = re.fullmatch(r"Der Editor läuft unter (http://127\.0\.0\.1:\d+/[\w-]{32}/"
                           r"edit\?file=answers/2025-09-15\.yaml)\n", first)
    try:
        assert address, first
        yield process, address.group(1)
    finally:
        process.send_signal(signal.SIGINT)
        out, err = process.communicate(timeout=60)
    assert process.returncode == 0, err
    assert out.endswith("Der Editor wurde beendet.\n")
    assert "Traceback" not in err


@pytest.fixture
def page():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            yield browser.new_page(accept_downloads=True)
        finally:
            browser.close()


def test_type_a_question_and_answer_see_the_preview_save_and_build(server, page, example_workspace, tmp_path):
    from playwright.sync_api import expect

    _process, address = server
    answer_file = example_workspace / "answers" / "2025-09-15.yaml"
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.goto(address)
    expect(page.get_by_label("Betreff", exact=True)).to_have_value("Umgang mit Ausreisepflichtigen")
    page.get_by_role("button", name="Frage hinzufügen", exact=True).click()
    question = page.locator("#f-questions\\.3\\.question")
    expect(question).to_be_visible()
    question.fill("Wie viele Fahrräder hat der Kreis?")
    response = page.locator("#f-questions\\.3\\.response")
    response.fill("Der Kreis hat ")
    response.press("End")
    page.locator("#question-3 .toolbar").get_by_role("button", name="Fett").click()
    page.keyboard.type("zwölf")
    response.press("End")
    page.keyboard.type(" Fahrräder.")
    preview = page.locator("#preview")
    expect(preview).to_contain_text("4. Wie viele Fahrräder hat der Kreis?")
    expect(preview.locator("strong", has_text="zwölf")).to_be_visible()
    expect(page.locator("#status")).to_have_text("Gespeichert.")
    text = answer_file.read_text(encoding="utf-8")
    assert text.startswith("# Anfrage der Kreistagsfraktion Bündnis 90 / Die Grünen vom 15.09.2025\n")
    assert text.endswith("    see: schulung\n  - question: 'Wie viele Fahrräder hat der Kreis?'\n"
                         "    response: 'Der Kreis hat **zwölf** Fahrräder.'\n")

    page.get_by_role("button", name="Word-Datei erstellen").click()
    link = page.get_by_role("link", name="2025-09-15.docx herunterladen")
    with page.expect_download() as download:
        link.click()
    target = tmp_path / "geladen.docx"
    download.value.save_as(target)
    words = "\n".join(p.text for p in docx.Document(str(target)).paragraphs)
    assert "Wie viele Fahrräder hat der Kreis?" in words and "Der Kreis hat zwölf Fahrräder." in words
    assert target.read_bytes() == (example_workspace / "out" / "2025-09-15.docx").read_bytes()
    assert errors == []  # no script error, nothing refused (the page's own files carry the token)


def test_a_change_in_a_text_editor_appears_in_the_browser(server, page, example_workspace):
    from playwright.sync_api import expect

    _process, address = server
    answer_file = example_workspace / "answers" / "2025-09-15.yaml"
    page.goto(address)
    expect(page.locator("#preview")).to_contain_text("Sehr geehrte Frau Krieg,")
    answer_file.write_text(answer_file.read_text(encoding="utf-8").replace("Frau Krieg", "Herr Maus"),
                           encoding="utf-8")
    expect(page.get_by_label("Anrede (z. B. Frau Krieg)")).to_have_value("Herr Maus")
    expect(page.locator("#preview")).to_contain_text("Sehr geehrter Herr Maus,")


def test_the_snippet_picker_asks_for_the_variables_by_keyboard(server, page, example_workspace):
    from playwright.sync_api import expect

    _process, address = server
    page.goto(address)
    page.locator("#question-1 .toolbar").get_by_role("button", name="Textbaustein einfügen").focus()
    page.keyboard.press("Enter")
    dialog = page.get_by_role("dialog")
    expect(dialog).to_be_visible()
    variable = dialog.get_by_label("behoerde")
    expect(variable).to_have_value("Ausländerbehörde des Kreises Recklinghausen")
    variable.fill("Ausländerbehörde der Stadt Beispiel")
    variable.press("Enter")
    response = page.locator("#f-questions\\.1\\.response")
    expect(response).to_have_value(re.compile(
        r'\{\{ snippet\("deeskalation-grundsatz", behoerde="Ausländerbehörde der Stadt Beispiel"\) \}\}'))
    expect(page.locator("#preview")).to_contain_text("dass die Ausländerbehörde der Stadt Beispiel stets")
    expect(page.locator("#status")).to_have_text("Gespeichert.")


def test_the_browser_is_refused_without_the_token_and_without_the_form_token(server, page, example_workspace):
    _process, address = server
    origin, token = re.match(r"(http://[^/]+)/([^/]+)/", address).groups()
    assert page.request.get(origin + "/").status == 403
    assert page.request.get(f"{origin}/edit?file=answers/2025-09-15.yaml").status == 403
    before = (example_workspace / "answers" / "2025-09-15.yaml").read_bytes()
    refused = page.request.post(f"{origin}/{token}/change", data={
        "file": "answers/2025-09-15.yaml", "op": "set", "path": ["inquiry", "subject"], "value": "X"})
    assert refused.status == 403
    assert refused.text() == "Zugriff verweigert."
    assert (example_workspace / "answers" / "2025-09-15.yaml").read_bytes() == before
