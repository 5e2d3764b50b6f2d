"""Registries of image references, the credentials sent to them, and push/pull errors in one line."""

from __future__ import annotations

import base64
import json
import os
import stat
from pathlib import Path

import pytest

from pycompose.engine import docker as docker_engine
from pycompose.engine.memory import MemoryEngine
from pycompose.engine.registry_auth import credentials_for, login_hint, registry_of, split_tag
from pycompose.errors import EngineError, NotFoundError


@pytest.mark.parametrize(
    ("ref", "registry"),
    [
        ("busybox", "docker.io"),
        ("busybox:1.36", "docker.io"),
        ("library/busybox", "docker.io"),
        ("docker.io/library/busybox", "docker.io"),
        ("index.docker.io/me/app:1", "docker.io"),
        ("127.0.0.1:5000/p/app:1", "127.0.0.1:5000"),
        ("localhost/app", "localhost"),
        ("ghcr.io/o/app@sha256:" + "0" * 64, "ghcr.io"),
        ("me/app:1", "docker.io"),
    ],
)
def test_registry_of(ref: str, registry: str) -> None:
    assert registry_of(ref) == registry


def test_split_tag_and_login_hint() -> None:
    assert split_tag("127.0.0.1:5000/p/app:1") == ("127.0.0.1:5000/p/app", "1")
    assert split_tag("127.0.0.1:5000/p/app") == ("127.0.0.1:5000/p/app", None)
    assert split_tag("app@sha256:ab") == ("app@sha256:ab", None)
    assert login_hint("docker.io") == "docker login"
    assert login_hint("127.0.0.1:5000") == "docker login 127.0.0.1:5000"


def _config(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, body: dict) -> Path:
    (tmp_path / "config.json").write_text(json.dumps(body))
    monkeypatch.setenv("DOCKER_CONFIG", str(tmp_path))
    return tmp_path


def test_credentials_from_auths_follow_docker_config(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    token = base64.b64encode(b"alice:s3cret").decode()
    _config(tmp_path, monkeypatch, {"auths": {"127.0.0.1:5000": {"auth": token}}})
    found = credentials_for("127.0.0.1:5000")
    assert found is not None and (found["username"], found["password"]) == ("alice", "s3cret")
    assert credentials_for("127.0.0.1:5001") is None
    hub = base64.b64encode(b"bob:pw").decode()
    _config(tmp_path, monkeypatch, {"auths": {"https://index.docker.io/v1/": {"auth": hub}}})
    assert credentials_for("docker.io")["username"] == "bob"  # type: ignore[index]


def test_credentials_from_a_credential_helper(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """``credHelpers`` runs ``docker-credential-<name> get`` with the registry on stdin."""
    helper = tmp_path / "bin" / "docker-credential-fake"
    helper.parent.mkdir()
    helper.write_text(
        "#!/bin/sh\nread server\n"
        'printf \'{"ServerURL":"%s","Username":"carol","Secret":"from-helper"}\' "$server"\n'
    )
    helper.chmod(helper.stat().st_mode | stat.S_IEXEC)
    monkeypatch.setenv("PATH", f"{helper.parent}{os.pathsep}{os.environ.get('PATH', '')}")
    _config(tmp_path, monkeypatch, {"credHelpers": {"reg.test:5000": "fake"}})
    found = credentials_for("reg.test:5000")
    assert found is not None and (found["Username"], found["Password"]) == ("carol", "from-helper")


def test_a_missing_credential_helper_is_one_clear_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _config(tmp_path, monkeypatch, {"credsStore": "nope-not-installed"})
    with pytest.raises(EngineError) as err:
        credentials_for("reg.test:5000")
    line = err.value.one_line()
    assert line.startswith("credentials for registry reg.test:5000: ")
    assert "credsStore" in line and "\n" not in line


@pytest.mark.parametrize(
    ("detail", "kind", "start", "hint"),
    [
        (
            "unauthorized: authentication required",
            EngineError,
            "image r:5/p/a:1: push to registry r:5 denied: unauthorized",
            "docker login r:5",
        ),
        (
            "no basic auth credentials",
            EngineError,
            "image r:5/p/a:1: push to registry r:5 denied",
            "docker login r:5",
        ),
        (
            "denied: requested access to the resource is denied",
            EngineError,
            "image r:5/p/a:1: push to registry r:5 denied",
            "docker login",
        ),
        (
            'Get "http://r:5/v2/": dial tcp 127.0.0.1:5: connect: connection refused',
            EngineError,
            "image r:5/p/a:1: cannot reach registry r:5",
            "running and reachable",
        ),
        (
            "An image does not exist locally with the tag: r:5/p/a",
            NotFoundError,
            "image r:5/p/a:1: not found locally",
            "build it first",
        ),
        ("something else", EngineError, "image r:5/p/a:1: push to registry r:5 failed: something else", None),
    ],
)
def test_push_errors_name_the_image_the_registry_and_what_to_do(
    detail: str, kind: type, start: str, hint: str | None
) -> None:
    error = docker_engine._push_error("r:5/p/a:1", "r:5", detail)
    assert type(error) is kind
    assert str(error).startswith(start)
    assert (hint is None and error.hint is None) or (hint is not None and hint in (error.hint or ""))


def test_pull_errors_tell_login_and_unreachable_apart() -> None:
    denied = docker_engine._pull_error("r:5/p/a:1", 500, "unauthorized: authentication required")
    assert (
        str(denied) == "image r:5/p/a:1: pull from registry r:5 denied: unauthorized: authentication required"
    )
    assert "docker login r:5" in (denied.hint or "")
    down = docker_engine._pull_error("r:5/p/a:1", 500, "dial tcp 127.0.0.1:5: connect: connection refused")
    assert str(down).startswith("image r:5/p/a:1: cannot reach registry r:5: ")
    missing = docker_engine._pull_error("r:5/p/a:1", 404, "manifest unknown")
    assert isinstance(missing, NotFoundError)


def test_memory_engine_push_then_pull() -> None:
    engine = MemoryEngine(images=["r:5/p/a:1"])
    original = engine.inspect_image("r:5/p/a:1")
    events = []
    digest = engine.push_image("r:5/p/a:1", progress=events.append)
    assert digest.startswith("sha256:") and [e.status for e in events] == ["Pushed"]
    engine.remove_image("r:5/p/a:1")
    assert engine.pull_image("r:5/p/a:1") == original.id  # type: ignore[union-attr]
    with pytest.raises(NotFoundError, match="not found locally"):
        engine.push_image("r:5/p/other:1")
