"""The manifest of an archive entry as typed data: what was archived, and the sha256 of every file."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import ArchiveError, Problem, display_path
from ..i18n import _
from .fields import JsonObject
from .signoff import SignoffFacts

MANIFEST = "manifest.json"
# The number in every manifest's "format"; raise it whenever a key is added, removed or changes its
# meaning, and keep reading the older formats that archives already hold. Format 2 added the hash
# chain ("chain"), the version an entry replaces ("supersedes"), where the .docx and PDF came from
# ("origin", "built_sha256"), and the answer file and snippets stored byte for byte. Optional keys
# that older inquirygens do not write (inquiry.received and .due, letter.signoff, departments) are
# read when present and keep the format at 2: every format-2 manifest stays readable.
MANIFEST_FORMAT = 2
READABLE_FORMATS = (1, 2)
# The files every entry holds; format 2 adds the snippets the letter used, as snippets/<file name>.
ENTRY_FILES = ("answers.yaml", "letter.docx", "letter.pdf", "letter.txt")
SNIPPETS_FOLDER = "snippets"


def sha256(data: bytes) -> str:
    """The hexadecimal sha256 of ``data``, as manifests and the index record it."""
    return hashlib.sha256(data).hexdigest()


@dataclass(frozen=True)
class ManifestFile:
    """One file stored in an entry: its sha256 and size; for the letter, where it came from."""

    sha256: str
    size: int
    # "built" (as build wrote it), "edited" (changed after the build, stored as found; built_sha256
    # is the file build wrote) or "archive" (no build found: written by archive); None for the others.
    origin: str | None = None
    built_sha256: str | None = None

    @classmethod
    def _from_fields(cls, data: JsonObject) -> ManifestFile:
        found = cls(data.text("sha256"), data.number("size"),
                    data.optional_text("origin") if data.has("origin") else None,
                    data.optional_text("built_sha256") if data.has("built_sha256") else None)
        data.done()
        return found

    def to_dict(self) -> dict[str, Any]:
        facts: dict[str, Any] = {"sha256": self.sha256, "size": self.size}
        if self.origin is not None:
            facts["origin"] = self.origin
        if self.built_sha256 is not None:
            facts["built_sha256"] = self.built_sha256
        return _ordered(facts)


@dataclass(frozen=True)
class Tool:
    """The program that archived the entry."""

    name: str
    version: str

    @classmethod
    def _from_fields(cls, data: JsonObject) -> Tool:
        found = cls(data.text("name"), data.text("version"))
        data.done()
        return found

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "version": self.version}


@dataclass(frozen=True)
class InquiryFacts:
    """The inquiry the letter answers; the date in ISO form (2025-09-15), ``None`` for a motion without."""

    date: str | None
    subject: str
    questioner: str | None
    reference: str | None
    kind: str | None
    # Optional keys, written only when set (older manifests lack them): when the inquiry was received
    # and when the answer was due (ISO; an extension wins), for inquirygen stats.
    received: str | None = None
    due: str | None = None

    @classmethod
    def _from_fields(cls, data: JsonObject) -> InquiryFacts:
        found = cls(data.optional_text("date"), data.text("subject"), data.optional_text("questioner"),
                    data.optional_text("reference"), data.optional_text("kind"),
                    *(data.optional_text(key) if data.has(key) else None for key in ("received", "due")))
        data.done()
        return found

    def to_dict(self) -> dict[str, Any]:
        optional = {"received": self.received, "due": self.due}
        return _ordered({"date": self.date, "subject": self.subject, "questioner": self.questioner,
                         "reference": self.reference, "kind": self.kind,
                         **{key: value for key, value in optional.items() if value is not None}})


@dataclass(frozen=True)
class LetterFacts:
    """The letter as sent: its date (ISO), title, file reference, who signed it, to whom it went."""

    date: str
    title: str
    file_ref: str | None
    signatory: str
    office: str
    recipient: tuple[str, ...]
    # Optional keys, written only when set (older manifests lack them): the answer's own Drucksache
    # number, and for an interim reply the date (ISO) by which the full answer will come.
    drucksache: str | None = None
    answer_by: str | None = None
    signoff: SignoffFacts | None = None  # drafted, co-signed, signed off (letter.signoff)

    @classmethod
    def _from_fields(cls, data: JsonObject) -> LetterFacts:
        found = cls(data.text("date"), data.text("title"), data.optional_text("file_ref"),
                    data.text("signatory"), data.text("office"), data.texts("recipient"),
                    data.optional_text("drucksache") if data.has("drucksache") else None,
                    data.optional_text("answer_by") if data.has("answer_by") else None,
                    SignoffFacts.from_fields(data.child("signoff")) if data.has("signoff") else None)
        data.done()
        return found

    def to_dict(self) -> dict[str, Any]:
        optional = {"drucksache": self.drucksache, "answer_by": self.answer_by,
                    "signoff": self.signoff.to_dict() if self.signoff is not None else None}
        return _ordered({"date": self.date, "title": self.title, "file_ref": self.file_ref,
                         "signatory": self.signatory, "office": self.office,
                         "recipient": list(self.recipient),
                         **{key: value for key, value in optional.items() if value is not None}})


@dataclass(frozen=True)
class TemplateFacts:
    """The Word template the letter was written through, and its sha256."""

    name: str
    sha256: str

    @classmethod
    def _from_fields(cls, data: JsonObject) -> TemplateFacts:
        found = cls(data.text("name"), data.text("sha256"))
        data.done()
        return found

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "sha256": self.sha256}


@dataclass(frozen=True)
class ManifestQuestion:
    """One question (or joint questions, or a remark, or the free body) and its response as text."""

    label: str
    question: str
    response: str

    @classmethod
    def _from_fields(cls, data: JsonObject) -> ManifestQuestion:
        found = cls(data.text("label"), data.text("question"), data.text("response"))
        data.done()
        return found

    def to_dict(self) -> dict[str, Any]:
        return _ordered({"label": self.label, "question": self.question, "response": self.response})


@dataclass(frozen=True)
class LetterRecord:
    """What the archive records of the letter itself, before it knows the entry's id and files."""

    source: str  # the answer file's name
    inquiry: InquiryFacts
    letter: LetterFacts
    template: TemplateFacts
    snippets: Mapping[str, str]  # snippet name → sha256 of its file when the letter was archived
    questions: tuple[ManifestQuestion, ...]
    # The departments that answered questions (their names), written only when there are any.
    departments: tuple[str, ...] = ()

    @classmethod
    def from_dict(cls, data: object) -> LetterRecord:
        """The record in JSON data (a manifest without its entry keys); raises :class:`ArchiveError`."""
        fields = JsonObject(data, "", MANIFEST_FORMAT)
        record = cls._from_fields(fields)
        fields.done()
        return record

    @classmethod
    def _from_fields(cls, data: JsonObject) -> LetterRecord:
        snippets = data.child("snippets")
        return cls(
            source=data.text("source"),
            inquiry=InquiryFacts._from_fields(data.child("inquiry")),
            letter=LetterFacts._from_fields(data.child("letter")),
            template=TemplateFacts._from_fields(data.child("template")),
            snippets={name: snippets.text(name) for name in snippets.names()},
            questions=tuple(ManifestQuestion._from_fields(item) for item in data.children("questions")),
            departments=data.texts("departments") if data.has("departments") else (),
        )

    def to_dict(self) -> dict[str, Any]:
        return _ordered({
            "source": self.source, "inquiry": self.inquiry.to_dict(), "letter": self.letter.to_dict(),
            "template": self.template.to_dict(), "snippets": _ordered(dict(self.snippets)),
            "questions": [question.to_dict() for question in self.questions],
            **({"departments": list(self.departments)} if self.departments else {}),
        })


@dataclass(frozen=True)
class ChainLink:
    """The entry's place in the archive's hash chain: its number, and the sha256 of the manifest before.

    Each manifest names the one archived before it, so that an entry changed, removed or put in
    afterwards breaks the chain at the next one, even when its files, manifest and index agree.
    """

    sequence: int  # 1 for the first entry archived with a chain
    previous: str | None  # sha256 of the previous entry's manifest.json; None for the first

    @classmethod
    def _from_fields(cls, data: JsonObject) -> ChainLink:
        found = cls(data.number("sequence"), data.optional_text("previous"))
        data.done()
        return found

    def to_dict(self) -> dict[str, Any]:
        return {"previous": self.previous, "sequence": self.sequence}


@dataclass(frozen=True)
class Manifest:
    """The manifest of one entry: format, id, version, when and by what it was archived, its files."""

    format: int
    id: str
    version: int  # 1, or 2 for ``…_v2``
    archived_at: str  # UTC, to the second: 2025-10-06T08:15:00Z
    tool: Tool
    files: Mapping[str, ManifestFile]  # every file of the entry but the manifest itself
    record: LetterRecord
    supersedes: str | None = None  # the id of the version this one replaces (format 2)
    chain: ChainLink | None = None  # None only in format 1, archived before the chain

    @classmethod
    def from_dict(cls, data: object) -> Manifest:
        """The manifest in JSON data; raises :class:`ArchiveError` naming the key that is amiss."""
        fields = JsonObject(data, "", MANIFEST_FORMAT)
        _check_format(fields)
        files = fields.child("files")
        chained = fields.format >= 2
        manifest = cls(
            format=fields.format, id=fields.text("id"), version=fields.number("version"),
            archived_at=fields.text("archived_at"), tool=Tool._from_fields(fields.child("tool")),
            files={name: ManifestFile._from_fields(files.child(name)) for name in files.names()},
            record=LetterRecord._from_fields(fields),
            supersedes=fields.optional_text("supersedes") if chained else None,
            chain=ChainLink._from_fields(fields.child("chain")) if chained else None,
        )
        fields.done()
        return manifest

    @classmethod
    def from_json(cls, data: bytes | str, source: Path) -> Manifest:
        """The manifest read from ``source``; raises :class:`ArchiveError` located in it."""
        found = parse_manifest(data.encode("utf-8") if isinstance(data, str) else data, source)
        if isinstance(found, Problem):
            raise ArchiveError(found.format())
        return found

    def to_dict(self) -> dict[str, Any]:
        return _ordered({
            "format": self.format, "id": self.id, "version": self.version,
            "archived_at": self.archived_at, "tool": self.tool.to_dict(),
            "files": _ordered({name: facts.to_dict() for name, facts in self.files.items()}),
            **self.record.to_dict(),
            **({"supersedes": self.supersedes,
                "chain": self.chain.to_dict() if self.chain else None} if self.format >= 2 else {}),
        })

    def to_json(self) -> str:
        """The text of ``manifest.json``: sorted keys, indented, so that equal manifests are equal bytes."""
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=2, sort_keys=True) + "\n"


@dataclass(frozen=True)
class Entry:
    """One archived letter: its folder (named by its id) and the manifest in it."""

    id: str
    folder: Path
    manifest: Manifest

    @property
    def version(self) -> int:
        return self.manifest.version

    def letter_text(self) -> str:
        """The letter as sent, as text (``letter.txt``); :class:`ArchiveError` when it cannot be read."""
        path = self.folder / "letter.txt"
        try:
            return path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as error:
            reason = error.strerror if isinstance(error, OSError) else _("not UTF-8 text")
            raise ArchiveError(_("cannot read {path}: {reason}; 'inquirygen archive verify' says what is "
                                 "wrong with the entry").format(path=display_path(path),
                                                                reason=reason)) from None


def parse_manifest(data: bytes, source: Path) -> Manifest | Problem:
    """The manifest in ``data`` (the bytes of ``source``), or the problem that makes it unreadable."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        byte = error.start + 1
        return Problem(source, None, None, _("is not UTF-8 text (byte {byte})").format(byte=byte))
    try:
        value = json.loads(text)
    except json.JSONDecodeError as error:
        return Problem(source, error.lineno, error.colno,
                       _("is not valid JSON ({reason})").format(reason=error.msg))
    try:
        return Manifest.from_dict(value)
    except ArchiveError as error:
        return Problem(source, None, None, str(error))


def read_manifest(path: Path) -> Manifest | Problem:
    """The manifest in the file ``path``, or the problem that makes it unreadable."""
    try:
        data = path.read_bytes()
    except OSError as error:
        return Problem(path, None, None, _("cannot be read ({reason})").format(reason=error.strerror))
    return parse_manifest(data, path)


def _check_format(fields: JsonObject) -> None:
    """Before any other key: a newer format may have other keys, and that is the message to give."""
    if "format" not in fields.names():
        raise ArchiveError(_("'format' is missing: not a manifest that inquirygen wrote"))
    found = fields.number("format")
    if found in READABLE_FORMATS:
        fields.format = found
        return
    if found > MANIFEST_FORMAT:
        raise ArchiveError(_("manifest format {found} needs a newer inquirygen (this one reads format "
                             "{supported})").format(found=found, supported=MANIFEST_FORMAT))
    raise ArchiveError(_("manifest format {found} is not one that inquirygen reads (this one reads "
                         "format {supported})").format(found=found, supported=MANIFEST_FORMAT))


def _ordered(data: dict[str, Any]) -> dict[str, Any]:
    # manifest.json is written with sorted keys, so JSON data read from it has them in that order;
    # giving the same order here keeps what is printed from a manifest (export --format json) as it was.
    return dict(sorted(data.items()))
