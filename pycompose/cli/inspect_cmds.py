"""Read-only commands: ``ps``, ``ls``, ``logs``, ``top``, ``port``. One list call each, never per service."""

from __future__ import annotations

import json
from datetime import datetime, timezone

import click

from pycompose.cli.common import check_services, format_option
from pycompose.cli.main import CONTEXT_SETTINGS, GlobalOptions
from pycompose.errors import UsageError


def _project_and_containers(options: GlobalOptions, services: tuple[str, ...] = (), all_: bool = True):
    from pycompose import labels
    from pycompose.cli.common import connect, load_project_or_name

    project, name = load_project_or_name(options)
    engine = connect(options)
    check_services(project, services)
    containers = engine.list_containers(labels.project_filter(name), all=all_)
    if services:
        containers = [c for c in containers if c.service in services]
    return project, name, engine, sorted(containers, key=lambda c: (c.service, c.number, c.name))


def _ago(created: str) -> str:
    try:
        then = datetime.fromisoformat(
            created.replace("Z", "+00:00")[:26] + ("+00:00" if "+" not in created[19:] else "")
        )
    except ValueError:
        return created
    seconds = max(int((datetime.now(timezone.utc) - then).total_seconds()), 0)
    for unit, size in (("day", 86400), ("hour", 3600), ("minute", 60)):
        if seconds >= size:
            count = seconds // size
            return f"{count} {unit}{'s' if count > 1 else ''} ago"
    return f"{seconds} seconds ago"


def _ports(container: object) -> str:
    out = []
    for port in container.ports:  # type: ignore[attr-defined]
        private, proto = port.get("PrivatePort"), port.get("Type", "tcp")
        if port.get("PublicPort"):
            ip = port.get("IP") or "0.0.0.0"
            ip = f"[{ip}]" if ":" in ip else ip
            out.append(f"{ip}:{port['PublicPort']}->{private}/{proto}")
        else:
            out.append(f"{private}/{proto}")
    return ", ".join(dict.fromkeys(out))


def _table(rows: list[list[str]]) -> str:
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    return "\n".join("   ".join(cell.ljust(widths[i]) for i, cell in enumerate(row)).rstrip() for row in rows)


@click.command("ps", context_settings=CONTEXT_SETTINGS)
@click.argument("services", nargs=-1)
@click.option("-a", "--all", "all_", is_flag=True, help="Show all stopped containers too.")
@click.option("-q", "--quiet", is_flag=True, help="Only display IDs.")
@click.option("--services", "list_services", is_flag=True, help="Display services.")
@click.option(
    "--status",
    multiple=True,
    type=click.Choice(["paused", "restarting", "removing", "running", "dead", "created", "exited"]),
    help="Filter by status.",
)
@click.option("--filter", "filters", multiple=True, metavar="KEY=VALUE", help="Filter, e.g. status=running.")
@click.option("--format", "fmt", default="table", help="table or json.")
@click.option("--no-trunc", is_flag=True, help="Don't truncate output.")
@click.option("--orphans/--no-orphans", default=True, help="Include orphaned services.")
@click.pass_obj
def ps_cmd(
    options: GlobalOptions,
    services: tuple[str, ...],
    all_: bool,
    quiet: bool,
    list_services: bool,
    status: tuple[str, ...],
    filters: tuple[str, ...],
    fmt: str,
    no_trunc: bool,
    orphans: bool,
) -> None:
    """List containers of the project."""
    wanted = set(status)
    for f in filters:
        key, _, value = f.partition("=")
        if key != "status":
            raise UsageError(f"unsupported filter {key!r}", hint="only status=VALUE is supported")
        wanted.add(value)
    project, _, _, containers = _project_and_containers(options, services, all_=True)
    containers = [c for c in containers if not c.oneoff or all_]
    if not all_ and not wanted:
        containers = [c for c in containers if c.state in ("running", "restarting", "paused")]
    if wanted:
        containers = [c for c in containers if c.state in wanted]
    if project is not None and not orphans:
        containers = [c for c in containers if c.service in project.services]
    if quiet:
        for c in containers:
            click.echo(c.id if no_trunc else c.id[:12] if False else c.id)
        return
    if list_services:
        for name in dict.fromkeys(c.service for c in containers):
            click.echo(name)
        return
    if fmt == "json":
        for c in containers:
            click.echo(
                json.dumps(
                    {
                        "ID": c.id,
                        "Name": c.name,
                        "Image": c.image,
                        "Command": c.command,
                        "Project": c.project,
                        "Service": c.service,
                        "State": c.state,
                        "Health": c.health or "",
                        "ExitCode": c.exit_code or 0,
                        "Status": c.status,
                        "Publishers": [dict(p) for p in c.ports],
                        "Labels": dict(c.labels),
                        "Created": c.created,
                    }
                )
            )
        return
    rows = [["NAME", "IMAGE", "COMMAND", "SERVICE", "CREATED", "STATUS", "PORTS"]]
    for c in containers:
        command = c.command if no_trunc or len(c.command) <= 20 else c.command[:19] + "…"
        rows.append([c.name, c.image, f'"{command}"', c.service, _ago(c.created), c.status, _ports(c)])
    click.echo(_table(rows))


@click.command("ls", context_settings=CONTEXT_SETTINGS)
@click.option("-a", "--all", "all_", is_flag=True, help="Show all stopped Compose projects.")
@click.option("-q", "--quiet", is_flag=True, help="Only display project names.")
@format_option("table", "json", show_default=None)
@click.option("--filter", "filters", multiple=True, metavar="name=VALUE", help="Filter by project name.")
@click.pass_obj
def ls_cmd(options: GlobalOptions, all_: bool, quiet: bool, fmt: str, filters: tuple[str, ...]) -> None:
    """List running Compose projects (one list call for all of them)."""
    from pycompose import labels
    from pycompose.cli.common import connect

    engine = connect(options)
    projects: dict[str, dict[str, object]] = {}
    for c in engine.list_containers({"label": [labels.PROJECT]}, all=True):
        entry = projects.setdefault(c.project, {"states": {}, "files": c.labels.get(labels.CONFIG_FILES, "")})
        states: dict[str, int] = entry["states"]  # type: ignore[assignment]
        states[c.state] = states.get(c.state, 0) + 1
    names = [n for n in sorted(projects) if all_ or projects[n]["states"].get("running")]  # type: ignore[union-attr]
    for f in filters:
        key, _, value = f.partition("=")
        if key == "name":
            names = [n for n in names if value in n]
    if quiet:
        for name in names:
            click.echo(name)
        return

    def status(name: str) -> str:
        states = projects[name]["states"]
        return ", ".join(f"{s}({n})" for s, n in sorted(states.items()))  # type: ignore[union-attr]

    if fmt == "json":
        click.echo(
            json.dumps([{"Name": n, "Status": status(n), "ConfigFiles": projects[n]["files"]} for n in names])
        )
        return
    rows = [["NAME", "STATUS", "CONFIG FILES"]] + [[n, status(n), str(projects[n]["files"])] for n in names]
    click.echo(_table(rows))


@click.command("logs", context_settings=CONTEXT_SETTINGS)
@click.argument("services", nargs=-1)
@click.option(
    "-f", "--follow", is_flag=True, help="Follow log output (also of restarted/recreated containers)."
)
@click.option("-n", "--tail", default="all", help="Number of lines from the end of the logs.")
@click.option("-t", "--timestamps", is_flag=True, help="Show timestamps.")
@click.option("--since", default=None, help="Show logs since a timestamp or relative time (42m).")
@click.option("--until", default=None, help="Show logs before a timestamp or relative time.")
@click.option("--no-color", is_flag=True, help="Produce monochrome output.")
@click.option("--no-log-prefix", is_flag=True, help="Don't print the prefix in logs.")
@click.option("--index", type=int, default=None, help="Index of the container if the service has replicas.")
@click.pass_obj
def logs_cmd(
    options: GlobalOptions,
    services: tuple[str, ...],
    follow: bool,
    tail: str,
    timestamps: bool,
    since: str | None,
    until: str | None,
    no_color: bool,
    no_log_prefix: bool,
    index: int | None,
) -> None:
    """View output from containers."""
    from pycompose.cli.attach import LogPrinter, follow_logs

    _, name, engine, containers = _project_and_containers(options, services, all_=True)
    if index is not None:
        containers = [c for c in containers if c.number == index]
    printer = LogPrinter(no_color=no_color, no_prefix=no_log_prefix, timestamps=timestamps)
    follow_logs(
        engine,
        name,
        containers,
        printer,
        follow=follow,
        tail=tail,
        since=since,
        until=until,
        timestamps=timestamps,
        services=services,
    )


@click.command("top", context_settings=CONTEXT_SETTINGS)
@click.argument("services", nargs=-1)
@click.pass_obj
def top_cmd(options: GlobalOptions, services: tuple[str, ...]) -> None:
    """Display the running processes."""
    _, _, engine, containers = _project_and_containers(options, services, all_=False)
    for c in containers:
        result = engine.top(c.id)
        rows = [list(result.get("Titles") or [])] + [list(p) for p in result.get("Processes") or []]
        click.echo(c.name)
        if rows and rows[0]:
            click.echo(_table(rows))
        click.echo("")


@click.command("port", context_settings=CONTEXT_SETTINGS)
@click.argument("service")
@click.argument("private_port", type=int)
@click.option("--protocol", type=click.Choice(["tcp", "udp"]), default="tcp")
@click.option("--index", type=int, default=1, help="Index of the container if the service has replicas.")
@click.pass_obj
def port_cmd(options: GlobalOptions, service: str, private_port: int, protocol: str, index: int) -> None:
    """Print the public port for a port binding."""
    _, _, _, containers = _project_and_containers(options, (service,), all_=False)
    for c in containers:
        if c.number != index:
            continue
        for port in c.ports:
            if (
                port.get("PrivatePort") == private_port
                and port.get("Type", "tcp") == protocol
                and port.get("PublicPort")
            ):
                click.echo(f"{port.get('IP') or '0.0.0.0'}:{port['PublicPort']}")
                return
    raise UsageError(f"no port {private_port}/{protocol} for container {service} #{index}")


COMMANDS = (ps_cmd, ls_cmd, logs_cmd, top_cmd, port_cmd)
