"""German by default, English on request: the language choice and the gettext catalogues (kept with Babel)."""

from __future__ import annotations

import functools
import os
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # gettext itself is imported when the first message is looked up, not at start-up
    import gettext as gettext_module

LOCALE_DIR = Path(__file__).resolve().parent / "locale"
DOMAIN = "inquirygen"
LANGUAGES = ("de", "en")
DEFAULT_LANGUAGE = "de"
# The variable that chooses the language; the locale's own variables come after it, in gettext's order.
LANGUAGE_VARIABLE = "INQUIRYGEN_LANG"
_LOCALE_VARIABLES = ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG")


def language() -> str:
    """``de`` or ``en``: INQUIRYGEN_LANG, else the locale (``en…`` gives English), else German.

    Read on every call rather than once, so that a test or a server can switch languages; it costs a
    few dictionary lookups. Locales that say nothing about a language (C, POSIX) count as unset:
    offices' servers and containers run in them, and their users still read German.
    """
    chosen = os.environ.get(LANGUAGE_VARIABLE, "").strip().lower()
    if chosen:
        return _known(chosen) or DEFAULT_LANGUAGE
    for variable in _LOCALE_VARIABLES:
        value = os.environ.get(variable, "")
        for entry in value.split(":"):  # LANGUAGE may list several: "en_GB:de"
            code = entry.strip().lower()
            if code and code.split(".")[0] not in ("c", "posix"):
                return _known(code) or DEFAULT_LANGUAGE
    return DEFAULT_LANGUAGE


def _known(code: str) -> str | None:
    """The language of a code such as ``de_DE.UTF-8``, ``en`` or ``English``, if we have it."""
    prefix = code[:2]
    return prefix if prefix in LANGUAGES else None


@functools.cache
def catalogue(lang: str) -> gettext_module.NullTranslations:
    """The compiled catalogue of one language, read once and only when a message is first needed.

    English is the source language: its catalogue is the identity. A missing .mo (a checkout whose
    catalogue was never compiled) falls back to English rather than failing.
    """
    import gettext

    if lang == "en":
        return gettext.NullTranslations()
    path = LOCALE_DIR / lang / "LC_MESSAGES" / f"{DOMAIN}.mo"
    try:
        with path.open("rb") as handle:
            return gettext.GNUTranslations(handle)
    except OSError:
        return gettext.NullTranslations()


def _(message: str) -> str:
    """The message in the user's language (the name is gettext's, so that Babel finds the messages)."""
    return catalogue(language()).gettext(message)


def ngettext(singular: str, plural: str, count: int) -> str:
    """Singular or plural of a message in the user's language, chosen by ``count``."""
    return catalogue(language()).ngettext(singular, plural, count)


def N_(message: str) -> str:
    """Marks a message for the catalogue where it is defined; it is translated where it is shown."""
    return message


__all__ = ["DEFAULT_LANGUAGE", "LANGUAGES", "LANGUAGE_VARIABLE", "N_", "_", "catalogue", "language",
           "ngettext"]
