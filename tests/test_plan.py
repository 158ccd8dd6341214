"""The plan (kennisgraaf/plan.py) on small graphs worked out by hand: soft dependencies (professional advice) order
steps only where they agree with the preconditions, and steps without a label are named and ordered by their id.

Edges read "u before v": a precondition edge u -> v says v needs u first; a soft edge u -> v advises u first."""

from __future__ import annotations

import networkx as nx

from kennisgraaf.plan import first_things_first, plan_order


def graph(needs: dict[str, tuple[int, str]], labels: bool = True) -> nx.MultiDiGraph:
    """needs: need id -> (priority, the provision that addresses it)."""
    G = nx.MultiDiGraph()
    for need, (priority, provision) in needs.items():
        G.add_node(need, kind="need", priority=priority)
        G.add_node(provision, kind="provision", **({"label": provision.upper()} if labels else {}))
        G.add_edge(need, provision, relation="addressedBy")
    return G


def soft(G, before, after):
    G.add_edge(before, after, key=f"soft:{before}-{after}", relation="soft", dependency="sd:x")


def test_without_advice_the_basic_life_domain_comes_first():
    G = graph({"need:inkomen": (1, "svc:a"), "need:werk": (3, "svc:b")})
    assert plan_order(G) == ["svc:a", "svc:b"]


def test_a_soft_dependency_puts_its_first_step_before_a_more_basic_one():
    # priority alone gives a, b; the advice "b before a" agrees with every precondition (there are none)
    G = graph({"need:inkomen": (1, "svc:a"), "need:werk": (3, "svc:b")})
    soft(G, "svc:b", "svc:a")
    steps = first_things_first(G)
    assert [s.provision for s in steps] == ["svc:b", "svc:a"]
    assert [s.requires for s in steps] == [(), ()]  # advice is not a precondition
    assert [s.deadlock for s in steps] == [None, None]


def test_a_soft_dependency_against_a_precondition_is_ignored_and_makes_no_deadlock():
    # b needs a first (precondition a -> b); the advice "b before a" would close a cycle, so it is left out
    G = graph({"need:inkomen": (1, "svc:a"), "need:werk": (3, "svc:b")})
    G.add_edge("svc:a", "svc:b", relation="precondition", precondition="pc:ab", duration_weeks=4)
    soft(G, "svc:b", "svc:a")
    steps = first_things_first(G)
    assert [(s.provision, s.requires, s.deadlock, s.weeks) for s in steps] == [
        ("svc:a", (), None, None), ("svc:b", ("svc:a",), None, 4)]


def test_a_soft_dependency_that_closes_a_cycle_through_other_advice_is_ignored():
    # advice is taken in the graph's edge order (by the step it starts from: a, b, c): "a before c" and "b before a"
    # are taken; "c before b" would close c -> b -> a -> c and is ignored. So b, a, c, against priority (a, b, c).
    G = graph({"need:1": (1, "svc:a"), "need:2": (2, "svc:b"), "need:3": (3, "svc:c")})
    soft(G, "svc:c", "svc:b")
    soft(G, "svc:b", "svc:a")
    soft(G, "svc:a", "svc:c")
    assert plan_order(G) == ["svc:b", "svc:a", "svc:c"]


def test_a_soft_dependency_to_a_step_not_on_the_path_changes_nothing():
    G = graph({"need:inkomen": (1, "svc:a"), "need:werk": (3, "svc:b")})
    soft(G, "svc:b", "svc:elsewhere")
    soft(G, "svc:b", "svc:a")
    assert plan_order(G) == ["svc:b", "svc:a"]


def test_a_soft_dependency_inside_a_deadlock_leaves_it_one_deadlock():
    # a and b need each other (a deadlock); advice between them cannot order them: by priority, then label
    G = graph({"need:1": (2, "svc:b"), "need:2": (2, "svc:a"), "need:3": (1, "svc:c")})
    G.add_edge("svc:a", "svc:b", relation="precondition", precondition="pc:ab")
    G.add_edge("svc:b", "svc:a", relation="precondition", precondition="pc:ba")
    soft(G, "svc:b", "svc:a")
    steps = first_things_first(G)
    assert [(s.provision, s.deadlock) for s in steps] == [("svc:c", None), ("svc:a", 1), ("svc:b", 1)]


def test_steps_without_a_label_are_named_and_ordered_by_their_id():
    # equal priorities: the order falls to the label, and without one to the id
    G = graph({"need:1": (2, "svc:z"), "need:2": (2, "svc:m"), "need:3": (2, "svc:a")}, labels=False)
    steps = first_things_first(G)
    assert [(s.provision, s.label) for s in steps] == [("svc:a", "svc:a"), ("svc:m", "svc:m"), ("svc:z", "svc:z")]
    # the same inside one deadlock of unlabelled steps
    G.add_edge("svc:z", "svc:m", relation="precondition", precondition="pc:zm")
    G.add_edge("svc:m", "svc:z", relation="precondition", precondition="pc:mz")
    steps = first_things_first(G)
    assert [(s.provision, s.label, s.deadlock) for s in steps] == [
        ("svc:a", "svc:a", None), ("svc:m", "svc:m", 1), ("svc:z", "svc:z", 1)]
