"""One cell of the tabular layout as an RDF value, by its column's kind (text, date, yes/no, number, source, scope).

Dates are read as YYYY-MM-DD or D-M-YYYY, yes/no in Dutch or English, numbers with a decimal point or comma; a
source is a web address or a citation. A cell that cannot be read raises :class:`CellError` with how to fix it.
"""

from __future__ import annotations

import re
from datetime import date

import pyoxigraph as ox
from rdflib import Literal, URIRef
from rdflib.namespace import XSD

from .schema import BOOL, DATE, EN, NL, NUMBER, SCOPE, SCOPES, SOURCE, TEXT, Column

AGE_BAND = re.compile(r"^([0-9]{1,2}-[0-9]{1,3}|[0-9]{1,2}\+)$")
_IRI = re.compile(r"^<?(https?://[^\s<>\"{}|\\^`]+)>?$")
_TRUE = {"true", "ja", "yes", "waar", "1", "y", "j", "x"}
_FALSE = {"false", "nee", "no", "onwaar", "0", "n"}
_SCOPE_WORDS = {"municipal-rule": ("gemeentelijkeregel", "gemeente", "municipal", "lokaal"),
                "national-law": ("landelijkewet", "wet", "national", "landelijk"),
                "practice": ("uitvoeringspraktijk", "praktijk")}


def parse_date(text: str) -> str | None:
    text = text.strip()
    match = re.match(r"^(\d{4})-(\d{1,2})-(\d{1,2})$", text) or None
    if match:
        y, m, d = (int(g) for g in match.groups())
    else:
        match = re.match(r"^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})$", text)
        if not match:
            return None
        d, m, y = (int(g) for g in match.groups())
    try:
        return date(y, m, d).isoformat()
    except ValueError:
        return None




class CellError(ValueError):
    """A cell that cannot be read as its column's kind; ``fix`` says what to write instead."""

    def __init__(self, message: str, fix: str):
        super().__init__(message)
        self.fix = fix


def cell_value(column: Column, text: str):
    """The RDF value of ``text`` in ``column``.

    >>> from kennisgraaf.authoring.schema import Column
    >>> cell_value(Column("in_force", DATE), "1-1-2015")
    rdflib.term.Literal('2015-01-01', datatype=rdflib.term.URIRef('http://www.w3.org/2001/XMLSchema#date'))
    >>> cell_value(Column("weeks", NUMBER), "2,5").toPython()
    Decimal('2.5')
    >>> cell_value(Column("household_facing", BOOL), "misschien")
    Traceback (most recent call last):
    kennisgraaf.authoring.cells.CellError: 'misschien' is not true or false
    """
    kind = column.kind
    if kind in (NL, EN):
        return Literal(text, lang=kind)
    if kind == TEXT:
        if column.name == "cbs_code":
            text = text.upper()
            if not re.match(r"^GM[0-9]{4}$", text):
                raise CellError(f"'{text}' is not a CBS municipality code",
                                "write GM and four digits, e.g. GM0153 (see cbs.nl, 'gemeentecodes')")
        if column.name == "age_band" and not AGE_BAND.match(text):
            raise CellError(f"'{text}' is not an age band", "write a range such as 27-44 or 67+ (never a date of birth)")
        return Literal(text)
    if kind == DATE:
        day = parse_date(text)
        if day is None:
            raise CellError(f"'{text}' is not a date", "write the date as YYYY-MM-DD, e.g. 2024-01-01")
        return Literal(day, datatype=XSD.date)
    if kind == BOOL:
        lowered = text.lower()
        if lowered in _TRUE:
            return Literal("true", datatype=XSD.boolean)
        if lowered in _FALSE:
            return Literal("false", datatype=XSD.boolean)
        raise CellError(f"'{text}' is not true or false", "write true or false (or leave it empty)")
    if kind == NUMBER:
        number = text.replace(",", ".")
        if re.match(r"^[0-9]{1,6}$", number):
            return Literal(number, datatype=XSD.integer)
        if re.match(r"^[0-9]{0,6}\.[0-9]{1,6}$", number):
            return Literal(number, datatype=XSD.decimal)
        raise CellError(f"'{text}' is not a number of weeks", "write a number such as 8 or 2.5")
    if kind == SOURCE:
        match = _IRI.match(text)
        if match:
            try:
                ox.NamedNode(match.group(1))
            except ValueError:
                raise CellError(f"'{text}' is not a valid web address", "check the URL") from None
            return URIRef(match.group(1))
        return Literal(text)
    if kind == SCOPE:
        key = re.sub(r"[^a-z]", "", text.lower().removeprefix("kg:"))
        for name, iri in SCOPES.items():
            if key in (name.replace("-", ""), str(iri).split("#")[-1].lower()) or key in _SCOPE_WORDS.get(name, ()):
                return iri
        raise CellError(f"scope '{text}' is not one of {', '.join(SCOPES)}",
                        "municipal-rule for the municipality's own rule, national-law, or practice")
    raise AssertionError(kind)  # pragma: no cover
