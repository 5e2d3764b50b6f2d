"""pycompose.config.hashing must give Docker Compose v2.40.3's config-hash, byte for byte.

The cases in ``data/hash_cases.json`` were recorded from the real binary by
``tools/make_hash_fixtures.py``: ``hash`` is the ``com.docker.compose.config-hash`` label that
``docker compose create`` wrote (or, marked ``label_source``, the ``config --hash`` of a service that
``create`` could not make here), ``config_hash`` what ``docker compose config --hash`` printed. The
services are stored with every mapping's keys sorted, as pycompose's own config output has them, so
these tests exercise the Go field-order tables rather than an order copied from the oracle.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

import pytest

from pycompose.config.hashing import (
    go_json,
    go_struct_order,
    label_hash,
    resolve_service_references,
    service_hash,
    with_api_socket,
)

CASES: list[dict[str, Any]] = json.loads((Path(__file__).parent / "data" / "hash_cases.json").read_text())


def _case_id(case: dict[str, Any]) -> str:
    return f"{case['case']}/{case['name']}"


def _reverse_keys(value: Any) -> Any:
    """The same data with every mapping's keys in reverse order."""
    if isinstance(value, dict):
        return {k: _reverse_keys(value[k]) for k in reversed(list(value))}
    if isinstance(value, list):
        return [_reverse_keys(v) for v in value]
    return value


def test_fixture_is_varied_enough() -> None:
    assert len(CASES) >= 40
    keys = {key for case in CASES for key in case["service"]}
    for key in ("ports", "volumes", "healthcheck", "deploy", "networks", "secrets", "configs", "ulimits"):
        assert key in keys


@pytest.mark.parametrize("case", [c for c in CASES if "label_source" not in c], ids=_case_id)
def test_label_hash_matches_docker_compose_create(case: dict[str, Any]) -> None:
    assert label_hash(case["service"], container_ids=case.get("container_ids")) == case["hash"]


@pytest.mark.parametrize("case", [c for c in CASES if "config_hash" in c], ids=_case_id)
def test_service_hash_matches_config_hash(case: dict[str, Any]) -> None:
    assert service_hash(case["service"]) == case["config_hash"]


@pytest.mark.parametrize("case", CASES[::7], ids=_case_id)
def test_key_order_of_the_input_does_not_matter(case: dict[str, Any]) -> None:
    assert service_hash(_reverse_keys(case["service"])) == service_hash(case["service"])


def test_minimal_service_is_the_compact_go_json() -> None:
    service = {"image": "nginx", "command": None, "entrypoint": None, "networks": {"default": None}}
    text = '{"command":null,"entrypoint":null,"image":"nginx","networks":{"default":null}}'
    assert go_json(service, "ServiceConfig") == text
    assert service_hash(service) == hashlib.sha256(text.encode()).hexdigest()
    # checked against `docker compose config --hash` for `services: {web: {image: nginx}}`
    assert service_hash(service) == "daef7adc9ecc59d4881bd1ebc06f26a836d35656f8b5fb0adfdb95b2d856fbd3"


def test_fields_follow_go_declaration_order_not_the_alphabet() -> None:
    order = go_struct_order("ServiceConfig")
    assert order[:3] == ("profiles", "annotations", "attach")
    assert order.index("command") < order.index("configs") < order.index("entrypoint")
    service = {"user": "1000", "cap_add": ["NET_ADMIN"], "image": "x"}
    assert go_json(service, "ServiceConfig") == (
        '{"cap_add":["NET_ADMIN"],"command":null,"entrypoint":null,"image":"x","user":"1000"}'
    )


def test_build_pull_policy_scale_depends_on_profiles_and_replicas_do_not_count() -> None:
    base = {"image": "x", "command": None, "entrypoint": None, "deploy": {"resources": {}, "placement": {}}}
    noisy = {
        **base,
        "build": {"context": "/src"},
        "pull_policy": "always",
        "scale": 3,
        "depends_on": {"db": {"condition": "service_started", "required": True}},
        "profiles": ["debug"],
        "deploy": {"replicas": 3, "resources": {}, "placement": {}},
    }
    assert service_hash(noisy) == service_hash(base)


def test_non_pointer_structs_are_always_marshalled() -> None:
    # deploy.resources and deploy.placement are Go structs, which omitempty never drops
    assert go_json({}, "DeployConfig") == '{"resources":{},"placement":{}}'
    assert go_json({"mode": "global"}, "DeployConfig") == '{"mode":"global","resources":{},"placement":{}}'


def test_omitempty_drops_zero_values_a_producer_might_leave_in() -> None:
    lean = {"image": "x"}
    padded = {"image": "x", "privileged": False, "labels": {}, "cap_add": [], "user": "", "mem_limit": "0"}
    assert service_hash(padded) == service_hash(lean)
    # pointers are kept even when they point at a zero value
    assert service_hash({"image": "x", "init": False}) != service_hash(lean)


def test_strings_are_escaped_as_go_does() -> None:
    assert go_json("<a & b>", "str") == '"\\u003ca \\u0026 b\\u003e"'
    assert go_json("héllo ☃", "str") == '"héllo ☃"'
    assert go_json("line\u2028sep\u2029", "str") == '"line\\u2028sep\\u2029"'
    assert go_json("tab\tnl\ncr\r\x01\x08\x0c", "str") == '"tab\\tnl\\ncr\\r\\u0001\\b\\f"'


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (0.5, "0.5"),
        (2, "2"),
        (2.0, "2"),
        (0.1, "0.1"),
        (1e-7, "1e-7"),
        (1.5e22, "1.5e+22"),
        (1 / 3, "0.33333334"),
    ],
)
def test_float32_fields_use_the_shortest_32_bit_digits(value: float, text: str) -> None:
    assert go_json(value, "float32") == text


def test_docker_compose_config_dollar_escaping_is_undone() -> None:
    escaped = {"image": "x", "environment": {"HOME_REF": "$$HOME"}}
    real = {"image": "x", "environment": {"HOME_REF": "$HOME"}}
    assert service_hash(escaped) == service_hash(real, dollars_escaped=False)


def test_extensions_and_the_name_are_not_hashed() -> None:
    plain = {"image": "x", "ports": [{"target": 80, "protocol": "tcp", "mode": "ingress"}]}
    extended = {
        "image": "x",
        "name": "web",
        "x-anything": {"a": 1},
        "ports": [{"target": 80, "protocol": "tcp", "mode": "ingress", "x-port": True}],
    }
    assert service_hash(extended) == service_hash(plain)


def test_unknown_fields_are_refused() -> None:
    with pytest.raises(ValueError, match="not_a_field"):
        service_hash({"image": "x", "not_a_field": 1})
    with pytest.raises(ValueError, match=r"healthcheck\.bogus"):
        service_hash({"image": "x", "healthcheck": {"bogus": 1}})


def test_env_file_is_hashed_as_config_hash_does_when_unresolved() -> None:
    # `config --hash` keeps env_file; EnvFile marshals as its path, or {path, required: false}.
    # Hashes from `docker compose config --hash` on projects with these files.
    simple = {"image": "busybox", "env_file": ["/tmp/h2/a.env"], "networks": {"default": None}}
    assert service_hash(simple) == "445429d3a26be81ff95addbc44f13aeb7dd084e4262227642cd1fbac7ce925df"
    case_dir = "/work/shared/conformance/cases/hw-env-file-service"
    long_form = {
        "image": "busybox",
        "networks": {"default": None},
        "environment": {"FROM_ENVIRONMENT": "yes-wins", "SHARED": "environment-wins"},
        "env_file": [
            {"path": f"{case_dir}/common.env", "required": True},
            f"{case_dir}/override.env",
            {"path": f"{case_dir}/missing.env", "required": False},
            {"path": f"{case_dir}/raw.env", "format": "raw"},
        ],
    }
    assert service_hash(long_form) == "4e6fd8876df90f68a4b007b5d0a4f6bb566d3fe1b054a2f5dd88258267c4cba7"


def test_api_socket_is_injected_only_where_asked_and_keeps_a_given_docker_config() -> None:
    assert with_api_socket({"image": "x"}) == {"image": "x"}
    created = with_api_socket({"image": "x", "use_api_socket": True, "environment": {"DOCKER_CONFIG": None}})
    assert created["environment"] == {"DOCKER_CONFIG": None}
    assert created["volumes"][-1] == {
        "type": "bind",
        "source": "/var/run/docker.sock",
        "target": "/var/run/docker.sock",
    }
    assert created["configs"][-1] == {"source": "#apisocket", "target": "/run/secrets/docker/config.json"}


def test_service_references_become_container_ids() -> None:
    service = {
        "network_mode": "service:db",
        "ipc": "service:db",
        "pid": "host",
        "volumes_from": ["data:ro", "container:other:rw", "db"],
    }
    resolved = resolve_service_references(service, {"db": "abc", "data": "def"})
    assert resolved == {
        "network_mode": "container:abc",
        "ipc": "container:abc",
        "pid": "host",
        "volumes_from": ["def", "other", "abc"],
    }
    with pytest.raises(KeyError, match="db"):
        label_hash({"image": "x", "network_mode": "service:db"})
