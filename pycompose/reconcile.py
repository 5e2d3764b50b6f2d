"""``pycompose reconcile``: keep a project at its declared state, and ``pycompose status``'s data.

Every cycle observes the project once, plans with ``plan_up`` (the planner of ``up``) and runs the plan
with the driver of rolling updates; so a removed replica is created again, an exited one started, and an
outdated one replaced as ``up`` would. On top of that plan the loop decides two things ``up`` does not:

* **unhealthy replicas**: a container unhealthy for ``unhealthy_after`` is replaced
  (``UpOptions.replace_containers``; with ``deploy.update_config`` the replacement is a rolling one:
  the new replica must be healthy before the old one goes);
* **crash loops**: every restart or replacement of one replica (a service and container number) counts;
  the second one waits ``backoff``, then twice as long each time (capped at ``max_backoff``), and after
  ``max_restarts`` the loop gives up on that replica with a message, and keeps watching the others. A
  replica that stays up ``reset_after`` has its count reset.

Settings come from an ``x-pycompose`` extension, at the top level and per service (the service's keys
win)::

    x-pycompose:
      reconcile: {unhealthy_after: 10s, max_restarts: 5, backoff: 1s, max_backoff: 1m, reset_after: 1m}

Replicas a user removed (``docker rm -f``) are created again; exited ones are started again unless the
service says not to: ``restart: "no"`` written out, ``deploy.restart_policy.condition: none``, or
``on-failure`` and an exit code 0 (a one-shot job that others wait for is left alone, as by ``up``).

A cycle runs on every engine event about the project (die, destroy, health status, oom...) and at least
every ``--interval``; it holds the project lock, so a concurrent ``up`` finishes first. Each action is a
log record (text or JSON lines). After each cycle the loop writes a small state file (per project and
engine, under ``$PYCOMPOSE_STATE_DIR`` or ``$XDG_STATE_HOME/pycompose``, default
``~/.local/state/pycompose``) with, per service, the restarts it made, its last action and reason, and
the replicas it gave up on; ``pycompose status`` reads it.

The decision functions (:func:`unhealthy_replacements`, :func:`hold_restarts`) are pure over the
observation, the loop's ``LoopState`` (which they update) and the time given: unit tests drive them.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import threading
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import TYPE_CHECKING, Any

from pycompose import labels
from pycompose.errors import PlanError
from pycompose.model import Project, Service
from pycompose.planner.plan import Plan, Step, topological
from pycompose.planner.rolling import seconds

if TYPE_CHECKING:
    from pycompose.engine.base import ContainerInfo, Engine
    from pycompose.executor import ExecutionResult, StepResult
    from pycompose.observe import ObservedState

#: engine events that start a cycle early
WAKE_EVENTS = ("die", "destroy", "health_status", "oom", "stop", "kill", "pause", "create", "start")


@dataclass(frozen=True)
class ReconcileConfig:
    unhealthy_after: float = 30.0
    max_restarts: int = 5
    backoff: float = 1.0
    max_backoff: float = 60.0
    reset_after: float = 60.0

    def delay(self, restarts: int) -> float:
        """The wait before restart number ``restarts + 1`` of a replica (none before the first)."""
        if restarts <= 0:
            return 0.0
        return min(self.backoff * 2 ** (restarts - 1), self.max_backoff)


_KEYS = {
    "unhealthy_after": seconds,
    "max_restarts": int,
    "backoff": seconds,
    "max_backoff": seconds,
    "reset_after": seconds,
}


def reconcile_config(project: Project, service: Service) -> ReconcileConfig:
    """The service's settings: ``x-pycompose.reconcile`` of the project, then of the service."""
    values: dict[str, Any] = {}
    for where, extensions in (
        ("x-pycompose", project.extensions),
        (f"services.{service.name}", service.extensions),
    ):
        section = ((extensions.get("x-pycompose") or {}).get("reconcile")) or {}
        if not isinstance(section, Mapping):
            raise PlanError(f"{where}.x-pycompose.reconcile must be a mapping")
        for key, value in section.items():
            if key not in _KEYS:
                raise PlanError(
                    f"{where}.x-pycompose.reconcile: unknown key {key!r}",
                    hint=f"use {', '.join(_KEYS)}",
                )
            try:
                values[key] = _KEYS[key](value)
            except (TypeError, ValueError) as error:
                raise PlanError(f"{where}.x-pycompose.reconcile.{key}: {error}") from None
    return ReconcileConfig(**values)


# ------------------------------------------------------------------------------------------ state


@dataclass
class Slot:
    """One replica (service, container number) as the loop sees it across cycles."""

    restarts: int = 0
    last_attempt: float = 0.0
    given_up: str = ""  # why, once the loop stopped restarting it
    not_wanted: str = ""  # why the service does not want it restarted (restart: "no"...), once logged
    noted_until: float = 0.0  # a backoff already logged until then (no log line per cycle)


@dataclass
class LoopState:
    slots: dict[tuple[str, int], Slot] = field(default_factory=dict)
    unhealthy_since: dict[str, float] = field(default_factory=dict)  # container id -> time
    running_since: dict[str, float] = field(default_factory=dict)  # container id -> time
    restarts: dict[str, int] = field(default_factory=dict)  # service -> restarts + replacements made
    last_action: dict[str, dict[str, Any]] = field(default_factory=dict)  # service -> log record

    def slot(self, service: str, number: int) -> Slot:
        return self.slots.setdefault((service, number), Slot())


@dataclass(frozen=True)
class Note:
    """A decision worth a log line: ``backoff``, ``give_up``, ``replace`` (why), ``hold``."""

    action: str
    service: str
    container: str
    reason: str


@dataclass(frozen=True)
class Decision:
    replace: Mapping[str, str] = field(default_factory=dict)  # container name -> reason
    notes: tuple[Note, ...] = ()
    wake_in: float | None = None  # seconds until a deadline (backoff end, unhealthy_after) passes


def _attempt(
    state: LoopState, config: ReconcileConfig, c: ContainerInfo, now: float, what: str
) -> Note | bool:
    """Whether replica ``c`` may be restarted or replaced now: True (and counted), or the Note saying
    why not (backoff: an earlier restart was too recent; give_up: too many)."""
    slot = state.slot(c.service, c.number)
    if slot.given_up:
        return Note("hold", c.service, c.name, slot.given_up)
    if slot.restarts >= config.max_restarts:
        slot.given_up = (
            f"{c.name} {what} again after {slot.restarts} restart(s): giving up "
            f"(x-pycompose.reconcile.max_restarts: {config.max_restarts}); fix the service, then "
            "`pycompose up` starts it"
        )
        return Note("give_up", c.service, c.name, slot.given_up)
    due = slot.last_attempt + config.delay(slot.restarts)
    if now < due:
        if slot.noted_until == due:
            return Note("hold", c.service, c.name, "backoff")
        slot.noted_until = due
        return Note(
            "backoff",
            c.service,
            c.name,
            f"{c.name} {what}: restart {slot.restarts + 1}/{config.max_restarts} in {due - now:.1f}s "
            f"(backoff {config.delay(slot.restarts):g}s)",
        )
    slot.restarts += 1
    slot.last_attempt = now
    state.restarts[c.service] = state.restarts.get(c.service, 0) + 1
    return True


def _wake(current: float | None, candidate: float) -> float:
    return candidate if current is None else min(current, candidate)


def unhealthy_replacements(
    project: Project, observed: ObservedState, state: LoopState, now: float
) -> Decision:
    """The containers unhealthy for ``unhealthy_after`` that may be replaced now (backoff and
    ``max_restarts`` permitting), with the reason; also resets the counts of replicas that stayed up."""
    replace: dict[str, str] = {}
    notes: list[Note] = []
    wake: float | None = None
    seen: set[str] = set()
    for c in observed.containers:
        service = project.services.get(c.service)
        if service is None or c.oneoff:
            continue
        seen.add(c.id)
        config = reconcile_config(project, service)
        if c.state != "running":
            state.running_since.pop(c.id, None)
            state.unhealthy_since.pop(c.id, None)
            continue
        since = state.running_since.setdefault(c.id, now)
        slot = state.slots.get((c.service, c.number))
        if c.health != "unhealthy":
            state.unhealthy_since.pop(c.id, None)
            if slot is not None and slot.restarts and now - since >= config.reset_after:
                slot.restarts, slot.given_up = 0, ""
            continue
        first = state.unhealthy_since.setdefault(c.id, now)
        if now - first < config.unhealthy_after:
            wake = _wake(wake, first + config.unhealthy_after - now)
            continue
        verdict = _attempt(state, config, c, now, f"unhealthy for {now - first:.0f}s")
        if verdict is True:
            slot = state.slot(c.service, c.number)
            replace[c.name] = (
                f"unhealthy for {now - first:.0f}s (x-pycompose.reconcile.unhealthy_after "
                f"{config.unhealthy_after:g}s), replacement {slot.restarts}/{config.max_restarts}"
            )
        else:
            assert isinstance(verdict, Note)
            if verdict.action == "backoff" or verdict.reason == "backoff":
                wake = _wake(wake, max(_due(state, config, c) - now, 0.05))
            if verdict.action != "hold":
                notes.append(verdict)
    for gone in set(state.running_since) - seen:
        state.running_since.pop(gone, None)
        state.unhealthy_since.pop(gone, None)
    return Decision(replace=replace, notes=tuple(notes), wake_in=wake)


def _due(state: LoopState, config: ReconcileConfig, c: ContainerInfo) -> float:
    slot = state.slot(c.service, c.number)
    return slot.last_attempt + config.delay(slot.restarts)


def _restart_wanted(service: Service, c: ContainerInfo) -> str | None:
    """None when the service wants exited replicas back, else why not."""
    condition = ((service.spec.get("deploy") or {}).get("restart_policy") or {}).get("condition")
    if condition == "none":
        return "deploy.restart_policy.condition is none"
    if service.spec.get("restart") == "no":
        return 'restart is "no"'
    if (condition == "on-failure" or str(service.spec.get("restart") or "").startswith("on-failure")) and (
        c.exit_code == 0
    ):
        return "exited 0 and the restart policy is on-failure"
    return None


def without(plan: Plan, dropped: Iterable[str]) -> Plan:
    """``plan`` without the steps ``dropped`` and everything that needs them."""
    gone = set(dropped)
    changed = True
    while changed:
        changed = False
        for step in plan.steps:
            if step.id not in gone and any(n in gone for n in step.needs):
                gone.add(step.id)
                changed = True
    return Plan(plan.project, topological(s for s in plan.steps if s.id not in gone))


def hold_restarts(
    plan: Plan, project: Project, observed: ObservedState, state: LoopState, now: float
) -> tuple[Plan, Decision]:
    """``plan`` without the restarts the backoff, ``max_restarts`` or the service's restart policy
    forbid now; the restarts it keeps are counted."""
    by_name = {c.name: c for c in observed.containers if not c.oneoff}
    dropped: list[str] = []
    notes: list[Note] = []
    wake: float | None = None
    for step in plan.steps:
        if step.action not in ("start_container", "unpause_container", "restart_container") or step.skipped:
            continue
        c = by_name.get(step.target.split(":", 1)[1])
        if c is None or c.state not in ("exited", "dead", "created"):
            continue  # a new container, or a restart ``up`` wants for its own reasons
        service = project.services.get(c.service)
        if service is None:
            continue
        config = reconcile_config(project, service)
        unwanted = _restart_wanted(service, c)
        if unwanted is not None:
            dropped.append(step.id)
            slot = state.slot(c.service, c.number)
            if slot.not_wanted != unwanted:
                slot.not_wanted = unwanted
                notes.append(Note("leave", c.service, c.name, f"{c.name} stays {c.state}: {unwanted}"))
            continue
        code = f"exited with code {c.exit_code}" if c.exit_code is not None else f"is {c.state}"
        verdict = _attempt(state, config, c, now, code)
        if verdict is True:
            slot = state.slot(c.service, c.number)
            step_reason = f"{step.reason} (restart {slot.restarts}/{config.max_restarts})"
            plan = Plan(plan.project, tuple(_with_reason(s, step.id, step_reason) for s in plan.steps))
            continue
        assert isinstance(verdict, Note)
        dropped.append(step.id)
        if verdict.action == "backoff" or verdict.reason == "backoff":
            wake = _wake(wake, max(_due(state, config, c) - now, 0.05))
        if verdict.action != "hold":
            notes.append(verdict)
    return without(plan, dropped), Decision(notes=tuple(notes), wake_in=wake)


def _with_reason(step: Step, step_id: str, reason: str) -> Step:
    if step.id != step_id:
        return step
    from dataclasses import replace

    return replace(step, reason=reason)


# ------------------------------------------------------------------------------------------ logging


def _now_text(now: float | None = None) -> str:
    stamp = datetime.fromtimestamp(time.time() if now is None else now, tz=timezone.utc)
    return stamp.strftime("%Y-%m-%dT%H:%M:%S.") + f"{stamp.microsecond // 1000:03d}Z"


def record(
    action: str,
    reason: str,
    service: str = "",
    container: str = "",
    result: str = "",
    error: str = "",
) -> dict[str, Any]:
    out = {
        "time": _now_text(),
        "service": service,
        "container": container,
        "action": action,
        "reason": reason,
    }
    if result:
        out["result"] = result
    if error:
        out["error"] = error
    return out


def format_text(rec: Mapping[str, Any]) -> str:
    """``2025-01-01T10:00:00.000Z web demo-web-2 start: container is exited with code 137 -> done``."""
    who = " ".join(x for x in (rec.get("service"), rec.get("container")) if x)
    text = f"{rec['time']} {who + ' ' if who else ''}{rec['action']}: {rec['reason']}"
    if rec.get("result"):
        text += f" -> {rec['result']}"
    if rec.get("error"):
        text += f": {rec['error']}"
    return text


class LogReporter:
    """A ``Reporter`` that turns each finished step into a log record (``emit``)."""

    def __init__(self, emit: Callable[[dict[str, Any]], None], services: Mapping[str, str]) -> None:
        self.emit = emit
        self.services = services  # container name -> service

    def plan_started(self, plan: Plan) -> None:
        pass

    def step_started(self, step: Step) -> None:
        pass

    def step_finished(self, step: Step, result: StepResult) -> None:
        if step.skipped:
            return
        target = step.target.split(":", 1)[1] if ":" in step.target else step.target
        container = target.split("@", 1)[0]
        service = self.services.get(container, "")
        if not service and "spec" in step.params:
            service = str(
                (step.params["spec"].body.get("Labels") or {}).get("com.docker.compose.service", "")
            )
        action = step.action.replace("_container", "").replace("_network", " network")
        error = str(result.error) if result.error is not None else ""
        why = step.reason
        if result.status not in ("done", "failed") and result.reason:
            why += f" [{result.reason}]"
        self.emit(record(action, why, service, container, result.status, error))

    def plan_finished(self, result: ExecutionResult) -> None:
        pass

    def message(self, text: str) -> None:
        self.emit(record("message", text))


# ------------------------------------------------------------------------------------------ state file


def state_dir(environ: Mapping[str, str] | None = None) -> str:
    env = os.environ if environ is None else environ
    if env.get("PYCOMPOSE_STATE_DIR"):
        return env["PYCOMPOSE_STATE_DIR"]
    base = env.get("XDG_STATE_HOME") or os.path.join(
        env.get("HOME") or os.path.expanduser("~"), ".local", "state"
    )
    return os.path.join(base, "pycompose")


def state_path(project: str, engine_address: str = "", environ: Mapping[str, str] | None = None) -> str:
    """Where the reconcile loop of ``project`` on ``engine_address`` keeps its state."""
    key = hashlib.sha256(f"{engine_address}\0{project}".encode()).hexdigest()[:12]
    return os.path.join(state_dir(environ), f"reconcile-{project}-{key}.json")


def write_state(path: str, project: str, state: LoopState, interval: float, running: bool = True) -> None:
    services: dict[str, Any] = {}
    names = set(state.restarts) | set(state.last_action) | {s for s, _ in state.slots}
    for service in sorted(names):
        services[service] = {
            "restarts": state.restarts.get(service, 0),
            "last_action": state.last_action.get(service),
            "given_up": sorted(
                f"{service}-{number}: {slot.given_up}"
                for (svc, number), slot in state.slots.items()
                if svc == service and slot.given_up
            ),
        }
    data = {
        "project": project,
        "pid": os.getpid(),
        "running": running,
        "interval": interval,
        "updated": _now_text(),
        "services": services,
    }
    os.makedirs(os.path.dirname(path), exist_ok=True)
    tmp = f"{path}.{os.getpid()}.tmp"
    with open(tmp, "w", encoding="utf-8") as handle:
        json.dump(data, handle, indent=1)
    os.replace(tmp, path)


def read_state(path: str) -> dict[str, Any] | None:
    try:
        with open(path, encoding="utf-8") as handle:
            data = json.load(handle)
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None


def loop_alive(data: Mapping[str, Any] | None) -> bool:
    """Whether the loop that wrote ``data`` still runs (on this machine)."""
    if not data or not data.get("running"):
        return False
    try:
        os.kill(int(data.get("pid") or 0), 0)
    except (OSError, ValueError):
        return False
    return True


# ------------------------------------------------------------------------------------------ the loop


class _Events:
    """Sets ``wake`` on every engine event about the project; reopens a broken stream."""

    def __init__(self, engine: Engine, project: str, wake: threading.Event, stop: threading.Event) -> None:
        self.engine = engine
        self.project = project
        self.wake = wake
        self.stop = stop
        self.stream: Any = None
        self.lock = threading.Lock()
        threading.Thread(target=self._run, name="pycompose-reconcile-events", daemon=True).start()

    def _run(self) -> None:
        while not self.stop.is_set():
            try:
                stream = self.engine.events(
                    {**labels.project_filter(self.project), "event": list(WAKE_EVENTS)}
                )
                with self.lock:
                    if self.stop.is_set():
                        with contextlib.suppress(Exception):
                            stream.close()
                        return
                    self.stream = stream
                for _event in stream:
                    self.wake.set()
                    if self.stop.is_set():
                        return
            except Exception:
                pass
            self.stop.wait(1.0)  # a broken stream: the periodic snapshot covers the gap

    def close(self) -> None:
        with self.lock:
            stream, self.stream = self.stream, None
        if stream is not None:
            with contextlib.suppress(Exception):
                close = getattr(stream, "close", None)
                if close is not None:
                    close()


def reconcile_once(
    project: Project,
    engine: Engine,
    state: LoopState,
    emit: Callable[[dict[str, Any]], None],
    now: float | None = None,
    cancel: threading.Event | None = None,
    parallel: int = -1,
) -> tuple[bool, float | None]:
    """One cycle: observe, decide, plan, run. Returns whether every step it ran succeeded, and the
    seconds until a known deadline (a backoff ends, a replica has been unhealthy long enough) or None."""
    from pycompose.api import observe_project
    from pycompose.planner.options import UpOptions
    from pycompose.planner.up import plan_up
    from pycompose.rollout import run_plan

    now = time.time() if now is None else now
    observed = observe_project(engine, project)
    decision = unhealthy_replacements(project, observed, state, now)
    plan = plan_up(project, observed, UpOptions(replace_containers=decision.replace))
    plan, held = hold_restarts(plan, project, observed, state, now)
    decided: set[str] = set()  # services whose last action this cycle is a decision (replace, give up)
    for note in (*decision.notes, *held.notes):
        rec = record(note.action.replace("_", " "), note.reason, note.service, note.container)
        state.last_action[note.service] = rec
        decided.add(note.service)
        emit(rec)
    for name, reason in decision.replace.items():
        service = next((c.service for c in observed.containers if c.name == name), "")
        rec = record("replace", reason, service, name)
        state.last_action[service] = rec
        decided.add(service)
        emit(rec)
    if plan.runnable():
        services = {c.name: c.service for c in observed.containers}
        for step in plan.steps:
            spec = step.params.get("spec")
            if step.action == "create_container" and spec is not None:
                service = str((spec.body.get("Labels") or {}).get(labels.SERVICE, ""))
                services[step.target.split(":", 1)[1]] = service
                services[spec.name] = service

        def logged(rec: dict[str, Any]) -> None:
            service = rec.get("service")
            if service and service not in decided and rec.get("action") in ("create", "start", "restart"):
                state.last_action[service] = rec
            emit(rec)

        ok = run_plan(plan, engine, LogReporter(logged, services), parallel=parallel, cancel=cancel).ok
    else:
        ok = True
    waits = [w for w in (decision.wake_in, held.wake_in) if w is not None]
    return ok, (min(waits) if waits else None)


def run_loop(
    project: Project,
    engine: Engine,
    emit: Callable[[dict[str, Any]], None],
    interval: float = 10.0,
    once: bool = False,
    stop: threading.Event | None = None,
    state_file: str | None = None,
    engine_address: str = "",
    parallel: int = -1,
) -> bool:
    """Reconcile until ``stop`` is set (or one cycle with ``once``). An engine error in a cycle is
    logged and the next cycle tries again; the result says whether the last cycle went well."""
    from pycompose.errors import PycomposeError
    from pycompose.lock import project_lock

    for service in project.services.values():
        reconcile_config(project, service)  # bad settings fail now, not in every cycle
    stop = stop if stop is not None else threading.Event()
    ok = True
    woken = False
    wake = threading.Event()
    state = LoopState()
    events = None if once else _Events(engine, project.name, wake, stop)
    how = "once" if once else f"on engine events and every {interval:g}s"
    emit(record("watch", f"reconciling project {project.name} {how}"))
    try:
        while not stop.is_set():
            wake.clear()
            try:
                with project_lock(project.name, engine_address):
                    ok, deadline = reconcile_once(
                        project, engine, state, emit, cancel=stop, parallel=parallel
                    )
            except PycomposeError as error:
                ok, deadline = False, None
                emit(record("error", error.one_line()))
            if state_file:
                write_state(state_file, project.name, state, interval, running=not once)
            if once:
                break
            timeout = interval if deadline is None else max(min(interval, deadline), 0.05)
            if woken:
                timeout = min(timeout, 1.0)  # an event can come before the state it announces: look again
            woken = wake.wait(timeout)
            if woken and not stop.is_set():
                stop.wait(0.2)  # a burst of events (a replacement makes several): one cycle for all
    finally:
        if events is not None:
            stop.set()
            events.close()
        if state_file:
            with contextlib.suppress(OSError):
                write_state(state_file, project.name, state, interval, running=False)
    return ok


# ------------------------------------------------------------------------------------------ status


def status_rows(
    project: Project, observed: ObservedState, data: Mapping[str, Any] | None
) -> list[dict[str, Any]]:
    """Per service: desired and actual replicas, health, restarts and the loop's last action."""
    saved = (data or {}).get("services") or {}
    rows = []
    for name, service in project.services.items():
        containers = observed.service_containers(name)
        running = [c for c in containers if c.state == "running"]
        health: dict[str, int] = {}
        for c in running:
            key = c.health or "no healthcheck"
            health[key] = health.get(key, 0) + 1
        info = saved.get(name) or {}
        last = info.get("last_action") or {}
        rows.append(
            {
                "service": name,
                "desired": service.scale,
                "running": len(running),
                "containers": len(containers),
                "health": health,
                "restarts": int(info.get("restarts") or 0),
                "given_up": list(info.get("given_up") or ()),
                "last_action": last.get("action", ""),
                "last_container": last.get("container", ""),
                "last_reason": last.get("reason", ""),
                "last_result": last.get("result", ""),
                "last_time": last.get("time", ""),
            }
        )
    return rows
