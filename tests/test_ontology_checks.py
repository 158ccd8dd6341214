"""The SPARQL quality checks: silent on the bundled data, and each one catches the fault it is written for."""

from __future__ import annotations

from pathlib import Path

import pytest

from kennisgraaf.store import KnowledgeGraph, default_ontology_dir
from kennisgraaf.validate import quality_checks, run_quality_checks

HEADER = """@prefix kg: <https://w3id.org/kennisgraaf/def#> .
@prefix law: <https://w3id.org/kennisgraaf/id/law/> .
@prefix svc: <https://w3id.org/kennisgraaf/id/provision/> .
@prefix pc: <https://w3id.org/kennisgraaf/id/precondition/> .
@prefix scen: <https://w3id.org/kennisgraaf/id/scenario/> .
@prefix owl: <http://www.w3.org/2002/07/owl#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
"""

#: One fault per check; the entity that must be reported.
FAULTS = {
    "ontology-terms-labelled": ('kg:Unlabelled a owl:Class ; skos:definition "x"@nl , "x"@en .', "kg:Unlabelled"),
    "ontology-terms-defined": ('kg:Undefined a owl:Class ; rdfs:label "x"@nl , "x"@en .', "kg:Undefined"),
    "entity-has-source": ('law:BWBR7777777 a kg:LegalFramework ; kg:bwbId "BWBR7777777" .', "law:BWBR7777777"),
    "framework-has-bwb-id": ('law:zonder-id a kg:LegalFramework ; kg:unverified true ; dcterms:source "x" .',
                             "law:zonder-id"),
    "framework-iri-matches-bwb-id": ('law:BWBR1111111 a kg:LegalFramework ; kg:bwbId "BWBR2222222" .', "law:BWBR1111111"),
    "general-framework-is-no-basis": ('law:BWBR0005537 kg:generalFramework true . svc:z a kg:Provision ; '
                                      'kg:legalBasis law:BWBR0005537 .', "svc:z"),
    "framework-has-period": ('law:BWBR3333333 a kg:LegalFramework ; kg:bwbId "BWBR3333333" .', "law:BWBR3333333"),
    "law-date-is-sourced": ('law:BWBR4444444 a kg:LegalFramework ; kg:bwbId "BWBR4444444" ; '
                            'kg:validFrom "2001-01-01"^^xsd:date .', "law:BWBR4444444"),
    "validity-period-ordered": ('svc:omgekeerd a kg:Provision ; kg:validFrom "2020-01-01"^^xsd:date ; '
                                'kg:validUntil "2010-01-01"^^xsd:date .', "svc:omgekeerd"),
    "dated-terms-ordered": ('pc:dubbel a kg:Precondition ; kg:term [ a kg:DatedTerm ; kg:durationWeeks 26 ; '
                            'kg:validUntil "2014-06-30"^^xsd:date ] , [ a kg:DatedTerm ; kg:durationWeeks 12.9 ; '
                            'kg:validFrom "2014-01-01"^^xsd:date ] .', "pc:dubbel"),
    "reference-is-defined": ('svc:x a kg:Provision ; kg:legalBasis law:BWBR0000000 .', "law:BWBR0000000"),
    "precondition-cites-article": ('pc:zonder-artikel a kg:Precondition ; kg:citingArticle "jci1.3:c:BWBR0015703" .',
                                   "pc:zonder-artikel"),
    "precondition-not-reflexive": ('pc:lus a kg:Precondition ; kg:dependent svc:a ; kg:prerequisite svc:a .', "pc:lus"),
    "municipal-rule-has-municipality": ('pc:lokaal a kg:Precondition ; kg:scope kg:MunicipalRule .', "pc:lokaal"),
    "kg-term-is-declared": ('svc:y a kg:Provision ; kg:madeUpProperty "x" .', "kg:madeUpProperty"),
    "waiver-targets-exist": ('scen:s a kg:Scenario ; kg:transformation [ a kg:PreconditionWaiver ; kg:waives pc:nergens ] .',
                             "scen:s"),
    "transformation-not-into-itself": ('scen:m a kg:Scenario ; kg:transformation [ a kg:MergeFrontDoors ; '
                                       'kg:source <https://w3id.org/kennisgraaf/id/institution/a> ; '
                                       'kg:target <https://w3id.org/kennisgraaf/id/institution/a> ] .', "scen:m"),
    "mandate-within-reach": ('<https://w3id.org/kennisgraaf/id/mandate/m> a kg:Mandate ; kg:mayWaive pc:wet . '
                             'pc:wet a kg:Precondition ; kg:scope kg:NationalLaw .', "mandate:m"),
}


def test_every_check_has_a_fault_test():
    assert set(quality_checks()) == set(FAULTS)


def test_checks_are_silent_on_the_bundled_data(kg):
    assert run_quality_checks(kg) == []


@pytest.mark.parametrize("check", sorted(FAULTS))
def test_each_check_catches_its_fault(check, tmp_path: Path):
    snippet, entity = FAULTS[check]
    fault = tmp_path / "fault.ttl"
    fault.write_text(HEADER + snippet + "\n")
    kg = KnowledgeGraph()
    kg.load_folder(default_ontology_dir(), namespace="ontology/")
    kg.load_file(fault, tmp_path)
    found = [(v.check, v.entity) for v in run_quality_checks(kg)]
    assert (check, entity) in found
