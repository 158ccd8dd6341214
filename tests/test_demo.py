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
