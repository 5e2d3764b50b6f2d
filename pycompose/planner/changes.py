"""Say in words what differs between a running container and the container the file now describes.

The config hash only says *that* a service changed; people learning from the plan need *what*:
``environment MODE: dev -> prod``, ``image busybox:1.35 -> busybox:1.36``, ``command changed``.
Both sides are Engine API shapes: the ``docker inspect`` of the existing container and the create body
the planner would send, so the comparison needs no knowledge of the compose file format.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

_MAX_REASONS = 4

# create-body fields compared one to one, named as the compose file names them
_CONFIG_FIELDS = {
    "Healthcheck": "healthcheck",
    "User": "user",
    "WorkingDir": "working_dir",
    "Hostname": "hostname",
    "Tty": "tty",
    "OpenStdin": "stdin_open",
    "StopSignal": "stop_signal",
    "StopTimeout": "stop_grace_period",
}
_HOST_FIELDS = {
    "Privileged": "privileged",
    "ReadonlyRootfs": "read_only",
    "CapAdd": "cap_add",
    "CapDrop": "cap_drop",
    "Dns": "dns",
    "ExtraHosts": "extra_hosts",
    "Memory": "mem_limit",
    "NanoCpus": "cpus",
    "Init": "init",
    "Tmpfs": "tmpfs",
    "ShmSize": "shm_size",
}


def _env_map(env: Sequence[str] | None) -> dict[str, str | None]:
    out: dict[str, str | None] = {}
    for item in env or ():
        key, sep, value = item.partition("=")
        out[key] = value if sep else None
    return out


def _short(value: Any, limit: int = 40) -> str:
    text = value if isinstance(value, str) else " ".join(value) if isinstance(value, list) else str(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _env_changes(
    old: Sequence[str] | None, new: Sequence[str] | None, image_env: Sequence[str] | None
) -> list[str]:
    before = _env_map(old)
    after = _env_map(new)
    # variables the image defines (PATH...) are in the container's Env but not in the create body
    for key, value in _env_map(image_env).items():
        after.setdefault(key, value)
    out = []
    for key in sorted(set(before) | set(after)):
        if key not in before:
            out.append(f"environment {key} added")
        elif key not in after:
            out.append(f"environment {key} removed")
        elif before[key] != after[key]:
            out.append(f"environment {key}: {_short(before[key] or '')} -> {_short(after[key] or '')}")
    return out


def _labels_changes(old: Mapping[str, str] | None, new: Mapping[str, str] | None) -> list[str]:
    def user(labels: Mapping[str, str] | None) -> dict[str, str]:
        # io.pycompose.release*: a blue-green / canary release's bookkeeping (planner/deploy_strategies.py)
        own = ("com.docker.compose.", "io.pycompose.release")
        return {k: v for k, v in (labels or {}).items() if not k.startswith(own)}

    before, after = user(old), user(new)
    out = []
    for key in sorted(set(before) | set(after)):
        if before.get(key) != after.get(key):
            out.append(f"label {key} changed")
    return out


def _ports(host_config: Mapping[str, Any] | None) -> dict[str, list[tuple[str, str]]]:
    bindings = (host_config or {}).get("PortBindings") or {}
    return {
        port: sorted((b.get("HostIp", "") or "", b.get("HostPort", "") or "") for b in (binds or []))
        for port, binds in bindings.items()
    }


def describe_changes(
    details: Mapping[str, Any] | None,
    body: Mapping[str, Any],
    image_env: Sequence[str] | None = None,
    networks: Sequence[str] | None = None,
) -> list[str]:
    """Reasons for recreating: what of ``body`` differs from the inspected container ``details``."""
    if not details:
        return []
    config = details.get("Config") or {}
    host = details.get("HostConfig") or {}
    new_host = body.get("HostConfig") or {}
    reasons: list[str] = []
    if config.get("Image") != body.get("Image"):
        reasons.append(f"image {config.get('Image')} -> {body.get('Image')}")
    reasons += _env_changes(config.get("Env"), body.get("Env"), image_env)
    if body.get("Cmd") is not None and config.get("Cmd") != body.get("Cmd"):
        reasons.append(f"command: {_short(config.get('Cmd') or [])} -> {_short(body.get('Cmd'))}")
    if body.get("Entrypoint") is not None and config.get("Entrypoint") != body.get("Entrypoint"):
        reasons.append("entrypoint changed")
    if networks is not None:
        attached = set(((details.get("NetworkSettings") or {}).get("Networks") or {}).keys())
        wanted = set(networks)
        if attached and attached != wanted:
            change = [f"+{n}" for n in sorted(wanted - attached)] + [
                f"-{n}" for n in sorted(attached - wanted)
            ]
            reasons.append("networks " + " ".join(change))
    if _ports(host) != _ports(new_host):
        reasons.append("ports changed")
    if sorted(host.get("Binds") or []) != sorted(new_host.get("Binds") or []) or len(
        host.get("Mounts") or []
    ) != len(new_host.get("Mounts") or []):
        reasons.append("volumes changed")
    if (host.get("RestartPolicy") or {}).get("Name", "") != (new_host.get("RestartPolicy") or {}).get(
        "Name", ""
    ):
        reasons.append("restart policy changed")
    for key, words in _CONFIG_FIELDS.items():
        if (
            key in body
            and body.get(key) != config.get(key)
            and not (not body.get(key) and not config.get(key))
        ):
            reasons.append(f"{words} changed")
    for key, words in _HOST_FIELDS.items():
        if (
            key in new_host
            and new_host.get(key) != host.get(key)
            and not (not new_host.get(key) and not host.get(key))
        ):
            reasons.append(f"{words} changed")
    reasons += _labels_changes(config.get("Labels"), body.get("Labels"))
    if len(reasons) > _MAX_REASONS:
        reasons = [*reasons[:_MAX_REASONS], f"and {len(reasons) - _MAX_REASONS} more changes"]
    return reasons
