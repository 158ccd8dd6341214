"""What is household-case data, decided by content: never by the folder or file a triple came from.

A household case is any subject typed ``kg:HouseholdCase`` or ``kg:HouseholdMember``, or named in the case
namespace (``https://w3id.org/kennisgraaf/id/case/``), together with everything hanging off it: the blank nodes and
case-namespace IRIs it points to, transitively (members, their notes, nested descriptions). Every triple whose
subject is such a node is case data, in whatever named graph or file it sits. Commands that share data with others
(serve, push, export --no-cases, the municipality views) drop these triples unless ``--include-cases`` is given, so
that ``serve --with some/where/anything.ttl`` cannot leak a case that is not in a ``cases/`` folder.
"""

from __future__ import annotations

from collections.abc import Iterable

import pyoxigraph as ox

from .namespaces import KG

RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
CASE_CLASSES = (ox.NamedNode(str(KG.HouseholdCase)), ox.NamedNode(str(KG.HouseholdMember)))
CASE_NAMESPACE = "https://w3id.org/kennisgraaf/id/case/"


def _is_case_iri(term) -> bool:
    return isinstance(term, ox.NamedNode) and term.value.startswith(CASE_NAMESPACE)


def case_nodes(quads: Iterable[ox.Quad]) -> set:
    """The subjects that are household-case data (see the module docstring), over all graphs of ``quads``."""
    quads = list(quads)
    edges: dict = {}
    nodes: set = set()
    for quad in quads:
        subject, obj = quad.subject, quad.object
        if (quad.predicate == RDF_TYPE and obj in CASE_CLASSES) or _is_case_iri(subject):
            nodes.add(subject)
        if isinstance(obj, ox.BlankNode) or _is_case_iri(obj):
            edges.setdefault(subject, []).append(obj)
    frontier = list(nodes)
    while frontier:  # iterative, so deep nesting cannot exhaust the stack
        node = frontier.pop()
        for child in edges.get(node, ()):
            if child not in nodes:
                nodes.add(child)
                frontier.append(child)
    return nodes


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
