"""Render a view model to one self-contained HTML file: our own jinja2 template (autoescape on), the data as an
escaped JSON block, vis-network and the app script inlined, and a Content-Security-Policy that allows exactly
those two scripts (by hash) and nothing from the network.
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
from functools import lru_cache
from importlib.resources import files
from pathlib import Path
from typing import Any

from jinja2 import Environment, PackageLoader, select_autoescape

from .. import __version__
from ..errors import DataError
from .model import KIND_STYLE, View, legend, network_data

#: The vendored vis-network build (see static/VENDOR.md); the tests check both.
VIS_VERSION = "10.1.5"
VIS_SHA256 = "b427322ad953d70ab75d1b798ebb8349863502f244e02de3e12a4ab7dfeddf2c"

_HTTP = re.compile(r"^https?://[^\s\"'<>]+$", re.IGNORECASE)
_BWB = re.compile(r"^BWB[RV][0-9]{7}$")


def static_text(name: str) -> str:
    """A file of ``kennisgraaf/views/static`` as text."""
    return files("kennisgraaf.views").joinpath("static", name).read_text(encoding="utf-8")


@lru_cache(maxsize=1)
def vis_js() -> str:
    """The vendored vis-network standalone build, checked against its pinned checksum, source-map comment dropped."""
    raw = files("kennisgraaf.views").joinpath("static", "vis-network.min.js").read_bytes()
    if hashlib.sha256(raw).hexdigest() != VIS_SHA256:
        raise DataError("the vendored vis-network.min.js does not match its pinned checksum",
                        fix="restore kennisgraaf/views/static/vis-network.min.js (see static/VENDOR.md)")
    text = raw.decode("utf-8")
    text = re.sub(r"//# sourceMappingURL=\S+\s*$", "", text)
    if "</script" in text.lower():  # would end the inline <script> early
        raise DataError("vis-network.min.js contains '</script'; it cannot be inlined")
    return text


def json_for_script(data: Any) -> str:
    """JSON safe to put inside ``<script type="application/json">``: ``<``, ``>``, ``&`` and the two JavaScript
    line separators become ``\\uXXXX`` escapes, so no data can close the element or open a comment.

    >>> json_for_script({"label": "</script><b>&"})
    '{"label": "\\\\u003c/script\\\\u003e\\\\u003cb\\\\u003e\\\\u0026"}'
    """
    text = json.dumps(data, ensure_ascii=False, sort_keys=False)
    for char, escape in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"), ("\u2028", "\\u2028"),
                         ("\u2029", "\\u2029")):
        text = text.replace(char, escape)
    return text


def csp_hash(script: str) -> str:
    """The CSP source expression ``'sha256-…'`` of an inline script's exact text."""
    return "'sha256-" + base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode("ascii") + "'"


def content_security_policy(scripts: list[str]) -> str:
    """No network at all; only the given inline scripts run; styles inline (vis-network injects its own)."""
    return ("default-src 'none'; script-src " + " ".join(csp_hash(s) for s in scripts) +
            "; style-src 'unsafe-inline'; img-src data:; font-src 'none'; connect-src 'none'; "
            "object-src 'none'; base-uri 'none'; form-action 'none'")


@lru_cache(maxsize=1)
def environment() -> Environment:
    env = Environment(loader=PackageLoader("kennisgraaf.views", "templates"),
                      autoescape=select_autoescape(["html"], default=True), trim_blocks=True, lstrip_blocks=True)
    env.filters["is_http"] = lambda value: bool(value and _HTTP.match(str(value)))
    env.filters["is_bwb"] = lambda value: bool(value and _BWB.match(str(value)))
    return env


def view_data(view: View) -> dict[str, Any]:
    """The JSON the page script reads: per panel the vis-network data and the node texts for the tooltips."""
    return {"kind": view.kind, "legend": legend(view.kinds),
            "panels": [{"title": p.title, "network": network_data(p), "meta": [n.as_dict() for n in p.nodes]}
                       for p in view.panels]}


def render_view(view: View) -> str:
    """The complete HTML page of a view."""
    app_js, library = static_text("view.js"), vis_js()
    kind_counts: dict[str, int] = {}
    for panel in view.panels:
        for n in panel.nodes:
            kind_counts[n.kind] = kind_counts.get(n.kind, 0) + 1
    return environment().get_template("view.html").render(
        view=view, legend=legend(view.kinds), kind_counts=kind_counts,
        kind_names={k: style[3] for k, style in KIND_STYLE.items()},
        has_deadlock=any(n.deadlock for p in view.panels for n in p.nodes),
        data_json=json_for_script(view_data(view)), vis_js=library, app_js=app_js, css=static_text("view.css"),
        csp=content_security_policy([library, app_js]), version=__version__, vis_version=VIS_VERSION)


def write_atomic(path: Path | str, text: str) -> Path:
    """Write ``text`` to ``path`` all or nothing (see :mod:`kennisgraaf.atomic`)."""
    from ..atomic import write_text
    return write_text(path, text)


def write_view(view: View, path: Path | str) -> Path:
    """Render ``view`` and write it atomically to ``path``."""
    return write_atomic(path, render_view(view))
