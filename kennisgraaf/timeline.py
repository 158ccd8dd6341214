"""Time: what changed between two dates on one household's path, and why.

Laws are keyed by BWB id and carry dated titles (``kg:hasTitle``); laws, protocols, provisions and preconditions
carry their period in force, and :func:`kennisgraaf.path.resolve` filters by date. :func:`compare_dates` resolves a case
on two dates and explains the difference:

* a **renaming** is the same BWB id with another dated title on the two dates (Wet werk en bijstand → Participatiewet);
* a **replacement** is only a law succession stated in the data (``kg:LawSuccession`` in
  ``data/national/successions.ttl``: predecessor, successor, date and citing article) whose predecessor is on the
  first path, whose successor is on the second and whose date falls between the two. A per-need difference in laws is
  never called a replacement: a general framework (the Awb) or a law that simply stays on the path (the
  Faillissementswet for the Wsnp) cannot turn up as one;
* laws that appear or go without a succession, and preconditions that appear or go, each with the reason (its period
  in force, a succession, or its provision coming onto or leaving the path).
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


@dataclass(frozen=True)
class Succession:
    """One law replacing (part of) another on a date, laid down in an article (``kg:LawSuccession``)."""
    id: str
    predecessor: str
    successor: str
    day: date
    citing_article: str
    partial: bool


def law_successions(kg: KnowledgeGraph) -> list[Succession]:
    """Every law succession in the data, oldest first."""
    from .namespaces import compact
    rows = kg.select("""SELECT ?s ?from ?to ?day ?article ?partial WHERE { ?s a kg:LawSuccession ;
        kg:predecessor ?from ; kg:successor ?to ; kg:successionDate ?day ; kg:citingArticle ?article .
        OPTIONAL { ?s kg:partial ?partial } }""")
    out = [Succession(compact(r["s"]), compact(r["from"]), compact(r["to"]), _date(r["day"]), str(r["article"]),
                      str(r["partial"]).lower() == "true") for r in rows]
    return sorted(out, key=lambda x: (x.day, x.predecessor, x.successor))


def _needs_resting_on(G: nx.MultiDiGraph, law: str) -> set[str]:
    return {n for n, k in G.nodes(data="kind") if k == "need" and law in path_laws(G, _addressing(G, n))}


def compare_dates(domain: Domain, titles: dict[str, list[DatedTitle]], before: nx.MultiDiGraph,
                  after: nx.MultiDiGraph, successions: list[Succession] | None = None) -> dict[str, Any]:
    """What changed between two resolved paths of one case on two dates, and why (see the module doc).

    ``successions`` are the law successions in the data (:func:`law_successions`); without them nothing is reported
    as replaced.
    """
    day_a, day_b = date.fromisoformat(before.graph["date"]), date.fromisoformat(after.graph["date"])

    def law(law_id: str, day: date) -> dict[str, str]:
        entity = domain.entity(law_id)
        return {"id": law_id, "bwb_id": entity.bwb_id, "title": title_on(domain, titles, law_id, day)}

    laws_a, laws_b = path_laws(before), path_laws(after)
    renamed = [{"id": l, "bwb_id": domain.entity(l).bwb_id, "from": title_on(domain, titles, l, day_a),
                "to": title_on(domain, titles, l, day_b)}
               for l in sorted(laws_a & laws_b) if title_on(domain, titles, l, day_a) != title_on(domain, titles, l, day_b)]
    replaced, explained_a, explained_b = [], set(), set()
    between = [s for s in successions or () if day_a < s.day <= day_b]
    for s in between:
        # Reported when the predecessor left the path and the successor came onto it; a partial succession (part of
        # the AWBZ to the Jeugdwet) only when a need of the case rests on the predecessor before and the successor
        # after, so that a part that went elsewhere is not told as this household's story.
        if s.predecessor not in laws_a - laws_b or s.successor not in laws_b - laws_a:
            continue
        needs = sorted(_needs_resting_on(before, s.predecessor) & _needs_resting_on(after, s.successor))
        if s.partial and not needs:
            continue
        replaced.append({"id": s.id, "from": law(s.predecessor, day_a), "to": law(s.successor, day_b),
                         "date": s.day.isoformat(), "citing_article": s.citing_article, "partial": s.partial,
                         "needs": needs})
        explained_a.add(s.predecessor)
        explained_b.add(s.successor)
    succeeded_by: dict[str, list[Succession]] = {}
    succeeding: dict[str, list[Succession]] = {}
    for s in between:
        succeeded_by.setdefault(s.predecessor, []).append(s)
        succeeding.setdefault(s.successor, []).append(s)
    gone = [law(l, day_a) | {"why": _law_why(domain, l, day_a, day_b, going=True, succeeded=succeeded_by.get(l, []))}
            for l in sorted(laws_a - laws_b - explained_a)]
    new = [law(l, day_b) | {"why": _law_why(domain, l, day_a, day_b, going=False, succeeds=succeeding.get(l, []))}
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


def _law_why(domain: Domain, law_id: str, day_a: date, day_b: date, *, going: bool,
             succeeded: list[Succession] = (), succeeds: list[Succession] = ()) -> str:
    entity = domain.entity(law_id)
    if going and succeeded:  # replaced, but its successor is not on this path
        by = "; ".join(f"{s.successor}{' (in part)' if s.partial else ''} from {s.day.isoformat()}, {s.citing_article}"
                       for s in succeeded)
        return f"replaced by {by}; the successor is not on the path"
    if going and entity.valid_until and entity.valid_until < day_b:
        return f"in force until {entity.valid_until.isoformat()}"
    if not going and succeeds:  # a successor whose predecessor was not on this path
        by = "; ".join(f"{s.predecessor} from {s.day.isoformat()}, {s.citing_article}" for s in succeeds)
        return f"successor of {by}; the predecessor was not on the path"
    if not going and entity.valid_from and entity.valid_from > day_a:
        return f"in force from {entity.valid_from.isoformat()}"
    return "no provision on the path rests on it any more" if going else "a provision on the path now rests on it"


def _pc(domain: Domain, pc: str, ends: tuple[str, str], other_day: date, other: nx.MultiDiGraph, *,
        going: bool) -> dict[str, Any]:
    """A precondition that appeared (``going=False``) or went, and why, judged against the other date and path."""
    entity = domain.entity(pc)
    prerequisite, dependent = ends
    # The provision first: a precondition of a provision that is new on the path came with it, whatever its own
    # dates; only a rule on a provision present on both dates appears or goes by its own period in force.
    if dependent not in other:
        why = f"{dependent} is {'no longer' if going else 'not yet'} on the path"
    elif going and entity.valid_until and entity.valid_until < other_day:
        why = f"in force until {entity.valid_until.isoformat()}"
    elif not going and entity.valid_from and entity.valid_from > other_day:
        why = f"in force from {entity.valid_from.isoformat()}"
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
        a, b = r["from"], r["to"]
        needs = f" [{', '.join(r['needs'])}]" if r["needs"] else ""
        lines.append(f"replaced{' in part' if r['partial'] else ''}: {a['title']} ({a['bwb_id'] or a['id']}) → "
                     f"{b['title']} ({b['bwb_id'] or b['id']}) from {r['date']}, {r['citing_article']}{needs}")
    for l in changes["laws_gone"]:
        lines.append(f"law gone: {l['title']} ({l['bwb_id'] or l['id']}): {l['why']}")
    for l in changes["laws_new"]:
        lines.append(f"law new: {l['title']} ({l['bwb_id'] or l['id']}): {l['why']}")
    for p in changes["preconditions_went"]:
        lines.append(f"precondition went: {p['id']} ({p['label']}): {p['why']}")
    for p in changes["preconditions_appeared"]:
        lines.append(f"precondition appeared: {p['id']} ({p['label']}): {p['why']}")
    return lines


__all__ = ["DatedTitle", "Succession", "law_titles", "law_successions", "title_on", "path_laws", "compare_dates",
           "describe"]
