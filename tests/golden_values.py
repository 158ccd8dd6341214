"""Golden values: the full score JSON of every bundled case × model × scenario × perspective, and the dated
comparisons, pinned in ``tests/golden/`` (one sorted-key JSON file per combination).

``make golden`` (``python tests/golden_values.py``) writes them; ``tests/test_golden.py`` recomputes each one and
fails with the key path, the pinned value and the new value of every number that changed. The combinations are
derived from the bundled data, so a new case, model or scenario shows up as a missing golden file (run
``make golden``, review the new files by hand, commit them), and a golden file whose combination is gone fails too.

Both are what the CLI prints (``kennisgraaf score … --explain --format json`` and ``kennisgraaf compare …
--on D1 --on D2 --format json``), computed in-process on one loaded graph with the functions the commands call;
``test_golden.py`` checks on two scores and two dated comparisons that this is the JSON the CLI prints.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path
from typing import Any, Iterator

GOLDEN = Path(__file__).resolve().parent / "golden"
PERSPECTIVES = ("household", "professional")
#: Scenario transformations are blank nodes, whose ids change on every load: pinned as "_:blank".
_BLANK = re.compile(r"_:[0-9A-Za-z]+")


def _slug(compact_id: str) -> str:
    return compact_id.split(":", 1)[-1]


def combinations(domain) -> dict[str, list[str]]:
    """Golden file name (relative to ``tests/golden``) -> the CLI arguments that produce it.

    Scores: every case under every municipality model, in every scenario and perspective. Dated comparisons: every
    case under its own model in the fragmented scenario, between each two consecutive reference dates of the bundled
    models (2008-06-01 → 2016-01-01 → 2020-06-01 today), the rules in force on each date.
    """
    out: dict[str, list[str]] = {}
    cases = sorted(_slug(c) for c in domain.cases)
    models = sorted(_slug(m) for m in domain.models)
    scenarios = sorted(_slug(s) for s in domain.scenarios)
    for case in cases:
        for model in models:
            for scenario in scenarios:
                for perspective in PERSPECTIVES:
                    out[f"scores/{case}.{model}.{scenario}.{perspective}.json"] = [
                        "score", case, "--municipality", model, "--scenario", scenario,
                        "--perspective", perspective, "--explain", "--format", "json"]
    dates = sorted({m.reference_date.isoformat() for m in domain.models.values()})
    for case in cases:
        for before, after in zip(dates, dates[1:]):
            out[f"dated/{case}.{before}.{after}.json"] = [
                "compare", case, "--on", before, "--on", after, "--format", "json"]
    return out


def compute(args: list[str], domain=None, kg=None) -> Any:
    """The JSON the CLI prints for ``args`` (a failing command is pinned as its exit code and message, so that a
    combination which stops resolving, or starts to, is noticed too).

    ``score``, and ``compare`` given the graph ``kg`` too, are computed with the functions the command calls and
    serialised with the command's ``to_json``, on a ``domain`` loaded once (each CLI run loads the graph again:
    0.3 s, which made each mutant's run of the 32 dated comparisons 10 s); ``test_golden_equals_the_cli`` checks
    that this is the JSON the command prints. A refused combination is run through the CLI, for its
    message exactly as printed.
    """
    if args[0] == "score" and domain is not None:
        return _stable(json.loads(_score_json(domain, args)))
    if args[0] == "compare" and domain is not None and kg is not None:
        dated = _dated_json(kg, domain, args)
        if dated is not None:
            return _stable(json.loads(dated))
    from click.testing import CliRunner

    from kennisgraaf.cli import main
    result = CliRunner().invoke(main, args, catch_exceptions=False)
    if result.exit_code != 0:
        return {"exit_code": result.exit_code, "stderr": result.stderr.strip()}
    return _stable(json.loads(result.stdout))


def _score_json(domain, args: list[str]) -> str:
    from kennisgraaf.errors import KennisgraafError
    from kennisgraaf.output import to_json
    from kennisgraaf.path import resolve
    from kennisgraaf.report import load_weights, score_path
    option = dict(zip(args[2::2], args[3::2]))
    try:
        G = resolve(domain, args[1], model_id=option["--municipality"], scenario_id=option["--scenario"])
        return to_json(score_path(G, option["--perspective"], load_weights(), explain=True).as_dict(explain=True))
    except KennisgraafError as exc:  # pinned like the CLI's refusal, which the test then compares with the CLI
        return json.dumps({"exit_code": 3, "error": str(exc)})


def _dated_json(kg, domain, args: list[str]) -> str | None:
    """``compare CASE --on D1 --on D2 --format json`` in-process, or None when the comparison is refused."""
    from datetime import date

    from kennisgraaf.comparison import compare_on_dates
    from kennisgraaf.errors import KennisgraafError
    from kennisgraaf.output import to_json
    from kennisgraaf.report import load_weights
    days = tuple(date.fromisoformat(value) for option, value in zip(args[2::2], args[3::2]) if option == "--on")
    try:
        return to_json(compare_on_dates(kg, domain, args[1], days, load_weights()))
    except KennisgraafError:
        return None


def _stable(value: Any) -> Any:
    """``value`` with blank-node ids replaced by ``_:blank`` (in keys and strings).

    >>> _stable({"_:ab12": ["_:ff kg:target inst:x", 1]})
    {'_:blank': ['_:blank kg:target inst:x', 1]}
    """
    if isinstance(value, dict):
        return {_stable(k): _stable(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_stable(v) for v in value]
    return _BLANK.sub("_:blank", value) if isinstance(value, str) else value


def dumps(value: Any) -> str:
    return json.dumps(value, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def differences(expected: Any, got: Any, path: str = "") -> Iterator[tuple[str, Any, Any]]:
    """Every (key path, expected, got) where two JSON values differ, depth first in key order.

    >>> list(differences({"a": {"b": 1, "c": [1, 2]}}, {"a": {"b": 2, "c": [1]}}))
    [('a.b', 1, 2), ('a.c[1]', 2, '<missing>')]
    """
    if isinstance(expected, dict) and isinstance(got, dict):
        for key in sorted(set(expected) | set(got), key=str):
            sub = f"{path}.{key}" if path else str(key)
            if key not in got:
                yield sub, expected[key], "<missing>"
            elif key not in expected:
                yield sub, "<missing>", got[key]
            else:
                yield from differences(expected[key], got[key], sub)
    elif isinstance(expected, list) and isinstance(got, list):
        for i in range(max(len(expected), len(got))):
            sub = f"{path}[{i}]"
            if i >= len(got):
                yield sub, expected[i], "<missing>"
            elif i >= len(expected):
                yield sub, "<missing>", got[i]
            else:
                yield from differences(expected[i], got[i], sub)
    elif expected != got or (type(expected) is not type(got) and not _same_number(expected, got)):
        yield path, expected, got


def _same_number(a: Any, b: Any) -> bool:
    return isinstance(a, (int, float)) and isinstance(b, (int, float)) and not isinstance(a, bool) \
        and not isinstance(b, bool) and a == b


def report(name: str, diffs: list[tuple[str, Any, Any]], limit: int = 40) -> str:
    """A readable diff: one line per changed value, key path first."""
    lines = [f"{name}: {len(diffs)} value(s) changed (if on purpose: run `make golden`, review the diff, commit it "
             "and say why)"]
    for path, expected, got in diffs[:limit]:
        lines.append(f"  {path}: expected {json.dumps(expected, ensure_ascii=False)}, "
                     f"got {json.dumps(got, ensure_ascii=False)}")
    if len(diffs) > limit:
        lines.append(f"  … and {len(diffs) - limit} more")
    return "\n".join(lines)


def write(golden: Path = GOLDEN) -> list[str]:
    """Recompute every golden file, remove those whose combination is gone; returns the files written."""
    from kennisgraaf.model import load_domain
    from kennisgraaf.store import KnowledgeGraph
    kg = KnowledgeGraph.load()
    domain = load_domain(kg)
    wanted = combinations(domain)
    for stale in sorted(golden.glob("*/*.json")):
        if stale.relative_to(golden).as_posix() not in wanted:
            stale.unlink()
    for name, args in wanted.items():
        target = golden / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(dumps(compute(args, domain, kg)), encoding="utf-8")
    return sorted(wanted)


if __name__ == "__main__":
    written = write()
    print(f"wrote {len(written)} golden files under {GOLDEN.relative_to(Path.cwd()) if GOLDEN.is_relative_to(Path.cwd()) else GOLDEN}",
          file=sys.stderr)
