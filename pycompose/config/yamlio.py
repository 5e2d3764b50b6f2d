"""Read Compose YAML the way Docker Compose v2 (compose-go on go-yaml v3) reads it.

PyYAML implements YAML 1.1, Docker Compose uses go-yaml v3, which is mostly YAML 1.2 with a few quirks
kept for compatibility. The differences decide what a user's file means, so they are reproduced here:

* ``yes/no/on/off/y/n`` are strings; only ``true/True/TRUE/false/False/FALSE`` are booleans.
* ``0755`` is still octal (493) next to ``0o755``; ``1_000`` is 1000; ``08`` is the float 8.0;
  ``22:22`` is a string (no sexagesimal numbers); ``1e400`` is a string (out of range for Go).
* ``2001-12-14`` becomes a timestamp, which later fails schema validation ("invalid jsonType time.Time").
* Duplicate keys are an error, compared on their source text (``1`` and ``"1"`` collide).
* ``<<`` merges mappings; explicit keys win, then the first listed map. Anchors may be redefined.
* Tags: ``!reset``/``!override`` become ``Reset``/``Override`` wrappers (on a scalar they wrap its
  source text, as go-yaml does not resolve tagged scalars); ``!!str``, ``!!int``, ``!!float``,
  ``!!bool``, ``!!null``, ``!!timestamp``, ``!!binary`` are honoured; any other tag is ignored and a
  scalar carrying it stays a string (``image: !foo bar`` is ``"bar"`` in Docker Compose too).

Speed matters (a 1000-service file must load faster than the Go binary does), so the libyaml C parser
composes the node graph and a small hand-written builder turns nodes into values. Scalar resolution
is not done with PyYAML's list of implicit-resolver regexes per scalar: the composer's ``resolve`` only
records plain versus quoted, and the builder resolves a plain scalar with one first-character test
(most values start with a letter and are strings) before trying numbers, timestamps or the few special
words. Without libyaml, PyYAML's pure-Python parser feeds the same builder.
"""

from __future__ import annotations

import base64
import binascii
import datetime
import gc
import math
import re
from collections.abc import Sequence
from typing import Any, NoReturn

import yaml
from yaml.composer import Composer, ComposerError
from yaml.events import AliasEvent, MappingStartEvent, ScalarEvent, SequenceStartEvent
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from pycompose.config.tags import Override, Reset
from pycompose.errors import ParseError

__all__ = ["load_documents", "locate"]

# --------------------------------------------------------------------------------------------------
# Scalar resolution (go-yaml v3 resolve.go)
# --------------------------------------------------------------------------------------------------

_MISSING: Any = object()

# Values go-yaml finds by exact lookup before anything else.
_SPECIAL: dict[str, Any] = {
    "": None, "~": None, "null": None, "Null": None, "NULL": None,
    "true": True, "True": True, "TRUE": True,
    "false": False, "False": False, "FALSE": False,
    ".nan": math.nan, ".NaN": math.nan, ".NAN": math.nan,
    ".inf": math.inf, ".Inf": math.inf, ".INF": math.inf,
    "+.inf": math.inf, "+.Inf": math.inf, "+.INF": math.inf,
    "-.inf": -math.inf, "-.Inf": -math.inf, "-.INF": -math.inf,
}  # fmt: skip

# First characters that can start a number or a timestamp; anything else is a string or a special word.
_NUMBER_START = frozenset("+-.0123456789")

_INT64_MIN = -(1 << 63)
_INT64_MAX = (1 << 63) - 1
_UINT64_MAX = (1 << 64) - 1

# strconv.ParseInt(s, 0, 64) syntax once underscores are removed: a leading 0 means octal.
_GO_INT = re.compile(r"[-+]?(?:0[xX][0-9a-fA-F]+|0[bB][01]+|0[oO][0-7]+|0[0-7]*|[1-9][0-9]*)")
# go-yaml's yamlStyleFloat, applied to the text without underscores.
_YAML_FLOAT = re.compile(r"[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?")
# strconv.ParseFloat on text starting with '.': underscores only between digits.
_GO_DOT_FLOAT = re.compile(r"\.[0-9](?:_?[0-9])*(?:[eE][-+]?[0-9](?:_?[0-9])*)?")
_SIGNED_BIN = re.compile(r"[-+]?[01]+")
_SIGNED_OCT = re.compile(r"[-+]?[0-7]+")
_BIN = re.compile(r"[01]+")
_OCT = re.compile(r"[0-7]+")
# The four time.Parse layouts go-yaml tries: RFC 3339 with short fields ('T' or 't', zone required),
# "date time" with a space and no zone, and a bare date.
_TIMESTAMP = re.compile(
    r"([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})"
    r"(?:([Tt ])([0-9]{1,2}):([0-9]{1,2}):([0-9]{1,2})(?:[.,]([0-9]+))?(Z|[-+][0-9]{2}:[0-9]{2})?)?"
)


def _go_int(text: str) -> int | None:
    """``strconv.ParseInt(text, 0, 64)``, then ``ParseUint``: ``None`` when it is no integer or too big."""
    if not _GO_INT.fullmatch(text):
        return None
    sign = text[0] in "+-"
    body = text[1:] if sign else text
    prefix = body[:2].lower()
    if prefix == "0x":
        n = int(body[2:], 16)
    elif prefix == "0b":
        n = int(body[2:], 2)
    elif prefix == "0o":
        n = int(body[2:], 8)
    elif body[0] == "0":
        n = int(body, 8)
    else:
        n = int(body)
    if text[0] == "-":
        n = -n
    if _INT64_MIN <= n <= _INT64_MAX or (not sign and n <= _UINT64_MAX):
        return n
    return None


def _prefixed_int(digits: str, base: int, signed: re.Pattern[str], negative: bool) -> int | None:
    """go-yaml's extra ``0b``/``0o`` branches: ``ParseInt(rest, base)`` after the prefix (``0o-7`` is -7)."""
    if not signed.fullmatch(digits):
        return None
    n = int(digits, base)
    if negative:
        n = -n
        return n if n >= _INT64_MIN else None
    if _INT64_MIN <= n <= _INT64_MAX or (digits[0] not in "+-" and n <= _UINT64_MAX):
        return n
    return None


def _timestamp(text: str) -> datetime.datetime | None:
    """A go-yaml timestamp as an aware ``datetime`` (UTC when no zone is written), else ``None``.

    Go's ``time.Time`` has no date-only form, so ``2001-12-14`` is midnight UTC, like Docker Compose prints
    it (``2001-12-14T00:00:00Z``). Python cannot hold year 0 or a 24-hour zone offset; those stay strings.
    """
    m = _TIMESTAMP.fullmatch(text)
    if m is None:
        return None
    year, month, day, sep, hour, minute, second, frac, zone = m.groups()
    if sep is not None and (zone is None) != (sep == " "):
        return None  # 'T' needs a zone, ' ' forbids one
    try:
        tz: datetime.tzinfo = datetime.timezone.utc
        if zone and zone != "Z":
            offset = datetime.timedelta(hours=int(zone[1:3]), minutes=int(zone[4:6]))
            tz = datetime.timezone(-offset if zone[0] == "-" else offset)
        if sep is None:
            return datetime.datetime(int(year), int(month), int(day), tzinfo=tz)
        micro = int((frac or "0")[:6].ljust(6, "0"))
        return datetime.datetime(
            int(year), int(month), int(day), int(hour), int(minute), int(second), micro, tzinfo=tz
        )
    except ValueError:
        return None


def _number(text: str, timestamps: bool = True) -> Any:
    """Resolve a plain scalar starting with a sign, digit or dot; see go-yaml v3 ``resolve``."""
    special = _SPECIAL.get(text, _MISSING)
    if special is not _MISSING:
        return special
    if text[0] == ".":
        if _GO_DOT_FLOAT.fullmatch(text):
            value = float(text.replace("_", ""))
            if not math.isinf(value):
                return value
        return text
    if timestamps and text[4:5] == "-":
        stamp = _timestamp(text)
        if stamp is not None:
            return stamp
    plain = text.replace("_", "") if "_" in text else text
    n = _go_int(plain)
    if n is not None:
        return n
    if _YAML_FLOAT.fullmatch(plain):
        value = float(plain)
        if not math.isinf(value):  # Go's ParseFloat reports a range error instead
            return value
    if plain.startswith("0b"):
        n = _prefixed_int(plain[2:], 2, _SIGNED_BIN, False)
    elif plain.startswith("-0b"):
        n = _prefixed_int(plain[3:], 2, _BIN, True)
    if n is not None:
        return n
    if plain.startswith("0o"):
        n = _prefixed_int(plain[2:], 8, _SIGNED_OCT, False)
    elif plain.startswith("-0o"):
        n = _prefixed_int(plain[3:], 8, _OCT, True)
    if n is not None:
        return n
    return text


def resolve_plain(text: str) -> Any:
    """The value of an untagged plain scalar, as go-yaml v3 resolves it."""
    if text and text[0] in _NUMBER_START:
        return _number(text)
    return _SPECIAL.get(text, text)


# --------------------------------------------------------------------------------------------------
# Composition: libyaml (or pure Python) builds the node graph
# --------------------------------------------------------------------------------------------------

# Tags the composer gives untagged scalars; compared by identity in the builder.
_PLAIN = "?plain"
_QUOTED = "?quoted"

_YAML_TAG = "tag:yaml.org,2002:"
_STR_TAG = _YAML_TAG + "str"
_BINARY_TAG = _YAML_TAG + "binary"
_CHECKED_TAGS = {
    _YAML_TAG + "int": "!!int",
    _YAML_TAG + "float": "!!float",
    _YAML_TAG + "bool": "!!bool",
    _YAML_TAG + "null": "!!null",
    _YAML_TAG + "timestamp": "!!timestamp",
}
_RESET_TAG = "!reset"
_OVERRIDE_TAG = "!override"


class _ResolverMixin:
    """Replaces PyYAML's resolver: remember plain vs quoted only, and skip path-resolver bookkeeping."""

    def resolve(self, kind: type, value: Any, implicit: Any) -> str | None:
        if kind is ScalarNode:
            return _PLAIN if implicit[0] else _QUOTED
        return None

    def descend_resolver(self, current_node: Any, current_index: Any) -> None:
        pass

    def ascend_resolver(self) -> None:
        pass


class _GoAnchorComposer(Composer):
    """PyYAML's composer with go-yaml's anchor rule: a later ``&name`` replaces an earlier one.

    PyYAML (both the C and Python composers) rejects a redefined anchor; go-yaml accepts it. This composer
    is used without libyaml, and with libyaml only to retry a file that has a redefined anchor.
    """

    def compose_node(self, parent: Node | None, index: Any) -> Node:  # type: ignore[override]
        if self.check_event(AliasEvent):
            event = self.get_event()
            if event.anchor not in self.anchors:
                raise ComposerError(None, None, f"found undefined alias {event.anchor!r}", event.start_mark)
            return self.anchors[event.anchor]
        self.descend_resolver(parent, index)  # type: ignore[attr-defined]
        if self.check_event(ScalarEvent):
            node: Node = self.compose_scalar_node(self.peek_event().anchor)
        elif self.check_event(SequenceStartEvent):
            node = self.compose_sequence_node(self.peek_event().anchor)
        elif self.check_event(MappingStartEvent):
            node = self.compose_mapping_node(self.peek_event().anchor)
        self.ascend_resolver()  # type: ignore[attr-defined]
        return node


class _PyLoader(_ResolverMixin, _GoAnchorComposer, yaml.SafeLoader):  # type: ignore[misc]
    """Pure-Python parser and composer: the fallback when PyYAML was built without libyaml."""


_CLoader: type | None = getattr(yaml, "CSafeLoader", None)

if _CLoader is not None:

    class _FastLoader(_ResolverMixin, _CLoader):  # type: ignore[misc,valid-type]
        """libyaml parses and composes in C; only ``resolve`` calls back into Python."""

    class _CEventLoader(_ResolverMixin, _GoAnchorComposer, _CLoader):  # type: ignore[misc,valid-type]
        """libyaml parses, the Python composer composes (for files that redefine an anchor)."""

        def __init__(self, stream: str) -> None:
            _CLoader.__init__(self, stream)  # type: ignore[misc]
            self.anchors: dict[str, Node] = {}

    # Tried in order; the next one only when a file redefines an anchor.
    _LOADERS: tuple[type, ...] = (_FastLoader, _CEventLoader)
else:  # pragma: no cover - only where PyYAML was built without libyaml
    _LOADERS = (_PyLoader,)


def _compose_all(text: str, loader_class: type) -> list[Node]:
    """Every document's root node (``None`` roots are skipped by PyYAML only for an empty stream)."""
    loader = loader_class(text)
    try:
        nodes = []
        while loader.check_node():
            nodes.append(loader.get_node())
        return nodes
    finally:
        loader.dispose()


def _compose(text: str, filename: str) -> list[Node]:
    """Compose with the fastest loader that accepts the file, turning YAML errors into ``ParseError``."""
    for loader_class in _LOADERS:
        try:
            return _compose_all(text, loader_class)
        except ComposerError as exc:
            if "found duplicate anchor" in str(exc.context or "") and loader_class is not _LOADERS[-1]:
                continue  # go-yaml allows redefining an anchor: retry with the Python composer
            raise _syntax_error(exc, text, filename) from None
        except yaml.YAMLError as exc:
            raise _syntax_error(exc, text, filename) from None
        except RecursionError:
            raise _parse_error(filename, "yaml: document is nested too deeply") from None
    raise AssertionError("unreachable")  # pragma: no cover


def _syntax_error(exc: yaml.YAMLError, text: str, filename: str) -> ParseError:
    """go-yaml's wording: ``yaml: line N: <problem>``, where N is computed the way go-yaml does.

    go-yaml (parser.fail) takes the 0-based line of the *context* mark when it is not 0, else of the
    problem mark, adding 1 only for scanner errors; hence ``line 1`` for a bad indent on line 4.
    """
    if isinstance(exc, yaml.reader.ReaderError):
        return _parse_error(filename, "yaml: control characters are not allowed")
    if not isinstance(exc, yaml.MarkedYAMLError):
        return _parse_error(filename, f"yaml: {exc}")
    problem = exc.problem or "unknown problem parsing YAML content"
    mark = exc.problem_mark or exc.context_mark
    if problem.startswith("found undefined alias"):
        name = problem[len("found undefined alias") :].strip().strip("'\"")
        if not name and mark is not None:
            found = re.match(r"\*([^\s,\[\]{}]+)", text[mark.index :])
            name = found.group(1) if found else ""
        return _parse_error(filename, f"yaml: unknown anchor '{name}' referenced", mark)
    scanner = isinstance(exc, yaml.scanner.ScannerError)
    line = 0
    for candidate in (exc.context_mark, exc.problem_mark):
        if candidate is not None and candidate.line != 0:
            line = candidate.line + (1 if scanner else 0)
            break
    where = f"line {line}: " if line else ""
    return _parse_error(filename, f"yaml: {where}{problem}", mark)


def _parse_error(filename: str, message: str, mark: Any = None) -> ParseError:
    """A ``ParseError`` with Docker Compose's ``failed to parse <file>: `` prefix and a 1-based location."""
    line = mark.line + 1 if mark is not None else None
    column = mark.column + 1 if mark is not None else None
    return ParseError(f"failed to parse {filename}: {message}", file=filename, line=line, column=column)


# --------------------------------------------------------------------------------------------------
# Building values from nodes
# --------------------------------------------------------------------------------------------------


_GO_ESCAPES = {'"': '\\"', "\\": "\\\\", "\a": "\\a", "\b": "\\b", "\f": "\\f", "\n": "\\n", "\r": "\\r",
               "\t": "\\t", "\v": "\\v"}  # fmt: skip


def _go_quote(text: str) -> str:
    """Go's ``%#v``/``strconv.Quote`` of a string, as used in the duplicate-key message."""
    out = ['"']
    for ch in text:
        escaped = _GO_ESCAPES.get(ch)
        if escaped is not None:
            out.append(escaped)
        elif ch.isprintable():
            out.append(ch)
        elif ord(ch) < 0x80:
            out.append(f"\\x{ord(ch):02x}")
        elif ord(ch) < 0x10000:
            out.append(f"\\u{ord(ch):04x}")
        else:
            out.append(f"\\U{ord(ch):08x}")
    out.append('"')
    return "".join(out)


def _go_repr(value: Any) -> str:
    """Roughly Go's ``%#v`` of a decoded value, for the "invalid map key" message."""
    if isinstance(value, str):
        return _go_quote(value)
    if isinstance(value, (Reset, Override)):
        return _go_repr(value.value)
    if isinstance(value, list):
        return "[]interface {}{" + ", ".join(_go_repr(v) for v in value) + "}"
    if isinstance(value, dict):
        kind = "string" if all(isinstance(k, str) for k in value) else "interface {}"
        items = sorted((_go_repr(k), _go_repr(v)) for k, v in value.items())
        return f"map[{kind}]interface {{}}{{" + ", ".join(f"{k}:{v}" for k, v in items) + "}"
    if value is None:
        return "interface {}(nil)"
    if value is True or value is False:
        return "true" if value else "false"
    return str(value)


def _alias_ratio(decoded: int) -> float:
    """go-yaml's allowedAliasRatio: how much of a document may come from alias expansion."""
    if decoded <= 400_000:
        return 0.99
    if decoded >= 4_000_000:
        return 0.10
    return 0.99 - 0.89 * (decoded - 400_000) / 3_600_000


class _Cycle(Exception):
    """An alias refers to a node that contains it; carries the key path as it unwinds."""

    def __init__(self, target: Node) -> None:
        super().__init__()
        self.target = target
        self.path: list[str | int] = []
        self.target_depth: int | None = None


def _format_path(path: Sequence[str | int]) -> str:
    return ".".join(str(p) for p in path)


class _Builder:
    """Turns one document's node graph into plain values, enforcing go-yaml's mapping rules.

    An alias is expanded afresh at every use (as go-yaml decodes it), so no two places in the result
    share a mutable object; go-yaml's alias-expansion ratio limit guards against "billion laughs".
    """

    __slots__ = ("_aliased", "_decoded", "_expanding", "_filename", "_state")

    def __init__(self, filename: str) -> None:
        self._filename = filename
        # collection node -> False while being built, True once built (a repeat visit is an alias)
        self._state: dict[Node, bool] = {}
        self._decoded = 0
        self._aliased = 0
        self._expanding = 0

    def document(self, node: Node) -> Any:
        try:
            return self._node(node)
        except _Cycle as cycle:
            here = _format_path(cycle.path)
            depth = cycle.target_depth or 0
            tail = _format_path(cycle.path[depth:])
            message = f"cycle detected: node at path {here}.{tail} references node at path {here}"
            raise _parse_error(self._filename, message, cycle.target.start_mark) from None
        except RecursionError:
            raise _parse_error(self._filename, "yaml: document is nested too deeply") from None

    # -- dispatch ------------------------------------------------------------------------------

    def _node(self, node: Node) -> Any:
        cls = node.__class__
        if cls is ScalarNode:
            tag = node.tag
            if tag is _PLAIN:
                return resolve_plain(node.value)
            if tag is _QUOTED:
                return node.value
            return self._tagged_scalar(node)
        state = self._state.get(node)
        if state is None:
            self._state[node] = False
            value = self._mapping(node) if cls is MappingNode else self._sequence(node)
            self._state[node] = True
        elif state is False:
            raise _Cycle(node)
        else:
            self._expanding += 1
            try:
                value = self._mapping(node) if cls is MappingNode else self._sequence(node)
            finally:
                self._expanding -= 1
        tag = node.tag
        if tag is not None:
            if tag == _RESET_TAG:
                return Reset(value)
            if tag == _OVERRIDE_TAG:
                return Override(value)
        return value

    def _count(self, size: int) -> None:
        """Count ``size`` nodes decoded inside an alias expansion (go-yaml's excessive-aliasing check)."""
        self._aliased += size
        if (
            self._aliased > 100
            and self._decoded > 1000
            and self._aliased / self._decoded > _alias_ratio(self._decoded)
        ):
            raise _parse_error(self._filename, "yaml: document contains excessive aliasing")

    # -- scalars -------------------------------------------------------------------------------

    def _tagged_scalar(self, node: ScalarNode) -> Any:
        tag = node.tag
        text = node.value
        if tag == _STR_TAG:
            return text
        short = _CHECKED_TAGS.get(tag)
        if short is not None:
            if text and text[0] in _NUMBER_START:
                value = _number(text, timestamps=short == "!!timestamp")
            else:
                value = _SPECIAL.get(text, text)
            return self._check_tag(node, short, value)
        if tag == _BINARY_TAG:
            try:
                raw = base64.b64decode("".join(text.split()), validate=True)
            except (binascii.Error, ValueError):
                raise _parse_error(
                    self._filename, "yaml: !!binary value contains invalid base64 data", node.start_mark
                ) from None
            return raw.decode("utf-8", "replace")
        # go-yaml does not resolve a scalar with a tag it does not know: it stays the source text.
        if tag == _RESET_TAG:
            return Reset(text)
        if tag == _OVERRIDE_TAG:
            return Override(text)
        return text

    def _check_tag(self, node: ScalarNode, short: str, value: Any) -> Any:
        """go-yaml's check that an explicitly tagged scalar resolves to that type (ints pass as floats)."""
        if value.__class__ is bool:
            kind = "!!bool"
        elif value is None:
            kind = "!!null"
        elif isinstance(value, int):
            kind = "!!int"
            if short == "!!float":
                return float(value)
        elif isinstance(value, float):
            kind = "!!float"
        elif isinstance(value, datetime.datetime):
            kind = "!!timestamp"
        else:
            kind = "!!str"
        if kind != short:
            raise _parse_error(
                self._filename, f"yaml: cannot decode {kind} `{node.value}` as a {short}", node.start_mark
            )
        return value

    # -- collections ---------------------------------------------------------------------------

    def _sequence(self, node: SequenceNode) -> list[Any]:
        items = node.value
        self._decoded += len(items)
        if self._expanding:
            self._count(len(items))
        out: list[Any] = []
        append = out.append
        index = 0
        try:
            for index, item in enumerate(items):  # noqa: B007 - index is read by the except clause
                if item.__class__ is ScalarNode:
                    tag = item.tag
                    if tag is _PLAIN:
                        text = item.value
                        append(
                            _number(text) if text and text[0] in _NUMBER_START else _SPECIAL.get(text, text)
                        )
                    elif tag is _QUOTED:
                        append(item.value)
                    else:
                        append(self._tagged_scalar(item))
                else:
                    append(self._node(item))
        except _Cycle as cycle:
            cycle.path.insert(0, index)
            if cycle.target is node:
                cycle.target_depth = 0
            elif cycle.target_depth is not None:
                cycle.target_depth += 1
            raise
        return out

    def _mapping(self, node: MappingNode) -> dict[Any, Any]:
        pairs = node.value
        self._decoded += len(pairs)
        if self._expanding:
            self._count(len(pairs))
        out: dict[Any, Any] = {}
        seen: set[str] = set()
        merge: Node | None = None
        key: Any = None
        number_start = _NUMBER_START
        special = _SPECIAL.get
        try:
            for key_node, value_node in pairs:
                if key_node.__class__ is not ScalarNode:
                    key = self._node(key_node)
                    raise _parse_error(
                        self._filename, f"yaml: invalid map key: {_go_repr(key)}", key_node.start_mark
                    )
                text = key_node.value
                if text in seen:
                    self._duplicate(pairs, key_node)
                seen.add(text)
                tag = key_node.tag
                if tag is _PLAIN:
                    if text == "<<":
                        merge = value_node
                        continue
                    key = _number(text) if text and text[0] in number_start else special(text, text)
                elif tag is _QUOTED:
                    key = text
                else:
                    key = self._tagged_scalar(key_node)
                if value_node.__class__ is ScalarNode:
                    tag = value_node.tag
                    text = value_node.value
                    if tag is _PLAIN:
                        out[key] = _number(text) if text and text[0] in number_start else special(text, text)
                    elif tag is _QUOTED:
                        out[key] = text
                    else:
                        out[key] = self._tagged_scalar(value_node)
                else:
                    out[key] = self._node(value_node)
            if merge is not None:
                key = "<<"
                self._merge(out, merge)
        except _Cycle as cycle:
            cycle.path.insert(0, key)
            if cycle.target is node:
                cycle.target_depth = 0
            elif cycle.target_depth is not None:
                cycle.target_depth += 1
            raise
        return out

    def _merge(self, out: dict[Any, Any], value_node: Node) -> None:
        """Apply ``<<``: keys already in ``out`` win, then the first listed map.

        Quirk kept from Docker Compose: a ``!reset`` on a key that the merge also supplies does not remove
        it (compose-go drops the reset key before go-yaml applies the merge, which then brings it back).
        """
        if value_node.__class__ is MappingNode:
            sources: list[Node] = [value_node]
        elif value_node.__class__ is SequenceNode:
            sources = value_node.value
            if any(item.__class__ is not MappingNode for item in sources):
                self._bad_merge(value_node)
        else:
            self._bad_merge(value_node)
        for source in sources:
            merged = self._node(source)
            if not isinstance(merged, dict):
                self._bad_merge(value_node)
            for k, v in merged.items():
                current = out.get(k, _MISSING)
                if current is _MISSING or current.__class__ is Reset:
                    out[k] = v

    def _bad_merge(self, node: Node) -> NoReturn:
        raise _parse_error(
            self._filename, "yaml: map merge requires map or sequence of maps as the value", node.start_mark
        )

    def _duplicate(self, pairs: list[tuple[Node, Node]], second: Node) -> NoReturn:
        """compose-go's message for a repeated key, naming both lines (keys compare on source text)."""
        first = next(k for k, _ in pairs if k.__class__ is ScalarNode and k.value == second.value)
        line = second.start_mark.line + 1
        message = (
            f"line {line}: mapping key {_go_quote(second.value)} already defined at line "
            f"{first.start_mark.line + 1}"
        )
        raise _parse_error(self._filename, message, second.start_mark)


# --------------------------------------------------------------------------------------------------
# Public API
# --------------------------------------------------------------------------------------------------


def load_documents(text: str, filename: str) -> list[Any]:
    """Parse a Compose file's text (possibly several '---' documents) into plain Python values.

    Values are ``dict`` (insertion-ordered), ``list``, ``str``, ``int``, ``float``, ``bool``, ``None``,
    aware ``datetime.datetime`` for unquoted timestamps, and ``Reset``/``Override`` for the Compose tags.
    An empty stream gives ``[]``; the caller reports "empty compose file".

    Raises ``ParseError`` with Docker Compose's message (``failed to parse <filename>: ...``) and the
    1-based line/column of the problem where known.
    """
    # The cyclic garbage collector would otherwise run over and over while some 100,000 nodes and values
    # are created, none of them garbage; pausing it makes loading about three times faster.
    gc_was_enabled = gc.isenabled()
    gc.disable()
    try:
        return [_Builder(filename).document(node) for node in _compose(text, filename)]
    finally:
        if gc_was_enabled:
            gc.enable()


def _find_key(node: MappingNode, part: str | int, depth: int = 0) -> tuple[Node, Node] | None:
    """The (key, value) pair of ``node`` for ``part``, looking into ``<<`` merges like the builder."""
    merge = None
    for key_node, value_node in node.value:
        if key_node.__class__ is not ScalarNode:
            continue
        text = key_node.value
        if key_node.tag is _PLAIN and text == "<<":
            merge = value_node
            continue
        if text == part or (not isinstance(part, str) and str(part) == text):
            return key_node, value_node
        if key_node.tag is _PLAIN and not isinstance(part, str) and resolve_plain(text) == part:
            return key_node, value_node
    if merge is not None and depth < 100:
        sources = [merge] if merge.__class__ is MappingNode else list(getattr(merge, "value", []))
        for source in sources:
            if source.__class__ is MappingNode:
                found = _find_key(source, part, depth + 1)
                if found is not None:
                    return found
    return None


def _walk(root: Node, path: Sequence[str | int]) -> Node | None:
    """The key node (for a mapping entry) or item node (for a sequence item) at ``path``."""
    node: Node = root
    target: Node = root
    for part in path:
        if node.__class__ is MappingNode:
            found = _find_key(node, part)
            if found is None:
                return None
            target, node = found
        elif node.__class__ is SequenceNode and isinstance(part, int) and not isinstance(part, bool):
            if not -len(node.value) <= part < len(node.value):
                return None
            node = target = node.value[part]
        else:
            return None
    return target


def locate(text: str, path: Sequence[str | int]) -> tuple[int, int] | None:
    """1-based (line, column) of the node at key path, e.g. ``('services', 'web', 'ports', 0)``.

    For a mapping entry it is the position of the key, for a sequence item that of the item. Each
    document of a multi-document file is searched in turn. ``None`` if the path is not in the file or the
    file does not parse. Only used to decorate errors, so it composes the file again rather than making
    the fast path keep positions.
    """
    try:
        roots = _compose(text, "<locate>")
    except ParseError:
        return None
    for root in roots:
        found = _walk(root, path)
        if found is not None:
            return found.start_mark.line + 1, found.start_mark.column + 1
    return None
