"""Measures on small graphs built here (expected values worked out by hand), and their invariants (hypothesis)."""

from __future__ import annotations

import networkx as nx
import pytest
from hypothesis import given
from hypothesis import strategies as st

from kennisgraaf import measures as m
from kennisgraaf.measures.examples import example_path, touch
from kennisgraaf.plan import first_things_first
from kennisgraaf.report import load_weights, score_path
from kennisgraaf.whatif import minimum_waivers


def chain(*provisions: str, cycle: bool = False, weeks: float | None = None) -> nx.MultiDiGraph:
    """Provisions p0 -> p1 -> … (each needs the previous one), each at its own institution."""
    G = nx.MultiDiGraph(case="case:t", model="model:t", scenario="scen:t", date="2020-01-01")
    G.add_node("need:n", kind="need", priority=1)
    for p in provisions:
        G.add_node(p, kind="provision", label=p)
        touch(G, p, f"inst:{p}", "deliveredBy", "institution")
    G.add_edge("need:n", provisions[-1], key="addressedBy", relation="addressedBy")
    pairs = list(zip(provisions, provisions[1:])) + ([(provisions[-1], provisions[0])] if cycle else [])
    for i, (a, b) in enumerate(pairs):
        G.add_edge(a, b, key=f"pc:{i}", relation="precondition", precondition=f"pc:{i}", duration_weeks=weeks)
    return G


# -- continuity: hand-worked values --------------------------------------------------------------------------

@pytest.mark.parametrize("contacts, expected", [
    (["a", "a", "a", "a"], 1.0),            # one institution
    (["a", "b", "c", "d"], 0.0),            # all different
    (["a", "a", "b", "b"], (4 + 4 - 4) / 12),  # Σn² = 8, N = 4 → 4/12
    (["a", "a", "a", "b"], (9 + 1 - 4) / 12),
])
def test_coc_by_hand(contacts, expected):
    assert m.coc(contacts) == pytest.approx(expected)
    assert m.fragmentation(contacts) == pytest.approx(1 - expected)


def test_upc_by_hand():
    assert m.upc(["a", "a", "b", "c", "a"]) == pytest.approx(3 / 5)


@pytest.mark.parametrize("n", [0, 1, 2, 3])
def test_coc_and_upc_are_not_available_below_four_contacts(n):
    contacts = ["a", "b", "a"][:n]
    assert m.coc(contacts) is None and m.upc(contacts) is None and m.fragmentation(contacts) is None
    assert "fewer than 4 contacts" in m.not_available_reason(n)


def test_coc_and_upc_from_four_contacts_on():
    assert m.coc(["a", "b", "a", "b"]) == pytest.approx((4 + 4 - 4) / 12)
    assert m.upc(["a", "b", "a", "b"]) == 0.5
    assert m.not_available_reason(4) is None


# -- path measures on hand-made paths -------------------------------------------------------------------------

def test_passport_permit_benefit_chain_is_three_steps_long():
    G = chain("svc:paspoort", "svc:vergunning", "svc:bijstand", weeks=13)
    assert m.critical_chain(G) == 3
    assert m.critical_chain_weeks(G) == 26
    assert m.deadlocks(G) == []
    assert [s.provision for s in first_things_first(G)] == ["svc:paspoort", "svc:vergunning", "svc:bijstand"]


def test_a_precondition_cycle_is_one_deadlock_explained_as_a_chain():
    G = chain("svc:woning", "svc:schuldhulp", cycle=True)
    assert m.deadlocks(G) == [["svc:schuldhulp", "svc:woning"]]
    text = m.explain_cycle(G, m.deadlocks(G)[0])
    assert text == "svc:schuldhulp needs svc:woning (pc:0) needs svc:schuldhulp (pc:1)"
    steps = first_things_first(G)
    assert {s.deadlock for s in steps} == {1}


def test_minimum_waivers_breaks_every_cycle_with_the_fewest_waivers():
    G = chain("svc:a", "svc:b", "svc:c", cycle=True)
    G.add_edge("svc:b", "svc:a", key="pc:x", relation="precondition", precondition="pc:x")
    waivers = minimum_waivers(G)
    assert waivers.exact and len(waivers.preconditions) == 1
    H = G.copy()
    H.remove_edges_from([(u, v, k) for u, v, k, pc in H.edges(keys=True, data="precondition") if pc in waivers.preconditions])
    assert m.deadlocks(H) == []


def test_example_path_measures(tmp_path):
    G = example_path()
    assert m.enschede_counts(G)["institutions"] == 3
    # contacts by hand: bijstand intake, assessment, delivery at the sociale dienst (3); schuldhulp the same three at
    # the kredietbank (3); woning delivery at the corporatie (1) → 7; stages (1,0) {sociale dienst}, (1,1)
    # {kredietbank, corporatie}: 1 hand-off inside the second stage + 1 at the boundary = 2
    assert m.handoffs(G) == 2 and m.contacts(G) == 7
    assert m.repeated_intakes(G) == 1          # the same method at two institutions
    assert m.repeated_assessments(G) == 1      # finances assessed by VTLB and ZRM
    assert m.duplicate_data(G, "professional") == 1  # income in two systems


def test_household_only_sees_citizen_facing_systems():
    G = example_path()
    assert m.touchpoint_count(G, "systems", "household") == 0
    assert m.touchpoint_count(G, "systems", "professional") == 2


def test_composite_of_the_example_path_by_hand():
    # packaged weights; f(x) = x/(x + half) or x:
    # frameworks 3/7 ×1, methods 1/4 ×1, instruments 2/5 ×1, institutions 3/6 ×1.5, handoffs 2/5 ×1,
    # fragmentation 0.7143 ×1.5 (N = 7, COC = 12/42), repeated intakes 1/3 ×1, repeated assessments 1/3 ×0.5,
    # deadlock 1/2 ×2, critical chain 3/6 ×1; protocols, systems, duplicate data 0. The deadlock blocks the chain, so
    # critical_chain_weeks is null (issue 14) and its weight 0.5 leaves the total: 14 − 0.5 = 13.5.
    by_hand = (3 / 7 + 1 / 4 + 2 / 5 + 1.5 * 3 / 6 + 2 / 5 + 1.5 * 0.7143 + 1 / 3 + 0.5 / 3 + 2 * 0.5 + 3 / 6) / 13.5
    score = score_path(example_path().copy(), "household")
    assert score.composite == round(100 * by_hand, 2) == 39.26
    assert score.components["institutions"]["points"] == round(100 * 1.5 * 0.5 / 13.5, 2)
    assert sum(c["points"] for c in score.components.values()) == pytest.approx(score.composite, abs=0.1)


def test_weights_can_be_overridden(tmp_path):
    only_deadlocks = tmp_path / "w.toml"
    only_deadlocks.write_text('[measures.deadlock_count]\nweight = 1\nhalf = 1\nscale = "saturating"\n')
    G = example_path()
    G.graph.update(model="model:t", scenario="scen:t", date="2020-01-01")
    assert score_path(G, "household", load_weights(only_deadlocks)).composite == 50.0


def test_bad_weights_file_is_a_clear_error(tmp_path):
    from kennisgraaf.errors import DataError
    bad = tmp_path / "w.toml"
    bad.write_text("[measures.nonsense]\nweight = 1\n")
    with pytest.raises(DataError, match="unknown measure 'nonsense'"):
        load_weights(bad)
    bad.write_text("[measures\n")
    with pytest.raises(DataError, match="malformed TOML"):
        load_weights(bad)


# -- invariants ------------------------------------------------------------------------------------------------

institution_sequences = st.lists(st.sampled_from(["a", "b", "c", "d", "e"]), min_size=0, max_size=30)


@given(institution_sequences)
def test_coc_and_upc_lie_between_0_and_1(contacts):
    if len(contacts) < 4:
        assert m.coc(contacts) is None and m.upc(contacts) is None
    else:
        assert 0.0 <= m.coc(contacts) <= 1.0
        assert 0.0 < m.upc(contacts) <= 1.0


@given(institution_sequences)
def test_coc_is_1_exactly_when_one_institution(contacts):
    if len(contacts) >= 4:
        assert (m.coc(contacts) == 1.0) == (len(set(contacts)) == 1)


@st.composite
def random_paths(draw):
    n = draw(st.integers(1, 7))
    provisions = [f"svc:p{i}" for i in range(n)]
    G = nx.MultiDiGraph(case="case:r", model="model:r", scenario="scen:r", date="2020-01-01")
    G.add_node("need:n", kind="need", priority=draw(st.integers(1, 4)))
    for p in provisions:
        G.add_node(p, kind="provision", label=p)
        G.add_edge("need:n", p, key="addressedBy", relation="addressedBy")
        touch(G, p, f"inst:{draw(st.integers(0, 3))}", "deliveredBy", "institution")
        touch(G, p, f"meth:{draw(st.integers(0, 2))}", "intakeVia", "method")
    edges = draw(st.lists(st.tuples(st.sampled_from(provisions), st.sampled_from(provisions)), max_size=10))
    for i, (a, b) in enumerate(edges):
        if a != b:
            G.add_edge(a, b, key=f"pc:{i}", relation="precondition", precondition=f"pc:{i}",
                       duration_weeks=draw(st.sampled_from([None, 4, 8])))
    return G


@given(random_paths())
def test_no_deadlock_without_a_cycle(G):
    from kennisgraaf.path import precondition_graph
    assert (m.deadlocks(G) == []) == nx.is_directed_acyclic_graph(precondition_graph(G))


@given(random_paths())
def test_the_plan_respects_every_precondition_outside_deadlocks(G):
    steps = first_things_first(G)
    position = {s.provision: s.number for s in steps}
    assert sorted(position) == sorted(n for n, k in G.nodes(data="kind") if k == "provision")
    for u, v, data in G.edges(data=True):
        if data.get("relation") == "precondition" and not (position and {u, v} <= {s.provision for s in steps if s.deadlock}):
            assert position[u] < position[v], (u, v)


@given(random_paths())
def test_scores_unchanged_when_entities_are_renamed(G):
    # Renaming changes ids (IRIs), not labels: ids are reversed so that their sort order flips too.
    for node, data in G.nodes(data=True):
        data["label"] = node
    mapping = {n: f"{n.split(':')[0]}:renamed-{999 - i}" for i, n in enumerate(sorted(G.nodes))}
    H = nx.relabel_nodes(G, mapping)
    a, b = score_path(G, "household"), score_path(H, "household")
    assert a.composite == b.composite
    assert {k: v for k, v in a.measures.items() if k != "deadlocks"} == \
           {k: v for k, v in b.measures.items() if k != "deadlocks"}


@given(random_paths(), st.integers(0, 6))
def test_adding_a_redundant_intake_never_lowers_fragmentation(G, which):
    provisions = sorted(n for n, k in G.nodes(data="kind") if k == "provision")
    before = score_path(G, "household")
    H = G.copy()
    touch(H, provisions[which % len(provisions)], "meth:nog-een-intake", "intakeVia", "method")
    after = score_path(H, "household")
    assert after.measures["repeated_intakes"] >= before.measures["repeated_intakes"]
    assert after.composite >= before.composite
