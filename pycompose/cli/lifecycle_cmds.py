"""``down``, ``start``, ``stop``, ``restart``, ``rm``, ``kill``, ``pause``, ``unpause``.

Each observes the project, plans the state change and executes it; ``--dry-run`` prints the plan.
"""

from __future__ import annotations

import click

from pycompose.cli.main import CONTEXT_SETTINGS, GlobalOptions


def _observe(options: GlobalOptions):
    from pycompose.api import observe_project
    from pycompose.cli.common import connect, load_project_or_name

    project, name = load_project_or_name(options)
    engine = connect(options)
    return project, engine, observe_project(engine, project, name, changes=False)


def _run(options: GlobalOptions, engine: object, plan: object) -> None:
    from pycompose.cli.common import execute_plan, print_plan

    if options.dry_run:
        print_plan(plan)
        return
    if plan:
        import os

        from pycompose.lock import project_lock

        with project_lock(plan.project, os.environ.get("DOCKER_HOST", "")):  # type: ignore[attr-defined]
            execute_plan(options, engine, plan)


@click.command("down", context_settings=CONTEXT_SETTINGS)
@click.argument("services", nargs=-1)
@click.option(
    "-v",
    "--volumes",
    is_flag=True,
    help="Remove named volumes declared in the volumes section and anonymous volumes.",
)
@click.option(
    "--rmi", type=click.Choice(["local", "all"]), default=None, help="Remove images used by services."
)
@click.option(
    "--remove-orphans", is_flag=True, help="Remove containers for services not defined in the compose file."
)
@click.option("-t", "--timeout", type=int, default=None, help="Seconds to wait for containers to stop.")
@click.option("-y", "--yes", "assume_yes", is_flag=True, help="Assume yes to every prompt.")
@click.pass_obj
def down_cmd(
    options: GlobalOptions,
    services: tuple[str, ...],
    volumes: bool,
    rmi: str | None,
    remove_orphans: bool,
    timeout: int | None,
    assume_yes: bool,
) -> None:
    """Stop and remove containers and networks (volumes only with -v)."""
    from pycompose.cli.common import warn_other_working_dir
    from pycompose.planner.down import plan_down
    from pycompose.planner.options import DownOptions

    project, engine, observed = _observe(options)
    plan = plan_down(
        project,
        observed,
        DownOptions(
            remove_volumes=volumes,
            remove_orphans=remove_orphans,
            rmi=rmi,
            timeout=timeout,
            services=services,
        ),
    )
    if project is not None and plan and not options.dry_run:
        warn_other_working_dir(project, observed, assume_yes)
    if not plan and not options.dry_run:
        click.echo(f'Warning: No resource found to remove for project "{observed.project}".', err=True)
        return
    _run(options, engine, plan)


def _state_command(
    name: str,
    action: str,
    help_text: str,
    with_timeout: bool = False,
    with_signal: bool = False,
    with_no_deps: bool = False,
    with_remove_orphans: bool = False,
):
    @click.command(name, context_settings=CONTEXT_SETTINGS, help=help_text)
    @click.argument("services", nargs=-1)
    @click.pass_obj
    def command(
        options: GlobalOptions,
        services: tuple[str, ...],
        timeout: int | None = None,
        signal: str = "SIGKILL",
        no_deps: bool = False,
        remove_orphans: bool = False,
    ) -> None:
        from pycompose.cli.common import check_services
        from pycompose.planner.down import plan_state_change

        project, engine, observed = _observe(options)
        check_services(project, services)
        plan = plan_state_change(
            action, project, observed, services, timeout=timeout, signal=signal, no_deps=no_deps
        )
        _run(options, engine, plan)
        if remove_orphans and project is not None:
            _remove_orphans(options, engine, project, observed)

    if with_timeout:
        command = click.option(
            "-t", "--timeout", type=int, default=None, help="Seconds to wait before killing the container."
        )(command)
    if with_signal:
        command = click.option(
            "-s", "--signal", default="SIGKILL", show_default=True, help="Signal to send to the container."
        )(command)
    if with_no_deps:
        command = click.option("--no-deps", is_flag=True, help="Don't restart dependent services.")(command)
    if with_remove_orphans:
        command = click.option(
            "--remove-orphans", is_flag=True, help="Remove containers for services not in the Compose file."
        )(command)
    return command


def _remove_orphans(options: GlobalOptions, engine: object, project: object, observed: object) -> None:
    """``--remove-orphans``: stop and remove the containers of services the Compose file lacks."""
    from pycompose.planner.down import plan_down
    from pycompose.planner.options import DownOptions

    known = set(project.services) | set(project.disabled_services)  # type: ignore[attr-defined]
    orphans = tuple(
        sorted({c.service for c in observed.containers if not c.oneoff and c.service not in known})  # type: ignore[attr-defined]
    )
    if orphans:
        plan = plan_down(project, observed, DownOptions(remove_orphans=True, services=orphans))  # type: ignore[arg-type]
        _run(options, engine, plan)


start_cmd = _state_command("start", "start_container", "Start existing containers of services.")
stop_cmd = _state_command(
    "stop", "stop_container", "Stop running containers without removing them.", with_timeout=True
)
restart_cmd = _state_command(
    "restart", "restart_container", "Restart service containers.", with_timeout=True, with_no_deps=True
)
kill_cmd = _state_command(
    "kill", "kill_container", "Force stop service containers.", with_signal=True, with_remove_orphans=True
)
pause_cmd = _state_command("pause", "pause_container", "Pause services.")
unpause_cmd = _state_command("unpause", "unpause_container", "Unpause services.")


@click.command("rm", context_settings=CONTEXT_SETTINGS)
@click.argument("services", nargs=-1)
@click.option("-f", "--force", is_flag=True, help="Don't ask to confirm removal.")
@click.option("-s", "--stop", is_flag=True, help="Stop the containers, if required, before removing.")
@click.option("-v", "--volumes", is_flag=True, help="Remove any anonymous volumes attached to containers.")
@click.pass_obj
def rm_cmd(options: GlobalOptions, services: tuple[str, ...], force: bool, stop: bool, volumes: bool) -> None:
    """Remove stopped service containers."""
    from pycompose.planner.down import plan_rm

    _, engine, observed = _observe(options)
    plan = plan_rm(observed, services, stop=stop, volumes=volumes)
    if not plan:
        click.echo("No stopped containers", err=True)
        return
    if not force and not options.dry_run:
        names = ", ".join(s.target.split(":", 1)[1] for s in plan.steps if s.action == "remove_container")
        if not click.get_text_stream("stdin").isatty():
            from pycompose.errors import UsageError

            raise UsageError(f"rm needs confirmation to remove {names}", hint="use -f")
        if not click.confirm(f"Going to remove {names}. Are you sure?", default=False):
            return
    _run(options, engine, plan)


COMMANDS = (down_cmd, start_cmd, stop_cmd, restart_cmd, kill_cmd, pause_cmd, unpause_cmd, rm_cmd)
