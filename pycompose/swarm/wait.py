"""``stack deploy --wait``: wait until every service of the stack converged, one progress line each.

A service has converged when as many of its *up-to-date* tasks run as it wants (replicas; for a global
service one per node that got a task), its update (if any) completed or was rolled back, and that
stayed so for the update monitor period (5 s by default, as ``docker service update --detach=false``
checks) — unless the wait saw the update run to completion: Swarm itself watched the new tasks then.

``progress`` is pure (the same rules as docker/cli ``service/progress``: one task per slot or node, the
lowest desired state wins, tasks on down nodes do not count); ``wait_converged`` polls.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from pycompose.errors import PycomposeError

if TYPE_CHECKING:
    from pycompose.swarm.engine import SwarmEngine

_ORDER = {
    "new": 1,
    "allocated": 2,
    "pending": 3,
    "assigned": 4,
    "accepted": 5,
    "preparing": 6,
    "ready": 7,
    "starting": 8,
    "running": 9,
    "complete": 10,
    "shutdown": 11,
    "failed": 12,
    "rejected": 13,
    "remove": 14,
    "orphaned": 15,
}
DEFAULT_MONITOR = 5.0
WAIT_TIMEOUT_EXIT = 124


def _terminal(state: str) -> bool:
    return _ORDER.get(state, 0) > _ORDER["running"]


@dataclass(frozen=True)
class Progress:
    """Where one service stands. ``failure`` is set for states that waiting cannot fix."""

    service: str
    running: int
    desired: int | None  # None: a global service whose tasks are not created yet
    update_state: str | None = None
    detail: str = ""
    failure: str | None = None
    rolled_back: str | None = None

    @property
    def converged(self) -> bool:
        """All wanted tasks of the current spec run, and no update or rollback is still going on."""
        return (
            self.failure is None
            and self.desired is not None
            and self.running == self.desired
            and self.update_state not in ("updating", "rollback_started")
        )

    def line(self) -> str:
        count = f"{self.running}/{self.desired if self.desired is not None else '?'} tasks running"
        parts = [count]
        if self.update_state and self.update_state not in ("completed",):
            parts.append(self.update_state.replace("_", " "))
        if self.detail:
            parts.append(self.detail)
        if self.rolled_back:
            parts.append(f"rolled back: {self.rolled_back}")
        if self.failure:
            parts.append(self.failure)
        return ", ".join(parts)


def _pick(tasks: Iterable[Mapping[str, Any]], key: Callable[[Mapping[str, Any]], Any]) -> dict[Any, Any]:
    """One task per slot/node: the lowest desired state, then the most advanced observed state."""
    chosen: dict[Any, Mapping[str, Any]] = {}
    for task in tasks:
        desired = _ORDER.get(task.get("DesiredState", ""), 0)
        state = _ORDER.get((task.get("Status") or {}).get("State", ""), 0)
        if not desired or not state:
            continue
        k = key(task)
        if k in chosen:
            old = chosen[k]
            old_desired = _ORDER.get(old.get("DesiredState", ""), 0)
            old_state = _ORDER.get((old.get("Status") or {}).get("State", ""), 0)
            if old_desired < desired or (old_desired == desired and old_state <= state):
                continue
        chosen[k] = task
    return chosen


def progress(
    service: Mapping[str, Any], tasks: Iterable[Mapping[str, Any]], active_nodes: set[str]
) -> Progress:
    """Where ``service`` (a ``GET /services/{id}`` object) stands, from its up-to-date ``tasks``."""
    spec = service.get("Spec") or {}
    name = spec.get("Name", service.get("ID", "?"))
    status = service.get("UpdateStatus") or {}
    state = status.get("State")
    message = status.get("Message", "")
    mode = spec.get("Mode") or {}
    if "ReplicatedJob" in mode or "GlobalJob" in mode:
        return _job_progress(name, mode, list(tasks), active_nodes)
    if "Global" in mode:
        by = _pick(tasks, lambda t: t.get("NodeID", ""))
        live = {k: t for k, t in by.items() if k in active_nodes}
        desired: int | None = len(live) or None
    else:
        replicated = mode.get("Replicated") or {}
        desired = int(replicated.get("Replicas", 1) or 0)
        by = _pick(tasks, lambda t: t.get("Slot", 0))
        live = {k: t for k, t in by.items() if not t.get("NodeID") or t.get("NodeID") in active_nodes}
    running = sum(
        1
        for t in live.values()
        if not _terminal(t.get("DesiredState", "")) and (t.get("Status") or {}).get("State") == "running"
    )
    waiting: dict[str, int] = {}
    errors = []
    for task in live.values():
        task_state = (task.get("Status") or {}).get("State", "")
        err = (task.get("Status") or {}).get("Err", "")
        if err:
            errors.append(err)
        elif task_state != "running":
            waiting[task_state] = waiting.get(task_state, 0) + 1
    detail = ", ".join(f"{n} {s}" for s, n in sorted(waiting.items(), key=lambda i: _ORDER.get(i[0], 0)))
    if errors:
        detail = (detail + "; " if detail else "") + f"error: {errors[0]}"
    failure = None
    rolled_back = None
    if state == "paused":
        failure = f"update paused: {message}"
    elif state == "rollback_paused":
        failure = f"rollback paused: {message}"
    elif state == "rollback_completed":
        rolled_back = message or "update rolled back"
    return Progress(name, running, desired, state, detail, failure, rolled_back)


def _job_progress(
    name: str, mode: Mapping[str, Any], tasks: list[Mapping[str, Any]], active_nodes: set[str]
) -> Progress:
    """A job has converged when its tasks completed: ``TotalCompletions`` of them (replicated) or one
    per node that got a task (global); a failed task is a failure."""
    states = [(t.get("Status") or {}).get("State", "") for t in tasks if t.get("NodeID", "") in active_nodes]
    done = states.count("complete")
    if "ReplicatedJob" in mode:
        desired: int | None = int((mode["ReplicatedJob"] or {}).get("TotalCompletions") or 1)
    else:
        desired = len(states) or None
    failed = [
        (t.get("Status") or {}).get("Err") or "task failed"
        for t in tasks
        if (t.get("Status") or {}).get("State") in ("failed", "rejected")
    ]
    failure = f"job failed: {failed[0]}" if failed and done != desired else None
    return Progress(name, done, desired, detail="completed" if done == desired else "", failure=failure)


def monitor_seconds(service: Mapping[str, Any]) -> float:
    ns = ((service.get("Spec") or {}).get("UpdateConfig") or {}).get("Monitor") or 0
    return ns / 1e9 if ns else DEFAULT_MONITOR


@dataclass(frozen=True)
class WaitResult:
    converged: tuple[str, ...]
    rolled_back: tuple[str, ...]
    failed: tuple[str, ...]
    timed_out: tuple[str, ...]


def wait_converged(
    engine: SwarmEngine,
    stack: str,
    names: Iterable[str],
    timeout: float | None = None,
    out: Callable[[str], None] = print,
    poll: float = 0.5,
    stable: float | None = None,
) -> WaitResult:
    """Poll until every service in ``names`` converged (or failed); print a line whenever one's state
    changes. ``stable`` overrides each service's monitor period. Raises nothing for a service: the
    result says which ones converged, rolled back, failed or ran out of time."""
    pending = list(dict.fromkeys(names))
    deadline = None if timeout is None else time.monotonic() + timeout
    last: dict[str, str] = {}
    converged_at: dict[str, float] = {}
    updating: set[str] = set()  # services seen updating: Swarm's own monitor then vouches for them
    done: dict[str, str] = {}  # name -> converged | rolled_back | failed
    width = max((len(n) for n in pending), default=0)
    while True:
        services = {s["Spec"]["Name"]: s for s in engine.services(stack)}
        nodes = engine.nodes()
        active = {n["ID"] for n in nodes if (n.get("Status") or {}).get("State") != "down"}
        now = time.monotonic()
        for name in pending:
            if name in done:
                continue
            service = services.get(name)
            if service is None:
                prog = Progress(name, 0, None, failure="service not found")
            else:
                tasks = engine.tasks(service=service["ID"], up_to_date=True)
                prog = progress(service, tasks, active)
            text = prog.line()
            if prog.update_state in ("updating", "rollback_started"):
                updating.add(name)
            if prog.failure:
                done[name] = "failed"
            elif prog.converged:
                since = converged_at.setdefault(name, now)
                wait_for = stable if stable is not None else monitor_seconds(service or {})
                if name in updating and prog.update_state in ("completed", "rollback_completed"):
                    wait_for = 0.0  # the update finished: Swarm watched the new tasks for `monitor`
                if now - since >= wait_for:
                    done[name] = "rolled_back" if prog.rolled_back else "converged"
                    text += ", converged" if not prog.rolled_back else ""
                else:
                    text += f", verifying ({wait_for:.0f} s)"
            else:
                converged_at.pop(name, None)
            if last.get(name) != text:
                last[name] = text
                out(f"{name.ljust(width)}  {text}")
        if all(n in done for n in pending):
            break
        if deadline is not None and time.monotonic() >= deadline:
            break
        time.sleep(poll)
    return WaitResult(
        converged=tuple(n for n in pending if done.get(n) == "converged"),
        rolled_back=tuple(n for n in pending if done.get(n) == "rolled_back"),
        failed=tuple(n for n in pending if done.get(n) == "failed"),
        timed_out=tuple(n for n in pending if n not in done),
    )


def raise_for(result: WaitResult) -> None:
    """The CLI's verdict: exit 1 when a service failed or rolled back, 124 when time ran out."""
    if result.failed or result.rolled_back:
        names = ", ".join((*result.failed, *result.rolled_back))
        raise PycomposeError(f"service(s) did not converge: {names}", exit_code=1)
    if result.timed_out:
        raise PycomposeError(
            f"service(s) did not converge in time: {', '.join(result.timed_out)}",
            hint="raise --wait-timeout, or look at `pycompose stack ps` for task errors",
            exit_code=WAIT_TIMEOUT_EXIT,
        )
