"""Fair shares of the query workers: a light lane, per-client queues with a bound, and no client waiting behind another.

Every query runs in a worker process (:mod:`.workers`); this module, running in the server's event loop, decides
which query runs where and when:

* **Two lanes.** ``size`` *general* workers run any query up to the timeout. ``light`` workers (default 1) run only
  queries that are expected to be cheap, for at most ``light_budget_s`` (0.5 s) of CPU time, or
  ``stranger_budget_s`` (0.1 s; and ``stranger_wall_s``, 0.3 s, of wall time) for a client that has not yet had a
  light query answered (a stranger may use the
  lane only while a standby is ready, and known light clients go first). A query that overruns its budget is
  stopped (its worker killed and replaced by the standby at once), its client and its text are marked heavy for
  ``heavy_cooldown_s``, and it is queued again for a general worker. So a cheap query never waits behind a heavy
  one for longer than a budget, however many heavy queries are running. Cost is CPU time (from /proc), not wall
  time: on a busy machine a cheap query may wait for a core, and stopping it would help nobody. A general worker
  whose query passes the light budget gets nice 10, so heavy queries leave the cores to the light lane; it is
  replaced once that query ends (its priority cannot be raised again), so no cheap query runs at nice 10.
* **Per-client shares.** A client is its IP address (an IPv6 /64). It may have ``per_client`` requests waiting or
  running; one more gets 503 with ``Retry-After``: its own share is exhausted, nobody else's. A free worker goes to
  the waiting client with the fewest running queries, then to the one served least recently.
* **A bounded queue.** At most ``max_queue`` requests wait in all; when full, the newest request of the client with
  the most waiting is refused (503), never one of a client that waits less. A request not started within the
  timeout gets 503 with ``Retry-After``.
* **A standby worker**, loaded and idle, takes the place of a killed light-lane worker at once, so that stopping a
  query there does not leave the lane empty while a new worker loads the data (a killed general worker is replaced
  by a new one when it is ready).
"""

from __future__ import annotations

import asyncio
import collections
import functools
import ipaddress
import itertools
import logging
import os
from dataclasses import dataclass

from ..errors import DataError, KennisgraafError
from .workers import Job, Reply, WorkerConfig, Worker, cpu_seconds, worker_context

log = logging.getLogger("kennisgraaf.server")

LIGHT, GENERAL, STANDBY = "light", "general", "standby"
#: how often a running query's CPU time is looked at
WATCH_S = 0.1
#: nice value of a general worker once it runs a heavy query (weight 1/10 of a normal process's under Linux CFS)
HEAVY_NICE = 10


@dataclass(frozen=True)
class Limits:
    """How the workers are shared (see the module docstring)."""

    light_budget_s: float = 0.5
    #: the light-lane budget of a client not yet known to send light queries (it cannot hold the lane for long)
    stranger_budget_s: float = 0.1
    #: ... and of wall time: on a crowded machine a stranger must not hold the lane while it waits for a core
    stranger_wall_s: float = 0.3
    per_client: int = 32
    max_queue: int = 256
    heavy_cooldown_s: float = 30.0
    retry_after_s: int = 5


@functools.lru_cache(maxsize=4096)
def client_key(host: str | None) -> str:
    """The client a request counts for: its IPv4 address, or the /64 network of its IPv6 address.

    >>> client_key("192.0.2.7"), client_key("2001:db8:1:2:3:4:5:6"), client_key(None)
    ('192.0.2.7', '2001:db8:1:2::/64', 'unknown')
    """
    if not host:
        return "unknown"
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return host
    if address.version == 6:
        if address.ipv4_mapped:
            return str(address.ipv4_mapped)
        return str(ipaddress.ip_network(f"{address}/64", strict=False))
    return str(address)


class _Client:
    __slots__ = ("key", "waiting", "running", "heavy_until", "light_until", "served")

    def __init__(self, key: str):
        self.key, self.waiting, self.running, self.served = key, collections.deque(), 0, 0
        self.heavy_until = self.light_until = 0.0  # loop times until which the client counts as heavy / as light


class _Request:
    __slots__ = ("job", "client", "future", "timer", "general_only")

    def __init__(self, job: Job, client: _Client, future: asyncio.Future, general_only: bool):
        self.job, self.client, self.future, self.timer, self.general_only = job, client, future, None, general_only


class _Slot:
    """A worker process, its role, and the request it is running."""

    __slots__ = ("worker", "role", "request", "timer", "started", "cpu", "niced", "budget")

    def __init__(self, worker: Worker, role: str | None):
        self.worker, self.role, self.request, self.timer, self.started = worker, role, None, None, 0.0
        self.cpu, self.niced = 0.0, False  # the worker's CPU seconds after its last query; its priority lowered
        self.budget = 0.0  # CPU seconds the running query may use here before it counts as heavy


class WorkerPool:
    """``size`` general workers, ``light`` light-lane workers and ``standby`` spare ones, shared fairly (module doc)."""

    def __init__(self, config: WorkerConfig, *, size: int | None = None, timeout_s: float = 10.0, light: int = 1,
                 standby: int = 1, limits: Limits = Limits(), start_timeout_s: float = 120.0):
        self.config, self.timeout_s, self.limits, self.start_timeout_s = config, timeout_s, limits, start_timeout_s
        self.size = size or max(2, os.cpu_count() or 2)
        self.targets = {LIGHT: light, GENERAL: self.size, STANDBY: standby}
        self.info: dict = {}
        self._ctx = worker_context()
        self._slots: list[_Slot] = []
        self._clients: dict[str, _Client] = {}
        self._active: dict[str, _Client] = {}  # clients with waiting requests, in arrival order
        self._waiting = 0
        self._heavy_texts: collections.OrderedDict[int, float] = collections.OrderedDict()
        self._order = itertools.count(1)
        self._loop: asyncio.AbstractEventLoop | None = None
        self._closed = False

    # -- starting and stopping (before and after the event loop) --------------------------------------------------

    def start(self) -> "WorkerPool":
        """Start every worker and wait until each has loaded the data; DataError if they cannot."""
        roles = [LIGHT] * self.targets[LIGHT] + [GENERAL] * self.size + [STANDBY] * self.targets[STANDBY]
        self._slots = [_Slot(Worker(self._ctx, self.config), role) for role in roles]
        try:
            for slot in self._slots:
                self.info = slot.worker.wait_ready(self.start_timeout_s)
                slot.cpu = self.info.get("cpu", 0.0)
        except KennisgraafError:
            self.close()
            raise
        return self

    def close(self) -> None:
        """Stop every worker."""
        self._closed = True
        slots, self._slots = self._slots, []
        for slot in slots:
            if slot.timer:
                slot.timer.cancel()
            slot.worker.kill()

    def counts(self) -> dict[str, int]:
        """Workers per role (starting ones count as None)."""
        return collections.Counter(slot.role for slot in self._slots)

    # -- answering --------------------------------------------------------------------------------------------

    async def run(self, job: Job, client: str = "unknown") -> Reply:
        """Answer one job for ``client`` (see :func:`client_key`) within the shares of the module docstring."""
        loop = self._loop = self._loop or asyncio.get_running_loop()
        if self._closed:
            return Reply.error(503, "the server is stopping")
        who = self._clients.get(client) or self._clients.setdefault(client, _Client(client))
        if len(who.waiting) + who.running >= self.limits.per_client:
            return self._busy(f"this client already has {self.limits.per_client} queries waiting or running")
        if self._waiting >= self.limits.max_queue:
            fullest = max(self._active.values(), key=lambda c: len(c.waiting))
            if fullest is who or len(fullest.waiting) <= len(who.waiting) + 1:
                self._forget(who)
                return self._busy("the queue is full")
            self._drop(fullest.waiting.pop(), self._busy("the queue is full"))
        now = loop.time()
        general_only = who.heavy_until > now or self._heavy_texts.get(hash(job.query), 0.0) > now
        request = _Request(job, who, loop.create_future(), general_only)
        self._enqueue(request)
        self._dispatch()
        return await request.future

    def _busy(self, why: str) -> Reply:
        return Reply.error(503, f"the server is busy ({why}); try again later",
                           **{"Retry-After": str(self.limits.retry_after_s)})

    def _enqueue(self, request: _Request, front: bool = False) -> None:
        client = request.client
        (client.waiting.appendleft if front else client.waiting.append)(request)
        self._active.setdefault(client.key, client)
        self._waiting += 1
        request.timer = self._loop.call_later(self.timeout_s, self._expire, request)

    def _unqueue(self, request: _Request) -> None:
        client = request.client
        client.waiting.remove(request)
        self._waiting -= 1
        if not client.waiting:
            self._active.pop(client.key, None)
        request.timer.cancel()

    def _expire(self, request: _Request) -> None:
        self._drop(request, self._busy(f"no worker was free within {self.timeout_s:g} s"))

    def _drop(self, request: _Request, reply: Reply) -> None:
        if request in request.client.waiting:
            self._unqueue(request)
        if not request.future.done():
            request.future.set_result(reply)
        self._forget(request.client)

    def _forget(self, client: _Client) -> None:
        if not client.waiting and not client.running and max(client.heavy_until, client.light_until) <= self._loop.time():
            self._clients.pop(client.key, None)

    def _pick(self, role: str) -> _Request | None:
        """The next request for a free worker of ``role``: fewest running first, then least recently served."""
        now = self._loop.time()
        # A client not yet known to be light may try the light lane only while a standby can replace a worker killed
        # by its query at once; so a burst of new heavy clients cannot leave the lane empty for the known light ones.
        strangers = role == LIGHT and any(slot.role == STANDBY for slot in self._slots)
        best, best_rank = None, None
        for client in self._active.values():
            known = client.light_until > now
            if role == LIGHT and (client.heavy_until > now or client.waiting[0].general_only
                                  or not (strangers or known)):
                continue
            # In the light lane, clients known to send light queries go before strangers.
            rank = (role == LIGHT and not known, client.running, client.served)
            if best is None or rank < best_rank:
                best, best_rank = client, rank
        if best is None:
            return None
        request = best.waiting[0]
        self._unqueue(request)
        return request

    def _dispatch(self) -> None:
        if not self._active:
            return
        for slot in sorted(self._slots, key=lambda s: s.role != LIGHT):  # light first: it takes fewer requests
            if slot.request is None and slot.role in (LIGHT, GENERAL):
                request = self._pick(slot.role)
                if request is not None:
                    self._start(slot, request)
                if not self._active:
                    return

    def _start(self, slot: _Slot, request: _Request) -> None:
        client = request.client
        client.running += 1
        client.served = next(self._order)
        slot.request, slot.started = request, self._loop.time()
        known = client.light_until > slot.started
        slot.budget = self.limits.light_budget_s if known or slot.role != LIGHT else self.limits.stranger_budget_s
        try:
            slot.worker.conn.send(request.job)
        except (OSError, ValueError):
            return self._lost(slot)
        slot.timer = self._loop.call_later(min(WATCH_S, self.timeout_s), self._watch, slot)
        self._loop.add_reader(slot.worker.conn.fileno(), self._answered, slot)

    def _watch(self, slot: _Slot) -> None:
        """Every WATCH_S of a running query: its deadline, and whether it has used more CPU than the light budget.

        CPU time, not wall time, says "heavy": on a busy machine a cheap query may wait a second for a core, and
        stopping it would not help anyone. A light-lane query past the budget is stopped and queued again for a
        general worker. A general worker past it gets a lower CPU priority (nice 10), so that the light lane and the
        HTTP loop keep their share of the cores. An unprivileged process cannot raise the priority again, so the worker
        is replaced once that query ends: the lowered priority only ever slows heavy queries.
        """
        elapsed = self._loop.time() - slot.started
        if elapsed >= self.timeout_s:
            return self._overrun(slot, requeue=False)
        stranger = slot.role == LIGHT and slot.budget < self.limits.light_budget_s
        if stranger and elapsed > self.limits.stranger_wall_s:
            return self._overrun(slot, requeue=True)
        if not slot.niced and cpu_seconds(slot.worker.process.pid, elapsed) - slot.cpu > slot.budget:
            if slot.role == LIGHT:
                return self._overrun(slot, requeue=True)
            self._mark_heavy(slot.request)
            slot.niced = True
            try:
                os.setpriority(os.PRIO_PROCESS, slot.worker.process.pid, HEAVY_NICE)
            except (OSError, AttributeError):  # not on this platform
                pass
        wait = self.timeout_s - elapsed if slot.niced else min(WATCH_S, self.timeout_s - elapsed)
        slot.timer = self._loop.call_later(wait, self._watch, slot)

    def _answered(self, slot: _Slot) -> None:
        self._loop.remove_reader(slot.worker.conn.fileno())
        slot.timer.cancel()
        request, slot.request = slot.request, None
        try:
            reply = slot.worker.conn.recv()
        except (EOFError, OSError):
            slot.request = request
            return self._lost(slot)
        used, slot.cpu = reply.cpu - slot.cpu, reply.cpu
        if used > self.limits.light_budget_s:
            self._mark_heavy(request)
        else:
            request.client.light_until = self._loop.time() + self.limits.heavy_cooldown_s
        self._finish(request, reply)
        if slot.niced:  # its priority cannot be raised again: a fresh worker (or the standby) takes its place
            self._replace(slot)
        self._dispatch()

    def _overrun(self, slot: _Slot, requeue: bool) -> None:
        request = slot.request
        self._loop.remove_reader(slot.worker.conn.fileno())
        self._mark_heavy(request)
        if requeue:  # stopped in the light lane: it runs again on a general worker, from the start
            request.client.running -= 1
            request.general_only = True
            slot.request = None
            self._enqueue(request, front=True)
        else:
            self._finish(request, Reply.error(503, f"the query took longer than {self.timeout_s:g} s and was "
                                                   "stopped; narrow it down (LIMIT, more specific patterns)"))
        self._replace(slot)
        self._dispatch()

    def _lost(self, slot: _Slot) -> None:
        """The worker died under a query (a crash in the engine): the client gets a 500, the worker is replaced."""
        request, slot.request = slot.request, None
        if slot.timer:
            slot.timer.cancel()
        self._finish(request, Reply.error(500, "the query stopped its worker; it has been restarted"))
        self._replace(slot)
        self._dispatch()

    def _finish(self, request: _Request, reply: Reply) -> None:
        request.client.running -= 1
        if not request.future.done():
            request.future.set_result(reply)
        self._forget(request.client)

    def _mark_heavy(self, request: _Request) -> None:
        until = self._loop.time() + self.limits.heavy_cooldown_s
        request.client.heavy_until = until
        self._heavy_texts[hash(request.job.query)] = until
        self._heavy_texts.move_to_end(hash(request.job.query))
        while len(self._heavy_texts) > 4096:
            self._heavy_texts.popitem(last=False)

    # -- replacing workers ------------------------------------------------------------------------------------

    def _replace(self, slot: _Slot) -> None:
        """Kill a worker; a standby takes its role at once, and a new worker starts loading in the background."""
        self._slots.remove(slot)
        slot.worker.kill(wait=False)
        if slot.role == LIGHT:  # the standby is the light lane's: a general lane can do a second without one worker
            for spare in self._slots:
                if spare.role == STANDBY:
                    spare.role = LIGHT
                    break
        self._spawn()

    def _spawn(self, attempt: int = 0) -> None:
        if self._closed:
            return
        slot = _Slot(Worker(self._ctx, self.config), None)
        self._slots.append(slot)
        fd = slot.worker.conn.fileno()

        def failed(message: str) -> None:
            self._loop.remove_reader(fd)
            slot.timer.cancel()
            if slot in self._slots:
                self._slots.remove(slot)
            slot.worker.kill(wait=False)
            log.error("could not restart a query worker: %s", message)
            if attempt < 5:
                self._loop.call_later(2 ** attempt, self._spawn, attempt + 1)

        def ready() -> None:
            try:
                status, info = slot.worker.conn.recv()
            except (EOFError, OSError):
                return failed("it stopped while loading the data")
            if status != "ready":
                return failed(info)
            self._loop.remove_reader(fd)
            slot.timer.cancel()
            slot.cpu = info.get("cpu", 0.0)
            if self._closed or slot not in self._slots:
                return slot.worker.kill(wait=False)
            counts = self.counts()
            slot.role = next((role for role in (LIGHT, GENERAL, STANDBY) if counts[role] < self.targets[role]), None)
            if slot.role is None:  # every lane is full (a standby was promoted meanwhile): not needed
                self._slots.remove(slot)
                return slot.worker.kill(wait=False)
            self._dispatch()

        slot.timer = self._loop.call_later(self.start_timeout_s, failed, "it did not load the data in time")
        self._loop.add_reader(fd, ready)


__all__ = ["DataError", "Limits", "WorkerPool", "client_key"]
