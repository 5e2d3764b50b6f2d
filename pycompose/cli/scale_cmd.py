"""``scale web=3 worker=2``: ``up -d`` of those services with their replica counts overridden.

The planner does the work (``UpOptions.scale``): scale up takes the next container numbers, scale down
removes the highest ones; dependencies are started too unless ``--no-deps``.
"""

from __future__ import annotations

import click

from pycompose.cli.main import CONTEXT_SETTINGS, GlobalOptions
from pycompose.errors import UsageError


def parse_scale(pairs: tuple[str, ...]) -> dict[str, int]:
    """``SERVICE=REPLICAS`` pairs, with Docker Compose's messages."""
    scale: dict[str, int] = {}
    for pair in pairs:
        service, sep, value = pair.partition("=")
        if not sep:
            raise UsageError(f"invalid scale specifier: {pair}")
        try:
            replicas = int(value)
        except ValueError:
            raise UsageError(f"invalid scale specifier: can't parse replica value as int: {pair}") from None
        if replicas < 0:
            raise UsageError(f"invalid scale specifier: replicas must not be negative: {pair}")
        scale[service] = replicas
    return scale


@click.command("scale", context_settings=CONTEXT_SETTINGS)
@click.argument("pairs", nargs=-1, required=True, metavar="SERVICE=REPLICAS...")
@click.option("--no-deps", is_flag=True, help="Don't start linked services.")
@click.pass_obj
def scale_cmd(options: GlobalOptions, pairs: tuple[str, ...], no_deps: bool) -> None:
    """Scale services: create or remove replicas so each SERVICE runs REPLICAS containers."""
    from pycompose.cli.up_cmd import run_up, up_options

    scale = parse_scale(pairs)
    up = up_options(tuple(scale), no_deps=no_deps, scale=tuple(f"{s}={n}" for s, n in scale.items()))
    raise click.exceptions.Exit(run_up(options, up, assume_yes=False, detach=True))
