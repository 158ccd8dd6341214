"""The SPARQL 1.1 Protocol endpoint (``kennisgraaf serve``): request parsing, content negotiation and limits.

Built on the standard library's ``ThreadingHTTPServer`` rather than an ASGI stack (starlette + uvicorn): every
request ends in a blocking wait on a worker process (:mod:`.workers`), which a thread per connection expresses
directly, and the endpoint then adds no runtime dependency. The query work happens in the worker processes, so the
HTTP layer is not what limits throughput (see ``bench/RESULTS.md``).

Safe by default, as keyword arguments of :func:`create_server`: bound to 127.0.0.1, read-only (updates 403),
no federation (``SERVICE`` and remote ``FROM`` 403), a query timeout that stops the query, a row cap (signalled by
``X-Kennisgraaf-Truncated: true``), a request-size cap, no CORS unless origins are given, no household cases unless
asked, and error bodies that are a fixed message and a request id.
"""

from __future__ import annotations

import logging
import threading
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from importlib.resources import files
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pyoxigraph as ox

from . import catalog, formats
from .workers import Job, Reply, WorkerConfig, WorkerPool

log = logging.getLogger("kennisgraaf.server")

STATIC = files("kennisgraaf.server") / "static"
_STATIC_TYPES = {".js": "text/javascript; charset=utf-8", ".css": "text/css; charset=utf-8",
                 ".html": "text/html; charset=utf-8", ".json": "application/json", ".txt": "text/plain; charset=utf-8"}
_PAGE_CSP = ("default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
             "font-src 'self' data:; connect-src 'self'; frame-ancestors 'none'")
_SD = "http://www.w3.org/ns/sparql-service-description#"
_FORMATS_NS = "http://www.w3.org/ns/formats/"
_SD_FORMATS = ("SPARQL_Results_JSON", "SPARQL_Results_XML", "SPARQL_Results_CSV", "SPARQL_Results_TSV",
               "Turtle", "N-Triples", "JSON-LD")


class EndpointServer(ThreadingHTTPServer):
    """The HTTP server: a thread per connection (at most ``max_connections``), queries answered by a worker pool."""

    daemon_threads = True
    request_queue_size = 128  # listen backlog (the default 5 resets connections when 20 clients connect at once)

    def __init__(self, address: tuple[str, int], pool: WorkerPool, *, max_body: int = 64 * 1024,
                 cors_origins: tuple[str, ...] = (), max_connections: int = 256):
        self.pool, self.max_body, self.cors_origins = pool, max_body, tuple(cors_origins)
        self._slots = threading.BoundedSemaphore(max_connections)
        super().__init__(address, Handler)

    @property
    def url(self) -> str:
        host, port = self.server_address[:2]
        return f"http://{host}:{port}/sparql"

    def process_request(self, request, client_address):
        if not self._slots.acquire(blocking=False):  # too many open connections: drop this one
            self.shutdown_request(request)
            return
        super().process_request(request, client_address)

    def process_request_thread(self, request, client_address):
        try:
            super().process_request_thread(request, client_address)
        finally:
            self._slots.release()

    def server_close(self) -> None:
        super().server_close()
        self.pool.close()

    def service_description(self, media_type: str) -> bytes:
        """A SPARQL 1.1 Service Description of this endpoint, with the named graphs it serves."""
        sd = lambda name: ox.NamedNode(_SD + name)  # noqa: E731
        service, dataset, default = ox.NamedNode(self.url), ox.BlankNode(), ox.BlankNode()
        triples = [ox.Triple(service, ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"), sd("Service")),
                   ox.Triple(service, sd("endpoint"), service),
                   ox.Triple(service, sd("supportedLanguage"), sd("SPARQL11Query")),
                   ox.Triple(service, sd("feature"), sd("UnionDefaultGraph")),
                   ox.Triple(service, sd("defaultDataset"), dataset),
                   ox.Triple(dataset, sd("defaultGraph"), default)]
        triples += [ox.Triple(service, sd("resultFormat"), ox.NamedNode(_FORMATS_NS + f)) for f in _SD_FORMATS]
        for graph in sorted(self.pool.info.get("graphs", {})):
            node = ox.BlankNode()
            triples += [ox.Triple(dataset, sd("namedGraph"), node), ox.Triple(node, sd("name"), ox.NamedNode(graph))]
        return formats.serialize_graph(triples, media_type)


class Handler(BaseHTTPRequestHandler):
    """SPARQL 1.1 Protocol over GET and POST at /sparql; the query page and its assets; nothing else."""

    protocol_version = "HTTP/1.1"
    server_version = "kennisgraaf"
    sys_version = ""
    timeout = 30  # seconds a connection may stay idle or slow (slow-loris guard)
    disable_nagle_algorithm = True  # headers and body are two writes: no 40 ms wait for a delayed ACK
    server: EndpointServer

    def version_string(self) -> str:
        return self.server_version

    def log_message(self, format: str, *args) -> None:  # noqa: A002 - the base class's name
        log.info("%s %s", self.address_string(), format % args)

    # -- routing --------------------------------------------------------------------------------------------------

    def do_GET(self) -> None:
        url = urlsplit(self.path)
        if len(url.query) > self.server.max_body:
            return self._reply(Reply.error(413, f"the request is over the {self.server.max_body}-byte limit"))
        if url.path == "/":
            return self._send(303, "text/plain; charset=utf-8", b"see /sparql\n", {"Location": "/sparql"})
        if url.path.startswith("/static/"):
            return self._static(url.path.removeprefix("/static/"))
        if url.path in catalog.PATHS:  # DCAT-AP description of the dataset (server/catalog.py)
            return self._reply(catalog.reply(self.server, self.headers.get("Accept")))
        if url.path != "/sparql":
            return self._reply(Reply.error(404, "not found; the endpoint is /sparql"))
        params = self._params(url.query)
        if params is None:
            return
        if "query" not in params:
            return self._describe()
        self._query(params)

    def do_HEAD(self) -> None:
        """GET's status and headers without the body (RFC 9110 §9.3.2)."""
        self._head_only = True
        try:
            self.do_GET()
        finally:
            self._head_only = False

    def do_POST(self) -> None:
        url = urlsplit(self.path)
        if url.path != "/sparql":
            return self._reply(Reply.error(404, "not found; the endpoint is /sparql"))
        body = self._body()
        if body is None:
            return
        media = (self.headers.get("Content-Type") or "").split(";")[0].strip().lower()
        params = self._params(url.query)
        if params is None:
            return
        if media == "application/x-www-form-urlencoded":
            form = self._params(body)
            if form is None:
                return
            if "query" in params and "query" in form:
                return self._reply(Reply.error(400, "give the query once: in the URL or in the body, not both"))
            params.update(form)
        elif media == "application/sparql-query":
            if "query" in params:
                return self._reply(Reply.error(400, "give the query once: in the URL or in the body, not both"))
            params["query"] = [body]
        elif media == "application/sparql-update":
            return self._reply(_read_only())
        else:
            return self._reply(Reply.error(415, "send the query as application/sparql-query or as the 'query' field "
                                                "of an application/x-www-form-urlencoded form"))
        if "query" not in params:
            return self._reply(Reply.error(400, "no 'query' given"))
        self._query(params)

    def _refuse_method(self) -> None:
        self._reply(Reply.error(405, "this endpoint is read-only: only GET and POST queries", Allow="GET, HEAD, POST, OPTIONS"))

    do_PUT = do_DELETE = do_PATCH = _refuse_method

    def do_OPTIONS(self) -> None:
        headers = {"Allow": "GET, HEAD, POST, OPTIONS"}
        if self._cors_origin():
            headers.update({"Access-Control-Allow-Methods": "GET, POST",
                            "Access-Control-Allow-Headers": "Content-Type, Accept", "Access-Control-Max-Age": "600"})
        self._send(204, "", b"", headers)

    # -- the parts ------------------------------------------------------------------------------------------------

    def _body(self) -> str | None:
        length = self.headers.get("Content-Length")
        if length is None or not length.isdigit():
            self._reply(Reply.error(411, "a POST needs a Content-Length header"))
            return None
        if int(length) > self.server.max_body:
            self.close_connection = True  # the body is not read
            self._reply(Reply.error(413, f"the request is over the {self.server.max_body}-byte limit"))
            return None
        try:
            return self.rfile.read(int(length)).decode("utf-8")
        except UnicodeDecodeError:
            self._reply(Reply.error(400, "the request body is not UTF-8"))
            return None

    def _params(self, text: str) -> dict[str, list[str]] | None:
        try:
            params = parse_qs(text, keep_blank_values=True, strict_parsing=False, errors="strict",
                              max_num_fields=50)
        except (UnicodeDecodeError, ValueError):
            self._reply(Reply.error(400, "the parameters are not valid UTF-8 form data"))
            return None
        if "update" in params:
            self._reply(_read_only())
            return None
        if len(params.get("query", [])) > 1:
            self._reply(Reply.error(400, "give exactly one 'query' parameter"))
            return None
        return params

    def _query(self, params: dict[str, list[str]]) -> None:
        accept = self.headers.get("Accept")
        job = Job(params["query"][0], formats.negotiate(accept, formats.RESULT_TYPES),
                  formats.negotiate(accept, formats.GRAPH_TYPES),
                  tuple(params.get("default-graph-uri", ())), tuple(params.get("named-graph-uri", ())))
        self._reply(self.server.pool.run(job))

    def _describe(self) -> None:
        accept = self.headers.get("Accept") or ""
        page = formats.negotiate(accept, ["text/html", *formats.GRAPH_TYPES])
        if page == "text/html" and "text/html" in accept:
            body = (STATIC / "index.html").read_bytes()
            return self._send(200, "text/html; charset=utf-8", body, {"Content-Security-Policy": _PAGE_CSP})
        media = formats.negotiate(accept, formats.GRAPH_TYPES) or "text/turtle"
        self._send(200, media + ("; charset=utf-8" if media.startswith("text/") else ""),
                   self.server.service_description(media))

    def _static(self, name: str) -> None:
        resource = STATIC / name
        if "/" in name or name.startswith(".") or not resource.is_file():
            return self._reply(Reply.error(404, "not found"))
        content_type = _STATIC_TYPES.get(Path(name).suffix, "application/octet-stream")
        self._send(200, content_type, resource.read_bytes(), {"Cache-Control": "max-age=3600"})

    def _cors_origin(self) -> str | None:
        origin = self.headers.get("Origin")
        allowed = self.server.cors_origins
        if origin and (origin in allowed or "*" in allowed):
            return origin if "*" not in allowed else "*"
        return None

    def _reply(self, reply: Reply) -> None:
        headers = dict(reply.headers)
        if reply.truncated:
            headers["X-Kennisgraaf-Truncated"] = "true"
        self._send(reply.status, reply.content_type, reply.body, headers)

    def _send(self, status: int, content_type: str, body: bytes, headers: dict[str, str] | None = None) -> None:
        self.send_response(status, HTTPStatus(status).phrase)
        if content_type:
            self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("X-Content-Type-Options", "nosniff")
        origin = self._cors_origin()
        if origin:
            self.send_header("Access-Control-Allow-Origin", origin)
            self.send_header("Access-Control-Expose-Headers", "X-Kennisgraaf-Truncated, X-Request-Id")
            self.send_header("Vary", "Origin")
        for key, value in (headers or {}).items():
            self.send_header(key, value)
        if self.close_connection:
            self.send_header("Connection", "close")
        self.end_headers()
        if not getattr(self, "_head_only", False):
            self.wfile.write(body)


def _read_only() -> Reply:
    return Reply.error(403, "SPARQL Update (INSERT, DELETE, LOAD, CLEAR, …) is refused: this endpoint is read-only")


def create_server(data_dir: Path | str | None = None, *, host: str = "127.0.0.1", port: int = 8000,
                  include_cases: bool = False, timeout_s: float = 10.0, max_rows: int = 10_000,
                  max_body: int = 64 * 1024, cors_origins: tuple[str, ...] = (), workers: int | None = None,
                  ontology_dir: Path | str | None = None, extra_paths=()) -> EndpointServer:
    """Load the store into a worker pool and bind the endpoint (not yet serving: call ``serve_forever()``).

    ``port=0`` picks a free port (see ``server.url``). Raises DataError when the data cannot be loaded.
    """
    config = WorkerConfig(Path(data_dir) if data_dir else None, Path(ontology_dir) if ontology_dir else None,
                          include_cases, max_rows, extra_paths=tuple(Path(p) for p in extra_paths))
    pool = WorkerPool(config, size=workers, timeout_s=timeout_s).start()
    try:
        return EndpointServer((host, port), pool, max_body=max_body, cors_origins=tuple(cors_origins))
    except OSError:
        pool.close()
        raise


def run(server: EndpointServer) -> None:
    """Serve until Ctrl-C, then stop the workers."""
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
