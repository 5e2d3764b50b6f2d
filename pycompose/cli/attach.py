"""Follow container logs with coloured ``name  | `` prefixes: ``logs -f`` and foreground ``up``.

One thread per container reads its log stream into a queue; only the main thread prints. A container
that restarts (same ID) or is recreated (new ID) is picked up again from the engine's ``start`` events,
so ``logs -f`` keeps following a service across ``up`` runs, as Docker Compose does.
"""

from __future__ import annotations

import queue
import sys
import threading
import time
from collections.abc import Iterable
from typing import Any

import click

_COLORS = (
    "cyan",
    "yellow",
    "green",
    "magenta",
    "blue",
    "bright_cyan",
    "bright_yellow",
    "bright_green",
    "bright_magenta",
    "bright_blue",
)


class LogPrinter:
    """Prints ``name  | line`` with a stable colour per container and aligned prefixes."""

    def __init__(self, no_color: bool = False, no_prefix: bool = False, timestamps: bool = False) -> None:
        self.no_color = no_color or not sys.stdout.isatty()
        self.no_prefix = no_prefix
        self.timestamps = timestamps
        self.width = 0
        self.colors: dict[str, str] = {}

    def register(self, names: Iterable[str]) -> None:
        for name in names:
            self.width = max(self.width, len(name))
            self.colors.setdefault(name, _COLORS[len(self.colors) % len(_COLORS)])

    def line(self, name: str, text: str, timestamp: str | None = None) -> None:
        self.register([name])
        body = f"{timestamp} {text}" if self.timestamps and timestamp else text
        if self.no_prefix:
            click.echo(body)
            return
        prefix = f"{name.ljust(self.width)}  | "
        if not self.no_color:
            prefix = click.style(prefix, fg=self.colors[name])
        click.echo(prefix + body)

    def note(self, text: str) -> None:
        click.echo(text)


class _Follower:
    """Runs the log threads and the events thread; everything arrives on one queue."""

    def __init__(
        self,
        engine: Any,
        project: str,
        follow: bool,
        tail: str,
        since: str | None,
        until: str | None,
        timestamps: bool,
        services: tuple[str, ...],
    ) -> None:
        self.engine = engine
        self.project = project
        self.follow = follow
        self.tail = tail
        self.since = since
        self.until = until
        self.timestamps = timestamps
        self.services = services
        self.queue: queue.Queue[tuple[str, ...]] = queue.Queue()
        self.active: dict[str, threading.Thread] = {}  # container id -> thread
        self.lock = threading.Lock()
        self.stopped = threading.Event()

    def watch(self, container: Any, tail: str | None = None, since: str | None = None) -> None:
        with self.lock:
            thread = self.active.get(container.id)
            if thread is not None and thread.is_alive():
                return
            thread = threading.Thread(
                target=self._read, args=(container, tail or self.tail, since or self.since), daemon=True
            )
            self.active[container.id] = thread
        thread.start()

    def _read(self, container: Any, tail: str, since: str | None) -> None:
        try:
            for line in self.engine.logs(
                container.id,
                follow=self.follow,
                tail=tail,
                since=since,
                until=self.until,
                timestamps=self.timestamps,
            ):
                if self.stopped.is_set():
                    return
                self.queue.put(("log", container.name, line.text, line.timestamp or ""))
        except Exception as exc:  # a container removed while following: report and go on
            self.queue.put(("note", container.name, f"log stream ended: {exc}", ""))
        finally:
            self.queue.put(("ended", container.name, container.id, ""))

    def watch_events(self) -> None:
        from pycompose import labels

        def run() -> None:
            try:
                for event in self.engine.events(
                    {
                        "label": [f"{labels.PROJECT}={self.project}"],
                        "type": ["container"],
                        "event": ["start", "die"],
                    },
                    since=time.time(),
                ):
                    if self.stopped.is_set():
                        return
                    service = event.labels.get(labels.SERVICE, "")
                    if self.services and service not in self.services:
                        continue
                    if event.labels.get(labels.ONEOFF) == "True":
                        continue
                    self.queue.put(("event", event.container_name, event.action, event.container_id))
            except Exception:  # the engine went away: the log threads report it
                return

        threading.Thread(target=run, daemon=True).start()

    def alive(self) -> int:
        with self.lock:
            return sum(1 for t in self.active.values() if t.is_alive())


def follow_logs(
    engine: Any,
    project: str,
    containers: list[Any],
    printer: LogPrinter,
    follow: bool,
    tail: str,
    since: str | None,
    until: str | None,
    timestamps: bool,
    services: tuple[str, ...],
) -> None:
    """``logs`` and ``logs -f``."""
    follower = _Follower(engine, project, follow, tail, since, until, timestamps, services)
    printer.register(c.name for c in containers)
    for container in containers:
        follower.watch(container)
    if follow:
        follower.watch_events()
    pending = len(containers)
    try:
        while follow or pending > 0:
            try:
                kind, name, a, b = follower.queue.get(timeout=0.5)
            except queue.Empty:
                continue
            if kind == "log":
                printer.line(name, a, b)
            elif kind == "note":
                printer.note(f"{name}: {a}")
            elif kind == "ended":
                pending -= 1
            elif kind == "event" and a == "start":
                info = engine.inspect_container(b)
                if info is not None:
                    follower.watch(info, tail="0", since=None)
    except KeyboardInterrupt:
        pass
    finally:
        follower.stopped.set()


def follow_until_stopped(
    options: Any,
    project: Any,
    engine: Any,
    services: tuple[str, ...],
    abort_on_exit: bool,
    exit_code_from: str | None,
    no_color: bool,
    no_log_prefix: bool,
    timestamps: bool,
) -> int:
    """Foreground ``up``: print logs until every container exits, or Ctrl-C stops the stack."""
    from pycompose import labels
    from pycompose.cli.common import execute_plan
    from pycompose.observe import observe
    from pycompose.planner.down import plan_state_change

    containers = [
        c
        for c in engine.list_containers(labels.project_filter(project.name), all=True)
        if not c.oneoff and (not services or c.service in services)
    ]
    printer = LogPrinter(no_color=no_color, no_prefix=no_log_prefix, timestamps=timestamps)
    printer.register(c.name for c in containers)
    follower = _Follower(engine, project.name, True, "all", None, None, timestamps, services)
    for container in containers:
        follower.watch(container)
    follower.watch_events()
    running = {c.name for c in containers}
    exit_codes: dict[str, int] = {}

    def stop_all(message: str) -> None:
        printer.note(message)
        observed = observe(engine, project.name)
        execute_plan(options, engine, plan_state_change("stop_container", project, observed))

    try:
        while running:
            try:
                kind, name, a, b = follower.queue.get(timeout=0.5)
            except queue.Empty:
                continue
            if kind == "log":
                printer.line(name, a, b)
            elif kind == "event" and a == "start":
                running.add(name)
                info = engine.inspect_container(b)
                if info is not None:
                    follower.watch(info, tail="0")
            elif kind in ("ended", "event") and (kind == "ended" or a == "die"):
                info = engine.inspect_container(name)
                if info is not None and info.state in ("running", "restarting"):
                    continue
                code = info.exit_code if info is not None and info.exit_code is not None else 0
                if name in running:
                    running.discard(name)
                    exit_codes[name] = code
                    printer.note(f"{name} exited with code {code}")
                    if abort_on_exit:
                        stop_all("Aborting on container exit...")
                        break
    except KeyboardInterrupt:
        follower.stopped.set()
        stop_all("Gracefully stopping... (press Ctrl+C again to force)")
        return 130
    finally:
        follower.stopped.set()
    if exit_code_from:
        for name, code in exit_codes.items():
            if name.startswith(f"{project.name}-{exit_code_from}-"):
                return code
        info = [
            c
            for c in engine.list_containers(labels.project_filter(project.name), all=True)
            if c.service == exit_code_from
        ]
        return info[0].exit_code or 0 if info else 0
    if abort_on_exit and exit_codes:
        return next(iter(exit_codes.values()))
    return 0
