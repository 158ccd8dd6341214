"""Money on the path: what a step costs the household, who can pay it, and money loops.

A step may cost money (``kg:Cost``: leges, an own contribution, a deposit). A household with no own income
(``kg:ownIncome false``) must get the money from a payer: an income provision on its path (``kg:providesIncome``)
or a provision that covers costs (``kg:paysCostsOf``, bijzondere bijstand), or the wijkteam under a mandate that
may pay that cost. A payer fails when

* it lies downstream of the step: the step is, transitively, one of the payer's own preconditions (bijstand
  needs the residence permit, so bijstand cannot pay for the permit), or
* a municipal exclusion ground refuses that cost (``kg:excludesCostOf``: identity documents are no ground for
  bijzondere bijstand) and the mandate does not waive the ground.

When every payer fails, the step is a **money loop**: a deadlock of its own kind, reported with the reasons in
words. A household whose own income is unknown is not reported (nothing says it cannot pay).
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass, field, replace
from datetime import date

from .practice import Cost, Mandate, Practice


@dataclass(frozen=True)
class Context:
    """Everything a money check depends on besides the path's provisions."""

    domain: object
    case: object
    municipality: str
    day: date
    waived: frozenset[str] = frozenset()
    mandate: Mandate | None = None
    #: extra changes (what-if): exclusion grounds waived, steps paid for, preconditions waived
    waived_grounds: frozenset[str] = frozenset()
    paid: frozenset[str] = frozenset()
    extra_payers: dict = field(default_factory=dict)


def cost_on(costs: list[Cost], day: date) -> Cost | None:
    """The cost in force on ``day``: the latest dated on or before it, else the earliest known.

    >>> a, b = Cost("cost:a", "svc:x", 10.0, date(2020, 1, 1)), Cost("cost:b", "svc:x", 12.0, date(2024, 1, 1))
    >>> cost_on([a, b], date(2023, 5, 1)).id, cost_on([a, b], date(2019, 1, 1)).id
    ('cost:a', 'cost:a')
    """
    if not costs:
        return None
    dated = sorted((c for c in costs if c.on and c.on <= day), key=lambda c: c.on)
    return dated[-1] if dated else sorted(costs, key=lambda c: (c.on or date.max, c.id))[0]


def chain_to(ctx: Context, payer: str, step: str) -> list[str] | None:
    """The precondition chain payer <- … <- step when ``step`` is (transitively) a prerequisite of ``payer``."""
    domain, case, practice = ctx.domain, ctx.case, ctx.domain.practice
    parents: dict[str, str | None] = {payer: None}
    queue = deque([payer])
    while queue:
        pid = queue.popleft()
        for pc in domain.preconditions_of(pid, ctx.municipality):
            if pc.id in ctx.waived or not pc.applies_to(case) or not practice.allows(pc.id, case.id) \
                    or not domain.entity(pc.id).valid_on(ctx.day) or pc.prerequisite in parents:
                continue
            parents[pc.prerequisite] = pid
            if pc.prerequisite == step:
                chain, node = [], step
                while node is not None:
                    chain.append(node)
                    node = parents[node]
                return chain[::-1]
            queue.append(pc.prerequisite)
    return None


def _ground(ctx: Context, payer: str, step: str):
    practice: Practice = ctx.domain.practice
    profile = practice.profile(ctx.case.id)
    for g in practice.exclusions:
        if g.provision == payer and g.cost_of == step and g.municipality in (None, ctx.municipality) \
                and g.condition.holds(profile) and g.id not in ctx.waived_grounds \
                and not (ctx.mandate and g.id in ctx.mandate.waives):
            return g
    return None


def money_loops(provisions: list[str], ctx: Context) -> list[dict]:
    """The money loops among ``provisions`` (see module doc), each explained in words."""
    practice: Practice = ctx.domain.practice
    if practice is None or practice.profile(ctx.case.id).own_income is not False:
        return []
    label = lambda p: ctx.domain.entity(p).label  # noqa: E731
    loops = []
    for step in provisions:
        cost = cost_on([c for c in practice.costs.get(step, []) if practice.allows(c.id, ctx.case.id)], ctx.day)
        if cost is None or step in ctx.paid or (ctx.mandate and step in ctx.mandate.pays):
            continue
        payers = sorted({p for p in provisions if p in practice.income and p != step} |
                        {p for p, steps in {**practice.payers, **ctx.extra_payers}.items() if step in steps})
        failures = []
        for payer in payers:
            chain = chain_to(ctx, payer, step)
            ground = _ground(ctx, payer, step)
            if chain is None and ground is None:
                break
            failures.append({"payer": payer, "downstream": chain,
                             "excluded_by": ground.id if ground else None,
                             "why": "; ".join(
                                 ([f"{label(payer)} needs " + " needs ".join(label(p) for p in chain[1:])] if chain else [])
                                 + ([f"{label(payer)} excludes this cost ({ground.label})"] if ground else []))})
        else:
            amount = f"€{cost.amount:.2f}" if cost.amount is not None else "an unverified amount"
            words = [f"the {label(step)} costs {amount}", "the household has no own income"]
            words += [f.get("why") for f in failures] or ["no provision can pay it"]
            loops.append({"step": step, "cost": cost.id, "amount_eur": cost.amount,
                          "cost_date": cost.on.isoformat() if cost.on else None, "cost_source": cost.source,
                          "unverified": cost.unverified, "payers": failures, "explanation": "; ".join(words)})
    return loops


def loop_breakers(provisions: list[str], ctx: Context) -> list[dict]:
    """For each money loop, the single changes that break it: the wijkteam pays the cost, an exclusion ground is
    waived, or a precondition on a payer's chain is waived. Each is checked by re-running :func:`money_loops`."""
    out = []
    for loop in money_loops(provisions, ctx):
        step = loop["step"]
        tries = [("pay", step, f"the wijkteam pays the {ctx.domain.entity(step).label} (mandate)",
                  dict(paid=ctx.paid | {step}))]
        for f in loop["payers"]:
            if f["excluded_by"]:
                tries.append(("waive-ground", f["excluded_by"], f"waive exclusion ground {f['excluded_by']}",
                              dict(waived_grounds=ctx.waived_grounds | {f["excluded_by"]})))
            for a, b in zip(f["downstream"] or [], (f["downstream"] or [])[1:]):
                for pc in ctx.domain.preconditions_of(a, ctx.municipality):
                    if pc.prerequisite == b:
                        tries.append(("waive", pc.id, f"waive: {ctx.domain.entity(pc.id).label}",
                                      dict(waived=ctx.waived | {pc.id})))
        for kind, target, text, change in tries:
            after = money_loops(provisions, _replace(ctx, **change))
            out.append({"step": step, "kind": kind, "target": target, "description": text,
                        "breaks_loop": all(l["step"] != step for l in after)})
    return out


def _replace(ctx: Context, **changes) -> Context:
    return replace(ctx, **changes)


__all__ = ["Context", "cost_on", "chain_to", "money_loops", "loop_breakers"]
