"""An offline HTML report of a reform ranking: a bar chart as inline SVG, the ranked table, combinations and groups.

The page is one self-contained file: no scripts, no external style sheets, fonts or images (a Content-Security-Policy
forbids them), every text escaped. Only ``http(s)`` sources become links.
"""

from __future__ import annotations

from html import escape

from .reforms import Effect, Ranking

_CSS = """
body { font: 15px/1.45 system-ui, sans-serif; margin: 2rem auto; max-width: 72rem; padding: 0 1rem; color: #1d1d1f; }
h1 { font-size: 1.5rem; } h2 { font-size: 1.15rem; margin-top: 2rem; }
table { border-collapse: collapse; width: 100%; font-size: 0.9rem; }
th, td { border-bottom: 1px solid #ddd; padding: 0.35rem 0.5rem; text-align: left; vertical-align: top; }
th { background: #f4f4f6; } td.num { text-align: right; font-variant-numeric: tabular-nums; }
.note { color: #555; font-size: 0.88rem; } .flag { color: #8a5a00; font-size: 0.8rem; }
svg text { font: 12px system-ui, sans-serif; fill: #1d1d1f; }
.legend span { display: inline-block; width: 0.9rem; height: 0.9rem; vertical-align: middle; margin: 0 0.3rem 0 1rem; }
"""

HOUSEHOLD_COLOUR = "#2e7d32"
PROFESSIONAL_COLOUR = "#ef6c00"


def _e(value) -> str:
    return escape(str(value), quote=True)


def _slug(compact_id: str) -> str:
    return compact_id.split(":", 1)[-1]


def chart_svg(effects: list[Effect], *, width: int = 860, row: int = 34) -> str:
    """A diverging bar chart: per reform the household drop (green) and the load moved to professionals (orange),
    both in composite points summed over the cases; positive to the right."""
    if not effects:
        return ""
    label_w, pad = 300, 10
    values = [v for e in effects for v in (e.household_drop, e.professional_load_moved)]
    low, high = min(0.0, *values), max(0.0, *values)
    span = (high - low) or 1.0
    plot_w = width - label_w - 2 * pad - 60
    def x(v: float) -> float:
        return label_w + pad + (v - low) / span * plot_w
    height = row * len(effects) + 40
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" role="img" '
             f'aria-label="household drop and professional load per reform">']
    zero = x(0.0)
    parts.append(f'<line x1="{zero:.1f}" y1="10" x2="{zero:.1f}" y2="{height - 25}" stroke="#888" stroke-width="1"/>')
    for i, effect in enumerate(effects):
        top = 14 + i * row
        name = effect.id if len(effect.id) <= 44 else effect.id[:43] + "…"
        parts.append(f'<text x="{label_w - 4}" y="{top + 14}" text-anchor="end">{_e(name)}</text>')
        for offset, value, colour in ((0, effect.household_drop, HOUSEHOLD_COLOUR),
                                      (13, effect.professional_load_moved, PROFESSIONAL_COLOUR)):
            left, right = sorted((zero, x(value)))
            parts.append(f'<rect x="{left:.1f}" y="{top + offset}" width="{max(right - left, 0.5):.1f}" height="11" '
                         f'fill="{colour}"><title>{_e(effect.id)}: {value:+.2f}</title></rect>')
            parts.append(f'<text x="{(right if value >= 0 else left) + (4 if value >= 0 else -4):.1f}" '
                         f'y="{top + offset + 10}" text-anchor="{"start" if value >= 0 else "end"}">{value:+.2f}</text>')
    parts.append(f'<text x="{zero:.1f}" y="{height - 8}" text-anchor="middle">0</text>')
    parts.append("</svg>")
    return "".join(parts)


def _sources(sources: tuple[str, ...]) -> str:
    out = []
    for source in sources:
        if source.startswith(("https://", "http://")):
            out.append(f'<a href="{_e(source)}" rel="noreferrer">{_e(source)}</a>')
        else:
            out.append(_e(source))
    return "<br>".join(out)


def _table(ranking: Ranking, effects: list[Effect], *, combinations: bool = False) -> str:
    head = ["size" if combinations else "rank", "reform", "household drop", "deadlocks removed", "weeks saved",
            "professional load moved", "cases changed", "effect by measure"]
    if not combinations:
        head += ["equivalent to", "sources"]
    rows = ["<tr>" + "".join(f"<th>{_e(h)}</th>" for h in head) + "</tr>"]
    for e in effects:
        first = e.reforms[0]
        name = _e(e.id) if combinations else (f"<strong>{_e(ranking.labels.get(first, e.id))}</strong><br>"
                                              f"<code>{_e(e.id)}</code>"
                                              + (' <span class="flag">illustrative</span>'
                                                 if ranking.illustrative.get(first) else ""))
        cells = [f'<td class="num">{e.rank}</td>', f"<td>{name}</td>",
                 f'<td class="num">{e.household_drop:.2f}</td>', f'<td class="num">{e.deadlocks_removed}</td>',
                 f'<td class="num">{e.weeks_saved:g}</td>', f'<td class="num">{e.professional_load_moved:+.2f}</td>',
                 f'<td class="num">{len(e.cases_changed)}</td>', f"<td>{_e(e.explanation(8))}</td>"]
        if not combinations:
            cells += [f"<td>{_e(', '.join(_slug(r) for r in e.equivalent_to))}</td>",
                      f"<td>{_sources(ranking.sources.get(first, ()))}</td>"]
        rows.append("<tr>" + "".join(cells) + "</tr>")
    return "<table>" + "".join(rows) + "</table>"


def render_html(ranking: Ranking, *, title: str | None = None) -> str:
    """The whole report as one HTML document (UTF-8 text)."""
    title = title or f"Reforms ranked for {_slug(ranking.municipality)}"
    base = ranking.baseline
    parts = [
        "<!DOCTYPE html>", '<html lang="en"><head><meta charset="utf-8">',
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; "
        "img-src data:\">",
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{_e(title)}</title><style>{_CSS}</style></head><body>",
        f"<h1>{_e(title)}</h1>",
        f'<p>{len(ranking.cases)} household case(s) scored under <code>{_e(_slug(ranking.municipality))}</code> on '
        f'{_e(ranking.date)}. Before any reform: household composites sum to {base["household_composite"]:.2f}, '
        f'professional composites to {base["professional_composite"]:.2f}; {base["deadlocks"]} deadlock(s); '
        f'{base["critical_chain_weeks"]:g} weeks on critical chains.</p>',
        '<p class="note">Ranked by the drop in total household fragmentation (sum of household composites), then '
        "deadlocks removed, weeks saved on critical chains, and the load moved to professionals (change in the sum of "
        "professional composites; negative means professionals carry less). Ties are broken by id.</p>",
        '<h2>Effect per reform</h2><p class="legend"><span style="background:' + HOUSEHOLD_COLOUR +
        '"></span>household drop<span style="background:' + PROFESSIONAL_COLOUR +
        '"></span>load moved to professionals</p>',
        chart_svg(ranking.reforms),
        "<h2>Ranking</h2>", _table(ranking, ranking.reforms),
    ]
    if ranking.combinations:
        parts += ["<h2>Greedy combinations</h2>",
                  '<p class="note">Start from the best reform and add the reform that makes the combination best, '
                  "while it improves it.</p>", _table(ranking, ranking.combinations, combinations=True)]
    if ranking.groups:
        parts.append("<h2>Equivalent reforms</h2><ul>")
        parts += [f"<li>{_e(' = '.join(_slug(r) for r in g))}: identical effect on every case</li>"
                  for g in ranking.groups]
        parts.append("</ul>")
    if ranking.skipped:
        parts.append("<h2>Not ranked</h2><ul>")
        parts += [f"<li><code>{_e(_slug(r))}</code>: {_e(why)}</li>" for r, why in ranking.skipped]
        parts.append("</ul>")
    parts.append('<p class="note">Cases: ' + _e(", ".join(_slug(c) for c in ranking.cases[:50]))
                 + (f" … and {len(ranking.cases) - 50} more" if len(ranking.cases) > 50 else "") + "</p>")
    parts.append('<p class="note">Generated by kennisgraaf <code>reforms rank</code>. Reforms flagged illustrative '
                 "are modelled from their sources, not documented as such.</p></body></html>")
    return "\n".join(parts)


__all__ = ["render_html", "chart_svg"]
