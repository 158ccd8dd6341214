"""The bundled graph and its domain, loaded once per process, when the tests are collected.

Loading them at import rather than in the first test that asks means a process that forks after collecting the
tests hands them to every child already loaded: mutation testing (``make mutate``) collects once in its fork server
and then runs the tests of each mutant in a fork of it, so the 0.3 s load is paid once, not once per mutant. Both
are read-only for the tests (``conftest.py``'s ``kg`` and ``domain`` fixtures hand them out).
"""

from __future__ import annotations

from kennisgraaf.model import load_domain
from kennisgraaf.store import KnowledgeGraph

KG = KnowledgeGraph.load()
DOMAIN = load_domain(KG)
