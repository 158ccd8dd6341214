"""Commands over reforms: which change to a municipality model helps the most households (`reforms rank`)."""

from __future__ import annotations

from pathlib import Path

import click

from .. import reforms as lib
from ..errors import DataError
from ..model import load_domain
from ..namespaces import compact
from ..output import render_rows, to_json
from ..report import load_weights
from ..store import KnowledgeGraph
from . import main
from .options import ExistingPath, data_option, engine_options, format_option, load_graph, on_option


@main.group()
def reforms() -> None:
    """Reforms: named, sourced changes to a municipality model (data/reforms/), ranked over many households.

    \b
    Examples:
      kennisgraaf reforms list
      kennisgraaf reforms rank --municipality enschede-2008 -o reforms.html
    """


reforms_option = click.option(
    "--reforms", "reform_paths", multiple=True, type=ExistingPath(path_type=Path),
    help="Extra reform file or folder to load beside the data folder (repeatable).")


@reforms.command("list")
@reforms_option
@format_option
@data_option
def list_reforms(reform_paths: tuple[Path, ...], fmt: str, data_dir: Path | None) -> None:
    """List the reforms, with the model each is written for and its kinds of change.

    \b
    Example:
      kennisgraaf reforms list --format json
    """
    domain = load_domain(load_graph(data_dir, extra_paths=reform_paths))
    rows = [{"id": r.id.split(":", 1)[1], "label_en": r.label_en, "for_model": (r.for_model or "any").split(":")[-1],
             "changes": ", ".join(t.kind for t in r.transformations), "illustrative": r.illustrative}
            for r in sorted(domain.reforms.values(), key=lambda r: r.id)]
    click.echo(render_rows(rows, fmt, columns=["id", "label_en", "for_model", "changes", "illustrative"]))


@reforms.command("rank")
@click.option("--municipality", "municipality", required=True, metavar="ID", help="Municipality model id, e.g. enschede-2008.")
@click.option("--cases", "cases", default=None,
              help="The case set: a folder or .ttl file of cases, a text file with one case id a line, or case ids "
                   "separated by commas. Default: every case. Cases are scored under --municipality.")
@click.option("--top", "top", type=click.IntRange(min=1), default=None,
              help="List the N best reforms and combine up to N reforms greedily (default: list all, combine up to 3).")
@on_option
@click.option("-o", "--output", "output", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Also write an offline HTML report with a chart to this file.")
@click.option("--weights", "weights_file", type=click.Path(path_type=Path), default=None,
              help="TOML file with the composite's weights (default: the packaged weights.toml).")
@reforms_option
@engine_options
@format_option
@data_option
def rank(municipality: str, cases: str | None, top: int | None, on, output: Path | None, weights_file: Path | None,
         reform_paths: tuple[Path, ...], engine: str, scheduler: str | None, fmt: str, data_dir: Path | None) -> None:
    """Rank reforms by what they do to a set of households under one municipality model.

    Each candidate reform (written for the model, or for any model) is applied to every case; the ranking is by the
    drop in total household fragmentation (sum of household composites), then deadlocks removed, weeks saved on the
    critical chains, and the load moved to professionals (change in the sum of professional composites). Reforms
    with identical effects on every case are grouped as equivalent; combinations are built greedily.

    \b
    Examples:
      kennisgraaf reforms rank --municipality enschede-2008
      kennisgraaf reforms rank --municipality enschede-2008 --cases gescheiden-vrouw,jongeren-werk --format json
      kennisgraaf reforms rank --municipality enschede-2008 --top 5 -o reforms.html
      kennisgraaf reforms rank --municipality enschede-2008 --engine dask --scheduler tcp://scheduler:8786
    """
    if scheduler and engine != "dask":
        raise click.UsageError("--scheduler needs --engine dask")
    weights = load_weights(weights_file)
    case_path = Path(cases) if cases and Path(cases).exists() else None
    loads_cases = case_path is not None and (case_path.is_dir() or case_path.suffix in (".ttl", ".nt", ".n3"))
    extra = list(reform_paths) + ([case_path] if loads_cases else [])
    kg = load_graph(data_dir, extra_paths=extra)
    domain = load_domain(kg)
    if loads_cases:
        case_ids = _cases_from(kg, case_path)
    elif case_path is not None:
        case_ids = [line.strip() for line in case_path.read_text(encoding="utf-8").splitlines()
                    if line.strip() and not line.lstrip().startswith("#")]
    elif cases:
        case_ids = [c.strip() for c in cases.split(",") if c.strip()]
    else:
        case_ids = None
    day = on.date() if on else None
    if engine == "dask":
        from ..distributed import DaskOutcomes, dask_client
        from ..reforms.checks import case_keys, model_key
        with dask_client(scheduler) as client:
            many = DaskOutcomes(client, domain, model_key(domain, municipality), case_keys(domain, case_ids), weights, day)
            ranking = lib.rank_reforms(domain, municipality, case_ids, top=top, combine=top or 3, weights=weights,
                                       on=day, outcomes_many=many)
    else:
        ranking = lib.rank_reforms(domain, municipality, case_ids, top=top, combine=top or 3, weights=weights, on=day)
    if output:
        from ..reforms_report import render_html
        from ..atomic import write_text
        write_text(output, render_html(ranking))
        click.echo(f"wrote {output}", err=True)
    if fmt == "json":
        click.echo(to_json(ranking.as_dict()))
        return
    rows = [{"kind": "reform", **e.as_row()} for e in ranking.reforms] + \
           [{"kind": "combination", **e.as_row()} for e in ranking.combinations]
    for row in rows[len(ranking.reforms):]:
        row["equivalent to"] = ""  # the rank of a combination is its size
    if fmt == "csv":
        click.echo(render_rows(rows, fmt))
        return
    click.echo(f"{len(ranking.cases)} case(s) under {ranking.municipality} on {ranking.date}: "
               f"household composites {ranking.baseline['household_composite']}, "
               f"professional {ranking.baseline['professional_composite']}, "
               f"{ranking.baseline['deadlocks']} deadlock(s), {ranking.baseline['critical_chain_weeks']} weeks on critical chains"
               f" ({ranking.baseline.get('critical_chains_blocked', 0)} blocked by a deadlock)")
    click.echo(render_rows([{k: v for k, v in r.items() if k != "kind"} for r in rows[:len(ranking.reforms)]], fmt))
    if ranking.combinations:
        click.echo("\ngreedy combinations:")
        click.echo(render_rows([{("size" if k == "rank" else k): v for k, v in r.items()
                                 if k not in ("kind", "equivalent to")} for r in rows[len(ranking.reforms):]], fmt))
    for group in ranking.groups:
        click.echo(f"equivalent (identical effect on every case): {' = '.join(g.split(':', 1)[1] for g in group)}")
    for reform, why in ranking.skipped:
        click.echo(f"not ranked: {reform.split(':', 1)[1]} ({why})")


def _cases_from(kg: KnowledgeGraph, path: Path) -> list[str]:
    """The cases defined in the files loaded from ``path``."""
    root = path.resolve()
    graphs = {g for g, f in kg.files.items() if f.resolve() == root or root in f.resolve().parents}
    rows = kg.select("SELECT DISTINCT ?s ?g WHERE { GRAPH ?g { ?s a kg:HouseholdCase } }")
    found = sorted({compact(r["s"]) for r in rows if r["g"] in graphs})
    if not found:
        raise DataError("no household cases (kg:HouseholdCase) in the given case set", path=str(path),
                        fix="give a folder or file with case files, or case ids separated by commas")
    return found
