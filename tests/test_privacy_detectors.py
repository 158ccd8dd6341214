"""The privacy guard's exact answers: which text each detector reports (users see it in the refusal), the edges of
its checks (scan cap, IBAN length and shape, the elfproef's input) and the personal column names. Written against
the mutants mutmut left alive in kennisgraaf/privacy.py (docs/testing.md); expected values worked out by hand."""

from __future__ import annotations

import pytest

from kennisgraaf.privacy import MAX_SCAN, Finding, iban_valid, normalise, passes_elfproef, personal_key, scan

DATE = "date (birth date?)"


@pytest.mark.parametrize("text, expected", [
    ("BSN 111.222.333 bekend", [("BSN", "111.222.333")]),
    ("geboren 03-04-1985", [(DATE, "03-04-1985")]),
    ("geboren 03/04/85", [(DATE, "03/04/85")]),  # _DATE_SHORT: the whole date, not its day group
    ("sinds 19850403", [(DATE, "19850403")]),
    ("op 3 april 1985", [(DATE, "3 april 1985")]),
    ("mail jan@example.nl", [("e-mail address", "jan@example.nl")]),
    ("mail jan at example dot nl", [("e-mail address", "jan at example dot nl")]),
    ("bel 06-12345678", [("phone number", "06-12345678")]),  # the number, not its prefix group "0"
    ("in 7511 AB", [("postcode", "7511 AB")]),
    ("op 7511ab 12", [("postcode", "7511ab 12")]),
    ("Hoofdstraat 12", [("street address", "Hoofdstraat 12")]),  # not the group "straat"
    # (written with spaces, the IBAN's last ten digits are also reported as a phone number: see docs/testing.md)
    ("rekening NL91ABNA0417164300", [("IBAN (bank account)", "NL91ABNA0417164300")]),
    ("met mevrouw Jansen", [("name", "mevrouw Jansen")]),  # not the group "mevrouw"
    ("J. de Vries belde", [("name", "J. de Vries")]),
])
def test_each_detector_reports_the_text_it_found(text, expected):
    assert [(f.kind, f.text) for f in scan(text)] == expected


def test_the_scan_cap_is_inclusive_and_names_the_length():
    assert scan("a" * MAX_SCAN) == []  # 200,000 characters are still scanned
    assert scan("a" * (MAX_SCAN + 1)) == [Finding("text too long to check", "200001 characters")]
    assert str(scan("a" * (MAX_SCAN + 1))[0]) == "text too long to check '200001 characters'"


def test_normalise_makes_every_space_but_a_newline_plain():
    assert normalise("a\u00a0b\tc\u2009d\ne") == "a b c d\ne"
    assert normalise("111\u2011222\u2212333") == "111-222-333"


@pytest.mark.parametrize("code, valid", [
    ("NO9386011117947", True),  # Norway: 15 characters, the shortest IBAN
    # check digits by ISO 7064 (98 - the number mod 97, letters as 10..35, the first four moved to the end)
    ("NL48ABNA00000000000000000000000000", True),  # 34 characters, the longest allowed
    ("NL88ABNA000000000000000000000000000", False),  # 35 characters with correct check digits: too long
    ("NL280417164300", False),  # 14 characters with correct check digits: too short
    ("1234ABNA0417164338", False),  # passes mod 97, but does not start with a country code
    ("NLA1ABNA0417164382", False),  # passes mod 97, but the check digits are not two digits
    ("NL91", False),
    ("nl91 abna 0417 1643 00", True),
])
def test_iban_shape_and_length_before_mod_97(code, valid):
    assert iban_valid(code) is valid


def test_the_elfproef_takes_exactly_nine_digits():
    assert passes_elfproef("111222333")
    # the first nine digits pass (66 = 6·11), but ten digits are no BSN
    assert not passes_elfproef("1112223330")
    assert not passes_elfproef("11122233a")


@pytest.mark.parametrize("key, kind", [
    ("Naam", "name"), (" Voor-naam ", "name"), ("BSN", "BSN or other identity number"),
    ("Geboorte Datum", "birth date"), ("geboorteplaats", "birth date"), ("Birth_year", "birth date"),
    ("E-mail", "e-mail address"), ("Tel.", "phone number"), ("ZIP code", "address"), ("IBAN", "bank account"),
    ("label_nl", None), ("age_band", None), ("geboortes", "birth date"), ("rebirth", None), (7, None),
])
def test_personal_column_names(key, kind):
    assert personal_key(key) == kind


def _names(text: str) -> list[str]:
    return [f.text for f in scan(text) if f.kind == "name"]


def test_a_name_is_reported_as_it_is_written_with_its_particles():
    # the refusal quotes the name, so the text must be the name as written, particles and all
    assert _names("Jan de Vries woont bij Ahmet Yilmaz; Fatima heeft schulden") == [
        "Jan de Vries", "Ahmet Yilmaz", "Fatima heeft"]
    assert _names("Jan van der Berg-Smit zegt") == ["Jan van der Berg-Smit"]


def test_a_first_name_with_a_verb_is_not_reported_again_after_its_full_name():
    assert _names("Jan Bakker belt; Jan heeft schulden") == ["Jan Bakker"]


def test_a_capitalised_word_that_is_no_first_name_is_no_name_before_a_verb():
    assert _names("Gemeente heeft schulden; Sanne heeft werk") == ["Sanne heeft"]
