"""Round trip through real LibreOffice: the built letter opens, converts, and its text survives."""

from __future__ import annotations

import re
import subprocess

from .conftest import soffice_or_skip
from .test_golden import GOLDEN


def convert(soffice: str, source, target_format: str, outdir, profile) -> None:
    subprocess.run(
        [soffice, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--norestore",
         "--convert-to", target_format, "--outdir", str(outdir), str(source)],
        check=True, capture_output=True, timeout=180)


def test_libreoffice_converts_the_example_and_keeps_its_text(example_workspace, cli, tmp_path):
    soffice = soffice_or_skip()
    assert cli("build", "2025-09-15.yaml", cwd=example_workspace).exit_code == 0
    built = example_workspace / "out" / "2025-09-15.docx"
    profile = tmp_path / "profile"
    convert(soffice, built, "txt:Text (encoded):UTF8", tmp_path, profile)
    convert(soffice, built, "pdf", tmp_path, profile)

    text = (tmp_path / "2025-09-15.txt").read_text(encoding="utf-8-sig")
    converted = [" ".join(line.split()) for line in text.splitlines() if line.strip()]
    # The golden text without its style labels; LibreOffice's text export leaves out headers
    # and footers (the letterhead, the page numbers) and frames (the floating table of the address
    # and the information block), and shows bullets as "•".
    framed = ("[Anschrift] ", "[Infoblock] ", "[Infoblock Datum] ", "[Rücksendeangabe] ")
    golden = [line.split("] ", 1)[1] for line in
              (GOLDEN / "2025-09-15.txt").read_text(encoding="utf-8").splitlines()
              if not line.startswith(("[header: ", "[footer: ", "[first footer: ", *framed))]
    expected = [" ".join(("• " + line[2:] if line.startswith("- ") and not line.endswith(" -")
                          else line).split())
                for line in golden[1:]]
    assert converted == expected

    pdf = (tmp_path / "2025-09-15.pdf").read_bytes()
    assert pdf.startswith(b"%PDF-")
    assert re.search(rb"/Type\s*/Pages\b.*?/Count 2\b", pdf, re.DOTALL), "the example letter has 2 pages"
