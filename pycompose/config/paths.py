"""Making relative paths absolute: compose-go's ``paths/resolve.go``, as a rule table keyed by path.

Every relative path in a Compose file means "relative to the project directory" (for ``-f`` files, the
directory of the first file or ``--project-directory``) or, for a file reached through ``extends`` or
``include``, relative to that file's own directory. The loader calls ``resolve_paths`` with the right
``base_dir`` for each; this module only knows which values are paths and how each kind is resolved.
Rules, checked against Docker Compose v2.40.3:

* ``filepath.Join`` semantics: the joined result is cleaned (``./a/../b/`` -> ``<base>/b``), but an
  *absolute* bind source or secret file is returned untouched (``/a/../b/`` stays as written);
* ``~`` and ``~/x`` expand to ``home`` everywhere except ``include`` (which compose-go joins verbatim);
* remote build contexts (``https://``, ``http://``, ``git://``, ``ssh://``, ``github.com/``, ``git@``, and
  any ``scheme://`` such as ``docker-image://``) and ``service:<name>`` additional contexts stay as
  they are; ``target:x`` is *not* special and gets joined like a path;
* ``build.dockerfile`` is relative to the context and stays as written;
* only ``type: bind`` volumes are touched; named volumes and short-syntax strings are left alone;
* a top-level volume's ``driver_opts.device`` is a path only with ``driver: local`` and ``o: bind``;
* ``develop.watch[].path`` is resolved, then followed if it is itself a symbolic link.

Values may still carry ``!override`` wrappers (paths are resolved before files are merged); they are
looked through and kept. The result is a new dict; unchanged subtrees are shared with the input.
"""

from __future__ import annotations

import os
import posixpath
from collections.abc import Callable
from typing import Any

from pycompose.config.tags import Override, Reset
from pycompose.errors import ConfigError

__all__ = ["expand_user", "is_remote_context", "resolve_paths"]

_REMOTE_PREFIXES = ("https://", "http://", "git://", "ssh://", "github.com/", "git@")


def is_remote_context(value: str) -> bool:
    """A build context or ``extends.file`` that names something remote rather than a local path."""
    return "://" in value or value.startswith(_REMOTE_PREFIXES)


def expand_user(path: str, home: str | None) -> str:
    """compose-go ``ExpandUser``: a leading ``~`` is replaced by ``home`` (``~x`` -> ``<home>/x``, sic)."""
    if path.startswith("~") and home:
        return _join(home, path[1:])
    return path


def _clean(path: str) -> str:
    """Go's ``filepath.Clean`` (POSIX): like ``normpath`` but ``//x`` collapses to ``/x`` too."""
    if not path:
        return "."
    cleaned = posixpath.normpath(path)
    if cleaned.startswith("//"):
        cleaned = "/" + cleaned.lstrip("/")
    return cleaned


def _join(base: str, path: str) -> str:
    """Go's ``filepath.Join``: join non-empty parts, then clean."""
    parts = [p for p in (base, path) if p]
    if not parts:
        return ""
    return _clean("/".join(parts))


def _is_windows_abs(path: str) -> bool:
    """``C:\\x``, ``C:/x`` or ``\\\\server\\share``: absolute for a Windows daemon, left alone here."""
    if len(path) >= 3 and path[0].isalpha() and path[1] == ":" and path[2] in "\\/":
        return True
    return path.startswith("\\\\")


class _Resolver:
    """The three ways compose-go resolves a path, bound to one base directory and home."""

    def __init__(self, base_dir: str, home: str | None) -> None:
        self.base_dir = base_dir
        self.home = home

    def abs_path(self, value: Any) -> Any:
        """``absPath``: expand ``~``, keep absolute paths, join relative ones (empty stays empty)."""
        if type(value) is list:
            return [self.abs_path(v) for v in value]
        if type(value) is not str:
            return value
        value = expand_user(value, self.home)
        if value.startswith("/") or not value:
            return value
        return _join(self.base_dir, value)

    def maybe_unix_path(self, value: Any) -> Any:
        """``maybeUnixPath`` (bind sources, secret/config files): Windows-absolute paths kept too."""
        if type(value) is not str:
            return value
        value = expand_user(value, self.home)
        if value.startswith("/") or _is_windows_abs(value):
            return value
        return _join(self.base_dir, value)

    def context_path(self, value: Any) -> Any:
        """``absContextPath``: remote contexts and ``service:`` references are not paths."""
        if type(value) is not str or is_remote_context(value) or value.startswith("service:"):
            return value
        return self.abs_path(value)

    def symlink_path(self, value: Any) -> Any:
        """``absSymbolicLink``: resolved, then followed when the path itself is a symbolic link."""
        resolved = self.abs_path(value)
        if type(resolved) is str and os.path.islink(resolved):
            return os.path.realpath(resolved)
        return resolved


def _through(value: Any, fn: Callable[[Any], Any]) -> Any:
    """Apply ``fn`` behind an ``!override`` wrapper; leave ``!reset`` alone."""
    t = type(value)
    if t is Override:
        return Override(fn(value.value))
    if t is Reset:
        return value
    return fn(value)


def _each(value: Any, fn: Callable[[Any], Any]) -> Any:
    """``fn`` applied to each item of a list (or to a lone value), looking through tags."""

    def apply(v: Any) -> Any:
        if type(v) is list:
            return [_through(x, fn) for x in v]
        return fn(v)

    return _through(value, apply)


def _with(mapping: Any, key: str, fn: Callable[[Any], Any]) -> Any:
    """A copy of ``mapping`` with ``mapping[key]`` passed through ``fn`` (tags looked through)."""

    def apply(m: Any) -> Any:
        if type(m) is not dict or key not in m:
            return m
        new = _through(m[key], fn)
        if new is m[key]:
            return m
        out = dict(m)
        out[key] = new
        return out

    return _through(mapping, apply)


# --------------------------------------------------------------------------------- service rules


def _build(r: _Resolver, build: Any) -> Any:
    """``build.context``, ``build.additional_contexts.*`` and ``build.ssh`` paths; ``dockerfile`` stays."""
    if type(build) is str:
        return r.context_path(build)
    if type(build) is not dict:
        return build
    build = _with(build, "context", r.context_path)
    build = _with(build, "additional_contexts", lambda v: _contexts(r, v))
    return _with(build, "ssh", lambda v: _ssh(r, v))


def _contexts(r: _Resolver, value: Any) -> Any:
    if type(value) is dict:
        return {k: _through(v, r.context_path) for k, v in value.items()}
    if type(value) is list:  # not canonical yet: ``name=path`` items
        out = []
        for item in value:
            if type(item) is str and "=" in item:
                name, _, path = item.partition("=")
                item = f"{name}={r.context_path(path)}"
            out.append(item)
        return out
    return value


def _ssh(r: _Resolver, value: Any) -> Any:
    """``ssh: [default, id=./key]`` or ``{id: ./key}``: the key file paths, not the bare ``default``."""
    if type(value) is dict:
        return {k: _through(v, r.maybe_unix_path) if v is not None else v for k, v in value.items()}
    if type(value) is list:
        out = []
        for item in value:
            if type(item) is str and "=" in item:
                name, _, path = item.partition("=")
                item = f"{name}={r.maybe_unix_path(path)}"
            out.append(item)
        return out
    return value


def _env_file(r: _Resolver, value: Any) -> Any:
    """``env_file`` entries: ``{path, required, format}`` in canonical form, plain strings otherwise."""

    def one(entry: Any) -> Any:
        if type(entry) is dict:
            return _with(entry, "path", r.abs_path)
        return r.abs_path(entry)

    return _each(value, one)


def _extends(r: _Resolver, value: Any) -> Any:
    """``extends.file`` (``absExtendsPath``): remote files (git, oci) are not paths."""

    def file(v: Any) -> Any:
        if type(v) is str and is_remote_context(v):
            return v
        return r.abs_path(v)

    return _with(value, "file", file)


def _volumes(r: _Resolver, value: Any) -> Any:
    """``absVolumeMount``: bind sources only; other types and short-syntax strings stay."""

    def one(vol: Any) -> Any:
        if type(vol) is not dict or vol.get("type") != "bind":
            return vol
        if "source" not in vol:
            raise ConfigError('invalid mount config for type "bind": field Source must not be empty')
        return _with(vol, "source", r.maybe_unix_path)

    return _each(value, one)


def _develop(r: _Resolver, value: Any) -> Any:
    """``develop.watch[].path``."""
    return _with(value, "watch", lambda watch: _each(watch, lambda w: _with(w, "path", r.symlink_path)))


_SERVICE_RULES: dict[str, Callable[[_Resolver, Any], Any]] = {
    "build": _build,
    "env_file": _env_file,
    "label_file": lambda r, v: _each(v, r.abs_path),
    "extends": _extends,
    "volumes": _volumes,
    "develop": _develop,
}


def _service(r: _Resolver, service: Any) -> Any:
    if type(service) is not dict:
        return service
    out = None
    for key, rule in _SERVICE_RULES.items():
        if key in service:
            old = service[key]
            new = _through(old, lambda v, rule=rule: rule(r, v))
            if new is not old:
                if out is None:
                    out = dict(service)
                out[key] = new
    return service if out is None else out


# ------------------------------------------------------------------------------ top-level rules


def _services(r: _Resolver, services: Any) -> Any:
    if type(services) is not dict:
        return services
    return {name: _through(svc, lambda s: _service(r, s)) for name, svc in services.items()}


def _file_resources(r: _Resolver, resources: Any) -> Any:
    """``secrets.*.file`` / ``configs.*.file``."""
    if type(resources) is not dict:
        return resources
    return {name: _with(res, "file", r.maybe_unix_path) for name, res in resources.items()}


def _volume_device(r: _Resolver, volume: Any) -> Any:
    """``volumeDriverOpts``: a ``local`` volume with ``o: bind`` is a bind mount of ``device``."""
    if type(volume) is not dict or volume.get("driver") != "local":
        return volume
    opts = volume.get("driver_opts")
    if type(opts) is not dict or opts.get("o") != "bind" or "device" not in opts:
        return volume
    return _with(volume, "driver_opts", lambda o: _with(o, "device", r.maybe_unix_path))


def _top_volumes(r: _Resolver, volumes: Any) -> Any:
    if type(volumes) is not dict:
        return volumes
    return {name: _through(vol, lambda v: _volume_device(r, v)) for name, vol in volumes.items()}


def _include(r: _Resolver, entries: Any) -> Any:
    """``include`` ``path``/``env_file``/``project_directory``: joined to the base dir like compose-go's
    ``ApplyInclude`` does (no ``~`` expansion there), remote paths kept."""

    def join(v: Any) -> Any:
        if type(v) is not str or not v or v.startswith("/") or is_remote_context(v):
            return v
        return _join(r.base_dir, v)

    def one(entry: Any) -> Any:
        if type(entry) is str:
            return join(entry)
        if type(entry) is not dict:
            return entry
        for key in ("path", "env_file", "project_directory"):
            entry = _with(entry, key, lambda v: _each(v, join))
        return entry

    return _each(entries, one)


_TOP_RULES: dict[str, Callable[[_Resolver, Any], Any]] = {
    "services": _services,
    "secrets": _file_resources,
    "configs": _file_resources,
    "volumes": _top_volumes,
    "include": _include,
}


def resolve_paths(config: dict, base_dir: str, home: str | None) -> dict:
    """Make the relative paths of a canonical Compose dict absolute against ``base_dir``.

    ``home`` replaces a leading ``~`` (``None``: left as written, like compose-go without ``$HOME``).
    Returns a new dict; raises ``ConfigError`` for a bind mount without a source.
    """
    r = _Resolver(base_dir, home)
    out = dict(config)
    for key, rule in _TOP_RULES.items():
        if key in config:
            out[key] = _through(config[key], lambda v, rule=rule: rule(r, v))
    return out
