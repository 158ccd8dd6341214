"""The JSON-LD context of the kennisgraaf vocabulary: ``ontology/context.jsonld``.

Generated from the ontology, so that every kg: property has a readable key ("legalBasis", "deliveredBy") with the
right value type (IRIs for object properties, xsd:date for dates), labels and definitions are language maps, and
the id prefixes (svc:, inst:, law:, …) shorten IRIs. Use it to compact an export:

    kennisgraaf export --format jsonld | jsonld compact -c ontology/context.jsonld
"""

from __future__ import annotations

import json
from pathlib import Path

from ..namespaces import PREFIXES
from ..store import KnowledgeGraph

GENERATED = "context.jsonld"

#: Reused terms with readable keys (the same for every class).
_REUSED = {
    "label": {"@id": "rdfs:label", "@container": "@language"},
    "definition": {"@id": "skos:definition", "@container": "@language"},
    "title": {"@id": "dcterms:title", "@container": "@language"},
    "description": {"@id": "dcterms:description", "@container": "@language"},
    "source": {"@id": "dcterms:source"},
    "identifier": {"@id": "dcterms:identifier"},
    "exactMatch": {"@id": "skos:exactMatch", "@type": "@id"},
    "competentAuthority": {"@id": "cv:hasCompetentAuthority", "@type": "@id"},
    "type": "@type",
    "id": "@id",
}


def build(kg: KnowledgeGraph) -> dict:
    """The context document (keys sorted, so reruns give the same bytes)."""
    terms: dict[str, object] = dict(PREFIXES)
    rows = kg.select("""SELECT ?p ?kind ?range WHERE { ?p a ?kind FILTER(?kind IN (owl:ObjectProperty, owl:DatatypeProperty))
                        FILTER(STRSTARTS(STR(?p), STR(kg:))) OPTIONAL { ?p rdfs:range ?range } }""")
    for row in rows:
        name = row["p"].rsplit("#", 1)[-1]
        if row["kind"].endswith("ObjectProperty"):
            terms[name] = {"@id": f"kg:{name}", "@type": "@id"}
        elif row["range"] and row["range"].startswith(PREFIXES["xsd"]) and not row["range"].endswith("#string"):
            terms[name] = {"@id": f"kg:{name}", "@type": "xsd:" + row["range"].rsplit("#", 1)[-1]}
        else:
            terms[name] = {"@id": f"kg:{name}"}
    terms.update(_REUSED)
    return {"@context": dict(sorted(terms.items()))}


def render(kg: KnowledgeGraph) -> str:
    return json.dumps(build(kg), indent=2, ensure_ascii=False) + "\n"


def generate(kg: KnowledgeGraph, ontology_dir: Path) -> Path:
    target = ontology_dir / GENERATED
    target.write_text(render(kg), encoding="utf-8")
    return target


def stale(kg: KnowledgeGraph, ontology_dir: Path) -> bool:
    target = ontology_dir / GENERATED
    return not target.is_file() or target.read_text(encoding="utf-8") != render(kg)
