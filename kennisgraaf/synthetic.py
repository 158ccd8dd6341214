"""A synthetic national data set for benchmarks and scale tests: ~340 municipalities and N household cases each.

The set follows the ontology, the shapes and ``docs/data-model.md``, so it passes ``kennisgraaf validate``. It is
laid out like ``data/``:

* ``national/``, ``scenarios/`` and ``reforms/``: copied from the bundled (or given) data folder — the real national
  catalogue and the scenarios and reforms written over it;
* ``municipalities/``: the bundled municipality files (copied, so that the scenarios' waivers resolve) plus one file
  per synthetic municipality: the municipality, its local institutions (with ``org:classification`` the national
  kind), one ``kg:MunicipalityModel`` with ``kg:ServiceArrangement`` s over the national provisions valid on its
  reference date, and its own rules as ``kg:MunicipalRule`` preconditions — some of them closing a cycle with a
  national precondition, as Amsterdam's urgency rule does;
* ``cases/``: one file per municipality model with N ``kg:HouseholdCase`` s (roles and age bands only).

Everything synthetic is flagged ``kg:illustrative true`` and sourced to this generator. The output depends only
on the parameters and the seed (and on the source data folder).

>>> spec = SyntheticSpec(municipalities=2, cases_per_municipality=1, seed=1)
>>> spec.municipalities, spec.cases_per_municipality
(2, 1)
"""

from __future__ import annotations

import random
import shutil
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from .errors import DataError
from .model import Domain, load_domain
from .namespaces import PREFIXES, compact
from .store import KnowledgeGraph, default_data_dir

SOURCE = "kennisgraaf synthetic national data set (kennisgraaf.synthetic)"

#: Parts of synthetic place names (never real street names: the privacy guard must stay quiet).
_NAME_HEADS = ("Ooster", "Wester", "Noorder", "Zuider", "Hoog", "Laag", "Nieuw", "Oud", "Groot", "Klein", "Berg",
               "Dal", "Veen", "Meer", "Bos", "Hei", "Zand", "Klei", "Water", "Molen", "Kerk", "Linde", "Eiken",
               "Beuk", "Wilg")
_NAME_TAILS = ("wolde", "dam", "veen", "horst", "broek", "hoven", "zijl", "hem", "loo", "voort", "stede", "meer",
               "hout", "geest", "rade", "wijk", "drecht", "burg", "sum", "um")

#: Local institutions a synthetic municipality may have: national kind -> (Dutch name, English name, chance).
_LOCAL_KINDS = {
    "inst:gemeente-sociale-dienst": ("Sociale Dienst {name}", "{name} social services department", 1.0),
    "inst:woningcorporatie": ("Woonstichting {name}", "{name} housing association", 1.0),
    "inst:kredietbank": ("Kredietbank {name}", "{name} credit bank", 0.6),
    "inst:welzijnsorganisatie": ("Welzijn {name}", "{name} welfare organisation", 0.8),
    "inst:maatschappelijk-werk": ("Maatschappelijk Werk {name}", "{name} social work", 0.5),
    "inst:jeugdhulpaanbieder": ("Jeugdhulp {name}", "{name} youth care provider", 0.4),
}

#: How often each need occurs in a synthetic household (relative weights; others weigh 1).
_NEED_WEIGHTS = {"need:inkomen": 8, "need:schulden": 7, "need:woonruimte": 6, "need:werk": 5, "need:toeslagen": 4,
                 "need:psychische-problemen": 3, "need:opvoeding": 3, "need:jeugdhulp": 3, "need:huishouden": 2,
                 "need:dagbesteding": 2, "need:eenzaamheid": 2, "need:verslaving": 2,
                 "need:dreigende-huisuitzetting": 3, "need:zorgverzekering": 2}

_HOUSEHOLDS = (  # (roles with age bands) — adults first
    (("role:volwassene", "27-44"),),
    (("role:volwassene", "45-66"),),
    (("role:volwassene", "67+"),),
    (("role:jongere", "18-26"),),
    (("role:ouder", "27-44"), ("role:kind", "4-11")),
    (("role:ouder", "27-44"), ("role:partner", "27-44"), ("role:kind", "0-3"), ("role:kind", "12-17")),
    (("role:ouder", "45-66"), ("role:jongere", "18-26")),
    (("role:volwassene", "45-66"), ("role:huisgenoot", "45-66")),
)

_RULE_KINDS = ("document", "besluit", "inschrijving", "uitsluiting")

_TURTLE_PREFIXES = ("kg", "rdfs", "skos", "dcterms", "xsd", "org", "law", "inst", "prot", "meth", "instr", "sys",
                    "svc", "pc", "fund", "need", "role", "gemeente", "model", "arr", "case")


@dataclass(frozen=True)
class SyntheticSpec:
    """What to generate: ``municipalities`` synthetic municipalities (beside the bundled ones), N cases per model."""

    municipalities: int = 340
    cases_per_municipality: int = 10
    seed: int = 2014
    #: share of municipality models with a reference date before the 2015 decentralisations
    share_pre_2015: float = 0.1
    #: share of municipalities with a rule that closes a precondition cycle
    share_with_cycle: float = 0.3


@dataclass
class GenerationSummary:
    """What was written."""

    out_dir: Path
    models: list[str] = field(default_factory=list)
    cases: int = 0
    files: int = 0
    preconditions: int = 0
    cycles: int = 0

    def as_dict(self) -> dict:
        return {"out_dir": str(self.out_dir), "models": len(self.models), "cases": self.cases, "files": self.files,
                "municipal_rules": self.preconditions, "cycle_rules": self.cycles}


def generate(out_dir: Path | str, spec: SyntheticSpec | None = None, *, source: Path | str | None = None,
             overwrite: bool = False) -> GenerationSummary:
    """Write a synthetic national data set into ``out_dir`` (see module doc); returns a summary.

    ``source`` is the data folder whose ``national/``, ``scenarios/``, ``reforms/`` and ``municipalities/`` are copied
    (default: the bundled data). ``out_dir`` must be empty or absent unless ``overwrite`` is given, in which case its
    ``national/``, ``scenarios/``, ``reforms/``, ``municipalities/`` and ``cases/`` folders are replaced.
    """
    spec = spec or SyntheticSpec()
    out = Path(out_dir)
    src = Path(source) if source else default_data_dir()
    if spec.municipalities < 0 or spec.cases_per_municipality < 0:
        raise DataError("the number of municipalities and of cases must be ≥ 0")
    for folder in ("national", "scenarios"):
        if not (src / folder).is_dir():
            raise DataError(f"source data folder has no {folder}/", path=str(src),
                            fix="pass a data folder laid out like data/ (national/, scenarios/, municipalities/)")
    if out.exists() and any(out.iterdir()):
        if not overwrite:
            raise DataError("output folder is not empty", path=str(out), fix="pass an empty folder, or --overwrite")
        for folder in ("national", "scenarios", "reforms", "municipalities", "cases"):
            shutil.rmtree(out / folder, ignore_errors=True)
    out.mkdir(parents=True, exist_ok=True)

    summary = GenerationSummary(out)
    for folder in ("national", "scenarios", "reforms", "municipalities"):
        if (src / folder).is_dir():
            shutil.copytree(src / folder, out / folder)
            summary.files += sum(1 for p in (out / folder).rglob("*.ttl"))
    (out / "municipalities").mkdir(exist_ok=True)
    (out / "cases").mkdir(exist_ok=True)

    kg = KnowledgeGraph.load(out, include_cases=False)
    domain = load_domain(kg)
    local_institutions = {compact(r["i"]) for r in kg.select(
        "SELECT DISTINCT ?i WHERE { ?i kg:municipality ?m ; a ?c . VALUES ?c { kg:Institution kg:Wijkteam } }")}
    del kg
    rng = random.Random(spec.seed)
    catalogue = _Catalogue(domain, local_institutions)

    used_codes = {m.municipality for m in domain.models.values()} | \
        {e.id for e in domain.entities.values() if e.kind == "municipality"}
    codes = [c for c in range(1, 2000) if f"gemeente:gm{c:04d}" not in used_codes]
    if spec.municipalities > len(codes):
        raise DataError(f"at most {len(codes)} synthetic municipalities can be generated")
    chosen_codes = sorted(rng.sample(codes, spec.municipalities))
    names = _names(rng, spec.municipalities)

    models: list[tuple[str, date, str]] = [(m.id, m.reference_date, m.id.split(":", 1)[1]) for m in
                                           sorted(domain.models.values(), key=lambda m: m.id)]
    taken = {m.split(":", 1)[1].rsplit("-", 1)[0] for m in domain.models}
    for code, name in zip(chosen_codes, names):
        if _slugify(name) in taken:
            name = f"{name} GM{code:04d}"
        taken.add(_slugify(name))
        text, model_id, day, rules, cycles = _municipality(rng, spec, catalogue, code, name)
        slug = model_id.split(":", 1)[1]
        (out / "municipalities" / f"{slug}.ttl").write_text(text, encoding="utf-8")
        summary.files += 1
        summary.preconditions += rules
        summary.cycles += cycles
        models.append((model_id, day, name))

    for model_id, day, name in models:
        slug = model_id.split(":", 1)[1]
        text = _cases(rng, spec, catalogue, model_id, slug, day, name)
        (out / "cases" / f"{slug}.ttl").write_text(text, encoding="utf-8")
        summary.files += 1
        summary.cases += spec.cases_per_municipality
    summary.models = [m for m, _, _ in models]
    return summary


class _Catalogue:
    """The national catalogue, indexed for the generator."""

    def __init__(self, domain: Domain, local_institutions: set[str]):
        self.domain = domain
        self.by_kind: dict[str, list[str]] = {}
        for entity in sorted(domain.entities.values(), key=lambda e: e.id):
            self.by_kind.setdefault(entity.kind, []).append(entity.id)
        self.national_institutions = {i for i in self.by_kind.get("institution", []) if i not in local_institutions}
        self.needs_of: dict[str, list[str]] = {}
        for provision in sorted(domain.provisions.values(), key=lambda p: p.id):
            for need in provision.needs:
                self.needs_of.setdefault(need, []).append(provision.id)
        self.national_pcs = sorted((pc for pc in domain.preconditions.values() if pc.scope != "MunicipalRule"),
                                   key=lambda pc: pc.id)

    def valid(self, kind: str, day: date) -> list[str]:
        return [e for e in self.by_kind.get(kind, []) if self.domain.entity(e).valid_on(day)]

    def provisions(self, day: date) -> list[str]:
        return sorted(p for p in self.domain.provisions if self.domain.entity(p).valid_on(day))

    def needs(self, day: date) -> list[str]:
        return sorted(n for n, ps in self.needs_of.items() if any(self.domain.entity(p).valid_on(day) for p in ps))


def _names(rng: random.Random, n: int) -> list[str]:
    combos = [h + t for h in _NAME_HEADS for t in _NAME_TAILS]
    rng.shuffle(combos)
    out = []
    for i in range(n):
        base = combos[i % len(combos)]
        out.append(base if i < len(combos) else f"{base} {'ABCDEFGHIJ'[(i // len(combos)) % 10]}")
    return out


def _slugify(name: str) -> str:
    return "-".join(part for part in "".join(c.lower() if c.isalnum() else "-" for c in name).split("-") if part)


def _prefixes() -> str:
    return "".join(f"@prefix {p}: <{PREFIXES[p]}> .\n" for p in _TURTLE_PREFIXES) + "\n"


def _labels(nl: str, en: str) -> str:
    return f'rdfs:label "{_esc(nl)}"@nl , "{_esc(en)}"@en'


def _esc(text: str) -> str:
    return text.replace("\\", "\\\\").replace('"', '\\"')


def _objects(values) -> str:
    return " , ".join(values)


def _municipality(rng: random.Random, spec: SyntheticSpec, cat: _Catalogue, code: int,
                  name: str) -> tuple[str, str, date, int, int]:
    """One synthetic municipality file: returns (turtle, model id, reference date, rules written, cycle rules)."""
    d = cat.domain
    slug = _slugify(name)
    year = rng.randint(2008, 2014) if rng.random() < spec.share_pre_2015 else rng.randint(2015, 2024)
    day = date(year, 6, 1)
    gm = f"gemeente:gm{code:04d}"
    model_id = f"model:{slug}-{year}"
    lines = [_prefixes(), f"# Synthetic municipality {name} (GM{code:04d}), generated by kennisgraaf.synthetic.\n"]
    lines.append(f'{gm} a kg:Municipality ;\n    kg:cbsCode "GM{code:04d}" ;\n    {_labels(name, name)} ;\n'
                 f'    skos:definition "Synthetische gemeente {_esc(name)} voor schaaltests."@nl , '
                 f'"Synthetic municipality {_esc(name)} for scale tests."@en ;\n'
                 f'    kg:illustrative true ;\n    dcterms:source "{SOURCE}" .\n')

    # Local institutions, by national kind.
    local: dict[str, str] = {}
    for kind, (nl, en, chance) in _LOCAL_KINDS.items():
        if rng.random() >= chance or kind not in d.entities:
            continue
        iid = f"inst:{slug}-{kind.split(':', 1)[1]}"
        local[kind] = iid
        lines.append(f'{iid} a kg:Institution ;\n    {_labels(nl.format(name=name), en.format(name=name))} ;\n'
                     f'    kg:municipality {gm} ;\n    org:classification {kind} ;\n'
                     f'    kg:illustrative true ;\n    dcterms:source "{SOURCE}" .\n')
    wijkteam = None
    if year >= 2015 and rng.random() < 0.8 and "inst:sociaal-wijkteam" in d.entities:
        wijkteam = f"inst:{slug}-wijkteam"
        local["inst:sociaal-wijkteam"] = wijkteam
        lines.append(f'{wijkteam} a kg:Wijkteam ;\n    {_labels(f"Wijkteam {name}", f"{name} neighbourhood team")} ;\n'
                     f'    kg:municipality {gm} ;\n    org:classification inst:sociaal-wijkteam ;\n'
                     f'    kg:mandate "Toegang tot Wmo, jeugdhulp en schuldhulp."@nl , '
                     f'"Access to social support, youth care and debt help."@en ;\n'
                     f'    kg:validFrom "2015-01-01"^^xsd:date ;\n'
                     f'    kg:illustrative true ;\n    dcterms:source "{SOURCE}" .\n')

    lines.append(f'{model_id} a kg:MunicipalityModel ;\n    kg:municipality {gm} ;\n'
                 f'    kg:referenceDate "{day.isoformat()}"^^xsd:date ;\n'
                 + (f'    kg:hasWijkteam {wijkteam} ;\n' if wijkteam else "")
                 + f'    {_labels(f"{name}, {year}", f"{name}, {year}")} ;\n'
                 f'    kg:illustrative true ;\n    dcterms:source "{SOURCE}" .\n')

    provisions = cat.provisions(day)
    methods, instruments = cat.valid("method", day), cat.valid("instrument", day)
    systems, protocols = cat.valid("system", day), cat.valid("protocol", day)
    institutions = [i for i in cat.valid("institution", day) if i in cat.national_institutions] + sorted(local.values())
    share = rng.uniform(0.4, 0.9)
    for pid in provisions:
        if rng.random() >= share:
            continue
        national = d.provisions[pid].touch
        props: list[str] = []
        delivered = national.get("deliveredBy", ())
        if any(k in local for k in delivered):
            props.append(f"kg:deliveredBy {_objects(sorted({local.get(k, k) for k in delivered}))}")
        elif wijkteam and rng.random() < 0.15:
            props.append(f"kg:deliveredBy {wijkteam}")
        if rng.random() < 0.3 and institutions:
            props.append(f"kg:involves {_objects(sorted(set(rng.sample(institutions, min(len(institutions), rng.randint(1, 2))))))}")
        if rng.random() < 0.4 and methods:
            props.append(f"kg:intakeVia {rng.choice(methods)}")
        if rng.random() < 0.4 and instruments:
            props.append(f"kg:assessedWith {_objects(sorted(set(rng.sample(instruments, min(len(instruments), rng.randint(1, 2))))))}")
        if rng.random() < 0.3 and systems:
            props.append(f"kg:registeredIn {rng.choice(systems)}")
        if rng.random() < 0.15 and protocols:
            props.append(f"kg:accessVia {rng.choice(protocols)}")
        label = d.entity(pid)
        body = "".join(f"    {p} ;\n" for p in props)
        lines.append(f'arr:{slug}-{year}-{pid.split(":", 1)[1]} a kg:ServiceArrangement ;\n'
                     f'    kg:inModel {model_id} ;\n    kg:provision {pid} ;\n{body}'
                     f'    {_labels(f"{label.label_nl or pid} in {name}, {year}", f"{label.label_en or pid} in {name}, {year}")} ;\n'
                     f'    kg:illustrative true ;\n    dcterms:source "{SOURCE}" .\n')

    # Municipal rules: a few between valid provisions; some reverse a national precondition, closing a cycle.
    rules: list[tuple[str, str]] = []
    cycles = 0
    valid_pcs = [pc for pc in cat.national_pcs if d.entity(pc.id).valid_on(day)
                 and pc.dependent in provisions and pc.prerequisite in provisions]
    if valid_pcs and rng.random() < spec.share_with_cycle:
        pc = rng.choice(valid_pcs)
        rules.append((pc.prerequisite, pc.dependent))
        cycles += 1
    addressing = sorted({p for ps in cat.needs_of.values() for p in ps if p in provisions})
    gates = sorted({p for pc in cat.domain.preconditions.values() for p in (pc.prerequisite, pc.dependent)
                    if p in provisions})  # provisions that other provisions already wait for
    for _ in range(rng.randint(1, 3)):
        dependent, prerequisite = rng.choice(addressing), rng.choice(gates or provisions)
        if dependent != prerequisite and (dependent, prerequisite) not in rules:
            rules.append((dependent, prerequisite))
    for n, (dependent, prerequisite) in enumerate(rules, 1):
        dep, pre = d.entity(dependent), d.entity(prerequisite)
        legal = [law for law in d.provisions[dependent].touch.get("legalBasis", ()) if d.entity(law).kind == "framework"]
        weeks = f"    kg:durationWeeks {rng.choice((2, 4, 6, 8, 12, 26))} ;\n" if rng.random() < 0.4 else ""
        lines.append(f'pc:{slug}-regel-{n} a kg:Precondition ;\n'
                     f'    {_labels(f"{dep.label_nl or dependent} vereist in {name} eerst {pre.label_nl or prerequisite}", f"{dep.label_en or dependent} requires {pre.label_en or prerequisite} first in {name}")} ;\n'
                     f'    kg:dependent {dependent} ;\n    kg:prerequisite {prerequisite} ;\n'
                     f'    kg:scope kg:MunicipalRule ;\n    kg:municipality {gm} ;\n'
                     + (f'    kg:legalBasis {legal[0]} ;\n' if legal else "")
                     + f'    kg:preconditionKind "{rng.choice(_RULE_KINDS)}" ;\n{weeks}'
                     f'    kg:illustrative true ;\n    dcterms:source "{SOURCE}" .\n')
    return "\n".join(lines), model_id, day, len(rules), cycles


def _cases(rng: random.Random, spec: SyntheticSpec, cat: _Catalogue, model_id: str, slug: str, day: date,
           name: str) -> str:
    needs = cat.needs(day)
    weights = [_NEED_WEIGHTS.get(n, 1) for n in needs]
    lines = [_prefixes(), f"# {spec.cases_per_municipality} synthetic household cases under {model_id}. No personal data.\n"]
    for i in range(1, spec.cases_per_municipality + 1):
        chosen: set[str] = set()
        for _ in range(rng.choice((1, 2, 2, 3, 3, 4))):
            chosen.add(rng.choices(needs, weights)[0])
        members = rng.choice(_HOUSEHOLDS)
        member_text = " ,\n        ".join(f'[ a kg:HouseholdMember ; kg:role {role} ; kg:ageBand "{band}" ]'
                                            for role, band in members)
        lines.append(f'case:{slug}-h{i:05d} a kg:HouseholdCase ;\n'
                     f'    {_labels(f"synthetisch huishouden {i} in {name}", f"synthetic household {i} in {name}")} ;\n'
                     f'    kg:defaultModel {model_id} ;\n    kg:hasNeed {_objects(sorted(chosen))} ;\n'
                     f'    kg:member {member_text} ;\n'
                     f'    kg:illustrative true ;\n    dcterms:source "{SOURCE}" .\n')
    return "\n".join(lines)


__all__ = ["SyntheticSpec", "GenerationSummary", "generate"]
