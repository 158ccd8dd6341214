"""A case in two variants, measure by measure: two scenarios, or the rules in force on two dates.

This is what ``kennisgraaf compare CASE`` prints (the command is a thin layer over it), so a notebook or a test gets
the same table from the same graph without running the CLI. With two dates it also says what changed in the law and
the preconditions between them (:func:`kennisgraaf.timeline.compare_dates`).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from .model import Domain
from .path import PERSPECTIVES, resolve
from .report import numeric_measures, score_path

Variant = tuple[str, "date | None"]  # (scenario id, reference date or None for the model's own)


def delta(a: float | None, b: float | None) -> float | None:
    """``b − a`` rounded to 4 decimals, or None when either is not available (e.g. COC below four contacts).

    >>> delta(41.14, 23.68), delta(None, 2.0)
    (-17.46, None)
    """
    return None if a is None or b is None else round(b - a, 4)


def measure_table(left, right, weights: dict | None) -> dict[str, dict[str, dict[str, float | None]]]:
    """The measures of two resolved paths side by side, per perspective: ``{perspective: {measure: {"from", "to",
    "delta"}}}``, every measure either path has, in the order they come."""
    table: dict[str, dict[str, dict[str, float | None]]] = {}
    for perspective in PERSPECTIVES:
        a, b = (numeric_measures(score_path(G, perspective, weights)) for G in (left, right))
        table[perspective] = {k: {"from": a.get(k), "to": b.get(k), "delta": delta(a.get(k), b.get(k))}
                              for k in dict.fromkeys([*a, *b])}
    return table


def compare_case(domain: Domain, case: str, variants: list[Variant], municipality: str | None,
                 weights: dict) -> tuple[dict[str, dict[str, dict[str, float | None]]], list]:
    """The measures of ``case`` in two variants (:func:`measure_table`) and the two resolved paths (for what
    changed between them)."""
    paths = [resolve(domain, case, model_id=municipality, scenario_id=s, on=day) for s, day in variants]
    return measure_table(*paths, weights), paths


def changes_between(domain: Domain, paths: list, titles: dict, successions: list) -> dict[str, Any]:
    """What changed in the law and the preconditions between two paths of one case resolved on two dates, given
    the data's dated law titles and successions (:func:`kennisgraaf.timeline.law_titles`, ``law_successions``)."""
    from .timeline import compare_dates

    return compare_dates(domain, titles, *paths, successions=successions)


def comparison_record(case: str, mode: dict[str, Any], table: dict, changes: dict | None = None,
                      sensitivity: dict | None = None) -> dict[str, Any]:
    """The JSON object of one compared case: its id, the variants (``{"scenarios": [...]}`` or ``{"dates": [...],
    "scenario": ...}``), the measure table per perspective, and what changed and how it holds up where asked."""
    return {"case": case, **mode, **table, **({"changes": changes} if changes is not None else {}),
            **({"sensitivity": sensitivity} if sensitivity else {})}


def compare_on_dates(kg, domain: Domain, case: str, days: tuple[date, date], weights: dict, *,
                     scenario: str = "fragmented", municipality: str | None = None) -> dict[str, Any]:
    """``case`` under the rules in force on two dates: the measure table and what changed in between (laws renamed
    or replaced, preconditions that appeared or went), as ``kennisgraaf compare CASE --on A --on B --format json``
    prints it. ``kg`` is the graph ``domain`` was loaded from."""
    from .timeline import law_successions, law_titles

    table, paths = compare_case(domain, case, [(scenario, day) for day in days], municipality, weights)
    mode = {"dates": [day.isoformat() for day in days], "scenario": scenario}
    return comparison_record(case, mode, table, changes_between(domain, paths, law_titles(kg), law_successions(kg)))
