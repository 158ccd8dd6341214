"""Commands that draw: `view case`, `view municipality`, `view compare` (interactive HTML) and `docs`."""

from __future__ import annotations

from pathlib import Path

import click

from ..model import load_domain
from ..path import resolve
from ..report import load_weights
from ..views import case_view, compare_view, municipality_view, write_view
from ..views.build import case_description
from ..views.docs import write_docs
from . import main
from .options import data_option, municipality_option, scenario_option, load_graph

output_option = click.option("-o", "--output", "output", type=click.Path(dir_okay=False, path_type=Path),
                             required=True, help="HTML file to write (written whole or not at all).")
weights_option = click.option("--weights", "weights_file", type=click.Path(path_type=Path), default=None,
                              help="TOML file with the composite's weights (default: the packaged weights.toml).")


def _written(path: Path) -> None:
    click.echo(f"wrote {path}", err=True)


@main.group()
def view() -> None:
    """Interactive HTML views: one self-contained file each, works offline, opens in any browser.

    \b
    Colour and shape per type with a legend, tooltips with labels, definition and sources (laws link to
    wetten.overheid.nl), a type filter, a search box, and a sortable table of the same nodes.

    \b
    Examples:
      kennisgraaf view case eindhoven-gezin -o out/case.html
      kennisgraaf view case eindhoven-gezin --print -o out/case-summary.html   # one A4 page to print
      kennisgraaf view compare eindhoven-gezin --scenario fragmented --scenario wijkteam-mandate -o out/cmp.html
      kennisgraaf view municipality enschede-2008 -o out/enschede.html
    """


@view.command("case")
@click.argument("case")
@scenario_option
@municipality_option
@weights_option
@click.option("--print", "printable", is_flag=True,
              help="Write a one-page A4 summary to print for a case conference (path, deadlocks, findings, scores) "
                   "instead of the interactive view.")
@output_option
@data_option
def view_case(case: str, scenario: str, municipality: str | None, weights_file: Path | None, printable: bool,
              output: Path, data_dir: Path | None) -> None:
    """A case's path: needs, provisions and touchpoints, the first-things-first steps, deadlocks in red,
    and the score beside the graph. With --print: the same path as one printable A4 page.

    \b
    Examples:
      kennisgraaf view case gescheiden-vrouw -o out/case-gescheiden-vrouw.html
      kennisgraaf view case gescheiden-vrouw --print -o out/summary-gescheiden-vrouw.html
    """
    weights = load_weights(weights_file)
    kg = load_graph(data_dir)
    domain = load_domain(kg)
    G = resolve(domain, case, model_id=municipality, scenario_id=scenario)
    description, definition = case_description(kg, G.graph["case"])
    if printable:
        from ..views.summary import write_summary
        _written(write_summary(output, domain, G, weights, description=description, definition=definition))
        return
    _written(write_view(case_view(domain, G, weights, description), output))


@view.command("compare")
@click.argument("case")
@click.option("--scenario", "scenarios", multiple=True, required=True, metavar="ID",
              help="Give twice: the scenario on the left and the one on the right.")
@municipality_option
@weights_option
@output_option
@data_option
def view_compare(case: str, scenarios: tuple[str, ...], municipality: str | None, weights_file: Path | None,
                 output: Path, data_dir: Path | None) -> None:
    """A case's path under two scenarios, side by side.

    \b
    Example:
      kennisgraaf view compare eindhoven-gezin --scenario fragmented --scenario wijkteam-mandate -o cmp.html
    """
    if len(scenarios) != 2:
        raise click.UsageError("give --scenario exactly twice (left, right)")
    weights = load_weights(weights_file)
    kg = load_graph(data_dir)
    domain = load_domain(kg)
    left, right = (resolve(domain, case, model_id=municipality, scenario_id=s) for s in scenarios)
    description, _ = case_description(kg, left.graph["case"])
    _written(write_view(compare_view(domain, left, right, weights, description), output))


@view.command("municipality")
@click.argument("model")
@output_option
@data_option
def view_municipality(model: str, output: Path, data_dir: Path | None) -> None:
    """A municipality model: every provision it arranges and every framework, protocol, method, instrument,
    system and institution its arrangements name, grouped by type, with the wijkteam and its mandate.

    \b
    Example:
      kennisgraaf view municipality enschede-2008 -o out/municipality-enschede-2008.html
    """
    kg = load_graph(data_dir, include_cases=False)
    _written(write_view(municipality_view(kg, load_domain(kg), model), output))


@main.command()
@click.option("-o", "--output", "output", type=click.Path(file_okay=False, path_type=Path), required=True,
              help="Folder to write index.html (the documentation) and classes.html (the class diagram) into.")
@click.option("--ontology", "ontology_dir", type=click.Path(path_type=Path), default=None,
              help="Ontology folder (default: the bundled ontology/).")
def docs(output: Path, ontology_dir: Path | None) -> None:
    """Human-readable documentation of the ontology: every class and property with its Dutch and English
    label, definition, domain and range, and an interactive class diagram.

    \b
    Example:
      kennisgraaf docs -o out/docs
    """
    for path in write_docs(output, ontology_dir):
        _written(path)
