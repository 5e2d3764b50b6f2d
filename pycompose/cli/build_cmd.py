"""``build``: build the services' images, through the plan and the executor like every other command.

The plan has one ``build_image`` step per service with a ``build`` section (``planner/build.py``), so
``--dry-run`` prints it, independent services build concurrently (``--parallel`` bounds them), their
output comes prefixed per service in ``plain`` progress (``[web] Step 2/4 : RUN make``), and a failing
build is one line naming the service and the step. The flags are Docker Compose v2's; those that need
BuildKit (``--ssh``, ``--builder``, ``--check``, attestations) are refused with a clear message, since
pycompose builds with the Docker Engine's classic builder.
"""

from __future__ import annotations

import dataclasses
import json
from typing import TYPE_CHECKING

import click

from pycompose.errors import UsageError

if TYPE_CHECKING:
    from pycompose.cli.main import GlobalOptions

#: ``cli.main.CONTEXT_SETTINGS`` (repeated: ``cli.main`` imports this module while registering commands)
CONTEXT_SETTINGS = {"help_option_names": ["-h", "--help"], "max_content_width": 110}

EPILOG = """\b
Examples:
  pycompose build                          build every service that has a build section
  pycompose build --no-cache web           rebuild web from scratch
  pycompose build --build-arg VERSION=2    override a build arg of every service
  pycompose --parallel 1 build             one build at a time
  pycompose --dry-run build                print the plan, build nothing
  pycompose build --print                  the equivalent bake file (docker buildx bake -f -)
"""

_BUILDKIT_HINT = (
    "pycompose builds with the Docker Engine's classic builder; use `docker buildx bake` for BuildKit"
)


def _refuse(flag: str, what: str) -> UsageError:
    return UsageError(f"{flag}: {what} needs BuildKit, which pycompose does not drive", hint=_BUILDKIT_HINT)


def _memory(value: str | None) -> int | None:
    if not value:
        return None
    from pycompose.config.units import parse_ram_in_bytes

    try:
        return parse_ram_in_bytes(value)
    except ValueError:
        raise UsageError(
            f"invalid argument {value!r} for -m/--memory", hint="use a size such as 512m or 2g"
        ) from None


def _attestation(flag: str, value: str | None) -> None:
    if value is not None and value.strip().lower() not in ("", "false", "0", "disabled"):
        raise _refuse(flag, "an attestation")


def build_plan(project: object, build_options: object, push: bool = False):  # -> Plan
    """The plan of ``build``, with ``push_image`` steps after the builds when ``push`` is set."""
    from pycompose.planner.build import plan_build

    plan = plan_build(project, None, build_options)  # type: ignore[arg-type]
    return _with_pushes(project, plan) if push else plan


def _with_pushes(project: object, plan: object):  # -> Plan
    """``build --push``: each built image with an ``image:`` name, and its ``build.tags``, pushed once
    its build is done (``planner/images.py`` decides what is pushable)."""
    from pycompose.observe import ObservedState
    from pycompose.planner.images import PushOptions, plan_push
    from pycompose.planner.plan import Plan

    builds = {s.params["service"]: s for s in plan.steps}  # type: ignore[attr-defined]
    pushes = plan_push(project, ObservedState(project.name), PushOptions(tuple(builds)))  # type: ignore[arg-type, attr-defined]
    extra = []
    for step in pushes.steps:
        services = step.params.get("services", ())
        if step.skipped or not services or services[0] not in builds:
            continue
        reason = f"build --push: {step.reason.split(',')[0]}"  # "image of service web"
        extra.append(dataclasses.replace(step, needs=(builds[services[0]].id,), reason=reason))
    return Plan(project=plan.project, steps=(*plan.steps, *extra))  # type: ignore[attr-defined]


@click.command("build", context_settings=CONTEXT_SETTINGS, epilog=EPILOG)
@click.argument("services", nargs=-1)
@click.option(
    "--build-arg",
    "build_args",
    multiple=True,
    metavar="KEY[=VALUE]",
    help="Set build-time variables for services.",
)
@click.option("--builder", metavar="NAME", help="Set builder to use (BuildKit only: refused).")
@click.option("--check", is_flag=True, help="Check build configuration (BuildKit only: refused).")
@click.option("--dry-run", "dry_run", is_flag=True, help="Execute command in dry run mode.")
@click.option("-m", "--memory", metavar="BYTES", help="Set memory limit for the build container.")
@click.option("--no-cache", is_flag=True, help="Do not use cache when building the image.")
@click.option("--print", "print_bake", is_flag=True, help="Print equivalent bake file.")
@click.option("--provenance", metavar="VALUE", help="Add a provenance attestation (BuildKit only: refused).")
@click.option("--pull", is_flag=True, help="Always attempt to pull a newer version of the image.")
@click.option("--push", is_flag=True, help="Push service images.")
@click.option("-q", "--quiet", is_flag=True, help="Suppress the build output.")
@click.option("--sbom", metavar="VALUE", help="Add a SBOM attestation (BuildKit only: refused).")
@click.option(
    "--ssh", metavar="SPEC", help="Set SSH authentications used when building service images (refused)."
)
@click.option("--with-dependencies", is_flag=True, help="Also build dependencies (transitively).")
# Docker Compose v2's deprecated flags, accepted and ignored as it does
@click.option("--parallel", "deprecated_parallel", is_flag=True, hidden=True)
@click.option("--compress", is_flag=True, hidden=True)
@click.option("--force-rm", is_flag=True, hidden=True)
@click.option("--no-rm", is_flag=True, hidden=True)
@click.option("--progress", "deprecated_progress", hidden=True)
@click.pass_obj
def build_cmd(
    options: GlobalOptions,
    services: tuple[str, ...],
    build_args: tuple[str, ...],
    builder: str | None,
    check: bool,
    dry_run: bool,
    memory: str | None,
    no_cache: bool,
    print_bake: bool,
    provenance: str | None,
    pull: bool,
    push: bool,
    quiet: bool,
    sbom: str | None,
    ssh: str | None,
    with_dependencies: bool,
    deprecated_parallel: bool,
    compress: bool,
    force_rm: bool,
    no_rm: bool,
    deprecated_progress: str | None,
) -> None:
    """Build or rebuild services."""
    from pycompose.cli.common import connect, execute_plan, load_project, print_plan, quieted
    from pycompose.planner.build import resolve_build_args
    from pycompose.planner.options import BuildOptions

    if ssh:
        raise _refuse("--ssh", "SSH agent forwarding")
    if builder:
        raise _refuse("--builder", "choosing a buildx builder")
    if check:
        raise _refuse("--check", "checking the build configuration")
    _attestation("--provenance", provenance)
    _attestation("--sbom", sbom)
    project = load_project(options, services)  # named services of disabled profiles are enabled
    build_options = BuildOptions(
        services=services,
        with_dependencies=with_dependencies,
        no_cache=no_cache,
        pull=pull,
        args=resolve_build_args(build_args, project.environment),
        memory=_memory(memory),
    )
    plan = build_plan(project, build_options, push=push and not print_bake)
    if print_bake:
        from pycompose.planner.build import bake_definition

        click.echo(json.dumps(bake_definition(project, plan), indent=2))
        return
    if options.dry_run or dry_run:
        print_plan(plan)
        return
    if not plan.steps:
        return
    options = quieted(options, quiet=quiet)
    execute_plan(options, connect(options), plan)
