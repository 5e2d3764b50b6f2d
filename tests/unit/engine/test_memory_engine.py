"""MemoryEngine: the fake the planner/executor tests run on must keep the engine's rules.

Where a rule is checked against the real engine in ``tests/engine/test_docker_engine.py``, the same
rule is checked here with the same error class, so a test passing on the fake means something.
"""

from __future__ import annotations

import inspect
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from typing import Any

import pytest

from pycompose import labels as L
from pycompose.engine.base import ContainerSpec, Engine, EngineEvent, LogLine, NetworkSpec, VolumeSpec
from pycompose.engine.docker import DockerEngine
from pycompose.engine.memory import MemoryEngine
from pycompose.errors import ConflictError, EngineError, NotFoundError
from pycompose.observe import observe

IMAGE = "busybox:1.36"


def labels(project: str, service: str, number: int = 1) -> dict[str, str]:
    return {
        L.PROJECT: project,
        L.SERVICE: service,
        L.CONTAINER_NUMBER: str(number),
        L.ONEOFF: "False",
        L.CONFIG_HASH: f"hash-{service}",
    }


def spec(project: str, service: str, number: int = 1, **body: Any) -> ContainerSpec:
    return ContainerSpec(
        name=L.container_name(project, service, number),
        body={"Image": IMAGE, "Cmd": ["sleep", "300"], "Labels": labels(project, service, number), **body},
    )


@pytest.fixture
def engine() -> MemoryEngine:
    return MemoryEngine(images=[IMAGE])


def names(engine: MemoryEngine, project: str = "demo") -> list[str]:
    return sorted(c.name for c in engine.list_containers(L.project_filter(project)))


# ---------------------------------------------------------------------- protocol
PROTOCOL_METHODS = [
    name for name, value in vars(Engine).items() if callable(value) and not name.startswith("_")
]


@pytest.mark.parametrize("cls", [MemoryEngine, DockerEngine])
@pytest.mark.parametrize("method", PROTOCOL_METHODS)
def test_implements_the_protocol_with_the_same_parameters(cls: type, method: str) -> None:
    expected = inspect.signature(getattr(Engine, method))
    actual = inspect.signature(getattr(cls, method))
    assert list(actual.parameters) == list(expected.parameters)
    for name, param in expected.parameters.items():
        assert actual.parameters[name].default == param.default, (method, name)


def test_importing_the_engines_does_not_import_docker() -> None:
    code = (
        "import sys, pycompose.engine.base, pycompose.engine.docker, pycompose.engine.memory;"
        "assert 'docker' not in sys.modules, 'docker imported'"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


def test_is_an_engine_for_observe(engine: MemoryEngine) -> None:
    engine.create_network(NetworkSpec("demo_default", {"Labels": {L.PROJECT: "demo"}}))
    engine.create_volume(VolumeSpec("demo_data", {"Labels": {L.PROJECT: "demo"}}))
    for service in ("web", "db"):
        for n in (1, 2):
            engine.create_container(spec("demo", service, n, HostConfig={"NetworkMode": "demo_default"}))
    engine.create_container(spec("other", "web"))
    engine.calls.clear()
    state = observe(engine, "demo", image_refs=(IMAGE,))
    assert engine.call_names() == ["list_containers", "list_networks", "list_volumes", "list_images"]
    assert len(state.containers) == 4 and set(state.networks) == {"demo_default"}
    assert set(state.volumes) == {"demo_data"} and set(state.images) == {IMAGE}


# ---------------------------------------------------------------------- containers
def test_create_reads_the_body(engine: MemoryEngine) -> None:
    engine.create_network(NetworkSpec("demo_default", {}))
    cid = engine.create_container(
        spec(
            "demo",
            "web",
            2,
            HostConfig={
                "NetworkMode": "demo_default",
                "Mounts": [{"Type": "volume", "Source": "demo_data", "Target": "/data"}],
                "PortBindings": {"80/tcp": [{"HostPort": "8080"}]},
            },
            NetworkingConfig={"EndpointsConfig": {"demo_default": {"Aliases": ["web"]}}},
        )
    )
    [info] = engine.list_containers(L.project_filter("demo"))
    assert (info.id, info.name, info.service, info.number) == (cid, "demo-web-2", "web", 2)
    assert info.oneoff is False
    assert (info.state, info.status, info.health, info.exit_code) == ("created", "Created", None, None)
    assert info.image == IMAGE and info.image_id == engine.inspect_image(IMAGE).id  # type: ignore[union-attr]
    assert info.config_hash == "hash-web"
    assert set(info.networks) == {"demo_default"} and "web" in info.networks["demo_default"]["Aliases"]
    assert [m["Name"] for m in info.mounts] == ["demo_data"]
    assert engine.inspect_volume("demo_data") is not None  # created on first use, like the engine
    assert info.ports == ()  # published only while running
    engine.start_container(cid)
    running = engine.inspect_container("demo-web-2")
    assert running is not None and [dict(p) for p in running.ports] == [
        {"IP": "0.0.0.0", "PrivatePort": 80, "PublicPort": 8080, "Type": "tcp"}
    ]


def test_create_errors_match_the_engine(engine: MemoryEngine) -> None:
    engine.create_container(spec("demo", "web"))
    with pytest.raises(ConflictError, match='demo-web-1: conflict: the container name "/demo-web-1"'):
        engine.create_container(spec("demo", "web"))
    with pytest.raises(NotFoundError) as err:
        engine.create_container(ContainerSpec("demo-x-1", {"Image": "nope:1"}))
    assert err.value.one_line() == "image nope:1: not found (hint: build it or check the name)"
    with pytest.raises(NotFoundError, match="network demo_missing: not found"):
        engine.create_container(spec("demo", "db", HostConfig={"NetworkMode": "demo_missing"}))
    assert names(engine) == ["demo-web-1"]


def test_list_filters(engine: MemoryEngine) -> None:
    engine.create_container(spec("demo", "web", 1))
    engine.create_container(spec("demo", "db", 1))
    engine.create_container(spec("other", "web", 1))
    engine.start_container("demo-web-1")
    assert names(engine) == ["demo-db-1", "demo-web-1"]
    assert [c.name for c in engine.list_containers({"label": [f"{L.SERVICE}=web", f"{L.PROJECT}=demo"]})] == [
        "demo-web-1"
    ]
    assert [c.name for c in engine.list_containers(L.project_filter("demo"), all=False)] == ["demo-web-1"]
    assert [c.name for c in engine.list_containers({"status": ["running"]})] == ["demo-web-1"]
    assert sorted(c.name for c in engine.list_containers({"label": [L.PROJECT]})) == [
        "demo-db-1",
        "demo-web-1",
        "other-web-1",
    ]
    with pytest.raises(EngineError, match="invalid filter 'bogus'"):
        engine.list_containers({"bogus": ["x"]})


def test_created_times_order_replicas(engine: MemoryEngine) -> None:
    for n in (3, 1, 2):
        engine.create_container(spec("demo", "web", n))
    by_age = sorted(engine.list_containers(L.project_filter("demo")), key=lambda c: c.created)
    assert [c.number for c in by_age] == [3, 1, 2]


def test_lifecycle_semantics(engine: MemoryEngine) -> None:
    cid = engine.create_container(spec("demo", "web"))
    engine.start_container("demo-web-1")
    engine.start_container(cid[:12])  # running: a no-op; an ID prefix works like the engine's
    assert engine.inspect_container(cid).state == "running"  # type: ignore[union-attr]
    assert engine.top("demo-web-1")["Processes"]

    engine.pause_container(cid)
    with pytest.raises(ConflictError):
        engine.pause_container(cid)
    with pytest.raises(ConflictError, match="cannot start a paused container"):
        engine.start_container(cid)
    engine.unpause_container(cid)
    with pytest.raises(ConflictError):
        engine.unpause_container(cid)

    engine.stop_container(cid, timeout=1)
    info = engine.inspect_container(cid)
    assert info is not None and (info.state, info.exit_code, info.status) == ("exited", 0, "Exited (0)")
    engine.stop_container(cid)  # no-op when stopped
    with pytest.raises(ConflictError, match="is not running"):
        engine.kill_container(cid)
    with pytest.raises(ConflictError):
        engine.top(cid)

    engine.restart_container(cid)
    engine.kill_container(cid)
    assert engine.inspect_container(cid).exit_code == 137  # type: ignore[union-attr]
    engine.start_container(cid)
    engine.kill_container(cid, "SIGTERM")
    assert engine.inspect_container(cid).exit_code == 143  # type: ignore[union-attr]

    engine.start_container(cid)
    with pytest.raises(ConflictError, match="cannot remove a running container"):
        engine.remove_container(cid)
    engine.create_container(spec("demo", "web", 2))
    with pytest.raises(ConflictError, match='"/demo-web-2" is already in use'):
        engine.rename_container(cid, "demo-web-2")
    engine.rename_container(cid, "demo-web-3")
    assert names(engine) == ["demo-web-2", "demo-web-3"]
    engine.remove_container("demo-web-3", force=True)
    assert names(engine) == ["demo-web-2"]
    for method in ("start_container", "stop_container", "remove_container", "pause_container"):
        with pytest.raises(NotFoundError, match="container demo-web-3: not found"):
            getattr(engine, method)("demo-web-3")
    assert engine.inspect_container("demo-web-3") is None


def test_health(engine: MemoryEngine) -> None:
    check = {"Test": ["CMD", "true"], "Interval": 1_000_000_000}
    engine.create_container(spec("demo", "web", Healthcheck=check))
    engine.create_container(spec("demo", "db", Healthcheck={"Test": ["NONE"]}))
    engine.health_on_start["api"] = "healthy"
    engine.create_container(spec("demo", "api", Healthcheck=check))
    for service in ("web", "db", "api"):
        engine.start_container(f"demo-{service}-1")
    health = {c.service: (c.health, c.status) for c in engine.list_containers(L.project_filter("demo"))}
    assert health == {
        "web": ("starting", "Up (health: starting)"),
        "db": (None, "Up"),
        "api": ("healthy", "Up (healthy)"),
    }
    engine.set_health("demo-web-1", "unhealthy")
    assert engine.inspect_container("demo-web-1").health == "unhealthy"  # type: ignore[union-attr]
    engine.stop_container("demo-web-1")
    assert engine.inspect_container("demo-web-1").health is None  # type: ignore[union-attr]


def test_wait_blocks_until_exit(engine: MemoryEngine) -> None:
    engine.create_container(spec("demo", "task"))
    engine.start_container("demo-task-1")
    timer = threading.Timer(0.05, engine.exit_container, args=("demo-task-1", 5))
    timer.start()
    assert engine.wait_container("demo-task-1", timeout=5) == 5
    timer.join()
    info = engine.inspect_container("demo-task-1")
    assert info is not None and (info.state, info.exit_code) == ("exited", 5)


def test_wait_timeout_and_exit_on_start(engine: MemoryEngine) -> None:
    engine.create_container(spec("demo", "web"))
    engine.start_container("demo-web-1")
    started = time.monotonic()
    with pytest.raises(EngineError, match=r"container demo-web-1: still running after 0\.05s"):
        engine.wait_container("demo-web-1", timeout=0.05)
    assert time.monotonic() - started < 2
    engine.exit_on_start["migrate"] = 0
    engine.create_container(spec("demo", "migrate"))
    engine.start_container("demo-migrate-1")
    assert engine.wait_container("demo-migrate-1") == 0
    engine.create_container(spec("demo", "never"))
    assert engine.wait_container("demo-never-1") == 0  # created: not running, like condition=not-running


# ---------------------------------------------------------------------- networks, volumes, images
def test_networks(engine: MemoryEngine) -> None:
    body = {"Labels": {L.PROJECT: "demo"}, "Internal": True}
    nid = engine.create_network(NetworkSpec("demo_default", body))
    with pytest.raises(ConflictError, match="network with name demo_default already exists"):
        engine.create_network(NetworkSpec("demo_default", {}))
    [net] = engine.list_networks(L.project_filter("demo"))
    assert (net.id, net.name, net.driver, net.internal) == (nid, "demo_default", "bridge", True)
    assert {n.name for n in engine.list_networks({"type": ["builtin"]})} == {"bridge", "host", "none"}

    engine.create_network(NetworkSpec("demo_back", {}))
    engine.create_container(spec("demo", "web", HostConfig={"NetworkMode": "demo_default"}))
    engine.start_container("demo-web-1")
    engine.connect_network("demo_back", "demo-web-1", {"Aliases": ["api"]})
    with pytest.raises(EngineError, match="already exists in network demo_back"):
        engine.connect_network("demo_back", "demo-web-1", {})
    assert set(engine.inspect_container("demo-web-1").networks) == {"demo_default", "demo_back"}  # type: ignore[union-attr]
    assert engine.inspect_network("demo_back").containers  # type: ignore[union-attr]
    with pytest.raises(EngineError) as err:
        engine.remove_network("demo_default")
    assert type(err.value) is EngineError and "has active endpoints" in err.value.one_line()
    engine.disconnect_network("demo_back", "demo-web-1")
    engine.remove_network("demo_back")
    engine.stop_container("demo-web-1")
    engine.remove_network(nid)  # stopped containers hold no endpoint
    with pytest.raises(NotFoundError, match="network demo_default: not found"):
        engine.remove_network("demo_default")
    with pytest.raises(EngineError, match="pre-defined network"):
        engine.remove_network("bridge")
    with pytest.raises(NotFoundError):
        engine.start_container("demo-web-1")  # its network is gone, as on the engine


def test_volumes(engine: MemoryEngine) -> None:
    assert engine.create_volume(VolumeSpec("demo_data", {"Labels": {L.PROJECT: "demo"}})) == "demo_data"
    assert engine.create_volume(VolumeSpec("demo_data", {"Labels": {"x": "y"}})) == "demo_data"  # idempotent
    [vol] = engine.list_volumes(L.project_filter("demo"))
    assert (vol.name, vol.driver, dict(vol.labels)) == ("demo_data", "local", {L.PROJECT: "demo"})
    mount = {"Type": "volume", "Source": "demo_data", "Target": "/d"}
    engine.create_container(spec("demo", "db", HostConfig={"Mounts": [mount]}))
    with pytest.raises(ConflictError, match=r"volume demo_data: conflict: .* volume is in use"):
        engine.remove_volume("demo_data")
    assert engine.list_volumes({"dangling": ["true"]}) == []
    engine.remove_container("demo-db-1")
    engine.remove_volume("demo_data")
    with pytest.raises(NotFoundError, match="volume demo_data: not found"):
        engine.remove_volume("demo_data")
    engine.remove_volume("demo_data", force=True)  # force: missing is fine


def test_anonymous_volumes_go_with_their_container(engine: MemoryEngine) -> None:
    engine.create_container(spec("demo", "db", HostConfig={"Mounts": [{"Type": "volume", "Target": "/d"}]}))
    assert len(engine.list_volumes({})) == 1
    engine.remove_container("demo-db-1", volumes=True)
    assert engine.list_volumes({}) == []


def test_images_pull_and_remove(engine: MemoryEngine) -> None:
    with pytest.raises(NotFoundError, match="image app:2: not found in the registry"):
        engine.pull_image("app:2")
    remote = engine.add_remote_image("app:2", labels={"v": "2"})
    assert engine.pull_image("docker.io/library/app:2") == remote.id
    assert engine.inspect_image("app:2") is not None
    assert {i.tags for i in engine.list_images({"reference": ["app"]})} == {("app:2",)}
    assert engine.list_images({"label": ["v=2"]})[0].id == remote.id

    engine.add_image("busybox")  # normalized to :latest
    assert engine.inspect_image("busybox:latest") is not None
    old = engine.inspect_image(IMAGE)
    engine.add_image(IMAGE, id="sha256:" + "1" * 64)  # a rebuild: the tag moves, the old image dangles
    assert engine.inspect_image(IMAGE).id == "sha256:" + "1" * 64  # type: ignore[union-attr]
    assert [i.id for i in engine.list_images({"dangling": ["true"]})] == [old.id]  # type: ignore[union-attr]

    engine.create_container(ContainerSpec("demo-app-1", {"Image": "app:2"}))
    with pytest.raises(ConflictError, match="is using its referenced image"):
        engine.remove_image("app:2")
    engine.remove_image("app:2", force=True)
    with pytest.raises(NotFoundError, match="image app:2: not found"):
        engine.remove_image("app:2")


# ---------------------------------------------------------------------- logs and events
def test_logs_tail_timestamps_and_follow(engine: MemoryEngine) -> None:
    engine.create_container(spec("demo", "web"))
    engine.start_container("demo-web-1")
    engine.add_log("demo-web-1", "one\ntwo")
    engine.add_log("demo-web-1", "oops", stream="stderr")
    assert [(x.stream, x.text, x.timestamp) for x in engine.logs("demo-web-1")] == [
        ("stdout", "one", None),
        ("stdout", "two", None),
        ("stderr", "oops", None),
    ]
    assert [x.text for x in engine.logs("demo-web-1", tail="1")] == ["oops"]
    assert all(x.timestamp for x in engine.logs("demo-web-1", timestamps=True))

    follow = engine.logs("demo-web-1", follow=True, tail="0")
    got: list[LogLine] = []
    reader = threading.Thread(target=lambda: got.extend(follow))
    reader.start()
    engine.add_log("demo-web-1", "three")
    engine.exit_container("demo-web-1", 0)  # following ends when the container stops
    reader.join(5)
    assert not reader.is_alive() and [x.text for x in got] == ["three"]


def test_logs_follow_close_from_another_thread(engine: MemoryEngine) -> None:
    engine.create_container(spec("demo", "web"))
    engine.start_container("demo-web-1")
    follow = engine.logs("demo-web-1", follow=True)
    reader = threading.Thread(target=lambda: list(follow))
    reader.start()
    time.sleep(0.05)
    follow.close()  # type: ignore[attr-defined]
    reader.join(5)
    assert not reader.is_alive()


def test_events(engine: MemoryEngine) -> None:
    since = time.time()
    engine.create_container(spec("demo", "web"))
    engine.create_container(spec("other", "web"))
    stream: Iterator[EngineEvent] = engine.events(L.project_filter("demo"), since=since)
    got: list[EngineEvent] = []

    def read() -> None:
        for ev in stream:
            got.append(ev)
            if ev.action == "die":
                stream.close()  # type: ignore[attr-defined]

    reader = threading.Thread(target=read)
    reader.start()
    engine.start_container("demo-web-1")
    engine.start_container("other-web-1")
    engine.exit_container("demo-web-1", 3)
    reader.join(5)
    assert not reader.is_alive()
    assert [e.action for e in got] == ["create", "start", "die"]
    assert got[-1].attributes["exitCode"] == "3" and got[-1].container_name == "demo-web-1"
    assert got[-1].labels[L.PROJECT] == "demo" and "exitCode" not in got[-1].labels
    actions = [(e.container_name, e.action) for e in engine.recorded_events]
    assert ("other-web-1", "start") in actions


# ---------------------------------------------------------------------- call log, failures, threads
def test_call_log_names_resources(engine: MemoryEngine) -> None:
    cid = engine.create_container(spec("demo", "web"))
    engine.start_container(cid)  # by ID: logged by name, so assertions read like the plan
    engine.kill_container("demo-web-1", "SIGKILL")
    assert engine.calls == [
        ("create_container", "demo-web-1"),
        ("start_container", "demo-web-1"),
        ("kill_container", "demo-web-1", "SIGKILL"),
    ]


def test_injected_failures(engine: MemoryEngine) -> None:
    boom = EngineError("container demo-web-1: injected")
    engine.fail_on[("start_container", "demo-web-1")] = boom
    cid = engine.create_container(spec("demo", "web"))
    with pytest.raises(EngineError) as err:
        engine.start_container(cid)
    assert err.value is boom
    assert engine.inspect_container(cid).state == "created"  # type: ignore[union-attr]
    assert engine.calls[-2] == ("start_container", "demo-web-1")
    failing = MemoryEngine([IMAGE], fail_on={("list_containers",): EngineError("down")})
    with pytest.raises(EngineError, match="down"):
        failing.list_containers({})


def test_concurrent_creates_keep_names_unique(engine: MemoryEngine) -> None:
    results: list[str] = []
    errors: list[Exception] = []
    barrier = threading.Barrier(16)

    def create(n: int) -> None:
        barrier.wait()
        try:
            results.append(engine.create_container(spec("demo", "web", n % 8)))
        except ConflictError as exc:
            errors.append(exc)

    threads = [threading.Thread(target=create, args=(n,)) for n in range(16)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(results) == 8 and len(errors) == 8
    assert engine.call_names() == ["create_container"] * 16
    assert len(names(engine)) == 8
