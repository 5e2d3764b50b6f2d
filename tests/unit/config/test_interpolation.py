"""Interpolation and type casts, checked against what Docker Compose v2.40.3 prints.

Every expected value below was produced by the real binary (``docker-compose -p t config --format
json``); outputs here hold the literal ``$`` (the emitter re-escapes it as ``$$``).
"""

from __future__ import annotations

import os
import random
import re
import subprocess
from pathlib import Path
from typing import Any

import pytest

from pycompose.config import interpolation
from pycompose.config.interpolation import (
    CAST_RULES,
    cast_types,
    expand,
    float32_value,
    go_quote,
    interpolate,
    substitute,
)
from pycompose.config.tags import Override, Reset
from pycompose.errors import InterpolationError

ENV = {"SET": "value", "EMPTY": "", "S2": "a}b", "DOL": "$x"}


def warned(stderr: str) -> list[str]:
    """The variable names of the "not set" warnings in ``stderr``, in order."""
    return re.findall(r'msg="The \\"(\w+)\\" variable is not set\. Defaulting to a blank string\."', stderr)


# (template, expected, variables warned about). Environment: ENV.
SUBSTITUTE_CASES: list[tuple[str, str, list[str]]] = [
    # checklist §3 table
    ("${UNSET:-def}", "def", []),
    ("${EMPTY:-def}", "def", []),
    ("${SET:-def}", "value", []),
    ("${UNSET-def}", "def", []),
    ("${EMPTY-def}", "", []),
    ("${SET:+alt}", "alt", []),
    ("${EMPTY:+alt}", "", []),
    ("${EMPTY+alt}", "alt", []),
    ("${UNSET+alt}", "", []),
    ("${SET:?msg}", "value", []),
    ("${EMPTY?msg}", "", []),
    ("${UNSET:-${ALSO:-${SET}-x}}", "value-x", []),
    ("${UNSET:-a:b}", "a:b", []),
    ("${UNSET:-hello world}", "hello world", []),
    ("${U1:-$U2}", "", ["U2"]),
    ("${SET:+${SET}-alt}", "value-alt", []),
    ("$SET/path", "value/path", []),
    ("x${UNSET}y", "xy", ["UNSET"]),
    ("$$HOME", "$HOME", []),
    ("$${SET}", "${SET}", []),
    ("cost: 5$", "cost: 5$", []),
    ("$1abc", "$1abc", []),
    ("a$-b", "a$-b", []),
    # hw-interp-forms
    ("alpine:${TAG:-3.19}", "alpine:3.19", []),
    ("$$HOME and $${SET}", "$HOME and ${SET}", []),
    ("${SET}${SET}", "valuevalue", []),
    ("lbl=${SET}", "lbl=value", []),
    ("${SET:?need SET}", "value", []),
    ("${EMPTY?need EMPTY}", "", []),
    # defaults, alternates and messages are expanded even when unused (compose-go is eager)
    ("${SET:-$U2}", "value", ["U2"]),
    ("${SET:+$U3}", "", ["U3"]),
    ("${UNSET:-${U4}}", "", ["U4"]),
    ("${SET:-${U5:-x}y}", "value", []),
    ("${UNSET:-}", "", []),
    # the first balanced "}" ends an expression; what follows is plain text or another expression
    ("${A:-x}}", "x}", []),
    ("${SET:-{}}", "value", []),
    ("${SET}}", "value}", []),
    ("${SET:-a}-${SET:-b}", "value-value", []),
    ("${UNSET:-a}${UNSET2:-b}", "ab", []),
    ("${SET:-x:-y}", "value", []),
    ("${UNSET-x:-y}", "x:-y", []),
    ("${UNSET:-x-y}", "x-y", []),
    ("${UNSET:+x}z", "z", []),
    ("${S2}", "a}b", []),
    ("${DOL}", "$x", []),  # values are not re-interpolated
    ("${SET?}", "value", []),
    ("}UNSET${SET?}", "}UNSETvalue", []),
    ("$_u", "", ["_u"]),
    ("${_u}", "", ["_u"]),
    ("é$SET", "évalue", []),
    ("$SETé", "valueé", []),
    ("$SET.x", "value.x", []),
    ("$set", "", ["set"]),
    ("$UNSET ${UNSET}", " ", ["UNSET", "UNSET"]),
    ("no dollar at all", "no dollar at all", []),
    ("$", "$", []),
    ("$$$$", "$$", []),
    ("$$$SET", "$value", []),
]


@pytest.mark.parametrize(("template", "expected", "warnings"), SUBSTITUTE_CASES)
def test_substitute(
    template: str, expected: str, warnings: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    assert substitute(template, ENV.get, "services.app.image") == expected
    assert warned(capsys.readouterr().err) == warnings


INVALID = (
    "invalid interpolation format for services.app.image.\nYou may need to escape any $ with another $.\n"
)
INTERP = "error while interpolating services.app.image: "

# (template, environment, message)
ERROR_CASES: list[tuple[str, dict[str, str], str]] = [
    ("busybox:${TAG", {}, INVALID + "busybox:${TAG"),
    ("${A.B}", {}, INVALID + "${A.B}"),
    ("${", {}, INVALID + "${"),
    ("${}", {}, INVALID + "${}"),
    ("${A:x}", {}, INVALID + "${A:x}"),
    ("${ A}", {}, INVALID + "${ A}"),
    ("$UNSET ${ $UNSET2", {}, INVALID + "$UNSET ${ $UNSET2"),
    # the innermost template that failed is named
    ("${SET:-${B}", {"SET": "1"}, INVALID + "${B"),
    ("${A:-x}${.}", {}, INVALID + "${.}"),
    ("${REQ:?must ${B be}", {}, INVALID + "must ${B be"),
    ("${SET:-${B}}${", {"SET": "1"}, INVALID + "${SET:-${B}}${"),
    ("${A:-x}${B:-y}${", {}, INVALID + "${A:-x}${B:-y}${"),
    ("a\n${A:-x\ny}", {}, INVALID + "a\n${A:-x\ny}"),
    ("${UNSET:?TAG must be set}", {}, INTERP + "required variable UNSET is missing a value: TAG must be set"),
    (
        "busybox:${TAG:?TAG must be non-empty}",
        {"TAG": ""},
        INTERP + "required variable TAG is missing a value: TAG must be non-empty",
    ),
    ("${REQ?}", {}, INTERP + "required variable REQ is missing a value"),
    ("${REQ:?}", {"REQ": ""}, INTERP + "required variable REQ is missing a value"),
    ("${REQ:?must ${SET} be}", {"SET": "1"}, INTERP + "required variable REQ is missing a value: must 1 be"),
]


@pytest.mark.parametrize(("template", "env", "message"), ERROR_CASES)
def test_substitute_errors(template: str, env: dict[str, str], message: str) -> None:
    with pytest.raises(InterpolationError) as info:
        substitute(template, env.get, "services.app.image")
    assert str(info.value) == message
    assert info.value.path == ("services", "app", "image")


def test_errors_do_not_stop_warnings(capsys: pytest.CaptureFixture[str]) -> None:
    """Like Go's ReplaceAllStringFunc, expressions after a bad one are still evaluated."""
    with pytest.raises(InterpolationError):
        substitute("$UNSET ${ $UNSET2", {}.get)
    assert warned(capsys.readouterr().err) == ["UNSET", "UNSET2"]


def test_string_without_dollar_is_returned_as_is() -> None:
    text = "".join(["plain ", "text"])
    assert substitute(text, ENV.get) is text
    assert expand(text, ENV.get) is text


@pytest.fixture
def deep_path(monkeypatch: pytest.MonkeyPatch) -> None:
    """Send every template through the non-recursive evaluator."""
    monkeypatch.setattr(interpolation, "DEEP_TEMPLATE", -1)


@pytest.mark.parametrize(("template", "expected", "warnings"), SUBSTITUTE_CASES)
def test_substitute_deep_path(
    template: str, expected: str, warnings: list[str], deep_path: None, capsys: pytest.CaptureFixture[str]
) -> None:
    assert substitute(template, ENV.get, "services.app.image") == expected
    assert warned(capsys.readouterr().err) == warnings


@pytest.mark.parametrize(("template", "env", "message"), ERROR_CASES)
def test_substitute_errors_deep_path(
    template: str, env: dict[str, str], message: str, deep_path: None
) -> None:
    with pytest.raises(InterpolationError) as info:
        substitute(template, env.get, "services.app.image")
    assert str(info.value) == message


@pytest.mark.parametrize(
    ("template", "expected", "warnings"),
    [
        ("${A:-" * 2000 + "x" + "}" * 2000, "x", 0),
        ("${UNSET:-${UNSET:-" * 500 + "x" + "}}" * 500, "x", 0),
        ("${SET:-" * 300 + "$U" + "}" * 300, "value", 1),
        ("${A:-x}" * 3000, "x" * 3000, 0),
        ("".join(f"${{V{i}:-{i}}}-" for i in range(1500)), "".join(f"{i}-" for i in range(1500)), 0),
        ("$" * 100_001, "$" * 50_001, 0),
    ],
    ids=["nested-2000", "nested-500x2", "nested-warning", "chain-3000", "chain-1500", "dollar-run"],
)
def test_deep_templates(
    template: str, expected: str, warnings: int, capsys: pytest.CaptureFixture[str]
) -> None:
    """Docker Compose resolves thousands of nested defaults (results checked with the binary)."""
    assert substitute(template, ENV.get) == expected
    assert len(warned(capsys.readouterr().err)) == warnings


def test_deep_template_errors() -> None:
    with pytest.raises(InterpolationError) as info:
        substitute("${A:-" * 100 + "${REQ:?m}" + "}" * 100, {}.get, "x")
    assert str(info.value) == "error while interpolating x: required variable REQ is missing a value: m"
    with pytest.raises(InterpolationError) as info:
        substitute("${" * 20_000, {}.get, "x")
    assert str(info.value).endswith("\n" + "${" * 20_000)


def _reference_closing_brace(text: str) -> int:
    """compose-go getFirstBraceClosingIndex, transcribed literally."""
    depth = 0
    i = 0
    while i < len(text):
        if text[i] == "}":
            depth -= 1
            if depth == 0:
                return i
        if text[i] == "{":
            depth += 1
            i += 1
        i += 1
    return -1


@pytest.mark.parametrize("seed", range(5))
def test_first_closing_brace_matches_compose_go(seed: int) -> None:
    rng = random.Random(seed)
    pieces = ["{", "}", "$", "a", "é", "${A:-", "}}}", "{{", "{}"]
    for _ in range(2000):
        text = "${" + "".join(rng.choice(pieces) for _ in range(rng.randint(0, 150)))
        assert interpolation._first_closing_brace(text) == _reference_closing_brace(text), text


# --------------------------------------------------------------------------------------------------
# interpolate(): the walk over a file
# --------------------------------------------------------------------------------------------------

HW_INTERP_FORMS = {
    "services": {
        "app": {
            "image": "alpine:${TAG:-3.19}",
            "environment": {
                "COLON_DASH_UNSET": "${UNSET:-def}",
                "COLON_DASH_EMPTY": "${EMPTY:-def}",
                "COLON_DASH_SET": "${SET:-def}",
                "DASH_UNSET": "${UNSET-def}",
                "DASH_EMPTY": "${EMPTY-def}",
                "PLUS_COLON_SET": "${SET:+alt}",
                "PLUS_COLON_EMPTY": "${EMPTY:+alt}",
                "PLUS_SET": "${EMPTY+alt}",
                "PLUS_UNSET": "${UNSET+alt}",
                "REQ_COLON_SET": "${SET:?need SET}",
                "REQ_EMPTY_OK": "${EMPTY?need EMPTY}",
                "NESTED": "${UNSET:-${ALSO_UNSET:-${SET}-x}}",
                "NESTED_DEFAULT_WITH_COLON": "${UNSET:-a:b}",
                "DEFAULT_WITH_SPACES": "${UNSET:-hello world}",
                "ESCAPED": "$$HOME and $${SET}",
                "UNBRACED": "$SET/path",
                "UNBRACED_UNSET": "x${UNSET}y",
                "ADJACENT": "${SET}${SET}",
                "DOLLAR_ALONE": "cost: 5$",
            },
            "command": ["echo", "$${SET}", "${SET}"],
            "labels": ["lbl=${SET}"],
        }
    }
}

HW_INTERP_FORMS_EXPECTED = {
    "services": {
        "app": {
            "image": "alpine:3.19",
            "environment": {
                "COLON_DASH_UNSET": "def",
                "COLON_DASH_EMPTY": "def",
                "COLON_DASH_SET": "value",
                "DASH_UNSET": "def",
                "DASH_EMPTY": "",
                "PLUS_COLON_SET": "alt",
                "PLUS_COLON_EMPTY": "",
                "PLUS_SET": "alt",
                "PLUS_UNSET": "",
                "REQ_COLON_SET": "value",
                "REQ_EMPTY_OK": "",
                "NESTED": "value-x",
                "NESTED_DEFAULT_WITH_COLON": "a:b",
                "DEFAULT_WITH_SPACES": "hello world",
                "ESCAPED": "$HOME and ${SET}",
                "UNBRACED": "value/path",
                "UNBRACED_UNSET": "xy",
                "ADJACENT": "valuevalue",
                "DOLLAR_ALONE": "cost: 5$",
            },
            "command": ["echo", "${SET}", "value"],
            "labels": ["lbl=value"],
        }
    }
}


def test_hw_interp_forms(capsys: pytest.CaptureFixture[str]) -> None:
    out = interpolate(HW_INTERP_FORMS, {"SET": "value", "EMPTY": ""}.get)
    assert out == HW_INTERP_FORMS_EXPECTED
    assert warned(capsys.readouterr().err) == ["UNSET"]  # expected.stderr: one warning


def test_keys_are_never_interpolated() -> None:
    config = {"services": {"app": {"labels": {"${SET}": "${SET}"}, "x-${SET}": 1}}}
    assert interpolate(config, ENV.get) == {
        "services": {"app": {"labels": {"${SET}": "value"}, "x-${SET}": 1}}
    }


def test_interpolate_returns_a_new_tree_and_keeps_scalars() -> None:
    config: dict[str, Any] = {"a": ["${SET}", 1, 2.5, True, None, {"b": "plain"}], "c": {"d": "$SET"}}
    out = interpolate(config, ENV.get)
    assert out == {"a": ["value", 1, 2.5, True, None, {"b": "plain"}], "c": {"d": "value"}}
    assert config["a"][0] == "${SET}"
    assert out is not config
    assert out["a"] is not config["a"]


def test_interpolate_looks_through_tags() -> None:
    config = {"services": {"app": {"image": Override("${SET}"), "ports": Reset(), "dns": Reset("${SET}")}}}
    out = interpolate(config, ENV.get)
    assert out == {"services": {"app": {"image": Override("value"), "ports": Reset(), "dns": Reset("value")}}}


def test_each_occurrence_warns_even_when_repeated(capsys: pytest.CaptureFixture[str]) -> None:
    config = {"services": {name: {"image": "img:${NOPE}"} for name in ("a", "b", "c")}}
    out = interpolate(config, {}.get)
    assert out["services"]["c"]["image"] == "img:"
    assert warned(capsys.readouterr().err) == ["NOPE", "NOPE", "NOPE"]


@pytest.mark.parametrize(
    ("config", "path", "message_path"),
    [
        (
            {"services": {"app": {"command": ["a", "${A.B}"]}}},
            ("services", "app", "command", 1),
            "services.app.command.[]",
        ),
        ({"x-a": [["${"]]}, ("x-a", 0, 0), "x-a.[].[]"),
        (
            {"services": {"a.b": {"environment": ["${"]}}},
            ("services", "a.b", "environment", 0),
            "services.a.b.environment.[]",
        ),
        (
            {"services": {"a": {"labels": {"1": "${"}}}},
            ("services", "a", "labels", "1"),
            "services.a.labels.1",
        ),
        ({"services": {"a": {"image": Override("${")}}}, ("services", "a", "image"), "services.a.image"),
    ],
)
def test_error_paths(config: dict[str, Any], path: tuple[Any, ...], message_path: str) -> None:
    with pytest.raises(InterpolationError) as info:
        interpolate(config, {}.get)
    assert str(info.value).startswith(f"invalid interpolation format for {message_path}.\n")
    assert info.value.path == path


def test_required_error_path_in_list() -> None:
    with pytest.raises(InterpolationError) as info:
        interpolate({"services": {"app": {"environment": ["X=${REQ?}"]}}}, {}.get)
    assert str(info.value) == (
        "error while interpolating services.app.environment.[]: required variable REQ is missing a value"
    )
    assert info.value.path == ("services", "app", "environment", 0)


def test_interpolate_prefix_path() -> None:
    with pytest.raises(InterpolationError) as info:
        interpolate({"image": "${"}, {}.get, ("services", "web"))
    assert info.value.path == ("services", "web", "image")
    assert "services.web.image." in str(info.value)


# --------------------------------------------------------------------------------------------------
# cast_types(): the type-cast table
# --------------------------------------------------------------------------------------------------

# (service fragment after interpolation, expected fragment)
SERVICE_CASTS: list[tuple[dict[str, Any], dict[str, Any]]] = [
    ({"privileged": "true"}, {"privileged": True}),
    ({"read_only": "TRUE"}, {"read_only": True}),
    ({"init": "false"}, {"init": False}),
    ({"tty": "true", "stdin_open": "false"}, {"tty": True, "stdin_open": False}),
    ({"oom_kill_disable": "true"}, {"oom_kill_disable": True}),
    ({"cpus": "0.5"}, {"cpus": 0.5}),
    ({"cpus": "0.123456789"}, {"cpus": 0.12345679}),  # a float32 in compose-go
    ({"cpus": "1_0"}, {"cpus": 10.0}),
    ({"cpus": "0x1p-2"}, {"cpus": 0.25}),
    ({"cpus": ".5"}, {"cpus": 0.5}),
    ({"cpu_percent": "50"}, {"cpu_percent": 50.0}),
    (
        {"cpu_count": "2", "cpu_period": "100", "cpu_quota": "50"},
        {"cpu_count": 2, "cpu_period": 100, "cpu_quota": 50},
    ),
    (
        {"cpu_rt_period": "7", "cpu_rt_runtime": "8", "cpu_shares": "+9"},
        {"cpu_rt_period": 7, "cpu_rt_runtime": 8, "cpu_shares": 9},
    ),
    (
        {"oom_score_adj": "-100", "pids_limit": "10", "scale": "2"},
        {"oom_score_adj": -100, "pids_limit": 10, "scale": 2},
    ),
    (
        {"deploy": {"replicas": "2", "update_config": {"parallelism": "3", "max_failure_ratio": "0.5"}}},
        {"deploy": {"replicas": 2, "update_config": {"parallelism": 3, "max_failure_ratio": 0.5}}},
    ),
    (
        {"deploy": {"rollback_config": {"parallelism": "4", "max_failure_ratio": "0.25"}}},
        {"deploy": {"rollback_config": {"parallelism": 4, "max_failure_ratio": 0.25}}},
    ),
    (
        {"deploy": {"restart_policy": {"max_attempts": "5"}, "placement": {"max_replicas_per_node": "6"}}},
        {"deploy": {"restart_policy": {"max_attempts": 5}, "placement": {"max_replicas_per_node": 6}}},
    ),
    (
        {"healthcheck": {"retries": "3", "disable": "false", "interval": "10s"}},
        {"healthcheck": {"retries": 3, "disable": False, "interval": "10s"}},
    ),
    (
        {"ports": [{"target": "80", "published": "8080"}, "${X}:80"]},
        {"ports": [{"target": 80, "published": "8080"}, "${X}:80"]},
    ),
    (
        {"ulimits": {"nproc": "65535", "nofile": {"soft": "20000", "hard": "40000"}}},
        {"ulimits": {"nproc": 65535, "nofile": {"soft": 20000, "hard": 40000}}},
    ),
    (
        {"volumes": [{"type": "volume", "read_only": "true", "volume": {"nocopy": "true"}}]},
        {"volumes": [{"type": "volume", "read_only": True, "volume": {"nocopy": True}}]},
    ),
    # not in compose-go's table: left for later stages
    (
        {"configs": [{"source": "c", "mode": "0440"}], "secrets": [{"source": "s", "mode": "288"}]},
        {"configs": [{"source": "c", "mode": "0440"}], "secrets": [{"source": "s", "mode": "288"}]},
    ),
    (
        {"mem_limit": "1000", "shm_size": "1g", "stop_grace_period": "10"},
        {"mem_limit": "1000", "shm_size": "1g", "stop_grace_period": "10"},
    ),
    ({"build": {"context": ".", "privileged": "true"}}, {"build": {"context": ".", "privileged": "true"}}),
    # already typed values are left alone
    ({"privileged": True, "cpus": 1.5, "scale": 3}, {"privileged": True, "cpus": 1.5, "scale": 3}),
]


@pytest.mark.parametrize(("service", "expected"), SERVICE_CASTS)
def test_cast_service_fields(service: dict[str, Any], expected: dict[str, Any]) -> None:
    out = cast_types({"services": {"app": service}})
    assert out == {"services": {"app": expected}}
    for key, value in expected.items():
        assert type(out["services"]["app"][key]) is type(value)


def test_cast_top_level_resources() -> None:
    config = {
        "networks": {
            "n": {"external": "true"},
            "m": {"internal": "true", "attachable": "false", "enable_ipv4": "true", "enable_ipv6": "false"},
        },
        "volumes": {"v": {"external": "true"}},
        "secrets": {"s": {"external": "false"}},
        "configs": {"c": {"external": "true"}},
    }
    assert cast_types(config) == {
        "networks": {
            "n": {"external": True},
            "m": {"internal": True, "attachable": False, "enable_ipv4": True, "enable_ipv6": False},
        },
        "volumes": {"v": {"external": True}},
        "secrets": {"s": {"external": False}},
        "configs": {"c": {"external": True}},
    }


def test_cast_after_interpolation() -> None:
    """checklist: read_only: ${RO} -> true; cpus: ${CPUS} -> float; replicas: ${REPLICAS:-2} -> 2;
    published: "${PUB}" -> string."""
    config = {
        "services": {
            "app": {
                "read_only": "${RO}",
                "cpus": "${CPUS}",
                "deploy": {"replicas": "${REPLICAS:-2}"},
                "ports": [{"target": 80, "published": "${PUB}"}],
            }
        }
    }
    out = cast_types(interpolate(config, {"RO": "true", "CPUS": "1.5", "PUB": "8080"}.get))
    assert out["services"]["app"] == {
        "read_only": True,
        "cpus": 1.5,
        "deploy": {"replicas": 2},
        "ports": [{"target": 80, "published": "8080"}],
    }


def test_cast_keeps_unchanged_trees_and_does_not_mutate() -> None:
    config = {"services": {"app": {"image": "x", "privileged": "true"}}, "x-other": {"privileged": "true"}}
    out = cast_types(config)
    assert config["services"]["app"]["privileged"] == "true"
    assert out["x-other"] is config["x-other"]
    same = {"services": {"app": {"image": "x"}}}
    assert cast_types(same) is same


def test_cast_dotted_service_name_and_override() -> None:
    config = {"services": {"a.b": {"privileged": "true", "tty": Override("false")}}}
    assert cast_types(config) == {"services": {"a.b": {"privileged": True, "tty": Override(False)}}}


@pytest.mark.parametrize(
    ("value", "expected", "word"),
    [
        ("yes", True, "true"),
        ("Y", True, "true"),
        ("on", True, "true"),
        ("no", False, "false"),
        ("Off", False, "false"),
        ("n", False, "false"),
    ],
)
def test_cast_yaml11_booleans_warn(
    value: str, expected: bool, word: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert cast_types({"services": {"a": {"tty": value}}}) == {"services": {"a": {"tty": expected}}}
    err = capsys.readouterr().err
    assert f'msg="\\"{value}\\" for boolean is not supported by YAML 1.2, please use `{word}`"' in err


CAST = "error while interpolating services.app.{0}: failed to cast to expected type: {1}"

CAST_ERRORS: list[tuple[dict[str, Any], tuple[Any, ...], str]] = [
    ({"privileged": "zz"}, ("privileged",), CAST.format("privileged", "invalid boolean: zz")),
    ({"init": "1"}, ("init",), CAST.format("init", "invalid boolean: 1")),
    ({"cpus": "zz"}, ("cpus",), CAST.format("cpus", 'strconv.ParseFloat: parsing "zz": invalid syntax')),
    (
        {"cpus": "1e400"},
        ("cpus",),
        CAST.format("cpus", 'strconv.ParseFloat: parsing "1e400": value out of range'),
    ),
    (
        {"cpu_percent": "zz"},
        ("cpu_percent",),
        CAST.format("cpu_percent", 'strconv.ParseFloat: parsing "zz": invalid syntax'),
    ),
    (
        {"cpu_count": " 5"},
        ("cpu_count",),
        CAST.format("cpu_count", 'strconv.ParseInt: parsing " 5": invalid syntax'),
    ),
    (
        {"cpu_count": "99999999999999999999"},
        ("cpu_count",),
        CAST.format("cpu_count", 'strconv.ParseInt: parsing "99999999999999999999": value out of range'),
    ),
    ({"scale": "zz"}, ("scale",), CAST.format("scale", 'strconv.Atoi: parsing "zz": invalid syntax')),
    (
        {"ports": [{"target": 1}, {"target": "zz"}]},
        ("ports", 1, "target"),
        CAST.format("ports.[].target", 'strconv.Atoi: parsing "zz": invalid syntax'),
    ),
    (
        {"ulimits": {"nproc": "zz"}},
        ("ulimits", "nproc"),
        CAST.format("ulimits.nproc", 'strconv.Atoi: parsing "zz": invalid syntax'),
    ),
    (
        {"ulimits": {"nproc": {"soft": 1, "hard": "zz"}}},
        ("ulimits", "nproc", "hard"),
        CAST.format("ulimits.nproc.hard", 'strconv.Atoi: parsing "zz": invalid syntax'),
    ),
    (
        {"volumes": [{"volume": {"nocopy": "zz"}}]},
        ("volumes", 0, "volume", "nocopy"),
        CAST.format("volumes.[].volume.nocopy", "invalid boolean: zz"),
    ),
    (
        {"deploy": {"update_config": {"max_failure_ratio": "zz"}}},
        ("deploy", "update_config", "max_failure_ratio"),
        CAST.format(
            "deploy.update_config.max_failure_ratio", 'strconv.ParseFloat: parsing "zz": invalid syntax'
        ),
    ),
    (
        {"healthcheck": {"disable": "zz"}},
        ("healthcheck", "disable"),
        CAST.format("healthcheck.disable", "invalid boolean: zz"),
    ),
]


@pytest.mark.parametrize(("service", "path", "message"), CAST_ERRORS)
def test_cast_errors(service: dict[str, Any], path: tuple[Any, ...], message: str) -> None:
    with pytest.raises(InterpolationError) as info:
        cast_types({"services": {"app": service}})
    assert str(info.value) == message
    assert info.value.path == ("services", "app", *path)


def test_cast_error_top_level() -> None:
    with pytest.raises(InterpolationError) as info:
        cast_types({"networks": {"n": {"external": "zz"}}})
    assert str(info.value) == (
        "error while interpolating networks.n.external: failed to cast to expected type: invalid boolean: zz"
    )


def test_cast_rules_use_compose_go_paths() -> None:
    assert "services.*.ports.[].published" not in CAST_RULES
    assert "services.*.secrets.[].mode" not in CAST_RULES
    assert all(
        pattern.split(".")[0] in {"services", "networks", "volumes", "secrets", "configs"}
        for pattern in CAST_RULES
    )


@pytest.mark.parametrize(
    ("number", "expected"), [(0.123456789, 0.12345679), (0.1, 0.1), (1e10, 1e10), (0.0, 0.0), (1e-50, 0.0)]
)
def test_float32_value(number: float, expected: float) -> None:
    assert float32_value(number) == expected


@pytest.mark.parametrize(
    ("text", "quoted"),
    [("zz", '"zz"'), ('a"b\\c', '"a\\"b\\\\c"'), ("\n\t\x01", '"\\n\\t\\x01"'), ("é", '"é"')],
)
def test_go_quote(text: str, quoted: str) -> None:
    assert go_quote(text) == quoted


# --------------------------------------------------------------------------------------------------
# Optional: the same tables against the real binary
# --------------------------------------------------------------------------------------------------

ORACLE = Path(
    os.environ.get("COMPOSE_ORACLE", "/tmp/oracle/lib/python3.11/site-packages/compose/docker-compose")
)


@pytest.mark.oracle
@pytest.mark.skipif(not ORACLE.is_file(), reason="Docker Compose binary not available")
def test_substitute_cases_match_oracle(tmp_path: Path) -> None:
    import json

    values = {f"K{i}": template for i, (template, _, _) in enumerate(SUBSTITUTE_CASES)}
    done = run_oracle(
        tmp_path, json.dumps({"services": {"app": {"image": "busybox", "environment": values}}}), ENV
    )
    assert done.returncode == 0, done.stderr
    got = json.loads(done.stdout)["services"]["app"]["environment"]
    for i, (template, expected, _) in enumerate(SUBSTITUTE_CASES):
        assert got[f"K{i}"] == expected.replace("$", "$$"), template
    assert sorted(warned(done.stderr)) == sorted(name for _, _, names in SUBSTITUTE_CASES for name in names)


def run_oracle(tmp_path: Path, compose: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    (tmp_path / "compose.yaml").write_text(compose)
    full_env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": str(tmp_path), **env}
    return subprocess.run(
        [str(ORACLE), "-p", "t", "-f", "compose.yaml", "config", "--format", "json"],
        cwd=tmp_path,
        env=full_env,
        capture_output=True,
        text=True,
    )


@pytest.mark.oracle
@pytest.mark.skipif(not ORACLE.is_file(), reason="Docker Compose binary not available")
@pytest.mark.parametrize(("template", "env", "message"), ERROR_CASES)
def test_error_cases_match_oracle(tmp_path: Path, template: str, env: dict[str, str], message: str) -> None:
    import json

    done = run_oracle(tmp_path, json.dumps({"services": {"app": {"image": template}}}), env)
    assert done.returncode == 1
    lines = [line for line in done.stderr.split("\n") if not line.startswith("time=")]
    assert "\n".join(lines).rstrip("\n") == message.rstrip("\n")
