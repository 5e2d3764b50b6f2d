"""Options of the planning functions, frozen; the CLI builds them from flags."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType


@dataclass(frozen=True)
class UpOptions:
    """What ``up`` / ``create`` / ``plan`` were asked for."""

    services: tuple[str, ...] = ()  # empty: all enabled services
    no_deps: bool = False
    force_recreate: bool = False
    no_recreate: bool = False
    always_recreate_deps: bool = False
    remove_orphans: bool = False
    scale: Mapping[str, int] = field(default_factory=lambda: MappingProxyType({}))
    timeout: int | None = None  # seconds for stopping replaced containers (-t)
    no_start: bool = False
    wait: bool = False
    wait_timeout: float | None = None
    #: ``--pull``: always | missing | never | build, replacing every service's pull_policy; None: each
    #: service's own pull_policy (default ``missing``)
    pull: str | None = None
    build: bool = False  # --build: build every service that has a build section, even if its image exists
    no_build: bool = False  # --no-build: never build (a missing image is an error)
    #: the time (epoch seconds) pull_policy daily / weekly / every_<d> compare image tag times with;
    #: None: the planner reads the clock
    now: float | None = None
    renew_anon_volumes: bool = False
    recreate_volumes: bool = False  # confirmed: a volume whose config changed may be recreated
    #: container name -> reason: replace these even if up to date (``pycompose reconcile``: unhealthy)
    replace_containers: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))


@dataclass(frozen=True)
class DownOptions:
    """The flags of ``down`` (``-v``, ``--remove-orphans``, ``--rmi``, ``-t``, and the services named)."""

    remove_volumes: bool = False
    remove_orphans: bool = False
    rmi: str | None = None  # None | "local" | "all"
    timeout: int | None = None
    services: tuple[str, ...] = ()


@dataclass(frozen=True)
class BuildOptions:
    """What ``build`` was asked for (``docker compose build`` flags the classic builder supports)."""

    services: tuple[str, ...] = ()  # empty: every service with a build section
    with_dependencies: bool = False
    no_cache: bool = False
    pull: bool = False
    #: ``--build-arg``: added to (and replacing) every service's build args
    args: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))
    memory: int | None = None  # -m/--memory, bytes
