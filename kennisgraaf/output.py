"""Render results as a table (for people), JSON or CSV (for programs). Data only: no colour, no progress."""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Mapping, Sequence
from typing import Any

FORMATS = ("table", "json", "csv")


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        return f"{value:.3f}".rstrip("0").rstrip(".") if value == value else "n/a"
    if isinstance(value, (list, tuple)):
        return "; ".join(_cell(v) for v in value)
    return str(value)


def table(rows: Sequence[Mapping[str, Any]], columns: Sequence[str] | None = None) -> str:
    """A plain aligned text table.

    >>> print(table([{"kind": "frameworks", "n": 25}, {"kind": "protocols", "n": 17}]))
    kind        n
    ----------  --
    frameworks  25
    protocols   17
    """
    columns = list(columns or (rows[0].keys() if rows else []))
    cells = [[_cell(row.get(c)) for c in columns] for row in rows]
    widths = [max([len(c)] + [len(r[i]) for r in cells]) for i, c in enumerate(columns)]
    lines = ["  ".join(c.ljust(w) for c, w in zip(columns, widths)).rstrip(),
             "  ".join("-" * w for w in widths)]
    lines += ["  ".join(v.ljust(w) for v, w in zip(r, widths)).rstrip() for r in cells]
    return "\n".join(lines)


_NUMBER = re.compile(r"[-+]?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?")


def csv_cell(value: Any) -> Any:
    """A CSV cell a spreadsheet will not run as a formula (OWASP "CSV injection"): text starting with ``=``, ``+``,
    ``-``, ``@``, tab or CR gets a leading ``'``, as ``export`` writes; numbers (also negative ones) stay numbers.

    >>> csv_cell("=HYPERLINK(1)"), csv_cell("-0.5"), csv_cell(-2), csv_cell("case:a")
    ("'=HYPERLINK(1)", '-0.5', -2, 'case:a')
    """
    if isinstance(value, str) and value.startswith(("=", "+", "-", "@", "\t", "\r")) \
            and not _NUMBER.fullmatch(value):
        return "'" + value
    return value


def to_csv(rows: Sequence[Mapping[str, Any]], columns: Sequence[str] | None = None) -> str:
    """CSV with a header row; lists are joined with '; '; formula-like text is escaped (:func:`csv_cell`)."""
    columns = list(columns or (rows[0].keys() if rows else []))
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow([csv_cell(str(c)) for c in columns])
    for row in rows:
        writer.writerow([csv_cell(_cell(row.get(c))) for c in columns])
    return buffer.getvalue().rstrip("\n")


def to_json(obj: Any) -> str:
    """Stable, readable JSON (UTF-8, keys in insertion order)."""
    return json.dumps(obj, ensure_ascii=False, indent=2, default=str)


def render_rows(rows: Sequence[Mapping[str, Any]], fmt: str, columns: Sequence[str] | None = None,
                json_obj: Any = None) -> str:
    """Render rows in ``fmt``; JSON renders ``json_obj`` when given, else the rows."""
    if fmt == "json":
        return to_json(json_obj if json_obj is not None else list(rows))
    if fmt == "csv":
        return to_csv(rows, columns)
    return table(rows, columns)
