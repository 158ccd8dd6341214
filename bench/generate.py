"""Generate the synthetic national data set: ``python -m bench.generate OUT [--municipalities 340] [--cases 10]``.

A thin command over :mod:`kennisgraaf.synthetic`; the output folder is laid out like ``data/`` and can be passed to
every command with ``--data OUT``.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

from kennisgraaf import atomic
from kennisgraaf.errors import KennisgraafError
from kennisgraaf.synthetic import SyntheticSpec, generate

from .machine import describe


RESULTS = Path(__file__).resolve().parent / "RESULTS.md"
CACHE = Path(os.environ.get("KENNISGRAAF_BENCH_CACHE", Path(tempfile.gettempdir()) / "kennisgraaf-bench"))


def national_set(cases: int, municipalities: int = 340, seed: int = 2014) -> Path:
    """The synthetic national set with ``cases`` cases per municipality, generated once into a cache folder."""
    out = CACHE / f"national-m{municipalities}-c{cases}-s{seed}"
    done = out / ".complete"
    if not done.exists():
        shutil.rmtree(out, ignore_errors=True)
        generate(out, SyntheticSpec(municipalities, cases, seed))
        done.write_text(time.strftime("%Y-%m-%d %H:%M:%S"), encoding="utf-8")
    return out


def machine() -> str:
    """Date and machine, as the RESULTS.md sections state them."""
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg()) if hasattr(os, "getloadavg") else "n/a"
    return f"{time.strftime('%Y-%m-%d')}, {describe()}; load average at the end {load}"


def write_section(title: str, body: str) -> None:
    """Replace the section ``## title`` of bench/RESULTS.md (or append it), leaving the others alone."""
    heading = f"## {title}"
    section = f"{heading}\n\n{body.strip()}\n\n"
    text = RESULTS.read_text(encoding="utf-8") if RESULTS.exists() else "# Benchmark results\n\n"
    if heading + "\n" in text:
        head, _, rest = text.partition(heading + "\n")
        nxt = rest.find("\n## ")
        text = head + section + (rest[nxt + 1:] if nxt != -1 else "")
    else:
        text = text.rstrip("\n") + "\n\n" + section
    atomic.write_text(RESULTS, text)
    print(f"wrote bench/RESULTS.md (section \"{title}\")", file=sys.stderr)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.generate", description=__doc__.splitlines()[0])
    parser.add_argument("out", help="output folder (created; must be empty unless --overwrite)")
    parser.add_argument("--municipalities", type=int, default=340, help="synthetic municipalities (default 340)")
    parser.add_argument("--cases", type=int, default=10, help="household cases per municipality model (default 10)")
    parser.add_argument("--seed", type=int, default=2014, help="random seed (default 2014)")
    parser.add_argument("--source", default=None, help="data folder to copy national/ and scenarios/ from")
    parser.add_argument("--overwrite", action="store_true", help="replace the data folders in OUT")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    try:
        summary = generate(args.out, SyntheticSpec(args.municipalities, args.cases, args.seed),
                           source=args.source, overwrite=args.overwrite)
    except KennisgraafError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return exc.exit_code
    print(json.dumps({**summary.as_dict(), "seconds": round(time.perf_counter() - started, 2)}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
