"""Merge rules as data: (base, override, expected), all in canonical long syntax.

Expected values are what Docker Compose v2.40.3 (compose-go v2.9.1) prints for the same two files, before
normalization; rows marked "oracle" were checked with the real binary because the checklist or intuition
said otherwise.
"""

from __future__ import annotations

import copy
from typing import Any

import pytest

from pycompose.config.merge import merge, merge_service, strip_tags
from pycompose.config.tags import Override, Reset
from pycompose.errors import ConfigError, SchemaError


def port(target: int, published: str | None = None, protocol: str = "tcp", mode: str = "ingress", **kw: Any):
    p: dict[str, Any] = {"mode": mode, "target": target, "protocol": protocol, **kw}
    if published is not None:
        p["published"] = published
    return p


def bind(source: str, target: str) -> dict[str, Any]:
    return {"type": "bind", "source": source, "target": target, "bind": {"create_host_path": True}}


def volume(source: str, target: str) -> dict[str, Any]:
    return {"type": "volume", "source": source, "target": target, "volume": {}}


def svc(**fields: Any) -> dict[str, Any]:
    """A one-service model ``services.a``."""
    return {"services": {"a": fields}}


# (id, base service fields, override service fields, expected service fields)
SERVICE_CASES: list[tuple[str, dict, dict, dict]] = [
    ("scalar replaced", {"image": "web:1"}, {"image": "web:2"}, {"image": "web:2"}),
    ("null ignored", {"user": "root"}, {"user": None}, {"user": "root"}),
    ("new key even null", {"image": "x"}, {"user": None}, {"image": "x", "user": None}),
    ("command replaced whole", {"command": ["a", "b"]}, {"command": ["c", "d"]}, {"command": ["c", "d"]}),
    # oracle: `command: null` in the override clears the command (compose-go `override` rule)
    ("command null clears", {"command": ["a"]}, {"command": None}, {"command": None}),
    ("entrypoint null clears", {"entrypoint": ["e"]}, {"entrypoint": None}, {"entrypoint": None}),
    (
        "healthcheck field-wise, test replaced",
        {"healthcheck": {"test": ["CMD", "curl", "-f", "http://x"], "interval": "30s", "retries": 3}},
        {"healthcheck": {"test": ["CMD-SHELL", "b c"], "interval": "10s"}},
        {"healthcheck": {"test": ["CMD-SHELL", "b c"], "interval": "10s", "retries": 3}},
    ),
    (
        "environment key-wise",
        {"environment": {"A": "base", "B": "base"}},
        {"environment": {"B": "override", "C": "override"}},
        {"environment": {"A": "base", "B": "override", "C": "override"}},
    ),
    # oracle: a null *value* wins inside environment (it is `A` without `=`), a null map is ignored
    (
        "environment null value wins",
        {"environment": {"A": "1", "B": "2"}},
        {"environment": {"A": None}},
        {"environment": {"A": None, "B": "2"}},
    ),
    (
        "environment null map ignored",
        {"environment": {"A": "1"}},
        {"environment": None},
        {"environment": {"A": "1"}},
    ),
    (
        "labels annotations sysctls key-wise",
        {"labels": {"l": "1", "m": "1"}, "annotations": {"a": "1"}, "sysctls": {"s": "1"}},
        {"labels": {"l": "2"}, "annotations": {"b": "2"}, "sysctls": {"s": "2", "t": "3"}},
        {
            "labels": {"l": "2", "m": "1"},
            "annotations": {"a": "1", "b": "2"},
            "sysctls": {"s": "2", "t": "3"},
        },
    ),
    (
        "ports union de-duplicated",
        {"ports": [port(80, "80"), port(443, "443")]},
        {"ports": [port(80, "80"), port(8080, "8080"), port(80, "80", "udp")]},
        {"ports": [port(80, "80"), port(443, "443"), port(8080, "8080"), port(80, "80", "udp")]},
    ),
    # oracle: mode is not part of the port key; the later entry takes the earlier one's place
    (
        "ports mode not in key",
        {"ports": [port(80, "80"), port(90, "90")]},
        {"ports": [port(80, "80", mode="host")]},
        {"ports": [port(80, "80", mode="host"), port(90, "90")]},
    ),
    # oracle: a missing host_ip counts as 0.0.0.0
    (
        "ports host_ip default",
        {"ports": [port(80, "80")]},
        {"ports": [port(80, "80", host_ip="0.0.0.0"), port(80, "80", host_ip="127.0.0.1")]},
        {"ports": [port(80, "80", host_ip="0.0.0.0"), port(80, "80", host_ip="127.0.0.1")]},
    ),
    (
        "ports without published",
        {"ports": [port(80), port(90)]},
        {"ports": [port(80)]},
        {"ports": [port(80), port(90)]},
    ),
    ("expose unique", {"expose": ["3000"]}, {"expose": ["3000", "4000"]}, {"expose": ["3000", "4000"]}),
    ("dns appended", {"dns": ["8.8.8.8"]}, {"dns": ["1.1.1.1"]}, {"dns": ["8.8.8.8", "1.1.1.1"]}),
    ("dns string base", {"dns": "8.8.8.8"}, {"dns": ["1.1.1.1", "8.8.8.8"]}, {"dns": ["8.8.8.8", "1.1.1.1"]}),
    # oracle: dns_opt entries are keyed by the text before `=`
    (
        "dns_opt keyed by name",
        {"dns_opt": ["ndots=2", "a"]},
        {"dns_opt": ["ndots=5"]},
        {"dns_opt": ["ndots=5", "a"]},
    ),
    (
        "dns_search cap_add cap_drop profiles links unique",
        {"dns_search": ["x.com"], "cap_add": ["A"], "cap_drop": ["B"], "profiles": ["p"], "links": ["db"]},
        {
            "dns_search": ["x.com", "y"],
            "cap_add": ["A"],
            "cap_drop": ["B", "C"],
            "profiles": ["p"],
            "links": ["db"],
        },
        {
            "dns_search": ["x.com", "y"],
            "cap_add": ["A"],
            "cap_drop": ["B", "C"],
            "profiles": ["p"],
            "links": ["db"],
        },
    ),
    # oracle: tmpfs entries keyed by the text before `=` ("/c:size")
    (
        "tmpfs",
        {"tmpfs": ["/run", "/c:size=1m"]},
        {"tmpfs": ["/run", "/c:size=2m"]},
        {"tmpfs": ["/run", "/c:size=2m"]},
    ),
    # oracle: only exact repeats are skipped, the same host with another address is kept
    (
        "extra_hosts",
        {"extra_hosts": ["a=1.1.1.1"]},
        {"extra_hosts": ["a=2.2.2.2", "a=1.1.1.1", "b=3.3.3.3"]},
        {"extra_hosts": ["a=1.1.1.1", "a=2.2.2.2", "b=3.3.3.3"]},
    ),
    (
        "external_links security_opt group_add volumes_from appended",
        {"external_links": ["c1"], "security_opt": ["label=a"], "group_add": ["mail"], "volumes_from": ["b"]},
        {"external_links": ["c2"], "security_opt": ["label=b"], "group_add": ["1000"], "volumes_from": ["c"]},
        {
            "external_links": ["c1", "c2"],
            "security_opt": ["label=a", "label=b"],
            "group_add": ["mail", "1000"],
            "volumes_from": ["b", "c"],
        },
    ),
    (
        "volumes keyed by target",
        {"volumes": [bind("/p/base", "/data"), volume("logs", "/logs")]},
        {"volumes": [bind("/p/override", "/data"), bind("/p/extra", "/extra")]},
        {"volumes": [bind("/p/override", "/data"), volume("logs", "/logs"), bind("/p/extra", "/extra")]},
    ),
    (
        "tmpfs volume replaces bind",
        {"volumes": [bind("/p/b", "/data"), volume("logs", "/logs")]},
        {"volumes": [{"type": "tmpfs", "target": "/data"}]},
        {"volumes": [{"type": "tmpfs", "target": "/data"}, volume("logs", "/logs")]},
    ),
    (
        "secrets different target both kept",
        {"secrets": [{"source": "s1"}]},
        {"secrets": [{"source": "s2", "target": "s1"}]},
        {"secrets": [{"source": "s1"}, {"source": "s2", "target": "s1"}]},
    ),
    # oracle: the key is the target alone (default /run/secrets/<source>), not source+target
    (
        "secrets same target replaced",
        {"secrets": [{"source": "s1", "target": "/run/secrets/s1"}]},
        {"secrets": [{"source": "s2", "target": "/run/secrets/s1"}]},
        {"secrets": [{"source": "s2", "target": "/run/secrets/s1"}]},
    ),
    (
        "secrets default target collides",
        {"secrets": [{"source": "s1"}, {"source": "s1", "target": "/b"}]},
        {"secrets": [{"source": "s9", "target": "/run/secrets/s1", "mode": "0400"}]},
        {
            "secrets": [
                {"source": "s9", "target": "/run/secrets/s1", "mode": "0400"},
                {"source": "s1", "target": "/b"},
            ]
        },
    ),
    # oracle: configs default target is /<source>
    (
        "configs keyed by target",
        {"configs": [{"source": "c1"}]},
        {"configs": [{"source": "c2", "target": "/c1"}]},
        {"configs": [{"source": "c2", "target": "/c1"}]},
    ),
    # oracle: devices keyed by target only
    (
        "devices keyed by target",
        {
            "devices": [
                {"source": "/dev/a", "target": "/dev/x", "permissions": "rwm"},
                {"source": "/dev/c", "target": "/dev/c", "permissions": "rwm"},
            ]
        },
        {
            "devices": [
                {"source": "/dev/b", "target": "/dev/x", "permissions": "rwm"},
                {"source": "/dev/c", "target": "/dev/d", "permissions": "rwm"},
            ]
        },
        {
            "devices": [
                {"source": "/dev/b", "target": "/dev/x", "permissions": "rwm"},
                {"source": "/dev/c", "target": "/dev/c", "permissions": "rwm"},
                {"source": "/dev/c", "target": "/dev/d", "permissions": "rwm"},
            ]
        },
    ),
    (
        "depends_on map merge",
        {"depends_on": {"db": {"condition": "service_started", "required": True}}},
        {"depends_on": {"cache": {"condition": "service_started", "required": True}}},
        {
            "depends_on": {
                "db": {"condition": "service_started", "required": True},
                "cache": {"condition": "service_started", "required": True},
            }
        },
    ),
    (
        "depends_on field-wise",
        {"depends_on": {"b": {"condition": "service_healthy", "restart": True, "required": True}}},
        {"depends_on": {"b": {"required": False}}},
        {"depends_on": {"b": {"condition": "service_healthy", "restart": True, "required": False}}},
    ),
    (
        "depends_on list form",
        {"depends_on": ["db"]},
        {"depends_on": {"cache": {"condition": "service_healthy"}}},
        {
            "depends_on": {
                "db": {"condition": "service_started", "required": True},
                "cache": {"condition": "service_healthy"},
            }
        },
    ),
    (
        "networks map merge",
        {"networks": {"front": None}},
        {"networks": {"front": {"aliases": ["x"]}, "back": None}},
        {"networks": {"front": {"aliases": ["x"]}, "back": None}},
    ),
    (
        "networks null entry keeps base",
        {"networks": {"front": {"aliases": ["x", "y"]}}},
        {"networks": {"front": None}},
        {"networks": {"front": {"aliases": ["x", "y"]}}},
    ),
    (
        "networks aliases union",
        {"networks": {"front": {"aliases": ["x", "y"]}}},
        {"networks": {"front": {"aliases": ["y", "z"], "ipv4_address": "1.2.3.4"}}},
        {"networks": {"front": {"aliases": ["x", "y", "z"], "ipv4_address": "1.2.3.4"}}},
    ),
    (
        "networks list form",
        {"networks": ["front"]},
        {"networks": ["back"]},
        {"networks": {"front": None, "back": None}},
    ),
    (
        "build map merge",
        {"build": {"context": "/p/web", "args": {"ARG1": "base"}}},
        {"build": {"args": {"ARG2": "override"}, "target": "prod"}},
        {"build": {"context": "/p/web", "args": {"ARG1": "base", "ARG2": "override"}, "target": "prod"}},
    ),
    (
        "build string is a context",
        {"build": {"context": "/p/x", "dockerfile": "D", "args": {"A": "1"}}},
        {"build": "/p/y"},
        {"build": {"context": "/p/y", "dockerfile": "D", "args": {"A": "1"}}},
    ),
    # oracle: tags de-duplicated, platforms and cache_from not (compose-go indexes `build.platform`, sic)
    (
        "build lists",
        {"build": {"context": "/p", "cache_from": ["a"], "tags": ["t1"], "platforms": ["linux/amd64"]}},
        {"build": {"cache_from": ["a"], "tags": ["t1", "t2"], "platforms": ["linux/amd64"]}},
        {
            "build": {
                "context": "/p",
                "cache_from": ["a", "a"],
                "tags": ["t1", "t2"],
                "platforms": ["linux/amd64", "linux/amd64"],
            }
        },
    ),
    (
        "build args null value wins",
        {"build": {"context": "/p", "args": {"A": "1"}}},
        {"build": {"args": {"A": None}}},
        {"build": {"context": "/p", "args": {"A": None}}},
    ),
    (
        "logging same driver merges options",
        {"logging": {"driver": "json-file", "options": {"a": "1"}}},
        {"logging": {"driver": "json-file", "options": {"b": "2"}}},
        {"logging": {"driver": "json-file", "options": {"a": "1", "b": "2"}}},
    ),
    # oracle: another driver replaces the whole block, base options dropped (checklist said "merged")
    (
        "logging other driver replaces",
        {"logging": {"driver": "json-file", "options": {"a": "1"}}},
        {"logging": {"driver": "syslog", "options": {"b": "2"}}},
        {"logging": {"driver": "syslog", "options": {"b": "2"}}},
    ),
    (
        "logging no driver merges",
        {"logging": {"driver": "json-file", "options": {"a": "1"}}},
        {"logging": {"options": {"b": "2"}}},
        {"logging": {"driver": "json-file", "options": {"a": "1", "b": "2"}}},
    ),
    (
        "logging null option keeps base",
        {"logging": {"driver": "x", "options": {"a": "1", "b": "2"}}},
        {"logging": {"options": {"a": None}}},
        {"logging": {"driver": "x", "options": {"a": "1", "b": "2"}}},
    ),
    # oracle: each ulimit is replaced whole, not merged field by field
    (
        "ulimits per name replaced",
        {"ulimits": {"nofile": {"soft": 1, "hard": 2}, "nproc": 5}},
        {"ulimits": {"nofile": {"soft": 3, "hard": 4}}},
        {"ulimits": {"nofile": {"soft": 3, "hard": 4}, "nproc": 5}},
    ),
    (
        "ulimits map to int",
        {"ulimits": {"nofile": {"soft": 1, "hard": 2}}},
        {"ulimits": {"nofile": 7}},
        {"ulimits": {"nofile": 7}},
    ),
    # oracle: placement constraints are appended with repeats
    (
        "deploy",
        {
            "deploy": {
                "labels": {"a": "1"},
                "resources": {"limits": {"cpus": 0.5, "memory": "52428800"}},
                "placement": {"constraints": ["a==b"]},
            }
        },
        {
            "deploy": {
                "labels": {"b": "2"},
                "resources": {"limits": {"memory": "62914560"}},
                "placement": {"constraints": ["a==b", "c==d"]},
            }
        },
        {
            "deploy": {
                "labels": {"a": "1", "b": "2"},
                "resources": {"limits": {"cpus": 0.5, "memory": "62914560"}},
                "placement": {"constraints": ["a==b", "a==b", "c==d"]},
            }
        },
    ),
    (
        "env_file keyed by path",
        {"env_file": [{"path": "/p/e1", "required": False}, {"path": "/p/e2", "required": False}]},
        {"env_file": [{"path": "/p/e1", "required": True}]},
        {"env_file": [{"path": "/p/e1", "required": True}, {"path": "/p/e2", "required": False}]},
    ),
    (
        "label_file appended",
        {"label_file": ["/p/l"]},
        {"label_file": ["/p/l"]},
        {"label_file": ["/p/l", "/p/l"]},
    ),
    (
        "storage_opt map",
        {"storage_opt": {"size": "1G"}},
        {"storage_opt": {"x": "y"}},
        {"storage_opt": {"size": "1G", "x": "y"}},
    ),
    (
        "x- keys deep merge",
        {"x-s": {"a": 1, "n": {"p": 1}}},
        {"x-s": {"b": 2, "n": {"q": 2}}},
        {"x-s": {"a": 1, "b": 2, "n": {"p": 1, "q": 2}}},
    ),
]


@pytest.mark.parametrize(
    ("base", "override", "expected"), [c[1:] for c in SERVICE_CASES], ids=[c[0] for c in SERVICE_CASES]
)
def test_service_rules(base: dict, override: dict, expected: dict) -> None:
    base_before, override_before = copy.deepcopy(base), copy.deepcopy(override)
    assert merge(svc(**base), svc(**override)) == svc(**expected)
    assert merge_service(base, override, "services.a") == expected
    assert base == base_before and override == override_before  # inputs untouched


# (id, base model, override model, expected model)
MODEL_CASES: list[tuple[str, dict, dict, dict]] = [
    (
        "new services added",
        {"services": {"a": {"image": "x"}}},
        {"services": {"b": {"image": "y"}}},
        {"services": {"a": {"image": "x"}, "b": {"image": "y"}}},
    ),
    (
        "top-level per-key merge",
        {
            "services": {"a": {"image": "x"}},
            "volumes": {"v1": {"driver": "local", "labels": {"a": "1"}, "driver_opts": {"o": "x"}}},
            "networks": {"front": {}, "n": {"labels": {"a": "1"}}},
            "secrets": {"s1": {"file": "/p/s1"}},
            "configs": {"c1": {"file": "/p/c1"}},
        },
        {
            "volumes": {"v1": {"labels": {"b": "2"}, "driver_opts": {"type": "y"}}, "v2": {}},
            "networks": {"back": {}, "n": {"labels": {"b": "2"}, "internal": True}},
            "secrets": {"s2": {"file": "/p/s2"}},
            "configs": {"c1": {"external": True}},
        },
        {
            "services": {"a": {"image": "x"}},
            "volumes": {
                "v1": {
                    "driver": "local",
                    "labels": {"a": "1", "b": "2"},
                    "driver_opts": {"o": "x", "type": "y"},
                },
                "v2": {},
            },
            "networks": {"front": {}, "back": {}, "n": {"labels": {"a": "1", "b": "2"}, "internal": True}},
            "secrets": {"s1": {"file": "/p/s1"}, "s2": {"file": "/p/s2"}},
            "configs": {"c1": {"file": "/p/c1", "external": True}},
        },
    ),
    ("name last wins", {"name": "first"}, {"name": "second"}, {"name": "second"}),
    (
        "include appended",
        {"include": [{"path": ["a.yaml"]}]},
        {"include": [{"path": ["b.yaml"]}]},
        {"include": [{"path": ["a.yaml"]}, {"path": ["b.yaml"]}]},
    ),
    # oracle: x- extensions merge recursively (older compose-go replaced them)
    (
        "x- top-level deep merge",
        {"x-foo": {"a": 1, "n": {"p": 1}}},
        {"x-foo": {"b": 2, "n": {"q": 2}}},
        {"x-foo": {"a": 1, "b": 2, "n": {"p": 1, "q": 2}}},
    ),
    # oracle: compose-go's mergeIPAMConfig mutates base entries in place; this is what it prints
    (
        "ipam config",
        {
            "networks": {
                "n": {
                    "ipam": {
                        "driver": "default",
                        "config": [
                            {"subnet": "10.0.0.0/24", "gateway": "10.0.0.1"},
                            {"subnet": "10.1.0.0/24"},
                        ],
                    }
                }
            }
        },
        {
            "networks": {
                "n": {
                    "ipam": {
                        "config": [
                            {"subnet": "10.0.0.0/24", "ip_range": "10.0.0.0/25"},
                            {"subnet": "10.2.0.0/24"},
                        ]
                    }
                }
            }
        },
        {
            "networks": {
                "n": {
                    "ipam": {
                        "driver": "default",
                        "config": [
                            {"subnet": "10.2.0.0/24", "ip_range": "10.0.0.0/25"},
                            {"subnet": "10.2.0.0/24"},
                        ],
                    }
                }
            }
        },
    ),
    (
        "ipam config same subnet merges",
        {"networks": {"n": {"ipam": {"config": [{"subnet": "10.0.0.0/24", "gateway": "10.0.0.1"}]}}}},
        {"networks": {"n": {"ipam": {"config": [{"subnet": "10.0.0.0/24", "ip_range": "10.0.0.0/25"}]}}}},
        {
            "networks": {
                "n": {
                    "ipam": {
                        "config": [
                            {"subnet": "10.0.0.0/24", "gateway": "10.0.0.1", "ip_range": "10.0.0.0/25"}
                        ]
                    }
                }
            }
        },
    ),
    # oracle: an empty base config list swallows the override's (`ipam: {}` in the output)
    (
        "ipam config empty base",
        {"networks": {"n": {"ipam": {"config": []}}}},
        {"networks": {"n": {"ipam": {"config": [{"subnet": "10.0.0.0/24"}]}}}},
        {"networks": {"n": {"ipam": {}}}},
    ),
]


@pytest.mark.parametrize(
    ("base", "override", "expected"), [c[1:] for c in MODEL_CASES], ids=[c[0] for c in MODEL_CASES]
)
def test_model_rules(base: dict, override: dict, expected: dict) -> None:
    base_before, override_before = copy.deepcopy(base), copy.deepcopy(override)
    assert merge(base, override) == expected
    assert base == base_before and override == override_before


# -------------------------------------------------------------------------------- !reset / !override

TAG_BASE = {
    "image": "x",
    "ports": [port(80, "80"), port(443, "443")],
    "environment": {"A": "1", "B": "2"},
    "volumes": [bind("/p/data", "/data")],
    "command": ["a", "b"],
    "build": {"context": "/p", "args": {"X": "1"}},
    "labels": {"l": "1"},
}

TAG_CASES: list[tuple[str, dict, dict]] = [
    # checklist §7 example, confirmed with the oracle
    (
        "checklist example",
        {
            "ports": Override([port(80, "8080")]),
            "environment": Override({"C": "3"}),
            "volumes": Reset([]),
            "command": Reset(None),
            "build": {"args": Reset({})},
        },
        {
            "image": "x",
            "ports": [port(80, "8080")],
            "environment": {"C": "3"},
            "build": {"context": "/p"},
            "labels": {"l": "1"},
        },
    ),
    (
        "reset one environment key",
        {"environment": {"A": Reset(None), "C": "3"}},
        {**TAG_BASE, "environment": {"B": "2", "C": "3"}},
    ),
    # oracle: a `!reset` list item cannot remove a base item; it is only dropped from the override
    (
        "reset list item",
        {"ports": [Reset(port(80, "80")), port(90, "9090")]},
        {**TAG_BASE, "ports": [port(80, "80"), port(443, "443"), port(90, "9090")]},
    ),
    (
        "override list item is plain",
        {"ports": [Override(port(80, "80")), port(90, "9090")]},
        {**TAG_BASE, "ports": [port(80, "80"), port(443, "443"), port(90, "9090")]},
    ),
    (
        "reset and override absent keys",
        {"user": Reset("root"), "dns": Override(["1.1.1.1"])},
        {**TAG_BASE, "dns": ["1.1.1.1"]},
    ),
    (
        "override nested map replaces",
        {"build": Override({"context": "/p/sub"})},
        {**TAG_BASE, "build": {"context": "/p/sub"}},
    ),
    (
        "override still de-duplicates",
        {"ports": Override([port(80, "80"), port(80, "80", mode="host")])},
        {**TAG_BASE, "ports": [port(80, "80", mode="host")]},
    ),
    (
        "reset map",
        {"environment": Reset(None), "labels": Reset({})},
        {k: v for k, v in TAG_BASE.items() if k not in ("environment", "labels")},
    ),
    (
        "tags deep inside a new key",
        {"healthcheck": {"test": ["CMD", "x"], "interval": Override("5s"), "retries": Reset(3)}},
        {**TAG_BASE, "healthcheck": {"test": ["CMD", "x"], "interval": "5s"}},
    ),
]


@pytest.mark.parametrize(("override", "expected"), [c[1:] for c in TAG_CASES], ids=[c[0] for c in TAG_CASES])
def test_tags(override: dict, expected: dict) -> None:
    assert merge(svc(**TAG_BASE), svc(**override)) == svc(**expected)
    # extends applies the same tags (`command: !reset` in a child drops the inherited command)
    assert merge_service(TAG_BASE, override, "services.a") == expected


def test_reset_and_override_services() -> None:
    base = {"services": {"a": {"image": "x"}, "b": {"image": "y", "user": "u"}}, "volumes": {"v": {}}}
    assert merge(base, {"services": {"b": Reset({})}}) == {
        "services": {"a": {"image": "x"}},
        "volumes": {"v": {}},
    }
    assert merge(base, {"services": {"b": Override({"image": "z"})}})["services"]["b"] == {"image": "z"}
    assert merge(base, {"volumes": Reset({})}) == {"services": base["services"]}


def test_extends_reset_command() -> None:
    """cg-extends-reset: `command: !reset` in the child leaves no command."""
    assert merge_service({"image": "x", "command": ["init"]}, {"command": Reset(None)}) == {"image": "x"}


def _has_tags(value: Any) -> bool:
    if isinstance(value, (Reset, Override)):
        return True
    if isinstance(value, dict):
        return any(_has_tags(v) for v in value.values())
    if isinstance(value, list):
        return any(_has_tags(v) for v in value)
    return False


# ----------------------------------------------------------------------------------- single file


def test_single_file_strips_tags() -> None:
    """`merge({}, file)`: a single file keeps `!override` values and drops `!reset` keys (oracle)."""
    model = svc(image="x", user=Reset("root"), environment={"A": Override("1"), "B": Reset("x")})
    result = merge({}, model)
    assert result == svc(image="x", environment={"A": "1"})
    assert not _has_tags(result)


def test_single_file_deduplicates() -> None:
    """oracle: `ports: ["80:80", "80:80", {mode: host...}]` in one file gives one port (the last)."""
    model = svc(
        image="x",
        ports=[port(80, "80"), port(80, "80"), port(80, "80", mode="host")],
        volumes=[bind("/a", "/data"), bind("/b", "/data")],
    )
    assert merge({}, model) == svc(
        image="x", ports=[port(80, "80", mode="host")], volumes=[bind("/b", "/data")]
    )


def test_result_has_no_tags_and_does_not_alias_override() -> None:
    override = svc(
        image="y",
        environment={"A": Override("1")},
        ports=[port(80, "80")],
        networks={"front": {"aliases": [Override("x")]}},
    )
    result = merge(svc(image="x", ports=[port(90, "90")]), override)
    assert not _has_tags(result)
    result["services"]["a"]["ports"][1]["target"] = 1
    assert override["services"]["a"]["ports"][0]["target"] == 80


def test_merge_with_empty_sides() -> None:
    model = svc(image="x")
    assert merge(model, {}) == model
    assert merge({}, {}) == {}
    assert merge_service({}, {"image": "x"}) == {"image": "x"}


def test_strip_tags() -> None:
    assert strip_tags({"a": [Reset(1), Override(2), {"b": Reset(None), "c": Override({"d": Reset(1)})}]}) == {
        "a": [2, {"c": {}}]
    }


# ------------------------------------------------------------------------------------------ errors


def test_cannot_override_map_with_list() -> None:
    """oracle: `x-a: {b: 1}` then `x-a: [1]` -> `cannot override x-a`."""
    with pytest.raises(ConfigError, match=r"^cannot override x-a$"):
        merge({"x-a": {"b": 1}}, {"x-a": [1]})
    with pytest.raises(ConfigError, match=r"^cannot override services\.web\.healthcheck$"):
        merge_service({"healthcheck": {"interval": "1s"}}, {"healthcheck": ["x"]}, "services.web")


@pytest.mark.parametrize(
    "field", ["external_links", "group_add", "security_opt", "volumes_from", "device_cgroup_rules"]
)
def test_unique_items_after_merge(field: str) -> None:
    """oracle: `validating b.yaml: services.a.group_add items at 0 and 2 are equal`."""
    with pytest.raises(SchemaError, match=rf"^services\.a\.{field} items at 0 and 2 are equal$"):
        merge(svc(**{field: ["v", "zz"]}), svc(**{field: ["v"]}))


def test_ipam_config_null_override() -> None:
    """oracle: `config: null` over a list is an error in compose-go."""
    with pytest.raises(ConfigError, match=r"networks\.n\.ipam\.config: unexpected type"):
        merge(
            {"networks": {"n": {"ipam": {"config": [{"subnet": "10.0.0.0/24"}]}}}},
            {"networks": {"n": {"ipam": {"config": None}}}},
        )


def test_volume_without_target() -> None:
    with pytest.raises(
        ConfigError, match=r"service volume services\.a\.volumes\.\[1\] is missing a mount target"
    ):
        merge({}, svc(volumes=[bind("/a", "/a"), {"type": "bind", "source": "/b"}]))


# ------------------------------------------------------------------------------ conformance cases


def test_hw_multi_file_merge() -> None:
    """cases/hw-multi-file-merge, canonical inputs written by hand; expected = expected.json before
    normalization (no dockerfile default, secrets targets, durations untouched)."""
    a = {
        "services": {
            "web": {
                "image": "web:1",
                "command": ["run", "--base"],
                "entrypoint": ["/base-entry.sh"],
                "environment": {"A": "base", "B": "base"},
                "labels": {"com.example.a": "base"},
                "ports": [port(80, "80"), port(443, "443")],
                "expose": ["3000"],
                "volumes": [bind("/c/base", "/data"), volume("logs", "/logs")],
                "dns": ["8.8.8.8"],
                "dns_search": ["example.com"],
                "extra_hosts": ["a.example=10.0.0.1"],
                "depends_on": {"db": {"condition": "service_started", "required": True}},
                "secrets": [{"source": "s1"}],
                "healthcheck": {
                    "test": ["CMD", "curl", "-f", "http://localhost"],
                    "interval": "30s",
                    "retries": 3,
                },
                "ulimits": {"nofile": 1024},
                "build": {"context": "/c/web", "args": {"ARG1": "base"}},
                "networks": {"front": None},
            },
            "db": {"image": "postgres"},
        },
        "networks": {"front": {}},
        "volumes": {"logs": {}},
        "secrets": {"s1": {"file": "/c/s1.txt"}, "s2": {"file": "/c/s2.txt"}},
    }
    b = {
        "services": {
            "web": {
                "image": "web:2",
                "command": ["run", "--override"],
                "environment": {"B": "override", "C": "override"},
                "labels": {"com.example.b": "override"},
                "ports": [port(80, "80"), port(8080, "8080")],
                "expose": ["3000", "4000"],
                "volumes": [bind("/c/override", "/data"), bind("/c/extra", "/extra")],
                "dns": ["1.1.1.1"],
                "extra_hosts": ["b.example=10.0.0.2"],
                "depends_on": {"cache": {"condition": "service_started", "required": True}},
                "secrets": [{"source": "s2", "target": "s1"}],
                "healthcheck": {"interval": "10s"},
                "ulimits": {"nofile": {"soft": 2048, "hard": 4096}},
                "build": {"args": {"ARG2": "override"}, "target": "prod"},
                "networks": {"back": {"aliases": ["web-back"]}},
            },
            "cache": {"image": "redis"},
        },
        "networks": {"back": {}},
    }
    web = merge(a, b)["services"]["web"]
    assert web == {
        "image": "web:2",
        "command": ["run", "--override"],
        "entrypoint": ["/base-entry.sh"],
        "environment": {"A": "base", "B": "override", "C": "override"},
        "labels": {"com.example.a": "base", "com.example.b": "override"},
        "ports": [port(80, "80"), port(443, "443"), port(8080, "8080")],
        "expose": ["3000", "4000"],
        "volumes": [bind("/c/override", "/data"), volume("logs", "/logs"), bind("/c/extra", "/extra")],
        "dns": ["8.8.8.8", "1.1.1.1"],
        "dns_search": ["example.com"],
        "extra_hosts": ["a.example=10.0.0.1", "b.example=10.0.0.2"],
        "depends_on": {
            "db": {"condition": "service_started", "required": True},
            "cache": {"condition": "service_started", "required": True},
        },
        "secrets": [{"source": "s1"}, {"source": "s2", "target": "s1"}],
        "healthcheck": {"test": ["CMD", "curl", "-f", "http://localhost"], "interval": "10s", "retries": 3},
        "ulimits": {"nofile": {"soft": 2048, "hard": 4096}},
        "build": {"context": "/c/web", "args": {"ARG1": "base", "ARG2": "override"}, "target": "prod"},
        "networks": {"front": None, "back": {"aliases": ["web-back"]}},
    }


def test_cg_cli_simple_overrides() -> None:
    assert merge(
        {"services": {"simple": {"image": "nginx"}}}, {"services": {"simple": {"image": "haproxy"}}}
    ) == {"services": {"simple": {"image": "haproxy"}}}


def test_extends_other_file() -> None:
    """cases/hw-extends-other-file: the base (paths already resolved against common/) under the child."""
    base = {
        "build": {"context": "/c/common/app"},
        "env_file": [{"path": "/c/common/base.env", "required": True}],
        "volumes": [bind("/c/common/data", "/data"), volume("named", "/named")],
        "environment": {"FROM_BASE": "1"},
    }
    child = {"environment": {"LOCAL": "1"}}
    assert merge_service(base, child, "services.app") == {
        **base,
        "environment": {"FROM_BASE": "1", "LOCAL": "1"},
    }


def test_a_thousand_services_with_a_small_override() -> None:
    """1000 services plus a one-service override: only that service changes (the speed of this is
    measured by benchmarks/bench_config.py, not asserted here)."""
    big = {
        "services": {
            f"s{i}": {
                "image": f"img{i}",
                "environment": {"A": "1", "B": "2"},
                "ports": [port(8000 + i, str(8000 + i))],
                "volumes": [bind(f"/p/{i}", "/data"), volume("v", "/v")],
                "labels": {"x": "y"},
                "depends_on": {"db": {"condition": "service_started", "required": True}},
            }
            for i in range(1000)
        }
    }
    small = {"services": {"s1": {"image": "other", "environment": {"C": "3"}}}}
    single = merge({}, big)
    merged = merge(single, small)
    assert merged["services"]["s1"]["environment"] == {"A": "1", "B": "2", "C": "3"}
    assert merged["services"]["s1"]["image"] == "other"
    assert len(merged["services"]) == 1000
    assert merged["services"]["s999"] == single["services"]["s999"]
