"""SPARQL endpoint benchmark: kennisgraaf serve vs rdflib-endpoint vs the Oxigraph server, in one run.

``python -m bench.bench_endpoint [--requests 2000] [--clients 20] [--rdflib-requests 20] [--no-write]``

All three serve the same data (ontology + bundled data, no household cases; one named graph per file, union default
graph) on localhost, each in its own process, and get the same query mix with the same text (every prefix declared),
as POST forms asking for SPARQL JSON results, from ``--clients`` concurrent keep-alive clients. Reported: p50 and
p95 latency and throughput (requests / wall time). The answer of every server to every query is compared (row
counts) before timing. Needs the ``bench`` extra (rdflib-endpoint, uvicorn) and ``oxigraph`` (the ``test`` extra).
Results go to bench/RESULTS.md, section "SPARQL endpoint".
"""

from __future__ import annotations

import argparse
import datetime
import http.client
import json
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from pathlib import Path

import pyoxigraph as ox

from kennisgraaf.store import KnowledgeGraph

RESULTS = Path(__file__).resolve().parent / "RESULTS.md"
PREFIXES = """PREFIX kg: <https://w3id.org/kennisgraaf/def#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX model: <https://w3id.org/kennisgraaf/id/model/>
PREFIX svc: <https://w3id.org/kennisgraaf/id/provision/>
"""
MIX = {
    "Enschede counts": """SELECT ?kind (COUNT(DISTINCT ?entity) AS ?n) WHERE {
  VALUES ?model { model:enschede-2008 }
  ?arrangement kg:inModel ?model ; kg:provision ?provision .
  VALUES (?kind ?property) {
    ("frameworks" kg:legalBasis) ("protocols" kg:accessVia) ("methods" kg:intakeVia) ("instruments" kg:assessedWith)
    ("systems" kg:registeredIn) ("systems" kg:drawsOn) ("institutions" kg:deliveredBy) ("institutions" kg:involves) }
  OPTIONAL { ?arrangement ?property ?own }
  BIND(IF(BOUND(?own), ?arrangement, ?provision) AS ?holder)
  ?holder ?property ?entity .
} GROUP BY ?kind""",
    "deadlocks (precondition cycles)": """SELECT DISTINCT ?provision WHERE {
  ?provision (^kg:dependent/kg:prerequisite)+ ?provision . }""",
    "laws of a provision": """SELECT ?law ?label WHERE { svc:schuldhulpverlening kg:legalBasis ?law .
  OPTIONAL { ?law rdfs:label ?label FILTER(LANG(?label) = "nl") } }""",
    "labels of all provisions": """SELECT ?p ?label WHERE { ?p a kg:Provision ; rdfs:label ?label .
  FILTER(LANG(?label) = "en") } ORDER BY ?p""",
    "ASK": "ASK { model:enschede-2008 a kg:MunicipalityModel }",
}

_RDFLIB_ENDPOINT = """
import sys, uvicorn
from rdflib import Dataset
from rdflib_endpoint import SparqlEndpoint
ds = Dataset(default_union=True)
ds.parse(sys.argv[1], format="nquads")
app = SparqlEndpoint(graph=ds, cors_enabled=False)
uvicorn.run(app, host="127.0.0.1", port=int(sys.argv[2]), log_level="warning")
"""

from .machine import describe


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(port: int, process: subprocess.Popen, seconds: float = 120) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"server exited: {process.stderr.read().decode()[-2000:]}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError("server did not start")


class Server:
    def __init__(self, name: str, args: list[str], port: int, path: str):
        self.name, self.port, self.path = name, port, path
        self.process = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        wait_for(port, self.process)

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(10)
        except subprocess.TimeoutExpired:
            self.process.kill()


def request(connection: http.client.HTTPConnection, path: str, query: str) -> tuple[int, bytes]:
    body = urllib.parse.urlencode({"query": PREFIXES + query})
    connection.request("POST", path, body=body, headers={
        "Content-Type": "application/x-www-form-urlencoded", "Accept": "application/sparql-results+json"})
    response = connection.getresponse()
    return response.status, response.read()


def answer_size(body: bytes) -> int | bool:
    data = json.loads(body)
    return data["boolean"] if "boolean" in data else len(data["results"]["bindings"])


def load(server: Server, requests: int, clients: int) -> dict:
    """Send ``requests`` queries of the mix from ``clients`` threads; latencies and throughput."""
    queries = list(MIX.values())
    latencies: list[float] = []
    errors = 0
    failures: dict[str, int] = {}
    counter = iter(range(requests))
    lock = threading.Lock()

    def client() -> None:
        nonlocal errors
        connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=120)
        while True:
            with lock:
                i = next(counter, None)
            if i is None:
                break
            started = time.perf_counter()
            try:
                status, body = request(connection, server.path, queries[i % len(queries)])
            except (OSError, http.client.HTTPException) as exc:
                status, body = 0, repr(exc).encode()
                connection.close()
                connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=120)
            elapsed = time.perf_counter() - started
            with lock:
                latencies.append(elapsed)
                errors += status != 200
                if status != 200:
                    key = f"{status} {body[:80].decode(errors='replace').strip()}"
                    failures[key] = failures.get(key, 0) + 1
        connection.close()

    threads = [threading.Thread(target=client) for _ in range(clients)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    wall = time.perf_counter() - started
    latencies.sort()
    if failures:
        print(f"  {server.name} failures: {failures}", file=sys.stderr)
    return {"requests": requests, "errors": errors, "wall_s": wall, "throughput": requests / wall,
            "p50_ms": 1000 * statistics.median(latencies),
            "p95_ms": 1000 * latencies[min(len(latencies) - 1, int(0.95 * len(latencies)))]}


def median_run(runs: list[dict]) -> dict:
    """The run with the median throughput (of an odd number of runs), with every run's throughput kept."""
    ordered = sorted(runs, key=lambda r: r["throughput"])
    return {**ordered[len(ordered) // 2], "all_throughputs": [round(r["throughput"]) if r["throughput"] >= 10 else round(r["throughput"], 2)
                                         for r in runs]}


def machine() -> str:
    return describe()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.bench_endpoint", description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=2000, help="requests to kennisgraaf and Oxigraph")
    parser.add_argument("--rdflib-requests", type=int, default=20, help="requests to rdflib-endpoint (about 3 s each)")
    parser.add_argument("--clients", type=int, default=20, help="concurrent clients")
    parser.add_argument("--rounds", type=int, default=3, help="alternating runs of the two fast servers (median)")
    parser.add_argument("--no-write", action="store_true", help="print only; leave bench/RESULTS.md alone")
    args = parser.parse_args(argv)

    oxigraph = shutil.which("oxigraph") or str(Path(sys.executable).parent / "oxigraph")
    kg = KnowledgeGraph.load(include_cases=False)
    servers: list[Server] = []
    with tempfile.TemporaryDirectory() as tmp:
        dump = Path(tmp) / "data.nq"
        dump.write_bytes(ox.serialize(kg.store, format=ox.RdfFormat.N_QUADS))
        subprocess.run([oxigraph, "load", "--location", f"{tmp}/oxi", "--file", str(dump)], check=True,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            port = free_port()
            servers.append(Server("kennisgraaf serve", [sys.executable, "-c", "from kennisgraaf.cli import main; main()",
                                                        "serve", "--port", str(port)], port, "/sparql"))
            port = free_port()
            servers.append(Server("Oxigraph server", [oxigraph, "serve-read-only", "--location", f"{tmp}/oxi",
                                                      "--bind", f"127.0.0.1:{port}", "--union-default-graph"],
                                  port, "/query"))
            port = free_port()
            servers.append(Server("rdflib-endpoint", [sys.executable, "-c", _RDFLIB_ENDPOINT, str(dump), str(port)],
                                  port, "/"))
            time.sleep(2)  # let kennisgraaf's workers finish loading behind the bound socket
            answers = {}
            for server in servers:
                connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=300)
                sizes = []
                for query in MIX.values():
                    status, body = request(connection, server.path, query)
                    sizes.append(answer_size(body) if status == 200 else f"HTTP {status}")
                answers[server.name] = sizes
                connection.close()
            same = len({json.dumps(a) for a in answers.values()}) == 1
            runs: dict[str, list[dict]] = {server.name: [] for server in servers}
            for server in servers:
                load(server, 5 if server.name == "rdflib-endpoint" else 50, args.clients)  # warm-up
            for round_ in range(args.rounds):  # the fast servers alternate, so drift hits both alike
                for server in servers:
                    if server.name == "rdflib-endpoint" and round_ > 0:
                        continue
                    n = args.rdflib_requests if server.name == "rdflib-endpoint" else args.requests
                    runs[server.name].append(load(server, n, args.clients))
                    print(server.name, json.dumps({k: round(v, 2) for k, v in runs[server.name][-1].items()}),
                          flush=True)
            results = {name: median_run(r) for name, r in runs.items()}
        finally:
            for server in servers:
                server.stop()

    ours, oxi, rdf = (results[s] for s in ("kennisgraaf serve", "Oxigraph server", "rdflib-endpoint"))
    vs_rdflib, vs_oxi = ours["throughput"] / rdf["throughput"], ours["throughput"] / oxi["throughput"]
    print(f"kennisgraaf / rdflib-endpoint throughput: {vs_rdflib:.1f}x (goal >= 30x); "
          f"kennisgraaf / Oxigraph server: {vs_oxi:.2f}x (goal >= 0.5x); same answers: {same}")
    if not args.no_write:
        write_results(results, answers, same, vs_rdflib, vs_oxi, args, len(kg))
    return 0


def write_results(results, answers, same, vs_rdflib, vs_oxi, args, triples) -> None:
    today = datetime.date.today().isoformat()
    rows = "\n".join(f"| {name} | {r['requests']} | {r['errors']} | {r['p50_ms']:.1f} | {r['p95_ms']:.1f} | "
                     f"{r['throughput']:.{0 if r['throughput'] >= 10 else 2}f} | {', '.join(map(str, r['all_throughputs']))} |" for name, r in results.items())
    section = f"""## SPARQL endpoint

`python -m bench.bench_endpoint --requests {args.requests} --rdflib-requests {args.rdflib_requests} --clients {args.clients} --rounds {args.rounds}` — {today}, {machine()}.

Same data for all three ({triples} triples: ontology + bundled data without household cases, one named graph per
file, union default graph), each server in its own process on localhost, default settings (kennisgraaf: one worker
process per CPU, 10 s timeout, 10 000-row cap; Oxigraph: `serve-read-only --union-default-graph`; rdflib-endpoint:
an rdflib `Dataset(default_union=True)` under uvicorn). {args.clients} concurrent keep-alive clients (Python threads,
on the same machine) send the mix below round-robin as POST forms asking for SPARQL JSON, after a warm-up (50\nrequests; 5 for rdflib-endpoint).
kennisgraaf and Oxigraph run {args.rounds} alternating rounds (the table shows the median-throughput run);
rdflib-endpoint, at about 3 s a query, one. Mix: {", ".join(MIX)}. Every server gave the same answer sizes: {same} ({answers["kennisgraaf serve"]}).

| server | requests per run | errors | p50 ms | p95 ms | requests/s (median run) | requests/s, every run |
|---|---|---|---|---|---|---|
{rows}

kennisgraaf's throughput is **{vs_rdflib:.0f}×** rdflib-endpoint's (goal ≥ 30×) and **{vs_oxi:.2f}×** the Oxigraph
server's (goal ≥ 0.5×). Both fast servers are near what 20 Python client threads sharing the 2 CPUs can send,
so the Oxigraph figure is a floor of its capacity, not its ceiling; the comparison is fair (same client, alternating
rounds) but says "as fast as this client can measure", not "as fast as Oxigraph". The query mix repeats, so kennisgraaf's cached safety check (rdflib's SPARQL grammar, 5–25 ms
per new query text) is paid once per text and worker; a query text never seen before costs that much extra.
rdflib-endpoint evaluates the 20 concurrent queries in a thread pool under one GIL, so they all finish at about the
same time: its p50 is close to the whole run.
"""
    text = RESULTS.read_text(encoding="utf-8") if RESULTS.exists() else "# Benchmark results\n"
    start = text.find("## SPARQL endpoint")
    if start >= 0:
        end = text.find("\n## ", start + 1)
        text = text[:start] + section + ("\n" + text[end + 1:] if end >= 0 else "")
    else:
        text = text.rstrip("\n") + "\n\n" + section
    RESULTS.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    sys.exit(main())
