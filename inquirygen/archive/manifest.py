"""The manifest of an archive entry as typed data: what was archived, and the sha256 of every file."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import ArchiveError, Problem
from ..i18n import _

MANIFEST = "manifest.json"
# The number in every manifest's "format"; raise it whenever a key is added, removed or changes its
# meaning, and keep reading the older formats that archives already hold.
MANIFEST_FORMAT = 1
ENTRY_FILES = ("answers.yaml", "letter.docx", "letter.pdf", "letter.txt")


def sha256(data: bytes) -> str:
    """The hexadecimal sha256 of ``data``, as manifests and the index record it."""
    return hashlib.sha256(data).hexdigest()


@dataclass(frozen=True)
class ManifestFile:
    """One file stored in an entry: its sha256 and its size in bytes."""

    sha256: str
    size: int

    @classmethod
    def _from_fields(cls, data: _Object) -> ManifestFile:
        found = cls(data.text("sha256"), data.number("size"))
        data.done()
        return found

    def to_dict(self) -> dict[str, Any]:
        return {"sha256": self.sha256, "size": self.size}


@dataclass(frozen=True)
class Tool:
    """The program that archived the entry."""

    name: str
    version: str

    @classmethod
    def _from_fields(cls, data: _Object) -> Tool:
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

    @classmethod
    def _from_fields(cls, data: _Object) -> InquiryFacts:
        found = cls(data.optional_text("date"), data.text("subject"), data.optional_text("questioner"),
                    data.optional_text("reference"), data.optional_text("kind"))
        data.done()
        return found

    def to_dict(self) -> dict[str, Any]:
        return _ordered({"date": self.date, "subject": self.subject, "questioner": self.questioner,
                         "reference": self.reference, "kind": self.kind})


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

    @classmethod
    def _from_fields(cls, data: _Object) -> LetterFacts:
        found = cls(data.text("date"), data.text("title"), data.optional_text("file_ref"),
                    data.text("signatory"), data.text("office"), data.texts("recipient"),
                    data.optional_text("drucksache") if data.has("drucksache") else None,
                    data.optional_text("answer_by") if data.has("answer_by") else None)
        data.done()
        return found

    def to_dict(self) -> dict[str, Any]:
        optional = {"drucksache": self.drucksache, "answer_by": self.answer_by}
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
    def _from_fields(cls, data: _Object) -> TemplateFacts:
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
    def _from_fields(cls, data: _Object) -> ManifestQuestion:
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

    @classmethod
    def from_dict(cls, data: object) -> LetterRecord:
        """The record in JSON data (a manifest without its entry keys); raises :class:`ArchiveError`."""
        fields = _Object(data, "")
        record = cls._from_fields(fields)
        fields.done()
        return record

    @classmethod
    def _from_fields(cls, data: _Object) -> LetterRecord:
        snippets = data.child("snippets")
        return cls(
            source=data.text("source"),
            inquiry=InquiryFacts._from_fields(data.child("inquiry")),
            letter=LetterFacts._from_fields(data.child("letter")),
            template=TemplateFacts._from_fields(data.child("template")),
            snippets={name: snippets.text(name) for name in snippets.names()},
            questions=tuple(ManifestQuestion._from_fields(item) for item in data.children("questions")),
        )

    def to_dict(self) -> dict[str, Any]:
        return _ordered({
            "source": self.source, "inquiry": self.inquiry.to_dict(), "letter": self.letter.to_dict(),
            "template": self.template.to_dict(), "snippets": _ordered(dict(self.snippets)),
            "questions": [question.to_dict() for question in self.questions],
        })


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

    @classmethod
    def from_dict(cls, data: object) -> Manifest:
        """The manifest in JSON data; raises :class:`ArchiveError` naming the key that is amiss."""
        fields = _Object(data, "")
        _check_format(fields)
        files = fields.child("files")
        manifest = cls(
            format=fields.number("format"), id=fields.text("id"), version=fields.number("version"),
            archived_at=fields.text("archived_at"), tool=Tool._from_fields(fields.child("tool")),
            files={name: ManifestFile._from_fields(files.child(name)) for name in files.names()},
            record=LetterRecord._from_fields(fields),
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
        """The letter as sent, as text (``letter.txt``)."""
        return (self.folder / "letter.txt").read_text(encoding="utf-8")


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


def _check_format(fields: _Object) -> None:
    """Before any other key: a newer format may have other keys, and that is the message to give."""
    if "format" not in fields.names():
        raise ArchiveError(_("'format' is missing: not a manifest that inquirygen wrote"))
    found = fields.number("format")
    if found > MANIFEST_FORMAT:
        raise ArchiveError(_("manifest format {found} needs a newer inquirygen (this one reads format "
                             "{supported})").format(found=found, supported=MANIFEST_FORMAT))
    if found != MANIFEST_FORMAT:
        raise ArchiveError(_("manifest format {found} is not one that inquirygen reads (this one reads "
                             "format {supported})").format(found=found, supported=MANIFEST_FORMAT))


def _ordered(data: dict[str, Any]) -> dict[str, Any]:
    # manifest.json is written with sorted keys, so JSON data read from it has them in that order;
    # giving the same order here keeps what is printed from a manifest (export --format json) as it was.
    return dict(sorted(data.items()))


class _Object:
    """A JSON object of a manifest, read key by key; anything amiss is an ArchiveError naming the key."""

    def __init__(self, value: object, name: str) -> None:
        if not isinstance(value, dict):
            shown = _shown(value)
            if not name:
                raise ArchiveError(_("the manifest should be a JSON object, not {shown}").format(
                    shown=shown))
            raise ArchiveError(_("'{name}' should be an object, not {shown}").format(name=name,
                                                                                   shown=shown))
        self._value: dict[str, object] = value
        self._name = name
        self._read: set[str] = set()

    def names(self) -> list[str]:
        return list(self._value)

    def text(self, key: str) -> str:
        value, name = self._get(key), self._key(key)
        if not isinstance(value, str):
            shown = _shown(value)
            raise ArchiveError(_("'{name}' should be text, not {shown}").format(name=name, shown=shown))
        return value

    def optional_text(self, key: str) -> str | None:
        return None if self._get(key) is None else self.text(key)

    def has(self, key: str) -> bool:
        """Whether ``key`` is there: for optional keys added later, which older manifests lack."""
        return key in self._value

    def number(self, key: str) -> int:
        value, name = self._get(key), self._key(key)
        # bool is an int to Python, but true is no version number.
        if not isinstance(value, int) or isinstance(value, bool):
            shown = _shown(value)
            raise ArchiveError(_("'{name}' should be a whole number, not {shown}").format(
                name=name, shown=shown))
        return value

    def texts(self, key: str) -> tuple[str, ...]:
        found: list[str] = []
        for index, value in enumerate(self._list(key)):
            if not isinstance(value, str):
                name, shown = f"{self._key(key)}[{index}]", _shown(value)
                raise ArchiveError(_("'{name}' should be text, not {shown}").format(name=name,
                                                                                 shown=shown))
            found.append(value)
        return tuple(found)

    def child(self, key: str) -> _Object:
        return _Object(self._get(key), self._key(key))

    def children(self, key: str) -> list[_Object]:
        return [_Object(value, f"{self._key(key)}[{index}]")
                for index, value in enumerate(self._list(key))]

    def done(self) -> None:
        """Every key was read: an unknown one means a manifest this format does not describe."""
        unknown = [self._key(key) for key in self._value if key not in self._read]
        if unknown:
            name = unknown[0]
            raise ArchiveError(_("'{name}' is not a key of manifest format {format}").format(
                name=name, format=MANIFEST_FORMAT))

    def _get(self, key: str) -> object:
        self._read.add(key)
        if key not in self._value:
            name = self._key(key)
            raise ArchiveError(_("'{name}' is missing").format(name=name))
        return self._value[key]

    def _list(self, key: str) -> list[object]:
        value = self._get(key)
        if not isinstance(value, list):
            name, shown = self._key(key), _shown(value)
            raise ArchiveError(_("'{name}' should be a list, not {shown}").format(name=name,
                                                                                shown=shown))
        return value

    def _key(self, key: str) -> str:
        """``letter.date``, ``questions[2].label``: the key as a reader finds it in the file."""
        return f"{self._name}.{key}" if self._name else key


def _shown(value: object) -> str:
    text = json.dumps(value, ensure_ascii=False)
    return text if len(text) <= 40 else text[:39] + "…"
