"""What a clerk reads in German when a template, an output file, LibreOffice or an image fails."""

from __future__ import annotations

import pytest

from inquirygen.i18n import _

from .conftest import edit_template
from .test_pdf import configure, fake_soffice
from .test_signature import png, workspace_with_signature

TEMPLATE = "templates/answer_letter.docx"
SHOWN = "Vorlage „templates/answer_letter.docx“"

TRACKED_CHANGE = {'<w:t xml:space="preserve">{{ letter.closing }}</w:t></w:r>':
                  '<w:t xml:space="preserve">{{ letter.closing }}</w:t></w:r><w:ins w:id="7" w:author="A" '
                  'w:date="2025-01-01T00:00:00Z"><w:r><w:t>Entwurf</w:t></w:r></w:ins>'}
COMMENT = {'<w:t xml:space="preserve">{{ letter.closing }}</w:t></w:r>':
           '<w:t xml:space="preserve">{{ letter.closing }}</w:t></w:r><w:commentRangeStart w:id="3"/>'
           '<w:commentRangeEnd w:id="3"/><w:r><w:commentReference w:id="3"/></w:r>'}

TRACKED_MESSAGE = ("Die Vorlage enthält Änderungen der Änderungsnachverfolgung, die in jedes Schreiben "
                   "übernommen würden")
TRACKED_HINT = ("Nehmen Sie die Änderungen an oder lehnen Sie sie ab (Word: Überprüfen → Annehmen → Alle "
                "Änderungen annehmen; LibreOffice: Bearbeiten → Änderungen verfolgen → Alle akzeptieren) "
                "und speichern Sie die Vorlage; oder lassen Sie „inquirygen template clean“ alle "
                "Änderungen annehmen, das Original bleibt dabei erhalten")
COMMENT_MESSAGE = "Die Vorlage enthält Kommentare, die in jedes Schreiben übernommen würden"
COMMENT_HINT = ("Löschen Sie die Kommentare (Word: Überprüfen → Löschen → Alle Kommentare im Dokument "
                "löschen) und speichern Sie die Vorlage; oder lassen Sie „inquirygen template clean“ die "
                "Kommentare entfernen, das Original bleibt dabei erhalten")


@pytest.fixture
def german(monkeypatch):
    monkeypatch.setenv("INQUIRYGEN_LANG", "de")


def error_message(stderr: str) -> str:
    """The message of the ``Error: …`` line that ends standard error.

    The prefix is the command line's own word ("Fehler: " in German), translated with the CLI's texts;
    here only what follows it is checked.
    """
    last = stderr.splitlines()[-1]
    prefix, _separator, message = last.partition(": ")
    assert prefix in ("Fehler", "Error"), stderr
    return message


@pytest.mark.parametrize("edit, message, hint", [
    (TRACKED_CHANGE, TRACKED_MESSAGE, TRACKED_HINT),
    (COMMENT, COMMENT_MESSAGE, COMMENT_HINT),
])
def test_a_template_with_tracked_changes_or_comments(example_workspace, cli, german, edit, message,
                                                     hint):
    edit_template(example_workspace / TEMPLATE, edit)
    checked = cli("check", cwd=example_workspace)
    assert checked.exit_code == 1
    assert f"{TEMPLATE}: (word/document.xml) {message}\n    Hinweis: {hint}\n" in checked.stderr
    built = cli("build", "2025-09-15.yaml", cwd=example_workspace)
    assert built.exit_code == 1
    assert error_message(built.stderr) == f"{SHOWN} (word/document.xml): {message}. {hint}"
    assert not (example_workspace / "out" / "2025-09-15.docx").exists()


def test_template_problems_kept_in_the_cache_read_in_the_language_of_the_run(
        example_workspace, cli, monkeypatch):
    edit_template(example_workspace / TEMPLATE, TRACKED_CHANGE)
    monkeypatch.setenv("INQUIRYGEN_LANG", "en")
    assert "has tracked changes, which every letter would carry" in \
        cli("check", cwd=example_workspace).stderr
    monkeypatch.setenv("INQUIRYGEN_LANG", "de")
    assert TRACKED_MESSAGE in cli("check", cwd=example_workspace).stderr


def test_a_template_asking_for_an_unknown_variable(example_workspace, cli, german):
    edit_template(example_workspace / TEMPLATE, {"{{ recipient.salutation }}": "{{ recipient.anrede }}",
                                                 "{{ letter.closing }}": "{{ letter.closng }}"})
    checked = cli("check", cwd=example_workspace)
    assert checked.exit_code == 1
    hint = ("    Hinweis: Schlagen Sie in der README unter „Template variables“ nach, welche Platzhalter "
            "es gibt")
    assert checked.stderr.splitlines()[:4] == [
        (f"{TEMPLATE}: (word/document.xml) Die Vorlage verwendet den Platzhalter „letter.closng“, den "
         "inquirygen nicht kennt (meinten Sie „letter.closing“?)"), hint,
        (f"{TEMPLATE}: (word/document.xml) Die Vorlage verwendet den Platzhalter „recipient.anrede“, den "
         "inquirygen nicht kennt (meinten Sie „recipient.address“?)"), hint,
    ]
    built = cli("build", "2025-09-15.yaml", cwd=example_workspace)
    assert built.exit_code == 1
    assert error_message(built.stderr) == (f"{SHOWN} (word/document.xml): Die Vorlage verwendet den "
                                           "Platzhalter „anrede“, den inquirygen nicht kennt")


def test_in_a_batch_the_problem_stands_at_the_template_without_its_name_again(
        example_workspace, cli, german):
    edit_template(example_workspace / "templates" / "kleine_anfrage.docx",
                  {"{{ recipient.salutation }}": "{{ recipient.anrede }}"})
    result = cli("build", "2025-09-15.yaml", "2025-08-14-kleine-anfrage.yaml", "-o", "versand/",
                 cwd=example_workspace)
    assert result.exit_code == 1
    assert result.stderr.startswith(
        "templates/kleine_anfrage.docx: (word/document.xml): Die Vorlage verwendet den Platzhalter "
        "„anrede“, den inquirygen nicht kennt\n")
    assert (example_workspace / "versand" / "2025-09-15.docx").exists()


def test_a_broken_tag_in_a_template(example_workspace, cli, german):
    edit_template(example_workspace / TEMPLATE, {"{%p if letter.intro %}": "{%p iff letter.intro %}"})
    checked = cli("check", cwd=example_workspace)
    assert checked.exit_code == 1
    assert (f"{TEMPLATE}: (word/document.xml) Ein Platzhalter ist fehlerhaft (Jinja meldet: „iff“ ist "
            "kein bekannter Befehl.)\n") in checked.stderr
    built = cli("build", "2025-09-15.yaml", cwd=example_workspace)
    assert built.exit_code == 1
    assert error_message(built.stderr) == (
        f"{SHOWN} (word/document.xml): Ein Platzhalter bei „{{% endif %}}{{% iff letter.intro %}}“ ist "
        "fehlerhaft (Jinja meldet: „iff“ ist kein bekannter Befehl.)")


def test_typographic_quotes_in_a_template(example_workspace, cli, german):
    edit_template(example_workspace / TEMPLATE,
                  {"{{ letter.closing }}": "{{ letter.closing or „Hochachtungsvoll“ }}"})
    checked = cli("check", cwd=example_workspace)
    assert checked.exit_code == 1
    # docxtpl has already made the closing quote straight: the opening one is what Jinja stumbles on.
    assert (f"{TEMPLATE}: (word/document.xml) Im Platzhalter „{{{{ letter.closing or „Hochachtungsvoll\" "
            "}}“ stehen typografische Anführungszeichen\n"
            "    Hinweis: Die AutoKorrektur von Word hat die geraden Anführungszeichen ersetzt; schalten "
            "Sie in der AutoKorrektur „Gerade Anführungszeichen durch typografische ersetzen“ aus und "
            "tippen Sie die Anführungszeichen neu\n") in checked.stderr


def test_a_block_never_closed_in_a_template(example_workspace, cli, german):
    edit_template(example_workspace / TEMPLATE, {
        '{{ letter.intro }}</w:t></w:r></w:p><w:p><w:r><w:t xml:space="preserve">{%p endif %}</w:t></w:r>'
        '</w:p>': '{{ letter.intro }}</w:t></w:r></w:p>'})
    checked = cli("check", cwd=example_workspace)
    assert checked.exit_code == 1
    assert (f"{TEMPLATE}: (word/document.xml) Der Bereich „{{%p if … %}}“ wird nirgends geschlossen (er "
            "beginnt bei „{%p if letter.intro %} {{ letter.intro }}“)\n"
            "    Hinweis: Fügen Sie dort, wo der Bereich enden soll, einen Absatz „{%p endif %}“ ein\n"
            ) in checked.stderr


def test_a_block_from_one_table_cell_into_another(example_workspace, cli, german):
    edit_template(example_workspace / TEMPLATE, {
        "{{ office.return_address }}": "{%p if office.return_address %}",
        "{{ letter.date }}": "{%p endif %}"})
    checked = cli("check", cwd=example_workspace)
    assert checked.exit_code == 1
    assert (f"{TEMPLATE}: (word/document.xml) Der Bereich „{{%p if office.return_address %}}“ beginnt in "
            "Tabelle 1, Zeile 2, Zelle 1, sein „{%p endif %}“ steht aber in Tabelle 1, Zeile 3, Zelle 3; "
            "ein Bereich kann nicht von einer Tabellenzelle in eine andere reichen\n"
            "    Hinweis: Setzen Sie Anfang und Ende des Bereichs in dieselbe Zelle, oder wiederholen Sie "
            "ganze Tabellenzeilen mit „{%tr if … %}“ … „{%tr endif %}“, jeweils allein in einer "
            "Tabellenzeile\n") in checked.stderr


def test_a_template_without_an_answer_style(example_workspace, cli, german):
    edit_template(example_workspace / TEMPLATE, {'w:val="Antwort Aufzählung 2"': 'w:val="Liste 2"'},
                  part="word/styles.xml")
    message = ("Es fehlt die Formatvorlage „Antwort Aufzählung 2“, in der die Antworten geschrieben "
               "werden; eine in Word oder LibreOffice umbenannte Formatvorlage behält ihren Platz, "
               "geben Sie ihr also ihren Namen zurück")
    checked = cli("check", cwd=example_workspace)
    assert checked.exit_code == 1
    assert f"{TEMPLATE}: {message}\n" in checked.stderr
    built = cli("build", "2025-09-15.yaml", cwd=example_workspace)
    assert built.exit_code == 1
    assert error_message(built.stderr) == f"{SHOWN}: {message}"


def test_a_file_that_is_no_template(example_workspace, cli, german):
    (example_workspace / TEMPLATE).write_text("kein Word", encoding="utf-8")
    built = cli("build", "2025-09-15.yaml", cwd=example_workspace)
    assert built.exit_code == 1
    assert f"{TEMPLATE}: Die Datei ist kein Word-Dokument (.docx): File is not a zip file\n" in built.stderr


def test_an_output_that_cannot_be_written(data_workspace, cli, german):
    (data_workspace / "blocked").write_text("eine Datei, wo ein Ordner sein soll", encoding="utf-8")
    result = cli("build", "valid.yaml", "-o", "blocked/valid.docx", cwd=data_workspace)
    assert result.exit_code == 3
    assert error_message(result.stderr) == ("Die Datei blocked/valid.docx kann nicht geschrieben werden: "
                                            "blocked ist eine Datei, kein Ordner")


def test_libreoffice_not_found(example_workspace, cli, german):
    configure(example_workspace, "/nowhere/soffice")
    result = cli("build", "--pdf", "2025-09-15.yaml", cwd=example_workspace)
    assert result.exit_code == 3
    assert error_message(result.stderr) == (
        "LibreOffice wurde nicht gefunden („/nowhere/soffice“); installieren Sie LibreOffice "
        "(Debian/Ubuntu: apt-get install libreoffice-writer-nogui fonts-liberation2) oder geben Sie in "
        "den Einstellungen (inquirygen.yaml) unter pdf.soffice an, wo soffice liegt")
    assert sorted(p.name for p in (example_workspace / "out").iterdir()) == [".2025-09-15.inquirygen.json",
                                                                          "2025-09-15.docx"]


def test_libreoffice_failing_or_hanging(example_workspace, cli, tmp_path, german):
    configure(example_workspace, fake_soffice(tmp_path, 'echo "Error: source file could not be loaded" '
                                                        ">&2\nexit 1\n"))
    result = cli("build", "--pdf", "2025-09-15.yaml", cwd=example_workspace)
    assert result.exit_code == 3
    assert error_message(result.stderr) == ("LibreOffice ist mit einem Fehler abgebrochen (Fehlercode 1): "
                                            "Error: source file could not be loaded")
    (example_workspace / "inquirygen.yaml").write_text(
        (example_workspace / "inquirygen.yaml").read_text(encoding="utf-8").split("\npdf:")[0],
        encoding="utf-8")
    configure(example_workspace, fake_soffice(tmp_path, "sleep 60\n", name="hanging"), timeout=1)
    result = cli("build", "--pdf", "2025-09-15.yaml", cwd=example_workspace)
    assert result.exit_code == 3
    assert error_message(result.stderr) == ("LibreOffice war nach 1 Sekunde nicht fertig und wurde "
                                            "beendet; es wurde kein PDF geschrieben")
    assert not list((example_workspace / "out").glob("*.pdf*"))


def test_a_truncated_png_as_signature_image(tmp_path, cli, german):
    message = "'{path}' is not a PNG or JPEG image"
    if _(message) == message:  # pragma: no cover - the check's message is translated with resolve/
        pytest.skip("the image check's message (inquirygen/resolve/validate.py) is not German yet")
    workspace_with_signature(tmp_path, "signatures/kaputt.png")
    (tmp_path / "signatures" / "kaputt.png").write_bytes(png(400, 100)[:20])  # ends inside IHDR
    result = cli("build", "radwege.yaml", cwd=tmp_path)
    assert result.exit_code == 1
    assert result.stderr.startswith("inquirygen.yaml:4:16: „signatures/kaputt.png“ ist kein Bild im "
                                    "Format PNG oder JPEG.\n")
    assert not (tmp_path / "out").exists()


def test_an_image_that_changes_while_the_letter_is_written(tmp_path, cli, german, monkeypatch):
    from inquirygen.writers.docx import wordml

    workspace_with_signature(tmp_path, "signatures/klimpel.png")
    monkeypatch.setattr(wordml, "image_info", lambda data: None)  # as if replaced after the check
    result = cli("build", "radwege.yaml", cwd=tmp_path)
    assert result.exit_code == 1
    assert error_message(result.stderr) == (
        "Das Bild „signatures/klimpel.png“ hat sich geändert, während das Schreiben erstellt wurde (es "
        "ist kein PNG- oder JPEG-Bild mehr); erstellen Sie das Schreiben noch einmal")
    assert not (tmp_path / "out" / "radwege.docx").exists()
