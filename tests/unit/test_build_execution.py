"""Build steps in the executor: concurrent builds, their output per service in each progress form, the
``--parallel`` bound, and a failing build (one line naming the service, independent builds finish)."""

from __future__ import annotations

import io
import json
import threading
from pathlib import Path
from types import MappingProxyType
from typing import Any

from pycompose import api
from pycompose.engine.base import BuildSpec
from pycompose.engine.memory import MemoryEngine
from pycompose.errors import BuildError
from pycompose.executor import execute
from pycompose.planner.build import plan_build
from pycompose.planner.options import BuildOptions
from pycompose.planner.plan import Plan, Step
from pycompose.progress import JsonReporter, PlainReporter, QuietReporter


def build_step(service: str, **params: Any) -> Step:
    spec = BuildSpec(service, (f"demo-{service}",), "/ctx")
    return Step(
        f"build_image:image:demo-{service}",
        "build_image",
        f"image:demo-{service}",
        "build requested",
        params=MappingProxyType({"service": service, "ref": spec.image, "spec": spec, **params}),
    )


class BuildEngine:
    """``build_image`` runs ``hook(spec, output)``; everything else is not expected."""

    address = "stub://"

    def __init__(self, hook) -> None:
        self.hook = hook
        self.inspected: list[str] = []

    def build_image(self, spec: BuildSpec, output=None) -> str:
        return self.hook(spec, output)

    def inspect_image(self, ref: str):
        self.inspected.append(ref)
        return object() if ref == "demo-present" else None

    def events(self, filters, since=None):  # the executor's watcher asks; builds need no events
        raise NotImplementedError


def test_independent_builds_run_concurrently_with_output_per_service() -> None:
    """Each build waits for the other to have started: serial execution would time out."""
    started = {"a": threading.Event(), "b": threading.Event()}

    def hook(spec: BuildSpec, output) -> str:
        output(f"Step 1/2 : FROM busybox:1.36 ({spec.service})")
        started[spec.service].set()
        other = "b" if spec.service == "a" else "a"
        if not started[other].wait(5):
            raise BuildError(f"{spec.service} never overlapped with {other}")
        output("Step 2/2 : RUN make")
        return "sha256:" + spec.service * 64

    stream = io.StringIO()
    plan = Plan("demo", (build_step("a"), build_step("b")))
    result = execute(plan, BuildEngine(hook), PlainReporter(stream))
    assert result.ok, result.failures()
    lines = stream.getvalue().splitlines()
    assert "[a] Step 1/2 : FROM busybox:1.36 (a)" in lines
    assert "[b] Step 2/2 : RUN make" in lines
    assert " Image demo-a  Built" in lines and " Image demo-b  Built" in lines
    # a build's output comes before its "Built"
    assert lines.index("[a] Step 1/2 : FROM busybox:1.36 (a)") < lines.index(" Image demo-a  Built")


def test_parallel_one_builds_one_at_a_time() -> None:
    active, peak = [0], [0]
    lock = threading.Lock()

    def hook(spec: BuildSpec, output) -> str:
        with lock:
            active[0] += 1
            peak[0] = max(peak[0], active[0])
        threading.Event().wait(0.02)
        with lock:
            active[0] -= 1
        return "sha256:0"

    plan = Plan("demo", tuple(build_step(s) for s in "abc"))
    assert execute(plan, BuildEngine(hook), QuietReporter(), parallel=1).ok
    assert peak[0] == 1


def test_a_failing_build_fails_alone_with_one_clear_line() -> None:
    def hook(spec: BuildSpec, output) -> str:
        if spec.service == "bad":
            raise BuildError(
                "failed to build service bad at step 2/2 (RUN exit 3): returned a non-zero code: 3"
            )
        return "sha256:0"

    stream = io.StringIO()
    plan = Plan("demo", (build_step("bad"), build_step("good")))
    result = execute(plan, BuildEngine(hook), PlainReporter(stream))
    assert not result.ok
    statuses = {sid: r.status for sid, r in result.results.items()}
    assert statuses == {"build_image:image:demo-bad": "failed", "build_image:image:demo-good": "done"}
    error = result.failures()[0].error
    assert error is not None and "\n" not in error.one_line()
    assert "service bad at step 2/2 (RUN exit 3)" in error.one_line()


def test_json_and_quiet_progress() -> None:
    def hook(spec: BuildSpec, output) -> str:
        if output is not None:
            output("Step 1/1 : FROM busybox:1.36")
        return "sha256:0"

    stream = io.StringIO()
    assert execute(Plan("demo", (build_step("web"),)), BuildEngine(hook), JsonReporter(stream)).ok
    records = [json.loads(line) for line in stream.getvalue().splitlines()]
    outputs = [r for r in records if r["status"] == "output"]
    assert outputs == [
        {**outputs[0], "step": "build_image:image:demo-web", "output": "Step 1/1 : FROM busybox:1.36"}
    ]
    calls: list[Any] = []
    assert execute(
        Plan("demo", (build_step("web"),)), BuildEngine(lambda s, o: calls.append(o) or "x"), QuietReporter()
    ).ok
    assert calls == [None]  # no reporter for the lines: the engine is not even asked to stream them


def test_build_if_missing_is_skipped_when_the_pull_brought_the_image() -> None:
    built: list[str] = []
    engine = BuildEngine(lambda spec, output: built.append(spec.service) or "x")
    step = build_step("present", if_missing=True)
    assert execute(Plan("demo", (step,)), engine, QuietReporter()).ok
    assert built == [] and engine.inspected == ["demo-present"]


def test_memory_engine_builds_from_the_dockerfile_text(tmp_path: Path) -> None:
    (tmp_path / "compose.yaml").write_text(
        "services:\n  web:\n    build: .\n    image: demo/web\n  job:\n    build:\n      dockerfile_inline: FROM x\n"
    )
    (tmp_path / "Dockerfile").write_text("FROM busybox:1.36\nRUN one\n")
    project = api.load(files=[str(tmp_path / "compose.yaml")], project_name="demo", environ={})
    engine = MemoryEngine()
    plan = plan_build(project, None, BuildOptions())
    stream = io.StringIO()
    assert execute(plan, engine, PlainReporter(stream)).ok
    first = engine.inspect_image("demo/web")
    assert first is not None and "[web] Step 2/2 : RUN one" in stream.getvalue()
    assert execute(plan, engine, QuietReporter()).ok
    again = engine.inspect_image("demo/web")
    assert again is not None and again.id == first.id  # unchanged: the same image ("layer cache")
    (tmp_path / "Dockerfile").write_text("FROM busybox:1.36\nRUN two\n")
    assert execute(plan, engine, QuietReporter()).ok
    changed = engine.inspect_image("demo/web")
    assert changed is not None and changed.id != first.id
