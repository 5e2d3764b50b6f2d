"""Merging Compose models: later ``-f`` files on top of earlier ones, and ``extends`` children on their base.

This is compose-go's ``override/merge.go`` (``mergeSpecials``) and ``override/uncity.go`` (``unique``, the
de-duplication run after every merge) as two rule tables keyed by path patterns such as
``services.*.ports``. Both inputs are canonical (long syntax), so most rules reduce to "maps merge key by key,
lists append, some lists are then de-duplicated by a key". Behaviour checked against Docker Compose v2.40.3
(compose-go v2.9.1), including its oddities, because ``config`` output must match byte for byte:

* ``null`` in the override keeps the earlier value, except for ``command``, ``entrypoint``,
  ``healthcheck.test`` and ``ulimits.<name>``, which are replaced even by ``null``;
* ``secrets``/``configs`` are keyed by *target* alone (default ``/run/secrets/<source>`` and ``/<source>``),
  ``devices`` and ``volumes`` by target, ``ports`` by ``host_ip:published:target/protocol`` (``mode`` is not
  part of the key), ``dns``/``dns_opt``/``tmpfs``/``cap_add``/... by the text before the first ``=``; a later
  entry with the same key takes the earlier entry's place;
* ``logging`` options are merged only when both sides name the same driver (or one names none), otherwise
  the override's ``logging`` replaces the whole block;
* ``extra_hosts`` appends the override's entries that are not already present, with no de-duplication by
  host name; ``external_links``, ``security_opt``, ``group_add``, ``volumes_from``, ``device_cgroup_rules``
  are appended as is, and a duplicate is then a schema error (the JSON schema says ``uniqueItems``);
* ``networks.*.ipam.config`` follows compose-go's ``mergeIPAMConfig`` step by step, aliasing included.

``!reset`` (``Reset``) in the override removes the key; ``!override`` (``Override``) replaces the value
instead of merging it; a ``!reset`` list item is dropped (compose-go cannot remove a base list item either).
The result never contains tag wrappers.

Sharing: the result is a new dict and neither input is modified, but subtrees that only the *base* has are
reused as they are (that is what makes merging onto a 1000-service model cheap). Subtrees that come from the
override are always fresh copies. Later stages must build new dicts rather than edit the result in place.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from pycompose.config.tags import Override, Reset
from pycompose.errors import ConfigError, SchemaError

Path = tuple[str, ...]
Merger = Callable[[Any, Any, str, Path], Any]
Indexer = Callable[[Any, Path, int], Any]

__all__ = ["merge", "merge_service", "strip_tags"]

# A merger may return this to say "drop the key" (compose-go returns a nil slice, which is then omitted).
_DROP = object()
_SCALARS = (str, int, float, bool, type(None))


def _dotted(path: Path) -> str:
    """A key path the way compose-go's ``tree.Path`` prints it: ``services.web.ports``."""
    return ".".join(path)


# ------------------------------------------------------------------------------------- tag stripping


def strip_tags(value: Any) -> Any:
    """A deep copy of ``value`` without tag wrappers: ``!reset`` entries dropped, ``!override`` unwrapped.

    Same contract as ``pycompose.config.tags.strip_tags``, with type checks by identity because this runs
    over every node of every file.
    """
    t = type(value)
    if t is dict:
        out = {}
        for k, x in value.items():
            tx = type(x)
            if tx is str or tx is int or tx is bool or tx is float or x is None:
                out[k] = x
            elif tx is not Reset:
                out[k] = strip_tags(x)
        return out
    if t is list:
        items = []
        for x in value:
            tx = type(x)
            if tx is str or tx is int or tx is bool or tx is float or x is None:
                items.append(x)
            elif tx is not Reset:
                items.append(strip_tags(x))
        return items
    if t is Override:
        return strip_tags(value.value)
    if t is Reset:
        return None
    return value


# ------------------------------------------------------------------------------- unicity (uncity.go)


def _kv_key(item: Any, path: Path, index: int) -> Any:
    """``keyValueIndexer``: the text before the first ``=`` (``A=1`` and ``A=2`` collide)."""
    if type(item) is str:
        return item.partition("=")[0]
    return str(item)


def _volume_key(item: Any, path: Path, index: int) -> Any:
    """``volumeIndexer``: a service volume is identified by its mount target."""
    if type(item) is dict:
        target = item.get("target")
        if type(target) is not str:
            raise ConfigError(
                f"service volume {_dotted(path)}.[{index}] is missing a mount target", path=(*path, index)
            )
        return target
    return item


def _device_key(item: Any, path: Path, index: int) -> Any:
    """``deviceMappingIndexer``: a device is identified by its target in the container (not its source)."""
    if type(item) is dict:
        target = item.get("target")
        if type(target) is not str:
            raise ConfigError(
                f"service device {_dotted(path)}.[{index}] is missing a mount target", path=(*path, index)
            )
        return target
    if type(item) is str:
        parts = item.split(":")
        return parts[1] if len(parts) > 1 else parts[0]
    return item


def _expose_key(item: Any, path: Path, index: int) -> Any:
    if type(item) is str:
        return item
    if type(item) is int:
        return str(item)
    raise ConfigError(f"{_dotted(path)}.[{index}]: unsupported expose value {item}", path=(*path, index))


def _mount_key(default_dir: str) -> Indexer:
    """``mountIndexer``: secrets/configs are identified by target, defaulting to ``<dir>/<source>``."""

    def key(item: Any, path: Path, index: int) -> Any:
        if type(item) is dict:
            if "target" in item:
                return item["target"]
            return f"{default_dir}/{item.get('source')}"
        if type(item) is str:
            return f"{default_dir}/{item}"
        raise ConfigError(f"{_dotted(path)}.[{index}]: unsupported expose value {item}", path=(*path, index))

    return key


def _port_key(item: Any, path: Path, index: int) -> Any:
    """``portIndexer``: ``host_ip:published:target/protocol``; ``mode`` is deliberately not part of it."""
    if type(item) is dict:
        if "target" not in item:
            raise ConfigError(
                f"service ports {_dotted(path)}.[{index}] is missing a target port", path=(*path, index)
            )
        return (
            item.get("host_ip", "0.0.0.0"),
            item.get("published"),
            item["target"],
            item.get("protocol", "tcp"),
        )
    if type(item) is int:
        return str(item)
    return item


def _env_file_key(item: Any, path: Path, index: int) -> Any:
    if type(item) is dict:
        if "path" not in item:
            raise ConfigError(f"environment path attribute {_dotted(path)}.[{index}] is missing")
        return item["path"]
    return item


# compose-go ``unique``: lists at these paths keep one entry per key, the later entry taking the place of
# the first one. Applied after every merge and to single files too (``ports: [80:80, 80:80]`` -> one).
_UNIQUE: dict[str, Indexer] = {
    "networks.*.labels": _kv_key,
    "networks.*.ipam.options": _kv_key,
    "services.*.annotations": _kv_key,
    "services.*.build.args": _kv_key,
    "services.*.build.additional_contexts": _kv_key,
    "services.*.build.platform": _kv_key,  # sic: compose-go names `platform`, so `platforms` keeps duplicates
    "services.*.build.tags": _kv_key,
    "services.*.build.labels": _kv_key,
    "services.*.cap_add": _kv_key,
    "services.*.cap_drop": _kv_key,
    "services.*.configs": _mount_key(""),
    "services.*.deploy.labels": _kv_key,
    "services.*.devices": _device_key,
    "services.*.dns": _kv_key,
    "services.*.dns_opt": _kv_key,
    "services.*.dns_search": _kv_key,
    "services.*.environment": _kv_key,
    "services.*.env_file": _env_file_key,
    "services.*.expose": _expose_key,
    "services.*.labels": _kv_key,
    "services.*.links": _kv_key,
    "services.*.networks.*.aliases": _kv_key,
    "services.*.networks.*.link_local_ips": _kv_key,
    "services.*.ports": _port_key,
    "services.*.profiles": _kv_key,
    "services.*.secrets": _mount_key("/run/secrets"),
    "services.*.sysctls": _kv_key,
    "services.*.tmpfs": _kv_key,
    "services.*.volumes": _volume_key,
}

# Lists the schema declares ``uniqueItems`` but that merging appends without de-duplication: compose-go
# validates the merged model, so a value repeated across files is reported as a schema error.
_UNIQUE_ITEMS = frozenset(
    {
        "services.*.device_cgroup_rules",
        "services.*.external_links",
        "services.*.group_add",
        "services.*.security_opt",
        "services.*.volumes_from",
    }
)


def _dedupe(items: list[Any], indexer: Indexer, path: Path) -> list[Any]:
    """``enforceUnicity`` for one list: first position wins, last value wins."""
    out: list[Any] = []
    seen: dict[Any, int] = {}
    for i, item in enumerate(items):
        key = indexer(item, path, i)
        j = seen.get(key)
        if j is None:
            seen[key] = len(out)
            out.append(item)
        else:
            out[j] = item
    return out


def _check_unique_items(items: list[Any], path: Path) -> None:
    """The schema's ``uniqueItems`` on a merged list, with the validator's message (first repeat found)."""
    first: dict[Any, int] = {}
    for i, item in enumerate(items):
        try:
            j = first.setdefault(item, i)
        except TypeError:  # unhashable: compare by hand
            j = next((k for k in range(i) if items[k] == item), i)
        if j != i:
            raise SchemaError(f"{_dotted(path)} items at {j} and {i} are equal", path=path)


# --------------------------------------------------------------------------------- fresh (one side)


def _fresh(value: Any, pat: str, path: Path) -> Any:
    """A tag-free copy of a value only the override has, de-duplicated where ``_UNIQUE`` says so."""
    t = type(value)
    if t is dict:
        if pat and pat not in _PREFIXES:
            return strip_tags(value)
        wild = pat in _WILDCARD
        out = {}
        for k, x in value.items():
            tx = type(x)
            if tx is str or tx is int or tx is bool or tx is float or x is None:
                out[k] = x
                continue
            if tx is Reset:
                continue
            if tx is Override:
                x = x.value
                tx = type(x)
            if tx is dict or tx is list:
                cpat = (pat + ".*" if wild else pat + "." + k) if pat else k
                if cpat in _PREFIXES or cpat in _UNIQUE:
                    out[k] = _fresh(x, cpat, (*path, k))
                    continue
            out[k] = strip_tags(x)
        return out
    if t is list:
        items = strip_tags(value)
        indexer = _UNIQUE.get(pat)
        if indexer is not None and len(items) > 1:
            items = _dedupe(items, indexer, path)
        return items
    if t is Override:
        return _fresh(value.value, pat, path)
    if t is Reset:
        return None
    return value


# ------------------------------------------------------------------------------------ generic merge


def _merge_map(base: dict, over: dict, pat: str, path: Path) -> dict:
    """``mergeMappings``: keys of the override merged into a copy of the base, with tags applied."""
    out = dict(base)
    wild = pat in _WILDCARD
    for k, v in over.items():
        tv = type(v)
        if tv is Reset:
            out.pop(k, None)
            continue
        cpat = (pat + ".*" if wild else pat + "." + k) if pat else k
        if k not in base:
            merged = _fresh(v, cpat, (*path, k))
        elif tv is Override:
            merged = _fresh(v.value, cpat, (*path, k))
        else:
            merged = _merge_value(base[k], v, cpat, (*path, k))
        if merged is _DROP:
            out.pop(k, None)
        else:
            out[k] = merged
    return out


def _merge_value(base: Any, over: Any, pat: str, path: Path) -> Any:
    """``mergeYaml``: a special rule for the path if there is one, else maps merge, lists append."""
    rule = _RULES.get(pat)
    if rule is not None:
        return rule(base, over, pat, path)
    if over is None:
        return base
    tb = type(base)
    if tb is dict:
        if type(over) is not dict:
            raise ConfigError(f"cannot override {_dotted(path)}", path=path)
        return _merge_map(base, over, pat, path)
    if tb is list:
        if type(over) is not list:
            raise ConfigError(f"cannot override {_dotted(path)}", path=path)
        return _append(base, over, pat, path)
    return _fresh(over, pat, path)


def _append(base: list, over: list, pat: str, path: Path) -> list:
    """Default list merge: append, then de-duplicate (``_UNIQUE``) or check ``uniqueItems``."""
    items = base + strip_tags(over)
    indexer = _UNIQUE.get(pat)
    if indexer is not None:
        return _dedupe(items, indexer, path)
    if pat in _UNIQUE_ITEMS:
        _check_unique_items(items, path)
    return items


# ---------------------------------------------------------------------------------- special rules


def _replace(base: Any, over: Any, pat: str, path: Path) -> Any:
    """``override``: the later value wins whole, even ``null`` (``command: null`` clears the command)."""
    return _fresh(over, pat, path)


def _as_sequence(value: Any) -> list[Any]:
    """``convertIntoSequence``: a map becomes sorted ``k=v`` strings (one per item of a list value)."""
    t = type(value)
    if t is list:
        return value
    if t is str:
        return [value]
    if t is dict:
        seq: list[str] = []
        for k, v in value.items():
            if v is None:
                seq.append(k)
            elif type(v) is list:
                seq.extend(f"{k}={x}" for x in v)
            else:
                seq.append(f"{k}={v}")
        seq.sort()
        return seq
    return []


def _as_mapping(value: Any, default: dict | None = None) -> dict:
    """``convertIntoMapping``: a list of names becomes ``{name: default}`` (a fresh copy per name)."""
    t = type(value)
    if t is dict:
        return value
    if t is list:
        return {
            (x if type(x) is str else str(x)): (dict(default) if default is not None else None)
            for x in value
            if type(x) is not Reset
        }
    return {}


def _kv_map(value: Any) -> dict:
    """A ``list_or_dict`` value as a map; list items ``K=V`` / ``K`` (the latter mapping to ``None``)."""
    if type(value) is dict:
        return value
    out: dict[str, Any] = {}
    for item in _as_sequence(value):
        if type(item) is Reset:
            continue
        item = strip_tags(item)
        if type(item) is str:
            key, sep, val = item.partition("=")
            out[key] = val if sep else None
        else:
            out[str(item)] = None
    return out


def _merge_kv(base: Any, over: Any, pat: str, path: Path) -> Any:
    """``mergeToSequence`` + ``keyValueIndexer`` on maps (environment, labels, args...): key-wise, the
    override wins even with ``null`` (``environment: {A: null}`` unsets the value, it does not keep it)."""
    if over is None:
        return base
    out = dict(_kv_map(base))
    if type(over) is dict:
        for k, v in over.items():
            tv = type(v)
            if tv is Reset:
                out.pop(k, None)
            elif tv is str or v is None:
                out[k] = v
            else:
                out[k] = strip_tags(v)
    else:
        out.update(_kv_map(over))
    return out


def _merge_seq(base: Any, over: Any, pat: str, path: Path) -> Any:
    """``mergeToSequence`` for lists (dns, tmpfs, env_file...): a single string counts as a list."""
    if over is None:
        return base
    return _append(list(_as_sequence(base)), _as_sequence(over), pat, path)


def _merge_extra_hosts(base: Any, over: Any, pat: str, path: Path) -> Any:
    """``mergeExtraHosts``: append the override's entries not already in the base (exact text)."""
    if over is None:
        return base
    right = list(_as_sequence(base))
    return right + [x for x in _as_sequence(strip_tags(over)) if x not in right]


def _merge_depends_on(base: Any, over: Any, pat: str, path: Path) -> Any:
    """``mergeDependsOn``: list form becomes ``{condition: service_started, required: true}`` entries,
    then each dependency merges field by field."""
    if over is None:
        return base
    default = {"condition": "service_started", "required": True}
    return _merge_map(_as_mapping(base, default), _as_mapping(over, default), pat, path)


def _merge_as_mapping(base: Any, over: Any, pat: str, path: Path) -> Any:
    """``mergeNetworks`` / ``mergeModels``: list form becomes ``{name: null}``, then a map merge."""
    if over is None:
        return base
    return _merge_map(_as_mapping(base), _as_mapping(over), pat, path)


def _merge_build(base: Any, over: Any, pat: str, path: Path) -> Any:
    """``mergeBuild``: a string is ``{context: <string>}``; then a map merge."""
    if over is None:
        return base

    def as_build(value: Any) -> dict:
        if type(value) is str:
            return {"context": value}
        return value if type(value) is dict else {}

    return _merge_map(as_build(base), as_build(over), pat, path)


def _merge_logging(base: Any, over: Any, pat: str, path: Path) -> Any:
    """``mergeLogging``: merge when both name the same driver or one names none; otherwise the override's
    block replaces the base's, options included (``json-file`` options never leak into ``syslog``)."""
    if over is None:  # compose-go panics here; keeping the base is the only sensible reading
        return base
    if type(base) is not dict or type(over) is not dict:
        return _fresh(over, pat, path)
    if "driver" not in over or "driver" not in base or _unwrap(over["driver"]) == base["driver"]:
        return _merge_map(base, over, pat, path)
    return _fresh(over, pat, path)


def _merge_ipam_config(base: Any, over: Any, pat: str, path: Path) -> Any:
    """``mergeIPAMConfig``, reproduced step by step: each base entry is merged *in place* with each
    override entry whose subnet it matches or that is already in the result, so a base entry can change
    subnet and replace another. Odd, but it is what ``config`` prints."""
    if type(base) is not list or type(over) is not list:
        raise ConfigError(f"{_dotted(path)}: unexpected type []interface {{}}", path=path)
    overrides = [_as_mapping(x) for x in strip_tags(over)]
    result: list[dict] = []
    for original in base:
        right = strip_tags(_as_mapping(original))  # a private copy: it is mutated below
        for left in overrides:
            if left.get("subnet") != right.get("subnet") and not any(
                a.get("subnet") == left.get("subnet") for a in result
            ):
                result.append(left)
                continue
            for k, v in left.items():
                right[k] = v if k not in right else _merge_value(right[k], v, pat + "." + k, (*path, k))
            index = next((i for i, a in enumerate(result) if a.get("subnet") == right.get("subnet")), -1)
            if index >= 0:
                result[index] = right
            else:
                result.append(right)
    return result if result else _DROP


def _unwrap(value: Any) -> Any:
    return value.value if type(value) is Override else value


# compose-go ``mergeSpecials``. Anything not listed: maps merge key-wise, lists append, scalars replace,
# ``null`` keeps the base.
_RULES: dict[str, Merger] = {
    "networks.*.ipam.config": _merge_ipam_config,
    "networks.*.labels": _merge_kv,
    "volumes.*.labels": _merge_kv,
    "services.*.annotations": _merge_kv,
    "services.*.build": _merge_build,
    "services.*.build.args": _merge_kv,
    "services.*.build.additional_contexts": _merge_kv,
    "services.*.build.extra_hosts": _merge_extra_hosts,
    "services.*.build.labels": _merge_kv,
    "services.*.command": _replace,
    "services.*.depends_on": _merge_depends_on,
    "services.*.deploy.labels": _merge_kv,
    "services.*.dns": _merge_seq,
    "services.*.dns_opt": _merge_seq,
    "services.*.dns_search": _merge_seq,
    "services.*.entrypoint": _replace,
    "services.*.env_file": _merge_seq,
    "services.*.label_file": _merge_seq,
    "services.*.environment": _merge_kv,
    "services.*.extra_hosts": _merge_extra_hosts,
    "services.*.healthcheck.test": _replace,
    "services.*.labels": _merge_kv,
    "services.*.volumes.*.volume.labels": _merge_kv,
    "services.*.logging": _merge_logging,
    "services.*.models": _merge_as_mapping,
    "services.*.networks": _merge_as_mapping,
    "services.*.sysctls": _merge_kv,
    "services.*.tmpfs": _merge_seq,
    "services.*.ulimits.*": _replace,
}

# Maps whose keys are names (services, networks...): their children all share the pattern ``<parent>.*``.
_WILDCARD = frozenset(
    {
        "services",
        "networks",
        "volumes",
        "secrets",
        "configs",
        "models",
        "services.*.ulimits",
        "services.*.networks",
    }
)


def _prefixes(patterns: set[str]) -> frozenset[str]:
    out: set[str] = set()
    for p in patterns:
        parts = p.split(".")
        for i in range(1, len(parts)):
            out.add(".".join(parts[:i]))
    return frozenset(out)


# Patterns under which a rule or a de-duplication applies somewhere deeper; elsewhere copying is plain.
_PREFIXES = _prefixes(set(_RULES) | set(_UNIQUE) | set(_UNIQUE_ITEMS))


# ------------------------------------------------------------------------------------------- API


def merge(base: dict, override: dict) -> dict:
    """Merge two canonical (long-syntax) Compose models, ``override`` on top, into a new dict.

    ``merge({}, model)`` is the single-file case: a tag-free copy with compose-go's per-file
    de-duplication (``ports: ["80:80", "80:80"]`` gives one port), about the cost of one deep copy.
    Raises ``ConfigError`` when a map meets a non-map (``cannot override x-foo``) and ``SchemaError`` when
    an appended ``uniqueItems`` list ends up with a repeated value.
    """
    if not override:
        return dict(base) if base else {}
    if not base:
        return _fresh(override, "", ())
    return _merge_map(base, override, "", ())


def merge_service(base: dict, override: dict, path: str | Path = "services.x") -> dict:
    """Merge a child service onto the service it ``extends`` (compose-go ``ExtendService``).

    ``path`` only names the service in error messages (``services.web`` or ``("services", "web")``).
    """
    key: Path = tuple(path.split(".", 1)) if isinstance(path, str) else tuple(path)
    if type(override) is Override:
        return _fresh(override.value, "services.*", key)
    if not override:
        return dict(base) if base else {}
    if not base:
        return _fresh(override, "services.*", key)
    return _merge_map(base, override, "services.*", key)
