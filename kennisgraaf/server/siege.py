"""A small, bounded denial-of-service load on a running endpoint, and how a light client fares under it.

Used by the endpoint's test (tests/test_endpoint_dos.py) and its benchmark (bench/bench_endpoint_dos.py), so that
both measure the same thing: ``heavy`` clients each loop a query that runs until the timeout, ``slow`` connections
each send one header line every ``trickle_s`` seconds and never finish their request (reopened when the server
closes them), and one light client sends a simple query every ``interval_s`` seconds. Each kind of client comes from
its own loopback addresses (Linux routes all of 127.0.0.0/8 to the loopback interface), so the server sees them as
different clients. The light client is an established one: it sends a few queries before the attack starts (a
client the server has never seen waits behind the attackers' first probes of the light lane, about 0.1 s of CPU
each; see docs/sparql-endpoint.md). Its tries count from ``warmup_s`` after the attack started, for ``seconds``.
"""

from __future__ import annotations

import http.client
import itertools
import selectors
import socket
import statistics
import threading
import time
import urllib.parse
from dataclasses import dataclass, field

HEAVY_QUERY = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i } ORDER BY ?a"
LIGHT_QUERY = "ASK { ?s a kg:MunicipalityModel }"


@dataclass
class Outcome:
    """What the light client saw (latency per try, None when it got no 200) and what the attackers got."""

    latencies: list[float | None] = field(default_factory=list)
    light_statuses: dict[int, int] = field(default_factory=dict)
    heavy_statuses: dict[int, int] = field(default_factory=dict)
    light_failures: list[str] = field(default_factory=list)
    slow_opened: int = 0
    slow_closed_by_server: int = 0

    def within(self, seconds: float) -> float:
        """The share of tries answered 200 within ``seconds``."""
        return sum(1 for t in self.latencies if t is not None and t <= seconds) / max(len(self.latencies), 1)

    def summary(self, seconds: float = 2.0) -> dict:
        answered = sorted(t for t in self.latencies if t is not None)
        return {"tries": len(self.latencies), f"within_{seconds:g}s": round(self.within(seconds), 3),
                "p50_ms": round(1000 * statistics.median(answered), 1) if answered else None,
                "p95_ms": round(1000 * answered[int(0.95 * (len(answered) - 1))], 1) if answered else None,
                "max_ms": round(1000 * answered[-1], 1) if answered else None,
                "light_statuses": self.light_statuses, "heavy_statuses": self.heavy_statuses,
                "light_failures": self.light_failures[:5], "slow_opened": self.slow_opened, "slow_closed_by_server": self.slow_closed_by_server}


def _count(counts: dict[int, int], status: int, lock: threading.Lock) -> None:
    with lock:
        counts[status] = counts.get(status, 0) + 1


def _ask(connection: http.client.HTTPConnection, path: str, query: str) -> tuple[int, bytes]:
    connection.request("GET", path + "?" + urllib.parse.urlencode({"query": query}),
                       headers={"Accept": "application/sparql-results+json"})
    response = connection.getresponse()
    return response.status, response.read()


def _heavy(host: str, port: int, path: str, source: str, stop: threading.Event, out: Outcome, lock) -> None:
    for n in itertools.count():
        if stop.is_set():
            return
        connection = http.client.HTTPConnection(host, port, timeout=30, source_address=(source, 0))
        try:
            status = _ask(connection, path, f"{HEAVY_QUERY} # {source} {n}")[0]  # a new text every time
        except (OSError, http.client.HTTPException):
            status = 0
        finally:
            connection.close()
        _count(out.heavy_statuses, status, lock)
        if status == 503:
            stop.wait(0.05)


def _slow(host: str, port: int, sources: list[str], count: int, trickle_s: float, stop: threading.Event,
          out: Outcome) -> None:
    """``count`` connections that each send a header line every ``trickle_s`` and never end their request."""
    selector = selectors.DefaultSelector()

    def open_one(i: int) -> None:
        try:
            sock = socket.create_connection((host, port), timeout=2, source_address=(sources[i % len(sources)], 0))
            sock.sendall(b"GET /sparql?query=ASK%7B%7D HTTP/1.1\r\nHost: x\r\n")
        except OSError:
            return
        sock.setblocking(False)
        selector.register(sock, selectors.EVENT_READ, i)
        out.slow_opened += 1

    for i in range(count):
        open_one(i)
    next_line = time.monotonic() + trickle_s
    while not stop.is_set():
        for key, _ in selector.select(timeout=0.2):
            try:
                data = key.fileobj.recv(4096)
            except OSError:
                data = b""
            if not data:  # closed by the server: open another in its place
                selector.unregister(key.fileobj)
                key.fileobj.close()
                out.slow_closed_by_server += 1
                open_one(key.data)
        if time.monotonic() >= next_line:
            next_line += trickle_s
            for key in list(selector.get_map().values()):
                try:
                    key.fileobj.send(b"X-Slow: 1\r\n")
                except OSError:
                    pass
    for key in list(selector.get_map().values()):
        key.fileobj.close()
    selector.close()


def siege(url: str, *, heavy: int = 20, slow: int = 200, seconds: float = 15.0, warmup_s: float = 3.0,
          interval_s: float = 0.1, trickle_s: float = 3.0, deadline_s: float = 2.0,
          light_query: str = LIGHT_QUERY) -> Outcome:
    """Run the load against ``url`` for ``warmup_s + seconds``; the light client's tries after the warm-up count."""
    parts = urllib.parse.urlsplit(url)
    host, port, path = parts.hostname, parts.port, parts.path
    out, lock, stop = Outcome(), threading.Lock(), threading.Event()
    threads = [threading.Thread(target=_heavy, args=(host, port, path, f"127.0.2.{10 + i}", stop, out, lock),
                                daemon=True) for i in range(heavy)]
    threads.append(threading.Thread(target=_slow, daemon=True, args=(
        host, port, [f"127.0.3.{10 + i}" for i in range(max(1, slow // 20))], slow, trickle_s, stop, out)))
    started = time.monotonic() + 1.0  # the attack starts after a second of the light client alone
    threading.Timer(1.0, lambda: [thread.start() for thread in threads]).start()
    try:
        while time.monotonic() < started + warmup_s + seconds:
            counted = time.monotonic() >= started + warmup_s
            begin = time.monotonic()
            connection = http.client.HTTPConnection(host, port, timeout=deadline_s + 8,
                                                    source_address=("127.0.4.10", 0))
            try:
                status, body = _ask(connection, path, light_query)
            except (OSError, http.client.HTTPException) as exc:
                status, body = 0, repr(exc).encode()
            finally:
                connection.close()
            elapsed = time.monotonic() - begin
            if counted:
                out.latencies.append(elapsed if status == 200 else None)
                _count(out.light_statuses, status, lock)
                if status != 200 or elapsed > deadline_s:
                    out.light_failures.append(f"{status} after {elapsed:.2f} s: {body[:80].decode(errors='replace')}")
            time.sleep(max(0.0, interval_s - elapsed))
    finally:
        stop.set()
        for thread in threads:
            if thread.ident is not None:
                thread.join(35)
    return out
