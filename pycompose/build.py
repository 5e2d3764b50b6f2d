"""Builds inside ``up``: images first, then the containers, planned against the images really built.

Whether a rebuilt image changes anything is only known once it is built (an unchanged Dockerfile gives
the same image ID from the layer cache). So, as Docker Compose v2 does (``ensureImagesExists`` before
the convergence), an ``up`` whose plan builds runs its image steps first, observes again, and plans the
containers with the new image IDs: only the services whose image really changed are recreated ("image
updated"), and the containers are labelled with the ID of the image they run.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import Any

from pycompose.planner.plan import Plan, topological

_IMAGE_ACTIONS = ("build_image", "pull_image")


def image_phase(plan: Plan) -> Plan | None:
    """The image steps of ``plan`` (pulls and builds, with what they need) when it builds; else None."""
    if not any(s.action == "build_image" and not s.skipped for s in plan.steps):
        return None
    by_id = plan.by_id()
    wanted: set[str] = set()
    todo = [s.id for s in plan.steps if s.action in _IMAGE_ACTIONS and not s.skipped]
    while todo:
        step_id = todo.pop()
        if step_id in wanted or step_id not in by_id:
            continue
        wanted.add(step_id)
        todo.extend(by_id[step_id].needs)
    return Plan(project=plan.project, steps=topological(s for s in plan.steps if s.id in wanted))


def build_then_plan(
    project: Any,
    engine: Any,
    options: Any,
    plan: Plan,
    run: Callable[[Plan], object],
    observe: Callable[[], Any] | None = None,
) -> tuple[Any, Plan, Any] | None:
    """Run the image steps of ``plan`` with ``run`` (which raises on failure), then observe again and
    plan ``up`` for the images now present: ``(observed, plan, options)``, the options being those to
    plan again with (no pull, no build); None when ``plan`` builds nothing."""
    images = image_phase(plan)
    if images is None:
        return None
    from pycompose.planner.up import plan_up

    run(images)
    if observe is None:
        from pycompose.api import observe_project

        observed = observe_project(engine, project)
    else:
        observed = observe()
    # every image exists now: the second plan neither pulls nor builds again
    options = replace(options, pull="never", build=False, no_build=True)
    return observed, plan_up(project, observed, options), options
