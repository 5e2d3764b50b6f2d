"""Fixtures for tests against a real Docker Engine.

``engine`` skips the engine tests when no engine answers on a developer machine, but FAILS when ``CI``
is true or ``PYCOMPOSE_REQUIRE_ENGINE=1``: a CI run must never turn green by silently skipping them.
Every resource a test creates carries a unique project label and name prefix (other engineers share
the engine), and ``project`` removes all of them afterwards, whatever the test did.
"""

from __future__ import annotations

import contextlib
import os
import uuid
from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import Any

import pytest

from pycompose import labels as L
from pycompose.engine.base import ContainerSpec
from pycompose.engine.docker import DockerEngine
from pycompose.errors import EngineError

IMAGE = "busybox:1.36"


def engine_required(environ: dict[str, str] | os._Environ[str] = os.environ) -> bool:
    """Whether a missing engine is a failure rather than a reason to skip."""
    ci = environ.get("CI", "").strip().lower() in ("true", "1", "yes")
    return ci or environ.get("PYCOMPOSE_REQUIRE_ENGINE", "").strip() == "1"


@pytest.fixture(scope="session")
def engine() -> Iterator[DockerEngine]:
    eng = DockerEngine.from_environment()
    try:
        eng.ping()
        if eng.inspect_image(IMAGE) is None:
            raise EngineError(f"image {IMAGE} is missing", hint="run bash scripts/ensure-engine.sh")
    except EngineError as exc:
        message = f"no usable Docker Engine for the engine tests: {exc.one_line()}"
        if engine_required():
            pytest.fail(message + " (CI / PYCOMPOSE_REQUIRE_ENGINE=1: not skipping)", pytrace=False)
        pytest.skip(message)
    yield eng
    eng.close()


def cleanup(engine: DockerEngine, project: str) -> None:
    """Remove every container, network and volume labelled with ``project`` or named after it."""
    by_label = L.project_filter(project)
    by_name = {"name": [project]}
    containers = {c.id for f in (by_label, by_name) for c in engine.list_containers(f, all=True)}
    for cid in containers:
        with contextlib.suppress(EngineError):
            engine.remove_container(cid, force=True, volumes=True)
    networks = {n.id for f in (by_label, by_name) for n in engine.list_networks(f)}
    for nid in networks:
        with contextlib.suppress(EngineError):
            engine.remove_network(nid)
    volumes = {v.name for f in (by_label, by_name) for v in engine.list_volumes(f)}
    for name in volumes:
        with contextlib.suppress(EngineError):
            engine.remove_volume(name, force=True)


@pytest.fixture
def project(engine: DockerEngine) -> Iterator[str]:
    """A unique project name (``pcengine-<hex>``); everything it names is removed at teardown."""
    name = f"pcengine-{uuid.uuid4().hex[:10]}"
    yield name
    cleanup(engine, name)


@pytest.fixture
def other_project(engine: DockerEngine) -> Iterator[str]:
    """A second unique project, for "not included" checks."""
    name = f"pcengine-{uuid.uuid4().hex[:10]}"
    yield name
    cleanup(engine, name)


def _compose_labels(project: str, service: str, number: int = 1, **extra: str) -> dict[str, str]:
    """The labels Docker Compose puts on a service container."""
    return {
        L.PROJECT: project,
        L.SERVICE: service,
        L.CONTAINER_NUMBER: str(number),
        L.ONEOFF: "False",
        L.CONFIG_HASH: f"hash-{service}",
        **extra,
    }


Spawn = Callable[..., str]


@pytest.fixture
def compose_labels() -> Callable[..., dict[str, str]]:
    """``compose_labels(project, service, number)``: the labels ``spawn`` puts on a container."""
    return _compose_labels


@pytest.fixture
def spawn(engine: DockerEngine) -> Spawn:
    """``spawn(project, service, number=1, cmd=[...], **body)``: create (not start) a compose-labelled
    busybox container named ``<project>-<service>-<number>`` and return its ID."""

    def make(
        project: str,
        service: str,
        number: int = 1,
        cmd: Sequence[str] = ("sleep", "300"),
        **body: Any,
    ) -> str:
        labels: Mapping[str, str] = _compose_labels(project, service, number)
        spec = ContainerSpec(
            name=L.container_name(project, service, number),
            body={"Image": IMAGE, "Cmd": list(cmd), "Labels": labels, "StopTimeout": 1, **body},
        )
        return engine.create_container(spec)

    return make
