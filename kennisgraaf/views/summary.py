"""A printable one-page A4 summary of a case path for a case conference: who the household is, the path in plan
order (first things first), the deadlocks written out, the findings, and the scores of both perspectives.

A static page: no script, no graph library, nothing from the network (a Content-Security-Policy says so); print
CSS sizes it to one A4 sheet (``@page { size: A4 }``). Long lists are cut with a count of what was left out, so the
page stays one sheet; the full lists are in ``kennisgraaf path`` and the interactive view.
"""

from __future__ import annotations

from typing import Any

import networkx as nx

from .. import __version__
from ..findings import findings_lines
from ..model import Domain
from ..namespaces import compact
from .build import SUMMARY_MEASURES, path_panel
from .render import environment, static_text, write_atomic

#: At most this many steps, findings and notes on the sheet (the rest is counted, not dropped silently).
MAX_STEPS, MAX_FINDINGS, MAX_NOTES = 16, 8, 5

CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'"


def _cut(items: list[Any], limit: int) -> tuple[list[Any], int]:
    """The first ``limit`` items and how many were left out.

    >>> _cut([1, 2, 3], 2)
    ([1, 2], 1)
    """
    return items[:limit], max(0, len(items) - limit)


def _readable(line: str, G: nx.MultiDiGraph, domain: Domain) -> str:
    """A findings line with compact ids (svc:…, need:…) replaced by their labels, where the path knows them."""
    words = []
    for word in line.split(" "):
        core = word.strip(",;()")
        label = None
        if ":" in core and not core.startswith("http"):
            node = G.nodes.get(core) if core in G else None
            label = (node or {}).get("label") or (domain.entity(core).label if core in domain.entities else None)
        words.append(word.replace(core, label) if label and label != core else word)
    return " ".join(words)


def summary_context(domain: Domain, G: nx.MultiDiGraph, weights: dict | None = None, *, description: str = "",
                    definition: str = "") -> dict[str, Any]:
    """What the sheet shows, as plain data (escaped by the template)."""
    panel = path_panel(domain, G, "", weights)
    steps, more_steps = _cut(panel.steps, MAX_STEPS)
    findings, more_findings = _cut([_readable(line, G, domain) for line in findings_lines(G)], MAX_FINDINGS)
    notes = [n for n in panel.notes if n.startswith(("unmet need", "waived"))]
    notes, more_notes = _cut(notes, MAX_NOTES)
    case = G.graph["case"]
    needs = sorted({_need_label(domain, G, n) for n in G.nodes if G.nodes[n].get("kind") == "need"})
    return {"title": description or case.split(":", 1)[-1], "definition": definition,
            "case": compact(case).split(":", 1)[-1], "scenario": G.graph["scenario"].split(":", 1)[-1],
            "model": G.graph["model"].split(":", 1)[-1], "date": G.graph["date"], "needs": needs,
            "steps": steps, "more_steps": more_steps, "deadlocks": panel.deadlocks, "findings": findings,
            "more_findings": more_findings, "notes": notes, "more_notes": more_notes,
            "composite": panel.composite, "score": [r for r in panel.score if r["measure"] in SUMMARY_MEASURES],
            "timeline_svg": panel.timeline_svg, "version": __version__}


def _need_label(domain: Domain, G: nx.MultiDiGraph, need: str) -> str:
    return G.nodes[need].get("label") or (domain.entity(need).label if need in domain.entities else need)


def render_summary(domain: Domain, G: nx.MultiDiGraph, weights: dict | None = None, *, description: str = "",
                   definition: str = "") -> str:
    """The summary sheet as one HTML document."""
    context = summary_context(domain, G, weights, description=description, definition=definition)
    return environment().get_template("summary.html").render(**context, csp=CSP, css=static_text("summary.css"))


def write_summary(path, domain: Domain, G: nx.MultiDiGraph, weights: dict | None = None, **texts: str):
    """Render the sheet and write it atomically to ``path``."""
    return write_atomic(path, render_summary(domain, G, weights, **texts))


__all__ = ["render_summary", "summary_context", "write_summary"]
