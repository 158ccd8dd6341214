"""Sensitivity of the composite to its weights: do rankings of cases and of scenarios hold when the weights move?

The composite (:func:`kennisgraaf.report.composite`) is a weighted mean of normalised measures, and its weights are a
judgement (``weights.toml``). This module varies them and checks whether the conclusions drawn from the composite
— which case is more fragmented than which, which scenario is less fragmented — survive:

* **one at a time**: each weight multiplied by each factor in :data:`FACTORS` (×0.5, ×0.75, ×1.5, ×2), the others
  kept;
* **jointly**: :data:`DRAWS` random draws in which every weight is multiplied by its own factor, log-uniform in
  [×0.5, ×2] (so ×0.5 and ×2 are equally likely), from a fixed seed (:data:`SEED`), so the report is reproducible.

A ranking *holds* under a variant when every pair keeps its order: for keys a, b,
:math:`\\operatorname{sign}(c_a - c_b)` is the same as with the packaged weights. The stable fraction is the share
of variants under which the ranking holds; the flipping weights are those whose one-at-a-time variants break it.
Only weights change; the measures (and so the paths) stay as they are, which is why this is cheap.

References
----------
.. [1] Saltelli A et al. (2008). Global Sensitivity Analysis: The Primer. Wiley (one-at-a-time and random sampling).
.. [2] OECD/JRC (2008). Handbook on Constructing Composite Indicators, §6 (uncertainty and sensitivity analysis).
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass
from itertools import combinations
from typing import Any, Hashable, Mapping

from .errors import DataError
from .report import composite, score_path

__all__ = ["FACTORS", "DRAWS", "SEED", "JOINT_RANGE", "Variant", "variants", "pair_signs", "ranking_stability",
           "scenario_stability", "case_sensitivity", "method"]

#: One-at-a-time factors applied to each weight.
FACTORS: tuple[float, ...] = (0.5, 0.75, 1.5, 2.0)
#: Joint random draws: how many, from which seed, over which range of factors (log-uniform).
DRAWS = 50
SEED = 20260
JOINT_RANGE: tuple[float, float] = (0.5, 2.0)


@dataclass(frozen=True)
class Variant:
    """One set of weights: ``changed`` maps each weight name to the factor applied to it."""

    label: str
    changed: dict[str, float]
    weights: dict[str, dict[str, Any]]
    one_at_a_time: bool


def _scaled(weights: Mapping[str, Mapping[str, Any]], factors: Mapping[str, float]) -> dict[str, dict[str, Any]]:
    return {name: {**spec, "weight": float(spec.get("weight", 0)) * factors.get(name, 1.0)}
            for name, spec in weights.items()}


def variants(weights: Mapping[str, Mapping[str, Any]], factors: tuple[float, ...] = FACTORS, draws: int = DRAWS,
             seed: int = SEED, joint_range: tuple[float, float] = JOINT_RANGE) -> list[Variant]:
    """The weight variants: each weight times each factor (one at a time), then ``draws`` joint draws.

    Examples
    --------
    >>> w = {"a": {"weight": 1.0}, "b": {"weight": 2.0}}
    >>> [(v.label, v.weights["b"]["weight"]) for v in variants(w, factors=(0.5, 2.0), draws=0)]
    [('a ×0.5', 2.0), ('a ×2', 2.0), ('b ×0.5', 1.0), ('b ×2', 4.0)]
    >>> joint = variants(w, factors=(), draws=3, seed=1)
    >>> all(0.5 <= f <= 2.0 for v in joint for f in v.changed.values()), joint == variants(w, factors=(), draws=3, seed=1)
    (True, True)
    """
    out = [Variant(f"{name} ×{factor:g}", {name: factor}, _scaled(weights, {name: factor}), True)
           for name in sorted(weights) if float(weights[name].get("weight", 0)) > 0 for factor in factors]
    rng = random.Random(seed)
    low, high = (math.log(x) for x in joint_range)
    for i in range(draws):
        drawn = {name: round(math.exp(rng.uniform(low, high)), 4) for name in sorted(weights)}
        out.append(Variant(f"joint draw {i + 1}", drawn, _scaled(weights, drawn), False))
    return out


def pair_signs(composites: Mapping[Hashable, float], tolerance: float = 1e-9) -> dict[tuple, int]:
    """For every pair of keys (a, b), a before b in sorted order: the sign of :math:`c_a - c_b` (0 within tolerance).

    >>> pair_signs({"x": 40.0, "y": 52.5, "z": 40.0})
    {('x', 'y'): -1, ('x', 'z'): 0, ('y', 'z'): 1}
    """
    keys = sorted(composites, key=str)
    return {(a, b): (0 if abs(composites[a] - composites[b]) <= tolerance else
                     (1 if composites[a] > composites[b] else -1)) for a, b in combinations(keys, 2)}


def ranking_stability(measures: Mapping[Hashable, Mapping[str, Any]], weights: Mapping[str, Mapping[str, Any]],
                      **options) -> dict[str, Any]:
    """Does the ranking of ``measures`` (key -> a score's measures) by composite hold when the weights vary?

    Returns the baseline composites and ranking (most fragmented first), the number of variants and the stable
    fraction, the weights whose one-at-a-time variants change the ranking (with the pairs that swap), and each key's
    composite range over all variants. ``options`` go to :func:`variants`.

    Examples
    --------
    >>> w = {"a": {"weight": 1.0, "scale": "unit"}, "b": {"weight": 1.0, "scale": "unit"}}
    >>> cases = {"one": {"a": 0.9, "b": 0.0}, "two": {"a": 0.0, "b": 0.6}}
    >>> report = ranking_stability(cases, w, factors=(0.5, 2.0), draws=0)
    >>> report["ranking"], report["stable_fraction"], report["flipping_weights"]
    (['one', 'two'], 0.5, ['a', 'b'])
    >>> report["flips"][0]
    {'variant': 'a ×0.5', 'swapped': [['one', 'two']]}
    """
    baseline = {k: composite(dict(v), dict(weights))[0] for k, v in measures.items()}
    signs = pair_signs(baseline)
    trials = variants(weights, **options)
    low = dict(baseline)
    high = dict(baseline)
    stable, flips, flipping = 0, [], set()
    for variant in trials:
        scored = {k: composite(dict(v), variant.weights)[0] for k, v in measures.items()}
        for k, c in scored.items():
            low[k], high[k] = min(low[k], c), max(high[k], c)
        swapped = [[str(a), str(b)] for (a, b), s in pair_signs(scored).items() if s != signs[(a, b)]]
        if not swapped:
            stable += 1
            continue
        if variant.one_at_a_time:
            flipping |= set(variant.changed)
            flips.append({"variant": variant.label, "swapped": swapped})
    ranking = sorted(baseline, key=lambda k: (-baseline[k], str(k)))
    return {"baseline": {str(k): baseline[k] for k in ranking}, "ranking": [str(k) for k in ranking],
            "variants": len(trials), "stable": stable,
            "stable_fraction": round(stable / len(trials), 4) if trials else 1.0,
            "flipping_weights": sorted(flipping), "flips": flips,
            "composite_range": {str(k): [round(low[k], 2), round(high[k], 2)] for k in ranking}}


def scenario_stability(pairs: Mapping[Hashable, tuple[Mapping[str, Any], Mapping[str, Any]]],
                       weights: Mapping[str, Mapping[str, Any]], **options) -> dict[str, Any]:
    """Does the order of two scenarios (or dates) hold, case by case, when the weights vary?

    ``pairs`` maps each case to its measures in the first and in the second variant. Under a weight variant the
    order holds for a case when :math:`\\operatorname{sign}(c_{to} - c_{from})` is unchanged; the variant is stable
    when it holds for every case. Returns the stable fraction over all variants and per case, the baseline deltas,
    each case's delta range, and the weights whose one-at-a-time variants flip some case.

    Examples
    --------
    >>> w = {"a": {"weight": 1.0, "scale": "unit"}, "b": {"weight": 1.0, "scale": "unit"}}
    >>> pairs = {"c": ({"a": 0.8, "b": 0.0}, {"a": 0.0, "b": 0.6})}
    >>> report = scenario_stability(pairs, w, factors=(0.5, 2.0), draws=0)
    >>> report["delta"], report["stable_fraction"], report["flipping_weights"]
    ({'c': -10.0}, 0.5, ['a', 'b'])
    """
    def deltas(ws) -> dict[Hashable, float]:
        return {k: round(composite(dict(b), ws)[0] - composite(dict(a), ws)[0], 2) for k, (a, b) in pairs.items()}

    def sign(x: float) -> int:
        return 0 if abs(x) < 1e-9 else (1 if x > 0 else -1)

    baseline = deltas(dict(weights))
    trials = variants(weights, **options)
    held = {k: 0 for k in pairs}
    low, high = dict(baseline), dict(baseline)
    stable, flipping, flips = 0, set(), []
    for variant in trials:
        got = deltas(variant.weights)
        broken = sorted(str(k) for k in pairs if sign(got[k]) != sign(baseline[k]))
        for k, d in got.items():
            low[k], high[k] = min(low[k], d), max(high[k], d)
            held[k] += sign(d) == sign(baseline[k])
        if not broken:
            stable += 1
        elif variant.one_at_a_time:
            flipping |= set(variant.changed)
            flips.append({"variant": variant.label, "cases": broken})
    n = len(trials)
    return {"delta": {str(k): baseline[k] for k in sorted(pairs, key=str)}, "variants": n, "stable": stable,
            "stable_fraction": round(stable / n, 4) if n else 1.0,
            "stable_fraction_per_case": {str(k): round(held[k] / n, 4) if n else 1.0 for k in sorted(pairs, key=str)},
            "delta_range": {str(k): [low[k], high[k]] for k in sorted(pairs, key=str)},
            "flipping_weights": sorted(flipping), "flips": flips}


def method(**options) -> dict[str, Any]:
    """The variation used, for reports: factors, number of joint draws, their range, distribution and seed.

    >>> method()["one_at_a_time"]
    [0.5, 0.75, 1.5, 2.0]
    """
    return {"one_at_a_time": list(options.get("factors", FACTORS)), "joint_draws": options.get("draws", DRAWS),
            "joint_range": list(options.get("joint_range", JOINT_RANGE)),
            "joint_distribution": "each weight times its own log-uniform factor", "seed": options.get("seed", SEED)}


def case_sensitivity(domain, case: str, *, model: str | None = None, scenario: str = "scen:fragmented",
                     perspective: str = "household", weights: Mapping[str, Mapping[str, Any]], on=None,
                     **options) -> dict[str, Any]:
    """:func:`ranking_stability` over every case of ``domain`` (same scenario, perspective, model and date), with
    where ``case`` ranks and how often that rank holds. The measures of each case are computed once; a case that
    cannot be resolved under these options (no default model, say) is left out and listed under ``skipped``."""
    from .path import resolve  # late: path resolution is needed only here

    def slug(cid: str) -> str:
        return cid.split(":", 1)[-1]

    measured, skipped = {}, []
    own_id = case if ":" in case else f"case:{case}"
    for cid in sorted(domain.cases):
        try:
            G = resolve(domain, cid, model_id=model, scenario_id=scenario, on=on)
        except DataError as exc:  # another case that cannot be resolved here is left out of the ranking, and said so
            if cid == own_id:
                raise
            skipped.append({"case": slug(cid), "reason": str(exc).splitlines()[0]})
            continue
        measured[slug(cid)] = score_path(G, perspective, dict(weights)).measures
    report = ranking_stability(measured, weights, **options)
    report["skipped"] = skipped
    own = slug(case if ":" in case else f"case:{case}")
    rank = report["ranking"].index(own) + 1 if own in report["ranking"] else None
    ranks_held = 0
    for variant in variants(weights, **options):
        scored = {k: composite(dict(v), variant.weights)[0] for k, v in measured.items()}
        order = sorted(scored, key=lambda k: (-scored[k], k))
        ranks_held += rank is not None and order.index(own) + 1 == rank
    report["case"] = own
    report["rank"] = rank
    report["rank_stable_fraction"] = round(ranks_held / report["variants"], 4) if report["variants"] else 1.0
    report["method"] = method(**options)
    return report
