"""What machine a benchmark ran on, as every section of bench/RESULTS.md states it."""

from __future__ import annotations

import os
import platform
from pathlib import Path


def cpu_model() -> str:
    """The CPU model name from /proc/cpuinfo (or what the platform module knows)."""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine() or "unknown CPU"


def describe() -> str:
    """CPU model, core count, OS and Python version."""
    return (f"{cpu_model()}, {os.cpu_count()} CPUs (nproc), {platform.system()} {platform.release()}, "
            f"Python {platform.python_version()}")
