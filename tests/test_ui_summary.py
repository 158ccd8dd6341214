"""`view case … --print`: a one-page A4 summary of a case for a case conference (path, findings, scores), titled by
the household's description; Chromium's print-to-PDF of every bundled case is exactly one A4 page."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from kennisgraaf.views.headless import find_chromium, open_view

CASES = sorted(p.stem for p in (Path(__file__).resolve().parent.parent / "data" / "cases").glob("*.ttl"))


def _pages(pdf: bytes) -> tuple[int, list[bytes]]:
    """Pages of a PDF (page objects, not the /Pages tree) and their MediaBoxes."""
    return len(re.findall(rb"/Type\s*/Page\b(?!s)", pdf)), re.findall(rb"/MediaBox\s*\[([^\]]*)\]", pdf)


def test_summary_shows_the_household_path_findings_and_scores(run, tmp_path):
    out = tmp_path / "summary.html"
    result = run("view", "case", "eindhoven-gezin", "--print", "-o", out)
    assert result.exit_code == 0, result.output
    html = out.read_text(encoding="utf-8")
    # the title is the case's rdfs:label@en in data/cases/eindhoven-gezin.ttl, not its id
    assert "<h1>family with debts, truancy, nuisance and an addicted father</h1>" in html
    assert "case <code>eindhoven-gezin</code>" in html and "on 2016-01-01" in html
    steps = re.findall(r'<td class="num">(\d+)</td>\s*<td>([^<]+)', html)
    # the plan of `kennisgraaf path eindhoven-gezin`: bijstand needs nothing first since issue 13 (Pw art. 40: the
    # BRP registration is an obligation attached to the grant), the debt help needs the BRP registration
    assert steps[:3] == [("1", "general social assistance (bijstand)"),
                         ("2", "registration in the personal records database (BRP)"), ("3", "municipal debt assistance (Wgs)")]
    assert [n for n, _ in steps] == [str(i) for i in range(1, len(steps) + 1)]
    assert "<h2>Findings</h2>" in html and "bottleneck" in html
    assert "svc:" not in html.split("<h2>Findings</h2>")[1].split("</ul>")[0]  # ids shown as their labels
    assert re.search(r"household <strong>[\d.]+</strong> · professional <strong>[\d.]+</strong>", html)
    assert "<script" not in html and "default-src &#39;none&#39;" in html  # escaped in the attribute


def test_interactive_case_view_is_titled_by_the_household(run, tmp_path):
    out = tmp_path / "case.html"
    assert run("view", "case", "gescheiden-vrouw", "-o", out).exit_code == 0
    title = re.search(r"<title>([^<]*)</title>", out.read_text(encoding="utf-8")).group(1)
    assert title.startswith("Case path: ") and "gescheiden-vrouw" not in title


@pytest.mark.browser
@pytest.mark.parametrize("case", CASES)
def test_summary_prints_on_one_a4_page(run, tmp_path, case):
    if not find_chromium():
        pytest.skip("chromium not installed")
    out = tmp_path / f"{case}.html"
    assert run("view", "case", case, "--print", "-o", out).exit_code == 0
    pdf = tmp_path / f"{case}.pdf"
    open_view(out, timeout=1.0, pdf=pdf)
    count, boxes = _pages(pdf.read_bytes())
    assert count == 1, case
    width, height = (float(v) for v in boxes[0].split()[2:4])
    assert (round(width), round(height)) == (595, 842)  # A4 is 210 × 297 mm = 595 × 842 pt
