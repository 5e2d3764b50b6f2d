"""``plan_pull`` and ``plan_push``: the image steps of ``pull`` and ``push``, each with its reason.

Pure, like ``plan_up``: a ``Project`` and an ``ObservedState`` in, a ``Plan`` out. Services that have
nothing to pull or push still appear, as *skipped* steps whose reason says why (``--dry-run`` shows
them, the CLI prints them as Docker Compose's "Skipped" lines). The rules are Docker Compose v2's
(``pkg/compose/pull.go``, ``push.go``):

* ``pull`` pulls every selected service's image unless its pull policy (``--policy`` overrides the
  file's ``pull_policy``) is ``never`` or ``build``, or is ``missing`` / ``if_not_present`` and the image
  is present; ``--ignore-buildable`` skips services with a ``build`` section; an image shared by several
  services is pulled once.
* ``push`` pushes the images this project builds: services with both ``build`` and ``image``, to
  ``image`` and every ``build.tags`` entry. Others are skipped (their image is someone else's).
* Without ``--include-deps`` only the named services are acted on (all of them when none is named).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any

from pycompose.errors import UsageError
from pycompose.model import Project, Service
from pycompose.observe import ObservedState
from pycompose.planner.plan import Plan, Step
from pycompose.planner.up import selected_services

#: the ``--policy`` values ``pull`` understands (Docker Compose documents ``missing`` and ``always``)
PULL_POLICIES = ("missing", "always", "if_not_present", "never", "build")


@dataclass(frozen=True)
class PullOptions:
    services: tuple[str, ...] = ()
    include_deps: bool = False
    policy: str | None = None  # overrides every service's pull_policy
    ignore_buildable: bool = False


@dataclass(frozen=True)
class PushOptions:
    services: tuple[str, ...] = ()
    include_deps: bool = False


def _step(action: str, target: str, reason: str, skipped: bool = False, **params: Any) -> Step:
    return Step(
        id=f"{action}:{target}",
        action=action,
        target=target,
        reason=reason,
        skipped=skipped,
        params=MappingProxyType(params),
    )


def _services(project: Project, names: Iterable[str], include_deps: bool) -> list[Service]:
    return [project.services[n] for n in selected_services(project, names, no_deps=not include_deps)]


def plan_pull(project: Project, observed: ObservedState, options: PullOptions | None = None) -> Plan:
    """One ``pull_image`` step per distinct image to pull; skipped steps for the services left out."""
    options = options or PullOptions()
    if options.policy is not None and options.policy not in PULL_POLICIES:
        raise UsageError(f'invalid --policy option "{options.policy}"', hint='use "missing" or "always"')
    steps: list[Step] = []
    pulls: dict[str, list[Service]] = {}  # ref -> the services pulling it, in order
    reasons: dict[str, str] = {}
    for service in _services(project, options.services, options.include_deps):
        ref = service.image
        if not ref:
            steps.append(
                _step(
                    "pull_image",
                    f"service:{service.name}",
                    "no image to be pulled",
                    True,
                    services=(service.name,),
                )
            )
            continue
        policy = options.policy or service.pull_policy
        origin = "--policy" if options.policy else "pull_policy"
        present = ref in observed.images
        skip = None
        if policy in ("never", "build"):
            skip = f"{origin} {policy}"
        elif policy in ("missing", "if_not_present") and present:
            skip = "image is already present locally"
        elif service.build is not None and options.ignore_buildable:
            skip = "image can be built"
        if skip is not None:
            if ref not in pulls:
                steps.append(
                    _step(
                        "pull_image", f"service:{service.name}", skip, True, ref=ref, services=(service.name,)
                    )
                )
            continue
        if ref not in pulls:
            pulls[ref] = []
            if not present:
                reasons[ref] = "missing"
            elif policy == "always":
                reasons[ref] = f"{origin} always"
            else:
                reasons[ref] = "pull requested"
        pulls[ref].append(service)
    for ref, services in pulls.items():
        platforms = [s.spec.get("platform") for s in services if s.spec.get("platform")]
        steps.append(
            _step(
                "pull_image",
                f"image:{ref}",
                f"{reasons[ref]} (service{'s' if len(services) > 1 else ''} "
                f"{', '.join(s.name for s in services)})",
                ref=ref,
                platform=platforms[0] if platforms else None,
                services=tuple(s.name for s in services),
                buildable=tuple(s.name for s in services if s.build is not None),
            )
        )
    return Plan(project=project.name, steps=tuple(steps))


def plan_push(project: Project, observed: ObservedState, options: PushOptions | None = None) -> Plan:
    """One ``push_image`` step per tag the project builds; skipped steps for the other services."""
    options = options or PushOptions()
    steps: list[Step] = []
    pushed: set[str] = set()
    for service in _services(project, options.services, options.include_deps):
        if service.build is None or not service.image:
            reason = (
                "no build section: not built by this project"
                if service.build is None
                else ("no image name to push to")
            )
            steps.append(
                _step("push_image", f"service:{service.name}", reason, True, services=(service.name,))
            )
            continue
        for tag in (service.image, *service.build.tags):
            if tag in pushed:
                continue
            pushed.add(tag)
            why = "image" if tag == service.image else "build.tags"
            present = "" if tag in observed.images or why != "image" else ", not built yet"
            steps.append(
                _step(
                    "push_image",
                    f"image:{tag}",
                    f"{why} of service {service.name}{present}",
                    ref=tag,
                    services=(service.name,),
                )
            )
    return Plan(project=project.name, steps=tuple(steps))
