"""`--on` takes the Dutch DD-MM-YYYY as well as ISO dates, with the same result."""

from __future__ import annotations


def test_dutch_date_equals_iso_date(run):
    iso = run("count", "--municipality", "eindhoven-2016", "--on", "2016-01-01", "--format", "json")
    dutch = run("count", "--municipality", "eindhoven-2016", "--on", "01-01-2016", "--format", "json")
    assert iso.exit_code == 0 and dutch.exit_code == 0, dutch.output
    assert dutch.stdout == iso.stdout


def test_bad_date_names_both_forms(run):
    result = run("count", "--municipality", "eindhoven-2016", "--on", "2016/01/01")
    assert result.exit_code == 2
    assert "%d-%m-%Y" in result.output or "DD-MM-YYYY" in result.output


def test_view_group_help_has_examples(run):
    result = run("view", "--help")
    assert result.exit_code == 0
    assert "kennisgraaf view case eindhoven-gezin -o out/case.html" in result.output
    assert "--scenario ID" in run("view", "compare", "--help").output
