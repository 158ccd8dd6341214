"""Options shared by many commands, defined once."""

from __future__ import annotations

from pathlib import Path

import click

from ..output import FORMATS

data_option = click.option(
    "--data", "data_dir", type=click.Path(path_type=Path), default=None, envvar="KENNISGRAAF_DATA",
    help="Data folder to load (default: the bundled data/; env KENNISGRAAF_DATA).")

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
