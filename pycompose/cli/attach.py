"""Follow container logs with coloured ``name  | `` prefixes: ``logs -f`` and foreground ``up``.

One thread per container reads its log stream into a queue; only the main thread prints. A container
that restarts (same ID) or is recreated (new ID) is picked up again from the engine's ``start`` events,
so ``logs -f`` keeps following a service across ``up`` runs, as Docker Compose does: a restarted
container is read on from just after the last line shown (streams are always read with timestamps),
a recreated one from its first line. A container's exit is reported when its stream has ended, so
after its last line. Foreground ``up`` shows what containers print from the moment it started, and
keeps printing while it stops the stack.
"""

from __future__ import annotations

import contextlib
import queue
import sys
import threading
import time
from collections.abc import Iterable, Iterator
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


def _stamp_key(stamp: str) -> tuple[str, int]:
    """A comparable key for an engine log timestamp (RFC 3339 in UTC, 0-9 fraction digits)."""
    base, _, frac = stamp.rstrip("Z").partition(".")
    return base, int(frac.ljust(9, "0")[:9] or 0)


def _after(stamp: str) -> str:
    """``since`` for the engine, exact to the nanosecond: one nanosecond after ``stamp``."""
    import calendar

    base, nanos = _stamp_key(stamp)
    seconds = calendar.timegm(time.strptime(base, "%Y-%m-%dT%H:%M:%S"))
    nanos += 1
    return f"{seconds + nanos // 1_000_000_000}.{nanos % 1_000_000_000:09d}"


class _Reader:
    """One container's log thread and where it got to."""

    def __init__(self) -> None:
        self.running = False  # a thread reads (or is about to read) this container
        self.again = False  # the container started again while the thread drained its old stream
        self.last: str | None = None  # engine timestamp of the last line shown
        self.opened = 0.0  # wall clock when the first stream was opened

    def resume_since(self, default: str | None) -> str | None:
        """Where to read on after the container started again: just after the last line shown."""
        if self.last:
            return _after(self.last)
        return f"{self.opened:.9f}" if self.opened else default


class _Follower:
    """Runs the log threads and the events thread; everything arrives on one queue.

    Streams are always read with timestamps (shown only when asked for), so a container that starts
    again (``restart``, a restart policy) is read on from one nanosecond after the last line shown:
    nothing lost, nothing repeated. A container first seen through a ``start`` event (a recreated
    one) is read from its first line.
    """

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
        self.readers: dict[str, _Reader] = {}  # container id -> reader
        self.lock = threading.Lock()
        self.stopped = threading.Event()
        self.streams: set[Any] = set()  # open engine streams, closed by stop()
        self.events_since = time.time()  # not when the events thread gets going: no start is missed

    def watch(self, container: Any, tail: str | None = None) -> None:
        """Follow ``container`` from ``tail`` (default: the command's); when it is followed already,
        its thread reads on after the current stream ends (it started again)."""
        with self.lock:
            reader = self.readers.get(container.id)
            if reader is not None and reader.running:
                reader.again = True
                return
            if reader is None:
                reader = self.readers[container.id] = _Reader()
                since = self.since
            else:  # seen before and its thread has ended: read on after the last line shown
                tail, since = "all", reader.resume_since(self.since)
            reader.running = True
        threading.Thread(
            target=self._read, args=(container, reader, tail or self.tail, since), daemon=True
        ).start()

    def _read(self, container: Any, reader: _Reader, tail: str, since: str | None) -> None:
        try:
            while not self.stopped.is_set():
                self._read_once(container, reader, tail, since)
                with self.lock:
                    if not (self.follow and reader.again) or self.stopped.is_set():
                        reader.running = False
                        return
                    reader.again = False
                tail, since = "all", reader.resume_since(self.since)
        finally:
            with self.lock:
                reader.running = False
            self.queue.put(("ended", container.name, container.id, ""))

    def _read_once(self, container: Any, reader: _Reader, tail: str, since: str | None) -> None:
        stream = None
        try:
            reader.opened = reader.opened or time.time()
            stream = self.engine.logs(
                container.id,
                follow=self.follow,
                tail=tail,
                since=since,
                until=self.until,
                timestamps=True,
            )
            self._opened(stream)
            last = _stamp_key(reader.last) if reader.last else None
            for line in stream:
                if self.stopped.is_set():
                    return
                if line.timestamp:
                    if last is not None and _stamp_key(line.timestamp) <= last:
                        continue  # shown already, before the container started again
                    reader.last = line.timestamp
                self.queue.put(("log", container.name, line.text, line.timestamp or ""))
        except Exception as exc:  # the container was removed while followed: say so unless expected
            if not self.stopped.is_set() and self._exists(container.id):
                self.queue.put(("note", container.name, f"log stream ended: {exc}", ""))
        finally:
            if stream is not None:
                with self.lock:
                    self.streams.discard(stream)

    def _exists(self, container_id: str) -> bool:
        try:
            return self.engine.inspect_container(container_id) is not None
        except Exception:
            return False

    def _opened(self, stream: Any) -> None:
        with self.lock:
            self.streams.add(stream)
        if self.stopped.is_set():
            self.stop()

    def stop(self) -> None:
        """End every stream now, so no reader or event thread outlives the command."""
        self.stopped.set()
        with self.lock:
            streams = list(self.streams)
        for stream in streams:
            close = getattr(stream, "close", None)
            if close is not None:
                with contextlib.suppress(Exception):
                    close()

    def start(self, containers: list[Any], printer: LogPrinter) -> None:
        """Give every container its prefix and a log thread; when following, watch for (re)starts."""
        printer.register(c.name for c in containers)
        for container in containers:
            self.watch(container)
        if self.follow:
            self.watch_events()

    def pump(self, printer: LogPrinter, timeout: float) -> tuple[str, str] | None:
        """Handle what arrives within ``timeout``: print a log line or note, follow a container that
        started (again). Returns ``("start", name)`` or ``("ended", name)`` (a stream ended, after its
        last line) for the caller's own bookkeeping, else None."""
        try:
            kind, name, a, b = self.queue.get(timeout=timeout)
        except queue.Empty:
            return None
        if kind == "log":
            printer.line(name, a, b)
        elif kind == "note":
            printer.note(f"{name}: {a}")
        elif kind == "event" and a == "start":
            info = self.engine.inspect_container(b)
            if info is not None:
                self.watch(info, tail="all")
            return "start", name
        elif kind == "ended":
            return "ended", name
        return None

    def watch_events(self) -> None:
        from pycompose import labels

        def run() -> None:
            try:
                events = self.engine.events(
                    {
                        "label": [f"{labels.PROJECT}={self.project}"],
                        "type": ["container"],
                        "event": ["start"],
                    },
                    since=self.events_since,
                )
                self._opened(events)
                for event in events:
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
    follower.start(containers, printer)
    pending = len(containers)
    try:
        while follow or pending > 0:
            happened = follower.pump(printer, timeout=0.5)
            if happened is not None and happened[0] == "ended":
                pending -= 1
    except KeyboardInterrupt:
        pass
    finally:
        follower.stop()


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
    abort_on_failure: bool = False,
) -> int:
    """Foreground ``up``: print logs until every container exits, or Ctrl-C stops the stack.

    Stopping (on Ctrl-C, SIGTERM or ``--abort-on-container-exit``) runs in a thread while the logs
    go on printing, so what containers say while they shut down is shown; a second Ctrl-C kills them.
    Returns the exit code ``up`` ends with: 130 when interrupted, else the code of the
    ``--exit-code-from`` service (or of the first container to exit, with ``--abort-on-container-exit``).
    """
    from pycompose import labels
    from pycompose.cli.common import execute_plan
    from pycompose.observe import observe
    from pycompose.planner.down import plan_state_change

    # like Docker Compose's attach: what containers print from this ``up`` on, not their history
    started = _process_started()
    since = f"{started:.9f}" if started else None
    follower = _Follower(engine, project.name, True, "all", since, None, timestamps, services)
    containers = [
        c
        for c in engine.list_containers(labels.project_filter(project.name), all=True)
        if not c.oneoff and (not services or c.service in services)
    ]
    printer = LogPrinter(no_color=no_color, no_prefix=no_log_prefix, timestamps=timestamps)
    follower.start(containers, printer)
    running = {c.name for c in containers}
    exit_codes: dict[str, int] = {}
    stopper: list[threading.Thread] = []
    failures: list[BaseException] = []

    def change_all(action: str) -> None:
        observed = observe(engine, project.name)
        execute_plan(options, engine, plan_state_change(action, project, observed))

    def stop_all(message: str) -> None:
        if stopper:
            return
        printer.note(message)

        def run() -> None:
            try:
                change_all("stop_container")
            except BaseException as exc:  # reported after the logs, by the main thread
                failures.append(exc)

        stopper.append(threading.Thread(target=run, daemon=True))
        stopper[0].start()

    def stopping() -> bool:
        return bool(stopper) and stopper[0].is_alive()

    interrupted = False
    stopped_at: float | None = None
    with _sigterm_as_interrupt():
        while running or stopping():
            try:
                if stopper and not stopping():
                    # everything is stopped: give the last lines and exits a moment to arrive
                    stopped_at = stopped_at or time.monotonic()
                    if time.monotonic() - stopped_at > 5:
                        break
                happened = follower.pump(printer, timeout=0.2)
                if happened is None:
                    continue
                kind, name = happened
                if kind == "start":
                    running.add(name)
                elif kind == "ended":  # after its last line: the exit is printed after its logs
                    info = engine.inspect_container(name)
                    if info is not None and info.state in ("running", "restarting"):
                        continue
                    code = info.exit_code if info is not None and info.exit_code is not None else 0
                    if name in running:
                        running.discard(name)
                        exit_codes[name] = code
                        printer.note(f"{name} exited with code {code}")
                        if abort_on_exit or (abort_on_failure and code != 0):
                            stop_all("Aborting on container exit...")
            except KeyboardInterrupt:
                if interrupted or stopper:
                    printer.note("Killing...")
                    with contextlib.suppress(Exception):
                        change_all("kill_container")
                    interrupted = True
                    break
                interrupted = True
                stop_all("Gracefully stopping... (press Ctrl+C again to force)")
    follower.stop()
    if failures and not interrupted:
        raise failures[0]
    if interrupted:
        return 130
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
    if abort_on_failure:  # --abort-on-container-failure: the first failure's code
        return next((code for code in exit_codes.values() if code), 0)
    return 0


@contextlib.contextmanager
def _sigterm_as_interrupt() -> Iterator[None]:
    """SIGTERM stops a foreground ``up`` the way Ctrl-C does (``docker stop`` of a CI job, ``kill``)."""
    import signal

    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def handler(signum: int, frame: Any) -> None:
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGTERM, handler)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def _process_started() -> float | None:
    """Wall-clock time this process started (Linux ``/proc``, to 10 ms), or None where unknown."""
    import os

    try:
        with open("/proc/self/stat", encoding="ascii") as stat:
            ticks = int(stat.read().rsplit(")", 1)[1].split()[19])  # field 22: starttime
        with open("/proc/uptime", encoding="ascii") as uptime:
            up = float(uptime.read().split()[0])
        return time.time() - (up - ticks / os.sysconf("SC_CLK_TCK"))
    except (OSError, ValueError, IndexError):
        return None
