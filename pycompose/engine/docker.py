"""The ``Engine`` protocol over docker-py's low-level ``APIClient``.

Why the low-level client: it is one thin call per Engine API endpoint, so a list call returns the raw
summaries (labels, state, status text, ports, networks) in ONE request, where the high-level client
would inspect every container again. ``observe`` relies on that to read a project in one call per kind.

Why ``import docker`` happens here and only at construction: ``pycompose config`` and ``--help`` must
start without importing docker/requests/urllib3, and nothing outside this module may depend on docker-py
types. Every docker-py, requests, urllib3 or socket exception is turned into a one-line
``pycompose.errors.EngineError`` (``NotFoundError`` / ``ConflictError`` for 404 / 409) naming the
resource and what to do, so users never see a traceback for an engine refusal.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import shlex
import struct
import threading
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from datetime import datetime, timezone
from types import MappingProxyType
from typing import Any, TypeVar
from urllib.parse import quote as _quote

from pycompose import labels as L
from pycompose.engine.base import (
    BuildSpec,
    ContainerInfo,
    ContainerSpec,
    EngineEvent,
    ImageInfo,
    ImageProgress,
    LogLine,
    NetworkInfo,
    NetworkSpec,
    OutputSink,
    VolumeInfo,
    VolumeSpec,
)
from pycompose.errors import ConflictError, EngineError, NotFoundError, PycomposeError

T = TypeVar("T")

DEFAULT_TIMEOUT = 60.0  # seconds for one ordinary API request (docker-py's and docker compose v1's default)
DEFAULT_MAX_POOL_SIZE = 32  # connections kept per host: the executor's thread pool shares one client
DEFAULT_ADDRESS = "unix:///var/run/docker.sock"
CONNECT_HINT = "start dockerd, e.g. sudo bash scripts/ensure-engine.sh, or set DOCKER_HOST"

_HEALTH_RE = re.compile(r"\((healthy|unhealthy|health: starting)\)")
_EXITED_RE = re.compile(r"^Exited \((-?\d+)\)")
_DURATION_RE = re.compile(r"(\d+(?:\.\d*)?|\.\d+)(ns|us|µs|ms|s|m|h)")
_DURATION_UNITS = {"ns": 1e-9, "us": 1e-6, "µs": 1e-6, "ms": 1e-3, "s": 1.0, "m": 60.0, "h": 3600.0}
# engine event attributes that are not container labels
_EVENT_NON_LABELS = frozenset({"name", "image", "exitCode", "signal", "execID", "execDuration"})


class DockerEngine:
    """A Docker Engine reached over HTTP (unix socket, tcp, tls or ssh) through docker-py.

    The ``APIClient`` is created on first use (under a lock, the executor calls from many threads):
    ``version="auto"`` asks the engine for its API version, so constructing the client already talks to
    the engine, and a command that never needs the engine should not fail because none runs.
    """

    def __init__(
        self,
        base_url: str | None = None,
        tls: Any = False,
        timeout: float = DEFAULT_TIMEOUT,
        max_pool_size: int = DEFAULT_MAX_POOL_SIZE,
    ) -> None:
        self.address: str = base_url or DEFAULT_ADDRESS
        self.timeout = timeout
        self._base_url = base_url
        self._tls = tls
        self._max_pool_size = max_pool_size
        self._api: Any = None
        self._api_lock = threading.Lock()
        self._wrapped_types: tuple[type[BaseException], ...] | None = None
        # reads go over a tiny http.client transport when possible: no docker-py import for them
        from pycompose.engine.lighthttp import LightClient

        self._light = LightClient(self.address, timeout) if LightClient.supports(self.address, tls) else None

    @property
    def _docker(self) -> Any:
        import docker  # lazily: see the module docstring

        return docker

    @property
    def _wrapped(self) -> tuple[type[BaseException], ...]:
        """What _translate turns into EngineError; anything else is a bug and keeps its traceback."""
        if self._wrapped_types is None:
            import requests
            import urllib3

            self._wrapped_types = (
                self._docker.errors.DockerException,
                requests.exceptions.RequestException,
                urllib3.exceptions.HTTPError,
                OSError,
                ValueError,  # bad JSON from a proxy in front of the engine
            )
        return self._wrapped_types

    def _get(
        self, what: str, path: str, fallback: Callable[[], Any], params: Mapping[str, Any] | None = None
    ) -> Any:
        """A read: over the light client when the transport allows, else through docker-py."""
        return self._send(what, "GET", path, fallback, params)

    def _send(
        self,
        what: str,
        method: str,
        path: str,
        fallback: Callable[[], Any],
        params: Mapping[str, Any] | None = None,
        body: Any = None,
        timeout: float | None = -1.0,
    ) -> Any:
        """One plain request over the light client when the transport allows, else through docker-py."""
        if self._light is None:
            return self._call(what, fallback)
        from pycompose.engine.lighthttp import LightHTTPError

        try:
            return self._light.request(method, path, params, body, timeout)
        except LightHTTPError as exc:
            raise _api_error(what, exc.status, exc.message) from None
        except (OSError, ValueError) as exc:
            reason = _socket_reason(_exception_chain(exc))
            if reason is None:
                reason = _one_line(str(exc)) or type(exc).__name__
            raise EngineError(
                f"cannot connect to the Docker Engine at {self.address}: {reason}", hint=CONNECT_HINT
            ) from None

    # ------------------------------------------------------------------ construction
    @classmethod
    def from_environment(
        cls, environ: Mapping[str, str] | None = None, timeout: float = DEFAULT_TIMEOUT
    ) -> DockerEngine:
        """The engine the docker CLI would use: ``DOCKER_HOST`` (with ``DOCKER_TLS_VERIFY`` and
        ``DOCKER_CERT_PATH``), else the ``DOCKER_CONTEXT`` named, else the local socket."""
        env = os.environ if environ is None else environ
        host = env.get("DOCKER_HOST") or None
        cert_path = env.get("DOCKER_CERT_PATH") or None
        verify_env = env.get("DOCKER_TLS_VERIFY")
        tls_verify = verify_env is not None and verify_env != ""
        tls: Any = False
        context = env.get("DOCKER_CONTEXT") or None
        if not (cert_path or tls_verify) and (host is not None or context in (None, "default")):
            return cls(base_url=host, tls=False, timeout=timeout)  # the common case: no docker-py import
        import docker

        try:
            if host is None and context not in (None, "default"):
                ctx = docker.context.ContextAPI.get_context(context)
                if ctx is None:
                    raise EngineError(
                        f"docker context {context}: not found",
                        hint="list contexts with `docker context ls`, or unset DOCKER_CONTEXT",
                    )
                host = ctx.Host
                tls = ctx.TLSConfig or False
            elif cert_path or tls_verify:
                if host is None:
                    raise EngineError(
                        "DOCKER_TLS_VERIFY or DOCKER_CERT_PATH is set but DOCKER_HOST is not",
                        hint="set DOCKER_HOST=tcp://HOST:2376, or unset the TLS variables",
                    )
                path = cert_path or os.path.join(os.path.expanduser("~"), ".docker")
                tls = docker.tls.TLSConfig(
                    client_cert=(os.path.join(path, "cert.pem"), os.path.join(path, "key.pem")),
                    ca_cert=os.path.join(path, "ca.pem"),
                    verify=tls_verify,
                )
                if host.startswith("tcp://"):
                    host = "https://" + host[len("tcp://") :]
        except PycomposeError:
            raise
        except docker.errors.DockerException as exc:
            raise EngineError(
                f"invalid Docker Engine settings for {host or DEFAULT_ADDRESS}: {_one_line(str(exc))}",
                hint="check DOCKER_HOST, DOCKER_TLS_VERIFY, DOCKER_CERT_PATH and DOCKER_CONTEXT",
            ) from exc
        return cls(base_url=host, tls=tls, timeout=timeout)

    @property
    def api(self) -> Any:
        """The docker-py ``APIClient``, created on first use with the engine's own API version."""
        if self._api is None:
            with self._api_lock:
                if self._api is None:
                    try:
                        self._api = self._docker.APIClient(
                            base_url=self._base_url,
                            version="auto",
                            timeout=self.timeout,
                            tls=self._tls,
                            max_pool_size=self._max_pool_size,
                        )
                    except self._wrapped as exc:
                        raise self._translate(exc, "Docker Engine") from exc
        return self._api

    def close(self) -> None:
        """Close the pooled connections (tests and long-lived callers)."""
        if self._api is not None:
            self._api.close()

    # ------------------------------------------------------------------ helpers
    def _call(self, what: str, fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        """Run one docker-py call; failures become an EngineError about ``what``."""
        try:
            return fn(*args, **kwargs)
        except PycomposeError:
            raise
        except self._wrapped as exc:
            raise self._translate(exc, what) from exc

    def _post_json(self, what: str, path: str, body: Any, *args: str, **kwargs: Any) -> Any:
        """POST a raw Engine API body (kept as the caller wrote it) and return the decoded answer."""

        def go() -> Any:
            api = self.api
            res = api._post_json(api._url(path, *args), data=body, **kwargs)
            return api._result(res, json=True) if res.content else None

        return self._call(what, go)

    def _translate(self, exc: BaseException, what: str) -> EngineError:
        """One line naming ``what`` failed and why, with a hint when there is something to do."""
        chain = _exception_chain(exc)
        status = getattr(exc, "status_code", None) if hasattr(exc, "explanation") else None
        if status is not None:
            return _api_error(what, status, _explanation(exc))
        # the socket's own error first: urllib3 2 makes NewConnectionError a ConnectTimeoutError
        reason = _socket_reason(chain)
        if reason is None and any(_is_timeout(e) for e in chain):
            if not any(_is_connect_timeout(e) for e in chain):
                return EngineError(
                    f"{what}: the Docker Engine did not answer within {self.timeout:g}s",
                    hint="the engine is busy or stuck; retry, or check `docker info`",
                )
            reason = "timed out"
        if reason is None:
            reason = _connection_failure(chain)
        if reason is not None:
            hint = CONNECT_HINT
            if reason == "permission denied":
                hint = "add your user to the docker group, or run as root"
            return EngineError(f"cannot connect to the Docker Engine at {self.address}: {reason}", hint=hint)
        if isinstance(exc, self._docker.errors.TLSParameterError):
            return EngineError(
                f"invalid TLS settings for {self.address}: {_one_line(str(exc))}",
                hint="check DOCKER_CERT_PATH and DOCKER_TLS_VERIFY",
            )
        text = str(exc)
        prefix = "Error while fetching server API version: "
        if text.startswith(prefix):
            text = text[len(prefix) :]
        return EngineError(f"{what}: {_lower_first(_one_line(text))}")

    # ------------------------------------------------------------------ engine
    def ping(self) -> Mapping[str, Any]:
        """The engine's version document (``Version``, ``ApiVersion``, ``Os``...); proves it answers."""
        return self._get("Docker Engine", "/version", lambda: self.api.version())

    # ------------------------------------------------------------------ observation
    def list_containers(self, filters: Mapping[str, Sequence[str]], all: bool = True) -> list[ContainerInfo]:
        """One ``GET /containers/json`` call: its summaries carry all ``ContainerInfo`` needs."""
        params = {"all": "1" if all else "0", "filters": _filters(filters)}
        rows = self._get(
            "list containers",
            "/containers/json",
            lambda: self.api.containers(all=all, filters=_filters(filters)),
            params,
        )
        return [_container_from_summary(row) for row in rows or ()]

    def list_networks(self, filters: Mapping[str, Sequence[str]]) -> list[NetworkInfo]:
        rows = self._get(
            "list networks",
            "/networks",
            lambda: self.api.networks(filters=_filters(filters)),
            {"filters": _filters(filters)},
        )
        return [_network_from_json(row) for row in rows or ()]

    def list_volumes(self, filters: Mapping[str, Sequence[str]]) -> list[VolumeInfo]:
        res = self._get(
            "list volumes",
            "/volumes",
            lambda: self.api.volumes(filters=_filters(filters)),
            {"filters": _filters(filters)},
        )
        return [_volume_from_json(row) for row in (res or {}).get("Volumes") or ()]

    def list_images(self, filters: Mapping[str, Sequence[str]]) -> list[ImageInfo]:
        rows = self._get(
            "list images",
            "/images/json",
            lambda: self.api.images(filters=_filters(filters)),
            {"filters": _filters(filters)},
        )
        return [_image_from_json(row) for row in rows or ()]

    def inspect_container(self, ref: str) -> ContainerInfo | None:
        data = self._inspect(
            f"container {ref}", lambda: self.api.inspect_container(ref), f"/containers/{quote(ref)}/json"
        )
        return None if data is None else _container_from_inspect(data)

    def inspect_container_details(self, ref: str) -> Mapping[str, Any] | None:
        """The full ``docker inspect`` JSON, for saying what changed in a container about to be replaced."""
        return self._inspect(
            f"container {ref}", lambda: self.api.inspect_container(ref), f"/containers/{quote(ref)}/json"
        )

    def inspect_image_details(self, ref: str) -> Mapping[str, Any] | None:
        """The full ``docker image inspect`` JSON (RepoDigests, Config...)."""
        return self._inspect(
            f"image {ref}", lambda: self.api.inspect_image(ref), f"/images/{quote(ref)}/json"
        )

    def inspect_network(self, ref: str) -> NetworkInfo | None:
        data = self._inspect(
            f"network {ref}", lambda: self.api.inspect_network(ref), f"/networks/{quote(ref)}"
        )
        return None if data is None else _network_from_json(data)

    def inspect_volume(self, name: str) -> VolumeInfo | None:
        data = self._inspect(
            f"volume {name}", lambda: self.api.inspect_volume(name), f"/volumes/{quote(name)}"
        )
        return None if data is None else _volume_from_json(data)

    def inspect_image(self, ref: str) -> ImageInfo | None:
        data = self._inspect(
            f"image {ref}", lambda: self.api.inspect_image(ref), f"/images/{quote(ref)}/json"
        )
        return None if data is None else _image_from_json(data)

    def _inspect(self, what: str, fn: Callable[[], Any], path: str | None = None) -> Any:
        """An inspect that answers None for a missing resource: absence is data, not a failure."""
        try:
            return self._get(what, path, fn) if path is not None else self._call(what, fn)
        except NotFoundError:
            return None

    # ------------------------------------------------------------------ networks and volumes
    def create_network(self, spec: NetworkSpec) -> str:
        """``POST /networks/create`` with the caller's body; a second network of the same name is a
        ConflictError (``CheckDuplicate`` is sent to engines older than API 1.44, which otherwise
        create duplicates)."""
        body = _plain(spec.body)
        body.setdefault("Name", spec.name)
        if _version_lt(self.api_version(), "1.44"):
            body.setdefault("CheckDuplicate", True)
        res = self._send(
            f"network {spec.name}",
            "POST",
            "/networks/create",
            lambda: self._post_json(f"network {spec.name}", "/networks/create", body),
            body=body,
        )
        return str(res["Id"])

    def api_version(self) -> str:
        """The engine's API version (asked once)."""
        if getattr(self, "_api_version", None) is None:
            self._api_version = str(self.ping().get("ApiVersion") or "1.41")
        return self._api_version

    def remove_network(self, ref: str) -> None:
        self._send(
            f"network {ref}", "DELETE", f"/networks/{quote(ref)}", lambda: self.api.remove_network(ref)
        )

    def connect_network(self, network: str, container: str, endpoint: Mapping[str, Any]) -> None:
        """``POST /networks/{id}/connect`` with the raw ``EndpointConfig`` (aliases, IPs, links...)."""
        body = {"Container": container, "EndpointConfig": _plain(endpoint)}
        self._send(
            f"network {network}",
            "POST",
            f"/networks/{quote(network)}/connect",
            lambda: self._post_json(f"network {network}", "/networks/{0}/connect", body, network),
            body=body,
        )

    def disconnect_network(self, network: str, container: str, force: bool = False) -> None:
        body = {"Container": container, "Force": force}
        self._send(
            f"network {network}",
            "POST",
            f"/networks/{quote(network)}/disconnect",
            lambda: self.api.disconnect_container_from_network(container, network, force=force),
            body=body,
        )

    def create_volume(self, spec: VolumeSpec) -> str:
        """``POST /volumes/create``; like the engine, an existing volume of that name is returned."""
        body = _plain(spec.body)
        body.setdefault("Name", spec.name)
        res = self._send(
            f"volume {spec.name}",
            "POST",
            "/volumes/create",
            lambda: self._post_json(f"volume {spec.name}", "/volumes/create", body),
            body=body,
        )
        return str(res["Name"])

    def remove_volume(self, name: str, force: bool = False) -> None:
        self._send(
            f"volume {name}",
            "DELETE",
            f"/volumes/{quote(name)}",
            lambda: self.api.remove_volume(name, force=force),
            params={"force": "1"} if force else None,
        )

    # ------------------------------------------------------------------ images
    def pull_image(
        self,
        ref: str,
        platform: str | None = None,
        auth: Mapping[str, str] | None = None,
        progress: Callable[[ImageProgress], None] | None = None,
    ) -> str:
        """Pull ``ref`` (``latest`` when untagged, never all tags) and return its image ID.

        Sends the credentials the docker CLI would (``auth`` when given). Errors arrive either as an
        HTTP status (registry unreachable, not found) or inside the progress stream (``{"error": ...}``
        after a partial download); both become one EngineError naming the image and its registry.
        """
        repo, tag = self._docker.utils.parse_repository_tag(ref)
        api_error = self._docker.errors.APIError
        auth_config = _auth_config(ref, auth)

        def go() -> None:
            try:
                stream = self.api.pull(
                    repo,
                    tag=tag or "latest",
                    stream=True,
                    decode=True,
                    platform=platform,
                    auth_config=auth_config,
                )
                for item in stream:
                    if isinstance(item, dict) and item.get("error"):
                        detail = (item.get("errorDetail") or {}).get("message") or item["error"]
                        raise _pull_error(ref, None, str(detail))
                    if progress is not None and isinstance(item, dict):
                        _report_progress(progress, item)
            except api_error as exc:
                raise _pull_error(ref, exc.status_code, _explanation(exc)) from exc

        self._call(f"image {ref}", go)
        info = self.inspect_image(ref)
        if info is None:
            raise EngineError(f"image {ref}: pulled but not found afterwards", hint="check the platform")
        return info.id

    def push_image(
        self,
        ref: str,
        auth: Mapping[str, str] | None = None,
        progress: Callable[[ImageProgress], None] | None = None,
    ) -> str:
        """Push ``ref`` (``latest`` when untagged) to its registry and return the pushed digest.

        A refusal (``unauthorized``, ``denied``), an unreachable registry or a missing local image is one
        EngineError naming the image, the registry and what to do (``docker login <registry>``...).
        """
        from pycompose.engine.registry_auth import registry_of

        repo, tag = self._docker.utils.parse_repository_tag(ref)
        if tag is not None and tag.startswith("sha256:"):
            raise EngineError(f"image {ref}: cannot push a reference by digest", hint="push a tag")
        api_error = self._docker.errors.APIError
        auth_config = _auth_config(ref, auth)
        registry = registry_of(ref)
        digest = ""

        def go() -> None:
            nonlocal digest
            try:
                stream = self.api.push(
                    repo, tag=tag or "latest", stream=True, decode=True, auth_config=auth_config
                )
                for item in stream:
                    if not isinstance(item, dict):
                        continue
                    if item.get("error"):
                        detail = (item.get("errorDetail") or {}).get("message") or item["error"]
                        raise _push_error(ref, registry, str(detail))
                    aux = item.get("aux")
                    if isinstance(aux, dict) and aux.get("Digest"):
                        digest = str(aux["Digest"])
                    elif progress is not None:
                        _report_progress(progress, item)
            except api_error as exc:
                raise _push_error(ref, registry, _explanation(exc), exc.status_code) from exc

        self._call(f"image {ref}", go)
        return digest

    def remove_image(self, ref: str, force: bool = False) -> None:
        self._call(f"image {ref}", lambda: self.api.remove_image(ref, force=force))

    def build_image(self, spec: BuildSpec, output: OutputSink | None = None) -> str:
        """``POST /build`` with the context archive; see ``pycompose.engine.build``."""
        from pycompose.engine.build import run_build

        api = self.api

        def auth_headers(headers: dict[str, str]) -> None:
            # X-Registry-Config, for base images of private registries; a broken credential helper
            # must not stop a build from public or local images
            with contextlib.suppress(Exception):
                api._set_auth_headers(headers)

        return self._call(f"image {spec.image}", lambda: run_build(api, spec, output, auth_headers))

    # ------------------------------------------------------------------ containers
    def create_container(self, spec: ContainerSpec) -> str:
        """``POST /containers/create?name=...`` with the caller's body, unchanged."""
        body = _plain(spec.body)
        params = {"name": spec.name}
        if spec.platform:
            params["platform"] = spec.platform
        res = self._send(
            f"container {spec.name}",
            "POST",
            "/containers/create",
            lambda: self.api.create_container_from_config(body, name=spec.name, platform=spec.platform),
            params=params,
            body=body,
        )
        return str(res["Id"])

    def start_container(self, ref: str) -> None:
        """Starting a running container is a no-op (the engine answers 304)."""
        self._send(f"container {ref}", "POST", f"/containers/{quote(ref)}/start", lambda: self.api.start(ref))

    def stop_container(self, ref: str, timeout: int | None = None) -> None:
        """Stop, waiting ``timeout`` s (None: the container's own StopTimeout) before SIGKILL.

        The HTTP read timeout grows with the grace period so a slow stop is not reported as an
        unresponsive engine; with None it is unbounded since the container's grace period is unknown.
        """
        self._post_lifecycle(ref, "stop", timeout)

    def restart_container(self, ref: str, timeout: int | None = None) -> None:
        self._post_lifecycle(ref, "restart", timeout)

    def _post_lifecycle(self, ref: str, action: str, timeout: int | None) -> None:
        if self._light is not None:
            self._send(
                f"container {ref}",
                "POST",
                f"/containers/{quote(ref)}/{action}",
                lambda: None,
                params=None if timeout is None else {"t": timeout},
                timeout=None if timeout is None else self.timeout + timeout,
            )
            return

        def go() -> None:
            api = self.api
            params = {} if timeout is None else {"t": timeout}
            http_timeout = None if timeout is None else self.timeout + timeout
            res = api._post(api._url("/containers/{0}/" + action, ref), params=params, timeout=http_timeout)
            api._raise_for_status(res)

        self._call(f"container {ref}", go)

    def kill_container(self, ref: str, signal: str = "SIGKILL") -> None:
        """A container that is not running is a ConflictError, as the engine says."""
        self._send(
            f"container {ref}",
            "POST",
            f"/containers/{quote(ref)}/kill",
            lambda: self.api.kill(ref, signal=signal),
            params={"signal": signal},
        )

    def pause_container(self, ref: str) -> None:
        self._send(f"container {ref}", "POST", f"/containers/{quote(ref)}/pause", lambda: self.api.pause(ref))

    def unpause_container(self, ref: str) -> None:
        self._send(
            f"container {ref}", "POST", f"/containers/{quote(ref)}/unpause", lambda: self.api.unpause(ref)
        )

    def remove_container(self, ref: str, force: bool = False, volumes: bool = False) -> None:
        self._send(
            f"container {ref}",
            "DELETE",
            f"/containers/{quote(ref)}",
            lambda: self.api.remove_container(ref, v=volumes, force=force),
            params={"v": "1" if volumes else "0", "force": "1" if force else "0"},
        )

    def rename_container(self, ref: str, new_name: str) -> None:
        self._send(
            f"container {ref}",
            "POST",
            f"/containers/{quote(ref)}/rename",
            lambda: self.api.rename(ref, new_name),
            params={"name": new_name},
        )

    def put_archive(self, ref: str, path: str, data: bytes, copy_uid_gid: bool = False) -> None:
        """``PUT /containers/{id}/archive?path=...``: extract a tar archive into the container (created,
        running or stopped). ``copy_uid_gid`` keeps the archive's owners (``docker cp -a``)."""

        def go() -> None:
            api = self.api
            params = {"path": path, "copyUIDGID": "true" if copy_uid_gid else "false"}
            url = api._url("/containers/{0}/archive", ref)
            api._raise_for_status(api._put(url, params=params, data=data))

        self._call(f"container {ref}", go)

    def wait_container(self, ref: str, timeout: float | None = None) -> int:
        """Block until the container is not running and return its exit code.

        ``timeout`` None waits without limit (one-shot services may run for hours); otherwise an
        EngineError says the container is still running.
        """
        what = f"container {ref}"
        try:
            res = self._call(what, lambda: self.api.wait(ref, timeout=timeout))
        except EngineError as err:
            if timeout is not None and "did not answer within" in err.message:
                raise EngineError(
                    f"{what}: still running after {timeout:g}s", hint="raise the timeout or stop it"
                ) from err
            raise
        error = (res.get("Error") or {}).get("Message") if isinstance(res, dict) else None
        if error:
            raise EngineError(f"{what}: {error}")
        return int(res.get("StatusCode", 0))

    def top(self, ref: str, ps_args: str | None = None) -> Mapping[str, Any]:
        return self._call(f"container {ref}", lambda: self.api.top(ref, ps_args=ps_args))

    def logs(
        self,
        ref: str,
        follow: bool = False,
        tail: str = "all",
        since: str | None = None,
        until: str | None = None,
        timestamps: bool = False,
    ) -> Iterator[LogLine]:
        """The container's log, one ``LogLine`` per line, stdout and stderr kept apart.

        Frames of the multiplexed stream (8-byte header: stream, length) are read as they arrive and
        cut into lines with one buffer per stream, so a line split across frames or chunks comes out
        whole. With ``follow`` the socket has no read timeout (a quiet container is not an error) and
        the returned iterator's ``close()`` ends it from another thread.
        """
        what = f"container {ref}"
        info = self._call(what, lambda: self.api.inspect_container(ref))
        name = str(info.get("Name", ref)).lstrip("/")
        tty = bool((info.get("Config") or {}).get("Tty"))
        params: dict[str, Any] = {
            "stdout": 1,
            "stderr": 1,
            "follow": 1 if follow else 0,
            "timestamps": 1 if timestamps else 0,
            "tail": str(tail) if tail not in (None, "") else "all",
        }
        if since:
            params["since"] = _api_timestamp(since)
        if until:
            params["until"] = _api_timestamp(until)

        def open_response() -> Any:
            api = self.api
            res = api._get(api._url("/containers/{0}/logs", ref), params=params, stream=True)
            api._raise_for_status(res)
            if follow:
                api._disable_socket_timeout(api._get_raw_response_socket(res))
            return res

        response = self._call(what, open_response)
        frames = _tty_frames(response) if tty else _multiplexed_frames(response)
        lines = _split_lines(frames, name, timestamps, strip_cr=tty)
        return _ResponseStream(lines, response, lambda exc: self._translate(exc, what))

    def events(
        self, filters: Mapping[str, Sequence[str]], since: float | None = None, until: float | None = None
    ) -> Iterator[EngineEvent]:
        """Container events as they happen (from ``since`` when given); never ends by itself unless
        ``until`` is given — call ``close()`` on the returned iterator, from any thread, to stop it."""
        wanted = _filters(filters)
        wanted.setdefault("type", ["container"])
        what = "events"

        def open_response() -> Any:
            api = self.api
            params = {"filters": json.dumps(wanted)}
            if since is not None:
                params["since"] = f"{since:.9f}"
            if until is not None:
                params["until"] = f"{until:.9f}"
            res = api._get(api._url("/events"), params=params, stream=True, timeout=None)
            api._raise_for_status(res)
            return res

        response = self._call(what, open_response)
        return _ResponseStream(_decode_events(response), response, lambda exc: self._translate(exc, what))

    # ------------------------------------------------------------------ run, exec, cp, stats
    # The streams of ``attach`` and ``exec start`` are hijacked connections (engine/hijack.py); the rest are
    # plain requests. Used by cli/run_cmd.py, cli/exec_cmds.py and cli/watch_cmds.py.

    def _hijack(
        self, what: str, path: str, params: Mapping[str, Any] | None, body: Any, fallback: Any
    ) -> Any:
        """A hijacked stream: by hand on a plain socket, else through docker-py (TLS, ssh)."""
        from pycompose.engine import hijack

        if not hijack.supports(self.address, self._tls):
            return hijack.HijackedStream.wrap(self._call(what, fallback))
        try:
            return hijack.open_hijacked(self.address, path, params, body, self.timeout)
        except hijack.HijackError as exc:
            raise _api_error(what, exc.status, exc.message) from None
        except OSError as exc:
            reason = _socket_reason(_exception_chain(exc)) or _one_line(str(exc)) or type(exc).__name__
            raise EngineError(
                f"cannot connect to the Docker Engine at {self.address}: {reason}", hint=CONNECT_HINT
            ) from None

    def attach_container(self, ref: str, stdin: bool = False) -> Any:
        """``POST /containers/{id}/attach?stream=1``: the container's output (and stdin with ``stdin``)
        from now on, as a ``HijackedStream``; attach before starting to miss nothing."""
        params = {"stream": 1, "stdout": 1, "stderr": 1, "stdin": 1 if stdin else 0}
        return self._hijack(
            f"container {ref}",
            f"/containers/{quote(ref)}/attach",
            params,
            None,
            lambda: self.api.attach_socket(ref, params=params),
        )

    def wait_condition(self, ref: str, condition: str = "next-exit") -> int:
        """``POST /containers/{id}/wait?condition=...`` without a time limit: call it *before* starting
        (``next-exit``) or for an auto-removed container (``removed``) so the exit is never missed."""
        what = f"container {ref}"
        res = self._send(
            what,
            "POST",
            f"/containers/{quote(ref)}/wait",
            lambda: self.api.wait(ref, timeout=None, condition=condition),
            params={"condition": condition},
            timeout=None,
        )
        error = (res.get("Error") or {}).get("Message") if isinstance(res, dict) else None
        if error:
            raise EngineError(f"{what}: {error}")
        return int((res or {}).get("StatusCode", 0))

    def resize_tty(self, ref: str, height: int, width: int, exec_id: str | None = None) -> None:
        """Tell the container's (or an exec's) TTY the terminal size; ignored once it is gone."""
        path = f"/exec/{quote(exec_id)}/resize" if exec_id else f"/containers/{quote(ref)}/resize"
        params = {"h": height, "w": width}

        def fallback() -> None:
            if exec_id:
                self.api.exec_resize(exec_id, height=height, width=width)
            else:
                self.api.resize(ref, height=height, width=width)

        with contextlib.suppress(EngineError):
            self._send(f"container {ref}", "POST", path, fallback, params=params)

    def exec_create(
        self,
        ref: str,
        cmd: Sequence[str],
        env: Sequence[str] = (),
        user: str = "",
        workdir: str = "",
        privileged: bool = False,
        tty: bool = False,
        stdin: bool = False,
        detach: bool = False,
    ) -> str:
        """``POST /containers/{id}/exec``: the ID of a command to run in a running container."""
        body = {
            "AttachStdin": stdin and not detach,
            "AttachStdout": not detach,
            "AttachStderr": not detach,
            "Tty": tty,
            "Cmd": list(cmd),
            "Env": list(env) or None,
            "User": user,
            "WorkingDir": workdir,
            "Privileged": privileged,
        }
        res = self._send(
            f"container {ref}",
            "POST",
            f"/containers/{quote(ref)}/exec",
            lambda: self._post_json(f"container {ref}", "/containers/{0}/exec", body, ref),
            body=body,
        )
        return str(res["Id"])

    def exec_start(self, exec_id: str, tty: bool = False, detach: bool = False) -> Any:
        """Start an exec: detached returns None at once; attached returns its ``HijackedStream``."""
        body = {"Detach": detach, "Tty": tty}
        what = f"exec {exec_id[:12]}"
        if detach:
            self._send(
                what,
                "POST",
                f"/exec/{quote(exec_id)}/start",
                lambda: self.api.exec_start(exec_id, detach=True, tty=tty),
                body=body,
            )
            return None
        return self._hijack(
            what,
            f"/exec/{quote(exec_id)}/start",
            None,
            body,
            lambda: self.api.exec_start(exec_id, tty=tty, socket=True),
        )

    def exec_inspect(self, exec_id: str) -> Mapping[str, Any]:
        """``GET /exec/{id}/json``: ``Running``, ``ExitCode``, ``Pid``..."""
        return self._get(
            f"exec {exec_id[:12]}", f"/exec/{quote(exec_id)}/json", lambda: self.api.exec_inspect(exec_id)
        )

    def stat_path(self, ref: str, path: str) -> Mapping[str, Any] | None:
        """``HEAD /containers/{id}/archive``: ``{name, size, mode, mtime, linkTarget}`` of a path in the
        container, None when it does not exist."""
        import base64

        what = f"container {ref}"

        def go() -> Any:
            api = self.api
            res = (
                api._head(api._url("/containers/{0}/archive", ref), params={"path": path})
                if hasattr(api, "_head")
                else api.head(api._url("/containers/{0}/archive", ref), params={"path": path})
            )
            if res.status_code == 404:
                return None
            api._raise_for_status(res)
            header = res.headers.get("X-Docker-Container-Path-Stat")
            return json.loads(base64.b64decode(header)) if header else {}

        try:
            return self._call(what, go)
        except NotFoundError:
            return None

    def get_archive(self, ref: str, path: str) -> tuple[Iterator[bytes], Mapping[str, Any]]:
        """``GET /containers/{id}/archive``: a tar stream of ``path`` (its root entry named after the
        path's last element) and the path's stat."""
        what = f"container {ref}"

        def go() -> Any:
            return self.api.get_archive(ref, path, chunk_size=1 << 16)

        try:
            chunks, stat = self._call(what, go)
        except NotFoundError:
            raise NotFoundError(f"{what}: no such file or directory: {path}") from None
        return chunks, stat or {}

    def stats(self, ref: str) -> Mapping[str, Any]:
        """``GET /containers/{id}/stats?stream=0``: one sample, with the previous one in ``precpu_stats``
        (the engine takes two, a second apart, so CPU % can be computed)."""
        return self._get(
            f"container {ref}",
            f"/containers/{quote(ref)}/stats",
            lambda: self.api.stats(ref, decode=True, stream=False),
            {"stream": "0"},
        )

    def stats_stream(self, ref: str) -> Iterator[Mapping[str, Any]]:
        """``GET /containers/{id}/stats``: a sample every second until the container stops; ``close()``
        on the returned iterator ends it from any thread."""
        what = f"container {ref}"

        def open_response() -> Any:
            api = self.api
            res = api._get(
                api._url("/containers/{0}/stats", ref), params={"stream": "1"}, stream=True, timeout=None
            )
            api._raise_for_status(res)
            return res

        response = self._call(what, open_response)

        def decode() -> Iterator[Mapping[str, Any]]:
            buf = b""
            for chunk in response.iter_content(chunk_size=None):
                buf += chunk
                while b"\n" in buf:
                    line, buf = buf.split(b"\n", 1)
                    if line.strip():
                        yield json.loads(line)

        return _ResponseStream(decode(), response, lambda exc: self._translate(exc, what))


# ---------------------------------------------------------------------- streams
class _ResponseStream(Iterator[T]):
    """An iterator over a streamed HTTP response that another thread can ``close()``.

    Closing shuts the socket down, which wakes a reader blocked in ``recv`` (a generator cannot be
    closed while another thread runs it); the reader then ends quietly instead of raising.
    """

    def __init__(
        self, items: Iterator[T], response: Any, translate: Callable[[BaseException], EngineError]
    ) -> None:
        self._items = items
        self._response = response
        self._translate = translate
        self._closed = False

    def __iter__(self) -> _ResponseStream[T]:
        return self

    def __next__(self) -> T:
        if self._closed:
            raise StopIteration
        try:
            return next(self._items)
        except StopIteration:
            self._response.close()
            raise
        except PycomposeError:
            raise
        except Exception as exc:
            if self._closed:
                raise StopIteration from None
            self._response.close()
            raise self._translate(exc) from exc

    def close(self) -> None:
        if self._closed:
            return
        self._closed = True
        sock = _response_socket(self._response)
        if sock is not None:
            import socket

            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)
        self._response.close()

    def __enter__(self) -> _ResponseStream[T]:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _response_socket(response: Any) -> Any:
    """The socket under a streamed requests response (unix, tcp or tls), or None."""
    try:
        fp = response.raw._fp.fp
    except AttributeError:
        return None
    raw = getattr(fp, "raw", None)
    if raw is None:
        return getattr(fp, "channel", None)  # ssh (paramiko)
    return getattr(raw, "_sock", None) or getattr(raw, "sock", None)


def _multiplexed_frames(response: Any) -> Iterator[tuple[str, bytes]]:
    """``(stream, payload)`` from the engine's multiplexed log format (no TTY)."""
    raw = response.raw
    while True:
        header = _read_exact(raw, 8)
        if len(header) < 8:
            return
        kind, length = struct.unpack(">BxxxL", header)
        if not length:
            continue
        payload = _read_exact(raw, length)
        if payload:
            yield ("stderr" if kind == 2 else "stdout", payload)
        if len(payload) < length:
            return


def _read_exact(raw: Any, n: int) -> bytes:
    out = b""
    while len(out) < n:
        chunk = raw.read(n - len(out))
        if not chunk:
            break
        out += chunk
    return out


def _tty_frames(response: Any) -> Iterator[tuple[str, bytes]]:
    """Raw bytes of a TTY container's log, one HTTP chunk at a time (no framing, all stdout)."""
    raw = response.raw
    chunked = bool(getattr(raw._fp, "chunked", False))
    while not raw.closed:
        data = raw.read(1)  # blocks until the next chunk starts
        if not data:
            return
        left = getattr(raw._fp, "chunk_left", None) if chunked else None
        if left:
            data += raw.read(left)
        yield ("stdout", data)


def _split_lines(
    frames: Iterator[tuple[str, bytes]], container: str, timestamps: bool, strip_cr: bool
) -> Iterator[LogLine]:
    """Whole lines from frames, one byte buffer per stream so lines split across frames are joined and
    a multi-byte character split across frames decodes once whole."""
    buffers: dict[str, bytes] = {}

    def make(stream: str, raw_line: bytes) -> LogLine:
        text = raw_line.decode("utf-8", errors="replace")
        if strip_cr and text.endswith("\r"):
            text = text[:-1]
        stamp = None
        if timestamps:
            stamp, _, text = text.partition(" ")
        return LogLine(container=container, stream=stream, text=text, timestamp=stamp)

    for stream, data in frames:
        buf = buffers.get(stream, b"") + data
        *complete, rest = buf.split(b"\n")
        buffers[stream] = rest
        for line in complete:
            yield make(stream, line)
    for stream, rest in buffers.items():
        if rest:
            yield make(stream, rest)


def _decode_events(response: Any) -> Iterator[EngineEvent]:
    """EngineEvents from the ``/events`` JSON stream (one object per line or per chunk)."""
    buf = b""
    for chunk in response.iter_content(chunk_size=None):
        buf += chunk
        while b"\n" in buf:
            line, buf = buf.split(b"\n", 1)
            if line.strip():
                event = _event_from_json(json.loads(line))
                if event is not None:
                    yield event
    if buf.strip():
        event = _event_from_json(json.loads(buf))
        if event is not None:
            yield event


def _event_from_json(data: Mapping[str, Any]) -> EngineEvent | None:
    if data.get("Type", "container") != "container":
        return None
    actor = data.get("Actor") or {}
    attributes = {str(k): str(v) for k, v in (actor.get("Attributes") or {}).items()}
    nano = data.get("timeNano")
    return EngineEvent(
        action=str(data.get("Action") or data.get("status") or ""),
        container_id=str(actor.get("ID") or data.get("id") or ""),
        container_name=attributes.get("name", ""),
        labels={k: v for k, v in attributes.items() if k not in _EVENT_NON_LABELS},
        time=nano / 1e9 if nano else float(data.get("time") or 0),
        time_nano=int(nano) if nano else int(data.get("time") or 0) * 1_000_000_000,
        attributes=attributes,
    )


# ---------------------------------------------------------------------- JSON -> dataclasses
def _compose_identity(labels: dict[str, str]) -> dict[str, Any]:
    """The ``ContainerInfo`` fields that come from the com.docker.compose.* labels (list or inspect)."""
    return {
        "project": labels.get(L.PROJECT, ""),
        "service": labels.get(L.SERVICE, ""),
        "number": _int(labels.get(L.CONTAINER_NUMBER)),
        "oneoff": labels.get(L.ONEOFF, "False").lower() == "true",
        "labels": MappingProxyType(labels),
    }


def _container_from_summary(row: Mapping[str, Any]) -> ContainerInfo:
    """A ``GET /containers/json`` summary: health and exit code come from the Status text
    ("Up 3 seconds (healthy)", "Exited (137) 2 seconds ago"), the only place a list call gives them."""
    labels = dict(row.get("Labels") or {})
    status = str(row.get("Status") or "")
    state = str(row.get("State") or "")
    health_match = _HEALTH_RE.search(status)
    health = None
    if health_match:
        health = "starting" if health_match.group(1) == "health: starting" else health_match.group(1)
    exit_match = _EXITED_RE.match(status)
    created = row.get("Created")
    return ContainerInfo(
        id=str(row.get("Id", "")),
        name=_primary_name(row.get("Names") or []),
        **_compose_identity(labels),
        state=state,
        image=str(row.get("Image", "")),
        image_id=str(row.get("ImageID", "")),
        health=health,
        exit_code=int(exit_match.group(1)) if exit_match else None,
        created=_rfc3339(created) if created is not None else "",
        networks=MappingProxyType(dict((row.get("NetworkSettings") or {}).get("Networks") or {})),
        mounts=tuple(row.get("Mounts") or ()),
        ports=tuple(row.get("Ports") or ()),
        status=status,
        command=str(row.get("Command") or ""),
    )


def _container_from_inspect(data: Mapping[str, Any]) -> ContainerInfo:
    """A ``GET /containers/{id}/json`` answer, shaped like a list summary so callers need not care."""
    config = data.get("Config") or {}
    labels = dict(config.get("Labels") or {})
    st = data.get("State") or {}
    state = str(st.get("Status") or "")
    health_doc = st.get("Health") or {}
    health = health_doc.get("Status") or None
    if health == "none" or state != "running":
        health = None  # as in a list summary: the engine keeps a stale status after the container stops
    exit_code = int(st.get("ExitCode", 0)) if state in ("exited", "dead") else None
    net = data.get("NetworkSettings") or {}
    ports: list[dict[str, Any]] = []
    for key, bindings in (net.get("Ports") or {}).items():
        private, _, proto = key.partition("/")
        for b in bindings or [None]:
            port: dict[str, Any] = {"PrivatePort": _int(private), "Type": proto or "tcp"}
            if b:
                port["IP"] = b.get("HostIp", "")
                port["PublicPort"] = _int(b.get("HostPort"))
            ports.append(port)
    if state == "running":
        status = "Up" + (f" ({'health: starting' if health == 'starting' else health})" if health else "")
    elif exit_code is not None and state == "exited":
        status = f"Exited ({exit_code})"
    else:
        status = state.capitalize()
    command = [data.get("Path") or "", *(data.get("Args") or [])]
    return ContainerInfo(
        id=str(data.get("Id", "")),
        name=str(data.get("Name", "")).lstrip("/"),
        **_compose_identity(labels),
        state=state,
        image=str(config.get("Image", "")),
        image_id=str(data.get("Image", "")),
        health=health,
        exit_code=exit_code,
        created=_rfc3339(data.get("Created") or ""),
        networks=MappingProxyType(dict(net.get("Networks") or {})),
        mounts=tuple(data.get("Mounts") or ()),
        ports=tuple(ports),
        status=status,
        command=shlex.join(c for c in command if c) if command[0] else "",
    )


def _network_from_json(data: Mapping[str, Any]) -> NetworkInfo:
    return NetworkInfo(
        id=str(data.get("Id", "")),
        name=str(data.get("Name", "")),
        labels=MappingProxyType(dict(data.get("Labels") or {})),
        driver=str(data.get("Driver") or ""),
        internal=bool(data.get("Internal")),
        attachable=bool(data.get("Attachable")),
        enable_ipv6=bool(data.get("EnableIPv6")),
        options=MappingProxyType(dict(data.get("Options") or {})),
        ipam=MappingProxyType(dict(data.get("IPAM") or {})),
        containers=tuple((data.get("Containers") or {}).keys()),
    )


def _volume_from_json(data: Mapping[str, Any]) -> VolumeInfo:
    return VolumeInfo(
        name=str(data.get("Name", "")),
        labels=MappingProxyType(dict(data.get("Labels") or {})),
        driver=str(data.get("Driver") or ""),
        options=MappingProxyType(dict(data.get("Options") or {})),
        mountpoint=str(data.get("Mountpoint") or ""),
    )


def _image_from_json(data: Mapping[str, Any]) -> ImageInfo:
    labels = data.get("Labels")
    if labels is None:
        labels = (data.get("Config") or {}).get("Labels")
    tags = tuple(t for t in data.get("RepoTags") or () if t and t != "<none>:<none>")
    env = tuple((data.get("Config") or {}).get("Env") or ())
    created = data.get("Created")
    tagged = str((data.get("Metadata") or {}).get("LastTagTime") or "")
    platform = "/".join(str(p) for p in (data.get("Os"), data.get("Architecture"), data.get("Variant")) if p)
    return ImageInfo(
        id=str(data.get("Id", "")),
        tags=tags,
        labels=MappingProxyType(dict(labels or {})),
        env=env,
        repo_digests=tuple(d for d in data.get("RepoDigests") or () if d and not d.startswith("<none>")),
        size=_int(data.get("Size")),
        created=_rfc3339(created) if isinstance(created, (int, float)) else str(created or ""),
        last_tag_time="" if tagged.startswith("0001-01-01") else tagged,
        platform=platform,
    )


def _primary_name(names: Sequence[str]) -> str:
    """The container's own name among ``Names`` (legacy links add ``/other/alias`` entries)."""
    for n in names:
        if n.count("/") == 1:
            return n.lstrip("/")
    return names[0].lstrip("/") if names else ""


def _int(value: Any) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return 0


def _rfc3339(value: Any) -> str:
    """One comparable spelling for list (unix seconds) and inspect (RFC 3339, nanoseconds) times:
    ``2024-05-01T10:00:00.000000000Z``, so sorting by ``created`` works whichever call produced it."""
    if isinstance(value, (int, float)):
        dt = datetime.fromtimestamp(value, tz=timezone.utc)
        return dt.strftime("%Y-%m-%dT%H:%M:%S.") + f"{int((value % 1) * 1e9):09d}Z"
    text = str(value)
    m = re.match(r"^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)(?:\.(\d+))?(Z|[+-]\d\d:\d\d)$", text)
    if not m:
        return text
    base, frac, zone = m.groups()
    if zone != "Z":
        dt = datetime.fromisoformat(base + zone).astimezone(timezone.utc)
        base = dt.strftime("%Y-%m-%dT%H:%M:%S")
    return f"{base}.{(frac or '').ljust(9, '0')[:9]}Z"


# ---------------------------------------------------------------------- requests -> API
def _plain(value: Any) -> Any:
    """Deep copy of a body into JSON-ready dicts and lists (bodies may hold MappingProxyType/tuples)."""
    if isinstance(value, Mapping):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    return value


def quote(ref: str) -> str:
    """A resource name or ID inside a URL path (image references contain ``/`` and ``:``)."""
    return _quote(ref, safe="")


def _filters(filters: Mapping[str, Sequence[str]] | None) -> dict[str, list[str]]:
    """Filters as the engine wants them: every value a list of strings (docker-py would wrap a tuple
    as one item)."""
    out: dict[str, list[str]] = {}
    for key, values in (filters or {}).items():
        if isinstance(values, bool):
            out[key] = ["true" if values else "false"]
        elif isinstance(values, str):
            out[key] = [values]
        else:
            out[key] = [str(v) for v in values]
    return out


def _version_lt(version: str, other: str) -> bool:
    def parts(v: str) -> tuple[int, ...]:
        return tuple(_int(p) for p in v.split("."))

    return parts(version) < parts(other)


def _api_timestamp(value: str, now: float | None = None) -> str:
    """``--since``/``--until`` as the engine takes them (unix seconds), from what users type: unix
    seconds, a Go duration before now (``10m``, ``1h30m``) or an RFC 3339 / ISO date."""
    text = value.strip()
    if re.fullmatch(r"\d+(\.\d+)?", text):
        return text
    now = time.time() if now is None else now
    if _DURATION_RE.fullmatch(text) or re.fullmatch(rf"(?:{_DURATION_RE.pattern})+", text):
        seconds = sum(float(n) * _DURATION_UNITS[u] for n, u in _DURATION_RE.findall(text))
        return f"{now - seconds:.9f}"
    iso = re.sub(r"(\.\d{6})\d+", r"\1", text).replace("Z", "+00:00")
    try:
        dt = datetime.fromisoformat(iso)
    except ValueError as exc:
        raise EngineError(
            f"invalid time {value!r}", hint="use unix seconds, a duration like 10m, or RFC 3339"
        ) from exc
    if dt.tzinfo is None:
        dt = dt.replace(tzinfo=datetime.now().astimezone().tzinfo)
    return f"{dt.timestamp():.9f}"


# ---------------------------------------------------------------------- errors
def _one_line(text: str) -> str:
    return " ".join(str(text).split())


def _lower_first(text: str) -> str:
    """Go-style error text: ``No such image`` -> ``no such image``, but ``ID ...`` stays."""
    if len(text) > 1 and text[0].isupper() and text[1].islower():
        return text[0].lower() + text[1:]
    return text


def _explanation(exc: BaseException) -> str:
    text = getattr(exc, "explanation", None)
    if isinstance(text, bytes):
        text = text.decode("utf-8", errors="replace")
    if not text:
        text = str(exc)
    return _one_line(text).rstrip(".")


def _exception_chain(exc: BaseException) -> list[BaseException]:
    """``exc`` and every exception behind it: causes, contexts, urllib3 ``reason``s and exception
    arguments (requests wraps urllib3 wraps socket errors several levels deep)."""
    seen: list[BaseException] = []
    todo: list[BaseException] = [exc]
    while todo:
        e = todo.pop(0)
        if any(e is s for s in seen):
            continue
        seen.append(e)
        nxt = [e.__cause__, e.__context__, getattr(e, "reason", None), *getattr(e, "args", ())]
        todo.extend(x for x in nxt if isinstance(x, BaseException))
    return seen


def _is_timeout(e: BaseException) -> bool:
    names = {c.__name__ for c in type(e).__mro__}
    return bool(names & {"TimeoutError", "ReadTimeoutError", "ConnectTimeoutError", "Timeout", "timeout"})


def _is_connect_timeout(e: BaseException) -> bool:
    return type(e).__name__ in ("ConnectTimeoutError", "ConnectTimeout")


def _socket_reason(chain: Sequence[BaseException]) -> str | None:
    """Why the socket could not connect, in the docker CLI's words, when the OS said so."""
    import socket

    for e in chain:
        if isinstance(e, ConnectionRefusedError):
            return "connection refused"
        if isinstance(e, FileNotFoundError):
            return "no such socket"
        if isinstance(e, PermissionError):
            return "permission denied"
        if isinstance(e, socket.gaierror) or type(e).__name__ == "NameResolutionError":
            return "host not found"
        if isinstance(e, ConnectionResetError):
            return "connection reset"
    return None


def _connection_failure(chain: Sequence[BaseException]) -> str | None:
    """A connection-level failure without an OS reason (TLS, protocol), or None when the error is
    not about the connection at all."""
    names = {c.__name__ for e in chain for c in type(e).__mro__}
    for e in chain:
        if type(e).__name__ == "SSLError":
            return f"TLS failed: {_one_line(str(e))}"
    if names & {"NewConnectionError", "ProtocolError", "ConnectionError"}:
        return _one_line(str(chain[-1])) or "connection failed"
    return None


def _resource_in(explanation: str) -> tuple[str, str] | None:
    """The resource a 404 is really about: creating a container can fail on its image or network."""
    for pattern, kind in (
        (r"^no such image: (\S+)", "image"),
        (r"^no such container: (\S+)", "container"),
        (r"^network (\S+) not found", "network"),
        (r"^(?:get )?(\S+): no such volume", "volume"),
    ):
        m = re.match(pattern, explanation, re.IGNORECASE)
        if m:
            return kind, m.group(1)
    return None


_NOT_FOUND_HINTS = {
    "image": "build it or check the name",
    "network": "create it (pycompose up) or check the name",
    "volume": "create it (pycompose up) or check the name",
}


def _api_error(what: str, status: int, explanation: str) -> EngineError:
    """An HTTP error from the engine as a one-line EngineError about the right resource."""
    if status == 404:
        found = _resource_in(explanation)
        if found is not None:
            kind, ref = found
            if not what.startswith(f"{kind} "):
                what = f"{kind} {ref}"
        kind = what.split(" ", 1)[0]
        return NotFoundError(f"{what}: not found", hint=_NOT_FOUND_HINTS.get(kind))
    text = _lower_first(re.sub(r"^Conflict\.\s*", "", explanation))
    if status == 409:
        return ConflictError(f"{what}: conflict: {text}")
    if "has active endpoints" in explanation:
        return EngineError(
            f"{what}: has active endpoints (containers are still attached)",
            hint="stop or disconnect the containers attached to it first",
        )
    return EngineError(f"{what}: {text}")


def _pull_error(ref: str, status: int | None, detail: str) -> EngineError:
    """A failed pull: not found / access denied (fix the name), refused credentials (log in) or an
    unreachable registry, naming the registry."""
    from pycompose.engine.registry_auth import registry_of

    detail = _one_line(detail)
    low = detail.lower()
    if status == 404 or any(
        s in low for s in ("not found", "manifest unknown", "does not exist", "pull access denied")
    ):
        return NotFoundError(
            f"image {ref}: not found in the registry: {detail}",
            hint="build it or check the name (and `docker login` for a private registry)",
        )
    registry = registry_of(ref)
    if _is_auth_failure(low):
        return EngineError(
            f"image {ref}: pull from registry {registry} denied: {detail}", hint=_login(registry)
        )
    if _is_unreachable(low):
        return EngineError(f"image {ref}: cannot reach registry {registry}: {detail}", hint=_UNREACHABLE_HINT)
    return EngineError(
        f"image {ref}: pull failed: {detail}",
        hint="check that the registry is reachable (network, proxy, DNS), or build the image locally",
    )


def _push_error(ref: str, registry: str, detail: str, status: int | None = None) -> EngineError:
    """A failed push as one line naming the image, its registry and what to do."""
    detail = _one_line(detail)
    low = detail.lower()
    if status == 404 or "does not exist locally" in low or "no such image" in low:
        return NotFoundError(
            f"image {ref}: not found locally, nothing to push to registry {registry}",
            hint="build it first (pycompose build) or tag an image with this name",
        )
    if _is_auth_failure(low) or "denied" in low:
        return EngineError(
            f"image {ref}: push to registry {registry} denied: {detail}", hint=_login(registry)
        )
    if _is_unreachable(low):
        return EngineError(f"image {ref}: cannot reach registry {registry}: {detail}", hint=_UNREACHABLE_HINT)
    return EngineError(f"image {ref}: push to registry {registry} failed: {detail}")


_AUTH_FAILURES = (
    "unauthorized",
    "authentication required",
    "no basic auth credentials",
    "incorrect username or password",
    "access to the resource is denied",
)
_UNREACHABLE = (
    "connection refused",
    "no such host",
    "i/o timeout",
    "dial tcp",
    "network is unreachable",
    "server gave http response to https client",
    "x509:",
    "tls:",
    "context deadline exceeded",
)
_UNREACHABLE_HINT = (
    "check that the registry is running and reachable (network, proxy, DNS); a plain-HTTP registry "
    "must be listed in the engine's insecure-registries"
)


def _is_auth_failure(low: str) -> bool:
    return any(s in low for s in _AUTH_FAILURES)


def _is_unreachable(low: str) -> bool:
    return any(s in low for s in _UNREACHABLE)


def _login(registry: str) -> str:
    from pycompose.engine.registry_auth import login_hint

    return f"log in with `{login_hint(registry)}`, or check the credentials in $DOCKER_CONFIG/config.json"


def _auth_config(ref: str, auth: Mapping[str, str] | None) -> dict[str, Any]:
    """The X-Registry-Auth body for ``ref``: ``auth`` when given, else what the docker CLI would send
    (``{}``: anonymous, so docker-py does not fall back to the credentials it cached at start-up)."""
    if auth is not None:
        return dict(auth)
    from pycompose.engine.registry_auth import credentials_for, registry_of

    return credentials_for(registry_of(ref)) or {}


def _report_progress(progress: Callable[[ImageProgress], None], item: Mapping[str, Any]) -> None:
    """One pull/push stream message as an ``ImageProgress`` (messages without a status are dropped)."""
    status = item.get("status")
    if not status:
        return
    detail = item.get("progressDetail") or {}
    current, total = detail.get("current"), detail.get("total")
    progress(
        ImageProgress(
            layer=str(item.get("id") or ""),
            status=_one_line(str(status)),
            current=current if isinstance(current, int) else None,
            total=total if isinstance(total, int) else None,
        )
    )
