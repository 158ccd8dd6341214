"""The `kennisgraaf` command line: small commands over the library; errors become messages here, once."""

from __future__ import annotations

import sys

import click

from .. import __version__
from ..errors import KennisgraafError


class KennisgraafGroup(click.Group):
    """A click group that turns kennisgraaf errors into one readable message and a fixed exit code."""

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
    # Each module registers its commands on `main` when imported.
    from . import analysis, authoring, batch, foundation, reforms, serving, standards, views  # noqa: F401


_register()

if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
