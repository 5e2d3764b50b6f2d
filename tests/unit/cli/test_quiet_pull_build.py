"""``up --quiet-pull`` / ``--quiet-build`` (and ``create``, ``run``): only the detail under a pull or a
build goes, as in Docker Compose v2; the step lines and errors stay.

The reporter level (``MutedReporter``, ``make_reporter``), the CLI helper that folds the flags into the
options (``cli.common.quieted``), then ``up`` end to end on the in-memory engine.
"""

from __future__ import annotations

import io
import json
from collections.abc import Callable
from pathlib import Path

import pytest

from pycompose.cli.common import quieted
from pycompose.cli.main import GlobalOptions, main
from pycompose.engine.base import ImageProgress
from pycompose.engine.memory import MemoryEngine
from pycompose.errors import BuildError
from pycompose.executor import StepResult
from pycompose.planner.plan import Step
from pycompose.progress import JsonReporter, MutedReporter, PlainReporter, QuietReporter, make_reporter

PULL = Step("pull_image:image:x", "pull_image", "image:x:1", "missing", params={"ref": "x:1"})
PUSH = Step("push_image:image:x", "push_image", "image:x:1", "image of service x", params={"ref": "x:1"})
BUILD = Step(
    "build_image:image:demo-web", "build_image", "image:demo-web", "no image", params={"service": "web"}
)
LAYER = ImageProgress("abc123", "Pull complete")


def feed(reporter: object) -> None:
    """A pull, a push and a build, each with its detail (a layer event, a build line)."""
    for step, detail in (
        (PULL, LAYER),
        (PUSH, ImageProgress("def456", "Pushed")),
        (BUILD, "Step 1/1 : FROM x"),
    ):
        reporter.step_started(step)  # type: ignore[attr-defined]
        if isinstance(detail, ImageProgress):
            reporter.step_progress(step, detail)  # type: ignore[attr-defined]
        else:
            reporter.step_output(step, detail)  # type: ignore[attr-defined]
        reporter.step_finished(step, StepResult(step.id, "done", duration=0.1))  # type: ignore[attr-defined]


# ------------------------------------------------------------------------------------------ reporter


def test_nothing_muted_shows_every_detail() -> None:
    out = io.StringIO()
    feed(MutedReporter(PlainReporter(out)))
    assert out.getvalue().splitlines() == [
        " Image x:1  Pulling",
        " Image x:1  Pulling abc123: Pull complete",
        " Image x:1  Pulled",
        " Image x:1  Pushing",
        " Image x:1  Pushing def456: Pushed",
        " Image x:1  Pushed",
        " Image demo-web  Building",
        "[web] Step 1/1 : FROM x",
        " Image demo-web  Built",
    ]


def test_quiet_pull_drops_the_layer_lines_of_pulls_only() -> None:
    out = io.StringIO()
    feed(MutedReporter(PlainReporter(out), quiet_pull=True))
    lines = out.getvalue().splitlines()
    assert " Image x:1  Pulling abc123: Pull complete" not in lines
    assert lines[:2] == [" Image x:1  Pulling", " Image x:1  Pulled"]  # as v2: `app Pulling`, `app Pulled`
    assert " Image x:1  Pushing def456: Pushed" in lines  # a push is no pull
    assert "[web] Step 1/1 : FROM x" in lines


def test_quiet_build_drops_the_build_output_only() -> None:
    out = io.StringIO()
    feed(MutedReporter(PlainReporter(out), quiet_build=True))
    lines = out.getvalue().splitlines()
    assert not [line for line in lines if line.startswith("[web]")]
    assert lines[-2:] == [" Image demo-web  Building", " Image demo-web  Built"]
    assert " Image x:1  Pulling abc123: Pull complete" in lines


def test_a_failed_step_still_shows_its_error() -> None:
    out = io.StringIO()
    reporter = MutedReporter(PlainReporter(out), quiet_pull=True, quiet_build=True)
    reporter.step_started(BUILD)
    reporter.step_output(BUILD, "RUN exit 3")
    error = BuildError("failed to build service web at step 2/2 (RUN exit 3): returned a non-zero code: 3")
    reporter.step_finished(BUILD, StepResult(BUILD.id, "failed", error, 0.1))
    reporter.message("a message")
    assert out.getvalue().splitlines() == [
        " Image demo-web  Building",
        f" Image demo-web  Error: {error}",
        "a message",
    ]


def test_json_records_of_the_detail_go_too() -> None:
    out = io.StringIO()
    feed(make_reporter("json", out, quiet_pull=True, quiet_build=True))
    statuses = [(r["action"], r["status"]) for r in map(json.loads, out.getvalue().splitlines())]
    assert ("pull_image", "progress") not in statuses
    assert ("build_image", "output") not in statuses
    assert ("push_image", "progress") in statuses
    assert [s for a, s in statuses if a != "push_image"] == ["started", "done", "started", "done"]


def test_a_reporter_without_detail_methods_is_not_called_for_them() -> None:
    reporter = MutedReporter(QuietReporter(), quiet_pull=True)
    reporter.step_progress(PUSH, LAYER)  # QuietReporter has no step_progress: nothing to forward to
    reporter.step_output(BUILD, "line")


@pytest.mark.parametrize(
    ("progress", "kind"), [("plain", PlainReporter), ("json", JsonReporter), ("quiet", QuietReporter)]
)
def test_make_reporter_mutes_only_when_asked(progress: str, kind: type) -> None:
    assert type(make_reporter(progress, io.StringIO(), "never")) is kind
    muted = make_reporter(progress, io.StringIO(), "never", quiet_build=True)
    if kind is QuietReporter:
        assert type(muted) is QuietReporter  # nothing to mute in silence
    else:
        assert isinstance(muted, MutedReporter) and type(muted._inner) is kind


# ------------------------------------------------------------------------------------------ options


def options(progress: str = "auto") -> GlobalOptions:
    return GlobalOptions(
        files=(),
        project_name=None,
        project_directory=None,
        env_files=None,
        profiles=None,
        parallel=-1,
        progress=progress,
        dry_run=False,
        ansi="auto",
    )


def test_quieted_folds_a_command_flags_into_the_options() -> None:
    base = options()
    assert quieted(base) is base
    assert quieted(base, quiet=True).progress == "quiet"
    both = quieted(base, quiet_pull=True, quiet_build=True)
    assert (both.progress, both.quiet_pull, both.quiet_build) == ("auto", True, True)
    assert quieted(both).quiet_pull  # once set, a later call without the flag keeps it
    only_pull = quieted(base, quiet_pull=True)
    assert (only_pull.quiet_pull, only_pull.quiet_build) == (True, False)


# ------------------------------------------------------------------------------------------ up, end to end

REMOTE = "reg.test:5000/demo/db:1"
COMPOSE = f"""\
services:
  web:
    build: .
    command: sleep 300
  db:
    image: {REMOTE}
    command: sleep 300
"""


@pytest.fixture
def project(in_compose_dir: Callable[..., Path]) -> Path:
    return in_compose_dir(COMPOSE, "FROM busybox:1.36\nRUN echo quiet-marker\n")


@pytest.fixture
def engine(memory_engine: MemoryEngine) -> MemoryEngine:
    memory_engine.add_remote_image(REMOTE)
    return memory_engine


def up(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str]:
    with pytest.raises(SystemExit) as exit_:
        main(["-p", "demo", "--progress", "plain", *args])
    out, err = capsys.readouterr()
    assert out == ""
    return int(exit_.value.code or 0), err


def test_up_shows_pull_progress_and_build_output_by_default(
    project: Path, engine: MemoryEngine, capsys
) -> None:
    code, err = up(capsys, "up", "-d")
    assert code == 0, err
    assert "[web] Step 2/2 : RUN echo quiet-marker" in err
    assert ": Pull complete" in err


def test_up_quiet_build_hides_the_build_output(project: Path, engine: MemoryEngine, capsys) -> None:
    code, err = up(capsys, "up", "-d", "--quiet-build")
    assert code == 0, err
    assert "quiet-marker" not in err and "[web]" not in err
    assert " Image demo-web  Built" in err
    assert ": Pull complete" in err  # --quiet-build leaves the pulls alone


def test_up_quiet_pull_hides_the_layer_lines(project: Path, engine: MemoryEngine, capsys) -> None:
    code, err = up(capsys, "up", "-d", "--quiet-pull")
    assert code == 0, err
    assert ": Pull complete" not in err
    assert f" Image {REMOTE}  Pulling\n" in err and f" Image {REMOTE}  Pulled\n" in err
    assert "[web] Step 2/2 : RUN echo quiet-marker" in err  # --quiet-pull leaves the build alone
    assert ("pull_image", REMOTE) in engine.calls


def test_up_build_quiet_build_hides_the_output_of_a_rebuild(
    project: Path, engine: MemoryEngine, capsys
) -> None:
    assert up(capsys, "up", "-d")[0] == 0
    code, err = up(capsys, "up", "-d", "--build", "--quiet-build", "--quiet-pull")
    assert code == 0, err
    assert "[web]" not in err and " Image demo-web  Built" in err


def test_create_quiet_pull(project: Path, engine: MemoryEngine, capsys) -> None:
    code, err = up(capsys, "create", "--quiet-pull")
    assert code == 0, err
    assert ": Pull complete" not in err and f" Image {REMOTE}  Pulled\n" in err


def test_up_quiet_build_still_prints_a_failed_build(project: Path, engine: MemoryEngine, capsys) -> None:
    failure = BuildError("failed to build service web at step 2/2 (RUN echo quiet-marker): exit 3")
    engine.fail_on[("build_image", "demo-web")] = failure
    code, err = up(capsys, "up", "-d", "--quiet-build")
    assert code == 1
    assert "[web]" not in err
    assert f" Image demo-web  Error: {failure}" in err
    assert err.splitlines()[-1] == failure.one_line()
