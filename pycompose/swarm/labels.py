"""Labels and names shared with ``docker stack`` (docker/cli ``cli/compose/convert``) and our own."""

from __future__ import annotations

#: every object of a stack carries it: ``docker stack ps/rm/services`` select by it
NAMESPACE = "com.docker.stack.namespace"
#: the image as written in the compose file (``docker stack deploy`` may pin a digest in the spec)
IMAGE = "com.docker.stack.image"

#: pycompose's own: the hash of the service spec it last applied (replicas excluded), so an unchanged
#: service is never updated
SPEC_HASH = "io.pycompose.stack.spec-hash"
#: on secrets and configs: the compose key and the content hash of a versioned object
SOURCE_KEY = "io.pycompose.stack.source"
CONTENT_HASH = "io.pycompose.stack.content-hash"
#: an engine label the cluster script sets on nodes whose kernel has no IPVS
IPVS_MISSING = "pycompose.ipvs"


def scoped(stack: str, key: str) -> str:
    """``demo_web``: the Swarm name of a stack's service, network, secret or config."""
    return f"{stack}_{key}"


def namespace_filter(stack: str) -> dict[str, list[str]]:
    return {"label": [f"{NAMESPACE}={stack}"]}
