"""A cache of the parsed data, keyed by the content of every input, so a command starts without parsing Turtle.

What a command like ``kennisgraaf score`` needs from the data is the :class:`~kennisgraaf.model.Domain` read from
the store. Building it means parsing every Turtle file and running the model's SPARQL queries (about 0.1 s of CPU
for the bundled data, twice what Python itself takes to start); reading it back from a pickle takes a few
milliseconds. The cache key is a SHA-256 over

* the bytes, relative path, named-graph namespace and folder of every file the load reads (the same list, in the
  same order, that :meth:`KnowledgeGraph.load <kennisgraaf.store.KnowledgeGraph.load>` reads), and
* the source of the kennisgraaf package itself (a changed model or parser makes a new key),

so an entry can never be served for other data or other code: change one byte of one file, add or remove a file,
and the next run misses and rebuilds. The files are hashed on every run (about 3 ms for the bundled data); nothing
relies on modification times.

Where: ``$KENNISGRAAF_CACHE``, else ``$XDG_CACHE_HOME/kennisgraaf``, else ``~/.cache/kennisgraaf`` — never inside a
data folder. ``KENNISGRAAF_CACHE=off`` switches the cache off. Entries are written to a temporary file and renamed,
so concurrent runs never read half an entry; an entry that cannot be read is ignored and rebuilt, and a cache folder
that cannot be written only costs the speed-up. Entries are readable by their owner only (they hold the household
cases of the data: roles, age bands and needs), and one that another user owns or could change is never unpickled;
the newest :data:`KEEP` of a kind are kept.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import tempfile
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from .atomic import note_input
from .store import load_inputs

#: Bump when what is stored changes shape in a way the package source does not capture.
FORMAT = b"kennisgraaf-cache-1"

_OFF = {"off", "0", "no", "false", ""}

#: At most this many entries of one kind are kept (the least recently written go first).
KEEP = 16
_CODE: list[bytes] = []


def cache_dir() -> Path | None:
    """The cache folder, or ``None`` when switched off (``KENNISGRAAF_CACHE=off``)."""
    given = os.environ.get("KENNISGRAAF_CACHE")
    if given is not None:
        return None if given.strip().lower() in _OFF else Path(given)
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "kennisgraaf"


def _code_digest() -> bytes:
    """SHA-256 of the package's Python source and the data files the loading code reads (the privacy guard's
    name list, the weights), computed once per process: a cached Domain passed the guard of this very code."""
    if not _CODE:
        digest = hashlib.sha256()
        root = Path(__file__).resolve().parent
        for path in sorted([*root.rglob("*.py"), *root.glob("*.txt"), *root.glob("*.toml")]):
            digest.update(path.relative_to(root).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
        _CODE.append(digest.digest())
    return _CODE[0]


def content_key(kind: str, inputs: Iterable[tuple[str, Path, Path]]) -> str:
    """The cache key of ``kind`` built from ``inputs`` (``(namespace, root, file)`` as
    :func:`kennisgraaf.store.load_inputs` lists them): changes with any byte, name or place of any input.

    >>> import tempfile; from pathlib import Path
    >>> root = Path(tempfile.mkdtemp()); (root / "a.ttl").write_text("x")
    1
    >>> key = content_key("domain", [("", root, root / "a.ttl")])
    >>> _ = (root / "a.ttl").write_text("y")
    >>> key == content_key("domain", [("", root, root / "a.ttl")])
    False
    """
    digest = hashlib.sha256(FORMAT + b"\0" + kind.encode() + b"\0" + _code_digest())
    for namespace, root, path in inputs:
        data = path.read_bytes()
        digest.update(b"%s\0%s\0%s\0%d\0" % (namespace.encode(), str(root.resolve()).encode(),
                                             path.relative_to(root).as_posix().encode(), len(data)))
        digest.update(data)
    return digest.hexdigest()


def cached(kind: str, inputs: list[tuple[str, Path, Path]], build: Callable[[], Any]) -> Any:
    """``build()``, or what it returned before for the same ``inputs`` (see the module doc)."""
    folder = cache_dir()
    if folder is None:
        return build()
    key = content_key(kind, inputs)
    entry = folder / f"{kind}-{key}.pickle"
    try:
        with open(entry, "rb") as handle:
            if not _trusted(os.fstat(handle.fileno())):
                raise PermissionError(entry)
            value = pickle.load(handle)
    except Exception:  # noqa: BLE001 — missing, truncated or foreign: rebuilt, never trusted
        pass
    else:
        return value
    value = build()
    _store(folder, entry, value)
    return value


def _trusted(stat: os.stat_result) -> bool:
    """Only an entry this user wrote and nobody else can change is unpickled (unpickling runs code)."""
    own = not hasattr(os, "getuid") or stat.st_uid == os.getuid()
    return own and not stat.st_mode & 0o022


def _store(folder: Path, entry: Path, value: Any) -> None:
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd, temp = tempfile.mkstemp(prefix=".tmp-", dir=folder)
        try:
            with os.fdopen(fd, "wb") as handle:
                pickle.dump(value, handle, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(temp, entry)
        except BaseException:
            os.unlink(temp)
            raise
        kind = entry.name.split("-", 1)[0]
        entries = sorted(folder.glob(f"{kind}-*.pickle"), key=lambda p: p.stat().st_mtime, reverse=True)
        for old in entries[KEEP:]:
            old.unlink(missing_ok=True)
    except (OSError, pickle.PicklingError, TypeError, AttributeError):
        return  # no cache, same result


def cached_from_graph(kind: str, data_dir: Path | str | None, load_graph: Callable[[], Any],
                      build: Callable[[Any], Any], *, extra_paths: Iterable[Path | str] = ()) -> Any:
    """``build(load_graph())`` for the data ``load_graph()`` loads (``data_dir`` plus ``extra_paths``, with the
    bundled ontology and cases), from the cache when its inputs are unchanged.

    ``load_graph`` must load exactly those inputs; the value is cached only after it returned (so a file that
    fails to parse, or a privacy check that refuses it, is never cached and fails again next time).
    """
    inputs = load_inputs(data_dir, extra_paths=extra_paths)
    # What the load would have noted as read, so that no output is written over an input (kennisgraaf.atomic).
    for namespace, root, path in inputs:
        note_input(path)
        if namespace != "extra/":  # a folder that was loaded as a whole
            note_input(root)
    return cached(kind, inputs, lambda: build(load_graph()))

