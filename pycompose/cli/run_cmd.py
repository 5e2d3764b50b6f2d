"""``run``: a one-off command in a new container of a service, like ``docker compose run``.

The dependencies come up through the planner and executor (the plan of ``up`` for them, shown with
``--dry-run``); the one-off container is created from ``planner.run.run_container_spec`` (the same
labels, name and config hash as Docker Compose's), then attached to and started: its exit code is
``run``'s exit code.
"""

from __future__ import annotations

import os
import secrets
import shlex
import sys
import threading
from typing import Any

import click

from pycompose.cli.main import CONTEXT_SETTINGS, GlobalOptions
from pycompose.errors import EngineError, UsageError

RUN_EPILOG = """\b
Examples:
  pycompose run web sh                     an interactive shell in a new web container
  pycompose run --rm -e DEBUG=1 web pytest one-off tests; the container is removed afterwards
  pycompose run --no-deps -T web cat < f   pipe a file in, without starting dependencies
  pycompose run -d --name job web ./job    in the background; prints the container ID
"""


def _key_values(values: tuple[str, ...], flag: str) -> dict[str, str]:
    out = {}
    for value in values:
        key, sep, rest = value.partition("=")
        if not sep or not key:
            raise UsageError(f"invalid {flag} {value!r}: must be set as KEY=VALUE")
        out[key] = rest
    return out


def _env_from_files(files: tuple[str, ...], environment: tuple[str, ...]) -> dict[str, str]:
    """``--env-from-file``: each file's variables; ``-e`` values answer ``${VAR}`` inside them."""
    from pycompose.config.dotenv import read_dotenv_file

    given = {k: v for k, _, v in (e.partition("=") for e in environment)}
    out: dict[str, str] = {}
    for path in files:
        values = read_dotenv_file(os.path.abspath(path), given.get)
        for key, value in values.items():
            if value is not None:
                out.setdefault(key, value)
    return out


def run_one_off(
    options: GlobalOptions,
    run: Any,  # planner.run.RunOptions
    detach: bool,
    no_deps: bool,
    pull: str | None,
    build: bool,
    remove_orphans: bool,
) -> int:
    """Dependencies up, then create, attach, start; returns the container's exit code (0 with -d)."""
    from pycompose.api import observe_project
    from pycompose.build import image_phase
    from pycompose.cli.common import connect, execute_plan, load_project, print_plan
    from pycompose.cli.up_cmd import _warn_orphans
    from pycompose.lock import project_lock
    from pycompose.observe import observe
    from pycompose.planner.run import plan_dependency_waits, plan_run_dependencies, run_container_spec

    project = load_project(options, (run.service,))
    engine = connect(options)
    with project_lock(project.name, os.environ.get("DOCKER_HOST", "")):
        observed = observe_project(engine, project)
        deps = plan_run_dependencies(
            project,
            observed,
            run.service,
            no_deps=no_deps,
            pull=pull,
            build=build,
            remove_orphans=remove_orphans,
        )
        slug = secrets.token_hex(32)
        if options.dry_run:
            spec, _ = run_container_spec(project, observed, run, slug, engine.api_version())
            print_plan(deps)
            click.echo(f"create and start the one-off container {spec.name}")
            return 0
        _warn_orphans(deps)
        images = image_phase(deps)
        if images is not None:
            # images first (as `up`): a rebuilt image can change which dependencies are recreated
            execute_plan(options, engine, images)
            observed = observe_project(engine, project)
            deps = plan_run_dependencies(
                project, observed, run.service, no_deps=no_deps, pull="never", no_build=True
            )
        execute_plan(options, engine, deps)
        if not no_deps:
            execute_plan(
                options, engine, plan_dependency_waits(project, observe(engine, project.name), run.service)
            )
        image = project.services[run.service].image_name(project.name)
        now = observe(engine, project.name, image_refs=(image,))
        spec, connect_to = run_container_spec(project, now, run, slug, engine.api_version())
        container_id = engine.create_container(spec)
        for network, endpoint in connect_to:
            engine.connect_network(network, spec.name, endpoint)
    start = _start_step(project, run, slug, spec.name)
    if detach:
        _start(options, engine, start)
        click.echo(container_id)
        return 0
    return _attached(options, engine, start, container_id, spec, run)


def _start_step(project: Any, run: Any, slug: str, name: str) -> Any:
    """The start of the one-off container as a plan step: the executor copies the service's
    ``environment``/``content`` secrets and configs in first, as it does for ``up``."""
    from dataclasses import replace
    from types import MappingProxyType

    from pycompose.planner.plan import Plan, Step
    from pycompose.planner.run import run_service
    from pycompose.planner.up import _injections

    service = run_service(project, run, slug)
    changed = replace(project, services=MappingProxyType({**project.services, service.name: service}))
    params = {"name": name, **_injections(changed, service)}
    step = Step(
        id=f"start_container:container:{name}",
        action="start_container",
        target=f"container:{name}",
        reason="run",
        params=MappingProxyType(params),
    )
    return Plan(project=project.name, steps=(step,))


def _start(options: GlobalOptions, engine: Any, start: Any) -> None:
    from pycompose.executor import execute
    from pycompose.progress import QuietReporter

    result = execute(start, engine, QuietReporter(), parallel=1)
    failures = result.failures()
    if failures and failures[0].error is not None:
        raise failures[0].error


def _attached(options: GlobalOptions, engine: Any, start: Any, container_id: str, spec: Any, run: Any) -> int:
    """``docker start --attach [--interactive]``: attach first (no output is missed), wait for the exit
    (registered before the start, so a fast or auto-removed container is not missed), start, copy the
    streams, and return the exit code."""
    from pycompose.cli.tty import forwarded_signals, on_resize, pump, raw_terminal

    tty = bool(spec.body.get("Tty"))
    stream = engine.attach_container(container_id, stdin=run.interactive)
    outcome: dict[str, Any] = {}

    def wait() -> None:
        try:
            outcome["code"] = engine.wait_condition(container_id, "removed" if run.remove else "next-exit")
        except BaseException as exc:
            outcome["error"] = exc

    waiter = threading.Thread(target=wait, daemon=True, name="wait")
    waiter.start()
    try:
        _start(options, engine, start)
    except BaseException:
        stream.close()
        if run.remove:  # never started: the engine does not auto-remove it
            from contextlib import suppress

            with suppress(EngineError):
                engine.remove_container(container_id, force=True)
        raise
    resize = (lambda h, w: engine.resize_tty(container_id, h, w)) if tty else None
    with on_resize(resize), raw_terminal(tty and run.interactive):
        if tty:
            pump(stream, tty, send_stdin=run.interactive)
        else:
            with forwarded_signals(lambda sig: engine.kill_container(container_id, sig)):
                pump(stream, tty, send_stdin=run.interactive)
    waiter.join()
    if "error" in outcome:
        raise outcome["error"]
    return int(outcome.get("code", 0))


@click.command(
    "run",
    context_settings={**CONTEXT_SETTINGS, "allow_interspersed_args": False},
    epilog=RUN_EPILOG,
    short_help="Run a one-off command on a service.",
)
@click.argument("service")
@click.argument("command", nargs=-1, type=click.UNPROCESSED)
@click.option("--build", is_flag=True, help="Build image before starting container.")
@click.option("--cap-add", multiple=True, metavar="CAP", help="Add Linux capabilities.")
@click.option("--cap-drop", multiple=True, metavar="CAP", help="Drop Linux capabilities.")
@click.option("-d", "--detach", is_flag=True, help="Run container in background and print container ID.")
@click.option("--entrypoint", default=None, metavar="CMD", help="Override the entrypoint of the image.")
@click.option("-e", "--env", "env", multiple=True, metavar="KEY[=VAL]", help="Set environment variables.")
@click.option("--env-from-file", multiple=True, metavar="FILE", help="Set environment variables from file.")
@click.option(
    "-i",
    "--interactive/--no-interactive",
    "interactive",
    default=True,
    help="Keep STDIN open even if not attached (default true).",
)
@click.option("-l", "--label", "label", multiple=True, metavar="KEY=VAL", help="Add or override a label.")
@click.option("--name", default="", help="Assign a name to the container.")
@click.option("-T", "--no-TTY", "no_tty", is_flag=True, help="Disable pseudo-TTY allocation (default: auto).")
@click.option("--no-deps", is_flag=True, help="Don't start linked services.")
@click.option(
    "-p", "--publish", multiple=True, metavar="PORT", help="Publish a container's port(s) to the host."
)
@click.option(
    "--pull",
    type=click.Choice(["always", "missing", "never", "build", "policy"]),
    default="policy",
    help="Pull image before running (default: the service's pull_policy).",
)
@click.option("-q", "--quiet", is_flag=True, help="Don't print progress output.")
@click.option("--quiet-build", is_flag=True, help="Suppress progress output from the build process.")
@click.option("--quiet-pull", is_flag=True, help="Pull without printing progress information.")
@click.option(
    "--remove-orphans", is_flag=True, help="Remove containers for services not in the Compose file."
)
@click.option("--rm", "remove", is_flag=True, help="Automatically remove the container when it exits.")
@click.option(
    "-P", "--service-ports", is_flag=True, help="Run with the service's ports enabled and mapped to the host."
)
@click.option("--use-aliases", is_flag=True, help="Use the service's network aliases in its networks.")
@click.option("-u", "--user", default="", help="Run as specified username or uid.")
@click.option("-v", "--volume", "volume", multiple=True, metavar="VOLUME", help="Bind mount a volume.")
@click.option("-w", "--workdir", default="", help="Working directory inside the container.")
@click.pass_obj
def run_cmd(
    options: GlobalOptions,
    service: str,
    command: tuple[str, ...],
    build: bool,
    cap_add: tuple[str, ...],
    cap_drop: tuple[str, ...],
    detach: bool,
    entrypoint: str | None,
    env: tuple[str, ...],
    env_from_file: tuple[str, ...],
    interactive: bool,
    label: tuple[str, ...],
    name: str,
    no_tty: bool,
    no_deps: bool,
    publish: tuple[str, ...],
    pull: str,
    quiet: bool,
    quiet_build: bool,
    quiet_pull: bool,
    remove_orphans: bool,
    remove: bool,
    service_ports: bool,
    use_aliases: bool,
    user: str,
    volume: tuple[str, ...],
    workdir: str,
) -> None:
    """Run a one-off command on a service, in a new container.

    The service's ports are not published unless --service-ports or -p; its dependencies are started
    first unless --no-deps. The exit code is the command's.
    """
    from pycompose.cli.common import quieted
    from pycompose.cli.tty import wants_tty
    from pycompose.planner.run import RunOptions

    if service_ports and publish:
        raise UsageError("--service-ports and --publish are incompatible")
    words: tuple[str, ...] | None = None
    if entrypoint is not None:
        try:
            words = tuple(shlex.split(entrypoint))
        except ValueError as exc:
            raise UsageError(f"invalid --entrypoint {entrypoint!r}: {exc}") from None
    tty = wants_tty(no_tty) if not detach else (not no_tty and sys.stdout.isatty())
    run = RunOptions(
        service=service,
        command=tuple(command),
        entrypoint=words,
        environment=env,
        env_from_files=_env_from_files(env_from_file, env),
        labels=_key_values(label, "--label"),
        user=user,
        workdir=workdir,
        name=name,
        tty=tty,
        interactive=interactive,
        service_ports=service_ports,
        publish=publish,
        volumes=volume,
        cap_add=cap_add,
        cap_drop=cap_drop,
        use_aliases=use_aliases,
        remove=remove,
        no_deps=no_deps,
    )
    code = run_one_off(
        quieted(options, quiet=quiet, quiet_pull=quiet_pull, quiet_build=quiet_build),
        run,
        detach=detach,
        no_deps=no_deps,
        pull=None if pull == "policy" else pull,
        build=build,
        remove_orphans=remove_orphans,
    )
    raise click.exceptions.Exit(code)
