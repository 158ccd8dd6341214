"""Reform ranking benchmark: rank 20 reforms over 1,000 household cases under the Enschede 2008 model.

``python -m bench.bench_reforms [--cases 1000] [--reforms 20] [--combine 3] [--repeats 3] [--no-write]``

The cases are synthetic and made in memory (seeded, so every run ranks the same set): one to four needs drawn from the
needs the 2008 catalogue can meet, weighted like :mod:`kennisgraaf.synthetic`, and a household composition with age
bands. The reforms are the bundled ones that apply to ``enschede-2008`` plus generated ones (precondition waivers,
mergers, a shared assessment and access decision) up to ``--reforms``. The time covers the whole ranking: baseline
scores, every reform on every case, equivalence grouping and the greedy combinations. Results go to
bench/RESULTS.md, section "Reforms".
"""

from __future__ import annotations

import argparse
import datetime
import random
import statistics
import sys
import time
from pathlib import Path

from kennisgraaf.model import Case, Reform, Transformation, load_domain
from kennisgraaf.reforms import candidate_reforms, rank_reforms
from kennisgraaf.store import KnowledgeGraph

RESULTS = Path(__file__).resolve().parent / "RESULTS.md"
MODEL = "model:enschede-2008"

#: Needs and their weights (as kennisgraaf.synthetic), restricted below to needs met on the model's date.
NEED_WEIGHTS = {"need:inkomen": 8, "need:schulden": 7, "need:woonruimte": 6, "need:werk": 5, "need:toeslagen": 4,
                "need:psychische-problemen": 3, "need:opvoeding": 3, "need:jeugdhulp": 3, "need:huishouden": 2,
                "need:dagbesteding": 2, "need:verslaving": 2, "need:dreigende-huisuitzetting": 3,
                "need:zorgverzekering": 2, "need:schoolverzuim": 2, "need:overlast": 1, "need:verblijfsstatus": 1,
                "need:identiteitsdocumenten": 1, "need:veiligheid": 1, "need:langdurige-zorg": 1}
HOUSEHOLDS = (("27-44",), ("45-66",), ("67+",), ("18-26",), ("27-44", "4-11"), ("27-44", "27-44", "0-3", "12-17"),
              ("45-66", "18-26"))

#: Generated reforms beyond the bundled ones (kind, target, sources, waives, applies to, replaces for).
EXTRA = (
    ("PreconditionWaiver", None, (), ("pc:meldpunt-huurschulden-vereist-bijstand",), (), ()),
    ("PreconditionWaiver", None, (), ("pc:ggz-vereist-verwijzing", "pc:verslavingszorg-vereist-verwijzing"), (), ()),
    ("PreconditionWaiver", None, (), ("pc:huurtoeslag-vereist-huurwoning",), (), ()),
    ("PreconditionWaiver", None, (), ("pc:wsnp-vereist-minnelijk-traject",), (), ()),
    ("PreconditionWaiver", None, (), ("pc:bijstand-vereist-verblijfsvergunning",
                                      "pc:bijzondere-bijstand-vereist-verblijfsvergunning"), (), ()),
    ("MergeFrontDoors", "inst:domijn", ("inst:domijn", "inst:de-woonplaats", "inst:ons-huis"), (), (), ()),
    ("MergeFrontDoors", "inst:mediant", ("inst:mediant", "inst:tactus"), (), (), ()),
    ("SharedAssessment", "instr:zrm-2017", (), (), (), ("household",)),
    ("SharedAccess", "prot:wijkteam-mandaatbesluit", (), (), ("svc:wmo-2007-huishoudelijke-hulp", "svc:schuldhulp-minnelijk",
                                                              "svc:bijzondere-bijstand"), ("household", "professional")),
    ("SharedIntake", "meth:wijkzorgteam", (), (), (), ("household",)),
)

from .machine import describe


def synthetic_cases(domain, n: int, seed: int = 2008) -> list[str]:
    """Add ``n`` seeded synthetic cases to ``domain`` (in memory) and return their ids."""
    rng = random.Random(seed)
    day = domain.models[MODEL].reference_date
    needs = [need for need in NEED_WEIGHTS
             if any(domain.entity(p.id).valid_on(day) for p in domain.provisions_for(need))]
    weights = [NEED_WEIGHTS[need] for need in needs]
    ids = []
    for i in range(n):
        chosen: set[str] = set()
        for _ in range(rng.randint(1, 4)):
            chosen.add(rng.choices(needs, weights)[0])
        cid = f"case:bench-{i:05d}"
        domain.cases[cid] = Case(cid, tuple(sorted(chosen)), (), MODEL, tuple(sorted(rng.choice(HOUSEHOLDS))))
        ids.append(cid)
    return ids


def reform_set(domain, n: int) -> list[Reform]:
    """The bundled reforms for the model, then generated ones, ``n`` in all."""
    reforms, _ = candidate_reforms(domain, MODEL)
    for i, (kind, target, sources, waives, applies, replaces) in enumerate(EXTRA):
        if len(reforms) >= n:
            break
        if any(x not in domain.entities and x not in domain.preconditions for x in (target, *sources, *waives) if x):
            continue
        t = Transformation(f"_:bench-{i}", kind, target, frozenset(replaces), frozenset(applies), frozenset(waives),
                           frozenset(sources))
        reforms.append(Reform(f"reform:bench-{i:02d}-{kind.lower()}", (t,), label_en=f"bench {kind}",
                              sources=("bench/bench_reforms.py",), illustrative=True))
    return reforms[:n]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.bench_reforms", description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=1000, help="synthetic household cases (default 1000)")
    parser.add_argument("--reforms", type=int, default=20, help="reforms to rank (default 20)")
    parser.add_argument("--combine", type=int, default=3, help="largest greedy combination (default 3)")
    parser.add_argument("--repeats", type=int, default=3, help="timed runs; the median is reported (default 3)")
    parser.add_argument("--no-write", action="store_true", help="print only; leave bench/RESULTS.md alone")
    args = parser.parse_args(argv)

    started = time.perf_counter()
    domain = load_domain(KnowledgeGraph.load())
    load_seconds = time.perf_counter() - started
    cases = synthetic_cases(domain, args.cases)
    reforms = reform_set(domain, args.reforms)
    runs, cpu, ranking = [], [], None
    for _ in range(max(args.repeats, 1)):
        t0, c0 = time.perf_counter(), time.process_time()
        ranking = rank_reforms(domain, MODEL, cases, reforms=reforms, combine=args.combine)
        runs.append(time.perf_counter() - t0)
        cpu.append(time.process_time() - c0)
    median = statistics.median(runs)
    signatures = len({(domain.cases[c].needs, domain.cases[c].age_bands) for c in cases})
    summary = {"cases": len(cases), "distinct case signatures": signatures, "reforms": len(reforms),
               "combinations": len(ranking.combinations), "paths resolved again per run": ranking.evaluations,
               "seconds (median, wall)": round(median, 2), "CPU seconds (median)": round(statistics.median(cpu), 2),
               "runs (wall)": [round(r, 2) for r in runs],
               "load data": round(load_seconds, 2), "top reform": ranking.reforms[0].id}
    for key, value in summary.items():
        print(f"{key}: {value}")
    if not args.no_write:
        _write(args, summary)
    return 0


def _machine() -> str:
    return describe()


def _write(args, summary: dict) -> None:
    today = datetime.date.today().isoformat()
    rows = "\n".join(f"| {k} | {v if not isinstance(v, list) else ', '.join(f'{x} s' for x in v)} |"
                     for k, v in summary.items())
    section = f"""## Reforms

`python -m bench.bench_reforms --cases {args.cases} --reforms {args.reforms} --combine {args.combine} --repeats {args.repeats}` — {today}, {_machine()}.

| what | value |
|---|---|
{rows}

One run ranks every reform over every case under `enschede-2008` (household and professional scores before and
after), groups equivalent reforms and builds greedy combinations up to {args.combine} reforms. Cases with the same
needs, provisions and age bands share one path; a reform that touches none of a case's touchpoints or preconditions
leaves it unscored again.
"""
    text = RESULTS.read_text(encoding="utf-8") if RESULTS.exists() else "# Benchmark results\n"
    start = text.find("## Reforms\n")
    if start >= 0:
        end = text.find("\n## ", start + 1)
        text = text[:start] + section + (text[end + 1:] if end >= 0 else "")
    else:
        text = text.rstrip("\n") + "\n\n" + section
    RESULTS.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    sys.exit(main())
