"""A read-only snapshot of the graph as plain Python objects, for the graph algorithms.

The algorithms (path resolution, measures, plan, what-if) are pure functions over networkx graphs; this module is
the one place where RDF is turned into Python. Every value keeps the IRI it came from, so that any number can be
traced back to the triples behind it.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from .namespaces import compact
from .practice import load_practice
from .terms import DatedTerm, weeks_on
from .store import KnowledgeGraph

#: Touchpoint properties of a provision or arrangement -> the touchpoint kind they lead to.
TOUCH_PROPERTIES: dict[str, str] = {
    "legalBasis": "framework", "accessVia": "protocol", "intakeVia": "method", "assessedWith": "instrument",
    "registeredIn": "system", "drawsOn": "system", "deliveredBy": "institution", "involves": "institution",
    "fundedBy": "funding", "requiresPlan": "plan",
}

ENTITY_CLASSES: dict[str, str] = {
    "LegalFramework": "framework", "IndicationProtocol": "protocol", "ClarificationMethod": "method",
    "DiagnosticInstrument": "instrument", "RegistrationSystem": "system", "Institution": "institution",
    "Wijkteam": "institution", "FundingStream": "funding", "Provision": "provision", "NeedType": "need",
    "LifeDomain": "domain", "Precondition": "precondition", "Municipality": "municipality",
    "Plan": "plan",
}

TRANSFORMATION_KINDS: dict[str, tuple[str, ...]] = {
    "OneFrontDoor": ("deliveredBy", "involves"), "SharedIntake": ("intakeVia",),
    "SharedAssessment": ("assessedWith",), "SharedRegistration": ("registeredIn",),
    "SharedAccess": ("accessVia",), "PreconditionWaiver": (),
    # Replace named sources (kg:source) by the target, rather than every touchpoint of the relation:
    "MergeFrontDoors": ("deliveredBy", "involves"), "MoveLegalBasis": ("legalBasis",),
    "SharedPlan": ("requiresPlan",),
}

#: Transformation kinds that replace their kg:source entities only (see :func:`kennisgraaf.path.apply_transformation`).
SOURCE_KINDS = frozenset({"MergeFrontDoors", "MoveLegalBasis"})


@dataclass(frozen=True)
class Entity:
    """Any labelled, sourced thing a path can touch."""

    id: str
    kind: str
    label_nl: str = ""
    label_en: str = ""
    definition_en: str = ""
    sources: tuple[str, ...] = ()
    illustrative: bool = False
    unverified: bool = False
    valid_from: date | None = None
    valid_until: date | None = None
    bwb_id: str = ""
    #: life domains an instrument assesses / data categories a system records / payment model of funding
    domains: tuple[str, ...] = ()
    records: tuple[str, ...] = ()
    citizen_facing: bool = False
    payment_model: str = ""
    plan_priority: int | None = None
    #: institutions that use or run this protocol, method, instrument or system (kg:usedBy)
    used_by: tuple[str, ...] = ()

    def valid_on(self, day: date) -> bool:
        return (self.valid_from is None or self.valid_from <= day) and (self.valid_until is None or day <= self.valid_until)

    @property
    def label(self) -> str:
        return self.label_en or self.label_nl or self.id


@dataclass(frozen=True)
class Provision:
    id: str
    needs: tuple[str, ...]
    touch: dict[str, tuple[str, ...]]


@dataclass(frozen=True)
class Arrangement:
    id: str
    model: str
    provision: str
    touch: dict[str, tuple[str, ...]]


@dataclass(frozen=True)
class Precondition:
    id: str
    dependent: str
    prerequisite: str
    scope: str
    municipality: str | None = None
    duration_weeks: float | None = None
    kind: str = ""
    legal_basis: tuple[str, ...] = ()
    #: conditions: the precondition holds only for a case with one of these needs / a member in one of these bands
    if_needs: frozenset[str] = frozenset()
    age_bands: frozenset[str] = frozenset()
    #: dated terms (kg:term); a plain kg:durationWeeks is kept in duration_weeks as an undated term
    terms: tuple[DatedTerm, ...] = ()

    def weeks_on(self, day: date) -> float | None:
        """The term in weeks valid on ``day``: a dated kg:term, else the undated kg:durationWeeks."""
        undated = (DatedTerm(self.duration_weeks),) if self.duration_weeks is not None else ()
        return weeks_on(self.terms + undated, day)

    def applies_to(self, case: "Case") -> bool:
        return (not self.if_needs or bool(self.if_needs & set(case.needs))) and \
            (not self.age_bands or bool(self.age_bands & set(case.age_bands)))


@dataclass(frozen=True)
class Model:
    id: str
    municipality: str
    reference_date: date
    wijkteam: str | None = None


@dataclass(frozen=True)
class Transformation:
    id: str
    kind: str
    target: str | None = None
    replaces_for: frozenset[str] = frozenset()
    applies_to: frozenset[str] = frozenset()
    waives: frozenset[str] = frozenset()
    #: what a merger merges (institutions) or a move replaces (one legal framework)
    sources: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Scenario:
    id: str
    transformations: tuple[Transformation, ...] = ()


@dataclass(frozen=True)
class Reform:
    """A named, sourced change to a municipality model, in the scenario's transformation vocabulary."""

    id: str
    transformations: tuple[Transformation, ...] = ()
    label_nl: str = ""
    label_en: str = ""
    definition_en: str = ""
    sources: tuple[str, ...] = ()
    illustrative: bool = False
    for_model: str | None = None
    #: the file the reform was read from, and transformations of a kind kennisgraaf does not know (refused)
    file: str = ""
    unknown_kinds: tuple[str, ...] = ()

    @property
    def label(self) -> str:
        return self.label_en or self.label_nl or self.id


@dataclass(frozen=True)
class Case:
    id: str
    needs: tuple[str, ...]
    provisions: tuple[str, ...] = ()
    default_model: str | None = None
    age_bands: tuple[str, ...] = ()
    #: horizon, phases and members' ages (kennisgraaf.episodes.CaseTime), None when the case states none
    time: Any = None


@dataclass
class Domain:
    """Everything the algorithms need, keyed by compact id."""

    entities: dict[str, Entity] = field(default_factory=dict)
    provisions: dict[str, Provision] = field(default_factory=dict)
    arrangements: dict[str, dict[str, Arrangement]] = field(default_factory=dict)  # model -> provision -> arr
    preconditions: dict[str, Precondition] = field(default_factory=dict)
    models: dict[str, Model] = field(default_factory=dict)
    scenarios: dict[str, Scenario] = field(default_factory=dict)
    cases: dict[str, Case] = field(default_factory=dict)
    reforms: dict[str, Reform] = field(default_factory=dict)
    need_domain: dict[str, str] = field(default_factory=dict)
    #: alternatives, costs, exclusion grounds, people, mandates, tiers and the case profile (kennisgraaf.practice)
    practice: Any = None
    #: transitions, provisions' decision terms, scenarios that start successors early (kennisgraaf.episodes)
    time: Any = None

    def entity(self, entity_id: str) -> Entity:
        return self.entities.get(entity_id) or Entity(entity_id, "unknown")

    # -- indexes for path resolution (built on first use; rebuilt when the table they index is replaced or
    #    changes size, so a Domain filled by hand after a first resolve still gives the same results) -----------

    def provisions_for(self, need: str) -> list[Provision]:
        """The provisions that address ``need``, in the order of :attr:`provisions`.

        >>> d = Domain(provisions={"svc:a": Provision("svc:a", ("need:x",), {}), "svc:b": Provision("svc:b", (), {})})
        >>> [p.id for p in d.provisions_for("need:x")], d.provisions_for("need:y")
        (['svc:a'], [])
        """
        index = self._index("provisions", self.provisions, _by_need)
        return index.get(need, [])

    def preconditions_of(self, dependent: str, municipality: str | None) -> list[Precondition]:
        """The preconditions on ``dependent`` that can apply in ``municipality``: every national law and practice,
        and the municipal rules of that municipality (validity on a date is left to the caller)."""
        index = self._index("preconditions", self.preconditions, _by_dependent)
        return index.get((dependent, False, None), []) + index.get((dependent, True, municipality), [])

    def cached(self, name: str, key, compute):
        """``compute()``, memoised under ``(name, key)`` until a table of the Domain is replaced or changes size
        (after changing a table in place without changing its size, call :meth:`clear_caches`)."""
        fingerprint = (id(self.entities), len(self.entities), id(self.provisions), len(self.provisions),
                       id(self.arrangements), len(self.arrangements), id(self.preconditions), len(self.preconditions),
                       id(self.models), len(self.models), id(self.need_domain), len(self.need_domain))
        memo = self.__dict__.get("_memo")
        if memo is None or memo[0] != fingerprint:
            memo = self.__dict__["_memo"] = (fingerprint, {})
        table = memo[1]
        try:
            return table[(name, key)]
        except KeyError:
            value = table[(name, key)] = compute()
            return value

    def clear_caches(self) -> None:
        """Forget every index and memoised value (see :meth:`cached`)."""
        self.__dict__.pop("_memo", None)
        self.__dict__.pop("_indexes", None)

    def _index(self, name: str, table: dict, build) -> dict:
        cache = self.__dict__.setdefault("_indexes", {})
        key = (id(table), len(table))
        if name not in cache or cache[name][0] != key:
            cache[name] = (key, build(table))
        return cache[name][1]


def _by_need(provisions: dict[str, Provision]) -> dict[str, list[Provision]]:
    out: dict[str, list[Provision]] = {}
    for provision in provisions.values():
        for need in provision.needs:
            out.setdefault(need, []).append(provision)
    return out


def _by_dependent(preconditions: dict[str, Precondition]) -> dict[tuple, list[Precondition]]:
    out: dict[tuple, list[Precondition]] = {}
    for pc in preconditions.values():
        rule = pc.scope == "MunicipalRule"
        out.setdefault((pc.dependent, rule, pc.municipality if rule else None), []).append(pc)
    return out


def _date(value) -> date | None:
    return date.fromisoformat(str(value)[:10]) if value else None


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


__all__ = ["Domain", "Entity", "Provision", "Arrangement", "Precondition", "Model", "Transformation", "Scenario",
           "Reform", "Case", "SOURCE_KINDS", "load_domain", "TOUCH_PROPERTIES", "TRANSFORMATION_KINDS", "KG"]


def __getattr__(name: str):
    if name == "KG":  # re-exported lazily: the rdflib Namespace is made on first use (kennisgraaf.namespaces)
        from .namespaces import KG
        return KG
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
