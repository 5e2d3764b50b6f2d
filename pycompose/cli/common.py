"""What the engine commands share: load the project, connect, confirm, print or run a plan."""

from __future__ import annotations

import os
import signal
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import click

from pycompose.cli.main import GlobalOptions
from pycompose.errors import PycomposeError, UsageError


def load_project(options: GlobalOptions, services: tuple[str, ...] = ()):  # -> Project
    from pycompose.bind import bind_project
    from pycompose.config.loader import load_model

    return bind_project(load_model(options.load_options(), services=()))


def load_project_or_name(options: GlobalOptions):  # -> tuple[Project | None, str]
    """The project when its files can be found; else only its name (``down -p demo`` works anywhere)."""
    try:
        project = load_project(options)
        return project, project.name
    except UsageError:
        name = options.project_name or os.environ.get("COMPOSE_PROJECT_NAME")
        if not name:
            raise
        from pycompose.config.project_name import check_explicit_name

        return None, check_explicit_name(name)


def connect(options: GlobalOptions):  # -> Engine
    from pycompose.api import connect as api_connect

    return api_connect()


def reporter_for(options: GlobalOptions):
    from pycompose.progress import make_reporter

    return make_reporter(options.progress, sys.stderr, options.ansi)


def print_plan(plan: Any, fmt: str = "text") -> None:
    from pycompose.planner import render

    if fmt == "json":
        click.echo(render.to_json(plan))
    elif fmt == "docker":
        click.echo(render.to_docker(plan))
    else:
        click.echo(render.to_text(plan))


def confirm_destructive(plan: Any, assume_yes: bool, what: str) -> bool:
    """Ask before destructive steps on a terminal; without one, refuse unless ``-y``."""
    steps = plan.destructive_steps()
    if not steps or assume_yes:
        return True
    listing = ", ".join(sorted({s.target for s in steps}))
    if not sys.stdin.isatty():
        raise UsageError(
            f"{what} needs confirmation for destructive steps ({listing})",
            hint="rerun with -y to accept, or on a terminal to be asked",
        )
    return click.confirm(f"{what} will {len(steps)} destructive step(s): {listing}. Continue?", default=False)


def warn_other_working_dir(project: Any, observed: Any, assume_yes: bool) -> None:
    """Say so before touching containers created from another directory (two checkouts, one name)."""
    from pycompose import labels

    dirs = {c.labels.get(labels.WORKING_DIR) for c in observed.containers} - {None, project.working_dir}
    if not dirs:
        return
    other = ", ".join(sorted(d for d in dirs if d))
    message = (
        f"project {project.name} was started from {other}, not from {project.working_dir}: "
        "continuing will change the containers of that checkout"
    )
    if assume_yes:
        click.echo(f"WARNING: {message}", err=True)
        return
    if not sys.stdin.isatty():
        raise UsageError(message, hint="use -p with another project name, or -y to go ahead")
    if not click.confirm(f"{message}. Continue?", default=False):
        raise click.exceptions.Exit(1)


@contextmanager
def interruptible() -> Iterator[threading.Event]:
    """An Event set on the first Ctrl-C (SIGINT/SIGTERM): the executor stops submitting steps."""
    cancel = threading.Event()
    previous: dict[int, Any] = {}

    def handler(signum: int, frame: Any) -> None:
        if cancel.is_set():
            raise KeyboardInterrupt
        cancel.set()
        sys.stderr.write("Interrupted: finishing the running steps (Ctrl-C again to abort)\n")

    if threading.current_thread() is threading.main_thread():
        for sig in (signal.SIGINT, signal.SIGTERM):
            previous[sig] = signal.signal(sig, handler)
    try:
        yield cancel
    finally:
        for sig, old in previous.items():
            signal.signal(sig, old)


def execute_plan(options: GlobalOptions, engine: Any, plan: Any) -> Any:
    """Run a plan with the chosen progress output; raise the first failure as one clear error."""
    from pycompose.executor import execute

    reporter = reporter_for(options)
    with interruptible() as cancel:
        result = execute(plan, engine, reporter, parallel=options.parallel, cancel=cancel)
    if result.interrupted:
        raise PycomposeError("interrupted: the next `up` converges what was left", exit_code=130)
    if not result.ok:
        failures = [r for r in result.results.values() if r.status == "failed"]
        if failures and failures[0].error is not None:
            raise failures[0].error
        raise PycomposeError("some steps failed")
    return result
