"""The HTTP server under the endpoint: uvicorn (h11), with the connection limits uvicorn itself does not have.

uvicorn bounds the size of a request head (``h11_max_incomplete_event_size``), the idle time between requests
(``timeout_keep_alive``) and, with ``limit_concurrency``, the connections of the whole server. It has no deadline
for a request head that arrives slowly, and its keep-alive timer stops at the first byte of the next request, so one
header line every few seconds would hold a connection forever ("slow loris"). :class:`GuardedH11Protocol` adds:

* a **head deadline**: a request's head (request line and headers) must be complete ``header_timeout_s`` after the
  connection opened or the previous response was sent, else the connection is closed;
* **connections per client**: at most ``per_client`` open connections per client (:func:`.pool.client_key`);
  one more is closed at once, so a client that opens hundreds of slow connections uses up only its own share.

The body's deadline (``body_timeout_s``) is kept by the application (:mod:`.app`), which reads the body.
"""

from __future__ import annotations

import collections
from dataclasses import dataclass

import h11
from uvicorn.protocols.http.h11_impl import H11Protocol

from .pool import client_key


@dataclass(frozen=True)
class ConnectionLimits:
    header_timeout_s: float = 10.0
    body_timeout_s: float = 10.0
    keep_alive_s: int = 15
    per_client: int = 64
    total: int = 2048


class GuardedH11Protocol(H11Protocol):
    """uvicorn's h11 protocol with a deadline on every request head and a cap on connections per client."""

    limits: ConnectionLimits = ConnectionLimits()
    open_per_client: collections.Counter = collections.Counter()
    _key, _head_timer = "unknown", None

    def connection_made(self, transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self._key = client_key(self.client[0] if self.client else None)
        self._head_timer = None
        self.open_per_client[self._key] += 1
        if self.open_per_client[self._key] > self.limits.per_client:
            transport.close()  # connection_lost follows and gives the count back
            return
        self._arm()

    def connection_lost(self, exc) -> None:
        self._disarm()
        self.open_per_client[self._key] -= 1
        if self.open_per_client[self._key] <= 0:
            del self.open_per_client[self._key]
        super().connection_lost(exc)

    def handle_events(self) -> None:
        super().handle_events()
        if self.conn.their_state is not h11.IDLE:  # the head is complete: the request runs
            self._disarm()

    def on_response_complete(self) -> None:
        super().on_response_complete()
        if not self.transport.is_closing():
            self._arm()

    def _arm(self) -> None:
        self._disarm()
        self._head_timer = self.loop.call_later(self.limits.header_timeout_s, self._head_late)

    def _disarm(self) -> None:
        if self._head_timer is not None:
            self._head_timer.cancel()
            self._head_timer = None

    def _head_late(self) -> None:
        self._head_timer = None
        if self.conn.their_state is h11.IDLE and not self.transport.is_closing():
            self.transport.close()


def protocol_class(limits: ConnectionLimits) -> type[GuardedH11Protocol]:
    """A protocol class with its own limits and its own connection counts (one per server)."""
    return type("GuardedH11Protocol", (GuardedH11Protocol,),
                {"limits": limits, "open_per_client": collections.Counter()})
