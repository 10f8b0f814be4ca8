"""The workflow as a hurried clerk and an attacker use it: forms through LibreOffice, odd dates, lists."""

from __future__ import annotations

import subprocess
from pathlib import Path

import docx

from .conftest import soffice_or_skip
from .test_workflow_departments import ANSWER, CONFIG


def _office(tmp_path: Path) -> Path:
    (tmp_path / "inquirygen.yaml").write_text(CONFIG, encoding="utf-8")
    (tmp_path / "answers").mkdir()
    (tmp_path / "answers" / "a.yaml").write_text(ANSWER, encoding="utf-8")
    return tmp_path


def _fill_first_fields(source: Path, target: Path) -> None:
    form = docx.Document(str(source))
    form.tables[0].rows[0].cells[1].text = "Erika Muster"
    form.tables[1].rows[1].cells[0].paragraphs[0].text = "Es sind 120 km."
    form.save(str(target))


def test_a_form_saved_again_by_libreoffice_gives_every_answer(tmp_path, cli):
    # LibreOffice (and Word) join two tables with nothing between them into one: the field of the
    # first question must not be lost with the table of "Answered by" above it.
    soffice = soffice_or_skip()
    office = _office(tmp_path)
    assert cli("ask", "a.yaml", cwd=office).exit_code == 0
    _fill_first_fields(office / "out" / "a-ordnung.docx", office / "filled.docx")
    converted = office / "lo"
    subprocess.run([soffice, f"-env:UserInstallation=file://{tmp_path / 'profile'}", "--headless",
                    "--convert-to", "docx:MS Word 2007 XML", "--outdir", str(converted),
                    str(office / "filled.docx")], check=True, capture_output=True, timeout=180)
    result = cli("collect", "lo/filled.docx", cwd=office)
    assert (result.exit_code, result.stderr) == (0, "")
    assert result.stdout == ("lo/filled.docx: 1 answer taken into answers/a.yaml (1.)\n"
                             "lo/filled.docx: 1 field empty or unchanged (2.)\n")
    text = (office / "answers" / "a.yaml").read_text(encoding="utf-8")
    assert "    response: |\n      Es sind 120 km.\n    contributed_by: Ordnungsamt (Erika Muster)\n" in text


def test_ask_keeps_the_tables_of_a_form_apart(tmp_path, cli):
    office = _office(tmp_path)
    assert cli("ask", "a.yaml", cwd=office).exit_code == 0
    body = docx.Document(str(office / "out" / "a-ordnung.docx")).element.body
    tags = [child.tag.rsplit("}", 1)[1] for child in body.iterchildren()]
    assert "tbl" in tags and all(tags[i:i + 2] != ["tbl", "tbl"] for i in range(len(tags)))


def test_collect_finds_a_field_in_a_table_joined_to_the_one_above(tmp_path, cli):
    # A form sent out before the tables were kept apart, joined by Word or LibreOffice on saving.
    office = _office(tmp_path)
    assert cli("ask", "a.yaml", cwd=office).exit_code == 0
    form = docx.Document(str(office / "out" / "a-ordnung.docx"))
    first, second = form.tables[0], form.tables[1]
    for row in list(second._tbl.tr_lst):
        first._tbl.append(row)
    second._tbl.getparent().remove(second._tbl)
    form.tables[0].rows[2].cells[0].paragraphs[0].text = "Es sind 120 km."
    form.save(str(office / "joined.docx"))
    result = cli("collect", "joined.docx", cwd=office)
    assert (result.exit_code, result.stderr) == (0, "")
    assert result.stdout.startswith("joined.docx: 1 answer taken into answers/a.yaml (1.)\n")


def test_a_subject_like_a_formula_stays_text_in_the_lists(tmp_path, cli):
    # Subjects and questioners come from outside the office: Excel must not run them as formulas.
    import csv
    import io

    import openpyxl

    from .test_workflow_status import CONFIG as STATUS_CONFIG
    from .test_workflow_status import answer

    (tmp_path / "inquirygen.yaml").write_text(STATUS_CONFIG, encoding="utf-8")
    answer(tmp_path, "a.yaml", received="2025-09-19", subject="'=HYPERLINK(\"http://x.example\";\"Radwege\")'")
    answer(tmp_path, "b.yaml", received="2025-09-01", subject="'+49 Radwege'")
    result = cli("status", "--today", "2025-10-01", "--csv", "l.csv", "--xlsx", "l.xlsx", cwd=tmp_path)
    assert result.exit_code == 1, result.output
    sheet = openpyxl.load_workbook(tmp_path / "l.xlsx").active
    cells = [(sheet.cell(row, 2).value, sheet.cell(row, 2).data_type) for row in (2, 3)]
    assert cells == [("+49 Radwege", "s"), ('=HYPERLINK("http://x.example";"Radwege")', "s")]
    assert sheet.cell(2, 7).value == -16  # a number stays a number
    rows = list(csv.reader(io.StringIO((tmp_path / "l.csv").read_text(encoding="utf-8-sig")), delimiter=";"))
    assert [row[1] for row in rows[1:]] == ["'+49 Radwege", "'=HYPERLINK(\"http://x.example\";\"Radwege\")"]
    assert rows[1][6] == "-16"


def test_a_received_date_at_the_end_of_the_calendar_gives_no_traceback(tmp_path, cli):
    from .test_workflow_status import CONFIG as STATUS_CONFIG
    from .test_workflow_status import answer

    (tmp_path / "inquirygen.yaml").write_text(STATUS_CONFIG, encoding="utf-8")
    answer(tmp_path, "a.yaml", received="9999-12-25")
    answer(tmp_path, "b.yaml", received="9999-12-30", kind="Anfrage")
    result = cli("status", "--today", "2025-10-01", cwd=tmp_path)
    assert result.exit_code == 0, result.output
    assert "no deadline" in result.stdout and "Traceback" not in result.output
    assert [line.split()[:4] for line in result.stdout.splitlines() if "9999" in line] == [
        ["25.12.9999", "–", "no", "deadline"], ["30.12.9999", "–", "no", "deadline"]]
    assert cli("stats", "--today", "2025-10-01", cwd=tmp_path).exit_code == 0


def test_an_answer_file_saved_elsewhere_while_collect_runs_is_not_overwritten(tmp_path, cli, monkeypatch):
    from inquirygen.workflow import collect

    office = _office(tmp_path)
    assert cli("ask", "a.yaml", cwd=office).exit_code == 0
    _fill_first_fields(office / "out" / "a-ordnung.docx", office / "filled.docx")
    path = office / "answers" / "a.yaml"
    apply = collect._apply

    def saved_meanwhile(*args, **kwargs):  # the clerk saves the file in the editor meanwhile
        text = apply(*args, **kwargs)
        path.write_text(path.read_text(encoding="utf-8") + "# gespeichert\n", encoding="utf-8")
        return text

    monkeypatch.setattr(collect, "_apply", saved_meanwhile)
    result = cli("collect", "filled.docx", cwd=office)
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr == (
        "answers/a.yaml: the answer file was changed while the forms were read; nothing was written\n"
        "    hint: run 'inquirygen collect' again\n"
        "Error: 1 problem found\n")
    assert path.read_text(encoding="utf-8") == ANSWER + "# gespeichert\n"
    monkeypatch.setenv("INQUIRYGEN_LANG", "de")
    german = cli("collect", "filled.docx", cwd=office)
    assert german.stderr == (
        "answers/a.yaml: Die Antwortdatei wurde geändert, während die Formulare gelesen wurden; es wurde "
        "nichts geschrieben.\n"
        "    Hinweis: Rufen Sie „inquirygen collect“ noch einmal auf.\n"
        "Fehler: 1 Fehler gefunden\n")


def test_ask_again_keeps_a_filled_form_saved_under_its_name(tmp_path, cli, monkeypatch):
    # The clerk saves the department's reply over the form sent (same name), then asks again.
    office = _office(tmp_path)
    assert cli("ask", "a.yaml", cwd=office).exit_code == 0
    assert cli("ask", "a.yaml", cwd=office).exit_code == 0  # forms as sent are simply made anew
    form, other = office / "out" / "a-ordnung.docx", office / "out" / "a-schule.docx"
    _fill_first_fields(form, form)
    filled = form.read_bytes()
    other.unlink()
    result = cli("ask", "a.yaml", cwd=office)
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr == (
        "out/a-ordnung.docx: the form holds answers filled in since it was written; no form was written\n"
        "    hint: collect it with 'inquirygen collect' and move it to another folder, or write the new "
        "forms into another folder with -o\n"
        "Error: 1 problem found\n")
    assert form.read_bytes() == filled and not other.exists()
    monkeypatch.setenv("INQUIRYGEN_LANG", "de")
    german = cli("ask", "a.yaml", cwd=office)
    assert german.stderr.startswith(
        "out/a-ordnung.docx: Im Formular stehen schon Antworten, die seit dem Schreiben eingetragen wurden; "
        "es wurde kein Formular geschrieben.\n"
        "    Hinweis: Lesen Sie es mit „inquirygen collect“ ein und verschieben Sie es in einen anderen "
        "Ordner, oder schreiben Sie die neuen Formulare mit -o in einen anderen Ordner.\n")
    docx.Document().save(str(form))
    monkeypatch.setenv("INQUIRYGEN_LANG", "en")
    foreign = cli("ask", "a.yaml", cwd=office)
    assert (foreign.exit_code, foreign.stderr) == (1, (
        "out/a-ordnung.docx: the file exists and is not a form of 'inquirygen ask'; no form was written\n"
        "    hint: move it to another folder, or write the forms into another folder with -o\n"
        "Error: 1 problem found\n"))


def test_a_questioner_pasted_with_a_non_breaking_space_is_one_questioner(tmp_path):
    import datetime

    from inquirygen.workflow.stats import office_stats
    from inquirygen.workspace import Workspace

    from .test_workflow_status import CONFIG as STATUS_CONFIG
    from .test_workflow_status import answer

    (tmp_path / "inquirygen.yaml").write_text(STATUS_CONFIG, encoding="utf-8")
    answer(tmp_path, "a.yaml", received="2025-09-19")
    path = answer(tmp_path, "b.yaml", received="2025-09-20")
    pasted = path.read_text(encoding="utf-8").replace("questioner: Fraktion A",
                                                      'questioner: "Fraktion\\u00a0A"')
    path.write_text(pasted, encoding="utf-8")
    found = office_stats(Workspace.discover(tmp_path), datetime.date(2025, 10, 1))
    assert [(group.name, group.inquiries) for group in found.by_questioner] == [("Fraktion A", 2)]


def test_a_sign_off_named_twice_in_the_configuration_is_missing_once(tmp_path, cli):
    from .test_workflow_status import CONFIG as STATUS_CONFIG
    from .test_workflow_status import answer

    config = STATUS_CONFIG.replace("required: [signed_off]", "required: [signed_off, cosigned, signed_off]")
    (tmp_path / "inquirygen.yaml").write_text(config, encoding="utf-8")
    answer(tmp_path, "a.yaml", received="2025-09-19")
    status = cli("status", "--today", "2025-10-01", cwd=tmp_path)
    assert status.stdout.count("the letter is not signed off yet") == 1
    final = cli("check", "--final", "a.yaml", cwd=tmp_path)
    assert (final.exit_code, final.stderr.count("the letter is not signed off yet")) == (1, 1)


def test_a_response_that_cannot_be_written_stops_only_its_own_field(tmp_path, cli):
    office = _office(tmp_path)
    path = office / "answers" / "a.yaml"
    flow = ANSWER.replace("  - question: Seit wann?\n    department: ordnung\n    response: |\n"
                          "      Seit 2020.\n", "  - {question: Seit wann, department: ordnung}\n")
    path.write_text(flow, encoding="utf-8")
    assert cli("ask", "a.yaml", cwd=office).exit_code == 0
    form = docx.Document(str(office / "out" / "a-ordnung.docx"))
    form.tables[1].rows[1].cells[0].paragraphs[0].text = "Viele."
    form.tables[2].rows[1].cells[0].paragraphs[0].text = "Seit 2019."
    form.save(str(office / "zurueck.docx"))
    result = cli("collect", "zurueck.docx", cwd=office)
    assert result.exit_code == 1
    assert result.stdout == "zurueck.docx: 1 answer taken into answers/a.yaml (1.)\n"
    assert result.stderr == (  # at the line of the question in the file as written
        "answers/a.yaml:19:5: the response of '2.' cannot be written without changing other text of the "
        "file; nothing was changed\n"
        "    hint: write the response into the file yourself\n")
    written = path.read_text(encoding="utf-8")
    assert written == flow.replace("    department_due: 2025-09-25\n", "    department_due: 2025-09-25\n"
                                   "    response: |\n      Viele.\n    contributed_by: Ordnungsamt\n")
    assert written.splitlines()[18] == "  - {question: Seit wann, department: ordnung}"


def test_a_link_and_tracked_changes_in_a_field_are_read_as_word_shows_them(tmp_path, cli):
    # Word makes a typed web address a link, and offices often fill forms with changes tracked.
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    office = _office(tmp_path)
    assert cli("ask", "a.yaml", cwd=office).exit_code == 0
    form = docx.Document(str(office / "out" / "a-ordnung.docx"))
    typed = form.tables[1].rows[1].cells[0].paragraphs[0]
    typed.text = "Siehe "
    typed._p.append(parse_xml(f'<w:hyperlink {nsdecls("w", "r")} r:id="rId99"><w:r><w:t>'
                              'https://kreis.example/radwege</w:t></w:r></w:hyperlink>'))
    typed._p.append(parse_xml(f'<w:ins {nsdecls("w")} w:id="1" w:author="M" w:date="2025-09-20T10:00:00Z">'
                              '<w:r><w:rPr><w:b/></w:rPr><w:t xml:space="preserve"> und 120 km.</w:t></w:r>'
                              '</w:ins>'))
    changed = form.tables[2].rows[1].cells[0].paragraphs[0]
    for run in list(changed._p.r_lst):
        changed._p.remove(run)
    changed._p.append(parse_xml(f'<w:del {nsdecls("w")} w:id="2" w:author="M" w:date="2025-09-20T10:00:00Z">'
                                '<w:r><w:delText>Seit 2020.</w:delText></w:r></w:del>'))
    changed._p.append(parse_xml(f'<w:ins {nsdecls("w")} w:id="3" w:author="M" w:date="2025-09-20T10:00:00Z">'
                                '<w:r><w:t>Seit 2019.</w:t></w:r></w:ins>'))
    form.save(str(office / "zurueck.docx"))
    result = cli("collect", "zurueck.docx", cwd=office)
    assert (result.exit_code, result.stderr) == (0, "")
    text = (office / "answers" / "a.yaml").read_text(encoding="utf-8")
    assert "    response: |\n      Siehe https://kreis.example/radwege **und 120 km.**\n" in text
    assert "    response: |\n      Seit 2019.\n    contributed_by: Ordnungsamt\n" in text


def test_a_folder_given_for_a_list_is_refused_in_german_words(tmp_path):
    from .test_i18n import run

    (tmp_path / "inquirygen.yaml").write_text(CONFIG, encoding="utf-8")
    (tmp_path / "answers").mkdir()
    (tmp_path / "out").mkdir()
    result = run("status", "--csv", "out", lang="de", cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr.endswith(
        "Fehler: Ungültiger Wert für '--csv': Datei 'out' ist ein Ordner, keine Datei.\n")
    refused = run("ask", "a.yaml", "-o", "inquirygen.yaml", lang="de", cwd=tmp_path)
    assert refused.stderr.endswith(
        "Fehler: Ungültiger Wert für '-o' / '--output': Ordner 'inquirygen.yaml' ist eine Datei, "
        "kein Ordner.\n")


def test_a_form_whose_hidden_data_names_another_key_writes_nothing(tmp_path, cli):
    # The hidden data comes back from outside the office: it may name a response, nothing else.
    from dataclasses import replace

    from inquirygen.workflow.ask import sha256_text
    from inquirygen.workflow.forms import FormData, store_data, stored_data

    office = _office(tmp_path)
    path = office / "answers" / "a.yaml"
    before = path.read_bytes()
    assert cli("ask", "a.yaml", cwd=office).exit_code == 0
    for forged, question in ((["letter", "date"], 0), (["questions", 1, "question"], 1),
                             (["questions", 0, "response"], 3)):
        form = docx.Document(str(office / "out" / "a-ordnung.docx"))
        data = stored_data(form)
        assert data is not None
        for relation in [r for r in form.part.package.rels.values()
                         if r.reltype.endswith("custom-properties")]:
            del form.part.package.rels[relation.rId]
        first = replace(data.fields[0], path=forged, question=question,
                        response_sha256=sha256_text("2025-10-06" if forged[0] == "letter" else None),
                        question_sha256=sha256_text(None if forged[0] == "letter" else "Wie viele?"))
        store_data(form, FormData(data.file, data.department, [first, *data.fields[1:]]))
        form.tables[1].rows[1].cells[0].paragraphs[0].text = "2099-01-01"
        form.save(str(office / "fremd.docx"))
        result = cli("collect", "fremd.docx", cwd=office)
        assert result.exit_code == 1
        assert result.stderr.startswith("fremd.docx: this document is not a form that 'inquirygen ask' wrote")
        assert path.read_bytes() == before


def test_a_response_with_a_line_break_pasted_from_word_goes_into_the_form(tmp_path, cli):
    # Word's line break (Shift+Enter) pastes as a vertical tab; check and build accept it.
    office = _office(tmp_path)
    path = office / "answers" / "a.yaml"
    path.write_text(ANSWER.replace("    response: |\n      Seit 2020.\n",
                                   '    response: "Seit 2020.\\vNeu:\\fSeite"\n'), encoding="utf-8")
    result = cli("ask", "a.yaml", cwd=office)
    assert (result.exit_code, result.stderr) == (0, "")
    form = docx.Document(str(office / "out" / "a-ordnung.docx"))
    assert [p.text for p in form.tables[2].rows[1].cells[0].paragraphs] == ["Seit 2020.", "Neu:", "Seite"]
    before = path.read_bytes()
    assert cli("collect", "out/a-ordnung.docx", cwd=office).exit_code == 0
    assert path.read_bytes() == before


def test_a_kind_pasted_with_a_non_breaking_space_finds_its_deadline_rule(tmp_path):
    import datetime

    from inquirygen.workflow.status import open_inquiries
    from inquirygen.workspace import Workspace

    from .test_workflow_status import CONFIG as STATUS_CONFIG
    from .test_workflow_status import answer

    (tmp_path / "inquirygen.yaml").write_text(STATUS_CONFIG, encoding="utf-8")
    answer(tmp_path, "a.yaml", received="2025-09-19", kind='"Kleine\\u00a0Anfrage"')
    answer(tmp_path, "b.yaml", received="2025-09-19", kind="kleine  anfrage")
    found = open_inquiries(Workspace.discover(tmp_path), datetime.date(2025, 10, 1))
    assert [inquiry.due for inquiry in found] == [datetime.date(2025, 10, 6)] * 2


def test_a_row_added_to_a_field_with_tab_is_read_too(tmp_path, cli):
    # Tab in the last cell of a table adds a row in Word: the clerk writes on in it.
    office = _office(tmp_path)
    assert cli("ask", "a.yaml", cwd=office).exit_code == 0
    form = docx.Document(str(office / "out" / "a-ordnung.docx"))
    form.tables[1].rows[1].cells[0].paragraphs[0].text = "Es sind 120 km."
    form.tables[1].add_row().cells[0].paragraphs[0].text = "Davon 20 km neu."
    form.tables[2].add_row().cells[0].paragraphs[0].text = "Und seit 2021 mehr."
    form.save(str(office / "zurueck.docx"))
    result = cli("collect", "zurueck.docx", cwd=office)
    assert (result.exit_code, result.stderr) == (0, "")
    text = (office / "answers" / "a.yaml").read_text(encoding="utf-8")
    assert "    response: |\n      Es sind 120 km.\n\n      Davon 20 km neu.\n    contributed_by:" in text
    assert "    response: |\n      Seit 2020.\n\n      Und seit 2021 mehr.\n    contributed_by:" in text
