"""An offline HTML report of a reform ranking: a bar chart as inline SVG, the ranked table, combinations and groups.

The page is one self-contained file: no scripts, no external style sheets, fonts or images (a Content-Security-Policy
forbids them), every text escaped. Only ``http(s)`` sources become links.
"""

from __future__ import annotations

from html import escape

from .reforms import Effect, Ranking
from .views.report_html import REPORT_CSS, Safe, chart, public_source, scroll_table

_CSS = """
body { font: 15px/1.45 system-ui, sans-serif; margin: 2rem auto; max-width: 72rem; padding: 0 1rem; color: #1d1d1f; }
h1 { font-size: 1.5rem; } h2 { font-size: 1.15rem; margin-top: 2rem; }
table { border-collapse: collapse; width: 100%; font-size: 0.9rem; }
th, td { border-bottom: 1px solid #ddd; padding: 0.35rem 0.5rem; text-align: left; vertical-align: top; }
th { background: #f4f4f6; } td.num { text-align: right; font-variant-numeric: tabular-nums; }
.note { color: #555; font-size: 0.88rem; } .flag { color: #8a5a00; font-size: 0.8rem; }
svg text { font: 12px system-ui, sans-serif; fill: #1d1d1f; }
th.num { text-align: right; }
.legend span { display: inline-block; width: 0.9rem; height: 0.9rem; vertical-align: middle; margin: 0 0.3rem 0 1rem; }
"""

HOUSEHOLD_COLOUR = "#2e7d32"
PROFESSIONAL_COLOUR = "#ef6c00"


def _e(value) -> str:
    return escape(str(value), quote=True)


def _slug(compact_id: str) -> str:
    return compact_id.split(":", 1)[-1]


def effect_name(ranking: Ranking, effect: Effect) -> str:
    """A reform's (or combination's) name as the table shows it: the labels, joined by ' + '."""
    return " + ".join(ranking.labels.get(r, _slug(r)) for r in effect.reforms)


def load_wording(professional_load_moved: float) -> str:
    """Which way a reform moves the professionals' load, in words (the change in the sum of professional composites).

    >>> load_wording(-11.64)
    'professionals carry 11.64 points less'
    >>> load_wording(2.5)
    'professionals carry 2.50 points more (load moved behind the front door)'
    >>> load_wording(0.0)
    'professionals carry the same load'
    """
    if professional_load_moved < 0:
        return f"professionals carry {-professional_load_moved:.2f} points less"
    if professional_load_moved > 0:
        return f"professionals carry {professional_load_moved:.2f} points more (load moved behind the front door)"
    return "professionals carry the same load"


def household_wording(household_drop: float) -> str:
    """Which way a reform moves the households' load, in words.

    >>> household_wording(135.47)
    'households carry 135.47 points less'
    >>> household_wording(-3.0)
    'households carry 3.00 points more'
    """
    if household_drop > 0:
        return f"households carry {household_drop:.2f} points less"
    if household_drop < 0:
        return f"households carry {-household_drop:.2f} points more"
    return "households carry the same load"


def chart_svg(effects: list[Effect], names: list[str] | None = None, *, width: int = 860, row: int = 34) -> str:
    """A diverging bar chart: per reform the household drop (green) and the change in the professionals' load
    (orange), both in composite points summed over the cases; right of zero is more, left is less."""
    if not effects:
        return ""
    names = names or [e.id for e in effects]
    label_w, pad, gutter = 300, 10, 58  # the gutter holds a negative bar's value left of the bar
    values = [v for e in effects for v in (e.household_drop, e.professional_load_moved)]
    low, high = min(0.0, *values), max(0.0, *values)
    span = (high - low) or 1.0
    plot_w = width - label_w - 2 * pad - 2 * gutter
    def x(v: float) -> float:
        return label_w + pad + gutter + (v - low) / span * plot_w
    height = row * len(effects) + 40
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="{width}" '
             f'height="{height}" role="img" aria-labelledby="reforms-chart-title">'
             '<title id="reforms-chart-title">Per reform: drop in the households\' load (green) and change in the '
             'professionals\' load (orange), composite points summed over the cases; the table below lists them'
             '</title>']
    zero = x(0.0)
    parts.append(f'<line x1="{zero:.1f}" y1="10" x2="{zero:.1f}" y2="{height - 25}" stroke="#767676" stroke-width="1"/>')
    for i, (effect, name) in enumerate(zip(effects, names)):
        top = 14 + i * row
        short = name if len(name) <= 44 else name[:43] + "…"
        parts.append(f'<text x="{label_w - 4}" y="{top + 14}" text-anchor="end"><title>{_e(name)}</title>'
                     f'{_e(short)}</text>')
        for offset, value, colour, what in ((0, effect.household_drop, HOUSEHOLD_COLOUR,
                                             household_wording(effect.household_drop)),
                                            (13, effect.professional_load_moved, PROFESSIONAL_COLOUR,
                                             load_wording(effect.professional_load_moved))):
            left, right = sorted((zero, x(value)))
            parts.append(f'<rect x="{left:.1f}" y="{top + offset}" width="{max(right - left, 0.5):.1f}" height="11" '
                         f'fill="{colour}"><title>{_e(name)}: {_e(what)}</title></rect>')
            parts.append(f'<text x="{(right if value >= 0 else left) + (4 if value >= 0 else -4):.1f}" '
                         f'y="{top + offset + 10}" text-anchor="{"start" if value >= 0 else "end"}">{value:+.2f}</text>')
    parts.append(f'<text x="{zero:.1f}" y="{height - 8}" text-anchor="middle">0</text>')
    parts.append("</svg>")
    return "".join(parts)


def _chart_figure(ranking: Ranking) -> str:
    names = [effect_name(ranking, e) for e in ranking.reforms]
    rows = [(name, f"{e.household_drop:.2f}", f"{e.professional_load_moved:+.2f}",
             f"{household_wording(e.household_drop)}; {load_wording(e.professional_load_moved)}")
            for name, e in zip(names, ranking.reforms)]
    return chart(chart_svg(ranking.reforms, names),
                 "Effect per reform: green, the drop in the households' load; orange, the change in the "
                 "professionals' load (left of zero: less)",
                 ("reform", "household drop", "professional load change", "in words"), rows, numeric=(1, 2))


def _sources(sources: tuple[str, ...]) -> str:
    out = []
    for source in sources:
        if source.startswith(("https://", "http://")):
            out.append(f'<a href="{_e(source)}" rel="noreferrer">{_e(source)}</a>')
        else:
            out.append(_e(public_source(source)))
    return "<br>".join(out)


def _table(ranking: Ranking, effects: list[Effect], *, combinations: bool = False) -> str:
    head = ["size" if combinations else "rank", "reform", "household drop", "deadlocks removed", "weeks saved",
            "professional load", "cases changed", "effect by measure"]
    if not combinations:
        head += ["equivalent to", "sources"]
    rows = []
    for e in effects:
        first = e.reforms[0]
        name = Safe(f"<strong>{_e(effect_name(ranking, e))}</strong><br><code>{_e(e.id)}</code>"
                    + (' <span class="flag">illustrative</span>'
                       if not combinations and ranking.illustrative.get(first) else ""))
        load = Safe(f"{e.professional_load_moved:+.2f}<br><small>{_e(load_wording(e.professional_load_moved))}"
                    "</small>")
        cells = [e.rank, name, f"{e.household_drop:.2f}", e.deadlocks_removed, f"{e.weeks_saved:g}", load,
                 len(e.cases_changed), e.explanation(8)]
        if not combinations:
            cells += [", ".join(ranking.labels.get(r, _slug(r)) for r in e.equivalent_to), Safe(_sources(ranking.sources.get(first, ())))]
        rows.append(cells)
    return scroll_table(head, rows, label="greedy combinations" if combinations else "reforms ranked",
                        numeric=(0, 2, 3, 4, 5, 6))


def render_html(ranking: Ranking, *, title: str | None = None) -> str:
    """The whole report as one HTML document (UTF-8 text)."""
    title = title or f"Reforms ranked for {_slug(ranking.municipality)}"
    base = ranking.baseline
    parts = [
        "<!DOCTYPE html>", '<html lang="en"><head><meta charset="utf-8">',
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; "
        "img-src data:\">",
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{_e(title)}</title><style>{_CSS}{REPORT_CSS}</style></head><body>",
        f"<h1>{_e(title)}</h1>",
        f'<p>{len(ranking.cases)} household case(s) scored under <code>{_e(_slug(ranking.municipality))}</code> on '
        f'{_e(ranking.date)}. Before any reform: household composites sum to {base["household_composite"]:.2f}, '
        f'professional composites to {base["professional_composite"]:.2f}; {base["deadlocks"]} deadlock(s); '
        f'{base["critical_chain_weeks"]:g} weeks on critical chains that complete, '
        f'{base.get("critical_chains_blocked", 0)} chain(s) blocked by a deadlock.</p>',
        '<p class="note">Ranked by the drop in total household fragmentation (sum of household composites), then '
        "deadlocks removed, weeks saved on critical chains, and the load moved to professionals (change in the sum of "
        "professional composites: negative means professionals carry less, positive that load moved behind the front "
        "door). Ties are broken by id.</p>",
        '<h2>Effect per reform</h2><p class="legend"><span style="background:' + HOUSEHOLD_COLOUR +
        '"></span>household drop<span style="background:' + PROFESSIONAL_COLOUR +
        '"></span>change in the professionals\' load</p>',
        _chart_figure(ranking),
        "<h2>Ranking</h2>", _table(ranking, ranking.reforms),
    ]
    if ranking.combinations:
        parts += ["<h2>Greedy combinations</h2>",
                  '<p class="note">Start from the best reform and add the reform that makes the combination best, '
                  "while it improves it.</p>", _table(ranking, ranking.combinations, combinations=True)]
    if ranking.groups:
        parts.append("<h2>Equivalent reforms</h2><ul>")
        parts += [f"<li>{_e(' = '.join(ranking.labels.get(r, _slug(r)) for r in g))} "
                  f"(<code>{_e(' = '.join(_slug(r) for r in g))}</code>): identical effect on every case</li>"
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


__all__ = ["render_html", "chart_svg", "effect_name", "household_wording", "load_wording"]
