"""One Score per case, scenario and perspective: every measure, the composite, and the entities behind each number.

The composite is a weighted mean of normalised measures; its weights and scales are data (``weights.toml``,
overridable with ``--weights FILE``), and every component is reported beside it.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from datetime import date
from importlib.resources import files
from pathlib import Path
from typing import Any

import networkx as nx

from . import measures as m
from .errors import DataError
from .measures.bottlenecks import bottleneck_count, bottlenecks
from .measures.redundancy import assessment_overlap, data_overlap, intake_encounters
from .measures.dimensions import funding_boundaries, per_case_funded
from .measures.time import deadline_count, episode_continuity, regime_switch_count, total_gap_weeks
from .model import Domain
from .path import PERSPECTIVES, derived, needs, precondition_graph, resolve

#: The measures every score reports, in this order.
MEASURE_NAMES = (
    "frameworks", "protocols", "methods", "instruments", "systems", "institutions",
    "contacts", "handoffs", "coc", "upc", "fragmentation", "management_continuity",
    "repeated_intakes", "repeated_assessments", "duplicate_assessments", "duplicate_data",
    "deadlocks", "deadlock_count", "critical_chain", "critical_chain_weeks",
    "over_problematising", "over_professionalising", "loketten_and_rules", "perverse_incentives",
    "money_loops", "actor_dependencies", "bottlenecks",
    # issue 14: time on the path (kennisgraaf.episodes, kennisgraaf.measures.time)
    "critical_chain_blocked", "deadlines", "gap_weeks", "regime_switches", "episode_upc", "episode_coc",
)


@dataclass
class Score:
    """The measured fragmentation of one case path in one perspective."""

    case: str
    model: str
    scenario: str
    perspective: str
    date: str
    measures: dict[str, Any]
    composite: float
    components: dict[str, dict[str, float]]
    explanation: dict[str, Any] = field(default_factory=dict)
    unmet_needs: list[str] = field(default_factory=list)
    waived: list[str] = field(default_factory=list)
    #: measure -> why it is not available (its value is None and the composite leaves it out)
    not_available: dict[str, str] = field(default_factory=dict)
    #: choice point -> the branch the path took (kennisgraaf.choices)
    branch: dict[str, str] = field(default_factory=dict)

    def as_dict(self, *, explain: bool = False) -> dict[str, Any]:
        out = {"case": _slug(self.case), "scenario": _slug(self.scenario), "municipality": _slug(self.model),
               "perspective": self.perspective, "date": self.date, "measures": self.measures,
               "composite": self.composite, "components": self.components, "unmet_needs": self.unmet_needs,
               "waived_preconditions": self.waived, "not_available": self.not_available, "branch": self.branch}
        if explain:
            out["explanation"] = self.explanation
        return out


def _slug(compact_id: str) -> str:
    return compact_id.split(":", 1)[-1]


def load_weights(path: Path | str | None = None) -> dict[str, dict[str, Any]]:
    """The composite's weights: the packaged ``weights.toml`` or a user file in the same format."""
    try:
        text = Path(path).read_text(encoding="utf-8") if path else \
            files("kennisgraaf").joinpath("weights.toml").read_text(encoding="utf-8")
        table = tomllib.loads(text).get("measures", {})
    except OSError as exc:
        raise DataError(f"cannot read weights file: {exc.strerror}", path=str(path)) from None
    except tomllib.TOMLDecodeError as exc:
        raise DataError(f"malformed TOML: {exc}", path=str(path), fix="see kennisgraaf/weights.toml for the format") from None
    for name, spec in table.items():
        if name not in MEASURE_NAMES or not isinstance(spec, dict):
            raise DataError(f"unknown measure '{name}' in weights", path=str(path),
                            fix=f"use measures from: {', '.join(MEASURE_NAMES)}")
        if spec.get("scale", "saturating") not in ("saturating", "unit") or float(spec.get("weight", 0)) < 0 \
                or (spec.get("scale", "saturating") == "saturating" and float(spec.get("half", 1)) <= 0):
            raise DataError(f"measure '{name}': weight must be ≥ 0, scale 'saturating' (with half > 0) or 'unit'",
                            path=str(path))
    return table


def normalise(value: float, spec: dict[str, Any]) -> float:
    """Map a measure value to [0, 1] as its weights entry says.

    >>> normalise(3, {"half": 3, "scale": "saturating"})
    0.5
    >>> normalise(0.25, {"scale": "unit"})
    0.25
    """
    value = float(value)
    if spec.get("scale", "saturating") == "unit":
        return min(max(value, 0.0), 1.0)
    return value / (value + float(spec.get("half", 1))) if value > 0 else 0.0


def composite(measures: dict[str, Any], weights: dict[str, dict[str, Any]]) -> tuple[float, dict[str, dict[str, float]]]:
    """The composite score 100·Σ w·f(x)/Σ w and each component's value, normalised value, weight and share.

    A measure that is not available (``None``, e.g. COC below four contacts) is left out of both sums, so the
    composite is re-normalised over the weights of the measures that are available; its component shows
    ``normalised: None`` and 0 points.

    >>> weights = {"a": {"weight": 1, "scale": "unit"}, "b": {"weight": 3, "scale": "unit"}}
    >>> composite({"a": 0.5, "b": 1.0}, weights)[0]
    87.5
    >>> composite({"a": 0.5, "b": None}, weights)[0]
    50.0
    """
    components, total_weight, total = {}, 0.0, 0.0
    for name, spec in weights.items():
        weight = float(spec.get("weight", 0))
        if measures[name] is None:
            components[name] = {"value": None, "normalised": None, "weight": weight}
            continue
        normalised = normalise(measures[name], spec)
        components[name] = {"value": measures[name], "normalised": round(normalised, 4), "weight": weight}
        total_weight += weight
        total += weight * normalised
    score = round(100 * total / total_weight, 2) if total_weight else 0.0
    for c in components.values():
        c["points"] = round(100 * c["weight"] * c["normalised"] / total_weight, 2) \
            if total_weight and c["normalised"] is not None else 0.0
    return score, components


def measure_path(G: nx.MultiDiGraph, perspective: str = "household") -> dict[str, Any]:
    """Every measure of a path in one perspective."""
    with derived(G):  # plan order, precondition graph and touch edges computed once for all measures
        return _measure_path(G, perspective)


def _rounded(value: float | None) -> float | None:
    return None if value is None else round(value, 4)


def not_available(values: dict[str, Any]) -> dict[str, str]:
    """The measures of ``values`` that are not available, with the reason."""
    reason = m.not_available_reason(values["contacts"])
    out = {name: reason for name in ("coc", "upc", "fragmentation") if values.get(name) is None and reason}
    if values.get("critical_chain_blocked"):
        out["critical_chain_weeks"] = "the chain is blocked by a deadlock: it never completes, so it has no length"
    return out


def _measure_path(G: nx.MultiDiGraph, perspective: str) -> dict[str, Any]:
    sequence = [e.institution for e in m.contact_sequence(G, perspective)]
    cycles = m.deadlocks(G)
    values: dict[str, Any] = dict(m.enschede_counts(G, perspective))
    values.update({
        "contacts": len(sequence), "handoffs": m.handoffs(G, perspective),
        "coc": _rounded(m.coc(sequence)), "upc": _rounded(m.upc(sequence)),
        "fragmentation": _rounded(m.fragmentation(sequence)),
        "management_continuity": m.management_continuity(G, perspective),
        "repeated_intakes": m.repeated_intakes(G, perspective),
        "repeated_assessments": m.repeated_assessments(G, perspective),
        "duplicate_assessments": m.duplicate_assessments(G, perspective),
        "duplicate_data": m.duplicate_data(G, perspective),
        "deadlocks": cycles, "deadlock_count": len(cycles),
        "critical_chain": m.critical_chain(G),
        # a deadlock blocks the chain: it never completes, so its length in weeks is null, not 0 (issue 14)
        "critical_chain_weeks": None if cycles else m.critical_chain_weeks(G), "critical_chain_blocked": bool(cycles),
        "over_problematising": round(m.over_problematising(G, perspective), 4),
        "over_professionalising": round(m.over_professionalising(G, perspective), 4),
        "loketten_and_rules": m.loketten_and_rules(G, perspective),
        "perverse_incentives": m.perverse_incentives(G, perspective),
        # issue 15: counts of the findings resolution puts on the path, and its bottlenecks
        "money_loops": len(G.graph.get("money_loops", [])),
        "actor_dependencies": sum(1 for d in G.graph.get("actor_dependencies", []) if d["at_risk"]),
        "bottlenecks": bottleneck_count(G),
        **time_measures(G),
    })
    return values


def time_measures(G: nx.MultiDiGraph) -> dict[str, Any]:
    """The issue-14 measures: deadlines (count), gap weeks (sum), regime switches (count) and the mean UPC and COC
    of providers per need over the months of the horizon, for the needs whose provision changes (None if none)."""
    per_need = episode_continuity(G)
    upcs = [v["upc"] for v in per_need.values() if v["upc"] is not None]
    cocs = [v["coc"] for v in per_need.values() if v["coc"] is not None]
    return {"deadlines": deadline_count(G), "gap_weeks": total_gap_weeks(G), "regime_switches": regime_switch_count(G),
            "episode_upc": round(sum(upcs) / len(upcs), 4) if upcs else None,
            "episode_coc": round(sum(cocs) / len(cocs), 4) if cocs else None}


def explain_path(G: nx.MultiDiGraph, perspective: str = "household") -> dict[str, Any]:
    """The entities and triples behind each measure."""
    with derived(G):
        return _explain_path(G, perspective)


def _explain_path(G: nx.MultiDiGraph, perspective: str) -> dict[str, Any]:
    def entity(node: str) -> dict[str, Any]:
        data = G.nodes[node]
        return {"id": node, "label": data.get("label", node), "source": data.get("source", ""),
                "illustrative": bool(data.get("illustrative"))}

    def with_triples(kind: str) -> list[dict[str, Any]]:
        rows = []
        for target in sorted(m.distinct_touchpoints(G, kind, perspective)):
            triples = sorted({" ".join(d["triple"]) for _, t, d in G.in_edges(target, data=True)
                              if d.get(perspective) and d.get("relation") in m.COUNT_RELATIONS[kind]})
            rows.append({**entity(target), "triples": triples})
        return rows

    out: dict[str, Any] = {kind: with_triples(kind) for kind in m.COUNT_RELATIONS}
    sequence = m.contact_sequence(G, perspective)
    met: dict[str, list[dict[str, Any]]] = {}
    for e in sequence:
        met.setdefault(e.institution, []).append(e.as_dict())
    for row in out["institutions"]:
        row["encounters"] = met.get(row["id"], [])
    out["contacts"] = [e.as_dict() for e in sequence]
    out["handoffs"] = [{"from": a.institution, "to": b.institution, "at": b.provision, "stage": list(b.stage)}
                       for a, b in zip(sequence, sequence[1:]) if a.institution != b.institution]
    counts: dict[str, int] = {}
    for e in sequence:
        counts[e.institution] = counts.get(e.institution, 0) + 1
    out["coc"] = out["upc"] = out["fragmentation"] = {"N": len(sequence), "n_i": counts,
                                                      "min_contacts": m.MIN_CONTACTS}
    out["management_continuity"] = m.plans(G, perspective)
    out["duplicate_assessments"] = {d: a for d, a in m.assessments_by_domain(G, perspective).items() if len(a) > 1}
    out["repeated_intakes"] = [{"institution": i, "method": mt} for i, mt in sorted(intake_encounters(G, perspective))]
    out["repeated_assessments"] = {d: i for d, i in assessment_overlap(G, perspective).items() if len(i) > 1}
    out["duplicate_data"] = {c: s for c, s in data_overlap(G, perspective).items() if len(s) > 1}
    out["deadlocks"] = [m.explain_cycle(G, c) for c in m.deadlocks(G)]
    out["deadlock_count"] = out["deadlocks"]
    chain = m.critical_chain_nodes(G)
    P = precondition_graph(G)
    out["critical_chain"] = chain
    out["critical_chain_weeks"] = [{"from": u, "to": v, "weeks": P.edges[u, v].get("duration_weeks"),
                                    "preconditions": P.edges[u, v]["preconditions"]}
                                   for u, v in zip(chain, chain[1:]) if P.has_edge(u, v)]
    out["over_problematising"] = {"needs": needs(G), "instruments": sorted(m.distinct_touchpoints(G, "instruments", perspective)),
                                  "protocols": sorted(m.distinct_touchpoints(G, "protocols", perspective))}
    out["over_professionalising"] = {"needs": needs(G), "institutions": sorted(m.distinct_touchpoints(G, "institutions", perspective))}
    out["loketten_and_rules"] = {"preconditions": sorted(pc for _, _, d in P.edges(data=True) for pc in d["preconditions"])}
    out["money_loops"] = G.graph.get("money_loops", [])
    out["actor_dependencies"] = G.graph.get("actor_dependencies", [])
    out["bottlenecks"] = bottlenecks(G)
    out["deadlines"] = G.graph.get("deadlines", [])
    out["gap_weeks"] = G.graph.get("gaps", [])
    out["regime_switches"] = G.graph.get("regime_switches", [])
    out["episode_upc"] = out["episode_coc"] = episode_continuity(G)
    out["critical_chain_blocked"] = out["deadlocks"]
    out["perverse_incentives"] = {"per_case_funded": sorted(per_case_funded(G, perspective)),
                                  "funding_boundaries": funding_boundaries(G, perspective)}
    return out


def score_path(G: nx.MultiDiGraph, perspective: str = "household", weights: dict | None = None,
               *, explain: bool = False) -> Score:
    """Score a resolved path."""
    if perspective not in PERSPECTIVES:
        raise DataError(f"unknown perspective '{perspective}'", fix=f"use one of {', '.join(PERSPECTIVES)}")
    with derived(G):
        values = measure_path(G, perspective)
        explanation = explain_path(G, perspective) if explain else {}
    total, components = composite(values, weights if weights is not None else load_weights())
    return Score(G.graph["case"], G.graph["model"], G.graph["scenario"], perspective, G.graph["date"], values,
                 total, components, explanation,
                 list(G.graph.get("unmet_needs", [])), sorted(set(G.graph.get("waived", []))), not_available(values),
                 dict(G.graph.get("branch", {})))


def score_case(domain: Domain, case: str, *, model: str | None = None, scenario: str = "scen:fragmented",
               perspective: str = "household", weights: dict | None = None, on: date | None = None,
               explain: bool = False) -> Score:
    """Resolve and score a case (see :func:`kennisgraaf.path.resolve`)."""
    G = resolve(domain, case, model_id=model, scenario_id=scenario, on=on)
    return score_path(G, perspective, weights, explain=explain)


def numeric_measures(score: Score) -> dict[str, float]:
    """The measures as numbers (deadlocks as their count; ``None`` where not available), plus the composite."""
    out = {k: v for k, v in score.measures.items()
           if v is None or (isinstance(v, (int, float)) and not isinstance(v, bool))}
    out["composite"] = score.composite
    return out
