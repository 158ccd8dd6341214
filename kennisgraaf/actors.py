"""People the path depends on, exclusion grounds, and soft dependencies: three findings read from data.

* **Actor dependencies**: a step that needs someone else's cooperation (an ex-partner's information for a debt
  overview, a parent's signature, an informal intermediary who takes the household to a desk) is at risk, and so
  is every step that waits for it. A mandate that lists the dependency (``kg:mayLift``) lifts it: the team starts
  without complete data.
* **Exclusion grounds**: a municipal ground for refusing a provision (``kg:excludesProvision`` without
  ``kg:excludesCostOf``) whose profile condition holds makes the provision unreachable for the household, with
  the rule; a mandate that lists the ground (``kg:mayWaive``) waives it.
* **Soft dependencies**: professional advice on order (``kg:SoftDependency``) between two steps on the path.
  They order the plan but are kept out of the precondition graph, so they never make a deadlock.
"""

from __future__ import annotations

import networkx as nx

from .practice import Mandate, Practice


def actor_dependencies(G: nx.MultiDiGraph, practice: Practice | None, case_id: str,
                       mandate: Mandate | None) -> list[dict]:
    """Each actor dependency of a step on the path: the actor, the step at risk, the steps waiting for it."""
    if practice is None:
        return []
    profile = practice.profile(case_id)
    P = nx.DiGraph((u, v) for u, v, r in G.edges(data="relation") if r == "precondition")
    out = []
    for d in practice.actor_dependencies:
        if d.step not in G or not d.condition.holds(profile):
            continue
        lifted = mandate.id if mandate and d.id in mandate.lifts else None
        waiting = sorted(nx.descendants(P, d.step)) if d.step in P else []
        out.append({"dependency": d.id, "actor": d.actor, "step": d.step, "needed": d.needed, "label": d.label,
                    "source": d.source, "waiting": waiting, "at_risk": lifted is None, "lifted_by": lifted})
    return out


def unreachable(G: nx.MultiDiGraph, practice: Practice | None, case_id: str, municipality: str,
                mandate: Mandate | None) -> list[dict]:
    """Provisions on the path refused to this household by an exclusion ground of the model's municipality."""
    if practice is None:
        return []
    profile = practice.profile(case_id)
    out = []
    for g in practice.exclusions:
        if g.cost_of or g.provision not in G or g.municipality not in (None, municipality) \
                or not g.condition.holds(profile):
            continue
        if mandate and g.id in mandate.waives:
            continue
        served = sorted(u for u, _, r in G.in_edges(g.provision, data="relation") if r == "addressedBy")
        out.append({"provision": g.provision, "rule": g.id, "label": g.label, "source": g.source,
                    "municipality": g.municipality, "needs": served})
    return out


def add_soft_edges(G: nx.MultiDiGraph, practice: Practice | None, case_id: str) -> list[dict]:
    """Put the soft dependencies between steps on the path into ``G`` (relation ``soft``); return them."""
    if practice is None:
        return []
    out = []
    for s in practice.soft:
        if s.before in G and s.after in G and practice.allows(s.id, case_id):
            G.add_edge(s.before, s.after, key=s.id, relation="soft", dependency=s.id, label=s.label, source=s.source)
            out.append({"dependency": s.id, "before": s.before, "after": s.after, "label": s.label,
                        "source": s.source, "hard": False})
    return out


__all__ = ["actor_dependencies", "unreachable", "add_soft_edges"]
