"""The endpoint's ASGI application called directly, with scripted ``receive`` and ``send`` (no uvicorn, no socket
traffic, no worker process): the refusals that sit below the HTTP parser — header limits, request bodies that are
missing, too long, slow, in pieces or not UTF-8 — and the response headers. These run in milliseconds, so mutation
testing of app.py (docs/testing.md) can use them; tests/test_server_refusals.py covers the same over real HTTP."""

from __future__ import annotations

import asyncio
import logging
import socket
from pathlib import Path

import pytest
from test_server_refusals import FakePool

from kennisgraaf.errors import DataError
from kennisgraaf.server.app import MAX_HEAD_BYTES, MAX_HEADERS, EndpointServer, Request, bind
from kennisgraaf.server.connections import ConnectionLimits, GuardedH11Protocol
from kennisgraaf.server.pool import Limits
from kennisgraaf.server.workers import WorkerConfig

ORIGIN = "https://app.example"


@pytest.fixture
def endpoint():
    sock = bind("127.0.0.1", 0)
    pool = FakePool()
    yield EndpointServer(sock, pool, max_body=100, cors_origins=(ORIGIN,),
                         connections=ConnectionLimits(body_timeout_s=0.05)), pool
    sock.close()


def call(srv, method="GET", path="/sparql", query="", headers=(), messages=(), scope_type="http", **scope_items):
    """Run one request through the app: (status, headers as a dict of lists, body, how many receives it made).

    ``scope_items`` replace entries of the ASGI scope; a value of None leaves the entry out."""
    sent, pending, received = [], list(messages), []

    async def receive():
        received.append(1)
        if pending:
            return pending.pop(0)
        await asyncio.sleep(3600)  # the client sends nothing more

    async def send(message):
        sent.append(message)

    scope = {"type": scope_type, "method": method, "path": path, "query_string": query.encode("latin-1"),
             "headers": [(k.encode("latin-1"), v.encode("latin-1")) for k, v in headers],
             "client": ("127.0.0.1", 5000), "http_version": "1.1"}
    scope.update(scope_items)
    scope = {key: value for key, value in scope.items() if value is not None}
    asyncio.run(srv(scope, receive, send))
    if not sent:
        return None, {}, b"", len(received)
    out: dict[str, list[str]] = {}
    for key, value in sent[0]["headers"]:
        out.setdefault(key.decode("latin-1"), []).append(value.decode("latin-1"))
    return sent[0]["status"], out, sent[1]["body"], len(received)


def body(text: str, more: bool = False) -> dict:
    return {"type": "http.request", "body": text.encode("utf-8"), "more_body": more}


FORM = [("content-type", "application/x-www-form-urlencoded")]


def test_exactly_the_header_count_limit_passes_and_one_more_is_431_and_closes(endpoint):
    srv, _ = endpoint
    many = [(f"x-h{i}", "v") for i in range(MAX_HEADERS)]
    assert call(srv, path="/", headers=many)[0] == 303
    status, headers, text, _ = call(srv, path="/", headers=many + [("x-one-more", "v")])
    assert status == 431 and headers["connection"] == ["close"] and b"100 header fields or 32 KiB" in text


def test_exactly_the_header_bytes_limit_passes_and_one_byte_more_is_431(endpoint):
    srv, _ = endpoint
    # the limit counts names and values: "x-big" is 5 bytes, so the value gets the rest of the 32 KiB
    assert call(srv, path="/", headers=[("x-big", "v" * (MAX_HEAD_BYTES - 5))])[0] == 303
    assert call(srv, path="/", headers=[("x-big", "v" * (MAX_HEAD_BYTES - 4))])[0] == 431


def test_a_repeated_header_is_read_as_one_comma_joined_value(endpoint):
    srv, _ = endpoint
    # two Origin fields make "a, b": that is not the allowed origin, so no CORS header is given
    status, headers, _, _ = call(srv, path="/", headers=[("origin", ORIGIN), ("origin", "https://evil.example")])
    assert status == 303 and "access-control-allow-origin" not in headers
    status, headers, _, _ = call(srv, path="/", headers=[("origin", ORIGIN)])
    assert headers["access-control-allow-origin"] == [ORIGIN] and headers["vary"] == ["Origin"]
    # the CORS headers come on top of the others, not instead of them
    assert headers["content-type"] == ["text/plain; charset=utf-8"] and headers["location"] == ["/sparql"]
    assert headers["content-length"] == ["12"] and headers["x-content-type-options"] == ["nosniff"]


def test_repeated_header_fields_are_joined_in_order_with_a_comma():
    scope = {"method": "GET", "path": "/", "query_string": b"",
             "headers": [(b"accept", b"text/csv"), (b"x-one", b"1"), (b"accept", b"text/tab-separated-values")]}
    assert Request(scope, None).headers == {"accept": "text/csv, text/tab-separated-values", "x-one": "1"}


def test_the_client_a_request_counts_for_is_its_address_without_the_port(endpoint):
    srv, pool = endpoint
    call(srv, query="query=ASK%7B%7D", client=("10.1.2.3", 5555))
    call(srv, query="query=ASK%7B%7D", client=("2001:db8:1:2:3:4:5:6", 443))
    call(srv, query="query=ASK%7B%7D", client=None)  # a unix socket, say: no address
    call(srv, path="/.well-known/dcat", client=("10.4.5.6", 80))
    assert pool.clients == ["10.1.2.3", "2001:db8:1:2::/64", "unknown", "10.4.5.6"]


def test_each_request_is_logged_with_its_client_method_path_version_and_status(endpoint, caplog):
    srv, _ = endpoint
    with caplog.at_level(logging.INFO, logger="kennisgraaf.server"):
        call(srv, path="/")
        call(srv, path="/nothing", client=None, http_version="2")
        call(srv, "OPTIONS", http_version=None)
    assert [r.getMessage() for r in caplog.records if r.name == "kennisgraaf.server"] == [
        '127.0.0.1 "GET / HTTP/1.1" 303 -', '- "GET /nothing HTTP/2" 404 -', '127.0.0.1 "OPTIONS /sparql HTTP/1.1" 204 -']


def test_every_response_says_its_length_type_and_nosniff_and_keeps_the_connection(endpoint):
    srv, _ = endpoint
    status, headers, text, _ = call(srv, path="/")
    assert status == 303 and text == b"see /sparql\n"
    assert headers["content-length"] == [str(len(text))] and headers["x-content-type-options"] == ["nosniff"]
    assert headers["content-type"] == ["text/plain; charset=utf-8"] and headers["location"] == ["/sparql"]
    assert headers["server"] == ["kennisgraaf"] and "connection" not in headers


def test_a_post_without_or_with_a_bad_content_length_is_411_and_its_body_is_not_read(endpoint):
    srv, pool = endpoint
    for given in ([], [("content-length", "12a")], [("content-length", "-1")]):
        status, headers, text, receives = call(srv, "POST", headers=FORM + given, messages=[body("query=ASK{}")])
        assert (status, headers["connection"], receives) == (411, ["close"], 0)
        assert b"a POST needs a Content-Length header" in text
    assert pool.jobs == []


def test_a_body_over_the_limit_is_413_unread_and_one_at_the_limit_is_read(endpoint):
    srv, pool = endpoint
    status, headers, _, receives = call(srv, "POST", headers=FORM + [("content-length", "101")])
    assert (status, headers["connection"], receives) == (413, ["close"], 0)
    query = "ASK { ?s ?p ?o }"
    text = "query=" + query + " " * (100 - 6 - len(query))  # exactly 100 bytes
    status, headers, _, _ = call(srv, "POST", headers=FORM + [("content-length", "100")], messages=[body(text)])
    assert status == 200 and "connection" not in headers and pool.jobs[-1].query.strip() == query


def test_a_body_in_pieces_is_joined_before_it_is_read(endpoint):
    srv, pool = endpoint
    pieces = [body("query=ASK%20%7B", more=True), body("%20%3Fs%20%3Fp", more=True), body("%20%3Fo%20%7D")]
    status, _, _, receives = call(srv, "POST", headers=FORM + [("content-length", "40")], messages=pieces)
    assert (status, receives, pool.jobs[-1].query) == (200, 3, "ASK { ?s ?p ?o }")


def test_a_body_that_does_not_arrive_in_time_is_408_and_closes(endpoint):
    srv, pool = endpoint
    status, headers, text, _ = call(srv, "POST", headers=FORM + [("content-length", "20")],
                                    messages=[body("query=AS", more=True)])
    assert (status, headers["connection"]) == (408, ["close"]) and b"within 0.05 s" in text
    assert pool.jobs == []


def test_a_client_that_disconnects_mid_body_runs_nothing(endpoint):
    srv, pool = endpoint
    # "query=ASK" arrived before the client went away: that part must not run as a query
    status, headers, text, _ = call(srv, "POST", headers=FORM + [("content-length", "20")],
                                    messages=[body("query=ASK", more=True), {"type": "http.disconnect"}])
    assert (status, headers["connection"], pool.jobs) == (400, ["close"], [])
    assert text.startswith(b"the connection closed before the request body was complete\n")


def test_a_body_message_may_leave_out_its_body_and_its_more_body_flag(endpoint):
    srv, pool = endpoint
    # ASGI: "body" defaults to b"" and "more_body" to False; an empty message that ends the body adds nothing
    pieces = [{"type": "http.request", "body": b"query=ASK", "more_body": True}, {"type": "http.request"}]
    status, _, _, receives = call(srv, "POST", headers=FORM + [("content-length", "9")], messages=pieces)
    assert (status, receives, pool.jobs[-1].query) == (200, 2, "ASK")
    status, _, _, receives = call(srv, "POST", headers=FORM + [("content-length", "9")],
                                  messages=[{"type": "http.request", "body": b"query=ASK"}, body("{}")])
    assert (status, receives, pool.jobs[-1].query) == (200, 1, "ASK")


def test_a_body_that_is_not_utf8_is_400(endpoint):
    srv, pool = endpoint
    raw = {"type": "http.request", "body": b"query=\xff\xfe", "more_body": False}
    status, _, text, _ = call(srv, "POST", headers=FORM + [("content-length", "8")], messages=[raw])
    assert status == 400 and b"the request body is not UTF-8" in text and pool.jobs == []


def test_a_query_both_in_the_url_and_a_direct_body_is_400(endpoint):
    srv, pool = endpoint
    status, _, text, _ = call(srv, "POST", query="query=ASK%7B%7D",
                              headers=[("content-type", "application/sparql-query"), ("content-length", "5")],
                              messages=[body("ASK{}")])
    assert status == 400 and b"give the query once" in text and pool.jobs == []


def test_a_preflight_names_methods_and_headers_only_for_an_allowed_origin(endpoint):
    srv, _ = endpoint
    status, headers, text, _ = call(srv, "OPTIONS", headers=[("origin", ORIGIN)])
    assert (status, text, headers["allow"]) == (204, b"", ["GET, HEAD, POST, OPTIONS"])
    assert headers["access-control-allow-methods"] == ["GET, POST"]
    assert headers["access-control-allow-headers"] == ["Content-Type, Accept"]
    assert headers["access-control-max-age"] == ["600"] and "content-type" not in headers
    assert headers["access-control-expose-headers"] == ["X-Kennisgraaf-Truncated, X-Request-Id"]
    status, headers, _, _ = call(srv, "OPTIONS", headers=[("origin", "https://other.example")])
    assert status == 204 and not any(k.startswith("access-control") for k in headers)


def test_anything_but_http_is_ignored(endpoint):
    srv, _ = endpoint
    assert call(srv, scope_type="lifespan")[0] is None


def test_binding_a_port_in_use_or_a_foreign_address_is_a_clear_error():
    taken = bind("127.0.0.1", 0)
    try:
        with pytest.raises(DataError, match="already in use") as caught:
            bind("127.0.0.1", taken.getsockname()[1])
        assert caught.value.fix == "stop the program that uses it, or choose another port with --port"
    finally:
        taken.close()
    with pytest.raises(DataError, match="cannot listen on 192.0.2.1:0") as caught:
        bind("192.0.2.1", 0)  # TEST-NET-1: never an address of this machine
    assert caught.value.fix == "give an address of this machine with --host (default 127.0.0.1)"


def test_an_ipv6_address_is_bound_as_ipv6_and_named_in_brackets():
    srv = EndpointServer(bind("::1", 0), FakePool())
    try:
        port = srv.socket.getsockname()[1]
        assert srv.socket.family == socket.AF_INET6
        assert (srv.server_address, srv.url) == (("::1", port), f"http://[::1]:{port}/sparql")
    finally:
        srv.server_close()


def test_a_bound_socket_is_tcp_listening_and_non_blocking():
    sock = bind("127.0.0.1", 0)
    try:
        assert sock.proto == socket.IPPROTO_TCP and sock.type == socket.SOCK_STREAM
        assert sock.getblocking() is False
        assert sock.getsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR) == 1
        assert sock.getsockopt(socket.SOL_SOCKET, socket.SO_ACCEPTCONN) == 1
    finally:
        sock.close()


# -- what create_server builds, and what it hands to uvicorn -------------------------------------------------------

class StandInPool(FakePool):
    """Takes the worker pool's arguments and starts no process."""

    made: list["StandInPool"] = []
    fail = False

    def __init__(self, config, *, size=None, timeout_s=None, limits=None):
        super().__init__()
        self.config, self.size, self.timeout_s, self.limits, self.started = config, size, timeout_s, limits, False
        StandInPool.made.append(self)

    def start(self):
        if StandInPool.fail:
            raise RuntimeError("no worker came up")
        self.started = True
        return self


@pytest.fixture
def stand_in(monkeypatch):
    """create_server with the stand-in pool, and a record of the (host, port) it binds (bound to a free port)."""
    from kennisgraaf.server import app

    StandInPool.made, StandInPool.fail, bound = [], False, []

    def record_bind(host, port):
        bound.append((host, port))
        return bind(host, 0)

    monkeypatch.setattr(app, "WorkerPool", StandInPool)
    monkeypatch.setattr(app, "bind", record_bind)
    yield app.create_server, bound


def test_create_server_defaults_are_the_safe_ones(stand_in):
    create_server, bound = stand_in
    srv = create_server()
    try:
        [pool] = StandInPool.made
        assert bound == [("127.0.0.1", 8000)] and srv.pool is pool and pool.started
        assert pool.config == WorkerConfig(None, None, include_cases=False, max_rows=10_000, extra_paths=())
        assert (pool.size, pool.timeout_s, pool.limits) == (None, 10.0, Limits())
        assert (srv.max_body, srv.cors_origins, srv.connections) == (64 * 1024, (), ConnectionLimits())
    finally:
        srv.server_close()


def test_create_server_passes_every_setting_on(stand_in):
    create_server, bound = stand_in
    limits, connections = Limits(per_client=3), ConnectionLimits(total=7, keep_alive_s=2)
    srv = create_server("some/data", host="127.0.0.1", port=8123, include_cases=True, timeout_s=2.5, max_rows=5,
                        max_body=999, cors_origins=["https://a.example"], workers=3, ontology_dir="some/ontology",
                        extra_paths=["x.ttl", "y.ttl"], limits=limits, connections=connections)
    try:
        [pool] = StandInPool.made
        assert bound == [("127.0.0.1", 8123)]
        assert pool.config == WorkerConfig(Path("some/data"), Path("some/ontology"), include_cases=True, max_rows=5,
                                           extra_paths=(Path("x.ttl"), Path("y.ttl")))
        assert (pool.size, pool.timeout_s, pool.limits) == (3, 2.5, limits)
        assert (srv.max_body, srv.cors_origins, srv.connections) == (999, ("https://a.example",), connections)
    finally:
        srv.server_close()


def test_a_port_in_use_is_reported_before_any_worker_starts(monkeypatch):
    from kennisgraaf.server import app

    monkeypatch.setattr(app, "WorkerPool", StandInPool)
    StandInPool.made = []
    taken = bind("127.0.0.1", 0)
    try:
        with pytest.raises(DataError, match="already in use"):
            app.create_server(port=taken.getsockname()[1])
        assert StandInPool.made == []
    finally:
        taken.close()


def test_a_pool_that_cannot_start_frees_the_port(monkeypatch):
    from kennisgraaf.server import app

    monkeypatch.setattr(app, "WorkerPool", StandInPool)
    StandInPool.made, StandInPool.fail = [], True
    probe = bind("127.0.0.1", 0)
    port = probe.getsockname()[1]
    probe.close()
    with pytest.raises(RuntimeError, match="no worker came up"):
        app.create_server(port=port)
    bind("127.0.0.1", port).close()  # free again


class ServerThatStops:
    def __init__(self, stop: BaseException | None):
        self.stop, self.closed = stop, False

    def serve_forever(self):
        if self.stop:
            raise self.stop

    def server_close(self):
        self.closed = True


def test_run_stops_quietly_on_ctrl_c_and_always_stops_the_workers():
    from kennisgraaf.server.app import run

    for stop in (None, KeyboardInterrupt()):
        server = ServerThatStops(stop)
        run(server)
        assert server.closed
    server = ServerThatStops(RuntimeError("broken"))
    with pytest.raises(RuntimeError, match="broken"):
        run(server)
    assert server.closed


def test_the_options_handed_to_uvicorn():
    # What the HTTP tests cannot see cheaply: the interface and protocol, no lifespan events, uvicorn's logging left
    # to the application, the graceful-shutdown bound, and the head limit h11 applies to a head that arrives in pieces
    connections = ConnectionLimits(total=9, keep_alive_s=3)
    srv = EndpointServer(bind("127.0.0.1", 0), FakePool(), max_body=1000, connections=connections)
    try:
        config = srv._uvicorn.config
        assert (config.interface, config.lifespan, config.log_config) == ("asgi3", "off", None)
        assert issubclass(config.http, GuardedH11Protocol) and config.http.limits is connections
        assert (config.limit_concurrency, config.timeout_keep_alive) == (9, 3)
        assert (config.timeout_graceful_shutdown, config.h11_max_incomplete_event_size) == (5, 1000 + 16 * 1024)
        # uvicorn logs warnings only and no access line of its own (the app logs each request without the client's
        # address), trusts no X-Forwarded-For, and adds neither a server nor a date header (test_server_refusals
        # checks each over HTTP on a shared server, which mutation testing does not map to this constructor)
        assert (config.log_level, config.access_log, config.proxy_headers, config.server_header,
                config.date_header) == ("warning", False, False, False, False)
    finally:
        srv.server_close()


def test_the_app_uvicorn_runs_hands_the_whole_request_on(endpoint):
    # uvicorn gets a plain ASGI3 function (not the server object); a POST body read through it reaches the pool.
    srv, pool = endpoint
    text = "query=ASK%20%7B%7D"
    status, _, _, _ = call(srv._uvicorn.config.app, "POST", headers=FORM + [("content-length", str(len(text)))],
                           messages=[body(text)])
    assert status == 200 and pool.jobs[-1].query == "ASK {}"
