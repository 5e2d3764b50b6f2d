"""``network_mode``/``ipc``/``pid: service:x`` and ``volumes_from`` name the *ID* of x's first container
(in the body and in the config hash). When the plan itself creates or replaces that container, the ID
exists only at execution: the create step carries a ``Deferred`` that the executor builds with it."""

from __future__ import annotations

from pathlib import Path

import pytest

from pycompose import api
from pycompose.engine.memory import MemoryEngine
from pycompose.errors import PlanError
from pycompose.executor import execute
from pycompose.planner import render
from pycompose.planner.options import UpOptions
from pycompose.planner.plan import Deferred
from pycompose.planner.up import plan_up
from pycompose.progress import QuietReporter

TEXT = """\
services:
  base:
    image: busybox:1.36
    environment:
      GENERATION: "{generation}"
    volumes: [/anon]
  side:
    image: busybox:1.36
    network_mode: "service:base"
    ipc: "service:base"
    volumes_from: [base]
"""


def load(tmp_path: Path, generation: int = 1):
    (tmp_path / "compose.yaml").write_text(TEXT.format(generation=generation))
    return api.load(files=["compose.yaml"], project_name="demo", environ={}, working_dir=str(tmp_path))


def body(engine: MemoryEngine, name: str) -> dict:
    return engine._lookup_container(name).body  # type: ignore[union-attr]


def test_new_namespace_owner_is_referenced_by_its_real_id(tmp_path: Path) -> None:
    project = load(tmp_path)
    engine = MemoryEngine(images=["busybox:1.36"])
    plan = plan_up(project, api.observe_project(engine, project))
    (create,) = [s for s in plan.steps if s.id == "create_container:container:demo-side-1"]
    assert isinstance(create.params["respec"], Deferred)
    assert dict(create.params["respec"].refs) == {"base": "demo-base-1"}
    # the planned body names the container it waits for; renderings say so, and do not fail
    assert create.params["spec"].body["HostConfig"]["NetworkMode"] == "container:<ID of demo-base-1>"
    assert "built at execution with the IDs of demo-base-1" in render.to_json(plan, detailed=True)
    assert "container:<ID of demo-base-1>" in render.to_docker(plan)

    assert execute(plan, engine, QuietReporter()).ok
    base_id = engine.inspect_container("demo-base-1").id  # type: ignore[union-attr]
    host = body(engine, "demo-side-1")["HostConfig"]
    assert host["NetworkMode"] == host["IpcMode"] == f"container:{base_id}"
    assert list(host["VolumesFrom"]) == [base_id]
    # the config hash was computed with the real ID: nothing left to do
    assert not plan_up(project, api.observe_project(engine, project))


def test_recreated_namespace_owner_takes_its_dependents_along(tmp_path: Path) -> None:
    engine = MemoryEngine(images=["busybox:1.36"])
    project = load(tmp_path)
    assert execute(plan_up(project, api.observe_project(engine, project)), engine, QuietReporter()).ok
    old_id = engine.inspect_container("demo-base-1").id  # type: ignore[union-attr]

    project = load(tmp_path, generation=2)
    plan = plan_up(project, api.observe_project(engine, project))
    assert "respec" in plan.by_id()["create_container:container:demo-side-1"].params
    assert execute(plan, engine, QuietReporter()).ok
    new_id = engine.inspect_container("demo-base-1").id  # type: ignore[union-attr]
    assert new_id != old_id
    assert body(engine, "demo-side-1")["HostConfig"]["NetworkMode"] == f"container:{new_id}"
    assert not plan_up(project, api.observe_project(engine, project))


def test_unchanged_owner_needs_no_deferral(tmp_path: Path) -> None:
    engine = MemoryEngine(images=["busybox:1.36"])
    project = load(tmp_path)
    assert execute(plan_up(project, api.observe_project(engine, project)), engine, QuietReporter()).ok
    engine.remove_container("demo-side-1", force=True)
    plan = plan_up(project, api.observe_project(engine, project))
    (create,) = [s for s in plan.steps if s.action == "create_container"]
    assert "respec" not in create.params
    base_id = engine.inspect_container("demo-base-1").id  # type: ignore[union-attr]
    assert create.params["spec"].body["HostConfig"]["NetworkMode"] == f"container:{base_id}"


def test_owner_without_container_and_not_planned_is_a_plan_error(tmp_path: Path) -> None:
    project = load(tmp_path)
    engine = MemoryEngine(images=["busybox:1.36"])
    with pytest.raises(PlanError, match="service 'base': no container ID given for it"):
        plan_up(project, api.observe_project(engine, project), UpOptions(services=("side",), no_deps=True))
