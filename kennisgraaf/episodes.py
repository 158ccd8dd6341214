"""Time on the path: which provisions run when over a case's horizon, with deadlines, gaps and regime switches.

Data (ontology/time.ttl; data/national/transitions.ttl; the case files):

* a ``kg:Transition`` from one provision to its successor, either ``kg:atAge N`` (the predecessor ends by law on the
  member's N-th birthday, e.g. Jeugdwet art. 1.1) or ``kg:whenNeed need:…`` (the successor takes precedence when a
  case phase brings that need; the predecessor runs on until the successor starts, e.g. Wlz before Wmo and Zvw),
  with ``kg:intakeWeeks`` for the new intake or assessment the successor asks for;
* a provision's decision term: ``kg:term`` (:mod:`kennisgraaf.terms`), the one valid on the case date;
* a case's ``kg:horizonMonths`` and ``kg:phase [ kg:fromMonth m ; kg:hasNeed … ]``, and its members'
  ``kg:ageYears``/``kg:ageMonths`` at the case date (never a date of birth).

The timeline (weeks from the case date; a month is 52/12 weeks):

* the case's own provisions run from week 0, except those of needs a phase brings: they start when the need arises
  plus their lead time;
* lead time of a provision = intake weeks + waiting periods (its preconditions of kind ``wachttijd`` valid on the
  date and applying to the member) + decision term (:func:`kennisgraaf.measures.time.lead_time`);
* a successor is applied for when the predecessor ends (nobody owns the transition) — unless the scenario states
  ``kg:startsSuccessorsEarly`` and its mandate grants the successor and no national body gates it: then it is
  applied for at the latest date that honours the lead time;
* ``gap = max(0, applied + lead − end of predecessor)`` for an age transition; none where the predecessor runs on;
  a gap is cut off at the end of the horizon (a later horizon shows the rest).

Findings go into ``G.graph``: ``deadlines``, ``gaps``, ``regime_switches``, ``episodes``, ``phases`` and
``horizon_weeks``.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass, field
from datetime import date, timedelta

import networkx as nx

from .measures.time import WEEKS_PER_MONTH, gap_weeks, lead_time, week_of_age
from .namespaces import compact
from .terms import DatedTerm, weeks_on

#: Horizon when neither the case nor ``--horizon`` gives one.
DEFAULT_HORIZON_MONTHS = 12


@dataclass(frozen=True)
class Transition:
    id: str
    from_provision: str
    to_provision: str
    at_age: int | None = None
    when_need: str | None = None
    intake: str | None = None
    intake_weeks: float = 0.0
    #: the need the successor serves when it is not the predecessor's (kg:forNeed), e.g. income after school
    for_need: str | None = None
    label: str = ""
    sources: tuple[str, ...] = ()


@dataclass(frozen=True)
class Phase:
    from_month: int
    needs: tuple[str, ...]


@dataclass(frozen=True)
class CaseTime:
    """A case's horizon, phases and members' ages (role, years, months); hashable, so that batch dedupe sees it."""

    horizon_months: int | None = None
    phases: tuple[Phase, ...] = ()
    ages: tuple[tuple[str, int, int], ...] = ()


@dataclass
class TimeData:
    transitions: dict[str, Transition] = field(default_factory=dict)
    #: provision -> decision terms (kg:term on a provision)
    decision_terms: dict[str, tuple[DatedTerm, ...]] = field(default_factory=dict)
    early_scenarios: frozenset[str] = frozenset()

    def from_provision(self, pid: str) -> list[Transition]:
        index = self.__dict__.get("_by_from")
        if index is None:
            index = self.__dict__["_by_from"] = {}
            for t in sorted(self.transitions.values(), key=lambda t: t.id):
                index.setdefault(t.from_provision, []).append(t)
        return index.get(pid, [])


def load_time(kg, terms: dict[str, tuple[DatedTerm, ...]]) -> tuple[TimeData, dict[str, CaseTime]]:
    """Transitions, provisions' decision terms and the scenarios that start successors early; and per case its
    :class:`CaseTime`. ``terms`` are the kg:term nodes per subject (read once by :func:`kennisgraaf.model.load_domain`)."""
    data = TimeData()
    rows = kg.select("""SELECT ?t ?from ?to ?age ?need ?intake ?w ?for ?label
        (GROUP_CONCAT(STR(?src); separator="\\u001f") AS ?srcs) WHERE {
        ?t a kg:Transition ; kg:fromProvision ?from ; kg:toProvision ?to .
        OPTIONAL { ?t kg:atAge ?age } OPTIONAL { ?t kg:whenNeed ?need } OPTIONAL { ?t kg:newIntake ?intake }
        OPTIONAL { ?t kg:intakeWeeks ?w } OPTIONAL { ?t rdfs:label ?label FILTER(LANG(?label) = "en") }
        OPTIONAL { ?t kg:forNeed ?for } OPTIONAL { ?t dcterms:source ?src } }
        GROUP BY ?t ?from ?to ?age ?need ?intake ?w ?for ?label""")
    for r in rows:
        tid = compact(r["t"])
        data.transitions[tid] = Transition(
            tid, compact(r["from"]), compact(r["to"]), _int(kg, r["t"], "kg:atAge", r["age"]) if r["age"] is not None else None,
            compact(r["need"]) if r["need"] else None, compact(r["intake"]) if r["intake"] else None,
            _number(kg, r["t"], "kg:intakeWeeks", r["w"] or 0), compact(r["for"]) if r["for"] else None, r["label"] or tid,
            tuple(sorted(x for x in str(r["srcs"] or "").split("\u001f") if x)))
    data.decision_terms = {s: t for s, t in terms.items() if s.startswith("svc:")}
    data.early_scenarios = frozenset(compact(r["s"]) for r in
                                     kg.select("SELECT ?s WHERE { ?s kg:startsSuccessorsEarly true }"))
    horizons = {compact(r["c"]): _int(kg, r["c"], "kg:horizonMonths", r["h"]) for r in
                kg.select("SELECT ?c ?h WHERE { ?c a kg:HouseholdCase ; kg:horizonMonths ?h }")}
    phases: dict[str, dict[int, set[str]]] = {}
    for r in kg.select("SELECT ?c ?m ?n WHERE { ?c a kg:HouseholdCase ; kg:phase ?p . ?p kg:fromMonth ?m ; kg:hasNeed ?n }"):
        month = _int(kg, r["c"], "kg:phase/kg:fromMonth", r["m"])
        phases.setdefault(compact(r["c"]), {}).setdefault(month, set()).add(compact(r["n"]))
    ages: dict[str, list[tuple[str, int, int]]] = {}
    for r in kg.select("""SELECT ?c ?role ?y ?mo WHERE { ?c a kg:HouseholdCase ; kg:member ?m . ?m kg:ageYears ?y .
            OPTIONAL { ?m kg:role ?role } OPTIONAL { ?m kg:ageMonths ?mo } }"""):
        ages.setdefault(compact(r["c"]), []).append(
            (compact(r["role"]) if r["role"] else "", _int(kg, r["c"], "kg:member/kg:ageYears", r["y"]),
             _int(kg, r["c"], "kg:member/kg:ageMonths", r["mo"] or 0)))
    cases = {}
    for cid in set(horizons) | set(phases) | set(ages):
        cases[cid] = CaseTime(horizons.get(cid), tuple(Phase(m, tuple(sorted(n))) for m, n in
                                                      sorted(phases.get(cid, {}).items())),
                              tuple(sorted(ages.get(cid, ()))))
    return data, cases


def _number(kg, subject, prop: str, value, *, whole: bool = False) -> float:
    """``value`` as a number ≥ 0 (whole for ages and months), or a DataError naming the file, the subject and the
    property (exit 3, no traceback)."""
    try:
        number = float(value)
    except (TypeError, ValueError):
        number = float("nan")
    if not 0 <= number <= 1200 or (whole and number != int(number)):
        from .errors import DataError
        from .validate import _file_for
        kind = "a whole number" if whole else "a number"
        raise DataError(f"{compact(str(subject))}: {prop} must be {kind} from 0 to 1200, not {str(value)!r}",
                        path=_file_for(kg, str(subject)) or None, fix=f"write {prop} as a plain number, e.g. 12")
    return number


def _int(kg, subject, prop: str, value) -> int:
    return int(_number(kg, subject, prop, value, whole=True))


# -- the timeline ---------------------------------------------------------------------------------------------------

def add_time_findings(G: nx.MultiDiGraph, domain, case, model, scenario_id: str, day: date, mandate,
                      horizon_months: int | None = None) -> None:
    """Put ``deadlines``, ``gaps``, ``regime_switches``, ``episodes`` and ``horizon_weeks`` into ``G.graph``."""
    time: TimeData | None = getattr(domain, "time", None)
    ct: CaseTime = getattr(case, "time", None) or CaseTime()
    months = horizon_months or ct.horizon_months or DEFAULT_HORIZON_MONTHS
    horizon = round(months * WEEKS_PER_MONTH, 2)
    G.graph.update(deadlines=[], gaps=[], regime_switches=[], episodes=[], horizon_weeks=horizon,
                   horizon_months=months, phases=[{"from_month": p.from_month, "from_week": round(
                       p.from_month * WEEKS_PER_MONTH, 2), "needs": list(p.needs)} for p in ct.phases])
    if time is None or not (ct.phases or ct.ages):  # no time data: nothing to lay out (keeps batch cheap)
        return
    ctx = _Context(G, domain, time, case, model, scenario_id, day, mandate, horizon)
    arising = {n: round(p.from_month * WEEKS_PER_MONTH, 2) for p in ct.phases for n in p.needs}
    episodes: list[dict] = []
    for need in sorted(n for n, k in G.nodes(data="kind") if k == "need"):
        for _, pid, rel in G.out_edges(need, data="relation"):
            if rel != "addressedBy":
                continue
            if need in arising:  # a need a phase brings: first provision after its lead time, unless one runs on
                if _covered(ctx, need, episodes):
                    continue
                start = arising[need]
                lead, parts = ctx.lead(pid, None)
                episodes.append(ctx.episode(need, pid, start + lead, horizon))
                if lead > 0 and start < horizon:
                    G.graph["gaps"].append(_gap(need, None, pid, start, min(start + lead, horizon), parts,
                                                f"{need} arises in week {start:g}; {ctx.label(pid)} can start only "
                                                f"after its lead time ({_describe(parts)})"))
            else:
                episodes.append(ctx.episode(need, pid, 0.0, horizon))
    _transitions(ctx, episodes, arising)
    G.graph["episodes"] = sorted(episodes, key=lambda e: (e["need"], e["start_week"], e["provision"]))


class _Context:
    def __init__(self, G, domain, time, case, model, scenario_id, day, mandate, horizon):
        self.G, self.domain, self.time, self.case, self.model = G, domain, time, case, model
        self.day, self.mandate, self.horizon = day, mandate, horizon
        self.early = scenario_id in time.early_scenarios
        self.arranged = domain.arrangements.get(model.id, {})

    def label(self, pid: str) -> str:
        return self.domain.entity(pid).label

    def touch(self, pid: str, prop: str) -> list[str]:
        arrangement = self.arranged.get(pid)
        own = arrangement.touch.get(prop) if arrangement else None
        national = self.domain.provisions.get(pid)
        return sorted(own or (national.touch.get(prop, ()) if national else ()))

    def lead(self, pid: str, transition: Transition | None, age: int | None = None) -> tuple[float, dict]:
        waits = [pc for pc in self.domain.preconditions_of(pid, self.model.municipality)
                 if pc.kind == "wachttijd" and self.domain.entity(pc.id).valid_on(self.day)
                 and (not pc.if_needs or pc.if_needs & set(self.case.needs))
                 and (not pc.age_bands or any(_in_band(age, b) for b in pc.age_bands) if age is not None
                      else pc.applies_to(self.case))]
        waiting = {pc.id: pc.weeks_on(self.day) or 0.0 for pc in waits}
        decision = weeks_on(self.time.decision_terms.get(pid, ()), self.day) or 0.0
        intake = transition.intake_weeks if transition else 0.0
        parts = {"intake_weeks": intake, "waiting_weeks": max(waiting.values(), default=0.0),
                 "waiting_periods": sorted(waiting), "decision_weeks": decision}
        return lead_time(intake, parts["waiting_weeks"], decision), parts

    def episode(self, need: str, pid: str, start: float, end: float) -> dict:
        return {"need": need, "provision": pid, "label": self.label(pid), "start_week": round(start, 2),
                "end_week": round(end, 2), "providers": self.touch(pid, "deliveredBy"),
                "funding": self.touch(pid, "fundedBy"), "gatekeepers": self.touch(pid, "accessVia")}

    def starts_early(self, pid: str) -> bool:
        """Whether the scenario's wijkteam applies for ``pid`` before the deadline: the scenario says so, its
        mandate grants ``pid``, and no national body delivers it or runs its access protocol (an institution that
        only takes part, such as the CAK collecting a contribution, does not gate it)."""
        if not (self.early and self.mandate and pid in self.mandate.grants):
            return False
        tiers = self.domain.practice.tiers if self.domain.practice else {}
        gate = self.touch(pid, "deliveredBy") + \
            [u for p in self.touch(pid, "accessVia") for u in self.domain.entity(p).used_by]
        return not any(tiers.get(i) == "kg:NationalBody" for i in gate)


def _covered(ctx: _Context, need: str, episodes: list[dict]) -> bool:
    """Whether a provision already running takes the need over by a kg:whenNeed transition (it runs on)."""
    return any(t.when_need == need for e in episodes for t in ctx.time.from_provision(e["provision"]))


def _transitions(ctx: _Context, episodes: list[dict], arising: dict[str, float]) -> None:
    G, horizon = ctx.G, ctx.horizon
    for episode in list(episodes):
        for t in ctx.time.from_provision(episode["provision"]):
            if t.at_age is not None:
                for role, years, months in ctx.case.time.ages if getattr(ctx.case, "time", None) else ():
                    end = week_of_age(years, months, t.at_age)
                    if 0 < end <= horizon and episode["start_week"] < end:
                        _successor(ctx, episodes, episode, t, end, hard=True,
                                   why=f"the {role.split(':')[-1] or 'member'} turns {t.at_age}", age=t.at_age)
                        break
            elif t.when_need in arising and arising[t.when_need] < horizon:
                _successor(ctx, episodes, episode, t, arising[t.when_need], hard=False,
                           why=f"{t.when_need} arises (phase from week {arising[t.when_need]:g})")


def _successor(ctx: _Context, episodes: list[dict], episode: dict, t: Transition, due: float, *, hard: bool,
               why: str, age: int | None = None) -> None:
    G, succ = ctx.G, t.to_provision
    need = t.for_need or episode["need"]
    lead, parts = ctx.lead(succ, t, age)
    latest = due - lead
    early = ctx.starts_early(succ)
    applied = max(latest, 0.0) if early else due
    start = applied + lead
    end = due if hard else min(start, ctx.horizon)
    episode["end_week"] = round(end, 2)
    if not any(e["provision"] == succ and e["need"] == need for e in episodes):
        episodes.append(ctx.episode(need, succ, min(start, ctx.horizon), ctx.horizon))
    G.graph["deadlines"].append({
        "week": round(due, 2), "date": _date_at(ctx.day, due).isoformat(), "why": why, "transition": t.id,
        "ends": [episode["provision"]], "ends_week": round(end, 2), "successors": [succ], "need": need,
        "lead_weeks": round(lead, 2), **{k: parts[k] for k in ("intake_weeks", "waiting_weeks", "decision_weeks")},
        "latest_apply_week": round(latest, 2), "latest_apply_date": _date_at(ctx.day, latest).isoformat(),
        "applied_week": round(applied, 2), "started_early": early, "sources": list(t.sources),
        "explanation": f"{why} in week {due:g} ({_date_at(ctx.day, due).isoformat()}): "
                       f"{ctx.label(episode['provision'])} {'ends' if hard else 'gives way'}; "
                       f"{ctx.label(succ)} must be applied for by week {latest:g} "
                       f"({_date_at(ctx.day, latest).isoformat()}), lead time {_describe(parts)}"
                       + ("; the wijkteam applies in time under its mandate" if early else "")})
    gap = gap_weeks(applied, lead, end) if hard else 0.0
    if gap > 0 and end < ctx.horizon:  # a gap is reported within the horizon it is found in
        ctx.G.graph["gaps"].append(_gap(
            need, episode["provision"], succ, end, min(end + gap, ctx.horizon), parts,
            f"{ctx.label(episode['provision'])} ends in week {end:g} ({why}); {ctx.label(succ)} is applied for "
            f"only then and starts {gap:g} weeks later ({_describe(parts)})"))
    before = {k: episode[k] for k in ("providers", "funding", "gatekeepers")}
    after = {"providers": ctx.touch(succ, "deliveredBy"), "funding": ctx.touch(succ, "fundedBy"),
             "gatekeepers": ctx.touch(succ, "accessVia")}
    # a regime switch is a change for the same need; a successor for another need (kg:forNeed) is a new start
    changed = [k for k in ("funding", "gatekeepers") if before[k] != after[k]] if need == episode["need"] else []
    if changed:
        ctx.G.graph["regime_switches"].append({
            "need": episode["need"], "week": round(min(start, ctx.horizon) if not hard else end + gap, 2),
            "from": episode["provision"], "to": succ, "changes": changed,
            "funding_before": before["funding"], "funding_after": after["funding"],
            "gatekeepers_before": before["gatekeepers"], "gatekeepers_after": after["gatekeepers"],
            "providers_before": before["providers"], "providers_after": after["providers"],
            "explanation": f"{episode['need']}: {ctx.label(episode['provision'])} → {ctx.label(succ)}; "
                           + "; ".join(f"{k} {', '.join(before[k]) or '-'} → {', '.join(after[k]) or '-'}"
                                       for k in changed)
                           + f"; providers {', '.join(before['providers']) or '-'} → "
                             f"{', '.join(after['providers']) or '-'}"})


def _gap(need: str, before: str | None, after: str, start: float, end: float, parts: dict, why: str) -> dict:
    return {"need": need, "from_week": round(start, 2), "to_week": round(end, 2), "weeks": round(end - start, 2),
            "before": before, "after": after, "cause": parts, "explanation": why}


def _describe(parts: dict) -> str:
    bits = [f"intake {parts['intake_weeks']:g} wk"] if parts["intake_weeks"] else []
    if parts["waiting_weeks"]:
        bits.append(f"waiting period {parts['waiting_weeks']:g} wk ({', '.join(parts['waiting_periods'])})")
    bits.append(f"decision term {parts['decision_weeks']:g} wk" if parts["decision_weeks"] else "no decision term known")
    return " + ".join(bits)


def _in_band(age: int, band: str) -> bool:
    """Whether ``age`` falls in an age band such as '18-26' or '67+'.

    >>> _in_band(18, "18-26"), _in_band(27, "18-26"), _in_band(70, "67+")
    (True, False, True)
    """
    low, _, high = band.rstrip("+").partition("-")
    return int(low) <= age and (band.endswith("+") or not high or age <= int(high))


def _date_at(day: date, weeks: float) -> date:
    """The date ``weeks`` after ``day``; whole months (multiples of 52/12 weeks) land on the same day of the month.

    >>> _date_at(date(2016, 1, 1), 13.0), _date_at(date(2016, 1, 1), 5.0)
    (datetime.date(2016, 4, 1), datetime.date(2016, 2, 5))
    """
    months = weeks / WEEKS_PER_MONTH
    if abs(months - round(months)) < 1e-3:  # weeks are rounded to 0.01
        m = day.month - 1 + int(round(months))
        year, month = day.year + m // 12, m % 12 + 1
        return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))
    return day + timedelta(days=round(weeks * 7))


__all__ = ["Transition", "Phase", "CaseTime", "TimeData", "load_time", "add_time_findings", "DEFAULT_HORIZON_MONTHS"]
