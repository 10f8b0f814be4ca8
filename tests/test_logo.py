"""The office's logo in the letterhead, and the page frame of the workspace ``init`` makes.

The logo goes into the part that prints ``{{ office.logo }}`` (the first page's header), with its
relationship in that part's own ``.rels``; a logo that is missing, no image or outside the workspace
is reported at its line in inquirygen.yaml. The example workspace's letter, through LibreOffice, has
its letterhead, logo, return address and footer where an office's letter has them.
"""

from __future__ import annotations

import re
import struct
import subprocess
import zipfile
from pathlib import Path

import pytest
import yaml
from lxml import etree

from inquirygen.errors import InquirygenError
from inquirygen.images import ImageInfo, image_info
from inquirygen.letter import Image
from inquirygen.writers.docx.wordml import LOGO_PICTURE, image_parts

from .conftest import ROOT, soffice_or_skip, write_answer
from .test_pdf import tool
from .test_signature import ANSWERS, png

CONFIG = """\
office:
  name: Stadt Beispielstadt
  letterhead: [STADT BEISPIELSTADT]
  logo: {logo}
{extra}signatories:
  landrat: {{name: Bodo Klimpel}}
"""

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
WP = "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}"
A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
R = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
PR = "{http://schemas.openxmlformats.org/package/2006/relationships}"
IMAGE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/image"


def workspace_with_logo(folder: Path, logo: str = "images/wappen.png", extra: str = "") -> Path:
    (folder / "images").mkdir(exist_ok=True)
    (folder / "images" / "wappen.png").write_bytes(png(300, 200))
    (folder / "inquirygen.yaml").write_text(CONFIG.format(logo=logo, extra=extra), encoding="utf-8")
    write_answer(folder, "radwege.yaml", ANSWERS)
    return folder


def parts(docx: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(docx) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def relationships(data: bytes) -> dict[str, tuple[str, str]]:
    return {rel.get("Id"): (rel.get("Type"), rel.get("Target"))
            for rel in etree.fromstring(data).iter(f"{PR}Relationship")}


def test_logo_goes_into_the_first_page_header_with_its_relationship_there(tmp_path, cli):
    workspace_with_logo(tmp_path)
    result = cli("build", "radwege.yaml", cwd=tmp_path)
    assert result.exit_code == 0, result.stderr
    built = parts(tmp_path / "out" / "radwege.docx")
    assert built["word/media/inquirygen-logo.png"] == (tmp_path / "images" / "wappen.png").read_bytes()
    header_rels = relationships(built["word/_rels/header1.xml.rels"])
    assert header_rels == {"rIdInquirygenLogo": (IMAGE, "media/inquirygen-logo.png")}
    # The main document's own relationships do not carry the logo (no signature image here either).
    assert "rIdInquirygenLogo" not in relationships(built["word/_rels/document.xml.rels"])
    header = etree.fromstring(built["word/header1.xml"])
    # The fold marks are drawings too; the logo is the one picture.
    (drawing,) = (found for found in header.iter(f"{W}drawing") if found.find(f".//{A}blip") is not None)
    assert drawing.find(f".//{A}blip").get(f"{R}embed") == "rIdInquirygenLogo"
    doc_pr = drawing.find(f".//{WP}docPr")
    assert (doc_pr.get("name"), doc_pr.get("descr")) == ("Logo", "Logo Stadt Beispielstadt")
    # 300 × 200 px at 96 dpi is 79.4 × 52.9 mm: scaled into 40 × 20 mm, proportions kept.
    extent = drawing.find(f".//{WP}extent")
    assert (int(extent.get("cx")) / 36_000, int(extent.get("cy")) / 36_000) == (30.0, 20.0)
    # The paragraph that holds it is a frame at the right margin, 10 mm from the top of the page.
    frame = next(p for p in header.iter(f"{W}p") if p.find(f".//{A}blip") is not None) \
        .find(f"{W}pPr/{W}framePr")
    assert (frame.get(f"{W}vAnchor"), frame.get(f"{W}y"), frame.get(f"{W}xAlign")) == ("page", "567", "right")
    # Page 1 only: the following pages' header, the footers and the body have no picture.
    for name in ("word/header2.xml", "word/footer1.xml", "word/footer2.xml", "word/document.xml"):
        assert b"<w:drawing>" not in built[name], name
    assert b'Extension="png"' in built["[Content_Types].xml"]


def test_logo_alt_text_and_a_template_office_of_its_own(tmp_path, cli):
    (tmp_path / "images").mkdir()
    (tmp_path / "images" / "ministerium.png").write_bytes(png(100, 100))
    extra = ("  logo_alt: Wappen der Stadt Beispielstadt\n"
             "template_offices:\n  kleine_anfrage:\n    name: Ministerium\n"
             "    logo: images/ministerium.png\n")
    workspace_with_logo(tmp_path, extra=extra)
    write_answer(tmp_path, "ministerium.yaml", ANSWERS.replace(
        "inquiry: {date: 2025-09-15, subject: Radwege}",
        "inquiry: {date: 2025-09-15, subject: Radwege, reference: 18/1, questioner: X}").replace(
        "signatory: landrat}", "signatory: landrat, template: kleine_anfrage}"))
    result = cli("build", "radwege.yaml", "ministerium.yaml", cwd=tmp_path)
    assert result.exit_code == 0, result.stderr

    def logo(name: str) -> tuple[bytes, str]:
        built = parts(tmp_path / "out" / name)
        doc_pr = next(found for found in etree.fromstring(built["word/header1.xml"]).iter(f"{WP}docPr")
                      if found.get("name") == "Logo")
        return built["word/media/inquirygen-logo.png"], doc_pr.get("descr")

    assert logo("radwege.docx") == ((tmp_path / "images" / "wappen.png").read_bytes(),
                                    "Wappen der Stadt Beispielstadt")
    assert logo("ministerium.docx") == ((tmp_path / "images" / "ministerium.png").read_bytes(),
                                        "Logo Ministerium")


def test_a_letter_without_logo_has_no_picture(tmp_path, cli):
    workspace_with_logo(tmp_path)
    config = tmp_path / "inquirygen.yaml"
    config.write_text(config.read_text(encoding="utf-8").replace("  logo: images/wappen.png\n", ""),
                      encoding="utf-8")
    assert cli("build", "radwege.yaml", cwd=tmp_path).exit_code == 0
    built = parts(tmp_path / "out" / "radwege.docx")
    assert not any(name.startswith("word/media/") for name in built)
    assert b"<a:blip" not in built["word/header1.xml"]  # the fold marks' line shapes stay
    assert b"STADT BEISPIELSTADT" in built["word/header1.xml"]


def test_the_same_letter_with_logo_gives_the_same_bytes(tmp_path, cli):
    workspace_with_logo(tmp_path)
    assert cli("build", "radwege.yaml", "-o", "first.docx", cwd=tmp_path).exit_code == 0
    assert cli("build", "radwege.yaml", "-o", "second.docx", cwd=tmp_path).exit_code == 0
    assert (tmp_path / "first.docx").read_bytes() == (tmp_path / "second.docx").read_bytes()


def test_a_logo_outside_the_workspace_is_refused_at_its_line(tmp_path, cli):
    inner = tmp_path / "ws"
    inner.mkdir()
    (tmp_path / "fremd.png").write_bytes(png(10, 10))
    workspace_with_logo(inner, "../fremd.png")
    result = cli("build", "radwege.yaml", cwd=inner)
    assert result.exit_code == 1
    assert result.stderr == (
        "inquirygen.yaml:4:9: the logo image '../fremd.png' lies outside the workspace\n"
        "    hint: keep logo images in the workspace folder, e.g. images/\n"
        "Error: 1 problem found; 1 file not built\n")
    assert not (inner / "out").exists()


def test_a_missing_logo_or_one_that_is_no_image_is_located(tmp_path, cli):
    workspace_with_logo(tmp_path, "images/fehlt.png")
    result = cli("check", "radwege.yaml", cwd=tmp_path)
    assert result.exit_code == 1
    assert result.stderr == (
        "inquirygen.yaml:4:9: logo image 'images/fehlt.png' not found\n"
        "    hint: the path is relative to ./\n"
        "Error: 1 problem found; 1 file with errors\n")
    (tmp_path / "images" / "logo.png").write_text("kein Bild", encoding="utf-8")
    extra = "template_offices:\n  kleine_anfrage:\n    logo: images/logo.png\n"
    workspace_with_logo(tmp_path, "images/wappen.png", extra)
    write_answer(tmp_path, "radwege.yaml", ANSWERS.replace(
        "signatory: landrat}", "signatory: landrat, template: kleine_anfrage}").replace(
        "subject: Radwege}", "subject: Radwege, reference: 18/1, questioner: X}"))
    result = cli("check", "radwege.yaml", cwd=tmp_path)
    assert result.exit_code == 1
    assert result.stderr == (
        "inquirygen.yaml:7:11: 'images/logo.png' is not a PNG or JPEG image\n"
        "Error: 1 problem found; 1 file with errors\n")


def test_a_logo_whose_header_is_broken_is_no_image(tmp_path, cli):
    workspace_with_logo(tmp_path, "images/kaputt.png")
    (tmp_path / "images" / "kaputt.png").write_bytes(png(300, 200)[:20])  # ends inside IHDR
    result = cli("build", "radwege.yaml", cwd=tmp_path)
    assert result.exit_code == 1
    assert result.stderr.startswith("inquirygen.yaml:4:9: 'images/kaputt.png' is not a PNG or JPEG image\n")


def test_size_and_resolution_are_read_from_the_header():
    logo = (ROOT / "inquirygen" / "skeleton" / "images" / "logo.png").read_bytes()
    info = image_info(logo)
    assert (info.kind, info.width, info.height, round(info.dpi_x), round(info.dpi_y)) == \
        ("png", 200, 236, 300, 300)
    assert [round(side, 1) for side in info.size_mm] == [16.9, 20.0]
    assert len(logo) < 20 * 1024
    assert image_info(png(400, 100)) == ImageInfo("png", 400, 100)  # no pHYs: 96 dpi
    # A JPEG's frame header after a JFIF header in dots per centimetre (118 per cm is 300 dpi).
    jfif = b"JFIF\x00\x01\x02" + struct.pack(">BHH", 2, 118, 118) + b"\x00\x00"
    frame = struct.pack(">BHHB", 8, 50, 80, 3) + b"\x00" * 9
    jpeg = (b"\xff\xd8" + b"\xff\xe0" + struct.pack(">H", len(jfif) + 2) + jfif
            + b"\xff\xc0" + struct.pack(">H", len(frame) + 2) + frame + b"\xff\xd9")
    assert image_info(jpeg) == ImageInfo("jpeg", 80, 50, 118 * 2.54, 118 * 2.54)
    assert image_info(jpeg[:26]) is None  # ends inside the frame header
    assert image_info(b"GIF89a") is None


def test_an_image_gone_since_the_check_is_a_message_not_a_crash(tmp_path):
    with pytest.raises(InquirygenError, match=r"changed while the letter was written"):
        image_parts(Image(tmp_path / "weg.png", "Logo"), LOGO_PICTURE,
                    {"[Content_Types].xml": b"<Types></Types>"}, ["word/header1.xml"])


def test_the_init_workspace_prints_an_office_letter(tmp_path, cli):
    """Letterhead with logo on page 1 only, return address, the footer on every page, and the
    address field where DIN 5008 puts it (the logo takes no room from it)."""
    soffice_or_skip()
    pdftotext, pdfimages = tool("pdftotext"), tool("pdfimages")
    assert cli("init", "ws", cwd=tmp_path).exit_code == 0
    workspace = tmp_path / "ws"
    example = workspace / "answers" / "2025-01-20.yaml"
    more = "".join(f"\n  - question: Weitere Frage {n}?\n    response: |\n      "
                   + "Die Verwaltung prüft die Öffnungszeiten in allen Stadtteilen. " * 6 + "\n"
                   for n in range(1, 9))
    example.write_text(example.read_text(encoding="utf-8") + more, encoding="utf-8")
    result = cli("build", "--pdf", "2025-01-20.yaml", cwd=workspace)
    assert result.exit_code == 0, result.stderr
    pdf = workspace / "out" / "2025-01-20.pdf"

    def page_text(page: int) -> str:
        return subprocess.run([pdftotext, "-f", str(page), "-l", str(page), str(pdf), "-"],
                              capture_output=True, text=True, check=True).stdout

    office = yaml.safe_load((workspace / "inquirygen.yaml").read_text(encoding="utf-8"))["office"]
    footer, return_address = office["footer"], office["return_address"]
    assert [label for label in ("Hausanschrift", "Telefon", "Internet", "Bankverbindung")
            if any(f"{label}: " in line for line in footer)] == \
        ["Hausanschrift", "Telefon", "Internet", "Bankverbindung"]
    first, second = page_text(1), page_text(2)
    assert "STADT BEISPIELSTADT" in first and "STADT BEISPIELSTADT" not in second
    assert return_address in first and return_address not in second
    assert "Seite 2 von 2" in second
    for line in footer:
        assert line in first and line in second, line
    images = subprocess.run([pdfimages, "-list", str(pdf)], capture_output=True, text=True,
                            check=True).stdout.splitlines()[2:]
    assert [row.split()[0] for row in images] == ["1"], images  # one picture, on page 1

    # Positions in mm from the top of page 1: the return address ends above 62.7 mm, the address
    # starts below it and ends above 90 mm; the letterhead ends above the address field (45 mm).
    bbox = subprocess.run([pdftotext, "-bbox", "-f", "1", "-l", "1", str(pdf), "-"],
                          capture_output=True, text=True, check=True).stdout
    words = [(word, float(top) / 72 * 25.4, float(bottom) / 72 * 25.4) for top, bottom, word in
             re.findall(r'yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)">([^<]+)<', bbox)]

    def span(*wanted: str) -> tuple[float, float]:
        found = [(top, bottom) for word, top, bottom in words if word in wanted]
        return min(t for t, _ in found), max(b for _, b in found)

    assert span("BÜRGERMEISTER")[1] < 45
    return_address, street = [(top, bottom) for word, top, bottom in words if word == "Rathausplatz"][:2]
    assert 45 < return_address[0] < 62.7 - 2  # one line of 7 pt at the foot of the return zone
    assert span("Ratsfraktion")[0] > 62 and street[1] < 90
