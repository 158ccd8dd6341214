"""Issue 12 items 4 and 6: an ill-typed literal in a loaded file is one message naming the file, line and value (no
traceback in score, validate, cases or import), and no output lands in the bundled data or ontology folders, which
every later command reads."""

from __future__ import annotations

from pathlib import Path

import pytest

from kennisgraaf.store import default_data_dir, default_ontology_dir

XSD = "@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .\n"
HEAD = XSD + ("@prefix kg: <https://w3id.org/kennisgraaf/def#> .\n"
              "@prefix svc: <https://w3id.org/kennisgraaf/id/provision/> .\n")
ILL = {"2024-02-30": "xsd:date", "2024-13-45": "xsd:date", "abc": "xsd:decimal", "acht": "xsd:integer",
       "misschien": "xsd:boolean", "1,5": "xsd:double"}


@pytest.mark.parametrize("value", sorted(ILL))
@pytest.mark.parametrize("command", [("score", "gescheiden-vrouw"), ("cases",), ("validate",)])
def test_ill_typed_literal_is_one_message(run, tmp_path, value, command):
    hostile = tmp_path / "extra.ttl"
    hostile.write_text(HEAD + f'\nsvc:schuldhulpverlening kg:validFrom "{value}"^^{ILL[value]} .\n', encoding="utf-8")
    args = [*command, hostile] if command[0] == "validate" else [*command, "--with", hostile]
    result = run(*args)
    assert result.exit_code == 3, result.stdout + result.stderr
    assert f"{hostile}:5: '{value}' is not a valid {ILL[value]}" in result.stderr, result.stderr
    assert result.stderr.count("error:") == 1 and "Traceback" not in result.stderr


def test_import_names_the_input_file_not_a_temporary_one(run, tmp_path):
    hostile = tmp_path / "extra.ttl"
    hostile.write_text(HEAD + '\nsvc:schuldhulpverlening kg:validFrom "2024-02-30"^^xsd:date ;\n'
                       '    kg:durationWeeks "acht"^^xsd:integer .\n', encoding="utf-8")
    result = run("import", hostile, "-o", tmp_path / "out")
    assert result.exit_code == 3
    assert f"{hostile}:5: '2024-02-30' is not a valid xsd:date" in result.stderr
    assert f"{hostile}:6: 'acht' is not a valid xsd:integer" in result.stderr
    assert "kennisgraaf-import-" not in result.stderr and "Traceback" not in result.stderr
    assert not (tmp_path / "out").exists()


def test_valid_typed_literals_still_load(run, tmp_path):
    fine = tmp_path / "extra.ttl"
    fine.write_text(HEAD + '\nsvc:schuldhulpverlening kg:note "2024-02-29"^^xsd:date , "-1.5E3"^^xsd:double , '
                    '"INF"^^xsd:double , "true"^^xsd:boolean , "+12"^^xsd:integer , ".5"^^xsd:decimal .\n',
                    encoding="utf-8")
    assert run("cases", "--with", fine).exit_code == 0


@pytest.mark.parametrize("where", ["data/national", "data", "ontology", "ontology/shapes"])
def test_docs_into_the_bundled_folders_is_refused(run, where):
    root = {"data": default_data_dir(), "ontology": default_ontology_dir()}[where.split("/")[0]]
    target = root.joinpath(*where.split("/")[1:])
    before = sorted(p.name for p in target.iterdir()) if target.is_dir() else None
    result = run("docs", "-o", target)
    assert result.exit_code == 3 and "refusing to write" in result.stderr, result.stderr
    assert (sorted(p.name for p in target.iterdir()) if target.is_dir() else None) == before


def test_view_into_the_bundled_data_is_refused(run):
    target = Path(default_data_dir()) / "view.html"
    result = run("view", "case", "gescheiden-vrouw", "-o", target)
    assert result.exit_code == 3 and not target.exists()
