"""The store: one named graph per file, Oxigraph underneath, and bad files refused whole with file and line."""

from __future__ import annotations


import pytest
from oxrdflib import OxigraphStore

from kennisgraaf.errors import DataError
from kennisgraaf.namespaces import GRAPH_BASE
from kennisgraaf.store import MAX_FILE_BYTES, KnowledgeGraph


def test_every_file_is_its_own_named_graph(kg):
    graphs = {row["g"] for row in kg.select("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }")}
    assert set(kg.files) == graphs
    assert GRAPH_BASE + "national/laws.ttl" in graphs
    assert GRAPH_BASE + "ontology/kennisgraaf.ttl" in graphs


def test_rdflib_api_runs_on_the_oxigraph_store(kg):
    ds = kg.dataset
    assert isinstance(ds.store, OxigraphStore)
    # The union graph counts a triple once even where two files state it (the Enschede municipality is in the
    # all-municipalities file and in its own model's file).
    assert len(ds) == len({(q.subject, q.predicate, q.object) for q in kg.quads()})


def test_a_malformed_file_is_refused_whole_with_file_and_line(tmp_path):
    bad = tmp_path / "bad.ttl"
    bad.write_text("@prefix ex: <http://example.org/> .\nex:a ex:b ex:c .\nex:d ex:e ex:f ex:g .\n")
    kg = KnowledgeGraph()
    with pytest.raises(DataError) as caught:
        kg.load_file(bad, tmp_path)
    assert f"{bad}:3" in str(caught.value)
    assert len(kg) == 0, "nothing of the bad file may be added"


def test_non_utf8_is_refused(tmp_path):
    bad = tmp_path / "latin1.ttl"
    bad.write_bytes('@prefix ex: <http://example.org/> . ex:a ex:b "caf\u00e9" .'.encode("latin-1"))
    with pytest.raises(DataError, match="UTF-8"):
        KnowledgeGraph().load_file(bad, tmp_path)


def test_huge_files_are_refused_before_parsing(tmp_path):
    huge = tmp_path / "huge.ttl"
    with huge.open("wb") as handle:
        handle.truncate(MAX_FILE_BYTES + 1)
    with pytest.raises(DataError, match="limit"):
        KnowledgeGraph().load_file(huge, tmp_path)


def test_missing_data_folder(tmp_path):
    with pytest.raises(DataError, match="data folder not found"):
        KnowledgeGraph.load(tmp_path / "nope")


def test_cases_can_be_left_out(kg):
    served = KnowledgeGraph.load(include_cases=False)
    assert kg.select("SELECT (COUNT(*) AS ?n) WHERE { ?c a kg:HouseholdCase }")[0]["n"] >= 4
    assert served.select("SELECT (COUNT(*) AS ?n) WHERE { ?c a kg:HouseholdCase }")[0]["n"] == 0


def test_bindings_are_terms_not_text(kg):
    hostile = 'x" } ; DROP ALL ; SELECT * WHERE { "'
    assert kg.select("SELECT ?s WHERE { ?s rdfs:label ?l }", {"l": hostile}) == []


def test_deep_nesting_is_refused_before_the_parser_sees_it(tmp_path):
    deep = tmp_path / "deep.ttl"
    deep.write_text("@prefix ex: <http://example.org/> .\nex:a ex:b " + "[ ex:c " * 10_000 + "1" + " ]" * 10_000 + " .\n")
    with pytest.raises(DataError, match="nest more than"):
        KnowledgeGraph().load_file(deep, tmp_path)
