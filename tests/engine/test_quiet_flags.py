"""``up --quiet-build`` and ``up --quiet-pull`` on a real Docker Engine, through the CLI.

A build echoes a marker unique to the test: ``up --build`` shows what the RUN printed, ``up --build
--quiet-build`` does not (the ``Built`` line stays, as in Docker Compose v2). The marker is echoed as
``"MARK""ER-<hex>"`` so the instruction itself (``Step 2/5 : RUN echo "MARK""ER-..."``) never contains
it: only the command's output does. The pull test reuses the local registry of ``test_registry.py``.
"""

from __future__ import annotations

import contextlib
import io
import re
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from pycompose.engine.docker import DockerEngine
from pycompose.errors import EngineError
from tests.engine.conftest import IMAGE
from tests.engine.test_build import Project, remove_images
from tests.engine.test_registry import Registries, registries  # noqa: F401 (the session fixture)
from tests.oracle import SKIP_REASON, oracle_binary

pytestmark = pytest.mark.engine

#: a layer line of a pull in plain progress: `` Image <ref>  Pulling 0aa0c48abcd9: Already exists``
LAYER_LINE = re.compile(r"Pulling [0-9a-f]{12}: ")


def up(cli: Project, *args: str) -> str:
    """``pycompose --progress plain up -d ARGS`` (it must succeed): what it printed, both streams."""
    result = cli.run("up", "-d", *args)
    return result.stdout + result.stderr


def build_with_marker(root: Path) -> str:
    """A compose file whose service builds ``FROM busybox:1.36`` and echoes a new marker; returns it."""
    marker = uuid.uuid4().hex[:12]
    (root / "compose.yaml").write_text(
        "services:\n"
        "  app:\n"
        "    build:\n"
        "      dockerfile_inline: |\n"
        f"        FROM {IMAGE}\n"
        f'        RUN echo "MARK""ER-{marker}"\n'
        '    command: ["sleep", "300"]\n'
    )
    return f"MARKER-{marker}"


@pytest.fixture
def cli(tmp_path: Path, project: str, engine: DockerEngine) -> Iterator[Project]:
    """The project, run through the CLI; ``down -v --rmi local`` afterwards, then every image labelled
    with the project (a rebuild leaves the previous image dangling, which ``--rmi local`` does not see)."""
    made = Project(tmp_path, project)
    yield made
    made.run("down", "-v", "--rmi", "local", "-t", "0", check=False)
    remove_images(engine, [project, f"{project}-v2"], [])


def test_up_quiet_build_hides_the_build_output(cli: Project) -> None:
    marker = build_with_marker(cli.root)
    loud = up(cli, "--build")
    assert marker in loud  # what the RUN printed
    assert " Image " in loud and "  Built" in loud

    marker = build_with_marker(cli.root)  # a new RUN: a real build again, not the layer cache
    quiet = up(cli, "--build", "--quiet-build")
    assert marker not in quiet
    assert not [line for line in quiet.splitlines() if line.startswith("[app]")]
    assert f" Image {cli.name}-app  Built" in quiet
    assert f"Container {cli.name}-app-1  Started" in quiet  # recreated with the image just built


def test_docker_compose_hides_the_build_output_too(cli: Project) -> None:
    if oracle_binary() is None:
        pytest.skip(SKIP_REASON)
    twin = f"{cli.name}-v2"
    try:
        marker = build_with_marker(cli.root)
        result = cli.oracle("up", "-d", "--build", "--quiet-build", name=twin)
        assert marker not in result.stdout + result.stderr
        assert " app  Built" in result.stderr  # v2 names the service where pycompose names the image
    finally:
        cli.oracle("down", "-v", "--rmi", "local", "-t", "0", name=twin)


def test_up_quiet_pull_hides_the_layer_lines(
    engine: DockerEngine,
    cli: Project,
    registries: Registries,  # noqa: F811 (the fixture imported above)
) -> None:
    ref = f"{registries.open}/{cli.name}/base:1"
    repo = ref.rsplit(":", 1)[0]
    # a layer of its own (a busybox retag would pull no layer at all: the engine has them all)
    dockerfile = f"FROM {IMAGE}\nRUN echo {uuid.uuid4().hex} > /id\n".encode()
    for item in engine.api.build(fileobj=io.BytesIO(dockerfile), tag=ref, rm=True, decode=True):
        assert "error" not in item, item
    try:
        for item in engine.api.push(repo, "1", stream=True, decode=True):
            assert "error" not in item, item
        (cli.root / "compose.yaml").write_text(
            f'services:\n  base:\n    image: {ref}\n    command: ["sleep", "300"]\n'
        )
        engine.remove_image(ref)
        loud = up(cli)
        assert LAYER_LINE.search(loud), loud
        assert f" Image {ref}  Pulled" in loud

        cli.run("down", "-t", "0")
        engine.remove_image(ref)
        quiet = up(cli, "--quiet-pull")
        assert not LAYER_LINE.search(quiet), quiet
        assert f" Image {ref}  Pulling\n" in quiet and f" Image {ref}  Pulled\n" in quiet
        assert engine.inspect_image(ref) is not None
    finally:
        cli.run("down", "-t", "0", check=False)
        with contextlib.suppress(EngineError):
            engine.remove_image(ref, force=True)
