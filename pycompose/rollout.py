"""Run a plan that holds rolling updates: batch after batch, with the update's failure policy.

The executor skips the dependents of a failed step; a rolling update needs more: when a replica fails
its health gate (or its ``monitor``), the old replica must come back and the new one go, and then,
depending on ``update_config.failure_action`` and ``max_failure_ratio``, the update pauses, continues
with the next batch, or rolls back every batch done so far (``rollback_config``). This driver does
that around ``execute``:

1. every step that is not part of a rolling update runs first, as one plan (networks, images, the other
   services, scale changes, the up-to-date replicas of the rolling service);
2. each rollout (one per service, in plan order) runs batch by batch; after a batch, the swaps with a
   failed step are reverted (:func:`pycompose.planner.rolling.plan_revert` on a fresh inspection) and the
   failure ratio decides what comes next;
3. the old replicas of the swaps that succeeded are removed (they were kept stopped until then, so a
   rollback is a plain start).

A plan without rolling updates goes straight to ``execute``. The reporter sees one plan: the steps of
the batches and of any revert arrive between one ``plan_started`` and one ``plan_finished``.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

from pycompose.errors import PycomposeError
from pycompose.executor import (
    CANCELLED,
    DONE,
    FAILED,
    SKIPPED,
    ExecutionResult,
    StepResult,
    execute,
    health_output,
)
from pycompose.planner.plan import Plan, Step

if TYPE_CHECKING:
    from pycompose.engine.base import Engine
    from pycompose.planner.rolling import Rollout
    from pycompose.progress import Reporter


class RolloutError(PycomposeError):
    """A rolling update did not complete: the message says where it failed and what was done about it
    (rolled back, paused, continued)."""


@dataclass(frozen=True)
class RolloutOutcome:
    """What became of one service's rolling update."""

    service: str
    status: str  # done | rolled back | paused | continued with failures | rollback failed | interrupted
    updated: tuple[str, ...] = ()  # new replicas that serve
    failed: tuple[str, ...] = ()  # new replicas that failed (removed again)
    message: str = ""


def has_rollouts(plan: Plan) -> bool:
    """Whether a step belongs to a rolling update (they carry their ``Rollout`` in ``params``), told
    without importing the rolling planner: a plain plan (``down``, a first ``up``) never needs it."""
    return any(s.params.get("rollout") is not None for s in plan.steps)


class _OnePlan:
    """Shows the sub-plans of a run as one plan: ``plan_started``/``plan_finished`` of the sub-plans are
    swallowed, everything else goes through (``step_progress``/``step_output`` included)."""

    def __init__(self, inner: Reporter) -> None:
        self._inner = inner

    def plan_started(self, plan: Plan) -> None:
        pass

    def plan_finished(self, result: ExecutionResult) -> None:
        pass

    def step_started(self, step: Step) -> None:
        self._inner.step_started(step)

    def step_finished(self, step: Step, result: StepResult) -> None:
        self._inner.step_finished(step, result)

    def message(self, text: str) -> None:
        self._inner.message(text)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._inner, name)


def run_plan(
    plan: Plan,
    engine: Engine,
    reporter: Reporter,
    parallel: int = -1,
    cancel: threading.Event | None = None,
) -> ExecutionResult:
    """``execute``, plus the failure policy of the plan's rolling updates. ``ok`` is false when an update
    did not complete; the first failed step then carries a ``RolloutError`` saying what happened."""
    if not has_rollouts(plan):
        result = execute(plan, engine, reporter, parallel=parallel, cancel=cancel)
    else:
        stop = cancel if cancel is not None else threading.Event()
        result = _Driver(plan, engine, reporter, parallel, stop).run()
    if result.ok or result.interrupted:
        return result  # nothing a failed release step could have left half done
    from pycompose.strategies import after_run  # blue-green / canary: undo a failed release

    return after_run(plan, result, engine, reporter, parallel, cancel)


class _Driver:
    def __init__(
        self, plan: Plan, engine: Engine, reporter: Reporter, parallel: int, cancel: threading.Event
    ) -> None:
        self.plan = plan
        self.engine = engine
        self.reporter = reporter
        self.session = _OnePlan(reporter)
        self.parallel = parallel
        self.cancel = cancel
        self.results: dict[str, StepResult] = {}
        self.extra: list[Step] = []  # revert steps, which the plan did not have
        self.outcomes: list[RolloutOutcome] = []
        self.interrupted = False

    # -------------------------------------------------------------------------------- helpers

    def _execute(self, steps: Iterable[Step]) -> ExecutionResult:
        sub = Plan(self.plan.project, tuple(steps))
        result = execute(sub, self.engine, self.session, parallel=self.parallel, cancel=self.cancel)
        self.results.update(result.results)
        self.interrupted = self.interrupted or result.interrupted
        return result

    def _skip(self, steps: Iterable[Step], why: str, report: bool = True) -> None:
        for step in steps:
            if step.id not in self.results:
                result = StepResult(step.id, SKIPPED, None, 0.0, why)
                self.results[step.id] = result
                if report:
                    self.session.step_finished(step, result)

    def _revert(self, rollout: Rollout, indexes: list[int], policy: Any, why: str) -> ExecutionResult | None:
        from pycompose.planner.rolling import plan_revert, replica_state

        if not indexes:
            return None
        olds, news = {}, {}
        for i in indexes:
            swap = rollout.swaps[i]
            olds[i] = replica_state(self.engine.inspect_container(swap.old_id), rollout.service)
            info = self.engine.inspect_container(swap.temp) or self.engine.inspect_container(swap.new)
            if info is not None and info.id == swap.old_id:
                info = None
            news[i] = replica_state(info, rollout.service)
        revert = plan_revert(rollout, indexes, olds, news, policy, why)
        self.extra.extend(s for s in revert.steps if s.id not in self.results)
        return self._execute(revert.steps)

    # -------------------------------------------------------------------------------- the run

    def run(self) -> ExecutionResult:
        from pycompose.planner.rolling import rollout_of

        rollouts: dict[str, Rollout] = {}
        members: dict[str, dict[int, list[Step]]] = {}
        base: list[Step] = []
        for step in self.plan.steps:
            rollout = rollout_of(step)
            if rollout is None:
                base.append(step)
                continue
            rollouts.setdefault(rollout.service, rollout)
            members.setdefault(rollout.service, {}).setdefault(int(step.params.get("batch") or 0), []).append(
                step
            )
        self.reporter.plan_started(self.plan)
        try:
            first = self._execute(base) if base else None
            if first is not None and not first.ok:
                for batches in members.values():
                    self._skip(
                        (s for steps in batches.values() for s in steps), "a step it depends on failed"
                    )
            else:
                for service, rollout in rollouts.items():
                    if self.interrupted or self.cancel.is_set():
                        self.interrupted = True
                        break
                    self.outcomes.append(self._rollout(rollout, members[service]))
        finally:
            leftover = [s for s in (*self.plan.steps, *self.extra) if s.id not in self.results]
            for step in leftover:
                result = StepResult(step.id, CANCELLED, None, 0.0, "interrupted")
                self.results[step.id] = result
                self.session.step_finished(step, result)
            outcome = self._result()
            self.reporter.plan_finished(outcome)
        return outcome

    def _result(self) -> ExecutionResult:
        order = [s.id for s in (*self.plan.steps, *self.extra)]
        results = {sid: self.results[sid] for sid in dict.fromkeys(order) if sid in self.results}
        failed_rollouts = [o for o in self.outcomes if o.status != "done"]
        skipped_by_plan = {s.id for s in self.plan.steps if s.skipped}
        if failed_rollouts:
            # the CLI reports the first failure's error: make it the whole story of the first rollout
            error = RolloutError(failed_rollouts[0].message, hint=None)
            first = next(
                (sid for sid, r in results.items() if r.status == FAILED and _service_of(self.plan, sid)),
                None,
            )
            if first is None:
                first = next(iter(results), None)
            if first is not None:
                results[first] = replace(results[first], status=FAILED, error=error)
        ok = not failed_rollouts and all(
            r.status == DONE or sid in skipped_by_plan or r.reason.startswith("kept:")
            for sid, r in results.items()
        )
        return ExecutionResult(
            results=MappingProxyType(results),
            ok=ok and not self.interrupted,
            interrupted=self.interrupted or any(r.status == CANCELLED for r in results.values()),
        )

    def _rollout(self, rollout: Rollout, batches: Mapping[int, list[Step]]) -> RolloutOutcome:
        from pycompose.planner.rolling import failure_ratio_exceeded

        settings = rollout.settings
        update = settings.update
        service = rollout.service
        total = len(rollout.swaps)
        done: list[int] = []
        failed: list[int] = []
        errors: list[str] = []
        status = "done"
        count = len(rollout.batches)
        for number, indexes in enumerate(rollout.batches, 1):
            if self.cancel.is_set():
                self.interrupted = True
                status = "interrupted"
                break
            steps = batches.get(number, [])
            result = self._execute(steps)
            if result.interrupted:
                status = "interrupted"
                break
            bad = []
            for i in indexes:
                mine = [s for s in steps if s.params.get("swap") == i]
                broken = [self.results[s.id] for s in mine if self.results[s.id].status != DONE]
                if broken:
                    bad.append(i)
                    error = next((r.error for r in broken if r.error is not None), None)
                    swap = rollout.swaps[i]
                    text = str(error) if error is not None else "a step was not run"
                    if "unhealthy" in text:
                        text += health_output(self.engine, swap.temp) or health_output(self.engine, swap.new)
                    errors.append(f"{swap.new} (replacing {swap.old}): {text}")
            done += [i for i in indexes if i not in bad]
            if not bad:
                continue
            failed += bad
            olds = ", ".join(rollout.swaps[i].old for i in bad)
            self.session.message(
                f"{service}: batch {number}/{count} failed: {errors[-1]}; undoing it ({olds} stays)"
            )
            undo = self._revert(
                rollout, bad, replace(settings.rollback, parallelism=0, delay=0.0), "rolling update failed"
            )
            if undo is not None and not undo.ok:
                status = "rollback failed"
                break
            if not failure_ratio_exceeded(len(failed), total, update):
                continue
            if update.failure_action == "rollback":
                if done:
                    self.session.message(f"{service}: rolling back {len(done)} updated replica(s)")
                back = self._revert(rollout, list(reversed(done)), settings.rollback, "rollback")
                if back is not None and not back.ok:
                    status = "rollback failed"
                    break
                done = []
                status = "rolled back"
                break
            if update.failure_action == "pause":
                status = "paused"
                break
            status = "continued with failures"
        # the rest of the batches did not run; the old replicas of successful swaps go now
        later = [s for n, steps in batches.items() if n > 0 for s in steps if s.id not in self.results]
        self._skip(later, f"rolling update of {service} {status}", report=False)
        cleanup = batches.get(0, [])
        if status not in ("interrupted", "rollback failed"):
            self._execute([s for s in cleanup if s.params.get("swap") in done])
        why = "kept: the new replica did not replace it" if status != "interrupted" else "interrupted"
        self._skip(cleanup, why, report=False)
        return self._outcome(rollout, status, done, failed, errors)

    def _outcome(
        self, rollout: Rollout, status: str, done: list[int], failed: list[int], errors: list[str]
    ) -> RolloutOutcome:
        service = rollout.service
        swaps = rollout.swaps
        total = len(swaps)
        update = rollout.settings.update
        first = errors[0] if errors else ""
        action = f"update_config.failure_action: {update.failure_action}"
        if status == "done" and not failed:
            message = f"rolling update of {service}: {total} replica(s) updated"
        elif status == "rolled back":
            old = ", ".join(s.old for s in swaps)
            message = (
                f"rolling update of {service} failed and was rolled back ({action}): {first}; "
                f"the previous version still serves ({old})"
            )
        elif status == "paused":
            message = (
                f"rolling update of {service} paused ({action}) after {len(done)} of {total} replica(s): "
                f"{first}; the others still run the previous version, `pycompose up` resumes"
            )
        elif status in ("continued with failures", "done"):
            status = "continued with failures"
            message = (
                f"rolling update of {service}: {len(failed)} of {total} replica(s) failed and still run the "
                f"previous version ({action}, max_failure_ratio {update.max_failure_ratio:g}): {first}"
            )
        elif status == "rollback failed":
            message = (
                f"rolling update of {service} failed: {first}; bringing the previous version back failed "
                "too: check `pycompose ps -a` and run `pycompose up`"
            )
        else:
            message = f"rolling update of {service} interrupted: the next `pycompose up` continues it"
        return RolloutOutcome(
            service=service,
            status=status,
            updated=tuple(swaps[i].new for i in done),
            failed=tuple(swaps[i].new for i in failed),
            message=message,
        )


def _service_of(plan: Plan, step_id: str) -> bool:
    """Whether ``step_id`` belongs to a rolling update (a failure there is the rollout's to explain)."""
    from pycompose.planner.rolling import rollout_of

    for step in plan.steps:
        if step.id == step_id:
            return rollout_of(step) is not None
    return True  # a revert step


def outcomes_of(result: ExecutionResult) -> list[str]:
    """The messages of the failed rollouts of a ``run_plan`` result (for callers that want them all)."""
    return [r.error.message for r in result.results.values() if isinstance(r.error, RolloutError)]
