"""What if: the fewest waivers that end every deadlock, and the single change that helps most.

References: a minimum feedback arc set is NP-hard in general (Karp 1972); for the handful of preconditions in one
household's path it is solved exactly by trying waiver sets in order of size; above ``EXACT_LIMIT`` candidate edges
the greedy heuristic of Eades, Lin and Smyth (1993) is used and the result says so.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import combinations

import networkx as nx

from .model import Domain, Transformation
from .path import GENERIC_WIJKTEAM, precondition_graph, with_transformation
from .report import load_weights, score_path

#: Exact search is used up to this many precondition edges inside deadlocks.
EXACT_LIMIT = 16

#: The single changes tried besides waivers: (kind, target, perspectives it replaces for, description).
CHANGES = (
    ("OneFrontDoor", "kg:ModelWijkteam", ("household",), "one case manager: the wijkteam is the household's only front door"),
    ("SharedIntake", "meth:een-gezin-een-plan", ("household", "professional"), "one intake for all provisions"),
    ("SharedRegistration", "sys:gedeeld-huishoudplan", ("household",), "one shared plan and registration"),
    ("SharedAssessment", "instr:zrm-2017", ("household",), "one shared assessment (ZRM)"),
)


@dataclass(frozen=True)
class Waivers:
    """A set of precondition waivers that makes the path free of deadlocks."""

    preconditions: tuple[str, ...]
    exact: bool


def minimum_waivers(G: nx.MultiDiGraph) -> Waivers:
    """The smallest set of preconditions whose waiver removes every precondition cycle (a minimum feedback arc set).

    Parallel preconditions between the same two provisions must all be waived to remove that edge; the set is
    minimal in the number of preconditions waived.

    Examples
    --------
    >>> from kennisgraaf.measures.examples import example_path
    >>> minimum_waivers(example_path())
    Waivers(preconditions=('pc:a',), exact=True)
    """
    P = precondition_graph(G)
    cyclic = [(u, v) for component in nx.strongly_connected_components(P) if len(component) > 1 or
              any(P.has_edge(n, n) for n in component) for u, v in P.subgraph(component).edges]
    if not cyclic:
        return Waivers((), True)

    def cost(edges) -> int:
        return sum(len(P.edges[e]["preconditions"]) for e in edges)

    def breaks_all(edges) -> bool:
        H = P.copy()
        H.remove_edges_from(edges)
        return nx.is_directed_acyclic_graph(H)

    if len(cyclic) <= EXACT_LIMIT:
        best = None
        for size in range(1, len(cyclic) + 1):
            for edges in combinations(sorted(cyclic), size):
                if breaks_all(edges) and (best is None or (cost(edges), edges) < (cost(best), best)):
                    best = edges
            if best is not None and cost(best) <= size:
                break
        return Waivers(tuple(sorted(pc for e in best for pc in P.edges[e]["preconditions"])), True)
    chosen: list[tuple[str, str]] = []
    H = P.copy()
    while not nx.is_directed_acyclic_graph(H):
        cycle = nx.find_cycle(H)
        edge = min(cycle, key=lambda e: (len(H.edges[e[0], e[1]]["preconditions"]), e))[:2]
        chosen.append(edge)
        H.remove_edge(*edge)
    return Waivers(tuple(sorted(pc for e in chosen for pc in P.edges[e]["preconditions"])), False)


@dataclass(frozen=True)
class Change:
    """One candidate change and what it does to the composite."""

    kind: str
    target: str
    description: str
    composite_before: float
    composite_after: float
    #: the critical chain was blocked by a deadlock and completes after the change (issue 14): it is unblocked,
    #: which no difference in weeks can express (a blocked chain has no length)
    unblocks_chain: bool = False
    weeks_before: float | None = None
    weeks_after: float | None = None

    @property
    def delta(self) -> float:
        return round(self.composite_after - self.composite_before, 2)

    def as_dict(self) -> dict:
        return {"kind": self.kind, "target": self.target, "description": self.description,
                "composite_before": self.composite_before, "composite_after": self.composite_after,
                "delta": self.delta, "unblocks_chain": self.unblocks_chain,
                "critical_chain_weeks_before": self.weeks_before, "critical_chain_weeks_after": self.weeks_after}


def candidate_changes(G: nx.MultiDiGraph, domain: Domain) -> list[Transformation]:
    """Every single change tried: a waiver of each precondition on the path, and the four integrations."""
    candidates = [Transformation(f"whatif:waive:{pc}", "PreconditionWaiver", waives=frozenset({pc}))
                  for pc in sorted({pc for _, _, d in precondition_graph(G).edges(data=True) for pc in d["preconditions"]})]
    for kind, target, replaces, _ in CHANGES:
        if target.startswith("kg:") or target in domain.entities:
            candidates.append(Transformation(f"whatif:{kind}", kind, target, frozenset(replaces)))
    return candidates


def rank_changes(G: nx.MultiDiGraph, domain: Domain, perspective: str = "household",
                 weights: dict | None = None) -> list[Change]:
    """Every single change with its effect on the composite, best (largest drop) first; ties by kind and target."""
    weights = weights if weights is not None else load_weights()
    base = score_path(G, perspective, weights)
    before, weeks_before = base.composite, base.measures["critical_chain_weeks"]
    wijkteam = domain.models[G.graph["model"]].wijkteam or GENERIC_WIJKTEAM
    descriptions = {kind: text for kind, _, _, text in CHANGES}
    changes = []
    for t in candidate_changes(G, domain):
        scored = score_path(with_transformation(G, domain, t, wijkteam), perspective, weights)
        after, weeks_after = scored.composite, scored.measures["critical_chain_weeks"]
        if t.kind == "PreconditionWaiver":
            pc = next(iter(t.waives))
            target, text = pc, f"waive: {domain.entity(pc).label}"
        else:
            target = wijkteam if t.target == "kg:ModelWijkteam" else t.target
            text = descriptions[t.kind]
        changes.append(Change(t.kind, target, text, before, after, weeks_before is None and weeks_after is not None,
                              weeks_before, weeks_after))
    return sorted(changes, key=lambda c: (c.delta, c.kind, c.target))
