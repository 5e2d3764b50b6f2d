"""``up``, ``create`` and ``plan``: observe, plan, (confirm), execute."""

from __future__ import annotations

import os
from typing import Any

import click

from pycompose.cli.common import format_option, quieted
from pycompose.cli.main import CONTEXT_SETTINGS, GlobalOptions
from pycompose.errors import UsageError

UP_EPILOG = """\b
Examples:
  pycompose up -d                  create and start everything in the background
  pycompose up -d --wait           ... and wait until every service is running/healthy/completed
  pycompose --dry-run up -d        print the plan, change nothing
  pycompose up -d --scale web=3    three replicas of web
  pycompose up                     start and follow the logs; Ctrl-C stops the stack
"""

PLAN_EPILOG = """\b
Examples:
  pycompose plan                         what `up` would do, each step with its reason
  pycompose plan --format docker         the same as docker commands (learn, review, replay)
  pycompose plan --detailed-exitcode     exit 0: nothing to do, 2: changes (for CI)
"""


def _parse_scale(values: tuple[str, ...]) -> dict[str, int]:
    scale = {}
    for value in values:
        name, sep, number = value.partition("=")
        if not sep or not number.isdigit():
            raise UsageError(f"invalid --scale {value!r}", hint="use --scale SERVICE=NUM")
        scale[name] = int(number)
    return scale


def up_options(
    services: tuple[str, ...],
    no_deps: bool = False,
    force_recreate: bool = False,
    no_recreate: bool = False,
    remove_orphans: bool = False,
    scale: tuple[str, ...] = (),
    timeout: int | None = None,
    no_start: bool = False,
    wait: bool = False,
    wait_timeout: float | None = None,
    pull: str | None = None,
    no_build: bool = False,
    always_recreate_deps: bool = False,
    recreate_volumes: bool = False,
    build: bool = False,
):
    from pycompose.planner.options import UpOptions

    if force_recreate and no_recreate:
        raise UsageError("--force-recreate and --no-recreate are incompatible")
    if build and no_build:
        raise UsageError("--build and --no-build are incompatible")
    return UpOptions(
        services=services,
        no_deps=no_deps,
        force_recreate=force_recreate,
        no_recreate=no_recreate,
        always_recreate_deps=always_recreate_deps,
        remove_orphans=remove_orphans or _env_true("COMPOSE_REMOVE_ORPHANS"),
        scale=_parse_scale(scale),
        timeout=timeout,
        no_start=no_start,
        wait=wait,
        wait_timeout=wait_timeout,
        pull=pull,
        build=build,
        no_build=no_build,
        recreate_volumes=recreate_volumes,
    )


def _env_true(name: str) -> bool:
    import os

    return os.environ.get(name, "").lower() in ("1", "true", "yes")


def make_plan(
    options: GlobalOptions, up: object, engine: object | None = None, project: object | None = None
):
    """(project, engine, observed, plan) for ``up``-like commands."""
    from pycompose.api import observe_project
    from pycompose.cli.common import connect, load_project
    from pycompose.planner.up import plan_up

    project = project or load_project(options, tuple(up.services))  # type: ignore[attr-defined]
    engine = engine or connect(options)
    observed = observe_project(engine, project)
    return project, engine, observed, plan_up(project, observed, up)  # type: ignore[arg-type]


def _warn_orphans(plan: object) -> None:
    orphans = sorted({s.target.split(":", 1)[1] for s in plan.steps if s.skipped and "orphan" in s.reason})  # type: ignore[attr-defined]
    if orphans:
        click.echo(
            f"WARNING: Found orphan containers ({', '.join(orphans)}) for this project. If you removed or "
            "renamed this service in your compose file, you can run this command with the --remove-orphans "
            "flag to clean it up.",
            err=True,
        )


def _warn_ignored_file_options(project: Any, plan: Any) -> None:
    """Docker Compose's warning, per container created, for ``uid``/``gid``/``mode`` on bind-mounted
    secrets and configs (which the engine cannot apply)."""
    from pycompose.labels import SERVICE
    from pycompose.log import warn
    from pycompose.planner.specs import ignored_file_options

    for step in plan.steps:
        if step.action == "create_container" and not step.skipped:
            service = project.services.get((step.params["spec"].body.get("Labels") or {}).get(SERVICE))
            for message in ignored_file_options(project, service) if service is not None else ():
                warn(message)


def run_up(
    options: GlobalOptions,
    up: object,
    assume_yes: bool,
    detach: bool,
    attach: tuple[str, ...] = (),
    abort_on_exit: bool = False,
    exit_code_from: str | None = None,
    no_color: bool = False,
    no_log_prefix: bool = False,
    timestamps: bool = False,
    no_attach: tuple[str, ...] = (),
    attach_dependencies: bool = False,
    abort_on_failure: bool = False,
) -> int:
    from pycompose.cli.common import load_project, print_plan
    from pycompose.lock import project_lock

    if options.dry_run:
        print_plan(make_plan(options, up)[3])
        return 0
    loaded = load_project(options, tuple(up.services))  # type: ignore[attr-defined]
    with project_lock(loaded.name, os.environ.get("DOCKER_HOST", "")):
        project, engine, observed, plan = make_plan(options, up, project=loaded)
        converged = _converge(options, up, assume_yes, project, engine, observed, plan)
    if not converged or detach or up.no_start:  # type: ignore[attr-defined]
        return 0 if converged else 1
    from pycompose.cli.attach import follow_until_stopped

    followed = attach or tuple(up.services)  # type: ignore[attr-defined]
    if attach_dependencies and not attach and followed:
        from pycompose.planner.up import selected_services

        followed = tuple(selected_services(project, followed, up.no_deps))  # type: ignore[attr-defined, arg-type]
    if no_attach:
        followed = tuple(s for s in followed or project.services if s not in no_attach)  # type: ignore[attr-defined]
    return follow_until_stopped(
        options,
        project,
        engine,
        services=followed,
        abort_on_exit=abort_on_exit,
        abort_on_failure=abort_on_failure,
        exit_code_from=exit_code_from,
        no_color=no_color,
        no_log_prefix=no_log_prefix,
        timestamps=timestamps,
    )


def _converge(
    options: GlobalOptions,
    up: object,
    assume_yes: bool,
    project: object,
    engine: object,
    observed: object,
    plan: object,
) -> bool:
    """Confirm what needs confirming, then execute the plan; False when the user declined."""
    from pycompose.build import build_then_plan
    from pycompose.cli.common import confirm_destructive, execute_plan, warn_other_working_dir

    warn_other_working_dir(project, observed, assume_yes)
    # images first: which containers an image rebuild changes is known once it is built
    built = build_then_plan(project, engine, up, plan, lambda images: execute_plan(options, engine, images))
    if built is not None:
        observed, plan, up = built
    if plan.destructive_steps() and not confirm_destructive(plan, assume_yes, "up"):  # type: ignore[attr-defined]
        return False
    if any(s.skipped and "recreating loses its data" in s.reason for s in plan.steps):  # type: ignore[attr-defined]
        names = sorted({s.target for s in plan.steps if s.skipped and "loses its data" in s.reason})  # type: ignore[attr-defined]
        if assume_yes or (
            click.get_text_stream("stdin").isatty()
            and click.confirm(
                f"{', '.join(names)}: exists but does not match the compose file. "
                "Recreate (data will be lost)?",
                default=False,
            )
        ):
            from dataclasses import replace

            from pycompose.planner.up import plan_up

            plan = plan_up(project, observed, replace(up, recreate_volumes=True))  # type: ignore[arg-type, type-var]
    _warn_orphans(plan)
    _warn_ignored_file_options(project, plan)
    if up.wait:  # type: ignore[attr-defined]
        from pycompose.cli.common import report_wait_failures

        result = execute_plan(options, engine, plan, raise_on_failure=False)
        report_wait_failures(plan, result, engine)
        if not result.ok:
            execute_plan(
                options, engine, plan.__class__(plan.project, ())
            )  # nothing: errors were raised above
        return True
    execute_plan(options, engine, plan)
    return True


@click.command("up", context_settings=CONTEXT_SETTINGS, epilog=UP_EPILOG)
@click.argument("services", nargs=-1)
@click.option("-d", "--detach", is_flag=True, help="Detached mode: run containers in the background.")
@click.option(
    "--wait",
    is_flag=True,
    help="Wait for services to be running|healthy|completed. Implies -d. Exit 1: one failed, 124: timeout.",
)
@click.option("--wait-timeout", type=float, default=None, help="Maximum seconds to wait (with --wait).")
@click.option("--force-recreate", is_flag=True, help="Recreate containers even if nothing changed.")
@click.option("--no-recreate", is_flag=True, help="Never recreate existing containers.")
@click.option("--always-recreate-deps", is_flag=True, help="Recreate dependent containers.")
@click.option("--no-deps", is_flag=True, help="Don't start linked services.")
@click.option(
    "--remove-orphans", is_flag=True, help="Remove containers for services not in the compose file."
)
@click.option("--scale", multiple=True, metavar="SERVICE=NUM", help="Scale SERVICE to NUM instances.")
@click.option("-t", "--timeout", type=int, default=None, help="Seconds to wait for containers to stop.")
@click.option("--no-start", is_flag=True, help="Don't start the services after creating them.")
@click.option("--abort-on-container-exit", is_flag=True, help="Stop all containers if any container stops.")
@click.option("--exit-code-from", metavar="SERVICE", help="Return the exit code of SERVICE's container.")
@click.option("--attach", multiple=True, metavar="SERVICE", help="Only follow the logs of these services.")
@click.option("--attach-dependencies", is_flag=True, help="Also follow the logs of the dependencies.")
@click.option("--no-attach", multiple=True, metavar="SERVICE", help="Don't follow these services' logs.")
@click.option(
    "--abort-on-container-failure",
    is_flag=True,
    help="Stop all containers if any container exits with a failure.",
)
@click.option("--menu", is_flag=True, help="Accepted for compatibility: pycompose has no interactive menu.")
@click.option("-w", "--watch", is_flag=True, help="Not supported: refused with a message.")
@click.option("--build", is_flag=True, help="Build images before starting containers.")
@click.option("--no-build", is_flag=True, help="Don't build an image, even if it's missing.")
@click.option(
    "--pull", type=click.Choice(["always", "missing", "never"]), default=None, help="Pull image policy."
)
@click.option("--quiet-pull", is_flag=True, help="Pull without printing progress information.")
@click.option("--quiet-build", is_flag=True, help="Suppress the build output.")
@click.option("-V", "--renew-anon-volumes", is_flag=True, help="Recreate anonymous volumes.")
@click.option("-y", "--yes", "assume_yes", is_flag=True, help="Assume yes to every prompt.")
@click.option("--no-color", is_flag=True, help="Produce monochrome output.")
@click.option("--no-log-prefix", is_flag=True, help="Don't print the prefix in logs.")
@click.option("--timestamps", is_flag=True, help="Show timestamps.")
@click.pass_obj
def up_cmd(
    options: GlobalOptions,
    services: tuple[str, ...],
    detach: bool,
    wait: bool,
    wait_timeout: float | None,
    force_recreate: bool,
    no_recreate: bool,
    always_recreate_deps: bool,
    no_deps: bool,
    remove_orphans: bool,
    scale: tuple[str, ...],
    timeout: int | None,
    no_start: bool,
    abort_on_container_exit: bool,
    exit_code_from: str | None,
    attach: tuple[str, ...],
    attach_dependencies: bool,
    no_attach: tuple[str, ...],
    abort_on_container_failure: bool,
    menu: bool,
    watch: bool,
    build: bool,
    no_build: bool,
    pull: str | None,
    quiet_pull: bool,
    quiet_build: bool,
    renew_anon_volumes: bool,
    assume_yes: bool,
    no_color: bool,
    no_log_prefix: bool,
    timestamps: bool,
) -> None:
    """Create and start containers: converge the engine to the compose file."""
    if watch:
        raise UsageError("--watch is not supported by pycompose", hint="run `docker compose watch` instead")
    if exit_code_from:
        abort_on_container_exit = True
    if (detach or wait) and (abort_on_container_exit or abort_on_container_failure):
        raise UsageError(
            "--abort-on-container-exit, --abort-on-container-failure and --exit-code-from cannot be "
            "combined with -d / --wait"
        )
    up = up_options(
        services,
        no_deps,
        force_recreate,
        no_recreate,
        remove_orphans,
        scale,
        timeout,
        no_start,
        wait,
        wait_timeout,
        pull,
        no_build,
        always_recreate_deps,
        build=build,
    )
    code = run_up(
        quieted(options, quiet_pull=quiet_pull, quiet_build=quiet_build),
        up,
        assume_yes,
        detach or wait,
        attach,
        abort_on_container_exit,
        exit_code_from,
        no_color,
        no_log_prefix,
        timestamps,
        no_attach=no_attach,
        attach_dependencies=attach_dependencies,
        abort_on_failure=abort_on_container_failure,
    )
    raise click.exceptions.Exit(code)


@click.command("create", context_settings=CONTEXT_SETTINGS)
@click.argument("services", nargs=-1)
@click.option("--force-recreate", is_flag=True, help="Recreate containers even if nothing changed.")
@click.option("--no-recreate", is_flag=True, help="Never recreate existing containers.")
@click.option(
    "--remove-orphans", is_flag=True, help="Remove containers for services not in the compose file."
)
@click.option("--scale", multiple=True, metavar="SERVICE=NUM", help="Scale SERVICE to NUM instances.")
@click.option(
    "--pull",
    type=click.Choice(["always", "missing", "never", "build"]),
    default=None,
    help="Pull image policy.",
)
@click.option("--build", is_flag=True, help="Build images before starting containers.")
@click.option("--no-build", is_flag=True, help="Don't build an image, even if it's missing.")
@click.option("--quiet-pull", is_flag=True, help="Pull without printing progress information.")
@click.option("-y", "--yes", "assume_yes", is_flag=True, help="Assume yes to every prompt.")
@click.pass_obj
def create_cmd(
    options: GlobalOptions,
    services: tuple[str, ...],
    force_recreate: bool,
    no_recreate: bool,
    remove_orphans: bool,
    scale: tuple[str, ...],
    pull: str | None,
    build: bool,
    no_build: bool,
    quiet_pull: bool,
    assume_yes: bool,
) -> None:
    """Create containers for services (without starting them)."""
    up = up_options(
        services,
        force_recreate=force_recreate,
        no_recreate=no_recreate,
        remove_orphans=remove_orphans,
        scale=scale,
        no_start=True,
        pull=pull,
        build=build,
        no_build=no_build,
    )
    raise click.exceptions.Exit(run_up(quieted(options, quiet_pull=quiet_pull), up, assume_yes, detach=True))


@click.command("plan", context_settings=CONTEXT_SETTINGS, epilog=PLAN_EPILOG)
@click.argument("services", nargs=-1)
@format_option(
    "text",
    "json",
    "docker",
    help="text for people, json for scripts, docker for the equivalent docker commands.",
)
@click.option(
    "--detailed-exitcode", is_flag=True, help="Exit 0 when there is nothing to do, 2 when there are changes."
)
@click.option("--force-recreate", is_flag=True, help="Plan as `up --force-recreate`.")
@click.option("--no-recreate", is_flag=True, help="Plan as `up --no-recreate`.")
@click.option("--no-deps", is_flag=True, help="Plan as `up --no-deps`.")
@click.option("--remove-orphans", is_flag=True, help="Plan as `up --remove-orphans`.")
@click.option("--scale", multiple=True, metavar="SERVICE=NUM", help="Plan as `up --scale`.")
@click.option("--wait", is_flag=True, help="Plan as `up --wait`.")
@click.pass_obj
def plan_cmd(
    options: GlobalOptions,
    services: tuple[str, ...],
    fmt: str,
    detailed_exitcode: bool,
    force_recreate: bool,
    no_recreate: bool,
    no_deps: bool,
    remove_orphans: bool,
    scale: tuple[str, ...],
    wait: bool,
) -> None:
    """Show the steps `up` would run, each with its reason, without changing anything."""
    from pycompose.cli.common import print_plan

    up = up_options(services, no_deps, force_recreate, no_recreate, remove_orphans, scale, wait=wait)
    _, _, _, plan = make_plan(options, up)
    print_plan(plan, fmt)
    if detailed_exitcode:
        raise click.exceptions.Exit(2 if plan else 0)
