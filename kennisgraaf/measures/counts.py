"""The six Enschede counts of a path: distinct frameworks, protocols, methods, instruments, systems, institutions.

A worker helping one problem family in Enschede (2008) had to find their way through 25 legal frameworks,
17 indication protocols, 23 methods of vraagverheldering, 31 diagnostic instruments and 27 registration and
reporting systems, brought in by about 25 institutions (seed essay "De dubbele revolutie van sociale wijkteams",
citing a 2008 municipal inventory). These functions count the same six things on one household's path.

Institutions are counted from the path's contacts, not from catalogue links: an institution counts when the
household (or the worker) meets it in an encounter of a step (:func:`kennisgraaf.measures.contacts.encounters`) —
as deliverer or decision-maker, as the holder of an intake, assessment, decision or citizen-facing registration it
runs (``kg:usedBy``), and for the professional also as an institution with a role in the step (``kg:involves``) or a
coordinating front door. An arrangement listing ``kg:involves`` institutions thus adds them for the household only
where they hold one of the step's encounters.
"""

from __future__ import annotations

import networkx as nx

from ..path import touches
from .contacts import encounters

__all__ = ["COUNT_RELATIONS", "distinct_touchpoints", "touchpoint_count", "enschede_counts"]

#: Which touch relations feed each count (institutions: the relations whose triples explain an encounter).
COUNT_RELATIONS: dict[str, tuple[str, ...]] = {
    "frameworks": ("legalBasis",),
    "protocols": ("accessVia",),
    "methods": ("intakeVia",),
    "instruments": ("assessedWith",),
    "systems": ("registeredIn", "drawsOn"),
    "institutions": ("deliveredBy", "involves", "coordinatedBy"),
}


def distinct_touchpoints(G: nx.MultiDiGraph, kind: str, perspective: str = "household") -> set[str]:
    """The distinct touchpoints of one kind that count in a perspective.

    .. math:: T_k(P) = \\{ t : (p, t) \\in E_k,\\ p \\in P,\\ \\text{edge counts in the perspective} \\}

    Examples
    --------
    >>> from kennisgraaf.measures.examples import example_path
    >>> sorted(distinct_touchpoints(example_path(), "institutions"))
    ['inst:corporatie', 'inst:kredietbank', 'inst:sociale-dienst']
    >>> sorted(distinct_touchpoints(example_path(), "systems"))
    []
    >>> sorted(distinct_touchpoints(example_path(), "systems", "professional"))
    ['sys:gws', 'sys:schuld']
    """
    if kind == "institutions":
        return {e.institution for e in encounters(G, perspective)}
    return {target for _, target, _ in touches(G, perspective, COUNT_RELATIONS[kind])}


def touchpoint_count(G: nx.MultiDiGraph, kind: str, perspective: str = "household") -> int:
    """The number of distinct touchpoints of one kind, :math:`|T_k(P)|`.

    Examples
    --------
    >>> from kennisgraaf.measures.examples import example_path
    >>> touchpoint_count(example_path(), "methods")
    1

    References
    ----------
    .. [1] Seed essay "De dubbele revolutie van sociale wijkteams" (Enschede 2008 inventory: 25/17/23/31/27/25; on the
       model's date and in the right classes 25/16/17/26/27/25, see the model's ``kg:countNote``).
    """
    return len(distinct_touchpoints(G, kind, perspective))


def enschede_counts(G: nx.MultiDiGraph, perspective: str = "household") -> dict[str, int]:
    """All six counts, keyed frameworks, protocols, methods, instruments, systems, institutions.

    Examples
    --------
    >>> from kennisgraaf.measures.examples import example_path
    >>> enschede_counts(example_path())
    {'frameworks': 3, 'protocols': 0, 'methods': 1, 'instruments': 2, 'systems': 0, 'institutions': 3}
    """
    return {kind: touchpoint_count(G, kind, perspective) for kind in COUNT_RELATIONS}
