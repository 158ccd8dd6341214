"""Contacts and hand-offs along a precondition-respecting order of the path."""

from __future__ import annotations

import networkx as nx

from ..path import memo, touches
from ..plan import plan_order

__all__ = ["contact_sequence", "contacts", "handoffs"]

CONTACT_RELATIONS = ("deliveredBy", "involves")


def contact_sequence(G: nx.MultiDiGraph, perspective: str = "household") -> list[tuple[str, str]]:
    """The household's (or worker's) contacts in plan order, as ``(provision, institution)`` pairs.

    Walking the provisions in the first-things-first order (:func:`kennisgraaf.plan.first_things_first`), each
    provision gives one contact per institution that delivers it or is involved in it, in the perspective.

    Examples
    --------
    >>> from kennisgraaf.measures.examples import example_path
    >>> [inst for _, inst in contact_sequence(example_path())]
    ['inst:sociale-dienst', 'inst:kredietbank', 'inst:corporatie']
    """
    return list(memo(G, ("contact_sequence", perspective), lambda: _contact_sequence(G, perspective)))


def _contact_sequence(G: nx.MultiDiGraph, perspective: str) -> list[tuple[str, str]]:
    by_provision: dict[str, list[str]] = {}
    for provision, institution, data in touches(G, perspective, CONTACT_RELATIONS):
        by_provision.setdefault(provision, []).append(institution)
    def by_label(institution: str) -> tuple[str, str]:
        return (G.nodes[institution].get("label", institution), institution)

    return [(p, i) for p in plan_order(G) for i in sorted(set(by_provision.get(p, ())), key=by_label)]


def contacts(G: nx.MultiDiGraph, perspective: str = "household") -> int:
    """The number of contacts N: :math:`N = \\sum_{p} |I(p)|` over provisions p with institutions I(p).

    Examples
    --------
    >>> from kennisgraaf.measures.examples import example_path
    >>> contacts(example_path())
    3
    """
    return len(contact_sequence(G, perspective))


def handoffs(G: nx.MultiDiGraph, perspective: str = "household") -> int:
    """Hand-offs: consecutive contacts with different institutions, :math:`\\sum_j [v_j \\ne v_{j+1}]`.

    Equal to :math:`(N - 1)(1 - \\mathrm{SECON})` (Steinwachs 1979): every hand-off is a moment where the
    household must tell its story again or be referred on.

    Examples
    --------
    >>> from kennisgraaf.measures.examples import example_path
    >>> handoffs(example_path())
    2

    References
    ----------
    .. [1] Steinwachs DM (1979). Measuring provider continuity in ambulatory care. Medical Care 17(6):551–565.
    """
    sequence = [institution for _, institution in contact_sequence(G, perspective)]
    return sum(a != b for a, b in zip(sequence, sequence[1:]))
