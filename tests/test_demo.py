"""`make demo` (scripts/demo.sh) fails loudly when a step it runs is missing, instead of skipping it."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
HELP = """Usage: kennisgraaf [OPTIONS] COMMAND [ARGS]...

Commands:
  batch     Score every case.
  cases     List the cases.
  compare   Compare.
  count     Count.
  docs      Docs.
  path      Path.
  reforms   Reforms.
  score     Score.
  validate  Validate.
{extra}  whatif    What if.
"""


def fake_cli(tmp_path: Path, extra: str) -> Path:
    """A stand-in for the CLI: prints a --help listing and fails on any other call (so the demo stops there)."""
    script = tmp_path / "kennisgraaf"
    script.write_text("#!/usr/bin/env bash\nif [ \"$1\" = --help ]; then cat <<'HELP'\n"
                      + HELP.format(extra=extra) + "HELP\nexit 0; fi\necho \"fake: $*\" >&2; exit 7\n")
    script.chmod(0o755)
    return script


@pytest.mark.skipif(os.name != "posix", reason="bash script")
def test_demo_fails_loudly_when_view_is_missing_from_help(tmp_path):
    result = subprocess.run(["bash", str(ROOT / "scripts" / "demo.sh")], capture_output=True, text=True,
                            env={**os.environ, "KG": str(fake_cli(tmp_path, ""))}, timeout=60)
    assert result.returncode == 1
    assert "'kennisgraaf view' is missing from 'kennisgraaf --help'" in result.stderr


@pytest.mark.skipif(os.name != "posix", reason="bash script")
def test_demo_runs_its_steps_when_every_command_is_listed(tmp_path):
    # With every command listed the check passes and the demo goes on to its first step (the fake exits 7 there).
    result = subprocess.run(["bash", str(ROOT / "scripts" / "demo.sh")], capture_output=True, text=True,
                            env={**os.environ, "KG": str(fake_cli(tmp_path, "  view      View.\n"))}, timeout=60)
    assert result.returncode == 7
    assert "fake: validate" in result.stderr
    assert "is missing" not in result.stderr


def _fit_module():
    import importlib.util
    spec = importlib.util.spec_from_file_location("fit_columns", ROOT / "scripts" / "fit_columns.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


WIDE = ("case                      household fragmented  household wijkteam-mandate  professional fragmented  "
        "professional wijkteam-mandate  household Δ  professional Δ  deadlocks\n"
        "------------------------  --------------------  --------------------------  -----------------------  "
        "-----------------------------  -----------  --------------  ---------\n"
        "huurachterstand-overlast  45.34                 19.56                       55.9                     "
        "49.39                          -25.78       -6.51           1 → 0\n"
        "deadlock #1: municipal debt assistance (Wgs) needs social rental dwelling (pc:schuldhulp-vereist-woonlasten) "
        "needs housing urgency declaration\n")


def test_fit_keeps_table_columns_and_wraps_prose_within_100_columns():
    lines = _fit_module().fit(WIDE, 100).splitlines()
    assert max(len(line) for line in lines) <= 100
    # the table: 8 columns, every number whole; the one long id cut to 20 characters with …
    row = next(line for line in lines if line.startswith("huurachterstand"))
    assert row.split() == ["huurachterstand-ove…", "45.34", "19.56", "55.9", "49.39", "-25.78", "-6.51", "1", "→", "0"]
    # the prose line wrapped at a space, its continuation indented by two
    start = lines.index(next(line for line in lines if line.startswith("deadlock #1:")))
    assert lines[start + 1].startswith("  ") and "needs housing urgency declaration" in " ".join(lines[start:])


@pytest.mark.skipif(os.name != "posix", reason="bash script")
def test_demo_output_fits_100_columns(tmp_path):
    # A CLI whose `validate` prints a 190-column table (then `count` fails, so the demo stops there).
    script = tmp_path / "kennisgraaf"
    script.write_text("#!/usr/bin/env bash\nif [ \"$1\" = --help ]; then cat <<'HELP'\n"
                      + HELP.format(extra="  view      View.\n") + "HELP\nexit 0; fi\n"
                      "if [ \"$1\" = validate ]; then cat <<'WIDE'\n" + WIDE + "WIDE\nexit 0; fi\nexit 7\n")
    script.chmod(0o755)
    result = subprocess.run(["bash", str(ROOT / "scripts" / "demo.sh")], capture_output=True, text=True,
                            env={**os.environ, "KG": str(script)}, timeout=60)
    assert result.returncode == 7
    assert result.stdout.strip() and max(len(line) for line in result.stdout.splitlines()) <= 100
    assert "huurachterstand-ove…" in result.stdout


@pytest.mark.skipif(os.name != "posix", reason="bash script")
def test_demo_reads_every_line_a_command_writes(tmp_path):
    # Every command of this CLI writes 10 lines, pauses, writes 10 more, and, as click does, exits 1 when its reader
    # has gone (a broken pipe); `view` ends the demo with 7. A step that cuts a command's output short
    # (`kennisgraaf whatif | head -4`) fails the demo with 1 under pipefail before it gets to `view`.
    script = tmp_path / "kennisgraaf"
    script.write_text("#!/usr/bin/env bash\nif [ \"$1\" = --help ]; then cat <<'HELP'\n"
                      + HELP.format(extra="  view      View.\n") + "HELP\nexit 0; fi\n"
                      "if [ \"$1\" = view ]; then echo 'fake: view' >&2; exit 7; fi\n"
                      "if [ \"$1\" = cases ]; then echo id,label; echo c1,one; exit 0; fi\n"
                      "exec python3 -c 'import sys, time\ntry:\n    for i in range(20):\n"
                      "        print(\"line\", flush=True)\n        time.sleep(0.1 if i == 9 else 0)\n"
                      "except BrokenPipeError:\n    sys.exit(1)'\n")
    script.chmod(0o755)
    result = subprocess.run(["bash", str(ROOT / "scripts" / "demo.sh")], capture_output=True, text=True,
                            env={**os.environ, "KG": str(script), "OUT": str(tmp_path / "out")}, timeout=120)
    assert result.returncode == 7, result.stderr[-2000:]
    assert "fake: view" in result.stderr
    assert (tmp_path / "out" / "whatif-gescheiden-vrouw.txt").read_text().count("line") == 20
