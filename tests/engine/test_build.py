"""``build`` and ``up --build`` on a real Docker Engine, through the CLI, against Docker Compose v2.

Every image a test builds carries its project's ``com.docker.compose.project`` label (or one of the
extra tags listed by the test); the ``images`` fixture removes them all, dangling ones included.
"""

from __future__ import annotations

import contextlib
import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from pycompose import labels as L
from pycompose.engine.docker import DockerEngine
from pycompose.errors import EngineError
from tests.oracle import SKIP_REASON, oracle_binary

pytestmark = pytest.mark.engine

DOCKERFILE = """\
FROM busybox:1.36 AS base
ARG GREETING=hello
ENV GREETING=$GREETING
RUN echo base > /stage
FROM base AS final
RUN echo final > /stage
"""

COMPOSE = """\
services:
  web:
    build:
      context: ./web
      target: base
      args:
        GREETING: hi
      labels:
        org.example.team: blue
      tags: ["{extra_tag}"]
  job:
    build:
      dockerfile_inline: |
        FROM busybox:1.36
        ARG MODE=dev
        RUN echo "inline $$MODE" > /built
      args:
        MODE: prod
"""


class Project:
    """A compose project in a temp dir, driven through ``python -m pycompose`` (and the oracle)."""

    def __init__(self, root: Path, name: str) -> None:
        self.root = root
        self.name = name
        self.extra_tag = f"{name}-extra:1"
        self.env = {**os.environ, "COMPOSE_PROJECT_NAME": name}

    def write(self, compose: str = COMPOSE, dockerfile: str = DOCKERFILE) -> None:
        (self.root / "compose.yaml").write_text(compose.replace("{extra_tag}", self.extra_tag))
        (self.root / "web").mkdir(exist_ok=True)
        (self.root / "web" / "Dockerfile").write_text(dockerfile)

    def run(
        self, *args: str, check: bool = True, progress: str = "plain"
    ) -> subprocess.CompletedProcess[str]:
        result = subprocess.run(
            [sys.executable, "-m", "pycompose", "--progress", progress, *args],
            cwd=self.root,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=300,
        )
        assert "Traceback" not in result.stderr, result.stderr
        if check:
            assert result.returncode == 0, f"pycompose {' '.join(args)} failed:\n{result.stderr}"
        return result

    def oracle(self, *args: str, name: str) -> subprocess.CompletedProcess[str]:
        binary = oracle_binary()
        assert binary is not None
        env = {**self.env, "COMPOSE_PROJECT_NAME": name}
        result = subprocess.run(
            [binary, "--progress", "plain", *args],
            cwd=self.root,
            env=env,
            capture_output=True,
            text=True,
            timeout=300,
        )
        assert result.returncode == 0, f"docker compose {' '.join(args)} failed:\n{result.stderr}"
        return result


def remove_images(engine: DockerEngine, projects: list[str], tags: list[str]) -> None:
    found = {i.id for p in projects for i in engine.list_images({"label": [f"{L.PROJECT}={p}"]})}
    for tag in tags:
        info = engine.inspect_image(tag)
        if info is not None:
            found.add(info.id)
    for image_id in found:
        with contextlib.suppress(EngineError):
            engine.remove_image(image_id, force=True)


@pytest.fixture
def built(tmp_path: Path, project: str, engine: DockerEngine) -> Iterator[Project]:
    """A project whose images (and those of ``<name>-v2``, the oracle's twin) are removed afterwards."""
    created = Project(tmp_path, project)
    created.write()
    yield created
    created.run("down", "-t", "0", check=False)
    remove_images(engine, [project, f"{project}-v2"], [created.extra_tag])


def inspect(tag: str) -> dict:
    result = subprocess.run(["docker", "image", "inspect", tag], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)[0]


def file_in(image: str, path: str) -> str:
    result = subprocess.run(
        ["docker", "run", "--rm", image, "cat", path], capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_build_produces_the_image_the_compose_file_describes(built: Project) -> None:
    built.run("build")
    web = inspect(f"{built.name}-web")  # v2's default tag: <project>-<service>
    assert f"{built.name}-web:latest" in web["RepoTags"] and built.extra_tag in web["RepoTags"]
    assert web["Config"]["Labels"] == {
        "org.example.team": "blue",
        L.PROJECT: built.name,
        L.SERVICE: "web",
        L.VERSION: L.COMPAT_VERSION,
    }
    assert "GREETING=hi" in web["Config"]["Env"]  # the build arg reached the ARG
    assert file_in(f"{built.name}-web", "/stage") == "base"  # target: base, not the final stage
    assert file_in(f"{built.name}-job", "/built") == "inline prod"  # dockerfile_inline with its args


def test_same_image_names_and_labels_as_docker_compose(built: Project) -> None:
    if oracle_binary() is None:
        pytest.skip(SKIP_REASON)
    twin = f"{built.name}-v2"
    built.write(COMPOSE.replace('      tags: ["{extra_tag}"]\n', ""))
    built.run("build")
    built.oracle("build", name=twin)
    for service in ("web", "job"):
        ours, theirs = inspect(f"{built.name}-{service}"), inspect(f"{twin}-{service}")
        assert ours["RepoTags"] == [f"{built.name}-{service}:latest"]
        assert theirs["RepoTags"] == [f"{twin}-{service}:latest"]
        normalized = {k: v.replace(twin, built.name) for k, v in theirs["Config"]["Labels"].items()}
        assert ours["Config"]["Labels"] == normalized
        assert sorted(ours["Config"]["Env"]) == sorted(theirs["Config"]["Env"])


UP_COMPOSE = """\
services:
  web:
    build: {context: ./web, target: base}
    command: [sleep, "300"]
  other:
    build: ./other
    command: [sleep, "300"]
  job:
    build:
      dockerfile_inline: "FROM busybox:1.36\\nRUN echo job > /built\\n"
    command: [sleep, "300"]
  plain:
    image: busybox:1.36
    command: [sleep, "300"]
"""


def container_ids(project: str) -> dict[str, str]:
    out = subprocess.run(
        ["docker", "ps", "-a", "--filter", f"label={L.PROJECT}={project}", "--format", "{{.Names}} {{.ID}}"],
        capture_output=True,
        text=True,
        timeout=60,
    ).stdout
    return dict(line.split() for line in out.splitlines() if line.strip())


def test_up_build_after_a_dockerfile_change_recreates_only_that_service(built: Project) -> None:
    built.write(UP_COMPOSE)
    (built.root / "other").mkdir()
    (built.root / "other" / "Dockerfile").write_text("FROM busybox:1.36\nRUN echo other > /built\n")
    first = built.run("up", "-d")
    assert f" Image {built.name}-web  Built" in first.stderr
    before = container_ids(built.name)
    assert len(before) == 4

    again = built.run("up", "-d", "--build")  # nothing changed: the layer cache gives the same images
    assert f" Image {built.name}-web  Built" in again.stderr
    assert container_ids(built.name) == before

    (built.root / "web" / "Dockerfile").write_text(DOCKERFILE.replace("echo base", "echo changed"))
    plan = built.run("--dry-run", "up", "-d", "--build").stdout
    assert f"build  image {built.name}-web" in plan
    built.run("up", "-d", "--build")
    after = container_ids(built.name)
    assert set(after) == set(before)
    changed = {name for name in after if after[name] != before[name]}
    assert changed == {f"{built.name}-web-1"}
    labels, image = subprocess.run(
        ["docker", "inspect", f"{built.name}-web-1", "--format", "{{json .Config.Labels}} {{.Image}}"],
        capture_output=True,
        text=True,
        timeout=60,
    ).stdout.split(" ", 1)
    assert json.loads(labels)[L.IMAGE] == image.strip()  # labelled with the image it runs
    assert file_in(f"{built.name}-web", "/stage") == "changed"
    # converged: the next `up` (without --build) has nothing to do
    assert built.run("plan", "--detailed-exitcode", check=False).returncode == 0


def test_concurrent_builds_stream_prefixed_output(built: Project) -> None:
    result = built.run("build", "--no-cache")
    lines = result.stderr.splitlines()
    web = [line for line in lines if line.startswith("[web] ")]
    job = [line for line in lines if line.startswith("[job] ")]
    assert "[web] Step 1/8 : FROM busybox:1.36 AS base" in web
    assert any("RUN echo" in line for line in job) and any(
        line.startswith("[job] Successfully built") for line in job
    )
    quiet = built.run("build", "-q")
    assert quiet.stdout == "" and quiet.stderr == ""


def test_a_failing_build_is_one_line_naming_the_service_and_the_step(built: Project) -> None:
    # the failing step right after FROM: no intermediate image of a cached step is left behind
    built.write(COMPOSE.replace("      target: base\n", ""), "FROM busybox:1.36\nRUN echo base && exit 3\n")
    result = built.run("build", check=False)
    assert result.returncode == 1
    last = result.stderr.strip().splitlines()[-1]
    assert last.startswith("failed to build service web at step 2/")
    assert "(RUN echo base && exit 3)" in last and "returned a non-zero code: 3" in last
    # the other, independent build still finished
    assert f" Image {built.name}-job  Built" in result.stderr

    (built.root / "web" / "Dockerfile").write_text("FROM busybox:1.36\nNOPE x\n")
    parse = built.run("build", "web", check=False)
    assert parse.returncode == 1
    assert parse.stderr.strip().splitlines()[-1] == (
        "web/Dockerfile:2: failed to build service web: dockerfile parse error line 2: unknown instruction: NOPE"
    )
