"""Privacy detectors, per pattern: positive and negative examples (Dutch and English forms, separators, Unicode
tricks), from tests/data/hostile/privacy/*.tsv, plus the elfproef, the IBAN check and the cost bounds."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from kennisgraaf.privacy import iban_valid, normalise, passes_elfproef, scan

HERE = Path(__file__).resolve().parent / "data" / "hostile" / "privacy"


def _lines(name: str) -> list[str]:
    text = (HERE / name).read_text(encoding="utf-8")
    return [line for line in text.splitlines() if line.strip() and not line.startswith("#")]


def _decode(text: str) -> str:
    return text.encode("latin-1", "backslashreplace").decode("unicode_escape") if "\\u" in text else text


POSITIVE = [tuple(line.split("\t", 1)) for line in _lines("positive.tsv")]
NEGATIVE = _lines("negative.tsv")


def _ascii_id(text: str) -> str:
    """A test id without backslashes or non-ASCII characters: pytest shows those escaped, and an escaped id given
    back on the command line (as mutmut does) selects nothing. ``U+2011`` names the character."""
    return "".join(c if " " <= c <= "~" and c != "\\" else f"U+{ord(c):04X}" for c in _decode(text))


@pytest.mark.parametrize("kind,text", POSITIVE, ids=[f"{k}:{_ascii_id(t)}" for k, t in POSITIVE])
def test_personal_data_is_found(kind, text):
    kinds = [f.kind for f in scan(_decode(text))]
    assert kind in kinds, (text, kinds)


@pytest.mark.parametrize("text", NEGATIVE)
def test_ordinary_text_is_not_flagged(text):
    assert scan(text) == []


def test_elfproef_by_hand():
    # 1·9+1·8+1·7+2·6+2·5+2·4+3·3+3·2-3·1 = 66 = 6·11
    assert passes_elfproef("111222333")
    assert not passes_elfproef("111222334") and not passes_elfproef("000000000")


def test_iban_mod97():
    assert iban_valid("GB29 NWBK 6016 1331 9268 19")
    assert not iban_valid("GB29 NWBK 6016 1331 9268 18")


def test_normalise_removes_invisible_characters_and_folds_width():
    assert normalise("１２\u200b３\u00ad4") == "1234"


def test_long_values_are_cheap():
    started = time.perf_counter()
    scan("a" * 60_000)
    scan(("x" * 54_000 + " ") * 20)
    scan("1" * 60_000)
    assert time.perf_counter() - started < 1.0
