"""Malformed and hostile input to `kennisgraaf import`: every file is refused with exit code 3 and a clear message
whose first line names the file, without a traceback, and nothing is written to -o.

The small files live in tests/data/hostile/; big ones (50 MB files, zip bombs, deep nesting) and workbooks are
generated at test time into tmp_path. Files that once crashed parsers (deep nesting) run in a subprocess, so that a
regression cannot take the test run down with it.
"""

from __future__ import annotations

import io
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from kennisgraaf.cli import main

HOSTILE = Path(__file__).resolve().parent / "data" / "hostile"
BIN = Path(sys.executable).parent

#: file -> a phrase the message must contain (what is wrong, in words a policy user understands)
EXPECT = {
    "binary-cases.csv": "not UTF-8 text",
    "birthdate-semicolon-cases.csv": "birth date",
    "bsn-members.csv": "BSN",
    "case-address.yaml": "street address",
    "case-bad-age-band.yaml": "is not an age band",
    "case-bad-id.yaml": "is not a valid id",
    "case-birthdate-as-age-band.yaml": "birth date",
    "case-birthdate-key.yaml": "personal data (birth date)",
    "case-bsn-in-note.yaml": "BSN '111222333'",
    "case-email-key.yaml": "personal data (e-mail address)",
    "case-email.yaml": "e-mail address",
    "case-honorific-name.yaml": "name 'mevrouw Bakker'",
    "case-iban.yaml": "IBAN",
    "case-member-naam.yaml": "members[1].naam: would hold personal data (name)",
    "case-members-not-a-list.yaml": "expected a list of members",
    "case-missing-source.yaml": "needs a source",
    "case-name-key.yaml": "personal data (name)",
    "case-need-is-a-provision.yaml": "a provision, not a need type",
    "case-needs-mapping.yaml": "found a mapping",
    "case-no-needs.yaml": "'needs' is required",
    "case-number-as-model.yaml": "unknown municipality model '2016'",
    "case-phone.yaml": "phone number",
    "case-postcode.yaml": "postcode",
    "case-unknown-key.yaml": "did you mean label_nl",
    "case-unknown-model.yaml": "did you mean model:eindhoven-2016",
    "case-unknown-need.yaml": "did you mean need:schulden",
    "case-unknown-role.yaml": "unknown household role 'opa'",
    "case-wrong-id-prefix.yaml": "has prefix 'model:'",
    "control-char-cases.csv": "control character",
    "duplicate-header-models.csv": "appears twice in the header row",
    "empty-cases.csv": "the file is empty",
    "empty-header-cell-models.csv": "has no name in the header row",
    "file-context.jsonld": "is not fetched",
    "formula-arrangements.csv": "runs as a formula",
    "formula-at-members.csv": "runs as a formula",
    "formula-minus-models.csv": "runs as a formula",
    "formula-plus-cases.csv": "runs as a formula",
    "gzip-as-yaml.yaml": "not UTF-8 text",
    "header-only-cases.csv": "nothing to import",
    "import-context.jsonld": "'@import' is not allowed",
    "jsonld-syntax-error.jsonld": "JSON syntax error",
    "latin1-cases.csv": "not UTF-8 text",
    "missing-column-models.csv": "'reference_date' is required",
    "misspelled-column-arrangements.csv": "did you mean provision",
    "municipality-arrangements-not-a-list.yaml": "expected a list",
    "municipality-bad-boolean.yaml": "is not true or false",
    "municipality-bad-cbs-code.yaml": "is not a CBS municipality code",
    "municipality-bad-date.yaml": "is not a date",
    "municipality-bsn-in-source.yaml": "BSN",
    "municipality-circular-kind.yaml": "circular",
    "municipality-contact-name.yaml": "personal data (name)",
    "municipality-date-text.yaml": "is not a date",
    "municipality-duplicate-arrangement.yaml": "is arranged twice",
    "municipality-duplicate-id.yaml": "is declared twice",
    "municipality-negative-weeks.yaml": "is not a number of weeks",
    "municipality-no-model.yaml": "needs a 'model:' block",
    "municipality-precondition-no-municipality.yaml": "is required",
    "municipality-self-prerequisite.yaml": "circular",
    "municipality-two-provisions-in-one.yaml": "give one provision",
    "municipality-unknown-institution.yaml": "did you mean inst:kredietbank-teststad",
    "municipality-unknown-provision.yaml": "did you mean svc:schuldhulpverlening",
    "municipality-unknown-top-key.yaml": "unknown key 'contactpersoon_functie'",
    "municipality-wijkteam-not-a-wijkteam.yaml": "an institution, not a wijkteam",
    "municipality-wrong-id-prefix.yaml": "has prefix 'svc:'",
    "name-column-members.csv": "personal data (name)",
    "named-graphs.trig": "named graphs are not imported",
    "no-sheet-in-name.csv": "cannot tell which sheet",
    "not-a-zip.xlsx": "not an .xlsx workbook",
    "rdfxml-xxe.rdf": "RDF/XML is not accepted",
    "remote-context.jsonld": "is not fetched",
    "too-many-cells-cases.csv": "but the header names 5 columns",
    "turtle-case-bsn.ttl": "BSN",
    "turtle-closed-shape.ttl": "is closed",
    "turtle-foaf-name.ttl": "personal data (name)",
    "turtle-owl-imports.ttl": "owl:imports is not followed",
    "turtle-relative-iri.ttl": "Turtle syntax error",
    "turtle-schema-birthdate.ttl": "personal data (birth date)",
    "turtle-syntax-error.ttl": "Turtle syntax error",
    "turtle-unknown-reference.ttl": "kg:defaultModel",
    "unknown-column-institutions.csv": "unknown column 'telefoonboek'",
    "unknown-id-arrangements.csv": "did you mean inst:wijeindhoven",
    "unsupported-extension.txt": "unsupported file type",
    "unterminated-quote-cases.csv": "CSV syntax error",
    "utf16-cases.csv": "UTF-16",
    "wrong-class-arrangements.csv": "a provision, not an institution",
    "wrong-type-models.csv": "is not true or false",
    "yaml-billion-laughs.yaml": "aliases",
    "yaml-custom-include-tag.yaml": "tag '!include' is not allowed",
    "yaml-deep-nesting.yaml": "nested more than",
    "yaml-duplicate-key.yaml": "appears twice",
    "yaml-empty.yaml": "the file is empty",
    "yaml-huge-scalar.yaml": "over the 65536 limit",
    "yaml-latin1.yaml": "not UTF-8 text",
    "yaml-merge-key-alias.yaml": "aliases",
    "yaml-no-kind.yaml": "does not say what it describes",
    "yaml-nul-bytes.yaml": "NUL bytes",
    "yaml-only-comments.yaml": "no YAML data",
    "yaml-python-object.yaml": "python/object/apply:os.system' is not allowed",
    "yaml-recursive-anchor.yaml": "aliases",
    "yaml-syntax-error.yaml": "YAML syntax error",
    "yaml-tab-indent.yaml": "YAML syntax error",
    "yaml-top-level-list.yaml": "not a mapping",
    "yaml-top-level-scalar.yaml": "not a mapping",
    "yaml-two-documents.yaml": "more than one YAML document",
    "yaml-utf16.yaml": "UTF-16",
    "yaml-wrong-kind.yaml": "'scenario' is not something kennisgraaf imports",
}

STATIC = sorted(p.name for p in HOSTILE.iterdir() if p.is_file())


def assert_refused(path: Path, out: Path, exit_code: int, stdout: str, stderr: str, expect: str | None = None):
    assert exit_code == 3, f"exit code {exit_code} for {path.name}:\n{stdout}\n{stderr}"
    assert "Traceback" not in stdout + stderr
    lines = stderr.splitlines()
    assert lines and lines[0].startswith("error: "), stderr
    assert path.name in lines[0], f"first line does not name the file: {lines[0]}"
    if expect:
        assert expect in stderr, f"{path.name}: expected {expect!r} in:\n{stderr}"
    assert not out.exists() or not any(out.rglob("*")), f"something was written to -o for {path.name}"
    assert stdout == ""


def import_in_process(path: Path, out: Path, expect: str | None = None) -> str:
    result = CliRunner().invoke(main, ["import", str(path), "-o", str(out)])
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    assert_refused(path, out, result.exit_code, result.stdout, result.stderr, expect)
    return result.stderr


def import_in_subprocess(path: Path, out: Path, expect: str | None = None) -> str:
    env = {**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}"}
    done = subprocess.run([str(BIN / "kennisgraaf"), "import", str(path), "-o", str(out)], capture_output=True,
                          text=True, timeout=120, env=env)
    assert done.returncode >= 0, f"{path.name} killed the process (signal {-done.returncode})"
    assert_refused(path, out, done.returncode, done.stdout, done.stderr, expect)
    return done.stderr


def test_the_corpus_is_large_and_every_file_has_an_expectation():
    assert len(STATIC) >= 50
    assert sorted(EXPECT) == STATIC


@pytest.mark.parametrize("name", STATIC)
def test_hostile_file_is_refused_clearly(name, tmp_path):
    import_in_process(HOSTILE / name, tmp_path / "out", EXPECT.get(name))


def test_a_sample_through_the_real_command_line(tmp_path):
    for name in ["yaml-billion-laughs.yaml", "case-bsn-in-note.yaml", "formula-arrangements.csv",
                 "remote-context.jsonld", "not-a-zip.xlsx"]:
        import_in_subprocess(HOSTILE / name, tmp_path / name / "out", EXPECT[name])


def test_refusal_leaves_an_existing_output_folder_untouched(tmp_path):
    out = tmp_path / "out"
    (out / "cases").mkdir(parents=True)
    kept = out / "cases" / "case-bsn-in-note.ttl"
    kept.write_text("# earlier import\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["import", str(HOSTILE / "case-bsn-in-note.yaml"), "-o", str(out)])
    assert result.exit_code == 3
    assert kept.read_text(encoding="utf-8") == "# earlier import\n"
    assert sorted(p.name for p in out.rglob("*")) == ["case-bsn-in-note.ttl", "cases"]


def test_one_bad_file_among_good_ones_writes_nothing(tmp_path):
    examples = Path(__file__).resolve().parent.parent / "examples"
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["import", str(examples / "voorbeeldstad.yaml"),
                                       str(HOSTILE / "case-unknown-need.yaml"), "-o", str(out)])
    assert result.exit_code == 3 and "case-unknown-need.yaml" in result.stderr.splitlines()[0]
    assert not out.exists()


# -- generated at test time: big files, bombs, deep nesting, workbooks ----------------------------------------

MB = 1024 * 1024


def _write_repeated(path: Path, head: bytes, line: bytes, size: int) -> Path:
    with path.open("wb") as handle:
        handle.write(head)
        written = len(head)
        block = line * (MB // len(line) + 1)
        while written <= size:
            handle.write(block)
            written += len(block)
    return path


@pytest.mark.parametrize("name,head,line", [
    ("big-cases.csv", b"id,model,needs,label_nl,source\n", b"x,eindhoven-2016,schulden,gezin,test\n"),
    ("big.yaml", b"kind: case\nnote: |\n", b"  lorem ipsum dolor sit amet\n"),
    ("big.ttl", b"@prefix kg: <https://w3id.org/kennisgraaf/def#> .\n", b"<https://x/a> kg:p \"o\" .\n"),
    ("big.nt", b"", b"<https://x/a> <https://x/p> \"o\" .\n"),
    ("big.jsonld", b"[", b'{"@id": "https://x/a", "https://x/p": "o"},\n'),
])
def test_fifty_megabyte_files_are_refused_without_reading_them(name, head, line, tmp_path):
    path = _write_repeated(tmp_path / name, head, line, 50 * MB + 1)
    stderr = import_in_process(path, tmp_path / "out", "MiB limit")
    assert "split it" in stderr


def test_fifty_megabyte_workbook_is_refused(tmp_path):
    path = tmp_path / "big.xlsx"
    with path.open("wb") as handle:
        handle.write(b"PK\x03\x04")
        handle.truncate(50 * MB + 10)
    import_in_process(path, tmp_path / "out", "MiB limit")


def test_yaml_just_over_its_own_limit(tmp_path):
    path = _write_repeated(tmp_path / "long-case.yaml", b"kind: case\nnote: |\n", b"  bla bla\n", 2 * MB + 1)
    import_in_process(path, tmp_path / "out", "2 MiB limit")


def test_csv_with_too_many_rows_and_columns(tmp_path):
    rows = _write_repeated(tmp_path / "many-members.csv", b"case,role,age_band\n",
                           b"eindhoven-gezin,ouder,27-44\n", 2 * MB)
    import_in_process(rows, tmp_path / "out1", "more than 50000 rows")
    wide = tmp_path / "wide-models.csv"
    wide.write_text(",".join(f"c{i}" for i in range(150)) + "\n" + ",".join("x" * 150) + "\n", encoding="utf-8")
    import_in_process(wide, tmp_path / "out2", "more than 100 columns")


@pytest.mark.parametrize("name,text", [
    ("deep-blank-nodes.ttl", "<https://x/a> <https://x/p> " + "[ <https://x/p> " * 100_000 + "]" * 100_000 + " .\n"),
    ("deep-collections.ttl", "<https://x/a> <https://x/p> " + "(" * 100_000 + ")" * 100_000 + " .\n"),
    ("deep.jsonld", '{"@id": "https://x/a", "https://x/p": ' + '{"https://x/p": ' * 100_000 + "1" + "}" * 100_001),
    ("deep-list.jsonld", "[" * 100_000 + "]" * 100_000),
    ("deep.yaml", "kind: case\nid: " + "[" * 100_000 + "]" * 100_000 + "\n"),
    ("deep-mapping.yaml", "kind: case\n" + "".join(" " * i + f"k{i}:\n" for i in range(300)) + " " * 300 + "v\n"),
])
def test_deep_nesting_is_refused_in_a_subprocess(name, text, tmp_path):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    stderr = import_in_subprocess(path, tmp_path / "out")
    assert "nest" in stderr


def test_not_a_regular_file(tmp_path):
    folder = tmp_path / "cases.csv"
    folder.mkdir()
    (folder / "x.txt").write_text("x", encoding="utf-8")
    import_in_process(folder, tmp_path / "out", "no file to import")
    if Path("/dev/zero").exists():
        link = tmp_path / "zero-cases.csv"
        link.symlink_to("/dev/zero")
        import_in_process(link, tmp_path / "out", "not a regular file")


def _workbook(**sheets: list[list]) -> bytes:
    import openpyxl
    book = openpyxl.Workbook()
    book.remove(book.active)
    for name, rows in sheets.items():
        ws = book.create_sheet(name)
        for row in rows:
            ws.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


CASES_SHEET = [["id", "model", "needs", "label_nl", "source"], ["x", "eindhoven-2016", "schulden", "gezin", "test"]]


def _rezip(data: bytes, replace: dict[str, bytes]) -> bytes:
    source = zipfile.ZipFile(io.BytesIO(data))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            target.writestr(info.filename, replace.get(info.filename, source.read(info.filename)))
        for name, content in replace.items():
            if name not in source.namelist():
                target.writestr(name, content)
    return buffer.getvalue()


def _sheet_part(data: bytes) -> str:
    return next(n for n in zipfile.ZipFile(io.BytesIO(data)).namelist() if n.startswith("xl/worksheets/sheet"))


XXE = (b'<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE sst [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n'
       b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="1" uniqueCount="1">'
       b'<si><t>&xxe;</t></si></sst>')
XXE_SHEET = (b'<?xml version="1.0"?>\n<!DOCTYPE w [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n'
             b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
             b'<row r="1"><c r="A1" t="inlineStr"><is><t>&xxe;</t></is></c></row></sheetData></worksheet>')
LAUGHS = (b'<?xml version="1.0"?>\n<!DOCTYPE lolz [<!ENTITY lol "lol">'
          + b"".join(b'<!ENTITY lol%d "%s">' % (i, (b"&lol%d;" % (i - 1) if i > 1 else b"&lol;") * 10)
                     for i in range(1, 10))
          + b']>\n<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
          + b'<row r="1"><c r="A1" t="inlineStr"><is><t>&lol9;</t></is></c></row></sheetData></worksheet>')


def hostile_workbooks() -> dict[str, tuple[bytes, str]]:
    good = _workbook(cases=CASES_SHEET)
    part = _sheet_part(good)
    return {
        "xxe-shared-strings.xlsx": (_rezip(good, {"xl/sharedStrings.xml": XXE}), "DOCTYPE or XML entities"),
        "xxe-sheet.xlsx": (_rezip(good, {part: XXE_SHEET}), "DOCTYPE or XML entities"),
        "billion-laughs.xlsx": (_rezip(good, {part: LAUGHS}), "DOCTYPE or XML entities"),
        "zip-bomb.xlsx": (_rezip(good, {part: b"<worksheet>" + b" " * (60 * MB) + b"</worksheet>"}), "zip bomb"),
        "truncated.xlsx": (good[: len(good) // 2], "not a readable .xlsx workbook"),
        "formula.xlsx": (_workbook(cases=[CASES_SHEET[0], ["x", "eindhoven-2016", "=A1&\"schulden\"", "g", "t"]]),
                         "holds a formula"),
        "no-known-sheet.xlsx": (_workbook(Blad1=CASES_SHEET), "no worksheet kennisgraaf reads"),
        "naam-column.xlsx": (_workbook(members=[["case", "role", "Naam"], ["eindhoven-gezin", "ouder", "Anna"]]),
                             "personal data (name)"),
        "bsn-cell.xlsx": (_workbook(members=[["case", "role", "age_band"], ["eindhoven-gezin", "ouder", 111222333]]),
                          "BSN"),
        "unknown-id.xlsx": (_workbook(cases=[CASES_SHEET[0], ["x", "eindhoven-2016", "schuldenn", "g", "t"]]),
                            "did you mean need:schulden"),
        "wrong-type.xlsx": (_workbook(models=[["id", "municipality", "reference_date", "label_nl", "source"],
                                              ["x-2024", "gm0772", 3.5, "X", "t"]]), "is not a date"),
        "empty-workbook-sheet.xlsx": (_workbook(cases=[CASES_SHEET[0]]), "nothing to import"),
    }


WORKBOOKS = hostile_workbooks()


@pytest.mark.parametrize("name", sorted(WORKBOOKS))
def test_hostile_workbook_is_refused_clearly(name, tmp_path):
    data, expect = WORKBOOKS[name]
    path = tmp_path / name
    path.write_bytes(data)
    import_in_process(path, tmp_path / "out", expect)


def test_defusedxml_guards_openpyxl_even_without_our_prescan():
    import openpyxl
    from defusedxml import DefusedXmlException
    from openpyxl.xml import DEFUSEDXML
    assert DEFUSEDXML
    for name in ("xxe-sheet.xlsx", "billion-laughs.xlsx"):
        data, _ = WORKBOOKS[name]
        with pytest.raises(Exception) as info:
            book = openpyxl.load_workbook(io.BytesIO(data), read_only=True)
            list(book.worksheets[0].iter_rows())
        chain, error = [], info.value
        while error is not None:
            chain.append(error)
            error = error.__cause__ or error.__context__
        assert any(isinstance(e, DefusedXmlException) for e in chain), chain


def test_parsing_never_touches_the_network(tmp_path, monkeypatch):
    """Remote JSON-LD contexts, owl:imports and http references are refused or inert: no socket is opened."""
    import socket

    def no_network(*args, **kwargs):
        raise AssertionError("a network connection was attempted")

    monkeypatch.setattr(socket.socket, "connect", no_network)
    monkeypatch.setattr(socket, "create_connection", no_network)
    for name in ["remote-context.jsonld", "file-context.jsonld", "import-context.jsonld", "turtle-owl-imports.ttl"]:
        import_in_process(HOSTILE / name, tmp_path / name / "out", EXPECT[name])
    inline = tmp_path / "inline.jsonld"
    inline.write_text('{"@context": {"kg": "https://w3id.org/kennisgraaf/def#"}, "@id": "https://x/a", '
                      '"kg:domainNote": "ok", "@type": "http://127.0.0.1:9/NotFetched"}', encoding="utf-8")
    result = CliRunner().invoke(main, ["import", str(inline), "-o", str(tmp_path / "inline-out")])
    assert result.exit_code == 0, result.stderr
