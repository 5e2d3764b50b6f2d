"""What the engine commands share: load the project, connect, confirm, print or run a plan."""

from __future__ import annotations

import os
import signal
import sys
import threading
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import replace
from typing import Any, TypeVar

import click

from pycompose.cli.main import GlobalOptions
from pycompose.errors import PycomposeError, UsageError

_F = TypeVar("_F", bound=Callable[..., Any])


def format_option(
    *choices: str, help: str | None = None, show_default: bool | None = True
) -> Callable[[_F], _F]:
    """``--format`` (the ``fmt`` parameter), one of ``choices``, the first being the default.

    One spelling for the commands that print a table or JSON (``images``, ``status``, ``release
    status``, ``stack ps``...), so their flag cannot drift apart; each keeps its own help text, which
    ``--help`` shows and the flag comparison with Docker Compose v2 reads."""
    return click.option(
        "--format",
        "fmt",
        type=click.Choice(list(choices)),
        default=choices[0],
        show_default=show_default,
        help=help,
    )


def quieted(
    options: GlobalOptions, quiet: bool = False, quiet_pull: bool = False, quiet_build: bool = False
) -> GlobalOptions:
    """``options`` with a command's own output flags applied: ``-q`` silences all progress (``pull``,
    ``push``, ``build``, ``run``); ``--quiet-pull`` only the layer lines of pulls and ``--quiet-build``
    only the lines builds print (``up``, ``create``, ``run``), as Docker Compose v2: the step lines
    (``Pulled``, ``Built``) stay, and errors are printed whatever the flags."""
    if quiet:
        options = replace(options, progress="quiet")
    if quiet_pull or quiet_build:
        options = replace(
            options,
            quiet_pull=options.quiet_pull or quiet_pull,
            quiet_build=options.quiet_build or quiet_build,
        )
    return options


def check_services(project: Any, services: Iterable[str]) -> None:
    """Refuse a service name the project does not have; without the project's files (``project`` is
    None, only its name is known: ``logs -p demo`` from anywhere) there is nothing to check against."""
    if project is None:
        return
    for service in services:
        if service not in project.services:
            raise UsageError(f"no such service: {service}")


def load_project(options: GlobalOptions, services: tuple[str, ...] = ()):  # -> Project
    from pycompose.bind import bind_project
    from pycompose.config.loader import load_model

    return bind_project(load_model(options.load_options(), services=(), enable=services))


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

    return make_reporter(
        options.progress,
        sys.stderr,
        options.ansi,
        quiet_pull=options.quiet_pull,
        quiet_build=options.quiet_build,
    )


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


def execute_plan(options: GlobalOptions, engine: Any, plan: Any, raise_on_failure: bool = True) -> Any:
    """Run a plan with the chosen progress output; raise the first failure as one clear error."""
    if not plan.steps:
        return None  # nothing to do: no executor, no progress output (a no-op `up` stays cheap)
    from pycompose.rollout import run_plan as execute  # execute(), plus rolling updates' failure policy

    reporter = reporter_for(options)
    with interruptible() as cancel:
        result = execute(plan, engine, reporter, parallel=options.parallel, cancel=cancel)
    if result.interrupted:
        raise PycomposeError("interrupted: the next `up` converges what was left", exit_code=130)
    if not result.ok and raise_on_failure:
        failures = [r for r in result.results.values() if r.status == "failed"]
        if failures and failures[0].error is not None:
            raise failures[0].error
        raise PycomposeError("some steps failed")
    return result


#: ``up --wait`` exit codes: a container failed (exited, unhealthy) / did not get there in time
WAIT_FAILED_EXIT = 1
WAIT_TIMEOUT_EXIT = 124


def report_wait_failures(plan: Any, result: Any, engine: Any) -> None:
    """After ``up --wait``: a table of every waited container, then one error with a distinct exit code."""
    from pycompose.errors import WaitTimeoutError

    waits = [s for s in plan.steps if s.action.startswith("wait_") and s.reason.startswith("--wait")]
    failed = [r for r in result.results.values() if r.status == "failed"]
    if not failed:
        return
    rows = [["SERVICE", "CONTAINER", "TARGET", "STATE", "RESULT"]]
    timed_out = other = 0
    for step in waits:
        name = step.params["name"]
        info = engine.inspect_container(name)
        state = "missing"
        if info is not None:
            state = info.state
            if info.health:
                state += f" ({info.health})"
            if info.state == "exited":
                state += f" ({info.exit_code})"
        outcome = result.results.get(step.id)
        crashed = (
            step.action == "wait_running"
            and info is not None
            and info.state == "exited"
            and info.exit_code not in (0, None)
        )
        if crashed and (outcome is None or outcome.status == "done"):
            # seen running, then exited while the others were still awaited: not its target state
            verdict, other = f"failed: container {name} exited with code {info.exit_code}", other + 1
        elif outcome is None or outcome.status == "done":
            verdict = "ok"
        elif outcome.status == "failed" and isinstance(outcome.error, WaitTimeoutError):
            verdict, timed_out = "timed out", timed_out + 1
        elif outcome.status == "failed":
            verdict, other = f"failed: {outcome.error}", other + 1
        else:
            verdict = outcome.reason or outcome.status
        service = info.service if info is not None else "?"
        target = step.action.removeprefix("wait_")
        rows.append([service, name, target, state, verdict])
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    table = "\n".join("   ".join(c.ljust(widths[i]) for i, c in enumerate(r)).rstrip() for r in rows)
    sys.stderr.write(table + "\n")
    non_wait = [r for r in failed if not r.step_id.startswith("wait_")]
    if non_wait and non_wait[0].error is not None:
        raise non_wait[0].error
    if other or not timed_out:
        raise PycomposeError(
            f"{other or len(failed)} service(s) failed to reach their target state",
            exit_code=WAIT_FAILED_EXIT,
        )
    raise PycomposeError(
        f"{timed_out} service(s) did not reach their target state in time",
        hint="raise --wait-timeout or check the healthchecks",
        exit_code=WAIT_TIMEOUT_EXIT,
    )
