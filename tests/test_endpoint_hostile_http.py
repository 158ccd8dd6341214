"""A generated corpus of hostile requests to the endpoint: malformed HTTP, smuggling, oversized parts, and query texts
built to crash, hang or outsmart the cheap checks. Every one is refused with a 4xx (never a 500, never a traceback)
within 2 s, and the server answers a normal query afterwards with every worker still alive; plus `serve` on a port
in use.
"""

from __future__ import annotations

import socket
import time
import urllib.parse

import pytest

from serving import running_endpoint

pytestmark = pytest.mark.server

_DEEP = 3000  # well past the 128 levels allowed, well within a 64 KiB request
QUERIES = {  # text -> what the refusal must say
    "deep {": ("ASK { " + "{ " * _DEEP + "}" * _DEEP + " }", b"deeper than 128"),
    "deep (": ("ASK { FILTER(" + "(" * _DEEP + "1" + ")" * _DEEP + ") }", b"deeper than 128"),
    "deep [": ("ASK { ?s ?p " + "[ ?p " * _DEEP + "]" * _DEEP + " }", b"deeper than 128"),
    "deep, closers in a string": ("ASK { " + "{" * _DEEP + ' ?s ?p "' + "}" * _DEEP + '" }', b"deeper than 128"),
    "deep, closers in a comment": ("ASK { " + "{" * _DEEP + " #" + "}" * _DEEP + "\n}", b"deeper than 128"),
    "deep, escaped braces": ("ASK { " + "\\u007B " * _DEEP + " }", b"deeper than 128"),
    "deep subqueries": ("ASK { " + "{ SELECT * WHERE " * 200 + "{}" + "}" * 200 + " }", b"deeper than 128"),
    "unterminated string": ('ASK { ?s ?p "never closed }', b"syntax error"),
    "unterminated long string": ('ASK { ?s ?p """never closed ' + "x" * 30_000 + " }", b"syntax error"),
    "escaped quotes trap": ("ASK { ?s ?p " + '"\\"' * 6_000 + " }", b"syntax error"),
    "apostrophe trap": ("ASK { ?s ?p " + "'\\'" * 6_000 + " }", b"syntax error"),
    "open IRIs trap": ("ASK { ?s ?p " + "<a" * 10_000 + " }", b"syntax error"),
    "comment only": ("# nothing but a comment", b"syntax error"),
    "empty": ("", b"syntax error"),
    "prefixes only": ("PREFIX ex: <http://example.org/>", b"syntax error"),
    "NUL byte": ("ASK { ?s ?p ?o }\x00", b"syntax error"),
    "lone surrogate escape": ('ASK { ?s ?p "\\uD800" }', b""),
    "SERVICE behind CR comment": ("ASK { #c\rSERVICE <http://127.0.0.1:9/x> { ?s ?p ?o } }", b"SERVICE is refused"),
    "SERVICE escaped": ("ASK { \\u0053ERVICE <http://127.0.0.1:9/x> { ?s ?p ?o } }", b"SERVICE is refused"),
    "SERVICE long escape": ("ASK { \\U00000053ERVICE <http://127.0.0.1:9/x> {} }", b"SERVICE is refused"),
    "service lower case": ("ask { service silent <http://127.0.0.1:9/x> {} }", b"SERVICE is refused"),
    "SERVICE in OPTIONAL": ("ASK { ?a ?b ?c OPTIONAL { SERVICE <http://127.0.0.1:9/x> {} } }", b"SERVICE is refused"),
    "SERVICE in a subquery": ("ASK { { SELECT * WHERE { SERVICE <http://127.0.0.1:9/x> {} } } }",
                              b"SERVICE is refused"),
    "SERVICE with a variable": ("SELECT * WHERE { VALUES ?e { <http://127.0.0.1:9/x> } SERVICE ?e {} }",
                                b"SERVICE is refused"),
    "SERVICE after a dot": ("ASK { ?a ?b ?c .SERVICE <http://127.0.0.1:9/x> {} }", b"refused"),
}
UPDATES = ["INSERT DATA { <urn:a> <urn:b> <urn:c> }", "DELETE WHERE { ?s ?p ?o }", "LOAD <http://127.0.0.1:9/x>",
           "CLEAR ALL", "DROP ALL", "CREATE GRAPH <urn:g>", "ADD DEFAULT TO <urn:g>", "MOVE DEFAULT TO <urn:g>",
           "COPY DEFAULT TO <urn:g>", "WITH <urn:g> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }",
           "\\u0049NSERT DATA { <urn:a> <urn:b> <urn:c> }", "PREFIX ex: <http://e/> # c\r\ninsert data { ex:a ex:b ex:c }",
           "BASE <http://e/> DELETE DATA { <a> <b> <c> }", "# only a comment first\nDrOp SILENT GRAPH <urn:g>",
           "INSERT { ?s ?p ?o } WHERE { SERVICE <http://127.0.0.1:9/x> { ?s ?p ?o } }"]


def _get(text: str) -> bytes:
    return (f"GET /sparql?{urllib.parse.urlencode({'query': text})} HTTP/1.1\r\nHost: x\r\n"
            "Connection: close\r\n\r\n").encode()


def _post(media: str, body: bytes, extra: str = "") -> bytes:
    return (f"POST /sparql HTTP/1.1\r\nHost: x\r\nContent-Type: {media}\r\nContent-Length: {len(body)}\r\n{extra}"
            "Connection: close\r\n\r\n").encode() + body


def _form(text: str) -> bytes:
    return _post("application/x-www-form-urlencoded", urllib.parse.urlencode({"query": text}).encode())


def _direct(text: str) -> bytes:
    return _post("application/sparql-query", text.encode("utf-8", "surrogatepass"))


RAW = {  # raw request -> statuses it may get
    "no Host (HTTP/1.1)": (b"GET /sparql?query=ASK%7B%7D HTTP/1.1\r\nConnection: close\r\n\r\n", {400}),
    "NUL in method": (b"G\x00ET /sparql HTTP/1.1\r\nHost: x\r\n\r\n", {400}),
    "no target": (b"GET\r\nHost: x\r\n\r\n", {400}),
    "header without colon": (b"GET /sparql HTTP/1.1\r\nHost: x\r\nBroken header\r\n\r\n", {400}),
    "huge header": (b"GET /sparql HTTP/1.1\r\nHost: x\r\nX: " + b"a" * 60_000 + b"\r\n\r\n", {400, 431}),
    "huge header, in one piece over the limit": (b"GET /sparql HTTP/1.1\r\nHost: x\r\nX: " + b"a" * 120_000
                                                 + b"\r\n\r\n", {400, 431}),
    "2,000 headers": (b"GET /sparql HTTP/1.1\r\nHost: x\r\n" + b"".join(b"X-%d: a\r\n" % i for i in range(2000))
                      + b"\r\n", {400, 431}),
    "huge URL": (b"GET /sparql?query=" + b"a" * 120_000 + b" HTTP/1.1\r\nHost: x\r\n\r\n", {400, 413, 414}),
    "two Content-Lengths": (b"POST /sparql HTTP/1.1\r\nHost: x\r\nContent-Type: application/sparql-query\r\n"
                            b"Content-Length: 6\r\nContent-Length: 60\r\n\r\nASK {}", {400}),
    "negative Content-Length": (b"POST /sparql HTTP/1.1\r\nHost: x\r\nContent-Type: application/sparql-query\r\n"
                                b"Content-Length: -6\r\n\r\nASK {}", {400}),
    "Content-Length and chunked (smuggling)": (
        b"POST /sparql HTTP/1.1\r\nHost: x\r\nContent-Type: application/sparql-query\r\nContent-Length: 6\r\n"
        b"Transfer-Encoding: chunked\r\n\r\n0\r\n\r\nGET /sparql?query=ASK%7B%7D HTTP/1.1\r\nHost: x\r\n\r\n", {400, 411}),
    "chunked without length": (b"POST /sparql HTTP/1.1\r\nHost: x\r\nContent-Type: application/sparql-query\r\n"
                               b"Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n6\r\nASK {}\r\n0\r\n\r\n", {411}),
    "bad chunk size": (b"POST /sparql HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nZZ\r\nASK {}\r\n", {400, 411}),
    "body over the limit": (_post("application/sparql-query", b"#" * 70_000), {413}),
    "form with 1,000 fields": (_post("application/x-www-form-urlencoded", b"&".join(b"f%d=1" % i
                                                                                      for i in range(1_000))), {400}),
    "form with two queries": (_post("application/x-www-form-urlencoded", b"query=ASK%7B%7D&query=ASK%7B%7D"), {400}),
    "query in URL and body": (b"POST /sparql?query=ASK%7B%7D HTTP/1.1\r\nHost: x\r\nContent-Type: "
                              b"application/sparql-query\r\nContent-Length: 6\r\nConnection: close\r\n\r\nASK {}", {400}),
    "invalid percent-encoding": (b"GET /sparql?query=%FF%FE HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", {400}),
    "non-UTF-8 body": (_post("application/sparql-query", b"ASK { \xff }"), {400}),
    "form without query": (_post("application/x-www-form-urlencoded", b"default-graph-uri=urn%3Ag"), {400}),
    "unknown media type": (_post("text/plain", b"ASK {}"), {415}),
    "update by form": (_post("application/x-www-form-urlencoded", b"update=CLEAR+ALL"), {403}),
    "update media type": (_post("application/sparql-update", b"CLEAR ALL"), {403}),
    "update in the URL": (b"GET /sparql?update=CLEAR%20ALL HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", {403}),
    "PUT": (_post("application/n-triples", b"<a:a> <a:b> <a:c> .").replace(b"POST", b"PUT", 1), {405}),
    "DELETE": (b"DELETE /sparql HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", {405}),
    "TRACE": (b"TRACE /sparql HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", {405}),
    "path traversal": (b"GET /static/../app.py HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", {404}),
    "encoded traversal": (b"GET /static/%2e%2e%2fapp.py HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", {404}),
    "hidden static file": (b"GET /static/.hidden HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", {404}),
    "unknown path": (b"GET /admin HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", {404}),
    "POST elsewhere": (_post("application/sparql-query", b"ASK {}").replace(b"/sparql", b"/other", 1), {404}),
    "unacceptable format": (b"GET /sparql?query=ASK%7B%7D HTTP/1.1\r\nHost: x\r\nAccept: image/png\r\n"
                            b"Connection: close\r\n\r\n", {406}),
}
CASES = {**{f"raw: {name}": (raw, statuses, b"") for name, (raw, statuses) in RAW.items()},
         **{f"{how}: {name}": (build(text), {400, 403}, needle)
            for name, (text, needle) in QUERIES.items() for how, build in (("GET", _get), ("form", _form),
                                                                         ("direct", _direct))},
         **{f"{how}: update {i}": (build(text), {403}, b"read-only")
            for i, text in enumerate(UPDATES) for how, build in (("GET", _get), ("form", _form), ("direct", _direct))}}


def test_the_corpus_is_large():
    assert len(CASES) >= 150


def test_a_text_with_more_brackets_than_the_query_stack_holds_is_refused():
    # Out of reach of a default request (64 KiB), for servers started with a larger --max-request.
    from kennisgraaf.errors import DataError
    from kennisgraaf.query import check_query

    with pytest.raises(DataError, match="more than 65536 brackets"):
        check_query("SELECT * WHERE { VALUES (?x) { " + "(1) " * 70_000 + "} }")
    assert check_query("SELECT * WHERE { VALUES (?x) { " + "(1) " * 60_000 + "} }") == "select"


@pytest.fixture(scope="module")
def endpoint():
    with running_endpoint(timeout_s=5, workers=1) as srv:
        yield srv


def exchange(address, raw: bytes) -> tuple[int | None, bytes, float]:
    started = time.monotonic()
    with socket.create_connection(address, timeout=10) as sock:
        try:
            sock.sendall(raw)
        except OSError:  # the server may answer and close before a huge request is all sent
            pass
        data = b""
        try:
            while chunk := sock.recv(65536):
                data += chunk
                if b"\r\n\r\n" in data and _complete(data):
                    break
        except OSError:
            pass
    status = int(data.split(b" ", 2)[1]) if data.startswith(b"HTTP/1.1 ") else None
    return status, data, time.monotonic() - started


def _complete(data: bytes) -> bool:
    head, _, body = data.partition(b"\r\n\r\n")
    for line in head.split(b"\r\n"):
        if line.lower().startswith(b"content-length:"):
            return len(body) >= int(line.split(b":")[1])
    return True


@pytest.mark.parametrize("name", list(CASES))
def test_hostile_request_is_refused_cleanly(endpoint, name):
    raw, statuses, needle = CASES[name]
    status, data, seconds = exchange(endpoint.server_address, raw)
    assert status in statuses, (name, data[:300])
    assert needle in data, (name, data[:300])
    assert b"Traceback" not in data and b'File "' not in data
    assert seconds < 2, (name, seconds)  # the checks are linear: no text makes them slow


def test_the_server_is_whole_after_the_corpus(endpoint):
    for name in CASES:  # again, in one go, then a normal query
        exchange(endpoint.server_address, CASES[name][0])
    status, data, _ = exchange(endpoint.server_address, _get("ASK { ?s a kg:MunicipalityModel }"))
    assert status == 200 and b"true" in data
    counts = endpoint.pool.counts()
    assert counts["light"] == 1 and counts["general"] == 1  # no worker was lost


def test_serve_on_a_port_in_use_is_one_message_and_exit_3(run):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen(1)
        port = taken.getsockname()[1]
        result = run("serve", "--port", port)
    assert result.exit_code == 3
    assert f"error: port {port} on 127.0.0.1 is already in use" in result.stderr and "--port" in result.stderr
    assert "Traceback" not in result.stderr
