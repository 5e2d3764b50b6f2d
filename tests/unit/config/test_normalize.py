"""``normalize`` as data: a compose file in, what ``docker compose config --format json`` prints out.

Every expected value below was produced by the real Docker Compose v2.40.3 binary (``-p t``, environment
``FROM_SHELL=shell-value B=from-shell``) on the same input written as ``compose.yaml``; inputs avoid
relative paths, which another stage resolves. The pipeline under test is ``canonical`` (per file) then
``normalize`` (after the merge), as the loader runs them.
"""

from __future__ import annotations

import copy
from typing import Any

import pytest

from pycompose.config.canonical import canonical
from pycompose.config.normalize import apply_defaults, check_duplicated_fields, normalize
from pycompose.config.tags import strip_tags
from pycompose.errors import NormalizeError

ENV = {"FROM_SHELL": "shell-value", "B": "from-shell"}


def load(config: dict[str, Any], **kw: Any) -> dict[str, Any]:
    """One file through the two stages this module owns."""
    kw.setdefault("env", ENV)
    return normalize(strip_tags(canonical(config)), "t", **kw)


# (id, compose file, `docker compose -p t config --format json` output)
VALID_CASES = [
    (
        "ports short forms",
        {
            "services": {
                "a": {
                    "image": "x",
                    "ports": [
                        "3000-3002",
                        "8000:8000",
                        "9090-9091:8080-8081",
                        "127.0.0.1::5000",
                        "6060:6060/udp",
                        "[::1]:6001:6001",
                        5432,
                        {
                            "target": 80,
                            "published": "8080-8081",
                            "host_ip": "0.0.0.0",
                            "name": "web",
                            "app_protocol": "http",
                        },
                        {"target": 81, "published": 8081, "protocol": "UDP"},
                    ],
                }
            }
        },
        {
            "name": "t",
            "networks": {"default": {"ipam": {}, "name": "t_default"}},
            "services": {
                "a": {
                    "command": None,
                    "entrypoint": None,
                    "image": "x",
                    "networks": {"default": None},
                    "ports": [
                        {"mode": "ingress", "protocol": "tcp", "target": 3000},
                        {"mode": "ingress", "protocol": "tcp", "target": 3001},
                        {"mode": "ingress", "protocol": "tcp", "target": 3002},
                        {"mode": "ingress", "protocol": "tcp", "published": "8000", "target": 8000},
                        {"mode": "ingress", "protocol": "tcp", "published": "9090", "target": 8080},
                        {"mode": "ingress", "protocol": "tcp", "published": "9091", "target": 8081},
                        {"host_ip": "127.0.0.1", "mode": "ingress", "protocol": "tcp", "target": 5000},
                        {"mode": "ingress", "protocol": "udp", "published": "6060", "target": 6060},
                        {
                            "host_ip": "::1",
                            "mode": "ingress",
                            "protocol": "tcp",
                            "published": "6001",
                            "target": 6001,
                        },
                        {"mode": "ingress", "protocol": "tcp", "target": 5432},
                        {
                            "app_protocol": "http",
                            "host_ip": "0.0.0.0",
                            "mode": "ingress",
                            "name": "web",
                            "protocol": "tcp",
                            "published": "8080-8081",
                            "target": 80,
                        },
                        {"mode": "ingress", "protocol": "UDP", "published": "8081", "target": 81},
                    ],
                }
            },
        },
    ),
    (
        "environment forms",
        {
            "services": {
                "list": {"image": "b", "environment": ["A=1", "B=", "NOT_IN_SHELL", "C=has=equals"]},
                "map": {
                    "image": "b",
                    "environment": {"NUM": 42, "FLOAT": 1.5, "BOOL": True, "NULL_VAL": None, "STR": "text"},
                },
            }
        },
        {
            "name": "t",
            "networks": {"default": {"ipam": {}, "name": "t_default"}},
            "services": {
                "list": {
                    "command": None,
                    "entrypoint": None,
                    "environment": {"A": "1", "B": "", "C": "has=equals", "NOT_IN_SHELL": None},
                    "image": "b",
                    "networks": {"default": None},
                },
                "map": {
                    "command": None,
                    "entrypoint": None,
                    "environment": {
                        "BOOL": "true",
                        "FLOAT": "1.5",
                        "NULL_VAL": None,
                        "NUM": "42",
                        "STR": "text",
                    },
                    "image": "b",
                    "networks": {"default": None},
                },
            },
        },
    ),
    (
        "volumes short and long",
        {
            "services": {
                "a": {
                    "image": "x",
                    "volumes": [
                        "/var/lib/anon",
                        "named:/named",
                        "named-ro:/named-ro:ro",
                        "/abs/path:/abs:ro,z",
                        "/nc:/nc:nocopy",
                        "/prop:/prop:rslave",
                        {
                            "type": "volume",
                            "source": "named",
                            "target": "/long/",
                            "volume": {"nocopy": True, "subpath": "sub"},
                        },
                        {
                            "type": "bind",
                            "source": "/bind",
                            "target": "/bind",
                            "bind": {"propagation": "rprivate"},
                        },
                        {
                            "type": "bind",
                            "source": "/b2",
                            "target": "/b2",
                            "bind": {"create_host_path": False},
                        },
                        {"type": "tmpfs", "target": "/tmp", "tmpfs": {"size": "10m", "mode": 1777}},
                        "v:/v",
                        "ab",
                        "/x/",
                    ],
                    "tmpfs": "/run",
                }
            },
            "volumes": {"named": {}, "named-ro": None, "v": {}},
        },
        {
            "name": "t",
            "networks": {"default": {"ipam": {}, "name": "t_default"}},
            "services": {
                "a": {
                    "command": None,
                    "entrypoint": None,
                    "image": "x",
                    "networks": {"default": None},
                    "tmpfs": ["/run"],
                    "volumes": [
                        {"target": "/var/lib/anon", "type": "volume", "volume": {}},
                        {"source": "named", "target": "/named", "type": "volume", "volume": {}},
                        {
                            "read_only": True,
                            "source": "named-ro",
                            "target": "/named-ro",
                            "type": "volume",
                            "volume": {},
                        },
                        {
                            "bind": {"create_host_path": True, "selinux": "z"},
                            "read_only": True,
                            "source": "/abs/path",
                            "target": "/abs",
                            "type": "bind",
                        },
                        {
                            "bind": {"create_host_path": True},
                            "source": "/nc",
                            "target": "/nc",
                            "type": "bind",
                            "volume": {"nocopy": True},
                        },
                        {
                            "bind": {"create_host_path": True, "propagation": "rslave"},
                            "source": "/prop",
                            "target": "/prop",
                            "type": "bind",
                        },
                        {
                            "source": "named",
                            "target": "/long",
                            "type": "volume",
                            "volume": {"nocopy": True, "subpath": "sub"},
                        },
                        {
                            "bind": {"propagation": "rprivate"},
                            "source": "/bind",
                            "target": "/bind",
                            "type": "bind",
                        },
                        {"bind": {}, "source": "/b2", "target": "/b2", "type": "bind"},
                        {"target": "/tmp", "tmpfs": {"mode": 1777, "size": "10485760"}, "type": "tmpfs"},
                        {"target": "v:/v", "type": "volume", "volume": {}},
                        {"target": "ab", "type": "volume"},
                        {"target": "/x", "type": "volume", "volume": {}},
                    ],
                }
            },
            "volumes": {"named": {"name": "t_named"}, "named-ro": {"name": "t_named-ro"}},
        },
    ),
    (
        "deploy resources and scale",
        {
            "services": {
                "app": {
                    "image": "app",
                    "scale": 2,
                    "deploy": {
                        "mode": "replicated",
                        "replicas": 2,
                        "resources": {
                            "limits": {"cpus": "0.50", "memory": "50M", "pids": 100},
                            "reservations": {
                                "cpus": 0.25,
                                "memory": "20m",
                                "devices": [{"driver": "nvidia", "count": "all", "capabilities": ["gpu"]}],
                            },
                        },
                        "restart_policy": {
                            "condition": "on-failure",
                            "delay": "5s",
                            "max_attempts": 3,
                            "window": "2m",
                        },
                        "update_config": {"parallelism": 2, "delay": "10s", "order": "stop-first"},
                        "labels": ["deploy.label=1"],
                    },
                    "memswap_limit": -1,
                    "oom_score_adj": -500,
                },
                "b": {"image": "x", "scale": 3, "deploy": {"mode": "global"}},
                "c": {"image": "x", "deploy": {}},
            }
        },
        {
            "name": "t",
            "networks": {"default": {"ipam": {}, "name": "t_default"}},
            "services": {
                "app": {
                    "command": None,
                    "deploy": {
                        "labels": {"deploy.label": "1"},
                        "mode": "replicated",
                        "placement": {},
                        "replicas": 2,
                        "resources": {
                            "limits": {"cpus": 0.5, "memory": "52428800", "pids": 100},
                            "reservations": {
                                "cpus": 0.25,
                                "devices": [{"capabilities": ["gpu"], "count": -1, "driver": "nvidia"}],
                                "memory": "20971520",
                            },
                        },
                        "restart_policy": {
                            "condition": "on-failure",
                            "delay": "5s",
                            "max_attempts": 3,
                            "window": "2m0s",
                        },
                        "update_config": {"delay": "10s", "order": "stop-first", "parallelism": 2},
                    },
                    "entrypoint": None,
                    "image": "app",
                    "memswap_limit": "-1",
                    "networks": {"default": None},
                    "oom_score_adj": -500,
                    "scale": 2,
                },
                "b": {
                    "command": None,
                    "deploy": {"mode": "global", "placement": {}, "replicas": 3, "resources": {}},
                    "entrypoint": None,
                    "image": "x",
                    "networks": {"default": None},
                    "scale": 3,
                },
                "c": {
                    "command": None,
                    "deploy": {"placement": {}, "resources": {}},
                    "entrypoint": None,
                    "image": "x",
                    "networks": {"default": None},
                },
            },
        },
    ),
    (
        "depends_on forms and implicit dependencies",
        {
            "services": {
                "app": {
                    "image": "app",
                    "depends_on": {
                        "db": {"condition": "service_healthy", "restart": True},
                        "migr": {"condition": "service_completed_successfully", "required": False},
                    },
                    "links": ["cache:redis"],
                    "volumes_from": ["data:ro", "container:other"],
                },
                "db": {"image": "p"},
                "migr": {"image": "m"},
                "cache": {"image": "r"},
                "data": {"image": "b"},
                "sidecar": {
                    "image": "s",
                    "network_mode": "service:app",
                    "ipc": "service:db",
                    "depends_on": ["cache"],
                },
            }
        },
        {
            "name": "t",
            "networks": {"default": {"ipam": {}, "name": "t_default"}},
            "services": {
                "app": {
                    "command": None,
                    "depends_on": {
                        "cache": {"condition": "service_started", "required": True, "restart": True},
                        "data": {"condition": "service_started", "required": True},
                        "db": {"condition": "service_healthy", "required": True, "restart": True},
                        "migr": {"condition": "service_completed_successfully", "required": False},
                    },
                    "entrypoint": None,
                    "image": "app",
                    "links": ["cache:redis"],
                    "networks": {"default": None},
                    "volumes_from": ["data:ro", "container:other"],
                },
                "cache": {"command": None, "entrypoint": None, "image": "r", "networks": {"default": None}},
                "data": {"command": None, "entrypoint": None, "image": "b", "networks": {"default": None}},
                "db": {"command": None, "entrypoint": None, "image": "p", "networks": {"default": None}},
                "migr": {"command": None, "entrypoint": None, "image": "m", "networks": {"default": None}},
                "sidecar": {
                    "command": None,
                    "depends_on": {
                        "app": {"condition": "service_started", "required": True, "restart": True},
                        "cache": {"condition": "service_started", "required": True},
                        "db": {"condition": "service_started", "required": True, "restart": True},
                    },
                    "entrypoint": None,
                    "image": "s",
                    "ipc": "service:db",
                    "network_mode": "service:app",
                },
            },
        },
    ),
    (
        "x- extensions and misc",
        {
            "x-top": {"anything": [1, 2]},
            "version": "3.8",
            "services": {
                "app": {
                    "image": "app",
                    "x-svc-ext": "value",
                    "sysctls": ["net.core.somaxconn=1024", "net.ipv4.tcp_syncookies=0"],
                    "logging": {
                        "driver": "syslog",
                        "options": {"syslog-address": "tcp://1.2.3.4:123", "max-file": 3},
                        "x-l": 1,
                    },
                    "init": True,
                    "user": "1000:1000",
                    "cap_add": ["ALL"],
                    "restart": "on-failure:3",
                    "pull_policy": "if_not_present",
                    "group_add": ["mail", 1000],
                    "attach": False,
                    "privileged": False,
                    "dns": "8.8.8.8",
                    "labels": {"a": 1, "b": None},
                }
            },
            "networks": {"n": {"x-net-ext": 1}},
        },
        {
            "name": "t",
            "networks": {"default": {"ipam": {}, "name": "t_default"}},
            "services": {
                "app": {
                    "attach": False,
                    "cap_add": ["ALL"],
                    "command": None,
                    "dns": ["8.8.8.8"],
                    "entrypoint": None,
                    "group_add": ["mail", "1000"],
                    "image": "app",
                    "init": True,
                    "labels": {"a": "1", "b": ""},
                    "logging": {
                        "driver": "syslog",
                        "options": {"max-file": "3", "syslog-address": "tcp://1.2.3.4:123"},
                    },
                    "networks": {"default": None},
                    "pull_policy": "missing",
                    "restart": "on-failure:3",
                    "sysctls": {"net.core.somaxconn": "1024", "net.ipv4.tcp_syncookies": "0"},
                    "user": "1000:1000",
                }
            },
            "x-top": {"anything": [1, 2]},
        },
    ),
    (
        "networks",
        {
            "services": {
                "app": {
                    "image": "app",
                    "networks": {
                        "front": {"aliases": ["web"], "ipv4_address": "172.16.238.10", "priority": 100},
                        "back": {},
                    },
                },
                "other": {"image": "o"},
                "empty": {"image": "o", "networks": {}},
                "hostnet": {"image": "h", "network_mode": "host"},
                "svcnet": {"image": "s", "network_mode": "service:app"},
            },
            "networks": {
                "default": {
                    "name": "my-custom-default",
                    "driver_opts": {"com.docker.network.bridge.name": "br0", "mtu": 1500},
                },
                "front": {
                    "driver": "bridge",
                    "ipam": {
                        "driver": "default",
                        "config": [{"subnet": "172.16.238.0/24", "gateway": "172.16.238.1", "x-c": 1}],
                    },
                    "labels": ["a=1"],
                },
                "back": {"external": True, "name": "preexisting-back"},
                "unused": {},
            },
        },
        {
            "name": "t",
            "networks": {
                "back": {"external": True, "ipam": {}, "name": "preexisting-back"},
                "default": {
                    "driver_opts": {"com.docker.network.bridge.name": "br0", "mtu": "1500"},
                    "ipam": {},
                    "name": "my-custom-default",
                },
                "front": {
                    "driver": "bridge",
                    "ipam": {
                        "config": [{"gateway": "172.16.238.1", "subnet": "172.16.238.0/24"}],
                        "driver": "default",
                    },
                    "labels": {"a": "1"},
                    "name": "t_front",
                },
            },
            "services": {
                "app": {
                    "command": None,
                    "entrypoint": None,
                    "image": "app",
                    "networks": {
                        "back": {},
                        "front": {"aliases": ["web"], "ipv4_address": "172.16.238.10", "priority": 100},
                    },
                },
                "empty": {"command": None, "entrypoint": None, "image": "o", "networks": {"default": None}},
                "hostnet": {"command": None, "entrypoint": None, "image": "h", "network_mode": "host"},
                "other": {"command": None, "entrypoint": None, "image": "o", "networks": {"default": None}},
                "svcnet": {
                    "command": None,
                    "depends_on": {
                        "app": {"condition": "service_started", "required": True, "restart": True}
                    },
                    "entrypoint": None,
                    "image": "s",
                    "network_mode": "service:app",
                },
            },
        },
    ),
    (
        "no default network when unused",
        {
            "services": {"b": {"image": "x", "network_mode": "host"}},
            "networks": {"default": {"driver": "bridge"}},
        },
        {
            "name": "t",
            "services": {"b": {"command": None, "entrypoint": None, "image": "x", "network_mode": "host"}},
        },
    ),
    (
        "top-level resources named, unused dropped",
        {
            "services": {
                "foo": {
                    "image": "alpine",
                    "volumes": ["v1:/a", "v2:/b", "v3:/c", "v4:/d", "v5:/e"],
                    "networks": ["n1"],
                    "secrets": [
                        "s1",
                        "s2",
                        {"source": "s3", "target": "t3", "mode": 288},
                        {"source": "s4", "mode": 256, "uid": "1"},
                        {"source": "s5", "mode": "0600"},
                    ],
                    "configs": ["c1", {"source": "c2", "target": "/x", "mode": 292}],
                    "build": {"context": "/ctx", "secrets": ["s6"]},
                }
            },
            "volumes": {
                "v1": None,
                "v2": {"external": True},
                "v3": {"external": {"name": "ext3"}},
                "v4": {"name": "custom"},
                "v5": {"driver_opts": {"a": 1, "c": 1.5}, "labels": ["x=1", "y"]},
                "unused": {},
            },
            "networks": {"n1": None, "unused": {}},
            "secrets": {
                "s1": {"file": "/s1"},
                "s2": {"environment": "FOO"},
                "s3": {"external": True},
                "s4": {"file": "/abs"},
                "s5": {"name": "x", "file": "/abs"},
                "s6": {"file": "/s6"},
                "unused": {"file": "/x"},
            },
            "configs": {"c1": {"file": "/c1"}, "c2": {"content": "hello"}, "unused": {"file": "/x"}},
            "models": {"m": {"model": "ai/x"}},
        },
        {
            "configs": {"c1": {"file": "/c1", "name": "t_c1"}, "c2": {"content": "hello", "name": "t_c2"}},
            "name": "t",
            "networks": {"n1": {"ipam": {}, "name": "t_n1"}},
            "secrets": {
                "s1": {"file": "/s1", "name": "t_s1"},
                "s2": {"environment": "FOO", "name": "t_s2"},
                "s3": {"external": True, "name": "s3"},
                "s4": {"file": "/abs", "name": "t_s4"},
                "s5": {"file": "/abs", "name": "x"},
                "s6": {"file": "/s6", "name": "t_s6"},
            },
            "services": {
                "foo": {
                    "build": {"context": "/ctx", "dockerfile": "Dockerfile", "secrets": [{"source": "s6"}]},
                    "command": None,
                    "configs": [{"source": "c1"}, {"mode": "0444", "source": "c2", "target": "/x"}],
                    "entrypoint": None,
                    "image": "alpine",
                    "networks": {"n1": None},
                    "secrets": [
                        {"source": "s1", "target": "/run/secrets/s1"},
                        {"source": "s2", "target": "/run/secrets/s2"},
                        {"mode": "0440", "source": "s3", "target": "t3"},
                        {"mode": "0400", "source": "s4", "target": "/run/secrets/s4", "uid": "1"},
                        {"mode": "0600", "source": "s5", "target": "/run/secrets/s5"},
                    ],
                    "volumes": [
                        {"source": "v1", "target": "/a", "type": "volume", "volume": {}},
                        {"source": "v2", "target": "/b", "type": "volume", "volume": {}},
                        {"source": "v3", "target": "/c", "type": "volume", "volume": {}},
                        {"source": "v4", "target": "/d", "type": "volume", "volume": {}},
                        {"source": "v5", "target": "/e", "type": "volume", "volume": {}},
                    ],
                }
            },
            "volumes": {
                "v1": {"name": "t_v1"},
                "v2": {"external": True, "name": "v2"},
                "v3": {"external": True, "name": "ext3"},
                "v4": {"name": "custom"},
                "v5": {"driver_opts": {"a": "1", "c": "1.5"}, "labels": {"x": "1", "y": ""}, "name": "t_v5"},
            },
        },
    ),
    (
        "durations",
        {
            "services": {
                "a": {
                    "image": "x",
                    "stop_grace_period": "90s",
                    "healthcheck": {
                        "test": "curl -f http://x || exit 1",
                        "interval": "1h",
                        "timeout": "1.5s",
                        "start_period": "500ms",
                        "start_interval": "120s",
                        "retries": 3,
                    },
                },
                "b": {
                    "image": "x",
                    "stop_grace_period": "1.5h",
                    "healthcheck": {
                        "test": ["CMD", "true"],
                        "interval": "1m30s",
                        "timeout": "0s",
                        "start_period": "1us",
                        "start_interval": "100ns",
                    },
                },
                "c": {"image": "x", "stop_grace_period": "2d", "healthcheck": {"disable": True}},
                "d": {
                    "image": "x",
                    "stop_grace_period": "1w",
                    "healthcheck": {"test": ["NONE"]},
                    "deploy": {
                        "restart_policy": {"delay": "0s", "window": "1h"},
                        "update_config": {"delay": "0s", "monitor": "1m", "max_failure_ratio": 0.5},
                        "rollback_config": {"delay": "3s", "monitor": "0.5s"},
                    },
                },
            }
        },
        {
            "name": "t",
            "networks": {"default": {"ipam": {}, "name": "t_default"}},
            "services": {
                "a": {
                    "command": None,
                    "entrypoint": None,
                    "healthcheck": {
                        "interval": "1h0m0s",
                        "retries": 3,
                        "start_interval": "2m0s",
                        "start_period": "500ms",
                        "test": ["CMD-SHELL", "curl -f http://x || exit 1"],
                        "timeout": "1.5s",
                    },
                    "image": "x",
                    "networks": {"default": None},
                    "stop_grace_period": "1m30s",
                },
                "b": {
                    "command": None,
                    "entrypoint": None,
                    "healthcheck": {
                        "interval": "1m30s",
                        "start_interval": "100ns",
                        "start_period": "1µs",
                        "test": ["CMD", "true"],
                        "timeout": "0s",
                    },
                    "image": "x",
                    "networks": {"default": None},
                    "stop_grace_period": "1h30m0s",
                },
                "c": {
                    "command": None,
                    "entrypoint": None,
                    "healthcheck": {"disable": True},
                    "image": "x",
                    "networks": {"default": None},
                    "stop_grace_period": "48h0m0s",
                },
                "d": {
                    "command": None,
                    "deploy": {
                        "placement": {},
                        "resources": {},
                        "restart_policy": {"delay": "0s", "window": "1h0m0s"},
                        "rollback_config": {"delay": "3s", "monitor": "500ms"},
                        "update_config": {"max_failure_ratio": 0.5, "monitor": "1m0s"},
                    },
                    "entrypoint": None,
                    "healthcheck": {"test": ["NONE"]},
                    "image": "x",
                    "networks": {"default": None},
                    "stop_grace_period": "168h0m0s",
                },
            },
        },
    ),
    (
        "byte units and cpus",
        {
            "services": {
                "a": {
                    "image": "x",
                    "mem_limit": "1g",
                    "mem_swappiness": 60,
                    "mem_reservation": "1k",
                    "memswap_limit": "2gb",
                    "shm_size": "64M",
                    "cpus": 0.333333333,
                    "build": {"context": "/c", "shm_size": "128m"},
                    "blkio_config": {
                        "weight": 300,
                        "device_read_bps": [{"path": "/dev/sda", "rate": "12mb"}],
                        "device_write_iops": [{"path": "/dev/sda", "rate": 30}],
                        "weight_device": [{"path": "/dev/sda", "weight": 400}],
                    },
                    "volumes": [
                        {"type": "tmpfs", "target": "/t", "tmpfs": {"size": "1g"}},
                        {"type": "tmpfs", "target": "/u", "tmpfs": {"size": 0, "mode": 493}},
                    ],
                    "storage_opt": {"size": "1G"},
                    "pids_limit": 100,
                },
                "b": {
                    "image": "x",
                    "mem_limit": 0,
                    "cpus": "0.001",
                    "shm_size": "1.g",
                    "deploy": {"resources": {"limits": {"cpus": 0.001, "memory": "1.5kb"}}},
                },
            }
        },
        {
            "name": "t",
            "networks": {"default": {"ipam": {}, "name": "t_default"}},
            "services": {
                "a": {
                    "blkio_config": {
                        "device_read_bps": [{"Path": "/dev/sda", "Rate": "12582912"}],
                        "device_write_iops": [{"Path": "/dev/sda", "Rate": "30"}],
                        "weight": 300,
                        "weight_device": [{"Path": "/dev/sda", "Weight": 400}],
                    },
                    "build": {"context": "/c", "dockerfile": "Dockerfile", "shm_size": "134217728"},
                    "command": None,
                    "cpus": 0.33333334,
                    "entrypoint": None,
                    "image": "x",
                    "mem_limit": "1073741824",
                    "mem_reservation": "1024",
                    "mem_swappiness": "60",
                    "memswap_limit": "2147483648",
                    "networks": {"default": None},
                    "pids_limit": 100,
                    "shm_size": "67108864",
                    "storage_opt": {"size": "1G"},
                    "volumes": [
                        {"target": "/t", "tmpfs": {"size": "1073741824"}, "type": "tmpfs"},
                        {"target": "/u", "tmpfs": {"mode": 493}, "type": "tmpfs"},
                    ],
                },
                "b": {
                    "command": None,
                    "cpus": 0.001,
                    "deploy": {"placement": {}, "resources": {"limits": {"cpus": 0.001, "memory": "1536"}}},
                    "entrypoint": None,
                    "image": "x",
                    "networks": {"default": None},
                    "shm_size": "1073741824",
                },
            },
        },
    ),
    (
        "extra_hosts",
        {
            "services": {
                "a": {
                    "image": "x",
                    "extra_hosts": [
                        "b:1.1.1.1",
                        "a=2.2.2.2",
                        "c:::1",
                        "d=[::2]",
                        "e:[::3]",
                        "g=1.1.1.1,2.2.2.2",
                    ],
                },
                "b": {"image": "x", "extra_hosts": {"myhost": ["0.0.0.1", "0.0.0.2"], "h": ""}},
            }
        },
        {
            "name": "t",
            "networks": {"default": {"ipam": {}, "name": "t_default"}},
            "services": {
                "a": {
                    "command": None,
                    "entrypoint": None,
                    "extra_hosts": [
                        "a=2.2.2.2",
                        "b=1.1.1.1",
                        "c=::1",
                        "d=::2",
                        "e=::3",
                        "g=1.1.1.1",
                        "g=2.2.2.2",
                    ],
                    "image": "x",
                    "networks": {"default": None},
                },
                "b": {
                    "command": None,
                    "entrypoint": None,
                    "extra_hosts": ["h=", "myhost=0.0.0.1", "myhost=0.0.0.2"],
                    "image": "x",
                    "networks": {"default": None},
                },
            },
        },
    ),
    (
        "build",
        {
            "services": {
                "a": {
                    "image": "x",
                    "build": {
                        "context": "/c",
                        "dockerfile": "docker/Dockerfile.prod",
                        "args": ["A=1", "B", "C=", "D"],
                        "labels": ["x=1"],
                        "ssh": ["default"],
                        "extra_hosts": ["b:1.1.1.1", "a=::1"],
                        "ulimits": {"nofile": 5},
                        "secrets": ["s", {"source": "s", "target": "t", "mode": 288}],
                        "additional_contexts": ["img=docker-image://alpine"],
                        "x-b": 1,
                    },
                },
                "inline": {"build": {"context": "/i", "dockerfile_inline": "FROM x"}},
                "git": {"build": "https://github.com/docker/awesome-compose.git#master:flask/app"},
            },
            "secrets": {"s": {"file": "/s"}},
        },
        {
            "name": "t",
            "networks": {"default": {"ipam": {}, "name": "t_default"}},
            "secrets": {"s": {"file": "/s", "name": "t_s"}},
            "services": {
                "a": {
                    "build": {
                        "additional_contexts": {"img": "docker-image://alpine"},
                        "args": {"A": "1", "B": "from-shell", "C": ""},
                        "context": "/c",
                        "dockerfile": "docker/Dockerfile.prod",
                        "extra_hosts": ["a=::1", "b=1.1.1.1"],
                        "labels": {"x": "1"},
                        "secrets": [{"source": "s"}, {"mode": "0440", "source": "s", "target": "t"}],
                        "ssh": ["default"],
                        "ulimits": {"nofile": 5},
                    },
                    "command": None,
                    "entrypoint": None,
                    "image": "x",
                    "networks": {"default": None},
                },
                "git": {
                    "build": {
                        "context": "https://github.com/docker/awesome-compose.git#master:flask/app",
                        "dockerfile": "Dockerfile",
                    },
                    "command": None,
                    "entrypoint": None,
                    "networks": {"default": None},
                },
                "inline": {
                    "build": {"context": "/i", "dockerfile_inline": "FROM x"},
                    "command": None,
                    "entrypoint": None,
                    "networks": {"default": None},
                },
            },
        },
    ),
    (
        "devices, gpus, ulimits, expose",
        {
            "services": {
                "a": {
                    "image": "x",
                    "gpus": "all",
                    "devices": [
                        "/dev/a",
                        "/dev/b:/dev/c",
                        "/dev/d:/dev/e:r",
                        {"source": "/x", "target": "/y"},
                    ],
                    "ulimits": {"nofile": 5, "core": {"soft": 1, "hard": 2}, "nproc": {"soft": 0, "hard": 0}},
                    "expose": [80, "90/udp", "100-200"],
                },
                "b": {
                    "image": "x",
                    "gpus": [
                        {"driver": "nvidia", "count": 2},
                        {"device_ids": ["0"], "capabilities": ["gpu"]},
                    ],
                    "deploy": {
                        "resources": {
                            "reservations": {
                                "devices": [
                                    {"capabilities": ["gpu"]},
                                    {"count": 1, "capabilities": ["gpu"], "options": {"a": 1}},
                                ]
                            }
                        }
                    },
                },
            }
        },
        {
            "name": "t",
            "networks": {"default": {"ipam": {}, "name": "t_default"}},
            "services": {
                "a": {
                    "command": None,
                    "devices": [
                        {"permissions": "rwm", "source": "/dev/a", "target": "/dev/a"},
                        {"permissions": "rwm", "source": "/dev/b", "target": "/dev/c"},
                        {"permissions": "r", "source": "/dev/d", "target": "/dev/e"},
                        {"source": "/x", "target": "/y"},
                    ],
                    "entrypoint": None,
                    "expose": ["80", "90/udp", "100-200"],
                    "gpus": [{"count": -1}],
                    "image": "x",
                    "networks": {"default": None},
                    "ulimits": {"core": {"hard": 2, "soft": 1}, "nofile": 5, "nproc": {}},
                },
                "b": {
                    "command": None,
                    "deploy": {
                        "placement": {},
                        "resources": {
                            "reservations": {
                                "devices": [
                                    {"capabilities": ["gpu"], "count": -1},
                                    {"capabilities": ["gpu"], "count": 1, "options": {"a": "1"}},
                                ]
                            }
                        },
                    },
                    "entrypoint": None,
                    "gpus": [
                        {"count": 2, "driver": "nvidia"},
                        {"capabilities": ["gpu"], "device_ids": ["0"]},
                    ],
                    "image": "x",
                    "networks": {"default": None},
                },
            },
        },
    ),
    (
        "commands and hooks",
        {
            "services": {
                "a": {
                    "image": "x",
                    "command": "bundle exec thin -p 3000 \"quoted arg\" 'single q'",
                    "entrypoint": "",
                    "post_start": [{"command": "echo a b", "environment": ["A=1", "B"], "privileged": True}],
                    "pre_stop": [{"command": ["x"], "environment": {"A": 1}}],
                    "develop": {
                        "watch": [
                            {"path": "/a", "action": "sync", "target": "/app", "ignore": "node_modules"},
                            {
                                "path": "/d",
                                "action": "sync+exec",
                                "target": "/x",
                                "exec": {"command": "ls -l"},
                            },
                        ]
                    },
                },
                "b": {"image": "x", "command": "echo a && echo b", "entrypoint": ["sh", "-c"]},
            }
        },
        {
            "name": "t",
            "networks": {"default": {"ipam": {}, "name": "t_default"}},
            "services": {
                "a": {
                    "command": ["bundle", "exec", "thin", "-p", "3000", "quoted arg", "single q"],
                    "develop": {
                        "watch": [
                            {
                                "action": "sync",
                                "exec": {"command": None},
                                "ignore": ["node_modules"],
                                "path": "/a",
                                "target": "/app",
                            },
                            {
                                "action": "sync+exec",
                                "exec": {"command": ["ls", "-l"]},
                                "path": "/d",
                                "target": "/x",
                            },
                        ]
                    },
                    "entrypoint": [],
                    "image": "x",
                    "networks": {"default": None},
                    "post_start": [
                        {
                            "command": ["echo", "a", "b"],
                            "environment": {"A": "1", "B": None},
                            "privileged": True,
                        }
                    ],
                    "pre_stop": [{"command": ["x"], "environment": {"A": "1"}}],
                },
                "b": {
                    "command": ["echo", "a"],
                    "entrypoint": ["sh", "-c"],
                    "image": "x",
                    "networks": {"default": None},
                },
            },
        },
    ),
    (
        "omitempty",
        {
            "services": {
                "a": {
                    "image": "x",
                    "privileged": False,
                    "read_only": False,
                    "tty": False,
                    "init": False,
                    "cap_add": [],
                    "labels": {},
                    "environment": {},
                    "ports": [],
                    "cpu_shares": 0,
                    "scale": 0,
                    "healthcheck": {"test": [], "retries": 0},
                    "logging": {},
                    "secrets": [{"source": "s", "target": ""}],
                    "depends_on": {
                        "b": {"condition": "service_started", "restart": False, "required": False}
                    },
                    "volumes": [
                        {
                            "type": "volume",
                            "source": "v",
                            "target": "/v",
                            "read_only": False,
                            "volume": {"nocopy": False},
                        },
                        {"type": "bind", "source": "/a", "target": "/b", "bind": {}},
                    ],
                    "deploy": {
                        "replicas": 0,
                        "resources": {"limits": {"pids": 0}},
                        "update_config": {"parallelism": 0},
                        "restart_policy": {"max_attempts": 0},
                    },
                    "networks": {"n": {"priority": 0, "aliases": []}},
                    "command": [],
                },
                "b": {"image": "x"},
            },
            "secrets": {"s": {"file": "/s"}},
            "volumes": {"v": {"external": False, "labels": {}}},
            "networks": {"n": {"internal": False, "enable_ipv6": False}},
        },
        {
            "name": "t",
            "networks": {
                "default": {"ipam": {}, "name": "t_default"},
                "n": {"enable_ipv6": False, "ipam": {}, "name": "t_n"},
            },
            "secrets": {"s": {"file": "/s", "name": "t_s"}},
            "services": {
                "a": {
                    "command": [],
                    "depends_on": {"b": {"condition": "service_started", "required": False}},
                    "deploy": {
                        "placement": {},
                        "replicas": 0,
                        "resources": {"limits": {}},
                        "restart_policy": {"max_attempts": 0},
                        "update_config": {"parallelism": 0},
                    },
                    "entrypoint": None,
                    "healthcheck": {"retries": 0},
                    "image": "x",
                    "init": False,
                    "logging": {},
                    "networks": {"n": {}},
                    "scale": 0,
                    "secrets": [{"source": "s"}],
                    "volumes": [
                        {"source": "v", "target": "/v", "type": "volume", "volume": {}},
                        {"bind": {}, "source": "/a", "target": "/b", "type": "bind"},
                    ],
                },
                "b": {"command": None, "entrypoint": None, "image": "x", "networks": {"default": None}},
            },
            "volumes": {"v": {"name": "t_v"}},
        },
    ),
]
ERROR_CASES = [
    (
        "ports: too many colons",
        {"services": {"a": {"image": "x", "ports": ["80:80:80:80"]}}},
        "invalid IP address: 80:80",
    ),
    (
        "ports: ranges",
        {"services": {"a": {"image": "x", "ports": ["8000-8002:80-81"]}}},
        "invalid ranges specified for container and host Ports: 80-81 and 8000-8002",
    ),
    (
        "mem_reservation conflict",
        {
            "services": {
                "app": {
                    "image": "a",
                    "mem_reservation": "1kb",
                    "deploy": {"resources": {"reservations": {"memory": "20m"}}},
                }
            }
        },
        "services.app: can't set distinct values on 'mem_reservation' and "
        "'deploy.resources.reservations.memory': invalid compose project",
    ),
    (
        "mem_limit vs limits without memory",
        {
            "services": {
                "app": {"image": "x", "mem_limit": "1g", "deploy": {"resources": {"limits": {"cpus": 1}}}}
            }
        },
        "services.app: can't set distinct values on 'mem_limit' and 'deploy.resources.limits.memory': "
        "invalid compose project",
    ),
    (
        "cpus conflict",
        {
            "services": {
                "app": {"image": "x", "cpus": 0.5, "deploy": {"resources": {"limits": {"cpus": "0.6"}}}}
            }
        },
        "services.app: can't set distinct values on 'cpus' and 'deploy.resources.limits.cpus': invalid "
        "compose project",
    ),
    (
        "pids conflict",
        {
            "services": {
                "app": {"image": "x", "pids_limit": 5, "deploy": {"resources": {"limits": {"pids": 6}}}}
            }
        },
        "services.app: can't set distinct values on 'pids_limit' and 'deploy.resources.limits.pids': "
        "invalid compose project",
    ),
    (
        "scale conflict",
        {"services": {"app": {"image": "x", "scale": 2, "deploy": {"replicas": 3}}}},
        "services.app: can't set distinct values on 'scale' and 'deploy.replicas': invalid compose project",
    ),
    (
        "container_name with scale",
        {"services": {"app": {"image": "x", "scale": 2, "container_name": "cc"}}},
        "services.scale: can't set container_name and app as container name must be unique: invalid "
        "compose project",
    ),
    (
        "container_name with replicas",
        {"services": {"app": {"image": "x", "deploy": {"replicas": 2}, "container_name": "cc"}}},
        "services.deploy.replicas: can't set container_name and app as container name must be unique: "
        "invalid compose project",
    ),
    (
        "bad size",
        {"services": {"a": {"image": "x", "mem_limit": "1x"}}},
        "decoding failed due to the following error(s):\n\n'services[a].mem_limit' invalid suffix: 'x'",
    ),
    (
        "bad duration",
        {"services": {"a": {"image": "x", "healthcheck": {"interval": "abc"}}}},
        "decoding failed due to the following error(s):\n\n'services[a].healthcheck.interval' time: "
        'invalid duration "abc"',
    ),
    (
        "bad cpus",
        {"services": {"a": {"image": "x", "deploy": {"resources": {"limits": {"cpus": "abc"}}}}}},
        "decoding failed due to the following error(s):\n\n'services[a].deploy.resources.limits.cpus' "
        'strconv.ParseFloat: parsing "abc": invalid syntax',
    ),
    (
        "bad command",
        {"services": {"a": {"image": "x", "command": 'a "b'}}},
        "decoding failed due to the following error(s):\n\n'services[a].command' invalid command line string",
    ),
    (
        "bad extra host",
        {"services": {"a": {"image": "x", "extra_hosts": ["nohost"]}}},
        "decoding failed due to the following error(s):\n\n'services[a].extra_hosts' invalid additional "
        "host, missing IP: nohost",
    ),
    (
        "bad extra host name",
        {"services": {"a": {"image": "x", "extra_hosts": ["a:b=c"]}}},
        "decoding failed due to the following error(s):\n\n'services[a].extra_hosts' bad host name 'a:b'",
    ),
    (
        "gpus count and device_ids",
        {"services": {"a": {"image": "x", "gpus": [{"count": 1, "device_ids": ["0"]}]}}},
        'services.a.gpus.[]: "count" and "device_ids" attributes are exclusive',
    ),
    (
        "external name conflict",
        {
            "services": {"a": {"image": "x", "volumes": ["vv:/x"]}},
            "volumes": {"vv": {"external": {"name": "n1"}, "name": "n2"}},
        },
        "volumes.vv: name and external.name conflict; only use name",
    ),
    (
        "device mapping",
        {"services": {"a": {"image": "x", "devices": ["/a:/b:/c:/d"]}}},
        "confusing device mapping, please use long syntax: /a:/b:/c:/d",
    ),
    (
        "volume spec",
        {"services": {"a": {"image": "x", "volumes": ["/a::ro"]}}},
        "invalid spec: /a::ro: empty section between colons",
    ),
]


@pytest.mark.parametrize(("name", "config", "expected"), VALID_CASES, ids=[c[0] for c in VALID_CASES])
def test_matches_docker_compose(name: str, config: dict[str, Any], expected: dict[str, Any]) -> None:
    assert load(config) == expected


@pytest.mark.parametrize(("name", "config", "message"), ERROR_CASES, ids=[c[0] for c in ERROR_CASES])
def test_errors_match_docker_compose(name: str, config: dict[str, Any], message: str) -> None:
    with pytest.raises(NormalizeError) as info:
        load(config)
    assert str(info.value) == message
    assert info.value.path


def test_input_is_not_modified() -> None:
    config = strip_tags(canonical(VALID_CASES[3][1]))
    before = copy.deepcopy(config)
    normalize(config, "t")
    assert config == before


def test_env_resolves_bare_environment_and_build_args() -> None:
    config = {
        "services": {
            "a": {
                "build": {"context": "/c", "args": {"SET": None, "UNSET": None, "X": "1"}},
                "environment": {"SET": None, "UNSET": None},
            }
        }
    }
    out = normalize(config, "p", env={"SET": "v"})["services"]["a"]
    assert out["build"]["args"] == {"SET": "v", "X": "1"}
    assert out["environment"] == {"SET": "v", "UNSET": None}
    untouched = normalize(config, "p")["services"]["a"]
    assert untouched["environment"] == {"SET": None, "UNSET": None}


@pytest.mark.parametrize(
    ("project_dir", "context"), [(None, "."), ("/work/proj", "/work/proj")], ids=["relative", "absolute"]
)
def test_default_build_context(project_dir: str | None, context: str) -> None:
    config = {"services": {"a": {"build": {"dockerfile_inline": "FROM x"}}}}
    build = normalize(config, "p", project_dir=project_dir)["services"]["a"]["build"]
    assert build == {"context": context, "dockerfile_inline": "FROM x"}


def test_apply_defaults_runs_before_paths_are_resolved() -> None:
    config = {
        "services": {
            "a": {
                "build": {"args": {"A": "1"}},
                "ports": [{"target": 80, "published": 8080}],
                "secrets": [{"source": "s"}],
                "gpus": [{"driver": "nvidia"}],
            }
        }
    }
    out = apply_defaults(config)["services"]["a"]
    assert out["build"] == {"args": {"A": "1"}, "context": "."}
    assert out["ports"] == [{"target": 80, "published": "8080", "mode": "ingress", "protocol": "tcp"}]
    assert out["secrets"] == [{"source": "s", "target": "/run/secrets/s"}]
    assert out["gpus"] == [{"driver": "nvidia", "count": -1}]


def test_yaml_rendering_keeps_what_json_drops() -> None:
    config = strip_tags(canonical(VALID_CASES[5][1]))
    out = normalize(config, "t", json_shape=False)
    service = out["services"]["app"]
    assert service["x-svc-ext"] == "value"
    assert "command" not in service
    assert "ipam" not in out["networks"]["default"]


@pytest.mark.parametrize(
    ("service", "message"),
    [
        ({"cpus": 0.5, "deploy": {"resources": {"limits": {}}}}, "'cpus' and 'deploy.resources.limits.cpus'"),
        ({"mem_limit": "1", "deploy": {"resources": {"limits": {"memory": "2"}}}}, "'mem_limit'"),
        ({"scale": 2, "deploy": {"replicas": 1}}, "'scale' and 'deploy.replicas'"),
    ],
)
def test_check_duplicated_fields(service: dict[str, Any], message: str) -> None:
    with pytest.raises(NormalizeError, match=message):
        check_duplicated_fields("app", service)


@pytest.mark.parametrize(
    "service",
    [
        {"cpus": 0.5, "deploy": {"resources": {}}},
        {"cpus": 0.5, "deploy": {"resources": {"limits": {"cpus": 0.5}}}},
        {"mem_limit": "1073741824", "deploy": {"resources": {"limits": {"memory": "1073741824"}}}},
        {"mem_limit": "1073741824"},
        {"scale": 1, "container_name": "c"},
    ],
)
def test_check_duplicated_fields_accepts(service: dict[str, Any]) -> None:
    check_duplicated_fields("app", service)


def test_scale_is_copied_into_replicas() -> None:
    service = {"scale": 3, "deploy": {"mode": "replicated"}}
    check_duplicated_fields("app", service)
    assert service["deploy"] == {"mode": "replicated", "replicas": 3}
