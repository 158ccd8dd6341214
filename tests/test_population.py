"""The synthetic household population: deterministic by seed, streamed in independent parts, with the published
shares it is drawn from (expected values computed here from the CBS figures, not by the generator)."""

from __future__ import annotations

import random
import tracemalloc

import pytest

from kennisgraaf.errors import DataError
from kennisgraaf.population import draw_household, generate_population

MODELS = ["model:enschede-2008", "model:eindhoven-2016", "model:amsterdam-2020"]


def test_same_seed_same_bytes_and_parts_are_independent(tmp_path):
    a = generate_population(tmp_path / "a", 2_500, models=MODELS, seed=7, part_size=1_000)
    b = generate_population(tmp_path / "b", 2_500, models=MODELS, seed=7, part_size=1_000)
    assert (a.cases, a.parts) == (2_500, 3)
    files = sorted(p.name for p in (tmp_path / "a" / "cases").iterdir())
    assert files == ["population-00001.ttl", "population-00002.ttl", "population-00003.ttl"]
    for name in files:
        assert (tmp_path / "a" / "cases" / name).read_bytes() == (tmp_path / "b" / "cases" / name).read_bytes()
    # A longer run has the same first parts: each part is drawn from its own stream.
    c = generate_population(tmp_path / "c", 3_000, models=MODELS, seed=7, part_size=1_000)
    assert c.parts == 3
    assert (tmp_path / "a" / "cases" / files[0]).read_bytes() == (tmp_path / "c" / "cases" / files[0]).read_bytes()
    other = generate_population(tmp_path / "d", 1_000, models=MODELS, seed=8, part_size=1_000)
    assert other.cases == 1_000
    assert (tmp_path / "d" / "cases" / files[0]).read_bytes() != (tmp_path / "a" / "cases" / files[0]).read_bytes()


def test_shares_follow_the_published_statistics():
    rng = random.Random(12)
    households = [draw_household(rng) for _ in range(40_000)]
    one_person = sum(len(h["members"]) == 1 for h in households) / len(households)
    # CBS 37975, 1 January 2024: 3,340,560 of 8,374,404 private households = 39.89 %.
    assert one_person == pytest.approx(3_340_560 / 8_374_404, abs=0.01)
    one_parent = sum(h["members"][0][0] == "role:ouder" and not any(r == "role:partner" for r, _ in h["members"])
                     for h in households) / len(households)
    # One-parent share of households with children (610,633 / 2,645,269) × with-children share (2,647,934 / 8,374,404).
    assert one_parent == pytest.approx(610_633 / 2_645_269 * 2_647_934 / 8_374_404, abs=0.006)
    debts = sum("need:schulden" in h["needs"] for h in households) / len(households)
    assert debts == pytest.approx(0.076, abs=0.006)  # CBS: 7.6 % of households on 1 October 2020
    with_children = [h for h in households if any(r == "role:kind" for r, _ in h["members"])]
    youth = sum("need:jeugdhulp" in h["needs"] for h in with_children) / len(with_children)
    assert youth == pytest.approx(0.10, abs=0.012)
    assert not any("need:jeugdhulp" in h["needs"] for h in households
                   if not any(r == "role:kind" for r, _ in h["members"]))


def test_memory_stays_flat_with_more_parts(tmp_path):
    def peak(n: int) -> int:
        tracemalloc.start()
        generate_population(tmp_path / f"m{n}", n, models=MODELS, part_size=2_000)
        top = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        return top

    small, large = peak(2_000), peak(10_000)
    assert large < small * 1.5  # five parts cost about what one part costs: nothing is kept between parts


def test_population_loads_and_scores(tmp_path, run):
    generate_population(tmp_path / "pop", 300, models=MODELS, part_size=100)
    listed = run("cases", "--with", tmp_path / "pop" / "cases", "--format", "csv")
    assert listed.exit_code == 0, listed.stderr
    assert sum(line.startswith("pop-") for line in listed.stdout.splitlines()) == 300
    scored = run("batch", "--all", "--with", tmp_path / "pop" / "cases", "-o", tmp_path / "out")
    assert scored.exit_code == 0, scored.stderr
    rows = (tmp_path / "out" / "scores.csv").read_text(encoding="utf-8").splitlines()
    assert sum(r.startswith("pop-") for r in rows) == 300 * 2 * 2


def test_bad_parameters():
    with pytest.raises(DataError):
        generate_population("/nonexistent-never-written", -1, models=MODELS)
    with pytest.raises(DataError):
        generate_population("/nonexistent-never-written", 10, models=[])
