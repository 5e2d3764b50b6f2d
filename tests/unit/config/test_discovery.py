"""File discovery, COMPOSE_FILE and .env selection as Docker Compose v2 does them."""

import os
from pathlib import Path

import pytest

from pycompose.config import discovery
from pycompose.errors import UsageError


def test_discovery_walks_up_and_adds_the_override(tmp_path: Path) -> None:
    (tmp_path / "compose.yaml").write_text("services: {}\n")
    (tmp_path / "compose.override.yaml").write_text("services: {}\n")
    deep = tmp_path / "sub" / "deeper"
    deep.mkdir(parents=True)
    assert discovery.discover_files(str(deep)) == [
        str(tmp_path / "compose.yaml"),
        str(tmp_path / "compose.override.yaml"),
    ]


def test_preference_order(tmp_path: Path) -> None:
    for name in ("docker-compose.yml", "compose.yml"):
        (tmp_path / name).write_text("services: {}\n")
    assert discovery.discover_files(str(tmp_path)) == [str(tmp_path / "compose.yml")]


def test_compose_file_variable_with_separator(tmp_path: Path) -> None:
    for name in ("a.yaml", "b.yaml"):
        (tmp_path / name).write_text("services: {}\n")
    env = {"COMPOSE_FILE": "a.yaml;b.yaml", "COMPOSE_PATH_SEPARATOR": ";"}
    assert discovery.resolve_files((), env, str(tmp_path), None) == [
        str(tmp_path / "a.yaml"),
        str(tmp_path / "b.yaml"),
    ]


def test_missing_file_is_a_usage_error(tmp_path: Path) -> None:
    with pytest.raises(UsageError):
        discovery.resolve_files(("nope.yaml",), {}, str(tmp_path), None)
    with pytest.raises(UsageError, match="no configuration file provided"):
        discovery.resolve_files((), {}, str(tmp_path), None)


def test_env_files(tmp_path: Path) -> None:
    (tmp_path / ".env").write_text("A=1\n")
    assert discovery.env_files_for(None, {}, str(tmp_path), "/") == [str(tmp_path / ".env")]
    assert discovery.env_files_for(None, {"COMPOSE_DISABLE_ENV_FILE": "true"}, str(tmp_path), "/") == []
    assert discovery.env_files_for(("x.env",), {}, str(tmp_path), str(tmp_path)) == [
        os.path.join(str(tmp_path), "x.env")
    ]
    assert discovery.env_files_for(None, {"COMPOSE_ENV_FILES": "a.env,b.env"}, str(tmp_path), "/w") == [
        "/w/a.env",
        "/w/b.env",
    ]
