"""Deadlocks: preconditions that go in circles, so that no order of the path can satisfy them."""

from __future__ import annotations

from itertools import islice

import networkx as nx

from ..path import memo, precondition_graph

__all__ = ["deadlocks", "explain_cycle", "MAX_CYCLES"]

#: At most this many cycles are listed per strongly connected component (their number can grow exponentially).
MAX_CYCLES = 20


def deadlocks(G: nx.MultiDiGraph) -> list[list[str]]:
    """The precondition cycles of a path, each as a list of provisions in "A needs B needs …" order.

    A deadlock exists exactly when the precondition graph has a strongly connected component with more than one
    provision (or a provision that needs itself); each simple cycle in such a component is listed (at most
    ``MAX_CYCLES`` per component), rotated to start at its smallest id, so the result is deterministic.

    .. math:: \\text{deadlocks}(G) = \\{ C : C \\text{ a simple cycle of } P(G) \\}

    Examples
    --------
    >>> from kennisgraaf.measures.examples import example_path
    >>> deadlocks(example_path())
    [['svc:schuldhulp', 'svc:woning']]

    References
    ----------
    .. [1] Tarjan R (1972). Depth-first search and linear graph algorithms. SIAM J Comput 1(2):146–160.
    .. [2] Johnson DB (1975). Finding all the elementary circuits of a directed graph. SIAM J Comput 4(1):77–84.
    """
    return [list(cycle) for cycle in memo(G, _deadlocks)]


def _deadlocks(G: nx.MultiDiGraph) -> list[list[str]]:
    P = precondition_graph(G)
    found: list[list[str]] = []
    for component in nx.strongly_connected_components(P):
        if len(component) == 1 and not any(P.has_edge(n, n) for n in component):
            continue
        for cycle in islice(nx.simple_cycles(P.subgraph(component)), MAX_CYCLES):
            needs_order = list(reversed(cycle))  # edges run prerequisite -> dependent
            start = needs_order.index(min(needs_order))
            found.append(needs_order[start:] + needs_order[:start])
    return sorted(found)


def explain_cycle(G: nx.MultiDiGraph, cycle: list[str]) -> str:
    """A readable chain: "A needs B (pc:…) needs A".

    Examples
    --------
    >>> from kennisgraaf.measures.examples import example_path
    >>> explain_cycle(example_path(), ['svc:schuldhulp', 'svc:woning'])
    'svc:schuldhulp needs svc:woning (pc:b) needs svc:schuldhulp (pc:a)'
    """
    parts = [G.nodes[cycle[0]].get("label", cycle[0])]
    for dependent, prerequisite in zip(cycle, cycle[1:] + cycle[:1]):
        ids = sorted(d.get("precondition") for d in G.get_edge_data(prerequisite, dependent, default={}).values()
                     if d.get("relation") == "precondition")
        parts.append(f"needs {G.nodes[prerequisite].get('label', prerequisite)} ({', '.join(ids)})")
    return " ".join(parts)
