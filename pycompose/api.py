"""The Python API of pycompose: what the CLI does, callable from code.

    from pycompose import api
    project = api.load(files=["compose.yaml"], project_name="demo")
    print(project.services["web"].image)
    print(api.config(files=["compose.yaml"], fmt="json"))

Every function raises a ``pycompose.errors.PycomposeError`` (with file, line and key path where known)
instead of printing; nothing here touches the terminal.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping

from pycompose import labels
from pycompose.config.loader import LoadedModel, load_model
from pycompose.config.options import LoadOptions
from pycompose.model import Project


def load_options(
    files: Iterable[str] = (),
    project_name: str | None = None,
    project_directory: str | None = None,
    env_files: Iterable[str] | None = None,
    profiles: Iterable[str] | None = None,
    environ: Mapping[str, str] | None = None,
    working_dir: str | None = None,
) -> LoadOptions:
    """``LoadOptions`` with Docker Compose's defaults: the process environment and working directory."""
    return LoadOptions(
        files=tuple(files),
        project_name=project_name,
        project_directory=project_directory,
        env_files=tuple(env_files) if env_files is not None else None,
        profiles=tuple(profiles) if profiles is not None else None,
        environ=dict(os.environ if environ is None else environ),
        working_dir=working_dir or os.getcwd(),
    )


def load_dict(services: Iterable[str] = (), **kwargs: object) -> LoadedModel:
    """The loaded model as the plain dict ``config`` prints, with its project name and files."""
    return load_model(load_options(**kwargs), services)  # type: ignore[arg-type]


def load(services: Iterable[str] = (), **kwargs: object) -> Project:
    """Load a Compose project into the frozen, typed ``Project`` model."""
    from pycompose.bind import bind_project

    return bind_project(load_dict(services, **kwargs))


def config(fmt: str = "yaml", services: Iterable[str] = (), **kwargs: object) -> str:
    """The text ``pycompose config`` prints (``fmt`` is ``yaml`` or ``json``)."""
    from pycompose.config.emit import to_json, to_yaml

    loaded = load_dict(services, **kwargs)
    return to_json(loaded.model) if fmt == "json" else to_yaml(loaded.model)


# ------------------------------------------------------------------------------------------ engine
# observe -> plan -> (confirm) -> execute. The CLI adds prompts, progress and exit codes on top.


def connect(environ: Mapping[str, str] | None = None):  # -> Engine
    """The Docker Engine named by ``DOCKER_HOST`` (default: the local socket)."""
    from pycompose.engine.docker import DockerEngine

    return DockerEngine.from_environment(dict(os.environ if environ is None else environ))


def observe_project(
    engine, project: Project | None, project_name: str | None = None, changes: bool = True
):  # -> ObservedState
    """One snapshot of the project on the engine, with details of the containers about to be replaced.

    ``changes=False`` is for commands that only act on what exists (``down``, ``stop``, ``start``...):
    the containers, networks and volumes, without the images, the config hashes and the inspections
    that tell what changed; ``down`` of 30 services starts its first stop ~20 ms sooner.
    """
    from dataclasses import replace
    from types import MappingProxyType

    from pycompose.observe import observe
    from pycompose.planner.up import _first_container_ids, expected_hash

    name = project.name if project is not None else project_name
    if name is None:
        raise ValueError("observe_project needs a project or a project name")
    full = project is not None and changes
    if full:
        observed = observe(
            engine,
            name,
            image_refs=tuple(dict.fromkeys(s.image_name(project.name) for s in project.services.values())),
            external_networks=tuple(n.name for n in project.networks.values() if n.external),
            external_volumes=tuple(v.name for v in project.volumes.values() if v.external),
        )
    else:
        observed = observe(engine, name)
    # blue-green / canary: which set of a pending release the DNS name reaches (pycompose/strategies.py)
    if any(labels.in_release(c.labels) for c in observed.containers):
        from pycompose.strategies import inspect_releases

        observed = inspect_releases(engine, observed)
    if not full:
        return observed
    # what changed can only be told from the old container's settings: inspect the stale ones only
    ids = _first_container_ids(observed)
    details = {}
    images = dict(observed.images)
    for container in observed.containers:
        service = project.services.get(container.service)
        if service is None or container.oneoff:
            continue
        if container.config_hash != expected_hash(service, ids):
            raw = engine.inspect_container_details(container.id)
            if raw is not None:
                details[container.id] = raw
            ref = service.image_name(project.name)
            if ref in images and not images[ref].env:
                full = engine.inspect_image(ref)
                if full is not None:
                    images[ref] = full
    refreshed = _refresh_tag_times(engine, project, images)
    if details or refreshed:
        observed = replace(observed, details=MappingProxyType(details), images=MappingProxyType(images))
    return observed


def _refresh_tag_times(engine, project: Project, images: dict) -> bool:
    """``pull_policy: daily / weekly / every_<d>`` compare the image's last tag time, which only an
    inspect gives: inspect those images (and only those). True when ``images`` changed."""
    from pycompose.planner.build import refresh_window

    changed = False
    for service in project.services.values():
        ref = service.image_name(project.name)
        image = images.get(ref)
        if image is None or image.last_tag_time or refresh_window(service.pull_policy or "") is None:
            continue
        full = engine.inspect_image(ref)
        if full is not None:
            images[ref] = full
            changed = True
    return changed


def plan(project: Project, engine=None, options=None):  # -> Plan
    """The plan of ``up`` for ``project``: steps with reasons, nothing changed."""
    from pycompose.planner.up import plan_up

    engine = engine or connect()
    return plan_up(project, observe_project(engine, project), options)


def _run(plan_, engine, reporter=None, parallel: int = -1):
    from pycompose.errors import PycomposeError
    from pycompose.progress import QuietReporter
    from pycompose.rollout import run_plan as execute  # execute(), plus rolling updates' failure policy

    result = execute(plan_, engine, reporter or QuietReporter(), parallel=parallel)
    if not result.ok:
        failures = [r for r in result.results.values() if r.status == "failed"]
        if failures and failures[0].error is not None:
            raise failures[0].error
        raise PycomposeError("some steps did not run")
    return result


def up(project: Project, engine=None, options=None, reporter=None, parallel: int = -1):  # -> Plan
    """Converge the engine to ``project`` (``up -d``); returns the plan that was executed."""
    from pycompose.build import build_then_plan
    from pycompose.lock import project_lock
    from pycompose.planner.options import UpOptions

    engine = engine or connect()
    options = options or UpOptions()
    with project_lock(project.name, getattr(engine, "address", "")):
        executed = plan(project, engine, options)
        # images first, then the containers planned against them (see pycompose.build)
        built = build_then_plan(
            project, engine, options, executed, lambda images: _run(images, engine, reporter, parallel)
        )
        if built is not None:
            executed = built[1]
        _run(executed, engine, reporter, parallel)
    return executed


def down(project: Project | str, engine=None, options=None, reporter=None, parallel: int = -1):  # -> Plan
    """Stop and remove the containers and networks (volumes with ``DownOptions(remove_volumes=True)``).

    ``project`` may be a loaded ``Project`` or just its name, as ``docker compose -p NAME down``.
    """
    from pycompose.lock import project_lock
    from pycompose.planner.down import plan_down

    engine = engine or connect()
    loaded = project if isinstance(project, Project) else None
    name = project.name if isinstance(project, Project) else project
    with project_lock(name, getattr(engine, "address", "")):
        executed = plan_down(loaded, observe_project(engine, loaded, name, changes=False), options)
        _run(executed, engine, reporter, parallel)
    return executed
