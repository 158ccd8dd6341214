"""Scoring a set of cases before and after a reform, sharing paths between identical cases."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

import networkx as nx

from ..model import SOURCE_KINDS, TRANSFORMATION_KINDS, Domain, Transformation
from ..path import GENERIC_WIJKTEAM, derived, resolve
from ..report import load_weights, numeric_measures, score_path


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


