"""Names and labels shared with Docker Compose v2, so either tool manages what the other started.

Containers are ``<project>-<service>-<n>``, networks and volumes ``<project>_<key>``; every resource
carries the ``com.docker.compose.*`` labels below (docker/compose ``pkg/api/labels.go``).
"""

from __future__ import annotations

from typing import Any

PREFIX = "com.docker.compose"
PROJECT = f"{PREFIX}.project"
SERVICE = f"{PREFIX}.service"
CONTAINER_NUMBER = f"{PREFIX}.container-number"
ONEOFF = f"{PREFIX}.oneoff"
CONFIG_HASH = f"{PREFIX}.config-hash"
WORKING_DIR = f"{PREFIX}.project.working_dir"
CONFIG_FILES = f"{PREFIX}.project.config_files"
ENVIRONMENT_FILE = f"{PREFIX}.project.environment_file"
DEPENDS_ON = f"{PREFIX}.depends_on"
IMAGE = f"{PREFIX}.image"
VERSION = f"{PREFIX}.version"
NETWORK = f"{PREFIX}.network"
VOLUME = f"{PREFIX}.volume"
REPLACE = f"{PREFIX}.replace"
CONTAINER_NAME_SEPARATOR = "-"

#: the version written into ``com.docker.compose.version``: the Docker Compose release whose behaviour
#: (names, labels, config hash) pycompose reproduces. Docker Compose reads nothing else from it.
COMPAT_VERSION = "2.40.3"


def container_name(project: str, service: str, number: int) -> str:
    """``demo-web-1``."""
    return f"{project}-{service}-{number}"


def oneoff_container_name(project: str, service: str, slug: str) -> str:
    """``demo-web-run-1a2b3c4d5e6f`` for ``run`` containers."""
    return f"{project}-{service}-run-{slug}"


def resource_name(project: str, key: str) -> str:
    """``demo_default``, ``demo_data``: the default engine name of a network or volume."""
    return f"{project}_{key}"


def project_filter(project: str) -> dict[str, list[str]]:
    """The engine list filter that selects one project's resources and nothing else."""
    return {"label": [f"{PROJECT}={project}"]}


#: the name suffix of a replica a rolling update or release started, until it takes its real name
ROLLING_SUFFIX = "_rolling"

#: blue-green / canary releases (planner/deploy_strategies.py): the release ID on the new replicas,
#: and beside it ``.strategy``, ``.replaces`` (IDs of the replicas it replaces), ``.keep-until``
RELEASE = "io.pycompose.release"


def in_release(container_labels: dict[str, str] | Any) -> bool:
    """Whether a container belongs to a blue-green or canary release (checked before importing the
    release planner, which a project without releases never needs)."""
    return RELEASE in container_labels
