"""Reforms across many households: which change to a municipality model helps the most households, and how.

A reform (``data/reforms/*.ttl``, ``kg:Reform``) is a named, sourced change to a municipality model, stated in the
transformation vocabulary of scenarios (one front door, a merger of front doors, one intake, one registration, a
move to another law, precondition waivers). :func:`rank_reforms` scores a set of cases under one municipality model
before and after each candidate reform and ranks the reforms by

1. the drop in total household fragmentation (the sum of the household composites over the cases),
2. the deadlocks removed (sum of deadlock counts),
3. the weeks saved on the critical chains (sum of critical-chain weeks),
4. the load moved to professionals (the change in the sum of professional composites; less is better),

then by id, so the ranking is deterministic. Each reform's effect is explained by measure (the summed change of every
measure, household and professional), reforms with identical effects on every case are grouped as equivalent, and a
greedy search builds combinations: the best reform, then the reform that adds most to it, up to N reforms.

The single-case version of this question is :mod:`kennisgraaf.whatif`; both score a changed path with
:func:`kennisgraaf.report.score_path`. Here a reform is applied by resolving the path with the reform's
transformations (:func:`kennisgraaf.path.resolve`, ``transformations=``), so that a waived precondition also drops
the prerequisites only it brought in, exactly as a scenario would.
"""

from .checks import SOURCE_KIND, TARGET_KINDS, candidate_reforms, case_keys, check_reforms, get_reform, model_key
from .evaluate import Evaluator, Outcome, touches_path
from .rank import Effect, Ranking, effect_of, rank_reforms

__all__ = ["SOURCE_KIND", "TARGET_KINDS", "candidate_reforms", "case_keys", "check_reforms", "get_reform",
           "model_key", "Evaluator", "Outcome", "touches_path", "Effect", "Ranking", "effect_of", "rank_reforms"]
