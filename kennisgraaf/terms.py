"""Dated terms: a time limit (decision term, waiting period) valid over a period, like a dated title.

A precondition (or a provision, for its decision term) carries one or more ``kg:term`` nodes::

    pc:x kg:term [ a kg:DatedTerm ; kg:durationWeeks 26 ; kg:validUntil "2013-12-31"^^xsd:date ] ,
                 [ a kg:DatedTerm ; kg:durationWeeks 12.9 ; kg:validFrom "2014-01-01"^^xsd:date ] .

A plain ``kg:durationWeeks`` on the subject itself stays valid: it is read as an undated term. Both bounds are
inclusive, as for ``kg:validFrom``/``kg:validUntil`` on entities.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class DatedTerm:
    weeks: float
    valid_from: date | None = None
    valid_until: date | None = None
    sources: tuple[str, ...] = ()

    def valid_on(self, on: date) -> bool:
        """Whether the term holds on ``on`` (bounds inclusive).

        >>> DatedTerm(4, date(2012, 4, 1)).valid_on(date(2012, 3, 31))
        False
        """
        return (self.valid_from is None or self.valid_from <= on) and \
            (self.valid_until is None or on <= self.valid_until)


def term_on(terms: tuple[DatedTerm, ...] | list[DatedTerm], on: date) -> DatedTerm | None:
    """The term valid on ``on``, or None when none is. A dated term wins over an undated one.

    >>> ind = (DatedTerm(26, valid_until=date(2013, 12, 31)), DatedTerm(12.9, valid_from=date(2014, 1, 1)))
    >>> term_on(ind, date(2008, 6, 1)).weeks, term_on(ind, date(2016, 1, 1)).weeks
    (26, 12.9)
    >>> term_on((DatedTerm(8, valid_from=date(2021, 1, 1)),), date(2020, 6, 1)) is None
    True
    """
    valid = [t for t in terms if t.valid_on(on)]
    # Where an undated (legacy) term and a dated one both hold, the dated one is the more specific statement.
    valid.sort(key=lambda t: (t.valid_from is None and t.valid_until is None, t.valid_from or date.min))
    return valid[0] if valid else None


def weeks_on(terms: tuple[DatedTerm, ...] | list[DatedTerm], on: date) -> float | None:
    """Weeks of the term valid on ``on``, or None.

    >>> weeks_on((DatedTerm(4, valid_from=date(2012, 4, 1)),), date(2013, 1, 1))
    4
    >>> weeks_on((), date(2013, 1, 1)) is None
    True
    """
    term = term_on(terms, on)
    return term.weeks if term else None
