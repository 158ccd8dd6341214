"""The compare view: one shared layout, changes marked, and a Δ table equal to `kennisgraaf compare --format json`."""

from __future__ import annotations

import json
import re

import pytest

from kennisgraaf.views.render import view_data

CASE, LEFT, RIGHT = "eindhoven-gezin", "fragmented", "wijkteam-mandate"


@pytest.fixture(scope="module")
def page(tmp_path_factory):
    from click.testing import CliRunner

    from kennisgraaf.cli import main
    path = tmp_path_factory.mktemp("cmp") / "cmp.html"
    runner = CliRunner()
    result = runner.invoke(main, ["view", "compare", CASE, "--scenario", LEFT, "--scenario", RIGHT, "-o", str(path)],
                           catch_exceptions=False)
    assert result.exit_code == 0, result.output
    cli = runner.invoke(main, ["compare", CASE, "--scenario", LEFT, "--scenario", RIGHT, "--format", "json"])
    assert cli.exit_code == 0, cli.output
    return path.read_text(encoding="utf-8"), json.loads(cli.stdout)


def _data(html: str) -> dict:
    block = html.split('<script type="application/json" id="kg-data">', 1)[1].split("</script>", 1)[0]
    return json.loads(block)


def test_shared_elements_sit_at_the_same_place(page):
    panels = _data(page[0])["panels"]
    where = [{n["id"]: (n["x"], n["y"]) for n in p["network"]["nodes"] + p["network"]["reserve_nodes"]}
             for p in panels]
    shared = set(where[0]) & set(where[1])
    assert len(shared) >= 10
    assert all(where[0][n] == where[1][n] for n in shared)
    assert panels[0]["network"]["options"]["physics"]["enabled"] is False


def test_removed_and_added_are_marked(page):
    panels = _data(page[0])["panels"]
    left = {m["id"]: m["change"] for m in panels[0]["meta"]}
    right = {m["id"]: m["change"] for m in panels[1]["meta"]}
    assert {i for i, c in left.items() if c == "removed"} == set(left) - set(right)
    assert {i for i, c in right.items() if c == "added"} == set(right) - set(left)
    marked = [c for c in [*left.values(), *right.values()] if c]
    assert marked, "the wijkteam mandate changes this case's path, so something must be marked"


def test_delta_table_matches_compare_json(page):
    html, cli = page
    table = html.split('id="kg-delta"', 1)[1].split("</table>", 1)[0]
    rows = dict(re.findall(r'<tr data-measure="([^"]+)">(.*?)</tr>', table))
    assert set(rows) == set(cli["household"]) | set(cli["professional"])
    for perspective in ("household", "professional"):
        for measure, values in cli[perspective].items():
            cells = dict(re.findall(r'data-key="([^"]+)">([^<]*)</td>', rows[measure]))
            for part, key in (("from", "from"), ("to", "to"), ("delta", "Δ")):
                shown = cells[f"{perspective} {key}"]
                assert shown == ("" if values[part] is None else str(values[part])), (perspective, measure, part)


def test_verdict_is_above_the_graphs(page):
    html, cli = page
    d_h, d_p = cli["household"]["composite"]["delta"], cli["professional"]["composite"]["delta"]
    assert html.index('id="kg-verdict"') < html.index('id="kg-canvas-0"')
    assert f"household {d_h:+g}, professional {d_p:+g}" in html


def test_timeline_slot_shows_an_svg_the_path_carries(domain):
    from kennisgraaf.path import resolve
    from kennisgraaf.views import case_view
    from kennisgraaf.views.render import render_view

    G = resolve(domain, "gescheiden-vrouw")
    assert 'id="kg-timeline-0"' not in render_view(case_view(domain, G))
    G.graph["timeline_svg"] = '<svg xmlns="http://www.w3.org/2000/svg"><text>week 0</text></svg>'
    html = render_view(case_view(domain, G))
    assert '<figure class="kg-timeline" id="kg-timeline-0"><figcaption>Timeline</figcaption><svg' in html
