"""axe-core (vendored, pinned by checksum) in headless Chromium: no serious or critical violation on any view."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

import kennisgraaf.views
from kennisgraaf.cli import main
from kennisgraaf.views.headless import find_chromium, open_view

pytestmark = pytest.mark.browser

AXE = Path(kennisgraaf.views.__file__).parent / "static" / "axe" / "axe.min.js"
AXE_SHA256 = "b511cd9dec01c76f4b2ad1723b66b6db37d4c2eb4ed199076e1829d9ee7b75e3"  # axe-core 4.10.2, static/VENDOR.md

VIEWS = {"case": ["view", "case", "eindhoven-gezin"],
         "compare": ["view", "compare", "eindhoven-gezin", "--scenario", "fragmented", "--scenario", "wijkteam-mandate"],
         "municipality": ["view", "municipality", "enschede-2008"],
         "summary": ["view", "case", "eindhoven-gezin", "--print"],
         "reforms": ["reforms", "rank", "--municipality", "enschede-2008", "--top", "3"]}


def test_axe_is_the_pinned_build():
    assert hashlib.sha256(AXE.read_bytes()).hexdigest() == AXE_SHA256


@pytest.fixture(scope="module")
def pages(tmp_path_factory):
    if not find_chromium():
        pytest.skip("chromium not installed")
    out = tmp_path_factory.mktemp("axe")
    runner = CliRunner()
    paths = {}
    for name, args in VIEWS.items():
        paths[name] = out / f"{name}.html"
        result = runner.invoke(main, [*args, "-o", str(paths[name])], catch_exceptions=False)
        assert result.exit_code == 0, result.output
    result = runner.invoke(main, ["docs", "-o", str(out / "docs")], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    paths["docs"] = out / "docs" / "index.html"
    paths["classes"] = out / "docs" / "classes.html"
    result = runner.invoke(main, ["batch", "--municipality", "enschede-2008", "--workers", "1", "-o", str(out / "batch")],
                           catch_exceptions=False)
    assert result.exit_code == 0, result.output
    paths["batch"] = out / "batch" / "report.html"
    return paths


RUN = """%s
;window.kgAxe = null;
axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } })
  .then(function (r) { window.kgAxe = r.violations.map(function (v) {
    return { id: v.id, impact: v.impact, nodes: v.nodes.length,
             where: v.nodes.slice(0, 3).map(function (n) { return n.target.join(' ') + ': ' + n.failureSummary; }) };
  }); });"""


@pytest.mark.parametrize("name", [*VIEWS, "docs", "classes", "batch"])
@pytest.mark.parametrize("window", [(1400, 900), (400, 800)])
def test_no_serious_or_critical_violations(pages, name, window):
    static = name in ("summary", "reforms", "batch")  # no script, so no kgReady to wait for
    state = open_view(pages[name], timeout=2 if static else 90, window=window, prepare=RUN % AXE.read_text(encoding="utf-8"),
                      expression="window.kgAxe")
    assert isinstance(state.extra, list), state.extra
    bad = [v for v in state.extra if v["impact"] in ("serious", "critical")]
    assert bad == [], json.dumps(bad, indent=1)
