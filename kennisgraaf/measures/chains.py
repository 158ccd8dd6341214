"""The critical chain: the longest run of preconditions before the last need can be met."""

from __future__ import annotations

import networkx as nx

from ..path import condensation, memo, precondition_graph

__all__ = ["critical_chain_nodes", "critical_chain", "critical_chain_weeks"]


def _condensed(G: nx.MultiDiGraph) -> tuple[nx.DiGraph, nx.DiGraph]:
    return memo(G, _condense)


def _condense(G: nx.MultiDiGraph) -> tuple[nx.DiGraph, nx.DiGraph]:
    P = precondition_graph(G)
    C = condensation(G)  # shared with the plan, which reads only the members
    for u, v in C.edges:
        weeks = [P.edges[a, b].get("duration_weeks") or 0 for a in C.nodes[u]["members"]
                 for b in C.nodes[v]["members"] if P.has_edge(a, b)]
        C.edges[u, v]["weeks"] = max(weeks, default=0)
    return P, C


def critical_chain_nodes(G: nx.MultiDiGraph) -> list[str]:
    """The provisions on the longest precondition chain, prerequisites first.

    Deadlocked provisions (a strongly connected component) count as one block of all their members.
    """
    _, C = _condensed(G)
    if C.number_of_nodes() == 0:
        return []
    size = {c: len(C.nodes[c]["members"]) for c in C}
    best: dict[int, tuple[int, list[int]]] = {}
    for c in nx.topological_sort(C):
        preds = [best[p] for p in C.predecessors(c)]
        length, chain = max(preds, default=(0, []), key=lambda item: (item[0], [-x for x in item[1]]))
        best[c] = (length + size[c], chain + [c])
    _, chain = max(best.values(), key=lambda item: item[0])
    return [m for c in chain for m in sorted(C.nodes[c]["members"])]


def critical_chain(G: nx.MultiDiGraph) -> int:
    """Length in steps (provisions) of the longest precondition chain.

    .. math:: L = \\max_{\\pi \\in \\text{chains}(C(P))} \\sum_{c \\in \\pi} |c|

    over the condensation C(P) of the precondition graph (each strongly connected component c counted with its
    size). A path with one provision and no preconditions has L = 1; an empty path 0.

    Examples
    --------
    >>> from kennisgraaf.measures.examples import example_path
    >>> critical_chain(example_path())
    3

    References
    ----------
    .. [1] Kelley JE, Walker MR (1959). Critical-path planning and scheduling. Proc. Eastern Joint Computer Conf.
    """
    return len(critical_chain_nodes(G))


def critical_chain_weeks(G: nx.MultiDiGraph) -> float:
    """The least time, in weeks, before the last need can be met: the longest path weighted by the statutory
    durations of the preconditions (time limits, waiting periods); preconditions without a known duration count 0.

    .. math:: W = \\max_{\\pi} \\sum_{(u,v) \\in \\pi} w(u, v)

    Examples
    --------
    >>> from kennisgraaf.measures.examples import example_path
    >>> critical_chain_weeks(example_path())
    8.0
    """
    _, C = _condensed(G)
    if C.number_of_nodes() == 0:
        return 0.0
    return float(nx.dag_longest_path_length(C, weight="weeks", default_weight=0))
