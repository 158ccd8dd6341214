"""Load benchmark: the synthetic national set into our store vs plain rdflib vs raw pyoxigraph.

``python -m bench.bench_load [--cases 10] [--repeats 3] [--rdflib-repeats 1] [--no-write]``

All contenders load the same files (the ontology folder and the data folder, one named graph per file):

* **kennisgraaf** — ``KnowledgeGraph.load(data)`` (read, UTF-8 and nesting checks, then one ``Store.load`` transaction
  per file, so a malformed file leaves the store unchanged and the error names file, line and column);
* **raw pyoxigraph** — ``Store.load(path=…, to_graph=…)`` per file and ``Store.bulk_load`` per file; the faster
  of the two is the reference;
* **plain rdflib** — an in-memory ``rdflib.Dataset``, ``parse`` per file into its named graph.

Best of ``--repeats`` runs each. Results: bench/RESULTS.md,
section "Load".
"""

from __future__ import annotations

import argparse
import gc
import sys
import time
from pathlib import Path

import pyoxigraph as ox
from rdflib import Dataset, URIRef

from kennisgraaf.store import KnowledgeGraph, default_ontology_dir, graph_iri

from .generate import machine, national_set, write_section

SECTION = "Load"


def _files(data: Path) -> list[tuple[Path, str]]:
    ontology = default_ontology_dir()
    out = [(p, graph_iri(p, ontology, "ontology/")) for p in sorted(ontology.rglob("*.ttl"))]
    return out + [(p, graph_iri(p, data)) for p in sorted(data.rglob("*.ttl"))]


def load_ours(data: Path) -> int:
    return len(KnowledgeGraph.load(data))


def load_oxigraph(files: list[tuple[Path, str]]) -> int:
    store = ox.Store()
    for path, graph in files:
        store.load(path=str(path), format=ox.RdfFormat.TURTLE, base_iri=path.resolve().as_uri(),
                   to_graph=ox.NamedNode(graph))
    return len(store)


def load_oxigraph_bulk(files: list[tuple[Path, str]]) -> int:
    store = ox.Store()
    for path, graph in files:
        store.bulk_load(path=str(path), format=ox.RdfFormat.TURTLE, base_iri=path.resolve().as_uri(),
                        to_graph=ox.NamedNode(graph))
    return len(store)


def load_rdflib(files: list[tuple[Path, str]]) -> int:
    dataset = Dataset()
    for path, graph in files:
        dataset.graph(URIRef(graph)).parse(str(path), format="turtle")
    return sum(1 for _ in dataset.quads((None, None, None, None)))


def _best(fn, arg, repeats: int) -> tuple[float, int]:
    times, size = [], 0
    for _ in range(repeats):
        gc.collect()
        started = time.perf_counter()
        size = fn(arg)
        times.append(time.perf_counter() - started)
    return min(times), size


def run(cases: int, repeats: int, rdflib_repeats: int) -> dict:
    data = national_set(cases)
    files = _files(data)
    results = {}
    for name, fn, arg, n in (("kennisgraaf", load_ours, data, repeats), ("oxigraph load", load_oxigraph, files, repeats),
                             ("oxigraph bulk_load", load_oxigraph_bulk, files, repeats),
                             ("rdflib", load_rdflib, files, rdflib_repeats)):
        seconds, size = _best(fn, arg, n)
        results[name] = {"seconds": seconds, "quads": size}
        print(f"{name:20s} {seconds:7.2f} s  {size:,} quads", flush=True)
    return {"data": data, "files": len(files), "results": results}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.bench_load", description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=10, help="cases per municipality (default 10)")
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--rdflib-repeats", type=int, default=1)
    parser.add_argument("--no-write", action="store_true", help="print only; do not update bench/RESULTS.md")
    args = parser.parse_args(argv)
    out = run(args.cases, args.repeats, args.rdflib_repeats)
    r = {k: v["seconds"] for k, v in out["results"].items()}
    raw_name = min(("oxigraph load", "oxigraph bulk_load"), key=r.get)
    ours_vs_raw = r["kennisgraaf"] / r[raw_name]
    rdflib_vs_ours = r["rdflib"] / r["kennisgraaf"]
    print(f"kennisgraaf / raw pyoxigraph ({raw_name}) = {ours_vs_raw:.2f}× (goal ≤ 1.5×)")
    print(f"rdflib / kennisgraaf = {rdflib_vs_ours:.1f}× (goal ≥ 7×)")
    quads = out["results"]["kennisgraaf"]["quads"]
    ok_raw, ok_rdflib = ours_vs_raw <= 1.5, rdflib_vs_ours >= 7
    rows = "\n".join(f"| {name} | {v['seconds']:.2f} s | {v['quads']:,} |" for name, v in out["results"].items())
    verdict = []
    verdict.append(f"- **kennisgraaf vs raw pyoxigraph: {ours_vs_raw:.2f}×** (goal ≤ 1.5×: "
                   + ("met" if ok_raw else f"missed by {ours_vs_raw / 1.5:.2f}×") + ").")
    verdict.append(f"- **rdflib vs kennisgraaf: {rdflib_vs_ours:.1f}× slower** (goal ≥ 7×: "
                   + ("met" if ok_rdflib else f"missed, {rdflib_vs_ours:.1f} < 7") + ").")
    if not ok_raw:
        verdict.append("- Why: on top of `Store.load`, kennisgraaf reads each file itself to check UTF-8 and the "
                       "nesting depth (which protects the parser from crashing the process); see the timing above.")
    body = f"""`python -m bench.bench_load --cases {args.cases} --repeats {args.repeats}` — {machine()}.

The synthetic national set (`python -m bench.generate`, {args.cases} cases per municipality, seed 2014) with the
ontology: {out['files']} Turtle files, {quads:,} quads, each file its own named graph. Best of {args.repeats} runs
(rdflib: {args.rdflib_repeats}), all in one process, measured in the same run.

| loader | time | quads |
|---|---|---|
{rows}

{chr(10).join(verdict)}
"""
    if not args.no_write:
        write_section(SECTION, body)
    return 0


if __name__ == "__main__":
    sys.exit(main())
