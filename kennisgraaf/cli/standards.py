"""`kennisgraaf standards generate|check`: the statements the SEMIC profiles and Dutch identifiers need."""

from __future__ import annotations

from pathlib import Path

import click

from ..errors import CheckFailed
from ..output import render_rows
from . import main
from .options import data_option, format_option, load_graph


@main.group()
def standards() -> None:
    """CPSV-AP, DCAT-AP, UPL and TOOI: generate the derived files and check that nothing is missing.

    \b
    Example, after adding provisions, protocols or preconditions:
      kennisgraaf standards generate   # rewrites data/national/cpsv-ap.ttl from labels and definitions
      kennisgraaf standards check      # exit 1 naming every entity that lacks what the profiles require
    """


def _data_root(data_dir: Path | None) -> Path:
    from ..store import default_data_dir
    return Path(data_dir) if data_dir else default_data_dir()


@standards.command()
@data_option
def generate(data_dir: Path | None) -> None:
    """Rewrite the generated files: ontology/context.jsonld (the JSON-LD context of the vocabulary), and in the data
    folder catalog.ttl (the DCAT-AP description of the dataset),
    national/municipalities.ttl (every municipality, from
    data/sources/gemeenten/) and national/cpsv-ap.ttl (CPSV-AP identifier, title, description and relations of every
    provision, protocol and precondition, from their own labels and definitions).

    \b
    Example:
      kennisgraaf standards generate && git diff --stat data/national
    """
    from ..standards import context, cpsv, dcat, municipalities
    from ..store import default_ontology_dir

    root = _data_root(data_dir)
    click.echo(f"wrote {municipalities.generate(root)}", err=True)
    kg = load_graph(root, include_cases=False)
    click.echo(f"wrote {dcat.generate(kg, root)}", err=True)
    click.echo(f"wrote {context.generate(kg, default_ontology_dir())}", err=True)
    target, problems = cpsv.generate(kg, root)
    click.echo(f"wrote {target}", err=True)
    for problem in problems:
        click.echo(f"incomplete: {problem.entity}: {problem.message}", err=True)
    if problems:
        raise CheckFailed(f"{len(problems)} entit{'y' if len(problems) == 1 else 'ies'} could not be completed")


@standards.command()
@format_option
@data_option
def check(fmt: str, data_dir: Path | None) -> None:
    """Fail (exit 1), naming the entity, where a provision, protocol or precondition lacks what CPSV-AP needs, where
    data/national/cpsv-ap.ttl is out of date, where a provision has neither a UPL URI nor a note why not, or where a
    public organisation has neither a TOOI id nor a note why not.

    \b
    Example:
      kennisgraaf standards check --format csv
    """
    from ..standards import checks

    root = _data_root(data_dir)
    rows = checks.run_all(load_graph(root, include_cases=False), root)
    if fmt == "table" and not rows:
        click.echo("ok: every provision, protocol, precondition and public organisation is complete")
    else:
        click.echo(render_rows(rows, fmt, columns=["entity", "check", "message"]))
    if rows:
        raise CheckFailed(f"{len(rows)} problem(s)")
