"""Read-only SPARQL over the store, shared by the CLI and the SPARQL endpoint.

A query is checked (rdflib's SPARQL grammar over the text as Oxigraph reads it) before it runs, so that updates and
``SERVICE`` get a friendly refusal; the guarantee that no query reaches the network is the kernel sandbox of
:mod:`kennisgraaf.sandbox`. ``FROM``/``FROM NAMED`` naming a graph the store does not hold answer over the empty graph.
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
from .namespaces import sparql_prefixes
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
    _check_depth(text)
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


_FROM = re.compile(r"\bfrom\b", re.IGNORECASE)


def _names_its_dataset(text: str) -> bool:
    """Whether the query has a FROM or FROM NAMED clause (the cheap scan first, the grammar to be sure).

    >>> _names_its_dataset("SELECT * FROM <http://example.org/g> WHERE { ?s ?p ?o }")
    True
    >>> _names_its_dataset('SELECT * WHERE { ?s ?p "from" }')
    False
    """
    full = engine_text(text)
    if not _FROM.search(full):
        return False
    try:
        parsed = parseQuery(sparql_prefixes() + full)
    except ParseException:
        return False
    return "datasetClause" in parsed[1].keys()


MAX_DEPTH = 128


def _check_depth(text: str) -> None:
    """Refuse nesting deeper than :data:`MAX_DEPTH` brackets in linear time, before any recursive parser sees it.

    >>> _check_depth("ASK { " + "{ " * 200 + "}" * 200 + " }")
    Traceback (most recent call last):
    ...
    kennisgraaf.errors.DataError: the query nests brackets deeper than 128 levels
      fix: flatten the query (no real query needs that many nested groups)
    """
    depth = deepest = 0
    for char in text:
        if char in "{([":
            depth += 1
            deepest = max(deepest, depth)
        elif char in "})]":
            depth -= 1
    if deepest > MAX_DEPTH:
        raise DataError(f"the query nests brackets deeper than {MAX_DEPTH} levels",
                        fix="flatten the query (no real query needs that many nested groups)")


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
        # FROM / FROM NAMED name the dataset themselves; Oxigraph's union flag would override them.
        union = not _names_its_dataset(text)
        return kg.store.query(sparql_prefixes() + text, use_default_graph_as_union=union)
    # A graph the store does not hold is answered as the empty graph (SPARQL 1.1 Protocol), never fetched; so are
    # the case graphs when cases were not loaded. FROM / FROM NAMED in the text behave the same inside Oxigraph.
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
