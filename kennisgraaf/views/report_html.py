"""Small HTML parts the offline reports share: a table that scrolls inside its own box, a chart with a text
alternative (a caption and the chart's numbers as a table), and the public source behind a research-note reference.

Every text is escaped here; callers pass plain text, except ``chart`` markup and pre-rendered ``cells`` marked safe.
"""

from __future__ import annotations

import re
from html import escape
from typing import Any, Iterable

#: CSS the reports include: wide tables scroll inside a focusable box instead of widening the page (WCAG 1.4.10).
REPORT_CSS = """
.kg-scroll { overflow-x: auto; max-width: 100%; }
.kg-scroll:focus { outline: 2px solid #1a6396; outline-offset: 2px; }
figure { margin: 0.6rem 0 1.2rem; max-width: 100%; overflow-x: auto; }
figure svg { max-width: 100%; height: auto; }
figcaption { font-size: 0.9rem; color: #444; }
details.kg-numbers summary { cursor: pointer; font-size: 0.9rem; }
"""


def _e(value: Any) -> str:
    return escape(str(value), quote=True)


class Safe(str):
    """Markup already escaped by its producer (a link, a number cell), inserted as is."""


def _cell(value: Any) -> str:
    return value if isinstance(value, Safe) else _e(value)


def scroll_table(head: Iterable[str], rows: Iterable[Iterable[Any]], *, label: str,
                 numeric: Iterable[int] = (), caption: str = "") -> str:
    """A ``<table>`` inside a keyboard-scrollable region named ``label``; columns in ``numeric`` align right."""
    numeric = set(numeric)
    num = ' class="num"'
    head_html = "".join(f'<th scope="col"{num if i in numeric else ""}>{_e(h)}</th>' for i, h in enumerate(head))
    body = "".join("<tr>" + "".join(f'<td{num if i in numeric else ""}>{_cell(v)}</td>' for i, v in enumerate(row))
                   + "</tr>" for row in rows)
    cap = f"<caption>{_e(caption)}</caption>" if caption else ""
    return (f'<div class="kg-scroll" role="region" tabindex="0" aria-label="{_e(label)}">'
            f"<table>{cap}<thead><tr>{head_html}</tr></thead><tbody>{body}</tbody></table></div>")


def chart(svg: str, caption: str, head: Iterable[str], rows: Iterable[Iterable[Any]],
          numeric: Iterable[int] = ()) -> str:
    """A chart with its text alternative: ``<figure>`` with the SVG, a ``<figcaption>`` and, under a disclosure, the
    numbers the chart draws as a table (so a screen reader or a copy-paste gets them too)."""
    rows = list(rows)
    table = scroll_table(head, rows, label=f"numbers of: {caption}", numeric=numeric)
    return (f"<figure>{svg}<figcaption>{_e(caption)}</figcaption>"
            f'<details class="kg-numbers"><summary>The numbers ({len(rows)} rows)</summary>{table}</details></figure>')


# "domain.md P10, L12", "domain-2008.md P08-21, N08-39", "kennisgraaf research note domain.md L58": the team's
# research notes (shared/reference/domain*.md), not something a reader can look up.
_NOTE_REF = re.compile(r"^(?:kennisgraaf research note )?(?:domain(?:-[0-9a-z]+)?\.md [A-Z][A-Z0-9-]*\d"
                       r"(?:\s*(?:,|;|and)\s*(?:domain(?:-[0-9a-z]+)?\.md )?[A-Z][A-Z0-9-]*\d)*)\s*")
#: What a reader can look up: a web address, a court ruling, a law id, or a dated publication.
_PUBLIC = re.compile(r"https?://|\b[\w-]+\.(?:nl|com|org|net|eu|pub|info)\b|ECLI:|BWB[RV]\d|\b(?:19|20)\d\d\b")
_ISSUE_REF = re.compile(r"^issue \d+(?: \(([^)]*)\))?\s*")


def public_source(source: str) -> str:
    """The public part of a ``dcterms:source`` text, without the internal research-note or issue reference.

    >>> public_source("domain-2008.md G37: financien.hengelo.nl (Werkplein, Twente)")
    'financien.hengelo.nl (Werkplein, Twente)'
    >>> public_source("domain.md P10 (Amsterdam Hv 2016/2020; ECLI:NL:RBAMS:2024:3169)")
    'Amsterdam Hv 2016/2020; ECLI:NL:RBAMS:2024:3169'
    >>> public_source("domain.md PR6 (intake: overview of debts)")
    'kennisgraaf research notes: intake: overview of debts'
    >>> public_source("domain.md I14")
    'kennisgraaf research notes (no public source cited)'
    >>> public_source("issue 15 (informal intermediary)")
    'example designed for kennisgraaf (informal intermediary)'
    >>> public_source("https://wetten.overheid.nl/BWBR0015703")
    'https://wetten.overheid.nl/BWBR0015703'
    """
    text = source.strip()
    issue = _ISSUE_REF.match(text)
    if issue:
        rest = text[issue.end():].lstrip(":; ").strip()
        what = "; ".join(filter(None, (issue.group(1), rest)))
        return "example designed for kennisgraaf" + (f" ({what})" if what else "")
    note = _NOTE_REF.match(text)
    if not note:
        return text
    rest = text[note.end():].lstrip(":;, ").strip()
    if rest.startswith("(") and rest.endswith(")"):
        rest = rest[1:-1].strip()
    if not rest or rest.lower() == "unverified":
        return "kennisgraaf research notes (no public source cited)" + (", unverified" if rest else "")
    return rest if _PUBLIC.search(rest) else f"kennisgraaf research notes: {rest}"


__all__ = ["REPORT_CSS", "Safe", "chart", "public_source", "scroll_table"]
