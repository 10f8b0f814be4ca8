"""PDF/A-2b through real LibreOffice, and what happens when LibreOffice is missing, hangs or fails."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import time

import pytest

from .conftest import soffice_or_skip


def tool(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        if os.environ.get("CI"):
            pytest.fail(f"{name} is required in CI; .ci/run installs poppler-utils")
        pytest.skip(f"{name} is not installed")
    return found


def fake_soffice(folder, body: str, name: str = "soffice"):
    script = folder / name
    script.write_text("#!/bin/sh\n" + body, encoding="utf-8")
    script.chmod(0o755)
    return script


def configure(workspace, soffice, timeout: float = 120):
    with (workspace / "inquirygen.yaml").open("a", encoding="utf-8") as config:
        config.write(f"\npdf:\n  soffice: {soffice}\n  timeout: {timeout}\n")


def test_build_pdf_writes_pdfa_2b_tagged_with_fonts_embedded(example_workspace, cli):
    soffice_or_skip()
    result = cli("build", "--pdf", "2025-09-15.yaml", cwd=example_workspace)
    assert result.exit_code == 0, result.stderr
    assert result.stdout == "wrote out/2025-09-15.docx\nwrote out/2025-09-15.pdf\n"
    pdf_path = example_workspace / "out" / "2025-09-15.pdf"
    pdf = pdf_path.read_bytes()
    assert re.search(rb"<pdfaid:part>2</pdfaid:part>", pdf)
    assert re.search(rb"<pdfaid:conformance>B</pdfaid:conformance>", pdf)
    assert re.search(rb"<pdfuaid:part>1</pdfuaid:part>", pdf)  # tests/test_accessible_pdf.py: the rest
    assert b"/StructTreeRoot" in pdf  # tagged
    assert re.search(rb"/Lang\s*\(de-DE\)", pdf)
    info = subprocess.run([tool("pdfinfo"), str(pdf_path)], capture_output=True, text=True, check=True).stdout
    assert re.search(r"^Title:\s+Umgang mit Ausreisepflichtigen$", info, re.MULTILINE)
    assert re.search(r"^Pages:\s+2$", info, re.MULTILINE)
    fonts = subprocess.run([tool("pdffonts"), str(pdf_path)], capture_output=True, text=True,
                           check=True).stdout
    rows = fonts.splitlines()[2:]
    assert rows and all(row.split()[-5] == "yes" for row in rows), fonts  # "emb" column
    text = subprocess.run([tool("pdftotext"), str(pdf_path), "-"], capture_output=True,
                          text=True, check=True).stdout
    assert "KREIS RECKLINGHAUSEN · DER LANDRAT" in text
    assert "Siehe Ausführungen zu 1." in text
    assert "Seite 2 von 2" in text


def test_one_libreoffice_process_converts_a_whole_batch(example_workspace, cli, tmp_path):
    real = soffice_or_skip()
    log = tmp_path / "calls.log"
    wrapper = fake_soffice(tmp_path, f'echo call >> "{log}"\nexec "{real}" "$@"\n')
    configure(example_workspace, wrapper)
    result = cli("build", "--pdf", "2025-09-15.yaml", "2025-09-22-einzelfrage.yaml",
                 "2025-07-01-zwischennachricht.yaml", cwd=example_workspace)
    assert result.exit_code == 0, result.stderr
    assert log.read_text().splitlines() == ["call"]
    assert sorted(p.name for p in (example_workspace / "out").glob("*.pdf")) == [
        "2025-07-01-zwischennachricht.pdf", "2025-09-15.pdf", "2025-09-22-einzelfrage.pdf"]


def test_missing_libreoffice_keeps_the_docx_and_says_how_to_install(example_workspace, cli):
    configure(example_workspace, "/nowhere/soffice")
    result = cli("build", "--pdf", "2025-09-15.yaml", cwd=example_workspace)
    assert result.exit_code == 3
    assert result.stdout == "wrote out/2025-09-15.docx\n"
    assert result.stderr == (
        "Error: LibreOffice not found ('/nowhere/soffice'); install LibreOffice (Debian/Ubuntu: "
        "apt-get install libreoffice-writer-nogui fonts-liberation2), or set pdf.soffice in "
        "inquirygen.yaml to where soffice is\n")
    assert sorted(p.name for p in (example_workspace / "out").iterdir()) == [".2025-09-15.inquirygen.json",
                                                                          "2025-09-15.docx"]


def test_hanging_libreoffice_is_stopped_after_the_timeout(example_workspace, cli, tmp_path):
    pid_file = tmp_path / "pid"
    hanging = fake_soffice(tmp_path, f'echo $$ > "{pid_file}"\nsleep 60\n')
    configure(example_workspace, hanging, timeout=1)
    started = time.monotonic()
    result = cli("build", "--pdf", "2025-09-15.yaml", cwd=example_workspace)
    assert time.monotonic() - started < 20
    assert result.exit_code == 3
    assert result.stderr == ("Error: LibreOffice did not finish within 1 seconds and was stopped; "
                             "no PDF was written\n")
    pid = int(pid_file.read_text())
    with pytest.raises(ProcessLookupError):
        os.kill(pid, 0)
    assert not list((example_workspace / "out").glob("*.pdf*"))


def test_failing_or_half_done_libreoffice_leaves_no_pdf(example_workspace, cli, tmp_path):
    crashing = fake_soffice(tmp_path, 'echo "Error: source file could not be loaded" >&2\nexit 1\n')
    configure(example_workspace, crashing)
    result = cli("build", "--pdf", "2025-09-15.yaml", cwd=example_workspace)
    assert result.exit_code == 3
    assert result.stderr == ("Error: LibreOffice failed (exit code 1) Error: source file could not "
                             "be loaded\n")
    # A LibreOffice that writes the start of a PDF and stops: no end-of-file marker.
    half = fake_soffice(tmp_path, 'outdir=$(echo "$@" | sed "s/.*--outdir \\([^ ]*\\).*/\\1/")\n'
                                  'mkdir -p "$outdir"; printf "%%PDF-1.7 cut off" > "$outdir/00000.pdf"\n',
                        name="half-soffice")
    (example_workspace / "inquirygen.yaml").write_text(
        (example_workspace / "inquirygen.yaml").read_text(encoding="utf-8").replace(
            str(crashing), str(half)), encoding="utf-8")
    result = cli("build", "--pdf", "2025-09-15.yaml", cwd=example_workspace)
    assert result.exit_code == 3
    assert result.stderr == "Error: LibreOffice did not convert out/2025-09-15.docx\n"
    assert not list((example_workspace / "out").glob("*.pdf*"))


# A LibreOffice that writes something that ends like a PDF but is none: only pikepdf notices.
NOT_A_PDF = ('outdir=$(echo "$@" | sed "s/.*--outdir \\([^ ]*\\).*/\\1/")\n'
             'mkdir -p "$outdir"\n'
             'printf "%%PDF-1.7\\nno objects at all\\n%%%%EOF\\n" > "$outdir/00000.pdf"\n')


def test_a_pdf_whose_tagging_cannot_be_completed_leaves_no_pdf(example_workspace, cli, tmp_path):
    configure(example_workspace, fake_soffice(tmp_path, NOT_A_PDF))
    result = cli("build", "--pdf", "2025-09-15.yaml", cwd=example_workspace)
    assert result.exit_code == 3
    assert result.stderr.startswith("Error: the PDF of out/2025-09-15.docx could not be completed for "
                                    "accessibility (")
    assert result.stderr.endswith("); no PDF was written\n")
    assert sorted(p.name for p in (example_workspace / "out").iterdir()) == [".2025-09-15.inquirygen.json",
                                                                          "2025-09-15.docx"]


def test_without_pikepdf_the_message_says_what_to_install(example_workspace, cli, tmp_path, monkeypatch):
    configure(example_workspace, fake_soffice(tmp_path, NOT_A_PDF))
    monkeypatch.setitem(sys.modules, "pikepdf", None)  # what "import pikepdf" meets when it is missing
    result = cli("build", "--pdf", "2025-09-15.yaml", cwd=example_workspace)
    assert result.exit_code == 3
    assert result.stderr == ("Error: pikepdf is not installed, which completes the PDF's tagging for "
                             "accessibility; install inquirygen again (pip install inquirygen) or pip "
                             "install pikepdf\n")
    assert not list((example_workspace / "out").glob("*.pdf*"))
