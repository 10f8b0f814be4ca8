"""In German: why LibreOffice in the background was not used, and a wrong listener_idle."""

from __future__ import annotations

import pytest

from inquirygen import listener

from .test_pdf import configure
from .test_processes import valid_pdf_soffice


@pytest.fixture(autouse=True)
def deutsch(monkeypatch):
    monkeypatch.setenv("INQUIRYGEN_LANG", "de")


def test_a_folder_open_to_others_is_named_and_the_pdf_made_without_it(example_workspace, cli, tmp_path,
                                                                      monkeypatch):
    monkeypatch.delenv(listener.SWITCH, raising=False)
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(tmp_path / "run"))
    soffice = valid_pdf_soffice(tmp_path)
    configure(example_workspace, soffice)
    folder = listener.listener_folder(str(soffice))
    folder.mkdir(parents=True)
    folder.chmod(0o755)
    result = cli("build", "--pdf", "2025-09-15.yaml", cwd=example_workspace)
    assert result.exit_code == 0
    assert result.stdout == "Gespeichert: out/2025-09-15.docx\nGespeichert: out/2025-09-15.pdf\n"
    assert result.stderr == ("Hinweis: LibreOffice im Hintergrund war nicht nutzbar (sein Ordner "
                             f"{folder} ist für andere Benutzer zugänglich); LibreOffice wird für diese "
                             "Umwandlung eigens gestartet\n")
    assert list(folder.iterdir()) == []


def test_a_negative_listener_idle_is_refused_at_its_line(example_workspace, cli):
    config = example_workspace / "inquirygen.yaml"
    line = len(config.read_text(encoding="utf-8").splitlines()) + 3
    with config.open("a", encoding="utf-8") as stream:
        stream.write("\npdf:\n  listener_idle: -1\n")
    result = cli("build", "--pdf", "2025-09-15.yaml", cwd=example_workspace)
    assert result.exit_code == 1
    assert result.stderr == (f"inquirygen.yaml:{line}:18: Die Angabe „listener_idle“ muss mindestens 0 sein, "
                             "nicht „-1“.\nFehler: 1 Fehler gefunden\n")
