"""Images in plans: when ``up`` builds or pulls (Docker Compose v2's pull_policy rules), the BuildSpec of a
service, ``plan_build``, ``build --print``'s bake file, and builds before the containers (only the
service whose image really changed is recreated). The in-memory engine stands in for the Docker Engine;
tests/engine/test_build.py proves the same on a real one.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from pycompose import api
from pycompose import labels as L
from pycompose.build import image_phase
from pycompose.engine.memory import MemoryEngine
from pycompose.errors import PlanError
from pycompose.executor import execute
from pycompose.observe import ObservedState
from pycompose.planner.build import (
    bake_definition,
    build_spec,
    plan_build,
    refresh_window,
    resolve_build_args,
)
from pycompose.planner.options import BuildOptions, UpOptions
from pycompose.planner.up import plan_up
from pycompose.progress import QuietReporter

STACK = """\
services:
  web:
    build:
      context: ./web
      args:
        GREETING: hi
        UNSET:
      target: base
      labels:
        org.example.team: blue
      tags: ["registry.local/web:1"]
      extra_hosts: ["db.local=10.0.0.2"]
      shm_size: 64m
      cache_from: ["busybox:1.36", "type=registry,ref=cache/web"]
    depends_on: [api]
  api:
    image: example/api:1.0
    build:
      dockerfile_inline: |
        FROM busybox:1.36
        RUN echo api
  db:
    image: busybox:1.36
"""

DOCKERFILE = "FROM busybox:1.36 AS base\nARG GREETING\nRUN echo $GREETING\n"


def write(tmp: Path, compose: str = STACK, dockerfile: str = DOCKERFILE) -> None:
    (tmp / "compose.yaml").write_text(compose)
    (tmp / "web").mkdir(exist_ok=True)
    (tmp / "web" / "Dockerfile").write_text(dockerfile)


def load(tmp: Path, environ: dict[str, str] | None = None):
    return api.load(files=[str(tmp / "compose.yaml")], project_name="demo", environ=environ or {})


def image_steps(plan) -> dict[str, tuple[str, str]]:
    """step target -> (action, reason) of the pull and build steps."""
    return {
        f"{s.action}:{s.target}": (s.action, s.reason)
        for s in plan.steps
        if s.action in ("pull_image", "build_image")
    }


def observed_with(*refs: str, **tag_times: str) -> ObservedState:
    from types import MappingProxyType

    from pycompose.engine.base import ImageInfo

    images = {ref: ImageInfo(id=f"sha256:{i:064x}", tags=(ref,)) for i, ref in enumerate(refs, 1)}
    for ref, when in tag_times.items():
        images[ref] = ImageInfo(id=images[ref].id, tags=(ref,), last_tag_time=when)
    return ObservedState(project="demo", images=MappingProxyType(images))


# ------------------------------------------------------------------------------------------ spec


def test_build_spec_has_v2_tags_labels_and_engine_forms(tmp_path: Path) -> None:
    write(tmp_path)
    project = load(tmp_path)
    spec = build_spec(project, project.services["web"])
    assert spec.tags == ("demo-web", "registry.local/web:1")  # <project>-<service> first, then build.tags
    assert spec.image == "demo-web"
    assert spec.context == str(tmp_path / "web")
    assert spec.args == {"GREETING": "hi"}  # an arg without a value (and no environment) is not sent
    assert spec.target == "base"
    assert spec.labels == {
        "org.example.team": "blue",
        L.PROJECT: "demo",
        L.SERVICE: "web",
        L.VERSION: L.COMPAT_VERSION,
    }
    assert spec.extra_hosts == ("db.local:10.0.0.2",)
    assert spec.shm_size == 64 * 1024 * 1024
    assert spec.cache_from == ("busybox:1.36", "cache/web")
    api_spec = build_spec(project, project.services["api"])
    assert api_spec.tags == ("example/api:1.0",)  # image: names the build
    assert api_spec.dockerfile_inline is not None and "RUN echo api" in api_spec.dockerfile_inline


def test_build_spec_cli_overrides(tmp_path: Path) -> None:
    write(tmp_path)
    project = load(tmp_path, {"FROM_ENV": "e"})
    args = resolve_build_args(["GREETING=cli", "FROM_ENV", "MISSING"], project.environment)
    assert args == {"GREETING": "cli", "FROM_ENV": "e"}
    spec = build_spec(project, project.services["web"], no_cache=True, pull=True, args=args, memory=1024)
    assert spec.args == {"GREETING": "cli", "FROM_ENV": "e"}
    assert (spec.no_cache, spec.pull, spec.memory) == (True, True, 1024)


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        ("      ssh: [default]\n", "services.web.build.ssh: SSH agent forwarding need BuildKit"),
        ("      secrets: [s]\n", "services.web.build.secrets: build secrets need BuildKit"),
        ("      platforms: [linux/amd64, linux/arm64]\n", "2 platforms requested"),
        ("      cache_to: [type=inline]\n", "services.web.build.cache_to"),
        ("      cache_from: [type=local,src=/tmp/c]\n", "only uses images as cache sources"),
    ],
)
def test_buildkit_only_keys_are_refused_clearly(tmp_path: Path, extra: str, message: str) -> None:
    compose = "services:\n  web:\n    build:\n      context: ./web\n" + extra
    compose += "secrets:\n  s:\n    file: ./compose.yaml\n"
    write(tmp_path, compose)
    project = load(tmp_path)
    with pytest.raises(PlanError) as info:
        build_spec(project, project.services["web"])
    assert message in info.value.one_line()
    assert info.value.hint


def test_one_platform_is_passed_on(tmp_path: Path) -> None:
    write(tmp_path, "services:\n  web:\n    build:\n      context: ./web\n      platforms: [linux/amd64]\n")
    project = load(tmp_path)
    assert build_spec(project, project.services["web"]).platform == "linux/amd64"


# ------------------------------------------------------------------------------------------ up: pull / build


def test_up_builds_missing_images_once_and_not_again(tmp_path: Path) -> None:
    write(tmp_path)
    project = load(tmp_path)
    plan = plan_up(project, observed_with("busybox:1.36"))
    steps = image_steps(plan)
    assert steps["build_image:image:demo-web"] == ("build_image", "image not built")
    # image + build: pulled first (v2), built when the pull finds nothing
    assert steps["pull_image:image:example/api:1.0"][1] == "missing; built if the pull fails"
    build_api = plan.by_id()["build_image:image:example/api:1.0"]
    assert build_api.params["if_missing"] and build_api.needs == ("pull_image:image:example/api:1.0",)
    assert plan.by_id()["pull_image:image:example/api:1.0"].params["optional"]
    # the containers wait for their image
    assert "build_image:image:demo-web" in plan.by_id()["create_container:container:demo-web-1"].needs
    # once the images exist, nothing is built again (default policy: missing)
    again = plan_up(project, observed_with("busybox:1.36", "demo-web", "example/api:1.0"))
    assert image_steps(again) == {}


@pytest.mark.parametrize(
    ("policy", "options", "expected"),
    [
        ("build", UpOptions(), {"build_image:image:demo-web": "pull_policy build"}),
        (None, UpOptions(build=True), {"build_image:image:demo-web": "--build"}),
        ("never", UpOptions(), {}),
        ("always", UpOptions(), {}),  # no image name: nothing to pull
        ("build", UpOptions(no_build=True), {}),
        ("build", UpOptions(pull="missing"), {}),  # --pull replaces every service's pull_policy
    ],
)
def test_build_policies_when_the_image_exists(
    tmp_path: Path, policy: str | None, options: UpOptions, expected: dict[str, str]
) -> None:
    line = f"    pull_policy: {policy}\n" if policy else ""
    write(tmp_path, f"services:\n  web:\n    build: ./web\n{line}")
    project = load(tmp_path)
    plan = plan_up(project, observed_with("demo-web"), options)
    assert {k: v[1] for k, v in image_steps(plan).items()} == expected


def test_image_and_build_with_pull_policy_always_pulls_and_builds_only_if_needed(tmp_path: Path) -> None:
    write(
        tmp_path, "services:\n  api:\n    image: example/api:1.0\n    build: ./web\n    pull_policy: always\n"
    )
    project = load(tmp_path)
    present = plan_up(project, observed_with("example/api:1.0"))
    assert image_steps(present) == {
        "pull_image:image:example/api:1.0": ("pull_image", "pull_policy always; built if the pull fails")
    }
    missing = plan_up(project, observed_with())
    assert set(image_steps(missing)) == {
        "pull_image:image:example/api:1.0",
        "build_image:image:example/api:1.0",
    }


def test_no_build_with_a_missing_image_is_a_clear_error(tmp_path: Path) -> None:
    write(tmp_path, "services:\n  web:\n    build: ./web\n")
    project = load(tmp_path)
    with pytest.raises(PlanError, match="not found and --no-build was given") as info:
        plan_up(project, observed_with(), UpOptions(no_build=True))
    assert info.value.hint == "build it first: pycompose build web"


def test_service_sharing_a_built_image_waits_for_that_build(tmp_path: Path) -> None:
    write(tmp_path, "services:\n  web:\n    image: app\n    build: ./web\n  worker:\n    image: app\n")
    project = load(tmp_path)
    plan = plan_up(project, observed_with())
    worker_create = plan.by_id()["create_container:container:demo-worker-1"]
    assert "build_image:image:app" in worker_create.needs
    assert sum(1 for s in plan.steps if s.action == "build_image") == 1


@pytest.mark.parametrize(
    ("policy", "age_hours", "pulls"),
    [
        ("daily", 25, True),
        ("daily", 23, False),
        ("weekly", 24 * 8, True),
        ("every_2h", 3, True),
        ("every_2h", 1, False),
    ],
)
def test_refresh_policies_pull_old_images(tmp_path: Path, policy: str, age_hours: float, pulls: bool) -> None:
    write(tmp_path, f"services:\n  db:\n    image: example/db:1\n    pull_policy: {policy}\n")
    project = load(tmp_path)
    now = 1_800_000_000.0
    from datetime import datetime, timezone

    tagged = datetime.fromtimestamp(now - age_hours * 3600, timezone.utc).strftime(
        "%Y-%m-%dT%H:%M:%S.123456789Z"
    )
    plan = plan_up(project, observed_with("example/db:1", **{"example/db:1": tagged}), UpOptions(now=now))
    steps = image_steps(plan)
    assert bool(steps) is pulls
    if pulls:
        assert steps["pull_image:image:example/db:1"][1].startswith(f"pull_policy {policy}: last pulled")
    assert refresh_window("daily") == 86400 and refresh_window("every_1h30m") == 5400
    assert refresh_window("missing") is None


# ------------------------------------------------------------------------------------------ plan_build


def test_plan_build_one_independent_step_per_buildable_service(tmp_path: Path) -> None:
    write(tmp_path)
    project = load(tmp_path)
    plan = plan_build(project, None, BuildOptions())
    assert [(s.target, s.reason, s.needs) for s in plan.steps] == [
        ("image:example/api:1.0", "build requested", ()),
        ("image:demo-web", "build requested", ()),
    ]
    only = plan_build(project, None, BuildOptions(services=("web",), no_cache=True))
    assert [s.target for s in only.steps] == ["image:demo-web"]
    assert only.steps[0].reason == "build requested, no cache"
    assert only.steps[0].params["spec"].no_cache
    deps = plan_build(project, None, BuildOptions(services=("web",), with_dependencies=True))
    assert {s.target for s in deps.steps} == {"image:demo-web", "image:example/api:1.0"}
    assert plan_build(project, None, BuildOptions(services=("db",))).steps == ()


def test_bake_definition_matches_v2_print(tmp_path: Path) -> None:
    write(tmp_path)
    project = load(tmp_path)
    bake = bake_definition(project, plan_build(project, None, BuildOptions()))
    assert sorted(bake["group"]["default"]["targets"]) == ["api", "web"]
    web = bake["target"]["web"]
    assert web["dockerfile"] == str(tmp_path / "web" / "Dockerfile")
    assert web["tags"] == ["registry.local/web:1", "demo-web"]
    assert web["extra-hosts"] == {"db.local": "10.0.0.2"}
    assert web["output"] == ["type=docker"]
    assert bake["target"]["api"]["dockerfile-inline"].startswith("FROM busybox:1.36")


# ------------------------------------------------------------------------------------------ execution


def new_engine() -> MemoryEngine:
    return MemoryEngine(images=["busybox:1.36"])


def test_up_builds_then_creates_with_the_built_image_id(tmp_path: Path) -> None:
    write(tmp_path, "services:\n  web:\n    build: ./web\n  db:\n    image: busybox:1.36\n")
    project = load(tmp_path)
    engine = new_engine()
    api.up(project, engine)
    built = engine.inspect_image("demo-web")
    assert built is not None and built.labels[L.SERVICE] == "web"
    web = engine.inspect_container("demo-web-1")
    assert web is not None and web.labels[L.IMAGE] == built.id
    assert not plan_up(project, api.observe_project(engine, project))  # converged: no rebuild, no recreate


def test_rebuild_recreates_only_the_service_whose_image_changed(tmp_path: Path) -> None:
    compose = (
        "services:\n  web:\n    build: ./web\n  other:\n    build: ./web\n  db:\n    image: busybox:1.36\n"
    )
    write(tmp_path, compose)
    project = load(tmp_path)
    engine = new_engine()
    api.up(project, engine)
    before = {c.name: c.id for c in engine.list_containers({}, all=True)}

    engine.build_revision["web"] = 1  # web's context changed; other's did not
    executed = api.up(project, engine, UpOptions(build=True))
    after = {c.name: c.id for c in engine.list_containers({}, all=True)}
    assert after["demo-web-1"] != before["demo-web-1"]
    assert after["demo-other-1"] == before["demo-other-1"]
    assert after["demo-db-1"] == before["demo-db-1"]
    reasons = {s.target: s.reason for s in executed.steps if s.action == "create_container"}
    assert reasons == {"container:demo-web-1": "image updated"}
    assert [c[1] for c in engine.calls if c[0] == "build_image"] == [
        "demo-web",
        "demo-other",
        "demo-web",
        "demo-other",
    ]
    assert not plan_up(project, api.observe_project(engine, project))


def test_image_phase_keeps_only_image_steps(tmp_path: Path) -> None:
    write(tmp_path)
    project = load(tmp_path)
    plan = plan_up(project, observed_with("busybox:1.36"))
    phase = image_phase(plan)
    assert phase is not None
    assert {s.action for s in phase.steps} == {"build_image", "pull_image"}
    assert image_phase(plan_up(project, observed_with("busybox:1.36", "demo-web", "example/api:1.0"))) is None


def test_failed_optional_pull_falls_back_to_the_build(tmp_path: Path) -> None:
    write(tmp_path, "services:\n  api:\n    image: example/api:1.0\n    build: ./web\n")
    project = load(tmp_path)
    engine = new_engine()
    plan = plan_up(project, api.observe_project(engine, project))
    result = execute(plan, engine, QuietReporter())
    assert result.ok
    names = engine.call_names()
    start = names.index("pull_image")
    assert names[start : start + 3] == ["pull_image", "inspect_image", "build_image"]


def test_successful_pull_skips_the_build(tmp_path: Path) -> None:
    write(tmp_path, "services:\n  api:\n    image: example/api:1.0\n    build: ./web\n")
    project = load(tmp_path)
    engine = new_engine()
    engine.add_remote_image("example/api:1.0")
    result = execute(plan_up(project, api.observe_project(engine, project)), engine, QuietReporter())
    assert result.ok and "build_image" not in engine.call_names()


def test_build_steps_render_as_docker_build_and_json(tmp_path: Path) -> None:
    import json

    from pycompose.planner import render

    write(tmp_path)
    project = load(tmp_path)
    plan = plan_build(project, None, BuildOptions(services=("web",)))
    command = render.to_docker(plan).splitlines()[-1]
    assert command.startswith("docker build -t demo-web -t registry.local/web:1 -f ")
    assert f"-f {tmp_path}/web/Dockerfile --build-arg GREETING=hi" in command
    assert "--target base" in command and command.endswith(str(tmp_path / "web"))
    detailed = json.loads(render.to_json(plan, detailed=True))
    assert detailed["steps"][0]["params"]["spec"]["tags"] == ["demo-web", "registry.local/web:1"]
