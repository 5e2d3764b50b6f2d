"""Tests for pycompose.config.yamlio: Compose YAML read the way Docker Compose v2 (go-yaml v3) reads it.

Expected values were checked against the Docker Compose v2.40.3 binary (``config --format json``).
"""

from __future__ import annotations

import datetime
import gc
import math
from typing import Any

import pytest

from pycompose.config import yamlio
from pycompose.config.tags import Override, Reset
from pycompose.config.yamlio import load_documents, locate
from pycompose.errors import ParseError

FILE = "/project/compose.yaml"
UTC = datetime.timezone.utc


def load(text: str) -> list[Any]:
    return load_documents(text, FILE)


def load_one(text: str) -> Any:
    docs = load(text)
    assert len(docs) == 1
    return docs[0]


def scalar(text: str) -> Any:
    """The value of ``text`` written as a plain mapping value."""
    return load_one(f"v: {text}\n")["v"]


def same(actual: Any, expected: Any) -> bool:
    """Equal and of the same type (so 1, 1.0 and True are told apart); NaN equals NaN."""
    if type(actual) is not type(expected):
        return False
    if isinstance(expected, float) and math.isnan(expected):
        return math.isnan(actual)
    return bool(actual == expected)


@pytest.fixture(params=["fast", "python"])
def loaders(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """Run a test with libyaml (when present) and with the pure-Python fallback."""
    if request.param == "python":
        monkeypatch.setattr(yamlio, "_LOADERS", (yamlio._PyLoader,))
    elif not hasattr(yamlio, "_FastLoader"):
        pytest.skip("PyYAML built without libyaml")
    return str(request.param)


# --------------------------------------------------------------------------------------------------
# Scalars
# --------------------------------------------------------------------------------------------------

SCALARS: list[tuple[str, Any]] = [
    # YAML 1.1 booleans are strings in go-yaml v3
    ("yes", "yes"), ("no", "no"), ("on", "on"), ("off", "off"), ("y", "y"), ("n", "n"),
    ("Y", "Y"), ("N", "N"), ("YES", "YES"), ("On", "On"), ("OFF", "OFF"),
    ("true", True), ("True", True), ("TRUE", True), ("tRUE", "tRUE"),
    ("false", False), ("False", False), ("FALSE", False),
    # nulls
    ("~", None), ("null", None), ("Null", None), ("NULL", None), ("", None), ("nULL", "nULL"),
    # integers (strconv.ParseInt base 0 after removing underscores)
    ("0", 0), ("42", 42), ("+12", 12), ("-3", -3), ("-0", 0), ("00", 0),
    ("0755", 493), ("007", 7), ("-0755", -493), ("0o17", 15), ("0O17", 15), ("0o755", 493),
    ("0x1F", 31), ("0X1f", 31), ("+0x1F", 31), ("0x_1F", 31), ("0b101", 5), ("0B11", 3), ("-0b11", -3),
    ("1_000", 1000), ("1__0", 10), ("-1_0", -10), ("1_", 1),
    ("9223372036854775807", 9223372036854775807),
    ("9223372036854775808", 9223372036854775808),  # fits uint64
    ("18446744073709551615", 18446744073709551615),
    ("-9223372036854775808", -9223372036854775808),
    ("0o-7", -7), ("0o+7", 7), ("0b-1", -1),  # go-yaml's extra prefix branches take a sign
    # floats
    ("08", 8.0), ("09", 9.0),  # not octal, but yamlStyleFloat matches
    ("1.5", 1.5), ("1.50", 1.5), ("1.0", 1.0), ("1.", 1.0), ("0.", 0.0), (".5", 0.5), ("+.5", 0.5),
    ("-.5", -0.5), ("1e3", 1000.0), ("1E3", 1000.0), ("1e+3", 1000.0), ("12e03", 12000.0),
    ("1.5e3", 1500.0), ("1e-400", 0.0), (".5_0", 0.5), (".5e3", 500.0),
    ("99999999999999999999", 1e20), ("-9223372036854775809", -9223372036854775809.0),
    ("+18446744073709551615", 18446744073709551615.0),
    (".inf", math.inf), (".Inf", math.inf), (".INF", math.inf), ("+.inf", math.inf),
    ("-.inf", -math.inf), ("-.Inf", -math.inf), (".nan", math.nan), (".NaN", math.nan), (".NAN", math.nan),
    # strings that PyYAML 1.1 or a careless resolver would turn into something else
    ("22:22", "22:22"), ("1:2:3", "1:2:3"), ("8080:80", "8080:80"), ("127.0.0.1", "127.0.0.1"),
    ("1e400", "1e400"), ("-1e400", "-1e400"), (".iNf", ".iNf"), ("._5", "._5"), (".", "."), (".e3", ".e3"),
    ("1e", "1e"), ("0o8", "0o8"), ("0b2", "0b2"), ("0xG", "0xG"), ("0x", "0x"),
    ("0xFFFFFFFFFFFFFFFFF", "0xFFFFFFFFFFFFFFFFF"), ("1,000", "1,000"), ("1.2.3", "1.2.3"), ("+", "+"),
    ("--", "--"), ("+-1", "+-1"), ("_1", "_1"), ("v1.2", "v1.2"), ("1-2", "1-2"), ("<<", "<<"),
    ("'123'", "123"), ('"true"', "true"), ("'~'", "~"), ('""', ""), ("|\n  12\n", "12\n"),
]  # fmt: skip


@pytest.mark.parametrize(("text", "expected"), SCALARS, ids=[repr(t) for t, _ in SCALARS])
def test_scalar_resolution(loaders: str, text: str, expected: Any) -> None:
    value = scalar(text)
    assert same(value, expected), f"{text!r} -> {value!r}, expected {expected!r}"


def test_scalars_resolve_the_same_in_sequences_and_keys() -> None:
    doc = load_one("seq: [yes, 0755, 1e3, ~, 22:22]\n0x10: hex\ntrue: t\n~: n\n")
    assert doc["seq"] == ["yes", 493, 1000.0, None, "22:22"]
    assert doc[16] == "hex" and doc[True] == "t" and doc[None] == "n"


TIMESTAMPS: list[tuple[str, Any]] = [
    ("2001-12-14", datetime.datetime(2001, 12, 14, tzinfo=UTC)),
    ("2001-1-2", datetime.datetime(2001, 1, 2, tzinfo=UTC)),
    ("2000-02-29", datetime.datetime(2000, 2, 29, tzinfo=UTC)),
    ("2001-12-14T21:59:43Z", datetime.datetime(2001, 12, 14, 21, 59, 43, tzinfo=UTC)),
    ("2001-12-14t21:59:43Z", datetime.datetime(2001, 12, 14, 21, 59, 43, tzinfo=UTC)),
    ("2001-12-14T1:2:3Z", datetime.datetime(2001, 12, 14, 1, 2, 3, tzinfo=UTC)),
    (
        "2001-12-14T21:59:43.10-05:00",
        datetime.datetime(2001, 12, 14, 21, 59, 43, 100000, datetime.timezone(datetime.timedelta(hours=-5))),
    ),
    (
        "2001-12-14T21:59:43.123456789+01:00",
        datetime.datetime(2001, 12, 14, 21, 59, 43, 123456, datetime.timezone(datetime.timedelta(hours=1))),
    ),
    ("2001-12-14 21:59:43.10", datetime.datetime(2001, 12, 14, 21, 59, 43, 100000, tzinfo=UTC)),
    # not one of go-yaml's layouts, or out of range: strings
    ("2001-13-14", "2001-13-14"), ("2001-02-30", "2001-02-30"), ("2001-12-144", "2001-12-144"),
    ("12001-12-14", "12001-12-14"), ("2001-12-14T21:59:43", "2001-12-14T21:59:43"),
    ("2001-12-14T21:59:43+0100", "2001-12-14T21:59:43+0100"),
    ("2001-12-14T25:00:00Z", "2001-12-14T25:00:00Z"), ("2001-12-14T21:59:60Z", "2001-12-14T21:59:60Z"),
    ("2001-12-14 21:59:43 +01:00", "2001-12-14 21:59:43 +01:00"),
    ("'2001-12-14'", "2001-12-14"),
]  # fmt: skip


@pytest.mark.parametrize(("text", "expected"), TIMESTAMPS, ids=[t for t, _ in TIMESTAMPS])
def test_timestamps_stay_non_strings(loaders: str, text: str, expected: Any) -> None:
    value = scalar(text)
    assert same(value, expected), f"{text!r} -> {value!r}"


# --------------------------------------------------------------------------------------------------
# Tags
# --------------------------------------------------------------------------------------------------

TAGGED: list[tuple[str, Any]] = [
    ("!!str 12", "12"), ("!!str true", "true"), ("!!int '12'", 12), ("!!int 0x10", 16), ("!!float 1", 1.0),
    ("!!float '1.5'", 1.5), ("!!bool 'true'", True), ("!!null ''", None), ("!!binary aGVsbG8=", "hello"),
    ("!!timestamp 2001-12-14", datetime.datetime(2001, 12, 14, tzinfo=UTC)),
    # go-yaml leaves scalars with tags it does not know unresolved
    ("!foo bar", "bar"), ("!foo 12", "12"), ("!<tag:yaml.org,2002:foo> x", "x"), ("!!foo 1", "1"),
    ("!reset x", Reset("x")), ("!reset", Reset("")), ("!override 0755", Override("0755")),
    ("!reset []", Reset([])), ("!reset {a: 1}", Reset({"a": 1})),
    ("!override [1, yes]", Override([1, "yes"])),
    ("!override {a: 0x10}", Override({"a": 16})), ("!foo {a: 1}", {"a": 1}), ("!!map {a: 1}", {"a": 1}),
    ("!!seq [1]", [1]),
]  # fmt: skip


@pytest.mark.parametrize(("text", "expected"), TAGGED, ids=[t for t, _ in TAGGED])
def test_tags(loaders: str, text: str, expected: Any) -> None:
    value = scalar(text)
    assert same(value, expected), f"{text!r} -> {value!r}"


def test_tags_in_sequences_and_nested() -> None:
    doc = load_one("ports: [!reset '80', !override 90]\nenv: !override\n  A: !reset\n")
    assert doc == {"ports": [Reset("80"), Override("90")], "env": Override({"A": Reset("")})}


BAD_TAGS = [
    ("!!int abc", "yaml: cannot decode !!str `abc` as a !!int"),
    ("!!int 1.5", "yaml: cannot decode !!float `1.5` as a !!int"),
    ("!!int 2001-12-14", "yaml: cannot decode !!str `2001-12-14` as a !!int"),
    ("!!float abc", "yaml: cannot decode !!str `abc` as a !!float"),
    ("!!bool yes", "yaml: cannot decode !!str `yes` as a !!bool"),
    ("!!null 0", "yaml: cannot decode !!int `0` as a !!null"),
    ("!!timestamp 12", "yaml: cannot decode !!int `12` as a !!timestamp"),
    ("!!binary 'a===='", "yaml: !!binary value contains invalid base64 data"),
]


@pytest.mark.parametrize(("text", "message"), BAD_TAGS)
def test_bad_tagged_scalars(text: str, message: str) -> None:
    with pytest.raises(ParseError) as info:
        load(f"a: 1\nb: {text}\n")
    assert str(info.value) == f"failed to parse {FILE}: {message}"
    assert (info.value.file, info.value.line, info.value.column) == (FILE, 2, 4)


# --------------------------------------------------------------------------------------------------
# Mappings: duplicates, anchors, merge keys
# --------------------------------------------------------------------------------------------------

DUPLICATES = [
    # (text, reported line, first line, key) - the first duplicate in document order is reported
    ("services:\n  app:\n    image: a\n    image: b\n", 4, 3, "image"),
    ("services:\n  a:\n    image: c\n    user: x\n    user: y\n    image: d\n", 5, 4, "user"),
    ("services:\n  a:\n    image: a\n    image: b\n  a:\n    image: c\n", 4, 3, "image"),
    ("services:\n  a:\n    image: c\n  a:\n    image: a\n    image: b\n", 4, 2, "a"),
    ("services:\n  a: {}\nservices:\n  b: {}\n", 3, 1, "services"),
    ("x-a: &a {image: c, image: d}\nservices:\n  b:\n    <<: *a\n", 1, 1, "image"),
    ("x-a: &a {image: c}\nb:\n  <<: *a\n  <<: *a\n", 4, 3, "<<"),
    ('env:\n  1: x\n  "1": y\n', 3, 2, "1"),  # compared on source text, not on the resolved key
    ("env:\n  A: 1\n  ? !!str A\n  : 2\n", 3, 2, "A"),
    ('env:\n  "a\\tb": 1\n  "a\\tb": 2\n', 3, 2, "a\\tb"),
    ("b:\n  image: c\n  ? image\n  : d\n", 3, 2, "image"),
]


@pytest.mark.parametrize(("text", "line", "first", "key"), DUPLICATES)
def test_duplicate_keys(loaders: str, text: str, line: int, first: int, key: str) -> None:
    with pytest.raises(ParseError) as info:
        load(text)
    assert str(info.value) == (
        f'failed to parse {FILE}: line {line}: mapping key "{key}" already defined at line {first}'
    )
    assert info.value.line == line


def test_keys_equal_after_resolution_but_not_in_source_are_no_duplicates() -> None:
    # go-yaml compares source text; Docker Compose then reports the non-string key instead
    assert load_one("env:\n  0x1: x\n  1: y\n") == {"env": {1: "y"}}


def test_anchors_and_aliases(loaders: str) -> None:
    doc = load_one(
        "x-cmd: &cmd [sh, -c, echo hi]\n"
        "x-env: &env {A: 1, B: yes}\n"
        "x-s: &s 0755\n"
        "services:\n"
        "  a: {command: *cmd, entrypoint: *cmd, environment: *env, user: *s}\n"
    )
    service = doc["services"]["a"]
    assert service == {
        "command": ["sh", "-c", "echo hi"],
        "entrypoint": ["sh", "-c", "echo hi"],
        "environment": {"A": 1, "B": "yes"},
        "user": 493,
    }
    # every alias is expanded afresh: later stages may mutate one place without touching the others
    assert service["command"] is not service["entrypoint"]
    assert service["environment"] is not doc["x-env"]


def test_redefined_anchor_refers_to_the_latest_definition(loaders: str) -> None:
    doc = load_one("a: &x 1\nb: &x {k: v}\nc: *x\nd: &x [1]\ne: *x\n")
    assert doc == {"a": 1, "b": {"k": "v"}, "c": {"k": "v"}, "d": [1], "e": [1]}


def test_anchors_are_scoped_to_their_document() -> None:
    with pytest.raises(ParseError) as info:
        load("a: &x 1\n---\nb: *x\n")
    assert str(info.value) == f"failed to parse {FILE}: yaml: unknown anchor 'x' referenced"


HW_ANCHORS_MERGE_KEYS = """\
x-common: &common
  restart: unless-stopped
  environment: &env
    LOG_LEVEL: info
    REGION: eu
  labels:
    tier: backend
x-logging: &logging
  logging:
    driver: json-file
    options:
      max-size: "10m"
services:
  api:
    <<: [*common, *logging]
    image: api:1
    environment:
      <<: *env
      LOG_LEVEL: debug
  worker:
    <<: *common
    image: worker:1
    restart: "no"
"""


def test_merge_keys_conformance_case(loaders: str) -> None:
    services = load_one(HW_ANCHORS_MERGE_KEYS)["services"]
    assert services["api"] == {
        "image": "api:1",
        "environment": {"LOG_LEVEL": "debug", "REGION": "eu"},
        "restart": "unless-stopped",
        "labels": {"tier": "backend"},
        "logging": {"driver": "json-file", "options": {"max-size": "10m"}},
    }
    assert services["worker"] == {
        "image": "worker:1",
        "restart": "no",
        "environment": {"LOG_LEVEL": "info", "REGION": "eu"},
        "labels": {"tier": "backend"},
    }
    assert services["api"]["labels"] is not services["worker"]["labels"]


MERGES: list[tuple[str, dict[str, Any]]] = [
    # the first listed map wins, explicit keys beat merged ones wherever `<<` is written
    ("x-a: &a {image: a, user: ua}\nx-b: &b {image: b, hostname: hb}\ns: {<<: [*a, *b]}",
     {"image": "a", "user": "ua", "hostname": "hb"}),
    ("x-a: &a {image: a, user: ua}\ns: {image: mine, <<: *a}", {"image": "mine", "user": "ua"}),
    ("x-a: &a {image: a}\ns: {<<: {image: inline, user: u}, image: mine}", {"image": "mine", "user": "u"}),
    ("s: {<<: [{image: x}, {image: y, user: u}]}", {"image": "x", "user": "u"}),
    ("x-l: &l [{image: x}]\ns: {<<: *l}", {"image": "x"}),  # an alias to a sequence of maps
    ("s: {<<: &l [{image: x}]}", {"image": "x"}),
    ("x-a: &a {<<: {deep: 1}, image: a}\ns: {<<: *a}", {"image": "a", "deep": 1}),  # nested merges
    ("s: {'<<': literal}", {"<<": "literal"}),  # a quoted << is an ordinary key
    # Docker Compose quirk: a !reset of a key the merge also supplies does not remove it
    ("x-b: &b {image: x, ports: ['80:80']}\ns: {<<: *b, ports: !reset []}",
     {"image": "x", "ports": ["80:80"]}),
    ("x-b: &b {image: x, ports: ['80:80']}\ns: {<<: *b, ports: !override ['90:90']}",
     {"image": "x", "ports": Override(["90:90"])}),
    ("x-b: &b {image: x}\ns: {<<: *b, ports: !reset ['90:90']}", {"image": "x", "ports": Reset(["90:90"])}),
]  # fmt: skip


@pytest.mark.parametrize(("text", "expected"), MERGES)
def test_merge_keys(loaders: str, text: str, expected: dict[str, Any]) -> None:
    assert load_one(text)["s"] == expected


@pytest.mark.parametrize(
    "text",
    [
        "x-a: &a hello\nservices:\n  app:\n    <<: *a\n    image: a\n",
        "services:\n  app:\n    <<:\n    image: a\n",
        "services:\n  app:\n    <<: [{image: x}, plain]\n",
        "x-a: &a [1]\nservices:\n  app:\n    <<: [*a]\n",
        "x-a: &a [1]\nservices:\n  app:\n    <<: *a\n",
    ],
)
def test_merge_of_a_non_mapping(loaders: str, text: str) -> None:
    with pytest.raises(ParseError) as info:
        load(text)
    assert str(info.value) == (
        f"failed to parse {FILE}: yaml: map merge requires map or sequence of maps as the value"
    )


def test_alias_cycle() -> None:
    with pytest.raises(ParseError) as info:
        load("services: &a\n  a:\n    image: x\n    x: *a\n")
    # Docker Compose's own wording, paths included
    assert str(info.value) == (
        f"failed to parse {FILE}: cycle detected: node at path services.a.x.a.x references node at path "
        "services.a.x"
    )


def test_excessive_aliasing_is_refused_quickly() -> None:
    lines = ['a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    lines += [f"a{i}: &a{i} [" + ",".join([f"*a{i - 1}"] * 9) + "]" for i in range(1, 10)]
    with pytest.raises(ParseError, match="yaml: document contains excessive aliasing"):
        load("\n".join(lines))


def test_moderate_aliasing_is_fine() -> None:
    text = "x-c: &c {restart: always, labels: {a: b}}\nservices:\n" + "".join(
        f"  s{i}:\n    <<: *c\n    image: i{i}\n" for i in range(2000)
    )
    services = load_one(text)["services"]
    assert len(services) == 2000 and services["s1999"]["labels"] == {"a": "b"}


def test_non_scalar_key() -> None:
    with pytest.raises(ParseError) as info:
        load("services:\n  a:\n    image: x\n    ? [a]\n    : b\n")
    assert str(info.value) == f'failed to parse {FILE}: yaml: invalid map key: []interface {{}}{{"a"}}'


# --------------------------------------------------------------------------------------------------
# Documents and syntax errors
# --------------------------------------------------------------------------------------------------


def test_multiple_documents(loaders: str) -> None:
    text = "services:\n  a: {image: a}\n---\nservices:\n  b: {image: b}\n"
    assert load(text) == [{"services": {"a": {"image": "a"}}}, {"services": {"b": {"image": "b"}}}]


@pytest.mark.parametrize(
    ("text", "expected"), [("", []), ("# only a comment\n", []), ("---\n", [None]), ("~\n", [None])]
)
def test_empty_input_is_left_to_the_caller(text: str, expected: list[Any]) -> None:
    assert load(text) == expected


def test_mappings_keep_insertion_order() -> None:
    assert list(load_one("z: 1\na: 2\nm: 3\n")) == ["z", "a", "m"]


SYNTAX_ERRORS = [
    # (text, go-yaml message after "yaml: ", 1-based line/column of the problem)
    (
        "services:\n  app:\n    image: busybox\n   ports:\n     - 80\n",
        "line 1: did not find expected key",
        4,
        4,
    ),
    ("services:\n  a: [1, 2\n", "line 1: did not find expected ',' or ']'", 3, 1),
    ('services:\n  a:\n    image: "abc\n', "line 3: found unexpected end of stream", 4, 1),
    ("services:\n\ta: 1\n", "line 2: found character that cannot start any token", 2, 1),
    ("services:\n  a: @x\n", "line 2: found character that cannot start any token", 2, 6),
    ("services:\n  a: b: c\n", "line 2: mapping values are not allowed in this context", 2, 7),
    ("services:\n  - a\n  b: 1\n", "line 1: did not find expected '-' indicator", 3, 3),
    ("services: {a: {image: x}}\n...\nfoo\n", "line 2: did not find expected <document start>", 3, 1),
    ("%YAML 1.1\n%YAML 1.1\n---\na: 1\n", "line 1: found duplicate %YAML directive", 2, 1),
    ('services:\n  a: "\\q"\n', "line 2: found unknown escape character", 2, 7),
    ("services: {a: {image: x, ports: [1:2}}}\n", "did not find expected ',' or ']'", 1, 37),
    (
        "services:\n  a:\n    image: x\n\n\n\n    ports: [\n",
        "line 7: did not find expected node content",
        8,
        1,
    ),
    ("services: &a\n  a: *b\n", "unknown anchor 'b' referenced", 2, 6),
    ('services:\n  a:\n    image: "x\x01"\n', "control characters are not allowed", None, None),
]


@pytest.mark.parametrize(("text", "message", "line", "column"), SYNTAX_ERRORS)
def test_syntax_errors(text: str, message: str, line: int | None, column: int | None) -> None:
    with pytest.raises(ParseError) as info:
        load(text)
    error = info.value
    assert str(error) == f"failed to parse {FILE}: yaml: {message}"
    assert (error.file, error.line, error.column) == (FILE, line, column)


def test_syntax_errors_with_the_python_parser(loaders: str) -> None:
    with pytest.raises(ParseError) as info:
        load("services:\n  app:\n    image: busybox\n   ports:\n     - 80\n")
    assert str(info.value).startswith(f"failed to parse {FILE}: yaml: line 1: ")


def test_deep_nesting_is_a_parse_error() -> None:
    with pytest.raises(ParseError, match=r"nested too deeply|maximum nesting depth"):
        load("a: " + "[" * 5000 + "]" * 5000)


def test_garbage_collector_is_restored() -> None:
    assert gc.isenabled()
    load("a: 1\n")
    assert gc.isenabled()
    with pytest.raises(ParseError):
        load("a: [\n")
    assert gc.isenabled()
    gc.disable()
    try:
        load("a: 1\n")
        assert not gc.isenabled()
    finally:
        gc.enable()


# --------------------------------------------------------------------------------------------------
# locate
# --------------------------------------------------------------------------------------------------

LOCATE_TEXT = """\
x-base: &base
  restart: always
  ports:
    - "80:80"
services:
  web:
    <<: *base
    image: nginx
    ports:
      - 8080:80
      - target: 443
    environment:
      1: one
---
services:
  db:
    image: postgres
"""

LOCATIONS: list[tuple[tuple[str | int, ...], tuple[int, int] | None]] = [
    ((), (1, 1)),
    (("services",), (5, 1)),
    (("services", "web"), (6, 3)),
    (("services", "web", "image"), (8, 5)),
    (("services", "web", "ports", 0), (10, 9)),
    (("services", "web", "ports", 1), (11, 9)),
    (("services", "web", "ports", 1, "target"), (11, 9)),
    (("services", "web", "ports", -1), (11, 9)),
    (("services", "web", "ports", 2), None),
    (("services", "web", "restart"), (2, 3)),  # supplied by the `<<` merge: found in the anchor
    (("services", "web", "environment", 1), (13, 7)),
    (("services", "web", "environment", "1"), (13, 7)),
    (("services", "db", "image"), (17, 5)),  # second document
    (("services", "nope"), None),
    (("services", "web", "image", "x"), None),
    (("services", "web", "ports", "x"), None),
]


@pytest.mark.parametrize(("path", "expected"), LOCATIONS, ids=[str(p) for p, _ in LOCATIONS])
def test_locate(path: tuple[str | int, ...], expected: tuple[int, int] | None) -> None:
    assert locate(LOCATE_TEXT, path) == expected


def test_locate_duplicate_key_and_bad_yaml() -> None:
    assert locate("a:\n  b: 1\n  b: 2\n", ("a", "b")) == (2, 3)
    assert locate("a: [\n", ("a",)) is None
    assert locate("", ("a",)) is None
