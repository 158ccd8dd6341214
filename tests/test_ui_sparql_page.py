"""The SPARQL page in headless Chromium against a real `serve`: the editor knows the predeclared prefixes (no red
error on a query that uses them without PREFIX lines), the result table shows prefixed names and plain numbers, and
the raw results can still be downloaded."""

from __future__ import annotations

import json
from importlib.resources import files

import pytest

from kennisgraaf.namespaces import PREFIXES
from serving import running_endpoint
from kennisgraaf.views.headless import find_chromium, open_view


def test_the_pages_prefix_table_is_the_servers():
    # The page cannot import Python: it reads static/prefixes.json, which must stay the table the server prepends.
    shipped = json.loads(files("kennisgraaf.server").joinpath("static", "prefixes.json").read_text(encoding="utf-8"))
    assert shipped == PREFIXES


@pytest.fixture(scope="module")
def page_url():
    with running_endpoint(timeout_s=5.0, max_rows=500, workers=1) as srv:
        yield srv.url


QUERY = "SELECT ?law ?id (COUNT(*) AS ?n) WHERE { ?law kg:bwbId ?id } GROUP BY ?law ?id ORDER BY ?id LIMIT 3"

RUN = """(function () {
  var tab = window.kgYasgui.getTab();
  tab.setQuery(%s);
  return new Promise(function (resolve) {
    tab.once('queryResponse', function () { setTimeout(resolve, 300); });
    tab.query();
  });
})()""" % json.dumps(QUERY)

STATE = """(function () {
  var yasqe = window.kgYasgui.getTab().getYasqe();
  var row = function (n) {
    return Array.prototype.map.call(document.querySelectorAll('.yasr table.dataTable tbody tr:nth-child(' + n + ') td'),
                                    function (td) { return td.textContent.trim(); });
  };
  var out = {valid: yasqe.queryValid, errorIcons: document.querySelectorAll('.parseErrorIcon').length,
             first: row(1), download: !!document.querySelector('.yasr_downloadIcon'),
             response: !!document.querySelector('.yasr .select_response')};
  yasqe.setValue('SELECT * WHERE { ?s nope:x ?o }');  // the control: a prefix nobody declared is still an error
  yasqe.checkSyntax();
  out.undeclaredValid = yasqe.queryValid;
  out.undeclaredIcons = document.querySelectorAll('.parseErrorIcon').length;
  return out;
})()"""


@pytest.mark.browser
@pytest.mark.server
def test_sparql_page_knows_the_prefixes_and_shows_plain_values(page_url):
    if not find_chromium():
        pytest.skip("chromium not installed")
    state = open_view(page_url, timeout=20, prepare=RUN, expression=STATE)
    result = state.extra
    assert result["valid"] is True and result["errorIcons"] == 0, result
    # first row (row number, law, id, count): the lowest bwbId in data/national/laws.ttl, one law with it
    assert result["first"] == ["1", "law:BWBR0001830", "BWBR0001830", "1"], result
    assert result["download"] and result["response"]
    assert result["undeclaredValid"] is False and result["undeclaredIcons"] >= 1
    assert not [r for r in state.requests if not r.startswith(("http://127.0.0.1:", "data:"))]
