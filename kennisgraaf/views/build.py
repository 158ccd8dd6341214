"""Turn the library's objects into view models: a case path, two paths side by side, a municipality model.

The functions take what the CLI also uses (a :class:`~kennisgraaf.model.Domain`, a resolved path, a
:class:`~kennisgraaf.store.KnowledgeGraph`); they hold no logic of their own beyond choosing what to show.
"""

from __future__ import annotations

from typing import Any

import networkx as nx

from .. import catalog
from ..errors import DataError
from ..measures import deadlocks, explain_cycle
from ..model import Domain
from ..namespaces import compact, expand
from ..path import PERSPECTIVES
from ..plan import first_things_first
from ..report import score_path
from ..store import KnowledgeGraph
from .model import KIND_STYLE, Panel, View, ViewEdge, ViewNode
from .report_html import public_source
from .timeline_svg import timeline_svg

#: Measures shown beside a case graph (all are in the JSON/CLI output; these are the ones read at a glance).
SUMMARY_MEASURES = ("frameworks", "protocols", "methods", "instruments", "systems", "institutions", "contacts",
                    "handoffs", "repeated_intakes", "repeated_assessments", "duplicate_data", "deadlock_count",
                    "critical_chain", "critical_chain_weeks")

_COUNT_RELATION = {"frameworks": "legalBasis", "protocols": "accessVia", "methods": "intakeVia",
                   "instruments": "assessedWith", "systems": "registeredIn", "institutions": "deliveredBy"}


def _slug(compact_id: str) -> str:
    return compact_id.split(":", 1)[-1]


def node_from_entity(domain: Domain, node_id: str, kind: str | None = None, **extra) -> ViewNode:
    """A view node with the entity's labels, definition, first source and BWB id."""
    e = domain.entity(node_id)
    kind = kind or e.kind
    if kind == "institution" and domain.entities.get(node_id) and _is_wijkteam(domain, node_id):
        kind = "wijkteam"
    return ViewNode(node_id, kind if kind in KIND_STYLE else "unknown", e.label if e.kind != "unknown" else node_id,
                    e.label_nl, e.label_en, e.definition_en, shown_source(e.sources), e.bwb_id,
                    illustrative=e.illustrative, **extra)


def shown_source(sources) -> str:
    """The source a reader can look up: a web address first, else the first public citation, else the first note.

    >>> shown_source(["domain.md I14", "domain-2008.md G37: financien.hengelo.nl"])
    'financien.hengelo.nl'
    >>> shown_source(["domain.md I14", "https://wetten.overheid.nl/BWBR0035362"])
    'https://wetten.overheid.nl/BWBR0035362'
    >>> shown_source([])
    ''
    """
    shown = [public_source(s) for s in sources]
    for text in (*(t for t in shown if t.startswith(("https://", "http://"))),
                 *(t for t in shown if not t.startswith("kennisgraaf research notes")), *shown):
        return text
    return ""


def _is_wijkteam(domain: Domain, node_id: str) -> bool:
    return any(m.wijkteam == node_id for m in domain.models.values()) or node_id == "inst:sociaal-wijkteam"


def path_panel(domain: Domain, G: nx.MultiDiGraph, title: str | None = None,
               weights: dict | None = None) -> Panel:
    """A panel for one resolved case path: needs, provisions and touchpoints, numbered steps, deadlocks, score."""
    steps = first_things_first(G)
    step_of = {s.provision: s for s in steps}
    cycles = deadlocks(G)
    cycle_nodes = {n for c in cycles for n in c}
    cycle_edges = {(prereq, dep) for c in cycles for dep, prereq in zip(c, c[1:] + c[:1])}
    panel = Panel(title or f"{_slug(G.graph['case'])} · {_slug(G.graph['scenario'])}", path_first=True)
    for node, data in G.nodes(data=True):
        s = step_of.get(node)
        vn = node_from_entity(domain, node, data.get("kind"), step=s.number if s else None,
                              deadlock=s.deadlock if s else (1 if node in cycle_nodes else None))
        if vn.label == node and data.get("label"):
            vn.label = data["label"]
        panel.nodes.append(vn)
    seen: set[tuple[str, str, str]] = set()
    for u, v, data in G.edges(data=True):
        relation = data.get("relation", "")
        if relation not in ("precondition", "addressedBy") and not (data.get("household") or data.get("professional")):
            continue  # a touch the scenario replaced in every perspective
        if (u, v, relation) in seen:
            continue
        seen.add((u, v, relation))
        label = data.get("label") or relation
        if relation == "precondition" and data.get("duration_weeks"):
            label = f"{label} ({data['duration_weeks']:g} wk)"
        panel.edges.append(ViewEdge(u, v, relation, label, deadlock=relation == "precondition" and (u, v) in cycle_edges,
                                    dashed=relation not in ("precondition", "addressedBy") and not data.get("household")))
    panel.steps = [{"number": s.number, "provision": s.provision, "label": s.label, "deadlock": s.deadlock,
                    "weeks": s.weeks, "requires": [G.nodes[r].get("label", r) for r in s.requires],
                    "institutions": [_label(domain, G, i) for i in s.institutions],
                    "needs": [_label(domain, G, n) for n in s.needs]} for s in steps]
    panel.deadlocks = [explain_cycle(G, c) for c in cycles]
    panel.timeline_svg = G.graph.get("timeline_svg", "") or timeline_svg(G)  # issue 14: phases, deadlines, gaps
    scores = {p: score_path(G, p, weights) for p in PERSPECTIVES}
    panel.composite = {p: scores[p].composite for p in PERSPECTIVES}
    panel.score = [{"measure": name, **{p: _shown(scores[p].measures, name) for p in PERSPECTIVES}}
                   for name in SUMMARY_MEASURES]
    for need in G.graph.get("unmet_needs", []):
        panel.notes.append(f"unmet need: {domain.entity(need).label} ({need}): no provision addresses it on {G.graph['date']}")
    for pc in sorted(set(G.graph.get("waived", []))):
        panel.notes.append(f"waived precondition: {domain.entity(pc).label} ({pc})")
    panel.notes.append("Dashed grey edges count for the professional only; red dashed edges form a deadlock.")
    panel.notes.append("Click a provision to show or hide its touchpoints (institutions, instruments, systems, ...).")
    return panel.finish()


def _label(domain: Domain, G: nx.MultiDiGraph, node: str) -> str:
    label = G.nodes[node].get("label") if node in G else None
    return label or (domain.entity(node).label if node in domain.entities else node)


def case_description(kg: KnowledgeGraph, case_id: str) -> tuple[str, str]:
    """The household's description (its English label, else Dutch) and definition, for titles; ``("", "")`` if none."""
    rows = kg.select("SELECT ?p ?text (LANG(?text) AS ?lang) WHERE { VALUES ?p { rdfs:label skos:definition } "
                     "?case ?p ?text }", {"case": expand(case_id if ":" in case_id else f"case:{case_id}")})
    found: dict[str, dict[str, str]] = {}
    for r in rows:
        found.setdefault(str(r["p"]).rsplit("#", 1)[-1], {})[r["lang"]] = str(r["text"])
    def pick(kind: str) -> str:
        texts = found.get(kind, {})
        return texts.get("en") or texts.get("nl") or next(iter(texts.values()), "")
    return pick("label"), pick("definition")


def _number(value: Any) -> Any:
    return len(value) if isinstance(value, list) else value


def _shown(measures: dict[str, Any], name: str) -> Any:
    """A measure as the view's score table shows it: a count for a list, and words where it has no number.

    >>> _shown({"critical_chain_weeks": None, "critical_chain_blocked": True}, "critical_chain_weeks")
    'blocked (deadlock)'
    >>> _shown({"coc": None}, "coc"), _shown({"deadlocks": [["a", "b"]]}, "deadlocks")
    ('n/a', 1)
    """
    value = measures.get(name)
    if value is None:  # issue 14: a chain a deadlock blocks has no length; other gaps are "not available"
        return "blocked (deadlock)" if name == "critical_chain_weeks" and measures.get("critical_chain_blocked") else "n/a"
    return _number(value)


def case_view(domain: Domain, G: nx.MultiDiGraph, weights: dict | None = None, description: str = "") -> View:
    """The view of one case path (see :func:`path_panel`), titled by the household's ``description`` if given."""
    case = _slug(G.graph["case"])
    title = description or f"{domain.entity(G.graph['case']).label if G.graph['case'] in domain.entities else case}"
    return View("case", f"Case path: {title}",
                f"case {case} · scenario {_slug(G.graph['scenario'])} · municipality model "
                f"{_slug(G.graph['model'])} on {G.graph['date']}",
                [path_panel(domain, G, f"scenario {_slug(G.graph['scenario'])}", weights)])


def compare_view(domain: Domain, left: nx.MultiDiGraph, right: nx.MultiDiGraph, weights: dict | None = None,
                 description: str = "") -> View:
    """Two paths of the same case side by side (titled by the household's ``description`` if given)."""
    if left.graph["case"] != right.graph["case"]:
        raise DataError("a comparison needs two paths of the same case")
    case = _slug(left.graph["case"])
    panels = [path_panel(domain, G, f"scenario {_slug(G.graph['scenario'])}", weights) for G in (left, right)]
    _share_layout(*panels)
    view = View("compare", f"{description or f'Case {case}'}: {_slug(left.graph['scenario'])} vs "
                           f"{_slug(right.graph['scenario'])}",
                f"case {case} · municipality model {_slug(left.graph['model'])} on {left.graph['date']}", panels)
    view.delta, view.verdict = compare_table(left, right, weights)
    return view


def _share_layout(left: Panel, right: Panel) -> None:
    """One layout for both panels (a shared element sits at the same place in both) and the changes marked."""
    from .layout import plan_layout
    left_nodes = {n.id: n for n in left.nodes}
    right_nodes = {n.id: n for n in right.nodes}
    for n in left.nodes:
        other = right_nodes.get(n.id)
        n.change = "removed" if other is None else "changed" if other.step != n.step else ""
    for n in right.nodes:
        other = left_nodes.get(n.id)
        n.change = "added" if other is None else "changed" if other.step != n.step else ""
    union = Panel("union", [*left.nodes, *(n for n in right.nodes if n.id not in left_nodes)],
                  [*left.edges, *right.edges])
    left.layout = right.layout = plan_layout(union)


def compare_table(left: nx.MultiDiGraph, right: nx.MultiDiGraph,
                  weights: dict | None = None) -> tuple[list[dict[str, Any]], str]:
    """Per measure, from/to/Δ for both perspectives (as ``kennisgraaf compare --format json``), and a verdict."""
    from ..comparison import measure_table  # what `compare` prints, so the view and the command agree to the digit
    table = measure_table(left, right, weights)
    rows = [{"measure": k, **{f"{p} {label}": table[p].get(k, {}).get(part) for p in PERSPECTIVES
                              for part, label in (("from", "from"), ("to", "to"), ("delta", "Δ"))}}
            for k in dict.fromkeys([*table["household"], *table["professional"]])]
    return rows, verdict(table["household"]["composite"]["delta"], table["professional"]["composite"]["delta"])


def verdict(household: float | None, professional: float | None) -> str:
    """One sentence on which way the composite moved for whom (negative: simpler).

    >>> verdict(-34, -6)
    'household -34, professional -6: simpler for both, most for the household (load moved behind the front door)'
    >>> verdict(-5, 3)
    'household -5, professional +3: simpler for the household, harder for the professional (load moved behind the front door)'
    """
    if household is None or professional is None:
        return "composite not available in both variants"
    head = f"household {household:+g}, professional {professional:+g}: "
    if household < 0 <= professional:
        return head + ("simpler for the household, harder for the professional (load moved behind the front door)"
                       if professional > 0 else "simpler for the household only")
    if professional < 0 <= household:
        return head + ("simpler for the professional, harder for the household (load moved to the household)"
                       if household > 0 else "simpler for the professional only")
    if household < 0 and professional < 0:
        if household < professional:
            return head + "simpler for both, most for the household (load moved behind the front door)"
        return head + "simpler for both, most for the professional"
    return head + "no simpler for either"


def municipality_view(kg: KnowledgeGraph, domain: Domain, model_slug: str) -> View:
    """Every provision the model arranges and every framework, protocol, method, instrument, system and institution
    its arrangements name (as ``kennisgraaf count`` counts them), with the wijkteam and its mandate."""
    model_iri = catalog.resolve_id(kg, "municipality model", model_slug)
    model_id = compact(model_iri)
    model = domain.models[model_id]
    arrangements = domain.arrangements.get(model_id, {})
    provision_of = {a.id: pid for pid, a in arrangements.items()}
    panel = Panel(domain.entity(model_id).label if model_id in domain.entities else model_slug, group_hubs=True)
    nodes: dict[str, ViewNode] = {}

    def add(node_id: str, kind: str | None = None) -> None:
        if node_id not in nodes:
            nodes[node_id] = node_from_entity(domain, node_id, kind)

    add(model_id, "municipality")
    nodes[model_id].label = _slug(model_id)
    for pid in sorted(arrangements):
        add(pid, "provision")
        panel.edges.append(ViewEdge(model_id, pid, "arranges", "arranges"))
    entities = catalog.count_model_entities(kg, model_iri)
    seen: set[tuple[str, str, str]] = set()
    for kind, rows in entities.items():
        for row in rows:
            pid = provision_of.get(row["arrangement"])
            if pid is None:
                continue
            add(row["entity"], "institution" if kind == "institutions" else None)
            key = (pid, row["entity"], kind)
            if key not in seen:
                seen.add(key)
                panel.edges.append(ViewEdge(pid, row["entity"], _COUNT_RELATION[kind], _COUNT_RELATION[kind],
                                            dashed=bool(row["inherited_from_provision"])))
    counts = {kind: len({r["entity"] for r in rows}) for kind, rows in entities.items()}
    if model.wijkteam:
        add(model.wijkteam, "wijkteam")
        mandate = wijkteam_mandate(kg, model.wijkteam)
        nodes[model.wijkteam].note = f"mandate: {mandate}" if mandate else "mandate: (none recorded)"
        panel.edges.append(ViewEdge(model_id, model.wijkteam, "hasWijkteam", "has wijkteam"))
        panel.notes.append(f"wijkteam: {nodes[model.wijkteam].label} ({model.wijkteam})")
        panel.notes.append(f"mandate: {mandate or '(none recorded)'}")
    else:
        panel.notes.append("no wijkteam in this municipality model")
    panel.notes.append("Dashed edges are inherited from the national provision; solid ones the arrangement states.")
    panel.score = [{"measure": k, "count": v} for k, v in counts.items()]
    panel.nodes = list(nodes.values())
    return View("municipality", f"Municipality model: {panel.title}",
                f"model {_slug(model_id)} · {model.municipality} · reference date {model.reference_date.isoformat()} · "
                f"{len(arrangements)} arrangements", [panel.finish()])


def wijkteam_mandate(kg: KnowledgeGraph, wijkteam: str) -> str:
    """The wijkteam's mandate text (English if given, else Dutch, else any)."""
    rows = kg.select("SELECT ?m (LANG(?m) AS ?lang) WHERE { ?w kg:mandate ?m }", {"w": expand(wijkteam)})
    by_lang = {r["lang"]: r["m"] for r in rows}
    return by_lang.get("en") or by_lang.get("nl") or next(iter(by_lang.values()), "")
