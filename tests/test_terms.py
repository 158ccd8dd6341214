"""Dated terms (kg:term): the term valid on the case date drives the path, not an undated figure."""
from datetime import date

from kennisgraaf import terms
from kennisgraaf.terms import DatedTerm, term_on, weeks_on


def test_doctests():
    import doctest
    assert doctest.testmod(terms).failed == 0


def test_bounds_are_inclusive_and_gaps_give_none():
    ts = (DatedTerm(26, valid_until=date(2013, 12, 31)), DatedTerm(12.9, valid_from=date(2014, 1, 1)))
    assert weeks_on(ts, date(2013, 12, 31)) == 26
    assert weeks_on(ts, date(2014, 1, 1)) == 12.9
    assert term_on((DatedTerm(4, date(2012, 4, 1), date(2012, 12, 31)),), date(2013, 1, 1)) is None


def test_ind_decision_term_is_dated(domain):
    # Vw 2000 art. 25(1): six months (26 weeks) before 2014-01-01, 90 days (90/7 = 12.86 -> 12.9 weeks) from then.
    pc = domain.preconditions["pc:bijstand-vereist-verblijfsvergunning"]
    assert pc.weeks_on(date(2008, 6, 1)) == 26
    assert pc.weeks_on(date(2016, 1, 1)) == 12.9
    assert domain.preconditions["pc:bijzondere-bijstand-vereist-verblijfsvergunning"].weeks_on(date(2008, 6, 1)) == 26


def test_under_27_search_period_from_2012_04_01(domain):
    pc = domain.preconditions["pc:bijstand-jongeren-zoektermijn"]
    assert pc.weeks_on(date(2012, 4, 1)) == 4
    assert pc.weeks_on(date(2012, 3, 31)) is None


def test_wgs_decision_term_only_from_2021(domain):
    # Amsterdam-2020's urgency rule states no term: the Wgs had no decision term in 2020.
    assert domain.preconditions["pc:urgentie-vereist-schuldhulp"].weeks_on(date(2020, 6, 1)) is None


def test_plain_duration_weeks_still_reads_as_undated_term():
    from kennisgraaf.model import Precondition
    pc = Precondition("pc:x", "svc:a", "svc:b", "NationalLaw", duration_weeks=8)
    assert pc.weeks_on(date(1990, 1, 1)) == 8 and pc.weeks_on(date(2030, 1, 1)) == 8
