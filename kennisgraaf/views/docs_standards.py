"""The parts of the ontology documentation page a modeller expects beyond the term list (pyLODE and Widoco are
the anchors): downloads of the ontology in Turtle, JSON-LD and N-Triples (and the JSON-LD context), the namespace
table, the version IRI, the changelog, how to cite, and the CPSV-AP/CCCEV mapping table. All offline.
"""

from __future__ import annotations

from pathlib import Path

from rdflib import OWL, RDF, Graph

from .. import __version__
from ..namespaces import PREFIXES
from .render import write_atomic

#: file name -> (format for rdflib, label); written next to index.html and linked from it.
DOWNLOADS = {"kennisgraaf.ttl": ("turtle", "Turtle"), "kennisgraaf.jsonld": ("json-ld", "JSON-LD"),
             "kennisgraaf.nt": ("nt", "N-Triples")}
CONTEXT = "context.jsonld"

#: kennisgraaf class -> (CPSV-AP / Core Vocabularies, CCCEV, ORG, note); docs/data-model.md says more.
MAPPING = (
    ("kg:Provision", "cpsv:PublicService", "—", "—", "dct:identifier, dct:title, dct:description, cv:hasCompetentAuthority generated"),
    ("kg:IndicationProtocol", "cpsv:Rule", "cv:Requirement (close match)", "—", "identifier, title, description generated"),
    ("kg:Precondition", "cv:Requirement", "cv:Requirement (the prerequisite's decision is the cv:Evidence)", "—", "held by the dependent provision (cv:holdsRequirement)"),
    ("kg:Institution", "cv:PublicOrganisation where public", "—", "org:Organization", "TOOI id as skos:exactMatch"),
    ("kg:Wijkteam", "—", "—", "org:OrganizationalUnit", ""),
    ("kg:Municipality", "cv:PublicOrganisation", "—", "org:Organization", "CBS code, TOOI IRI, province"),
    ("kg:LegalFramework", "eli:LegalResource (class)", "—", "—", "BWB id + Juriconnect; ELI ids for EU acts only"),
)


def standards_context(graph: Graph, changelog: Path | None) -> dict:
    """What the template's standards section shows."""
    onto = next(iter(graph.subjects(RDF.type, OWL.Ontology)), None)
    version_iri = str(graph.value(onto, OWL.versionIRI) or "") if onto is not None else ""
    return {"downloads": [(name, label) for name, (_, label) in DOWNLOADS.items()], "context": CONTEXT,
            "namespaces": sorted(PREFIXES.items()), "version_iri": version_iri, "mapping": MAPPING,
            "changelog": _changelog(changelog), "citation": _citation(str(onto) if onto else "", version_iri)}


def _changelog(path: Path | None) -> str:
    """The changelog's newest section (up to the second release heading), as plain text."""
    if path is None or not path.is_file():
        return "No CHANGELOG.md beside the ontology."
    lines, sections = [], 0
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("## "):
            sections += 1
            if sections > 1:
                break
        if sections:
            lines.append(line)
    return "\n".join(lines).strip()


def _citation(iri: str, version_iri: str) -> str:
    return (f"kennisgraaf ontology, version {__version__}. {version_iri or iri}. "
            "kennisgraaf project, licence of the code and data EUPL-1.2; ontology terms CC BY 4.0.")


def write_downloads(folder: Path, graph: Graph, ontology_dir: Path) -> list[Path]:
    """The ontology in each download format, and the JSON-LD context, next to the page."""
    out = []
    for name, (fmt, _) in DOWNLOADS.items():
        out.append(write_atomic(folder / name, graph.serialize(format=fmt)))
    context = ontology_dir / CONTEXT
    if context.is_file():
        out.append(write_atomic(folder / CONTEXT, context.read_text(encoding="utf-8")))
    return out
