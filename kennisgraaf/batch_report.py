"""The batch report: one self-contained HTML file with inline SVG charts (no script, no network, no dependency).

Charts: the distribution of the composite per municipality model, scenario against scenario, the measures that
drive fragmentation most (mean points per component of the composite) and the most frequent deadlocks. Every
chart is an ``<svg class="chart" data-chart="…">`` whose marks carry ``class="mark"`` and a ``<title>`` tooltip.
"""

from __future__ import annotations

import html
from collections import Counter, defaultdict
from datetime import datetime, timezone
from typing import Any

from .model import Domain
from .views.report_html import REPORT_CSS, chart as figure, scroll_table

PERSPECTIVE_COLOURS = {"household": "#1f77b4", "professional": "#e8710a"}
SCENARIO_COLOURS = ("#1f77b4", "#2ca02c", "#9467bd", "#d62728", "#8c564b", "#e377c2", "#17becf", "#7f7f7f")
WIDTH = 960
#: Horizontal room a turned box label needs (px); closer boxes get every n-th label.
LABEL_PITCH = 13.0


def _e(text: Any) -> str:
    return html.escape(str(text), quote=True)


def _num(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".") if value == value else "n/a"


def quantile(sorted_values: list[float], q: float) -> float:
    """Linear-interpolated quantile of an already sorted list.

    >>> quantile([1.0, 2.0, 3.0, 4.0], 0.5)
    2.5
    >>> quantile([7.0], 0.25)
    7.0
    """
    if not sorted_values:
        return float("nan")
    position = (len(sorted_values) - 1) * q
    low = int(position)
    high = min(low + 1, len(sorted_values) - 1)
    return sorted_values[low] + (sorted_values[high] - sorted_values[low]) * (position - low)


class ReportBuilder:
    """Folds CSV rows into the aggregates the charts need, then renders the HTML."""

    def __init__(self, domain: Domain, scenarios: tuple[str, ...], header: list[str], weights: dict[str, dict]):
        self.scenarios = [s.split(":", 1)[-1] for s in scenarios]
        self.baseline = self.scenarios[0]
        self.col = {name: i for i, name in enumerate(header)}
        self.components = [name for name in weights if float(weights[name].get("weight", 0)) > 0]
        self.composites: dict[tuple[str, str, str], list[float]] = defaultdict(list)
        self.points: dict[tuple[str, str], list[float]] = defaultdict(lambda: [0.0] * len(self.components))
        self.rows_per: Counter = Counter()
        self.deadlocks: dict[str, Counter] = defaultdict(Counter)
        self.cases: set[str] = set()
        self.models: set[str] = set()
        self.unmet = 0
        self.model_labels = {m.split(":", 1)[-1]: m.split(":", 1)[-1] for m in domain.models}

    def add_rows(self, rows: list[list[Any]]) -> None:
        c = self.col
        point_cols = [c[f"points_{name}"] for name in self.components]
        for row in rows:
            case, model, scenario, perspective = row[c["case"]], row[c["municipality"]], row[c["scenario"]], \
                row[c["perspective"]]
            self.cases.add(case)
            self.models.add(model)
            self.composites[(model, scenario, perspective)].append(float(row[c["composite"]]))
            sums = self.points[(scenario, perspective)]
            for i, col in enumerate(point_cols):
                sums[i] += float(row[col])
            self.rows_per[(scenario, perspective)] += 1
            if perspective == "household":
                if row[c["unmet_needs"]] and scenario == self.baseline:
                    self.unmet += 1
                for cycle in filter(None, (x.strip() for x in str(row[c["deadlocks"]]).split("|"))):
                    self.deadlocks[scenario][cycle] += 1

    # -- aggregates -----------------------------------------------------------------------------------------------

    def _mean(self, model: str, scenario: str, perspective: str) -> float:
        values = self.composites.get((model, scenario, perspective), [])
        return sum(values) / len(values) if values else float("nan")

    def _overall(self, scenario: str, perspective: str) -> float:
        values = [v for (m, s, p), vs in self.composites.items() if s == scenario and p == perspective for v in vs]
        return sum(values) / len(values) if values else float("nan")

    def _boxes(self, scenario: str, perspective: str) -> list[dict[str, Any]]:
        boxes = []
        for model in sorted(self.models):
            values = sorted(self.composites.get((model, scenario, perspective), []))
            if values:
                boxes.append({"model": model, "n": len(values), "min": values[0], "max": values[-1],
                              "q1": quantile(values, 0.25), "median": quantile(values, 0.5),
                              "q3": quantile(values, 0.75), "mean": sum(values) / len(values)})
        return sorted(boxes, key=lambda b: (b["median"], b["mean"], b["model"]))

    def _mean_points(self, scenario: str, perspective: str) -> dict[str, float]:
        n = self.rows_per.get((scenario, perspective), 0)
        sums = self.points.get((scenario, perspective), [0.0] * len(self.components))
        return {name: (sums[i] / n if n else 0.0) for i, name in enumerate(self.components)}

    # -- charts ---------------------------------------------------------------------------------------------------

    def chart_distribution(self, perspective: str) -> str:
        boxes = self._boxes(self.baseline, perspective)
        longest = max((len(b["model"]) for b in boxes), default=0)
        label_h = 12 + 6.2 * longest * 0.82  # the labels' height, turned 55°: about 6.2 px a character at 11 px
        height, left, right, top, bottom = round(260 + label_h), 44, 12, 16, round(40 + label_h)
        plot_w, plot_h = WIDTH - left - right, height - top - bottom
        step = plot_w / max(1, len(boxes))
        y = lambda v: top + plot_h * (1 - v / 100)  # noqa: E731
        parts = [_axis_y(left, top, plot_w, plot_h, 0, 100, "composite (0–100)")]
        colour = PERSPECTIVE_COLOURS.get(perspective, "#555")
        for i, b in enumerate(boxes):
            cx = left + step * (i + 0.5)
            w = max(1.0, min(14.0, step * 0.7))
            tip = (f"{b['model']}: median {_num(b['median'])}, IQR {_num(b['q1'])}–{_num(b['q3'])}, "
                   f"range {_num(b['min'])}–{_num(b['max'])}, {b['n']} cases")
            parts.append(f'<g class="mark box"><title>{_e(tip)}</title>'
                         f'<line x1="{cx:.1f}" x2="{cx:.1f}" y1="{y(b["min"]):.1f}" y2="{y(b["max"]):.1f}" stroke="#999"/>'
                         f'<rect x="{cx - w / 2:.1f}" y="{y(b["q3"]):.1f}" width="{w:.1f}" '
                         f'height="{max(0.8, y(b["q1"]) - y(b["q3"])):.1f}" fill="{colour}" fill-opacity="0.55" stroke="{colour}" stroke-width="0.5"/>'
                         f'<line x1="{cx - w / 2:.1f}" x2="{cx + w / 2:.1f}" y1="{y(b["median"]):.1f}" y2="{y(b["median"]):.1f}" stroke="#111" stroke-width="1.2"/></g>')
        # every box's model under the box itself, turned so that long ids fit; thinned when boxes are too close
        every = max(1, int(-(-LABEL_PITCH // step))) if boxes else 1
        for i, b in enumerate(boxes):
            if i % every == 0:
                cx = left + step * (i + 0.5)
                parts.append(f'<text class="box-label" x="{cx:.1f}" y="{top + plot_h + 10:.1f}" font-size="11" '
                             f'text-anchor="end" transform="rotate(-55 {cx:.1f} {top + plot_h + 10:.1f})">'
                             f'{_e(b["model"])}</text>')
        parts.append(f'<text x="{left + plot_w / 2:.1f}" y="{height - 6}" font-size="12" text-anchor="middle">'
                     f'{len(boxes)} municipality models, sorted by median composite'
                     f'{f" (every {every}th labelled)" if every > 1 else ""}</text>')
        rows = [(b["model"], b["n"], _num(b["min"]), _num(b["q1"]), _num(b["median"]), _num(b["q3"]), _num(b["max"]))
                for b in boxes]
        return _svg(f"composite-by-municipality-{perspective}", height,
                    f"Composite per municipality model ({perspective}, scenario {self.baseline})", parts,
                    head=("model", "cases", "min", "Q1", "median", "Q3", "max"), rows=rows)

    def chart_scenario_bars(self) -> str:
        groups = [(s, [(p, self._overall(s, p)) for p in PERSPECTIVE_COLOURS]) for s in self.scenarios]
        height, left, top = 60 + 46 * len(groups), 230, 28
        plot_w = WIDTH - left - 60
        parts = [_legend(PERSPECTIVE_COLOURS, left, 14)]
        for gi, (scenario, bars) in enumerate(groups):
            gy = top + gi * 46
            parts.append(f'<text x="{left - 8}" y="{gy + 22}" font-size="12" text-anchor="end">{_e(scenario)}</text>')
            for bi, (perspective, value) in enumerate(bars):
                if value != value:
                    continue
                w = plot_w * value / 100
                by = gy + 4 + bi * 19
                parts.append(f'<g class="mark bar"><title>{_e(f"{scenario}, {perspective}: mean composite {_num(value)}")}</title>'
                             f'<rect x="{left}" y="{by}" width="{max(0.5, w):.1f}" height="16" fill="{PERSPECTIVE_COLOURS[perspective]}"/></g>'
                             f'<text x="{left + w + 4:.1f}" y="{by + 12}" font-size="11">{_num(value)}</text>')
        return _svg("scenario-means", height, "Mean composite per scenario and perspective", parts,
                    head=("scenario", *PERSPECTIVE_COLOURS), rows=[(s, *(_num(v) for _, v in bars)) for s, bars in groups])

    def chart_scenario_scatter(self, other: str, perspective: str = "household") -> str:
        size, left, top = 420, 48, 20
        plot = size - left - 30
        x = lambda v: left + plot * v / 100  # noqa: E731
        y = lambda v: top + plot * (1 - v / 100)  # noqa: E731
        parts = [f'<rect x="{left}" y="{top}" width="{plot}" height="{plot}" fill="none" stroke="#ccc"/>',
                 f'<line x1="{x(0)}" y1="{y(0)}" x2="{x(100)}" y2="{y(100)}" stroke="#bbb" stroke-dasharray="4 3"/>']
        for v in (0, 25, 50, 75, 100):
            parts.append(f'<text x="{x(v):.1f}" y="{top + plot + 14}" font-size="10" text-anchor="middle">{v}</text>'
                         f'<text x="{left - 6}" y="{y(v) + 3:.1f}" font-size="10" text-anchor="end">{v}</text>')
        lower, rows = 0, []
        for model in sorted(self.models):
            a, b = self._mean(model, self.baseline, perspective), self._mean(model, other, perspective)
            if a != a or b != b:
                continue
            lower += b < a
            rows.append((model, _num(a), _num(b)))
            parts.append(f'<circle class="mark dot" cx="{x(a):.1f}" cy="{y(b):.1f}" r="3" fill="#2ca02c" fill-opacity="0.6">'
                         f'<title>{_e(f"{model}: {self.baseline} {_num(a)} → {other} {_num(b)}")}</title></circle>')
        parts.append(f'<text x="{left + plot / 2:.1f}" y="{size - 2}" font-size="11" text-anchor="middle">'
                     f'mean composite, {_e(self.baseline)}</text>'
                     f'<text transform="translate(12 {top + plot / 2:.1f}) rotate(-90)" font-size="11" text-anchor="middle">'
                     f'mean composite, {_e(other)}</text>'
                     f'<text x="{left + plot - 4}" y="{top + 14}" font-size="11" text-anchor="end">'
                     f'{lower} of {len(self.models)} models lower</text>')
        return _svg(f"scenario-vs-{other}", size, f"{self.baseline} against {other}, per municipality model "
                                                  f"({perspective})", parts, width=size,
                    head=("model", f"mean composite, {self.baseline}", f"mean composite, {other}"), rows=rows)

    def chart_drivers(self) -> str:
        means = {p: self._mean_points(self.baseline, p) for p in PERSPECTIVE_COLOURS}
        order = sorted(self.components, key=lambda n: -(means["household"][n] + means["professional"][n]))
        top_value = max([v for m in means.values() for v in m.values()] + [1e-9])
        height, left, top = 40 + 34 * len(order), 200, 28
        plot_w = WIDTH - left - 60
        parts = [_legend(PERSPECTIVE_COLOURS, left, 14)]
        for i, name in enumerate(order):
            gy = top + i * 34
            parts.append(f'<text x="{left - 8}" y="{gy + 18}" font-size="12" text-anchor="end">{_e(name.replace("_", " "))}</text>')
            for bi, perspective in enumerate(PERSPECTIVE_COLOURS):
                value = means[perspective][name]
                w = plot_w * value / top_value
                by = gy + 2 + bi * 14
                parts.append(f'<g class="mark bar"><title>{_e(f"{name}, {perspective}: {value:.2f} points on average")}</title>'
                             f'<rect x="{left}" y="{by}" width="{max(0.5, w):.1f}" height="12" fill="{PERSPECTIVE_COLOURS[perspective]}"/></g>'
                             f'<text x="{left + w + 4:.1f}" y="{by + 10}" font-size="10">{value:.2f}</text>')
        return _svg("drivers", height, f"What drives fragmentation: mean points per component of the composite "
                                       f"(scenario {self.baseline})", parts,
                    head=("component", *PERSPECTIVE_COLOURS),
                    rows=[(n.replace("_", " "), *(f"{means[p][n]:.2f}" for p in PERSPECTIVE_COLOURS)) for n in order])

    def chart_deadlocks(self, limit: int = 12) -> str:
        counts = self.deadlocks.get(self.baseline, Counter())
        top_cycles = [cycle for cycle, _ in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:limit]]
        colours = {s: SCENARIO_COLOURS[i % len(SCENARIO_COLOURS)] for i, s in enumerate(self.scenarios)}
        row_h = 14 * len(self.scenarios) + 14
        height, left, top = 40 + row_h * max(1, len(top_cycles)), 380, 28
        plot_w = WIDTH - left - 60
        biggest = max([counts[c] for c in top_cycles] + [1])
        parts = [_legend(colours, left, 14)]
        if not top_cycles:
            parts.append(f'<text x="{left}" y="{top + 20}" font-size="12">no deadlocks in scenario {_e(self.baseline)}</text>')
        for i, cycle in enumerate(top_cycles):
            gy = top + i * row_h
            label = cycle if len(cycle) <= 60 else cycle[:57] + "…"
            parts.append(f'<text x="{left - 8}" y="{gy + 14}" font-size="11" text-anchor="end"><title>{_e(cycle)}</title>{_e(label.replace(" > ", " → "))}</text>')
            for si, scenario in enumerate(self.scenarios):
                value = self.deadlocks.get(scenario, Counter())[cycle]
                w = plot_w * value / biggest
                by = gy + 2 + si * 14
                parts.append(f'<g class="mark bar"><title>{_e(f"{cycle} — {scenario}: {value} cases")}</title>'
                             f'<rect x="{left}" y="{by}" width="{max(0.5, w):.1f}" height="12" fill="{colours[scenario]}"/></g>'
                             f'<text x="{left + w + 4:.1f}" y="{by + 10}" font-size="10">{value}</text>')
        return _svg("deadlocks", height, f"Most frequent deadlocks (cases, by scenario; top {limit} in {self.baseline})",
                    parts, head=("deadlock", *self.scenarios),
                    rows=[(c.replace(" > ", " → "), *(self.deadlocks.get(sc, Counter())[c] for sc in self.scenarios))
                          for c in top_cycles])

    # -- page -----------------------------------------------------------------------------------------------------

    def render(self, *, rows: int, seconds: float, workers: int) -> str:
        others = [s for s in self.scenarios if s != self.baseline]
        summary = [("cases", len(self.cases)), ("municipality models", len(self.models)),
                   ("scenarios", ", ".join(self.scenarios)), ("rows (case × scenario × perspective)", rows),
                   ("cases with an unmet need", self.unmet),
                   ("time", f"{seconds:.1f} s on {workers} worker{'s' if workers != 1 else ''}")]
        boxes = self._boxes(self.baseline, "household")
        worst = list(reversed(boxes[-10:]))
        sections = [
            ("Composite per municipality", "How fragmented the help is in each municipality model: per model a box from "
             "the first to the third quartile of its cases' composite, the median as a line and the range as a "
             "whisker. Hover for the numbers.",
             self.chart_distribution("household") + self.chart_distribution("professional")),
            ("Scenario against scenario", "The mean composite per scenario, and per municipality model the baseline "
             "against each other scenario; points below the diagonal are models where the scenario lowers it.",
             self.chart_scenario_bars() + "".join(self.chart_scenario_scatter(o) for o in others[:3])),
            ("What drives fragmentation", "Each measure's mean contribution, in points, to the composite (0–100): "
             "the components to work on first are at the top.", self.chart_drivers()),
            ("Most frequent deadlocks", "Precondition cycles by the number of cases caught in them, per scenario; "
             "A → B → C reads: A needs B first, B needs C first, and C needs A first.", self.chart_deadlocks()),
        ]
        summary_rows = "".join(f'<tr><th scope="row">{_e(k)}</th><td>{_e(v)}</td></tr>' for k, v in summary)
        table_rows = [(b["model"], _num(b["median"]), _num(b["mean"]), b["n"]) for b in worst]
        body = "".join(f'<section><h2>{_e(title)}</h2><p>{_e(text)}</p>{charts}</section>'
                       for title, text, charts in sections)
        generated = datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
        return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>kennisgraaf batch report</title>
<style>
body {{ font-family: system-ui, -apple-system, "Segoe UI", sans-serif; margin: 24px auto; max-width: 1000px;
       color: #222; line-height: 1.4; padding: 0 12px; }}
h1 {{ font-size: 1.5em; }} h2 {{ font-size: 1.2em; margin-top: 1.8em; border-bottom: 1px solid #ddd; }}
table {{ border-collapse: collapse; font-size: 0.9em; }} td, th {{ padding: 3px 10px; border-bottom: 1px solid #eee;
       text-align: left; }}
svg.chart {{ display: block; margin: 10px 0 18px; max-width: 100%; height: auto; }}
svg.chart .mark:hover {{ opacity: 0.7; }}
footer {{ margin-top: 2em; font-size: 0.85em; color: #595959; }}
td.num, th.num {{ text-align: right; font-variant-numeric: tabular-nums; }}
{REPORT_CSS}
</style></head>
<body>
<h1>kennisgraaf batch report</h1>
<p>How fragmented the help is that households get, scored for every case, scenario and perspective (household:
the leefwereld; professional: the systeemwereld). The composite runs from 0 (one door, one plan) to 100.
Every number is in <code>scores.csv</code> beside this file.</p>
<div class="kg-scroll" role="region" tabindex="0" aria-label="summary"><table>{summary_rows}</table></div>
{body}
<section><h2>Most fragmented municipality models</h2><p>Highest median composite, household perspective, scenario
{_e(self.baseline)}.</p>{scroll_table(("model", "median", "mean", "cases"), table_rows, label="most fragmented models",
                                       numeric=(1, 2, 3))}</section>
<footer>Generated by <code>kennisgraaf batch</code> on {generated}. Self-contained: no scripts, no network.</footer>
</body></html>
"""


def _svg(name: str, height: float, title: str, parts: list[str], width: int = WIDTH, *,
         head: tuple[str, ...], rows: list[tuple]) -> str:
    """The chart as a figure with its text alternative: the title, a caption and the numbers as a table."""
    svg = (f'<svg class="chart" data-chart="{_e(name)}" xmlns="http://www.w3.org/2000/svg" '
           f'viewBox="0 0 {width} {height:.0f}" width="{width}" height="{height:.0f}" role="img" '
           f'aria-label="{_e(title)}"><title>{_e(title)}</title>{"".join(parts)}</svg>')
    return figure(svg, title, head, rows, numeric=range(1, len(head)))


def _axis_y(left: float, top: float, plot_w: float, plot_h: float, lo: float, hi: float, label: str) -> str:
    parts = []
    for v in (0, 25, 50, 75, 100):
        value = lo + (hi - lo) * v / 100
        y = top + plot_h * (1 - v / 100)
        parts.append(f'<line x1="{left}" x2="{left + plot_w}" y1="{y:.1f}" y2="{y:.1f}" stroke="#eee"/>'
                     f'<text x="{left - 6}" y="{y + 3:.1f}" font-size="10" text-anchor="end">{_num(value)}</text>')
    parts.append(f'<text transform="translate(11 {top + plot_h / 2:.1f}) rotate(-90)" font-size="11" '
                 f'text-anchor="middle">{_e(label)}</text>')
    return "".join(parts)


def _legend(colours: dict[str, str], x: float, y: float) -> str:
    parts, offset = [], 0.0
    for name, colour in colours.items():
        parts.append(f'<rect x="{x + offset:.1f}" y="{y - 9}" width="10" height="10" fill="{colour}"/>'
                     f'<text x="{x + offset + 14:.1f}" y="{y}" font-size="11">{_e(name)}</text>')
        offset += 24 + 7 * len(name)
    return "".join(parts)


__all__ = ["ReportBuilder", "quantile"]
