"""The YAML reader: a municipality file or a case file (``kennisgraaf new …`` writes their templates) turned into
the rows of the tabular layout, with each key's line for messages."""

from __future__ import annotations

from difflib import get_close_matches
from pathlib import Path
from typing import Any

from ..errors import DataError, PrivacyError
from ..privacy import personal_key
from .limits import decode_text, load_yaml, read_bytes
from .rows import Row, Value, scalar_text
from .schema import SHEETS

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
