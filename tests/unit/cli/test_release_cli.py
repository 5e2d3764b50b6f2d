"""``pycompose release``: what it refuses before touching an engine (the engine tests run the rest)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

COMPOSE = """\
name: demo
services:
  web:
    image: busybox:1.36
  api:
    image: busybox:1.36
    x-pycompose:
      deploy: {strategy: red-black}
"""


def run(cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {"PATH": os.environ.get("PATH", ""), "HOME": str(cwd), "DOCKER_HOST": "unix:///nonexistent.sock"}
    return subprocess.run(
        [sys.executable, "-m", "pycompose", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )


@pytest.fixture
def project(tmp_path: Path) -> Path:
    (tmp_path / "compose.yaml").write_text(COMPOSE)
    return tmp_path


def test_help_lists_the_commands(project: Path) -> None:
    result = run(project, "release", "--help")
    assert result.returncode == 0, result.stderr
    for command in ("start", "status", "rollback", "promote", "abort"):
        assert command in result.stdout
    assert "strategy: blue-green" in result.stdout


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("release", "start", "web"), "web has no x-pycompose.deploy.strategy blue-green or canary"),
        (("release", "start", "--strategy", "canary"), "name the services --strategy"),
        (("release", "start", "web", "--strategy", "canary", "--canary", "0"), "--canary must be 1 or more"),
        (("release", "start", "nope", "--strategy", "canary"), "no such service: nope"),
        (("release", "start", "api"), "'red-black' is not one of rolling, blue-green, canary"),
    ],
)
def test_refused_with_one_line(project: Path, args: tuple[str, ...], message: str) -> None:
    result = run(project, *args)
    assert result.returncode == 1
    assert message in result.stderr, result.stderr
    assert "Traceback" not in result.stderr and len(result.stderr.strip().splitlines()) == 1
