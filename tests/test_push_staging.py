"""Issue 12 item 4: a push that fails halfway leaves the store as it was. A real Oxigraph server behind a small proxy
that fails chosen requests (as a store that runs out of space, a gateway that times out, a broken connection) and
asks for credentials; the store's graphs are counted before and after."""

from __future__ import annotations

import base64
import http.client
import threading
from pathlib import Path
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit

import pytest

from kennisgraaf.push import STAGING
from kennisgraaf.store import KnowledgeGraph
from test_push import local_counts, oxigraph, store_counts  # noqa: F401 (the local Oxigraph server fixture)

pytestmark = pytest.mark.server
USER, PASSWORD = "regio", "s3cret-Pa55"


class Proxy:
    """Forwards to Oxigraph; ``fail(method, path, number)`` returns an HTTP status to answer instead (or None), or
    "drop" to close the connection without an answer. Every request is logged as (method, path)."""

    def __init__(self, upstream: str, fail):
        self.log: list[tuple[str, str]] = []
        upstream_parts = urlsplit(upstream)
        proxy = self

        class Handler(BaseHTTPRequestHandler):
            def _any(self):
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                expected = "Basic " + base64.b64encode(f"{USER}:{PASSWORD}".encode()).decode()
                if self.headers.get("Authorization") != expected:
                    self.send_response(401)
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return
                proxy.log.append((self.command, self.path))
                verdict = fail(self.command, self.path, len(proxy.log))
                if verdict == "drop":
                    self.close_connection = True
                    self.connection.shutdown(2)
                    return
                if verdict:
                    message = f"refused by the test proxy ({self.path})".encode()
                    self.send_response(verdict)
                    self.send_header("Content-Length", str(len(message)))
                    self.end_headers()
                    self.wfile.write(message)
                    return
                connection = http.client.HTTPConnection(upstream_parts.hostname, upstream_parts.port, timeout=30)
                headers = {k: v for k, v in self.headers.items() if k.lower() not in ("host", "authorization")}
                connection.request(self.command, self.path, body=body, headers=headers)
                response = connection.getresponse()
                data = response.read()
                self.send_response(response.status)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)
                connection.close()

            do_PUT = do_POST = do_DELETE = do_GET = _any

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://{USER}:{PASSWORD}@127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def proxied(oxigraph):  # noqa: F811
    proxies = []

    def make(fail=lambda *_: None) -> Proxy:
        proxies.append(Proxy(oxigraph, fail))
        return proxies[-1]
    yield make
    for proxy in proxies:
        proxy.close()


def _staged_graphs(base: str) -> list[str]:
    return [g for g in store_counts(base) if g.startswith(STAGING)]


def _puts(proxy: Proxy) -> list[str]:
    return [path for method, path in proxy.log if method == "PUT"]


def test_push_stages_then_swaps_in_one_update(run, oxigraph, proxied):  # noqa: F811
    proxy = proxied()
    result = run("push", "--endpoint", f"{proxy.url}/store")
    assert result.exit_code == 0, result.stderr
    assert store_counts(oxigraph) == local_counts(KnowledgeGraph.load(include_cases=False))
    puts = _puts(proxy)
    assert puts and all("staging" in p for p in puts)  # no live graph is written by a PUT
    assert [m for m, p in proxy.log if p.startswith("/update")] == ["POST"]  # one MOVE request swaps them all
    assert not _staged_graphs(oxigraph)
    assert PASSWORD not in result.stdout + result.stderr


@pytest.mark.parametrize("failure", [413, 503, "drop"])
def test_a_push_failing_while_staging_changes_nothing(run, oxigraph, proxied, failure):  # noqa: F811
    assert run("push", "--endpoint", f"{oxigraph}/store").exit_code == 0
    before = store_counts(oxigraph)
    # the third upload fails: two graphs are staged already, the live ones untouched
    proxy = proxied(lambda method, path, number: failure if method == "PUT" and number == 3 else None)
    result = run("push", "--endpoint", f"{proxy.url}/store", "--include-cases")
    assert result.exit_code == 3 and "Traceback" not in result.stderr
    assert "nothing was replaced: the store still holds its previous graphs" in result.stderr, result.stderr
    assert result.stderr.count("error:") == 1 and PASSWORD not in result.stderr
    assert store_counts(oxigraph) == before  # the same graphs, the same triple counts; no staged graph left


def test_a_refused_swap_changes_nothing(run, oxigraph, proxied):  # noqa: F811
    assert run("push", "--endpoint", f"{oxigraph}/store").exit_code == 0
    before = store_counts(oxigraph)
    proxy = proxied(lambda method, path, number: 500 if path.startswith("/update") else None)
    result = run("push", "--endpoint", f"{proxy.url}/store", "--include-cases", "--update", f"{proxy.url}/update")
    assert result.exit_code == 3
    assert "the store refused the swap (MOVE): HTTP 500" in result.stderr, result.stderr
    assert "nothing was replaced" in result.stderr and PASSWORD not in result.stderr
    assert store_counts(oxigraph) == before


def test_without_an_update_endpoint_a_broken_swap_says_what_was_replaced(run, oxigraph, proxied):  # noqa: F811
    assert run("push", "--endpoint", f"{oxigraph}/store").exit_code == 0
    live = sorted(local_counts(KnowledgeGraph.load(include_cases=False)))
    # no /update (404: the guess is wrong), then the second live PUT breaks
    state = {"live": 0}

    def fail(method, path, number):
        if path.startswith("/update"):
            return 404
        if method == "PUT" and "staging" not in path:
            state["live"] += 1
            return 502 if state["live"] == 2 else None
        return None
    proxy = proxied(fail)
    result = run("push", "--endpoint", f"{proxy.url}/store")
    assert result.exit_code == 3
    assert "1 graph(s) were already replaced before the failure:" in result.stderr, result.stderr
    assert f"\n    {live[0]}\n" in result.stderr and "run the same push again" in result.stderr
    assert "--update" in result.stderr and PASSWORD not in result.stderr
    assert not _staged_graphs(oxigraph)


def test_without_an_update_endpoint_the_push_still_completes(run, oxigraph, proxied):  # noqa: F811
    proxy = proxied(lambda method, path, number: 404 if path.startswith("/update") else None)
    result = run("push", "--endpoint", f"{proxy.url}/store")
    assert result.exit_code == 0, result.stderr
    assert store_counts(oxigraph) == local_counts(KnowledgeGraph.load(include_cases=False))
    assert not _staged_graphs(oxigraph)


URLS = [line.replace("{P}", PASSWORD).encode("latin-1", "backslashreplace").decode("unicode_escape")
        for line in (Path(__file__).parent / "data" / "hostile" / "urls.txt").read_text(encoding="utf-8").splitlines()
        if line and not line.startswith("#")]


@pytest.mark.parametrize("url", URLS, ids=range(len(URLS)))
@pytest.mark.parametrize("option", ["push --endpoint", "push --endpoint http://127.0.0.1:9/store --update",
                                    "cases --store"])
def test_hostile_urls_are_one_message_without_the_password(run, url, option):
    result = run(*option.split(), url)
    assert result.exit_code == 3, result.stdout + result.stderr
    assert result.stderr.count("error:") == 1 and "Traceback" not in result.stderr
    assert PASSWORD not in result.stdout + result.stderr
