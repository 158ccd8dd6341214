"""The Python API: load the graph once, then score, resolve, compare and query cases from a notebook or a script.

The CLI, the views and the endpoint are layers over the same functions; this module gives them one small surface:

>>> import kennisgraaf
>>> kg = kennisgraaf.load()
>>> "gescheiden-vrouw" in kg.cases()
True
>>> s = kg.score("gescheiden-vrouw")
>>> s.case, s.perspective, len(s.measures["deadlocks"])
('gescheiden-vrouw', 'household', 1)

Results are dataclasses with ``.to_dict()`` and, with pandas installed (``pip install kennisgraaf[frames]``),
``.to_frame()``; in a notebook they show themselves as a table (``_repr_html_``).
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from .errors import DataError

__all__ = ["load", "Kennisgraaf", "ScoreResult", "PathResult", "Comparison", "WhatIf", "QueryResult"]


def _slug(compact_id: str) -> str:
    return compact_id.split(":", 1)[-1]


def _frame(rows: list[dict[str, Any]], index: str | None = None):
    try:
        import pandas as pd
    except ImportError:  # pandas is an optional extra: say how to get it
        raise DataError("to_frame() needs pandas", fix="pip install 'kennisgraaf[frames]' (or pip install pandas)") from None
    frame = pd.DataFrame(rows)
    return frame.set_index(index) if index and not frame.empty else frame


def _html_table(rows: list[dict[str, Any]], caption: str) -> str:
    if not rows:
        return f"<p>{html.escape(caption)}: nothing</p>"
    columns = list(rows[0])
    head = "".join(f"<th>{html.escape(str(c))}</th>" for c in columns)
    body = "".join("<tr>" + "".join(f"<td>{html.escape(str(r.get(c, '')))}</td>" for c in columns) + "</tr>"
                   for r in rows)
    return (f"<table><caption>{html.escape(caption)}</caption><thead><tr>{head}</tr></thead>"
            f"<tbody>{body}</tbody></table>")


def _day(on: date | str | None) -> date | None:
    if on is None or isinstance(on, date):
        return on
    try:
        return date.fromisoformat(on)
    except ValueError:
        raise DataError(f"not a date: {on!r}", fix="give a date as YYYY-MM-DD") from None


def _scenario(given: str) -> str:
    return given if ":" in given else f"scen:{given}"


@dataclass
class ScoreResult:
    """Every measure of one case in one scenario and perspective, the composite and its components."""

    case: str
    scenario: str
    municipality: str
    perspective: str
    date: str
    measures: dict[str, Any]
    composite: float
    components: dict[str, dict[str, float]]
    explanation: dict[str, Any] = field(default_factory=dict)
    raw: Any = field(default=None, repr=False, compare=False)

    def to_dict(self) -> dict[str, Any]:
        """The same JSON object as ``kennisgraaf score CASE --format json`` (plus the explanation if asked)."""
        return self.raw.as_dict(explain=bool(self.explanation))

    def rows(self) -> list[dict[str, Any]]:
        """One row per measure: its value and the points it adds to the composite."""
        out = []
        for name, value in self.measures.items():
            shown = len(value) if isinstance(value, list) else value
            out.append({"measure": name, "value": shown, "points": self.components.get(name, {}).get("points")})
        out.append({"measure": "composite", "value": self.composite, "points": self.composite})
        return out

    def to_frame(self):
        """The measures as a pandas DataFrame indexed by measure."""
        return _frame(self.rows(), index="measure")

    def _repr_html_(self) -> str:
        caption = f"{self.case} · {self.scenario} · {self.municipality} on {self.date} · {self.perspective}"
        return _html_table(self.rows(), caption)


@dataclass
class PathResult:
    """The plan of a case: numbered steps (first things first), deadlocks as chains, needs no provision meets."""

    case: str
    scenario: str
    municipality: str
    date: str
    steps: list[dict[str, Any]]
    deadlocks: list[str]
    unmet_needs: list[str]
    waived_preconditions: list[str]
    graph: Any = field(default=None, repr=False, compare=False)

    def to_dict(self) -> dict[str, Any]:
        timeline = {k: self.graph.graph.get(k, []) for k in ("deadlines", "gaps", "regime_switches")} \
            if self.graph is not None else {}
        return {"case": self.case, "scenario": self.scenario, "municipality": self.municipality, "date": self.date,
                "steps": self.steps, "deadlocks": self.deadlocks, "unmet_needs": self.unmet_needs,
                "waived_preconditions": self.waived_preconditions, **timeline}

    def to_frame(self):
        return _frame(self.steps, index="step")

    def _repr_html_(self) -> str:
        rows = [{k: s[k] for k in ("step", "provision", "label", "institutions", "weeks", "deadlock")} for s in self.steps]
        extra = "".join(f"<p>deadlock: {html.escape(d)}</p>" for d in self.deadlocks)
        return _html_table(rows, f"path of {self.case} · {self.scenario} · {self.date}") + extra


@dataclass
class Comparison:
    """Per measure and perspective: the value in two variants (scenarios or dates) and the difference."""

    case: str
    variants: tuple[str, str]
    table: dict[str, dict[str, dict[str, float]]]

    def to_dict(self) -> dict[str, Any]:
        return {"case": self.case, "variants": list(self.variants), **self.table}

    def rows(self) -> list[dict[str, Any]]:
        return [{"perspective": p, "measure": m, "from": v["from"], "to": v["to"], "delta": v["delta"]}
                for p, measures in self.table.items() for m, v in measures.items()]

    def to_frame(self):
        return _frame(self.rows())

    def _repr_html_(self) -> str:
        return _html_table(self.rows(), f"{self.case}: {self.variants[0]} → {self.variants[1]}")


@dataclass
class WhatIf:
    """The fewest precondition waivers that end every deadlock, and every single change ranked by its effect."""

    case: str
    scenario: str
    minimum_waivers: list[str]
    exact: bool
    changes: list[dict[str, Any]]

    def to_dict(self) -> dict[str, Any]:
        return {"case": self.case, "scenario": self.scenario, "minimum_waivers": self.minimum_waivers,
                "exact": self.exact, "best_change": self.changes[0] if self.changes else None,
                "changes": self.changes}

    def to_frame(self):
        return _frame(self.changes)

    def _repr_html_(self) -> str:
        return _html_table(self.changes, f"what would help {self.case}")


@dataclass
class QueryResult:
    """A read-only SPARQL result: rows for SELECT, a boolean for ASK, Turtle for CONSTRUCT/DESCRIBE."""

    kind: str
    variables: list[str]
    rows: list[dict[str, Any]]
    boolean: bool | None = None
    turtle: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "variables": self.variables, "rows": self.rows, "boolean": self.boolean,
                "turtle": self.turtle}

    def to_frame(self):
        return _frame(self.rows)

    def _repr_html_(self) -> str:
        if self.kind == "ask":
            return f"<p>{self.boolean}</p>"
        if self.kind == "select":
            return _html_table(self.rows, f"{len(self.rows)} rows")
        return f"<pre>{html.escape(self.turtle)}</pre>"


@dataclass
class View:
    """A self-contained interactive HTML view; shows itself inline in a notebook."""

    html: str

    def save(self, path: Path | str) -> Path:
        from .views import render
        return render.write_atomic(path, self.html)

    def _repr_html_(self) -> str:
        # A notebook cell renders the page in a sandboxed iframe, so its scripts and CSP stay its own.
        return (f'<iframe srcdoc="{html.escape(self.html, quote=True)}" style="width:100%;height:640px;border:0" '
                f'sandbox="allow-scripts"></iframe>')


class Kennisgraaf:
    """The loaded knowledge graph: ontology, data and your own files, with the analyses on top."""

    def __init__(self, graph, domain, weights: dict | None = None):
        self.graph = graph      #: the :class:`kennisgraaf.store.KnowledgeGraph` (rdflib API: ``graph.dataset``)
        self.domain = domain    #: the :class:`kennisgraaf.model.Domain` read from it
        self.weights = weights

    # -- listings ------------------------------------------------------------------------------------------
    def cases(self) -> list[str]:
        """The ids of every household case loaded."""
        return sorted(_slug(c) for c in self.domain.cases)

    def municipalities(self) -> list[str]:
        """The ids of every municipality model loaded."""
        return sorted(_slug(m) for m in self.domain.models)

    def scenarios(self) -> list[str]:
        return sorted(_slug(s) for s in self.domain.scenarios)

    # -- analyses ------------------------------------------------------------------------------------------
    def _resolve(self, case: str, scenario: str, municipality: str | None, on, horizon: int | None = None):
        from .path import resolve
        return resolve(self.domain, case, model_id=municipality, scenario_id=_scenario(scenario), on=_day(on),
                       horizon=horizon)

    def score(self, case: str, scenario: str = "fragmented", perspective: str = "household", on=None, *,
              municipality: str | None = None, explain: bool = False, horizon: int | None = None) -> ScoreResult:
        """Score a case (see ``kennisgraaf score --help``); ``horizon`` in months, as ``--horizon``."""
        from .report import load_weights, score_path
        raw = score_path(self._resolve(case, scenario, municipality, on, horizon), perspective,
                         self.weights if self.weights is not None else load_weights(), explain=explain)
        return ScoreResult(_slug(raw.case), _slug(raw.scenario), _slug(raw.model), raw.perspective, raw.date,
                           raw.measures, raw.composite, raw.components, raw.explanation, raw)

    def path(self, case: str, scenario: str = "fragmented", on=None, *,
             municipality: str | None = None, horizon: int | None = None) -> PathResult:
        """The first-things-first plan of a case, deadlocks written out, and its timeline over ``horizon`` months."""
        from .measures import deadlocks, explain_cycle
        from .plan import first_things_first
        G = self._resolve(case, scenario, municipality, on, horizon)
        return PathResult(case, scenario, _slug(G.graph["model"]), G.graph["date"],
                          [s.as_dict() for s in first_things_first(G)],
                          [explain_cycle(G, c) for c in deadlocks(G)],
                          list(G.graph["unmet_needs"]), list(G.graph["waived"]), G)

    def compare(self, case: str, scenarios: Sequence[str] = ("fragmented", "wijkteam-mandate"),
                on: Sequence | None = None, *, municipality: str | None = None) -> Comparison:
        """A case in two scenarios (``scenarios=(a, b)``) or on two dates (``on=(d1, d2)``), per measure."""
        from .comparison import measure_table
        from .report import load_weights
        if on and len(on) == 2:
            variants = [(scenarios[0], _day(d)) for d in on]
            labels = (str(_day(on[0])), str(_day(on[1])))
        elif len(scenarios) == 2:
            day = _day(on[0]) if on else None
            variants = [(s, day) for s in scenarios]
            labels = (scenarios[0], scenarios[1])
        else:
            raise DataError("compare needs two scenarios or two dates", fix="pass scenarios=(a, b) or on=(d1, d2)")
        weights = self.weights if self.weights is not None else load_weights()
        paths = [self._resolve(case, s, municipality, d) for s, d in variants]
        return Comparison(case, labels, measure_table(*paths, weights))

    def whatif(self, case: str, scenario: str = "fragmented", perspective: str = "household", *,
               municipality: str | None = None, on=None) -> WhatIf:
        """The fewest waivers that end every deadlock, and each single change ranked."""
        from .report import load_weights
        from .whatif import minimum_waivers, rank_changes
        G = self._resolve(case, scenario, municipality, on)
        waivers = minimum_waivers(G)
        changes = rank_changes(G, self.domain, perspective,
                               self.weights if self.weights is not None else load_weights())
        return WhatIf(case, scenario, list(waivers.preconditions), waivers.exact, [c.as_dict() for c in changes])

    def query(self, sparql: str) -> QueryResult:
        """A read-only SPARQL query over every loaded graph (prefixes ``kg:``, ``svc:`` … predeclared)."""
        from .query import run_query
        result = run_query(self.graph, sparql)
        return QueryResult(result.kind, list(result.variables), list(result.rows), result.boolean, result.turtle)

    def view(self, case: str, scenario: str = "fragmented", *, municipality: str | None = None, on=None) -> View:
        """The interactive view of a case's path (``.save(path)`` writes it; a notebook shows it inline)."""
        from .report import load_weights
        from .views import case_view
        from .views.render import render_view
        G = self._resolve(case, scenario, municipality, on)
        weights = self.weights if self.weights is not None else load_weights()
        return View(render_view(case_view(self.domain, G, weights)))


def load(data: Path | str | None = None, with_: Iterable[Path | str] = (), *, weights: Path | str | None = None,
         include_cases: bool = True) -> Kennisgraaf:
    """Load the ontology, a data folder (default: the bundled data) and your own files or folders on top.

    ``with_`` is the Python spelling of the CLI's ``--with``. ``weights`` is a TOML file of composite weights.
    """
    from .model import load_domain
    from .report import load_weights
    from .store import KnowledgeGraph
    graph = KnowledgeGraph.load(data, include_cases=include_cases, extra_paths=list(with_))
    return Kennisgraaf(graph, load_domain(graph), load_weights(weights) if weights else None)
