"""``pull``, ``push`` and ``images`` on the in-memory engine: flags, exit codes, output, progress."""

from __future__ import annotations

import io
import json
from collections.abc import Callable
from pathlib import Path

import pytest

from pycompose.cli import image_cmds
from pycompose.cli.main import main
from pycompose.engine.base import ContainerInfo, ImageInfo, ImageProgress
from pycompose.engine.memory import MemoryEngine
from pycompose.errors import EngineError
from pycompose.executor import execute
from pycompose.planner.plan import Plan, Step
from pycompose.progress import JsonReporter, PlainReporter

APP = "reg.test:5000/demo/app:1"
COMPOSE = f"""\
services:
  app:
    image: {APP}
    build: .
    command: sleep 300
  db:
    image: busybox:1.36
    command: sleep 300
"""


@pytest.fixture
def project(in_compose_dir: Callable[..., Path]) -> Path:
    return in_compose_dir(COMPOSE)


@pytest.fixture
def engine(memory_engine: MemoryEngine) -> MemoryEngine:
    return memory_engine


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    with pytest.raises(SystemExit) as exit_:
        main(["-p", "demo", *args])
    out, err = capsys.readouterr()
    return int(exit_.value.code or 0), out, err


# ------------------------------------------------------------------------------------------ push / pull


def test_push_then_pull_round_trip(project: Path, engine: MemoryEngine, capsys) -> None:
    built = engine.add_image(APP)
    code, out, err = run(capsys, "--progress", "plain", "push")
    assert code == 0, err
    assert out == ""
    assert f" Image {APP}  Pushing\n" in err and f" Image {APP}  Pushed\n" in err
    assert f" Image {APP}  Pushing {built.id[7:19]}: Pushed\n" in err  # the layer line
    assert " db Skipped - no build section: not built by this project\n" in err
    assert ("push_image", APP) in engine.calls

    engine.remove_image(APP)
    code, out, err = run(capsys, "pull", "-q", "app")
    assert (code, out, err) == (0, "", "")
    image = engine.inspect_image(APP)
    assert image is not None and image.id == built.id


def test_push_failure_is_one_line_and_can_be_ignored(project: Path, engine: MemoryEngine, capsys) -> None:
    engine.add_image(APP)
    denied = EngineError(f"image {APP}: push to registry reg.test:5000 denied: unauthorized", hint="log in")
    engine.fail_on[("push_image", APP)] = denied
    code, _, err = run(capsys, "push", "-q")
    assert code == 1
    assert err.splitlines() == [denied.one_line()]
    code, _, err = run(capsys, "push", "-q", "--ignore-push-failures")
    assert code == 0
    assert err.splitlines() == [f"WARNING: pushing app: {denied.one_line()}"]


def test_pull_failures(project: Path, engine: MemoryEngine, capsys) -> None:
    code, _, err = run(capsys, "pull", "-q", "db")  # busybox:1.36 is not in the fake registry
    assert code == 1 and len(err.splitlines()) == 1 and err.startswith("image busybox:1.36: not found")
    code, _, err = run(capsys, "pull", "-q", "--ignore-pull-failures")
    assert code == 0
    lines = err.splitlines()
    assert lines[:2] == [
        "WARNING: Some service image(s) must be built from source by running:",
        "    pycompose build app",
    ]
    assert lines[2].startswith(f"WARNING: pulling app: image {APP}: not found in the registry")
    assert lines[3].startswith("WARNING: pulling db: image busybox:1.36: not found in the registry")


def test_pull_policy_missing_skips_present_images(project: Path, engine: MemoryEngine, capsys) -> None:
    engine.add_remote_image(APP)
    code, _, err = run(capsys, "--progress", "plain", "pull", "--policy", "missing")
    assert code == 0, err
    assert " db Skipped - image is already present locally\n" in err
    assert [c for c in engine.calls if c[0] == "pull_image"] == [("pull_image", APP)]
    code, _, err = run(capsys, "pull", "--policy", "sometimes")
    assert code == 1 and 'invalid --policy option "sometimes"' in err


def test_dry_run_prints_the_plan_and_changes_nothing(project: Path, engine: MemoryEngine, capsys) -> None:
    engine.add_image(APP)
    for args in (("--dry-run", "push"), ("push", "--dry-run")):
        code, out, _ = run(capsys, *args)
        assert code == 0
        assert f"> push  image {APP}" in out and "[skipped]" in out
    code, out, _ = run(capsys, "pull", "--dry-run", "db")
    assert code == 0 and "> pull  image busybox:1.36  (pull requested (service db))" in out
    assert not [c for c in engine.calls if c[0] in ("push_image", "pull_image")]


def test_flags_match_docker_compose_v2() -> None:
    def flags(command) -> set[str]:
        return {o for p in command.params for o in p.opts if o.startswith("-")}

    assert flags(image_cmds.push_cmd) == {
        "--dry-run",
        "--ignore-push-failures",
        "--include-deps",
        "-q",
        "--quiet",
    }
    assert flags(image_cmds.pull_cmd) == {
        "--dry-run",
        "--ignore-buildable",
        "--ignore-pull-failures",
        "--include-deps",
        "--policy",
        "-q",
        "--quiet",
    }
    assert flags(image_cmds.images_cmd) == {"--dry-run", "--format", "-q", "--quiet"}


# ------------------------------------------------------------------------------------------ progress


def test_layer_progress_reaches_plain_and_json_reporters() -> None:
    engine = MemoryEngine(images=[APP])
    step = Step(
        f"push_image:image:{APP}", "push_image", f"image:{APP}", "image of service app", params={"ref": APP}
    )
    plain, js = io.StringIO(), io.StringIO()
    assert execute(Plan("demo", (step,)), engine, PlainReporter(plain)).ok
    layer = engine.inspect_image(APP).id[7:19]  # type: ignore[union-attr]
    assert plain.getvalue().splitlines() == [
        f" Image {APP}  Pushing",
        f" Image {APP}  Pushing {layer}: Pushed",
        f" Image {APP}  Pushed",
    ]
    assert execute(Plan("demo", (step,)), engine, JsonReporter(js)).ok
    records = [json.loads(line) for line in js.getvalue().splitlines()]
    assert [r["status"] for r in records] == ["started", "progress", "done"]
    assert records[1]["layer"] == layer and records[1]["text"] == f"Pushing {layer}: Pushed"


def test_plain_reporter_prints_one_line_per_layer_status() -> None:
    out = io.StringIO()
    reporter = PlainReporter(out)
    step = Step("pull_image:image:x", "pull_image", "image:x:1", "missing")
    for event in (
        ImageProgress("1", "Pulling from library/x"),  # about the image, not a layer
        ImageProgress("abc", "Downloading", 1, 10),
        ImageProgress("abc", "Downloading", 5, 10),
        ImageProgress("abc", "Pull complete"),
        ImageProgress("", "Digest: sha256:00"),
    ):
        reporter.step_progress(step, event)
    assert out.getvalue().splitlines() == [
        " Image x:1  Pulling abc: Downloading",
        " Image x:1  Pulling abc: Pull complete",
    ]


# ------------------------------------------------------------------------------------------ images


def container(name: str, service: str, image: str, image_id: str) -> ContainerInfo:
    return ContainerInfo(
        id=name,
        name=name,
        project="demo",
        service=service,
        number=1,
        oneoff=False,
        state="running",
        image=image,
        image_id=image_id,
    )


def test_images_output_formats() -> None:
    busybox = ImageInfo(
        id="sha256:" + "c5" * 32,
        size=1984442,
        platform="linux/amd64",
        created="2024-01-01T00:00:00Z",
        last_tag_time="2024-01-01T00:00:10.5Z",
    )
    pulled = ImageInfo(
        id="sha256:" + "60" * 32, size=1984445, platform="linux/amd64", created="2024-01-02T00:00:00Z"
    )
    rows = image_cmds.image_rows(
        [
            container("demo-web-1", "web", "docker.io/library/busybox", busybox.id),
            container("demo-app-1", "app", APP, pulled.id),
            container("demo-app-2", "app", APP, pulled.id),
        ],
        {"docker.io/library/busybox": busybox, APP: pulled},
    )
    now = 1704067210.5 + 75  # 75 s after busybox was tagged
    # tabwriter(minwidth 20, padding 3): REPOSITORY is 22 + 3 wide; the last column is not padded
    assert image_cmds.images_table(rows, now).splitlines() == [
        "CONTAINER           REPOSITORY               TAG                 PLATFORM            "
        "IMAGE ID            SIZE                CREATED",
        "demo-app-1          reg.test:5000/demo/app   1                   linux/amd64         "
        "606060606060        1.98MB              292 years ago",
        "demo-app-2          reg.test:5000/demo/app   1                   linux/amd64         "
        "606060606060        1.98MB              292 years ago",
        "demo-web-1          busybox                  latest              linux/amd64         "
        "c5c5c5c5c5c5        1.98MB              About a minute ago",
    ]
    assert json.loads(image_cmds.images_json(rows))[0] == {
        "ID": pulled.id,
        "ContainerName": "demo-app-1",
        "Repository": "reg.test:5000/demo/app",
        "Tag": "1",
        "Platform": "linux/amd64",
        "Size": 1984445,
        "LastTagTime": "2024-01-02T00:00:00Z",
    }
    assert image_cmds.images_json([]) == "null"
    assert image_cmds.images_quiet(rows).splitlines() == ["60" * 32, "c5" * 32]


@pytest.mark.parametrize(
    ("ref", "expected"),
    [
        ("busybox", ("busybox", "latest")),
        ("docker.io/library/busybox:1.36", ("busybox", "1.36")),
        ("docker.io/me/app:2", ("me/app", "2")),
        ("127.0.0.1:5000/p/app", ("127.0.0.1:5000/p/app", "latest")),
        ("127.0.0.1:5000/p/app@sha256:" + "ab" * 32, ("127.0.0.1:5000/p/app", "")),
        ("sha256:" + "ab" * 32, ("", "")),
    ],
)
def test_familiar_reference(ref: str, expected: tuple[str, str]) -> None:
    assert image_cmds.familiar_reference(ref) == expected


@pytest.mark.parametrize(
    ("size", "text"),
    [(0, "0B"), (512, "512B"), (1000, "1kB"), (2048, "2.05kB"), (1984442, "1.98MB"), (123456789, "123MB")],
)
def test_human_size(size: int, text: str) -> None:
    assert image_cmds.human_size(size) == text


@pytest.mark.parametrize(
    ("seconds", "text"),
    [
        (0.5, "Less than a second"),
        (1, "1 second"),
        (59, "59 seconds"),
        (60, "About a minute"),
        (119, "About a minute"),
        (600, "10 minutes"),
        (3600, "About an hour"),
        (47 * 3600, "47 hours"),
        (3 * 86400, "3 days"),
        (20 * 86400, "2 weeks"),
        (90 * 86400, "3 months"),
        (3 * 365 * 86400, "3 years"),
    ],
)
def test_human_duration(seconds: float, text: str) -> None:
    assert image_cmds.human_duration(seconds) == text


def test_images_command_on_a_running_project(project: Path, engine: MemoryEngine, capsys) -> None:
    engine.add_image(APP)
    code, _, err = run(capsys, "--progress", "quiet", "up", "-d")
    assert code == 0, err
    code, out, _ = run(capsys, "images")
    lines = out.splitlines()
    assert lines[0].split() == [
        "CONTAINER",
        "REPOSITORY",
        "TAG",
        "PLATFORM",
        "IMAGE",
        "ID",
        "SIZE",
        "CREATED",
    ]
    assert [line.split()[:3] for line in lines[1:]] == [
        ["demo-app-1", "reg.test:5000/demo/app", "1"],
        ["demo-db-1", "busybox", "1.36"],
    ]
    code, out, _ = run(capsys, "images", "--format", "json", "db")
    assert [r["ContainerName"] for r in json.loads(out)] == ["demo-db-1"]
    code, out, _ = run(capsys, "images", "-q")
    assert len(out.split()) == 2
    code, out, _ = run(capsys, "images", "nosuch")
    assert code == 0 and out.split() == [
        "CONTAINER",
        "REPOSITORY",
        "TAG",
        "PLATFORM",
        "IMAGE",
        "ID",
        "SIZE",
        "CREATED",
    ]
