"""Exporting an archive entry: an OParl 1.1 Paper with its File objects, or the manifest as JSON."""

# OParl names every object by the web address it is served at, so every address is formed from the
# workspace's oparl.base_url (README, "OParl-Export"); for an entry <id> and the office <office>:
#
#   <base>/paper/<id>                  the Paper (this export)
#   <base>/file/<id>/pdf, …/docx       its File objects (embedded here, and served alone)
#   <base>/letters/<id>/letter.pdf     the files themselves (accessUrl): the entry's folder as it is
#   <base>/download/<id>/letter.pdf    the same, sent as an attachment (downloadUrl)
#   <base>/organization/<office>       the office (originatorOrganization, underDirectionOf)
#   <base>/inquiry/<reference>         the inquiry answered (relatedPaper), "18/12345" as 18-12345

from __future__ import annotations

import datetime
import hashlib
import re
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from .. import model
from ..errors import ArchiveError, Problem, SettingMissingError
from ..i18n import _
from ..phrases import INTERIM_KIND
from .index import fold

if TYPE_CHECKING:
    from ..config import OparlSettings
    from .manifest import Entry
    from .store import Archive

SCHEMA = "https://schema.oparl.org/1.1/"
DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
STATEMENT_KIND = "Antrag"  # the kind whose letter is a statement (phrases.SHIPPED_KIND_PHRASES)
# What kind of paper each letter is: its paperType, the start of its name, what its files are called.
PAPER_KINDS = {
    "answer": ("Beantwortung einer Anfrage", "Beantwortung der Anfrage", "Antwort"),
    "interim": ("Zwischennachricht", "Zwischennachricht zur Anfrage", "Zwischennachricht"),
    "statement": ("Stellungnahme", "Stellungnahme zum Antrag", "Stellungnahme"),
}


def export_entry(archive: Archive, entry_id: str, form: str,
                 settings: OparlSettings | None = None) -> dict[str, Any]:
    """The entry as an OParl 1.1 ``Paper`` with its ``File`` objects, or as plain JSON.

    OParl needs ``settings.base_url`` (inquirygen.yaml's ``oparl``): without it,
    :class:`SettingMissingError` (exit 2) says what to configure, and nothing is written.
    """
    entry = archive.entry(entry_id)
    if form == "json":
        return {**entry.manifest.to_dict(), "text": _text(entry)}
    base = settings.base_url if settings is not None else None
    if not base:
        raise SettingMissingError(_(
            "the OParl export names every paper and file by its web address: set 'base_url' under "
            "'oparl:' in inquirygen.yaml to the address where the office publishes its letters "
            "(e.g. https://ris.example.de/oparl); --format json needs none"))
    return oparl_paper(entry, base)


def oparl_paper(entry: Entry, base: str) -> dict[str, Any]:
    """The OParl 1.1 ``Paper`` of one entry, every address under ``base`` (without its last "/")."""
    manifest = entry.manifest
    inquiry, letter = manifest.record.inquiry, manifest.record.letter
    paper_type, title, file_title = PAPER_KINDS[paper_kind(entry)]
    text = _text(entry)
    stamp = _timestamp(manifest.archived_at, entry)
    date = _date(letter.date, "letter.date", entry).isoformat()
    inquiry_date = _date(inquiry.date, "inquiry.date", entry) if inquiry.date else None
    path = quote(entry.id, safe="")
    pdf_id, docx_id = f"{base}/file/{path}/pdf", f"{base}/file/{path}/docx"

    def file_object(name: str, object_id: str, mime: str, label: str) -> dict[str, Any]:
        data = _read(entry, name)
        return {
            "id": object_id, "type": SCHEMA + "File", "name": f"{file_title} ({label})",
            "fileName": f"{entry.id}{name[name.rindex('.'):]}", "mimeType": mime, "date": date,
            "size": len(data), "sha512Checksum": hashlib.sha512(data).hexdigest(), "text": text,
            "accessUrl": f"{base}/letters/{path}/{name}", "downloadUrl": f"{base}/download/{path}/{name}",
            "created": stamp, "modified": stamp,
        }

    # The PDF/A was made from the .docx: the .docx is its master, the PDF the .docx's derivative.
    pdf = {**file_object("letter.pdf", pdf_id, "application/pdf", "PDF/A"), "masterFile": docx_id}
    docx = {**file_object("letter.docx", docx_id, DOCX_TYPE, "Word"), "derivativeFile": [pdf_id]}
    name = f"{title}{_german_date(inquiry_date)}: {inquiry.subject}"
    paper: dict[str, Any] = {"id": f"{base}/paper/{path}", "type": SCHEMA + "Paper", "name": name}
    if letter.drucksache:
        paper["reference"] = letter.drucksache
    paper |= {"date": date, "paperType": paper_type}
    inquiry_path = _address_part(inquiry.reference)
    if inquiry_path:
        paper["relatedPaper"] = [f"{base}/inquiry/{inquiry_path}"]
    paper |= {"mainFile": pdf, "auxiliaryFile": [docx]}
    office = _address_part(letter.office)
    if office:
        paper["originatorOrganization"] = paper["underDirectionOf"] = [f"{base}/organization/{office}"]
    paper["keyword"] = list(dict.fromkeys(word for word in (inquiry.kind or "Anfrage", inquiry.subject)
                                          if word))
    return paper | {"created": stamp, "modified": stamp}


def paper_kind(entry: Entry) -> str:
    """"interim" (a Zwischennachricht), "statement" (a Stellungnahme on a motion) or "answer"."""
    inquiry, letter = entry.manifest.record.inquiry, entry.manifest.record.letter
    # As the phrases decide it: the kind Zwischennachricht, or a date for the full answer.
    if inquiry.kind == INTERIM_KIND or letter.answer_by:
        return "interim"
    return "statement" if inquiry.kind == STATEMENT_KIND else "answer"


def _address_part(text: str | None) -> str:
    """``Kreis Recklinghausen – Der Landrat`` as ``kreis-recklinghausen-der-landrat``; "" for none."""
    words = re.findall(r"[a-z0-9]+", fold(text or "").encode("ascii", "ignore").decode())
    return "-".join(words)


def _timestamp(value: str, entry: Entry) -> str:
    """The time of archiving as OParl writes it: ``2025-10-06T08:15:00+00:00``, never ``…Z``."""
    try:
        moment = datetime.datetime.fromisoformat(value)
    except ValueError:
        moment = None
    if moment is None or moment.tzinfo is None:
        raise _unreadable(entry, "archived_at", value)
    return moment.replace(microsecond=0).isoformat()


def _date(value: str, key: str, entry: Entry) -> datetime.date:
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise _unreadable(entry, key, value) from None


def _unreadable(entry: Entry, key: str, value: str) -> ArchiveError:
    message = _("'{key}' should be a date or time as inquirygen writes it, not '{value}'").format(
        key=key, value=value)
    return ArchiveError(Problem(entry.folder / "manifest.json", None, None, message).format())


def _read(entry: Entry, name: str) -> bytes:
    try:
        return (entry.folder / name).read_bytes()
    except OSError as error:
        reason = error.strerror
        raise ArchiveError(Problem(entry.folder / name, None, None, _(
            "cannot be read ({reason})").format(reason=reason)).format()) from None


def _german_date(date: datetime.date | None) -> str:
    """" vom 15.09.2025", or nothing for an inquiry without a date."""
    return f" vom {model.format_date(date)}" if date else ""


def _text(entry: Entry) -> str:
    # A letter.txt that is no UTF-8 was changed after archiving: verify names it; the export shows it.
    return _read(entry, "letter.txt").decode("utf-8", errors="replace")
