"""Authoring commands: import (CSV, XLSX, YAML -> Turtle), export (the other way), new (YAML templates)."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from ..errors import DataError
from ..store import KnowledgeGraph
from . import main
from .options import ExistingPath, data_option, load_graph


@main.command("import")
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("-o", "--output", "out_dir", required=True, type=click.Path(path_type=Path),
              help="Folder to write to: Turtle goes to DIR/municipalities/ and DIR/cases/, one file per input.")
@data_option
def import_(files: tuple[Path, ...], out_dir: Path, data_dir: Path | None) -> None:
    """Import municipality models and household cases from CSV, XLSX or YAML (also Turtle, N-Triples, JSON-LD).

    \b
    CSV: one file per sheet, named after it (voorbeeldstad-arrangements.csv); XLSX: one worksheet per sheet;
    YAML: a file from `kennisgraaf new municipality` or `kennisgraaf new case`. Sheets: municipalities, models,
    institutions, arrangements, preconditions, cases, members. National entities are referred to by id
    (svc:algemene-bijstand, algemene-bijstand) or by Dutch or English name, in any case.

    Nothing is written unless every file is correct, free of personal data, and the result validates with the
    data folder (--data); each problem is reported with file, row or line, column and fix. Files written
    earlier under the same names are replaced.

    \b
    Example:
      kennisgraaf import examples/voorbeeldstad.yaml examples/voorbeeldstad-case.yaml -o voorbeeldstad
    """
    from ..authoring import import_files

    if click.get_current_context().meta.get("kennisgraaf.with"):
        raise click.UsageError("import does not read --with: give the files to import as arguments, "
                               "and the data they refer to with --data")
    result = import_files(list(files), out_dir, data_dir)
    for path in result.written:
        counts = result.summary.get(path, {})
        detail = ", ".join(f"{n} {kind}" for kind, n in sorted(counts.items()))
        click.echo(f"wrote {path}" + (f" ({detail})" if detail else ""), err=True)
        click.echo(str(path))


@main.command()
@click.argument("paths", nargs=-1, type=ExistingPath(path_type=Path))
@click.option("--format", "fmt", type=click.Choice(["ttl", "nt", "jsonld", "csv", "xlsx"]), default="ttl",
              show_default=True,
              help="ttl, nt or jsonld: the graph; csv or xlsx: the municipality models and cases as sheets.")
@click.option("-o", "--output", "output", type=click.Path(path_type=Path), default=None,
              help="File to write (a folder for csv); default for ttl/nt/jsonld: stdout.")
@click.option("--include-cases/--no-cases", default=True, show_default=True,
              help="Whether household cases are exported.")
@data_option
def export(paths: tuple[Path, ...], fmt: str, output: Path | None, include_cases: bool, data_dir: Path | None) -> None:
    """Export the graph (ttl, nt, jsonld) or the municipality models and cases in the layout import reads
    (csv: one file per sheet in a folder; xlsx: one workbook), so that export then import round-trips.

    Without PATHs: the data folder (csv/xlsx: its municipalities/ and cases/). With PATHs: just those files or
    folders. Spreadsheet cells that would run as formulas are escaped with a leading '.

    \b
    Examples:
      kennisgraaf export --format ttl -o alles.ttl
      kennisgraaf export --format xlsx -o gemeenten.xlsx
      kennisgraaf export voorbeeldstad --format csv -o voorbeeldstad-csv
    """
    from ..authoring import exporter

    if fmt in exporter.TABLE_FORMATS and output is None:
        raise click.UsageError(f"--format {fmt} needs -o ({'a folder' if fmt == 'csv' else 'an .xlsx file'})")
    if paths:
        kg = KnowledgeGraph()
        for path in paths:
            if path.is_dir():
                kg.load_folder(path, namespace=f"extra/{path.name}/", include_cases=include_cases)
            else:
                kg.load_file(path, path.parent, namespace="extra/")
        graph = exporter.select_graph(kg)
    else:
        kg = load_graph(data_dir, include_cases=include_cases)
        folders = ("municipalities", "cases") if fmt in exporter.TABLE_FORMATS else None
        graph = exporter.select_graph(kg, folders=folders)
    if not include_cases:
        from ..authoring.importer import split_rdf
        graph = split_rdf(graph)["municipalities"]
    if fmt in exporter.RDF_FORMATS:
        content = exporter.rdf_bytes(graph, fmt)
        if output is None:
            sys.stdout.buffer.write(content)
            sys.stdout.flush()
        else:
            exporter.write({output: content})
            click.echo(f"wrote {output} ({len(graph)} triples)", err=True)
        return
    data, left_out = exporter.tables(graph)
    for line in left_out[:20]:
        click.echo(f"warning: not in the tabular layout: {line}", err=True)
    if len(left_out) > 20:
        click.echo(f"warning: … and {len(left_out) - 20} more", err=True)
    if not data:
        raise DataError("no municipality models or cases to export", fix="give files or a --data folder that hold them")
    if fmt == "csv":
        if output.exists() and not output.is_dir():
            raise DataError("for csv, -o names a folder, and this is a file", path=str(output))
        contents = exporter.csv_files(data, output)
    else:
        contents = {output: exporter.xlsx_bytes(data)}
    for path in exporter.write(contents):
        click.echo(str(path))
    click.echo(f"exported {sum(len(r) for r in data.values())} rows in {len(data)} sheet(s)", err=True)


@main.group()
def new() -> None:
    """Print a commented YAML template to fill in (or write it with -o).

    \b
    Examples:
      kennisgraaf new municipality -o mijngemeente.yaml
      kennisgraaf new case > mijn-casus.yaml
    """


def _template(kind: str, output: Path | None, force: bool) -> None:
    from ..authoring.templates import TEMPLATES

    text = TEMPLATES[kind]
    if output is None:
        click.echo(text, nl=False)
        return
    if output.exists() and not force:
        raise DataError("the file exists already", path=str(output), fix="give another name, or add --force")
    from ..atomic import write_files
    write_files({output: text.encode("utf-8")}, make_dirs=True)
    click.echo(f"wrote {output}: fill it in, then `kennisgraaf import {output} -o DIR`", err=True)


_output = click.option("-o", "--output", type=click.Path(path_type=Path), default=None,
                       help="Write the template to this file instead of stdout.")
_force = click.option("--force", is_flag=True, help="Overwrite the file if it exists.")


@new.command("case")
@_output
@_force
def new_case(output: Path | None, force: bool) -> None:
    """A household case: needs, roles and age bands, no personal data.

    \b
    Example:
      kennisgraaf new case -o mijn-casus.yaml
    """
    _template("case", output, force)


@new.command("municipality")
@_output
@_force
def new_municipality(output: Path | None, force: bool) -> None:
    """A municipality model: institutions, wijkteam and mandate, arrangements and local preconditions.

    \b
    Example:
      kennisgraaf new municipality -o mijngemeente.yaml
    """
    _template("municipality", output, force)
