"""Batch scoring at national scale: every case × scenario × perspective, on all cores, to a CSV and an HTML report.

The work is partitioned by municipality model: a partition is one model and the cases scored under it (large
partitions are split in chunks, so one model over 30,000 cases still uses every core). Each worker process gets the
graph once — inherited from the parent by ``fork`` where the platform has it, loaded by the worker otherwise — and
scores its partitions independently; the parent streams the rows to the CSV and folds them into the report.
Within a partition, cases whose path cannot differ (same needs, provisions and household under the same model and
scenario) share one resolution and one scoring: a path depends on the case only through those fields.

Outputs are all-or-nothing. Both files are written to temporary files in the output folder, named
``.kennisgraaf-batch-<pid>-…``, and renamed over ``scores.csv`` and ``report.html`` only when both are complete
(with SIGINT/SIGTERM blocked during the two renames). On SIGINT or SIGTERM the workers are stopped and the temporary
files removed; after SIGKILL, which no process can catch, the next batch run into the same folder removes the
temporary files whose process is gone. A previous complete output stays as it was until a new one replaces it.

The same partitions carry over to a cluster (one Dask or Spark task per municipality model); see ``docs/scale.md``.
"""

from __future__ import annotations

import csv
import dataclasses
import math
import os
import signal
import sys
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .batch_output import (REPORT_FILE, SCORES_FILE, TEMP_PREFIX, Interrupted, Outputs,  # noqa: F401 (re-exported)
                           clean_stale_temp_files, signals_held, signals_raise)
from .errors import DataError, UnknownIdError
from .atomic import check_output
from .output import csv_cell
from .model import Domain, load_domain
from .path import PERSPECTIVES, derived, resolve
from .report import MEASURE_NAMES, load_weights, score_path
from .store import KnowledgeGraph

#: Numeric measure columns of the CSV, in report order (the deadlock cycles go to the ``deadlocks`` text column).
NUMERIC_MEASURES = tuple(name for name in MEASURE_NAMES if name != "deadlocks")
ID_COLUMNS = ("case", "municipality", "scenario", "perspective", "date")

#: A chunk of cases under one model is at most this big (smaller when there are few cases per worker).
MAX_CHUNK = 400


@dataclass(frozen=True)
class Task:
    """One unit of work: cases scored under one municipality model."""

    model: str
    cases: tuple[str, ...]


@dataclass
class BatchResult:
    """What a batch run wrote."""

    scores: Path
    report: Path
    rows: int
    cases: int
    models: int
    scenarios: tuple[str, ...]
    seconds: float = 0.0
    workers: int = 1
    shared_paths: int = 0

    def as_dict(self) -> dict[str, Any]:
        return {"scores": str(self.scores), "report": str(self.report), "rows": self.rows, "cases": self.cases,
                "models": self.models, "scenarios": list(self.scenarios), "seconds": round(self.seconds, 3),
                "workers": self.workers, "shared_paths": self.shared_paths}


def columns(weights: dict[str, dict[str, Any]]) -> list[str]:
    """The CSV header: ids, every numeric measure, the composite, each component's points, unmet needs, deadlocks.

    >>> columns({"handoffs": {"weight": 1}})[:6]
    ['case', 'municipality', 'scenario', 'perspective', 'date', 'frameworks']
    >>> columns({"handoffs": {"weight": 1}})[-4:]
    ['composite', 'points_handoffs', 'unmet_needs', 'deadlocks']
    """
    return [*ID_COLUMNS, *NUMERIC_MEASURES, "composite", *(f"points_{name}" for name in weights),
            "unmet_needs", "deadlocks"]


# -- planning ----------------------------------------------------------------------------------------------------

def _full(given: str, prefix: str) -> str:
    return given if ":" in given else f"{prefix}:{given}"


def select_scenarios(domain: Domain, scenarios: Iterable[str] = ()) -> tuple[str, ...]:
    """The scenario ids to score: the given ones (checked), or all, the baseline ``scen:fragmented`` first."""
    given = [_full(s, "scen") for s in scenarios]
    for sid in given:
        if sid not in domain.scenarios:
            raise UnknownIdError("scenario", sid.split(":", 1)[1], [k.split(":", 1)[1] for k in domain.scenarios])
    chosen = list(dict.fromkeys(given)) or sorted(domain.scenarios, key=lambda s: (s != "scen:fragmented", s))
    if not chosen:
        raise DataError("the data defines no scenario", fix="add data/scenarios/fragmented.ttl")
    return tuple(chosen)


def plan_tasks(domain: Domain, models: Iterable[str] = (), *, workers: int = 1) -> list[Task]:
    """Partition the work by municipality model.

    Without ``models`` every case is scored under its own default model (cases without one are skipped); with
    ``models`` every case is scored under each given model. Partitions larger than a chunk are split.
    """
    given = [_full(m, "model") for m in models]
    for mid in given:
        if mid not in domain.models:
            raise UnknownIdError("municipality model", mid.split(":", 1)[1],
                                 [k.split(":", 1)[1] for k in domain.models])
    scorable = sorted(c.id for c in domain.cases.values() if c.needs or c.provisions)
    partitions: dict[str, list[str]] = {}
    if given:
        for mid in dict.fromkeys(given):
            partitions[mid] = scorable
    else:
        for cid in scorable:
            mid = domain.cases[cid].default_model
            if mid in domain.models:
                partitions.setdefault(mid, []).append(cid)
    total = sum(len(c) for c in partitions.values())
    chunk = max(25, min(MAX_CHUNK, math.ceil(total / max(1, workers * 8)) if total else 1))
    # In model order, so that the CSV is the same whatever the number of workers.
    return [Task(mid, tuple(cases[i:i + chunk])) for mid, cases in sorted(partitions.items())
            for i in range(0, len(cases), chunk)]


# -- scoring (runs in the workers) -------------------------------------------------------------------------------

def _slug(compact_id: str) -> str:
    return compact_id.split(":", 1)[-1]


def _path_key(domain: Domain, case_id: str) -> Any:
    """What a path depends on besides model and scenario: the case without its id and default model (or None)."""
    case = domain.cases[case_id]
    try:
        key = dataclasses.replace(case, id="", default_model=None)
        hash(key)
        return key
    except (TypeError, ValueError):
        return None


def score_task(domain: Domain, task: Task, scenarios: tuple[str, ...], weights: dict[str, dict[str, Any]],
               cache: dict | None = None) -> tuple[list[list[Any]], int]:
    """Score every case of a task in every scenario and both perspectives: CSV rows, and how many paths were shared.

    ``cache`` (one per worker) maps (model, scenario, case-without-id) to the scored values, for cases that cannot
    differ; pass ``None`` to score every case from scratch.
    """
    rows: list[list[Any]] = []
    shared = 0
    weight_names = list(weights)
    model_slug = _slug(task.model)
    for case_id in task.cases:
        case_slug = _slug(case_id)
        key = _path_key(domain, case_id) if cache is not None else None
        for scenario in scenarios:
            cache_key = (task.model, scenario, key) if key is not None else None
            scored = cache.get(cache_key) if cache_key is not None else None
            if scored is None:
                scored = _score_path(domain, case_id, task.model, scenario, weights, weight_names)
                if cache_key is not None:
                    cache[cache_key] = scored
            else:
                shared += 1
            for values in scored:
                rows.append([case_slug, model_slug, _slug(scenario), *values])
    return rows, shared


def _score_path(domain: Domain, case_id: str, model: str, scenario: str, weights: dict,
                weight_names: list[str]) -> list[list[Any]]:
    G = resolve(domain, case_id, model_id=model, scenario_id=scenario)
    out = []
    with derived(G):  # both perspectives share the plan order and the precondition graph
        for perspective in PERSPECTIVES:
            score = score_path(G, perspective, weights)
            measures = score.measures
            numeric = [measures.get(name, "") for name in NUMERIC_MEASURES]
            points = [score.components.get(name, {}).get("points", 0.0) for name in weight_names]
            cycles = " | ".join(" > ".join(_slug(p) for p in cycle) for cycle in measures.get("deadlocks", []))
            out.append([perspective, score.date, *numeric, score.composite, *points,
                        " ".join(_slug(n) for n in score.unmet_needs), cycles])
    return out


# Worker state: set by the parent before forking, or by the initializer under spawn.
_WORKER: dict[str, Any] = {}


def _init_worker(parent: int, data_dir: str | None, scenarios: tuple[str, ...], weights: dict,
                 dedupe: bool) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent handles Ctrl-C and stops the workers
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    _die_with_parent(parent)
    if "domain" not in _WORKER:
        _WORKER["domain"] = load_domain(KnowledgeGraph.load(data_dir))
    _WORKER.update(scenarios=scenarios, weights=weights, cache={} if dedupe else None)


def _die_with_parent(parent: int) -> None:
    """On Linux, have the kernel send SIGTERM to this worker when the parent dies (even by SIGKILL)."""
    if not sys.platform.startswith("linux"):
        return
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, int(signal.SIGTERM), 0, 0, 0)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):  # pragma: no cover
        return
    if os.getppid() != parent:  # the parent died before prctl took effect
        os._exit(1)


def _run_task(task: Task) -> tuple[int, list[list[Any]], int]:
    rows, shared = score_task(_WORKER["domain"], task, _WORKER["scenarios"], _WORKER["weights"], _WORKER["cache"])
    return len(task.cases), rows, shared


# -- the run -----------------------------------------------------------------------------------------------------

ProgressFactory = Callable[[int], Any]


def run_batch(out_dir: Path | str, *, data_dir: Path | str | None = None, models: Iterable[str] = (),
              scenarios: Iterable[str] = (), workers: int | None = None, weights: dict | None = None,
              progress: ProgressFactory | None = None, dedupe: bool = True,
              domain: Domain | None = None, engine: str = "local", scheduler: str | None = None) -> BatchResult:
    """Score every case × scenario × perspective and write ``scores.csv`` and ``report.html`` into ``out_dir``.

    ``workers`` defaults to the number of cores; 1 runs in this process. ``progress(total_cases)`` may return an
    object with ``advance(n)`` and ``close()`` (see :func:`kennisgraaf.cli.batch`). Raises :class:`Interrupted`
    on SIGINT/SIGTERM, after removing the temporary files. ``engine="dask"`` runs the same partitions as tasks on
    the Dask scheduler at ``scheduler`` (or a local cluster of ``workers`` processes): the same output
    (:mod:`kennisgraaf.distributed`).
    """
    import time

    from .batch_report import ReportBuilder

    started = time.perf_counter()
    models, scenarios = tuple(models), tuple(scenarios)
    out = Path(out_dir)
    weights = weights if weights is not None else load_weights()
    if domain is None:
        domain = load_domain(KnowledgeGraph.load(data_dir))
    for name in (SCORES_FILE, REPORT_FILE):  # never into the data being read (checked before anything is made)
        check_output(out / name)
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise DataError(f"cannot create the output folder: {exc.strerror}", path=str(out)) from None
    clean_stale_temp_files(out)
    chosen_scenarios = select_scenarios(domain, scenarios)
    if workers is None:  # one per core, but no pool for a handful of cases
        workers = 1 if len(domain.cases) * max(1, len(models)) < 200 else (os.cpu_count() or 1)
    workers = max(1, workers)
    tasks = plan_tasks(domain, models, workers=workers)
    total_cases = sum(len(t.cases) for t in tasks)
    if not tasks:
        raise DataError("no cases to score", fix="add household cases under data/cases/, or pass --municipality")
    workers = min(workers, len(tasks))

    outputs = Outputs(out)
    header = columns(weights)
    builder = ReportBuilder(domain, chosen_scenarios, header, weights)
    bar = progress(total_cases) if progress else None
    rows_written = shared = 0
    pool = None
    try:
        with signals_raise():
            with open(outputs.temp_scores, "w", encoding="utf-8", newline="") as handle:
                writer = csv.writer(handle, lineterminator="\n")
                writer.writerow(header)
                for n_cases, rows, n_shared in _execute(tasks, domain, data_dir, chosen_scenarios, weights,
                                                        workers, dedupe, lambda p: _set_pool(p), engine, scheduler):
                    writer.writerows([[csv_cell(v) for v in row] for row in rows])
                    builder.add_rows(rows)
                    rows_written += len(rows)
                    shared += n_shared
                    if bar is not None:
                        bar.advance(n_cases)
                handle.flush()
                os.fsync(handle.fileno())
            html = builder.render(rows=rows_written, seconds=time.perf_counter() - started, workers=workers)
            with open(outputs.temp_report, "w", encoding="utf-8") as handle:
                handle.write(html)
                handle.flush()
                os.fsync(handle.fileno())
            outputs.commit()
    except BaseException as exc:
        with signals_held():  # a second Ctrl-C must not interrupt the clean-up
            pool = _POOL.pop("pool", None)
            if pool is not None:
                pool.terminate()
                pool.join()
            outputs.remove_temp()
        if isinstance(exc, OSError):  # a full disk, a read-only folder: one message, the previous output intact
            raise DataError(f"cannot write the output: {exc.strerror or exc}", path=str(out),
                            fix="free disk space or choose another -o folder; the previous output is unchanged") from None
        raise
    finally:
        _POOL.pop("pool", None)
        if bar is not None:
            bar.close()
    return BatchResult(outputs.scores, outputs.report, rows_written, total_cases, len({t.model for t in tasks}),
                       chosen_scenarios, time.perf_counter() - started, workers, shared)


_POOL: dict[str, Any] = {}


def _set_pool(pool: Any) -> None:
    _POOL["pool"] = pool


def _execute(tasks: list[Task], domain: Domain, data_dir, scenarios: tuple[str, ...], weights: dict, workers: int,
             dedupe: bool, on_pool: Callable[[Any], None], engine: str = "local",
             scheduler: str | None = None) -> Iterator[tuple[int, list[list[Any]], int]]:
    """Yield (cases, rows, shared paths) per task, in task order."""
    if engine == "dask":
        from .distributed import dask_client, execute_batch
        with dask_client(scheduler, workers) as client:
            yield from execute_batch(client, tasks, domain, scenarios, weights, dedupe)
        return
    if workers <= 1:
        cache: dict | None = {} if dedupe else None
        for task in tasks:
            rows, n_shared = score_task(domain, task, scenarios, weights, cache)
            yield len(task.cases), rows, n_shared
        return
    import multiprocessing as mp

    methods = mp.get_all_start_methods()
    if "fork" in methods:
        # The workers inherit the loaded graph: no second load, and its pages are shared copy-on-write.
        context = mp.get_context("fork")
        _WORKER["domain"] = domain
        initargs = (os.getpid(), None, scenarios, weights, dedupe)
    else:  # pragma: no cover - spawn platforms: each worker loads the graph once
        context = mp.get_context("spawn")
        initargs = (os.getpid(), str(data_dir) if data_dir else None, scenarios, weights, dedupe)
    try:
        pool = context.Pool(workers, initializer=_init_worker, initargs=initargs)
        on_pool(pool)
        try:
            # In task order (results are buffered until their turn), so the CSV does not depend on timing.
            yield from pool.imap(_run_task, tasks)
            pool.close()
        except BaseException:
            pool.terminate()
            raise
        finally:
            pool.join()
    finally:
        _WORKER.pop("domain", None)


__all__ = ["run_batch", "plan_tasks", "select_scenarios", "score_task", "columns", "clean_stale_temp_files",
           "BatchResult", "Task", "Interrupted", "NUMERIC_MEASURES", "SCORES_FILE", "REPORT_FILE", "TEMP_PREFIX"]
