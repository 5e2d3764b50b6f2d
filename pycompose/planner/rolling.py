"""Rolling updates: replace a service's outdated replicas in batches, each behind a health gate.

Pure, like the rest of the planner: it reads the service, the containers to replace and the settings, and
returns ``Step``s. ``plan_up`` hands it the running replicas it would recreate when the service has
``deploy.update_config``; the driver (``pycompose/rollout.py``) runs the batches one after the other and,
when a health gate fails, asks :func:`plan_revert` for the steps that bring the old replicas back.

One replacement (a *swap* of old replica O for new replica N), ``order: start-first``::

    create N as <name>_rolling, without the service's aliases   (nobody resolves it yet)
    start N, wait until healthy (or up for `monitor`, at least 1 s, without a healthcheck)
    rename N to its name, reconnect it with the service's aliases (it joins the service's DNS)
    reconnect O without the aliases: it leaves the DNS but gets its address back (lowest free
        address on Docker's bridge IPAM), so a request that resolved O a moment earlier is answered
        after one TCP retransmission instead of hanging
    drain O for its stop_grace_period, stop it
    reconnect the stopped O with its aliases (a rollback is a plain start), monitor N for `monitor`
    ... after the last batch: remove every O

``order: stop-first`` takes O out of the DNS, drains and stops it before N starts (N is created
meanwhile). Start-first is impossible with ``container_name`` (names are unique), a published host port,
a fixed IP or MAC address, or ``network_mode: host``; the plan then says which key forces stop-first.

New replicas take the lowest container numbers no container of the service has (``web-4``, ``web-5``,
``web-6`` while 1-3 still exist; the next update takes 1-3 again), with the ``com.docker.compose.*``
labels Docker Compose v2 sets, so ``docker compose ps`` and ``up --no-recreate`` see a converged stack.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any

from pycompose import labels
from pycompose.engine.base import ContainerInfo
from pycompose.errors import PlanError
from pycompose.model import Project, Service
from pycompose.planner.plan import Plan, Step, topological
from pycompose.planner.steps import Endpoints, StepBuilder, unaliased_params

#: the name a new replica has until it passed its health gate and joined the service's DNS: an
#: interrupted update is visible in ``docker ps``, and the next ``up`` finishes the join
ROLLING_SUFFIX = labels.ROLLING_SUFFIX

ORDERS = ("stop-first", "start-first")
FAILURE_ACTIONS = ("pause", "continue", "rollback")

#: the drain of a replica without ``stop_grace_period`` (Docker's default stop timeout)
DEFAULT_GRACE = 10.0
#: a replica without healthcheck must stay up at least this long to pass its gate
MIN_GATE = 1.0


def seconds(value: Any, default: float = 0.0) -> float:
    """A compose duration (``1m30s``, ``500ms``; a bare number is seconds) in seconds."""
    if value is None or value == "":
        return default
    if isinstance(value, bool):
        raise ValueError(f"invalid duration {value!r}")
    if isinstance(value, int | float):
        return float(value)
    from pycompose.config.units import parse_duration

    text = str(value).strip()
    try:
        return float(text)
    except ValueError:
        return parse_duration(text) / 1e9


@dataclass(frozen=True)
class UpdatePolicy:
    """``deploy.update_config`` / ``deploy.rollback_config`` with the Compose Specification's defaults."""

    parallelism: int = 1  # replicas per batch; 0: all at once
    delay: float = 0.0  # seconds between batches
    order: str = "stop-first"
    monitor: float = 0.0  # seconds a new replica must stay up once it serves
    failure_action: str = "pause"
    max_failure_ratio: float = 0.0

    @classmethod
    def from_spec(cls, spec: Mapping[str, Any] | None, where: str) -> UpdatePolicy:
        spec = spec or {}
        order = str(spec.get("order") or "stop-first")
        action = str(spec.get("failure_action") or "pause")
        if order not in ORDERS:
            raise PlanError(f"{where}.order: {order!r} is not one of {', '.join(ORDERS)}")
        if action not in FAILURE_ACTIONS:
            raise PlanError(f"{where}.failure_action: {action!r} is not one of {', '.join(FAILURE_ACTIONS)}")
        try:
            policy = cls(
                parallelism=int(spec.get("parallelism", 1) if spec.get("parallelism") is not None else 1),
                delay=seconds(spec.get("delay")),
                order=order,
                monitor=seconds(spec.get("monitor")),
                failure_action=action,
                max_failure_ratio=float(spec.get("max_failure_ratio") or 0.0),
            )
        except (TypeError, ValueError) as error:
            raise PlanError(f"{where}: {error}") from None
        if policy.parallelism < 0 or policy.delay < 0 or policy.monitor < 0 or policy.max_failure_ratio < 0:
            raise PlanError(f"{where}: parallelism, delay, monitor and max_failure_ratio must be >= 0")
        return policy

    def batches(self, count: int) -> list[range]:
        """Indexes ``0..count-1`` cut into batches of ``parallelism`` (0: one batch)."""
        size = self.parallelism or count or 1
        return [range(i, min(i + size, count)) for i in range(0, count, size)]

    def _asdict(self) -> dict[str, Any]:
        return {
            "parallelism": self.parallelism,
            "delay": self.delay,
            "order": self.order,
            "monitor": self.monitor,
            "failure_action": self.failure_action,
            "max_failure_ratio": self.max_failure_ratio,
        }


@dataclass(frozen=True)
class RollingSettings:
    """How one service is updated: its policies and what its replicas need (gate, drain, networks)."""

    service: str
    update: UpdatePolicy
    rollback: UpdatePolicy
    forced: str | None = None  # why start-first is impossible ("container_name is set"...)
    healthcheck: bool = False
    gate_timeout: float | None = None  # seconds to become healthy
    drain: float = DEFAULT_GRACE  # stop_grace_period: time between leaving the DNS and the stop
    stop_timeout: int | None = None  # -t of up, else the container's own StopTimeout
    networked: bool = True  # has networks to join and leave (no network_mode)

    @property
    def order(self) -> str:
        return "stop-first" if self.forced else self.update.order

    def order_of(self, policy: UpdatePolicy) -> str:
        return "stop-first" if self.forced else policy.order

    @property
    def gate_seconds(self) -> float:
        """How long a replica without healthcheck must stay up to pass its gate."""
        return max(self.update.monitor, MIN_GATE)


def _namespace_refs(service: Service) -> set[str]:
    refs = set()
    for key in ("network_mode", "ipc", "pid"):
        value = service.spec.get(key)
        if isinstance(value, str) and value.startswith(("service:", "container:")):
            refs.add(value.split(":", 1)[1])
    for entry in service.spec.get("volumes_from") or ():
        refs.add(str(entry).split(":")[0])
    return refs


def shares_namespace(project: Project, service: Service) -> bool:
    """``service`` shares a namespace (``network_mode: service:x``, ``volumes_from``...) with another
    service, either way: the two are recreated together, never replica by replica."""
    return bool(_namespace_refs(service)) or any(
        service.name in _namespace_refs(other) for other in project.services.values() if other is not service
    )


def _stop_first_reason(service: Service) -> str | None:
    """The key that rules start-first out (two replicas cannot run side by side), or None."""
    if service.container_name:
        return "container_name is set"
    for port in service.ports:
        published = str(port.published or "")
        if published and "-" not in published:
            return f"ports {published}:{port.target} publishes a fixed host port"
    if service.network_mode == "host":
        return "network_mode is host"
    for attach in service.networks:
        if attach.ipv4_address or attach.ipv6_address:
            return f"networks.{attach.network} has a fixed address"
    networks = service.spec.get("networks") or {}
    if service.spec.get("mac_address") or any((n or {}).get("mac_address") for n in networks.values()):
        return "mac_address is set"
    return None


def has_healthcheck(service: Service) -> bool:
    check = service.healthcheck
    return check is not None and not check.disable and check.test not in (None, ("NONE",))


def gate_timeout(service: Service, wait_timeout: float | None = None) -> float | None:
    """How long a new replica may take to become healthy: ``wait_timeout`` (``--wait-timeout``) when
    given, else the worst case of its healthcheck (start_period, then retries + 1 failed probes) plus
    10 s; None without a healthcheck (nothing to wait for)."""
    check = service.healthcheck
    if wait_timeout is not None or not has_healthcheck(service) or check is None:
        return wait_timeout
    interval = seconds(check.interval, 30.0)
    probe = seconds(check.timeout, 30.0)
    retries = check.retries if check.retries is not None else 3
    return seconds(check.start_period) + (retries + 1) * (interval + probe) + 10.0


def rolling_settings(
    project: Project, service: Service, timeout: int | None = None, wait_timeout: float | None = None
) -> RollingSettings | None:
    """The rolling update settings of ``service``, or None when ``up`` recreates it as Docker Compose
    does: no ``deploy.update_config``, or a service sharing a namespace (``network_mode: service:x``,
    ``volumes_from``...) with another, which must be recreated together."""
    deploy = service.spec.get("deploy") or {}
    if deploy.get("update_config") is None:
        return None
    if shares_namespace(project, service):
        return None
    where = f"services.{service.name}.deploy"
    mode = service.network_mode
    return RollingSettings(
        service=service.name,
        update=UpdatePolicy.from_spec(deploy.get("update_config"), f"{where}.update_config"),
        rollback=UpdatePolicy.from_spec(deploy.get("rollback_config"), f"{where}.rollback_config"),
        forced=_stop_first_reason(service),
        healthcheck=has_healthcheck(service),
        gate_timeout=gate_timeout(service, wait_timeout),
        drain=seconds(service.spec.get("stop_grace_period"), DEFAULT_GRACE),
        stop_timeout=timeout,
        networked=not mode or mode.startswith("bridge") or mode == "default",
    )


# ------------------------------------------------------------------------------------------ the plan


@dataclass(frozen=True)
class Swap:
    """One old replica and the new one that replaces it."""

    old: str  # the old container's name when planned
    old_id: str
    old_number: int
    new: str  # the new container's final name
    new_number: int
    reason: str  # what changed ("environment VERSION: 1 -> 2")
    old_endpoints: Endpoints = ()  # (network, EndpointConfig with the aliases) the old one is kept with
    new_endpoints: Endpoints = ()  # ... the new one joins with
    park: str | None = None  # stop-first with container_name: the old one's name while kept

    @property
    def temp(self) -> str:
        """The new replica's name until it joined the service."""
        return self.new + ROLLING_SUFFIX

    @property
    def kept_name(self) -> str:
        return self.park or self.old

    def _asdict(self) -> dict[str, Any]:
        return {"old": self.old, "new": self.new, "reason": self.reason, "park": self.park}


@dataclass(frozen=True)
class Rollout:
    """A service's rolling update: its swaps in batches. Every step of it carries this object in
    ``params["rollout"]``, its batch (1-based; 0 for the final cleanup) and its swap index."""

    project: str
    service: str
    settings: RollingSettings
    swaps: tuple[Swap, ...]
    batches: tuple[tuple[int, ...], ...]

    def _asdict(self) -> dict[str, Any]:
        return {
            "service": self.service,
            "order": self.settings.order,
            "forced_by": self.settings.forced,
            "update_config": self.settings.update._asdict(),
            "rollback_config": self.settings.rollback._asdict(),
            "batches": [[self.swaps[i]._asdict() for i in batch] for batch in self.batches],
        }


def rollout_of(step: Step) -> Rollout | None:
    value = step.params.get("rollout")
    return value if isinstance(value, Rollout) else None


def endpoints_of(params: Mapping[str, Any]) -> Endpoints:
    """(network, endpoint) of a create step's params: the create body's networks, then ``connect``."""
    spec = params["spec"]
    primary = ((spec.body.get("NetworkingConfig") or {}).get("EndpointsConfig")) or {}
    connect = params.get("connect") or ()
    extra = connect.items() if isinstance(connect, Mapping) else connect
    out = [(str(net), MappingProxyType(dict(ep or {}))) for net, ep in primary.items()]
    out += [(str(net), MappingProxyType(dict(ep or {}))) for net, ep in extra]
    return tuple(out)


def _free_numbers(used: Iterable[int], count: int) -> list[int]:
    taken = set(used)
    out: list[int] = []
    number = 1
    while len(out) < count:
        if number not in taken:
            out.append(number)
        number += 1
    return out


def _terminal(steps: Sequence[Step]) -> list[str]:
    needed = {n for s in steps for n in s.needs}
    return [s.id for s in steps if s.id not in needed]


def plan_rollout(
    project: Project,
    service: Service,
    settings: RollingSettings,
    replaced: Sequence[tuple[ContainerInfo, str]],
    used_numbers: Iterable[int],
    create_params: Callable[[int, str, ContainerInfo | None], Mapping[str, Any]],
    start_params: Mapping[str, Any] | None = None,
    needs: Sequence[str] = (),
) -> list[Step]:
    """The steps that replace the running ``replaced`` containers (each with its reason) in batches.

    ``create_params(number, name, replacing)`` gives the params of a create step (``spec``, ``connect``,
    ``image_ref``...) as ``plan_up`` builds them; ``start_params`` what its start steps carry (secrets to
    inject); ``needs`` what every create needs (image, networks, volumes).
    """
    replaced = sorted(replaced, key=lambda item: item[0].number)
    numbers = _free_numbers(used_numbers, len(replaced))
    swaps = []
    for (old, reason), number in zip(replaced, numbers, strict=True):
        new = service.container_name or labels.container_name(project.name, service.name, number)
        old_params = create_params(old.number, old.name, None)
        new_params = create_params(number, new, old)
        park = f"{old.id[:12]}_{old.name}" if service.container_name else None
        old_endpoints = tuple((n, ep) for n, ep in endpoints_of(old_params) if n in old.networks)
        old_endpoints += tuple(
            (n, MappingProxyType({})) for n in old.networks if n not in dict(old_endpoints)
        )
        swaps.append(
            Swap(
                old=old.name,
                old_id=old.id,
                old_number=old.number,
                new=new,
                new_number=number,
                reason=reason,
                old_endpoints=old_endpoints if settings.networked else (),
                new_endpoints=endpoints_of(new_params) if settings.networked else (),
                park=park,
            )
        )
    batches = tuple(tuple(b) for b in settings.update.batches(len(swaps)))
    rollout = Rollout(project.name, service.name, settings, tuple(swaps), batches)
    # every step carries the rollout, its batch (0: the final cleanup) and its swap (None: the batch's)
    out = StepBuilder({"rollout": rollout}, chain=[] if settings.order == "start-first" else None)
    order = settings.order
    why_order = order + (f" (start-first is impossible: {settings.forced})" if settings.forced else "")
    previous: list[str] = []
    name = service.name
    for index, batch in enumerate(batches, 1):
        batch_needs = list(needs)
        if previous and settings.update.delay > 0:
            batch_needs.append(
                out.tagged(batch=index, swap=None).add(
                    "wait_delay",
                    f"service:{name}",
                    f"update_config.delay {settings.update.delay:g}s between batches",
                    previous,
                    suffix=f"batch{index}",
                    seconds=settings.update.delay,
                )
            )
        else:
            batch_needs += previous
        first = len(out.steps)
        for i in batch:
            swap = swaps[i]
            label = f"rolling update of {name}, batch {index}/{len(batches)}, {why_order}"
            replaces = service.container_name or f"{name}-{swap.old_number}"
            params = unaliased_params(
                create_params(swap.new_number, swap.temp, replaced[i][0]),
                {labels.REPLACE: replaces},
                name=swap.temp,
            )
            swap_out = out.tagged(batch=index, swap=i)
            _plan_swap(swap_out, settings, swap, batch_needs, params, dict(start_params or {}), label)
        previous = _terminal(out.steps[first:])
    for i, swap in enumerate(swaps):
        out.tagged(batch=0, swap=i).add(
            "remove_container",
            f"container:{swap.kept_name}",
            f"replaced by {swap.new}; kept stopped until the rolling update of {name} succeeded",
            previous,
            name=swap.kept_name,
            force=True,
            volumes=False,
        )
    return out.steps


def _plan_swap(
    out: StepBuilder,
    settings: RollingSettings,
    swap: Swap,
    needs: list[str],
    create: Mapping[str, Any],
    start: Mapping[str, Any],
    label: str,
) -> None:
    service = settings.service
    old, new, temp = swap.old, swap.new, swap.temp
    stop_first = settings.order == "stop-first"

    def take_old_out(after: list[str]) -> list[str]:
        left = out.reconnect(
            old,
            swap.old_endpoints,
            None,
            f"leaves the DNS of service {service}; keeps its address for requests on their way",
            after,
            "leave",
            aliases=False,
            chained=True,
        )
        drain = out.add(
            "wait_delay",
            f"container:{old}",
            f"drain: stop_grace_period {settings.drain:g}s for requests in flight",
            left,
            suffix="drain",
            seconds=settings.drain,
        )
        stopped = out.add(
            "stop_container",
            f"container:{old}",
            f"replaced by {new}: {swap.reason}",
            [drain],
            name=old,
            timeout=settings.stop_timeout,
        )
        kept = old
        if swap.park:
            stopped = out.add(
                "rename_container",
                f"container:{old}",
                f"frees the name {old} for its successor; kept for a rollback",
                [stopped],
                suffix="park",
                name=old,
                new_name=swap.park,
            )
            kept = swap.park
        return out.reconnect(
            kept,
            swap.old_endpoints,
            None,
            f"kept stopped with its aliases until the update of {service} succeeded: a rollback starts it",
            [stopped],
            "keep",
        )

    created = out.add("create_container", f"container:{new}", f"{label}: {swap.reason}", needs, **create)
    old_out: list[str] = []
    start_needs = [created]
    if stop_first:
        old_out = take_old_out(needs)
        start_needs += old_out
    started = out.add(
        "start_container", f"container:{new}", f"{label}: {swap.reason}", start_needs, name=temp, **start
    )
    gate = out.gate(new, temp, settings, [started])
    renamed = out.add(
        "rename_container",
        f"container:{new}",
        f"passed its gate: takes its name to join service {service}",
        [gate, *old_out],
        name=temp,
        new_name=new,
    )
    joined = out.reconnect(
        new,
        swap.new_endpoints,
        None,
        f"joins the DNS of service {service}",
        [renamed],
        "join",
        chained=True,
    )
    if not stop_first:
        old_out = take_old_out(joined)
    if settings.healthcheck and settings.update.monitor > 0:
        out.add(
            "wait_stable",
            f"container:{new}",
            f"update_config.monitor: {new} must stay healthy {settings.update.monitor:g}s",
            joined,  # while the old one drains and stops: it is kept (stopped) until the end anyway
            suffix="monitor",
            name=new,
            seconds=settings.update.monitor,
        )


def join_steps(
    service: Service, container: ContainerInfo, target: str, endpoints: Endpoints, needs: Sequence[str]
) -> list[Step]:
    """An interrupted rolling update left ``container`` under its ``_rolling`` name, outside the
    service's DNS: once renamed (``needs``), reconnect it with the service's aliases."""
    out = StepBuilder()
    if has_healthcheck(service):
        needs = [
            out.add(
                "wait_healthy",
                f"container:{target}",
                f"health gate of {target} before it serves",
                needs,
                suffix="join",
                name=target,
                timeout=None,
                unhealthy_final=True,
            )
        ]
    out.reconnect(
        target,
        endpoints,
        container.networks.keys(),
        f"finishes an interrupted rolling update: joins the DNS of service {service.name}",
        needs,
        "join",
    )
    return out.steps


# ------------------------------------------------------------------------------------------ reverting


@dataclass(frozen=True)
class ReplicaState:
    """A replica as the driver inspected it just before reverting."""

    name: str
    running: bool
    in_dns: bool  # carries the service's name as an alias on its networks
    networks: tuple[str, ...] = ()


def replica_state(info: ContainerInfo | None, service: str) -> ReplicaState | None:
    if info is None:
        return None
    in_dns = any(service in ((ep or {}).get("Aliases") or ()) for ep in info.networks.values())
    return ReplicaState(
        info.name, info.state in ("running", "restarting", "paused"), in_dns, tuple(info.networks)
    )


def plan_revert(
    rollout: Rollout,
    swap_indexes: Sequence[int],
    old_states: Mapping[int, ReplicaState | None],
    new_states: Mapping[int, ReplicaState | None],
    policy: UpdatePolicy,
    why: str,
) -> Plan:
    """Steps that bring the old replicas of ``swap_indexes`` back and remove their successors, in the
    batches, order and delay of ``policy`` (``rollback_config``; start-first: the old one serves again
    before the new one leaves)."""
    settings = rollout.settings
    out = StepBuilder()
    order = settings.order_of(policy)
    batches = [[swap_indexes[j] for j in b] for b in policy.batches(len(swap_indexes))]
    previous: list[str] = []
    for number, batch in enumerate(batches, 1):
        batch_needs = list(previous)
        if previous and policy.delay > 0:
            batch_needs = [
                out.add(
                    "wait_delay",
                    f"service:{rollout.service}",
                    f"rollback_config.delay {policy.delay:g}s between batches",
                    previous,
                    suffix=f"revert{number}",
                    seconds=policy.delay,
                )
            ]
        first = len(out.steps)
        for i in batch:
            _revert_swap(
                out,
                rollout,
                rollout.swaps[i],
                old_states.get(i),
                new_states.get(i),
                policy,
                order,
                why,
                batch_needs,
            )
        previous = _terminal(out.steps[first:])
    return Plan(project=rollout.project, steps=topological(out.steps))


def _revert_swap(
    out: StepBuilder,
    rollout: Rollout,
    swap: Swap,
    old: ReplicaState | None,
    new: ReplicaState | None,
    policy: UpdatePolicy,
    order: str,
    why: str,
    needs: list[str],
) -> None:
    settings = rollout.settings
    service = rollout.service

    def new_out(after: list[str]) -> list[str]:
        if new is None:
            return after
        name = new.name
        prev = after
        if new.running and new.in_dns:
            left = out.reconnect(
                name,
                swap.new_endpoints,
                new.networks,
                f"{why}: leaves the DNS of service {service}",
                prev,
                "revert-leave",
                aliases=False,
            )
            prev = [
                out.add(
                    "wait_delay",
                    f"container:{name}",
                    f"drain: stop_grace_period {settings.drain:g}s",
                    left,
                    seconds=settings.drain,
                    suffix="revert-drain",
                )
            ]
            prev = [
                out.add(
                    "stop_container",
                    f"container:{name}",
                    why,
                    prev,
                    name=name,
                    timeout=settings.stop_timeout,
                    suffix="revert",
                )
            ]
        return [
            out.add(
                "remove_container",
                f"container:{name}",
                why,
                prev,
                name=name,
                force=True,
                volumes=False,
                suffix="revert",
            )
        ]

    def old_back(after: list[str]) -> list[str]:
        if old is None:
            return after
        name = old.name
        prev = after
        if swap.park and old.name != swap.old:
            prev = [
                out.add(
                    "rename_container",
                    f"container:{swap.old}",
                    f"{why}: takes its name back",
                    prev,
                    name=old.name,
                    new_name=swap.old,
                    suffix="revert",
                )
            ]
            name = swap.old
        if old.running and old.in_dns:
            return prev
        if swap.old_endpoints and not old.in_dns:
            prev = out.reconnect(
                name,
                swap.old_endpoints,
                old.networks,
                f"{why}: joins the DNS of service {service} again",
                prev,
                "revert-join",
            )
        if old.running:
            return prev
        started = out.add("start_container", f"container:{name}", why, prev, name=name, suffix="revert")
        if settings.healthcheck:
            gate = out.add(
                "wait_healthy",
                f"container:{name}",
                f"{why}: the previous version must be healthy again",
                [started],
                name=name,
                timeout=settings.gate_timeout,
                unhealthy_final=True,
                suffix="revert",
            )
        else:
            gate = out.add(
                "wait_running",
                f"container:{name}",
                f"{why}: the previous version must run",
                [started],
                name=name,
                timeout=60.0,
                suffix="revert",
            )
        if policy.monitor > 0:
            gate = out.add(
                "wait_stable",
                f"container:{name}",
                f"rollback_config.monitor {policy.monitor:g}s",
                [gate],
                name=name,
                seconds=policy.monitor,
                suffix="revert-monitor",
            )
        return [gate]

    if order == "start-first" and not swap.park:
        new_out(old_back(needs))
    else:
        old_back(new_out(needs))


def failure_ratio_exceeded(failed: int, total: int, policy: UpdatePolicy) -> bool:
    """Whether ``failed`` of ``total`` replicas is more than ``max_failure_ratio`` tolerates."""
    if failed <= 0:
        return False
    return failed > math.floor(policy.max_failure_ratio * total + 1e-9)
