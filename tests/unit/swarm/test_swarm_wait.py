"""``stack deploy --wait``: when a service counts as converged, from raw service and task objects."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from click.testing import CliRunner

from pycompose.cli.main import cli
from pycompose.swarm.wait import Progress, WaitResult, progress, raise_for


def service(mode: dict[str, Any], update: str | None = None, message: str = "") -> dict[str, Any]:
    out: dict[str, Any] = {"ID": "s1", "Spec": {"Name": "demo_web", "Mode": mode}}
    if update:
        out["UpdateStatus"] = {"State": update, "Message": message}
    return out


def task(slot: int, state: str, desired: str = "running", node: str = "n1", err: str = "") -> dict[str, Any]:
    return {"Slot": slot, "NodeID": node, "DesiredState": desired, "Status": {"State": state, "Err": err}}


REPLICATED = {"Replicated": {"Replicas": 3}}


def test_replicated_counts_one_running_task_per_slot() -> None:
    tasks = [task(1, "running"), task(2, "running"), task(3, "starting")]
    p = progress(service(REPLICATED), tasks, {"n1"})
    assert (p.running, p.desired, p.converged) == (2, 3, False)
    assert p.line() == "2/3 tasks running, 1 starting"
    tasks[2] = task(3, "running")
    assert progress(service(REPLICATED), tasks, {"n1"}).converged


def test_start_first_update_prefers_the_task_that_stays() -> None:
    # slot 1: old task shutting down (desired shutdown), new one running: the new one counts
    tasks = [
        task(1, "running", desired="shutdown"),
        task(1, "running"),
        task(2, "running"),
        task(3, "running"),
    ]
    assert progress(service(REPLICATED), tasks, {"n1"}).converged


def test_tasks_on_down_nodes_do_not_count() -> None:
    tasks = [task(1, "running", node="n1"), task(2, "running", node="n2"), task(3, "running", node="n3")]
    p = progress(service(REPLICATED), tasks, {"n1", "n2"})
    assert (p.running, p.converged) == (2, False)


def test_global_wants_one_task_per_node_that_got_one() -> None:
    tasks = [task(0, "running", node="n1"), task(0, "preparing", node="n2")]
    p = progress(service({"Global": {}}), tasks, {"n1", "n2", "n3"})
    assert (p.running, p.desired, p.converged) == (1, 2, False)
    assert progress(service({"Global": {}}), [], {"n1"}).desired is None  # tasks not created yet


def test_scheduling_errors_show_in_the_line() -> None:
    tasks = [task(1, "running"), task(2, "running"), task(3, "pending", err="no suitable node")]
    assert "error: no suitable node" in progress(service(REPLICATED), tasks, {"n1"}).line()


def test_paused_update_fails_rolled_back_is_reported() -> None:
    tasks = [task(i, "running") for i in (1, 2, 3)]
    paused = progress(service(REPLICATED, "paused", "task failed"), tasks, {"n1"})
    assert paused.failure == "update paused: task failed" and not paused.converged
    rolled = progress(service(REPLICATED, "rollback_completed", "rollback done"), tasks, {"n1"})
    assert rolled.converged and rolled.rolled_back == "rollback done"


def test_exit_codes() -> None:
    raise_for(WaitResult(("a",), (), (), ()))
    for result, code in ((WaitResult((), ("a",), (), ()), 1), (WaitResult((), (), (), ("a",)), 124)):
        try:
            raise_for(result)
        except Exception as exc:
            assert getattr(exc, "exit_code", None) == code
        else:  # pragma: no cover
            raise AssertionError("no error")
    assert Progress("x", 1, 1).converged


def test_stack_check_lists_honoured_and_ignored_keys(tmp_path: Path) -> None:
    (tmp_path / "compose.yaml").write_text(
        "services:\n  web:\n    image: busybox\n    build: .\n    deploy: {replicas: 2}\n"
    )
    result = CliRunner().invoke(cli, ["-f", str(tmp_path / "compose.yaml"), "stack", "check", "demo"])
    assert result.exit_code == 0, result.output
    rows = {line.split()[0]: line.split()[1] for line in result.stdout.splitlines()[1:] if line.strip()}
    assert (
        rows["build"] == "ignored" and rows["image"] == "honoured" and rows["deploy.replicas"] == "honoured"
    )
    assert "WARNING: build: ignored by Swarm" in result.output


def test_jobs_converge_when_their_tasks_completed() -> None:
    job = service({"ReplicatedJob": {"MaxConcurrent": 2, "TotalCompletions": 2}})
    tasks = [task(1, "complete", desired="complete"), task(2, "running", desired="complete")]
    assert not progress(job, tasks, {"n1"}).converged
    tasks[1] = task(2, "complete", desired="complete")
    assert progress(job, tasks, {"n1"}).converged
    failed = [task(1, "failed", desired="complete", err="exit 1")]
    assert progress(job, failed, {"n1"}).failure == "job failed: exit 1"
