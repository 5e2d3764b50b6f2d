"""How a running plan shows up: the ``Reporter`` protocol and its terminal, plain, JSON and quiet forms.

The executor reports every step transition to a ``Reporter`` and prints nothing itself, so the same run
can draw a live view on a terminal, write Docker Compose v2's plain lines into a CI log, or emit JSON for
a tool. The executor calls reporters only from the thread that runs ``execute``; the one reporter with a
thread of its own (rich's ``Live`` refresher in ``TtyReporter``) guards its state with a lock.

The plain lines copy Docker Compose v2 (``--progress plain``) so logs read the same::

     Network demo_default  Creating
     Network demo_default  Created
     Container demo-web-1  Waiting
     Container demo-web-1  Healthy
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import TYPE_CHECKING, Any, Protocol, TextIO

from pycompose.errors import UsageError
from pycompose.planner.plan import Plan, Step

if TYPE_CHECKING:
    from rich.console import Console, RenderableType
    from rich.spinner import Spinner

    from pycompose.engine.base import ImageProgress
    from pycompose.executor import ExecutionResult, StepResult


class Reporter(Protocol):
    """Receives a plan's progress. Per step: ``step_started`` then ``step_finished``, except for steps
    that never run (skipped or cancelled), which get ``step_finished`` alone. All calls come between
    ``plan_started`` and ``plan_finished``, from one thread.

    A reporter may also define ``step_progress(step, event: ImageProgress)``: the layer events of a running
    pull or push. The executor calls it from the step's worker thread (one call at a time), so it must
    guard any state it shares with the other methods; reporters without it cost pulls nothing.
    Likewise ``step_output(step, line: str)``: the lines a running build prints."""

    def plan_started(self, plan: Plan) -> None: ...
    def step_started(self, step: Step) -> None: ...
    def step_finished(self, step: Step, result: StepResult) -> None: ...
    def plan_finished(self, result: ExecutionResult) -> None: ...
    def message(self, text: str) -> None: ...


# ------------------------------------------------------------------------------------------ wording

_KINDS = {
    "container": "Container",
    "network": "Network",
    "volume": "Volume",
    "image": "Image",
    "secret": "Secret",
    "config": "Config",
}

#: Step.action -> (text while running, text once done), Docker Compose v2's words where it has them
STATUS_TEXT: Mapping[str, tuple[str, str]] = {
    "build_image": ("Building", "Built"),
    "pull_image": ("Pulling", "Pulled"),
    "push_image": ("Pushing", "Pushed"),
    "remove_image": ("Removing", "Removed"),
    "create_network": ("Creating", "Created"),
    "remove_network": ("Removing", "Removed"),
    "create_volume": ("Creating", "Created"),
    "remove_volume": ("Removing", "Removed"),
    "create_container": ("Creating", "Created"),
    "start_container": ("Starting", "Started"),
    "stop_container": ("Stopping", "Stopped"),
    "restart_container": ("Restarting", "Restarted"),
    "kill_container": ("Killing", "Killed"),
    "pause_container": ("Pausing", "Paused"),
    "unpause_container": ("Unpausing", "Unpaused"),
    "remove_container": ("Removing", "Removed"),
    "rename_container": ("Renaming", "Renamed"),
    "connect_network": ("Connecting", "Connected"),
    "disconnect_network": ("Disconnecting", "Disconnected"),
    "wait_running": ("Waiting", "Running"),
    "wait_healthy": ("Waiting", "Healthy"),
    "wait_completed": ("Waiting", "Exited"),
    "wait_stable": ("Monitoring", "Stable"),
    "wait_delay": ("Waiting", "Waited"),
    "create_secret": ("Creating", "Created"),
    "create_config": ("Creating", "Created"),
    "create_service": ("Creating", "Created"),
    "update_service": ("Updating", "Updated"),
    "remove_service": ("Removing", "Removed"),
    "remove_secret": ("Removing", "Removed"),
    "remove_config": ("Removing", "Removed"),
}


def resource_label(step: Step) -> str:
    """``Container demo-web-1``, ``Network demo_default``: what Docker Compose names in its progress.

    Taken from the target (``container:demo-web-1``), which names the final resource even when the step
    acts on a temporary one (a recreated container is created under a temporary name, then renamed).
    """
    kind, sep, name = step.target.partition(":")
    if sep and kind == "service" and step.action.endswith("_service"):  # a Swarm service
        return f"Service {name}"
    if sep and kind in _KINDS:
        return f"{_KINDS[kind]} {name}"
    return step.target


def status_text(step: Step, result: StepResult | None = None) -> str:
    """The word for a transition: ``Creating`` when started, ``Created`` when done, and for the rest
    ``Error: <message>``, ``Skipped: <why>``, ``Cancelled``."""
    working, done = STATUS_TEXT.get(step.action, (step.action, step.action))
    if step.action in ("connect_network", "disconnect_network"):
        network = step.params.get("network", "")
        working, done = f"{working} {network}", f"{done} {network}"
    if result is None:
        return working
    if result.status == "done":
        return done
    if result.status == "failed":
        return f"Error: {result.error}" if result.error is not None else "Error"
    if result.status == "skipped":
        return f"Skipped: {result.reason}" if result.reason else "Skipped"
    return "Cancelled"


def layer_text(step: Step, event: ImageProgress) -> str | None:
    """``Pushing 1a2b3c4d5e6f: Layer already exists``: one layer event of a pull or push, or None for
    the events about the whole image (``Pulling from x``, ``Digest: ...``, the push summary)."""
    if not event.layer or event.status.startswith("Pulling from"):
        return None
    working = STATUS_TEXT.get(step.action, (step.action, step.action))[0]
    return f"{working} {event.layer}: {event.status}"


class _LayerStates:
    """The last status printed per (step, layer): a line per status change, not per transferred chunk.
    Called from the worker threads of pulls and pushes (see ``Reporter``), hence the lock."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._seen: dict[tuple[str, str], str] = {}

    def changed(self, step: Step, event: ImageProgress) -> str | None:
        text = layer_text(step, event)
        if text is None:
            return None
        with self._lock:
            key = (step.id, event.layer)
            if self._seen.get(key) == event.status:
                return None
            self._seen[key] = event.status
        return text


def output_prefix(step: Step) -> str:
    """Who printed a build line: the service (``web``), else the resource (``Image demo-web``)."""
    return str(step.params.get("service") or resource_label(step))


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="milliseconds").replace("+00:00", "Z")


# ------------------------------------------------------------------------------------------ reporters


class QuietReporter:
    """Prints nothing (``--progress quiet``); errors still reach the user through the CLI."""

    def plan_started(self, plan: Plan) -> None:
        pass

    def step_started(self, step: Step) -> None:
        pass

    def step_finished(self, step: Step, result: StepResult) -> None:
        pass

    def plan_finished(self, result: ExecutionResult) -> None:
        pass

    def message(self, text: str) -> None:
        pass


class PlainReporter:
    """One line per transition, as Docker Compose v2's ``--progress plain`` (CI logs, pipes).

    Steps the plan itself skipped (orphans kept without ``--remove-orphans``) print nothing: the plan
    shows them, and a line per kept orphan on every ``up`` would be noise. Cancelled steps print only if
    they had started, so an interrupted run names what was cut short, not everything it never began.
    """

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream
        self._started: set[str] = set()
        self._layers = _LayerStates()
        self._write = threading.Lock()  # step_progress writes from worker threads

    def _line(self, text: str) -> None:
        with self._write:
            self.stream.write(text + "\n")
            self.stream.flush()

    def step_progress(self, step: Step, event: ImageProgress) -> None:
        """`` Image x  Pushing 1a2b3c4d5e6f: Pushed``, once per layer status."""
        text = self._layers.changed(step, event)
        if text is not None:
            self._line(f" {resource_label(step)}  {text}")

    def step_output(self, step: Step, line: str) -> None:
        """``[web] Step 2/3 : RUN make``: a build's lines, prefixed with its service."""
        self._line(f"[{output_prefix(step)}] {line}")

    def plan_started(self, plan: Plan) -> None:
        self._started.clear()

    def step_started(self, step: Step) -> None:
        self._started.add(step.id)
        self._line(f" {resource_label(step)}  {status_text(step)}")

    def step_finished(self, step: Step, result: StepResult) -> None:
        if step.skipped or (result.status == "cancelled" and step.id not in self._started):
            return
        self._line(f" {resource_label(step)}  {status_text(step, result)}")

    def plan_finished(self, result: ExecutionResult) -> None:
        pass

    def message(self, text: str) -> None:
        self._line(text)


class JsonReporter:
    """One JSON object per line and per transition, for tools::

        {"time": "...Z", "step": "start_container:demo-web-1", "action": "start_container",
         "target": "container:demo-web-1", "status": "started", "reason": "new service",
         "resource": "Container demo-web-1", "text": "Starting"}

    ``status`` is ``started`` then the ``StepResult`` status (``done`` | ``failed`` | ``skipped`` |
    ``cancelled``); ``reason`` is always the plan's reason for the step; a finished step adds
    ``duration`` (seconds), a failed one ``error``, a skipped or cancelled one ``detail`` (why). Unlike
    the plain form this includes steps the plan skipped: a tool wants the whole picture.
    ``message`` writes ``{"time", "message"}``.
    """

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream
        self._layers = _LayerStates()
        self._write = threading.Lock()  # step_progress writes from worker threads

    def _emit(self, record: Mapping[str, Any]) -> None:
        line = json.dumps(record, ensure_ascii=False) + "\n"
        with self._write:
            self.stream.write(line)
            self.stream.flush()

    def step_progress(self, step: Step, event: ImageProgress) -> None:
        """``{"status": "progress", "layer": ..., "detail": "Pushed", "text": "Pushing <layer>: Pushed"}``
        once per layer status."""
        text = self._layers.changed(step, event)
        if text is None:
            return
        record = self._record(step, "progress")
        record.update(text=text, layer=event.layer, detail=event.status)
        self._emit(record)

    def step_output(self, step: Step, line: str) -> None:
        """``{"status": "output", "output": "Step 2/3 : RUN make", ...}`` per line of a build."""
        record = self._record(step, "output")
        record["output"] = line
        self._emit(record)

    def _record(self, step: Step, status: str, result: StepResult | None = None) -> dict[str, Any]:
        return {
            "time": _now(),
            "step": step.id,
            "action": step.action,
            "target": step.target,
            "status": status,
            "reason": step.reason,
            "resource": resource_label(step),
            "text": status_text(step, result),
        }

    def plan_started(self, plan: Plan) -> None:
        pass

    def step_started(self, step: Step) -> None:
        self._emit(self._record(step, "started"))

    def step_finished(self, step: Step, result: StepResult) -> None:
        record = self._record(step, result.status, result)
        record["duration"] = round(result.duration, 3)
        if result.error is not None:
            record["error"] = str(result.error)
        if result.reason:
            record["detail"] = result.reason
        self._emit(record)

    def plan_finished(self, result: ExecutionResult) -> None:
        pass

    def message(self, text: str) -> None:
        self._emit({"time": _now(), "message": text})


class MutedReporter:
    """Passes everything on to ``inner`` but the detail of some steps: the layer events of pulls
    (``up --quiet-pull``) and the lines builds print (``up --quiet-build``).

    As Docker Compose v2 does, only the detail goes: the step lines (``Image web  Pulling``, ``Built``)
    and a failed step's error still show, since they say what happened and what went wrong."""

    def __init__(self, inner: Reporter, quiet_pull: bool = False, quiet_build: bool = False) -> None:
        self._inner = inner
        self._no_progress = frozenset({"pull_image"} if quiet_pull else ())
        self._no_output = frozenset({"build_image"} if quiet_build else ())

    def plan_started(self, plan: Plan) -> None:
        self._inner.plan_started(plan)

    def step_started(self, step: Step) -> None:
        self._inner.step_started(step)

    def step_finished(self, step: Step, result: StepResult) -> None:
        self._inner.step_finished(step, result)

    def plan_finished(self, result: ExecutionResult) -> None:
        self._inner.plan_finished(result)

    def message(self, text: str) -> None:
        self._inner.message(text)

    def step_progress(self, step: Step, event: ImageProgress) -> None:
        method = getattr(self._inner, "step_progress", None)
        if method is not None and step.action not in self._no_progress:
            method(step, event)

    def step_output(self, step: Step, line: str) -> None:
        method = getattr(self._inner, "step_output", None)
        if method is not None and step.action not in self._no_output:
            method(step, line)


@dataclass
class _Line:
    """One resource in the live view: its latest state, words and timing."""

    label: str
    remaining: int  # runnable steps of this resource not finished yet
    state: str = "pending"  # pending | working | done | error | skipped | cancelled
    text: str = ""
    started: float | None = None
    ended: float | None = None
    spinner: Spinner | None = field(default=None, repr=False)


class TtyReporter:
    """A live view like Docker Compose v2's terminal progress: a ``[+] Running 3/5`` header, then a line
    per resource (container, network, volume, image) with a spinner or a mark, its latest status and
    its elapsed time. Several steps of one resource (create, start, wait) update the same line, so the
    view stays one line per thing the user knows about.

    Rich's ``Live`` redraws from its own thread at ``refresh_per_second`` (transitions do not force a
    redraw: with hundreds of containers that would print the whole view once per step); every state
    change and every render takes ``_lock``.
    """

    _MARKS: Mapping[str, tuple[str, str]] = {
        "done": ("✔", "green"),
        "error": ("✘", "red"),
        "skipped": ("-", "yellow"),
        "cancelled": ("!", "yellow"),
        "pending": (" ", ""),
    }

    def __init__(self, console: Console | None = None, refresh_per_second: float = 10.0) -> None:
        from rich.console import Console

        self.console = console if console is not None else Console(stderr=True, highlight=False)
        self.refresh_per_second = refresh_per_second
        self._lock = threading.Lock()
        self._lines: dict[str, _Line] = {}
        self._shown: list[str] = []  # labels in the order they first appeared
        self._live: Any = None

    # state changes, from the executor's thread

    def plan_started(self, plan: Plan) -> None:
        from rich.live import Live

        with self._lock:
            self._lines.clear()
            self._shown.clear()
            for step in plan.runnable():
                label = resource_label(step)
                line = self._lines.setdefault(label, _Line(label, 0))
                line.remaining += 1
        self._live = Live(
            self,
            console=self.console,
            refresh_per_second=self.refresh_per_second,
            transient=False,
            redirect_stdout=False,
            redirect_stderr=False,
        )
        self._live.start()

    def _show(self, label: str) -> _Line:
        line = self._lines.setdefault(label, _Line(label, 0))
        if label not in self._shown:
            self._shown.append(label)
        return line

    def step_started(self, step: Step) -> None:
        from rich.spinner import Spinner

        now = time.monotonic()
        with self._lock:
            line = self._show(resource_label(step))
            line.state = "working"
            line.text = status_text(step)
            line.started = now if line.started is None else line.started
            line.ended = None
            if line.spinner is None:
                line.spinner = Spinner("dots", style="blue")

    def step_output(self, step: Step, line: str) -> None:
        """The resource's line shows the latest line of its build."""
        text = line.strip()
        if not text:
            return
        with self._lock:
            current = self._lines.get(resource_label(step))
            if current is not None and current.state == "working":
                current.text = f"{status_text(step)} {text}"

    def step_progress(self, step: Step, event: ImageProgress) -> None:
        """The resource's line shows its latest layer event, with byte counts while transferring."""
        text = layer_text(step, event)
        if text is None:
            return
        if event.current is not None and event.total:
            text += f" {_bytes(event.current)}/{_bytes(event.total)}"
        with self._lock:
            line = self._lines.get(resource_label(step))
            if line is not None and line.state == "working":
                line.text = text

    def step_finished(self, step: Step, result: StepResult) -> None:
        if step.skipped:
            return  # not counted, not shown: see PlainReporter
        now = time.monotonic()
        with self._lock:
            label = resource_label(step)
            line = self._lines.get(label)
            if result.status == "cancelled" and (line is None or line.state == "pending"):
                if line is not None:
                    line.remaining -= 1
                return
            line = self._show(label)
            line.remaining -= 1
            line.text = status_text(step, result)
            line.started = now - result.duration if line.started is None else line.started
            line.ended = now
            if result.status == "done":
                line.state = "done"
            elif result.status == "failed":
                line.state = "error"
            elif result.status == "skipped":
                line.state = "skipped"
            else:
                line.state = "cancelled"

    def plan_finished(self, result: ExecutionResult) -> None:
        live, self._live = self._live, None
        if live is not None:
            live.refresh()
            live.stop()

    def message(self, text: str) -> None:
        console = self._live.console if self._live is not None else self.console
        console.print(text, markup=False, highlight=False)

    # rendering, from rich's refresh thread or ours

    def __rich__(self) -> RenderableType:
        from rich.console import Group
        from rich.table import Table
        from rich.text import Text

        now = time.monotonic()
        with self._lock:
            total = len(self._lines)
            finished = sum(1 for line in self._lines.values() if line.remaining <= 0)
            header = Text.assemble(("[+] ", "bold blue"), f"Running {finished}/{total}")
            table = Table.grid(padding=(0, 1), expand=True)
            table.add_column(width=2, justify="right")
            table.add_column(no_wrap=True)
            table.add_column(no_wrap=True, overflow="ellipsis", ratio=1)
            table.add_column(justify="right", no_wrap=True, style="blue")
            for label in self._shown:
                line = self._lines[label]
                mark: RenderableType
                if line.state == "working" and line.spinner is not None:
                    mark = line.spinner
                else:
                    char, style = self._MARKS.get(line.state, (" ", ""))
                    mark = Text(char, style=style)
                end = line.ended if line.ended is not None else now
                elapsed = f"{end - line.started:.1f}s" if line.started is not None else ""
                style = "red" if line.state == "error" else ""
                table.add_row(mark, label, Text(line.text, style=style), elapsed)
        return Group(header, table)


def _bytes(n: int) -> str:
    """Docker's decimal sizes: ``512B``, ``2.05kB``, ``1.98MB``."""
    size = float(n)
    for unit in ("B", "kB", "MB", "GB"):
        if size < 1000 or unit == "GB":
            return f"{size:.3g}{unit}"
        size /= 1000
    return f"{size:.3g}GB"


# ------------------------------------------------------------------------------------------ choice

PROGRESS_MODES = ("auto", "tty", "plain", "json", "quiet")


def _isatty(stream: TextIO) -> bool:
    try:
        return bool(stream.isatty())
    except (AttributeError, ValueError, OSError):
        return False


def make_reporter(
    progress: str | None,
    stream: TextIO,
    ansi: str | None = "auto",
    quiet_pull: bool = False,
    quiet_build: bool = False,
) -> Reporter:
    """The reporter for ``--progress`` and ``--ansi``, as Docker Compose chooses.

    ``auto`` draws the live view when ``stream`` is a terminal and writes plain lines otherwise;
    ``--ansi always`` forces the live view, ``--ansi never`` forces plain lines (the live view is
    cursor movement, so without ANSI codes it cannot be drawn, even with ``--progress tty``).
    ``quiet_pull`` / ``quiet_build`` leave out the layer lines of pulls / the output of builds
    (``MutedReporter``), whatever the form.
    """
    reporter = _reporter(progress, stream, ansi)
    if (quiet_pull or quiet_build) and not isinstance(reporter, QuietReporter):
        return MutedReporter(reporter, quiet_pull=quiet_pull, quiet_build=quiet_build)
    return reporter


def _reporter(progress: str | None, stream: TextIO, ansi: str | None) -> Reporter:
    mode = progress or "auto"
    ansi = ansi or "auto"
    if mode not in PROGRESS_MODES:
        raise UsageError(f"unsupported --progress value {mode!r}", hint="use " + ", ".join(PROGRESS_MODES))
    if mode == "quiet":
        return QuietReporter()
    if mode == "json":
        return JsonReporter(stream)
    if mode == "auto":
        mode = "tty" if ansi == "always" or (ansi != "never" and _isatty(stream)) else "plain"
    if mode == "tty" and ansi != "never":
        from rich.console import Console

        return TtyReporter(Console(file=stream, force_terminal=True, highlight=False))
    return PlainReporter(stream)
