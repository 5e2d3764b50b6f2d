"""``up --wait``'s verdict when a container reached "running" and then crashed while other containers were
still awaited: it failed (exit 1), it is not "ok" beside a timeout (which alone would give 124)."""

from __future__ import annotations

import pytest

from pycompose.cli.common import WAIT_TIMEOUT_EXIT, report_wait_failures
from pycompose.engine.base import ContainerInfo
from pycompose.errors import PycomposeError, WaitTimeoutError
from pycompose.executor import ExecutionResult, StepResult
from pycompose.planner.plan import Plan, Step


class _Engine:
    def __init__(self, *containers: ContainerInfo) -> None:
        self.by_name = {c.name: c for c in containers}

    def inspect_container(self, name: str) -> ContainerInfo | None:
        return self.by_name.get(name)


def _container(name: str, state: str, exit_code: int | None = None, health: str | None = None):
    service = name.split("-")[1]
    return ContainerInfo(name, name, "p", service, 1, False, state, "i", "sha256:i", health=health,
                         exit_code=exit_code)  # fmt: skip


def _wait(action: str, name: str, reason: str) -> Step:
    return Step(f"{action}:{name}", action, f"container:{name}", reason, params={"name": name})


def _plan() -> Plan:
    return Plan(
        "p",
        (
            _wait("wait_running", "p-crash-1", "--wait: must be running"),
            _wait("wait_healthy", "p-sick-1", "--wait: healthcheck must pass"),
        ),
    )


def _result(crash_status: str) -> ExecutionResult:
    timeout = WaitTimeoutError("container p-sick-1 did not become healthy within 30s")
    return ExecutionResult(
        {
            "wait_running:p-crash-1": StepResult("wait_running:p-crash-1", crash_status),
            "wait_healthy:p-sick-1": StepResult("wait_healthy:p-sick-1", "failed", timeout),
        },
        ok=False,
        interrupted=False,
    )


def test_a_container_that_crashed_after_running_is_a_failure_not_ok(
    capsys: pytest.CaptureFixture[str],
) -> None:
    engine = _Engine(
        _container("p-crash-1", "exited", 3), _container("p-sick-1", "running", health="unhealthy")
    )
    with pytest.raises(PycomposeError) as info:
        report_wait_failures(_plan(), _result("done"), engine)
    assert info.value.exit_code == 1
    assert "container p-crash-1 exited with code 3" in capsys.readouterr().err


def test_only_a_timeout_gives_124() -> None:
    engine = _Engine(
        _container("p-crash-1", "running"), _container("p-sick-1", "running", health="unhealthy")
    )
    with pytest.raises(PycomposeError) as info:
        report_wait_failures(_plan(), _result("done"), engine)
    assert info.value.exit_code == WAIT_TIMEOUT_EXIT
