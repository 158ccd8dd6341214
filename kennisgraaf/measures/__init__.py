"""Fragmentation measures: small pure functions on a case path (a networkx MultiDiGraph from ``kennisgraaf.path``).

Each measure's docstring gives its formula, what it counts, an example and its source.
"""

from .chains import critical_chain, critical_chain_nodes, critical_chain_weeks
from .contacts import Encounter, contact_sequence, contacts, encounters, handoffs, stages
from .continuity import MIN_CONTACTS, coc, fragmentation, not_available_reason, secon, upc
from .counts import COUNT_RELATIONS, distinct_touchpoints, enschede_counts, touchpoint_count
from .deadlocks import deadlocks, explain_cycle
from .dimensions import loketten_and_rules, over_problematising, over_professionalising, perverse_incentives
from .management import management_continuity, plans
from .redundancy import assessments_by_domain, duplicate_assessments, duplicate_data, repeated_assessments, repeated_intakes

__all__ = [
    "critical_chain", "critical_chain_nodes", "critical_chain_weeks", "contact_sequence", "contacts", "handoffs",
    "coc", "fragmentation", "secon", "upc", "COUNT_RELATIONS", "distinct_touchpoints", "enschede_counts",
    "touchpoint_count", "deadlocks", "explain_cycle", "loketten_and_rules", "over_problematising",
    "over_professionalising", "perverse_incentives", "duplicate_data", "repeated_assessments", "repeated_intakes",
    "Encounter", "encounters", "stages", "MIN_CONTACTS", "not_available_reason", "management_continuity", "plans",
    "assessments_by_domain", "duplicate_assessments",
]
