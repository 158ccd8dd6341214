"""The endpoint's HTTP layer on its own (kennisgraaf/server/app.py): routing, every refusal and its status, the
size limits at their edges, CORS, HEAD and the connection cap, in front of a stand-in worker pool that records the
jobs it is given. No worker process starts, so these run in milliseconds (and serve as the tests for mutation
testing of app.py, docs/testing.md); tests/test_server.py covers the same endpoint with real workers."""

from __future__ import annotations

import http.client
import socket
import threading
import time

import pytest

from kennisgraaf.server.app import EndpointServer, bind
from kennisgraaf.server.workers import Reply

LIMIT = 100  # max_body of the server under test
ORIGIN = "https://app.example"


class FakePool:
    """Answers every job with a fixed SPARQL JSON result and remembers the jobs."""

    def __init__(self, truncated: bool = False):
        self.jobs, self.clients, self.closed, self.truncated = [], [], False, truncated
        self.info = {"graphs": {"urn:g:b": 1, "urn:g:a": 2}}

    async def run(self, job, client=None):
        self.jobs.append(job)
        self.clients.append(client)
        return Reply(200, "application/sparql-results+json", b'{"boolean": true}', self.truncated)

    def close(self):
        self.closed = True


def _start(pool, max_body=LIMIT, **kwargs):
    srv = EndpointServer(bind("127.0.0.1", 0), pool, max_body=max_body, **kwargs)
    threading.Thread(target=srv.serve_forever, daemon=True).start()
    return srv


@pytest.fixture(scope="module")
def _shared():
    # one server for the module: stopping uvicorn takes up to 0.2 s (its main loop looks every 0.1 s), which per
    # test was most of this module's time, and of the time mutation testing spends per mutant of app.py
    pool = FakePool()
    srv = _start(pool, cors_origins=(ORIGIN,))
    yield srv, pool
    srv.shutdown()
    srv.server_close()


@pytest.fixture
def server(_shared):
    """The shared server, with a pool that has seen no job yet."""
    srv, pool = _shared
    pool.jobs.clear()
    pool.clients.clear()
    return srv, pool


def request(srv, method, path, body=None, headers=None):
    conn = http.client.HTTPConnection(*srv.server_address[:2], timeout=5)
    conn.request(method, path, body=body, headers=headers or {})
    response = conn.getresponse()
    data = response.read()
    conn.close()
    return response.status, {k.lower(): v for k, v in response.getheaders()}, data


def raw(srv, data: bytes) -> bytes:
    with socket.create_connection(srv.server_address[:2], timeout=5) as sock:
        sock.sendall(data)
        chunks = []
        while chunk := sock.recv(65536):
            chunks.append(chunk)
    return b"".join(chunks)


def message(body: bytes) -> str:
    text = body.decode()
    assert text.endswith(")\n") and "\n(request id " in text
    return text.split("\n")[0]


# -- GET ----------------------------------------------------------------------------------------------------------

def test_a_query_is_passed_to_the_pool_with_its_graphs_and_media_types(server):
    srv, pool = server
    status, headers, body = request(srv, "GET", "/sparql?query=ASK%7B%7D&default-graph-uri=urn:g:a"
                                    "&named-graph-uri=urn:g:b&named-graph-uri=urn:g:c", headers={"Accept": "text/csv"})
    assert (status, body) == (200, b'{"boolean": true}')
    assert headers["content-type"] == "application/sparql-results+json"
    assert headers["content-length"] == "17" and headers["x-content-type-options"] == "nosniff"
    assert "x-kennisgraaf-truncated" not in headers and "access-control-allow-origin" not in headers
    [job] = pool.jobs
    assert (job.query, job.results_type, job.graph_type) == ("ASK{}", "text/csv", None)  # no graph type fits
    assert (job.default_graphs, job.named_graphs) == (("urn:g:a",), ("urn:g:b", "urn:g:c"))


def test_a_url_query_at_the_size_limit_is_answered_and_one_byte_more_is_413(server):
    srv, pool = server
    query = "query=" + "x" * (LIMIT - 6)  # the whole query string is LIMIT bytes
    assert request(srv, "GET", "/sparql?" + query)[0] == 200
    status, _, body = request(srv, "GET", "/sparql?" + query + "x")
    assert status == 413 and message(body) == "the request is over the 100-byte limit"
    assert len(pool.jobs) == 1


@pytest.mark.parametrize("path, status, text", [
    ("/elsewhere", 404, "not found; the endpoint is /sparql"),
    ("/sparql?query=a&query=b", 400, "give exactly one 'query' parameter"),
    ("/sparql?update=CLEAR%20ALL", 403,
     "SPARQL Update (INSERT, DELETE, LOAD, CLEAR, …) is refused: this endpoint is read-only"),
    ("/sparql?query=%FF", 400, "the parameters are not valid UTF-8 form data"),
    ("/static/../pyproject.toml", 404, "not found"),
    ("/static/.hidden", 404, "not found"),
    ("/static/nothing.js", 404, "not found"),
])
def test_get_refusals(server, path, status, text):
    srv, pool = server
    got, headers, body = request(srv, "GET", path)
    assert (got, message(body)) == (status, text)
    assert headers["content-type"] == "text/plain; charset=utf-8" and len(headers["x-request-id"]) == 12
    assert pool.jobs == []


def test_the_root_redirects_to_the_endpoint(server):
    status, headers, body = request(server[0], "GET", "/")
    assert (status, headers["location"], body) == (303, "/sparql", b"see /sparql\n")


def test_static_files_are_served_with_their_type(server):
    status, headers, body = request(server[0], "GET", "/static/page.css")
    assert (status, headers["content-type"], headers["cache-control"]) == (200, "text/css; charset=utf-8",
                                                                         "max-age=3600")
    assert body and int(headers["content-length"]) == len(body)


def test_without_a_query_the_endpoint_describes_itself(server):
    srv, pool = server
    status, headers, body = request(srv, "GET", "/sparql", headers={"Accept": "application/n-triples"})
    assert (status, headers["content-type"]) == (200, "application/n-triples")
    text = body.decode()
    assert f"<{srv.url}> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> " \
           "<http://www.w3.org/ns/sparql-service-description#Service>" in text
    assert "<urn:g:a>" in text and "<urn:g:b>" in text
    status, headers, _ = request(srv, "GET", "/sparql")
    assert (status, headers["content-type"]) == (200, "text/turtle; charset=utf-8")
    status, headers, body = request(srv, "GET", "/sparql", headers={"Accept": "text/html"})
    assert (status, headers["content-type"]) == (200, "text/html; charset=utf-8")
    assert headers["content-security-policy"].startswith("default-src 'self'") and body.startswith(b"<!")
    assert pool.jobs == []


def test_head_sends_the_headers_of_get_without_the_body(server):
    srv, pool = server
    status, headers, body = request(srv, "HEAD", "/sparql?query=ASK%7B%7D")
    assert (status, body, headers["content-length"]) == (200, b"", "17")
    status, _, body = request(srv, "GET", "/sparql?query=ASK%7B%7D")  # the next GET has its body again
    assert (status, body) == (200, b'{"boolean": true}')


def test_truncated_results_are_flagged():
    pool = FakePool(truncated=True)
    srv = _start(pool)
    try:
        _, headers, _ = request(srv, "GET", "/sparql?query=SELECT")
    finally:
        srv.shutdown()
        srv.server_close()
    assert headers["x-kennisgraaf-truncated"] == "true"


# -- POST ---------------------------------------------------------------------------------------------------------

FORM = {"Content-Type": "application/x-www-form-urlencoded"}
SPARQL = {"Content-Type": "application/sparql-query"}


def test_post_forms_and_direct_queries_reach_the_pool(server):
    srv, pool = server
    assert request(srv, "POST", "/sparql?default-graph-uri=urn:g:a", "query=ASK%7B%7D", FORM)[0] == 200
    assert request(srv, "POST", "/sparql", "ASK {}", {"Content-Type": "Application/SPARQL-Query; charset=UTF-8"})[0] == 200
    assert [(j.query, j.default_graphs) for j in pool.jobs] == [("ASK{}", ("urn:g:a",)), ("ASK {}", ())]


def test_a_body_at_the_size_limit_is_read_and_one_byte_more_is_413_and_closes(server):
    srv, pool = server
    assert request(srv, "POST", "/sparql", "x" * LIMIT, SPARQL)[0] == 200
    status, headers, body = request(srv, "POST", "/sparql", "x" * (LIMIT + 1), SPARQL)
    assert status == 413 and message(body) == "the request is over the 100-byte limit"
    assert headers["connection"] == "close"
    assert [len(j.query) for j in pool.jobs] == [LIMIT]


def test_a_post_without_a_content_length_is_411(server):
    srv, pool = server
    head = b"POST /sparql HTTP/1.1\r\nHost: x\r\nContent-Type: application/sparql-query\r\nConnection: close\r\n"
    answer = raw(srv, head + b"\r\nASK {}")
    assert answer.startswith(b"HTTP/1.1 411 Length Required\r\n")
    assert b"a POST needs a Content-Length header" in answer and pool.jobs == []


def test_a_post_with_a_non_numeric_content_length_is_400_from_the_http_layer(server):
    srv, pool = server
    head = (b"POST /sparql HTTP/1.1\r\nHost: x\r\nContent-Type: application/sparql-query\r\nConnection: close\r\n"
            b"Content-Length: ten\r\n")
    answer = raw(srv, head + b"\r\nASK {}")
    assert answer.startswith(b"HTTP/1.1 400 Bad Request\r\n") and pool.jobs == []


@pytest.mark.parametrize("path, body, headers, status, text", [
    ("/other", "ASK {}", SPARQL, 404, "not found; the endpoint is /sparql"),
    ("/sparql", b"\xff\xfe", SPARQL, 400, "the request body is not UTF-8"),
    ("/sparql?query=ASK", "query=ASK", FORM, 400, "give the query once: in the URL or in the body, not both"),
    ("/sparql?query=ASK", "ASK {}", SPARQL, 400, "give the query once: in the URL or in the body, not both"),
    ("/sparql", "INSERT DATA {}", {"Content-Type": "application/sparql-update"}, 403,
     "SPARQL Update (INSERT, DELETE, LOAD, CLEAR, …) is refused: this endpoint is read-only"),
    ("/sparql", "update=CLEAR", FORM, 403,
     "SPARQL Update (INSERT, DELETE, LOAD, CLEAR, …) is refused: this endpoint is read-only"),
    ("/sparql", "ASK {}", {"Content-Type": "text/plain"}, 415,
     "send the query as application/sparql-query or as the 'query' field of an application/x-www-form-urlencoded "
     "form"),
    ("/sparql", "ASK {}", {}, 415,
     "send the query as application/sparql-query or as the 'query' field of an application/x-www-form-urlencoded "
     "form"),
    ("/sparql", "default-graph-uri=urn:g:a", FORM, 400, "no 'query' given"),
    ("/sparql", "query=a&query=b", FORM, 400, "give exactly one 'query' parameter"),
    ("/sparql", "query=%FF", FORM, 400, "the parameters are not valid UTF-8 form data"),
    ("/sparql?query=%FF", "ASK {}", SPARQL, 400, "the parameters are not valid UTF-8 form data"),
])
def test_post_refusals(server, path, body, headers, status, text):
    srv, pool = server
    got, _, answer = request(srv, "POST", path, body, headers)
    assert (got, message(answer)) == (status, text)
    assert pool.jobs == []


@pytest.mark.parametrize("method", ["PUT", "DELETE", "PATCH"])
def test_other_methods_are_405_with_allow(server, method):
    status, headers, body = request(server[0], method, "/sparql", "x", SPARQL)
    assert (status, headers["allow"]) == (405, "GET, HEAD, POST, OPTIONS")
    assert message(body) == "this endpoint is read-only: only GET and POST queries"


# -- CORS ---------------------------------------------------------------------------------------------------------

def test_cors_headers_only_for_an_allowed_origin(server):
    srv, _ = server
    status, headers, body = request(srv, "OPTIONS", "/sparql", headers={"Origin": ORIGIN})
    assert (status, body, headers["allow"]) == (204, b"", "GET, HEAD, POST, OPTIONS")
    assert headers["access-control-allow-origin"] == ORIGIN and headers["vary"] == "Origin"
    assert headers["access-control-allow-methods"] == "GET, POST"
    assert headers["access-control-allow-headers"] == "Content-Type, Accept"
    assert headers["access-control-max-age"] == "600"
    assert headers["access-control-expose-headers"] == "X-Kennisgraaf-Truncated, X-Request-Id"
    _, headers, _ = request(srv, "GET", "/sparql?query=ASK", headers={"Origin": ORIGIN})
    assert headers["access-control-allow-origin"] == ORIGIN
    for origin in ("https://other.example", None):
        status, headers, _ = request(srv, "OPTIONS", "/sparql", headers={"Origin": origin} if origin else {})
        assert status == 204 and headers["allow"] == "GET, HEAD, POST, OPTIONS"
        assert not any(k.startswith("access-control-") for k in headers) and "vary" not in headers


def test_a_wildcard_allows_every_origin_as_star():
    srv = _start(FakePool(), cors_origins=("*",))
    try:
        _, headers, _ = request(srv, "GET", "/sparql?query=ASK", headers={"Origin": "https://any.example"})
        _, without, _ = request(srv, "GET", "/sparql?query=ASK")
    finally:
        srv.shutdown()
        srv.server_close()
    assert headers["access-control-allow-origin"] == "*"
    assert "access-control-allow-origin" not in without


# -- connections and lifecycle --------------------------------------------------------------------------------------

# Connection caps (per client and in total) are tested with real clients in tests/test_endpoint_dos.py.


def test_the_url_names_the_bound_port_and_closing_stops_the_pool():
    pool = FakePool()
    srv = EndpointServer(bind("127.0.0.1", 0), pool)
    assert srv.url == f"http://127.0.0.1:{srv.server_address[1]}/sparql"
    assert (srv.max_body, srv.cors_origins) == (64 * 1024, ())
    srv.server_close()
    assert pool.closed


# -- the remaining edges (each written against a mutant that survived the tests above) ----------------------------

def test_static_refuses_a_path_that_leaves_the_folder(server):
    # "/static//etc/hostname": the name "/etc/hostname" would join to an absolute path outside static/
    status, _, body = request(server[0], "GET", "/static//etc/hostname")
    assert (status, message(body)) == (404, "not found")


def test_head_sends_no_body_bytes_and_keeps_the_connection_usable(server):
    srv, _ = server
    answer = raw(srv, b"HEAD /sparql?query=ASK HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
    head, _, rest = answer.partition(b"\r\n\r\n")
    assert head.startswith(b"HTTP/1.1 200 OK") and b"content-length: 17" in head.lower() and rest == b""
    conn = http.client.HTTPConnection(*srv.server_address[:2], timeout=5)  # HEAD, then GET on one connection
    conn.request("HEAD", "/sparql?query=ASK")
    conn.getresponse().read()
    conn.request("GET", "/sparql?query=ASK")
    assert conn.getresponse().read() == b'{"boolean": true}'
    conn.close()


def test_options_and_redirect_bodies_and_types(server):
    _, headers, _ = request(server[0], "OPTIONS", "/sparql")
    assert "content-type" not in headers and headers["content-length"] == "0"
    _, headers, _ = request(server[0], "GET", "/")
    assert headers["content-type"] == "text/plain; charset=utf-8"


def test_411_names_what_is_missing_exactly(server):
    answer = raw(server[0], b"POST /sparql HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
    assert message(answer.partition(b"\r\n\r\n")[2]) == "a POST needs a Content-Length header"


def test_form_parsing_blank_values_loose_pairs_and_the_field_cap():
    pool = FakePool()
    srv = _start(pool, max_body=1000)
    try:
        assert request(srv, "GET", "/sparql?query=")[0] == 200  # a blank query is the query "", not "no query"
        assert request(srv, "GET", "/sparql?query=ASK&junk")[0] == 200  # a pair without "=" is ignored
        assert request(srv, "GET", "/sparql?query=ASK" + "&a=1" * 49)[0] == 200  # 50 fields
        status, _, body = request(srv, "GET", "/sparql?query=ASK" + "&a=1" * 50)  # 51 fields
    finally:
        srv.shutdown()
        srv.server_close()
    assert (status, message(body)) == (400, "the parameters are not valid UTF-8 form data")
    assert [j.query for j in pool.jobs] == ["", "ASK", "ASK"]


def test_the_description_prefers_what_accept_weighs_most_and_falls_back_to_turtle(server):
    srv, _ = server
    _, headers, _ = request(srv, "GET", "/sparql", headers={"Accept": "text/html;q=0.1, application/n-triples"})
    assert headers["content-type"] == "application/n-triples"
    status, headers, _ = request(srv, "GET", "/sparql", headers={"Accept": "image/png"})
    assert (status, headers["content-type"]) == (200, "text/turtle; charset=utf-8")


def test_the_service_description_states_the_protocol_facts(server):
    from rdflib import Graph, Namespace, URIRef
    from rdflib.namespace import RDF

    srv, _ = server
    _, _, body = request(srv, "GET", "/sparql", headers={"Accept": "text/turtle"})
    g = Graph().parse(data=body.decode(), format="turtle")
    SD, service = Namespace("http://www.w3.org/ns/sparql-service-description#"), URIRef(srv.url)
    assert (service, RDF.type, SD.Service) in g and (service, SD.endpoint, service) in g
    assert (service, SD.supportedLanguage, SD.SPARQL11Query) in g and (service, SD.feature, SD.UnionDefaultGraph) in g
    formats_ns = "http://www.w3.org/ns/formats/"
    assert set(g.objects(service, SD.resultFormat)) == {URIRef(formats_ns + f) for f in (
        "SPARQL_Results_JSON", "SPARQL_Results_XML", "SPARQL_Results_CSV", "SPARQL_Results_TSV", "Turtle",
        "N-Triples", "JSON-LD")}
    dataset = g.value(service, SD.defaultDataset)
    assert g.value(dataset, SD.defaultGraph) is not None
    assert {g.value(n, SD.name) for n in g.objects(dataset, SD.namedGraph)} == {URIRef("urn:g:a"), URIRef("urn:g:b")}


def test_the_catalogue_path_asks_the_pool_for_the_catalogue_graph(server):
    srv, pool = server
    status, _, body = request(srv, "GET", "/.well-known/dcat", headers={"Accept": "application/n-triples"})
    # the stand-in pool's answer holds no catalogue: the endpoint says how to make one
    assert (status, message(body)) == (404, "this data folder has no DCAT-AP description (data/catalog.ttl); "
                                            "run `kennisgraaf standards generate`")
    [job] = pool.jobs
    assert job.query.startswith("CONSTRUCT") and job.graph_type == "application/n-triples"


def test_each_request_is_logged_with_the_client_address(server, caplog):
    import logging

    def mine():  # the server is shared: the line of an earlier test's request may still arrive during this one
        return [r for r in caplog.records if r.name == "kennisgraaf.server" and "/log-probe " in r.getMessage()]

    with caplog.at_level(logging.INFO, logger="kennisgraaf.server"):
        request(server[0], "GET", "/log-probe")
        deadline = time.monotonic() + 2  # the handler logs after it has answered
        while not mine() and time.monotonic() < deadline:
            time.sleep(0.01)
    [record] = mine()
    assert record.levelno == logging.INFO and record.getMessage() == '127.0.0.1 "GET /log-probe HTTP/1.1" 404 -'


def test_a_construct_gets_the_graph_type_accept_asks_for(server):
    srv, pool = server
    request(srv, "GET", "/sparql?query=CONSTRUCT", headers={"Accept": "application/ld+json"})
    # no solutions type fits JSON-LD: the worker answers a SELECT to this client with 406
    assert (pool.jobs[0].results_type, pool.jobs[0].graph_type) == (None, "application/ld+json")


def test_the_description_without_named_graphs():
    pool = FakePool()
    pool.info = {}  # a pool that reports no graphs
    srv = _start(pool)
    try:
        status, _, body = request(srv, "GET", "/sparql", headers={"Accept": "application/n-triples"})
    finally:
        srv.shutdown()
        srv.server_close()
    assert status == 200 and b"sparql-service-description#namedGraph" not in body


def test_a_response_names_this_server_once_and_no_date(server):
    # uvicorn would add "server: uvicorn" and a Date header of its own; neither says anything a client needs
    answer = raw(server[0], b"GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
    head = answer.split(b"\r\n\r\n")[0].lower().split(b"\r\n")
    assert [line for line in head if line.startswith((b"server:", b"date:"))] == [b"server: kennisgraaf"]


def test_a_forwarded_for_header_does_not_change_which_client_a_request_counts_for(server):
    # the per-client limits count the peer address: a client that names another address must not escape them
    srv, pool = server
    request(srv, "GET", "/sparql?query=ASK", headers={"X-Forwarded-For": "10.9.9.9", "X-Forwarded-Proto": "https"})
    assert pool.clients == ["127.0.0.1"]


def test_uvicorn_logs_neither_its_start_nor_each_request(caplog):
    import logging

    with caplog.at_level(logging.INFO), caplog.at_level(logging.INFO, logger="uvicorn.access"):
        srv = _start(FakePool())
        try:
            request(srv, "GET", "/")
        finally:
            srv.shutdown()
            srv.server_close()
    assert [r.getMessage() for r in caplog.records if r.name.startswith("uvicorn")] == []
