"""The merged project dict -> what ``docker compose config`` prints.

Runs once, after the ``-f`` files are merged, profiles applied and ``env_file`` inlined. It gathers what
compose-go does after merging, in the same order:

1. *defaults* (``transform/defaults.go``): secret targets, port protocol/mode, device-request counts,
   ``build.context``/``dockerfile``;
2. *decoding* into Go types: byte sizes to integers, durations to Go's format, ``float32`` CPUs, octal
   file modes, ``extra_hosts`` parsed and sorted, ``healthcheck.test`` strings to ``CMD-SHELL``;
3. *normalization* (``loader/normalize.go``): the implicit ``default`` network, implicit ``depends_on``
   from ``links``/``volumes_from``/``network_mode: service:x``, resource names ``<project>_<key>``;
4. the duplicated-field checks of ``checkConsistency`` (``cpus`` vs ``deploy.resources.limits.cpus``...);
5. ``docker compose config`` itself: unused networks/volumes/secrets/configs dropped;
6. the JSON rendering's quirks (``json_shape``): ``"command": null``, ``"ipam": {}``, ``deploy`` with
   ``resources``/``placement``, ``x-*`` dropped below the top level, ``blkio_config`` keys capitalised,
   top-level ``models`` dropped, and struct fields Go's ``omitempty`` leaves out (``privileged: false``,
   ``cap_add: []``, ``priority: 0``...; pointers such as ``init: false`` or ``scale: 0`` stay).
   ``docker compose config --format yaml`` keeps ``x-*`` keys and ``models`` and has no ``ipam: {}``,
   ``command: null`` nor ``deploy.resources: {}``.

Per-attribute conversions are a rule table keyed by path (see :data:`RULES`); the cross-attribute steps
are small functions. Zero values that the Go types cannot hold (``mem_limit: 0``, ``cpus: 0``) are
removed whatever the rendering. Field order is the emitter's business.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from pycompose.config.canonical import (
    OMIT,
    Path,
    apply_rules,
    compile_rules,
    decode_error,
    env_mapping,
    split_command,
    transform_build,
)
from pycompose.config.goformat import go_string
from pycompose.config.units import go_duration, go_float32, parse_go_float, unit_bytes
from pycompose.errors import NormalizeError

__all__ = ["DEFAULT_RULES", "RULES", "apply_defaults", "check_duplicated_fields", "normalize"]


def _dotted(path: Path) -> str:
    return ".".join("[]" if isinstance(p, int) else str(p) for p in path)


# --------------------------------------------------------------------------------------------------
# Value conversions (one attribute each)
# --------------------------------------------------------------------------------------------------


def bytes_omit_zero(value: Any, path: Path) -> Any:
    """A byte size (``1g``) as the decimal string Go prints; 0 is omitted like ``omitempty``."""
    try:
        number = unit_bytes(value)
    except ValueError as exc:
        raise decode_error(path, str(exc)) from None
    return OMIT if number == 0 else str(number)


def bytes_keep_zero(value: Any, path: Path) -> Any:
    """A byte size in a field without ``omitempty`` (``blkio_config`` rates)."""
    try:
        return str(unit_bytes(value))
    except ValueError as exc:
        raise decode_error(path, str(exc)) from None


def duration_keep_zero(value: Any, path: Path) -> Any:
    """A duration in a pointer field: ``0s`` is printed, ``90s`` becomes ``1m30s``."""
    try:
        return go_duration(value)
    except ValueError as exc:
        raise decode_error(path, str(exc)) from None


def duration_omit_zero(value: Any, path: Path) -> Any:
    """A duration in a value field (``update_config.delay``): ``0s`` is omitted."""
    text = duration_keep_zero(value, path)
    return OMIT if text == "0s" else text


def float32_omit_zero(value: Any, path: Path) -> Any:
    """A Go ``float32`` (``cpus``): strings parsed, 32-bit rounding applied, 0 omitted."""
    if isinstance(value, bool):
        return value
    if isinstance(value, str):
        try:
            value = parse_go_float(value)
        except ValueError as exc:
            raise decode_error(path, str(exc)) from None
    if not isinstance(value, int | float):
        return value
    number = go_float32(float(value))
    return OMIT if number == 0 else number


def string_values(value: Any, path: Path) -> Any:
    """``map[string]string`` fields (``driver_opts``, ``logging.options``): scalars as Go prints them."""
    if isinstance(value, dict):
        return {k: v if isinstance(v, str) else go_string(v) for k, v in value.items()}
    return value


def healthcheck_test(value: Any, path: Path) -> Any:
    """``test: curl -f x`` is ``["CMD-SHELL", "curl -f x"]``; lists are kept as written."""
    if isinstance(value, str):
        return ["CMD-SHELL", value]
    return value


def shell_command(value: Any, path: Path) -> Any:
    """``command``/``entrypoint`` strings that reached the merged model unsplit."""
    if isinstance(value, str):
        try:
            return split_command(value)
        except ValueError as exc:
            raise decode_error(path, str(exc)) from None
    return value


def port_defaults(value: Any, path: Path) -> Any:
    """A long-syntax port: protocol ``tcp``, mode ``ingress``, ``published`` as a string."""
    if not isinstance(value, dict):
        return value
    port = dict(value)
    port.setdefault("mode", "ingress")
    port.setdefault("protocol", "tcp")
    published = port.get("published")
    if published is not None and not isinstance(published, str):
        port["published"] = go_string(published)
    target = port.get("target")
    if isinstance(target, str) and target.isdigit():
        port["target"] = int(target)
    return port


def _file_mode(value: Any, path: Path) -> str:
    """compose-go's ``FileMode``: an int, or a string read as octal, printed as ``0<octal>``."""
    if isinstance(value, str):
        try:
            value = int(value, 8)
        except ValueError:
            raise decode_error(path, f'strconv.ParseInt: parsing "{value}": invalid syntax') from None
    return f"0{value:o}"


def file_reference(value: Any, path: Path) -> Any:
    """A service ``configs``/``build.secrets`` entry: ``mode`` as an octal string."""
    if isinstance(value, str):
        value = {"source": value}
    if isinstance(value, dict) and isinstance(value.get("mode"), int | str):
        return {**value, "mode": _file_mode(value["mode"], (*path, "mode"))}
    return value


def secret_reference(value: Any, path: Path) -> Any:
    """A service ``secrets`` entry: ``target`` defaults to ``/run/secrets/<source>``, ``mode`` is octal."""
    return secret_target_default(file_reference(value, path), path)


def _host_entries(value: Any) -> list[tuple[str, str]]:
    """``extra_hosts`` as (host, ip) pairs, like compose-go's ``HostsList`` decoding."""
    pairs: list[tuple[str, str]] = []
    if isinstance(value, dict):
        for host, ips in value.items():
            for ip in ips if isinstance(ips, list) else [ips]:
                pairs.append((str(host), "" if ip is None else str(ip)))
        return pairs
    for entry in value:
        text = str(entry)
        for sep in ("=", ":"):
            host, found, ips = text.partition(sep)
            if found:
                pairs.extend((host, ip) for ip in ips.split(","))
                break
        else:
            raise ValueError(f"invalid additional host, missing IP: {text}")
    return pairs


def extra_hosts(value: Any, path: Path) -> Any:
    """``extra_hosts`` as the sorted list of ``host=ip`` Docker Compose prints; ``[::1]`` loses brackets."""
    if not isinstance(value, list | dict):
        return value
    try:
        pairs = _host_entries(value)
    except ValueError as exc:
        raise decode_error(path, str(exc)) from None
    out = []
    for host, ip in pairs:
        if not host or ":" in host or "=" in host:
            raise decode_error(path, f"bad host name '{host}'")
        if len(ip) > 2 and ip[0] == "[" and ip[-1] == "]":
            ip = ip[1:-1]
        out.append(f"{host}={ip}")
    out.sort()
    return out


def device_request(value: Any, path: Path) -> Any:
    """A GPU/device request: ``count: all`` is -1, and -1 when neither count nor ``device_ids`` is set."""
    if not isinstance(value, dict):
        return value
    has_count, has_ids = "count" in value, "device_ids" in value
    if has_count and has_ids:
        raise NormalizeError(f'{_dotted(path)}: "count" and "device_ids" attributes are exclusive', path=path)
    request = dict(value)
    if not has_ids:
        count = request.get("count", "all")
        if count == "all":
            count = -1
        elif isinstance(count, str) and count.lstrip("-").isdigit():
            count = int(count)
        request["count"] = count
    if "options" in request:
        request["options"] = string_values(request["options"], (*path, "options"))
    return request


def build_ssh(value: Any, path: Path) -> Any:
    """``build.ssh`` (a map after canonical) as the list Docker Compose prints: ``default``, ``id=path``."""
    if isinstance(value, dict):
        return [k if v is None else f"{k}={v}" for k, v in sorted(value.items())]
    return value


def pull_policy(value: Any, path: Path) -> Any:
    """``if_not_present`` is the old spelling of ``missing``."""
    return "missing" if value == "if_not_present" else value


RULES: dict[str, Callable[[Any, Path], Any]] = {
    "services.*.blkio_config.device_read_bps.[].rate": bytes_keep_zero,
    "services.*.blkio_config.device_read_iops.[].rate": bytes_keep_zero,
    "services.*.blkio_config.device_write_bps.[].rate": bytes_keep_zero,
    "services.*.blkio_config.device_write_iops.[].rate": bytes_keep_zero,
    "services.*.build.extra_hosts": extra_hosts,
    "services.*.build.secrets.[]": file_reference,
    "services.*.build.shm_size": bytes_omit_zero,
    "services.*.build.ssh": build_ssh,
    "services.*.command": shell_command,
    "services.*.configs.[]": file_reference,
    "services.*.cpu_percent": float32_omit_zero,
    "services.*.cpus": float32_omit_zero,
    "services.*.deploy.resources.limits.cpus": float32_omit_zero,
    "services.*.deploy.resources.limits.memory": bytes_omit_zero,
    "services.*.deploy.resources.reservations.cpus": float32_omit_zero,
    "services.*.deploy.resources.reservations.devices.[]": device_request,
    "services.*.deploy.resources.reservations.memory": bytes_omit_zero,
    "services.*.deploy.restart_policy.delay": duration_keep_zero,
    "services.*.deploy.restart_policy.window": duration_keep_zero,
    "services.*.deploy.rollback_config.delay": duration_omit_zero,
    "services.*.deploy.rollback_config.max_failure_ratio": float32_omit_zero,
    "services.*.deploy.rollback_config.monitor": duration_omit_zero,
    "services.*.deploy.update_config.delay": duration_omit_zero,
    "services.*.deploy.update_config.max_failure_ratio": float32_omit_zero,
    "services.*.deploy.update_config.monitor": duration_omit_zero,
    "services.*.entrypoint": shell_command,
    "services.*.extra_hosts": extra_hosts,
    "services.*.gpus.[]": device_request,
    "services.*.healthcheck.interval": duration_keep_zero,
    "services.*.healthcheck.start_interval": duration_keep_zero,
    "services.*.healthcheck.start_period": duration_keep_zero,
    "services.*.healthcheck.test": healthcheck_test,
    "services.*.healthcheck.timeout": duration_keep_zero,
    "services.*.logging.options": string_values,
    "services.*.mem_limit": bytes_omit_zero,
    "services.*.mem_reservation": bytes_omit_zero,
    "services.*.mem_swappiness": bytes_omit_zero,
    "services.*.memswap_limit": bytes_omit_zero,
    "services.*.networks.*.driver_opts": string_values,
    "services.*.ports.[]": port_defaults,
    "services.*.pull_policy": pull_policy,
    "services.*.secrets.[]": secret_reference,
    "services.*.shm_size": bytes_omit_zero,
    "services.*.stop_grace_period": duration_keep_zero,
    "services.*.volumes.[].tmpfs.size": bytes_omit_zero,
    "networks.*.driver_opts": string_values,
    "secrets.*.driver_opts": string_values,
    "volumes.*.driver_opts": string_values,
}

_ROOT = compile_rules(RULES)


def build_context_default(value: Any, path: Path) -> Any:
    """``build`` without ``context`` builds the project directory (``.`` before paths are resolved)."""
    value = transform_build(value, path)
    if isinstance(value, dict) and value.get("context") is None:
        return {**value, "context": "."}
    return value


def secret_target_default(value: Any, path: Path) -> Any:
    """A service secret without ``target`` is mounted at ``/run/secrets/<source>``."""
    if isinstance(value, str):
        value = {"source": value}
    if isinstance(value, dict) and "target" not in value:
        return {**value, "target": f"/run/secrets/{value.get('source')}"}
    return value


# compose-go's transform/defaults.go: defaults that must be set after merging (an override file must not
# reset the base file's value to a default) but before relative paths are resolved (``context: .``).
DEFAULT_RULES: dict[str, Callable[[Any, Path], Any]] = {
    "services.*.build": build_context_default,
    "services.*.deploy.resources.reservations.devices.[]": device_request,
    "services.*.gpus.[]": device_request,
    "services.*.ports.[]": port_defaults,
    "services.*.secrets.[]": secret_target_default,
}

_DEFAULTS_ROOT = compile_rules(DEFAULT_RULES)


def apply_defaults(config: dict) -> dict:
    """The merged model with compose-go's default values set (see :data:`DEFAULT_RULES`).

    Call it after the ``-f`` files (or an ``include``'s files) are merged and before relative paths are
    resolved, so that a defaulted ``build.context`` becomes the project directory. :func:`normalize` sets
    the same defaults again, so calling this is only needed for the path of the default build context.
    """
    return apply_rules(_DEFAULTS_ROOT, config)


# --------------------------------------------------------------------------------------------------
# Cross-attribute steps
# --------------------------------------------------------------------------------------------------

_SERVICE_REFERENCES = ("network_mode", "ipc", "pid", "uts", "cgroup")


def _implicit_depends_on(service: dict[str, Any]) -> dict[str, Any] | None:
    """``links``, ``service:x`` namespaces and ``volumes_from`` add dependencies not already declared."""
    depends_on = dict(service.get("depends_on") or {})
    before = len(depends_on)
    for link in service.get("links") or ():
        parts = link.split(":")
        name = parts[0] if len(parts) == 2 else link
        depends_on.setdefault(name, {"condition": "service_started", "restart": True, "required": True})
    for key in _SERVICE_REFERENCES:
        ref = service.get(key)
        if isinstance(ref, str) and ref.startswith("service:"):
            depends_on.setdefault(
                ref[len("service:") :], {"condition": "service_started", "restart": True, "required": True}
            )
    for source in service.get("volumes_from") or ():
        if not source.startswith("container:"):
            depends_on.setdefault(source.split(":")[0], {"condition": "service_started", "required": True})
    return depends_on if len(depends_on) != before else None


def _build_defaults(build: Any, env: Mapping[str, str] | None, project_dir: str | None, path: Path) -> Any:
    """``build``: context defaults to the project directory, ``dockerfile`` to ``Dockerfile``."""
    build = transform_build(build, path)
    if not isinstance(build, dict):
        return build
    build = dict(build)
    if build.get("context") is None:
        build["context"] = project_dir or "."
    if build.get("dockerfile") is None and build.get("dockerfile_inline") is None:
        build["dockerfile"] = "Dockerfile"
    if env is not None and "args" in build:
        args = env_mapping(build["args"], (*path, "args"))
        resolved = {}
        for key, val in args.items():
            if val is None:
                val = env.get(key)
                if val is None:
                    continue
            resolved[key] = val
        build["args"] = resolved
    return build


def _resolve_environment(environment: Any, env: Mapping[str, str], path: Path) -> Any:
    """``KEY`` without a value takes the variable from ``env``, or stays null."""
    environment = env_mapping(environment, path)
    if not isinstance(environment, dict):
        return environment
    return {k: env.get(k) if v is None else v for k, v in environment.items()}


def _normalize_service(
    name: str, service: dict[str, Any], env: Mapping[str, str] | None, project_dir: str | None
) -> dict[str, Any]:
    service = dict(service)
    path = ("services", name)
    if "build" in service:
        service["build"] = _build_defaults(service["build"], env, project_dir, (*path, "build"))
    if env is not None and "environment" in service:
        service["environment"] = _resolve_environment(service["environment"], env, (*path, "environment"))
    if isinstance(service.get("depends_on"), dict):
        service["depends_on"] = {
            dep: {"condition": "service_started", "required": True, **(cfg or {})}
            for dep, cfg in service["depends_on"].items()
        }
    depends_on = _implicit_depends_on(service)
    if depends_on is not None:
        service["depends_on"] = depends_on
    return service


def _uses_default_network(service: dict[str, Any]) -> bool:
    """Attach services without ``networks``/``network_mode`` to ``default``; say whether it is used."""
    if "network_mode" in service:
        return False
    networks = service.get("networks")
    if not networks:
        service["networks"] = {"default": None}
        return True
    return "default" in networks


def _float32(value: Any) -> float:
    return float(value) if isinstance(value, int | float) and not isinstance(value, bool) else 0.0


def check_duplicated_fields(name: str, service: dict[str, Any]) -> None:
    """compose-go's checks that a legacy field and its ``deploy`` twin agree; syncs ``scale`` into replicas.

    Runs on decoded values (bytes as strings of integers, CPUs as float32). Mirrors ``checkConsistency``:
    a ``deploy.resources.limits`` block without ``memory`` disagrees with ``mem_limit: 1g`` (it means 0).
    """
    deploy = service.get("deploy")
    if not isinstance(deploy, dict):
        deploy = None
    scale = service.get("scale")
    if scale is not None and deploy is not None:
        replicas = deploy.get("replicas")
        if replicas is not None and replicas != scale:
            raise _distinct(name, "scale", "deploy.replicas")
        deploy = {**deploy, "replicas": scale}
        service["deploy"] = deploy
    resources = (deploy or {}).get("resources") or {}
    limits, reservations = resources.get("limits"), resources.get("reservations")
    checks = (
        ("cpus", "deploy.resources.limits.cpus", limits, "cpus", _float32),
        ("mem_limit", "deploy.resources.limits.memory", limits, "memory", _int),
        ("mem_reservation", "deploy.resources.reservations.memory", reservations, "memory", _int),
        ("pids_limit", "deploy.resources.limits.pids", limits, "pids", _int),
    )
    for field, twin, block, key, convert in checks:
        value = convert(service.get(field))
        if value and deploy is not None and block is not None and convert(block.get(key)) != value:
            raise _distinct(name, field, twin)
    effective = scale if scale is not None else (deploy or {}).get("replicas", 1)
    if isinstance(effective, int) and effective > 1 and service.get("container_name"):
        attr = "scale" if scale is not None else "deploy.replicas"
        # (sic) compose-go swaps the service name and the attribute in this message
        raise NormalizeError(
            f"services.{attr}: can't set container_name and {name} as container name must be unique: "
            "invalid compose project",
            path=("services", name, "container_name"),
        )


def _int(value: Any) -> int:
    if isinstance(value, bool):
        return 0
    if isinstance(value, int):
        return value
    if isinstance(value, str):
        try:
            return int(value)
        except ValueError:
            return 0
    return 0


def _distinct(name: str, field: str, twin: str) -> NormalizeError:
    return NormalizeError(
        f"services.{name}: can't set distinct values on '{field}' and '{twin}': invalid compose project",
        path=("services", name, field),
    )


# --------------------------------------------------------------------------------------------------
# Top-level resources
# --------------------------------------------------------------------------------------------------

_RESOURCE_KINDS = ("networks", "volumes", "secrets", "configs")


def _used_resources(services: Mapping[str, dict[str, Any]]) -> dict[str, set[str]]:
    """Names of the networks, volumes, secrets, configs and models some service refers to."""
    used: dict[str, set[str]] = {kind: set() for kind in (*_RESOURCE_KINDS, "models")}
    for service in services.values():
        used["networks"].update(service.get("networks") or ())
        used["models"].update(service.get("models") or ())
        for volume in service.get("volumes") or ():
            if isinstance(volume, dict) and volume.get("type") == "volume" and volume.get("source"):
                used["volumes"].add(volume["source"])
        build = service.get("build")
        build_secrets = build.get("secrets") if isinstance(build, dict) else None
        for kind, refs in (("secrets", service.get("secrets")), ("secrets", build_secrets)):
            used[kind].update(_sources(refs))
        used["configs"].update(_sources(service.get("configs")))
    return used


def _sources(refs: Any) -> list[str]:
    return [r["source"] if isinstance(r, dict) else r for r in refs or () if isinstance(r, dict | str)]


def _is_true(value: Any) -> bool:
    """Go's ``strconv.ParseBool(fmt.Sprint(x))`` as used for ``external``."""
    if isinstance(value, str):
        return value in ("1", "t", "T", "TRUE", "true", "True")
    return value is True


def _name_resource(key: str, resource: Any, project_name: str) -> dict[str, Any]:
    """``name`` defaults to ``<project>_<key>``, or to the key for external resources."""
    resource = dict(resource or {})
    external = _is_true(resource.get("external"))
    if external:
        resource["external"] = True
    else:
        resource.pop("external", None)
    if resource.get("name") is None:
        resource["name"] = key if external else f"{project_name}_{key}"
    return resource


def _normalize_resources(config: dict[str, Any], project_name: str) -> None:
    """Drop unreferenced top-level resources (as ``docker compose config`` does) and name the others."""
    used = _used_resources(config.get("services") or {})
    for kind in _RESOURCE_KINDS:
        declared = config.get(kind)
        if not isinstance(declared, dict):
            config.pop(kind, None)
            continue
        kept = {
            key: _name_resource(key, value, project_name)
            for key, value in declared.items()
            if key in used[kind]
        }
        if kept:
            config[kind] = kept
        else:
            del config[kind]
    models = config.get("models")
    if isinstance(models, dict):
        config["models"] = {k: v for k, v in models.items() if k in used["models"]}


# --------------------------------------------------------------------------------------------------
# JSON rendering quirks
# --------------------------------------------------------------------------------------------------

# Maps whose keys are data (never struct fields): an "x-" key or an empty value in them is kept.
_DATA_MAPS = frozenset(
    {
        "labels",
        "environment",
        "args",
        "sysctls",
        "annotations",
        "options",
        "driver_opts",
        "storage_opt",
        "additional_contexts",
        "aux_addresses",
        "log_opt",
    }
)
# Maps whose keys are names (services, networks, ulimits, models) and whose values are structs or null.
_NAMED_STRUCTS = frozenset({"depends_on", "networks", "ulimits", "models"})
# Struct fields Go prints even when empty: no ``omitempty`` (``command``), or a pointer (``attach``).
_KEEP_NULL = frozenset({"command", "entrypoint"})
_KEEP_EMPTY_LIST = frozenset({"command", "entrypoint"})
_KEEP_FALSE = frozenset({"attach", "init", "enable_ipv4", "enable_ipv6", "required"})
_KEEP_ZERO = frozenset({"scale", "replicas", "parallelism", "max_attempts", "retries", "value"})


def _omitted(key: str, item: Any) -> bool:
    """Whether Go's ``encoding/json`` leaves struct field ``key`` out (``omitempty``, or ``json:"-"``)."""
    if key.startswith("x-"):
        return True
    if item is None:
        return key not in _KEEP_NULL
    if item is False:
        return key not in _KEEP_FALSE
    if type(item) in (int, float):
        return item == 0 and key not in _KEEP_ZERO
    if type(item) in (str, list):
        return not item and key not in _KEEP_EMPTY_LIST
    if type(item) is dict:
        # an empty map is omitted; an empty struct behind a pointer (``healthcheck: {}``) is printed
        return not item and (key in _DATA_MAPS or key in _NAMED_STRUCTS)
    return False


def _json_struct(value: Any) -> Any:
    """A struct-shaped dict (or a list of them) as Go's JSON encoder prints it, recursively.

    Drops ``x-*`` keys (Extensions are ``json:"-"``) and empty ``omitempty`` fields; data maps (labels,
    environment...) are kept verbatim. Returns ``value`` itself when nothing changes.
    """
    if isinstance(value, list):
        out: list[Any] | None = None
        for i, item in enumerate(value):
            if isinstance(item, dict):
                new = _json_struct(item)
                if new is not item:
                    out = out if out is not None else list(value)
                    out[i] = new
        return value if out is None else out
    if not isinstance(value, dict):
        return value
    changed: dict[str, Any] = {}
    dropped = False
    for key, item in value.items():
        if _omitted(key, item):
            dropped = True
        elif key in _DATA_MAPS or not isinstance(item, dict | list):
            continue
        elif key in _NAMED_STRUCTS and isinstance(item, dict):
            named = {k: _json_struct(v) for k, v in item.items()}
            if any(named[k] is not v for k, v in item.items()):
                changed[key] = named
        else:
            new = _json_struct(item)
            if new is not item:
                changed[key] = new
    if not changed and not dropped:
        return value
    return {k: changed.get(k, v) for k, v in value.items() if not _omitted(k, v)}


_BLKIO_LISTS = ("device_read_bps", "device_read_iops", "device_write_bps", "device_write_iops")


def _blkio_json(blkio: dict[str, Any]) -> dict[str, Any]:
    """``WeightDevice``/``ThrottleDevice`` have no JSON tags: their keys print as ``Path``, ``Rate``..."""
    blkio = dict(blkio)
    if isinstance(blkio.get("weight_device"), list):
        blkio["weight_device"] = [
            {"Path": d.get("path", ""), "Weight": d.get("weight", 0)} if isinstance(d, dict) else d
            for d in blkio["weight_device"]
        ]
    for key in _BLKIO_LISTS:
        if isinstance(blkio.get(key), list):
            blkio[key] = [
                {"Path": d.get("path", ""), "Rate": d.get("rate", "0")} if isinstance(d, dict) else d
                for d in blkio[key]
            ]
    return blkio


def _service_json(service: dict[str, Any]) -> dict[str, Any]:
    service = dict(_json_struct(service))
    service.setdefault("command", None)
    service.setdefault("entrypoint", None)
    deploy = service.get("deploy")
    if isinstance(deploy, dict):
        service["deploy"] = {**deploy, "resources": deploy.get("resources") or {}}
        service["deploy"].setdefault("placement", {})
    if isinstance(service.get("blkio_config"), dict):
        service["blkio_config"] = _blkio_json(service["blkio_config"])
    develop = service.get("develop")
    if isinstance(develop, dict) and isinstance(develop.get("watch"), list):
        service["develop"] = {
            **develop,
            "watch": [
                {**w, "exec": {"command": None, **(w.get("exec") or {})}} if isinstance(w, dict) else w
                for w in develop["watch"]
            ],
        }
    return service


def _network_json(network: dict[str, Any]) -> dict[str, Any]:
    """``ipam`` is a struct value in Go, so every network prints one, empty or not."""
    network = dict(_json_struct(network))
    network["ipam"] = network.get("ipam") or {}
    return network


def _json_shape(config: dict[str, Any]) -> None:
    config["services"] = {name: _service_json(s) for name, s in (config.get("services") or {}).items()}
    networks = config.get("networks")
    if isinstance(networks, dict):
        config["networks"] = {k: _network_json(v) for k, v in networks.items()}
    for kind in ("volumes", "secrets", "configs"):
        if isinstance(config.get(kind), dict):
            config[kind] = {k: _json_struct(v) for k, v in config[kind].items()}
    config.pop("models", None)


# --------------------------------------------------------------------------------------------------
# Entry point
# --------------------------------------------------------------------------------------------------


def normalize(
    config: dict,
    project_name: str,
    *,
    env: Mapping[str, str] | None = None,
    project_dir: str | None = None,
    json_shape: bool = True,
) -> dict:
    """The merged project dict (no tag wrappers, ``env_file`` inlined) as ``docker compose config`` prints it.

    ``env`` (the interpolation environment), when given, resolves ``environment``/``build.args`` entries
    that have no value (args without one are dropped). ``project_dir`` is the default ``build.context``
    (``.`` otherwise, for the path stage to resolve). ``json_shape=False`` skips the JSON-only quirks
    (module docstring, step 6) for the YAML rendering. Invalid values raise :class:`NormalizeError`.
    The input is not modified.
    """
    config = {k: v for k, v in config.items() if k != "version"}
    config["name"] = project_name
    services = config.get("services")
    if isinstance(services, dict):
        services = {n: _normalize_service(n, s, env, project_dir) for n, s in services.items()}
        config["services"] = services
    config = apply_rules(_ROOT, config)
    services = config.get("services") or {}
    uses_default = False
    for name in sorted(services):
        services[name] = service = dict(services[name])
        uses_default = _uses_default_network(service) or uses_default
        check_duplicated_fields(name, service)
    if uses_default:
        networks = config.get("networks")
        networks = dict(networks) if isinstance(networks, dict) else {}
        networks.setdefault("default", None)
        config["networks"] = networks
    _normalize_resources(config, project_name)
    if json_shape:
        _json_shape(config)
    return config


def json_shape(config: dict) -> dict:
    """Only the JSON-output quirks (explicit ``command: null``...), for ``config --no-normalize``."""
    config = dict(config)
    _json_shape(config)
    return config
