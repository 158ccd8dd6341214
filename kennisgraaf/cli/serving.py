"""Commands that share the graph with other tools: serve (a SPARQL endpoint) and push (to a SPARQL store)."""

from __future__ import annotations

import ipaddress
from pathlib import Path

import click

from . import main
from .options import data_option, load_graph

include_cases_option = click.option(
    "--include-cases", is_flag=True, default=False,
    help="Also share the household cases (left out by default: they describe households).")


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on; anything but a loopback address exposes the endpoint to the network.")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(0, 65535), help="Port to listen on.")
@data_option
@include_cases_option
@click.option("--timeout", "timeout_s", default=10.0, show_default=True, type=click.FloatRange(0.1, 3600),
              help="Seconds after which a query is stopped and the client gets an error (HTTP 503).")
@click.option("--max-rows", default=10_000, show_default=True, type=click.IntRange(1),
              help="Most rows (or triples) in a result; more are cut off, with header X-Kennisgraaf-Truncated.")
@click.option("--max-request", "max_body", default=64 * 1024, show_default=True, type=click.IntRange(1024),
              help="Largest request (query text or form) in bytes.")
@click.option("--cors", "cors_origins", multiple=True, metavar="ORIGIN",
              help="Allow browser pages from ORIGIN (e.g. https://example.org) to query; repeatable. Off by default.")
@click.option("--workers", type=click.IntRange(1, 64), default=None,
              help="Query worker processes, each holding the data (default: number of CPUs, at least 2).")
def serve(host: str, port: int, data_dir: Path | None, include_cases: bool, timeout_s: float, max_rows: int,
          max_body: int, cors_origins: tuple[str, ...], workers: int | None) -> None:
    """Serve the graph as a read-only SPARQL 1.1 endpoint at http://HOST:PORT/sparql.

    Other tools query it with the SPARQL 1.1 Protocol (GET, or POST as a form or as application/sparql-query);
    a browser gets a query page with example queries. Updates, LOAD and SERVICE are refused, queries are stopped
    after --timeout seconds, and household cases are left out unless --include-cases is given.

    \b
    Example:
      kennisgraaf serve --port 8000
      curl -H 'Accept: text/csv' --data-urlencode 'query=SELECT * WHERE { ?law kg:bwbId ?id }' \\
           http://127.0.0.1:8000/sparql
    """
    from ..server import app

    if not _is_loopback(host):
        click.echo(f"warning: listening on {host}: the endpoint is reachable from other machines", err=True)
    click.echo("loading the data into the query workers …", err=True)
    extra = click.get_current_context().meta.get("kennisgraaf.with", [])
    if include_cases:  # cases about to be shared pass the privacy guard first, in this process
        load_graph(data_dir, include_cases=True)
    server = app.create_server(data_dir, host=host, port=port, include_cases=include_cases, timeout_s=timeout_s,
                               max_rows=max_rows, max_body=max_body, cors_origins=cors_origins, workers=workers,
                               extra_paths=extra)
    cases = "with" if include_cases else "without"
    click.echo(f"SPARQL endpoint at {server.url} ({cases} household cases, {server.pool.size} workers); "
               "Ctrl-C stops it", err=True)
    app.run(server)


@main.command()
@click.option("--endpoint", required=True, metavar="URL",
              help="The store's Graph Store endpoint, e.g. http://localhost:7878/store (Oxigraph) or "
                   "http://localhost:3030/ds/data (Fuseki).")
@click.option("--graph", default=None, metavar="IRI",
              help="Put everything into this one graph instead of one graph per source file.")
@data_option
@include_cases_option
@click.option("--timeout", "timeout_s", default=60.0, show_default=True, type=click.FloatRange(1),
              help="Seconds to wait for the store on each upload.")
@click.option("--update", "update", default=None, metavar="URL",
              help="The store's SPARQL Update endpoint, to swap the staged graphs in one transaction (default: "
                   "guessed, Oxigraph /update, Fuseki /<dataset>/update; else graphs are replaced one by one).")
def push(endpoint: str, graph: str | None, data_dir: Path | None, include_cases: bool, timeout_s: float,
         update: str | None) -> None:
    """Upload ontology and data to a SPARQL 1.1 store (Graph Store HTTP Protocol), so a region can share one store.

    Each source file is PUT as its own named graph (https://w3id.org/kennisgraaf/graph/…), replacing that graph
    in the store; with --graph, all triples go into one graph. The graphs are staged under temporary names first
    and swapped in at the end, so a push that fails leaves the store as it was. Household cases are left out
    unless --include-cases is given. Exit code 3 when the store cannot be reached or refuses.

    \b
    Example:
      kennisgraaf push --endpoint http://localhost:7878/store
    """
    from ..push import push as push_graphs, redact

    kg = load_graph(data_dir, include_cases=include_cases)
    pushed = push_graphs(kg, endpoint, graph=graph, timeout_s=timeout_s, update=update)
    for item in pushed:
        click.echo(f"{item.graph}\t{item.triples} triples\tHTTP {item.status}")
    click.echo(f"pushed {sum(p.triples for p in pushed)} triples in {len(pushed)} graph(s) to {redact(endpoint)}", err=True)


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False
