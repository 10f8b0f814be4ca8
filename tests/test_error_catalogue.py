"""The catalogues of messages (docs/errors.md German, docs/errors.en.md) follow the code."""

from __future__ import annotations

import importlib.util

from .conftest import ROOT


def load_generator():
    spec = importlib.util.spec_from_file_location("error_catalogue",
                                                  ROOT / "tools" / "error_catalogue.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_catalogue_matches_the_code():
    generator = load_generator()
    for lang, target in generator.TARGETS.items():
        assert target.read_text(encoding="utf-8") == generator.catalogue(lang), \
            f"{target.name} is out of date: run python tools/error_catalogue.py"


# Texts the catalogue tool finds that are rightly no msgid: a parser's or pydantic's own words, shown
# only to English readers (a German reader gets a German sentence instead); a message composed of a
# translated one; an error that can only mean a bug.
NOT_TRANSLATED = {"{field}: {detail['msg']}", "YAML syntax: inside { } or [ ], {problem}",
                  "YAML syntax: {detail}", "not valid YAML: {error}", "({part}) {message}",
                  "a letter without a template cannot be written as .docx"}


def test_every_message_and_hint_is_in_the_message_catalogue():
    """No text reaches a clerk untranslated: each one the catalogue finds in the code is a msgid."""
    from babel.messages.pofile import read_po

    generator = load_generator()
    with (ROOT / "inquirygen" / "locale" / "inquirygen.pot").open("rb") as handle:
        ids = {part for message in read_po(handle) if message.id
               for part in (message.id if isinstance(message.id, tuple) else (message.id,))}
    missing = sorted({f"{path.relative_to(ROOT)}: {text}"
                      for path in (ROOT / "inquirygen").rglob("*.py")
                      for pair in generator.messages(path) for text in pair
                      if text and text not in ids and text not in NOT_TRANSLATED})
    assert not missing, "\n".join(missing)


def test_catalogue_holds_the_messages_users_meet_most():
    text = (ROOT / "docs" / "errors.en.md").read_text(encoding="utf-8")
    for message in ("key '{key}' is given twice", "missing key '{key}' in '{parent}'",
                    "question id '{id}' is used twice",
                    "the template asks for '{name}', which inquirygen does not provide",
                    "LibreOffice not found", "cannot write to the archive"):
        assert message in text, message


def test_every_module_with_messages_is_in_a_stage_of_the_catalogue():
    generator = load_generator()
    staged = {path for stage, _, modules in generator.stage_modules() if stage in
              generator.STAGES.values() for path in modules}
    for path in (ROOT / "inquirygen").rglob("*.py"):
        if generator.messages(path):
            assert path in staged, f"add {path.name} to STAGES in tools/error_catalogue.py"
