"""Compose model -> Swarm objects: the service specs, networks, secrets and configs of a stack. Pure.

The output follows ``docker stack deploy`` (docker/cli ``cli/compose/convert``) so both tools name and
label the same objects the same way: ``<stack>_<service>``, ``<stack>_<network>`` (overlay, scope
swarm), the ``com.docker.stack.namespace`` label on everything and ``com.docker.stack.image`` on
services. Two deliberate differences:

- secrets and configs are *versioned*: ``<stack>_<key>-<first 10 hex of sha256(content)>``, so a changed
  file is a new object and the services roll onto it (Swarm objects are immutable);
- ``restart: "no"`` becomes ``Condition: none`` (docker stack leaves Swarm's default, ``any``).

Service specs are Engine API JSON (``POST /services/create`` bodies) with names where the API wants
IDs (``SecretName`` without ``SecretID``): the executor fills the IDs in. Each carries the hash of its
spec (replicas excluded) in the ``io.pycompose.stack.spec-hash`` label; the planner compares it.

The only input besides the model is ``read``, which returns the content of a secret or config (the
default reads the file or the project's environment); its result is hashed and sealed, never shown.
"""

from __future__ import annotations

import base64
import hashlib
import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from types import MappingProxyType
from typing import Any

from pycompose.config.units import parse_duration, unit_bytes
from pycompose.errors import ConfigError
from pycompose.model import Network, Project, SecretOrConfig, Service
from pycompose.planner.plan import Sealed
from pycompose.swarm import labels as SL
from pycompose.swarm.support import DEPLOY_KEYS, IGNORED, SERVICE_KEYS

EMPTY: Mapping[str, Any] = MappingProxyType({})

#: length of the content hash in versioned secret and config names
HASH_LENGTH = 10
#: Swarm's limit on object names
MAX_NAME = 64


@dataclass(frozen=True)
class SwarmWarning:
    """One ignored (or degraded) key, with every service that uses it."""

    key: str
    services: tuple[str, ...]
    message: str

    def text(self) -> str:
        where = f" (services: {', '.join(self.services)})" if self.services else ""
        return f"{self.key}: {self.message}{where}"


@dataclass(frozen=True)
class FileObject:
    """A secret or config of the stack. ``name`` is the Swarm name (versioned unless external)."""

    kind: str  # "secret" | "config"
    key: str
    name: str
    external: bool = False
    digest: str = ""
    labels: Mapping[str, str] = field(default_factory=lambda: EMPTY)
    data: Sealed | None = field(default=None, repr=False, compare=False)  # base64 of the content


@dataclass(frozen=True)
class NetworkDef:
    """An overlay network of the stack; ``body`` is the ``POST /networks/create`` body."""

    key: str
    name: str
    external: bool = False
    body: Mapping[str, Any] = field(default_factory=lambda: EMPTY)


@dataclass(frozen=True)
class ServiceDef:
    """One service: its Swarm name, the API spec to send and the hash the planner compares."""

    key: str
    name: str
    spec: Mapping[str, Any]
    spec_hash: str
    mode: str  # replicated | global | replicated-job | global-job
    replicas: int | None
    secrets: tuple[str, ...] = ()
    configs: tuple[str, ...] = ()
    networks: tuple[str, ...] = ()


@dataclass(frozen=True)
class StackSpec:
    """What the compose file asks of the swarm, before looking at it."""

    stack: str
    services: Mapping[str, ServiceDef]
    networks: Mapping[str, NetworkDef]
    secrets: Mapping[str, FileObject]
    configs: Mapping[str, FileObject]
    warnings: tuple[SwarmWarning, ...] = ()

    def service_by_name(self) -> dict[str, ServiceDef]:
        return {s.name: s for s in self.services.values()}


Reader = Callable[[Project, SecretOrConfig, str], bytes | None]


def read_source(project: Project, obj: SecretOrConfig, kind: str) -> bytes | None:
    """The content of a secret or config: its file, its variable of the project environment, or
    ``content``. None when the variable is unset (the planner reports it)."""
    if obj.file is not None:
        try:
            with open(obj.file, "rb") as handle:
                return handle.read()
        except OSError as exc:
            raise ConfigError(
                f"{kind} {obj.key}: cannot read {obj.file}: {exc.strerror}", path=(f"{kind}s", obj.key)
            ) from exc
    if obj.environment is not None:
        value = project.environment.get(obj.environment)
        return None if value is None else value.encode()
    if obj.content is not None:
        return obj.content.encode()
    return b""


# ------------------------------------------------------------------------------------------ helpers


def _thaw(value: Any) -> Any:
    if isinstance(value, Mapping):
        return {str(k): _thaw(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_thaw(v) for v in value]
    return value


def _ns(duration: Any) -> int:
    if duration is None:
        return 0
    return parse_duration(duration) if isinstance(duration, str) else int(duration)


def _bytes(value: Any) -> int:
    return unit_bytes(value) if value not in (None, "") else 0


def _nano_cpus(cpus: Any) -> int:
    """``opts.ParseCPUs``: a decimal number of CPUs, exactly, in nano CPUs (``0.1`` is 100000000)."""
    if cpus in (None, ""):
        return 0
    return int(Decimal(str(cpus)) * 1_000_000_000)


def _mode(value: Any, default: int = 0o444) -> int:
    if value is None or value == "":
        return default
    return int(value, 8) if isinstance(value, str) else int(value)


def _prune(value: dict[str, Any]) -> dict[str, Any]:
    """Drop the None, empty, False and 0 entries of one spec dict (not nested ones), as Go's
    ``omitempty`` does."""
    return {k: v for k, v in value.items() if v not in (None, "", [], {}, False, 0) or v is True}


def spec_hash(spec: Mapping[str, Any]) -> str:
    """sha256 of the canonical JSON of a service spec without its replica count and hash label."""
    body = _thaw(spec)
    body.get("Labels", {}).pop(SL.SPEC_HASH, None)
    replicated = body.get("Mode", {}).get("Replicated")
    if isinstance(replicated, dict):
        replicated.pop("Replicas", None)
    text = json.dumps(body, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode()).hexdigest()


def versioned_name(base: str, digest: str) -> str:
    suffix = "-" + digest[:HASH_LENGTH]
    return base[: MAX_NAME - len(suffix)] + suffix


# ------------------------------------------------------------------------------------------ objects


def _file_object(
    project: Project, stack: str, kind: str, obj: SecretOrConfig, read: Reader, path: tuple[str, ...]
) -> FileObject:
    if obj.external:
        return FileObject(kind, obj.key, obj.name, external=True)
    content = read(project, obj, kind)
    if content is None:
        raise ConfigError(f'{kind} {obj.key}: environment variable "{obj.environment}" is not set', path=path)
    digest = hashlib.sha256(content).hexdigest()
    origin = (
        f"file {obj.file}"
        if obj.file is not None
        else f"environment variable {obj.environment}"
        if obj.environment is not None
        else f"content of {kind} {obj.key}"
    )
    labels = {SL.NAMESPACE: stack, SL.SOURCE_KEY: obj.key, SL.CONTENT_HASH: digest}
    return FileObject(
        kind,
        obj.key,
        versioned_name(obj.name, digest),
        digest=digest,
        labels=MappingProxyType(labels),
        data=Sealed(origin, base64.b64encode(content).decode()),
    )


def _network(stack: str, net: Network) -> NetworkDef:
    if net.external:
        return NetworkDef(net.key, net.name, external=True)
    body: dict[str, Any] = {
        "Name": net.name,
        "Driver": net.driver or "overlay",
        "Scope": "swarm",
        "Labels": {**dict(net.labels), SL.NAMESPACE: stack},
    }
    if net.attachable:
        body["Attachable"] = True
    if net.internal:
        body["Internal"] = True
    if net.driver_opts:
        body["Options"] = dict(net.driver_opts)
    ipam = _thaw(net.ipam) if net.ipam else {}
    if ipam.get("driver") or ipam.get("config"):
        body["IPAM"] = {
            "Driver": ipam.get("driver") or "default",
            "Config": [
                _prune(
                    {
                        "Subnet": c.get("subnet"),
                        "IPRange": c.get("ip_range"),
                        "Gateway": c.get("gateway"),
                    }
                )
                for c in ipam.get("config") or ()
            ],
        }
    return NetworkDef(net.key, net.name, body=MappingProxyType(body))


# ------------------------------------------------------------------------------------------ services


def _deploy_mode(service: Service, deploy: Mapping[str, Any]) -> tuple[str, int | None, dict[str, Any]]:
    mode = deploy.get("mode") or "replicated"
    replicas = deploy.get("replicas")
    if replicas is None and "scale" in service.spec:
        replicas = service.spec.get("scale")
    if mode == "global":
        return mode, None, {"Global": {}}
    if mode == "global-job":
        return mode, None, {"GlobalJob": {}}
    count = 1 if replicas is None else int(replicas)
    if mode == "replicated-job":
        return mode, count, {"ReplicatedJob": {"MaxConcurrent": count, "TotalCompletions": count}}
    if mode != "replicated":
        raise ConfigError(f"unknown deploy mode {mode!r}", path=("services", service.name, "deploy", "mode"))
    return mode, count, {"Replicated": {"Replicas": count}}


def _restart_policy(spec: Mapping[str, Any], deploy: Mapping[str, Any]) -> dict[str, Any] | None:
    policy = deploy.get("restart_policy")
    if policy:
        out: dict[str, Any] = {"Condition": policy.get("condition") or "any"}
        if policy.get("delay") is not None:
            out["Delay"] = _ns(policy["delay"])
        if policy.get("max_attempts") is not None:
            out["MaxAttempts"] = int(policy["max_attempts"])
        if policy.get("window") is not None:
            out["Window"] = _ns(policy["window"])
        return out
    restart = spec.get("restart")
    if not restart:
        return None
    name, _, count = str(restart).partition(":")
    if name == "no":
        return {"Condition": "none"}
    if name in ("always", "unless-stopped"):
        return {"Condition": "any"}
    if name == "on-failure":
        out = {"Condition": "on-failure"}
        if count.isdigit() and int(count) > 0:
            out["MaxAttempts"] = int(count)
        return out
    raise ConfigError(f"invalid restart policy {restart!r}", path=("services", "restart"))


def _update_config(config: Mapping[str, Any] | None) -> dict[str, Any] | None:
    if not config:
        return None
    out: dict[str, Any] = {"Parallelism": int(config.get("parallelism", 1))}
    if config.get("delay") is not None:
        out["Delay"] = _ns(config["delay"])
    if config.get("failure_action"):
        out["FailureAction"] = config["failure_action"]
    if config.get("monitor") is not None:
        out["Monitor"] = _ns(config["monitor"])
    if config.get("max_failure_ratio") is not None:
        out["MaxFailureRatio"] = float(config["max_failure_ratio"])
    if config.get("order"):
        out["Order"] = config["order"]
    return out


def _resources(deploy: Mapping[str, Any]) -> dict[str, Any] | None:
    resources = deploy.get("resources") or {}
    out: dict[str, Any] = {}
    limits = resources.get("limits") or {}
    if limits:
        out["Limits"] = _prune(
            {
                "NanoCPUs": _nano_cpus(limits.get("cpus")),
                "MemoryBytes": _bytes(limits.get("memory")),
                "Pids": int(limits.get("pids") or 0),
            }
        )
    reservations = resources.get("reservations") or {}
    if reservations:
        generic = []
        for item in reservations.get("generic_resources") or ():
            discrete = item.get("discrete_resource_spec")
            if discrete:
                generic.append(
                    {"DiscreteResourceSpec": {"Kind": discrete.get("kind"), "Value": discrete.get("value")}}
                )
        out["Reservations"] = _prune(
            {
                "NanoCPUs": _nano_cpus(reservations.get("cpus")),
                "MemoryBytes": _bytes(reservations.get("memory")),
                "GenericResources": generic,
            }
        )
    out = {k: v for k, v in out.items() if v}
    return out or None


def _placement(deploy: Mapping[str, Any]) -> dict[str, Any] | None:
    placement = deploy.get("placement") or {}
    out: dict[str, Any] = {}
    if placement.get("constraints"):
        out["Constraints"] = list(placement["constraints"])
    if placement.get("preferences"):
        out["Preferences"] = [
            {"Spread": {"SpreadDescriptor": p["spread"]}} for p in placement["preferences"] if p.get("spread")
        ]
    if placement.get("max_replicas_per_node"):
        out["MaxReplicas"] = int(placement["max_replicas_per_node"])
    return out or None


def _healthcheck(check: Mapping[str, Any] | None) -> dict[str, Any] | None:
    if not check:
        return None
    if check.get("disable"):
        return {"Test": ["NONE"]}
    test = check.get("test")
    if isinstance(test, str):
        test = ["CMD-SHELL", test]
    return _prune(
        {
            "Test": list(test) if test else None,
            "Interval": _ns(check.get("interval")),
            "Timeout": _ns(check.get("timeout")),
            "StartPeriod": _ns(check.get("start_period")),
            "Retries": int(check.get("retries") or 0),
        }
    )


def _env(environment: Mapping[str, Any] | None) -> list[str]:
    out = []
    for key, value in (environment or {}).items():
        out.append(key if value is None else f"{key}={value}")
    return sorted(out)


def _hosts(extra: Any) -> list[str]:
    """``host=ip`` / ``host:ip`` / a mapping -> SwarmKit's ``"ip host"`` lines, in order."""
    out = []
    if isinstance(extra, Mapping):
        for host, ips in extra.items():
            for ip in [ips] if isinstance(ips, str) else ips:
                out.append(f"{ip} {host}")
        return out
    for item in extra or ():
        sep = "=" if "=" in item else ":"
        host, _, ip = item.partition(sep)
        out.append(f"{ip} {host}")
    return out


def _ulimits(ulimits: Mapping[str, Any] | None) -> list[dict[str, Any]]:
    out = []
    for name, limit in sorted((ulimits or {}).items()):
        if isinstance(limit, Mapping):
            single = int(limit.get("single", 0))
            soft = int(limit.get("soft") or single)
            hard = int(limit.get("hard") or single)
        else:
            soft = hard = int(limit)
        out.append({"Name": name, "Soft": soft, "Hard": hard})
    return out


def _mounts(project: Project, stack: str, service: Service) -> list[dict[str, Any]]:
    mounts = []
    for volume in service.spec.get("volumes") or ():
        kind = volume.get("type") or "volume"
        mount: dict[str, Any] = {"Type": kind, "Target": volume["target"]}
        if volume.get("read_only"):
            mount["ReadOnly"] = True
        source = volume.get("source")
        if kind == "volume" and source:
            top = project.volumes.get(source)
            mount["Source"] = top.name if top is not None else SL.scoped(stack, source)
            options: dict[str, Any] = {}
            if (volume.get("volume") or {}).get("nocopy"):
                options["NoCopy"] = True
            if top is not None and not top.external:
                options["Labels"] = {**dict(top.labels), SL.NAMESPACE: stack}
                if top.driver or top.driver_opts:
                    options["DriverConfig"] = _prune(
                        {"Name": top.driver or "", "Options": dict(top.driver_opts) or None}
                    )
            if options:
                mount["VolumeOptions"] = options
        elif kind == "bind":
            mount["Source"] = source
            propagation = (volume.get("bind") or {}).get("propagation")
            if propagation:
                mount["BindOptions"] = {"Propagation": propagation}
        elif kind == "tmpfs":
            size = (volume.get("tmpfs") or {}).get("size")
            mode = (volume.get("tmpfs") or {}).get("mode")
            tmpfs = _prune({"SizeBytes": _bytes(size), "Mode": _mode(mode, 0) if mode is not None else 0})
            if tmpfs:
                mount["TmpfsOptions"] = tmpfs
        elif source:
            mount["Source"] = source
        mounts.append(mount)
    for entry in service.spec.get("tmpfs") or ():
        target, _, opts = str(entry).partition(":")
        mount = {"Type": "tmpfs", "Target": target}
        for opt in filter(None, opts.split(",")):
            key, _, value = opt.partition("=")
            if key == "size":
                mount["TmpfsOptions"] = {**mount.get("TmpfsOptions", {}), "SizeBytes": _bytes(value)}
            elif key == "mode":
                mount["TmpfsOptions"] = {**mount.get("TmpfsOptions", {}), "Mode": int(value, 8)}
        mounts.append(mount)
    return mounts


def _service_networks(project: Project, service: Service) -> list[dict[str, Any]]:
    nets = []
    for key, attachment in (service.spec.get("networks") or {}).items():
        top = project.networks.get(key)
        target = top.name if top is not None else key
        attachment = attachment or {}
        aliases = list(attachment.get("aliases") or ())
        if target not in ("host", "bridge", "none") and service.name not in aliases:
            aliases.append(service.name)
        entry: dict[str, Any] = {"Target": target, "Aliases": aliases}
        if attachment.get("driver_opts"):
            entry["DriverOpts"] = dict(attachment["driver_opts"])
        nets.append(entry)
    return sorted(nets, key=lambda n: n["Target"])


def _ports(service: Service, endpoint_mode: str) -> list[dict[str, Any]]:
    ports = []
    for index, port in enumerate(service.spec.get("ports") or ()):
        mode = port.get("mode") or "ingress"
        published = port.get("published")
        if published not in (None, "") and not str(published).isdigit():
            raise ConfigError(
                f"published port {published!r}: Swarm needs one number per port",
                path=("services", service.name, "ports", index),
            )
        if mode == "ingress" and endpoint_mode == "dnsrr":
            raise ConfigError(
                "a port published in ingress mode needs endpoint_mode vip; with dnsrr use mode: host",
                path=("services", service.name, "ports", index),
            )
        entry: dict[str, Any] = {
            "Protocol": port.get("protocol") or "tcp",
            "TargetPort": int(port["target"]),
            "PublishMode": mode,
        }
        if published not in (None, ""):
            entry["PublishedPort"] = int(published)
        ports.append(entry)
    return sorted(
        ports, key=lambda p: (p.get("PublishedPort", 0), p["TargetPort"], p["Protocol"], p["PublishMode"])
    )


def _secret_refs(service: Service, secrets: Mapping[str, FileObject]) -> list[dict[str, Any]]:
    refs = []
    for ref in service.spec.get("secrets") or ():
        obj = secrets[ref["source"]]
        target = ref.get("target") or ref["source"]
        target = target.removeprefix("/run/secrets/")
        refs.append(
            {
                "File": {
                    "Name": target,
                    "UID": str(ref.get("uid") or "0"),
                    "GID": str(ref.get("gid") or "0"),
                    "Mode": _mode(ref.get("mode")),
                },
                "SecretName": obj.name,
            }
        )
    return sorted(refs, key=lambda r: (r["SecretName"], r["File"]["Name"]))


def _config_refs(service: Service, configs: Mapping[str, FileObject]) -> list[dict[str, Any]]:
    refs = []
    for ref in service.spec.get("configs") or ():
        obj = configs[ref["source"]]
        refs.append(
            {
                "File": {
                    "Name": ref.get("target") or f"/{ref['source']}",
                    "UID": str(ref.get("uid") or "0"),
                    "GID": str(ref.get("gid") or "0"),
                    "Mode": _mode(ref.get("mode")),
                },
                "ConfigName": obj.name,
            }
        )
    return sorted(refs, key=lambda r: (r["ConfigName"], r["File"]["Name"]))


def _strings(value: Any) -> list[str] | None:
    if value is None:
        return None
    if isinstance(value, str):
        return [value]
    return [str(v) for v in value]


def service_spec(
    project: Project,
    stack: str,
    service: Service,
    secrets: Mapping[str, FileObject],
    configs: Mapping[str, FileObject],
) -> ServiceDef:
    """The ``ServiceSpec`` of one compose service, as ``docker stack deploy`` builds it."""
    spec = service.spec
    deploy = spec.get("deploy") or {}
    if not service.image:
        raise ConfigError(
            "a Swarm service needs an image (build it and push it to a registry the nodes can reach)",
            path=("services", service.name, "image"),
        )
    endpoint_mode = (deploy.get("endpoint_mode") or "vip").lower()
    mode, replicas, mode_body = _deploy_mode(service, deploy)
    dns = _prune(
        {
            "Nameservers": _strings(spec.get("dns")),
            "Search": _strings(spec.get("dns_search")),
            "Options": _strings(spec.get("dns_opt")),
        }
    )
    logging = spec.get("logging") or {}
    container = _prune(
        {
            "Image": service.image,
            "Command": _strings(spec.get("entrypoint")),
            "Args": _strings(spec.get("command")),
            "Hostname": spec.get("hostname"),
            "Env": _env(spec.get("environment")),
            "Dir": spec.get("working_dir"),
            "User": spec.get("user"),
            "Groups": _strings(spec.get("group_add")),
            "Labels": {**_thaw(spec.get("labels") or {}), SL.NAMESPACE: stack},
            "Mounts": _mounts(project, stack, service),
            "StopGracePeriod": _ns(spec.get("stop_grace_period")) if spec.get("stop_grace_period") else None,
            "StopSignal": spec.get("stop_signal"),
            "TTY": bool(spec.get("tty")),
            "OpenStdin": bool(spec.get("stdin_open")),
            "ReadOnly": bool(spec.get("read_only")),
            "Init": spec.get("init"),
            "Hosts": _hosts(spec.get("extra_hosts")),
            "DNSConfig": dns or None,
            "Healthcheck": _healthcheck(spec.get("healthcheck")),
            "Secrets": _secret_refs(service, secrets),
            "Configs": _config_refs(service, configs),
            "Sysctls": {k: str(v) for k, v in (spec.get("sysctls") or {}).items()},
            "CapabilityAdd": _strings(spec.get("cap_add")),
            "CapabilityDrop": _strings(spec.get("cap_drop")),
            "Ulimits": _ulimits(spec.get("ulimits")),
            "Isolation": spec.get("isolation"),
        }
    )
    if spec.get("init") is False:
        container["Init"] = False
    task: dict[str, Any] = {"ContainerSpec": container}
    resources = _resources(deploy)
    if resources:
        task["Resources"] = resources
    restart = _restart_policy(spec, deploy)
    if restart:
        task["RestartPolicy"] = restart
    placement = _placement(deploy)
    if placement:
        task["Placement"] = placement
    networks = _service_networks(project, service)
    if networks:
        task["Networks"] = networks
    if logging.get("driver"):
        task["LogDriver"] = _prune({"Name": logging["driver"], "Options": _thaw(logging.get("options"))})
    name = SL.scoped(stack, service.name)
    body: dict[str, Any] = {
        "Name": name,
        "Labels": {**_thaw(deploy.get("labels") or {}), SL.NAMESPACE: stack, SL.IMAGE: service.image},
        "TaskTemplate": task,
        "Mode": mode_body,
        "EndpointSpec": {"Mode": endpoint_mode, "Ports": _ports(service, endpoint_mode)},
    }
    if not body["EndpointSpec"]["Ports"]:
        del body["EndpointSpec"]["Ports"]
    update = _update_config(deploy.get("update_config"))
    if update:
        body["UpdateConfig"] = update
    rollback = _update_config(deploy.get("rollback_config"))
    if rollback:
        body["RollbackConfig"] = rollback
    digest = spec_hash(body)
    body["Labels"][SL.SPEC_HASH] = digest
    return ServiceDef(
        key=service.name,
        name=name,
        spec=_freeze(body),
        spec_hash=digest,
        mode=mode,
        replicas=replicas,
        secrets=tuple(r["SecretName"] for r in container.get("Secrets", ())),
        configs=tuple(r["ConfigName"] for r in container.get("Configs", ())),
        networks=tuple(n["Target"] for n in networks),
    )


def _freeze(value: Any) -> Any:
    if isinstance(value, dict):
        return MappingProxyType({k: _freeze(v) for k, v in value.items()})
    if isinstance(value, list):
        return tuple(_freeze(v) for v in value)
    return value


# ------------------------------------------------------------------------------------------ warnings


def _set(value: Any) -> bool:
    return value not in (None, "", [], {}, (), False) and not (isinstance(value, Mapping) and not value)


def ignored_keys(project: Project) -> tuple[SwarmWarning, ...]:
    """One warning per ignored key in use, naming the services that use it."""
    users: dict[str, list[str]] = {}
    notes: dict[str, str] = {}

    def note(key: str, service: str, message: str) -> None:
        users.setdefault(key, [])
        if service not in users[key]:
            users[key].append(service)
        notes[key] = message

    for service in project.services.values():
        spec = service.spec
        for key, value in spec.items():
            if not _set(value):
                continue
            status, message = SERVICE_KEYS.get(key, (IGNORED, "not translated for Swarm"))
            if status == IGNORED:
                note(key, service.name, f"ignored by Swarm: {message}")
        if "restart" in spec and (spec.get("deploy") or {}).get("restart_policy"):
            note("restart", service.name, "ignored: deploy.restart_policy is set")
        deploy = spec.get("deploy") or {}
        for key, value in deploy.items():
            if _set(value) and key not in DEPLOY_KEYS:
                note(f"deploy.{key}", service.name, "ignored by Swarm: not translated")
        devices = ((deploy.get("resources") or {}).get("reservations") or {}).get("devices")
        if devices:
            note(
                "deploy.resources.reservations.devices",
                service.name,
                "ignored by Swarm: use generic_resources",
            )
        for port in spec.get("ports") or ():
            if port.get("host_ip"):
                note(
                    "ports.host_ip",
                    service.name,
                    "ignored by Swarm: a published port listens on every address of the node",
                )
        for attachment in (spec.get("networks") or {}).values():
            for sub in ("ipv4_address", "ipv6_address", "priority", "mac_address", "link_local_ips"):
                if _set((attachment or {}).get(sub)):
                    note(
                        f"networks.{sub}",
                        service.name,
                        "ignored by Swarm: tasks get addresses from the overlay network",
                    )
        if _set((spec.get("healthcheck") or {}).get("start_interval")):
            note("healthcheck.start_interval", service.name, "ignored: needs Engine API 1.44")
    for net in project.networks.values():
        if net.driver and net.driver != "overlay" and not net.external:
            note(f"networks.{net.key}.driver", "", f"{net.driver} is not a swarm-scoped driver: use overlay")
    return tuple(SwarmWarning(key, tuple(s for s in users[key] if s), notes[key]) for key in users)


# ------------------------------------------------------------------------------------------ entry


def translate(project: Project, stack: str | None = None, read: Reader = read_source) -> StackSpec:
    """The stack ``stack`` (default: the project name) for ``project``."""
    stack = stack or project.name
    used_networks: dict[str, None] = {}
    used_secrets: dict[str, None] = {}
    used_configs: dict[str, None] = {}
    for service in project.services.values():
        for key in service.spec.get("networks") or {}:
            used_networks[key] = None
        for ref in service.spec.get("secrets") or ():
            used_secrets[ref["source"]] = None
        for ref in service.spec.get("configs") or ():
            used_configs[ref["source"]] = None
    secrets = {
        key: _file_object(project, stack, "secret", project.secrets[key], read, ("secrets", key))
        for key in project.secrets
        if key in used_secrets
    }
    configs = {
        key: _file_object(project, stack, "config", project.configs[key], read, ("configs", key))
        for key in project.configs
        if key in used_configs
    }
    networks = {key: _network(stack, net) for key, net in project.networks.items() if key in used_networks}
    services = {
        name: service_spec(project, stack, service, secrets, configs)
        for name, service in project.services.items()
    }
    return StackSpec(
        stack=stack,
        services=MappingProxyType(services),
        networks=MappingProxyType(networks),
        secrets=MappingProxyType(secrets),
        configs=MappingProxyType(configs),
        warnings=ignored_keys(project),
    )


def thaw(value: Any) -> Any:
    """A plain, mutable copy of a frozen spec (for the API client)."""
    return _thaw(value)
