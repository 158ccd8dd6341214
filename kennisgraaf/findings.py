"""The issue-15 findings of a path as output: JSON keys for ``path --format json`` and lines for the table.

Keys, always present (empty lists where none): ``alternatives`` (each choice point with its branches, the branch
taken, what decides it and the measures of each branch), ``money_loops``, ``unreachable`` (with the rule),
``actor_dependencies``, ``bottlenecks``, ``soft_dependencies`` (kept apart from the hard ``requires``) and
``mandate``; and the issue-14 timeline: ``deadlines``, ``gaps`` and ``regime_switches`` (kennisgraaf.episodes), each
with an ``explanation`` in words, and ``horizon_months``.
"""

from __future__ import annotations

from datetime import date

import networkx as nx

from . import money
from .choices import branch_measures
from .measures.bottlenecks import bottlenecks


def path_findings(G: nx.MultiDiGraph, domain, case: str, municipality: str | None, scenario: str, on) -> dict:
    measured = branch_measures(domain, case, model=municipality, scenario=scenario, on=on) \
        if G.graph.get("alternatives") else {}
    alternatives = []
    for c in G.graph.get("alternatives", []):
        alternatives.append({**c, "branches": [{**b, "measures": measured.get(c["choice"], {}).get(b["branch"])}
                                               for b in c["branches"]]})
    return {"alternatives": alternatives, "money_loops": G.graph.get("money_loops", []),
            "unreachable": G.graph.get("unreachable", []),
            "actor_dependencies": G.graph.get("actor_dependencies", []), "bottlenecks": bottlenecks(G),
            "soft_dependencies": G.graph.get("soft_dependencies", []), "mandate": G.graph.get("mandate"),
            "horizon_months": G.graph.get("horizon_months"), "deadlines": G.graph.get("deadlines", []),
            "gaps": G.graph.get("gaps", []), "regime_switches": G.graph.get("regime_switches", [])}


def findings_lines(G: nx.MultiDiGraph) -> list[str]:
    """One line per finding, for the table output (stdout, after the plan)."""
    lines = []
    for c in G.graph.get("alternatives", []):
        others = ", ".join(b["branch"] for b in c["branches"] if b["branch"] != c["selected"])
        lines.append(f"choice {c['choice']} ({c['decided_by']}): took {c['selected']} ({c['reason']}); "
                     f"other branches: {others}")
    for loop in G.graph.get("money_loops", []):
        lines.append(f"money loop at {loop['step']}: {loop['explanation']}")
    for row in G.graph.get("unreachable", []):
        lines.append(f"unreachable: {row['provision']} by {row['rule']} ({row['label']})")
    for d in G.graph.get("actor_dependencies", []):
        state = f"lifted by {d['lifted_by']}" if d["lifted_by"] else "at risk"
        lines.append(f"depends on {d['actor']}: {d['step']} ({d['needed']}), {state}")
    for s in G.graph.get("soft_dependencies", []):
        lines.append(f"advice (soft, never a deadlock): {s['before']} before {s['after']} ({s['label']})")
    for b in bottlenecks(G):
        lines.append(f"bottleneck {b['step']} ({', '.join(b['kinds'])}): waiting {', '.join(b['waiting']) or '-'}; "
                     f"needs {', '.join(b['needs'])}")
    for d in G.graph.get("deadlines", []):
        lines.append(f"deadline: {d['explanation']}")
    for g in G.graph.get("gaps", []):
        lines.append(f"gap of {g['weeks']:g} weeks for {g['need']} (weeks {g['from_week']:g}-{g['to_week']:g}): "
                     f"{g['explanation']}")
    for r in G.graph.get("regime_switches", []):
        lines.append(f"regime switch in week {r['week']:g}: {r['explanation']}")
    return lines


def money_breakers(domain, G: nx.MultiDiGraph) -> list[dict]:
    """The single changes that break each money loop of the path (:func:`kennisgraaf.money.loop_breakers`)."""
    if not G.graph.get("money_loops"):
        return []
    model = domain.models[G.graph["model"]]
    mandate = domain.practice.mandates.get(model.municipality) if G.graph.get("mandate") else None
    steps = sorted(n for n, k in G.nodes(data="kind") if k == "provision")
    case = G.graph["case"] if ":" in G.graph["case"] else f"case:{G.graph['case']}"
    ctx = money.Context(domain, domain.cases[case], model.municipality,
                        date.fromisoformat(G.graph["date"]),
                        frozenset(G.graph.get("waived", [])), mandate)
    return money.loop_breakers(steps, ctx)
