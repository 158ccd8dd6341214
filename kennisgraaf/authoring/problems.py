"""What goes wrong in files to import: many problems reported at once, and personal data refused in rows.

Every problem names the file, the row or line and the column, and says how to fix it; an import reports all of a
file's problems together (up to :data:`MAX_PROBLEMS`), the privacy findings first.
"""

from __future__ import annotations

from .. import privacy
from ..errors import DataError, PrivacyError
from .readers import Row
from .schema import SHEETS

MAX_PROBLEMS = 20
#: Which findings of the privacy scan count in municipality sheets (their sources cite dated documents and public
#: offices; a BSN or a bank account never belongs there).
MUNICIPALITY_FINDINGS = {"BSN", "IBAN (bank account)"}


class ImportProblems(DataError):
    """Several problems found in the files to import; the first is the headline, the rest follow."""

    def __init__(self, problems: list[DataError]):
        first = problems[0]
        text = str(first)
        rest = problems[1:MAX_PROBLEMS]
        if rest:
            text += f"\n  and {len(problems) - 1} more problem(s):" + "".join(
                "\n  - " + str(p).replace("\n  fix:", " — fix:") for p in rest)
            if len(problems) > MAX_PROBLEMS:
                text += "\n  - …"
        Exception.__init__(self, text)
        self.path, self.line, self.column, self.fix = first.path, first.line, first.column, first.fix
        self.problems = problems


def raise_problems(problems: list[DataError]) -> None:
    if not problems:
        return
    if len(problems) == 1:
        raise problems[0]
    if any(isinstance(p, PrivacyError) for p in problems):
        problems = sorted(problems, key=lambda p: not isinstance(p, PrivacyError))
    raise ImportProblems(problems)


# -- privacy --------------------------------------------------------------------------------------------------

def check_privacy(rows: list[Row]) -> None:
    """Refuse personal data: raise every finding of :func:`privacy_problems` at once."""
    raise_problems(privacy_problems(rows))


def privacy_problems(rows: list[Row]) -> list[PrivacyError]:
    """Personal data in the rows, one problem per finding: personal columns or keys anywhere, BSNs and bank
    accounts anywhere, and in household data also names, birth dates, addresses, phone numbers and e-mail."""
    found: list[PrivacyError] = []
    for row in rows:
        household = SHEETS[row.sheet].folder == "cases"
        for column, value in row.values.items():
            kind = privacy.personal_key(column)
            if kind:
                found.append(PrivacyError(
                    f"{row.where(column)}: would hold personal data ({kind}), which kennisgraaf refuses",
                    path=row.file, line=row.line_of(column),
                    fix=("remove the column or key; describe household members only by role and age band"
                         if household or kind != "name" else
                         "remove it; an entity's name goes in label_nl and label_en")))
                row.refused.add(column)  # reported here; the builder does not call it an unknown column too
                continue
            for text in value if isinstance(value, list) else [value]:
                for finding in privacy.scan(str(text)):
                    if column == "source" and finding.kind == "name":
                        continue  # a citation names published authors, not the household
                    if household or finding.kind in MUNICIPALITY_FINDINGS:
                        found.append(PrivacyError(
                            f"{row.where(column)}: personal data is not allowed: {finding}", path=row.file,
                            line=row.line_of(column),
                            fix="remove it: cases are anonymised and hold roles, age bands and needs only"
                                if household else "remove it: a BSN or bank account never belongs in a model"))
    return found


__all__ = ["ImportProblems", "raise_problems", "check_privacy", "privacy_problems", "MUNICIPALITY_FINDINGS"]
