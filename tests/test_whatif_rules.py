"""What-if and the plan on hand-made precondition graphs and on the Turtle example graph; expected values by hand."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import networkx as nx
import pytest

from kennisgraaf.model import load_domain
from kennisgraaf.path import precondition_graph, resolve
from kennisgraaf.plan import UNRANKED, first_things_first, plan_order, provision_priorities
from kennisgraaf.store import KnowledgeGraph
from kennisgraaf.whatif import EXACT_LIMIT, candidate_changes, minimum_waivers, rank_changes

EXAMPLE = Path(__file__).parent / "data" / "examples" / "every-edge.ttl"


@pytest.fixture(scope="module")
def dom():
    return load_domain(KnowledgeGraph.load(extra_paths=[EXAMPLE]))


def graph(*edges: tuple[str, str, str]) -> nx.MultiDiGraph:
    """Provisions and preconditions ``(dependent, prerequisite, pc)``: "dependent needs prerequisite"."""
    G = nx.MultiDiGraph()
    for dependent, prerequisite, pc in edges:
        for p in (dependent, prerequisite):
            G.add_node(p, kind="provision", label=p)
        G.add_edge(prerequisite, dependent, key=pc, relation="precondition", precondition=pc, duration_weeks=None)
    return G


# -- minimum waivers ---------------------------------------------------------------------------------------------

def test_no_deadlock_needs_no_waiver():
    assert minimum_waivers(graph(("svc:b", "svc:a", "pc:1"))).preconditions == ()
    assert minimum_waivers(graph(("svc:b", "svc:a", "pc:1"))).exact


def test_a_self_needing_provision_is_waived():
    assert minimum_waivers(graph(("svc:a", "svc:a", "pc:self"), ("svc:b", "svc:a", "pc:1"))).preconditions == \
        ("pc:self",)


def test_the_cheaper_side_of_a_loop_is_waived():
    # a needs b twice over (pc:1, pc:2: both must go to remove that edge), b needs a once (pc:3): waive pc:3.
    G = graph(("svc:a", "svc:b", "pc:1"), ("svc:a", "svc:b", "pc:2"), ("svc:b", "svc:a", "pc:3"))
    assert minimum_waivers(G).preconditions == ("pc:3",)
    # Equal cost: the edge that sorts first, (prerequisite, dependent) = ("svc:a", "svc:b"), i.e. b needs a (pc:y).
    assert minimum_waivers(graph(("svc:a", "svc:b", "pc:x"), ("svc:b", "svc:a", "pc:y"))).preconditions == ("pc:y",)


def test_two_separate_loops_need_two_waivers():
    G = graph(("svc:a", "svc:b", "pc:ab"), ("svc:b", "svc:a", "pc:ba"), ("svc:c", "svc:d", "pc:cd"),
              ("svc:d", "svc:c", "pc:dc"))
    # One per loop; in each, the first-sorting edge: (a, b) is "b needs a" = pc:ba, (c, d) is pc:dc.
    assert minimum_waivers(G) == minimum_waivers(G).__class__(("pc:ba", "pc:dc"), True)


def test_a_three_step_loop_needs_one_waiver_not_three():
    G = graph(("svc:a", "svc:b", "pc:ab"), ("svc:b", "svc:c", "pc:bc"), ("svc:c", "svc:a", "pc:ca"))
    # edges (prerequisite, dependent): (b, a) pc:ab, (c, b) pc:bc, (a, c) pc:ca → the first sorted is (a, c): pc:ca
    assert minimum_waivers(G).preconditions == ("pc:ca",)


def test_above_the_exact_limit_the_heuristic_says_so_and_still_breaks_every_loop():
    # Five provisions that all need each other: 20 cyclic edges > EXACT_LIMIT (16). Every pair {x, y} is a 2-cycle,
    # so any waiver set must take one edge of each of the C(5, 2) = 10 pairs: at least 10 waivers.
    names = [f"svc:{c}" for c in "abcde"]
    G = graph(*[(x, y, f"pc:{x[-1]}{y[-1]}") for x in names for y in names if x != y])
    assert EXACT_LIMIT == 16
    waivers = minimum_waivers(G)
    assert waivers.exact is False and len(waivers.preconditions) >= 10
    H = precondition_graph(G).copy()
    H.remove_edges_from([(u, v) for u, v, d in precondition_graph(G).edges(data=True)
                         if set(d["preconditions"]) <= set(waivers.preconditions)])
    assert nx.is_directed_acyclic_graph(H)


def test_the_example_graph_s_loops(dom):
    # 2009: bijstand needs training (pc:ex-vervallen), training needs bijstand (pc:ex-jong); edges (bijstand,
    # training) = pc:ex-jong and (training, bijstand) = pc:ex-vervallen cost 1 each: the first sorted, pc:ex-jong.
    old = resolve(dom, "case:ex-jong", model_id="model:ex-stad", on=date(2009, 6, 1))
    assert minimum_waivers(old).preconditions == ("pc:ex-jong",)
    # ex-dorp's three-step loop: (ex-bijstand, ex-training) pc:ex-jong sorts first.
    dorp = resolve(dom, "case:ex-jong", model_id="model:ex-dorp")
    assert minimum_waivers(dorp).preconditions == ("pc:ex-jong",)


# -- single changes ranked ---------------------------------------------------------------------------------------

def test_changes_on_the_example_path_by_hand(dom):
    G = resolve(dom, "case:ex-jong", model_id="model:ex-stad")
    # Candidates: a waiver for each of the 3 preconditions, and the 4 integrations whose target the bundled data
    # declares (meth:een-gezin-een-plan, sys:gedeeld-huishoudplan, instr:zrm-2017; the wijkteam is kg:ModelWijkteam).
    kinds = [(t.kind, t.target, sorted(t.waives)) for t in candidate_changes(G, dom)]
    assert kinds == [
        ("PreconditionWaiver", None, ["pc:ex-eigen-regel"]), ("PreconditionWaiver", None, ["pc:ex-id"]),
        ("PreconditionWaiver", None, ["pc:ex-jong"]), ("OneFrontDoor", "kg:ModelWijkteam", []),
        ("SharedIntake", "meth:een-gezin-een-plan", []), ("SharedRegistration", "sys:gedeeld-huishoudplan", []),
        ("SharedAssessment", "instr:zrm-2017", [])]
    changes = {(c.kind, c.target): c for c in rank_changes(G, dom)}
    # Before: 34.43 (tests/test_examples.py). Waiving pc:ex-jong: the chain becomes ex-id → bijstand or ex-id →
    # training, 2 steps (2/5 = 0.4 instead of 0.5) and 2 weeks (2/10 × 0.5 = 0.1 instead of 0.214286); the stages keep
    # their order, so contacts and hand-offs stay: Σ w·f 4.820195 − 0.1 − 0.114286 = 4.605909 → 32.90.
    jong = changes[("PreconditionWaiver", "pc:ex-jong")]
    assert (jong.composite_before, jong.composite_after, jong.delta) == (34.43, 32.9, -1.53)
    assert jong.description == "waive: young people: assistance first (example)"
    # Waiving pc:ex-id: bijstand → training (4 weeks) and ex-id → training: 2 steps, 4 weeks (4/12 × 0.5 = 0.166667):
    # 4.820195 − 0.1 − 0.047619 = 4.672576 → 33.38. (ex-id now serves only training, priority 3, but it is met alone
    # in its own stage, so the hand-offs stay 3.)
    assert changes[("PreconditionWaiver", "pc:ex-id")].composite_after == 33.38
    # Waiving the town rule changes only the number of rules, which carries no weight.
    assert changes[("PreconditionWaiver", "pc:ex-eigen-regel")].delta == 0.0
    # One front door: the model's wijkteam, named as the target.
    assert ("OneFrontDoor", "inst:ex-wijkteam") in changes
    ranked = rank_changes(G, dom)
    assert [c.delta for c in ranked] == sorted(c.delta for c in ranked)  # best (largest drop) first
    assert ranked[0].as_dict()["delta"] == ranked[0].delta


# -- the plan ------------------------------------------------------------------------------------------------------

def test_priorities_come_from_what_a_prerequisite_serves():
    G = graph(("svc:bijstand", "svc:id", "pc:1"), ("svc:training", "svc:id", "pc:2"))
    G.add_node("need:inkomen", kind="need", priority=1)
    G.add_node("need:werk", kind="need", priority=3)
    G.add_edge("need:inkomen", "svc:bijstand", relation="addressedBy")
    G.add_edge("need:werk", "svc:training", relation="addressedBy")
    G.add_node("svc:los", kind="provision", label="svc:los")  # serves no need and nothing needs it
    # svc:id serves bijstand (1) and training (3): 1; svc:los: UNRANKED (9).
    assert provision_priorities(G) == {"svc:bijstand": 1, "svc:id": 1, "svc:training": 3, "svc:los": UNRANKED}
    assert UNRANKED == 9
    assert plan_order(G) == ["svc:id", "svc:bijstand", "svc:training", "svc:los"]


def test_deadlocks_are_numbered_in_order_of_their_members():
    # Two loops: {svc:c, svc:d} and {svc:a, svc:b}; numbered by their sorted members: {a, b} is 1, {c, d} is 2.
    G = graph(("svc:c", "svc:d", "pc:cd"), ("svc:d", "svc:c", "pc:dc"), ("svc:a", "svc:b", "pc:ab"),
              ("svc:b", "svc:a", "pc:ba"), ("svc:e", "svc:a", "pc:ea"))
    steps = {s.provision: s for s in first_things_first(G)}
    assert {p: s.deadlock for p, s in steps.items()} == {"svc:a": 1, "svc:b": 1, "svc:c": 2, "svc:d": 2, "svc:e": None}
    assert [s.number for s in first_things_first(G)] == [1, 2, 3, 4, 5]
    assert steps["svc:e"].requires == ("svc:a",)
    assert steps["svc:a"].as_dict() == {"step": steps["svc:a"].number, "provision": "svc:a", "label": "svc:a",
                                        "priority": UNRANKED, "requires": ["svc:b"], "institutions": [],
                                        "deadlock": 1, "weeks": None, "needs": []}


def test_a_step_waits_for_its_longest_precondition():
    G = graph(("svc:c", "svc:a", "pc:ca"), ("svc:c", "svc:b", "pc:cb"))
    G.edges["svc:a", "svc:c", "pc:ca"]["duration_weeks"] = 2
    G.edges["svc:b", "svc:c", "pc:cb"]["duration_weeks"] = 8
    steps = {s.provision: s for s in first_things_first(G)}
    assert (steps["svc:c"].weeks, steps["svc:a"].weeks) == (8, None)
    assert steps["svc:c"].requires == ("svc:a", "svc:b")


def test_deadlocks_are_numbered_by_members_not_by_discovery_order():
    # c needs a joins the loops {a, b} and {c, d} (one way): networkx finds {c, d} first, yet {a, b} is deadlock 1.
    G = graph(("svc:a", "svc:b", "pc:ab"), ("svc:b", "svc:a", "pc:ba"), ("svc:c", "svc:d", "pc:cd"),
              ("svc:d", "svc:c", "pc:dc"), ("svc:c", "svc:a", "pc:ca"))
    assert [(s.provision, s.deadlock) for s in first_things_first(G)] == [
        ("svc:a", 1), ("svc:b", 1), ("svc:c", 2), ("svc:d", 2)]


def test_the_plan_orders_by_priority_then_label_not_by_id():
    G = graph(("svc:y", "svc:x", "pc:xy"))
    G.add_node("svc:t", kind="provision", label="svc:t")
    G.add_node("need:werk", kind="need", priority=3)
    G.add_node("need:inkomen", kind="need", priority=1)
    G.add_edge("need:werk", "svc:t", relation="addressedBy")
    G.add_edge("need:inkomen", "svc:y", relation="addressedBy")
    # x (priority 1, from y) → y (1) → t (3), although networkx numbers t first.
    steps = first_things_first(G)
    assert [(s.provision, s.needs) for s in steps] == [("svc:x", ()), ("svc:y", ("need:inkomen",)),
                                                       ("svc:t", ("need:werk",))]
    # Same priority: by label, and the step shows the label.
    H = graph(("svc:a", "svc:b", "pc:ab"), ("svc:b", "svc:a", "pc:ba"))
    H.add_node("svc:c", kind="provision", label="Alpha")
    H.nodes["svc:a"]["label"], H.nodes["svc:b"]["label"] = "Zeta", "Beta"
    # components: {a, b} (min label "Beta") and {c} ("Alpha"): c first; inside {a, b}: Beta (b) before Zeta (a).
    assert [(s.provision, s.label) for s in first_things_first(H)] == [
        ("svc:c", "Alpha"), ("svc:b", "Beta"), ("svc:a", "Zeta")]


def test_the_exact_search_is_kept_when_most_edges_lie_outside_the_loops():
    # One loop a <-> b plus a chain of 20 plain prerequisites: only the 2 loop edges are candidates, so the search
    # stays exact (the limit counts edges inside deadlocks).
    edges = [("svc:a", "svc:b", "pc:ab"), ("svc:b", "svc:a", "pc:ba")]
    edges += [(f"svc:n{i + 1}", f"svc:n{i}", f"pc:n{i}") for i in range(20)]
    assert minimum_waivers(graph(*edges)) == minimum_waivers(graph(*edges[:2]))
    assert minimum_waivers(graph(*edges)).exact is True


def test_changes_with_custom_weights_and_their_description(dom):
    old = resolve(dom, "case:ex-jong", model_id="model:ex-stad", on=date(2009, 6, 1))
    # Only the deadlock counts: f(1) = 1/(1 + 1) → 50.0 before; waiving either side of the loop gives 0.0.
    weights = {"deadlock_count": {"weight": 1.0, "half": 1, "scale": "saturating"}}
    changes = {(c.kind, c.target): c for c in rank_changes(old, dom, "household", weights)}
    for pc in ("pc:ex-jong", "pc:ex-vervallen"):
        assert (changes[("PreconditionWaiver", pc)].composite_before,
                changes[("PreconditionWaiver", pc)].composite_after) == (50.0, 0.0)
    assert changes[("PreconditionWaiver", "pc:ex-id")].delta == 0.0
    door = changes[("OneFrontDoor", "inst:ex-wijkteam")]
    assert door.as_dict() == {"kind": "OneFrontDoor", "target": "inst:ex-wijkteam",
                              "description": "one case manager: the wijkteam is the household's only front door",
                              "composite_before": 50.0, "composite_after": 50.0, "delta": 0.0,
                              # issue 14: the loop blocks the chain before and after a front door
                              "unblocks_chain": False, "critical_chain_weeks_before": None,
                              "critical_chain_weeks_after": None}
    assert ("SharedIntake", "meth:een-gezin-een-plan") in changes
    assert changes[("SharedAssessment", "instr:zrm-2017")].description == "one shared assessment (ZRM)"
    replaces = {t.kind: t.replaces_for for t in candidate_changes(old, dom) if t.kind != "PreconditionWaiver"}
    assert replaces == {"OneFrontDoor": {"household"}, "SharedIntake": {"household", "professional"},
                        "SharedRegistration": {"household"}, "SharedAssessment": {"household"}}


def test_a_change_reports_the_critical_chain_before_and_after_it(dom):
    # Weeks by hand from every-edge.ttl: ex-id -> bijstand 2 weeks, bijstand -> training 4 (pc:ex-jong), the other
    # rules without a duration. In 2009 the loop bijstand <-> training (pc:ex-jong, pc:ex-vervallen) blocks the chain:
    # no length before; waiving ex-jong leaves id -> bijstand (2), waiving ex-vervallen id -> bijstand -> training (6).
    weights = {"deadlock_count": {"weight": 1.0, "half": 1, "scale": "saturating"}}
    old = resolve(dom, "case:ex-jong", model_id="model:ex-stad", on=date(2009, 6, 1))
    changes = {(c.kind, c.target): c for c in rank_changes(old, dom, "household", weights)}
    assert [(c.unblocks_chain, c.weeks_before, c.weeks_after) for c in (
        changes[("PreconditionWaiver", "pc:ex-jong")], changes[("PreconditionWaiver", "pc:ex-vervallen")],
        changes[("PreconditionWaiver", "pc:ex-id")])] == [(True, None, 2.0), (True, None, 6.0), (False, None, None)]
    # In 2011 pc:ex-vervallen is repealed: the chain is 6 weeks; waiving ex-id leaves bijstand -> training (4).
    new = resolve(dom, "case:ex-jong", model_id="model:ex-stad", on=date(2011, 6, 1))
    changes = {(c.kind, c.target): c for c in rank_changes(new, dom, "household", weights)}
    waive_id = changes[("PreconditionWaiver", "pc:ex-id")]
    assert (waive_id.unblocks_chain, waive_id.weeks_before, waive_id.weeks_after) == (False, 6.0, 4.0)
    assert waive_id.as_dict()["critical_chain_weeks_before"] == 6.0
    assert waive_id.as_dict()["critical_chain_weeks_after"] == 4.0
