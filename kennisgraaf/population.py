"""A synthetic household population of the Netherlands, drawn from published household statistics, for any size.

Each household is a ``kg:HouseholdCase`` (roles and age bands only, never personal data) under one of the municipality
models of a data folder, with needs drawn per life domain. The distributions and where they come from:

=====================================  =======================================================  =========================
what                                   distribution                                             source
=====================================  =======================================================  =========================
composition                            one person 39.9 %, couple without children 28.5 %,       CBS StatLine 37975
                                       couple with children 24.3 %, one parent 7.3 %            (1 January 2024); split of
                                                                                                households with children
                                                                                                from CBS 71487ned (2023)
age of a one-person household          under 27: 12 %, 27–44: 25 %, 45–66: 33 %, 67+: 30 %     assumption (illustrative)
problematic debts                      7.6 % of households                                      CBS, Schuldenproblematiek
                                                                                                in beeld (1 Oct 2020)
living on bijstand                     5.7 % of households with minor children; 4.5 % of the    CBS Jeugdmonitor 2023
                                       others                                                   (5.7 % of minors, end
                                                                                                2022); others: assumption
youth care (jeugdhulp)                 10 % of households with children                         CBS Jeugdmonitor 2023
                                                                                                (about 1 in 10 young
                                                                                                people); rounded
other life domains (housing, work,     fixed shares per household, higher when debts or         assumption (illustrative),
mental health, addiction, household    bijstand are drawn (problems cluster)                    documented in
care, loneliness, safety)                                                                       ``PREVALENCE``
=====================================  =======================================================  =========================

A household with no need drawn has no case (it does not meet the social domain); the generator draws until it has
the number of cases asked for and reports how many households that took. Everything it writes is flagged
``kg:illustrative true``.

The population is written in parts of ``part_size`` households (``cases/population-00001.ttl`` …), each drawn from
its own random stream seeded by ``(seed, part)``: the output depends only on the parameters, a part can be made
without the ones before it, and memory stays flat however many households are asked for.

>>> from random import Random
>>> h = draw_household(Random(1))
>>> sorted(h) == ["members", "needs"] and all(n.startswith("need:") for n in h["needs"])
True
"""

from __future__ import annotations

import random
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from .errors import DataError

SOURCE = "kennisgraaf synthetic population (kennisgraaf.population), distributions from CBS StatLine; see module doc"

#: Household composition, 1 January 2024 (CBS StatLine 37975: 8,374,404 private households; 3,340,560 one-person;
#: 2,385,910 without children; 2,647,934 with children, of which one-parent 610,633 of 2,645,269 in 2023, 71487ned).
COMPOSITION = {
    "one-person": 3_340_560,
    "couple": 2_385_910,
    "couple-with-children": round(2_647_934 * (1 - 610_633 / 2_645_269)),
    "one-parent": round(2_647_934 * 610_633 / 2_645_269),
}

_ADULT_BANDS = (("18-26", 12), ("27-44", 25), ("45-66", 33), ("67+", 30))  # assumption, see module doc
_CHILD_BANDS = (("0-3", 20), ("4-11", 40), ("12-17", 40))

#: Probability per household of each need: (base, if debts or bijstand were drawn). Sources in the module doc.
PREVALENCE = {
    "need:woonruimte": (0.02, 0.10),
    "need:werk": (0.04, 0.30),
    "need:psychische-problemen": (0.05, 0.15),
    "need:verslaving": (0.01, 0.05),
    "need:huishouden": (0.04, 0.06),
    "need:eenzaamheid": (0.03, 0.06),
    "need:toeslagen": (0.03, 0.15),
    "need:dreigende-huisuitzetting": (0.003, 0.04),
}
DEBTS = 0.076            # CBS, 1 October 2020
BIJSTAND_WITH_MINORS = 0.057  # CBS Jeugdmonitor 2023 (end 2022)
BIJSTAND_OTHERS = 0.045  # assumption
JEUGDHULP = 0.10         # CBS Jeugdmonitor 2023, rounded


def _cumulative(table) -> tuple[tuple, list[float]]:
    names, weights = zip(*(table.items() if isinstance(table, dict) else table))
    total, out = 0.0, []
    for w in weights:
        total += w
        out.append(total)
    return names, out


_KINDS = _cumulative(COMPOSITION)
_ADULTS = _cumulative(_ADULT_BANDS)
_CHILDREN = _cumulative(_CHILD_BANDS)


def _pick(rng: random.Random, table: tuple[tuple, list[float]]) -> str:
    return rng.choices(table[0], cum_weights=table[1])[0]


def draw_household(rng: random.Random) -> dict[str, list]:
    """One household: its members (role, age band) and the needs drawn for it (possibly none)."""
    kind = _pick(rng, _KINDS)
    adult = _pick(rng, _ADULTS)
    if kind == "one-person":
        members = [("role:jongere" if adult == "18-26" else "role:volwassene", adult)]
    elif kind == "couple":
        members = [("role:volwassene", adult), ("role:partner", adult)]
    else:
        parent = adult if adult in ("27-44", "45-66") else "27-44"
        members = [("role:ouder", parent)] + ([("role:partner", parent)] if kind == "couple-with-children" else [])
        members += [("role:kind", _pick(rng, _CHILDREN)) for _ in range(rng.choice((1, 1, 2, 2, 3)))]
    minors = any(role == "role:kind" for role, _ in members)
    needs = []
    if rng.random() < DEBTS:
        needs.append("need:schulden")
    if rng.random() < (BIJSTAND_WITH_MINORS if minors else BIJSTAND_OTHERS):
        needs.append("need:inkomen")
    if minors and rng.random() < JEUGDHULP:
        needs.append("need:jeugdhulp")
    troubled = bool(needs)
    for need, (base, clustered) in PREVALENCE.items():
        if rng.random() < (clustered if troubled else base):
            needs.append(need)
    return {"members": members, "needs": sorted(set(needs))}


@dataclass
class PopulationSummary:
    """What was written."""

    out_dir: Path
    cases: int = 0
    households_drawn: int = 0
    parts: int = 0

    def as_dict(self) -> dict:
        return {"out_dir": str(self.out_dir), "cases": self.cases, "households_drawn": self.households_drawn,
                "parts": self.parts}


_PREFIXES = """@prefix kg: <https://w3id.org/kennisgraaf/def#> .
@prefix need: <https://w3id.org/kennisgraaf/id/need/> .
@prefix role: <https://w3id.org/kennisgraaf/id/role/> .
@prefix model: <https://w3id.org/kennisgraaf/id/model/> .
@prefix case: <https://w3id.org/kennisgraaf/id/case/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
"""


def _part(seed: int, part: int, size: int, models: Sequence[str], needs_known: set[str] | None) -> tuple[str, int, int]:
    rng = random.Random(f"{seed}-{part}")
    lines = [_PREFIXES, f"# synthetic population, part {part}: {size} household cases. No personal data.\n"]
    drawn = written = 0
    while written < size:
        drawn += 1
        household = draw_household(rng)
        needs = [n for n in household["needs"] if needs_known is None or n in needs_known]
        if not needs:
            continue
        written += 1
        model = models[rng.randrange(len(models))]
        members = " ,\n        ".join(f'[ a kg:HouseholdMember ; kg:role {role} ; kg:ageBand "{band}" ]'
                                      for role, band in household["members"])
        cid = f"pop-{part:05d}-{written:06d}"
        lines.append(f'case:{cid} a kg:HouseholdCase ;\n'
                     f'    rdfs:label "synthetisch huishouden {cid}"@nl , "synthetic household {cid}"@en ;\n'
                     f'    kg:defaultModel {model} ;\n    kg:hasNeed {" , ".join(needs)} ;\n'
                     f'    kg:member {members} ;\n'
                     f'    kg:illustrative true ;\n    dcterms:source "{SOURCE}" .\n')
    return "\n".join(lines), written, drawn


def iter_parts(households: int, *, part_size: int = 10_000) -> Iterator[tuple[int, int]]:
    """(part number, cases in it) for ``households`` cases in parts of ``part_size``."""
    for index, start in enumerate(range(0, households, part_size), 1):
        yield index, min(part_size, households - start)


def generate_population(out_dir: Path | str, households: int, *, models: Sequence[str], seed: int = 2024,
                        part_size: int = 10_000, needs_known: set[str] | None = None) -> PopulationSummary:
    """Write ``households`` synthetic household cases into ``out_dir/cases/`` in parts (see module doc).

    ``models`` are the compact ids (``model:…``) of the municipality models the households are spread over;
    ``needs_known`` (the need types of the data folder) drops needs the data does not define.
    """
    if households < 0 or part_size < 1:
        raise DataError("the number of households must be ≥ 0 and the part size ≥ 1")
    if not models:
        raise DataError("no municipality models to put the households under",
                        fix="generate the synthetic national set first (python -m bench.generate OUT)")
    folder = Path(out_dir) / "cases"
    folder.mkdir(parents=True, exist_ok=True)
    summary = PopulationSummary(Path(out_dir))
    ordered = sorted(models)
    for part, size in iter_parts(households, part_size=part_size):
        text, written, drawn = _part(seed, part, size, ordered, needs_known)
        target = folder / f"population-{part:05d}.ttl"
        temp = target.with_name(f".{target.name}.tmp")
        temp.write_text(text, encoding="utf-8")
        temp.replace(target)
        summary.cases += written
        summary.households_drawn += drawn
        summary.parts += 1
    return summary


__all__ = ["generate_population", "draw_household", "iter_parts", "PopulationSummary", "COMPOSITION", "PREVALENCE"]
