"""``GET /.well-known/dcat`` (and ``/catalog``): the DCAT-AP description of the served dataset.

The description is the bundled ``data/catalog.ttl`` (kennisgraaf/standards/dcat.py), read from the store by the
query workers like any query, with the placeholder endpoint IRI replaced by this server's own ``/sparql`` address,
so that a harvester finds the endpoint it asked. Content negotiation as for CONSTRUCT results (Turtle by default).
"""

from __future__ import annotations

from ..namespaces import GRAPH_BASE
from ..standards.dcat import ENDPOINT, GENERATED, WELL_KNOWN_PATH
from . import formats
from .workers import Job, Reply

PATHS = (WELL_KNOWN_PATH, "/catalog")
_QUERY = f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH <{GRAPH_BASE}{GENERATED}> {{ ?s ?p ?o }} }}"


async def reply(server, accept: str | None, client: str = "unknown") -> Reply:
    """The catalogue as the client asked for it; 404 when the served data has no catalogue."""
    graph_type = formats.negotiate(accept, formats.GRAPH_TYPES) or "text/turtle"
    answer = await server.pool.run(Job(_QUERY, None, graph_type), client)
    if answer.status != 200:
        return answer
    if ENDPOINT.encode() not in answer.body:
        return Reply.error(404, "this data folder has no DCAT-AP description (data/catalog.ttl); "
                                "run `kennisgraaf standards generate`")
    answer.body = answer.body.replace(ENDPOINT.encode(), server.url.encode())
    return answer
