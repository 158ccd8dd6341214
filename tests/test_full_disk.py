"""Issue 12 item 4: a full disk (ENOSPC) in view, batch, docs, new --force, export and import gives one message and
exit 3, leaves the previous output intact and no temporary file behind; temporary files of a run killed with
SIGKILL are removed by the next write into the same folder."""

from __future__ import annotations

import errno
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from kennisgraaf import atomic

OLD = "previous output\n"
#: command -> (arguments with {out} for the output folder, the files it writes there)
COMMANDS = {
    "view": (["view", "case", "gescheiden-vrouw", "-o", "{out}/view.html"], ["view.html"]),
    "batch": (["batch", "-o", "{out}", "--workers", "1"], ["scores.csv", "report.html"]),
    "docs": (["docs", "-o", "{out}"], ["index.html", "classes.html"]),
    "new case": (["new", "case", "-o", "{out}/casus.yaml", "--force"], ["casus.yaml"]),
    "new municipality": (["new", "municipality", "-o", "{out}/gemeente.yaml", "--force"], ["gemeente.yaml"]),
    "export": (["export", "--format", "ttl", "-o", "{out}/all.ttl"], ["all.ttl"]),
}


def _no_space(*_args):
    raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))


def _half_then_no_space(real_write):
    """os.write that writes part of the first buffer, then finds the disk full (what a real full disk does)."""
    state = {"calls": 0}

    def write(fd, data):
        state["calls"] += 1
        if state["calls"] == 1 and len(data) > 1:
            return real_write(fd, bytes(data[: len(data) // 2]))
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
    return write


def _previous_outputs(out: Path, names: list[str]) -> None:
    out.mkdir(parents=True, exist_ok=True)
    for name in names:
        (out / name).write_text(OLD, encoding="utf-8")


def _assert_intact(result, out: Path, names: list[str]) -> None:
    assert result.exit_code == 3, result.stdout + result.stderr
    assert result.stderr.count("error:") == 1 and "No space left on device" in result.stderr, result.stderr
    assert "Traceback" not in result.stderr
    for name in names:
        assert (out / name).read_text(encoding="utf-8") == OLD, name
    assert sorted(p.name for p in out.iterdir()) == sorted(names)  # no .NAME.*.tmp, nothing half-written


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_fsync_failing_keeps_the_previous_output(run, tmp_path, monkeypatch, command):
    args, names = COMMANDS[command]
    out = tmp_path / "out"
    _previous_outputs(out, names)
    monkeypatch.setattr(os, "fsync", _no_space)
    result = run(*[a.replace("{out}", str(out)) for a in args])
    _assert_intact(result, out, names)


@pytest.mark.parametrize("command", sorted(set(COMMANDS) - {"batch"}))  # batch streams through its own file
def test_a_write_cut_short_keeps_the_previous_output(run, tmp_path, monkeypatch, command):
    args, names = COMMANDS[command]
    out = tmp_path / "out"
    _previous_outputs(out, names)
    monkeypatch.setattr(atomic.os, "write", _half_then_no_space(os.write))
    result = run(*[a.replace("{out}", str(out)) for a in args])
    _assert_intact(result, out, names)


def test_import_on_a_full_disk_writes_nothing(run, tmp_path, monkeypatch):
    out = tmp_path / "out"
    monkeypatch.setattr(os, "fsync", _no_space)
    result = run("import", "examples/voorbeeldstad.yaml", "examples/voorbeeldstad-case.yaml", "-o", out)
    assert result.exit_code == 3 and "No space left on device" in result.stderr
    assert not [p for p in out.rglob("*") if p.is_file()]


KILLED_WRITER = """
import os, sys, time
from pathlib import Path
from kennisgraaf import atomic
target = Path(sys.argv[1])
real_fsync = os.fsync
def hang(fd):
    print("temp written", flush=True)
    time.sleep(60)
os.fsync = hang
atomic.write_text(target, "never finished")
"""


def test_temp_file_of_a_killed_run_is_removed_by_the_next_run(run, tmp_path):
    target = tmp_path / "casus.yaml"
    target.write_text(OLD, encoding="utf-8")
    writer = subprocess.Popen([sys.executable, "-c", KILLED_WRITER, str(target)], stdout=subprocess.PIPE, text=True)
    try:
        assert writer.stdout.readline().strip() == "temp written"
        leftovers = [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")]
        assert len(leftovers) == 1 and leftovers[0].startswith(f".casus.yaml.{writer.pid}.")
    finally:
        writer.send_signal(signal.SIGKILL)
        writer.wait(timeout=10)
    assert target.read_text(encoding="utf-8") == OLD  # the killed run changed nothing
    for _ in range(50):  # the pid is gone once the process is reaped
        try:
            os.kill(writer.pid, 0)
        except ProcessLookupError:
            break
        time.sleep(0.05)
    result = run("new", "case", "-o", target, "--force")
    assert result.exit_code == 0, result.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["casus.yaml"]
    assert target.read_text(encoding="utf-8").startswith("#")
