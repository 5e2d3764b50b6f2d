"""The loading pipeline: Compose files in, the model that ``docker compose config`` prints out.

Stages, in compose-go's order (each a small ``dict -> dict`` function in its own module)::

    per file:  parse YAML (yamlio) -> interpolate + type casts (interpolation) -> validate (validation)
               -> short syntax to long (canonical) -> include -> extends -> merge onto earlier files (merge)
    project:   resolve relative paths (paths) -> project name -> profiles and selection
               -> environment (bare references, env_file) -> normalize -> consistency

``load_model`` returns the plain dict (what ``config`` prints); ``pycompose.bind`` turns it into the
frozen ``Project`` that the planner reads.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from pycompose.config import discovery
from pycompose.config.options import LoadOptions
from pycompose.config.project_name import choose_project_name
from pycompose.errors import (
    ConfigError,
    EnvFileError,
    ExtendsError,
    IncludeError,
    ParseError,
    PycomposeError,
    UsageError,
)
from pycompose.log import warn

Lookup = Callable[[str], "str | None"]


@dataclass
class LoadedModel:
    """The result of loading: the model dict plus what was learnt on the way."""

    model: dict[str, Any]
    project_name: str
    working_dir: str
    files: list[str]
    environment: dict[str, str]
    env_files: list[str]
    all_profiles: list[str] = field(default_factory=list)
    disabled_services: dict[str, Any] = field(default_factory=dict)
    #: the ``x-*`` keys of each service, which ``config``'s JSON output drops (as Docker Compose does)
    service_extensions: dict[str, dict[str, Any]] = field(default_factory=dict)


@dataclass
class _Session:
    """State shared by the files of one load: environment, options, caches, cycle trackers."""

    environment: dict[str, str]
    options: LoadOptions
    home: str | None
    texts: dict[str, str] = field(default_factory=dict)
    documents: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    extends_cache: dict[str, dict[str, Any]] = field(default_factory=dict)

    def lookup(self, name: str) -> str | None:
        return self.environment.get(name)


# --------------------------------------------------------------------------------------------- files


def read_text(path: str, session: _Session | None = None) -> str:
    """The text of a compose file (``-`` is standard input), as a ``ConfigError`` when unreadable."""
    if session is not None and path in session.texts:
        return session.texts[path]
    if path == "-":
        text = session.options.stdin_text if session and session.options.stdin_text is not None else None
        if text is None:
            text = sys.stdin.read()
    else:
        try:
            with open(path, encoding="utf-8") as handle:
                text = handle.read()
        except FileNotFoundError:
            raise ConfigError(f"open {path}: no such file or directory", file=path) from None
        except IsADirectoryError:
            raise ConfigError(f"read {path}: is a directory", file=path) from None
        except (OSError, UnicodeDecodeError) as exc:
            raise ConfigError(f"failed to read {path}: {exc}", file=path) from None
    if session is not None:
        session.texts[path] = text
    return text


def parse_documents(path: str, text: str, session: _Session | None = None) -> list[dict[str, Any]]:
    """Parse a file into its documents; every non-empty document must be a mapping.

    Parsed once per load (the project-name scan and the pipeline share it); stages never mutate it.
    """
    if session is not None and path in session.documents:
        return session.documents[path]
    from pycompose.config.yamlio import load_documents

    docs = []
    for doc in load_documents(text, path):
        if doc is None:
            continue
        if not isinstance(doc, dict):
            raise ParseError("top-level object must be a mapping", file=path, line=1)
        docs.append(doc)
    if session is not None:
        session.documents[path] = docs
    return docs


# ----------------------------------------------------------------------------------------- per file


def _process_document(
    doc: dict[str, Any],
    path: str,
    working_dir: str,
    session: _Session,
    included: tuple[str, ...],
    first: bool = True,
) -> dict[str, Any]:
    """One parsed document -> canonical dict with its includes imported and extends resolved."""
    from pycompose.config.canonical import canonical

    cfg = _interpolate_and_validate(doc, path, session, overriding=not first)
    try:
        cfg = canonical(cfg)
    except PycomposeError as exc:
        exc.at(file=path)
        raise
    if "include" in cfg:
        _apply_include(cfg, path, working_dir, session, included)
    services = cfg.get("services")
    if isinstance(services, dict) and any(isinstance(s, dict) and "extends" in s for s in services.values()):
        cfg["services"] = _apply_extends(services, path, session)
    return cfg


def _has_tags(value: Any) -> bool:
    from pycompose.config.tags import Override, Reset

    if isinstance(value, (Reset, Override)):
        return True
    if isinstance(value, dict):
        return any(_has_tags(v) for v in value.values())
    if isinstance(value, list):
        return any(_has_tags(v) for v in value)
    return False


def _without_null_overrides(cfg: dict[str, Any]) -> dict[str, Any]:
    """An overriding file's ``key: null`` under a service leaves the earlier value alone (the merge
    ignores it), so Docker Compose, which validates the merged model, accepts it: do not reject it."""
    services = cfg.get("services")
    if not isinstance(services, dict):
        return cfg
    if not any(isinstance(s, dict) and None in s.values() for s in services.values()):
        return cfg
    trimmed = {
        name: ({k: v for k, v in s.items() if v is not None} if isinstance(s, dict) else s)
        for name, s in services.items()
    }
    return {**cfg, "services": trimmed}


def _interpolate_and_validate(
    doc: dict[str, Any], path: str, session: _Session, overriding: bool = False
) -> dict[str, Any]:
    from pycompose.config.validation import validate

    cfg = doc
    if session.options.interpolate:
        from pycompose.config.interpolation import cast_types, interpolate

        try:
            cfg = cast_types(interpolate(cfg, session.lookup))
        except PycomposeError as exc:
            exc.at(file=path)
            raise
    text = session.texts.get(path, "")
    if "!reset" in text or "!override" in text:
        from pycompose.config.tags import strip_tags

        plain = strip_tags(cfg) if _has_tags(cfg) else cfg
    else:
        plain = cfg
    validate(_without_null_overrides(plain) if overriding else plain, path)
    if "version" in cfg:
        warn(
            f"{path}: the attribute `version` is obsolete, it will be ignored, please remove it to avoid "
            "potential confusion"
        )
        cfg = {k: v for k, v in cfg.items() if k != "version"}
    return cfg


def load_files_model(
    files: list[str], working_dir: str, session: _Session, included: tuple[str, ...] = ()
) -> dict[str, Any]:
    """Every document of every file merged left to right onto one model (so ``!reset``/``!override``
    of a later file act on what earlier files set), then relative paths made absolute."""
    from pycompose.config.merge import merge

    model: dict[str, Any] = {}
    first = True
    for path in files:
        text = read_text(path, session)
        for doc in parse_documents(path, text, session):
            processed = _process_document(doc, path, working_dir, session, (*included, path), first)
            model = merge(model, processed)
            first = False
    if session.options.resolve_paths:
        from pycompose.config.normalize import apply_defaults
        from pycompose.config.paths import resolve_paths

        model = resolve_paths(apply_defaults(model), working_dir, session.home)
    return model


# ------------------------------------------------------------------------------------------ include


def _as_list(value: Any) -> list[Any]:
    if value is None:
        return []
    return list(value) if isinstance(value, list) else [value]


def _apply_include(
    cfg: dict[str, Any], path: str, working_dir: str, session: _Session, included: tuple[str, ...]
) -> None:
    """Load each ``include`` entry as its own project and import its resources into ``cfg``."""
    from pycompose.config.dotenv import read_dotenv_file
    from pycompose.config.tags import strip_tags

    entries = strip_tags(cfg.pop("include")) or []
    if not isinstance(entries, list):
        raise IncludeError("`include` must be a list", file=path, path=("include",))
    for index, entry in enumerate(entries):
        if isinstance(entry, str):
            entry = {"path": entry}
        paths = [os.path.join(working_dir, p) for p in _as_list(entry.get("path"))]
        if not paths:
            continue
        for p in paths:
            if not os.path.exists(p):
                raise IncludeError(
                    f"open {os.path.abspath(p)}: no such file or directory",
                    file=path,
                    path=("include", index),
                )
        paths = [os.path.abspath(p) for p in paths]
        if paths[0] in included:
            chain = [*included, paths[0]]
            raise IncludeError(
                "include cycle detected:\n" + chain[0] + "\n include " + "\n include ".join(chain[1:]),
                file=path,
                path=("include", index),
            )
        project_dir = entry.get("project_directory")
        if project_dir:
            project_dir = os.path.abspath(os.path.join(working_dir, project_dir))
        else:
            project_dir = os.path.dirname(paths[0])
        env_files = [os.path.join(working_dir, f) for f in _as_list(entry.get("env_file"))]
        if not env_files:
            default = os.path.join(project_dir, ".env")
            env_files = [default] if os.path.isfile(default) else []
        environment = dict(session.environment)
        for env_path in env_files:
            if not os.path.isfile(env_path):
                raise EnvFileError(
                    f"env file {env_path} not found: stat {env_path}: no such file or directory",
                    file=path,
                    path=("include", index, "env_file"),
                )
            values = read_dotenv_file(env_path, environment.get)
            for key, value in values.items():
                if key not in environment and value is not None:
                    environment[key] = value
        sub = _Session(environment=environment, options=session.options, home=session.home)
        imported = load_files_model(paths, project_dir, sub, included)
        _import_resources(imported, cfg, path)


def _import_resources(source: dict[str, Any], target: dict[str, Any], path: str) -> None:
    for kind in ("services", "volumes", "networks", "secrets", "configs"):
        incoming = source.get(kind)
        if not incoming:
            continue
        existing = target.setdefault(kind, {})
        if existing is None:
            existing = target[kind] = {}
        for name, value in incoming.items():
            if name in existing:
                if existing[name] == value:
                    continue
                raise IncludeError(
                    f"{kind}.{name} conflicts with imported resource", file=path, path=(kind, name)
                )
            existing[name] = value


# ------------------------------------------------------------------------------------------ extends


def _load_for_extends(path: str, session: _Session) -> dict[str, Any]:
    """Services of another file named by ``extends.file`` (interpolated, validated, canonical)."""
    if path in session.extends_cache:
        return session.extends_cache[path]
    from pycompose.config.canonical import canonical
    from pycompose.config.merge import merge

    text = read_text(path, session)
    result: dict[str, Any] = {}
    for doc in parse_documents(path, text, session):
        cfg = _interpolate_and_validate(doc, path, session)
        try:
            result = merge(result, canonical(cfg))
        except PycomposeError as exc:
            exc.at(file=path)
            raise
    services = result.get("services") or {}
    session.extends_cache[path] = services
    return services


def _apply_extends(services: dict[str, Any], path: str, session: _Session) -> dict[str, Any]:
    """Resolve ``extends`` of every service of one file, recursively and across files."""
    resolved: dict[tuple[str, str], dict[str, Any]] = {}
    out = dict(services)
    for name in services:
        out[name] = _resolve_service(name, services, path, session, resolved, ())
    return out


def _resolve_service(
    name: str,
    services: dict[str, Any],
    path: str,
    session: _Session,
    resolved: dict[tuple[str, str], dict[str, Any]],
    stack: tuple[tuple[str, str], ...],
) -> dict[str, Any]:
    from pycompose.config.merge import merge_service

    key = (path, name)
    if key in resolved:
        return resolved[key]
    if key in stack:
        chain = " -> ".join(f"{n}" for _, n in (*stack, key))
        raise ExtendsError(f"circular reference with extends: {chain}", file=path, path=("services", name))
    from pycompose.config.tags import strip_tags

    service = services[name]
    extends = strip_tags(service.get("extends")) if isinstance(service, dict) else None
    if not extends:
        resolved[key] = service
        return service
    if isinstance(extends, str):
        extends = {"service": extends}
    if not isinstance(extends, dict) or not isinstance(extends.get("service"), str):
        raise ExtendsError(
            f"services.{name}.extends must name a service", file=path, path=("services", name, "extends")
        )
    base_name = extends.get("service")
    base_file = extends.get("file")
    if base_file:
        base_path = os.path.abspath(os.path.join(os.path.dirname(path), base_file))
        if not os.path.exists(base_path):
            raise ExtendsError(
                f'cannot extend service "{name}" in {path}: open {base_path}: no such file or directory',
                file=path,
                path=("services", name, "extends", "file"),
            )
        base_services = _load_for_extends(base_path, session)
    else:
        base_path = path
        base_services = services
    if base_name not in base_services:
        raise ExtendsError(
            f'cannot extend service "{name}" in {path}: service "{base_name}" not found',
            file=path,
            path=("services", name, "extends"),
        )
    base = _resolve_service(base_name, base_services, base_path, session, resolved, (*stack, key))
    if base_path != path and session.options.resolve_paths:
        from pycompose.config.paths import resolve_paths

        base = resolve_paths({"services": {base_name: base}}, os.path.dirname(base_path), session.home)[
            "services"
        ][base_name]
    child = {k: v for k, v in service.items() if k != "extends"}
    merged = merge_service(base, child, f"services.{name}")
    resolved[key] = merged
    return merged


# ------------------------------------------------------------------------------------- environment


def build_environment(environ: Mapping[str, str], env_files: list[str], working_dir: str) -> dict[str, str]:
    """OS environment over the ``.env`` files (later files win among themselves)."""
    from pycompose.config.dotenv import read_dotenv_file

    from_files: dict[str, str] = {}
    for path in env_files:
        if not os.path.exists(path):
            raise EnvFileError(
                f"couldn't find env file: {path}", file=path, hint="check --env-file / COMPOSE_ENV_FILES"
            )
        if os.path.isdir(path):
            raise EnvFileError(f"{path} is a directory", file=path)

        def lookup(name: str) -> str | None:
            if name in environ:
                return environ[name]
            return from_files.get(name)

        for key, value in read_dotenv_file(path, lookup).items():
            if value is not None:
                from_files[key] = value
    environment = dict(from_files)
    environment.update(environ)
    return environment


def _resolve_service_environment(
    name: str, service: dict[str, Any], environment: Mapping[str, str], resolve_env: bool
) -> dict[str, Any]:
    """Inline ``env_file`` into ``environment`` and fill bare ``KEY`` entries from the environment."""
    from pycompose.config.dotenv import read_dotenv_file

    env_files = service.get("env_file")
    declared = service.get("environment")
    if not env_files and not declared:
        return service
    service = dict(service)
    result: dict[str, Any] = {}
    if env_files and resolve_env:
        for index, entry in enumerate(env_files):
            if isinstance(entry, str):
                entry = {"path": entry}
            env_path = entry.get("path")
            required = entry.get("required", True)
            if not os.path.exists(env_path):
                if required is False:
                    continue
                raise EnvFileError(
                    f"env file {env_path} not found: stat {env_path}: no such file or directory",
                    path=("services", name, "env_file", index),
                )

            def lookup(key: str) -> str | None:
                # compose-go's order: project environment, then the service's own `environment:`
                if key in environment:
                    return environment[key]
                declared_value = (declared or {}).get(key)
                return declared_value if isinstance(declared_value, str) else None

            earlier = {k: v for k, v in result.items() if v is not None}
            values = read_dotenv_file(env_path, lookup, raw=entry.get("format") == "raw", base=earlier)
            result.update(values)
        del service["env_file"]
    if declared:
        for key, value in declared.items():
            if value is None and resolve_env:
                value = environment.get(key)
            result[key] = value
    if result or "environment" in service:
        service["environment"] = result
    return service


# -------------------------------------------------------------------------------- profiles/selection


def _profile_active(service: dict[str, Any], profiles: set[str]) -> bool:
    wanted = service.get("profiles") or []
    if not wanted:
        return True
    if "*" in profiles:
        return True
    return any(p in profiles for p in wanted)


def _dependencies(service: dict[str, Any]) -> Iterable[str]:
    yield from service.get("depends_on") or {}


def select_services(services: dict[str, Any], names: Iterable[str]) -> dict[str, Any]:
    """Keep ``names`` and everything they depend on (``config web`` prints web and its dependencies)."""
    keep: set[str] = set()
    todo = list(names)
    while todo:
        name = todo.pop()
        if name in keep:
            continue
        if name not in services:
            raise UsageError(f"no such service: {name}", hint="run `pycompose config --services`")
        keep.add(name)
        todo.extend(_dependencies(services[name]))
    return {k: v for k, v in services.items() if k in keep}


# ---------------------------------------------------------------------------------------- top level


def _attach_location(error: PycomposeError, files: list[str], session: _Session) -> None:
    """Errors found after the merge know a key path but not a file: find the last file that sets it."""
    if error.file is not None or not error.path:
        return
    from pycompose.config.yamlio import locate

    path = tuple(error.path)
    while path:
        for name in reversed(files):
            text = session.texts.get(name)
            if not text:
                continue
            try:
                found = locate(text, path)
            except Exception:
                found = None
            if found:
                error.at(file=name, line=found[0], column=found[1])
                return
        path = path[:-1]


def resolve_inputs(options: LoadOptions) -> tuple[list[str], str, dict[str, str], list[str]]:
    """Files, project directory, interpolation environment and env files for ``options``."""
    working_dir = os.path.abspath(options.working_dir)
    environ = dict(options.environ)
    # COMPOSE_FILE and friends may come from the .env of the working / project directory.
    pre_dir = (
        os.path.abspath(os.path.join(working_dir, options.project_directory))
        if options.project_directory
        else None
    )
    if not options.files and "COMPOSE_FILE" not in environ:
        dotenv_dir = pre_dir or working_dir
        candidates = discovery.env_files_for(options.env_files, environ, dotenv_dir, working_dir)
        if candidates:
            early = build_environment(environ, candidates, working_dir)
            if "COMPOSE_FILE" in early:
                environ["COMPOSE_FILE"] = early["COMPOSE_FILE"]
                if "COMPOSE_PATH_SEPARATOR" in early:
                    environ["COMPOSE_PATH_SEPARATOR"] = early["COMPOSE_PATH_SEPARATOR"]
    files = discovery.resolve_files(options.files, environ, working_dir, pre_dir)
    project_dir = discovery.project_directory_for(files, options.project_directory, working_dir)
    env_files = discovery.env_files_for(options.env_files, options.environ, project_dir, working_dir)
    environment = build_environment(options.environ, env_files, working_dir)
    return files, project_dir, environment, env_files


def load_model(
    options: LoadOptions, services: Iterable[str] = (), json_shape: bool = True, enable: Iterable[str] = ()
) -> LoadedModel:
    """Load the project described by ``options`` into the dict ``docker compose config`` prints.

    ``json_shape`` keeps the few quirks that only Docker Compose's JSON output has (explicit nulls,
    empty ``ipam``); the YAML output leaves them out.
    """
    files, project_dir, environment, env_files = resolve_inputs(options)
    home = options.environ.get("HOME") or os.path.expanduser("~")
    session = _Session(environment=environment, options=options, home=home)

    names_in_files: list[str] = []
    for path in files:
        for doc in parse_documents(path, read_text(path, session), session):
            name = doc.get("name")
            if isinstance(name, str):
                names_in_files.append(name)

    interpolate_name = None
    if options.interpolate:
        from pycompose.config.interpolation import substitute

        def interpolate_name(value: str) -> str:
            return substitute(value, environment.get, "name")

    project_name = choose_project_name(
        options.project_name, environment, names_in_files, project_dir, interpolate_name
    )
    environment["COMPOSE_PROJECT_NAME"] = project_name

    model = load_files_model(files, project_dir, session)
    if not model:
        raise ConfigError("empty compose file", file=files[0] if files else None)
    from pycompose.config.consistency import check_resource_definitions

    try:
        check_resource_definitions(model, options.consistency)
    except PycomposeError as exc:
        _attach_location(exc, files, session)
        raise
    model["name"] = project_name

    all_services: dict[str, Any] = model.get("services") or {}
    all_profiles = sorted({p for s in all_services.values() for p in (s.get("profiles") or [])})
    active = set(options.profiles or ())
    enabled = {n: s for n, s in all_services.items() if _profile_active(s, active)}
    disabled = {n: s for n, s in all_services.items() if n not in enabled}
    # services named on the command line are enabled with what they need, whatever their profiles
    todo = [n for n in enable if n in disabled]
    while todo:
        name = todo.pop()
        if name in disabled:
            enabled[name] = disabled.pop(name)
            todo.extend(d for d in (enabled[name].get("depends_on") or {}) if d in disabled)
    selected = list(services)
    if selected:
        for name in selected:
            if name in disabled:
                enabled[name] = disabled.pop(name)
        enabled = select_services(enabled, selected)
    model["services"] = {
        n: _resolve_service_environment(n, s, environment, options.resolve_env) for n, s in enabled.items()
    }

    service_extensions = {
        n: ext
        for n, s in model["services"].items()
        if isinstance(s, dict) and (ext := {k: v for k, v in s.items() if str(k).startswith("x-")})
    }
    try:
        if options.normalize:
            from pycompose.config.normalize import normalize

            model = normalize(
                model,
                project_name,
                env=environment if options.resolve_env else None,
                project_dir=project_dir,
                json_shape=json_shape,
            )
        elif json_shape:
            from pycompose.config.normalize import json_shape as shape_for_json

            model = shape_for_json(model)
        if options.consistency:
            from pycompose.config.consistency import check_consistency

            check_consistency(model)
    except PycomposeError as exc:
        _attach_location(exc, files, session)
        raise
    return LoadedModel(
        model=model,
        project_name=project_name,
        working_dir=project_dir,
        files=files,
        environment=environment,
        env_files=env_files,
        all_profiles=all_profiles,
        disabled_services=disabled,
        service_extensions=service_extensions,
    )
