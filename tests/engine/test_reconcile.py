"""``pycompose reconcile`` against a real engine: a foreground loop (a subprocess here) that replaces a
removed or killed replica within seconds, replaces a container that stays unhealthy, and gives up on a
crash-looping one after ``max_restarts`` with a clear message; ``pycompose status`` reports it all.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from pycompose.engine.docker import DockerEngine

pytestmark = pytest.mark.engine

STACK = """\
x-pycompose:
  reconcile: {unhealthy_after: 1s, max_restarts: 5, backoff: 0.5s}
services:
  web:
    image: busybox:1.36
    command: ["sh", "-c", "touch /tmp/healthy && exec httpd -f -p 8080 -h /tmp"]
    init: true
    deploy:
      replicas: 2
      update_config: {order: start-first}
    stop_grace_period: 0s
    healthcheck:
      test: ["CMD", "test", "-f", "/tmp/healthy"]
      interval: 1s
      retries: 1
  crash:
    image: busybox:1.36
    command: ["sh", "-c", "sleep 0.3; exit 3"]
    x-pycompose:
      reconcile: {max_restarts: 2, backoff: 0.2s}
"""

#: "within 5 s" is the promise; measured from the engine call to a running replacement
REPAIR_SECONDS = 5.0


class Loop:
    """``pycompose reconcile --format json`` in the background, its records collected as they come."""

    def __init__(self, tmp: Path, project: str, env: dict[str, str]) -> None:
        command = [
            sys.executable,
            "-m",
            "pycompose",
            "-p",
            project,
            "-f",
            str(tmp / "compose.yaml"),
            "reconcile",
            "--format",
            "json",
            "--interval",
            "2",
        ]
        self.proc = subprocess.Popen(
            command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env, cwd=tmp
        )
        self.records: list[dict] = []
        self.lock = threading.Lock()
        threading.Thread(target=self._read, daemon=True).start()
        self.wait("the loop to start", lambda r: r["action"] == "watch")

    def _read(self) -> None:
        assert self.proc.stdout is not None
        for line in self.proc.stdout:
            with self.lock:
                self.records.append(json.loads(line))

    def find(self, match) -> list[dict]:
        with self.lock:
            return [r for r in self.records if match(r)]

    def wait(self, what: str, match, timeout: float = 60.0) -> dict:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            found = self.find(match)
            if found:
                return found[0]
            assert self.proc.poll() is None, (
                f"reconcile exited: {self.proc.stderr.read() if self.proc.stderr else ''}"
            )
            time.sleep(0.1)
        raise AssertionError(f"timed out waiting for {what}; records: {self.records[-10:]}")

    def stop(self) -> int:
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
        try:
            return self.proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            return self.proc.wait()


def pycompose(tmp: Path, project: str, env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "pycompose", "-p", project, "-f", str(tmp / "compose.yaml"), *args]
    return subprocess.run(command, capture_output=True, text=True, env=env, timeout=300, cwd=tmp)


def web(engine: DockerEngine, project: str) -> dict[str, object]:
    """name -> ContainerInfo of the web replicas."""
    return {
        c.name: c
        for c in engine.list_containers({"label": [f"com.docker.compose.project={project}"]}, all=True)
        if c.service == "web"
    }


def running_web(engine: DockerEngine, project: str) -> set[str]:
    return {n for n, c in web(engine, project).items() if c.state == "running"}  # type: ignore[attr-defined]


def healthy_web(engine: DockerEngine, project: str) -> set[str]:
    return {n for n, c in web(engine, project).items() if c.state == "running" and c.health == "healthy"}  # type: ignore[attr-defined]


def poll(what: str, check, timeout: float) -> float:
    """Seconds until ``check()`` is true (fails after ``timeout``)."""
    started = time.monotonic()
    while not check():
        if time.monotonic() - started > timeout:
            raise AssertionError(f"timed out after {timeout:g}s waiting for {what}")
        time.sleep(0.1)
    return time.monotonic() - started


@pytest.fixture
def stack(tmp_path: Path, engine: DockerEngine, project: str) -> Iterator[tuple[Path, dict[str, str]]]:
    (tmp_path / "compose.yaml").write_text(STACK)
    env = {**os.environ, "PYCOMPOSE_STATE_DIR": str(tmp_path / "state")}
    env.pop("COMPOSE_PROJECT_NAME", None)
    started = pycompose(tmp_path, project, env, "up", "-d")
    assert started.returncode == 0, started.stderr
    poll("2 healthy web replicas", lambda: len(healthy_web(engine, project)) == 2, 60)
    yield tmp_path, env
    pycompose(tmp_path, project, env, "down", "-v", "-t", "0")


def test_reconcile_repairs_and_gives_up(
    stack: tuple[Path, dict[str, str]], engine: DockerEngine, project: str
) -> None:
    tmp, env = stack
    loop = Loop(tmp, project, env)
    try:
        # a crash loop: restarted twice with a growing backoff, then given up with a message
        give_up = loop.wait(
            "giving up on crash", lambda r: r["service"] == "crash" and r["action"] == "give up", timeout=60
        )
        assert "exited with code 3 again after 2 restart(s)" in give_up["reason"]
        assert "max_restarts: 2" in give_up["reason"]
        restarts = loop.find(lambda r: r["service"] == "crash" and r["action"] == "start")
        assert [r["result"] for r in restarts] == ["done", "done"]
        assert "(restart 2/2)" in restarts[-1]["reason"]

        # a replica removed behind the loop's back comes back
        victim = sorted(healthy_web(engine, project))[0]
        engine.remove_container(victim, force=True)
        took = poll("a new web replica", lambda: len(running_web(engine, project) - {victim}) == 2, 30)
        assert took < REPAIR_SECONDS, took
        poll("2 healthy replicas", lambda: len(healthy_web(engine, project)) == 2, 30)
        print(f"\nremoved replica replaced in {took:.1f}s")
        created = loop.wait("a create", lambda r: r["action"] == "create" and r["service"] == "web")
        assert created["result"] == "done"

        # a killed one is started again
        victim = sorted(healthy_web(engine, project))[0]
        engine.kill_container(victim)
        took = poll(
            "the killed replica to run again",
            lambda: web(engine, project)[victim].state == "running",  # type: ignore[attr-defined]
            30,
        )
        assert took < REPAIR_SECONDS, took
        print(f"killed replica running again in {took:.1f}s")
        started = loop.wait("a restart", lambda r: r["action"] == "start" and r["container"] == victim)
        assert "exited with code 137" in started["reason"]

        # one that stays unhealthy is replaced (start-first: a healthy successor first)
        poll("2 healthy replicas", lambda: len(healthy_web(engine, project)) == 2, 30)
        sick = sorted(healthy_web(engine, project))[-1]
        subprocess.run(["docker", "exec", sick, "rm", "/tmp/healthy"], check=True, timeout=30)
        replaced = loop.wait("a replacement", lambda r: r["action"] == "replace" and r["container"] == sick)
        assert "unhealthy for" in replaced["reason"]
        took = poll("the unhealthy replica to be gone", lambda: sick not in web(engine, project), 60)
        print(f"unhealthy replica replaced (start-first) {took:.1f}s after its `replace` record")
        poll("2 healthy replicas again", lambda: len(healthy_web(engine, project)) == 2, 30)

        # status: desired vs actual, restarts, the last action and its reason
        status = pycompose(tmp, project, env, "status", "--format", "json")
        assert status.returncode == 0, status.stderr
        data = json.loads(status.stdout)
        assert data["reconcile"]["running"] is True
        rows = {r["service"]: r for r in data["services"]}
        assert (rows["web"]["desired"], rows["web"]["running"]) == (2, 2)
        assert rows["web"]["restarts"] >= 2
        assert rows["crash"]["restarts"] == 2
        assert rows["crash"]["last_action"] == "give up"
        assert rows["crash"]["given_up"]
        text = pycompose(tmp, project, env, "status").stdout
        assert "reconcile loop running" in text and "give up" in text
    finally:
        code = loop.stop()
    assert code == 0
    assert not loop.find(lambda r: r.get("result") == "failed"), loop.find(
        lambda r: r.get("result") == "failed"
    )
