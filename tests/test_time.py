"""Time: the rules in force on a date (`--on`) for count, path, score and compare, and what changed between dates."""

from __future__ import annotations

import json
from pathlib import Path

CASE_ACROSS_2015 = """@prefix kg: <https://w3id.org/kennisgraaf/def#> .
@prefix need: <https://w3id.org/kennisgraaf/id/need/> .
@prefix role: <https://w3id.org/kennisgraaf/id/role/> .
@prefix model: <https://w3id.org/kennisgraaf/id/model/> .
@prefix case: <https://w3id.org/kennisgraaf/id/case/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix circ: <https://w3id.org/kennisgraaf/id/circumstance/> .
case:gezin-over-2015 a kg:HouseholdCase ; rdfs:label "testgezin"@nl , "test family"@en ;
    kg:circumstance circ:blijvend-toezicht ;
    kg:defaultModel model:eindhoven-2016 ;
    kg:hasNeed need:inkomen , need:jeugdhulp , need:dagbesteding , need:huishouden , need:langdurige-zorg ;
    kg:member [ a kg:HouseholdMember ; kg:role role:ouder ; kg:ageBand "45-66" ] ,
              [ a kg:HouseholdMember ; kg:role role:kind ; kg:ageBand "12-17" ] ;
    dcterms:source "test" ; kg:illustrative true .
"""


def _laws(score: dict) -> set[str]:
    return {e["id"] for e in score["explanation"]["frameworks"]}


def test_score_eindhoven_gezin_on_two_dates_uses_different_laws(run_json):
    old = run_json("score", "eindhoven-gezin", "--on", "2008-06-01", "--explain")
    new = run_json("score", "eindhoven-gezin", "--on", "2016-01-01", "--explain")
    assert (old["date"], new["date"]) == ("2008-06-01", "2016-01-01")
    assert _laws(old) != _laws(new)
    # AWBZ (addiction support) and the Wet op de jeugdzorg in 2008; Wmo 2015, Jeugdwet and the Wgs in 2016. The
    # WWB/Participatiewet id is in both: it was renamed, not replaced; the Faillissementswet too: the Wsnp stays in it.
    assert {"law:BWBR0002614", "law:BWBR0016637"} <= _laws(old) - _laws(new)
    assert {"law:BWBR0035362", "law:BWBR0034925", "law:BWBR0031331"} <= _laws(new) - _laws(old)
    assert {"law:BWBR0015703", "law:BWBR0001860"} <= _laws(old) & _laws(new)


def test_compare_two_dates_names_what_replaced_what(run_json, run):
    result = run_json("compare", "eindhoven-gezin", "--on", "2008-06-01", "--on", "2016-01-01")
    assert result["dates"] == ["2008-06-01", "2016-01-01"] and "composite" in result["household"]
    changes = result["changes"]
    # Only successions stated in data/national/successions.ttl, each with its date and citing article (read in the
    # laws-markdown mirror): the Awb (a general framework) and the Faillissementswet (the Wsnp stays in it) are never
    # replacements; AWBZ -> Wmo 2015 is partial and is told for the need it serves on both dates.
    replaced = {(r["from"]["bwb_id"], r["to"]["bwb_id"]): (r["date"], r["citing_article"], r["partial"], r["needs"])
                for r in changes["replaced"]}
    assert replaced == {
        ("BWBR0016637", "BWBR0034925"): ("2015-01-01", "jci1.3:c:BWBR0034925&artikel=11.7", False, ["need:jeugdhulp"]),
        ("BWBR0002614", "BWBR0035362"): ("2015-01-01", "jci1.3:c:BWBR0035362&artikel=8.1", True, ["need:verslaving"]),
        ("BWBR0006299", "BWBR0031788"): ("2013-01-01", "jci1.3:c:BWBR0031788&artikel=73", False, ["need:overlast"]),
        ("BWBR0022337", "BWBR0029497"): ("2011-02-01", "jci1.3:c:BWBR0029497", False, ["need:schoolverzuim"]),
    }
    everything = {l["bwb_id"] for r in changes["replaced"] for l in (r["from"], r["to"])}
    assert not everything & {"BWBR0005537", "BWBR0001860"}
    gone = {l["bwb_id"] for l in changes["laws_gone"]}
    assert "BWBR0001860" not in gone  # the Wsnp is in the Faillissementswet on both dates
    # No precondition "appears" by its own date on a provision that was on the 2008 path too.
    appeared = {p["id"]: p["why"] for p in changes["preconditions_appeared"]}
    assert appeared["pc:schuldhulp-vereist-brp-inschrijving"] == "svc:schuldhulpverlening is not yet on the path"
    assert all(why.endswith("is not yet on the path") for why in appeared.values()), appeared
    table = run("compare", "eindhoven-gezin", "--on", "2008-06-01", "--on", "2016-01-01")
    assert table.exit_code == 0
    assert ("replaced: Wet op de jeugdzorg (BWBR0016637) → Jeugdwet (BWBR0034925) from 2015-01-01, "
            "jci1.3:c:BWBR0034925&artikel=11.7 [need:jeugdhulp]") in table.stdout
    assert "renamed: BWBR0015703 Wet werk en bijstand → Participatiewet" in table.stdout
    assert "law new: Wet gemeentelijke schuldhulpverlening (BWBR0031331): in force from 2012-07-01" in table.stdout


def test_compare_without_successions_in_the_data_reports_no_replacement(run_json, data_copy: Path):
    (data_copy / "national" / "successions.ttl").unlink()
    changes = run_json("compare", "eindhoven-gezin", "--on", "2008-06-01", "--on", "2016-01-01",
                       "--data", data_copy)["changes"]
    assert changes["replaced"] == []
    assert "BWBR0016637" in {l["bwb_id"] for l in changes["laws_gone"]}


def test_compare_across_2015_names_renamings_and_replacements(run_json, data_copy: Path):
    (data_copy / "cases" / "gezin-over-2015.ttl").write_text(CASE_ACROSS_2015, encoding="utf-8")
    changes = run_json("compare", "gezin-over-2015", "--on", "2008-06-01", "--on", "2016-01-01",
                       "--data", data_copy)["changes"]
    renamed = {r["bwb_id"]: (r["from"], r["to"]) for r in changes["renamed"]}
    assert renamed["BWBR0015703"] == ("Wet werk en bijstand", "Participatiewet")
    replaced = {(r["from"]["bwb_id"], r["to"]["bwb_id"]): r for r in changes["replaced"]}
    assert replaced[("BWBR0002614", "BWBR0035917")]["citing_article"] == "jci1.3:c:BWBR0035917"  # AWBZ -> Wlz
    assert replaced[("BWBR0016637", "BWBR0034925")]["needs"] == ["need:jeugdhulp"]  # Wjz -> Jeugdwet
    assert replaced[("BWBR0020031", "BWBR0035362")]["citing_article"] == "jci1.3:c:BWBR0035362&artikel=8.9"
    appeared = {p["id"] for p in changes["preconditions_appeared"]}
    assert "pc:jeugdhulp-vereist-verwijzing" in appeared


def test_compare_takes_two_scenarios_or_two_dates(run):
    both = run("compare", "eindhoven-gezin", "--scenario", "fragmented", "--scenario", "wijkteam-mandate",
               "--on", "2008-06-01", "--on", "2016-01-01")
    assert both.exit_code == 2 and "exactly one of" in both.stderr
    assert run("compare", "eindhoven-gezin", "--on", "2008-06-01").exit_code == 2
    one_date = run("compare", "eindhoven-gezin", "--scenario", "fragmented", "--scenario", "wijkteam-mandate",
                   "--on", "2016-01-01", "--format", "json")
    assert one_date.exit_code == 0
    table = json.loads(one_date.stdout)
    # 2016-01-01 is the Eindhoven 2016 model's own date. Under the honest scenario (issue 15) addiction care, youth
    # care, leerplicht and the GP stay household contacts, so the wijkteam lowers the composite only a little.
    assert table["scenarios"] == ["fragmented", "wijkteam-mandate"] and "changes" not in table
    # Issue 13: the ZAT (a consultation structure) and the VTLB (a calculation norm) no longer count as a method and an
    # instrument of the national provisions (methods 4 -> 3, instruments 5 -> 4); frameworks 11 -> 12: the Awb is a
    # general framework (out), the Faillissementswet stays under the Wgs debt help and the 2011 truancy guideline
    # (BWBR0029497) continues the 2007 one (in). Composite 48.25 -> 46.86.
    assert table["household"]["composite"] == {"from": 46.86, "to": 44.44, "delta": -2.42}


def test_count_on_a_date_counts_what_is_in_force(run_json):
    default = run_json("count", "--municipality", "enschede-2008")
    # No --on: the model's own reference date (kg:referenceDate 2008-06-01), not an undated count.
    assert default["date"] == "2008-06-01" and default["frameworks"] == 25
    on = run_json("count", "--municipality", "enschede-2008", "--on", "2008-06-01", "--explain")
    # The Wet publieke gezondheid is in force only from 1 December 2008; on 1 June 2008 youth health care rested
    # on its predecessor, the Wcpv (repealed by Wpg art. 74), which the model names instead.
    assert on["frameworks"] == 25 and on["date"] == "2008-06-01"
    frameworks = {e["entity"] for e in on["entities"]["frameworks"]}
    assert "law:BWBR0024705" not in frameworks and "law:wcpv" in frameworks
    assert all(e["because"] for kind in on["entities"].values() for e in kind)
    later = run_json("count", "--municipality", "enschede-2008", "--on", "2016-01-01")
    assert later["protocols"] < 17 and later["institutions"] < 25


def test_path_on_a_date(run_json):
    old = run_json("path", "eindhoven-gezin", "--on", "2008-06-01")
    new = run_json("path", "eindhoven-gezin", "--on", "2016-01-01")
    assert "svc:schuldhulp-minnelijk" in {s["provision"] for s in old["steps"]}
    assert "svc:schuldhulpverlening" in {s["provision"] for s in new["steps"]}
