"""Alternatives: either/or routes to one need, chosen by the rules for the case profile or by ``--branch``.

A choice point (``kg:Alternative``) names a need and two or more branches (``kg:AlternativeOption``); a branch
holds the provisions that serve the need on that route and the preconditions that hold only on it (the GP
referral for youth care, say). The path takes exactly one branch of each choice point of the case's needs:
the other branches' provisions are not candidates for the need and their preconditions are left out, so a path
never requires both routes.

Which branch: the one given with ``--branch``; else, among the branches whose profile conditions hold, those
not excluded by a priority rule (a voorliggende voorziening excludes another branch's provision once it can be
granted: its branch is eligible), the lowest rank. When no branch is eligible the lowest-ranked one is taken and
the choice says so.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .errors import DataError
from .practice import Alternative, Practice


@dataclass
class Choice:
    """One choice point on a case's path and the branch taken."""

    alternative: Alternative
    selected: str
    reason: str
    eligible: tuple[str, ...]
    excluded_by: dict[str, str] = field(default_factory=dict)

    def as_dict(self) -> dict:
        a = self.alternative
        return {"choice": a.id, "label": a.label, "need": a.need, "decided_by": a.decided_by, "source": a.source,
                "selected": self.selected, "reason": self.reason,
                "branches": [{"branch": o.id, "label": o.label, "rank": o.rank, "provisions": list(o.provisions),
                              "preconditions": list(o.preconditions), "eligible": o.id in self.eligible,
                              "excluded_by": self.excluded_by.get(o.id)} for o in a.options]}


def choose(practice: Practice | None, case_id: str, needs: tuple[str, ...], branch: str | None = None) -> list[Choice]:
    """The choice points of a case's needs and the branch taken at each (see module doc).

    ``branch`` is a branch id (``alt:…`` or its slug); it must belong to one of the case's choice points.
    """
    if practice is None:
        return []
    wanted = None if branch is None else (branch if ":" in branch else f"alt:{branch}")
    profile = practice.profile(case_id)
    out, used = [], False
    for a in sorted(practice.alternatives.values(), key=lambda a: a.id):
        if a.need not in needs or not a.options:
            continue
        eligible = [o for o in a.options if o.condition.holds(profile)]
        excluded: dict[str, str] = {}
        for rule in practice.priority_rules:
            if any(rule.prior in o.provisions for o in eligible):
                for o in eligible:
                    if rule.excludes in o.provisions and rule.prior not in o.provisions:
                        excluded[o.id] = rule.id
        remaining = [o for o in eligible if o.id not in excluded]
        if wanted and wanted in {o.id for o in a.options}:
            selected, reason, used = wanted, "--branch", True
        elif remaining:
            selected, reason = remaining[0].id, "rules: lowest-ranked eligible branch"
        else:
            selected, reason = a.options[0].id, "no branch eligible for the profile: lowest rank taken"
        out.append(Choice(a, selected, reason, tuple(o.id for o in remaining), excluded))
    if wanted and not used:
        known = [o.id.split(":", 1)[1] for c in out for o in c.alternative.options]
        raise DataError(f"unknown branch '{branch}' for case '{case_id}'",
                        fix=f"use one of: {', '.join(known) or '(the case has no choice points)'}")
    return out


def left_out(choices: list[Choice]) -> tuple[frozenset[str], frozenset[str], dict[str, tuple[str, ...]]]:
    """What the branches not taken remove: (provisions, preconditions), and need -> the taken branch's provisions.

    >>> from kennisgraaf.practice import Alternative, Option
    >>> a = Alternative("alt:x", "need:n", (Option("alt:a", 1, ("svc:a",)), Option("alt:b", 2, ("svc:b",), ("pc:b",))))
    >>> left_out([Choice(a, "alt:a", "rules", ("alt:a", "alt:b"))])
    (frozenset({'svc:b'}), frozenset({'pc:b'}), {'need:n': ('svc:a',)})
    """
    provisions: set[str] = set()
    preconditions: set[str] = set()
    taken: dict[str, tuple[str, ...]] = {}
    for c in choices:
        for o in c.alternative.options:
            if o.id == c.selected:
                taken[c.alternative.need] = taken.get(c.alternative.need, ()) + o.provisions
            else:
                provisions |= set(o.provisions)
                preconditions |= set(o.preconditions)
    kept = {p for ps in taken.values() for p in ps}
    return frozenset(provisions - kept), frozenset(preconditions), taken


def branch_measures(domain, case: str, *, model: str | None, scenario: str, on=None,
                    perspective: str = "household") -> dict[str, dict[str, dict]]:
    """choice -> branch -> {composite, deadlock_count, money_loops} of the path through that branch."""
    from .path import resolve  # late: path imports this module
    from .report import score_path

    G = resolve(domain, case, model_id=model, scenario_id=scenario, on=on)
    out: dict[str, dict[str, dict]] = {}
    for c in G.graph.get("alternatives", []):
        for b in c["branches"]:
            H = resolve(domain, case, model_id=model, scenario_id=scenario, on=on, branch=b["branch"])
            s = score_path(H, perspective)
            out.setdefault(c["choice"], {})[b["branch"]] = {
                "composite": s.composite, "deadlock_count": s.measures["deadlock_count"],
                "money_loops": s.measures["money_loops"]}
    return out


__all__ = ["Choice", "choose", "left_out", "branch_measures"]
