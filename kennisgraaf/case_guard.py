"""The privacy guard over a loaded graph: every literal of every household case and its members, scanned by
:mod:`kennisgraaf.privacy`. A module of its own, without rdflib or pySHACL, because every command that loads data
runs it (``score`` and ``path`` start without importing those)."""

from __future__ import annotations

from dataclasses import dataclass

from . import privacy
from .namespaces import compact
from .store import KnowledgeGraph

DCTERMS_SOURCE = "http://purl.org/dc/terms/source"


@dataclass(frozen=True)
class CaseFinding:
    """Personal data in a case: the case (compact IRI), the file it came from, and the finding."""

    case: str
    file: str
    finding: privacy.Finding


def case_findings(kg: KnowledgeGraph) -> list[CaseFinding]:
    """Personal data in the household cases of ``kg`` (a citation may name its published authors)."""
    rows = kg.select("""
        SELECT DISTINCT ?case ?p ?value WHERE {
          ?case a kg:HouseholdCase .
          { ?case ?p ?value } UNION { ?case kg:member ?m . ?m ?p ?value }
          FILTER(ISLITERAL(?value))
        }""")
    out = []
    for row in rows:
        for finding in privacy.scan(str(row["value"])):
            if finding.kind == "name" and row["p"] == DCTERMS_SOURCE:
                continue
            out.append(CaseFinding(compact(row["case"]), file_of(kg, row["case"]), finding))
    return out


def file_of(kg: KnowledgeGraph, iri: str) -> str:
    """The file(s) an entity was read from."""
    term = iri if iri.startswith(("http", "_:")) else f"_:{iri}"
    return ", ".join(kg.file_of(g) for g in kg.graphs_of(term))
