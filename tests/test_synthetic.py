"""The synthetic national data set: deterministic, laid out like data/, and valid (SHACL, checks, privacy)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from kennisgraaf.errors import DataError
from kennisgraaf.model import load_domain
from kennisgraaf.store import KnowledgeGraph
from kennisgraaf.synthetic import SyntheticSpec, generate
from kennisgraaf.validate import validate_graph

ROOT = Path(__file__).resolve().parent.parent
SPEC = SyntheticSpec(municipalities=4, cases_per_municipality=3, seed=7, share_with_cycle=1.0)


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("synthetic") / "data"
    generate(out, SPEC)
    return out


def _files(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*.ttl"))}


def test_laid_out_like_data_and_deterministic(synthetic, tmp_path):
    assert {p.name for p in synthetic.iterdir()} == {"national", "scenarios", "reforms", "municipalities", "cases"}
    again = tmp_path / "again"
    generate(again, SPEC)
    assert _files(again) == _files(synthetic)
    other = tmp_path / "other"
    generate(other, SyntheticSpec(municipalities=4, cases_per_municipality=3, seed=8))
    assert _files(other) != _files(synthetic)


def test_follows_the_model(synthetic):
    bundled = load_domain(KnowledgeGraph.load(include_cases=False))
    domain = load_domain(KnowledgeGraph.load(synthetic))
    assert len(domain.models) == len(bundled.models) + SPEC.municipalities
    assert len(domain.cases) == len(domain.models) * SPEC.cases_per_municipality
    assert all(c.default_model in domain.models and c.needs for c in domain.cases.values())
    synthetic_models = set(domain.models) - set(bundled.models)
    municipalities = {domain.models[m].municipality for m in synthetic_models}
    rules = [pc for pc in domain.preconditions.values() if pc.scope == "MunicipalRule"
             and pc.municipality in municipalities]
    assert {pc.municipality for pc in rules} == municipalities  # every synthetic municipality has its own rules
    national = {(pc.dependent, pc.prerequisite) for pc in domain.preconditions.values() if pc.scope != "MunicipalRule"}
    assert any((pc.prerequisite, pc.dependent) in national for pc in rules)  # some rules close a cycle
    assert all(domain.arrangements.get(m) for m in synthetic_models)


def test_passes_validation(synthetic):
    report = validate_graph(KnowledgeGraph.load(synthetic))
    errors = [v for v in report.violations if v.severity == "error"]
    assert report.conforms, errors[:10]


def test_refuses_a_non_empty_folder(synthetic, tmp_path):
    with pytest.raises(DataError, match="not empty"):
        generate(synthetic, SPEC)


def test_generate_cli(tmp_path):
    out = tmp_path / "set"
    result = subprocess.run([sys.executable, "-m", "bench.generate", str(out), "--municipalities", "2", "--cases", "2"],
                            cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    summary = json.loads(result.stdout)
    assert summary["cases"] == summary["models"] * 2
    assert (out / "cases").is_dir() and any((out / "municipalities").glob("*.ttl"))


def test_synthetic_set_carries_the_reforms(tmp_path, run):
    from kennisgraaf.synthetic import SyntheticSpec, generate
    generate(tmp_path / "syn", SyntheticSpec(municipalities=3, cases_per_municipality=2, seed=1))
    assert sorted(p.name for p in (tmp_path / "syn" / "reforms").glob("*.ttl"))
    ranked = run("reforms", "rank", "--municipality", "enschede-2008", "--data", tmp_path / "syn", "--format", "csv")
    assert ranked.exit_code == 0 and ranked.stdout.splitlines()[1].startswith("reform,1,")
