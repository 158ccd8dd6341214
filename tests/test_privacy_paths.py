"""Issue 12 item 3: the privacy guard runs on every path by which case data enters, and finds a name written out
("Jan de Vries woont …") or after initials. Each path: exit 3, one message naming the file, no traceback, nothing
written."""

from __future__ import annotations

from pathlib import Path

import pytest

DATA = Path(__file__).resolve().parent.parent / "data"
CASE = DATA / "cases" / "gescheiden-vrouw.ttl"
LEAKS = ["Jan de Vries woont sinds 2019 in de wijk", "gesprek met J. de Vries", "Sanne Bakker en haar kinderen",
         "Fatima heeft schulden bij de woningcorporatie"]


def leaky_case(folder: Path, text: str, name: str = "notes.ttl") -> Path:
    """A copy of a bundled case under another id and an innocent file name, with ``text`` in its definition."""
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / name
    target.write_text(CASE.read_text(encoding="utf-8").replace("case:gescheiden-vrouw a", "case:leak a").replace(
        'skos:definition "Een alleenstaande vrouw', f'skos:definition "{text}. Een alleenstaande vrouw', 1),
        encoding="utf-8")
    return target


def assert_refused(result, path: Path) -> None:
    assert result.exit_code == 3, result.stdout + result.stderr
    assert "personal data" in result.stderr and path.name in result.stderr, result.stderr
    assert "name '" in result.stderr and "Traceback" not in result.stderr


COMMANDS = {
    "score": ("score", "leak"),
    "view": ("view", "case", "leak", "-o", "{out}/v.html"),
    "query": ("query", "ASK { ?s ?p ?o }"),
    "batch": ("batch", "-o", "{out}/batch"),
    "path": ("path", "leak"),
    "compare": ("compare", "leak", "--scenario", "fragmented", "--scenario", "wijkteam-mandate"),
    "cases": ("cases",),
    "push": ("push", "--endpoint", "http://127.0.0.1:9/store", "--include-cases"),
}


@pytest.mark.parametrize("command", sorted(COMMANDS))
@pytest.mark.parametrize("text", LEAKS[:2])
def test_with_file_holding_a_name_is_refused(run, tmp_path, command, text):
    leaky = leaky_case(tmp_path / "mine", text)
    out = tmp_path / "out"
    args = [a.replace("{out}", str(out)) for a in COMMANDS[command]]
    assert_refused(run(*args, "--with", leaky), leaky)
    assert not out.exists()


@pytest.mark.parametrize("command", ["score", "cases", "path"])
def test_data_folder_holding_a_name_is_refused(run, data_copy, command):
    leaky = leaky_case(data_copy / "municipalities", LEAKS[2], "amsterdam-extra.ttl")
    args = list(COMMANDS[command])
    assert_refused(run(*args, "--data", data_copy), leaky)


@pytest.mark.timeout(60)
def test_serve_include_cases_refuses_before_listening(run, tmp_path):
    leaky = leaky_case(tmp_path / "mine", LEAKS[3])
    assert_refused(run("serve", "--port", "0", "--include-cases", "--with", leaky), leaky)


def test_validate_reports_the_name(run, tmp_path):
    leaky = leaky_case(tmp_path / "mine", LEAKS[0])
    result = run("validate", leaky)
    assert result.exit_code == 1 and "Jan de Vries" in result.stdout + result.stderr, result.stdout + result.stderr


def test_import_refuses_a_name_in_a_yaml_case(run, tmp_path):
    case = tmp_path / "gezin.yaml"
    case.write_text("kind: case\nid: gezin\nmodel: eindhoven-2016\nlabel_nl: Jan de Vries woont hier\n"
                    "label_en: family with debts\nneeds: [schulden]\nmembers:\n  - role: ouder\n    age_band: 27-44\n"
                    "source: interview 2024\n", encoding="utf-8")
    result = run("import", case, "-o", tmp_path / "out")
    assert result.exit_code == 3 and "gezin.yaml:4" in result.stderr and "Jan de Vries" in result.stderr, result.stderr
    assert not (tmp_path / "out").exists()


def test_bundled_data_passes_the_guard(run):
    result = run("validate")
    assert result.exit_code == 0, result.stdout + result.stderr
