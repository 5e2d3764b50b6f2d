"""Blue-green and canary releases (``x-pycompose.deploy.strategy``): pure planning.

Keys, per service (or at the top level as the project's default; the service's win)::

    x-pycompose:
      deploy:
        strategy: blue-green        # rolling (default: deploy.update_config decides) | blue-green | canary
        bluegreen: {keep: 10m}      # how long the previous set is kept for an instant rollback
        canary: {replicas: 1}       # new replicas started beside the previous version's

**Blue-green**, when ``up`` (or ``pycompose release start``) finds running replicas out of date::

    create a complete green set (deploy.replicas) as <name>_rolling, without the service's aliases
    start it; wait until every green replica is healthy (without a healthcheck: up for 1 s)
    switch: every green replica takes its name and joins the service's DNS name; only then does every
        blue replica leave it, reconnected WITHOUT the aliases: it keeps its address, so a request that
        resolved it a moment earlier is still answered. Blue drains (stop_grace_period) and is detached
        from the network, still running: a rollback then only has to connect it.
    pending: blue is kept for an instant rollback until `release promote`, `release abort`, or until
        bluegreen.keep elapsed (then the next `up` or `reconcile` cycle removes the kept set)
    rollback: blue joins the DNS again, then green leaves it (kept running: promote switches back)
    promote: green serves (again); blue leaves, drains, stops and is removed
    abort:   blue serves (again, started and gated first if it stopped); green leaves, drains, stops
             and is removed

At no moment does the name resolve to nothing, and every replica that leaves the name still answers
for its drain: the switch is as close to one step as Docker's DNS allows.

**Canary**: ``canary.replicas`` new replicas are created, gated and join the DNS name beside the old
ones, so round robin gives them their share of the requests (canaries / all replicas). ``promote``
creates the rest of the new set (up to ``deploy.replicas``), then the old replicas leave the name,
drain, stop and go; ``abort`` takes the canaries out the same way.

**State** lives in container labels, so any later invocation can promote or abort. Labels cannot change
after create, so only the new replicas carry them: ``io.pycompose.release`` (the release id),
``.strategy``, ``.replaces`` (the 12-hex IDs of the previous version's replicas) and, for blue-green,
``.keep-until``. A release is pending while one of the replaced containers exists; which set the name
reaches is read from the network aliases (an inspect of those few containers, ``pycompose.strategies``).
After a promote the new replicas are plain Compose replicas (numbers, names, config hash): Docker
Compose v2 and ``plan`` see a converged stack.

Reconnects never overlap: a replica that leaves gets its own address back only if no other reconnect
takes it in between (Docker's bridge IPAM hands out the lowest free address), and the engine runs
network changes one at a time anyway.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime, timezone
from types import MappingProxyType
from typing import Any

from pycompose import labels
from pycompose.engine.base import ContainerInfo
from pycompose.errors import PlanError
from pycompose.model import Project, Service
from pycompose.observe import ObservedState
from pycompose.planner.plan import Plan, Step, topological
from pycompose.planner.rolling import (
    DEFAULT_GRACE,
    MIN_GATE,
    ROLLING_SUFFIX,
    _free_numbers,
    _stop_first_reason,
    endpoints_of,
    gate_timeout,
    has_healthcheck,
    seconds,
    shares_namespace,
)
from pycompose.planner.steps import Endpoints, StepBuilder, unaliased_params

STRATEGIES = ("rolling", "blue-green", "canary")
RELEASE_STRATEGIES = ("blue-green", "canary")

RELEASE = labels.RELEASE
RELEASE_STRATEGY = f"{RELEASE}.strategy"
RELEASE_REPLACES = f"{RELEASE}.replaces"
RELEASE_KEEP_UNTIL = f"{RELEASE}.keep-until"

#: how long blue-green keeps the previous set by default
DEFAULT_KEEP = 600.0

CreateParams = Callable[[int, str, "ContainerInfo | None"], Mapping[str, Any]]


# ------------------------------------------------------------------------------------------ settings


@dataclass(frozen=True)
class DeploySettings:
    """How one service is released, and what its replicas need (gate, drain)."""

    service: str
    strategy: str = "rolling"
    canary_replicas: int = 1
    keep: float = DEFAULT_KEEP
    healthcheck: bool = False
    gate_timeout: float | None = None  # seconds to become healthy
    gate_seconds: float = MIN_GATE  # without a healthcheck: how long a replica must stay up
    drain: float = DEFAULT_GRACE  # stop_grace_period: between leaving the DNS and the stop
    stop_timeout: int | None = None  # -t, else the container's own StopTimeout
    impossible: str | None = None  # why two sets of replicas cannot run side by side

    @property
    def releases(self) -> bool:
        return self.strategy in RELEASE_STRATEGIES

    def _asdict(self) -> dict[str, Any]:
        return {
            "strategy": self.strategy,
            "canary_replicas": self.canary_replicas,
            "keep": self.keep,
            "drain": self.drain,
        }


def _section(extensions: Mapping[str, Any], where: str) -> Mapping[str, Any]:
    pyc = extensions.get("x-pycompose") or {}
    if not isinstance(pyc, Mapping):
        raise PlanError(f"{where}: x-pycompose must be a mapping")
    section = pyc.get("deploy")
    if section is None:
        return {}
    if not isinstance(section, Mapping):
        raise PlanError(f"{where}: x-pycompose.deploy must be a mapping")
    return section


def _sub(section: Mapping[str, Any], key: str, allowed: tuple[str, ...], where: str) -> Mapping[str, Any]:
    value = section.get(key)
    if value is None:
        return {}
    if not isinstance(value, Mapping):
        raise PlanError(f"{where}.{key} must be a mapping", hint=f"e.g. {key}: {{{allowed[0]}: ...}}")
    unknown = sorted(set(value) - set(allowed))
    if unknown:
        raise PlanError(f"{where}.{key}: unknown key {unknown[0]!r}", hint=f"use {', '.join(allowed)}")
    return value


def deploy_settings(
    project: Project, service: Service, timeout: int | None = None, wait_timeout: float | None = None
) -> DeploySettings:
    """``x-pycompose.deploy`` of the project, then of the service, with the defaults."""
    strategy, canary, keep = "rolling", 1, DEFAULT_KEEP
    for prefix, extensions in (("", project.extensions), (f"services.{service.name}.", service.extensions)):
        section = _section(extensions, prefix.rstrip(".") or "top level")
        where = f"{prefix}x-pycompose.deploy"
        unknown = sorted(set(section) - {"strategy", "canary", "bluegreen"})
        if unknown:
            raise PlanError(f"{where}: unknown key {unknown[0]!r}", hint="use strategy, canary, bluegreen")
        if "strategy" in section:
            strategy = str(section["strategy"])
            if strategy not in STRATEGIES:
                raise PlanError(
                    f"{where}.strategy: {strategy!r} is not one of {', '.join(STRATEGIES)}",
                    hint="blue-green or canary; rolling is deploy.update_config",
                )
        replicas = _sub(section, "canary", ("replicas",), where).get("replicas")
        if replicas is not None:
            if isinstance(replicas, bool) or not str(replicas).isdigit() or int(replicas) < 1:
                raise PlanError(f"{where}.canary.replicas: {replicas!r} is not a number of replicas >= 1")
            canary = int(replicas)
        value = _sub(section, "bluegreen", ("keep",), where).get("keep")
        if value is not None:
            try:
                keep = seconds(value)
            except (TypeError, ValueError) as error:
                raise PlanError(f"{where}.bluegreen.keep: {error}") from None
            if keep <= 0:
                raise PlanError(f"{where}.bluegreen.keep must be more than 0", hint="e.g. keep: 10m")
    update = (service.spec.get("deploy") or {}).get("update_config") or {}
    return DeploySettings(
        service=service.name,
        strategy=strategy,
        canary_replicas=canary,
        keep=keep,
        healthcheck=has_healthcheck(service),
        gate_timeout=gate_timeout(service, wait_timeout),
        gate_seconds=max(seconds(update.get("monitor")), MIN_GATE),
        drain=seconds(service.spec.get("stop_grace_period"), DEFAULT_GRACE),
        stop_timeout=timeout,
        impossible=_impossible(project, service) if strategy in RELEASE_STRATEGIES else None,
    )


def _has_deploy_keys(project: Project, service: Service) -> bool:
    return any(
        isinstance(ext.get("x-pycompose"), Mapping) and ext["x-pycompose"].get("deploy") is not None
        for ext in (service.extensions, project.extensions)
    )


def _impossible(project: Project, service: Service) -> str | None:
    """Why two sets of ``service`` cannot run side by side behind its DNS name, or None."""
    reason = _stop_first_reason(service)
    if reason:
        return reason
    mode = service.network_mode
    if mode and not (mode.startswith("bridge") or mode == "default"):
        return f"network_mode {mode} (the switch moves the service's DNS name on its networks)"
    if not service.networks:
        return "the service is on no network"
    if shares_namespace(project, service):
        return "it shares a namespace (network_mode, ipc, pid, volumes_from) with another service"
    return None


def with_overrides(
    project: Project,
    services: Iterable[str],
    strategy: str | None = None,
    canary_replicas: int | None = None,
    keep: str | None = None,
) -> Project:
    """``project`` with ``x-pycompose.deploy`` of ``services`` overridden (``release start --strategy``)."""
    if strategy is None and canary_replicas is None and keep is None:
        return project
    changed = dict(project.services)
    for name in services:
        service = project.services.get(name)
        if service is None:
            raise PlanError(f"no such service: {name}")
        extensions = dict(service.extensions)
        pyc = dict(extensions.get("x-pycompose") or {})
        deploy = dict(pyc.get("deploy") or {})
        if strategy is not None:
            deploy["strategy"] = strategy
        if canary_replicas is not None:
            deploy["canary"] = {**dict(deploy.get("canary") or {}), "replicas": canary_replicas}
        if keep is not None:
            deploy["bluegreen"] = {**dict(deploy.get("bluegreen") or {}), "keep": keep}
        pyc["deploy"] = deploy
        extensions["x-pycompose"] = pyc
        changed[name] = replace(service, extensions=MappingProxyType(extensions))
    return replace(project, services=MappingProxyType(changed))


# ------------------------------------------------------------------------------------------ time


def _iso(epoch: float) -> str:
    return datetime.fromtimestamp(epoch, tz=timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def parse_iso(text: str | None) -> float | None:
    if not text:
        return None
    try:
        return datetime.strptime(text, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=timezone.utc).timestamp()
    except ValueError:
        return None


def human(value: float) -> str:
    """``600`` -> ``10m``, ``90`` -> ``1m30s``, ``0.5`` -> ``0.5s``."""
    if value < 60:
        return f"{value:g}s"
    whole = round(value)
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    return "".join(f"{n}{u}" for n, u in ((hours, "h"), (minutes, "m"), (secs, "s")) if n)


def release_id(now: float) -> str:
    """A sortable id: the UTC time of the start, to the millisecond (``20260105T101500123Z``)."""
    stamp = time.strftime("%Y%m%dT%H%M%S", time.gmtime(now))
    return f"{stamp}{int(now * 1000) % 1000:03d}Z"


# ------------------------------------------------------------------------------------------ observed


def carries_aliases(info: ContainerInfo, service: str) -> bool | None:
    """Whether ``info`` carries the service's DNS name on one of its networks; None when the observation
    does not say (an engine's list call leaves ``Aliases`` out; an inspect has them)."""
    found = [(ep or {}).get("Aliases") for ep in info.networks.values()]
    if not found:
        return False
    if all(a is None for a in found):
        return None
    return any(service in (a or ()) for a in found)


def serving(info: ContainerInfo, service: str) -> bool | None:
    """Running and reached by the service's name (None: unknown)."""
    if info.state != "running":
        return False
    return carries_aliases(info, service)


def final_name(name: str) -> str:
    return name.removesuffix(ROLLING_SUFFIX)


@dataclass(frozen=True)
class PendingRelease:
    """A release that was started and neither promoted nor aborted, as the labels tell it."""

    service: str
    id: str
    strategy: str
    new: tuple[ContainerInfo, ...]  # the green set / the canaries (and a promote's new replicas)
    old: tuple[ContainerInfo, ...]  # the previous version's replicas that still exist
    replaces: tuple[str, ...]  # 12-hex IDs of the previous version's replicas
    keep_until: float | None = None

    def live(self) -> str:
        """Which set the service's name reaches: ``new``, ``old``, ``both``, ``none`` or ``unknown``."""
        new = [serving(c, self.service) for c in self.new]
        old = [serving(c, self.service) for c in self.old]
        if None in new or None in old:
            return "unknown"
        if any(new) and any(old):
            return "both"
        if any(new):
            return "new"
        return "old" if any(old) else "none"

    def switched(self) -> bool:
        """Blue-green: the switch is complete (every green serves under its name, no blue serves)."""
        return self.live() == "new" and all(
            c.name == final_name(c.name) and serving(c, self.service) for c in self.new
        )


def pending_releases(observed: ObservedState) -> dict[str, PendingRelease]:
    """The pending release of every service that has one."""
    out = {}
    for service in observed.services():
        found = pending_release(observed, service)
        if found is not None:
            out[service] = found
    return out


#: (the last snapshot asked about, the services with release labels in it): ``plan_up`` asks per service
_LABELLED: list[tuple[ObservedState, frozenset[str]]] = []


def _labelled_services(observed: ObservedState) -> frozenset[str]:
    if _LABELLED and _LABELLED[0][0] is observed:
        return _LABELLED[0][1]
    found = frozenset(c.service for c in observed.containers if RELEASE_REPLACES in c.labels)
    _LABELLED[:] = [(observed, found)]
    return found


def pending_release(observed: ObservedState, service: str) -> PendingRelease | None:
    """The newest release of ``service`` with replaced containers still there, or None."""
    if service not in _labelled_services(observed):
        return None
    containers = observed.service_containers(service)
    groups: dict[str, list[ContainerInfo]] = {}
    for c in containers:
        rid = c.labels.get(RELEASE)
        if rid and c.labels.get(RELEASE_REPLACES) is not None:
            groups.setdefault(rid, []).append(c)
    for rid in sorted(groups, reverse=True):
        members = groups[rid]
        first = members[0].labels
        replaces = tuple(i for i in first.get(RELEASE_REPLACES, "").split(",") if i)
        old = tuple(c for c in containers if c.id[:12] in replaces and c not in members)
        if old:
            return PendingRelease(
                service=service,
                id=rid,
                strategy=first.get(RELEASE_STRATEGY, "blue-green"),
                new=tuple(members),
                old=old,
                replaces=replaces,
                keep_until=parse_iso(first.get(RELEASE_KEEP_UNTIL)),
            )
    return None


def status_of(pending: PendingRelease, now: float) -> dict[str, Any]:
    """What ``release status`` shows of a pending release (JSON-ready)."""
    live = pending.live()
    row: dict[str, Any] = {
        "service": pending.service,
        "strategy": pending.strategy,
        "release": pending.id,
        "live": live,
        "new": [c.name for c in pending.new],
        "old": [c.name for c in pending.old],
        "new_serving": [c.name for c in pending.new if serving(c, pending.service)],
        "old_serving": [c.name for c in pending.old if serving(c, pending.service)],
        "keep_until": _iso(pending.keep_until) if pending.keep_until is not None else None,
        "keep_left": max(pending.keep_until - now, 0.0) if pending.keep_until is not None else None,
    }
    if pending.strategy == "blue-green":
        if pending.switched():
            state = "switched: green serves, blue is kept running for an instant rollback"
        elif live == "old" and all(
            c.name == final_name(c.name) and c.state == "running" for c in pending.new
        ):
            state = "rolled back: blue serves, green is kept running (`release promote` switches back to it)"
        elif live == "old":
            state = "not switched: blue serves, green does not (`release abort` removes it)"
        else:
            state = f"switch incomplete ({live} serve): `release promote` or `release abort` finishes it"
    else:
        state = (
            f"{len(row['new_serving'])} new replica(s) serve beside {len(row['old_serving'])} of the "
            "previous version"
        )
    row["state"] = state
    return row


# ------------------------------------------------------------------------------------------ steps


@dataclass(frozen=True)
class ReleaseMeta:
    """What every step of a release carries in ``params["release"]``: enough for the driver
    (``pycompose.strategies``) to undo a failed release from a fresh inspection, without the project."""

    project: str
    service: str
    release: str
    strategy: str
    phase: str  # start | promote | abort
    settings: DeploySettings
    replaces: tuple[str, ...]
    #: final container name -> its networks' endpoint configs WITH the service's aliases (for a join)
    endpoints: Mapping[str, Endpoints] = field(default_factory=lambda: MappingProxyType({}))

    def _asdict(self) -> dict[str, Any]:
        return {
            "service": self.service,
            "release": self.release,
            "strategy": self.strategy,
            "phase": self.phase,
            "replaces": list(self.replaces),
            "settings": self.settings._asdict(),
        }


def release_of(step: Step) -> ReleaseMeta | None:
    value = step.params.get("release")
    return value if isinstance(value, ReleaseMeta) else None


@dataclass(frozen=True)
class Member:
    """A replica of either set as a plan sees it."""

    name: str  # now (``demo-web-4_rolling`` until it served once)
    final: str  # once it serves
    running: bool
    aliased: bool | None  # carries the service's aliases (None: unknown)
    networks: tuple[str, ...]  # what it is attached to now
    endpoints: Endpoints  # with the service's aliases
    healthy: bool = False  # running and healthy (or running without a healthcheck): no gate needed

    @property
    def served(self) -> bool:
        """It was in the service's DNS once (a ``_rolling`` name never was): it drains when it goes."""
        return self.name == self.final


def member(info: ContainerInfo, service: str, endpoints: Mapping[str, Endpoints]) -> Member:
    final = final_name(info.name)
    eps = endpoints.get(final) or tuple((n, MappingProxyType({})) for n in info.networks)
    return Member(
        name=info.name,
        final=final,
        running=info.state in ("running", "restarting", "paused"),
        aliased=carries_aliases(info, service),
        networks=tuple(info.networks),
        endpoints=eps,
        healthy=info.state == "running" and info.health in (None, "healthy"),
    )


def _release_steps(meta: ReleaseMeta) -> StepBuilder:
    """The builder of a release's steps: each carries ``meta``; every reconnect is chained (they never
    overlap: each replica gets its own address back)."""
    return StepBuilder({"release": meta}, chain=[])


def _bring_up(
    out: StepBuilder,
    m: Member,
    settings: DeploySettings,
    why: str,
    needs: Sequence[str],
    start: Mapping[str, Any],
) -> list[str]:
    """Make ``m`` serve: started and gated unless it runs healthy, named, and in the service's DNS."""
    prev = list(needs)
    if not m.running:
        prev = [out.add("start_container", f"container:{m.final}", why, prev, name=m.name, **start)]
    if not m.running or (m.aliased is not True and not m.healthy):
        prev = [out.gate(m.final, m.name, settings, prev)]
    if m.name != m.final:
        prev = [
            out.add(
                "rename_container",
                f"container:{m.final}",
                f"{why}: takes its name",
                prev,
                name=m.name,
                new_name=m.final,
            )
        ]
    if m.aliased is not True:
        prev = out.reconnect(
            m.final,
            m.endpoints,
            m.networks,
            f"{why}: joins the DNS of service {settings.service}",
            prev,
            "join",
            aliases=True,
            chained=True,
        )
    return prev


def _leave(
    out: StepBuilder,
    m: Member,
    settings: DeploySettings,
    why: str,
    needs: Sequence[str],
    note: str = "keeps its address for requests on their way",
) -> list[str]:
    """Take ``m`` out of the service's DNS, running, with its address (a no-op when it is out)."""
    if not m.running or m.aliased is False:
        return list(needs)
    return out.reconnect(
        m.name,
        m.endpoints,
        m.networks,
        f"{why}: {m.name} leaves the DNS of service {settings.service}; {note}",
        needs,
        "leave",
        aliases=False,
        chained=True,
    )


def _take_out(
    out: StepBuilder, m: Member, settings: DeploySettings, why: str, needs: Sequence[str]
) -> list[str]:
    """Take ``m`` away: out of the DNS keeping its address, drained (unless it never served), stopped,
    removed."""
    prev = list(needs)
    target = f"container:{m.name}"
    if m.running:
        prev = _leave(out, m, settings, why, prev)
        # nobody reaches a replica on no network (a kept blue one), nor one that never served
        if m.networks and (m.served or m.aliased is not False) and settings.drain > 0:
            prev = [
                out.add(
                    "wait_delay",
                    target,
                    f"drain: stop_grace_period {settings.drain:g}s for requests in flight",
                    prev,
                    suffix="drain",
                    seconds=settings.drain,
                )
            ]
        prev = [out.add("stop_container", target, why, prev, name=m.name, timeout=settings.stop_timeout)]
    return [out.add("remove_container", target, why, prev, name=m.name, force=True, volumes=False)]


def _old_endpoints(info: ContainerInfo, create_params: CreateParams) -> Endpoints:
    """The endpoints (with aliases) a replica of the previous version joins the DNS with: the service's
    networks (a kept blue replica is detached from them), and any other it is attached to."""
    eps = endpoints_of(create_params(info.number, info.name, None))
    return eps + tuple((n, MappingProxyType({})) for n in info.networks if n not in dict(eps))


@dataclass
class ServiceRelease:
    """What a release plans for one service, for ``plan_up`` (its dependents wait on ``containers``)."""

    steps: list[Step] = field(default_factory=list)
    containers: list[str] = field(default_factory=list)
    ready: dict[str, str] = field(default_factory=dict)
    started: list[str] = field(default_factory=list)


def _create_new(
    out: StepBuilder,
    project: str,
    service: str,
    numbers: Sequence[int],
    create_params: CreateParams,
    start: Mapping[str, Any],
    needs: Sequence[str],
    extra_labels: Mapping[str, str],
    label: Callable[[int], str],
    endpoints: dict[str, Endpoints],
) -> list[tuple[str, str, str, str]]:
    """Create, start and gate new replicas ``numbers`` under ``<name>_rolling`` without aliases.
    Returns (final, temp, start step, gate step) per replica."""
    made = []
    for k, number in enumerate(numbers, 1):
        final = labels.container_name(project, service, number)
        temp = final + ROLLING_SUFFIX
        params = unaliased_params(create_params(number, temp, None), extra_labels)
        endpoints[final] = endpoints_of(create_params(number, final, None))
        created = out.add("create_container", f"container:{final}", label(k), needs, **params)
        started = out.add("start_container", f"container:{final}", label(k), [created], name=temp, **start)
        gate = out.gate(final, temp, out.meta["release"].settings, [started])
        made.append((final, temp, started, gate))
    return made


def _join_new(
    out: StepBuilder,
    service: str,
    final: str,
    temp: str,
    endpoints: Endpoints,
    why: str,
    needs: Sequence[str],
) -> list[str]:
    renamed = out.add(
        "rename_container",
        f"container:{final}",
        f"{why}: takes its name",
        needs,
        name=temp,
        new_name=final,
    )
    # the networks a new replica is on: those it was created with (all of endpoints)
    return out.reconnect(
        final,
        endpoints,
        [n for n, _ in endpoints],
        f"{why}: joins the DNS of service {service}",
        [renamed],
        "join",
        aliases=True,
        chained=True,
    )


def plan_start(
    project: Project,
    service: Service,
    settings: DeploySettings,
    existing: Sequence[ContainerInfo],
    why: str,
    desired: int,
    create_params: CreateParams,
    start: Mapping[str, Any],
    needs: Sequence[str],
    now: float,
) -> ServiceRelease:
    """Start a release of ``service`` replacing ``existing`` (``why``: what changed)."""
    name = service.name
    rid = release_id(now)
    blue_green = settings.strategy == "blue-green"
    count = desired if blue_green else settings.canary_replicas
    replaces = tuple(c.id[:12] for c in existing)
    extra_labels = {RELEASE: rid, RELEASE_STRATEGY: settings.strategy, RELEASE_REPLACES: ",".join(replaces)}
    until = now + settings.keep
    if blue_green:
        extra_labels[RELEASE_KEEP_UNTIL] = _iso(until)
    endpoints: dict[str, Endpoints] = {c.name: _old_endpoints(c, create_params) for c in existing}
    meta = ReleaseMeta(project.name, name, rid, settings.strategy, "start", settings, replaces)
    out = _release_steps(meta)
    numbers = _free_numbers({c.number for c in existing}, count)
    if blue_green:

        def label(k: int) -> str:
            return f"blue-green release of {name}: green {k}/{count}: {why}"

    else:

        def label(k: int) -> str:
            return f"canary release of {name}: canary {k}/{count} beside {len(existing)} replica(s): {why}"

    made = _create_new(
        out, project.name, name, numbers, create_params, start, needs, extra_labels, label, endpoints
    )
    gates = [gate for _, _, _, gate in made]
    joined: list[str] = []
    result = ServiceRelease()
    for final, temp, started, gate in made:
        why_join = "switch: the whole green set is healthy" if blue_green else "canary"
        last = _join_new(out, name, final, temp, endpoints[final], why_join, gates if blue_green else [gate])
        joined += last
        result.containers.append(final)
        result.ready[final] = last[-1]
        result.started.append(started)
    if blue_green:
        keep = (
            f"kept running for an instant rollback until {_iso(until)} "
            f"(bluegreen.keep {human(settings.keep)})"
        )
        drained: list[tuple[ContainerInfo, str]] = []
        for c in existing:
            if c.state != "running" or not c.networks:
                continue
            left = joined
            if carries_aliases(c, name) is not False:
                left = out.reconnect(
                    c.name,
                    endpoints[c.name],
                    c.networks,
                    f"switch: blue {c.name} leaves the DNS of service {name}; {keep}",
                    joined,
                    "leave",
                    aliases=False,
                    chained=True,
                )
            drain = out.add(
                "wait_delay",
                f"container:{c.name}",
                f"drain: stop_grace_period {settings.drain:g}s for requests in flight",
                left,
                suffix="drain",
                seconds=settings.drain,
            )
            drained.append((c, drain))
        # drained blue replicas are detached from the networks (still running): a rollback then only
        # connects them (a disconnect is the slow half of a reconnect). After every reconnect: a detach
        # frees an address that a replica reconnecting at that moment could take instead of its own.
        after = list(out.chain or ())
        for c, drain in drained:
            for net in c.networks:
                out.add(
                    "disconnect_network",
                    f"container:{c.name}@{net}",
                    f"switch: blue {c.name} is drained: leaves network {net}, {keep}",
                    [drain, *after],
                    "detach",
                    network=net,
                    container=c.name,
                )
    else:
        result.containers[:0] = [c.name for c in existing]
        result.ready.update({c.name: "" for c in existing})
    result.steps = list(topological(_with_endpoints(out.steps, meta, endpoints)))
    return result


def _with_endpoints(steps: list[Step], meta: ReleaseMeta, endpoints: Mapping[str, Endpoints]) -> list[Step]:
    """Give every step the meta with all the endpoints (known once every replica was planned)."""
    full = replace(meta, endpoints=MappingProxyType(dict(endpoints)))
    return [replace(s, params=MappingProxyType({**s.params, "release": full})) for s in steps]


def plan_finish(
    project: str,
    pending: PendingRelease,
    settings: DeploySettings,
    action: str,
    endpoints: Mapping[str, Endpoints],
    why: str,
    desired: int = 0,
    create: tuple[CreateParams, Mapping[str, Any], Sequence[str], Iterable[int]] | None = None,
    changed: str = "",
) -> list[Step]:
    """The steps of ``action`` on a pending release:

    - ``promote``: the new set serves (joins the DNS where it does not), then the previous one leaves,
      drains, stops and goes; a canary promote first creates the rest of the new set (``desired``
      replicas in all; ``create`` is (create_params, start params, needs, numbers in use) for those);
    - ``abort``: the other way round;
    - ``rollback``: blue-green: the previous set serves again and the new one leaves the DNS but keeps
      running (kept until promote, abort or ``keep``: an instant switch, both ways); canary: ``abort``.
    """
    service = pending.service
    eps = dict(endpoints)
    meta = ReleaseMeta(project, service, pending.id, pending.strategy, action, settings, pending.replaces)
    out = _release_steps(meta)
    new = [member(c, service, eps) for c in pending.new]
    old = [member(c, service, eps) for c in pending.old]
    serve, other = (new, old) if action == "promote" else (old, new)
    keep_other = action == "rollback" and pending.strategy == "blue-green"
    start_params = create[1] if create is not None else {}
    surplus: list[Member] = []
    canary_promote = action == "promote" and pending.strategy == "canary"
    if canary_promote:
        serving_first = sorted(serve, key=lambda m: (m.aliased is not True or not m.running, m.final))
        serve, surplus = serving_first[:desired], serving_first[desired:]
    ready: list[str] = []
    for m in serve:
        ready += _bring_up(out, m, settings, why, [], start_params)
    if canary_promote and desired > len(serve):
        if create is None:
            raise PlanError(f"promoting the canary release of {service} needs the compose file")
        create_params, start, needs, used = create
        numbers = _free_numbers(set(used), desired - len(serve))
        labels_ = {k: v for k, v in pending.new[0].labels.items() if k.startswith(RELEASE)}
        more = len(numbers)

        def label(k: int) -> str:
            return f"{why}: new replica {k}/{more}{': ' + changed if changed else ''}"

        made = _create_new(out, project, service, numbers, create_params, start, needs, labels_, label, eps)
        for final, temp, _started, gate in made:
            ready += _join_new(out, service, final, temp, eps[final], why, [gate])
    if keep_other:
        until = f" until {_iso(pending.keep_until)}" if pending.keep_until is not None else ""
        for m in other:
            note = f"kept running{until}, with its address (`release promote` switches back to it)"
            _leave(out, m, settings, why, ready, note)
    else:
        gone = f"{why}: replaced by the new version" if action == "promote" else f"{why}: removed"
        for m in [*surplus, *other]:
            _take_out(out, m, settings, gone, ready)
    return list(topological(_with_endpoints(out.steps, meta, eps)))


# ------------------------------------------------------------------------------------------ plan_up


def plan_service(
    project: Project,
    service: Service,
    observed: ObservedState,
    options: Any,
    desired: int,
    reason_of: Callable[[ContainerInfo], str | None],
    create_params: CreateParams,
    start: Mapping[str, Any],
    needs: Sequence[str],
) -> ServiceRelease | None:
    """``plan_up``'s hook for one service: None when ``up`` plans it as usual; else what a release of
    it does: start one (a ``blue-green``/``canary`` service with running replicas out of date), hold a
    pending one (nothing to do: ``release promote``/``abort`` end it), or promote a blue-green release
    whose ``keep`` elapsed."""
    name = service.name
    now = options.now if getattr(options, "now", None) is not None else time.time()
    pending = pending_release(observed, name)
    if pending is not None:
        settings = deploy_settings(project, service, options.timeout, options.wait_timeout)
        changed = [r for c in pending.new for r in [reason_of(c)] if r]
        if changed:
            raise PlanError(
                f"services.{name}: the compose file changed ({changed[0]}) while the {pending.strategy} "
                f"release {pending.id} of {name} is pending",
                hint=f"end it first: `pycompose release promote {name}` or `pycompose release abort {name}`",
            )
        live_set = pending.live()
        if (
            pending.strategy == "blue-green"
            and pending.keep_until is not None
            and now >= pending.keep_until
            and live_set in ("new", "old")
        ):
            # the kept set goes: blue after the switch (a promote), green after a rollback (an abort)
            action = "promote" if live_set == "new" else "abort"
            kept = "blue" if action == "promote" else "green"
            endpoints = {c.name: _old_endpoints(c, create_params) for c in pending.old}
            why = (
                f"bluegreen.keep {human(settings.keep)} elapsed ({kept} was kept until "
                f"{_iso(pending.keep_until)}): {action} the blue-green release of {name}"
            )
            steps = plan_finish(project.name, pending, settings, action, endpoints, why)
            live = pending.new if action == "promote" else pending.old
            names = [final_name(c.name) for c in live]
            return ServiceRelease(steps, names, dict.fromkeys(names, ""))
        live = pending.new if live_set in ("new", "both") else pending.old
        names = [c.name for c in live if c.state == "running"]
        return ServiceRelease([], names, dict.fromkeys(names, ""))
    if getattr(options, "no_start", False) or not _has_deploy_keys(project, service):
        return None  # the common case, cheap: no x-pycompose.deploy anywhere
    settings = deploy_settings(project, service, options.timeout, options.wait_timeout)
    if not settings.releases:
        return None
    existing = observed.service_containers(name)
    outdated = [r for c in existing if c.state == "running" for r in [reason_of(c)] if r]
    if not outdated or desired < 1:
        return None  # a first deploy, a scale change, stopped replicas: as Docker Compose does
    if settings.impossible:
        raise PlanError(
            f"services.{name}: x-pycompose.deploy.strategy {settings.strategy} runs two sets of replicas "
            f"side by side, which is impossible: {settings.impossible}",
            hint="remove the key that prevents it, or use deploy.update_config (rolling, stop-first)",
        )
    return plan_start(
        project, service, settings, existing, outdated[0], desired, create_params, start, needs, now
    )


# ------------------------------------------------------------------------------------------ commands


def create_params_for(project: Project, service: Service, observed: ObservedState) -> CreateParams:
    """The params of a create step as ``plan_up`` builds them (for ``release promote``/``abort``)."""
    from pycompose.planner.specs import container_spec, extra_networks
    from pycompose.planner.up import _first_container_ids

    ref = service.image_name(project.name)
    image = observed.images.get(ref)
    ids = _first_container_ids(observed)

    def make(number: int, name: str, replacing: ContainerInfo | None) -> Mapping[str, Any]:
        try:
            spec = container_spec(
                project,
                service,
                number,
                name=name,
                image_id=image.id if image else None,
                container_ids=ids,
                replace=replacing is not None,
            )
        except (ValueError, KeyError) as error:
            raise PlanError(str(error), path=("services", service.name)) from None
        return {"spec": spec, "connect": tuple(extra_networks(project, service, number)), "image_ref": ref}

    return make


def _reasons(
    project: Project, service: Service, observed: ObservedState, create_params: CreateParams
) -> Callable[[ContainerInfo], str | None]:
    """What differs between a container and the compose file, as ``plan_up`` says it (None: nothing)."""
    from pycompose.planner.up import _first_container_ids, _recreate_reason, expected_hash

    wanted = expected_hash(service, _first_container_ids(observed))
    image = observed.images.get(service.image_name(project.name))
    networks = [project.networks[a.network].name for a in service.networks if a.network in project.networks]

    def reason(c: ContainerInfo) -> str | None:
        body = create_params(c.number, final_name(c.name), None)["spec"].body
        return _recreate_reason(
            c,
            wanted,
            image.id if image else None,
            body,
            observed.details.get(c.id),
            False,
            [],
            [],
            image.env if image else None,
            networks if not service.network_mode else None,
        )

    return reason


def plan_release(
    project: Project,
    observed: ObservedState,
    services: Sequence[str],
    action: str,
    timeout: int | None = None,
) -> Plan:
    """The plan of ``pycompose release promote|abort SERVICE...``: each service needs a pending release."""
    if action not in ("promote", "abort", "rollback"):
        raise ValueError(f"unknown release action {action!r}")
    steps: list[Step] = []
    for name in services:
        service = project.services.get(name)
        if service is None:
            raise PlanError(f"no such service: {name}", hint="run `pycompose config --services`")
        pending = pending_release(observed, name)
        if pending is None:
            raise PlanError(
                f"no release of {name} is pending", hint="`pycompose release status` lists the pending ones"
            )
        settings = deploy_settings(project, service, timeout)
        create_params = create_params_for(project, service, observed)
        endpoints: dict[str, Endpoints] = {c.name: _old_endpoints(c, create_params) for c in pending.old}
        for c in pending.new:
            final = final_name(c.name)
            endpoints[final] = endpoints_of(create_params(c.number, final, None))
        kind = "blue-green" if pending.strategy == "blue-green" else "canary"
        if action == "rollback" and kind == "blue-green":
            why = f"roll the blue-green release of {name} back to blue"
            steps += plan_finish(project.name, pending, settings, action, endpoints, why)
            continue
        if action in ("abort", "rollback"):
            why = f"abort the {kind} release of {name}" + (", back to blue" if kind == "blue-green" else "")
            steps += plan_finish(project.name, pending, settings, "abort", endpoints, why)
            continue
        why = f"promote the {kind} release of {name}"
        if kind == "blue-green":
            steps += plan_finish(project.name, pending, settings, action, endpoints, why)
            continue
        reason_of = _reasons(project, service, observed, create_params)
        changed = [r for c in pending.new for r in [reason_of(c)] if r]
        if changed:
            raise PlanError(
                f"the compose file changed since the canary release of {name} started ({changed[0]}): "
                "promoting would create replicas of another version",
                hint=f"restore the file, or `pycompose release abort {name}`",
            )
        ref = service.image_name(project.name)
        if ref not in observed.images:
            raise PlanError(f"image {ref} of service {name} not found", hint=f"pycompose pull {name}")
        from pycompose.planner.specs import injection_values

        try:
            injections = injection_values(project, service)
        except ValueError as error:
            raise PlanError(str(error), path=("services", name)) from None
        start = {"inject": injections} if injections else {}
        used = {c.number for c in observed.service_containers(name)}
        what = reason_of(pending.old[0]) if pending.old else ""
        steps += plan_finish(
            project.name,
            pending,
            settings,
            action,
            endpoints,
            why,
            desired=service.scale,
            create=(create_params, start, (), used),
            changed=what or "",
        )
    return Plan(project=project.name, steps=topological(steps))


def plan_abort_observed(meta: ReleaseMeta, containers: Sequence[ContainerInfo], why: str) -> Plan:
    """Undo a failed start from a fresh inspection of the service's containers (``meta`` has the
    endpoints): the previous version serves again, the new replicas go."""
    new = tuple(c for c in containers if c.labels.get(RELEASE) == meta.release)
    old = tuple(c for c in containers if c.id[:12] in meta.replaces and c not in new)
    pending = PendingRelease(meta.service, meta.release, meta.strategy, new, old, meta.replaces)
    steps = plan_finish(meta.project, pending, meta.settings, "abort", meta.endpoints, why)
    return Plan(project=meta.project, steps=topological(steps))


def plan_drop_unserving(meta: ReleaseMeta, containers: Sequence[ContainerInfo], why: str) -> Plan:
    """After a failed canary promote: remove the new replicas that do not serve (the release stays)."""
    out = _release_steps(meta)
    for c in containers:
        if c.labels.get(RELEASE) != meta.release or serving(c, meta.service):
            continue
        m = member(c, meta.service, meta.endpoints)
        _take_out(out, replace(m, aliased=False), meta.settings, why, [])
    return Plan(project=meta.project, steps=topological(out.steps))
