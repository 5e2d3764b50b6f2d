"""Hijacked Engine API connections: the raw, two-way byte streams of ``attach`` and ``exec start``.

``POST /containers/{id}/attach`` and ``POST /exec/{id}/start`` answer ``101 UPGRADED`` and then the HTTP
connection *becomes* the container's stdin/stdout/stderr. docker-py hands back the socket under its
buffered HTTP reader, where bytes the container wrote right after the headers can be stuck in the
reader's buffer and lost; here the request is written and the headers read by hand on a plain socket
(unix or tcp), and whatever followed the headers in the same read is kept and returned first.
TLS and ssh transports use docker-py's sockets instead (``HijackedStream.wrap``).

Without a TTY the engine multiplexes stdout and stderr into frames (8-byte header: stream, 3 zero
bytes, big-endian length); :func:`frames` splits them. With a TTY the stream is raw bytes.
"""

from __future__ import annotations

import contextlib
import json
import socket
import struct
from collections.abc import Iterator, Mapping
from typing import Any
from urllib.parse import urlencode, urlsplit

STDOUT = 1
STDERR = 2


class HijackError(Exception):
    """The engine refused the request (an HTTP status >= 400) before upgrading the connection."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


class HijackedStream:
    """Both directions of a hijacked connection. ``recv`` returns b"" at the end of the output;
    ``close_write`` tells the container its stdin ended (half-close) while output keeps coming."""

    def __init__(self, sock: Any, leftover: bytes = b"", keep: Any = None) -> None:
        self._sock = sock
        self._leftover = leftover
        self._keep = keep  # the docker-py response a wrapped socket belongs to (kept alive)

    @classmethod
    def wrap(cls, obj: Any) -> HijackedStream:
        """A docker-py hijacked socket (``SocketIO`` over unix, an SSL socket, a paramiko channel)."""
        raw = getattr(obj, "_sock", None) or obj
        return cls(raw, b"", keep=obj)

    def fileno(self) -> int:
        return int(self._sock.fileno())

    def recv(self, size: int = 65536) -> bytes:
        if self._leftover:
            data, self._leftover = self._leftover[:size], self._leftover[size:]
            return data
        try:
            if hasattr(self._sock, "recv"):
                return bytes(self._sock.recv(size))
            return bytes(self._sock.read(size) or b"")
        except (ConnectionResetError, BrokenPipeError):
            return b""
        except OSError as exc:
            if getattr(exc, "errno", None) == 9:  # closed by another thread: the end
                return b""
            raise

    def send(self, data: bytes) -> None:
        if hasattr(self._sock, "sendall"):
            self._sock.sendall(data)
        else:
            self._sock.write(data)

    def close_write(self) -> None:
        with contextlib.suppress(OSError, AttributeError):
            self._sock.shutdown(socket.SHUT_WR)

    def close(self) -> None:
        with contextlib.suppress(OSError, AttributeError):
            self._sock.shutdown(socket.SHUT_RDWR)
        with contextlib.suppress(OSError, AttributeError):
            self._sock.close()

    def __enter__(self) -> HijackedStream:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def supports(address: str, tls: Any) -> bool:
    """Whether :func:`open_hijacked` can reach ``address`` itself (plain unix or tcp)."""
    scheme = urlsplit(address).scheme
    return not tls and scheme in ("unix", "tcp", "http", "http+unix")


def _connect(address: str, timeout: float | None) -> socket.socket:
    parts = urlsplit(address)
    if parts.scheme in ("unix", "http+unix"):
        sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        sock.settimeout(timeout)
        try:
            sock.connect(parts.path)
        except OSError:
            sock.close()
            raise
        return sock
    return socket.create_connection((parts.hostname or "localhost", parts.port or 2375), timeout=timeout)


def open_hijacked(
    address: str,
    path: str,
    params: Mapping[str, Any] | None = None,
    body: Any = None,
    connect_timeout: float | None = 60.0,
) -> HijackedStream:
    """``POST path`` asking to upgrade the connection; the stream once the engine agreed.

    Raises ``HijackError`` for an HTTP error status, ``OSError`` when the engine cannot be reached.
    After the upgrade the socket has no timeout: a quiet container is not an error.
    """
    query = "?" + urlencode(dict(params)) if params else ""
    payload = b"" if body is None else json.dumps(body).encode()
    head = (
        f"POST {path}{query} HTTP/1.1\r\nHost: docker\r\nConnection: Upgrade\r\nUpgrade: tcp\r\n"
        f"Content-Type: application/json\r\nContent-Length: {len(payload)}\r\n\r\n"
    )
    sock = _connect(address, connect_timeout)
    try:
        sock.sendall(head.encode() + payload)
        raw = b""
        while b"\r\n\r\n" not in raw:
            chunk = sock.recv(65536)
            if not chunk:
                raise ConnectionResetError(f"the engine closed the connection without an answer to {path}")
            raw += chunk
        header, _, rest = raw.partition(b"\r\n\r\n")
        lines = header.decode("latin-1").split("\r\n")
        status = int(lines[0].split(" ", 2)[1])
        headers = {k.strip().lower(): v.strip() for k, _, v in (ln.partition(":") for ln in lines[1:])}
        if status >= 400:
            length = int(headers.get("content-length") or 0)
            while len(rest) < length:
                chunk = sock.recv(65536)
                if not chunk:
                    break
                rest += chunk
            try:
                message = str(json.loads(rest).get("message", ""))
            except ValueError:
                message = rest.decode("utf-8", "replace").strip()
            raise HijackError(status, message or lines[0])
    except BaseException:
        sock.close()
        raise
    sock.settimeout(None)
    return HijackedStream(sock, rest)


def frames(stream: HijackedStream) -> Iterator[tuple[int, bytes]]:
    """``(stream number, payload)`` of a multiplexed (non-TTY) stream until it ends: 1 stdout, 2 stderr."""
    buf = b""
    while True:
        while len(buf) < 8:
            chunk = stream.recv()
            if not chunk:
                return
            buf += chunk
        kind, length = struct.unpack(">BxxxL", buf[:8])
        buf = buf[8:]
        while len(buf) < length:
            chunk = stream.recv()
            if not chunk:
                if buf:
                    yield kind, buf
                return
            buf += chunk
        payload, buf = buf[:length], buf[length:]
        if payload:
            yield kind, payload
