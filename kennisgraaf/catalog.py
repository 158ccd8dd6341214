"""Look-ups shared by every front end: the ids of cases, models and scenarios, and entity descriptions."""

from __future__ import annotations

from datetime import date
from importlib.resources import files
from typing import Any

from .errors import UnknownIdError
from .namespaces import PREFIXES, compact, expand
from .store import KnowledgeGraph

#: The six Enschede counts, in the order the essay gives them.
COUNT_KINDS = ("frameworks", "protocols", "methods", "instruments", "systems", "institutions")

#: The class IRI of each kind (plain strings: no rdflib needed to look up an id).
KINDS_BY_CLASS = {
    "case": PREFIXES["kg"] + "HouseholdCase", "municipality model": PREFIXES["kg"] + "MunicipalityModel",
    "scenario": PREFIXES["kg"] + "Scenario",
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


def count_model(kg: KnowledgeGraph, model_iri: str, on: date | None = None) -> dict[str, int]:
    """The six Enschede counts of a municipality model, computed by SPARQL over its arrangements.

    With ``on``, only what is in force on that date counts: arrangements whose provision is in force, and the
    frameworks, protocols, methods, instruments, systems and institutions in force (``kg:validFrom``/``kg:validUntil``).
    """
    counts = {kind: 0 for kind in COUNT_KINDS}
    if on is not None:
        for kind, rows in count_model_entities(kg, model_iri, on).items():
            counts[kind] = len({row["entity"] for row in rows})
        return counts
    for row in kg.select(load_query("count"), {"model": model_iri}):
        counts[row["kind"]] = row["n"]
    return counts


def reference_date(kg: KnowledgeGraph, model_iri: str) -> date | None:
    """The date a municipality model describes (``kg:referenceDate``), or None when it states none."""
    rows = kg.select("SELECT ?d WHERE { ?model kg:referenceDate ?d }", {"model": model_iri})
    return date.fromisoformat(str(rows[0]["d"])[:10]) if rows else None


def count_model_entities(kg: KnowledgeGraph, model_iri: str, on: date | None = None) -> dict[str, list[dict[str, Any]]]:
    """The entities behind each of the six counts, with the arrangement they come through and what puts them on
    the path (with ``on``: only what is in force on that date, see :func:`count_model`).

    ``because`` is the arrangement's own reason for that entity (``kg:onPathBecause``: the article or document that
    puts it there) where the data states one, else the documents the arrangement cites (its ``dcterms:source``).
    """
    out: dict[str, list[dict[str, Any]]] = {kind: [] for kind in COUNT_KINDS}
    valid = _valid_on(kg, on) if on is not None else None
    provision_of = {} if on is None else {
        compact(r["a"]): compact(r["p"]) for r in
        kg.select("SELECT ?a ?p WHERE { ?a kg:inModel ?model ; kg:provision ?p }", {"model": model_iri})}
    reasons = _path_reasons(kg, model_iri)
    for row in kg.select(load_query("count-entities"), {"model": model_iri}):
        entity, arrangement = compact(row["entity"]), compact(row["arrangement"])
        if valid is not None and not (valid(entity) and valid(provision_of.get(arrangement, ""))):
            continue
        because = reasons.get((arrangement, entity)) or reasons.get((arrangement, None), "")
        out[row["kind"]].append({"entity": entity, "arrangement": arrangement,
                                 "inherited_from_provision": row["inherited"], "because": because})
    return out


def count_notes(kg: KnowledgeGraph, model_iri: str) -> list[str]:
    """What the model says about its own counts (``kg:countNote``, English), e.g. where an honest figure differs from
    the inventory it reproduces; sorted."""
    rows = kg.select("SELECT ?n WHERE { ?model kg:countNote ?n FILTER(LANG(?n) = 'en' || LANG(?n) = '') }",
                     {"model": model_iri})
    return sorted(str(r["n"]) for r in rows)


def _path_reasons(kg: KnowledgeGraph, model_iri: str) -> dict[tuple[str, str | None], str]:
    """(arrangement, entity) -> the stated reason; (arrangement, None) -> the arrangement's cited documents.

    Sources are joined in sorted order (not GROUP_CONCAT, whose order differs between stores)."""
    grouped: dict[tuple[str, str | None], set[str]] = {}
    for row in kg.select("""SELECT ?a ?e ?s WHERE {
            ?a kg:inModel ?model ; kg:onPathBecause ?r . ?r kg:entity ?e ; dcterms:source ?s }""", {"model": model_iri}):
        grouped.setdefault((compact(row["a"]), compact(row["e"])), set()).add(str(row["s"]))
    for row in kg.select("SELECT ?a ?s WHERE { ?a kg:inModel ?model ; dcterms:source ?s }", {"model": model_iri}):
        grouped.setdefault((compact(row["a"]), None), set()).add(str(row["s"]))
    return {key: "; ".join(sorted(values)) for key, values in grouped.items()}


def _valid_on(kg: KnowledgeGraph, day: date):
    """A test ``valid(compact_id) -> bool``: whether the entity's period in force covers ``day``."""
    periods: dict[str, list] = {}
    for row in kg.select("""SELECT ?s ?from ?until WHERE { { ?s kg:validFrom ?from } UNION { ?s kg:validUntil ?until }
            FILTER(ISIRI(?s)) }"""):
        period = periods.setdefault(compact(row["s"]), [None, None])
        if row["from"]:
            period[0] = date.fromisoformat(str(row["from"])[:10])
        if row["until"]:
            period[1] = date.fromisoformat(str(row["until"])[:10])

    def valid(entity: str) -> bool:
        start, end = periods.get(entity, (None, None))
        return (start is None or start <= day) and (end is None or day <= end)
    return valid
