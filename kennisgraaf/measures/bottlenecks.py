"""Bottlenecks: steps that many other steps wait for, and steps where several needs converge.

A step is *waited for* when its out-degree on the precondition graph is at least ``MIN_WAITING`` (a first
registration that yields the BSN, say); a step is a *convergence* when at least ``MIN_NEEDS`` needs of the case
lead to it — it serves them directly or is a (transitive) prerequisite of a provision that does. Each bottleneck
lists the steps waiting and the needs involved.
"""

from __future__ import annotations

import networkx as nx

from ..path import edge_list, memo, precondition_graph

__all__ = ["MIN_WAITING", "MIN_NEEDS", "bottlenecks", "bottleneck_count", "needs_of_steps"]

MIN_WAITING = 2
MIN_NEEDS = 2


def needs_of_steps(G: nx.MultiDiGraph) -> dict[str, set[str]]:
    """Provision -> the needs that lead to it (served directly, or through a provision that needs it)."""
    return memo(G, _needs_of_steps)


def _needs_of_steps(G: nx.MultiDiGraph) -> dict[str, set[str]]:
    P = precondition_graph(G)
    out: dict[str, set[str]] = {p: set() for p in P}
    for need, provision, data in edge_list(G):
        if data.get("relation") == "addressedBy" and provision in P:
            for step in nx.ancestors(P, provision) | {provision}:
                out[step].add(need)
    return out


def bottlenecks(G: nx.MultiDiGraph) -> list[dict]:
    """Each bottleneck step with what makes it one (``waited_for``, ``convergence`` or both).

    .. math:: B = \\{ p : \\deg^+_P(p) \\ge 2 \\} \\cup \\{ p : |N(p)| \\ge 2 \\}

    Examples
    --------
    >>> from kennisgraaf.measures.examples import example_path
    >>> [(b["step"], b["kinds"]) for b in bottlenecks(example_path())]
    [('svc:bijstand', ['convergence']), ('svc:schuldhulp', ['convergence']), ('svc:woning', ['convergence'])]

    References
    ----------
    .. [1] Issue 15 (bottlenecks and ordering); out-degree centrality (Freeman 1978).
    """
    P = precondition_graph(G)
    needs = needs_of_steps(G)
    out = []
    for step in sorted(P):
        waiting = sorted(P.successors(step))
        kinds = (["waited_for"] if len(waiting) >= MIN_WAITING else []) + \
            (["convergence"] if len(needs[step]) >= MIN_NEEDS else [])
        if kinds:
            out.append({"step": step, "label": G.nodes[step].get("label", step), "kinds": kinds,
                        "waiting": waiting, "needs": sorted(needs[step])})
    return out


def bottleneck_count(G: nx.MultiDiGraph) -> int:
    """The number of bottleneck steps, :math:`|B|`.

    >>> from kennisgraaf.measures.examples import example_path
    >>> bottleneck_count(example_path())
    3
    """
    return len(bottlenecks(G))
