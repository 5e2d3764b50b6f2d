"""The same compose file through ``docker stack deploy`` and ``pycompose stack deploy``: the services,
networks, secrets and configs must come out the same (names, labels, specs), except for pycompose's
deliberate differences (the spec-hash label, versioned secret and config names). Then each tool
manages the other's stack.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

pytestmark = pytest.mark.swarm

COMPOSE = """\
services:
  web:
    image: busybox:1.36
    command: ["sh", "-c", "exec httpd -f -p 80 -h /"]
    hostname: "web-{{.Task.Slot}}"
    labels: {tier: front}
    environment: {A: "1", B: "two"}
    stop_grace_period: 1s
    healthcheck: {test: ["CMD", "true"], interval: 5s, retries: 2}
    secrets: [token]
    configs: [{source: site, target: /etc/site.conf}]
    volumes: [data:/data]
    ports: [{target: 8080, published: 18080, mode: host}]
    networks:
      front: {aliases: [www]}
    deploy:
      replicas: 2
      endpoint_mode: dnsrr
      labels: {svc: web}
      placement:
        preferences: [{spread: node.labels.zone}]
        max_replicas_per_node: 1
      resources:
        limits: {cpus: "0.5", memory: 64M}
        reservations: {memory: 8M}
      restart_policy: {condition: on-failure, delay: 1s, max_attempts: 3, window: 10s}
      update_config: {parallelism: 2, delay: 1s, order: start-first, failure_action: rollback, monitor: 5s}
      rollback_config: {parallelism: 1, order: stop-first}
  agent:
    image: busybox:1.36
    command: ["sleep", "86400"]
    stop_grace_period: 1s
    deploy: {mode: global, endpoint_mode: dnsrr}
  db:
    image: busybox:1.36
    command: ["sleep", "86400"]
    stop_grace_period: 1s
    deploy:
      endpoint_mode: dnsrr
      placement: {constraints: [node.labels.role == db]}
networks:
  front: {attachable: true, labels: {team: a}}
volumes:
  data: {labels: {keep: "yes"}}
secrets:
  token: {file: ./token.txt}
configs:
  site: {file: ./site.conf}
"""

HASHED = re.compile(r"-[0-9a-f]{10}$")


def _pruned(value: Any) -> Any:
    """Empty values (null, "", 0, false, {}, []) dropped at every level: daemon and CLI defaults."""
    if isinstance(value, dict):
        out = {k: _pruned(v) for k, v in value.items()}
        return {k: v for k, v in out.items() if v not in (None, "", 0, False, {}, [])}
    if isinstance(value, list):
        return [_pruned(v) for v in value]
    return value


def normalized(cluster, stack: str, service: str, networks: dict[str, str]) -> dict[str, Any]:
    spec = json.loads(cluster.docker("service", "inspect", f"{stack}_{service}").stdout)[0]["Spec"]
    text = json.dumps(spec).replace(f"{stack}_", "STACK_").replace(f'"{stack}"', '"STACK"')
    spec = json.loads(text)
    spec["Labels"].pop("io.pycompose.stack.spec-hash", None)
    task = spec["TaskTemplate"]
    for net in task.get("Networks", ()):
        net["Target"] = networks[net["Target"]].replace(f"{stack}_", "STACK_")
    container = task["ContainerSpec"]
    for ref in container.get("Secrets", ()):
        ref.pop("SecretID")
        ref["SecretName"] = HASHED.sub("", ref["SecretName"])
    for ref in container.get("Configs", ()):
        ref.pop("ConfigID")
        ref["ConfigName"] = HASHED.sub("", ref["ConfigName"])
    container.pop("Privileges", None)  # docker stack sends an empty one
    return _pruned(spec)


def network_ids(cluster) -> dict[str, str]:
    out = cluster.docker("network", "ls", "--no-trunc", "--format", "{{.ID}} {{.Name}}").stdout
    return dict(line.split() for line in out.splitlines())


def test_same_objects_as_docker_stack_deploy(cluster, stack_name: str, tmp_path: Path) -> None:
    (tmp_path / "compose.yaml").write_text(COMPOSE)
    (tmp_path / "token.txt").write_text("s3cret")
    (tmp_path / "site.conf").write_text("conf")
    theirs, ours = f"{stack_name}d", stack_name
    cluster.docker(
        "stack", "deploy", "--resolve-image", "never", "-c", str(tmp_path / "compose.yaml"), theirs
    )
    try:
        cluster.pycompose("stack", "deploy", ours, cwd=tmp_path)
        ids = network_ids(cluster)
        for service in ("web", "agent", "db"):
            assert normalized(cluster, ours, service, ids) == normalized(cluster, theirs, service, ids), (
                service
            )
        for stack in (theirs, ours):
            names = cluster.docker("network", "ls", "--filter", f"label=com.docker.stack.namespace={stack}")
            assert f"{stack}_front" in names.stdout and f"{stack}_default" in names.stdout
        for kind, key in (("network", "front"), ("secret", "token"), ("config", "site")):
            listed = {}
            for stack in (theirs, ours):
                out = cluster.docker(
                    kind,
                    "ls",
                    "--filter",
                    f"label=com.docker.stack.namespace={stack}",
                    "--format",
                    "{{.Name}}",
                )
                listed[stack] = [n for n in out.stdout.split() if n.startswith(f"{stack}_{key}")]
            assert listed[theirs] == [f"{theirs}_{key}"]
            assert len(listed[ours]) == 1
            if kind == "network":
                assert listed[ours] == [f"{ours}_{key}"]
                a = json.loads(cluster.docker("network", "inspect", listed[theirs][0]).stdout)[0]
                b = json.loads(cluster.docker("network", "inspect", listed[ours][0]).stdout)[0]
                for field in ("Driver", "Scope", "Attachable", "Internal"):
                    assert a[field] == b[field], field
                assert a["Labels"] == {**b["Labels"], "com.docker.stack.namespace": theirs}
            else:
                assert HASHED.search(listed[ours][0]), listed  # versioned: <stack>_<key>-<hash>

        # pycompose adopts the stack docker deployed: the specs match, only names and the hash label move
        plan = cluster.pycompose("stack", "plan", theirs, cwd=tmp_path).stdout
        assert "secret token rotated" in plan and "config /etc/site.conf rotated" in plan, plan
        assert "environment" not in plan and "image" not in plan, plan
        # and docker stack lists and removes what pycompose deployed
        ps = cluster.docker("stack", "ps", ours, "--format", "{{.Name}}").stdout
        assert f"{ours}_db.1" in ps
        cluster.docker("stack", "rm", ours)
        left = cluster.docker("service", "ls", "-q", "--filter", f"label=com.docker.stack.namespace={ours}")
        assert left.stdout.strip() == ""
    finally:
        cluster.docker("stack", "rm", theirs, check=False)
