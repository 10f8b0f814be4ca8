"""The editor's colours meet WCAG 2.1 AA: every text against its background at least 4.5:1, lines 3:1."""

from __future__ import annotations

import re

import pytest

from inquirygen.editor.app import PACKAGE

CSS = (PACKAGE / "static" / "editor.css").read_text(encoding="utf-8")
COLOURS = dict(re.findall(r"--([a-z-]+): (#[0-9a-f]{6})", CSS))


def luminance(colour: str) -> float:
    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (int(colour[i:i + 2], 16) for i in (1, 3, 5))
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


def contrast(one: str, other: str) -> float:
    high, low = sorted((luminance(one), luminance(other)), reverse=True)
    return (high + 0.05) / (low + 0.05)


@pytest.mark.parametrize(("text", "background", "least"), [
    ("ink", "paper", 4.5), ("accent", "paper", 4.5), ("paper", "accent", 4.5), ("muted", "paper", 4.5),
    ("error", "paper", 4.5), ("error", "error-paper", 4.5), ("warning", "warning-paper", 4.5),
    ("ink", "error-paper", 4.5), ("ink", "warning-paper", 4.5), ("line", "paper", 3.0),
])
def test_each_colour_pair_of_the_editor_meets_aa(text, background, least):
    assert contrast(COLOURS[text], COLOURS[background]) >= least, (text, background)


def test_the_style_sheet_uses_only_its_named_colours_for_text():
    assert set(COLOURS) == {"ink", "paper", "accent", "muted", "line", "error", "warning", "warning-paper",
                            "error-paper"}
    # Colours written out elsewhere: only the disabled buttons' grey (exempt from the contrast rule).
    assert re.findall(r"#[0-9a-f]{6}", CSS.split("}", 1)[1]) == ["#e6e6e6"]
