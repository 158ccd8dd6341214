"""Commands over the graph itself: count, query, validate, and the id listings."""

from __future__ import annotations

from pathlib import Path

import click

from .. import catalog
from ..errors import CheckFailed
from ..namespaces import compact
from ..output import render_rows, to_json
from . import main
from .options import data_option, format_option, load_graph


@main.command()
@click.option("--municipality", "municipality", required=True, help="Municipality model id, e.g. enschede-2008.")
@click.option("--explain", is_flag=True, help="List the entities behind each count.")
@click.option("--on", "on", type=click.DateTime(formats=["%Y-%m-%d", "%d-%m-%Y"]), default=None,
              help="Count only what is in force on this date (YYYY-MM-DD or DD-MM-YYYY): provisions, laws, protocols, methods, "
                   "instruments, systems and institutions. Default: the model's own reference date (kg:referenceDate); "
                   "a model without one counts everything.")
@format_option
@data_option
def count(municipality: str, explain: bool, on, fmt: str, data_dir: Path | None) -> None:
    """The six Enschede counts of a municipality model.

    Distinct legal frameworks, indication protocols, clarification methods, diagnostic instruments,
    registration systems and institutions over all the model's service arrangements, computed by SPARQL, on the
    model's reference date unless --on says otherwise. --explain says, per entity, which arrangement brings it in
    and which article or document puts it there ("because").

    \b
    Example:
      kennisgraaf count --municipality enschede-2008 --format json
    """
    kg = load_graph(data_dir)
    model = catalog.resolve_id(kg, "municipality model", municipality)
    day = on.date() if on else catalog.reference_date(kg, model)
    counts = catalog.count_model(kg, model, day)
    dated = {"date": day.isoformat()} if day else {}
    notes = catalog.count_notes(kg, model)
    if notes:
        dated["notes"] = notes
        if fmt != "json":  # json carries them in the object; table and csv keep stdout to the rows
            for note in notes:
                click.echo(f"note: {note}", err=True)
    if explain:
        entities = catalog.count_model_entities(kg, model, day)
        rows = [{"kind": k, **e} for k in catalog.COUNT_KINDS for e in entities[k]]
        click.echo(render_rows(rows, fmt, json_obj={"municipality": municipality, **dated, **counts, "entities": entities}))
        return
    rows = [{"kind": kind, "count": counts[kind]} for kind in catalog.COUNT_KINDS]
    click.echo(render_rows(rows, fmt, json_obj={"municipality": municipality, **dated, **counts}))


@main.command()
@click.argument("query_or_file")
@format_option
@data_option
@click.option("--include-cases/--no-cases", default=True, show_default=True,
              help="Whether household cases are in the queried dataset.")
def query(query_or_file: str, fmt: str, data_dir: Path | None, include_cases: bool) -> None:
    """Run a read-only SPARQL query (text or a .rq file) over ontology and data.

    The kennisgraaf prefixes (kg:, law:, svc:, inst:, …) are predeclared. SELECT gives rows, ASK gives
    true/false, CONSTRUCT and DESCRIBE give Turtle. Updates, SERVICE and remote FROM are refused.

    \b
    Example:
      kennisgraaf query 'SELECT ?law ?id WHERE { ?law kg:bwbId ?id }' --format csv
    """
    text = Path(query_or_file).read_text(encoding="utf-8") if query_or_file.endswith(".rq") and Path(query_or_file).is_file() else query_or_file
    kg = load_graph(data_dir, include_cases=include_cases)
    from ..query import run_query  # imported here: its safety check loads rdflib's SPARQL grammar

    result = run_query(kg, text)
    if result.kind == "select":
        rows = result.rows
        if fmt == "table":  # people read compact ids; programs (json, csv) get full IRIs
            rows = [{k: compact(v) if isinstance(v, str) else v for k, v in row.items()} for row in rows]
        click.echo(render_rows(rows, fmt, columns=result.variables))
    elif result.kind == "ask":
        click.echo(to_json(result.boolean) if fmt == "json" else ("true" if result.boolean else "false"))
    else:
        click.echo(result.turtle, nl=False)


@main.command()
@click.argument("paths", nargs=-1, type=click.Path(exists=True, path_type=Path))
@click.option("--profile", "profiles", multiple=True, type=click.Choice(["kennisgraaf", "cpsv-ap", "dcat-ap", "dcat-ap-nl"]),
              help="Validate only against these (repeatable): kennisgraaf's own shapes and checks, or the official "
                   "SEMIC shapes of CPSV-AP 3.2.0 or DCAT-AP 3.0.1, or Geonovum's DCAT-AP-NL 3.0.0. Default: all four.")
@format_option
@data_option
def validate(paths: tuple[Path, ...], profiles: tuple[str, ...], fmt: str, data_dir: Path | None) -> None:
    """Validate data against the SHACL shapes, the SPARQL quality checks and the privacy guard.

    With PATHs (files or folders), they are validated together with the data folder they refer to.
    Exit code 1 when there is any violation.

    \b
    Examples:
      kennisgraaf validate
      kennisgraaf validate my-municipality.ttl
      kennisgraaf validate --profile cpsv-ap
    """
    from ..validate import validate_graph

    data_root = (data_dir or None)
    kg = load_graph(data_root, extra_paths=[p for p in paths if not _inside(p, data_root)],
                    check_privacy=False)  # validate reports personal data as violations, with the rest
    report = validate_graph(kg, profiles=profiles or None)
    rows = [v.as_row() for v in report.violations]
    if fmt == "table" and not rows:
        click.echo(f"ok: {report.checked_entities} entities in {len(kg.files)} files conform")
    else:
        click.echo(render_rows(rows, fmt, columns=["severity", "file", "entity", "check", "message"],
                               json_obj={"conforms": report.conforms, "violations": rows}))
    if not report.conforms:
        raise CheckFailed(f"{len(report.violations)} violation(s)")


def _inside(path: Path, data_root: Path | None) -> bool:
    from ..store import default_data_dir
    root = (data_root or default_data_dir()).resolve()
    return path.resolve() == root or root in path.resolve().parents


def _listing(kind: str, fmt: str, data_dir: Path | None, include_cases: bool = True) -> None:
    kg = load_graph(data_dir, include_cases=include_cases)
    rows = catalog.describe_listing(kg, kind)
    click.echo(render_rows(rows, fmt, columns=["id", "label_nl", "label_en"]))


@main.command()
@format_option
@data_option
def cases(fmt: str, data_dir: Path | None) -> None:
    """List the household cases.

    \b
    Example:
      kennisgraaf cases --format json
    """
    _listing("case", fmt, data_dir)


@main.command()
@click.option("--all", "all_municipalities", is_flag=True,
              help="List every Dutch municipality (CBS code, name, province, TOOI IRI) with the models it has.")
@format_option
@data_option
def municipalities(all_municipalities: bool, fmt: str, data_dir: Path | None) -> None:
    """List the municipality models (with --all: every municipality, those with a model marked).

    \b
    Examples:
      kennisgraaf municipalities
      kennisgraaf municipalities --all --format csv
    """
    if all_municipalities:
        from ..standards.municipalities import listing
        rows = listing(load_graph(data_dir, include_cases=False))
        click.echo(render_rows(rows, fmt, columns=["code", "name", "province", "tooi", "until", "models"]))
        return
    _listing("municipality model", fmt, data_dir, include_cases=False)


@main.command()
@format_option
@data_option
def scenarios(fmt: str, data_dir: Path | None) -> None:
    """List the scenarios.

    \b
    Example:
      kennisgraaf scenarios
    """
    _listing("scenario", fmt, data_dir, include_cases=False)
