"""Queries run in a small pool of worker processes, so that a query past its deadline can really be stopped.

Neither pyoxigraph (``Store.query`` takes no timeout or cancellation token) nor rdflib can interrupt a query running
in a thread, and a Python thread cannot be killed. So every worker is a process that loads the same store the CLI
uses (:meth:`KnowledgeGraph.load`) and answers one query at a time over a pipe. When a query is not answered by its
deadline, its worker is killed (SIGKILL) and a fresh one is started in the background; requests keep being answered
by the other workers meanwhile.

A worker checks each query with :func:`kennisgraaf.query.check_query` (updates, ``SERVICE`` and remote ``FROM``
refused) and runs it exactly as :func:`kennisgraaf.query.run_query` does (kennisgraaf prefixes, union default
graph); the checked text's verdict is cached, since parsing with rdflib's grammar costs 5–25 ms. A worker also
installs an audit hook that refuses ``socket.connect`` from Python code, and ignores Ctrl-C (the server stops it).
"""

from __future__ import annotations

import functools
import logging
import multiprocessing
import os
import queue
import signal
import sys
import threading
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import DataError, KennisgraafError, UnsafeQueryError
from .. import sandbox
from ..query import check_query, evaluate
from ..store import KnowledgeGraph
from . import formats

log = logging.getLogger("kennisgraaf.server")


@dataclass(frozen=True)
class WorkerConfig:
    """What every worker needs to load the store and answer queries."""

    data_dir: Path | None = None
    ontology_dir: Path | None = None
    include_cases: bool = False
    max_rows: int = 10_000
    memory_mb: int | None = 4096
    extra_paths: tuple[Path, ...] = ()


@dataclass(frozen=True)
class Job:
    """One query, with the media types negotiated for a solutions result and for a graph result."""

    query: str
    results_type: str | None
    graph_type: str | None
    #: the protocol's default-graph-uri and named-graph-uri (empty: the union of all graphs)
    default_graphs: tuple[str, ...] = ()
    named_graphs: tuple[str, ...] = ()


@dataclass
class Reply:
    """What goes back to the client: status, media type, body, and whether rows were cut off."""

    status: int
    content_type: str
    body: bytes
    truncated: bool = False
    headers: dict[str, str] = field(default_factory=dict)

    @classmethod
    def error(cls, status: int, message: str, **headers: str) -> "Reply":
        request_id = uuid.uuid4().hex[:12]
        return cls(status, "text/plain; charset=utf-8", f"{message}\n(request id {request_id})\n".encode(), False,
                   {"X-Request-Id": request_id, **headers})


# -- inside a worker process -------------------------------------------------------------------------------------

def block_network() -> bool:
    """Refuse every ``socket.connect`` from Python code in this process; returns whether the refusal works.

    (Rust code inside pyoxigraph does not pass audit hooks: :mod:`kennisgraaf.sandbox` is what keeps it
    off the network. The tests also watch a listening socket, which sees connections from either.)
    """
    def hook(event: str, args: tuple) -> None:
        if event in ("socket.connect", "socket.getaddrinfo", "urllib.Request"):
            raise PermissionError("network access is disabled in a kennisgraaf query worker")

    sys.addaudithook(hook)
    import socket
    probe = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    try:
        probe.connect(("127.0.0.1", 9))
    except PermissionError:
        return True
    except OSError:
        return False
    finally:
        probe.close()
    return False


_cached_check = functools.lru_cache(maxsize=1024)(check_query)


def _check(text: str) -> str:
    """``check_query``, remembered for texts up to 8 KiB (so the cache stays under ~8 MiB per worker)."""
    return _cached_check(text) if len(text) <= 8192 else check_query(text)


def execute(kg: KnowledgeGraph, job: Job, max_rows: int) -> Reply:
    """Check and run one query the way :func:`kennisgraaf.query.run_query` does; serialize it as negotiated."""
    try:
        kind = _check(job.query)
    except UnsafeQueryError as exc:
        return Reply.error(403, str(exc))
    except DataError as exc:
        return Reply.error(400, str(exc))
    media = job.results_type if kind in ("select", "ask") else job.graph_type
    if media is None:
        offered = formats.RESULT_TYPES if kind in ("select", "ask") else formats.GRAPH_TYPES
        return Reply.error(406, f"no acceptable format for a {kind.upper()} result; offered: {', '.join(offered)}")
    try:
        result = evaluate(kg, job.query, job.default_graphs, job.named_graphs)
        body, truncated = formats.serialize(result, kind, media, max_rows)
    except UnsafeQueryError as exc:
        return Reply.error(403, str(exc))
    except SyntaxError:
        return Reply.error(400, "the query engine could not parse the query")
    except Exception:  # noqa: BLE001 - logged here, never sent to the client
        reply = Reply.error(500, "the query failed inside the server")
        log.exception("query failed (request id %s)", reply.headers["X-Request-Id"])
        return reply
    content_type = media + ("; charset=utf-8" if media.startswith("text/") else "")
    return Reply(200, content_type, body, truncated)


def _limit_memory(memory_mb: int | None) -> None:
    if not memory_mb:
        return
    try:
        import resource
        limit = memory_mb * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    except (ImportError, ValueError, OSError):  # not on this platform
        pass


def _worker_main(conn, config: WorkerConfig) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    guarded = block_network()
    _limit_memory(config.memory_mb)
    try:
        kg = KnowledgeGraph.load(config.data_dir, config.ontology_dir, include_cases=config.include_cases,
                                 extra_paths=config.extra_paths)
    except KennisgraafError as exc:
        conn.send(("failed", str(exc)))
        return
    except Exception:  # noqa: BLE001
        conn.send(("failed", "the data could not be loaded"))
        return
    try:  # the kernel, not a second parser, keeps the engine's own HTTP client (SERVICE) off the network
        guarded = sandbox.block_network() and guarded
    except sandbox.SandboxError as exc:
        conn.send(("failed", str(exc)))
        return
    graphs = {row["g"]: row["n"] for row in kg.select(
        "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g")}
    conn.send(("ready", {"graphs": graphs, "network_blocked": guarded, "pid": os.getpid()}))
    while True:
        try:
            job = conn.recv()
        except (EOFError, OSError):
            return
        conn.send(execute(kg, job, config.max_rows))


# -- in the server process --------------------------------------------------------------------------------------

def _context():
    methods = multiprocessing.get_all_start_methods()
    if "forkserver" in methods:
        ctx = multiprocessing.get_context("forkserver")
        ctx.set_forkserver_preload([__name__])  # imports once; each new worker forks with them done
        return ctx
    return multiprocessing.get_context("spawn")


class _Worker:
    def __init__(self, ctx, config: WorkerConfig):
        self.conn, child = ctx.Pipe()
        self.process = ctx.Process(target=_worker_main, args=(child, config), daemon=True, name="kennisgraaf-worker")
        self.process.start()
        child.close()

    def wait_ready(self, timeout: float) -> dict:
        if not self.conn.poll(timeout):
            self.kill()
            raise DataError(f"a query worker did not load the data within {timeout:.0f} s")
        try:
            status, info = self.conn.recv()
        except (EOFError, OSError):
            self.kill()
            raise DataError("a query worker stopped while loading the data") from None
        if status != "ready":
            self.kill()
            raise DataError(info)
        return info

    def kill(self) -> None:
        if self.process.is_alive():
            self.process.kill()
        self.process.join(5)
        self.conn.close()


class WorkerPool:
    """``size`` worker processes, each holding the loaded store; :meth:`run` answers a job within ``timeout_s``."""

    def __init__(self, config: WorkerConfig, *, size: int | None = None, timeout_s: float = 10.0,
                 start_timeout_s: float = 120.0):
        self.config, self.timeout_s, self.start_timeout_s = config, timeout_s, start_timeout_s
        self.size = size or max(2, os.cpu_count() or 2)
        self.info: dict = {}
        self._ctx = _context()
        self._idle: queue.Queue[_Worker] = queue.Queue()
        self._all: set[_Worker] = set()
        self._lock = threading.Lock()
        self._closed = False

    def start(self) -> "WorkerPool":
        """Start the workers and wait until each has loaded the data; DataError if they cannot."""
        workers = [self._spawn() for _ in range(self.size)]
        try:
            for worker in workers:
                self.info = worker.wait_ready(self.start_timeout_s)
                self._idle.put(worker)
        except KennisgraafError:
            self.close()
            raise
        return self

    def _spawn(self) -> _Worker:
        worker = _Worker(self._ctx, self.config)
        with self._lock:
            self._all.add(worker)
        return worker

    def _replace(self, worker: _Worker) -> None:
        """Kill a worker and start another in the background."""
        with self._lock:
            self._all.discard(worker)
        worker.kill()
        threading.Thread(target=self._respawn, daemon=True, name="kennisgraaf-respawn").start()

    def _respawn(self) -> None:
        for attempt in range(5):
            if self._closed:
                return
            worker = self._spawn()
            try:
                worker.wait_ready(self.start_timeout_s)
            except KennisgraafError as exc:
                with self._lock:
                    self._all.discard(worker)
                log.error("could not restart a query worker: %s", exc)
                time.sleep(2 ** attempt)
                continue
            if self._closed:
                worker.kill()
            else:
                self._idle.put(worker)
            return

    def run(self, job: Job) -> Reply:
        """Run a job on a free worker; a fixed 503 when none is free in time or the query runs past its deadline."""
        try:
            worker = self._idle.get(timeout=self.timeout_s)
        except queue.Empty:
            return Reply.error(503, "the server is busy; try again later", **{"Retry-After": "5"})
        try:
            worker.conn.send(job)
            if worker.conn.poll(self.timeout_s):
                reply = worker.conn.recv()
                self._idle.put(worker)
                return reply
        except (EOFError, OSError, BrokenPipeError):
            self._replace(worker)
            return Reply.error(500, "the query stopped its worker; it has been restarted")
        self._replace(worker)
        return Reply.error(503, f"the query took longer than {self.timeout_s:g} s and was stopped; "
                                "narrow it down (LIMIT, more specific patterns)")

    def close(self) -> None:
        """Stop every worker."""
        self._closed = True
        with self._lock:
            workers, self._all = list(self._all), set()
        for worker in workers:
            worker.kill()
