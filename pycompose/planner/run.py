"""``run``: the one-off container of a service, and the plan that gets its dependencies up first.

Pure, like the rest of the planner. Docker Compose v2 (``cmd/compose/run.go`` ``runOptions.apply``,
``pkg/compose/run.go`` ``prepareRun``/``applyRunOptions``) does, in this order:

1. ``startDependencies``: ``create`` + ``start`` of the service's dependencies (none with ``--no-deps``)
   and of the networks and volumes the service uses; :func:`plan_run_dependencies` is that plan: the
   plan of ``up SERVICE`` with the service scaled to 0 and every step about the service's own
   containers dropped (``run`` never touches them);
2. waits for the ``depends_on`` conditions of the service (healthy, completed successfully):
   :func:`plan_dependency_waits`, planned once the dependencies exist;
3. creates one container from the service changed by the ``run`` flags (:func:`run_service`): command,
   entrypoint, user, working directory, environment, labels, capabilities, TTY and stdin; ports only with
   ``--service-ports``/``-p``; extra ``-v`` volumes; restart policy cleared; named
   ``<project>-<service>-run-<slug[:12]>`` (the service's ``container_name`` does not apply) and
   labelled ``com.docker.compose.oneoff=True`` and ``com.docker.compose.slug=<slug>``, without a
   container number. The config hash is the hash of that changed service, as Docker Compose computes it.
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from types import MappingProxyType
from typing import Any

from pycompose import labels
from pycompose.engine.base import EMPTY, ContainerSpec
from pycompose.errors import PlanError, UsageError
from pycompose.model import Project, Service
from pycompose.observe import ObservedState
from pycompose.planner.options import UpOptions
from pycompose.planner.plan import Plan, Step, topological


@dataclass(frozen=True)
class RunOptions:
    """The flags of ``run`` that change the container (the CLI turns the rest into actions)."""

    service: str
    command: tuple[str, ...] = ()
    entrypoint: tuple[str, ...] | None = None  # --entrypoint, already split into words
    environment: tuple[str, ...] = ()  # -e KEY=VALUE or KEY (taken from the project environment)
    env_from_files: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))
    labels: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))
    user: str = ""
    workdir: str = ""
    name: str = ""  # --name; default <project>-<service>-run-<slug[:12]>
    tty: bool = False
    interactive: bool = True
    service_ports: bool = False
    publish: tuple[str, ...] = ()
    volumes: tuple[str, ...] = ()
    cap_add: tuple[str, ...] = ()
    cap_drop: tuple[str, ...] = ()
    use_aliases: bool = False
    remove: bool = False  # --rm: the engine removes the container when it exits (AutoRemove)
    no_deps: bool = False  # --no-deps: the other services are disabled, depends_on forgets them


def _thaw(value: Any) -> Any:
    if isinstance(value, Mapping):
        return {k: _thaw(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_thaw(v) for v in value]
    return value


def run_container_name(project: Project, options: RunOptions, slug: str) -> str:
    return options.name or labels.oneoff_container_name(project.name, options.service, slug[:12])


def _parse_environment(entries: Sequence[str], environ: Mapping[str, str]) -> dict[str, str]:
    """``-e`` entries as Docker Compose resolves them: ``KEY`` takes the project environment's value and
    is dropped when it has none (``NewMappingWithEquals(...).Resolve(...).RemoveEmpty()``)."""
    out: dict[str, str] = {}
    for entry in entries:
        key, sep, value = entry.partition("=")
        if sep:
            out[key] = value
        elif key in environ:
            out[key] = environ[key]
    return out


def _resolve_bind(source: str, working_dir: str) -> str:
    if source.startswith("~"):
        source = os.path.expanduser(source)
    if not os.path.isabs(source):
        source = os.path.normpath(os.path.join(working_dir, source))
    return source


def run_service(project: Project, options: RunOptions, slug: str, resolve_binds: bool = True) -> Service:
    """The service as ``run`` creates it: the compose definition changed by the flags (see module doc).

    Docker Compose hashes ``-v ./dir:/x`` with its source as typed and resolves it only for the engine;
    ``resolve_binds=False`` gives the service as hashed."""
    from pycompose.bind import bind_service
    from pycompose.config.canonical import parse_port_spec, parse_volume

    service = project.services.get(options.service)
    if service is None:
        reason = ": disabled" if options.service in project.disabled_services else ""
        raise PlanError(
            f"no such service: {options.service}{reason}", hint="run `pycompose config --services`"
        )
    spec: dict[str, Any] = _thaw(service.spec)

    # cmd/compose/run.go runOptions.apply: ports only on request, extra volumes appended
    if options.service_ports and options.publish:
        raise UsageError("--service-ports and --publish are incompatible")
    if not options.service_ports:
        spec.pop("ports", None)
    if options.publish:
        ports: list[dict[str, Any]] = []
        for raw in options.publish:
            try:
                ports.extend(parse_port_spec(raw))
            except ValueError as exc:
                raise UsageError(f"invalid --publish {raw!r}: {exc}") from None
        spec["ports"] = ports
    if options.volumes:
        volumes = list(spec.get("volumes") or ())
        for raw in options.volumes:
            try:
                volume = parse_volume(raw)
            except ValueError as exc:
                raise UsageError(f"invalid --volume {raw!r}: {exc}") from None
            if resolve_binds and volume["type"] == "bind" and volume.get("source"):
                volume["source"] = _resolve_bind(volume["source"], project.working_dir)
            volumes.append(volume)
        spec["volumes"] = volumes

    # pkg/compose/run.go applyRunOptions
    for key, value in (("tty", options.tty), ("stdin_open", options.interactive)):
        if value:
            spec[key] = True
        else:
            spec.pop(key, None)
    spec["container_name"] = run_container_name(project, options, slug)
    if options.command:
        spec["command"] = list(options.command)
    if options.user:
        spec["user"] = options.user
    if options.cap_add:
        spec["cap_add"] = [*(spec.get("cap_add") or ()), *options.cap_add]
        spec["cap_drop"] = [c for c in spec.get("cap_drop") or () if c not in options.cap_add]
    if options.cap_drop:
        spec["cap_drop"] = [*(spec.get("cap_drop") or ()), *options.cap_drop]
        spec["cap_add"] = [c for c in spec.get("cap_add") or () if c not in options.cap_drop]
    for key in ("cap_add", "cap_drop"):
        if key in spec and not spec[key]:
            spec.pop(key)
    if options.workdir:
        spec["working_dir"] = options.workdir
    if options.entrypoint is not None:
        spec["entrypoint"] = list(options.entrypoint)
        if not options.command:
            spec["command"] = []
    env = _parse_environment(options.environment, project.environment)
    for key, value in options.env_from_files.items():
        env.setdefault(key, value)  # -e wins over --env-from-file
    if env:
        spec["environment"] = {**(spec.get("environment") or {}), **env}
    if options.labels:
        spec["labels"] = {**(spec.get("labels") or {}), **options.labels}
    spec.pop("restart", None)
    if isinstance(spec.get("deploy"), dict):
        spec["deploy"].pop("restart_policy", None)
    spec.pop("scale", None)
    if options.no_deps:
        spec.pop("depends_on", None)  # WithServicesDisabled drops what pointed at the others
    return bind_service(options.service, spec)


def run_container_spec(
    project: Project,
    observed: ObservedState,
    options: RunOptions,
    slug: str,
    api_version: str = "1.41",
) -> tuple[ContainerSpec, list[tuple[str, dict[str, Any]]]]:
    """The create body of the one-off container and the extra networks to connect before its start.

    ``observed`` is read after the dependencies are up: the image ID, the first container of each
    service (``network_mode: service:x``, ``volumes_from``) and the containers ``links`` point to.
    """
    from pycompose.config.canonical import parse_volume
    from pycompose.config.hashing import label_hash
    from pycompose.planner.specs import container_spec, extra_networks
    from pycompose.planner.up import _first_container_ids

    service = run_service(project, options, slug)
    changed = replace(project, services=MappingProxyType({**project.services, service.name: service}))
    name = run_container_name(project, options, slug)
    image = observed.images.get(service.image_name(project.name))
    linked: dict[str, list[str]] = {}
    for raw in service.spec.get("links") or ():
        target = str(raw).partition(":")[0]
        linked[target] = [c.name for c in observed.service_containers(target)]
    common: dict[str, Any] = {
        "name": name,
        "linked_containers": linked,
        "oneoff": True,
        "use_aliases": options.use_aliases,
        "api_version": api_version,
    }
    try:
        spec = container_spec(
            changed,
            service,
            -1,
            image_id=image.id if image else None,
            container_ids=_first_container_ids(observed),
            slug=slug,
            **common,
        )
    except KeyError as exc:
        raise PlanError(
            f"service {options.service} shares a namespace or volumes with {exc.args[0]}, "
            "which has no container",
            hint=f"start it first: pycompose up -d {exc.args[0]}",
        ) from None
    except ValueError as exc:
        raise PlanError(f"service {options.service}: {exc}") from None
    body = dict(spec.body)
    if any(not os.path.isabs(parse_volume(v).get("source") or "/") for v in options.volumes):
        hashed = run_service(project, options, slug, resolve_binds=False)
        labels_ = dict(body["Labels"])
        labels_[labels.CONFIG_HASH] = label_hash(
            _thaw(hashed.spec), container_ids=_first_container_ids(observed), dollars_escaped=False
        )
        body["Labels"] = labels_
    # createOptions of run: stdin attached when interactive, the engine removes it with --rm
    if options.interactive:
        body["AttachStdin"] = True
        body["StdinOnce"] = bool(service.spec.get("stdin_open"))
    host = dict(body.get("HostConfig") or EMPTY)
    if options.remove:
        host["AutoRemove"] = True
    body["HostConfig"] = host
    connect = extra_networks(changed, service, -1, **common)
    return ContainerSpec(name=spec.name, body=body, platform=spec.platform), connect


def plan_run_dependencies(
    project: Project,
    observed: ObservedState,
    service: str,
    no_deps: bool = False,
    pull: str | None = None,
    remove_orphans: bool = False,
    build: bool = False,
    no_build: bool = False,
) -> Plan:
    """What ``run SERVICE`` does before creating its container: the networks, volumes and image of the
    service, and its dependencies created and started (unless ``no_deps``). The service's own
    containers are never touched."""
    from pycompose.planner.up import plan_up

    if service not in project.services:
        reason = ": disabled" if service in project.disabled_services else ""
        raise PlanError(f"no such service: {service}{reason}", hint="run `pycompose config --services`")
    options = UpOptions(
        services=(service,),
        no_deps=no_deps,
        scale=MappingProxyType({service: 0}),
        pull=pull,
        build=build,
        no_build=no_build,
        remove_orphans=remove_orphans,
    )
    # scaled to 0 for planning only: a container_name service is not refused for its replicas
    target = project.services[service]
    if target.container_name:
        target = replace(target, container_name=None)
        project = replace(project, services=MappingProxyType({**project.services, service: target}))
    plan = plan_up(project, observed, options)
    own = {f"container:{c.name}" for c in observed.containers if c.service == service and not c.oneoff}
    dropped: set[str] = set()
    kept: list[Step] = []
    for step in plan.steps:  # topological: a step's needs come before it
        if step.target in own or any(n in dropped for n in step.needs):
            dropped.add(step.id)
        else:
            kept.append(step)
    return Plan(project=plan.project, steps=topological(kept))


def plan_dependency_waits(project: Project, observed: ObservedState, service: str) -> Plan:
    """``waitDependencies``: wait until the dependencies of ``service`` meet their ``depends_on``
    condition (healthy, completed successfully; started needs no wait once started)."""
    steps: list[Step] = []
    for dep in project.services[service].depends_on:
        if dep.condition not in ("service_healthy", "service_completed_successfully"):
            continue
        containers = observed.service_containers(dep.service)
        if not containers and not dep.required:
            continue
        for container in containers:
            healthy = dep.condition == "service_healthy"
            action = "wait_healthy" if healthy else "wait_completed"
            params: dict[str, Any] = {"name": container.name, "timeout": None}
            if not healthy:
                params["exit_code"] = 0
            steps.append(
                Step(
                    id=f"{action}:container:{container.name}",
                    action=action,
                    target=f"container:{container.name}",
                    reason=f"{service} depends on {dep.service} being "
                    + ("healthy" if healthy else "completed successfully"),
                    params=MappingProxyType(params),
                )
            )
    return Plan(project=project.name, steps=tuple(steps))
