"""The law and practice that shape a household's path beyond preconditions (issue 15), read from RDF once.

* the case profile: residence status category, household composition, own income, circumstances;
* conditions on that profile, shared by preconditions, branches, exclusion grounds and actor dependencies;
* alternatives (choice points with branches) and priority rules (voorliggende voorziening);
* costs, the provisions that can pay them, and the municipal exclusion grounds;
* actor dependencies (someone else's cooperation) and soft dependencies (professional advice on order);
* mandates per municipality and the tier of institutions a wijkteam front door does not replace;
* the plan's priority table.

A condition left unstated never excludes: a case that states no residence status falls under a rule for any
status. That keeps cases written before the profile existed on the paths they had.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from .namespaces import compact
from .store import KnowledgeGraph

#: Tiers whose institutions stay household contacts under a wijkteam front door.
KEPT_TIERS = frozenset({"kg:NationalBody", "kg:SpecialistProvider"})


@dataclass(frozen=True)
class Profile:
    """What rules may test about a household: categories, never facts about a person."""

    residence_status: str | None = None
    composition: str | None = None
    own_income: bool | None = None
    circumstances: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Condition:
    """Conditions on the profile; an empty field holds for every household.

    >>> Condition(residence=frozenset({"rs:third-country-permit"})).holds(Profile("rs:refugee-permit"))
    False
    >>> Condition(residence=frozenset({"rs:third-country-permit"})).holds(Profile())
    True
    >>> Condition(circumstances=frozenset({"circ:x"})).holds(Profile())
    False
    """

    residence: frozenset[str] = frozenset()
    composition: frozenset[str] = frozenset()
    own_income: bool | None = None
    circumstances: frozenset[str] = frozenset()

    def holds(self, p: Profile) -> bool:
        # A circumstance is a trigger: it must be stated. Categories left unstated never exclude (module doc).
        return ((not self.residence or p.residence_status is None or p.residence_status in self.residence)
                and (not self.composition or p.composition is None or p.composition in self.composition)
                and (self.own_income is None or p.own_income is None or p.own_income == self.own_income)
                and (not self.circumstances or bool(self.circumstances & p.circumstances)))

    @property
    def empty(self) -> bool:
        return not (self.residence or self.composition or self.circumstances) and self.own_income is None


@dataclass(frozen=True)
class Option:
    id: str
    rank: int
    provisions: tuple[str, ...] = ()
    preconditions: tuple[str, ...] = ()
    condition: Condition = Condition()
    label: str = ""


@dataclass(frozen=True)
class Alternative:
    id: str
    need: str
    options: tuple[Option, ...]
    decided_by: str = ""
    label: str = ""
    source: str = ""


@dataclass(frozen=True)
class PriorityRule:
    id: str
    prior: str
    excludes: str
    source: str = ""


@dataclass(frozen=True)
class Cost:
    id: str
    step: str
    amount: float | None
    on: date | None
    label: str = ""
    source: str = ""
    unverified: bool = False


@dataclass(frozen=True)
class ExclusionGround:
    id: str
    municipality: str | None
    provision: str
    cost_of: str | None = None
    condition: Condition = Condition()
    label: str = ""
    source: str = ""


@dataclass(frozen=True)
class ActorDependency:
    id: str
    actor: str
    step: str
    needed: str
    condition: Condition = Condition()
    label: str = ""
    source: str = ""


@dataclass(frozen=True)
class SoftDependency:
    id: str
    before: str
    after: str
    label: str = ""
    source: str = ""


@dataclass(frozen=True)
class Mandate:
    id: str
    municipality: str
    grants: frozenset[str] = frozenset()
    waives: frozenset[str] = frozenset()
    pays: frozenset[str] = frozenset()
    lifts: frozenset[str] = frozenset()
    source: str = ""


@dataclass
class Practice:
    profiles: dict[str, Profile] = field(default_factory=dict)
    conditions: dict[str, Condition] = field(default_factory=dict)  # subject id -> its profile condition
    alternatives: dict[str, Alternative] = field(default_factory=dict)
    priority_rules: list[PriorityRule] = field(default_factory=list)
    costs: dict[str, list[Cost]] = field(default_factory=dict)  # step -> costs
    payers: dict[str, frozenset[str]] = field(default_factory=dict)  # payer -> steps ("*" = any)
    income: frozenset[str] = frozenset()
    exclusions: list[ExclusionGround] = field(default_factory=list)
    actor_dependencies: list[ActorDependency] = field(default_factory=list)
    soft: list[SoftDependency] = field(default_factory=list)
    mandates: dict[str, Mandate] = field(default_factory=dict)  # municipality -> mandate
    tiers: dict[str, str] = field(default_factory=dict)
    need_ranks: dict[str, int] = field(default_factory=dict)
    rest_offset: int = 0
    mandate_scenarios: frozenset[str] = frozenset()

    def profile(self, case_id: str) -> Profile:
        return self.profiles.get(case_id, Profile())

    def allows(self, subject: str, case_id: str) -> bool:
        """Whether the profile condition of a precondition, cost or soft dependency holds (none: it holds)."""
        condition = self.conditions.get(subject)
        return condition is None or condition.holds(self.profile(case_id))

    def plan_rank(self, need: str, domain_priority: int | None) -> int | None:
        """The need's row of the priority table, else its life domain's priority behind the table's rows."""
        if need in self.need_ranks:
            return self.need_ranks[need]
        return None if domain_priority is None else domain_priority + self.rest_offset

    def mandate_for(self, scenario: str, municipality: str) -> Mandate | None:
        return self.mandates.get(municipality) if scenario in self.mandate_scenarios else None


def _multi(kg: KnowledgeGraph, query: str) -> dict[str, set]:
    out: dict[str, set] = defaultdict(set)
    for row in kg.select(query):
        value = row["o"]
        out[compact(row["s"])].add(compact(value) if isinstance(value, str) and value.startswith("http") else value)
    return out


def _conditions(kg: KnowledgeGraph) -> dict[str, Condition]:
    residence = _multi(kg, "SELECT ?s ?o WHERE { ?s kg:appliesToResidenceStatus ?o }")
    composition = _multi(kg, "SELECT ?s ?o WHERE { ?s kg:appliesToComposition ?o }")
    income = _multi(kg, "SELECT ?s ?o WHERE { ?s kg:appliesIfOwnIncome ?o }")
    circumstances = _multi(kg, "SELECT ?s ?o WHERE { ?s kg:appliesIfCircumstance ?o }")
    out = {}
    for sid in set(residence) | set(composition) | set(income) | set(circumstances):
        out[sid] = Condition(frozenset(residence.get(sid, ())), frozenset(composition.get(sid, ())),
                             bool(next(iter(income[sid]))) if sid in income else None,
                             frozenset(circumstances.get(sid, ())))
    return out


def _one(kg: KnowledgeGraph, cls: str, props: dict[str, str]) -> dict[str, dict]:
    """Each subject of ``cls`` -> {name: first value of the property} (with label and source)."""
    optional = " ".join(f"OPTIONAL {{ ?s {p} ?{n} }}" for n, p in props.items())
    rows = kg.select(f"""SELECT ?s ?label ?src {' '.join('?' + n for n in props)} WHERE {{ ?s a {cls} .
        OPTIONAL {{ ?s rdfs:label ?label FILTER(LANG(?label) = "en") }} OPTIONAL {{ ?s dcterms:source ?src }}
        {optional} }} ORDER BY ?s ?src""")
    out: dict[str, dict] = {}
    for row in rows:
        sid = compact(row["s"])
        if sid in out:
            continue
        out[sid] = {k: (compact(v) if isinstance(v, str) and v.startswith("http") else v) for k, v in row.items()}
        out[sid]["label"] = row["label"] or sid
        out[sid]["src"] = str(row["src"] or "")
    return out


def load_practice(kg: KnowledgeGraph) -> Practice:
    """Read every issue-15 structure from the graph (a few SPARQL queries)."""
    pr = Practice()
    conditions = _conditions(kg)
    pr.conditions = conditions
    circ = _multi(kg, "SELECT ?s ?o WHERE { ?s a kg:HouseholdCase ; kg:circumstance ?o }")
    for cid, row in _one(kg, "kg:HouseholdCase", {"rs": "kg:residenceStatus", "hh": "kg:householdComposition",
                                                  "inc": "kg:ownIncome"}).items():
        pr.profiles[cid] = Profile(row["rs"], row["hh"], None if row["inc"] is None else bool(row["inc"]),
                                   frozenset(circ.get(cid, ())))
    option_provisions = _multi(kg, "SELECT ?s ?o WHERE { ?s a kg:AlternativeOption ; kg:optionProvision ?o }")
    option_pcs = _multi(kg, "SELECT ?s ?o WHERE { ?s a kg:AlternativeOption ; kg:optionPrecondition ?o }")
    options = _one(kg, "kg:AlternativeOption", {"rank": "kg:rank"})
    by_alt = _multi(kg, "SELECT ?s ?o WHERE { ?s a kg:Alternative ; kg:option ?o }")
    for aid, row in _one(kg, "kg:Alternative", {"need": "kg:forNeed", "by": "kg:decidedBy"}).items():
        opts = tuple(sorted((Option(o, int(options[o]["rank"] or 9), tuple(sorted(option_provisions.get(o, ()))),
                                    tuple(sorted(option_pcs.get(o, ()))), conditions.get(o, Condition()),
                                    options[o]["label"]) for o in by_alt.get(aid, ()) if o in options),
                            key=lambda o: (o.rank, o.id)))
        pr.alternatives[aid] = Alternative(aid, row["need"], opts, str(row["by"] or ""), row["label"], row["src"])
    pr.priority_rules = [PriorityRule(r, row["prior"], row["excl"], row["src"]) for r, row in
                         sorted(_one(kg, "kg:PriorityRule", {"prior": "kg:prior", "excl": "kg:excludes"}).items())]
    unverified = {compact(r["s"]) for r in kg.select("SELECT ?s WHERE { ?s a kg:Cost ; kg:unverified true }")}
    for cid, row in sorted(_one(kg, "kg:Cost", {"step": "kg:costOf", "amount": "kg:amountEur",
                                                "on": "kg:costDate"}).items()):
        on = date.fromisoformat(str(row["on"])[:10]) if row["on"] else None
        pr.costs.setdefault(row["step"], []).append(
            Cost(cid, row["step"], None if row["amount"] is None else float(row["amount"]), on, row["label"],
                 row["src"], cid in unverified))
    pays = _multi(kg, "SELECT ?s ?o WHERE { ?s kg:paysCostsOf ?o }")
    pr.payers = {p: frozenset(steps) for p, steps in pays.items()}
    pr.income = frozenset(compact(r["s"]) for r in kg.select("SELECT ?s WHERE { ?s kg:providesIncome true }"))
    for eid, row in sorted(_one(kg, "kg:ExclusionGround", {"m": "kg:municipality", "p": "kg:excludesProvision",
                                                           "cost": "kg:excludesCostOf"}).items()):
        pr.exclusions.append(ExclusionGround(eid, row["m"], row["p"], row["cost"], conditions.get(eid, Condition()),
                                             row["label"], row["src"]))
    for did, row in sorted(_one(kg, "kg:ActorDependency", {"actor": "kg:actor", "step": "kg:atStep",
                                                           "needed": "kg:needsFromActor"}).items()):
        pr.actor_dependencies.append(ActorDependency(did, row["actor"], row["step"], str(row["needed"] or ""),
                                                     conditions.get(did, Condition()), row["label"], row["src"]))
    for did, row in sorted(_one(kg, "kg:SoftDependency", {"before": "kg:before", "after": "kg:after"}).items()):
        pr.soft.append(SoftDependency(did, row["before"], row["after"], row["label"], row["src"]))
    lists = {name: _multi(kg, f"SELECT ?s ?o WHERE {{ ?s a kg:Mandate ; kg:{name} ?o }}")
             for name in ("mayGrant", "mayWaive", "mayPayCostOf", "mayLift")}
    for mid, row in sorted(_one(kg, "kg:Mandate", {"m": "kg:mandateOf"}).items()):
        pr.mandates[row["m"]] = Mandate(mid, row["m"], *(frozenset(lists[n].get(mid, ())) for n in lists),
                                        source=row["src"])
    pr.tiers = {compact(r["s"]): compact(r["o"]) for r in kg.select("SELECT ?s ?o WHERE { ?s kg:institutionTier ?o }")}
    ranks = _multi(kg, "SELECT ?s ?o WHERE { ?s a kg:PriorityEntry ; kg:forNeed ?o }")
    for eid, row in _one(kg, "kg:PriorityEntry", {"rank": "kg:planRank", "offset": "kg:restOffset"}).items():
        if row["offset"] is not None:
            pr.rest_offset = int(row["offset"])
        for need in ranks.get(eid, ()):
            pr.need_ranks[need] = int(row["rank"])
    pr.mandate_scenarios = frozenset(compact(r["s"]) for r in
                                     kg.select("SELECT ?s WHERE { ?s kg:usesMunicipalMandate true }"))
    return pr


__all__ = ["Practice", "Profile", "Condition", "Option", "Alternative", "PriorityRule", "Cost", "ExclusionGround",
           "ActorDependency", "SoftDependency", "Mandate", "KEPT_TIERS", "load_practice"]
