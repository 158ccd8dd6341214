"""The Dask engine: on a real LocalCluster of two worker processes, batch and reform ranking give exactly the local
engine's output, also when a worker is killed mid-run."""

from __future__ import annotations

import os
import re
import signal

import pytest

distributed = pytest.importorskip("distributed")

from kennisgraaf.batch import run_batch  # noqa: E402
from kennisgraaf.distributed import DaskOutcomes, catalogue_of, execute_batch  # noqa: E402
from kennisgraaf.reforms import rank_reforms  # noqa: E402
from kennisgraaf.reforms.checks import case_keys, model_key  # noqa: E402

pytestmark = pytest.mark.timeout(600)


@pytest.fixture(scope="module")
def cluster():
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None,
                                  silence_logs=50) as c:
        yield c


@pytest.fixture
def client(cluster):
    with distributed.Client(cluster) as c:
        c.wait_for_workers(2, timeout=60)
        yield c


@pytest.fixture(scope="module")
def many_cases(domain):
    """The bundled domain with each bundled case repeated 30 times under new ids (12 × 30 = 360 cases), several tasks."""
    import copy
    import dataclasses

    bigger = copy.copy(domain)
    bigger.cases = {f"case:{c.split(':', 1)[1]}-{i:02d}": dataclasses.replace(case, id=f"case:{c.split(':', 1)[1]}-{i:02d}")
                    for c, case in domain.cases.items() for i in range(30)}
    return bigger


def _report_without_timing(path) -> str:
    return re.sub(r"<td>[0-9.]+ s on ", "<td>… s on ", path.read_text(encoding="utf-8"))


def test_catalogue_leaves_the_cases_out(domain):
    catalogue = catalogue_of(domain)
    assert catalogue.cases == {} and catalogue.provisions is domain.provisions and domain.cases


def test_batch_output_identical_to_local_engine(many_cases, cluster, tmp_path):
    local = run_batch(tmp_path / "local", domain=many_cases, workers=2)
    remote = run_batch(tmp_path / "dask", domain=many_cases, workers=2, engine="dask", scheduler=cluster.scheduler_address)
    assert local.rows == remote.rows == 16 * 30 * 2 * 2  # cases (12, and 4 of issue 14) × scenarios × perspectives
    assert (tmp_path / "local" / "scores.csv").read_bytes() == (tmp_path / "dask" / "scores.csv").read_bytes()
    assert _report_without_timing(local.report) == _report_without_timing(remote.report)


def test_killed_worker_is_retried_and_output_complete(many_cases, client, tmp_path):
    from kennisgraaf.batch import plan_tasks, score_task
    from kennisgraaf.report import load_weights

    weights = load_weights()
    scenarios = ("scen:fragmented", "scen:wijkteam-mandate")
    tasks = plan_tasks(many_cases, workers=8)
    assert len(tasks) >= 4
    expected = [score_task(many_cases, t, scenarios, weights)[0] for t in tasks]
    pids = client.run(os.getpid)
    got, victim = [], None
    for _, rows, _ in execute_batch(client, tasks, many_cases, scenarios, weights, dedupe=False):
        got.append(rows)
        if victim is None:  # after the first result: kill a worker that still has tasks of this run
            busy = {w: keys for w, keys in client.processing().items() if keys}
            assert busy, "the run finished before a worker could be killed: give it more tasks"
            address = sorted(busy)[0]
            victim = pids[address]
            os.kill(victim, signal.SIGKILL)
    assert victim is not None
    assert got == expected
    client.wait_for_workers(2, timeout=60)  # the nanny replaced the killed worker
    assert victim not in client.run(os.getpid).values()


def test_reform_ranking_identical_on_dask(domain, client):
    model = model_key(domain, "enschede-2008")
    cases = case_keys(domain, None)
    from kennisgraaf.report import load_weights

    weights = load_weights()
    local = rank_reforms(domain, "enschede-2008", weights=weights)
    remote = rank_reforms(domain, "enschede-2008", weights=weights,
                          outcomes_many=DaskOutcomes(client, domain, model, cases, weights, None))
    assert remote.as_dict() == local.as_dict()
    assert local.reforms and local.reforms[0].household_drop > 0


def test_cli_engine_dask_matches_local(run, tmp_path, cluster):
    a = run("batch", "--all", "-o", tmp_path / "a")
    b = run("batch", "--all", "--engine", "dask", "--scheduler", cluster.scheduler_address, "-o", tmp_path / "b")
    assert a.exit_code == b.exit_code == 0, b.stderr
    assert (tmp_path / "a" / "scores.csv").read_bytes() == (tmp_path / "b" / "scores.csv").read_bytes()
    ranked = run("reforms", "rank", "--municipality", "enschede-2008", "--format", "json", "--engine", "dask",
                 "--scheduler", cluster.scheduler_address)
    local = run("reforms", "rank", "--municipality", "enschede-2008", "--format", "json")
    assert ranked.exit_code == 0, ranked.stderr
    assert ranked.stdout == local.stdout
    usage = run("batch", "--all", "--scheduler", cluster.scheduler_address, "-o", tmp_path / "c")
    assert usage.exit_code == 2 and "--engine dask" in usage.stderr
