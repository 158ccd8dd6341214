"""Path resolution and measures on a Turtle example graph that exercises every edge kind (tests/data/examples/).

``every-edge.ttl`` is loaded from Turtle on top of the bundled data (so the RDF reading in ``model.py`` is tested
too): ``involves`` (one institution closed in 2015, one opened in 2019), ``drawsOn``, ``coordinatedBy`` (a front
door beside the professional's own), a protocol, a shared intake, a household-visible system beside back-office
ones, an age-band condition, a precondition repealed in 2010, a municipal rule of this municipality and one of
another, and an arrangement preferred over a national provision for the same need. Every expected value is worked
out by hand in the comments from the rules in ``kennisgraaf/path.py`` and ``kennisgraaf/measures/``; none is
computed by the code under test.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from kennisgraaf.model import load_domain
from kennisgraaf.path import precondition_graph, provisions, resolve
from kennisgraaf.plan import first_things_first
from kennisgraaf.report import score_path
from kennisgraaf.store import KnowledgeGraph

EXAMPLE = Path(__file__).parent / "data" / "examples" / "every-edge.ttl"


@pytest.fixture(scope="module")
def dom():
    return load_domain(KnowledgeGraph.load(extra_paths=[EXAMPLE]))


def path(dom, case="case:ex-jong", model="model:ex-stad", scenario="scen:fragmented", on=None):
    return resolve(dom, case, model_id=model, scenario_id=scenario, on=on)


def contacts(score):
    return [(c["provision"], c["kind"], c["institution"]) for c in score.explanation["contacts"]]


def preconditions(G):
    return sorted((u, v, pcs) for u, v, d in precondition_graph(G).edges(data=True) for pcs in d["preconditions"])


# -- resolution ------------------------------------------------------------------------------------------------

def test_the_arranged_provision_is_preferred_over_the_national_one(dom):
    # need:ex-inkomen is addressed by svc:ex-bijstand (arranged in ex-stad) and svc:ex-bijstand-nationaal (not).
    assert provisions(path(dom)) == ["svc:ex-bijstand", "svc:ex-id", "svc:ex-training"]
    # ex-dorp has no arrangement: both provisions for the need come in.
    assert provisions(path(dom, model="model:ex-dorp")) == \
        ["svc:ex-bijstand", "svc:ex-bijstand-nationaal", "svc:ex-id", "svc:ex-training"]


def test_the_arrangement_replaces_touchpoints_property_by_property(dom):
    G = path(dom)
    delivered = {v for _, v, d in G.out_edges("svc:ex-bijstand", data=True) if d["relation"] == "deliveredBy"}
    # The arrangement's deliverer (the sociale dienst), not the national one; the intake, the legal basis and the
    # rest, which the arrangement does not name, stay the national provision's.
    assert delivered == {"inst:ex-sd"}
    relations = {(d["relation"], v, d.get("via")) for _, v, d in G.out_edges("svc:ex-bijstand", data=True)}
    assert ("deliveredBy", "inst:ex-sd", "arr:ex-stad-bijstand") in relations
    assert ("involves", "inst:ex-uwv", "arr:ex-stad-bijstand") in relations
    assert ("intakeVia", "meth:ex-intake", "svc:ex-bijstand") in relations
    assert ("drawsOn", "sys:ex-register", "svc:ex-bijstand") in relations
    # Under ex-dorp the national deliverer stays.
    H = path(dom, model="model:ex-dorp")
    assert {v for _, v, d in H.out_edges("svc:ex-bijstand", data=True) if d["relation"] == "deliveredBy"} == \
        {"inst:ex-nat-dienst"}


def test_age_band_and_municipal_rules_decide_the_preconditions(dom):
    # ex-jong (18-26) in ex-stad: pc:ex-id, pc:ex-jong (age band), pc:ex-eigen-regel (ex-stad's own rule);
    # not pc:ex-regel (ex-dorp's rule) and not pc:ex-vervallen (repealed 2010-01-01).
    assert preconditions(path(dom)) == [("svc:ex-bijstand", "svc:ex-training", "pc:ex-jong"),
                                        ("svc:ex-id", "svc:ex-bijstand", "pc:ex-id"),
                                        ("svc:ex-id", "svc:ex-training", "pc:ex-eigen-regel")]
    # ex-ouder (27-66): no pc:ex-jong.
    assert preconditions(path(dom, "case:ex-ouder")) == [("svc:ex-id", "svc:ex-bijstand", "pc:ex-id"),
                                                          ("svc:ex-id", "svc:ex-training", "pc:ex-eigen-regel")]
    # In ex-dorp: ex-dorp's rule (ex-id needs training) instead of ex-stad's.
    assert preconditions(path(dom, model="model:ex-dorp")) == [
        ("svc:ex-bijstand", "svc:ex-training", "pc:ex-jong"), ("svc:ex-id", "svc:ex-bijstand", "pc:ex-id"),
        ("svc:ex-training", "svc:ex-id", "pc:ex-regel")]


def test_in_force_dates_decide_preconditions_and_institutions(dom):
    old = path(dom, on=date(2009, 6, 1))
    # 2009: the repealed rule (bijstand needs training) still holds; with pc:ex-jong (training needs bijstand) it
    # closes a loop.
    assert ("svc:ex-training", "svc:ex-bijstand", "pc:ex-vervallen") in preconditions(old)
    involved = lambda G: {v for _, v, d in G.out_edges("svc:ex-training", data=True) if d["relation"] == "involves"}
    # inst:ex-oud closed 2015-01-01, inst:ex-nieuw opened 2019-01-01.
    assert involved(old) == {"inst:ex-oud"}
    assert involved(path(dom)) == {"inst:ex-nieuw"}
    score = score_path(old, "household")
    assert score.measures["deadlocks"] == [["svc:ex-bijstand", "svc:ex-training"]]
    assert score.measures["deadlock_count"] == 1
    # ex-ouder in 2009: no loop (no pc:ex-jong), but the chain ex-id → training → bijstand is 3 steps.
    older = score_path(path(dom, "case:ex-ouder", on=date(2009, 6, 1)), "household")
    assert (older.measures["deadlock_count"], older.measures["critical_chain"]) == (0, 3)


def test_another_municipality_s_rule_makes_a_three_step_deadlock(dom):
    # ex-dorp: bijstand needs ex-id (pc:ex-id), ex-id needs training (pc:ex-regel), training needs bijstand
    # (pc:ex-jong): one cycle, written from its smallest id.
    score = score_path(path(dom, model="model:ex-dorp"), "household")
    assert score.measures["deadlocks"] == [["svc:ex-bijstand", "svc:ex-id", "svc:ex-training"]]
    # The deadlock is one block of three steps: the chain is 3 long.
    assert score.measures["critical_chain"] == 3


def test_the_plan_puts_the_prerequisites_and_the_basic_domain_first(dom):
    steps = first_things_first(path(dom))
    # The plan's priority table (data/national/choices.ttl) gives a need outside the table its life domain's
    # kg:planPriority + 2: income 1 + 2 = 3, work 3 + 2 = 5.
    # ex-id (priority 3, from the bijstand it serves) → bijstand (income, 3) → training (work, 5)
    assert [(s.provision, s.priority, s.requires, s.weeks, s.deadlock) for s in steps] == [
        ("svc:ex-id", 3, (), None, None),
        ("svc:ex-bijstand", 3, ("svc:ex-id",), 2, None),
        ("svc:ex-training", 5, ("svc:ex-bijstand", "svc:ex-id"), 4, None)]
    assert [s.institutions for s in steps] == [("inst:ex-burgerzaken",), ("inst:ex-sd",), ("inst:ex-werkbedrijf",)]
    # The 2009 loop: bijstand and training form deadlock 1 and are listed together after ex-id.
    old = first_things_first(path(dom, on=date(2009, 6, 1)))
    assert [(s.provision, s.deadlock) for s in old] == [("svc:ex-id", None), ("svc:ex-bijstand", 1),
                                                         ("svc:ex-training", 1)]


# -- measures, fragmented ----------------------------------------------------------------------------------------

def test_household_contacts_and_counts_by_hand(dom):
    score = score_path(path(dom), "household", explain=True)
    # Stages: ex-id (1, 0), bijstand (1, 1), training (3, 2).
    # ex-id: delivery at burgerzaken.
    # bijstand (deliverer sd, involved UWV): the intake method and the ZRM are run by the sd → the sd holds them; the
    #   protocol and the citizen-facing portal are run by UWV, which is involved → UWV holds them; the back-office
    #   system is not household-visible and drawsOn is no encounter; delivery by the sd. 5 contacts.
    # training (deliverer werkbedrijf): the intake method is run by the sd, which plays no part here → the deliverer
    #   holds it; delivery. inst:ex-nieuw is only involved: no household contact. 2 contacts.
    assert sorted(contacts(score)) == sorted([
        ("svc:ex-id", "delivery", "inst:ex-burgerzaken"),
        ("svc:ex-bijstand", "intake", "inst:ex-sd"), ("svc:ex-bijstand", "assessment", "inst:ex-sd"),
        ("svc:ex-bijstand", "decision", "inst:ex-uwv"), ("svc:ex-bijstand", "registration", "inst:ex-uwv"),
        ("svc:ex-bijstand", "delivery", "inst:ex-sd"),
        ("svc:ex-training", "intake", "inst:ex-werkbedrijf"), ("svc:ex-training", "delivery", "inst:ex-werkbedrijf")])
    m = score.measures
    # N = 8; n_i = burgerzaken 1, sd 3, UWV 2, werkbedrijf 2 → COC = (1 + 9 + 4 + 4 − 8) / (8 · 7) = 10/56 = 0.1786,
    # UPC = 3/8 = 0.375. Hand-offs: 1 inside stage (1, 1) + 2 stage boundaries (no institution repeats) = 3.
    assert (m["contacts"], m["institutions"], m["coc"], m["upc"], m["fragmentation"], m["handoffs"]) == \
        (8, 4, 0.1786, 0.375, 0.8214, 3)
    # Distinct: laws ex-wbrp, ex-pw (twice) → 2; one protocol, one method, one instrument; the portal is the only
    # household-visible system. The same method at the sd and at the werkbedrijf: one repeated intake.
    assert (m["frameworks"], m["protocols"], m["methods"], m["instruments"], m["systems"]) == (2, 1, 1, 1, 1)
    assert (m["repeated_intakes"], m["repeated_assessments"], m["duplicate_data"]) == (1, 0, 0)
    # Chain ex-id → bijstand → training: 3 steps, 2 + 4 = 6 weeks (pc:ex-eigen-regel has no duration).
    assert (m["critical_chain"], m["critical_chain_weeks"], m["deadlock_count"]) == (3, 6.0, 0)
    # One plan; D1 = (1 instrument + 1 protocol) / 2 needs = 1.0; D2 = 4 / 2 = 2.0; D3 = 3 front doors (burgerzaken,
    # sd, werkbedrijf) + 1 protocol + 3 precondition edges = 7; D4 = 1 per-case funded (training) + 1 funding seam
    # (bijstand budget → training per case; ex-id has no funding) = 2.
    assert (m["management_continuity"], m["over_problematising"], m["over_professionalising"],
            m["loketten_and_rules"], m["perverse_incentives"]) == (1, 1.0, 2.0, 7, 2)
    # Composite, packaged weights (Σ w = 14): frameworks 2/6 = 0.333333; protocols, methods, instruments 1/4 each;
    # systems 1/5 × 0.5 = 0.1; institutions 4/7 × 1.5 = 0.857143; handoffs 3/6 = 0.5; fragmentation 0.8214 × 1.5 =
    # 1.2321; repeated intakes 1/3 = 0.333333; critical chain 3/6 = 0.5; weeks 6/14 × 0.5 = 0.214286.
    # Σ = 4.820195 → 100 · 4.820195 / 14 = 34.43
    assert score.composite == 34.43


def test_professional_contacts_and_counts_by_hand(dom):
    score = score_path(path(dom), "professional", explain=True)
    # As for the household, plus the involvement of inst:ex-nieuw at training (it holds no encounter); UWV is
    # involved at bijstand but holds the decision and the portal, so no separate involvement.
    assert ("svc:ex-training", "involvement", "inst:ex-nieuw") in contacts(score)
    m = score.measures
    # N = 9; n_i = 1, 3, 2, 2, 1 → COC = (1 + 9 + 4 + 4 + 1 − 9) / 72 = 10/72 = 0.1389; UPC = 3/9 = 0.3333.
    # Hand-offs: stages {burgerzaken}, {sd, UWV}, {werkbedrijf, ex-nieuw}: 1 + 1 inside + 2 boundaries = 4.
    assert (m["contacts"], m["institutions"], m["coc"], m["upc"], m["handoffs"]) == (9, 5, 0.1389, 0.3333, 4)
    # All three systems count for the professional; income is kept in the portal and in the back office: 1 duplicate.
    assert (m["systems"], m["duplicate_data"]) == (3, 1)
    assert m["over_professionalising"] == 2.5  # 5 institutions / 2 needs


# -- measures, one front door and a shared intake -------------------------------------------------------------

def test_front_door_and_shared_intake_for_the_household(dom):
    score = score_path(path(dom, scenario="scen:ex-voordeur"), "household", explain=True)
    # The wijkteam replaces deliverers and involved institutions for the household, so it holds every encounter:
    # ex-id delivery; bijstand the shared intake (held once, at its first stage), assessment, decision, portal,
    # delivery; training delivery only (the shared intake was already held). N = 7, one institution.
    assert sorted(contacts(score)) == sorted([
        ("svc:ex-id", "delivery", "inst:ex-wijkteam"),
        ("svc:ex-bijstand", "intake", "inst:ex-wijkteam"), ("svc:ex-bijstand", "assessment", "inst:ex-wijkteam"),
        ("svc:ex-bijstand", "decision", "inst:ex-wijkteam"), ("svc:ex-bijstand", "registration", "inst:ex-wijkteam"),
        ("svc:ex-bijstand", "delivery", "inst:ex-wijkteam"), ("svc:ex-training", "delivery", "inst:ex-wijkteam")])
    m = score.measures
    # COC = (49 − 7) / 42 = 1; no hand-off; the shared intake is one intake: no repeated intake; the method counted is
    # the shared one only.
    assert (m["contacts"], m["institutions"], m["handoffs"], m["coc"], m["upc"], m["repeated_intakes"]) == \
        (7, 1, 0, 1.0, 1.0, 0)
    assert [e["id"] for e in score.explanation["methods"]] == ["meth:ex-een-gesprek"]
    # D3: one front door (the wijkteam) + 1 protocol + 3 precondition edges = 5.
    assert m["loketten_and_rules"] == 5


def test_front_door_coordinates_beside_the_professional_s_own(dom):
    score = score_path(path(dom, scenario="scen:ex-voordeur"), "professional", explain=True)
    # For the professional the deliverers stay and the wijkteam is added as coordinator (kg:coordinatedBy) at each
    # of the three steps; it also holds the shared intake (replaced for both perspectives).
    found = contacts(score)
    assert [c for c in found if c[1] == "coordination"] == [
        ("svc:ex-id", "coordination", "inst:ex-wijkteam"), ("svc:ex-bijstand", "coordination", "inst:ex-wijkteam"),
        ("svc:ex-training", "coordination", "inst:ex-wijkteam")]
    assert ("svc:ex-bijstand", "intake", "inst:ex-wijkteam") in found
    assert ("svc:ex-bijstand", "intake", "inst:ex-sd") not in found
    m = score.measures
    # ex-id 2 (delivery, coordination) + bijstand 6 (coordination, shared intake, assessment sd, decision UWV, portal
    # UWV, delivery sd) + training 3 (delivery, coordination, involvement ex-nieuw) = 11, six institutions.
    # Hand-offs: stages {burgerzaken, wijkteam}, {wijkteam, UWV, sd}, {werkbedrijf, wijkteam, ex-nieuw}: 1 + 2 + 2
    # inside; stage 1 can close and stage 2 open with the wijkteam (0), but stage 2 cannot both open and close with
    # it, so 1 boundary change → 6.
    assert (m["contacts"], m["institutions"], m["handoffs"]) == (11, 6, 6)


# -- transformations: what the edges say -------------------------------------------------------------------------

def _edges(G, provision, target):
    return [d for _, v, d in G.out_edges(provision, data=True) if v == target]


def test_nodes_carry_labels_in_both_languages_and_the_need_s_life_domain(dom):
    G = path(dom)
    assert (G.nodes["svc:ex-bijstand"]["label_nl"], G.nodes["svc:ex-bijstand"]["label_en"]) == \
        ("bijstand (voorbeeld)", "assistance (example)")
    assert G.nodes["need:ex-werk"]["life_domain"] == "dom:ex-werk"
    assert G.nodes["need:ex-werk"]["priority"] == 5 and G.nodes["svc:ex-bijstand"]["source"] == "kennisgraaf test example"


def test_a_replacing_front_door_marks_what_it_replaces_and_coordinates_only_for_the_professional(dom):
    G = path(dom, scenario="scen:ex-voordeur")
    (door,) = [d for d in _edges(G, "svc:ex-bijstand", "inst:ex-wijkteam") if d["relation"] == "deliveredBy"]
    (coordinator,) = [d for d in _edges(G, "svc:ex-bijstand", "inst:ex-wijkteam") if d["relation"] == "coordinatedBy"]
    # The household's door: counts for the household only; the professional's coordinator: for the professional only.
    assert (door["household"], door["professional"], door["shared"]) == (True, False, True)
    assert (coordinator["household"], coordinator["professional"]) == (False, True)
    transformation = door["via"]
    assert transformation.startswith("_:") and door["triple"] == (transformation, "kg:target", "inst:ex-wijkteam")
    (original,) = _edges(G, "svc:ex-bijstand", "inst:ex-sd")
    # The sd's delivery no longer counts for the household, still for the professional, and says what replaced it.
    assert (original["household"], original["professional"], original["replaced_by"]) == (False, True, transformation)


def test_a_merger_for_the_household_and_a_move_of_legal_basis_for_the_professional(dom):
    G = path(dom, scenario="scen:ex-fusie")
    # UWV (involved in bijstand) is replaced by the werkbedrijf for the household; the professional keeps UWV.
    (uwv,) = _edges(G, "svc:ex-bijstand", "inst:ex-uwv")
    (merged,) = _edges(G, "svc:ex-bijstand", "inst:ex-werkbedrijf")
    assert (uwv["household"], uwv["professional"]) == (False, True) and uwv["replaced_by"] == merged["via"]
    assert (merged["relation"], merged["household"], merged["professional"], merged["shared"]) == \
        ("involves", True, False, True)
    assert merged["triple"] == (merged["via"], "kg:target", "inst:ex-werkbedrijf")
    # ex-pw (bijstand's and training's legal basis) moves to ex-pw-nieuw for the professional only.
    for provision in ("svc:ex-bijstand", "svc:ex-training"):
        (old,) = _edges(G, provision, "law:ex-pw")
        (new,) = _edges(G, provision, "law:ex-pw-nieuw")
        assert (old["household"], old["professional"], new["household"], new["professional"]) == \
            (True, False, False, True)
        assert G.nodes["law:ex-pw-nieuw"]["kind"] == "framework"
    # ex-id's legal basis is another law: untouched.
    assert _edges(G, "svc:ex-id", "law:ex-pw-nieuw") == []
    household = score_path(G, "household", explain=True)
    professional = score_path(G, "professional", explain=True)
    # Household: UWV is gone and the werkbedrijf, now involved at bijstand, runs neither the protocol nor the portal,
    # so the deliverer (sd) holds both: institutions burgerzaken, sd, werkbedrijf = 3 (was 4). Professional: still 5;
    # frameworks still 2 (ex-wbrp, ex-pw-nieuw).
    assert household.measures["institutions"] == 3
    assert ("svc:ex-bijstand", "decision", "inst:ex-sd") in contacts(household)
    assert (professional.measures["institutions"], professional.measures["frameworks"]) == (5, 2)
    assert [e["id"] for e in professional.explanation["frameworks"]] == ["law:ex-pw-nieuw", "law:ex-wbrp"]


def test_a_waiver_applied_afterwards_removes_only_its_precondition(dom):
    from kennisgraaf.measures.examples import example_path
    from kennisgraaf.model import Transformation
    from kennisgraaf.path import with_transformation
    waiver = Transformation("t:w", "PreconditionWaiver", waives=frozenset({"pc:ex-jong"}))
    G = path(dom)
    H = with_transformation(G, dom, waiver, "inst:ex-wijkteam")
    assert preconditions(H) == [("svc:ex-id", "svc:ex-bijstand", "pc:ex-id"),
                                ("svc:ex-id", "svc:ex-training", "pc:ex-eigen-regel")]
    assert H.graph["waived"] == ["pc:ex-jong"] and G.graph["waived"] == []
    assert len(preconditions(G)) == 3  # the original is left as it was
    # On a path that records no waivers yet (the example path), the list starts with this one.
    E = with_transformation(example_path(), dom, Transformation("t:b", "PreconditionWaiver", waives=frozenset({"pc:b"})),
                            "inst:wt")
    assert E.graph["waived"] == ["pc:b"]


def test_named_provisions_come_in_and_an_unaddressed_need_is_reported(dom):
    G = path(dom, "case:ex-expliciet")
    # need:ex-werk → training; training needs ex-id (the town rule; the member is 27-66, so not pc:ex-jong); the
    # named svc:ex-bijstand-nationaal comes in as a provision although no need of the case chose it.
    assert provisions(G) == ["svc:ex-bijstand-nationaal", "svc:ex-id", "svc:ex-training"]
    assert G.graph["unmet_needs"] == ["need:ex-niets"]
    assert score_path(G, "household").unmet_needs == ["need:ex-niets"]


def test_precondition_edges_carry_scope_label_and_source(dom):
    G = path(dom)
    edge = G.edges["svc:ex-bijstand", "svc:ex-training", "pc:ex-jong"]
    assert (edge["scope"], edge["label"], edge["source"], edge["duration_weeks"]) == \
        ("NationalLaw", "young people: assistance first (example)", "kennisgraaf test example", 4)
    assert G.edges["svc:ex-id", "svc:ex-training", "pc:ex-eigen-regel"]["scope"] == "MunicipalRule"
    assert precondition_graph(G).edges["svc:ex-id", "svc:ex-training"]["scope"] == "MunicipalRule"


def test_a_waived_precondition_leaves_the_others_of_its_step(dom):
    from kennisgraaf.model import Transformation
    # training has pc:ex-eigen-regel and pc:ex-jong (in id order); waiving the first keeps the second.
    waiver = Transformation("t:w", "PreconditionWaiver", waives=frozenset({"pc:ex-eigen-regel"}))
    G = resolve(dom, "case:ex-jong", model_id="model:ex-stad", transformations=(waiver,))
    assert preconditions(G) == [("svc:ex-bijstand", "svc:ex-training", "pc:ex-jong"),
                                ("svc:ex-id", "svc:ex-bijstand", "pc:ex-id")]
    assert G.graph["waived"] == ["pc:ex-eigen-regel"]


def test_node_attributes_on_a_fresh_domain():
    # A domain of its own: node attributes are cached per domain, so this test must compute them itself.
    fresh = load_domain(KnowledgeGraph.load(extra_paths=[EXAMPLE]))
    G = path(fresh)
    assert (G.nodes["svc:ex-bijstand"]["label_nl"], G.nodes["svc:ex-bijstand"]["label_en"]) == \
        ("bijstand (voorbeeld)", "assistance (example)")
    # work's kg:planPriority 3 + 2: a need outside the plan's priority table (data/national/choices.ttl)
    assert (G.nodes["need:ex-werk"]["life_domain"], G.nodes["need:ex-werk"]["priority"]) == ("dom:ex-werk", 5)
    assert G.nodes["svc:ex-id"]["source"] == "kennisgraaf test example"
    assert G.nodes["svc:ex-id"]["priority"] is None  # a provision has no life domain of its own


def test_a_provision_or_precondition_without_a_source_has_an_empty_source():
    # Every bundled fact cites a source (the shapes require one); a domain built in Python may leave one out, and the
    # path then says "" rather than inventing a placeholder. A domain of its own: node attributes are cached per
    # domain.
    from dataclasses import replace
    fresh = load_domain(KnowledgeGraph.load(extra_paths=[EXAMPLE]))
    unsourced = {**fresh.entities, **{i: replace(fresh.entities[i], sources=()) for i in ("svc:ex-id", "pc:ex-id")}}
    G = path(replace(fresh, entities=unsourced))
    assert G.nodes["svc:ex-id"]["source"] == "" and G.nodes["svc:ex-bijstand"]["source"] == "kennisgraaf test example"
    [edge] = [d for _, _, d in G.edges(data=True) if d.get("precondition") == "pc:ex-id"]
    assert edge["source"] == ""


def test_waivers_applied_one_after_another_accumulate(dom):
    from kennisgraaf.model import Transformation
    from kennisgraaf.path import with_transformation
    one = with_transformation(path(dom), dom, Transformation("t:1", "PreconditionWaiver",
                                                             waives=frozenset({"pc:ex-jong"})), "inst:ex-wijkteam")
    two = with_transformation(one, dom, Transformation("t:2", "PreconditionWaiver", waives=frozenset({"pc:ex-id"})),
                              "inst:ex-wijkteam")
    assert two.graph["waived"] == ["pc:ex-jong", "pc:ex-id"]
    assert preconditions(two) == [("svc:ex-id", "svc:ex-training", "pc:ex-eigen-regel")]


def test_refusals_name_the_case_and_the_fix(dom):
    from dataclasses import replace

    from kennisgraaf.errors import DataError
    from kennisgraaf.model import Case
    odd = replace(dom, cases={**dom.cases, "case:zonder-model": Case("case:zonder-model", ("need:ex-werk",), (), None),
                              "case:leeg": Case("case:leeg", (), (), "model:ex-stad")})
    with pytest.raises(DataError) as no_model:
        resolve(odd, "case:zonder-model")
    assert str(no_model.value) == "case 'case:zonder-model' names no default municipality model\n  fix: pass --municipality"
    with pytest.raises(DataError) as empty:
        resolve(odd, "case:leeg")
    assert str(empty.value) == "case 'case:leeg' has no needs\n  fix: add at least one kg:hasNeed need:… to the case"
