"""The HTML preview says the words of the .docx: every example, every shipped template, other forms."""

from __future__ import annotations

import shutil
from html.parser import HTMLParser

import pytest

from inquirygen.build import resolve_files
from inquirygen.letter import Letter, build_letter
from inquirygen.workspace import Workspace
from inquirygen.writers import create_writer
from inquirygen.writers.html import letter_html

from .conftest import ROOT
from .test_golden import EXAMPLES as GOLDEN_EXAMPLES
from .test_golden import copy_workspace
from .test_letter_model import EXAMPLES, TEMPLATES, _words, docx_words, letters_with_template

BLOCKS = {"p", "div", "li", "td", "th", "tr", "br", "h3", "h4", "dt", "dd", "section", "article", "table"}


class _Reader(HTMLParser):
    """The text a reader of the page sees: blocks apart, list items with their marker ("- ", "3.")."""

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self.lists: list[list[int]] = []  # per open list: [ordered, next number]
        self.hidden = 0  # inside <title> or <style>: not on the page

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.hidden += tag in ("title", "style")
        if tag in ("ul", "ol"):
            self.lists.append([tag == "ol", int(dict(attrs).get("start") or 1)])
        if tag in BLOCKS:
            self.parts.append(" ")
        if tag == "li":
            ordered, number = self.lists[-1]
            self.parts.append(f"{number}. " if ordered else "- ")
            self.lists[-1][1] += 1

    def handle_endtag(self, tag: str) -> None:
        self.hidden -= tag in ("title", "style")
        if tag in ("ul", "ol"):
            self.lists.pop()
        if tag in BLOCKS:
            self.parts.append(" ")

    def handle_data(self, data: str) -> None:
        if not self.hidden:
            self.parts.append(data)


def html_words(html: str) -> list[str]:
    reader = _Reader()
    reader.feed(html)
    return _words("".join(reader.parts))


@pytest.mark.parametrize("template", TEMPLATES)
def test_the_html_preview_says_the_words_of_the_docx_for_every_example(tmp_path, template):
    folder = tmp_path / "example"
    shutil.copytree(ROOT / "answers", folder / "answers")
    shutil.copy(ROOT / "inquirygen.yaml", folder)
    shutil.copytree(ROOT / "templates", folder / "templates")
    docx, html = create_writer("docx"), create_writer("html")
    letters = letters_with_template(folder, template)
    assert sorted(letters) == EXAMPLES
    for name, letter in letters.items():
        assert isinstance(letter, Letter), (name, letter)
        target = tmp_path / f"{name}.docx"
        target.write_bytes(docx.write(letter))
        words = docx_words(target)
        assert len(words) > 40, name
        assert html_words(html.write(letter).decode("utf-8")) == words, name


@pytest.mark.parametrize(("space", "name"), GOLDEN_EXAMPLES,
                         ids=[f"{s}/{n}" if s else n for s, n in GOLDEN_EXAMPLES])
def test_the_html_preview_of_every_example_workspace_says_the_words_of_the_docx(tmp_path, space, name):
    folder = copy_workspace(space, tmp_path / "example")
    workspace = Workspace.discover(folder)
    ((_, resolved, problems),) = resolve_files(workspace, [workspace.answers_dir / f"{name}.yaml"])
    assert resolved is not None, problems
    letter = build_letter(resolved)
    target = tmp_path / f"{name}.docx"
    target.write_bytes(create_writer("docx").write(letter))
    assert html_words(letter_html(letter)) == docx_words(target)


def test_the_html_preview_escapes_text_and_marks_up_lists_tables_and_footnotes(example_workspace):
    workspace = Workspace.discover(example_workspace)
    ((_, resolved, problems),) = resolve_files(
        workspace, [workspace.answers_dir / "2025-05-12-einbuergerungen.yaml"])
    assert resolved is not None, problems
    html = letter_html(build_letter(resolved))
    assert html.startswith('<article class="letter" lang="de">')
    assert "<thead><tr><th>Jahr</th><th class=\"align-right\">Anträge</th>" in html
    assert '<sup><a href="#footnote-1">[1]</a></sup>' in html
    assert '<p id="footnote-1">[1] Stand der Auswertung: 31.03.2025.</p>' in html
    page = create_writer("html").write(build_letter(resolved)).decode("utf-8")
    assert page.startswith("<!DOCTYPE html>\n<html lang=\"de\">")
    assert "<title>Bearbeitungsdauer von Einbürgerungsanträgen</title>" in page
