"""Engine API create bodies for containers, networks and volumes, as Docker Compose v2.40.3 sends them.

Docker Compose turns a service into ``POST /containers/create`` in ``pkg/compose/create.go``
(``getCreateConfigs``, ``buildContainerVolumes``, ``getDeployResources``, ``defaultNetworkSettings``) and
networks and volumes into ``POST /networks/create`` and ``POST /volumes/create``. A container created
from these bodies must be indistinguishable, under ``docker inspect``, from one ``docker compose create``
made: same labels (so each tool adopts what the other started), same mounts, same endpoints. Every
rule below was checked against the real binary on a real engine (``tests/engine/test_specs_vs_compose.py``);
where Docker Compose iterates a Go map (env, binds, mounts, ulimits, depends_on label) its order is
random, and these functions pick a stable one.

Everything here is pure: no I/O, no ``docker`` import. What Docker Compose learns from the engine at
create time is a parameter instead: the image ID (``com.docker.compose.image``), the IDs of containers
whose namespaces or volumes are shared (``service:x``), the names of linked containers, the mounts of the
container being replaced (its anonymous volumes are kept), and the Engine API version.
"""

from __future__ import annotations

import hashlib
import posixpath
import struct
from collections.abc import Collection, Mapping, Sequence
from typing import Any, NamedTuple

from pycompose import labels as L
from pycompose.config.hashing import go_json, label_hash, resolve_service_references, with_api_socket
from pycompose.config.units import parse_duration, unit_bytes
from pycompose.engine.base import EMPTY, ContainerSpec, NetworkSpec, VolumeSpec
from pycompose.model import Project, Service
from pycompose.planner.plan import Sealed

__all__ = [
    "FileInjection",
    "Injection",
    "container_spec",
    "extra_networks",
    "ignored_file_options",
    "injection_values",
    "network_hash",
    "network_spec",
    "secret_injections",
    "volume_hash",
    "volume_spec",
]

SECRETS_DIR = "/run/secrets/"
#: the config ``use_api_socket`` adds: a Docker CLI config file that Docker Compose generates
API_SOCKET_CONFIG = "#apisocket"
#: ``slug`` label of ``run`` containers (``pkg/api/labels.go`` SlugLabel)
SLUG_LABEL = f"{L.PREFIX}.slug"


# ----------------------------------------------------------------------------------------- helpers


def _thaw(value: Any) -> Any:
    """A plain ``dict``/``list`` copy of the frozen model, which the Go-JSON hashing code expects."""
    if isinstance(value, Mapping):
        return {k: _thaw(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_thaw(v) for v in value]
    return value


def _version_lt(version: str, other: str) -> bool:
    """``versions.LessThan`` of the Engine API: dotted integers compared numerically."""

    def parts(v: str) -> tuple[int, ...]:
        return tuple(int(p) for p in v.split(".") if p.isdigit())

    return parts(version) < parts(other)


def _f32(value: float) -> float:
    """Round to a Go ``float32``: ``cpus`` is one, and Go multiplies it by 1e9 in 32 bits."""
    return struct.unpack("<f", struct.pack("<f", float(value)))[0]


def _nano_cpus(cpus: Any) -> int:
    """``int64(cpus * 1e9)`` with ``cpus`` a float32 (``0.3`` gives 300000000, not 299999999)."""
    return int(_f32(_f32(float(cpus)) * 1e9))


def _ns(duration: Any) -> int:
    """A Compose duration (``"1m30s"``) in nanoseconds, as the Engine API wants healthcheck times."""
    return parse_duration(duration) if isinstance(duration, str) else int(duration)


def _bytes(value: Any) -> int:
    return unit_bytes(value) if value is not None else 0


def _octal_mode(mode: Any) -> int | None:
    """A ``FileMode`` as ``config`` prints it (``"0440"``) or as an integer."""
    if mode is None:
        return None
    if isinstance(mode, str):
        return int(mode, 8)
    return int(mode)


# ------------------------------------------------------------------------------------- containers


def container_spec(
    project: Project,
    service: Service,
    number: int,
    *,
    name: str | None = None,
    image_id: str | None = None,
    container_ids: Mapping[str, str] = EMPTY,
    linked_containers: Mapping[str, Sequence[str]] = EMPTY,
    inherited_mounts: Sequence[Mapping[str, Any]] = (),
    image_volumes: Collection[str] = (),
    env_files: Sequence[str] = (),
    oneoff: bool = False,
    slug: str | None = None,
    use_aliases: bool | None = None,
    replace: bool = False,
    seccomp_profiles: Mapping[str, str] = EMPTY,
    api_version: str = "1.41",
) -> ContainerSpec:
    """The ``POST /containers/create`` body Docker Compose sends for container ``number`` of ``service``.

    - ``name``: the engine name to create under (``up`` creates a replacement as ``<id12>_<name>`` and
      renames it); defaults to ``container_name`` or ``<project>-<service>-<number>``. Network aliases
      always use the final name.
    - ``image_id``: the ``sha256:`` ID of the image, written into ``com.docker.compose.image``.
    - ``container_ids``: service -> ID of its first container, for ``network_mode``/``ipc``/``pid`` of
      the form ``service:x`` and for ``volumes_from`` (they become ``container:<id>`` / ``<id>``).
    - ``linked_containers``: service -> names of its containers, for ``links`` (and the service's own
      containers for a one-off one); ``external_links`` need nothing.
    - ``inherited_mounts`` / ``image_volumes``: when replacing a container, its ``docker inspect``
      ``Mounts`` and the image's ``Config.Volumes`` keys: its anonymous volumes are mounted again.
    - ``env_files``: the ``--env-file`` paths given on the command line (absolute), if any: Docker
      Compose labels containers with them only when they were given explicitly.
    - ``oneoff``/``slug``: a ``run`` container (no number label, restart policy cleared, aliases only
      with ``use_aliases``). ``replace``: this container replaces one (a recreate), which Docker Compose
      records as ``com.docker.compose.replace=<container_name or service-number>``; create it under
      the temporary ``name`` ``<old id[:12]>_<final name>`` and rename it once the old one is gone.
    - ``seccomp_profiles``: path -> compact JSON of each ``security_opt: seccomp=<path>`` profile, which
      Docker Compose inlines (the caller reads the files; this function does no I/O).
    - ``api_version``: the Engine API version in use (``min(client, server)``): below 1.44 only the
      primary network is set at create (see :func:`extra_networks`) and ``mac_address`` goes into
      ``Config``; below 1.43 ``annotations`` are not sent.

    Raises ``ValueError`` where Docker Compose refuses to create (external secrets and configs, features
    the Engine API version lacks, conflicting MAC addresses) and ``KeyError`` for a ``service:x``
    reference without an entry in ``container_ids``.
    """
    base = _run_service(service, oneoff)
    config_hash = label_hash(base, container_ids=container_ids, dollars_escaped=False)
    spec = _resolved(with_api_socket(base), container_ids)
    final_name = _final_name(project, service, spec, number, name, oneoff)
    name = name or final_name
    aliases_on = (not oneoff) if use_aliases is None else use_aliases

    links = _links(project, spec, service.name, number, linked_containers, oneoff)
    network_mode, networking = _network_settings(
        project, spec, service.name, final_name, links, aliases_on, api_version
    )
    binds, mounts = _volumes(project, spec, inherited_mounts, image_volumes, api_version)
    security_opt, unconfined = _security_opts(spec.get("security_opt"), seccomp_profiles)
    labels = _labels(project, service, spec, number, env_files, oneoff)
    labels[L.CONFIG_HASH] = config_hash
    replaced = spec.get("container_name") or f"{service.name}-{number}"
    for key, value in ((SLUG_LABEL, slug), (L.IMAGE, image_id), (L.REPLACE, replace and replaced)):
        if value:
            labels[key] = str(value)

    config: dict[str, Any] = {
        "Hostname": spec.get("hostname", ""),
        "Domainname": spec.get("domainname", ""),
        "User": spec.get("user", ""),
        "AttachStdin": False,
        "AttachStdout": True,
        "AttachStderr": True,
        "ExposedPorts": _exposed_ports(spec),
        "Tty": bool(spec.get("tty", False)),
        "OpenStdin": bool(spec.get("stdin_open", False)),
        "StdinOnce": False,
        "Env": _env(spec.get("environment")),
        "Cmd": _list_or_none(spec.get("command")),
        "Healthcheck": _healthcheck(spec.get("healthcheck"), api_version),
        "Image": service.image_name(project.name),
        "WorkingDir": spec.get("working_dir", ""),
        "Entrypoint": _list_or_none(spec.get("entrypoint")),
        "NetworkDisabled": spec.get("network_mode") == "disabled",
        "MacAddress": _container_mac_address(spec, api_version),
        "Labels": labels,
        "StopSignal": spec.get("stop_signal", ""),
        "StopTimeout": _stop_timeout(spec.get("stop_grace_period")),
    }
    host: dict[str, Any] = {
        "Binds": binds or None,
        "LogConfig": _log_config(spec.get("logging")),
        "NetworkMode": network_mode,
        "PortBindings": _port_bindings(spec.get("ports")),
        "RestartPolicy": _restart_policy(spec),
        "AutoRemove": False,
        "VolumeDriver": spec.get("volume_driver", ""),
        "VolumesFrom": _list_or_none(spec.get("volumes_from")),
        "CapAdd": _capabilities(spec.get("cap_add")),
        "CapDrop": _capabilities(spec.get("cap_drop")),
        "CgroupnsMode": spec.get("cgroup", ""),
        "Dns": _list_or_none(spec.get("dns")),
        "DnsOptions": _list_or_none(spec.get("dns_opt")),
        "DnsSearch": _list_or_none(spec.get("dns_search")),
        # HostsList.AsList: never nil, so an empty list even without extra_hosts
        "ExtraHosts": [h.replace("=", ":", 1) for h in spec.get("extra_hosts") or ()],
        "GroupAdd": _list_or_none(spec.get("group_add")),
        "IpcMode": spec.get("ipc", ""),
        "Links": links or None,
        "OomScoreAdj": int(spec.get("oom_score_adj", 0)),
        "PidMode": spec.get("pid", ""),
        "Privileged": bool(spec.get("privileged", False)),
        "ReadonlyRootfs": bool(spec.get("read_only", False)),
        "SecurityOpt": security_opt,
        "StorageOpt": _dict_or_none(spec.get("storage_opt")),
        "Tmpfs": _tmpfs(spec.get("tmpfs")),
        "UTSMode": spec.get("uts", ""),
        "UsernsMode": spec.get("userns_mode", ""),
        "ShmSize": _bytes(spec.get("shm_size")),
        "Sysctls": _dict_or_none({k: str(v) for k, v in (spec.get("sysctls") or {}).items()}),
        "Runtime": spec.get("runtime", ""),
        "Isolation": spec.get("isolation", ""),
        **_resources(spec),
        "Mounts": mounts or None,
        "Init": spec.get("init"),
    }
    if spec.get("annotations") and not _version_lt(api_version, "1.43"):
        host["Annotations"] = dict(spec["annotations"])
    if unconfined:
        host["MaskedPaths"] = []
        host["ReadonlyPaths"] = []

    body: dict[str, Any] = {**_compact(config), "HostConfig": _compact(host)}
    if networking is not None:
        body["NetworkingConfig"] = networking
    return ContainerSpec(name=name, body=body, platform=spec.get("platform") or None)


def extra_networks(
    project: Project,
    service: Service,
    number: int,
    *,
    name: str | None = None,
    linked_containers: Mapping[str, Sequence[str]] = EMPTY,
    oneoff: bool = False,
    use_aliases: bool | None = None,
    api_version: str = "1.41",
) -> list[tuple[str, dict[str, Any]]]:
    """The networks to connect after create, before start: ``(engine network name, EndpointConfig)``.

    Engines before API 1.44 take one network at create; Docker Compose connects the others one by one,
    in priority order, with the same endpoint settings (aliases, links, addresses) as the primary one.
    From 1.44 every network is in the create body and this list is empty.
    """
    if not _version_lt(api_version, "1.44"):
        return []
    spec = with_api_socket(_run_service(service, oneoff))
    if spec.get("network_mode") or not project.networks:
        return []
    final_name = _final_name(project, service, spec, number, name, oneoff)
    aliases_on = (not oneoff) if use_aliases is None else use_aliases
    links = _links(project, spec, service.name, number, linked_containers, oneoff)
    return [
        (project.networks[key].name, _endpoint(spec, key, service.name, final_name, links, aliases_on))
        for key in _networks_by_priority(spec)[1:]
    ]


def _run_service(service: Service, oneoff: bool) -> dict[str, Any]:
    """The service as a plain dict; ``run`` clears its restart policies before creating (and hashing)."""
    spec = _thaw(service.spec)
    if oneoff:
        spec.pop("restart", None)
        if isinstance(spec.get("deploy"), dict):
            spec["deploy"].pop("restart_policy", None)
    return spec


def _resolved(spec: dict[str, Any], container_ids: Mapping[str, str]) -> dict[str, Any]:
    """``resolveServiceReferences``: ``service:x`` namespaces become ``container:<id>``, ``volumes_from``
    services their container IDs. Hashing does this on its own copy (from the unresolved service)."""
    refs = spec.get("volumes_from") or any(
        str(spec.get(k) or "").startswith("service:") for k in ("network_mode", "ipc", "pid")
    )
    return resolve_service_references(spec, container_ids) if refs else spec


def _final_name(
    project: Project, service: Service, spec: Mapping[str, Any], number: int, name: str | None, oneoff: bool
) -> str:
    """``getContainerName``: ``container_name``, else ``<project>-<service>-<n>`` (a ``run`` container
    is created under its final name, which the caller gives)."""
    if spec.get("container_name"):
        return str(spec["container_name"])
    if oneoff and name:
        return name
    return L.container_name(project.name, service.name, number)


def _compact(body: dict[str, Any]) -> dict[str, Any]:
    """Drop what the Go client would send as null/zero and the engine treats as absent.

    Only ``None`` goes for the fields of ``_SENT_EVEN_EMPTY``.
    """
    return {
        k: v
        for k, v in body.items()
        if v is not None and (k in _SENT_EVEN_EMPTY or v not in ("", 0, False, [], {}))
    }


#: fields whose empty value differs from an absent one for the engine or in ``inspect``: an empty
#: ``Entrypoint``/``Cmd`` resets the image's, ``init: false`` is not "unset", and compose always sends
#: ``ExtraHosts``/``PortBindings`` (shown as ``[]``/``{}``) and ``OomKillDisable`` (``false``, not null).
_SENT_EVEN_EMPTY = frozenset(
    {
        "AttachStdout",
        "AttachStderr",
        "Cmd",
        "Entrypoint",
        "ExtraHosts",
        "Init",
        "MaskedPaths",
        "OomKillDisable",
        "PortBindings",
        "ReadonlyPaths",
    }
)


def _list_or_none(value: Any) -> list[Any] | None:
    return None if value is None else list(value)


def _dict_or_none(value: Any) -> dict[str, Any] | None:
    return dict(value) if value else None


def _env(environment: Mapping[str, str | None] | None) -> list[str] | None:
    """``KEY=VALUE``, or bare ``KEY`` for a null value (the engine then takes it from nowhere: unset).

    Docker Compose walks a Go map (random order); sorted here. Proxy settings from the Docker CLI
    config file (``~/.docker/config.json`` ``proxies``), which Docker Compose merges in first, are not
    read: that would be I/O.
    """
    if not environment:
        return None
    return [k if v is None else f"{k}={v}" for k, v in sorted(environment.items())]


def _stop_timeout(grace: Any) -> int | None:
    """``ToSeconds``: whole seconds, truncated."""
    if grace is None:
        return None
    return int(_ns(grace) / 1e9)


def _healthcheck(check: Mapping[str, Any] | None, api_version: str) -> dict[str, Any] | None:
    """``ToMobyHealthCheck``: durations in ns, ``disable`` -> ``["NONE"]``, unset fields left zero so the
    engine falls back to the image's healthcheck for them."""
    if check is None:
        return None
    body: dict[str, Any] = {}
    test = ["NONE"] if check.get("disable") else check.get("test")
    if test is not None:
        body["Test"] = list(test)
    for key, field in (("interval", "Interval"), ("timeout", "Timeout"), ("start_period", "StartPeriod")):
        if check.get(key) is not None:
            body[field] = _ns(check[key])
    if check.get("start_interval") is not None:
        if _version_lt(api_version, "1.44"):
            raise ValueError(
                "can't set healthcheck.start_interval as feature require Docker Engine v25 or later"
            )
        if check.get("start_period") is None:
            raise ValueError("healthcheck.start_interval requires healthcheck.start_period to be set")
        body["StartInterval"] = _ns(check["start_interval"])
    if check.get("retries") is not None:
        body["Retries"] = int(check["retries"])
    return {k: v for k, v in body.items() if v or k == "Test"}


def _exposed_ports(spec: Mapping[str, Any]) -> dict[str, dict[str, Any]] | None:
    """``expose`` entries as written (``"5000"`` stays without ``/tcp``) plus ``target/protocol`` of ports."""
    ports: dict[str, dict[str, Any]] = {str(e): {} for e in spec.get("expose") or ()}
    for port in spec.get("ports") or ():
        ports[f"{port['target']}/{port.get('protocol') or 'tcp'}"] = {}
    return ports or None


def _port_bindings(ports: Sequence[Mapping[str, Any]] | None) -> dict[str, list[dict[str, str]]]:
    """One binding per ``ports`` entry, grouped by ``target/protocol``; an unpublished port binds ``""``
    (a random host port)."""
    bindings: dict[str, list[dict[str, str]]] = {}
    for port in ports or ():
        key = f"{port['target']}/{port.get('protocol') or 'tcp'}"
        bindings.setdefault(key, []).append(
            {"HostIp": port.get("host_ip") or "", "HostPort": str(port.get("published") or "")}
        )
    return bindings


#: ``mapRestartPolicyCondition``: ``deploy.restart_policy.condition`` names to engine names
_RESTART_CONDITIONS = {"none": "no", "no": "no", "any": "always", "always": "always"}


def _restart_policy(spec: Mapping[str, Any]) -> dict[str, Any]:
    """``restart: on-failure:3``, or ``deploy.restart_policy`` which wins: ``{Name, MaximumRetryCount}``."""
    name, attempts = "", 0
    restart = spec.get("restart")
    if restart:
        condition, _, count = str(restart).partition(":")
        name = _RESTART_CONDITIONS.get(condition, condition)
        attempts = int(count) if count.isdigit() else 0
    policy = (spec.get("deploy") or {}).get("restart_policy")
    if policy is not None:
        condition = policy.get("condition", "")
        name = _RESTART_CONDITIONS.get(condition, condition)
        attempts = int(policy.get("max_attempts") or 0)
    return {"Name": name, "MaximumRetryCount": attempts}


def _log_config(logging: Mapping[str, Any] | None) -> dict[str, Any] | None:
    if logging is None:
        return None
    return {"Type": logging.get("driver", ""), "Config": dict(logging.get("options") or {})}


def _capabilities(caps: Sequence[str] | None) -> list[str] | None:
    """The Docker client's ``normalizeCapabilities``: upper case, ``CAP_`` prefix (``ALL`` kept)."""
    if caps is None:
        return None
    out = []
    for cap in caps:
        cap = cap.upper()
        out.append(cap if cap == "ALL" or cap.startswith("CAP_") else "CAP_" + cap)
    return out


def _tmpfs(entries: Sequence[str] | None) -> dict[str, str] | None:
    """``tmpfs: ["/run:size=1m"]`` -> ``{"/run": "size=1m"}``."""
    out = {}
    for entry in entries or ():
        path, _, options = entry.partition(":")
        out[path] = options
    return out or None


def _security_opts(opts: Sequence[str] | None, profiles: Mapping[str, str]) -> tuple[list[str] | None, bool]:
    """``parseSecurityOpts``: ``systempaths=unconfined`` becomes empty masked/read-only path lists, and a
    ``seccomp`` profile file is inlined as compact JSON (given in ``profiles``, read by the caller)."""
    if opts is None:
        return None, False
    parsed: list[str] = []
    unconfined = False
    for opt in opts:
        if opt == "systempaths=unconfined":
            unconfined = True
            continue
        key, sep, value = opt.partition("=")
        if not sep and key != "no-new-privileges":
            key, sep, value = opt.partition(":")
            if not sep:
                raise ValueError(f'Invalid security-opt: "{opt}"')
        if key == "seccomp" and value not in ("unconfined", "builtin"):
            if value not in profiles:
                raise ValueError(f"seccomp profile {value!r}: its content must be given in seccomp_profiles")
            parsed.append(f"seccomp={profiles[value]}")
        else:
            parsed.append(opt)
    return parsed, unconfined


# ------------------------------------------------------------------------------------ resources


def _resources(spec: Mapping[str, Any]) -> dict[str, Any]:
    """``getDeployResources``: the service-level limits, then ``deploy.resources`` overriding them."""
    swappiness = _bytes(spec.get("mem_swappiness"))
    res: dict[str, Any] = {
        "CgroupParent": spec.get("cgroup_parent", ""),
        "Memory": _bytes(spec.get("mem_limit")),
        "MemorySwap": _bytes(spec.get("memswap_limit")),
        "MemorySwappiness": swappiness if swappiness != 0 else None,
        "MemoryReservation": _bytes(spec.get("mem_reservation")),
        "OomKillDisable": bool(spec.get("oom_kill_disable", False)),
        "CpuCount": int(spec.get("cpu_count", 0)),
        "CpuPeriod": int(spec.get("cpu_period", 0)),
        "CpuQuota": int(spec.get("cpu_quota", 0)),
        "CpuRealtimePeriod": int(spec.get("cpu_rt_period", 0)),
        "CpuRealtimeRuntime": int(spec.get("cpu_rt_runtime", 0)),
        "CpuShares": int(spec.get("cpu_shares", 0)),
        "NanoCpus": _nano_cpus(spec.get("cpus", 0)),
        "CpuPercent": int(_f32(_f32(float(spec.get("cpu_percent", 0))) * 100)),
        "CpusetCpus": spec.get("cpuset", ""),
        "DeviceCgroupRules": _list_or_none(spec.get("device_cgroup_rules")),
        "PidsLimit": int(spec["pids_limit"]) if spec.get("pids_limit") else None,
    }
    res.update(_blkio(spec.get("blkio_config")))

    resources = (spec.get("deploy") or {}).get("resources") or {}
    limits = resources.get("limits")
    if limits:
        if _bytes(limits.get("memory")):
            res["Memory"] = _bytes(limits.get("memory"))
        if limits.get("cpus"):
            res["NanoCpus"] = _nano_cpus(limits["cpus"])
        if int(limits.get("pids") or 0) > 0:
            res["PidsLimit"] = int(limits["pids"])
    device_requests: list[dict[str, Any]] = []
    reservations = resources.get("reservations")
    if reservations:
        if _bytes(reservations.get("memory")):
            res["MemoryReservation"] = _bytes(reservations.get("memory"))
        for device in reservations.get("devices") or ():
            device_requests.append(_device_request(device, list(device.get("capabilities") or ()) or None))

    devices, cdi_names = [], []
    for device in spec.get("devices") or ():
        source, target = device.get("source", ""), device.get("target", "")
        if source == target and _is_cdi_name(source):
            cdi_names.append(source)
            continue
        devices.append(
            {
                "PathOnHost": source,
                "PathInContainer": target,
                "CgroupPermissions": device.get("permissions", ""),
            }
        )
    if cdi_names:
        device_requests.append({"Driver": "cdi", "DeviceIDs": cdi_names})
    for gpu in spec.get("gpus") or ():
        device_requests.append(_device_request(gpu, [*(gpu.get("capabilities") or ()), "gpu"]))
    res["Devices"] = devices or None
    res["DeviceRequests"] = device_requests or None
    res["Ulimits"] = _ulimits(spec.get("ulimits"))
    return res


def _device_request(device: Mapping[str, Any], capabilities: list[str] | None) -> dict[str, Any]:
    request: dict[str, Any] = {
        "Driver": device.get("driver", ""),
        "Count": int(device.get("count") or 0),
        "DeviceIDs": _list_or_none(device.get("device_ids")),
        "Capabilities": [capabilities] if capabilities is not None else [None],
        "Options": _dict_or_none(device.get("options")),
    }
    return {k: v for k, v in request.items() if v not in (None, "")}


def _is_cdi_name(name: str) -> bool:
    """``cdi.IsQualifiedName``: ``vendor.com/class=device``."""
    kind, sep, device = name.partition("=")
    vendor, slash, cls = kind.partition("/")
    return bool(sep and slash and vendor and cls and device)


def _blkio(blkio: Mapping[str, Any] | None) -> dict[str, Any]:
    if not blkio:
        return {}
    out: dict[str, Any] = {"BlkioWeight": int(blkio.get("weight", 0))}
    if blkio.get("weight_device"):
        out["BlkioWeightDevice"] = [
            {"Path": d["Path"], "Weight": int(d["Weight"])} for d in blkio["weight_device"]
        ]
    for key, field in (
        ("device_read_bps", "BlkioDeviceReadBps"),
        ("device_read_iops", "BlkioDeviceReadIOps"),
        ("device_write_bps", "BlkioDeviceWriteBps"),
        ("device_write_iops", "BlkioDeviceWriteIOps"),
    ):
        if blkio.get(key):
            out[field] = [{"Path": d["Path"], "Rate": _bytes(d["Rate"])} for d in blkio[key]]
    return out


def _ulimits(ulimits: Mapping[str, Any] | None) -> list[dict[str, Any]] | None:
    """``toUlimits``: a bare number is both soft and hard; sorted by name (Go walks a map)."""
    if not ulimits:
        return None
    out = []
    for name, limit in sorted(ulimits.items()):
        if isinstance(limit, Mapping):
            single = int(limit.get("single", 0))
            soft = int(limit.get("soft") or single)
            hard = int(limit.get("hard") or single)
        else:
            soft = hard = int(limit)
        out.append({"Name": name, "Hard": hard, "Soft": soft})
    return out


# --------------------------------------------------------------------------------------- labels


def _labels(
    project: Project,
    service: Service,
    spec: Mapping[str, Any],
    number: int,
    env_files: Sequence[str],
    oneoff: bool,
) -> dict[str, str]:
    """The service's labels, then Docker Compose's own (which win on a clash). ``run`` containers have
    no number; ``environment_file`` is there only when ``--env-file`` was given."""
    labels = {str(k): str(v) for k, v in (spec.get("labels") or {}).items()}
    labels.update(
        {
            L.PROJECT: project.name,
            L.SERVICE: service.name,
            L.VERSION: L.COMPAT_VERSION,
            L.WORKING_DIR: project.working_dir,
            L.CONFIG_FILES: ",".join(project.config_files),
            L.ONEOFF: "True" if oneoff else "False",
            # "db:service_started:false"; Go walks a map, sorted here
            L.DEPENDS_ON: ",".join(
                f"{dep}:{(cfg or {}).get('condition', 'service_started')}:"
                f"{'true' if (cfg or {}).get('restart') else 'false'}"
                for dep, cfg in sorted((spec.get("depends_on") or {}).items())
            ),
        }
    )
    if env_files:
        labels[L.ENVIRONMENT_FILE] = ",".join(env_files)
    if not oneoff:
        labels[L.CONTAINER_NUMBER] = str(number)
    return labels


# ------------------------------------------------------------------------------------- networks


def _networks_by_priority(spec: Mapping[str, Any]) -> list[str]:
    """compose-go ``NetworksByPriority``: highest ``priority`` first, then by name."""
    networks = spec.get("networks") or {}
    return sorted(networks, key=lambda k: (-int((networks[k] or {}).get("priority") or 0), k))


def _links(
    project: Project,
    spec: Mapping[str, Any],
    service_name: str,
    number: int,
    linked_containers: Mapping[str, Sequence[str]],
    oneoff: bool,
) -> list[str]:
    """``getLinks``: three links per container of each linked service, named after the alias, the
    *creating* container's number (a Docker Compose quirk kept for fidelity) and the full name; then
    ``external_links`` as ``container:alias``."""
    links: list[str] = []
    for raw in spec.get("links") or ():
        target, _, alias = raw.partition(":")
        alias = alias or target
        for container in linked_containers.get(target, ()):
            links += [
                f"{container}:{alias}",
                f"{container}:{target}-{number}",
                f"{container}:{project.name}-{target}-{number}",
            ]
    if oneoff:
        for container in linked_containers.get(service_name, ()):
            short = container.removeprefix(project.name + "-")
            links += [f"{container}:{service_name}", f"{container}:{short}", f"{container}:{container}"]
    for raw in spec.get("external_links") or ():
        target, _, alias = raw.partition(":")
        links.append(f"{target}:{alias or target}")
    return links


def _endpoint(
    spec: Mapping[str, Any],
    key: str,
    service_name: str,
    container_name: str,
    links: list[str],
    use_aliases: bool,
) -> dict[str, Any]:
    """``createEndpointSettings``. Docker Compose puts ``ipv6_address`` into ``IPv6Gateway`` as well as
    ``IPAMConfig.IPv6Address``; kept, since the engine then reports the same thing for both tools."""
    config = (spec.get("networks") or {}).get(key)
    aliases = [container_name]
    if use_aliases:
        aliases.append(service_name)
    endpoint: dict[str, Any] = {}
    if config is not None:
        if use_aliases:
            aliases += list(config.get("aliases") or ())
        ipam = {
            "IPv4Address": config.get("ipv4_address"),
            "IPv6Address": config.get("ipv6_address"),
            "LinkLocalIPs": _list_or_none(config.get("link_local_ips")),
        }
        endpoint["IPAMConfig"] = {k: v for k, v in ipam.items() if v}
        endpoint["IPAddress"] = config.get("ipv4_address")
        endpoint["IPv6Gateway"] = config.get("ipv6_address")
        endpoint["MacAddress"] = config.get("mac_address")
        endpoint["DriverOpts"] = _dict_or_none(config.get("driver_opts"))
        endpoint["GwPriority"] = int(config.get("gw_priority") or 0) or None
    endpoint["Aliases"] = aliases
    endpoint["Links"] = links or None
    return {k: v for k, v in endpoint.items() if v is not None and v != ""}


def _network_settings(
    project: Project,
    spec: Mapping[str, Any],
    service_name: str,
    container_name: str,
    links: list[str],
    use_aliases: bool,
    api_version: str,
) -> tuple[str, dict[str, Any] | None]:
    """``defaultNetworkSettings``: ``NetworkMode`` and the ``NetworkingConfig``.

    ``network_mode`` wins (already resolved from ``service:x``); a project without any network gets
    ``none``; otherwise the primary network (highest priority, else first by name) is the mode, and the
    only endpoint below API 1.44.
    """
    mode = spec.get("network_mode")
    if mode:
        return str(mode), None
    if not project.networks:
        return "none", None
    keys = _networks_by_priority(spec) or ["default"]

    def endpoint(key: str) -> dict[str, Any]:
        return _endpoint(spec, key, service_name, container_name, links, use_aliases)

    primary = endpoint(keys[0])
    endpoints: dict[str, Any] = {}
    if not _version_lt(api_version, "1.44"):
        endpoints = {project.networks[key].name: endpoint(key) for key in keys[1:]}
        if not primary.get("MacAddress") and spec.get("mac_address"):
            primary["MacAddress"] = spec["mac_address"]
    endpoints[project.networks[keys[0]].name] = primary
    return project.networks[keys[0]].name, {"EndpointsConfig": endpoints}


def _container_mac_address(spec: Mapping[str, Any], api_version: str) -> str:
    """``prepareContainerMACAddress``: before API 1.44 the container-wide ``MacAddress`` carries the
    service's ``mac_address``; from 1.44 it moves to the primary endpoint and this is empty. A
    per-network ``mac_address`` needs 1.44 (Docker Compose copies it into the endpoint, which the
    Docker client then refuses for older engines)."""
    mac = spec.get("mac_address") or ""
    networks = spec.get("networks") or {}
    keys = _networks_by_priority(spec)
    main = (networks.get(keys[0]) or {}) if keys else {}
    if mac and main.get("mac_address") and main["mac_address"] != mac:
        raise ValueError(f"the service-level mac_address should have the same value as network {keys[0]}")
    if not _version_lt(api_version, "1.44"):
        return ""
    with_mac = [k for k, cfg in networks.items() if cfg and cfg.get("mac_address")]
    if len(with_mac) > 1:
        raise ValueError(
            f"a MAC address is specified for multiple networks ({', '.join(with_mac)}), but this feature "
            f"requires Docker Engine 1.44 or later (currently: {api_version})"
        )
    if with_mac:
        # the endpoint keeps it too, which the Docker client refuses below 1.44
        raise ValueError(
            '"specify mac-address per network" requires API version 1.44, but the Docker daemon API '
            f"version is {api_version}"
        )
    return mac


# ---------------------------------------------------------------------------------------- mounts


def _volumes(
    project: Project,
    spec: Mapping[str, Any],
    inherited: Sequence[Mapping[str, Any]],
    image_volumes: Collection[str],
    api_version: str,
) -> tuple[list[str], list[dict[str, Any]]]:
    """``buildContainerVolumes``: which mounts go to ``HostConfig.Binds`` (as ``src:dst:mode`` strings)
    and which to ``HostConfig.Mounts``.

    The Bind API is used whenever it can express the mount, since only it creates a missing host path
    (moby/moby#43483): a ``bind`` whose options need no Mount API (``create_host_path`` false,
    ``propagation`` or ``recursive`` do), and a *named* ``volume`` without ``nocopy``, ``subpath`` or
    ``labels``. Anonymous volumes, tmpfs, secrets and configs (and what needs options) are Mounts.
    Docker Compose builds these from a Go map (random order); here the order is the service's, then
    secrets, then configs.
    """
    volumes = [dict(v) for v in spec.get("volumes") or ()]
    mounts: dict[str, dict[str, Any]] = {}
    for old in inherited:
        if old.get("Type") == "tmpfs":
            continue
        source = old.get("Name") if old.get("Type") == "volume" else old.get("Source")
        target = _clean(str(old.get("Destination", "")))
        kept = {
            "Type": old.get("Type"),
            "Source": source,
            "Target": target,
            "ReadOnly": not old.get("RW", True),
        }
        if target in image_volumes:
            mounts[target] = kept
        remaining = []
        for volume in volumes:
            if volume.get("target") != target or volume.get("source"):
                remaining.append(volume)
                continue
            mounts[target] = kept  # the previous container's anonymous volume, kept
        volumes = remaining

    for volume in volumes:
        mount = _mount(project, volume, api_version)
        mounts[mount["Target"]] = mount
    for mount in _file_mounts(project, spec.get("secrets"), project.secrets, "secret", SECRETS_DIR):
        mounts.setdefault(mount["Target"], mount)
    for mount in _file_mounts(project, spec.get("configs"), project.configs, "config", "/"):
        mounts.setdefault(mount["Target"], mount)

    by_target = {v.get("target"): v for v in spec.get("volumes") or ()}
    binds: list[str] = []
    out: list[dict[str, Any]] = []
    for mount in mounts.values():
        volume = by_target.get(mount["Target"])
        if volume is not None and _uses_bind_api(mount, volume):
            binds.append(_bind_string(mount["Source"], volume))
        else:
            out.append({k: v for k, v in mount.items() if v not in (None, "", False)})
    return binds, out


def _uses_bind_api(mount: Mapping[str, Any], volume: Mapping[str, Any]) -> bool:
    """Whether Docker Compose sends this service volume as a ``Binds`` string (see :func:`_volumes`)."""
    if mount["Type"] == "bind":
        bind = volume.get("bind")
        return bind is None or (
            bool(bind.get("create_host_path")) and not bind.get("propagation") and not bind.get("recursive")
        )
    if mount["Type"] == "volume" and volume.get("type") == "volume" and volume.get("source"):
        options = volume.get("volume") or {}
        return not (options.get("nocopy") or options.get("subpath") or options.get("labels"))
    return False


def _bind_string(source: str, volume: Mapping[str, Any]) -> str:
    """compose-go ``ServiceVolumeConfig.String``: ``src:dst:rw|ro[,selinux][,propagation][,nocopy]``."""
    options = ["ro" if volume.get("read_only") else "rw"]
    bind = volume.get("bind") or {}
    if bind.get("selinux"):
        options.append(bind["selinux"])
    if bind.get("propagation"):
        options.append(bind["propagation"])
    if (volume.get("volume") or {}).get("nocopy"):
        options.append("nocopy")
    return f"{source}:{volume['target']}:{','.join(options)}"


def _clean(path: str) -> str:
    """Go's ``path.Clean`` for the absolute container paths it is used on."""
    return posixpath.normpath(path) if path else "."


def _mount(project: Project, volume: Mapping[str, Any], api_version: str) -> dict[str, Any]:
    """``buildMount``: a ``mount.Mount`` with Go's ``omitempty`` fields (falsy values dropped later)."""
    kind = volume.get("type", "volume")
    source = volume.get("source") or ""
    if kind == "volume" and source and source in project.volumes:
        source = project.volumes[source].name
    mount: dict[str, Any] = {
        "Type": kind,
        "Source": source,
        "Target": volume.get("target"),
        "ReadOnly": bool(volume.get("read_only")),
        "Consistency": volume.get("consistency", ""),
    }
    if kind == "bind" and volume.get("bind") is not None:
        bind = volume["bind"]
        recursive = bind.get("recursive") or ""
        if recursive == "readonly" and _version_lt(api_version, "1.44"):
            raise ValueError("bind-recursive=readonly requires API v1.44 or later")
        options = {
            "Propagation": bind.get("propagation", ""),
            "CreateMountpoint": bool(bind.get("create_host_path")),
            "NonRecursive": recursive == "disabled",
            "ReadOnlyNonRecursive": recursive == "writable",
            "ReadOnlyForceRecursive": recursive == "readonly",
        }
        mount["BindOptions"] = {k: v for k, v in options.items() if v}
    elif kind == "volume" and volume.get("volume") is not None:
        opts = volume["volume"]
        options = {
            "NoCopy": bool(opts.get("nocopy")),
            "Labels": _dict_or_none(opts.get("labels")),
            "Subpath": opts.get("subpath", ""),
        }
        mount["VolumeOptions"] = {k: v for k, v in options.items() if v}
    elif kind == "tmpfs" and volume.get("tmpfs") is not None:
        tmpfs = volume["tmpfs"]
        options = {"SizeBytes": _bytes(tmpfs.get("size")), "Mode": int(tmpfs.get("mode") or 0)}
        mount["TmpfsOptions"] = {k: v for k, v in options.items() if v}
    elif kind == "image":
        subpath = (volume.get("image") or {}).get("subpath")
        if subpath:
            mount["ImageOptions"] = {"Subpath": subpath}
    return mount


def _file_mounts(
    project: Project,
    references: Sequence[Mapping[str, Any]] | None,
    defined: Mapping[str, Any],
    what: str,
    base: str,
) -> list[dict[str, Any]]:
    """``buildContainerSecretMounts``/``buildContainerConfigMounts``: a ``file`` secret or config is a
    read-only bind mount (at ``/run/secrets/<name>``, or ``/<name>`` for configs); ``environment`` and
    ``content`` ones are copied in before start instead (:func:`secret_injections`). Secret mounts carry
    an empty ``BindOptions`` (they must not create a missing host file), config mounts none."""
    out = []
    for ref in references or ():
        if ref["source"] == API_SOCKET_CONFIG:
            continue  # generated content, injected
        obj = defined.get(ref["source"])
        if obj is None:
            raise ValueError(f"{what} {ref['source']!r} is not defined")
        if obj.external:
            raise ValueError(f"unsupported external {what} {obj.name}")
        if obj.environment or obj.content:
            continue
        target = _file_target(ref, base)
        mount: dict[str, Any] = {"Type": "bind", "Source": obj.file or "", "Target": target, "ReadOnly": True}
        if what == "secret":
            mount["BindOptions"] = {}
        out.append(mount)
    return out


def _file_target(ref: Mapping[str, Any], base: str) -> str:
    target = ref.get("target") or ""
    if not target:
        return base + ref["source"]
    windows_abs = target.startswith("\\\\") or (len(target) > 2 and target[1:3] == ":\\")
    return target if target.startswith("/") or windows_abs else base + target


class FileInjection(NamedTuple):
    """A secret or config file Docker Compose writes into the container before starting it.

    ``source_kind`` is ``"environment"`` (``source_ref`` names the variable of the project environment),
    ``"content"`` (``source_ref`` is ``secrets.<key>`` or ``configs.<key>``, whose ``content`` holds
    it) or ``"apisocket"`` (the Docker CLI config ``use_api_socket`` provides, which the executor
    generates); it holds no value (:func:`injection_values` adds them, sealed). ``target`` is absolute
    (a relative config target is under ``/``, a relative secret one under ``/run/secrets/``). ``uid``/``gid``
    ``None`` write 0 in the archive; when either is set the copy asks the engine to keep them
    (``copyUIDGID``), and the engine then chowns to the container's ``user`` instead when it has one
    (``tarCopyOptions``), as with Docker Compose. ``mode`` defaults to ``0o444``. Docker Compose refuses
    these for a ``read_only`` service (:func:`injection_values` raises the same error).
    """

    target: str
    source_kind: str
    source_ref: str
    uid: str | None
    gid: str | None
    mode: int


def secret_injections(project: Project, service: Service) -> list[FileInjection]:
    """The secrets and configs of ``service`` that are copied in before start (``injectSecrets`` /
    ``injectConfigs``) rather than bind-mounted: those whose source is an ``environment`` variable or
    inline ``content``, and, with ``use_api_socket``, the generated Docker CLI config
    (``source_kind`` ``"apisocket"``: the executor writes the client configuration there)."""
    return [item for _, _, item in _injected(project, service)]


def _injected(project: Project, service: Service) -> list[tuple[str, Any, FileInjection]]:
    """(``secret``/``config``, its top-level definition or None, the injection) of each injected file."""
    out: list[tuple[str, Any, FileInjection]] = []
    spec = with_api_socket(_thaw(service.spec))
    for collection, refs, defined, base in (
        ("secrets", spec.get("secrets"), project.secrets, SECRETS_DIR),
        ("configs", spec.get("configs"), project.configs, "/"),
    ):
        for ref in refs or ():
            obj = defined.get(ref["source"])
            if ref["source"] == API_SOCKET_CONFIG:
                kind, source = "apisocket", API_SOCKET_CONFIG
            elif obj is None or obj.external:
                continue
            elif obj.environment:
                kind, source = "environment", obj.environment
            elif obj.content and collection == "configs":
                kind, source = "content", f"{collection}.{obj.key}"
            else:
                continue
            mode = _octal_mode(ref.get("mode"))
            item = FileInjection(
                target=_file_target(ref, base),
                source_kind=kind,
                source_ref=source,
                uid=ref.get("uid") or None,
                gid=ref.get("gid") or None,
                mode=0o444 if mode is None else mode,
            )
            out.append((collection[:-1], obj, item))
    return out


class Injection(NamedTuple):
    """A ``FileInjection`` with its value, sealed (``None`` for the generated ``apisocket`` config,
    which the executor writes): what a ``start_container`` step copies in before starting."""

    file: FileInjection
    value: Sealed | None


def injection_values(project: Project, service: Service) -> tuple[Injection, ...]:
    """:func:`secret_injections` with their values sealed for the executor (``Sealed`` hides them from
    every rendering of the plan). An unset variable fails when the value is revealed, at start, with
    Docker Compose's message. A ``read_only`` service cannot get such files: ``ValueError`` with Docker
    Compose's message (it refuses at start; pycompose before creating anything)."""
    out = []
    for what, obj, item in _injected(project, service):
        value: Sealed | None = None
        if obj is not None and service.spec.get("read_only"):
            raise ValueError(
                f'cannot create {what} "{obj.name}" in read-only service {service.name}: '
                "`file` is the sole supported option"
            )
        if item.source_kind == "content":
            value = Sealed(f"content of {what} {obj.key}", obj.content)
        elif item.source_kind == "environment":
            value = Sealed(
                f"environment variable {item.source_ref}",
                project.environment.get(item.source_ref),
                f'environment variable "{item.source_ref}" required by file "{obj.name}" is not set',
            )
        out.append(Injection(item, value))
    return tuple(out)


def ignored_file_options(project: Project, service: Service) -> list[str]:
    """Docker Compose's warnings for ``uid``/``gid``/``mode`` on bind-mounted (``file``) secrets and
    configs, which it ignores: one per such reference, at each container create."""
    warnings = []
    spec = _thaw(service.spec)
    for collection, defined in (("secrets", project.secrets), ("configs", project.configs)):
        for ref in spec.get(collection) or ():
            obj = defined.get(ref["source"])
            if obj is None or obj.external or obj.environment or (obj.content and collection == "configs"):
                continue
            if ref.get("uid") or ref.get("gid") or ref.get("mode") is not None:
                what = "secrets" if collection == "secrets" else "config"
                warnings.append(f"{what} `uid`, `gid` and `mode` are not supported, they will be ignored")
    return warnings


# --------------------------------------------------------------------------- networks and volumes

#: The compose-go structs whose ``json.Marshal`` Docker Compose hashes into the ``config-hash`` label of
#: networks and volumes: (json key, Go type) in declaration order, every field ``omitempty``
#: (``CustomLabels`` and extensions are ``json:"-"``). Types: "str", "bool", "*bool" (written when set,
#: even false), "map", a struct name (never omitted), "[]Struct".
_HASHED_STRUCTS: dict[str, tuple[tuple[str, str], ...]] = {
    "NetworkConfig": (
        ("name", "str"),
        ("driver", "str"),
        ("driver_opts", "map"),
        ("ipam", "IPAMConfig"),
        ("external", "bool"),
        ("internal", "bool"),
        ("attachable", "bool"),
        ("labels", "map"),
        ("enable_ipv4", "*bool"),
        ("enable_ipv6", "*bool"),
    ),
    "IPAMConfig": (("driver", "str"), ("config", "[]IPAMPool")),
    "IPAMPool": (("subnet", "str"), ("gateway", "str"), ("ip_range", "str"), ("aux_addresses", "map")),
    "VolumeConfig": (
        ("name", "str"),
        ("driver", "str"),
        ("driver_opts", "map"),
        ("external", "bool"),
        ("labels", "map"),
    ),
}


def _struct_json(value: Mapping[str, Any] | None, type_name: str) -> str:
    """``json.Marshal`` of one of ``_HASHED_STRUCTS`` (keys absent or zero are left out)."""
    value = value or {}
    parts = []
    for key, go_type in _HASHED_STRUCTS[type_name]:
        item = value.get(key)
        if go_type in _HASHED_STRUCTS:
            text = _struct_json(item, go_type)
        elif go_type.startswith("[]"):
            if not item:
                continue
            text = "[" + ",".join(_struct_json(v, go_type[2:]) for v in item) + "]"
        elif go_type == "*bool":
            if item is None:
                continue
            text = "true" if item else "false"
        elif not item:
            continue
        else:
            text = go_json(_thaw(item), "any")
        parts.append(f"{go_json(key, 'str')}:{text}")
    return "{" + ",".join(parts) + "}"


def network_hash(project: Project, key: str) -> str:
    """``NetworkHash``: what Docker Compose writes into a network's ``com.docker.compose.config-hash``
    and compares to decide whether the network must be recreated.

    ``enable_ipv4`` is not in the ``Network`` model yet, so a network setting it hashes differently.
    """
    net = project.networks[key]
    values = {
        "name": net.name,
        "driver": net.driver,
        "driver_opts": net.driver_opts,
        "ipam": net.ipam,
        "external": net.external,
        "internal": net.internal,
        "attachable": net.attachable,
        "labels": net.labels,
        "enable_ipv6": net.enable_ipv6,
    }
    return hashlib.sha256(_struct_json(values, "NetworkConfig").encode("utf-8")).hexdigest()


def network_spec(project: Project, key: str) -> NetworkSpec:
    """``POST /networks/create`` body for the project network ``key`` (``resolveOrCreateNetwork``).

    ``CheckDuplicate`` (for engines before API 1.44) is the engine adapter's business, not the body's.
    External networks are never created: ``ValueError``.
    """
    net = project.networks[key]
    if net.external:
        raise ValueError(f"network {key} is external: it is looked up, never created")
    labels = {
        **{str(k): str(v) for k, v in net.labels.items()},
        L.NETWORK: key,
        L.PROJECT: project.name,
        L.VERSION: L.COMPAT_VERSION,
        L.CONFIG_HASH: network_hash(project, key),
    }
    body: dict[str, Any] = {
        "Name": net.name,
        "Driver": net.driver or "",
        "Internal": net.internal,
        "Attachable": net.attachable,
        "Options": dict(net.driver_opts) or None,
        "Labels": labels,
    }
    if net.enable_ipv6 is not None:
        body["EnableIPv6"] = net.enable_ipv6
    ipam = net.ipam or {}
    if ipam.get("driver") or ipam.get("config"):
        body["IPAM"] = {
            "Driver": ipam.get("driver", ""),
            "Config": [
                {
                    k: v
                    for k, v in {
                        "Subnet": pool.get("subnet"),
                        "IPRange": pool.get("ip_range"),
                        "Gateway": pool.get("gateway"),
                        "AuxiliaryAddresses": _dict_or_none(pool.get("aux_addresses")),
                    }.items()
                    if v
                }
                for pool in ipam.get("config") or ()
            ]
            or None,
        }
    return NetworkSpec(name=net.name, body={k: v for k, v in body.items() if v is not None})


def volume_hash(project: Project, key: str) -> str:
    """``VolumeHash``: the volume's ``com.docker.compose.config-hash`` (driver defaulting to ``local``)."""
    vol = project.volumes[key]
    values = {
        "name": vol.name,
        "driver": vol.driver or "local",
        "driver_opts": vol.driver_opts,
        "external": vol.external,
        "labels": vol.labels,
    }
    return hashlib.sha256(_struct_json(values, "VolumeConfig").encode("utf-8")).hexdigest()


def volume_spec(project: Project, key: str) -> VolumeSpec:
    """``POST /volumes/create`` body for the project volume ``key`` (``createVolume``). External volumes
    are never created: ``ValueError``."""
    vol = project.volumes[key]
    if vol.external:
        raise ValueError(f"volume {key} is external: it is looked up, never created")
    labels = {
        **{str(k): str(v) for k, v in vol.labels.items()},
        L.VOLUME: key,
        L.PROJECT: project.name,
        L.VERSION: L.COMPAT_VERSION,
        L.CONFIG_HASH: volume_hash(project, key),
    }
    body: dict[str, Any] = {
        "Name": vol.name,
        "Driver": vol.driver or "",
        "DriverOpts": dict(vol.driver_opts) or None,
        "Labels": labels,
    }
    return VolumeSpec(name=vol.name, body={k: v for k, v in body.items() if v not in (None, "")})
