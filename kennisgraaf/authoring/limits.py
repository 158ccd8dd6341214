"""Limits and safe low-level reading of untrusted files: sizes, encodings, zip bombs, YAML bombs, nesting depth.

Nothing here opens a network connection or follows a reference to another file.
"""

from __future__ import annotations

import json
import re
import stat
import zipfile
from pathlib import Path
from typing import Any

import yaml

from ..errors import DataError
from ..store import MAX_RDF_NESTING, check_turtle_nesting  # noqa: F401  (re-exported for the importer)

MiB = 1024 * 1024
#: Largest file accepted, by kind (a municipality model is a few kB; the RDF limit matches the store's).
MAX_BYTES = {"yaml": 2 * MiB, "csv": 20 * MiB, "xlsx": 20 * MiB, "rdf": 50 * MiB}
#: XLSX is a zip of XML files: their total unpacked size, the largest packing ratio and the member count.
MAX_XLSX_UNPACKED = 100 * MiB
MAX_ZIP_RATIO = 200
MAX_ZIP_MEMBERS = 1000
MAX_ROWS = 50_000
MAX_COLUMNS = 100
MAX_CELL_CHARS = 65_536
#: Nesting of YAML / JSON containers and of Turtle blank-node lists and collections.
MAX_DEPTH = 20
MAX_YAML_EVENTS = 500_000
#: Longest id (slug) accepted: ids are typed by people and end up in IRIs, file names and messages.
MAX_ID_CHARS = 120
#: A value is quoted in a message up to this length; did-you-mean suggestions are looked for only for values up to
#: MAX_SUGGEST_CHARS long (names are short; a long value is a paste, not a typo) and at most MAX_SUGGESTIONS times
#: in one import (difflib costs about the product of the lengths, for every known name).
MAX_QUOTED_CHARS = 80
MAX_SUGGEST_CHARS = 100
MAX_SUGGESTIONS = 20

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def read_bytes(path: Path, kind: str) -> bytes:
    """The bytes of a regular file no larger than the limit for ``kind`` (never more is read)."""
    limit = MAX_BYTES[kind]
    try:
        info = path.stat()
    except OSError as exc:
        raise DataError(f"cannot read the file: {exc.strerror}", path=str(path)) from None
    if not stat.S_ISREG(info.st_mode):
        raise DataError("not a regular file", path=str(path), fix="give a .csv, .xlsx, .yaml or .ttl file")
    if info.st_size > limit:
        raise DataError(f"file is {info.st_size / MiB:.1f} MiB, over the {limit // MiB} MiB limit for "
                        f"{kind.upper()} input", path=str(path),
                        fix="split it into smaller files (one municipality or a few cases per file)")
    if info.st_size == 0:
        raise DataError("the file is empty", path=str(path),
                        fix="fill in a template first: `kennisgraaf new municipality` or `kennisgraaf new case`")
    with path.open("rb") as handle:
        data = handle.read(limit + 1)
    if len(data) > limit:
        raise DataError(f"file is over the {limit // MiB} MiB limit for {kind.upper()} input", path=str(path))
    return data


def decode_text(data: bytes, path: Path) -> str:
    """UTF-8 text (a byte-order mark is dropped); other encodings and binary files are refused."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise DataError("the file is UTF-16 text", path=str(path),
                        fix="save it as UTF-8 (in Excel: 'CSV UTF-8 (comma delimited)')")
    if data.startswith(b"PK\x03\x04"):
        raise DataError("this is a zip file (an .xlsx workbook?), not text", path=str(path),
                        fix="give workbooks the .xlsx extension")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise DataError(f"not UTF-8 text (byte {exc.start}: 0x{data[exc.start]:02x})", path=str(path), line=line,
                        fix="save the file as UTF-8 (in Excel: 'CSV UTF-8 (comma delimited)')") from None
    if "\x00" in text:
        line = text.count("\n", 0, text.index("\x00")) + 1
        raise DataError("the file holds NUL bytes: binary data, not text", path=str(path), line=line,
                        fix="give a text file saved as UTF-8")
    return text.removeprefix("\ufeff")


def check_text_value(value: str) -> str | None:
    """Why a text value is refused (control characters, too long), or None."""
    if len(value) > MAX_CELL_CHARS:
        return f"the value is {len(value)} characters long, over the {MAX_CELL_CHARS} limit"
    match = _CONTROL.search(value)
    if match:
        return f"the value holds a control character (0x{ord(match.group(0)):02x})"
    return None


# -- XLSX (zip) -----------------------------------------------------------------------------------------------

_DOCTYPE = re.compile(rb"<!\s*(DOCTYPE|ENTITY)", re.IGNORECASE)


def check_xlsx(path: Path, data: bytes) -> None:
    """Refuse zip bombs and XML with a DOCTYPE or entities before openpyxl opens the workbook."""
    import io
    if not data.startswith(b"PK\x03\x04"):
        raise DataError("not an .xlsx workbook (no zip signature)", path=str(path),
                        fix="save the workbook as Excel .xlsx, or give a .csv file per sheet")
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as exc:
        raise DataError(f"not a readable .xlsx workbook ({exc})", path=str(path),
                        fix="save the workbook again as Excel .xlsx") from None
    if len(members) > MAX_ZIP_MEMBERS:
        raise DataError(f"the workbook holds {len(members)} parts, over the {MAX_ZIP_MEMBERS} limit",
                        path=str(path))
    total = 0
    for info in members:
        total += info.file_size
        if info.file_size > MAX_XLSX_UNPACKED or total > MAX_XLSX_UNPACKED:
            raise DataError(f"the workbook unpacks to more than {MAX_XLSX_UNPACKED // MiB} MiB (a zip bomb?)",
                            path=str(path), fix="give a smaller workbook, or CSV files")
        if info.file_size > 1 * MiB and info.file_size > MAX_ZIP_RATIO * max(info.compress_size, 1):
            raise DataError(f"part '{info.filename}' is packed {info.file_size // max(info.compress_size, 1)}:1, "
                            f"over the {MAX_ZIP_RATIO}:1 limit (a zip bomb?)", path=str(path),
                            fix="give a workbook saved by a spreadsheet program, or CSV files")
        if info.flag_bits & 0x1:
            raise DataError("the workbook is encrypted or password-protected", path=str(path),
                            fix="save it without a password")
    for info in members:
        if not info.filename.lower().endswith((".xml", ".rels", ".vml")):
            continue
        try:
            with archive.open(info) as handle:
                read = 0
                head = b""
                while chunk := handle.read(64 * 1024):
                    read += len(chunk)
                    if read > info.file_size + 1024 or read > MAX_XLSX_UNPACKED:
                        raise DataError("the workbook unpacks to more than it declares (a zip bomb?)",
                                        path=str(path))
                    if _DOCTYPE.search(head[-16:] + chunk):
                        raise DataError(f"part '{info.filename}' declares a DOCTYPE or XML entities, which "
                                        "a spreadsheet program never writes (an XXE or 'billion laughs' attack?)",
                                        path=str(path), fix="save the workbook again from a spreadsheet program")
                    head = chunk
        except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError) as exc:
            raise DataError(f"a part of the workbook cannot be read ({exc})", path=str(path),
                            fix="save the workbook again as Excel .xlsx") from None


# -- YAML -----------------------------------------------------------------------------------------------------

_ALLOWED_TAGS = {f"tag:yaml.org,2002:{t}" for t in ("str", "int", "float", "bool", "null", "timestamp", "seq", "map")}


def load_yaml(text: str, path: Path) -> tuple[Any, dict[tuple, int]]:
    """``yaml.safe_load`` after a scan of the event stream that refuses aliases (YAML bombs), custom tags, deep
    nesting and huge documents. Returns the data and the line of every key path (for messages)."""
    depth = events = 0
    try:
        for event in yaml.parse(text, Loader=yaml.SafeLoader):
            events += 1
            line = event.start_mark.line + 1 if event.start_mark else None
            if events > MAX_YAML_EVENTS:
                raise DataError(f"the YAML document has more than {MAX_YAML_EVENTS} values", path=str(path),
                                line=line, fix="split it into smaller files")
            if isinstance(event, yaml.AliasEvent):
                raise DataError("YAML aliases (*name) are not allowed", path=str(path), line=line,
                                fix="write the value out in full: anchors and aliases can multiply a small file "
                                    "into a huge one (a 'billion laughs' YAML bomb)")
            tag = getattr(event, "tag", None)
            if tag not in (None, "!") and tag not in _ALLOWED_TAGS:
                raise DataError(f"the YAML tag '{tag}' is not allowed", path=str(path), line=line,
                                fix="remove the tag (!!…): only plain text, numbers, dates, lists and mappings "
                                    "are read")
            if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
                depth += 1
                if depth > MAX_DEPTH:
                    raise DataError(f"the YAML is nested more than {MAX_DEPTH} levels deep", path=str(path),
                                    line=line, fix="follow the template: `kennisgraaf new municipality`")
            elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
                depth -= 1
            elif isinstance(event, yaml.ScalarEvent):
                problem = check_text_value(event.value)
                if problem:
                    raise DataError(problem, path=str(path), line=line, fix="shorten or clean the value")
            elif isinstance(event, yaml.DocumentStartEvent) and events > 2:
                raise DataError("the file holds more than one YAML document ('---')", path=str(path), line=line,
                                fix="put each municipality or case in its own file")
        data = yaml.safe_load(text)
        lines: dict[tuple, int] = {}
        _key_lines(yaml.compose(text, Loader=yaml.SafeLoader), (), lines, path)
    except ValueError as exc:  # a date that does not exist (2024-02-30): PyYAML's timestamp constructor raises
        raise DataError(f"a value cannot be read: {exc}", path=str(path),
                        fix="write dates as YYYY-MM-DD with a real month and day, or quote the value") from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise DataError(f"YAML syntax error: {problem}", path=str(path), line=mark.line + 1 if mark else None,
                        column=mark.column + 1 if mark else None,
                        fix="check the indentation (spaces, not tabs) and quote text that contains ': ' or "
                            "starts with a special character") from None
    except RecursionError:
        raise DataError("the YAML is nested too deeply", path=str(path)) from None
    return data, lines


def _key_lines(node, prefix: tuple, out: dict[tuple, int], path: Path) -> None:
    if node is None:
        return
    out.setdefault(prefix, node.start_mark.line + 1)
    if isinstance(node, yaml.MappingNode):
        seen: dict[str, int] = {}
        for key, value in node.value:
            name = key.value if isinstance(key, yaml.ScalarNode) else "?"
            if name in seen:
                raise DataError(f"the key '{name}' appears twice (first on line {seen[name]})", path=str(path),
                                line=key.start_mark.line + 1, fix="keep one of them")
            seen[name] = key.start_mark.line + 1
            out[prefix + (name,)] = key.start_mark.line + 1
            _key_lines(value, prefix + (name,), out, path)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            _key_lines(item, prefix + (index,), out, path)


# -- JSON(-LD) and Turtle -------------------------------------------------------------------------------------

def check_json(text: str, path: Path) -> Any:
    """Parse JSON (for JSON-LD) with a depth limit; refuse remote or file contexts (no fetching, ever)."""
    try:
        # Numbers stay text: int() refuses more than 4,300 digits, and a value is never computed with here.
        data = json.loads(text, parse_int=str, parse_float=str, parse_constant=str)
    except RecursionError:
        raise DataError("the JSON is nested too deeply", path=str(path)) from None
    except json.JSONDecodeError as exc:
        raise DataError(f"JSON syntax error: {exc.msg}", path=str(path), line=exc.lineno, column=exc.colno,
                        fix="check brackets, commas and quotes") from None
    stack = [(data, 1)]
    while stack:
        node, depth = stack.pop()
        if depth > MAX_DEPTH:
            raise DataError(f"the JSON-LD is nested more than {MAX_DEPTH} levels deep", path=str(path),
                            fix="flatten the document")
        if isinstance(node, dict):
            for key, value in node.items():
                if key == "@context":
                    _check_context(value, path)
                if key == "@import":
                    raise DataError("JSON-LD '@import' is not allowed: nothing is fetched", path=str(path),
                                    fix="put the context inline")
                stack.append((value, depth + 1))
        elif isinstance(node, list):
            stack.extend((item, depth + 1) for item in node)
        elif isinstance(node, str):
            problem = check_text_value(node)
            if problem:
                raise DataError(problem, path=str(path))
    return data


def _check_context(context: Any, path: Path) -> None:
    for item in context if isinstance(context, list) else [context]:
        if isinstance(item, str):
            raise DataError(f"remote JSON-LD context '{item[:80]}' is not fetched", path=str(path),
                            fix="put the context inline as a JSON object (kennisgraaf export --format jsonld "
                                "does)")


