"""Resolve a household case into its path: the provisions it needs, their preconditions and touchpoints.

The path is a ``networkx.MultiDiGraph``:

* need nodes (``kind="need"``) with an edge ``need -> provision`` (``relation="addressedBy"``);
* provision nodes (``kind="provision"``) with precondition edges ``prerequisite -> dependent``
  (``relation="precondition"``; read "dependent needs prerequisite first"), carrying the precondition id, its scope
  and its duration in weeks;
* touchpoint nodes (``kind`` framework, protocol, method, instrument, system, institution, funding) with edges
  ``provision -> touchpoint`` keyed by their relation (``deliveredBy``, ``intakeVia``, …). Each touch edge says in
  which perspectives it counts (``household``, ``professional``) and where it came from (``via``: the arrangement,
  the national provision or a scenario transformation) and the triple behind it (``triple``).

Resolution, given a case, a municipality model, a scenario and a date (default: the model's reference date):

1. each need goes to the provisions that address it and are valid on the date, preferring those the model has an
   arrangement for; the case's explicit provisions are added;
2. the precondition closure is added: national preconditions and practices valid on the date, and the municipal
   rules of the model's own municipality, transitively — a precondition with a condition (``kg:appliesIfNeed``,
   ``kg:appliesToAgeBand``) only when the case meets it; preconditions the scenario waives are left out;
3. touchpoints come from the model's arrangement, property by property, else from the national provision; entities
   not valid on the date are left out;
4. the scenario's other transformations put one target (front door, intake, assessment, registration, access
   decision) in place: it replaces the originals in the perspectives it names and is added beside them in the others.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date
from typing import Any

import networkx as nx

from . import actors, money
from .choices import choose, left_out
from .errors import DataError, UnknownIdError
from .model import SOURCE_KINDS, TOUCH_PROPERTIES, TRANSFORMATION_KINDS, Domain, Scenario, Transformation
from .practice import KEPT_TIERS

PERSPECTIVES = ("household", "professional")
GENERIC_WIJKTEAM = "inst:sociaal-wijkteam"

#: Where the household itself meets a touchpoint kind; systems count for the household only when citizen-facing.
_HOUSEHOLD_FACING = {"framework", "protocol", "method", "instrument", "institution", "funding", "plan"}


def resolve(domain: Domain, case_id: str, *, model_id: str | None = None, scenario_id: str = "scen:fragmented",
            on: date | None = None, transformations: tuple[Transformation, ...] = (),
            branch: str | None = None, horizon: int | None = None) -> nx.MultiDiGraph:
    """The path of ``case_id`` under a municipality model and a scenario, as a MultiDiGraph (see module doc).

    ``transformations`` are applied after the scenario's own, as if the scenario stated them (a reform).
    ``branch`` takes that branch at its choice point instead of the one the rules select (kennisgraaf.choices).
    The issue-15 findings go into ``G.graph``: ``alternatives``, ``unreachable``, ``actor_dependencies``,
    ``money_loops``, ``soft_dependencies``, ``mandate`` and ``branch`` (an unreachable step's node also names its
    rule, as ``unreachable``); the issue-14 timeline (``deadlines``,
    ``gaps``, ``regime_switches``, ``episodes``) over ``horizon`` months (default: the case's, else 12)."""
    case = _get(domain.cases, case_id, "case")
    model_id = model_id or case.default_model
    if model_id is None:
        raise DataError(f"case '{case_id}' names no default municipality model", fix="pass --municipality")
    model = _get(domain.models, model_id, "municipality model")
    model_id = model.id  # a slug ("enschede-2008") names the same model as its compact id
    scenario = _get(domain.scenarios, scenario_id, "scenario")
    day = on or model.reference_date
    if not case.needs and not case.provisions:
        raise DataError(f"case '{case_id}' has no needs", fix="add at least one kg:hasNeed need:… to the case")

    G = nx.MultiDiGraph(case=case_id, model=model_id, scenario=scenario_id, date=day.isoformat(),
                        unmet_needs=[], waived=[])
    arranged = domain.arrangements.get(model_id, {})
    changes = tuple(scenario.transformations) + tuple(transformations)
    waived = {pc for t in changes for pc in t.waives}
    practice = domain.practice
    mandate = practice.mandate_for(scenario.id, model.municipality) if practice else None
    if mandate:  # a mandate waives local rules only: a national precondition it lists stays
        waived |= {pc for pc in mandate.waives if pc in domain.preconditions
                   and domain.preconditions[pc].scope == "MunicipalRule"}
    choices = choose(practice, case.id, case.needs, branch)
    dropped, skipped, taken = left_out(choices)

    starting: list[str] = []
    for need in case.needs:
        _add_node(G, domain, need, "need")
        candidates = [p for p in domain.provisions_for(need) if domain.entity(p.id).valid_on(day)]
        chosen = [p.id for p in candidates if p.id in arranged] or [p.id for p in candidates]
        chosen = [p for p in chosen if p not in dropped] + \
            [p for p in taken.get(need, ()) if p not in chosen and domain.entity(p).valid_on(day)]
        if not chosen:
            G.graph["unmet_needs"].append(need)
        for pid in sorted(chosen):
            _add_node(G, domain, pid, "provision")
            G.add_edge(need, pid, key="addressedBy", relation="addressedBy")
            starting.append(pid)
    starting += list(case.provisions)

    _add_closure(G, domain, starting, model.municipality, day, waived, case, skipped)
    for pid in [n for n, k in G.nodes(data="kind") if k == "provision"]:
        # keyed by the model only where it arranges the provision: unarranged ones share their touch specs
        _add_touchpoints(G, domain, pid, model_id if pid in arranged else None, day)
    wijkteam = model.wijkteam or GENERIC_WIJKTEAM
    for transformation in changes:
        if transformation.kind != "PreconditionWaiver":
            apply_transformation(G, domain, transformation, wijkteam)
    _add_findings(G, domain, case, model.municipality, day, frozenset(waived), mandate, choices)
    from .episodes import add_time_findings  # here: kennisgraaf.measures imports this module
    add_time_findings(G, domain, case, model, scenario.id, day, mandate, horizon)
    return G


def _add_findings(G: nx.MultiDiGraph, domain: Domain, case, municipality: str, day: date, waived: frozenset[str],
                  mandate, choices) -> None:
    practice = domain.practice
    G.graph["alternatives"] = [c.as_dict() for c in choices]
    G.graph["branch"] = {c.alternative.id: c.selected for c in choices}
    G.graph["mandate"] = mandate.id if mandate else None
    G.graph["soft_dependencies"] = actors.add_soft_edges(G, practice, case.id)
    G.graph["unreachable"] = actors.unreachable(G, practice, case.id, municipality, mandate)
    for row in G.graph["unreachable"]:
        G.nodes[row["provision"]]["unreachable"] = row["rule"]
    G.graph["actor_dependencies"] = actors.actor_dependencies(G, practice, case.id, mandate)
    steps = sorted(n for n, k in G.nodes(data="kind") if k == "provision")
    G.graph["money_loops"] = money.money_loops(steps, money.Context(domain, case, municipality, day, waived, mandate))


def _get(table: dict, given: str, kind: str):
    prefix = {"case": "case", "municipality model": "model", "scenario": "scen"}[kind]
    key = given if ":" in given else f"{prefix}:{given}"
    if key not in table:
        raise UnknownIdError(kind, given, [k.split(":", 1)[1] for k in table])
    return table[key]


def _add_node(G: nx.MultiDiGraph, domain: Domain, node_id: str, kind: str | None = None) -> None:
    if node_id in G:
        return
    G.add_node(node_id, **domain.cached(_node_attributes, node_id, kind))


def _node_attributes(domain: Domain, node_id: str, kind: str | None) -> dict:
    entity = domain.entity(node_id)
    return dict(kind=kind or entity.kind, label=entity.label, label_nl=entity.label_nl,
                label_en=entity.label_en, source=entity.sources[0] if entity.sources else "",
                illustrative=entity.illustrative, domains=entity.domains, records=entity.records,
                payment_model=entity.payment_model, life_domain=domain.need_domain.get(node_id),
                citizen_facing=entity.citizen_facing, used_by=entity.used_by,
                priority=_priority(domain, node_id),
                tier=domain.practice.tiers.get(node_id, "") if domain.practice else "")


def _priority(domain: Domain, node_id: str) -> int | None:
    own = domain.entity(domain.need_domain.get(node_id, "")).plan_priority
    return domain.practice.plan_rank(node_id, own) if domain.practice and node_id in domain.need_domain else own


def _add_closure(G: nx.MultiDiGraph, domain: Domain, starting: list[str], municipality: str, day: date,
                 waived: set[str], case, skipped: frozenset[str] = frozenset()) -> None:
    queue, seen = deque(starting), set()
    while queue:
        pid = queue.popleft()
        if pid in seen:
            continue
        seen.add(pid)
        _add_node(G, domain, pid, "provision")
        # Indexed by dependent and municipality: national preconditions and practices, and this municipality's rules.
        applicable = [pc for pc in domain.preconditions_of(pid, municipality)
                      if pc.applies_to(case) and domain.entity(pc.id).valid_on(day) and pc.id not in skipped
                      and (domain.practice is None or domain.practice.allows(pc.id, case.id))]
        for pc in sorted(applicable, key=lambda p: p.id):
            if pc.id in waived:
                G.graph["waived"].append(pc.id)
                continue
            _add_node(G, domain, pc.prerequisite, "provision")
            G.add_edge(pc.prerequisite, pid, key=pc.id, relation="precondition", precondition=pc.id,
                       scope=pc.scope, duration_weeks=pc.weeks_on(day), label=domain.entity(pc.id).label,
                       source=(domain.entity(pc.id).sources or ("",))[0])
            queue.append(pc.prerequisite)


def _add_touchpoints(G: nx.MultiDiGraph, domain: Domain, pid: str, model_id: str | None, day: date) -> None:
    # The touch edges of a provision depend only on the provision, the model's arrangement of it (None: the national
    # provision's own) and the date: computed once.
    specs = domain.cached(_touch_specs, pid, model_id, day)
    for target, kind, prop, household, via, triple in specs:
        _add_node(G, domain, target, kind)
        G.add_edge(pid, target, key=prop, relation=prop, household=household, professional=True,
                   via=via, triple=triple)


def _touch_specs(domain: Domain, pid: str, model_id: str | None, day: date) -> list[tuple]:
    arrangement = domain.arrangements.get(model_id, {}).get(pid)
    national = domain.provisions.get(pid)
    specs = []
    for prop, kind in TOUCH_PROPERTIES.items():
        own = arrangement.touch.get(prop) if arrangement else None
        values, via = (own, arrangement.id) if own else ((national.touch.get(prop, ()) if national else ()), pid)
        for target in values:
            entity = domain.entity(target)
            if not entity.valid_on(day):
                continue
            household = kind in _HOUSEHOLD_FACING or entity.citizen_facing
            specs.append((target, kind, prop, household, via, (via, f"kg:{prop}", target)))
    return specs


def apply_transformation(G: nx.MultiDiGraph, domain: Domain, t: Transformation, wijkteam: str) -> None:
    """Put ``t.target`` in place on the provisions in scope (see module doc, step 4). Mutates ``G``."""
    relations = TRANSFORMATION_KINDS[t.kind]
    target = wijkteam if t.target in (None, "kg:ModelWijkteam") else t.target
    kind = TOUCH_PROPERTIES[relations[0]]
    if t.kind in SOURCE_KINDS:
        _replace_sources(G, domain, t, target, relations, kind)
        return
    _add_node(G, domain, target, kind)
    # A shared front door, intake, assessment, registration or access decision stands in for the provisions' own:
    # it applies to the provisions in scope that have such a touchpoint, and gives none to those that had none.
    # Honest scenarios: a provision a national body or a specialist provider delivers keeps its own door, intake,
    # assessment and registration unless the transformation names that institution (kg:source, with a source).
    provisions = [n for n, k in G.nodes(data="kind") if k == "provision" and (not t.applies_to or n in t.applies_to)
                  and any(d.get("relation") in relations for _, _, d in G.out_edges(n, data=True))
                  and not national(G, n, t)]
    for pid in provisions:
        for perspective in PERSPECTIVES:
            replace = perspective in t.replaces_for
            if replace:
                for _, _, key, data in G.out_edges(pid, keys=True, data=True):
                    if data.get("relation") in relations:
                        data[perspective] = False
                        data.setdefault("replaced_by", t.id)
            # Added beside the originals, a front door coordinates rather than being another contact.
            relation = relations[0] if (replace or t.kind != "OneFrontDoor") else "coordinatedBy"
            key = f"{relation}@{t.id}"
            if not G.has_edge(pid, target, key):
                G.add_edge(pid, target, key=key, relation=relation, household=False, professional=False,
                           via=t.id, shared=True, triple=(t.id, "kg:target", target))
            G.edges[pid, target, key][perspective] = True


def national(G: nx.MultiDiGraph, pid: str, t: Transformation) -> bool:
    """Whether ``pid`` is delivered by a national body or specialist provider that ``t`` does not name."""
    return any(d.get("relation") == "deliveredBy" and G.nodes[v].get("tier") in KEPT_TIERS and v not in t.sources
               for _, v, d in G.out_edges(pid, data=True))


def _replace_sources(G: nx.MultiDiGraph, domain: Domain, t: Transformation, target: str,
                     relations: tuple[str, ...], kind: str) -> None:
    """A merger or a move of legal basis: on the provisions in scope, each touch edge to one of ``t.sources`` is
    replaced by the same relation to ``target``, in the perspectives ``t.replaces_for`` names (both when it names
    none: a merged organisation or a changed law is the same for household and professional). Edges to other
    touchpoints stay; a provision that touched none of the sources is left alone."""
    perspectives = tuple(p for p in PERSPECTIVES if p in t.replaces_for) or PERSPECTIVES
    edges = [(u, v, key, data) for u, v, key, data in G.edges(keys=True, data=True)
             if data.get("relation") in relations and v in t.sources and v != target
             and G.nodes[u].get("kind") == "provision" and (not t.applies_to or u in t.applies_to)]
    if edges:
        _add_node(G, domain, target, kind)
    for pid, _, _, data in edges:
        key = f"{data['relation']}@{t.id}"
        if not G.has_edge(pid, target, key):
            G.add_edge(pid, target, key=key, relation=data["relation"], household=False, professional=False,
                       via=t.id, shared=True, triple=(t.id, "kg:target", target))
        for perspective in perspectives:
            if data.get(perspective):
                data[perspective] = False
                data.setdefault("replaced_by", t.id)
                G.edges[pid, target, key][perspective] = True


def with_transformation(G: nx.MultiDiGraph, domain: Domain, t: Transformation, wijkteam: str) -> nx.MultiDiGraph:
    """A copy of the path with one more transformation applied (for what-if)."""
    H = G.copy()
    if t.kind == "PreconditionWaiver":
        H.remove_edges_from([(u, v, k) for u, v, k, r in H.edges(keys=True, data="precondition") if r in t.waives])
        H.graph["waived"] = list(H.graph.get("waived", [])) + sorted(t.waives)
    else:
        apply_transformation(H, domain, t, wijkteam)
    return H


#: id(G) -> structures derived from G, while a :func:`derived` block on G is open.
_DERIVED: dict[int, dict[Any, Any]] = {}


@contextmanager
def derived(G: nx.MultiDiGraph) -> Iterator[None]:
    """Within the block, what the measures derive from ``G`` (its provisions, precondition graph, touch edges per
    perspective, plan order, condensation) is computed once and shared. ``G`` must not change inside the block.

    >>> from kennisgraaf.measures.examples import example_path
    >>> G = example_path()
    >>> with derived(G):
    ...     precondition_graph(G) is precondition_graph(G)
    True
    >>> precondition_graph(G) is precondition_graph(G)
    False
    """
    key = id(G)
    if key in _DERIVED:  # nested: the outer block owns the cache
        yield
        return
    _DERIVED[key] = {}
    try:
        yield
    finally:
        _DERIVED.pop(key, None)


def memo(G: nx.MultiDiGraph, compute: Callable[..., Any], *args: Any) -> Any:
    """``compute(G, *args)``, computed once per :func:`derived` block on ``G`` (every time outside one).

    The function and its arguments are the key: two callers share a value only when they compute the same thing,
    never because they picked the same name.
    """
    cache = _DERIVED.get(id(G))
    if cache is None:
        return compute(G, *args)
    key = (compute, args)
    if key not in cache:
        cache[key] = compute(G, *args)
    return cache[key]


def provisions(G: nx.MultiDiGraph) -> list[str]:
    """The provision nodes of a path, sorted."""
    return list(memo(G, _provisions))


def _provisions(G: nx.MultiDiGraph) -> list[str]:
    return sorted(n for n, k in G.nodes(data="kind") if k == "provision")


def needs(G: nx.MultiDiGraph) -> list[str]:
    """The need nodes of a path, sorted."""
    return sorted(n for n, k in G.nodes(data="kind") if k == "need")


def edge_list(G: nx.MultiDiGraph) -> list[tuple[str, str, dict]]:
    """Every edge ``(u, v, data)`` of the path, in networkx order (one pass over G per :func:`derived` block)."""
    return memo(G, _edge_list)


def _edge_list(G: nx.MultiDiGraph) -> list[tuple[str, str, dict]]:
    return list(G.edges(data=True))


def precondition_graph(G: nx.MultiDiGraph) -> nx.DiGraph:
    """Provisions with their precondition edges only (prerequisite -> dependent), as a simple DiGraph.

    Inside a :func:`derived` block the same graph is returned to every caller: treat it as read-only.
    """
    return memo(G, _precondition_graph)


def _precondition_graph(G: nx.MultiDiGraph) -> nx.DiGraph:
    P = nx.DiGraph()
    P.add_nodes_from((n, G.nodes[n]) for n in provisions(G))
    for u, v, data in edge_list(G):
        if data.get("relation") == "precondition":
            if P.has_edge(u, v):
                P.edges[u, v]["preconditions"].append(data["precondition"])
                P.edges[u, v]["duration_weeks"] = max(P.edges[u, v]["duration_weeks"] or 0, data["duration_weeks"] or 0) or None
            else:
                P.add_edge(u, v, preconditions=[data["precondition"]], duration_weeks=data.get("duration_weeks"),
                           scope=data.get("scope"))
    return P


def condensation(G: nx.MultiDiGraph) -> nx.DiGraph:
    """``networkx.condensation`` of the precondition graph (strongly connected components contracted)."""
    return memo(G, _condensation)


def _condensation(G: nx.MultiDiGraph) -> nx.DiGraph:
    return nx.condensation(precondition_graph(G))


def touches(G: nx.MultiDiGraph, perspective: str, relations: tuple[str, ...] | None = None) -> list[tuple]:
    """Touch edges ``(provision, touchpoint, data)`` that count in ``perspective``, optionally of some relations."""
    if perspective not in PERSPECTIVES:
        raise ValueError(f"perspective must be one of {PERSPECTIVES}")
    return list(memo(G, _touches, perspective, relations))


def _touches(G: nx.MultiDiGraph, perspective: str, relations: tuple[str, ...] | None) -> list[tuple]:
    counting = memo(G, _counting_touches, perspective)
    return counting if relations is None else [(u, v, d) for u, v, d in counting if d.get("relation") in relations]


def _counting_touches(G: nx.MultiDiGraph, perspective: str) -> list[tuple]:
    return [(u, v, d) for u, v, d in edge_list(G) if d.get(perspective)]


__all__ = ["resolve", "apply_transformation", "with_transformation", "provisions", "needs", "precondition_graph",
           "touches", "derived", "memo", "edge_list", "condensation", "PERSPECTIVES", "Scenario"]
