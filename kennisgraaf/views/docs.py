"""Ontology documentation: one static HTML page of every class and property, and a class diagram view.

Generated from the ontology with rdflib and our own jinja2 template rather than pyLODE: pyLODE 3.4 would add five
dependencies (httpx, dominate, markdown, html5lib, tqdm), renders definitions through Markdown with raw HTML
allowed and writes its JSON-LD block unescaped (so ontology text could inject markup), and its other profile
fetches background ontologies over HTTP. This page has no script at all and a CSP of ``default-src 'none'``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from rdflib import OWL, RDF, RDFS, SKOS, Graph, URIRef
from rdflib.namespace import DCTERMS

from .. import __version__
from ..errors import DataError
from ..namespaces import KG, PREFIXES
from ..store import default_ontology_dir
from .model import Panel, View, ViewEdge, ViewNode
from .render import environment, render_view, write_atomic, write_view  # noqa: F401 (re-exported)

SH = "http://www.w3.org/ns/shacl#"
_KINDS = ((OWL.Class, "classes"), (OWL.ObjectProperty, "object_properties"),
          (OWL.DatatypeProperty, "datatype_properties"), (OWL.NamedIndividual, "individuals"))


@dataclass
class Term:
    """One documented term with everything the page says about it."""

    iri: str
    name: str
    label_nl: str = ""
    label_en: str = ""
    definition_nl: str = ""
    definition_en: str = ""
    parents: list[tuple[str, str]] = field(default_factory=list)   # (anchor or "", text)
    children: list[tuple[str, str]] = field(default_factory=list)
    domain: list[tuple[str, str]] = field(default_factory=list)
    range: list[tuple[str, str]] = field(default_factory=list)
    in_domain_of: list[tuple[str, str]] = field(default_factory=list)
    in_range_of: list[tuple[str, str]] = field(default_factory=list)
    matches: list[tuple[str, str]] = field(default_factory=list)
    types: list[tuple[str, str]] = field(default_factory=list)
    constraints: list[str] = field(default_factory=list)


def load_ontology(ontology_dir: Path | str | None = None) -> Graph:
    """The ontology folder's Turtle files (not its checks) in one rdflib graph. Nothing is fetched."""
    folder = Path(ontology_dir) if ontology_dir else default_ontology_dir()
    files = sorted(folder.glob("*.ttl"))
    if not files:
        raise DataError(f"no ontology (.ttl) files in {folder}", fix="pass --ontology with the ontology folder")
    graph = Graph()
    for path in files:
        try:
            graph.parse(path, format="turtle")
        except Exception as exc:  # rdflib raises several parser error types
            raise DataError(f"cannot parse ontology file: {exc}", path=str(path)) from None
    return graph


def _compact(iri: str) -> str:
    for prefix, namespace in sorted(PREFIXES.items(), key=lambda item: -len(item[1])):
        if iri.startswith(namespace) and len(iri) > len(namespace):
            return f"{prefix}:{iri[len(namespace):]}"
    return iri


def _own(iri) -> bool:
    return isinstance(iri, URIRef) and str(iri).startswith(str(KG))


def _ref(iri) -> tuple[str, str]:
    """(anchor, text) for a term: an anchor when it is ours, else just its compact IRI."""
    return (str(iri)[len(str(KG)):], _compact(str(iri))) if _own(iri) else ("", _compact(str(iri)))


def _text(graph: Graph, subject, predicate, lang: str) -> str:
    values = [str(o) for o in graph.objects(subject, predicate) if getattr(o, "language", None) == lang]
    return sorted(values)[0] if values else ""


def collect_terms(graph: Graph) -> dict[str, list[Term]]:
    """The ontology's own classes, properties and individuals, each with labels, definitions and relations."""
    out: dict[str, list[Term]] = {}
    for rdf_type, section in _KINDS:
        terms = []
        for s in sorted({s for s in graph.subjects(RDF.type, rdf_type) if _own(s)}, key=str):
            t = Term(str(s), str(s)[len(str(KG)):], _text(graph, s, RDFS.label, "nl"), _text(graph, s, RDFS.label, "en"),
                     _text(graph, s, SKOS.definition, "nl"), _text(graph, s, SKOS.definition, "en"))
            parent = RDFS.subClassOf if rdf_type == OWL.Class else RDFS.subPropertyOf
            t.parents = sorted(_ref(o) for o in graph.objects(s, parent) if isinstance(o, URIRef))
            t.children = sorted(_ref(c) for c in graph.subjects(parent, s) if isinstance(c, URIRef))
            t.domain = sorted(_ref(o) for o in graph.objects(s, RDFS.domain) if isinstance(o, URIRef))
            t.range = sorted(_ref(o) for o in graph.objects(s, RDFS.range) if isinstance(o, URIRef))
            t.in_domain_of = sorted(_ref(p) for p in graph.subjects(RDFS.domain, s) if _own(p))
            t.in_range_of = sorted(_ref(p) for p in graph.subjects(RDFS.range, s) if _own(p))
            t.matches = sorted(_ref(o) for p in (SKOS.exactMatch, SKOS.closeMatch, OWL.equivalentClass,
                                                 OWL.inverseOf) for o in graph.objects(s, p) if isinstance(o, URIRef))
            t.types = sorted(_ref(o) for o in graph.objects(s, RDF.type) if o != OWL.NamedIndividual)
            t.constraints = _constraints(graph, s)
            terms.append(t)
        out[section] = sorted(terms, key=lambda t: (t.label_en or t.name).casefold())
    return out


def _constraints(graph: Graph, cls) -> list[str]:
    """The SHACL property constraints on a class, one short line each."""
    lines = []
    for shape in graph.subjects(URIRef(SH + "targetClass"), cls):
        for prop in graph.objects(shape, URIRef(SH + "property")):
            path = graph.value(prop, URIRef(SH + "path"))
            if path is None:
                continue
            parts = [_compact(str(path))]
            for key in ("minCount", "maxCount", "datatype", "class", "pattern"):
                value = graph.value(prop, URIRef(SH + key))
                if value is not None:
                    parts.append(f"{key} {_compact(str(value))}")
            message = graph.value(prop, URIRef(SH + "message"))
            lines.append(" · ".join(parts) + (f" — {message}" if message else ""))
    return sorted(lines)


def class_diagram(graph: Graph, terms: dict[str, list[Term]] | None = None) -> View:
    """The class diagram: our classes, their superclasses from other vocabularies, subclass edges and one edge
    per object property from its domain to its range."""
    terms = terms or collect_terms(graph)
    panel = Panel("classes and object properties")
    nodes: dict[str, ViewNode] = {}
    for t in terms["classes"]:
        nodes[t.iri] = ViewNode(t.iri, "class", t.label_en or t.name, t.label_nl, t.label_en,
                                t.definition_en or t.definition_nl, t.iri)
    for t in terms["classes"]:
        for parent in graph.objects(URIRef(t.iri), RDFS.subClassOf):
            if not isinstance(parent, URIRef):
                continue
            if str(parent) not in nodes:
                nodes[str(parent)] = ViewNode(str(parent), "external", _compact(str(parent)), source=str(parent))
            panel.edges.append(ViewEdge(t.iri, str(parent), "subClassOf", "subclass of", dashed=True))
    for t in terms["object_properties"]:
        for d in graph.objects(URIRef(t.iri), RDFS.domain):
            for r in graph.objects(URIRef(t.iri), RDFS.range):
                if str(d) in nodes and str(r) in nodes:
                    panel.edges.append(ViewEdge(str(d), str(r), t.name, t.label_en or t.name))
    panel.nodes = list(nodes.values())
    panel.notes.append("Dashed edges: subclass of. Solid edges: an object property from its domain to its range.")
    return View("classes", "kennisgraaf ontology: class diagram",
                f"{len(terms['classes'])} classes, {len(terms['object_properties'])} object properties",
                [panel.finish()])


def render_docs(graph: Graph, terms: dict[str, list[Term]] | None = None, std: dict | None = None) -> str:
    """The documentation page (no script; styles inline); ``std``: the standards section (docs_standards.py)."""
    terms = terms or collect_terms(graph)
    ontologies = list(graph.subjects(RDF.type, OWL.Ontology))
    onto = ontologies[0] if ontologies else None
    header = {"iri": str(onto) if onto else str(KG), "label": _text(graph, onto, RDFS.label, "en") if onto else "",
              "definition": _text(graph, onto, SKOS.definition, "en") if onto else "",
              "version": str(graph.value(onto, OWL.versionInfo) or "") if onto else "",
              "license": str(graph.value(onto, DCTERMS.license) or "") if onto else ""}
    return environment().get_template("docs.html").render(
        terms=terms, header=header, version=__version__, std=std,
        csp="default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'")


def write_docs(folder: Path | str, ontology_dir: Path | str | None = None) -> list[Path]:
    """Write ``index.html`` (the documentation) and ``classes.html`` (the class diagram) into ``folder``."""
    from ..atomic import check_output, note_input, write_files
    from ..store import default_ontology_dir
    folder = Path(folder)
    note_input(Path(ontology_dir) if ontology_dir else default_ontology_dir())
    check_output(folder)
    from .docs_standards import standards_context, write_downloads

    graph = load_ontology(ontology_dir)
    terms = collect_terms(graph)
    source = Path(ontology_dir) if ontology_dir else default_ontology_dir()
    std = standards_context(graph, source.parent / "CHANGELOG.md")
    pages = {folder / "index.html": render_docs(graph, terms, std),
             folder / "classes.html": render_view(class_diagram(graph, terms))}
    return [*write_files({path: text.encode("utf-8") for path, text in pages.items()}, make_dirs=True),
            *write_downloads(folder, graph, source)]
