"""Upload ontology and data to any SPARQL 1.1 store through the Graph Store HTTP Protocol (``kennisgraaf push``).

One named graph per source file (or every triple in one graph with ``--graph``), all or nothing:

1. **stage**: every graph is PUT under a temporary name (``https://w3id.org/kennisgraaf/staging/<run>/<n>``). A
   store that refuses a body (size, rights, syntax) or a connection that breaks does so here, while the live graphs
   are untouched; the staged graphs are then deleted and the store is as it was.
2. **swap**: one SPARQL 1.1 Update request ``MOVE <staged> TO <graph> ; …`` renames them all at once (a store applies
   one update request as one transaction: Oxigraph, Fuseki, GraphDB). The update endpoint is ``--update URL``, or
   guessed from the Graph Store one (Oxigraph ``/store`` → ``/update``, Fuseki ``/<ds>/data`` → ``/<ds>/update``).
   Without a working update endpoint each graph is PUT again under its own name; should that fail halfway, the
   message lists the graphs already replaced and how to restore the store.

The body is N-Triples written by pyoxigraph. ``http.client`` from the standard library is enough for a handful of
requests; only ``http`` and ``https`` URLs are accepted, no redirect is followed (a store that redirects a write is
refused rather than re-sent elsewhere), and credentials never appear in a message (:func:`redact`).

The Graph Store endpoint differs per store: Oxigraph ``http://host:7878/store``, Fuseki
``http://host:3030/<dataset>/data``, GraphDB ``http://host:7200/repositories/<repo>/rdf-graphs/service``.
"""

from __future__ import annotations

import base64
import http.client
import os
import secrets
from dataclasses import dataclass
from urllib.parse import quote

import pyoxigraph as ox

from .errors import PushError
from .remote import redact, split_url
from .store import KnowledgeGraph

STAGING = "https://w3id.org/kennisgraaf/staging/"


@dataclass(frozen=True)
class Pushed:
    """One graph uploaded: its IRI in the store, the number of triples sent, and the store's HTTP status."""

    graph: str
    triples: int
    status: int


def push(kg: KnowledgeGraph, endpoint: str, *, graph: str | None = None, timeout_s: float = 60.0,
         update: str | None = None) -> list[Pushed]:
    """PUT every named graph of ``kg`` to the Graph Store at ``endpoint`` (or all triples into ``graph``), staged
    and swapped as the module doc says; ``update`` is the store's SPARQL Update endpoint (default: guessed).

    Credentials, when the store needs them, go in the URL (``https://user:password@host/…``, sent as HTTP basic
    authentication) or in ``$KENNISGRAAF_STORE_TOKEN`` (sent as a bearer token).
    """
    target = _Target(endpoint, timeout_s)
    updater = _Target(update, timeout_s) if update else None
    if graph is not None:
        _check_iri(graph)
        parts = {graph: list({ox.Triple(q.subject, q.predicate, q.object) for q in kg.store})}
    else:
        parts = {name: [ox.Triple(q.subject, q.predicate, q.object)
                        for q in kg.store.quads_for_pattern(None, None, None, ox.NamedNode(name))]
                 for name in sorted(g.value for g in kg.store.named_graphs() if isinstance(g, ox.NamedNode))}
    run = f"{STAGING}{secrets.token_hex(6)}/"
    staged: dict[str, str] = {}
    try:
        for number, (name, triples) in enumerate(parts.items()):
            target.put(f"{run}{number}", triples, shown=name)
            staged[name] = f"{run}{number}"
    except PushError as exc:
        raise PushError(f"{exc}\n  nothing was replaced: the store still holds its previous graphs"
                        + _dropped(target, staged.values(), run)) from None
    request = " ;\n".join(f"MOVE <{staged[n]}> TO <{n}>" for n in parts)
    guessed = _guess_update(endpoint)
    if updater is None and guessed is None:  # no update endpoint known: never POST an update to a Graph Store URL
        return _replace_one_by_one(target, parts, staged, run)
    try:
        status = (updater or _Target(guessed, timeout_s)).update(request)
    except PushError as exc:
        if updater is not None:  # the update endpoint given did not take it: one request, so nothing moved
            raise PushError(f"{exc}\n  nothing was replaced: the store still holds its previous graphs"
                            + _dropped(target, staged.values(), run)) from None
        return _replace_one_by_one(target, parts, staged, run)
    return [Pushed(name, len(triples), status) for name, triples in parts.items()]


def _replace_one_by_one(target: "_Target", parts: dict[str, list], staged: dict[str, str], run: str) -> list[Pushed]:
    """The swap without an update endpoint: PUT each graph under its own name (the store accepted every body
    already, so only a broken connection can stop it halfway)."""
    pushed: list[Pushed] = []
    for name, triples in parts.items():
        try:
            pushed.append(target.put(name, triples))
        except PushError as exc:
            cleanup = _dropped(target, staged.values(), run)
            if not pushed:
                raise PushError(f"{exc}\n  nothing was replaced: the store still holds its previous graphs"
                                + cleanup) from None
            done = "\n    ".join(p.graph for p in pushed)
            raise PushError(f"{exc}\n  {len(pushed)} graph(s) were already replaced before the failure:\n    {done}\n"
                            "  to restore a consistent store: fix the cause and run the same push again (each graph "
                            "is replaced as a whole), or push the previous data folder; give --update with the "
                            "store's SPARQL Update endpoint to swap all graphs in one transaction" + cleanup) from None
    _dropped(target, staged.values(), run)
    return pushed


def _dropped(target: "_Target", graphs, run: str) -> str:
    """Delete staged graphs (best effort); what to tell the user about any that could not be deleted."""
    left = []
    for name in graphs:
        try:
            target.delete(name)
        except PushError:
            left.append(name)
    return (f"\n  {len(left)} staged graph(s) under {run} could not be deleted: delete them with "
            f"DROP GRAPH, or they are replaced by the next push" if left else "")


def _guess_update(endpoint: str) -> str | None:
    """The SPARQL Update endpoint beside a Graph Store endpoint, for the layouts of Oxigraph, Fuseki and GraphDB;
    None for any other (Virtuoso's /sparql-graph-crud: give --update .../sparql).

    >>> _guess_update("http://localhost:7878/store"), _guess_update("http://h:3030/ds/data?x=1")
    ('http://localhost:7878/update', 'http://h:3030/ds/update?x=1')
    >>> _guess_update("http://h:7200/repositories/r/rdf-graphs/service"), _guess_update("http://h/sparql-graph-crud")
    ('http://h:7200/repositories/r/statements', None)
    """
    parts = split_url(endpoint, PushError, "Graph Store")
    path = parts.path.rstrip("/")
    for tail, update in (("/store", "/update"), ("/data", "/update"), ("/rdf-graphs/service", "/statements")):
        if path.endswith(tail):
            return parts._replace(path=path[: -len(tail)] + update).geturl()
    return None


def _check_iri(iri: str) -> None:
    try:
        ox.NamedNode(iri)
    except ValueError:
        raise PushError(f"not a valid graph IRI: {iri}") from None


class _Target:
    def __init__(self, endpoint: str, timeout_s: float):
        url = split_url(endpoint, PushError, "store")
        self.endpoint, self.url, self.timeout_s = endpoint, url, timeout_s
        self.headers = {"User-Agent": "kennisgraaf-push"}
        if url.username:
            credentials = f"{url.username}:{url.password or ''}".encode()
            self.headers["Authorization"] = "Basic " + base64.b64encode(credentials).decode()
        elif os.environ.get("KENNISGRAAF_STORE_TOKEN"):
            self.headers["Authorization"] = "Bearer " + os.environ["KENNISGRAAF_STORE_TOKEN"]

    def put(self, graph: str, triples, shown: str | None = None) -> Pushed:
        """PUT ``triples`` as ``graph``; messages call it ``shown`` (the live name of a staged graph)."""
        triples = list(triples)
        body = ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES)
        status = self._send("PUT", graph, body, "application/n-triples", f"graph {shown or graph}")
        return Pushed(graph, len(triples), status)

    def delete(self, graph: str) -> None:
        self._send("DELETE", graph, b"", None, f"the deletion of graph {graph}", missing_ok=True)

    def update(self, request: str) -> int:
        return self._send("POST", None, request.encode("utf-8"), "application/sparql-update", "the swap (MOVE)")

    def _send(self, method: str, graph: str | None, body: bytes, content_type: str | None, what: str,
              missing_ok: bool = False) -> int:
        path = (self.url.path or "/") + ("?" + self.url.query if self.url.query else "")
        if graph is not None:
            path += ("&" if self.url.query else "?") + "graph=" + quote(graph, safe="")
        headers = {**self.headers, "Content-Length": str(len(body))}
        if content_type:
            headers["Content-Type"] = content_type
        connection_class = http.client.HTTPSConnection if self.url.scheme == "https" else http.client.HTTPConnection
        where = f"{self.url.hostname}:{self.url.port}" if self.url.port else self.url.hostname
        connection = connection_class(self.url.hostname, self.url.port, timeout=self.timeout_s)
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            detail = response.read(300).decode("utf-8", "replace").strip().splitlines()
        except (OSError, http.client.HTTPException) as exc:
            reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else type(exc).__name__
            raise PushError(f"cannot reach the store at {where}: {reason}") from None
        finally:
            connection.close()
        if missing_ok and response.status == 404:
            return response.status
        if not 200 <= response.status < 300:
            first = f" ({redact(detail[0][:200])})" if detail else ""
            hint = {401: "give credentials in the URL or $KENNISGRAAF_STORE_TOKEN",
                    403: "the store is read-only or refuses this user",
                    404: "check the Graph Store path (Oxigraph: /store, Fuseki: /<dataset>/data)",
                    405: "this URL does not accept PUT; give the store's Graph Store endpoint, not its query endpoint"}
            message = f"the store refused {what}: HTTP {response.status} {response.reason}{first}"
            if response.status in hint and method == "PUT":
                message += f"\n  fix: {hint[response.status]}"
            raise PushError(message)
        return response.status
