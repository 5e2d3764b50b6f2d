"""``run``, ``exec``, ``cp``, ``scale``, ``events``, ``stats`` and ``wait`` on a real engine, through the CLI.

Each test uses the ``project`` fixture (a unique project name, everything it labels removed afterwards)
and runs ``python -m pycompose`` in a temporary folder, as a user would.
"""

from __future__ import annotations

import json
import os
import re
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from tests.oracle import oracle_binary

pytestmark = pytest.mark.engine

STACK = """\
services:
  db:
    image: busybox:1.36
    command: ["sleep", "3600"]
    stop_signal: SIGKILL
    healthcheck:
      test: ["CMD", "true"]
      interval: 1s
  web:
    image: busybox:1.36
    command: ["sleep", "3600"]
    stop_signal: SIGKILL
    restart: always
    ports: ["127.0.0.1:${PORT}:80"]
    environment:
      FROM_FILE: "yes"
    labels:
      team: blue
    depends_on:
      db:
        condition: service_healthy
  worker:
    image: busybox:1.36
    command: ["sleep", "3600"]
    stop_signal: SIGKILL
"""


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _docker(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["docker", *args], capture_output=True, text=True, timeout=120)


class Project:
    def __init__(self, root: Path, name: str) -> None:
        self.root = root
        self.name = name
        self.env = {**os.environ, "PORT": str(_free_port()), "COMPOSE_PROJECT_NAME": name}
        self.env.pop("PYCOMPOSE_DEBUG", None)

    def write(self, text: str) -> None:
        (self.root / "compose.yaml").write_text(text)

    def run(
        self, *args: str, check: bool = True, input: str | None = "", timeout: float = 180
    ) -> subprocess.CompletedProcess[str]:
        result = subprocess.run(
            [sys.executable, "-m", "pycompose", "--progress", "plain", *args],
            cwd=self.root,
            env=self.env,
            capture_output=True,
            text=True,
            input=input,
            timeout=timeout,
        )
        assert "Traceback" not in result.stderr, result.stderr
        if check:
            assert result.returncode == 0, f"pycompose {' '.join(args)} failed:\n{result.stderr}"
        return result

    def oracle(self, *args: str) -> subprocess.CompletedProcess[str]:
        binary = oracle_binary()
        assert binary is not None
        result = subprocess.run(
            [binary, *args],
            cwd=self.root,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=240,
            input="",
        )
        assert result.returncode == 0, f"docker compose {' '.join(args)} failed:\n{result.stderr}"
        return result

    def containers(self) -> dict[str, dict]:
        out = _docker(
            "ps", "-a", "--filter", f"label=com.docker.compose.project={self.name}", "--format", "{{json .}}"
        )
        rows = [json.loads(line) for line in out.stdout.splitlines() if line.strip()]
        return {row["Names"]: row for row in rows}

    def inspect(self, name: str) -> dict:
        return json.loads(_docker("inspect", name).stdout)[0]


@pytest.fixture
def proj(tmp_path: Path, project: str) -> Project:
    created = Project(tmp_path, project)
    created.write(STACK)
    return created


def _run_containers(proj: Project) -> list[str]:
    return [n for n in proj.containers() if "-run-" in n]


# ----------------------------------------------------------------------------------------------- run


def test_run_exit_code_flags_rm_and_dependencies(proj: Project) -> None:
    (proj.root / "data").mkdir()
    (proj.root / "data" / "f.txt").write_text("from the host\n")
    proj.env["FROM_HOST"] = "host-value"
    result = proj.run(
        "run",
        "--rm",
        "-e",
        "X=1",
        "-e",
        "FROM_HOST",
        "-e",
        "NOT_SET_ANYWHERE",
        "-w",
        "/mnt",
        "-u",
        "1000",
        "-v",
        "./data:/mnt:ro",
        "--entrypoint",
        "sh -c",
        "web",
        'echo "$X $FROM_HOST $FROM_FILE ${NOT_SET_ANYWHERE-unset} $(pwd) $(id -u)"; cat f.txt; '
        "echo to-stderr >&2; exit 3",
        check=False,
    )
    assert result.returncode == 3, result.stderr
    assert result.stdout.splitlines() == ["1 host-value yes unset /mnt 1000", "from the host"]
    assert "to-stderr" in result.stderr
    # the dependency was started (and waited for: healthy), the one-off container is gone
    rows = proj.containers()
    assert f"{proj.name}-db-1" in rows and "healthy" in rows[f"{proj.name}-db-1"]["Status"]
    assert f"{proj.name}-web-1" not in rows  # run never creates the service's own containers
    assert _run_containers(proj) == []


def test_run_pipes_stdin_and_keeps_the_container_without_rm(proj: Project) -> None:
    result = proj.run("run", "--no-deps", "worker", "sh", "-c", "tr a-z A-Z", input="piped in\n")
    assert result.stdout == "PIPED IN\n"
    assert f"{proj.name}-db-1" not in proj.containers()  # --no-deps
    names = _run_containers(proj)
    assert len(names) == 1 and re.fullmatch(rf"{proj.name}-worker-run-[0-9a-f]{{12}}", names[0]), names
    info = proj.inspect(names[0])
    assert info["State"]["Status"] == "exited" and info["State"]["ExitCode"] == 0
    labels = info["Config"]["Labels"]
    assert labels["com.docker.compose.oneoff"] == "True"
    assert labels["com.docker.compose.slug"].startswith(names[0].rsplit("-", 1)[1])
    assert len(labels["com.docker.compose.slug"]) == 64
    assert "com.docker.compose.container-number" not in labels
    # ps -a lists it; `down` removes it (Docker Compose leaves run containers to --remove-orphans)
    assert names[0] in proj.run("ps", "-a").stdout
    proj.run("down", "-t", "0")
    assert proj.containers() == {}


def test_run_publishes_ports_only_on_request_and_detaches(proj: Project) -> None:
    result = proj.run("run", "-d", "--no-deps", "web")
    container_id = result.stdout.strip()
    assert re.fullmatch(r"[0-9a-f]{64}", container_id), result.stdout
    info = proj.inspect(container_id)
    assert info["State"]["Running"]
    assert info["HostConfig"]["RestartPolicy"]["Name"] == ""  # restart: always is cleared
    assert not info["HostConfig"]["PortBindings"]
    assert info["Config"]["Labels"]["team"] == "blue"
    assert info["Config"]["OpenStdin"] is True and info["Config"]["Tty"] is False
    published = proj.run("run", "-d", "--no-deps", "--service-ports", "web").stdout.strip()
    bindings = proj.inspect(published)["HostConfig"]["PortBindings"]
    assert bindings == {"80/tcp": [{"HostIp": "127.0.0.1", "HostPort": proj.env["PORT"]}]}
    port = str(_free_port())
    custom = proj.run(
        "run", "-d", "--no-deps", "-p", f"127.0.0.1:{port}:81", "-l", "k=v", "web"
    ).stdout.strip()
    info = proj.inspect(custom)
    assert info["HostConfig"]["PortBindings"] == {"81/tcp": [{"HostIp": "127.0.0.1", "HostPort": port}]}
    assert info["Config"]["Labels"]["k"] == "v"
    bad = proj.run("run", "--service-ports", "-p", "1:1", "web", check=False)
    assert bad.returncode == 1 and "--service-ports and --publish are incompatible" in bad.stderr


@pytest.mark.skipif(oracle_binary() is None, reason="the Docker Compose v2 oracle is not installed")
def test_run_container_equals_docker_compose_run(proj: Project) -> None:
    """Same flags, same name: everything ``docker inspect`` shows that is not random is equal,
    labels (config hash included) first."""
    (proj.root / "data").mkdir()
    flags = ["-d", "-e", "X=1", "-l", "extra=1", "-w", "/tmp", "-u", "1000", "-v", "./data:/d:ro"]
    flags += ["--cap-add", "NET_ADMIN", "--entrypoint", "sh -c", "--rm"]
    name = f"{proj.name}-cmp"
    proj.oracle("run", "--name", name, *flags, "web", "sleep 30")
    theirs = proj.inspect(name)
    _docker("rm", "-f", name)
    proj.run("run", "--name", name, *flags, "web", "sleep 30")
    ours = proj.inspect(name)
    _docker("rm", "-f", name)
    their_labels = dict(theirs["Config"]["Labels"])
    our_labels = dict(ours["Config"]["Labels"])
    assert their_labels.pop("com.docker.compose.slug") != our_labels.pop("com.docker.compose.slug")
    assert our_labels == their_labels
    for key in ("Config", "HostConfig"):
        mine = {k: v for k, v in ours[key].items() if k not in ("Hostname", "Labels")}
        theirs_ = {k: v for k, v in theirs[key].items() if k not in ("Hostname", "Labels")}
        if key == "Config":  # Docker Compose orders `run -e` and env_file variables by Go map order
            mine["Env"], theirs_["Env"] = sorted(mine["Env"]), sorted(theirs_["Env"])
        assert mine == theirs_, key
    # without --name: the generated name and label set are Docker Compose's too
    generated = proj.oracle("run", "-d", "--no-deps", "worker").stdout.strip()
    their_keys = set(proj.inspect(generated)["Config"]["Labels"])
    their_name = proj.inspect(generated)["Name"].lstrip("/")
    ours_id = proj.run("run", "-d", "--no-deps", "worker").stdout.strip()
    assert set(proj.inspect(ours_id)["Config"]["Labels"]) == their_keys
    pattern = rf"{proj.name}-worker-run-[0-9a-f]{{12}}"
    assert re.fullmatch(pattern, their_name)
    assert re.fullmatch(pattern, proj.inspect(ours_id)["Name"].lstrip("/"))


# ---------------------------------------------------------------------------------------------- exec


def test_exec_output_exit_code_env_workdir_and_index(proj: Project) -> None:
    proj.run("up", "-d", "--scale", "worker=2", "worker")
    ids = {n: row["ID"] for n, row in proj.containers().items()}
    result = proj.run(
        "exec", "-T", "-e", "FOO=bar", "-w", "/tmp", "worker", "sh", "-c", 'echo "$FOO $(pwd) $(hostname)"'
    )
    assert result.stdout.split() == ["bar", "/tmp", ids[f"{proj.name}-worker-1"][:12]]
    second = proj.run("exec", "-T", "--index", "2", "worker", "hostname")
    assert second.stdout.strip() == ids[f"{proj.name}-worker-2"][:12]
    failed = proj.run("exec", "-T", "worker", "sh", "-c", "echo out; echo err >&2; exit 4", check=False)
    assert (failed.returncode, failed.stdout, failed.stderr.strip()) == (4, "out\n", "err")
    assert proj.run("exec", "-T", "-u", "1000", "worker", "id", "-u").stdout.strip() == "1000"
    assert proj.run("exec", "-T", "worker", "cat", input="via stdin\n").stdout == "via stdin\n"
    missing = proj.run("exec", "-T", "--index", "3", "worker", "true", check=False)
    assert missing.returncode == 1 and 'service "worker" is not running container #3' in missing.stderr
    not_found = proj.run("exec", "-T", "worker", "no-such-command", check=False)
    assert not_found.returncode == 126
    # -d: returns at once, the command runs on
    proj.run("exec", "-d", "worker", "sh", "-c", "sleep 1; touch /tmp/done")
    time.sleep(2.5)
    assert proj.run("exec", "-T", "worker", "ls", "/tmp/done").returncode == 0


# ------------------------------------------------------------------------------------------------ cp


def test_cp_both_directions_index_and_all(proj: Project) -> None:
    proj.run("up", "-d", "--scale", "worker=2", "worker")
    local = proj.root / "in"
    (local / "sub").mkdir(parents=True)
    (local / "a.txt").write_text("A\n")
    (local / "sub" / "b.txt").write_text("B\n")
    # to every replica
    proj.run("cp", str(local / "a.txt"), "worker:/tmp/")
    for index in ("1", "2"):
        assert proj.run("exec", "-T", "--index", index, "worker", "cat", "/tmp/a.txt").stdout == "A\n"
    # a directory under a new name, to one replica
    proj.run("cp", "--index", "2", "in", "worker:/tmp/copied")
    assert proj.run("exec", "-T", "--index", "2", "worker", "cat", "/tmp/copied/sub/b.txt").stdout == "B\n"
    assert proj.run("exec", "-T", "--index", "1", "worker", "ls", "/tmp/copied", check=False).returncode != 0
    # and back: into an existing directory, under a new name, its contents with /.
    out = proj.root / "out"
    out.mkdir()
    proj.run("cp", "--index", "2", "worker:/tmp/copied", "out")
    assert (out / "copied" / "sub" / "b.txt").read_text() == "B\n"
    proj.run("cp", "--index", "2", "worker:/tmp/copied/a.txt", "out/renamed.txt")
    assert (out / "renamed.txt").read_text() == "A\n"
    proj.run("cp", "--index", "2", "worker:/tmp/copied/.", "out/contents")
    assert sorted(p.name for p in (out / "contents").iterdir()) == ["a.txt", "sub"]
    assert (out / "renamed.txt").stat().st_uid == os.getuid()
    # a tar to stdout
    tar = subprocess.run(
        [sys.executable, "-m", "pycompose", "cp", "worker:/tmp/a.txt", "-"],
        cwd=proj.root,
        env=proj.env,
        capture_output=True,
        timeout=60,
    )
    assert tar.returncode == 0 and b"a.txt" in tar.stdout[:512]
    missing = proj.run("cp", "worker:/nope", "out/x", check=False)
    assert missing.returncode == 1 and "/nope" in missing.stderr
    # --all includes run containers
    run_id = proj.run("run", "-d", "--no-deps", "worker").stdout.strip()
    proj.run("cp", "--all", str(local / "a.txt"), "worker:/")
    assert _docker("exec", run_id, "cat", "/a.txt").stdout == "A\n"


# --------------------------------------------------------------------------------------------- scale


def test_scale_up_and_down_by_name(proj: Project) -> None:
    proj.run("scale", "worker=3")
    names = {n for n in proj.containers() if "-worker-" in n}
    assert names == {f"{proj.name}-worker-{n}" for n in (1, 2, 3)}
    proj.run("scale", "worker=1")
    assert {n for n in proj.containers() if "-worker-" in n} == {f"{proj.name}-worker-1"}
    # dependencies come up too, unless --no-deps
    proj.run("scale", "--no-deps", "web=1")
    assert f"{proj.name}-db-1" not in proj.containers()
    bad = proj.run("scale", "worker", check=False)
    assert bad.returncode == 1 and "invalid scale specifier: worker" in bad.stderr
    # deploy.replicas is the default scale; `scale` overrides it
    proj.write(STACK.replace("  worker:\n", "  worker:\n    deploy:\n      replicas: 2\n"))
    proj.run("up", "-d", "worker")
    assert {n for n in proj.containers() if "-worker-" in n} == {f"{proj.name}-worker-{n}" for n in (1, 2)}
    proj.run("scale", "worker=3")
    assert len([n for n in proj.containers() if "-worker-" in n]) == 3


def test_container_name_with_replicas_is_one_clear_error(proj: Project) -> None:
    proj.write(STACK.replace("  worker:\n", "  worker:\n    container_name: only-one\n"))
    result = proj.run("scale", "worker=2", check=False)
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "worker" in lines[0] and "container_name" in lines[0], result.stderr
    assert proj.containers() == {}


def test_port_range_is_spread_over_replicas(proj: Project) -> None:
    base = _free_port()
    while any(_port_taken(base + i) for i in range(3)):
        base = _free_port()
    proj.write(STACK.replace('ports: ["127.0.0.1:${PORT}:80"]', f'ports: ["127.0.0.1:{base}-{base + 2}:80"]'))
    proj.run("up", "-d", "--no-deps", "--scale", "web=3", "web")
    ports = {}
    for n in (1, 2, 3):
        bindings = proj.inspect(f"{proj.name}-web-{n}")["NetworkSettings"]["Ports"]["80/tcp"]
        ports[n] = int(bindings[0]["HostPort"])
    # each replica gets its own port of the range (which one is the engine's choice, as with v2)
    assert sorted(ports.values()) == [base, base + 1, base + 2], ports


def _port_taken(port: int) -> bool:
    with socket.socket() as sock:
        return sock.connect_ex(("127.0.0.1", port)) == 0


# ------------------------------------------------------------------------------ events, stats, wait


def test_events_json_shows_a_start(proj: Project) -> None:
    proj.run("create", "worker")
    events = subprocess.Popen(
        [sys.executable, "-m", "pycompose", "events", "--json"],
        cwd=proj.root,
        env=proj.env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    watchdog = threading.Timer(90, events.kill)  # a missed event must not hang the test
    watchdog.start()
    try:
        time.sleep(3)  # connected to the engine's stream (the stream has no replay without --since)
        proj.run("start", "worker")
        seen = None
        while seen is None:
            line = events.stdout.readline()  # type: ignore[union-attr]
            if not line:
                break
            event = json.loads(line)
            if event["action"] == "start":
                seen = event
    finally:
        watchdog.cancel()
        events.terminate()
        events.wait(timeout=10)
    assert seen is not None
    container_id = proj.containers()[f"{proj.name}-worker-1"]["ID"]
    assert seen["id"].startswith(container_id)
    assert seen["service"] == "worker" and seen["type"] == "container"
    assert seen["attributes"]["name"] == f"{proj.name}-worker-1"
    assert not any(k.startswith("com.docker.compose") for k in seen["attributes"])
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)", seen["time"])
    # the text form, with --since/--until: what happened is replayed and the stream ends
    text = proj.run("events", "--since", "5m", "--until", "0s", "worker", timeout=60).stdout
    assert re.search(rf"container start {container_id}[0-9a-f]* \(.*name={proj.name}-worker-1", text)


def test_stats_no_stream_lists_the_containers(proj: Project) -> None:
    proj.run("up", "-d", "--scale", "worker=2", "worker")
    table = proj.run("stats", "--no-stream").stdout.splitlines()
    assert re.match(
        r"CONTAINER ID\s+NAME\s+CPU %\s+MEM USAGE / LIMIT\s+MEM %\s+NET I/O\s+BLOCK I/O\s+PIDS$", table[0]
    )
    names = sorted(line.split()[1] for line in table[1:])
    assert names == [f"{proj.name}-worker-1", f"{proj.name}-worker-2"]
    assert all(re.search(r"\d+\.\d\d%\s+\S+ / \S+\s+\d+\.\d\d%", line) for line in table[1:])
    rows = [
        json.loads(line) for line in proj.run("stats", "--no-stream", "--format", "json").stdout.splitlines()
    ]
    assert {r["Name"] for r in rows} == set(names) and all(r["PIDs"] == "1" for r in rows)
    assert set(rows[0]) == {
        "BlockIO",
        "CPUPerc",
        "Container",
        "ID",
        "MemPerc",
        "MemUsage",
        "Name",
        "NetIO",
        "PIDs",
    }
    custom = proj.run("stats", "--no-stream", "--format", "{{.Name}}:{{.PIDs}}", "worker").stdout.split()
    assert sorted(custom) == [f"{n}:1" for n in names]
    proj.run("stop", "worker")
    assert proj.run("stats", "--no-stream").stdout.strip().splitlines()[1:] == []
    stopped = proj.run("stats", "--no-stream", "-a").stdout.splitlines()[1:]
    assert len(stopped) == 2 and all("0B / 0B" in line for line in stopped)


def test_wait_returns_the_exit_code(proj: Project) -> None:
    proj.write(
        STACK
        + """\
  quick:
    image: busybox:1.36
    command: ["sh", "-c", "sleep 5; exit 3"]  # long enough for `wait` to start under load
  slow:
    image: busybox:1.36
    command: ["sh", "-c", "sleep 8; exit 5"]
"""
    )
    proj.run("up", "-d", "quick", "slow")
    ids = {n: row["ID"] for n, row in proj.containers().items()}
    result = proj.run("wait", "quick", "slow", check=False)
    # every container is waited for; like Docker Compose, the code is the last one's
    assert result.returncode == 5, result.stderr
    lines = result.stdout.splitlines()
    assert len(lines) == 2
    assert re.fullmatch(
        rf'container "{ids[f"{proj.name}-quick-1"]}[0-9a-f]*" exited with status code 3', lines[0]
    )
    assert re.fullmatch(
        rf'container "{ids[f"{proj.name}-slow-1"]}[0-9a-f]*" exited with status code 5', lines[1]
    )
    proj.run("up", "-d", "quick", "worker")
    single = proj.run("wait", "quick", check=False)
    assert single.returncode == 3
    none = proj.run("wait", "quick", check=False)  # nothing running any more
    assert none.returncode == 1 and f'no containers for project "{proj.name}"' in none.stderr
    # --down-project: the first exit takes the project down (worker is stopped and removed)
    proj.run("up", "-d", "quick", "worker")
    downed = proj.run("wait", "--down-project", "quick", check=False)
    assert downed.returncode == 3
    assert proj.containers() == {}
