"""``plan_pull`` / ``plan_push``: which images, with which reasons, and which services are skipped."""

from __future__ import annotations

from pathlib import Path

import pytest

from pycompose import api
from pycompose.engine.memory import MemoryEngine
from pycompose.errors import PlanError, UsageError
from pycompose.observe import observe
from pycompose.planner import render
from pycompose.planner.images import PullOptions, PushOptions, plan_pull, plan_push

COMPOSE = """\
services:
  app:
    image: reg.test:5000/demo/app:1
    build:
      context: .
      tags: ["reg.test:5000/demo/app:latest"]
    depends_on: [db]
  db:
    image: busybox:1.36
  cache:
    image: busybox:1.36
  job:
    build: .
  pinned:
    image: pinned:1
    pull_policy: never
"""


@pytest.fixture
def project(tmp_path: Path):
    (tmp_path / "compose.yaml").write_text(COMPOSE)
    (tmp_path / "Dockerfile").write_text("FROM busybox:1.36\n")
    return api.load(files=[str(tmp_path / "compose.yaml")], project_name="demo", environ={})


def observed(project, *present: str):
    engine = MemoryEngine(images=present)
    refs = tuple(s.image_name(project.name) for s in project.services.values())
    return observe(engine, project.name, image_refs=refs)


def runnable(plan) -> dict[str, str]:
    return {s.target: s.reason for s in plan.runnable()}


def skipped(plan) -> dict[str, str]:
    return {s.target: s.reason for s in plan.steps if s.skipped}


def test_pull_pulls_every_image_once_and_skips_what_cannot_be_pulled(project) -> None:
    plan = plan_pull(project, observed(project, "busybox:1.36"))
    assert runnable(plan) == {
        "image:reg.test:5000/demo/app:1": "missing (service app)",
        "image:busybox:1.36": "pull requested (services db, cache)",
    }
    assert skipped(plan) == {"service:job": "no image to be pulled", "service:pinned": "pull_policy never"}
    step = plan.by_id()["pull_image:image:busybox:1.36"]
    assert step.params["ref"] == "busybox:1.36" and step.params["services"] == ("db", "cache")
    assert plan.by_id()["pull_image:image:reg.test:5000/demo/app:1"].params["buildable"] == ("app",)


def test_pull_policy_flag_overrides_the_file(project) -> None:
    plan = plan_pull(project, observed(project, "busybox:1.36", "pinned:1"), PullOptions(policy="missing"))
    assert runnable(plan) == {"image:reg.test:5000/demo/app:1": "missing (service app)"}
    assert skipped(plan)["service:db"] == "image is already present locally"
    assert skipped(plan)["service:pinned"] == "image is already present locally"
    always = plan_pull(project, observed(project, "busybox:1.36", "pinned:1"), PullOptions(policy="always"))
    assert runnable(always)["image:busybox:1.36"] == "--policy always (services db, cache)"
    assert "image:pinned:1" in runnable(always)
    with pytest.raises(UsageError, match='invalid --policy option "sometimes"'):
        plan_pull(project, observed(project), PullOptions(policy="sometimes"))


def test_pull_selection_ignore_buildable_and_include_deps(project) -> None:
    state = observed(project)
    assert set(runnable(plan_pull(project, state, PullOptions(services=("app",))))) == {
        "image:reg.test:5000/demo/app:1"
    }
    with_deps = plan_pull(project, state, PullOptions(services=("app",), include_deps=True))
    assert set(runnable(with_deps)) == {"image:reg.test:5000/demo/app:1", "image:busybox:1.36"}
    no_build = plan_pull(project, state, PullOptions(services=("app",), ignore_buildable=True))
    assert not no_build and skipped(no_build) == {"service:app": "image can be built"}
    with pytest.raises(PlanError, match="no such service: nope"):
        plan_pull(project, state, PullOptions(services=("nope",)))


def test_push_pushes_the_built_images_and_their_tags(project) -> None:
    plan = plan_push(project, observed(project, "reg.test:5000/demo/app:1"))
    assert runnable(plan) == {
        "image:reg.test:5000/demo/app:1": "image of service app",
        "image:reg.test:5000/demo/app:latest": "build.tags of service app",
    }
    assert skipped(plan) == {
        "service:db": "no build section: not built by this project",
        "service:cache": "no build section: not built by this project",
        "service:job": "no image name to push to",
        "service:pinned": "no build section: not built by this project",
    }
    not_built = plan_push(project, observed(project), PushOptions(services=("app",)))
    assert runnable(not_built)["image:reg.test:5000/demo/app:1"] == "image of service app, not built yet"
    assert set(skipped(not_built)) == set()  # db is a dependency, left out without --include-deps
    assert "service:db" in skipped(plan_push(project, observed(project), PushOptions(("app",), True)))


def test_image_plans_render_as_text_and_docker_commands(project) -> None:
    plan = plan_push(project, observed(project, "reg.test:5000/demo/app:1"), PushOptions(services=("app",)))
    text = render.to_text(plan)
    assert "> push  image reg.test:5000/demo/app:1" in text and "(image of service app)" in text
    assert "docker push reg.test:5000/demo/app:1" in render.to_docker(plan)
    assert "docker pull busybox:1.36" in render.to_docker(plan_pull(project, observed(project)))
