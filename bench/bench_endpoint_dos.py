"""The endpoint under a bounded denial-of-service load: does a light client still get its answers within 2 s?

``python -m bench.bench_endpoint_dos [--heavy 20] [--slow 200] [--seconds 12] [--no-write]``

``kennisgraaf serve --timeout 3`` (2 general workers) in its own process; the load is the siege of
kennisgraaf/server/siege.py, the same as tests/test_endpoint_dos.py: ``--heavy`` clients (each its own loopback
address) loop a query that runs until the timeout, each time with a new text; ``--slow`` connections send one
header line every 3 s and never finish (reopened when the server closes them); one established light client sends
``ASK { ?s a kg:MunicipalityModel }`` every 0.1 s over a new connection. Its tries count from 3 s after the attack
started. Results go to bench/RESULTS.md, section "SPARQL endpoint under attack".
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import subprocess
import sys

from kennisgraaf.server.siege import HEAVY_QUERY, LIGHT_QUERY, siege

from .bench_endpoint import free_port, write_section
from .machine import describe

GOAL = 0.95  # share of the light client's tries answered within 2 s (issue 12)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.bench_endpoint_dos", description=__doc__.splitlines()[0])
    parser.add_argument("--heavy", type=int, default=20, help="clients looping a heavy query")
    parser.add_argument("--slow", type=int, default=200, help="slow connections")
    parser.add_argument("--seconds", type=float, default=12.0, help="seconds measured (after 3 s of warm-up)")
    parser.add_argument("--no-write", action="store_true", help="print only; leave bench/RESULTS.md alone")
    args = parser.parse_args(argv)

    port = free_port()
    load_before = os.getloadavg()
    process = subprocess.Popen([sys.executable, "-c", "from kennisgraaf.cli import main; main()", "serve",
                                "--port", str(port), "--timeout", "3", "--workers", "2"],
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        while "SPARQL endpoint at" not in (line := process.stderr.readline().decode()):
            if not line:
                raise RuntimeError("the server stopped before it served")
        out = siege(f"http://127.0.0.1:{port}/sparql", heavy=args.heavy, slow=args.slow, seconds=args.seconds)
    finally:
        process.terminate()
        process.wait(15)
    load_after = os.getloadavg()
    summary = out.summary()
    print(json.dumps(summary))
    share = out.within(2.0)
    if not args.no_write:
        loads = ", ".join(f"{v:.2f}" for v in load_before), ", ".join(f"{v:.2f}" for v in load_after)
        write_section("## SPARQL endpoint under attack", f"""## SPARQL endpoint under attack

`python -m bench.bench_endpoint_dos --heavy {args.heavy} --slow {args.slow} --seconds {args.seconds:g}` — {datetime.date.today().isoformat()}, {describe()}; load average {loads[0]} before, {loads[1]} after.

`kennisgraaf serve --timeout 3 --workers 2` under {args.heavy} clients (each its own loopback address) looping
`{HEAVY_QUERY}` with a new text each time, and {args.slow} connections sending one header line every 3 s and never
finishing their request (reopened when closed); an established light client sends `{LIGHT_QUERY}` every 0.1 s over
a new connection. Same load as tests/test_endpoint_dos.py (kennisgraaf/server/siege.py).

| what | value |
|---|---|
| light client's tries (after 3 s of attack, for {args.seconds:g} s) | {summary["tries"]} |
| **answered 200 within 2 s** | **{100 * share:.1f} %** (goal ≥ {100 * GOAL:.0f} %: {"met" if share >= GOAL else "not met"}) |
| light latency p50 / p95 / max | {summary["p50_ms"]} / {summary["p95_ms"]} / {summary["max_ms"]} ms |
| light client's statuses | {summary["light_statuses"]} |
| heavy clients' statuses (503: stopped at the timeout, or their own share busy) | {summary["heavy_statuses"]} |
| slow connections opened / closed by the head deadline (10 s) | {summary["slow_opened"]} / {summary["slow_closed_by_server"]} |

Before (the standard library's server, issue 12): 260 slow connections made every simple query fail for 45 s, and
20 heavy clients made every simple query get 503.
""")
    return 0 if share >= GOAL else 1


if __name__ == "__main__":
    sys.exit(main())
