"""Read-only SPARQL over the store, shared by the CLI and the SPARQL endpoint.

A query gets a few cheap checks before it runs, all linear in its length and none a second SPARQL grammar: its size,
its nesting (:func:`lex`), and a friendly early refusal of updates and ``SERVICE``. What the engine (Oxigraph) makes of
the text is decided by the engine alone: its query parser accepts no update, and the kernel sandbox of
:mod:`kennisgraaf.sandbox` keeps its ``SERVICE`` client off the network whatever the text says. Household cases are
protected by not being in the store the query runs on (unless the user asked for them), so no text can reach them.
``FROM``/``FROM NAMED`` naming a graph the store does not hold answer over the empty graph.
"""

from __future__ import annotations

import multiprocessing
import os
import re
from dataclasses import dataclass, field
from typing import Any

import pyoxigraph as ox

from . import sandbox
from .errors import DataError, KennisgraafError, UnsafeQueryError
from .namespaces import sparql_prefixes
from .store import KnowledgeGraph, to_python

QUERY_FORMS = {"select", "ask", "construct", "describe"}
UPDATE_FORMS = {"insert", "delete", "load", "clear", "drop", "create", "add", "move", "copy", "with"}
#: nesting the friendly check allows (no real query comes near it)
MAX_DEPTH = 128
#: bracket characters a text may hold at all: bounds the engine's recursion whatever the lexing (see server/workers.py)
MAX_BRACKETS = 65_536
SERVICE_REFUSED = "SERVICE is refused: kennisgraaf never sends a query to another endpoint"
UPDATE_REFUSED = "SPARQL Update (INSERT, DELETE, LOAD, CLEAR, …) is refused: the graph is read-only"


@dataclass
class QueryResult:
    """The outcome of a read-only query: rows for SELECT, a boolean for ASK, Turtle for CONSTRUCT/DESCRIBE."""

    kind: str
    variables: list[str] = field(default_factory=list)
    rows: list[dict[str, Any]] = field(default_factory=list)
    boolean: bool | None = None
    turtle: str = ""


@dataclass(frozen=True)
class Lexed:
    """What the cheap scan of a query text found: its first keyword, and the keywords and nesting outside strings."""

    form: str | None
    service: bool
    dataset: bool
    depth: int
    brackets: int


# Strings, comments and IRIs, in the order a SPARQL lexer meets them. Possessive quantifiers and optional closing
# quotes make every alternative match or fail without backtracking, and an unterminated string runs to the end of its
# line (or, triple-quoted, of the text) instead of being scanned again from each later quote: linear time.
_NON_CODE = re.compile(r'''
    \#[^\n]*+
  | <[^<>"{}|^`\\\x00-\x20]*+>
  | """(?:[^"\\]|\\.|"(?!""))*+(?:"""|\Z)
  | \'\'\'(?:[^'\\]|\\.|'(?!\'\'))*+(?:\'\'\'|\Z)
  | "(?:[^"\\\n]|\\.)*+"?
  | '(?:[^'\\\n]|\\.)*+'?
''', re.VERBOSE | re.DOTALL)
# A keyword: not part of a prefixed name, a variable or a longer word.
_KEYWORD = r"(?<![\w:?$\-\\%.]){}(?![\w:\-])"
_SERVICE = re.compile(_KEYWORD.format("service"), re.IGNORECASE)
_FROM = re.compile(_KEYWORD.format("from"), re.IGNORECASE)
_PROLOGUE = re.compile(r"\s*+(?:(?:base|prefix\s*+[^\s:]*+:)\s*+)*+([a-z]*+)", re.IGNORECASE)
_BRACKET = re.compile(r"[{}()\[\]]")


def lex(text: str) -> Lexed:
    """Scan a query as the engine reads it (:func:`engine_text`), outside its strings, comments and IRIs.

    >>> lex('PREFIX ex: <http://example.org/#x> SELECT * WHERE { ?s ex:p "{ SERVICE" } # }')
    Lexed(form='select', service=False, dataset=False, depth=1, brackets=2)
    >>> lex("ASK { #c\\r\\\\u0053ERVICE <http://x> { } }").service
    True
    """
    full = engine_text(text)
    code = _NON_CODE.sub(" ", full)
    form = _PROLOGUE.match(code).group(1).lower() or None
    depth = deepest = 0
    for match in _BRACKET.finditer(code):
        if match.group() in "{([":
            depth += 1
            deepest = max(deepest, depth)
        else:
            depth = max(depth - 1, 0)
    brackets = sum(full.count(char) for char in "{([")
    return Lexed(form, bool(_SERVICE.search(code)), bool(_FROM.search(code)), deepest, brackets)


def check_query(text: str) -> str:
    """The cheap checks before a query runs; returns the form its first keyword names ('select' if unclear).

    Refuses updates and ``SERVICE`` (a friendly early answer: the engine's parser accepts no update, and the sandbox
    keeps it off the network), and nesting deeper than :data:`MAX_DEPTH` (the engine parses recursively).

    >>> check_query("SELECT * WHERE { ?s ?p ?o }")
    'select'
    >>> check_query("SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }")
    Traceback (most recent call last):
    ...
    kennisgraaf.errors.UnsafeQueryError: SERVICE is refused: kennisgraaf never sends a query to another endpoint
    >>> check_query("ASK { " + "{ " * 200 + "}" * 200 + " }")
    Traceback (most recent call last):
    ...
    kennisgraaf.errors.DataError: the query nests brackets deeper than 128 levels
      fix: flatten the query (no real query needs that many nested groups)
    """
    found = checked(text)
    return found.form if found.form in QUERY_FORMS else "select"


def checked(text: str) -> Lexed:
    """:func:`lex`, raising :class:`UnsafeQueryError` or :class:`DataError` where :func:`check_query` refuses."""
    found = lex(text)
    if found.form in UPDATE_FORMS:
        raise UnsafeQueryError(UPDATE_REFUSED)
    if found.depth > MAX_DEPTH or found.brackets > MAX_BRACKETS:
        raise DataError(f"the query nests brackets deeper than {MAX_DEPTH} levels" if found.depth > MAX_DEPTH else
                        f"the query has more than {MAX_BRACKETS} brackets",
                        fix="flatten the query (no real query needs that many nested groups)")
    if found.service:
        raise UnsafeQueryError(SERVICE_REFUSED)
    return found


_CODEPOINT = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")


def engine_text(text: str) -> str:
    r"""The query as the engine reads it: codepoint escapes decoded first, and CR ending a line as LF does.

    Oxigraph decodes ``\uXXXX`` escapes anywhere in the text before parsing (SPARQL 1.1 section 19.2) and ends a
    comment at CR, so the cheap checks read this form.

    >>> engine_text("ASK { #c\r\\u0053ERVICE <x> {} }")
    'ASK { #c\nSERVICE <x> {} }'
    """
    if "\\" in text:
        text = _CODEPOINT.sub(lambda m: _char(m.group(1) or m.group(2)), text)
    return text.replace("\r", "\n") if "\r" in text else text


def _char(hex_digits: str) -> str:
    code = int(hex_digits, 16)
    return chr(code) if code <= 0x10FFFF and not 0xD800 <= code <= 0xDFFF else "\ufffd"


def kind_of(result) -> str:
    """The form of a query, from the engine's answer: 'select', 'ask' or 'construct' (also for DESCRIBE)."""
    if isinstance(result, ox.QueryBoolean):
        return "ask"
    return "select" if isinstance(result, ox.QuerySolutions) else "construct"


_POSITION = re.compile(r"error at (\d+):(\d+)")
_PREFIX_LINES = None


def syntax_message(exc: SyntaxError) -> str:
    """The engine's syntax error with its line counted in the user's text (kennisgraaf's prefixes come first)."""
    global _PREFIX_LINES
    if _PREFIX_LINES is None:
        _PREFIX_LINES = sparql_prefixes().count("\n")
    return _POSITION.sub(lambda m: f"error at line {max(int(m.group(1)) - _PREFIX_LINES, 1)}, column {m.group(2)}",
                         str(exc), count=1)


def evaluate(kg: KnowledgeGraph, text: str, default_graphs: tuple[str, ...] = (),
             named_graphs: tuple[str, ...] = (), *, dataset: bool | None = None):
    """Run a query that :func:`check_query` accepted; the raw Oxigraph result.

    The dataset is the union of all graphs, unless the SPARQL 1.1 Protocol's ``default-graph-uri`` and
    ``named-graph-uri`` name graphs (``default_graphs``, ``named_graphs``): then exactly those. ``dataset`` says
    whether the text has FROM / FROM NAMED (found by :func:`lex` when not given). The CLI (:func:`run_query`) and the
    SPARQL endpoint both evaluate queries through this function.
    """
    if not default_graphs and not named_graphs:
        # FROM / FROM NAMED name the dataset themselves; Oxigraph's union flag would override them.
        union = not (lex(text).dataset if dataset is None else dataset)
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


NETWORK_REFUSED = "the query tried to reach the network, which is closed to queries (SERVICE is refused)"


def _run_checked(kg: KnowledgeGraph, text: str) -> QueryResult:
    check_query(text)
    try:
        result = evaluate(kg, text)
    except SyntaxError as exc:
        raise DataError(f"SPARQL syntax error: {syntax_message(exc)}", fix="check the query near that position") from None
    except OSError:  # the sandbox refused the engine's SERVICE client a socket
        raise UnsafeQueryError(NETWORK_REFUSED) from None
    kind = kind_of(result)
    if kind == "select":
        variables = [v.value for v in result.variables]
        rows = [{v: to_python(row[v]) for v in variables} for row in result]
        return QueryResult(kind, variables, rows)
    if kind == "ask":
        return QueryResult(kind, boolean=bool(result))
    return QueryResult(kind, turtle=ox.serialize(result, format=ox.RdfFormat.TURTLE).decode("utf-8"))
