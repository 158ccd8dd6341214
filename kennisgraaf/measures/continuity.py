"""Continuity of care over a sequence of contacts: UPC, Bice–Boxerman COC, SECON, and fragmentation = 1 − COC.

Each contact is the institution met at one step of the household's path, in plan order.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

__all__ = ["upc", "coc", "fragmentation", "secon"]


def upc(contacts: Sequence[str]) -> float:
    """Usual Provider of Care: the share of contacts with the most frequent institution.

    .. math:: \\mathrm{UPC} = \\max_i n_i / N

    where :math:`n_i` is the number of contacts with institution *i* and :math:`N = \\sum_i n_i`.
    1 means every contact is with one institution; it falls towards 1/M with M institutions.

    Parameters
    ----------
    contacts : sequence of institution ids, one per contact

    Returns
    -------
    float in (0, 1]; 1.0 for an empty sequence (nothing to fragment).

    Examples
    --------
    >>> upc(["wijkteam", "wijkteam", "uwv", "wijkteam"])
    0.75

    References
    ----------
    .. [1] Breslau N, Reeb KG (1975). Continuity of care in a university-based practice. J Med Educ 50:965–969.
    .. [2] Jee SH, Cabana MD (2006). Indices for continuity of care: a systematic review. Med Care Res Rev 63(2).
    """
    if not contacts:
        return 1.0
    return max(Counter(contacts).values()) / len(contacts)


def coc(contacts: Sequence[str]) -> float:
    """Bice–Boxerman Continuity of Care index: how concentrated contacts are across institutions.

    .. math:: \\mathrm{COC} = \\frac{\\sum_i n_i^2 - N}{N (N - 1)}

    0 when every contact is with a different institution, 1 when all are with one. Undefined for N = 1 by the
    formula; a single contact is reported as 1.0 (no hand-off possible), and so is an empty sequence. Kern et
    al. report it only from four contacts on; kennisgraaf reports it always and shows N beside it.

    Examples
    --------
    >>> coc(["a", "b", "c", "d"])
    0.0
    >>> coc(["a", "a", "a"])
    1.0
    >>> round(coc(["a", "a", "b", "c"]), 3)
    0.167

    References
    ----------
    .. [1] Bice TW, Boxerman SB (1977). A quantitative measure of continuity of care. Medical Care 15(4):347–349.
    .. [2] Kern LM et al. (2017). Fragmented ambulatory care and subsequent emergency department visits and
       hospital admissions among Medicare beneficiaries. J Gen Intern Med 32(2):175–181,
       doi:10.1007/s11606-016-3883-z.
    """
    n = len(contacts)
    if n <= 1:
        return 1.0
    return (sum(c * c for c in Counter(contacts).values()) - n) / (n * (n - 1))


def fragmentation(contacts: Sequence[str]) -> float:
    """Fragmentation score: the reversed Bice–Boxerman index, F = 1 − COC.

    Examples
    --------
    >>> fragmentation(["a", "b"])
    1.0

    References
    ----------
    .. [1] Kern LM, Seirup JK, Casalino LP, Safford MM (2017). J Gen Intern Med 32(2):175–181.
    """
    return 1.0 - coc(contacts)


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
