"""`kennisgraaf standards check`: every entity has what the standards need, or says why not.

- CPSV-AP: each provision, protocol and precondition can be completed (label, definition, competent authority) and
  ``data/national/cpsv-ap.ttl`` is what the generator writes now;
- UPL: each provision has a UPL match (skos:exactMatch/closeMatch/broadMatch to a URI in the vendored UPL list) or a
  ``kg:domainNote`` starting "UPL:" that says why none exists;
- TOOI: each public organisation has its TOOI identifier (skos:exactMatch to identifier.overheid.nl/tooi/…) or a
  ``kg:domainNote`` starting "TOOI:"; each municipality has its TOOI IRI.
"""

from __future__ import annotations

import csv
from functools import lru_cache
from pathlib import Path

from ..namespaces import compact
from ..store import KnowledgeGraph
from ..store import default_ontology_dir
from . import context, cpsv, dcat, municipalities

UPL_BASE = "http://standaarden.overheid.nl/owms/terms/"
TOOI_BASE = "https://identifier.overheid.nl/tooi/id/"
UPL_LIST = "sources/upl/UPL-actueel.csv"


@lru_cache(maxsize=4)
def upl_uris(path: Path) -> frozenset[str]:
    """The product URIs of the vendored UPL list."""
    with path.open(encoding="utf-8", newline="") as handle:
        return frozenset(row["URI"] for row in csv.DictReader(handle))


def cpsv_rows(kg: KnowledgeGraph, data_dir: Path) -> list[dict[str, str]]:
    """Entities the CPSV-AP generator cannot complete, and a stale generated file."""
    rows = [{"entity": p.entity, "check": "cpsv-ap", "message": p.message} for p in cpsv.build(kg)[1]]
    if cpsv.stale(kg, data_dir):
        rows.append({"entity": cpsv.GENERATED, "check": "cpsv-ap",
                     "message": "out of date with the data it is generated from; run `kennisgraaf standards generate`"})
    if context.stale(kg, default_ontology_dir()):
        rows.append({"entity": "ontology/" + context.GENERATED, "check": "json-ld",
                     "message": "out of date with the ontology; run `kennisgraaf standards generate`"})
    if dcat.stale(kg, data_dir):
        rows.append({"entity": dcat.GENERATED, "check": "dcat-ap",
                     "message": "out of date with the package version or the data; run `kennisgraaf standards generate`"})
    if municipalities.stale(data_dir):
        rows.append({"entity": municipalities.GENERATED, "check": "municipalities",
                     "message": f"out of date with {municipalities.SOURCE}; run `kennisgraaf standards generate`"})
    return rows


def upl_rows(kg: KnowledgeGraph, data_dir: Path) -> list[dict[str, str]]:
    """Provisions without a UPL match or a note, and UPL URIs that are not in the vendored list."""
    known = upl_uris(data_dir / UPL_LIST)
    matches: dict[str, set[str]] = {}
    for row in kg.select("""SELECT ?p ?m WHERE { ?p a kg:Provision .
            OPTIONAL { ?p skos:exactMatch|skos:closeMatch|skos:broadMatch ?m FILTER(STRSTARTS(STR(?m), "%s")) } }""" % UPL_BASE):
        matches.setdefault(row["p"], set()).update([row["m"]] if row["m"] else [])
    noted = {r["p"] for r in kg.select("""SELECT DISTINCT ?p WHERE { ?p a kg:Provision ; kg:domainNote ?n
                                          FILTER(STRSTARTS(STR(?n), "UPL:")) }""")}
    out = []
    for provision, uris in sorted(matches.items()):
        if not uris and provision not in noted:
            out.append({"entity": compact(provision), "check": "upl",
                        "message": "no UPL product: add skos:exactMatch <http://standaarden.overheid.nl/owms/terms/…> "
                                   "in data/national/upl.ttl, or kg:domainNote \"UPL: no product; why\"@en"})
        for uri in sorted(uris - known):
            out.append({"entity": compact(provision), "check": "upl",
                        "message": f"{uri} is not in the UPL list ({UPL_LIST}); check the product name"})
    return out


def tooi_rows(kg: KnowledgeGraph) -> list[dict[str, str]]:
    """Public organisations and municipalities without a TOOI identifier (and, for organisations, no note)."""
    rows = kg.select("""SELECT ?o (SAMPLE(?id) AS ?tooi) (SAMPLE(?n) AS ?note) (SAMPLE(?m) AS ?municipality) WHERE {
            { ?o a cv:PublicOrganisation } UNION { ?o a kg:Municipality BIND(true AS ?m) }
            OPTIONAL { ?o skos:exactMatch ?id FILTER(STRSTARTS(STR(?id), "%s")) }
            OPTIONAL { ?o kg:domainNote ?n FILTER(STRSTARTS(STR(?n), "TOOI:")) } } GROUP BY ?o""" % TOOI_BASE)
    out = []
    for row in sorted(rows, key=lambda r: r["o"]):
        if row["tooi"] or (row["note"] and not row["municipality"]):
            continue
        what = "municipality without its TOOI IRI (skos:exactMatch <https://identifier.overheid.nl/tooi/id/gemeente/" \
               "gmNNNN>)" if row["municipality"] else \
            "public organisation without a TOOI id: add skos:exactMatch <https://identifier.overheid.nl/tooi/id/…> " \
            "in data/national/tooi.ttl, or kg:domainNote \"TOOI: why not\"@en"
        out.append({"entity": compact(row["o"]), "check": "tooi", "message": what})
    return out


def run_all(kg: KnowledgeGraph, data_dir: Path) -> list[dict[str, str]]:
    """Every problem, in a fixed order (CPSV-AP, UPL, TOOI)."""
    return cpsv_rows(kg, data_dir) + upl_rows(kg, data_dir) + tooi_rows(kg)
