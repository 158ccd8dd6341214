"""`kennisgraaf push` to a real Oxigraph server (PyPI `oxigraph`, `oxigraph serve`) started on localhost."""

from __future__ import annotations

import json
import shutil
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

from kennisgraaf.store import KnowledgeGraph

pytestmark = pytest.mark.server

OXIGRAPH = shutil.which("oxigraph") or str(Path(sys.executable).parent / "oxigraph")
PER_GRAPH = "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def oxigraph(tmp_path):
    """A fresh Oxigraph server; yields its base URL."""
    port = free_port()
    process = subprocess.Popen([OXIGRAPH, "serve", "--location", str(tmp_path / "store"),
                                "--bind", f"127.0.0.1:{port}"], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 20
    while True:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                break
        except OSError:
            assert process.poll() is None and time.monotonic() < deadline, process.stderr.read()
            time.sleep(0.1)
    yield base
    process.terminate()
    process.wait(10)


def store_counts(base: str, query: str = PER_GRAPH) -> dict[str, int]:
    request = urllib.request.Request(f"{base}/query?" + urllib.parse.urlencode({"query": query}),
                                     headers={"Accept": "application/sparql-results+json"})
    with urllib.request.urlopen(request, timeout=10) as response:
        rows = json.loads(response.read())["results"]["bindings"]
    return {row["g"]["value"] if "g" in row else "": int(row["n"]["value"]) for row in rows}


def local_counts(kg: KnowledgeGraph) -> dict[str, int]:
    return {row["g"]: row["n"] for row in kg.select(PER_GRAPH)}


def test_push_one_graph_per_file(run, oxigraph):
    result = run("push", "--endpoint", f"{oxigraph}/store")
    assert result.exit_code == 0, result.stderr
    local = local_counts(KnowledgeGraph.load(include_cases=False))
    assert store_counts(oxigraph) == local
    assert any("/graph/ontology/" in g for g in local) and any("/graph/national/" in g for g in local)
    assert not any("/cases/" in g for g in local)
    assert f"{len(local)} graph(s)" in result.stderr
    # pushing again replaces the graphs: the counts stay the same
    assert run("push", "--endpoint", f"{oxigraph}/store").exit_code == 0
    assert store_counts(oxigraph) == local


def test_push_with_cases(run, oxigraph):
    assert run("push", "--endpoint", f"{oxigraph}/store", "--include-cases").exit_code == 0
    local = local_counts(KnowledgeGraph.load(include_cases=True))
    assert any("/cases/" in g for g in local)
    assert store_counts(oxigraph) == local


def test_push_into_one_graph(run, oxigraph):
    graph = "https://example.org/region/twente"
    assert run("push", "--endpoint", f"{oxigraph}/store", "--graph", graph).exit_code == 0
    kg = KnowledgeGraph.load(include_cases=False)
    distinct = kg.select("SELECT (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } } }")
    assert store_counts(oxigraph) == {graph: distinct[0]["n"]}


def test_unreachable_store_is_exit_3(run):
    result = run("push", "--endpoint", f"http://127.0.0.1:{free_port()}/store")
    assert result.exit_code == 3
    assert "cannot reach the store" in result.stderr and "Traceback" not in result.stderr


def test_refusing_store_is_exit_3(run, oxigraph):
    result = run("push", "--endpoint", f"{oxigraph}/query")  # the query endpoint, not the Graph Store
    assert result.exit_code == 3
    assert "the store refused graph" in result.stderr and "HTTP 4" in result.stderr


@pytest.mark.parametrize("endpoint", ["file:///etc/passwd", "ftp://example.org/store", "localhost:7878/store"])
def test_only_http_urls(run, endpoint):
    result = run("push", "--endpoint", endpoint)
    assert result.exit_code == 3
    assert "not an http(s) URL" in result.stderr
