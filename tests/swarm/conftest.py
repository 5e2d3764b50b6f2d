"""A 3-node swarm for the ``swarm`` tests, started once per session by ``scripts/swarm-cluster.sh``.

The fixture SKIPS when the cluster cannot be built here (not root, no ``ip``/``nsenter``/``dockerd``, no
default engine to copy images from) and FAILS instead when ``CI`` is true or
``PYCOMPOSE_REQUIRE_SWARM=1``: a CI run must not turn green by skipping. ``swarm-cluster.sh down``
runs at the end unless ``PYCOMPOSE_SWARM_KEEP=1`` (then a later session reuses the running cluster:
``up`` is idempotent).
"""

from __future__ import annotations

import fcntl
import os
import shutil
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "scripts" / "swarm-cluster.sh"
NODES = 3


def _required() -> bool:
    ci = os.environ.get("CI", "").strip().lower() in ("true", "1", "yes")
    return ci or os.environ.get("PYCOMPOSE_REQUIRE_SWARM", "").strip() == "1"


def _unavailable(message: str) -> None:
    if _required():
        pytest.fail(
            f"no swarm for the swarm tests: {message} (CI / PYCOMPOSE_REQUIRE_SWARM=1)", pytrace=False
        )
    pytest.skip(f"no swarm for the swarm tests: {message}")


@dataclass(frozen=True)
class Cluster:
    """The running cluster: ``sockets[i]`` is the engine of node ``pcnode{i+1}``; node 1 is the manager."""

    sockets: tuple[str, ...]

    @property
    def manager(self) -> str:
        return self.sockets[0]

    def env(self, host: str | None = None) -> dict[str, str]:
        return {**os.environ, "DOCKER_HOST": host or self.manager}

    def docker(self, *args: str, host: str | None = None, timeout: float = 60, check: bool = True):
        result = subprocess.run(
            ["docker", *args], capture_output=True, text=True, timeout=timeout, env=self.env(host)
        )
        if check:
            assert result.returncode == 0, f"docker {' '.join(args)} failed:\n{result.stdout}{result.stderr}"
        return result

    def on_network(self, network: str, script: str, timeout: float = 120) -> str:
        """Run ``script`` (busybox sh) in a throwaway container on ``network`` (attachable), on node 1."""
        return self.docker(
            "run", "--rm", "--network", network, "busybox:1.36", "sh", "-c", script, timeout=timeout
        ).stdout

    def script(self, *args: str, timeout: float = 120) -> None:
        result = subprocess.run(["bash", str(SCRIPT), *args], capture_output=True, text=True, timeout=timeout)
        assert result.returncode == 0, (
            f"swarm-cluster.sh {' '.join(args)} failed:\n{result.stdout}{result.stderr}"
        )

    def pycompose(self, *args: str, cwd: Path, timeout: float = 180, check: bool = True):
        result = subprocess.run(
            [sys.executable, "-m", "pycompose", *args],
            capture_output=True,
            text=True,
            timeout=timeout,
            env=self.env(),
            cwd=cwd,
        )
        if check:
            assert result.returncode == 0, (
                f"pycompose {' '.join(args)} failed:\n{result.stdout}{result.stderr}"
            )
        return result


#: test sessions on one machine share the cluster's addresses and paths: they take turns
LOCK = Path("/run/lock/pycompose-swarm-tests.lock")
LOCK_TIMEOUT = 1200


def _take_turn() -> int:
    """Hold an exclusive lock for the whole session (a concurrent session's ``down`` would pull the
    cluster from under this one); wait at most ``LOCK_TIMEOUT`` seconds for it."""
    LOCK.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(LOCK, os.O_CREAT | os.O_RDWR, 0o644)
    deadline = time.monotonic() + LOCK_TIMEOUT
    while True:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return fd
        except BlockingIOError:
            if time.monotonic() > deadline:
                os.close(fd)
                _unavailable(f"another test session held {LOCK} for {LOCK_TIMEOUT} s")
            time.sleep(1)


@pytest.fixture(scope="session")
def cluster() -> Iterator[Cluster]:
    if os.geteuid() != 0:
        _unavailable("needs root (network namespaces, a bridge, one dockerd per node)")
    missing = [t for t in ("ip", "nsenter", "unshare", "dockerd", "docker") if shutil.which(t) is None]
    if missing:
        _unavailable(f"missing tools: {', '.join(missing)}")
    lock = _take_turn()
    try:
        yield from _cluster()
    finally:
        os.close(lock)


def _cluster() -> Iterator[Cluster]:
    up = subprocess.run(["bash", str(SCRIPT), "up", str(NODES)], capture_output=True, text=True, timeout=300)
    if up.returncode != 0:
        subprocess.run(["bash", str(SCRIPT), "down"], capture_output=True, timeout=300)
        _unavailable(f"swarm-cluster.sh up {NODES} failed:\n{up.stdout}{up.stderr}")
    yield Cluster(tuple(f"unix:///run/pycompose-swarm/pcnode{i}.sock" for i in range(1, NODES + 1)))
    if os.environ.get("PYCOMPOSE_SWARM_KEEP", "").strip() != "1":
        subprocess.run(["bash", str(SCRIPT), "down"], capture_output=True, timeout=300)


@pytest.fixture
def stack_name(cluster: Cluster) -> Iterator[str]:
    """A unique stack name; whatever the test left of it is removed afterwards."""
    name = f"pcs{uuid.uuid4().hex[:8]}"
    yield name
    cluster.docker("stack", "rm", name, check=False)
