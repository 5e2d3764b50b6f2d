"""The project name, with Docker Compose v2's precedence and rules.

``-p`` > ``COMPOSE_PROJECT_NAME`` (OS environment or ``.env``) > the last ``name:`` of the files >
the project directory's base name. Names given explicitly must already be valid; names taken from a file
or a folder are sanitized silently (lowercase, only ``[a-z0-9_-]``, no leading ``_`` or ``-``).
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Mapping

from pycompose.errors import ProjectNameError

_INVALID = re.compile(r"[^a-z0-9_-]")


def sanitize_project_name(name: str) -> str:
    """compose-go ``NormalizeProjectName``: ``My Project!`` -> ``myproject``."""
    return _INVALID.sub("", name.lower()).lstrip("_-")


def invalid_project_name(name: str) -> ProjectNameError:
    return ProjectNameError(
        f'invalid project name "{name}": must consist only of lowercase alphanumeric characters, '
        "hyphens, and underscores as well as start with a letter or number",
        hint="use -p with a name like my-app_1",
    )


def check_explicit_name(name: str) -> str:
    """A name given with ``-p`` or ``COMPOSE_PROJECT_NAME`` must be valid as it is."""
    if sanitize_project_name(name) != name:
        raise invalid_project_name(name)
    return name


def choose_project_name(
    explicit: str | None,
    environment: Mapping[str, str],
    names_in_files: list[str],
    project_dir: str,
    interpolate: Callable[[str], str] | None,
) -> str:
    """Pick the project name; ``interpolate`` expands ``${...}`` in a ``name:`` taken from a file."""
    if explicit:
        return check_explicit_name(explicit)
    from_env = environment.get("COMPOSE_PROJECT_NAME")
    if from_env:
        return check_explicit_name(from_env)
    from_file = ""
    for candidate in names_in_files:
        if candidate:
            from_file = candidate
    if from_file and interpolate is not None:
        from_file = interpolate(from_file)
    from_file = sanitize_project_name(from_file)
    if from_file:
        return from_file
    name = sanitize_project_name(os.path.basename(os.path.abspath(project_dir)))
    if not name:
        raise ProjectNameError(
            "project name must not be empty",
            hint="set one with -p, COMPOSE_PROJECT_NAME or a top-level name: in the compose file",
        )
    return name
