"""Print a loaded model the way ``docker compose config`` does, in JSON or YAML.

Literal ``$`` in strings (keys and values) is written as ``$$`` so that the output can be loaded again
without being interpolated twice, unless interpolation was switched off (``--no-interpolate``).
JSON mirrors Go's ``json.MarshalIndent``: two-space indent, keys sorted, ``<``, ``>`` and ``&`` escaped,
no trailing newline. YAML mirrors go-yaml v3: top-level keys in the Compose order, nested keys sorted,
strings that would read back as another type double-quoted.
"""

from __future__ import annotations

import json
from typing import Any

_TOP_LEVEL_ORDER = ("name", "services", "networks", "volumes", "secrets", "configs", "models")

# go-yaml prints struct fields in declaration order; these are the few shapes users look at most.
_FIELD_ORDER: dict[str, tuple[str, ...]] = {
    "port": ("name", "mode", "host_ip", "target", "published", "protocol", "app_protocol"),
    "volume": ("type", "source", "target", "read_only", "consistency", "bind", "volume", "tmpfs", "image"),
    # services.*.secrets / configs (FileReferenceConfig) and top-level secrets / configs (FileObjectConfig)
    "file_ref": ("source", "target", "uid", "gid", "mode"),
    "file_object": ("name", "file", "environment", "content", "external", "labels", "driver", "driver_opts"),
}


def escape_dollars(value: Any) -> Any:
    """A copy of ``value`` with every ``$`` in strings (and mapping keys) doubled."""
    if isinstance(value, str):
        return value.replace("$", "$$") if "$" in value else value
    if isinstance(value, dict):
        return {
            (k.replace("$", "$$") if isinstance(k, str) and "$" in k else k): escape_dollars(v)
            for k, v in value.items()
        }
    if isinstance(value, list):
        return [escape_dollars(v) for v in value]
    return value


def _json_default(value: Any) -> Any:
    """Values JSON has no type for (timestamps from YAML) are printed as strings."""
    return str(value)


def to_json(model: dict[str, Any], escape: bool = True) -> str:
    """``config --format json``."""
    data = escape_dollars(model) if escape else model
    text = json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False, default=_json_default)
    if "<" in text or ">" in text or "&" in text or "\u2028" in text or "\u2029" in text:
        text = (
            text.replace("<", "\\u003c")
            .replace(">", "\\u003e")
            .replace("&", "\\u0026")
            .replace("\u2028", "\\u2028")
            .replace("\u2029", "\\u2029")
        )
    return text


def _yaml_shape(model: dict[str, Any]) -> dict[str, Any]:
    """Reorder and trim for YAML: Compose order at the top, nulls Docker Compose omits removed."""
    ordered: dict[str, Any] = {}
    for key in _TOP_LEVEL_ORDER:
        if key in model:
            ordered[key] = model[key]
    for key in sorted(model):
        if key not in ordered:
            ordered[key] = model[key]
    services = ordered.get("services")
    if isinstance(services, dict):
        ordered["services"] = {name: _yaml_service(svc) for name, svc in sorted(services.items())}
    for kind in ("networks", "volumes", "secrets", "configs"):
        resources = ordered.get(kind)
        if isinstance(resources, dict):
            ordered[kind] = {
                name: (
                    {k: v for k, v in res.items() if not (k == "ipam" and v == {})}
                    if isinstance(res, dict)
                    else res
                )
                for name, res in sorted(resources.items())
            }
            if kind in ("secrets", "configs"):
                ordered[kind] = {
                    name: _ordered(res, _FIELD_ORDER["file_object"]) if isinstance(res, dict) else res
                    for name, res in ordered[kind].items()
                }
    return ordered


def _ordered(entry: dict[str, Any], order: tuple[str, ...]) -> dict[str, Any]:
    out = {k: entry[k] for k in order if k in entry}
    out.update({k: entry[k] for k in sorted(entry) if k not in out})
    return out


def _yaml_service(service: Any) -> Any:
    if not isinstance(service, dict):
        return service
    out: dict[str, Any] = {}
    for key in sorted(service):
        value = service[key]
        if key in ("command", "entrypoint") and value is None:
            continue
        if key == "ports" and isinstance(value, list):
            value = [_ordered(p, _FIELD_ORDER["port"]) if isinstance(p, dict) else p for p in value]
        elif key == "volumes" and isinstance(value, list):
            value = [_ordered(v, _FIELD_ORDER["volume"]) if isinstance(v, dict) else v for v in value]
        elif key in ("secrets", "configs") and isinstance(value, list):
            value = [_ordered(v, _FIELD_ORDER["file_ref"]) if isinstance(v, dict) else v for v in value]
        out[key] = value
    return out


def to_yaml(model: dict[str, Any], escape: bool = True) -> str:
    """``config`` (default format)."""
    import yaml

    data = _yaml_shape(escape_dollars(model) if escape else model)
    return yaml.dump(
        data,
        Dumper=_go_yaml_dumper(),
        sort_keys=False,
        default_flow_style=False,
        allow_unicode=True,
        width=1 << 30,
        indent=2,
    )


def _needs_double_quotes(text: str) -> bool:
    """Strings that another YAML reader would take for a number, bool or null."""
    from pycompose.config import yamlio

    if text == "":
        return True
    lowered = text.lower()
    if lowered in {"y", "n", "yes", "no", "on", "off", "true", "false", "null", "~"}:
        return True
    try:
        value = yamlio.load_documents(text, "<value>")
    except Exception:
        return False
    return bool(value) and not isinstance(value[0], str)


def _go_yaml_dumper() -> type:
    import yaml

    class GoYamlDumper(yaml.SafeDumper):
        """Lists indented under their key and strings quoted as go-yaml quotes them."""

        def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
            return super().increase_indent(flow, False)

    def represent_str(dumper: yaml.SafeDumper, data: str) -> yaml.Node:
        if _needs_double_quotes(data):
            return dumper.represent_scalar("tag:yaml.org,2002:str", data, style='"')
        if "\n" in data:
            return dumper.represent_scalar("tag:yaml.org,2002:str", data, style="|")
        return dumper.represent_scalar("tag:yaml.org,2002:str", data)

    GoYamlDumper.add_representer(str, represent_str)
    return GoYamlDumper
