"""`kennisgraaf batch`: score many cases on all cores, to a CSV of every score and an offline HTML report."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from ..batch import REPORT_FILE, SCORES_FILE, run_batch
from ..report import load_weights
from . import main
from .options import data_option, engine_options


class _Bar:
    """A rich progress bar on stderr, refreshed on each advance (no refresh thread, so forking stays safe)."""

    def __init__(self, total: int):
        from rich.console import Console
        from rich.progress import (BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn,
                                   TimeRemainingColumn)

        self.progress = Progress(TextColumn("scoring cases"), BarColumn(), MofNCompleteColumn(),
                                 TextColumn("·"), TimeElapsedColumn(), TextColumn("· eta"), TimeRemainingColumn(),
                                 console=Console(file=sys.stderr), auto_refresh=False, transient=False)
        self.task = self.progress.add_task("cases", total=total)
        self.progress.start()
        self.progress.refresh()

    def advance(self, n: int) -> None:
        self.progress.advance(self.task, n)
        self.progress.refresh()

    def close(self) -> None:
        self.progress.stop()


def _progress_factory(enabled: bool):
    if not enabled:
        return None
    return _Bar


@main.command()
@click.option("--municipality", "municipalities", multiple=True, metavar="ID",
              help="Score every case under this municipality model (repeatable); default: each case under its own.")
@click.option("--all", "all_cases", is_flag=True,
              help="Every case under its own municipality model (the default when no --municipality is given).")
@click.option("--scenario", "scenarios", multiple=True, metavar="ID",
              help="Scenario to score (repeatable); default: every scenario, the baseline 'fragmented' first.")
@click.option("--workers", type=click.IntRange(min=1), default=None,
              help="Worker processes (default: one per core; 1 runs in this process).")
@click.option("--weights", "weights_file", type=click.Path(path_type=Path), default=None,
              help="TOML file with the composite's weights (default: the packaged weights.toml).")
@click.option("-o", "--output", "out_dir", type=click.Path(file_okay=False, path_type=Path), required=True,
              help=f"Folder to write {SCORES_FILE} and {REPORT_FILE} into (created when missing).")
@click.option("--progress/--no-progress", default=None,
              help="Show a progress bar on stderr (default: only when stderr is a terminal).")
@click.option("--no-shared-paths", "no_shared", is_flag=True, hidden=True,
              help="Resolve and score every case from scratch, even where an identical case was scored (benchmarks).")
@engine_options
@data_option
def batch(municipalities: tuple[str, ...], all_cases: bool, scenarios: tuple[str, ...], workers: int | None,
          weights_file: Path | None, out_dir: Path, progress: bool | None, no_shared: bool, engine: str,
          scheduler: str | None, data_dir: Path | None) -> None:
    """Score many cases: every case × scenario × perspective, on all cores, partitioned by municipality model.

    Writes OUTPUT/scores.csv (one row per case × scenario × perspective: every numeric measure, the composite and
    each component's points) and OUTPUT/report.html (offline charts: the composite per municipality, scenario
    against scenario, what drives fragmentation, the most frequent deadlocks).

    Both files appear complete or not at all: they are written to temporary files in OUTPUT and renamed at the
    end. Interrupted (Ctrl-C, SIGTERM), the run stops its workers, removes its temporary files and exits with
    128 + the signal number; temporary files left by a killed run (SIGKILL) are removed by the next run.

    \b
    Examples:
      kennisgraaf batch --all -o out/batch
      kennisgraaf batch --municipality enschede-2008 --municipality amsterdam-2020 --scenario fragmented -o out/cmp
      python -m bench.generate /tmp/national --cases 100 && kennisgraaf batch --data /tmp/national -o out/national
      kennisgraaf batch --all --engine dask --scheduler tcp://scheduler:8786 -o out/batch
    """
    if all_cases and municipalities:
        raise click.UsageError("give either --all or --municipality, not both")
    if scheduler and engine != "dask":
        raise click.UsageError("--scheduler needs --engine dask")
    weights = load_weights(weights_file)
    show = sys.stderr.isatty() if progress is None else progress
    from .options import load_domain_of

    domain = load_domain_of(data_dir)  # --data, --with or --store: the graph every worker scores on (cached)
    result = run_batch(out_dir, data_dir=data_dir, domain=domain, models=municipalities, scenarios=scenarios, workers=workers,
                       weights=weights, progress=_progress_factory(show), dedupe=not no_shared,
                       engine=engine, scheduler=scheduler)
    click.echo(f"scored {result.cases} cases under {result.models} municipality models × {len(result.scenarios)} "
               f"scenarios × 2 perspectives = {result.rows} rows in {result.seconds:.1f} s "
               f"({result.cases / max(result.seconds, 1e-9):.0f} cases/s, {result.workers} workers)", err=True)
    click.echo(f"wrote {result.scores}", err=True)
    click.echo(f"wrote {result.report}", err=True)
