"""Small hand-made paths used in the measures' examples and tests (no RDF needed)."""

from __future__ import annotations

import networkx as nx


def touch(G: nx.MultiDiGraph, provision: str, target: str, relation: str, kind: str, *,
          household: bool = True, professional: bool = True, **node) -> None:
    """Add a touch edge ``provision -> target`` as path resolution would."""
    G.add_node(target, kind=kind, label=target, **node)
    G.add_edge(provision, target, key=relation, relation=relation, household=household,
               professional=professional, via=provision, triple=(provision, f"kg:{relation}", target))


def example_path() -> nx.MultiDiGraph:
    """A divorced woman's path: housing needs debt help, debt help needs the rent (a cycle), and an income.

    Three provisions at three institutions; two intakes by the same method at different institutions; the ZRM
    and the VTLB both assess finances; two systems record income.
    """
    G = nx.MultiDiGraph(case="case:example", model="model:example", scenario="scen:fragmented", date="2020-01-01")
    G.add_node("need:woonruimte", kind="need", priority=1)
    G.add_node("need:schulden", kind="need", priority=1)
    G.add_node("need:inkomen", kind="need", priority=1)
    for p in ("svc:woning", "svc:schuldhulp", "svc:bijstand"):
        G.add_node(p, kind="provision", label=p)
    for need, p in (("need:woonruimte", "svc:woning"), ("need:schulden", "svc:schuldhulp"),
                    ("need:inkomen", "svc:bijstand")):
        G.add_edge(need, p, key="addressedBy", relation="addressedBy")
    G.add_edge("svc:schuldhulp", "svc:woning", key="pc:a", relation="precondition", precondition="pc:a",
               duration_weeks=None)
    G.add_edge("svc:woning", "svc:schuldhulp", key="pc:b", relation="precondition", precondition="pc:b",
               duration_weeks=8)
    G.add_edge("svc:bijstand", "svc:schuldhulp", key="pc:c", relation="precondition", precondition="pc:c",
               duration_weeks=8)
    touch(G, "svc:woning", "inst:corporatie", "deliveredBy", "institution")
    touch(G, "svc:schuldhulp", "inst:kredietbank", "deliveredBy", "institution")
    touch(G, "svc:bijstand", "inst:sociale-dienst", "deliveredBy", "institution")
    touch(G, "svc:schuldhulp", "meth:intake", "intakeVia", "method")
    touch(G, "svc:bijstand", "meth:intake", "intakeVia", "method")
    touch(G, "svc:schuldhulp", "instr:vtlb", "assessedWith", "instrument", domains=("dom:financien",))
    touch(G, "svc:bijstand", "instr:zrm", "assessedWith", "instrument", domains=("dom:financien", "dom:huisvesting"))
    touch(G, "svc:schuldhulp", "sys:schuld", "registeredIn", "system", household=False,
          records=("datacat:inkomen", "datacat:schulden"))
    touch(G, "svc:bijstand", "sys:gws", "registeredIn", "system", household=False, records=("datacat:inkomen",))
    touch(G, "svc:bijstand", "law:pw", "legalBasis", "framework")
    touch(G, "svc:schuldhulp", "law:wgs", "legalBasis", "framework")
    touch(G, "svc:woning", "law:hw", "legalBasis", "framework")
    touch(G, "svc:bijstand", "fund:buig", "fundedBy", "funding", payment_model="budget")
    touch(G, "svc:woning", "fund:huur", "fundedBy", "funding", payment_model="budget")
    touch(G, "svc:schuldhulp", "fund:gf", "fundedBy", "funding", payment_model="per-case")
    return G
