"""``pycompose stack`` on a real 3-node swarm (scripts/swarm-cluster.sh): placement, interop, routing.

Nodes: pcnode1 (manager, zone=a), pcnode2 (zone=b), pcnode3 (zone=a, role=db). The kernel here may
lack IPVS, so the web service uses ``endpoint_mode: dnsrr`` (its name resolves to every task) and the
client talks to the tasks over the overlay network.
"""

from __future__ import annotations

import json
import re
import time
import uuid
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest

pytestmark = pytest.mark.swarm

COMPOSE = """\
services:
  web:
    image: busybox:1.36
    command: ["sh", "-c", "mkdir -p /www && hostname > /www/index.html && exec httpd -f -p 80 -h /www"]
    hostname: "web-{{.Task.Slot}}-{{.Node.Hostname}}"
    networks: [front]
    stop_grace_period: 1s
    deploy:
      replicas: 4
      endpoint_mode: dnsrr
      placement:
        preferences:
          - spread: node.labels.zone
  agent:
    image: busybox:1.36
    command: ["sleep", "86400"]
    stop_grace_period: 1s
    deploy:
      mode: global
      endpoint_mode: dnsrr
  db:
    image: busybox:1.36
    command: ["sleep", "86400"]
    stop_grace_period: 1s
    deploy:
      endpoint_mode: dnsrr
      placement:
        constraints: [node.labels.role == db]
networks:
  front:
    attachable: true
"""

ZONES = {"pcnode1": "a", "pcnode2": "b", "pcnode3": "a"}


def _running_tasks(cluster, stack: str) -> list[dict[str, str]]:
    out = cluster.docker(
        "stack", "ps", stack, "--filter", "desired-state=running", "--format", "{{json .}}"
    ).stdout
    rows = [json.loads(line) for line in out.splitlines() if line.strip()]
    return [r for r in rows if r["CurrentState"].startswith("Running")]


@pytest.fixture(scope="module")
def deployed(cluster, tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    """One stack for the module (deployed once: the tests only read it, ``rm`` comes last)."""
    stack = f"pcs{uuid.uuid4().hex[:8]}"
    tmp = tmp_path_factory.mktemp("stack")
    (tmp / "compose.yaml").write_text(COMPOSE)
    started = time.monotonic()
    result = cluster.pycompose(
        "--progress", "plain", "stack", "deploy", "--wait", "--wait-timeout", "120", stack, cwd=tmp
    )
    elapsed = time.monotonic() - started
    assert "converged" in result.stderr, result.stderr
    assert elapsed < 120
    yield stack, tmp
    cluster.docker("stack", "rm", stack, check=False)


def test_placement_follows_the_file(cluster, deployed) -> None:
    stack, _ = deployed
    tasks = _running_tasks(cluster, stack)
    by_service: dict[str, list[str]] = {}
    for task in tasks:
        service = task["Name"].split(".")[0].removeprefix(f"{stack}_")
        by_service.setdefault(service, []).append(task["Node"])
    # 4 web replicas spread over the two zones: 2 in zone a (pcnode1, pcnode3), 2 in zone b (pcnode2)
    assert len(by_service["web"]) == 4, tasks
    assert Counter(ZONES[n] for n in by_service["web"]) == {"a": 2, "b": 2}
    # one agent per node
    assert sorted(by_service["agent"]) == ["pcnode1", "pcnode2", "pcnode3"]
    # the constrained service only on the node labelled role=db
    assert by_service["db"] == ["pcnode3"]


def test_docker_stack_sees_what_pycompose_deployed(cluster, deployed) -> None:
    stack, tmp = deployed
    services = cluster.docker(
        "stack", "services", stack, "--format", "{{.Name}} {{.Mode}} {{.Replicas}}"
    ).stdout
    lines = sorted(services.split("\n"))
    assert f"{stack}_web replicated 4/4" in lines
    assert f"{stack}_db replicated 1/1" in lines
    assert f"{stack}_agent global 3/3" in lines
    inspect = json.loads(cluster.docker("service", "inspect", f"{stack}_web").stdout)[0]["Spec"]
    assert inspect["Labels"]["com.docker.stack.namespace"] == stack
    assert inspect["Labels"]["com.docker.stack.image"] == "busybox:1.36"
    assert inspect["TaskTemplate"]["ContainerSpec"]["Labels"]["com.docker.stack.namespace"] == stack
    net = json.loads(cluster.docker("network", "inspect", f"{stack}_front").stdout)[0]
    assert (net["Driver"], net["Scope"], net["Labels"]) == (
        "overlay",
        "swarm",
        {"com.docker.stack.namespace": stack},
    )
    # converged: planning again finds nothing to do
    again = cluster.pycompose("stack", "plan", "--detailed-exitcode", stack, cwd=tmp)
    assert "nothing to do" in again.stdout
    # pycompose's ps lists the same tasks as docker's
    ours = cluster.pycompose("stack", "ps", "-q", stack, cwd=tmp).stdout.split()
    theirs = cluster.docker("stack", "ps", "-q", "--no-trunc", stack).stdout.split()
    assert sorted(ours) == sorted(theirs)


def test_a_client_on_the_overlay_reaches_every_web_replica(cluster, deployed) -> None:
    stack, _ = deployed
    script = (
        "ips=$(nslookup web 2>/dev/null | sed -n 's/^Address:[[:space:]]*\\([0-9.]*\\)$/\\1/p'); "
        'for ip in $ips; do echo "$ip $(timeout 5 wget -qO- http://$ip/)"; done; '
        'for i in 1 2 3 4 5 6; do echo "name $(timeout 5 wget -qO- http://web/)"; done'
    )
    # the client runs on pcnode1; the replicas run on all three nodes
    out = cluster.docker(
        "run", "--rm", "--network", f"{stack}_front", "busybox:1.36", "sh", "-c", script, timeout=120
    ).stdout
    by_ip = [line.split(" ", 1) for line in out.splitlines() if not line.startswith("name ")]
    hostnames = {h for _, h in by_ip}
    assert len(by_ip) == 4, out
    assert all(re.fullmatch(r"web-[1-4]-pcnode[1-3]", h) for h in hostnames), out
    assert len(hostnames) == 4, out
    assert {h.rsplit("-", 1)[1] for h in hostnames} == {"pcnode1", "pcnode2", "pcnode3"}
    by_name = [line.removeprefix("name ") for line in out.splitlines() if line.startswith("name ")]
    assert all(h in hostnames for h in by_name), out


def test_rm_removes_the_stack(cluster, deployed) -> None:
    stack, tmp = deployed
    cluster.pycompose("stack", "rm", stack, cwd=tmp)
    services = cluster.docker("service", "ls", "--filter", f"label=com.docker.stack.namespace={stack}", "-q")
    assert services.stdout.strip() == ""
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        nets = cluster.docker("network", "ls", "--filter", f"label=com.docker.stack.namespace={stack}", "-q")
        if not nets.stdout.strip():
            break
        time.sleep(0.5)
    assert nets.stdout.strip() == ""
