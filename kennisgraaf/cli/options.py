"""Options shared by many commands, defined once."""

from __future__ import annotations

from pathlib import Path

import click

from ..output import FORMATS
from ..store import KnowledgeGraph

_WITH_KEY = "kennisgraaf.with"


def _remember_with(ctx: click.Context, _param, value: tuple[Path, ...]) -> None:
    ctx.meta[_WITH_KEY] = list(value)


_STORE_KEY = "kennisgraaf.store"


def _remember(key: str):
    def callback(ctx: click.Context, _param, value) -> None:
        ctx.meta[key] = value
    return callback


def data_option(command):
    """``--data DIR`` (the data folder), ``--with PATH`` (more files or folders loaded on top of it) and
    ``--store URL`` (read the graph from a SPARQL endpoint instead)."""
    command = click.option(
        "--store", "store_url", metavar="URL", default=None, envvar="KENNISGRAAF_STORE", expose_value=False,
        callback=_remember(_STORE_KEY),
        help="Read the graph from this SPARQL 1.1 query endpoint (named graphs as `push` lays them out) instead of "
             "--data; env KENNISGRAAF_STORE.")(command)
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
    store = ctx.meta.get(_STORE_KEY) if ctx else None
    if store:
        from ..remote import load_from_store
        if data_dir is not None or kwargs["extra_paths"]:
            raise click.UsageError("--store reads the whole graph from the store: leave out --data and --with")
        # The store holds cases only where `push --include-cases` put them; commands that leave cases out
        # (serve, push, export --no-cases, …) leave them out of what they read too.
        return load_from_store(store, include_cases=kwargs.get("include_cases", True))
    guard = kwargs.pop("check_privacy", True)
    kg = KnowledgeGraph.load(data_dir, **kwargs)
    if guard:  # --data, --with files and shared cases pass the same guard as import and validate (~20 ms)
        check_case_privacy(kg)
    return kg


def load_domain_of(data_dir: Path | None):
    """The Domain of --data plus every --with path, from the content-keyed cache when no input changed
    (:mod:`kennisgraaf.cache`); read from the store when --store is given."""
    from ..cache import cached_domain
    from ..model import load_domain

    ctx = click.get_current_context(silent=True)
    if ctx and ctx.meta.get(_STORE_KEY):
        return load_domain(load_graph(data_dir))
    extra = list(ctx.meta.get(_WITH_KEY, [])) if ctx else []
    return cached_domain(data_dir, lambda: load_graph(data_dir), extra_paths=extra)


def check_case_privacy(kg: KnowledgeGraph) -> None:
    """Refuse (exit 3, naming the file) personal data in any household case of ``kg``."""
    from ..errors import PrivacyError
    from ..validate import run_privacy_guard

    found = run_privacy_guard(kg)
    if found:
        lines = "\n  ".join(f"{v.file}: {v.entity}: {v.message}" for v in found[:20])
        more = f"\n  … and {len(found) - 20} more" if len(found) > 20 else ""
        raise PrivacyError(f"personal data in a household case:\n  {lines}{more}", path=found[0].file,
                           fix="remove it: cases hold roles, age bands and needs only")

format_option = click.option(
    "--format", "fmt", type=click.Choice(FORMATS), default="table", show_default=True,
    help="Output format: a table for people, json or csv for programs.")

scenario_option = click.option(
    "--scenario", "scenario", default="fragmented", show_default=True,
    help="Scenario id (see `kennisgraaf scenarios`).")

municipality_option = click.option(
    "--municipality", "municipality", default=None,
    help="Municipality model id (see `kennisgraaf municipalities`); default: the case's own model.")

on_option = click.option(
    "--on", "on", type=click.DateTime(formats=["%Y-%m-%d", "%d-%m-%Y"]), default=None,
    help="Evaluate under the rules in force on this date (YYYY-MM-DD or DD-MM-YYYY); default: the model's date.")

horizon_option = click.option(
    "--horizon", "horizon", default=None, metavar="MONTHS",
    help="How far the case's timeline looks ahead: months, as 12 or 12m (default: the case's kg:horizonMonths, "
         "else 12).")


def parse_horizon(value: str | None) -> int | None:
    """``--horizon 12m`` (or ``12``) as months; a bad value is a usage error (exit 2).

    >>> parse_horizon("18m"), parse_horizon("6"), parse_horizon(None)
    (18, 6, None)
    """
    if value is None:
        return None
    text = str(value).strip().lower().removesuffix("m")
    if not text.isdigit() or not 1 <= int(text) <= 120:
        raise click.BadParameter(f"{value!r}: give whole months from 1 to 120, as 12 or 12m", param_hint="--horizon")
    return int(text)


perspective_option = click.option(
    "--perspective", type=click.Choice(["household", "professional"]), default="household", show_default=True,
    help="Whose load to measure: the household (leefwereld) or the professional (systeemwereld).")


def engine_options(command):
    """``--engine local|dask`` and ``--scheduler ADDRESS`` (where the work runs), for batch and reforms rank."""
    command = click.option(
        "--scheduler", "scheduler", metavar="ADDRESS", default=None, envvar="KENNISGRAAF_DASK_SCHEDULER",
        help="Dask scheduler to run on (tcp://host:8786); default with --engine dask: a local cluster, one worker "
             "process per core.")(command)
    return click.option(
        "--engine", "engine", type=click.Choice(["local", "dask"]), default="local", show_default=True,
        help="Run the partitions in local worker processes, or as tasks on a Dask cluster (same output).")(command)
