"""Views in headless Chromium: the municipality view's "group by type" counts, and the layout on a 400 px phone."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from kennisgraaf.cli import main
from kennisgraaf.views.headless import find_chromium, open_view

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def pages(tmp_path_factory):
    if not find_chromium():
        pytest.skip("chromium not installed")
    out = tmp_path_factory.mktemp("ui")
    runner = CliRunner()
    paths = {}
    for name, args in {"municipality": ["view", "municipality", "enschede-2008"],
                       "case": ["view", "case", "gescheiden-vrouw"],
                       "gezin": ["view", "case", "eindhoven-gezin"]}.items():
        paths[name] = out / f"{name}.html"
        result = runner.invoke(main, [*args, "-o", str(paths[name])], catch_exceptions=False)
        assert result.exit_code == 0, result.output
    return paths


CLUSTER_LABELS = """(function () {
  document.getElementById('kg-cluster').click();
  var ps = window.kgState.panels[0], labels = {};
  ['framework', 'protocol', 'method', 'instrument', 'system', 'institution'].forEach(function (k) {
    var n = ps.network.body.nodes['cluster:' + k];
    labels[k] = n ? n.options.label : null;
  });
  return labels;
})()"""


def test_group_by_type_counts_equal_count_municipality(pages):
    # `kennisgraaf count --municipality enschede-2008`: 25 frameworks, 16 protocols, 17 methods, 26 instruments,
    # 27 systems, 25 institutions (the type's label hub used to be counted as a member: 26, 17, ...)
    state = open_view(pages["municipality"], timeout=90, expression=CLUSTER_LABELS)
    assert state.extra == {"framework": "legal framework (25)", "protocol": "indication protocol (16)",
                           "method": "clarification method (17)", "instrument": "diagnostic instrument (26)",
                           "system": "registration system (27)", "institution": "institution (25)"}


GEOMETRY = """(function () {
  var c = document.querySelector('.kg-canvas').getBoundingClientRect();
  var s = document.querySelector('.kg-side').getBoundingClientRect();
  return { width: window.innerWidth, canvas: c.width, canvasBottom: c.bottom, sideTop: s.top };
})()"""


def test_side_panel_stacks_under_the_graph_at_400px(pages):
    state = open_view(pages["case"], timeout=90, window=(400, 800), expression=GEOMETRY)
    g = state.extra
    assert g["canvas"] >= 0.8 * g["width"], g
    assert g["sideTop"] >= g["canvasBottom"], g


EXPAND = """(function () {
  var ps = window.kgState.panels[0], before = ps.nodeSet.get(), kinds = {};
  before.forEach(function (n) { kinds[n.kind] = true; });
  var provision = before.filter(function (n) { return n.kind === 'provision'; })[0].id;
  window.kgExpand(0, provision);
  var expanded = ps.nodeSet.get().map(function (n) { return n.kind; });
  window.kgExpand(0, provision);
  return { before: before.length, kinds: Object.keys(kinds).sort(), fixed: ps.network.physics.options.enabled,
           expanded: expanded.length, touch: expanded.filter(function (k) { return k !== 'need' && k !== 'provision'; }).length,
           collapsed: ps.nodeSet.length };
})()"""


def test_case_view_opens_path_first_and_expands_touchpoints(pages):
    state = open_view(pages["gezin"], timeout=90, expression=EXPAND)
    e = state.extra
    assert state.stabilised == "true" and state.console_errors == []
    assert e["before"] <= 25 and e["kinds"] == ["need", "provision"], e  # the 75-node case opens on its path
    assert e["fixed"] is False  # laid out in Python, no physics
    assert e["touch"] > 0 and e["expanded"] == e["before"] + e["touch"], e
    assert e["collapsed"] == e["before"]


STATE_OF = """(function () {
  var ps = window.kgState.panels[0];
  var hidden = Array.prototype.filter.call(document.querySelectorAll('input.kg-kind'), function (b) { return !b.checked; })
    .map(function (b) { return b.value; });
  return { hidden: hidden, nodes: ps.nodeSet.length, selected: ps.network.getSelectedNodes(),
           hiddenNeeds: ps.nodeSet.get({ filter: function (n) { return n.kind === 'need' && n.hidden; } }).length,
           hash: location.hash };
})()"""


def test_url_fragment_restores_filters_expansion_and_focus(pages):
    plain = open_view(pages["gezin"], timeout=90, expression=STATE_OF).extra
    html = pages["gezin"].read_text(encoding="utf-8")
    rows = [r for r in html.split('<tr data-id="')[1:] if 'data-kind="provision"' in r]
    plain_provision = next(r.split('"', 1)[0] for r in rows if '<td class="num" data-sort="1">' in r)
    assert plain["hidden"] == [] and plain["selected"] == []
    fragment = f"hide=need&expand={plain_provision}&focus={plain_provision}"
    state = open_view(pages["gezin"], timeout=90, expression=STATE_OF, fragment=fragment).extra
    assert state["hidden"] == ["need"] and state["hiddenNeeds"] > 0
    assert state["nodes"] > plain["nodes"]  # the provision's touchpoints are back
    assert state["selected"] == [plain_provision]
    assert state["hash"] == "#" + fragment  # and the page writes the same state back


ARROWS = """(function () {
  function press(key) { document.dispatchEvent(new KeyboardEvent('keydown', { key: key, bubbles: true })); }
  var ps = window.kgState.panels[0], seen = [];
  press('ArrowRight'); seen.push(ps.network.getSelectedNodes()[0]);
  press('ArrowRight'); seen.push(ps.network.getSelectedNodes()[0]);
  press('ArrowLeft'); seen.push(ps.network.getSelectedNodes()[0]);
  return seen.map(function (id) { return ps.meta[id].step; });
})()"""


def test_arrow_keys_walk_the_plan_steps(pages):
    assert open_view(pages["gezin"], timeout=90, expression=ARROWS).extra == [1, 2, 1]


EXPORT = "({ png: window.kgExport('png'), svg: window.kgExport('svg'), nodes: window.kgState.panels[0].nodeSet.length })"


def test_png_and_svg_export_are_files_that_open(pages, tmp_path):
    import base64
    import struct
    import urllib.parse
    import xml.etree.ElementTree as ET

    e = open_view(pages["gezin"], timeout=90, expression=EXPORT).extra
    png = tmp_path / "view.png"
    png.write_bytes(base64.b64decode(e["png"].split(",", 1)[1]))
    svg = tmp_path / "view.svg"
    svg.write_text(urllib.parse.unquote(e["svg"].split(",", 1)[1]), encoding="utf-8")
    data = png.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", data[16:24])  # the IHDR chunk
    assert width > 300 and height > 300
    root = ET.parse(svg).getroot()
    texts = root.findall("{http://www.w3.org/2000/svg}g")
    assert len(texts) == e["nodes"]  # one group (shape and label) per node drawn


def test_2000_node_municipality_view_is_ready_in_under_3_s(tmp_path):
    from bench.bench_views import synthetic_municipality
    from kennisgraaf.views.render import write_view

    path = write_view(synthetic_municipality(2000), tmp_path / "big.html")
    state = open_view(path, timeout=60)
    assert state.stabilised == "true" and state.node_count >= 2000
    assert state.stabilised_ms < 3000, state.stabilised_ms  # laid out in Python, physics off (was 12 s)
