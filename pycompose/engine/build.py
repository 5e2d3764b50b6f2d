"""Building an image with the Docker Engine's own builder (``POST /build``, the classic builder).

Three small pieces, each testable without an engine:

- ``context_archive``: the build context as a tar (``.dockerignore`` applied), with the Dockerfile added
  under a content-derived name when it is inline or lies outside the context, as the docker CLI does;
- ``build_query``: the ``/build`` query parameters for a ``BuildSpec`` (several ``t`` tags at once);
- ``BuildStream``: reads the engine's JSON answer, hands the user complete lines, remembers the step
  being run, and turns an error into one ``BuildError`` naming the service and that step.

``run_build`` ties them to docker-py's low-level client; ``DockerEngine.build_image`` calls it. Why not
BuildKit: it needs a gRPC session over the engine's ``/session`` endpoint (what buildx and Docker
Compose v2 speak), which is more protocol than a Compose tool should carry; the classic builder covers
the ``build`` section of a Compose file except the BuildKit-only keys, which are refused by the planner
with a clear message (``pycompose.planner.build``).
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from collections.abc import Callable, Mapping
from typing import IO, Any

from pycompose.engine.base import BuildSpec, OutputSink
from pycompose.errors import BuildError

_STEP = re.compile(r"^Step (\d+/\d+) : (.*)$")
_BUILT = re.compile(r"^Successfully built ([0-9a-f]{12,64})$")
_PARSE_LINE = re.compile(r"\bline (\d+)\b")
_REMOTE_PREFIXES = ("http://", "https://", "git://", "github.com/", "git@", "ssh://")


def is_remote(context: str) -> bool:
    """Whether the context is a URL the engine fetches itself (git repository or tarball)."""
    return context.startswith(_REMOTE_PREFIXES)


def read_dockerignore(context: str) -> list[str]:
    """The patterns of ``<context>/.dockerignore`` (comments and blank lines dropped)."""
    path = os.path.join(context, ".dockerignore")
    try:
        with open(path, encoding="utf-8") as handle:
            lines = handle.read().splitlines()
    except FileNotFoundError:
        return []
    return [line.strip() for line in lines if line.strip() and not line.strip().startswith("#")]


def dockerfile_entry(spec: BuildSpec) -> tuple[str, str | None]:
    """(the Dockerfile's name inside the context, its text when it must be added to the archive).

    An inline Dockerfile, or one outside the context directory, is added as ``.dockerfile.<sha>`` (a
    name derived from its text, so an unchanged Dockerfile keeps the layer cache valid).
    """
    if spec.dockerfile_inline is not None:
        text = spec.dockerfile_inline
        return f".dockerfile.{hashlib.sha256(text.encode()).hexdigest()[:20]}", text
    name = spec.dockerfile or "Dockerfile"
    if is_remote(spec.context):
        return name, None
    path = name if os.path.isabs(name) else os.path.join(spec.context, name)
    relative = os.path.relpath(path, spec.context)
    if relative.startswith(".."):
        try:
            with open(path, encoding="utf-8") as handle:
                text = handle.read()
        except OSError as exc:
            raise BuildError(
                f"failed to build service {spec.service}: cannot read Dockerfile {path}: {exc.strerror}",
                hint="check build.dockerfile",
            ) from None
        return f".dockerfile.{hashlib.sha256(text.encode()).hexdigest()[:20]}", text
    return relative.replace(os.sep, "/"), None


def context_archive(spec: BuildSpec) -> tuple[IO[bytes] | None, str]:
    """(the context as an uncompressed tar, or None for a remote context; the Dockerfile's name in it)."""
    name, text = dockerfile_entry(spec)
    if is_remote(spec.context):
        if text is not None:
            raise BuildError(
                f"failed to build service {spec.service}: an inline Dockerfile needs a local build context",
                hint="use a directory as build.context",
            )
        return None, name
    if not os.path.isdir(spec.context):
        raise BuildError(
            f"failed to build service {spec.service}: build context {spec.context} is not a directory",
            hint="check build.context",
        )
    if text is None and not os.path.isfile(path := os.path.join(spec.context, name)):
        raise BuildError(
            f"failed to build service {spec.service}: Dockerfile {path} not found",
            hint="check build.context and build.dockerfile",
        )
    from docker.utils.build import tar  # lazily: only builds need docker-py's archive helpers

    try:
        archive = tar(spec.context, exclude=read_dockerignore(spec.context), dockerfile=(name, text))
    except OSError as exc:
        raise BuildError(
            f"failed to build service {spec.service}: cannot read the build context: {exc}",
            hint="check the permissions of the files in build.context",
        ) from None
    return archive, name


def build_query(spec: BuildSpec, dockerfile: str) -> dict[str, Any]:
    """The ``POST /build`` query string (lists repeat the key: ``t=a&t=b``)."""
    query: dict[str, Any] = {
        "t": list(spec.tags),
        "dockerfile": dockerfile,
        "rm": "1",
        "forcerm": "1",  # no intermediate container left behind by a failing step
    }
    if is_remote(spec.context):
        query["remote"] = spec.context
    if spec.no_cache:
        query["nocache"] = "1"
    if spec.pull:
        query["pull"] = "1"
    if spec.args:
        query["buildargs"] = json.dumps(dict(spec.args))
    if spec.labels:
        query["labels"] = json.dumps(dict(spec.labels))
    if spec.cache_from:
        query["cachefrom"] = json.dumps(list(spec.cache_from))
    if spec.target:
        query["target"] = spec.target
    if spec.network:
        query["networkmode"] = spec.network
    if spec.shm_size:
        query["shmsize"] = str(spec.shm_size)
    if spec.extra_hosts:
        query["extrahosts"] = list(spec.extra_hosts)
    if spec.platform:
        query["platform"] = spec.platform
    if spec.memory:
        query["memory"] = str(spec.memory)
    if spec.isolation:
        query["isolation"] = spec.isolation
    return query


class BuildStream:
    """Reads the decoded JSON objects of a build answer.

    ``{"stream": ...}`` text goes to ``output`` one complete line at a time (chunks may split or join
    lines); ``{"status": ...}`` lines of a base-image pull are shown without their byte counters;
    ``{"aux": {"ID": ...}}`` is the image ID; ``{"error": ...}`` raises one ``BuildError`` naming the
    service and the last ``Step n/m`` seen.
    """

    def __init__(self, spec: BuildSpec, output: OutputSink | None = None) -> None:
        self.spec = spec
        self.output = output
        self.step: str | None = None  # "3/4"
        self.instruction: str | None = None  # "RUN exit 3"
        self.image_id: str | None = None
        self._pending = ""

    def _emit(self, line: str) -> None:
        line = line.rstrip("\r")
        match = _STEP.match(line)
        if match:
            self.step, self.instruction = match.group(1), match.group(2)
        built = _BUILT.match(line)
        if built and self.image_id is None:
            self.image_id = built.group(1)
        if self.output is not None:
            self.output(line)

    def feed(self, item: Mapping[str, Any]) -> None:
        if item.get("error") or item.get("errorDetail"):
            self.flush()
            detail = (item.get("errorDetail") or {}).get("message") or item.get("error") or "unknown error"
            raise self.error(str(detail))
        text = item.get("stream")
        if isinstance(text, str):
            self._pending += text
            *lines, self._pending = self._pending.split("\n")
            for line in lines:
                self._emit(line)
        status = item.get("status")
        if isinstance(status, str) and not item.get("progressDetail") and not item.get("progress"):
            self.flush()
            ident = item.get("id")
            self._emit(f"{ident}: {status}" if ident else status)
        aux = item.get("aux")
        if isinstance(aux, Mapping) and isinstance(aux.get("ID"), str):
            self.image_id = aux["ID"]

    def flush(self) -> None:
        if self._pending:
            pending, self._pending = self._pending, ""
            self._emit(pending)

    def error(self, message: str) -> BuildError:
        """One line: the service, the failing step (when one was running), the builder's message."""
        message = " ".join(message.split())
        where = ""
        if self.step is not None:
            where = f" at step {self.step} ({self.instruction})" if self.instruction else f" at {self.step}"
        error = BuildError(f"failed to build service {self.spec.service}{where}: {message}")
        parse = _PARSE_LINE.search(message) if "parse error" in message.lower() else None
        if parse is not None:
            error.at(file=dockerfile_path(self.spec), line=int(parse.group(1)))
        return error

    def finish(self) -> str:
        self.flush()
        if not self.image_id:
            raise BuildError(
                f"failed to build service {self.spec.service}: the engine did not report the image ID"
            )
        return self.image_id


def dockerfile_path(spec: BuildSpec) -> str | None:
    """The Dockerfile on disk (for error locations), None when inline or remote."""
    if spec.dockerfile_inline is not None or is_remote(spec.context):
        return None
    name = spec.dockerfile or "Dockerfile"
    return name if os.path.isabs(name) else os.path.join(spec.context, name)


def http_error(spec: BuildSpec, explanation: str) -> BuildError:
    """An HTTP error answer to ``/build`` (a Dockerfile that does not parse, a missing Dockerfile...)."""
    return BuildStream(spec).error(explanation)


def run_build(
    api: Any,
    spec: BuildSpec,
    output: OutputSink | None = None,
    auth_headers: Callable[[dict[str, str]], None] | None = None,
) -> str:
    """Build ``spec`` through docker-py's ``APIClient`` ``api``; returns the image ID.

    The request has no read timeout: a ``RUN`` step may print nothing for minutes.
    """
    import docker

    archive, dockerfile = context_archive(spec)
    headers = {"Content-Type": "application/tar"} if archive is not None else {}
    if auth_headers is not None:
        auth_headers(headers)
    stream = BuildStream(spec, output)
    try:
        response = api._post(
            api._url("/build"),
            data=archive,
            params=build_query(spec, dockerfile),
            headers=headers,
            stream=True,
            timeout=None,
        )
        try:
            api._raise_for_status(response)
        except docker.errors.APIError as exc:
            raise http_error(spec, _explanation(exc)) from None
        for item in api._stream_helper(response, decode=True):
            if isinstance(item, Mapping):
                stream.feed(item)
    finally:
        if archive is not None:
            archive.close()
    return stream.finish()


def _explanation(exc: Any) -> str:
    text = getattr(exc, "explanation", None) or str(exc)
    if isinstance(text, bytes):
        text = text.decode("utf-8", "replace")
    return str(text)
