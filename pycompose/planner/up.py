"""``plan_up``: the steps that make the engine match the compose file, each with the reason it is needed.

Pure: reads a ``Project`` and an ``ObservedState``, returns a ``Plan``; never calls the engine.
The same rules as Docker Compose v2's convergence (``pkg/compose/convergence.go``):

* a container is recreated when its config hash, its image ID, an expected network or volume, or a
  service it shares a namespace with changed (or ``--force-recreate``); stopped ones are started;
* scale up takes the next container numbers; scale down removes obsolete containers first, then the
  highest numbers;
* a recreate creates the new container under a temporary name, stops and removes the old one, renames
  the new one, then starts it (so a failure leaves the old container or a renamable new one);
* a service starts only when its dependencies reached their ``depends_on`` condition (started,
  healthy, completed successfully), which become ``wait_*`` steps of the plan;
* orphan containers (services no longer in the file) are planned but skipped unless asked to remove.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

from pycompose import labels
from pycompose.engine.base import ContainerInfo
from pycompose.errors import PlanError
from pycompose.model import Project, Service
from pycompose.observe import ObservedState
from pycompose.planner.changes import describe_changes
from pycompose.planner.options import UpOptions
from pycompose.planner.plan import Deferred, Plan, Step, topological

_NAMESPACE_KEYS = ("network_mode", "ipc", "pid")


@dataclass
class _Builder:
    """Collects steps; ``add`` returns the step id (an existing one when the same step is asked twice)."""

    steps: dict[str, Step] = field(default_factory=dict)

    def add(
        self,
        action: str,
        target: str,
        reason: str,
        needs: Iterable[str] = (),
        destructive: bool = False,
        skipped: bool = False,
        **params: Any,
    ) -> str:
        step_id = f"{action}:{target}"
        if step_id not in self.steps:
            self.steps[step_id] = Step(
                id=step_id,
                action=action,
                target=target,
                reason=reason,
                needs=tuple(dict.fromkeys(n for n in needs if n)),
                destructive=destructive,
                skipped=skipped,
                params=MappingProxyType(params),
            )
        return step_id


@dataclass
class _ServiceSteps:
    """What the plan does for one service, for its dependents to wait on."""

    started: list[str] = field(default_factory=list)  # start steps (new, recreated or stopped ones)
    ready: dict[str, str] = field(default_factory=dict)  # final container name -> step making it exist
    containers: list[str] = field(default_factory=list)  # final container names after the plan
    recreated: bool = False


# ------------------------------------------------------------------------------------------ helpers


def service_dependencies(service: Service) -> dict[str, Mapping[str, Any]]:
    """``depends_on`` of a service as ``{name: {condition, required, restart}}``."""
    return {
        d.service: {"condition": d.condition, "required": d.required, "restart": d.restart}
        for d in service.depends_on
    }


def _namespace_refs(service: Service) -> set[str]:
    refs = set()
    for key in _NAMESPACE_KEYS:
        value = service.spec.get(key)
        if isinstance(value, str) and value.startswith("service:"):
            refs.add(value[len("service:") :])
    for entry in service.spec.get("volumes_from") or ():
        name = entry.split(":")[0]
        if name != "container":
            refs.add(name)
    return refs


def selected_services(project: Project, names: Iterable[str], no_deps: bool) -> list[str]:
    """The services to act on, dependencies included unless ``no_deps``, in dependency order."""
    wanted = list(names) or list(project.services)
    for name in wanted:
        if name not in project.services:
            reason = ": disabled" if name in project.disabled_services else ""
            raise PlanError(f"no such service: {name}{reason}", hint="run `pycompose config --services`")
    chosen: set[str] = set()
    todo = list(wanted)
    while todo:
        name = todo.pop()
        if name in chosen:
            continue
        chosen.add(name)
        if not no_deps:
            todo.extend(d for d in service_dependencies(project.services[name]) if d in project.services)
            todo.extend(r for r in _namespace_refs(project.services[name]) if r in project.services)
    return dependency_order(project, chosen)


def dependency_order(project: Project, names: Iterable[str]) -> list[str]:
    """Dependencies before dependents; file order breaks ties."""
    chosen = set(names)
    order: list[str] = []
    done: set[str] = set()

    def visit(name: str, stack: tuple[str, ...]) -> None:
        if name in done or name in stack:
            return
        service = project.services[name]
        for dep in [*service_dependencies(service), *sorted(_namespace_refs(service))]:
            if dep in chosen and dep in project.services:
                visit(dep, (*stack, name))
        done.add(name)
        order.append(name)

    for name in project.services:
        if name in chosen:
            visit(name, ())
    return order


def _image_ref(project: Project, service: Service) -> str:
    return service.image_name(project.name)


def _first_container_ids(observed: ObservedState) -> dict[str, str]:
    ids: dict[str, str] = {}
    for container in sorted(observed.containers, key=lambda c: c.name):
        if not container.oneoff:
            ids.setdefault(container.service, container.id)
    return ids


#: (id of the frozen spec, container ids) -> (the spec itself, its hash). ``observe_project`` and
#: ``plan_up`` both need every service's hash; keeping the spec in the entry makes the id unambiguous.
_HASHES: dict[tuple[int, tuple[tuple[str, str], ...]], tuple[Any, str]] = {}


def expected_hash(service: Service, container_ids: Mapping[str, str]) -> str:
    """The config-hash label a container of ``service`` created now would carry (computed once)."""
    key = (id(service.spec), tuple(sorted(container_ids.items())))
    cached = _HASHES.get(key)
    if cached is not None and cached[0] is service.spec:
        return cached[1]
    value = _compute_hash(service, container_ids)
    if len(_HASHES) > 4096:
        _HASHES.clear()
    _HASHES[key] = (service.spec, value)
    return value


def _compute_hash(service: Service, container_ids: Mapping[str, str]) -> str:
    from pycompose.config.hashing import label_hash
    from pycompose.planner.specs import _thaw

    spec = _thaw(service.spec)
    try:
        return label_hash(spec, container_ids=container_ids, dollars_escaped=False)
    except KeyError:
        # a service sharing the namespace of one that has no container yet: it is created anyway
        placeholder = dict.fromkeys(_namespace_refs(service), "0" * 64)
        return label_hash(spec, container_ids={**placeholder, **container_ids}, dollars_escaped=False)


# --------------------------------------------------------------------------------- networks/volumes


def _network_differences(project: Project, key: str, observed_net: Any) -> list[str]:
    from pycompose.planner.specs import network_spec

    body = network_spec(project, key).body
    diffs = []
    if (body.get("Driver") or "bridge") != (observed_net.driver or "bridge"):
        diffs.append(f"driver {observed_net.driver} -> {body.get('Driver')}")
    if bool(body.get("Internal")) != bool(observed_net.internal):
        diffs.append("internal changed")
    if bool(body.get("Attachable")) != bool(observed_net.attachable):
        diffs.append("attachable changed")
    wanted_subnets = sorted(c.get("Subnet", "") for c in ((body.get("IPAM") or {}).get("Config") or []))
    have_subnets = sorted(c.get("Subnet", "") for c in ((observed_net.ipam or {}).get("Config") or []))
    if wanted_subnets and wanted_subnets != have_subnets:
        diffs.append(f"subnets {have_subnets} -> {wanted_subnets}")
    return diffs


_EXTERNAL_MISSING = {
    "network": "network {name} declared as external, but could not be found",
    "volume": 'external volume "{name}" not found',
}


def _external_or_missing(
    kind: str,
    key: str,
    resource: Any,
    existing: Any,
    builder: _Builder,
    created: dict[str, str],
    spec_of: Any,
    project: Project,
) -> bool:
    """The cases networks and volumes share: external (must exist, never touched) and missing (create).
    True when the resource needs nothing more."""
    name = resource.name
    if resource.external:
        if existing is None:
            raise PlanError(
                _EXTERNAL_MISSING[kind].format(name=name),
                hint=f"create it with `docker {kind} create {name}` or remove `external: true`",
            )
        return True
    if existing is None:
        created[key] = builder.add(f"create_{kind}", f"{kind}:{name}", "missing", spec=spec_of(project, key))
        return True
    return False


def _plan_networks(
    project: Project,
    observed: ObservedState,
    used: set[str],
    builder: _Builder,
    used_by: set[str] = frozenset(),
) -> tuple[dict[str, str], set[str]]:
    """Create missing networks, recreate changed ones. Returns (key -> step id, keys recreated)."""
    from pycompose.planner.specs import network_spec

    created: dict[str, str] = {}
    recreated: set[str] = set()
    for key, network in project.networks.items():
        if key not in used:
            continue
        name = network.name
        existing = observed.networks.get(name)
        if _external_or_missing("network", key, network, existing, builder, created, network_spec, project):
            continue
        owner = existing.labels.get(labels.NETWORK)
        if owner is not None and owner != key:
            raise PlanError(
                f"network {name} was found but has incorrect label {labels.NETWORK} set to {owner!r}",
                hint="remove it or rename the network in the compose file",
            )
        diffs = _network_differences(project, key, existing)
        if diffs:
            recreated.add(key)
            # a network with endpoints cannot be removed: disconnect every container first (those of
            # this project's services are recreated on the new network; others are reconnected below)
            disconnects = [
                builder.add(
                    "disconnect_network",
                    f"container:{c.name}@{name}",
                    f"network {name} is recreated",
                    network=name,
                    container=c.name,
                    force=True,
                )
                for c in observed.containers
                if name in c.networks
            ]
            remove = builder.add(
                "remove_network",
                f"network:{name}",
                "configuration changed: " + ", ".join(diffs),
                needs=disconnects,
                name=name,
            )
            created[key] = builder.add(
                "create_network",
                f"network:{name}",
                "configuration changed: " + ", ".join(diffs),
                needs=[remove],
                spec=network_spec(project, key),
            )
            for c in observed.containers:
                if name in c.networks and (
                    c.oneoff or c.service not in used_by or c.service not in project.services
                ):
                    builder.add(
                        "connect_network",
                        f"container:{c.name}@{name}",
                        f"reconnect to the recreated network {name}",
                        needs=[created[key]],
                        network=name,
                        container=c.name,
                        endpoint={"Aliases": [c.service]} if c.service else {},
                    )
    return created, recreated


def _volume_differences(project: Project, key: str, observed_vol: Any) -> list[str]:
    volume = project.volumes[key]
    diffs = []
    if volume.driver and volume.driver != observed_vol.driver:
        diffs.append(f"driver {observed_vol.driver} -> {volume.driver}")
    if volume.driver_opts and dict(volume.driver_opts) != dict(observed_vol.options or {}):
        diffs.append("driver_opts changed")
    return diffs


def _plan_volumes(
    project: Project, observed: ObservedState, used: set[str], options: UpOptions, builder: _Builder
) -> tuple[dict[str, str], set[str]]:
    from pycompose.planner.specs import volume_spec

    created: dict[str, str] = {}
    recreated: set[str] = set()
    for key, volume in project.volumes.items():
        if key not in used:
            continue
        name = volume.name
        existing = observed.volumes.get(name)
        if _external_or_missing("volume", key, volume, existing, builder, created, volume_spec, project):
            continue
        diffs = _volume_differences(project, key, existing)
        if diffs:
            skipped = not options.recreate_volumes
            if not skipped:
                recreated.add(key)
            reason = "configuration changed: " + ", ".join(diffs) + " (recreating loses its data)"
            remove = builder.add(
                "remove_volume", f"volume:{name}", reason, destructive=True, skipped=skipped, name=name
            )
            created[key] = builder.add(
                "create_volume",
                f"volume:{name}",
                reason,
                needs=[remove],
                destructive=True,
                skipped=skipped,
                spec=volume_spec(project, key),
            )
            if skipped:
                created.pop(key)
    return created, recreated


# ------------------------------------------------------------------------------------------ images


def _plan_image(
    project: Project, service: Service, observed: ObservedState, options: UpOptions, builder: _Builder
) -> str | None:
    """The pull / build steps the service's containers wait for (``pycompose.planner.build``)."""
    from pycompose.planner.build import plan_image

    return plan_image(project, service, observed, options, builder)


# ---------------------------------------------------------------------------------------- services


def _used_resources(project: Project, names: Iterable[str]) -> tuple[set[str], set[str]]:
    networks: set[str] = set()
    volumes: set[str] = set()
    for name in names:
        service = project.services[name]
        if not service.network_mode or service.network_mode.startswith("bridge"):
            networks.update(a.network for a in service.networks)
        networks.update(a.network for a in service.networks)
        for mount in service.volumes:
            if mount.type == "volume" and mount.source:
                volumes.add(mount.source)
    return networks, volumes


def _preference(container: ContainerInfo, wanted_hash: str) -> tuple[bool, bool, str]:
    """Which of two containers with one number to keep: up to date, then running, then newest."""
    return (container.config_hash == wanted_hash, container.state == "running", container.created)


def _recreate_reason(
    container: ContainerInfo,
    wanted_hash: str,
    image_id: str | None,
    body: Mapping[str, Any],
    details: Mapping[str, Any] | None,
    forced: bool,
    network_changed: list[str],
    volume_changed: list[str],
    image_env: Any,
    networks: list[str] | None = None,
) -> str | None:
    if forced:
        return "--force-recreate"
    if network_changed:
        return f"network {', '.join(network_changed)} recreated"
    if volume_changed:
        return f"volume {', '.join(volume_changed)} recreated"
    if container.config_hash != wanted_hash:
        changes = describe_changes(details, body, image_env, networks)
        return ", ".join(changes) if changes else "configuration changed"
    if image_id and container.labels.get(labels.IMAGE) and container.labels.get(labels.IMAGE) != image_id:
        return "image updated"
    return None


def _declares_release(project: Project, service: Service) -> bool:
    """Whether ``x-pycompose.deploy`` is set for ``service`` or the project (blue-green / canary)."""
    return any(
        isinstance(ext.get("x-pycompose"), Mapping) and ext["x-pycompose"].get("deploy") is not None
        for ext in (service.extensions, project.extensions)
    )


def plan_up(project: Project, observed: ObservedState, options: UpOptions | None = None) -> Plan:
    """The plan of ``up`` (and ``create`` with ``no_start``)."""
    from pycompose.planner.specs import container_spec, extra_networks

    options = options or UpOptions()
    builder = _Builder()
    names = selected_services(project, options.services, options.no_deps)
    used_networks, used_volumes = _used_resources(project, names)
    network_steps, networks_recreated = _plan_networks(project, observed, used_networks, builder, set(names))
    volume_steps, volumes_recreated = _plan_volumes(project, observed, used_volumes, options, builder)
    container_ids = _first_container_ids(observed)
    waited_completed = {
        dep
        for name in names
        for dep, d in service_dependencies(project.services[name]).items()
        if d["condition"] == "service_completed_successfully"
    }

    done: dict[str, _ServiceSteps] = {}
    for name in names:
        service = project.services[name]
        done[name] = _plan_service(
            project,
            service,
            observed,
            options,
            builder,
            done,
            network_steps,
            volume_steps,
            networks_recreated,
            volumes_recreated,
            container_ids,
            container_spec,
            extra_networks,
        )

    if options.wait and not options.no_start:
        for name in names:
            service = project.services[name]
            for container in done[name].containers:
                needs = [*done[name].started, done[name].ready.get(container, "")]
                if name in waited_completed:
                    builder.add(
                        "wait_completed",
                        f"container:{container}",
                        "--wait: one-shot job must succeed",
                        needs=needs,
                        name=container,
                        timeout=options.wait_timeout,
                        exit_code=0,
                    )
                elif (
                    service.healthcheck
                    and not service.healthcheck.disable
                    and service.healthcheck.test != ("NONE",)
                ):
                    builder.add(
                        "wait_healthy",
                        f"container:{container}",
                        "--wait: healthcheck must pass",
                        needs=needs,
                        name=container,
                        timeout=options.wait_timeout,
                        # with a timeout, unhealthy may still recover: only the deadline is final
                        unhealthy_final=options.wait_timeout is None,
                    )
                else:
                    builder.add(
                        "wait_running",
                        f"container:{container}",
                        "--wait: must be running",
                        needs=needs,
                        name=container,
                        timeout=options.wait_timeout,
                    )

    _plan_orphans(project, observed, options, builder)
    return Plan(project=project.name, steps=topological(builder.steps.values()))


def _plan_orphans(project: Project, observed: ObservedState, options: UpOptions, builder: _Builder) -> None:
    known = set(project.services) | set(project.disabled_services)
    for container in observed.containers:
        if container.oneoff or container.service in known:
            continue
        # destructive, but asked for by --remove-orphans: no confirmation then
        skipped = not options.remove_orphans
        reason = "orphan: service " + container.service + " is not in the compose file"
        stop = None
        if container.state in ("running", "paused", "restarting"):
            stop = builder.add(
                "stop_container",
                f"container:{container.name}",
                reason,
                destructive=skipped,
                skipped=skipped,
                name=container.name,
                timeout=options.timeout,
            )
        builder.add(
            "remove_container",
            f"container:{container.name}",
            reason,
            needs=[stop or ""],
            destructive=skipped,
            skipped=skipped,
            name=container.name,
            force=False,
            volumes=False,
        )


def _injections(project: Project, service: Service) -> dict[str, Any]:
    """``{"inject": ...}`` for the start steps of a service with secrets or configs to copy in first
    (``injectSecrets``/``injectConfigs`` run before every start in Docker Compose), else ``{}``."""
    from pycompose.planner.specs import injection_values

    try:
        injections = injection_values(project, service)
    except ValueError as error:
        raise PlanError(str(error), path=("services", service.name)) from None
    return {"inject": injections} if injections else {}


def _dependency_gates(
    project: Project, service: Service, done: Mapping[str, _ServiceSteps], builder: _Builder
) -> list[str]:
    """Steps that must finish before this service's containers start (its ``depends_on`` conditions)."""
    gates: list[str] = []
    for dep, spec in service_dependencies(service).items():
        if dep not in done:
            continue
        steps = done[dep]
        condition = spec["condition"]
        if condition == "service_healthy":
            for container in steps.containers:
                gates.append(
                    builder.add(
                        "wait_healthy",
                        f"container:{container}",
                        f"{service.name} depends on {dep} being healthy",
                        needs=[*steps.started, steps.ready.get(container, "")],
                        name=container,
                        timeout=None,
                    )
                )
        elif condition == "service_completed_successfully":
            for container in steps.containers:
                gates.append(
                    builder.add(
                        "wait_completed",
                        f"container:{container}",
                        f"{service.name} depends on {dep} completing successfully",
                        needs=[*steps.started, steps.ready.get(container, "")],
                        name=container,
                        timeout=None,
                        exit_code=0,
                    )
                )
        else:
            gates.extend(steps.started)
    return gates


def _plan_service(
    project: Project,
    service: Service,
    observed: ObservedState,
    options: UpOptions,
    builder: _Builder,
    done: Mapping[str, _ServiceSteps],
    network_steps: Mapping[str, str],
    volume_steps: Mapping[str, str],
    networks_recreated: set[str],
    volumes_recreated: set[str],
    container_ids: Mapping[str, str],
    container_spec: Any,
    extra_networks: Any,
) -> _ServiceSteps:
    name = service.name
    result = _ServiceSteps()
    desired = options.scale.get(name, service.scale)
    if service.container_name and desired > 1:
        raise PlanError(
            f"services.{name}: can't set container_name and {name} as container name must be unique",
            hint="remove container_name or keep one replica",
        )
    existing = list(observed.service_containers(name))
    ref = _image_ref(project, service)
    image = observed.images.get(ref)
    image_id = image.id if image else None
    image_step = _plan_image(project, service, observed, options, builder)
    wanted_hash = expected_hash(service, container_ids)
    inject = {} if options.no_start else _injections(project, service)
    # deploy.update_config: running replicas to replace go to planner/rolling.py (batches, health gates)
    rolling = None
    if not options.no_start and (service.spec.get("deploy") or {}).get("update_config") is not None:
        from pycompose.planner import rolling as rolling_mod  # only for services that roll: a large module

        rolling = rolling_mod.rolling_settings(project, service, options.timeout, options.wait_timeout)
    rolled: list[tuple[ContainerInfo, str]] = []
    my_networks = [a.network for a in service.networks]
    my_volumes = [m.source for m in service.volumes if m.type == "volume" and m.source]
    create_needs = [image_step or ""]
    create_needs += [network_steps.get(n, "") for n in my_networks]
    create_needs += [volume_steps.get(v, "") for v in my_volumes]
    for ref_service in _namespace_refs(service):
        if ref_service in done:
            create_needs += list(done[ref_service].ready.values())[:1]
    # a one-shot job (others wait for it to complete) that exited 0 with this config is done, not down
    one_shot = any(
        d.service == name and d.condition == "service_completed_successfully"
        for other in project.services.values()
        for d in other.depends_on
    )
    gate_ids: list[str] | None = None

    def gates() -> list[str]:
        """Created on first use: a service that starts nothing waits for nothing."""
        nonlocal gate_ids
        if gate_ids is None:
            gate_ids = _dependency_gates(project, service, done, builder)
        return gate_ids

    changed_networks = [project.networks[n].name for n in my_networks if n in networks_recreated]
    changed_volumes = [project.volumes[v].name for v in my_volumes if v in volumes_recreated]
    shared_recreated = [r for r in _namespace_refs(service) if r in done and done[r].recreated]

    def final_name(number: int) -> str:
        return service.container_name or labels.container_name(project.name, name, number)

    # services whose first container this plan creates or replaces: its ID exists only once the plan
    # runs, so a spec naming it (network_mode/ipc/pid "service:x", volumes_from: container:<ID> in the
    # body and in the config hash) is built again by the executor with the real ID (``respec``)
    later = {
        ref: first
        for ref in sorted(_namespace_refs(service))
        if ref in done and done[ref].containers
        for first in [min(done[ref].containers)]
        if done[ref].ready.get(first) or ref not in container_ids
    }
    planned_ids = {**container_ids, **{ref: f"<ID of {first}>" for ref, first in later.items()}}

    def spec_for(
        number: int,
        temp_name: str | None = None,
        replacing: ContainerInfo | None = None,
        ids: Mapping[str, str] = planned_ids,
    ) -> Any:
        # a replacement mounts the anonymous volumes of the container it replaces again (no data lost)
        try:
            return container_spec(
                project,
                service,
                number,
                name=temp_name or final_name(number),
                image_id=image_id,
                container_ids=ids,
                inherited_mounts=replacing.mounts
                if replacing is not None and not options.renew_anon_volumes
                else (),
                replace=replacing is not None,
            )
        except ValueError as error:  # what Docker Compose refuses to create (external secrets...)
            raise PlanError(str(error), path=("services", name)) from None
        except KeyError as error:  # "service:x" where x has no container and none is planned
            raise PlanError(
                str(error.args[0]), path=("services", name), hint=f"start {name}'s dependencies too"
            ) from None

    def respec(number: int, temp_name: str | None = None, replacing: ContainerInfo | None = None) -> Any:
        """``{"respec": Deferred}`` when the spec names containers this plan creates, else ``{}``."""
        if not later:
            return {}

        def build(ids: Mapping[str, str]) -> Any:
            return spec_for(number, temp_name, replacing, {**container_ids, **ids})

        return {"respec": Deferred(later, build)}

    def create_params(number: int, name_: str, replacing: ContainerInfo | None) -> dict[str, Any]:
        """What a create step of ``number`` under ``name_`` carries (for planner/rolling.py)."""
        return {
            "spec": spec_for(number, name_, replacing=replacing),
            **respec(number, name_, replacing=replacing),
            "connect": tuple(extra_networks(project, service, number)),
            "image_ref": ref,
        }

    def reason_for(container: ContainerInfo) -> str | None:
        """Why ``container`` must be recreated (None: it matches the compose file)."""
        if options.no_recreate:
            return None
        reason = _recreate_reason(
            container,
            wanted_hash,
            image_id,
            spec_for(container.number).body,
            observed.details.get(container.id),
            options.force_recreate or (options.always_recreate_deps and bool(shared_recreated)),
            changed_networks,
            changed_volumes,
            image.env if image else None,
            [project.networks[n].name for n in my_networks if n in project.networks]
            if not service.network_mode
            else None,
        )
        if reason is None and shared_recreated:
            reason = f"shares a namespace with recreated {', '.join(shared_recreated)}"
        return reason

    # x-pycompose.deploy.strategy blue-green / canary, and pending releases: planner/deploy_strategies.py
    released = None
    if _declares_release(project, service) or any(
        labels.in_release(c.labels) for c in observed.service_containers(name)
    ):
        from pycompose.planner import deploy_strategies  # only where a release may be: a large module

        released = deploy_strategies.plan_service(
            project, service, observed, options, desired, reason_for, create_params, inject, create_needs
        )
    if released is not None:
        for step in released.steps:
            builder.steps[step.id] = step
        result.containers += released.containers
        result.ready.update(released.ready)
        result.started += released.started
        return result

    # which existing containers go away (scale down): obsolete first, then the highest numbers
    def is_obsolete(c: ContainerInfo) -> bool:
        return c.config_hash != wanted_hash

    # an interrupted recreate can leave two containers with one number (the old one and the new one
    # under its temporary name): keep the best, remove the other
    best: dict[int, ContainerInfo] = {}
    for c in existing:
        current = best.get(c.number)
        if current is None or _preference(c, wanted_hash) > _preference(current, wanted_hash):
            best[c.number] = c
    leftover_removals: dict[str, str] = {}
    for c in existing:
        if best[c.number] is c:
            continue
        reason = f"left over from an interrupted update of {final_name(c.number)}"
        stop = None
        if c.state in ("running", "paused", "restarting"):
            stop = builder.add(
                "stop_container", f"container:{c.name}", reason, name=c.name, timeout=options.timeout
            )
        leftover_removals[c.name] = builder.add(
            "remove_container",
            f"container:{c.name}",
            reason,
            needs=[stop or ""],
            name=c.name,
            force=True,
            volumes=False,
        )
    existing = sorted(best.values(), key=lambda c: c.number)

    # among obsolete ones the running stay (an interrupted rolling update leaves stopped old ones)
    keep = sorted(existing, key=lambda c: (is_obsolete(c), is_obsolete(c) and c.state != "running", c.number))
    keep = sorted(keep[: max(desired, 0)] if len(existing) > desired else existing, key=lambda c: c.number)
    remove = [c for c in existing if c not in keep]
    for container in remove:
        reason = f"scale {len(existing)} -> {desired}"
        stop = None
        if container.state in ("running", "paused", "restarting"):
            stop = builder.add(
                "stop_container",
                f"container:{container.name}",
                reason,
                name=container.name,
                timeout=options.timeout,
            )
        builder.add(
            "remove_container",
            f"container:{container.name}",
            reason,
            needs=[stop or ""],
            name=container.name,
            force=False,
            volumes=False,
        )

    dependency_recreated = [
        dep
        for dep, spec in service_dependencies(service).items()
        if spec.get("restart") and dep in done and done[dep].recreated
    ]
    for container in keep:
        reason = reason_for(container)
        if reason is None and container.name in options.replace_containers:
            reason = options.replace_containers[container.name]
        if reason is not None and rolling is not None and container.state == "running":
            rolled.append((container, reason))
            continue
        target = final_name(container.number)
        if reason is not None:
            result.recreated = True
            temp = f"{container.id[:12]}_{target}"
            create = builder.add(
                "create_container",
                f"container:{target}",
                reason,
                needs=create_needs,
                spec=spec_for(container.number, temp, replacing=container),
                **respec(container.number, temp, replacing=container),
                connect=tuple(extra_networks(project, service, container.number)),
                image_ref=ref,
            )
            stop = builder.add(
                "stop_container",
                f"container:{container.name}",
                f"replaced: {reason}",
                needs=[create],
                name=container.name,
                timeout=options.timeout,
            )
            removed = builder.add(
                "remove_container",
                f"container:{container.name}",
                f"replaced: {reason}",
                needs=[stop],
                name=container.name,
                force=True,
                volumes=False,
            )
            renamed = builder.add(
                "rename_container",
                f"container:{target}",
                f"replaces the old {target}",
                needs=[removed],
                name=temp,
                new_name=target,
            )
            result.ready[target] = renamed
            if not options.no_start:
                result.started.append(
                    builder.add(
                        "start_container",
                        f"container:{target}",
                        reason,
                        needs=[renamed, *gates()],
                        name=target,
                        **inject,
                    )
                )
        elif container.name != target:
            # the new container of an interrupted recreate: give it its name back, then start it
            renamed = builder.add(
                "rename_container",
                f"container:{target}",
                "finishes an interrupted update",
                needs=list(leftover_removals.values()),
                name=container.name,
                new_name=target,
            )
            if container.name.endswith(labels.ROLLING_SUFFIX):
                from pycompose.planner import rolling as rolling_mod

                endpoints = rolling_mod.endpoints_of(create_params(container.number, target, None))
                for step in rolling_mod.join_steps(service, container, target, endpoints, [renamed]):
                    builder.steps[step.id] = step
                    renamed = step.id
            result.ready[target] = renamed
            if not options.no_start and container.state != "running":
                result.started.append(
                    builder.add(
                        "start_container",
                        f"container:{target}",
                        "finishes an interrupted update",
                        needs=[renamed, *gates()],
                        name=target,
                        **inject,
                    )
                )
        elif not options.no_start:
            result.ready[target] = ""
            completed_job = one_shot and container.state == "exited" and container.exit_code == 0
            if container.state in ("created", "exited", "dead") and not completed_job:
                state = container.state
                if state == "exited" and container.exit_code:
                    state = f"exited with code {container.exit_code}"
                result.started.append(
                    builder.add(
                        "start_container",
                        f"container:{target}",
                        f"container is {state}",
                        needs=gates(),
                        name=target,
                        **inject,
                    )
                )
            elif container.state == "paused":
                result.started.append(
                    builder.add(
                        "unpause_container",
                        f"container:{target}",
                        "container is paused",
                        name=target,
                    )
                )
            elif dependency_recreated and container.state == "running":
                result.started.append(
                    builder.add(
                        "restart_container",
                        f"container:{target}",
                        f"dependency {', '.join(dependency_recreated)} was recreated (restart: true)",
                        needs=gates(),
                        name=target,
                        timeout=options.timeout,
                    )
                )
        else:
            result.ready[target] = ""
        result.containers.append(target)

    next_number = max((c.number for c in existing), default=0) + 1
    for offset in range(max(desired - len(keep), 0)):
        number = next_number + offset
        target = final_name(number)
        reason = "new service" if not existing else f"scale {len(existing)} -> {desired}"
        create = builder.add(
            "create_container",
            f"container:{target}",
            reason,
            needs=create_needs,
            spec=spec_for(number),
            **respec(number),
            connect=tuple(extra_networks(project, service, number)),
            image_ref=ref,
        )
        result.ready[target] = create
        result.containers.append(target)
        if not options.no_start:
            result.started.append(
                builder.add(
                    "start_container",
                    f"container:{target}",
                    reason,
                    needs=[create, *gates()],
                    name=target,
                    **inject,
                )
            )
    if rolled and rolling is not None:
        used = {c.number for c in observed.service_containers(name)}
        used |= {next_number + i for i in range(max(desired - len(keep), 0))}
        from pycompose.planner import rolling as rolling_mod

        for step in rolling_mod.plan_rollout(
            project, service, rolling, rolled, used, create_params, inject, create_needs
        ):
            builder.steps[step.id] = step
    return result
