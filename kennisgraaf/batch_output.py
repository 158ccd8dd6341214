"""All-or-nothing output of a batch run: temporary files, their atomic publication, and signal handling.

Both outputs are written to temporary files in the output folder (``.kennisgraaf-batch-<pid>-…``) and renamed over
``scores.csv`` and ``report.html`` only when both are complete, with SIGINT and SIGTERM blocked during the renames.
After SIGKILL, which no process can catch, the next run into the same folder removes the temporary files whose
process is gone.
"""

from __future__ import annotations

import os
import re
import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from .atomic import process_exists
from .errors import KennisgraafError

SCORES_FILE = "scores.csv"
REPORT_FILE = "report.html"
TEMP_PREFIX = ".kennisgraaf-batch-"
_TEMP_PATTERN = re.compile(re.escape(TEMP_PREFIX) + r"(\d+)-")


class Interrupted(KennisgraafError):
    """The batch was stopped by a signal; nothing was written."""

    def __init__(self, signum: int):
        self.signum = signum
        self.exit_code = 128 + signum
        super().__init__(f"interrupted by {signal.Signals(signum).name}: no output written, temporary files removed")



# -- output files ------------------------------------------------------------------------------------------------

def clean_stale_temp_files(out_dir: Path) -> list[Path]:
    """Remove temporary files left in ``out_dir`` by batch runs whose process no longer exists (after SIGKILL)."""
    removed = []
    for path in out_dir.glob(TEMP_PREFIX + "*"):
        match = _TEMP_PATTERN.match(path.name)
        if not match or not path.is_file() or process_exists(int(match.group(1))):
            continue
        try:
            path.unlink()
            removed.append(path)
        except OSError:
            pass
    return removed


class Outputs:
    """The temporary files of one run and their atomic commit."""

    def __init__(self, out_dir: Path):
        self.out_dir = out_dir
        stem = f"{TEMP_PREFIX}{os.getpid()}-{os.urandom(4).hex()}"
        self.temp_scores = out_dir / f"{stem}-{SCORES_FILE}.tmp"
        self.temp_report = out_dir / f"{stem}-{REPORT_FILE}.tmp"
        self.scores = out_dir / SCORES_FILE
        self.report = out_dir / REPORT_FILE

    def remove_temp(self) -> None:
        for path in (self.temp_scores, self.temp_report):
            try:
                path.unlink()
            except FileNotFoundError:
                pass

    def commit(self) -> None:
        """Rename both temporary files over the final names, with SIGINT and SIGTERM held back meanwhile."""
        blocked = {signal.SIGINT, signal.SIGTERM}
        in_main = threading.current_thread() is threading.main_thread()
        old = signal.pthread_sigmask(signal.SIG_BLOCK, blocked) if in_main and hasattr(signal, "pthread_sigmask") else None
        try:
            os.replace(self.temp_scores, self.scores)
            os.replace(self.temp_report, self.report)
        finally:
            if old is not None:
                signal.pthread_sigmask(signal.SIG_SETMASK, old)


@contextmanager
def signals_raise() -> Iterator[None]:
    """Turn SIGTERM (and SIGHUP) into :class:`Interrupted`, and SIGINT too, while the batch runs (main thread only)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def handler(signum, _frame):
        raise Interrupted(signum)

    wanted = [signal.SIGINT, signal.SIGTERM] + ([signal.SIGHUP] if hasattr(signal, "SIGHUP") else [])
    previous = {s: signal.signal(s, handler) for s in wanted}
    try:
        yield
    finally:
        for s, h in previous.items():
            signal.signal(s, h)


@contextmanager
def signals_held() -> Iterator[None]:
    """Ignore SIGINT and SIGTERM for the duration (main thread only; SIGKILL still works)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = {s: signal.signal(s, signal.SIG_IGN) for s in (signal.SIGINT, signal.SIGTERM)}
    try:
        yield
    finally:
        for s, h in previous.items():
            signal.signal(s, h)
