"""Time on the path: lead times, gaps, deadlines, regime switches and continuity across episodes.

The timeline itself is built by :mod:`kennisgraaf.episodes` into ``G.graph``; the functions here are the small
pure formulas it uses and the measures ``score`` reports from it.
"""

from __future__ import annotations

from collections.abc import Sequence

import networkx as nx

from .continuity import coc, upc

__all__ = ["WEEKS_PER_MONTH", "week_of_age", "lead_time", "gap_weeks", "deadline_count", "total_gap_weeks",
           "regime_switch_count", "monthly_providers", "episode_continuity"]

#: A month is a twelfth of a 52-week year, so that a quarter is exactly 13 weeks.
WEEKS_PER_MONTH = 52 / 12


def week_of_age(years: int, months: int, age: int) -> float:
    """Week offset from the case date at which a member aged ``years`` y ``months`` m turns ``age``.

    .. math:: w = (12·A − (12·y + m)) · 52/12

    >>> week_of_age(17, 9, 18)
    13.0
    >>> week_of_age(18, 2, 18) < 0
    True
    """
    return round((12 * age - (12 * years + months)) * WEEKS_PER_MONTH, 2)


def lead_time(intake_weeks: float, waiting_weeks: float, decision_weeks: float) -> float:
    """Weeks between applying for a provision and its start: the new intake's term, the waiting period and the
    decision term valid on the case date.

    .. math:: \\ell = t_{intake} + t_{wait} + t_{decision}

    >>> lead_time(6, 0, 2)
    8.0

    Reference: Awb art. 4:13 (decision terms); Participatiewet art. 41(4) (search period for under-27s).
    """
    return float(intake_weeks + waiting_weeks + decision_weeks)


def gap_weeks(applied: float, lead: float, end: float) -> float:
    """Weeks without provision between the end of a predecessor and the start of its successor.

    .. math:: g = \\max(0,\\; a + \\ell - e)

    with ``a`` the week the successor is applied for, ``ℓ`` its lead time and ``e`` the week the predecessor ends.

    >>> gap_weeks(13, 8, 13), gap_weeks(5, 8, 13)
    (8.0, 0.0)

    Reference: the 18-/18+ transition problem (Stimulansz, "De overgang van Jeugdwet naar Wmo 2015 na 18 jaar").
    """
    return round(max(0.0, float(applied) + float(lead) - float(end)), 2)


def deadline_count(G: nx.MultiDiGraph) -> int:
    """Number of deadlines inside the horizon: moments a provision ends or gives way and a successor is due.

    .. math:: D = |\\{d : 0 < w_d \\le H\\}|

    >>> from kennisgraaf.measures.examples import example_path
    >>> deadline_count(example_path())
    0
    """
    return len(G.graph.get("deadlines", []))


def total_gap_weeks(G: nx.MultiDiGraph) -> float:
    """Sum of the gaps, in weeks, over every need: the time a need goes without any provision.

    .. math:: \\Sigma g = \\sum_{gaps} (t_{to} − t_{from})

    >>> import networkx as nx
    >>> total_gap_weeks(nx.MultiDiGraph(gaps=[{"weeks": 8.0}, {"weeks": 4.5}]))
    12.5
    """
    return round(float(sum(g["weeks"] for g in G.graph.get("gaps", []))), 2)


def regime_switch_count(G: nx.MultiDiGraph) -> int:
    """Number of regime switches: a need whose funding (kg:fundedBy) or gatekeeper (kg:accessVia) changes from one
    provision to its successor within the horizon (e.g. Wmo/Zvw → Wlz).

    >>> import networkx as nx
    >>> regime_switch_count(nx.MultiDiGraph(regime_switches=[{"need": "need:x"}]))
    1
    """
    return len(G.graph.get("regime_switches", []))


def monthly_providers(episodes: Sequence[dict], need: str, horizon_weeks: float) -> list[str]:
    """The contact sequence of one need over the horizon: at the start of each month, each provider delivering a
    provision for the need then (a month without provision is no contact).

    >>> eps = [{"need": "n", "start_week": 0, "end_week": 13, "providers": ["a"]},
    ...        {"need": "n", "start_week": 13, "end_week": 52, "providers": ["b"]}]
    >>> monthly_providers(eps, "n", 26.0)
    ['a', 'a', 'a', 'b', 'b', 'b']
    """
    out = []
    months = int(round(horizon_weeks / WEEKS_PER_MONTH))
    for month in range(months):
        week = round(month * WEEKS_PER_MONTH, 2)
        for e in episodes:
            if e["need"] == need and e["start_week"] <= week < e["end_week"]:
                out.extend(e["providers"])
    return out


def episode_continuity(G: nx.MultiDiGraph) -> dict[str, dict[str, float | None]]:
    """UPC and Bice–Boxerman COC of providers per need, over the months of the horizon (one contact per provider
    per month), for the needs whose provisions change within the horizon.

    .. math:: UPC = \\max_i n_i / N, \\qquad COC = (\\sum_i n_i^2 − N) / (N (N − 1))

    >>> import networkx as nx
    >>> eps = [{"need": "n", "provision": "p", "start_week": 0, "end_week": 34.67, "providers": ["a"]},
    ...        {"need": "n", "provision": "q", "start_week": 34.67, "end_week": 52, "providers": ["b"]}]
    >>> episode_continuity(nx.MultiDiGraph(episodes=eps, horizon_weeks=52.0))
    {'n': {'upc': 0.6667, 'coc': 0.5152, 'contacts': 12}}

    References: Breslau & Reeb (1975) UPC; Bice & Boxerman (1977) COC; Pollack et al. (2016) on measuring
    continuity from sequences of provider contacts.
    """
    episodes = G.graph.get("episodes", [])
    horizon = G.graph.get("horizon_weeks", 0.0)
    changing = sorted({e["need"] for e in episodes
                       if len({x["provision"] for x in episodes if x["need"] == e["need"]}) > 1})
    out = {}
    for need in changing:
        seq = monthly_providers(episodes, need, horizon)
        u, c = upc(seq), coc(seq)
        out[need] = {"upc": None if u is None else round(u, 4), "coc": None if c is None else round(c, 4),
                     "contacts": len(seq)}
    return out
