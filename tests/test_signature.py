"""Signature images: scaled into the signature room, with alt text, and only from inside the workspace."""

from __future__ import annotations

import re
import struct
import zipfile
import zlib
from pathlib import Path

from .conftest import soffice_or_skip, write_answer
from .docx_text import letter_text, open_document
from .test_libreoffice import convert


def png(width: int, height: int) -> bytes:
    """A real, minimal PNG (white, 8-bit grey) without any imaging library."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    rows = b"".join(b"\x00" + b"\xff" * width for _ in range(height))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b""))


CONFIG = """\
signatories:
  landrat:
    name: Bodo Klimpel
    signature: {signature}
    signature_alt: Unterschrift von Bodo Klimpel
"""

ANSWERS = """\
inquiry: {date: 2025-09-15, subject: Radwege}
recipient: {address: [Fraktion]}
letter: {date: 2025-10-06, signatory: landrat}
questions:
  - question: Wie viele?
    response: Drei.
"""


def workspace_with_signature(folder: Path, signature: str) -> Path:
    (folder / "signatures").mkdir()
    (folder / "signatures" / "klimpel.png").write_bytes(png(400, 100))
    (folder / "inquirygen.yaml").write_text(CONFIG.format(signature=signature), encoding="utf-8")
    write_answer(folder, "radwege.yaml", ANSWERS)
    return folder


def test_signature_image_is_embedded_scaled_with_alt_text(tmp_path, cli):
    workspace_with_signature(tmp_path, "signatures/klimpel.png")
    result = cli("build", "radwege.yaml", cwd=tmp_path)
    assert result.exit_code == 0, result.stderr
    built = tmp_path / "out" / "radwege.docx"
    document = open_document(built)
    (shape,) = document.inline_shapes
    # 400 × 100 px at 96 dpi is 105.8 × 26.5 mm: scaled into 60 × 15 mm, proportions kept.
    assert (round(shape.width.mm, 1), round(shape.height.mm, 1)) == (60.0, 15.0)
    doc_pr = shape._inline.docPr
    assert doc_pr.get("descr") == "Unterschrift von Bodo Klimpel"
    with zipfile.ZipFile(built) as archive:
        assert archive.read("word/media/inquirygen-signature.png") == \
            (tmp_path / "signatures" / "klimpel.png").read_bytes()
    assert letter_text(built)[-2:] == ["Mit freundlichen Grüßen", "Bodo Klimpel"]


def test_letter_with_signature_opens_in_libreoffice(tmp_path, cli):
    soffice = soffice_or_skip()
    workspace_with_signature(tmp_path, "signatures/klimpel.png")
    assert cli("build", "radwege.yaml", cwd=tmp_path).exit_code == 0
    convert(soffice, tmp_path / "out" / "radwege.docx", "pdf", tmp_path, tmp_path / "profile")
    pdf = (tmp_path / "radwege.pdf").read_bytes()
    assert pdf.startswith(b"%PDF-") and re.search(rb"/Subtype\s*/Image", pdf)


def test_signature_outside_the_workspace_is_refused(tmp_path, cli):
    inner = tmp_path / "ws"
    inner.mkdir()
    (tmp_path / "fremd.png").write_bytes(png(10, 10))
    workspace_with_signature(inner, "../fremd.png")
    result = cli("build", "radwege.yaml", cwd=inner)
    assert result.exit_code == 1
    assert result.stderr.startswith(
        "inquirygen.yaml:4:16: the signature image '../fremd.png' lies outside the workspace\n"
        "    hint: keep signature images in the workspace folder, e.g. signatures/\n")
    assert not (inner / "out").exists()


def test_missing_or_wrong_signature_file_is_located(tmp_path, cli):
    workspace_with_signature(tmp_path, "signatures/fehlt.png")
    result = cli("check", "radwege.yaml", cwd=tmp_path)
    assert result.exit_code == 1
    assert result.stderr.startswith("inquirygen.yaml:4:16: signature image 'signatures/fehlt.png' "
                                    "not found\n")
    (tmp_path / "signatures" / "text.png").write_text("kein Bild", encoding="utf-8")
    (tmp_path / "inquirygen.yaml").write_text(CONFIG.format(signature="signatures/text.png"),
                                              encoding="utf-8")
    result = cli("check", "radwege.yaml", cwd=tmp_path)
    assert result.stderr.startswith("inquirygen.yaml:4:16: 'signatures/text.png' is not a PNG or "
                                    "JPEG image\n")
