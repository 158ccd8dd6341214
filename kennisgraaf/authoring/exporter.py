"""``kennisgraaf export``: the graph as Turtle, N-Triples or JSON-LD, or the municipality models and cases in the
tabular layout import reads (CSV, one file per sheet, or one XLSX workbook), so that export then import round-trips.

Cells a spreadsheet would run as a formula are escaped with a leading ``'``.
"""

from __future__ import annotations

import csv
import io
import json
from collections import defaultdict
from pathlib import Path

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDF, XSD

from ..errors import DataError
from ..namespaces import with_prefixes
from ..namespaces import GRAPH_BASE, KG, PREFIXES, compact
from ..store import KnowledgeGraph, to_rdflib
from .importer import commit
from .schema import (BOOL, DATE, EN, ID, INSTITUTION_TYPES, NL, NUMBER, REF, SCOPE, SCOPES, SHEETS, SOURCE, TEXT,
                     TYPE, Sheet, escape_cell, namespace)

RDF_FORMATS = {"ttl": "turtle", "nt": "nt", "jsonld": "json-ld"}
TABLE_FORMATS = ("csv", "xlsx")
FORMATS = (*RDF_FORMATS, *TABLE_FORMATS)
#: Excel's longest cell
XLSX_CELL_LIMIT = 32_767


def select_graph(kg: KnowledgeGraph, *, folders: tuple[str, ...] | None = None,
                 graphs: set[str] | None = None) -> Graph:
    """The triples of the data files (never the ontology), optionally only those below some data folders or of
    some named graphs."""
    out = Graph()
    for quad in kg.quads():
        name = quad.graph_name.value if hasattr(quad.graph_name, "value") else ""
        if name.startswith(GRAPH_BASE + "ontology/"):
            continue
        if graphs is not None and name not in graphs:
            continue
        if folders is not None and not any(name.startswith(f"{GRAPH_BASE}{f}/") for f in folders):
            continue
        out.add((to_rdflib(quad.subject), to_rdflib(quad.predicate), _plain(to_rdflib(quad.object))))
    return out


def _plain(term):
    """xsd:string literals as rdflib reads them from Turtle: without a datatype."""
    if isinstance(term, Literal) and term.datatype == XSD.string:
        return Literal(str(term))
    return term


def rdf_bytes(graph: Graph, fmt: str) -> bytes:
    """The graph in Turtle, N-Triples or JSON-LD (with an inline context: nothing to fetch when read back)."""
    bound = with_prefixes(graph)
    if fmt == "jsonld":
        used = {p: ns for p, ns in PREFIXES.items()
                if any(str(t).startswith(ns) for triple in graph for t in triple if isinstance(t, URIRef))}
        text = bound.serialize(format="json-ld", context=used, indent=1)
        return text.encode("utf-8")
    return bound.serialize(format=RDF_FORMATS[fmt]).encode("utf-8")


# -- tables ---------------------------------------------------------------------------------------------------

def tables(graph: Graph) -> tuple[dict[str, list[dict[str, str]]], list[str]]:
    """The municipality models and cases of ``graph`` in the tabular layout, and what could not be put in it."""
    out: dict[str, list[dict[str, str]]] = {name: [] for name in SHEETS}
    left_out: list[str] = []
    by_class = {sheet.cls: sheet for sheet in SHEETS.values() if sheet.cls is not None}
    by_class[KG.Wijkteam] = SHEETS["institutions"]
    members: set = set()
    for subject in sorted(set(graph.subjects(RDF.type, None)), key=str):
        if not isinstance(subject, URIRef):
            continue
        classes = set(graph.objects(subject, RDF.type))
        sheets = {by_class[c].name: c for c in classes if c in by_class}
        if len(sheets) != 1:
            continue
        name, cls = next(iter(sheets.items()))
        sheet = SHEETS[name]
        row, problems = _row(graph, subject, sheet, cls, classes)
        left_out.extend(problems)
        if name == "cases":
            for member in sorted(graph.objects(subject, KG.member), key=lambda m: _member_key(graph, m)):
                members.add(member)
                member_row, problems = _case_node_row(graph, subject, member, SHEETS["members"])
                out["members"].append(member_row)
                left_out.extend(problems)
            for phase in sorted(graph.objects(subject, KG.phase), key=lambda p: int(graph.value(p, KG.fromMonth) or -1)):
                members.add(phase)
                phase_row, problems = _case_node_row(graph, subject, phase, SHEETS["phases"])
                out["phases"].append(phase_row)
                left_out.extend(problems)
        out[name].append(row)
    exported = {URIRef(_expand_id(r["id"], SHEETS[n])) for n, rows in out.items() if n not in ("members", "phases") for r in rows}
    others = {s for s in graph.subjects() if s not in exported and s not in members}
    if others:
        sample = ", ".join(sorted(compact(str(s)) for s in others if isinstance(s, URIRef))[:5])
        left_out.append(f"{len(others)} subject(s) that are not municipality models or cases ({sample}…)")
    return {name: rows for name, rows in out.items() if rows}, left_out


def _expand_id(slug: str, sheet: Sheet) -> str:
    return slug if slug.startswith("http") else namespace(sheet.prefix) + slug


def _member_key(graph: Graph, member) -> tuple:
    return (str(graph.value(member, KG.role) or ""), str(graph.value(member, KG.ageBand) or ""),
            int(graph.value(member, KG.ageYears) or -1), int(graph.value(member, KG.ageMonths) or -1))


def _row(graph: Graph, subject: URIRef, sheet: Sheet, cls, classes) -> tuple[dict[str, str], list[str]]:
    row: dict[str, str] = {c.name: "" for c in sheet.columns}
    problems: list[str] = []
    base = namespace(sheet.prefix)
    row["id"] = str(subject)[len(base):] if str(subject).startswith(base) else str(subject)
    if "type" in row:
        row["type"] = next(k for k, v in INSTITUTION_TYPES.items() if v == cls)
    extra_types = classes - {cls}
    if extra_types:
        problems.append(f"{compact(str(subject))}: extra rdf:type {', '.join(compact(str(c)) for c in extra_types)}")
    # a case's members and phases go to their own sheets (the properties their "case" column links by)
    links = {s.column("case").predicate for s in SHEETS.values() if s.node_class} if sheet.name == "cases" else ()
    _fill(row, graph, subject, sheet, problems, what=compact(str(subject)), unknown=f"{compact(str(subject))} ",
          skip=lambda predicate, _: predicate == RDF.type or predicate in links)
    return row, problems


def _fill(row: dict[str, str], graph: Graph, subject, sheet: Sheet, problems: list[str], *, what: str,
          unknown: str, skip) -> None:
    """Each value of ``subject`` (but those ``skip(predicate, object)`` leaves out) into the cell of its column:
    several on separate lines, one kept where the column holds one; a value no column takes is a problem that
    starts with ``unknown``. The "case" column is the link to a member or phase, never one of its values."""
    values: dict[str, list[str]] = defaultdict(list)
    for predicate, obj in graph.predicate_objects(subject):
        if skip(predicate, obj):
            continue
        column = _column_for(sheet, predicate, obj)
        if column is None or column.name == "case":
            problems.append(f"{unknown}{compact(str(predicate))} {_show(obj)}")
            continue
        values[column.name].append(_cell(column, obj))
    for name, items in values.items():
        column = sheet.column(name)
        if len(items) > 1 and not column.multi:
            problems.append(f"{what}: {len(items)} values for '{name}', one kept")
            items = sorted(items)[:1]
        row[name] = "\n".join(sorted(items))


def _case_node_row(graph: Graph, case: URIRef, node, sheet: Sheet) -> tuple[dict[str, str], list[str]]:
    """A member or phase of ``case`` (a blank node of ``sheet.node_class``) as a row of its sheet."""
    what = f"a {sheet.name.removesuffix('s')} of {compact(str(case))}"
    row: dict[str, str] = {c.name: "" for c in sheet.columns}
    row["case"] = str(case)[len(namespace("case")):]
    problems: list[str] = []
    _fill(row, graph, node, sheet, problems, what=what, unknown=f"{what}: ",
          skip=lambda predicate, obj: predicate == RDF.type and obj == sheet.node_class)
    if (node, RDF.type, sheet.node_class) not in graph:
        problems.append(f"{what} without rdf:type {compact(str(sheet.node_class))} (import adds it)")
    return row, problems


def _column_for(sheet: Sheet, predicate, obj):
    for column in sheet.columns:
        if column.predicate != predicate or column.kind in (ID, TYPE):
            continue
        kind = column.kind
        if kind == REF and isinstance(obj, URIRef):
            return column
        if kind == SCOPE and obj in SCOPES.values():
            return column
        if isinstance(obj, Literal):
            lang, datatype = obj.language, obj.datatype
            if kind in (NL, EN) and lang == kind:
                return column
            if kind == TEXT and lang is None and datatype is None:
                return column
            if kind == DATE and str(datatype).endswith("#date"):
                return column
            if kind == BOOL and str(datatype).endswith("#boolean") and str(obj) in ("true", "false"):
                return column
            if kind == NUMBER and str(datatype).endswith(("#integer", "#decimal")):
                return column
            if kind == SOURCE and lang is None and datatype is None:
                return column
        if kind == SOURCE and isinstance(obj, URIRef):
            return column
    return None


def _cell(column, obj) -> str:
    if column.kind == REF:
        return compact(str(obj))
    if column.kind == SCOPE:
        return next(k for k, v in SCOPES.items() if v == obj)
    return str(obj)


def _show(obj) -> str:
    if isinstance(obj, URIRef):
        return compact(str(obj))
    if isinstance(obj, BNode):
        return "[…]"
    text = str(obj)
    return json.dumps(text[:40] + ("…" if len(text) > 40 else ""), ensure_ascii=False)


def csv_files(data: dict[str, list[dict[str, str]]], out_dir: Path) -> dict[Path, bytes]:
    """One CSV file per sheet (UTF-8 with a byte-order mark, so that Excel reads it as UTF-8)."""
    out = {}
    for name, rows in data.items():
        buffer = io.StringIO(newline="")
        writer = csv.writer(buffer, lineterminator="\r\n")
        columns = SHEETS[name].column_names
        writer.writerow(columns)
        for row in rows:
            writer.writerow([escape_cell(row.get(c, "")) for c in columns])
        out[out_dir / f"{name}.csv"] = ("\ufeff" + buffer.getvalue()).encode("utf-8")
    return out


def xlsx_bytes(data: dict[str, list[dict[str, str]]]) -> bytes:
    """One workbook, one worksheet per sheet; every cell is text (never a formula)."""
    from openpyxl import Workbook
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
    from openpyxl.styles import Alignment, Font

    book = Workbook()
    book.remove(book.active)
    for name, rows in data.items():
        ws = book.create_sheet(name)
        columns = SHEETS[name].column_names
        ws.append(columns)
        for cell in ws[1]:
            cell.font = Font(bold=True)
        for row in rows:
            values = []
            for column in columns:
                value = escape_cell(row.get(column, ""))
                if len(value) > XLSX_CELL_LIMIT or ILLEGAL_CHARACTERS_RE.search(value):
                    raise DataError(f"sheet {name}, column '{column}' of {row.get('id') or row.get('case')}: the value "
                                    "cannot be stored in an Excel cell (too long or control characters)",
                                    fix="export to CSV instead")
                values.append(value)
            ws.append(values)
            for cell in ws[ws.max_row]:
                cell.data_type = "s"
                cell.alignment = Alignment(wrap_text=False, vertical="top")
        ws.freeze_panes = "A2"
        for index, column in enumerate(columns, start=1):
            width = max([len(column)] + [min(len(r.get(column, "").split("\n")[0]), 60) for r in rows])
            ws.column_dimensions[ws.cell(1, index).column_letter].width = width + 2
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def write(contents: dict[Path, bytes]) -> list[Path]:
    return commit(contents)
