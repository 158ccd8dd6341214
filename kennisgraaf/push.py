"""Upload ontology and data to any SPARQL 1.1 store through the Graph Store HTTP Protocol (``kennisgraaf push``).

One ``PUT <endpoint>?graph=<iri>`` per named graph (replacing that graph in the store), or a single PUT of every
triple into one graph. The body is N-Triples written by pyoxigraph. ``http.client`` from the standard library is
enough for a handful of PUTs; only ``http`` and ``https`` URLs are accepted, and no redirect is followed (a store
that redirects a write is refused rather than re-sent elsewhere).

The Graph Store endpoint differs per store: Oxigraph ``http://host:7878/store``, Fuseki
``http://host:3030/<dataset>/data``, GraphDB ``http://host:7200/repositories/<repo>/rdf-graphs/service``.
"""

from __future__ import annotations

import base64
import http.client
import os
from dataclasses import dataclass
from urllib.parse import quote, urlsplit

import pyoxigraph as ox

from .errors import PushError
from .store import KnowledgeGraph


@dataclass(frozen=True)
class Pushed:
    """One graph uploaded: its IRI in the store, the number of triples sent, and the store's HTTP status."""

    graph: str
    triples: int
    status: int


def push(kg: KnowledgeGraph, endpoint: str, *, graph: str | None = None, timeout_s: float = 60.0) -> list[Pushed]:
    """PUT every named graph of ``kg`` to the Graph Store at ``endpoint`` (or all triples into ``graph``).

    Credentials, when the store needs them, go in the URL (``https://user:password@host/…``, sent as HTTP basic
    authentication) or in ``$KENNISGRAAF_STORE_TOKEN`` (sent as a bearer token).
    """
    target = _Target(endpoint, timeout_s)
    if graph is not None:
        _check_iri(graph)
        triples = {ox.Triple(q.subject, q.predicate, q.object) for q in kg.store}
        return [target.put(graph, triples)]
    pushed: list[Pushed] = []
    for name in sorted(g.value for g in kg.store.named_graphs() if isinstance(g, ox.NamedNode)):
        triples = [ox.Triple(q.subject, q.predicate, q.object) for q in kg.store.quads_for_pattern(None, None, None,
                                                                                                  ox.NamedNode(name))]
        try:
            pushed.append(target.put(name, triples))
        except PushError as exc:
            if not pushed:
                raise
            # Each PUT replaced one graph: say which ones the store now holds in the new version, and how to undo.
            done = "\n    ".join(p.graph for p in pushed)
            raise PushError(f"{exc}\n  {len(pushed)} graph(s) were already replaced before the failure:\n    {done}\n"
                            "  to restore a consistent store: fix the cause and run the same push again (each graph "
                            "is replaced as a whole), or push the previous data folder") from None
    return pushed


def redact(url: str) -> str:
    """``url`` with any ``user:password@`` replaced by ``***@``, for messages.

    >>> redact("https://admin:geheim@store.example/ds/data")
    'https://***@store.example/ds/data'
    """
    parts = urlsplit(url)
    if "@" not in parts.netloc:
        return url
    return parts._replace(netloc="***@" + parts.netloc.rsplit("@", 1)[1]).geturl()


def _check_iri(iri: str) -> None:
    try:
        ox.NamedNode(iri)
    except ValueError:
        raise PushError(f"not a valid graph IRI: {iri}") from None


class _Target:
    def __init__(self, endpoint: str, timeout_s: float):
        url = urlsplit(endpoint)
        if url.scheme not in ("http", "https") or not url.hostname:
            raise PushError(f"not an http(s) URL: {redact(endpoint)}")
        self.endpoint, self.url, self.timeout_s = endpoint, url, timeout_s
        self.headers = {"Content-Type": "application/n-triples", "User-Agent": "kennisgraaf-push"}
        if url.username:
            credentials = f"{url.username}:{url.password or ''}".encode()
            self.headers["Authorization"] = "Basic " + base64.b64encode(credentials).decode()
        elif os.environ.get("KENNISGRAAF_STORE_TOKEN"):
            self.headers["Authorization"] = "Bearer " + os.environ["KENNISGRAAF_STORE_TOKEN"]

    def put(self, graph: str, triples) -> Pushed:
        triples = list(triples)
        body = ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES)
        path = (self.url.path or "/") + "?" + (self.url.query + "&" if self.url.query else "") + "graph=" + quote(graph, safe="")
        connection_class = http.client.HTTPSConnection if self.url.scheme == "https" else http.client.HTTPConnection
        where = f"{self.url.hostname}:{self.url.port}" if self.url.port else self.url.hostname
        connection = connection_class(self.url.hostname, self.url.port, timeout=self.timeout_s)
        try:
            connection.request("PUT", path, body=body, headers={**self.headers, "Content-Length": str(len(body))})
            response = connection.getresponse()
            detail = response.read(300).decode("utf-8", "replace").strip().splitlines()
        except (OSError, http.client.HTTPException) as exc:
            reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else type(exc).__name__
            raise PushError(f"cannot reach the store at {where}: {reason}",) from None
        finally:
            connection.close()
        if not 200 <= response.status < 300:
            first = f" ({detail[0][:200]})" if detail else ""
            hint = {401: "give credentials in the URL or $KENNISGRAAF_STORE_TOKEN",
                    403: "the store is read-only or refuses this user",
                    404: "check the Graph Store path (Oxigraph: /store, Fuseki: /<dataset>/data)",
                    405: "this URL does not accept PUT; give the store's Graph Store endpoint, not its query endpoint"}
            message = f"the store refused graph {graph}: HTTP {response.status} {response.reason}{first}"
            if response.status in hint:
                message += f"\n  fix: {hint[response.status]}"
            raise PushError(message)
        return Pushed(graph, len(triples), response.status)
