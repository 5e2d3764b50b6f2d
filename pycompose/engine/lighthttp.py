"""A tiny Engine API client over ``http.client`` for the plain (non-streaming) requests.

``import docker`` costs 100-350 ms here (requests, urllib3, charset_normalizer). ``ps``, ``ls``,
``plan`` and a no-op ``up`` only need a handful of GET requests, and ``up``/``down`` a few POST and
DELETE requests per container: they go through this client and never import docker-py; streams (logs,
events, pulls) stay on docker-py.
Only plain transports are handled (a unix socket, or ``tcp://`` without TLS); TLS and ``DOCKER_CONTEXT``
fall back to docker-py.
"""

from __future__ import annotations

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


def _connect(scheme: str, path: str, host: str, port: int, timeout: float | None) -> socket.socket:
    if scheme == "unix":
        sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        sock.settimeout(timeout)
        try:
            sock.connect(path)
        except OSError:
            sock.close()
            raise
        return sock
    return socket.create_connection((host, port), timeout=timeout)


def _dechunk(data: bytes) -> bytes:
    """The body of a ``Transfer-Encoding: chunked`` response."""
    out = bytearray()
    pos = 0
    while True:
        end = data.index(b"\r\n", pos)
        size = int(data[pos:end].split(b";")[0], 16)
        if size == 0:
            return bytes(out)
        start = end + 2
        out += data[start : start + size]
        pos = start + size + 2


class LightClient:
    """Plain HTTP/1.1 on a socket, ``Connection: close``: one short-lived connection per request, so it
    is thread-safe and needs neither ``http.client`` (which pulls in the ``email`` package) nor urllib3."""

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
        wait = self.timeout if timeout is not None and timeout < 0 else timeout
        payload = b"" if body is None else json.dumps(body).encode()
        head = f"{method} {path}{query} HTTP/1.1\r\nHost: docker\r\nConnection: close\r\n"
        if body is not None:
            head += "Content-Type: application/json\r\n"
        head += f"Content-Length: {len(payload)}\r\n\r\n"
        sock = _connect(self._scheme, self._path, self._host, self._port, wait)
        try:
            sock.sendall(head.encode() + payload)
            chunks = []
            while True:
                chunk = sock.recv(65536)
                if not chunk:
                    break
                chunks.append(chunk)
        finally:
            sock.close()
        raw = b"".join(chunks)
        header_end = raw.find(b"\r\n\r\n")
        if header_end < 0:
            raise ValueError(f"the engine closed the connection without an answer to {method} {path}")
        lines = raw[:header_end].decode("latin-1").split("\r\n")
        status = int(lines[0].split(" ", 2)[1])
        headers = {k.strip().lower(): v.strip() for k, _, v in (line.partition(":") for line in lines[1:])}
        data = raw[header_end + 4 :]
        if headers.get("transfer-encoding", "").lower() == "chunked":
            data = _dechunk(data)
        if status >= 400:
            try:
                message = json.loads(data).get("message", "")
            except ValueError:
                message = data.decode("utf-8", "replace").strip()
            raise LightHTTPError(status, message or lines[0])
        if status in (204, 304) or not data:
            return None
        return json.loads(data)
