"""The endpoint's ASGI application called directly, with scripted ``receive`` and ``send`` (no uvicorn, no socket
traffic, no worker process): the refusals that sit below the HTTP parser — header limits, request bodies that are
missing, too long, slow, in pieces or not UTF-8 — and the response headers. These run in milliseconds, so mutation
testing of app.py (docs/testing.md) can use them; tests/test_server_refusals.py covers the same over real HTTP."""

from __future__ import annotations

import asyncio
import socket

import pytest
from test_server_refusals import FakePool

from kennisgraaf.errors import DataError
from kennisgraaf.server.app import MAX_HEAD_BYTES, MAX_HEADERS, EndpointServer, bind
from kennisgraaf.server.connections import ConnectionLimits

ORIGIN = "https://app.example"


@pytest.fixture
def endpoint():
    sock = bind("127.0.0.1", 0)
    pool = FakePool()
    yield EndpointServer(sock, pool, max_body=100, cors_origins=(ORIGIN,),
                         connections=ConnectionLimits(body_timeout_s=0.05)), pool
    sock.close()


def call(srv, method="GET", path="/sparql", query="", headers=(), messages=(), scope_type="http"):
    """Run one request through the app: (status, headers as a dict of lists, body, how many receives it made)."""
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
    assert b"closed before the request body was complete" in text


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
        assert "--port" in caught.value.fix
    finally:
        taken.close()
    with pytest.raises(DataError, match="cannot listen on 192.0.2.1:0") as caught:
        bind("192.0.2.1", 0)  # TEST-NET-1: never an address of this machine
    assert "--host" in caught.value.fix


def test_a_bound_socket_is_tcp_listening_and_non_blocking():
    sock = bind("127.0.0.1", 0)
    try:
        assert sock.proto == socket.IPPROTO_TCP and sock.type == socket.SOCK_STREAM
        assert sock.getblocking() is False
        assert sock.getsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR) == 1
        assert sock.getsockopt(socket.SOL_SOCKET, socket.SO_ACCEPTCONN) == 1
    finally:
        sock.close()
