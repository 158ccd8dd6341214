"""A golden CSV of batch scoring on the synthetic national set, to check a faster scorer gives the same bytes.

``python -m bench.batch_golden save FILE [--cases 5]`` writes ``scores.csv`` of ``kennisgraaf batch`` over the
synthetic national set (``--cases`` per municipality, seed 2014) with the code as it is; ``python -m
bench.batch_golden check FILE [--cases 5]`` scores again and compares byte for byte: exit 0 when identical, else 1
with the first line that differs. Save with the code before a change, check after it (issue 17: 6,860 rows at 5
cases per municipality, about 10 CPU-seconds each way).
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from pathlib import Path

from kennisgraaf.batch import run_batch
from kennisgraaf.model import load_domain
from kennisgraaf.store import KnowledgeGraph

from .generate import national_set


def scores(cases: int, workers: int) -> bytes:
    """The bytes of scores.csv for the synthetic national set with ``cases`` cases per municipality."""
    domain = load_domain(KnowledgeGraph.load(national_set(cases)))
    out = Path(tempfile.mkdtemp(prefix="kennisgraaf-golden-"))
    try:
        return run_batch(out, domain=domain, workers=workers).scores.read_bytes()
    finally:
        shutil.rmtree(out, ignore_errors=True)


def first_difference(a: bytes, b: bytes) -> str | None:
    """The first line where two CSVs differ (1-based, with both versions), or None when they are identical.

    >>> first_difference(b"h\\n1\\n", b"h\\n2\\n")
    'line 2:\\n  golden: 1\\n  now:    2'
    >>> first_difference(b"h\\n", b"h\\n") is None
    True
    """
    if a == b:
        return None
    left, right = a.decode().splitlines(), b.decode().splitlines()
    for number, (x, y) in enumerate(zip(left, right), 1):
        if x != y:
            return f"line {number}:\n  golden: {x}\n  now:    {y}"
    return f"lengths differ: {len(left)} golden lines, {len(right)} now"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.batch_golden", description=__doc__.splitlines()[0])
    parser.add_argument("action", choices=["save", "check"])
    parser.add_argument("file", type=Path, help="the golden CSV (written by save, read by check)")
    parser.add_argument("--cases", type=int, default=5, help="cases per municipality (default 5)")
    parser.add_argument("--workers", type=int, default=1, help="worker processes (the CSV does not depend on it)")
    args = parser.parse_args(argv)
    now = scores(args.cases, args.workers)
    rows = now.count(b"\n") - 1
    if args.action == "save":
        args.file.write_bytes(now)
        print(f"wrote {args.file} ({rows:,} rows)")
        return 0
    difference = first_difference(args.file.read_bytes(), now)
    if difference:
        print(f"scores.csv differs from {args.file} at {difference}", file=sys.stderr)
        return 1
    print(f"identical to {args.file} ({rows:,} rows)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
