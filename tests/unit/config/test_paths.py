"""Relative path resolution as data: (input, expected) per kind of path, base dir ``/p/proj``, home ``/h``.

Expected values are what Docker Compose v2.40.3 prints for the same file (checked with the binary: remote
contexts, ``service:``/``target:`` contexts, ``~``, unclean absolute paths, local ``driver_opts.device``).
"""

from __future__ import annotations

import copy
import os
from typing import Any

import pytest

from pycompose.config.paths import resolve_paths
from pycompose.config.tags import Override, Reset
from pycompose.errors import ConfigError

BASE = "/p/proj"
HOME = "/h"


def svc(**fields: Any) -> dict[str, Any]:
    return {"services": {"a": fields}}


def bind(source: str, target: str = "/t") -> dict[str, Any]:
    return {"type": "bind", "source": source, "target": target}


SERVICE_CASES: list[tuple[str, dict, dict]] = [
    ("context cleaned", {"build": {"context": "./ctx/../ctx2/"}}, {"build": {"context": "/p/proj/ctx2"}}),
    ("context dot", {"build": {"context": "."}}, {"build": {"context": "/p/proj"}}),
    ("context home", {"build": {"context": "~/hb"}}, {"build": {"context": "/h/hb"}}),
    ("context parent", {"build": {"context": "../x"}}, {"build": {"context": "/p/x"}}),
    ("context absolute kept", {"build": {"context": "/abs/./x"}}, {"build": {"context": "/abs/./x"}}),
    ("context string form", {"build": "./app"}, {"build": "/p/proj/app"}),
    *[
        (f"remote context {ctx}", {"build": {"context": ctx}}, {"build": {"context": ctx}})
        for ctx in (
            "git@github.com:x/y.git",
            "github.com/x/y",
            "https://github.com/x.git#main",
            "http://example.com/ctx.tar.gz",
            "git://host/repo",
            "ssh://host/repo",
        )
    ],
    (
        "dockerfile stays relative",
        {"build": {"context": ".", "dockerfile": "./D"}},
        {"build": {"context": "/p/proj", "dockerfile": "./D"}},
    ),
    (
        "additional contexts",
        {
            "build": {
                "additional_contexts": {
                    "a": "./x",
                    "b": "docker-image://alpine",
                    "c": "service:b",
                    "d": "https://github.com/x.git",
                    "e": "git@github.com:x/y.git",
                    "f": "github.com/x/y",
                    "g": "oci-layout://x",
                    "h": "../y",
                    "i": "~/z",
                    "j": "target:b",
                }
            }
        },
        {
            "build": {
                "additional_contexts": {
                    "a": "/p/proj/x",
                    "b": "docker-image://alpine",
                    "c": "service:b",
                    "d": "https://github.com/x.git",
                    "e": "git@github.com:x/y.git",
                    "f": "github.com/x/y",
                    "g": "oci-layout://x",
                    "h": "/p/y",
                    "i": "/h/z",
                    "j": "/p/proj/target:b",  # sic: only `service:` is special
                }
            }
        },
    ),
    (
        "ssh key paths (list)",
        {"build": {"ssh": ["default", "other=./key", "abs=/k"]}},
        {"build": {"ssh": ["default", "other=/p/proj/key", "abs=/k"]}},
    ),
    (
        "ssh key paths (map)",
        {"build": {"ssh": {"default": None, "other": "./key"}}},
        {"build": {"ssh": {"default": None, "other": "/p/proj/key"}}},
    ),
    (
        "env_file",
        {
            "env_file": [
                {"path": "~/e", "required": False},
                {"path": "./e2", "required": True},
                {"path": "/abs/../e3", "required": True, "format": "raw"},
            ]
        },
        {
            "env_file": [
                {"path": "/h/e", "required": False},
                {"path": "/p/proj/e2", "required": True},
                {"path": "/abs/../e3", "required": True, "format": "raw"},
            ]
        },
    ),
    ("env_file string", {"env_file": "app.env"}, {"env_file": "/p/proj/app.env"}),
    ("label_file", {"label_file": ["./l", "/abs/m"]}, {"label_file": ["/p/proj/l", "/abs/m"]}),
    ("label_file string", {"label_file": "l"}, {"label_file": "/p/proj/l"}),
    (
        "extends file",
        {"extends": {"file": "common/base.yaml", "service": "b"}},
        {"extends": {"file": "/p/proj/common/base.yaml", "service": "b"}},
    ),
    (
        "extends remote file",
        {"extends": {"file": "oci://registry/x:1", "service": "b"}},
        {"extends": {"file": "oci://registry/x:1", "service": "b"}},
    ),
    ("extends service only", {"extends": "b"}, {"extends": "b"}),
    (
        "bind sources",
        {
            "volumes": [
                bind("./x", "/x"),
                bind("~", "/h"),
                bind("~/x", "/hx"),
                bind("/a/../b/", "/ab"),  # absolute: not cleaned
                bind(".", "/dot"),
                bind("..", "/up"),
                bind("C:\\data", "/win"),
            ]
        },
        {
            "volumes": [
                bind("/p/proj/x", "/x"),
                bind("/h", "/h"),
                bind("/h/x", "/hx"),
                bind("/a/../b/", "/ab"),
                bind("/p/proj", "/dot"),
                bind("/p", "/up"),
                bind("C:\\data", "/win"),
            ]
        },
    ),
    (
        "named volumes and tmpfs untouched",
        {
            "volumes": [
                {"type": "volume", "source": "./notapath", "target": "/v"},
                {"type": "volume", "target": "/anon"},
                {"type": "tmpfs", "target": "/tmp"},
                "./short:/short",
            ]
        },
        {
            "volumes": [
                {"type": "volume", "source": "./notapath", "target": "/v"},
                {"type": "volume", "target": "/anon"},
                {"type": "tmpfs", "target": "/tmp"},
                "./short:/short",
            ]
        },
    ),
    (
        "develop watch",
        {
            "develop": {
                "watch": [
                    {"path": "./src", "action": "sync", "target": "/app"},
                    {"path": "~/w", "action": "rebuild"},
                ]
            }
        },
        {
            "develop": {
                "watch": [
                    {"path": "/p/proj/src", "action": "sync", "target": "/app"},
                    {"path": "/h/w", "action": "rebuild"},
                ]
            }
        },
    ),
    (
        "nothing to resolve",
        {"image": "x", "environment": {"A": "./x"}},
        {"image": "x", "environment": {"A": "./x"}},
    ),
]


@pytest.mark.parametrize(
    ("service", "expected"), [c[1:] for c in SERVICE_CASES], ids=[c[0] for c in SERVICE_CASES]
)
def test_service_paths(service: dict, expected: dict) -> None:
    model = svc(**service)
    before = copy.deepcopy(model)
    assert resolve_paths(model, BASE, HOME) == svc(**expected)
    assert model == before


TOP_CASES: list[tuple[str, dict, dict]] = [
    (
        "secrets and configs files",
        {
            "secrets": {
                "s": {"file": "~/s"},
                "t": {"file": "./t/"},
                "u": {"environment": "X"},
                "v": {"file": "/a/../v"},
            },
            "configs": {"c": {"file": "../c"}, "d": {"content": "x"}},
        },
        {
            "secrets": {
                "s": {"file": "/h/s"},
                "t": {"file": "/p/proj/t"},
                "u": {"environment": "X"},
                "v": {"file": "/a/../v"},
            },
            "configs": {"c": {"file": "/p/c"}, "d": {"content": "x"}},
        },
    ),
    (
        "local bind volume device",
        {
            "volumes": {
                "vol": {"driver": "local", "driver_opts": {"o": "bind", "type": "none", "device": "./data"}},
                "vol2": {"driver_opts": {"o": "bind", "type": "none", "device": "./data"}},
                "vol3": {"driver": "local", "driver_opts": {"type": "nfs", "device": ":/export"}},
                "vol4": None,
            }
        },
        {
            "volumes": {
                "vol": {
                    "driver": "local",
                    "driver_opts": {"o": "bind", "type": "none", "device": "/p/proj/data"},
                },
                "vol2": {"driver_opts": {"o": "bind", "type": "none", "device": "./data"}},
                "vol3": {"driver": "local", "driver_opts": {"type": "nfs", "device": ":/export"}},
                "vol4": None,
            }
        },
    ),
    # compose-go's ApplyInclude joins these to the working dir, without `~` expansion (oracle: `open
    # <dir>/~/inc/i.yaml: no such file or directory`)
    (
        "include",
        {
            "include": [
                "sub/i.yaml",
                "~/inc/i.yaml",
                {"path": ["a.yaml", "/abs/b.yaml"], "env_file": "./x.env", "project_directory": "./pd"},
                {"path": "oci://docker.io/x/y:1"},
                {"path": "https://github.com/x/y.git#main:compose.yaml"},
            ]
        },
        {
            "include": [
                "/p/proj/sub/i.yaml",
                "/p/proj/~/inc/i.yaml",
                {
                    "path": ["/p/proj/a.yaml", "/abs/b.yaml"],
                    "env_file": "/p/proj/x.env",
                    "project_directory": "/p/proj/pd",
                },
                {"path": "oci://docker.io/x/y:1"},
                {"path": "https://github.com/x/y.git#main:compose.yaml"},
            ]
        },
    ),
    (
        "untouched keys",
        {"name": "x", "networks": {"n": {"driver": "./x"}}},
        {"name": "x", "networks": {"n": {"driver": "./x"}}},
    ),
]


@pytest.mark.parametrize(("model", "expected"), [c[1:] for c in TOP_CASES], ids=[c[0] for c in TOP_CASES])
def test_top_level_paths(model: dict, expected: dict) -> None:
    before = copy.deepcopy(model)
    assert resolve_paths(model, BASE, HOME) == expected
    assert model == before


def test_no_home_leaves_tilde() -> None:
    """Without a home directory compose-go keeps ``~`` (and then joins it like any relative path)."""
    out = resolve_paths(svc(volumes=[bind("~/x")], build={"context": "~"}), BASE, None)
    assert out == svc(volumes=[bind("/p/proj/~/x")], build={"context": "/p/proj/~"})


def test_tags_are_looked_through_and_kept() -> None:
    model = {
        "services": {
            "a": {
                "volumes": Override([bind("./x"), Override(bind("./y", "/y"))]),
                "build": {"context": Override("./c")},
                "env_file": Reset(None),
            },
            "b": Override({"build": {"context": "./b"}}),
        }
    }
    out = resolve_paths(model, BASE, HOME)
    a = out["services"]["a"]
    assert a["volumes"] == Override([bind("/p/proj/x"), Override(bind("/p/proj/y", "/y"))])
    assert a["build"] == {"context": Override("/p/proj/c")}
    assert a["env_file"] == Reset(None)
    assert out["services"]["b"] == Override({"build": {"context": "/p/proj/b"}})


def test_unchanged_services_are_shared() -> None:
    model = {"services": {"a": {"image": "x", "ports": []}, "b": {"build": {"context": "."}}}}
    out = resolve_paths(model, BASE, HOME)
    assert out is not model
    assert out["services"]["a"] is model["services"]["a"]
    assert out["services"]["b"] is not model["services"]["b"]


def test_bind_without_source() -> None:
    with pytest.raises(
        ConfigError, match='invalid mount config for type "bind": field Source must not be empty'
    ):
        resolve_paths(svc(volumes=[{"type": "bind", "target": "/x"}]), BASE, HOME)


def test_watch_path_symlink_followed(tmp_path: Any) -> None:
    real = tmp_path / "real"
    real.mkdir()
    os.symlink(real, tmp_path / "link")
    out = resolve_paths(svc(develop={"watch": [{"path": "link", "action": "sync"}]}), str(tmp_path), HOME)
    assert out["services"]["a"]["develop"]["watch"][0]["path"] == os.path.realpath(real)


def test_tilde_and_relative_paths_case() -> None:
    """cases/hw-tilde-and-relative-paths: paths resolve against --project-directory, `~` against HOME."""
    model = {
        "services": {
            "app": {
                "image": "busybox",
                "env_file": [{"path": "./app.env", "required": True}],
                "volumes": [
                    {
                        "type": "bind",
                        "source": "./data",
                        "target": "/data",
                        "bind": {"create_host_path": True},
                    },
                    {"type": "bind", "source": "~/x", "target": "/x", "bind": {"create_host_path": True}},
                ],
            }
        },
        "secrets": {"s": {"file": "~/secret.txt"}},
    }
    out = resolve_paths(model, "/c/proj", "/home/tester")
    app = out["services"]["app"]
    assert app["env_file"] == [{"path": "/c/proj/app.env", "required": True}]
    assert [v["source"] for v in app["volumes"]] == ["/c/proj/data", "/home/tester/x"]
    assert out["secrets"]["s"]["file"] == "/home/tester/secret.txt"
