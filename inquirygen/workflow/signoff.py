"""Sign-off: which of the steps inquirygen.yaml requires (drafted, co-signed, signed off) a letter lacks."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from ..i18n import N_, _

if TYPE_CHECKING:
    from ..answerfile import LetterDetails, SignoffEntry

# Each step as inquirygen.yaml names it, and the sentence that says it is missing.
MISSING = {
    "drafted": N_("nobody is recorded as having drafted the letter (letter.signoff.drafted)"),
    "cosigned": N_("the letter is not co-signed yet (letter.signoff.cosigned)"),
    "signed_off": N_("the letter is not signed off yet (letter.signoff.signed_off)"),
}


def missing_steps(letter: LetterDetails | None, required: Sequence[str]) -> list[str]:
    """The required steps (``drafted``, ``cosigned``, ``signed_off``) that ``letter.signoff`` lacks."""
    signoff = letter.signoff if letter is not None else None
    # A step counts only with a name: a blank one (spaces, a no-break space pasted from Word) signs
    # nothing, and taking it for a signature would let the letter go out unsigned without a word.
    given = {
        "drafted": signoff is not None and _named(signoff.drafted),
        "cosigned": signoff is not None and any(_named(entry) for entry in signoff.cosigned),
        "signed_off": signoff is not None and _named(signoff.signed_off),
    }
    return [step for step in dict.fromkeys(required) if not given.get(step, True)]  # each step once


def _named(entry: SignoffEntry | None) -> bool:
    return entry is not None and bool(entry.name.strip())


def missing_sentence(step: str) -> str:
    """What is missing, as one sentence in the user's language."""
    return _(MISSING[step])
