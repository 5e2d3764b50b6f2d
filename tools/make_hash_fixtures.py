#!/usr/bin/env python3
"""Regenerate ``tests/unit/config/data/hash_cases.json`` from the real Docker Compose v2 binary.

The unit test of ``pycompose.config.hashing`` must run without the oracle, so this script runs it once:
for every service of the projects below and of ``shared/conformance/cases/*`` it records the service as
``docker compose config --format json`` prints it (keys sorted) with two hashes from the oracle:

- ``hash``: the ``com.docker.compose.config-hash`` label ``docker compose create`` gives the service's
  container, i.e. what ``up`` writes and later compares against. ``create`` runs against a fake Docker
  Engine served by this script on a Unix socket (every image "exists", nothing is pulled or started,
  no real engine is touched); it records the labels and container IDs from the create requests.
  Where ``create`` cannot run (``models`` need the Docker Model plugin), ``hash`` is the
  ``config --hash`` value and ``label_source`` says so.
- ``config_hash``: what ``docker compose config --hash`` prints, recorded when ``service_hash`` must
  reproduce it from the JSON model: always, except for projects with ``env_file``, which that command
  hashes unresolved (``env_file`` kept, ``environment`` unmerged) while the JSON model is resolved.

Usage::

    python tools/make_hash_fixtures.py [--oracle PATH] [--cases DIR] [--check]

``--check`` compares without writing the fixture, and exits 1 on any mismatch.
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import http.server
import json
import os
import re
import shutil
import socketserver
import subprocess
import sys
import tempfile
import threading
import urllib.parse
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from pycompose.config.hashing import label_hash, service_hash  # noqa: E402

DEFAULT_ORACLE = "/tmp/oracle/lib/python3.11/site-packages/compose/docker-compose"
DEFAULT_CASES = REPO.parent / "shared" / "conformance" / "cases"
FIXTURE = REPO / "tests" / "unit" / "config" / "data" / "hash_cases.json"
CLEAN_ENV = {"HOME": "/home/tester", "PATH": os.environ.get("PATH", "/usr/bin:/bin")}


@dataclass(frozen=True)
class Case:
    """A project written for this fixture: its files, and the shell variables it is loaded with."""

    name: str
    files: dict[str, str]
    env: dict[str, str] = field(default_factory=dict)


CASES: list[Case] = [
    Case(
        "minimal",
        {
            "compose.yaml": """
services:
  bare:
    image: nginx
  only-build:
    build: .
  build-long:
    image: registry.example.com/app:1.0
    build:
      context: .
      dockerfile: Dockerfile.dev
      args: {A: "1", B: null}
      target: dev
      labels: [x=y]
    pull_policy: build
"""
        },
    ),
    Case(
        "ports",
        {
            "compose.yaml": """
services:
  short:
    image: nginx
    ports:
      - "80"
      - "8080:80"
      - "127.0.0.1:8081:81"
      - "127.0.0.1::82"
      - "9000-9002:9000-9002"
      - "53:53/udp"
      - "[::1]:8443:443"
      - 3000
  long:
    image: nginx
    ports:
      - target: 80
        published: "8080"
        protocol: tcp
        mode: host
        host_ip: 0.0.0.0
        name: web
        app_protocol: http
      - target: 443
        published: 8443-8444
      - target: 9090
  expose:
    image: nginx
    expose: ["3000", 4000, "5000-5002/udp"]
"""
        },
    ),
    Case(
        "volumes",
        {
            "compose.yaml": """
services:
  short:
    image: busybox
    volumes:
      - ./data:/data
      - ./ro:/ro:ro
      - ./z:/z:z
      - ./shared:/shared:rw,Z
      - /abs/path:/abs:rshared
      - named:/named
      - named:/named-nocopy:nocopy
      - /anonymous
      - ~/home:/home-dir
  long:
    image: busybox
    volumes:
      - type: bind
        source: ./src
        target: /src
        read_only: true
        consistency: cached
        bind:
          propagation: rprivate
          create_host_path: false
          selinux: z
          recursive: readonly
      - type: bind
        source: ./other
        target: /other
        bind:
          create_host_path: true
      - type: volume
        source: named
        target: /vol
        volume:
          nocopy: true
          subpath: sub/dir
          labels: {b: "2", a: "1"}
      - type: tmpfs
        target: /tmp
        tmpfs:
          size: 64m
          mode: 1777
      - type: tmpfs
        target: /tmp2
        tmpfs:
          size: 1000
      - type: image
        source: alpine:3
        target: /img
        image:
          subpath: etc
      - type: npipe
        source: \\\\.\\pipe\\docker_engine
        target: \\\\.\\pipe\\docker_engine
  from:
    image: busybox
    volumes_from:
      - short
      - short:ro
      - container:abc
volumes:
  named: {}
"""
        },
    ),
    Case(
        "healthcheck",
        {
            "compose.yaml": """
services:
  list:
    image: busybox
    healthcheck:
      test: ["CMD", "curl", "-f", "http://localhost/?a=1&b=<2>"]
      interval: 1m30s
      timeout: 10s
      retries: 3
      start_period: 40s
      start_interval: 5s
  shell:
    image: busybox
    healthcheck:
      test: curl -f http://localhost || exit 1
      interval: 500ms
      retries: 0
  none:
    image: busybox
    healthcheck:
      test: ["NONE"]
  disabled:
    image: busybox
    healthcheck:
      disable: true
  durations:
    image: busybox
    healthcheck:
      test: "true"
      interval: 1h2m3s
      timeout: 1.5s
      start_period: 0s
    stop_grace_period: 1m
"""
        },
    ),
    Case(
        "deploy",
        {
            "compose.yaml": """
services:
  full:
    image: busybox
    deploy:
      mode: replicated
      replicas: 3
      endpoint_mode: vip
      labels: {com.example: "x", a: b}
      update_config:
        parallelism: 2
        delay: 10s
        failure_action: rollback
        monitor: 1m
        max_failure_ratio: 0.3
        order: start-first
      rollback_config:
        parallelism: 0
        delay: 0s
        order: stop-first
      resources:
        limits:
          cpus: "0.50"
          memory: 512M
          pids: 100
        reservations:
          cpus: '0.25'
          memory: 20M
          devices:
            - driver: nvidia
              count: 2
              capabilities: [gpu, utility]
              options: {virtualization: "false"}
            - capabilities: [gpu]
              device_ids: ["0", "3"]
            - capabilities: [tpu]
              count: all
          generic_resources:
            - discrete_resource_spec: {kind: SSD, value: 2}
      restart_policy:
        condition: on-failure
        delay: 5s
        max_attempts: 3
        window: 120s
      placement:
        constraints: [node.role == manager, engine.labels.operatingsystem == ubuntu 14.04]
        preferences:
          - spread: node.labels.zone
        max_replicas_per_node: 1
  replicas-only:
    image: busybox
    deploy:
      replicas: 2
  global:
    image: busybox
    deploy:
      mode: global
      resources:
        limits:
          cpus: "2"
          memory: 1gb
  scaled:
    image: busybox
    scale: 4
"""
        },
    ),
    Case(
        "environment",
        {
            "compose.yaml": """
services:
  list:
    image: busybox
    environment:
      - PLAIN=value
      - EMPTY=
      - UNSET_NO_VALUE
      - FROM_SHELL
      - WITH_EQUALS=a=b=c
      - HTML=<script>&amp;</script>
      - DOLLAR=$$HOME and $${BRACED}
      - UNICODE=héllo wörld ☃
  map:
    image: busybox
    environment:
      NUM: 1
      FLOAT: 1.50
      BOOL: true
      "NULL": null
      STR: "quoted 'single' \\"double\\""
      NEWLINE: "a\\nb\\tc"
      TEMPLATE: ${FROM_SHELL}-${UNSET_VAR:-default}
      SEP: "\\u2028 line sep"
""",
        },
        env={"FROM_SHELL": "shell-value"},
    ),
    Case(
        "labels-annotations",
        {
            "compose.yaml": """
services:
  list:
    image: busybox
    labels:
      - com.example.description=Accounting webapp
      - com.example.empty
      - z=last
      - a=first
    annotations:
      - com.example.foo=bar
  map:
    image: busybox
    labels:
      com.example.department: Finance
      com.example.number: 42
      com.example.bool: false
    annotations:
      b: "2"
      a: "1"
"""
        },
    ),
    Case(
        "networks",
        {
            "compose.yaml": """
services:
  list:
    image: busybox
    networks: [front, back]
  map:
    image: busybox
    networks:
      front:
        aliases: [web, www]
        ipv4_address: 172.16.238.10
        ipv6_address: 2001:3984:3989::10
        priority: 1000
        gw_priority: 1
        mac_address: 02:42:ac:11:00:02
        interface_name: eth7
        link_local_ips: [57.123.22.11, 57.123.22.13]
        driver_opts:
          com.docker.network.bridge.host_binding_ipv4: "127.0.0.1"
      back: {}
      default:
  host:
    image: busybox
    network_mode: host
  service-mode:
    image: busybox
    network_mode: service:list
  none:
    image: busybox
    network_mode: none
networks:
  front:
    ipam:
      config:
        - subnet: 172.16.238.0/24
        - subnet: 2001:3984:3989::/64
  back: {}
"""
        },
    ),
    Case(
        "secrets-configs",
        {
            "compose.yaml": """
services:
  short:
    image: busybox
    secrets: [token, password]
    configs: [conf]
  long:
    image: busybox
    secrets:
      - source: token
        target: /etc/token
        uid: "103"
        gid: "103"
        mode: 0440
      - source: password
        target: pw
        mode: 0400
    configs:
      - source: conf
        target: /etc/conf.ini
        mode: 292
      - source: inline
secrets:
  token:
    file: ./token.txt
  password:
    environment: PASSWORD
configs:
  conf:
    file: ./conf.ini
  inline:
    content: |
      key=value
""",
            "token.txt": "t0k3n\n",
            "conf.ini": "[a]\n",
        },
        env={"PASSWORD": "s3cret"},
    ),
    Case(
        "runtime-options",
        {
            "compose.yaml": """
services:
  everything:
    image: busybox
    container_name: my-container
    hostname: host1
    domainname: example.com
    user: "1000:1000"
    working_dir: /app
    init: true
    read_only: true
    privileged: true
    tty: true
    stdin_open: true
    stop_signal: SIGUSR1
    stop_grace_period: 1m30s
    restart: unless-stopped
    cap_add: [NET_ADMIN, SYS_TIME]
    cap_drop: [ALL]
    dns: 8.8.8.8
    dns_search: [example.com, example.org]
    dns_opt: [use-vc, no-tld-query]
    extra_hosts:
      - somehost=162.242.195.82
      - otherhost:50.31.209.229
      - myhostv6=[::1]
    tmpfs: /run
    sysctls:
      net.core.somaxconn: 1024
      net.ipv4.tcp_syncookies: 0
    ulimits:
      nproc: 65535
      nofile:
        soft: 20000
        hard: 40000
    devices:
      - /dev/ttyUSB0:/dev/ttyUSB0
      - /dev/sda:/dev/xvda:rwm
      - /dev/null
    device_cgroup_rules: ['c 1:3 mr', 'a 7:* rmw']
    group_add: [mail, "1001"]
    security_opt: [label=user:USER, no-new-privileges:true]
    shm_size: 64M
    mem_limit: 1g
    mem_reservation: 512m
    memswap_limit: 2g
    mem_swappiness: 60
    oom_kill_disable: true
    oom_score_adj: -500
    pids_limit: 100
    cpus: 1.5
    cpu_shares: 512
    cpu_quota: 50000
    cpu_period: 100000
    cpuset: "0-3"
    cpu_count: 2
    cpu_percent: 50
    cpu_rt_runtime: 400000
    cpu_rt_period: 1400000
    ipc: shareable
    pid: host
    uts: host
    userns_mode: host
    cgroup: private
    cgroup_parent: m-executor-abcd
    runtime: runc
    platform: linux/amd64
    isolation: default
    mac_address: 02:42:ac:11:65:43
    storage_opt: {size: 20G}
    attach: false
    use_api_socket: true
  extra-hosts-map:
    image: busybox
    extra_hosts:
      b-host: 10.0.0.2
      a-host: ["10.0.0.1", "::1"]
    tmpfs: [/run, /tmp:size=64m]
    sysctls: [net.core.somaxconn=1024, "kernel.shm_rmid_forced=1"]
  cpu-float:
    image: busybox
    cpus: 0.1
    cpu_percent: 33
    init: false
    attach: true
"""
        },
    ),
    Case(
        "commands",
        {
            "compose.yaml": """
services:
  string:
    image: busybox
    command: bundle exec thin -p 3000 "quoted arg" 'single'
    entrypoint: /code/entrypoint.sh -v
  list:
    image: busybox
    command: ["sh", "-c", "echo $$HOME && sleep 1 > /dev/null"]
    entrypoint: ["/bin/sh", "-c"]
  empty:
    image: busybox
    command: []
    entrypoint: ""
  empty-string-command:
    image: busybox
    command: ""
"""
        },
    ),
    Case(
        "logging",
        {
            "compose.yaml": """
services:
  json:
    image: busybox
    logging:
      driver: json-file
      options:
        max-size: 200k
        max-file: "10"
  syslog:
    image: busybox
    logging:
      driver: syslog
      options:
        syslog-address: "tcp://192.168.0.42:123"
  driver-only:
    image: busybox
    logging:
      options:
        tag: "{{.Name}}"
"""
        },
    ),
    Case(
        "dependencies-profiles",
        {
            "compose.yaml": """
services:
  db:
    image: postgres
    profiles: [debug, db]
  cache:
    image: redis
  app:
    image: busybox
    depends_on:
      db:
        condition: service_healthy
        restart: true
      cache:
        condition: service_started
        required: false
    links: [db, "cache:redis"]
    external_links: [other_container, "project_db_1:mysql"]
  short-deps:
    image: busybox
    depends_on: [db, cache]
    profiles: [extra]
"""
        },
    ),
    Case(
        "extensions",
        {
            "compose.yaml": """
x-common: &common
  image: busybox
  labels: {common: "yes"}
services:
  anchored:
    <<: *common
    x-service-ext: {anything: [1, 2], nested: {b: 1, a: "<&>"}}
    x-flag: true
    environment: [A=1]
    ports:
      - target: 80
        x-port-ext: yes
  plain:
    <<: *common
    command: echo hi
"""
        },
    ),
    Case(
        "extends",
        {
            "compose.yaml": """
services:
  base:
    image: busybox
    environment: {BASE: "1", SHARED: base}
    labels: [from=base]
    ports: ["80:80"]
  child:
    extends: base
    environment: {CHILD: "1", SHARED: child}
    ports: ["81:81"]
  remote:
    extends:
      file: other.yaml
      service: other
    command: override
""",
            "other.yaml": """
services:
  other:
    image: alpine
    command: original
    volumes: [./rel:/rel]
    cap_add: [SYS_ADMIN]
""",
        },
    ),
    Case(
        "develop-hooks",
        {
            "compose.yaml": """
services:
  watched:
    image: busybox
    develop:
      watch:
        - action: sync
          path: ./web
          target: /src/web
          ignore: [node_modules/]
          initial_sync: true
        - action: rebuild
          path: package.json
        - action: sync+exec
          path: ./conf
          target: /etc/conf
          include: ["*.conf"]
          exec:
            command: ["kill", "-HUP", "1"]
            user: root
    post_start:
      - command: ./migrate.sh
        user: root
        privileged: true
        working_dir: /app
        environment: [A=1, B]
    pre_stop:
      - command: ["./drain.sh", "--force"]
"""
        },
    ),
    Case(
        "gpus-blkio-credspec",
        {
            "compose.yaml": """
services:
  gpu-all:
    image: busybox
    gpus: all
  gpu-list:
    image: busybox
    gpus:
      - driver: nvidia
        device_ids: ["GPU-1"]
        capabilities: [gpu]
  blkio:
    image: busybox
    blkio_config:
      weight: 300
      weight_device:
        - path: /dev/sda
          weight: 400
      device_read_bps:
        - path: /dev/sdb
          rate: '12mb'
      device_read_iops:
        - path: /dev/sdb
          rate: 120
      device_write_bps:
        - path: /dev/sdb
          rate: '1024k'
      device_write_iops:
        - path: /dev/sdb
          rate: 30
  credspec:
    image: busybox
    credential_spec:
      config: my_credential_spec
"""
        },
    ),
    Case(
        "models-provider",
        {
            "compose.yaml": """
services:
  llm-user:
    image: busybox
    models:
      smollm:
        endpoint_var: AI_URL
        model_var: AI_MODEL
      other:
  short-models:
    image: busybox
    models: [smollm]
  provided:
    provider:
      type: awesomecloud
      options:
        type: mysql
        size: [256, 512]
        region: eu
models:
  smollm:
    model: ai/smollm2
  other:
    model: ai/other
    context_size: 1024
"""
        },
    ),
    Case(
        "interpolation",
        {
            "compose.yaml": """
services:
  interp:
    image: ${REGISTRY:-docker.io}/library/busybox:${TAG}
    environment:
      DEFAULTED: ${MISSING:-fallback}
      ALT: ${TAG:+set}
      ESCAPED: $$NOT_A_VAR
    labels:
      amp: "Tom & Jerry <tj@example.com>"
    command: echo ${TAG} $$literal
    ports: ["${PORT:-8000}:80"]
""",
            ".env": "TAG=1.36\nPORT=9000\n",
        },
    ),
    Case(
        "up-rewrites",
        {
            "compose.yaml": """
services:
  socket:
    image: busybox
    use_api_socket: true
    environment: {A: "1"}
    volumes: [./data:/data]
  socket-own-config:
    image: busybox
    use_api_socket: true
    environment: [DOCKER_CONFIG=/custom]
  provider:
    image: busybox
    ipc: shareable
  sharer:
    image: busybox
    network_mode: service:provider
    ipc: service:provider
    pid: service:provider
    volumes_from: [provider:ro, "container:some-container:rw"]
  scaled-provider:
    image: busybox
    scale: 2
  scaled-sharer:
    image: busybox
    volumes_from: [scaled-provider]
"""
        },
    ),
    Case(
        "env-file",
        {
            "compose.yaml": """
services:
  with-env-file:
    image: busybox:1.36
    env_file:
      - common.env
      - path: ./optional.env
        required: false
    environment:
      EXPLICIT: wins
  with-bare-env:
    image: busybox:1.36
    environment: [FROM_SHELL, NOT_IN_SHELL]
""",
            "common.env": "A=1\nEXPLICIT=loses\nINTERP=${FROM_SHELL}-x\n",
        },
        env={"FROM_SHELL": "shell"},
    ),
]


def run(cmd: list[str] | str, cwd: Path, env: dict[str, str], shell: bool = False) -> str:
    """Run a command in a clean environment; its stdout, or an exception carrying stderr."""
    proc = subprocess.run(
        cmd,
        cwd=cwd,
        env={**CLEAN_ENV, **env},
        capture_output=True,
        text=True,
        shell=shell,
        executable="/bin/bash" if shell else None,
        check=False,
    )
    if proc.returncode != 0:
        raise RuntimeError(f"{cmd!r} failed in {cwd}: {proc.stderr.strip()}")
    return proc.stdout


def parse_hashes(text: str) -> dict[str, str]:
    """``config --hash`` output: one ``<service> <hash>`` per line."""
    return dict(line.split(" ", 1) for line in text.splitlines() if line.strip())


def sort_keys(value: Any) -> Any:
    """The same data with every mapping's keys sorted, as pycompose's own config output has them."""
    if isinstance(value, dict):
        return {k: sort_keys(value[k]) for k in sorted(value)}
    if isinstance(value, list):
        return [sort_keys(v) for v in value]
    return value


class FakeEngine:
    """Just enough of the Docker Engine API for ``docker compose create`` to run to the end.

    ``create`` computes the config-hash label the way ``up`` does and sends it in the body of
    ``POST /containers/create``; recording those bodies gives the label for every service without a
    real engine, without images and without touching anyone's containers. Every image "exists",
    networks and volumes are created on request, and created containers are listed and inspected
    back so that ``network_mode: service:x`` and ``volumes_from`` resolve.
    """

    def __init__(self, directory: Path) -> None:
        self.socket_path = directory / "engine.sock"
        self.containers: dict[str, dict[str, Any]] = {}
        self.networks: dict[str, dict[str, Any]] = {}
        self.external_networks: set[str] = set()  # exist before any project, as external ones must
        self._lock = threading.Lock()
        self._server: socketserver.UnixStreamServer | None = None

    @property
    def docker_host(self) -> str:
        return f"unix://{self.socket_path}"

    def created(self, project: str) -> tuple[dict[str, str], dict[str, str]]:
        """For ``project``: service -> config-hash label, and service -> ID of its first container.

        "First" as Docker Compose picks the container whose namespace or volumes another service
        shares: the lowest container name.
        """
        with self._lock:
            containers = sorted(self.containers.values(), key=lambda c: c["Name"])
        labels: dict[str, str] = {}
        ids: dict[str, str] = {}
        for container in containers:
            container_labels = container["Config"]["Labels"]
            if container_labels.get("com.docker.compose.project") != project:
                continue
            service = container_labels["com.docker.compose.service"]
            labels.setdefault(service, container_labels["com.docker.compose.config-hash"])
            ids.setdefault(service, container["Id"])
        return labels, ids

    def __enter__(self) -> FakeEngine:
        engine = self

        class Handler(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, format: str, *args: Any) -> None:
                """Quiet: compose makes dozens of calls per project."""

            def reply(self, code: int, body: Any = None) -> None:
                data = b"" if body is None else json.dumps(body).encode()
                self.send_response(code)
                self.send_header("Content-Type", "application/json")
                self.send_header("Api-Version", "1.51")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def handle_any(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = json.loads(self.rfile.read(length) or b"null") if length else None
                url = urllib.parse.urlsplit(self.path)
                path = re.sub(r"^/v[0-9.]+/", "/", url.path).strip("/")
                query = urllib.parse.parse_qs(url.query)
                code, answer = engine.answer(self.command, path, query, body)
                self.reply(code, answer)

            do_GET = do_POST = do_PUT = do_DELETE = do_HEAD = handle_any

        class Server(socketserver.ThreadingMixIn, socketserver.UnixStreamServer):
            daemon_threads = True
            request_queue_size = 256  # compose creates all replicas at once

            def handle_error(self, request: Any, client_address: Any) -> None:
                """Quiet: compose drops connections it no longer needs (broken pipes)."""

            def get_request(self) -> tuple[Any, Any]:
                request, _ = super().get_request()
                return request, ("fake-engine", 0)

        self._server = Server(str(self.socket_path), Handler)
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        return self

    def __exit__(self, *exc: object) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()

    def answer(self, method: str, path: str, query: dict[str, list[str]], body: Any) -> tuple[int, Any]:
        """The (status, JSON body) the engine would give to one API call."""
        parts = path.split("/")
        if path == "_ping":
            return 200, None
        if path == "version":
            return 200, {
                "Version": "28.5.1",
                "ApiVersion": "1.51",
                "MinAPIVersion": "1.24",
                "Os": "linux",
                "Arch": "amd64",
            }
        if path == "info":
            return 200, {"OSType": "linux", "Architecture": "x86_64", "ServerVersion": "28.5.1"}
        if parts[0] == "images" and parts[-1] == "json":
            return 200, {
                "Id": "sha256:" + "0" * 64,
                "RepoTags": [],
                "Os": "linux",
                "Architecture": "amd64",
                "Config": {},
            }
        if path == "containers/create" and method == "POST":
            with self._lock:
                name = query.get("name", [f"unnamed-{len(self.containers)}"])[0]
                cid = hashlib.sha256(name.encode()).hexdigest()  # stable across runs of this script
                self.containers[cid] = {
                    "Id": cid,
                    "Name": "/" + name,
                    "Image": body.get("Image", ""),
                    "Config": {**body, "Labels": body.get("Labels") or {}},
                    "HostConfig": body.get("HostConfig") or {},
                    "State": {"Status": "created", "Running": False},
                    "NetworkSettings": {"Networks": {}},
                }
            return 201, {"Id": cid, "Warnings": []}
        if path == "containers/json":
            return 200, [self._summary(c) for c in self._matching(query)]
        if parts[0] == "containers" and len(parts) == 3 and parts[2] == "json":
            container = self._find(parts[1])
            return (200, container) if container else (404, {"message": f"No such container: {parts[1]}"})
        if path == "networks/create":
            with self._lock:
                network = {
                    "Name": body["Name"],
                    "Id": f"{len(self.networks) + 1:064x}",
                    "Driver": body.get("Driver") or "bridge",
                    "Scope": "local",
                    "Labels": body.get("Labels") or {},
                }
                self.networks[body["Name"]] = network
            return 201, {"Id": network["Id"]}
        if parts[0] == "networks" and len(parts) == 1:
            return 200, []
        if parts[0] == "networks":
            with self._lock:
                network = self.networks.get(parts[1])
            if network is None and parts[1] in self.external_networks:
                network = {
                    "Name": parts[1],
                    "Id": "e" * 64,
                    "Driver": "bridge",
                    "Scope": "local",
                    "Labels": {},
                }
            return (200, network) if network else (404, {"message": f"network {parts[1]} not found"})
        if path == "volumes/create":
            return 201, {"Name": (body or {}).get("Name", ""), "Driver": "local", "Labels": {}}
        if parts[0] == "volumes":
            return (200, {"Volumes": []}) if len(parts) == 1 else (404, {"message": "volume not found"})
        return 404, {"message": f"the fake engine does not know {method} /{path}"}

    def _find(self, ref: str) -> dict[str, Any] | None:
        with self._lock:
            for cid, container in self.containers.items():
                if ref in (cid, container["Name"].lstrip("/")) or cid.startswith(ref):
                    return container
        return None

    def _matching(self, query: dict[str, list[str]]) -> list[dict[str, Any]]:
        filters = json.loads(query.get("filters", ["{}"])[0])
        wanted = list(filters.get("label", {}))
        with self._lock:
            containers = list(self.containers.values())
        result = []
        for container in containers:
            labels = container["Config"]["Labels"]
            ok = True
            for item in wanted:
                key, has_value, value = item.partition("=")
                if key not in labels or (has_value and labels[key] != value):
                    ok = False
            if ok:
                result.append(container)
        return result

    @staticmethod
    def _summary(container: dict[str, Any]) -> dict[str, Any]:
        return {
            "Id": container["Id"],
            "Names": [container["Name"]],
            "Image": container["Image"],
            "Labels": container["Config"]["Labels"],
            "State": "created",
            "Status": "Created",
            "NetworkSettings": {"Networks": {}},
            "Mounts": [],
        }


def uses_env_file(directory: Path) -> bool:
    """Whether any compose file of a project mentions ``env_file`` (which ``config --hash`` keeps)."""
    return any("env_file" in f.read_text(errors="replace") for f in directory.rglob("*.y*ml"))


def collect(
    case_name: str,
    cwd: Path,
    env: dict[str, str],
    commands: dict[str, str | list[str]],
    shell: bool,
    engine: FakeEngine,
) -> tuple[list[dict[str, Any]], list[str]]:
    """Fixture entries for every service of one project, and the problems found.

    ``commands`` holds the oracle's ``json``, ``hash`` and ``create`` command lines for the project.
    An entry's ``hash`` is the label ``create`` wrote (``label_hash`` must give it), its
    ``config_hash`` what ``config --hash`` printed when ``service_hash`` must give that too: always,
    except for projects with ``env_file``, which ``config --hash`` hashes unresolved.
    """
    entries: list[dict[str, Any]] = []
    problems: list[str] = []
    try:
        model = json.loads(run(commands["json"], cwd, env, shell))
        hashes = parse_hashes(run(commands["hash"], cwd, env, shell))
    except RuntimeError as exc:
        return entries, [f"{case_name}: the oracle refused the project: {exc}"]
    create_error = ""
    for network in (model.get("networks") or {}).values():
        if network.get("external"):
            engine.external_networks.add(network["name"])
    try:
        run(commands["create"], cwd, {**env, "DOCKER_HOST": engine.docker_host}, shell)
    except RuntimeError as exc:
        create_error = str(exc)[-300:]
    labels, container_ids = engine.created(model["name"])
    env_file = uses_env_file(cwd)
    for name, service in sorted(model.get("services", {}).items()):
        entry: dict[str, Any] = {"case": case_name, "name": name, "service": sort_keys(service)}
        references = {ref: container_ids[ref] for ref in referenced_services(service) if ref in container_ids}
        if references:
            entry["container_ids"] = references
        label = labels.get(name)
        try:
            ours_label = label_hash(service, container_ids=references)
        except KeyError as exc:  # create made no container to refer to
            ours_label = f"unresolvable: {exc}"
        ours_plain = service_hash(service)
        config_hash = hashes.get(name)
        if ours_plain == config_hash:
            entry["config_hash"] = config_hash
        elif not env_file:
            problems.append(f"{case_name}/{name}: service_hash {ours_plain} != config --hash {config_hash}")
            continue
        if label is None:
            if ours_label != ours_plain or "config_hash" not in entry:
                problems.append(f"{case_name}/{name}: no label to check label_hash against: {create_error}")
                continue
            label = config_hash  # nothing rewritten by up: its label is ServiceHash of the model
            entry["label_source"] = "config --hash"
        elif ours_label != label:
            problems.append(f"{case_name}/{name}: label_hash {ours_label} != create label {label}")
            continue
        entry["hash"] = label
        entries.append(entry)
    return entries, problems


def referenced_services(service: dict[str, Any]) -> list[str]:
    """Services whose container IDs ``up`` puts in place of ``service:`` and volumes_from references."""
    names = [
        entry.split(":")[0]
        for entry in service.get("volumes_from") or []
        if not entry.startswith("container:")
    ]
    for key in ("network_mode", "ipc", "pid"):
        mode = service.get(key)
        if isinstance(mode, str) and mode.startswith("service:"):
            names.append(mode[len("service:") :])
    return names


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--oracle", default=os.environ.get("COMPOSE_ORACLE", DEFAULT_ORACLE))
    parser.add_argument("--cases", type=Path, default=DEFAULT_CASES)
    parser.add_argument("--check", action="store_true", help="compare only, do not write the fixture")
    args = parser.parse_args()

    entries: list[dict[str, Any]] = []
    problems: list[str] = []
    create = "create --pull never --no-build"
    # A fixed directory, not a random one: the projects' absolute paths end up in the fixture.
    tmp = Path(tempfile.gettempdir()) / "pycompose-hash-fixtures"
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir()
    with contextlib.ExitStack() as cleanup, FakeEngine(tmp) as engine:
        cleanup.callback(shutil.rmtree, tmp, ignore_errors=True)
        for case in CASES:
            cwd = tmp / case.name
            cwd.mkdir()
            for rel, text in case.files.items():
                (cwd / rel).parent.mkdir(parents=True, exist_ok=True)
                (cwd / rel).write_text(text.lstrip("\n"))
            project = f"hash-{case.name}"
            base = [args.oracle, "-p", project, "-f", "compose.yaml", "--profile", "*"]
            commands: dict[str, str | list[str]] = {
                "json": [*base, "config", "--format", "json"],
                "hash": [*base, "config", "--hash", "*"],
                "create": [*base, *create.split()],
            }
            got, bad = collect(case.name, cwd, case.env, commands, False, engine)
            entries += got
            problems += bad

        if args.cases.is_dir():
            for case_dir in sorted(p for p in args.cases.iterdir() if (p / "cmd").is_file()):
                if case_dir.name.startswith("inv-"):
                    continue  # invalid projects: nothing to hash
                cmd = (case_dir / "cmd").read_text().strip()
                if "config --format json" not in cmd:
                    problems.append(f"{case_dir.name}: unexpected cmd {cmd!r}")
                    continue
                commands = {
                    "json": cmd,
                    "hash": cmd.replace("config --format json", "config --hash '*'"),
                    "create": cmd.replace("config --format json", create),
                }
                env = {"COMPOSE": args.oracle}
                got, bad = collect(case_dir.name, case_dir, env, commands, True, engine)
                entries += got
                problems += bad

    with_config_hash = sum("config_hash" in e for e in entries)
    rewritten = sum(e["hash"] != e.get("config_hash", e["hash"]) for e in entries)
    from_config = sum(e.get("label_source") == "config --hash" for e in entries)
    print(
        f"{len(entries)} services matched: label_hash = create label for {len(entries) - from_config} "
        f"({rewritten} of them rewritten by up), = config --hash for {from_config} that create could "
        f"not make; service_hash = config --hash for {with_config_hash}; {len(problems)} not matched"
    )
    for problem in problems:
        print("  " + problem)
    if not args.check:
        FIXTURE.parent.mkdir(parents=True, exist_ok=True)
        FIXTURE.write_text(json.dumps(entries, indent=1, ensure_ascii=False) + "\n")
        print(f"wrote {FIXTURE.relative_to(REPO)}")
    return 1 if problems and args.check else 0


if __name__ == "__main__":
    sys.exit(main())
