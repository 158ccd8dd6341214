"""Hostile import files of issue 12 (tests/data/hostile/import/, listed with their hand-counted problems in
expected.tsv): names written out, several problems in one file, formulas in any cell, long values, personal columns
under other spellings, encodings. Each: exit 3, every problem reported at once (the count by hand), each problem
naming the file and a line, no traceback, bounded time, nothing written."""

from __future__ import annotations

import re
import shutil
import time
from pathlib import Path

import pytest
from folders import tree_hash

HERE = Path(__file__).resolve().parent / "data" / "hostile" / "import"
EXPECTED = [line.split("\t") for line in (HERE / "expected.tsv").read_text(encoding="utf-8").splitlines()
            if line and not line.startswith("#")]


def test_the_corpus_is_listed_whole():
    assert sorted(name for name, _, _ in EXPECTED) == sorted(p.name for p in HERE.iterdir() if p.name != "expected.tsv")
    assert len(EXPECTED) >= 50


@pytest.mark.parametrize("name,problems,needle", EXPECTED, ids=[row[0] for row in EXPECTED])
def test_hostile_import_reports_every_problem(run, tmp_path, name, problems, needle):
    hostile = tmp_path / "in" / name
    hostile.parent.mkdir()
    shutil.copy(HERE / name, hostile)
    out = tmp_path / "out"
    out.mkdir()
    (out / "keep.txt").write_text("previous output")
    before = tree_hash(out), tree_hash(hostile.parent)
    started = time.perf_counter()
    result = run("import", hostile, "-o", out)
    assert time.perf_counter() - started < 30
    assert result.exit_code == 3 and "Traceback" not in result.stderr, result.stderr[-2000:]
    more = re.search(r"\n  and (\d+) more problem\(s\):", result.stderr)
    assert (int(more.group(1)) + 1 if more else 1) == int(problems), result.stderr[-3000:]
    assert needle in result.stderr, result.stderr[-2000:]
    listed = [result.stderr.splitlines()[0]] + [line for line in result.stderr.splitlines() if line.startswith("  - ")
                                                and line != "  - …"]
    assert all(str(hostile) in line for line in listed), listed
    assert len(result.stderr) < 12_000  # long values are quoted short
    assert (tree_hash(out), tree_hash(hostile.parent)) == before
