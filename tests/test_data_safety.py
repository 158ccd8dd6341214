"""Issue 12, items 2, 4 and 6: no case leaves the process without --include-cases (decided by content), every
output is written all or nothing and never onto an input, and hostile files are one message, exit 3."""

from __future__ import annotations

import errno
import os
from pathlib import Path

import pytest
from folders import tree_hash

from kennisgraaf import atomic
from kennisgraaf.push import redact
from kennisgraaf.store import KnowledgeGraph

DATA = Path(__file__).resolve().parent.parent / "data"
CASE = DATA / "cases" / "gescheiden-vrouw.ttl"
ASK_CASE = "ASK { ?c a kg:HouseholdCase }"
ASK_MEMBER = "ASK { ?m a kg:HouseholdMember }"


@pytest.fixture
def hidden_case(tmp_path) -> Path:
    """A household case under a name and folder that do not say 'cases'."""
    target = tmp_path / "notes" / "municipality-extra.ttl"
    target.parent.mkdir()
    target.write_bytes(CASE.read_bytes())
    return target


def test_store_drops_cases_by_content_whatever_the_file_name(hidden_case):
    kg = KnowledgeGraph.load(include_cases=False, extra_paths=[hidden_case, hidden_case.parent])
    assert not kg.ask(ASK_CASE) and not kg.ask(ASK_MEMBER)
    assert kg.ask("ASK { ?l kg:bwbId ?id }")  # the rest is still there
    kept = KnowledgeGraph.load(include_cases=True, extra_paths=[hidden_case])
    assert kept.ask(ASK_CASE) and kept.ask(ASK_MEMBER)


def test_export_without_cases_leaks_no_case_from_with(run, hidden_case, tmp_path):
    out = tmp_path / "out.nt"
    result = run("export", "--format", "nt", "--no-cases", "-o", out, "--with", hidden_case)
    assert result.exit_code == 0, result.stderr
    text = out.read_text()
    assert "HouseholdCase" not in text and "HouseholdMember" not in text and "bwbId" in text


def test_push_redacts_credentials():
    assert redact("http://admin:s3cret@127.0.0.1:7878/store") == "http://***@127.0.0.1:7878/store"
    assert redact("http://127.0.0.1:7878/store") == "http://127.0.0.1:7878/store"


def test_push_message_never_shows_the_password(run):
    result = run("push", "--endpoint", "http://admin:s3cret@127.0.0.1:9/store")
    assert result.exit_code == 3 and "s3cret" not in result.stderr + result.stdout


def test_view_onto_an_input_file_is_refused(run, data_copy):
    laws = data_copy / "national" / "laws.ttl"
    before = tree_hash(data_copy)
    result = run("view", "case", "gescheiden-vrouw", "--data", data_copy, "-o", laws)
    assert result.exit_code == 3 and str(laws) in result.stderr and "Traceback" not in result.stderr
    assert tree_hash(data_copy) == before


def test_output_inside_a_data_folder_is_refused(run, data_copy):
    before = tree_hash(data_copy)
    result = run("export", "--data", data_copy, "--format", "ttl", "-o", data_copy / "all.ttl")
    assert result.exit_code == 3 and "refusing to write" in result.stderr
    assert tree_hash(data_copy) == before


def test_full_disk_keeps_the_previous_file_and_leaves_no_temp(run, tmp_path, monkeypatch):
    target = tmp_path / "view.html"
    target.write_text("previous report")

    def no_space(_fd):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(atomic.os, "fsync", no_space)
    result = run("view", "case", "gescheiden-vrouw", "-o", target)
    assert result.exit_code == 3, result.stderr
    assert "No space left on device" in result.stderr and result.stderr.count("error:") == 1
    assert target.read_text() == "previous report"
    assert [p.name for p in tmp_path.iterdir()] == ["view.html"]


def test_stale_temp_files_of_dead_processes_are_cleaned(tmp_path):
    stale = tmp_path / ".out.html.999999999.0123abcd.tmp"
    stale.write_text("left by a SIGKILL")
    atomic.write_text(tmp_path / "out.html", "new")
    assert not stale.exists() and (tmp_path / "out.html").read_text() == "new"


def test_nesting_check_not_bypassed_by_an_escaped_quote(run, tmp_path):
    deep = "[ kg:p " * 5000 + "1" + " ]" * 5000
    hostile = tmp_path / "deep.ttl"
    hostile.write_text("@prefix kg: <https://w3id.org/kennisgraaf/def#> .\n"
                       "@prefix case: <https://w3id.org/kennisgraaf/id/case/> .\n"
                       f"case:a\\'b kg:p {deep} ; kg:q \"'\" .\n")
    result = run("validate", hostile)
    assert result.exit_code == 3 and "nest more than 64 levels" in result.stderr and str(hostile) in result.stderr


def test_bom_is_accepted_by_with(run, tmp_path):
    bom = tmp_path / "bom.ttl"
    bom.write_bytes(b"\xef\xbb\xbf" + CASE.read_bytes().replace(b"gescheiden-vrouw", b"bom-case"))
    result = run("cases", "--format", "csv", "--with", bom)
    assert result.exit_code == 0, result.stderr
    assert "bom-case" in result.stdout


def test_formula_case_id_is_escaped_in_csv(run, tmp_path):
    hostile = tmp_path / "formula.ttl"
    hostile.write_text(CASE.read_text().replace("case:gescheiden-vrouw a", "<https://w3id.org/kennisgraaf/id/case/=1+1> a"))
    result = run("cases", "--format", "csv", "--with", hostile)
    assert result.exit_code == 0, result.stderr
    assert not any(line.startswith(("=", "+", "-", "@")) for line in result.stdout.splitlines())


@pytest.mark.parametrize("command", [("score", "leak"), ("cases",), ("query", "ASK { ?s ?p ?o }")])
def test_with_file_passes_the_privacy_guard(run, tmp_path, command):
    leaky = tmp_path / "leak.ttl"
    leaky.write_text(CASE.read_text().replace("case:gescheiden-vrouw a", "case:leak a").replace(
        'kg:ageBand "27-44"', 'kg:ageBand "27-44" ; kg:note "BSN 111 222 333"', 1))
    result = run(*command, "--with", leaky)
    assert result.exit_code == 3, result.stdout + result.stderr
    assert "personal data" in result.stderr and "leak.ttl" in result.stderr and "Traceback" not in result.stderr


def test_import_refuses_with(run, tmp_path):
    result = run("import", CASE, "-o", tmp_path / "out", "--with", CASE)
    assert result.exit_code == 2 and "--with" in result.stderr
    assert not (tmp_path / "out").exists()


@pytest.mark.server
def test_serve_with_a_hidden_case_serves_no_case(hidden_case):
    """The real endpoint on localhost, loaded with --with a case file that is not in a cases/ folder."""
    import json
    import urllib.parse
    import urllib.request

    from serving import running_endpoint

    with running_endpoint(workers=1, extra_paths=(hidden_case, hidden_case.parent)) as srv:
        def ask(query: str) -> bool:
            request = urllib.request.Request(f"{srv.url}?" + urllib.parse.urlencode({"query": query}),
                                             headers={"Accept": "application/sparql-results+json"})
            with urllib.request.urlopen(request, timeout=30) as response:
                return json.loads(response.read())["boolean"]
        assert ask("PREFIX kg: <https://w3id.org/kennisgraaf/def#> ASK { ?s ?p ?o }")
        assert not ask("PREFIX kg: <https://w3id.org/kennisgraaf/def#> ASK { ?c a kg:HouseholdCase }")
        assert not ask("PREFIX kg: <https://w3id.org/kennisgraaf/def#> ASK { ?m a kg:HouseholdMember }")
        assert not ask("ASK { ?s ?p ?o FILTER(STRSTARTS(STR(?s), 'https://w3id.org/kennisgraaf/id/case/')) }")


from test_push import oxigraph, store_counts  # noqa: E402,F401 (the local Oxigraph server fixture)


@pytest.mark.server
def test_push_with_a_hidden_case_uploads_no_case(run, oxigraph, hidden_case):
    result = run("push", "--endpoint", f"{oxigraph}/store", "--with", hidden_case)
    assert result.exit_code == 0, result.stderr
    assert store_counts(oxigraph, "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }")[""] > 1000
    leaked = store_counts(oxigraph, "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?c a "
                                    "<https://w3id.org/kennisgraaf/def#HouseholdCase> } }")
    assert leaked == {"": 0}


def test_csv_import_files_are_named_after_their_cases(run, tmp_path):
    sheets = tmp_path / "sheets"
    assert run("export", "--format", "csv", "-o", sheets).exit_code == 0
    result = run("import", *sorted(sheets.glob("*.csv")), "-o", tmp_path / "out")
    assert result.exit_code == 0, result.stderr
    names = sorted(p.name for p in (tmp_path / "out" / "cases").glob("*.ttl"))
    assert "cases.ttl" not in names and "members.ttl" not in names
    assert any("gescheiden-vrouw" in n for n in names), names


def test_formula_case_iri_works_in_compare_all_cases_and_is_escaped(run, tmp_path):
    hostile = tmp_path / "formula.ttl"
    hostile.write_text(CASE.read_text().replace("case:gescheiden-vrouw a", "<https://w3id.org/kennisgraaf/id/case/=1+1> a"))
    result = run("compare", "--all-cases", "--scenario", "fragmented", "--scenario", "wijkteam-mandate",
                 "--with", hostile, "--format", "csv")
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert any(line.startswith("'=1+1,") for line in lines)
    assert not any(line.startswith(("=", "+", "@")) for line in lines)
