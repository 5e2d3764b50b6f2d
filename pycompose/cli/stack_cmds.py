"""``pycompose stack deploy|plan|rm|ps|ls|services|check``: the Swarm backend, shaped like ``docker stack``.

The manager is ``-H/--host`` (before the subcommand, as with ``docker -H``) or ``DOCKER_HOST``. The
compose files are ``-c/--compose-file`` (repeatable), else the global ``-f``, else ``compose.yaml`` in
the working directory; the stack name is the project name, so networks are ``<stack>_<key>``.
"""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass
from typing import Any

import click

from pycompose.cli.common import format_option
from pycompose.cli.main import CONTEXT_SETTINGS, GlobalOptions

STACK_EPILOG = """\b
Examples:
  scripts/swarm-cluster.sh up 3                          a local 3-node swarm (root)
  export DOCKER_HOST=unix:///run/pycompose-swarm/pcnode1.sock
  pycompose stack check -c compose.yaml                  which keys Swarm honours, which it ignores
  pycompose stack plan -c compose.yaml demo              the steps of a deploy, each with its reason
  pycompose stack deploy -c compose.yaml --wait demo     deploy, then wait until every service converged
  pycompose stack ps demo                                the tasks, as `docker stack ps demo`
  pycompose stack rm demo
"""


@dataclass(frozen=True)
class StackContext:
    options: GlobalOptions
    host: str | None


def _files_option(function: Any) -> Any:
    return click.option(
        "-c",
        "--compose-file",
        "compose_files",
        multiple=True,
        metavar="FILE",
        help="Compose file (repeatable; default: the global -f, else compose.yaml).",
    )(function)


def _load(ctx: StackContext, files: tuple[str, ...], stack: str):  # -> Project
    from pycompose.bind import bind_project
    from pycompose.config.loader import load_model
    from pycompose.config.project_name import check_explicit_name

    name = check_explicit_name(stack)
    load = ctx.options.load_options(files=tuple(files) or ctx.options.files, project_name=name)
    return bind_project(load_model(load))


def _warn(warnings: Any) -> None:
    for warning in warnings:
        click.echo(f"WARNING: {warning.text()}", err=True)


def _connect(ctx: StackContext):  # -> SwarmEngine
    from pycompose.swarm.api import connect

    return connect(ctx.host)


def _spec_and_plan(ctx: StackContext, files: tuple[str, ...], stack: str, prune: bool, force: bool = False):
    from pycompose.swarm.api import runtime_warnings
    from pycompose.swarm.planner import DeployOptions, plan_deploy
    from pycompose.swarm.translate import translate

    project = _load(ctx, files, stack)
    spec = translate(project, project.name)
    engine = _connect(ctx)
    state = engine.observe(spec.stack)
    _warn((*spec.warnings, *runtime_warnings(spec, state)))
    return spec, engine, plan_deploy(spec, state, DeployOptions(prune=prune, force=force))


def _print_plan(plan: Any, fmt: str = "text") -> None:
    from pycompose.planner import render

    if fmt == "json":
        click.echo(render.to_json(plan))
        return
    text = render.to_text(plan)
    if text.startswith("Project "):
        text = "Stack " + text[len("Project ") :]
    click.echo(text.replace("the engine matches the compose file", "the swarm matches the compose file"))


def _execute(options: GlobalOptions, engine: Any, plan: Any) -> None:
    from pycompose.cli.common import interruptible, reporter_for
    from pycompose.errors import PycomposeError
    from pycompose.swarm.executor import execute

    if not plan:
        return
    with interruptible() as cancel:
        result = execute(plan, engine, reporter_for(options), cancel=cancel)
    if result.interrupted:
        raise PycomposeError("interrupted: the next `stack deploy` converges what was left", exit_code=130)
    if not result.ok:
        failures = result.failures()
        if failures and failures[0].error is not None:
            raise failures[0].error
        raise PycomposeError("some steps failed")


@click.group("stack", context_settings=CONTEXT_SETTINGS, epilog=STACK_EPILOG)
@click.option("-H", "--host", metavar="HOST", help="The swarm manager (default: DOCKER_HOST).")
@click.pass_context
def stack_group(ctx: click.Context, host: str | None) -> None:
    """Deploy the compose file to a Docker Swarm, as `docker stack` does, with a plan first."""
    ctx.obj = StackContext(ctx.obj, host)


@stack_group.command("deploy", context_settings=CONTEXT_SETTINGS)
@_files_option
@click.option("--prune", is_flag=True, help="Remove services (and networks) the file no longer has.")
@click.option(
    "--wait", is_flag=True, help="Wait until every service converged (exit 1: failed, 124: timeout)."
)
@click.option("--wait-timeout", type=float, default=None, metavar="SECONDS", help="Maximum wait (--wait).")
@click.option("--force", is_flag=True, help="Update every service, restarting all its tasks.")
@click.option("--dry-run", "local_dry_run", is_flag=True, help="Print the plan, change nothing.")
@click.argument("stack")
@click.pass_obj
def deploy_cmd(
    ctx: StackContext,
    compose_files: tuple[str, ...],
    prune: bool,
    wait: bool,
    wait_timeout: float | None,
    force: bool,
    local_dry_run: bool,
    stack: str,
) -> None:
    """Create or update the stack's services, networks, secrets and configs."""
    spec, engine, plan = _spec_and_plan(ctx, compose_files, stack, prune, force)
    if ctx.options.dry_run or local_dry_run:
        _print_plan(plan)
        return
    _execute(ctx.options, engine, plan)
    if not plan:
        click.echo(f"Stack {spec.stack}: nothing to do, the swarm matches the compose file.", err=True)
    if wait:
        from pycompose.swarm.api import wait as wait_stack
        from pycompose.swarm.wait import raise_for

        names = [s.name for s in spec.services.values()]
        result = wait_stack(
            engine, spec.stack, names, timeout=wait_timeout, out=lambda line: click.echo(line, err=True)
        )
        raise_for(result)


@stack_group.command("plan", context_settings=CONTEXT_SETTINGS)
@_files_option
@click.option("--prune", is_flag=True, help="Plan as `deploy --prune`.")
@click.option("--force", is_flag=True, help="Plan as `deploy --force`.")
@format_option("text", "json")
@click.option("--detailed-exitcode", is_flag=True, help="Exit 0: nothing to do, 2: changes.")
@click.argument("stack")
@click.pass_obj
def plan_cmd(
    ctx: StackContext,
    compose_files: tuple[str, ...],
    prune: bool,
    force: bool,
    fmt: str,
    detailed_exitcode: bool,
    stack: str,
) -> None:
    """The steps `stack deploy` would run, each with its reason; nothing changes."""
    _, _, plan = _spec_and_plan(ctx, compose_files, stack, prune, force)
    _print_plan(plan, fmt)
    if detailed_exitcode and plan:
        raise click.exceptions.Exit(2)


@click.command("rm", context_settings=CONTEXT_SETTINGS)
@click.option("--dry-run", "local_dry_run", is_flag=True, help="Print the plan, change nothing.")
@click.argument("stacks", nargs=-1, required=True)
@click.pass_obj
def rm_cmd(ctx: StackContext, local_dry_run: bool, stacks: tuple[str, ...]) -> None:
    """Remove the stacks' services, networks, secrets and configs (nothing else)."""
    from pycompose.swarm.planner import plan_rm

    engine = _connect(ctx)
    for stack in stacks:
        plan = plan_rm(engine.observe(stack))
        if ctx.options.dry_run or local_dry_run:
            _print_plan(plan)
            continue
        if not plan.steps:
            click.echo(f"Nothing found in stack: {stack}", err=True)
            continue
        _execute(ctx.options, engine, plan)


# ``docker stack rm`` has the aliases ``remove`` and ``down``
for _alias in ("rm", "remove", "down"):
    stack_group.add_command(rm_cmd, _alias)


def _table(rows: list[list[str]]) -> str:
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    return "\n".join("   ".join(c.ljust(widths[i]) for i, c in enumerate(r)).rstrip() for r in rows)


def _ago(stamp: str) -> str:
    from datetime import datetime, timezone

    try:
        when = datetime.fromisoformat(stamp[:26].rstrip("Z") + "+00:00")
    except ValueError:
        return stamp
    seconds = max(0, int((datetime.now(timezone.utc) - when).total_seconds()))
    if seconds < 60:
        return f"{seconds} seconds ago"
    if seconds < 3600:
        return f"{seconds // 60} minutes ago"
    return f"{seconds // 3600} hours ago"


def task_rows(
    tasks: list[dict[str, Any]], services: dict[str, str], nodes: dict[str, str]
) -> list[dict[str, Any]]:
    """``docker stack ps`` rows: the task name is ``<service>.<slot>`` (global: ``<service>.<node id>``)."""
    rows = []
    for task in tasks:
        service = services.get(task.get("ServiceID", ""), task.get("ServiceID", ""))
        slot = task.get("Slot")
        name = f"{service}.{slot}" if slot else f"{service}.{task.get('NodeID', '')}"
        status = task.get("Status") or {}
        rows.append(
            {
                "ID": task["ID"],
                "Name": name,
                "Image": ((task.get("Spec") or {}).get("ContainerSpec") or {}).get("Image", "").split("@")[0],
                "Node": nodes.get(task.get("NodeID", ""), ""),
                "DesiredState": task.get("DesiredState", "").capitalize(),
                "CurrentState": f"{status.get('State', '').capitalize()} {_ago(status.get('Timestamp', ''))}",
                "Error": status.get("Err", ""),
                "Slot": slot,
            }
        )
    rows.sort(key=lambda r: (r["Name"].rsplit(".", 1)[0], r["Slot"] or 0, r["Name"]))
    return rows


@stack_group.command("ps", context_settings=CONTEXT_SETTINGS)
@click.option("-q", "--quiet", is_flag=True, help="Only display task IDs.")
@format_option("table", "json")
@click.option("--no-trunc", is_flag=True, help="Do not truncate the output.")
@click.argument("stack")
@click.pass_obj
def ps_cmd(ctx: StackContext, quiet: bool, fmt: str, no_trunc: bool, stack: str) -> None:
    """List the tasks of the stack (one call for the tasks, one for services, one for nodes)."""
    from pycompose.errors import PycomposeError

    engine = _connect(ctx)
    tasks = engine.tasks(stack=stack)
    if not tasks:
        raise PycomposeError(f"nothing found in stack: {stack}")
    services = {s["ID"]: s["Spec"]["Name"] for s in engine.services(stack)}
    nodes = {n["ID"]: (n.get("Description") or {}).get("Hostname", n["ID"]) for n in engine.nodes()}
    rows = task_rows(tasks, services, nodes)
    if quiet:
        for row in rows:
            click.echo(row["ID"])
        return
    if fmt == "json":
        for row in rows:
            click.echo(json.dumps(row))
        return
    table = [["ID", "NAME", "IMAGE", "NODE", "DESIRED STATE", "CURRENT STATE", "ERROR"]]
    for row in rows:
        error = row["Error"] if no_trunc or len(row["Error"]) < 32 else f'"{row["Error"][:30]}…"'
        table.append(
            [
                row["ID"] if no_trunc else row["ID"][:12],
                row["Name"],
                row["Image"],
                row["Node"],
                row["DesiredState"],
                row["CurrentState"],
                error,
            ]
        )
    click.echo(_table(table))


@stack_group.command("services", context_settings=CONTEXT_SETTINGS)
@click.argument("stack")
@click.pass_obj
def services_cmd(ctx: StackContext, stack: str) -> None:
    """List the services of the stack with their running / desired tasks."""
    from pycompose.errors import PycomposeError

    engine = _connect(ctx)
    services = engine.services(stack)
    if not services:
        raise PycomposeError(f"nothing found in stack: {stack}")
    running: dict[str, int] = {}
    wanted: dict[str, int] = {}
    for task in engine.tasks(stack=stack):
        if task.get("DesiredState") == "running":
            wanted[task["ServiceID"]] = wanted.get(task["ServiceID"], 0) + 1
            if (task.get("Status") or {}).get("State") == "running":
                running[task["ServiceID"]] = running.get(task["ServiceID"], 0) + 1
    table = [["ID", "NAME", "MODE", "REPLICAS", "IMAGE", "PORTS"]]
    for service in sorted(services, key=lambda s: s["Spec"]["Name"]):
        spec = service["Spec"]
        mode = "global" if "Global" in spec.get("Mode", {}) else "replicated"
        desired = (spec.get("Mode", {}).get("Replicated") or {}).get("Replicas")
        if desired is None:  # global: one task per eligible node
            desired = wanted.get(service["ID"], 0)
        replicas = f"{running.get(service['ID'], 0)}/{desired}"
        ports = ", ".join(
            f"*:{p.get('PublishedPort')}->{p.get('TargetPort')}/{p.get('Protocol')}"
            + (" (host)" if p.get("PublishMode") == "host" else "")
            for p in (spec.get("EndpointSpec") or {}).get("Ports") or ()
        )
        image = spec["TaskTemplate"]["ContainerSpec"]["Image"].split("@")[0]
        table.append([service["ID"][:12], spec["Name"], mode, replicas, image, ports])
    click.echo(_table(table))


@stack_group.command("ls", context_settings=CONTEXT_SETTINGS)
@click.pass_obj
def ls_cmd(ctx: StackContext) -> None:
    """List the stacks on the swarm."""
    engine = _connect(ctx)
    rows = [["NAME", "SERVICES"]]
    for name, count in sorted(engine.stacks().items()):
        rows.append([name, str(count)])
    click.echo(_table(rows))


def _in_use(value: Any) -> bool:
    if value is None or value is False or value == "":
        return False
    return not (hasattr(value, "__len__") and len(value) == 0)


@stack_group.command("check", context_settings=CONTEXT_SETTINGS)
@_files_option
@click.option("--all", "show_all", is_flag=True, help="List every key of the table, not only those in use.")
@click.argument("stack", required=False)
@click.pass_obj
def check_cmd(ctx: StackContext, compose_files: tuple[str, ...], show_all: bool, stack: str | None) -> None:
    """Which keys of the file Swarm honours and where they go, which it ignores and why. No engine."""
    from pycompose.swarm.support import DEPLOY_KEYS, HONOURED, IGNORED, SERVICE_KEYS, key_status
    from pycompose.swarm.translate import translate

    project = _load(ctx, compose_files, stack or ctx.options.project_name or "stack")
    rows = [["KEY", "STATUS", "SERVICES", "NOTE"]]
    used: dict[str, list[str]] = {}
    for service in project.services.values():
        for key, value in service.spec.items():
            if not _in_use(value):
                continue
            used.setdefault(key, []).append(service.name)
            if key == "deploy":
                for sub, subvalue in value.items():
                    if _in_use(subvalue):
                        used.setdefault(f"deploy.{sub}", []).append(service.name)
    keys = list(SERVICE_KEYS) + [f"deploy.{k}" for k in DEPLOY_KEYS] if show_all else sorted(used)
    for key in keys:
        if key.startswith("deploy."):
            status, note = DEPLOY_KEYS.get(key[7:], (IGNORED, "not translated for Swarm"))
        else:
            status, note = key_status(key)
        rows.append([key, status, ",".join(used.get(key, [])) or "-", note])
    click.echo(_table(rows))
    try:
        spec = translate(project, project.name)
    except Exception as exc:
        click.echo(f"\nERROR: {exc}", err=True)
        raise click.exceptions.Exit(1) from exc
    honoured = sum(1 for r in rows[1:] if r[1] == HONOURED)
    click.echo(
        f"\n{len(spec.services)} service(s), {honoured} key(s) fully honoured, "
        f"{len(spec.warnings)} warning(s)",
        err=False,
    )
    _warn(spec.warnings)
    sys.stdout.flush()


COMMANDS = (stack_group,)
