"""CONSTRUCT and DESCRIBE with the *default* settings of SPARQLWrapper and rdflib's SPARQLStore against a real
endpoint on localhost: both ask for RDF/XML, which the endpoint must offer (it answered 406 before)."""

from __future__ import annotations


import pytest
from rdflib.plugins.stores.sparqlstore import SPARQLStore
from SPARQLWrapper import SPARQLWrapper

from serving import running_endpoint
from kennisgraaf.server.formats import GRAPH_TYPES, negotiate

pytestmark = pytest.mark.server

KG = "https://w3id.org/kennisgraaf/def#"
LAW = "https://w3id.org/kennisgraaf/id/law/"


@pytest.fixture(scope="module")
def url():
    with running_endpoint(timeout_s=5.0, max_rows=500, workers=1) as srv:
        yield srv.url


def test_rdf_xml_is_offered_and_turtle_stays_the_default():
    assert negotiate("application/rdf+xml", GRAPH_TYPES) == "application/rdf+xml"
    assert negotiate("application/xml", GRAPH_TYPES) == "application/rdf+xml"
    assert negotiate("*/*", GRAPH_TYPES) == "text/turtle"


@pytest.mark.parametrize("form", [f"CONSTRUCT WHERE {{ ?law <{KG}bwbId> ?id }}", f"DESCRIBE <{LAW}BWBR0031331>"])
def test_sparqlwrapper_defaults(url, form):
    sparql = SPARQLWrapper(url)  # no setReturnFormat: the default (RDF/XML for graph results)
    sparql.setQuery(form)
    graph = sparql.queryAndConvert()
    assert len(graph) > 0
    if form.startswith("DESCRIBE"):
        assert any(str(s) == f"{LAW}BWBR0031331" for s in graph.subjects())


def test_rdflib_sparqlstore_defaults(url):
    store = SPARQLStore(url)
    constructed = store.query(f"CONSTRUCT WHERE {{ ?law <{KG}bwbId> ?id }}")
    ids = {str(o) for _, _, o in constructed}
    assert "BWBR0031331" in ids  # the Participatiewet, stated in the bundled data
    described = store.query(f"DESCRIBE <{LAW}BWBR0031331>")
    assert len(described) > 0
