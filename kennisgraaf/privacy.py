"""The privacy guard: household data may hold roles and age bands, never personal data.

Detects BSNs (nine digits passing the elfproef), dates that could be birth dates, e-mail addresses, Dutch phone
numbers and street addresses with a house number or a postcode. Used by validation and by importers, before
anything is written.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_DIGITS9 = re.compile(r"(?<!\d)(\d{9})(?!\d)")
_BSN_SPACED = re.compile(r"(?<!\d)(\d{4})[ .](\d{2})[ .](\d{3})(?!\d)")
_DATE = re.compile(r"(?<!\d)(\d{1,2}[-/.]\d{1,2}[-/.](19|20)\d{2}|(19|20)\d{2}-\d{2}-\d{2})(?!\d)")
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(\.[\w-]+)+")
_PHONE = re.compile(r"(?<![\w])(\+31[ -]?|0031[ -]?|0)(6[ -]?\d{8}|[1-9]\d{1,2}[ -]?\d{6,7})(?!\d)")
_POSTCODE = re.compile(r"(?<![\w])[1-9]\d{3} ?[A-Z]{2}(?![\w])")
_STREET = re.compile(r"\b[A-Z][a-z]+(straat|laan|weg|plein|gracht|kade|singel|dijk|hof|steeg)\s+\d+", re.IGNORECASE)


def passes_elfproef(digits: str) -> bool:
    """True when nine digits pass the BSN elfproef (Σ wᵢ·dᵢ with weights 9..2 and −1 is a multiple of 11).

    >>> passes_elfproef("111222333")
    True
    >>> passes_elfproef("123456789")
    False
    """
    if len(digits) != 9 or not digits.isdigit() or digits == "000000000":
        return False
    weights = (9, 8, 7, 6, 5, 4, 3, 2, -1)
    return sum(w * int(d) for w, d in zip(weights, digits)) % 11 == 0


@dataclass(frozen=True)
class Finding:
    """One piece of personal data found in a text."""

    kind: str
    text: str

    def __str__(self) -> str:
        return f"{self.kind} '{self.text}'"


def scan(text: str) -> list[Finding]:
    """Personal data in ``text``.

    >>> [f.kind for f in scan("BSN 111222333, born 03-04-1985, mail a@b.nl")]
    ['BSN', 'date (birth date?)', 'e-mail address']
    >>> scan("moeder, 27-44, woonruimte en schulden")
    []
    """
    found: list[Finding] = []
    for match in _DIGITS9.finditer(text):
        if passes_elfproef(match.group(1)):
            found.append(Finding("BSN", match.group(1)))
    for match in _BSN_SPACED.finditer(text):
        if passes_elfproef("".join(match.groups())):
            found.append(Finding("BSN", match.group(0)))
    found += [Finding("date (birth date?)", m.group(0)) for m in _DATE.finditer(text)]
    found += [Finding("e-mail address", m.group(0)) for m in _EMAIL.finditer(text)]
    found += [Finding("phone number", m.group(0)) for m in _PHONE.finditer(text)]
    found += [Finding("postcode", m.group(0)) for m in _POSTCODE.finditer(text)]
    found += [Finding("street address", m.group(0)) for m in _STREET.finditer(text)]
    return found
