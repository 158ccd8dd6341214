"""Contacts: the encounters of the household (or the worker) with institutions, stage by stage along the plan.

**What a contact is.** One encounter with one institution at one step of the path (a provision):

* ``intake`` — each clarification method of the step (``kg:intakeVia``);
* ``assessment`` — each diagnostic instrument (``kg:assessedWith``);
* ``decision`` — each indication or access protocol (``kg:accessVia``);
* ``registration`` — each registration system the household itself must use (citizen-facing, e.g. werk.nl);
* ``delivery`` — each institution that decides or delivers the step (``kg:deliveredBy``);
* for the professional only, ``involvement`` — each institution with a role in the step (``kg:involves``) that holds
  none of the encounters above, and ``coordination`` — a coordinating front door (``kg:coordinatedBy``).

**Who holds an encounter.** The step's deliverers that use or run the touchpoint (``kg:usedBy``); else the step's
involved institutions that do; else the step's deliverers. An encounter without any institution to hold it is not a
contact. A shared touchpoint a scenario puts in place (one intake, one assessment for every provision) is held by the
scenario's shared front door (the wijkteam, as the household's door or as the professional's coordinator) and is one
encounter, at the first stage it appears. A ``kg:involves`` link alone never
makes an institution a household contact: the household meets it only where it holds one of the step's encounters.

**Order.** The plan orders steps by precondition and by life-domain priority; where it leaves steps unordered, any
order is as good. Steps are grouped into *stages* ``(priority, depth)``: the plan priority of the step
(:func:`kennisgraaf.plan.provision_priorities`) and the length of the longest precondition chain leading to it
(a deadlock counted as one block). A prerequisite is always in an earlier stage than what needs it, so the stage order
is a plan order. Within a stage the household meets each institution once, all its encounters of the stage together,
and the stages' institutions are arranged so that the hand-offs are the fewest any such order allows. Nothing here
depends on how ids or labels are spelled: renaming every entity leaves contacts, hand-offs, COC and UPC unchanged.
"""

from __future__ import annotations

from dataclasses import dataclass

import networkx as nx

from ..path import condensation, memo, touches
from ..plan import provision_priorities

__all__ = ["Encounter", "encounters", "stages", "contact_sequence", "contacts", "handoffs", "ENCOUNTER_RELATIONS"]

#: Encounter kind -> the touch relation it comes from (delivery, involvement and coordination are institutions).
ENCOUNTER_RELATIONS: dict[str, str] = {
    "intake": "intakeVia", "assessment": "assessedWith", "decision": "accessVia", "registration": "registeredIn",
}


@dataclass(frozen=True, order=True)
class Encounter:
    """One contact: the household (or worker) meets ``institution`` for ``kind`` at step ``provision``."""

    stage: tuple[int, int]
    institution: str
    provision: str
    kind: str
    via: str  # the method, instrument, protocol or system of the encounter; the provision for delivery

    def as_dict(self) -> dict:
        return {"provision": self.provision, "institution": self.institution, "kind": self.kind, "via": self.via,
                "stage": list(self.stage)}


def stages(G: nx.MultiDiGraph) -> dict[str, tuple[int, int]]:
    """The stage ``(priority, depth)`` of every provision: its plan priority and the number of precondition blocks
    (strongly connected components) before it on the longest chain leading to it.

    Examples
    --------
    >>> from kennisgraaf.measures.examples import example_path
    >>> sorted(stages(example_path()).items())
    [('svc:bijstand', (1, 0)), ('svc:schuldhulp', (1, 1)), ('svc:woning', (1, 1))]
    """
    return dict(memo(G, _stages))


def _stages(G: nx.MultiDiGraph) -> dict[str, tuple[int, int]]:
    C = condensation(G)
    depth: dict[int, int] = {}
    for c in nx.topological_sort(C):
        depth[c] = max((depth[p] + 1 for p in C.predecessors(c)), default=0)
    priorities = provision_priorities(G)
    return {m: (priorities[m], depth[c]) for c in C for m in C.nodes[c]["members"]}


def encounters(G: nx.MultiDiGraph, perspective: str = "household") -> list[Encounter]:
    """Every contact of the path in a perspective (see the module doc for the rules), sorted by stage.

    Examples
    --------
    >>> from kennisgraaf.measures.examples import example_path
    >>> [(e.provision, e.kind, e.institution) for e in encounters(example_path())][:4]
    [('svc:bijstand', 'assessment', 'inst:sociale-dienst'), ('svc:bijstand', 'delivery', 'inst:sociale-dienst'), ('svc:bijstand', 'intake', 'inst:sociale-dienst'), ('svc:schuldhulp', 'assessment', 'inst:kredietbank')]
    >>> len(encounters(example_path())), len(encounters(example_path(), "professional"))
    (7, 7)
    """
    return list(memo(G, _encounters, perspective))


def _encounters(G: nx.MultiDiGraph, perspective: str) -> list[Encounter]:
    stage = stages(G)
    by_step: dict[str, dict[str, list]] = {}
    for p, target, data in touches(G, perspective):
        if p in stage:
            by_step.setdefault(p, {}).setdefault(data.get("relation"), []).append((target, data))
    found: list[Encounter] = []
    shared_seen: dict[tuple[str, str, str], tuple[int, int]] = {}
    for p in sorted(by_step, key=lambda q: stage[q]):
        edges = by_step[p]
        deliverers = sorted({t for t, _ in edges.get("deliveredBy", ())})
        involved = sorted({t for t, _ in edges.get("involves", ())} - set(deliverers))
        front_doors = sorted({t for relation in ("deliveredBy", "coordinatedBy") for t, d in edges.get(relation, ())
                              if d.get("shared")})
        holding: set[str] = set()
        for kind, relation in ENCOUNTER_RELATIONS.items():
            for target, data in edges.get(relation, ()):
                if kind == "registration" and not G.nodes[target].get("citizen_facing"):
                    continue  # the professional's own records are not an encounter with an institution
                users = set(G.nodes[target].get("used_by") or ())
                holders = (list(front_doors) if data.get("shared") else []) \
                    or [i for i in deliverers if i in users] or [i for i in involved if i in users] or deliverers
                for holder in holders:
                    holding.add(holder)
                    if data.get("shared"):
                        key = (kind, target, holder)
                        if key in shared_seen and shared_seen[key] <= stage[p]:
                            continue
                        shared_seen[key] = stage[p]
                    found.append(Encounter(stage[p], holder, p, kind, target))
        found += [Encounter(stage[p], d, p, "delivery", p) for d in deliverers]
        if perspective == "professional":
            found += [Encounter(stage[p], i, p, "involvement", p) for i in involved if i not in holding]
            found += [Encounter(stage[p], c, p, "coordination", p)
                      for c in sorted({t for t, _ in edges.get("coordinatedBy", ())})]
    return sorted(set(found), key=lambda e: (e.stage, e.provision, e.kind, e.institution, e.via))


def contact_sequence(G: nx.MultiDiGraph, perspective: str = "household") -> list[Encounter]:
    """The contacts in an order with the fewest hand-offs the stages allow (see the module doc).

    Within a stage each institution's encounters come together; which institution opens and which closes a stage is
    chosen (dynamic programming over the stages) so that a stage starts with the institution the previous stage ended
    with whenever possible. Among equally short orders the one with the smallest ids is shown; the number of
    hand-offs does not depend on that choice.

    Examples
    --------
    >>> from kennisgraaf.measures.examples import example_path
    >>> [e.institution for e in contact_sequence(example_path())]
    ['inst:sociale-dienst', 'inst:sociale-dienst', 'inst:sociale-dienst', 'inst:kredietbank', 'inst:kredietbank', 'inst:kredietbank', 'inst:corporatie']
    """
    return list(memo(G, _contact_sequence, perspective))


def _contact_sequence(G: nx.MultiDiGraph, perspective: str) -> list[Encounter]:
    groups: dict[tuple[int, int], dict[str, list[Encounter]]] = {}
    for e in encounters(G, perspective):
        groups.setdefault(e.stage, {}).setdefault(e.institution, []).append(e)
    order = sorted(groups)
    ends = _fewest_handoff_ends([sorted(groups[s]) for s in order])
    sequence: list[Encounter] = []
    for s, (first, last) in zip(order, ends):
        middle = sorted(set(groups[s]) - {first, last})
        for institution in [first, *middle] + ([last] if last != first else []):
            sequence += groups[s][institution]
    return sequence


def _fewest_handoff_ends(stage_sets: list[list[str]]) -> list[tuple[str, str]]:
    """For each stage (a sorted list of institutions) the institution that opens and the one that closes it, so that
    :math:`\\sum_k [\\text{last}_k \\ne \\text{first}_{k+1}]` is smallest (inside a stage there are always
    :math:`|S_k| - 1` hand-offs, whatever the order). Ties go to the smallest ids."""
    # best[k][last] = (boundary hand-offs up to stage k when it closes with `last`, its opener, the previous closer)
    best: list[dict[str, tuple[int, str, str | None]]] = []
    for members in stage_sets:
        previous = best[-1] if best else None

        def into(first: str) -> tuple[int, str | None]:
            if previous is None:
                return 0, None
            cost, _, closer = min((c + (l0 != first), l0 != first, l0) for l0, (c, _, _) in previous.items())
            return cost, closer

        table: dict[str, tuple[int, str, str | None]] = {}
        for last in members:
            firsts = [last] if len(members) == 1 else [f for f in members if f != last]
            table[last] = min((into(f)[0], f, into(f)[1]) for f in firsts)
        best.append(table)
    if not best:
        return []
    last = min(sorted(best[-1]), key=lambda x: best[-1][x][0])
    ends: list[tuple[str, str]] = []
    for table in reversed(best):
        _, first, before = table[last]
        ends.append((first, last))
        last = before
    return list(reversed(ends))


def contacts(G: nx.MultiDiGraph, perspective: str = "household") -> int:
    """The number of contacts N: :math:`N = |E|` over the encounters E of the path (see the module doc).

    Examples
    --------
    >>> from kennisgraaf.measures.examples import example_path
    >>> contacts(example_path())
    7
    """
    return len(encounters(G, perspective))


def handoffs(G: nx.MultiDiGraph, perspective: str = "household") -> int:
    """Hand-offs: the fewest changes of institution between consecutive contacts that the plan stages allow.

    .. math:: H = \\sum_k (|S_k| - 1) + \\min_{\\text{orders}} \\sum_{k} [\\text{last}_k \\ne \\text{first}_{k+1}]

    with :math:`S_k` the institutions met in stage k (each met once per stage, all its encounters together). On the
    resulting sequence :math:`H = \\sum_j [v_j \\ne v_{j+1}] = (N - 1)(1 - \\mathrm{SECON})` (Steinwachs 1979):
    every hand-off is a moment where the household must tell its story again or be referred on.

    Examples
    --------
    >>> from kennisgraaf.measures.examples import example_path
    >>> handoffs(example_path())
    2

    References
    ----------
    .. [1] Steinwachs DM (1979). Measuring provider continuity in ambulatory care. Medical Care 17(6):551–565.
    """
    sequence = [e.institution for e in contact_sequence(G, perspective)]
    return sum(a != b for a, b in zip(sequence, sequence[1:]))
