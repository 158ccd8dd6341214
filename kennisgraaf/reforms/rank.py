"""Ranking reforms: effects by measure, equivalent reforms, greedy combinations."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any


from ..errors import DataError
from ..model import Domain, Reform
from .checks import _slug, case_keys, candidate_reforms, check_reforms, model_key
from .evaluate import Evaluator, Outcome

#: Measures left out of the by-measure explanation (the composite is reported on its own).
_NOT_EXPLAINED = {"composite"}



# -- ranking --------------------------------------------------------------------------------------------------------

@dataclass
class Effect:
    """What one reform (or a combination of reforms) does to the case set."""

    reforms: tuple[str, ...]
    label: str
    household_drop: float
    deadlocks_removed: int
    weeks_saved: float
    professional_load_moved: float
    cases_changed: tuple[str, ...]
    by_measure: dict[str, dict[str, float]]
    signature: tuple = field(repr=False, default=())
    #: cases whose critical chain was blocked by a deadlock and completes after the reform (issue 14)
    chains_unblocked: int = 0
    equivalent_to: tuple[str, ...] = ()
    rank: int = 0

    @property
    def id(self) -> str:
        return " + ".join(_slug(r) for r in self.reforms)

    def sort_key(self) -> tuple:
        return (-self.household_drop, -self.deadlocks_removed, -self.chains_unblocked, -self.weeks_saved,
                self.professional_load_moved, self.id)

    def explanation(self, limit: int = 6) -> str:
        """The measures behind the effect, largest change first: 'household: institutions −5, …; professional: …'."""
        parts = []
        for perspective in ("household", "professional"):
            changes = self.by_measure.get(perspective, {})
            if changes:
                shown = list(changes.items())[:limit]
                more = f", … {len(changes) - limit} more" if len(changes) > limit else ""
                parts.append(f"{perspective}: " + ", ".join(f"{k} {_signed(v)}" for k, v in shown) + more)
        return "; ".join(parts) or "no effect on these cases"

    def as_dict(self) -> dict[str, Any]:
        return {"rank": self.rank, "reform": self.id, "reforms": [_slug(r) for r in self.reforms], "label": self.label,
                "household_drop": self.household_drop, "deadlocks_removed": self.deadlocks_removed,
                "weeks_saved": self.weeks_saved, "chains_unblocked": self.chains_unblocked,
                "professional_load_moved": self.professional_load_moved,
                "cases_changed": [_slug(c) for c in self.cases_changed],
                "equivalent_to": [_slug(r) for r in self.equivalent_to],
                "by_measure": self.by_measure, "explanation": self.explanation()}

    def as_row(self) -> dict[str, Any]:
        return {"rank": self.rank, "reform": self.id, "household drop": self.household_drop,
                "deadlocks removed": self.deadlocks_removed, "chains unblocked": self.chains_unblocked,
                "weeks saved": self.weeks_saved,
                "professional load (− less, + more)": self.professional_load_moved,
                "cases changed": len(self.cases_changed),
                "equivalent to": ", ".join(_slug(r) for r in self.equivalent_to), "effect by measure": self.explanation(4)}


def _signed(value: float) -> str:
    text = f"{value:+.2f}".rstrip("0").rstrip(".") if value != int(value) else f"{int(value):+d}"
    return text.replace("-", "−")


@dataclass
class Ranking:
    """The ranked reforms over one case set and municipality model."""

    municipality: str
    date: str
    cases: tuple[str, ...]
    baseline: dict[str, float]
    reforms: list[Effect]
    combinations: list[Effect]
    groups: list[tuple[str, ...]]
    skipped: list[tuple[str, str]]
    labels: dict[str, str] = field(default_factory=dict)
    sources: dict[str, tuple[str, ...]] = field(default_factory=dict)
    illustrative: dict[str, bool] = field(default_factory=dict)
    evaluations: int = 0

    def as_dict(self) -> dict[str, Any]:
        return {"municipality": _slug(self.municipality), "date": self.date, "cases": len(self.cases),
                "case_ids": [_slug(c) for c in self.cases], "baseline": self.baseline,
                "reforms": [e.as_dict() | {"sources": list(self.sources.get(e.reforms[0], ())),
                                           "illustrative": self.illustrative.get(e.reforms[0], False)}
                            for e in self.reforms],
                "combinations": [e.as_dict() for e in self.combinations],
                "equivalent_groups": [[_slug(r) for r in g] for g in self.groups],
                "skipped": [{"reform": _slug(r), "reason": why} for r, why in self.skipped]}


def effect_of(reforms: Sequence[Reform], before: dict[str, Outcome], after: dict[str, Outcome]) -> Effect:
    """Sum a reform's (or combination's) effect over the cases and explain it by measure."""
    drop = deadlocks = weeks = load = 0.0
    unblocked = 0
    changed: list[str] = []
    by_measure: dict[str, dict[str, float]] = {"household": {}, "professional": {}}
    signature = []
    for cid in before:
        b, a = before[cid], after[cid]
        drop += b.household["composite"] - a.household["composite"]
        deadlocks += b.household["deadlock_count"] - a.household["deadlock_count"]
        # a chain blocked by a deadlock has no length (None): ending the deadlock unblocks it, it saves no weeks
        wb, wa = b.household.get("critical_chain_weeks"), a.household.get("critical_chain_weeks")
        if wb is not None and wa is not None:
            weeks += wb - wa
        elif wb is None and wa is not None:
            unblocked += 1
        elif wb is not None:
            unblocked -= 1
        load += a.professional["composite"] - b.professional["composite"]
        case_delta = []
        for perspective in ("household", "professional"):
            bp, ap = getattr(b, perspective), getattr(a, perspective)
            for name in ap:
                if ap[name] is None or bp.get(name) is None:  # not available (COC below four contacts): no delta
                    continue
                delta = round(ap[name] - bp.get(name, 0), 4)
                if delta:
                    case_delta.append((perspective, name, delta))
                    if name not in _NOT_EXPLAINED:
                        table = by_measure[perspective]
                        table[name] = table.get(name, 0) + delta
        if case_delta:
            changed.append(cid)
        signature.append(tuple(case_delta))
    for perspective, table in by_measure.items():
        by_measure[perspective] = {k: round(v, 4) for k, v in sorted(table.items(), key=lambda kv: (-abs(kv[1]), kv[0]))
                                   if round(v, 4)}
    return Effect(tuple(r.id for r in reforms), " + ".join(r.label for r in reforms), round(drop, 2), int(round(deadlocks)),
                  round(weeks, 2), round(load, 2), tuple(changed), by_measure, tuple(signature),
                  chains_unblocked=unblocked)


def rank_reforms(domain: Domain, model: str, cases: Sequence[str] | None = None, *,
                 reforms: Sequence[Reform] | None = None, top: int | None = None, combine: int = 3,
                 weights: dict | None = None, on: date | None = None,
                 outcomes_many: Callable[[Sequence[tuple]], list[dict[str, Outcome]]] | None = None) -> Ranking:
    """Rank reforms by their effect on a case set under one municipality model (see the module doc).

    ``reforms`` defaults to every reform written for ``model`` or for any model; they are checked first
    (:func:`check_reforms`). ``top`` keeps the N best reforms in the listing (all when None); ``combine`` is the
    largest combination the greedy search builds (1 = none). ``outcomes_many`` evaluates a list of transformation
    sequences at once (e.g. on a Dask cluster, :class:`kennisgraaf.distributed.DaskOutcomes`); by default they are
    evaluated here, one after the other. Either way the outcomes, and so the ranking, are the same.
    """
    model_id = model_key(domain, model)
    case_ids = case_keys(domain, cases)
    skipped: list[tuple[str, str]] = []
    if reforms is None:
        check_reforms(domain)  # every reform file, also those written for another model
        reforms, skipped = candidate_reforms(domain, model_id)
    reforms = sorted(reforms, key=lambda r: r.id)
    check_reforms(domain, reforms)
    if not reforms:
        raise DataError(f"no reforms to rank for {model_id}",
                        fix="add reform files under data/reforms/ (see docs/reforms.md)")
    evaluator = Evaluator(domain, model_id, case_ids, weights=weights, on=on)
    many = outcomes_many or (lambda batch: [evaluator.outcomes(t) for t in batch])
    before = evaluator.baseline()
    effects = [effect_of([reform], before, outcomes)
               for reform, outcomes in zip(reforms, many([r.transformations for r in reforms]))]
    effects.sort(key=Effect.sort_key)
    groups = _group_equivalent(effects)
    for rank, effect in enumerate(effects, 1):
        effect.rank = rank
    combinations = _greedy(evaluator, reforms, effects, before, combine, many, keep=outcomes_many is None)
    totals = {"household_composite": round(sum(o.household["composite"] for o in before.values()), 2),
              "professional_composite": round(sum(o.professional["composite"] for o in before.values()), 2),
              "deadlocks": int(sum(o.household["deadlock_count"] for o in before.values())),
              "critical_chain_weeks": round(sum(o.household["critical_chain_weeks"] or 0 for o in before.values()), 2),
              "critical_chains_blocked": sum(1 for o in before.values() if o.household["critical_chain_weeks"] is None)}
    by_id = {r.id: r for r in reforms}
    return Ranking(model_id, evaluator.date(), tuple(case_ids), totals, effects[:top] if top else effects,
                   combinations, groups, skipped, {r: by_id[r].label for r in by_id},
                   {r: by_id[r].sources for r in by_id}, {r: by_id[r].illustrative for r in by_id},
                   evaluator.evaluations)


def _group_equivalent(effects: list[Effect]) -> list[tuple[str, ...]]:
    """Reforms whose effects are identical on every case (every measure, both perspectives) form a group."""
    by_signature: dict[tuple, list[Effect]] = {}
    for effect in effects:
        by_signature.setdefault(effect.signature, []).append(effect)
    groups = []
    for members in by_signature.values():
        if len(members) > 1:
            ids = tuple(sorted(m.reforms[0] for m in members))
            groups.append(ids)
            for m in members:
                m.equivalent_to = tuple(i for i in ids if i != m.reforms[0])
    return sorted(groups)


def _greedy(evaluator: Evaluator, reforms: Sequence[Reform], effects: list[Effect], before: dict[str, Outcome],
            combine: int, many: Callable[[Sequence[tuple]], list[dict[str, Outcome]]], *,
            keep: bool = True) -> list[Effect]:
    """Greedy combinations: start from the best reform and add, one at a time, the reform that makes the combination
    best (same order as the ranking), while it improves the combination; stop at ``combine`` reforms."""
    if combine < 2 or not effects or not _improves(effects[0], None):
        return []
    by_id = {r.id: r for r in reforms}
    # Of each group of equivalent reforms only the first is tried: the others would give the same combinations.
    skip = {r for e in effects for r in e.equivalent_to if e.reforms[0] < r}
    bundle = [by_id[effects[0].reforms[0]]]
    current = effects[0]
    if keep:  # the local evaluator reuses the paths of the bundle so far (a cache only: same outcomes)
        evaluator.outcomes(bundle[0].transformations, keep=True)
    out = []
    while len(bundle) < combine:
        candidates = [bundle + [reform] for reform in reforms if reform not in bundle and reform.id not in skip]
        sequences = [tuple(t for r in chosen for t in r.transformations) for chosen in candidates]
        trials = [effect_of(chosen, before, outcomes) for chosen, outcomes in zip(candidates, many(sequences))]
        if not trials:
            break
        best = min(trials, key=Effect.sort_key)
        if not _improves(best, current):
            break
        bundle = [by_id[r] for r in best.reforms]
        current = best
        if keep:
            evaluator.outcomes(tuple(t for r in bundle for t in r.transformations), keep=True)
        best.rank = len(bundle)
        out.append(best)
    return out


def _improves(effect: Effect, over: Effect | None) -> bool:
    base = (0.0, 0, 0, 0.0) if over is None else (over.household_drop, over.deadlocks_removed, over.chains_unblocked,
                                                  over.weeks_saved)
    return (effect.household_drop, effect.deadlocks_removed, effect.chains_unblocked, effect.weeks_saved) > base
