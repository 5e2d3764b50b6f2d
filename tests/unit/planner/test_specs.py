"""Engine API bodies from ``pycompose.planner.specs``, without an engine.

The expected values are what Docker Compose v2.40.3 sent for the same files, as observed with
``docker inspect`` after ``docker compose create`` (``tests/engine/test_specs_vs_compose.py`` checks
them live); the hashes are the oracle's own labels for these exact definitions.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from pycompose import api
from pycompose import labels as L
from pycompose.model import Project
from pycompose.planner import specs

IMAGE_ID = "sha256:c509f8e7c74bef5b1250386bcfb5d9530e8215383ea6c0bdd6ef461aa4a69e96"
ENVIRON = {"HOME": "/home/tester", "SPEC_SECRET": "value"}


def load(tmp_path: Path, text: str, name: str = "demo", **files: str) -> Project:
    (tmp_path / "compose.yaml").write_text(text)
    for path, content in files.items():
        (tmp_path / path).write_text(content)
    return api.load(files=["compose.yaml"], project_name=name, environ=ENVIRON, working_dir=str(tmp_path))


def body(project: Project, service: str, number: int = 1, **kwargs: Any) -> dict[str, Any]:
    return dict(specs.container_spec(project, project.services[service], number, **kwargs).body)


def compose_labels(tmp_path: Path, service: str, config_hash: str, **extra: str) -> dict[str, str]:
    return {
        L.PROJECT: "demo",
        L.SERVICE: service,
        L.VERSION: "2.40.3",
        L.WORKING_DIR: str(tmp_path),
        L.CONFIG_FILES: str(tmp_path / "compose.yaml"),
        L.ONEOFF: "False",
        L.CONTAINER_NUMBER: "1",
        L.DEPENDS_ON: "",
        L.CONFIG_HASH: config_hash,
        L.IMAGE: IMAGE_ID,
        **extra,
    }


def test_minimal_service(tmp_path: Path) -> None:
    project = load(tmp_path, "services:\n  app:\n    image: busybox:1.36\n")
    spec = specs.container_spec(project, project.services["app"], 1, image_id=IMAGE_ID)
    assert spec.name == "demo-app-1"
    assert spec.platform is None
    hash_ = "2e94361de13f4ede1889a18375145f95942baa5a678cb5c631e105c972584a2a"
    assert spec.body == {
        "AttachStdout": True,
        "AttachStderr": True,
        "Image": "busybox:1.36",
        "Labels": compose_labels(tmp_path, "app", hash_),
        "HostConfig": {
            "NetworkMode": "demo_default",
            "PortBindings": {},
            "RestartPolicy": {"Name": "", "MaximumRetryCount": 0},
            "ExtraHosts": [],
            "OomKillDisable": False,
        },
        "NetworkingConfig": {"EndpointsConfig": {"demo_default": {"Aliases": ["demo-app-1", "app"]}}},
    }


RICH = """
services:
  db:
    image: busybox:1.36
    command: ["sleep", "3600"]
    entrypoint: ["/bin/sh", "-c"]
    hostname: dbhost
    user: "1000:1000"
    working_dir: /tmp
    environment:
      FOO: bar
      NULLVAL:
      DOLLAR: "a$$b"
    labels:
      my.label: "x"
    healthcheck:
      test: ["CMD", "true"]
      interval: 1m30s
      timeout: 5s
      retries: 3
      start_period: 1s
    restart: on-failure:3
    mem_limit: 64m
    cpus: 0.3
    pids_limit: 100
    cap_add: [NET_ADMIN, cap_sys_time]
    cap_drop: [MKNOD]
    dns: [8.8.8.8]
    extra_hosts: ["somehost:162.242.195.82"]
    sysctls:
      net.core.somaxconn: 1024
    ulimits:
      nproc: 500
      nofile:
        soft: 1000
        hard: 2000
    init: true
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
    expose: ["5000"]
    volumes:
      - data:/data
      - ./src:/src:ro
      - /anon
      - type: volume
        source: data
        target: /nocopy
        volume:
          nocopy: true
      - type: bind
        source: ./src
        target: /strict
        bind:
          create_host_path: false
      - type: tmpfs
        target: /scratch
        tmpfs:
          size: 1000000
    secrets:
      - pw
      - source: pw
        target: custom
    configs:
      - source: cfg
        target: rel/cfg
volumes:
  data: {}
secrets:
  pw:
    file: ./pw.txt
configs:
  cfg:
    file: ./cfg.txt
"""


def test_rich_service(tmp_path: Path) -> None:
    (tmp_path / "src").mkdir()
    project = load(tmp_path, RICH, **{"pw.txt": "pw", "cfg.txt": "cfg"})
    got = body(project, "db", image_id=IMAGE_ID)
    # the hash covers the bind paths under tmp_path; its value is checked live in tests/engine
    config_hash = got["Labels"][L.CONFIG_HASH]
    assert len(config_hash) == 64
    host = got.pop("HostConfig")
    assert got == {
        "Hostname": "dbhost",
        "User": "1000:1000",
        "AttachStdout": True,
        "AttachStderr": True,
        "ExposedPorts": {"5000": {}, "80/tcp": {}, "81/tcp": {}, "90/udp": {}, "7000/tcp": {}},
        "Env": ["DOLLAR=a$b", "FOO=bar", "NULLVAL"],
        "Cmd": ["sleep", "3600"],
        "Healthcheck": {
            "Test": ["CMD", "true"],
            "Interval": 90_000_000_000,
            "Timeout": 5_000_000_000,
            "StartPeriod": 1_000_000_000,
            "Retries": 3,
        },
        "Image": "busybox:1.36",
        "WorkingDir": "/tmp",
        "Entrypoint": ["/bin/sh", "-c"],
        "Labels": compose_labels(tmp_path, "db", config_hash, **{"my.label": "x"}),
        "StopSignal": "SIGUSR1",
        "StopTimeout": 20,
        "NetworkingConfig": {"EndpointsConfig": {"demo_default": {"Aliases": ["demo-db-1", "db"]}}},
    }
    src = str(tmp_path / "src")
    assert sorted(host.pop("Binds")) == sorted(["demo_data:/data:rw", f"{src}:/src:ro"])
    assert host.pop("Mounts") == [
        {"Type": "volume", "Target": "/anon", "VolumeOptions": {}},
        {"Type": "volume", "Source": "demo_data", "Target": "/nocopy", "VolumeOptions": {"NoCopy": True}},
        {"Type": "bind", "Source": src, "Target": "/strict", "BindOptions": {}},
        {"Type": "tmpfs", "Target": "/scratch", "TmpfsOptions": {"SizeBytes": 1000000}},
        {
            "Type": "bind",
            "Source": str(tmp_path / "pw.txt"),
            "Target": "/run/secrets/pw",
            "ReadOnly": True,
            "BindOptions": {},
        },
        {
            "Type": "bind",
            "Source": str(tmp_path / "pw.txt"),
            "Target": "/run/secrets/custom",
            "ReadOnly": True,
            "BindOptions": {},
        },
        {"Type": "bind", "Source": str(tmp_path / "cfg.txt"), "Target": "/rel/cfg", "ReadOnly": True},
    ]
    assert host == {
        "LogConfig": {"Type": "json-file", "Config": {"max-size": "10m"}},
        "NetworkMode": "demo_default",
        "PortBindings": {
            "80/tcp": [{"HostIp": "", "HostPort": "8080"}],
            "81/tcp": [{"HostIp": "", "HostPort": "8081"}],
            "90/udp": [{"HostIp": "127.0.0.1", "HostPort": "9090"}],
            "7000/tcp": [{"HostIp": "", "HostPort": ""}],
        },
        "RestartPolicy": {"Name": "on-failure", "MaximumRetryCount": 3},
        "CapAdd": ["CAP_NET_ADMIN", "CAP_SYS_TIME"],
        "CapDrop": ["CAP_MKNOD"],
        "Dns": ["8.8.8.8"],
        "ExtraHosts": ["somehost:162.242.195.82"],
        "Tmpfs": {"/run/t1": "", "/run/t2": "size=1m"},
        "ShmSize": 33554432,
        "Sysctls": {"net.core.somaxconn": "1024"},
        "Memory": 67108864,
        "OomKillDisable": False,
        "NanoCpus": 300000000,  # float32(0.3) * 1e9 in 32 bits
        "PidsLimit": 100,
        "Ulimits": [
            {"Name": "nofile", "Hard": 2000, "Soft": 1000},
            {"Name": "nproc", "Hard": 500, "Soft": 500},
        ],
        "Init": True,
    }


SHARED = """
services:
  db:
    image: busybox:1.36
  web:
    image: busybox:1.36
    network_mode: "service:db"
    depends_on:
      db:
        condition: service_healthy
        restart: true
  side:
    image: busybox:1.36
    ipc: "service:db"
    pid: "service:db"
    volumes_from: ["db:ro", "container:other:rw"]
    links: ["db:alias"]
    external_links: ["legacy:old"]
    depends_on: [web, db]
"""


def test_service_references_become_container_ids(tmp_path: Path) -> None:
    project = load(tmp_path, SHARED)
    ids = {"db": "f" * 64}
    web = body(project, "web", container_ids=ids)
    assert web["HostConfig"]["NetworkMode"] == "container:" + "f" * 64
    assert "NetworkingConfig" not in web
    assert web["Labels"][L.DEPENDS_ON] == "db:service_healthy:true"
    # the hash covers the resolved ID: another db container means another hash
    other = body(project, "web", container_ids={"db": "e" * 64})
    assert other["Labels"][L.CONFIG_HASH] != web["Labels"][L.CONFIG_HASH]

    side = body(project, "side", container_ids=ids, linked_containers={"db": ["demo-db-1"]})
    host = side["HostConfig"]
    assert host["IpcMode"] == host["PidMode"] == "container:" + "f" * 64
    assert host["VolumesFrom"] == ["f" * 64, "other"]  # Docker Compose drops the modes
    # three links per linked container, named with the *creating* container's number
    links = ["demo-db-1:alias", "demo-db-1:db-1", "demo-db-1:demo-db-1", "legacy:old"]
    assert host["Links"] == links
    assert side["NetworkingConfig"]["EndpointsConfig"]["demo_default"]["Links"] == links
    assert side["Labels"][L.DEPENDS_ON] == "db:service_started:false,web:service_started:false"

    with pytest.raises(KeyError, match="db"):
        body(project, "web")


NETWORKS = """
services:
  app:
    image: busybox:1.36
    mac_address: "02:42:ac:11:00:99"
    networks:
      back:
        aliases: [database]
        ipv4_address: 10.5.0.10
      front:
        priority: 10
      default:
  alone:
    image: busybox:1.36
    network_mode: none
networks:
  back:
    ipam:
      config:
        - subnet: 10.5.0.0/24
  front: {}
"""


def test_primary_network_by_priority_and_the_others_connected_after(tmp_path: Path) -> None:
    project = load(tmp_path, NETWORKS)
    got = body(project, "app")
    assert got["HostConfig"]["NetworkMode"] == "demo_front"
    assert got["MacAddress"] == "02:42:ac:11:00:99"  # container-wide before API 1.44
    assert got["NetworkingConfig"] == {
        "EndpointsConfig": {"demo_front": {"IPAMConfig": {}, "Aliases": ["demo-app-1", "app"]}}
    }
    assert specs.extra_networks(project, project.services["app"], 1) == [
        (
            "demo_back",
            {
                "IPAMConfig": {"IPv4Address": "10.5.0.10"},
                "IPAddress": "10.5.0.10",
                "Aliases": ["demo-app-1", "app", "database"],
            },
        ),
        ("demo_default", {"Aliases": ["demo-app-1", "app"]}),
    ]
    assert body(project, "alone")["HostConfig"]["NetworkMode"] == "none"
    assert specs.extra_networks(project, project.services["alone"], 1) == []


def test_api_1_44_sets_every_network_at_create(tmp_path: Path) -> None:
    project = load(tmp_path, NETWORKS)
    got = body(project, "app", api_version="1.44")
    assert "MacAddress" not in got
    endpoints = got["NetworkingConfig"]["EndpointsConfig"]
    assert list(endpoints) == ["demo_back", "demo_default", "demo_front"]
    assert endpoints["demo_front"]["MacAddress"] == "02:42:ac:11:00:99"
    assert specs.extra_networks(project, project.services["app"], 1, api_version="1.44") == []


def test_project_without_networks_runs_containers_without_network(tmp_path: Path) -> None:
    project = load(tmp_path, "services:\n  a:\n    image: busybox:1.36\n    network_mode: host\n")
    assert body(project, "a")["HostConfig"]["NetworkMode"] == "host"


def test_deploy_resources_and_restart_policy_win(tmp_path: Path) -> None:
    text = """
services:
  app:
    image: busybox:1.36
    restart: always
    deploy:
      resources:
        limits: {cpus: "0.25", memory: 50M, pids: 42}
        reservations: {memory: 20M}
      restart_policy: {condition: any, max_attempts: 5}
    healthcheck:
      disable: true
"""
    host = body(load(tmp_path, text), "app")["HostConfig"]
    assert (host["Memory"], host["NanoCpus"], host["PidsLimit"]) == (52428800, 250000000, 42)
    assert host["MemoryReservation"] == 20971520
    assert host["RestartPolicy"] == {"Name": "always", "MaximumRetryCount": 5}
    assert body(load(tmp_path, text), "app")["Healthcheck"] == {"Test": ["NONE"]}


def test_oneoff_and_recreate_labels(tmp_path: Path) -> None:
    project = load(tmp_path, "services:\n  app:\n    image: busybox:1.36\n    restart: always\n")
    run = body(project, "app", name="demo-app-run-0123456789ab", oneoff=True, slug="0123456789ab" * 5)
    assert run["Labels"][L.ONEOFF] == "True"
    assert L.CONTAINER_NUMBER not in run["Labels"]
    assert run["Labels"][specs.SLUG_LABEL] == "0123456789ab" * 5
    assert run["HostConfig"]["RestartPolicy"] == {"Name": "", "MaximumRetryCount": 0}
    endpoint = run["NetworkingConfig"]["EndpointsConfig"]["demo_default"]
    assert endpoint["Aliases"] == ["demo-app-run-0123456789ab"]  # no service alias without --use-aliases

    recreated = specs.container_spec(
        project,
        project.services["app"],
        1,
        name="abcdef012345_demo-app-1",
        replace=True,
        inherited_mounts=[
            {"Type": "volume", "Name": "a" * 64, "Destination": "/anon", "RW": True},
            {"Type": "tmpfs", "Destination": "/tmp", "RW": True},
        ],
        image_volumes=["/anon"],
    )
    assert recreated.name == "abcdef012345_demo-app-1"
    assert recreated.body["Labels"][L.REPLACE] == "app-1"
    # the network alias is the final name, not the temporary one
    assert recreated.body["NetworkingConfig"]["EndpointsConfig"]["demo_default"]["Aliases"][0] == "demo-app-1"
    assert recreated.body["HostConfig"]["Mounts"] == [
        {"Type": "volume", "Source": "a" * 64, "Target": "/anon"}
    ]


def test_mac_address_per_network_needs_api_1_44(tmp_path: Path) -> None:
    text = "services:\n  a:\n    image: busybox:1.36\n    networks:\n      default:\n"
    text += "        mac_address: 02:42:ac:11:00:42\n"
    project = load(tmp_path, text)
    with pytest.raises(ValueError, match="specify mac-address per network"):
        body(project, "a")
    endpoint = body(project, "a", api_version="1.44")["NetworkingConfig"]["EndpointsConfig"]["demo_default"]
    assert endpoint["MacAddress"] == "02:42:ac:11:00:42"


def test_env_file_label_only_when_given(tmp_path: Path) -> None:
    project = load(tmp_path, "services:\n  app:\n    image: busybox:1.36\n")
    labels = body(project, "app", env_files=["/p/a.env", "/p/b.env"])["Labels"]
    assert labels[L.ENVIRONMENT_FILE] == "/p/a.env,/p/b.env"
    assert L.ENVIRONMENT_FILE not in body(project, "app")["Labels"]


@pytest.mark.parametrize(
    ("service", "message"),
    [
        (
            "  app:\n    image: busybox:1.36\n    healthcheck:\n      test: [CMD, 'true']\n"
            "      start_period: 5s\n      start_interval: 1s\n",
            "start_interval",
        ),
        (
            "  app:\n    image: busybox:1.36\n    volumes:\n      - type: bind\n        source: /tmp\n"
            "        target: /t\n        bind:\n          recursive: readonly\n",
            "bind-recursive=readonly requires API v1.44",
        ),
    ],
)
def test_what_docker_compose_refuses_before_api_1_44(tmp_path: Path, service: str, message: str) -> None:
    project = load(tmp_path, "services:\n" + service)
    with pytest.raises(ValueError, match=message):
        body(project, "app")
    body(project, "app", api_version="1.44")


def test_secret_injections(tmp_path: Path) -> None:
    text = """
services:
  app:
    image: busybox:1.36
    secrets:
      - fromenv
      - source: fromenv
        target: other
        uid: "7"
        mode: 0400
      - fromfile
    configs:
      - inline
      - source: inline
        target: rel/c
secrets:
  fromenv:
    environment: SPEC_SECRET
  fromfile:
    file: ./pw.txt
configs:
  inline:
    content: "hello"
"""
    project = load(tmp_path, text, **{"pw.txt": "pw"})
    assert specs.secret_injections(project, project.services["app"]) == [
        ("/run/secrets/fromenv", "environment", "SPEC_SECRET", None, None, 0o444),
        ("/run/secrets/other", "environment", "SPEC_SECRET", "7", None, 0o400),
        ("/inline", "content", "configs.inline", None, None, 0o444),
        ("/rel/c", "content", "configs.inline", None, None, 0o444),
    ]
    mounts = body(project, "app")["HostConfig"]["Mounts"]
    assert [m["Target"] for m in mounts] == ["/run/secrets/fromfile"]


NETS_AND_VOLUMES = """
name: pcspec-probe5
services:
  a:
    image: busybox:1.36
    networks: [n1, n2]
    volumes: [v1:/v1, v2:/v2, v3:/v3]
  b:
    image: busybox:1.36
networks:
  n1:
    driver: bridge
    driver_opts:
      com.docker.network.bridge.enable_icc: "true"
    ipam:
      driver: default
      config:
        - subnet: 10.77.0.0/24
          gateway: 10.77.0.1
          ip_range: 10.77.0.128/25
          aux_addresses:
            host1: 10.77.0.5
    labels:
      net.label: "1"
    attachable: true
  n2:
    internal: true
    enable_ipv6: false
    name: pcspec-probe5-custom-n2
volumes:
  v1:
    driver: local
    driver_opts:
      type: tmpfs
      device: tmpfs
      o: size=1m
    labels:
      vol.label: "x"
  v2:
    name: pcspec-probe5-v2name
  v3: {}
"""


def test_network_bodies_and_hashes(tmp_path: Path) -> None:
    project = load(tmp_path, NETS_AND_VOLUMES, name="pcspec-probe5")
    n1 = specs.network_spec(project, "n1")
    assert n1.name == "pcspec-probe5_n1"
    assert n1.body == {
        "Name": "pcspec-probe5_n1",
        "Driver": "bridge",
        "Internal": False,
        "Attachable": True,
        "Options": {"com.docker.network.bridge.enable_icc": "true"},
        "Labels": {
            "net.label": "1",
            L.NETWORK: "n1",
            L.PROJECT: "pcspec-probe5",
            L.VERSION: "2.40.3",
            L.CONFIG_HASH: "988e70be325e4b9f4fda5fd6fcc6813ba1e84afb91e2c682508f3c3c8249a0bf",
        },
        "IPAM": {
            "Driver": "default",
            "Config": [
                {
                    "Subnet": "10.77.0.0/24",
                    "IPRange": "10.77.0.128/25",
                    "Gateway": "10.77.0.1",
                    "AuxiliaryAddresses": {"host1": "10.77.0.5"},
                }
            ],
        },
    }
    n2 = specs.network_spec(project, "n2").body
    assert (n2["Name"], n2["Internal"], n2["EnableIPv6"]) == ("pcspec-probe5-custom-n2", True, False)
    assert n2["Labels"][L.CONFIG_HASH] == "26623f7e40289aa79a60746aa6ea2c5cfbeace6d035f6478b4d648a19a467e02"
    default = specs.network_spec(project, "default").body
    assert (
        default["Labels"][L.CONFIG_HASH] == "59348cf455edc490c0c72f1ed8db1ce0929497f5ac8c61badb3bad8d68ee67f5"
    )


def test_volume_bodies_and_hashes(tmp_path: Path) -> None:
    project = load(tmp_path, NETS_AND_VOLUMES, name="pcspec-probe5")
    assert specs.volume_spec(project, "v1").body == {
        "Name": "pcspec-probe5_v1",
        "Driver": "local",
        "DriverOpts": {"device": "tmpfs", "o": "size=1m", "type": "tmpfs"},
        "Labels": {
            "vol.label": "x",
            L.VOLUME: "v1",
            L.PROJECT: "pcspec-probe5",
            L.VERSION: "2.40.3",
            L.CONFIG_HASH: "ae5879fb2309291997e64ba131a82e89d19daad599d7925521c25ebccf289f42",
        },
    }
    hashes = {key: specs.volume_spec(project, key).body["Labels"][L.CONFIG_HASH] for key in ("v2", "v3")}
    assert hashes == {
        "v2": "54a289fdfe959e6326364118b96cde2059df7e3c1b87e1a19e3077c2a4921459",
        "v3": "cc465fc3b02e22583015d12e9ca578173370a98b0270f1c3faabbfd2e4f821f5",
    }


def test_external_resources_are_never_created(tmp_path: Path) -> None:
    text = """
services:
  a:
    image: busybox:1.36
    networks: [ext]
    volumes: [ext:/ext]
networks:
  ext: {external: true}
volumes:
  ext: {external: true}
"""
    project = load(tmp_path, text)
    with pytest.raises(ValueError, match="external"):
        specs.network_spec(project, "ext")
    with pytest.raises(ValueError, match="external"):
        specs.volume_spec(project, "ext")
    got = body(project, "a")
    assert got["HostConfig"]["NetworkMode"] == "ext"
    assert got["HostConfig"]["Binds"] == ["ext:/ext:rw"]


def test_specs_module_is_pure() -> None:
    """No I/O and no docker: the planner must stay importable and testable without an engine."""
    source = Path(specs.__file__).read_text()
    for forbidden in ("import docker", "open(", "subprocess", "os.environ", "import requests"):
        assert forbidden not in source
