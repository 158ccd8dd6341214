"""Rules of the measures that the mutation run (``make mutate``, docs/testing.md) found unchecked.

Each test pins one documented rule on a small hand-made path, with the expected value worked out by hand: the
default perspective, a step nobody delivers, a merged front door beside a shared intake, a shared touchpoint met
again later, self-needing and heavily cyclic preconditions, labels missing, and the continuity indices' thresholds.
"""

from __future__ import annotations

import networkx as nx
import pytest

from kennisgraaf import measures as m
from kennisgraaf.measures.continuity import MIN_CONTACTS
from kennisgraaf.measures.deadlocks import MAX_CYCLES
from kennisgraaf.measures.dimensions import funding_boundaries, per_case_funded
from kennisgraaf.measures.examples import example_path, touch
from kennisgraaf.measures.redundancy import assessment_overlap, data_overlap, intake_encounters


def bare(*provisions: str, needs: dict[str, str] | None = None) -> nx.MultiDiGraph:
    """Provisions without touchpoints; ``needs`` maps need -> the provision addressing it (priority 1)."""
    G = nx.MultiDiGraph(case="case:t", model="model:t", scenario="scen:fragmented", date="2020-01-01")
    for p in provisions:
        G.add_node(p, kind="provision", label=p)
    for need, p in (needs or {}).items():
        G.add_node(need, kind="need", priority=1)
        G.add_edge(need, p, key="addressedBy", relation="addressedBy")
    return G


def needs(G, dependent: str, prerequisite: str, pc: str, weeks=None) -> None:
    G.add_edge(prerequisite, dependent, key=pc, relation="precondition", precondition=pc, duration_weeks=weeks)


# -- every measure's default perspective is the household's -------------------------------------------------------

def test_default_perspective_is_the_household_except_for_duplicate_data():
    G = example_path()
    # Values of the example path (kennisgraaf/measures/examples.py) for the household, by hand: 3 institutions (one
    # deliverer per step), 7 contacts, 2 hand-offs (see test_measures.test_example_path_measures), one plan-free path.
    assert m.distinct_touchpoints(G, "institutions") == {"inst:corporatie", "inst:kredietbank", "inst:sociale-dienst"}
    assert m.touchpoint_count(G, "frameworks") == 3 and m.touchpoint_count(G, "systems") == 0
    assert m.enschede_counts(G)["instruments"] == 2
    assert (m.contacts(G), m.handoffs(G), len(m.encounters(G)), len(m.contact_sequence(G))) == (7, 2, 7, 7)
    assert m.plans(G) == {} and m.management_continuity(G) == 0
    # D1 = (2 instruments + 0 protocols) / 3 needs; D2 = 3 / 3; D3 = 3 front doors + 0 + 3 precondition edges;
    # D4 = 1 per-case funded (schuldhulp) + 3 seams (every precondition joins two different funds).
    assert round(m.over_problematising(G), 4) == 0.6667 and m.over_professionalising(G) == 1.0
    assert m.loketten_and_rules(G) == 6 and m.perverse_incentives(G) == 4
    assert per_case_funded(G) == {"svc:schuldhulp"}
    assert funding_boundaries(G) == [("svc:bijstand", "svc:schuldhulp"), ("svc:schuldhulp", "svc:woning"),
                                     ("svc:woning", "svc:schuldhulp")]
    assert m.repeated_intakes(G) == 1 and m.repeated_assessments(G) == 1 and m.duplicate_assessments(G) == 1
    assert intake_encounters(G) == {("inst:kredietbank", "meth:intake"), ("inst:sociale-dienst", "meth:intake")}
    assert assessment_overlap(G) == {"dom:financien": ["instr:vtlb", "instr:zrm"], "dom:huisvesting": ["instr:zrm"]}
    assert m.assessments_by_domain(G)["dom:huisvesting"] == [
        {"institution": "inst:sociale-dienst", "instrument": "instr:zrm", "provisions": ["svc:bijstand"]}]
    # Data kept twice is the professional's view by default: income is in both back-office systems.
    assert data_overlap(G) == {"datacat:inkomen": ["sys:gws", "sys:schuld"], "datacat:schulden": ["sys:schuld"]}
    assert m.duplicate_data(G) == 1


def test_encounters_are_listed_by_stage_then_step_then_kind():
    # Stage (1, 1) holds schuldhulp (kredietbank) and woning (corporatie): step order puts svc:schuldhulp first,
    # although inst:corporatie sorts before inst:kredietbank.
    assert [(e.stage, e.provision, e.kind, e.institution) for e in m.encounters(example_path())] == [
        ((1, 0), "svc:bijstand", "assessment", "inst:sociale-dienst"),
        ((1, 0), "svc:bijstand", "delivery", "inst:sociale-dienst"),
        ((1, 0), "svc:bijstand", "intake", "inst:sociale-dienst"),
        ((1, 1), "svc:schuldhulp", "assessment", "inst:kredietbank"),
        ((1, 1), "svc:schuldhulp", "delivery", "inst:kredietbank"),
        ((1, 1), "svc:schuldhulp", "intake", "inst:kredietbank"),
        ((1, 1), "svc:woning", "delivery", "inst:corporatie")]


# -- who holds an encounter ------------------------------------------------------------------------------------

def test_a_step_nobody_delivers_has_no_contact_and_an_unknown_intake_holder():
    G = bare("svc:a", needs={"need:a": "svc:a"})
    touch(G, "svc:a", "meth:m", "intakeVia", "method")  # run by nobody, and the step has no deliverer
    # No institution can hold the intake: no contact. The intake still counts once, at an unknown institution.
    assert m.encounters(G) == [] and m.contacts(G) == 0
    assert intake_encounters(G) == {("(unknown)", "meth:m")}
    touch(G, "svc:b", "inst:x", "deliveredBy", "institution")
    G.nodes["svc:b"]["kind"] = "provision"
    touch(G, "svc:b", "meth:m", "intakeVia", "method")
    # The same method at inst:x is a second intake: 1 repeated.
    assert m.repeated_intakes(G) == 1


def test_a_merged_front_door_holds_the_shared_intake_beside_another_deliverer():
    # A merger (MergeFrontDoors) leaves a shared deliveredBy edge to the merged institution beside the step's other
    # deliverer; a shared intake run by nobody in particular is held by the shared front door only, once.
    G = bare("svc:a", needs={"need:a": "svc:a"})
    touch(G, "svc:a", "inst:merged", "deliveredBy", "institution")
    G.edges["svc:a", "inst:merged", "deliveredBy"]["shared"] = True
    touch(G, "svc:a", "inst:other", "deliveredBy", "institution")
    touch(G, "svc:a", "meth:one", "intakeVia", "method")
    G.edges["svc:a", "meth:one", "intakeVia"]["shared"] = True
    assert sorted((e.kind, e.institution) for e in m.encounters(G)) == [
        ("delivery", "inst:merged"), ("delivery", "inst:other"), ("intake", "inst:merged")]


def test_a_back_office_system_before_a_citizen_facing_one_does_not_hide_it():
    G = bare("svc:a", needs={"need:a": "svc:a"})
    touch(G, "svc:a", "inst:sd", "deliveredBy", "institution")
    touch(G, "svc:a", "sys:back", "registeredIn", "system")                      # not citizen-facing: no encounter
    G.add_edge("svc:a", "sys:portal", key="registeredIn-2", relation="registeredIn", household=True,
               professional=True, via="svc:a", triple=("svc:a", "kg:registeredIn", "sys:portal"))
    G.add_node("sys:portal", kind="system", citizen_facing=True, used_by=("inst:sd",))
    assert sorted((e.kind, e.via) for e in m.encounters(G)) == [("delivery", "svc:a"), ("registration", "sys:portal")]


def test_a_shared_intake_met_again_later_is_skipped_but_a_new_one_counts():
    # Stage 1: svc:a with shared intake m1; stage 2: svc:b (needs a) with shared m1 (already held) and m2 (new).
    G = bare("svc:a", "svc:b", needs={"need:a": "svc:a", "need:b": "svc:b"})
    needs(G, "svc:b", "svc:a", "pc:ab")
    for p in ("svc:a", "svc:b"):
        touch(G, p, "inst:wt", "deliveredBy", "institution")
        G.edges[p, "inst:wt", "deliveredBy"]["shared"] = True
    for p, method in (("svc:a", "meth:m1"), ("svc:b", "meth:m1"), ("svc:b", "meth:m2")):
        G.add_node(method, kind="method", label=method)
        G.add_edge(p, method, key=f"intakeVia-{method}", relation="intakeVia", household=True, professional=True,
                   shared=True, via="t", triple=("t", "kg:target", method))
    intakes = [(e.provision, e.via) for e in m.encounters(G) if e.kind == "intake"]
    assert intakes == [("svc:a", "meth:m1"), ("svc:b", "meth:m2")]


def test_overlaps_read_only_their_own_relations():
    # A method that (wrongly) names a life domain, an institution with data categories and a law paid per case are
    # not instruments, systems or funding: the overlaps and the per-case count ignore them.
    G = example_path()
    touch(G, "svc:woning", "meth:gesprek", "intakeVia", "method", domains=("dom:huisvesting",))
    touch(G, "svc:woning", "inst:archief", "involves", "institution", records=("datacat:inkomen",))
    touch(G, "svc:woning", "law:x", "legalBasis", "framework", payment_model="per-case")
    assert assessment_overlap(G, "household")["dom:huisvesting"] == ["instr:zrm"]
    assert data_overlap(G, "professional")["datacat:inkomen"] == ["sys:gws", "sys:schuld"]
    assert per_case_funded(G, "household") == {"svc:schuldhulp"}


def test_per_need_divides_by_the_number_of_needs_even_when_one():
    G = bare("svc:a", needs={"need:a": "svc:a"})
    touch(G, "svc:a", "inst:a", "deliveredBy", "institution")
    touch(G, "svc:a", "instr:x", "assessedWith", "instrument")
    # one need: D1 = 1 instrument / 1, D2 = 1 institution / 1
    assert (m.over_problematising(G), m.over_professionalising(G)) == (1.0, 1.0)


# -- deadlocks ---------------------------------------------------------------------------------------------------

def test_a_provision_that_needs_itself_is_a_deadlock():
    G = bare("svc:a", "svc:b", needs={"need:a": "svc:a"})
    needs(G, "svc:a", "svc:a", "pc:self")
    needs(G, "svc:a", "svc:b", "pc:ab")  # a plain prerequisite: no deadlock
    assert m.deadlocks(G) == [["svc:a"]]


def test_separate_deadlocks_are_listed_once_each():
    G = bare("svc:a", "svc:b", "svc:c", "svc:d")
    for x, y in (("svc:a", "svc:b"), ("svc:b", "svc:a"), ("svc:c", "svc:d"), ("svc:d", "svc:c")):
        needs(G, x, y, f"pc:{x[-1]}{y[-1]}")
    assert m.deadlocks(G) == [["svc:a", "svc:b"], ["svc:c", "svc:d"]]


def test_at_most_max_cycles_per_deadlock():
    # Five provisions that all need each other: a complete digraph on 5 nodes has
    # C(5,2)·1 + C(5,3)·2 + C(5,4)·6 + C(5,5)·24 = 10 + 20 + 30 + 24 = 84 simple cycles; 20 are listed.
    names = [f"svc:{c}" for c in "abcde"]
    G = bare(*names)
    for x in names:
        for y in names:
            if x != y:
                needs(G, x, y, f"pc:{x[-1]}{y[-1]}")
    assert MAX_CYCLES == 20 and len(m.deadlocks(G)) == 20


def test_explain_cycle_falls_back_to_ids_and_lists_every_precondition():
    G = nx.MultiDiGraph()
    G.add_node("svc:a", kind="provision")  # no labels
    G.add_node("svc:b", kind="provision")
    needs(G, "svc:a", "svc:b", "pc:2")
    needs(G, "svc:a", "svc:b", "pc:1")
    needs(G, "svc:b", "svc:a", "pc:3")
    assert m.explain_cycle(G, ["svc:a", "svc:b"]) == "svc:a needs svc:b (pc:1, pc:2) needs svc:a (pc:3)"


# -- continuity thresholds ---------------------------------------------------------------------------------------

def test_continuity_indices_with_a_lower_threshold():
    assert MIN_CONTACTS == 4
    # min_contacts lowered: UPC of one contact is 1/1; COC of two different institutions is
    # (1 + 1 − 2) / (2 · 1) = 0, so F = 1; COC needs at least 2 contacts whatever the threshold.
    assert m.upc(["a"], min_contacts=1) == 1.0
    assert m.coc(["a", "b"], min_contacts=2) == 0.0
    assert m.fragmentation(["a", "b"], min_contacts=2) == 1.0
    assert m.coc(["a"], min_contacts=1) is None
    assert m.upc([], min_contacts=0) is None


def test_not_available_reason_text():
    assert m.not_available_reason(2) == ("fewer than 4 contacts (N = 2): continuity indices are not reliable on "
                                         "three or fewer (Kern et al. 2017)")


@pytest.mark.parametrize("sequence, expected", [
    ([], 1.0), (["a"], 1.0), (["a", "b"], 0.0), (["a", "a", "b"], 0.5),
    # 2 of the 3 consecutive pairs stay with the same institution
    (["a", "a", "b", "b"], 2 / 3)])
def test_secon_by_hand(sequence, expected):
    assert m.secon(sequence) == expected


def test_a_shared_intake_already_held_by_one_front_door_is_still_met_at_another():
    # Stage 1: svc:a behind front door W1 with shared intake m; stage 2: svc:b behind W1 and W2 (two shared doors,
    # e.g. after a merger) with the same shared intake. W1 held it already; W2 has not: one more intake, at W2.
    G = bare("svc:a", "svc:b", needs={"need:a": "svc:a", "need:b": "svc:b"})
    needs(G, "svc:b", "svc:a", "pc:ab")
    for p, door in (("svc:a", "inst:w1"), ("svc:b", "inst:w1"), ("svc:b", "inst:w2")):
        touch(G, p, door, "deliveredBy", "institution")
        G.edges[p, door, "deliveredBy"]["shared"] = True
        G.add_node("meth:m", kind="method", label="meth:m")
    for p in ("svc:a", "svc:b"):
        G.add_edge(p, "meth:m", key="intakeVia@t", relation="intakeVia", household=True, professional=True,
                   shared=True, via="t", triple=("t", "kg:target", "meth:m"))
    assert [(e.provision, e.institution) for e in m.encounters(G) if e.kind == "intake"] == \
        [("svc:a", "inst:w1"), ("svc:b", "inst:w2")]


def test_an_empty_path_has_no_chain():
    G = bare()
    assert (m.critical_chain(G), m.critical_chain_weeks(G), m.critical_chain_nodes(G)) == (0, 0.0, [])


def test_parallel_preconditions_merge_into_one_edge_with_the_longest_duration():
    from kennisgraaf.path import precondition_graph
    G = bare("svc:a", "svc:b", "svc:c")
    needs(G, "svc:b", "svc:a", "pc:1", 2)
    needs(G, "svc:b", "svc:a", "pc:2", 8)
    needs(G, "svc:c", "svc:a", "pc:3")
    needs(G, "svc:c", "svc:a", "pc:4")
    P = precondition_graph(G)
    assert (P.edges["svc:a", "svc:b"]["preconditions"], P.edges["svc:a", "svc:b"]["duration_weeks"]) == \
        (["pc:1", "pc:2"], 8)
    assert (P.edges["svc:a", "svc:c"]["preconditions"], P.edges["svc:a", "svc:c"]["duration_weeks"]) == \
        (["pc:3", "pc:4"], None)


def test_derived_structures_are_shared_inside_a_block_and_perspectives_are_checked():
    from kennisgraaf.path import condensation, derived, edge_list, precondition_graph, touches
    G = example_path()
    with derived(G):
        assert precondition_graph(G) is precondition_graph(G)
        assert condensation(G) is condensation(G) and edge_list(G) is edge_list(G)
    with pytest.raises(ValueError, match=r"perspective must be one of \('household', 'professional'\)"):
        touches(G, "citizen")


# -- time measures and bottlenecks (issue 16's later mutation run) ---------------------------------------------------

def test_gaps_are_rounded_to_hundredths_of_a_week():
    from kennisgraaf.measures.time import gap_weeks, total_gap_weeks

    assert gap_weeks(10.126, 2, 4) == 8.13  # 10.126 + 2 - 4 = 8.126
    assert total_gap_weeks(nx.MultiDiGraph(gaps=[{"weeks": 1.0}, {"weeks": 0.3333}])) == 1.33


def test_each_month_starts_at_its_week_rounded_to_hundredths():
    from kennisgraaf.measures.time import monthly_providers

    # months start at weeks 0, 4.33 (52/12 = 4.3333…) and 8.67 (8.6667…); 13 weeks are 3 months
    episodes = [{"need": "n", "start_week": 0, "end_week": 4.2, "providers": ["a"]},
                {"need": "n", "start_week": 4.2, "end_week": 8.668, "providers": ["b"]},
                {"need": "n", "start_week": 8.668, "end_week": 52, "providers": ["c"]},
                {"need": "other", "start_week": 0, "end_week": 52, "providers": ["x"]}]
    assert monthly_providers(episodes, "n", 13.0) == ["a", "b", "c"]
    assert monthly_providers(episodes, "n", 26.0) == ["a", "b", "c", "c", "c", "c"]


def test_continuity_without_a_horizon_has_no_months_and_no_indices():
    from kennisgraaf.measures.time import episode_continuity

    episodes = [{"need": "n", "provision": "p", "start_week": 0, "end_week": 10, "providers": ["a"]},
                {"need": "n", "provision": "q", "start_week": 10, "end_week": 52, "providers": ["b"]}]
    assert episode_continuity(nx.MultiDiGraph(episodes=episodes)) == {"n": {"upc": None, "coc": None, "contacts": 0}}


def test_a_bottleneck_without_a_label_is_named_by_its_id():
    from kennisgraaf.measures.bottlenecks import bottlenecks

    G = bare("svc:a", "svc:b", "svc:c")
    del G.nodes["svc:a"]["label"]
    needs(G, "svc:b", "svc:a", "pc:ab")
    needs(G, "svc:c", "svc:a", "pc:ac")
    assert [(b["step"], b["label"], b["kinds"], b["waiting"]) for b in bottlenecks(G)] == [
        ("svc:a", "svc:a", ["waited_for"], ["svc:b", "svc:c"])]
