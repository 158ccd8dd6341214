"""Interactive HTML views: a case path, two paths side by side, a municipality model, and the ontology docs.

Each view is one self-contained HTML file (vis-network and the page script inlined, no CDN, a strict
Content-Security-Policy); every text from the data is escaped where it is written.

>>> from kennisgraaf.measures.examples import example_path
>>> from kennisgraaf.model import Domain
>>> html = render_view(case_view(Domain(), example_path()))
>>> "https://cdn" in html, "svc:schuldhulp" in html
(False, True)
"""

from .build import case_view, compare_view, municipality_view, path_panel
from .model import KIND_STYLE, Panel, View, ViewEdge, ViewNode
from .render import VIS_VERSION, render_view, write_atomic, write_view

__all__ = ["case_view", "compare_view", "municipality_view", "path_panel", "KIND_STYLE", "Panel", "View",
           "ViewEdge", "ViewNode", "VIS_VERSION", "render_view", "write_atomic", "write_view"]
