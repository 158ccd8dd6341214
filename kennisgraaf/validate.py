"""Validation: SHACL shapes (pySHACL), SPARQL quality checks (ontology/checks/*.rq) and the privacy guard.

Every violation names the file it comes from, the entity, the check and what to fix.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from pyshacl import validate as shacl_validate
from rdflib import Graph, Namespace
from rdflib.namespace import RDF

from . import privacy
from .namespaces import KG, compact
from .store import KnowledgeGraph, default_ontology_dir, to_rdflib

SH = Namespace("http://www.w3.org/ns/shacl#")
SHAPES_GRAPH_SUFFIX = "ontology/shapes.ttl"


@dataclass(frozen=True)
class Violation:
    """One thing wrong with the data."""

    check: str
    entity: str
    message: str
    file: str = ""
    severity: str = "error"

    def as_row(self) -> dict[str, str]:
        return {"severity": self.severity, "file": self.file, "entity": self.entity, "check": self.check,
                "message": self.message}


@dataclass
class ValidationReport:
    """The result of validating a graph."""

    violations: list[Violation] = field(default_factory=list)
    checked_entities: int = 0

    @property
    def conforms(self) -> bool:
        return not any(v.severity == "error" for v in self.violations)


def checks_dir(ontology_dir: Path | None = None) -> Path:
    return (ontology_dir or default_ontology_dir()) / "checks"


def quality_checks(ontology_dir: Path | None = None) -> dict[str, str]:
    """The SPARQL quality checks: name -> query text. A row returned is a violation."""
    return {p.stem: p.read_text(encoding="utf-8") for p in sorted(checks_dir(ontology_dir).glob("*.rq"))}


def run_quality_checks(kg: KnowledgeGraph, ontology_dir: Path | None = None) -> list[Violation]:
    """Run every SPARQL check over the union graph."""
    out = []
    for name, text in quality_checks(ontology_dir).items():
        for row in kg.select(text):
            out.append(Violation(name, compact(row["entity"]), row["message"], _file_for(kg, row["entity"])))
    return out


def _data_graph(kg: KnowledgeGraph) -> tuple[Graph, Graph]:
    """The data (everything but the shapes) and the shapes, as rdflib graphs for pySHACL."""
    data, shapes = Graph(), Graph()
    for quad in kg.quads():
        triple = (to_rdflib(quad.subject), to_rdflib(quad.predicate), to_rdflib(quad.object))
        (shapes if quad.graph_name.value.endswith(SHAPES_GRAPH_SUFFIX) else data).add(triple)
    return data, shapes


def run_shacl(kg: KnowledgeGraph) -> tuple[list[Violation], int]:
    """Validate the union of all data against ontology/shapes.ttl (RDFS subclass reasoning for targets)."""
    data, shapes = _data_graph(kg)
    _, report, _ = shacl_validate(data, shacl_graph=shapes, inference="none", advanced=False,
                                  allow_warnings=True, meta_shacl=False)
    out = []
    for result in report.subjects(RDF.type, SH.ValidationResult):
        focus = report.value(result, SH.focusNode)
        path = report.value(result, SH.resultPath)
        message = report.value(result, SH.resultMessage)
        severity = report.value(result, SH.resultSeverity)
        component = report.value(result, SH.sourceConstraintComponent)
        shape_name = str(component).split("#")[-1].removesuffix("ConstraintComponent")
        text = f"{compact(str(path))}: {message}" if path is not None else str(message)
        out.append(Violation(f"shacl:{shape_name}", _display(focus), text, _file_for(kg, str(focus)),
                             "error" if severity == SH.Violation else "warning"))
    entities = len(set(data.subjects(RDF.type, None)))
    return out, entities


def run_privacy_guard(kg: KnowledgeGraph) -> list[Violation]:
    """Refuse personal data in household cases: every literal in a case or its members is scanned."""
    rows = kg.select("""
        SELECT DISTINCT ?case ?p ?value WHERE {
          ?case a kg:HouseholdCase .
          { ?case ?p ?value } UNION { ?case kg:member ?m . ?m ?p ?value }
          FILTER(ISLITERAL(?value))
        }""")
    out = []
    for row in rows:
        for finding in privacy.scan(str(row["value"])):
            if finding.kind == "name" and row["p"] == "http://purl.org/dc/terms/source":
                continue  # a citation names published authors, not the household
            out.append(Violation("privacy", compact(row["case"]),
                                 f"personal data is not allowed in a case: {finding}; keep roles and age bands only",
                                 _file_for(kg, row["case"])))
    return out


#: What `validate` checks when no --profile is given: our own shapes and checks, and the SEMIC profiles.
DEFAULT_PROFILES = ("kennisgraaf", "cpsv-ap", "dcat-ap", "dcat-ap-nl")


def validate_graph(kg: KnowledgeGraph, ontology_dir: Path | None = None,
                   profiles: tuple[str, ...] | None = None) -> ValidationReport:
    """SHACL, SPARQL checks and the privacy guard over everything loaded, plus the official SEMIC profiles
    (``cpsv-ap``, ``dcat-ap``: kennisgraaf/standards/profiles.py) named in ``profiles``.

    By default (``profiles=None``) the SEMIC profiles judge the bundled national data only; named explicitly, they
    also report, as warnings, what a user's own files (``--with``) lack.
    """
    from .standards.profiles import run_profile

    explicit = profiles is not None
    profiles = profiles if explicit else DEFAULT_PROFILES

    violations: list[Violation] = []
    entities = 0
    if "kennisgraaf" in profiles:
        shacl, entities = run_shacl(kg)
        violations = shacl + run_quality_checks(kg, ontology_dir) + run_privacy_guard(kg)
    semic = [p for p in profiles if p != "kennisgraaf"]
    if semic:
        data, _ = _data_graph(kg)
        entities = entities or len(set(data.subjects(RDF.type, None)))
        for profile in semic:
            violations += [v for v in run_profile(kg, profile, data) if explicit or v.severity == "error"]
    violations.sort(key=lambda v: (v.file, v.entity, v.check, v.message))
    return ValidationReport(violations, entities)


def _display(node) -> str:
    text = str(node)
    return compact(text) if text.startswith("http") else f"_:{text}"


def _file_for(kg: KnowledgeGraph, iri: str) -> str:
    term = iri if iri.startswith(("http", "_:")) else f"_:{iri}"
    graphs = kg.graphs_of(term)
    return ", ".join(kg.file_of(g) for g in graphs)


__all__ = ["Violation", "ValidationReport", "validate_graph", "quality_checks", "KG"]
