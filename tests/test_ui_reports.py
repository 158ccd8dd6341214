"""The offline reports read right: box-plot labels under their boxes, reforms named (not by id) in chart and table,
the load's direction in words, public sources, every chart with a text alternative, no page overflow."""

from __future__ import annotations

import re
from pathlib import Path
from types import SimpleNamespace

import pytest

from kennisgraaf.batch_report import ReportBuilder
from kennisgraaf.reforms import Effect, Ranking
from kennisgraaf.reforms_report import load_wording, render_html
from kennisgraaf.views.headless import find_chromium, open_view
from kennisgraaf.views.report_html import public_source

HEADER = ["case", "municipality", "scenario", "perspective", "composite", "points_contacts", "unmet_needs",
          "deadlocks"]


def _builder() -> ReportBuilder:
    """Three models: A with composites 10, 20, 30; B with 50; C with 70 and 80 (medians 20, 50, 75)."""
    builder = ReportBuilder(SimpleNamespace(models={}), ("scen:fragmented",), HEADER, {"contacts": {"weight": 1}})
    rows = []
    for model, values in (("C", (70, 80)), ("A", (10, 20, 30)), ("B", (50,))):
        for i, value in enumerate(values):
            for perspective in ("household", "professional"):
                rows.append([f"{model}{i}", model, "fragmented", perspective, value, value, "", ""])
    builder.add_rows(rows)
    return builder


def test_box_plot_labels_sit_under_their_boxes():
    svg = _builder().chart_distribution("household")
    # plot 960 - 44 - 12 = 904 px wide, three boxes: centres at 44 + 904 * (i + 0.5) / 3
    labels = re.findall(r'<text class="box-label" x="([0-9.]+)"[^>]*>([^<]+)</text>', svg)
    assert labels == [("194.7", "A"), ("496.0", "B"), ("797.3", "C")]
    centres = re.findall(r'<line x1="([0-9.]+)" x2="\1" y1="[0-9.]+" y2="[0-9.]+" stroke="#999"/>', svg)
    assert centres == ["194.7", "496.0", "797.3"]


def test_every_batch_chart_has_a_text_alternative_with_its_numbers():
    html = _builder().render(rows=12, seconds=0.5, workers=1)
    figures = re.findall(r"<figure>(.*?)</figure>", html, flags=re.S)
    # two distributions, the scenario means, the drivers, the deadlocks (none here: a sentence says so)
    assert len(figures) == html.count("<svg") == 5
    for body in figures:
        assert "<figcaption>" in body and "<table>" in body and "<title>" in body
    # A's box in numbers: 3 cases, min 10, Q1 15, median 20, Q3 25, max 30
    assert ('<td>A</td><td class="num">3</td><td class="num">10</td><td class="num">15</td>'
            '<td class="num">20</td><td class="num">25</td><td class="num">30</td>') in figures[0]


def _ranking() -> Ranking:
    def effect(reform: str, drop: float, load: float, rank: int) -> Effect:
        return Effect((reform,), "", drop, 1, 0.0, load, ("case:a",), {"household": {"contacts": -2.0}}, rank=rank)
    return Ranking("model:enschede-2008", "2008-06-01", ("case:a",),
                   {"household_composite": 40.0, "professional_composite": 50.0, "deadlocks": 1,
                    "critical_chain_weeks": 8.0},
                   [effect("reform:mandaat", 20.5, -11.64, 1), effect("reform:loket", 3.0, 2.5, 2)], [], [], [],
                   labels={"reform:mandaat": "one coordinator with a mandate", "reform:loket": "one front door"},
                   sources={"reform:mandaat": ("domain.md P10 (Amsterdam Hv 2016/2020)",),
                            "reform:loket": ("https://example.org/loket",)})


def test_reforms_report_names_reforms_in_chart_and_table_and_says_which_way_the_load_moved():
    html = render_html(_ranking())
    chart = html[html.index("<svg"):html.index("</svg>")]
    chart_texts = re.findall(r">([^<>]+)</text>", chart)
    assert "one coordinator with a mandate" in chart_texts and "one front door" in chart_texts
    assert not any("mandaat" in t or "loket" in t for t in chart_texts)
    table = html[html.index("<h2>Ranking</h2>"):]
    assert "<strong>one coordinator with a mandate</strong>" in table
    assert "professionals carry 11.64 points less" in table
    assert "professionals carry 2.50 points more (load moved behind the front door)" in table
    assert "Amsterdam Hv 2016/2020" in table and "domain.md" not in html


def test_load_wording_directions():
    assert load_wording(-11.64) == "professionals carry 11.64 points less"
    assert load_wording(0.004) == "professionals carry 0.00 points more (load moved behind the front door)"


@pytest.mark.parametrize("raw, shown", [
    ("domain-2008.md E1: opennieuwsbank.nl/bericht/2005", "opennieuwsbank.nl/bericht/2005"),
    ("domain.md P10, L12", "kennisgraaf research notes (no public source cited)"),
    ("domain.md PR21 (unverified)", "kennisgraaf research notes (no public source cited), unverified"),
    ("domain.md L18; domain-2008.md N08-01", "kennisgraaf research notes (no public source cited)"),
    ("Gemeente Enschede, persbericht 6-1-2000", "Gemeente Enschede, persbericht 6-1-2000"),
])
def test_public_source_drops_internal_references(raw, shown):
    assert public_source(raw) == shown


def _chromium_or_skip() -> None:
    if not find_chromium():
        pytest.skip("chromium not installed")


@pytest.mark.browser
@pytest.mark.parametrize("width, height", [(1400, 900), (400, 800)])
def test_reports_do_not_overflow_the_page(run, tmp_path: Path, width, height):
    _chromium_or_skip()
    reforms = tmp_path / "reforms.html"
    assert run("reforms", "rank", "--municipality", "enschede-2008", "--top", "3", "-o", reforms).exit_code == 0
    batch = tmp_path / "batch.html"
    batch.write_text(_builder().render(rows=12, seconds=0.5, workers=1), encoding="utf-8")
    for page in (reforms, batch):
        state = open_view(page, window=(width, height), timeout=1.5,
                          expression="[document.documentElement.scrollWidth, "
                                     "document.querySelectorAll('figure svg').length, "
                                     "document.querySelectorAll('svg').length]")
        scroll_width, in_figures, charts = state.extra
        assert scroll_width <= width, (page.name, scroll_width)
        assert in_figures == charts >= 1
