"""The tabular layout import reads and export writes: sheets, their columns and the RDF each column stands for.

One layout serves CSV (one file per sheet, named after the sheet: ``arrangements.csv`` or
``voorbeeldstad-arrangements.csv``), XLSX (one worksheet per sheet) and YAML (the same column names as keys).
A cell holding several values puts one per line (references may also be separated by ``;``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from rdflib import URIRef
from rdflib.namespace import DCTERMS, RDFS, SKOS

from ..namespaces import ID_BASE, ID_PREFIXES, KG, ORG

#: Column kinds: how a cell becomes an RDF object.
REF, TEXT, NL, EN, DATE, BOOL, NUMBER, SOURCE, SCOPE, TYPE, ID = (
    "ref", "text", "nl", "en", "date", "bool", "number", "source", "scope", "type", "id")

SLUG = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
LAW_SLUG = re.compile(r"^BWB[RV][0-9]{7}$")

SCOPES: dict[str, URIRef] = {"municipal-rule": KG.MunicipalRule, "national-law": KG.NationalLaw,
                             "practice": KG.Practice}
INSTITUTION_TYPES: dict[str, URIRef] = {"institution": KG.Institution, "wijkteam": KG.Wijkteam}


@dataclass(frozen=True)
class Column:
    name: str
    kind: str
    predicate: URIRef | None = None
    #: for references: the classes a value must have (any of them), and the prefix a bare slug gets
    target: tuple[URIRef, ...] = ()
    prefix: str = ""
    multi: bool = False
    required: bool = False
    help: str = ""

    @property
    def what(self) -> str:
        """A readable name of what the column refers to ("provision", "institution")."""
        return CLASS_WORDS.get(self.target[0], self.target[0].split("#")[-1]) if self.target else self.name


CLASS_WORDS = {
    KG.Provision: "provision", KG.Institution: "institution", KG.Wijkteam: "wijkteam",
    KG.IndicationProtocol: "indication protocol", KG.ClarificationMethod: "clarification method",
    KG.DiagnosticInstrument: "diagnostic instrument", KG.RegistrationSystem: "registration system",
    KG.FundingStream: "funding stream", KG.LegalFramework: "legal framework", KG.Municipality: "municipality",
    KG.MunicipalityModel: "municipality model", KG.NeedType: "need type", KG.HouseholdRole: "household role",
    KG.HouseholdCase: "case", KG.Precondition: "precondition", KG.ServiceArrangement: "arrangement",
}


def _ref(name, predicate, cls, prefix, multi=True, required=False, help=""):
    return Column(name, REF, predicate, (cls,), prefix, multi, required, help)


def _common(*, case: bool = False) -> list[Column]:
    cols = [
        Column("label_nl", NL, RDFS.label, help="Dutch name (label_en defaults to it)"),
        Column("label_en", EN, RDFS.label, help="English name (label_nl defaults to it)"),
        Column("definition_nl", NL, SKOS.definition, help="one sentence in Dutch"),
        Column("definition_en", EN, SKOS.definition, help="one sentence in English"),
        Column("source", SOURCE, DCTERMS.source, multi=True,
               help="where this comes from: a URL or a document reference; one per line"),
        Column("illustrative", BOOL, KG.illustrative, help="true when modelled rather than documented by name"),
    ]
    if not case:
        cols += [Column("unverified", BOOL, KG.unverified, help="true when real but the source was not opened"),
                 Column("valid_from", DATE, KG.validFrom, help="YYYY-MM-DD"),
                 Column("valid_until", DATE, KG.validUntil, help="YYYY-MM-DD")]
    cols += [Column("note", EN, KG.domainNote, help="modelling note in English: why it is modelled this way"),
             Column("note_nl", NL, KG.domainNote, help="modelling note in Dutch"),
             Column("note_plain", TEXT, KG.domainNote, help="modelling note without a language tag (prefer note)")]
    return cols


def _touch() -> list[Column]:
    return [
        _ref("delivered_by", KG.deliveredBy, KG.Institution, "inst",
             help="institution(s) the household turns to (replaces the national ones)"),
        _ref("involves", KG.involves, KG.Institution, "inst", help="other institutions with a role"),
        _ref("access_via", KG.accessVia, KG.IndicationProtocol, "prot", help="indication/access protocol(s)"),
        _ref("intake_via", KG.intakeVia, KG.ClarificationMethod, "meth", help="clarification method(s)"),
        _ref("assessed_with", KG.assessedWith, KG.DiagnosticInstrument, "instr", help="diagnostic instrument(s)"),
        _ref("registered_in", KG.registeredIn, KG.RegistrationSystem, "sys", help="registration system(s)"),
        _ref("draws_on", KG.drawsOn, KG.RegistrationSystem, "sys", help="data sources the decision reads"),
        _ref("funded_by", KG.fundedBy, KG.FundingStream, "fund", help="funding stream(s)"),
        _ref("legal_basis", KG.legalBasis, KG.LegalFramework, "law", help="law(s), by BWB id, title or abbreviation"),
        # issue 13: what is not a method or an instrument has a relation of its own (not counted as one)
        _ref("consulted_in", KG.consultedIn, KG.ConsultationStructure, "meth", help="case meeting(s) the case goes to"),
        _ref("part_of_programme", KG.partOfProgramme, KG.Programme, "meth", help="programme it was set up in"),
        _ref("offers_intervention", KG.offersIntervention, KG.Intervention, "meth", help="treatment(s) it gives"),
        _ref("applies_norm", KG.appliesNorm, KG.AssessmentNorm, "instr",
             help="norm(s) or classification(s) the decision applies"),
    ]


@dataclass(frozen=True)
class Sheet:
    name: str
    #: the class of the rows' subjects (None: members and phases, which are blank nodes)
    cls: URIRef | None
    prefix: str
    columns: tuple[Column, ...]
    #: "cases" for household data (scanned in full by the privacy guard), else "municipalities"
    folder: str = "municipalities"
    help: str = ""
    #: for rows that are blank nodes of a case (members, phases): their class; the "case" column links them
    node_class: URIRef | None = None

    def column(self, name: str) -> Column | None:
        return next((c for c in self.columns if c.name == name), None)

    @property
    def column_names(self) -> list[str]:
        return [c.name for c in self.columns]


SHEETS: dict[str, Sheet] = {s.name: s for s in [
    Sheet("municipalities", KG.Municipality, "gemeente", (
        Column("id", ID, help="gm + the four digits of the CBS code, e.g. gm0153"),
        Column("cbs_code", TEXT, KG.cbsCode, required=True, help="CBS municipality code, e.g. GM0153"),
        *_common()), help="the municipality itself"),
    Sheet("models", KG.MunicipalityModel, "model", (
        Column("id", ID, required=True, help="e.g. voorbeeldstad-2024"),
        _ref("municipality", KG.municipality, KG.Municipality, "gemeente", multi=False, required=True,
             help="the municipality (id, CBS code or name)"),
        Column("reference_date", DATE, KG.referenceDate, required=True, help="the date the model describes"),
        _ref("wijkteam", KG.hasWijkteam, KG.Wijkteam, "inst", multi=False, help="the model's wijkteam"),
        Column("count_note", EN, KG.countNote, multi=True,
               help="why a count differs from an inventory the model reproduces (English); one per line"),
        *_common()), help="a municipality model: how one municipality arranged its provisions on a date"),
    Sheet("institutions", KG.Institution, "inst", (
        Column("id", ID, required=True, help="e.g. wijkteam-voorbeeldstad"),
        Column("type", TYPE, help="institution (default) or wijkteam"),
        _ref("municipality", KG.municipality, KG.Municipality, "gemeente", multi=False,
             help="the municipality it belongs to"),
        _ref("kind", ORG.classification, KG.Institution, "inst",
             help="the national kind, e.g. woningcorporatie, kredietbank, sociaal-wijkteam"),
        Column("mandate_nl", NL, KG.mandate, help="wijkteam: what it may decide or break through (Dutch)"),
        Column("mandate_en", EN, KG.mandate, help="wijkteam: the mandate in English"),
        _ref("legal_basis", KG.legalBasis, KG.LegalFramework, "law", help="law(s) it works under"),
        *_common()), help="the municipality's own institutions and its wijkteam"),
    Sheet("arrangements", KG.ServiceArrangement, "arr", (
        Column("id", ID, help="optional; default <model>-<provision>"),
        _ref("model", KG.inModel, KG.MunicipalityModel, "model", multi=False, required=True,
             help="the municipality model"),
        _ref("provision", KG.provision, KG.Provision, "svc", multi=False, required=True,
             help="the national provision arranged locally (id or name)"),
        *_touch(),
        *_common()),
        help="per provision, how the municipality arranged it; what is left empty is inherited from the "
             "national provision"),
    Sheet("preconditions", KG.Precondition, "pc", (
        Column("id", ID, required=True, help="e.g. voorbeeldstad-urgentie-vereist-schuldhulp"),
        _ref("dependent", KG.dependent, KG.Provision, "svc", multi=False, required=True,
             help="provision A, which cannot start ..."),
        _ref("prerequisite", KG.prerequisite, KG.Provision, "svc", multi=False, required=True,
             help="... before provision B has been obtained"),
        Column("scope", SCOPE, KG.scope, help="municipal-rule (default), national-law or practice"),
        _ref("municipality", KG.municipality, KG.Municipality, "gemeente", multi=False,
             help="required for a municipal rule"),
        _ref("legal_basis", KG.legalBasis, KG.LegalFramework, "law", help="law(s) or by-law it rests on"),
        Column("citing_article", TEXT, KG.citingArticle,
               help="the article it rests on, as jci1.3:c:BWBR…&artikel=…; else set illustrative: true"),
        Column("kind", TEXT, KG.preconditionKind,
               help="document, inschrijving, besluit, informatie, wachttijd, uitsluiting or begeleiding"),
        Column("weeks", NUMBER, KG.durationWeeks, help="least time it takes, where a rule sets a term"),
        _ref("applies_if_need", KG.appliesIfNeed, KG.NeedType, "need",
             help="the precondition holds only for a household with this need"),
        Column("applies_to_age_band", TEXT, KG.appliesToAgeBand, multi=True,
               help="the precondition holds only when a member is in this age band, e.g. 18-26"),
        *_common()), help="local preconditions: A cannot start before B"),
    # issue 15: a municipality's exclusion grounds and its wijkteam mandate
    Sheet("exclusion_grounds", KG.ExclusionGround, "excl", (
        Column("id", ID, required=True, help="e.g. voorbeeldstad-scheiding-geen-urgentie"),
        _ref("municipality", KG.municipality, KG.Municipality, "gemeente", multi=False, required=True,
             help="the municipality whose ground it is"),
        _ref("refuses", KG.excludesProvision, KG.Provision, "svc", multi=False, required=True,
             help="the provision the ground refuses (or whose payment it refuses)"),
        _ref("cost_of", KG.excludesCostOf, KG.Provision, "svc", multi=False,
             help="only the cost of this step is refused (e.g. identity papers from special assistance)"),
        _ref("applies_if_circumstance", KG.appliesIfCircumstance, KG.Circumstance, "circ",
             help="the ground holds only for a household with this circumstance"),
        *_common()), help="grounds for refusing a provision, evaluated on the case profile"),
    Sheet("mandates", KG.Mandate, "mandate", (
        Column("id", ID, required=True, help="e.g. voorbeeldstad-2024"),
        _ref("municipality", KG.mandateOf, KG.Municipality, "gemeente", multi=False, required=True,
             help="the municipality that mandates its wijkteam"),
        _ref("may_grant", KG.mayGrant, KG.Provision, "svc", help="municipal provisions the team may grant"),
        Column("may_waive", REF, KG.mayWaive, (KG.Precondition, KG.ExclusionGround), "pc", multi=True,
               help="local rules (pc:…) or exclusion grounds (excl:…) the team may waive"),
        _ref("may_pay_cost_of", KG.mayPayCostOf, KG.Provision, "svc", help="steps whose cost the team may pay"),
        _ref("may_lift", KG.mayLift, KG.ActorDependency, "dep", help="dependencies on other people it may lift"),
        *_common()), help="what the wijkteam may do under the wijkteam-mandate scenario"),
    Sheet("cases", KG.HouseholdCase, "case", (
        Column("id", ID, required=True, help="e.g. voorbeeldstad-gezin"),
        _ref("model", KG.defaultModel, KG.MunicipalityModel, "model", multi=False, required=True,
             help="the municipality model the case is set in"),
        _ref("needs", KG.hasNeed, KG.NeedType, "need", required=True,
             help="the household's needs by need type (id or name)"),
        _ref("provisions", KG.usesProvision, KG.Provision, "svc",
             help="provisions the household needs besides those that follow from its needs"),
        # the case profile (issue 15): categories rules test, never facts about a person
        _ref("residence_status", KG.residenceStatus, KG.ResidenceStatus, "rs", multi=False,
             help="dutch, eu, third-country-permit, refugee-permit or no-lawful-residence"),
        _ref("household_composition", KG.householdComposition, KG.HouseholdComposition, "hh", multi=False,
             help="single, single-parent, couple or couple-with-children"),
        Column("own_income", BOOL, KG.ownIncome, help="whether the household has income of its own (yes/no)"),
        _ref("circumstances", KG.circumstance, KG.Circumstance, "circ",
             help="circumstances rules test, e.g. scheiding, huurachterstand"),
        # time on the path (issue 14)
        Column("horizon_months", NUMBER, KG.horizonMonths, help="how many months the case's timeline looks ahead"),
        *_common(case=True)), folder="cases", help="anonymised household cases: no personal data"),
    Sheet("members", None, "", (
        _ref("case", KG.member, KG.HouseholdCase, "case", multi=False, required=True, help="the case id"),
        _ref("role", KG.role, KG.HouseholdRole, "role", multi=False, required=True,
             help="ouder, partner, kind, jongere, volwassene or huisgenoot"),
        Column("age_band", TEXT, KG.ageBand, help="e.g. 27-44 or 67+; never a birth date"),
        Column("age_years", NUMBER, KG.ageYears, help="age in whole years on the case date (never a birth date)"),
        Column("age_months", NUMBER, KG.ageMonths, help="months (0-11) over age_years, for a transition in the horizon")),
        folder="cases", help="household members: role, age band and age on the case date only",
        node_class=KG.HouseholdMember),
    Sheet("phases", None, "", (
        _ref("case", KG.phase, KG.HouseholdCase, "case", multi=False, required=True, help="the case id"),
        Column("from_month", NUMBER, KG.fromMonth, required=True, help="the month of the horizon the phase starts in"),
        _ref("needs", KG.hasNeed, KG.NeedType, "need", required=True, help="the needs of this phase")),
        folder="cases", help="episodes of a case: from which month which needs hold (e.g. 24-hour care from month 8)",
        node_class=KG.CasePhase),
]}

#: Sheets in the order they are written and read (declarations before the rows that refer to them).
SHEET_ORDER = list(SHEETS)

#: Characters that make a spreadsheet treat a cell as a formula (OWASP "CSV injection").
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def escape_cell(value: str) -> str:
    """Prefix ``'`` to a cell a spreadsheet would run as a formula (and to one that already looks escaped).

    >>> escape_cell("=HYPERLINK(\\"http://x\\")"), escape_cell("'s-Hertogenbosch"), escape_cell("67+")
    ('\\'=HYPERLINK("http://x")', "'s-Hertogenbosch", '67+')
    >>> escape_cell("'=1")
    "''=1"
    """
    if value.startswith(FORMULA_START) or (value.startswith("'") and value.lstrip("'").startswith(FORMULA_START)):
        return "'" + value
    return value


def unescape_cell(value: str) -> str:
    """Undo :func:`escape_cell`.

    >>> unescape_cell("'=1"), unescape_cell("''=1"), unescape_cell("'s-Hertogenbosch")
    ('=1', "'=1", "'s-Hertogenbosch")
    """
    if value.startswith("'") and value.lstrip("'").startswith(FORMULA_START):
        return value[1:]
    return value


def is_formula(value: str) -> bool:
    """True for a raw cell a spreadsheet would evaluate (an escaped one starts with ``'``)."""
    return value.startswith(FORMULA_START) and value not in ("-", "+")


def sheet_of_stem(stem: str) -> str | None:
    """The sheet a CSV file holds, from its name: ``arrangements``, ``voorbeeldstad-arrangements``, ….

    >>> sheet_of_stem("voorbeeldstad-arrangements"), sheet_of_stem("Cases"), sheet_of_stem("notes")
    ('arrangements', 'cases', None)
    """
    lowered = stem.lower()
    for name in sorted(SHEETS, key=len, reverse=True):
        if lowered == name or re.search(rf"(^|[-_. ]){name}$", lowered):
            return name
    return None


def namespace(prefix: str) -> str:
    return f"{ID_BASE}{ID_PREFIXES[prefix]}/"
