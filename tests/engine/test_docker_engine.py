"""DockerEngine against a real Docker Engine: every protocol method, and the errors users see.

Nothing here is mocked: the point is to prove what the engine really answers (list summaries, status
texts, 304/404/409 codes, the multiplexed log stream, the event stream) is read correctly.
"""

from __future__ import annotations

import os
import queue
import shutil
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest

from pycompose import labels as L
from pycompose.engine.base import ContainerInfo, ContainerSpec, EngineEvent, LogLine, NetworkSpec, VolumeSpec
from pycompose.engine.docker import (
    DockerEngine,
    _api_error,
    _api_timestamp,
    _container_from_summary,
    _rfc3339,
    _split_lines,
)
from pycompose.errors import ConflictError, EngineError, NotFoundError

pytestmark = pytest.mark.engine

IMAGE = "busybox:1.36"  # made by scripts/ensure-engine.sh
Spawn = Callable[..., str]  # the ``spawn`` fixture of conftest.py

TERM_OK = ["sh", "-c", "trap 'exit 0' TERM; while true; do sleep 0.1; done"]


def until(predicate: Callable[[], Any], timeout: float = 20.0, what: str = "condition") -> Any:
    """Poll ``predicate`` until it returns something truthy (the engine changes state on its own)."""
    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.1)


def listed(engine: DockerEngine, project: str) -> dict[str, ContainerInfo]:
    return {c.name: c for c in engine.list_containers(L.project_filter(project), all=True)}


# ---------------------------------------------------------------------- construction and errors
def test_ping_reports_the_api_version(engine: DockerEngine) -> None:
    info = engine.ping()
    assert info["ApiVersion"]
    assert engine.api._version == info["ApiVersion"]  # pinned to the engine's own version


def test_connection_refused_is_one_clean_line() -> None:
    eng = DockerEngine.from_environment({"DOCKER_HOST": "tcp://127.0.0.1:1"})
    with pytest.raises(EngineError) as err:
        eng.ping()
    assert err.value.one_line() == (
        "cannot connect to the Docker Engine at tcp://127.0.0.1:1: connection refused "
        "(hint: start dockerd, e.g. sudo bash scripts/ensure-engine.sh, or set DOCKER_HOST)"
    )
    assert not isinstance(err.value, NotFoundError)


def test_missing_socket_is_one_clean_line(tmp_path: Path) -> None:
    eng = DockerEngine.from_environment({"DOCKER_HOST": f"unix://{tmp_path}/docker.sock"})
    with pytest.raises(EngineError) as err:
        eng.list_containers({})
    assert err.value.one_line().startswith(
        f"cannot connect to the Docker Engine at unix://{tmp_path}/docker.sock: no such socket (hint: "
    )
    assert "\n" not in err.value.one_line()


def test_construction_does_not_touch_the_engine() -> None:
    DockerEngine.from_environment({"DOCKER_HOST": "tcp://127.0.0.1:1"})  # no error until first use


def test_tls_variables_without_host_are_refused(tmp_path: Path) -> None:
    with pytest.raises(EngineError, match="DOCKER_HOST is not"):
        DockerEngine.from_environment({"DOCKER_TLS_VERIFY": "1", "DOCKER_CERT_PATH": str(tmp_path)})


def test_unknown_context_is_refused() -> None:
    with pytest.raises(EngineError, match="docker context pcengine-no-such-context: not found"):
        DockerEngine.from_environment({"DOCKER_CONTEXT": "pcengine-no-such-context"})


def test_create_with_missing_image_names_the_image(engine: DockerEngine, project: str) -> None:
    spec = ContainerSpec(name=f"{project}-web-1", body={"Image": f"{project}-nope:1"})
    with pytest.raises(NotFoundError) as err:
        engine.create_container(spec)
    assert err.value.one_line() == f"image {project}-nope:1: not found (hint: build it or check the name)"


def test_pull_of_missing_image_is_a_clean_engine_error(engine: DockerEngine, project: str) -> None:
    ref = f"{project}-nope:1"
    with pytest.raises(EngineError) as err:
        engine.pull_image(ref)
    line = err.value.one_line()
    assert line.startswith(f"image {ref}: ")
    assert "\n" not in line and err.value.hint
    assert "Traceback" not in line and "Client Error" not in line


# ---------------------------------------------------------------------- create and list
def test_create_and_list_by_label_returns_exactly_the_project(
    engine: DockerEngine,
    project: str,
    other_project: str,
    spawn: Spawn,
    compose_labels: Callable[..., dict[str, str]],
) -> None:
    net_name, vol_name = L.resource_name(project, "default"), L.resource_name(project, "data")
    net_id = engine.create_network(
        NetworkSpec(net_name, {"Labels": {L.PROJECT: project, L.NETWORK: "default"}, "Driver": "bridge"})
    )
    assert engine.create_volume(VolumeSpec(vol_name, {"Labels": {L.PROJECT: project, L.VOLUME: "data"}})) == (
        vol_name
    )
    body = {
        "HostConfig": {
            "NetworkMode": net_name,
            "Mounts": [{"Type": "volume", "Source": vol_name, "Target": "/data"}],
        },
        "NetworkingConfig": {"EndpointsConfig": {net_name: {"Aliases": ["web"]}}},
    }
    ids = {spawn(project, "web", n, **body) for n in (1, 2)}
    spawn(other_project, "web", 1)

    found = listed(engine, project)
    assert set(found) == {f"{project}-web-1", f"{project}-web-2"}
    assert {c.id for c in found.values()} == ids
    web1 = found[f"{project}-web-1"]
    assert (web1.project, web1.service, web1.number, web1.oneoff) == (project, "web", 1, False)
    assert web1.state == "created" and web1.health is None and web1.exit_code is None
    assert web1.image == IMAGE and web1.image_id.startswith("sha256:")
    assert web1.config_hash == "hash-web"
    assert web1.labels == compose_labels(project, "web", 1)
    assert net_name in web1.networks
    assert [m["Name"] for m in web1.mounts] == [vol_name]
    assert web1.created.endswith("Z") and web1.status == "Created"

    nets = engine.list_networks(L.project_filter(project))
    assert [(n.id, n.name, n.driver) for n in nets] == [(net_id, net_name, "bridge")]
    assert nets[0].labels[L.NETWORK] == "default"
    vols = engine.list_volumes(L.project_filter(project))
    assert [(v.name, v.driver, v.labels[L.VOLUME]) for v in vols] == [(vol_name, "local", "data")]
    assert vols[0].mountpoint

    inspected_net = engine.inspect_network(net_name)
    assert inspected_net is not None and inspected_net.id == net_id
    inspected_vol = engine.inspect_volume(vol_name)
    assert inspected_vol is not None and inspected_vol.labels[L.PROJECT] == project
    inspected = engine.inspect_container(f"{project}-web-1")
    assert inspected is not None
    assert (inspected.id, inspected.name, inspected.state) == (web1.id, web1.name, "created")
    assert (inspected.service, inspected.number, inspected.labels) == ("web", 1, web1.labels)
    assert inspected.created[:19] == web1.created[:19]  # same second, same spelling
    assert engine.inspect_container(f"{project}-nope-1") is None
    assert engine.inspect_network(f"{project}_nope") is None
    assert engine.inspect_volume(f"{project}_nope") is None
    assert engine.inspect_image(f"{project}-nope:1") is None


def test_list_images_and_inspect_image(engine: DockerEngine) -> None:
    images = engine.list_images({"reference": [IMAGE]})
    assert [i.tags for i in images] == [(IMAGE,)]
    info = engine.inspect_image(IMAGE)
    assert info is not None and info.id == images[0].id and IMAGE in info.tags


def test_duplicate_names_are_conflicts(engine: DockerEngine, project: str, spawn: Spawn) -> None:
    spawn(project, "web", 1)
    with pytest.raises(ConflictError) as err:
        spawn(project, "web", 1)
    assert err.value.one_line().startswith(f"container {project}-web-1: conflict: the container name")
    net = L.resource_name(project, "default")
    engine.create_network(NetworkSpec(net, {"Labels": {L.PROJECT: project}}))
    with pytest.raises(ConflictError, match=f"network {net}: conflict: network with name {net} already"):
        engine.create_network(NetworkSpec(net, {"Labels": {L.PROJECT: project}}))
    assert len(engine.list_networks({"name": [net]})) == 1
    vol = L.resource_name(project, "data")
    engine.create_volume(VolumeSpec(vol, {"Labels": {L.PROJECT: project}}))
    assert engine.create_volume(VolumeSpec(vol, {"Labels": {L.PROJECT: project}})) == vol  # idempotent


# ---------------------------------------------------------------------- lifecycle
def test_start_stop_kill_pause_rename_remove(engine: DockerEngine, project: str, spawn: Spawn) -> None:
    cid = spawn(project, "web", 1, cmd=TERM_OK)
    name = f"{project}-web-1"
    engine.start_container(name)
    engine.start_container(name)  # already running: a no-op, as the engine's 304
    assert listed(engine, project)[name].state == "running"
    assert listed(engine, project)[name].status.startswith("Up")

    top = engine.top(name)
    assert top["Titles"] and top["Processes"]

    engine.pause_container(name)
    assert listed(engine, project)[name].state == "paused"
    with pytest.raises(ConflictError):
        engine.pause_container(name)
    engine.unpause_container(name)
    assert listed(engine, project)[name].state == "running"

    engine.stop_container(name, timeout=5)
    stopped = listed(engine, project)[name]
    assert (stopped.state, stopped.exit_code) == ("exited", 0)
    assert stopped.status.startswith("Exited (0)")
    engine.stop_container(name)  # stopping a stopped container is a no-op
    with pytest.raises(ConflictError, match=f"container {name}: conflict: "):
        engine.kill_container(name)

    engine.restart_container(name, timeout=1)
    assert listed(engine, project)[name].state == "running"
    engine.kill_container(name)
    killed = until(lambda: (c := listed(engine, project)[name]).exit_code is not None and c)
    assert (killed.state, killed.exit_code) == ("exited", 137)

    engine.start_container(cid)
    with pytest.raises(ConflictError, match="cannot remove a running container"):
        engine.remove_container(name)
    new = f"{project}-web-2"
    engine.rename_container(name, new)
    assert set(listed(engine, project)) == {new}
    engine.remove_container(new, force=True)
    assert listed(engine, project) == {}
    with pytest.raises(NotFoundError) as err:
        engine.remove_container(new, force=True)
    assert err.value.one_line() == f"container {new}: not found"
    with pytest.raises(NotFoundError):
        engine.stop_container(new)
    with pytest.raises(NotFoundError):
        engine.start_container(new)


def test_remove_missing_network_and_volume_are_not_found(engine: DockerEngine, project: str) -> None:
    with pytest.raises(NotFoundError, match=f"network {project}_x: not found"):
        engine.remove_network(f"{project}_x")
    with pytest.raises(NotFoundError, match=f"volume {project}_x: not found"):
        engine.remove_volume(f"{project}_x")
    with pytest.raises(NotFoundError, match=f"image {project}-x:1: not found"):
        engine.remove_image(f"{project}-x:1")


def test_networks_connect_disconnect_and_active_endpoints(
    engine: DockerEngine, project: str, spawn: Spawn
) -> None:
    front, back = L.resource_name(project, "front"), L.resource_name(project, "back")
    for net in (front, back):
        engine.create_network(NetworkSpec(net, {"Labels": {L.PROJECT: project}}))
    name = f"{project}-web-1"
    spawn(project, "web", 1, HostConfig={"NetworkMode": front})
    engine.start_container(name)

    engine.connect_network(back, name, {"Aliases": ["api"]})
    info = engine.inspect_container(name)
    assert info is not None and set(info.networks) == {front, back}
    assert "api" in (info.networks[back].get("Aliases") or [])

    with pytest.raises(EngineError) as err:
        engine.remove_network(front)
    assert not isinstance(err.value, (NotFoundError, ConflictError))
    assert err.value.one_line() == (
        f"network {front}: has active endpoints (containers are still attached) "
        "(hint: stop or disconnect the containers attached to it first)"
    )

    engine.disconnect_network(back, name)
    info = engine.inspect_container(name)
    assert info is not None and set(info.networks) == {front}
    engine.remove_network(back)
    engine.remove_container(name, force=True)
    engine.remove_network(front)
    assert engine.list_networks(L.project_filter(project)) == []


def test_volume_in_use_is_a_conflict(engine: DockerEngine, project: str, spawn: Spawn) -> None:
    vol = L.resource_name(project, "data")
    engine.create_volume(VolumeSpec(vol, {"Labels": {L.PROJECT: project}}))
    spawn(project, "db", 1, HostConfig={"Mounts": [{"Type": "volume", "Source": vol, "Target": "/d"}]})
    with pytest.raises(ConflictError, match=f"volume {vol}: conflict: "):
        engine.remove_volume(vol)


# ---------------------------------------------------------------------- health, exit codes, wait
def test_health_status_comes_from_the_list_call(engine: DockerEngine, project: str, spawn: Spawn) -> None:
    ms = 1_000_000
    spawn(project, "good", 1, Healthcheck={"Test": ["CMD", "true"], "Interval": 100 * ms, "Retries": 1})
    spawn(project, "bad", 1, Healthcheck={"Test": ["CMD", "false"], "Interval": 100 * ms, "Retries": 1})
    spawn(project, "slow", 1, Healthcheck={"Test": ["CMD", "true"], "Interval": 3600_000 * ms})
    spawn(project, "none", 1)
    for service in ("good", "bad", "slow", "none"):
        engine.start_container(f"{project}-{service}-1")

    def settled() -> dict[str, ContainerInfo] | None:
        found = listed(engine, project)
        good, bad = found[f"{project}-good-1"], found[f"{project}-bad-1"]
        ok = good.health == "healthy" and bad.health == "unhealthy"
        return found if ok else None

    found = until(settled, what="healthy and unhealthy")
    assert found[f"{project}-slow-1"].health == "starting"
    assert "(health: starting)" in found[f"{project}-slow-1"].status
    assert found[f"{project}-none-1"].health is None
    inspected = engine.inspect_container(f"{project}-good-1")
    assert inspected is not None and inspected.health == "healthy"


def test_exit_code_and_wait(engine: DockerEngine, project: str, spawn: Spawn) -> None:
    name = f"{project}-task-1"
    spawn(project, "task", 1, cmd=["sh", "-c", "sleep 0.3; exit 7"])
    engine.start_container(name)
    assert engine.wait_container(name, timeout=20) == 7
    info = listed(engine, project)[name]
    assert (info.state, info.exit_code) == ("exited", 7)
    inspected = engine.inspect_container(name)
    assert inspected is not None and inspected.exit_code == 7


def test_wait_timeout_is_an_engine_error(engine: DockerEngine, project: str, spawn: Spawn) -> None:
    name = f"{project}-web-1"
    spawn(project, "web", 1)
    engine.start_container(name)
    started = time.monotonic()
    with pytest.raises(EngineError, match=f"container {name}: still running after 0.5s"):
        engine.wait_container(name, timeout=0.5)
    assert time.monotonic() - started < 5
    assert engine.inspect_container(name) is not None  # the client still works after the timeout


# ---------------------------------------------------------------------- logs
SCRIPT = (
    "echo one; echo two >&2; printf 'spl'; sleep 0.3; printf 'it\\n'; "
    "printf '\\303'; sleep 0.3; printf '\\251t\\303\\251\\n'; printf 'no newline'"
)


def test_logs_demultiplexed_and_joined_across_frames(
    engine: DockerEngine, project: str, spawn: Spawn
) -> None:
    name = f"{project}-log-1"
    spawn(project, "log", 1, cmd=["sh", "-c", SCRIPT])
    engine.start_container(name)
    assert engine.wait_container(name, timeout=20) == 0

    lines = list(engine.logs(name))
    assert [(x.stream, x.text) for x in lines if x.stream == "stdout"] == [
        ("stdout", "one"),
        ("stdout", "split"),
        ("stdout", "été"),
        ("stdout", "no newline"),
    ]
    assert [x.text for x in lines if x.stream == "stderr"] == ["two"]
    assert all(x.container == name and x.timestamp is None for x in lines)

    stamped = list(engine.logs(name, timestamps=True))
    assert [x.text for x in stamped] == [x.text for x in lines]
    assert all(x.timestamp and x.timestamp.endswith("Z") and x.timestamp[:2] == "20" for x in stamped)


def test_logs_tail_and_tty(engine: DockerEngine, project: str, spawn: Spawn) -> None:
    name = f"{project}-log-1"
    spawn(project, "log", 1, cmd=["sh", "-c", "for i in 1 2 3 4 5; do echo line$i; done"])
    engine.start_container(name)
    engine.wait_container(name, timeout=20)
    assert [x.text for x in engine.logs(name, tail="2")] == ["line4", "line5"]
    assert [x.text for x in engine.logs(name, tail="0")] == []

    tty = f"{project}-tty-1"
    spawn(project, "tty", 1, cmd=["sh", "-c", "echo a; echo b >&2"], Tty=True)
    engine.start_container(tty)
    engine.wait_container(tty, timeout=20)
    assert [(x.stream, x.text) for x in engine.logs(tty)] == [("stdout", "a"), ("stdout", "b")]


def test_logs_follow_streams_until_the_container_exits(
    engine: DockerEngine, project: str, spawn: Spawn
) -> None:
    name = f"{project}-log-1"
    spawn(project, "log", 1, cmd=["sh", "-c", "for i in 1 2 3; do echo tick$i; sleep 0.4; done"])
    engine.start_container(name)
    started = time.monotonic()
    seen: list[tuple[float, str]] = []
    for line in engine.logs(name, follow=True):
        seen.append((time.monotonic() - started, line.text))
    assert [t for _, t in seen] == ["tick1", "tick2", "tick3"]
    assert seen[0][0] < seen[-1][0] - 0.5  # lines arrived as printed, not all at the end


def test_logs_follow_can_be_closed_from_another_thread(
    engine: DockerEngine, project: str, spawn: Spawn
) -> None:
    name = f"{project}-quiet-1"
    spawn(project, "quiet", 1, cmd=["sh", "-c", "echo hello; sleep 300"])
    engine.start_container(name)
    stream = engine.logs(name, follow=True, since="1m")
    got: list[LogLine] = []
    reader = threading.Thread(target=lambda: got.extend(stream), daemon=True)
    reader.start()
    until(lambda: got, what="the first line")
    stream.close()  # type: ignore[attr-defined]
    reader.join(5)
    assert not reader.is_alive()
    assert [x.text for x in got] == ["hello"]


# ---------------------------------------------------------------------- events
def test_events_during_start_and_die(engine: DockerEngine, project: str, spawn: Spawn) -> None:
    name = f"{project}-task-1"
    cid = spawn(project, "task", 1, cmd=["sh", "-c", "exit 3"])
    stream = engine.events(L.project_filter(project), since=time.time() - 1)
    received: queue.Queue[EngineEvent] = queue.Queue()

    def read() -> None:
        for ev in stream:
            received.put(ev)

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    engine.start_container(name)
    events: list[EngineEvent] = []
    deadline = time.monotonic() + 20
    while not any(e.action == "die" for e in events):
        events.append(received.get(timeout=max(0.1, deadline - time.monotonic())))
    stream.close()  # type: ignore[attr-defined]
    reader.join(5)
    assert not reader.is_alive()

    actions = [e.action for e in events]
    assert "create" in actions and actions.index("start") < actions.index("die")
    die = next(e for e in events if e.action == "die")
    assert (die.container_id, die.container_name) == (cid, name)
    assert die.labels[L.PROJECT] == project and die.labels[L.SERVICE] == "task"
    assert "exitCode" not in die.labels and die.attributes["exitCode"] == "3"
    assert die.time > 0


# ---------------------------------------------------------------------- pull from a local registry
def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def registry(tmp_path: Path) -> Iterator[str]:
    """A throwaway local registry (Debian's docker-registry); the engine trusts 127.0.0.1 over HTTP."""
    binary = shutil.which("docker-registry")
    if binary is None:
        pytest.skip("docker-registry is not installed (apt-get install docker-registry)")
    port = _free_port()
    config = tmp_path / "config.yml"
    config.write_text(
        "version: 0.1\n"
        "log: {level: error}\n"
        f"storage: {{filesystem: {{rootdirectory: {tmp_path / 'data'}}}}}\n"
        f"http: {{addr: 127.0.0.1:{port}}}\n"
    )
    proc = subprocess.Popen(
        [binary, "serve", str(config)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    try:
        until(lambda: _answers(port), timeout=15, what="the registry")
        yield f"127.0.0.1:{port}"
    finally:
        proc.terminate()
        proc.wait(10)


def _answers(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=0.2):
            return True
    except OSError:
        return False


def test_pull_returns_the_image_id(engine: DockerEngine, project: str, registry: str) -> None:
    ref = f"{registry}/{project}/busybox:1.36"
    busybox = engine.inspect_image(IMAGE)
    assert busybox is not None
    engine.api.tag(IMAGE, f"{registry}/{project}/busybox", "1.36")
    try:
        for item in engine.api.push(f"{registry}/{project}/busybox", "1.36", stream=True, decode=True):
            assert "error" not in item, item
        engine.remove_image(ref)
        assert engine.inspect_image(ref) is None
        assert engine.pull_image(ref) == busybox.id
        assert engine.inspect_image(ref) is not None
        with pytest.raises(NotFoundError) as err:
            engine.pull_image(f"{registry}/{project}/nope:1")
        line = err.value.one_line()
        assert line.startswith(f"image {registry}/{project}/nope:1: not found in the registry")
    finally:
        if engine.inspect_image(ref) is not None:
            engine.remove_image(ref)


# ---------------------------------------------------------------------- scale
def test_one_list_call_for_50_containers(engine: DockerEngine, project: str, spawn: Spawn) -> None:
    """What ``ps`` and ``observe`` cost: one request whatever the number of containers."""
    with ThreadPoolExecutor(8) as pool:
        list(pool.map(lambda n: spawn(project, "web", n), range(1, 51)))
    timings = []
    for _ in range(5):
        started = time.perf_counter()
        found = engine.list_containers(L.project_filter(project))
        timings.append(time.perf_counter() - started)
    assert sorted(c.number for c in found) == list(range(1, 51))
    assert min(timings) < 2.0, timings
    if os.environ.get("PYCOMPOSE_PRINT_TIMINGS"):
        lo, hi = min(timings) * 1000, max(timings) * 1000
        print(f"\nlist_containers, 50 containers: min {lo:.1f} ms, max {hi:.1f} ms")


# ------------------------------------------------------------------ a missing engine is never hidden in CI
@pytest.mark.parametrize(
    ("env", "outcome"),
    [({}, "1 skipped"), ({"CI": "true"}, "1 error"), ({"PYCOMPOSE_REQUIRE_ENGINE": "1"}, "1 error")],
)
def test_engine_fixture_skips_locally_but_fails_in_ci(env: dict[str, str], outcome: str) -> None:
    base = {k: v for k, v in os.environ.items() if k not in ("CI", "PYCOMPOSE_REQUIRE_ENGINE")}
    run = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-q",
            "-p",
            "no:cacheprovider",
            f"{__file__}::test_ping_reports_the_api_version",
        ],
        env={**base, **env, "DOCKER_HOST": "tcp://127.0.0.1:1"},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert outcome in run.stdout, run.stdout
    if outcome == "1 error":
        assert run.returncode != 0 and "not skipping" in run.stdout


# ---------------------------------------------------------------------- parsing, without an engine
def test_split_lines_joins_frames_and_multibyte_characters() -> None:
    frames = iter(
        [
            ("stdout", b"a\nsp"),
            ("stderr", b"err"),
            ("stdout", b"lit\n\xc3"),
            ("stderr", b"or\n"),
            ("stdout", b"\xa9t\xc3\xa9\nend"),
        ]
    )
    lines = list(_split_lines(frames, "demo-web-1", timestamps=False, strip_cr=False))
    assert [(x.stream, x.text) for x in lines] == [
        ("stdout", "a"),
        ("stdout", "split"),
        ("stderr", "error"),
        ("stdout", "été"),
        ("stdout", "end"),
    ]
    stamped = list(
        _split_lines(iter([("stdout", b"2024-01-01T00:00:00.1Z hi there\r\n")]), "c", True, strip_cr=True)
    )
    assert [(x.timestamp, x.text) for x in stamped] == [("2024-01-01T00:00:00.1Z", "hi there")]


def test_summary_status_text_gives_health_and_exit_code() -> None:
    def summary(state: str, status: str) -> ContainerInfo:
        return _container_from_summary(
            {"Id": "x", "Names": ["/a/b", "/demo-web-1"], "State": state, "Status": status, "Created": 0}
        )

    assert summary("running", "Up 3 seconds (healthy)").health == "healthy"
    assert summary("running", "Up 3 seconds (unhealthy)").health == "unhealthy"
    assert summary("running", "Up 1 second (health: starting)").health == "starting"
    assert summary("running", "Up 2 hours").health is None
    exited = summary("exited", "Exited (137) 5 minutes ago")
    assert (exited.exit_code, exited.health, exited.name) == (137, None, "demo-web-1")
    assert summary("created", "Created").exit_code is None
    assert summary("created", "Created").created == "1970-01-01T00:00:00.000000000Z"


def test_times_are_spelled_one_way() -> None:
    assert _rfc3339("2024-05-01T10:00:00.123456789Z") == "2024-05-01T10:00:00.123456789Z"
    assert _rfc3339("2024-05-01T10:00:00.5Z") == "2024-05-01T10:00:00.500000000Z"
    assert _rfc3339("2024-05-01T12:00:00+02:00") == "2024-05-01T10:00:00.000000000Z"
    assert _rfc3339(1714557600) == "2024-05-01T10:00:00.000000000Z"
    assert _api_timestamp("1714557600") == "1714557600"
    assert _api_timestamp("10m", now=1000.0) == "400.000000000"
    assert _api_timestamp("1h30m", now=10000.0) == "4600.000000000"
    assert _api_timestamp("2024-05-01T10:00:00Z") == "1714557600.000000000"
    with pytest.raises(EngineError, match="invalid time"):
        _api_timestamp("yesterday")


def test_api_errors_name_the_resource() -> None:
    err = _api_error("container demo-web-1", 404, "No such image: nope:1")
    assert isinstance(err, NotFoundError) and err.one_line() == (
        "image nope:1: not found (hint: build it or check the name)"
    )
    err = _api_error("container demo-web-1", 404, "No such container: 0123abcd")
    assert err.one_line() == "container demo-web-1: not found"
    err = _api_error("network demo_default", 403, "error while removing network: ... has active endpoints")
    assert type(err) is EngineError and err.message == (
        "network demo_default: has active endpoints (containers are still attached)"
    )
    err = _api_error("container demo-web-1", 409, "Conflict. The container name is already in use")
    assert isinstance(err, ConflictError)
    assert err.message == "container demo-web-1: conflict: the container name is already in use"
    assert _api_error("list containers", 500, "ID abc is bad").message == "list containers: ID abc is bad"
