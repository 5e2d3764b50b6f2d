"""A tiny Engine API client over ``http.client`` for the plain (non-streaming) requests.

``import docker`` costs 100-350 ms here (requests, urllib3, charset_normalizer). ``ps``, ``ls``,
``plan`` and a no-op ``up`` only need a handful of GET requests, and ``up``/``down`` a few POST and
DELETE requests per container: they go through this client and never import docker-py; streams (logs,
events, pulls) stay on docker-py.
Only plain transports are handled (a unix socket, or ``tcp://`` without TLS); TLS and ``DOCKER_CONTEXT``
fall back to docker-py.
"""

from __future__ import annotations

import http.client
import json
import socket
from collections.abc import Mapping
from typing import Any
from urllib.parse import urlencode, urlsplit


class LightHTTPError(Exception):
    """The engine answered with an HTTP error status."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


class _UnixConnection(http.client.HTTPConnection):
    def __init__(self, path: str, timeout: float) -> None:
        super().__init__("localhost", timeout=timeout)
        self._path = path

    def connect(self) -> None:
        sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        sock.settimeout(self.timeout)
        try:
            sock.connect(self._path)
        except OSError:
            sock.close()
            raise
        self.sock = sock


class LightClient:
    """GET JSON from the engine; one short-lived connection per request (thread-safe)."""

    def __init__(self, address: str, timeout: float) -> None:
        self.address = address
        self.timeout = timeout
        parts = urlsplit(address)
        self._scheme = parts.scheme
        self._path = parts.path if parts.scheme in ("unix", "http+unix") else ""
        self._host = parts.hostname or "localhost"
        self._port = parts.port or 2375

    @staticmethod
    def supports(address: str, tls: Any) -> bool:
        scheme = urlsplit(address).scheme
        return not tls and scheme in ("unix", "tcp", "http")

    def _connection(self) -> http.client.HTTPConnection:
        if self._scheme == "unix":
            return _UnixConnection(self._path, self.timeout)
        return http.client.HTTPConnection(self._host, self._port, timeout=self.timeout)

    def get(self, path: str, params: Mapping[str, Any] | None = None) -> Any:
        return self.request("GET", path, params)

    def request(
        self,
        method: str,
        path: str,
        params: Mapping[str, Any] | None = None,
        body: Any = None,
        timeout: float | None = -1.0,
    ) -> Any:
        """One request; JSON in and out. ``timeout`` None waits without limit (a long ``stop``)."""
        query = ""
        if params:
            encoded = {k: (json.dumps(v) if isinstance(v, (dict, list)) else v) for k, v in params.items()}
            query = "?" + urlencode(encoded)
        conn = self._connection()
        if timeout is None or (timeout is not None and timeout >= 0):
            conn.timeout = timeout
        headers = {"Host": "docker"}
        payload = None
        if body is not None:
            payload = json.dumps(body).encode()
            headers["Content-Type"] = "application/json"
        try:
            conn.request(method, path + query, body=payload, headers=headers)
            response = conn.getresponse()
            body = response.read()
        finally:
            conn.close()
        if response.status >= 400:
            try:
                message = json.loads(body).get("message", "")
            except ValueError:
                message = body.decode("utf-8", "replace").strip()
            raise LightHTTPError(response.status, message or response.reason)
        if response.status in (204, 304) or not body:
            return None
        return json.loads(body)
