"""Searching the archive: words and their beginnings, phrases, ranking, limits, marked excerpts."""

from __future__ import annotations

import pytest

from .test_archive import make_archive


@pytest.fixture
def archive(tmp_path):
    return make_archive(tmp_path / "archive", [
        {"subject": "Kinderschutz", "date": "2024-01-10", "items": [
            ("Wie wird der Schutz der Kinder gewährleistet?",
             "Der Schutz der Kinder hat Vorrang. Schulungen finden jährlich statt.")]},
        {"subject": "Spielplätze", "date": "2025-03-01", "items": [
            ("Gibt es Schutz vor Hitze?", "Kinder finden Schatten; der Schutz ist ausreichend.")]},
        {"subject": "Schulung", "date": "2025-04-01", "items": [
            ("Wie oft wird geschult?", "Schulung, Schulung, Schulung: die Schulungsplanung steht.")]},
    ])


def subjects(hits):
    return [hit.subject for hit in hits]


def test_a_phrase_finds_the_words_in_that_order_only(archive):
    assert subjects(archive.search(["Schutz der Kinder"])) == ["Kinderschutz"]
    hit = archive.search(["schutz der kinder"])[0]
    assert [text for text, marked in hit.excerpt if marked] == ["Schutz der Kinder"]
    # The same words apart are found as words.
    assert sorted(subjects(archive.search(["Schutz", "Kinder"]))) == ["Kinderschutz", "Spielplätze"]


def test_a_word_finds_the_words_beginning_with_it_and_a_star_is_allowed(archive):
    assert sorted(subjects(archive.search(["Schulung"]))) == ["Kinderschutz", "Schulung"]
    assert sorted(subjects(archive.search(["Schul*"]))) == ["Kinderschutz", "Schulung"]
    assert archive.search(["ulung"]) == []  # the middle of a word is not its beginning
    hit = next(hit for hit in archive.search(["Schulung"]) if hit.subject == "Kinderschutz")
    assert [text for text, marked in hit.excerpt if marked] == ["Schulung"]  # of "Schulungen"


def test_hits_are_ranked_best_first_and_limited(archive):
    ranked = archive.search(["Schulung"])
    assert subjects(ranked)[0] == "Schulung"  # four times, and in the subject
    assert ranked[0].score < ranked[1].score  # bm25: lower is better
    assert len(archive.search(["Schutz"], limit=1)) == 1


def test_query_syntax_typed_by_a_user_is_taken_as_words(archive):
    for typed in (['"Schutz'], ["Schutz AND"], ["NEAR(Schutz"], ["-Schutz"], ["Schutz:"], ["*"], ["^"]):
        found = archive.search(typed)
        assert all(hit.subject in ("Kinderschutz", "Spielplätze") for hit in found), typed


def test_search_command_shows_a_phrase_marked(archive, cli, tmp_path):
    result = cli("archive", "search", "Schutz der Kinder", cwd=tmp_path)
    assert result.exit_code == 0
    assert result.stdout == (
        "2024-01-10_kinderschutz  2024-01-10  Kinderschutz\n"
        "  1. Wie wird der Schutz der Kinder gewährleistet?\n"
        "    Der »Schutz der Kinder« hat Vorrang. Schulungen finden jährlich statt.\n")


def test_a_motions_free_text_is_shown_on_one_line_without_an_empty_question(tmp_path, cli):
    make_archive(tmp_path / "archive", [{"subject": "Radschnellweg", "items": [
        ("", "Die vorhandenen Radwege sind schmal.\nVorgeschlagene Maßnahmen\n- breitere Wege")]}])
    result = cli("archive", "search", "Radweg", cwd=tmp_path)
    assert result.stdout == (
        "2025-02-01_radschnellweg  2025-02-01  Radschnellweg\n"
        "    Die vorhandenen »Radweg«e sind schmal. Vorgeschlagene Maßnahmen - breitere Wege\n")


def test_a_word_in_very_many_answers_is_ranked_among_the_latest(tmp_path, monkeypatch):
    from inquirygen.archive import index

    archive = make_archive(tmp_path / "archive", [
        {"subject": "Alt", "items": [("Haushalt?", "Haushalt Haushalt Haushalt Haushalt.")]},
        {"subject": "Mitte", "items": [("Frage?", "Der Haushalt steht.")]},
        {"subject": "Neu", "items": [("Frage?", "Zum Haushalt: ja.")]},
    ])
    assert subjects(archive.search(["Haushalt"]))[0] == "Alt"  # the best of all three
    monkeypatch.setattr(index, "RANKED_AT_MOST", 2)
    assert sorted(subjects(archive.search(["Haushalt"]))) == ["Mitte", "Neu"]  # the latest two only
