"""The foundation's promises through the CLI: counts, listings, queries, validation and clear errors."""

from __future__ import annotations

import json

import pytest

# The essay's inventory is 25/17/23/31/27/25. On the model's reference date (2008-06-01), with every entity in force
# that day and in its own class, the honest figures are these (issue 13; worked out in the model's kg:countNote):
# protocols 17 - 1 (CIZ customary care is a norm of the CIZ assessment); methods 23 - 6 consultation structures
# - 1 programme - 3 interventions + 3 added methods + the CJG walk-in the parenting support inherits = 17; instruments 31 - ProKid (2009) - VTLB - Fraude Score Kaart
# - DSM-IV - ZZP - the duplicated BJZ indication + MATE-ICN = 26.
ENSCHEDE_2008 = {"frameworks": 25, "protocols": 16, "methods": 17, "instruments": 26, "systems": 27,
                 "institutions": 25}


def test_enschede_2008_counts_on_its_reference_date(run_json):
    counts = run_json("count", "--municipality", "enschede-2008")
    assert {k: counts[k] for k in ENSCHEDE_2008} == ENSCHEDE_2008
    assert counts["date"] == "2008-06-01"
    assert run_json("count", "--municipality", "enschede-2008", "--on", "2008-06-01") == counts
    # The output says why the honest figures differ from the essay, one note per differing figure.
    assert len(counts["notes"]) == 4 and any("not 23" in n for n in counts["notes"])


def test_no_counted_entity_is_in_the_wrong_class(run_json, kg):
    explained = run_json("count", "--municipality", "enschede-2008", "--explain")
    wrong = {"meth:wijkzorgteam", "meth:uitvoeringsoverleg-mpg", "meth:j-team-buurtnetwerk", "meth:zat-overleg",
             "meth:interventieteam-acute-problemen", "meth:overleg-zorg-dwang-drang", "meth:achter-de-voordeur-experiment",
             "meth:multisysteemtherapie", "meth:intensieve-ambulante-gezinsbehandeling", "meth:triple-p",
             "instr:prokid", "instr:vtlb-berekening", "instr:fraude-score-kaart", "instr:dsm-iv", "instr:zzp-toewijzing",
             "instr:bjz-jeugd-ggz-indicatie", "prot:gebruikelijke-zorg-ciz"}
    counted = {e["entity"] for rows in explained["entities"].values() for e in rows}
    assert not counted & wrong
    classes = {"methods": "ClarificationMethod", "instruments": "DiagnosticInstrument", "protocols": "IndicationProtocol"}
    for kind, cls in classes.items():
        for e in explained["entities"][kind]:
            assert kg.ask(f"ASK {{ {e['entity']} a kg:{cls} }}"), (kind, e["entity"])


def test_counts_are_real_entities_that_can_be_listed(run_json):
    explained = run_json("count", "--municipality", "enschede-2008", "--explain")
    for kind, expected in ENSCHEDE_2008.items():
        assert len({e["entity"] for e in explained["entities"][kind]}) == expected


@pytest.mark.parametrize("fmt", ["table", "csv"])
def test_count_formats(run, fmt):
    result = run("count", "--municipality", "enschede-2008", "--format", fmt)
    assert result.exit_code == 0
    assert "frameworks" in result.stdout and "25" in result.stdout
    # Diagnostics only: the model's notes on why figures differ from the essay's inventory.
    assert all(line.startswith("note: ") for line in result.stderr.splitlines())


def test_the_four_seed_cases_are_listed(run_json):
    ids = {row["id"] for row in run_json("cases")}
    assert {"gescheiden-vrouw", "paspoort-uitkering", "eindhoven-gezin", "jongeren-werk"} <= ids


def test_municipalities_and_scenarios_are_listed(run_json):
    assert {"enschede-2008", "eindhoven-2016"} <= {r["id"] for r in run_json("municipalities")}
    assert {"fragmented", "wijkteam-mandate"} <= {r["id"] for r in run_json("scenarios")}


def test_query_finds_at_least_30_frameworks_with_a_bwb_id(run_json):
    rows = run_json("query", "SELECT DISTINCT ?law ?bwb WHERE { ?law a kg:LegalFramework ; kg:bwbId ?bwb }")
    assert len(rows) >= 30
    assert all(r["bwb"].startswith("BWB") for r in rows)


def test_every_entity_in_data_has_a_source(run_json):
    rows = run_json("query", """SELECT ?e WHERE { ?e a/rdfs:subClassOf* kg:Entity .
                                 FILTER NOT EXISTS { ?e dcterms:source ?s } }""")
    assert rows == []


def test_one_bwb_id_carries_successive_titles(run_json):
    rows = run_json("query", """SELECT ?title ?from WHERE { law:BWBR0015703 kg:hasTitle ?t .
                                 ?t kg:title ?title ; kg:validFrom ?from } ORDER BY ?from""")
    assert [r["title"] for r in rows][:2] == ["Wet werk en bijstand", "Participatiewet"]


def test_query_from_a_file_and_ask(run, tmp_path):
    query = tmp_path / "q.rq"
    query.write_text("ASK { law:BWBR0035362 a kg:LegalFramework }")
    result = run("query", query)
    assert result.exit_code == 0 and result.stdout.strip() == "true"


def test_construct_gives_turtle(run):
    result = run("query", "CONSTRUCT { ?l kg:bwbId ?b } WHERE { ?l kg:bwbId ?b } LIMIT 2")
    assert result.exit_code == 0
    import rdflib
    g = rdflib.Graph().parse(data=result.stdout, format="turtle")
    assert len(g) == 2
    for law, predicate, bwb in g:
        # A law's IRI ends in its BWB id, and kg:bwbId states the same id.
        assert predicate == rdflib.URIRef("https://w3id.org/kennisgraaf/def#bwbId")
        assert str(law) == f"https://w3id.org/kennisgraaf/id/law/{bwb}" and str(bwb).startswith("BWBR")


@pytest.mark.parametrize("query", [
    "SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }",
    "INSERT DATA { <http://example.org/a> <http://example.org/b> <http://example.org/c> }",
])
def test_unsafe_queries_are_refused(run, query):
    result = run("query", query)
    assert result.exit_code == 3
    assert result.stderr.startswith("error:") and "Traceback" not in result.stderr
    assert result.stdout == ""


def test_from_a_graph_not_held_is_the_empty_graph(run_json):
    # SPARQL 1.1: FROM names the dataset; a graph the store does not hold is empty, and is never fetched.
    assert run_json("query", "SELECT * FROM <http://example.org/remote> WHERE { ?s ?p ?o }") == []


def test_deep_nesting_is_a_clear_error(run):
    result = run("query", "ASK " + "{ " * 5000 + "}" * 5000)
    assert result.exit_code == 3 and "deeper than 128 levels" in result.stderr and "Traceback" not in result.stderr


def test_bad_sparql_is_a_clear_error(run):
    result = run("query", "SELEC nonsense")
    assert result.exit_code == 3 and "SPARQL syntax error" in result.stderr


def test_validate_passes_on_the_bundled_data(run):
    result = run("validate")
    assert result.exit_code == 0, result.stdout
    assert result.stdout.startswith("ok:")


def test_validate_fails_on_a_file_that_breaks_a_shape(run, tmp_path):
    bad = tmp_path / "bad-law.ttl"
    bad.write_text("""@prefix kg: <https://w3id.org/kennisgraaf/def#> .
@prefix law: <https://w3id.org/kennisgraaf/id/law/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
law:BWBR9 a kg:LegalFramework ; kg:bwbId "BWBR9" ; rdfs:label "Kapotte wet"@nl .
""")
    result = run("validate", bad, "--format", "json")
    assert result.exit_code == 1
    report = json.loads(result.stdout)
    assert not report["conforms"]
    mine = [v for v in report["violations"] if v["entity"] == "law:BWBR9"]
    assert mine and all(str(bad) in v["file"] for v in mine)
    messages = " ".join(v["message"] for v in mine)
    assert "BWB id looks like" in messages and "@en" in messages and "dcterms:source" in messages


def test_validate_refuses_personal_data_in_a_case(run, tmp_path):
    case = tmp_path / "case-with-bsn.ttl"
    case.write_text("""@prefix kg: <https://w3id.org/kennisgraaf/def#> .
@prefix case: <https://w3id.org/kennisgraaf/id/case/> .
@prefix need: <https://w3id.org/kennisgraaf/id/need/> .
@prefix model: <https://w3id.org/kennisgraaf/id/model/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix foaf: <http://xmlns.com/foaf/0.1/> .
case:lek a kg:HouseholdCase ; rdfs:label "Mevrouw met BSN 111222333"@nl , "Woman"@en ;
    foaf:name "Jansen" ; kg:hasNeed need:schulden ; kg:defaultModel model:eindhoven-2016 ; dcterms:source "test" .
""")
    result = run("validate", case, "--format", "json")
    assert result.exit_code == 1
    violations = [v for v in json.loads(result.stdout)["violations"] if v["entity"] == "case:lek"]
    checks = {v["check"] for v in violations}
    assert "privacy" in checks, "the BSN must be caught"
    assert any("foaf" in v["message"] or "Closed" in v["check"] for v in violations), "closed shape: no names"


def test_malformed_turtle_in_a_data_folder(run, data_copy):
    (data_copy / "national" / "broken.ttl").write_text("@prefix kg: <https://w3id.org/kennisgraaf/def#> .\n\nkg:a kg:b \n")
    result = run("count", "--municipality", "enschede-2008", "--data", data_copy)
    assert result.exit_code == 3
    assert "broken.ttl:3" in result.stderr
    assert "Traceback" not in result.stderr and result.stdout == ""


def test_unknown_municipality_lists_the_valid_ones(run):
    result = run("count", "--municipality", "enschede-2009")
    assert result.exit_code == 3
    assert "unknown municipality model 'enschede-2009'" in result.stderr
    assert "did you mean enschede-2008" in result.stderr


def test_missing_data_folder_is_a_clear_error(run, tmp_path):
    result = run("cases", "--data", tmp_path / "nowhere")
    assert result.exit_code == 3 and "data folder not found" in result.stderr


def test_usage_errors_exit_2(run):
    missing = run("count")
    assert missing.exit_code == 2 and "Missing option '--municipality'" in missing.stderr
    assert missing.stdout == ""
    bad = run("count", "--municipality", "x", "--format", "xml")
    assert bad.exit_code == 2 and "Invalid value for '--format': 'xml' is not one of 'table', 'json', 'csv'" in bad.stderr
    assert bad.stdout == ""


def _all_commands(group=None, prefix=()):
    import click
    from kennisgraaf.cli import main
    group = group or main
    ctx = click.Context(group)  # the public API: the commands are imported on demand (kennisgraaf.cli.COMMANDS)
    for name, command in ((n, group.get_command(ctx, n)) for n in group.list_commands(ctx)):
        if isinstance(command, click.Group):
            yield from _all_commands(command, prefix + (name,))
        else:
            yield prefix + (name,)


@pytest.mark.parametrize("command", list(_all_commands()), ids=" ".join)
def test_every_command_has_help_with_an_example(run, command):
    result = run(*command, "--help")
    assert result.exit_code == 0 and "Example" in result.stdout, result.stdout
