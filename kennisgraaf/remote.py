"""Read the graph from a shared SPARQL 1.1 store instead of files (``--store URL``).

Where municipalities share one national store, ``kennisgraaf push`` lays the graph out there as one named graph per
file (``https://w3id.org/kennisgraaf/graph/…``). ``load_from_store`` reads those named graphs back through the SPARQL
1.1 Protocol — one ``SELECT`` for the graph names, one ``CONSTRUCT`` per graph — into a local Oxigraph store, so every
command runs on the same data as from files. Graphs outside kennisgraaf's namespace (a store's own system graphs)
are not read. A graph that describes a ``kg:HouseholdCase`` is read only with ``include_cases=True``: whether a
graph holds cases is decided by its content, not by its name.

Tested against Oxigraph's server and Virtuoso open source (``tests/test_store_remote.py``).
"""

from __future__ import annotations

import base64
import http.client
import json
import os
import re
from urllib.parse import SplitResult, urlencode, urlsplit

import pyoxigraph as ox

from .errors import DataError
from .namespaces import GRAPH_BASE, KG
from .store import KnowledgeGraph

_RDF_FORMATS = {"application/n-triples": ox.RdfFormat.N_TRIPLES, "text/plain": ox.RdfFormat.N_TRIPLES,
                "text/turtle": ox.RdfFormat.TURTLE, "application/x-turtle": ox.RdfFormat.TURTLE,
                "text/ntriples": ox.RdfFormat.N_TRIPLES}

_GRAPHS = "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }"
_CASE_GRAPHS = f"SELECT DISTINCT ?g WHERE {{ GRAPH ?g {{ ?s a <{KG}HouseholdCase> }} }}"


#: Everything from ``//`` to the last ``@``: the user information of a URL, and more if a password holds a raw
#: ``/`` or ``@`` (over-redacting a message is harmless, showing part of a password is not).
_USERINFO = re.compile(r"//.*@", re.DOTALL)


def redact(url: str) -> str:
    """``url`` with any ``user:password@`` replaced by ``***@``, for messages; never fails, even on a URL that
    does not parse.

    >>> redact("https://admin:geheim@store.example/ds/data"), redact("http://a:b@[::1/x"), redact("http://h/store")
    ('https://***@store.example/ds/data', 'http://***@[::1/x', 'http://h/store')
    """
    return _USERINFO.sub("//***@", url, count=1)


def split_url(url: str, error: type[Exception], what: str, **fix) -> SplitResult:
    """``url`` split, with its port read: a malformed URL (bad port, broken IPv6 brackets) or one that is not
    http(s) with a host is ``error`` naming the URL with the password redacted, never a traceback."""
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 - reading it checks it (ValueError on 'notaport' or 99999)
    except ValueError:  # its text may quote the "port", which is the password when that holds a raw '/'
        raise error(f"not a valid URL for the {what} (the port is not a number from 0 to 65535, or the brackets "
                    f"of an IPv6 address do not match): {redact(url)}", **fix) from None
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise error(f"not an http(s) URL for the {what}: {redact(url)}", **fix)
    return parts


class _Endpoint:
    def __init__(self, url: str, timeout_s: float):
        parts = split_url(url, DataError, "SPARQL endpoint",
                          fix="give the store's query endpoint, e.g. http://localhost:7878/query")
        self.parts, self.timeout_s, self.where = parts, timeout_s, redact(url)
        self.headers = {"Content-Type": "application/x-www-form-urlencoded", "User-Agent": "kennisgraaf"}
        if parts.username:
            credentials = f"{parts.username}:{parts.password or ''}".encode()
            self.headers["Authorization"] = "Basic " + base64.b64encode(credentials).decode()
        elif os.environ.get("KENNISGRAAF_STORE_TOKEN"):
            self.headers["Authorization"] = "Bearer " + os.environ["KENNISGRAAF_STORE_TOKEN"]

    def post(self, query: str, accept: str) -> tuple[str, bytes]:
        cls = http.client.HTTPSConnection if self.parts.scheme == "https" else http.client.HTTPConnection
        connection = cls(self.parts.hostname, self.parts.port, timeout=self.timeout_s)
        path = (self.parts.path or "/") + (f"?{self.parts.query}" if self.parts.query else "")
        body = urlencode({"query": query}).encode()
        try:
            connection.request("POST", path, body=body, headers={**self.headers, "Accept": accept,
                                                                  "Content-Length": str(len(body))})
            response = connection.getresponse()
            data = response.read()
        except (OSError, http.client.HTTPException) as exc:
            reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else type(exc).__name__
            raise DataError(f"cannot reach the store at {self.where}: {reason}",
                            fix="check the URL and that the store is running") from None
        finally:
            connection.close()
        if response.status != 200:
            first = data[:200].decode("utf-8", "replace").strip().splitlines()[:1]
            raise DataError(f"the store at {self.where} answered HTTP {response.status} {response.reason}"
                            + (f" ({first[0]})" if first else ""),
                            fix="give the store's SPARQL query endpoint (Oxigraph: /query, Virtuoso: /sparql)")
        return response.getheader("Content-Type", "").split(";")[0].strip().lower(), data

    def select(self, query: str) -> list[str]:
        kind, data = self.post(query, "application/sparql-results+json")
        try:
            rows = json.loads(data)["results"]["bindings"]
        except (ValueError, KeyError):
            raise DataError(f"the store at {self.where} did not answer with SPARQL JSON results ({kind})") from None
        return [row["g"]["value"] for row in rows if "g" in row]

    def construct(self, graph: str) -> tuple[ox.RdfFormat, bytes]:
        query = f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}"
        kind, data = self.post(query, "application/n-triples, text/plain;q=0.9, text/turtle;q=0.8")
        if kind not in _RDF_FORMATS:
            raise DataError(f"the store at {self.where} answered a CONSTRUCT with '{kind}', not N-Triples or Turtle")
        return _RDF_FORMATS[kind], data


def load_from_store(url: str, *, include_cases: bool = False, timeout_s: float = 60.0) -> KnowledgeGraph:
    """The kennisgraaf named graphs of the SPARQL endpoint at ``url``, in a local store (see module doc)."""
    endpoint = _Endpoint(url, timeout_s)
    graphs = sorted(g for g in endpoint.select(_GRAPHS) if g.startswith(GRAPH_BASE))
    if not graphs:
        raise DataError(f"the store at {endpoint.where} holds no kennisgraaf graphs ({GRAPH_BASE}…)",
                        fix="upload them first with `kennisgraaf push`")
    with_cases = set(endpoint.select(_CASE_GRAPHS))
    kg = KnowledgeGraph()
    for graph in graphs:
        if graph in with_cases and not include_cases:
            continue
        rdf_format, data = endpoint.construct(graph)
        try:
            kg.store.load(data, format=rdf_format, to_graph=ox.NamedNode(graph))
        except SyntaxError as exc:
            raise DataError(f"the store at {endpoint.where} sent graph {graph} that does not parse: {exc}") from None
        kg.files[graph] = f"{endpoint.where} graph {graph}"
    return kg
