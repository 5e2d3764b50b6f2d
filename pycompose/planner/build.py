"""Images of services: what to build or pull and why, and the plan of ``pycompose build``. Pure.

Docker Compose v2's rules (``pkg/compose/build.go``, ``pull.go``, ``create.go``), as steps of a plan:

* ``up`` builds a service that has a ``build`` section when its image is missing, always with
  ``pull_policy: build`` or ``up --build``, never with ``up --no-build`` (a missing image is then an
  error). A service that also names an ``image`` is first pulled when its pull policy asks for it; a
  failed pull then falls back to the build, and a successful one makes the build unnecessary.
* ``pull_policy``: ``always`` pulls every time, ``never`` never, ``missing`` (default, old spelling
  ``if_not_present``) when the image is missing, ``daily`` / ``weekly`` / ``every_<duration>`` when it
  is missing or was last tagged longer ago than that; ``up --pull X`` replaces every service's policy.
* The image is tagged ``image:`` when set, else ``<project>-<service>``, plus ``build.tags``, and labelled
  ``com.docker.compose.project`` / ``.service`` / ``.version`` on top of ``build.labels``.

The engine's builder is the classic one (``pycompose.engine.build``): the BuildKit-only keys of the
``build`` section are refused here, before anything runs, with the key path and what to do instead.
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterable, Mapping
from datetime import datetime, timezone
from typing import TYPE_CHECKING, Any

from pycompose import labels as L
from pycompose.engine.base import BuildSpec
from pycompose.errors import PlanError
from pycompose.model import Project, Service
from pycompose.observe import ObservedState
from pycompose.planner.options import BuildOptions, UpOptions
from pycompose.planner.plan import Plan, topological

if TYPE_CHECKING:
    from pycompose.planner.up import _Builder

#: build keys the classic builder cannot honour -> what to say
_BUILDKIT_ONLY = {
    "ssh": "SSH agent forwarding",
    "secrets": "build secrets",
    "additional_contexts": "additional build contexts",
    "cache_to": "cache export",
    "no_cache_filter": "per-stage cache invalidation",
    "entitlements": "build entitlements",
    "privileged": "privileged builds",
    "ulimits": "build ulimits",
    "provenance": "provenance attestations",
    "sbom": "SBOM attestations",
}

_DAY = 24 * 3600.0


# ------------------------------------------------------------------------------------------ policies


def refresh_window(policy: str) -> float | None:
    """Seconds of ``daily`` / ``weekly`` / ``every_<duration>``; None for the other policies."""
    if policy == "daily":
        return _DAY
    if policy == "weekly":
        return 7 * _DAY
    if policy.startswith("every_"):
        from pycompose.config.units import parse_duration

        try:
            return parse_duration(policy[len("every_") :]) / 1e9
        except ValueError:
            return None
    return None


def pull_policy(service: Service, options: UpOptions) -> str:
    """The policy in force: ``up --pull`` first, then the service's, ``missing`` by default."""
    policy = options.pull or service.pull_policy or "missing"
    return "missing" if policy in ("if_not_present", "refresh") else policy


def _tag_age(last_tag_time: str, now: float) -> float | None:
    """Seconds since an RFC 3339 time (nanoseconds and offsets allowed); None when unknown."""
    if not last_tag_time or last_tag_time.startswith("0001-"):
        return None
    text = last_tag_time.replace("Z", "+00:00")
    date, _, rest = text.partition(".")
    offset = ""
    for sign in ("+", "-"):
        if sign in rest:
            offset = sign + rest.split(sign, 1)[1]
    if not rest:
        date, offset = text[:19], text[19:]
    try:
        when = datetime.fromisoformat(date + (offset or "+00:00"))
    except ValueError:
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=timezone.utc)
    return now - when.timestamp()


# ------------------------------------------------------------------------------------------ build spec


def _fail(service: Service, key: str, message: str, hint: str | None = None) -> PlanError:
    return PlanError(f"services.{service.name}.build.{key}: {message}", hint=hint)


def _size(value: Any) -> int | None:
    if value in (None, "", 0, "0"):
        return None
    from pycompose.config.units import unit_bytes

    return unit_bytes(value) or None


def _extra_hosts(value: Any) -> tuple[str, ...]:
    """``host=ip`` (the canonical form) or a mapping, as the Engine API's ``host:ip``."""
    if isinstance(value, Mapping):
        items = [f"{k}:{v}" for k, v in value.items()]
    else:
        items = [str(v).replace("=", ":", 1) if "=" in str(v) else str(v) for v in value or ()]
    return tuple(items)


def _cache_from(service: Service, values: Iterable[Any]) -> tuple[str, ...]:
    refs = []
    for value in values:
        text = str(value)
        if "=" not in text:
            refs.append(text)
            continue
        fields = dict(part.split("=", 1) for part in text.split(",") if "=" in part)
        if fields.get("type", "registry") != "registry" or not fields.get("ref"):
            raise _fail(
                service,
                "cache_from",
                f"{text!r}: the engine's builder only uses images as cache sources",
                hint="name an image (type=registry,ref=IMAGE or just IMAGE)",
            )
        refs.append(fields["ref"])
    return tuple(refs)


def _platform(project: Project, service: Service, build: Mapping[str, Any]) -> str | None:
    platforms = list(build.get("platforms") or ())
    platform = service.spec.get("platform") or project.environment.get("DOCKER_DEFAULT_PLATFORM") or None
    if len(platforms) > 1:
        raise _fail(
            service,
            "platforms",
            f"{len(platforms)} platforms requested, but the engine's builder builds one platform at a time",
            hint="keep one platform (multi-platform images need BuildKit: docker buildx bake)",
        )
    if platforms:
        chosen = str(platforms[0])
        if service.spec.get("platform") and service.spec["platform"] != chosen:
            raise PlanError(
                f"service.platform {service.spec['platform']!r} should be part of "
                f"the service.build.platforms: [{chosen}]",
                path=("services", service.name, "platform"),
            )
        return chosen
    return str(platform) if platform else None


def _args(build: Mapping[str, Any], extra: Mapping[str, str]) -> dict[str, str]:
    args = {str(k): str(v) for k, v in (build.get("args") or {}).items() if v is not None}
    args.update(extra)
    return args


def resolve_build_args(values: Iterable[str], environment: Mapping[str, str]) -> dict[str, str]:
    """``--build-arg KEY=VALUE`` / ``--build-arg KEY`` (taken from the environment, dropped when unset)."""
    args: dict[str, str] = {}
    for value in values:
        key, sep, text = value.partition("=")
        if sep:
            args[key] = text
        elif key in environment:
            args[key] = environment[key]
    return args


def compose_build_labels(project: Project, service: Service) -> dict[str, str]:
    """``build.labels`` plus the labels Docker Compose v2 puts on the images it builds."""
    build = service.build.spec if service.build is not None else {}
    result = {str(k): str(v) for k, v in (build.get("labels") or {}).items()}
    result[L.VERSION] = L.COMPAT_VERSION
    result[L.PROJECT] = project.name
    result[L.SERVICE] = service.name
    return result


def build_spec(
    project: Project,
    service: Service,
    *,
    no_cache: bool = False,
    pull: bool = False,
    args: Mapping[str, str] | None = None,
    memory: int | None = None,
) -> BuildSpec:
    """The ``BuildSpec`` of ``service`` (which must have a build section), or a ``PlanError`` naming the
    key the engine's builder cannot honour."""
    if service.build is None:
        raise PlanError(f"service {service.name} has no build section")
    build = service.build.spec
    for key, what in _BUILDKIT_ONLY.items():
        value = build.get(key)
        if value in (None, False, "false", "") or (isinstance(value, (list, tuple, Mapping)) and not value):
            continue
        raise _fail(
            service,
            key,
            f"{what} need BuildKit, and pycompose builds with the Docker Engine's classic builder",
            hint=f"remove build.{key}, or build this image with `docker buildx bake` first",
        )
    ref = service.image_name(project.name)
    tags = tuple(dict.fromkeys([ref, *(str(t) for t in build.get("tags") or ())]))
    return BuildSpec(
        service=service.name,
        tags=tags,
        context=str(build.get("context") or project.working_dir),
        dockerfile=build.get("dockerfile"),
        dockerfile_inline=build.get("dockerfile_inline"),
        args=_args(build, args or {}),
        target=build.get("target") or None,
        labels=compose_build_labels(project, service),
        cache_from=_cache_from(service, build.get("cache_from") or ()),
        network=build.get("network") or None,
        shm_size=_size(build.get("shm_size")),
        extra_hosts=_extra_hosts(build.get("extra_hosts")),
        pull=bool(build.get("pull")) or pull,
        no_cache=bool(build.get("no_cache")) or no_cache,
        platform=_platform(project, service, build),
        memory=memory,
        isolation=build.get("isolation") or None,
    )


# ------------------------------------------------------------------------------------------ up


def _builder_of(project: Project, service: Service) -> Service | None:
    """The service whose build produces ``service``'s image: itself, or another one naming the same
    ``image`` (Docker Compose's ``isServiceImageToBuild``)."""
    if service.build is not None:
        return service
    ref = service.image_name(project.name)
    for other in project.services.values():
        if other.build is not None and other.image_name(project.name) == ref:
            return other
    return None


def plan_image(
    project: Project, service: Service, observed: ObservedState, options: UpOptions, builder: _Builder
) -> str | None:
    """Add the pull and/or build steps ``service``'s containers need; returns the step they wait for."""
    ref = service.image_name(project.name)
    image = observed.images.get(ref)
    present = image is not None
    policy = pull_policy(service, options)
    source = _builder_of(project, service)
    buildable = source is not None and not options.no_build
    if source is not None and source is not service and not buildable:
        source = None
    if source is not None and (options.build or (source.pull_policy == "build" and not options.pull)):
        policy = "build"

    pull_reason = None
    if service.image and policy not in ("never", "build"):
        window = refresh_window(policy)
        if policy == "always":
            pull_reason = "pull_policy always"
        elif not present:
            pull_reason = "missing"
        elif window is not None:
            now = options.now if options.now is not None else time.time()
            age = _tag_age(image.last_tag_time, now)
            if age is not None and age > window:
                pull_reason = f"pull_policy {policy}: last pulled {_days(age)} ago"

    if source is None or not buildable:
        if pull_reason is not None:
            return builder.add(
                "pull_image", f"image:{ref}", pull_reason, ref=ref, platform=service.spec.get("platform")
            )
        if not present:
            if source is not None:
                raise PlanError(
                    f"image {ref} for service {service.name} not found and --no-build was given",
                    hint=f"build it first: pycompose build {source.name}",
                )
            if policy == "never":
                raise PlanError(
                    f"image {ref} for service {service.name} not found and pull_policy is never",
                    hint="pull or build it first",
                )
            if policy == "build":
                raise PlanError(
                    f"services.{service.name}: pull_policy build needs a build section",
                    hint="add a build section or change pull_policy",
                )
        return None

    if policy == "build":
        reason = "--build" if options.build else "pull_policy build"
        spec = build_spec(project, source)
        return builder.add("build_image", f"image:{ref}", reason, service=source.name, ref=ref, spec=spec)
    if pull_reason is not None:
        # Docker Compose pulls an image that can also be built, and builds it when the pull fails
        pulled = builder.add(
            "pull_image",
            f"image:{ref}",
            f"{pull_reason}; built if the pull fails",
            ref=ref,
            platform=service.spec.get("platform"),
            optional=True,
        )
        if present:
            return pulled
        return builder.add(
            "build_image",
            f"image:{ref}",
            "image missing and not pulled",
            needs=[pulled],
            service=source.name,
            ref=ref,
            spec=build_spec(project, source),
            if_missing=True,
        )
    if present:
        return None
    spec = build_spec(project, source)
    return builder.add(
        "build_image", f"image:{ref}", "image not built", service=source.name, ref=ref, spec=spec
    )


def _days(seconds: float) -> str:
    if seconds >= _DAY:
        return f"{seconds / _DAY:.0f}d"
    if seconds >= 3600:
        return f"{seconds / 3600:.0f}h"
    return f"{max(seconds, 0) / 60:.0f}m"


# ------------------------------------------------------------------------------------------ build


def build_services(project: Project, options: BuildOptions) -> list[str]:
    """The services ``build`` builds: the named ones (all by default), their dependencies with
    ``--with-dependencies``; only those with a build section, in dependency order."""
    from pycompose.planner.up import selected_services

    names = selected_services(project, options.services, no_deps=not options.with_dependencies)
    return [n for n in names if project.services[n].build is not None]


def plan_build(
    project: Project, observed: ObservedState | None = None, options: BuildOptions | None = None
) -> Plan:
    """The plan of ``pycompose build``: one ``build_image`` step per service with a build section.

    Builds of different services are independent, so the executor runs them concurrently (bounded by
    ``--parallel``). Two services naming the same image build it once. ``observed`` is accepted for
    symmetry with ``plan_up``: ``build`` rebuilds whatever exists, as Docker Compose does.
    """
    from pycompose.planner.up import _Builder

    options = options or BuildOptions()
    builder = _Builder()
    for name in build_services(project, options):
        service = project.services[name]
        spec = build_spec(
            project,
            service,
            no_cache=options.no_cache,
            pull=options.pull,
            args=options.args,
            memory=options.memory,
        )
        reason = "build requested"
        if spec.no_cache:
            reason += ", no cache"
        builder.add("build_image", f"image:{spec.image}", reason, service=name, ref=spec.image, spec=spec)
    return Plan(project=project.name, steps=topological(builder.steps.values()))


def bake_definition(project: Project, plan: Plan) -> dict[str, Any]:
    """``build --print``: the build plan as the bake file Docker Compose v2 prints (``docker buildx bake
    --file -`` builds it with BuildKit)."""
    targets: dict[str, Any] = {}
    for step in plan.steps:
        spec: BuildSpec = step.params["spec"]
        target: dict[str, Any] = {"context": spec.context}
        if spec.dockerfile_inline is not None:
            target["dockerfile-inline"] = spec.dockerfile_inline
        else:
            dockerfile = spec.dockerfile or "Dockerfile"
            target["dockerfile"] = (
                dockerfile
                if os.path.isabs(dockerfile) or "://" in spec.context
                else os.path.join(spec.context, dockerfile)
            )
        if spec.args:
            target["args"] = dict(sorted(spec.args.items()))
        target["labels"] = dict(sorted(spec.labels.items()))
        target["tags"] = [*spec.tags[1:], spec.tags[0]]
        if spec.target:
            target["target"] = spec.target
        if spec.cache_from:
            target["cache-from"] = list(spec.cache_from)
        if spec.platform:
            target["platforms"] = [spec.platform]
        if spec.pull:
            target["pull"] = True
        if spec.no_cache:
            target["no-cache"] = True
        if spec.network:
            target["network"] = spec.network
        if spec.shm_size:
            target["shm-size"] = str(spec.shm_size)
        if spec.extra_hosts:
            target["extra-hosts"] = dict(h.split(":", 1) for h in spec.extra_hosts)
        target["output"] = ["type=docker"]
        targets[spec.service] = target
    return {"group": {"default": {"targets": list(targets)}}, "target": dict(sorted(targets.items()))}
