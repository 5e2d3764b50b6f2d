"""``planner/run.py``: the one-off container of ``run`` and the plan of its dependencies (in memory)."""

from __future__ import annotations

from pathlib import Path

import pytest

from pycompose import api
from pycompose.engine.memory import MemoryEngine
from pycompose.errors import PlanError, UsageError
from pycompose.executor import execute
from pycompose.planner.run import (
    RunOptions,
    plan_dependency_waits,
    plan_run_dependencies,
    run_container_spec,
    run_service,
)
from pycompose.planner.up import plan_up
from pycompose.progress import QuietReporter

COMPOSE = """\
services:
  db:
    image: busybox:1.36
    healthcheck:
      test: ["CMD", "true"]
  web:
    image: busybox:1.36
    command: ["sleep", "60"]
    entrypoint: ["/bin/sh"]
    restart: always
    container_name: fixed-web
    ports: ["8080:80"]
    environment:
      KEEP: "1"
      OVERRIDE: old
    labels:
      team: blue
    cap_add: [NET_ADMIN]
    depends_on:
      db:
        condition: service_healthy
  other:
    image: busybox:1.36
"""
SLUG = "ab" * 32


@pytest.fixture
def project(tmp_path: Path):
    (tmp_path / "compose.yaml").write_text(COMPOSE)
    return api.load(files=[str(tmp_path / "compose.yaml")], project_name="demo", environ={"FROM_ENV": "e"})


def new_engine() -> MemoryEngine:
    engine = MemoryEngine(images=["busybox:1.36"])
    engine.health_on_start["db"] = "healthy"
    return engine


def test_run_service_applies_the_flags(project) -> None:
    options = RunOptions(
        service="web",
        command=("echo", "hi"),
        environment=("OVERRIDE=new", "FROM_ENV", "UNKNOWN"),
        env_from_files={"OVERRIDE": "file", "FILE_ONLY": "f"},
        labels={"extra": "1"},
        user="1000",
        workdir="/w",
        cap_add=("SYS_ADMIN",),
        cap_drop=("NET_ADMIN",),
        interactive=True,
    )
    spec = run_service(project, options, SLUG).spec
    assert spec["container_name"] == "demo-web-run-" + SLUG[:12]  # the file's container_name is ignored
    assert list(spec["command"]) == ["echo", "hi"]
    assert dict(spec["environment"]) == {"KEEP": "1", "OVERRIDE": "new", "FROM_ENV": "e", "FILE_ONLY": "f"}
    assert dict(spec["labels"]) == {"team": "blue", "extra": "1"}
    assert (spec["user"], spec["working_dir"]) == ("1000", "/w")
    # --cap-add then --cap-drop, each removing its names from the other list
    assert (list(spec["cap_add"]), list(spec["cap_drop"])) == (["SYS_ADMIN"], ["NET_ADMIN"])
    assert "ports" not in spec and "restart" not in spec
    assert spec["stdin_open"] is True and "tty" not in spec


def test_entrypoint_without_command_clears_the_command(project) -> None:
    spec = run_service(project, RunOptions(service="web", entrypoint=("env",)), SLUG).spec
    assert list(spec["entrypoint"]) == ["env"] and list(spec["command"]) == []


def test_ports_only_on_request(project) -> None:
    assert run_service(project, RunOptions(service="web", service_ports=True), SLUG).ports[0].target == 80
    published = run_service(project, RunOptions(service="web", publish=("127.0.0.1:9000:90",)), SLUG)
    assert [(p.target, p.published, p.host_ip) for p in published.ports] == [(90, "9000", "127.0.0.1")]
    with pytest.raises(UsageError, match="incompatible"):
        run_service(project, RunOptions(service="web", service_ports=True, publish=("1:1",)), SLUG)


def test_volumes_are_appended_and_bind_sources_resolved(project) -> None:
    service = run_service(project, RunOptions(service="web", volumes=("./data:/d:ro", "named:/n")), SLUG)
    bind, named = service.volumes[-2:]
    assert (bind.type, bind.source, bind.target, bind.read_only) == (
        "bind",
        f"{project.working_dir}/data",
        "/d",
        True,
    )
    assert (named.type, named.source) == ("volume", "named")
    hashed = run_service(
        project, RunOptions(service="web", volumes=("./data:/d",)), SLUG, resolve_binds=False
    )
    assert hashed.volumes[-1].source == "./data"


def test_unknown_service(project) -> None:
    with pytest.raises(PlanError, match="no such service: nope"):
        plan_run_dependencies(project, api.observe_project(new_engine(), project), "nope")


def test_dependencies_start_and_the_service_containers_are_left_alone(project) -> None:
    engine = new_engine()
    # the service already runs (scaled up, with its own name): run must not touch it
    execute(plan_up(project, api.observe_project(engine, project)), engine, QuietReporter())
    before = {c.name: c.id for c in engine.list_containers({})}
    engine.stop_container("demo-db-1")
    plan = plan_run_dependencies(project, api.observe_project(engine, project), "web")
    assert [(s.action, s.target) for s in plan.steps] == [("start_container", "container:demo-db-1")]
    execute(plan, engine, QuietReporter())
    assert {c.name: c.id for c in engine.list_containers({})} == before
    assert not plan_run_dependencies(project, api.observe_project(engine, project), "web", no_deps=True).steps


def test_first_run_creates_network_and_dependencies_but_no_service_container(project) -> None:
    engine = new_engine()
    plan = plan_run_dependencies(project, api.observe_project(engine, project), "web")
    targets = {s.target for s in plan.steps}
    assert "network:demo_default" in targets and "container:demo-db-1" in targets
    assert not any("web" in t for t in targets)
    waits = plan_dependency_waits(project, api.observe_project(engine, project), "web")
    assert waits.steps == ()  # nothing to wait for before the dependency exists
    execute(plan, engine, QuietReporter())
    waits = plan_dependency_waits(project, api.observe_project(engine, project), "web")
    assert [(s.action, s.target) for s in waits.steps] == [("wait_healthy", "container:demo-db-1")]


def test_run_container_spec_is_a_oneoff(project) -> None:
    engine = new_engine()
    execute(
        plan_run_dependencies(project, api.observe_project(engine, project), "web"), engine, QuietReporter()
    )
    observed = api.observe_project(engine, project)
    spec, connect = run_container_spec(project, observed, RunOptions(service="web", remove=True), SLUG)
    labels = spec.body["Labels"]
    assert spec.name == "demo-web-run-" + SLUG[:12]
    assert labels["com.docker.compose.oneoff"] == "True"
    assert labels["com.docker.compose.slug"] == SLUG
    assert "com.docker.compose.container-number" not in labels
    assert labels["com.docker.compose.depends_on"] == "db:service_healthy:false"
    assert spec.body["AttachStdin"] is True and spec.body["StdinOnce"] is True
    assert spec.body["HostConfig"]["AutoRemove"] is True
    assert spec.body["HostConfig"]["RestartPolicy"] == {"Name": "", "MaximumRetryCount": 0}
    assert not spec.body["HostConfig"].get("PortBindings")
    assert connect == []
    no_deps = run_container_spec(project, observed, RunOptions(service="web", no_deps=True), SLUG)[0]
    assert no_deps.body["Labels"]["com.docker.compose.depends_on"] == ""
    # the config hash covers the relative bind as typed, like Docker Compose's
    typed = run_container_spec(project, observed, RunOptions(service="web", volumes=("./d:/d",)), SLUG)[0]
    absolute = run_container_spec(
        project, observed, RunOptions(service="web", volumes=(f"{project.working_dir}/d:/d",)), SLUG
    )[0]
    assert typed.body["HostConfig"]["Binds"] == absolute.body["HostConfig"]["Binds"]
    assert (
        typed.body["Labels"]["com.docker.compose.config-hash"]
        != (absolute.body["Labels"]["com.docker.compose.config-hash"])
    )
