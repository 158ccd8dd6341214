"""Benchmark the HTML views: build, render and open a municipality-sized view of ≥ 2,000 nodes in headless Chromium.

``python -m bench.bench_views [--nodes 2000] [--repeats 3] [--no-write]``

The graph is synthetic but shaped like a municipality model: one model node, provisions, and frameworks, protocols,
methods, instruments, systems and institutions that the provisions name (each provision names one to three of each
kind), grouped by type with the same hubs as ``kennisgraaf view municipality``. The page records
``performance.now()`` when vis-network's stabilisation is done (physics then stops); that is "time to stabilise",
counted from navigation start, so it includes parsing the inlined library and the data. Chromium's clocks are real
(DevTools pipe, not ``--virtual-time-budget``). Results are written to bench/RESULTS.md under "## Views".
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

from kennisgraaf.views import Panel, View, ViewEdge, ViewNode, render_view, write_view
from kennisgraaf.views.headless import find_chromium, open_view

SECTION = "Views"

#: Share of the touchpoint nodes per kind (roughly the Enschede 2008 proportions).
KIND_SHARES = {"framework": 25, "protocol": 17, "method": 23, "instrument": 31, "system": 27, "institution": 25}
RELATION = {"framework": "legalBasis", "protocol": "accessVia", "method": "intakeVia", "instrument": "assessedWith",
            "system": "registeredIn", "institution": "deliveredBy"}

from .generate import write_section
from .machine import describe


def synthetic_municipality(nodes: int = 2000, seed: int = 2008) -> View:
    """A municipality-shaped view with exactly ``nodes`` nodes."""
    rng = random.Random(seed)
    provisions = max(1, nodes // 7)
    touch_total = nodes - provisions - 1
    weight = sum(KIND_SHARES.values())
    per_kind = {k: max(1, touch_total * share // weight) for k, share in KIND_SHARES.items()}
    per_kind["institution"] += touch_total - sum(per_kind.values())
    panel = Panel("synthetic municipality", group_hubs=True)
    panel.nodes.append(ViewNode("model:synthetic", "municipality", "synthetic"))
    pool: dict[str, list[str]] = {}
    for kind, count in per_kind.items():
        pool[kind] = [f"{kind}:{i}" for i in range(count)]
        panel.nodes += [ViewNode(i, kind, f"{kind} {n}", f"{kind} {n} (nl)", f"{kind} {n}",
                                 f"Synthetic {kind} number {n}.", "https://example.org/source")
                        for n, i in enumerate(pool[kind])]
    for p in range(provisions):
        pid = f"svc:{p}"
        panel.nodes.append(ViewNode(pid, "provision", f"provision {p}"))
        panel.edges.append(ViewEdge("model:synthetic", pid, "arranges", "arranges"))
        for kind, ids in pool.items():
            for target in rng.sample(ids, min(len(ids), rng.randint(1, 3))):
                panel.edges.append(ViewEdge(pid, target, RELATION[kind], RELATION[kind], dashed=rng.random() < 0.3))
    # every touchpoint named at least once
    named = {e.target for e in panel.edges}
    for kind, ids in pool.items():
        for target in ids:
            if target not in named:
                panel.edges.append(ViewEdge(f"svc:{rng.randrange(provisions)}", target, RELATION[kind], RELATION[kind]))
    return View("municipality", f"Synthetic municipality ({nodes} nodes)", "benchmark", [panel.finish()])


def machine() -> str:
    chromium = find_chromium()
    version = subprocess.run([chromium, "--version"], capture_output=True, text=True).stdout.strip() if chromium else "-"
    return f"{describe()}, {version}"


def _load() -> str:
    return ", ".join(f"{x:.1f}" for x in os.getloadavg())


def run(nodes: int, repeats: int) -> dict:
    started = time.perf_counter()
    view = synthetic_municipality(nodes)
    built = time.perf_counter() - started
    started = time.perf_counter()
    html = render_view(view)
    rendered = time.perf_counter() - started
    edges = sum(len(p.edges) for p in view.panels)
    samples, walls, drawn = [], [], 0
    with tempfile.TemporaryDirectory(prefix="kg-bench-views-") as folder:
        path = write_view(view, Path(folder) / "synthetic.html")
        for _ in range(repeats):
            t0 = time.perf_counter()
            state = open_view(path, timeout=300)
            walls.append(time.perf_counter() - t0)
            if state.stabilised != "true":
                raise RuntimeError(f"the view did not stabilise: {state.stabilised}")
            samples.append(state.stabilised_ms)
            drawn = state.drawn
    return {"nodes": view.node_count, "edges": edges, "drawn": drawn, "build_s": built, "render_s": rendered,
            "html_mb": len(html.encode()) / 1e6, "stabilise_ms": samples, "wall_s": walls}


def write_results(result: dict, repeats: int) -> None:
    median = statistics.median(result["stabilise_ms"])
    body = "\n".join([
        f"`python -m bench.bench_views --nodes {result['nodes']} --repeats {repeats}` — {date.today().isoformat()}, "
        f"{machine()}; load average at the end {_load()}.", "",
        "| what | value |", "|---|---|",
        f"| nodes / edges (synthetic municipality view, grouped by type) | {result['nodes']} / {result['edges']} |",
        f"| nodes drawn by vis-network (incl. one hub per type) | {result['drawn']} |",
        f"| build view model + render HTML (Python) | {result['build_s']:.2f} s + {result['render_s']:.2f} s |",
        f"| HTML file (vis-network inlined) | {result['html_mb']:.2f} MB |",
        f"| **time to stabilise in headless Chromium** (median of {repeats}, from navigation start) | "
        f"**{median / 1000:.2f} s** |",
        f"| all runs | {', '.join(f'{ms / 1000:.2f} s' for ms in result['stabilise_ms'])} |",
        f"| wall time per run (start Chromium, load, settle, read back) | "
        f"{', '.join(f'{s:.1f} s' for s in result['wall_s'])} |", "",
        "Layout: positions computed in Python (`kennisgraaf.views.layout.type_blocks`: one block per type), stored "
        "in the page, physics off, so nothing settles in the browser; the time is from navigation start (parsing "
        "the inlined vis-network and the data included) to the first paint of the laid-out graph "
        "(vis-network's `afterDrawing`). Goal (issue 17): interactive in < 3 s — "
        f"{'met' if median < 3000 else 'missed'}."])
    write_section(SECTION, body)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.bench_views", description=__doc__.splitlines()[0])
    parser.add_argument("--nodes", type=int, default=2000, help="nodes in the synthetic view (default 2000)")
    parser.add_argument("--repeats", type=int, default=3, help="browser runs (default 3)")
    parser.add_argument("--no-write", action="store_true", help="print only; do not update bench/RESULTS.md")
    args = parser.parse_args(argv)
    if not find_chromium():
        print("error: chromium not found (apt-get install chromium)", file=sys.stderr)
        return 3
    result = run(args.nodes, args.repeats)
    print(result)
    if not args.no_write:
        write_results(result, args.repeats)
    return 0


if __name__ == "__main__":
    sys.exit(main())
