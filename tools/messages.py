"""Keep the message catalogues: extract the texts (Babel), update the German catalogue, compile it.

    python tools/messages.py            # after changing or adding a message: extract, update, compile
    python tools/messages.py --check    # what tests/test_i18n.py asks: nothing missing, nothing stale
    python tools/messages.py --absorb   # take the translations in de-parts/ in, then delete the parts

The English texts in the code are the message ids. ``inquirygen/locale/inquirygen.pot`` lists them,
``inquirygen/locale/de/LC_MESSAGES/inquirygen.po`` holds the German, and the compiled ``.mo`` beside it
is what inquirygen reads at run time (committed, so that an installation needs no Babel). Translations
may also be given in ``inquirygen/locale/de-parts/*.po`` (a piece of work done apart); they fill the
entries the catalogue has not translated yet (``--absorb`` deletes the pieces once taken in).
"""

from __future__ import annotations

import io
import re
import sys
from datetime import UTC, datetime
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "inquirygen"
LOCALE = PACKAGE / "locale"
TEMPLATE = LOCALE / "inquirygen.pot"
PARTS = LOCALE / "de-parts"
# A fixed date keeps the files byte-identical from run to run (the headers would otherwise change).
FIXED_DATE = datetime(2026, 12, 1, tzinfo=UTC)
FIELD = re.compile(r"\{([^{}]*)\}")


def po_path(lang: str) -> Path:
    return LOCALE / lang / "LC_MESSAGES" / "inquirygen.po"


def _new_catalog(locale: str | None) -> Catalog:
    return Catalog(locale=locale, project="inquirygen", version="", copyright_holder="inquirygen",
                   msgid_bugs_address="", creation_date=FIXED_DATE, revision_date=FIXED_DATE,
                   language_team="inquirygen", last_translator="inquirygen", fuzzy=False)


def extract() -> Catalog:
    """Every text marked with _(), ngettext() or N_() in the package, with the files that use it."""
    catalog = _new_catalog(None)
    keywords = dict(DEFAULT_KEYWORDS)
    for filename, _lineno, message, comments, context in extract_from_dir(
            str(PACKAGE), method_map=[("**.py", "python")], keywords=keywords,
            comment_tags=("Translators:",), strip_comment_tags=True):
        catalog.add(message, locations=[(f"inquirygen/{filename}", None)],
                    auto_comments=comments, context=context)
    return catalog


def _serialise(catalog: Catalog) -> bytes:
    buffer = io.BytesIO()
    write_po(buffer, catalog, width=100, sort_output=True, include_lineno=False)
    return buffer.getvalue()


def _read(path: Path, locale: str | None = None) -> Catalog:
    with path.open("rb") as handle:
        return read_po(handle, locale=locale)


def update(lang: str = "de", absorb: bool = False) -> list[str]:
    """Extract, update the language's catalogue (parts taken in), compile; returns what is untranslated.

    With ``absorb`` the parts are deleted once taken in (they live on in the catalogue).
    """
    template = extract()
    TEMPLATE.write_bytes(_serialise(template))
    path = po_path(lang)
    catalog = _read(path, lang) if path.exists() else _new_catalog(lang)
    catalog.update(template, no_fuzzy_matching=True)
    catalog.obsolete.clear()  # an id the code no longer uses is history; git keeps it
    parts = sorted(PARTS.glob("*.po")) if lang == "de" and PARTS.exists() else []
    for part in parts:
        for message in _read(part, lang):
            if not message.id or not message.string:
                continue
            target = catalog.get(message.id)
            if target is not None and not _translated(target.string):
                target.string = message.string
    catalog.revision_date = FIXED_DATE
    catalog.creation_date = FIXED_DATE
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(_serialise(catalog))
    path.with_suffix(".mo").write_bytes(_compiled(catalog))
    if absorb:
        for part in parts:
            part.unlink()
        if PARTS.exists() and not any(PARTS.iterdir()):
            PARTS.rmdir()
    return problems(catalog, template)


def _translated(string: str | tuple[str, ...]) -> bool:
    return all(string) if isinstance(string, tuple) else bool(string)


def _compiled(catalog: Catalog) -> bytes:
    buffer = io.BytesIO()
    write_mo(buffer, catalog)
    return buffer.getvalue()


def problems(catalog: Catalog, template: Catalog) -> list[str]:
    """What a German reader would miss: texts untranslated or fuzzy, and fields that do not match."""
    found = []
    for message in template:
        if not message.id:
            continue
        translated = catalog.get(message.id)
        if translated is None or not _translated(translated.string) or translated.fuzzy:
            found.append(f"untranslated: {message.id!r}")
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = translated.string if isinstance(translated.string, tuple) else (translated.string,)
        wanted = set(FIELD.findall(" ".join(ids)))
        for string in strings:
            fields = set(FIELD.findall(string))
            if fields - wanted or (len(ids) == 1 and fields != wanted):
                found.append(f"fields differ: {message.id!r} → {string!r}")
    return found


def check(lang: str = "de") -> list[str]:
    """Everything that is out of step, without writing: the template, the catalogue, the compiled file."""
    template = extract()
    found = [f"{part.relative_to(ROOT)} is not taken in: run python tools/messages.py --absorb"
             for part in (sorted(PARTS.glob("*.po")) if PARTS.exists() else [])]
    if not TEMPLATE.exists() or TEMPLATE.read_bytes() != _serialise(template):
        found.append(f"{TEMPLATE.relative_to(ROOT)} is out of date: run python tools/messages.py")
    path = po_path(lang)
    if not path.exists():
        return [*found, f"{path.relative_to(ROOT)} is missing: run python tools/messages.py"]
    catalog = _read(path, lang)
    stale = {m.id for m in catalog if m.id} - {m.id for m in template if m.id}
    found += [f"no longer used: {message_id!r}" for message_id in sorted(map(str, stale))]
    found += problems(catalog, template)
    mo = path.with_suffix(".mo")
    if not mo.exists() or mo.read_bytes() != _compiled(catalog):
        found.append(f"{mo.relative_to(ROOT)} is not compiled from the .po: run python tools/messages.py")
    return found


def main(argv: list[str]) -> int:
    found = check() if "--check" in argv else update(absorb="--absorb" in argv)
    for line in found:
        print(line)
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
