"""The swarm manager behind one small class, over the Docker SDK (docker-py's services, secrets, configs,
networks, tasks and nodes APIs).

Everything else of the Swarm backend is pure; this is the only module that imports ``docker``. Engine
refusals become ``EngineError`` (``NotFoundError`` for a 404) with the engine's own message.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from typing import Any

from pycompose.engine.base import NetworkSpec
from pycompose.errors import EngineError, NotFoundError
from pycompose.swarm import labels as SL
from pycompose.swarm.state import SwarmState, from_api
from pycompose.swarm.translate import thaw

#: seconds to keep retrying the removal of a network whose last task containers are still going away
NETWORK_REMOVE_TIMEOUT = 60.0


@contextmanager
def _engine_errors(what: str) -> Iterator[None]:
    import docker.errors
    import requests.exceptions

    try:
        yield
    except docker.errors.NotFound as exc:
        raise NotFoundError(f"{what}: {_explain(exc)}") from exc
    except docker.errors.APIError as exc:
        raise EngineError(f"{what}: {_explain(exc)}") from exc
    except (docker.errors.DockerException, requests.exceptions.RequestException) as exc:
        raise EngineError(f"{what}: {exc}", hint="is DOCKER_HOST (or -H) a swarm manager?") from exc


def _explain(exc: Any) -> str:
    return str(getattr(exc, "explanation", None) or exc)


class SwarmEngine:
    """A connection to a swarm manager (``host``: ``unix://...``, ``tcp://...``; default DOCKER_HOST)."""

    def __init__(self, host: str | None = None, environ: Mapping[str, str] | None = None, timeout: int = 60):
        import docker

        env = dict(os.environ if environ is None else environ)
        if host:
            env["DOCKER_HOST"] = host
        with _engine_errors("connect"):
            self.client = docker.from_env(environment=env, timeout=timeout)
        self.api = self.client.api
        self.address = env.get("DOCKER_HOST", "unix:///var/run/docker.sock")

    def close(self) -> None:
        self.client.close()

    # -------------------------------------------------------------------------------- reads

    def check_manager(self) -> None:
        """Raise a clear error unless the engine is an active swarm manager."""
        with _engine_errors(f"docker info ({self.address})"):
            info = self.api.info()
        swarm = info.get("Swarm") or {}
        if swarm.get("LocalNodeState") != "active":
            raise EngineError(
                f"the engine at {self.address} is not part of a swarm",
                hint="point -H / DOCKER_HOST at a manager (scripts/swarm-cluster.sh up 3 starts a local one)",
            )
        if not swarm.get("ControlAvailable"):
            raise EngineError(
                f"the engine at {self.address} is a swarm worker, not a manager",
                hint="point -H / DOCKER_HOST at a manager node",
            )

    def observe(self, stack: str) -> SwarmState:
        """One snapshot: the stack's services (one label-filtered call), every network, secret, config
        (one call each: external ones and versions are looked up by name) and the nodes."""
        with _engine_errors(f"observe stack {stack}"):
            services = self.api.services(filters=SL.namespace_filter(stack))
            networks = self.api.networks()
            secrets = self.api.secrets()
            configs = self.api.configs()
            nodes = self.api.nodes()
        return from_api(stack, services, networks, secrets, configs, nodes)

    def services(self, stack: str) -> list[dict[str, Any]]:
        with _engine_errors(f"list services of {stack}"):
            return list(self.api.services(filters=SL.namespace_filter(stack)))

    def tasks(
        self, stack: str | None = None, service: str | None = None, up_to_date: bool = False
    ) -> list[dict[str, Any]]:
        """Tasks of a stack or service; ``up_to_date``: only those of the service's current spec (the
        daemon's ``_up-to-date`` filter, which ``docker service update`` progress uses)."""
        filters: dict[str, Any] = {}
        if up_to_date:
            filters["_up-to-date"] = "true"
        if stack:
            filters["label"] = [f"{SL.NAMESPACE}={stack}"]
        if service:
            filters["service"] = [service]
        with _engine_errors("list tasks"):
            return list(self.api.tasks(filters=filters))

    def nodes(self) -> list[dict[str, Any]]:
        with _engine_errors("list nodes"):
            return list(self.api.nodes())

    def stacks(self) -> dict[str, int]:
        """Every stack name with its number of services (``docker stack ls``)."""
        with _engine_errors("list services"):
            services = self.api.services(filters={"label": [SL.NAMESPACE]})
        out: dict[str, int] = {}
        for service in services:
            name = (service["Spec"].get("Labels") or {}).get(SL.NAMESPACE)
            if name:
                out[name] = out.get(name, 0) + 1
        return out

    # -------------------------------------------------------------------------------- writes

    def create_network(self, spec: NetworkSpec) -> None:
        import docker.types

        body = spec.body
        ipam = None
        if body.get("IPAM"):
            ipam = docker.types.IPAMConfig(
                driver=body["IPAM"].get("Driver") or "default",
                pool_configs=[
                    docker.types.IPAMPool(
                        subnet=c.get("Subnet"), iprange=c.get("IPRange"), gateway=c.get("Gateway")
                    )
                    for c in body["IPAM"].get("Config") or ()
                ],
            )
        with _engine_errors(f"create network {spec.name}"):
            self.api.create_network(
                spec.name,
                driver=body.get("Driver") or "overlay",
                options=dict(body.get("Options") or {}) or None,
                ipam=ipam,
                check_duplicate=True,
                internal=bool(body.get("Internal")),
                labels=dict(body.get("Labels") or {}),
                attachable=bool(body.get("Attachable")),
                scope=body.get("Scope") or "swarm",
            )

    def remove_network(self, name: str, retry: bool = False) -> None:
        """Remove a network; with ``retry`` wait out "has active endpoints" while the task containers of
        just-removed services are still stopping (as ``docker stack rm`` users otherwise see)."""
        deadline = time.monotonic() + (NETWORK_REMOVE_TIMEOUT if retry else 0)
        while True:
            try:
                with _engine_errors(f"remove network {name}"):
                    self.api.remove_network(name)
                return
            except NotFoundError:
                return
            except EngineError as exc:
                if "not found" in str(exc):  # a 500 while the swarm is already removing it
                    return
                busy = "active endpoints" in str(exc) or "in use" in str(exc)
                if not busy or time.monotonic() > deadline:
                    raise
                time.sleep(0.5)

    def create_secret(self, name: str, data: bytes, labels: Mapping[str, str]) -> None:
        with _engine_errors(f"create secret {name}"):
            self.api.create_secret(name, data, labels=dict(labels))

    def create_config(self, name: str, data: bytes, labels: Mapping[str, str]) -> None:
        with _engine_errors(f"create config {name}"):
            self.api.create_config(name, data, labels=dict(labels))

    def remove_secret(self, name: str) -> None:
        try:
            with _engine_errors(f"remove secret {name}"):
                self.api.remove_secret(self._object_id("secret", name))
        except NotFoundError:
            return

    def remove_config(self, name: str) -> None:
        try:
            with _engine_errors(f"remove config {name}"):
                self.api.remove_config(self._object_id("config", name))
        except NotFoundError:
            return

    def _object_id(self, kind: str, name: str) -> str:
        lister: Callable[..., list[dict[str, Any]]] = (
            self.api.secrets if kind == "secret" else self.api.configs
        )
        for obj in lister(filters={"name": [name]}):
            if obj["Spec"]["Name"] == name:
                return str(obj["ID"])
        raise NotFoundError(f"{kind} {name} not found")

    def _with_ids(self, spec: dict[str, Any]) -> dict[str, Any]:
        """Fill ``SecretID``/``ConfigID`` of the references, which the API needs and the plan names."""
        container = spec.get("TaskTemplate", {}).get("ContainerSpec", {})
        with _engine_errors(f"service {spec.get('Name')}"):
            for ref in container.get("Secrets") or ():
                ref.setdefault("SecretID", self._object_id("secret", ref["SecretName"]))
            for ref in container.get("Configs") or ():
                ref.setdefault("ConfigID", self._object_id("config", ref["ConfigName"]))
        return spec

    def create_service(self, spec: Mapping[str, Any]) -> str:
        body = self._with_ids(thaw(spec))
        with _engine_errors(f"create service {body['Name']}"):
            result = self.api.create_service(
                body["TaskTemplate"],
                name=body["Name"],
                labels=body.get("Labels"),
                mode=body.get("Mode"),
                update_config=body.get("UpdateConfig"),
                rollback_config=body.get("RollbackConfig"),
                endpoint_spec=body.get("EndpointSpec"),
            )
        return str(result.get("ID", ""))

    def update_service(self, name: str, spec: Mapping[str, Any], force: bool = False) -> None:
        """Replace the service's spec with ``spec`` (the version read just before; retried when another
        client updated it in between). The ``ForceUpdate`` counter is carried over (bumped with
        ``force``): a different value alone would restart every task."""
        body = self._with_ids(thaw(spec))
        for attempt in range(3):
            with _engine_errors(f"inspect service {name}"):
                current = self.api.inspect_service(name)
            counter = int(((current.get("Spec") or {}).get("TaskTemplate") or {}).get("ForceUpdate") or 0)
            body["TaskTemplate"]["ForceUpdate"] = counter + (1 if force else 0)
            try:
                with _engine_errors(f"update service {name}"):
                    self.api.update_service(
                        current["ID"],
                        current["Version"]["Index"],
                        task_template=body["TaskTemplate"],
                        name=body["Name"],
                        labels=body.get("Labels"),
                        mode=body.get("Mode"),
                        update_config=body.get("UpdateConfig"),
                        rollback_config=body.get("RollbackConfig"),
                        endpoint_spec=body.get("EndpointSpec"),
                    )
                return
            except EngineError as exc:
                if "out of sequence" not in str(exc) or attempt == 2:
                    raise

    def remove_service(self, name: str) -> None:
        try:
            with _engine_errors(f"remove service {name}"):
                self.api.remove_service(name)
        except NotFoundError:
            return
