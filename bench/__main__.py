"""Run the benchmarks (``python -m bench``, ``make bench``): the speed a user feels, in under 10 minutes on 2 cores.

``python -m bench`` runs the suite of issue 17 — start-up, batch scoring (with the memory peak of the process
tree), the SPARQL endpoint and the big view — each module's ``main([])``. ``python -m bench --all`` runs every
``bench/bench_*.py`` module (the Dask engine, reforms, load and memory benchmarks take longer); ``python -m bench
NAME …`` runs the named ones (``startup``, ``scoring``, …). Each benchmark writes its own section of
bench/RESULTS.md. The CPU time of the whole run (this process and every child) is printed beside the wall time,
with the load average. Exit code: the first non-zero one, else 0.
"""

from __future__ import annotations

import importlib
import os
import pkgutil
import resource
import sys
import time
from pathlib import Path

#: The suite ``make bench`` runs (issue 17: what a user feels).
SUITE = ("bench_startup", "bench_scoring", "bench_endpoint", "bench_views")
SUITE_SECTION = "make bench"


def _cpu() -> float:
    me, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime + children.ru_utime + children.ru_stime


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    available = sorted(m.name for m in pkgutil.iter_modules([str(Path(__file__).parent)])
                       if m.name.startswith("bench_"))
    if args == ["--all"]:
        names = available
    elif args:
        names = [a if a.startswith("bench_") else f"bench_{a}" for a in args]
        unknown = [n for n in names if n not in available]
        if unknown:
            print(f"unknown benchmark: {', '.join(unknown)}; available: {', '.join(available)}", file=sys.stderr)
            return 2
    else:
        names = [n for n in SUITE if n in available]
    status = 0
    started, cpu = time.perf_counter(), _cpu()
    for name in names:
        print(f"== bench.{name}", flush=True)
        code = importlib.import_module(f"bench.{name}").main([]) or 0
        status = status or code
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg()) if hasattr(os, "getloadavg") else "n/a"
    wall, used = time.perf_counter() - started, _cpu() - cpu
    print(f"== {len(names)} benchmarks in {wall:.0f} s wall, {used:.0f} s CPU; load average {load}", flush=True)
    if not args:  # the suite `make bench` runs: its own cost is part of issue 17's goal (under 10 minutes)
        from .generate import machine, write_section
        write_section(SUITE_SECTION, f"`make bench` (`python -m bench`: {', '.join(SUITE)}) — {machine()}.\n\n"
                      f"**{wall / 60:.1f} min wall**, {used / 60:.1f} min CPU (this process and every child) — goal "
                      f"(issue 17): under 10 minutes on 2 cores, {'met' if wall < 600 else 'missed'}.")
    return status


if __name__ == "__main__":
    sys.exit(main())
