"""Blue-green and canary releases on a real engine, under load: a client on the project network requests
the service by name in a loop, and every failed request counts.

- blue-green (``x-pycompose.deploy.strategy: blue-green``): ``release start`` brings a complete green set up
  and switches the name to it; ``release rollback`` switches back to the kept blue set in under 2 s
  (the command's wall time); ``release promote`` switches to green again and removes blue. No request
  fails, and Docker Compose v2 then sees a converged stack (``up -d`` recreates nothing);
- canary (``strategy: canary``, 1 replica): ``up`` starts one new replica beside the 3 old ones, which
  then answers 10-45 % of 200 requests; ``release abort`` gives the 3 old replicas back, unchanged;
  ``release start`` + ``release promote`` give 3 new ones, converged for Docker Compose v2.
"""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest

from pycompose.engine.docker import DockerEngine
from tests.engine._traffic import Client, all_containers, burst, compose_v2, pycompose, web_replicas
from tests.oracle import oracle_binary

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
    stop_grace_period: 1s  # the drain of a replica that leaves the name
    healthcheck:
      test: ["CMD-SHELL", "timeout 2 wget -qO- http://127.0.0.1:8080/ >/dev/null"]
      interval: 1s
      timeout: 3s
      retries: 2
    x-pycompose:
      deploy: DEPLOY
"""

BLUE_GREEN = "{strategy: blue-green, bluegreen: {keep: 10m}}"
CANARY = "{strategy: canary, canary: {replicas: 1}}"


def start_stack(tmp: Path, project: str, deploy: str) -> Path:
    (tmp / "compose.yaml").write_text(STACK.replace("DEPLOY", deploy))
    started = pycompose(tmp, project, "up", "-d", "--wait", VERSION="1")
    assert started.returncode == 0, started.stderr
    return tmp


def ok(result, what: str) -> None:  # type: ignore[no-untyped-def]
    assert result.returncode == 0, f"{what} failed:\n{result.stdout}\n{result.stderr}"
    assert "Traceback" not in result.stderr, result.stderr


def settled(client: Client, version: str) -> list[str]:
    """Answers once the switch settled: a request that was on its way to the other set may still land
    there (after one TCP retransmission); the 20 after it all come from ``version``."""
    answers = client.answers_since(client.count(), at_least=30)
    assert answers[-20:] == [version] * 20, answers
    return answers


def assert_converged_for_compose_v2(stack: Path, project: str, engine: DockerEngine, version: str) -> None:
    """Docker Compose v2 ``up -d`` recreates nothing and ``ps`` lists the 3 replicas; ``plan`` is empty."""
    plan = pycompose(stack, project, "plan", "--detailed-exitcode", VERSION=version)
    assert plan.returncode == 0, plan.stdout + plan.stderr
    if oracle_binary() is None:
        return
    ids = all_containers(engine, project)
    again = compose_v2(stack, project, "up", "-d", VERSION=version)
    assert again.returncode == 0, again.stderr
    assert all_containers(engine, project) == ids, again.stderr
    ps = compose_v2(stack, project, "ps", "--format", "{{.Name}} {{.State}}", VERSION=version)
    assert sorted(ps.stdout.split()) == sorted([*ids, *["running"] * 3]), ps.stdout


def test_blue_green_switch_rollback_promote_fail_no_request(
    tmp_path: Path, engine: DockerEngine, project: str
) -> None:
    stack = start_stack(tmp_path, project, BLUE_GREEN)
    try:
        blue = all_containers(engine, project)
        plan = pycompose(stack, project, "plan", VERSION="2")
        ok(plan, "plan")
        assert "blue-green release of web: green 1/3: environment VERSION: 1 -> 2" in plan.stdout
        assert "switch: the whole green set is healthy: joins the DNS of service web" in plan.stdout
        assert "leaves the DNS of service web; kept running for an instant rollback until" in plan.stdout

        client = Client(engine, project, "client")
        started = pycompose(stack, project, "release", "start", "web", VERSION="2")
        ok(started, "release start")
        assert "switched: green serves, blue is kept running for an instant rollback" in started.stdout
        settled(client, "v2")
        replicas = web_replicas(engine, project)
        assert {n: v for n, v in replicas.items() if n in blue} == dict.fromkeys(blue, "1"), "blue kept"
        assert sorted(replicas.values()) == ["1", "1", "1", "2", "2", "2"]
        status = pycompose(stack, project, "release", "status", "--format", "json", VERSION="2")
        ok(status, "release status")
        row = json.loads(status.stdout)["releases"][0]
        assert (row["strategy"], row["live"], sorted(row["old"])) == ("blue-green", "new", sorted(blue))

        # the instant rollback: blue serves again, green is kept running out of the DNS
        began = time.monotonic()
        back = pycompose(stack, project, "release", "rollback", "web")
        rollback_took = time.monotonic() - began
        ok(back, "release rollback")
        assert "rolled back" in back.stdout
        settled(client, "v1")
        assert rollback_took < 2.0, f"rollback took {rollback_took:.2f}s"
        assert len(web_replicas(engine, project)) == 6

        # promote: green serves again, blue drains and goes
        promoted = pycompose(stack, project, "release", "promote", "web", VERSION="2")
        ok(promoted, "release promote")
        settled(client, "v2")
        time.sleep(0.3)
        answers, failures = client.stop()
        assert failures == [], failures[:5]
        assert set(answers) == {"v1", "v2"}
        replicas = web_replicas(engine, project)
        assert sorted(replicas.values()) == ["2", "2", "2"] and not set(replicas) & set(blue)
        assert set(all_containers(engine, project)) == set(replicas), "blue is gone"
        print(
            f"\nblue-green switch, rollback, promote under load: {len(failures)} failed of "
            f"{len(answers) + len(failures)} requests; rollback {rollback_took:.2f}s"
        )
        assert_converged_for_compose_v2(stack, project, engine, "2")
    finally:
        pycompose(stack, project, "down", "-v", "-t", "0")


def test_canary_takes_a_share_then_abort_and_promote(
    tmp_path: Path, engine: DockerEngine, project: str
) -> None:
    stack = start_stack(tmp_path, project, CANARY)
    try:
        old = all_containers(engine, project)
        client = Client(engine, project, "client")
        # `up` starts the canary release by itself: one new replica beside the 3 old ones
        canary = pycompose(stack, project, "up", "-d", VERSION="2")
        ok(canary, "up (canary)")
        assert sorted(web_replicas(engine, project).values()) == ["1", "1", "1", "2"]
        counts = burst(engine, project, "burst", 200)
        assert counts["FAIL"] == 0 and sum(counts.values()) == 200, counts
        share = counts["v2"] / 200
        assert 0.10 <= share <= 0.45, counts

        aborted = pycompose(stack, project, "release", "abort", "web", VERSION="2")
        ok(aborted, "release abort")
        settled(client, "v1")
        assert all_containers(engine, project) == old, "the 3 old replicas, nothing else"

        started = pycompose(stack, project, "release", "start", "web", VERSION="2")
        ok(started, "release start")
        assert "1 new replica(s) serve beside 3 of the previous version" in started.stdout
        promoted = pycompose(stack, project, "release", "promote", "web", VERSION="2")
        ok(promoted, "release promote")
        settled(client, "v2")
        time.sleep(0.3)
        answers, failures = client.stop()
        assert failures == [], failures[:5]
        replicas = web_replicas(engine, project)
        assert sorted(replicas.values()) == ["2", "2", "2"] and not set(replicas) & set(old)
        assert set(all_containers(engine, project)) == set(replicas)
        print(
            f"\ncanary 1 beside 3: v2 answered {counts['v2']} of 200 requests ({share:.0%}); abort, start, "
            f"promote under load: {len(failures)} failed of {len(answers)} requests"
        )
        assert_converged_for_compose_v2(stack, project, engine, "2")
    finally:
        pycompose(stack, project, "down", "-v", "-t", "0")
