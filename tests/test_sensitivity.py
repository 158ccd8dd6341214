"""Sensitivity of the composite to its weights: hand-computed rankings, and the CLI options."""

from __future__ import annotations

import json


from kennisgraaf.sensitivity import pair_signs, ranking_stability, scenario_stability, variants

UNIT = {"a": {"weight": 1.0, "scale": "unit"}, "b": {"weight": 1.0, "scale": "unit"}}


def test_one_at_a_time_variants_scale_one_weight_each():
    got = variants(UNIT, factors=(0.5, 2.0), draws=0)
    assert [(v.label, v.weights["a"]["weight"], v.weights["b"]["weight"]) for v in got] == [
        ("a ×0.5", 0.5, 1.0), ("a ×2", 2.0, 1.0), ("b ×0.5", 1.0, 0.5), ("b ×2", 1.0, 2.0)]


def test_joint_draws_are_reproducible_and_within_range():
    one, two = variants(UNIT, factors=(), draws=20, seed=7), variants(UNIT, factors=(), draws=20, seed=7)
    assert [v.changed for v in one] == [v.changed for v in two]
    assert all(0.5 <= f <= 2.0 for v in one for f in v.changed.values())
    assert [v.changed for v in variants(UNIT, factors=(), draws=20, seed=8)] != [v.changed for v in one]


def test_a_weight_of_zero_is_not_varied_one_at_a_time():
    assert [v.label for v in variants({**UNIT, "c": {"weight": 0.0}}, factors=(2.0,), draws=0)] == ["a ×2", "b ×2"]


def test_ranking_by_hand():
    # one: a = 0.9 → 45; two: b = 0.6 → 30; three: a = b = 0.2 → 20.
    # a ×0.5: one 0.45/1.5 = 30, two 0.6/1.5 = 40, three 0.3/1.5 = 20 → one and two swap.
    # a ×2: one 60, two 20, three 0.6/3 = 20 → two and three tie where two was ahead: a change.
    # b ×0.5: one 60, two 20, three 20 → the same tie. b ×2: one 30, two 40, three 20 → one and two swap.
    cases = {"one": {"a": 0.9, "b": 0.0}, "two": {"a": 0.0, "b": 0.6}, "three": {"a": 0.2, "b": 0.2}}
    report = ranking_stability(cases, UNIT, factors=(0.5, 2.0), draws=0)
    assert report["ranking"] == ["one", "two", "three"]
    assert report["baseline"] == {"one": 45.0, "two": 30.0, "three": 20.0}
    assert report["stable"] == 0 and report["stable_fraction"] == 0.0
    assert report["flipping_weights"] == ["a", "b"]
    assert report["flips"][0] == {"variant": "a ×0.5", "swapped": [["one", "two"]]}
    assert report["composite_range"]["one"] == [30.0, 60.0]


def test_a_ranking_that_no_weight_can_flip_is_stable():
    # "worse" is at least as bad on every measure: no positive weights can put it below "better".
    cases = {"worse": {"a": 0.8, "b": 0.5}, "better": {"a": 0.2, "b": 0.1}}
    report = ranking_stability(cases, UNIT, draws=30, seed=3)
    assert report["stable_fraction"] == 1.0 and report["flipping_weights"] == [] and report["variants"] == 8 + 30


def test_scenario_order_by_hand():
    # from: a = 0.8 → 40; to: b = 0.6 → 30; delta −10. a ×0.5: 0.4/1.5 = 26.67 → 0.6/1.5 = 40, +13.33 (flips);
    # b ×2: 0.8/3 = 26.67 → 1.2/3 = 40 (flips); a ×2: 1.6/3 = 53.33 → 0.6/3 = 20, −33.33; b ×0.5: 0.8/1.5 = 53.33
    # → 0.3/1.5 = 20, −33.33. Range [−33.33, 13.33].
    report = scenario_stability({"c": ({"a": 0.8, "b": 0.0}, {"a": 0.0, "b": 0.6})}, UNIT, factors=(0.5, 2.0), draws=0)
    assert report["delta"] == {"c": -10.0}
    assert report["stable_fraction"] == 0.5 and report["flipping_weights"] == ["a", "b"]
    assert report["delta_range"]["c"] == [-33.33, 13.33]


def test_pair_signs_treat_equal_composites_as_a_tie():
    assert pair_signs({"p": 1.0, "q": 1.0}) == {("p", "q"): 0}


def test_score_sensitivity_cli(run):
    out = run("score", "gescheiden-vrouw", "--sensitivity", "--format", "json")
    assert out.exit_code == 0
    report = json.loads(out.stdout)["sensitivity"]
    from kennisgraaf.report import load_weights
    varied = sum(1 for spec in load_weights().values() if float(spec.get("weight", 0)) > 0)
    assert report["case"] == "gescheiden-vrouw" and report["variants"] == varied * 4 + 50
    assert set(report["ranking"]) >= {"gescheiden-vrouw", "eindhoven-gezin", "paspoort-uitkering", "jongeren-werk"}
    low, high = report["composite_range"]["gescheiden-vrouw"]
    assert low <= json.loads(out.stdout)["composite"] <= high
    assert report["method"]["one_at_a_time"] == [0.5, 0.75, 1.5, 2.0]
    table = run("score", "gescheiden-vrouw", "--sensitivity")
    assert "weight variants" in table.stdout and "ranking:" in table.stdout


def test_compare_sensitivity_cli(run):
    out = run("compare", "--all-cases", "--scenario", "fragmented", "--scenario", "wijkteam-mandate",
              "--sensitivity", "--format", "json")
    assert out.exit_code == 0
    report = json.loads(out.stdout)["sensitivity"]
    # The wijkteam lowers the household composite of every case with several municipal doors, under every variant;
    # paspoort-uitkering meets one (the sociale dienst, since issue 13) and gains a registration: it rises throughout.
    # Eindhoven-gezin meets addiction care, youth care, leerplicht and the GP, which a wijkteam front door does not
    # replace (honest scenarios, issue 15): its drop is small and its sign depends on the weights.
    ranges = report["household"]["delta_range"]
    for case in ("gescheiden-vrouw", "jongeren-werk"):
        assert ranges[case][1] < 0, case
    assert ranges["paspoort-uitkering"][0] > 0
    assert ranges["eindhoven-gezin"][0] < 0 < ranges["eindhoven-gezin"][1]
    assert report["household"]["stable_fraction"] < 1.0
    table = run("compare", "gescheiden-vrouw", "--scenario", "fragmented", "--scenario", "wijkteam-mandate",
                "--sensitivity")
    assert "the order holds for every case in" in table.stdout


def test_a_case_that_cannot_be_resolved_is_skipped_and_named(domain):
    from dataclasses import replace

    from kennisgraaf.report import load_weights
    from kennisgraaf.sensitivity import case_sensitivity
    broken = replace(domain, cases={**domain.cases, "case:zonder-model": replace(
        domain.cases["case:jongeren-werk"], id="case:zonder-model", default_model=None)})
    report = case_sensitivity(broken, "jongeren-werk", weights=load_weights(), draws=0)
    assert report["skipped"] == [{"case": "zonder-model", "reason": "case 'case:zonder-model' names no default municipality model"}]
    assert "zonder-model" not in report["ranking"] and report["rank"] is not None
