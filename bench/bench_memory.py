"""Peak memory (RSS) of the national graph with 100 cases per municipality, measured in a fresh subprocess.

``python -m bench.bench_memory [--cases 100] [--no-write]``

Three stages, each in its own Python process so the peaks do not mix: (1) the store alone
(``KnowledgeGraph.load``), (2) the store and the :class:`~kennisgraaf.model.Domain` the algorithms use, (3) that
plus scoring every case in-process (``run_batch(workers=1)``; with more workers each forked worker adds its own
scoring memory on top of pages shared with the parent). Peak RSS from ``resource.getrusage`` (``ru_maxrss``).
Results: bench/RESULTS.md, section "Memory".
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys

from .generate import machine, national_set, write_section

SECTION = "Memory"
GIB = 1024 ** 3

_CHILD = r"""
import json, resource, sys, tempfile, time
from kennisgraaf.store import KnowledgeGraph
stage, data = sys.argv[1], sys.argv[2]
started = time.perf_counter()
kg = KnowledgeGraph.load(data)
out = {"quads": len(kg)}
if stage in ("domain", "batch"):
    from kennisgraaf.model import load_domain
    domain = load_domain(kg)
    out["cases"] = len(domain.cases)
    if stage == "batch":
        del kg
        from kennisgraaf.batch import run_batch
        with tempfile.TemporaryDirectory() as tmp:
            out["rows"] = run_batch(tmp, domain=domain, workers=1).rows
out["seconds"] = time.perf_counter() - started
out["peak_rss"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024  # Linux: KiB
print(json.dumps(out))
"""


def measure(stage: str, data) -> dict:
    result = subprocess.run([sys.executable, "-c", _CHILD, stage, str(data)], capture_output=True, text=True,
                            check=True)
    return json.loads(result.stdout.strip().splitlines()[-1])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.bench_memory", description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=100, help="cases per municipality (default 100)")
    parser.add_argument("--skip-batch", action="store_true", help="leave out stage 3 (scoring every case)")
    parser.add_argument("--no-write", action="store_true", help="print only; do not update bench/RESULTS.md")
    args = parser.parse_args(argv)
    data = national_set(args.cases)
    stages = [("store", "KnowledgeGraph.load"), ("domain", "store + load_domain")]
    if not args.skip_batch:
        stages.append(("batch", "store + Domain + scoring every case (1 worker)"))
    results = {}
    for stage, label in stages:
        results[stage] = measure(stage, data)
        r = results[stage]
        print(f"{label:48s} peak RSS {r['peak_rss'] / 2**20:7.0f} MiB ({r['peak_rss'] / GIB:.2f} GiB), "
              f"{r['seconds']:.1f} s", flush=True)
    graph = results["domain"]
    met = graph["peak_rss"] < GIB
    print(f"national graph with {args.cases} cases/municipality: {graph['peak_rss'] / 2**20:.0f} MiB peak "
          f"(goal < 1 GiB: {'met' if met else 'missed'})")
    rows = "\n".join(f"| {label} | {results[s]['peak_rss'] / 2**20:,.0f} MiB | {results[s]['seconds']:.1f} s |"
                     for s, label in stages)
    body = f"""`python -m bench.bench_memory --cases {args.cases}` — {machine()}.

The synthetic national set with {args.cases} cases per municipality: {graph['quads']:,} quads,
{graph['cases']:,} household cases. Each stage in a fresh subprocess; peak RSS from `getrusage`.

| stage | peak RSS | time |
|---|---|---|
{rows}

- **National graph (store + Domain): {graph['peak_rss'] / 2**20:,.0f} MiB** — goal < 1 GiB: """ + \
        ("met." if met else f"missed by {graph['peak_rss'] / GIB:.2f}×.") + """
- With `--workers N` each forked worker shares the parent's pages copy-on-write and adds its own scoring memory
  (paths are scored one at a time and dropped; the per-worker cache of shared paths holds only their numbers).
"""
    if not args.no_write:
        write_section(SECTION, body)
    return 0 if met else 1


if __name__ == "__main__":
    sys.exit(main())
