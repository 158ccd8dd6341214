"""The store: ontology and data in one Oxigraph store, one named graph per source file.

The rdflib API is available as :attr:`KnowledgeGraph.dataset` (an rdflib ``Dataset`` backed by oxrdflib on the
same pyoxigraph store), so rdflib users and pySHACL work on it; SPARQL runs natively in Oxigraph through
:meth:`KnowledgeGraph.select`, which is 7–60× faster here than rdflib's own engine (see ``bench/``).

Every file is loaded in one Oxigraph transaction, so a malformed file leaves the store as it was and the error
names the file, line and column.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pyoxigraph as ox

if TYPE_CHECKING:  # rdflib (and its SPARQL engine, which oxrdflib imports) is loaded only when asked for
    from rdflib import Dataset

from .atomic import note_input
from .errors import DataError
from .namespaces import GRAPH_BASE, sparql_prefixes

#: Files larger than this are refused rather than parsed (a guard against accidental or hostile input).
MAX_FILE_BYTES = 50 * 1024 * 1024

#: Deeper nesting of blank nodes and collections is refused before parsing: Oxigraph's parser recurses and
#: crashes the process on extreme depth.
MAX_RDF_NESTING = 64

_FORMATS = {
    ".ttl": ox.RdfFormat.TURTLE,
    ".nt": ox.RdfFormat.N_TRIPLES,
    ".n3": ox.RdfFormat.N3,
}

PACKAGE_ROOT = Path(__file__).resolve().parent.parent

#: Where an installed wheel keeps its copy of ontology/ and data/ (written by setup.py's build step).
BUNDLED_ROOT = Path(__file__).resolve().parent / "bundled"

_WHERE = re.compile(r"\b(WHERE|ASK)\s*\{", re.IGNORECASE)


def _bundled(name: str) -> Path:
    """``name`` (``data`` or ``ontology``) of the source checkout, else the copy inside the installed package."""
    source = PACKAGE_ROOT / name
    if (PACKAGE_ROOT / "pyproject.toml").is_file() and source.is_dir():
        return source
    return BUNDLED_ROOT / name


def default_data_dir() -> Path:
    """The bundled data folder, or ``$KENNISGRAAF_DATA`` when set."""
    return Path(os.environ.get("KENNISGRAAF_DATA", _bundled("data")))


def default_ontology_dir() -> Path:
    """The bundled ontology folder (ontology and SHACL shapes)."""
    return Path(os.environ.get("KENNISGRAAF_ONTOLOGY", _bundled("ontology")))


def graph_iri(path: Path, root: Path, namespace: str = "") -> str:
    """The named-graph IRI of a file: ``GRAPH_BASE + namespace + relative path``.

    >>> graph_iri(Path("/d/national/laws.ttl"), Path("/d"))
    'https://w3id.org/kennisgraaf/graph/national/laws.ttl'
    """
    return GRAPH_BASE + namespace + path.relative_to(root).as_posix()


def to_python(term: Any) -> Any:
    """A pyoxigraph term as a plain Python value: IRIs and blank nodes as strings, literals as their value."""
    if term is None:
        return None
    if isinstance(term, ox.NamedNode):
        return term.value
    if isinstance(term, ox.BlankNode):
        return "_:" + term.value
    if isinstance(term, ox.Literal):
        datatype = term.datatype.value
        text = term.value
        if datatype.endswith(("#integer", "#int", "#long", "#nonNegativeInteger")):
            return int(text)
        if datatype.endswith(("#decimal", "#double", "#float")):
            return float(text)
        if datatype.endswith("#boolean"):
            return text in ("true", "1")
        return text
    return str(term)


def to_rdflib(term: Any) -> Any:
    """A pyoxigraph term as an rdflib term (blank node ids are kept, so they can be traced back)."""
    from rdflib import BNode, Literal, URIRef

    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        return Literal(term.value, datatype=URIRef(term.datatype.value))
    if isinstance(term, ox.DefaultGraph):
        return None
    raise TypeError(f"not an RDF term: {term!r}")


@dataclass
class KnowledgeGraph:
    """Ontology and data in one Oxigraph store; one named graph per loaded file."""

    store: ox.Store = field(default_factory=ox.Store)
    #: named-graph IRI -> the file it was loaded from
    files: dict[str, Path] = field(default_factory=dict)

    @property
    def dataset(self) -> "Dataset":
        """The same store through the rdflib API (default graph = union of all named graphs)."""
        from oxrdflib import OxigraphStore
        from rdflib import Dataset

        return Dataset(store=OxigraphStore(store=self.store), default_union=True)

    # -- loading -------------------------------------------------------------------------------------------

    @classmethod
    def load(cls, data_dir: Path | str | None = None, ontology_dir: Path | str | None = None, *,
             include_cases: bool = True, extra_paths: Iterable[Path | str] = ()) -> "KnowledgeGraph":
        """Load the ontology folder and a data folder (and any extra files or folders).

        ``include_cases=False`` leaves household-case data out, for anything that serves data to others: the
        ``cases/`` folders are not read, and every case found by content in the other files (a subject typed
        ``kg:HouseholdCase``/``kg:HouseholdMember`` and what hangs off it, see :mod:`kennisgraaf.casedata`) is
        dropped, whatever the file or folder is called.
        """
        kg = cls()
        ontology = Path(ontology_dir) if ontology_dir else default_ontology_dir()
        data = Path(data_dir) if data_dir else default_data_dir()
        kg.load_folder(ontology, namespace="ontology/")
        kg.load_folder(data, include_cases=include_cases)
        for extra in extra_paths:
            extra = Path(extra)
            if extra.is_dir():
                kg.load_folder(extra, namespace=f"extra/{extra.name}/", include_cases=include_cases)
            else:
                kg.load_file(extra, extra.parent, namespace="extra/")
        if not include_cases:
            from .casedata import drop_cases
            drop_cases(kg.store)
        return kg

    def load_folder(self, root: Path, *, namespace: str = "", include_cases: bool = True) -> list[str]:
        """Load every RDF file below ``root``; returns the named graphs created."""
        if not root.is_dir():
            raise DataError(f"data folder not found: {root}",
                            fix="pass an existing folder with --data, or run from a kennisgraaf checkout")
        note_input(root)
        return [self.load_file(path, root, namespace=namespace) for path in folder_files(root, include_cases)]

    def load_file(self, path: Path, root: Path, *, namespace: str = "") -> str:
        """Parse one file completely, then add it as its own named graph."""
        path = Path(path)
        if not path.is_file():
            raise DataError(f"file not found: {path}")
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise DataError(f"file is {size // (1024 * 1024)} MiB, over the {MAX_FILE_BYTES // (1024 * 1024)} MiB limit",
                            path=str(path), fix="split the file, or load it into a SPARQL store with `kennisgraaf push`")
        rdf_format = _FORMATS.get(path.suffix)
        if rdf_format is None:
            raise DataError(f"unsupported file type '{path.suffix}'", path=str(path),
                            fix=f"use one of {', '.join(sorted(_FORMATS))}")
        graph = ox.NamedNode(graph_iri(path, root, namespace))
        note_input(path)
        try:
            data = path.read_bytes()
            if data.startswith(b"\xef\xbb\xbf"):  # a UTF-8 byte order mark, as some Windows editors write
                data = data[3:]
            check_turtle_nesting(data.decode("utf-8"), path)
            # One transaction per file: a syntax error anywhere leaves the store as it was.
            self.store.load(data, format=rdf_format, base_iri=path.resolve().as_uri(), to_graph=graph)
        except UnicodeDecodeError as exc:
            raise DataError(f"not UTF-8 text (byte {exc.start})", path=str(path),
                            fix="save the file as UTF-8") from None
        except SyntaxError as exc:
            raise _syntax_error(exc, path) from None
        self.files[graph.value] = path
        return graph.value

    # -- querying ------------------------------------------------------------------------------------------

    def select(self, query: str, bindings: Mapping[str, str | int | float] | None = None,
               *, prefixes: bool = True) -> list[dict[str, Any]]:
        """Run a SPARQL SELECT over the union of all graphs; rows as dicts of plain Python values.

        ``bindings`` maps variable names to IRIs (strings starting with ``http``) or literals. They are
        serialized by Oxigraph's own term constructors into a trailing ``VALUES`` clause, never pasted raw
        into the query text.
        """
        results = self.store.query(self._prepare(query, bindings, prefixes), use_default_graph_as_union=True)
        names = [v.value for v in results.variables]
        return [{name: to_python(row[name]) for name in names} for row in results]

    def ask(self, query: str, bindings: Mapping[str, str] | None = None) -> bool:
        """Run a SPARQL ASK over the union of all graphs."""
        return bool(self.store.query(self._prepare(query, bindings, True), use_default_graph_as_union=True))

    @staticmethod
    def _prepare(query: str, bindings: Mapping[str, Any] | None, prefixes: bool) -> str:
        """Prefixes, and bindings as a VALUES block at the start of the WHERE group.

        The block goes inside WHERE (not after the query) so that it is joined before any GROUP BY: a trailing
        VALUES clause is joined after aggregation. Terms come from Oxigraph's constructors, which validate IRIs and
        escape literals, so a binding can never change the query's structure.
        """
        text = (sparql_prefixes() if prefixes else "") + query
        if bindings:
            match = _WHERE.search(text)
            if match is None:
                raise ValueError("a query with bindings needs an explicit WHERE { … }")
            names = " ".join(f"?{name}" for name in bindings)
            terms = " ".join(str(_term(value)) for value in bindings.values())
            text = f"{text[:match.end()]} VALUES ({names}) {{ ({terms}) }} {text[match.end():]}"
        return text

    def graphs_of(self, subject_iri: str) -> list[str]:
        """The named graphs (files) in which ``subject_iri`` is described."""
        if subject_iri.startswith("_:"):  # SPARQL VALUES cannot hold a blank node: look it up directly
            quads = self.store.quads_for_pattern(ox.BlankNode(subject_iri[2:]), None, None, None)
            return sorted({q.graph_name.value for q in quads if isinstance(q.graph_name, ox.NamedNode)})
        rows = self.select("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }", {"s": subject_iri})
        return sorted(row["g"] for row in rows)

    def file_of(self, graph: str) -> str:
        """The file a named graph came from, as a display string."""
        path = self.files.get(graph)
        return str(path) if path else graph

    def quads(self) -> Iterator[ox.Quad]:
        """Every quad in the store."""
        return iter(self.store)

    def __len__(self) -> int:
        return len(self.store)



def folder_files(root: Path, include_cases: bool = True) -> list[Path]:
    """The RDF files :meth:`KnowledgeGraph.load_folder` reads below ``root``, in the order it reads them."""
    return [path for path in sorted(root.rglob("*"))
            if path.suffix in _FORMATS and path.is_file()
            and (include_cases or "cases" not in path.relative_to(root).parts)]


def load_inputs(data_dir: Path | str | None = None, ontology_dir: Path | str | None = None, *,
                include_cases: bool = True, extra_paths: Iterable[Path | str] = ()) -> list[tuple[str, Path, Path]]:
    """``(namespace, root, file)`` of every file :meth:`KnowledgeGraph.load` with these arguments reads, in order.

    Raises :class:`DataError` for a missing folder, as loading would.
    """
    ontology = Path(ontology_dir) if ontology_dir else default_ontology_dir()
    data = Path(data_dir) if data_dir else default_data_dir()
    out: list[tuple[str, Path, Path]] = []
    for root, namespace, cases in ((ontology, "ontology/", True), (data, "", include_cases)):
        if not root.is_dir():
            raise DataError(f"data folder not found: {root}",
                            fix="pass an existing folder with --data, or run from a kennisgraaf checkout")
        out += [(namespace, root, path) for path in folder_files(root, cases)]
    for extra in map(Path, extra_paths):
        if extra.is_dir():
            out += [(f"extra/{extra.name}/", extra, path) for path in folder_files(extra, include_cases)]
        else:
            out.append(("extra/", extra.parent, extra))
    return out


def _term(value: Any) -> Any:
    """A Python value as a pyoxigraph term (constructors validate IRIs and escape literals)."""
    if isinstance(value, str) and value.startswith(("http://", "https://", "urn:", "file:")):
        return ox.NamedNode(value)
    if isinstance(value, str) and value.startswith("_:"):
        return ox.BlankNode(value[2:])
    if isinstance(value, bool):
        return ox.Literal(str(value).lower(), datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#boolean"))
    return ox.Literal(value)


def _syntax_error(exc: SyntaxError, path: Path) -> DataError:
    message = str(exc.msg if getattr(exc, "msg", None) else exc)
    if message.startswith("Parser error"):
        message = message.split(": ", 1)[-1]
    line = exc.lineno if exc.lineno else None
    column = exc.offset if exc.offset else None
    # At the end of the file Oxigraph points past the last line; point at the unfinished statement instead.
    lines = path.read_text(encoding="utf-8", errors="replace").splitlines()
    last = max((i for i, text in enumerate(lines, 1) if text.strip()), default=1)
    if line is not None and line > last:
        line, column = last, None
        message = f"{message} (the statement at the end of the file is not finished)"
    return DataError(f"Turtle syntax error: {message}", path=str(path), line=line, column=column,
                     fix="correct the statement at that line (every statement ends with ' .', "
                         "prefixes must be declared, strings must be closed)")


_TURTLE_TOKEN = re.compile(
    r'"""(?:[^"\\]|\\.|"(?!""))*"""|\'\'\'(?:[^\'\\]|\\.|\'(?!\'\'))*\'\'\'|"(?:[^"\\\n]|\\.)*"|'
    r"'(?:[^'\\\n]|\\.)*'|<[^>\s]*>|#[^\n]*|\\.|[\[\](){}]", re.DOTALL)
# The backslash alternative consumes an escape outside strings (``case:a\'b`` is a valid prefixed name): without it the escaped
# quote would open a string that hides the brackets after it from the depth count.


def check_turtle_nesting(text: str, path: Path) -> None:
    """Refuse Turtle whose blank-node lists or collections nest deeper than the limit (the parser recurses)."""
    if text.count("[") + text.count("(") + text.count("{") <= MAX_RDF_NESTING:
        return  # cannot nest deeper than the number of opening brackets: skip tokenizing
    depth = 0
    for match in _TURTLE_TOKEN.finditer(text):
        token = match.group(0)
        if token in "[({":
            depth += 1
            if depth > MAX_RDF_NESTING:
                line = text.count("\n", 0, match.start()) + 1
                raise DataError(f"brackets nest more than {MAX_RDF_NESTING} levels deep", path=str(path),
                                line=line, fix="write nested blank nodes out as separate statements")
        elif token in "])}":
            depth = max(depth - 1, 0)
