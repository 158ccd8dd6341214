"""Shared fixtures: the bundled graph (loaded once, read-only), a CLI runner, and copies of the data folder."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import settings

import bundled
from kennisgraaf.cli import main
from kennisgraaf.store import KnowledgeGraph, default_data_dir

DATA = default_data_dir()

# Property tests: the same examples on every run in CI and `make test` (derandomize: the seed follows the test),
# many more random ones with `make test-deep` (HYPOTHESIS_PROFILE=deep).
settings.register_profile("ci", derandomize=True, max_examples=60, deadline=None, print_blob=True)
settings.register_profile("deep", max_examples=2000, deadline=None, print_blob=True)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))


@pytest.fixture(scope="session")
def kg() -> KnowledgeGraph:
    return bundled.KG


@pytest.fixture(scope="session")
def domain(kg):
    return bundled.DOMAIN


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture
def run(runner):
    """Invoke the CLI in-process; returns the click Result (stdout and stderr kept apart)."""
    def invoke(*args: str):
        return runner.invoke(main, [str(a) for a in args], catch_exceptions=False)
    return invoke


@pytest.fixture
def run_json(run):
    def invoke(*args: str):
        result = run(*args, "--format", "json")
        assert result.exit_code == 0, result.stderr
        return json.loads(result.stdout)
    return invoke


@pytest.fixture
def data_copy(tmp_path) -> Path:
    """A writable copy of the bundled data folder."""
    target = tmp_path / "data"
    shutil.copytree(DATA, target)
    return target
