"""Validate one Compose file against the Compose Specification's JSON schema, with Docker Compose's messages.

Two paths, because speed and good messages pull in different directions:

- Happy path: ``_schema_validator``, code generated ahead of time by fastjsonschema
  (``tools/generate_schema_validator.py``). It imports only ``re`` (~2 ms from its .pyc) and checks a
  1000-service file ~15x faster than ``jsonschema``'s Draft7Validator, which would also cost ~85 ms to
  import. Nothing else runs when the file is valid.
- Error path: the generated code stops at the first broken rule and says little ("must be valid exactly by
  one definition" for every ``oneOf``), so on failure a small walker below re-validates against
  ``compose-spec.json`` and builds the error tree the way Docker Compose does (compose-go's
  ``schema.Validate`` over santhosh-tekuri/jsonschema v6): it reports the *deepest* failing leaf, an
  ``additionalProperties`` failure counting one level deeper than its object, the first one in document
  order on a tie, with compose-go's wording (``must be a mapping``, ``additional properties 'x' not
  allowed``, ``value must be one of 'a', 'b'``...). Being our own, it needs no ``jsonschema`` either.

Input contract: one file's model, already interpolated and type-cast, ``!reset``/``!override`` wrappers
stripped. Docker Compose also runs ``EnforceUnicity`` (dropping repeated entries of ``cap_add``, ``ports``,
``environment``... by key) *before* validating; without it the schema's ``uniqueItems`` rejects
``cap_add: [A, A]``, which Docker Compose accepts. Lists it does not deduplicate (``security_opt``,
``group_add``, ``volumes_from``, ``external_links``, ``extra_hosts``) do fail: ``items at 0 and 1 are equal``.

Differences from the reference kept on purpose: where several errors are equally deep, Go's map order makes
the reference pick one at random; we pick the first in document order. Unquoted YAML timestamps
(``datetime.date``) are reported like the reference (``... invalid jsonType time.Time``) wherever the schema
checks a type; under ``x-*`` keys they are accepted, as there.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from typing import Any

from pycompose.errors import SchemaError

_KeyPath = tuple["str | int", ...]

__all__ = ["SUPPORTED_KEYWORDS", "explain", "validate"]


def validate(config: dict[str, Any], filename: str) -> None:
    """Raise ``SchemaError`` when ``config`` does not match the Compose Specification.

    The message is Docker Compose's: ``validating {filename}: services.app.ports must be a array``;
    ``error.path`` is the key path (``("services", "app", "ports")``, list indexes as ``int``) and
    ``error.file`` is ``filename``. ``config`` is not modified.
    """
    from pycompose.config import _schema_validator  # generated; imports only `re`

    try:
        _schema_validator.validate(config)
    except (ValueError, TypeError) as exc:  # TypeError: a non-string key reached a regex
        raise _to_schema_error(config, filename, exc) from None


def explain(config: Any) -> tuple[_KeyPath, str] | None:
    """The failure Docker Compose would report for ``config``: (key path, description), or ``None``.

    The slow, thorough path: used by ``validate`` once the generated validator has found a problem, and by
    tests to check that both agree.
    """
    schema = _schema()
    leaves = list(_Walker(schema).errors(schema, config, ()))
    if not leaves:
        return None
    best = leaves[0]
    for leaf in leaves[1:]:
        if leaf.specificity > best.specificity:  # strictly deeper: the first one wins a tie
            best = leaf
    return best.path, best.description


def _to_schema_error(config: dict[str, Any], filename: str, exc: Exception) -> SchemaError:
    bad_key = _first_non_string_key(config, ())
    if bad_key is not None:  # the reference refuses these anywhere, before validating
        path, key = bad_key
        where = ".".join(str(p) for p in path)
        return SchemaError(message=f"non-string key in {where}: {_go_scalar(key)}", file=filename, path=path)
    found = explain(config)
    if found is None:  # the two validators disagree: a bug, but still a usable message
        return SchemaError(message=f"validating {filename}: {exc}", file=filename)
    path, description = found
    dotted = ".".join(str(p) for p in path)
    return SchemaError(message=f"validating {filename}: {dotted} {description}", file=filename, path=path)


def _first_non_string_key(value: Any, path: _KeyPath) -> tuple[_KeyPath, Any] | None:
    """The first mapping key that is not a string (YAML ``1:``, ``true:``), depth first, with its path."""
    if isinstance(value, dict):
        for key, member in value.items():
            if not isinstance(key, str):
                return path, key
            found = _first_non_string_key(member, (*path, key))
            if found is not None:
                return found
    elif isinstance(value, (list, tuple)):
        for i, member in enumerate(value):
            found = _first_non_string_key(member, (*path, i))
            if found is not None:
                return found
    return None


def _go_scalar(value: Any) -> str:
    """A YAML scalar as Go's ``%v`` prints it (``true``, ``<nil>``, ``1``)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "<nil>"
    return str(value)


@cache
def _schema() -> dict[str, Any]:
    import json
    from importlib import resources

    text = resources.files("pycompose.config").joinpath("compose-spec.json").read_text(encoding="utf-8")
    schema: dict[str, Any] = json.loads(text)
    return schema


# --- the error-path walker ---------------------------------------------------------------------------

# Keywords the walker understands. A test checks that compose-spec.json uses no others, so a schema update
# that brings a new keyword fails loudly instead of being silently ignored on the error path.
SUPPORTED_KEYWORDS = frozenset(
    {
        "$schema", "$id", "$comment", "$ref", "title", "description", "default", "deprecated", "examples",
        "definitions", "type", "enum", "const", "pattern", "minLength", "maxLength", "minimum", "maximum",
        "exclusiveMinimum", "exclusiveMaximum", "minItems", "maxItems", "uniqueItems", "items",
        "additionalItems", "required", "properties", "patternProperties", "additionalProperties",
        "minProperties", "maxProperties", "oneOf", "anyOf", "allOf", "not",
    }
)  # fmt: skip


@dataclass(frozen=True)
class _Leaf:
    """A failing rule with no sub-causes: where it failed and compose-go's description of it."""

    path: _KeyPath
    description: str
    specificity: int


def _json_type(value: Any) -> str | None:
    """The JSON type of a YAML-loaded value, or ``None`` for values JSON has no type for (dates)."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "integer"
    if isinstance(value, float):
        return "integer" if value.is_integer() else "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, (list, tuple)):
        return "array"
    if isinstance(value, dict):
        return "object"
    return None


def _go_type_name(value: Any) -> str:
    """How the reference names a non-JSON value: its YAML parser turns timestamps into ``time.Time``."""
    import datetime

    if isinstance(value, (datetime.date, datetime.datetime, datetime.time)):
        return "time.Time"
    return type(value).__name__


def _type_matches(jtype: str, wanted: str) -> bool:
    return jtype == wanted or (wanted == "number" and jtype == "integer")


def _human_types(types: list[str]) -> str:
    """compose-go's ``humanReadableType``: ``object`` is a mapping; several types sorted, ``a, b or c``."""
    names = sorted("mapping" if t == "object" else t for t in types)
    if len(names) == 1:
        return names[0]
    return f"{', '.join(names[:-1])} or {names[-1]}"


def _quote(text: str) -> str:
    """santhosh-tekuri's ``quote``: single quotes, Go escapes inside."""
    import json

    inner = json.dumps(text, ensure_ascii=False)[1:-1].replace('\\"', '"').replace("'", "\\'")
    return f"'{inner}'"


def _display(value: Any) -> str:
    """A JSON value as santhosh-tekuri prints it in messages: strings quoted, the rest as JSON."""
    import json

    if isinstance(value, str):
        return _quote(value)
    return json.dumps(value)


def _go_number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else repr(value)


def _json_equal(a: Any, b: Any) -> bool:
    """Equality as JSON sees it: ``1 == 1.0`` but ``True != 1``; containers compared deeply."""
    ta, tb = _json_type(a), _json_type(b)
    if ta in ("integer", "number") and tb in ("integer", "number"):
        return bool(a == b)
    if ta != tb or ta is None:
        return False
    if ta == "array":
        return len(a) == len(b) and all(_json_equal(x, y) for x, y in zip(a, b, strict=True))
    if ta == "object":
        return a.keys() == b.keys() and all(_json_equal(a[k], b[k]) for k in a)
    return bool(a == b)


@cache
def _regex(pattern: str) -> re.Pattern[str]:
    # RE2 (Go) reads an unescaped `$` as end of text; Python's `$` also matches before a final newline.
    return re.compile(re.sub(r"(?<!\\)\$", r"\\Z", pattern))


class _Walker:
    """Yields the failing leaves of a draft-07 validation, in the order santhosh-tekuri/jsonschema v6 finds
    them: type (which stops the schema), const, enum, the object/array/string/number keywords, then
    ``not``/``allOf``/``anyOf``/``oneOf``. Object members are visited in document order, and
    ``additionalProperties`` after them.
    """

    def __init__(self, root: dict[str, Any]) -> None:
        self.root = root

    def resolve(self, ref: str) -> Any:
        _, _, fragment = ref.partition("#")
        node: Any = self.root
        for token in filter(None, fragment.split("/")):
            token = token.replace("~1", "/").replace("~0", "~")
            node = node[int(token)] if isinstance(node, list) else node[token]
        return node

    def errors(self, schema: Any, value: Any, path: _KeyPath) -> Iterator[_Leaf]:
        if schema is True or schema == {}:
            return
        if schema is False:
            yield _Leaf(path, "false schema", len(path))
            return
        if "$ref" in schema:  # draft-07: keywords next to $ref are ignored
            yield from self.errors(self.resolve(schema["$ref"]), value, path)
            return
        jtype = _json_type(value)
        if "type" in schema:
            wanted = schema["type"] if isinstance(schema["type"], list) else [schema["type"]]
            if jtype is None:
                yield _Leaf(path, f"invalid jsonType {_go_type_name(value)}", len(path))
                return
            if not any(_type_matches(jtype, t) for t in wanted):
                yield _Leaf(path, f"must be a {_human_types(wanted)}", len(path))
                return
        if "const" in schema and not _json_equal(value, schema["const"]):
            yield _Leaf(path, f"value must be {_display(schema['const'])}", len(path))
        if "enum" in schema and not any(_json_equal(value, e) for e in schema["enum"]):
            want = schema["enum"]
            listed = ", ".join(_display(e) for e in want)
            text = f"value must be {listed}" if len(want) == 1 else f"value must be one of {listed}"
            yield _Leaf(path, text, len(path))
        if jtype == "object":
            yield from self._object(schema, value, path)
        elif jtype == "array":
            yield from self._array(schema, value, path)
        elif jtype == "string":
            yield from self._string(schema, value, path)
        elif jtype in ("integer", "number"):
            yield from self._number(schema, value, path)
        yield from self._combinators(schema, value, path)

    def _object(self, schema: dict[str, Any], value: dict[Any, Any], path: _KeyPath) -> Iterator[_Leaf]:
        n = len(path)
        if "minProperties" in schema and len(value) < schema["minProperties"]:
            yield _Leaf(path, f"minProperties: got {len(value)}, want {schema['minProperties']}", n)
        if "maxProperties" in schema and len(value) > schema["maxProperties"]:
            yield _Leaf(path, f"maxProperties: got {len(value)}, want {schema['maxProperties']}", n)
        missing = [name for name in schema.get("required", ()) if name not in value]
        if len(missing) == 1:
            yield _Leaf(path, f"missing property {_quote(missing[0])}", n)
        elif missing:
            yield _Leaf(path, f"missing properties {', '.join(_quote(m) for m in missing)}", n)
        properties = schema.get("properties", {})
        patterns = schema.get("patternProperties", {})
        additional: list[str] = []
        for raw_key, member in value.items():
            key = raw_key if isinstance(raw_key, str) else str(raw_key)
            evaluated = False
            if key in properties:
                evaluated = True
                yield from self.errors(properties[key], member, (*path, key))
            for pattern, sub in patterns.items():
                if _regex(pattern).search(key):
                    evaluated = True
                    yield from self.errors(sub, member, (*path, key))
            if not evaluated:
                additional.append(key)
        extra = schema.get("additionalProperties", True)
        if extra is False and additional:
            names = ", ".join(_quote(k) for k in additional)
            yield _Leaf(path, f"additional properties {names} not allowed", n + 1)
        elif isinstance(extra, dict):
            by_name = {(k if isinstance(k, str) else str(k)): v for k, v in value.items()}
            for key in additional:
                yield from self.errors(extra, by_name[key], (*path, key))

    def _array(self, schema: dict[str, Any], value: list[Any], path: _KeyPath) -> Iterator[_Leaf]:
        n = len(path)
        if "minItems" in schema and len(value) < schema["minItems"]:
            yield _Leaf(path, f"minItems: got {len(value)}, want {schema['minItems']}", n)
        if "maxItems" in schema and len(value) > schema["maxItems"]:
            yield _Leaf(path, f"maxItems: got {len(value)}, want {schema['maxItems']}", n)
        if schema.get("uniqueItems"):
            duplicate = next(
                (
                    (i, j)
                    for i in range(len(value))
                    for j in range(i + 1, len(value))
                    if _json_equal(value[i], value[j])
                ),
                None,
            )
            if duplicate:
                yield _Leaf(path, f"items at {duplicate[0]} and {duplicate[1]} are equal", n)
        items = schema.get("items")
        if isinstance(items, list):
            for i, (sub, member) in enumerate(zip(items, value, strict=False)):
                yield from self.errors(sub, member, (*path, i))
            extra = schema.get("additionalItems", True)
            if extra is False and len(value) > len(items):
                yield _Leaf(path, f"got {len(value)} items, want {len(items)}", n)
            elif isinstance(extra, dict):
                for i in range(len(items), len(value)):
                    yield from self.errors(extra, value[i], (*path, i))
        elif items is not None:
            for i, member in enumerate(value):
                yield from self.errors(items, member, (*path, i))

    def _string(self, schema: dict[str, Any], value: str, path: _KeyPath) -> Iterator[_Leaf]:
        n = len(path)
        if "minLength" in schema and len(value) < schema["minLength"]:
            yield _Leaf(path, f"minLength: got {len(value)}, want {schema['minLength']}", n)
        if "maxLength" in schema and len(value) > schema["maxLength"]:
            yield _Leaf(path, f"maxLength: got {len(value)}, want {schema['maxLength']}", n)
        if "pattern" in schema and not _regex(schema["pattern"]).search(value):
            yield _Leaf(path, f"{_quote(value)} does not match pattern {_quote(schema['pattern'])}", n)

    def _number(self, schema: dict[str, Any], value: float, path: _KeyPath) -> Iterator[_Leaf]:
        n = len(path)
        if "minimum" in schema and value < schema["minimum"]:
            yield _Leaf(path, f"must be greater than or equal to {_go_number(schema['minimum'])}", n)
        if "exclusiveMinimum" in schema and value <= schema["exclusiveMinimum"]:
            yield _Leaf(path, f"must be greater than {_go_number(schema['exclusiveMinimum'])}", n)
        if "maximum" in schema and value > schema["maximum"]:
            yield _Leaf(path, f"must be less than or equal to {_go_number(schema['maximum'])}", n)
        if "exclusiveMaximum" in schema and value >= schema["exclusiveMaximum"]:
            yield _Leaf(path, f"must be less than {_go_number(schema['exclusiveMaximum'])}", n)

    def _combinators(self, schema: dict[str, Any], value: Any, path: _KeyPath) -> Iterator[_Leaf]:
        if "not" in schema and not any(True for _ in self.errors(schema["not"], value, path)):
            yield _Leaf(path, "not failed", len(path))
        for sub in schema.get("allOf", ()):
            yield from self.errors(sub, value, path)
        if "anyOf" in schema:
            causes: list[_Leaf] = []
            for sub in schema["anyOf"]:
                failed = list(self.errors(sub, value, path))
                if not failed:
                    causes = []
                    break
                causes.extend(failed)
            yield from causes
        if "oneOf" in schema:
            matched = -1
            causes = []
            for i, sub in enumerate(schema["oneOf"]):
                failed = list(self.errors(sub, value, path))
                if failed:
                    causes.extend(failed)
                elif matched == -1:
                    matched = i
                else:
                    yield _Leaf(path, f"oneOf failed, subschemas {matched}, {i} matched", len(path))
                    break
            if matched == -1:
                yield from causes
