"""Run a stack ``Plan`` on a ``SwarmEngine``, step by step in plan order, reporting every transition.

Swarm API calls are quick (the manager records the spec and returns; the nodes do the slow part), so
steps run one after another in the plan's topological order; a failed step skips the steps that need
it, and the others still run. Progress goes through the same ``Reporter`` as the single-host executor.
"""

from __future__ import annotations

import base64
import threading
import time
from collections.abc import Callable, Mapping
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

from pycompose.errors import EngineError, PycomposeError
from pycompose.executor import CANCELLED, DONE, FAILED, SKIPPED, ExecutionResult, StepResult
from pycompose.planner.plan import Plan, Sealed, Step, topological

if TYPE_CHECKING:
    from pycompose.progress import Reporter
    from pycompose.swarm.engine import SwarmEngine


def _data(value: Any) -> bytes:
    text = value.reveal() if isinstance(value, Sealed) else str(value)
    return base64.b64decode(text)


HANDLERS: Mapping[str, Callable[[SwarmEngine, Step], None]] = MappingProxyType(
    {
        "create_network": lambda e, s: e.create_network(s.params["spec"]),
        "remove_network": lambda e, s: e.remove_network(s.params["name"], retry=bool(s.params.get("retry"))),
        "create_secret": lambda e, s: e.create_secret(
            s.params["name"], _data(s.params["data"]), s.params["labels"]
        ),
        "create_config": lambda e, s: e.create_config(
            s.params["name"], _data(s.params["data"]), s.params["labels"]
        ),
        "remove_secret": lambda e, s: e.remove_secret(s.params["name"]),
        "remove_config": lambda e, s: e.remove_config(s.params["name"]),
        "create_service": lambda e, s: e.create_service(s.params["spec"]) and None,
        "update_service": lambda e, s: e.update_service(
            s.params["name"], s.params["spec"], force=bool(s.params.get("force"))
        ),
        "remove_service": lambda e, s: e.remove_service(s.params["name"]),
    }
)


def run_step(engine: SwarmEngine, step: Step) -> StepResult:
    started = time.monotonic()
    handler = HANDLERS.get(step.action)
    try:
        if handler is None:
            raise EngineError(f"the Swarm backend cannot run {step.action} steps ({step.target})")
        handler(engine, step)
    except PycomposeError as error:
        return StepResult(step.id, FAILED, error, time.monotonic() - started)
    except Exception as error:
        wrapped = EngineError(f"{step.id}: unexpected {type(error).__name__}: {error}")
        wrapped.__cause__ = error
        return StepResult(step.id, FAILED, wrapped, time.monotonic() - started)
    return StepResult(step.id, DONE, None, time.monotonic() - started)


def execute(
    plan: Plan, engine: SwarmEngine, reporter: Reporter, cancel: threading.Event | None = None
) -> ExecutionResult:
    """Run every runnable step of ``plan``; skipped-by-plan steps are reported, never run."""
    reporter.plan_started(plan)
    results: dict[str, StepResult] = {}
    failed: set[str] = set()
    interrupted = False
    for step in topological(plan.steps):
        if step.skipped:
            result = StepResult(step.id, SKIPPED, reason=step.reason)
        elif cancel is not None and cancel.is_set():
            interrupted = True
            result = StepResult(step.id, CANCELLED, reason="interrupted")
        elif any(n in failed for n in step.needs):
            result = StepResult(step.id, SKIPPED, reason="a step it needs failed")
            failed.add(step.id)
        else:
            reporter.step_started(step)
            result = run_step(engine, step)
            if result.status == FAILED:
                failed.add(step.id)
        results[step.id] = result
        reporter.step_finished(step, result)
    ok = not failed and not interrupted
    outcome = ExecutionResult(MappingProxyType(results), ok, interrupted)
    reporter.plan_finished(outcome)
    return outcome
