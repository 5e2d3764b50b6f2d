"""A ``Plan``: the imperative steps that make the engine match the compose file, each with its reason.

A plan is a DAG of ``Step``s, one per engine call. ``plan`` prints it, ``--dry-run`` prints it, ``up``
executes it (the executor starts a step as soon as everything it ``needs`` is done).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

#: every action the executor knows, in the order the text rendering groups them
ACTIONS = (
    "build_image",
    "pull_image",
    "push_image",
    "create_network",
    "create_volume",
    "remove_network",
    "remove_volume",
    "create_container",
    "stop_container",
    "remove_container",
    "rename_container",
    "connect_network",
    "disconnect_network",
    "start_container",
    "restart_container",
    "kill_container",
    "pause_container",
    "unpause_container",
    "wait_running",
    "wait_healthy",
    "wait_completed",
    # rolling updates (planner/rolling.py): a replica stays up for a while; a pause between batches
    "wait_stable",
    "wait_delay",
    "remove_image",
    # the Swarm backend (``pycompose stack``; run by ``pycompose.swarm.executor``)
    "create_secret",
    "create_config",
    "create_service",
    "update_service",
    "remove_service",
    "remove_secret",
    "remove_config",
)


class Sealed:
    """A value a step carries for the executor but that no rendering of the plan shows: a secret.

    ``repr``/``str`` (and so the text, JSON and ``docker`` renderings, logs and tracebacks) give only
    ``origin`` ("environment variable DB_PASSWORD"); ``reveal()`` is the one way to the value. A
    missing value (an unset variable) is not an error until revealed: Docker Compose fails at start,
    not when planning or creating. ``missing`` is the message raised then.
    """

    __slots__ = ("_value", "missing", "origin")

    def __init__(self, origin: str, value: str | None, missing: str = "") -> None:
        self.origin = origin
        self._value = value
        self.missing = missing or f"{origin}: no value"

    def reveal(self) -> str:
        if self._value is None:
            from pycompose.errors import PycomposeError

            raise PycomposeError(self.missing)
        return self._value

    def __repr__(self) -> str:
        return f"<sealed: {self.origin}>"

    __str__ = __repr__

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Sealed) and (self.origin, self._value) == (other.origin, other._value)

    def __hash__(self) -> int:
        return hash(self.origin)


class Deferred:
    """A step param known only when the plan runs: built from the IDs of containers earlier steps make.

    ``refs`` maps a service to the container whose ID is needed (``{"db": "demo-db-1"}``); the executor
    looks them up once the step's needs are done and calls ``build({"db": "<id>"})``. Renderings show
    only which containers it waits for.
    """

    __slots__ = ("build", "refs")

    def __init__(self, refs: Mapping[str, str], build: Callable[[Mapping[str, str]], Any]) -> None:
        self.refs = MappingProxyType(dict(refs))
        self.build = build

    def __repr__(self) -> str:
        return f"<built at execution with the IDs of {', '.join(self.refs.values())}>"

    __str__ = __repr__


@dataclass(frozen=True)
class Step:
    """One engine call.

    ``id`` is unique within the plan (``create_container:demo-web-2``); ``target`` names what it acts on
    (``service:web:2``, ``network:default``, ``volume:data``); ``reason`` says why in words a user can
    check ("environment MODE: a -> b", "scale 3 -> 1", "orphan"); ``params`` carries what the executor
    needs (a ``ContainerSpec``, a timeout...). ``destructive`` steps lose data or stop service and may
    need confirmation; ``skipped`` steps are shown but not run (orphans without ``--remove-orphans``).
    """

    id: str
    action: str
    target: str
    reason: str
    needs: tuple[str, ...] = ()
    destructive: bool = False
    skipped: bool = False
    params: Mapping[str, Any] = field(default_factory=lambda: MappingProxyType({}), compare=False, repr=False)

    def __post_init__(self) -> None:
        if self.action not in ACTIONS:
            raise ValueError(f"unknown plan action {self.action!r}")


@dataclass(frozen=True)
class Plan:
    """An ordered set of steps; ``steps`` is in a valid execution order (a topological order)."""

    project: str
    steps: tuple[Step, ...] = ()

    def __bool__(self) -> bool:
        return any(not s.skipped for s in self.steps)

    def runnable(self) -> tuple[Step, ...]:
        return tuple(s for s in self.steps if not s.skipped)

    def by_id(self) -> dict[str, Step]:
        return {s.id: s for s in self.steps}

    def destructive_steps(self) -> tuple[Step, ...]:
        return tuple(s for s in self.steps if s.destructive and not s.skipped)


def topological(steps: Iterable[Step]) -> tuple[Step, ...]:
    """Steps in an order where every step comes after its needs (stable: input order breaks ties)."""
    items = list(steps)
    ids = {s.id for s in items}
    done: set[str] = set()
    ordered: list[Step] = []
    pending = items
    while pending:
        progressed = False
        rest = []
        for step in pending:
            if all(n in done or n not in ids for n in step.needs):
                ordered.append(step)
                done.add(step.id)
                progressed = True
            else:
                rest.append(step)
        if not progressed:
            cycle = ", ".join(s.id for s in rest)
            raise ValueError(f"plan has a dependency cycle between: {cycle}")
        pending = rest
    return tuple(ordered)
