"""A read-only snapshot of the graph as plain Python objects, for the graph algorithms.

The algorithms (path resolution, measures, plan, what-if) are pure functions over networkx graphs; this module is
the one place where RDF is turned into Python. Every value keeps the IRI it came from, so that any number can be
traced back to the triples behind it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from .terms import DatedTerm, weeks_on

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

    def cached(self, compute, *args):
        """``compute(self, *args)``, memoised under the function and its arguments until a table of the Domain is
        replaced or changes size (after changing a table in place without changing its size, call
        :meth:`clear_caches`)."""
        fingerprint = (id(self.entities), len(self.entities), id(self.provisions), len(self.provisions),
                       id(self.arrangements), len(self.arrangements), id(self.preconditions), len(self.preconditions),
                       id(self.models), len(self.models), id(self.need_domain), len(self.need_domain))
        memo = self.__dict__.get("_memo")
        if memo is None or memo[0] != fingerprint:
            memo = self.__dict__["_memo"] = (fingerprint, {})
        table = memo[1]
        key = (compute, args)
        try:
            return table[key]
        except KeyError:
            value = table[key] = compute(self, *args)
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
    """A date from an xsd:date or xsd:dateTime literal's text (None when empty)."""
    return date.fromisoformat(str(value)[:10]) if value else None


__all__ = ["Domain", "Entity", "Provision", "Arrangement", "Precondition", "Model", "Transformation", "Scenario",
           "Reform", "Case", "SOURCE_KINDS", "load_domain", "TOUCH_PROPERTIES", "TRANSFORMATION_KINDS", "KG"]


def __getattr__(name: str):
    if name == "load_domain":  # defined with the SPARQL reads it makes (kennisgraaf.loading), which import this module
        from .loading import load_domain
        return load_domain
    if name == "KG":  # re-exported lazily: the rdflib Namespace is made on first use (kennisgraaf.namespaces)
        from .namespaces import KG
        return KG
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
