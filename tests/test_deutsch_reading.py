"""What a clerk reads in German when an answer file or inquirygen.yaml cannot be read or fails the schema."""

from __future__ import annotations

import pytest

from .conftest import write_answer

BASE = """\
inquiry:
  date: 2025-09-15
  subject: Radwege
  questioner: Fraktion X
recipient:
  address:
    - Fraktion X
    - Rathausplatz 1
  salutation: Frau Krieg
letter:
  date: 2025-10-06
  signatory: landrat
questions:
  - question: Wie viele?
    response: |
      Zwölf.
  - question: Wo?
    response: Hier.
"""

# (what is changed in BASE, what check prints before its summary line): file:line:column: message
MISTAKES = {
    "a tab used for indentation": (
        ("  subject: Radwege", "\tsubject: Radwege"),
        ("3:1: Diese Zeile ist nicht lesbar: Sie ist mit einem Tabulator statt mit Leerzeichen "
         "eingerückt.\n"
         "    Hinweis: Ersetzen Sie den Tabulator durch Leerzeichen; eingerückt wird nur mit "
         "Leerzeichen.")),
    "an address line one space short": (
        ("    - Rathausplatz 1", "   - Rathausplatz 1"),
        ("8:4: Zeile 8 ist um 3 Leerzeichen eingerückt, gehört aber zu Zeile 7 darüber, die um 4 "
         "eingerückt ist.\n"
         "    Hinweis: Beginnen Sie die Zeile in derselben Spalte wie Zeile 7 (Zeilen, die "
         "zusammengehören, beginnen in derselben Spalte).")),
    "an address line one space too deep, which YAML would join to the line above": (
        ("    - Rathausplatz 1", "     - Rathausplatz 1"),
        ("8:6: Zeile 8 beginnt mit „- “, ist aber weiter eingerückt als der Eintrag darüber; so ist "
         "sie kein eigener Eintrag, sondern wird an den Text von Zeile 7 angehängt.\n"
         "    Hinweis: Beginnen Sie das „- “ in derselben Spalte wie in Zeile 7. Gehört der Strich "
         "zum Text, setzen Sie den ganzen Text in Anführungszeichen.")),
    "a key without its colon above another key": (
        ("  date: 2025-10-06", "  date 2025-10-06"),
        ("11:3: In Zeile 11 fehlt der Doppelpunkt nach der Angabe; so wird sie mit der Zeile darunter "
         "als ein Text gelesen.\n    Hinweis: Schreiben Sie „date: 2025-10-06“.")),
    "a date left empty": (
        ("letter:\n  date: 2025-10-06", "letter:\n  date:"),
        "11:8: Das Datum fehlt; schreiben Sie es als 15.09.2025 oder 2025-09-15."),
    "German quotes inside the braces": (
        ("    response: Hier.", '    response: Siehe {{ ref(„eins“) }}'),
        ("18:21: Fehler in den geschweiften Klammern: Das Anführungszeichen „„“ darf nicht zwischen den "
         "geschweiften Klammern stehen; schreiben Sie dort gerade Anführungszeichen \"…\".\n"
         "    Hinweis: Verwenden Sie in {{ }} gerade Anführungszeichen (\"); das Schreibprogramm hat sie "
         "durch typografische ersetzt.")),
    "a key one space too deep": (
        ("  subject: Radwege", "   subject: Radwege"),
        ("3:4: Zeile 3 ist um 3 Leerzeichen eingerückt, gehört aber zu Zeile 2 darüber, die um 2 "
         "eingerückt ist.\n"
         "    Hinweis: Beginnen Sie die Zeile in derselben Spalte wie Zeile 2 (Zeilen, die "
         "zusammengehören, beginnen in derselben Spalte).")),
    "a colon inside an unquoted value": (
        ("  subject: Radwege", "  subject: Radwege: Zustand und Planung"),
        ("3:19: Diese Zeile ist nicht lesbar: Ein Doppelpunkt mit Leerzeichen steht mitten im Text.\n"
         "    Hinweis: Setzen Sie den ganzen Wert in gerade Anführungszeichen \"…\" oder schreiben Sie "
         "„|“ und den Text in die folgenden Zeilen.")),
    "German quotation marks around a value with a colon": (
        ("  subject: Radwege", "  subject: „Radwege: Zustand“"),
        ("3:20: Diese Zeile ist nicht lesbar: Ein Doppelpunkt mit Leerzeichen steht mitten im Text, "
         "und deutsche Anführungszeichen „…“ schließen einen Wert nicht ein.\n"
         "    Hinweis: Setzen Sie den ganzen Wert zusätzlich in gerade Anführungszeichen \"…\" (diese "
         "werden nicht gedruckt, die deutschen bleiben) oder schreiben Sie „|“ und den Text in die "
         "folgenden Zeilen.")),
    "an unknown key": (
        ("  subject: Radwege", "  subjekt: Radwege"),
        ("3:3: Die Angabe „subjekt“ gibt es hier nicht. Meinten Sie „subject“?\n"
         "    Hinweis: Möglich sind hier: date, subject, questioner, reference, kind, received, due, "
         "extended_to, interim_reply.")),
    "an address left empty": (
        ("    - Fraktion X\n    - Rathausplatz 1\n", ""),
        ("6:11: Die Angabe „address“ muss eine Liste sein (je Eintrag eine Zeile, die mit „- “ "
         "beginnt), ist aber leer.")),
    "a missing key of a question": (
        ("  - question: Wo?\n    response: Hier.", "  - response: Hier."),
        ("17:5: Im Eintrag 2 unter „questions:“ fehlt die Angabe „question:“.\n"
         "    Hinweis: Ergänzen Sie „question:“ mit dem passenden Wert.")),
    "a missing section": (
        ("  address:\n    - Fraktion X\n    - Rathausplatz 1\n", ""),
        ("5:1: Unter „recipient:“ fehlt die Angabe „address:“.\n"
         "    Hinweis: Ergänzen Sie „address:“ mit dem passenden Wert.")),
    "an address on one line": (
        ("  address:\n    - Fraktion X\n    - Rathausplatz 1", "  address: Fraktion X, Rathausplatz 1"),
        ("6:12: Die Angabe „address“ muss eine Liste sein (je Eintrag eine Zeile, die mit „- “ "
         "beginnt), ist aber „Fraktion X, Rathausplatz 1“.")),
    "a key given twice": (
        ("  questioner: Fraktion X", "  questioner: Fraktion X\n  subject: Radwege im Kreis"),
        ("5:3: Die Angabe „subject“ kommt zweimal vor (zuerst in Zeile 3).\n"
         "    Hinweis: Löschen Sie eine der beiden; sonst gilt stillschweigend nur die letzte.")),
    "a date that is not in the calendar": (
        ("  date: 2025-10-06", "  date: 31.02.2025"),
         "11:9: Das Datum „31.02.2025“ gibt es nicht: Der Monat hat nicht so viele Tage."),
    "a date in words": (
        ("  date: 2025-10-06", "  date: nächste Woche"),
        ("11:9: Der Wert „nächste Woche“ ist kein Datum; schreiben Sie ein Datum wie 15.09.2025 oder "
         "2025-09-15.")),
    "a capacity misspelt": (
        ("  signatory: landrat", "  signatory:\n    name: Bodo Klimpel\n    capacity: i.V."),
        ("14:15: Die Angabe „capacity“ muss „In Vertretung“, „i. V.“, „Im Auftrag“, „i. A.“ oder "
         "„gez.“ sein, ist aber „i.V.“. Meinten Sie „i. V.“?")),
    "text after a value in quotes": (
        ("  subject: Radwege", '  subject: "Radwege" im Kreis'),
        ("3:22: Diese Zeile ist nicht lesbar: Nach einem Wert in Anführungszeichen oder Klammern folgt "
         "noch Text.\n"
         "    Hinweis: Setzen Sie den ganzen Wert in Anführungszeichen; enthält er selbst gerade "
         "Anführungszeichen \"…\", nehmen Sie außen einfache '…'.")),
    "a value beginning with a star": (
        ("    response: Hier.", "    response: * Hier."),
        ("18:16: Diese Zeile ist nicht lesbar: Ein Wert beginnt mit „*“; so darf ein Wert nur in "
         "Anführungszeichen beginnen.\n"
         "    Hinweis: Setzen Sie den ganzen Wert in gerade Anführungszeichen \"…\".")),
    "text on the line of the '|'": (
        ("    response: |\n      Zwölf.", "    response: | Zwölf."),
        ("15:17: Diese Zeile ist nicht lesbar: Nach „|“ (oder „>“) steht noch Text.\n"
         "    Hinweis: Beenden Sie die Zeile nach „|“ und schreiben Sie den Text eingerückt in die "
         "folgenden Zeilen.")),
    "a key without its colon": (
        ("  subject: Radwege", "  subject Radwege"),
        ("4:3: Die Zeile über dieser ist nicht lesbar: Sie hat weder die Form „Angabe: Wert“, noch "
         "setzt sie den Wert davor fort.\n"
         "    Hinweis: Prüfen Sie die Einrückung und ob hinter jeder Angabe ein Doppelpunkt steht.")),
}


@pytest.fixture
def german(monkeypatch):
    monkeypatch.setenv("INQUIRYGEN_LANG", "de")


@pytest.mark.parametrize("mistake", sorted(MISTAKES))
def test_a_mistake_in_an_answer_file_is_named_in_german(example_workspace, cli, german, mistake):
    (old, new), expected = MISTAKES[mistake]
    assert old in BASE
    write_answer(example_workspace / "answers", "fehler.yaml", BASE.replace(old, new, 1))
    result = cli("check", "fehler.yaml", cwd=example_workspace)
    assert result.exit_code == 1
    problems = result.stderr.rsplit("\n", 2)[0]  # the summary line is the command line's
    assert problems == f"answers/fehler.yaml:{expected}"


def test_the_base_file_is_fine(example_workspace, cli, german):
    write_answer(example_workspace / "answers", "gut.yaml", BASE)
    assert cli("check", "gut.yaml", cwd=example_workspace).exit_code == 0


def test_a_file_not_saved_as_utf8(example_workspace, cli, german):
    (example_workspace / "answers" / "latin1.yaml").write_bytes(
        BASE.replace("Radwege", "Straßen").encode("latin-1"))
    result = cli("check", "latin1.yaml", cwd=example_workspace)
    assert result.exit_code == 1
    assert result.stderr.startswith(
        "answers/latin1.yaml:3:16: Die Datei ist nicht als UTF-8 gespeichert (hier steht das Byte "
        "0xDF).\n"
        "    Hinweis: Speichern Sie die Datei noch einmal als UTF-8 (in Notepad++: Kodierung → "
        "Konvertiere zu UTF-8; in VS Code: Mit Codierung speichern → UTF-8).\n")


def test_a_control_character(example_workspace, cli, german):
    write_answer(example_workspace / "answers", "steuer.yaml",
                 BASE.replace("Hier.", "Hier\x07."))
    result = cli("check", "steuer.yaml", cwd=example_workspace)
    assert result.exit_code == 1
    assert result.stderr.startswith(
        "answers/steuer.yaml:18:19: Das unsichtbare Steuerzeichen U+0007 (Signalton) darf in einem "
        "Schreiben nicht vorkommen.\n"
        "    Hinweis: Es stammt meist aus eingefügtem Text: Löschen Sie es und tippen Sie den Text an "
        "dieser Stelle neu.\n")


def test_a_wrong_yes_or_no_in_the_configuration(example_workspace, cli, german):
    with (example_workspace / "inquirygen.yaml").open("a", encoding="utf-8") as config:
        config.write("layout:\n  fold_marks: vielleicht\npdf:\n  timeout: bald\n")
    lines = (example_workspace / "inquirygen.yaml").read_text(encoding="utf-8").splitlines()
    fold_marks = lines.index("  fold_marks: vielleicht") + 1
    result = cli("check", "2025-09-15.yaml", cwd=example_workspace)
    assert result.exit_code == 1
    assert result.stderr.startswith(
        f"inquirygen.yaml:{fold_marks}:15: Die Angabe „fold_marks“ muss ja oder nein sein (true "
        "oder false), ist aber „vielleicht“.\n"
        "    Hinweis: Schreiben Sie „true“ für ja oder „false“ für nein.\n"
        f"inquirygen.yaml:{fold_marks + 2}:12: Die Angabe „timeout“ muss eine Zahl sein.\n")


def test_an_answer_file_that_is_not_there(example_workspace, cli, german):
    result = cli("check", "2030-01-01.yaml", cwd=example_workspace)
    assert result.exit_code == 2
    assert "Die Antwortdatei „2030-01-01.yaml“ wurde nicht gefunden (gesucht in: aktueller Ordner, " \
           "answers/)." in result.stderr


# Mistakes PyYAML has its own (English) words for: a German reader never sees them.
RAW_MISTAKES = [
    "a: [1, 2\nb: 1\n", "a: {b: 1, c\nd: 1\n", "a: 1\n---\nb: 2\n", 'a: "C:\\Users"\n', "a: @b\n",
    "a: `b`\n", "a: & b\n", "a: - b\n", "a: ? b\n", "a:\n  - b\n c: 1\n", "a:\n  b: 1\n c: 2\n",
    "a: 'b\n", 'a: "b\n', "%YAML 1.1\n%YAML 1.1\n---\na: 1\n", "a: !<x y\n",
    "a: |9x\n  b\n", "a: [b, c: d: e]\n",
]


@pytest.mark.parametrize("text", RAW_MISTAKES)
def test_no_parser_words_reach_a_german_reader(tmp_path, german, text):
    from inquirygen.yamlfile import parse_yaml_text

    problems: list = []
    parse_yaml_text(tmp_path / "a.yaml", text, problems)
    assert problems, text
    for problem in problems:
        shown = f"{problem.message} {problem.hint or ''}"
        for word in ("YAML", "expected", "found", "token", "scalar", "mapping", "while", "stream"):
            assert word not in shown, (text, shown)
