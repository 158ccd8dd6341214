"""Validation against the official SHACL shapes of the SEMIC application profiles and DCAT-AP-NL (``shapes/``).

``kennisgraaf validate`` runs the CPSV-AP 3.2.0, DCAT-AP 3.0.1 and DCAT-AP-NL 3.0.0 profiles by default, beside
kennisgraaf's own shapes. DCAT-AP-NL only tightens DCAT-AP (Geonovum: validate with both shape sets), so the two
run side by side on the dataset description. A result names the entity, the SEMIC shape and the property, e.g. ``svc:jeugdhulp``,
``cpsv-ap:PublicServiceShape``, ``dcterms:title: Less than 1 values``.
"""

from __future__ import annotations

import hashlib
from functools import lru_cache
from importlib.resources import files

from pyshacl import validate as shacl_validate
from rdflib import Graph, Namespace
from rdflib.namespace import RDF

from ..namespaces import GRAPH_BASE, compact
from ..store import KnowledgeGraph

SH = Namespace("http://www.w3.org/ns/shacl#")

#: profile -> (vendored file, sha256 pinned in shapes/README.md, human name)
PROFILES: dict[str, tuple[str, str, str]] = {
    "cpsv-ap": ("cpsv-ap-3.2.0-SHACL.ttl", "a314fa6bf8e1b613af7ed75fb9f4423d30a16b6fb93b4d3f05168f697bc37b30",
                "CPSV-AP 3.2.0"),
    "dcat-ap": ("dcat-ap-3.0.1-SHACL.ttl", "990d3e42721de6a4be8cc338a7171559f195e62dea89c0b56531356b78cc026f",
                "DCAT-AP 3.0.1"),
    "dcat-ap-nl": ("dcat-ap-nl-3.0.0-SHACL.ttl", "b4d890aedf431047c64badad0a98b682ccf88b67ba8e77ac62a2d4377c88eaa6",
                   "DCAT-AP-NL 3.0.0"),
}
#: Profiles that judge the dataset description (data/catalog.ttl), not the domain data it describes.
CATALOG_PROFILES = frozenset({"dcat-ap", "dcat-ap-nl"})

#: Entities described in the national catalogue (or the dataset description) are ours to complete: their violations
#: are errors. Entities only in municipality models, cases or files a user adds (``--with``, a data folder of their
#: own) get warnings: ``kennisgraaf standards generate`` completes them only when it is run on that folder.
CATALOG_GRAPH = GRAPH_BASE + "catalog"
_OWN_GRAPHS = (GRAPH_BASE + "national/", CATALOG_GRAPH)


def shapes_text(profile: str) -> bytes:
    """The vendored shapes of a profile, after checking them against the pinned checksum."""
    name, digest, _ = PROFILES[profile]
    data = files("kennisgraaf.standards").joinpath("shapes", name).read_bytes()
    if hashlib.sha256(data).hexdigest() != digest:
        raise RuntimeError(f"kennisgraaf/standards/shapes/{name} does not match its pinned sha256; restore it")
    return data


@lru_cache(maxsize=None)
def _shapes(profile: str) -> Graph:
    graph = Graph().parse(data=shapes_text(profile), format="turtle")
    # The official DCAT-AP 3.0.1 file links dcat:DataServiceShape to two property shapes it never defines;
    # pySHACL refuses such a file as a whole. Dropping the two dangling links (and nothing else) keeps every
    # constraint SEMIC wrote. See shapes/README.md.
    for shape, prop in list(graph.subject_objects(SH.property)):
        if (prop, SH.path, None) not in graph:
            graph.remove((shape, SH.property, prop))
    return graph


def run_profile(kg: KnowledgeGraph, profile: str, data: Graph):
    """Validate ``data`` (the union graph, as rdflib) against one profile's shapes; Violations, sorted."""
    from ..validate import Violation, _file_for

    if profile in CATALOG_PROFILES:
        # DCAT-AP(-NL) describes catalogues: its shapes (which also target every skos:Concept) apply to the dataset
        # description, not to the domain data it describes.
        data = catalog_graph(kg)
    _, report, _ = shacl_validate(data, shacl_graph=_shapes(profile), inference="none", advanced=False,
                                  allow_warnings=True, meta_shacl=False)
    own = _own_entities(kg)
    label = PROFILES[profile][2]
    out = []
    for result in report.subjects(RDF.type, SH.ValidationResult):
        focus = str(report.value(result, SH.focusNode))
        path = report.value(result, SH.resultPath)
        shape = shape_name(str(report.value(result, SH.sourceShape)))
        message = str(report.value(result, SH.resultMessage))
        severity = "error" if focus in own and report.value(result, SH.resultSeverity) == SH.Violation else "warning"
        text = f"{compact(str(path))}: {message}" if path is not None else message
        fix = f" ({label}: fix the source entity, then run `kennisgraaf standards generate`)" if severity == "error" else \
            f" ({label}; entities outside the bundled data are reported as warnings)"
        out.append(Violation(f"{profile}:{shape}", compact(focus) if focus.startswith("http") else f"_:{focus}",
                             text + fix, _file_for(kg, focus), severity))
    return sorted(out, key=lambda v: (v.file, v.entity, v.check, v.message))


def shape_name(iri: str) -> str:
    """The node shape a result comes from, readably: SEMIC names property shapes ``…#dcat:DatasetShape/<hash>``,
    Geonovum ``…/shape/300/DatasetShape_accessRights_minCount``.

    >>> shape_name("http://data.europa.eu/r5r/shacl_shapes#dcat:DatasetShape/a1b2")
    'dcat:DatasetShape'
    >>> shape_name("http://modellen.geostandaarden.nl/dcat-ap-nl/id/shape/300/DatasetShape_accessRights_minCount")
    'DatasetShape'
    """
    if "#" in iri:
        return iri.split("#")[-1].split("/")[0]
    return iri.rstrip("/").rsplit("/", 1)[-1].split("_")[0]


def catalog_graph(kg: KnowledgeGraph) -> Graph:
    """The DCAT-AP description of the dataset: the triples of the bundled ``data/catalog*.ttl`` files."""
    from ..store import to_rdflib

    out = Graph()
    for quad in kg.quads():
        if quad.graph_name.value.startswith(CATALOG_GRAPH):
            out.add((to_rdflib(quad.subject), to_rdflib(quad.predicate), to_rdflib(quad.object)))
    return out


def _own_entities(kg: KnowledgeGraph) -> set[str]:
    filters = " || ".join(f'STRSTARTS(STR(?g), "{g}")' for g in _OWN_GRAPHS)
    return {r["s"] for r in kg.select(f"SELECT DISTINCT ?s WHERE {{ GRAPH ?g {{ ?s ?p ?o }} FILTER({filters}) }}")}
