"""The executor: Kahn order over a thread pool, failures skip dependents, cancellation, waits.

The engine here is a small recording stub (``StubEngine``): each call is logged, and a test can hook any
method to block, raise or coordinate with another step. Concurrency is proven without timing: two steps
that each wait for the other's Event can only both succeed if they run at the same time.
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Callable, Iterable, Iterator
from types import MappingProxyType
from typing import Any

import pytest

from pycompose.engine.base import ContainerInfo, ContainerSpec, EngineEvent, NetworkSpec
from pycompose.engine.memory import MemoryEngine
from pycompose.errors import EngineError, NotFoundError
from pycompose.executor import ExecutionResult, StepResult, execute, is_not_found
from pycompose.planner.plan import Plan, Step
from pycompose.progress import QuietReporter

# ------------------------------------------------------------------------------------------ helpers


class StubEngine:
    """Records ``(method, first argument)`` for every call; ``hooks[method](*args)`` runs inside the call
    (to raise, block or signal); ``states[name]`` is a list of ContainerInfo returned by successive
    ``inspect_container`` calls (the last one repeats)."""

    address = "stub://"

    def __init__(self) -> None:
        self.calls: list[tuple[str, Any]] = []
        self.hooks: dict[str, Callable[..., Any]] = {}
        self.states: dict[str, list[ContainerInfo]] = {}
        self._lock = threading.Lock()

    def _record(self, method: str, *args: Any, **kwargs: Any) -> Any:
        with self._lock:
            self.calls.append((method, args[0] if args else None))
        hook = self.hooks.get(method)
        if hook is not None:
            return hook(*args, **kwargs)
        return None

    def __getattr__(self, method: str) -> Callable[..., Any]:
        if method.startswith("_"):
            raise AttributeError(method)
        return lambda *args, **kwargs: self._record(method, *args, **kwargs)

    def inspect_container(self, ref: str) -> ContainerInfo | None:
        self._record("inspect_container", ref)
        states = self.states.get(ref)
        if not states:
            return None
        return states.pop(0) if len(states) > 1 else states[0]

    def called(self, method: str | None = None) -> list[Any]:
        return [arg for m, arg in self.calls if method is None or m == method]


def container(name: str, state: str = "running", health: str | None = None, code: int | None = None):
    return ContainerInfo(
        id="id-" + name,
        name=name,
        project="demo",
        service=name.split("-")[1],
        number=1,
        oneoff=False,
        state=state,
        image="busybox",
        image_id="sha256:0",
        health=health,
        exit_code=code,
    )


def step(action: str, name: str, needs: Iterable[str] = (), skipped: bool = False, **params: Any) -> Step:
    kind = "network" if "network" in action else "container"
    params.setdefault("name", name)
    return Step(
        id=f"{action}:{name}",
        action=action,
        target=f"{kind}:{name}",
        reason="test",
        needs=tuple(needs),
        skipped=skipped,
        params=MappingProxyType(params),
    )


def start(name: str, needs: Iterable[str] = (), **params: Any) -> Step:
    return step("start_container", name, needs, **params)


class RecordingReporter:
    """Keeps every call as ``(event, step id or None)``."""

    def __init__(self) -> None:
        self.events: list[tuple[str, str | None]] = []
        self.results: dict[str, StepResult] = {}
        self.final: ExecutionResult | None = None
        self.threads: set[int] = set()

    def _note(self, event: str, step_id: str | None) -> None:
        self.threads.add(threading.get_ident())
        self.events.append((event, step_id))

    def plan_started(self, plan: Plan) -> None:
        self._note("plan_started", None)

    def step_started(self, step: Step) -> None:
        self._note("started", step.id)

    def step_finished(self, step: Step, result: StepResult) -> None:
        self._note("finished", step.id)
        self.results[step.id] = result

    def plan_finished(self, result: ExecutionResult) -> None:
        self._note("plan_finished", None)
        self.final = result

    def message(self, text: str) -> None:
        self._note("message", text)


def statuses(result: ExecutionResult) -> dict[str, str]:
    return {sid: r.status for sid, r in result.results.items()}


# ------------------------------------------------------------------------------------------ ordering


def test_steps_run_after_their_needs():
    engine = StubEngine()
    net = Step(
        "create_network:demo_default",
        "create_network",
        "network:demo_default",
        "missing",
        params=MappingProxyType({"spec": NetworkSpec("demo_default", {"Name": "demo_default"})}),
    )
    db_create = step(
        "create_container", "demo-db-1", [net.id], spec=ContainerSpec("demo-db-1", {"Image": "busybox"})
    )
    db_start = start("demo-db-1", [db_create.id])
    web_create = step(
        "create_container", "demo-web-1", [net.id], spec=ContainerSpec("demo-web-1", {"Image": "busybox"})
    )
    web_start = start("demo-web-1", [web_create.id, db_start.id])
    # listed in an order that is valid but not the only one: the executor must follow needs, not the list
    plan = Plan("demo", (net, web_create, db_create, db_start, web_start))

    result = execute(plan, engine, QuietReporter())

    assert result.ok and not result.interrupted
    assert set(statuses(result).values()) == {"done"}
    order = [f"{m}:{a.name if hasattr(a, 'name') else a}" for m, a in engine.calls]
    for s in plan.steps:
        for need in s.needs:
            assert order.index(need) < order.index(s.id), (need, s.id, order)


def test_independent_branches_run_concurrently():
    """Each start waits for the other's signal: serial execution would time both out and fail."""
    engine = StubEngine()
    seen = {"demo-a-1": threading.Event(), "demo-b-1": threading.Event()}
    other = {"demo-a-1": "demo-b-1", "demo-b-1": "demo-a-1"}

    def meet(name: str) -> None:
        seen[name].set()
        if not seen[other[name]].wait(timeout=5):
            raise EngineError(f"{name} ran alone")

    engine.hooks["start_container"] = meet
    plan = Plan("demo", (start("demo-a-1"), start("demo-b-1")))

    result = execute(plan, engine, QuietReporter(), parallel=2)

    assert result.ok, statuses(result)


def test_parallel_one_runs_one_step_at_a_time():
    engine = StubEngine()
    lock = threading.Lock()
    active = [0]
    peak = [0]

    def track(name: str) -> None:
        with lock:
            active[0] += 1
            peak[0] = max(peak[0], active[0])
        threading.Event().wait(0.01)  # give a second worker, if there were one, the chance to overlap
        with lock:
            active[0] -= 1

    engine.hooks["start_container"] = track
    plan = Plan("demo", tuple(start(f"demo-s{i}-1") for i in range(6)))

    result = execute(plan, engine, QuietReporter(), parallel=1)

    assert result.ok
    assert peak[0] == 1
    assert engine.called("start_container") == [f"demo-s{i}-1" for i in range(6)]  # plan order


def test_stops_are_throttled_but_other_steps_are_not(monkeypatch: pytest.MonkeyPatch):
    """At most ``lifecycle_slots()`` stops run at once (the engine serialises their network teardown);
    removals listed after them still start at once instead of queueing behind the held stops."""
    monkeypatch.setattr("pycompose.executor.lifecycle_slots", lambda: 3)
    engine = StubEngine()
    lock = threading.Lock()
    active = [0]
    peak = [0]

    def track(name: str, timeout: object = None) -> None:
        with lock:
            active[0] += 1
            peak[0] = max(peak[0], active[0])
        threading.Event().wait(0.05)
        with lock:
            active[0] -= 1

    engine.hooks["stop_container"] = track
    stops = tuple(step("stop_container", f"demo-s{i}-1", timeout=1) for i in range(12))
    removals = tuple(step("remove_container", f"demo-old{i}-1", force=True, volumes=False) for i in range(4))

    result = execute(Plan("demo", stops + removals), engine, QuietReporter())

    assert result.ok, statuses(result)
    assert peak[0] == 3
    called = [m for m, _ in engine.calls]
    fourth_stop = [i for i, m in enumerate(called) if m == "stop_container"][3]
    assert all(i < fourth_stop for i, m in enumerate(called) if m == "remove_container"), called


# ------------------------------------------------------------------------------------------ failures


def test_a_failure_skips_exactly_its_dependents():
    engine = StubEngine()

    def fail_a(name: str) -> None:
        if name == "demo-a-1":
            raise EngineError("Error response from daemon: boom")

    engine.hooks["start_container"] = fail_a
    a = start("demo-a-1")
    b = start("demo-b-1", [a.id])
    c = start("demo-c-1", [b.id])
    d = start("demo-d-1")
    e = start("demo-e-1", [d.id])
    reporter = RecordingReporter()

    result = execute(Plan("demo", (a, b, c, d, e)), engine, reporter)

    assert statuses(result) == {
        a.id: "failed",
        b.id: "skipped",
        c.id: "skipped",
        d.id: "done",
        e.id: "done",
    }
    assert not result.ok and not result.interrupted
    assert str(result.results[a.id].error) == "Error response from daemon: boom"
    assert result.results[b.id].reason == f"dependency {a.id} failed"
    assert result.results[c.id].reason == f"dependency {a.id} failed"
    assert result.failures() == (result.results[a.id],)
    assert sorted(engine.called("start_container")) == ["demo-a-1", "demo-d-1", "demo-e-1"]
    assert ("started", b.id) not in reporter.events


def test_unexpected_exceptions_become_engine_errors():
    engine = StubEngine()
    broken = step("start_container", "demo-x-1")
    engine.hooks["start_container"] = lambda name: {}["missing"]

    result = execute(Plan("demo", (broken,)), engine, QuietReporter())

    error = result.results[broken.id].error
    assert isinstance(error, EngineError)
    assert "KeyError" in str(error) and broken.id in str(error)
    assert isinstance(error.__cause__, KeyError)


def test_unknown_action_handler_fails_clearly(monkeypatch: pytest.MonkeyPatch):
    import pycompose.executor as executor

    without_builds = {k: v for k, v in executor.HANDLERS.items() if k != "build_image"}
    monkeypatch.setattr(executor, "HANDLERS", MappingProxyType(without_builds))
    build = Step("build_image:web", "build_image", "image:demo-web", "not built", params=MappingProxyType({}))
    result = execute(Plan("demo", (build,)), StubEngine(), QuietReporter())
    assert result.results[build.id].status == "failed"
    assert "cannot run build_image" in str(result.results[build.id].error)


# ------------------------------------------------------------------------------------------ skipping


def test_plan_skipped_steps_never_reach_the_engine():
    engine = StubEngine()
    orphan_stop = step("stop_container", "demo-old-1", skipped=True)
    orphan_rm = step("remove_container", "demo-old-1", [orphan_stop.id], skipped=True)
    web = start("demo-web-1")
    reporter = RecordingReporter()

    result = execute(Plan("demo", (orphan_stop, orphan_rm, web)), engine, reporter)

    assert result.ok  # plan-skipped steps do not make a run fail
    assert statuses(result) == {orphan_stop.id: "skipped", orphan_rm.id: "skipped", web.id: "done"}
    assert engine.called() == ["demo-web-1"]
    assert ("started", orphan_stop.id) not in reporter.events
    assert ("finished", orphan_stop.id) in reporter.events


def test_a_need_on_a_plan_skipped_step_counts_as_met():
    engine = StubEngine()
    skipped = step("remove_container", "demo-old-1", skipped=True)
    after = start("demo-web-1", [skipped.id])
    result = execute(Plan("demo", (skipped, after)), engine, QuietReporter())
    assert statuses(result)[after.id] == "done"


# ------------------------------------------------------------------------------------------ cancel


def test_cancel_stops_submitting_and_lets_the_running_step_finish():
    engine = StubEngine()
    cancel = threading.Event()
    engine.hooks["start_container"] = lambda name: cancel.set() if name == "demo-a-1" else None
    a = start("demo-a-1")
    b = start("demo-b-1", [a.id])
    c = start("demo-c-1")

    result = execute(Plan("demo", (a, b, c)), engine, QuietReporter(), parallel=1, cancel=cancel)

    assert statuses(result) == {a.id: "done", b.id: "cancelled", c.id: "cancelled"}
    assert result.interrupted and not result.ok
    assert engine.called("start_container") == ["demo-a-1"]


def test_cancel_before_start_runs_nothing():
    engine = StubEngine()
    cancel = threading.Event()
    cancel.set()
    reporter = RecordingReporter()
    result = execute(Plan("demo", (start("demo-a-1"),)), engine, reporter, cancel=cancel)
    assert statuses(result) == {"start_container:demo-a-1": "cancelled"}
    assert engine.calls == []
    assert reporter.events[0] == ("plan_started", None) and reporter.events[-1] == ("plan_finished", None)


def test_cancel_cuts_a_wait_short():
    engine = StubEngine()
    engine.states["demo-db-1"] = [container("demo-db-1", health="starting")]
    cancel = threading.Event()
    wait = step("wait_healthy", "demo-db-1", timeout=None)
    engine.hooks["inspect_container"] = lambda name: cancel.set()

    result = execute(Plan("demo", (wait,)), engine, QuietReporter(), cancel=cancel)

    assert result.results[wait.id].status == "cancelled"
    assert result.interrupted


def test_keyboard_interrupt_aborts_but_closes_the_reporter():
    class Aborting(RecordingReporter):
        def step_started(self, step: Step) -> None:
            super().step_started(step)
            raise KeyboardInterrupt

    reporter = Aborting()
    with pytest.raises(KeyboardInterrupt):
        execute(Plan("demo", (start("demo-a-1"), start("demo-b-1"))), StubEngine(), reporter, parallel=1)
    assert reporter.final is not None and reporter.final.interrupted
    assert reporter.events[-1] == ("plan_finished", None)


# ------------------------------------------------------------------------------------------ reporting


def test_reporter_sees_valid_transitions_from_one_thread():
    engine = StubEngine()

    def fail_b(name: str) -> None:
        if name == "demo-b-1":
            raise EngineError("no")

    engine.hooks["start_container"] = fail_b
    a = start("demo-a-1")
    b = start("demo-b-1", [a.id])
    c = start("demo-c-1", [b.id])
    d = start("demo-d-1", [a.id])
    skipped = step("remove_container", "demo-old-1", skipped=True)
    plan = Plan("demo", (a, b, c, d, skipped))
    reporter = RecordingReporter()

    execute(plan, engine, reporter)

    events = reporter.events
    assert events[0] == ("plan_started", None) and events[-1] == ("plan_finished", None)
    assert reporter.threads == {threading.get_ident()}  # never called from a worker
    finished_at = {sid: i for i, (ev, sid) in enumerate(events) if ev == "finished"}
    started_at = {sid: i for i, (ev, sid) in enumerate(events) if ev == "started"}
    assert sorted(finished_at) == sorted(s.id for s in plan.steps)  # each step finishes once
    assert sum(1 for ev, _ in events if ev == "finished") == len(plan.steps)
    for sid, i in started_at.items():
        assert i < finished_at[sid]
        for need in plan.by_id()[sid].needs:
            assert finished_at[need] < i  # never started before a need was finished
    assert set(started_at) == {a.id, b.id, d.id}


# ------------------------------------------------------------------------------------------ actions


def test_create_container_connects_extra_networks_after_create():
    engine = StubEngine()
    spec = ContainerSpec("demo-web-1", {"Image": "busybox"})
    create = step(
        "create_container",
        "demo-web-1",
        spec=spec,
        connect=(("demo_back", {"Aliases": ["web"]}),),
        inject=({"target": "/run/secrets/x"},),
    )
    result = execute(Plan("demo", (create,)), engine, QuietReporter())
    assert result.ok
    assert engine.calls == [("create_container", spec), ("connect_network", "demo_back")]


def test_action_params_reach_the_engine():
    engine = StubEngine()
    got: dict[str, tuple[Any, ...]] = {}
    for method in ("stop_container", "kill_container", "remove_container", "rename_container"):
        engine.hooks[method] = lambda *a, _m=method, **k: got.__setitem__(_m, (*a, *sorted(k.items())))
    plan = Plan(
        "demo",
        (
            step("stop_container", "demo-a-1", timeout=3),
            step("kill_container", "demo-b-1", signal="SIGTERM"),
            step("remove_container", "demo-c-1", force=True, volumes=True),
            step("rename_container", "demo-d-1", new_name="demo-e-1"),
        ),
    )
    assert execute(plan, engine, QuietReporter()).ok
    assert got == {
        "stop_container": ("demo-a-1", 3),
        "kill_container": ("demo-b-1", "SIGTERM"),
        "remove_container": ("demo-c-1", ("force", True), ("volumes", True)),
        "rename_container": ("demo-d-1", "demo-e-1"),
    }


@pytest.mark.parametrize(
    "action", ["remove_container", "stop_container", "remove_network", "remove_volume", "remove_image"]
)
def test_removing_what_is_already_gone_counts_as_done(action: str):
    engine = StubEngine()

    def gone(*args: Any, **kwargs: Any) -> None:
        raise EngineError("Error response from daemon: No such container: demo-web-1")

    engine.hooks[action] = gone
    result = execute(Plan("demo", (step(action, "demo-web-1", ref="busybox"),)), engine, QuietReporter())
    assert result.ok, result.results


def test_other_removal_errors_still_fail():
    engine = StubEngine()

    def busy(*args: Any, **kwargs: Any) -> None:
        raise EngineError("error while removing network: network demo_default has active endpoints")

    engine.hooks["remove_network"] = busy
    result = execute(Plan("demo", (step("remove_network", "demo_default"),)), engine, QuietReporter())
    assert not result.ok


def test_is_not_found_wording():
    assert is_not_found(EngineError("network demo_default not found"))
    assert is_not_found(EngineError("get demo_data: no such volume"))
    assert not is_not_found(EngineError("conflict: unable to remove repository reference"))
    assert not is_not_found(KeyError("no such container"))


# ------------------------------------------------------------------------------------------ waits


def run_wait(engine: StubEngine, action: str, name: str, **params: Any) -> StepResult:
    wait = step(action, name, **params)
    return execute(Plan("demo", (wait,)), engine, QuietReporter()).results[wait.id]


def test_wait_healthy_polls_until_healthy():
    engine = StubEngine()
    engine.states["demo-web-1"] = [
        container("demo-web-1", health="starting"),
        container("demo-web-1", health="starting"),
        container("demo-web-1", health="healthy"),
    ]
    assert run_wait(engine, "wait_healthy", "demo-web-1", timeout=10).status == "done"
    assert len(engine.called("inspect_container")) == 3


@pytest.mark.parametrize(
    ("action", "info", "params", "message"),
    [
        (
            "wait_healthy",
            container("demo-web-1", health="unhealthy"),
            {},
            "container demo-web-1 is unhealthy",
        ),
        (
            "wait_healthy",
            container("demo-web-1", state="exited", health="starting", code=1),
            {},
            "container demo-web-1 exited with code 1",
        ),
        (
            "wait_healthy",
            container("demo-web-1"),
            {},
            "container demo-web-1 has no healthcheck configured",
        ),
        (
            "wait_completed",
            container("demo-init-1", state="exited", code=3),
            {"exit_code": 0},
            "container demo-init-1 exited with code 3",
        ),
        (
            "wait_running",
            container("demo-web-1", state="exited", code=137),
            {},
            "container demo-web-1 exited with code 137",
        ),
        (
            "wait_healthy",
            container("demo-web-1", health="starting"),
            {"timeout": 0.2},
            "container demo-web-1 did not become healthy within 0.2s",
        ),
        (
            "wait_completed",
            container("demo-init-1"),
            {"timeout": 0.1},
            "container demo-init-1 did not complete within 0.1s",
        ),
    ],
)
def test_wait_failures_say_what_happened(action: str, info: ContainerInfo, params: dict, message: str):
    engine = StubEngine()
    engine.states[info.name] = [info]
    result = run_wait(engine, action, info.name, **params)
    assert result.status == "failed"
    assert str(result.error) == message


@pytest.mark.parametrize(
    ("action", "info", "params"),
    [
        ("wait_completed", container("demo-init-1", state="exited", code=0), {"exit_code": 0}),
        ("wait_running", container("demo-web-1", state="running"), {}),
        ("wait_running", container("demo-once-1", state="exited", code=0), {}),
        ("wait_healthy", container("demo-web-1", state="running"), {"fallback_running": True}),
    ],
)
def test_waits_that_succeed(action: str, info: ContainerInfo, params: dict):
    engine = StubEngine()
    engine.states[info.name] = [info]
    assert run_wait(engine, action, info.name, timeout=5, **params).status == "done"


def test_wait_on_a_missing_container_fails():
    result = run_wait(StubEngine(), "wait_running", "demo-web-1", timeout=5)
    assert str(result.error) == "container demo-web-1 does not exist"


def test_removing_with_not_found_error_counts_as_done():
    engine = StubEngine()

    def gone(*args: Any, **kwargs: Any) -> None:
        raise NotFoundError("container demo-web-1: not found")

    engine.hooks["remove_container"] = gone
    result = execute(Plan("demo", (step("remove_container", "demo-web-1"),)), engine, QuietReporter())
    assert result.ok


# ------------------------------------------------------------------------------------------ events


class QueueStream:
    """A closable events iterator, like DockerEngine's: ``close()`` from any thread ends it."""

    def __init__(self) -> None:
        self.queue: queue.Queue[EngineEvent | None] = queue.Queue()
        self.closed = False

    def __iter__(self) -> QueueStream:
        return self

    def __next__(self) -> EngineEvent:
        item = self.queue.get()
        if item is None:
            raise StopIteration
        return item

    def close(self) -> None:
        self.closed = True
        self.queue.put(None)


def event(name: str, action: str = "health_status: healthy") -> EngineEvent:
    return EngineEvent(action=action, container_id="id-" + name, container_name=name)


def run_in_thread(fn: Callable[[], ExecutionResult]) -> ExecutionResult:
    box: list[ExecutionResult] = []
    worker = threading.Thread(target=lambda: box.append(fn()), daemon=True)
    worker.start()
    worker.join(timeout=10)
    assert box, "execute did not finish: the wait was not woken"
    return box[0]


def test_waits_wake_on_engine_events(monkeypatch: pytest.MonkeyPatch):
    """With polling slowed to a crawl, only the events stream can end the wait in time."""
    import pycompose.executor as executor

    monkeypatch.setattr(executor, "_FIRST_DELAY", 60.0)
    monkeypatch.setattr(executor, "_EVENT_SAFETY", 60.0)
    engine = StubEngine()
    stream = QueueStream()
    engine.hooks["events"] = lambda filters, since=None: stream
    engine.states["demo-db-1"] = [
        container("demo-db-1", health="starting"),
        container("demo-db-1", health="healthy"),
    ]
    ours_sent = threading.Event()
    woken_early: list[bool] = []

    def send_ours() -> None:
        ours_sent.set()
        stream.queue.put(event("demo-db-1"))

    def on_inspect(name: str) -> None:
        if not woken_early and engine.called("inspect_container") == [name]:
            # first inspect: an event about another container (must not wake this wait), ours later
            stream.queue.put(event("demo-other-1"))
            threading.Timer(0.3, send_ours).start()
        else:
            woken_early.append(not ours_sent.is_set())

    engine.hooks["inspect_container"] = on_inspect
    wait = step("wait_healthy", "demo-db-1", timeout=None)

    result = run_in_thread(lambda: execute(Plan("demo", (wait,)), engine, QuietReporter()))

    assert result.ok
    assert woken_early == [False]  # one more inspect, and only after our event
    assert engine.called("events")[0]["label"] == ["com.docker.compose.project=demo"]
    assert stream.closed  # the run's one stream is closed at the end


def test_one_events_stream_serves_every_wait():
    engine = StubEngine()
    streams: list[QueueStream] = []
    engine.hooks["events"] = lambda filters, since=None: streams.append(QueueStream()) or streams[-1]
    for name in ("demo-a-1", "demo-b-1", "demo-c-1"):
        engine.states[name] = [container(name, health="healthy")]
    plan = Plan(
        "demo", tuple(step("wait_healthy", n, timeout=5) for n in ("demo-a-1", "demo-b-1", "demo-c-1"))
    )
    assert execute(plan, engine, QuietReporter()).ok
    assert len(streams) == 1 and streams[0].closed


def test_plans_without_waits_open_no_stream():
    engine = StubEngine()
    execute(Plan("demo", (start("demo-a-1"),)), engine, QuietReporter())
    assert engine.called("events") == []


def test_generator_events_fall_back_to_polling():
    """A generator cannot be closed while another thread runs it, so it is never started."""
    engine = StubEngine()
    started = [False]

    def events(filters: Any, since: Any = None) -> Iterator[EngineEvent]:
        started[0] = True
        yield event("demo-db-1")

    engine.hooks["events"] = events
    engine.states["demo-db-1"] = [
        container("demo-db-1", health="starting"),
        container("demo-db-1", health="healthy"),
    ]
    assert execute(Plan("demo", (step("wait_healthy", "demo-db-1", timeout=5),)), engine, QuietReporter()).ok
    assert started == [False]


def test_a_broken_events_stream_falls_back_to_polling():
    engine = StubEngine()

    class Broken(QueueStream):
        def __next__(self) -> EngineEvent:
            raise EngineError("events: connection reset")

    engine.hooks["events"] = lambda filters, since=None: Broken()
    engine.states["demo-db-1"] = [
        container("demo-db-1", health="starting"),
        container("demo-db-1", health="healthy"),
    ]
    assert execute(Plan("demo", (step("wait_healthy", "demo-db-1", timeout=5),)), engine, QuietReporter()).ok


# ------------------------------------------------------------------------------------------ MemoryEngine
# The shared in-memory engine keeps the engine's rules (names, NotFoundError, events), so these tests run
# whole plans through it. The hook-based StubEngine above stays for what needs a call to block or meet
# another (MemoryEngine holds one lock per call, so two of its calls can never wait for each other).

LABELS = {"com.docker.compose.project": "demo"}


def create_spec(name: str, healthcheck: bool = False) -> ContainerSpec:
    body: dict[str, Any] = {
        "Image": "busybox:1.36",
        "Labels": LABELS,
        "HostConfig": {"NetworkMode": "demo_default"},
    }
    if healthcheck:
        body["Healthcheck"] = {"Test": ["CMD", "true"]}
    return ContainerSpec(name, body)


def up_plan() -> Plan:
    """network; db (healthcheck) and init (one-shot); web starts once db is healthy and init is done."""
    net = Step(
        "create_network:demo_default",
        "create_network",
        "network:demo_default",
        "missing",
        params=MappingProxyType(
            {"spec": NetworkSpec("demo_default", {"Name": "demo_default", "Labels": LABELS})}
        ),
    )
    steps = [net]
    for svc in ("db", "init", "web"):
        name = f"demo-{svc}-1"
        steps.append(
            step("create_container", name, [net.id], spec=create_spec(name, healthcheck=svc == "db"))
        )
    steps.append(start("demo-db-1", ["create_container:demo-db-1"]))
    steps.append(start("demo-init-1", ["create_container:demo-init-1"]))
    steps.append(step("wait_healthy", "demo-db-1", ["start_container:demo-db-1"], timeout=None))
    steps.append(
        step("wait_completed", "demo-init-1", ["start_container:demo-init-1"], timeout=None, exit_code=0)
    )
    steps.append(
        start(
            "demo-web-1",
            ["create_container:demo-web-1", "wait_healthy:demo-db-1", "wait_completed:demo-init-1"],
        )
    )
    return Plan("demo", tuple(steps))


class HealthOnWait(RecordingReporter):
    """Makes the db healthy just after its wait starts, as a healthcheck passing later would."""

    def __init__(self, engine: MemoryEngine) -> None:
        super().__init__()
        self.engine = engine

    def step_started(self, step: Step) -> None:
        super().step_started(step)
        if step.action == "wait_healthy":
            threading.Timer(0.05, self.engine.set_health, (step.params["name"], "healthy")).start()


def test_memory_engine_runs_a_whole_up_plan(monkeypatch: pytest.MonkeyPatch):
    import pycompose.executor as executor

    monkeypatch.setattr(executor, "_FIRST_DELAY", 60.0)  # only the engine's events can end the wait soon
    monkeypatch.setattr(executor, "_EVENT_SAFETY", 60.0)
    engine = MemoryEngine(images=["busybox:1.36"])
    engine.exit_on_start["demo-init-1"] = 0

    result = run_in_thread(lambda: execute(up_plan(), engine, HealthOnWait(engine)))

    assert result.ok, {k: (r.status, str(r.error)) for k, r in result.results.items()}
    web = engine.inspect_container("demo-web-1")
    assert web is not None and web.state == "running"
    names = engine.call_names()
    assert names.index("start_container") > names.index("create_container")
    starts = [c[1] for c in engine.calls if c[0] == "start_container"]
    assert starts[-1] == "demo-web-1"  # web last: after db healthy and init completed
    assert engine.call_names().count("events") == 1


def test_memory_engine_failure_skips_dependents_only():
    engine = MemoryEngine(images=["busybox:1.36"])
    engine.exit_on_start["demo-init-1"] = 3
    engine.health_on_start["demo-db-1"] = "healthy"

    result = execute(up_plan(), engine, QuietReporter())

    assert statuses(result)["wait_completed:demo-init-1"] == "failed"
    assert (
        str(result.results["wait_completed:demo-init-1"].error) == "container demo-init-1 exited with code 3"
    )
    assert statuses(result)["start_container:demo-web-1"] == "skipped"
    assert statuses(result)["wait_healthy:demo-db-1"] == "done"
    assert ("start_container", "demo-web-1") not in engine.calls


def test_memory_engine_injected_failure():
    engine = MemoryEngine(
        images=["busybox:1.36"],
        fail_on={("create_container", "demo-db-1"): EngineError("Error response from daemon: no space left")},
    )
    engine.exit_on_start["demo-init-1"] = 0

    result = execute(up_plan(), engine, QuietReporter())

    assert statuses(result) == {
        "create_network:demo_default": "done",
        "create_container:demo-db-1": "failed",
        "create_container:demo-init-1": "done",
        "create_container:demo-web-1": "done",
        "start_container:demo-db-1": "skipped",
        "start_container:demo-init-1": "done",
        "wait_healthy:demo-db-1": "skipped",
        "wait_completed:demo-init-1": "done",
        "start_container:demo-web-1": "skipped",
    }


def test_memory_engine_down_twice_converges():
    """Stopping and removing what an earlier (interrupted) run already removed counts as done."""
    engine = MemoryEngine(images=["busybox:1.36"])
    engine.health_on_start["demo-db-1"] = "healthy"
    engine.exit_on_start["demo-init-1"] = 0
    assert execute(up_plan(), engine, QuietReporter()).ok
    down_steps: list[Step] = []
    for name in ("demo-db-1", "demo-init-1", "demo-web-1"):
        stop = step("stop_container", name, timeout=1)
        down_steps += [stop, step("remove_container", name, [stop.id])]
    down_steps.append(step("remove_network", "demo_default", [s.id for s in down_steps if "remove" in s.id]))
    down = Plan("demo", tuple(down_steps))

    first = execute(down, engine, QuietReporter())
    second = execute(down, engine, QuietReporter())

    assert first.ok and second.ok
    assert engine.inspect_container("demo-web-1") is None
    assert engine.inspect_network("demo_default") is None
