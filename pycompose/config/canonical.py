"""Short syntax to long syntax, one file at a time, so that merging sees one shape per attribute.

Mirrors compose-go v2's ``transform/canonical.go``: a table of path patterns (``services.*.ports``) mapped
to small functions, applied to one file's dict after interpolation and schema validation and before
relative paths are resolved and files are merged. Only the transformations that do not depend on other
files happen here; defaults that a later file could still override (``build.context: .``, the secret
``target``, the port ``protocol``) are left to :mod:`pycompose.config.normalize`, after the merge,
because compose-go adds them there too: doing it here would let an override file's default clobber the
base file's explicit value.

``!reset`` values are left alone; the value inside an ``!override`` is transformed and re-wrapped.
Subtrees no rule touches are shared with the input, not copied.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Callable
from typing import Any

from pycompose.config.goformat import go_string
from pycompose.config.tags import Override, Reset
from pycompose.errors import NormalizeError
from pycompose.log import warn

__all__ = [
    "OMIT",
    "RULES",
    "RuleNode",
    "apply_rules",
    "canonical",
    "compile_rules",
    "decode_error",
    "go_path_clean",
    "parse_port_spec",
    "parse_volume",
    "split_command",
]

Path = tuple["str | int", ...]
Transform = Callable[[Any, Path], Any]


def _dotted(path: Path) -> str:
    """compose-go's ``tree.Path`` text: ``services.web.ports``."""
    return ".".join(str(p) for p in path)


_NAMED_SECTIONS = ("services", "networks", "volumes", "secrets", "configs")


def decode_error(path: Path, message: str) -> NormalizeError:
    """The error compose-go reports when decoding into Go types: ``'services[web].command' <message>``."""
    where = ""
    for i, part in enumerate(path):
        if isinstance(part, int) or (i == 1 and path[0] in _NAMED_SECTIONS):
            where += f"[{part}]"
        else:
            where += ("." if where else "") + part
    return NormalizeError(f"decoding failed due to the following error(s):\n\n'{where}' {message}", path=path)


# --------------------------------------------------------------------------------------------------
# Shell words (github.com/mattn/go-shellwords, the default parser compose-go uses for ``command``)
# --------------------------------------------------------------------------------------------------

_SPACES = frozenset(" \t\r\n")
_STOPS = frozenset(";&|<>")


def split_command(line: str) -> list[str]:
    """Split a shell-form ``command`` like go-shellwords' ``Parse``: quotes removed, no expansion.

    Unlike ``shlex.split``: parsing stops at the first unquoted ``; & | < >`` (``"echo a && b"`` gives
    ``["echo", "a"]``), ``$(...)`` and backquoted text stay one word, a backslash escapes any character
    outside single quotes, and ``""`` yields an empty word. Raises ``ValueError("invalid command line
    string")`` on unbalanced quotes or parentheses, as Docker Compose does.
    """
    args: list[str] = []
    buf: list[str] = []
    escaped = double = single = backquote = dollar = False
    got = False  # an argument (possibly empty, from quotes) is pending
    for ch in line:
        if escaped:
            buf.append(ch)
            escaped = False
            got = True
            continue
        if ch == "\\":
            if single:
                buf.append(ch)
            else:
                escaped = True
            continue
        if ch in _SPACES:
            if single or double or backquote or dollar:
                buf.append(ch)
            elif got:
                args.append("".join(buf))
                buf = []
                got = False
            continue
        if ch == "`":
            if not single and not double and not dollar:
                backquote = not backquote
        elif ch == ")":
            if not single and not double and not backquote:
                dollar = not dollar
        elif ch == "(":
            if not single and not double and not backquote:
                if not dollar and buf and buf[-1] == "$":
                    dollar = True
                    buf.append("(")
                    continue
                raise ValueError("invalid command line string")
        elif ch == '"':
            if not single and not dollar:
                if double:
                    got = True
                double = not double
                continue
        elif ch == "'":
            if not double and not dollar:
                if single:
                    got = True
                single = not single
                continue
        elif ch in _STOPS and not (single or double or backquote or dollar):
            if ch == ">" and buf and "0" <= buf[0] <= "9":
                got = False  # "2>file": the fd number is part of the redirection, not a word
            break
        got = True
        buf.append(ch)
    if got:
        args.append("".join(buf))
    if escaped or single or double or backquote or dollar:
        raise ValueError("invalid command line string")
    return args


def transform_command(value: Any, path: Path) -> Any:
    """``command``/``entrypoint`` strings are shell-split: merging then only ever replaces lists."""
    if isinstance(value, str):
        try:
            return split_command(value)
        except ValueError as exc:
            raise decode_error(path, str(exc)) from None
    return value


# --------------------------------------------------------------------------------------------------
# Ports (github.com/docker/go-connections/nat ParsePortSpec + compose-go ParsePortConfig)
# --------------------------------------------------------------------------------------------------


def _parse_uint16(text: str) -> int:
    """``strconv.ParseUint(text, 10, 16)``: ASCII digits only, at most 65535."""
    if not text or not text.isascii() or not text.isdigit():
        raise ValueError(text)
    number = int(text)
    if number > 0xFFFF:
        raise ValueError(text)
    return number


def _parse_port_range(text: str) -> tuple[int, int]:
    """nat's ``ParsePortRange``: ``"80"`` or ``"8000-8010"`` (anything after a second ``-`` is ignored)."""
    if "-" not in text:
        port = _parse_uint16(text)
        return port, port
    parts = text.split("-")
    start, end = _parse_uint16(parts[0]), _parse_uint16(parts[1])
    if end < start:
        raise ValueError(text)
    return start, end


def _split_host_port_error(hostport: str) -> str | None:
    """The ``net.SplitHostPort`` error for ``"[ip]:"``-style input, or None when it would succeed."""
    end = hostport.find("]")
    if end < 0:
        return f"address {hostport}: missing ']' in address"
    last_colon = hostport.rfind(":")
    if end + 1 == len(hostport):
        return f"address {hostport}: missing port in address"
    if end + 1 != last_colon:
        why = "too many colons in address" if hostport[end + 1] == ":" else "missing port in address"
        return f"address {hostport}: {why}"
    if "[" in hostport[1:]:
        return f"address {hostport}: unexpected '[' in address"
    if "]" in hostport[end + 1 :]:
        return f"address {hostport}: unexpected ']' in address"
    return None


def _is_go_ip(text: str) -> bool:
    """Go's ``net.ParseIP``: dotted IPv4 (no leading zeros) or IPv6 without a zone."""
    if "%" in text:
        return False
    try:
        ipaddress.ip_address(text)
    except ValueError:
        return False
    return True


def _split_port_parts(raw: str) -> tuple[str, str, str]:
    parts = raw.split(":")
    if len(parts) == 1:
        return "", "", parts[0]
    if len(parts) == 2:
        return "", parts[0], parts[1]
    return ":".join(parts[:-2]), parts[-2], parts[-1]


def _port_host_ip(ip: str) -> str:
    if ip and ip[0] == "[":
        error = _split_host_port_error(ip + ":")
        if error:
            raise ValueError(f"invalid IP address {ip}: {error}")
        ip = ip[1 : ip.find("]")]
    if ip and not _is_go_ip(ip):
        raise ValueError(f"invalid IP address: {ip}")
    return ip


def parse_port_spec(raw: str) -> list[dict[str, Any]]:
    """One short-syntax port (``"127.0.0.1:8000-8001:80-81/udp"``) as long-syntax dicts, one per port.

    Entries come in the order compose-go emits them: sorted by the text ``"<port>/<proto>"``, so
    ``"9999-10000"`` gives 10000 before 9999. ``published`` stays a range only when a host range maps to
    a single container port. Raises ``ValueError`` with nat's message.
    """
    ip, host_port, container_port = _split_port_parts(raw)
    container_port, _, proto = container_port.partition("/")
    proto = (proto or "tcp") if container_port else ""
    proto = proto.lower()
    if proto not in ("tcp", "udp", "sctp"):
        raise ValueError(f"invalid proto: {proto}")
    ip = _port_host_ip(ip)
    if not container_port:
        raise ValueError(f"no port specified: {raw}<empty>")
    try:
        start, end = _parse_port_range(container_port)
    except ValueError:
        raise ValueError(f"invalid containerPort: {container_port}") from None
    host_start = host_end = 0
    if host_port:
        try:
            host_start, host_end = _parse_port_range(host_port)
        except ValueError:
            raise ValueError(f"invalid hostPort: {host_port}") from None
        if end - start != host_end - host_start and end != start:
            raise ValueError(
                f"invalid ranges specified for container and host Ports: {container_port} and {host_port}"
            )
    count = end - start + 1
    keyed = []
    for i in range(count):
        entry: dict[str, Any] = {"mode": "ingress"}
        if ip:
            entry["host_ip"] = ip
        entry["target"] = start + i
        if host_port:
            published = str(host_start + i)
            if count == 1 and host_start != host_end:
                published += f"-{host_end}"
            entry["published"] = published
        entry["protocol"] = proto
        keyed.append((f"{start + i}/{proto}", entry))
    keyed.sort(key=lambda item: item[0])
    return [entry for _, entry in keyed]


def transform_ports(value: Any, path: Path) -> Any:
    """Short port strings and numbers expand to long entries; long entries are left for after the merge.

    compose-go keeps a long entry's ``published: 80`` an int until decoding, which matters: the merge
    then does not treat it as a duplicate of ``"80:80"``, and neither must pycompose.
    """
    if not isinstance(value, list):
        return value
    out: list[Any] = []
    for index, entry in enumerate(value):
        if isinstance(entry, bool) or not isinstance(entry, int | str):
            out.append(entry)
            continue
        try:
            parsed = parse_port_spec(str(entry))
        except ValueError as exc:
            raise NormalizeError(str(exc), path=(*path, index)) from None
        for item in parsed:
            if item["target"] == 0:
                # reported by compose-go's merge, which counts entries after ranges are expanded
                raise NormalizeError(
                    f"service ports {_dotted(path)}.[{len(out)}] is missing a target port",
                    path=(*path, index),
                )
            out.append(item)
    return out


# --------------------------------------------------------------------------------------------------
# Volumes (compose-go format.ParseVolume)
# --------------------------------------------------------------------------------------------------

_PROPAGATIONS = frozenset({"rprivate", "private", "rshared", "shared", "rslave", "slave"})
_SELINUX = frozenset({"z", "Z"})


def go_path_clean(path: str) -> str:
    """Go's ``path.Clean`` (POSIX, but unlike ``posixpath.normpath`` a leading ``//`` becomes ``/``)."""
    if not path:
        return "."
    rooted = path.startswith("/")
    parts: list[str] = []
    for part in path.split("/"):
        if part in ("", "."):
            continue
        if part == "..":
            if parts and parts[-1] != "..":
                parts.pop()
            elif not rooted:
                parts.append("..")
            continue
        parts.append(part)
    cleaned = "/".join(parts)
    if rooted:
        return "/" + cleaned
    return cleaned or "."


def _is_windows_drive(buffer: list[str], char: str) -> bool:
    return char == ":" and len(buffer) == 1 and buffer[0].isalpha()


def _is_file_path(source: str) -> bool:
    """A short-syntax source that is a host path (bind) rather than a volume name."""
    if not source:
        return False
    if source[0] in "./~" or source.startswith("\\\\"):
        return True
    return len(source) > 1 and source[0].isalpha() and source[1] == ":"


def _apply_volume_options(volume: dict[str, Any], options: str) -> None:
    for option in options.split(","):
        if option == "ro":
            volume["read_only"] = True
        elif option == "rw":
            volume.pop("read_only", None)
        elif option == "nocopy":
            volume["volume"] = {"nocopy": True}
        elif option in _PROPAGATIONS:
            volume.setdefault("bind", {})["propagation"] = option
        elif option in _SELINUX:
            volume.setdefault("bind", {})["selinux"] = option
        # unknown options are ignored, as compose-go does


def parse_volume(spec: str) -> dict[str, Any]:
    """A short-syntax service volume as its long form; raises ``ValueError`` with compose-go's message.

    ``./data:/data:ro`` is a bind with ``create_host_path: true``; ``name:/data`` a named volume; a lone
    path an anonymous volume. A one-letter source followed by ``:`` is read as a Windows drive, so
    ``v:/v`` is an anonymous volume whose target is ``v:/v`` (sic). The source is not resolved: ``~``
    and relative paths are left for the path-resolution stage.
    """
    if not spec:
        raise ValueError("invalid empty volume spec")
    if len(spec) <= 2:
        return {"type": "volume", "target": spec}
    volume: dict[str, Any] = {}
    buffer: list[str] = []
    for char in [*spec, ""]:
        if _is_windows_drive(buffer, char):
            buffer.append(char)
        elif char in (":", ""):
            _volume_field(volume, "".join(buffer), char, spec)
            buffer = []
        else:
            buffer.append(char)
    if _is_file_path(volume.get("source", "")):
        volume.setdefault("bind", {})["create_host_path"] = True
        return {"type": "bind", **volume}
    volume.setdefault("volume", {})
    return {"type": "volume", **volume}


def _volume_field(volume: dict[str, Any], text: str, char: str, spec: str) -> None:
    """Fill source, then target, then options from the text between colons."""
    if not text:
        raise ValueError(f"invalid spec: {spec}: empty section between colons")
    if "source" not in volume and char == "":
        volume["target"] = text
    elif "source" not in volume:
        volume["source"] = text
    elif "target" not in volume:
        volume["target"] = text
    elif char == ":":
        raise ValueError(f"invalid spec: {spec}: too many colons")
    else:
        _apply_volume_options(volume, text)


def transform_volume_mount(value: Any, path: Path) -> Any:
    """One ``services.*.volumes`` entry: short syntax parsed, targets cleaned like ``path.Clean``."""
    if isinstance(value, str):
        try:
            volume = parse_volume(value)
        except ValueError as exc:
            raise NormalizeError(str(exc), path=path) from None
    elif isinstance(value, dict):
        volume = value
        inner = volume.get("volume")
        if isinstance(inner, dict) and "labels" in inner:
            labels = _label_mapping(inner["labels"], (*path, "volume", "labels"))
            volume = {**volume, "volume": {**inner, "labels": labels}}
    else:
        return value
    target = volume.get("target")
    if isinstance(target, str) and target:
        cleaned = go_path_clean(target)
        if cleaned != target:
            volume = {**volume, "target": cleaned} if volume is value else volume
            volume["target"] = cleaned
    return volume


# --------------------------------------------------------------------------------------------------
# Mappings (environment, labels, args...)
# --------------------------------------------------------------------------------------------------


def _env_value(value: Any) -> Any:
    if value is None or isinstance(value, (str, Reset)):
        return value  # a !reset entry stays a tag for the merge to apply
    if isinstance(value, Override):
        return Override(_env_value(value.value))
    return go_string(value)


def env_mapping(value: Any, path: Path) -> Any:
    """``environment``/``build.args``: list to map; ``KEY`` alone maps to None (looked up later)."""
    if isinstance(value, list):
        out: dict[str, str | None] = {}
        for item in value:
            key, sep, val = str(item).partition("=")
            out[key] = val if sep else None
        return out
    if isinstance(value, dict):
        return {str(k): _env_value(v) for k, v in value.items()}
    return value


def _label_mapping(value: Any, path: Path) -> Any:
    """Label-like maps (``labels``, ``sysctls``, ``annotations``): a bare key or null is ``""``."""
    if isinstance(value, list):
        out: dict[str, str] = {}
        for item in value:
            key, _, val = str(item).partition("=")
            out[key] = val
        return out
    if isinstance(value, dict):
        return {str(k): "" if v is None else _env_value(v) for k, v in value.items()}
    return value


def transform_key_value(value: Any, path: Path) -> Any:
    """``build.additional_contexts``: list items must be ``key=value``."""
    if isinstance(value, list):
        out: dict[str, str] = {}
        for item in value:
            key, sep, val = str(item).partition("=")
            if not sep:
                raise NormalizeError(f"{_dotted(path)}: invalid value {item}, expected key=value", path=path)
            out[key] = val
        return out
    return value


def transform_string_to_list(value: Any, path: Path) -> Any:
    """``dns``, ``dns_search``, ``tmpfs``, ``label_file``...: a single string is a one-item list."""
    return [value] if isinstance(value, str) else value


def transform_string_list(value: Any, path: Path) -> Any:
    """``group_add``/``expose``: numbers become their decimal text."""
    if isinstance(value, list):
        return [v if isinstance(v, (str, Reset, Override)) else go_string(v) for v in value]
    return value


def transform_keys_to_map(value: Any, path: Path) -> Any:
    """Service ``networks``/``models`` list form: each name maps to null (no options)."""
    if isinstance(value, list):
        return dict.fromkeys((str(v) for v in value), None)
    return value


# --------------------------------------------------------------------------------------------------
# Service attributes with their own short syntax
# --------------------------------------------------------------------------------------------------


def transform_build(value: Any, path: Path) -> Any:
    """``build: ./dir`` is ``build: {context: ./dir}`` (the ``.`` default context comes after merging)."""
    if isinstance(value, str):
        return {"context": value}
    return value


def transform_depends_on(value: Any, path: Path) -> Any:
    """``depends_on: [db]`` is ``{db: {condition: service_started, required: true}}``."""
    if isinstance(value, list):
        return {str(name): {"condition": "service_started", "required": True} for name in value}
    if isinstance(value, dict):
        out: dict[str, Any] = {}
        for name, dep in value.items():
            dep = dict(dep) if isinstance(dep, dict) else {}
            dep.setdefault("condition", "service_started")
            dep.setdefault("required", True)
            out[name] = dep
        return out
    return value


def transform_file_mount(value: Any, path: Path) -> Any:
    """``secrets: [s]``/``configs: [c]`` items are ``{source: s}`` (the secret target comes later)."""
    if isinstance(value, str):
        return {"source": value}
    return value


def transform_device(value: Any, path: Path) -> Any:
    """``devices: ["/dev/a:/dev/b:r"]`` items: source, target (default source), permissions (``rwm``)."""
    if not isinstance(value, str):
        return value
    parts = value.split(":")
    if len(parts) > 3:
        raise NormalizeError(f"confusing device mapping, please use long syntax: {value}", path=path)
    source = parts[0]
    target = parts[1] if len(parts) > 1 and parts[1] else source
    permissions = parts[2] if len(parts) > 2 else "rwm"
    return {"source": source, "target": target, "permissions": permissions}


def transform_gpus(value: Any, path: Path) -> Any:
    """``gpus: all`` is one device request for all GPUs."""
    if isinstance(value, str):
        return [{"count": "all"}]
    return value


def _go_bool(value: Any) -> Any:
    """``strconv.ParseBool`` for the string form of a boolean field; other values pass through."""
    if isinstance(value, str):
        if value in ("1", "t", "T", "TRUE", "true", "True"):
            return True
        if value in ("0", "f", "F", "FALSE", "false", "False"):
            return False
    return value


def transform_env_file(value: Any, path: Path) -> Any:
    """``env_file`` string, list of strings or list of ``{path, required, format}`` -> the last form."""
    items = [value] if isinstance(value, str) else value
    if not isinstance(items, list):
        return value
    out: list[Any] = []
    for item in items:
        if isinstance(item, str):
            out.append({"path": item, "required": True})
        elif isinstance(item, dict):
            entry = dict(item)
            entry["required"] = _go_bool(entry.get("required", True))
            out.append(entry)
        else:
            out.append(item)
    return out


def transform_extra_hosts(value: Any, path: Path) -> Any:
    """A map of host to IP(s) becomes the list form ``host=ip``; list entries are kept verbatim.

    compose-go merges ``extra_hosts`` as strings, so ``"b:1.1.1.1"`` and ``{b: 1.1.1.1}`` in two files
    are *not* duplicates of each other; the entries are parsed, cleaned and sorted after the merge.
    """
    if not isinstance(value, dict):
        return value
    out: list[str] = []
    for host, ips in value.items():
        if isinstance(ips, list):
            out.extend(f"{host}={'' if ip is None else ip}" for ip in ips)
        else:
            out.append(f"{host}={'' if ips is None else ips}")
    return out


def transform_ssh(value: Any, path: Path) -> Any:
    """``build.ssh: [default, key=path]`` is the map ``{default: null, key: path}``."""
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list):
        return value
    out: dict[str, str | None] = {}
    for item in value:
        key, sep, key_path = str(item).partition("=")
        if not sep:
            if key != "default":
                raise NormalizeError(f'invalid ssh key "{item}"', path=path)
            out[key] = None
        else:
            out[key] = key_path
    return out


def transform_extends(value: Any, path: Path) -> Any:
    """``extends: base`` is ``extends: {service: base}``."""
    if isinstance(value, str):
        return {"service": value}
    return value


def transform_include(value: Any, path: Path) -> Any:
    """An ``include`` entry as ``{path: [..], env_file: [..], project_directory}``."""
    if isinstance(value, str):
        return {"path": [value]}
    if isinstance(value, dict):
        entry = dict(value)
        for key in ("path", "env_file"):
            if isinstance(entry.get(key), str):
                entry[key] = [entry[key]]
        return entry
    return value


def transform_ulimit(value: Any, path: Path) -> Any:
    """``ulimits.<name>`` is an int or ``{soft, hard}``; nothing to rewrite, only to check."""
    if isinstance(value, bool) or not isinstance(value, int | dict | str):
        raise NormalizeError(f"{_dotted(path)}: invalid type {type(value).__name__} for ulimits", path=path)
    return value


def transform_hook(value: Any, path: Path) -> Any:
    """``post_start``/``pre_stop`` hooks: command shell-split, environment as a map."""
    if not isinstance(value, dict):
        return value
    hook = dict(value)
    if "command" in hook:
        hook["command"] = transform_command(hook["command"], (*path, "command"))
    if "environment" in hook:
        hook["environment"] = env_mapping(hook["environment"], (*path, "environment"))
    return hook


def transform_resource(value: Any, path: Path) -> Any:
    """A top-level network/volume/secret/config: deprecated ``external: {name: x}`` becomes ``name: x``."""
    if not isinstance(value, dict):
        return value
    resource = value
    external = resource.get("external")
    if isinstance(external, dict):
        resource = dict(resource)
        resource["external"] = True
        if "name" in external:
            warn(f"{_dotted(path)}: external.name is deprecated. Please set name and external: true")
            if "name" in resource and resource["name"] != external["name"]:
                raise NormalizeError(
                    f"{_dotted(path)}: name and external.name conflict; only use name", path=path
                )
            resource["name"] = external["name"]
    if "labels" in resource:
        labels = _label_mapping(resource["labels"], (*path, "labels"))
        if labels is not resource["labels"]:
            resource = {**resource, "labels": labels}
    return resource


# --------------------------------------------------------------------------------------------------
# The rule table and its walker
# --------------------------------------------------------------------------------------------------

RULES: dict[str, Transform] = {
    "services.*.annotations": _label_mapping,
    "services.*.build": transform_build,
    "services.*.build.additional_contexts": transform_key_value,
    "services.*.build.args": env_mapping,
    "services.*.build.extra_hosts": transform_extra_hosts,
    "services.*.build.labels": _label_mapping,
    "services.*.build.secrets.[]": transform_file_mount,
    "services.*.build.ssh": transform_ssh,
    "services.*.build.ulimits.*": transform_ulimit,
    "services.*.command": transform_command,
    "services.*.configs.[]": transform_file_mount,
    "services.*.depends_on": transform_depends_on,
    "services.*.deploy.labels": _label_mapping,
    "services.*.develop.watch.[].exec": transform_hook,
    "services.*.develop.watch.[].ignore": transform_string_to_list,
    "services.*.develop.watch.[].include": transform_string_to_list,
    "services.*.devices.[]": transform_device,
    "services.*.dns": transform_string_to_list,
    "services.*.dns_search": transform_string_to_list,
    "services.*.entrypoint": transform_command,
    "services.*.env_file": transform_env_file,
    "services.*.environment": env_mapping,
    "services.*.expose": transform_string_list,
    "services.*.extends": transform_extends,
    "services.*.extra_hosts": transform_extra_hosts,
    "services.*.gpus": transform_gpus,
    "services.*.group_add": transform_string_list,
    "services.*.label_file": transform_string_to_list,
    "services.*.labels": _label_mapping,
    "services.*.models": transform_keys_to_map,
    "services.*.networks": transform_keys_to_map,
    "services.*.ports": transform_ports,
    "services.*.post_start.[]": transform_hook,
    "services.*.pre_stop.[]": transform_hook,
    "services.*.secrets.[]": transform_file_mount,
    "services.*.sysctls": _label_mapping,
    "services.*.tmpfs": transform_string_to_list,
    "services.*.ulimits.*": transform_ulimit,
    "services.*.volumes.[]": transform_volume_mount,
    "configs.*": transform_resource,
    "include.[]": transform_include,
    "networks.*": transform_resource,
    "secrets.*": transform_resource,
    "volumes.*": transform_resource,
}


OMIT = object()
"""Returned by a transform to remove its key (or list item) from the result."""


class RuleNode:
    """One level of a compiled rule table: the transform for this path, and the rules below it."""

    __slots__ = ("children", "transform")

    def __init__(self) -> None:
        self.transform: Transform | None = None
        self.children: dict[str, RuleNode] = {}


def compile_rules(rules: dict[str, Transform]) -> RuleNode:
    """A ``{"services.*.ports": fn}`` table as a trie, so a walk only visits subtrees a rule is about.

    ``*`` matches every key of a mapping and ``[]`` every item of a sequence.
    """
    root = RuleNode()
    for pattern, transform in rules.items():
        node = root
        for part in pattern.split("."):
            node = node.children.setdefault(part, RuleNode())
        node.transform = transform
    return root


def apply_rules(node: RuleNode, value: Any, path: Path = ()) -> Any:
    """Apply a compiled rule table to ``value`` (parents before children), copying only what changes.

    ``!reset`` values are left alone and ``!override`` values are transformed inside their wrapper.
    """
    if isinstance(value, Reset):
        return value
    if isinstance(value, Override):
        inner = apply_rules(node, value.value, path)
        return value if inner is value.value else Override(inner)
    if node.transform is not None:
        value = node.transform(value, path)
    if node.children and value is not OMIT:
        value = _descend(node.children, value, path)
    return value


def _descend(children: dict[str, RuleNode], value: Any, path: Path) -> Any:
    """Apply the child rules; copy a container only when one of its items actually changed."""
    if isinstance(value, dict):
        star = children.get("*")
        keys = list(value) if star is not None else [k for k in children if k in value]
        changed: dict[str, Any] = {}
        removed: list[str] = []
        for key in keys:
            item = value[key]
            new = apply_rules(star if star is not None else children[key], item, (*path, key))
            if new is OMIT:
                removed.append(key)
            elif new is not item:
                changed[key] = new
        if not changed and not removed:
            return value
        out = {**value, **changed}
        for key in removed:
            del out[key]
        return out
    if isinstance(value, list):
        each = children.get("[]")
        if each is None:
            return value
        items: list[Any] = []
        dirty = False
        for i, item in enumerate(value):
            new = apply_rules(each, item, (*path, i))
            if new is OMIT:
                dirty = True
                continue
            dirty = dirty or new is not item
            items.append(new)
        return items if dirty else value
    return value


_ROOT = compile_rules(RULES)


def canonical(config: dict) -> dict:
    """One file's dict with short syntax turned into long syntax (see the module docstring).

    The input is not modified; untouched subtrees are shared with the result. Invalid short syntax raises
    :class:`~pycompose.errors.NormalizeError` with Docker Compose's message and ``path`` set.
    """
    return apply_rules(_ROOT, config)
