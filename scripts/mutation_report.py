"""Summarise `mutmut results --all true` (read on stdin) per module: killed / total and the survivors.

Killed counts mutants a test failed on (and timeouts); the total counts every mutant that was run, including those no
test covers ("no tests"). Modules whose mutants were not run are left out.

>>> rows = summarise(["    kennisgraaf.plan.x_a__mutmut_1: killed", "    kennisgraaf.plan.x_a__mutmut_2: survived",
...                   "    kennisgraaf.plan.xǁStepǁas_dict__mutmut_1: timeout", "    kennisgraaf.path.x_b__mutmut_1: not checked"])
>>> rows["kennisgraaf.plan"]["killed"], rows["kennisgraaf.plan"]["total"], rows["kennisgraaf.plan"]["survivors"]
(2, 3, ['kennisgraaf.plan.x_a__mutmut_2'])
>>> "kennisgraaf.path" in rows
False
"""

from __future__ import annotations

import re
import sys

KILLED = {"killed", "timeout"}
_MODULE = re.compile(r"^(?P<module>[\w.]+?)\.x[_ǁ]")


def summarise(lines) -> dict[str, dict]:
    out: dict[str, dict] = {}
    for line in lines:
        name, _, status = line.strip().rpartition(": ")
        match = _MODULE.match(name)
        if not match or status == "not checked":
            continue
        row = out.setdefault(match["module"], {"killed": 0, "total": 0, "survivors": []})
        row["total"] += 1
        if status in KILLED:
            row["killed"] += 1
        else:
            row["survivors"].append(name if status == "survived" else f"{name} ({status})")
    return dict(sorted(out.items()))


def main() -> None:
    rows = summarise(sys.stdin)
    package = [r for module, r in rows.items() if module.startswith("kennisgraaf.measures.")]
    print("| module | killed / total | score |\n|---|---|---|")
    if package:  # the target is per listed module, and measures/ is one of them
        killed, total = sum(r["killed"] for r in package), sum(r["total"] for r in package)
        print(f"| kennisgraaf.measures (all) | {killed} / {total} | {100 * killed / total:.1f} % |")
    for module, row in rows.items():
        print(f"| {module} | {row['killed']} / {row['total']} | {100 * row['killed'] / row['total']:.1f} % |")
    for module, row in rows.items():
        if row["survivors"]:
            print(f"\n{module}: {len(row['survivors'])} not killed")
            for name in row["survivors"]:
                print(f"  {name}")


if __name__ == "__main__":
    main()
