"""`make demo`'s screenshots: every page at 1400x900 and 400x800, PNG files of exactly that size."""

from __future__ import annotations

import struct

import pytest
from click.testing import CliRunner

from kennisgraaf.cli import main
from kennisgraaf.views.headless import find_chromium
from kennisgraaf.views.screens import main as screens_main

pytestmark = pytest.mark.browser


def test_screens_of_a_view_and_a_page_without_graph(tmp_path):
    if not find_chromium():
        pytest.skip("chromium not installed")
    runner = CliRunner()
    assert runner.invoke(main, ["view", "case", "gescheiden-vrouw", "-o", str(tmp_path / "case.html")]).exit_code == 0
    assert runner.invoke(main, ["docs", "-o", str(tmp_path / "docs")]).exit_code == 0
    out = tmp_path / "screens"
    assert screens_main([str(out), str(tmp_path / "case.html"), str(tmp_path / "docs" / "index.html")]) == 0
    sizes = {}
    for shot in sorted(out.iterdir()):
        data = shot.read_bytes()
        assert data[:8] == b"\x89PNG\r\n\x1a\n"
        sizes[shot.name] = struct.unpack(">II", data[16:24])
    assert sizes == {"case-1400x900.png": (1400, 900), "case-400x800.png": (400, 800),
                     "docs-index-1400x900.png": (1400, 900), "docs-index-400x800.png": (400, 800)}


def test_missing_file_is_exit_3(tmp_path, capsys):
    if not find_chromium():
        pytest.skip("chromium not installed")
    assert screens_main([str(tmp_path), str(tmp_path / "nope.html")]) == 3
    assert "no such file" in capsys.readouterr().err
