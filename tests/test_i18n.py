"""German by default, English on request: the language choice, the catalogues in step with the code."""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
from pathlib import Path

import pytest

from inquirygen import i18n
from inquirygen.errors import Problem, ProblemsFound

from .conftest import ROOT


def load_tool():
    spec = importlib.util.spec_from_file_location("messages_tool", ROOT / "tools" / "messages.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_catalogues_are_in_step_with_the_code():
    """Every text is extracted, translated with the same {fields}, and compiled into the .mo."""
    assert load_tool().check() == []


@pytest.mark.parametrize("environment, expected", [
    ({}, "de"),
    ({"LANG": "C.UTF-8"}, "de"),
    ({"LANG": "POSIX"}, "de"),
    ({"LANG": "de_DE.UTF-8"}, "de"),
    ({"LANG": "en_US.UTF-8"}, "en"),
    ({"LANG": "fr_FR.UTF-8"}, "de"),
    ({"LANGUAGE": "en_GB:de", "LANG": "de_DE.UTF-8"}, "en"),
    ({"LC_ALL": "de_AT.UTF-8", "LANG": "en_US.UTF-8"}, "de"),
    ({"INQUIRYGEN_LANG": "en", "LANG": "de_DE.UTF-8"}, "en"),
    ({"INQUIRYGEN_LANG": "DE", "LANG": "en_US.UTF-8"}, "de"),
    ({"INQUIRYGEN_LANG": "english"}, "en"),
    ({"INQUIRYGEN_LANG": "klingonisch"}, "de"),
])
def test_the_language_is_german_unless_english_is_asked_for(monkeypatch, environment, expected):
    for name in ("INQUIRYGEN_LANG", "LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        monkeypatch.delenv(name, raising=False)
    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    assert i18n.language() == expected


def test_a_problem_reads_in_the_language_of_the_moment(monkeypatch):
    problem = Problem(Path("answers/a.yaml"), 3, 5, "m", "h", "warning")
    monkeypatch.setenv("INQUIRYGEN_LANG", "de")
    assert problem.format(Path.cwd()) == "answers/a.yaml:3:5: Warnung: m\n    Hinweis: h"
    assert str(ProblemsFound([problem.as_error(), problem.as_error()])) == "2 Fehler gefunden"
    monkeypatch.setenv("INQUIRYGEN_LANG", "en")
    assert problem.format(Path.cwd()) == "answers/a.yaml:3:5: warning: m\n    hint: h"
    assert str(ProblemsFound([problem.as_error()])) == "1 problem found"


def test_a_missing_catalogue_falls_back_to_english(monkeypatch, tmp_path):
    monkeypatch.setattr(i18n, "LOCALE_DIR", tmp_path)
    i18n.catalogue.cache_clear()
    try:
        assert i18n.catalogue("de").gettext("warning: ") == "warning: "
    finally:
        i18n.catalogue.cache_clear()


def run(*args: str, lang: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    environment = {**os.environ, "INQUIRYGEN_LANG": lang}
    return subprocess.run([sys.executable, "-m", "inquirygen", *args], capture_output=True, text=True,
                          env=environment, cwd=cwd, check=False)


def test_clicks_own_texts_speak_german():
    result = run("--help", lang="de")
    assert result.returncode == 0
    assert result.stdout.startswith("Aufruf: inquirygen [OPTIONEN] BEFEHL [ARGUMENTE]...") or \
        result.stdout.startswith("Aufruf:"), result.stdout
    assert "Diese Hilfe zeigen und beenden." in result.stdout
    assert "Befehle" in result.stdout
    wrong = run("bild", lang="de")
    assert wrong.returncode == 2
    assert "Fehler: Den Befehl 'bild' gibt es nicht." in wrong.stderr
    english = run("bild", lang="en")
    assert "Error: No such command 'bild'." in english.stderr


def test_clicks_texts_in_the_catalogue_are_clicks_own():
    """The ids of cli/click_texts.py are found in click's source, or their German would never show."""
    import click
    from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir

    from inquirygen.cli.click_texts import CLICK_TEXTS, plural_texts

    clicks = {message for _file, _line, message, _comments, _context in extract_from_dir(
        str(Path(click.__file__).parent), method_map=[("**.py", "python")], keywords=DEFAULT_KEYWORDS)}
    singular = {m for m in clicks if isinstance(m, str)}
    plural = {m for m in clicks if isinstance(m, tuple)}
    for text in CLICK_TEXTS:
        assert text in singular, text
    english = dict(plural)
    for form in plural_texts(1):
        assert form in english, form
