"""Shared fixtures: the bundled graph (loaded once, read-only), a CLI runner, and copies of the data folder."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from kennisgraaf.cli import main
from kennisgraaf.model import load_domain
from kennisgraaf.store import KnowledgeGraph, default_data_dir

DATA = default_data_dir()


@pytest.fixture(scope="session")
def kg() -> KnowledgeGraph:
    return KnowledgeGraph.load()


@pytest.fixture(scope="session")
def domain(kg):
    return load_domain(kg)


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
