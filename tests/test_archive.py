"""The archive: whole entries or none, read-only files, search, verify, OParl, kills and concurrency."""

from __future__ import annotations

import errno
import hashlib
import json
import os
import random
import signal
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest

from inquirygen.archive import MANIFEST_FORMAT, Archive, LetterRecord, Manifest, ManifestFile, Tool, fold
from inquirygen.errors import ArchiveError
from inquirygen.workspace import Workspace

from .conftest import soffice_or_skip

ENTRY = "2025-10-06_umgang-mit-ausreisepflichtigen"


class StubPdf:
    """Stands in for LibreOffice where the PDF itself is not what a test looks at."""

    def convert(self, documents, targets):
        for document, target in zip(documents, targets, strict=True):
            target.write_bytes(b"%PDF-1.7\n" + hashlib.sha256(document.read_bytes()).digest() +
                               b"\n%%EOF\n")
        return targets


@pytest.fixture
def stub_pdf(monkeypatch):
    monkeypatch.setattr(Workspace, "pdf_converter", lambda self: StubPdf())


def run_inquirygen(*args, cwd, **options):
    return subprocess.Popen([sys.executable, "-m", "inquirygen", *args], cwd=cwd,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, **options)


def test_archive_round_trip_with_real_libreoffice(example_workspace, cli):
    soffice_or_skip()
    result = cli("archive", "2025-09-15.yaml", cwd=example_workspace)
    assert result.exit_code == 0, result.stderr
    assert result.stdout == (f"archived answers/2025-09-15.yaml as {ENTRY} (version 1) in "
                             f"archive/2025/{ENTRY}\n")
    folder = example_workspace / "archive" / "2025" / ENTRY
    assert sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*")) == [
        "answers.yaml", "letter.docx", "letter.pdf", "letter.txt", "manifest.json", "snippets",
        "snippets/deeskalation-grundsatz.md"]
    for path in [folder, *folder.rglob("*")]:
        assert not path.stat().st_mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH), path.name
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    for name, facts in manifest["files"].items():
        assert hashlib.sha256((folder / name).read_bytes()).hexdigest() == facts["sha256"]
    assert manifest["tool"] == {"name": "inquirygen", "version": "0.1.0"}
    assert set(manifest["snippets"]) == {"deeskalation-grundsatz"}
    assert manifest["template"]["name"] == "answer_letter.docx"
    assert manifest["inquiry"]["subject"] == "Umgang mit Ausreisepflichtigen"
    assert b"<pdfaid:part>2</pdfaid:part>" in (folder / "letter.pdf").read_bytes()
    head = hashlib.sha256((folder / "manifest.json").read_bytes()).hexdigest()
    assert cli("archive", "verify", cwd=example_workspace).stdout == (
        f"1 entry intact\nchain head: {head} (entry 1, {ENTRY})\n")
    shown = cli("archive", "show", ENTRY, cwd=example_workspace)
    assert "Sehr geehrte Frau Krieg," in shown.stdout


def test_the_answer_file_and_snippets_are_stored_byte_for_byte_and_rebuild_the_letter(
        example_workspace, cli, stub_pdf):
    answer = example_workspace / "answers" / "2025-09-15.yaml"
    snippet = example_workspace / "answers" / "snippets" / "deeskalation-grundsatz.md"
    as_sent = answer.read_bytes(), snippet.read_bytes()
    assert cli("archive", "2025-09-15.yaml", cwd=example_workspace).exit_code == 0
    folder = example_workspace / "archive" / "2025" / ENTRY
    assert (folder / "answers.yaml").read_bytes() == as_sent[0]
    assert (folder / "snippets" / "deeskalation-grundsatz.md").read_bytes() == as_sent[1]
    snippet.write_text(snippet.read_text(encoding="utf-8").replace("stets", "meistens"),
                       encoding="utf-8")
    assert (folder / "snippets" / "deeskalation-grundsatz.md").read_bytes() == as_sent[1]
    # The stored answer file and snippet, put back in a workspace, build the letter that was sent.
    answer.write_bytes((folder / "answers.yaml").read_bytes())
    snippet.write_bytes((folder / "snippets" / "deeskalation-grundsatz.md").read_bytes())
    assert cli("build", "2025-09-15.yaml", cwd=example_workspace).exit_code == 0
    rebuilt = (example_workspace / "out" / "2025-09-15.docx").read_bytes()
    assert rebuilt == (folder / "letter.docx").read_bytes()


def test_the_same_letter_again_is_not_stored_twice_and_a_changed_one_is_version_2(
        example_workspace, cli, stub_pdf):
    assert cli("archive", "2025-09-15.yaml", cwd=example_workspace).exit_code == 0
    same = cli("archive", "2025-09-15.yaml", cwd=example_workspace)
    assert (same.exit_code, same.stdout) == (0, (
        f"answers/2025-09-15.yaml is already archived as {ENTRY} (version 1); nothing was stored "
        "again\n"))
    answer = example_workspace / "answers" / "2025-09-15.yaml"
    answer.write_text(answer.read_text(encoding="utf-8").replace("Deeskalation", "Deeskalierung", 1),
                      encoding="utf-8")
    again = cli("archive", "2025-09-15.yaml", cwd=example_workspace)
    assert again.stdout == (f"archived answers/2025-09-15.yaml as {ENTRY}_v2 (version 2) in "
                            f"archive/2025/{ENTRY}_v2\nit supersedes {ENTRY}\n")
    assert cli("archive", "2025-09-15.yaml", cwd=example_workspace).stdout.startswith(
        f"answers/2025-09-15.yaml is already archived as {ENTRY}_v2 (version 2)")
    listing = cli("archive", "list", cwd=example_workspace).stdout.splitlines()
    assert [line.split()[0] for line in listing] == ["ID", ENTRY, f"{ENTRY}_v2"]
    assert f"  {ENTRY}  " in listing[2] and f"  {ENTRY}  " not in listing[1]  # SUPERSEDES
    shown = cli("archive", "show", ENTRY, cwd=example_workspace).stdout.splitlines()
    assert shown[1] == f"superseded by: {ENTRY}_v2"
    shown = cli("archive", "show", f"{ENTRY}_v2", cwd=example_workspace).stdout.splitlines()
    assert shown[1] == f"supersedes: {ENTRY}"


def test_unanswered_or_broken_letters_are_not_archived(data_workspace, cli, stub_pdf):
    (data_workspace / "offen.yaml").write_text(
        (data_workspace / "valid.yaml").read_text(encoding="utf-8") + "  - question: Offen?\n",
        encoding="utf-8")
    result = cli("archive", "offen.yaml", cwd=data_workspace)
    assert result.exit_code == 1
    assert result.stderr == (
        "offen.yaml: not archived: fix the problems above first\n"
        "offen.yaml:29:5: question 3. has no response yet (unanswered)\n"
        "    hint: the letter is built as a draft with 'ENTWURF' in place of the answer; write "
        "'response: |' with the answer below it, or 'see:' with a question id\n"
        "Error: 2 problems found\n")
    assert cli("archive", "duplicate_id.yaml", cwd=data_workspace).exit_code == 1
    assert not (data_workspace / "archive").exists()


def make_archive(root: Path, letters: list[dict]) -> Archive:
    """An archive of synthetic letters, written through the real storing code."""
    archive = Archive(root)
    for number, letter in enumerate(letters):
        metadata = {
            "source": f"{number}.yaml",
            "inquiry": {"date": letter.get("inquiry_date", "2025-01-10"), "subject": letter["subject"],
                        "questioner": letter.get("questioner", "Fraktion A"), "reference": None,
                        "kind": None},
            "letter": {"date": letter.get("date", "2025-02-01"), "title": letter["subject"],
                       "file_ref": None, "signatory": "X", "office": "Kreis", "recipient": ["A"]},
            "template": {"name": "answer_letter.docx", "sha256": "0"}, "snippets": {},
            "questions": [{"label": f"{i + 1}." if q else "", "question": q, "response": r}
                          for i, (q, r) in enumerate(letter["items"])],
        }
        files = {"answers.yaml": b"x", "letter.docx": f"{number} {letter['subject']}".encode(),
                 "letter.txt": b"t"}
        archive.store(files, LetterRecord.from_dict(metadata), StubPdf())
    return archive


def test_search_finds_compound_parts_ignores_case_and_umlauts_and_ranks(tmp_path):
    archive = make_archive(tmp_path / "archive", [
        {"subject": "Schulungen", "date": "2024-03-01", "items": [
            ("Gibt es Deeskalationstrainings?", ("Ja, jährlich; Deeskalation ist Pflicht. "
                                                 "Deeskalation wird geübt."))]},
        {"subject": "Haushalt", "date": "2025-05-01", "questioner": "Fraktion B", "items": [
            ("Wie hoch sind die Kosten?", "Für Maßnahmen der Deeskalationstechniken 3.000 Euro.")]},
        {"subject": "Radwege", "items": [("Wie lang?", "Zwölf Kilometer.")]},
    ])
    hits = archive.search(["deeskalation"])
    assert [hit.subject for hit in hits] == ["Schulungen", "Haushalt"]  # question and twice: first
    assert hits[1].excerpt == [("Für Maßnahmen der ", False), ("Deeskalation", True),
                               ("stechniken 3.000 Euro.", False)]
    assert [h.subject for h in archive.search(["MASSNAHMEN"])] == ["Haushalt"]
    assert [h.subject for h in archive.search(["jaehrlich"])] == ["Schulungen"]
    assert [h.subject for h in archive.search(["Deeskalation"], date_from="2025-01-01")] == ["Haushalt"]
    assert [h.subject for h in archive.search(["Deeskalation"], questioner="fraktion a")] == \
        ["Schulungen"]
    assert [h.subject for h in archive.search(["Kilometer"], subject="rad")] == ["Radwege"]
    assert archive.search(["Straßenbahn"]) == []
    assert fold("Maßnahmen ÄÖÜ") == "massnahmen aeoeue"


def test_search_takes_percent_and_underscore_as_typed(tmp_path):
    """"%" and "_" are SQL's wildcards; typed into a search they mean themselves, not "anything"."""
    archive = make_archive(tmp_path / "archive", [
        {"subject": "Haushalt", "questioner": "Fraktion A", "items": [("Wie viel?", "Zehn Prozent.")]},
        {"subject": "Quote", "questioner": "Fraktion_B", "items": [("Wie hoch?", "Sie liegt bei 5 %.")]},
    ])
    # The index holds words: signs alone find nothing (before, they matched every text).
    assert archive.search(["%"]) == [] and archive.search(["_"]) == []
    assert [h.subject for h in archive.search(["wie"], questioner="_")] == ["Quote"]
    assert [h.subject for h in archive.search(["wie"], questioner="%")] == []
    assert [h.subject for h in archive.search(["wie"], subject="%")] == []


def test_search_command_marks_the_words(tmp_path, cli):
    make_archive(tmp_path / "archive", [{"subject": "Schulungen", "items": [
        ("Gibt es Training?", "Deeskalationstechniken werden geübt.")]}])
    result = cli("archive", "search", "deeskalation", cwd=tmp_path)
    assert result.stdout == (
        "2025-02-01_schulungen  2025-02-01  Schulungen\n"
        "  1. Gibt es Training?\n"
        "    »Deeskalation«stechniken werden geübt.\n")
    assert cli("archive", "search", "Nichts", cwd=tmp_path).stdout == "nothing found for Nichts\n"


def test_verify_catches_a_changed_byte_a_deleted_file_an_orphan_and_the_index(tmp_path, cli):
    archive = make_archive(tmp_path / "archive", [
        {"subject": "Eins", "items": [("Q?", "A.")]}, {"subject": "Zwei", "items": [("Q?", "A.")]}])
    head = archive.head()
    assert head is not None and head.entry_id == "2025-02-01_zwei"
    assert cli("archive", "verify", cwd=tmp_path).stdout == (
        f"2 entries intact\nchain head: {head.sha256} (entry 2, 2025-02-01_zwei)\n")
    one = archive.root / "2025" / "2025-02-01_eins"
    two = archive.root / "2025" / "2025-02-01_zwei"
    pdf = one / "letter.pdf"
    pdf.chmod(0o644)
    data = bytearray(pdf.read_bytes())
    data[3] ^= 1
    pdf.write_bytes(bytes(data))
    (two / "letter.txt").chmod(0o644)
    os.chmod(two, 0o755)
    (two / "letter.txt").unlink()
    (archive.root / "2025" / "verwaist").mkdir()
    result = cli("archive", "verify", cwd=tmp_path)
    assert result.exit_code == 1
    assert result.stderr == (
        "archive/2025/2025-02-01_eins: letter.pdf was changed (its sha256 differs from the manifest)\n"
        "archive/2025/2025-02-01_zwei: letter.txt is missing\n"
        "archive/2025/verwaist: has no manifest.json: not an archive entry\n"
        "Error: 3 problems in the archive\n")
    (archive.root / "index.sqlite").unlink()
    (archive.root / "2025" / "verwaist").rmdir()
    unindexed = cli("archive", "verify", cwd=tmp_path)
    assert ("archive/index.sqlite: is missing\n"
            "    hint: run 'inquirygen archive reindex'\n") in unindexed.stderr
    assert cli("archive", "reindex", cwd=tmp_path).stdout == "indexed 2 entries\n"
    assert "index" not in cli("archive", "verify", cwd=tmp_path).stderr


def test_export_oparl_paper_with_files(tmp_path, cli):
    make_archive(tmp_path / "archive", [{"subject": "Radwege", "items": [("Q?", "A.")]}])
    (tmp_path / "inquirygen.yaml").write_text("oparl:\n  base_url: https://ris.example.de\n",
                                              encoding="utf-8")
    result = cli("archive", "export", "2025-02-01_radwege", "--format", "oparl", cwd=tmp_path)
    paper = json.loads(result.stdout)
    assert paper["type"] == "https://schema.oparl.org/1.1/Paper"
    assert paper["paperType"] == "Beantwortung einer Anfrage"
    assert paper["name"] == "Beantwortung der Anfrage vom 10.01.2025: Radwege"
    assert paper["date"] == "2025-02-01"
    main_file = paper["mainFile"]
    pdf = tmp_path / "archive" / "2025" / "2025-02-01_radwege" / "letter.pdf"
    assert main_file["mimeType"] == "application/pdf"
    assert main_file["size"] == pdf.stat().st_size
    assert main_file["sha512Checksum"] == hashlib.sha512(pdf.read_bytes()).hexdigest()
    assert paper["auxiliaryFile"][0]["fileName"] == "2025-02-01_radwege.docx"
    as_json = json.loads(cli("archive", "export", "2025-02-01_radwege", "--format", "json",
                             cwd=tmp_path).stdout)
    assert as_json["id"] == "2025-02-01_radwege" and as_json["text"] == "t"
    unknown = cli("archive", "export", "2025-02-01_radweg", cwd=tmp_path)
    assert unknown.exit_code == 1
    assert unknown.stderr == ("Error: no archive entry '2025-02-01_radweg' "
                              "(did you mean '2025-02-01_radwege'?)\n")


def test_full_disk_leaves_the_archive_as_it_was(tmp_path, monkeypatch):
    archive = make_archive(tmp_path / "archive", [{"subject": "Eins", "items": [("Q?", "A.")]}])
    before = sorted(str(p) for p in archive.root.rglob("*"))
    real_write = Path.write_bytes

    def full_disk(self, data):
        if self.name == "manifest.json":
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        return real_write(self, data)

    monkeypatch.setattr(Path, "write_bytes", full_disk)
    from inquirygen.errors import ArchiveError

    with pytest.raises(ArchiveError, match="No space left on device; the archive is as it was"):
        make_archive(archive.root, [{"subject": "Zwei", "items": [("Q?", "A.")]}])
    monkeypatch.setattr(Path, "write_bytes", real_write)
    assert sorted(str(p) for p in archive.root.rglob("*")) == before
    assert archive.verify().problems == []


def test_killed_archiving_never_leaves_an_entry_that_verify_accepts(example_workspace):
    soffice_or_skip()
    rng = random.Random(20251006)
    for _ in range(6):
        process = run_inquirygen("archive", "2025-09-15.yaml", cwd=example_workspace,
                                 start_new_session=True)
        time.sleep(rng.uniform(0.0, 1.6))
        os.killpg(process.pid, signal.SIGKILL)
        process.communicate()
        archive = Archive(example_workspace / "archive")
        problems = archive.verify().problems
        for entry in archive.entries():
            # Whatever verify says about the index, no entry may be half written.
            assert archive.entry_problems(entry) == [], entry.id
        assert all("interrupted" in p.message or "not in the index" in p.message
                   for p in problems), [p.message for p in problems]
    finished = run_inquirygen("archive", "2025-09-15.yaml", cwd=example_workspace)
    _, err = finished.communicate(timeout=300)
    assert finished.returncode == 0, err
    assert Archive(example_workspace / "archive").verify().problems == []


def test_two_archive_runs_at_once_lose_nothing(example_workspace):
    soffice_or_skip()
    runs = [run_inquirygen("archive", "2025-09-15.yaml", cwd=example_workspace) for _ in range(2)]
    outputs = [run.communicate(timeout=300) for run in runs]
    assert [run.returncode for run in runs] == [0, 0], outputs
    # The same letter twice at once: stored once; the second run finds the first one's entry.
    assert sorted(out.splitlines()[0].split(" as ")[0] for out, _err in outputs) == [
        "answers/2025-09-15.yaml is already archived", "archived answers/2025-09-15.yaml"]
    archive = Archive(example_workspace / "archive")
    assert [entry.version for entry in archive.entries()] == [1]
    assert archive.verify().problems == []
    assert len(archive.search(["Deeskalation"])) >= 1


def test_archiving_without_libreoffice_changes_nothing(example_workspace, cli):
    with (example_workspace / "inquirygen.yaml").open("a", encoding="utf-8") as config:
        config.write("\npdf:\n  soffice: /nowhere/soffice\n")
    result = cli("archive", "2025-09-15.yaml", cwd=example_workspace)
    assert result.exit_code == 3
    assert result.stderr.startswith("Error: LibreOffice not found ('/nowhere/soffice'); install")
    archive = example_workspace / "archive"
    assert not archive.exists() or list(archive.iterdir()) == []  # no incoming folder left
    assert Archive(archive).entries() == [] and Archive(archive).verify().problems == []


# -- the manifest as typed data -------------------------------------------------------------------

GOLDEN_MANIFESTS = Path(__file__).resolve().parent / "golden" / "manifest-format-1"


def test_manifest_of_a_real_entry_reads_typed_and_writes_back_the_same_bytes(example_workspace, cli,
                                                                             stub_pdf):
    assert cli("archive", "2025-09-15.yaml", cwd=example_workspace).exit_code == 0
    folder = example_workspace / "archive" / "2025" / ENTRY
    data = (folder / "manifest.json").read_bytes()
    manifest = Manifest.from_json(data, folder / "manifest.json")
    assert manifest.to_json().encode("utf-8") == data
    assert manifest.to_dict() == json.loads(data)
    assert Manifest.from_dict(json.loads(data)) == manifest
    assert (manifest.format, manifest.id, manifest.version) == (MANIFEST_FORMAT, ENTRY, 1)
    assert manifest.tool == Tool("inquirygen", "0.1.0")
    assert sorted(manifest.files) == ["answers.yaml", "letter.docx", "letter.pdf", "letter.txt",
                                      "snippets/deeskalation-grundsatz.md"]
    origins = {"letter.docx": "archive", "letter.pdf": "archive"}  # never built: archive wrote both
    for name, facts in manifest.files.items():
        stored = (folder / name).read_bytes()
        assert facts == ManifestFile(hashlib.sha256(stored).hexdigest(), len(stored),
                                     origins.get(name)), name
    record = manifest.record
    assert record.source == "2025-09-15.yaml"
    assert (record.inquiry.date, record.inquiry.subject) == ("2025-09-15", "Umgang mit Ausreisepflichtigen")
    assert record.letter.date == "2025-10-06" and record.letter.recipient[-1] == "45657 Recklinghausen"
    assert list(record.snippets) == ["deeskalation-grundsatz"]
    assert [question.label for question in record.questions] == ["1.", "2.", "3."]
    assert record.questions[2].response == "Siehe Ausführungen zu 1."
    entry = Archive(example_workspace / "archive").entry(ENTRY)
    assert entry.manifest == manifest and entry.version == 1


@pytest.mark.parametrize("path", sorted(GOLDEN_MANIFESTS.glob("*.json")), ids=lambda path: path.stem)
def test_manifests_written_before_the_typed_manifest_still_read_byte_for_byte(path):
    data = path.read_bytes()
    manifest = Manifest.from_json(data, path)
    assert manifest.to_json().encode("utf-8") == data
    assert manifest.id == path.stem and manifest.format == 1
    assert [question.to_dict() for question in manifest.record.questions] == json.loads(data)["questions"]


def test_golden_manifests_cover_optional_values_and_several_kinds_of_question():
    manifests = {path.stem: Manifest.from_json(path.read_bytes(), path)
                 for path in GOLDEN_MANIFESTS.glob("*.json")}
    kleine = manifests["2025-09-10_ausstattung-der-auslaenderbehoerden"].record
    assert (kleine.inquiry.kind, kleine.inquiry.reference) == ("Kleine Anfrage", "18/12345")
    assert kleine.template.name == "kleine_anfrage.docx"
    assert manifests["2025-07-15_hilfsfristen-im-rettungsdienst"].record.letter.file_ref == \
        "38.2-2025/114"
    body_only = manifests["2025-07-22_sanierung-der-kreisberufskollegs"].record.questions
    assert [(q.label, q.question) for q in body_only] == [("", "")]


def test_a_truncated_manifest_is_named_with_line_and_column(tmp_path, cli):
    archive = make_archive(tmp_path / "archive", [
        {"subject": "Eins", "items": [("Q?", "A.")]}, {"subject": "Zwei", "items": [("Q?", "A.")]}])
    folder = archive.root / "2025" / "2025-02-01_eins"
    manifest = folder / "manifest.json"
    manifest.chmod(0o644)
    manifest.write_bytes(b"".join(manifest.read_bytes().splitlines(keepends=True)[:10]))
    located = "archive/2025/2025-02-01_eins/manifest.json:11:1: is not valid JSON (Expecting ',' delimiter)"
    shown = cli("archive", "show", "2025-02-01_eins", cwd=tmp_path)
    assert (shown.exit_code, shown.stderr) == (3, f"Error: {located}\n")
    verify = cli("archive", "verify", cwd=tmp_path)
    # Named where it is broken, and not a second time as an index entry without a folder.
    assert (verify.exit_code, verify.stderr) == (1, f"{located}\nError: 1 problem in the archive\n")
    assert [entry.id for entry in archive.entries()] == ["2025-02-01_zwei"]
    # Listed from the index, as it was archived: the broken manifest does not hide the letter.
    assert [line.split()[0] for line in cli("archive", "list", cwd=tmp_path).stdout.splitlines()] == [
        "ID", "2025-02-01_eins", "2025-02-01_zwei"]
    with pytest.raises(ArchiveError, match=r"manifest\.json:11:1: is not valid JSON"):
        Manifest.from_json(manifest.read_bytes(), manifest)


@pytest.mark.parametrize(("change", "message"), ids=[
    "missing", "text-version", "bool-version", "number-label", "null-recipient", "files-list", "unknown-key",
    "newer", "older", "no-format"], argvalues=[
    (lambda data: data["letter"].pop("date"), "'letter.date' is missing"),
    (lambda data: data.update(version="eins"), "'version' should be a whole number, not \"eins\""),
    (lambda data: data.update(version=True), "'version' should be a whole number, not true"),
    (lambda data: data["questions"][0].update(label=1), "'questions[0].label' should be text, not 1"),
    (lambda data: data["letter"]["recipient"].append(None),
     "'letter.recipient[1]' should be text, not null"),
    (lambda data: data.update(files=[]), "'files' should be an object, not []"),
    (lambda data: data.update(colour="rot"), "'colour' is not a key of manifest format 2"),
    (lambda data: data.update(format=3),
     "manifest format 3 needs a newer inquirygen (this one reads format 2)"),
    (lambda data: data.update(format=0),
     "manifest format 0 is not one that inquirygen reads (this one reads format 2)"),
    (lambda data: data.pop("format"), "'format' is missing: not a manifest that inquirygen wrote"),
])
def test_a_malformed_manifest_names_what_is_wrong(tmp_path, monkeypatch, change, message):
    archive = make_archive(tmp_path / "archive", [{"subject": "Eins", "items": [("Q?", "A.")]}])
    path = archive.root / "2025" / "2025-02-01_eins" / "manifest.json"
    data = json.loads(path.read_bytes())
    change(data)
    monkeypatch.chdir(tmp_path)
    with pytest.raises(ArchiveError) as raised:
        Manifest.from_json(json.dumps(data), path)
    assert str(raised.value) == f"archive/2025/2025-02-01_eins/manifest.json: {message}"
