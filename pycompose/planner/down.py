"""Plans that take things down or change container states: ``down``, ``stop``, ``start``, ``restart``,
``kill``, ``pause``, ``unpause``, ``rm``.

``down`` works from the observed state alone (a project name is enough, as with Docker Compose): it
stops dependents before their dependencies, removes the containers, then the project's networks, and
its volumes only with ``-v``. Nothing outside the project's labels is ever touched.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from pycompose import labels
from pycompose.engine.base import ContainerInfo
from pycompose.model import Project
from pycompose.observe import ObservedState
from pycompose.planner.options import DownOptions
from pycompose.planner.plan import Plan, topological
from pycompose.planner.up import _Builder, _injections, dependency_order, selected_services

_RUNNING = ("running", "paused", "restarting")


def _dependents_first(containers: Iterable[ContainerInfo], order: list[str]) -> list[ContainerInfo]:
    rank = {name: i for i, name in enumerate(order)}
    return sorted(containers, key=lambda c: (-rank.get(c.service, len(order)), c.service, -c.number))


def _label_order(observed: ObservedState) -> list[str]:
    """Dependency order of the observed services from their ``com.docker.compose.depends_on`` labels."""
    deps: dict[str, set[str]] = {}
    for container in observed.containers:
        raw = container.labels.get(labels.DEPENDS_ON, "")
        deps.setdefault(container.service, set()).update(
            part.split(":")[0] for part in raw.split(",") if part
        )
    order: list[str] = []
    seen: set[str] = set()

    def visit(name: str, stack: tuple[str, ...]) -> None:
        if name in seen or name in stack:
            return
        for dep in sorted(deps.get(name, ())):
            if dep in deps:
                visit(dep, (*stack, name))
        seen.add(name)
        order.append(name)

    for name in sorted(deps):
        visit(name, ())
    return order


def plan_down(project: Project | None, observed: ObservedState, options: DownOptions | None = None) -> Plan:
    """``down``: stop and remove containers, networks, and (with ``-v``) volumes of the project."""
    options = options or DownOptions()
    builder = _Builder()
    if project is not None:
        order = dependency_order(project, project.services)
        order += [s for s in _label_order(observed) if s not in order]
        known = set(project.services) | set(project.disabled_services)
    else:
        order = _label_order(observed)
        known = set(order)
    removals: list[str] = []
    stops: dict[str, str] = {}
    # service -> the stop steps of the containers that depend on it (labels parsed once: linear)
    stops_by_dependency: dict[str, list[str]] = {}
    ordered = _dependents_first(observed.containers, order)
    for container in ordered:
        orphan = not container.oneoff and container.service not in known
        if orphan and not options.remove_orphans:
            continue
        if options.services and container.service not in options.services:
            continue
        reason = "orphan" if orphan else "down"
        if container.state in _RUNNING:
            # dependents stop before the services they depend on
            dependents = stops_by_dependency.get(container.service, [])
            stops[container.name] = stop_id = builder.add(
                "stop_container",
                f"container:{container.name}",
                reason,
                needs=dependents,
                name=container.name,
                timeout=options.timeout,
            )
            for dependency in _dependencies_of(container):
                stops_by_dependency.setdefault(dependency, []).append(stop_id)
        removals.append(
            builder.add(
                "remove_container",
                f"container:{container.name}",
                reason,
                needs=[stops.get(container.name, "")],
                name=container.name,
                force=True,
                volumes=options.remove_volumes,
            )
        )
    if options.remove_volumes:
        _plan_anonymous_volumes(observed, options, builder, removals)
    if not options.services:
        _plan_networks_and_volumes(project, observed, options, builder, removals)
    if options.rmi:
        _plan_images(project, observed, options, builder, removals)
    return Plan(project=observed.project, steps=topological(builder.steps.values()))


_ANONYMOUS = re.compile(r"^[0-9a-f]{64}$")


def _plan_anonymous_volumes(
    observed: ObservedState, options: DownOptions, builder: _Builder, removals: list[str]
) -> None:
    """``down -v`` also removes the anonymous volumes of the removed containers, including those a
    replacement container inherited (the engine only removes the ones it created for a container)."""
    names: set[str] = set()
    for container in observed.containers:
        if options.services and container.service not in options.services:
            continue
        for mount in container.mounts:
            name = mount.get("Name") or ""
            if mount.get("Type") == "volume" and _ANONYMOUS.match(name):
                names.add(name)
    for name in sorted(names):
        builder.add(
            "remove_volume",
            f"volume:{name}",
            "down -v: anonymous volume of a removed container",
            needs=removals,
            destructive=True,
            name=name,
        )


def _dependencies_of(container: ContainerInfo) -> set[str]:
    """Services a container depends on, from its ``com.docker.compose.depends_on`` label."""
    raw = container.labels.get(labels.DEPENDS_ON, "")
    return {part.split(":")[0] for part in raw.split(",") if part}


def _plan_networks_and_volumes(
    project: Project | None,
    observed: ObservedState,
    options: DownOptions,
    builder: _Builder,
    removals: list[str],
) -> None:
    external_networks = {n.name for n in project.networks.values() if n.external} if project else set()
    for name, network in sorted(observed.networks.items()):
        if name in external_networks or network.labels.get(labels.PROJECT) != observed.project:
            continue
        builder.add("remove_network", f"network:{name}", "down", needs=removals, name=name)
    if not options.remove_volumes:
        return
    external_volumes = {v.name for v in project.volumes.values() if v.external} if project else set()
    for name, volume in sorted(observed.volumes.items()):
        if name in external_volumes or volume.labels.get(labels.PROJECT) != observed.project:
            continue
        builder.add(
            "remove_volume",
            f"volume:{name}",
            "down -v: data is deleted",
            needs=removals,
            destructive=True,
            name=name,
        )


def _plan_images(
    project: Project | None,
    observed: ObservedState,
    options: DownOptions,
    builder: _Builder,
    removals: list[str],
) -> None:
    refs: set[str] = set()
    if project is not None:
        for service in project.services.values():
            if options.rmi == "all" or (service.build is not None and not service.image):
                refs.add(service.image_name(project.name))
    else:
        for container in observed.containers:
            if options.rmi == "all":
                refs.add(container.image)
    for ref in sorted(refs):
        builder.add("remove_image", f"image:{ref}", f"down --rmi {options.rmi}", needs=removals, ref=ref)


def _containers(
    project: Project | None, observed: ObservedState, services: tuple[str, ...]
) -> list[ContainerInfo]:
    chosen = set(services)
    return [c for c in observed.containers if not c.oneoff and (not chosen or c.service in chosen)]


def plan_state_change(
    action: str,
    project: Project | None,
    observed: ObservedState,
    services: tuple[str, ...] = (),
    timeout: int | None = None,
    signal: str = "SIGKILL",
    no_deps: bool = False,
) -> Plan:
    """``stop``/``start``/``restart``/``kill``/``pause``/``unpause`` of existing containers.

    Stops go dependents first. Starts and restarts go in dependency order, and with the project at
    hand a service starts only once its dependencies meet their ``depends_on`` condition (started,
    healthy, completed successfully), as with ``up``. ``restart`` of a service also restarts the services
    that depend on it with ``restart: true`` (not with ``no_deps``: ``restart --no-deps``).
    """
    builder = _Builder()
    if project is not None:
        names = selected_services(project, services, no_deps=True) if services else list(project.services)
        if action == "restart_container" and services and not no_deps:
            names += _restart_dependents(project, names)
            services = tuple(dict.fromkeys(names))
        order = dependency_order(project, names)
        order += [s for s in _label_order(observed) if s not in order]
    else:
        order = _label_order(observed)
    containers = _containers(project, observed, services)
    forward = sorted(
        containers, key=lambda c: (order.index(c.service) if c.service in order else 0, c.number)
    )
    by_service: dict[str, list[str]] = {}
    reverse = action in ("stop_container", "kill_container")
    sequence = list(reversed(forward)) if reverse else forward
    for container in sequence:
        wanted = {
            "start_container": container.state in ("created", "exited", "dead"),
            "stop_container": container.state in _RUNNING,
            "restart_container": True,
            "kill_container": container.state in ("running", "restarting", "paused"),
            "pause_container": container.state == "running",
            "unpause_container": container.state == "paused",
        }[action]
        if not wanted:
            continue
        verb = action.split("_")[0]
        needs: list[str] = []
        if action == "stop_container":
            needs = [s for svc, steps in by_service.items() if svc != container.service for s in steps]
        elif action in ("start_container", "restart_container"):
            needs = _start_gates(project, observed, container, by_service, builder)
        params: dict[str, object] = {"name": container.name}
        if action in ("stop_container", "restart_container"):
            params["timeout"] = timeout
        if action == "kill_container":
            params["signal"] = signal
        if action == "start_container" and project is not None and container.service in project.services:
            params.update(_injections(project, project.services[container.service]))
        step = builder.add(action, f"container:{container.name}", verb, needs=needs, **params)
        by_service.setdefault(container.service, []).append(step)
    return Plan(project=observed.project, steps=topological(builder.steps.values()))


def _restart_dependents(project: Project, names: list[str]) -> list[str]:
    """Services that depend with ``restart: true`` on one of ``names`` (transitively)."""
    found: list[str] = []
    todo = list(names)
    while todo:
        name = todo.pop()
        for other in project.services.values():
            if other.name in names or other.name in found:
                continue
            if any(d.service == name and d.restart for d in other.depends_on):
                found.append(other.name)
                todo.append(other.name)
    return found


def _start_gates(
    project: Project | None,
    observed: ObservedState,
    container: ContainerInfo,
    by_service: dict[str, list[str]],
    builder: _Builder,
) -> list[str]:
    """What a (re)start waits for: the dependencies' own starts, then their conditions."""
    if project is None or container.service not in project.services:
        return [s for svc, steps in by_service.items() if svc != container.service for s in steps]
    gates: list[str] = []
    for dep in project.services[container.service].depends_on:
        started = by_service.get(dep.service, [])
        gates += started
        if dep.condition not in ("service_healthy", "service_completed_successfully"):
            continue
        action = "wait_healthy" if dep.condition == "service_healthy" else "wait_completed"
        for dep_container in observed.service_containers(dep.service):
            gates.append(
                builder.add(
                    action,
                    f"container:{dep_container.name}",
                    f"{container.service} depends on {dep.service} being "
                    + ("healthy" if action == "wait_healthy" else "completed successfully"),
                    needs=started,
                    name=dep_container.name,
                    timeout=None,
                    exit_code=0,
                )
            )
    return gates


def plan_rm(
    observed: ObservedState,
    services: tuple[str, ...] = (),
    stop: bool = False,
    volumes: bool = False,
    timeout: int | None = None,
) -> Plan:
    """``rm``: remove stopped containers (with ``-s`` stop them first)."""
    builder = _Builder()
    for container in _containers(None, observed, services):
        needs = []
        if container.state in _RUNNING:
            if not stop:
                continue
            needs.append(
                builder.add(
                    "stop_container",
                    f"container:{container.name}",
                    "rm --stop",
                    name=container.name,
                    timeout=timeout,
                )
            )
        builder.add(
            "remove_container",
            f"container:{container.name}",
            "rm",
            needs=needs,
            name=container.name,
            force=False,
            volumes=volumes,
        )
    return Plan(project=observed.project, steps=topological(builder.steps.values()))
