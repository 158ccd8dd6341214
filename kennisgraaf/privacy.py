"""The privacy guard: household data may hold roles and age bands, never personal data.

Detects BSNs (nine digits passing the elfproef), dates that could be birth dates, e-mail addresses, Dutch phone
numbers, street addresses with a house number or a postcode, IBANs, and names: after a form of address ("mevrouw
Jansen"), after initials ("J. de Vries") or written out with a Dutch first name ("Jan de Vries woont …", from the
public list of first names in ``dutch-names.txt``, see :func:`dutch_names`). Column names and YAML keys that can only hold personal data ("naam", "bsn", "geboortedatum", …) are refused
outright by :func:`personal_key`. Used by validation and by the importers, before anything is written.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

#: Longest text scanned; beyond it the text is refused as a whole rather than scanned (keeps every scan bounded).
MAX_SCAN = 200_000

# Every pattern is linear: bounded repetitions and look-behinds that stop a match from restarting inside a word.
_NINE_DIGITS = re.compile(r"(?<![\d.-])\d(?:[ .\-]?\d){8}(?![\d])")
_DATE = re.compile(r"(?<!\d)(\d{1,2}[-/.]\d{1,2}[-/.](19|20)\d{2}|(19|20)\d{2}-\d{2}-\d{2})(?!\d)")
_DATE_SHORT = re.compile(r"(?<![\d-])(0[1-9]|[12]\d|3[01])[-/.](0[1-9]|1[0-2])[-/.]\d{2}(?![\d-])")
_DATE_COMPACT = re.compile(r"(?<!\d)(19|20)\d{2}(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01])(?!\d)")
_MONTHS = ("januari|februari|maart|april|mei|juni|juli|augustus|september|oktober|november|december|"
           "january|february|march|may|june|july|august|october|"
           "jan|feb|mrt|mar|apr|jun|jul|aug|sep|sept|okt|oct|nov|dec")
_DATE_WORDS = re.compile(rf"(?<!\d)\d{{1,2}}(e|ste|de|st|nd|rd|th)?\s+({_MONTHS})\.?\s+(19|20)\d{{2}}(?!\d)"
                         rf"|\b({_MONTHS})\.?\s+\d{{1,2}}(st|nd|rd|th)?,?\s+(19|20)\d{{2}}(?!\d)", re.IGNORECASE)
_EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]{1,64}@[\w-]{1,63}(?:\.[\w-]{1,63}){1,8}")
_EMAIL_WORDS = re.compile(r"(?<![\w.])[\w.+-]{1,64}\s*[\[(]?\s*(?:at|apenstaartje)\s*[\])]?\s*[\w-]{1,63}"
                          r"(?:\s*[\[(]?\s*(?:dot|punt)\s*[\])]?\s*[a-z]{2,12}){1,4}\b", re.IGNORECASE)
_PHONE = re.compile(r"(?<![\w+])(\+31|0031|0)[ \-.]?(\(0\))?[ \-.]?[1-9](?:[ \-.]?\d){8}(?!\d)")
_POSTCODE = re.compile(r"(?<![\w])[1-9]\d{3} ?[A-Z]{2}(?![\w])")
_POSTCODE_HOUSE = re.compile(r"(?<![\w])[1-9]\d{3} ?[a-zA-Z]{2}[ ,]+\d{1,5}(?![\d])")
_IBAN = re.compile(r"(?<![A-Z0-9])[A-Z]{2}\d{2}(?: ?[A-Z0-9]){11,30}(?![A-Z0-9])", re.IGNORECASE)
_HONORIFIC_NAME = re.compile(
    r"\b(mevrouw|mevr\.|mw\.|meneer|mijnheer|dhr\.|de heer|mrs\.?|ms\.|mr\.|miss|familie|fam\.)\s+"
    r"((van|de|der|den|ten|ter|el|al)\s+)*[A-Z][a-z\u00e0-\u00ff]+", re.IGNORECASE)
_INITIALS_NAME = re.compile(r"(?<![\w.])(?:[A-Z]\.\s?){1,4}(?:(?:van|de|der|den|ten|ter|te|el|al)\s+){0,3}"
                            r"[A-Z][a-z\u00e0-\u00ff]{2,}")
_PARTICLE = r"(?:van|de|der|den|het|ten|ter|te|in 't|'t|op de|op|uit de|el|al|la|le|du|da|di|von)"
_WORD = r"[A-Z][a-z\u00e0-\u00f6\u00f8-\u00ff]{1,24}"
# A capitalised word, up to three particles and a capitalised word, looked for at every word start (a look-ahead, so
# that "met Jan de Vries" is not consumed as "met Jan"); which of them are names decides :func:`_full_names`.
_FULL_NAME = re.compile(rf"(?<![\w-])(?=({_WORD}(?:-{_WORD})?)\s+((?:{_PARTICLE}\s+){{0,3}})({_WORD}(?:-{_WORD})?)(?![\w]))")
#: A first name alone, followed by what a sentence about a person says next ("Sanne woont bij haar moeder").
_FIRST_NAME_VERB = re.compile(rf"(?<![\w-])(?=({_WORD})\s+(woont|woonde|heeft|had|krijgt|kreeg|werkt|zegt|zei|vertelt|"
                              r"lives|lived|has|works|says|said)\b)")
_STREET = re.compile(r"\b[A-Z][a-z]+(straat|laan|weg|plein|gracht|kade|singel|dijk|hof|steeg)\s+\d+", re.IGNORECASE)
#: Characters that hide a pattern without changing how the text reads: zero-width spaces and joiners, the word
#: joiner, soft hyphen, BOM, and the bidirectional controls.
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\u00ad\ufeff\u200e\u200f\u202a\u202b\u202c\u202d"
                                     "\u202e\u2066\u2067\u2068\u2069\u180e"))


def normalise(text: str) -> str:
    """Text as the patterns see it: NFKC (full-width digits and ligatures become ASCII), invisible characters removed,
    every kind of space and dash made plain.

    >>> normalise("１１１\u200b２２２ 333")
    '111222 333'
    """
    text = unicodedata.normalize("NFKC", text).translate(_INVISIBLE)
    return re.sub(r"[\u2010-\u2015\u2212]", "-", re.sub(r"[^\S\n]", " ", text))


def iban_valid(candidate: str) -> bool:
    """The ISO 13616 mod-97 check of an IBAN (any country), which keeps random letter-digit codes out.

    >>> iban_valid("NL91ABNA0417164300"), iban_valid("DE89 3704 0044 0532 0130 00"), iban_valid("NL91ABNA0417164301")
    (True, True, False)
    """
    code = candidate.replace(" ", "").upper()
    if not 15 <= len(code) <= 34 or not code[:2].isalpha() or not code[2:4].isdigit():
        return False
    digits = "".join(str(int(c, 36)) for c in code[4:] + code[:4])
    return int(digits) % 97 == 1


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
    """Personal data in ``text`` (after :func:`normalise`).

    Nine digits, with or without separators, count as a BSN only when they pass the elfproef: that keeps order
    numbers and amounts out, at the price of missing a mistyped BSN (which is not a valid BSN either).

    >>> [f.kind for f in scan("BSN 111222333, born 03-04-1985, mail a@b.nl")]
    ['BSN', 'date (birth date?)', 'e-mail address']
    >>> scan("moeder, 27-44, woonruimte en schulden")
    []
    >>> [str(f) for f in scan("gesprek met mevrouw Jansen, rekening NL91ABNA0417164300")]
    ["IBAN (bank account) 'NL91ABNA0417164300'", "name 'mevrouw Jansen'"]
    """
    if len(text) > MAX_SCAN:
        return [Finding("text too long to check", f"{len(text)} characters")]
    text = normalise(text)
    found: list[Finding] = []
    for match in _NINE_DIGITS.finditer(text):
        if passes_elfproef(re.sub(r"\D", "", match.group(0))):
            found.append(Finding("BSN", match.group(0)))
    for pattern in (_DATE, _DATE_SHORT, _DATE_COMPACT, _DATE_WORDS):
        found += [Finding("date (birth date?)", m.group(0)) for m in pattern.finditer(text)]
    found += [Finding("e-mail address", m.group(0)) for m in _EMAIL.finditer(text)]
    found += [Finding("e-mail address", m.group(0)) for m in _EMAIL_WORDS.finditer(text)]
    found += [Finding("phone number", m.group(0)) for m in _PHONE.finditer(text)]
    found += [Finding("postcode", m.group(0)) for m in _POSTCODE.finditer(text)]
    found += [Finding("postcode", m.group(0)) for m in _POSTCODE_HOUSE.finditer(text)
              if not _POSTCODE.search(m.group(0))]
    found += [Finding("street address", m.group(0)) for m in _STREET.finditer(text)]
    found += [Finding("IBAN (bank account)", m.group(0).strip()) for m in _IBAN.finditer(text)
              if iban_valid(m.group(0))]
    found += [Finding("name", m.group(0)) for m in _HONORIFIC_NAME.finditer(text)
              if m.group(0).split()[-1][:1].isupper()]
    found += [Finding("name", m.group(0)) for m in _INITIALS_NAME.finditer(text)]
    found += _full_names(text)
    return found


@lru_cache(maxsize=1)
def dutch_names() -> frozenset[str]:
    """Dutch first names: Faker's nl_NL person provider and Mimesis' Dutch dataset (both MIT), vendored in
    ``dutch-names.txt`` by ``scripts/dutch_names.py`` (the file's header cites them)."""
    text = Path(__file__).with_name("dutch-names.txt").read_text(encoding="utf-8")
    return frozenset(line for line in text.splitlines() if line and not line.startswith("#"))


def _full_names(text: str) -> list[Finding]:
    """A Dutch first name followed by particles and a capitalised word or by a capitalised word alone ("Jan de
    Vries", "Ahmet Yilmaz"), or by what a sentence says next about a person ("Fatima heeft …"). A first name alone,
    or a capitalised pair that does not start with a listed first name, is not reported: that keeps provision
    names and places ("Sociale Verzekeringsbank", "Den Helder") out.

    >>> [str(f) for f in _full_names("Jan de Vries woont bij Ahmet Yilmaz; Fatima heeft schulden")]
    ["name 'Jan de Vries'", "name 'Ahmet Yilmaz'", "name 'Fatima heeft'"]
    >>> _full_names("Sociale Verzekeringsbank, Den Helder, de Vries, Jan")
    []
    """
    first = dutch_names()
    found, end = [], -1
    for m in _FULL_NAME.finditer(text):
        given, particles, surname = m.group(1), m.group(2), m.group(3)
        if m.start() >= end and given.split("-")[0] in first:
            found.append(Finding("name", f"{given} {particles}{surname}"))
            end = m.end(3)  # "Jan Sanne Bakker" is one name, not two overlapping ones
    for m in _FIRST_NAME_VERB.finditer(text):
        if m.group(1) in first and not any(f.text.startswith(m.group(1)) for f in found):
            found.append(Finding("name", f"{m.group(1)} {m.group(2)}"))
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
