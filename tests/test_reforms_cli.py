"""`kennisgraaf reforms`: the command around the ranking (tests/test_reforms.py checks the outcomes it ranks):
determinism, grouping and greedy combinations, case sets, output formats, the list, reforms of other models, and
refused reform files. Not in the mutation selection: these run the whole ranking per test and check the command,
not the measures."""

from __future__ import annotations

from pathlib import Path

import pytest

from kennisgraaf.errors import DataError
from kennisgraaf.model import load_domain
from kennisgraaf.reforms import check_reforms

HEADER = """@prefix kg: <https://w3id.org/kennisgraaf/def#> .
@prefix inst: <https://w3id.org/kennisgraaf/id/institution/> .
@prefix law: <https://w3id.org/kennisgraaf/id/law/> .
@prefix pc: <https://w3id.org/kennisgraaf/id/precondition/> .
@prefix model: <https://w3id.org/kennisgraaf/id/model/> .
@prefix reform: <https://w3id.org/kennisgraaf/id/reform/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
reform:bad a kg:Reform ; rdfs:label "slecht"@nl , "bad"@en ; dcterms:source "test" ;
"""


def test_ranking_is_deterministic(run):
    first = run("reforms", "rank", "--municipality", "enschede-2008", "--format", "json")
    second = run("reforms", "rank", "--municipality", "enschede-2008", "--format", "json")
    assert first.exit_code == 0 and first.stdout == second.stdout


def test_reforms_with_identical_effects_are_grouped(run_json):
    result = run_json("reforms", "rank", "--municipality", "enschede-2008")
    groups = [set(g) for g in result["equivalent_groups"]]
    # decentralisatie-wmo-2015 adds a framework to issue 14's thuiszorg-naar-wlz, so it has an effect of its own now
    assert {"decentralisatie-jeugd-2015", "meldpunt-huurschulden-alle-huurders"} in groups
    by_id = {r["reform"]: r for r in result["reforms"]}
    # Both break gescheiden-vrouw's deadlock with the same composite drop, but on different edges: waiving the
    # debt-help rule leaves one bottleneck more than waiving the urgency rule, so they are no longer equivalent.
    a, b = by_id["urgentie-ondanks-schulden"], by_id["schuldhulp-zonder-woning"]
    assert a["equivalent_to"] == [] == b["equivalent_to"]


def test_greedy_combinations_improve_step_by_step(run_json):
    result = run_json("reforms", "rank", "--municipality", "enschede-2008", "--top", "3")
    combos = result["combinations"]
    assert len(result["reforms"]) == 3
    assert combos and combos[0]["reforms"][0] == result["reforms"][0]["reform"]
    drops = [result["reforms"][0]["household_drop"]] + [c["household_drop"] for c in combos]
    assert drops == sorted(drops) and len(set(drops)) == len(drops)
    assert all(len(c["reforms"]) <= 3 for c in combos)


@pytest.mark.parametrize("body, message", [
    ('kg:transformation [ a kg:PreconditionWaiver ; kg:waives pc:bestaat-niet ] .',
     "waives precondition 'pc:bestaat-niet', which does not exist"),
    ('kg:transformation [ a kg:MergeFrontDoors ; kg:source inst:uwv ; kg:target inst:uwv ] .',
     "merges front door 'inst:uwv' into itself"),
    ('kg:transformation [ a kg:OneFrontDoor ; kg:target inst:nergens ] .', "unknown institution 'inst:nergens'"),
    ('kg:transformation [ a kg:MoveLegalBasis ; kg:source law:BWBR0002614 ; kg:target law:BWBR0002614 ] .',
     "moves provisions from 'law:BWBR0002614' to the same law"),
    ('kg:transformation [ a kg:OneFrontDoor ; kg:target law:BWBR0002614 ] .', "needs a institution"),
    ('kg:transformation [ a kg:Toverstaf ; kg:target inst:uwv ] .', "unknown kind (kg:Toverstaf)"),
    ('kg:forModel model:atlantis-2030 ; kg:transformation [ a kg:PreconditionWaiver ; '
     'kg:waives pc:jongeren-bijstand-vereist-begeleiding ] .', "unknown municipality model 'model:atlantis-2030'"),
])
def test_a_bad_reform_file_is_refused_with_exit_code_3(run, tmp_path: Path, body: str, message: str):
    bad = tmp_path / "bad.ttl"
    bad.write_text(HEADER + "    " + body + "\n", encoding="utf-8")
    result = run("reforms", "rank", "--municipality", "enschede-2008", "--reforms", bad)
    assert result.exit_code == 3, result.stdout
    assert result.stderr.startswith("error: ") and message in result.stderr
    assert "reform 'bad'" in result.stderr and "bad.ttl" in result.stderr


def test_check_reforms_raises_data_error(kg, tmp_path: Path):
    from kennisgraaf.store import KnowledgeGraph
    bad = tmp_path / "bad.ttl"
    bad.write_text(HEADER + '    kg:transformation [ a kg:PreconditionWaiver ; kg:waives pc:nergens ] .\n')
    domain = load_domain(KnowledgeGraph.load(extra_paths=[bad]))
    with pytest.raises(DataError, match="pc:nergens"):
        check_reforms(domain)


def test_case_set_as_ids_as_a_folder_and_unknown(run_json, run, tmp_path: Path, data_copy: Path):
    two = run_json("reforms", "rank", "--municipality", "enschede-2008", "--cases", "gescheiden-vrouw,jongeren-werk")
    assert two["case_ids"] == ["gescheiden-vrouw", "jongeren-werk"]
    folder = run_json("reforms", "rank", "--municipality", "enschede-2008", "--cases", data_copy / "cases")
    assert folder["cases"] == 16  # 4 seed cases + 8 issue-15 cases + 4 issue-14 cases
    listing = tmp_path / "cases.txt"
    listing.write_text("# one a line\ngescheiden-vrouw\n")
    assert run_json("reforms", "rank", "--municipality", "enschede-2008", "--cases", listing)["cases"] == 1
    unknown = run("reforms", "rank", "--municipality", "enschede-2008", "--cases", "niemand")
    assert unknown.exit_code == 3 and "unknown case 'niemand'" in unknown.stderr
    model = run("reforms", "rank", "--municipality", "atlantis")
    assert model.exit_code == 3 and "unknown municipality model 'atlantis'" in model.stderr


def test_table_csv_and_html_report(run, tmp_path: Path):
    report = tmp_path / "reforms.html"
    table = run("reforms", "rank", "--municipality", "enschede-2008", "-o", report)
    assert table.exit_code == 0
    assert "regie-met-doorzettingsmacht" in table.stdout and "equivalent (identical effect on every case)" in table.stdout
    html = report.read_text(encoding="utf-8")
    assert "<svg" in html and "<rect" in html and "Content-Security-Policy" in html
    assert "<script" not in html.lower() and " src=" not in html and "stylesheet" not in html
    csv = run("reforms", "rank", "--municipality", "enschede-2008", "--format", "csv")
    assert csv.stdout.splitlines()[0].startswith("kind,rank,reform,household drop")


def test_reforms_list(run_json):
    rows = run_json("reforms", "list")
    assert {"regie-met-doorzettingsmacht", "cwi-in-uwv-2009", "decentralisatie-jeugd-2015"} <= {r["id"] for r in rows}


def test_reforms_for_another_model_are_not_ranked(run_json):
    result = run_json("reforms", "rank", "--municipality", "eindhoven-2016")
    ranked = {r["reform"] for r in result["reforms"]}
    assert "werkplein-enschede" not in ranked and "cwi-in-uwv-2009" in ranked
    assert {"reform": "werkplein-enschede", "reason": "written for model:enschede-2008"} in result["skipped"]
    # Every bundled reform is either ranked or skipped with a reason; none goes missing.
    assert ranked | {s["reform"] for s in result["skipped"]} == {r["id"] for r in run_json("reforms", "list")}
