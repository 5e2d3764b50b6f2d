"""A compose project in a temp dir, driven through the pycompose CLI (and, for comparisons, the oracle).

Shared by the engine tests of secrets, networks and volumes. Every call has a timeout; waits poll with
a short backoff instead of sleeping a fixed time.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from tests.oracle import oracle_binary

T = TypeVar("T")


def docker(*args: str, timeout: float = 60, check: bool = False) -> subprocess.CompletedProcess[str]:
    result = subprocess.run(["docker", *args], capture_output=True, text=True, timeout=timeout)
    if check:
        assert result.returncode == 0, f"docker {' '.join(args)} failed:\n{result.stderr}"
    return result


def inspect(ref: str, kind: str = "container") -> dict[str, Any]:
    out = docker(kind, "inspect", ref, check=True).stdout
    return json.loads(out)[0]


def sh(container: str, script: str, timeout: float = 30) -> subprocess.CompletedProcess[str]:
    """``docker exec <container> sh -c <script>`` (not checked: callers assert on the exit code)."""
    return docker("exec", container, "sh", "-c", script, timeout=timeout)


def poll(probe: Callable[[], T | None], timeout: float = 20, what: str = "condition") -> T:
    """Call ``probe`` until it returns something truthy; fail after ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    delay = 0.05
    while True:
        value = probe()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout:g}s waiting for {what}")
        time.sleep(delay)
        delay = min(delay * 2, 0.5)


class Stack:
    """``write`` the compose file, ``run`` pycompose, ``oracle`` Docker Compose v2, ``down`` both."""

    def __init__(self, root: Path, name: str, env: dict[str, str] | None = None) -> None:
        self.root = root
        self.name = name
        self.env = {**os.environ, "COMPOSE_PROJECT_NAME": name, **(env or {})}
        self.oracle_projects: list[str] = []

    def write(self, text: str, **files: str) -> None:
        (self.root / "compose.yaml").write_text(text)
        for path, content in files.items():
            (self.root / path).parent.mkdir(parents=True, exist_ok=True)
            (self.root / path).write_text(content)

    def run(
        self, *args: str, check: bool = True, timeout: float = 120, progress: str = "plain"
    ) -> subprocess.CompletedProcess[str]:
        result = subprocess.run(
            [sys.executable, "-m", "pycompose", "--progress", progress, *args],
            cwd=self.root,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=timeout,
        )
        assert "Traceback" not in result.stderr, result.stderr
        assert "internal error" not in result.stderr, result.stderr
        if check:
            assert result.returncode == 0, f"pycompose {' '.join(args)} failed:\n{result.stderr}"
        return result

    def oracle(self, *args: str, project: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        """Docker Compose v2 on the same files under project name ``project`` (removed by ``down``)."""
        binary = oracle_binary()
        assert binary is not None
        if project not in self.oracle_projects:
            self.oracle_projects.append(project)
        result = subprocess.run(
            [binary, "-p", project, *args],
            cwd=self.root,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=180,
        )
        if check:
            assert result.returncode == 0, f"docker compose {' '.join(args)} failed:\n{result.stderr}"
        return result

    def container(self, service: str, number: int = 1, project: str | None = None) -> str:
        return f"{project or self.name}-{service}-{number}"

    def down(self) -> None:
        self.run("down", "-v", "--remove-orphans", "-t", "0", check=False)
        for project in self.oracle_projects:
            self.oracle("down", "-v", "--remove-orphans", "-t", "0", project=project, check=False)
