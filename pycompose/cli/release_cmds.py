"""``pycompose release start|promote|abort|status``: blue-green and canary releases.

The strategy is the service's ``x-pycompose.deploy.strategy`` (``up`` starts a release by itself when the
file changed); ``release start --strategy`` picks one for a single release. The state of a release is in
the labels of its containers, so any later invocation (another shell, CI, the reconcile loop) can
promote or abort it.
"""

from __future__ import annotations

import json
import os
import time
from typing import Any

import click

from pycompose.cli.common import format_option
from pycompose.cli.main import CONTEXT_SETTINGS, GlobalOptions, apply_dry_run
from pycompose.errors import UsageError

RELEASE_EPILOG = """\b
Examples:
  pycompose release start web                   a release of web with its x-pycompose.deploy.strategy
  pycompose release start web --strategy canary --canary 1
  pycompose release status                      pending releases: which set serves, until when
  pycompose release promote web                 keep the new version, remove the previous one
  pycompose release rollback web                blue-green: blue serves again at once, green is kept
  pycompose release abort web                   back to the previous version, the new one removed
  pycompose --dry-run release abort web         the steps, each with its reason; nothing changes

\b
Settings (per service, or at the top level for every service):
  x-pycompose:
    deploy:
      strategy: blue-green        # or canary; rolling is deploy.update_config
      bluegreen: {keep: 10m}      # the previous set is kept (running) this long for a rollback
      canary: {replicas: 1}       # new replicas beside the previous version's
"""


_dry_run_option = click.option(
    "--dry-run",
    is_flag=True,
    expose_value=False,
    callback=apply_dry_run,
    help="Print the plan, change nothing.",
)
_timeout_option = click.option(
    "-t", "--timeout", type=int, default=None, help="Seconds to wait for a replica to stop."
)


@click.group("release", context_settings=CONTEXT_SETTINGS, epilog=RELEASE_EPILOG)
def release_group() -> None:
    """Blue-green and canary releases: start one, see it, promote it or abort it."""


def _engine_address() -> str:
    return os.environ.get("DOCKER_HOST", "")


def _names(names: list[str] | tuple[str, ...]) -> str:
    return ", ".join(names) if names else "-"


@release_group.command("start", context_settings=CONTEXT_SETTINGS)
@click.argument("services", nargs=-1)
@click.option(
    "--strategy",
    type=click.Choice(["blue-green", "canary"]),
    default=None,
    help="For this release, instead of x-pycompose.deploy.strategy.",
)
@click.option("--canary", "canary_replicas", type=int, default=None, help="Canary: new replicas to start.")
@click.option("--keep", default=None, metavar="DURATION", help="Blue-green: keep the previous set this long.")
@click.option("--force", is_flag=True, help="Release even when the configuration did not change.")
@_timeout_option
@click.option("--wait-timeout", type=float, default=None, help="Seconds a new replica has to become healthy.")
@_dry_run_option
@click.pass_obj
def start_cmd(
    options: GlobalOptions,
    services: tuple[str, ...],
    strategy: str | None,
    canary_replicas: int | None,
    keep: str | None,
    force: bool,
    timeout: int | None,
    wait_timeout: float | None,
) -> None:
    """Start a release of SERVICES (default: every service with a strategy): the new version comes up
    beside the previous one, which is kept until `release promote` or `release abort`."""
    from pycompose.api import observe_project
    from pycompose.cli.common import connect, execute_plan, load_project, print_plan
    from pycompose.lock import project_lock
    from pycompose.planner import deploy_strategies as ds
    from pycompose.planner.options import UpOptions
    from pycompose.planner.up import plan_up
    from pycompose.strategies import services_of

    if canary_replicas is not None and canary_replicas < 1:
        raise UsageError("--canary must be 1 or more")
    project = load_project(options)
    if not services and (strategy or canary_replicas or keep):
        raise UsageError("name the services --strategy, --canary or --keep apply to")
    names = list(services) or [
        n for n, s in project.services.items() if ds.deploy_settings(project, s).releases
    ]
    if not names:
        raise UsageError(
            "no service has x-pycompose.deploy.strategy blue-green or canary",
            hint="name a service and pass --strategy blue-green|canary",
        )
    project = ds.with_overrides(project, names, strategy, canary_replicas, keep)
    for name in names:
        if name not in project.services:
            raise UsageError(f"no such service: {name}", hint="run `pycompose config --services`")
        if not ds.deploy_settings(project, project.services[name]).releases:
            raise UsageError(
                f"{name} has no x-pycompose.deploy.strategy blue-green or canary",
                hint="pass --strategy blue-green|canary, or set it in the compose file",
            )
    engine = connect(options)
    with project_lock(project.name, _engine_address()):
        observed = observe_project(engine, project)
        pending = ds.pending_releases(observed)
        for name in names:
            if name in pending:
                raise UsageError(
                    f"the {pending[name].strategy} release {pending[name].id} of {name} is still pending",
                    hint=f"`pycompose release promote {name}` or `pycompose release abort {name}` first",
                )
        up = UpOptions(
            services=tuple(names),
            no_deps=True,
            force_recreate=force,
            timeout=timeout,
            wait_timeout=wait_timeout,
        )
        plan = plan_up(project, observed, up)
        if options.dry_run:
            print_plan(plan)
            return
        execute_plan(options, engine, plan)
        started = services_of(plan)
        for name in names:
            if name not in started:
                click.echo(
                    f"{name}: up to date, nothing to release (--force releases the same configuration)"
                )
        if started:
            _print_status(observe_project(engine, project), started)


def _finish(options: GlobalOptions, services: tuple[str, ...], action: str, timeout: int | None) -> None:
    from pycompose.api import observe_project
    from pycompose.cli.common import connect, execute_plan, load_project, print_plan
    from pycompose.lock import project_lock
    from pycompose.planner import deploy_strategies as ds

    project = load_project(options)
    engine = connect(options)
    with project_lock(project.name, _engine_address()):
        if action == "promote":  # a canary promote says what changed: the full observation
            observed = observe_project(engine, project)
        else:  # a rollback must be quick: the containers (with the aliases of a pending release) only
            from pycompose.observe import observe
            from pycompose.strategies import inspect_releases

            observed = inspect_releases(engine, observe(engine, project.name))
        pending = ds.pending_releases(observed)
        names = list(services) or sorted(pending)
        if not names:
            raise UsageError("no release is pending", hint="`pycompose release status` shows the releases")
        plan = ds.plan_release(project, observed, names, action, timeout)
        if options.dry_run:
            print_plan(plan)
            return
        execute_plan(options, engine, plan)
    for name in names:
        release = pending[name]
        if action == "promote":
            serving = [ds.final_name(c.name) for c in release.new]
            if release.strategy == "canary":
                serving = [f"{project.services[name].scale} replica(s) of the new version"]
            click.echo(
                f"{name}: {release.strategy} release {release.id} promoted: {_names(serving)} serve; "
                f"{_names([c.name for c in release.old])} removed"
            )
        elif action == "rollback" and release.strategy == "blue-green":
            old = _names([c.name for c in release.old])
            new = _names([ds.final_name(c.name) for c in release.new])
            until = ds._iso(release.keep_until) if release.keep_until is not None else "promote or abort"
            click.echo(
                f"{name}: blue-green release {release.id} rolled back: {old} serve again; {new} kept running "
                f"until {until}"
            )
            click.echo(
                f"  `pycompose release promote {name}` switches back to it, `release abort {name}` removes it"
            )
        else:
            old = _names([c.name for c in release.old])
            new = _names([ds.final_name(c.name) for c in release.new])
            click.echo(
                f"{name}: {release.strategy} release {release.id} aborted: {old} serve again; {new} removed"
            )


@release_group.command("promote", context_settings=CONTEXT_SETTINGS)
@click.argument("services", nargs=-1)
@_timeout_option
@_dry_run_option
@click.pass_obj
def promote_cmd(options: GlobalOptions, services: tuple[str, ...], timeout: int | None) -> None:
    """Keep the new version of SERVICES (default: every pending release): blue-green removes the kept
    blue set; canary creates the rest of the new set, then the previous replicas leave and go."""
    _finish(options, services, "promote", timeout)


@release_group.command("abort", context_settings=CONTEXT_SETTINGS)
@click.argument("services", nargs=-1)
@_timeout_option
@_dry_run_option
@click.pass_obj
def abort_cmd(options: GlobalOptions, services: tuple[str, ...], timeout: int | None) -> None:
    """End the release of SERVICES (default: every pending release) with the previous version: it
    serves (blue-green: the kept blue set rejoins the DNS name), then the new replicas leave, drain and
    go."""
    _finish(options, services, "abort", timeout)


@release_group.command("rollback", context_settings=CONTEXT_SETTINGS)
@click.argument("services", nargs=-1)
@_dry_run_option
@click.pass_obj
def rollback_cmd(options: GlobalOptions, services: tuple[str, ...]) -> None:
    """Blue-green: switch SERVICES (default: every pending release) back to the kept blue set at once;
    green leaves the DNS name but keeps running until `release promote` (switch again), `release
    abort` or bluegreen.keep. A canary release is aborted."""
    _finish(options, services, "rollback", None)


def _print_status(observed: Any, services: tuple[str, ...] | None = None) -> None:
    from pycompose.planner import deploy_strategies as ds

    now = time.time()
    for name, pending in sorted(ds.pending_releases(observed).items()):
        if services is not None and name not in services:
            continue
        row = ds.status_of(pending, now)
        line = f"{name}: {pending.strategy} release {pending.id}: {row['state']}"
        line += f"; new: {_names(row['new'])}; previous: {_names(row['old'])}"
        if row["keep_until"]:
            line += f"; kept until {row['keep_until']} ({ds.human(round(row['keep_left']))} left)"
        click.echo(line)
        click.echo(
            f"  `pycompose release promote {name}` keeps the new version, `release abort {name}` goes back"
        )


@release_group.command("status", context_settings=CONTEXT_SETTINGS)
@format_option("table", "json", help="Output.")
@click.pass_obj
def status_cmd(options: GlobalOptions, fmt: str) -> None:
    """Per service with a strategy or a pending release: the strategy, which set serves, and until when
    the previous one is kept."""
    from pycompose.api import observe_project
    from pycompose.cli.common import connect, load_project
    from pycompose.planner import deploy_strategies as ds

    project = load_project(options)
    engine = connect(options)
    observed = observe_project(engine, project)
    now = time.time()
    pending = ds.pending_releases(observed)
    rows = []
    for name, service in project.services.items():
        if name in pending:
            rows.append({**ds.status_of(pending[name], now), "pending": True})
            continue
        strategy = ds.deploy_settings(project, service).strategy
        if strategy in ds.RELEASE_STRATEGIES:
            replicas = [c.name for c in observed.service_containers(name) if c.state == "running"]
            rows.append(
                {
                    "service": name,
                    "strategy": strategy,
                    "pending": False,
                    "state": "no release pending",
                    "new": replicas,
                }
            )
    if fmt == "json":
        click.echo(json.dumps({"project": project.name, "releases": rows}, indent=2))
        return
    if not rows:
        click.echo(
            f"project {project.name}: no service has a blue-green or canary strategy, no release pending"
        )
        return
    table = [["SERVICE", "STRATEGY", "RELEASE", "STATE", "NEW", "PREVIOUS", "KEPT UNTIL"]]
    for row in rows:
        until = "-"
        if row.get("keep_until"):
            until = f"{row['keep_until']} ({ds.human(round(row['keep_left']))} left)"
        table.append(
            [
                row["service"],
                row["strategy"],
                row.get("release") or "-",
                row["state"],
                _names(row.get("new") or []),
                _names(row.get("old") or []),
                until,
            ]
        )
    widths = [max(len(r[i]) for r in table) for i in range(len(table[0]))]
    for r in table:
        click.echo("   ".join(c.ljust(widths[i]) for i, c in enumerate(r)).rstrip())
