"""``pull``, ``push`` and ``images``: the project's images and its registries.

``pull`` and ``push`` plan (``planner/images.py``: one step per image, with its reason), then run the
plan through the executor like ``up`` does, so ``--dry-run`` prints the plan, progress has every output
form (per layer in ``plain`` / ``tty`` / ``json``), and one failing image does not stop the others.
Credentials are the docker CLI's (``$DOCKER_CONFIG/config.json``), sent to each image's own registry.
``images`` lists the images of the project's containers in Docker Compose v2's table or JSON.
"""

from __future__ import annotations

import dataclasses
import json
import re
import time
from collections.abc import Mapping, Sequence
from datetime import datetime, timezone
from typing import TYPE_CHECKING, Any

import click

from pycompose.cli.common import format_option
from pycompose.cli.main import CONTEXT_SETTINGS

if TYPE_CHECKING:
    from pycompose.cli.main import GlobalOptions

# ------------------------------------------------------------------------------------------ pull / push


def _observe(options: GlobalOptions, services: tuple[str, ...]):  # -> (project, engine, observed)
    from pycompose.api import observe_project
    from pycompose.cli.common import connect, load_project

    project = load_project(options, services)
    engine = connect(options)
    return project, engine, observe_project(engine, project)


def _say_skipped(reporter: Any, plan: Any) -> None:
    """Docker Compose's `` app Skipped - <why>`` lines for the services left out."""
    for step in plan.steps:
        if step.skipped:
            for service in step.params.get("services", ()):
                reporter.message(f" {service} Skipped - {step.reason}")


def _run_image_plan(
    options: GlobalOptions, engine: Any, plan: Any, quiet: bool, dry_run: bool
) -> list[tuple[Any, Any]]:
    """Execute ``plan`` (print it with ``--dry-run``); return the failed (step, error) pairs, which
    the command turns into warnings or its error (``_settle``)."""
    from pycompose.cli.common import execute_plan, print_plan, quieted, reporter_for

    if dry_run or options.dry_run:
        print_plan(plan)
        return []
    options = quieted(options, quiet=quiet)
    if options.progress not in ("quiet", "json"):
        _say_skipped(reporter_for(options), plan)
    if not plan:
        return []
    result = execute_plan(options, engine, plan, raise_on_failure=False)
    by_id = plan.by_id()
    return [(by_id[r.step_id], r.error) for r in result.failures()]


def _warn(text: str) -> None:
    click.echo(f"WARNING: {text}", err=True)


def _settle(failures: list[tuple[Any, Any]], ignore: bool, doing: str) -> None:
    """With ``--ignore-pull-failures`` / ``--ignore-push-failures`` (``ignore``) a warning per failure
    (``WARNING: pulling web: <error>``); else each failure on a line of its own, in plan order, the
    last one being the command's error."""
    from pycompose.errors import PycomposeError

    if ignore:
        for step, error in failures:
            _warn(f"{doing} {', '.join(step.params.get('services', ()))}: {_text(error)}")
        return
    errors = [e if e is not None else PycomposeError(f"{s.target}: failed") for s, e in failures]
    for extra in errors[:-1]:
        click.echo(_text(extra), err=True)
    if errors:
        raise errors[-1]


@click.command("pull", context_settings=CONTEXT_SETTINGS)
@click.argument("services", nargs=-1)
@click.option("--dry-run", "dry_run", is_flag=True, help="Execute command in dry run mode.")
@click.option("--ignore-buildable", is_flag=True, help="Ignore images that can be built.")
@click.option(
    "--ignore-pull-failures", is_flag=True, help="Pull what it can and ignores images with pull failures."
)
@click.option("--include-deps", is_flag=True, help="Also pull services declared as dependencies.")
@click.option("--policy", metavar="POLICY", default=None, help='Apply pull policy ("missing"|"always").')
@click.option("-q", "--quiet", is_flag=True, help="Pull without printing progress information.")
@click.pass_obj
def pull_cmd(
    options: GlobalOptions,
    services: tuple[str, ...],
    dry_run: bool,
    ignore_buildable: bool,
    ignore_pull_failures: bool,
    include_deps: bool,
    policy: str | None,
    quiet: bool,
) -> None:
    """Pull service images (in parallel), with the credentials of `docker login`."""
    from pycompose.planner.images import PullOptions, plan_pull

    project, engine, observed = _observe(options, services)
    plan = plan_pull(
        project,
        observed,
        PullOptions(
            services=services, include_deps=include_deps, policy=policy, ignore_buildable=ignore_buildable
        ),
    )
    failures = _run_image_plan(options, engine, plan, quiet, dry_run)
    must_build = [name for step, _ in failures for name in step.params.get("buildable", ())]
    if must_build:
        _warn(
            "Some service image(s) must be built from source by running:\n"
            f"    pycompose build {' '.join(dict.fromkeys(must_build))}"
        )
    _settle(failures, ignore_pull_failures, "pulling")


@click.command("push", context_settings=CONTEXT_SETTINGS)
@click.argument("services", nargs=-1)
@click.option("--dry-run", "dry_run", is_flag=True, help="Execute command in dry run mode.")
@click.option(
    "--ignore-push-failures", is_flag=True, help="Push what it can and ignores images with push failures."
)
@click.option("--include-deps", is_flag=True, help="Also push images of services declared as dependencies.")
@click.option("-q", "--quiet", is_flag=True, help="Push without printing progress information.")
@click.pass_obj
def push_cmd(
    options: GlobalOptions,
    services: tuple[str, ...],
    dry_run: bool,
    ignore_push_failures: bool,
    include_deps: bool,
    quiet: bool,
) -> None:
    """Push service images: the `image` (and `build.tags`) of every service with a build section."""
    from pycompose.planner.images import PushOptions, plan_push

    project, engine, observed = _observe(options, services)
    plan = plan_push(project, observed, PushOptions(services=services, include_deps=include_deps))
    _settle(_run_image_plan(options, engine, plan, quiet, dry_run), ignore_push_failures, "pushing")


def _text(error: Any) -> str:
    from pycompose.errors import PycomposeError

    return error.one_line() if isinstance(error, PycomposeError) else str(error)


# ------------------------------------------------------------------------------------------ images


@dataclasses.dataclass(frozen=True)
class ImageRow:
    """One line of ``images``: a container and the image it was created from."""

    container: str
    repository: str
    tag: str
    platform: str
    id: str
    size: int
    last_tag_time: str  # RFC 3339, "" when never tagged locally
    created: str  # RFC 3339


_HEX64 = re.compile(r"^(sha256:)?[0-9a-f]{64}$")


def familiar_reference(ref: str) -> tuple[str, str]:
    """(repository, tag) as Docker shows them: ``docker.io/library/busybox`` -> (``busybox``, ``latest``).

    An image ID, or anything that is not a reference, is ("", ""); a digest reference has no tag
    (as ``reference.ParseDockerRef`` + ``FamiliarName``)."""
    if not ref or _HEX64.match(ref):
        return "", ""
    name, digest = ref.split("@", 1) if "@" in ref else (ref, "")
    slash, colon = name.rfind("/"), name.rfind(":")
    tag = ""
    if colon > slash:
        name, tag = name[:colon], name[colon + 1 :]
    if digest:
        tag = ""
    elif not tag:
        tag = "latest"
    first, sep, rest = name.partition("/")
    if sep and first in ("docker.io", "index.docker.io"):
        name = rest
    if name.startswith("library/") and name.count("/") == 1:
        name = name[len("library/") :]
    return name, tag


def image_rows(containers: Sequence[Any], images: Mapping[str, Any]) -> list[ImageRow]:
    """A row per container whose image is known (``images``: by the container's image reference or
    ID), sorted by container name."""
    rows = []
    for c in containers:
        info = images.get(c.image) or images.get(c.image_id)
        if info is None:
            continue
        repository, tag = familiar_reference(c.image)
        rows.append(
            ImageRow(
                container=c.name,
                repository=repository,
                tag=tag,
                platform=info.platform,
                id=info.id,
                size=info.size,
                last_tag_time=info.last_tag_time,
                created=info.created,
            )
        )
    return sorted(rows, key=lambda r: r.container)


def human_size(size: float) -> str:
    """go-units ``HumanSizeWithPrecision(size, 3)``: decimal units, 3 significant digits (``1.98MB``)."""
    units = ("B", "kB", "MB", "GB", "TB", "PB", "EB", "ZB", "YB")
    i = 0
    while size >= 1000 and i < len(units) - 1:
        size /= 1000
        i += 1
    return f"{size:.3g}{units[i]}"


def human_duration(seconds: float) -> str:
    """go-units ``HumanDuration``: ``Less than a second``, ``3 seconds``, ``About a minute``, ``2 weeks``."""
    s = int(seconds)
    if s < 1:
        return "Less than a second"
    if s == 1:
        return "1 second"
    if s < 60:
        return f"{s} seconds"
    minutes = int(seconds / 60)
    if minutes == 1:
        return "About a minute"
    if minutes < 60:
        return f"{minutes} minutes"
    hours = int(seconds / 3600 + 0.5)
    if hours == 1:
        return "About an hour"
    if hours < 48:
        return f"{hours} hours"
    if hours < 24 * 7 * 2:
        return f"{hours // 24} days"
    if hours < 24 * 30 * 2:
        return f"{hours // 24 // 7} weeks"
    if hours < 24 * 365 * 2:
        return f"{hours // 24 // 30} months"
    return f"{int(seconds / 3600) // 24 // 365} years"


#: what Go's ``time.Now().Sub(time.Time{})`` saturates at: ``HumanDuration`` says "292 years"
_MAX_GO_DURATION = (2**63 - 1) / 1e9


def _age(stamp: str, now: float) -> str:
    when = _timestamp(stamp)
    seconds = _MAX_GO_DURATION if when is None else max(now - when, 0.0)
    return human_duration(seconds) + " ago"


def _timestamp(stamp: str) -> float | None:
    m = re.match(r"^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)(?:\.(\d+))?(Z|[+-]\d\d:\d\d)?$", stamp or "")
    if not m or m.group(1).startswith("0001-"):
        return None
    base, frac, zone = m.groups()
    dt = datetime.fromisoformat(base + ("+00:00" if zone in (None, "Z") else zone))
    return dt.astimezone(timezone.utc).timestamp() + float(f"0.{frac or 0}")


def _go_table(rows: list[list[str]]) -> str:
    """Docker's ``tabwriter.NewWriter(out, 20, 1, 3, ' ', 0)``: columns at least 20 wide, 3 spaces of
    padding, the last column unpadded."""
    widths = [max(20, max(len(r[i]) for r in rows) + 3) for i in range(len(rows[0]) - 1)]
    return "\n".join(
        "".join(cell.ljust(widths[i]) for i, cell in enumerate(row[:-1])) + row[-1] for row in rows
    )


def images_table(rows: Sequence[ImageRow], now: float | None = None) -> str:
    now = time.time() if now is None else now
    lines = [["CONTAINER", "REPOSITORY", "TAG", "PLATFORM", "IMAGE ID", "SIZE", "CREATED"]]
    for r in rows:
        short_id = r.id.split(":", 1)[-1][:12]
        lines.append(
            [
                r.container,
                r.repository or "<none>",
                r.tag or "<none>",
                r.platform or "unknown",
                short_id,
                human_size(r.size),
                _age(r.last_tag_time, now),
            ]
        )
    return _go_table(lines)


def images_json(rows: Sequence[ImageRow]) -> str:
    """Docker Compose v2's JSON: ``LastTagTime`` falls back to the creation time; no rows is ``null``."""
    if not rows:
        return "null"
    return json.dumps(
        [
            {
                "ID": r.id,
                "ContainerName": r.container,
                "Repository": r.repository,
                "Tag": r.tag,
                "Platform": r.platform or "unknown",
                "Size": r.size,
                "LastTagTime": r.last_tag_time or r.created or "0001-01-01T00:00:00Z",
            }
            for r in rows
        ],
        separators=(",", ":"),
        ensure_ascii=False,
    )


def images_quiet(rows: Sequence[ImageRow]) -> str:
    """The distinct image IDs, without their ``sha256:`` prefix."""
    return "\n".join(dict.fromkeys(r.id.split(":", 1)[-1] for r in rows))


@click.command("images", context_settings=CONTEXT_SETTINGS)
@click.argument("services", nargs=-1)
@click.option("--dry-run", "dry_run", is_flag=True, help="Execute command in dry run mode.")
@format_option("table", "json", help="Format the output.")
@click.option("-q", "--quiet", is_flag=True, help="Only display IDs.")
@click.pass_obj
def images_cmd(
    options: GlobalOptions, services: tuple[str, ...], dry_run: bool, fmt: str, quiet: bool
) -> None:
    """List images used by the created containers."""
    from pycompose import labels
    from pycompose.cli.common import connect, load_project_or_name

    _, name = load_project_or_name(options)
    engine = connect(options)
    containers = engine.list_containers(labels.project_filter(name), all=True)
    if services:
        containers = [c for c in containers if c.service in services]
    images: dict[str, Any] = {}
    for c in containers:
        if c.image in images or c.image_id in images:
            continue
        for ref in (c.image, c.image_id):  # the tag may have moved on or been removed since
            info = engine.inspect_image(ref) if ref else None
            if info is not None:
                images[ref] = info
                break
    rows = image_rows(containers, images)
    if quiet:
        if rows:
            click.echo(images_quiet(rows))
        return
    if fmt == "json":
        click.echo(images_json(rows))
        return
    click.echo(images_table(rows))


COMMANDS = (pull_cmd, push_cmd, images_cmd)
