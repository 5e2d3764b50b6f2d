"""The pure planner on the in-memory engine: plans, reasons, ordering, and convergence.

Engine behaviour itself is proven in tests/engine against a real Docker Engine; here the in-memory
engine only stands in so that plans can be executed and re-planned in milliseconds.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pycompose import api
from pycompose.engine.memory import MemoryEngine
from pycompose.executor import execute
from pycompose.observe import observe
from pycompose.planner.down import plan_down, plan_state_change
from pycompose.planner.options import DownOptions, UpOptions
from pycompose.planner.up import plan_up
from pycompose.progress import QuietReporter

BASE = """\
services:
  db:
    image: busybox:1.36
    environment:
      MODE: {mode}
    healthcheck:
      test: ["CMD", "true"]
      interval: 1s
  web:
    image: busybox:1.36
    scale: {scale}
    depends_on:
      db:
        condition: service_healthy
    volumes: [data:/data]
{extra}volumes:
  data: {{}}
"""


def write(tmp: Path, mode: str = "dev", scale: int = 1, extra: str = "") -> None:
    (tmp / "compose.yaml").write_text(BASE.format(mode=mode, scale=scale, extra=extra))


def load(tmp: Path):
    return api.load(files=[str(tmp / "compose.yaml")], project_name="demo", environ={})


def new_engine() -> MemoryEngine:
    engine = MemoryEngine(images=["busybox:1.36"])
    engine.health_on_start["db"] = "healthy"
    return engine


def converge(project, engine: MemoryEngine, options: UpOptions | None = None):
    observed = api.observe_project(engine, project)
    plan = plan_up(project, observed, options)
    result = execute(plan, engine, QuietReporter())
    assert result.ok, [r for r in result.results.values() if r.status != "done"]
    return plan


def test_first_plan_creates_in_dependency_order(tmp_path: Path) -> None:
    write(tmp_path)
    project = load(tmp_path)
    plan = plan_up(project, observe(new_engine(), "demo"))
    ids = [s.id for s in plan.steps]
    assert ids.index("create_network:network:demo_default") < ids.index(
        "create_container:container:demo-db-1"
    )
    assert ids.index("wait_healthy:container:demo-db-1") < ids.index("start_container:container:demo-web-1")
    assert all(s.reason for s in plan.steps)
    web_start = plan.by_id()["start_container:container:demo-web-1"]
    assert "wait_healthy:container:demo-db-1" in web_start.needs


def test_convergence_after_up(tmp_path: Path) -> None:
    write(tmp_path)
    project = load(tmp_path)
    engine = new_engine()
    converge(project, engine)
    again = plan_up(project, api.observe_project(engine, project))
    assert not again, [s.id for s in again.steps]


def test_environment_change_recreates_only_that_service_with_reason(tmp_path: Path) -> None:
    write(tmp_path)
    engine = new_engine()
    converge(load(tmp_path), engine)
    write(tmp_path, mode="prod")
    project = load(tmp_path)
    plan = plan_up(project, api.observe_project(engine, project))
    mutating = {s.target for s in plan.steps if not s.action.startswith("wait")}
    assert mutating == {"container:demo-db-1"}
    assert any("environment MODE: dev -> prod" in s.reason for s in plan.steps)
    converge(project, engine)
    assert not plan_up(project, api.observe_project(engine, project))


def test_scale_up_takes_next_numbers_and_down_removes_highest(tmp_path: Path) -> None:
    write(tmp_path)
    engine = new_engine()
    converge(load(tmp_path), engine)
    write(tmp_path, scale=3)
    project = load(tmp_path)
    plan = plan_up(project, api.observe_project(engine, project))
    created = {s.target for s in plan.steps if s.action == "create_container"}
    assert created == {"container:demo-web-2", "container:demo-web-3"}
    assert all("scale 1 -> 3" in s.reason for s in plan.steps if s.action == "create_container")
    converge(project, engine)
    write(tmp_path, scale=1)
    project = load(tmp_path)
    plan = plan_up(project, api.observe_project(engine, project))
    removed = {s.target for s in plan.steps if s.action == "remove_container"}
    assert removed == {"container:demo-web-2", "container:demo-web-3"}


def test_orphans_are_skipped_unless_asked(tmp_path: Path) -> None:
    write(tmp_path, extra="  old:\n    image: busybox:1.36\n")
    engine = new_engine()
    converge(load(tmp_path), engine)
    write(tmp_path)
    project = load(tmp_path)
    plan = plan_up(project, api.observe_project(engine, project))
    orphan_steps = [s for s in plan.steps if "old" in s.target]
    assert orphan_steps and all(s.skipped and "orphan" in s.reason for s in orphan_steps)
    assert not plan  # only skipped steps: nothing to run
    plan = plan_up(project, api.observe_project(engine, project), UpOptions(remove_orphans=True))
    assert any(s.action == "remove_container" and not s.skipped for s in plan.steps)


def test_force_and_no_recreate(tmp_path: Path) -> None:
    write(tmp_path)
    engine = new_engine()
    project = load(tmp_path)
    converge(project, engine)
    observed = api.observe_project(engine, project)
    forced = plan_up(project, observed, UpOptions(force_recreate=True))
    assert {s.reason for s in forced.steps if s.action == "create_container"} == {"--force-recreate"}
    write(tmp_path, mode="prod")
    changed = load(tmp_path)
    assert not plan_up(changed, api.observe_project(engine, changed), UpOptions(no_recreate=True))


def test_stopped_containers_are_started(tmp_path: Path) -> None:
    write(tmp_path)
    engine = new_engine()
    project = load(tmp_path)
    converge(project, engine)
    observed = api.observe_project(engine, project)
    result = execute(plan_state_change("stop_container", project, observed), engine, QuietReporter())
    assert result.ok
    plan = plan_up(project, api.observe_project(engine, project))
    assert {s.action for s in plan.steps} >= {"start_container"}
    assert not any(s.action == "create_container" for s in plan.steps)


def test_down_stops_dependents_first_and_keeps_volumes(tmp_path: Path) -> None:
    write(tmp_path)
    engine = new_engine()
    project = load(tmp_path)
    converge(project, engine)
    plan = plan_down(project, observe(engine, "demo"))
    ids = [s.id for s in plan.steps]
    assert ids.index("stop_container:container:demo-web-1") < ids.index("stop_container:container:demo-db-1")
    assert not any(s.action == "remove_volume" for s in plan.steps)
    assert any(s.action == "remove_network" for s in plan.steps)
    assert execute(plan, engine, QuietReporter()).ok
    assert observe(engine, "demo").containers == ()
    plan = plan_down(None, observe(engine, "demo"), DownOptions(remove_volumes=True))
    assert [s.action for s in plan.steps] == ["remove_volume"]
    assert plan.steps[0].destructive


def test_other_projects_are_never_in_the_plan(tmp_path: Path) -> None:
    write(tmp_path)
    engine = new_engine()
    converge(load(tmp_path), engine)
    other = api.load(files=[str(tmp_path / "compose.yaml")], project_name="other", environ={})
    converge(other, engine)
    plan = plan_down(None, observe(engine, "demo"), DownOptions(remove_volumes=True, remove_orphans=True))
    assert plan.steps and all("other" not in s.target for s in plan.steps)


def test_planner_never_imports_docker() -> None:
    code = (
        "import sys; import pycompose.planner.up, pycompose.planner.down, pycompose.planner.render, "
        "pycompose.observe, pycompose.executor; "
        "bad = [m for m in sys.modules if m == 'docker' or m.startswith('docker.') or m == 'requests']; "
        "print(bad); sys.exit(1 if bad else 0)"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


EDITS = st.lists(
    st.tuples(st.sampled_from(["dev", "prod", "test"]), st.integers(min_value=0, max_value=3), st.booleans()),
    min_size=1,
    max_size=4,
)


@settings(
    max_examples=25,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(edits=EDITS)
def test_property_apply_then_plan_is_empty(tmp_path: Path, edits: list[tuple[str, int, bool]]) -> None:
    engine = new_engine()
    for mode, scale, with_extra in edits:
        write(
            tmp_path,
            mode=mode,
            scale=scale,
            extra="  extra:\n    image: busybox:1.36\n" if with_extra else "",
        )
        project = load(tmp_path)
        converge(project, engine, UpOptions(remove_orphans=True))
        again = plan_up(project, api.observe_project(engine, project), UpOptions(remove_orphans=True))
        assert not again, [(s.id, s.reason) for s in again.steps]


@pytest.mark.parametrize("fmt", ["text", "json", "docker"])
def test_renderings(tmp_path: Path, fmt: str) -> None:
    from pycompose.planner import render

    write(tmp_path)
    project = load(tmp_path)
    plan = plan_up(project, observe(new_engine(), "demo"))
    text = {"text": render.to_text, "json": render.to_json, "docker": render.to_docker}[fmt](plan)
    assert "demo-web-1" in text
    if fmt == "docker":
        assert "docker create --name demo-web-1" in text
        assert "docker network create" in text


def test_start_waits_for_dependency_conditions_and_restart_follows_restart_true(tmp_path: Path) -> None:
    write(tmp_path)
    engine = new_engine()
    project = load(tmp_path)
    converge(project, engine)
    assert execute(plan_state_change("stop_container", project, observe(engine, "demo")), engine, QuietReporter()).ok
    plan = plan_state_change("start_container", project, observe(engine, "demo"))
    web = plan.by_id()["start_container:container:demo-web-1"]
    assert "wait_healthy:container:demo-db-1" in web.needs
    assert execute(plan, engine, QuietReporter()).ok

    (tmp_path / "compose.yaml").write_text(
        BASE.format(mode="dev", scale=1, extra="").replace(
            "condition: service_healthy", "condition: service_healthy\n        restart: true"
        )
    )
    project = load(tmp_path)
    plan = plan_state_change("restart_container", project, observe(engine, "demo"), ("db",))
    assert {s.target for s in plan.steps if s.action == "restart_container"} == {
        "container:demo-db-1",
        "container:demo-web-1",
    }
