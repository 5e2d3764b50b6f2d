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
    pull: str = "missing"  # always | missing | never | build (compose pull_policy default)
    no_build: bool = False
    renew_anon_volumes: bool = False
    recreate_volumes: bool = False  # confirmed: a volume whose config changed may be recreated


@dataclass(frozen=True)
class DownOptions:
    remove_volumes: bool = False
    remove_orphans: bool = False
    rmi: str | None = None  # None | "local" | "all"
    timeout: int | None = None
    services: tuple[str, ...] = ()
