"""The OParl export's messages as a German clerk reads them."""

from __future__ import annotations

import pytest

from .test_archive import make_archive


@pytest.fixture(autouse=True)
def german(monkeypatch):
    monkeypatch.setenv("INQUIRYGEN_LANG", "de")


def test_without_a_base_address_the_export_says_in_german_what_to_configure(tmp_path, cli):
    make_archive(tmp_path / "archive", [{"subject": "Radwege", "items": [("Q?", "A.")]}])
    result = cli("archive", "export", "2025-02-01_radwege", cwd=tmp_path)
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == (
        "Fehler: Der OParl-Export nennt jede Drucksache und jede Datei bei ihrer Webadresse. Geben Sie "
        "in inquirygen.yaml unter „oparl:“ die Angabe „base_url:“ mit der Adresse an, unter der die "
        "Behörde ihre Schreiben veröffentlicht (zum Beispiel https://ris.example.de/oparl); „--format "
        "json“ braucht sie nicht.\n")


def test_a_base_address_oparl_cannot_use_is_named_in_german(tmp_path, cli):
    make_archive(tmp_path / "archive", [{"subject": "Radwege", "items": [("Q?", "A.")]}])
    (tmp_path / "inquirygen.yaml").write_text("oparl:\n  base_url: ris.example.de\n", encoding="utf-8")
    result = cli("archive", "export", "2025-02-01_radwege", cwd=tmp_path)
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] == (
        "inquirygen.yaml:2:13: Der Wert „ris.example.de“ ist keine Webadresse, die OParl verwenden "
        "kann. Schreiben Sie sie mit https:// (oder http://) und ohne „?“ oder „#“, zum Beispiel "
        "https://ris.example.de/oparl.")
