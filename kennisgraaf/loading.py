"""The graph read into a :class:`~kennisgraaf.model.Domain`: the handful of SPARQL queries that fill the snapshot.

:mod:`kennisgraaf.model` defines what the algorithms see; this module is how RDF becomes that (``load_domain`` is
also importable from :mod:`kennisgraaf.model`).
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date

from .model import (ENTITY_CLASSES, TOUCH_PROPERTIES, TRANSFORMATION_KINDS, Arrangement, Case, Domain, Entity, Model,
                    Precondition, Provision, Reform, Scenario, Transformation, _date)
from .namespaces import compact
from .practice import load_practice
from .store import KnowledgeGraph
from .terms import DatedTerm


def load_domain(kg: KnowledgeGraph) -> Domain:
    """Read the whole graph into a :class:`Domain` (a handful of SPARQL queries)."""
    d = Domain()
    _load_entities(kg, d)
    for row in kg.select("SELECT ?need ?dom WHERE { ?need a kg:NeedType ; skos:broader ?dom }"):
        d.need_domain[compact(row["need"])] = compact(row["dom"])
    touch = _touch(kg, "kg:Provision")
    needs = _multi(kg, "SELECT ?s ?o WHERE { ?s a kg:Provision ; kg:addresses ?o }")
    for pid in set(touch) | set(needs) | _ids(kg, "kg:Provision"):
        d.provisions[pid] = Provision(pid, tuple(sorted(needs.get(pid, ()))), touch.get(pid, {}))
    arr_touch = _touch(kg, "kg:ServiceArrangement")
    for row in kg.select("SELECT ?a ?m ?p WHERE { ?a a kg:ServiceArrangement ; kg:inModel ?m ; kg:provision ?p }"):
        aid, mid, pid = compact(row["a"]), compact(row["m"]), compact(row["p"])
        d.arrangements.setdefault(mid, {})[pid] = Arrangement(aid, mid, pid, arr_touch.get(aid, {}))
    legal = _multi(kg, "SELECT ?s ?o WHERE { ?s a kg:Precondition ; kg:legalBasis ?o }")
    if_needs = _multi(kg, "SELECT ?s ?o WHERE { ?s a kg:Precondition ; kg:appliesIfNeed ?o }")
    age_bands = _multi(kg, "SELECT ?s ?o WHERE { ?s a kg:Precondition ; kg:appliesToAgeBand ?o }")
    terms = _dated_terms(kg)
    for row in kg.select("""SELECT ?pc ?a ?b ?scope ?m ?w ?k WHERE {
            ?pc a kg:Precondition ; kg:dependent ?a ; kg:prerequisite ?b ; kg:scope ?scope .
            OPTIONAL { ?pc kg:municipality ?m } OPTIONAL { ?pc kg:durationWeeks ?w }
            OPTIONAL { ?pc kg:preconditionKind ?k } }"""):
        pid = compact(row["pc"])
        d.preconditions[pid] = Precondition(
            pid, compact(row["a"]), compact(row["b"]), compact(row["scope"]).removeprefix("kg:"),
            compact(row["m"]) if row["m"] else None, row["w"], row["k"] or "", tuple(sorted(legal.get(pid, ()))),
            frozenset(if_needs.get(pid, ())), frozenset(age_bands.get(pid, ())), terms.get(pid, ()))
    for row in kg.select("""SELECT ?m ?g ?date ?w WHERE { ?m a kg:MunicipalityModel ; kg:municipality ?g ;
            kg:referenceDate ?date . OPTIONAL { ?m kg:hasWijkteam ?w } }"""):
        mid = compact(row["m"])
        d.models[mid] = Model(mid, compact(row["g"]), _date(row["date"]), compact(row["w"]) if row["w"] else None)
    _load_scenarios(kg, d)
    _load_reforms(kg, d)
    # a need a case phase brings (kg:phase/kg:hasNeed) is a need of the case too (kennisgraaf.episodes)
    case_needs = _multi(kg, "SELECT ?s ?o WHERE { ?s a kg:HouseholdCase . { ?s kg:hasNeed ?o } UNION "
                            "{ ?s kg:phase/kg:hasNeed ?o } }")
    case_provisions = _multi(kg, "SELECT ?s ?o WHERE { ?s a kg:HouseholdCase ; kg:usesProvision ?o }")
    case_model = {compact(r["s"]): compact(r["o"]) for r in
                  kg.select("SELECT ?s ?o WHERE { ?s a kg:HouseholdCase ; kg:defaultModel ?o }")}
    case_bands = _multi(kg, "SELECT ?s ?o WHERE { ?s a kg:HouseholdCase ; kg:member/kg:ageBand ?o }")
    from .episodes import load_time  # here: episodes imports the measures, which import path and this module
    d.time, case_time = load_time(kg, terms)
    for cid in _ids(kg, "kg:HouseholdCase"):
        d.cases[cid] = Case(cid, tuple(sorted(case_needs.get(cid, ()))), tuple(sorted(case_provisions.get(cid, ()))),
                            case_model.get(cid), tuple(sorted(case_bands.get(cid, ()))), case_time.get(cid))
    d.practice = load_practice(kg)
    return d


def _dated_terms(kg: KnowledgeGraph) -> dict[str, tuple[DatedTerm, ...]]:
    """kg:term nodes per subject (precondition or provision), ordered by start date."""
    found: dict[str, list[DatedTerm]] = defaultdict(list)
    rows = kg.select("""SELECT ?s ?t ?w ?from ?until (GROUP_CONCAT(STR(?src); separator="\\u001f") AS ?srcs) WHERE {
            ?s kg:term ?t . ?t kg:durationWeeks ?w . OPTIONAL { ?t kg:validFrom ?from }
            OPTIONAL { ?t kg:validUntil ?until } OPTIONAL { ?t dcterms:source ?src } }
            GROUP BY ?s ?t ?w ?from ?until""")
    for row in rows:
        sources = tuple(sorted(x for x in str(row["srcs"] or "").split("\u001f") if x))
        found[compact(row["s"])].append(DatedTerm(float(row["w"]), _date(row["from"]) if row["from"] else None,
                                                  _date(row["until"]) if row["until"] else None, sources))
    return {k: tuple(sorted(v, key=lambda t: t.valid_from or date.min)) for k, v in found.items()}


def _ids(kg: KnowledgeGraph, cls: str) -> set[str]:
    return {compact(r["s"]) for r in kg.select(f"SELECT DISTINCT ?s WHERE {{ ?s a {cls} }}")}


def _multi(kg: KnowledgeGraph, query: str) -> dict[str, set[str]]:
    out: dict[str, set[str]] = defaultdict(set)
    for row in kg.select(query):
        out[compact(row["s"])].add(compact(row["o"]) if isinstance(row["o"], str) and row["o"].startswith("http") else row["o"])
    return out


def _touch(kg: KnowledgeGraph, cls: str) -> dict[str, dict[str, tuple[str, ...]]]:
    values = " ".join(f"kg:{p}" for p in TOUCH_PROPERTIES)
    grouped: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    for row in kg.select(f"SELECT ?s ?p ?o WHERE {{ VALUES ?p {{ {values} }} ?s a {cls} ; ?p ?o }}"):
        grouped[compact(row["s"])][compact(row["p"]).removeprefix("kg:")].add(compact(row["o"]))
    return {s: {p: tuple(sorted(o)) for p, o in props.items()} for s, props in grouped.items()}


def _load_entities(kg: KnowledgeGraph, d: Domain) -> None:
    classes = " ".join(f"kg:{c}" for c in ENTITY_CLASSES)
    rows = kg.select(f"""SELECT ?s ?cls ?nl ?en ?def ?ill ?unv ?from ?until ?bwb ?cf ?pay ?prio WHERE {{
        VALUES ?cls {{ {classes} }} ?s a ?cls .
        OPTIONAL {{ ?s rdfs:label ?nl FILTER(LANG(?nl) = "nl") }}
        OPTIONAL {{ ?s rdfs:label ?en FILTER(LANG(?en) = "en") }}
        OPTIONAL {{ ?s skos:definition ?def FILTER(LANG(?def) = "en") }}
        OPTIONAL {{ ?s kg:illustrative ?ill }} OPTIONAL {{ ?s kg:unverified ?unv }}
        OPTIONAL {{ ?s kg:validFrom ?from }} OPTIONAL {{ ?s kg:validUntil ?until }}
        OPTIONAL {{ ?s kg:bwbId ?bwb }} OPTIONAL {{ ?s kg:citizenFacing ?cf }}
        OPTIONAL {{ ?s kg:paymentModel ?pay }} OPTIONAL {{ ?s kg:planPriority ?prio }} }}""")
    sources = _multi(kg, "SELECT ?s ?o WHERE { ?s dcterms:source ?o }")
    domains = _multi(kg, "SELECT ?s ?o WHERE { ?s kg:assessesDomain ?o }")
    records = _multi(kg, "SELECT ?s ?o WHERE { ?s kg:recordsDataCategory ?o }")
    used_by = _multi(kg, "SELECT ?s ?o WHERE { ?s kg:usedBy ?o }")
    for row in rows:
        eid = compact(row["s"])
        kind = ENTITY_CLASSES[compact(row["cls"]).removeprefix("kg:")]
        if eid in d.entities and d.entities[eid].kind != "unknown":
            continue
        d.entities[eid] = Entity(
            eid, kind, row["nl"] or "", row["en"] or "", row["def"] or "",
            tuple(sorted(str(s) for s in sources.get(eid, ()))), bool(row["ill"]), bool(row["unv"]),
            _date(row["from"]), _date(row["until"]), row["bwb"] or "",
            tuple(sorted(domains.get(eid, ()))), tuple(sorted(records.get(eid, ()))), bool(row["cf"]),
            row["pay"] or "", row["prio"], tuple(sorted(used_by.get(eid, ()))))


def _load_scenarios(kg: KnowledgeGraph, d: Domain) -> None:
    kinds = " ".join(f"kg:{k}" for k in TRANSFORMATION_KINDS)
    by_scenario: dict[str, list[Transformation]] = defaultdict(list)
    rows = kg.select(f"""SELECT ?scen ?t ?kind ?target WHERE {{
        ?scen a kg:Scenario . OPTIONAL {{ ?scen kg:transformation ?t . VALUES ?kind {{ {kinds} }} ?t a ?kind .
        OPTIONAL {{ ?t kg:target ?target }} }} }}""")
    replaces = _multi(kg, "SELECT ?s ?o WHERE { ?x kg:transformation ?s . ?s kg:replacesFor ?o }")
    applies = _multi(kg, "SELECT ?s ?o WHERE { ?x kg:transformation ?s . ?s kg:appliesTo ?o }")
    waives = _multi(kg, "SELECT ?s ?o WHERE { ?x kg:transformation ?s . ?s kg:waives ?o }")
    merged = _multi(kg, "SELECT ?s ?o WHERE { ?x kg:transformation ?s . ?s kg:source ?o }")
    for row in rows:
        sid = compact(row["scen"])
        by_scenario.setdefault(sid, [])
        if row["t"] is None:
            continue
        tid = compact(row["t"])
        by_scenario[sid].append(Transformation(
            tid, compact(row["kind"]).removeprefix("kg:"), compact(row["target"]) if row["target"] else None,
            frozenset(p.removeprefix("kg:").removesuffix("Perspective").lower() for p in replaces.get(tid, ())),
            frozenset(applies.get(tid, ())), frozenset(waives.get(tid, ())), frozenset(merged.get(tid, ()))))
    for sid, transformations in by_scenario.items():
        d.scenarios[sid] = Scenario(sid, tuple(sorted(transformations, key=lambda t: (t.kind, t.id))))


def _load_reforms(kg: KnowledgeGraph, d: Domain) -> None:
    """Reforms with their transformations; a transformation of an unknown kind is kept by name so that it can be
    refused with a message (see :func:`kennisgraaf.reforms.check_reforms`), never silently dropped."""
    rows = kg.select("""SELECT ?r ?t ?kind ?target WHERE { ?r a kg:Reform .
        OPTIONAL { ?r kg:transformation ?t . OPTIONAL { ?t a ?kind } OPTIONAL { ?t kg:target ?target } } }""")
    if not rows:
        return
    labels = kg.select("""SELECT ?r ?nl ?en ?def ?ill ?model ?g WHERE { GRAPH ?g { ?r a kg:Reform }
        OPTIONAL { ?r rdfs:label ?nl FILTER(LANG(?nl) = "nl") } OPTIONAL { ?r rdfs:label ?en FILTER(LANG(?en) = "en") }
        OPTIONAL { ?r skos:definition ?def FILTER(LANG(?def) = "en") } OPTIONAL { ?r kg:illustrative ?ill }
        OPTIONAL { ?r kg:forModel ?model } }""")
    sources = _multi(kg, "SELECT ?s ?o WHERE { ?s a kg:Reform ; dcterms:source ?o }")
    replaces = _multi(kg, "SELECT ?s ?o WHERE { ?x a kg:Reform ; kg:transformation ?s . ?s kg:replacesFor ?o }")
    applies = _multi(kg, "SELECT ?s ?o WHERE { ?x a kg:Reform ; kg:transformation ?s . ?s kg:appliesTo ?o }")
    waives = _multi(kg, "SELECT ?s ?o WHERE { ?x a kg:Reform ; kg:transformation ?s . ?s kg:waives ?o }")
    merged = _multi(kg, "SELECT ?s ?o WHERE { ?x a kg:Reform ; kg:transformation ?s . ?s kg:source ?o }")
    found: dict[str, dict[str, dict]] = defaultdict(dict)
    for row in rows:
        rid = compact(row["r"])
        found.setdefault(rid, {})
        if row["t"] is None:
            continue
        entry = found[rid].setdefault(compact(row["t"]), {"kinds": set(), "target": None})
        if row["kind"]:
            entry["kinds"].add(compact(row["kind"]).removeprefix("kg:"))
        if row["target"]:
            entry["target"] = compact(row["target"])
    meta = {compact(r["r"]): r for r in labels}
    for rid, transformations in found.items():
        known, unknown = [], []
        for tid, entry in transformations.items():
            kinds = sorted(k for k in entry["kinds"] if k in TRANSFORMATION_KINDS)
            if not kinds:
                unknown.append(", ".join(sorted(k if ":" in k else f"kg:{k}" for k in entry["kinds"])) or "(no rdf:type)")
                continue
            known.append(Transformation(
                tid, kinds[0], entry["target"],
                frozenset(p.removeprefix("kg:").removesuffix("Perspective").lower() for p in replaces.get(tid, ())),
                frozenset(applies.get(tid, ())), frozenset(waives.get(tid, ())), frozenset(merged.get(tid, ()))))
        row = meta.get(rid, {})
        graph = row.get("g")
        d.reforms[rid] = Reform(
            rid, tuple(sorted(known, key=lambda t: (t.kind, t.id))), row.get("nl") or "", row.get("en") or "",
            row.get("def") or "", tuple(sorted(str(s) for s in sources.get(rid, ()))), bool(row.get("ill")),
            compact(row["model"]) if row.get("model") else None,
            str(kg.files.get(graph, graph or "")), tuple(sorted(unknown)))


__all__ = ["load_domain"]
