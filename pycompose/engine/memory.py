"""An in-memory ``Engine`` for planner, executor and command unit tests (in the spirit of httpx's
``MockTransport``): no sockets, no sleeps, deterministic IDs and creation times.

It keeps the engine's rules that callers depend on, with the same error classes and messages as
``DockerEngine``: container names are unique (``ConflictError``), creating a container needs its image
and networks (``NotFoundError``), killing or pausing a stopped container is a conflict, removing a
running container needs ``force``, a network with running containers cannot be removed, stopping what
is stopped is a no-op. What it does not model (processes, ports that really listen, image layers) is
driven by the test instead: ``set_health``, ``exit_container``, ``add_log``, ``exit_on_start``,
``health_on_start``.

Tests assert on ``calls`` (one tuple per engine call: the method name and the resources it named) and
inject failures with ``fail_on={("start_container", "demo-web-1"): EngineError(...)}``. Every method
holds one lock, because the executor calls the engine from a thread pool.
"""

from __future__ import annotations

import fnmatch
import hashlib
import itertools
import os
import re
import signal as signal_module
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta, timezone
from types import MappingProxyType
from typing import Any, TypeVar

from pycompose import labels as L
from pycompose.engine.base import (
    BuildSpec,
    ContainerInfo,
    ContainerSpec,
    EngineEvent,
    ImageInfo,
    ImageProgress,
    LogLine,
    NetworkInfo,
    NetworkSpec,
    OutputSink,
    VolumeInfo,
    VolumeSpec,
)
from pycompose.errors import ConflictError, EngineError, NotFoundError

T = TypeVar("T")

PREDEFINED_NETWORKS = ("bridge", "host", "none")
_PREDEFINED_DRIVERS = {"bridge": "bridge", "host": "host", "none": "null"}
_EPOCH = datetime(2024, 1, 1, tzinfo=timezone.utc)
_RUNNING = ("running", "paused", "restarting")


@dataclass
class _Container:
    id: str
    name: str
    body: dict[str, Any]
    image_id: str
    created: str
    state: str = "created"
    health: str | None = None
    exit_code: int | None = None
    networks: dict[str, dict[str, Any]] = field(default_factory=dict)
    mounts: list[dict[str, Any]] = field(default_factory=list)
    anonymous_volumes: list[str] = field(default_factory=list)
    logs: list[LogLine] = field(default_factory=list)
    ports: list[dict[str, Any]] = field(default_factory=list)
    # files copied in with put_archive: absolute path -> (content, mode, uid, gid)
    files: dict[str, tuple[bytes, int, int, int]] = field(default_factory=dict)

    @property
    def labels(self) -> dict[str, str]:
        return dict(self.body.get("Labels") or {})

    @property
    def has_healthcheck(self) -> bool:
        test = (self.body.get("Healthcheck") or {}).get("Test")
        return bool(test) and list(test) != ["NONE"]

    def info(self) -> ContainerInfo:
        labels = self.labels
        if self.state == "running":
            status = "Up" + (f" ({_health_text(self.health)})" if self.health else "")
        elif self.state == "paused":
            status = "Up (Paused)"
        elif self.state == "exited":
            status = f"Exited ({self.exit_code or 0})"
        else:
            status = self.state.capitalize()
        command = [*(self.body.get("Entrypoint") or []), *(self.body.get("Cmd") or [])]
        return ContainerInfo(
            id=self.id,
            name=self.name,
            project=labels.get(L.PROJECT, ""),
            service=labels.get(L.SERVICE, ""),
            number=_int(labels.get(L.CONTAINER_NUMBER)),
            oneoff=labels.get(L.ONEOFF, "False").lower() == "true",
            state=self.state,
            image=str(self.body.get("Image", "")),
            image_id=self.image_id,
            labels=MappingProxyType(labels),
            health=self.health if self.state == "running" else None,
            exit_code=self.exit_code if self.state in ("exited", "dead") else None,
            created=self.created,
            networks=MappingProxyType({k: MappingProxyType(dict(v)) for k, v in self.networks.items()}),
            mounts=tuple(MappingProxyType(dict(m)) for m in self.mounts),
            ports=tuple(MappingProxyType(dict(p)) for p in self.ports) if self.state in _RUNNING else (),
            status=status,
            command=" ".join(str(c) for c in command),
        )


@dataclass
class _Network:
    id: str
    name: str
    body: dict[str, Any]

    def info(self, containers: tuple[str, ...]) -> NetworkInfo:
        b = self.body
        return NetworkInfo(
            id=self.id,
            name=self.name,
            labels=MappingProxyType(dict(b.get("Labels") or {})),
            driver=_PREDEFINED_DRIVERS.get(self.name) or str(b.get("Driver") or "bridge"),
            internal=bool(b.get("Internal")),
            attachable=bool(b.get("Attachable")),
            enable_ipv6=bool(b.get("EnableIPv6")),
            options=MappingProxyType(dict(b.get("Options") or {})),
            ipam=MappingProxyType(dict(b.get("IPAM") or {"Driver": "default", "Config": []})),
            containers=containers,
        )


class MemoryEngine:
    """A fake engine that keeps containers, networks, volumes and images in dictionaries.

    ``images`` seeds the local image store (references such as ``"busybox:1.36"``); ``add_image`` and
    ``add_remote_image`` (what ``pull_image`` can fetch) add more. ``stop_exit_code`` is the exit code a
    stopped container reports (programs that handle SIGTERM exit 0).
    """

    address = "memory://"

    def __init__(
        self,
        images: Iterable[str] = (),
        *,
        fail_on: Mapping[tuple[str, ...], BaseException] | None = None,
        stop_exit_code: int = 0,
    ) -> None:
        self.calls: list[tuple[str, ...]] = []
        self.fail_on: dict[tuple[str, ...], BaseException] = dict(fail_on or {})
        self.stop_exit_code = stop_exit_code
        #: container or service name -> exit code the container exits with as soon as it starts
        self.exit_on_start: dict[str, int] = {}
        #: container or service name -> health status set when a container with a healthcheck starts
        self.health_on_start: dict[str, str] = {}
        self._lock = threading.RLock()
        self._changed = threading.Condition(self._lock)
        self._ids = itertools.count(1)
        self._clock = itertools.count(1)
        self._ports = itertools.count(32768)
        self._containers: dict[str, _Container] = {}
        self._networks: dict[str, _Network] = {}
        self._volumes: dict[str, VolumeInfo] = {}
        self._images: dict[str, ImageInfo] = {}  # by ID
        self._remote: dict[str, ImageInfo] = {}  # by normalized reference
        #: every BuildSpec built, in order; service -> a counter that changes the next build's image ID
        self.builds: list[BuildSpec] = []
        self.build_revision: dict[str, int] = {}
        self._events: list[EngineEvent] = []
        for name in PREDEFINED_NETWORKS:
            net = _Network(id=self._new_id("network"), name=name, body={"Name": name})
            self._networks[net.id] = net
        for ref in images:
            self.add_image(ref)

    # ------------------------------------------------------------------ test controls
    def add_image(
        self, ref: str, id: str | None = None, labels: Mapping[str, str] | None = None
    ) -> ImageInfo:
        """Put an image in the local store (the tag moves from any image that had it)."""
        with self._lock:
            return self._store_image(
                ImageInfo(id=id or _digest("image", ref), tags=(_normalize(ref),), labels=dict(labels or {}))
            )

    def add_remote_image(
        self, ref: str, id: str | None = None, labels: Mapping[str, str] | None = None
    ) -> ImageInfo:
        """Make ``ref`` pullable: ``pull_image(ref)`` copies it into the local store."""
        with self._lock:
            info = ImageInfo(
                id=id or _digest("remote", ref), tags=(_normalize(ref),), labels=dict(labels or {})
            )
            self._remote[_normalize(ref)] = info
            return info

    def set_health(self, ref: str, status: str) -> None:
        """Set a running container's health (``starting``, ``healthy``, ``unhealthy``)."""
        with self._lock:
            c = self._container(ref)
            if c.health != status:
                c.health = status
                self._emit(c, f"health_status: {status}")

    def exit_container(self, ref: str, exit_code: int = 0) -> None:
        """The container's process ends by itself with ``exit_code`` (a one-shot task finishing)."""
        with self._lock:
            c = self._container(ref)
            if c.state in _RUNNING:
                self._die(c, exit_code)

    def add_log(self, ref: str, text: str, stream: str = "stdout", timestamp: str | None = None) -> None:
        """Append one line per line of ``text`` to the container's log."""
        with self._lock:
            c = self._container(ref)
            for line in text.split("\n"):
                c.logs.append(
                    LogLine(container=c.name, stream=stream, text=line, timestamp=timestamp or self._now())
                )
            self._changed.notify_all()

    @property
    def recorded_events(self) -> list[EngineEvent]:
        """Every event so far (``events()`` follows them like the engine, forever)."""
        with self._lock:
            return list(self._events)

    def call_names(self) -> list[str]:
        """Just the method names of ``calls``, in order."""
        with self._lock:
            return [c[0] for c in self.calls]

    # ------------------------------------------------------------------ engine
    def ping(self) -> Mapping[str, Any]:
        with self._lock:
            self._record("ping")
            return {"Version": "memory", "ApiVersion": "1.41", "Os": "linux", "Arch": "amd64"}

    # ------------------------------------------------------------------ observation
    def list_containers(self, filters: Mapping[str, Sequence[str]], all: bool = True) -> list[ContainerInfo]:
        with self._lock:
            self._record("list_containers")
            _check_filters("list containers", filters, {"label", "name", "id", "status", "ancestor"})
            out = []
            for c in self._containers.values():
                if not all and c.state != "running":
                    continue
                if not _labels_match(c.labels, filters.get("label", ())):
                    continue
                if not _any_match(filters.get("name", ()), lambda v, c=c: re.search(v, c.name) is not None):
                    continue
                if not _any_match(filters.get("id", ()), lambda v, c=c: c.id.startswith(v)):
                    continue
                if not _any_match(filters.get("status", ()), lambda v, c=c: v == c.state):
                    continue
                if not _any_match(
                    filters.get("ancestor", ()), lambda v, c=c: self._find_image(v) == c.image_id
                ):
                    continue
                out.append(c.info())
            return sorted(out, key=lambda i: i.created, reverse=True)  # newest first, like the engine

    def list_networks(self, filters: Mapping[str, Sequence[str]]) -> list[NetworkInfo]:
        with self._lock:
            self._record("list_networks")
            _check_filters("list networks", filters, {"label", "name", "id", "driver", "type"})
            out = []
            for n in self._networks.values():
                info = n.info(())
                if not _labels_match(info.labels, filters.get("label", ())):
                    continue
                if not _any_match(filters.get("name", ()), lambda v, n=n: v in n.name):
                    continue
                if not _any_match(filters.get("id", ()), lambda v, n=n: n.id.startswith(v)):
                    continue
                if not _any_match(filters.get("driver", ()), lambda v, i=info: v == i.driver):
                    continue
                kind = "builtin" if n.name in PREDEFINED_NETWORKS else "custom"
                if not _any_match(filters.get("type", ()), lambda v, k=kind: v == k):
                    continue
                out.append(info)  # like the engine's list: no attached containers
            return out

    def list_volumes(self, filters: Mapping[str, Sequence[str]]) -> list[VolumeInfo]:
        with self._lock:
            self._record("list_volumes")
            _check_filters("list volumes", filters, {"label", "name", "driver", "dangling"})
            used = {m.get("Name") for c in self._containers.values() for m in c.mounts}
            out = []
            for v in self._volumes.values():
                if not _labels_match(v.labels, filters.get("label", ())):
                    continue
                if not _any_match(filters.get("name", ()), lambda x, v=v: x in v.name):
                    continue
                if not _any_match(filters.get("driver", ()), lambda x, v=v: x == v.driver):
                    continue
                if not _any_match(
                    filters.get("dangling", ()), lambda x, v=v: _truthy(x) == (v.name not in used)
                ):
                    continue
                out.append(v)
            return out

    def list_images(self, filters: Mapping[str, Sequence[str]]) -> list[ImageInfo]:
        with self._lock:
            self._record("list_images")
            _check_filters("list images", filters, {"label", "dangling", "reference"})
            out = []
            for img in self._images.values():
                if not _labels_match(img.labels, filters.get("label", ())):
                    continue
                if not _any_match(filters.get("dangling", ()), lambda x, i=img: _truthy(x) == (not i.tags)):
                    continue
                if not _any_match(
                    filters.get("reference", ()),
                    lambda x, i=img: any(
                        fnmatch.fnmatch(t, x) or fnmatch.fnmatch(t, f"{x}:*") for t in i.tags
                    ),
                ):
                    continue
                out.append(img)
            return out

    def inspect_container(self, ref: str) -> ContainerInfo | None:
        with self._lock:
            c = self._lookup_container(ref)
            self._record("inspect_container", c.name if c else ref)
            return c.info() if c else None

    def inspect_container_details(self, ref: str) -> Mapping[str, Any] | None:
        """An inspect-shaped view of the create body (``Config`` and ``HostConfig``)."""
        with self._lock:
            c = self._lookup_container(ref)
            self._record("inspect_container_details", c.name if c else ref)
            if c is None:
                return None
            config = {k: v for k, v in c.body.items() if k not in ("HostConfig", "NetworkingConfig")}
            host = c.body.get("HostConfig") or {}
            return {"Id": c.id, "Name": "/" + c.name, "Config": config, "HostConfig": host}

    def inspect_network(self, ref: str) -> NetworkInfo | None:
        with self._lock:
            n = self._lookup_network(ref)
            self._record("inspect_network", n.name if n else ref)
            return n.info(self._attached(n)) if n else None

    def inspect_volume(self, name: str) -> VolumeInfo | None:
        with self._lock:
            self._record("inspect_volume", name)
            return self._volumes.get(name)

    def inspect_image(self, ref: str) -> ImageInfo | None:
        with self._lock:
            self._record("inspect_image", ref)
            image_id = self._find_image(ref)
            return self._images.get(image_id) if image_id else None

    # ------------------------------------------------------------------ networks and volumes
    def create_network(self, spec: NetworkSpec) -> str:
        with self._lock:
            self._record("create_network", spec.name)
            body = _plain(spec.body)
            name = str(body.get("Name") or spec.name)
            if self._lookup_network(name, by_id=False) is not None:
                raise ConflictError(f"network {name}: conflict: network with name {name} already exists")
            net = _Network(id=self._new_id("network"), name=name, body=body)
            self._networks[net.id] = net
            return net.id

    def remove_network(self, ref: str) -> None:
        with self._lock:
            n = self._lookup_network(ref)
            self._record("remove_network", n.name if n else ref)
            if n is None:
                raise NotFoundError(
                    f"network {ref}: not found", hint="create it (pycompose up) or check the name"
                )
            if n.name in PREDEFINED_NETWORKS:
                raise EngineError(f"network {ref}: {n.name} is a pre-defined network and cannot be removed")
            if any(self._containers[cid].state in _RUNNING for cid in self._attached(n)):
                raise EngineError(
                    f"network {ref}: has active endpoints (containers are still attached)",
                    hint="stop or disconnect the containers attached to it first",
                )
            # stopped containers keep naming it: starting one later fails, as on the engine
            del self._networks[n.id]

    def connect_network(self, network: str, container: str, endpoint: Mapping[str, Any]) -> None:
        with self._lock:
            n = self._lookup_network(network)
            c = self._lookup_container(container)
            self._record("connect_network", n.name if n else network, c.name if c else container)
            if n is None:
                raise NotFoundError(
                    f"network {network}: not found", hint="create it (pycompose up) or check the name"
                )
            if c is None:
                raise NotFoundError(f"container {container}: not found")
            if n.name in c.networks:
                raise EngineError(
                    f"network {network}: endpoint with name {c.name} already exists in network {n.name}"
                )
            c.networks[n.name] = self._endpoint(n, c, endpoint)

    def disconnect_network(self, network: str, container: str, force: bool = False) -> None:
        with self._lock:
            n = self._lookup_network(network)
            c = self._lookup_container(container)
            self._record("disconnect_network", n.name if n else network, c.name if c else container)
            if n is None:
                raise NotFoundError(
                    f"network {network}: not found", hint="create it (pycompose up) or check the name"
                )
            if c is None:
                raise NotFoundError(f"container {container}: not found")
            if n.name not in c.networks:
                raise EngineError(f"network {network}: container {c.id} is not connected to network {n.name}")
            del c.networks[n.name]

    def create_volume(self, spec: VolumeSpec) -> str:
        """Like the engine, creating a volume that exists returns it unchanged."""
        with self._lock:
            self._record("create_volume", spec.name)
            body = _plain(spec.body)
            name = str(body.get("Name") or spec.name)
            if name not in self._volumes:
                self._volumes[name] = VolumeInfo(
                    name=name,
                    labels=MappingProxyType(dict(body.get("Labels") or {})),
                    driver=str(body.get("Driver") or "local"),
                    options=MappingProxyType(dict(body.get("DriverOpts") or {})),
                    mountpoint=f"/var/lib/docker/volumes/{name}/_data",
                )
            return name

    def remove_volume(self, name: str, force: bool = False) -> None:
        with self._lock:
            self._record("remove_volume", name)
            if name not in self._volumes:
                if force:
                    return
                raise NotFoundError(
                    f"volume {name}: not found", hint="create it (pycompose up) or check the name"
                )
            users = [c.id for c in self._containers.values() if any(m.get("Name") == name for m in c.mounts)]
            if users:
                raise ConflictError(
                    f"volume {name}: conflict: remove {name}: volume is in use - [{', '.join(users)}]"
                )
            del self._volumes[name]

    # ------------------------------------------------------------------ images
    def pull_image(
        self,
        ref: str,
        platform: str | None = None,
        auth: Mapping[str, str] | None = None,
        progress: Callable[[ImageProgress], None] | None = None,
    ) -> str:
        with self._lock:
            self._record("pull_image", ref)
            remote = self._remote.get(_normalize(ref))
            if remote is None:
                raise NotFoundError(
                    f"image {ref}: not found in the registry: pull access denied for {ref.split(':')[0]}, "
                    "repository does not exist or may require 'docker login'",
                    hint="build it or check the name (and `docker login` for a private registry)",
                )
            stored = self._store_image(remote)
        if progress is not None:
            progress(ImageProgress(stored.id[7:19], "Pull complete"))
        return stored.id

    def push_image(
        self,
        ref: str,
        auth: Mapping[str, str] | None = None,
        progress: Callable[[ImageProgress], None] | None = None,
    ) -> str:
        """Copy the local image ``ref`` to the fake registry (``pull_image`` can fetch it back); returns
        a digest derived from the reference and the image ID. Failures are injected with ``fail_on``."""
        with self._lock:
            self._record("push_image", ref)
            image_id = self._find_image(ref)
            if image_id is None:
                raise NotFoundError(
                    f"image {ref}: not found locally, nothing to push",
                    hint="build it first (pycompose build) or tag an image with this name",
                )
            image = self._images[image_id]
            self._remote[_normalize(ref)] = replace(image, tags=(_normalize(ref),))
            digest = "sha256:" + _digest("digest", f"{_normalize(ref)}@{image_id}")
        if progress is not None:
            progress(ImageProgress(image_id[7:19], "Pushed"))
        return digest

    def remove_image(self, ref: str, force: bool = False) -> None:
        with self._lock:
            self._record("remove_image", ref)
            image_id = self._find_image(ref)
            if image_id is None:
                raise NotFoundError(f"image {ref}: not found", hint="build it or check the name")
            img = self._images[image_id]
            tag = _normalize(ref)
            if tag in img.tags and len(img.tags) > 1:
                self._images[image_id] = replace(img, tags=tuple(t for t in img.tags if t != tag))
                return
            users = [c.id for c in self._containers.values() if c.image_id == image_id]
            if users and not force:
                raise ConflictError(
                    f"image {ref}: conflict: unable to remove repository reference {ref!r} "
                    f"(must force) - container {users[0][:12]} is using its referenced image {image_id[7:19]}"
                )
            del self._images[image_id]

    def build_image(self, spec: BuildSpec, output: OutputSink | None = None) -> str:
        """A "build": the image ID is a digest of the spec and of the Dockerfile's text (read from disk
        when the context exists), so an unchanged build gives the same ID and an edited Dockerfile a new
        one, as the layer cache does. ``fail_on[("build_image", <image>)]`` makes it fail;
        ``build_revision[<service>]`` changes the ID as an edit of the context would."""
        with self._lock:
            self._record("build_image", spec.image)
            self.builds.append(spec)
            text = spec.dockerfile_inline
            if text is None:
                name = spec.dockerfile or "Dockerfile"
                path = name if os.path.isabs(name) else os.path.join(spec.context, name)
                try:
                    with open(path, encoding="utf-8") as handle:
                        text = handle.read()
                except OSError:
                    text = ""
            seed = repr(
                (
                    text,
                    sorted(spec.args.items()),
                    spec.target,
                    sorted(spec.labels.items()),
                    spec.platform,
                    self.build_revision.get(spec.service, 0),
                )
            )
            instructions = [line for line in text.splitlines() if line.strip()] or ["FROM scratch"]
            env = tuple(f"{k}={v}" for k, v in spec.args.items())
            stored = self._store_image(
                ImageInfo(
                    id=_digest("image", seed),
                    tags=tuple(_normalize(t) for t in spec.tags),
                    labels=dict(spec.labels),
                    env=env,
                )
            )
        if output is not None:
            for number, instruction in enumerate(instructions, 1):
                output(f"Step {number}/{len(instructions)} : {instruction}")
            output(f"Successfully built {stored.id[7:19]}")
        return stored.id

    # ------------------------------------------------------------------ containers
    def create_container(self, spec: ContainerSpec) -> str:
        """A container from its create body: labels, image, networks, mounts, ports, healthcheck."""
        with self._lock:
            self._record("create_container", spec.name)
            body = _plain(spec.body)
            existing = self._lookup_container(spec.name, by_id=False)
            if existing is not None:
                raise ConflictError(
                    f'container {spec.name}: conflict: the container name "/{spec.name}" is already in use '
                    f'by container "{existing.id}". You have to remove (or rename) that container to be able '
                    "to reuse that name"
                )
            image = str(body.get("Image") or "")
            image_id = self._find_image(image)
            if image_id is None:
                raise NotFoundError(f"image {image}: not found", hint="build it or check the name")
            host = body.get("HostConfig") or {}
            mode = str(host.get("NetworkMode") or "default")
            wanted = dict((body.get("NetworkingConfig") or {}).get("EndpointsConfig") or {})
            if mode == "default":
                mode = "bridge"
            if not mode.startswith("container:") and mode not in wanted:
                wanted = {mode: {}, **wanted}
            nets = []
            for net_name in wanted:
                n = self._lookup_network(net_name)
                if n is None:
                    raise NotFoundError(
                        f"network {net_name}: not found", hint="create it (pycompose up) or check the name"
                    )
                nets.append(n)
            c = _Container(
                id=self._new_id("container"),
                name=spec.name,
                body=body,
                image_id=image_id,
                created=self._created(),
            )
            for n in nets:
                c.networks[n.name] = self._endpoint(n, c, wanted.get(n.name) or wanted.get(n.id) or {})
            self._mount_volumes(c, host)
            self._containers[c.id] = c
            self._emit(c, "create")
            return c.id

    def start_container(self, ref: str) -> None:
        with self._lock:
            c = self._named("start_container", ref)
            if c.state in ("running", "restarting"):
                return  # the engine answers 304
            if c.state == "paused":
                raise ConflictError(
                    f"container {ref}: conflict: cannot start a paused container, try unpause instead"
                )
            self._start(c)

    def stop_container(self, ref: str, timeout: int | None = None) -> None:
        with self._lock:
            c = self._named("stop_container", ref)
            if c.state in _RUNNING:
                self._emit(c, "kill", signal="15")
                self._die(c, self.stop_exit_code)
                self._emit(c, "stop")

    def restart_container(self, ref: str, timeout: int | None = None) -> None:
        with self._lock:
            c = self._named("restart_container", ref)
            if c.state in _RUNNING:
                self._die(c, self.stop_exit_code)
            self._start(c)
            self._emit(c, "restart")

    def kill_container(self, ref: str, signal: str = "SIGKILL") -> None:
        with self._lock:
            c = self._named("kill_container", ref, signal)
            if c.state not in _RUNNING:
                raise ConflictError(
                    f"container {ref}: conflict: cannot kill container: {c.id}: "
                    f"container {c.id} is not running"
                )
            number = _signal_number(signal)
            self._emit(c, "kill", signal=str(number))
            if number in (signal_module.SIGKILL, signal_module.SIGTERM, signal_module.SIGINT):
                self._die(c, 128 + number)

    def pause_container(self, ref: str) -> None:
        with self._lock:
            c = self._named("pause_container", ref)
            if c.state != "running":
                what = "is already paused" if c.state == "paused" else "is not running"
                raise ConflictError(f"container {ref}: conflict: container {c.id} {what}")
            c.state = "paused"
            self._emit(c, "pause")

    def unpause_container(self, ref: str) -> None:
        with self._lock:
            c = self._named("unpause_container", ref)
            if c.state != "paused":
                raise ConflictError(f"container {ref}: conflict: container {c.id} is not paused")
            c.state = "running"
            self._emit(c, "unpause")

    def remove_container(self, ref: str, force: bool = False, volumes: bool = False) -> None:
        with self._lock:
            c = self._named("remove_container", ref)
            if c.state in _RUNNING:
                if not force:
                    raise ConflictError(
                        f"container {ref}: conflict: you cannot remove a running container {c.id}. Stop the "
                        "container before attempting removal or force remove"
                    )
                self._emit(c, "kill", signal="9")
                self._die(c, 137)
            del self._containers[c.id]
            if volumes:
                for name in c.anonymous_volumes:
                    self._volumes.pop(name, None)
            self._emit(c, "destroy")

    def rename_container(self, ref: str, new_name: str) -> None:
        with self._lock:
            c = self._named("rename_container", ref, new_name)
            other = self._lookup_container(new_name, by_id=False)
            if other is not None and other is not c:
                raise ConflictError(
                    f'container {ref}: conflict: the container name "/{new_name}" is already in use by '
                    f'container "{other.id}". You have to remove (or rename) that container to be able to '
                    "reuse that name"
                )
            old = c.name
            c.name = new_name
            for line_index, line in enumerate(c.logs):
                c.logs[line_index] = replace(line, container=new_name)
            self._emit(c, "rename", oldName=f"/{old}")

    def put_archive(self, ref: str, path: str, data: bytes, copy_uid_gid: bool = False) -> None:
        """Extract the regular files of a tar archive under ``path`` into ``files`` (owners kept only
        with ``copy_uid_gid``, as the engine does for a container without a ``User``)."""
        import io
        import posixpath
        import tarfile

        with self._lock:
            c = self._named("put_archive", ref, path)
            with tarfile.open(fileobj=io.BytesIO(data)) as archive:
                for member in archive.getmembers():
                    if not member.isfile():
                        continue
                    handle = archive.extractfile(member)
                    content = handle.read() if handle is not None else b""
                    target = posixpath.normpath(posixpath.join(path, member.name.lstrip("/")))
                    owner = (member.uid, member.gid) if copy_uid_gid else (0, 0)
                    c.files[target] = (content, member.mode, *owner)

    def wait_container(self, ref: str, timeout: float | None = None) -> int:
        """Block until the container is not running (``exit_container``, ``stop``... from another
        thread), like the engine's ``condition=not-running``."""
        with self._lock:
            c = self._named("wait_container", ref)
            deadline = None if timeout is None else time.monotonic() + timeout
            while c.state in _RUNNING:
                left = None if deadline is None else deadline - time.monotonic()
                if left is not None and left <= 0:
                    raise EngineError(
                        f"container {ref}: still running after {timeout:g}s",
                        hint="raise the timeout or stop it",
                    )
                self._changed.wait(left)
            return c.exit_code or 0

    def top(self, ref: str, ps_args: str | None = None) -> Mapping[str, Any]:
        with self._lock:
            c = self._named("top", ref)
            if c.state not in _RUNNING:
                raise ConflictError(f"container {ref}: conflict: container {c.id} is not running")
            info = c.info()
            return {
                "Titles": ["PID", "USER", "TIME", "COMMAND"],
                "Processes": [["1", "root", "0:00", info.command]],
            }

    def logs(
        self,
        ref: str,
        follow: bool = False,
        tail: str = "all",
        since: str | None = None,
        until: str | None = None,
        timestamps: bool = False,
    ) -> Iterator[LogLine]:
        """Lines added with ``add_log``; with ``follow`` it waits for more until the container stops or
        the iterator's ``close()`` is called. ``since``/``until`` compare RFC 3339 timestamps."""
        with self._lock:
            c = self._named("logs", ref)
            start = 0
            if tail not in ("all", "", None) and int(tail) >= 0:
                start = max(0, len(c.logs) - int(tail))

            def accept(line: LogLine) -> LogLine | None:
                stamp = line.timestamp or ""
                if since and stamp < since:
                    return None
                if until and stamp >= until:
                    return None
                return line if timestamps else replace(line, timestamp=None)

            def finished() -> bool:
                return c.state not in _RUNNING or c.id not in self._containers

            return _Feed(self._changed, c.logs, accept, start, follow, finished)

    def events(
        self, filters: Mapping[str, Sequence[str]], since: float | None = None, until: float | None = None
    ) -> Iterator[EngineEvent]:
        """Events from ``since`` (else only new ones) as they happen; like the engine's stream it never
        ends by itself: call ``close()`` on the iterator (any thread). ``recorded_events`` is the
        finite view for assertions. With ``until`` only the events recorded so far up to that time
        are given, then the stream ends."""
        with self._lock:
            self._record("events")
            _check_filters("events", filters, {"type", "label", "container", "event"})
            types = list(filters.get("type", ()))

            def accept(ev: EngineEvent) -> EngineEvent | None:
                if since is not None and ev.time < since:
                    return None
                if until is not None and ev.time > until:
                    return None
                if types and "container" not in types:
                    return None
                if not _labels_match(ev.labels, filters.get("label", ())):
                    return None
                names = (ev.container_name, ev.container_id)
                if not _any_match(filters.get("container", ()), lambda v: v in names):
                    return None
                if not _any_match(filters.get("event", ()), lambda v: ev.action.split(":")[0] == v):
                    return None
                return ev

            start = 0 if since is not None else len(self._events)
            return _Feed(self._changed, self._events, accept, start, until is None, lambda: False)

    # ------------------------------------------------------------------ internals
    def _record(self, method: str, *args: str, alias: str | None = None) -> None:
        """Log the call, then raise the failure injected for it, if any: ``fail_on`` keys are the
        whole call tuple, the method and its first resource, or the method alone; ``alias`` is the ref
        the caller used when it was an ID rather than the name logged."""
        self.calls.append((method, *args))
        keys = [(method, *args), (method, *args[:1])]
        if alias is not None:
            keys.append((method, alias))
        keys.append((method,))
        for key in keys:
            if key in self.fail_on:
                raise self.fail_on[key]

    def _named(self, method: str, ref: str, *extra: str) -> _Container:
        """Record a call about container ``ref`` (logged by name) and return it, or raise NotFoundError."""
        c = self._lookup_container(ref)
        self._record(method, c.name if c else ref, *extra, alias=ref)
        if c is None:
            raise NotFoundError(f"container {ref}: not found")
        return c

    def _new_id(self, kind: str) -> str:
        return _digest(kind, str(next(self._ids)))

    def _created(self) -> str:
        """Distinct, increasing creation times so "oldest replica first" is deterministic."""
        return (_EPOCH + timedelta(seconds=next(self._clock))).strftime("%Y-%m-%dT%H:%M:%S.000000000Z")

    def _now(self) -> str:
        return datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%fZ")

    def _lookup_container(self, ref: str, by_id: bool = True) -> _Container | None:
        """By full ID, then name, then unique ID prefix: the engine's order."""
        if by_id and ref in self._containers:
            return self._containers[ref]
        name = ref.lstrip("/")
        for c in self._containers.values():
            if c.name == name:
                return c
        if by_id and ref:
            found = [c for cid, c in self._containers.items() if cid.startswith(ref)]
            if len(found) == 1:
                return found[0]
        return None

    def _container(self, ref: str) -> _Container:
        c = self._lookup_container(ref)
        if c is None:
            raise NotFoundError(f"container {ref}: not found")
        return c

    def _lookup_network(self, ref: str, by_id: bool = True) -> _Network | None:
        if by_id and ref in self._networks:
            return self._networks[ref]
        for n in self._networks.values():
            if n.name == ref:
                return n
        if by_id and ref:
            found = [n for nid, n in self._networks.items() if nid.startswith(ref)]
            if len(found) == 1:
                return found[0]
        return None

    def _attached(self, n: _Network) -> tuple[str, ...]:
        return tuple(c.id for c in self._containers.values() if n.name in c.networks)

    def _endpoint(self, n: _Network, c: _Container, endpoint: Mapping[str, Any]) -> dict[str, Any]:
        ep = _plain(endpoint)
        ep["NetworkID"] = n.id
        ep.setdefault("Aliases", None)
        ep["Aliases"] = [*(ep["Aliases"] or []), c.id[:12]] if n.name not in PREDEFINED_NETWORKS else None
        return ep

    def _find_image(self, ref: str) -> str | None:
        if not ref:
            return None
        if ref in self._images:
            return ref
        if not ref.startswith("sha256:") and f"sha256:{ref}" in self._images:
            return f"sha256:{ref}"
        tag = _normalize(ref)
        for img in self._images.values():
            if tag in img.tags:
                return img.id
        found = [i for i in self._images if i.startswith(ref) or i.startswith(f"sha256:{ref}")]
        return found[0] if len(found) == 1 else None

    def _store_image(self, info: ImageInfo) -> ImageInfo:
        """Store ``info``, moving its tags away from other images (which may become dangling)."""
        for other_id, other in list(self._images.items()):
            if other_id != info.id and set(other.tags) & set(info.tags):
                self._images[other_id] = replace(
                    other, tags=tuple(t for t in other.tags if t not in info.tags)
                )
        old = self._images.get(info.id)
        tags = tuple(dict.fromkeys((*(old.tags if old else ()), *info.tags)))
        stored = replace(info, tags=tags, labels=MappingProxyType(dict(info.labels)))
        self._images[info.id] = stored
        return stored

    def _mount_volumes(self, c: _Container, host: Mapping[str, Any]) -> None:
        """Named volumes are created on first use, as the engine does; anonymous ones get an ID name."""
        for m in host.get("Mounts") or ():
            kind = m.get("Type", "volume")
            source = m.get("Source") or ""
            if kind == "volume":
                if not source:
                    source = self._new_id("volume")
                    c.anonymous_volumes.append(source)
                self._ensure_volume(source)
                c.mounts.append(
                    {
                        "Type": "volume",
                        "Name": source,
                        "Destination": m.get("Target", ""),
                        "RW": not m.get("ReadOnly"),
                    }
                )
            else:
                c.mounts.append(
                    {
                        "Type": kind,
                        "Source": source,
                        "Destination": m.get("Target", ""),
                        "RW": not m.get("ReadOnly"),
                    }
                )
        for bind in host.get("Binds") or ():
            source, _, rest = str(bind).partition(":")
            target = rest.split(":")[0]
            if source.startswith(("/", ".", "~")):
                c.mounts.append(
                    {"Type": "bind", "Source": source, "Destination": target, "RW": ":ro" not in rest}
                )
            else:
                self._ensure_volume(source)
                c.mounts.append(
                    {"Type": "volume", "Name": source, "Destination": target, "RW": ":ro" not in rest}
                )

    def _ensure_volume(self, name: str) -> None:
        if name not in self._volumes:
            self._volumes[name] = VolumeInfo(name=name, mountpoint=f"/var/lib/docker/volumes/{name}/_data")

    def _start(self, c: _Container) -> None:
        for name in c.networks:
            if self._lookup_network(name) is None:
                raise NotFoundError(
                    f"network {name}: not found", hint="create it (pycompose up) or check the name"
                )
        c.state = "running"
        c.exit_code = None
        c.health = "starting" if c.has_healthcheck else None
        c.ports = self._ports_for(c)
        self._emit(c, "start")
        keys = (c.name, c.labels.get(L.SERVICE, ""))
        health = next((self.health_on_start[k] for k in keys if k in self.health_on_start), None)
        if health and c.has_healthcheck:
            c.health = health
            self._emit(c, f"health_status: {health}")
        code = next((self.exit_on_start[k] for k in keys if k in self.exit_on_start), None)
        if code is not None:
            self._die(c, code)

    def _ports_for(self, c: _Container) -> list[dict[str, Any]]:
        out = []
        bindings = (c.body.get("HostConfig") or {}).get("PortBindings") or {}
        for key, binds in bindings.items():
            private, _, proto = str(key).partition("/")
            for b in binds or [{}]:
                host_port = (b or {}).get("HostPort") or ""
                public = int(host_port.split("-")[0]) if host_port else next(self._ports)
                out.append(
                    {
                        "IP": (b or {}).get("HostIp") or "0.0.0.0",
                        "PrivatePort": int(private),
                        "PublicPort": public,
                        "Type": proto or "tcp",
                    }
                )
        return out

    def _die(self, c: _Container, exit_code: int) -> None:
        c.state = "exited"
        c.exit_code = exit_code
        c.health = None
        c.ports = []
        self._emit(c, "die", exitCode=str(exit_code))

    def _emit(self, c: _Container, action: str, **extra: str) -> None:
        labels = c.labels
        attributes = {**labels, "name": c.name, "image": str(c.body.get("Image", "")), **extra}
        self._events.append(
            EngineEvent(
                action=action,
                container_id=c.id,
                container_name=c.name,
                labels=labels,
                time=time.time(),
                attributes=attributes,
            )
        )
        self._changed.notify_all()


class _Feed(Iterator[T]):
    """Items of a shared, append-only list, in order, waiting for new ones when following.

    ``close()`` from another thread wakes a waiting reader (a generator could not be closed while
    another thread runs it), so a follower can be stopped the way the engine's streams are.
    """

    def __init__(
        self,
        cond: threading.Condition,
        items: list[Any],
        accept: Callable[[Any], T | None],
        start: int,
        follow: bool,
        finished: Callable[[], bool],
    ) -> None:
        self._cond = cond
        self._items = items
        self._accept = accept
        self._pos = start
        self._follow = follow
        self._finished = finished
        self._closed = False

    def __iter__(self) -> _Feed[T]:
        return self

    def __next__(self) -> T:
        with self._cond:
            while True:
                if self._closed:
                    raise StopIteration
                while self._pos < len(self._items):
                    item = self._accept(self._items[self._pos])
                    self._pos += 1
                    if item is not None:
                        return item
                if not self._follow or self._finished():
                    raise StopIteration
                self._cond.wait()

    def close(self) -> None:
        with self._cond:
            self._closed = True
            self._cond.notify_all()


# ---------------------------------------------------------------------- helpers
def _digest(kind: str, seed: str) -> str:
    digest = hashlib.sha256(f"{kind}:{seed}".encode()).hexdigest()
    return f"sha256:{digest}" if kind in ("image", "remote") else digest


def _normalize(ref: str) -> str:
    """``busybox`` -> ``busybox:latest``; ``docker.io/library/x`` -> ``x``, as the engine resolves them."""
    for prefix in ("docker.io/library/", "index.docker.io/library/", "docker.io/"):
        if ref.startswith(prefix):
            ref = ref[len(prefix) :]
            break
    if "@" in ref:
        return ref
    last = ref.rsplit("/", 1)[-1]
    return ref if ":" in last else f"{ref}:latest"


def _plain(value: Any) -> Any:
    if isinstance(value, Mapping):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    return value


def _int(value: Any) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return 0


def _truthy(value: str) -> bool:
    return str(value).lower() in ("1", "true")


def _health_text(health: str) -> str:
    return "health: starting" if health == "starting" else health


def _signal_number(sig: str | int) -> int:
    if isinstance(sig, int) or str(sig).isdigit():
        return int(sig)
    name = str(sig).upper()
    name = name if name.startswith("SIG") else f"SIG{name}"
    try:
        return int(signal_module.Signals[name])
    except KeyError as exc:
        raise EngineError(f"invalid signal: {sig}") from exc


def _check_filters(what: str, filters: Mapping[str, Sequence[str]], known: set[str]) -> None:
    for key in filters:
        if key not in known:
            raise EngineError(f"{what}: invalid filter '{key}'")


def _values(values: Sequence[str] | str) -> list[str]:
    return [values] if isinstance(values, str) else list(values)


def _labels_match(labels: Mapping[str, str], wanted: Sequence[str] | str) -> bool:
    """Every ``key`` or ``key=value`` in ``wanted`` holds (the engine ANDs label filters)."""
    for item in _values(wanted):
        key, eq, value = item.partition("=")
        if key not in labels or (eq and labels[key] != value):
            return False
    return True


def _any_match(wanted: Sequence[str] | str, pred: Callable[[str], bool]) -> bool:
    """No values: no constraint; else at least one value matches (the engine ORs other filters)."""
    values = _values(wanted)
    return not values or any(pred(v) for v in values)
