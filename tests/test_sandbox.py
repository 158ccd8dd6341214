"""No query opens a network connection, whatever its syntax: enforced by the kernel, proved with a listener.

The lexical check (rdflib's grammar over the text as Oxigraph reads it) is only the friendly early refusal; the
guarantee is the seccomp sandbox of :mod:`kennisgraaf.sandbox` in every process that runs a query. A listening
socket on 127.0.0.1 counts every connection during a generated corpus of disguised ``SERVICE`` queries sent through
the CLI and the endpoint, and during queries that bypass the lexical check altogether.
"""

from __future__ import annotations

import itertools
import socket
import threading
import urllib.error
import urllib.parse
import urllib.request

import pytest

from kennisgraaf import query as query_module
from kennisgraaf.query import engine_text
from serving import running_endpoint


class Listener:
    """A TCP listener on 127.0.0.1 that counts connections (the target every disguised SERVICE points at)."""

    def __init__(self):
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(64)
        self.port = self.sock.getsockname()[1]
        self.hits = 0
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self):
        while True:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            self.hits += 1
            conn.close()


@pytest.fixture(scope="module")
def listener():
    lst = Listener()
    # Positive control: the listener does count a real connection, so "0 hits" below can fail.
    socket.create_connection(("127.0.0.1", lst.port), timeout=2).close()
    threading.Event().wait(0.2)
    assert lst.hits == 1
    lst.hits = 0
    yield lst
    lst.sock.close()


KEYWORDS = ("SERVICE", "service", "SeRvIcE", r"\u0053ERVICE", r"\U00000053ERVICE", r"SERV\u0049CE", r"\u0073ervice")
LINE_ENDS = ("", "#c\r", "#c\r\n", "#c\n", "#c\u2028")
WRAPPERS = ("{ %s }", "{ OPTIONAL { %s } }", "{ { SELECT * WHERE { %s } } }", "{ { ?a ?b ?c } UNION { %s } }",
            "{ ?a ?b ?c MINUS { %s } }", "{ ?a ?b ?c FILTER EXISTS { %s } }", "{ GRAPH ?g { %s } }")


def corpus(port: int) -> list[str]:
    """ASK queries whose SERVICE targets the listener, in every combination of disguise (490 texts)."""
    out = []
    for keyword, end, wrapper, silent in itertools.product(KEYWORDS, LINE_ENDS, WRAPPERS, ("", "SILENT ")):
        service = f"{end}{keyword} {silent}<http://127.0.0.1:{port}/x> {{ ?s ?p ?o }}"
        out.append("ASK " + wrapper % service)
    return out


def test_engine_text_reads_what_oxigraph_reads():
    assert engine_text("#c\rSERVICE") == "#c\nSERVICE"
    assert engine_text(r"\u0053ERVICE \U00000045") == "SERVICE E"
    assert engine_text(r"\uD800") == "\ufffd"  # a lone surrogate is no character


def test_cli_sandbox_holds_even_without_the_lexical_check(listener, run, monkeypatch):
    # The check is switched off: only the kernel stands between the engine and the listener.
    monkeypatch.setattr(query_module, "check_query", lambda text, **_: "ask")
    for text in (f"ASK {{ SERVICE <http://127.0.0.1:{listener.port}/x> {{ ?s ?p ?o }} }}",
                 f"ASK {{ SERVICE SILENT <http://127.0.0.1:{listener.port}/x> {{ ?s ?p ?o }} }}"):
        result = run("query", text)
        assert result.exit_code in (0, 3), result.stderr
        assert "Traceback" not in result.stderr
    threading.Event().wait(0.3)
    assert listener.hits == 0


def test_cli_corpus_opens_no_connection(listener, run):
    texts = corpus(listener.port)[::5]  # every fifth: each CLI run loads the data
    for text in texts:
        result = run("query", text)
        assert result.exit_code in (0, 3), (text, result.stderr)
        assert "Traceback" not in result.stderr
    threading.Event().wait(0.3)
    assert listener.hits == 0


@pytest.fixture(scope="module")
def endpoint():
    with running_endpoint(timeout_s=5, workers=1) as srv:
        yield srv.url


def _status(url: str, text: str, how: str) -> int:
    if how == "get":
        request = urllib.request.Request(url + "?" + urllib.parse.urlencode({"query": text}))
    elif how == "form":
        request = urllib.request.Request(url, data=urllib.parse.urlencode({"query": text}).encode(),
                                         headers={"Content-Type": "application/x-www-form-urlencoded"})
    else:
        request = urllib.request.Request(url, data=text.encode(), headers={"Content-Type": "application/sparql-query"})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status
    except urllib.error.HTTPError as exc:
        return exc.code


def test_endpoint_corpus_opens_no_connection(listener, endpoint):
    statuses = set()
    for i, text in enumerate(corpus(listener.port)):
        status = _status(endpoint, text, ("get", "form", "direct")[i % 3])
        assert status < 500, (text, status)
        statuses.add(status)
    threading.Event().wait(0.3)
    assert listener.hits == 0
    assert 403 in statuses  # the friendly refusal answers most of them early
