"""``inquirygen ask`` and ``collect``: a form per department, filled Word-like, read back byte for byte."""

from __future__ import annotations

from pathlib import Path

import docx
import pytest

CONFIG = """\
departments:
  ordnung: {name: Ordnungsamt, email: ordnungsamt@example.de}
  schule: {name: Schulamt}
"""

ANSWER = """\
# Anfrage der Fraktion A  (a comment that must stay)
inquiry:
  date: 2025-09-15
  received: 2025-09-16
  subject: Radwege
  questioner: Fraktion A
recipient:
  address: [Fraktion A, Musterstraße 1, 45657 Recklinghausen]
letter:
  date: 2025-10-06
  signatory: {name: Bodo Klimpel}
questions:
  - question: Wie viele?   # wichtig
    department: ordnung
    department_due: 2025-09-25
  - question: Seit wann?
    department: ordnung
    response: |
      Seit 2020.
  - question: Welche Schulen?
    department: schule
    parts:
      - question: Grundschulen?
      - question: Gymnasien?
  - question: Sonst?
    response: Nichts.
"""


@pytest.fixture
def office(tmp_path: Path) -> Path:
    (tmp_path / "inquirygen.yaml").write_text(CONFIG, encoding="utf-8")
    (tmp_path / "answers").mkdir()
    (tmp_path / "answers" / "a.yaml").write_text(ANSWER, encoding="utf-8")
    return tmp_path


def test_ask_writes_one_form_per_department(office, cli):
    result = cli("ask", "a.yaml", cwd=office)
    assert result.exit_code == 0, result.output
    assert result.stdout == ("wrote out/a-ordnung.docx: 2 questions for Ordnungsamt\n"
                             "    send it to ordnungsamt@example.de\n"
                             "wrote out/a-schule.docx: 2 questions for Schulamt\n")
    form = docx.Document(str(office / "out" / "a-ordnung.docx"))
    assert [p.text for p in form.paragraphs[:5]] == [
        "Contribution to an inquiry", "To: Ordnungsamt", "Subject: Radwege", "Questioner: Fraktion A",
        "Please send your answers back by 25.09.2025."]
    assert [[cell.text for cell in row.cells] for table in form.tables[1:] for row in table.rows] == [
        ["1. Wie viele?"], [""], ["2. Seit wann?"], ["Seit 2020."]]
    schools = docx.Document(str(office / "out" / "a-schule.docx"))
    assert [table.rows[0].cells[0].text for table in schools.tables[1:]] == [
        "Welche Schulen?\n3. a) Grundschulen?", "Welche Schulen?\n3. b) Gymnasien?"]


def test_collect_reads_typed_text_an_added_paragraph_and_a_pasted_table(office, cli):
    before = (office / "answers" / "a.yaml").read_text(encoding="utf-8")
    assert cli("ask", "a.yaml", cwd=office).exit_code == 0
    form = docx.Document(str(office / "out" / "a-ordnung.docx"))
    form.tables[0].rows[0].cells[1].text = "Erika Muster, 0123"
    field = form.tables[1].rows[1].cells[0]
    field.paragraphs[0].text = "Es sind 120 km."  # typed into the empty field
    field.add_paragraph("Davon 20 km neu.")  # a paragraph added
    pasted = field.add_table(rows=2, cols=2)  # a table pasted
    for (row, column), text in {(0, 0): "Jahr", (0, 1): "km", (1, 0): "2024", (1, 1): "100"}.items():
        pasted.cell(row, column).text = text
    form.save(str(office / "zurueck.docx"))
    result = cli("collect", "zurueck.docx", cwd=office)
    assert result.exit_code == 0, result.output
    assert result.stdout == ("zurueck.docx: 1 answer taken into answers/a.yaml (1.)\n"
                             "zurueck.docx: 1 field empty or unchanged (2.)\n")
    after = (office / "answers" / "a.yaml").read_text(encoding="utf-8")
    assert after == before.replace(
        "    department_due: 2025-09-25\n",
        "    department_due: 2025-09-25\n"
        "    response: |\n"
        "      Es sind 120 km.\n"
        "\n"
        "      Davon 20 km neu.\n"
        "\n"
        "      | Jahr | km |\n"
        "      |---|---|\n"
        "      | 2024 | 100 |\n"
        "    contributed_by: Ordnungsamt (Erika Muster, 0123)\n")
    again = cli("collect", "zurueck.docx", cwd=office)  # the same form again changes nothing
    assert (again.exit_code, (office / "answers" / "a.yaml").read_text(encoding="utf-8")) == (0, after)


def test_collect_keeps_crlf_a_bom_and_fills_sub_questions(office, cli):
    path = office / "answers" / "a.yaml"
    path.write_bytes(b"\xef\xbb\xbf" + ANSWER.replace("\n", "\r\n").encode("utf-8"))
    assert cli("ask", "a.yaml", cwd=office).exit_code == 0
    form = docx.Document(str(office / "out" / "a-schule.docx"))
    form.tables[2].rows[1].cells[0].paragraphs[0].text = "Drei Gymnasien."
    form.save(str(office / "schule.docx"))
    assert cli("collect", "schule.docx", cwd=office).exit_code == 0
    data = path.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    assert data.decode("utf-8-sig") == ANSWER.replace("\n", "\r\n").replace(
        "      - question: Gymnasien?\r\n",
        "      - question: Gymnasien?\r\n        response: |\r\n          Drei Gymnasien.\r\n"
        "    contributed_by: Schulamt\r\n")


def test_a_response_edited_since_the_form_went_out_is_not_overwritten(office, cli):
    assert cli("ask", "a.yaml", cwd=office).exit_code == 0
    path = office / "answers" / "a.yaml"
    edited = path.read_text(encoding="utf-8").replace("Seit 2020.", "Seit 2018 (vom Büro).")
    path.write_text(edited, encoding="utf-8")
    form = docx.Document(str(office / "out" / "a-ordnung.docx"))
    form.tables[2].rows[1].cells[0].paragraphs[0].text = "Seit 2017."
    form.tables[1].rows[1].cells[0].paragraphs[0].text = "Viele."
    form.save(str(office / "zurueck.docx"))
    result = cli("collect", "zurueck.docx", cwd=office)
    assert result.exit_code == 1
    assert result.stderr == (
        "answers/a.yaml:21:5: question 2. or its response was changed in the answer file after the form "
        "went out; the department's answer was not taken in\n"
        "    hint: compare both and write the response yourself; the form is zurueck.docx\n")
    assert result.stdout == "zurueck.docx: 1 answer taken into answers/a.yaml (1.)\n"
    text = path.read_text(encoding="utf-8")
    assert "Seit 2018 (vom Büro)." in text and "Seit 2017." not in text
    assert "    response: |\n      Viele.\n    contributed_by: Ordnungsamt\n" in text


def test_ask_and_collect_refuse_what_they_cannot_use(office, cli):
    (office / "answers" / "b.yaml").write_text(ANSWER.replace("department: schule", "department: schul"),
                                               encoding="utf-8")
    result = cli("ask", "b.yaml", cwd=office)
    assert result.exit_code == 1
    assert result.stderr.startswith("answers/b.yaml:21:17: unknown department 'schul' (did you mean "
                                    "'schule'?)\n    hint: name a department of 'departments' in "
                                    "inquirygen.yaml\n")
    assert not (office / "out").exists()
    (office / "answers" / "c.yaml").write_text(ANSWER.replace("    department: ordnung\n", "").replace(
        "    department: schule\n", ""), encoding="utf-8")
    none = cli("ask", "c.yaml", cwd=office)
    assert none.exit_code == 1
    assert none.stderr.startswith("answers/c.yaml: no question names a department")
    docx.Document().save(str(office / "fremd.docx"))
    other = cli("collect", "fremd.docx", cwd=office)
    assert other.exit_code == 1
    assert other.stderr.startswith("fremd.docx: this document is not a form that 'inquirygen ask' wrote")
    (office / "kaputt.docx").write_bytes(b"not a zip")
    broken = cli("collect", "kaputt.docx", cwd=office)
    assert broken.exit_code == 1
    assert broken.stderr.startswith("kaputt.docx: cannot read the form: it is not a Word document")
    missing = cli("collect", "nirgends.docx", cwd=office)
    assert (missing.exit_code, missing.stderr) == (2, "Error: form 'nirgends.docx' not found\n")
    for result in (none, other, broken, missing):
        assert "Traceback" not in result.output


def test_a_field_whose_heading_was_changed_is_reported(office, cli):
    assert cli("ask", "a.yaml", cwd=office).exit_code == 0
    before = (office / "answers" / "a.yaml").read_bytes()
    form = docx.Document(str(office / "out" / "a-ordnung.docx"))
    form.tables[1].rows[0].cells[0].paragraphs[0].runs[0].text = "1. Wie viele genau?"
    form.tables[1].rows[1].cells[0].paragraphs[0].text = "Viele."
    form.save(str(office / "zurueck.docx"))
    result = cli("collect", "zurueck.docx", cwd=office)
    assert result.exit_code == 1
    assert result.stderr == (
        "zurueck.docx: the field of question 1. is no longer in the form (its heading was changed or "
        "deleted); nothing of it was taken in\n"
        "    hint: copy the answer into the answer file yourself\n")
    assert (office / "answers" / "a.yaml").read_bytes() == before


def test_a_question_moved_since_the_form_went_out_gets_no_answer(office, cli):
    assert cli("ask", "a.yaml", cwd=office).exit_code == 0
    path = office / "answers" / "a.yaml"
    moved = path.read_text(encoding="utf-8").replace("  - question: Wie viele?   # wichtig\n",
                                                     "  - question: Neu eingefügt?\n"
                                                     "  - question: Wie viele?   # wichtig\n")
    path.write_text(moved, encoding="utf-8")
    form = docx.Document(str(office / "out" / "a-ordnung.docx"))
    form.tables[1].rows[1].cells[0].paragraphs[0].text = "Viele."
    form.save(str(office / "zurueck.docx"))
    result = cli("collect", "zurueck.docx", cwd=office)
    assert result.exit_code == 1
    assert result.stderr.startswith("answers/a.yaml:13:5: question 1. or its response was changed")
    assert path.read_text(encoding="utf-8") == moved


def test_check_warns_about_an_unknown_department(office, cli):
    path = office / "answers" / "a.yaml"
    path.write_text(ANSWER.replace("department: schule", "department: schul"), encoding="utf-8")
    result = cli("check", "a.yaml", cwd=office)
    assert result.exit_code == 0
    assert ("answers/a.yaml:21:17: warning: unknown department 'schul' (did you mean 'schule'?)\n"
            "    hint: name a department of 'departments' in inquirygen.yaml\n") in result.stderr


def test_collect_writes_only_into_an_answer_file_of_the_workspace(office, cli):
    from inquirygen.workflow.forms import FormData, store_data, stored_data

    assert cli("ask", "a.yaml", cwd=office).exit_code == 0
    form = docx.Document(str(office / "out" / "a-ordnung.docx"))
    data = stored_data(form)
    assert data is not None and data.file == "answers/a.yaml"
    (office / "inquirygen.yaml").write_text(CONFIG + "# questions:\n", encoding="utf-8")
    before = (office / "inquirygen.yaml").read_bytes()
    for relation in [r for r in form.part.package.rels.values() if r.reltype.endswith("custom-properties")]:
        del form.part.package.rels[relation.rId]
    store_data(form, FormData("inquirygen.yaml", data.department, data.fields))
    form.tables[1].rows[1].cells[0].paragraphs[0].text = "Viele."
    form.save(str(office / "fremd.docx"))
    result = cli("collect", "fremd.docx", cwd=office)
    assert (result.exit_code, result.stderr) == (2, ("Error: the answer file 'inquirygen.yaml' of the form "
                                                    "'fremd.docx' was not found in this workspace\n"))
    assert (office / "inquirygen.yaml").read_bytes() == before


def test_a_question_answered_elsewhere_is_not_asked(office, cli):
    path = office / "answers" / "a.yaml"
    path.write_text(ANSWER.replace("    department: ordnung\n    department_due: 2025-09-25\n",
                                   "    department: ordnung\n    see: zwei\n").replace(
        "  - question: Seit wann?\n", "  - id: zwei\n    question: Seit wann?\n"), encoding="utf-8")
    result = cli("ask", "a.yaml", cwd=office)
    assert result.stdout.splitlines()[0] == "wrote out/a-ordnung.docx: 1 question for Ordnungsamt"
