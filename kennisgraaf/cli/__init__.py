"""The `kennisgraaf` command line: small commands over the library; errors become messages here, once."""

from __future__ import annotations

import importlib
import sys

import click

from .. import __version__
from ..errors import KennisgraafError


#: Every command: the module under kennisgraaf/cli/ that defines it, and its short help (as ``--help`` lists it).
#: Only the module of the command being run is imported, so ``--help`` and a single command start fast;
#: tests/test_startup.py checks this table against the commands the modules register.
COMMANDS: dict[str, tuple[str, str]] = {
    "batch": ("batch", 'Score many cases: every case × scenario × perspective, on all cores, partitioned by '
                       'municipality model.'),
    "cases": ("foundation", 'List the household cases.'),
    "compare": ("analysis", 'Compare a case under two scenarios, or under the rules in force on two dates, per '
                            'measure, for the household and for the professional.'),
    "count": ("foundation", 'The six Enschede counts of a municipality model.'),
    "docs": ("views", 'Human-readable documentation of the ontology: every class and property with its Dutch and '
                      'English label, definition, domain and range, and an interactive class diagram.'),
    "export": ("authoring", 'Export the graph (ttl, nt, jsonld) or the municipality models and cases in the '
                            'layout import reads (csv: one file per sheet in a folder; xlsx: one workbook), so '
                            'that export then import round-trips.'),
    "import": ("authoring", 'Import municipality models and household cases from CSV, XLSX or YAML (also Turtle, '
                            'N-Triples, JSON-LD).'),
    "municipalities": ("foundation", 'List the municipality models (with --all: every municipality, those with a '
                                     'model marked).'),
    "new": ("authoring", 'Print a commented YAML template to fill in (or write it with -o).'),
    "path": ("analysis", 'The ordered plan of a case: first things first, deadlocks shown as chains; over the horizon its '
             'deadlines, gaps and regime switches.'),
    "push": ("serving", 'Upload ontology and data to a SPARQL 1.1 store (Graph Store HTTP Protocol), so a region '
                        'can share one store.'),
    "query": ("foundation", 'Run a read-only SPARQL query (text or a .rq file) over ontology and data.'),
    "reforms": ("reforms", 'Reforms: named, sourced changes to a municipality model (data/reforms/), ranked over '
                           'many households.'),
    "scenarios": ("foundation", 'List the scenarios.'),
    "score": ("analysis", "Score how fragmented a case's path is: the six counts, contacts, continuity, "
                          'redundancy, deadlocks, the critical chain, the four "Twee werelden" dimensions and a '
                          'composite (0–100).'),
    "serve": ("serving", 'Serve the graph as a read-only SPARQL 1.1 endpoint at http://HOST:PORT/sparql.'),
    "standards": ("standards", 'CPSV-AP, DCAT-AP, UPL and TOOI: generate the derived files and check that nothing'
                               ' is missing.'),
    "validate": ("foundation", 'Validate data against the SHACL shapes, the SPARQL quality checks and the privacy'
                               ' guard.'),
    "view": ("views", 'Interactive HTML views: one self-contained file each, works offline, opens in any browser.'),
    "whatif": ("analysis", 'What would help: the fewest precondition waivers that end every deadlock, and every '
                           'single change (a waiver, one intake, one registration, one case manager) ranked by '
                           'how much it lowers the composite.'),
}

#: Every module that registers commands on `main`.
MODULES = ("analysis", "authoring", "batch", "foundation", "reforms", "serving", "standards", "views")


class KennisgraafGroup(click.Group):
    """A click group that turns kennisgraaf errors into one readable message and a fixed exit code, and imports a
    command's module only when that command is run (or its own help is asked for)."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(set(COMMANDS) | set(self.commands))

    def get_command(self, ctx: click.Context, cmd_name: str):
        if cmd_name not in self.commands:
            if cmd_name in COMMANDS:
                importlib.import_module(f"{__name__}.{COMMANDS[cmd_name][0]}")
            else:  # a command the table does not know yet (or a typo, for click's suggestion): import them all
                _register()
        return self.commands.get(cmd_name)

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        # The listing in --help reads the short help from COMMANDS instead of importing every module.
        listed = [(name, self.commands.get(name) or click.Command(name, help=COMMANDS[name][1]))
                  for name in self.list_commands(ctx)]
        listed = [(name, cmd) for name, cmd in listed if not cmd.hidden]
        if listed:
            limit = formatter.width - 6 - max(len(name) for name, _ in listed)
            with formatter.section("Commands"):
                formatter.write_dl([(name, cmd.get_short_help_str(limit)) for name, cmd in listed])

    def invoke(self, ctx: click.Context):
        from ..atomic import reset_inputs
        reset_inputs()  # outputs are checked against what this command reads, not an earlier one
        try:
            return super().invoke(ctx)
        except KennisgraafError as exc:
            click.echo(f"error: {exc}", err=True)
            ctx.exit(exc.exit_code)


@click.group(cls=KennisgraafGroup, context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(__version__, prog_name="kennisgraaf")
def main() -> None:
    """kennisgraaf: how fragmented is the help a household gets, and what would make it simpler?

    \b
    Exit codes: 0 ok, 1 a check failed (validation, threshold), 2 usage error,
                3 bad input or refused for safety.
    Data goes to stdout; progress and diagnostics go to stderr.
    """


def _register() -> None:
    """Import every command module (each registers its commands on `main` when imported)."""
    for module in MODULES:
        importlib.import_module(f"{__name__}.{module}")


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
