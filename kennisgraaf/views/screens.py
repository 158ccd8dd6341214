"""Screenshots of views and reports at a desktop and a phone size, in headless Chromium with the network off.

``python -m kennisgraaf.views.screens OUT_DIR FILE.html ...`` writes ``OUT_DIR/<name>-1400x900.png`` and
``OUT_DIR/<name>-400x800.png`` per file (``make demo`` writes ``out/screens/``).
"""

from __future__ import annotations

import sys
from pathlib import Path

from .headless import find_chromium, open_view

SIZES = ((1400, 900), (400, 800))


def take_screens(files: list[Path], out_dir: Path) -> list[Path]:
    """Two screenshots per HTML file; a page without a graph is shot as soon as it has loaded."""
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for html in files:
        has_graph = 'id="kg-data"' in html.read_text(encoding="utf-8", errors="replace")
        stem = html.stem if html.stem != "index" else f"{html.parent.name}-index"
        for width, height in SIZES:
            shot = out_dir / f"{stem}-{width}x{height}.png"
            open_view(html, screenshot=shot, window=(width, height), timeout=90 if has_graph else 1.5)
            written.append(shot)
    return written


def main(argv: list[str]) -> int:
    if len(argv) < 2:
        print("usage: python -m kennisgraaf.views.screens OUT_DIR FILE.html ...", file=sys.stderr)
        return 2
    if not find_chromium():
        print("screenshots skipped: chromium not found (apt-get install chromium)", file=sys.stderr)
        return 0
    files = [Path(f) for f in argv[1:]]
    missing = [str(f) for f in files if not f.is_file()]
    if missing:
        print(f"error: no such file: {', '.join(missing)}", file=sys.stderr)
        return 3
    written = take_screens(files, Path(argv[0]))
    print(f"wrote {len(written)} screenshots to {argv[0]}/", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
