"""``${VAR}`` interpolation and the type casts that follow it, as compose-go v2.9.1 does them.

Docker Compose v2.40.3 uses compose-go v2.9.1: ``template/template.go`` (the substitution language),
``interpolation/interpolation.go`` (the walk over the file, error messages) and ``loader/interpolate.go``
(the table of fields whose strings are cast to bool/int/float afterwards). The behaviour below was
checked against the real binary; the quirks kept on purpose are:

* Defaults, alternates and error messages are expanded *before* the variable is looked up, so
  ``${SET:-$UNSET}`` warns about ``UNSET`` even though the default is not used.
* ``$`` not followed by ``$``, a name or ``{`` is literal (``5$``, ``$1``, ``a$-b``); ``${`` followed by
  anything that is not ``name[op...]}`` is an error.
* The error names the innermost template that failed: ``${A:-${B}`` reports ``${B``.
* Output strings hold literal ``$`` (``$$`` becomes ``$``); the emitter re-escapes them.

Speed matters (1000-service files): strings without ``$`` are returned as they are after one
``in`` test, each distinct string is expanded once per walk (its warnings replayed on repeats), the
walk builds no key paths unless an error happens, and the cast pass only visits the fields its rule
table names. Deeply nested templates (``${A:-${A:-...}}`` a thousand times, which Docker Compose
accepts) go through a non-recursive evaluator.
"""

from __future__ import annotations

import math
import re
import struct
from collections.abc import Callable, Generator
from itertools import islice
from typing import Any

from pycompose import log
from pycompose.config.goformat import go_string
from pycompose.config.tags import Override, Reset
from pycompose.errors import InterpolationError

Lookup = Callable[[str], str | None]
"""Returns a variable's value, or ``None`` when it is unset (``""`` means set but empty)."""

# compose-go's pattern, group for group. Go's regexp is leftmost-first like Python's, and ``.`` stops
# at a newline in both, so the greedy ``.*`` of a braced expression ends at the line's last ``}``.
_PATTERN = re.compile(
    r"\$(?:(?P<escaped>\$)|(?P<named>[_a-z][_a-z0-9]*)"
    r"|\{(?:(?P<braced>[_a-z][_a-z0-9]*(?::?[-+?].*)?)\}|(?P<invalid>)))",
    re.IGNORECASE | re.ASCII,
)
_NAME_OP = re.compile(r"([_a-z][_a-z0-9]*)(:?[-+?])?", re.IGNORECASE | re.ASCII)


# --------------------------------------------------------------------------------------------------
# The template language (compose-go template.Substitute)
# --------------------------------------------------------------------------------------------------


class TemplateError(Exception):
    """A failure of the template language itself, before it is tied to a place in a file.

    Callers turn it into their own message: the compose loader says ``invalid interpolation format for
    services.a.image``, the dotenv reader says ``failed to read .env: Invalid template: "${X"``.
    """

    def describe(self) -> str:
        """The message compose-go's error type prints (``Error()``)."""
        raise NotImplementedError


class InvalidTemplate(TemplateError):
    """``${`` not followed by a valid expression; ``template`` is the string that held it."""

    def __init__(self, template: str | None = None) -> None:
        super().__init__(template)
        self.template = template

    def describe(self) -> str:
        return f"Invalid template: {go_quote(self.template or '')}"


class MissingRequired(TemplateError):
    """``${X:?reason}`` / ``${X?reason}`` met an unset (or empty) variable."""

    def __init__(self, variable: str, reason: str) -> None:
        super().__init__(variable, reason)
        self.variable = variable
        self.reason = reason

    def describe(self) -> str:
        if self.reason:
            return f"required variable {self.variable} is missing a value: {self.reason}"
        return f"required variable {self.variable} is missing a value"


def expand(template: str, lookup: Lookup) -> str:
    """Substitute every ``$`` expression of ``template``; raise a ``TemplateError`` on bad input.

    Like Go's ``ReplaceAllStringFunc``, a failing expression does not stop the scan (later unset
    variables still warn); the first error is raised at the end.
    """
    if "$" not in template:
        return template
    unset: list[str] = []
    try:
        return _expand_any(template, lookup, unset)
    finally:
        _warn_unset(unset)


def _warn_unset(names: list[str] | tuple[str, ...]) -> None:
    for name in names:
        log.warn(f'The "{name}" variable is not set. Defaulting to a blank string.')


DEEP_TEMPLATE = 40
"""Templates with more ``${`` than this are expanded without Python recursion (nesting depth is at
most the number of ``${``); Docker Compose resolves thousands of nested defaults."""


def _expand_any(template: str, lookup: Lookup, unset: list[str]) -> str:
    if template.count("${") > DEEP_TEMPLATE:
        return _expand_deep(template, lookup, unset)
    return _expand(template, lookup, unset)


def _expand(template: str, lookup: Lookup, unset: list[str]) -> str:
    """``expand`` that records unset variables in ``unset`` instead of warning (so results can be
    cached and their warnings replayed)."""
    errors: list[TemplateError] = []

    def replace(match: re.Match[str]) -> str:
        try:
            return _replace(match, lookup, unset)
        except InvalidTemplate as exc:
            if exc.template is None:
                exc.template = template
            errors.append(exc)
        except MissingRequired as exc:
            errors.append(exc)
        return ""

    result = _PATTERN.sub(replace, template)
    if errors:
        raise errors[0]
    return result


def _replace(match: re.Match[str], lookup: Lookup, unset: list[str]) -> str:
    """The value of one ``$$`` / ``$NAME`` / ``${...}`` match."""
    kind = match.lastgroup
    if kind == "escaped":
        return "$"
    if kind == "named":
        return _plain(match.group(2), lookup, unset)
    if kind != "braced":
        raise InvalidTemplate()
    name, op, arg, rest = _split_braced(match)
    if op is None:
        return _plain(name, lookup, unset)
    if "$" in arg:
        arg = _expand(arg, lookup, unset)
    value = _operate(op, name, arg, lookup)
    if "$" in rest:
        return value + _expand(rest, lookup, unset)
    return value + rest


def _split_braced(match: re.Match[str]) -> tuple[str, str | None, str, str]:
    """``(name, operator or None, argument, rest)`` of a ``${...}`` match.

    A greedy match such as ``${A:-x}-${B}`` is cut after its first balanced ``}``; the ``rest`` is
    substituted on its own and appended, as compose-go does.
    """
    text = match.group(0)
    braced = match.group(3)
    # Most expressions hold no nested ``{``: then the first ``}`` closes them.
    close = text.find("}") if text.find("{", 2) < 0 else _first_closing_brace(text)
    rest = ""
    if 0 <= close < len(text) - 1:
        rest = text[close + 1 :]
        braced = text[2:close]
    head = _NAME_OP.match(braced)
    assert head is not None  # the pattern guarantees a name first
    return head.group(1), head.group(2), braced[head.end() :], rest


def _plain(name: str, lookup: Lookup, unset: list[str]) -> str:
    value = lookup(name)
    if value is None:
        unset.append(name)
        return ""
    return value


def _operate(op: str, name: str, arg: str, lookup: Lookup) -> str:
    """One operator, given its already expanded argument (compose-go expands it first, even when the
    operator ends up not using it)."""
    value = lookup(name)
    if op == ":-":
        return value if value else arg
    if op == "-":
        return arg if value is None else value
    if op == ":+":
        return arg if value else (value or "")
    if op == "+":
        return arg if value is not None else ""
    if op == ":?":
        if not value:
            raise MissingRequired(name, arg)
        return value
    # op == "?"
    if value is None:
        raise MissingRequired(name, arg)
    return value


_BRACE = re.compile(r"[{}]")
_ONLY_BRACES = {code: None for code in range(128) if chr(code) not in "{}"}


def _first_closing_brace(text: str) -> int:
    """compose-go ``getFirstBraceClosingIndex``: the ``}`` closing the first ``{`` (the character
    right after a ``{`` is skipped, a quirk kept for identical results)."""
    depth = 0
    skip = -1
    for number, brace in enumerate(_BRACE.finditer(text)):
        index = brace.start()
        if index == skip:
            continue
        if text[index] == "}":
            depth -= 1
            if depth == 0:
                return index
        else:
            depth += 1
            skip = index + 1
        if number == 64 and "{{" not in text and "{}" not in text:
            return _closing_brace_by_runs(text)
    return -1


def _closing_brace_by_runs(text: str) -> int:
    """``_first_closing_brace`` for long text without ``{{`` or ``{}`` (where the skipped character
    never matters). Nested defaults rescan their text once per level, so this jumps over whole runs
    of ``{`` and ``}`` with ``str.find`` instead of looking at each brace."""
    braces = text.translate(_ONLY_BRACES)
    if len(braces) != braces.count("{") + braces.count("}"):  # non-ASCII text
        braces = "".join(_BRACE.findall(text))
    size = len(braces)
    depth = 0
    pos = 0
    while pos < size:
        close = braces.find("}", pos)
        if close < 0:
            return -1
        depth += close - pos
        after = braces.find("{", close)
        if after < 0:
            after = size
        if after - close >= depth:
            count = close + depth - 1  # the brace that brings the depth back to 0
            if count == size - 1:
                return text.rindex("}")
            return next(islice(_BRACE.finditer(text), count, None)).start()
        depth -= after - close
        pos = after
    return -1


# The same algorithm without recursion, for deeply nested templates: each expansion is a generator
# that yields the sub-templates it needs and receives their values; ``_expand_deep`` keeps the
# generators on an explicit stack. Kept identical to ``_expand``/``_replace`` above (the tests run
# every case through both).


def _expand_deep(template: str, lookup: Lookup, unset: list[str]) -> str:
    stack = [_expand_steps(template, lookup, unset)]
    value: Any = None
    error: TemplateError | None = None
    while stack:
        steps = stack[-1]
        try:
            if error is None:
                request = steps.send(value)
            else:
                pending, error = error, None
                request = steps.throw(pending)
        except StopIteration as done:
            stack.pop()
            value = done.value
            continue
        except TemplateError as exc:
            stack.pop()
            value, error = None, exc
            continue
        stack.append(_expand_steps(request, lookup, unset))
        value = None
    if error is not None:
        raise error
    return str(value)


def _expand_steps(template: str, lookup: Lookup, unset: list[str]) -> Generator[str, str, str]:
    errors: list[TemplateError] = []
    parts: list[str] = []
    pos = 0
    for match in _PATTERN.finditer(template):
        parts.append(template[pos : match.start()])
        pos = match.end()
        try:
            parts.append((yield from _replace_steps(match, lookup, unset)))
        except InvalidTemplate as exc:
            if exc.template is None:
                exc.template = template
            errors.append(exc)
        except MissingRequired as exc:
            errors.append(exc)
    if errors:
        raise errors[0]
    parts.append(template[pos:])
    return "".join(parts)


def _replace_steps(match: re.Match[str], lookup: Lookup, unset: list[str]) -> Generator[str, str, str]:
    kind = match.lastgroup
    if kind == "escaped":
        return "$"
    if kind == "named":
        return _plain(match.group(2), lookup, unset)
    if kind != "braced":
        raise InvalidTemplate()
    name, op, arg, rest = _split_braced(match)
    if op is None:
        return _plain(name, lookup, unset)
    if "$" in arg:
        arg = yield arg
    value = _operate(op, name, arg, lookup)
    if "$" in rest:
        return value + (yield rest)
    return value + rest


# --------------------------------------------------------------------------------------------------
# Interpolating compose files
# --------------------------------------------------------------------------------------------------


def go_path(path: tuple[Any, ...] | list[Any]) -> str:
    """A key path as compose-go prints it: ``services.app.command.[]`` (list items are ``[]``)."""
    return ".".join(
        "[]" if isinstance(part, int) and not isinstance(part, bool) else str(part) for part in path
    )


def _error_for(exc: TemplateError, path: tuple[Any, ...]) -> InterpolationError:
    where = go_path(path)
    if isinstance(exc, InvalidTemplate):
        message = (
            f"invalid interpolation format for {where}.\n"
            f"You may need to escape any $ with another $.\n{exc.template}"
        )
    else:
        message = f"error while interpolating {where}: {exc.describe()}"
    return InterpolationError(message, path=path)


def substitute(template: str, lookup: Lookup, path: str = "") -> str:
    """Interpolate one string; ``path`` (dotted, e.g. ``services.app.image``) names it in errors."""
    if "$" not in template:
        return template
    try:
        return expand(template, lookup)
    except TemplateError as exc:
        parts = tuple(path.split(".")) if path else ()
        raise _error_for(exc, parts) from None


class _Failure(Exception):
    """Carries a template error up the walk, collecting the key path only when one happens."""

    def __init__(self, error: TemplateError) -> None:
        super().__init__(error)
        self.error = error
        self.parts: list[Any] = []


_SCALARS = frozenset({int, float, bool, type(None)})


class _Walker:
    """One interpolation pass. Results are cached per distinct string (files repeat ``${TAG}`` in
    every service); the warnings of a cached string are replayed, so each occurrence still warns."""

    __slots__ = ("cache", "lookup")

    def __init__(self, lookup: Lookup) -> None:
        self.lookup = lookup
        self.cache: dict[str, tuple[str, tuple[str, ...]]] = {}

    def string(self, text: str) -> str:
        hit = self.cache.get(text)
        if hit is None:
            unset: list[str] = []
            try:
                value = _expand_any(text, self.lookup, unset)
            except TemplateError as exc:
                _warn_unset(unset)
                raise _Failure(exc) from None
            hit = self.cache[text] = (value, tuple(unset))
        if hit[1]:
            _warn_unset(hit[1])
        return hit[0]

    def node(self, node: Any) -> Any:
        kind = type(node)
        if kind is str:
            return self.string(node) if "$" in node else node
        if kind is dict:
            return self.mapping(node)
        if kind is list:
            return self.sequence(node)
        if kind in _SCALARS:
            return node
        if kind is Override:
            return Override(self.node(node.value))
        if kind is Reset:
            return Reset(self.node(node.value))
        if isinstance(node, str):
            return self.node(str(node))
        if isinstance(node, dict):
            return self.mapping(node)
        if isinstance(node, list):
            return self.sequence(node)
        return node

    def mapping(self, node: dict[Any, Any]) -> dict[Any, Any]:
        out: dict[Any, Any] = {}
        key: Any = None
        try:
            for key, value in node.items():
                kind = type(value)
                if kind is str:
                    out[key] = self.string(value) if "$" in value else value
                elif kind is dict:
                    out[key] = self.mapping(value)
                elif kind is list:
                    out[key] = self.sequence(value)
                elif kind in _SCALARS:
                    out[key] = value
                else:
                    out[key] = self.node(value)
        except _Failure as failure:
            failure.parts.append(key if isinstance(key, str) else go_string(key))
            raise
        return out

    def sequence(self, node: list[Any]) -> list[Any]:
        out: list[Any] = []
        append = out.append
        index = 0
        try:
            for index, value in enumerate(node):  # noqa: B007 - ``index`` names the failing item
                kind = type(value)
                if kind is str:
                    append(self.string(value) if "$" in value else value)
                elif kind is dict:
                    append(self.mapping(value))
                elif kind in _SCALARS:
                    append(value)
                else:
                    append(self.node(value))
        except _Failure as failure:
            failure.parts.append(index)
            raise
        return out


def interpolate(config: Any, lookup: Lookup, path: tuple[Any, ...] = ()) -> Any:
    """A new tree with every string *value* interpolated (mapping keys never are).

    ``!reset`` / ``!override`` wrappers are kept, with their inner value interpolated. ``path`` is the
    key path of ``config`` itself, used in error messages when a subtree is interpolated.
    """
    try:
        return _Walker(lookup).node(config)
    except _Failure as failure:
        full = tuple(path) + tuple(reversed(failure.parts))
        raise _error_for(failure.error, full) from None


# --------------------------------------------------------------------------------------------------
# Type casts after interpolation (compose-go loader/interpolate.go interpolateTypeCastMapping)
# --------------------------------------------------------------------------------------------------


class CastError(ValueError):
    """A string in a typed field does not parse; the message is Go's ``strconv`` text."""


_INT_SYNTAX = re.compile(r"[+-]?[0-9]+", re.ASCII)
_DEC_FLOAT_SYNTAX = re.compile(r"[+-]?(?:[0-9_]+\.?[0-9_]*|\.[0-9_]+)(?:[eE][+-]?[0-9_]+)?", re.ASCII)
_HEX_FLOAT_SYNTAX = re.compile(r"[+-]?0[xX](?:[0-9a-fA-F]+\.?[0-9a-fA-F]*|\.[0-9a-fA-F]+)[pP][+-]?[0-9]+")
_SPECIAL_FLOATS = {
    "inf": math.inf,
    "+inf": math.inf,
    "-inf": -math.inf,
    "infinity": math.inf,
    "+infinity": math.inf,
    "-infinity": -math.inf,
    "nan": math.nan,
}
_INT64_MIN, _INT64_MAX = -(2**63), 2**63 - 1
_FLOAT32_MAX = 3.4028234663852886e38


def _parse_int(value: str, func: str) -> int:
    """``strconv.Atoi`` / ``ParseInt(s, 10, 64)``: ASCII digits with an optional sign, int64 range."""
    if not _INT_SYNTAX.fullmatch(value):
        raise CastError(f"strconv.{func}: parsing {go_quote(value)}: invalid syntax")
    number = int(value)
    if not _INT64_MIN <= number <= _INT64_MAX:
        raise CastError(f"strconv.{func}: parsing {go_quote(value)}: value out of range")
    return number


def to_int(value: str) -> int:
    return _parse_int(value, "Atoi")


def to_int64(value: str) -> int:
    return _parse_int(value, "ParseInt")


def to_float(value: str) -> float:
    """``strconv.ParseFloat(s, 64)``: decimal (with ``_`` between digits), hex with ``p``, inf, nan."""
    special = _SPECIAL_FLOATS.get(value.lower())
    if special is not None:
        return special
    try:
        if _DEC_FLOAT_SYNTAX.fullmatch(value):
            number = float(value)
        elif _HEX_FLOAT_SYNTAX.fullmatch(value):
            number = float.fromhex(value)
        else:
            raise ValueError(value)
    except (ValueError, OverflowError):
        if _HEX_FLOAT_SYNTAX.fullmatch(value):
            raise CastError(f"strconv.ParseFloat: parsing {go_quote(value)}: value out of range") from None
        raise CastError(f"strconv.ParseFloat: parsing {go_quote(value)}: invalid syntax") from None
    if math.isinf(number):
        raise CastError(f"strconv.ParseFloat: parsing {go_quote(value)}: value out of range")
    return number


def float32_value(number: float) -> float:
    """``number`` rounded to float32, as the shortest decimal that rounds back to it.

    Go keeps ``cpus`` as a float32 and prints ``0.123456789`` as ``0.12345679``; this float's ``repr``
    gives the same digits.
    """
    if math.isinf(number) or math.isnan(number) or number == 0:
        return number
    single = struct.unpack("<f", struct.pack("<f", number))[0]
    for digits in range(1, 10):
        text = f"{single:.{digits}g}"
        if struct.unpack("<f", struct.pack("<f", float(text)))[0] == single:
            return float(text)
    return single


def to_float32(value: str) -> float:
    """``strconv.ParseFloat(s, 32)``."""
    number = to_float(value)
    if not math.isinf(number) and abs(number) > _FLOAT32_MAX:
        try:
            struct.pack("<f", number)
        except OverflowError:
            raise CastError(f"strconv.ParseFloat: parsing {go_quote(value)}: value out of range") from None
    return float32_value(number)


def to_bool(value: str) -> bool:
    """compose-go ``toBoolean``: ``true``/``false``, plus YAML 1.1 words with a warning."""
    lowered = value.lower()
    if lowered == "true":
        return True
    if lowered == "false":
        return False
    if lowered in ("y", "yes", "on"):
        log.warn(f"{go_quote(value)} for boolean is not supported by YAML 1.2, please use `true`")
        return True
    if lowered in ("n", "no", "off"):
        log.warn(f"{go_quote(value)} for boolean is not supported by YAML 1.2, please use `false`")
        return False
    raise CastError(f"invalid boolean: {value}")


Cast = Callable[[str], Any]

# compose-go v2.9.1's table (checked field by field against Docker Compose v2.40.3). ``*`` matches any
# one key, ``[]`` any list item. Not listed, on purpose: ``ports.[].published`` (stays a string),
# ``configs``/``secrets`` ``mode`` (parsed as octal later), sizes and durations (normalized later).
CAST_RULES: dict[str, Cast] = {
    "services.*.cpu_count": to_int64,
    "services.*.cpu_percent": to_float,
    "services.*.cpu_period": to_int64,
    "services.*.cpu_quota": to_int64,
    "services.*.cpu_rt_period": to_int64,
    "services.*.cpu_rt_runtime": to_int64,
    "services.*.cpus": to_float32,
    "services.*.cpu_shares": to_int64,
    "services.*.init": to_bool,
    "services.*.deploy.replicas": to_int,
    "services.*.deploy.update_config.parallelism": to_int,
    "services.*.deploy.update_config.max_failure_ratio": to_float,
    "services.*.deploy.rollback_config.parallelism": to_int,
    "services.*.deploy.rollback_config.max_failure_ratio": to_float,
    "services.*.deploy.restart_policy.max_attempts": to_int,
    "services.*.deploy.placement.max_replicas_per_node": to_int,
    "services.*.healthcheck.retries": to_int,
    "services.*.healthcheck.disable": to_bool,
    "services.*.oom_kill_disable": to_bool,
    "services.*.oom_score_adj": to_int64,
    "services.*.pids_limit": to_int64,
    "services.*.ports.[].target": to_int,
    "services.*.privileged": to_bool,
    "services.*.read_only": to_bool,
    "services.*.scale": to_int,
    "services.*.stdin_open": to_bool,
    "services.*.tty": to_bool,
    "services.*.ulimits.*": to_int,
    "services.*.ulimits.*.hard": to_int,
    "services.*.ulimits.*.soft": to_int,
    "services.*.volumes.[].read_only": to_bool,
    "services.*.volumes.[].volume.nocopy": to_bool,
    "networks.*.external": to_bool,
    "networks.*.internal": to_bool,
    "networks.*.attachable": to_bool,
    "networks.*.enable_ipv4": to_bool,
    "networks.*.enable_ipv6": to_bool,
    "volumes.*.external": to_bool,
    "secrets.*.external": to_bool,
    "configs.*.external": to_bool,
}


class _Rule:
    """A node of the rule trie: the cast for a string found here, and the rules below."""

    __slots__ = ("cast", "children")

    def __init__(self) -> None:
        self.cast: Cast | None = None
        self.children: dict[str, _Rule] = {}


def _build_trie(rules: dict[str, Cast]) -> _Rule:
    root = _Rule()
    for pattern, cast in rules.items():
        node = root
        for part in pattern.split("."):
            node = node.children.setdefault(part, _Rule())
        node.cast = cast
    return root


_TRIE = _build_trie(CAST_RULES)


class _CastFailure(Exception):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message
        self.parts: list[Any] = []


def cast_types(config: dict[str, Any]) -> dict[str, Any]:
    """Convert strings in typed fields (``privileged: "true"``, ``replicas: "2"``) to their type.

    Run after interpolation, on any string at those paths (quoted literals too), like compose-go.
    Returns ``config`` itself when nothing changes, else a copy sharing the unchanged subtrees.
    """
    try:
        return _cast(config, _TRIE)
    except _CastFailure as failure:
        path = tuple(reversed(failure.parts))
        message = (
            f"error while interpolating {go_path(path)}: failed to cast to expected type: {failure.message}"
        )
        raise InterpolationError(message, path=path) from None


def _cast(node: Any, rule: _Rule) -> Any:
    kind = type(node)
    if kind is dict:
        return _cast_dict(node, rule)
    if kind is str or isinstance(node, str):
        if rule.cast is None:
            return node
        try:
            return rule.cast(node)
        except CastError as exc:
            raise _CastFailure(str(exc)) from None
    if kind is list or isinstance(node, list):
        return _cast_list(node, rule)
    if kind is Override:
        inner = _cast(node.value, rule)
        return node if inner is node.value else Override(inner)
    if isinstance(node, dict):
        return _cast_dict(node, rule)
    return node


def _cast_dict(node: dict[Any, Any], rule: _Rule) -> dict[Any, Any]:
    out = node
    children = rule.children
    star = children.get("*")
    key: Any = None
    try:
        for key, value in node.items():
            child = children.get(key, star) if type(key) is str else star
            if child is None or type(value) in _SCALARS:
                continue
            new = _cast(value, child)
            if new is not value:
                if out is node:
                    out = dict(node)
                out[key] = new
    except _CastFailure as failure:
        failure.parts.append(key if isinstance(key, str) else go_string(key))
        raise
    return out


def _cast_list(node: list[Any], rule: _Rule) -> list[Any]:
    child = rule.children.get("[]") or rule.children.get("*")
    if child is None:
        return node
    out = node
    index = 0
    try:
        for index, value in enumerate(node):
            if type(value) in _SCALARS:
                continue
            new = _cast(value, child)
            if new is not value:
                if out is node:
                    out = list(node)
                out[index] = new
    except _CastFailure as failure:
        failure.parts.append(index)
        raise
    return out


# --------------------------------------------------------------------------------------------------


def go_quote(text: str) -> str:
    """Go's ``strconv.Quote`` (and ``%q`` / ``%#v`` of a string), used in compose-go's messages."""
    out = ['"']
    for char in text:
        if char == '"':
            out.append('\\"')
        elif char == "\\":
            out.append("\\\\")
        elif char.isprintable():
            out.append(char)
        elif char in _GO_ESCAPES:
            out.append(_GO_ESCAPES[char])
        else:
            code = ord(char)
            if code < 0x80:
                out.append(f"\\x{code:02x}")
            elif code < 0x10000:
                out.append(f"\\u{code:04x}")
            else:
                out.append(f"\\U{code:08x}")
    out.append('"')
    return "".join(out)


_GO_ESCAPES = {"\a": "\\a", "\b": "\\b", "\f": "\\f", "\n": "\\n", "\r": "\\r", "\t": "\\t", "\v": "\\v"}
