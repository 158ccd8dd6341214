"""Reforms across many households: which change to a municipality model helps the most households, and how.

A reform (``data/reforms/*.ttl``, ``kg:Reform``) is a named, sourced change to a municipality model, stated in the
transformation vocabulary of scenarios (one front door, a merger of front doors, one intake, one registration, a
move to another law, precondition waivers). :func:`rank_reforms` scores a set of cases under one municipality model
before and after each candidate reform and ranks the reforms by

1. the drop in total household fragmentation (the sum of the household composites over the cases),
2. the deadlocks removed (sum of deadlock counts),
3. the weeks saved on the critical chains (sum of critical-chain weeks),
4. the load moved to professionals (the change in the sum of professional composites; less is better),

then by id, so the ranking is deterministic. Each reform's effect is explained by measure (the summed change of every
measure, household and professional), reforms with identical effects on every case are grouped as equivalent, and a
greedy search builds combinations: the best reform, then the reform that adds most to it, up to N reforms.

The single-case version of this question is :mod:`kennisgraaf.whatif`; both score a changed path with
:func:`kennisgraaf.report.score_path`. Here a reform is applied by resolving the path with the reform's
transformations (:func:`kennisgraaf.path.resolve`, ``transformations=``), so that a waived precondition also drops
the prerequisites only it brought in, exactly as a scenario would.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from difflib import get_close_matches
from typing import Any

import networkx as nx

from .errors import DataError, UnknownIdError
from .model import SOURCE_KINDS, TRANSFORMATION_KINDS, Domain, Reform, Transformation
from .path import GENERIC_WIJKTEAM, derived, resolve
from .report import load_weights, numeric_measures, score_path

#: Which entity kind a transformation's kg:target must be.
TARGET_KINDS = {"OneFrontDoor": "institution", "MergeFrontDoors": "institution", "SharedIntake": "method",
                "SharedAssessment": "instrument", "SharedRegistration": "system", "SharedAccess": "protocol",
                "MoveLegalBasis": "framework"}
#: Which entity kind a transformation's kg:source entities must be.
SOURCE_KIND = {"MergeFrontDoors": "institution", "MoveLegalBasis": "framework"}
#: Measures left out of the by-measure explanation (the composite is reported on its own).
_NOT_EXPLAINED = {"composite"}


# -- checking -------------------------------------------------------------------------------------------------------

def check_reforms(domain: Domain, reforms: Iterable[Reform] | None = None) -> None:
    """Refuse reforms that name unknown ids or contradict themselves; one :class:`DataError` lists every problem.

    Unknown: a waived precondition, a target, a merged institution, a replaced law, a provision in kg:appliesTo or
    the kg:forModel model that the data does not define, or a transformation of a kind kennisgraaf does not know.
    Contradictions: a merger of a front door into itself, a move of a law to itself, a target of the wrong kind (a
    front door that is a law), a reform without transformations.
    """
    problems: list[tuple[str, str]] = []
    for reform in sorted(reforms if reforms is not None else domain.reforms.values(), key=lambda r: r.id):
        where = reform.file
        for message in _problems(domain, reform):
            problems.append((where, f"reform '{_slug(reform.id)}' {message}"))
    if not problems:
        return
    files = sorted({f for f, _ in problems if f})
    text = "; ".join(m for _, m in problems)
    raise DataError(f"{len(problems)} problem(s) in reforms: {text}", path=files[0] if len(files) == 1 else None,
                    fix="correct the reform file(s)" + (f" ({', '.join(files)})" if len(files) > 1 else "")
                        + "; `kennisgraaf validate` lists the same with file and check")


def _problems(domain: Domain, reform: Reform) -> list[str]:
    out: list[str] = []
    if reform.for_model and reform.for_model not in domain.models:
        out.append(f"is written for unknown municipality model '{reform.for_model}'{_hint(reform.for_model, domain.models)}")
    for kinds in reform.unknown_kinds:
        out.append(f"has a transformation of unknown kind ({kinds}); use one of "
                   + ", ".join(f"kg:{k}" for k in TRANSFORMATION_KINDS))
    if not reform.transformations and not reform.unknown_kinds:
        out.append("states no kg:transformation")
    for t in reform.transformations:
        for pc in sorted(t.waives):
            if pc not in domain.preconditions:
                out.append(f"waives precondition '{pc}', which does not exist{_hint(pc, domain.preconditions)}")
        for pid in sorted(t.applies_to):
            if pid not in domain.provisions:
                out.append(f"applies {_kind(t)} to unknown provision '{pid}'{_hint(pid, domain.provisions)}")
        if t.kind == "PreconditionWaiver":
            if not t.waives:
                out.append("has a kg:PreconditionWaiver that waives nothing (add kg:waives pc:…)")
            continue
        wanted = TARGET_KINDS[t.kind]
        if t.target in (None, "kg:ModelWijkteam"):
            if wanted != "institution":
                out.append(f"has a {_kind(t)} without a kg:target {wanted}")
        elif t.target not in domain.entities:
            out.append(f"puts unknown {wanted} '{t.target}' in place ({_kind(t)}){_hint(t.target, domain.entities)}")
        elif domain.entity(t.target).kind != wanted:
            out.append(f"puts {domain.entity(t.target).kind} '{t.target}' in place where {_kind(t)} needs a {wanted}")
        if t.kind in SOURCE_KINDS:
            want = SOURCE_KIND[t.kind]
            if not t.sources:
                out.append(f"has a {_kind(t)} without kg:source")
            for source in sorted(t.sources):
                if source not in domain.entities:
                    out.append(f"names unknown {want} '{source}' as kg:source of {_kind(t)}{_hint(source, domain.entities)}")
                elif domain.entity(source).kind != want:
                    out.append(f"names {domain.entity(source).kind} '{source}' as kg:source of {_kind(t)}, which needs a {want}")
            others = t.sources - {t.target}
            if t.kind == "MergeFrontDoors" and t.sources and not others:
                out.append(f"merges front door '{t.target}' into itself (name at least one other institution as kg:source)")
            elif t.kind == "MergeFrontDoors" and len(t.sources | {t.target}) < 2:
                out.append("merges fewer than two institutions")
            if t.kind == "MoveLegalBasis" and t.target in t.sources:
                out.append(f"moves provisions from '{t.target}' to the same law")
    return out


def _kind(t: Transformation) -> str:
    return f"kg:{t.kind}"


def _hint(given: str, known: Iterable[str]) -> str:
    close = get_close_matches(given, sorted(known), n=2, cutoff=0.75)
    return f" (did you mean {' or '.join(close)}?)" if close else ""


def _slug(compact_id: str) -> str:
    return compact_id.split(":", 1)[-1]


def candidate_reforms(domain: Domain, model_id: str) -> tuple[list[Reform], list[tuple[str, str]]]:
    """The reforms that can be applied to ``model_id`` (written for it, or for any model), sorted by id, and the
    ones left out with the reason."""
    chosen, skipped = [], []
    for reform in sorted(domain.reforms.values(), key=lambda r: r.id):
        if reform.for_model and reform.for_model != model_id:
            skipped.append((reform.id, f"written for {reform.for_model}"))
        else:
            chosen.append(reform)
    return chosen, skipped


def get_reform(domain: Domain, given: str) -> Reform:
    """A reform by slug or compact id; UnknownIdError otherwise."""
    key = given if ":" in given else f"reform:{given}"
    if key not in domain.reforms:
        raise UnknownIdError("reform", given, [_slug(r) for r in domain.reforms])
    return domain.reforms[key]


def model_key(domain: Domain, given: str) -> str:
    """A municipality model by slug or compact id; UnknownIdError otherwise."""
    key = given if ":" in given else f"model:{given}"
    if key not in domain.models:
        raise UnknownIdError("municipality model", given, [_slug(m) for m in domain.models])
    return key


def case_keys(domain: Domain, given: Iterable[str] | None = None) -> list[str]:
    """The case set: the given cases (slugs or compact ids; UnknownIdError for an unknown one), or every case."""
    if given is None:
        return sorted(domain.cases)
    out = []
    for item in given:
        key = item if ":" in item else f"case:{item}"
        if key not in domain.cases:
            raise UnknownIdError("case", item, [_slug(c) for c in domain.cases])
        if key not in out:
            out.append(key)
    if not out:
        raise DataError("the case set is empty", fix="give case ids, a folder of case files, or leave --cases out")
    return out


# -- evaluation -----------------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Outcome:
    """One case's numeric measures in both perspectives (composite included)."""

    household: dict[str, float]
    professional: dict[str, float]


class Evaluator:
    """Scores the case set under one model with a set of transformations; cases with the same needs, provisions and
    age bands have the same path and are scored once, and a reform none of whose transformations touches a case's
    path leaves that case as it was (it is not resolved again)."""

    def __init__(self, domain: Domain, model_id: str, cases: Sequence[str], *, weights: dict | None = None,
                 on: date | None = None, scenario_id: str = "scen:fragmented"):
        self.domain, self.model_id, self.on, self.scenario_id = domain, model_id, on, scenario_id
        self.weights = weights if weights is not None else load_weights()
        self.cases = list(cases)
        self.wijkteam = domain.models[model_id].wijkteam or GENERIC_WIJKTEAM
        self._representative: dict[tuple, str] = {}
        self.signature_of: dict[str, tuple] = {}
        for cid in self.cases:
            case = domain.cases[cid]
            signature = (case.needs, case.provisions, case.age_bands)
            self.signature_of[cid] = signature
            self._representative.setdefault(signature, cid)
        self._paths: dict[tuple, nx.MultiDiGraph] = {}
        self._baseline: dict[tuple, Outcome] = {}
        self._cache: dict[tuple, dict[tuple, Outcome]] = {}
        #: the changed paths of some transformation sequences (greedy prefixes), to test later additions against
        self._kept: dict[tuple, dict[tuple, nx.MultiDiGraph]] = {}
        for signature, cid in self._representative.items():
            G = resolve(domain, cid, model_id=model_id, scenario_id=scenario_id, on=on)
            self._paths[signature] = G
            self._baseline[signature] = self._score(G)
        self.evaluations = 0

    def _score(self, G: nx.MultiDiGraph) -> Outcome:
        with derived(G):  # what both perspectives derive from G (plan order, precondition graph) is computed once
            return Outcome(*(numeric_measures(score_path(G, p, self.weights)) for p in ("household", "professional")))

    def baseline(self) -> dict[str, Outcome]:
        return {cid: self._baseline[self.signature_of[cid]] for cid in self.cases}

    def date(self) -> str:
        return next(iter(self._paths.values())).graph["date"] if self._paths else ""

    def outcomes(self, transformations: tuple[Transformation, ...], *, keep: bool = False) -> dict[str, Outcome]:
        """Every case's outcome with ``transformations`` applied.

        A case is resolved again only if the transformations could change its path: if none of them touches the
        baseline path, the baseline outcome stands; if a first part of them was kept (``keep=True``) and none of the
        rest touches the path that part made, that part's outcome stands. Both tests are exact: a transformation that
        touches nothing on a path leaves it as it is.
        """
        key = tuple(t.id for t in transformations)
        if key not in self._cache or (keep and key not in self._kept):
            prefix = next((key[:n] for n in range(len(key) - 1, 0, -1) if key[:n] in self._kept), ())
            rest = transformations[len(prefix):]
            per_signature, kept = {}, {}
            for signature, cid in self._representative.items():
                G = self._kept[prefix][signature] if prefix else self._paths[signature]
                if not any(touches_path(G, t, self.wijkteam) for t in rest):
                    per_signature[signature] = self._cache[prefix][signature] if prefix else self._baseline[signature]
                    kept[signature] = G
                    continue
                self.evaluations += 1
                H = resolve(self.domain, cid, model_id=self.model_id, scenario_id=self.scenario_id, on=self.on,
                            transformations=transformations)
                per_signature[signature] = self._score(H)
                kept[signature] = H
            self._cache[key] = per_signature
            if keep:
                self._kept[key] = kept
        return {cid: self._cache[key][self.signature_of[cid]] for cid in self.cases}


def touches_path(G: nx.MultiDiGraph, t: Transformation, wijkteam: str = GENERIC_WIJKTEAM) -> bool:
    """Whether applying ``t`` could change the path ``G`` at all (a cheap test before resolving again).

    A waiver touches a path that holds one of its preconditions; a merger or move, a path with an edge to one of its
    sources on a provision in scope; the other kinds, a path with a provision in scope that has their relation.
    """
    relations = TRANSFORMATION_KINDS[t.kind]
    if t.kind == "PreconditionWaiver":
        return any(d.get("precondition") in t.waives for _, _, d in G.edges(data=True))
    target = wijkteam if t.target in (None, "kg:ModelWijkteam") else t.target
    for u, v, d in G.edges(data=True):
        if d.get("relation") not in relations or (t.applies_to and u not in t.applies_to):
            continue
        if G.nodes[u].get("kind") != "provision":
            continue
        if t.kind not in SOURCE_KINDS or (v in t.sources and v != target):
            return True
    return False


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
    equivalent_to: tuple[str, ...] = ()
    rank: int = 0

    @property
    def id(self) -> str:
        return " + ".join(_slug(r) for r in self.reforms)

    def sort_key(self) -> tuple:
        return (-self.household_drop, -self.deadlocks_removed, -self.weeks_saved, self.professional_load_moved,
                self.id)

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
                "weeks_saved": self.weeks_saved, "professional_load_moved": self.professional_load_moved,
                "cases_changed": [_slug(c) for c in self.cases_changed],
                "equivalent_to": [_slug(r) for r in self.equivalent_to],
                "by_measure": self.by_measure, "explanation": self.explanation()}

    def as_row(self) -> dict[str, Any]:
        return {"rank": self.rank, "reform": self.id, "household drop": self.household_drop,
                "deadlocks removed": self.deadlocks_removed, "weeks saved": self.weeks_saved,
                "professional load moved": self.professional_load_moved,
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
    changed: list[str] = []
    by_measure: dict[str, dict[str, float]] = {"household": {}, "professional": {}}
    signature = []
    for cid in before:
        b, a = before[cid], after[cid]
        drop += b.household["composite"] - a.household["composite"]
        deadlocks += b.household["deadlock_count"] - a.household["deadlock_count"]
        weeks += b.household["critical_chain_weeks"] - a.household["critical_chain_weeks"]
        load += a.professional["composite"] - b.professional["composite"]
        case_delta = []
        for perspective in ("household", "professional"):
            bp, ap = getattr(b, perspective), getattr(a, perspective)
            for name in ap:
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
                  round(weeks, 2), round(load, 2), tuple(changed), by_measure, tuple(signature))


def rank_reforms(domain: Domain, model: str, cases: Sequence[str] | None = None, *,
                 reforms: Sequence[Reform] | None = None, top: int | None = None, combine: int = 3,
                 weights: dict | None = None, on: date | None = None) -> Ranking:
    """Rank reforms by their effect on a case set under one municipality model (see the module doc).

    ``reforms`` defaults to every reform written for ``model`` or for any model; they are checked first
    (:func:`check_reforms`). ``top`` keeps the N best reforms in the listing (all when None); ``combine`` is the
    largest combination the greedy search builds (1 = none).
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
    before = evaluator.baseline()
    effects = []
    for reform in reforms:
        effects.append(effect_of([reform], before, evaluator.outcomes(reform.transformations)))
    effects.sort(key=Effect.sort_key)
    groups = _group_equivalent(effects)
    for rank, effect in enumerate(effects, 1):
        effect.rank = rank
    combinations = _greedy(evaluator, reforms, effects, before, combine)
    totals = {"household_composite": round(sum(o.household["composite"] for o in before.values()), 2),
              "professional_composite": round(sum(o.professional["composite"] for o in before.values()), 2),
              "deadlocks": int(sum(o.household["deadlock_count"] for o in before.values())),
              "critical_chain_weeks": round(sum(o.household["critical_chain_weeks"] for o in before.values()), 2)}
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
            combine: int) -> list[Effect]:
    """Greedy combinations: start from the best reform and add, one at a time, the reform that makes the combination
    best (same order as the ranking), while it improves the combination; stop at ``combine`` reforms."""
    if combine < 2 or not effects or not _improves(effects[0], None):
        return []
    by_id = {r.id: r for r in reforms}
    # Of each group of equivalent reforms only the first is tried: the others would give the same combinations.
    skip = {r for e in effects for r in e.equivalent_to if e.reforms[0] < r}
    bundle = [by_id[effects[0].reforms[0]]]
    current = effects[0]
    evaluator.outcomes(bundle[0].transformations, keep=True)
    out = []
    while len(bundle) < combine:
        trials = []
        for reform in reforms:
            if reform in bundle or reform.id in skip:
                continue
            chosen = bundle + [reform]
            transformations = tuple(t for r in chosen for t in r.transformations)
            trials.append(effect_of(chosen, before, evaluator.outcomes(transformations)))
        if not trials:
            break
        best = min(trials, key=Effect.sort_key)
        if not _improves(best, current):
            break
        bundle = [by_id[r] for r in best.reforms]
        current = best
        evaluator.outcomes(tuple(t for r in bundle for t in r.transformations), keep=True)
        best.rank = len(bundle)
        out.append(best)
    return out


def _improves(effect: Effect, over: Effect | None) -> bool:
    base = (0.0, 0, 0.0) if over is None else (over.household_drop, over.deadlocks_removed, over.weeks_saved)
    return (effect.household_drop, effect.deadlocks_removed, effect.weeks_saved) > base


__all__ = ["check_reforms", "candidate_reforms", "get_reform", "model_key", "case_keys", "rank_reforms",
           "touches_path", "effect_of", "Evaluator", "Outcome", "Effect", "Ranking"]
