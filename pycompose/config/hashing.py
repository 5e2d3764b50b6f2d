"""The ``com.docker.compose.config-hash`` of a service, byte for byte as Docker Compose v2.40.3 computes it.

Docker Compose decides whether to recreate a container by comparing the hash in its
``com.docker.compose.config-hash`` label with the hash of the service as configured now
(``pkg/compose/hash.go`` ``ServiceHash``). For pycompose and Docker Compose to converge each other's
stacks without needless recreation, pycompose must produce the very same digest::

    o.Build = nil; o.PullPolicy = ""; o.Scale = nil; o.Deploy.Replicas = nil
    o.DependsOn = nil; o.Profiles = nil
    sha256(json.Marshal(o))

``json.Marshal`` of compose-go's ``types.ServiceConfig`` writes struct fields in *declaration* order
(not alphabetical), drops ``omitempty`` zero values, sorts map keys, omits ``json:"-"`` fields (the
service name and every ``x-*`` extension) and HTML-escapes ``<``, ``>`` and ``&``. The input here is a
service as ``docker compose config --format json`` prints it, whose values are already in their
marshalled form (durations as ``"1m30s"``, byte sizes as ``"1073741824"``, ``command: null``...); what
is left to reproduce is the field order of every nested Go struct, stated below as data, one table per
Go type, rather than as code per field.

Three hashes of one service exist, and they differ in what is hashed, not in how:

- :func:`label_hash` is what ``up``/``create`` write into the label and compare against: the service
  after ``up``'s own rewrites (API socket injection, ``service:`` references replaced by container
  IDs). This is the one that decides recreation.
- :func:`service_hash` is ``ServiceHash`` of the service as given: ``config --hash`` for a service
  without ``env_file``.
- ``docker compose config --hash`` loads the project without environment resolution, so for a
  service with ``env_file`` it hashes ``env_file`` (see ``"envfile"`` below) and the unmerged
  ``environment``; :func:`service_hash` gives that too when handed such an unresolved service.
"""

from __future__ import annotations

import hashlib
import json
import math
import struct
from collections.abc import Mapping
from typing import Any

__all__ = [
    "GO_STRUCTS",
    "HASH_CLEARED_FIELDS",
    "go_json",
    "go_struct_order",
    "label_hash",
    "resolve_service_references",
    "service_hash",
    "with_api_socket",
]

# A field of a Go struct as encoding/json sees it: (json key, omitempty, Go type).
#
# Go types are written as small strings so the tables read like the Go source:
#   "str" "bool" "int" "float32"  scalars (int covers every Go integer type)
#   "bytes"      UnitBytes: marshalled as a decimal string; its zero "0" is omitted
#   "duration"   Duration: marshalled as time.Duration.String(); its zero "0s" is omitted
#   "any"        a value whose marshalled form is taken as given (maps sorted, lists kept)
#   "*T"         pointer to T: nil -> null, omitempty drops only nil
#   "[]T"        slice of T: nil -> null, omitempty drops nil and empty
#   "map[]T"     map with string keys, sorted as Go does
#   "ulimit"     *UlimitsConfig: a bare int when ``single`` is set, else the UlimitsConfig struct
#   "envfile"    EnvFile, whose MarshalJSON writes the path alone when required, else
#                {"path": ..., "required": false} (``format`` is not marshalled at all)
#   "hostslist"  HostsList, whose MarshalJSON writes a sorted list of "host=ip"
#   Any other name is a struct of GO_STRUCTS; encoding/json never omits a non-pointer struct.
Field = tuple[str, bool, str]

# Field order, json tags and types of compose-go v2.9.1 as compiled into docker/compose v2.40.3: read
# from the binary's runtime type descriptors (its struct fields and tags), not from a source tree,
# which has moved on since (e.g. EnvFile.Required became an ``omitzero`` OptOut, ServiceHook grew
# ``copy``). Fields tagged json:"-" (Name, CustomLabels, Extensions) are absent: Go never marshals
# them, which is also why ``x-*`` extensions do not count in the hash.
GO_STRUCTS: dict[str, tuple[Field, ...]] = {
    "ServiceConfig": (
        ("profiles", True, "[]str"),
        ("annotations", True, "map[]str"),
        ("attach", True, "*bool"),
        ("build", True, "*any"),
        ("develop", True, "*DevelopConfig"),
        ("blkio_config", True, "*BlkioConfig"),
        ("cap_add", True, "[]str"),
        ("cap_drop", True, "[]str"),
        ("cgroup_parent", True, "str"),
        ("cgroup", True, "str"),
        ("cpu_count", True, "int"),
        ("cpu_percent", True, "float32"),
        ("cpu_period", True, "int"),
        ("cpu_quota", True, "int"),
        ("cpu_rt_period", True, "int"),
        ("cpu_rt_runtime", True, "int"),
        ("cpus", True, "float32"),
        ("cpuset", True, "str"),
        ("cpu_shares", True, "int"),
        ("command", False, "[]str"),
        ("configs", True, "[]FileReferenceConfig"),
        ("container_name", True, "str"),
        ("credential_spec", True, "*CredentialSpecConfig"),
        ("depends_on", True, "map[]ServiceDependency"),
        ("deploy", True, "*DeployConfig"),
        ("device_cgroup_rules", True, "[]str"),
        ("devices", True, "[]DeviceMapping"),
        ("dns", True, "[]str"),
        ("dns_opt", True, "[]str"),
        ("dns_search", True, "[]str"),
        ("dockerfile", True, "str"),
        ("domainname", True, "str"),
        ("entrypoint", False, "[]str"),
        ("provider", True, "*ServiceProviderConfig"),
        ("environment", True, "map[]*str"),
        ("env_file", True, "[]envfile"),
        ("expose", True, "[]str"),
        ("extends", True, "*ExtendsConfig"),
        ("external_links", True, "[]str"),
        ("extra_hosts", True, "hostslist"),
        ("group_add", True, "[]str"),
        ("gpus", True, "[]DeviceRequest"),
        ("hostname", True, "str"),
        ("healthcheck", True, "*HealthCheckConfig"),
        ("image", True, "str"),
        ("init", True, "*bool"),
        ("ipc", True, "str"),
        ("isolation", True, "str"),
        ("labels", True, "map[]str"),
        ("label_file", True, "[]str"),
        ("links", True, "[]str"),
        ("logging", True, "*LoggingConfig"),
        ("log_driver", True, "str"),
        ("log_opt", True, "map[]str"),
        ("mem_limit", True, "bytes"),
        ("mem_reservation", True, "bytes"),
        ("memswap_limit", True, "bytes"),
        ("mem_swappiness", True, "bytes"),
        ("mac_address", True, "str"),
        ("models", True, "map[]*ServiceModelConfig"),
        ("net", True, "str"),
        ("network_mode", True, "str"),
        ("networks", True, "map[]*ServiceNetworkConfig"),
        ("oom_kill_disable", True, "bool"),
        ("oom_score_adj", True, "int"),
        ("pid", True, "str"),
        ("pids_limit", True, "int"),
        ("platform", True, "str"),
        ("ports", True, "[]ServicePortConfig"),
        ("privileged", True, "bool"),
        ("pull_policy", True, "str"),
        ("read_only", True, "bool"),
        ("restart", True, "str"),
        ("runtime", True, "str"),
        ("scale", True, "*int"),
        ("secrets", True, "[]FileReferenceConfig"),
        ("security_opt", True, "[]str"),
        ("shm_size", True, "bytes"),
        ("stdin_open", True, "bool"),
        ("stop_grace_period", True, "*duration"),
        ("stop_signal", True, "str"),
        ("storage_opt", True, "map[]str"),
        ("sysctls", True, "map[]str"),
        ("tmpfs", True, "[]str"),
        ("tty", True, "bool"),
        ("ulimits", True, "map[]ulimit"),
        ("use_api_socket", True, "bool"),
        ("user", True, "str"),
        ("userns_mode", True, "str"),
        ("uts", True, "str"),
        ("volume_driver", True, "str"),
        ("volumes", True, "[]ServiceVolumeConfig"),
        ("volumes_from", True, "[]str"),
        ("working_dir", True, "str"),
        ("post_start", True, "[]ServiceHook"),
        ("pre_stop", True, "[]ServiceHook"),
    ),
    "ServiceProviderConfig": (
        ("type", True, "str"),
        ("options", True, "map[][]str"),
    ),
    "DevelopConfig": (("watch", True, "[]Trigger"),),
    "Trigger": (
        ("path", False, "str"),
        ("action", False, "str"),
        ("target", True, "str"),
        ("exec", True, "ServiceHook"),
        ("include", True, "[]str"),
        ("ignore", True, "[]str"),
        ("initial_sync", True, "bool"),
    ),
    "ServiceHook": (
        ("command", False, "[]str"),
        ("user", True, "str"),
        ("privileged", True, "bool"),
        ("working_dir", True, "str"),
        ("environment", True, "map[]*str"),
    ),
    "BlkioConfig": (
        ("weight", True, "int"),
        ("weight_device", True, "[]WeightDevice"),
        ("device_read_bps", True, "[]ThrottleDevice"),
        ("device_read_iops", True, "[]ThrottleDevice"),
        ("device_write_bps", True, "[]ThrottleDevice"),
        ("device_write_iops", True, "[]ThrottleDevice"),
    ),
    # No json tags in Go: the keys are the Go field names themselves.
    "WeightDevice": (("Path", False, "str"), ("Weight", False, "int")),
    "ThrottleDevice": (("Path", False, "str"), ("Rate", False, "bytes")),
    "DeviceMapping": (
        ("source", True, "str"),
        ("target", True, "str"),
        ("permissions", True, "str"),
    ),
    "DeviceRequest": (
        ("capabilities", True, "[]str"),
        ("driver", True, "str"),
        ("count", True, "int"),
        ("device_ids", True, "[]str"),
        ("options", True, "map[]str"),
    ),
    "LoggingConfig": (
        ("driver", True, "str"),
        ("options", True, "map[]str"),
    ),
    "DeployConfig": (
        ("mode", True, "str"),
        ("replicas", True, "*int"),
        ("labels", True, "map[]str"),
        ("update_config", True, "*UpdateConfig"),
        ("rollback_config", True, "*UpdateConfig"),
        ("resources", True, "Resources"),
        ("restart_policy", True, "*RestartPolicy"),
        ("placement", True, "Placement"),
        ("endpoint_mode", True, "str"),
    ),
    "UpdateConfig": (
        ("parallelism", True, "*int"),
        ("delay", True, "duration"),
        ("failure_action", True, "str"),
        ("monitor", True, "duration"),
        ("max_failure_ratio", True, "float32"),
        ("order", True, "str"),
    ),
    "Resources": (
        ("limits", True, "*Resource"),
        ("reservations", True, "*Resource"),
    ),
    "Resource": (
        ("cpus", True, "float32"),
        ("memory", True, "bytes"),
        ("pids", True, "int"),
        ("devices", True, "[]DeviceRequest"),
        ("generic_resources", True, "[]GenericResource"),
    ),
    "GenericResource": (("discrete_resource_spec", True, "*DiscreteGenericResource"),),
    "DiscreteGenericResource": (("kind", False, "str"), ("value", False, "int")),
    "RestartPolicy": (
        ("condition", True, "str"),
        ("delay", True, "*duration"),
        ("max_attempts", True, "*int"),
        ("window", True, "*duration"),
    ),
    "Placement": (
        ("constraints", True, "[]str"),
        ("preferences", True, "[]PlacementPreferences"),
        ("max_replicas_per_node", True, "int"),
    ),
    "PlacementPreferences": (("spread", True, "str"),),
    "ServiceNetworkConfig": (
        ("aliases", True, "[]str"),
        ("driver_opts", True, "map[]str"),
        ("gw_priority", True, "int"),
        ("interface_name", True, "str"),
        ("ipv4_address", True, "str"),
        ("ipv6_address", True, "str"),
        ("link_local_ips", True, "[]str"),
        ("mac_address", True, "str"),
        ("priority", True, "int"),
    ),
    "ServicePortConfig": (
        ("name", True, "str"),
        ("mode", True, "str"),
        ("host_ip", True, "str"),
        ("target", True, "int"),
        ("published", True, "str"),
        ("protocol", True, "str"),
        ("app_protocol", True, "str"),
    ),
    "ServiceVolumeConfig": (
        ("type", True, "str"),
        ("source", True, "str"),
        ("target", True, "str"),
        ("read_only", True, "bool"),
        ("consistency", True, "str"),
        ("bind", True, "*ServiceVolumeBind"),
        ("volume", True, "*ServiceVolumeVolume"),
        ("tmpfs", True, "*ServiceVolumeTmpfs"),
        ("image", True, "*ServiceVolumeImage"),
    ),
    "ServiceVolumeBind": (
        ("selinux", True, "str"),
        ("propagation", True, "str"),
        ("create_host_path", True, "bool"),
        ("recursive", True, "str"),
    ),
    "ServiceVolumeVolume": (
        ("labels", True, "map[]str"),
        ("nocopy", True, "bool"),
        ("subpath", True, "str"),
    ),
    "ServiceVolumeTmpfs": (
        ("size", True, "bytes"),
        ("mode", True, "int"),
    ),
    "ServiceVolumeImage": (("subpath", True, "str"),),
    # ServiceConfigObjConfig and ServiceSecretConfig are both this struct under another name.
    "FileReferenceConfig": (
        ("source", True, "str"),
        ("target", True, "str"),
        ("uid", True, "str"),
        ("gid", True, "str"),
        ("mode", True, "*any"),  # *FileMode, marshalled as an octal string such as "0440"
    ),
    "UlimitsConfig": (
        ("single", True, "int"),
        ("soft", True, "int"),
        ("hard", True, "int"),
    ),
    "CredentialSpecConfig": (
        ("config", True, "str"),
        ("file", True, "str"),
        ("registry", True, "str"),
    ),
    "ServiceDependency": (
        ("condition", True, "str"),
        ("restart", True, "bool"),
        ("required", False, "bool"),
    ),
    "ExtendsConfig": (
        ("file", True, "str"),
        ("service", True, "str"),
    ),
    "HealthCheckConfig": (
        ("test", True, "[]str"),
        ("timeout", True, "*duration"),
        ("interval", True, "*duration"),
        ("retries", True, "*int"),
        ("start_period", True, "*duration"),
        ("start_interval", True, "*duration"),
        ("disable", True, "bool"),
    ),
    "ServiceModelConfig": (
        ("endpoint_var", True, "str"),
        ("model_var", True, "str"),
    ),
}

# ServiceHash clears these before marshalling: they change how a service is built, pulled or scaled
# and in what order it starts, none of which calls for recreating its containers.
HASH_CLEARED_FIELDS: frozenset[str] = frozenset({"build", "pull_policy", "scale", "depends_on", "profiles"})

_STRUCT_FIELDS: dict[str, dict[str, Field]] = {
    name: {field[0]: field for field in fields} for name, fields in GO_STRUCTS.items()
}


def go_struct_order(type_name: str) -> tuple[str, ...]:
    """The JSON keys of a compose-go struct in the order ``json.Marshal`` writes them."""
    return tuple(field[0] for field in GO_STRUCTS[type_name])


def service_hash(service: Mapping[str, Any], *, dollars_escaped: bool = True) -> str:
    """``ServiceHash`` of a service: sha256 hex of its Go JSON without the fields it clears.

    ``service`` is one entry of ``services`` in ``docker compose config --format json`` output, key
    order irrelevant. That output doubles every ``$``; ``dollars_escaped=False`` says the strings
    hold the real values already. This is what ``docker compose config --hash`` prints for a service
    without ``env_file`` (which that command keeps unresolved); the value ``up`` writes into the
    ``com.docker.compose.config-hash`` label is :func:`label_hash`, which differs only for services
    with ``use_api_socket``, ``service:`` references or ``volumes_from``.

    Raises ``ValueError`` for a key compose-go's ``ServiceConfig`` does not have (other than
    ``x-*`` and ``name``), because hashing without it would silently give a digest Docker Compose
    never computes, and every ``up`` would then recreate the service.
    """
    cleared = {key: value for key, value in service.items() if key not in HASH_CLEARED_FIELDS}
    deploy = cleared.get("deploy")
    if isinstance(deploy, Mapping):
        cleared["deploy"] = {key: value for key, value in deploy.items() if key != "replicas"}
    if dollars_escaped:
        cleared = _unescape_dollars(cleared)
    return hashlib.sha256(go_json(cleared, "ServiceConfig").encode("utf-8")).hexdigest()


def label_hash(
    service: Mapping[str, Any],
    *,
    container_ids: Mapping[str, str] | None = None,
    dollars_escaped: bool = True,
) -> str:
    """The ``com.docker.compose.config-hash`` label ``docker compose up``/``create`` gives a container.

    ``up`` does not hash the service as configured but as it is about to create it, after two
    rewrites (``pkg/compose/apiSocket.go`` and ``convergence.go`` ``resolveServiceReferences``):
    :func:`with_api_socket`, then :func:`resolve_service_references` with ``container_ids``, the ID
    of the first container of each service this one refers to. An existing container is up to date
    when its label equals this value computed again; so after a namespace provider is recreated its
    new ID changes the hash of every service sharing its namespace, which recreates them too.

    Not reproduced: services using ``models``, into whose ``environment`` ``up`` first writes the
    endpoint and model variables that the Docker Model plugin reports (``SetModelVariables``).
    """
    created = with_api_socket(service)
    if _service_references(created):
        created = resolve_service_references(created, container_ids or {})
    return service_hash(created, dollars_escaped=dollars_escaped)


def with_api_socket(service: Mapping[str, Any]) -> dict[str, Any]:
    """A ``use_api_socket: true`` service as ``up`` creates it: socket, client config and its path.

    Docker Compose bind-mounts ``/var/run/docker.sock`` (whatever the Docker endpoint), mounts a
    generated client config as the ``#apisocket`` config, and sets ``DOCKER_CONFIG`` unless the
    service sets it (even to null). Other services are returned unchanged (as a copy).
    """
    created = dict(service)
    if created.get("use_api_socket") is not True:
        return created
    created["volumes"] = [
        *(created.get("volumes") or []),
        {"type": "bind", "source": "/var/run/docker.sock", "target": "/var/run/docker.sock"},
    ]
    environment = dict(created.get("environment") or {})
    environment.setdefault("DOCKER_CONFIG", "/run/secrets/docker")
    created["environment"] = environment
    created["configs"] = [
        *(created.get("configs") or []),
        {"source": "#apisocket", "target": "/run/secrets/docker/config.json"},
    ]
    return created


def resolve_service_references(
    service: Mapping[str, Any], container_ids: Mapping[str, str]
) -> dict[str, Any]:
    """Replace references to other services by container IDs, as ``up`` does before hashing.

    ``network_mode``, ``ipc`` and ``pid`` of the form ``service:NAME`` become ``container:ID``; each
    ``volumes_from`` entry ``NAME[:mode]`` becomes the bare ``ID`` and ``container:X[:mode]`` the bare
    ``X`` (Docker Compose drops the mode from what it hashes). ``container_ids`` maps a service name
    to the ID of its first container, sorted by name; a missing one raises ``KeyError``, as Docker
    Compose refuses to share the namespace of a service that has no container.
    """
    resolved = dict(service)
    volumes_from = resolved.get("volumes_from")
    if volumes_from:
        entries = []
        for entry in volumes_from:
            parts = entry.split(":")
            if parts[0] == "container":
                entries.append(parts[1] if len(parts) > 1 else "")
            else:
                entries.append(_container_id(container_ids, parts[0], "share volumes with"))
        resolved["volumes_from"] = entries
    for key, what in (("network_mode", "network"), ("ipc", "IPC"), ("pid", "PID")):
        mode = resolved.get(key)
        if isinstance(mode, str) and mode.startswith("service:"):
            name = mode[len("service:") :]
            resolved[key] = "container:" + _container_id(
                container_ids, name, f"share the {what} namespace of"
            )
    return resolved


def _service_references(service: Mapping[str, Any]) -> bool:
    """Whether ``up`` rewrites part of this service with container IDs before hashing it."""
    if service.get("volumes_from"):
        return True
    return any(
        isinstance(service.get(key), str) and service[key].startswith("service:")
        for key in ("network_mode", "ipc", "pid")
    )


def _container_id(container_ids: Mapping[str, str], name: str, action: str) -> str:
    try:
        return container_ids[name]
    except KeyError:
        raise KeyError(f"cannot {action} service {name!r}: no container ID given for it") from None


def go_json(value: Any, go_type: str = "any", path: str = "") -> str:
    """Compact JSON of ``value`` as Go's ``json.Marshal`` writes the Go type ``go_type``.

    ``path`` only names the place of a bad value in error messages.
    """
    if go_type.startswith("*"):
        return "null" if value is None else go_json(value, go_type[1:], path)
    if go_type.startswith("[]"):
        if value is None:
            return "null"
        _expect(value, list, go_type, path)
        elem = go_type[2:]
        return "[" + ",".join(go_json(item, elem, f"{path}[{i}]") for i, item in enumerate(value)) + "]"
    if go_type.startswith("map[]"):
        if value is None:
            return "null"
        _expect(value, Mapping, go_type, path)
        elem = go_type[5:]
        items = sorted(value.items())
        return "{" + ",".join(_go_str(k) + ":" + go_json(v, elem, f"{path}.{k}") for k, v in items) + "}"
    if go_type in _STRUCT_FIELDS:
        return _go_struct(value, go_type, path)
    if go_type == "envfile":
        return _go_env_file(value, path)
    if go_type == "hostslist":
        if value is None:
            return "null"
        _expect(value, list, go_type, path)
        return go_json(sorted(value), "[]str", path)
    if go_type == "ulimit":
        if value is None:
            return "null"
        if isinstance(value, Mapping):
            return _go_struct(value, "UlimitsConfig", path)
        return _go_int(value, path)
    if go_type in ("str", "bytes", "duration"):
        _expect(value, str, go_type, path)
        return _go_str(value)
    if go_type == "bool":
        _expect(value, bool, go_type, path)
        return "true" if value else "false"
    if go_type == "int":
        return _go_int(value, path)
    if go_type == "float32":
        return _go_float32(value, path)
    if go_type == "any":
        return _go_any(value, path)
    raise ValueError(f"unknown Go type {go_type!r} in the hashing tables")


def _go_struct(value: Any, type_name: str, path: str) -> str:
    """A struct: its fields in declaration order, ``omitempty`` zero values left out."""
    _expect(value, Mapping, type_name, path)
    fields = _STRUCT_FIELDS[type_name]
    for key in value:
        if (
            key not in fields
            and not key.startswith("x-")
            and not (type_name == "ServiceConfig" and key == "name")
        ):
            where = f"{path}.{key}" if path else key
            raise ValueError(
                f"{where}: not a field of compose-go {type_name}, so Docker Compose cannot hash it"
            )
    parts = []
    for key, omitempty, go_type in GO_STRUCTS[type_name]:
        if key not in value:
            if not omitempty or go_type in _STRUCT_FIELDS:
                parts.append(_go_str(key) + ":" + _zero_json(go_type))
            continue
        item = value[key]
        if omitempty and _is_empty(item, go_type):
            continue
        parts.append(_go_str(key) + ":" + go_json(item, go_type, f"{path}.{key}" if path else key))
    return "{" + ",".join(parts) + "}"


def _is_empty(value: Any, go_type: str) -> bool:
    """Go's ``omitempty`` test, applied to the marshalled form of the value."""
    if value is None:
        return True
    if go_type.startswith("*") or go_type in _STRUCT_FIELDS:
        return False  # a non-nil pointer, or a struct: encoding/json never omits either
    if go_type == "bytes":
        return value in ("0", 0)
    if go_type == "duration":
        return value in ("0s", 0)
    if go_type == "any":
        return False
    return value in ("", False, 0, [], {})


def _zero_json(go_type: str) -> str:
    """The JSON a Go zero value of a non-omitempty field marshals to (key absent from the input)."""
    if go_type.startswith(("*", "[]", "map[]")) or go_type in ("any", "ulimit", "hostslist"):
        return "null"
    if go_type in _STRUCT_FIELDS:
        return _go_struct({}, go_type, "")
    zeros = {
        "str": '""',
        "bool": "false",
        "int": "0",
        "float32": "0",
        "bytes": '"0"',
        "duration": '"0s"',
        "envfile": '""',
    }
    return zeros[go_type]


def _go_env_file(value: Any, path: str) -> str:
    """``(*EnvFile).MarshalJSON``: the bare path when required, else a map of path and required.

    Accepts either marshalled form, or the long syntax mapping with ``required`` defaulting to true.
    """
    if isinstance(value, str):
        return _go_str(value)
    _expect(value, Mapping, "EnvFile", path)
    env_path = value.get("path", "")
    _expect(env_path, str, "string", f"{path}.path")
    if value.get("required", True) is False:
        return "{" + '"path":' + _go_str(env_path) + ',"required":false}'
    return _go_str(env_path)


def _go_any(value: Any, path: str) -> str:
    """A value of unknown Go type: maps sorted, everything else as JSON spells it."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return _go_str(value)
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return _go_float64(value)
    if isinstance(value, Mapping):
        return go_json(value, "map[]any", path)
    if isinstance(value, (list, tuple)):
        return "[" + ",".join(_go_any(item, f"{path}[{i}]") for i, item in enumerate(value)) + "]"
    raise TypeError(f"{path}: cannot marshal {type(value).__name__}")


def _go_str(text: str) -> str:
    """A JSON string as Go writes it: UTF-8 kept, ``<>&`` and U+2028/U+2029 escaped."""
    encoded = json.dumps(text, ensure_ascii=False)
    if any(c in text for c in "<>&\u2028\u2029"):
        encoded = (
            encoded.replace("<", "\\u003c")
            .replace(">", "\\u003e")
            .replace("&", "\\u0026")
            .replace("\u2028", "\\u2028")
            .replace("\u2029", "\\u2029")
        )
    return encoded


def _go_int(value: Any, path: str) -> str:
    """An integer; a float with no fraction (as YAML or JSON may give it) is accepted too."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise TypeError(f"{path}: expected an integer, got {value!r}")
    if isinstance(value, float):
        if not value.is_integer():
            raise TypeError(f"{path}: expected an integer, got {value!r}")
        value = int(value)
    return str(value)


def _go_float32(value: Any, path: str) -> str:
    """A Go ``float32`` as encoding/json writes it: the shortest digits that round-trip in 32 bits."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise TypeError(f"{path}: expected a number, got {value!r}")
    f32 = struct.unpack("<f", struct.pack("<f", float(value)))[0]
    shortest = repr(f32)
    for precision in range(1, 10):
        candidate = f"{f32:.{precision}g}"
        if struct.unpack("<f", struct.pack("<f", float(candidate)))[0] == f32:
            shortest = candidate
            break
    return _go_float_layout(shortest)


def _go_float64(value: float) -> str:
    """A Go ``float64`` as encoding/json writes it (Python's repr is also the shortest round-trip)."""
    return _go_float_layout(repr(value))


def _go_float_layout(shortest: str) -> str:
    """Lay shortest digits out as encoding/json does: ``'f'`` format, ``'e'`` below 1e-6 and from 1e21."""
    value = float(shortest)
    if math.isnan(value) or math.isinf(value):
        raise ValueError(f"json: unsupported value: {shortest}")
    if value == 0:
        return "-0" if math.copysign(1.0, value) < 0 else "0"
    text = shortest.lower()
    sign = "-" if text.startswith("-") else ""
    coeff, _, exp_text = text.lstrip("-").partition("e")
    int_part, _, frac_part = coeff.partition(".")
    all_digits = int_part + frac_part
    significant = all_digits.lstrip("0")
    # decimal point position, counted from the first significant digit
    point = len(int_part) + (int(exp_text) if exp_text else 0) - (len(all_digits) - len(significant))
    digits = significant.rstrip("0") or "0"
    if abs(value) < 1e-6 or abs(value) >= 1e21:
        exp = point - 1
        mantissa = digits[0] + ("." + digits[1:] if len(digits) > 1 else "")
        # strconv writes at least two exponent digits; encoding/json trims e-07 to e-7
        exp_digits = f"{abs(exp):02d}" if exp >= 0 else str(-exp)
        return f"{sign}{mantissa}e{'-' if exp < 0 else '+'}{exp_digits}"
    if point <= 0:
        return f"{sign}0.{'0' * (-point)}{digits}"
    if point >= len(digits):
        return f"{sign}{digits}{'0' * (point - len(digits))}"
    return f"{sign}{digits[:point]}.{digits[point:]}"


def _unescape_dollars(value: Any) -> Any:
    """Undo ``docker compose config``'s doubling of every ``$`` in its output (keys included)."""
    if isinstance(value, str):
        return value.replace("$$", "$")
    if isinstance(value, Mapping):
        return {_unescape_dollars(k): _unescape_dollars(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_unescape_dollars(item) for item in value]
    return value


def _expect(value: Any, kind: type | tuple[type, ...], go_type: str, path: str) -> None:
    """Refuse a value whose JSON shape cannot be the marshalled form of ``go_type``."""
    if not isinstance(value, kind):
        raise TypeError(f"{path or 'service'}: {value!r} cannot be the JSON form of Go {go_type}")
