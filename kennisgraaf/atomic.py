"""The one way kennisgraaf writes a file: all or nothing, never onto its own input.

Every output (reports, views, exports, imports, batch results, docs, templates) goes through :func:`write_files`:
each file is written to ``.NAME.<pid>.<random>.tmp`` in its own folder, flushed and fsync'ed, and only when all of
them are complete are they renamed into place (``os.replace`` is atomic on one file system). A full disk or any
other write error leaves the previous files untouched, removes the temporary files and becomes one
:class:`~kennisgraaf.errors.DataError` (exit 3). Temporary files left by a killed run (SIGKILL cannot be caught) are
removed by the next write into the same folder: their process id no longer runs.

Output paths are checked first against what the running command reads (:func:`note_input`, called by the store's
loaders): writing onto an input file, or into a data folder being read, is refused, because a report written over
``data/national/laws.ttl`` would silently replace the data.
"""

from __future__ import annotations

import os
import re
import secrets
from collections.abc import Iterable, Mapping
from pathlib import Path

from .errors import DataError

#: Files and folders the running command reads; outputs may not land on or inside them.
_INPUTS: set[Path] = set()
_TMP_NAME = re.compile(r"^\.(?P<name>.+)\.(?P<pid>\d+)\.[0-9a-f]{8}\.tmp$")


def note_input(path: Path | str) -> None:
    """Remember that ``path`` (a file or a data folder) is read by the running command."""
    _INPUTS.add(Path(path).resolve())


def reset_inputs() -> None:
    """Forget the inputs (the CLI calls this at the start of every command)."""
    _INPUTS.clear()


def check_output(path: Path | str) -> None:
    """Refuse an output path that is an input file or lies inside a data folder being read, or inside the bundled
    data and ontology folders, which every later command reads by default (``docs -o data/national`` wrote
    ``kennisgraaf.ttl`` there, and the next command loaded it as data)."""
    from .store import default_data_dir, default_ontology_dir  # here: the store imports this module

    target = Path(path).resolve()
    for source in (*_INPUTS, default_data_dir().resolve(), default_ontology_dir().resolve()):
        if target == source or source in target.parents:
            what = "a data folder" if source.is_dir() else "an input file"
            raise DataError(f"refusing to write onto {what} being read ({source})", path=str(path),
                            fix="choose an output path outside the data and input files")


def write_text(path: Path | str, text: str) -> Path:
    """Write ``text`` (UTF-8, ``\\n`` line ends) to ``path`` atomically."""
    if not isinstance(text, str):
        raise TypeError(f"text must be str, not {type(text).__name__}")
    return write_files({Path(path): text.encode("utf-8")})[0]


def write_bytes(path: Path | str, data: bytes) -> Path:
    """Write ``data`` to ``path`` atomically."""
    return write_files({Path(path): data})[0]


def write_files(contents: Mapping[Path, bytes], *, make_dirs: bool = False) -> list[Path]:
    """Write every file to a temporary name in its folder, fsync, then rename them all into place."""
    targets = [Path(p) for p in contents]
    for target in targets:
        check_output(target)
    staged: list[tuple[Path, Path]] = []
    try:
        for target, data in zip(targets, contents.values()):
            folder = target.parent if str(target.parent) else Path(".")
            if make_dirs:
                folder.mkdir(parents=True, exist_ok=True)
            elif not folder.is_dir():
                raise DataError(f"output folder does not exist: {folder}", path=str(target),
                                fix="create it first, or choose another output path")
            if target.is_dir():
                raise DataError("the output path is a folder", path=str(target), fix="give a file name")
            clean_stale(folder, target.name)
            staged.append((_write_temp(folder, target.name, data), target))
        for tmp, target in staged:
            os.replace(tmp, target)
    except OSError as exc:
        for tmp, _ in staged:
            tmp.unlink(missing_ok=True)
        where = exc.filename if exc.filename and not str(exc.filename).endswith(".tmp") else None
        where = where or (str(staged[-1][1]) if staged else str(targets[len(staged)] if targets else ""))
        raise DataError(f"cannot write the output: {exc.strerror or exc}", path=str(where),
                        fix="free disk space or choose another output path; the previous file is unchanged") from None
    except BaseException:
        for tmp, _ in staged:
            tmp.unlink(missing_ok=True)
        raise
    return [target for _, target in staged]


def _write_temp(folder: Path, name: str, data: bytes) -> Path:
    tmp = folder / f".{name}.{os.getpid()}.{secrets.token_hex(4)}.tmp"
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)  # the umask applies, as for open()
    try:
        view = memoryview(data)
        while view:
            written = os.write(fd, view)
            view = view[written:]
        os.fsync(fd)
    except BaseException:
        os.close(fd)
        tmp.unlink(missing_ok=True)
        raise
    os.close(fd)
    return tmp


def clean_stale(folder: Path, name: str | None = None) -> list[Path]:
    """Remove temporary files of ``name`` (or of any file) in ``folder`` whose writing process no longer runs."""
    removed = []
    try:
        entries = list(Path(folder).iterdir())
    except OSError:
        return removed
    for entry in entries:
        match = _TMP_NAME.match(entry.name)
        if not match or (name is not None and match["name"] != name) or _running(int(match["pid"])):
            continue
        entry.unlink(missing_ok=True)
        removed.append(entry)
    return removed


def _running(pid: int) -> bool:
    # our own leftovers are from an earlier, failed write in this process
    return pid != os.getpid() and process_exists(pid)


def process_exists(pid: int) -> bool:
    """Whether a process ``pid`` exists (a temporary file of a live writer must not be removed)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def inputs() -> Iterable[Path]:
    """The inputs noted so far (for messages and tests)."""
    return sorted(_INPUTS)
