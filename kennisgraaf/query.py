"""Read-only SPARQL over the store, shared by the CLI and the SPARQL endpoint.

A query is parsed (rdflib's SPARQL grammar) before it runs, so that updates, ``SERVICE`` and ``FROM``/``FROM NAMED``
with IRIs outside kennisgraaf's own graphs are refused instead of executed: no query may reach the network.
"""

from __future__ import annotations

import multiprocessing
import os
import re
from dataclasses import dataclass, field
from typing import Any

import pyoxigraph as ox
from pyparsing import ParseException
from rdflib.plugins.sparql.parser import parseQuery, parseUpdate
from rdflib.plugins.sparql.parserutils import CompValue

from . import sandbox
from .errors import DataError, KennisgraafError, UnsafeQueryError
from .namespaces import GRAPH_BASE, sparql_prefixes
from .store import KnowledgeGraph, to_python

QUERY_FORMS = {"SelectQuery": "select", "AskQuery": "ask", "ConstructQuery": "construct", "DescribeQuery": "describe"}


@dataclass
class QueryResult:
    """The outcome of a read-only query: rows for SELECT, a boolean for ASK, Turtle for CONSTRUCT/DESCRIBE."""

    kind: str
    variables: list[str] = field(default_factory=list)
    rows: list[dict[str, Any]] = field(default_factory=list)
    boolean: bool | None = None
    turtle: str = ""


def check_query(text: str, *, with_prefixes: bool = True) -> str:
    """Parse a query and refuse anything that is not a safe, read-only query; returns its form.

    >>> check_query("SELECT * WHERE { ?s ?p ?o }")
    'select'
    >>> check_query("SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }")
    Traceback (most recent call last):
    ...
    kennisgraaf.errors.UnsafeQueryError: SERVICE is refused: kennisgraaf never sends a query to another endpoint
    """
    full = (sparql_prefixes() if with_prefixes else "") + engine_text(text)
    try:
        parsed = parseQuery(full)
    except ParseException as exc:
        if _is_update(full):
            raise UnsafeQueryError("SPARQL Update (INSERT, DELETE, LOAD, CLEAR, …) is refused: the graph is read-only") from None
        raise DataError(f"SPARQL syntax error at line {_user_line(full, text, exc)}: {exc.msg}",
                        fix="check the query near that position") from None
    query = parsed[1]
    _refuse_unsafe(query)
    return QUERY_FORMS.get(query.name, "select")


_CODEPOINT = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")


def engine_text(text: str) -> str:
    r"""The query as the engine reads it: codepoint escapes decoded first, and CR ending a line as LF does.

    Oxigraph decodes ``\uXXXX`` escapes anywhere in the text before parsing (SPARQL 1.1 section 19.2) and ends a
    comment at CR; rdflib's grammar does neither, so the check reads this form.

    >>> engine_text("ASK { #c\r\\u0053ERVICE <x> {} }")
    'ASK { #c\nSERVICE <x> {} }'
    """
    decoded = _CODEPOINT.sub(lambda m: _char(m.group(1) or m.group(2)), text)
    return decoded.replace("\r\n", "\n").replace("\r", "\n")


def _char(hex_digits: str) -> str:
    code = int(hex_digits, 16)
    return chr(code) if code <= 0x10FFFF and not 0xD800 <= code <= 0xDFFF else "\ufffd"


def _user_line(full: str, text: str, exc: ParseException) -> int:
    offset = full.count("\n") - text.count("\n")
    return max(exc.lineno - offset, 1)


def _is_update(text: str) -> bool:
    try:
        parseUpdate(text)
        return True
    except ParseException:
        return False


def _refuse_unsafe(node: Any) -> None:
    if isinstance(node, CompValue):
        if node.name == "ServiceGraphPattern":
            raise UnsafeQueryError("SERVICE is refused: kennisgraaf never sends a query to another endpoint")
        if node.name in ("DatasetClause",):
            iri = node.get("default") or node.get("named")
            if iri is not None and not str(iri).startswith(GRAPH_BASE):
                raise UnsafeQueryError(f"FROM <{iri}> is refused: only kennisgraaf's own graphs ({GRAPH_BASE}…) can be named")
        for value in node.values():
            _refuse_unsafe(value)
    elif isinstance(node, (list, tuple)) or (hasattr(node, "__iter__") and not isinstance(node, (str, bytes))):
        for item in node:
            _refuse_unsafe(item)


def evaluate(kg: KnowledgeGraph, text: str, default_graphs: tuple[str, ...] = (),
             named_graphs: tuple[str, ...] = ()):
    """Run a query that :func:`check_query` accepted; the raw Oxigraph result.

    The dataset is the union of all graphs, unless the SPARQL 1.1 Protocol's ``default-graph-uri`` and
    ``named-graph-uri`` name graphs (``default_graphs``, ``named_graphs``): then exactly those, and only
    kennisgraaf's own graphs may be named. The CLI (:func:`run_query`) and the SPARQL endpoint both evaluate
    queries through this function.
    """
    if not default_graphs and not named_graphs:
        return kg.store.query(sparql_prefixes() + text, use_default_graph_as_union=True)
    for iri in default_graphs + named_graphs:
        if not iri.startswith(GRAPH_BASE):
            raise UnsafeQueryError(f"graph <{iri}> is refused: only kennisgraaf's own graphs ({GRAPH_BASE}…) can be named")
    return kg.store.query(sparql_prefixes() + text, default_graph=[ox.NamedNode(g) for g in default_graphs],
                          named_graphs=[ox.NamedNode(g) for g in named_graphs])


def run_query(kg: KnowledgeGraph, text: str) -> QueryResult:
    """Check and run a read-only query over the union of all graphs, in a child process without network.

    The check is the friendly early refusal; the guarantee is the child: a forked process that installs
    :func:`kennisgraaf.sandbox.block_network` before the engine sees the text, so whatever the engine's grammar
    makes of it, no connection leaves the machine. Where fork is unavailable the query runs here, sandboxed only if
    this process may be (the sandbox is permanent, so a library caller is never sandboxed behind its back).
    """
    check_query(text)
    if "fork" not in multiprocessing.get_all_start_methods():
        sandbox.block_network()
        return _run_checked(kg, text)
    ctx = multiprocessing.get_context("fork")
    parent, child = ctx.Pipe(duplex=False)
    proc = ctx.Process(target=_sandboxed_child, args=(child, kg, text), daemon=True)
    proc.start()
    child.close()
    try:
        status, payload = parent.recv()
    except EOFError:
        raise DataError("the query process ended without an answer") from None
    finally:
        proc.join(5)
    if status == "ok":
        return payload
    error_class = {"UnsafeQueryError": UnsafeQueryError, "SandboxError": sandbox.SandboxError}.get(status, DataError)
    raise error_class(payload)


def _sandboxed_child(conn, kg: KnowledgeGraph, text: str) -> None:
    try:
        sandbox.block_network()
        conn.send(("ok", _run_checked(kg, text)))
    except KennisgraafError as exc:
        conn.send((type(exc).__name__, str(exc)))
    except Exception as exc:  # noqa: BLE001 - reported as one message by the parent
        conn.send(("DataError", f"the query failed: {exc}"))
    finally:
        conn.close()
        os._exit(0)  # a forked copy of the caller: run none of its exit handlers


def _run_checked(kg: KnowledgeGraph, text: str) -> QueryResult:
    kind = check_query(text)
    try:
        result = evaluate(kg, text)
    except SyntaxError as exc:
        raise DataError(f"SPARQL syntax error: {exc}") from None
    if kind == "select":
        variables = [v.value for v in result.variables]
        rows = [{v: to_python(row[v]) for v in variables} for row in result]
        return QueryResult(kind, variables, rows)
    if kind == "ask":
        return QueryResult(kind, boolean=bool(result))
    return QueryResult(kind, turtle=ox.serialize(result, format=ox.RdfFormat.TURTLE).decode("utf-8"))
