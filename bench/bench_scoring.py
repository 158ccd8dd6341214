"""Scoring throughput: cases per second of `kennisgraaf batch`, and how the time grows from 1× to 4× to 16× cases.

``python -m bench.bench_scoring [--base 5] [--workers N] [--memory-cases 100] [--no-write]``

For 1×, 4× and 16× cases per municipality (``--base`` × 1, 4, 16 over 340 synthetic municipalities plus the bundled
ones), the graph is loaded once, then :func:`kennisgraaf.batch.run_batch` scores every case under its own model in
every scenario and both perspectives — resolution, all measures, the composite, the CSV and the HTML report —
on ``--workers`` processes (default: one per core). A *case* here is one household under its model in all
scenarios and both perspectives (4 scores with the two bundled scenarios). The slope is the least-squares slope of
log(time) against log(cases). The peak memory (PSS) of the whole process tree is sampled during a batch
run at ``--memory-cases`` per municipality. Results: bench/RESULTS.md, section "Scoring".
"""

from __future__ import annotations

import argparse
import math
import os
import resource
import subprocess
import sys
import tempfile
import time

from kennisgraaf.batch import run_batch
from kennisgraaf.model import load_domain
from kennisgraaf.store import KnowledgeGraph

from .generate import machine, national_set, write_section

SECTION = "Scoring"
GIB = 1024 ** 3
#: cases per CPU-second: what issue 17 measured, and its goal
ISSUE_RATE, GOAL_RATE = 394, 2000


def _cpu() -> float:
    me, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime + children.ru_utime + children.ru_stime


def measure(cases_per_municipality: int, workers: int, dedupe: bool = True) -> dict:
    data = national_set(cases_per_municipality)
    domain = load_domain(KnowledgeGraph.load(data))
    with tempfile.TemporaryDirectory(prefix="kennisgraaf-bench-") as out:
        cpu, started = _cpu(), time.perf_counter()
        result = run_batch(out, domain=domain, workers=workers, dedupe=dedupe)
        seconds, cpu = time.perf_counter() - started, _cpu() - cpu
    return {"per_municipality": cases_per_municipality, "cases": result.cases, "rows": result.rows,
            "seconds": seconds, "cpu": cpu, "cases_per_s": result.cases / seconds,
            "shared": result.shared_paths / max(1, result.cases * len(result.scenarios)), "workers": result.workers}


def slope(points: list[tuple[float, float]]) -> float:
    """Least-squares slope of log(y) on log(x).

    >>> round(slope([(1, 2), (4, 8), (16, 32)]), 3)
    1.0
    """
    xs, ys = [math.log(x) for x, _ in points], [math.log(y) for _, y in points]
    mx, my = sum(xs) / len(xs), sum(ys) / len(ys)
    return sum((x - mx) * (y - my) for x, y in zip(xs, ys)) / sum((x - mx) ** 2 for x in xs)


_PSS_CHILD = r"""
import sys, tempfile
from kennisgraaf.batch import run_batch
from kennisgraaf.model import load_domain
from kennisgraaf.store import KnowledgeGraph
run_batch(tempfile.mkdtemp(prefix="kennisgraaf-bench-"), domain=load_domain(KnowledgeGraph.load(sys.argv[1])),
          workers=int(sys.argv[2]))
"""


def _tree(pid: int) -> list[int]:
    """``pid`` and every process below it (from /proc/PID/task/*/children)."""
    out, todo = [], [pid]
    while todo:
        current = todo.pop()
        out.append(current)
        try:
            for task in os.listdir(f"/proc/{current}/task"):
                with open(f"/proc/{current}/task/{task}/children", encoding="ascii") as handle:
                    todo += [int(c) for c in handle.read().split()]
        except OSError:
            continue
    return out


def _pss(pid: int) -> int:
    """Proportional set size of one process in bytes (0 when it is gone)."""
    try:
        with open(f"/proc/{pid}/smaps_rollup", encoding="ascii") as handle:
            for line in handle:
                if line.startswith("Pss:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


def peak_pss(cases_per_municipality: int, workers: int) -> dict:
    """Peak PSS of the whole process tree of a batch run (load, Domain, scoring on ``workers``), sampled every
    0.1 s: PSS shares each page among the processes that map it, so the sum over the tree counts pages shared
    by the forked workers once."""
    data = national_set(cases_per_municipality)
    started = time.perf_counter()
    child = subprocess.Popen([sys.executable, "-c", _PSS_CHILD, str(data), str(workers)])
    peak = 0
    while child.poll() is None:
        peak = max(peak, sum(_pss(pid) for pid in _tree(child.pid)))
        time.sleep(0.1)
    if child.returncode != 0:
        raise SystemExit(f"the batch run for the memory peak failed ({child.returncode})")
    return {"per_municipality": cases_per_municipality, "peak": peak, "seconds": time.perf_counter() - started}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.bench_scoring", description=__doc__.splitlines()[0])
    parser.add_argument("--base", type=int, default=5, help="cases per municipality at 1× (default 5)")
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--memory-cases", type=int, default=100,
                        help="cases per municipality for the peak memory of the process tree (default 100; 0: skip)")
    parser.add_argument("--no-write", action="store_true", help="print only; do not update bench/RESULTS.md")
    args = parser.parse_args(argv)
    runs = []
    for factor in (1, 4, 16):
        run = measure(args.base * factor, args.workers)
        runs.append(run)
        print(f"{factor:2d}×: {run['cases']:6,} cases in {run['seconds']:6.2f} s = {run['cases_per_s']:7.0f} cases/s; "
              f"CPU {run['cpu']:.1f} s = {run['cases'] / run['cpu']:.0f} cases per CPU-second "
              f"({run['shared']:.0%} of paths shared)", flush=True)
    fresh = measure(args.base * 4, args.workers, dedupe=False)
    print(f"4× without shared paths: {fresh['cases'] / fresh['cpu']:.0f} cases per CPU-second", flush=True)
    memory = peak_pss(args.memory_cases, args.workers) if args.memory_cases and sys.platform.startswith("linux") \
        else None
    if memory:
        print(f"peak PSS of the process tree at {memory['per_municipality']} cases per municipality: "
              f"{memory['peak'] / GIB:.2f} GiB", flush=True)
    s_wall = slope([(r["cases"], r["seconds"]) for r in runs])
    s_cpu = slope([(r["cases"], r["cpu"]) for r in runs])
    top = runs[-1]
    per_cpu = top["cases"] / top["cpu"]
    rows = "\n".join(f"| {f}× | {r['per_municipality']} | {r['cases']:,} | {r['rows']:,} | {r['seconds']:.2f} s | "
                     f"{r['cpu']:.1f} s | **{r['cases'] / r['cpu']:,.0f}** | {r['cases_per_s']:,.0f} | "
                     f"{r['shared']:.0%} |" for f, r in zip((1, 4, 16), runs))
    notes = [f"- **{per_cpu:,.0f} cases per CPU-second** at 16× ({per_cpu / ISSUE_RATE:.2f}× the {ISSUE_RATE} of "
             f"issue 17, {per_cpu / GOAL_RATE:.2f}× its goal of {GOAL_RATE:,}): "
             + ("met." if per_cpu >= GOAL_RATE else "missed."),
             f"- **Slope of log CPU time on log cases, 1×→16×: {s_cpu:.2f}** (wall: {s_wall:.2f}) — "
             "goal ≤ 1.05: "
             + ("met." if s_cpu <= 1.05 else "missed."),
             f"- Without sharing paths between identical cases: {fresh['cases'] / fresh['cpu']:,.0f} cases per "
             f"CPU-second at 4×."]
    if memory:
        notes.append(f"- **Peak PSS of the whole process tree** (parent and {args.workers} forked workers, sampled "
                     f"every 0.1 s) at {memory['per_municipality']} cases per municipality: "
                     f"**{memory['peak'] / GIB:.2f} GiB** — goal < 1 GiB: "
                     + ("met." if memory["peak"] < GIB else "missed."))
    body = f"""`python -m bench.bench_scoring --base {args.base} --workers {args.workers}` — {machine()}.

`kennisgraaf batch` over the synthetic national set (340 synthetic + the bundled municipality models), every case
under its own model × every scenario × both perspectives, graph loaded beforehand (load: see "Load"). Time is
for the whole batch: fork the workers, resolve and score, write the CSV and the HTML report. CPU is parent plus
workers (user + system): the rate per CPU-second holds on a busy machine, where the wall-clock rate does not
(see the load average). "shared" is the share of paths scored once for several identical cases (same needs and
household under the same model and scenario).

| size | cases/municipality | cases | rows | wall | CPU | cases per CPU-second | cases/s (wall) | shared |
|---|---|---|---|---|---|---|---|---|
{rows}

{chr(10).join(notes)}
- Where a case's CPU goes (profile at 5 cases per municipality, one process): about 40 % resolving its path into a networkx
  MultiDiGraph (≈ 42 nodes, 38 edges per path, each node with ~15 attributes) and 60 % in the measures, of which
  the contact sequence (stages over the condensation, encounters) is the largest part. Per-provision fragments
  of resolution (touchpoints and transformations computed once per provision, arrangement, date and scenario,
  then copied into each case's graph) were built twice and gave the same scores.csv byte for byte, but no gain:
  every synthetic municipality has its own model, arrangements and reference date, so a fragment is used 1.5 times
  at 5 cases per municipality (11,496 uses of 7,607 fragments) and about 4 times at 80; working a fragment out on a
  graph of its own and copying it into the case's graph cost more than resolving it in place (resolution 810 µs
  against 449 µs per path, one process, load ≈ 0). The goal needs resolution and measures on plain structures
  instead of a networkx graph per case and scenario: not done.
"""
    if not args.no_write:
        write_section(SECTION, body)
    return 0


if __name__ == "__main__":
    sys.exit(main())
