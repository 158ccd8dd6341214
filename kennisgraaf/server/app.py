"""The SPARQL 1.1 Protocol endpoint (``kennisgraaf serve``): request parsing, content negotiation and limits.

An ASGI application served by uvicorn (:mod:`.connections`: deadlines for request heads and bodies, connections per
client), whose queries run in worker processes shared fairly between clients (:mod:`.pool`: a light lane, per-client
shares, a bounded queue). The HTTP layer is one event loop: a waiting query holds no thread, so slow or idle
connections cost little.

Safe by default, as keyword arguments of :func:`create_server`: bound to 127.0.0.1, read-only (updates 403),
no federation (``SERVICE`` 403, and no network in the workers), a query timeout that stops the query, a row cap
(signalled by ``X-Kennisgraaf-Truncated: true``), a request-size cap, no CORS unless origins are given, no household
cases unless asked, and error bodies that are a fixed message and a request id.
"""

from __future__ import annotations

import asyncio
import errno
import logging
import socket
import threading
from importlib.resources import files
from pathlib import Path
from urllib.parse import parse_qs

import pyoxigraph as ox
import uvicorn

from ..errors import DataError
from . import catalog, formats
from .connections import ConnectionLimits, protocol_class
from .pool import Limits, WorkerPool, client_key
from .workers import Job, Reply, WorkerConfig

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
_ALLOW = "GET, HEAD, POST, OPTIONS"
MAX_HEADERS, MAX_HEAD_BYTES = 100, 32 * 1024


class Request:
    """What the handlers need of one HTTP request."""

    def __init__(self, scope: dict, receive):
        self.method, self.path, self.receive = scope["method"], scope["path"], receive
        self.query = scope["query_string"].decode("latin-1")
        headers: dict[str, str] = {}
        for key, value in scope["headers"]:
            name = key.decode("latin-1")
            headers[name] = f"{headers[name]}, {value.decode('latin-1')}" if name in headers else value.decode("latin-1")
        self.headers = headers
        #: h11 bounds a head that arrives in pieces; one that arrives whole is bounded here
        self.head_too_large = len(scope["headers"]) > MAX_HEADERS or sum(
            len(key) + len(value) for key, value in scope["headers"]) > MAX_HEAD_BYTES
        self.client = client_key(scope["client"][0] if scope.get("client") else None)
        self.close = False


class EndpointServer:
    """The endpoint: a bound socket, the worker pool, and the uvicorn server that serves the ASGI app on it."""

    def __init__(self, sock: socket.socket, pool: WorkerPool, *, max_body: int = 64 * 1024,
                 cors_origins: tuple[str, ...] = (), connections: ConnectionLimits = ConnectionLimits()):
        self.socket, self.pool, self.max_body, self.cors_origins = sock, pool, max_body, tuple(cors_origins)
        self.connections = connections
        self.server_address = sock.getsockname()[:2]
        async def app(scope, receive, send) -> None:
            await self(scope, receive, send)

        # a plain ASGI3 function, the interface named: uvicorn guesses ASGI2 or an app factory from a __call__ that
        # takes any arguments (as a profiler's or mutmut's wrapper does)
        config = uvicorn.Config(app, http=protocol_class(connections), interface="asgi3", lifespan="off",
                                log_config=None,
                                log_level="warning", access_log=False, proxy_headers=False, server_header=False, date_header=False,
                                limit_concurrency=connections.total, timeout_keep_alive=connections.keep_alive_s,
                                timeout_graceful_shutdown=5, h11_max_incomplete_event_size=max_body + 16 * 1024)
        self._uvicorn = uvicorn.Server(config)
        self._stopped = threading.Event()
        self._stopped.set()

    @property
    def url(self) -> str:
        host, port = self.server_address
        return f"http://[{host}]:{port}/sparql" if ":" in host else f"http://{host}:{port}/sparql"

    def serve_forever(self) -> None:
        """Serve until :meth:`shutdown` (from another thread) or Ctrl-C (in the main thread)."""
        self._stopped.clear()
        try:
            self._uvicorn.run(sockets=[self.socket])
        finally:
            self._stopped.set()

    def shutdown(self) -> None:
        """Stop :meth:`serve_forever` and wait until it has returned."""
        self._uvicorn.should_exit = True
        self._stopped.wait(30)

    def server_close(self) -> None:
        self.socket.close()
        self.pool.close()

    # -- the ASGI application ---------------------------------------------------------------------------------

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] != "http":
            return
        request = Request(scope, receive)
        status, content_type, body, headers = await self._route(request)
        await self._send(send, request, status, content_type, body, headers)
        # one access line per request (uvicorn's own access log is off: it would name no refusal reason)
        host = scope["client"][0] if scope.get("client") else "-"
        log.info('%s "%s %s HTTP/%s" %d -', host, request.method, request.path, scope.get("http_version", "1.1"), status)

    async def _route(self, request: Request):
        if request.head_too_large:
            request.close = True
            return _reply(Reply.error(431, f"the request has more than {MAX_HEADERS} header fields or "
                                           f"{MAX_HEAD_BYTES // 1024} KiB of them"))
        method = request.method
        if method in ("GET", "HEAD"):
            return await self._get(request)
        if method == "POST":
            return await self._post(request)
        if method == "OPTIONS":
            headers = {"Allow": _ALLOW}
            if self._cors_origin(request):
                headers.update({"Access-Control-Allow-Methods": "GET, POST",
                                "Access-Control-Allow-Headers": "Content-Type, Accept",
                                "Access-Control-Max-Age": "600"})
            return 204, "", b"", headers
        return _reply(Reply.error(405, "this endpoint is read-only: only GET and POST queries", Allow=_ALLOW))

    async def _get(self, request: Request):
        if len(request.query) > self.max_body:
            return _reply(Reply.error(413, f"the request is over the {self.max_body}-byte limit"))
        if request.path == "/":
            return 303, "text/plain; charset=utf-8", b"see /sparql\n", {"Location": "/sparql"}
        if request.path.startswith("/static/"):
            return self._static(request.path.removeprefix("/static/"))
        if request.path in catalog.PATHS:  # DCAT-AP description of the dataset (server/catalog.py)
            return _reply(await catalog.reply(self, request.headers.get("accept"), request.client))
        if request.path != "/sparql":
            return _reply(Reply.error(404, "not found; the endpoint is /sparql"))
        params = _params(request.query)
        if isinstance(params, Reply):
            return _reply(params)
        if "query" not in params:
            return self._describe(request)
        return await self._query(request, params)

    async def _post(self, request: Request):
        if request.path != "/sparql":
            return _reply(Reply.error(404, "not found; the endpoint is /sparql"))
        body = await self._body(request)
        if isinstance(body, Reply):
            return _reply(body)
        media = request.headers.get("content-type", "").split(";")[0].strip().lower()
        params = _params(request.query)
        if isinstance(params, Reply):
            return _reply(params)
        if media == "application/x-www-form-urlencoded":
            form = _params(body)
            if isinstance(form, Reply):
                return _reply(form)
            if "query" in params and "query" in form:
                return _reply(Reply.error(400, "give the query once: in the URL or in the body, not both"))
            params.update(form)
        elif media == "application/sparql-query":
            if "query" in params:
                return _reply(Reply.error(400, "give the query once: in the URL or in the body, not both"))
            params["query"] = [body]
        elif media == "application/sparql-update":
            return _reply(_read_only())
        else:
            return _reply(Reply.error(415, "send the query as application/sparql-query or as the 'query' field "
                                           "of an application/x-www-form-urlencoded form"))
        if "query" not in params:
            return _reply(Reply.error(400, "no 'query' given"))
        return await self._query(request, params)

    async def _body(self, request: Request) -> str | Reply:
        length = request.headers.get("content-length")
        if length is None or not length.isdigit():
            request.close = True
            return Reply.error(411, "a POST needs a Content-Length header")
        if int(length) > self.max_body:
            request.close = True  # the body is not read
            return Reply.error(413, f"the request is over the {self.max_body}-byte limit")
        chunks, more = [], True
        try:
            async with asyncio.timeout(self.connections.body_timeout_s):
                while more:
                    message = await request.receive()
                    if message["type"] != "http.request":  # the client went away: run nothing of a partial body
                        request.close = True
                        return Reply.error(400, "the connection closed before the request body was complete")
                    chunks.append(message.get("body", b""))
                    more = message.get("more_body", False)
        except TimeoutError:
            request.close = True
            return Reply.error(408, f"the request body did not arrive within {self.connections.body_timeout_s:g} s")
        try:
            return b"".join(chunks).decode("utf-8")
        except UnicodeDecodeError:
            return Reply.error(400, "the request body is not UTF-8")

    async def _query(self, request: Request, params: dict[str, list[str]]):
        accept = request.headers.get("accept")
        job = Job(params["query"][0], formats.negotiate(accept, formats.RESULT_TYPES),
                  formats.negotiate(accept, formats.GRAPH_TYPES),
                  tuple(params.get("default-graph-uri", ())), tuple(params.get("named-graph-uri", ())))
        return _reply(await self.pool.run(job, request.client))

    def _describe(self, request: Request):
        accept = request.headers.get("accept") or ""
        page = formats.negotiate(accept, ["text/html", *formats.GRAPH_TYPES])
        if page == "text/html" and "text/html" in accept:
            body = (STATIC / "index.html").read_bytes()
            return 200, "text/html; charset=utf-8", body, {"Content-Security-Policy": _PAGE_CSP}
        media = formats.negotiate(accept, formats.GRAPH_TYPES) or "text/turtle"
        return (200, media + ("; charset=utf-8" if media.startswith("text/") else ""),
                self.service_description(media), {})

    def _static(self, name: str):
        resource = STATIC / name
        if "/" in name or name.startswith(".") or not resource.is_file():
            return _reply(Reply.error(404, "not found"))
        content_type = _STATIC_TYPES.get(Path(name).suffix, "application/octet-stream")
        return 200, content_type, resource.read_bytes(), {"Cache-Control": "max-age=3600"}

    def _cors_origin(self, request: Request) -> str | None:
        origin = request.headers.get("origin")
        allowed = self.cors_origins
        if origin and (origin in allowed or "*" in allowed):
            return origin if "*" not in allowed else "*"
        return None

    async def _send(self, send, request: Request, status: int, content_type: str, body: bytes,
                    headers: dict[str, str]) -> None:
        out = [(b"server", b"kennisgraaf"), (b"content-length", str(len(body)).encode()),
               (b"x-content-type-options", b"nosniff")]
        if content_type:
            out.append((b"content-type", content_type.encode("latin-1")))
        origin = self._cors_origin(request)
        if origin:
            out += [(b"access-control-allow-origin", origin.encode("latin-1")),
                    (b"access-control-expose-headers", b"X-Kennisgraaf-Truncated, X-Request-Id"),
                    (b"vary", b"Origin")]
        out += [(key.lower().encode("latin-1"), value.encode("latin-1")) for key, value in headers.items()]
        if request.close:
            out.append((b"connection", b"close"))
        await send({"type": "http.response.start", "status": status, "headers": out})
        await send({"type": "http.response.body", "body": body})

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


def _reply(reply: Reply):
    headers = dict(reply.headers)
    if reply.truncated:
        headers["X-Kennisgraaf-Truncated"] = "true"
    return reply.status, reply.content_type, reply.body, headers


def _params(text: str) -> dict[str, list[str]] | Reply:
    try:
        params = parse_qs(text, keep_blank_values=True, strict_parsing=False, errors="strict", max_num_fields=50)
    except (UnicodeDecodeError, ValueError):
        return Reply.error(400, "the parameters are not valid UTF-8 form data")
    if "update" in params:
        return _read_only()
    if len(params.get("query", [])) > 1:
        return Reply.error(400, "give exactly one 'query' parameter")
    return params


def _read_only() -> Reply:
    return Reply.error(403, "SPARQL Update (INSERT, DELETE, LOAD, CLEAR, …) is refused: this endpoint is read-only")


def bind(host: str, port: int) -> socket.socket:
    """A listening TCP socket; DataError (exit 3) when the port is taken or the address is not this machine's."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    # IPPROTO_TCP, not 0: asyncio sets TCP_NODELAY only on sockets that say they are TCP, and without it the
    # response body waits for the client's delayed ACK of the head (40 ms per request on a kept-alive connection).
    sock = socket.socket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host, port))
        sock.listen(2048)
    except OSError as exc:
        sock.close()
        if exc.errno == errno.EADDRINUSE:
            raise DataError(f"port {port} on {host} is already in use",
                            fix="stop the program that uses it, or choose another port with --port") from None
        raise DataError(f"cannot listen on {host}:{port}: {exc.strerror}",
                        fix="give an address of this machine with --host (default 127.0.0.1)") from None
    sock.setblocking(False)
    return sock


def create_server(data_dir: Path | str | None = None, *, host: str = "127.0.0.1", port: int = 8000,
                  include_cases: bool = False, timeout_s: float = 10.0, max_rows: int = 10_000,
                  max_body: int = 64 * 1024, cors_origins: tuple[str, ...] = (), workers: int | None = None,
                  ontology_dir: Path | str | None = None, extra_paths=(), limits: Limits = Limits(),
                  connections: ConnectionLimits = ConnectionLimits()) -> EndpointServer:
    """Bind the endpoint and load the store into the worker pool (not yet serving: call ``serve_forever()``).

    ``port=0`` picks a free port (see ``server.url``). Raises DataError when the port is taken or the data cannot
    be loaded.
    """
    sock = bind(host, port)  # first: a port in use is reported before the data is loaded
    config = WorkerConfig(Path(data_dir) if data_dir else None, Path(ontology_dir) if ontology_dir else None,
                          include_cases, max_rows, extra_paths=tuple(Path(p) for p in extra_paths))
    try:
        pool = WorkerPool(config, size=workers, timeout_s=timeout_s, limits=limits).start()
    except BaseException:
        sock.close()
        raise
    return EndpointServer(sock, pool, max_body=max_body, cors_origins=tuple(cors_origins), connections=connections)


def run(server: EndpointServer) -> None:
    """Serve until Ctrl-C, then stop the workers."""
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
