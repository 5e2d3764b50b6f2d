"""observe() against a real engine: one list call per resource kind, and only the project's resources.

This is the property that keeps ``ps``/``up`` fast on large projects (docker/compose#11881 listed per
service): the engine is wrapped to count calls, so a regression to per-service or per-container calls
fails here.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from typing import Any

import pytest

from pycompose import labels as L
from pycompose.engine.base import NetworkSpec, VolumeSpec
from pycompose.engine.docker import DockerEngine
from pycompose.observe import observe

pytestmark = pytest.mark.engine

IMAGE = "busybox:1.36"


class CountingEngine:
    """Forwards to a real engine and counts calls by method name."""

    def __init__(self, inner: DockerEngine) -> None:
        self.inner = inner
        self.address = inner.address
        self.counts: Counter[str] = Counter()

    def __getattr__(self, name: str) -> Any:
        target = getattr(self.inner, name)
        if not callable(target):
            return target

        def counted(*args: Any, **kwargs: Any) -> Any:
            self.counts[name] += 1
            return target(*args, **kwargs)

        return counted


def test_observe_reads_each_kind_once(
    engine: DockerEngine, project: str, other_project: str, spawn: Callable[..., str]
) -> None:
    net = L.resource_name(project, "default")
    vol = L.resource_name(project, "data")
    engine.create_network(NetworkSpec(net, {"Labels": {L.PROJECT: project, L.NETWORK: "default"}}))
    engine.create_volume(VolumeSpec(vol, {"Labels": {L.PROJECT: project, L.VOLUME: "data"}}))
    for service in ("web", "db"):
        for number in (1, 2):
            spawn(project, service, number, HostConfig={"NetworkMode": net})
    engine.start_container(f"{project}-web-1")
    # another project on the same engine, including a same-named network key
    other_net = L.resource_name(other_project, "default")
    engine.create_network(NetworkSpec(other_net, {"Labels": {L.PROJECT: other_project}}))
    spawn(other_project, "web", 1)

    counting = CountingEngine(engine)
    state = observe(counting, project, image_refs=(IMAGE,))  # type: ignore[arg-type]

    assert counting.counts == Counter(list_containers=1, list_networks=1, list_volumes=1, list_images=1)
    assert state.project == project
    assert sorted((c.service, c.number) for c in state.containers) == [
        ("db", 1),
        ("db", 2),
        ("web", 1),
        ("web", 2),
    ]
    assert all(c.project == project for c in state.containers)
    assert state.services() == ("db", "web")
    assert [c.state for c in state.service_containers("web")] == ["running", "created"]
    assert set(state.networks) == {net}
    assert state.networks[net].labels[L.NETWORK] == "default"
    assert set(state.volumes) == {vol}
    assert set(state.images) == {IMAGE}
    assert state.images[IMAGE].id == state.containers[0].image_id
