"""What is household-case data, decided by content: never by the folder or file a triple came from.

A household case is any subject typed ``kg:HouseholdCase`` or ``kg:HouseholdMember``, or named in the case
namespace (``https://w3id.org/kennisgraaf/id/case/``), together with everything hanging off it: the blank nodes and
case-namespace IRIs it points to, transitively (members, their notes, nested descriptions). Every triple whose
subject is such a node is case data, in whatever named graph or file it sits. Commands that share data with others
(serve, push, export --no-cases, the municipality views) drop these triples unless ``--include-cases`` is given, so
that ``serve --with some/where/anything.ttl`` cannot leak a case that is not in a ``cases/`` folder.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

import pyoxigraph as ox

from .namespaces import KG

RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
CASE_CLASSES = frozenset({str(KG.HouseholdCase), str(KG.HouseholdMember)})
CASE_NAMESPACE = "https://w3id.org/kennisgraaf/id/case/"


def case_subjects(triples: Iterable[tuple[Any, Any, Any]], iri: Callable[[Any], str | None],
                  blank: Callable[[Any], bool]) -> set:
    """The subjects of ``triples`` that are household-case data (see the module docstring), in the terms of
    whichever RDF library the triples come from: ``iri(term)`` is the term's IRI (None for a blank node or literal),
    ``blank(term)`` says whether it is a blank node.

    >>> triples = [("c", RDF_TYPE, str(KG.HouseholdCase)), ("c", "p", "_b"), ("_b", "q", "x"),
    ...            (CASE_NAMESPACE + "h1", "p", "y"), ("m", "p", "z")]
    >>> sorted(case_subjects(triples, lambda t: None if t.startswith("_") else t, lambda t: t.startswith("_")))
    ['_b', 'c', 'https://w3id.org/kennisgraaf/id/case/h1']
    """
    edges: dict = {}
    nodes: set = set()
    for subject, predicate, obj in triples:
        subject_iri, obj_iri = iri(subject), iri(obj)
        if (obj_iri in CASE_CLASSES and iri(predicate) == RDF_TYPE) or _in_cases(subject_iri):
            nodes.add(subject)
        if _in_cases(obj_iri) or (obj_iri is None and blank(obj)):
            edges.setdefault(subject, []).append(obj)
    frontier = list(nodes)
    while frontier:  # iterative, so deep nesting cannot exhaust the stack
        node = frontier.pop()
        for child in edges.get(node, ()):
            if child not in nodes:
                nodes.add(child)
                frontier.append(child)
    return nodes


def _in_cases(iri: str | None) -> bool:
    return iri is not None and iri.startswith(CASE_NAMESPACE)


def _ox_iri(term) -> str | None:
    return term.value if isinstance(term, ox.NamedNode) else None


def _ox_blank(term) -> bool:
    return isinstance(term, ox.BlankNode)


def case_nodes(quads: Iterable[ox.Quad]) -> set:
    """The subjects that are household-case data (see the module docstring), over all graphs of ``quads``."""
    return case_subjects(((q.subject, q.predicate, q.object) for q in quads), _ox_iri, _ox_blank)


def case_quads(store: ox.Store) -> list[ox.Quad]:
    """Every quad of ``store`` that is household-case data."""
    nodes = case_nodes(store)
    return [quad for quad in store if quad.subject in nodes]


def drop_cases(store: ox.Store) -> int:
    """Remove household-case data from ``store``; returns the number of quads removed."""
    doomed = case_quads(store)
    for quad in doomed:
        store.remove(quad)
    return len(doomed)


def has_cases(store: ox.Store) -> bool:
    """Whether ``store`` holds any household-case data."""
    return bool(case_nodes(store))
