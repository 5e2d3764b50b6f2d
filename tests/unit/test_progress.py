"""Reporters: Docker Compose v2's plain lines, JSON lines, the rich live view, and the mode choice.

A small plan (network, db with a healthcheck, a one-shot init that exits 3, web depending on both) runs
through the real executor with ``parallel=1`` so the order of the lines is fixed.
"""

from __future__ import annotations

import io
import json
from types import MappingProxyType
from typing import Any

import pytest
from rich.console import Console

from pycompose.engine.base import ContainerInfo, ContainerSpec, NetworkSpec
from pycompose.executor import ExecutionResult, StepResult, execute
from pycompose.planner.plan import Plan, Step
from pycompose.progress import (
    JsonReporter,
    PlainReporter,
    QuietReporter,
    TtyReporter,
    make_reporter,
    resource_label,
)


class TinyEngine:
    """Accepts every call; ``inspect_container`` answers from ``states``."""

    address = "tiny://"

    def __init__(self, states: dict[str, ContainerInfo]) -> None:
        self.states = states

    def __getattr__(self, method: str) -> Any:
        if method.startswith("_"):
            raise AttributeError(method)
        return lambda *args, **kwargs: None

    def inspect_container(self, ref: str) -> ContainerInfo | None:
        return self.states.get(ref)


def info(name: str, state: str, health: str | None = None, code: int | None = None) -> ContainerInfo:
    return ContainerInfo(
        id=name, name=name, project="demo", service=name.split("-")[1], number=1, oneoff=False,
        state=state, image="busybox", image_id="sha256:0", health=health, exit_code=code,
    )  # fmt: skip


def mk(action: str, target: str, reason: str, needs: tuple[str, ...] = (), **params: Any) -> Step:
    return Step(
        id=f"{action}:{target.split(':', 1)[1]}",
        action=action,
        target=target,
        reason=reason,
        needs=needs,
        skipped=params.pop("skipped", False),
        params=MappingProxyType(params),
    )


def small_plan() -> Plan:
    net = mk(
        "create_network",
        "network:demo_default",
        "missing",
        spec=NetworkSpec("demo_default", {"Name": "demo_default"}),
    )
    steps = [net]
    for svc in ("db", "init", "web"):
        name = f"demo-{svc}-1"
        create = mk(
            "create_container",
            f"container:{name}",
            "new service",
            (net.id,),
            spec=ContainerSpec(name, {"Image": "busybox"}),
        )
        steps.append(create)
        gates = ("wait_healthy:demo-db-1", "wait_completed:demo-init-1") if svc == "web" else ()
        steps.append(
            mk("start_container", f"container:{name}", "new service", (create.id, *gates), name=name)
        )
    steps.insert(
        -1,
        mk(
            "wait_healthy",
            "container:demo-db-1",
            "web depends on db being healthy",
            ("start_container:demo-db-1",),
            name="demo-db-1",
            timeout=None,
        ),
    )
    steps.insert(
        -1,
        mk(
            "wait_completed",
            "container:demo-init-1",
            "web depends on init completing successfully",
            ("start_container:demo-init-1",),
            name="demo-init-1",
            timeout=None,
            exit_code=0,
        ),
    )
    steps.append(mk("remove_container", "container:demo-old-1", "orphan", skipped=True, name="demo-old-1"))
    return Plan("demo", tuple(steps))


def run(reporter: Any) -> ExecutionResult:
    engine = TinyEngine(
        {
            "demo-db-1": info("demo-db-1", "running", health="healthy"),
            "demo-init-1": info("demo-init-1", "exited", code=3),
        }
    )
    return execute(small_plan(), engine, reporter, parallel=1)


def test_plain_output_reads_like_docker_compose():
    out = io.StringIO()
    result = run(PlainReporter(out))
    assert not result.ok
    assert out.getvalue().splitlines() == [
        " Network demo_default  Creating",
        " Network demo_default  Created",
        " Container demo-db-1  Creating",
        " Container demo-db-1  Created",
        " Container demo-db-1  Starting",
        " Container demo-db-1  Started",
        " Container demo-init-1  Creating",
        " Container demo-init-1  Created",
        " Container demo-init-1  Starting",
        " Container demo-init-1  Started",
        " Container demo-web-1  Creating",
        " Container demo-web-1  Created",
        " Container demo-db-1  Waiting",
        " Container demo-db-1  Healthy",
        " Container demo-init-1  Waiting",
        " Container demo-init-1  Error: container demo-init-1 exited with code 3",
        " Container demo-web-1  Skipped: dependency wait_completed:demo-init-1 failed",
    ]


def test_json_output_has_one_object_per_transition():
    out = io.StringIO()
    run(JsonReporter(out))
    records = [json.loads(line) for line in out.getvalue().splitlines()]
    assert all(set(r) >= {"time", "step", "action", "target", "status", "reason"} for r in records)
    by_status = {(r["step"], r["status"]): r for r in records}
    assert by_status[("create_network:demo_default", "started")]["reason"] == "missing"
    done = by_status[("create_network:demo_default", "done")]
    assert done["text"] == "Created" and done["resource"] == "Network demo_default"
    assert isinstance(done["duration"], float)
    failed = by_status[("wait_completed:demo-init-1", "failed")]
    assert failed["error"] == "container demo-init-1 exited with code 3"
    skipped = by_status[("start_container:demo-web-1", "skipped")]
    assert skipped["detail"] == "dependency wait_completed:demo-init-1 failed"
    assert "error" not in skipped
    orphan = by_status[("remove_container:demo-old-1", "skipped")]  # JSON shows plan-skipped steps too
    assert orphan["reason"] == "orphan"
    assert records[0]["time"].endswith("Z")


def test_json_message():
    out = io.StringIO()
    JsonReporter(out).message("hello")
    assert json.loads(out.getvalue())["message"] == "hello"


def test_tty_reporter_renders_a_live_view():
    console = Console(record=True, force_terminal=True, width=100, color_system="truecolor")
    reporter = TtyReporter(console, refresh_per_second=20)
    result = run(reporter)
    reporter.message("a message above the view")
    assert not result.ok
    text = console.export_text()
    assert "[+] Running 4/4" in text  # a network and 3 containers; the plan-skipped orphan is not shown
    assert "Network demo_default" in text
    assert "Healthy" in text
    assert "exited with code 3" in text
    assert "✔" in text and "✘" in text
    assert "demo-old-1" not in text
    assert "a message above the view" in text


def test_tty_reporter_with_nothing_to_do():
    console = Console(record=True, force_terminal=True, width=80)
    reporter = TtyReporter(console)
    execute(Plan("demo"), TinyEngine({}), reporter)
    assert "[+] Running 0/0" in console.export_text()


def test_quiet_reporter_prints_nothing(capsys: pytest.CaptureFixture[str]):
    run(QuietReporter())
    assert capsys.readouterr() == ("", "")


def test_resource_label_falls_back_to_the_target():
    step = Step("x", "start_container", "service:web:2", "r")
    assert resource_label(step) == "service:web:2"
    assert resource_label(Step("y", "pull_image", "image:busybox:1.36", "r")) == "Image busybox:1.36"


class _Tty(io.StringIO):
    def isatty(self) -> bool:
        return True


@pytest.mark.parametrize(
    ("progress", "stream", "ansi", "kind"),
    [
        ("auto", io.StringIO(), "auto", PlainReporter),
        ("auto", _Tty(), "auto", TtyReporter),
        ("auto", _Tty(), "never", PlainReporter),
        ("auto", io.StringIO(), "always", TtyReporter),
        (None, io.StringIO(), None, PlainReporter),
        ("tty", io.StringIO(), "auto", TtyReporter),
        ("tty", _Tty(), "never", PlainReporter),
        ("plain", _Tty(), "auto", PlainReporter),
        ("json", _Tty(), "auto", JsonReporter),
        ("quiet", _Tty(), "auto", QuietReporter),
    ],
)
def test_make_reporter_chooses_like_docker_compose(progress, stream, ansi, kind):
    assert type(make_reporter(progress, stream, ansi)) is kind


def test_make_reporter_rejects_unknown_modes():
    from pycompose.errors import UsageError

    with pytest.raises(UsageError):
        make_reporter("fancy", io.StringIO(), "auto")


def test_step_results_from_a_reporter_point_of_view():
    """A cancelled step that never started prints nothing in plain mode."""
    out = io.StringIO()
    reporter = PlainReporter(out)
    step = Step("start_container:demo-a-1", "start_container", "container:demo-a-1", "r")
    reporter.step_finished(step, StepResult(step.id, "cancelled", None, 0.0, "interrupted"))
    assert out.getvalue() == ""
    reporter.step_started(step)
    reporter.step_finished(step, StepResult(step.id, "cancelled", None, 0.1, "interrupted"))
    assert out.getvalue().splitlines() == [" Container demo-a-1  Starting", " Container demo-a-1  Cancelled"]
