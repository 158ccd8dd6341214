"""Namespaces and the compact ids ("svc:schuldhulpverlening") used on the command line and in outputs."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from rdflib import Graph

ID_BASE = "https://w3id.org/kennisgraaf/id/"
GRAPH_BASE = "https://w3id.org/kennisgraaf/graph/"

#: The vocabularies, as plain strings. ``KG``, ``ORG``, … are rdflib ``Namespace`` objects over them, made on first
#: use (module ``__getattr__``), so that commands that never build an rdflib graph do not import rdflib.
_NAMESPACES: dict[str, str] = {
    "KG": "https://w3id.org/kennisgraaf/def#", "ORG": "http://www.w3.org/ns/org#",
    "PROV": "http://www.w3.org/ns/prov#", "CPSV": "http://purl.org/vocab/cpsv#", "CV": "http://data.europa.eu/m8g/",
    "ELI": "http://data.europa.eu/eli/ontology#",
}
_STANDARD = {"rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#", "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
             "owl": "http://www.w3.org/2002/07/owl#", "xsd": "http://www.w3.org/2001/XMLSchema#",
             "skos": "http://www.w3.org/2004/02/skos/core#", "dcterms": "http://purl.org/dc/terms/"}


def __getattr__(name: str) -> Any:
    if name in _NAMESPACES:
        from rdflib import Namespace
        globals()[name] = value = Namespace(_NAMESPACES[name])
        return value
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


#: prefix -> folder under ID_BASE; the prefix is what users see in compact ids.
ID_PREFIXES: dict[str, str] = {
    "law": "law", "inst": "institution", "prot": "protocol", "meth": "method", "instr": "instrument",
    "sys": "system", "svc": "provision", "pc": "precondition", "fund": "funding", "dom": "domain",
    "need": "need", "datacat": "data", "role": "role", "gemeente": "municipality", "model": "model",
    "arr": "arrangement", "scen": "scenario", "case": "case", "scheme": "scheme", "reform": "reform",
    "plan": "plan", "provincie": "province", "trans": "transition",
    # issue 15: choices, money, people and honest scenarios
    "alt": "alternative", "cost": "cost", "excl": "exclusion", "actor": "actor", "dep": "dependency",
    "mandate": "mandate", "circ": "circumstance", "rs": "residence-status", "hh": "household-composition",
    "prio": "priority",
}

PREFIXES: dict[str, str] = {
    "kg": _NAMESPACES["KG"], **_STANDARD,
    **{name.lower(): _NAMESPACES[name] for name in ("ORG", "PROV", "CPSV", "CV", "ELI")},
    **{prefix: f"{ID_BASE}{folder}/" for prefix, folder in ID_PREFIXES.items()},
}

_BY_NAMESPACE = sorted(((ns, p) for p, ns in PREFIXES.items()), key=lambda item: -len(item[0]))


def compact(iri: str) -> str:
    """Shorten an IRI to ``prefix:local`` where a known prefix fits.

    >>> compact("https://w3id.org/kennisgraaf/id/provision/schuldhulpverlening")
    'svc:schuldhulpverlening'
    >>> compact("https://example.org/x")
    'https://example.org/x'
    """
    for namespace, prefix in _BY_NAMESPACE:
        if iri.startswith(namespace) and len(iri) > len(namespace):
            return f"{prefix}:{iri[len(namespace):]}"
    return iri


def expand(curie: str) -> str:
    """Expand ``prefix:local`` to a full IRI; full IRIs are returned unchanged.

    >>> expand("case:gescheiden-vrouw")
    'https://w3id.org/kennisgraaf/id/case/gescheiden-vrouw'
    """
    prefix, sep, local = curie.partition(":")
    if sep and prefix in PREFIXES and not local.startswith("//"):
        return PREFIXES[prefix] + local
    return curie


def sparql_prefixes() -> str:
    """PREFIX declarations for every known prefix, to put in front of user queries."""
    return "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in PREFIXES.items())


def with_prefixes(graph: "Graph") -> "Graph":
    """A copy of an rdflib graph with kennisgraaf's prefixes bound, so serialisations use compact ids."""
    from rdflib import Graph

    bound = Graph()
    for prefix, namespace in PREFIXES.items():
        bound.bind(prefix, namespace, override=True, replace=True)
    for triple in graph:
        bound.add(triple)
    return bound
