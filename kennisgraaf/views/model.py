"""The view model: what a view shows, as plain data, before any HTML.

A :class:`View` has one or more :class:`Panel` s (two for a comparison); each panel is a graph of
:class:`ViewNode` s and :class:`ViewEdge` s plus the text beside it (numbered steps, deadlocks, a score summary,
notes). :func:`network_data` turns a panel into vis-network's nodes/edges/options with ``pyvis.network.Network``.
Every string here is plain text from the data; escaping is the renderer's job, at the sink.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from typing import Any

from pyvis.network import Network

#: kind -> (colour, vis-network shape, Dutch name, English name). Shapes differ too, so colour is never the only cue.
#: Colours meet WCAG AA: white labels inside a shape need 4.5:1, shapes with their label outside 3:1 against the
#: (always white) graph canvas; tests/test_ui_contrast.py computes every ratio.
KIND_STYLE: dict[str, tuple[str, str, str, str]] = {
    "need": ("#d62728", "diamond", "behoefte", "need"),
    "provision": ("#1a6396", "box", "voorziening", "provision"),
    "framework": ("#2a8a2a", "triangle", "wettelijk kader", "legal framework"),
    "protocol": ("#c25e00", "triangleDown", "indicatieprotocol", "indication protocol"),
    "method": ("#7d7e0f", "hexagon", "methode van vraagverheldering", "clarification method"),
    "instrument": ("#9467bd", "star", "diagnostisch instrument", "diagnostic instrument"),
    "system": ("#0e7f8c", "dot", "registratiesysteem", "registration system"),
    "institution": ("#8c564b", "ellipse", "instantie", "institution"),
    "wijkteam": ("#a8347f", "ellipse", "sociaal wijkteam", "neighbourhood social team"),
    "funding": ("#7f7f7f", "square", "financieringsstroom", "funding stream"),
    "municipality": ("#393b79", "circle", "gemeentemodel", "municipality model"),
    "class": ("#1a6396", "box", "klasse", "class"),
    "external": ("#6b6b6b", "box", "klasse uit ander vocabulaire", "class from another vocabulary"),
    "unknown": ("#767676", "dot", "onbekend", "unknown"),
}

DEADLOCK_COLOUR = "#d00000"
#: vis-network draws the label inside these shapes (white text on the colour); others get a dark label below.
WHITE_TEXT_SHAPES = ("box", "ellipse", "database", "circle")
LABEL_COLOUR = "#222222"
#: Touchpoint edges (grey) and plan edges (dark): both at least 3:1 against the white canvas.
EDGE_COLOUR = "#767676"
PLAN_EDGE_COLOUR = "#444444"
#: Border of an element a comparison removed, added or moved to another step (3:1 or more on white).
CHANGE_COLOUR = {"removed": "#6b6b6b", "added": "#1b7a1b", "changed": "#8a5a00"}


def contrast_ratio(foreground: str, background: str) -> float:
    """WCAG 2.x contrast ratio of two ``#rrggbb`` colours: (L1 + 0.05) / (L2 + 0.05) with relative luminance L.

    >>> round(contrast_ratio("#000000", "#ffffff"), 1)
    21.0
    >>> round(contrast_ratio("#767676", "#ffffff"), 2)
    4.54
    """
    def luminance(colour: str) -> float:
        channels = [int(colour.lstrip("#")[i:i + 2], 16) / 255 for i in (0, 2, 4)]
        linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]
    high, low = sorted((luminance(foreground), luminance(background)), reverse=True)
    return (high + 0.05) / (low + 0.05)
#: Above this many nodes a view uses cheaper physics settings (no improved layout, fewer iterations).
LARGE = 300


@dataclass
class ViewNode:
    """One node: an entity with its text (labels, definition, source) and its place in the path."""

    id: str
    kind: str
    label: str
    label_nl: str = ""
    label_en: str = ""
    definition: str = ""
    source: str = ""
    bwb_id: str = ""
    step: int | None = None
    deadlock: int | None = None
    degree: int = 0
    note: str = ""
    illustrative: bool = False
    #: in a comparison: "removed" (left only), "added" (right only), "changed" (another plan step), or ""
    change: str = ""

    def as_dict(self) -> dict[str, Any]:
        return {"id": self.id, "kind": self.kind, "label": self.label, "label_nl": self.label_nl,
                "label_en": self.label_en, "definition": self.definition, "source": self.source,
                "bwb_id": self.bwb_id, "step": self.step, "deadlock": self.deadlock, "degree": self.degree,
                "note": self.note, "illustrative": self.illustrative, "change": self.change}


@dataclass
class ViewEdge:
    source: str
    target: str
    relation: str
    label: str = ""
    deadlock: bool = False
    dashed: bool = False


@dataclass
class Panel:
    """One graph with the text that goes beside it."""

    title: str
    nodes: list[ViewNode] = field(default_factory=list)
    edges: list[ViewEdge] = field(default_factory=list)
    steps: list[dict[str, Any]] = field(default_factory=list)
    deadlocks: list[str] = field(default_factory=list)
    score: list[dict[str, Any]] = field(default_factory=list)
    composite: dict[str, float] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    hierarchical: bool = False
    #: add one labelled hub per type, tied to its members by invisible springs, so types cluster visibly
    group_hubs: bool = False
    #: open on the needs and provisions, laid out left to right by plan step (positions from Python, physics off);
    #: touchpoints wait in a reserve the page adds when a provision is clicked
    path_first: bool = False
    #: positions shared with another panel (a comparison); None: computed from this panel alone
    layout: dict[str, tuple[float, float]] | None = None
    #: the case's timeline as an SVG string (kennisgraaf.timeline), shown above the graph when the path carries one;
    #: inserted as markup, so its producer escapes every text it draws (the page's CSP runs no script in it anyway)
    timeline_svg: str = ""

    def finish(self) -> "Panel":
        """Compute node degrees and sort the nodes (by step, then kind and label) for a stable table."""
        degree: dict[str, int] = {}
        for e in self.edges:
            degree[e.source] = degree.get(e.source, 0) + 1
            degree[e.target] = degree.get(e.target, 0) + 1
        for n in self.nodes:
            n.degree = degree.get(n.id, 0)
        self.nodes.sort(key=lambda n: (n.step is None, n.step or 0, n.kind, n.label.casefold(), n.id))
        return self

    @property
    def kinds(self) -> list[str]:
        seen = {n.kind for n in self.nodes}
        return [k for k in KIND_STYLE if k in seen]


@dataclass
class View:
    kind: str  # "case", "municipality", "compare", "classes"
    title: str
    subtitle: str = ""
    panels: list[Panel] = field(default_factory=list)
    #: comparison only: one row per measure (household/professional from, to, delta) and the verdict sentence
    delta: list[dict[str, Any]] = field(default_factory=list)
    verdict: str = ""

    @property
    def kinds(self) -> list[str]:
        seen = {k for p in self.panels for k in p.kinds}
        return [k for k in KIND_STYLE if k in seen]

    @property
    def node_count(self) -> int:
        return sum(len(p.nodes) for p in self.panels)


def legend(kinds: list[str]) -> list[dict[str, str]]:
    """Legend rows (kind, colour, shape, nl and en names) for the kinds present."""
    return [{"kind": k, "colour": KIND_STYLE[k][0], "shape": KIND_STYLE[k][1], "nl": KIND_STYLE[k][2],
             "en": KIND_STYLE[k][3]} for k in kinds]


def _seed_position(index: int, count: int, kind_index: int, kinds: int) -> tuple[float, float]:
    """A starting position: each kind in its own sector, so types start clustered and physics settles sooner."""
    angle = 2 * math.pi * (kind_index + 0.5) / max(kinds, 1)
    radius = 120 + 18 * math.sqrt(count)
    jitter_angle = 2 * math.pi * index / max(count, 1)
    spread = 8 * math.sqrt(index + 1)
    return (round(radius * math.cos(angle) + spread * math.cos(jitter_angle), 1),
            round(radius * math.sin(angle) + spread * math.sin(jitter_angle), 1))


def network_data(panel: Panel) -> dict[str, Any]:
    """vis-network ``nodes``, ``edges`` and ``options`` for a panel, built with pyvis."""
    net = Network(directed=True, cdn_resources="in_line")
    kinds = panel.kinds
    by_kind: dict[str, list[ViewNode]] = {k: [] for k in kinds}
    for n in panel.nodes:
        by_kind[n.kind].append(n)
    large = len(panel.nodes) > LARGE
    positions: dict[str, tuple[float, float]] = {}
    if panel.path_first:
        from .layout import PATH_KINDS, plan_layout
        positions = panel.layout if panel.layout is not None else plan_layout(panel)
        reserve = {n.id for n in panel.nodes if n.kind not in PATH_KINDS}
    else:
        reserve = set()
        if panel.group_hubs:  # a municipality: one block per type, laid out here, physics off
            from .layout import type_blocks
            positions = type_blocks(panel, kinds)
    for kind_index, kind in enumerate(kinds):
        colour, shape, _, _ = KIND_STYLE[kind]
        group = by_kind[kind]
        for i, n in enumerate(group):
            x, y = _seed_position(i, len(group), kind_index, len(kinds))
            display = f"{n.step}. {n.label}" if n.step else n.label
            if n.change:
                display = f"{display} [{n.change}]"
            extra: dict[str, Any] = {}
            if n.deadlock:
                extra.update(borderWidth=5, color={"background": colour, "border": DEADLOCK_COLOUR,
                                                   "highlight": {"background": colour, "border": DEADLOCK_COLOUR}},
                             shapeProperties={"borderDashes": [6, 3]})
            else:
                extra["color"] = colour
            if n.change:  # marked by a thick border and a dash pattern per kind of change, not colour alone
                extra.update(borderWidth=5, color={"background": colour, "border": CHANGE_COLOUR[n.change]},
                             shapeProperties={"borderDashes": [2, 2] if n.change == "removed" else False})
            if n.id in positions:
                x, y = positions[n.id]
            if not panel.hierarchical:
                extra.update(x=x, y=y)
            font = {"color": "#ffffff" if shape in WHITE_TEXT_SHAPES else LABEL_COLOUR,
                    "size": 20 if kind == "wijkteam" else 12 if large else 14}
            if kind == "wijkteam" and not n.deadlock:
                extra.update(borderWidth=4, color={"background": colour, "border": "#7a1f5c"})
            net.add_node(n.id, label=_short(display), shape=shape, kind=n.kind, font=font,
                         size=22 if n.kind in ("wijkteam", "municipality") else 14, **extra)
    if panel.group_hubs:
        for kind_index, kind in enumerate(kinds):
            if len(by_kind[kind]) < 2:
                continue
            hub = f"group:{kind}"
            x, y = positions.get(hub) or _seed_position(0, 1, kind_index, len(kinds))
            net.add_node(hub, label=f"{KIND_STYLE[kind][3]} ({len(by_kind[kind])})", shape="text", kind=kind,
                         x=x, y=y, font={"size": 28, "color": KIND_STYLE[kind][0], "strokeWidth": 4,
                                         "strokeColor": "#ffffff"}, mass=3, hub=True)
            for n in by_kind[kind]:
                net.add_edge(hub, n.id, hidden=True, length=40, relation="groups")
    for e in panel.edges:
        options: dict[str, Any] = {"relation": e.relation, "arrows": "to", "kg_label": e.label,
                                   "kg_deadlock": e.deadlock}
        if e.deadlock:
            options.update(color={"color": DEADLOCK_COLOUR, "highlight": DEADLOCK_COLOUR}, width=4, dashes=[8, 4])
        elif e.relation in ("precondition", "addressedBy"):
            options.update(color={"color": PLAN_EDGE_COLOUR}, width=2, dashes=e.dashed)
        else:
            options.update(color={"color": EDGE_COLOUR}, width=1, dashes=e.dashed)
        net.add_edge(e.source, e.target, **options)
    net.options = _options(len(panel.nodes), panel.hierarchical)
    nodes, edges, _, _, _, options = net.get_network_data()
    options = json.loads(options) if isinstance(options, str) else options
    if positions:
        options["physics"]["enabled"] = False
        options["layout"]["improvedLayout"] = False
    shown = [n for n in nodes if n["id"] not in reserve]
    held = [n for n in nodes if n["id"] in reserve]
    return {"nodes": shown, "edges": [e for e in edges if e["from"] not in reserve and e["to"] not in reserve],
            "options": options, "reserve_nodes": held,
            "reserve_edges": [e for e in edges if e["from"] in reserve or e["to"] in reserve]}


def _short(text: str, limit: int = 48) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _options(count: int, hierarchical: bool) -> dict[str, Any]:
    large = count > LARGE
    options: dict[str, Any] = {
        "autoResize": True,
        "interaction": {"hover": True, "tooltipDelay": 150, "navigationButtons": False,
                        # only while the canvas has focus: the page's arrow keys walk the plan steps
                        "keyboard": {"enabled": True, "bindToWindow": False},
                        "hideEdgesOnDrag": large, "hideEdgesOnZoom": large, "multiselect": True},
        "nodes": {"borderWidth": 1, "margin": 8, "widthConstraint": {"maximum": 180}},
        "edges": {"smooth": False if large else {"type": "continuous"}, "selectionWidth": 2},
        "layout": {"improvedLayout": not large and not hierarchical, "randomSeed": 7},
        "physics": {
            "enabled": True,
            "solver": "barnesHut" if large else "forceAtlas2Based",
            "barnesHut": {"gravitationalConstant": -3000, "springLength": 90, "springConstant": 0.04,
                          "damping": 0.3, "avoidOverlap": 0.1},
            "forceAtlas2Based": {"gravitationalConstant": -60, "springLength": 110, "avoidOverlap": 0.4},
            "stabilization": {"enabled": True, "iterations": 150 if large else 600, "updateInterval": 50,
                              "fit": True},
            "minVelocity": 2.0 if large else 0.75,
        },
    }
    if hierarchical:
        options["layout"]["hierarchical"] = {"enabled": True, "direction": "LR", "sortMethod": "directed",
                                             "levelSeparation": 230, "nodeSpacing": 90}
        options["physics"]["solver"] = "hierarchicalRepulsion"
        options["physics"]["hierarchicalRepulsion"] = {"nodeDistance": 130, "avoidOverlap": 0.5}
    return options
