"""The SPARQL endpoint: :mod:`.app` (HTTP, negotiation, limits), :mod:`.workers` (query processes with a timeout),
:mod:`.formats` (result formats). Start it with ``kennisgraaf serve`` or :func:`create_server`."""

from .app import EndpointServer, create_server, run

__all__ = ["EndpointServer", "create_server", "run"]
