"""``kennisgraaf import``: read CSV, XLSX, YAML (and Turtle, N-Triples, JSON-LD), check everything, write Turtle.

Nothing is written unless every file is read, every reference resolves, the privacy guard passes and the result
validates together with the data folder. The output goes to ``DIR/municipalities/<file>.ttl`` and
``DIR/cases/<file>.ttl``, each written to a temporary file first and then renamed into place.
"""

from __future__ import annotations

import re
import tempfile
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, RDF, XSD

from .. import privacy
from ..casedata import case_subjects
from ..errors import DataError, PrivacyError
from ..literals import literal_problem
from ..namespaces import compact, expand, with_prefixes
from ..store import _FORMATS, KnowledgeGraph, default_data_dir, default_ontology_dir, to_rdflib
from .build import Built, build
from .problems import MUNICIPALITY_FINDINGS, raise_problems
from .limits import (MAX_CELL_CHARS, check_json, check_turtle_nesting, decode_text, read_bytes)
from .readers import READERS, Row
from .resolver import Resolver
from .schema import SHEETS

RDF_FORMATS = {".ttl": ox.RdfFormat.TURTLE, ".nt": ox.RdfFormat.N_TRIPLES, ".jsonld": ox.RdfFormat.JSON_LD}
REFUSED = {
    ".rdf": "RDF/XML is not accepted (XML can carry entity attacks); convert it to Turtle",
    ".owl": "RDF/XML is not accepted (XML can carry entity attacks); convert it to Turtle",
    ".xml": "XML is not accepted; give CSV, XLSX, YAML or Turtle",
    ".xls": "old .xls workbooks are not read; save the workbook as .xlsx",
    ".xlsm": "workbooks with macros are not read; save the workbook as .xlsx",
    ".ods": "OpenDocument spreadsheets are not read; save as .xlsx or as CSV UTF-8",
    ".json": "plain JSON is not read; give YAML, or JSON-LD with the .jsonld extension",
    ".trig": "named graphs are not imported; give Turtle (.ttl)",
    ".nq": "named graphs are not imported; give N-Triples (.nt)",
}
SUFFIXES = sorted([*READERS, *RDF_FORMATS])
HEADER = ("# Written by `kennisgraaf import` from {origin}.\n"
          "# Edit that file and import it again rather than editing this one.\n\n")


@dataclass
class ImportResult:
    written: list[Path] = field(default_factory=list)
    #: per written file: how many entities of each kind it holds
    summary: dict[Path, dict[str, int]] = field(default_factory=dict)


def input_files(paths: list[Path]) -> list[Path]:
    """The files to import: the given files, and the importable files directly inside given folders."""
    out: list[Path] = []
    for path in paths:
        if path.is_dir():
            found = sorted(p for p in path.iterdir() if p.is_file() and p.suffix.lower() in SUFFIXES)
            if not found:
                raise DataError("the folder holds no file to import", path=str(path),
                                fix=f"give files ending in {', '.join(SUFFIXES)}")
            out.extend(found)
            continue
        suffix = path.suffix.lower()
        if suffix in REFUSED:
            raise DataError(f"'{suffix}' files are not imported: {REFUSED[suffix].split('; ')[0]}", path=str(path),
                            fix=REFUSED[suffix].split("; ")[-1])
        if suffix not in SUFFIXES:
            raise DataError(f"unsupported file type '{path.suffix or '(none)'}'", path=str(path),
                            fix=f"give one of {', '.join(SUFFIXES)}")
        if not path.exists():
            raise DataError("file not found", path=str(path))
        out.append(path)
    return out


def load_context(data_dir: Path | None, exclude: set[Path] = frozenset()) -> KnowledgeGraph:
    """Ontology and data folder, leaving out files the import is about to replace."""
    root = Path(data_dir) if data_dir else default_data_dir()
    if not root.is_dir():
        raise DataError(f"data folder not found: {root}",
                        fix="pass an existing folder with --data, or run from a kennisgraaf checkout")
    kg = KnowledgeGraph()
    kg.load_folder(default_ontology_dir(), namespace="ontology/")
    for path in sorted(root.rglob("*")):
        if path.suffix in _FORMATS and path.is_file() and path.resolve() not in exclude:
            kg.load_file(path, root)
    return kg


def import_files(paths: list[Path], out_dir: Path, data_dir: Path | None = None) -> ImportResult:
    """Read, check and convert ``paths``; write Turtle below ``out_dir`` only if everything is right."""
    files = input_files([Path(p) for p in paths])
    out_dir = Path(out_dir)
    if out_dir.exists() and not out_dir.is_dir():
        raise DataError("the output is a file, not a folder", path=str(out_dir), fix="give a folder with -o")
    rows: list[Row] = []
    rdf_graphs: list[tuple[Path, Graph]] = []
    # Every problem of every file is reported at once: a cell, key or literal that is refused is collected and
    # reading goes on; a file that cannot be read at all (syntax, size, encoding) is one problem and the rest go on.
    problems: list[DataError] = []
    for path in files:
        suffix = path.suffix.lower()
        try:
            if suffix in RDF_FORMATS:
                rdf_graphs.append((path, read_rdf(path, problems)))
            else:
                rows.extend(READERS[suffix](path, problems))
        except DataError as exc:
            problems.extend(getattr(exc, "problems", [exc]))
    # the output files, known before anything is built, so that older versions are not read as data
    built_preview = {(SHEETS[r.sheet].folder, r.origin) for r in rows}
    for path, graph in rdf_graphs:
        for folder, part in split_rdf(graph).items():
            if len(part):
                built_preview.add((folder, str(path)))
    targets = _targets(sorted(built_preview), out_dir, _csv_stems(rows))
    kg = load_context(data_dir, exclude={t.resolve() for t in targets.values()})
    resolver = Resolver(kg)
    model_sources: dict[str, list] = defaultdict(list)
    for row in kg.select("SELECT ?m ?s WHERE { ?m a kg:MunicipalityModel ; dcterms:source ?s }"):
        value = row["s"]
        model_sources[row["m"]].append(URIRef(value) if str(value).startswith("http") else Literal(value))
    if rows:
        built = build(rows, resolver, model_sources, problems)
    else:
        raise_problems(problems)
        built = Built()
    for path, graph in rdf_graphs:
        for folder, part in split_rdf(graph).items():
            if len(part):
                built.graphs[(folder, str(path))] = part
                for subject in set(part.subjects()):
                    if isinstance(subject, URIRef):
                        built.provenance.setdefault(str(subject), (str(path), None))
    contents = {targets[key]: serialize(graph, key[1]) for key, graph in built.graphs.items() if len(graph)}
    if not contents:
        raise DataError("nothing to import: the files hold no rows", path=str(files[0]),
                        fix="fill in at least one row below the header")
    _validate(kg, contents, built, data_dir)
    written = commit(contents)
    result = ImportResult(written)
    for key, graph in built.graphs.items():
        if key in targets and targets[key] in contents:
            counts: dict[str, int] = defaultdict(int)
            for _, cls in graph.subject_objects(RDF.type):
                counts[compact(str(cls)).removeprefix("kg:")] += 1
            result.summary[targets[key]] = dict(counts)
    return result


def _csv_stems(rows) -> dict[str, str]:
    """A CSV file's output name from the models or cases it describes, not from the sheet file name: a second CSV
    batch (again cases.csv, members.csv) then writes next to the first instead of silently replacing it."""
    ids: dict[str, set] = defaultdict(set)
    for row in rows:
        if str(row.origin).lower().endswith(".csv"):
            # the row's own id first (a cases row names its model too: naming the file after the model made a
            # second batch of cases of the same model replace the first)
            value = next((row.values.get(k) for k in ("id", "case", "model") if row.values.get(k)), None)
            if value:
                ids[row.origin].add(re.sub(r"[^a-z0-9-]+", "-", str(value).lower().rsplit(":", 1)[-1]).strip("-"))
    stems = {}
    for origin, names in ids.items():
        names = sorted(n for n in names if n)
        if names:
            stems[origin] = "-".join(names[:3]) + (f"-and-{len(names) - 3}-more" if len(names) > 3 else "") + \
                "-" + Path(origin).stem.rsplit("-", 1)[-1]
    return stems


def _targets(keys: list[tuple[str, str]], out_dir: Path,
             stems: dict[str, str] | None = None) -> dict[tuple[str, str], Path]:
    targets: dict[tuple[str, str], Path] = {}
    used: set[Path] = set()
    for folder, origin in keys:
        stem = (stems or {}).get(origin) or Path(origin).stem
        target = out_dir / folder / f"{stem}.ttl"
        number = 2
        while target in used:
            target = out_dir / folder / f"{stem}-{number}.ttl"
            number += 1
        used.add(target)
        targets[(folder, origin)] = target
    return targets


def serialize(graph: Graph, origin: str) -> bytes:
    text = with_prefixes(graph).serialize(format="turtle")
    return (HEADER.format(origin=Path(origin).name) + text).encode("utf-8")


def _validate(kg: KnowledgeGraph, contents: dict[Path, bytes], built: Built, data_dir: Path | None) -> None:
    """Validate the new files together with the data; refuse if any violation concerns them."""
    from ..validate import validate_graph

    with tempfile.TemporaryDirectory(prefix="kennisgraaf-import-") as tmp:
        root = Path(tmp)
        by_tmp: dict[str, Path] = {}
        for number, (target, content) in enumerate(contents.items()):
            path = root / f"{number}-{target.parent.name}" / target.name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(content)
            kg.load_file(path, root, namespace="import/")
            by_tmp[str(path)] = target
        report = validate_graph(kg)
        problems = []
        for violation in report.violations:
            if violation.severity != "error" or tmp not in violation.file:
                continue
            origin, line = built.provenance.get(expand(violation.entity), (None, None))
            if origin is None:
                origin = next((str(t) for p, t in by_tmp.items() if p in violation.file), violation.file)
            problem = DataError(f"{violation.entity}: {violation.message} (check {violation.check})", path=origin,
                                line=line, fix="correct the value in the input file and import again")
            problems.append(PrivacyError(str(problem)) if violation.check == "privacy" else problem)
        raise_problems(problems)


def commit(contents: dict[Path, bytes]) -> list[Path]:
    """Write every file to a temporary name in its folder, then rename them all into place (:mod:`..atomic`)."""
    from ..atomic import write_files
    return write_files(contents, make_dirs=True)


# -- RDF input ------------------------------------------------------------------------------------------------

def read_rdf(path: Path, problems: list[DataError] | None = None) -> Graph:
    """Parse Turtle, N-Triples or JSON-LD without fetching anything, with size, nesting and privacy checks.
    Personal data found is added to ``problems`` (every finding), or raised when it is None."""
    suffix = path.suffix.lower()
    text = decode_text(read_bytes(path, "rdf"), path)
    if suffix == ".jsonld":
        check_json(text, path)
    else:
        check_turtle_nesting(text, path)
    try:
        triples = list(ox.parse(text.encode("utf-8"), format=RDF_FORMATS[suffix], base_iri=None))
    except SyntaxError as exc:
        message = str(exc.msg if getattr(exc, "msg", None) else exc)
        if message.startswith("Parser error"):
            message = message.split(": ", 1)[-1]
        kind = {".ttl": "Turtle", ".nt": "N-Triples", ".jsonld": "JSON-LD"}[suffix]
        raise DataError(f"{kind} syntax error: {message}", path=str(path), line=exc.lineno or None,
                        column=exc.offset or None,
                        fix="correct the statement at that line (relative IRIs such as <x> are not allowed: "
                            "use prefixed names or full https:// IRIs)") from None
    ill_typed = [p for p in (literal_problem(t.predicate, t.object, path) for t in triples) if p]
    if ill_typed:  # before rdflib converts them (which logs a warning with a traceback for each)
        raise_problems(ill_typed)
    graph = Graph()
    for t in triples:
        if isinstance(t.object, ox.Literal) and len(t.object.value) > MAX_CELL_CHARS:
            raise DataError(f"a literal of {len(t.object.value)} characters is over the {MAX_CELL_CHARS} limit",
                            path=str(path), fix="shorten it")
        try:  # rdflib converts typed literals to Python values: a 5,000-digit integer is refused by int()
            obj = to_rdflib(t.object)
        except ValueError as exc:
            raise DataError(f"a literal cannot be read: {str(exc)[:120]}", path=str(path),
                            fix="write the value as a plain string, or shorten it") from None
        if isinstance(obj, Literal) and obj.datatype == XSD.string:
            obj = Literal(str(obj))
        if isinstance(obj, Literal) and len(str(obj)) > MAX_CELL_CHARS:
            raise DataError(f"a literal of {len(str(obj))} characters is over the {MAX_CELL_CHARS} limit",
                            path=str(path), fix="shorten it")
        graph.add((to_rdflib(t.subject), to_rdflib(t.predicate), obj))
    if (None, OWL.imports, None) in graph:
        raise DataError("owl:imports is not followed: nothing is fetched while importing", path=str(path),
                        fix="remove the owl:imports statement and import the other file yourself")
    found = rdf_privacy_problems(graph, str(path))
    if problems is None:
        raise_problems(found)
    else:
        problems.extend(found)
    return graph


def _case_nodes(graph: Graph) -> set:
    """The household-case data of a parsed file, by the one definition of :mod:`kennisgraaf.casedata` (cases,
    members and case-namespace IRIs, with every blank node hanging off them): a blank node split from its case
    into another file would lose its meaning."""
    return case_subjects(graph, lambda t: str(t) if isinstance(t, URIRef) else None, lambda t: isinstance(t, BNode))


def check_rdf_privacy(graph: Graph, path: str) -> None:
    raise_problems(rdf_privacy_problems(graph, path))


def rdf_privacy_problems(graph: Graph, path: str) -> list[PrivacyError]:
    """Personal data in a parsed RDF file: one problem per property or finding."""
    found: list[PrivacyError] = []
    household = _case_nodes(graph)
    # An organisation's name is not personal data (the DCAT-AP publisher needs foaf:name).
    organisations = set(graph.subjects(RDF.type, URIRef("http://xmlns.com/foaf/0.1/Organization")))
    for s, p, o in graph:
        local = str(p).replace("#", "/").rstrip("/").rsplit("/", 1)[-1]
        kind = privacy.personal_key(local) or (privacy.personal_key(local[3:]) if local.startswith("has") else None)
        if kind and s not in organisations:
            found.append(PrivacyError(f"{compact(str(s)) if isinstance(s, URIRef) else 'a blank node'}: property "
                                      f"{compact(str(p))} would hold personal data ({kind})", path=path,
                                      fix="remove it: cases hold roles, age bands and needs only"))
            continue
        if isinstance(o, Literal):
            for finding in privacy.scan(str(o)):
                if finding.kind == "name" and p == DCTERMS.source:
                    continue  # a citation names published authors, not the household
                if s in household or finding.kind in MUNICIPALITY_FINDINGS:
                    found.append(PrivacyError(
                        f"{compact(str(s)) if isinstance(s, URIRef) else 'a household member'}: personal data is "
                        f"not allowed: {finding}", path=path,
                        fix="remove it: cases are anonymised and hold roles, age bands and needs only"))
    # the same finding on the same subject from several triples (nl and en labels) is reported once
    unique = {str(p): p for p in found}
    return list(unique.values())


def split_rdf(graph: Graph) -> dict[str, Graph]:
    """Household cases (and their members) apart from everything else."""
    household = _case_nodes(graph)
    parts = {"municipalities": Graph(), "cases": Graph()}
    for triple in graph:
        subject = triple[0]
        parts["cases" if subject in household else "municipalities"].add(triple)
    return parts


__all__ = ["import_files", "ImportResult", "read_rdf", "input_files", "load_context"]
