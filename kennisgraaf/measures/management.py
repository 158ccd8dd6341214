"""Management continuity: how many separate plans the household is held to along its path.

Haggerty et al. (2003) name three kinds of continuity: relational (one provider; UPC, COC), informational (what one
provider learnt is used by the next; the redundancy counts) and management continuity — "a consistent and coherent
approach to the management of a health condition that is responsive to a patient's changing needs", shared care
plans being its instrument. In the Dutch social domain each law brings its own plan: the plan van aanpak of the Wgs,
the re-integration plan of the Participatiewet, the hulpverleningsplan or familiegroepsplan of the Jeugdwet, the
persoonlijk plan inburgering en participatie (PIP) of the Wet inburgering 2021. A provision names the plan it holds
the household to (``kg:requiresPlan``); a scenario with one shared plan (``kg:SharedPlan``) replaces them.
"""

from __future__ import annotations

import networkx as nx

from ..path import touches

__all__ = ["plans", "management_continuity"]


def plans(G: nx.MultiDiGraph, perspective: str = "household") -> dict[str, list[str]]:
    """Plan -> the provisions on the path that hold the household to it, in a perspective.

    Examples
    --------
    >>> from kennisgraaf.measures.examples import example_path, touch
    >>> G = example_path()
    >>> touch(G, "svc:schuldhulp", "plan:wgs-plan-van-aanpak", "requiresPlan", "plan")
    >>> touch(G, "svc:bijstand", "plan:pw-reintegratie", "requiresPlan", "plan")
    >>> plans(G)
    {'plan:pw-reintegratie': ['svc:bijstand'], 'plan:wgs-plan-van-aanpak': ['svc:schuldhulp']}
    """
    out: dict[str, set[str]] = {}
    for provision, plan, _ in touches(G, perspective, ("requiresPlan",)):
        out.setdefault(plan, set()).add(provision)
    return {plan: sorted(ps) for plan, ps in sorted(out.items())}


def management_continuity(G: nx.MultiDiGraph, perspective: str = "household") -> int:
    """The number of separate plans the household is held to: :math:`|\\{q : (p, q) \\in E_{plan}\\}|`.

    0 where no step of the path brings a plan, 1 where one plan covers every step that brings one; each further
    plan is one more set of goals, agreements and reviews the household must keep apart.

    Examples
    --------
    >>> from kennisgraaf.measures.examples import example_path, touch
    >>> G = example_path()
    >>> management_continuity(G)
    0
    >>> touch(G, "svc:schuldhulp", "plan:wgs-plan-van-aanpak", "requiresPlan", "plan")
    >>> touch(G, "svc:bijstand", "plan:pw-reintegratie", "requiresPlan", "plan")
    >>> management_continuity(G)
    2

    References
    ----------
    .. [1] Haggerty JL, Reid RJ, Freeman GK, Starfield BH, Adair CE, McKendry R (2003). Continuity of care: a
       multidisciplinary review. BMJ 327(7425):1219–1221, doi:10.1136/bmj.327.7425.1219.
    """
    return len(plans(G, perspective))
