"""Time on the path (issue 14): deadlines, gaps and regime switches over a horizon, the time measures, a blocked
critical chain, and the four bundled time cases. Expected values are computed by hand from the data files:

* jeugd-18-begeleiding: 17 y 9 m on 2016-01-01 → turns 18 after 3 months = 13 weeks (2016-04-01); the Wmo successor's
  lead time is 6 (assessment, Wmo art. 2.3.2) + 2 (decision, art. 2.3.5) = 8 weeks → apply by week 5 (2016-02-05);
  applied only at the end (fragmented) → gap 13 + 8 − 13 = 8 weeks.
* thuiszorg-naar-wlz: 24-hour care from month 8 = week 34.67 (2016-09-01); CIZ decision 6 weeks → apply by week 28.67;
  Wlz from week 40.67, so 10 of 12 monthly contacts with the old provider: UPC 10/12 = 0.8333,
  COC (10² + 2² − 12) / (12 · 11) = 92/132 = 0.697.
* jongere-eerste-inkomen: income needed from week 0; search period 4 weeks (Participatiewet art. 41(4)) + decision
  term 8 weeks (Awb 4:13) → first income in week 12, a gap of 12 weeks.
* schoolverlater-18: 17 y 7 m → 18 after 5 months = week 21.67; bijstand lead 4 + 8 = 12 weeks on 2016-01-01, but 8 on
  2012-01-01 (the search period exists from 2012-04-01).
"""

from __future__ import annotations

import dataclasses

from hypothesis import given, strategies as st

from kennisgraaf.episodes import CaseTime
from kennisgraaf.measures.time import WEEKS_PER_MONTH, gap_weeks, lead_time, week_of_age
from kennisgraaf.path import resolve


def test_age_transition_deadline_and_gap_in_the_fragmented_scenario(run_json):
    out = run_json("path", "jeugd-18-begeleiding")
    [deadline] = out["deadlines"]
    assert (deadline["week"], deadline["date"], deadline["lead_weeks"], deadline["latest_apply_week"],
            deadline["latest_apply_date"]) == (13.0, "2016-04-01", 8.0, 5.0, "2016-02-05")
    assert deadline["ends"] == ["svc:jeugdhulp"] and deadline["successors"] == ["svc:wmo-begeleiding"]
    assert "turns 18" in deadline["explanation"]
    assert [(g["need"], g["from_week"], g["to_week"], g["weeks"]) for g in out["gaps"]] == \
        [("need:jeugdhulp", 13.0, 21.0, 8.0)]
    [switch] = out["regime_switches"]
    assert switch["changes"] == ["gatekeepers"]
    assert (switch["providers_before"], switch["providers_after"]) == (["inst:jeugdhulpaanbieder"], ["inst:wijeindhoven"])


def test_mandate_that_covers_the_successor_closes_the_gap(run_json):
    out = run_json("path", "jeugd-18-begeleiding", "--scenario", "wijkteam-mandate")
    [deadline] = out["deadlines"]
    assert deadline["started_early"] is True and deadline["applied_week"] == 5.0
    assert out["gaps"] == []
    score = run_json("score", "jeugd-18-begeleiding", "--scenario", "wijkteam-mandate")["measures"]
    assert (score["deadlines"], score["gap_weeks"]) == (1, 0.0)
    assert run_json("score", "jeugd-18-begeleiding")["measures"]["gap_weeks"] == 8.0


def test_regime_switch_to_the_wlz_with_continuity_falling(run_json):
    out = run_json("path", "thuiszorg-naar-wlz")
    assert [(d["week"], d["date"], d["lead_weeks"], d["latest_apply_week"]) for d in out["deadlines"]] == \
        [(34.67, "2016-09-01", 6.0, 28.67)] * 2
    assert out["gaps"] == []  # home care runs on until the Wlz starts
    switches = {s["need"]: s for s in out["regime_switches"]}
    assert set(switches) == {"need:huishouden", "need:persoonlijke-verzorging"}
    assert (switches["need:persoonlijke-verzorging"]["funding_before"],
            switches["need:persoonlijke-verzorging"]["funding_after"]) == (["fund:zvw"], ["fund:wlz"])
    assert switches["need:huishouden"]["providers_after"] == ["inst:zorgkantoor"]
    m = run_json("score", "thuiszorg-naar-wlz")["measures"]
    assert (m["deadlines"], m["regime_switches"], m["episode_upc"], m["episode_coc"]) == (2, 2, 0.8333, 0.697)


def test_mandate_never_starts_a_successor_behind_a_national_gatekeeper(run_json):
    out = run_json("path", "thuiszorg-naar-wlz", "--scenario", "wijkteam-mandate")
    assert [d["started_early"] for d in out["deadlines"]] == [False, False]
    out = run_json("path", "schoolverlater-18", "--scenario", "wijkteam-mandate")  # bijstand: UWV in the access
    assert [g["weeks"] for g in out["gaps"]] == [12.0]


def test_waiting_period_and_decision_term_before_a_first_income(run_json):
    out = run_json("path", "jongere-eerste-inkomen")
    [gap] = out["gaps"]
    assert (gap["need"], gap["from_week"], gap["to_week"]) == ("need:inkomen", 0.0, 12.0)
    assert (gap["cause"]["waiting_weeks"], gap["cause"]["decision_weeks"],
            gap["cause"]["waiting_periods"]) == (4.0, 8.0, ["pc:bijstand-jongeren-zoektermijn"])
    assert out["deadlines"] == [] and out["regime_switches"] == []


def test_rules_changed_between_two_dates(run_json):
    old = run_json("path", "schoolverlater-18", "--on", "2012-01-01")
    new = run_json("path", "schoolverlater-18", "--on", "2016-01-01")
    assert [(d["week"], d["date"], d["lead_weeks"]) for d in old["deadlines"]] == [(21.67, "2012-06-01", 8.0)]
    assert [(d["week"], d["date"], d["lead_weeks"]) for d in new["deadlines"]] == [(21.67, "2016-06-01", 12.0)]
    assert [(g["need"], g["weeks"]) for g in old["gaps"]] == [("need:inkomen", 8.0)]
    assert [(g["need"], g["weeks"]) for g in new["gaps"]] == [("need:inkomen", 12.0)]
    compared = run_json("compare", "schoolverlater-18", "--on", "2012-01-01", "--on", "2016-01-01")
    assert compared["household"]["gap_weeks"] == {"from": 8.0, "to": 12.0, "delta": 4.0}


def test_table_output_explains_the_findings_in_words(run):
    out = run("path", "jeugd-18-begeleiding").stdout
    assert "deadline: the jongere turns 18 in week 13 (2016-04-01)" in out
    assert "gap of 8 weeks for need:jeugdhulp (weeks 13-21)" in out
    assert "regime switch in week 21" in out


def test_horizon_option_bounds_the_timeline(run_json, run):
    assert run_json("path", "jeugd-18-begeleiding", "--horizon", "2m")["deadlines"] == []
    assert len(run_json("path", "jeugd-18-begeleiding", "--horizon", "12")["deadlines"]) == 1
    bad = run("path", "jeugd-18-begeleiding", "--horizon", "soon")
    assert bad.exit_code == 2 and "--horizon" in bad.stderr


def test_seed_cases_keep_their_findings_and_a_blocked_chain_is_null(run_json):
    score = run_json("score", "gescheiden-vrouw")
    m = score["measures"]
    assert (m["deadlock_count"], m["critical_chain_weeks"], m["critical_chain_blocked"]) == (1, None, True)
    assert "critical_chain_weeks" in score["not_available"]
    assert score["components"]["critical_chain_weeks"]["normalised"] is None
    paspoort = run_json("score", "paspoort-uitkering")["measures"]
    assert (paspoort["critical_chain"], paspoort["critical_chain_blocked"]) == (3, False)
    path = run_json("path", "gescheiden-vrouw")
    assert (path["deadlines"], path["gaps"], path["regime_switches"]) == ([], [], [])
    assert len(path["deadlocks"]) == 1


def test_whatif_counts_ending_the_deadlock_as_unblocking(run_json):
    out = run_json("whatif", "gescheiden-vrouw", "--on", "2020-06-01")
    assert out["date"] == "2020-06-01"
    waiver = next(c for c in out["changes"] if c["target"] == "pc:urgentie-vereist-schuldhulp")
    assert (waiver["unblocks_chain"], waiver["critical_chain_weeks_before"]) == (True, None)
    assert waiver["critical_chain_weeks_after"] is not None


def test_reform_ending_a_deadlock_unblocks_rather_than_saving_negative_weeks(domain):
    from kennisgraaf.reforms.evaluate import Outcome
    from kennisgraaf.reforms.rank import effect_of
    from kennisgraaf.model import Reform
    before = {"case:x": Outcome({"composite": 40.0, "deadlock_count": 1, "critical_chain_weeks": None},
                                {"composite": 30.0})}
    after = {"case:x": Outcome({"composite": 30.0, "deadlock_count": 0, "critical_chain_weeks": 16.0},
                               {"composite": 30.0})}
    effect = effect_of([Reform("reform:r")], before, after)
    assert (effect.chains_unblocked, effect.weeks_saved, effect.deadlocks_removed) == (1, 0.0, 1)


# -- properties ------------------------------------------------------------------------------------------------------

def _with_age(domain, case_id: str, years: int, months: int, horizon: int):
    case = domain.cases[case_id]
    time = CaseTime(horizon, case.time.phases, (("role:jongere", years, months),))
    return dataclasses.replace(domain, cases={**domain.cases, case_id: dataclasses.replace(case, time=time)})


ages = st.tuples(st.integers(14, 19), st.integers(0, 11), st.integers(1, 36))


@given(ages)
def test_no_gap_when_every_successor_is_applied_for_before_its_lead_time(domain, age):
    years, months, horizon = age
    d = _with_age(domain, "case:jeugd-18-begeleiding", years, months, horizon)
    G = resolve(d, "jeugd-18-begeleiding", scenario_id="scen:wijkteam-mandate")
    for deadline in G.graph["deadlines"]:
        if deadline["latest_apply_week"] >= 0:  # there is time to apply before the lead time runs out
            assert deadline["applied_week"] + deadline["lead_weeks"] <= deadline["week"] + 1e-9
            assert G.graph["gaps"] == []


@given(ages, st.sampled_from(["scen:fragmented", "scen:wijkteam-mandate"]),
       st.sampled_from(["case:jeugd-18-begeleiding", "case:schoolverlater-18"]))
def test_gaps_never_negative_and_deadlines_inside_the_horizon(domain, age, scenario, case_id):
    years, months, horizon = age
    d = _with_age(domain, case_id, years, months, horizon)
    G = resolve(d, case_id, scenario_id=scenario)
    assert all(g["weeks"] >= 0 and g["to_week"] >= g["from_week"] for g in G.graph["gaps"])
    assert all(0 < dl["week"] <= round(horizon * WEEKS_PER_MONTH, 2) for dl in G.graph["deadlines"])
    assert all(g["to_week"] <= round(horizon * WEEKS_PER_MONTH, 2) for g in G.graph["gaps"])
    turns = week_of_age(years, months, 18)
    assert len(G.graph["deadlines"]) == (1 if 0 < turns <= round(horizon * WEEKS_PER_MONTH, 2) else 0)


@given(st.floats(0, 60), st.floats(0, 30), st.floats(0, 60))
def test_gap_formula_never_negative_and_zero_when_applied_in_time(applied, lead, end):
    gap = gap_weeks(applied, lead, end)
    assert gap >= 0
    if applied + lead <= end:
        assert gap == 0


def test_lead_time_is_intake_plus_waiting_plus_decision():
    assert lead_time(6, 0, 2) == 8.0 and lead_time(0, 4, 8) == 12.0


def test_case_view_shows_the_timeline_offline(run, tmp_path):
    page = tmp_path / "case.html"
    assert run("view", "case", "jeugd-18-begeleiding", "-o", page).exit_code == 0
    html = page.read_text(encoding="utf-8")
    figure = html[html.index('class="kg-timeline"'):]
    svg = figure[figure.index("<svg"):figure.index("</svg>")]
    assert svg.count('class="deadline"') == 1 and svg.count('class="gap"') == 1
    assert "gap of 8 weeks" in svg and "2016-04-01" in svg and "http://" not in svg.replace(
        'xmlns="http://www.w3.org/2000/svg"', "")
    wlz = tmp_path / "wlz.html"
    assert run("view", "case", "thuiszorg-naar-wlz", "-o", wlz).exit_code == 0
    assert 'class="phase"' in wlz.read_text(encoding="utf-8")
    plain = tmp_path / "plain.html"
    assert run("view", "case", "gescheiden-vrouw", "-o", plain).exit_code == 0
    assert 'class="kg-timeline"' not in plain.read_text(encoding="utf-8")


def test_python_api_carries_the_timeline(kg, domain):
    from kennisgraaf.api import Kennisgraaf
    api = Kennisgraaf(kg, domain)
    path = api.path("jeugd-18-begeleiding", horizon=12).to_dict()
    assert [g["weeks"] for g in path["gaps"]] == [8.0] and len(path["deadlines"]) == 1
    assert api.score("gescheiden-vrouw").measures["critical_chain_blocked"] is True
    compared = api.compare("gescheiden-vrouw")  # a null on either side gives a null delta, not an error
    assert compared.table["household"]["critical_chain_weeks"]["delta"] is None


def test_reforms_rank_reports_blocked_chains(run_json, run):
    out = run_json("reforms", "rank", "--municipality", "enschede-2008", "--cases", "gescheiden-vrouw",
                   "--on", "2008-06-01")
    assert out["baseline"]["critical_chains_blocked"] == 1
    assert any(r["chains_unblocked"] == 1 and r["weeks_saved"] == 0 for r in out["reforms"])
    table = run("reforms", "rank", "--municipality", "enschede-2008", "--cases", "gescheiden-vrouw").stdout
    assert "(1 blocked by a deadlock)" in table


def test_a_bad_age_is_one_message_naming_the_file(run, tmp_path):
    bad = tmp_path / "bad-age.ttl"
    bad.write_text("""@prefix kg: <https://w3id.org/kennisgraaf/def#> .
@prefix need: <https://w3id.org/kennisgraaf/id/need/> .
@prefix role: <https://w3id.org/kennisgraaf/id/role/> .
@prefix model: <https://w3id.org/kennisgraaf/id/model/> .
@prefix case: <https://w3id.org/kennisgraaf/id/case/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
case:slecht a kg:HouseholdCase ; rdfs:label "t"@nl , "t"@en ; kg:defaultModel model:eindhoven-2016 ;
    kg:hasNeed need:jeugdhulp ; kg:member [ a kg:HouseholdMember ; kg:role role:jongere ; kg:ageYears "zeventien" ] ;
    dcterms:source "test" ; kg:illustrative true .
""", encoding="utf-8")
    result = run("path", "slecht", "--with", bad)
    assert result.exit_code == 3 and "Traceback" not in result.stderr
    assert str(bad) in result.stderr and "kg:member/kg:ageYears must be a whole number" in result.stderr
