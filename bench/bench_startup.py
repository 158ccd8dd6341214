"""Start-up: how long a command takes before and while it works, as a ratio to the floors measured in the same run.

``python -m bench.bench_startup [--repeats 7] [--no-write]``

Every command runs as its own process, ``--repeats`` times; the table gives the *least* CPU time (user + system of
the child, from ``resource.getrusage``) and the least wall time of the runs — the least is the run with the least
interference from other processes, so ratios of least times hold on a busy machine where means do not. Floors:

* **Python**: ``python -c pass`` (the same interpreter and virtual environment, with its ``site`` start-up);
* **Python + pyoxigraph loading the same files**: the interpreter parsing every Turtle file of ``ontology/`` and
  ``data/`` into one pyoxigraph store, one named graph per file — what a command needs at least to read the data.

``score`` runs with a warm cache (a first run fills it) and once more after a data change (the cache missed: the
data parsed again), each in a cache folder of its own. Results: bench/RESULTS.md, section "Start-up".
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from .generate import machine, write_section

SECTION = "Start-up"
ROOT = Path(__file__).resolve().parent.parent

_FLOOR = ("import pathlib, pyoxigraph as ox\n"
          "store = ox.Store()\n"
          "for folder in {folders!r}:\n"
          "    for path in sorted(pathlib.Path(folder).rglob('*.ttl')):\n"
          "        store.load(path=str(path), format=ox.RdfFormat.TURTLE, to_graph=ox.NamedNode(path.as_uri()))\n")


def run(command: list[str], env: dict[str, str], before=None, cwd: Path = ROOT) -> tuple[float, float]:
    """CPU seconds (user + system) and wall seconds of one run of ``command``; it must exit 0."""
    if before is not None:
        before()
    start_cpu = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    result = subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env, cwd=cwd)
    wall = time.perf_counter() - started
    end_cpu = resource.getrusage(resource.RUSAGE_CHILDREN)
    if result.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed: {result.stderr.decode(errors='replace')[-500:]}")
    return (end_cpu.ru_utime - start_cpu.ru_utime + end_cpu.ru_stime - start_cpu.ru_stime), wall


def least(command: list[str], env: dict[str, str], repeats: int, before=None, cwd: Path = ROOT) -> dict[str, float]:
    runs = [run(command, env, before, cwd) for _ in range(repeats)]
    return {"cpu": min(c for c, _ in runs), "wall": min(w for _, w in runs)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.bench_startup", description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=7, help="runs per command (default 7; the least counts)")
    parser.add_argument("--baseline", type=Path, default=None, metavar="CHECKOUT",
                        help="also run each kennisgraaf command from another source tree (e.g. `git archive` of an "
                             "earlier commit), in the same run")
    parser.add_argument("--no-write", action="store_true", help="print only; do not update bench/RESULTS.md")
    args = parser.parse_args(argv)
    python = sys.executable
    entry = "import sys; from kennisgraaf.cli import main; sys.argv[0] = 'kennisgraaf'; main()"
    kennisgraaf = [python, "-c", entry]
    # The baseline's own .venv if it has one, else this interpreter: run in the baseline folder, ``-c`` imports its
    # kennisgraaf first (the current folder leads sys.path), so only the code differs.
    baseline_python = args.baseline / ".venv" / "bin" / "python" if args.baseline else None
    baseline = [str(baseline_python if baseline_python.exists() else python), "-c", entry] if args.baseline else None
    work = Path(tempfile.mkdtemp(prefix="kennisgraaf-bench-startup-"))
    try:
        data = work / "data"
        shutil.copytree(ROOT / "data", data)
        env = {**os.environ, "KENNISGRAAF_CACHE": str(work / "cache")}
        env.pop("KENNISGRAAF_DATA", None)
        floor_code = _FLOOR.format(folders=[str(ROOT / "ontology"), str(data)])
        case_file = data / "cases" / "gescheiden-vrouw.ttl"
        original = case_file.read_text(encoding="utf-8")
        flip = [0]

        def change_data() -> None:  # one more byte each time: every run is the first after a data change
            flip[0] += 1
            case_file.write_text(original + "#" * flip[0] + "\n", encoding="utf-8")

        score = [*kennisgraaf, "score", "gescheiden-vrouw", "--data", str(data)]
        rows = [("Python (`python -c pass`)", "bare", [python, "-c", "pass"], None),
                ("Python + pyoxigraph loading ontology/ and data/", "floor", [python, "-c", floor_code], None),
                ("`kennisgraaf --help`", "bare", [*kennisgraaf, "--help"], None),
                ("`kennisgraaf score gescheiden-vrouw`, warm cache", "floor", score, None),
                ("`kennisgraaf path gescheiden-vrouw`, warm cache", "floor",
                 [*kennisgraaf, "path", "gescheiden-vrouw", "--data", str(data)], None),
                ("`kennisgraaf count --municipality enschede-2008`", "floor",
                 [*kennisgraaf, "count", "--municipality", "enschede-2008", "--data", str(data)], None),
                ("`kennisgraaf score gescheiden-vrouw`, first run after a data change", "floor", score, change_data)]
        run(score, env)  # fill the cache
        results = []
        for label, floor, command, before in rows:
            measured = least(command, env, args.repeats, before)
            if baseline and command[:3] == kennisgraaf:
                measured["baseline"] = least(baseline + command[3:], env, args.repeats, before,
                                             cwd=args.baseline)["cpu"]  # its own code, not this one
            results.append((label, floor, measured))
            print(f"{label}: CPU {measured['cpu'] * 1000:.0f} ms, wall {measured['wall'] * 1000:.0f} ms"
                  + (f" (baseline CPU {measured['baseline'] * 1000:.0f} ms)" if "baseline" in measured else ""),
                  flush=True)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    floors = {"bare": results[0][2], "floor": results[1][2]}
    table = []
    for label, floor, measured in results:
        base = floors[floor]
        ratio = "" if measured is base else (f"**{measured['cpu'] / base['cpu']:.1f}×** "
                                              f"({measured['wall'] / base['wall']:.1f}× wall)")
        against = "" if measured is base else ("Python" if floor == "bare" else "Python + pyoxigraph")
        before_cpu = (f" | {measured['baseline'] * 1000:.0f} ms ({measured['baseline'] / base['cpu']:.1f}×)"
                      if "baseline" in measured else (" | " if baseline else ""))
        table.append(f"| {label} | {measured['cpu'] * 1000:.0f} ms | {measured['wall'] * 1000:.0f} ms | "
                     f"{ratio} | {against}{before_cpu} |")
    help_ratio = results[2][2]["cpu"] / floors["bare"]["cpu"]
    score_ratio = results[3][2]["cpu"] / floors["floor"]["cpu"]
    extra_head = f" CPU with {args.baseline} (ratio) |" if baseline else ""
    extra_rule = "---|" if baseline else ""
    command_line = f"--repeats {args.repeats}" + (f" --baseline {args.baseline}" if baseline else "")
    body = f"""`python -m bench.bench_startup {command_line}` — {machine()}.

Each command is its own process, run {args.repeats} times; least CPU time (user + system) and least wall time of
the runs, with ratios to the floors of the same run. The bundled data is copied to a temporary folder first, the
cache (`kennisgraaf.cache`) lives in a temporary folder too. With `--baseline CHECKOUT` every kennisgraaf command
also runs under that checkout's interpreter and code in the same run (the last column, ratio to the same floor).

| command | CPU | wall | ratio to its floor (CPU) | floor |{extra_head}
|---|---|---|---|---|{extra_rule}
{chr(10).join(table)}

- `--help` at **{help_ratio:.1f}×** Python's bare start — goal ≤ 5×: {"met" if help_ratio <= 5 else "missed"}.
- `score` at **{score_ratio:.1f}×** the floor, warm cache — goal ≤ 5×: {"met" if score_ratio <= 5 else "missed"}.
- What the rest is: click (~30 ms), networkx (~100 ms: its package imports all of its algorithms, and a path is a
  networkx graph) and kennisgraaf's own modules; a command imports only the module that defines it
  (`kennisgraaf.cli.COMMANDS`), and `score`, `path`, `count` and `--help` import no pyvis, IPython, jinja2,
  rdflib (nor its SPARQL engine) or pyshacl (tests/test_startup.py). With a warm cache the Domain is read from a
  pickle keyed by the SHA-256 of every input file and the package source (a few ms) instead of parsing the
  Turtle and running the model's queries (~0.1 s CPU).
"""
    if not args.no_write:
        write_section(SECTION, body)
    return 0


if __name__ == "__main__":
    sys.exit(main())
