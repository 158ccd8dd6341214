"""First things first: one household, one plan.

A plan is an order of the path's provisions that respects every precondition (a prerequisite comes before what
needs it) and, among the orders that do, puts the basic life domains first — income, housing, debts and safety
(plan priority 1 in the ZRM life-domain data) — before health, work and participation. It is the
lexicographically smallest topological order of the precondition DAG, with the strongly connected components
(deadlocks) contracted and flagged, keyed by (plan priority, label).

References: the seed essay "De dubbele revolutie van sociale wijkteams" ("first things first": the material
basis first, a variant of Maslow's pyramid); networkx ``lexicographical_topological_sort`` and ``condensation``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import networkx as nx

from .path import condensation, edge_list, memo, precondition_graph, touches

#: Priority given to provisions that serve no need with a known life domain.
UNRANKED = 9


@dataclass(frozen=True)
class Step:
    """One numbered step of the plan."""

    number: int
    provision: str
    label: str
    priority: int
    requires: tuple[str, ...] = ()
    institutions: tuple[str, ...] = ()
    deadlock: int | None = None
    weeks: float | None = None
    needs: tuple[str, ...] = field(default=())

    def as_dict(self) -> dict:
        return {"step": self.number, "provision": self.provision, "label": self.label, "priority": self.priority,
                "requires": list(self.requires), "institutions": list(self.institutions),
                "deadlock": self.deadlock, "weeks": self.weeks, "needs": list(self.needs)}


def provision_priorities(G: nx.MultiDiGraph) -> dict[str, int]:
    """Plan priority of each provision: the most basic life domain it serves, directly or as a prerequisite.

    A provision addressing a need takes that need's domain priority; a prerequisite takes the smallest priority
    among the provisions that (transitively) need it.
    """
    return dict(memo(G, _provision_priorities))


def _provision_priorities(G: nx.MultiDiGraph) -> dict[str, int]:
    P = precondition_graph(G)
    own = {p: UNRANKED for p in P}
    for need, provision, data in edge_list(G):
        if data.get("relation") == "addressedBy":
            own[provision] = min(own[provision], G.nodes[need].get("priority") or UNRANKED)
    return {p: min([own[p]] + [own[d] for d in nx.descendants(P, p)]) for p in P}


def first_things_first(G: nx.MultiDiGraph) -> list[Step]:
    """The plan: a precondition-respecting order with the basic life domains first.

    Provisions caught in a precondition cycle cannot be ordered; they are listed together, each marked with the
    number of its deadlock (1, 2, …), at the place the cycle as a whole would take.

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.MultiDiGraph()
    >>> G.add_node("need:werk", kind="need", priority=3)
    >>> G.add_node("need:inkomen", kind="need", priority=1)
    >>> for p in ("svc:training", "svc:bijstand", "svc:vergunning"):
    ...     G.add_node(p, kind="provision", label=p)
    >>> _ = G.add_edge("need:werk", "svc:training", relation="addressedBy")
    >>> _ = G.add_edge("need:inkomen", "svc:bijstand", relation="addressedBy")
    >>> _ = G.add_edge("svc:vergunning", "svc:bijstand", relation="precondition", precondition="pc:x")
    >>> [s.provision for s in first_things_first(G)]
    ['svc:vergunning', 'svc:bijstand', 'svc:training']
    """
    return list(memo(G, _first_things_first))


def _first_things_first(G: nx.MultiDiGraph) -> list[Step]:
    P = precondition_graph(G)
    priorities = provision_priorities(G)
    C = condensation(G)
    deadlock_number: dict[int, int] = {}
    for component in sorted(C.nodes, key=lambda c: sorted(C.nodes[c]["members"])):
        if len(C.nodes[component]["members"]) > 1:
            deadlock_number[component] = len(deadlock_number) + 1

    def component_key(c: int) -> tuple:
        members = C.nodes[c]["members"]
        return (min(priorities[m] for m in members), min(G.nodes[m].get("label", m) for m in members))

    institutions: dict[str, set[str]] = {}
    for u, v, _ in touches(G, "household", ("deliveredBy",)):
        institutions.setdefault(u, set()).add(v)
    addressed: dict[str, set[str]] = {}
    for need, provision, data in edge_list(G):
        if data.get("relation") == "addressedBy":
            addressed.setdefault(provision, set()).add(need)

    # Soft dependencies (professional advice) order the plan where they agree with the hard preconditions; one
    # that would close a cycle is ignored, so advice never makes a deadlock.
    C = C.copy()
    where = C.graph["mapping"]
    for u, v, data in edge_list(G):
        if data.get("relation") == "soft" and u in where and v in where and where[u] != where[v] \
                and not nx.has_path(C, where[v], where[u]):
            C.add_edge(where[u], where[v])
    steps: list[Step] = []
    for component in nx.lexicographical_topological_sort(C, key=component_key):
        members = sorted(C.nodes[component]["members"], key=lambda m: (priorities[m], G.nodes[m].get("label", m)))
        for provision in members:
            requires = tuple(sorted(P.predecessors(provision)))
            weeks = max((P.edges[r, provision].get("duration_weeks") or 0 for r in requires), default=0) or None
            steps.append(Step(len(steps) + 1, provision, G.nodes[provision].get("label", provision),
                              priorities[provision], requires, tuple(sorted(institutions.get(provision, ()))),
                              deadlock_number.get(component), weeks, tuple(sorted(addressed.get(provision, ())))))
    return steps


def plan_order(G: nx.MultiDiGraph) -> list[str]:
    """Just the provision ids of :func:`first_things_first`, in order."""
    return [step.provision for step in first_things_first(G)]
