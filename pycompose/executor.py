"""Run a ``Plan`` against an ``Engine``: ready steps in parallel, dependents of failures skipped.

The executor is the only place where the plan turns into engine calls. It stays small because the plan
already holds every decision; what is left is *when*:

- a step starts as soon as every step it ``needs`` is done (Kahn's algorithm driven by
  ``concurrent.futures.wait(..., FIRST_COMPLETED)``: the scheduler sleeps until a step finishes, it never
  polls);
- at most ``parallel`` steps run at once, on a ``ThreadPoolExecutor`` because docker-py blocks;
- a failed step skips its transitive dependents while independent branches keep going (one broken
  service does not stop the others, as in Docker Compose);
- a set ``cancel`` event (the first Ctrl-C) stops submitting, lets running steps finish (waits return
  early) and marks the rest ``cancelled``; the next ``up`` converges from what was observed.

Progress goes only through the ``Reporter``, and only from the thread that called ``execute`` (workers
never touch it), so reporters need no locks. The one exception is the optional
``Reporter.step_progress(step, event)``: the layer events of a running pull or push, called from its
worker thread (one call at a time), for reporters that want them; likewise
``Reporter.step_output(step, line)``: the lines a running build prints.

``params`` each action reads (the planner's side of the contract)::

    create_network     spec: NetworkSpec
    remove_network     name
    create_volume      spec: VolumeSpec
    remove_volume      name, force=False
    pull_image         ref, platform=None, optional=False (a failure is a warning: a build follows)
    build_image        spec: BuildSpec, service, ref, if_missing=False (skip when the image exists)
    push_image         ref
    remove_image       ref, force=False
    create_container   spec: ContainerSpec, connect=[(network, endpoint)...] or {network: endpoint},
                       respec=Deferred (rebuilds spec with the IDs of containers made by earlier steps)
    start_container    name, inject=(specs.Injection...) (files copied in first: secrets, configs)
    stop_container     name, timeout=None
    restart_container  name, timeout=None
    kill_container     name, signal="SIGKILL"
    pause_container    name
    unpause_container  name
    remove_container   name, force=False, volumes=False
    rename_container   name, new_name
    connect_network    network, container, endpoint={}
    disconnect_network network, container, force=False
    wait_running       name, timeout=None (seconds)
    wait_healthy       name, timeout=None, fallback_running=False (no healthcheck: running is enough)
    wait_completed     name, timeout=None, exit_code=0
    wait_stable        name, seconds (running, not unhealthy, not restarted for that long)
    wait_delay         seconds
"""

from __future__ import annotations

import contextlib
import heapq
import inspect
import os
import re
import threading
import time
from collections.abc import Callable, Iterable, Mapping
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

from pycompose import labels
from pycompose.engine.base import ContainerInfo, Engine, ImageProgress
from pycompose.errors import EngineError, NotFoundError, PycomposeError, WaitTimeoutError
from pycompose.planner.plan import Plan, Step, topological

if TYPE_CHECKING:
    from pycompose.progress import Reporter

#: the worker cap for ``parallel=-1`` (unlimited): more concurrent calls than DockerEngine keeps
#: connections (32) would only make urllib3 open, then discard, extra ones with a warning on stderr
MAX_WORKERS = 32

#: Steps whose engine work contends inside the engine: a stop ends in tearing down the container's
#: network sandbox (veth, namespace), which the kernel serialises, and creations share the engine's
#: container and layer stores. Past a few at once they only queue there and slow each other, so
#: ``execute`` runs at most ``lifecycle_slots()`` of them at once, in plan order (dependencies first);
#: other steps (starts, removals, waits) are not held back. Measured on a 2-core Docker 20.10 host,
#: alternating runs: 12 stops sent together take 1.14-1.23 s, 6-8 at a time 0.95-1.12 s; `down` of 30
#: services 2.99 -> 2.84 s (median of 8 runs each); `up -d` of 30 services 8.90 -> 8.57 s (median of 10)
#: with creations held to 8 at once. Starts gained nothing measurable (8.68 s either way), so they are
#: not throttled.
THROTTLED_ACTIONS = frozenset({"stop_container", "restart_container", "create_container"})


def lifecycle_slots() -> int:
    """How many throttled steps run at once: 4 per CPU (8 on a 2-core machine), at least 4."""
    return max(4, 4 * (os.cpu_count() or 1))


DONE = "done"
FAILED = "failed"
SKIPPED = "skipped"
CANCELLED = "cancelled"


@dataclass(frozen=True)
class StepResult:
    """What became of one step. ``reason`` explains a ``skipped``/``cancelled`` status in words."""

    step_id: str
    status: str  # done | failed | skipped | cancelled
    error: PycomposeError | None = None
    duration: float = 0.0
    reason: str = ""


@dataclass(frozen=True)
class ExecutionResult:
    """Every step's result in plan order.

    ``ok`` holds when every step is done or was skipped by the plan itself (an orphan without
    ``--remove-orphans``); ``interrupted`` when a cancellation left steps not run.
    """

    results: Mapping[str, StepResult]
    ok: bool
    interrupted: bool

    def failures(self) -> tuple[StepResult, ...]:
        """The failed steps, first failure first; ``failures()[0].error`` is what a CLI reports."""
        return tuple(r for r in self.results.values() if r.status == FAILED)


class _Interrupted(Exception):
    """Raised inside a wait when the run is cancelled: the step ends ``cancelled``, not ``failed``."""


# ------------------------------------------------------------------------------------------ actions
# One small function per Step.action. They only translate params into one engine call (two for a
# create with extra networks); scheduling, timing and error capture live in ``execute``.

Handler = Callable[[Engine, Step], None]

_GONE = re.compile(
    r"no such (container|network|volume|image)|\bnot found\b|removal of container .* is already in progress",
    re.IGNORECASE,
)


def health_output(engine: Engine, name: str) -> str:
    """`` (last healthcheck: exit N: output)`` of container ``name``, to say why it is unhealthy; empty
    when the engine kept no healthcheck log (or the container is gone)."""
    try:
        details = engine.inspect_container_details(name) or {}
    except PycomposeError:
        return ""
    log = ((details.get("State") or {}).get("Health") or {}).get("Log") or []
    if not log:
        return ""
    last = log[-1] or {}
    output = " ".join(str(last.get("Output") or "").split())
    return f" (last healthcheck: exit {last.get('ExitCode')}{': ' + output[:200] if output else ''})"


def is_not_found(error: BaseException) -> bool:
    """Whether ``error`` says the resource is gone (the engine's 404) or on its way out.

    ``NotFoundError`` is what ``DockerEngine`` raises; the daemon's own wording ("No such container: x",
    "network x not found", "removal of container x is already in progress") covers engines that raise
    a plain ``EngineError``, so removals stay idempotent with either.
    """
    if isinstance(error, NotFoundError):
        return True
    return isinstance(error, EngineError) and bool(_GONE.search(str(error)))


def _gone_is_done(call: Callable[[], object]) -> None:
    """Run ``call``; a resource that no longer exists already is in the state asked for.

    A plan interrupted half-way, or a container removed by someone else (``--rm``, ``docker rm``) between
    observation and execution, must not make ``down`` or the next ``up`` fail.
    """
    try:
        call()
    except PycomposeError as error:
        if not is_not_found(error):
            raise


def _create_network(engine: Engine, step: Step) -> None:
    engine.create_network(step.params["spec"])


def _remove_network(engine: Engine, step: Step) -> None:
    _gone_is_done(lambda: engine.remove_network(step.params["name"]))


def _create_volume(engine: Engine, step: Step) -> None:
    engine.create_volume(step.params["spec"])


def _remove_volume(engine: Engine, step: Step) -> None:
    p = step.params
    _gone_is_done(lambda: engine.remove_volume(p["name"], force=bool(p.get("force", False))))


def _pull_image(engine: Engine, step: Step, progress: Callable[[ImageProgress], None] | None = None) -> None:
    try:
        if progress is None:
            engine.pull_image(step.params["ref"], step.params.get("platform"))
        else:
            engine.pull_image(step.params["ref"], step.params.get("platform"), progress=progress)
    except PycomposeError as error:
        if not step.params.get("optional"):
            raise
        # an image that can also be built: a failed pull falls back to the build (Docker Compose)
        if progress is not None:
            progress(ImageProgress("", f"pull failed, building instead: {error}"))


def _build_image(engine: Engine, step: Step, output: Callable[[str], None] | None = None) -> None:
    """Build ``params["spec"]`` (a ``BuildSpec``); with ``if_missing``, only when the image is still
    missing (the pull before it may have brought it)."""
    spec = step.params["spec"]
    if step.params.get("if_missing") and engine.inspect_image(spec.image) is not None:
        if output is not None:
            output(f"image {spec.image} was pulled: not building it")
        return
    engine.build_image(spec, output)


def _push_image(engine: Engine, step: Step, progress: Callable[[ImageProgress], None] | None = None) -> None:
    engine.push_image(step.params["ref"], progress=progress)


def _remove_image(engine: Engine, step: Step) -> None:
    p = step.params
    _gone_is_done(lambda: engine.remove_image(p["ref"], force=bool(p.get("force", False))))


def _connections(value: object) -> Iterable[tuple[str, Mapping[str, Any]]]:
    if value is None:
        return ()
    if isinstance(value, Mapping):
        return value.items()
    return value  # type: ignore[return-value]


def _create_container(engine: Engine, step: Step) -> None:
    """Create, then attach the extra networks: the create body can carry only one network on old
    engines, so the others are connected right after, before anything can start the container.

    Secrets and configs to copy in are the start step's (``params["inject"]``): Docker Compose copies
    them before every start, not at create.
    """
    spec = step.params["spec"]
    deferred = step.params.get("respec")
    if deferred is not None:  # the spec names containers made by earlier steps: with their real IDs
        ids = {}
        for service, container in deferred.refs.items():
            info = engine.inspect_container(container)
            if info is None:
                raise EngineError(f"container {container} of service {service} does not exist")
            ids[service] = info.id
        spec = deferred.build(ids)
    engine.create_container(spec)
    for network, endpoint in _connections(step.params.get("connect")):
        engine.connect_network(network, spec.name, endpoint or {})


def _start_container(engine: Engine, step: Step) -> None:
    """Copy the service's ``environment``/``content`` secrets and configs in (``params["inject"]``,
    Docker Compose's ``injectSecrets``/``injectConfigs``, done before every start), then start."""
    name = step.params["name"]
    for injection in step.params.get("inject") or ():
        _inject(engine, name, injection)
    engine.start_container(name)


def _inject(engine: Engine, name: str, injection: Any) -> None:
    """One file into container ``name`` as Docker Compose's ``createTar`` + ``CopyToContainer`` do: a
    one-file archive extracted at ``/`` (missing parent directories are created, owned by root)."""
    import io
    import tarfile

    item, sealed = injection
    content = (sealed.reveal() if sealed is not None else _docker_cli_config()).encode()
    owners = []
    for what, value in (("uid", item.uid), ("gid", item.gid)):
        try:
            owners.append(int(value or 0))
        except ValueError:
            raise EngineError(f"container {name}: {item.target}: invalid {what} {value!r}") from None
    info = tarfile.TarInfo(item.target.lstrip("/"))
    info.size, info.mode, info.mtime = len(content), item.mode, int(time.time())
    info.uid, info.gid = owners
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w", format=tarfile.USTAR_FORMAT) as archive:
        archive.addfile(info, io.BytesIO(content))
    engine.put_archive(name, "/", buffer.getvalue(), copy_uid_gid=bool(item.uid or item.gid))


def _docker_cli_config() -> str:
    """The Docker CLI configuration ``use_api_socket`` gives a container: the registry credentials of
    the local CLI config (``$DOCKER_CONFIG/config.json``, else ``~/.docker/config.json``) stored inline
    (credential helpers are not asked)."""
    import json
    import os

    folder = os.environ.get("DOCKER_CONFIG") or os.path.join(os.path.expanduser("~"), ".docker")
    auths: dict[str, Any] = {}
    with contextlib.suppress(OSError, ValueError, AttributeError):
        with open(os.path.join(folder, "config.json"), encoding="utf-8") as handle:
            found = json.load(handle).get("auths") or {}
        auths = {k: {"auth": v["auth"]} for k, v in found.items() if isinstance(v, dict) and v.get("auth")}
    return json.dumps({"auths": auths})


def _stop_container(engine: Engine, step: Step) -> None:
    p = step.params
    _gone_is_done(lambda: engine.stop_container(p["name"], p.get("timeout")))


def _restart_container(engine: Engine, step: Step) -> None:
    engine.restart_container(step.params["name"], step.params.get("timeout"))


def _kill_container(engine: Engine, step: Step) -> None:
    engine.kill_container(step.params["name"], step.params.get("signal") or "SIGKILL")


def _pause_container(engine: Engine, step: Step) -> None:
    engine.pause_container(step.params["name"])


def _unpause_container(engine: Engine, step: Step) -> None:
    engine.unpause_container(step.params["name"])


def _remove_container(engine: Engine, step: Step) -> None:
    p = step.params
    _gone_is_done(
        lambda: engine.remove_container(
            p["name"], force=bool(p.get("force", False)), volumes=bool(p.get("volumes", False))
        )
    )


def _rename_container(engine: Engine, step: Step) -> None:
    engine.rename_container(step.params["name"], step.params["new_name"])


def _connect_network(engine: Engine, step: Step) -> None:
    p = step.params
    engine.connect_network(p["network"], p["container"], p.get("endpoint") or {})


def _disconnect_network(engine: Engine, step: Step) -> None:
    p = step.params
    _gone_is_done(
        lambda: engine.disconnect_network(p["network"], p["container"], force=bool(p.get("force", False)))
    )


# ------------------------------------------------------------------------------------------ waits
# A wait re-inspects its container whenever the engine reports an event about it, so a healthcheck that
# passes after 30 s is seen at once, not at the next poll. One events stream serves every wait of a run
# (``EventWatcher``: one connection, not one per waiting container). When the engine cannot give a
# stream that another thread can close (its iterator has no ``close``, or is a generator, which cannot
# be closed while it runs), or the stream breaks, waits poll ``inspect_container`` with a backoff from
# 50 ms to 500 ms (Docker Compose polls its depends_on conditions every 500 ms).

_FIRST_DELAY = 0.05
_MAX_DELAY = 0.5
#: with events, re-inspect at least this often anyway (a safety net, not the mechanism)
_EVENT_SAFETY = 2.0
#: with events, how often a wait looks at the cancel flag (it sleeps on its own wake-up Event)
_CANCEL_CHECK = 0.25


#: the container events that can end a wait (``health_status`` matches ``health_status: healthy``...);
#: not the ``exec_*`` events every healthcheck probe emits
_WAKE_EVENTS = (
    "start",
    "restart",
    "die",
    "stop",
    "kill",
    "oom",
    "pause",
    "unpause",
    "destroy",
    "health_status",
)


class EventWatcher:
    """One engine events stream for a whole run, waking the waits of the containers it mentions.

    Opened lazily by the first wait (no stream for plans without waits) and closed by ``execute`` at
    the end. A wait subscribes *before* its first inspect, so an event between the two is not lost.
    """

    def __init__(self, engine: Engine, project: str) -> None:
        self._engine = engine
        self._project = project
        self._lock = threading.Lock()
        self._waiters: dict[str, set[threading.Event]] = {}
        self._stream: Any = None
        self._opened = False
        self._closed = False
        self.alive = False

    def subscribe(self, name: str) -> threading.Event | None:
        """An Event set on every engine event about ``name``; None when events are unavailable."""
        with self._lock:
            if not self._opened and not self._closed:
                self._opened = True
                self._open()
            if not self.alive:
                return None
            wake = threading.Event()
            self._waiters.setdefault(name, set()).add(wake)
            return wake

    def unsubscribe(self, name: str, wake: threading.Event) -> None:
        with self._lock:
            self._waiters.get(name, set()).discard(wake)

    def _open(self) -> None:
        try:
            stream = self._engine.events({**labels.project_filter(self._project), "event": _WAKE_EVENTS})
        except Exception:  # no events from this engine: the waits poll
            return
        if inspect.isgenerator(stream) or not callable(getattr(stream, "close", None)):
            if inspect.isgenerator(stream):
                stream.close()  # not started yet, so closing from here is safe
            return
        self._stream = stream
        self.alive = True
        threading.Thread(target=self._pump, name="pycompose-events", daemon=True).start()

    def _pump(self) -> None:
        try:
            for event in self._stream:
                with self._lock:
                    for wake in self._waiters.get(event.container_name, ()):
                        wake.set()
        except Exception:
            pass  # a broken stream only costs latency: the waits fall back to polling
        finally:
            with self._lock:
                self.alive = False
                for waiters in self._waiters.values():
                    for wake in waiters:
                        wake.set()

    def close(self) -> None:
        with self._lock:
            self._closed = True
            stream, self._stream = self._stream, None
        if stream is not None:
            with contextlib.suppress(Exception):
                stream.close()


#: a check returns True when the wait is over, False to keep waiting, or raises EngineError
_Check = Callable[[str, ContainerInfo, Mapping[str, Any]], bool]


def _exited(info: ContainerInfo) -> bool:
    return info.state in ("exited", "dead")


def _exit_error(name: str, info: ContainerInfo) -> EngineError:
    code = info.exit_code if info.exit_code is not None else "unknown"
    return EngineError(f"container {name} exited with code {code}")


def _check_running(name: str, info: ContainerInfo, params: Mapping[str, Any]) -> bool:
    """Running (or paused: it did start). A one-shot that already exited 0 also did start and finish."""
    if info.state in ("running", "paused"):
        return True
    if _exited(info):
        if info.exit_code == 0:
            return True
        raise _exit_error(name, info)
    return False  # created, restarting, removing: not yet


def _check_healthy(name: str, info: ContainerInfo, params: Mapping[str, Any]) -> bool:
    """Healthy, as Docker Compose's ``service_healthy``: unhealthy or exited fails at once."""
    if _exited(info):
        raise _exit_error(name, info)
    if info.health is None:
        if params.get("fallback_running"):
            return info.state == "running"
        raise EngineError(f"container {name} has no healthcheck configured")
    if info.health == "healthy":
        return True
    if info.health == "unhealthy" and params.get("unhealthy_final", True):
        raise EngineError(f"container {name} is unhealthy")
    return False  # starting (or unhealthy under `up --wait --wait-timeout`: may still recover)


def _check_completed(name: str, info: ContainerInfo, params: Mapping[str, Any]) -> bool:
    """Exited with the expected code (``service_completed_successfully``: 0)."""
    if not _exited(info):
        return False
    expected = params.get("exit_code", 0)
    if info.exit_code == expected:
        return True
    raise _exit_error(name, info)


def _pause(wake: threading.Event | None, cancel: threading.Event | None, seconds: float) -> None:
    """Sleep up to ``seconds``: until an event about the container (``wake``), or a cancel."""
    if wake is None:
        if cancel is None:
            time.sleep(seconds)
        elif cancel.wait(seconds):
            raise _Interrupted
        return
    until = time.monotonic() + seconds
    while (left := until - time.monotonic()) > 0:
        if cancel is not None and cancel.is_set():
            raise _Interrupted
        if wake.wait(min(left, _CANCEL_CHECK) if cancel is not None else left):
            break
    if cancel is not None and cancel.is_set():
        raise _Interrupted


def _wait_for(
    engine: Engine,
    step: Step,
    check: _Check,
    goal: str,
    cancel: threading.Event | None = None,
    watcher: EventWatcher | None = None,
) -> None:
    """Inspect until ``check`` says done, it raises, the timeout passes, or ``cancel`` is set."""
    params = step.params
    name = params["name"]
    timeout = params.get("timeout")
    deadline = None if timeout is None else time.monotonic() + float(timeout)
    wake = watcher.subscribe(name) if watcher is not None else None
    delay = _FIRST_DELAY
    try:
        while True:
            if wake is not None:
                wake.clear()  # before the inspect: an event during it wakes the next pause at once
            info = engine.inspect_container(name)
            if info is None:
                raise EngineError(f"container {name} does not exist")
            if check(name, info, params):
                return
            now = time.monotonic()
            if deadline is not None and now >= deadline:
                raise WaitTimeoutError(f"container {name} did not {goal} within {float(timeout):g}s")
            evented = wake is not None and watcher is not None and watcher.alive
            pause = _EVENT_SAFETY if evented else delay
            if deadline is not None:
                pause = min(pause, deadline - now)
            _pause(wake if evented else None, cancel, pause)
            delay = min(delay * 2, _MAX_DELAY)
    finally:
        if wake is not None and watcher is not None:
            watcher.unsubscribe(name, wake)


def _wait_running(engine: Engine, step: Step, **context: Any) -> None:
    _wait_for(engine, step, _check_running, "start", **context)


def _wait_healthy(engine: Engine, step: Step, **context: Any) -> None:
    _wait_for(engine, step, _check_healthy, "become healthy", **context)


def _wait_completed(engine: Engine, step: Step, **context: Any) -> None:
    _wait_for(engine, step, _check_completed, "complete", **context)


def _wait_stable(
    engine: Engine,
    step: Step,
    cancel: threading.Event | None = None,
    watcher: EventWatcher | None = None,
) -> None:
    """Stays up for ``seconds`` (``update_config.monitor``): running all along, never unhealthy, never
    restarted (its ``StartedAt`` does not change). Wakes on the container's events, like the waits."""
    name = step.params["name"]
    deadline = time.monotonic() + float(step.params.get("seconds") or 0)
    wake = watcher.subscribe(name) if watcher is not None else None
    first_start: object = None
    delay = _FIRST_DELAY
    try:
        while True:
            if wake is not None:
                wake.clear()
            info = engine.inspect_container(name)
            if info is None:
                raise EngineError(f"container {name} does not exist")
            if _exited(info):
                raise _exit_error(name, info)
            if info.state != "running":
                raise EngineError(f"container {name} is {info.state}, not running")
            if info.health == "unhealthy":
                raise EngineError(f"container {name} is unhealthy")
            details = engine.inspect_container_details(name) or {}
            state = details.get("State") or {}
            started = (state.get("StartedAt"), state.get("RestartCount"))
            if first_start is None:
                first_start = started
            elif started != first_start:
                raise EngineError(f"container {name} restarted while monitored")
            left = deadline - time.monotonic()
            if left <= 0:
                return
            evented = wake is not None and watcher is not None and watcher.alive
            _pause(wake if evented else None, cancel, min(_EVENT_SAFETY if evented else delay, left))
            delay = min(delay * 2, _MAX_DELAY)
    finally:
        if wake is not None and watcher is not None:
            watcher.unsubscribe(name, wake)


def _wait_delay(
    engine: Engine,
    step: Step,
    cancel: threading.Event | None = None,
    watcher: EventWatcher | None = None,
) -> None:
    """A pause of ``seconds`` (``update_config.delay`` between batches, a drain): cut short by a cancel."""
    _pause(None, cancel, float(step.params.get("seconds") or 0))


#: Step.action -> the function that performs it (an action without one fails with a clear message
#: instead of being silently dropped).
HANDLERS: Mapping[str, Handler] = MappingProxyType(
    {
        "create_network": _create_network,
        "remove_network": _remove_network,
        "create_volume": _create_volume,
        "remove_volume": _remove_volume,
        "pull_image": _pull_image,
        "push_image": _push_image,
        "build_image": _build_image,
        "remove_image": _remove_image,
        "create_container": _create_container,
        "start_container": _start_container,
        "stop_container": _stop_container,
        "restart_container": _restart_container,
        "kill_container": _kill_container,
        "pause_container": _pause_container,
        "unpause_container": _unpause_container,
        "remove_container": _remove_container,
        "rename_container": _rename_container,
        "connect_network": _connect_network,
        "disconnect_network": _disconnect_network,
        "wait_running": _wait_running,
        "wait_healthy": _wait_healthy,
        "wait_completed": _wait_completed,
        "wait_stable": _wait_stable,
        "wait_delay": _wait_delay,
    }
)

#: handlers that also take ``cancel=`` and ``watcher=`` (long waits that a Ctrl-C should cut short)
_CANCELLABLE = frozenset({"wait_running", "wait_healthy", "wait_completed", "wait_stable", "wait_delay"})
#: handlers that take ``progress=`` (layer events of a pull or push, for ``Reporter.step_progress``)
_PROGRESSING = frozenset({"pull_image", "push_image"})

#: handlers that take ``output=`` (the lines of a build, for ``Reporter.step_output``)
_OUTPUTTING = frozenset({"build_image"})

#: ``progress(step, event)``: what ``run_step`` calls for every layer event of a step
StepProgress = Callable[[Step, ImageProgress], None]
#: ``output(step, line)``: what ``run_step`` calls for every line a build prints
StepOutput = Callable[[Step, str], None]


def _output_for(reporter: Reporter) -> StepOutput | None:
    """Forward build lines to ``reporter.step_output`` (an optional Reporter method), one call at a
    time, from the builds' worker threads (as ``step_progress``)."""
    method = getattr(reporter, "step_output", None)
    if method is None:
        return None
    lock = threading.Lock()

    def report(step: Step, line: str) -> None:
        with lock, contextlib.suppress(Exception):
            method(step, line)

    return report


def _progress_for(reporter: Reporter) -> StepProgress | None:
    """Forward layer events to ``reporter.step_progress`` (an optional Reporter method), one call at a
    time: they come from worker threads, so the reporter must guard whatever state it shares with its
    other methods. A reporter failure never fails the pull or push it reports on."""
    method = getattr(reporter, "step_progress", None)
    if method is None:
        return None
    lock = threading.Lock()

    def report(step: Step, event: ImageProgress) -> None:
        with lock, contextlib.suppress(Exception):
            method(step, event)

    return report


def run_step(
    engine: Engine,
    step: Step,
    cancel: threading.Event | None = None,
    watcher: EventWatcher | None = None,
    progress: StepProgress | None = None,
    output: StepOutput | None = None,
) -> StepResult:
    """Perform one step and say how it went; never raises for a step's own failure.

    Anything that is not a ``PycomposeError`` (a bug, a raw docker-py exception) is wrapped in an
    ``EngineError`` naming the step, with the original as ``__cause__`` for ``--verbose``: one broken
    step must not take the scheduler, and with it the other branches, down.
    """
    started = time.monotonic()
    handler = HANDLERS.get(step.action)
    try:
        if handler is None:
            raise EngineError(f"pycompose cannot run {step.action} steps yet ({step.target})")
        if step.action in _CANCELLABLE:
            handler(engine, step, cancel=cancel, watcher=watcher)  # type: ignore[call-arg]
        elif step.action in _PROGRESSING and progress is not None:
            handler(engine, step, progress=lambda event: progress(step, event))  # type: ignore[call-arg]
        elif step.action in _OUTPUTTING and output is not None:
            handler(engine, step, output=lambda line: output(step, line))  # type: ignore[call-arg]
        else:
            handler(engine, step)
    except _Interrupted:
        return StepResult(step.id, CANCELLED, None, time.monotonic() - started, "interrupted")
    except PycomposeError as error:
        return StepResult(step.id, FAILED, error, time.monotonic() - started)
    except Exception as error:
        wrapped = EngineError(f"{step.id}: unexpected {type(error).__name__}: {error}")
        wrapped.__cause__ = error
        return StepResult(step.id, FAILED, wrapped, time.monotonic() - started)
    return StepResult(step.id, DONE, None, time.monotonic() - started)


# ------------------------------------------------------------------------------------------ scheduler


def _workers(parallel: int, runnable: int) -> int:
    """``parallel`` workers, ``-1`` (or any value below 1) meaning "as many as useful" up to the cap."""
    limit = MAX_WORKERS if parallel < 1 else parallel
    return max(1, min(limit, runnable))


def execute(
    plan: Plan,
    engine: Engine,
    reporter: Reporter,
    parallel: int = -1,
    cancel: threading.Event | None = None,
) -> ExecutionResult:
    """Run ``plan`` on ``engine``, reporting every transition to ``reporter``.

    Steps marked ``skipped`` by the planner are reported as skipped and never run; a need on such a step
    (or on an id outside the plan) counts as met, as in ``topological``. A second KeyboardInterrupt
    (raised by the CLI's signal handler into this thread) aborts: the remaining steps are reported
    ``cancelled``, the reporter is closed, and the interrupt propagates.
    """
    steps = topological(plan.steps)  # validates: raises ValueError on a cycle
    order = {s.id: i for i, s in enumerate(steps)}
    by_id = {s.id: s for s in steps}
    runnable = {s.id for s in steps if not s.skipped}
    stop = cancel if cancel is not None else threading.Event()

    results: dict[str, StepResult] = {}
    waiting: dict[str, set[str]] = {}  # step -> its needs not done yet
    dependents: dict[str, list[str]] = {sid: [] for sid in runnable}
    for sid in runnable:
        needs = {n for n in by_id[sid].needs if n in runnable}
        waiting[sid] = needs
        for need in needs:
            dependents[need].append(sid)

    reporter.plan_started(plan)

    def finish(step: Step, result: StepResult) -> None:
        results[step.id] = result
        reporter.step_finished(step, result)

    for step in steps:
        if step.skipped:
            finish(step, StepResult(step.id, SKIPPED, None, 0.0, f"skipped by the plan: {step.reason}"))

    def skip_dependents(failed: str) -> None:
        todo = list(dependents[failed])
        while todo:
            sid = todo.pop(0)
            if sid in results:
                continue
            finish(by_id[sid], StepResult(sid, SKIPPED, None, 0.0, f"dependency {failed} failed"))
            todo.extend(dependents[sid])

    ready: list[tuple[int, str]] = [(order[sid], sid) for sid in runnable if not waiting[sid]]
    heapq.heapify(ready)
    running: dict[Future[StepResult], Step] = {}
    limit = _workers(parallel, len(runnable))
    slots, throttled = lifecycle_slots(), 0
    pool = ThreadPoolExecutor(max_workers=limit, thread_name_prefix="pycompose-step")
    watcher = EventWatcher(engine, plan.project)
    progress = _progress_for(reporter)
    output = _output_for(reporter)
    aborted = False
    try:
        while ready or running:
            held: list[tuple[int, str]] = []  # throttled steps that wait for a slot, in plan order
            while ready and len(running) < limit and not stop.is_set():
                item = heapq.heappop(ready)
                step = by_id[item[1]]
                if step.action in THROTTLED_ACTIONS:
                    if throttled >= slots:
                        held.append(item)
                        continue
                    throttled += 1
                reporter.step_started(step)
                running[pool.submit(run_step, engine, step, stop, watcher, progress, output)] = step
            for item in held:
                heapq.heappush(ready, item)
            if not running:
                break  # cancelled with nothing in flight
            completed, _ = wait(running, return_when=FIRST_COMPLETED)
            for future in sorted(completed, key=lambda f: order[running[f].id]):
                step = running.pop(future)
                if step.action in THROTTLED_ACTIONS:
                    throttled -= 1
                result = future.result()
                finish(step, result)
                if result.status == DONE:
                    for sid in dependents[step.id]:
                        waiting[sid].discard(step.id)
                        if not waiting[sid] and sid not in results:
                            heapq.heappush(ready, (order[sid], sid))
                elif result.status == FAILED:
                    skip_dependents(step.id)
    except BaseException:
        aborted = True
        stop.set()  # waits in flight return at once
        raise
    finally:
        pool.shutdown(wait=not aborted, cancel_futures=True)
        watcher.close()
        for step in steps:
            if step.id not in results:
                why = "aborted" if aborted else "interrupted"
                finish(step, StepResult(step.id, CANCELLED, None, 0.0, why))
        ordered = {s.id: results[s.id] for s in steps}
        outcome = ExecutionResult(
            results=MappingProxyType(ordered),
            ok=all(r.status == DONE or by_id[sid].skipped for sid, r in ordered.items()),
            interrupted=any(r.status == CANCELLED for r in ordered.values()),
        )
        reporter.plan_finished(outcome)
    return outcome
