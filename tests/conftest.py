"""Shared fixtures: the repository's example workspace, the bad-input workspace, and a CLI runner."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

# The suite reads the messages as written in the code (English); tests/test_deutsch.py and
# tests/test_i18n.py switch to German where they check what a clerk reads. Set before the CLI is
# imported, since click's help texts are translated when the commands are defined.
os.environ["INQUIRYGEN_LANG"] = "en"

from inquirygen.cli import main

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "data"
SEED = ROOT.parent / "shared" / "seed" / "000_e50a7c97f74d66c4.txt"


class Cli:
    """Runs ``inquirygen`` in-process in a folder; returns click's result (exit code, stdout, stderr)."""

    def __init__(self, monkeypatch):
        self.monkeypatch = monkeypatch

    def __call__(self, *args: str, cwd: Path):
        self.monkeypatch.chdir(cwd)
        return CliRunner().invoke(main, [str(a) for a in args], prog_name="inquirygen",
                                 catch_exceptions=False)


@pytest.fixture
def cli(monkeypatch) -> Cli:
    return Cli(monkeypatch)


@pytest.fixture
def example_workspace(tmp_path: Path) -> Path:
    """A copy of the repository's workspace (configuration, template, answers), safe to write into."""
    target = tmp_path / "example"
    target.mkdir()
    shutil.copy(ROOT / "inquirygen.yaml", target)
    shutil.copytree(ROOT / "answers", target / "answers")
    shutil.copytree(ROOT / "templates", target / "templates")
    return target


@pytest.fixture
def data_workspace(tmp_path: Path) -> Path:
    """A copy of tests/data: a workspace of good and bad answer files."""
    target = tmp_path / "data"
    shutil.copytree(DATA, target)
    return target


def write_answer(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def edit_template(template: Path, replacements: dict[str, str], part: str = "word/document.xml",
                  target: Path | None = None) -> Path:
    """A copy of ``template`` (or the template itself) with text replaced in one of its parts."""
    import zipfile

    with zipfile.ZipFile(template) as source:
        parts = {info.filename: source.read(info) for info in source.infolist()}
    xml = parts[part].decode("utf-8")
    for old, new in replacements.items():
        assert old in xml, old
        xml = xml.replace(old, new, 1)
    parts[part] = xml.encode("utf-8")
    target = target or template
    with zipfile.ZipFile(target, "w") as copy:
        for name, data in parts.items():
            copy.writestr(name, data)
    return target


def soffice_or_skip() -> str:
    """Path of LibreOffice; CI must have it (its .ci/run installs it), elsewhere the test is skipped."""
    found = shutil.which("soffice") or shutil.which("libreoffice")
    if found:
        return found
    if os.environ.get("CI"):
        pytest.fail("LibreOffice (soffice) is required in CI; .ci/run installs it")
    pytest.skip("LibreOffice (soffice) is not installed")


@pytest.fixture(autouse=True, scope="session")
def _private_cache(tmp_path_factory):
    """Compiled templates go to a folder of the test session, never into the user's ~/.cache."""
    folder = tmp_path_factory.mktemp("cache")
    previous = os.environ.get("INQUIRYGEN_CACHE_DIR")
    os.environ["INQUIRYGEN_CACHE_DIR"] = str(folder)
    yield folder
    if previous is None:
        os.environ.pop("INQUIRYGEN_CACHE_DIR", None)
    else:
        os.environ["INQUIRYGEN_CACHE_DIR"] = previous


@pytest.fixture(autouse=True, scope="session")
def _no_warm_libreoffice():
    """Every PDF converted by a LibreOffice of its own, as the tests of fake LibreOffices expect;
    tests/test_warm_pdf.py switches the warm one on where it tests it."""
    previous = os.environ.get("INQUIRYGEN_PDF_LISTENER")
    os.environ["INQUIRYGEN_PDF_LISTENER"] = "off"
    yield
    if previous is None:
        os.environ.pop("INQUIRYGEN_PDF_LISTENER", None)
    else:
        os.environ["INQUIRYGEN_PDF_LISTENER"] = previous


def _hypothesis_profiles() -> None:
    """CI runs the property tests on a fixed seed (a landing never depends on luck); locally they
    explore new examples on every run."""
    from hypothesis import settings

    settings.register_profile("ci", derandomize=True, print_blob=True)
    if os.environ.get("CI"):
        settings.load_profile("ci")


_hypothesis_profiles()
