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


# -- plain texts without markdown-it --------------------------------------------------------------


def read_by_markdown_it(text: str) -> tuple:
    from inquirygen import markup

    tokens = markup._parser().parse(markup._GENDER_STAR.sub(r"\\*",
                                                            markup._PASTED_BULLET.sub(markup._as_list_item,
                                                                                      text)))
    return tuple(markup._Reader(tokens).blocks(0, closing="footnote_block_open")[0])


def assert_read_alike(text: str) -> bool:
    """The plain reading, where it gives one, is markdown-it's; whether it gave one."""
    from inquirygen.markup import _plain_blocks

    plain = _plain_blocks(text)
    if plain is None:
        return False
    assert plain == read_by_markdown_it(text), repr(text)
    return True


def test_plain_paragraphs_and_entries_are_read_without_markdown_it():
    text = ("Erster Absatz,\nüber zwei Zeilen.\n\n- ein Punkt (RSG) für 4,5 Stunden\n"
            "- noch einer: 14-tägig\n\n- nach einer Leerzeile derselben Liste\n\n"
            "Schluss § 58 AufenthG, o. g. Angebote.\n")
    assert assert_read_alike(text)
    assert parse_markdown(text) == (
        Paragraph((Span("Erster Absatz, über zwei Zeilen."),)),
        ListBlock(False, (ListItem((Paragraph((Span("ein Punkt (RSG) für 4,5 Stunden"),)),)),
                          ListItem((Paragraph((Span("noch einer: 14-tägig"),)),)),
                          ListItem((Paragraph((Span("nach einer Leerzeile derselben Liste"),)),)))),
        Paragraph((Span("Schluss § 58 AufenthG, o. g. Angebote."),)),
    )


def test_the_repositorys_texts_are_read_alike():
    from .conftest import DATA, ROOT
    from .test_records import YAML_FILES, read

    texts: list[str] = [path.read_text(encoding="utf-8") for path in
                        [*ROOT.glob("answers/snippets/*.md"), *DATA.glob("**/*.md")]]

    def collect(value) -> None:
        if isinstance(value, str):
            texts.append(value)
        elif isinstance(value, dict):
            for item in value.values():
                collect(item)
        elif isinstance(value, list):
            for item in value:
                collect(item)

    for path in YAML_FILES:
        collect(read(path, path.read_text(encoding="utf-8", errors="replace")))
    assert sum(assert_read_alike(text) for text in texts) > 100


def test_random_texts_are_read_alike_or_left_to_markdown_it():
    import random

    rng = random.Random(11)
    pieces = ["Text", "ä ö", "- ", "-", "* ", "+ ", "1. ", "2) ", "10.", " ", "  ", "\n", "\n", "\n\n",
              "\n- ", "\n  ", "*", "**", "_", "\\", "[^1]", "[^1]: Fußnote", "|", "| a |", "---", "#", "> ",
              "\t", "•\t", "–\t", "o\t", "§ 5", "\u00a0", "\x0b", "\x0c", "&amp;", "<b>", "`x`", "=", "^",
              "Mitarbeiter*innen", "(a)", "4,5", "{{ x }}", "\u2028", "1", ".", ")"]
    read = 0
    for _ in range(20000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(1, 12)))
        read += assert_read_alike(text)
    assert read > 500
