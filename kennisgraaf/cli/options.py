"""Options shared by many commands, defined once."""

from __future__ import annotations

from pathlib import Path

import click

from ..output import FORMATS
from ..store import KnowledgeGraph

_WITH_KEY = "kennisgraaf.with"


def _remember_with(ctx: click.Context, _param, value: tuple[Path, ...]) -> None:
    ctx.meta[_WITH_KEY] = list(value)


def data_option(command):
    """``--data DIR`` (the data folder) and ``--with PATH`` (more files or folders loaded on top of it)."""
    command = click.option(
        "--with", "with_paths", multiple=True, type=click.Path(exists=True, path_type=Path), expose_value=False,
        callback=_remember_with,
        help="Also load these files or folders on top of --data (for example your own municipality and cases); "
             "repeatable.")(command)
    return click.option(
        "--data", "data_dir", type=click.Path(path_type=Path), default=None, envvar="KENNISGRAAF_DATA",
        help="Data folder to load (default: the bundled data/; env KENNISGRAAF_DATA).")(command)


def load_graph(data_dir: Path | None, **kwargs) -> KnowledgeGraph:
    """Load --data plus every --with path of the running command."""
    ctx = click.get_current_context(silent=True)
    extra = list(ctx.meta.get(_WITH_KEY, [])) if ctx else []
    kwargs["extra_paths"] = extra + list(kwargs.get("extra_paths", ()))
    return KnowledgeGraph.load(data_dir, **kwargs)

format_option = click.option(
    "--format", "fmt", type=click.Choice(FORMATS), default="table", show_default=True,
    help="Output format: a table for people, json or csv for programs.")

scenario_option = click.option(
    "--scenario", "scenario", default="fragmented", show_default=True,
    help="Scenario id (see `kennisgraaf scenarios`).")

municipality_option = click.option(
    "--municipality", "municipality", default=None,
    help="Municipality model id (see `kennisgraaf municipalities`); default: the case's own model.")

perspective_option = click.option(
    "--perspective", type=click.Choice(["household", "professional"]), default="household", show_default=True,
    help="Whose load to measure: the household (leefwereld) or the professional (systeemwereld).")
