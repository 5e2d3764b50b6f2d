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
