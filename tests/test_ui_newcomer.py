"""Newcomer polish: one rule for a missing path (exit 3, named), `query FILE` that does not exist, a hint when `--on`
is outside the data's coverage, `ID` metavars, public sources in the views."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize("args", [
    ("query", "missing.rq"),
    ("query", "queries/missing.sparql"),
    ("count", "--municipality", "enschede-2008", "--with", "no/such/folder"),
    ("validate", "no-such-file.ttl"),
    ("reforms", "rank", "--municipality", "enschede-2008", "--reforms", "no-such-reforms.ttl"),
    ("count", "--municipality", "enschede-2008", "--data", "no/such/folder"),
    ("score", "gescheiden-vrouw", "--weights", "no-such-weights.toml"),
])
def test_a_missing_path_is_exit_3_and_named(run, args):
    result = run(*args)
    assert result.exit_code == 3, result.output
    missing = next(a for a in args if "no" in a.split("/")[0] or a.startswith(("missing", "queries/")))
    assert missing in result.stderr and "Traceback" not in result.output


def test_query_file_not_found_says_so(run):
    result = run("query", "missing.rq")
    assert "error: missing.rq: no such query file" in result.stderr


def test_query_text_and_query_file_still_run(run, tmp_path):
    file = tmp_path / "one.rq"
    file.write_text("SELECT (1 AS ?x) WHERE {}", encoding="utf-8")
    assert run("query", str(file), "--format", "csv").stdout.splitlines() == ["x", "1"]
    assert run("query", "SELECT (2 AS ?x) WHERE {}", "--format", "csv").stdout.splitlines() == ["x", "2"]


# The bundled data covers 2008-06-01 (enschede-2008's kg:referenceDate, the earliest model) to 2022-07-31 (the
# latest kg:validUntil in data/; the latest kg:validFrom is 2022-01-01).
@pytest.mark.parametrize("on, side", [("01-01-1990", "before"), ("2030-01-01", "after")])
def test_on_outside_the_data_gives_a_hint(run, on, side):
    result = run("count", "--municipality", "enschede-2008", "--on", on)
    assert result.exit_code == 0
    day = "1990-01-01" if on == "01-01-1990" else on
    assert f"hint: --on {day} is {side} what the data covers (2008-06-01 to 2022-07-31)" in result.stderr
    assert "hint" not in result.stdout


def test_on_inside_the_data_gives_no_hint(run):
    for on in ("2008-06-01", "2022-07-31", "15-03-2016"):
        assert "hint" not in run("count", "--municipality", "enschede-2008", "--on", on).stderr


def test_compare_on_two_dates_hints_once_per_date(run):
    result = run("compare", "eindhoven-gezin", "--on", "2008-06-01", "--on", "2030-01-01")
    assert result.stderr.count("hint: --on") == 1 and "2030-01-01 is after" in result.stderr


@pytest.mark.parametrize("command", [("compare", "eindhoven-gezin", "--on", "2008-06-01", "--on", "2030-01-01"),
                                     ("score", "eindhoven-gezin", "--on", "2030-01-01")])
def test_the_hint_comes_from_the_cache_too(run, tmp_path, monkeypatch, command):
    # The first run reads the data and fills an empty cache; the second reads the cache, not the data: both hint.
    monkeypatch.setenv("KENNISGRAAF_CACHE", str(tmp_path))
    first, second = run(*command), run(*command)
    assert any(tmp_path.iterdir())
    assert first.exit_code == second.exit_code == 0
    for result in (first, second):
        assert result.stderr.count("hint: --on 2030-01-01 is after what the data covers (2008-06-01 to 2022-07-31)") == 1
    assert first.stdout == second.stdout


@pytest.mark.parametrize("command", [("score",), ("path",), ("view", "case"), ("compare",), ("batch",)])
def test_scenario_metavar_is_id(run, command):
    assert "--scenario ID" in run(*command, "--help").output


def test_municipality_metavar_is_id(run):
    for command in (("count",), ("score",), ("reforms", "rank")):
        assert "--municipality ID" in run(*command, "--help").output


def test_views_show_public_sources_not_research_note_refs(run, tmp_path):
    for args in (("view", "municipality", "enschede-2008"), ("view", "case", "gescheiden-vrouw"),
                 ("view", "case", "eindhoven-gezin")):
        out = tmp_path / "v.html"
        assert run(*args, "-o", out).exit_code == 0
        html = out.read_text(encoding="utf-8")
        assert "domain.md" not in html and "domain-2008.md" not in html, args
    # enschede-2008's Home-Start entry cites 5dok.net; the note reference behind it is dropped
    run("view", "municipality", "enschede-2008", "-o", out)
    assert "5dok.net, Handreikingen voor een preventief aanbod" in out.read_text(encoding="utf-8")
