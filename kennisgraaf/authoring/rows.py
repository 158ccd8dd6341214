"""One row of one sheet of the tabular layout (:mod:`.schema`), as every reader gives it, with where it came from."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time
from typing import Any

from ..errors import DataError

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
