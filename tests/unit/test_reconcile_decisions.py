"""The reconcile loop's decisions (pycompose/reconcile.py) on the in-memory engine, with a fake clock.

tests/engine/test_reconcile.py proves the loop against a real engine (replacement within seconds, an
unhealthy container replaced, a crash loop given up); here: backoff, limits, settings and state.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from pycompose import api
from pycompose.engine.memory import MemoryEngine
from pycompose.errors import PlanError
from pycompose.planner.options import UpOptions
from pycompose.planner.plan import Plan, Step
from pycompose.planner.up import plan_up
from pycompose.progress import QuietReporter
from pycompose.reconcile import (
    LoopState,
    ReconcileConfig,
    hold_restarts,
    read_state,
    reconcile_config,
    reconcile_once,
    state_path,
    status_rows,
    unhealthy_replacements,
    without,
    write_state,
)
from pycompose.rollout import run_plan

COMPOSE = """\
x-pycompose:
  reconcile: {unhealthy_after: 10s, max_restarts: 3, backoff: 1s}
services:
  web:
    image: busybox:1.36
    deploy: {replicas: 2}
    healthcheck: {test: ["CMD", "true"], interval: 1s}
    x-pycompose:
      reconcile: {max_restarts: 2}
  job:
    image: busybox:1.36
    restart: "no"
"""


def load(tmp: Path, text: str = COMPOSE):
    (tmp / "compose.yaml").write_text(text)
    return api.load(files=[str(tmp / "compose.yaml")], project_name="demo", environ={})


def started(tmp: Path):
    project = load(tmp)
    engine = MemoryEngine(images=["busybox:1.36"])
    engine.health_on_start["web"] = "healthy"
    plan = plan_up(project, api.observe_project(engine, project))
    assert run_plan(plan, engine, QuietReporter()).ok
    return project, engine


def starts(plan: Plan) -> list[str]:
    return [s.target for s in plan.steps if s.action == "start_container"]


def test_settings_merge_top_level_and_service(tmp_path: Path) -> None:
    project = load(tmp_path)
    web = reconcile_config(project, project.services["web"])
    assert web == ReconcileConfig(unhealthy_after=10.0, max_restarts=2, backoff=1.0)
    assert reconcile_config(project, project.services["job"]).max_restarts == 3
    assert [ReconcileConfig(backoff=1).delay(n) for n in range(5)] == [0, 1, 2, 4, 8]
    assert ReconcileConfig(backoff=10, max_backoff=15).delay(3) == 15
    bad = load(tmp_path, "x-pycompose:\n  reconcile: {restarts: 1}\nservices:\n  a: {image: busybox:1.36}\n")
    with pytest.raises(PlanError, match="unknown key 'restarts'"):
        reconcile_config(bad, bad.services["a"])


def test_loader_keeps_x_keys_out_of_the_config_hash(tmp_path: Path) -> None:
    project = load(tmp_path)
    assert project.services["web"].extensions["x-pycompose"]["reconcile"]["max_restarts"] == 2
    assert "x-pycompose" not in project.services["web"].spec
    assert project.extensions["x-pycompose"]["reconcile"]["backoff"] == "1s"


def test_crash_loop_backs_off_then_gives_up(tmp_path: Path) -> None:
    project, engine = started(tmp_path)
    state = LoopState()
    t = 1000.0

    def cycle(now: float):
        engine.exit_container("demo-web-1", 3)
        observed = api.observe_project(engine, project)
        plan, decision = hold_restarts(plan_up(project, observed), project, observed, state, now)
        return plan, decision

    plan, decision = cycle(t)
    assert starts(plan) == ["container:demo-web-1"]
    assert "(restart 1/2)" in plan.steps[0].reason
    assert run_plan(plan, engine, QuietReporter()).ok
    plan, decision = cycle(t + 0.1)  # crashed again at once: wait 1 s
    assert starts(plan) == []
    assert [n.action for n in decision.notes] == ["backoff"]
    assert decision.wake_in == pytest.approx(0.9)
    plan, decision = cycle(t + 0.5)  # same backoff: no second log line
    assert decision.notes == ()
    plan, decision = cycle(t + 1.2)
    assert "(restart 2/2)" in plan.steps[0].reason
    run_plan(plan, engine, QuietReporter())
    plan, decision = cycle(t + 10)
    assert starts(plan) == []
    assert [n.action for n in decision.notes] == ["give_up"]
    assert "max_restarts: 2" in decision.notes[0].reason
    plan, decision = cycle(t + 100)  # given up: silent from now on
    assert starts(plan) == [] and decision.notes == ()
    assert state.restarts == {"web": 2}


def test_restart_no_is_left_alone(tmp_path: Path) -> None:
    project, engine = started(tmp_path)
    engine.exit_container("demo-job-1", 0)
    state = LoopState()
    observed = api.observe_project(engine, project)
    plan, decision = hold_restarts(plan_up(project, observed), project, observed, state, 0.0)
    assert starts(plan) == []
    assert [n.action for n in decision.notes] == ["leave"]
    plan, decision = hold_restarts(plan_up(project, observed), project, observed, state, 1.0)
    assert decision.notes == ()


def test_unhealthy_for_long_enough_is_replaced(tmp_path: Path) -> None:
    project, engine = started(tmp_path)
    engine.set_health("demo-web-2", "unhealthy")
    state = LoopState()
    decision = unhealthy_replacements(project, api.observe_project(engine, project), state, 100.0)
    assert decision.replace == {}
    assert decision.wake_in == pytest.approx(10.0)
    decision = unhealthy_replacements(project, api.observe_project(engine, project), state, 111.0)
    assert list(decision.replace) == ["demo-web-2"]
    assert "unhealthy for 11s" in decision.replace["demo-web-2"]
    options = UpOptions(replace_containers=decision.replace)
    plan = plan_up(project, api.observe_project(engine, project), options)
    assert run_plan(plan, engine, QuietReporter()).ok
    healthy = {
        c.name: c.health for c in engine.list_containers({"label": ["com.docker.compose.service=web"]})
    }
    assert healthy == {"demo-web-1": "healthy", "demo-web-2": "healthy"}


def test_a_replica_that_stays_up_gets_its_count_back(tmp_path: Path) -> None:
    project, engine = started(tmp_path)
    state = LoopState()
    state.slot("web", 1).restarts = 2
    observed = api.observe_project(engine, project)
    unhealthy_replacements(project, observed, state, 0.0)
    unhealthy_replacements(project, observed, state, 59.0)
    assert state.slot("web", 1).restarts == 2
    unhealthy_replacements(project, observed, state, 61.0)
    assert state.slot("web", 1).restarts == 0


def test_without_drops_dependents() -> None:
    steps = (
        Step("a", "start_container", "container:a", "r"),
        Step("b", "wait_healthy", "container:a", "r", needs=("a",)),
        Step("c", "start_container", "container:c", "r", needs=("b",)),
        Step("d", "start_container", "container:d", "r"),
    )
    assert [s.id for s in without(Plan("p", steps), ["a"]).steps] == ["d"]


def test_one_cycle_repairs_and_records(tmp_path: Path) -> None:
    project, engine = started(tmp_path)
    engine.remove_container("demo-web-1", force=True)
    engine.kill_container("demo-web-2")
    state = LoopState()
    records: list[dict] = []
    ok, _ = reconcile_once(project, engine, state, records.append, now=50.0)
    assert ok
    names = {c.name: c.state for c in engine.list_containers({"label": ["com.docker.compose.service=web"]})}
    assert names == {"demo-web-2": "running", "demo-web-3": "running"}
    actions = [(r["action"], r["container"], r.get("result")) for r in records]
    assert ("start", "demo-web-2", "done") in actions
    assert ("create", "demo-web-3", "done") in actions
    assert all(r["service"] == "web" for r in records)
    assert state.last_action["web"]["action"] in ("create", "start")

    path = state_path("demo", "unix:///x", {"PYCOMPOSE_STATE_DIR": str(tmp_path / "state")})
    write_state(path, "demo", state, 10.0)
    data = read_state(path)
    assert data is not None and data["services"]["web"]["restarts"] == 1
    rows = {r["service"]: r for r in status_rows(project, api.observe_project(engine, project), data)}
    assert (rows["web"]["desired"], rows["web"]["running"], rows["web"]["health"]) == (2, 2, {"healthy": 2})
    assert rows["web"]["restarts"] == 1
    assert rows["job"]["last_action"] == ""
