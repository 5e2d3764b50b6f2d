"""One snapshot of a stack on a swarm: its services, networks, secrets and configs, and the nodes.

Built from the raw Engine API objects (``GET /services``, ``/networks``, ``/secrets``, ``/configs``,
``/nodes``) by ``from_api``, a pure function, so planner tests need no engine. Objects belong to the
stack when they carry ``com.docker.stack.namespace=<stack>`` — exactly what ``docker stack`` selects.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

from pycompose.swarm import labels as SL

EMPTY: Mapping[str, Any] = MappingProxyType({})


@dataclass(frozen=True)
class ObservedService:
    id: str
    name: str
    version: int
    spec: Mapping[str, Any] = field(repr=False)
    previous_spec: Mapping[str, Any] | None = field(default=None, repr=False)
    update_state: str | None = None  # updating, paused, completed, rollback_started, ...
    update_message: str = ""

    @property
    def labels(self) -> Mapping[str, str]:
        return self.spec.get("Labels") or EMPTY

    @property
    def spec_hash(self) -> str | None:
        return self.labels.get(SL.SPEC_HASH)

    @property
    def replicas(self) -> int | None:
        replicated = (self.spec.get("Mode") or {}).get("Replicated")
        if replicated is None:
            return None
        return int(replicated.get("Replicas") or 0)

    def secret_names(self, previous: bool = False) -> set[str]:
        spec = self.previous_spec if previous else self.spec
        refs = (((spec or {}).get("TaskTemplate") or {}).get("ContainerSpec") or {}).get("Secrets") or ()
        return {r.get("SecretName", "") for r in refs}

    def config_names(self, previous: bool = False) -> set[str]:
        spec = self.previous_spec if previous else self.spec
        refs = (((spec or {}).get("TaskTemplate") or {}).get("ContainerSpec") or {}).get("Configs") or ()
        return {r.get("ConfigName", "") for r in refs}

    def network_ids(self) -> set[str]:
        nets = ((self.spec.get("TaskTemplate") or {}).get("Networks")) or self.spec.get("Networks") or ()
        return {n.get("Target", "") for n in nets}


@dataclass(frozen=True)
class ObservedObject:
    """A network, secret or config: what the planner needs to know about it."""

    id: str
    name: str
    labels: Mapping[str, str] = field(default_factory=lambda: EMPTY)
    driver: str = ""
    scope: str = ""
    attachable: bool = False


@dataclass(frozen=True)
class ObservedNode:
    id: str
    hostname: str
    role: str
    availability: str
    state: str
    addr: str = ""
    labels: Mapping[str, str] = field(default_factory=lambda: EMPTY)
    engine_labels: Mapping[str, str] = field(default_factory=lambda: EMPTY)
    platform: Mapping[str, str] = field(default_factory=lambda: EMPTY)

    @property
    def ready(self) -> bool:
        return self.state == "ready" and self.availability == "active"


@dataclass(frozen=True)
class SwarmState:
    """The stack as the manager sees it, plus everything by name for lookups (external networks,
    secrets created outside the stack)."""

    stack: str
    services: Mapping[str, ObservedService]  # by Swarm name
    networks: Mapping[str, ObservedObject]  # the stack's, by name
    secrets: Mapping[str, ObservedObject]  # the stack's, by name
    configs: Mapping[str, ObservedObject]
    all_networks: Mapping[str, ObservedObject] = field(default_factory=lambda: EMPTY)  # by name
    all_secrets: Mapping[str, ObservedObject] = field(default_factory=lambda: EMPTY)
    all_configs: Mapping[str, ObservedObject] = field(default_factory=lambda: EMPTY)
    nodes: tuple[ObservedNode, ...] = ()

    def network_names_by_id(self) -> dict[str, str]:
        return {n.id: n.name for n in self.all_networks.values()}

    def ipvs_missing(self) -> bool:
        """Whether the cluster script marked a node as lacking IPVS (engine label pycompose.ipvs)."""
        return any(n.engine_labels.get(SL.IPVS_MISSING) == "missing" for n in self.nodes)


# ------------------------------------------------------------------------------------------ parsing


def _freeze(value: Any) -> Any:
    if isinstance(value, dict):
        return MappingProxyType({k: _freeze(v) for k, v in value.items()})
    if isinstance(value, list):
        return tuple(_freeze(v) for v in value)
    return value


def service_from_api(raw: Mapping[str, Any]) -> ObservedService:
    status = raw.get("UpdateStatus") or {}
    return ObservedService(
        id=raw["ID"],
        name=raw["Spec"]["Name"],
        version=int((raw.get("Version") or {}).get("Index", 0)),
        spec=_freeze(dict(raw["Spec"])),
        previous_spec=_freeze(dict(raw["PreviousSpec"])) if raw.get("PreviousSpec") else None,
        update_state=status.get("State"),
        update_message=status.get("Message", ""),
    )


def network_from_api(raw: Mapping[str, Any]) -> ObservedObject:
    return ObservedObject(
        id=raw.get("Id") or raw.get("ID", ""),
        name=raw.get("Name", ""),
        labels=MappingProxyType(dict(raw.get("Labels") or {})),
        driver=raw.get("Driver", ""),
        scope=raw.get("Scope", ""),
        attachable=bool(raw.get("Attachable")),
    )


def object_from_api(raw: Mapping[str, Any]) -> ObservedObject:
    spec = raw.get("Spec") or {}
    return ObservedObject(
        id=raw.get("ID", ""),
        name=spec.get("Name", ""),
        labels=MappingProxyType(dict(spec.get("Labels") or {})),
    )


def node_from_api(raw: Mapping[str, Any]) -> ObservedNode:
    spec = raw.get("Spec") or {}
    desc = raw.get("Description") or {}
    status = raw.get("Status") or {}
    return ObservedNode(
        id=raw.get("ID", ""),
        hostname=desc.get("Hostname", ""),
        role=spec.get("Role", ""),
        availability=spec.get("Availability", ""),
        state=status.get("State", ""),
        addr=status.get("Addr", ""),
        labels=MappingProxyType(dict(spec.get("Labels") or {})),
        engine_labels=MappingProxyType(dict((desc.get("Engine") or {}).get("Labels") or {})),
        platform=MappingProxyType(
            {k.lower(): v for k, v in (desc.get("Platform") or {}).items() if isinstance(v, str)}
        ),
    )


def _mine(stack: str, labels: Mapping[str, str]) -> bool:
    return labels.get(SL.NAMESPACE) == stack


def from_api(
    stack: str,
    services: Iterable[Mapping[str, Any]] = (),
    networks: Iterable[Mapping[str, Any]] = (),
    secrets: Iterable[Mapping[str, Any]] = (),
    configs: Iterable[Mapping[str, Any]] = (),
    nodes: Iterable[Mapping[str, Any]] = (),
) -> SwarmState:
    """The snapshot of ``stack`` from raw API lists (services already filtered or not: both work)."""
    svc = [service_from_api(s) for s in services]
    nets = [network_from_api(n) for n in networks]
    secs = [object_from_api(s) for s in secrets]
    cfgs = [object_from_api(c) for c in configs]
    return SwarmState(
        stack=stack,
        services=MappingProxyType({s.name: s for s in svc if _mine(stack, s.labels)}),
        networks=MappingProxyType({n.name: n for n in nets if _mine(stack, n.labels)}),
        secrets=MappingProxyType({s.name: s for s in secs if _mine(stack, s.labels)}),
        configs=MappingProxyType({c.name: c for c in cfgs if _mine(stack, c.labels)}),
        all_networks=MappingProxyType({n.name: n for n in nets}),
        all_secrets=MappingProxyType({s.name: s for s in secs}),
        all_configs=MappingProxyType({c.name: c for c in cfgs}),
        nodes=tuple(node_from_api(n) for n in nodes),
    )
