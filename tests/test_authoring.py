"""Authoring: import from YAML/CSV/XLSX, export, templates, the README's worked example, round trips."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from rdflib import Graph
from rdflib.compare import graph_diff, isomorphic, to_isomorphic

from kennisgraaf.authoring import import_files
from kennisgraaf.authoring.resolver import Resolver, Unresolved
from kennisgraaf.authoring.schema import SHEETS, escape_cell, unescape_cell
from kennisgraaf.errors import DataError, PrivacyError
from kennisgraaf.namespaces import KG
from kennisgraaf.privacy import personal_key, scan
from kennisgraaf.store import default_data_dir

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
DOC = ROOT / "README.md"
BIN = Path(sys.executable).parent


def parse_folder(*folders: Path) -> Graph:
    graph = Graph()
    for folder in folders:
        for path in sorted(folder.rglob("*.ttl")):
            graph.parse(path, format="turtle")
    return graph


def assert_isomorphic(expected: Graph, actual: Graph) -> None:
    if isomorphic(expected, actual):
        return
    _, only_expected, only_actual = graph_diff(to_isomorphic(expected), to_isomorphic(actual))
    lines = [f"- {t}" for t in sorted(only_expected)[:10]] + [f"+ {t}" for t in sorted(only_actual)[:10]]
    pytest.fail(f"graphs differ ({len(only_expected)} missing, {len(only_actual)} extra):\n" + "\n".join(lines))


def run_ok(run, *args):
    result = run(*args)
    assert result.exit_code == 0, result.stderr
    return result


# -- the worked example ---------------------------------------------------------------------------------------

def worked_example_commands() -> list[str]:
    text = DOC.read_text(encoding="utf-8")
    match = re.search(r"<!-- worked-example[^>]*-->\s*```sh\n(.*?)```", text, re.DOTALL)
    assert match, "README.md has no <!-- worked-example --> fenced sh block"
    return [line.strip() for line in match.group(1).splitlines() if line.strip() and not line.strip().startswith("#")]


def test_worked_example_runs_as_written(tmp_path):
    commands = worked_example_commands()
    assert any(c.startswith("kennisgraaf import") for c in commands)
    assert any(c.startswith("kennisgraaf score") for c in commands)
    shutil.copytree(EXAMPLES, tmp_path / "examples")
    env = {**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}"}
    env.pop("KENNISGRAAF_DATA", None)
    outputs = {}
    for command in commands:
        done = subprocess.run(["bash", "-c", command], cwd=tmp_path, env=env, capture_output=True, text=True,
                              timeout=240)
        assert done.returncode == 0, f"`{command}` failed ({done.returncode}):\n{done.stderr}"
        assert "Traceback" not in done.stderr
        outputs[command.split()[1]] = done.stdout
    assert (tmp_path / "voorbeeldstad/municipalities/voorbeeldstad.ttl").is_file()
    assert (tmp_path / "voorbeeldstad/cases/voorbeeldstad-case.ttl").is_file()
    assert outputs["validate"].startswith("ok")
    assert "composite" in outputs["score"]
    assert "deadlock:" in outputs["score"]
    assert "pc:voorbeeldstad-urgentie-vereist-schuldhulp" in outputs["whatif"]


def test_imported_example_passes_validate_beside_the_bundled_data(tmp_path, run):
    out = tmp_path / "out"
    result = run_ok(run, "import", EXAMPLES / "voorbeeldstad.yaml", EXAMPLES / "voorbeeldstad-case.yaml", "-o", out)
    written = result.stdout.split()
    assert sorted(Path(p).name for p in written) == ["voorbeeldstad-case.ttl", "voorbeeldstad.ttl"]
    validated = run(*["validate", out])
    assert validated.exit_code == 0, validated.stdout + validated.stderr
    graph = parse_folder(out)
    model = "https://w3id.org/kennisgraaf/id/model/voorbeeldstad-2024"
    arrangements = {str(s) for s, o in graph.subject_objects(KG.inModel) if str(o) == model}
    assert len(arrangements) == 6


def test_reimport_into_the_data_folder_replaces_the_earlier_output(tmp_path, run):
    data = tmp_path / "data"
    shutil.copytree(default_data_dir(), data)
    target = data / "voorbeeldstad"
    run_ok(run, "import", EXAMPLES / "voorbeeldstad.yaml", "-o", target, "--data", data)
    changed = tmp_path / "voorbeeldstad.yaml"
    changed.write_text((EXAMPLES / "voorbeeldstad.yaml").read_text(encoding="utf-8").replace(
        "label_nl: Voorbeeldstad, 2024", "label_nl: Voorbeeldstad, begin 2024"), encoding="utf-8")
    run_ok(run, "import", changed, "-o", target, "--data", data)
    text = (target / "municipalities" / "voorbeeldstad.ttl").read_text(encoding="utf-8")
    assert "Voorbeeldstad, begin 2024" in text
    assert run("validate", "--data", data).exit_code == 0
    leftovers = [p.name for p in target.rglob("*") if p.name.startswith(".")]
    assert leftovers == []


# -- templates ------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("kind", ["case", "municipality"])
def test_new_prints_a_commented_template_that_imports(kind, tmp_path, run):
    printed = run_ok(run, "new", kind).stdout
    assert printed.startswith("#") and f"kind: {kind}" in printed
    path = tmp_path / f"{kind}.yaml"
    run_ok(run, "new", kind, "-o", path)
    assert path.read_text(encoding="utf-8") == printed
    refused = run("new", kind, "-o", path)
    assert refused.exit_code == 3 and "exists" in refused.stderr
    run_ok(run, "new", kind, "-o", path, "--force")
    out = tmp_path / "out"
    run_ok(run, "import", path, "-o", out)
    assert run("validate", out).exit_code == 0


def test_help_texts_have_examples(run):
    for command in (["import"], ["export"], ["new"], ["new", "case"], ["new", "municipality"]):
        text = run_ok(run, *command, "--help").stdout
        assert "Example" in text, command


# -- round trips ----------------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def bundled_models_and_cases() -> Graph:
    data = default_data_dir()
    return parse_folder(data / "municipalities", data / "cases")


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_tabular_export_then_import_round_trips(fmt, tmp_path, run, bundled_models_and_cases):
    exported = tmp_path / ("sheets" if fmt == "csv" else "gemeenten.xlsx")
    run_ok(run, "export", "--format", fmt, "-o", exported)
    out = tmp_path / "out"
    run_ok(run, "import", exported, "-o", out)
    assert_isomorphic(bundled_models_and_cases, parse_folder(out))


@pytest.mark.parametrize("fmt", ["ttl", "nt", "jsonld"])
def test_rdf_export_then_import_round_trips(fmt, tmp_path, run):
    exported = tmp_path / f"all.{fmt}"
    run_ok(run, "export", "--format", fmt, "-o", exported)
    out = tmp_path / "out"
    run_ok(run, "import", exported, "-o", out)
    data = default_data_dir()
    assert_isomorphic(parse_folder(data), parse_folder(out))
    assert (out / "cases" / "all.ttl").is_file()


def test_export_of_imported_files_round_trips_through_csv(tmp_path, run):
    first = tmp_path / "first"
    run_ok(run, "import", EXAMPLES / "voorbeeldstad.yaml", EXAMPLES / "voorbeeldstad-case.yaml", "-o", first)
    sheets = tmp_path / "sheets"
    run_ok(run, "export", first, "--format", "csv", "-o", sheets)
    assert {p.name for p in sheets.iterdir()} == {"municipalities.csv", "models.csv", "institutions.csv",
                                                   "arrangements.csv", "preconditions.csv", "cases.csv",
                                                   "members.csv"}
    second = tmp_path / "second"
    run_ok(run, "import", sheets, "-o", second)
    assert_isomorphic(parse_folder(first), parse_folder(second))


def test_export_ttl_to_stdout_and_without_cases(run):
    everything = run_ok(run, "export").stdout
    assert "kg:HouseholdCase" in everything
    without = run_ok(run, "export", "--no-cases").stdout
    assert "kg:HouseholdCase" not in without and "kg:MunicipalityModel" in without


def test_tabular_export_needs_an_output(run):
    result = run("export", "--format", "csv")
    assert result.exit_code == 2 and "-o" in result.stderr


# -- formulas -------------------------------------------------------------------------------------------------

def test_escape_and_unescape_are_inverse():
    for value in ["=1+1", "+31", "-", "@x", "'=1", "''=1", "'s-Hertogenbosch", "67+", "gewoon", "\tx"]:
        assert unescape_cell(escape_cell(value)) == value
    assert escape_cell("=cmd").startswith("'") and not escape_cell("plain").startswith("'")


def formula_case_yaml(tmp_path) -> Path:
    path = tmp_path / "formule.yaml"
    path.write_text("""kind: case
id: formule-casus
model: eindhoven-2016
label_nl: "=HYPERLINK(\\"http://evil.example\\",\\"klik\\")"
label_en: "@SUM(1+1)"
needs: [schulden]
source: "'s-Hertogenbosch, -casus"
""", encoding="utf-8")
    return path


def test_csv_and_xlsx_export_escape_formulas_and_import_restores_them(tmp_path, run):
    first = tmp_path / "first"
    run_ok(run, "import", formula_case_yaml(tmp_path), "-o", first)
    sheets = tmp_path / "sheets"
    run_ok(run, "export", first, "--format", "csv", "-o", sheets)
    text = (sheets / "cases.csv").read_text(encoding="utf-8-sig")
    assert "'=HYPERLINK" in text and "'@SUM" in text and ",=" not in text
    book = tmp_path / "book.xlsx"
    run_ok(run, "export", first, "--format", "xlsx", "-o", book)
    import openpyxl
    ws = openpyxl.load_workbook(book)["cases"]
    cells = [c for row in ws.iter_rows() for c in row]
    assert all(c.data_type != "f" for c in cells)
    assert any(str(c.value).startswith("'=HYPERLINK") for c in cells)
    for exported in (sheets, book):
        out = tmp_path / f"again-{exported.name}"
        run_ok(run, "import", exported, "-o", out)
        assert_isomorphic(parse_folder(first), parse_folder(out))


# -- spreadsheets as people write them ------------------------------------------------------------------------

def test_dutch_excel_csv_with_semicolons_bom_names_and_dutch_dates(tmp_path, run):
    folder = tmp_path / "sheets"
    folder.mkdir()
    (folder / "teststad-models.csv").write_bytes("\ufeffid;municipality;reference_date;label_nl;source;illustrative\n"
                                                 "teststad-2024;Eindhoven;1-1-2024;Teststad, 2024;test;ja\n"
                                                 .encode("utf-8"))
    (folder / "teststad-arrangements.csv").write_text(
        "model;provision;delivered_by;legal_basis\n"
        "teststad-2024;Algemene Bijstand;Gemeentelijke Sociale Dienst (Werk en Inkomen);Participatiewet; Wet SUWI\n"
        "teststad-2024;svc:schuldhulpverlening;inst:kredietbank;Wet gemeentelijke schuldhulpverlening\n"
        .replace("Participatiewet; Wet SUWI", '"Participatiewet; Wet SUWI"'), encoding="utf-8")
    (folder / "teststad-cases.csv").write_text(
        "id,model,needs,label_nl,source\nteststad-gezin,teststad-2024,\"Schulden, Inkomen\",gezin,test\n",
        encoding="utf-8")
    out = tmp_path / "out"
    result = run("import", folder, "-o", out)
    assert result.exit_code == 0, result.stderr
    graph = parse_folder(out)
    text = graph.serialize(format="nt")
    assert '"2024-01-01"^^<http://www.w3.org/2001/XMLSchema#date>' in text
    # Wet SUWI, by abbreviation (the Awb, a general framework, is the legal basis of no arrangement: issue 13)
    assert "<https://w3id.org/kennisgraaf/id/law/BWBR0013060>" in text
    assert "<https://w3id.org/kennisgraaf/id/need/inkomen>" in text  # comma-separated names in one cell
    assert "<https://w3id.org/kennisgraaf/id/arrangement/teststad-2024-algemene-bijstand>" in text


def test_xlsx_with_dates_numbers_and_booleans_as_cell_types(tmp_path, run):
    import datetime

    import openpyxl
    book = openpyxl.Workbook()
    book.remove(book.active)
    ws = book.create_sheet("models")
    ws.append(["id", "municipality", "reference_date", "label_nl", "source", "illustrative"])
    ws.append(["teststad-2024", "gm0772", datetime.datetime(2024, 1, 1), "Teststad", "test", True])
    ws = book.create_sheet("preconditions")
    ws.append(["id", "dependent", "prerequisite", "municipality", "weeks", "label_nl", "source", "citing_article"])
    ws.append(["teststad-regel", "urgentieverklaring", "schuldhulpverlening", "GM0772", 8, "regel", "test",
               "jci1.3:c:BWBR0035303&artikel=12"])
    ws = book.create_sheet("Notities")  # a sheet kennisgraaf does not read is ignored
    ws.append(["vrije tekst"])
    path = tmp_path / "teststad.xlsx"
    book.save(path)
    out = tmp_path / "out"
    result = run("import", path, "-o", out)
    assert result.exit_code == 0, result.stderr
    text = parse_folder(out).serialize(format="nt")
    assert '"8"^^<http://www.w3.org/2001/XMLSchema#integer>' in text
    assert '"true"^^<http://www.w3.org/2001/XMLSchema#boolean>' in text


def test_problems_name_file_row_column_and_fix_and_are_all_listed(tmp_path, run):
    path = tmp_path / "teststad-arrangements.csv"
    path.write_text("model,provision,delivered_by,source\n"
                    "eindhoven-2016,jeugdhulp,wijeindhovne,test\n"
                    "eindhoven-2016,schuldhulpverleningg,inst:kredietbank,test\n", encoding="utf-8")
    out = tmp_path / "out"
    result = run("import", path, "-o", out)
    assert result.exit_code == 3
    first, *rest = result.stderr.splitlines()
    assert f"{path}:2: column 'delivered_by': unknown institution 'wijeindhovne'" in first
    assert "did you mean inst:wijeindhoven" in result.stderr
    assert f"{path}:3: column 'provision'" in result.stderr and "svc:schuldhulpverlening" in result.stderr
    assert not out.exists()


def test_shacl_violations_are_reported_against_the_input_file(tmp_path, run):
    path = tmp_path / "vreemd.ttl"
    path.write_text("""@prefix kg: <https://w3id.org/kennisgraaf/def#> .
@prefix model: <https://w3id.org/kennisgraaf/id/model/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
model:zonder-gemeente a kg:MunicipalityModel ; rdfs:label "x"@nl , "x"@en ;
    <http://purl.org/dc/terms/source> "test" ; kg:referenceDate "2024-01-01"^^<http://www.w3.org/2001/XMLSchema#date> .
""", encoding="utf-8")
    result = run("import", path, "-o", tmp_path / "out")
    assert result.exit_code == 3
    assert result.stderr.splitlines()[0].startswith(f"error: {path}: model:zonder-gemeente: kg:municipality")
    assert not (tmp_path / "out").exists()


# -- resolver and privacy units -------------------------------------------------------------------------------

def test_resolver_by_id_label_title_abbreviation_and_code(kg):
    resolver = Resolver(kg)
    law = SHEETS["arrangements"].column("legal_basis")
    provision = SHEETS["arrangements"].column("provision")
    municipality = SHEETS["models"].column("municipality")
    pw = "https://w3id.org/kennisgraaf/id/law/BWBR0015703"
    for text in ["law:BWBR0015703", "BWBR0015703", "bwbr0015703", "Participatiewet", "participatiewet", "Pw",
                 "Wet werk en bijstand", pw, f"<{pw}>"]:
        assert str(resolver.resolve(text, law)) == pw, text
    bijstand = "https://w3id.org/kennisgraaf/id/provision/algemene-bijstand"
    for text in ["svc:algemene-bijstand", "algemene-bijstand", "Algemene Bijstand",
                 "general social assistance (bijstand)"]:
        assert str(resolver.resolve(text, provision)) == bijstand, text
    assert str(resolver.resolve("GM0153", municipality)).endswith("/gm0153")
    assert str(resolver.resolve("Enschede", municipality)).endswith("/gm0153")
    unknown = resolver.resolve("schuldhulpverleningg", provision)
    assert isinstance(unknown, Unresolved) and "svc:schuldhulpverlening" in unknown.fix
    wrong = resolver.resolve("need:schulden", provision)
    assert isinstance(wrong, Unresolved) and "a need type, not a provision" in wrong.message


def test_personal_keys_and_scan():
    assert personal_key("Naam") == "name" and personal_key("Geboortedatum") == "birth date"
    assert personal_key("BSN") and personal_key("e_mail") and personal_key("telefoonnummer")
    assert personal_key("label_nl") is None and personal_key("age_band") is None and personal_key("role") is None
    assert [f.kind for f in scan("meneer De Vries belde")] == ["name"]
    assert scan("de wijkteam-mandaatregel van Voorbeeldstad") == []


def test_import_api_refuses_personal_data_before_writing(tmp_path):
    path = tmp_path / "casus.yaml"
    path.write_text("kind: case\nid: x\nmodel: eindhoven-2016\nneeds: [schulden]\nlabel_nl: x\nsource: t\n"
                    "members:\n  - role: ouder\n    age_band: 27-44\n    bsn: '111222333'\n", encoding="utf-8")
    with pytest.raises(PrivacyError) as info:
        import_files([path], tmp_path / "out")
    assert "members[1].bsn" in str(info.value)
    assert not (tmp_path / "out").exists()


def test_commit_never_leaves_half_written_files(tmp_path, monkeypatch):
    from kennisgraaf import atomic
    from kennisgraaf.authoring import importer
    calls = []

    def failing_replace(src, dst):
        calls.append(dst)
        raise OSError(28, "No space left on device", str(dst))

    monkeypatch.setattr(atomic.os, "replace", failing_replace)  # the one writer every output goes through
    with pytest.raises(DataError):
        importer.commit({tmp_path / "a" / "x.ttl": b"x", tmp_path / "a" / "y.ttl": b"y"})
    assert calls and not any(p.is_file() for p in (tmp_path / "a").iterdir())


def test_with_loads_an_imported_municipality_for_every_command(tmp_path, run):
    out = tmp_path / "voorbeeldstad"
    run_ok(run, "import", EXAMPLES / "voorbeeldstad.yaml", EXAMPLES / "voorbeeldstad-case.yaml", "-o", out)
    without = run("count", "--municipality", "voorbeeldstad-2024")
    assert without.exit_code == 3 and "unknown municipality model" in without.stderr
    counted = run("count", "--municipality", "voorbeeldstad-2024", "--with", out, "--format", "json")
    assert counted.exit_code == 0 and json.loads(counted.stdout)["institutions"] >= 2
    assert "voorbeeldstad-gezin" in run("cases", "--with", out).stdout
    view = tmp_path / "v.html"
    assert run("view", "case", "voorbeeldstad-gezin", "--with", out, "-o", view).exit_code == 0 and view.is_file()


def test_a_case_with_ages_a_horizon_and_phases_imports_and_round_trips(tmp_path, run):
    """Issue 14's time data is authorable: ages on the case date, a horizon and phases, in YAML and back via CSV."""
    from rdflib import Literal, Namespace
    from rdflib.namespace import XSD

    kg = Namespace("https://w3id.org/kennisgraaf/def#")
    case_file = tmp_path / "wlz.yaml"
    case_file.write_text(
        "kind: case\nid: voorbeeld-wlz\nmodel: eindhoven-2016\nlabel_nl: oudere van thuiszorg naar verpleeghuis\n"
        "label_en: older person from home care to a nursing home\nneeds: [persoonlijke-verzorging]\nhorizon_months: 18\n"
        "members:\n  - role: volwassene\n    age_band: 67+\n    age_years: 84\n    age_months: 7\n"
        "phases:\n  - from_month: 9\n    needs: [langdurige-zorg]\n"
        "source: kennisgraaf tests (verzonnen voorbeeld)\nillustrative: true\n", encoding="utf-8")
    first = tmp_path / "first"
    run_ok(run, "import", case_file, "-o", first)
    graph = parse_folder(first)
    case = next(graph.subjects(kg.horizonMonths, Literal(18, datatype=XSD.integer)))
    member = graph.value(case, kg.member)
    assert (graph.value(member, kg.ageYears), graph.value(member, kg.ageMonths)) == (Literal(84), Literal(7))
    phase = graph.value(case, kg.phase)
    assert graph.value(phase, kg.fromMonth) == Literal(9)
    assert str(graph.value(phase, kg.hasNeed)).endswith("/need/langdurige-zorg")
    sheets = tmp_path / "sheets"
    run_ok(run, "export", first, "--format", "csv", "-o", sheets)
    assert (sheets / "phases.csv").read_text(encoding="utf-8").splitlines()[1:] == ["voorbeeld-wlz,9,need:langdurige-zorg"]
    second = tmp_path / "second"
    run_ok(run, "import", sheets, "-o", second)
    assert_isomorphic(graph, parse_folder(second))


def test_export_of_members_and_phases_reports_what_the_sheets_cannot_hold():
    from rdflib import Graph

    from kennisgraaf.authoring.exporter import tables
    graph = Graph().parse(format="turtle", data="""
        @prefix kg: <https://w3id.org/kennisgraaf/def#> .
        @prefix case: <https://w3id.org/kennisgraaf/id/case/> .
        @prefix role: <https://w3id.org/kennisgraaf/id/role/> .
        @prefix need: <https://w3id.org/kennisgraaf/id/need/> .
        case:c1 a kg:HouseholdCase ; kg:hasNeed need:inkomen ;
            kg:member [ kg:role role:ouder ; kg:ageBand "27-44" ; kg:shoeSize 42 ] ;
            kg:phase [ a kg:CasePhase ; kg:fromMonth 3, 5 ; kg:hasNeed need:inkomen, need:woonruimte ] .
    """)
    data, left_out = tables(graph)
    assert data["members"] == [{"case": "c1", "role": "role:ouder", "age_band": "27-44", "age_years": "",
                                "age_months": ""}]
    # two start months for one phase: the sheet has one cell, the smaller is kept; both needs stay
    assert data["phases"] == [{"case": "c1", "from_month": "3", "needs": "need:inkomen\nneed:woonruimte"}]
    assert sorted(left_out) == ["a member of case:c1 without rdf:type kg:HouseholdMember (import adds it)",
                                "a member of case:c1: kg:shoeSize \"42\"",
                                "a phase of case:c1: 2 values for 'from_month', one kept"]
