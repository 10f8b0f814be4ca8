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
