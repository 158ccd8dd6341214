"""Turn rows of the tabular layout into RDF: the privacy guard first, then ids, references, values and the
cross-row checks. Every problem names the file, the row or line and the column, and says how to fix it."""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from difflib import get_close_matches

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDF

from ..errors import DataError
from ..namespaces import KG, ORG, compact
from .cells import CellError, cell_value
from .limits import MAX_ID_CHARS
from .problems import privacy_problems, raise_problems
from .readers import Row
from .resolver import Resolver, Unresolved
from .schema import ID, INSTITUTION_TYPES, REF, SHEETS, SLUG, TYPE, Column, Sheet, namespace



# -- building -------------------------------------------------------------------------------------------------

@dataclass
class Built:
    """The RDF made from a set of rows: one graph per output (folder, origin file), with provenance."""

    graphs: dict[tuple[str, str], Graph] = field(default_factory=dict)
    #: subject IRI -> (file, line) it came from, for validation messages
    provenance: dict[str, tuple[str, int | None]] = field(default_factory=dict)

    def graph(self, folder: str, origin: str) -> Graph:
        return self.graphs.setdefault((folder, origin), Graph())


class Builder:
    def __init__(self, resolver: Resolver):
        self.resolver = resolver
        self.problems: list[DataError] = []
        self.built = Built()
        self.subjects: dict[int, URIRef] = {}
        self.declared: dict[str, Row] = {}
        self.model_sources: dict[str, list] = {}

    def fail(self, row: Row, column: str | None, message: str, fix: str | None = None) -> None:
        self.problems.append(row.error(column, message, fix))

    # pass 1: columns and ids
    def declare(self, rows: list[Row]) -> None:
        for row in rows:
            sheet = SHEETS[row.sheet]
            self._check_columns(row, sheet)
            if sheet.cls is None or row.sheet == "arrangements":
                continue
            iri = self._own_id(row, sheet)
            if iri is None:
                continue
            cls = sheet.cls
            if row.sheet == "institutions":
                cls = self._institution_type(row)
            self._declare(row, iri, cls)

    def _declare(self, row: Row, iri: URIRef, cls: URIRef) -> None:
        if str(iri) in self.declared:
            first = self.declared[str(iri)]
            self.fail(row, "id", f"{compact(iri)} is declared twice (also in {first.file}"
                                 f"{':' + str(first.line) if first.line else ''})", "give each row its own id")
            return
        self.declared[str(iri)] = row
        self.subjects[id(row)] = iri
        names = [str(row.values.get(c, "")) for c in ("label_nl", "label_en") if isinstance(row.values.get(c), str)]
        if row.sheet == "municipalities" and isinstance(row.values.get("cbs_code"), str):
            names.append(row.values["cbs_code"])
        by_lang = {lang: row.values.get(f"label_{lang}") for lang in ("nl", "en")}
        by_lang = {k: v for k, v in by_lang.items() if isinstance(v, str) and v}
        if len(by_lang) == 1:
            by_lang = {"nl": next(iter(by_lang.values())), "en": next(iter(by_lang.values()))}
        self.resolver.declare(str(iri), str(cls), names, by_lang)
        self.built.provenance[str(iri)] = (row.file, row.line)

    def _check_columns(self, row: Row, sheet: Sheet) -> None:
        for name in row.values:
            if sheet.column(name) is None and name not in row.refused:
                close = get_close_matches(name[:100], sheet.column_names, n=3, cutoff=0.6)
                self.fail(row, name[:100], f"unknown column '{name[:100]}' in sheet '{sheet.name}'",
                          (f"did you mean {', '.join(close)}? " if close else "") +
                          f"the columns are: {', '.join(sheet.column_names)}")
        for column in sheet.columns:
            if column.required and column.name not in row.refused and _empty(row.values.get(column.name)) and not (
                    column.name == "id" and sheet.name in ("municipalities", "arrangements")):
                self.fail(row, column.name, f"'{column.name}' is required ({column.help})",
                          f"fill in {column.name}")

    def _institution_type(self, row: Row) -> URIRef:
        given = str(row.values.get("type") or "institution").strip().lower()
        if given not in INSTITUTION_TYPES:
            self.fail(row, "type", f"type '{given}' is not one of {', '.join(INSTITUTION_TYPES)}",
                      "leave it empty for an institution, or write 'wijkteam'")
            return KG.Institution
        return INSTITUTION_TYPES[given]

    def _own_id(self, row: Row, sheet: Sheet, given: str | None = None) -> URIRef | None:
        value = given if given is not None else row.values.get("id")
        if sheet.name == "municipalities" and _empty(value) and isinstance(row.values.get("cbs_code"), str):
            value = row.values["cbs_code"].lower()
        if isinstance(value, list) or _empty(value):
            if not _empty(value):
                self.fail(row, "id", "give one id, not a list")
            return None
        text = str(value).strip()
        base = namespace(sheet.prefix)
        if text.startswith(("http://", "https://")):
            if not text.startswith(base):
                self.fail(row, "id", f"id '{text}' is not in {base}", f"give just the id, e.g. '{_slugify(text.rsplit('/', 1)[-1])}'")
                return None
            slug = text[len(base):]
        elif ":" in text:
            prefix, _, slug = text.partition(":")
            if prefix != sheet.prefix:
                self.fail(row, "id", f"id '{text}' has prefix '{prefix}:', but a row of sheet '{sheet.name}' "
                                     f"is a {sheet.prefix}: id", f"write '{sheet.prefix}:{slug}' or just '{slug}'")
                return None
        else:
            slug = text
        if len(slug) > MAX_ID_CHARS:
            self.fail(row, "id", f"the id is {len(slug)} characters long, over the {MAX_ID_CHARS} limit",
                      "give a short id of lower-case letters, digits and hyphens, e.g. 'mijn-gezin'")
            return None
        if not SLUG.match(slug):
            self.fail(row, "id", f"id '{slug}' is not a valid id",
                      f"use lower-case letters, digits and hyphens, e.g. '{_slugify(slug) or 'mijn-id'}'")
            return None
        return URIRef(base + slug)

    # pass 2: values
    def convert(self, rows: list[Row], folder_of: dict[int, str]) -> None:
        arrangements: dict[tuple[str, str], Row] = {}
        for row in rows:
            sheet = SHEETS[row.sheet]
            graph = self.built.graph(folder_of.get(id(row), sheet.folder), row.origin)
            if sheet.node_class is not None:
                self._case_node(row, sheet, graph)
                continue
            values = self._values(row, sheet)
            if values is None:
                continue
            if row.sheet == "arrangements":
                subject = self._arrangement_subject(row, sheet, values, arrangements)
                if subject is None:
                    continue
            else:
                subject = self.subjects.get(id(row))
                if subject is None:
                    continue
            cls = sheet.cls if row.sheet != "institutions" else self._institution_type(row)
            self._defaults(row, sheet, subject, values)
            if row.sheet == "preconditions":
                self._precondition_checks(row, values)
            graph.add((subject, RDF.type, cls))
            for column, objects in values.items():
                for obj in objects:
                    graph.add((subject, column.predicate, obj))
        self._classification_cycles(rows)

    def _values(self, row: Row, sheet: Sheet) -> dict[Column, list] | None:
        out: dict[Column, list] = {}
        before = len(self.problems)
        for column in sheet.columns:
            raw = row.values.get(column.name)
            if _empty(raw) or column.kind in (ID, TYPE):
                continue
            objects = self._objects(row, column, raw)
            if objects:
                out[column] = objects
        return out if len(self.problems) == before else None

    def _objects(self, row: Row, column: Column, raw) -> list:
        if column.kind == REF:
            return self._refs(row, column, raw)
        items = raw if isinstance(raw, list) else (str(raw).split("\n") if column.multi else [raw])
        items = [str(i).strip() for i in items if str(i).strip()]
        if len(items) > 1 and not column.multi:
            self.fail(row, column.name, f"give one value, not {len(items)}", f"keep one {column.name}")
            return []
        out = []
        for item in items:
            obj = self._literal(row, column, item)
            if obj is not None:
                out.append(obj)
        return out

    def _literal(self, row: Row, column: Column, text: str):
        try:
            return cell_value(column, text)
        except CellError as problem:
            self.fail(row, column.name, str(problem), problem.fix)
            return None

    def _refs(self, row: Row, column: Column, raw) -> list[URIRef]:
        items = raw if isinstance(raw, list) else re.split(r"[\n;]", str(raw))
        items = [str(i).strip() for i in items if str(i).strip()]
        out: list[URIRef] = []
        for item in items:
            result = self.resolver.resolve(item, column)
            if isinstance(result, Unresolved) and "," in item:
                parts = [p.strip() for p in item.split(",") if p.strip()]
                resolved = [self.resolver.resolve(p, column) for p in parts]
                if all(isinstance(r, URIRef) for r in resolved):
                    out.extend(resolved)
                    continue
            if isinstance(result, Unresolved):
                self.fail(row, column.name, result.message, result.fix)
                continue
            out.append(result)
        if len(out) > 1 and not column.multi:
            self.fail(row, column.name, f"give one {column.what}, not {len(out)}", f"keep one {column.name}")
            return []
        return list(dict.fromkeys(out))

    def _arrangement_subject(self, row, sheet, values, seen) -> URIRef | None:
        model = values.get(sheet.column("model"), [None])[0]
        provision = values.get(sheet.column("provision"), [None])[0]
        if model is None or provision is None:
            return None
        key = (str(model), str(provision))
        if key in seen:
            first = seen[key]
            self.fail(row, "provision", f"{compact(provision)} is arranged twice in {compact(model)} (also "
                                        f"{first.file}{':' + str(first.line) if first.line else ''})",
                      "put everything about one provision in one row")
            return None
        seen[key] = row
        given = row.values.get("id")
        if _empty(given):
            given = f"{_local(model)}-{_local(provision)}"
        iri = self._own_id(row, sheet, given)
        if iri is None:
            return None
        before = len(self.problems)
        self._declare(row, iri, KG.ServiceArrangement)
        return iri if len(self.problems) == before else None

    def _defaults(self, row: Row, sheet: Sheet, subject: URIRef, values: dict[Column, list]) -> None:
        if row.sheet == "preconditions" and sheet.column("scope") not in values:
            values[sheet.column("scope")] = [KG.MunicipalRule]
        nl, en = sheet.column("label_nl"), sheet.column("label_en")
        if nl not in values and en in values:
            values[nl] = [Literal(str(values[en][0]), lang="nl")]
        elif en not in values and nl in values:
            values[en] = [Literal(str(values[nl][0]), lang="en")]
        elif nl not in values and row.sheet == "arrangements":
            provision = values[sheet.column("provision")][0]
            model = values[sheet.column("model")][0]
            for column, lang in ((nl, "nl"), (en, "en")):
                values[column] = [Literal(f"{self.resolver.label(str(provision), lang) or _local(provision)} in "
                                          f"{self.resolver.label(str(model), lang) or _local(model)}", lang=lang)]
        elif nl not in values and "label_nl" not in row.refused:
            self.fail(row, "label_nl", "needs a name: label_nl (and label_en, which defaults to it)",
                      "fill in label_nl")
        source = sheet.column("source")
        if source not in values and "source" not in row.refused:
            if row.sheet == "arrangements":
                model = str(values[sheet.column("model")][0])
                inherited = self.model_sources.get(model)
                if inherited:
                    values[source] = list(inherited)
                    return
            self.fail(row, "source", "needs a source: where this comes from (a URL or a document reference)",
                      "fill in source, e.g. 'interview met de wijkteamcoördinator, maart 2024' or a web address"
                      + ("; an arrangement without one takes its model's source" if row.sheet == "arrangements" else ""))

    def _precondition_checks(self, row: Row, values: dict[Column, list]) -> None:
        sheet = SHEETS["preconditions"]
        dependent = values.get(sheet.column("dependent"), [None])[0]
        prerequisite = values.get(sheet.column("prerequisite"), [None])[0]
        if dependent is not None and dependent == prerequisite:
            self.fail(row, "prerequisite", f"circular: {compact(dependent)} cannot be its own prerequisite",
                      "name the provision that must be obtained first")
        scope = values.get(sheet.column("scope"), [KG.MunicipalRule])[0]
        if scope == KG.MunicipalRule and sheet.column("municipality") not in values:
            self.fail(row, "municipality", "a municipal-rule precondition names its municipality",
                      "fill in municipality (id, CBS code or name)")

    def _case_node(self, row: Row, sheet: Sheet, graph: Graph) -> None:
        """A member or phase row: a blank node of its class, linked from its case by the "case" column's property."""
        values = self._values(row, sheet)
        if values is None:
            return
        link = sheet.column("case")
        case = values.get(link, [None])[0]
        if case is None or any(c.required and c not in values for c in sheet.columns):
            return  # a missing required value is reported by _check_columns
        node = BNode()
        graph.add((case, link.predicate, node))
        graph.add((node, RDF.type, sheet.node_class))
        for column, objects in values.items():
            if column is not link:
                for obj in objects:
                    graph.add((node, column.predicate, obj))

    def _classification_cycles(self, rows: list[Row]) -> None:
        edges: dict[str, set[str]] = defaultdict(set)
        for graph in self.built.graphs.values():
            for s, o in graph.subject_objects(ORG.classification):
                edges[str(s)].add(str(o))
        for iri, row in self.declared.items():
            seen, stack = set(), [iri]
            while stack:
                node = stack.pop()
                for nxt in edges.get(node, ()):
                    if nxt == iri:
                        self.fail(row, "kind", f"circular: {compact(iri)} is, through 'kind', a kind of itself",
                                  "kind names a national kind of institution, such as woningcorporatie")
                        stack = []
                        break
                    if nxt not in seen:
                        seen.add(nxt)
                        stack.append(nxt)


def _empty(value) -> bool:
    return value is None or value == "" or value == []


def _local(iri) -> str:
    return str(iri).rstrip("/").rsplit("/", 1)[-1]


def _slugify(text: str) -> str:
    import unicodedata
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text).strip("-")


def build(rows: list[Row], resolver: Resolver, model_sources: dict[str, list] | None = None,
          problems: list[DataError] | None = None) -> Built:
    """Rows -> RDF, or :class:`~kennisgraaf.authoring.problems.ImportProblems` naming every problem found: ``problems`` already found while reading,
    personal data, and every conversion problem (privacy findings listed first)."""
    found = list(problems or []) + privacy_problems(rows)
    builder = Builder(resolver)
    builder.declare(rows)
    builder.model_sources = dict(model_sources or {})
    for row in rows:
        if row.sheet == "models" and id(row) in builder.subjects:
            raw = row.values.get("source")
            if not _empty(raw):
                items = raw if isinstance(raw, list) else str(raw).split("\n")
                builder.model_sources[str(builder.subjects[id(row)])] = [
                    o for o in (builder._literal(row, SHEETS["models"].column("source"), str(i).strip())
                                for i in items if str(i).strip()) if o is not None]
    builder.convert(rows, {})
    raise_problems(found + builder.problems)
    return builder.built


__all__ = ["build", "Built"]
