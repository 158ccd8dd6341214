"""Run every benchmark (``python -m bench``): each ``bench/bench_*.py`` module's ``main([])`` in turn.

Each benchmark writes its own section of bench/RESULTS.md. Exit code: the first non-zero one, else 0.
"""

from __future__ import annotations

import importlib
import pkgutil
import sys
from pathlib import Path


def main() -> int:
    status = 0
    names = sorted(m.name for m in pkgutil.iter_modules([str(Path(__file__).parent)]) if m.name.startswith("bench_"))
    for name in names:
        print(f"== bench.{name}", flush=True)
        code = importlib.import_module(f"bench.{name}").main([]) or 0
        status = status or code
    return status


if __name__ == "__main__":
    sys.exit(main())
