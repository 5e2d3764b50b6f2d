"""Rolling updates (planner/rolling.py) and their driver (rollout.py) on the in-memory engine.

The real engine proves the user-visible behaviour (tests/engine/test_rolling.py: no failed request
under load, a failed health gate rolled back); here: the batches, their order and reasons, the numbers
new replicas get, convergence, and every failure_action, in milliseconds.
"""

from __future__ import annotations

import itertools
import json
from pathlib import Path

import pytest

from pycompose import api
from pycompose.engine.memory import MemoryEngine
from pycompose.errors import EngineError, PlanError
from pycompose.planner import render
from pycompose.planner.options import UpOptions
from pycompose.planner.rolling import (
    ROLLING_SUFFIX,
    UpdatePolicy,
    failure_ratio_exceeded,
    rolling_settings,
    rollout_of,
    seconds,
)
from pycompose.planner.up import plan_up
from pycompose.progress import QuietReporter
from pycompose.rollout import RolloutError, run_plan

COMPOSE = """\
services:
  web:
    image: busybox:1.36
    environment:
      VERSION: "{version}"
    deploy:
      replicas: {replicas}
      update_config: {update}
{extra}    stop_grace_period: 0s
    healthcheck:
      test: ["CMD", "true"]
      interval: 1s
"""


def load(tmp: Path, version: str = "1", update: str = "{parallelism: 1, order: start-first}", **kw: object):
    text = COMPOSE.format(
        version=version, update=update, replicas=kw.get("replicas", 3), extra=kw.get("extra", "")
    )
    (tmp / "compose.yaml").write_text(text)
    return api.load(files=[str(tmp / "compose.yaml")], project_name="demo", environ={})


def new_engine() -> MemoryEngine:
    engine = MemoryEngine(images=["busybox:1.36"])
    engine.health_on_start["web"] = "healthy"
    return engine


def converge(project, engine: MemoryEngine, options: UpOptions | None = None):
    plan = plan_up(project, api.observe_project(engine, project), options)
    result = run_plan(plan, engine, QuietReporter())
    return plan, result


def running(engine: MemoryEngine) -> dict[str, str]:
    """name -> VERSION of the running web containers."""
    out = {}
    for c in engine.list_containers({"label": ["com.docker.compose.project=demo"]}):
        if c.state == "running":
            env = engine.inspect_container_details(c.name)["Config"]["Env"]
            out[c.name] = next(e.split("=", 1)[1] for e in env if e.startswith("VERSION="))
    return out


def aliases(engine: MemoryEngine, name: str) -> list[str]:
    info = engine.inspect_container(name)
    return list(info.networks["demo_default"].get("Aliases") or [])


# ------------------------------------------------------------------------------------------ settings


def test_durations_and_policy_defaults() -> None:
    assert seconds("1m30s") == 90.0
    assert seconds("500ms") == 0.5
    assert seconds(2) == 2.0
    assert seconds(None, 7.0) == 7.0
    policy = UpdatePolicy.from_spec({}, "x")
    assert (policy.parallelism, policy.order, policy.failure_action, policy.monitor) == (
        1,
        "stop-first",
        "pause",
        0,
    )
    assert [list(b) for b in UpdatePolicy(parallelism=2).batches(5)] == [[0, 1], [2, 3], [4]]
    assert [list(b) for b in UpdatePolicy(parallelism=0).batches(3)] == [[0, 1, 2]]
    with pytest.raises(PlanError, match="failure_action"):
        UpdatePolicy.from_spec({"failure_action": "explode"}, "services.web.deploy.update_config")


def test_failure_ratio() -> None:
    assert not failure_ratio_exceeded(0, 3, UpdatePolicy())
    assert failure_ratio_exceeded(1, 3, UpdatePolicy())
    assert not failure_ratio_exceeded(1, 3, UpdatePolicy(max_failure_ratio=0.34))
    assert failure_ratio_exceeded(2, 3, UpdatePolicy(max_failure_ratio=0.34))


@pytest.mark.parametrize(
    ("extra", "forced"),
    [
        ("    container_name: single\n", "container_name is set"),
        ('    ports: ["8080:80"]\n', "ports 8080:80 publishes a fixed host port"),
        ("    network_mode: host\n", "network_mode is host"),
    ],
)
def test_keys_that_force_stop_first(tmp_path: Path, extra: str, forced: str) -> None:
    project = load(tmp_path, replicas=1, extra=extra)
    settings = rolling_settings(project, project.services["web"])
    assert settings is not None
    assert settings.forced == forced
    assert settings.order == "stop-first"


def test_ephemeral_ports_allow_start_first(tmp_path: Path) -> None:
    project = load(tmp_path, extra='    ports: ["80"]\n')
    settings = rolling_settings(project, project.services["web"])
    assert settings is not None and settings.order == "start-first"


def test_no_update_config_is_docker_compose_recreate(tmp_path: Path) -> None:
    (tmp_path / "compose.yaml").write_text(
        "services:\n  web:\n    image: busybox:1.36\n    environment: {V: '${V}'}\n    deploy: {replicas: 2}\n"
    )
    engine = new_engine()
    v1 = api.load(files=[str(tmp_path / "compose.yaml")], project_name="demo", environ={"V": "1"})
    converge(v1, engine)
    v2 = api.load(files=[str(tmp_path / "compose.yaml")], project_name="demo", environ={"V": "2"})
    plan = plan_up(v2, api.observe_project(engine, v2))
    assert not any(rollout_of(s) for s in plan.steps)
    assert any(s.action == "rename_container" and s.params["new_name"] == "demo-web-1" for s in plan.steps)


# ------------------------------------------------------------------------------------------ the plan


def test_batches_in_order_with_reasons(tmp_path: Path) -> None:
    engine = new_engine()
    converge(load(tmp_path, "1"), engine)
    project = load(tmp_path, "2")
    plan = plan_up(project, api.observe_project(engine, project))
    rolled = [s for s in plan.steps if rollout_of(s)]
    assert rolled and len(rolled) == len(plan.steps)
    creates = [s for s in plan.steps if s.action == "create_container"]
    assert [s.target for s in creates] == [
        "container:demo-web-4",
        "container:demo-web-5",
        "container:demo-web-6",
    ]
    assert "batch 1/3, start-first: environment VERSION: 1 -> 2" in creates[0].reason
    ids = [s.id for s in plan.steps]
    # start-first: the new replica joins the DNS before the old one leaves it
    join = ids.index("connect_network:container:demo-web-4@demo_default#join")
    leave = ids.index("disconnect_network:container:demo-web-1@demo_default#leave")
    stop = ids.index("stop_container:container:demo-web-1")
    assert ids.index("wait_healthy:container:demo-web-4") < join < leave < stop
    # batch 2 starts once batch 1 is over; the old replicas go at the end
    assert ids.index("create_container:container:demo-web-5") > stop
    assert ids[-3:] == [
        "remove_container:container:demo-web-1",
        "remove_container:container:demo-web-2",
        "remove_container:container:demo-web-3",
    ]
    # the new replica is created without the service's aliases, under a temporary name
    create = plan.by_id()["create_container:container:demo-web-4"]
    assert create.params["spec"].name == "demo-web-4" + ROLLING_SUFFIX
    endpoint = create.params["spec"].body["NetworkingConfig"]["EndpointsConfig"]["demo_default"]
    assert "Aliases" not in endpoint
    joined = plan.by_id()["connect_network:container:demo-web-4@demo_default#join"]
    assert joined.params["endpoint"]["Aliases"] == ["demo-web-4", "web"]


def test_stop_first_stops_the_old_replica_before_starting_the_new(tmp_path: Path) -> None:
    engine = new_engine()
    update = "{parallelism: 2, order: stop-first, delay: 0s}"
    converge(load(tmp_path, "1", update), engine)
    project = load(tmp_path, "2", update)
    plan = plan_up(project, api.observe_project(engine, project))
    ids = [s.id for s in plan.steps]
    assert ids.index("stop_container:container:demo-web-1") < ids.index(
        "start_container:container:demo-web-4"
    )
    batches = {s.params["batch"] for s in plan.steps if s.params.get("batch")}
    assert batches == {1, 2}  # parallelism 2 of 3 replicas


def test_delay_and_monitor_are_steps(tmp_path: Path) -> None:
    engine = new_engine()
    update = "{parallelism: 1, order: start-first, delay: 2s, monitor: 3s}"
    converge(load(tmp_path, "1", update), engine)
    project = load(tmp_path, "2", update)
    plan = plan_up(project, api.observe_project(engine, project))
    delays = [s for s in plan.steps if s.action == "wait_delay" and s.target == "service:web"]
    assert [s.params["seconds"] for s in delays] == [2.0, 2.0]
    monitors = [s for s in plan.steps if s.action == "wait_stable"]
    assert [s.params["seconds"] for s in monitors] == [3.0, 3.0, 3.0]
    text = render.to_text(plan)
    assert "update_config.delay 2s between batches" in text
    assert "monitor" in text
    script = render.to_docker(plan)
    assert "sleep 2" in script
    assert "docker network connect --alias=demo-web-4 --alias=web demo_default demo-web-4" in script
    detailed = json.loads(render.to_json(plan, detailed=True))
    assert detailed["steps"][0]["params"]["rollout"]["update_config"]["delay"] == 2.0


# ------------------------------------------------------------------------------------------ running it


def test_rolling_update_converges(tmp_path: Path) -> None:
    engine = new_engine()
    converge(load(tmp_path, "1"), engine)
    project = load(tmp_path, "2")
    _, result = converge(project, engine)
    assert result.ok
    assert running(engine) == {"demo-web-4": "2", "demo-web-5": "2", "demo-web-6": "2"}
    assert aliases(engine, "demo-web-5")[:2] == ["demo-web-5", "web"]
    assert not plan_up(project, api.observe_project(engine, project))  # nothing left to do
    # the next update takes the lowest free numbers again
    converge(load(tmp_path, "3"), engine)
    assert running(engine) == {"demo-web-1": "3", "demo-web-2": "3", "demo-web-3": "3"}


def test_failed_health_gate_rolls_back(tmp_path: Path) -> None:
    engine = new_engine()
    update = "{parallelism: 1, order: start-first, failure_action: rollback}"
    converge(load(tmp_path, "1", update), engine)
    engine.health_on_start["web"] = "unhealthy"
    _, result = converge(load(tmp_path, "2", update), engine)
    assert not result.ok
    error = result.failures()[0].error
    assert isinstance(error, RolloutError)
    assert "rolled back" in str(error) and "unhealthy" in str(error)
    assert running(engine) == {"demo-web-1": "1", "demo-web-2": "1", "demo-web-3": "1"}
    assert all(c.name.count("_") == 0 for c in engine.list_containers({}, all=True))
    assert "web" in aliases(engine, "demo-web-1")


@pytest.mark.parametrize(
    ("action", "expected"),
    [
        ("rollback", {"demo-web-1": "1", "demo-web-2": "1", "demo-web-3": "1"}),
        ("pause", {"demo-web-4": "2", "demo-web-2": "1", "demo-web-3": "1"}),
        ("continue", {"demo-web-4": "2", "demo-web-2": "1", "demo-web-6": "2"}),
    ],
)
def test_failure_actions_after_a_batch_succeeded(
    tmp_path: Path, action: str, expected: dict[str, str]
) -> None:
    engine = new_engine()
    update = f"{{parallelism: 1, order: start-first, failure_action: {action}}}"
    converge(load(tmp_path, "1", update), engine)
    # the second replacement cannot join the service's network
    engine.fail_on[("connect_network", "demo_default", "demo-web-5")] = EngineError("network is sad")
    _, result = converge(load(tmp_path, "2", update), engine)
    assert not result.ok
    message = str(result.failures()[0].error)
    assert "network is sad" in message
    assert {"rollback": "rolled back", "pause": "paused", "continue": "1 of 3 replica(s) failed"}[
        action
    ] in message
    assert running(engine) == expected
    assert len(engine.list_containers({}, all=True)) == 3  # nothing kept, nothing half-made
    for name in expected:
        assert "web" in aliases(engine, name)


def test_tolerated_failures_do_not_roll_back(tmp_path: Path) -> None:
    engine = new_engine()
    update = "{parallelism: 1, order: start-first, failure_action: rollback, max_failure_ratio: 0.5}"
    converge(load(tmp_path, "1", update), engine)
    engine.fail_on[("connect_network", "demo_default", "demo-web-5")] = EngineError("network is sad")
    _, result = converge(load(tmp_path, "2", update), engine)
    assert "1 of 3 replica(s) failed" in str(result.failures()[0].error)
    assert running(engine) == {"demo-web-4": "2", "demo-web-2": "1", "demo-web-6": "2"}


def test_stop_first_with_container_name_parks_the_old_one(tmp_path: Path) -> None:
    engine = new_engine()
    update = "{order: start-first, failure_action: rollback}"
    extra = "    container_name: single\n"
    converge(load(tmp_path, "1", update, replicas=1, extra=extra), engine)
    project = load(tmp_path, "2", update, replicas=1, extra=extra)
    plan = plan_up(project, api.observe_project(engine, project))
    assert "start-first is impossible: container_name is set" in plan.steps[0].reason
    _, result = converge(project, engine)
    assert result.ok
    assert running(engine) == {"single": "2"}
    assert len(engine.list_containers({}, all=True)) == 1
    # and a failing one comes back under its name
    engine.health_on_start["web"] = "unhealthy"
    _, result = converge(load(tmp_path, "3", update, replicas=1, extra=extra), engine)
    assert not result.ok
    assert running(engine) == {"single": "2"}
    assert len(engine.list_containers({}, all=True)) == 1


def test_an_interrupted_rolling_update_finishes_the_join(tmp_path: Path) -> None:
    engine = new_engine()
    converge(load(tmp_path, "1", replicas=1), engine)
    project = load(tmp_path, "2", replicas=1)
    plan = plan_up(project, api.observe_project(engine, project))
    # run only up to the health gate of the new replica (as if killed there)
    from pycompose.executor import execute
    from pycompose.planner.plan import Plan

    ids = [s.id for s in plan.steps]
    first = plan.steps[: ids.index("wait_healthy:container:demo-web-2") + 1]
    assert execute(Plan("demo", first), engine, QuietReporter()).ok
    assert "demo-web-2" + ROLLING_SUFFIX in running(engine)
    plan, result = converge(project, engine)
    assert result.ok, result.failures()
    assert any("finishes an interrupted rolling update" in s.reason for s in plan.steps)
    assert running(engine) == {"demo-web-2": "2"}
    assert "web" in aliases(engine, "demo-web-2")
    assert not plan_up(project, api.observe_project(engine, project))


def test_replace_containers_option_forces_a_rolling_replacement(tmp_path: Path) -> None:
    engine = new_engine()
    project = load(tmp_path, "1", replicas=2)
    converge(project, engine)
    plan, result = converge(
        project, engine, UpOptions(replace_containers={"demo-web-2": "unhealthy for 30s"})
    )
    assert result.ok
    assert [s.target for s in plan.steps if s.action == "create_container"] == ["container:demo-web-3"]
    assert "unhealthy for 30s" in plan.steps[0].reason
    assert set(running(engine)) == {"demo-web-1", "demo-web-3"}


def test_wait_stable_fails_when_the_container_is_not_up() -> None:
    from pycompose.executor import run_step
    from pycompose.planner.plan import Step

    engine = new_engine()
    step = Step("s", "wait_stable", "container:x", "r", params={"name": "nope", "seconds": 0.1})
    assert run_step(engine, step).status == "failed"
    delay = Step("d", "wait_delay", "service:web", "r", params={"seconds": 0.01})
    assert run_step(engine, delay).status == "done"


def test_after_an_interrupted_update_the_running_replicas_stay(tmp_path: Path) -> None:
    from pycompose.executor import execute
    from pycompose.planner.plan import Plan

    engine = new_engine()
    converge(load(tmp_path, "1"), engine)
    project = load(tmp_path, "2")
    plan = plan_up(project, api.observe_project(engine, project))
    batch1 = tuple(s for s in plan.steps if s.params.get("batch") == 1)
    assert execute(Plan("demo", batch1), engine, QuietReporter()).ok  # killed after the first batch
    states = {c.name: c.state for c in engine.list_containers({}, all=True)}
    assert states == {
        "demo-web-1": "exited",
        "demo-web-2": "running",
        "demo-web-3": "running",
        "demo-web-4": "running",
    }
    # a newer version: the stopped old replica goes, the 3 serving ones are replaced one by one
    newer = load(tmp_path, "3")
    plan = plan_up(newer, api.observe_project(engine, newer))
    assert "start_container:container:demo-web-1" not in plan.by_id()
    assert plan.by_id()["remove_container:container:demo-web-1"].reason == "scale 4 -> 3"
    _, result = converge(newer, engine)
    assert result.ok
    assert sorted(running(engine).values()) == ["3", "3", "3"]
    assert len(engine.list_containers({}, all=True)) == 3


def test_rolling_module_is_pure() -> None:
    from pycompose.planner import rolling

    source = Path(rolling.__file__).read_text()
    for forbidden in ("import docker", "open(", "subprocess", "os.environ", "time.", "import requests"):
        assert forbidden not in source


def test_start_first_reconnects_one_replica_at_a_time(tmp_path: Path) -> None:
    """A replica leaving the DNS gets its address back only if no other reconnect takes it meanwhile."""
    engine = new_engine()
    update = "{parallelism: 0, order: start-first}"
    converge(load(tmp_path, "1", update), engine)
    project = load(tmp_path, "2", update)
    steps = plan_up(project, api.observe_project(engine, project)).by_id()
    chain = [("demo-web-4", "join"), ("demo-web-1", "leave"), ("demo-web-5", "join"), ("demo-web-2", "leave")]
    for (before, kind), (after, next_kind) in itertools.pairwise(chain):
        disconnect = steps[f"disconnect_network:container:{after}@demo_default#{next_kind}"]
        assert f"connect_network:container:{before}@demo_default#{kind}" in disconnect.needs
    # the health gates still run side by side
    assert steps["wait_healthy:container:demo-web-5"].needs == ("start_container:container:demo-web-5",)
