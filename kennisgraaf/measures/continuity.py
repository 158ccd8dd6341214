"""Continuity of care over a sequence of contacts: UPC, Bice–Boxerman COC, SECON, and fragmentation = 1 − COC.

Each contact is one encounter with one institution (see :mod:`kennisgraaf.measures.contacts`). UPC and COC are
not available (``None``) below :data:`MIN_CONTACTS` contacts: Kern et al. (2017) compute them only for patients with
at least four visits, as the indices are unreliable on three or fewer; the composite then leaves them out.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

__all__ = ["upc", "coc", "fragmentation", "secon", "MIN_CONTACTS", "not_available_reason"]

#: Below this many contacts UPC, COC and 1 − COC are reported as not available (Kern et al. 2017).
MIN_CONTACTS = 4


def not_available_reason(n: int, min_contacts: int = MIN_CONTACTS) -> str | None:
    """Why UPC and COC are not reported for ``n`` contacts, or ``None`` when they are.

    >>> not_available_reason(3)
    'fewer than 4 contacts (N = 3): continuity indices are not reliable on three or fewer (Kern et al. 2017)'
    >>> not_available_reason(4) is None
    True
    """
    if n >= min_contacts:
        return None
    return f"fewer than {min_contacts} contacts (N = {n}): continuity indices are not reliable on three or fewer " \
           "(Kern et al. 2017)"


def upc(contacts: Sequence[str], min_contacts: int = MIN_CONTACTS) -> float | None:
    """Usual Provider of Care: the share of contacts with the most frequent institution.

    .. math:: \\mathrm{UPC} = \\max_i n_i / N

    where :math:`n_i` is the number of contacts with institution *i* and :math:`N = \\sum_i n_i`.
    1 means every contact is with one institution; it falls towards 1/M with M institutions.

    Parameters
    ----------
    contacts : sequence of institution ids, one per contact
    min_contacts : below this many contacts the index is not available

    Returns
    -------
    float in (0, 1], or ``None`` for fewer than ``min_contacts`` contacts.

    Examples
    --------
    >>> upc(["wijkteam", "wijkteam", "uwv", "wijkteam"])
    0.75
    >>> upc(["wijkteam", "uwv"]) is None
    True

    References
    ----------
    .. [1] Breslau N, Reeb KG (1975). Continuity of care in a university-based practice. J Med Educ 50:965–969.
    .. [2] Jee SH, Cabana MD (2006). Indices for continuity of care: a systematic review. Med Care Res Rev 63(2).
    """
    if len(contacts) < max(1, min_contacts):
        return None
    return max(Counter(contacts).values()) / len(contacts)


def coc(contacts: Sequence[str], min_contacts: int = MIN_CONTACTS) -> float | None:
    """Bice–Boxerman Continuity of Care index: how concentrated contacts are across institutions.

    .. math:: \\mathrm{COC} = \\frac{\\sum_i n_i^2 - N}{N (N - 1)}

    0 when every contact is with a different institution, 1 when all are with one. The formula needs N ≥ 2; like
    Kern et al. (2017), kennisgraaf reports it only from ``min_contacts`` (4) contacts on and returns ``None`` below.

    Examples
    --------
    >>> coc(["a", "b", "c", "d"])
    0.0
    >>> coc(["a", "a", "a", "a"])
    1.0
    >>> round(coc(["a", "a", "b", "c"]), 3)
    0.167
    >>> coc(["a", "a", "a"]) is None
    True

    References
    ----------
    .. [1] Bice TW, Boxerman SB (1977). A quantitative measure of continuity of care. Medical Care 15(4):347–349.
    .. [2] Kern LM, Seirup JK, Casalino LP, Safford MM (2017). Healthcare Fragmentation and the Frequency of
       Radiology and Other Diagnostic Tests: A Cross-Sectional Study. J Gen Intern Med 32(2):175–181,
       doi:10.1007/s11606-016-3883-z.
    """
    n = len(contacts)
    if n < max(2, min_contacts):
        return None
    return (sum(c * c for c in Counter(contacts).values()) - n) / (n * (n - 1))


def fragmentation(contacts: Sequence[str], min_contacts: int = MIN_CONTACTS) -> float | None:
    """Fragmentation score: the reversed Bice–Boxerman index, F = 1 − COC (``None`` where COC is not available).

    Examples
    --------
    >>> fragmentation(["a", "b", "c", "d"])
    1.0
    >>> fragmentation(["a", "b"]) is None
    True

    References
    ----------
    .. [1] Kern LM, Seirup JK, Casalino LP, Safford MM (2017). Healthcare Fragmentation and the Frequency of
       Radiology and Other Diagnostic Tests: A Cross-Sectional Study. J Gen Intern Med 32(2):175–181.
    """
    index = coc(contacts, min_contacts)
    return None if index is None else 1.0 - index


def secon(contacts: Sequence[str]) -> float:
    """Sequential continuity: the share of consecutive contact pairs that stay with the same institution.

    .. math:: \\mathrm{SECON} = \\frac{1}{N-1} \\sum_{j=1}^{N-1} [v_j = v_{j+1}]

    Examples
    --------
    >>> secon(["a", "a", "b", "b"])
    0.6666666666666666

    References
    ----------
    .. [1] Steinwachs DM (1979). Measuring provider continuity in ambulatory care. Medical Care 17(6):551–565.
    """
    if len(contacts) <= 1:
        return 1.0
    return sum(a == b for a, b in zip(contacts, contacts[1:])) / (len(contacts) - 1)
