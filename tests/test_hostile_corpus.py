"""The hostile corpus of issue 12 (tests/data/hostile/files/): every file through validate, score/cases --with and
import: no traceback, exit 0/1/3 only, a refusal names the file, and nothing in the data or output folders changes."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from folders import tree_hash

HERE = Path(__file__).resolve().parent / "data" / "hostile" / "files"
FILES = sorted(p.name for p in HERE.iterdir())


@pytest.mark.parametrize("name", FILES)
def test_hostile_file_gives_a_message_not_a_traceback(runner, name, tmp_path, data_copy):
    from kennisgraaf.cli import main

    hostile = tmp_path / "in" / name
    hostile.parent.mkdir()
    shutil.copy(HERE / name, hostile)
    out = tmp_path / "out"
    out.mkdir()
    (out / "keep.txt").write_text("previous output")
    before = (tree_hash(data_copy), tree_hash(out), tree_hash(hostile.parent))
    invocations = [["import", str(hostile), "-o", str(out), "--data", str(data_copy)]]
    if name.endswith(".ttl"):
        invocations += [["validate", str(hostile), "--data", str(data_copy)],
                        ["cases", "--format", "csv", "--data", str(data_copy), "--with", str(hostile)],
                        ["score", "gescheiden-vrouw", "--data", str(data_copy), "--with", str(hostile)]]
    for args in invocations:
        result = runner.invoke(main, args)
        text = result.stdout + result.stderr
        assert result.exception is None or isinstance(result.exception, SystemExit), (args, repr(result.exception))
        assert "Traceback" not in text, (args, text[-2000:])
        assert result.exit_code in (0, 1, 3), (args, result.exit_code, text[-2000:])
        if result.exit_code == 3:
            assert name in result.stderr, (args, result.stderr[-2000:])
        if args[0] == "cases" and result.exit_code == 0:
            assert not any(line.startswith(("=", "+", "@")) for line in result.stdout.splitlines())
    after_out = tree_hash(out)
    assert tree_hash(data_copy) == before[0] and tree_hash(hostile.parent) == before[2]
    if after_out != before[1]:  # only a successful import may add files; the previous one stays
        assert (out / "keep.txt").read_text() == "previous output"
