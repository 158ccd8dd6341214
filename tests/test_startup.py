"""Start-up (issue 17): a command imports only what it uses, and the parsed data is cached by content, never stale."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from kennisgraaf import cli
from kennisgraaf.store import KnowledgeGraph, load_inputs

ROOT = Path(__file__).resolve().parent.parent
HEAVY = ("pyvis", "IPython", "jinja2", "rdflib", "pyshacl", "oxrdflib", "pyparsing")


def test_the_command_table_is_the_registered_commands():
    """--help lists commands from cli.COMMANDS without importing them: the table must match what the modules
    register (name, module and short help), or a new command would be missing from --help."""
    cli._register()
    assert sorted(cli.main.commands) == sorted(cli.COMMANDS)
    for name, command in cli.main.commands.items():
        module, short_help = cli.COMMANDS[name]
        assert command.callback.__module__ == f"kennisgraaf.cli.{module}", name
        assert command.get_short_help_str(limit=10_000) == short_help, name


def test_help_lists_every_command_with_its_short_help():
    result = subprocess.run([sys.executable, "-c", "from kennisgraaf.cli import main; main(['--help'])"],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0
    listed = result.stdout.split("Commands:\n", 1)[1]
    assert [line.split()[0] for line in listed.splitlines() if line.startswith("  ") and not line.startswith("   ")] \
        == sorted(cli.COMMANDS)
    assert "  score " in listed and "Score how fragmented a case's path is" in listed


def _imported(args: list[str], env: dict[str, str]) -> tuple[int, set[str]]:
    code = ("import sys\nfrom kennisgraaf.cli import main\n"
            "try:\n    main(sys.argv[1:])\nexcept SystemExit as exc:\n    code = exc.code\n"
            "print('\\n'.join(sorted(sys.modules)), file=sys.stderr)\nsys.exit(code)")
    result = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, timeout=120,
                            env={**os.environ, **env})
    return result.returncode, {line.split(".")[0] for line in result.stderr.splitlines()}


@pytest.mark.parametrize("args", [["--help"], ["score", "gescheiden-vrouw"], ["path", "gescheiden-vrouw"],
                                  ["count", "--municipality", "enschede-2008"]], ids=" ".join)
def test_commands_import_no_views_shapes_or_rdflib(args, tmp_path):
    code, modules = _imported(args, {"KENNISGRAAF_CACHE": str(tmp_path / "cache")})
    assert code == 0
    assert modules.isdisjoint(HEAVY), sorted(modules & set(HEAVY))
    if args == ["--help"]:
        assert "networkx" not in modules and "pyoxigraph" not in modules


def test_load_inputs_are_the_files_load_reads(tmp_path):
    extra = tmp_path / "extra.ttl"
    extra.write_text("@prefix kg: <https://w3id.org/kennisgraaf/def#> .\nkg:x kg:y kg:z .\n", encoding="utf-8")
    kg = KnowledgeGraph.load(extra_paths=[extra])
    assert [path.resolve() for _, _, path in load_inputs(extra_paths=[extra])] == \
        [path.resolve() for path in kg.files.values()]


# -- the cache -----------------------------------------------------------------------------------------------

@pytest.fixture()
def data(tmp_path):
    copy = tmp_path / "data"
    shutil.copytree(ROOT / "data", copy)
    return copy


def _path(data: Path, cache: Path | str) -> dict:
    result = subprocess.run([sys.executable, "-c", "from kennisgraaf.cli import main; main()", "path",
                             "gescheiden-vrouw", "--format", "json", "--data", str(data)],
                            capture_output=True, text=True, timeout=120,
                            env={**os.environ, "KENNISGRAAF_CACHE": str(cache)})
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def _steps(out: dict) -> list[str]:
    return [step["provision"] for step in out["steps"]]


FOUR = ["svc:brp-inschrijving", "svc:urgentieverklaring", "svc:schuldhulpverlening", "svc:sociale-huurwoning"]


def test_a_changed_data_file_is_seen_by_the_next_run(data, tmp_path):
    cache = tmp_path / "cache"
    case = data / "cases" / "gescheiden-vrouw.ttl"
    original = case.read_text(encoding="utf-8")
    first = _path(data, cache)
    # Both needs: urgency needs debt help, which (for a household that needs a home) needs a home: one deadlock.
    assert _steps(first) == FOUR and len(first["deadlocks"]) == 1
    assert len(list(cache.glob("domain-*.pickle"))) == 1
    assert _path(data, cache) == first  # served from the cache
    # Without the housing need, pc:schuldhulp-vereist-woonlasten (kg:appliesIfNeed need:woonruimte) does not
    # apply: debt help needs only the BRP registration, and there is no deadlock.
    case.write_text(original.replace("kg:hasNeed need:woonruimte , need:schulden ;", "kg:hasNeed need:schulden ;"),
                    encoding="utf-8")
    changed = _path(data, cache)
    assert _steps(changed) == ["svc:brp-inschrijving", "svc:schuldhulpverlening"] and changed["deadlocks"] == []
    assert len(list(cache.glob("domain-*.pickle"))) == 2
    case.write_text(original, encoding="utf-8")
    assert _path(data, cache) == first
    assert len(list(cache.glob("domain-*.pickle"))) == 2  # the first entry again


def test_an_added_file_is_seen_by_the_next_run(data, tmp_path):
    cache = tmp_path / "cache"
    _path(data, cache)
    (data / "cases" / "kopie.ttl").write_text(
        (data / "cases" / "gescheiden-vrouw.ttl").read_text(encoding="utf-8")
        .replace("case:gescheiden-vrouw a", "case:kopie a"), encoding="utf-8")
    result = subprocess.run([sys.executable, "-c", "from kennisgraaf.cli import main; main()", "path", "kopie",
                             "--data", str(data)], capture_output=True, text=True, timeout=120,
                            env={**os.environ, "KENNISGRAAF_CACHE": str(cache)})
    assert result.returncode == 0, result.stderr
    assert "svc:urgentieverklaring" in result.stdout


def test_a_damaged_entry_is_rebuilt_and_a_bad_file_never_cached(data, tmp_path):
    cache = tmp_path / "cache"
    first = _path(data, cache)
    [entry] = cache.glob("domain-*.pickle")
    entry.write_bytes(entry.read_bytes()[:100])  # truncated, as by a full disk
    assert _path(data, cache) == first
    (data / "cases" / "broken.ttl").write_text("case:x a .\n", encoding="utf-8")
    for _ in range(2):
        result = subprocess.run([sys.executable, "-c", "from kennisgraaf.cli import main; main()", "score",
                                 "gescheiden-vrouw", "--data", str(data)], capture_output=True, text=True,
                                timeout=120, env={**os.environ, "KENNISGRAAF_CACHE": str(cache)})
        assert result.returncode == 3 and "broken.ttl" in result.stderr and "Traceback" not in result.stderr
    assert len(list(cache.glob("domain-*.pickle"))) == 1


def test_the_cache_can_be_switched_off(data, tmp_path):
    assert _steps(_path(data, "off")) == FOUR
    assert not (tmp_path / "off").exists() and not Path("off").exists()
