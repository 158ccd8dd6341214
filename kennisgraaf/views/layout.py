"""Positions computed in Python, so a view opens laid out (physics off) instead of settling a force simulation.

A case path reads left to right in plan order: needs in the first column, each provision in the column of its
first-things-first step, provisions without a step after the last one, and each touchpoint (framework, protocol,
method, instrument, system, institution) under the first provision that names it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .model import Panel

COLUMN = 240  # px between plan steps
ROW = 90  # px between nodes stacked in one column
TOUCH_ROW = 60
#: Kinds shown from the start of a path-first case view; the rest are touchpoints, shown on demand.
PATH_KINDS = ("need", "provision", "municipality")


def plan_layout(panel: Panel) -> dict[str, tuple[float, float]]:
    """``{node id: (x, y)}`` for every node of ``panel``, deterministic for the same panel.

    >>> from kennisgraaf.views.model import Panel, ViewEdge, ViewNode
    >>> p = Panel("t", [ViewNode("n", "need", "N"), ViewNode("a", "provision", "A", step=2),
    ...                 ViewNode("b", "provision", "B", step=1), ViewNode("s", "system", "S")],
    ...           [ViewEdge("n", "a", "addressedBy"), ViewEdge("a", "s", "registeredIn")])
    >>> plan_layout(p)
    {'b': (240, 0), 'a': (480, 0), 'n': (0, 0), 's': (480, 150)}
    """
    provisions = [n for n in panel.nodes if n.kind == "provision"]
    last = max((n.step or 0 for n in provisions), default=0)
    column: dict[str, int] = {}
    for extra, n in enumerate(sorted((n for n in provisions if not n.step), key=lambda n: (n.label, n.id))):
        column[n.id] = last + 1 + extra
    for n in provisions:
        if n.step:
            column[n.id] = n.step
    positions: dict[str, tuple[float, float]] = {}
    stacked: dict[int, int] = {}

    def place(node_id: str, col: int, row: int = ROW, base: float = 0) -> None:
        k = stacked.get(col, 0)
        stacked[col] = k + 1
        positions[node_id] = (col * COLUMN, base + k * row)

    for pid in sorted(column, key=lambda p: (column[p], p)):
        place(pid, column[pid])
    neighbours: dict[str, list[str]] = {}
    for e in panel.edges:
        for a, b in ((e.source, e.target), (e.target, e.source)):
            if b in column:
                neighbours.setdefault(a, []).append(b)
    rest = [n for n in panel.nodes if n.id not in column]
    for n in rest:
        if n.kind in PATH_KINDS:  # needs (and a model's own node) in the first column
            place(n.id, 0)
    base = max((y for _, y in positions.values()), default=0) + 150
    touch_stack: dict[int, int] = {}
    for n in rest:
        if n.id in positions:
            continue
        owners = neighbours.get(n.id, [])
        col = min((column[o] for o in owners), default=last + 1)
        k = touch_stack.get(col, 0)
        touch_stack[col] = k + 1
        positions[n.id] = (col * COLUMN, base + k * TOUCH_ROW)
    return positions
