"""Denial of service: heavy clients, slow connections and deep nesting do not take the endpoint from a light client.

Real servers on localhost. Clients are told apart by their loopback source address (127.0.0.0/8 is all loopback on
Linux), as the server tells clients apart by IP address. The siege (kennisgraaf/server/siege.py) is bounded in
count and time; the thresholds leave room for a busy 2-core machine.
"""

from __future__ import annotations

import http.client
import socket
import subprocess
import sys
import threading
import time
import urllib.parse

import pytest

from kennisgraaf.server import create_server
from kennisgraaf.server.connections import ConnectionLimits
from kennisgraaf.server.pool import Limits
from kennisgraaf.server.siege import HEAVY_QUERY, LIGHT_QUERY, siege

pytestmark = pytest.mark.server


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def served():
    """Start an in-process server with the given limits; stopped after the test."""
    servers = []

    def start(**kwargs):
        srv = create_server(port=0, timeout_s=kwargs.pop("timeout_s", 3.0), workers=kwargs.pop("workers", 1), **kwargs)
        threading.Thread(target=srv.serve_forever, daemon=True).start()
        servers.append(srv)
        return srv

    yield start
    for srv in servers:
        srv.shutdown()
        srv.server_close()


def ask(url: str, query: str, source: str, timeout: float = 20):
    parts = urllib.parse.urlsplit(url)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=timeout, source_address=(source, 0))
    try:
        connection.request("GET", parts.path + "?" + urllib.parse.urlencode({"query": query}),
                           headers={"Accept": "application/sparql-results+json"})
        response = connection.getresponse()
        return response.status, response.headers, response.read()
    finally:
        connection.close()


@pytest.mark.timeout(120)
def test_light_client_answers_within_2_s_under_20_heavy_clients_and_200_slow_connections():
    port = free_port()
    process = subprocess.Popen([sys.executable, "-c", "from kennisgraaf.cli import main; main()", "serve",
                                "--port", str(port), "--timeout", "3", "--workers", "2"],
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        while True:  # the start line comes once every worker has loaded the data
            line = process.stderr.readline().decode()
            assert line, "the server stopped before it served"
            if "SPARQL endpoint at" in line:
                break
        out = siege(f"http://127.0.0.1:{port}/sparql", heavy=20, slow=200, seconds=12, warmup_s=3)
    finally:
        process.terminate()
        process.wait(15)
    summary = out.summary()
    assert len(out.latencies) >= 30, summary  # the light client did try, every 0.1 s
    assert out.slow_opened >= 200, summary  # the slow connections were really there …
    assert sum(out.heavy_statuses.values()) >= 20, summary  # … and so were the heavy queries
    assert out.within(2.0) >= 0.95, summary


def test_a_client_past_its_own_share_gets_503_and_another_client_does_not(served):
    srv = served(timeout_s=3.0, limits=Limits(per_client=2))
    results: list = []
    threads = [threading.Thread(target=lambda i=i: results.append(ask(srv.url, f"{HEAVY_QUERY} # {i}", "127.0.5.1")))
               for i in range(4)]
    for thread in threads:
        thread.start()
    time.sleep(0.5)  # the heavy client's four requests are in: two admitted, two refused
    status, _, body = ask(srv.url, LIGHT_QUERY, "127.0.5.2")
    assert status == 200 and b"true" in body
    for thread in threads:
        thread.join(20)
    refused = [r for r in results if r[0] == 503 and b"this client already has 2 queries" in r[2]]
    assert len(refused) == 2
    assert all(r[1]["Retry-After"] == "5" for r in refused)


def test_slow_connections_use_up_only_their_own_client_share(served):
    srv = served(connections=ConnectionLimits(per_client=8, header_timeout_s=1.5))
    port = srv.server_address[1]
    slow = []
    for _ in range(12):
        sock = socket.create_connection(("127.0.0.1", port), timeout=5, source_address=("127.0.6.1", 0))
        sock.sendall(b"GET /sparql HTTP/1.1\r\nHost: x\r\n")  # a head that never ends
        slow.append(sock)
    time.sleep(0.3)
    closed_at_once = sum(1 for sock in slow if _closed(sock, 0.01))
    assert closed_at_once == 4  # over the 8 connections of that client
    assert ask(srv.url, LIGHT_QUERY, "127.0.6.2")[0] == 200  # another client is not affected
    time.sleep(1.6)
    assert all(_closed(sock, 1.0) for sock in slow)  # the head deadline closed the other 8
    for sock in slow:
        sock.close()


def _closed(sock: socket.socket, wait: float) -> bool:
    sock.settimeout(wait)
    try:
        return sock.recv(1024) == b""
    except TimeoutError:
        return False
    except OSError:
        return True


def test_a_body_that_does_not_arrive_gets_408(served):
    srv = served(connections=ConnectionLimits(body_timeout_s=1.0))
    sock = socket.create_connection(srv.server_address, timeout=5)
    sock.sendall(b"POST /sparql HTTP/1.1\r\nHost: x\r\nContent-Type: application/sparql-query\r\n"
                 b"Content-Length: 100\r\n\r\nASK {")
    started = time.monotonic()
    answer = sock.recv(4096)
    sock.close()
    assert answer.startswith(b"HTTP/1.1 408")
    assert 0.9 < time.monotonic() - started < 4


@pytest.mark.parametrize("text", [
    "ASK { " + "{ " * 5000 + "}" * 5000 + " }",  # 15 KB: overflows the engine's recursion on an 8 MiB stack
    "ASK { FILTER(" + "(" * 6000 + "1" + ")" * 6000 + ") }",
    "ASK { ?s ?p \"x\" . " + "{" * 3000 + " # " + "}" * 3000 + "\n }",  # the closing ones are in a comment
])
def test_deep_nesting_is_400_and_the_worker_lives(served, text):
    srv = served()
    pid = srv.pool.info["pid"]
    status, _, body = ask(srv.url, text, "127.0.7.1")
    assert status == 400 and b"deeper than 128 levels" in body
    assert ask(srv.url, LIGHT_QUERY, "127.0.7.1")[0] == 200
    assert pid in {slot.worker.process.pid for slot in srv.pool._slots}  # no worker was lost


def test_the_query_thread_holds_nesting_the_check_would_refuse():
    # The lexical check is one line of defence; the deep stack of the workers' query thread is the other: nesting
    # that overflows the default 8 MiB stack at 5,000 levels parses there at 20,000 (a fresh process: no fork).
    result = subprocess.run([sys.executable, "-c", _PARSE_IN_QUERY_THREAD, "20000"], capture_output=True, text=True,
                            timeout=60)
    assert result.returncode == 0 and result.stdout.strip() == "True", result.stderr


_PARSE_IN_QUERY_THREAD = """
import sys, threading
import pyoxigraph as ox
from kennisgraaf.server.workers import QUERY_STACK
n = int(sys.argv[1])
out = []
threading.stack_size(QUERY_STACK)
thread = threading.Thread(target=lambda: out.append(bool(ox.Store().query("ASK { " + "{ " * n + "}" * n + " }"))))
thread.start(); thread.join()
print(out[0])
"""
