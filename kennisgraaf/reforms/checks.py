"""Checking reform files: unknown ids and contradictions are refused before anything is scored."""

from __future__ import annotations

from collections.abc import Iterable
from difflib import get_close_matches


from ..errors import DataError, UnknownIdError
from ..model import SOURCE_KINDS, TRANSFORMATION_KINDS, Domain, Reform, Transformation

#: Which entity kind a transformation's kg:target must be.
TARGET_KINDS = {"OneFrontDoor": "institution", "MergeFrontDoors": "institution", "SharedIntake": "method",
                "SharedAssessment": "instrument", "SharedRegistration": "system", "SharedAccess": "protocol",
                "MoveLegalBasis": "framework"}
#: Which entity kind a transformation's kg:source entities must be.
SOURCE_KIND = {"MergeFrontDoors": "institution", "MoveLegalBasis": "framework"}
# -- checking -------------------------------------------------------------------------------------------------------

def check_reforms(domain: Domain, reforms: Iterable[Reform] | None = None) -> None:
    """Refuse reforms that name unknown ids or contradict themselves; one :class:`DataError` lists every problem.

    Unknown: a waived precondition, a target, a merged institution, a replaced law, a provision in kg:appliesTo or
    the kg:forModel model that the data does not define, or a transformation of a kind kennisgraaf does not know.
    Contradictions: a merger of a front door into itself, a move of a law to itself, a target of the wrong kind (a
    front door that is a law), a reform without transformations.
    """
    problems: list[tuple[str, str]] = []
    for reform in sorted(reforms if reforms is not None else domain.reforms.values(), key=lambda r: r.id):
        where = reform.file
        for message in _problems(domain, reform):
            problems.append((where, f"reform '{_slug(reform.id)}' {message}"))
    if not problems:
        return
    files = sorted({f for f, _ in problems if f})
    text = "; ".join(m for _, m in problems)
    raise DataError(f"{len(problems)} problem(s) in reforms: {text}", path=files[0] if len(files) == 1 else None,
                    fix="correct the reform file(s)" + (f" ({', '.join(files)})" if len(files) > 1 else "")
                        + "; `kennisgraaf validate` lists the same with file and check")


def _problems(domain: Domain, reform: Reform) -> list[str]:
    out: list[str] = []
    if reform.for_model and reform.for_model not in domain.models:
        out.append(f"is written for unknown municipality model '{reform.for_model}'{_hint(reform.for_model, domain.models)}")
    for kinds in reform.unknown_kinds:
        out.append(f"has a transformation of unknown kind ({kinds}); use one of "
                   + ", ".join(f"kg:{k}" for k in TRANSFORMATION_KINDS))
    if not reform.transformations and not reform.unknown_kinds:
        out.append("states no kg:transformation")
    for t in reform.transformations:
        for pc in sorted(t.waives):
            if pc not in domain.preconditions:
                out.append(f"waives precondition '{pc}', which does not exist{_hint(pc, domain.preconditions)}")
        for pid in sorted(t.applies_to):
            if pid not in domain.provisions:
                out.append(f"applies {_kind(t)} to unknown provision '{pid}'{_hint(pid, domain.provisions)}")
        if t.kind == "PreconditionWaiver":
            if not t.waives:
                out.append("has a kg:PreconditionWaiver that waives nothing (add kg:waives pc:…)")
            continue
        wanted = TARGET_KINDS[t.kind]
        if t.target in (None, "kg:ModelWijkteam"):
            if wanted != "institution":
                out.append(f"has a {_kind(t)} without a kg:target {wanted}")
        elif t.target not in domain.entities:
            out.append(f"puts unknown {wanted} '{t.target}' in place ({_kind(t)}){_hint(t.target, domain.entities)}")
        elif domain.entity(t.target).kind != wanted:
            out.append(f"puts {domain.entity(t.target).kind} '{t.target}' in place where {_kind(t)} needs a {wanted}")
        if t.kind in SOURCE_KINDS:
            want = SOURCE_KIND[t.kind]
            if not t.sources:
                out.append(f"has a {_kind(t)} without kg:source")
            for source in sorted(t.sources):
                if source not in domain.entities:
                    out.append(f"names unknown {want} '{source}' as kg:source of {_kind(t)}{_hint(source, domain.entities)}")
                elif domain.entity(source).kind != want:
                    out.append(f"names {domain.entity(source).kind} '{source}' as kg:source of {_kind(t)}, which needs a {want}")
            others = t.sources - {t.target}
            if t.kind == "MergeFrontDoors" and t.sources and not others:
                out.append(f"merges front door '{t.target}' into itself (name at least one other institution as kg:source)")
            elif t.kind == "MergeFrontDoors" and len(t.sources | {t.target}) < 2:
                out.append("merges fewer than two institutions")
            if t.kind == "MoveLegalBasis" and t.target in t.sources:
                out.append(f"moves provisions from '{t.target}' to the same law")
    return out


def _kind(t: Transformation) -> str:
    return f"kg:{t.kind}"


def _hint(given: str, known: Iterable[str]) -> str:
    close = get_close_matches(given, sorted(known), n=2, cutoff=0.75)
    return f" (did you mean {' or '.join(close)}?)" if close else ""


def _slug(compact_id: str) -> str:
    return compact_id.split(":", 1)[-1]


def candidate_reforms(domain: Domain, model_id: str) -> tuple[list[Reform], list[tuple[str, str]]]:
    """The reforms that can be applied to ``model_id`` (written for it, or for any model), sorted by id, and the
    ones left out with the reason."""
    chosen, skipped = [], []
    for reform in sorted(domain.reforms.values(), key=lambda r: r.id):
        if reform.for_model and reform.for_model != model_id:
            skipped.append((reform.id, f"written for {reform.for_model}"))
        else:
            chosen.append(reform)
    return chosen, skipped


def get_reform(domain: Domain, given: str) -> Reform:
    """A reform by slug or compact id; UnknownIdError otherwise."""
    key = given if ":" in given else f"reform:{given}"
    if key not in domain.reforms:
        raise UnknownIdError("reform", given, [_slug(r) for r in domain.reforms])
    return domain.reforms[key]


def model_key(domain: Domain, given: str) -> str:
    """A municipality model by slug or compact id; UnknownIdError otherwise."""
    key = given if ":" in given else f"model:{given}"
    if key not in domain.models:
        raise UnknownIdError("municipality model", given, [_slug(m) for m in domain.models])
    return key


def case_keys(domain: Domain, given: Iterable[str] | None = None) -> list[str]:
    """The case set: the given cases (slugs or compact ids; UnknownIdError for an unknown one), or every case."""
    if given is None:
        return sorted(domain.cases)
    out = []
    for item in given:
        key = item if ":" in item else f"case:{item}"
        if key not in domain.cases:
            raise UnknownIdError("case", item, [_slug(c) for c in domain.cases])
        if key not in out:
            out.append(key)
    if not out:
        raise DataError("the case set is empty", fix="give case ids, a folder of case files, or leave --cases out")
    return out


