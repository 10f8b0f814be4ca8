"""A JSON object of a manifest read key by key: anything amiss is an ArchiveError naming the key."""

from __future__ import annotations

import json

from ..errors import ArchiveError
from ..i18n import _


class JsonObject:
    """A JSON object of a manifest, read key by key; anything amiss is an ArchiveError naming the key."""

    def __init__(self, value: object, name: str, format: int) -> None:
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
        self.format = format  # the manifest format being read, for the message on an unknown key

    def names(self) -> list[str]:
        return list(self._value)

    def has(self, key: str) -> bool:
        """Whether ``key`` is there: for keys a newer format added, which an older manifest lacks."""
        return key in self._value

    def text(self, key: str) -> str:
        value, name = self._get(key), self._key(key)
        if not isinstance(value, str):
            shown = _shown(value)
            raise ArchiveError(_("'{name}' should be text, not {shown}").format(name=name, shown=shown))
        return value

    def optional_text(self, key: str) -> str | None:
        return None if self._get(key) is None else self.text(key)

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

    def child(self, key: str) -> JsonObject:
        return JsonObject(self._get(key), self._key(key), self.format)

    def children(self, key: str) -> list[JsonObject]:
        return [JsonObject(value, f"{self._key(key)}[{index}]", self.format)
                for index, value in enumerate(self._list(key))]

    def done(self) -> None:
        """Every key was read: an unknown one means a manifest this format does not describe."""
        unknown = [self._key(key) for key in self._value if key not in self._read]
        if unknown:
            name = unknown[0]
            raise ArchiveError(_("'{name}' is not a key of manifest format {format}").format(
                name=name, format=self.format))

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
