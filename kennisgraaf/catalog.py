"""Look-ups shared by every front end: the ids of cases, models and scenarios, and entity descriptions."""

from __future__ import annotations

from importlib.resources import files
from typing import Any

from .errors import UnknownIdError
from .namespaces import KG, compact, expand
from .store import KnowledgeGraph

#: The six Enschede counts, in the order the essay gives them.
COUNT_KINDS = ("frameworks", "protocols", "methods", "instruments", "systems", "institutions")

KINDS_BY_CLASS = {
    "case": KG.HouseholdCase, "municipality model": KG.MunicipalityModel, "scenario": KG.Scenario,
}
_PREFIX_BY_KIND = {"case": "case", "municipality model": "model", "scenario": "scen"}


def load_query(name: str) -> str:
    """The text of a packaged SPARQL query (``kennisgraaf/queries/<name>.rq``)."""
    return files("kennisgraaf.queries").joinpath(f"{name}.rq").read_text(encoding="utf-8")


def ids_of(kg: KnowledgeGraph, kind: str) -> list[str]:
    """The slugs of all cases, municipality models or scenarios in the graph, sorted."""
    prefix = _PREFIX_BY_KIND[kind]
    rows = kg.select("SELECT DISTINCT ?s WHERE { ?s a ?class }", {"class": str(KINDS_BY_CLASS[kind])})
    return sorted(compact(r["s"]).removeprefix(prefix + ":") for r in rows if compact(r["s"]).startswith(prefix + ":"))


def resolve_id(kg: KnowledgeGraph, kind: str, given: str) -> str:
    """The full IRI of a case, model or scenario given by slug, compact id or IRI; UnknownIdError otherwise."""
    prefix = _PREFIX_BY_KIND[kind]
    iri = expand(given if ":" in given else f"{prefix}:{given}")
    if not kg.ask("ASK { ?s a ?class }", {"s": iri, "class": str(KINDS_BY_CLASS[kind])}):
        raise UnknownIdError(kind, given, ids_of(kg, kind))
    return iri


def labels(kg: KnowledgeGraph, iri: str) -> dict[str, str]:
    """The labels of an entity by language ({'nl': ..., 'en': ...})."""
    rows = kg.select("SELECT ?l (LANG(?l) AS ?lang) WHERE { ?s rdfs:label ?l }", {"s": iri})
    return {row["lang"]: row["l"] for row in rows}


def describe_listing(kg: KnowledgeGraph, kind: str) -> list[dict[str, Any]]:
    """Rows (id, label_nl, label_en) for every case, model or scenario."""
    prefix = _PREFIX_BY_KIND[kind]
    rows = []
    for slug in ids_of(kg, kind):
        names = labels(kg, expand(f"{prefix}:{slug}"))
        rows.append({"id": slug, "label_nl": names.get("nl", ""), "label_en": names.get("en", "")})
    return rows


def count_model(kg: KnowledgeGraph, model_iri: str) -> dict[str, int]:
    """The six Enschede counts of a municipality model, computed by SPARQL over its arrangements."""
    counts = {kind: 0 for kind in COUNT_KINDS}
    for row in kg.select(load_query("count"), {"model": model_iri}):
        counts[row["kind"]] = row["n"]
    return counts


def count_model_entities(kg: KnowledgeGraph, model_iri: str) -> dict[str, list[dict[str, Any]]]:
    """The entities behind each of the six counts, with the arrangement they come through."""
    out: dict[str, list[dict[str, Any]]] = {kind: [] for kind in COUNT_KINDS}
    for row in kg.select(load_query("count-entities"), {"model": model_iri}):
        out[row["kind"]].append({"entity": compact(row["entity"]), "arrangement": compact(row["arrangement"]),
                                 "inherited_from_provision": row["inherited"]})
    return out
