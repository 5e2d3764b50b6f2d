"""``canonical`` as data: one file's short syntax in, the long syntax the merge works on out.

Expected values are what Docker Compose v2.40.3 prints for the same input (checked with the real binary),
minus what later stages add: defaults set after the merge (port ``protocol`` on long entries, secret
``target``, ``build.context: .``), path resolution (bind sources stay relative, ``~`` stays), sorting.
"""

from __future__ import annotations

import copy
from typing import Any

import pytest

from pycompose.config.canonical import (
    canonical,
    go_path_clean,
    parse_port_spec,
    parse_volume,
    split_command,
)
from pycompose.config.tags import Override, Reset
from pycompose.errors import NormalizeError


def port(target: int, published: str | None = None, host_ip: str | None = None, protocol: str = "tcp"):
    entry: dict[str, Any] = {"mode": "ingress"}
    if host_ip:
        entry["host_ip"] = host_ip
    entry["target"] = target
    if published is not None:
        entry["published"] = published
    entry["protocol"] = protocol
    return entry


def service(**fields: Any) -> dict[str, Any]:
    return {"services": {"app": fields}}


def canonical_service(**fields: Any) -> dict[str, Any]:
    return canonical(service(**fields))["services"]["app"]


# ------------------------------------------------------------------------------------------------ ports

PORTS: list[tuple[str | int, list[dict[str, Any]]]] = [
    ("3000", [port(3000)]),
    ("3000-3002", [port(3000), port(3001), port(3002)]),
    ("8000:8000", [port(8000, "8000")]),
    ("9090-9091:8080-8081", [port(8080, "9090"), port(8081, "9091")]),
    ("49100:22", [port(22, "49100")]),
    ("127.0.0.1:8001:8001", [port(8001, "8001", "127.0.0.1")]),
    ("127.0.0.1:5000-5001:5000-5001", [port(5000, "5000", "127.0.0.1"), port(5001, "5001", "127.0.0.1")]),
    ("127.0.0.1::5000", [port(5000, host_ip="127.0.0.1")]),
    ("6060:6060/udp", [port(6060, "6060", protocol="udp")]),
    ("80/UDP", [port(80, protocol="udp")]),
    ("80:80/sctp", [port(80, "80", protocol="sctp")]),
    ("[::1]:6001:6001", [port(6001, "6001", "::1")]),
    ("::1:80:80", [port(80, "80", "::1")]),
    ("[::1]::80", [port(80, host_ip="::1")]),
    (5432, [port(5432)]),
    ("22:22", [port(22, "22")]),
    # a host range for a single container port stays a range
    ("8000-8010:80", [port(80, "8000-8010")]),
    ("127.0.0.1:8000-8002:80", [port(80, "8000-8002", "127.0.0.1")]),
    (":80", [port(80)]),
    # nat ignores a third range bound
    ("81-82-83:81-82", [port(81, "81"), port(82, "82")]),
    # entries are sorted as the text "<port>/<proto>", as compose-go does
    ("9998-10001", [port(10000), port(10001), port(9998), port(9999)]),
    ("1.2.3.4:80-81:90-91/udp", [port(90, "80", "1.2.3.4", "udp"), port(91, "81", "1.2.3.4", "udp")]),
]


@pytest.mark.parametrize(("spec", "expected"), PORTS, ids=[str(p[0]) for p in PORTS])
def test_ports_short_syntax(spec: str | int, expected: list[dict[str, Any]]) -> None:
    assert canonical_service(ports=[spec])["ports"] == expected


PORT_ERRORS = [
    ("80:80:80:80", "invalid IP address: 80:80"),
    ("8000-8002:80-81", "invalid ranges specified for container and host Ports: 80-81 and 8000-8002"),
    ("80:90-92", "invalid ranges specified for container and host Ports: 90-92 and 80"),
    ("abc", "invalid containerPort: abc"),
    ("80/xyz", "invalid proto: xyz"),
    ("80:", "invalid proto: "),
    ("70000", "invalid containerPort: 70000"),
    (65536, "invalid containerPort: 65536"),
    ("80-79", "invalid containerPort: 80-79"),
    ("a:80", "invalid hostPort: a"),
    ("1.2.3.4:80", "invalid hostPort: 1.2.3.4"),
    ("80: 80", "invalid containerPort:  80"),
    ("localhost:80:80", "invalid IP address: localhost"),
    ("[fe80::1%eth0]:80:80", "invalid IP address: fe80::1%eth0"),
    ("[::1]:80", "invalid IP address [:: address [::: missing ']' in address"),
    ("0", "service ports services.app.ports.[1] is missing a target port"),
]


@pytest.mark.parametrize(("spec", "message"), PORT_ERRORS, ids=[str(p[0]) for p in PORT_ERRORS])
def test_port_errors(spec: str | int, message: str) -> None:
    with pytest.raises(NormalizeError) as info:
        canonical(service(ports=["80", spec]))
    assert str(info.value) == message
    assert info.value.path == ("services", "app", "ports", 1)


def test_long_ports_are_left_for_after_the_merge() -> None:
    """``published: 8080`` stays an int: compose-go's merge does not equate it with ``"8080:80"``."""
    long = {"target": 80, "published": 8080}
    assert canonical_service(ports=[long])["ports"] == [long]


def test_parse_port_spec_is_reusable() -> None:
    assert parse_port_spec("8080:80") == [port(80, "8080")]


# ---------------------------------------------------------------------------------------------- volumes

BIND = {"create_host_path": True}
VOLUMES: list[tuple[str, dict[str, Any]]] = [
    ("/var/lib/anon", {"type": "volume", "target": "/var/lib/anon", "volume": {}}),
    ("named:/named", {"type": "volume", "source": "named", "target": "/named", "volume": {}}),
    (
        "named:/named:ro",
        {"type": "volume", "source": "named", "target": "/named", "read_only": True, "volume": {}},
    ),
    ("./rel:/rel", {"type": "bind", "source": "./rel", "target": "/rel", "bind": BIND}),
    ("../up:/up:rw", {"type": "bind", "source": "../up", "target": "/up", "bind": BIND}),
    (".:/dot", {"type": "bind", "source": ".", "target": "/dot", "bind": BIND}),
    ("~/home-sub:/home-sub", {"type": "bind", "source": "~/home-sub", "target": "/home-sub", "bind": BIND}),
    (
        "/abs/path:/abs:ro,z",
        {
            "type": "bind",
            "source": "/abs/path",
            "target": "/abs",
            "read_only": True,
            "bind": {"selinux": "z", **BIND},
        },
    ),
    (
        "/a:/b:Z,shared",
        {
            "type": "bind",
            "source": "/a",
            "target": "/b",
            "bind": {"selinux": "Z", "propagation": "shared", **BIND},
        },
    ),
    (
        "./prop:/prop:rslave",
        {"type": "bind", "source": "./prop", "target": "/prop", "bind": {"propagation": "rslave", **BIND}},
    ),
    # nocopy on a bind still produces a volume block (sic)
    (
        "./nocopy:/nc:nocopy",
        {"type": "bind", "source": "./nocopy", "target": "/nc", "volume": {"nocopy": True}, "bind": BIND},
    ),
    (
        "vol:/x:nocopy,ro",
        {"type": "volume", "source": "vol", "target": "/x", "read_only": True, "volume": {"nocopy": True}},
    ),
    ("/a:/b:ro,rw", {"type": "bind", "source": "/a", "target": "/b", "bind": BIND}),
    ("/a:/b:foo", {"type": "bind", "source": "/a", "target": "/b", "bind": BIND}),
    # a one-letter source is read as a Windows drive: anonymous volume with target "v:/v"
    ("v:/v", {"type": "volume", "target": "v:/v", "volume": {}}),
    ("é:/x", {"type": "volume", "target": "é:/x", "volume": {}}),
    ("C:\\data:/data", {"type": "bind", "source": "C:\\data", "target": "/data", "bind": BIND}),
    ("a:b:c:d", {"type": "bind", "source": "a:b", "target": "c:d", "bind": BIND}),
    ("\\\\.\\pipe\\x:/p", {"type": "bind", "source": "\\\\.\\pipe\\x", "target": "/p", "bind": BIND}),
    # specs of one or two characters are a bare target
    ("ab", {"type": "volume", "target": "ab"}),
    ("::", {"type": "volume", "target": "::"}),
    # targets are cleaned like Go's path.Clean
    ("/x/", {"type": "volume", "target": "/x", "volume": {}}),
    ("./a/../b:/x/../y/", {"type": "bind", "source": "./a/../b", "target": "/y", "bind": BIND}),
    ("vol:rel", {"type": "volume", "source": "vol", "target": "rel", "volume": {}}),
]


@pytest.mark.parametrize(("spec", "expected"), VOLUMES, ids=[v[0] for v in VOLUMES])
def test_volumes_short_syntax(spec: str, expected: dict[str, Any]) -> None:
    assert canonical_service(volumes=[spec])["volumes"] == [expected]
    assert parse_volume(spec)["type"] == expected["type"]


VOLUME_ERRORS = [
    ("/a::ro", "invalid spec: /a::ro: empty section between colons"),
    (":/x", "invalid spec: :/x: empty section between colons"),
    ("/a:/b:", "invalid spec: /a:/b:: empty section between colons"),
    ("/a:/b:ro:x", "invalid spec: /a:/b:ro:x: too many colons"),
]


@pytest.mark.parametrize(("spec", "message"), VOLUME_ERRORS, ids=[v[0] for v in VOLUME_ERRORS])
def test_volume_errors(spec: str, message: str) -> None:
    with pytest.raises(NormalizeError, match=r"^invalid spec") as info:
        canonical(service(volumes=[spec]))
    assert str(info.value) == message
    assert info.value.path == ("services", "app", "volumes", 0)


def test_long_volumes_keep_their_shape() -> None:
    long = [
        {"type": "bind", "source": "./bind", "target": "/bind/", "bind": {"create_host_path": False}},
        {"type": "volume", "source": "v", "target": "/v", "volume": {"labels": ["a=1", "b"]}},
        {"type": "tmpfs", "target": "/t", "tmpfs": {"size": "10m", "mode": 1777}},
    ]
    assert canonical_service(volumes=long)["volumes"] == [
        {"type": "bind", "source": "./bind", "target": "/bind", "bind": {"create_host_path": False}},
        {"type": "volume", "source": "v", "target": "/v", "volume": {"labels": {"a": "1", "b": ""}}},
        {"type": "tmpfs", "target": "/t", "tmpfs": {"size": "10m", "mode": 1777}},
    ]


@pytest.mark.parametrize(
    ("path", "clean"),
    [
        ("/x/", "/x"),
        ("//x", "/x"),
        ("a/../..", ".."),
        ("", "."),
        ("/..", "/"),
        ("./a//b/.", "a/b"),
        ("c:d", "c:d"),
    ],
)
def test_go_path_clean(path: str, clean: str) -> None:
    assert go_path_clean(path) == clean


# ------------------------------------------------------------------------------------------- commands

COMMANDS = [
    (
        "bundle exec thin -p 3000 \"quoted arg\" 'single q'",
        ["bundle", "exec", "thin", "-p", "3000", "quoted arg", "single q"],
    ),
    ("a \"b c\" 'd e'", ["a", "b c", "d e"]),
    ("a\\ b", ["a b"]),
    ("a\\\\b", ["a\\b"]),
    ('"a\\"b"', ['a"b']),
    ("'a\\b'", ["a\\b"]),
    ("a\tb\nc", ["a", "b", "c"]),
    ("echo $(date) x", ["echo", "$(date)", "x"]),
    ("echo $(a b) c", ["echo", "$(a b)", "c"]),
    ("echo `x y`", ["echo", "`x y`"]),
    ('a ""', ["a", ""]),
    ('""', [""]),
    ("", []),
    ("  ", []),
    ('a"b"c', ["abc"]),
    ('x="a b"', ["x=a b"]),
    # parsing stops at an unquoted ; & | < >
    ("echo a && echo b", ["echo", "a"]),
    ("echo x;y", ["echo", "x"]),
    ("a|b", ["a"]),
    ("a >x", ["a"]),
    ("a 2>x", ["a"]),
    ('sh -c "a;b"', ["sh", "-c", "a;b"]),
    ("a\u3000b", ["a\u3000b"]),
]


@pytest.mark.parametrize(("line", "words"), COMMANDS, ids=[c[0] for c in COMMANDS])
def test_split_command(line: str, words: list[str]) -> None:
    assert split_command(line) == words


@pytest.mark.parametrize("line", ['a "b', "a\\", "echo (x)", "echo a)b", "a 'b", "echo `x"])
def test_split_command_errors(line: str) -> None:
    with pytest.raises(ValueError, match="invalid command line string"):
        split_command(line)


def test_command_errors_are_reported_like_decoding() -> None:
    with pytest.raises(NormalizeError) as info:
        canonical(service(command='a "b'))
    assert str(info.value) == (
        "decoding failed due to the following error(s):\n\n"
        "'services[app].command' invalid command line string"
    )


# -------------------------------------------------------------------------------- other service rules

SERVICE_RULES: list[tuple[str, str, Any, Any]] = [
    ("command string", "command", "echo hi", ["echo", "hi"]),
    ("command list", "command", ["echo", "a b"], ["echo", "a b"]),
    ("entrypoint empty", "entrypoint", "", []),
    (
        "environment list",
        "environment",
        ["A=1", "B=", "FROM_SHELL", "C=has=equals", "=x"],
        {"A": "1", "B": "", "FROM_SHELL": None, "C": "has=equals", "": "x"},
    ),
    (
        "environment map",
        "environment",
        {"NUM": 42, "FLOAT": 1.5, "BOOL": True, "NULL": None, "BIG": 1e3, "STR": "t"},
        {"NUM": "42", "FLOAT": "1.5", "BOOL": "true", "NULL": None, "BIG": "1000", "STR": "t"},
    ),
    ("labels list", "labels", ["a=1", "b", "c="], {"a": "1", "b": "", "c": ""}),
    (
        "labels map",
        "labels",
        {"a": 1, "b": 1.5, "c": True, "d": None},
        {"a": "1", "b": "1.5", "c": "true", "d": ""},
    ),
    ("sysctls list", "sysctls", ["net.core.somaxconn=1024"], {"net.core.somaxconn": "1024"}),
    ("annotations", "annotations", ["a=1", "b"], {"a": "1", "b": ""}),
    (
        "depends_on list",
        "depends_on",
        ["db"],
        {"db": {"condition": "service_started", "required": True}},
    ),
    (
        "depends_on map",
        "depends_on",
        {"db": {"condition": "service_healthy", "restart": True}, "m": {"required": False}},
        {
            "db": {"condition": "service_healthy", "restart": True, "required": True},
            "m": {"required": False, "condition": "service_started"},
        },
    ),
    ("networks list", "networks", ["front", "back"], {"front": None, "back": None}),
    ("models list", "models", ["m1"], {"m1": None}),
    ("build string", "build", "./app", {"context": "./app"}),
    ("build map without context", "build", {"args": ["A=1", "B"]}, {"args": {"A": "1", "B": None}}),
    (
        "secrets",
        "secrets",
        ["s", {"source": "t", "target": "x"}],
        [{"source": "s"}, {"source": "t", "target": "x"}],
    ),
    ("configs", "configs", ["c"], [{"source": "c"}]),
    (
        "extra_hosts map",
        "extra_hosts",
        {"myhost": ["0.0.0.1", "0.0.0.2"], "h": "1.2.3.4", "n": None},
        ["myhost=0.0.0.1", "myhost=0.0.0.2", "h=1.2.3.4", "n="],
    ),
    # list entries are kept verbatim: "b:1.1.1.1" and "b=1.1.1.1" are not duplicates for the merge
    ("extra_hosts list", "extra_hosts", ["b:1.1.1.1", "a=[::1]"], ["b:1.1.1.1", "a=[::1]"]),
    (
        "devices",
        "devices",
        ["/dev/a", "/dev/b:/dev/c", "/dev/d:/dev/e:r", "/dev/f:", {"source": "/x", "target": "/y"}],
        [
            {"source": "/dev/a", "target": "/dev/a", "permissions": "rwm"},
            {"source": "/dev/b", "target": "/dev/c", "permissions": "rwm"},
            {"source": "/dev/d", "target": "/dev/e", "permissions": "r"},
            {"source": "/dev/f", "target": "/dev/f", "permissions": "rwm"},
            {"source": "/x", "target": "/y"},
        ],
    ),
    ("gpus all", "gpus", "all", [{"count": "all"}]),
    ("expose", "expose", [3000, "4000/udp"], ["3000", "4000/udp"]),
    ("group_add", "group_add", ["mail", 1000], ["mail", "1000"]),
    ("dns string", "dns", "8.8.8.8", ["8.8.8.8"]),
    ("dns_search string", "dns_search", "example.com", ["example.com"]),
    ("tmpfs string", "tmpfs", "/run", ["/run"]),
    ("tmpfs list kept", "tmpfs", ["/run", "/cache:size=1m"], ["/run", "/cache:size=1m"]),
    ("label_file string", "label_file", "./l", ["./l"]),
    ("env_file string", "env_file", "a.env", [{"path": "a.env", "required": True}]),
    (
        "env_file list",
        "env_file",
        [
            "a.env",
            {"path": "b.env", "required": False},
            {"path": "c.env", "format": "raw"},
            {"path": "d", "required": "false"},
        ],
        [
            {"path": "a.env", "required": True},
            {"path": "b.env", "required": False},
            {"path": "c.env", "format": "raw", "required": True},
            {"path": "d", "required": False},
        ],
    ),
    ("extends string", "extends", "base", {"service": "base"}),
    ("extends map", "extends", {"service": "base", "file": "b.yaml"}, {"service": "base", "file": "b.yaml"}),
    (
        "ulimits",
        "ulimits",
        {"nofile": 5, "nproc": {"soft": 1, "hard": 2}},
        {"nofile": 5, "nproc": {"soft": 1, "hard": 2}},
    ),
    (
        "hooks",
        "post_start",
        [{"command": "echo a b", "environment": ["A=1", "B"]}],
        [{"command": ["echo", "a", "b"], "environment": {"A": "1", "B": None}}],
    ),
    (
        "develop watch",
        "develop",
        {
            "watch": [
                {"path": "./a", "action": "sync+exec", "ignore": "node_modules", "exec": {"command": "ls -l"}}
            ]
        },
        {
            "watch": [
                {
                    "path": "./a",
                    "action": "sync+exec",
                    "ignore": ["node_modules"],
                    "exec": {"command": ["ls", "-l"]},
                }
            ]
        },
    ),
]


@pytest.mark.parametrize(
    ("name", "key", "value", "expected"), SERVICE_RULES, ids=[r[0] for r in SERVICE_RULES]
)
def test_service_rules(name: str, key: str, value: Any, expected: Any) -> None:
    assert canonical_service(**{key: value})[key] == expected


BUILD_RULES: list[tuple[str, str, Any, Any]] = [
    ("args list", "args", ["A=1", "B", "C="], {"A": "1", "B": None, "C": ""}),
    ("args map", "args", {"A": 1, "B": None}, {"A": "1", "B": None}),
    ("labels", "labels", ["x=1", "y"], {"x": "1", "y": ""}),
    (
        "additional_contexts",
        "additional_contexts",
        ["a=./x", "b=docker-image://y"],
        {"a": "./x", "b": "docker-image://y"},
    ),
    ("ssh list", "ssh", ["default", "key=/path"], {"default": None, "key": "/path"}),
    ("ssh map", "ssh", {"default": None}, {"default": None}),
    ("secrets", "secrets", ["s"], [{"source": "s"}]),
    ("extra_hosts", "extra_hosts", {"h": "1.1.1.1"}, ["h=1.1.1.1"]),
]


@pytest.mark.parametrize(("name", "key", "value", "expected"), BUILD_RULES, ids=[r[0] for r in BUILD_RULES])
def test_build_rules(name: str, key: str, value: Any, expected: Any) -> None:
    build = canonical_service(build={"context": ".", key: value})["build"]
    assert build == {"context": ".", key: expected}


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"devices": ["/a:/b:/c:/d"]}, "confusing device mapping, please use long syntax: /a:/b:/c:/d"),
        (
            {"build": {"additional_contexts": ["novalue"]}},
            "services.app.build.additional_contexts: invalid value novalue, expected key=value",
        ),
        ({"build": {"ssh": ["x"]}}, 'invalid ssh key "x"'),
    ],
)
def test_service_rule_errors(fields: dict[str, Any], message: str) -> None:
    with pytest.raises(NormalizeError) as info:
        canonical(service(**fields))
    assert str(info.value) == message


# ------------------------------------------------------------------------------ top level and include


def test_top_level_resources(capsys: pytest.CaptureFixture[str]) -> None:
    config = {
        "volumes": {"plain": None, "old": {"external": {"name": "real"}}, "lbl": {"labels": ["a=1", "b"]}},
        "networks": {"n": {"external": {"name": "n1"}, "name": "n1"}, "e": {"external": {}}},
        "secrets": {"s": {"file": "./s"}},
        "configs": {"c": {"external": True}},
    }
    out = canonical(config)
    assert out["volumes"] == {
        "plain": None,
        "old": {"external": True, "name": "real"},
        "lbl": {"labels": {"a": "1", "b": ""}},
    }
    assert out["networks"] == {"n": {"external": True, "name": "n1"}, "e": {"external": True}}
    assert out["secrets"] is config["secrets"]
    err = capsys.readouterr().err
    assert "volumes.old: external.name is deprecated. Please set name and external: true" in err
    assert "networks.n: external.name is deprecated" in err


def test_external_name_conflict() -> None:
    with pytest.raises(NormalizeError, match=r"^volumes.v: name and external.name conflict; only use name$"):
        canonical({"volumes": {"v": {"external": {"name": "a"}, "name": "b"}}})


def test_include_forms() -> None:
    config = {"include": ["a.yaml", {"path": "b.yaml", "env_file": "b.env"}, {"path": ["c.yaml", "d.yaml"]}]}
    assert canonical(config)["include"] == [
        {"path": ["a.yaml"]},
        {"path": ["b.yaml"], "env_file": ["b.env"]},
        {"path": ["c.yaml", "d.yaml"]},
    ]


def test_top_level_extensions_and_unknown_keys_are_untouched() -> None:
    config = {"x-top": {"ports": ["80:80"]}, "name": "n", "services": {"a": {"x-ext": ["a b"]}}}
    assert canonical(config) == config


# ----------------------------------------------------------------------------------- tags and copying


def test_override_is_transformed_inside_its_wrapper() -> None:
    out = canonical_service(
        ports=Override(["8080:80"]), environment=Override(["C=3"]), command=Override("a b")
    )
    assert out["ports"] == Override([port(80, "8080")])
    assert out["environment"] == Override({"C": "3"})
    assert out["command"] == Override(["a", "b"])


def test_reset_is_left_alone() -> None:
    out = canonical_service(volumes=Reset([]), command=Reset(None), build=Reset({}))
    assert out == {"volumes": Reset([]), "command": Reset(None), "build": Reset({})}


def test_input_is_not_modified_and_untouched_subtrees_are_shared() -> None:
    config = {
        "services": {
            "a": {"image": "x", "ports": ["80:80"], "logging": {"driver": "syslog"}, "depends_on": {"b": {}}},
            "b": {"image": "y", "deploy": {"resources": {"limits": {"cpus": "1"}}}},
        },
        "x-big": {"anything": [1, 2, 3]},
    }
    before = copy.deepcopy(config)
    out = canonical(config)
    assert config == before
    assert out["x-big"] is config["x-big"]
    assert out["services"]["b"] is config["services"]["b"]
    assert out["services"]["a"]["logging"] is config["services"]["a"]["logging"]
    assert out["services"]["a"] is not config["services"]["a"]


def test_unchanged_config_is_returned_as_is() -> None:
    config = {
        "services": {"a": {"image": "x", "command": ["a"], "volumes": [{"type": "volume", "target": "/x"}]}}
    }
    assert canonical(config) is config
