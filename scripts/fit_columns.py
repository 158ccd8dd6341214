"""Fit the CLI's text output to a terminal width, for `make demo` (standard library only).

A table (a header line, then a line of dash runs such as ``----  -----``) keeps its columns: the widest column is
narrowed, one character at a time, until the table fits, and a cut cell ends in ``…``. Any other line longer than the
width is wrapped at spaces, continuation lines indented by two. Full, uncut data is in the files the demo writes
(``--format json|csv``); this only keeps what the demo shows readable in a 100-column terminal.

Usage: ``kennisgraaf … | python scripts/fit_columns.py [WIDTH]`` (default 100).
"""

from __future__ import annotations

import re
import sys
import textwrap

GAP = 2  # the CLI's tables put two spaces between columns
MIN_WIDTH = 6
TEXT_WIDTH = 20  # a text column is cut to this width before any header is wrapped


def spans(dashes: str) -> list[tuple[int, int]]:
    """Column spans ``(start, end)`` from a table's dash line.

    >>> spans("----  -----  --")
    [(0, 4), (6, 11), (13, 15)]
    """
    return [(m.start(), m.end()) for m in re.finditer(r"-+", dashes)]


def is_dash_line(line: str) -> bool:
    return bool(line.strip()) and set(line.strip()) <= {"-", " "} and "--" in line


def cut(text: str, width: int) -> str:
    """``text`` in at most ``width`` characters, ``…`` marking a cut.

    >>> cut("household wijkteam", 10)
    'household…'
    >>> cut("ok", 10)
    'ok'
    """
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"


def fit_table(lines: list[str], width: int) -> list[str]:
    """A table (header, dash line, rows) re-laid so that no line is longer than ``width``: headers wrap onto more
    lines first, then the widest cells are cut.

    >>> for line in fit_table(["id  household before", "--  ----------------", "a   1"], 12): print(line)
    id  househol
        d before
    --  --------
    a   1
    >>> fit_table(["id  label", "--  -----------------", "a   a long label here"], 12)
    ['id  label', '--  --------', 'a   a long…']
    """
    starts = [start for start, _ in spans(lines[1])]
    def cells(line: str) -> list[str]:
        bounds = starts[1:] + [max(len(line), starts[-1])]
        return [line[a:b].strip() for a, b in zip(starts, bounds)]
    head, rows = cells(lines[0]), [cells(line) for line in lines[2:]]
    data = [max([len(r[i]) for r in rows] + [1]) for i in range(len(starts))]
    words = [max(len(w) for w in re.split(r"[\s-]+", h + " ")) if h.strip() else 1 for h in head]
    widths = [max(d, w) for d, w in zip(data, words)]
    def total() -> int:
        return sum(widths) + GAP * (len(widths) - 1)
    while total() > width:
        # first long text cells (down to TEXT_WIDTH), then headers (wrapped onto more lines), then anything
        candidates = [i for i, w in enumerate(widths) if w > max(TEXT_WIDTH, words[i])] \
            or [i for i, w in enumerate(widths) if w > max(data[i], MIN_WIDTH)] \
            or [i for i, w in enumerate(widths) if w > MIN_WIDTH]
        if not candidates:
            break
        widths[max(candidates, key=lambda i: widths[i])] -= 1
    wrapped = [textwrap.wrap(h, w, break_long_words=True) or [""] for h, w in zip(head, widths)]
    def line(values: list[str]) -> str:
        return (" " * GAP).join(cut(v, w).ljust(w) for v, w in zip(values, widths)).rstrip()
    header = [line([c[k] if k < len(c) else "" for c in wrapped]) for k in range(max(len(c) for c in wrapped))]
    return header + [(" " * GAP).join("-" * w for w in widths)] + [line(r) for r in rows]


def fit(text: str, width: int = 100) -> str:
    """Every table of ``text`` fitted and every other long line wrapped to ``width``.

    >>> print(fit("word " * 5, 12))
    word word
      word word
      word
    """
    lines, out, i = text.splitlines(), [], 0
    while i < len(lines):
        if i + 1 < len(lines) and is_dash_line(lines[i + 1]) and not is_dash_line(lines[i]):
            end = i + 2
            while end < len(lines) and lines[end].strip() and not is_dash_line(lines[end]) \
                    and not (end + 1 < len(lines) and is_dash_line(lines[end + 1])) \
                    and _aligned(lines[end], lines[i + 1]):
                end += 1
            out += fit_table(lines[i:end], width)
            i = end
            continue
        line = lines[i]
        if len(line) > width:
            indent = len(line) - len(line.lstrip())
            out += textwrap.wrap(line, width, initial_indent="", subsequent_indent=" " * (indent + 2),
                                 break_long_words=True, break_on_hyphens=False) or [line]
        else:
            out.append(line)
        i += 1
    return "\n".join(out)


def _aligned(line: str, dashes: str) -> bool:
    """Whether ``line`` is a row of the table of ``dashes``: blank where the table has its column gaps."""
    columns = spans(dashes)
    gaps = [(e, s) for (_, e), (s, _) in zip(columns, columns[1:])]
    return all(line[a:b].strip() == "" for a, b in gaps if b <= len(line))


def main(argv: list[str]) -> int:
    width = int(argv[0]) if argv else 100
    text = sys.stdin.read()
    if text:
        sys.stdout.write(fit(text, width) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
