"""Time: what changed between two dates on one household's path, and why.

Laws are keyed by BWB id and carry dated titles (``kg:hasTitle``); laws, protocols, provisions and preconditions
carry their period in force, and :func:`kennisgraaf.path.resolve` filters by date. :func:`compare_dates` resolves a case
on two dates and explains the difference:

* a **renaming** is the same BWB id with another dated title on the two dates (Wet werk en bijstand → Participatiewet);
* a **replacement** is a need the case has on both dates that is met under different BWB ids (AWBZ → Wmo 2015,
  Wet op de jeugdzorg → Jeugdwet, Wmo 2007 → Wmo 2015), with the provisions that carry them;
* laws that appear or go without a counterpart, and preconditions that appear or go, each with the reason (its
  period in force, or its provision coming onto or leaving the path).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

import networkx as nx

from .model import Domain, _date
from .store import KnowledgeGraph


@dataclass(frozen=True)
class DatedTitle:
    title: str
    valid_from: date | None
    valid_until: date | None

    def valid_on(self, day: date) -> bool:
        return (self.valid_from is None or self.valid_from <= day) and (self.valid_until is None or day <= self.valid_until)


def law_titles(kg: KnowledgeGraph) -> dict[str, list[DatedTitle]]:
    """Every law's dated titles (``kg:hasTitle``), by compact id, oldest first."""
    from .namespaces import compact
    out: dict[str, list[DatedTitle]] = {}
    rows = kg.select("""SELECT ?law ?title ?from ?until WHERE { ?law kg:hasTitle ?t . ?t kg:title ?title .
        OPTIONAL { ?t kg:validFrom ?from } OPTIONAL { ?t kg:validUntil ?until } }""")
    for row in rows:
        out.setdefault(compact(row["law"]), []).append(DatedTitle(row["title"], _date(row["from"]), _date(row["until"])))
    for titles in out.values():
        titles.sort(key=lambda t: (t.valid_from or date.min, t.title))
    return out


def title_on(domain: Domain, titles: dict[str, list[DatedTitle]], law: str, day: date) -> str:
    """The title ``law`` carried on ``day`` (its dated title, else its Dutch label)."""
    for title in titles.get(law, ()):
        if title.valid_on(day):
            return title.title
    entity = domain.entity(law)
    return entity.label_nl or entity.label


def path_laws(G: nx.MultiDiGraph, provisions: set[str] | None = None) -> set[str]:
    """The legal frameworks a path rests on (counting legal-basis edges, in either perspective), optionally only
    those of some provisions."""
    return {v for u, v, d in G.edges(data=True) if d.get("relation") == "legalBasis"
            and (d.get("household") or d.get("professional")) and (provisions is None or u in provisions)}


def _addressing(G: nx.MultiDiGraph, need: str) -> set[str]:
    return {v for _, v, d in G.out_edges(need, data=True) if d.get("relation") == "addressedBy"} if need in G else set()


def _preconditions(G: nx.MultiDiGraph) -> dict[str, tuple[str, str]]:
    return {d["precondition"]: (u, v) for u, v, d in G.edges(data=True) if d.get("relation") == "precondition"}


def compare_dates(domain: Domain, titles: dict[str, list[DatedTitle]], before: nx.MultiDiGraph,
                  after: nx.MultiDiGraph) -> dict[str, Any]:
    """What changed between two resolved paths of one case on two dates, and why (see the module doc)."""
    day_a, day_b = date.fromisoformat(before.graph["date"]), date.fromisoformat(after.graph["date"])

    def law(law_id: str, day: date) -> dict[str, str]:
        entity = domain.entity(law_id)
        return {"id": law_id, "bwb_id": entity.bwb_id, "title": title_on(domain, titles, law_id, day)}

    laws_a, laws_b = path_laws(before), path_laws(after)
    renamed = [{"id": l, "bwb_id": domain.entity(l).bwb_id, "from": title_on(domain, titles, l, day_a),
                "to": title_on(domain, titles, l, day_b)}
               for l in sorted(laws_a & laws_b) if title_on(domain, titles, l, day_a) != title_on(domain, titles, l, day_b)]
    replaced, explained_a, explained_b = [], set(), set()
    for need in sorted(n for n, k in before.nodes(data="kind") if k == "need" and n in after):
        prov_a, prov_b = _addressing(before, need), _addressing(after, need)
        only_a = path_laws(before, prov_a) - laws_b
        only_b = path_laws(after, prov_b) - laws_a
        if only_a and only_b:
            replaced.append({"need": need, "need_label": domain.entity(need).label,
                             "from_provisions": sorted(prov_a), "to_provisions": sorted(prov_b),
                             "from": [law(l, day_a) for l in sorted(only_a)],
                             "to": [law(l, day_b) for l in sorted(only_b)]})
            explained_a |= only_a
            explained_b |= only_b
    gone = [law(l, day_a) | {"why": _law_why(domain, l, day_a, day_b, going=True)}
            for l in sorted(laws_a - laws_b - explained_a)]
    new = [law(l, day_b) | {"why": _law_why(domain, l, day_a, day_b, going=False)}
           for l in sorted(laws_b - laws_a - explained_b)]

    pcs_a, pcs_b = _preconditions(before), _preconditions(after)
    appeared = [_pc(domain, pc, ends, day_a, before, going=False) for pc, ends in sorted(pcs_b.items()) if pc not in pcs_a]
    went = [_pc(domain, pc, ends, day_b, after, going=True) for pc, ends in sorted(pcs_a.items()) if pc not in pcs_b]
    provisions_a = {n for n, k in before.nodes(data="kind") if k == "provision"}
    provisions_b = {n for n, k in after.nodes(data="kind") if k == "provision"}
    return {"from": day_a.isoformat(), "to": day_b.isoformat(),
            "laws": {"from": [law(l, day_a) for l in sorted(laws_a)], "to": [law(l, day_b) for l in sorted(laws_b)]},
            "renamed": renamed, "replaced": replaced, "laws_gone": gone, "laws_new": new,
            "provisions_gone": sorted(provisions_a - provisions_b), "provisions_new": sorted(provisions_b - provisions_a),
            "preconditions_appeared": appeared, "preconditions_went": went}


def _law_why(domain: Domain, law_id: str, day_a: date, day_b: date, *, going: bool) -> str:
    entity = domain.entity(law_id)
    if going and entity.valid_until and entity.valid_until < day_b:
        return f"in force until {entity.valid_until.isoformat()}"
    if not going and entity.valid_from and entity.valid_from > day_a:
        return f"in force from {entity.valid_from.isoformat()}"
    return "no provision on the path rests on it any more" if going else "a provision on the path now rests on it"


def _pc(domain: Domain, pc: str, ends: tuple[str, str], other_day: date, other: nx.MultiDiGraph, *,
        going: bool) -> dict[str, Any]:
    """A precondition that appeared (``going=False``) or went, and why, judged against the other date and path."""
    entity = domain.entity(pc)
    prerequisite, dependent = ends
    if going and entity.valid_until and entity.valid_until < other_day:
        why = f"in force until {entity.valid_until.isoformat()}"
    elif not going and entity.valid_from and entity.valid_from > other_day:
        why = f"in force from {entity.valid_from.isoformat()}"
    elif dependent not in other:
        why = f"{dependent} is {'no longer' if going else 'not yet'} on the path"
    elif pc in other.graph.get("waived", []):
        why = "waived by the scenario"
    else:
        why = "no longer applies" if going else "applies now"
    return {"id": pc, "label": entity.label, "dependent": dependent, "prerequisite": prerequisite, "why": why}


def describe(changes: dict[str, Any]) -> list[str]:
    """The changes as lines of text, for the table output."""
    lines = []
    for r in changes["renamed"]:
        lines.append(f"renamed: {r['bwb_id'] or r['id']} {r['from']} → {r['to']} (same BWB id, another dated title)")
    for r in changes["replaced"]:
        a = ", ".join(f"{l['title']} ({l['bwb_id'] or l['id']})" for l in r["from"])
        b = ", ".join(f"{l['title']} ({l['bwb_id'] or l['id']})" for l in r["to"])
        lines.append(f"replaced for {r['need']}: {a} → {b} "
                     f"[{', '.join(r['from_provisions'])} → {', '.join(r['to_provisions'])}]")
    for l in changes["laws_gone"]:
        lines.append(f"law gone: {l['title']} ({l['bwb_id'] or l['id']}): {l['why']}")
    for l in changes["laws_new"]:
        lines.append(f"law new: {l['title']} ({l['bwb_id'] or l['id']}): {l['why']}")
    for p in changes["preconditions_went"]:
        lines.append(f"precondition went: {p['id']} ({p['label']}): {p['why']}")
    for p in changes["preconditions_appeared"]:
        lines.append(f"precondition appeared: {p['id']} ({p['label']}): {p['why']}")
    return lines


__all__ = ["DatedTitle", "law_titles", "title_on", "path_laws", "compare_dates", "describe"]
