"""`--store URL`: every command reads the graph from a shared SPARQL store, with exactly the file-based results.

Two independent servers are started by the tests on localhost: Oxigraph (`oxigraph serve`, PyPI `oxigraph`) and
Virtuoso open source (Debian's `virtuoso-opensource`, installed by `.ci/run`). The graph gets there by
`kennisgraaf push`, as a region sharing one national store would do it.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import time
import urllib.request
from pathlib import Path

import pytest

from test_push import free_port, oxigraph  # noqa: F401 (fixture)

pytestmark = pytest.mark.server

VIRTUOSO = shutil.which("virtuoso-t")
ISQL = shutil.which("isql-vt") or shutil.which("isql")
VAD = "/usr/share/virtuoso-opensource-7/vad"
VSP = "/var/lib/virtuoso-opensource-7/vsp"


def _wait_http(url: str, process: subprocess.Popen, seconds: float = 90) -> None:
    deadline = time.monotonic() + seconds
    while True:
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except OSError:
            assert process.poll() is None, "the server stopped while starting"
            assert time.monotonic() < deadline, f"{url} did not answer in {seconds} s"
            time.sleep(0.3)


@pytest.fixture(scope="module")
def virtuoso(tmp_path_factory):
    """A fresh Virtuoso server whose Graph Store endpoint accepts the push; yields (graph store URL, query URL)."""
    if not VIRTUOSO or not ISQL:
        if os.environ.get("KENNISGRAAF_REQUIRE_BROWSER"):
            pytest.fail("virtuoso-opensource is not installed (.ci/run installs it)")
        pytest.skip("virtuoso-opensource not installed (apt-get install virtuoso-opensource)")
    folder = tmp_path_factory.mktemp("virtuoso")
    (folder / "db").mkdir()
    sql_port, http_port = free_port(), free_port()
    (folder / "virtuoso.ini").write_text(f"""[Database]
DatabaseFile = db/virtuoso.db
ErrorLogFile = db/virtuoso.log
LockFile = db/virtuoso.lck
TransactionFile = db/virtuoso.trx
xa_persistent_file = db/virtuoso.pxa
[TempDatabase]
DatabaseFile = db/virtuoso-temp.db
TransactionFile = db/virtuoso-temp.trx
[Parameters]
ServerPort = 127.0.0.1:{sql_port}
DisableUnixSocket = 1
NumberOfBuffers = 10000
MaxDirtyBuffers = 6000
DirsAllowed = ., {VAD}
VADInstallDir = {VAD}/
[HTTPServer]
ServerPort = 127.0.0.1:{http_port}
ServerRoot = {VSP}
ServerThreads = 4
EnabledDavVSP = 0
""", encoding="utf-8")
    process = subprocess.Popen([VIRTUOSO, "-f", "-c", "virtuoso.ini"], cwd=folder, stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL)
    try:
        base = f"http://127.0.0.1:{http_port}"
        _wait_http(f"{base}/sparql?query=ASK%7B%7D", process)
        # The unauthenticated Graph Store endpoint writes as user SPARQL, which may only read by default.
        subprocess.run([ISQL, f"127.0.0.1:{sql_port}", "dba", "dba", 'exec=GRANT SPARQL_UPDATE TO "SPARQL";'],
                       check=True, capture_output=True, timeout=60)
        yield f"{base}/sparql-graph-crud", f"{base}/sparql"
    finally:
        process.terminate()
        try:
            process.wait(30)
        except subprocess.TimeoutExpired:
            process.kill()


@pytest.fixture(scope="module")
def file_results(tmp_path_factory):
    """What the commands print from the bundled files (the reference)."""
    from click.testing import CliRunner

    from kennisgraaf.cli import main

    runner = CliRunner()
    out = {}
    for name, args in COMMANDS.items():
        result = runner.invoke(main, args)
        assert result.exit_code == 0, result.stderr
        out[name] = result.stdout
    return out


COMMANDS = {
    "count": ["count", "--municipality", "enschede-2008", "--format", "json"],
    "count-explain": ["count", "--municipality", "enschede-2008", "--explain", "--format", "json"],
    "score": ["score", "gescheiden-vrouw", "--format", "json"],
    "score-explain": ["score", "paspoort-uitkering", "--explain", "--format", "json"],
    "score-wijkteam": ["score", "eindhoven-gezin", "--scenario", "wijkteam-mandate", "--format", "json"],
    "path": ["path", "eindhoven-gezin", "--format", "json"],
    "cases": ["cases", "--format", "json"],
}


def _compare_with_files(run, query_url: str, file_results: dict) -> None:
    for name, args in COMMANDS.items():
        result = run(*args, "--store", query_url)
        assert result.exit_code == 0, (name, result.stderr)
        assert result.stdout == file_results[name], name


def test_oxigraph_store_gives_the_file_results(run, oxigraph, file_results):  # noqa: F811
    pushed = run("push", "--endpoint", f"{oxigraph}/store", "--include-cases")
    assert pushed.exit_code == 0, pushed.stderr
    _compare_with_files(run, f"{oxigraph}/query", file_results)


def test_virtuoso_store_gives_the_file_results(run, virtuoso, file_results):
    store, query = virtuoso
    pushed = run("push", "--endpoint", store, "--include-cases")
    assert pushed.exit_code == 0, pushed.stderr
    _compare_with_files(run, query, file_results)


def test_store_without_cases_and_serving_commands_leave_cases_out(run, oxigraph):  # noqa: F811
    assert run("push", "--endpoint", f"{oxigraph}/store").exit_code == 0  # no --include-cases: no case graphs
    listed = run("cases", "--format", "json", "--store", f"{oxigraph}/query")
    assert listed.exit_code == 0 and json.loads(listed.stdout) == []
    missing = run("score", "gescheiden-vrouw", "--store", f"{oxigraph}/query")
    assert missing.exit_code == 3 and "gescheiden-vrouw" in missing.stderr


def test_bad_store_urls_are_one_message(run):
    closed = free_port()
    result = run("count", "--municipality", "enschede-2008", "--store", f"http://user:secret@127.0.0.1:{closed}/query")
    assert result.exit_code == 3
    assert "cannot reach the store" in result.stderr and "secret" not in result.stderr
    assert "Traceback" not in result.stderr
    assert run("count", "--municipality", "x", "--store", "ftp://example.org/").exit_code == 3
    both = run("count", "--municipality", "enschede-2008", "--store", "http://127.0.0.1:1/q", "--data", str(Path(".")))
    assert both.exit_code == 2


def test_dask_workers_score_from_the_store(run, oxigraph, tmp_path):  # noqa: F811
    pytest.importorskip("distributed")
    assert run("push", "--endpoint", f"{oxigraph}/store", "--include-cases").exit_code == 0
    a = run("batch", "--all", "-o", tmp_path / "files")
    b = run("batch", "--all", "--engine", "dask", "--workers", "2", "--store", f"{oxigraph}/query", "-o", tmp_path / "store")
    assert a.exit_code == 0 and b.exit_code == 0, b.stderr
    assert (tmp_path / "files" / "scores.csv").read_bytes() == (tmp_path / "store" / "scores.csv").read_bytes()
