"""Markdown responses become model blocks; office text that looks like other markup stays text."""

from __future__ import annotations

from inquirygen.markup import parse_markdown
from inquirygen.model import LineBreak, ListBlock, ListItem, PageBreak, Paragraph, Span


def test_paragraphs_bold_italic_and_soft_breaks():
    blocks = parse_markdown("Erste **fette** und *kursive*\nZeile.\n\nZweiter Absatz.\n")
    assert blocks == (
        Paragraph((Span("Erste "), Span("fette", bold=True), Span(" und "),
                   Span("kursive", italic=True), Span(" Zeile."))),
        Paragraph((Span("Zweiter Absatz."),)),
    )


def test_nested_lists_keep_start_numbers():
    (numbered,) = parse_markdown("3. drei\n4. vier\n   - Punkt\n")
    assert numbered.ordered and numbered.start == 3
    first, second = numbered.items
    assert first == ListItem((Paragraph((Span("drei"),)),))
    assert second == ListItem((
        Paragraph((Span("vier"),)),
        ListBlock(False, (ListItem((Paragraph((Span("Punkt"),)),)),)),
    ))


def test_text_that_would_be_other_markup_stays_literal():
    text = "# 5 Abs. 2\n\n    eingerückter Text\n\n<b>&amp; `Code` [Link](x) ---\n"
    blocks = parse_markdown(text)
    assert [b.text for b in blocks] == ["# 5 Abs. 2", "eingerückter Text", "<b>&amp; `Code` [Link](x) ---"]


def test_pasted_vertical_tab_and_form_feed_become_breaks():
    (paragraph,) = parse_markdown("eins\x0bzwei\x0cdrei")
    assert paragraph.inlines == (Span("eins"), LineBreak(), Span("zwei"), PageBreak(), Span("drei"))


def test_hard_break_and_escapes():
    (paragraph,) = parse_markdown("eins\\\nzwei \\*kein Stern\\*")
    assert paragraph.inlines == (Span("eins"), LineBreak(), Span("zwei *kein Stern*"))


def test_gender_star_and_colon_stay_as_typed():
    """Text pasted from Word: "Mitarbeiter*innen" and "Bürger:innen" are words, not emphasis."""
    (paragraph,) = parse_markdown("Alle Mitarbeiter*innen und Bürger*innen, auch Bürger:innen, "
                                  "sind *eingeladen* und **herzlich** willkommen.\n")
    assert paragraph == Paragraph((
        Span("Alle Mitarbeiter*innen und Bürger*innen, auch Bürger:innen, sind "),
        Span("eingeladen", italic=True), Span(" und "), Span("herzlich", bold=True),
        Span(" willkommen."),
    ))


def test_typographic_quotes_and_dashes_stay():
    (paragraph,) = parse_markdown("Der „Plan“ – ‚kurz‘ gesagt – gilt \"so\" ab 2025...\n")
    assert paragraph == Paragraph((Span("Der „Plan“ – ‚kurz‘ gesagt – gilt \"so\" ab 2025..."),))
