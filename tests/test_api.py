"""The documented Python API: the names it exports, the worked example in docs/api.md, and agreement with the CLI."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

import kennisgraaf

DOC = Path(__file__).resolve().parent.parent / "docs" / "api.md"


@pytest.fixture(scope="module")
def api():
    return kennisgraaf.load()


def test_public_names():
    assert set(kennisgraaf.__all__) == {"load", "Kennisgraaf", "ScoreResult", "PathResult", "Comparison", "WhatIf",
                                        "QueryResult", "KennisgraafError", "DataError", "__version__"}
    for name in kennisgraaf.__all__:
        assert getattr(kennisgraaf, name) is not None
    with pytest.raises(AttributeError):
        kennisgraaf.no_such_name


def test_docs_example_runs(capsys):
    blocks = re.findall(r"```python\n(.*?)```", DOC.read_text(encoding="utf-8"), flags=re.S)
    assert len(blocks) >= 4
    namespace: dict = {}
    for block in blocks:
        exec(compile(block, str(DOC), "exec"), namespace)
    assert "gescheiden-vrouw" in capsys.readouterr().out or namespace["kg"].cases()


def test_score_matches_the_cli_json(api, run):
    cli = json.loads(run("score", "gescheiden-vrouw", "--format", "json").stdout)
    result = api.score("gescheiden-vrouw")
    assert result.to_dict() == cli
    frame = result.to_frame()
    assert frame.loc["composite", "value"] == cli["composite"]
    assert frame.loc["deadlocks", "value"] == 1          # the one housing/debt-help loop, shown as a count
    assert "<table>" in result._repr_html_() and "gescheiden-vrouw" in result._repr_html_()


def test_path_compare_whatif_query(api, run):
    path = api.path("paspoort-uitkering")
    cli = json.loads(run("path", "paspoort-uitkering", "--format", "json").stdout)
    assert path.steps == cli["steps"] and path.deadlocks == cli["deadlocks"]
    comparison = api.compare("eindhoven-gezin", scenarios=("fragmented", "wijkteam-mandate"))
    rows = comparison.to_frame()
    composite = rows[(rows.perspective == "household") & (rows.measure == "composite")].iloc[0]
    assert composite["delta"] == pytest.approx(composite["to"] - composite["from"], abs=1e-3)
    assert composite["delta"] < 0
    assert api.whatif("gescheiden-vrouw").minimum_waivers == ["pc:urgentie-vereist-schuldhulp"]
    counted = api.query("SELECT (COUNT(?c) AS ?n) WHERE { ?c a kg:HouseholdCase }")
    assert counted.kind == "select" and counted.rows[0]["n"] == len(api.cases())


def test_errors_are_the_library_hierarchy(api):
    with pytest.raises(kennisgraaf.DataError):
        api.score("no-such-case")
    with pytest.raises(kennisgraaf.DataError):
        api.score("gescheiden-vrouw", on="30-02-2024")


def test_view_renders_inline_and_saves(api, tmp_path):
    view = api.view("gescheiden-vrouw")
    assert view._repr_html_().startswith("<iframe srcdoc=")
    out = view.save(tmp_path / "v.html")
    assert out.read_text(encoding="utf-8") == view.html
