"""PNG and JPEG pictures as a letter needs them: kind, size in pixels and resolution, from the header.

Checking a signature or logo and scaling it into its box need nothing more, so no imaging library is
loaded (python-docx's image reader costs a cold run some 45 ms). A file whose header cannot be read is
no image here, so a broken one is reported at its setting rather than failing the writer.
"""

from __future__ import annotations

import struct
import zlib

from .frozen import frozen

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
DEFAULT_DPI = 96.0  # what a file that states no resolution is taken to have
# JPEG markers of a frame header (SOF0 … SOF15 without DHT, JPG and DAC), which holds the size.
_JPEG_FRAMES = {0xC0, 0xC1, 0xC2, 0xC3, 0xC5, 0xC6, 0xC7, 0xC9, 0xCA, 0xCB, 0xCD, 0xCE, 0xCF}


@frozen
class ImageInfo:
    kind: str  # "png" or "jpeg", also the file extension and the MIME subtype
    width: int  # pixels
    height: int
    dpi_x: float = DEFAULT_DPI
    dpi_y: float = DEFAULT_DPI

    @property
    def size_mm(self) -> tuple[float, float]:
        """Width and height at the stated resolution."""
        return self.width / self.dpi_x * 25.4, self.height / self.dpi_y * 25.4


def image_info(data: bytes) -> ImageInfo | None:
    """What the header of a PNG or JPEG says; ``None`` for anything else or a header that is broken."""
    try:
        if data.startswith(PNG_SIGNATURE):
            return _png(data)
        if data.startswith(b"\xff\xd8\xff"):
            return _jpeg(data)
    except struct.error:  # the file ends inside its header
        return None
    return None


def _png(data: bytes) -> ImageInfo | None:
    if data[12:16] != b"IHDR":
        return None
    width, height = struct.unpack(">II", data[16:24])
    dpi_x = dpi_y = DEFAULT_DPI
    offset = 8
    while offset + 8 <= len(data):
        length, kind = struct.unpack(">I4s", data[offset:offset + 8])
        if kind == b"pHYs" and length == 9:
            per_x, per_y, unit = struct.unpack(">IIB", data[offset + 8:offset + 17])
            if unit == 1 and per_x and per_y:  # pixels per metre
                dpi_x, dpi_y = per_x * 0.0254, per_y * 0.0254
        if kind in (b"IDAT", b"IEND"):  # pHYs must come before the image data
            break
        offset += 12 + length
    return ImageInfo("png", width, height, dpi_x, dpi_y) if width and height else None


def _jpeg(data: bytes) -> ImageInfo | None:
    dpi_x = dpi_y = DEFAULT_DPI
    offset = 2
    while offset + 4 <= len(data):
        if data[offset] != 0xFF:
            return None
        marker = data[offset + 1]
        if marker == 0xFF:  # fill byte
            offset += 1
            continue
        if marker == 0x01 or 0xD0 <= marker <= 0xD7:  # markers without a segment
            offset += 2
            continue
        (length,) = struct.unpack(">H", data[offset + 2:offset + 4])
        segment = data[offset + 4:offset + 2 + length]
        if marker == 0xE0 and segment.startswith(b"JFIF\x00"):
            unit, x, y = struct.unpack(">BHH", segment[7:12])
            if unit in (1, 2) and x and y:  # dots per inch, or per centimetre
                factor = 2.54 if unit == 2 else 1.0
                dpi_x, dpi_y = x * factor, y * factor
        elif marker in _JPEG_FRAMES:
            height, width = struct.unpack(">HH", segment[1:5])
            return ImageInfo("jpeg", width, height, dpi_x, dpi_y) if width and height else None
        elif marker == 0xDA:  # the scan starts: there was no frame header
            return None
        offset += 2 + length
    return None


def is_complete(data: bytes) -> bool:
    """Whether the whole picture is there, not only its header: a PNG's chunks, each with its right
    checksum, up to its end chunk; a JPEG's end marker after the start of its image data. A file cut
    short in a copy or a mail passes the header, and Word and LibreOffice then show a broken or an
    empty picture in the letter."""
    try:
        if data.startswith(PNG_SIGNATURE):
            return _png_complete(data)
        if data.startswith(b"\xff\xd8\xff"):
            return _jpeg_complete(data)
    except struct.error:
        return False
    return False


def _png_complete(data: bytes) -> bool:
    offset = len(PNG_SIGNATURE)
    while offset + 12 <= len(data):
        length, kind = struct.unpack(">I4s", data[offset:offset + 8])
        end = offset + 8 + length
        if end + 4 > len(data):
            return False
        (checksum,) = struct.unpack(">I", data[end:end + 4])
        if zlib.crc32(data[offset + 4:end]) != checksum:
            return False
        if kind == b"IEND":
            return True
        offset = end + 4
    return False


def _jpeg_complete(data: bytes) -> bool:
    offset = 2
    while offset + 4 <= len(data):
        if data[offset] != 0xFF:
            return False
        marker = data[offset + 1]
        if marker == 0xFF or marker == 0x01 or 0xD0 <= marker <= 0xD7:
            offset += 1 if marker == 0xFF else 2
            continue
        if marker == 0xDA:  # the image data starts; the end marker must follow it
            return data.rfind(b"\xff\xd9") > offset
        (length,) = struct.unpack(">H", data[offset + 2:offset + 4])
        offset += 2 + length
    return False
