"""Standards for real: the official CPSV-AP shapes, UPL and TOOI identifiers, and every Dutch municipality."""

from __future__ import annotations

import hashlib
import json
import re
from importlib.resources import files

import pytest

from kennisgraaf.store import default_data_dir

DATA = default_data_dir()


def _remove_title(data_copy, provision: str) -> None:
    """Delete the dct:title line of one provision's block in the generated CPSV-AP file."""
    path = data_copy / "national" / "cpsv-ap.ttl"
    text = path.read_text(encoding="utf-8")
    block = re.search(rf"\n{re.escape(provision)}\n(    .*\n)+", text).group(0)
    without = "".join(line + "\n" for line in block.splitlines() if not line.startswith("    dcterms:title "))
    assert without != block
    path.write_text(text.replace(block, without), encoding="utf-8")


def test_bundled_data_has_no_cpsv_ap_violation(run):
    result = run("validate", "--profile", "cpsv-ap")
    assert result.exit_code == 0, result.stdout
    assert result.stdout.startswith("ok:")


def test_a_provision_without_title_fails_naming_the_entity_and_the_shape(run, data_copy):
    _remove_title(data_copy, "svc:algemene-bijstand")
    result = run("validate", "--profile", "cpsv-ap", "--data", data_copy, "--format", "json")
    assert result.exit_code == 1
    violations = json.loads(result.stdout)["violations"]
    assert [(v["entity"], v["check"], v["severity"]) for v in violations] == \
        [("svc:algemene-bijstand", "cpsv-ap:PublicServiceShape", "error")]
    assert violations[0]["message"].startswith("dcterms:title: Less than 1 values")
    assert "national/cpsv-ap.ttl" in violations[0]["file"] and "national/provisions.ttl" in violations[0]["file"]


def test_default_validate_runs_the_cpsv_ap_profile_too(run, data_copy):
    _remove_title(data_copy, "svc:jeugdhulp")
    result = run("validate", "--data", data_copy, "--format", "json")
    assert result.exit_code == 1
    assert {(v["entity"], v["check"]) for v in json.loads(result.stdout)["violations"]} == \
        {("svc:jeugdhulp", "cpsv-ap:PublicServiceShape")}


@pytest.mark.parametrize("name, digest", [
    ("cpsv-ap-3.2.0-SHACL.ttl", "a314fa6bf8e1b613af7ed75fb9f4423d30a16b6fb93b4d3f05168f697bc37b30"),
    ("dcat-ap-3.0.1-SHACL.ttl", "990d3e42721de6a4be8cc338a7171559f195e62dea89c0b56531356b78cc026f"),
    ("dcat-ap-nl-3.0.0-SHACL.ttl", "b4d890aedf431047c64badad0a98b682ccf88b67ba8e77ac62a2d4377c88eaa6"),
])
def test_vendored_shapes_are_the_pinned_files(name, digest):
    data = files("kennisgraaf.standards").joinpath("shapes", name).read_bytes()
    assert hashlib.sha256(data).hexdigest() == digest


def test_standards_check_passes_on_the_bundled_data(run):
    result = run("standards", "check")
    assert result.exit_code == 0, result.stdout


def test_generator_reproduces_the_bundled_files(run, data_copy):
    result = run("standards", "generate", "--data", data_copy)
    assert result.exit_code == 0, result.stderr
    for name in ("cpsv-ap.ttl", "municipalities.ttl"):
        assert (data_copy / "national" / name).read_bytes() == (DATA / "national" / name).read_bytes()


NEW_PROVISION = """
@prefix kg: <https://w3id.org/kennisgraaf/def#> .
@prefix svc: <https://w3id.org/kennisgraaf/id/provision/> .
@prefix inst: <https://w3id.org/kennisgraaf/id/institution/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
svc:nieuwe-voorziening a kg:Provision ; rdfs:label "nieuwe voorziening"@nl , "new provision"@en ;
    kg:deliveredBy inst:woningcorporatie ; dcterms:source "test" .
"""


def test_check_names_a_new_provision_that_lacks_description_authority_and_upl(run, data_copy):
    (data_copy / "national" / "new.ttl").write_text(NEW_PROVISION, encoding="utf-8")
    result = run("standards", "check", "--data", data_copy, "--format", "json")
    assert result.exit_code == 1
    rows = [(r["entity"], r["check"]) for r in json.loads(result.stdout)]
    assert rows == [("svc:nieuwe-voorziening", "cpsv-ap"),  # no skos:definition
                    ("svc:nieuwe-voorziening", "cpsv-ap"),  # no public organisation delivers it
                    ("national/cpsv-ap.ttl", "cpsv-ap"),    # the generated file lacks it
                    ("svc:nieuwe-voorziening", "upl")]


def test_a_upl_uri_outside_the_list_is_named(run, data_copy):
    path = data_copy / "national" / "upl.ttl"
    path.write_text(path.read_text(encoding="utf-8").replace("upl:huurtoeslag", "upl:huurtoeslagen"),
                    encoding="utf-8")
    result = run("standards", "check", "--data", data_copy, "--format", "json")
    assert result.exit_code == 1
    assert [r["entity"] for r in json.loads(result.stdout)] == ["svc:huurtoeslag"]


def test_every_provision_has_a_upl_match_or_a_note(kg):
    rows = kg.select("""SELECT (COUNT(DISTINCT ?p) AS ?n) (COUNT(DISTINCT ?exact) AS ?e) WHERE { ?p a kg:Provision .
        OPTIONAL { ?p skos:exactMatch ?exact FILTER(STRSTARTS(STR(?exact), "http://standaarden.overheid.nl/")) } }""")
    assert rows[0]["n"] >= 65
    assert kg.ask("""ASK { svc:schuldhulpverlening skos:exactMatch
                           <http://standaarden.overheid.nl/owms/terms/schuldhulpverlening> }""")


def test_all_municipalities_are_listed_with_models_marked(run):
    result = run("municipalities", "--all", "--format", "json")
    assert result.exit_code == 0
    rows = json.loads(result.stdout)
    current = [r for r in rows if not r["until"]]
    assert len(current) == 342  # the municipal division since 1 January 2023 (CBS)
    by_code = {r["code"]: r for r in rows}
    assert by_code["GM0153"] == {"code": "GM0153", "name": "Enschede", "province": "Overijssel",
                                 "tooi": "https://identifier.overheid.nl/tooi/id/gemeente/gm0153", "until": "",
                                 "models": "enschede-2008"}
    assert by_code["GM0457"]["until"] == "2022-03-23"  # Weesp, merged into Amsterdam
    assert by_code["GM1961"]["province"] == "Utrecht"  # Vijfheerenlanden
    assert sum(r["province"] == "Flevoland" for r in current) == 6
    assert sum(r["province"] == "Groningen" for r in current) == 10
    assert {r["code"] for r in rows if r["models"]} == {"GM0153", "GM0363", "GM0772"}


def test_national_bodies_carry_tooi_ids_or_say_why_not(kg):
    tooi = "https://identifier.overheid.nl/tooi/id/"
    for body, iri in [("svb", "zbo/zb000143"), ("uwv", "zbo/zb000117"), ("duo", "oorg/oorg10148"),
                      ("rvig", "oorg/oorg10103"), ("zorginstituut", "zbo/zb000114")]:
        assert kg.ask(f"ASK {{ inst:{body} skos:exactMatch <{tooi}{iri}> }}"), body
        # each id says where it was seen and that it was not resolved against the register
        assert kg.ask(f"""ASK {{ inst:{body} kg:domainNote ?n FILTER(CONTAINS(?n, "not resolved")) }}"""), body
    for body in ("ind", "ciz", "cak", "belastingdienst-toeslagen"):  # searched for, not found: the note says why
        assert not kg.ask(f"ASK {{ inst:{body} skos:exactMatch ?t FILTER(STRSTARTS(STR(?t), '{tooi}')) }}"), body
        assert kg.ask(f"""ASK {{ inst:{body} a cv:PublicOrganisation ; kg:domainNote ?n
                               FILTER(STRSTARTS(?n, "TOOI:")) }}"""), body


def test_export_includes_the_dcat_ap_description(run):
    from rdflib import Graph, URIRef
    from rdflib.namespace import DCAT, RDF

    result = run("export", "--format", "ttl", "--no-cases")
    assert result.exit_code == 0
    graph = Graph().parse(data=result.stdout_bytes.decode("utf-8"), format="turtle")
    dataset = URIRef("https://w3id.org/kennisgraaf/catalog/dataset")
    assert (dataset, RDF.type, DCAT.Dataset) in graph
    assert len(list(graph.objects(dataset, DCAT.distribution))) == 3
    assert (URIRef("https://w3id.org/kennisgraaf/catalog/sparql"), RDF.type, DCAT.DataService) in graph


def test_dcat_ap_shapes_name_a_dataset_without_description(run, data_copy):
    path = data_copy / "catalog.ttl"
    text = path.read_text(encoding="utf-8")
    start = text.index("kgcat:dataset a dcat:Dataset")
    block = text[start:text.index("\n\n", start)]
    trimmed = re.sub(r'    dct:description "Wettelijke[^\n]*\n[^\n]*\n', "", block)
    assert trimmed != block
    path.write_text(text.replace(block, trimmed), encoding="utf-8")
    result = run("validate", "--profile", "dcat-ap", "--data", data_copy, "--format", "json")
    assert result.exit_code == 1
    violations = json.loads(result.stdout)["violations"]
    assert {(v["entity"], v["check"]) for v in violations} == \
        {("https://w3id.org/kennisgraaf/catalog/dataset", "dcat-ap:dcat:DatasetShape")}


def test_the_dataset_description_passes_dcat_ap_nl(run):
    result = run("validate", "--profile", "dcat-ap-nl", "--format", "json")
    assert result.exit_code == 0, result.stdout
    assert json.loads(result.stdout)["violations"] == []


@pytest.mark.parametrize("removed, entity, check", [
    # the catalogue's contact point (the dataset's and the service's stay)
    ("    dcat:contactPoint kgcat:contact ;\n    dct:language", "https://w3id.org/kennisgraaf/catalog/catalog",
     "dcat-ap-nl:CatalogShape"),
    ('    dct:identifier "https://w3id.org/kennisgraaf/catalog/sparql" ;\n',
     "https://w3id.org/kennisgraaf/catalog/sparql", "dcat-ap-nl:DataServiceShape"),
])
def test_dcat_ap_nl_shapes_name_what_dcat_ap_nl_requires(run, data_copy, removed, entity, check):
    # DCAT-AP 3.0.1 asks neither a catalogue's contact point nor a service's identifier; DCAT-AP-NL 3.0.0 asks both
    path = data_copy / "catalog.ttl"
    text = path.read_text(encoding="utf-8")
    assert text.count(removed) == 1
    kept = "    dct:language" if removed.endswith("dct:language") else ""
    path.write_text(text.replace(removed, kept), encoding="utf-8")
    assert run("validate", "--profile", "dcat-ap", "--data", data_copy).exit_code == 0
    result = run("validate", "--profile", "dcat-ap-nl", "--data", data_copy, "--format", "json")
    assert result.exit_code == 1
    violations = json.loads(result.stdout)["violations"]
    assert [(v["entity"], v["check"], v["severity"]) for v in violations] == [(entity, check, "error")]
    assert "Less than 1 values" in violations[0]["message"] and "DCAT-AP-NL 3.0.0" in violations[0]["message"]


@pytest.mark.server
def test_serve_returns_the_catalogue_with_its_own_endpoint():
    import urllib.request

    from serving import running_endpoint

    with running_endpoint(workers=1) as srv:
        base = srv.url.removesuffix("/sparql")
        with urllib.request.urlopen(base + "/.well-known/dcat") as response:
            assert response.headers["Content-Type"].startswith("text/turtle")
            body = response.read().decode("utf-8")
    assert f"<http://www.w3.org/ns/dcat#endpointURL> <{srv.url}>" in body
    assert "https://w3id.org/kennisgraaf/sparql>" not in body


def test_the_json_ld_context_gives_readable_keys():
    from rdflib import Graph

    context = json.loads((DATA.parent / "ontology" / "context.jsonld").read_text(encoding="utf-8"))
    graph = Graph()
    graph.parse(data="""@prefix kg: <https://w3id.org/kennisgraaf/def#> .
        @prefix svc: <https://w3id.org/kennisgraaf/id/provision/> . @prefix law: <https://w3id.org/kennisgraaf/id/law/> .
        @prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
        svc:x kg:legalBasis law:BWBR0015703 ; kg:validFrom "2015-01-01"^^xsd:date ;
            <http://www.w3.org/2000/01/rdf-schema#label> "x"@nl .""", format="turtle")
    doc = json.loads(graph.serialize(format="json-ld", context=context["@context"]))
    assert doc["id"] == "svc:x"
    assert doc["legalBasis"] == "law:BWBR0015703"
    assert doc["validFrom"] == "2015-01-01"
    assert doc["label"] == {"nl": "x"}


def _docs(run, tmp_path):
    out = tmp_path / "docs"
    assert run("docs", "-o", out).exit_code == 0
    return out


def test_docs_page_links_downloads_and_shows_the_mapping(run, tmp_path):
    from rdflib import Graph

    out = _docs(run, tmp_path)
    html = (out / "index.html").read_text(encoding="utf-8")
    links = re.findall(r'<a class="download" href="([^"]+)"', html)
    assert links == ["kennisgraaf.ttl", "kennisgraaf.jsonld", "kennisgraaf.nt", "context.jsonld"]
    sizes = {name: len(Graph().parse(out / name, format=fmt))
             for name, fmt in (("kennisgraaf.ttl", "turtle"), ("kennisgraaf.jsonld", "json-ld"), ("kennisgraaf.nt", "nt"))}
    assert len(set(sizes.values())) == 1 and sizes["kennisgraaf.ttl"] > 500  # the same ontology three times
    assert "https://w3id.org/kennisgraaf/def/0.1.0" in html
    assert "<td>kg:Provision</td><td>cpsv:PublicService</td>" in html
    assert "<td><code>cv:</code></td><td><code>http://data.europa.eu/m8g/</code></td>" in html
    assert "How to cite" in html and "## [Unreleased]" in html


@pytest.mark.browser
def test_docs_download_links_resolve_in_chromium(run, tmp_path):
    from pathlib import Path
    from urllib.parse import unquote, urlsplit

    from kennisgraaf.views.headless import find_chromium, open_view

    if not find_chromium():
        pytest.skip("chromium not installed")
    out = _docs(run, tmp_path)
    state = open_view(out / "index.html", timeout=3,
                      expression="Array.from(document.querySelectorAll('a.download')).map(a => a.href)")
    hrefs = state.extra
    assert len(hrefs) == 4 and all(h.startswith("file://") for h in hrefs)
    for href in hrefs:
        target = Path(unquote(urlsplit(href).path))
        assert target.parent == out.resolve() and target.stat().st_size > 1000
    assert state.console_errors == []
