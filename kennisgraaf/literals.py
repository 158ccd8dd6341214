"""Refuse ill-typed literals when a file is loaded: ``"2024-02-30"^^xsd:date``, ``"abc"^^xsd:decimal``.

Oxigraph stores an ill-typed literal as it is; the code that later reads it as a date or a number would fail far from
the file (a traceback in ``score``). Checking the lexical forms of the datatypes kennisgraaf reads, once per file, turns
that into one message naming the file, the line and the value.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pyoxigraph as ox

from .errors import DataError

XSD = "http://www.w3.org/2001/XMLSchema#"
_INTEGER = re.compile(r"[+-]?\d{1,100}")
_DECIMAL = re.compile(r"[+-]?(\d{1,100}(\.\d{0,100})?|\.\d{1,100})")
_DOUBLE = re.compile(r"[+-]?(\d{1,100}(\.\d{0,100})?|\.\d{1,100})([eE][+-]?\d{1,10})?|[+-]?INF|NaN")
_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})(Z|[+-]\d{2}:\d{2})?")


def _valid_date(text: str) -> bool:
    """
    >>> _valid_date("2024-02-29"), _valid_date("2024-02-30"), _valid_date("2024-13-45"), _valid_date("2020-01-01Z")
    (True, False, False, True)
    """
    match = _DATE.fullmatch(text)
    if not match:
        return False
    try:
        date(int(match[1]), int(match[2]), int(match[3]))
    except ValueError:
        return False
    return True


#: datatype -> whether a lexical form is valid (the datatypes the data uses and the code converts)
CHECKS = {
    **dict.fromkeys([f"{XSD}{t}" for t in ("integer", "int", "long", "short", "nonNegativeInteger",
                                            "positiveInteger", "gYear")], lambda t: bool(_INTEGER.fullmatch(t))),
    f"{XSD}decimal": lambda t: bool(_DECIMAL.fullmatch(t)),
    **dict.fromkeys([f"{XSD}double", f"{XSD}float"], lambda t: bool(_DOUBLE.fullmatch(t))),
    f"{XSD}boolean": lambda t: t in ("true", "false", "1", "0"),
    f"{XSD}date": _valid_date,
}

_TYPED = "SELECT ?p ?o WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o FILTER(isLITERAL(?o) && DATATYPE(?o) IN ({types})) }} }}"


def check_literals(store: ox.Store, graph: ox.NamedNode, path: Path) -> None:
    """Raise one :class:`DataError` for the first ill-typed literal in ``graph`` (loaded from ``path``)."""
    query = _TYPED.format(graph=graph.value, types=", ".join(f"<{t}>" for t in CHECKS))
    for row in store.query(query):
        problem = literal_problem(row["p"], row["o"], path)
        if problem:
            raise problem


def literal_problem(predicate: ox.NamedNode, literal: ox.Literal, path: Path) -> DataError | None:
    """The problem with an ill-typed literal of a datatype in :data:`CHECKS`, or None."""
    check = CHECKS.get(literal.datatype.value) if isinstance(literal, ox.Literal) else None
    if check is None or check(literal.value):
        return None
    kind = literal.datatype.value.removeprefix(XSD)
    shown = literal.value if len(literal.value) <= 40 else literal.value[:40] + "…"
    return DataError(f"'{shown}' is not a valid xsd:{kind} (property <{predicate.value}>)", path=str(path),
                     line=_line_of(path, literal.value),
                     fix=f"write a valid {kind}" + (" (YYYY-MM-DD, a day that exists)" if kind == "date" else "")
                         + ", or leave the value out")


def _line_of(path: Path, lexical: str) -> int | None:
    try:
        for number, line in enumerate(path.read_text(encoding="utf-8-sig").splitlines(), start=1):
            if f'"{lexical}"' in line:
                return number
    except (OSError, UnicodeDecodeError):
        pass
    return None
