"""Which Compose files, which project directory and which ``.env`` files a command uses.

Docker Compose v2 rules (compose-go ``cli/options.go``):

* ``-f`` files, else ``COMPOSE_FILE`` split on ``COMPOSE_PATH_SEPARATOR`` (``:`` on Linux), else the first
  of ``compose.yaml``, ``compose.yml``, ``docker-compose.yml``, ``docker-compose.yaml`` found in the working
  directory or one of its parents, plus the first override file found beside it.
* The project directory is ``--project-directory``, else the folder of the first file.
* The ``.env`` files are ``--env-file`` values, else ``COMPOSE_ENV_FILES`` (comma separated), else
  ``<project directory>/.env`` when it exists, unless ``COMPOSE_DISABLE_ENV_FILE`` is true.
"""

from __future__ import annotations

import os
from collections.abc import Mapping

from pycompose.errors import UsageError
from pycompose.log import warn

DEFAULT_FILE_NAMES = ("compose.yaml", "compose.yml", "docker-compose.yml", "docker-compose.yaml")
DEFAULT_OVERRIDE_NAMES = (
    "compose.override.yml",
    "compose.override.yaml",
    "docker-compose.override.yml",
    "docker-compose.override.yaml",
)

_TRUE = {"1", "t", "T", "TRUE", "true", "True"}
_FALSE = {"0", "f", "F", "FALSE", "false", "False"}


def parse_go_bool(value: str, name: str) -> bool:
    """``strconv.ParseBool``, used for ``COMPOSE_*`` switches."""
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise UsageError(f'invalid boolean value "{value}" for {name}', hint="use true or false")


def _existing(names: tuple[str, ...], folder: str) -> list[str]:
    return [os.path.join(folder, n) for n in names if os.path.exists(os.path.join(folder, n))]


def discover_files(start_dir: str) -> list[str]:
    """The default compose file (and its override) in ``start_dir`` or the nearest parent."""
    folder = os.path.abspath(start_dir)
    while True:
        found = _existing(DEFAULT_FILE_NAMES, folder)
        if found:
            if len(found) > 1:
                warn(f"Found multiple config files with supported names: {', '.join(found)}")
                warn(f"Using {found[0]}")
            files = [found[0]]
            overrides = _existing(DEFAULT_OVERRIDE_NAMES, folder)
            if overrides:
                if len(overrides) > 1:
                    warn(f"Found multiple override files with supported names: {', '.join(overrides)}")
                    warn(f"Using {overrides[0]}")
                files.append(overrides[0])
            return files
        parent = os.path.dirname(folder)
        if parent == folder:
            return []
        folder = parent


def files_from_environment(environ: Mapping[str, str], working_dir: str) -> list[str] | None:
    """``COMPOSE_FILE`` as absolute paths, or ``None`` when it is not set."""
    value = environ.get("COMPOSE_FILE")
    if value is None:
        return None
    separator = environ.get("COMPOSE_PATH_SEPARATOR") or os.pathsep
    files = []
    for entry in value.split(separator):
        if entry == "-":
            files.append(entry)
            continue
        path = os.path.join(working_dir, entry)
        if not os.path.exists(path):
            raise UsageError(
                f"stat {os.path.abspath(path)}: no such file or directory",
                hint="check COMPOSE_FILE",
            )
        files.append(os.path.abspath(path))
    return files


def resolve_files(
    files: tuple[str, ...], environ: Mapping[str, str], working_dir: str, project_directory: str | None
) -> list[str]:
    """The compose files a command reads, absolute (``-`` stays ``-`` for standard input)."""
    if files:
        out = []
        for f in files:
            if f == "-":
                out.append(f)
                continue
            path = os.path.abspath(os.path.join(working_dir, f))
            if not os.path.exists(path):
                raise UsageError(f"open {path}: no such file or directory", hint="check the -f option")
            out.append(path)
        return out
    from_env = files_from_environment(environ, working_dir)
    if from_env:
        return from_env
    found = discover_files(project_directory or working_dir)  # already absolute
    if not found:
        raise UsageError(
            "no configuration file provided: not found",
            hint="run in a folder with a compose.yaml, or pass -f FILE",
        )
    return found


def project_directory_for(files: list[str], project_directory: str | None, working_dir: str) -> str:
    """``--project-directory`` or the folder of the first file (the working dir for stdin)."""
    if project_directory:
        return os.path.abspath(os.path.join(working_dir, project_directory))
    for f in files:
        if f != "-":
            return os.path.dirname(f)
    return os.path.abspath(working_dir)


def env_files_for(
    env_files: tuple[str, ...] | None, environ: Mapping[str, str], project_dir: str, working_dir: str
) -> list[str]:
    """The dotenv files that feed interpolation, in load order (later files win)."""
    if env_files:
        return [os.path.abspath(os.path.join(working_dir, f)) for f in env_files]
    listed = environ.get("COMPOSE_ENV_FILES")
    if listed:
        return [os.path.abspath(os.path.join(working_dir, f)) for f in listed.split(",") if f]
    disabled = environ.get("COMPOSE_DISABLE_ENV_FILE")
    if disabled is not None and parse_go_bool(disabled, "COMPOSE_DISABLE_ENV_FILE"):
        return []
    default = os.path.join(project_dir, ".env")
    return [default] if os.path.isfile(default) else []
