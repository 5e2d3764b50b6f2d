"""Rolling updates on a real engine, under load: a client on the project network requests the service by
name in a loop, and every failed request counts.

- pycompose (``deploy.update_config``, start-first, parallelism 1) updates 3 replicas from version 1 to 2:
  no request fails, every answer is version 1 or 2, and 3 replicas of version 2 remain — which Docker
  Compose v2 then sees as converged;
- an update whose healthcheck never passes, with ``failure_action: rollback``: pycompose exits non-zero
  with a clear message, version 1 keeps serving without a failed request, its 3 replicas stay;
- the same kind of update with Docker Compose v2 ``up -d`` on the same stack, measured in the same run
  (its failures are printed, not asserted: v2 recreates every replica at once).
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from pycompose.engine.base import ContainerSpec
from pycompose.engine.docker import DockerEngine
from tests.engine.conftest import IMAGE
from tests.oracle import SKIP_REASON, oracle_binary

pytestmark = pytest.mark.engine

STACK = """\
services:
  web:
    image: busybox:1.36
    command: ["sh", "-c", "mkdir -p /www && echo v$$VERSION > /www/index.html && exec httpd -f -p 8080 -h /www"]
    init: true  # a quick stop: docker-init passes SIGTERM on to httpd
    environment:
      VERSION: ${VERSION:-1}
    deploy:
      replicas: 3
      update_config: {parallelism: 1, order: start-first, monitor: 1s, failure_action: rollback}
    stop_grace_period: 1s
    healthcheck:
      test: ["CMD-SHELL", "timeout 2 wget -qO- http://127.0.0.1:8080/${HEALTH_PATH:-} >/dev/null"]
      interval: 1s
      timeout: 3s
      retries: 2
"""

#: the client: one request at a time, forever; a line per request
LOOP = (
    "while true; do if out=$(timeout 2 wget -qO- http://web:8080/ 2>&1); "
    'then echo "OK $out"; else echo "FAIL $out"; fi; done'
)


def _env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("VERSION", "HEALTH_PATH", "COMPOSE_PROJECT_NAME")}
    return {**env, **extra}


def pycompose(tmp: Path, project: str, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "pycompose", "-p", project, "-f", str(tmp / "compose.yaml"), *args]
    return subprocess.run(command, capture_output=True, text=True, env=_env(**env), timeout=300, cwd=tmp)


def compose_v2(tmp: Path, project: str, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    binary = oracle_binary()
    assert binary is not None
    command = [binary, "-p", project, "-f", str(tmp / "compose.yaml"), *args]
    return subprocess.run(command, capture_output=True, text=True, env=_env(**env), timeout=300, cwd=tmp)


def wait_for(what: str, check, timeout: float = 60.0, every: float = 0.2):
    deadline = time.monotonic() + timeout
    while True:
        value = check()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout:g}s waiting for {what}")
        time.sleep(every)


class Client:
    """A busybox container on the project network requesting ``http://web:8080/`` in a loop."""

    def __init__(self, engine: DockerEngine, project: str, name: str) -> None:
        self.engine = engine
        self.name = f"{project}-{name}"  # no compose labels (not an orphan), removed by name at teardown
        body = {
            "Image": IMAGE,
            "Cmd": ["sh", "-c", LOOP],
            "HostConfig": {"NetworkMode": f"{project}_default"},
        }
        engine.create_container(ContainerSpec(name=self.name, body=body))
        engine.start_container(self.name)
        wait_for(f"{self.name} to get answers", lambda: len(self.results()[0]) >= 5)

    def results(self) -> tuple[list[str], list[str]]:
        """(answers, failures)."""
        ok: list[str] = []
        failed: list[str] = []
        for line in self.engine.logs(self.name):
            if line.text.startswith("OK "):
                ok.append(line.text[3:].strip())
            elif line.text.startswith("FAIL"):
                failed.append(line.text)
        return ok, failed

    def stop(self) -> tuple[list[str], list[str]]:
        self.engine.kill_container(self.name)
        return self.results()


def web_replicas(engine: DockerEngine, project: str) -> dict[str, str]:
    """Running replicas of web -> their VERSION."""
    out = {}
    for c in engine.list_containers({"label": [f"com.docker.compose.project={project}"]}):
        if c.service == "web" and c.state == "running":
            env = (engine.inspect_container_details(c.id) or {}).get("Config", {}).get("Env") or []
            out[c.name] = next((e.split("=", 1)[1] for e in env if e.startswith("VERSION=")), "")
    return out


def all_containers(engine: DockerEngine, project: str) -> dict[str, str]:
    return {
        c.name: c.id for c in engine.list_containers({"label": [f"com.docker.compose.project={project}"]})
    }


@pytest.fixture
def stack(tmp_path: Path, engine: DockerEngine, project: str) -> Iterator[Path]:
    """Version 1 of the stack, up and healthy; ``down -v`` at the end."""
    (tmp_path / "compose.yaml").write_text(STACK)
    started = pycompose(tmp_path, project, "up", "-d", "--wait", VERSION="1")
    assert started.returncode == 0, started.stderr
    yield tmp_path
    pycompose(tmp_path, project, "down", "-v", "-t", "0")


def test_rolling_update_under_load_fails_no_request(stack: Path, engine: DockerEngine, project: str) -> None:
    before = all_containers(engine, project)
    plan = pycompose(stack, project, "plan", VERSION="2")
    assert "rolling update of web, batch 1/3, start-first: environment VERSION: 1 -> 2" in plan.stdout
    assert "batch 3/3" in plan.stdout

    client = Client(engine, project, "client")
    started = time.monotonic()
    update = pycompose(stack, project, "--progress", "plain", "up", "-d", VERSION="2")
    took = time.monotonic() - started
    time.sleep(0.5)
    answers, failures = client.stop()
    assert update.returncode == 0, update.stderr
    assert failures == [], failures[:5]
    assert set(answers) <= {"v1", "v2"}, set(answers)
    assert "v2" in answers
    replicas = web_replicas(engine, project)
    assert sorted(replicas.values()) == ["2", "2", "2"], replicas
    assert not set(replicas) & set(before), "every replica was replaced"
    assert set(all_containers(engine, project)) == set(replicas), "the old replicas are gone"
    print(
        f"\npycompose rolling update v1 -> v2 under load: {len(failures)} failed of {len(answers) + len(failures)} "
        f"requests in {took:.1f}s"
    )

    # Docker Compose v2 sees a converged stack: `up -d` recreates nothing, `ps` lists the 3 replicas
    if oracle_binary() is None:
        pytest.skip(SKIP_REASON)
    ids = all_containers(engine, project)
    again = compose_v2(stack, project, "up", "-d", VERSION="2")
    assert again.returncode == 0, again.stderr
    assert all_containers(engine, project) == ids, again.stderr
    ps = compose_v2(stack, project, "ps", "--format", "{{.Name}} {{.State}}", VERSION="2")
    assert sorted(ps.stdout.split()) == sorted([*ids, *["running"] * 3]), ps.stdout
    assert pycompose(stack, project, "plan", "--detailed-exitcode", VERSION="2").returncode == 0

    # the same kind of update with Docker Compose v2, measured in the same run (not asserted)
    client = Client(engine, project, "client-v2")
    started = time.monotonic()
    v2 = compose_v2(stack, project, "up", "-d", VERSION="3")
    v2_took = time.monotonic() - started
    assert v2.returncode == 0, v2.stderr
    wait_for(
        "3 healthy replicas of version 3", lambda: sorted(web_replicas(engine, project).values()) == ["3"] * 3
    )
    wait_for(
        "the v3 replicas to be healthy",
        lambda: all(
            c.health == "healthy"
            for c in engine.list_containers({"label": [f"com.docker.compose.project={project}"]})
            if c.service == "web"
        ),
    )
    time.sleep(1.0)
    v2_answers, v2_failures = client.stop()
    print(
        f"rolling update under load, same stack and run: pycompose {len(failures)} failed of "
        f"{len(answers) + len(failures)} requests ({took:.1f}s); docker compose v2 `up -d` "
        f"{len(v2_failures)} failed of {len(v2_answers) + len(v2_failures)} requests ({v2_took:.1f}s)"
    )


def test_failed_health_gate_rolls_back_without_a_failed_request(
    stack: Path, engine: DockerEngine, project: str
) -> None:
    before = all_containers(engine, project)
    client = Client(engine, project, "client")
    update = pycompose(stack, project, "--progress", "plain", "up", "-d", VERSION="2", HEALTH_PATH="missing")
    time.sleep(0.5)
    answers, failures = client.stop()
    assert update.returncode != 0
    last = update.stderr.strip().splitlines()[-1]
    assert "rolling update of web failed and was rolled back" in last, update.stderr
    assert "is unhealthy" in last and "404 Not Found" in last, last
    assert "the previous version still serves" in last
    assert failures == [], failures[:5]
    assert set(answers) == {"v1"}
    assert all_containers(engine, project) == before, "the 3 replicas of version 1 remain, nothing else"
    assert sorted(web_replicas(engine, project).values()) == ["1", "1", "1"]
    print(f"\nfailed update rolled back under load: {len(failures)} failed of {len(answers)} requests")
