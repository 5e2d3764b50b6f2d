"""``pycompose build`` without an engine: v2's flags, ``--print``, ``--dry-run`` and the refusals."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.oracle import SKIP_REASON, oracle_binary

COMPOSE = """\
services:
  web:
    build:
      context: ./web
      args: {GREETING: hi}
      labels: {org.example.team: blue}
      tags: ["registry.local/web:1"]
  api:
    image: example/api:1.0
    build:
      dockerfile_inline: |
        FROM busybox:1.36
  db:
    image: busybox:1.36
"""


def run(cwd: Path, *args: str, oracle: str | None = None) -> subprocess.CompletedProcess[str]:
    env = {
        "PATH": os.environ.get("PATH", ""),
        "HOME": str(cwd),
        "DOCKER_HOST": "unix:///nonexistent/docker.sock",  # proves nothing here needs an engine
        "COMPOSE_PROJECT_NAME": "demo",
    }
    command = [oracle] if oracle else [sys.executable, "-m", "pycompose"]
    return subprocess.run([*command, *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=60)


@pytest.fixture
def project(tmp_path: Path) -> Path:
    (tmp_path / "compose.yaml").write_text(COMPOSE)
    (tmp_path / "web").mkdir()
    (tmp_path / "web" / "Dockerfile").write_text("FROM busybox:1.36\n")
    return tmp_path


def _flags(help_text: str) -> set[str]:
    return set(re.findall(r"(?<![\w-])(--[a-z][a-z-]+)", help_text.split("Options:", 1)[-1]))


def test_has_every_flag_of_docker_compose_build(project: Path) -> None:
    oracle = oracle_binary()
    if oracle is None:
        pytest.skip(SKIP_REASON)
    theirs = _flags(run(project, "build", "--help", oracle=oracle).stdout)
    ours = _flags(run(project, "build", "--help").stdout)
    assert theirs - {"--help"} <= ours


def test_dry_run_prints_the_plan_and_needs_no_engine(project: Path) -> None:
    for args in (("--dry-run", "build"), ("build", "--dry-run")):
        result = run(project, *args)
        assert result.returncode == 0, result.stderr
        assert "build  image example/api:1.0  (build requested)" in result.stdout
        assert "build  image demo-web" in result.stdout
        assert "db" not in result.stdout  # no build section: nothing to build


def test_print_is_v2_bake_file(project: Path) -> None:
    result = run(project, "build", "--print", "--no-cache", "--build-arg", "EXTRA=1", "web")
    assert result.returncode == 0, result.stderr
    bake = json.loads(result.stdout)
    assert bake["group"]["default"]["targets"] == ["web"]
    web = bake["target"]["web"]
    assert web["args"] == {"EXTRA": "1", "GREETING": "hi"}
    assert web["no-cache"] is True
    assert web["tags"] == ["registry.local/web:1", "demo-web"]
    assert web["labels"]["com.docker.compose.service"] == "web"
    oracle = oracle_binary()
    if oracle is not None:
        theirs = json.loads(
            run(
                project, "build", "--print", "--no-cache", "--build-arg", "EXTRA=1", "web", oracle=oracle
            ).stdout
        )
        assert bake == theirs


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--ssh", "default"), "--ssh: SSH agent forwarding needs BuildKit"),
        (("--builder", "mybuilder"), "--builder: choosing a buildx builder needs BuildKit"),
        (("--check",), "--check: checking the build configuration needs BuildKit"),
        (("--sbom", "true"), "--sbom: an attestation needs BuildKit"),
        (("-m", "lots"), "invalid argument 'lots' for -m/--memory"),
    ],
)
def test_what_the_classic_builder_cannot_do_is_one_clear_error(
    project: Path, args: tuple[str, ...], message: str
) -> None:
    result = run(project, "build", *args)
    assert result.returncode == 1
    assert message in result.stderr
    assert "Traceback" not in result.stderr and len(result.stderr.strip().splitlines()) == 1


def test_buildkit_only_compose_keys_are_refused_before_building(project: Path) -> None:
    (project / "compose.yaml").write_text(
        "services:\n  web:\n    build:\n      context: ./web\n      ssh: [default]\n"
    )
    result = run(project, "--dry-run", "build")
    assert result.returncode == 1
    assert result.stderr.startswith("services.web.build.ssh: SSH agent forwarding need BuildKit")


def test_deprecated_flags_are_accepted(project: Path) -> None:
    result = run(
        project,
        "--dry-run",
        "build",
        "--parallel",
        "--compress",
        "--force-rm",
        "--no-rm",
        "--progress",
        "plain",
    )
    assert result.returncode == 0, result.stderr


def test_push_is_planned_after_the_build_of_named_images(project: Path) -> None:
    result = run(project, "--dry-run", "build", "--push")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    push = [line for line in lines if "push" in line]
    assert push == ["  > push   image example/api:1.0  (build --push: image of service api)"]
    assert lines.index(push[0]) > next(
        i for i, line in enumerate(lines) if "build  image example/api:1.0" in line
    )
