"""Which registry an image reference names, and the credentials the docker CLI would send to it.

Credentials come from ``$DOCKER_CONFIG/config.json`` (default ``~/.docker/config.json``) exactly as the
Docker SDK's ``docker.auth`` module reads them: ``credHelpers`` for that registry, else ``credsStore``,
else the base64 ``auth`` (or ``username``/``password``, ``identitytoken``) under ``auths``. The file is
read at every call, so a ``docker login`` made while pycompose runs, or another ``DOCKER_CONFIG``, counts.

The pure helpers (``registry_of``, ``split_tag``, ``login_hint``) never import ``docker``.
"""

from __future__ import annotations

import warnings
from typing import Any

from pycompose.errors import EngineError

#: what ``docker login`` with no argument logs in to
DOCKER_HUB = "docker.io"
_HUB_ALIASES = frozenset({"docker.io", "index.docker.io", "registry-1.docker.io", "registry.hub.docker.com"})


def registry_of(ref: str) -> str:
    """The registry host of an image reference: ``127.0.0.1:5000/p/app:1`` -> ``127.0.0.1:5000``,
    ``busybox`` / ``library/busybox`` -> ``docker.io`` (the first path component is a registry only when
    it has a ``.`` or a ``:`` or is ``localhost``, as the docker CLI decides)."""
    name = ref.split("@", 1)[0]
    first, sep, _ = name.partition("/")
    if sep and ("." in first or ":" in first or first == "localhost"):
        return DOCKER_HUB if first.lower() in _HUB_ALIASES else first
    return DOCKER_HUB


def split_tag(ref: str) -> tuple[str, str | None]:
    """``repo:tag`` -> (``repo``, ``tag``); a port (``host:5000/x``) is not a tag; a digest stays in the
    repository part (``repo@sha256:...`` -> (``repo@sha256:...``, None))."""
    if "@" in ref:
        return ref, None
    slash = ref.rfind("/")
    colon = ref.rfind(":")
    if colon > slash:
        return ref[:colon], ref[colon + 1 :]
    return ref, None


def login_hint(registry: str) -> str:
    """What to run to log in to ``registry``."""
    return "docker login" if registry == DOCKER_HUB else f"docker login {registry}"


def credentials_for(registry: str) -> dict[str, Any] | None:
    """The auth config the docker CLI would send to ``registry`` (``username``/``password``/
    ``serveraddress``, or ``identitytoken``), or None for an anonymous request.

    A broken credential helper (``credsStore: desktop`` on a machine without ``docker-credential-desktop``)
    is an ``EngineError`` naming the registry and the file to fix.
    """
    from docker import auth, errors
    from docker.utils.config import find_config_file

    try:
        with warnings.catch_warnings():  # "docker-credential-x not installed": said in the error below
            warnings.simplefilter("ignore")
            config = auth.load_config()
            found = auth.resolve_authconfig(config, registry)
    except errors.DockerException as exc:
        path = find_config_file() or "~/.docker/config.json"
        detail = " ".join(str(exc).split())
        raise EngineError(
            f"credentials for registry {registry}: {detail}",
            hint=f"check credsStore / credHelpers in {path} (is the credential helper installed?), "
            f"or run `{login_hint(registry)}`",
        ) from exc
    if not found:
        return None
    return {k: v for k, v in dict(found).items() if v not in (None, "")}
