"""Redundancy: the household tells its story again, is assessed again, its data is kept again.

Health-services continuity indices measure only relational continuity; informational and management
fragmentation need their own counts (Haggerty et al. 2003). These three count the duplicates.
"""

from __future__ import annotations

import networkx as nx

from ..path import touches
from .contacts import encounters

__all__ = ["intake_encounters", "repeated_intakes", "assessment_overlap", "repeated_assessments",
           "assessments_by_domain", "duplicate_assessments", "data_overlap", "duplicate_data"]


def intake_encounters(G: nx.MultiDiGraph, perspective: str = "household") -> set[tuple[str, str]]:
    """Distinct intakes: pairs (institution, method) — the same method at another institution is another intake.

    A shared intake that a scenario puts in place (``shared`` edges) is held once for all provisions, so it
    counts as one encounter ("shared", method) whoever delivers the provisions.
    """
    institutions: dict[str, set[str]] = {}
    for p, inst, _ in touches(G, perspective, ("deliveredBy",)):
        institutions.setdefault(p, set()).add(inst)
    encounters = set()
    for p, method, data in touches(G, perspective, ("intakeVia",)):
        holders = {"shared"} if data.get("shared") else institutions.get(p, {"(unknown)"})
        encounters |= {(holder, method) for holder in holders}
    return encounters


def repeated_intakes(G: nx.MultiDiGraph, perspective: str = "household") -> int:
    """Intakes beyond the first: :math:`\\max(0, |\\{(i, m)\\}| - 1)` over institution–method pairs.

    Examples
    --------
    >>> from kennisgraaf.measures.examples import example_path
    >>> repeated_intakes(example_path())
    1
    """
    return max(0, len(intake_encounters(G, perspective)) - 1)


def assessment_overlap(G: nx.MultiDiGraph, perspective: str = "household") -> dict[str, list[str]]:
    """Life domain -> the distinct instruments on the path that assess it."""
    by_domain: dict[str, set[str]] = {}
    for _, instrument, _ in touches(G, perspective, ("assessedWith",)):
        for domain in G.nodes[instrument].get("domains") or ():
            by_domain.setdefault(domain, set()).add(instrument)
    return {d: sorted(i) for d, i in sorted(by_domain.items())}


def repeated_assessments(G: nx.MultiDiGraph, perspective: str = "household") -> int:
    """Repeated assessment of one life domain: :math:`\\sum_d \\max(0, |I_d| - 1)`, I_d the instruments for d.

    Examples
    --------
    >>> from kennisgraaf.measures.examples import example_path
    >>> repeated_assessments(example_path())
    1
    """
    return sum(len(instruments) - 1 for instruments in assessment_overlap(G, perspective).values())


def assessments_by_domain(G: nx.MultiDiGraph, perspective: str = "household") -> dict[str, list[dict]]:
    """Life domain -> the separate assessments of it on the path: one per (institution, instrument) that holds an
    assessment encounter (:func:`kennisgraaf.measures.contacts.encounters`) with an instrument assessing the domain,
    with the steps it serves. The same instrument at two institutions is two assessments; one shared assessment a
    scenario puts in place is one.

    Examples
    --------
    >>> from kennisgraaf.measures.examples import example_path
    >>> assessments_by_domain(example_path())["dom:financien"]
    [{'institution': 'inst:kredietbank', 'instrument': 'instr:vtlb', 'provisions': ['svc:schuldhulp']}, {'institution': 'inst:sociale-dienst', 'instrument': 'instr:zrm', 'provisions': ['svc:bijstand']}]
    """
    found: dict[str, dict[tuple[str, str], set[str]]] = {}
    for e in encounters(G, perspective):
        if e.kind != "assessment":
            continue
        for domain in G.nodes[e.via].get("domains") or ():
            found.setdefault(domain, {}).setdefault((e.institution, e.via), set()).add(e.provision)
    return {d: [{"institution": i, "instrument": t, "provisions": sorted(ps)} for (i, t), ps in sorted(pairs.items())]
            for d, pairs in sorted(found.items())}


def duplicate_assessments(G: nx.MultiDiGraph, perspective: str = "household") -> int:
    """Separate assessments of one life domain beyond the first: :math:`\\sum_d \\max(0, |A_d| - 1)`, with
    :math:`A_d` the distinct (institution, instrument) pairs that assess domain d on the path.

    Examples
    --------
    >>> from kennisgraaf.measures.examples import example_path
    >>> duplicate_assessments(example_path())
    1

    References
    ----------
    .. [1] Haggerty JL et al. (2003). Continuity of care: a multidisciplinary review. BMJ 327:1219–1221
       (informational continuity: what one provider learnt is used by the next).
    """
    return sum(len(a) - 1 for a in assessments_by_domain(G, perspective).values())


def data_overlap(G: nx.MultiDiGraph, perspective: str = "professional") -> dict[str, list[str]]:
    """Data category -> the distinct systems on the path that record it."""
    systems = {s for _, s, _ in touches(G, perspective, ("registeredIn", "drawsOn"))}
    out: dict[str, set[str]] = {}
    for system in systems:
        for category in G.nodes[system].get("records") or ():
            out.setdefault(category, set()).add(system)
    return {c: sorted(s) for c, s in sorted(out.items())}


def duplicate_data(G: nx.MultiDiGraph, perspective: str = "professional") -> int:
    """The same data in several systems: :math:`\\sum_c \\max(0, |S_c| - 1)`, S_c the systems recording c.

    Examples
    --------
    >>> from kennisgraaf.measures.examples import example_path
    >>> duplicate_data(example_path(), "professional")
    1
    >>> duplicate_data(example_path(), "household")
    0

    References
    ----------
    .. [1] Inspectie SZW (2012). Bredere kijk op gegevens (municipalities, UWV and SVB keep data for their own task).
    """
    return sum(len(systems) - 1 for systems in data_overlap(G, perspective).values())
