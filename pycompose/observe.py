"""One snapshot of what the engine holds for a project, read with one list call per resource kind.

``observe`` never lists per service (that is what made ``docker compose ps`` take 24 s on 500 services,
docker/compose#11881); the planner reads the frozen ``ObservedState`` and never calls the engine.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

from pycompose import labels
from pycompose.engine.base import ContainerInfo, Engine, ImageInfo, NetworkInfo, VolumeInfo


@dataclass(frozen=True)
class ObservedState:
    """What exists now for one project (and the images its services name)."""

    project: str
    containers: tuple[ContainerInfo, ...] = ()
    networks: Mapping[str, NetworkInfo] = field(default_factory=lambda: MappingProxyType({}))  # by name
    volumes: Mapping[str, VolumeInfo] = field(default_factory=lambda: MappingProxyType({}))  # by name
    images: Mapping[str, ImageInfo] = field(default_factory=lambda: MappingProxyType({}))  # by reference
    #: ``docker inspect`` of the few containers whose config hash is stale, so reasons can say what changed
    details: Mapping[str, Mapping[str, Any]] = field(default_factory=lambda: MappingProxyType({}))

    def service_containers(self, service: str, oneoff: bool = False) -> tuple[ContainerInfo, ...]:
        """The containers of ``service``, lowest container number first."""
        found = [c for c in self.containers if c.service == service and c.oneoff == oneoff]
        return tuple(sorted(found, key=lambda c: (c.number, c.created)))

    def services(self) -> tuple[str, ...]:
        return tuple(sorted({c.service for c in self.containers if not c.oneoff}))


def observe(
    engine: Engine,
    project: str,
    image_refs: tuple[str, ...] = (),
    external_networks: tuple[str, ...] = (),
    external_volumes: tuple[str, ...] = (),
) -> ObservedState:
    """Read the project's containers, networks, volumes, and the images it refers to.

    External networks and volumes are not labelled with the project; they are inspected by name so
    the planner can say "external network X not found" before anything is created.
    """
    selector = labels.project_filter(project)
    containers = tuple(engine.list_containers(selector, all=True))
    networks = {n.name: n for n in engine.list_networks(selector)}
    volumes = {v.name: v for v in engine.list_volumes(selector)}
    for name in external_networks:
        info = engine.inspect_network(name)
        if info is not None:
            networks[name] = info
    for name in external_volumes:
        vol = engine.inspect_volume(name)
        if vol is not None:
            volumes[name] = vol
    images: dict[str, ImageInfo] = {}
    if image_refs:
        wanted = set(image_refs)
        for image in engine.list_images({"dangling": ["false"]}):
            for tag in image.tags:
                if tag in wanted:
                    images[tag] = image
        for ref in wanted - set(images):
            # references without a tag or with a registry prefix normalize differently; ask directly
            info = engine.inspect_image(ref)
            if info is not None:
                images[ref] = info
    return ObservedState(
        project=project,
        containers=containers,
        networks=MappingProxyType(networks),
        volumes=MappingProxyType(volumes),
        images=MappingProxyType(images),
    )
