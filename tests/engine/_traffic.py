"""Traffic against a service under change: a client container on the project network requests the service
by name in a loop and every failed request counts (tests of rolling updates, blue-green and canary).

Also the CLI runners these tests share: ``pycompose`` and ``compose_v2`` (the oracle) on a compose file in
a temp dir, with the variables the stacks use (``VERSION``, ``HEALTH_PATH``) taken only from the call.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from pycompose.engine.base import ContainerSpec
from pycompose.engine.docker import DockerEngine
from tests.engine.conftest import IMAGE
from tests.oracle import oracle_binary

T = TypeVar("T")

#: the client: one request at a time, forever; a line per request
LOOP = (
    "while true; do if out=$(timeout 2 wget -qO- http://web:8080/ 2>&1); "
    'then echo "OK $out"; else echo "FAIL $out"; fi; done'
)

#: variables of the test stacks: never inherited from the environment of the test run
STACK_VARIABLES = ("VERSION", "HEALTH_PATH", "COMPOSE_PROJECT_NAME")


def _env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in STACK_VARIABLES}
    return {**env, **extra}


def pycompose(tmp: Path, project: str, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "pycompose", "-p", project, "-f", str(tmp / "compose.yaml"), *args]
    return subprocess.run(command, capture_output=True, text=True, env=_env(**env), timeout=300, cwd=tmp)


def compose_v2(tmp: Path, project: str, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    binary = oracle_binary()
    assert binary is not None
    command = [binary, "-p", project, "-f", str(tmp / "compose.yaml"), *args]
    return subprocess.run(command, capture_output=True, text=True, env=_env(**env), timeout=300, cwd=tmp)


def wait_for(what: str, check: Callable[[], T], timeout: float = 60.0, every: float = 0.2) -> T:
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

    def count(self) -> int:
        """How many answers so far (a mark for :meth:`answers_since`)."""
        return len(self.results()[0])

    def answers_since(self, mark: int, at_least: int = 20, timeout: float = 30.0) -> list[str]:
        """The answers after ``mark``, once there are ``at_least`` of them."""
        wait_for(f"{at_least} more answers", lambda: self.count() - mark >= at_least, timeout, every=0.1)
        return self.results()[0][mark:]

    def stop(self) -> tuple[list[str], list[str]]:
        self.engine.kill_container(self.name)
        return self.results()


def burst(engine: DockerEngine, project: str, name: str, requests: int) -> Counter[str]:
    """``requests`` requests to ``web`` one after the other from a new container: answers counted (a
    failed request counts as ``FAIL``)."""
    script = (
        f"for i in $(seq {requests}); do if out=$(timeout 2 wget -qO- http://web:8080/ 2>&1); "
        'then echo "$out"; else echo FAIL; fi; done'
    )
    full = f"{project}-{name}"
    body = {"Image": IMAGE, "Cmd": ["sh", "-c", script], "HostConfig": {"NetworkMode": f"{project}_default"}}
    engine.create_container(ContainerSpec(name=full, body=body))
    try:
        engine.start_container(full)
        engine.wait_container(full, timeout=120)
        return Counter(line.text.strip() for line in engine.logs(full) if line.text.strip())
    finally:
        engine.remove_container(full, force=True)


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
