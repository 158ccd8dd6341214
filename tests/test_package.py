"""The package as a user installs it: a wheel and an sdist, installed into a fresh virtual environment, run with no
source tree present (the ontology and data must come from inside the installed package)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def dist(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("dist")
    subprocess.run([sys.executable, "-m", "build", "--outdir", str(out), str(ROOT)], check=True,
                   capture_output=True, text=True, timeout=600)
    return out


def test_wheel_and_sdist_carry_licence_ontology_and_data(dist):
    wheel = next(dist.glob("kennisgraaf-*.whl"))
    names = set(zipfile.ZipFile(wheel).namelist())
    assert "kennisgraaf/bundled/ontology/kennisgraaf.ttl" in names
    assert "kennisgraaf/bundled/data/national/laws.ttl" in names
    assert "kennisgraaf/bundled/data/cases/gescheiden-vrouw.ttl" in names
    assert "kennisgraaf/views/static/vis-network.min.js" in names
    assert any(n.endswith(".dist-info/licenses/LICENSE") for n in names)
    metadata = next(n for n in names if n.endswith(".dist-info/METADATA"))
    assert "License-Expression: EUPL-1.2" in zipfile.ZipFile(wheel).read(metadata).decode()
    import tarfile
    sdist = next(dist.glob("kennisgraaf-*.tar.gz"))
    members = {m.split("/", 1)[1] for m in tarfile.open(sdist).getnames() if "/" in m}
    assert {"LICENSE", "ontology/kennisgraaf.ttl", "data/national/laws.ttl", "setup.py"} <= members


def test_installed_wheel_runs_without_the_source_tree(dist, tmp_path):
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, timeout=120)
    pip = venv / "bin" / "pip"
    wheel = next(dist.glob("kennisgraaf-*.whl"))
    subprocess.run([str(pip), "install", "--quiet", str(wheel)], check=True, timeout=600,
                   capture_output=True, text=True)
    exe = venv / "bin" / "kennisgraaf"
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("KENNISGRAAF_", "PYTHONPATH"))}

    def run(*args: str) -> dict:
        done = subprocess.run([str(exe), *args, "--format", "json"], cwd=elsewhere, env=env, capture_output=True,
                              text=True, timeout=300)
        assert done.returncode == 0, done.stderr
        return json.loads(done.stdout)

    located = subprocess.run([str(venv / "bin" / "python"), "-c",
                              "from kennisgraaf.store import default_data_dir as d; print(d())"],
                             cwd=elsewhere, env=env, capture_output=True, text=True, check=True).stdout.strip()
    assert located.startswith(str(venv)) and located.endswith("bundled/data")
    counts = run("count", "--municipality", "enschede-2008")
    assert counts["municipality"] == "enschede-2008" and counts["frameworks"] > 0
    score = run("score", "gescheiden-vrouw")
    assert score["case"] == "gescheiden-vrouw" and len(score["measures"]["deadlocks"]) == 1
