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


BLOCK_GAP = 160  # px between two types' blocks
CELL = 75  # px between nodes inside a block


def type_blocks(panel: Panel, order: list[str]) -> dict[str, tuple[float, float]]:
    """One compact grid per type, the blocks side by side in ``order`` and wrapped into rows about as wide as tall;
    ``group:<kind>`` is the type's label above its block. No physics needed, so a 2,000-node view opens at once.

    >>> from kennisgraaf.views.model import Panel, ViewNode
    >>> p = Panel("t", [ViewNode(f"s{i}", "system", "S") for i in range(4)] + [ViewNode("n", "need", "N")])
    >>> positions = type_blocks(p, ["need", "system"])
    >>> positions["n"], positions["s0"], positions["s3"], positions["group:system"]
    ((0.0, 0.0), (160.0, 0.0), (235.0, 75.0), (197.5, -60.0))
    """
    import math

    from .model import KIND_STYLE, WHITE_TEXT_SHAPES
    members: dict[str, list[str]] = {k: [] for k in order}
    for n in panel.nodes:
        members.setdefault(n.kind, []).append(n.id)
    total = sum(len(v) for v in members.values())
    row_width = max(1, int(math.sqrt(total))) * CELL * 1.6  # wrap the blocks at about a square overall
    positions: dict[str, tuple[float, float]] = {}
    x = y = row_height = 0.0
    for kind, ids in members.items():
        if not ids:
            continue
        wide = KIND_STYLE.get(kind, ("", ""))[1] in WHITE_TEXT_SHAPES  # label inside: a box needs room
        step_x = CELL * 2.4 if wide else CELL
        side = math.ceil(math.sqrt(len(ids) / (2.4 if wide else 1)))
        width = (side - 1) * step_x
        if x > 0 and x + width > row_width:
            x, y, row_height = 0.0, y + row_height + BLOCK_GAP, 0.0
        for i, node_id in enumerate(ids):
            positions[node_id] = (x + (i % side) * step_x, y + (i // side) * CELL)
        positions[f"group:{kind}"] = (x + width / 2, y - 60)
        rows = math.ceil(len(ids) / side)
        row_height = max(row_height, (rows - 1) * CELL)
        x += width + BLOCK_GAP
    return positions
