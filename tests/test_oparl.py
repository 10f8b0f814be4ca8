"""The OParl export against the OParl 1.1 JSON Schemas and the specification's MUST rules."""

from __future__ import annotations

import datetime
import functools
import hashlib
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft7Validator, FormatChecker, validators

from inquirygen.archive import Manifest, archive_letter
from inquirygen.workspace import Workspace

from .test_archive import StubPdf, make_archive
from .test_golden import EXAMPLES, copy_workspace

SCHEMAS = Path(__file__).resolve().parent / "data" / "oparl"
PAPER = "https://schema.oparl.org/1.1/Paper"
FILE = "https://schema.oparl.org/1.1/File"


# -- the validator: OParl's schemas need their keyword "schema" and formats url, date, date-time ----


@functools.cache
def oparl_schema(name: str) -> dict[str, Any]:
    return json.loads((SCHEMAS / name).read_text(encoding="utf-8"))


def _embedded(validator: Any, name: str, instance: Any, schema: dict[str, Any]) -> Iterator[Any]:
    """OParl's ``"schema": "File.json"``: the embedded object is valid against that file's schema."""
    yield from validator.descend(instance, oparl_schema(name))


OParlValidator = validators.extend(Draft7Validator, {"schema": _embedded})
FORMATS = FormatChecker(formats=())
# The spec's chapter "URLs": http or https (RFC 3986), with a host; a urn: or file: is no URL to it.
_URL = re.compile(r"^https?://[A-Za-z0-9.-]+(?::\d+)?(?:/[A-Za-z0-9\-._~%!$&'()*+,;=:@/]*)?"
                  r"(?:\?[A-Za-z0-9\-._~%!$&'()*+,;=:@/?]*)?$")
# Chapter "Datums- und Zeitangaben": a date MUST be yyyy-mm-dd, a time yyyy-mm-ddThh:mm:ss±hh:mm.
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_DATE_TIME = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}[+-]\d{2}:\d{2}$")


@FORMATS.checks("url")
def _is_url(value: object) -> bool:
    return not isinstance(value, str) or bool(_URL.match(value))


@FORMATS.checks("date")
def _is_date(value: object) -> bool:
    if not isinstance(value, str):
        return True
    return bool(_DATE.match(value)) and _parses(datetime.date.fromisoformat, value)


@FORMATS.checks("date-time")
def _is_date_time(value: object) -> bool:
    if not isinstance(value, str):
        return True
    return bool(_DATE_TIME.match(value)) and _parses(datetime.datetime.fromisoformat, value)


def _parses(parse: Any, value: str) -> bool:
    try:
        parse(value)
    except ValueError:
        return False
    return True


def _later(first: Any, second: Any) -> bool:
    return isinstance(first, str) and isinstance(second, str) and (
        datetime.datetime.fromisoformat(first) > datetime.datetime.fromisoformat(second))


def schema_errors(paper: dict[str, Any]) -> list[str]:
    """Every place where ``paper`` breaks OParl's Paper schema (and the schemas it embeds)."""
    validator = OParlValidator(oparl_schema("Paper.json"), format_checker=FORMATS)
    return sorted(f"{'/'.join(map(str, error.absolute_path))}: {error.message}"
                  for error in validator.iter_errors(paper))


def must_violations(paper: dict[str, Any], base: str) -> list[str]:
    """The MUST rules of the specification's text that its schemas do not express."""
    found: list[str] = []
    files = [paper.get("mainFile", {}), *paper.get("auxiliaryFile", [])]
    objects = [("Paper", paper)] + [(f"File {index}", file) for index, file in enumerate(files)]
    ids = [obj.get("id") for _, obj in objects]
    if len(set(ids)) != len(ids):
        found.append(f"ids are not distinct: {ids}")
    for label, obj in objects:
        # 3-01: id is the object's URL; created and modified in every object, also embedded ones.
        if not str(obj.get("id", "")).startswith(base + "/"):
            found.append(f"{label}: id {obj.get('id')} is not an address under {base}")
        for key in ("created", "modified"):
            if key not in obj:
                found.append(f"{label}: no {key}")
        times = [obj.get(key) for key in ("created", "modified")]
        if all(_is_date_time(time) for time in times) and _later(times[0], times[1]):
            found.append(f"{label}: modified before created")
        # 2-04: no null values; no empty lists or strings for properties that have no data.
        for key, value in obj.items():
            if value is None or value == [] or value == "":
                found.append(f"{label}: {key} is {json.dumps(value)}")
    for index, file in enumerate(files):
        # 2-07: accessUrl must not be sent as an attachment, downloadUrl must: two addresses.
        if file.get("accessUrl") == file.get("downloadUrl"):
            found.append(f"File {index}: accessUrl and downloadUrl are the same address")
    # masterFile and derivativeFile are each other's backreference (File.json's "backreference").
    by_id = {file.get("id"): file for file in files}
    for file in files:
        master = by_id.get(file.get("masterFile"), {}) if "masterFile" in file else None
        if master is not None and file.get("id") not in master.get("derivativeFile", []):
            found.append(f"{file.get('id')}: its masterFile does not name it as derivativeFile")
        for derived in file.get("derivativeFile", []):
            if by_id.get(derived, {}).get("masterFile") != file.get("id"):
                found.append(f"{derived}: does not name {file.get('id')} as its masterFile")
    for key in ("relatedPaper", "originatorOrganization", "underDirectionOf"):
        found += [f"{key} {url} is not under {base}" for url in paper.get(key, [])
                  if not url.startswith(base + "/")]
    return found


def test_the_validator_finds_what_the_old_export_did_wrong():
    """The faults of the export before the base address: urn ids, file URLs, Z times, Files without
    created; and an embedded File is checked against File.json through the keyword "schema"."""
    old_file = {"id": "urn:inquirygen:x:file:letter.pdf", "type": FILE, "date": "2025-10-06",
                "accessUrl": "file:///home/kreis/archive/2025/x/letter.pdf"}
    old = {"id": "urn:inquirygen:x:paper", "type": PAPER, "date": "06.10.2025", "mainFile": old_file,
           "auxiliaryFile": [{"id": "https://a.example/file/x/docx", "type": FILE,
                              "created": "2025-10-07T00:00:00+02:00",
                              "modified": "2025-10-06T08:15:00+00:00"}],
           "created": "2025-10-06T08:15:00+00:00", "modified": "2025-10-06T08:15:00Z"}
    assert schema_errors(old) == [
        "auxiliaryFile/0: 'accessUrl' is a required property",
        "date: '06.10.2025' is not a 'date'",
        "id: 'urn:inquirygen:x:paper' is not a 'url'",
        "mainFile/accessUrl: 'file:///home/kreis/archive/2025/x/letter.pdf' is not a 'url'",
        "mainFile/id: 'urn:inquirygen:x:file:letter.pdf' is not a 'url'",
        "modified: '2025-10-06T08:15:00Z' is not a 'date-time'",
    ]
    assert must_violations(old, "https://a.example") == [
        "Paper: id urn:inquirygen:x:paper is not an address under https://a.example",
        "File 0: id urn:inquirygen:x:file:letter.pdf is not an address under https://a.example",
        "File 0: no created", "File 0: no modified", "File 1: modified before created",
        "File 1: accessUrl and downloadUrl are the same address",
    ]


# -- every example letter, archived and exported ------------------------------------------------

WORKSPACES = sorted({space for space, _ in EXAMPLES})
# What each example letter is, as OParl says it: its paperType and, where it has them, its own
# Drucksache number (reference) and the inquiry's (relatedPaper's last part).
PAPER_TYPES = {
    ("", "2025-07-01-zwischennachricht"): "Zwischennachricht",
    ("stadt", "2025-06-11-antrag-radschnellweg"): "Stellungnahme",
    ("stadt", "2025-07-01-zwischennachricht"): "Zwischennachricht",
}
REFERENCES = {("landtag", "2015-02-02-landesstrassen"): "15/1300"}
INQUIRIES = {("", "2025-08-14-kleine-anfrage"): "18-12345",
             ("landtag", "2015-02-02-landesstrassen"): "15-1250",
             ("ministerium", "2025-03-12-defibrillatoren"): "8-1234",
             ("stadt", "2025-06-11-antrag-radschnellweg"): "123-2025",
             ("stadt", "2025-07-01-zwischennachricht"): "98-2025"}


@pytest.fixture
def stub_pdf(monkeypatch):
    monkeypatch.setattr(Workspace, "pdf_converter", lambda self: StubPdf())


@pytest.mark.parametrize("space", WORKSPACES, ids=lambda space: space or "kreis")
def test_every_example_letter_exports_a_valid_paper(tmp_path, cli, stub_pdf, space):
    workspace = copy_workspace(space, tmp_path / "example")
    settings = Workspace.discover(workspace)
    base = settings.config.oparl.base_url
    assert base is not None and base.startswith("https://")  # as shipped, without an edit
    names = [name for each, name in EXAMPLES if each == space]
    assert names
    for name in names:
        entry = archive_letter(settings, workspace / "answers" / f"{name}.yaml").entry
        result = cli("archive", "export", entry.id, "--format", "oparl", cwd=workspace)
        assert result.exit_code == 0, result.stderr
        paper = json.loads(result.stdout)
        assert schema_errors(paper) == [], name
        assert must_violations(paper, base) == [], name
        key, path = (space, name), f"{base}/paper/{entry.id}"
        assert paper["id"] == path
        assert paper["paperType"] == PAPER_TYPES.get(key, "Beantwortung einer Anfrage"), name
        assert paper.get("reference") == REFERENCES.get(key), name
        inquiry = INQUIRIES.get(key)
        assert paper.get("relatedPaper") == ([f"{base}/inquiry/{inquiry}"] if inquiry else None), name
        stamp = entry.manifest.archived_at.replace("Z", "+00:00")
        assert {paper["created"], paper["modified"], paper["mainFile"]["created"],
                paper["auxiliaryFile"][0]["modified"]} == {stamp}
        pdf, docx = paper["mainFile"], paper["auxiliaryFile"][0]
        assert (pdf["id"], docx["id"]) == (f"{base}/file/{entry.id}/pdf", f"{base}/file/{entry.id}/docx")
        assert (pdf["masterFile"], docx["derivativeFile"]) == (docx["id"], [pdf["id"]])
        for file, stored in ((pdf, "letter.pdf"), (docx, "letter.docx")):
            data = (entry.folder / stored).read_bytes()
            assert file["accessUrl"] == f"{base}/letters/{entry.id}/{stored}"
            assert file["downloadUrl"] == f"{base}/download/{entry.id}/{stored}"
            assert (file["size"], file["sha512Checksum"]) == (len(data), hashlib.sha512(data).hexdigest())
            assert str(tmp_path) not in json.dumps(file)  # nothing of the archive's own folder
        office = entry.manifest.record.letter.office
        assert paper["originatorOrganization"] == paper["underDirectionOf"]
        assert paper["originatorOrganization"][0].startswith(f"{base}/organization/"), office


def test_the_drucksache_and_the_interim_date_are_kept_in_the_manifest(tmp_path, cli, stub_pdf):
    workspace = copy_workspace("landtag", tmp_path / "landtag")
    entry = archive_letter(Workspace.discover(workspace),
                           workspace / "answers" / "2015-02-02-landesstrassen.yaml").entry
    data = (entry.folder / "manifest.json").read_bytes()
    assert json.loads(data)["letter"]["drucksache"] == "15/1300"
    assert "answer_by" not in json.loads(data)["letter"]  # written only when there is one
    assert Manifest.from_json(data, entry.folder / "manifest.json").to_json().encode("utf-8") == data
    stadt = copy_workspace("stadt", tmp_path / "stadt")
    interim = archive_letter(Workspace.discover(stadt),
                             stadt / "answers" / "2025-07-01-zwischennachricht.yaml").entry
    assert interim.manifest.record.letter.answer_by == "2025-10-30"


def test_an_answer_letter_of_an_older_manifest_exports_as_an_answer(tmp_path, cli):
    """A manifest written before the Drucksache was kept: no reference, nothing invented."""
    make_archive(tmp_path / "archive", [{"subject": "Radwege", "items": [("Q?", "A.")]}])
    (tmp_path / "inquirygen.yaml").write_text("oparl:\n  base_url: https://ris.example.de/oparl/\n",
                                              encoding="utf-8")
    result = cli("archive", "export", "2025-02-01_radwege", "-o", "paper.json", cwd=tmp_path)
    assert (result.exit_code, result.stdout) == (0, "wrote paper.json\n")
    data = (tmp_path / "paper.json").read_bytes()
    assert not data.startswith(b"\xef\xbb\xbf")  # 2-04: UTF-8 without a byte order mark
    paper = json.loads(data)
    assert schema_errors(paper) == [] and must_violations(paper, "https://ris.example.de/oparl") == []
    assert paper["id"] == "https://ris.example.de/oparl/paper/2025-02-01_radwege"  # one "/" only
    assert "reference" not in paper and "relatedPaper" not in paper
    assert paper["originatorOrganization"] == ["https://ris.example.de/oparl/organization/kreis"]


# -- without a base address ---------------------------------------------------------------------

NO_BASE_URL = (
    "Error: the OParl export names every paper and file by its web address: set 'base_url' under "
    "'oparl:' in inquirygen.yaml to the address where the office publishes its letters (e.g. "
    "https://ris.example.de/oparl); --format json needs none\n")


def test_without_a_base_address_the_export_says_what_to_configure(tmp_path, cli):
    make_archive(tmp_path / "archive", [{"subject": "Radwege", "items": [("Q?", "A.")]}])
    result = cli("archive", "export", "2025-02-01_radwege", "-o", "paper.json", cwd=tmp_path)
    assert (result.exit_code, result.stdout, result.stderr) == (2, "", NO_BASE_URL)
    assert not (tmp_path / "paper.json").exists()
    as_json = cli("archive", "export", "2025-02-01_radwege", "--format", "json", cwd=tmp_path)
    assert as_json.exit_code == 0 and json.loads(as_json.stdout)["id"] == "2025-02-01_radwege"


@pytest.mark.parametrize("value", ["ris.example.de/oparl", "ftp://ris.example.de", "https://",
                                   "https://ris.example.de/oparl?x=1", "https://ris.example.de/#a",
                                   "https://kreis:geheim@ris.example.de", "https://ris.example.de/a b"])
def test_a_base_address_oparl_cannot_use_is_named_at_its_line(tmp_path, cli, value):
    make_archive(tmp_path / "archive", [{"subject": "Radwege", "items": [("Q?", "A.")]}])
    (tmp_path / "inquirygen.yaml").write_text(f"oparl:\n  base_url: '{value}'\n", encoding="utf-8")
    result = cli("archive", "export", "2025-02-01_radwege", cwd=tmp_path)
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] == (
        f"inquirygen.yaml:2:13: '{value}' is not a web address that OParl can use: write it with "
        "https:// (or http://), without '?' or '#', e.g. https://ris.example.de/oparl")
    assert "Traceback" not in result.stderr


def test_a_broken_entry_is_named_not_exported(tmp_path, cli):
    archive = make_archive(tmp_path / "archive", [{"subject": "Radwege", "items": [("Q?", "A.")]},
                                                  {"subject": "Schulen", "items": [("Q?", "A.")]}])
    (tmp_path / "inquirygen.yaml").write_text("oparl:\n  base_url: https://ris.example.de\n",
                                              encoding="utf-8")
    folder = archive.root / "2025" / "2025-02-01_radwege"
    folder.chmod(0o755)
    manifest = folder / "manifest.json"
    manifest.chmod(0o644)
    manifest.write_text(manifest.read_text(encoding="utf-8").replace(
        json.loads(manifest.read_text(encoding="utf-8"))["archived_at"], "gestern"), encoding="utf-8")
    result = cli("archive", "export", "2025-02-01_radwege", "-o", "paper.json", cwd=tmp_path)
    assert (result.exit_code, result.stderr) == (3, (
        "Error: archive/2025/2025-02-01_radwege/manifest.json: 'archived_at' should be a date or time "
        "as inquirygen writes it, not 'gestern'\n"))
    other = archive.root / "2025" / "2025-02-01_schulen"
    other.chmod(0o755)
    (other / "letter.pdf").unlink()
    missing = cli("archive", "export", "2025-02-01_schulen", "-o", "paper.json", cwd=tmp_path)
    assert (missing.exit_code, missing.stderr) == (
        3, "Error: archive/2025/2025-02-01_schulen/letter.pdf: cannot be read (No such file or directory)\n")
    assert not (tmp_path / "paper.json").exists()
