"""Compose model -> Swarm service specs, networks, secrets and configs (pure; no engine)."""

from __future__ import annotations

import base64
import hashlib
from pathlib import Path

import pytest

from pycompose import api
from pycompose.errors import ConfigError
from pycompose.swarm import labels as SL
from pycompose.swarm.translate import spec_hash, translate, versioned_name

FULL = """\
services:
  web:
    image: busybox:1.36
    command: ["httpd", "-f"]
    entrypoint: ["/bin/sh", "-c"]
    hostname: "web-{{.Task.Slot}}"
    user: "33"
    working_dir: /www
    labels: {tier: front}
    environment: {B: "2", A: "1", C: null}
    extra_hosts: ["db:10.0.0.5"]
    dns: [1.1.1.1]
    stop_grace_period: 3s
    init: true
    healthcheck: {test: ["CMD", "true"], interval: 5s, timeout: 2s, retries: 3, start_period: 1s}
    cap_add: [NET_ADMIN]
    sysctls: {net.core.somaxconn: 1024}
    ulimits: {nofile: {soft: 10, hard: 20}, nproc: 5}
    logging: {driver: json-file, options: {max-size: 1m}}
    tmpfs: ["/run:size=1m"]
    volumes: [data:/data, /srv:/srv:ro]
    networks:
      front: {aliases: [www]}
    ports:
      - {target: 80, published: 8080, mode: host}
    secrets: [token, {source: token, target: /etc/token, mode: 0400, uid: "33"}]
    configs: [{source: site, target: /etc/site.conf}]
    deploy:
      replicas: 4
      endpoint_mode: dnsrr
      labels: {svc: web}
      placement:
        constraints: [node.labels.zone != c]
        preferences: [{spread: node.labels.zone}]
        max_replicas_per_node: 2
      resources:
        limits: {cpus: "0.5", memory: 64M, pids: 100}
        reservations: {cpus: "0.1", memory: 8M}
      restart_policy: {condition: on-failure, delay: 1s, max_attempts: 3, window: 10s}
      update_config: {parallelism: 2, delay: 1s, order: start-first, failure_action: rollback, monitor: 5s}
      rollback_config: {parallelism: 1, order: stop-first}
  agent:
    image: busybox:1.36
    deploy: {mode: global}
  legacy:
    image: busybox:1.36
    restart: on-failure:2
    build: .
    depends_on: [agent]
    container_name: legacy
    privileged: true
networks:
  front: {attachable: true, labels: {team: a}}
volumes:
  data: {labels: {keep: "yes"}}
secrets:
  token: {file: ./token.txt}
configs:
  site: {content: "hello"}
"""


def load(tmp: Path, text: str = FULL, stack: str = "demo"):
    (tmp / "compose.yaml").write_text(text)
    (tmp / "token.txt").write_text("s3cret\n")
    return api.load(files=[str(tmp / "compose.yaml")], project_name=stack, environ={})


def test_service_spec_is_what_docker_stack_deploy_sends(tmp_path: Path) -> None:
    spec = translate(load(tmp_path))
    web = spec.services["web"]
    assert web.name == "demo_web"
    body = web.spec
    assert body["Labels"][SL.NAMESPACE] == "demo"
    assert body["Labels"][SL.IMAGE] == "busybox:1.36"
    assert body["Labels"]["svc"] == "web"
    assert body["Labels"][SL.SPEC_HASH] == web.spec_hash
    c = body["TaskTemplate"]["ContainerSpec"]
    assert c["Image"] == "busybox:1.36"
    assert list(c["Command"]) == ["/bin/sh", "-c"]
    assert list(c["Args"]) == ["httpd", "-f"]
    assert list(c["Env"]) == ["A=1", "B=2", "C"]  # sorted, unset value without '='
    assert dict(c["Labels"]) == {"tier": "front", SL.NAMESPACE: "demo"}
    assert (c["Hostname"], c["User"], c["Dir"]) == ("web-{{.Task.Slot}}", "33", "/www")
    assert list(c["Hosts"]) == ["10.0.0.5 db"]
    assert list(c["DNSConfig"]["Nameservers"]) == ["1.1.1.1"]
    assert c["StopGracePeriod"] == 3_000_000_000
    assert c["Init"] is True
    assert dict(c["Healthcheck"]) == {
        "Test": ("CMD", "true"),
        "Interval": 5_000_000_000,
        "Timeout": 2_000_000_000,
        "StartPeriod": 1_000_000_000,
        "Retries": 3,
    }
    assert list(c["CapabilityAdd"]) == ["NET_ADMIN"]
    assert dict(c["Sysctls"]) == {"net.core.somaxconn": "1024"}
    assert [dict(u) for u in c["Ulimits"]] == [
        {"Name": "nofile", "Soft": 10, "Hard": 20},
        {"Name": "nproc", "Soft": 5, "Hard": 5},
    ]
    mounts = [dict(m) for m in c["Mounts"]]
    assert mounts[0]["Type"] == "volume" and mounts[0]["Source"] == "demo_data"
    assert dict(mounts[0]["VolumeOptions"]["Labels"]) == {"keep": "yes", SL.NAMESPACE: "demo"}
    assert mounts[1] == {"Type": "bind", "Target": "/srv", "Source": "/srv", "ReadOnly": True}
    assert mounts[2]["Type"] == "tmpfs" and dict(mounts[2]["TmpfsOptions"]) == {"SizeBytes": 1024 * 1024}
    task = body["TaskTemplate"]
    assert dict(task["Resources"]["Limits"]) == {
        "NanoCPUs": 500_000_000,
        "MemoryBytes": 64 << 20,
        "Pids": 100,
    }
    assert dict(task["Resources"]["Reservations"]) == {"NanoCPUs": 100_000_000, "MemoryBytes": 8 << 20}
    assert dict(task["RestartPolicy"]) == {
        "Condition": "on-failure",
        "Delay": 1_000_000_000,
        "MaxAttempts": 3,
        "Window": 10_000_000_000,
    }
    placement = task["Placement"]
    assert list(placement["Constraints"]) == ["node.labels.zone != c"]
    assert placement["Preferences"][0]["Spread"]["SpreadDescriptor"] == "node.labels.zone"
    assert placement["MaxReplicas"] == 2
    assert [dict(n) | {"Aliases": list(n["Aliases"])} for n in task["Networks"]] == [
        {"Target": "demo_front", "Aliases": ["www", "web"]}
    ]
    assert task["LogDriver"]["Name"] == "json-file"
    assert body["Mode"]["Replicated"]["Replicas"] == 4
    assert body["EndpointSpec"]["Mode"] == "dnsrr"
    assert [dict(p) for p in body["EndpointSpec"]["Ports"]] == [
        {"Protocol": "tcp", "TargetPort": 80, "PublishedPort": 8080, "PublishMode": "host"}
    ]
    assert dict(body["UpdateConfig"]) == {
        "Parallelism": 2,
        "Delay": 1_000_000_000,
        "FailureAction": "rollback",
        "Monitor": 5_000_000_000,
        "Order": "start-first",
    }
    assert dict(body["RollbackConfig"]) == {"Parallelism": 1, "Order": "stop-first"}


def test_secrets_and_configs_are_versioned_by_content(tmp_path: Path) -> None:
    spec = translate(load(tmp_path))
    token = spec.secrets["token"]
    digest = hashlib.sha256(b"s3cret\n").hexdigest()
    assert token.name == f"demo_token-{digest[:10]}"
    assert token.labels[SL.NAMESPACE] == "demo" and token.labels[SL.SOURCE_KEY] == "token"
    assert token.data is not None and base64.b64decode(token.data.reveal()) == b"s3cret\n"
    assert "s3cret" not in repr(token) and "s3cret" not in str(token.data)
    refs = [
        {"File": dict(r["File"]), "SecretName": r["SecretName"]}
        for r in spec.services["web"].spec["TaskTemplate"]["ContainerSpec"]["Secrets"]
    ]
    assert refs == [
        {"File": {"Name": "/etc/token", "UID": "33", "GID": "0", "Mode": 0o400}, "SecretName": token.name},
        {"File": {"Name": "token", "UID": "0", "GID": "0", "Mode": 0o444}, "SecretName": token.name},
    ]
    site = spec.configs["site"]
    assert site.name == f"demo_site-{hashlib.sha256(b'hello').hexdigest()[:10]}"
    config_ref = spec.services["web"].spec["TaskTemplate"]["ContainerSpec"]["Configs"][0]
    assert (config_ref["ConfigName"], config_ref["File"]["Name"]) == (site.name, "/etc/site.conf")
    # a change of content is a new name, so the services roll onto a new object
    (tmp_path / "token.txt").write_text("rotated\n")
    again = translate(api.load(files=[str(tmp_path / "compose.yaml")], project_name="demo", environ={}))
    assert again.secrets["token"].name != token.name
    assert again.services["web"].spec_hash != spec.services["web"].spec_hash


def test_networks_are_swarm_scoped_overlays(tmp_path: Path) -> None:
    spec = translate(load(tmp_path))
    front = spec.networks["front"]
    assert front.name == "demo_front"
    assert dict(front.body) | {"Labels": dict(front.body["Labels"])} == {
        "Name": "demo_front",
        "Driver": "overlay",
        "Scope": "swarm",
        "Attachable": True,
        "Labels": {"team": "a", SL.NAMESPACE: "demo"},
    }
    # services without networks join <stack>_default, as with docker stack deploy
    assert spec.services["agent"].networks == ("demo_default",)
    assert "default" in spec.networks


def test_modes_and_restart_fallback(tmp_path: Path) -> None:
    spec = translate(load(tmp_path))
    assert spec.services["agent"].spec["Mode"] == {"Global": {}}
    assert spec.services["agent"].replicas is None
    legacy = spec.services["legacy"].spec
    assert legacy["Mode"]["Replicated"]["Replicas"] == 1
    assert dict(legacy["TaskTemplate"]["RestartPolicy"]) == {"Condition": "on-failure", "MaxAttempts": 2}


def test_one_warning_per_ignored_key(tmp_path: Path) -> None:
    spec = translate(load(tmp_path))
    by_key = {w.key: w for w in spec.warnings}
    for key in ("build", "depends_on", "container_name", "privileged"):
        assert by_key[key].services == ("legacy",), by_key
        assert "ignored by Swarm" in by_key[key].text()
    assert "image" not in by_key and "deploy" not in by_key and "networks" not in by_key
    assert len([w for w in spec.warnings if w.key == "build"]) == 1


def test_hash_ignores_replicas_only(tmp_path: Path) -> None:
    web = translate(load(tmp_path)).services["web"]
    body = {k: v for k, v in web.spec.items()}
    scaled = dict(body, Mode={"Replicated": {"Replicas": 9}})
    assert spec_hash(scaled) == web.spec_hash
    relabelled = dict(body, Labels={**body["Labels"], "svc": "other"})
    assert spec_hash(relabelled) != web.spec_hash


def test_ingress_port_with_dnsrr_is_refused(tmp_path: Path) -> None:
    text = "services:\n  a:\n    image: busybox\n    ports: ['80:80']\n    deploy: {endpoint_mode: dnsrr}\n"
    with pytest.raises(ConfigError, match="endpoint_mode vip") as info:
        translate(load(tmp_path, text))
    assert info.value.path == ("services", "a", "ports", 0)


def test_a_service_needs_an_image(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="needs an image"):
        translate(load(tmp_path, "services:\n  a:\n    build: .\n"))


def test_versioned_names_fit_swarm_limits() -> None:
    name = versioned_name("x" * 80, "ab" * 32)
    assert len(name) == 64 and name.endswith("-" + "ab" * 5)
