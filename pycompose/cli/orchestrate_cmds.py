"""``reconcile`` (keep the project at its declared state) and ``status`` (what the loop did)."""

from __future__ import annotations

import json
import os
import signal
import sys
import threading
from typing import Any

import click

from pycompose.cli.common import format_option
from pycompose.cli.main import CONTEXT_SETTINGS, GlobalOptions
from pycompose.errors import UsageError

RECONCILE_EPILOG = """\b
Examples:
  pycompose reconcile                      repair on engine events, and every 10 s
  pycompose reconcile --format json        one JSON object per action, for machines
  pycompose reconcile --once               one cycle, then exit (cron, CI)

\b
Settings (top level or per service; the service's win):
  x-pycompose:
    reconcile: {unhealthy_after: 30s, max_restarts: 5, backoff: 1s, max_backoff: 1m, reset_after: 1m}
"""


@click.command("reconcile", context_settings=CONTEXT_SETTINGS, epilog=RECONCILE_EPILOG)
@click.option(
    "--interval",
    type=float,
    default=10.0,
    show_default=True,
    help="Seconds between snapshots (events wake it).",
)
@format_option("text", "json", help="Log format.")
@click.option("--once", is_flag=True, help="Run one cycle, then exit.")
@click.pass_obj
def reconcile_cmd(options: GlobalOptions, interval: float, fmt: str, once: bool) -> None:
    """Keep the project at its declared state: replace replicas that exited, were removed or stay
    unhealthy, with backoff and a restart limit; log every action with its reason. Foreground; Ctrl-C
    stops it."""
    from pycompose.cli.common import connect, load_project
    from pycompose.reconcile import format_text, run_loop, state_path

    if options.dry_run:
        raise UsageError("reconcile has no dry run", hint="`pycompose plan` shows what one cycle would do")
    if interval <= 0:
        raise UsageError("--interval must be more than 0")
    project = load_project(options)
    engine = connect(options)
    address = os.environ.get("DOCKER_HOST", "")

    def emit(rec: dict[str, Any]) -> None:
        line = json.dumps(rec, sort_keys=False) if fmt == "json" else format_text(rec)
        sys.stdout.write(line + "\n")
        sys.stdout.flush()

    stop = threading.Event()
    previous = {}
    if threading.current_thread() is threading.main_thread():
        for sig in (signal.SIGINT, signal.SIGTERM):
            previous[sig] = signal.signal(sig, lambda signum, frame: stop.set())
    try:
        ok = run_loop(
            project,
            engine,
            emit,
            interval=interval,
            once=once,
            stop=stop,
            state_file=state_path(project.name, address),
            engine_address=address,
            parallel=options.parallel,
        )
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
    if once and not ok:
        raise click.exceptions.Exit(1)


def _age(stamp: str) -> str:
    return stamp.replace("T", " ")[:19] if stamp else ""


@click.command("status", context_settings=CONTEXT_SETTINGS)
@format_option("table", "json", help="Output.")
@click.pass_obj
def status_cmd(options: GlobalOptions, fmt: str) -> None:
    """Per service: desired and running replicas, health, restarts, and the last action of the reconcile
    loop with its reason."""
    from pycompose.api import observe_project
    from pycompose.cli.common import connect, load_project
    from pycompose.reconcile import loop_alive, read_state, state_path, status_rows

    project = load_project(options)
    engine = connect(options)
    data = read_state(state_path(project.name, os.environ.get("DOCKER_HOST", "")))
    rows = status_rows(project, observe_project(engine, project), data)
    alive = loop_alive(data)
    if fmt == "json":
        loop = {"running": alive, "pid": (data or {}).get("pid"), "updated": (data or {}).get("updated")}
        click.echo(json.dumps({"project": project.name, "reconcile": loop, "services": rows}, indent=2))
        return
    if data is None:
        click.echo(f"project {project.name}: no reconcile loop has run (`pycompose reconcile` starts one)")
    else:
        state = f"running (pid {data.get('pid')})" if alive else "not running"
        click.echo(
            f"project {project.name}: reconcile loop {state}, last cycle {_age(str(data.get('updated')))}"
        )
    table = [["SERVICE", "DESIRED", "RUNNING", "HEALTH", "RESTARTS", "LAST ACTION"]]
    notes = []
    for row in rows:
        health = ", ".join(f"{n} {k}" for k, n in sorted(row["health"].items())) or "-"
        last = "-"
        if row["last_action"]:
            when = _age(row["last_time"])[11:]
            last = f"{when} {row['last_action']} {row['last_container']}: {row['last_reason']}"
            if row["last_result"]:
                last += f" -> {row['last_result']}"
        table.append(
            [row["service"], str(row["desired"]), str(row["running"]), health, str(row["restarts"]), last]
        )
        notes += [f"  gave up on {g}" for g in row["given_up"]]
    widths = [max(len(r[i]) for r in table) for i in range(len(table[0]) - 1)]
    for r in table:
        click.echo("   ".join([*(c.ljust(widths[i]) for i, c in enumerate(r[:-1])), r[-1]]).rstrip())
    for note in notes:
        click.echo(note)


COMMANDS = (reconcile_cmd, status_cmd)
