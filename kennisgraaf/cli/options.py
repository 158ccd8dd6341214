"""Options shared by many commands, defined once."""

from __future__ import annotations

from pathlib import Path

import click

from ..errors import DataError
from ..output import FORMATS
from ..store import KnowledgeGraph


class ExistingPath(click.Path):
    """``click.Path(exists=True)`` under the one rule for a missing path: bad input, so exit 3 and a message naming
    the path, as --data, --weights and every reader do (click itself would make it a usage error, exit 2)."""

    def __init__(self, **kwargs):
        super().__init__(exists=False, **kwargs)

    def convert(self, value, param, ctx):
        if not Path(value).exists():
            raise DataError("no such file or folder", path=str(value),
                            fix="check the path (a relative path starts in the current folder)")
        return super().convert(value, param, ctx)

_WITH_KEY = "kennisgraaf.with"


def _remember_with(ctx: click.Context, _param, value: tuple[Path, ...]) -> None:
    ctx.meta[_WITH_KEY] = list(value)


_STORE_KEY = "kennisgraaf.store"
_ON_KEY = "kennisgraaf.on"


def remember_dates(ctx: click.Context, _param, value):
    """Callback of every ``--on``: keep the dates, so that :func:`load_graph` can say when one is outside the data."""
    values = value if isinstance(value, tuple) else (value,)
    ctx.meta.setdefault(_ON_KEY, []).extend(v.date() if hasattr(v, "date") else v for v in values if v)
    return value


def coverage(kg: KnowledgeGraph) -> tuple[str, str] | None:
    """The span the data describes: from the earliest municipality model's reference date to the last dated change
    (``kg:validFrom``/``kg:validUntil``), as ISO dates; None if the data dates nothing."""
    first = kg.select("SELECT (MIN(?d) AS ?first) WHERE { ?model kg:referenceDate ?d }")
    last = kg.select("SELECT (MAX(?d) AS ?last) WHERE { { ?s kg:validFrom ?d } UNION { ?s kg:validUntil ?d } }")
    start, end = (first[0].get("first") if first else None), (last[0].get("last") if last else None)
    return (str(start), str(end)) if start and end else None


def coverage_hint(day, span: tuple[str, str] | None) -> str | None:
    """A hint when ``day`` is outside ``span`` (ISO strings compare as dates).

    >>> from datetime import date
    >>> coverage_hint(date(1990, 1, 1), ("2008-06-01", "2022-07-31")).split(": ")[:2]
    ['hint', '--on 1990-01-01 is before what the data covers (2008-06-01 to 2022-07-31)']
    >>> coverage_hint(date(2010, 1, 1), ("2008-06-01", "2022-07-31")) is None
    True
    """
    if not span or span[0] <= day.isoformat() <= span[1]:
        return None
    head = f"hint: --on {day.isoformat()} is %s what the data covers ({span[0]} to {span[1]}): "
    if day.isoformat() < span[0]:
        return head % "before" + (f"the earliest municipality model describes {span[0]}, so the local arrangements of "
                                  "that date are not documented")
    return head % "after" + (f"the last dated change is on {span[1]}; a law or arrangement changed since is not in "
                             "the data")


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
        "--with", "with_paths", multiple=True, type=ExistingPath(path_type=Path), expose_value=False,
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
    hint = kwargs.pop("hint_dates", True)
    kg = KnowledgeGraph.load(data_dir, **kwargs)
    if guard:  # --data, --with files and shared cases pass the same guard as import and validate (~20 ms)
        check_case_privacy(kg)
    days = _on_days(ctx)
    if hint and days:
        _hint_dates(coverage(kg), days)
    return kg


def _on_days(ctx: click.Context | None) -> list:
    """The dates of every ``--on`` of the running command (:func:`remember_dates`)."""
    return ctx.meta.get(_ON_KEY, []) if ctx else []


def _hint_dates(span: tuple[str, str] | None, days: list) -> None:
    for day in dict.fromkeys(days):
        hint = coverage_hint(day, span)
        if hint:
            click.echo(hint, err=True)


def load_domain_of(data_dir: Path | None):
    """The Domain of --data plus every --with path, from the content-keyed cache when no input changed
    (:mod:`kennisgraaf.cache`); read from the store when --store is given."""
    from ..model import load_domain

    return _from_graph_of(data_dir, "domain", load_domain)


def load_history_of(data_dir: Path | None):
    """``(domain, law titles, law successions)`` of --data plus every --with path: what comparing two dates needs
    (:mod:`kennisgraaf.timeline`), cached like :func:`load_domain_of`."""
    return _from_graph_of(data_dir, "history", _history)


def _history(kg: KnowledgeGraph) -> tuple:
    from ..model import load_domain
    from ..timeline import law_successions, law_titles

    return load_domain(kg), law_titles(kg), law_successions(kg)


def _from_graph_of(data_dir: Path | None, kind: str, build):
    from ..cache import cached_from_graph

    ctx = click.get_current_context(silent=True)
    if ctx and ctx.meta.get(_STORE_KEY):
        return build(load_graph(data_dir))
    extra = list(ctx.meta.get(_WITH_KEY, [])) if ctx else []
    # The span the data covers is cached beside the value, so that a hint on --on is given on a cache hit too.
    value, span = cached_from_graph(kind, data_dir, lambda: load_graph(data_dir, hint_dates=False),
                                    lambda kg: (build(kg), coverage(kg)), extra_paths=extra)
    _hint_dates(span, _on_days(ctx))
    return value


def check_case_privacy(kg: KnowledgeGraph) -> None:
    """Refuse (exit 3, naming the file) personal data in any household case of ``kg``."""
    from ..case_guard import case_findings  # not ..validate: that imports rdflib and pySHACL
    from ..errors import PrivacyError

    found = case_findings(kg)
    if found:
        lines = "\n  ".join(f"{f.file}: {f.case}: personal data is not allowed in a case: {f.finding}; keep roles "
                            "and age bands only" for f in found[:20])
        more = f"\n  … and {len(found) - 20} more" if len(found) > 20 else ""
        raise PrivacyError(f"personal data in a household case:\n  {lines}{more}", path=found[0].file,
                           fix="remove it: cases hold roles, age bands and needs only")

format_option = click.option(
    "--format", "fmt", type=click.Choice(FORMATS), default="table", show_default=True,
    help="Output format: a table for people, json or csv for programs.")

scenario_option = click.option(
    "--scenario", "scenario", default="fragmented", show_default=True, metavar="ID",
    help="Scenario id (see `kennisgraaf scenarios`).")

municipality_option = click.option(
    "--municipality", "municipality", default=None, metavar="ID",
    help="Municipality model id (see `kennisgraaf municipalities`); default: the case's own model.")

on_option = click.option(
    "--on", "on", type=click.DateTime(formats=["%Y-%m-%d", "%d-%m-%Y"]), default=None, callback=remember_dates,
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
