"""Result formats of the endpoint: content negotiation, and serialization with a row cap by pyoxigraph itself.

Every result is written by pyoxigraph's own serializers. The row cap works on a line-oriented form first (TSV for
solutions, N-Triples for triples: one row or triple per line, newlines inside literals escaped): pyoxigraph streams
it into a writer that stops the query after ``max_rows`` lines, and the kept lines are parsed back by pyoxigraph and
written in the format the client asked for. So a capped result is never built in full, and no serializer is
hand-written.
"""

from __future__ import annotations

import io
from collections.abc import Iterable

import pyoxigraph as ox

from ..namespaces import PREFIXES

#: media type -> pyoxigraph format, for SELECT and ASK results; the first is the default.
RESULT_TYPES: dict[str, ox.QueryResultsFormat] = {
    "application/sparql-results+json": ox.QueryResultsFormat.JSON,
    "application/sparql-results+xml": ox.QueryResultsFormat.XML,
    "text/csv": ox.QueryResultsFormat.CSV,
    "text/tab-separated-values": ox.QueryResultsFormat.TSV,
}
#: media type -> pyoxigraph format, for CONSTRUCT and DESCRIBE results (and the service description).
GRAPH_TYPES: dict[str, ox.RdfFormat] = {
    "text/turtle": ox.RdfFormat.TURTLE,
    "application/n-triples": ox.RdfFormat.N_TRIPLES,
    "application/ld+json": ox.RdfFormat.JSON_LD,
    # the default of SPARQLWrapper and rdflib's SPARQLStore for CONSTRUCT and DESCRIBE
    "application/rdf+xml": ox.RdfFormat.RDF_XML,
}
_ALIASES = {"application/json": "application/sparql-results+json", "application/xml": "application/sparql-results+xml",
            "text/xml": "application/sparql-results+xml", "text/plain": "application/n-triples"}

#: A result larger than this is cut at the last whole row, like one over ``max_rows``.
MAX_RESULT_BYTES = 64 * 1024 * 1024


def negotiate(accept: str | None, offered: Iterable[str]) -> str | None:
    """The offered media type the Accept header prefers (the first offered one when any is fine); None if none fits.

    >>> negotiate("text/csv;q=0.5, application/sparql-results+xml", RESULT_TYPES)
    'application/sparql-results+xml'
    >>> negotiate("*/*", GRAPH_TYPES)
    'text/turtle'
    >>> negotiate("image/png", GRAPH_TYPES) is None
    True
    """
    offered = list(offered)
    if not accept or not accept.strip():
        return offered[0]
    best, best_q = None, 0.0
    for position, part in enumerate(accept.split(",")):
        media, *params = (piece.strip() for piece in part.split(";"))
        media = media.lower()
        if _ALIASES.get(media) in offered:  # an alias only where its target is on offer (xml: results or RDF/XML)
            media = _ALIASES[media]
        elif media in ("application/xml", "text/xml"):
            media = "application/rdf+xml"
        q = 1.0
        for param in params:
            key, _, value = param.partition("=")
            if key.strip() == "q":
                try:
                    q = float(value)
                except ValueError:
                    q = 0.0
        if media in ("*/*", "*"):
            candidates = offered[:1]
        elif media.endswith("/*"):
            candidates = [o for o in offered if o.startswith(media[:-1])][:1]
        else:
            candidates = [media] if media in offered else []
        # ties go to the earlier entry of the header; wildcards lose ties to exact types
        score = q - (0.001 if "*" in media else 0.0) - position * 1e-6
        if candidates and q > 0 and score > best_q:
            best, best_q = candidates[0], score
    return best


class _Stop(Exception):
    """Raised inside the writer to stop pyoxigraph once enough lines were written."""


class _LineCap(io.RawIOBase):
    """A binary sink that keeps at most ``max_lines`` whole lines and then stops the serializer."""

    def __init__(self, max_lines: int):
        super().__init__()
        self.buffer = bytearray()
        self.max_lines = max_lines
        self.lines = 0
        self.full = False

    def writable(self) -> bool:
        return True

    def write(self, data) -> int:
        self.buffer += data
        self.lines += data.count(b"\n")
        if self.lines > self.max_lines or len(self.buffer) > MAX_RESULT_BYTES:
            self.full = True
            raise _Stop
        return len(data)

    def kept(self) -> bytes:
        """The whole lines written, at most ``max_lines`` of them."""
        data = bytes(self.buffer)
        if not self.full:
            return data
        lines = data.split(b"\n")[:-1][: self.max_lines]
        return b"\n".join(lines) + b"\n" if lines else b""


def _capped(result, fmt, max_lines: int) -> tuple[bytes, bool]:
    sink = _LineCap(max_lines)
    try:
        result.serialize(sink, format=fmt)
    except _Stop:
        pass
    return sink.kept(), sink.full


def serialize(result, kind: str, media_type: str, max_rows: int) -> tuple[bytes, bool]:
    """Serialize a pyoxigraph query result in ``media_type``, keeping at most ``max_rows`` rows or triples.

    Returns the body and whether it was truncated.
    """
    if kind == "ask":
        return result.serialize(format=RESULT_TYPES[media_type]), False
    if kind == "select":
        tsv, truncated = _capped(result, ox.QueryResultsFormat.TSV, max_rows + 1)  # + the header line
        if media_type == "text/tab-separated-values":
            return tsv, truncated
        solutions = ox.parse_query_results(tsv, format=ox.QueryResultsFormat.TSV)
        return solutions.serialize(format=RESULT_TYPES[media_type]), truncated
    ntriples, truncated = _capped(result, ox.RdfFormat.N_TRIPLES, max_rows)
    if media_type == "application/n-triples":
        return ntriples, truncated
    triples = ox.parse(ntriples, format=ox.RdfFormat.N_TRIPLES)
    return serialize_graph(triples, media_type), truncated


def serialize_graph(triples: Iterable[ox.Triple], media_type: str) -> bytes:
    """Triples in one of :data:`GRAPH_TYPES`, with the kennisgraaf prefixes where the format has them."""
    fmt = GRAPH_TYPES[media_type]
    prefixes = PREFIXES if fmt in (ox.RdfFormat.TURTLE, ox.RdfFormat.RDF_XML) else None
    return ox.serialize(triples, format=fmt, prefixes=prefixes)
