"""The command line: global options, config flags, and one clean line per error."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

COMPOSE = """\
name: demo
services:
  web:
    image: nginx:${TAG:-1.25}
    profiles: [front]
    depends_on: [db]
  db:
    image: postgres
    volumes: [data:/var/lib/postgresql/data]
  job:
    build: ./job
volumes:
  data: {}
"""


def run(cwd: Path, *args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    full_env = {"PATH": os.environ.get("PATH", ""), "HOME": str(cwd), **(env or {})}
    return subprocess.run(
        [sys.executable, "-m", "pycompose", *args], cwd=cwd, env=full_env, capture_output=True, text=True
    )


@pytest.fixture
def project(tmp_path: Path) -> Path:
    (tmp_path / "compose.yaml").write_text(COMPOSE)
    return tmp_path


def test_json_output_and_discovery(project: Path) -> None:
    result = run(project, "config", "--format", "json")
    assert result.returncode == 0, result.stderr
    model = json.loads(result.stdout)
    assert model["name"] == "demo"
    assert sorted(model["services"]) == ["db", "job"]
    assert not result.stdout.endswith("\n")  # byte-compatible with Docker Compose


def test_listing_flags(project: Path) -> None:
    assert run(project, "--profile", "front", "config", "--services").stdout.split() == ["web", "db", "job"]
    assert run(project, "config", "--volumes").stdout.split() == ["data"]
    assert run(project, "config", "--profiles").stdout.split() == ["front"]
    assert run(project, "config", "--images").stdout.split() == ["postgres", "demo-job"]
    hashes = run(project, "config", "--hash", "db").stdout.split()
    assert hashes[0] == "db" and len(hashes[1]) == 64
    variables = run(project, "config", "--variables").stdout
    assert "TAG" in variables and "1.25" in variables


def test_environment_variables(project: Path) -> None:
    out = run(project, "config", "--services", env={"COMPOSE_PROFILES": "front"}).stdout.split()
    assert "web" in out
    out = run(project, "config", "--format", "json", env={"COMPOSE_PROJECT_NAME": "other"}).stdout
    assert json.loads(out)["name"] == "other"


def test_service_selection_includes_dependencies(project: Path) -> None:
    out = run(project, "--profile", "front", "config", "--format", "json", "web").stdout
    assert sorted(json.loads(out)["services"]) == ["db", "web"]


def test_quiet_and_output_file(project: Path) -> None:
    assert run(project, "config", "-q").stdout == ""
    assert run(project, "config", "-o", "out.yaml").returncode == 0
    assert "services:" in (project / "out.yaml").read_text()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("services:\n  app:\n    image: a\n    image: b\n", "compose.yaml:4:5:"),
        ("services:\n  app:\n    image: a\n    ports: '80:80'\n", "must be a array"),
        ("services:\n  app:\n    image: ${X:?set X}\n", "required variable X is missing a value: set X"),
        ("services:\n  app:\n    image: a\n    depends_on: [nope]\n", 'depends on undefined service "nope"'),
        ("services: [\n", "failed to parse"),
        ("", "empty compose file"),
    ],
)
def test_errors_are_one_line_without_traceback(tmp_path: Path, text: str, expected: str) -> None:
    (tmp_path / "compose.yaml").write_text(text)
    result = run(tmp_path, "config")
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    lines = [line for line in result.stderr.splitlines() if "level=warning" not in line]
    assert len(lines) == 1, result.stderr
    assert expected in lines[0]


def test_missing_file_and_bad_project_name(tmp_path: Path) -> None:
    result = run(tmp_path, "-f", "nope.yaml", "config")
    assert result.returncode == 1 and "nope.yaml" in result.stderr and "Traceback" not in result.stderr
    (tmp_path / "compose.yaml").write_text("services: {a: {image: x}}\n")
    result = run(tmp_path, "-p", "Bad.Name", "config")
    assert result.returncode == 1 and 'invalid project name "Bad.Name"' in result.stderr


def test_help_and_version(tmp_path: Path) -> None:
    assert "Examples:" in run(tmp_path, "--help").stdout
    assert "Examples:" in run(tmp_path, "config", "--help").stdout
    assert run(tmp_path, "--version").stdout.startswith("pycompose version v")
