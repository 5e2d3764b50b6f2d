"""What the loader needs to know from the command line and the environment, as one frozen value.

The CLI turns flags and ``COMPOSE_*`` variables into a ``LoadOptions``; the loader never reads
``sys.argv`` or ``os.environ`` itself, so tests (and the Python API) can load any project in-process.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field


@dataclass(frozen=True)
class LoadOptions:
    """Inputs of one load of a Compose project.

    ``files`` empty means: use ``COMPOSE_FILE`` from ``environ`` (or the ``.env`` file), else discover
    ``compose.yaml`` and friends from ``working_dir`` upwards, as Docker Compose v2 does.
    """

    files: tuple[str, ...] = ()
    project_name: str | None = None
    project_directory: str | None = None
    env_files: tuple[str, ...] | None = None
    profiles: tuple[str, ...] | None = None
    environ: Mapping[str, str] = field(default_factory=dict)
    working_dir: str = "."
    interpolate: bool = True
    normalize: bool = True
    resolve_paths: bool = True
    consistency: bool = True
    resolve_env: bool = True
    stdin_text: str | None = None
