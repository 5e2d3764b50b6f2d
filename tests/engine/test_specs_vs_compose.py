"""Containers, networks and volumes created from ``pycompose.planner.specs`` against Docker Compose v2.

For each scenario the real Docker Compose (the oracle binary) runs ``create`` on a compose file; what
it made is inspected and removed; then pycompose creates the same project (under another project name)
from its own bodies through the raw Engine API, and ``docker inspect`` of both must match field by field.
Before comparing, project names become ``<P>``, container IDs ``<ID:service-n>`` and anonymous volume
names ``<anon>``; the ``config-hash`` labels, which hash names and IDs, are checked separately by
computing them for the oracle's own project name and container IDs.

The two runs are sequential so fixed subnets and addresses never clash. Every resource is removed
afterwards: the oracle's by ``down -v``, pycompose's by project label.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import subprocess
import sys
import uuid
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import pytest

_TESTS_DIR = Path(__file__).resolve().parents[1]
if str(_TESTS_DIR) not in sys.path:
    sys.path.insert(0, str(_TESTS_DIR))

from oracle import SKIP_REASON, oracle_binary  # noqa: E402

from pycompose import api  # noqa: E402
from pycompose import labels as L  # noqa: E402
from pycompose.model import Project  # noqa: E402
from pycompose.planner import specs  # noqa: E402

pytestmark = pytest.mark.engine

IMAGE = "busybox:1.36"
TIMEOUT = 120

# ------------------------------------------------------------------------------------ scenarios

RICH = """
services:
  db:
    image: busybox:1.36
    pull_policy: never
    command: ["sleep", "3600"]
    entrypoint: ["/bin/sh", "-c"]
    hostname: dbhost
    domainname: example.org
    environment:
      FOO: bar
      EMPTY: ""
      NULLVAL:
      DOLLAR: "a$$b"
    labels:
      my.label: "x"
      cost: "$$5"
    healthcheck:
      test: ["CMD", "true"]
      interval: 1m30s
      timeout: 5s
      retries: 3
      start_period: 1s
    networks:
      back:
        aliases: [database, db2]
        ipv4_address: 10.213.77.10
      front:
        priority: 10
    mac_address: "02:42:ac:11:00:99"
    volumes:
      - dbdata:/data
      - dbdata:/data-ro:ro
      - ./data:/host:ro
      - ./data:/host-z:rw,z
      - /anon
      - type: volume
        target: /anon-long
      - type: volume
        source: nocopy
        target: /nocopy
        volume:
          nocopy: true
      - type: volume
        source: labelled
        target: /labelled
        volume:
          labels: {a: b}
      - type: bind
        source: ./data
        target: /bind-long
      - type: bind
        source: ./data
        target: /bind-nocreate
        read_only: true
        bind:
          create_host_path: false
      - type: bind
        source: ./data
        target: /bind-prop
        bind:
          propagation: rshared
      - type: tmpfs
        target: /tmpfsmount
        tmpfs:
          size: 1000000
          mode: 0700
      - type: tmpfs
        target: /tmpfs-plain
      - ext:/ext
      - custom:/custom
      - bindvol:/bindvol
    secrets:
      - mysecret
      - source: mysecret
        target: custom
      - source: mysecret
        target: /abs/secret
      - envsecret
    configs:
      - myconfig
      - source: myconfig
        target: rel/config
      - inlineconfig
    restart: on-failure:3
    mem_limit: 64m
    mem_reservation: 32m
    memswap_limit: 256m
    cpus: 0.3
    cpu_shares: 512
    cpuset: "0"
    pids_limit: 100
    cap_add: [NET_ADMIN, cap_sys_time]
    cap_drop: [MKNOD]
    dns: [8.8.8.8]
    dns_search: [example.com]
    dns_opt: ["ndots:2"]
    extra_hosts: ["somehost:162.242.195.82", "v6host=::1"]
    sysctls:
      net.core.somaxconn: 1024
    ulimits:
      nofile:
        soft: 1000
        hard: 2000
      nproc: 500
    init: true
    user: "1000:1000"
    working_dir: /tmp
    stop_signal: SIGUSR1
    stop_grace_period: 20s
    tmpfs: ["/run/t1", "/run/t2:size=1m"]
    shm_size: 32m
    logging:
      driver: json-file
      options:
        max-size: 10m
    ports:
      - "8080-8081:80-81"
      - "127.0.0.1:9090:90/udp"
      - "7000"
      - target: 6000
        published: "16000"
        host_ip: "0.0.0.0"
      - "[::1]:6002:6002"
    expose: ["5000", "3000-3001/udp"]
    oom_score_adj: 100
    group_add: ["audio"]
    security_opt: ["label=disable", "no-new-privileges:true"]
    devices: ["/dev/null:/dev/xnull:rwm"]
    annotations:
      com.example.note: hello
  web:
    image: busybox:1.36
    pull_policy: never
    command: sleep 1000
    network_mode: "service:db"
    depends_on:
      db:
        condition: service_healthy
        restart: true
    init: false
    entrypoint: []
  ns:
    image: busybox:1.36
    pull_policy: never
    ipc: "service:db"
    pid: "service:db"
    volumes_from: ["store:ro"]
    links: ["db:alias_db", "db"]
    external_links: ["${EXT_CONTAINER}:extc"]
    healthcheck:
      disable: true
    deploy:
      resources:
        limits:
          cpus: "0.25"
          memory: 50M
          pids: 42
        reservations:
          memory: 20M
      restart_policy:
        condition: on-failure
        max_attempts: 5
    depends_on: [db, web, store]
    privileged: true
    read_only: true
    tty: true
    stdin_open: true
    cgroup: private
    oom_kill_disable: true
  store:
    image: busybox:1.36
    pull_policy: never
    volumes: [dbdata:/store, /store-anon]
  lone:
    image: busybox:1.36
    pull_policy: never
    network_mode: none
    restart: unless-stopped
    cpu_period: 100000
    cpu_quota: 50000
    environment:
      - A=1
      - B
    healthcheck:
      test: "exit 0"
  multi:
    image: busybox:1.36
    pull_policy: never
    scale: 2
    restart: "no"
    use_api_socket: true
    networks:
      default:
      back:
      isolated:
        aliases: [iso]
      outside:
  v6:
    image: busybox:1.36
    pull_policy: never
    networks:
      v6net:
        ipv6_address: fd00:dead:beef::10
        link_local_ips: [169.254.8.8]
        driver_opts: {foo: bar}
  named:
    image: busybox:1.36
    pull_policy: never
    container_name: ${NAMED_CONTAINER}
    restart: always
    stop_grace_period: 1m30s
    security_opt: ["systempaths=unconfined", "seccomp=./seccomp.json"]
    gpus: all
    device_cgroup_rules: ["c 1:3 mr"]
    uts: host
    runtime: runc
networks:
  back:
    driver: bridge
    driver_opts:
      com.docker.network.bridge.enable_icc: "true"
    ipam:
      driver: default
      config:
        - subnet: 10.213.77.0/24
          gateway: 10.213.77.1
          ip_range: 10.213.77.0/25
          aux_addresses:
            host1: 10.213.77.5
    labels:
      net.label: "1"
    attachable: true
  front: {}
  isolated:
    internal: true
    enable_ipv6: false
    name: ${PROJECT_PREFIX}-isolated
  v6net:
    enable_ipv6: true
    ipam:
      config:
        - subnet: fd00:dead:beef::/64
  outside:
    external: true
    name: ${EXT_NETWORK}
volumes:
  dbdata: {}
  nocopy: {}
  labelled:
    labels:
      vol.label: "x"
  custom:
    name: ${PROJECT_PREFIX}-customvol
  ext:
    external: true
    name: ${EXT_VOLUME}
  bindvol:
    driver_opts:
      type: none
      o: bind
      device: ${PWD_DATA}
secrets:
  mysecret:
    file: ./secret.txt
  envsecret:
    environment: SPEC_SECRET
configs:
  myconfig:
    file: ./config.txt
  inlineconfig:
    content: "inline config"
"""

MINIMAL = """
services:
  app:
    image: busybox:1.36
    pull_policy: never
"""

SCENARIOS = {"rich": RICH, "minimal": MINIMAL}

SECCOMP = """{
  "defaultAction": "SCMP_ACT_ALLOW",
  "syscalls": [ { "names": ["acct"], "action": "SCMP_ACT_ERRNO" } ]
}
"""

# -------------------------------------------------------------------------------------- engine


def _engine_required() -> bool:
    ci = os.environ.get("CI", "").strip().lower() in ("true", "1", "yes")
    return ci or os.environ.get("PYCOMPOSE_REQUIRE_ENGINE", "").strip() == "1"


@pytest.fixture(scope="module")
def docker_api() -> Iterator[Any]:
    """A low-level docker-py client, the test's own window on the engine (bodies posted unchanged)."""
    try:
        import docker

        client = docker.from_env(version="auto").api
        client.ping()
        client.inspect_image(IMAGE)
    except Exception as exc:  # any failure means: no usable engine here
        message = f"no usable Docker Engine with {IMAGE}: {exc} (run bash scripts/ensure-engine.sh)"
        if _engine_required():
            pytest.fail(message + " (CI: not skipping)", pytrace=False)
        pytest.skip(message)
    yield client
    client.close()


@pytest.fixture(scope="module")
def oracle() -> str:
    binary = oracle_binary()
    if binary is None:
        pytest.skip(SKIP_REASON)
    return binary


# ------------------------------------------------------------------------------------- helpers


def _run_oracle(binary: str, args: list[str], cwd: Path, env: Mapping[str, str]) -> None:
    proc = subprocess.run(
        [binary, *args], cwd=cwd, env=dict(env), capture_output=True, text=True, timeout=TIMEOUT
    )
    if proc.returncode != 0:
        raise AssertionError(f"docker compose {' '.join(args)} failed:\n{proc.stdout}\n{proc.stderr}")


def _inspect_project(client: Any, project: str) -> dict[str, Any]:
    """Everything labelled with ``project``: containers by name, networks and volumes by compose key."""
    flt = {"label": f"{L.PROJECT}={project}"}
    containers = {}
    for row in client.containers(all=True, filters=flt):
        data = client.inspect_container(row["Id"])
        containers[data["Name"].lstrip("/")] = data
    networks = {}
    for row in client.networks(filters=flt):
        data = client.inspect_network(row["Id"])
        networks[data["Labels"][L.NETWORK]] = data
    volumes = {}
    for row in client.volumes(filters=flt).get("Volumes") or ():
        data = client.inspect_volume(row["Name"])
        volumes[data["Labels"][L.VOLUME]] = data
    return {"containers": containers, "networks": networks, "volumes": volumes}


def _remove_project(client: Any, project: str) -> None:
    flt = {"label": f"{L.PROJECT}={project}"}
    anonymous = set()
    for row in client.containers(all=True, filters=flt):
        # a replacement mounts its predecessor's anonymous volumes by name: the engine keeps those
        anonymous |= {m.get("Name") for m in row.get("Mounts") or () if m.get("Type") == "volume"}
        with contextlib.suppress(Exception):
            client.remove_container(row["Id"], force=True, v=True)
    for name in anonymous:
        if name and len(name) == 64:
            with contextlib.suppress(Exception):
                client.remove_volume(name, force=True)
    for row in client.networks(filters=flt):
        with contextlib.suppress(Exception):
            client.remove_network(row["Id"])
    for row in client.volumes(filters=flt).get("Volumes") or ():
        with contextlib.suppress(Exception):
            client.remove_volume(row["Name"], force=True)


def _post(client: Any, path: str, body: Mapping[str, Any], *args: str) -> None:
    """POST a raw Engine API body, as the executor's engine adapter does; raise on an error status."""
    client._raise_for_status(client._post_json(client._url(path, *args), data=dict(body)))


def _creation_order(project: Project) -> list[str]:
    """Services after those they refer to (depends_on, shared namespaces, volumes_from, links)."""
    refs: dict[str, set[str]] = {}
    for name, service in project.services.items():
        spec = service.spec
        deps = set(spec.get("depends_on") or ())
        for key in ("network_mode", "ipc", "pid"):
            value = str(spec.get(key) or "")
            if value.startswith("service:"):
                deps.add(value.split(":", 1)[1])
        deps |= {v.split(":")[0] for v in spec.get("volumes_from") or () if not v.startswith("container:")}
        deps |= {v.split(":")[0] for v in spec.get("links") or ()}
        refs[name] = deps & set(project.services)
    order: list[str] = []
    while len(order) < len(refs):
        ready = sorted(n for n, deps in refs.items() if n not in order and deps <= set(order))
        assert ready, f"reference cycle among {sorted(set(refs) - set(order))}"
        order += ready
    return order


def _seccomp_profiles(project: Project) -> dict[str, str]:
    """The ``seccomp=<file>`` profiles of the project, read and compacted as Docker Compose does
    (the executor's job: ``specs`` does no I/O)."""
    profiles = {}
    for service in project.services.values():
        for opt in service.spec.get("security_opt") or ():
            key, _, value = opt.replace(":", "=", 1).partition("=")
            if key == "seccomp" and value not in ("unconfined", "builtin"):
                text = (Path(project.working_dir) / value).read_text()
                profiles[value] = json.dumps(json.loads(text), separators=(",", ":"))
    return profiles


def _create_with_specs(client: Any, project: Project, image_id: str) -> None:
    """What the executor does for ``create``: networks, volumes, then containers in dependency order,
    each connected to its other networks before the next one is created."""
    for key, net in project.networks.items():
        if not net.external:
            spec = specs.network_spec(project, key)
            _post(client, "/networks/create", {**spec.body, "CheckDuplicate": True})
    for key, vol in project.volumes.items():
        if not vol.external:
            spec = specs.volume_spec(project, key)
            _post(client, "/volumes/create", spec.body)
    ids: dict[str, str] = {}
    names: dict[str, list[str]] = {}
    for name in _creation_order(project):
        service = project.services[name]
        for number in range(1, service.scale + 1):
            spec = specs.container_spec(
                project,
                service,
                number,
                image_id=image_id,
                container_ids=ids,
                linked_containers=names,
                seccomp_profiles=_seccomp_profiles(project),
            )
            created = client.create_container_from_config(dict(spec.body), spec.name)
            for network, endpoint in specs.extra_networks(project, service, number, linked_containers=names):
                body = {"Container": created["Id"], "EndpointConfig": endpoint}
                _post(client, "/networks/{0}/connect", body, network)
            ids.setdefault(name, created["Id"])
            names.setdefault(name, []).append(spec.name)


# ---------------------------------------------------------------------------------- normalizing

_HEX64 = re.compile(r"\b[0-9a-f]{64}\b")
_VOLATILE = {"Id", "Created", "State", "ResolvConfPath", "HostnamePath", "HostsPath", "LogPath"}
_VOLATILE |= {"GraphDriver", "SizeRw", "SizeRootFs", "RestartCount", "ExecIDs", "MountLabel", "Platform"}
_VOLATILE |= {"ProcessLabel", "AppArmorProfile", "Driver", "Image", "NetworkSettings"}


def _substitutions(inspected: Mapping[str, Any], project: str) -> list[tuple[str, str]]:
    """Container IDs (full and short) to ``<ID:name>``, then the project name to ``<P>``."""
    subs = []
    for name, data in inspected["containers"].items():
        label = name.replace(project, "<P>")
        subs += [(data["Id"], f"<ID:{label}>"), (data["Id"][:12], f"<ID:{label}>")]
    return [*subs, (project, "<P>")]


def _normalize(value: Any, subs: list[tuple[str, str]]) -> Any:
    if isinstance(value, str):
        for old, new in subs:
            value = value.replace(old, new)
        return _HEX64.sub("<anon>", value)
    if isinstance(value, Mapping):
        return {_normalize(k, subs): _normalize(v, subs) for k, v in value.items()}
    if isinstance(value, list):
        return [_normalize(v, subs) for v in value]
    return value


def _comparable_container(data: Mapping[str, Any]) -> dict[str, Any]:
    """The parts of ``docker inspect`` that come from the create body, in an order-free form where
    Docker Compose's own order is random (Go map iteration)."""
    out = {k: v for k, v in data.items() if k not in _VOLATILE}
    config = dict(out["Config"])
    config["Env"] = sorted(config.get("Env") or ())
    labels = dict(config.get("Labels") or {})
    labels.pop(L.CONFIG_HASH, None)  # checked against the oracle's own names and IDs
    labels.pop(L.IMAGE, None)
    if labels.get(L.DEPENDS_ON):
        labels[L.DEPENDS_ON] = ",".join(sorted(labels[L.DEPENDS_ON].split(",")))
    config["Labels"] = labels
    out["Config"] = config
    host = dict(out["HostConfig"])
    host["Binds"] = sorted(host.get("Binds") or ())
    host["Mounts"] = sorted(host.get("Mounts") or (), key=lambda m: m.get("Target", ""))
    host["Ulimits"] = sorted(host.get("Ulimits") or (), key=lambda u: u["Name"])
    host["ExtraHosts"] = sorted(host["ExtraHosts"]) if host.get("ExtraHosts") is not None else None
    out["HostConfig"] = host
    out["Mounts"] = sorted(data.get("Mounts") or (), key=lambda m: m["Destination"])
    out["Networks"] = data["NetworkSettings"]["Networks"]
    return out


def _comparable_network(data: Mapping[str, Any], subnets: set[str]) -> dict[str, Any]:
    """Only the pools the compose file asked for: the engine picks the others (a free subnet)."""
    labels = {k: v for k, v in data["Labels"].items() if k != L.CONFIG_HASH}
    ipam = dict(data["IPAM"])
    ipam["Config"] = [pool for pool in ipam.get("Config") or () if pool.get("Subnet") in subnets]
    keys = ("Name", "Driver", "EnableIPv6", "Internal", "Attachable", "Options", "Scope")
    return {**{k: data[k] for k in keys}, "IPAM": ipam, "Labels": labels}


def _comparable_volume(data: Mapping[str, Any]) -> dict[str, Any]:
    labels = {k: v for k, v in data["Labels"].items() if k != L.CONFIG_HASH}
    return {"Name": data["Name"], "Driver": data["Driver"], "Options": data["Options"], "Labels": labels}


def _diff(expected: Any, actual: Any, path: str = "") -> list[str]:
    if isinstance(expected, Mapping) and isinstance(actual, Mapping):
        out = []
        for key in sorted(set(expected) | set(actual), key=str):
            where = f"{path}.{key}" if path else str(key)
            if key not in actual:
                out.append(f"{where}: compose {expected[key]!r}, pycompose (absent)")
            elif key not in expected:
                out.append(f"{where}: compose (absent), pycompose {actual[key]!r}")
            else:
                out += _diff(expected[key], actual[key], where)
        return out
    if expected != actual:
        return [f"{path}: compose {expected!r}, pycompose {actual!r}"]
    return []


# ---------------------------------------------------------------------------------------- test


@pytest.fixture
def workdir(tmp_path: Path, docker_api: Any) -> Iterator[tuple[Path, dict[str, str], str]]:
    """A project folder with the files the scenarios mount, and the external resources they use."""
    prefix = f"pcspec-{uuid.uuid4().hex[:8]}"
    (tmp_path / "data").mkdir()
    (tmp_path / "secret.txt").write_text("s3cr3t\n")
    (tmp_path / "config.txt").write_text("config\n")
    (tmp_path / "seccomp.json").write_text(SECCOMP)
    env = {
        **os.environ,
        "PROJECT_PREFIX": prefix,
        "EXT_NETWORK": f"{prefix}-extnet",
        "EXT_VOLUME": f"{prefix}-extvol",
        "EXT_CONTAINER": f"{prefix}-extc",
        "NAMED_CONTAINER": f"{prefix}-named",
        "PWD_DATA": str(tmp_path / "data"),
        "SPEC_SECRET": "from-env",
    }
    for key in ("COMPOSE_FILE", "COMPOSE_PROJECT_NAME", "COMPOSE_PROFILES", "COMPOSE_ENV_FILES"):
        env.pop(key, None)
    docker_api.create_network(env["EXT_NETWORK"])
    docker_api.create_volume(env["EXT_VOLUME"])
    ext = docker_api.create_container(IMAGE, ["sleep", "600"], name=env["EXT_CONTAINER"])
    try:
        yield tmp_path, env, prefix
    finally:
        for project in (f"{prefix}-o", f"{prefix}-p"):
            _remove_project(docker_api, project)
        with contextlib.suppress(Exception):
            docker_api.remove_container(ext["Id"], force=True, v=True)
        with contextlib.suppress(Exception):
            docker_api.remove_network(env["EXT_NETWORK"])
        with contextlib.suppress(Exception):
            docker_api.remove_volume(env["EXT_VOLUME"], force=True)


@pytest.mark.parametrize("scenario", sorted(SCENARIOS))
def test_created_resources_match_docker_compose(
    scenario: str, workdir: tuple[Path, dict[str, str], str], docker_api: Any, oracle: str
) -> None:
    folder, env, prefix = workdir
    (folder / "compose.yaml").write_text(SCENARIOS[scenario])
    theirs_name, ours_name = f"{prefix}-o", f"{prefix}-p"
    image_id = docker_api.inspect_image(IMAGE)["Id"]

    # 1. the oracle creates its project; remember it, check our labels and hashes against it
    try:
        _run_oracle(oracle, ["-p", theirs_name, "-f", "compose.yaml", "create"], folder, env)
        theirs = _inspect_project(docker_api, theirs_name)
    finally:
        _run_oracle(oracle, ["-p", theirs_name, "-f", "compose.yaml", "down", "-v"], folder, env)

    def load(name: str) -> Project:
        return api.load(files=["compose.yaml"], project_name=name, environ=env, working_dir=str(folder))

    as_theirs = load(theirs_name)
    their_ids = {
        data["Config"]["Labels"][L.SERVICE]: data["Id"]
        for name, data in sorted(theirs["containers"].items())
        if data["Config"]["Labels"].get(L.CONTAINER_NUMBER) == "1"
    }
    problems: list[str] = []
    for name, data in theirs["containers"].items():
        labels = data["Config"]["Labels"]
        service = as_theirs.services[labels[L.SERVICE]]
        spec = specs.container_spec(
            as_theirs,
            service,
            int(labels[L.CONTAINER_NUMBER]),
            image_id=image_id,
            container_ids=their_ids,
            seccomp_profiles=_seccomp_profiles(as_theirs),
        )
        ours_labels, their_labels = dict(spec.body["Labels"]), dict(labels)
        for both in (ours_labels, their_labels):
            if both.get(L.DEPENDS_ON):
                both[L.DEPENDS_ON] = ",".join(sorted(both[L.DEPENDS_ON].split(",")))
        problems += _diff(their_labels, ours_labels, f"{name} labels")
        assert spec.name == name
    for key, data in theirs["networks"].items():
        problems += _diff(data["Labels"], specs.network_spec(as_theirs, key).body["Labels"], f"network {key}")
    for key, data in theirs["volumes"].items():
        problems += _diff(data["Labels"], specs.volume_spec(as_theirs, key).body["Labels"], f"volume {key}")

    # 2. pycompose creates the same project from its bodies; inspect must match
    ours_project = load(ours_name)
    _create_with_specs(docker_api, ours_project, image_id)
    ours = _inspect_project(docker_api, ours_name)
    their_subs = _substitutions(theirs, theirs_name)
    our_subs = _substitutions(ours, ours_name)

    assert sorted(_normalize(list(ours["containers"]), our_subs)) == sorted(
        _normalize(list(theirs["containers"]), their_subs)
    )
    for name, data in theirs["containers"].items():
        ours_data = ours["containers"][name.replace(theirs_name, ours_name)]
        problems += _diff(
            _normalize(_comparable_container(data), their_subs),
            _normalize(_comparable_container(ours_data), our_subs),
            name.replace(theirs_name, "<P>"),
        )
    assert sorted(ours["networks"]) == sorted(theirs["networks"])
    for key, data in theirs["networks"].items():
        subnets = {p.get("subnet") for p in (ours_project.networks[key].ipam or {}).get("config") or ()}
        problems += _diff(
            _normalize(_comparable_network(data, subnets), their_subs),
            _normalize(_comparable_network(ours["networks"][key], subnets), our_subs),
            f"network {key}",
        )
    assert sorted(ours["volumes"]) == sorted(theirs["volumes"])
    for key, data in theirs["volumes"].items():
        problems += _diff(
            _normalize(_comparable_volume(data), their_subs),
            _normalize(_comparable_volume(ours["volumes"][key]), our_subs),
            f"volume {key}",
        )
    assert not problems, "differences from Docker Compose:\n" + "\n".join(problems)


RECREATE = """
services:
  keep:
    image: busybox:1.36
    pull_policy: never
    volumes:
      - /anon
      - type: volume
        target: /anon-long
      - data:/data
      - type: tmpfs
        target: /scratch
volumes:
  data: {}
"""


def test_recreated_container_matches_docker_compose(
    workdir: tuple[Path, dict[str, str], str], docker_api: Any, oracle: str
) -> None:
    """``create --force-recreate``: the replacement keeps the old anonymous volumes (as Mounts naming
    them) and carries ``com.docker.compose.replace``."""
    folder, env, prefix = workdir
    (folder / "compose.yaml").write_text(RECREATE)
    theirs_name, ours_name = f"{prefix}-o", f"{prefix}-p"
    image_id = docker_api.inspect_image(IMAGE)["Id"]
    try:
        _run_oracle(oracle, ["-p", theirs_name, "create"], folder, env)
        before = _inspect_project(docker_api, theirs_name)["containers"][f"{theirs_name}-keep-1"]
        _run_oracle(oracle, ["-p", theirs_name, "create", "--force-recreate"], folder, env)
        theirs = _inspect_project(docker_api, theirs_name)
    finally:
        _remove_project(docker_api, theirs_name)  # its inherited anonymous volumes too (down -v keeps them)
        _run_oracle(oracle, ["-p", theirs_name, "down", "-v"], folder, env)

    project = api.load(files=["compose.yaml"], project_name=ours_name, environ=env, working_dir=str(folder))
    service = project.services["keep"]
    _create_with_specs(docker_api, project, image_id)
    old = docker_api.inspect_container(f"{ours_name}-keep-1")
    spec = specs.container_spec(
        project,
        service,
        1,
        name=f"{old['Id'][:12]}_{ours_name}-keep-1",
        image_id=image_id,
        inherited_mounts=old["Mounts"],
        replace=True,
    )
    new = docker_api.create_container_from_config(dict(spec.body), spec.name)
    docker_api.remove_container(old["Id"], force=True, v=True)
    docker_api.rename(new["Id"], f"{ours_name}-keep-1")
    ours = _inspect_project(docker_api, ours_name)

    # the anonymous volumes of the first container are the ones mounted now, on both sides
    def anonymous(data: Mapping[str, Any]) -> dict[str, str]:
        return {m["Destination"]: m["Name"] for m in data["Mounts"] if m["Type"] == "volume"}

    theirs_after = theirs["containers"][f"{theirs_name}-keep-1"]
    assert anonymous(theirs_after) == anonymous(before)
    assert anonymous(ours["containers"][f"{ours_name}-keep-1"]) == anonymous(old)

    problems = _diff(
        _normalize(_comparable_container(theirs_after), _substitutions(theirs, theirs_name)),
        _normalize(
            _comparable_container(ours["containers"][f"{ours_name}-keep-1"]), _substitutions(ours, ours_name)
        ),
        "keep-1",
    )
    assert not problems, "differences from Docker Compose:\n" + "\n".join(problems)
