"""What a manifest keeps of the office's workflow: the sign-offs, each with name and date (ISO)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .fields import JsonObject


@dataclass(frozen=True)
class SignoffStep:
    """One step of the sign-off: who, and when (2025-10-01)."""

    name: str
    date: str

    @classmethod
    def _from_fields(cls, data: JsonObject) -> SignoffStep:
        found = cls(data.text("name"), data.text("date"))
        data.done()
        return found

    def to_dict(self) -> dict[str, Any]:
        return {"date": self.date, "name": self.name}


@dataclass(frozen=True)
class SignoffFacts:
    """Who drafted, co-signed (Mitzeichnung) and signed off (Schlusszeichnung) the letter."""

    drafted: SignoffStep | None = None
    cosigned: tuple[SignoffStep, ...] = ()
    signed_off: SignoffStep | None = None

    @classmethod
    def from_fields(cls, data: JsonObject) -> SignoffFacts:
        found = cls(
            SignoffStep._from_fields(data.child("drafted")) if data.has("drafted") else None,
            tuple(SignoffStep._from_fields(item) for item in data.children("cosigned"))
            if data.has("cosigned") else (),
            SignoffStep._from_fields(data.child("signed_off")) if data.has("signed_off") else None)
        data.done()
        return found

    def to_dict(self) -> dict[str, Any]:
        facts: dict[str, Any] = {}
        if self.drafted is not None:
            facts["drafted"] = self.drafted.to_dict()
        if self.cosigned:
            facts["cosigned"] = [step.to_dict() for step in self.cosigned]
        if self.signed_off is not None:
            facts["signed_off"] = self.signed_off.to_dict()
        return dict(sorted(facts.items()))
