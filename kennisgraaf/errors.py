"""One exception hierarchy; the CLI turns these into messages and exit codes once, at its boundary.

Exit codes (documented in the README): 0 ok, 1 a check failed, 2 usage error, 3 bad input or refused for safety.
"""

from __future__ import annotations

from difflib import get_close_matches
from collections.abc import Iterable


class KennisgraafError(Exception):
    """Base class of every error kennisgraaf raises on purpose."""

    exit_code = 3


class DataError(KennisgraafError):
    """Input that cannot be used: a missing folder, a malformed file, an unknown id."""

    def __init__(self, message: str, *, path: str | None = None, line: int | None = None,
                 column: int | None = None, fix: str | None = None):
        self.path, self.line, self.column, self.fix = path, line, column, fix
        where = path or ""
        if path and line is not None:
            where += f":{line}"
            if column is not None:
                where += f":{column}"
        text = f"{where}: {message}" if where else message
        if fix:
            text += f"\n  fix: {fix}"
        super().__init__(text)


class UnknownIdError(DataError):
    """An id (case, municipality model, scenario, entity) that the data does not define."""

    def __init__(self, kind: str, given: str, known: Iterable[str]):
        known = sorted(known)
        close = get_close_matches(given, known, n=3, cutoff=0.5)
        hint = f"did you mean {', '.join(close)}? " if close else ""
        listing = ", ".join(known) if known else "(none)"
        super().__init__(f"unknown {kind} '{given}'", fix=f"{hint}valid {kind} ids: {listing}")
        self.kind, self.given, self.known = kind, given, known


class PrivacyError(DataError):
    """Personal data found where only roles and age bands are allowed."""


class UnsafeQueryError(KennisgraafError):
    """A query refused for safety (update, SERVICE, remote FROM)."""


class PushError(KennisgraafError):
    """A SPARQL store could not be reached, or it refused an upload."""


class CheckFailed(KennisgraafError):
    """A check ran and said no: validation violations, a threshold exceeded."""

    exit_code = 1
