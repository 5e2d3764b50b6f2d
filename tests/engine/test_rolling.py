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

import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from pycompose.engine.docker import DockerEngine
from tests.engine._traffic import Client, all_containers, compose_v2, pycompose, wait_for, web_replicas
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
