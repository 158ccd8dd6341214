"""The privacy guard: household data may hold roles and age bands, never personal data.

Detects BSNs (nine digits passing the elfproef), dates that could be birth dates, e-mail addresses, Dutch phone
numbers, street addresses with a house number or a postcode, IBANs and names after a form of address ("mevrouw
Jansen"). Column names and YAML keys that can only hold personal data ("naam", "bsn", "geboortedatum", …) are refused
outright by :func:`personal_key`. Used by validation and by the importers, before anything is written.
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
_IBAN = re.compile(r"(?<![A-Z0-9])NL ?\d{2} ?[A-Z]{4} ?(\d ?){10}(?![0-9])", re.IGNORECASE)
_HONORIFIC_NAME = re.compile(
    r"\b(mevrouw|mevr\.|mw\.|meneer|mijnheer|dhr\.|de heer|mrs\.?|ms\.|mr\.|miss)\s+"
    r"((van|de|der|den|ten|ter|el|al)\s+)*[A-Z][a-z\u00e0-\u00ff]+", re.IGNORECASE)
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
    >>> [str(f) for f in scan("gesprek met mevrouw Jansen, rekening NL91ABNA0417164300")]
    ["IBAN (bank account) 'NL91ABNA0417164300'", "name 'mevrouw Jansen'"]
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
    found += [Finding("IBAN (bank account)", m.group(0).strip()) for m in _IBAN.finditer(text)]
    found += [Finding("name", m.group(0)) for m in _HONORIFIC_NAME.finditer(text)
              if m.group(0).split()[-1][:1].isupper()]
    return found


#: Column names / YAML keys that can only hold personal data, by the kind of data (compared after
#: :func:`_normal_key`: lower case, letters and digits only).
PERSONAL_KEYS: dict[str, str] = {
    **dict.fromkeys(["name", "naam", "names", "namen", "voornaam", "voornamen", "achternaam", "familienaam",
                     "geslachtsnaam", "firstname", "lastname", "surname", "familyname", "givenname", "fullname",
                     "volledigenaam", "roepnaam", "initialen", "initials", "persoon", "person", "client",
                     "clientnaam", "naamclient"], "name"),
    **dict.fromkeys(["bsn", "burgerservicenummer", "sofinummer", "sofinr", "socialsecuritynumber", "ssn",
                     "nationalid", "idnummer", "paspoortnummer", "passportnumber"], "BSN or other identity number"),
    **dict.fromkeys(["geboortedatum", "geboortedag", "birthdate", "dateofbirth", "dob", "birthday", "born",
                     "geboren", "gebdatum"], "birth date"),
    **dict.fromkeys(["adres", "address", "woonadres", "straat", "straatnaam", "street", "huisnummer",
                     "housenumber", "postcode", "zipcode", "postalcode", "woonplaats"], "address"),
    **dict.fromkeys(["telefoon", "telefoonnummer", "tel", "phone", "phonenumber", "mobiel", "mobile",
                     "gsm"], "phone number"),
    **dict.fromkeys(["email", "emailadres", "emailaddress", "mail", "mailadres"], "e-mail address"),
    **dict.fromkeys(["iban", "rekeningnummer", "bankrekening", "bankaccount"], "bank account"),
}


def _normal_key(key: str) -> str:
    return re.sub(r"[^a-z0-9]", "", key.lower())


def personal_key(key: str) -> str | None:
    """The kind of personal data a column or key name stands for, or None.

    >>> personal_key("Naam"), personal_key("geboorte_datum"), personal_key("e-mail")
    ('name', 'birth date', 'e-mail address')
    >>> personal_key("label_nl") is None and personal_key("age_band") is None
    True
    """
    normal = _normal_key(str(key))
    if normal in PERSONAL_KEYS:
        return PERSONAL_KEYS[normal]
    if normal.startswith("geboorte") or normal.startswith("birth"):
        return "birth date"
    return None
