"""The analysis on the bundled seed cases: findings that come from the data and the algorithms."""

from __future__ import annotations

import pytest

from kennisgraaf import measures as m
from kennisgraaf.errors import DataError, UnknownIdError
from kennisgraaf.path import precondition_graph, resolve
from kennisgraaf.report import score_case
from kennisgraaf.whatif import minimum_waivers, rank_changes


def provision_addressing(domain, G, need: str) -> str:
    return next(v for u, v, d in G.edges(data=True) if u == need and d.get("relation") == "addressedBy")


def test_gescheiden_vrouw_has_a_housing_debt_deadlock(run_json, domain):
    score = run_json("score", "gescheiden-vrouw")
    G = resolve(domain, "gescheiden-vrouw")
    housing = provision_addressing(domain, G, "need:woonruimte")
    debt = provision_addressing(domain, G, "need:schulden")
    assert any(housing in cycle and debt in cycle for cycle in score["measures"]["deadlocks"])
    assert score["measures"]["deadlock_count"] >= 1
    assert set(score) >= {"case", "scenario", "measures", "composite"}
    for key in ("frameworks", "protocols", "methods", "instruments", "systems", "institutions", "contacts",
                "handoffs", "coc", "upc", "deadlocks", "critical_chain", "over_problematising",
                "over_professionalising", "loketten_and_rules", "perverse_incentives"):
        assert key in score["measures"], key
    assert isinstance(score["measures"]["critical_chain"], int)


def test_whatif_names_a_waiver_that_breaks_the_deadlock(run, run_json, domain):
    result = run_json("whatif", "gescheiden-vrouw")
    assert result["minimum_waivers"], "a waiver must be named"
    G = resolve(domain, "gescheiden-vrouw")
    G.remove_edges_from([(u, v, k) for u, v, k, pc in G.edges(keys=True, data="precondition")
                         if pc in result["minimum_waivers"]])
    assert m.deadlocks(G) == [], "the named waivers must end every deadlock"
    table = run("whatif", "gescheiden-vrouw")
    assert table.exit_code == 0 and result["minimum_waivers"][0] in table.stdout


def test_the_mandate_scenario_ends_the_deadlock(run_json):
    score = run_json("score", "gescheiden-vrouw", "--scenario", "wijkteam-mandate")
    assert score["measures"]["deadlocks"] == []
    assert score["waived_preconditions"]


def test_paspoort_uitkering_chain_is_at_least_three_steps(run_json, domain):
    score = run_json("score", "paspoort-uitkering")
    assert score["measures"]["critical_chain"] >= 3
    G = resolve(domain, "paspoort-uitkering")
    chain = m.critical_chain_nodes(G)
    income = provision_addressing(domain, G, "need:inkomen")
    assert chain[-1] == income, "the benefit is the end of the chain"


def test_eindhoven_gezin_wijkteam_helps_the_household_more_than_the_professional(run_json):
    result = run_json("compare", "eindhoven-gezin", "--scenario", "fragmented", "--scenario", "wijkteam-mandate")
    household, professional = result["household"], result["professional"]
    assert household["composite"]["delta"] < 0
    assert household["institutions"]["to"] < household["institutions"]["from"]
    assert professional["composite"]["delta"] > household["composite"]["delta"], \
        "the professional's drop must be smaller than the household's"


def test_eindhoven_gezin_problems_each_land_at_another_institution(domain):
    G = resolve(domain, "eindhoven-gezin")
    institutions = {provision_addressing(domain, G, need): None for need in
                    ("need:schulden", "need:schoolverzuim", "need:overlast", "need:verslaving")}
    front_doors = {p: {v for _, v, d in G.out_edges(p, data=True) if d.get("relation") == "deliveredBy"}
                   for p in institutions}
    assert len(set.union(*front_doors.values())) >= 4


def test_jongeren_werk_needs_a_youth_worker_first(domain):
    G = resolve(domain, "jongeren-werk")
    P = precondition_graph(G)
    assert any("jongerenwerk" in u for u, _ in P.edges)


@pytest.mark.parametrize("case", ["gescheiden-vrouw", "paspoort-uitkering", "eindhoven-gezin", "jongeren-werk"])
def test_every_seed_case_scores_in_both_perspectives_and_is_explained(domain, case):
    for perspective in ("household", "professional"):
        score = score_case(domain, case, perspective=perspective, explain=True)
        assert 0 <= score.composite <= 100
        assert score.unmet_needs == []
        for kind in ("frameworks", "institutions"):
            listed = {e["id"] for e in score.explanation[kind]}
            assert len(listed) == score.measures[kind], "every count traces to its entities"
            assert all(e["triples"] for e in score.explanation[kind]), "and each entity to a triple"


def test_explain_lists_entities_in_the_cli(run):
    result = run("score", "eindhoven-gezin", "--explain")
    assert result.exit_code == 0 and "behind it" in result.stdout and "inst:" in result.stdout


def test_path_shows_numbered_steps_and_deadlocks(run):
    result = run("path", "gescheiden-vrouw")
    assert result.exit_code == 0
    assert "deadlock #1:" in result.stdout and " needs " in result.stdout
    steps = run("path", "paspoort-uitkering")
    assert steps.stdout.splitlines()[2].lstrip().startswith("1")


def test_csv_score(run):
    result = run("score", "jongeren-werk", "--format", "csv")
    assert result.exit_code == 0 and result.stdout.splitlines()[0] == "measure,value,points"


def test_single_changes_are_ranked_best_first(domain):
    G = resolve(domain, "eindhoven-gezin")
    changes = rank_changes(G, domain)
    assert changes and changes[0].delta == min(c.delta for c in changes)
    assert {c.kind for c in changes} >= {"OneFrontDoor", "SharedIntake"}


def test_minimum_waivers_is_empty_without_deadlock(domain):
    assert minimum_waivers(resolve(domain, "paspoort-uitkering")).preconditions == ()


@pytest.mark.parametrize("args, message", [
    (("score", "onbekend"), "unknown case 'onbekend'"),
    (("score", "gescheiden-vrouw", "--scenario", "utopia"), "unknown scenario 'utopia'"),
    (("path", "gescheiden-vrouw", "--municipality", "atlantis"), "unknown municipality model 'atlantis'"),
    (("compare", "eindhoven-gezin", "--scenario", "fragmented", "--scenario", "nope"), "unknown scenario 'nope'"),
])
def test_unknown_ids_are_clear_errors_listing_valid_ones(run, args, message):
    result = run(*args)
    assert result.exit_code == 3
    assert message in result.stderr and "valid" in result.stderr
    assert "Traceback" not in result.stderr


def test_an_empty_case_is_refused(domain):
    from dataclasses import replace
    from kennisgraaf.model import Case
    empty = replace(domain, cases={**domain.cases, "case:leeg": Case("case:leeg", (), (), "model:eindhoven-2016")})
    with pytest.raises(DataError, match="has no needs"):
        resolve(empty, "case:leeg")
    with pytest.raises(UnknownIdError):
        resolve(domain, "case:bestaat-niet")


def test_compare_needs_two_scenarios(run):
    assert run("compare", "eindhoven-gezin", "--scenario", "fragmented").exit_code == 2


def test_compare_all_cases_summarises_every_case(run_json):
    result = run_json("compare", "--all-cases", "--scenario", "fragmented", "--scenario", "wijkteam-mandate")
    assert set(result["cases"]) >= {"gescheiden-vrouw", "paspoort-uitkering", "eindhoven-gezin", "jongeren-werk"}
    # The front door replaces municipal doors only: a case met only by national bodies (langdurige-zorg-wlz: the
    # zorgkantoor) keeps its composite. Since issue 13 (BRP registration is no step before bijstand, Pw art. 40) the
    # passport -> permit -> benefit cases meet one municipal door, the sociale dienst: the wijkteam replaces it one for
    # one and adds its own citizen-facing registration (systems 0 -> 1), so their composite rises by 0.71.
    single_door = {"paspoort-uitkering", "derdelander-leges", "vluchteling-verlenging"}
    for case, table in result["cases"].items():
        delta = table["household"]["composite"]["delta"]
        assert (delta == 0.71) if case in single_door else (delta <= 0), (case, delta)
    for case in ("gescheiden-vrouw", "eindhoven-gezin", "jongeren-werk"):
        assert result["cases"][case]["household"]["composite"]["delta"] < 0, case
    assert result["cases"]["langdurige-zorg-wlz"]["household"]["composite"]["delta"] == 0


def test_eindhoven_gezin_before_and_after_2015_uses_different_laws(run, run_json):
    def laws(day):
        score = run_json("score", "eindhoven-gezin", "--on", day, "--explain")
        return {e["id"] for e in score["explanation"]["frameworks"]}
    before, after = laws("2008-06-01"), laws("2016-01-01")
    awbz, wjz, wwb_pw, wmo2015, jeugdwet = ("law:BWBR0002614", "law:BWBR0016637", "law:BWBR0015703",
                                            "law:BWBR0035362", "law:BWBR0034925")
    assert {awbz, wjz, wwb_pw} <= before and not {wmo2015, jeugdwet} & before
    assert {wmo2015, jeugdwet, wwb_pw} <= after and not {awbz, wjz} & after
    result = run("compare", "eindhoven-gezin", "--on", "2008-06-01", "--on", "2016-01-01")
    assert result.exit_code == 0
    for name in ("Wet werk en bijstand → Participatiewet", "Wet op de jeugdzorg", "Jeugdwet",
                 "Algemene Wet Bijzondere Ziektekosten", "Wet maatschappelijke ondersteuning 2015"):
        assert name in result.stdout, name
