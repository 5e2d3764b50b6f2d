"""Blue-green and canary releases (planner/deploy_strategies.py, strategies.py) on the in-memory engine.

The real engine proves what users see (tests/engine/test_bluegreen_canary.py: no failed request, the
rollback time, the canary's share of the traffic); here: the steps of each strategy, their order and
reasons, the state read back from labels and aliases, convergence, expiry and failures, in milliseconds.
"""

from __future__ import annotations

import itertools
import json
from pathlib import Path

import pytest

from pycompose import api
from pycompose.engine.memory import MemoryEngine
from pycompose.errors import PlanError
from pycompose.planner import render
from pycompose.planner.deploy_strategies import (
    RELEASE,
    RELEASE_KEEP_UNTIL,
    RELEASE_REPLACES,
    RELEASE_STRATEGY,
    deploy_settings,
    human,
    pending_release,
    pending_releases,
    plan_release,
    release_of,
    status_of,
    with_overrides,
)
from pycompose.planner.options import UpOptions
from pycompose.planner.rolling import ROLLING_SUFFIX
from pycompose.planner.up import plan_up
from pycompose.progress import QuietReporter
from pycompose.rollout import run_plan
from pycompose.strategies import ReleaseError

COMPOSE = """\
services:
  web:
    image: busybox:1.36
    environment:
      VERSION: "{version}"
    deploy:
      replicas: {replicas}
{extra}    stop_grace_period: {grace}
    healthcheck:
      test: ["CMD", "true"]
      interval: 1s
    x-pycompose:
      deploy: {deploy}
"""

BLUE_GREEN = "{strategy: blue-green, bluegreen: {keep: 10m}}"
CANARY = "{strategy: canary, canary: {replicas: 1}}"


def load(tmp: Path, version: str = "1", deploy: str = BLUE_GREEN, replicas: int = 3, **kw: str):
    extra, grace = kw.get("extra", ""), kw.get("grace", "0s")
    text = COMPOSE.format(version=version, deploy=deploy, replicas=replicas, extra=extra, grace=grace)
    (tmp / "compose.yaml").write_text(text)
    return api.load(files=[str(tmp / "compose.yaml")], project_name="demo", environ={})


def new_engine() -> MemoryEngine:
    engine = MemoryEngine(images=["busybox:1.36"])
    engine.health_on_start["web"] = "healthy"
    return engine


def converge(project, engine: MemoryEngine, options: UpOptions | None = None):
    plan = plan_up(project, api.observe_project(engine, project), options)
    return plan, run_plan(plan, engine, QuietReporter())


def release(project, engine: MemoryEngine, action: str):
    plan = plan_release(project, api.observe_project(engine, project), ["web"], action)
    return plan, run_plan(plan, engine, QuietReporter())


def containers(engine: MemoryEngine) -> dict[str, tuple[str, str, bool]]:
    """name -> (state, VERSION, in the DNS of web)."""
    out = {}
    for c in engine.list_containers({"label": ["com.docker.compose.project=demo"]}):
        env = engine.inspect_container_details(c.name)["Config"]["Env"]
        version = next(e.split("=", 1)[1] for e in env if e.startswith("VERSION="))
        in_dns = any("web" in (ep.get("Aliases") or ()) for ep in c.networks.values())
        out[c.name] = (c.state, version, in_dns)
    return out


def serving(engine: MemoryEngine) -> dict[str, str]:
    """The replicas the name ``web`` reaches -> their VERSION."""
    return {n: v for n, (state, v, dns) in containers(engine).items() if state == "running" and dns}


def ids(plan) -> list[str]:
    return [s.id for s in plan.steps]


# ------------------------------------------------------------------------------------------ settings


def test_settings_defaults_and_overrides(tmp_path: Path) -> None:
    project = load(tmp_path)
    settings = deploy_settings(project, project.services["web"])
    assert (settings.strategy, settings.keep, settings.canary_replicas, settings.drain) == (
        "blue-green",
        600,
        1,
        0,
    )
    assert settings.healthcheck and settings.impossible is None
    canary = with_overrides(project, ["web"], strategy="canary", canary_replicas=2, keep="30s")
    settings = deploy_settings(canary, canary.services["web"])
    assert (settings.strategy, settings.canary_replicas, settings.keep) == ("canary", 2, 30)
    assert human(600) == "10m" and human(90) == "1m30s" and human(0.5) == "0.5s"


def test_top_level_default_and_service_wins(tmp_path: Path) -> None:
    text = COMPOSE.format(version="1", deploy="{canary: {replicas: 2}}", replicas=3, extra="", grace="0s")
    (tmp_path / "compose.yaml").write_text(text + "x-pycompose:\n  deploy: {strategy: canary}\n")
    project = api.load(files=[str(tmp_path / "compose.yaml")], project_name="demo", environ={})
    settings = deploy_settings(project, project.services["web"])
    assert (settings.strategy, settings.canary_replicas) == ("canary", 2)


@pytest.mark.parametrize(
    ("deploy", "message"),
    [
        ("{strategy: red-black}", "'red-black' is not one of rolling, blue-green, canary"),
        ("{strategy: canary, canary: {replicas: 0}}", "canary.replicas: 0"),
        ("{strategy: blue-green, bluegreen: {keep: 0s}}", "keep must be more than 0"),
        ("{strategy: canary, weight: 5}", "unknown key 'weight'"),
        ("{strategy: canary, canary: {share: 5}}", "canary: unknown key 'share'"),
    ],
)
def test_bad_settings_are_refused(tmp_path: Path, deploy: str, message: str) -> None:
    project = load(tmp_path, deploy=deploy)
    with pytest.raises(PlanError, match=r"services\.web\.x-pycompose\.deploy") as info:
        deploy_settings(project, project.services["web"])
    assert message in str(info.value)


def test_two_sets_side_by_side_must_be_possible(tmp_path: Path) -> None:
    engine = new_engine()
    extra = '    ports: ["8080:80"]\n'
    converge(load(tmp_path, "1", replicas=1, extra=extra), engine)
    project = load(tmp_path, "2", replicas=1, extra=extra)
    with pytest.raises(PlanError, match="impossible: ports 8080:80 publishes a fixed host port"):
        plan_up(project, api.observe_project(engine, project))


def test_first_deploy_and_scale_are_plain_compose(tmp_path: Path) -> None:
    engine = new_engine()
    plan, result = converge(load(tmp_path, "1"), engine)
    assert result.ok and not any(release_of(s) for s in plan.steps)
    plan, result = converge(load(tmp_path, "1", replicas=4), engine)
    assert result.ok and not any(release_of(s) for s in plan.steps)
    assert len(serving(engine)) == 4


# ------------------------------------------------------------------------------------------ blue-green


def test_blue_green_start_plan(tmp_path: Path) -> None:
    engine = new_engine()
    converge(load(tmp_path, "1"), engine)
    project = load(tmp_path, "2")
    plan = plan_up(project, api.observe_project(engine, project), UpOptions(now=1_800_000_000.0))
    order = ids(plan)
    creates = [s for s in plan.steps if s.action == "create_container"]
    assert [s.target for s in creates] == [f"container:demo-web-{n}" for n in (4, 5, 6)]
    assert creates[0].reason == "blue-green release of web: green 1/3: environment VERSION: 1 -> 2"
    spec = creates[0].params["spec"]
    assert spec.name == "demo-web-4" + ROLLING_SUFFIX  # nobody resolves it yet: no aliases
    assert "Aliases" not in spec.body["NetworkingConfig"]["EndpointsConfig"]["demo_default"]
    labels = spec.body["Labels"]
    old_ids = {c.id[:12] for c in engine.list_containers({}, all=True)}
    assert set(labels[RELEASE_REPLACES].split(",")) == old_ids
    assert labels[RELEASE_STRATEGY] == "blue-green"
    assert labels[RELEASE] == "20270115T080000000Z"
    assert labels[RELEASE_KEEP_UNTIL] == "2027-01-15T08:10:00Z"
    # the whole green set is healthy before any switch; greens join before any blue leaves
    gates = [order.index(f"wait_healthy:container:demo-web-{n}") for n in (4, 5, 6)]
    renames = [order.index(f"rename_container:container:demo-web-{n}") for n in (4, 5, 6)]
    joins = [order.index(f"connect_network:container:demo-web-{n}@demo_default#join") for n in (4, 5, 6)]
    leaves = [order.index(f"disconnect_network:container:demo-web-{n}@demo_default#leave") for n in (1, 2, 3)]
    assert max(gates) < min(renames) and max(joins) < min(leaves)
    assert all(s.action not in ("stop_container", "remove_container") for s in plan.steps)  # blue is kept
    leave = plan.by_id()["connect_network:container:demo-web-1@demo_default#leave"]
    assert "Aliases" not in leave.params["endpoint"]
    assert (
        "kept running for an instant rollback until 2027-01-15T08:10:00Z (bluegreen.keep 10m)" in leave.reason
    )
    # reconnects never overlap: each depends on the one before
    reconnects = [s for s in plan.steps if s.action == "disconnect_network" and "#detach" not in s.id]
    for before, after in itertools.pairwise(reconnects):
        assert any(n.startswith("connect_network") and before.target in n for n in after.needs)
    # once drained, blue is detached from the network (still running): a rollback only connects it
    for n in (1, 2, 3):
        detach = order.index(f"disconnect_network:container:demo-web-{n}@demo_default#detach")
        assert order.index(f"wait_delay:container:demo-web-{n}#drain") < detach
        assert max(leaves) < detach
    text = render.to_text(plan)
    assert "switch: the whole green set is healthy: joins the DNS of service web" in text
    detailed = json.loads(render.to_json(plan, detailed=True))
    assert detailed["steps"][0]["params"]["release"]["strategy"] == "blue-green"


def test_blue_green_switch_rollback_promote(tmp_path: Path) -> None:
    engine = new_engine()
    v1 = load(tmp_path, "1")
    converge(v1, engine)
    blue = set(containers(engine))
    v2 = load(tmp_path, "2")
    _, result = converge(v2, engine)
    assert result.ok, result.failures()
    # switched: green serves, blue is kept running out of the DNS
    assert serving(engine) == {"demo-web-4": "2", "demo-web-5": "2", "demo-web-6": "2"}
    assert {n: containers(engine)[n] for n in blue} == {n: ("running", "1", False) for n in blue}
    observed = api.observe_project(engine, v2)
    pending = pending_release(observed, "web")
    assert pending is not None and pending.switched() and pending.live() == "new"
    assert status_of(pending, 0)["state"].startswith("switched: green serves")
    # a pending release is held: up has nothing to do (with either file)
    assert not plan_up(v2, observed)
    with pytest.raises(PlanError, match=r"changed .* while the blue-green release .* is pending"):
        plan_up(load(tmp_path, "3"), api.observe_project(engine, v2))

    # rollback: blue serves again before green leaves; green keeps running
    plan, result = release(v2, engine, "rollback")
    assert result.ok, result.failures()
    order = ids(plan)
    assert order.index("connect_network:container:demo-web-3@demo_default#join") < order.index(
        "disconnect_network:container:demo-web-4@demo_default#leave"
    )
    assert not any(s.action in ("wait_healthy", "stop_container", "remove_container") for s in plan.steps)
    # blue was detached once drained: it is only connected again (the quick half of a reconnect)
    assert [s.id for s in plan.steps if s.action == "disconnect_network"] == [
        f"disconnect_network:container:demo-web-{n}@demo_default#leave" for n in (4, 5, 6)
    ]
    assert serving(engine) == {n: "1" for n in blue}
    assert containers(engine)["demo-web-4"] == ("running", "2", False)
    pending = pending_release(api.observe_project(engine, v2), "web")
    assert pending is not None and pending.live() == "old"
    assert status_of(pending, 0)["state"].startswith("rolled back")

    # promote: green serves again, blue drains, stops and goes: a converged stack
    plan, result = release(v2, engine, "promote")
    assert result.ok, result.failures()
    assert serving(engine) == {"demo-web-4": "2", "demo-web-5": "2", "demo-web-6": "2"}
    assert set(containers(engine)) == {"demo-web-4", "demo-web-5", "demo-web-6"}
    assert pending_releases(api.observe_project(engine, v2)) == {}
    assert not plan_up(v2, api.observe_project(engine, v2))
    # the next release takes the lowest free numbers
    converge(load(tmp_path, "3"), engine)
    assert set(serving(engine)) == {"demo-web-1", "demo-web-2", "demo-web-3"}


def test_blue_green_abort(tmp_path: Path) -> None:
    engine = new_engine()
    v1 = load(tmp_path, "1")
    converge(v1, engine)
    before = {c.name: c.id for c in engine.list_containers({}, all=True)}
    converge(load(tmp_path, "2"), engine)
    slow = load(tmp_path, "1", grace="2s")
    order = ids(plan_release(slow, api.observe_project(engine, slow), ["web"], "abort"))
    assert order.index("connect_network:container:demo-web-1@demo_default#join") < order.index(
        "disconnect_network:container:demo-web-4@demo_default#leave"
    )
    drain = order.index("wait_delay:container:demo-web-4#drain")
    assert order.index("connect_network:container:demo-web-4@demo_default#leave") < drain
    assert drain < order.index("stop_container:container:demo-web-4")
    _, result = release(v1, engine, "abort")  # any version of the file: the labels say what to do
    assert result.ok, result.failures()
    assert {c.name: c.id for c in engine.list_containers({}, all=True)} == before
    assert serving(engine) == {n: "1" for n in before}
    assert not plan_up(v1, api.observe_project(engine, v1))
    with pytest.raises(PlanError, match="no release of web is pending"):
        plan_release(v1, api.observe_project(engine, v1), ["web"], "promote")


@pytest.mark.parametrize(("rollback", "removed"), [(False, "blue"), (True, "green")])
def test_keep_elapsed_removes_the_kept_set(tmp_path: Path, rollback: bool, removed: str) -> None:
    engine = new_engine()
    converge(load(tmp_path, "1"), engine)
    v2 = load(tmp_path, "2")
    converge(v2, engine, UpOptions(now=1_800_000_000.0))
    if rollback:
        release(v2, engine, "rollback")
    assert not plan_up(v2, api.observe_project(engine, v2), UpOptions(now=1_800_000_000.0 + 599))
    plan, result = converge(v2, engine, UpOptions(now=1_800_000_000.0 + 600))
    assert result.ok, result.failures()
    kept = "blue" if removed == "green" else "green"
    assert (
        f"bluegreen.keep 10m elapsed ({removed} was kept until 2027-01-15T08:10:00Z)" in plan.steps[0].reason
    )
    expected = {
        "blue": {"demo-web-1", "demo-web-2", "demo-web-3"},
        "green": {"demo-web-4", "demo-web-5", "demo-web-6"},
    }
    assert set(containers(engine)) == expected[kept] == set(serving(engine))


def test_failed_health_gate_aborts_the_start(tmp_path: Path) -> None:
    engine = new_engine()
    converge(load(tmp_path, "1"), engine)
    before = containers(engine)
    engine.health_on_start["web"] = "unhealthy"
    _, result = converge(load(tmp_path, "2"), engine)
    assert not result.ok
    error = result.failures()[0].error
    assert isinstance(error, ReleaseError)
    assert "blue-green release of web failed" in str(error) and "unhealthy" in str(error)
    assert "the previous version still serves" in str(error)
    assert containers(engine) == before


def test_an_interrupted_start_is_finished_or_aborted(tmp_path: Path) -> None:
    from pycompose.executor import execute
    from pycompose.planner.plan import Plan

    engine = new_engine()
    converge(load(tmp_path, "1"), engine)
    v2 = load(tmp_path, "2")
    plan = plan_up(v2, api.observe_project(engine, v2))
    # killed after the gates: green runs as *_rolling, nothing switched
    first = [s for s in plan.steps if s.action in ("create_container", "start_container", "wait_healthy")]
    assert execute(Plan("demo", tuple(first)), engine, QuietReporter()).ok
    observed = api.observe_project(engine, v2)
    pending = pending_release(observed, "web")
    assert pending is not None and pending.live() == "old"
    assert status_of(pending, 0)["state"].startswith("not switched")
    assert not plan_up(v2, observed)  # held until promote or abort
    _, result = release(v2, engine, "promote")  # finishes the switch, then blue goes
    assert result.ok, result.failures()
    assert serving(engine) == {"demo-web-4": "2", "demo-web-5": "2", "demo-web-6": "2"}
    assert set(containers(engine)) == set(serving(engine))


# ------------------------------------------------------------------------------------------ canary


def test_canary_start_promote(tmp_path: Path) -> None:
    engine = new_engine()
    converge(load(tmp_path, "1", CANARY), engine)
    v2 = load(tmp_path, "2", CANARY)
    plan, result = converge(v2, engine)
    assert result.ok, result.failures()
    assert [s.target for s in plan.steps if s.action == "create_container"] == ["container:demo-web-4"]
    assert (
        plan.steps[0].reason
        == "canary release of web: canary 1/1 beside 3 replica(s): environment VERSION: 1 -> 2"
    )
    assert not any(s.action == "disconnect_network" and "#leave" in s.id for s in plan.steps)
    assert serving(engine) == {"demo-web-1": "1", "demo-web-2": "1", "demo-web-3": "1", "demo-web-4": "2"}
    pending = pending_release(api.observe_project(engine, v2), "web")
    assert pending is not None and pending.strategy == "canary" and pending.live() == "both"
    assert not plan_up(v2, api.observe_project(engine, v2))

    plan, result = release(v2, engine, "promote")
    assert result.ok, result.failures()
    creates = [s for s in plan.steps if s.action == "create_container"]
    assert [s.target for s in creates] == ["container:demo-web-5", "container:demo-web-6"]
    assert (
        creates[0].reason == "promote the canary release of web: new replica 1/2: environment VERSION: 1 -> 2"
    )
    order = ids(plan)
    last_join = max(order.index(f"connect_network:container:demo-web-{n}@demo_default#join") for n in (5, 6))
    assert last_join < min(
        order.index(f"disconnect_network:container:demo-web-{n}@demo_default#leave") for n in (1, 2, 3)
    )
    assert serving(engine) == {"demo-web-4": "2", "demo-web-5": "2", "demo-web-6": "2"}
    assert set(containers(engine)) == set(serving(engine))
    assert not plan_up(v2, api.observe_project(engine, v2))


@pytest.mark.parametrize("action", ["abort", "rollback"])
def test_canary_abort(tmp_path: Path, action: str) -> None:
    engine = new_engine()
    v1 = load(tmp_path, "1", CANARY)
    converge(v1, engine)
    before = containers(engine)
    converge(load(tmp_path, "2", CANARY), engine)
    plan, result = release(v1, engine, action)
    assert result.ok, result.failures()
    assert [s.id for s in plan.steps if s.action == "remove_container"] == [
        "remove_container:container:demo-web-4"
    ]
    assert containers(engine) == before
    assert not plan_up(v1, api.observe_project(engine, v1))


def test_canary_promote_refuses_a_changed_file(tmp_path: Path) -> None:
    engine = new_engine()
    converge(load(tmp_path, "1", CANARY), engine)
    converge(load(tmp_path, "2", CANARY), engine)
    v3 = load(tmp_path, "3", CANARY)
    with pytest.raises(PlanError, match="changed since the canary release of web started"):
        plan_release(v3, api.observe_project(engine, v3), ["web"], "promote")


def test_canary_more_replicas_than_the_service(tmp_path: Path) -> None:
    engine = new_engine()
    deploy = "{strategy: canary, canary: {replicas: 3}}"
    converge(load(tmp_path, "1", deploy, replicas=2), engine)
    v2 = load(tmp_path, "2", deploy, replicas=2)
    converge(v2, engine)
    assert len(serving(engine)) == 5
    _, result = release(v2, engine, "promote")
    assert result.ok, result.failures()
    assert sorted(serving(engine).values()) == ["2", "2"]
    assert set(containers(engine)) == set(serving(engine))


def test_unknown_aliases_hold_the_release(tmp_path: Path) -> None:
    """An engine's list call has no aliases: without the inspect, nothing is decided from them."""
    from dataclasses import replace
    from types import MappingProxyType

    engine = new_engine()
    converge(load(tmp_path, "1"), engine)
    v2 = load(tmp_path, "2")
    converge(v2, engine, UpOptions(now=1_800_000_000.0))
    observed = api.observe_project(engine, v2)
    blind = tuple(
        replace(c, networks=MappingProxyType({n: {**ep, "Aliases": None} for n, ep in c.networks.items()}))
        for c in observed.containers
    )
    observed = replace(observed, containers=blind)
    pending = pending_release(observed, "web")
    assert pending is not None and pending.live() == "unknown"
    assert not plan_up(v2, observed, UpOptions(now=1_800_000_000.0 + 3600))  # keep elapsed, but unknown
