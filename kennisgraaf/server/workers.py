"""The worker processes that run queries, so that a query past its deadline can really be stopped.

Neither pyoxigraph (``Store.query`` takes no timeout or cancellation token) nor rdflib can interrupt a query running
in a thread, and a Python thread cannot be killed. So every worker is a process that loads the same store the CLI
uses (:meth:`KnowledgeGraph.load`) and answers one query at a time over a pipe; :mod:`.pool` decides which worker
runs which query, and kills a worker whose query is past its deadline.

A worker runs each query as :func:`kennisgraaf.query.run_query` does (kennisgraaf prefixes, union default graph)
after the cheap linear checks of :func:`kennisgraaf.query.check_query`. What keeps it safe is where the engine acts:
the kernel sandbox (:mod:`kennisgraaf.sandbox`) keeps the engine off the network, the store holds no household case
unless asked, and queries run on a thread with a stack deep enough for the deepest nesting a request can hold (the
engine parses recursively: 5,000 nested groups overflow the default 8 MiB stack). A worker also installs an audit
hook that refuses ``socket.connect`` from Python code, and ignores Ctrl-C (the server stops it).
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import signal
import sys
import threading
import uuid
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import DataError, KennisgraafError, UnsafeQueryError
from .. import sandbox
from ..query import NETWORK_REFUSED, checked, evaluate, kind_of, lex, syntax_message
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
    #: the worker's CPU seconds (user + system, all threads) after answering: the pool's measure of a query's cost
    cpu: float = 0.0

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


#: stack of the thread that runs queries: a text may hold at most :data:`kennisgraaf.query.MAX_BRACKETS` brackets,
#: and the engine's recursion stays well inside this (measured: 65,000 nested groups parse and run in 270 MiB)
QUERY_STACK = 512 * 1024 * 1024


def execute(kg: KnowledgeGraph, job: Job, max_rows: int) -> Reply:
    """Check and run one query the way :func:`kennisgraaf.query.run_query` does; serialize it as negotiated."""
    if job.results_type is None and job.graph_type is None:
        return _not_acceptable(lex(job.query).form or "select")
    try:
        found = checked(job.query)
    except UnsafeQueryError as exc:
        return Reply.error(403, str(exc))
    except DataError as exc:
        return Reply.error(400, str(exc))
    try:
        result = evaluate(kg, job.query, job.default_graphs, job.named_graphs, dataset=found.dataset)
        kind = kind_of(result)
        media = job.results_type if kind in ("select", "ask") else job.graph_type
        if media is None:
            return _not_acceptable(kind)
        body, truncated = formats.serialize(result, kind, media, max_rows)
    except SyntaxError as exc:
        return Reply.error(400, f"SPARQL syntax error: {syntax_message(exc)}")
    except OSError:  # the sandbox refused the engine's SERVICE client a socket
        return Reply.error(403, NETWORK_REFUSED)
    except Exception:  # noqa: BLE001 - logged here, never sent to the client
        reply = Reply.error(500, "the query failed inside the server")
        log.exception("query failed (request id %s)", reply.headers["X-Request-Id"])
        return reply
    content_type = media + ("; charset=utf-8" if media.startswith("text/") else "")
    return Reply(200, content_type, body, truncated)


def _not_acceptable(kind: str) -> Reply:
    solutions = kind in ("select", "ask")
    offered = formats.RESULT_TYPES if solutions else formats.GRAPH_TYPES
    return Reply.error(406, f"no acceptable format for a {kind.upper()} result; offered: {', '.join(offered)}")


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
    conn.send(("ready", {"graphs": graphs, "network_blocked": guarded, "pid": os.getpid(), "cpu": _cpu()}))
    # Started after the sandbox, so the filter holds on this thread too (seccomp filters pass on to new threads).
    threading.stack_size(QUERY_STACK)
    answering = threading.Thread(target=_answer, args=(conn, kg, config.max_rows), name="kennisgraaf-query")
    answering.start()
    answering.join()


def _answer(conn, kg: KnowledgeGraph, max_rows: int) -> None:
    while True:
        try:
            job = conn.recv()
        except (EOFError, OSError):
            return
        reply = execute(kg, job, max_rows)
        reply.cpu = _cpu()
        conn.send(reply)


def _cpu() -> float:
    times = os.times()
    return times.user + times.system


# -- in the server process ------------------------------------------------------------------------------------

class Worker:
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

    def kill(self, wait: bool = True) -> None:
        """SIGKILL the worker; without ``wait`` it is reaped by a background thread (a dying process that holds
        much memory, at a lowered priority on a busy machine, can take a second to exit: not on the event loop)."""
        if self.process.is_alive():
            self.process.kill()
        self.conn.close()
        if wait:
            self.process.join(5)
        else:
            threading.Thread(target=self.process.join, args=(30,), daemon=True, name="kennisgraaf-reaper").start()


#: clock ticks per second of /proc's CPU times
_TICKS = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100


def cpu_seconds(pid: int, fallback: float) -> float:
    """User + system CPU seconds of a process (Linux /proc); ``fallback`` (the wall time) where unknown."""
    try:
        with open(f"/proc/{pid}/stat", "rb") as stat:
            fields = stat.read().rsplit(b")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / _TICKS
    except (OSError, ValueError, IndexError):
        return fallback


def worker_context():
    """The multiprocessing context workers start in: a fork server that has imported this module, where there is one."""
    methods = multiprocessing.get_all_start_methods()
    if "forkserver" in methods:
        ctx = multiprocessing.get_context("forkserver")
        ctx.set_forkserver_preload(["kennisgraaf.server.workers"])  # imports once; each new worker forks with them
        return ctx
    return multiprocessing.get_context("spawn")
