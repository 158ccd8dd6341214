"""Batch scoring and reform ranking on a Dask cluster (``--engine dask``), with the same output as the local engine.

The partitions are the local engine's (:func:`kennisgraaf.batch.plan_tasks`: one municipality model, a chunk of its
cases). The catalogue — the :class:`~kennisgraaf.model.Domain` without its cases — is sent to every worker once
(``Client.scatter(..., broadcast=True)``); each task carries only its own cases. Results come back in task order,
so ``scores.csv`` is byte for byte the one the local engine writes. A worker that dies mid-run is replaced by its
nanny and Dask runs its tasks again elsewhere (``retries``); scoring is a pure function of the task, so a task run
twice gives the same rows.

Point ``--scheduler`` at any Dask scheduler (``tcp://host:8786``: dask-kubernetes, dask-jobqueue on Slurm, a
``dask scheduler`` you started); without it a :class:`distributed.LocalCluster` with one worker process per core is
started for the run. See docs/scale.md.
"""

from __future__ import annotations

import copy
import dataclasses
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from .errors import DataError
from .model import Domain

ENGINES = ("local", "dask")

#: Per worker process: the catalogue of the last run, and the path cache of the local engine (``dedupe``).
_WORKER: dict[str, Any] = {}


def _require_dask():
    try:
        import distributed
    except ImportError:
        raise DataError("--engine dask needs Dask", fix="pip install 'kennisgraaf[dask]'") from None
    return distributed


@contextmanager
def dask_client(scheduler: str | None = None, workers: int | None = None):
    """A Dask client on ``scheduler``, or on a LocalCluster of ``workers`` processes started for the block."""
    distributed = _require_dask()
    if scheduler:
        try:
            client = distributed.Client(scheduler, timeout="10s")
        except (OSError, TimeoutError) as exc:
            raise DataError(f"cannot reach the Dask scheduler at {scheduler}: {exc}",
                            fix="start one (`dask scheduler`) or leave out --scheduler for a local cluster") from None
        try:
            yield client
        finally:
            client.close()
        return
    import os

    n = workers or os.cpu_count() or 1
    with distributed.LocalCluster(n_workers=n, threads_per_worker=1, processes=True, dashboard_address=None,
                                  silence_logs=40) as cluster, distributed.Client(cluster) as client:
        yield client


def catalogue_of(domain: Domain) -> Domain:
    """The domain without its household cases: what every task needs, sent to each worker once."""
    return dataclasses.replace(domain, cases={})


def _with_cases(catalogue: Domain, cases: dict) -> Domain:
    # A shallow copy keeps the catalogue's indexes and memoised path fragments (they do not depend on the cases).
    view = copy.copy(catalogue)
    view.cases = cases
    return view


def _score_remote(catalogue: Domain, task, cases: dict, scenarios: tuple[str, ...], weights: dict,
                  dedupe: bool) -> tuple[int, list[list[Any]], int]:
    from .batch import score_task

    if _WORKER.get("catalogue") is not catalogue:  # a new run: a new path cache
        _WORKER.update(catalogue=catalogue, cache={} if dedupe else None)
    rows, shared = score_task(_with_cases(catalogue, cases), task, scenarios, weights, _WORKER["cache"])
    return len(task.cases), rows, shared


def execute_batch(client, tasks: Sequence, domain: Domain, scenarios: tuple[str, ...], weights: dict,
                  dedupe: bool = True, retries: int = 3) -> Iterator[tuple[int, list[list[Any]], int]]:
    """Yield (cases, rows, shared paths) per task, in task order, computed by the cluster behind ``client``."""
    catalogue = client.scatter(catalogue_of(domain), broadcast=True, hash=False)
    futures = [client.submit(_score_remote, catalogue, task, {c: domain.cases[c] for c in task.cases}, scenarios,
                             weights, dedupe, pure=False, retries=retries, key=f"kennisgraaf-batch-{i}-{id(tasks)}")
               for i, task in enumerate(tasks)]
    try:
        for future in futures:
            yield future.result()
    finally:
        client.cancel(futures)


# -- reforms --------------------------------------------------------------------------------------------------------

def _outcomes_remote(catalogue: Domain, cases: dict, model_id: str, case_ids: tuple[str, ...], weights: dict, on,
                     transformations: tuple) -> dict:
    from .reforms.evaluate import Evaluator

    key = ("evaluator", id(catalogue), model_id, case_ids, on)
    evaluator = _WORKER.get(key)
    if evaluator is None:  # one baseline per worker and run
        for stale in [k for k in _WORKER if isinstance(k, tuple) and k[0] == "evaluator"]:
            del _WORKER[stale]
        evaluator = _WORKER[key] = Evaluator(_with_cases(catalogue, cases), model_id, case_ids, weights=weights, on=on)
    return evaluator.outcomes(transformations)


class DaskOutcomes:
    """Evaluate many transformation sequences at once on the cluster (used by ``reforms rank --engine dask``)."""

    def __init__(self, client, domain: Domain, model_id: str, case_ids: Sequence[str], weights: dict, on):
        self.client = client
        self.args = (client.scatter(catalogue_of(domain), broadcast=True, hash=False),
                     {c: domain.cases[c] for c in case_ids}, model_id, tuple(case_ids), weights, on)

    def __call__(self, batch: Sequence[tuple]) -> list[dict]:
        futures = [self.client.submit(_outcomes_remote, *self.args, transformations, pure=False, retries=3)
                   for transformations in batch]
        return self.client.gather(futures)
