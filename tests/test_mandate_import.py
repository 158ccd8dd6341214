"""Mandates and exclusion grounds written by a user (issue 15, items 3 and 8): the `new municipality` template,
import from YAML, CSV and XLSX, their effect on a path, and the refusal of a mandate that reaches beyond its
municipality (a national precondition, a national body's decision, another municipality's rule)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, RDFS

from kennisgraaf.namespaces import KG

ID = "https://w3id.org/kennisgraaf/id/"
MANDATE = URIRef(ID + "mandate/mijngemeente-2024")
GROUND = URIRef(ID + "exclusion/mijngemeente-scheiding-geen-urgentie")


def ref(kind: str, slug: str) -> URIRef:
    return URIRef(f"{ID}{kind}/{slug}")


def parse(folder: Path) -> Graph:
    graph = Graph()
    for path in sorted(folder.rglob("*.ttl")):
        graph.parse(path, format="turtle")
    return graph


def ok(result):
    assert result.exit_code == 0, result.stderr
    return result


def template(run, tmp_path, **replace) -> Path:
    text = ok(run("new", "municipality")).stdout
    for old, new in replace.items():
        assert old in text, old
        text = text.replace(old, new)
    path = tmp_path / "mijngemeente.yaml"
    path.write_text(text, encoding="utf-8")
    return path


CASE = """kind: case
id: mijn-scheiding
model: mijngemeente-2024
label_nl: gescheiden ouder zoekt woonruimte
label_en: divorced parent looking for housing
needs: [woonruimte, schulden]
provisions: [urgentieverklaring]
circumstances: [scheiding]
members:
  - role: ouder
    age_band: 27-44
source: test
illustrative: true
"""


def path_json(run, case: str, *args) -> dict:
    return json.loads(ok(run("path", case, *args, "--format", "json")).stdout)


def requires(path: dict, provision: str) -> list[str]:
    return next(s["requires"] for s in path["steps"] if s["provision"] == provision)


# -- YAML: the template -----------------------------------------------------------------------------------------

def test_the_template_writes_a_mandate_and_an_exclusion_ground(tmp_path, run):
    out = tmp_path / "out"
    ok(run("import", template(run, tmp_path), "-o", out))
    g = parse(out)
    gm9999 = ref("municipality", "gm9999")
    assert set(g.predicate_objects(MANDATE)) >= {
        (RDF.type, KG.Mandate), (KG.mandateOf, gm9999),
        (KG.mayGrant, ref("provision", "wmo-begeleiding")), (KG.mayGrant, ref("provision", "jeugdhulp")),
        (KG.mayGrant, ref("provision", "bijzondere-bijstand")),
        (KG.mayWaive, ref("precondition", "mijngemeente-urgentie-vereist-schuldhulp")),
        (KG.mayPayCostOf, ref("provision", "nationaal-paspoort")),
        (KG.mayLift, ref("dependency", "tussenpersoon-loket")),
        (DCTERMS.source, Literal("mandaatbesluit sociaal wijkteam Mijngemeente 2024"))}
    assert len(set(g.objects(MANDATE, KG.mayGrant))) == 3
    assert set(g.predicate_objects(GROUND)) == {
        (RDF.type, KG.ExclusionGround), (KG.municipality, gm9999),  # the file's municipality, not written per row
        (KG.excludesProvision, ref("provision", "urgentieverklaring")),
        (KG.appliesIfCircumstance, ref("circumstance", "scheiding")),
        (RDFS.label, Literal("een scheiding is geen grond voor urgentie", lang="nl")),
        (RDFS.label, Literal("a divorce is no ground for urgency", lang="en")),
        (DCTERMS.source, Literal("huisvestingsverordening Mijngemeente 2024"))}


def test_the_imported_ground_and_mandate_shape_a_users_case(tmp_path, run):
    (tmp_path / "c.yaml").write_text(CASE, encoding="utf-8")
    out = tmp_path / "out"
    ok(run("import", template(run, tmp_path), tmp_path / "c.yaml", "-o", out))
    before = path_json(run, "mijn-scheiding", "--with", out)
    after = path_json(run, "mijn-scheiding", "--with", out, "--scenario", "wijkteam-mandate")
    for p in (before, after):  # the team may not waive the urgency ground: the committee decides
        assert [(u["provision"], u["rule"]) for u in p["unreachable"]] == [
            ("svc:urgentieverklaring", "excl:mijngemeente-scheiding-geen-urgentie")]
    assert before["mandate"] is None and before["waived_preconditions"] == []
    assert requires(before, "svc:urgentieverklaring") == ["svc:schuldhulpverlening"]
    assert after["mandate"] == "mandate:mijngemeente-2024"
    assert after["waived_preconditions"] == ["pc:mijngemeente-urgentie-vereist-schuldhulp"]
    assert requires(after, "svc:urgentieverklaring") == []
    text = ok(run("path", "mijn-scheiding", "--with", out)).stdout
    assert "unreachable: svc:urgentieverklaring by excl:mijngemeente-scheiding-geen-urgentie" in text


def test_a_mandate_that_waives_the_ground_makes_the_provision_reachable_only_under_the_scenario(tmp_path, run):
    (tmp_path / "c.yaml").write_text(CASE, encoding="utf-8")
    yaml = template(run, tmp_path, **{
        "may_waive: [pc:mijngemeente-urgentie-vereist-schuldhulp]":
            "may_waive: [pc:mijngemeente-urgentie-vereist-schuldhulp, excl:mijngemeente-scheiding-geen-urgentie]"})
    out = tmp_path / "out"
    ok(run("import", yaml, tmp_path / "c.yaml", "-o", out))
    assert len(path_json(run, "mijn-scheiding", "--with", out)["unreachable"]) == 1
    assert path_json(run, "mijn-scheiding", "--with", out, "--scenario", "wijkteam-mandate")["unreachable"] == []


# -- CSV and XLSX -----------------------------------------------------------------------------------------------

GROUNDS = [["id", "municipality", "refuses", "cost_of", "applies_if_circumstance", "label_nl", "source"],
           ["enschede-scheiding-geen-urgentie", "GM0153", "urgentieverklaring", "", "scheiding",
            "een scheiding is geen grond voor urgentie", "test"],
           ["enschede-geen-bijstand-paspoort", "Enschede", "bijzondere bijstand", "svc:nationaal-paspoort", "",
            "geen bijzondere bijstand voor een paspoort", "test"]]
MANDATES = [["id", "municipality", "may_grant", "may_waive", "may_pay_cost_of", "may_lift", "label_nl", "source"],
            ["enschede-2008", "gm0153", "schuldhulpverlening", "pc:enschede-2008-urgentie-vereist-schuldhulp",
             "", "ex-partner-schuldenoverzicht", "mandaat wijkteam Enschede", "test"]]


def write_csv(folder: Path, sheets: dict[str, list[list[str]]]) -> None:
    import csv
    folder.mkdir(exist_ok=True)
    for name, rows in sheets.items():
        with open(folder / f"enschede-{name}.csv", "w", newline="", encoding="utf-8") as f:
            csv.writer(f).writerows(rows)


def write_xlsx(path: Path, sheets: dict[str, list[list[str]]]) -> None:
    import openpyxl
    book = openpyxl.Workbook()
    book.remove(book.active)
    for name, rows in sheets.items():
        ws = book.create_sheet(name)
        for row in rows:
            ws.append([cell or None for cell in row])
    book.save(path)


EXPECTED_TABULAR = {
    (ref("exclusion", "enschede-scheiding-geen-urgentie"), KG.excludesProvision, ref("provision", "urgentieverklaring")),
    (ref("exclusion", "enschede-scheiding-geen-urgentie"), KG.appliesIfCircumstance, ref("circumstance", "scheiding")),
    (ref("exclusion", "enschede-scheiding-geen-urgentie"), KG.municipality, ref("municipality", "gm0153")),
    (ref("exclusion", "enschede-geen-bijstand-paspoort"), KG.excludesProvision, ref("provision", "bijzondere-bijstand")),
    (ref("exclusion", "enschede-geen-bijstand-paspoort"), KG.excludesCostOf, ref("provision", "nationaal-paspoort")),
    (ref("exclusion", "enschede-geen-bijstand-paspoort"), KG.municipality, ref("municipality", "gm0153")),
    (ref("mandate", "enschede-2008"), KG.mandateOf, ref("municipality", "gm0153")),
    (ref("mandate", "enschede-2008"), KG.mayGrant, ref("provision", "schuldhulpverlening")),
    (ref("mandate", "enschede-2008"), KG.mayWaive, ref("precondition", "enschede-2008-urgentie-vereist-schuldhulp")),
    (ref("mandate", "enschede-2008"), KG.mayLift, ref("dependency", "ex-partner-schuldenoverzicht")),
}


@pytest.fixture
def csv_import(tmp_path, run) -> Path:
    write_csv(tmp_path / "sheets", {"exclusion_grounds": GROUNDS, "mandates": MANDATES})
    out = tmp_path / "csv-out"
    ok(run("import", tmp_path / "sheets", "-o", out))
    return out


def test_csv_import_writes_exactly_the_rows(csv_import):
    g = parse(csv_import)
    facts = {t for t in g if t[1] not in (RDF.type, RDFS.label, DCTERMS.source)}
    assert facts == EXPECTED_TABULAR
    assert set(g.subjects(RDF.type, KG.ExclusionGround)) == {ref("exclusion", "enschede-scheiding-geen-urgentie"),
                                                              ref("exclusion", "enschede-geen-bijstand-paspoort")}


def test_xlsx_import_gives_the_same_graph_as_csv(tmp_path, run, csv_import):
    from rdflib.compare import isomorphic
    write_xlsx(tmp_path / "enschede.xlsx", {"exclusion_grounds": GROUNDS, "mandates": MANDATES})
    out = tmp_path / "xlsx-out"
    ok(run("import", tmp_path / "enschede.xlsx", "-o", out))
    assert isomorphic(parse(out), parse(csv_import))


def test_an_imported_mandate_breaks_its_own_municipalitys_deadlock(run, csv_import):
    # Enschede 2008: urgency needs the voluntary debt settlement, which needs a home, which needs urgency
    # (data/municipalities/enschede-2008.ttl). The mandate waives the municipality's own first link.
    args = ("scheiding-urgentie", "--municipality", "enschede-2008", "--with", csv_import)
    before = path_json(run, *args)
    after = path_json(run, *args, "--scenario", "wijkteam-mandate")
    assert len(before["deadlocks"]) == 1 and before["mandate"] is None
    assert after["deadlocks"] == [] and after["mandate"] == "mandate:enschede-2008"
    assert after["waived_preconditions"] == ["pc:enschede-2008-urgentie-vereist-schuldhulp"]
    assert [u["rule"] for u in before["unreachable"]] == ["excl:enschede-scheiding-geen-urgentie"]


# -- refusals: a mandate reaches only its own municipality ---------------------------------------------------------

def refused(result, path: Path, line: int, message: str, out: Path) -> None:
    assert result.exit_code == 3, result.stdout + result.stderr
    first = result.stderr.splitlines()[0]
    assert first.startswith(f"error: {path}:{line}: mandate:"), first
    assert message in first and "(check mandate-within-reach)" in first
    assert "Traceback" not in result.stderr
    assert not out.exists()


def test_yaml_mandate_waiving_a_national_precondition_is_refused_at_its_line(tmp_path, run):
    yaml = template(run, tmp_path, **{"may_waive: [pc:mijngemeente-urgentie-vereist-schuldhulp]":
                                      "may_waive: [bijstand-vereist-verblijfsvergunning]"})
    line = yaml.read_text(encoding="utf-8").splitlines().index("  - id: mijngemeente-2024") + 1
    out = tmp_path / "out"
    refused(run("import", yaml, "-o", out), yaml, line,
            "may_waive names pc:bijstand-vereist-verblijfsvergunning, a national-law precondition", out)


def test_csv_mandate_granting_what_the_ind_decides_is_refused(tmp_path, run):
    rows = [MANDATES[0], ["enschede-2008", "gm0153", "verblijfsvergunning", "", "", "", "mandaat", "test"]]
    write_csv(tmp_path / "sheets", {"mandates": rows})
    out = tmp_path / "out"
    refused(run("import", tmp_path / "sheets" / "enschede-mandates.csv", "-o", out),
            tmp_path / "sheets" / "enschede-mandates.csv", 2,
            "may_grant names svc:verblijfsvergunning, which IND (Immigration and Naturalisation Service) decides", out)


def test_xlsx_mandate_waiving_another_municipalitys_ground_is_refused(tmp_path, run):
    rows = [MANDATES[0], ["enschede-2008", "gm0153", "", "excl:amsterdam-scheiding-geen-urgentie", "", "",
                          "mandaat", "test"]]
    write_xlsx(tmp_path / "enschede.xlsx", {"mandates": rows})
    out = tmp_path / "out"
    result = run("import", tmp_path / "enschede.xlsx", "-o", out)
    assert result.exit_code == 3
    first = result.stderr.splitlines()[0]
    assert first.startswith(f"error: {tmp_path / 'enschede.xlsx'}"), first
    assert ("may_waive names excl:amsterdam-scheiding-geen-urgentie, a rule of another municipality "
            "(gemeente:gm0363)") in first
    assert not out.exists()


def test_validate_names_the_turtle_mandate_and_the_check(tmp_path, run):
    path = tmp_path / "mandaat.ttl"
    path.write_text("""@prefix kg: <https://w3id.org/kennisgraaf/def#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
<https://w3id.org/kennisgraaf/id/mandate/te-ver> a kg:Mandate ; rdfs:label "te ver"@nl , "too far"@en ;
    dcterms:source "test" ; kg:mandateOf <https://w3id.org/kennisgraaf/id/municipality/gm0772> ;
    kg:mayGrant <https://w3id.org/kennisgraaf/id/provision/wlz-zorg> .
""", encoding="utf-8")
    result = run("validate", path, "--profile", "kennisgraaf", "--format", "json")
    assert result.exit_code == 1
    rows = [v for v in json.loads(result.stdout)["violations"] if v["check"] == "mandate-within-reach"]
    assert [(v["entity"], v["message"].split(",")[0]) for v in rows] == [
        ("mandate:te-ver", "may_grant names svc:wlz-zorg")]


def test_the_bundled_mandates_are_within_reach(run):
    result = run("validate", "--profile", "kennisgraaf", "--format", "json")
    assert result.exit_code == 0
    assert [v for v in json.loads(result.stdout)["violations"] if v["check"] == "mandate-within-reach"] == []
