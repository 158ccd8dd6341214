"""A real endpoint on localhost for the tests that talk HTTP to it: started on a free port, stopped afterwards."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager

from kennisgraaf.server import create_server


@contextmanager
def running_endpoint(**settings) -> Iterator:
    """``create_server(port=0, **settings)`` serving in a background thread for the duration of the block."""
    srv = create_server(port=0, **settings)
    threading.Thread(target=srv.serve_forever, daemon=True).start()
    try:
        yield srv
    finally:
        srv.shutdown()
        srv.server_close()
