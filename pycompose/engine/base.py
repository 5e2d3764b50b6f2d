"""What pycompose needs from a container engine, as plain data and one protocol.

The observer, the executor and the commands talk to an ``Engine``; ``engine/docker.py`` implements it over
docker-py, ``engine/memory.py`` in memory for planner/executor unit tests. Everything crossing this
boundary is a frozen dataclass or an Engine API JSON body, so no caller imports ``docker``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any, Protocol

EMPTY: Mapping[str, Any] = MappingProxyType({})


def _empty() -> Mapping[str, Any]:
    """The shared read-only empty mapping, as a default factory: dataclasses refuse an unhashable
    default such as a ``MappingProxyType`` (ValueError at import on Python 3.11+)."""
    return EMPTY


@dataclass(frozen=True)
class ContainerInfo:
    """One container as observed (from a list call, or an inspect during waits)."""

    id: str
    name: str  # without the leading "/"
    project: str
    service: str
    number: int
    oneoff: bool
    state: str  # created | running | paused | restarting | removing | exited | dead
    image: str  # the image reference it was created from (Config.Image)
    image_id: str  # the image ID it runs (sha256:...)
    labels: Mapping[str, str] = field(default_factory=_empty)
    health: str | None = None  # None (no healthcheck) | starting | healthy | unhealthy
    exit_code: int | None = None
    created: str = ""  # RFC 3339, for ordering (the oldest replicas are kept)
    # engine network name -> endpoint settings
    networks: Mapping[str, Mapping[str, Any]] = field(default_factory=_empty)
    mounts: tuple[Mapping[str, Any], ...] = ()
    ports: tuple[Mapping[str, Any], ...] = ()  # [{"PrivatePort", "PublicPort", "Type", "IP"}]
    status: str = ""  # human text ("Up 3 seconds (healthy)")
    command: str = ""

    @property
    def config_hash(self) -> str | None:
        return self.labels.get("com.docker.compose.config-hash")


@dataclass(frozen=True)
class NetworkInfo:
    """One network as observed (from a list call, or an inspect by name for external networks)."""

    id: str
    name: str
    labels: Mapping[str, str] = field(default_factory=_empty)
    driver: str = "bridge"
    internal: bool = False
    attachable: bool = False
    enable_ipv6: bool = False
    options: Mapping[str, str] = field(default_factory=_empty)
    ipam: Mapping[str, Any] = field(default_factory=_empty)
    containers: tuple[str, ...] = ()  # IDs of attached containers, when known


@dataclass(frozen=True)
class VolumeInfo:
    """One volume as observed (list call, or an inspect by name for external volumes)."""

    name: str
    labels: Mapping[str, str] = field(default_factory=_empty)
    driver: str = "local"
    options: Mapping[str, str] = field(default_factory=_empty)
    mountpoint: str = ""


@dataclass(frozen=True)
class ImageInfo:
    """One local image as observed; the fields an inspect adds (``env``, ``platform``...) stay empty after
    a list call."""

    id: str
    tags: tuple[str, ...] = ()
    labels: Mapping[str, str] = field(default_factory=_empty)
    env: tuple[str, ...] = ()  # the image's Config.Env, when inspected (to tell image env from service env)
    repo_digests: tuple[str, ...] = ()  # ``repo@sha256:...`` of the registries it was pushed to/pulled from
    size: int = 0  # bytes
    created: str = ""  # RFC 3339: when the image was built
    last_tag_time: str = ""  # RFC 3339: when it was last tagged locally, "" when never (a pulled image)
    platform: str = ""  # ``os/arch[/variant]``, when inspected


@dataclass(frozen=True)
class ImageProgress:
    """One event of a pull or push stream: a layer's status (``Preparing``, ``Pushing``, ``Pushed``,
    ``Layer already exists``, ``Downloading``...), with byte counts while it transfers."""

    layer: str  # the layer's short ID, "" for an event about the whole image
    status: str
    current: int | None = None
    total: int | None = None


@dataclass(frozen=True)
class ContainerSpec:
    """A container to create: its name and the Engine API ``POST /containers/create`` body."""

    name: str
    body: Mapping[str, Any]
    platform: str | None = None


@dataclass(frozen=True)
class NetworkSpec:
    """A network to create: the Engine API ``POST /networks/create`` body (``Name`` included)."""

    name: str
    body: Mapping[str, Any]


@dataclass(frozen=True)
class VolumeSpec:
    """A volume to create: the Engine API ``POST /volumes/create`` body (``Name`` included)."""

    name: str
    body: Mapping[str, Any]


@dataclass(frozen=True)
class BuildSpec:
    """An image to build with the engine's builder (``POST /build``), every path absolute.

    ``tags[0]`` is the service's image (``image:``, else ``<project>-<service>``), then ``build.tags``.
    ``context`` is a directory or a git / http(s) URL; the Dockerfile is ``dockerfile_inline`` (its text)
    when set, else ``dockerfile`` (absolute, or relative to the context; ``Dockerfile`` when None).
    ``extra_hosts`` are ``host:ip`` as the Engine API wants them; sizes are bytes.
    """

    service: str
    tags: tuple[str, ...]
    context: str
    dockerfile: str | None = None
    dockerfile_inline: str | None = None
    args: Mapping[str, str] = field(default_factory=_empty)
    target: str | None = None
    labels: Mapping[str, str] = field(default_factory=_empty)
    cache_from: tuple[str, ...] = ()
    network: str | None = None
    shm_size: int | None = None
    extra_hosts: tuple[str, ...] = ()
    pull: bool = False
    no_cache: bool = False
    platform: str | None = None
    memory: int | None = None
    isolation: str | None = None

    @property
    def image(self) -> str:
        return self.tags[0]


#: receives build output, one line at a time (without its newline)
OutputSink = Callable[[str], None]


@dataclass(frozen=True)
class LogLine:
    """One line of a container's output, as ``logs`` and the attached ``up`` print it."""

    container: str  # container name
    stream: str  # stdout | stderr
    text: str  # one line, without its newline
    timestamp: str | None = None


@dataclass(frozen=True)
class EngineEvent:
    """An engine event about a container (``start``, ``die``, ``health_status: healthy``, ...)."""

    action: str
    container_id: str
    container_name: str
    labels: Mapping[str, str] = field(default_factory=dict)
    time: float = 0.0
    # every Actor attribute the engine sent (labels plus name, image, exitCode, signal...): a ``die``
    # event's exit code lives here
    attributes: Mapping[str, str] = field(default_factory=dict)
    time_nano: int = 0  # the engine's timeNano (``time`` as a float loses the nanoseconds)


class Engine(Protocol):
    """The engine operations pycompose uses. All calls block; names or IDs are accepted where the
    Engine API accepts either. Failures raise ``pycompose.errors.EngineError`` naming the resource."""

    address: str

    def ping(self) -> Mapping[str, Any]: ...

    # observation: one list call per kind, filtered by labels
    def list_containers(
        self, filters: Mapping[str, Sequence[str]], all: bool = True
    ) -> list[ContainerInfo]: ...
    def list_networks(self, filters: Mapping[str, Sequence[str]]) -> list[NetworkInfo]: ...
    def list_volumes(self, filters: Mapping[str, Sequence[str]]) -> list[VolumeInfo]: ...
    def list_images(self, filters: Mapping[str, Sequence[str]]) -> list[ImageInfo]: ...
    def inspect_container(self, ref: str) -> ContainerInfo | None: ...
    def inspect_container_details(self, ref: str) -> Mapping[str, Any] | None: ...
    def inspect_network(self, ref: str) -> NetworkInfo | None: ...
    def inspect_volume(self, name: str) -> VolumeInfo | None: ...
    def inspect_image(self, ref: str) -> ImageInfo | None: ...

    # networks and volumes
    def create_network(self, spec: NetworkSpec) -> str: ...
    def remove_network(self, ref: str) -> None: ...
    def connect_network(self, network: str, container: str, endpoint: Mapping[str, Any]) -> None: ...
    def disconnect_network(self, network: str, container: str, force: bool = False) -> None: ...
    def create_volume(self, spec: VolumeSpec) -> str: ...
    def remove_volume(self, name: str, force: bool = False) -> None: ...

    # images. ``auth`` None: the credentials the docker CLI would send to the image's registry
    # (``$DOCKER_CONFIG/config.json``: auths, credsStore, credHelpers). ``progress`` is called from the
    # calling thread for each layer event. Both return the image ID (pull) or the pushed digest (push).
    def pull_image(
        self,
        ref: str,
        platform: str | None = None,
        auth: Mapping[str, str] | None = None,
        progress: Callable[[ImageProgress], None] | None = None,
    ) -> str: ...
    def push_image(
        self,
        ref: str,
        auth: Mapping[str, str] | None = None,
        progress: Callable[[ImageProgress], None] | None = None,
    ) -> str: ...
    def remove_image(self, ref: str, force: bool = False) -> None: ...
    # ``output`` gets the builder's lines (calling thread); a failing build raises
    # ``pycompose.errors.BuildError`` naming the service and the failing step. Returns the image ID.
    def build_image(self, spec: BuildSpec, output: OutputSink | None = None) -> str: ...

    # containers
    def create_container(self, spec: ContainerSpec) -> str: ...
    def start_container(self, ref: str) -> None: ...
    def stop_container(self, ref: str, timeout: int | None = None) -> None: ...
    def restart_container(self, ref: str, timeout: int | None = None) -> None: ...
    def kill_container(self, ref: str, signal: str = "SIGKILL") -> None: ...
    def pause_container(self, ref: str) -> None: ...
    def unpause_container(self, ref: str) -> None: ...
    def remove_container(self, ref: str, force: bool = False, volumes: bool = False) -> None: ...
    def rename_container(self, ref: str, new_name: str) -> None: ...
    def put_archive(self, ref: str, path: str, data: bytes, copy_uid_gid: bool = False) -> None: ...
    def wait_container(self, ref: str, timeout: float | None = None) -> int: ...
    def top(self, ref: str, ps_args: str | None = None) -> Mapping[str, Any]: ...
    def logs(
        self,
        ref: str,
        follow: bool = False,
        tail: str = "all",
        since: str | None = None,
        until: str | None = None,
        timestamps: bool = False,
    ) -> Iterator[LogLine]: ...
    def events(
        self, filters: Mapping[str, Sequence[str]], since: float | None = None, until: float | None = None
    ) -> Iterator[EngineEvent]: ...


class ContainerIO(Protocol):
    """What ``run``, ``exec``, ``cp``, ``stats`` and ``events`` need beyond ``Engine``: the streams of a
    container (hijacked ``attach``/``exec`` connections, ``engine/hijack.py``), its files and its
    resource usage. ``DockerEngine`` implements it; the planner and executor never need it."""

    def attach_container(self, ref: str, stdin: bool = False) -> Any: ...
    def wait_condition(self, ref: str, condition: str = "next-exit") -> int: ...
    def resize_tty(self, ref: str, height: int, width: int, exec_id: str | None = None) -> None: ...
    def exec_create(
        self,
        ref: str,
        cmd: Sequence[str],
        env: Sequence[str] = (),
        user: str = "",
        workdir: str = "",
        privileged: bool = False,
        tty: bool = False,
        stdin: bool = False,
        detach: bool = False,
    ) -> str: ...
    def exec_start(self, exec_id: str, tty: bool = False, detach: bool = False) -> Any: ...
    def exec_inspect(self, exec_id: str) -> Mapping[str, Any]: ...
    def stat_path(self, ref: str, path: str) -> Mapping[str, Any] | None: ...
    def get_archive(self, ref: str, path: str) -> tuple[Iterator[bytes], Mapping[str, Any]]: ...
    def put_archive(self, ref: str, path: str, data: bytes, copy_uid_gid: bool = False) -> None: ...
    def stats(self, ref: str) -> Mapping[str, Any]: ...
    def stats_stream(self, ref: str) -> Iterator[Mapping[str, Any]]: ...
    def events(
        self, filters: Mapping[str, Sequence[str]], since: float | None = None, until: float | None = None
    ) -> Iterator[EngineEvent]: ...
