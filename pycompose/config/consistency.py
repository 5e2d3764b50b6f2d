"""Consistency checks of a loaded model: references resolve and dependencies form no cycle.

Run after merging, profiles and normalization, as compose-go's ``checkConsistency`` does, with its
messages (they end in ``: invalid compose project``, except the cycle message).
"""

from __future__ import annotations

from typing import Any

from pycompose.errors import ConsistencyError

_SUFFIX = ": invalid compose project"


def _fail(message: str, path: tuple[str | int, ...], suffix: bool = True) -> ConsistencyError:
    return ConsistencyError(message + (_SUFFIX if suffix else ""), path=path)


def _service_ref(value: Any) -> str | None:
    """``service:db`` (network_mode, ipc, pid) -> ``db``."""
    if isinstance(value, str) and value.startswith("service:"):
        return value[len("service:") :]
    return None


def check_consistency(model: dict[str, Any]) -> None:
    """Raise ``ConsistencyError`` for the first problem found, in compose-go's order."""
    services: dict[str, Any] = model.get("services") or {}
    networks = model.get("networks") or {}
    volumes = model.get("volumes") or {}
    secrets = model.get("secrets") or {}
    configs = model.get("configs") or {}
    for name in sorted(services):
        service = services[name] or {}
        where = ("services", name)
        if not service.get("image") and not service.get("build"):
            raise _fail(f'service "{name}" has neither an image nor a build context specified', where)
        for dep in service.get("depends_on") or {}:
            if dep not in services:
                raise _fail(f'service "{name}" depends on undefined service "{dep}"', (*where, "depends_on"))
        for net in service.get("networks") or {}:
            if net not in networks:
                raise _fail(f'service "{name}" refers to undefined network {net}', (*where, "networks"))
        for index, mount in enumerate(service.get("volumes") or []):
            if not isinstance(mount, dict):
                continue
            source = mount.get("source")
            if mount.get("type") == "volume" and source and source not in volumes:
                raise _fail(
                    f'service "{name}" refers to undefined volume {source}', (*where, "volumes", index)
                )
        for kind, declared in (("secret", secrets), ("config", configs)):
            for index, ref in enumerate(service.get(kind + "s") or []):
                source = ref.get("source") if isinstance(ref, dict) else ref
                if source not in declared:
                    raise _fail(
                        f'service "{name}" refers to undefined {kind} {source}', (*where, kind + "s", index)
                    )
        for key in ("network_mode", "ipc", "pid"):
            target = _service_ref(service.get(key))
            if target is not None and target not in services:
                raise _fail(
                    f'service "{target}" not found for {key} of service "{name}"'
                    if key != "network_mode"
                    else f"service \"{target}\" not found for network_mode 'service:{target}'",
                    (*where, key),
                )
        for ref in service.get("volumes_from") or []:
            target = ref.split(":")[0]
            if target == "container":
                continue
            if target not in services:
                raise _fail(f'service "{target}" not found for volumes_from of service "{name}"', where)
    _check_cycles(services)


#: compose-go ``validation.checkFileObject``: the sources a secret / config may name, exactly one of
_FILE_OBJECT_SOURCES = {"secrets": ("file", "environment"), "configs": ("file", "environment", "content")}


def check_resource_definitions(model: dict[str, Any], consistency: bool = True) -> None:
    """compose-go's ``validation.Validate`` checks of the merged model (before normalization drops
    unused resources; whatever ``--no-consistency`` says): a secret or config names one source, an
    external volume no driver. With ``consistency``, also its check that a secret with a ``driver`` but
    no source is refused (``must declare either `file` or `environment```)."""
    for kind, keys in _FILE_OBJECT_SOURCES.items():
        for name, obj in (model.get(kind) or {}).items():
            if not isinstance(obj, dict):
                continue
            count = sum(1 for key in keys if key in obj)
            where = f"{kind}.{name}"
            if count > 1:
                message = f"{where}: {'|'.join(keys)} attributes are mutually exclusive"
                raise _fail(message, (kind, name), False)
            if count == 0 and "driver" not in obj and "external" not in obj:
                raise _fail(f"{where}: one of {'|'.join(keys)} must be set", (kind, name), False)
    for name, secret in sorted((model.get("secrets") or {}).items()) if consistency else ():
        if isinstance(secret, dict) and not any(secret.get(k) for k in ("external", "file", "environment")):
            raise _fail(f'secret "{name}" must declare either `file` or `environment`', ("secrets", name))
    for name, volume in (model.get("volumes") or {}).items():
        if isinstance(volume, dict) and volume.get("external") not in (None, False) and "driver" in volume:
            message = f'volumes.{name}: conflicting parameters "external" and "driver" specified'
            raise _fail(message, ("volumes", name), False)


def _check_cycles(services: dict[str, Any]) -> None:
    """Iterative depth-first search over ``depends_on`` (deep chains must not hit Python's recursion
    limit); the message lists the cycle as compose-go prints it."""
    state: dict[str, int] = {}  # 1 on the current path, 2 done
    for root in sorted(services):
        if root in state:
            continue
        path: list[str] = [root]
        state[root] = 1
        iterators = [iter(sorted((services.get(root) or {}).get("depends_on") or {}))]
        while iterators:
            dep = next(iterators[-1], None)
            if dep is None:
                iterators.pop()
                state[path.pop()] = 2
                continue
            if dep not in services:
                continue
            if state.get(dep) == 1:
                cycle = [*path[path.index(dep) :], dep]
                raise _fail("dependency cycle detected: " + " -> ".join(cycle), ("services", path[-1]), False)
            if dep not in state:
                state[dep] = 1
                path.append(dep)
                iterators.append(iter(sorted((services.get(dep) or {}).get("depends_on") or {})))
