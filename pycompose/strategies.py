"""Blue-green and canary releases at run time: what the pure planner (``planner/deploy_strategies.py``)
cannot know or do by itself.

- :func:`inspect_releases`: which set of a pending release the service's name reaches is in the
  network aliases, which an engine's list call leaves out: the few containers of services with a
  pending release are inspected (nothing else is, so a no-op ``up`` stays one list call per kind).
- :func:`after_run`: ``run_plan`` calls it once a plan ran. When a step of a release failed, it
  undoes what must be undone from a fresh inspection: a failed start is aborted (the previous version
  serves, the new replicas go); a failed canary promote removes the new replicas that do not serve
  (the release stays pending). The result then carries one ``ReleaseError`` saying what happened.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from dataclasses import replace
from types import MappingProxyType
from typing import TYPE_CHECKING

from pycompose import labels
from pycompose.errors import PycomposeError
from pycompose.executor import DONE, FAILED, ExecutionResult, execute, health_output
from pycompose.planner.deploy_strategies import (
    RELEASE,
    RELEASE_REPLACES,
    ReleaseMeta,
    plan_abort_observed,
    plan_drop_unserving,
    release_of,
)

if TYPE_CHECKING:
    from pycompose.engine.base import ContainerInfo, Engine
    from pycompose.observe import ObservedState
    from pycompose.planner.plan import Plan
    from pycompose.progress import Reporter


class ReleaseError(PycomposeError):
    """A blue-green or canary release step failed: the message says what failed and what was done."""


def _pending_services(observed: ObservedState) -> set[str]:
    """Services with a container a release replaces that still exists (from the labels alone)."""
    ids = {c.id[:12] for c in observed.containers}
    out = set()
    for c in observed.containers:
        replaces = c.labels.get(RELEASE_REPLACES)
        if c.labels.get(RELEASE) and replaces and ids & set(replaces.split(",")) - {c.id[:12]}:
            out.add(c.service)
    return out


def inspect_releases(engine: Engine, observed: ObservedState) -> ObservedState:
    """``observed`` with the containers of services in a pending release replaced by their inspect
    (which has the network aliases)."""
    services = _pending_services(observed)
    if not services:
        return observed
    containers = []
    for c in observed.containers:
        if c.service in services and not c.oneoff:
            info = engine.inspect_container(c.id)
            if info is None:  # removed meanwhile
                continue
            c = info
        containers.append(c)
    return replace(observed, containers=tuple(containers))


def _service_containers(engine: Engine, project: str, service: str) -> list[ContainerInfo]:
    selector = {"label": [f"{labels.PROJECT}={project}", f"{labels.SERVICE}={service}"]}
    out = []
    for c in engine.list_containers(selector, all=True):
        if c.oneoff:
            continue
        info = engine.inspect_container(c.id)
        if info is not None:
            out.append(info)
    return out


def has_releases(plan: Plan) -> bool:
    return any(release_of(s) is not None for s in plan.steps)


def after_run(
    plan: Plan,
    result: ExecutionResult,
    engine: Engine,
    reporter: Reporter,
    parallel: int = -1,
    cancel: threading.Event | None = None,
) -> ExecutionResult:
    """Undo what a failed release step leaves half done (see the module docstring)."""
    if result.ok or result.interrupted or not has_releases(plan):
        return result
    metas: dict[tuple[str, str], ReleaseMeta] = {}
    failures: dict[tuple[str, str], list[str]] = {}
    for step in plan.steps:
        meta = release_of(step)
        if meta is None:
            continue
        key = (meta.service, meta.phase)
        metas.setdefault(key, meta)
        outcome = result.results.get(step.id)
        if outcome is not None and outcome.status != DONE:
            failures.setdefault(key, [])
            if outcome.status == FAILED:
                error = str(outcome.error) if outcome.error is not None else "failed"
                if "unhealthy" in error:
                    error += health_output(engine, step.params.get("name") or "")
                failures[key].append(error)
    messages = []
    for key, errors in failures.items():
        meta = metas[key]
        first = errors[0] if errors else "a step was not run"
        kind = f"{meta.strategy} release of {meta.service}"
        containers = _service_containers(engine, meta.project, meta.service)
        if meta.phase == "start":
            undo: Plan | None = plan_abort_observed(meta, containers, f"the {kind} failed: undone")
            what = "its new replicas were removed; the previous version still serves"
        elif meta.phase == "promote" and meta.strategy == "canary":
            undo = plan_drop_unserving(meta, containers, f"the promote of the {kind} failed")
            what = (
                "the new replicas that did not serve were removed; the release stays pending "
                f"(`pycompose release promote {meta.service}` retries, `release abort` goes back)"
            )
        else:
            undo = None
            what = (
                f"`pycompose release status` shows where it stopped; `release {meta.phase}` again finishes it"
            )
        if undo is not None and undo.steps:
            done = execute(undo, engine, reporter, parallel=parallel, cancel=cancel)
            if not done.ok:
                what = "undoing it failed too: check `pycompose release status` and `pycompose ps -a`"
        verb = {"start": ""}.get(meta.phase, f" ({meta.phase})")
        messages.append(f"{kind} failed{verb}: {first}; {what}")
    if not messages:
        return result
    return _with_error(result, ReleaseError("; ".join(messages)), plan)


def _with_error(result: ExecutionResult, error: ReleaseError, plan: Plan) -> ExecutionResult:
    """``result`` whose first failed release step carries ``error`` (the CLI reports the first failure)."""
    results = dict(result.results)
    release_ids = [s.id for s in plan.steps if release_of(s) is not None]
    first = next((sid for sid in release_ids if results.get(sid) and results[sid].status == FAILED), None)
    first = first or next((sid for sid in release_ids if sid in results), None)
    if first is None:
        return result
    results[first] = replace(results[first], status=FAILED, error=error)
    return ExecutionResult(results=MappingProxyType(results), ok=False, interrupted=result.interrupted)


def services_of(plan: Plan) -> Sequence[str]:
    return tuple(dict.fromkeys(m.service for s in plan.steps if (m := release_of(s)) is not None))
