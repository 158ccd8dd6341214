"""Fingerprints of folders, for the tests that check a refused or failed command left the data untouched."""

from __future__ import annotations

import hashlib
from pathlib import Path


def tree_hash(folder: Path) -> str:
    """SHA-256 over every file below ``folder``: its path relative to the folder and its bytes, in sorted order."""
    digest = hashlib.sha256()
    for path in sorted(folder.rglob("*")):
        if path.is_file():
            digest.update(str(path.relative_to(folder)).encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()
