"""The case timeline as an inline SVG (issue 14): one lane per need with its provisions as bars over the horizon,
phases as a band on top, deadlines as vertical lines and gaps shaded. Offline: no script, no external resource.
"""

from __future__ import annotations

from html import escape

import networkx as nx

#: Geometry in user units; the SVG scales to the page width (viewBox).
_LEFT, _WIDTH, _LANE, _TOP = 190, 620, 26, 50

_BAR = "#4c78a8"
_GAP = "#e45756"
_DEADLINE = "#222222"


def timeline_svg(G: nx.MultiDiGraph) -> str:
    """The SVG of the path's timeline, or "" when the path has no episodes (no horizon data).

    >>> import networkx as nx
    >>> G = nx.MultiDiGraph(horizon_weeks=52.0, episodes=[{"need": "need:x", "provision": "svc:a", "label": "A",
    ...     "start_week": 0.0, "end_week": 13.0, "providers": ["inst:p"]}],
    ...     gaps=[{"need": "need:x", "from_week": 13.0, "to_week": 21.0, "weeks": 8.0, "explanation": "gap"}],
    ...     deadlines=[{"week": 13.0, "date": "2016-04-01", "latest_apply_week": 5.0, "explanation": "turns 18"}])
    >>> svg = timeline_svg(G)
    >>> svg.startswith("<svg") and 'class="gap"' in svg and 'class="deadline"' in svg
    True
    >>> timeline_svg(nx.MultiDiGraph())
    ''
    """
    episodes = G.graph.get("episodes") or []
    if not episodes:
        return ""
    horizon = float(G.graph.get("horizon_weeks") or 52.0)
    needs = sorted({e["need"] for e in episodes} | {g["need"] for g in G.graph.get("gaps", [])})
    height = _TOP + _LANE * len(needs) + 30
    x = lambda week: _LEFT + _WIDTH * min(max(float(week), 0.0), horizon) / horizon
    lane = {need: _TOP + i * _LANE for i, need in enumerate(needs)}
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {_LEFT + _WIDTH + 20} {height}" role="img" '
             f'aria-label="timeline over {horizon:g} weeks" style="max-width:100%;font:11px sans-serif">']
    months = int(round(horizon * 12 / 52))
    for month in range(0, months + 1, 1 if months <= 12 else 3):  # month ticks along the bottom
        mx = x(month * 52 / 12)
        parts.append(f'<line x1="{mx:.1f}" y1="{_TOP - 4}" x2="{mx:.1f}" y2="{height - 24}" stroke="#ddd"/>'
                     f'<text x="{mx:.1f}" y="{height - 10}" text-anchor="middle" fill="#555">m{month}</text>')
    for p in G.graph.get("phases", []):
        px = x(p["from_week"])
        parts.append(f'<line class="phase" x1="{px:.1f}" y1="{_TOP - 30}" x2="{px:.1f}" y2="{height - 24}" '
                     f'stroke="#888" stroke-dasharray="1 2"/><text x="{px + 3:.1f}" y="{_TOP - 24}" fill="#555">'
                     f'phase from m{p["from_month"]}: {escape(", ".join(p["needs"]))}</text>')
    for need in needs:
        parts.append(f'<text x="{_LEFT - 8}" y="{lane[need] + 15}" text-anchor="end">{escape(need)}</text>')
    for e in episodes:
        if e["end_week"] <= e["start_week"]:
            continue
        x0, x1 = x(e["start_week"]), x(e["end_week"])
        who = ", ".join(e.get("providers", ())) or "-"
        parts.append(f'<rect class="episode" x="{x0:.1f}" y="{lane[e["need"]] + 3}" width="{x1 - x0:.1f}" '
                     f'height="{_LANE - 8}" fill="{_BAR}" rx="3"><title>{escape(e["label"])} ({escape(who)}): weeks '
                     f'{e["start_week"]:g}–{e["end_week"]:g}</title></rect>'
                     f'<text x="{x0 + 4:.1f}" y="{lane[e["need"]] + 15}" fill="#fff">{escape(e["provision"])}</text>')
    for g in G.graph.get("gaps", []):
        x0, x1 = x(g["from_week"]), x(g["to_week"])
        parts.append(f'<rect class="gap" x="{x0:.1f}" y="{lane[g["need"]] + 1}" width="{max(x1 - x0, 1):.1f}" '
                     f'height="{_LANE - 4}" fill="{_GAP}" fill-opacity="0.35" stroke="{_GAP}">'
                     f'<title>gap of {g["weeks"]:g} weeks: {escape(g["explanation"])}</title></rect>')
    for d in G.graph.get("deadlines", []):
        dx, ax = x(d["week"]), x(d["latest_apply_week"])
        parts.append(f'<line class="deadline" x1="{dx:.1f}" y1="{_TOP - 12}" x2="{dx:.1f}" y2="{height - 24}" '
                     f'stroke="{_DEADLINE}" stroke-width="2"><title>{escape(d["explanation"])}</title></line>'
                     f'<text x="{dx + 3:.1f}" y="{_TOP - 16}">{escape(d["date"])}</text>'
                     f'<line class="apply-by" x1="{ax:.1f}" y1="{_TOP - 8}" x2="{ax:.1f}" y2="{height - 24}" '
                     f'stroke="{_DEADLINE}" stroke-dasharray="3 3"><title>latest date to apply: week '
                     f'{d["latest_apply_week"]:g}</title></line>')
    parts.append("</svg>")
    return "".join(parts)
