"""The typed, frozen Compose model that everything after the loader reads.

The loader works on plain dicts (each stage is ``dict -> dict``); ``pycompose.bind.bind_project`` turns the
final dict into these dataclasses once. Past that point nothing sees a raw dict: fields the planner needs
are typed attributes; the full canonical service definition stays available, read-only, as ``spec`` (for
the config hash and for engine options that are passed through unchanged).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

EMPTY: Mapping[str, Any] = MappingProxyType({})


def _empty() -> Mapping[str, Any]:
    return EMPTY


@dataclass(frozen=True)
class PortMapping:
    """One entry of ``ports`` in the long syntax: ``published`` stays a string (a range such as
    ``"8000-8002"``, or None for an engine-chosen port)."""

    target: int
    published: str | None = None
    host_ip: str | None = None
    protocol: str = "tcp"
    mode: str = "ingress"


@dataclass(frozen=True)
class Mount:
    """One entry of ``volumes`` (``bind``, ``volume``, ``tmpfs``, ``npipe``) in the long syntax;
    ``options`` holds the ``bind``/``volume``/``tmpfs`` sub-keys as the file wrote them."""

    type: str
    target: str
    source: str | None = None
    read_only: bool = False
    options: Mapping[str, Any] = field(default_factory=_empty)


@dataclass(frozen=True)
class Dependency:
    """One ``depends_on`` entry: what must be true of ``service`` before this one starts."""

    service: str
    condition: str = "service_started"
    required: bool = True
    restart: bool = False


@dataclass(frozen=True)
class NetworkAttachment:
    """A service's membership of one network (by its key in ``networks``), with its aliases and
    fixed addresses."""

    network: str
    aliases: tuple[str, ...] = ()
    ipv4_address: str | None = None
    ipv6_address: str | None = None
    priority: int | None = None


@dataclass(frozen=True)
class Healthcheck:
    """A service's ``healthcheck`` as written (durations stay strings: the engine request converts them)."""

    test: tuple[str, ...] | None = None
    interval: str | None = None
    timeout: str | None = None
    retries: int | None = None
    start_period: str | None = None
    start_interval: str | None = None
    disable: bool = False


@dataclass(frozen=True)
class Build:
    """A service's ``build`` section: the keys the planner looks at, the whole section in ``spec``."""

    context: str
    dockerfile: str | None = None
    args: Mapping[str, str | None] = field(default_factory=_empty)
    target: str | None = None
    tags: tuple[str, ...] = ()
    spec: Mapping[str, Any] = field(default_factory=_empty)


@dataclass(frozen=True)
class Service:
    """One service of the project, as the planner sees it."""

    name: str
    image: str | None
    build: Build | None
    command: tuple[str, ...] | None
    entrypoint: tuple[str, ...] | None
    environment: Mapping[str, str | None]
    labels: Mapping[str, str]
    ports: tuple[PortMapping, ...]
    volumes: tuple[Mount, ...]
    networks: tuple[NetworkAttachment, ...]
    network_mode: str | None
    depends_on: tuple[Dependency, ...]
    healthcheck: Healthcheck | None
    restart: str | None
    scale: int
    container_name: str | None
    profiles: tuple[str, ...]
    pull_policy: str | None
    spec: Mapping[str, Any] = field(default_factory=_empty, repr=False, compare=False)
    #: the service's ``x-*`` keys (``x-pycompose`` configures pycompose-only features), not in ``spec``
    extensions: Mapping[str, Any] = field(default_factory=_empty, repr=False, compare=False)

    def image_name(self, project: str) -> str:
        """The image the containers run: ``image``, else the built ``<project>-<service>``."""
        return self.image or f"{project}-{self.name}"


@dataclass(frozen=True)
class Network:
    """A top-level network: ``key`` is its name in the file, ``name`` the engine's (``<project>_<key>``
    unless ``name:`` or ``external`` says otherwise)."""

    key: str
    name: str
    external: bool = False
    driver: str | None = None
    driver_opts: Mapping[str, str] = field(default_factory=_empty)
    internal: bool = False
    attachable: bool = False
    labels: Mapping[str, str] = field(default_factory=_empty)
    ipam: Mapping[str, Any] = field(default_factory=_empty)
    enable_ipv6: bool | None = None


@dataclass(frozen=True)
class Volume:
    """A top-level named volume: ``key`` as in the file, ``name`` as on the engine (``<project>_<key>``
    unless ``name:`` or ``external`` says otherwise)."""

    key: str
    name: str
    external: bool = False
    driver: str | None = None
    driver_opts: Mapping[str, str] = field(default_factory=_empty)
    labels: Mapping[str, str] = field(default_factory=_empty)


@dataclass(frozen=True)
class SecretOrConfig:
    """A top-level secret or config: where its content comes from (never the content itself)."""

    key: str
    name: str
    file: str | None = None
    environment: str | None = None
    content: str | None = field(default=None, repr=False)
    external: bool = False


@dataclass(frozen=True)
class Project:
    """A loaded Compose project: what the files say, typed and frozen."""

    name: str
    working_dir: str
    config_files: tuple[str, ...]
    services: Mapping[str, Service]
    networks: Mapping[str, Network]
    volumes: Mapping[str, Volume]
    secrets: Mapping[str, SecretOrConfig]
    configs: Mapping[str, SecretOrConfig]
    environment: Mapping[str, str] = field(default_factory=_empty, repr=False)
    disabled_services: tuple[str, ...] = ()
    #: the top-level ``x-*`` keys
    extensions: Mapping[str, Any] = field(default_factory=_empty, repr=False, compare=False)

    def service_names(self) -> tuple[str, ...]:
        return tuple(self.services)
