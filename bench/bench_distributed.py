"""The Dask engine against the local engine on a synthetic household population, in the same run.

``python -m bench.bench_distributed [--households 200000] [--full] [--workers 2] [--no-write]``

A synthetic population of ``--households`` household cases (``--full``: 1,000,000), drawn by
:mod:`kennisgraaf.population` over the municipality models of the synthetic national set, is scored by
``run_batch`` twice: with the local engine (a process pool of ``--workers``) and with the Dask engine on a
``LocalCluster`` of ``--workers`` worker processes. Reported: cases per CPU-second of each engine (CPU time of the
whole process tree, workers included, beside wall time), their ratio (the Dask engine's overhead), the peak memory
of each Dask worker, the generator's throughput, and whether both engines wrote the same ``scores.csv`` bytes.
Results: bench/RESULTS.md, section "Dask engine".
"""

from __future__ import annotations

import argparse
import filecmp
import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path

from kennisgraaf.batch import run_batch
from kennisgraaf.model import load_domain
from kennisgraaf.population import generate_population
from kennisgraaf.store import KnowledgeGraph

from .generate import CACHE, machine, national_set, write_section

SECTION = "Dask engine"


def _cpu() -> float:
    me, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime + children.ru_utime + children.ru_stime


def _timed(fn):
    cpu, wall = _cpu(), time.perf_counter()
    value = fn()
    return value, time.perf_counter() - wall, _cpu() - cpu


def population(households: int, models: list[str]) -> tuple[Path, dict]:
    out = CACHE / f"population-{households}"
    done = out / ".complete"
    facts = {}
    if not done.exists():
        shutil.rmtree(out, ignore_errors=True)
        start = time.process_time()
        summary = generate_population(out, households, models=models)
        cpu = time.process_time() - start
        facts = {"generated": summary.cases, "drawn": summary.households_drawn, "cpu": cpu}
        done.write_text(f"{cpu}\n", encoding="utf-8")
    else:
        facts = {"generated": households, "cpu": float(done.read_text().split()[0])}
    return out, facts


def _with_population(data: Path, cases: Path) -> KnowledgeGraph:
    """The national set without its own cases, plus the population's cases (which ``include_cases=False`` drops)."""
    kg = KnowledgeGraph.load(data, include_cases=False)
    kg.load_folder(cases, namespace=f"extra/{cases.name}/", include_cases=True)
    return kg


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.bench_distributed", description=__doc__.splitlines()[0])
    parser.add_argument("--households", type=int, default=200_000)
    parser.add_argument("--full", action="store_true", help="1,000,000 households")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--no-write", action="store_true")
    args = parser.parse_args(argv)
    households = 1_000_000 if args.full else args.households

    data = national_set(1)
    models = sorted(load_domain(KnowledgeGraph.load(data, include_cases=False)).models)
    cases_dir, generator = population(households, models)
    (domain, load_s, _) = _timed(lambda: load_domain(_with_population(data, cases_dir / "cases")))
    import distributed

    with tempfile.TemporaryDirectory(prefix="kennisgraaf-bench-") as tmp:
        local, local_wall, local_cpu = _timed(lambda: run_batch(Path(tmp) / "local", domain=domain,
                                                                workers=args.workers))
        cluster_cpu, cluster_wall = _cpu(), time.perf_counter()
        with distributed.LocalCluster(n_workers=args.workers, threads_per_worker=1, processes=True,
                                      dashboard_address=None, silence_logs=40) as cluster:
            with distributed.Client(cluster) as client:
                remote, dask_wall, _ = _timed(lambda: run_batch(Path(tmp) / "dask", domain=domain,
                                                                workers=args.workers, engine="dask",
                                                                scheduler=cluster.scheduler_address))
                peaks = client.run(lambda: resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
        dask_cpu = _cpu() - cluster_cpu  # the workers' CPU counts once the cluster has shut down and been reaped
        dask_total_wall = time.perf_counter() - cluster_wall
        same = filecmp.cmp(local.scores, remote.scores, shallow=False)

    rows = [("local engine (process pool)", local.cases, local_wall, local_cpu),
            ("Dask engine (LocalCluster)", remote.cases, dask_wall, dask_cpu)]
    per_cpu = [cases / cpu for _, cases, _, cpu in rows]
    ratio = per_cpu[1] / per_cpu[0]
    peak_mib = max(peaks.values()) / 1024
    table = "\n".join(f"| {name} | {cases:,} | {wall:.1f} | {cpu:.1f} | {cases / cpu:,.0f} |"
                      for name, cases, wall, cpu in rows)
    body = f"""Measured {machine()}.

{households:,} synthetic household cases (kennisgraaf.population, CBS-based shares) over the {len(models)}
municipality models of the synthetic national set, every case in both scenarios and both perspectives, on
{args.workers} workers each. CPU time is the whole process tree's (workers included); the Dask figure includes
starting and stopping the LocalCluster (wall {dask_total_wall:.1f} s in all).

| engine | cases | wall s | CPU s | cases per CPU-second |
|---|---|---|---|---|
{table}

- Dask engine / local engine, cases per CPU-second: **{ratio:.2f}** (goal ≥ 0.8: the engine's overhead)
- peak memory per Dask worker: {peak_mib:,.0f} MiB (max over {len(peaks)} workers)
- loading the graph with the population: {load_s:.1f} s wall
- generator: {generator['generated'] / max(generator['cpu'], 1e-9):,.0f} household cases per CPU-second
- scores.csv identical between the engines: **{'yes' if same else 'NO'}** ({local.rows:,} rows)
"""
    print(body)
    if not args.no_write:
        write_section(SECTION, body)
    return 0 if same else 1


if __name__ == "__main__":
    sys.exit(main())
