"""Letters as Word writes them: every example passes openxml-audit's strict policy, Office 2010 to 365."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import openxml_audit
import pytest

from .conftest import ROOT
from .test_golden import WORKSPACES, copy_workspace

# The oldest and the newest Word the offices run; the versions between validate alike.
WORD_VERSIONS = ("OFFICE_2010", "MICROSOFT_365")


def audit_findings(document: Path, version: str) -> list[str]:
    """openxml-audit's findings in its strict policy, as "part path: description" lines."""
    # A validator per file: it caches what it read of a package by the package's id(), which Python
    # hands out again once a package is gone, so a reused validator can report stale findings.
    validator = openxml_audit.OpenXmlValidator(
        file_format=getattr(openxml_audit.FileFormat, version), strict=True)
    result = validator.validate(str(document))
    return [f"{error.part_uri} {error.path}: {error.description}" for error in result.errors]


@pytest.mark.parametrize("space", sorted(WORKSPACES), ids=lambda space: space or "kreis")
def test_every_example_letter_passes_the_strict_policy(tmp_path, cli, space):
    workspace = copy_workspace(space, tmp_path / "example")
    answers = sorted(path.name for path in (workspace / "answers").glob("*.yaml"))
    result = cli("build", *answers, "-o", "out/", cwd=workspace)
    assert result.exit_code == 0, result.stderr
    letters = sorted((workspace / "out").glob("*.docx"))
    assert len(letters) == len(answers)
    for letter in letters:
        with zipfile.ZipFile(letter) as package:
            assert {"word/fontTable.xml", "word/theme/theme1.xml"} <= set(package.namelist())
        for version in WORD_VERSIONS:
            assert audit_findings(letter, version) == [], f"{letter.name} for {version}"


@pytest.mark.parametrize("template", sorted(path.name for path in (ROOT / "templates").glob("*.docx")))
def test_the_shipped_templates_pass_the_strict_policy(template):
    assert audit_findings(ROOT / "templates" / template, "MICROSOFT_365") == []


def test_the_audit_finds_a_template_without_font_table_and_theme(tmp_path):
    """The checks above can fail: the letters of the first version lacked both parts."""
    stripped = tmp_path / "stripped.docx"
    with zipfile.ZipFile(ROOT / "templates" / "answer_letter.docx") as original, \
            zipfile.ZipFile(stripped, "w") as target:
        for info in original.infolist():
            if info.filename in ("word/fontTable.xml", "word/theme/theme1.xml"):
                continue
            data = original.read(info)
            if info.filename == "word/_rels/document.xml.rels":
                data = re.sub(rb'<Relationship [^>]*Type="[^"]*/(fontTable|theme)"[^>]*/>', b"", data)
            target.writestr(info, data)
    findings = audit_findings(stripped, "OFFICE_2010")
    assert any("relationships/fontTable' is missing" in finding for finding in findings)
    assert any("relationships/theme' is missing" in finding for finding in findings)
