"""Every sample in ``samples/`` runs as its README says: ``up -d --wait`` brings each container to its
target state, the plan is then empty, every published port answers, and ``down -v`` leaves nothing.

Port variables (``${API_PORT:-18081}``...) get free ports, so the samples run next to anything else.
"""

from __future__ import annotations

import json
import os
import re
import socket
import subprocess
import sys
import urllib.request
import uuid
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest

from pycompose import labels as L
from tests.engine.conftest import cleanup

pytestmark = pytest.mark.engine

SAMPLES_DIR = Path(__file__).resolve().parents[2] / "samples"
SAMPLES = sorted(p for p in SAMPLES_DIR.iterdir() if (p / "compose.yaml").is_file())
PORT_VARIABLE = re.compile(r"\$\{(\w*PORT\w*)")
#: variables from the developer's shell that would change what the samples mean
FOREIGN = ("COMPOSE_FILE", "COMPOSE_PROJECT_NAME", "COMPOSE_PROFILES", "COMPOSE_ENV_FILES")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class Sample:
    """One sample run under a unique project name, driven through the pycompose CLI."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.name = f"pcsample-{folder.name}-{uuid.uuid4().hex[:8]}"
        text = (folder / "compose.yaml").read_text()
        self.ports = {var: str(_free_port()) for var in PORT_VARIABLE.findall(text)}
        env = {k: v for k, v in os.environ.items() if k not in FOREIGN}
        self.env = {**env, **self.ports}

    def call(self, *args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "pycompose", "--progress", "plain", "-p", self.name, *args],
            cwd=self.folder,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=180,
        )

    def run(self, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        result = self.call(*args)
        assert "Traceback" not in result.stderr, result.stderr
        if check:
            assert result.returncode == 0, f"pycompose {' '.join(args)} failed:\n{result.stderr}"
        return result

    def model(self) -> dict[str, Any]:
        return json.loads(self.run("config", "--format", "json").stdout)


@pytest.fixture(scope="module")
def started(engine: Any) -> Iterator[dict[str, tuple[Sample, subprocess.CompletedProcess[str]]]]:
    """Every sample after ``up -d --wait``, all brought up at once (the engine is the slow part)."""
    samples = [Sample(folder) for folder in SAMPLES]
    with ThreadPoolExecutor(len(samples)) as pool:
        ups = list(pool.map(lambda s: s.call("up", "-d", "--wait", "--wait-timeout", "90"), samples))
    yield {s.folder.name: (s, up) for s, up in zip(samples, ups, strict=True)}
    with ThreadPoolExecutor(len(samples)) as pool:
        list(pool.map(lambda s: s.call("down", "-v", "--remove-orphans", "-t", "1"), samples))
    for s in samples:
        cleanup(engine, s.name)


def _targets(model: dict[str, Any]) -> dict[str, tuple[int, str]]:
    """service -> (replicas, target state): ``exited(0)`` for what others wait to complete,
    ``healthy`` for a healthcheck, else ``running``."""
    services = model["services"]
    completed = {
        dep
        for svc in services.values()
        for dep, how in (svc.get("depends_on") or {}).items()
        if how.get("condition") == "service_completed_successfully"
    }
    out = {}
    for name, svc in services.items():
        replicas = svc.get("scale", (svc.get("deploy") or {}).get("replicas", 1))
        health = svc.get("healthcheck") or {}
        if name in completed:
            target = "exited(0)"
        elif health.get("test") and not health.get("disable") and health["test"][0] != "NONE":
            target = "healthy"
        else:
            target = "running"
        out[name] = (int(replicas), target)
    return out


def _state(container: Any) -> str:
    if container.state == "exited":
        return f"exited({container.exit_code})"
    if container.state == "running" and container.health:
        return container.health
    return container.state


def test_there_are_samples() -> None:
    assert {"web-worker", "migrate-then-serve", "scaled-workers"} <= {p.name for p in SAMPLES}
    for name in ("migrate-then-serve", "scaled-workers"):
        assert (SAMPLES_DIR / name / "README.md").is_file(), f"{name} has no README.md"


@pytest.mark.parametrize("folder", [p.name for p in SAMPLES])
def test_sample_comes_up_converged_and_goes_away(
    folder: str, started: dict[str, tuple[Sample, subprocess.CompletedProcess[str]]], engine: Any
) -> None:
    sample, up = started[folder]
    assert "Traceback" not in up.stderr, up.stderr
    assert up.returncode == 0, f"up -d --wait failed:\n{up.stderr}"
    targets = _targets(sample.model())

    containers = [c for c in engine.list_containers(L.project_filter(sample.name), all=True) if not c.oneoff]
    seen: dict[str, list[str]] = {}
    for c in sorted(containers, key=lambda c: (c.service, c.number)):
        seen.setdefault(c.service, []).append(_state(c))
    wanted = {name: [target] * replicas for name, (replicas, target) in targets.items()}
    assert seen == wanted

    plan = sample.run("plan", "--detailed-exitcode", check=False)
    assert plan.returncode == 0, plan.stdout + plan.stderr
    assert json.loads(sample.run("plan", "--format", "json").stdout)["changes"] is False

    published = [p["PublicPort"] for c in containers for p in c.ports if p.get("PublicPort")]
    assert sorted(str(p) for p in published) == sorted(sample.ports.values())
    for port in published:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=5) as response:
            assert response.status == 200

    sample.run("down", "-v", "-t", "1")
    by_label = L.project_filter(sample.name)
    assert engine.list_containers(by_label, all=True) == []
    assert engine.list_networks(by_label) == []
    assert engine.list_volumes(by_label) == []
