"""WCAG AA contrast, computed: white labels inside shapes 4.5:1, shapes and edges 3:1 against the white graph
canvas, and the page's text colours 4.5:1 on their background in light and in dark mode."""

from __future__ import annotations

import re

import pytest

from kennisgraaf.views.model import (DEADLOCK_COLOUR, EDGE_COLOUR, KIND_STYLE, LABEL_COLOUR, PLAN_EDGE_COLOUR,
                                     WHITE_TEXT_SHAPES, contrast_ratio)
from kennisgraaf.views.render import static_text

WHITE = "#ffffff"


def test_ratio_against_known_values():
    # WCAG's own reference points: black on white 21:1; #767676 is the lightest grey passing 4.5:1 on white
    assert contrast_ratio("#000000", WHITE) == pytest.approx(21.0)
    assert contrast_ratio("#767676", WHITE) == pytest.approx(4.54, abs=0.01)
    assert contrast_ratio("#777777", WHITE) < 4.5


@pytest.mark.parametrize("kind", list(KIND_STYLE))
def test_node_colours(kind):
    colour, shape, _, _ = KIND_STYLE[kind]
    if shape in WHITE_TEXT_SHAPES:
        assert contrast_ratio(WHITE, colour) >= 4.5, (kind, colour)
    assert contrast_ratio(colour, WHITE) >= 3.0, (kind, colour)  # the shape against the canvas


def test_edges_and_labels():
    for colour in (EDGE_COLOUR, PLAN_EDGE_COLOUR, DEADLOCK_COLOUR):
        assert contrast_ratio(colour, WHITE) >= 3.0, colour
    assert contrast_ratio(LABEL_COLOUR, WHITE) >= 4.5


def _variables(block: str) -> dict[str, str]:
    return dict(re.findall(r"--([a-z]+):\s*(#[0-9a-fA-F]{6})", block))


@pytest.mark.parametrize("mode", ["light", "dark"])
def test_page_text_colours(mode):
    css = static_text("view.css")
    if mode == "light":
        block = css.split(":root", 1)[1].split("}", 1)[0]
    else:
        block = css.split("prefers-color-scheme: dark", 1)[1].split(":root", 1)[1].split("}", 1)[0]
    v = _variables(block)
    for name in ("fg", "muted", "bad", "accent"):
        assert contrast_ratio(v[name], v["bg"]) >= 4.5, (mode, name, v[name], v["bg"])


def test_change_markers_have_contrast():
    from kennisgraaf.views.model import CHANGE_COLOUR
    for colour in CHANGE_COLOUR.values():
        assert contrast_ratio(colour, WHITE) >= 3.0, colour
