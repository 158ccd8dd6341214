"""The four "Twee werelden" dimensions of the Eindhoven rekenkamer, as measured sub-scores.

The Eindhoven rekenkamer's report "Twee werelden" (2009) and its 2011 follow-up named four core problems of the
social domain (as summarised in the seed essay "Stop het moddervechten"): over-problematising (people are put in
boxes too soon), over-professionalising (a professional is called in too soon), too many loketten and rules, and
perverse financial incentives (more money when there are more problems). kennisgraaf turns each into a count on
the path; the formulas are kennisgraaf's operationalisation, not the rekenkamer's.
"""

from __future__ import annotations

import networkx as nx

from ..path import needs, precondition_graph, touches
from .counts import distinct_touchpoints

__all__ = ["over_problematising", "over_professionalising", "loketten_and_rules", "perverse_incentives",
           "funding_boundaries", "per_case_funded"]


def _per_need(value: float, G: nx.MultiDiGraph) -> float:
    return value / max(1, len(needs(G)))


def over_problematising(G: nx.MultiDiGraph, perspective: str = "household") -> float:
    """Labels per need: distinct diagnostic instruments and indication protocols per need.

    .. math:: D_1 = (|T_{instruments}| + |T_{protocols}|) / |\\text{needs}|

    Examples
    --------
    >>> from kennisgraaf.measures.examples import example_path
    >>> round(over_problematising(example_path()), 3)
    0.667
    """
    return _per_need(len(distinct_touchpoints(G, "instruments", perspective))
                     + len(distinct_touchpoints(G, "protocols", perspective)), G)


def over_professionalising(G: nx.MultiDiGraph, perspective: str = "household") -> float:
    """Professionals per need: distinct institutions per need.

    .. math:: D_2 = |T_{institutions}| / |\\text{needs}|

    Examples
    --------
    >>> from kennisgraaf.measures.examples import example_path
    >>> over_professionalising(example_path())
    1.0
    """
    return _per_need(len(distinct_touchpoints(G, "institutions", perspective)), G)


def loketten_and_rules(G: nx.MultiDiGraph, perspective: str = "household") -> int:
    """Front doors plus rules: distinct front-door institutions, access protocols and preconditions on the path.

    .. math:: D_3 = |\\text{front doors}| + |T_{protocols}| + |\\text{precondition edges}|

    Examples
    --------
    >>> from kennisgraaf.measures.examples import example_path
    >>> loketten_and_rules(example_path())
    6
    """
    front_doors = {i for _, i, _ in touches(G, perspective, ("deliveredBy",))}
    return len(front_doors) + len(distinct_touchpoints(G, "protocols", perspective)) + \
        precondition_graph(G).number_of_edges()


def per_case_funded(G: nx.MultiDiGraph, perspective: str = "household") -> set[str]:
    """Provisions paid per case (more help brings more money)."""
    return {p for p, f, _ in touches(G, perspective, ("fundedBy",)) if G.nodes[f].get("payment_model") == "per-case"}


def funding_boundaries(G: nx.MultiDiGraph, perspective: str = "household") -> list[tuple[str, str]]:
    """Precondition edges whose two provisions are paid from different funding streams (cost-shifting seams)."""
    funds: dict[str, set[str]] = {}
    for p, f, _ in touches(G, perspective, ("fundedBy",)):
        funds.setdefault(p, set()).add(f)
    return sorted((u, v) for u, v in precondition_graph(G).edges
                  if funds.get(u) and funds.get(v) and funds[u] != funds[v])


def perverse_incentives(G: nx.MultiDiGraph, perspective: str = "household") -> int:
    """Per-case funded provisions plus funding seams along the preconditions.

    .. math:: D_4 = |\\{p : \\text{fund}(p) \\text{ pays per case}\\}| + |\\{(u,v) \\in E_{pre} : \\text{fund}(u) \\ne \\text{fund}(v)\\}|

    Examples
    --------
    >>> from kennisgraaf.measures.examples import example_path
    >>> perverse_incentives(example_path())
    4
    """
    return len(per_case_funded(G, perspective)) + len(funding_boundaries(G, perspective))
