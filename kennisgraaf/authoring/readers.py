"""Readers of the authoring formats: CSV (one file per sheet), XLSX (one worksheet per sheet) and YAML.

Each reader turns a file into :class:`Row` objects of the tabular layout (see :mod:`.schema`), refusing what is
malformed or unsafe with a message that names the file, the row or line, the column and the fix.
"""

from __future__ import annotations

import csv
import io
import warnings
from pathlib import Path
from typing import Any

from ..errors import DataError
from .limits import MAX_COLUMNS, MAX_ROWS, check_text_value, check_xlsx, decode_text, read_bytes
from .rows import Row, scalar_text
from .schema import SHEETS, is_formula, sheet_of_stem, unescape_cell
from .yaml_reader import read_yaml

__all__ = ["READERS", "Row", "read_csv", "read_xlsx", "read_yaml"]


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


READERS = {".csv": read_csv, ".tsv": read_csv, ".xlsx": read_xlsx, ".yaml": read_yaml, ".yml": read_yaml}
