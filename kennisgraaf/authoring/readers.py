"""Readers of the authoring formats: CSV (one file per sheet), XLSX (one worksheet per sheet) and YAML.

Each reader turns a file into :class:`Row` objects of the tabular layout (see :mod:`.schema`), refusing what is
malformed or unsafe with a message that names the file, the row or line, the column and the fix.
"""

from __future__ import annotations

import csv
import io
import warnings
from dataclasses import dataclass, field
from datetime import date, datetime, time
from difflib import get_close_matches
from pathlib import Path
from typing import Any

from ..errors import DataError, PrivacyError
from ..privacy import personal_key
from .limits import (MAX_COLUMNS, MAX_ROWS, check_text_value, check_xlsx, decode_text, load_yaml, read_bytes)
from .schema import SHEETS, is_formula, sheet_of_stem, unescape_cell

#: A cell value: text, or several texts (a YAML list).
Value = Any


@dataclass
class Row:
    """One row of one sheet, with where it came from."""

    sheet: str
    values: dict[str, Value]
    file: str
    line: int | None = None
    #: YAML: the key path of the row ("arrangements[2]") and the line of each key
    key_path: str = ""
    key_lines: dict[str, int] = field(default_factory=dict)
    #: the input file itself (``file`` may name a worksheet in it: ``book.xlsx[arrangements]``)
    origin: str = ""
    #: columns whose cell was refused while reading (a formula, a control character): already reported, so the
    #: builder neither converts them nor calls them missing
    refused: set[str] = field(default_factory=set)

    def __post_init__(self):
        self.origin = self.origin or self.file

    def where(self, column: str) -> str:
        """How a column of this row is named in messages."""
        if self.key_path:
            return f"{self.key_path}.{column}" if self.key_path != "." else column
        return f"column '{column}'"

    def line_of(self, column: str | None = None) -> int | None:
        return self.key_lines.get(column, self.line) if column else self.line

    def error(self, column: str | None, message: str, fix: str | None = None) -> DataError:
        where = f"{self.where(column)}: " if column else ""
        return DataError(f"{where}{message}", path=self.file, line=self.line_of(column), fix=fix)


# -- CSV ------------------------------------------------------------------------------------------------------

def read_csv(path: Path, problems: list[DataError] | None = None) -> list[Row]:
    """The rows of a CSV file. With ``problems``, a refused cell is added there and reading goes on (import reports
    every problem of a file at once); without, it is raised."""
    sheet = sheet_of_stem(path.stem)
    if sheet is None:
        raise DataError("cannot tell which sheet this CSV file holds", path=str(path),
                        fix=f"name the file after its sheet, e.g. voorbeeldstad-arrangements.csv; sheets: "
                            f"{', '.join(SHEETS)}")
    text = decode_text(read_bytes(path, "csv"), path)
    first_line = text.split("\n", 1)[0]
    delimiter = max((",", ";", "\t"), key=first_line.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    try:
        header = next(reader, None)
        if header is None or not any(h.strip() for h in header):
            raise DataError("the file has no header row", path=str(path), line=1,
                            fix=f"the first row names the columns: {', '.join(SHEETS[sheet].column_names)}")
        table = [header]
        for record in reader:
            if len(table) > MAX_ROWS:
                raise DataError(f"more than {MAX_ROWS} rows", path=str(path), line=len(table) + 1,
                                fix="split the file")
            table.append(record)
    except csv.Error as exc:
        raise DataError(f"CSV syntax error: {exc}", path=str(path), line=reader.line_num,
                        fix="check the quotes: a cell with a quote, comma or line break is put in double quotes, "
                            "and a quote inside it is doubled") from None
    return _table_rows(table, sheet, str(path), problems)


def _table_rows(table: list[list[Any]], sheet: str, display: str,
                problems: list[DataError] | None = None) -> list[Row]:
    """Rows from a table whose first row is the header (CSV and XLSX)."""
    header = [_header_cell(h) for h in table[0]]
    while header and not header[-1]:
        header.pop()
    if len(header) > MAX_COLUMNS:
        raise DataError(f"more than {MAX_COLUMNS} columns", path=display, line=1, fix="remove unused columns")
    seen: set[str] = set()
    for index, name in enumerate(header):
        if not name:
            raise DataError(f"column {_letter(index)} has no name in the header row", path=display, line=1,
                            fix="name every column, or delete the empty one")
        if name in seen:
            raise DataError(f"column '{name}' appears twice in the header row", path=display, line=1,
                            fix="keep one of them")
        seen.add(name)
    rows = []
    for number, record in enumerate(table[1:], start=2):
        refused: set[str] = set()
        cells = []
        for i, c in enumerate(record):
            name = header[i] if i < len(header) else _letter(i)
            try:
                cells.append(_cell_text(c, display, number, name))
            except DataError as exc:
                if problems is None:
                    raise
                problems.append(exc)
                refused.add(name)
                cells.append("")
        if not any(cells) and not refused:
            continue
        extra = [c for c in cells[len(header):] if c]
        if extra:
            raise DataError(f"the row has {len(cells)} cells but the header names {len(header)} columns",
                            path=display, line=number,
                            fix="remove the extra cells, or quote a cell that contains the separator")
        values = {name: (cells[i] if i < len(cells) else "") for i, name in enumerate(header)}
        rows.append(Row(sheet, values, display, number, refused=refused))
    return rows


def _header_cell(value: Any) -> str:
    return ("" if value is None else str(value)).strip().lower().replace(" ", "_")


def scalar_text(value: Any) -> str | None:
    """The text of a typed cell or YAML scalar (booleans, dates, whole floats); None for other values."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == time(0) else value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return None


def _cell_text(value: Any, display: str, line: int, column: str) -> str:
    typed = scalar_text(value)
    if typed is not None:
        return typed
    text = str(value)
    problem = check_text_value(text)
    if problem:
        raise DataError(f"column '{column}': {problem}", path=display, line=line, fix="shorten or clean the cell")
    text = text.strip()
    if is_formula(text):
        raise DataError(f"column '{column}': the cell starts with '{text[0]}', which a spreadsheet runs as a "
                        f"formula", path=display, line=line,
                        fix="kennisgraaf never evaluates formulas: type the value itself, or start the cell with "
                            "' to keep the text as it is")
    return unescape_cell(text)


def _letter(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


# -- XLSX -----------------------------------------------------------------------------------------------------

def read_xlsx(path: Path, problems: list[DataError] | None = None) -> list[Row]:
    data = read_bytes(path, "xlsx")
    check_xlsx(path, data)
    import openpyxl
    from openpyxl.xml import DEFUSEDXML
    if not DEFUSEDXML:  # pragma: no cover - defusedxml is a dependency; OPENPYXL_DEFUSEDXML=False turns it off
        raise DataError("refusing to open a workbook without defusedxml (OPENPYXL_DEFUSEDXML is set to False)",
                        path=str(path), fix="unset OPENPYXL_DEFUSEDXML")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=False, keep_links=False,
                                          keep_vba=False)
    except DataError:
        raise
    except Exception as exc:  # openpyxl raises many kinds on a broken workbook
        raise DataError(f"not a readable .xlsx workbook ({type(exc).__name__}: {str(exc)[:200]})", path=str(path),
                        fix="save the workbook again as Excel .xlsx") from None
    rows: list[Row] = []
    known = 0
    try:
        for ws in book.worksheets:
            sheet = sheet_of_stem(ws.title.strip())
            if sheet is None:
                continue
            known += 1
            display = f"{path}[{ws.title}]"
            table: list[list[Any]] = []
            for number, record in enumerate(ws.iter_rows(), start=1):
                if number > MAX_ROWS + 1:
                    raise DataError(f"more than {MAX_ROWS} rows", path=display, line=number, fix="split the sheet")
                if len(record) > MAX_COLUMNS * 10:
                    raise DataError(f"row has {len(record)} cells", path=display, line=number,
                                    fix="remove unused columns")
                values = []
                for cell in record:
                    if getattr(cell, "data_type", None) == "f":
                        formula = DataError(f"cell {getattr(cell, 'coordinate', '')} holds a formula", path=display,
                                            line=number, fix="kennisgraaf never evaluates formulas: type the value "
                                                             "itself (copy, then paste as values)")
                        if problems is None:
                            raise formula
                        problems.append(formula)
                        values.append(None)
                        continue
                    values.append(cell.value)
                table.append(values)
            if table:
                for row in _table_rows(table, sheet, display, problems):
                    row.origin = str(path)
                    rows.append(row)
    except DataError:
        raise
    except Exception as exc:
        raise DataError(f"a worksheet cannot be read ({type(exc).__name__}: {str(exc)[:200]})", path=str(path),
                        fix="save the workbook again as Excel .xlsx") from None
    finally:
        book.close()
    if not known:
        raise DataError("the workbook has no worksheet kennisgraaf reads", path=str(path),
                        fix=f"name the worksheets after the sheets: {', '.join(SHEETS)}")
    return rows


# -- YAML -----------------------------------------------------------------------------------------------------

#: Keys of a municipality YAML file, besides the model's own columns.
MUNICIPALITY_BLOCKS = ("municipality", "model", "wijkteam", "institutions", "arrangements", "preconditions",
                       "exclusion_grounds", "mandates")


def read_yaml(path: Path, problems: list[DataError] | None = None) -> list[Row]:
    text = decode_text(read_bytes(path, "yaml"), path)
    data, lines = load_yaml(text, path)
    if data is None:
        raise DataError("the file holds no YAML data (only comments?)", path=str(path),
                        fix="fill in a template: `kennisgraaf new municipality` or `kennisgraaf new case`")
    if not isinstance(data, dict):
        raise DataError(f"the file holds a {_kind(data)}, not a mapping of keys to values", path=str(path), line=1,
                        fix="start from a template: `kennisgraaf new municipality` or `kennisgraaf new case`")
    reader = _YamlReader(str(path), lines, problems)
    kind = data.get("kind")
    if kind in ("municipality", "gemeente", "municipality-model"):
        return reader.municipality(data)
    if kind in ("case", "casus"):
        return reader.case(data)
    raise reader.error((), "kind" if "kind" in data else None,
                       f"{kind!r} is not something kennisgraaf imports" if "kind" in data
                       else "the file does not say what it describes",
                       "start the file with 'kind: municipality' or 'kind: case'")


def _kind(value: Any) -> str:
    return {dict: "mapping", list: "list", str: "text", int: "number", float: "number", bool: "true/false"}.get(
        type(value), type(value).__name__)


class _YamlReader:
    def __init__(self, file: str, lines: dict[tuple, int], problems: list[DataError] | None = None):
        self.file, self.lines, self.problems = file, lines, problems

    def report(self, problem: DataError) -> None:
        """A problem that does not stop reading the rest of the file: collected when import collects, else raised."""
        if self.problems is None:
            raise problem
        self.problems.append(problem)

    def error(self, path: tuple, key: str | None, message: str, fix: str | None = None) -> DataError:
        full = path + ((key,) if key else ())
        line = self.lines.get(full) or self.lines.get(path)
        name = _dotted(full)
        return DataError(f"{name}: {message}" if name else message, path=self.file, line=line, fix=fix)

    def row(self, sheet: str, mapping: Any, path: tuple, defaults: dict[str, Value] | None = None) -> Row:
        if not isinstance(mapping, dict):
            raise self.error(path, None, f"expected a mapping of keys to values, found {_kind(mapping)}",
                             f"write it as 'key: value' lines; keys: {', '.join(SHEETS[sheet].column_names)}")
        values: dict[str, Value] = {}
        for key, value in mapping.items():
            values[str(key)] = self.value(value, path + (str(key),))
        for key, value in (defaults or {}).items():
            if values.get(key) in (None, "", []):
                values[key] = value
        key_lines = {str(k): self.lines.get(path + (str(k),), 0) for k in mapping}
        return Row(sheet, values, self.file, self.lines.get(path), _dotted(path) or ".", key_lines)

    def value(self, value: Any, path: tuple) -> Value:
        if value is None:
            return ""
        if isinstance(value, list):
            out = []
            for index, item in enumerate(value):
                if isinstance(item, (dict, list)):
                    raise self.error(path + (index,), None, f"expected text, found a {_kind(item)}",
                                     "write one value per list item")
                out.append(self.value(item, path + (index,)))
            return out
        if isinstance(value, dict):
            raise self.error(path, None, "expected text or a list, found a mapping",
                             "check the indentation: this key takes a value, not nested keys")
        typed = scalar_text(value)
        return typed if typed is not None else str(value).strip()

    def municipality(self, data: dict) -> list[Row]:
        allowed = {"kind", *MUNICIPALITY_BLOCKS}
        for key in data:
            if key not in allowed:
                self._unknown((), str(key), sorted(allowed))
        rows: list[Row] = []
        municipality = data.get("municipality")
        municipality_id: Value = ""
        if isinstance(municipality, dict):
            row = self.row("municipalities", municipality, ("municipality",))
            if not row.values.get("id") and row.values.get("cbs_code"):
                row.values["id"] = str(row.values["cbs_code"]).lower()
            municipality_id = row.values.get("id", "")
            rows.append(row)
        elif municipality not in (None, ""):
            municipality_id = self.value(municipality, ("municipality",))
        model = data.get("model")
        if not isinstance(model, dict):
            raise self.error((), "model", "the file needs a 'model:' block (id, reference_date, label_nl, source)"
                             if model is None else f"expected a mapping, found {_kind(model)}",
                             "see `kennisgraaf new municipality`")
        wijkteam = data.get("wijkteam")
        defaults = {"municipality": municipality_id} if municipality_id else {}
        model_row = self.row("models", model, ("model",), defaults)
        if isinstance(wijkteam, dict) and "wijkteam" not in model_row.values:
            model_row.values["wijkteam"] = self.value(wijkteam.get("id"), ("wijkteam", "id"))
        elif wijkteam not in (None, "") and not isinstance(wijkteam, dict):
            model_row.values.setdefault("wijkteam", self.value(wijkteam, ("wijkteam",)))
        rows.append(model_row)
        model_id = model_row.values.get("id", "")
        if isinstance(wijkteam, dict):
            rows.append(self.row("institutions", wijkteam, ("wijkteam",),
                                 {"type": "wijkteam", "kind": "sociaal-wijkteam", **defaults}))
        for block, sheet, block_defaults in (
                ("institutions", "institutions", defaults),
                ("arrangements", "arrangements", {"model": model_id}),
                ("preconditions", "preconditions", {**defaults, "scope": "municipal-rule"}),
                ("exclusion_grounds", "exclusion_grounds", defaults), ("mandates", "mandates", defaults)):
            items = data.get(block)
            if items in (None, ""):
                continue
            if not isinstance(items, list):
                raise self.error((), block, f"expected a list (lines starting with '- '), found {_kind(items)}",
                                 "see `kennisgraaf new municipality`")
            for index, item in enumerate(items):
                rows.append(self.row(sheet, item, (block, index), block_defaults))
        return rows

    def case(self, data: dict) -> list[Row]:
        body = {k: v for k, v in data.items() if k not in ("kind", "members", "phases")}
        row = self.row("cases", body, ())
        row.key_path = "."
        rows = [row]
        for block, sheet, example in (("members", "members", "'- role: ouder' with 'age_band: 27-44' below it"),
                                      ("phases", "phases", "'- from_month: 8' with 'needs: [langdurige-zorg]' below it")):
            items = data.get(block)
            if items in (None, ""):
                continue
            if not isinstance(items, list):
                raise self.error((), block, f"expected a list of {block}, found {_kind(items)}", f"write each as {example}")
            for index, item in enumerate(items):
                rows.append(self.row(sheet, item, (block, index), {"case": row.values.get("id", "")}))
        return rows

    def _unknown(self, path: tuple, key: str, known: list[str]) -> None:
        kind = personal_key(key)
        if kind:
            self.report(PrivacyError(f"{_dotted(path + (key,))}: would hold personal data ({kind}), which "
                                     "kennisgraaf refuses",
                                     path=self.file, line=self.lines.get(path + (key,)),
                                     fix="remove the key; a municipality file names institutions, not people"))
            return
        close = get_close_matches(key[:100], known, n=3, cutoff=0.6)
        self.report(self.error(path, key[:100], f"unknown key '{key[:100]}'",
                               (f"did you mean {', '.join(close)}? " if close else "") +
                               f"keys here: {', '.join(known)}"))


def _dotted(path: tuple) -> str:
    out = ""
    for part in path:
        out += f"[{part + 1}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


READERS = {".csv": read_csv, ".tsv": read_csv, ".xlsx": read_xlsx, ".yaml": read_yaml, ".yml": read_yaml}
