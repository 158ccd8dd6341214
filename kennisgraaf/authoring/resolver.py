"""Resolve what a policy user types in a cell to an entity of the loaded data: by id (``svc:algemene-bijstand``,
``algemene-bijstand``, a full IRI) or by name (Dutch or English label, any case; laws also by BWB id, title or
abbreviation; municipalities also by CBS code)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from difflib import get_close_matches

from rdflib import URIRef

from ..namespaces import ID_PREFIXES, compact, expand
from ..store import KnowledgeGraph
from .limits import MAX_QUOTED_CHARS, MAX_SUGGEST_CHARS, MAX_SUGGESTIONS
from .schema import CLASS_WORDS, Column, namespace


@dataclass
class Unresolved:
    """Why a value did not resolve: the message and the fix."""

    message: str
    fix: str


class Resolver:
    """An index of every entity in the loaded data plus those declared by the files being imported."""

    def __init__(self, kg: KnowledgeGraph):
        self.types: dict[str, set[str]] = defaultdict(set)
        self.names: dict[str, list[str]] = defaultdict(list)
        self.keys: dict[str, set[str]] = defaultdict(set)
        self.superclasses: dict[str, set[str]] = defaultdict(set)
        self.by_lang: dict[str, dict[str, str]] = defaultdict(dict)
        self.suggestions = 0
        for row in kg.select("SELECT ?c ?super WHERE { ?c rdfs:subClassOf* ?super . FILTER(isIRI(?c) && isIRI(?super)) }"):
            self.superclasses[row["c"]].add(row["super"])
        for row in kg.select("SELECT DISTINCT ?s ?c WHERE { ?s a ?c . FILTER(isIRI(?s) && isIRI(?c)) }"):
            self._add_type(row["s"], row["c"])
        for row in kg.select("""SELECT DISTINCT ?s ?name ?lang WHERE {
                { ?s rdfs:label ?name } UNION { ?s kg:abbreviation ?name } UNION { ?s kg:bwbId ?name }
                UNION { ?s kg:cbsCode ?name } UNION { ?s kg:hasTitle/kg:title ?name }
                FILTER(isIRI(?s)) BIND(LANG(?name) AS ?lang) } ORDER BY DESC(?lang = "nl") ?name"""):
            self.add_name(row["s"], str(row["name"]))
            if row["lang"]:
                self.by_lang[row["s"]].setdefault(row["lang"], str(row["name"]))
        for iri in list(self.types):
            self._add_id_keys(iri)

    def _add_type(self, iri: str, cls: str) -> None:
        self.types[iri].add(cls)
        self.types[iri].update(self.superclasses.get(cls, ()))

    def _add_id_keys(self, iri: str) -> None:
        short = compact(iri)
        for key in {iri, short, short.split(":", 1)[-1]} if short != iri else {iri}:
            self.keys[key.casefold()].add(iri)

    def add_name(self, iri: str, name: str) -> None:
        if name and name not in self.names[iri]:
            self.names[iri].append(name)
        self.keys[name.strip().casefold()].add(iri)

    def declare(self, iri: str, cls: str, names: list[str], by_lang: dict[str, str] | None = None) -> None:
        """Make an entity declared by the files being imported known (before the rows that refer to it)."""
        self.by_lang[iri].update({k: v for k, v in (by_lang or {}).items() if v})
        self._add_type(iri, cls)
        self._add_id_keys(iri)
        for name in names:
            if name:
                self.add_name(iri, name)

    def kind_of(self, iri: str) -> str:
        """The most specific kind of an entity in words ("provision", "need type")."""
        types = self.types.get(iri, set())
        specific = [t for t in types if URIRef(t) in CLASS_WORDS and not any(
            t != u and t in self.superclasses.get(u, ()) for u in types)]
        words = sorted(CLASS_WORDS[URIRef(t)] for t in specific)
        return words[0] if words else "thing"

    def is_a(self, iri: str, cls: str) -> bool:
        return cls in self.types.get(iri, ())

    def label(self, iri: str, lang: str | None = None) -> str:
        if lang:
            labels = self.by_lang.get(iri, {})
            if labels.get(lang) or labels:
                return labels.get(lang) or next(iter(labels.values()))
        names = self.names.get(iri)
        return names[0] if names else ""

    def display(self, iri: str) -> str:
        label = self.label(iri)
        return f"{compact(iri)} ({label})" if label and label != compact(iri).split(":", 1)[-1] else compact(iri)

    def resolve(self, raw: str, column: Column) -> URIRef | Unresolved:
        """The entity ``raw`` names, of one of the column's classes."""
        text = raw.strip()
        if text.startswith("<") and text.endswith(">"):
            text = text[1:-1].strip()
        targets = {str(c) for c in column.target}
        candidates: set[str] = set()
        prefix, sep, local = text.partition(":")
        if sep and prefix in ID_PREFIXES and local and not local.startswith("//"):
            candidates = self.keys.get(expand(f"{prefix}:{local}").casefold(), set())
        else:
            candidates = self.keys.get(text.casefold(), set())
            if not candidates and column.prefix and " " not in text:
                candidates = self.keys.get((namespace(column.prefix) + text).casefold(), set())
        fitting = sorted(c for c in candidates if self.types.get(c, set()) & targets)
        if len(fitting) > 1:
            own = [c for c in fitting if column.prefix and c.startswith(namespace(column.prefix))]
            fitting = own if len(own) == 1 else fitting
        if len(fitting) == 1:
            return URIRef(fitting[0])
        raw = quoted(raw)
        if len(fitting) > 1:
            return Unresolved(f"'{raw}' names {len(fitting)} {column.what}s",
                              f"use the id of the one you mean: {', '.join(self.display(c) for c in fitting)}")
        if candidates:
            other = sorted(candidates)[0]
            return Unresolved(f"'{raw}' is {self.display(other)}, {_article(self.kind_of(other))}, not "
                              f"{_article(column.what)}", self._suggest(text, targets, column))
        return Unresolved(f"unknown {column.what} '{raw}'", self._suggest(text, targets, column))

    def _suggest(self, text: str, targets: set[str], column: Column) -> str:
        listing = "kennisgraaf query 'SELECT ?id ?label WHERE { ?id a %s ; rdfs:label ?label }'" % compact(str(column.target[0]))
        if len(text) > MAX_SUGGEST_CHARS or self.suggestions >= MAX_SUGGESTIONS:
            return f"give an id or a Dutch or English name; list them with: {listing}"
        self.suggestions += 1
        options: dict[str, str] = {}
        for iri, types in self.types.items():
            if types & targets:
                options.setdefault(compact(iri).split(":", 1)[-1].casefold(), iri)
                options.setdefault(compact(iri).casefold(), iri)
                for name in self.names.get(iri, ()):
                    options.setdefault(name.casefold(), iri)
        close = get_close_matches(text.casefold(), list(options), n=8, cutoff=0.55)
        picked: list[str] = []
        for key in close:
            if options[key] not in picked:
                picked.append(options[key])
        hint = f"did you mean {', '.join(self.display(i) for i in picked[:3])}? " if picked else ""
        return f"{hint}give an id or a Dutch or English name; list them with: {listing}"


def quoted(value: str) -> str:
    """A value as a message quotes it: cut to MAX_QUOTED_CHARS (a 54 KB paste is not repeated in the message).

    >>> quoted("x" * 100)[-12:]
    'x… (100 ch.)'
    """
    return value if len(value) <= MAX_QUOTED_CHARS else f"{value[:MAX_QUOTED_CHARS]}… ({len(value)} ch.)"


def _article(word: str) -> str:
    return ("an " if word[:1] in "aeiou" else "a ") + word
