"""Exporting an archive entry: an OParl 1.1 Paper with its File objects, or the manifest as JSON."""

from __future__ import annotations

import datetime
import hashlib
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .. import model
from .folders import slug

if TYPE_CHECKING:
    from .store import Archive


def export_entry(archive: Archive, entry_id: str, form: str) -> dict[str, Any]:
    """The entry as an OParl 1.1 ``Paper`` with its ``File`` objects, or as plain JSON."""
    entry = archive.entry(entry_id)
    manifest = entry.manifest
    text = entry.letter_text()
    if form == "json":
        return {**manifest.to_dict(), "text": text}
    inquiry, letter = manifest.record.inquiry, manifest.record.letter
    base = f"urn:inquirygen:{entry.id}"

    def file_object(name: str, mime: str, title: str) -> dict[str, Any]:
        data = (entry.folder / name).read_bytes()
        return {
            "id": f"{base}:file:{name}", "type": "https://schema.oparl.org/1.1/File",
            "name": title, "fileName": f"{entry.id}{Path(name).suffix}", "mimeType": mime,
            "date": letter.date, "size": len(data),
            "sha512Checksum": hashlib.sha512(data).hexdigest(), "text": text,
            "accessUrl": (entry.folder / name).resolve().as_uri(),
        }

    organization = f"urn:inquirygen:organization:{slug(letter.office)}"
    return {
        "id": f"{base}:paper", "type": "https://schema.oparl.org/1.1/Paper",
        "name": f"Beantwortung der Anfrage{_german_date(inquiry.date)}: {inquiry.subject}",
        "reference": inquiry.reference or entry.id, "date": letter.date,
        "paperType": "Beantwortung einer Anfrage",
        "keyword": [word for word in ("Anfrage", inquiry.kind, inquiry.subject) if word],
        "originatorOrganization": [organization],
        "underDirectionOf": [organization],
        "mainFile": file_object("letter.pdf", "application/pdf", f"Antwort (PDF/A) {entry.id}"),
        "auxiliaryFile": [file_object(
            "letter.docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            f"Antwort (Word) {entry.id}")],
        "created": manifest.archived_at, "modified": manifest.archived_at,
    }


def _german_date(iso: str | None) -> str:
    """" vom 15.09.2025", or nothing for an inquiry without a date."""
    return f" vom {model.format_date(datetime.date.fromisoformat(iso))}" if iso else ""
