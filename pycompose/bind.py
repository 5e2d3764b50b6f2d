"""Bind the loader's final dict to the frozen ``Project`` model: the one place that reads raw dicts."""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import Any

from pycompose.config.loader import LoadedModel
from pycompose.model import (
    EMPTY,
    Build,
    Dependency,
    Healthcheck,
    Mount,
    Network,
    NetworkAttachment,
    PortMapping,
    Project,
    SecretOrConfig,
    Service,
    Volume,
)


def freeze(value: Any) -> Any:
    """Read-only deep copy: dicts become ``MappingProxyType``, lists tuples."""
    if isinstance(value, dict):
        return MappingProxyType({k: freeze(v) for k, v in value.items()})
    if isinstance(value, list):
        return tuple(freeze(v) for v in value)
    return value


def _strings(value: Mapping[str, Any] | None) -> Mapping[str, Any]:
    return MappingProxyType(dict(value)) if value else EMPTY


def _tuple(value: Any) -> tuple[str, ...] | None:
    if value is None:
        return None
    return tuple(value)


def _port(entry: Mapping[str, Any]) -> PortMapping:
    return PortMapping(
        target=int(entry["target"]),
        published=entry.get("published"),
        host_ip=entry.get("host_ip"),
        protocol=entry.get("protocol", "tcp"),
        mode=entry.get("mode", "ingress"),
    )


def _mount(entry: Mapping[str, Any]) -> Mount:
    options = {k: v for k, v in entry.items() if k not in ("type", "target", "source", "read_only")}
    return Mount(
        type=entry["type"],
        target=entry["target"],
        source=entry.get("source"),
        read_only=bool(entry.get("read_only", False)),
        options=freeze(options),
    )


def _networks(value: Mapping[str, Any] | None) -> tuple[NetworkAttachment, ...]:
    out = []
    for key, attach in (value or {}).items():
        attach = attach or {}
        out.append(
            NetworkAttachment(
                network=key,
                aliases=tuple(attach.get("aliases") or ()),
                ipv4_address=attach.get("ipv4_address"),
                ipv6_address=attach.get("ipv6_address"),
                priority=attach.get("priority"),
            )
        )
    return tuple(out)


def _healthcheck(value: Mapping[str, Any] | None) -> Healthcheck | None:
    if not value:
        return None
    return Healthcheck(
        test=_tuple(value.get("test")),
        interval=value.get("interval"),
        timeout=value.get("timeout"),
        retries=value.get("retries"),
        start_period=value.get("start_period"),
        start_interval=value.get("start_interval"),
        disable=bool(value.get("disable", False)),
    )


def _build(value: Mapping[str, Any] | None) -> Build | None:
    if not value:
        return None
    return Build(
        context=value.get("context", "."),
        dockerfile=value.get("dockerfile"),
        args=_strings(value.get("args")),
        target=value.get("target"),
        tags=tuple(value.get("tags") or ()),
        spec=freeze(value),
    )


def _scale(spec: Mapping[str, Any]) -> int:
    if spec.get("scale") is not None:
        return int(spec["scale"])
    deploy = spec.get("deploy") or {}
    if deploy.get("replicas") is not None:
        return int(deploy["replicas"])
    return 1


def bind_service(name: str, spec: dict[str, Any], extensions: Mapping[str, Any] | None = None) -> Service:
    return Service(
        name=name,
        image=spec.get("image"),
        build=_build(spec.get("build")),
        command=_tuple(spec.get("command")),
        entrypoint=_tuple(spec.get("entrypoint")),
        environment=_strings(spec.get("environment")),
        labels=_strings(spec.get("labels")),
        ports=tuple(_port(p) for p in spec.get("ports") or ()),
        volumes=tuple(_mount(v) for v in spec.get("volumes") or ()),
        networks=_networks(spec.get("networks")),
        network_mode=spec.get("network_mode"),
        depends_on=tuple(
            Dependency(
                service=dep,
                condition=(d or {}).get("condition", "service_started"),
                required=(d or {}).get("required", True),
                restart=(d or {}).get("restart", False),
            )
            for dep, d in (spec.get("depends_on") or {}).items()
        ),
        healthcheck=_healthcheck(spec.get("healthcheck")),
        restart=spec.get("restart"),
        scale=_scale(spec),
        container_name=spec.get("container_name"),
        profiles=tuple(spec.get("profiles") or ()),
        pull_policy=spec.get("pull_policy"),
        spec=freeze(spec),
        extensions=freeze(dict(extensions or {})),
    )


def _secret(key: str, spec: Mapping[str, Any]) -> SecretOrConfig:
    return SecretOrConfig(
        key=key,
        name=spec.get("name", key),
        file=spec.get("file"),
        environment=spec.get("environment"),
        content=spec.get("content"),
        external=bool(spec.get("external", False)),
    )


def bind_project(loaded: LoadedModel) -> Project:
    """The frozen ``Project`` for a loaded (normalized) model."""
    model = loaded.model
    return Project(
        name=loaded.project_name,
        working_dir=loaded.working_dir,
        config_files=tuple(loaded.files),
        services=MappingProxyType(
            {
                n: bind_service(n, s, loaded.service_extensions.get(n))
                for n, s in (model.get("services") or {}).items()
            }
        ),
        networks=MappingProxyType(
            {
                k: Network(
                    key=k,
                    name=v.get("name", k),
                    external=bool(v.get("external", False)),
                    driver=v.get("driver"),
                    driver_opts=_strings(v.get("driver_opts")),
                    internal=bool(v.get("internal", False)),
                    attachable=bool(v.get("attachable", False)),
                    labels=_strings(v.get("labels")),
                    ipam=freeze(v.get("ipam") or {}),
                    enable_ipv6=v.get("enable_ipv6"),
                )
                for k, v in (model.get("networks") or {}).items()
            }
        ),
        volumes=MappingProxyType(
            {
                k: Volume(
                    key=k,
                    name=v.get("name", k),
                    external=bool(v.get("external", False)),
                    driver=v.get("driver"),
                    driver_opts=_strings(v.get("driver_opts")),
                    labels=_strings(v.get("labels")),
                )
                for k, v in (model.get("volumes") or {}).items()
            }
        ),
        secrets=MappingProxyType({k: _secret(k, v) for k, v in (model.get("secrets") or {}).items()}),
        configs=MappingProxyType({k: _secret(k, v) for k, v in (model.get("configs") or {}).items()}),
        environment=MappingProxyType(dict(loaded.environment)),
        disabled_services=tuple(loaded.disabled_services),
        extensions=freeze({k: v for k, v in model.items() if str(k).startswith("x-")}),
    )
