"""Faults on a real engine: ``up`` killed at random moments, concurrent ``up``s, an engine that is away.

After any of them the next ``up`` must converge: exactly the expected containers, no leftovers under
temporary names, no duplicate replicas, and an empty plan.
"""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest

pytestmark = pytest.mark.engine

STACK = """\
services:
  a:
    image: busybox:1.36
    command: ["sleep", "3600"]
    environment:
      GEN: "${GEN:-0}"
    stop_grace_period: 1s
  b:
    image: busybox:1.36
    command: ["sleep", "3600"]
    scale: 2
    depends_on: [a]
    environment:
      GEN: "${GEN:-0}"
    stop_grace_period: 1s
  c:
    image: busybox:1.36
    command: ["sleep", "3600"]
    depends_on: [b]
    stop_grace_period: 1s
"""


def pycompose(root: Path, env: dict[str, str], *args: str, **kw: object) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "pycompose", "--progress", "quiet", *args],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
        timeout=180,
        **kw,  # type: ignore[arg-type]
    )


def names(project: str) -> list[str]:
    out = subprocess.run(
        [
            "docker",
            "ps",
            "-a",
            "--filter",
            f"label=com.docker.compose.project={project}",
            "--format",
            "{{.Names}}",
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return sorted(out.split())


@pytest.fixture
def project(tmp_path: Path, engine: object):
    name = f"pcfault-{uuid.uuid4().hex[:8]}"
    (tmp_path / "compose.yaml").write_text(STACK)
    env = {**os.environ, "COMPOSE_PROJECT_NAME": name}
    yield tmp_path, name, env
    pycompose(tmp_path, env, "down", "-v", "-t", "0")
    for leftover in names(name):
        subprocess.run(["docker", "rm", "-f", leftover], capture_output=True)


def expected(name: str) -> list[str]:
    return sorted([f"{name}-a-1", f"{name}-b-1", f"{name}-b-2", f"{name}-c-1"])


def assert_converged(root: Path, name: str, env: dict[str, str]) -> None:
    result = pycompose(root, env, "up", "-d")
    assert result.returncode == 0, result.stderr
    assert names(name) == expected(name)
    plan = json.loads(pycompose(root, env, "plan", "--format", "json").stdout)
    assert plan["changes"] is False, plan["steps"]
    running = subprocess.run(
        ["docker", "ps", "--filter", f"label=com.docker.compose.project={name}", "--format", "{{.Names}}"],
        capture_output=True,
        text=True,
    ).stdout.split()
    assert sorted(running) == expected(name)


def test_sigkill_during_up_then_up_converges(project: tuple[Path, str, dict[str, str]]) -> None:
    root, name, env = project
    rng = random.Random(1234)
    for trial in range(10):
        env["GEN"] = str(trial)  # every trial changes a and b: creates first, then recreates
        proc = subprocess.Popen(
            [sys.executable, "-m", "pycompose", "--progress", "quiet", "up", "-d"],
            cwd=root,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        time.sleep(rng.uniform(0.2, 2.0))
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        assert_converged(root, name, env)


def test_concurrent_ups_create_no_duplicates(project: tuple[Path, str, dict[str, str]]) -> None:
    root, name, env = project
    procs = [
        subprocess.Popen(
            [sys.executable, "-m", "pycompose", "--progress", "quiet", "up", "-d"],
            cwd=root,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(2)
    ]
    outputs = [p.communicate(timeout=180) for p in procs]
    for (_, err), proc in zip(outputs, procs, strict=True):
        assert "Traceback" not in err
        if proc.returncode != 0:  # the loser of a race says which container was taken, in one line
            assert "already in use" in err or "Conflict" in err or "conflict" in err, err
    assert names(name) == expected(name)  # never a duplicate replica, never a stray number
    assert_converged(root, name, env)


@pytest.mark.parametrize(
    "args",
    [("up", "-d"), ("down",), ("ps",), ("plan",), ("start",), ("stop",), ("logs",), ("ls",)],
)
def test_engine_unreachable_is_one_clear_line(tmp_path: Path, args: tuple[str, ...]) -> None:
    (tmp_path / "compose.yaml").write_text(STACK)
    env = {
        **os.environ,
        "DOCKER_HOST": "unix:///tmp/pycompose-no-engine.sock",
        "COMPOSE_PROJECT_NAME": "pcnoengine",
    }
    result = pycompose(tmp_path, env, *args)
    assert result.returncode == 1
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, result.stderr
    assert "unix:///tmp/pycompose-no-engine.sock" in lines[0]
    assert "Traceback" not in result.stderr
