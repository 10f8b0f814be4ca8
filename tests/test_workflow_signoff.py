"""Sign-off: check --final and build --final require what inquirygen.yaml names; the manifest keeps it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from inquirygen.archive import Manifest

from .test_archive import ENTRY, stub_pdf  # noqa: F401 (a fixture)

REQUIRED = "\nsignoff:\n  required: [cosigned, signed_off]\n"
SIGNED = """\
  signoff:
    drafted: {name: "Erika Muster, Amt 32", date: 2025-10-01}
    cosigned:
      - {name: Max Beispiel, date: 02.10.2025}
    signed_off: {name: Bodo Klimpel, date: 2025-10-03}
"""
HINT = "    hint: add it under 'signoff:' in 'letter:' with 'name:' and 'date:' (see the README)\n"
NOT_COSIGNED = "valid.yaml:10:1: the letter is not co-signed yet (letter.signoff.cosigned)\n" + HINT
NOT_SIGNED_OFF = "valid.yaml:10:1: the letter is not signed off yet (letter.signoff.signed_off)\n" + HINT


@pytest.fixture
def office(data_workspace: Path) -> Path:
    with (data_workspace / "inquirygen.yaml").open("a", encoding="utf-8") as config:
        config.write(REQUIRED)
    return data_workspace


def test_final_requires_the_configured_sign_offs(office, cli):
    final = cli("check", "--final", "valid.yaml", cwd=office)
    assert final.exit_code == 1
    assert final.stderr == NOT_COSIGNED + NOT_SIGNED_OFF + "Error: 2 problems found; 1 file with errors\n"
    built = cli("build", "--final", "valid.yaml", cwd=office)
    assert built.exit_code == 1
    assert built.stderr.endswith("Error: 2 problems found; 1 file not built\n")
    assert not (office / "out" / "valid.docx").exists()
    draft = cli("check", "valid.yaml", cwd=office)  # while drafting: warnings only
    assert draft.exit_code == 0
    assert "valid.yaml:10:1: warning: the letter is not signed off yet" in draft.stderr


def test_a_signed_off_letter_passes_and_without_the_setting_nothing_is_required(office, data_workspace, cli):
    path = office / "valid.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("  signatory: vertreter\n", "  signatory: vertreter\n" + SIGNED),
                    encoding="utf-8")
    assert cli("check", "--final", "valid.yaml", cwd=office).exit_code == 0
    assert cli("build", "--final", "valid.yaml", cwd=office).exit_code == 0
    cosigned_only = text.replace("  signatory: vertreter\n", "  signatory: vertreter\n  signoff:\n"
                                 "    cosigned: [{name: Max Beispiel, date: 2025-10-02}]\n")
    path.write_text(cosigned_only, encoding="utf-8")
    result = cli("check", "--final", "valid.yaml", cwd=office)
    assert (result.exit_code, result.stderr) == (1, NOT_SIGNED_OFF + "Error: 1 problem found; 1 file "
                                                                     "with errors\n")
    config = office / "inquirygen.yaml"
    config.write_text(config.read_text(encoding="utf-8").replace(REQUIRED, ""), encoding="utf-8")
    path.write_text(text, encoding="utf-8")
    assert cli("check", "--final", "valid.yaml", cwd=office).exit_code == 0


@pytest.mark.parametrize("name", ['""', '" "', '"\\u00a0"'])
def test_a_blank_name_signs_nothing(office, cli, name):
    path = office / "valid.yaml"
    text = path.read_text(encoding="utf-8")
    blank = SIGNED.replace("Max Beispiel", name).replace(
        "{name: Bodo Klimpel", "{name: " + name)
    path.write_text(text.replace("  signatory: vertreter\n", "  signatory: vertreter\n" + blank),
                    encoding="utf-8")
    result = cli("check", "--final", "valid.yaml", cwd=office)
    assert (result.exit_code, result.stderr) == (1, NOT_COSIGNED + NOT_SIGNED_OFF + "Error: 2 problems "
                                                 "found; 1 file with errors\n")


def test_a_bad_sign_off_is_reported_at_its_line(office, cli):
    path = office / "valid.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace(
        "  signatory: vertreter\n",
        "  signatory: vertreter\n  signoff:\n    signed_off: {name: X, date: 31.09.2025}\n"),
        encoding="utf-8")
    result = cli("check", "valid.yaml", cwd=office)
    assert result.exit_code == 1
    assert result.stderr.startswith("valid.yaml:14:33: '31.09.2025' is not a date in the calendar")


def test_the_manifest_keeps_sign_offs_dates_and_departments(example_workspace, cli, stub_pdf):  # noqa: F811
    config = example_workspace / "inquirygen.yaml"
    config.write_text(config.read_text(encoding="utf-8") + REQUIRED + "deadlines:\n  default: {days: 14}\n"
                      "departments:\n  aus: {name: Ausländerbehörde}\n", encoding="utf-8")
    answer = example_workspace / "answers" / "2025-09-15.yaml"
    text = answer.read_text(encoding="utf-8")
    assert "  date: 2025-10-06\n" in text and "  - id: pflicht\n" in text
    text = text.replace("  date: 2025-10-06\n", "  date: 2025-10-06\n" + SIGNED, 1)
    text = text.replace("  questioner:", "  received: 2025-09-16\n  questioner:", 1)
    text = text.replace("  - id: pflicht\n", "  - id: pflicht\n    department: aus\n", 1)
    answer.write_text(text, encoding="utf-8")
    result = cli("archive", "2025-09-15.yaml", cwd=example_workspace)
    assert result.exit_code == 0, result.output
    raw = (example_workspace / "archive" / "2025" / ENTRY / "manifest.json").read_text(encoding="utf-8")
    data = json.loads(raw)
    assert data["format"] == 2
    assert data["letter"]["signoff"] == {
        "cosigned": [{"date": "2025-10-02", "name": "Max Beispiel"}],
        "drafted": {"date": "2025-10-01", "name": "Erika Muster, Amt 32"},
        "signed_off": {"date": "2025-10-03", "name": "Bodo Klimpel"}}
    assert (data["inquiry"]["received"], data["inquiry"]["due"]) == ("2025-09-16", "2025-09-30")
    assert data["departments"] == ["Ausländerbehörde"]
    manifest = Manifest.from_json(raw, Path("manifest.json"))
    assert manifest.record.letter.signoff is not None
    assert manifest.record.letter.signoff.signed_off.name == "Bodo Klimpel"
    assert manifest.to_json() == raw  # read and written alike
    verify = cli("archive", "verify", cwd=example_workspace)
    assert verify.exit_code == 0, verify.output


def test_a_manifest_without_the_new_keys_is_read_as_before(example_workspace, cli, stub_pdf):  # noqa: F811
    assert cli("archive", "2025-09-15.yaml", cwd=example_workspace).exit_code == 0
    raw = (example_workspace / "archive" / "2025" / ENTRY / "manifest.json").read_text(encoding="utf-8")
    data = json.loads(raw)
    assert "signoff" not in data["letter"] and "received" not in data["inquiry"]
    assert "departments" not in data
    manifest = Manifest.from_json(raw, Path("manifest.json"))
    assert (manifest.record.letter.signoff, manifest.record.departments) == (None, ())
