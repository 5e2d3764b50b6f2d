"""Day-2 operations on the 3-node swarm: rolling updates under load, a failed update rolling back,
secret rotation, a lost node, CA rotation, and `stack rm` touching nothing but the stack.

Each test deploys its own stack (``stack_name``); the node-loss test restores the node before it ends.
"""

from __future__ import annotations

import contextlib
import json
import re
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

pytestmark = pytest.mark.swarm

WEB = """\
services:
  web:
    image: busybox:1.36
    command:
      - sh
      - -c
      - |
        [ "$$VERSION" != bad ] || exit 1
        mkdir -p /www && echo "$$VERSION $$(cat /run/secrets/token 2>/dev/null) $$(hostname)" > /www/index.html
        exec httpd -f -p 80 -h /www
    hostname: "web-{{{{.Task.Slot}}}}-{{{{.Node.Hostname}}}}"
    environment:
      VERSION: "{version}"
    networks: [front]
    stop_grace_period: 2s
    healthcheck:
      test: ["CMD", "wget", "-q", "-O", "/dev/null", "http://127.0.0.1/"]
      interval: 1s
      timeout: 1s
      retries: 3
{secrets}    deploy:
      replicas: 4
      endpoint_mode: dnsrr
      placement:
        preferences: [{{spread: node.labels.zone}}]
      update_config:
        {{parallelism: {parallelism}, delay: {delay}, order: start-first, failure_action: rollback, monitor: {monitor}}}
      rollback_config: {{parallelism: 4, order: start-first, monitor: 1s}}
networks:
  front:
    attachable: true
"""

SECRETS = """\
    secrets: [token]
"""
SECRET_DEF = """\
secrets:
  token:
    file: ./token.txt
"""

# every IP behind the name `web`, and what each one serves
FETCH_ALL = (
    "for ip in $(nslookup web 2>/dev/null | sed -n 's/^Address:[[:space:]]*\\([0-9.]*\\)$/\\1/p'); do "
    'echo "$(timeout 5 wget -qO- http://$ip/)"; done'
)


def write(tmp: Path, version: str = "1", secret: str | None = None, one_by_one: bool = False) -> None:
    """The web stack; updates replace all 4 tasks at once (start-first) unless ``one_by_one``."""
    rolling = {"parallelism": 1, "delay": "1s", "monitor": "2s"} if one_by_one else {}
    text = WEB.format(
        version=version,
        secrets=SECRETS if secret is not None else "",
        **({"parallelism": 4, "delay": "0s", "monitor": "2s"} | rolling),
    )
    if secret is not None:
        text += SECRET_DEF
        (tmp / "token.txt").write_text(secret)
    (tmp / "compose.yaml").write_text(text)


def deploy(cluster, stack: str, tmp: Path, check: bool = True, timeout: str = "120"):
    return cluster.pycompose(
        "--progress",
        "plain",
        "stack",
        "deploy",
        "--wait",
        "--wait-timeout",
        timeout,
        stack,
        cwd=tmp,
        check=check,
    )


def served(cluster, stack: str) -> list[str]:
    return sorted(line for line in cluster.on_network(f"{stack}_front", FETCH_ALL).splitlines() if line)


def column(cluster, stack: str, index: int, timeout: float = 20) -> list[str]:
    """Field ``index`` (0: version, 1: secret) of what every replica behind ``web`` serves, once the
    DNS records settled: a task shut down at the end of an update may answer the name a moment
    longer than ``deploy --wait`` takes to return, so the last answer of ``timeout`` s counts."""
    deadline = time.monotonic() + timeout
    while True:
        lines = served(cluster, stack)
        values = sorted(line.split()[index] for line in lines)
        if (len(lines) == 4 and len(set(values)) == 1) or time.monotonic() >= deadline:
            return values
        time.sleep(0.5)


def stack_secrets(cluster, stack: str) -> set[str]:
    out = cluster.docker(
        "secret", "ls", "--filter", f"label=com.docker.stack.namespace={stack}", "--format", "{{.Name}}"
    )
    return set(out.stdout.split())


def running_nodes(cluster, stack: str) -> list[str]:
    out = cluster.docker(
        "stack", "ps", stack, "--filter", "desired-state=running", "--format", "{{json .}}"
    ).stdout
    rows = [json.loads(line) for line in out.splitlines() if line.strip()]
    return [r["Node"] for r in rows if r["CurrentState"].startswith("Running")]


class Load:
    """Counts of the requests a client on the stack's network sent to ``web`` in a loop."""

    ok = 0
    fail = 0
    logs = ""


@contextlib.contextmanager
def under_load(cluster, stack: str) -> Iterator[Load]:
    """A client container on the overlay network requesting ``http://web/`` back to back (busybox
    ``timeout 2 wget``; its own ``-T`` crashes), every failure counted, for the length of the block."""
    load = (
        "ok=0; fail=0; trap 'echo RESULT ok=$ok fail=$fail; exit 0' TERM; "
        "while true; do if timeout 2 wget -qO- http://web/ >/dev/null 2>&1; "
        'then ok=$((ok+1)); else fail=$((fail+1)); echo "FAIL $(date +%T)"; fi; done'
    )
    client = f"{stack}-load"
    cluster.docker(
        "run", "-d", "--name", client, "--network", f"{stack}_front", "busybox:1.36", "sh", "-c", load
    )
    result = Load()
    try:
        time.sleep(2)
        yield result
        time.sleep(1)
    finally:
        cluster.docker("stop", "-t", "10", client, check=False)
        result.logs = cluster.docker("logs", client, check=False).stdout
        cluster.docker("rm", "-f", client, check=False)
    found = re.search(r"RESULT ok=(\d+) fail=(\d+)", result.logs)
    assert found, result.logs
    result.ok, result.fail = int(found[1]), int(found[2])


def test_rolling_update_under_load_has_no_failed_request(cluster, stack_name: str, tmp_path: Path) -> None:
    write(tmp_path, version="1", one_by_one=True)
    deploy(cluster, stack_name, tmp_path)
    with under_load(cluster, stack_name) as load:
        write(tmp_path, version="2", one_by_one=True)
        plan = cluster.pycompose("stack", "plan", stack_name, cwd=tmp_path).stdout
        assert "environment VERSION: 1 -> 2" in plan, plan
        result = deploy(cluster, stack_name, tmp_path)
        assert "converged" in result.stderr
    assert load.fail == 0, load.logs
    assert load.ok > 50, load.logs
    versions = column(cluster, stack_name, 0)
    assert versions == ["2"] * 4


def test_a_failing_update_rolls_back(cluster, stack_name: str, tmp_path: Path) -> None:
    write(tmp_path, version="1")
    deploy(cluster, stack_name, tmp_path)
    write(tmp_path, version="bad")
    result = deploy(cluster, stack_name, tmp_path, check=False, timeout="90")
    assert result.returncode == 1, result.stdout + result.stderr
    assert "rolled back" in result.stderr, result.stderr
    # the swarm runs the previous spec again; the plan says the update is still to do, and why
    assert column(cluster, stack_name, 0) == ["1"] * 4
    plan = cluster.pycompose("stack", "plan", stack_name, cwd=tmp_path).stdout
    assert "the last update was rolled back" in plan and "VERSION: 1 -> bad" in plan, plan


def test_secret_rotation(cluster, stack_name: str, tmp_path: Path) -> None:
    """Secrets are Swarm objects the API never shows the value of; an edited file rotates to a new
    secret version, task by task, while requests keep being served."""
    write(tmp_path, secret="alpha-7c1e", one_by_one=True)
    deploy(cluster, stack_name, tmp_path)
    first = stack_secrets(cluster, stack_name)
    assert len(first) == 1 and next(iter(first)).startswith(f"{stack_name}_token-")
    assert column(cluster, stack_name, 1) == ["alpha-7c1e"] * 4
    # readable in the tasks (above), not through the API
    shown = cluster.docker("secret", "inspect", *first).stdout
    assert "alpha-7c1e" not in shown and '"Data"' not in shown, shown

    write(tmp_path, secret="beta-52d0", one_by_one=True)
    plan = cluster.pycompose("stack", "plan", stack_name, cwd=tmp_path).stdout
    assert "secret token rotated" in plan, plan
    assert "beta-52d0" not in plan, plan
    with under_load(cluster, stack_name) as load:
        deploy(cluster, stack_name, tmp_path)
    assert load.fail == 0 and load.ok > 20, load.logs
    assert column(cluster, stack_name, 1) == ["beta-52d0"] * 4
    second = stack_secrets(cluster, stack_name)
    assert first < second and len(second) == 2  # the old version stays for `docker service rollback`

    write(tmp_path, secret="gamma")
    deploy(cluster, stack_name, tmp_path)
    assert column(cluster, stack_name, 1) == ["gamma"] * 4
    third = stack_secrets(cluster, stack_name)
    assert len(third) == 2 and not (first & third) and (second & third)
    assert "nothing to do" in cluster.pycompose("stack", "plan", stack_name, cwd=tmp_path).stdout


@pytest.mark.parametrize(
    ("lose", "restore"),
    [("engine-stop", "engine-start"), ("node-down", "node-up")],
    ids=["engine-stopped", "link-cut"],
)
def test_lost_node_tasks_are_rescheduled_within_30s(
    cluster, stack_name: str, tmp_path: Path, lose: str, restore: str
) -> None:
    """A node lost either way (its dockerd stopped, or its host unreachable): its tasks run elsewhere
    and the service is back to its replica count within 30 s, then the node rejoins."""
    write(tmp_path)
    deploy(cluster, stack_name, tmp_path)
    nodes = running_nodes(cluster, stack_name)
    assert nodes.count("pcnode2") == 2, nodes  # the only node of zone b
    lost = time.monotonic()
    cluster.script(lose, "2")
    try:
        elapsed = None
        while time.monotonic() - lost < 45:
            elsewhere = [n for n in running_nodes(cluster, stack_name) if n != "pcnode2"]
            if len(elsewhere) == 4:
                elapsed = time.monotonic() - lost
                break
            time.sleep(0.5)
        assert elapsed is not None and elapsed <= 30, f"rescheduled after {elapsed}s"
        assert len(served(cluster, stack_name)) == 4
    finally:
        cluster.script(restore, "2")
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            states = cluster.docker("node", "ls", "--format", "{{.Status}}").stdout.split()
            if states == ["Ready"] * 3:
                break
            time.sleep(0.5)
        assert states == ["Ready"] * 3


def test_ca_rotation_keeps_the_stack_running(cluster, stack_name: str, tmp_path: Path) -> None:
    write(tmp_path)
    deploy(cluster, stack_name, tmp_path)
    before = cluster.docker("info", "--format", "{{json .Swarm.Cluster.TLSInfo.TrustRoot}}").stdout
    tasks_before = set(cluster.docker("stack", "ps", "-q", stack_name).stdout.split())
    with under_load(cluster, stack_name) as load:
        cluster.docker("swarm", "ca", "--rotate", "--quiet", timeout=180)
    assert load.fail == 0 and load.ok > 20, load.logs
    after = cluster.docker("info", "--format", "{{json .Swarm.Cluster.TLSInfo.TrustRoot}}").stdout
    assert after != before
    for node in ("pcnode1", "pcnode2", "pcnode3"):
        root = cluster.docker("node", "inspect", node, "--format", "{{json .Description.TLSInfo.TrustRoot}}")
        assert root.stdout == after, node
    # nothing restarted, and the manager still takes deployments
    assert set(cluster.docker("stack", "ps", "-q", stack_name).stdout.split()) == tasks_before
    write(tmp_path, version="2")
    deploy(cluster, stack_name, tmp_path)
    assert column(cluster, stack_name, 0) == ["2"] * 4


def test_rm_removes_only_the_stack_objects(cluster, stack_name: str, tmp_path: Path) -> None:
    write(tmp_path, secret="s")
    deploy(cluster, stack_name, tmp_path, timeout="60")
    other = f"{stack_name}x"
    other_dir = tmp_path / "other"
    other_dir.mkdir()
    write(other_dir, secret="s")
    cluster.pycompose("stack", "deploy", other, cwd=other_dir)
    # look-alikes without the stack label: same name prefix, created by hand
    lookalikes = {
        "network": f"{stack_name}_manual",
        "secret": f"{stack_name}_token-manual",
        "service": f"{stack_name}_manual",
    }
    cluster.docker("network", "create", "-d", "overlay", lookalikes["network"])
    (tmp_path / "manual.txt").write_text("manual")
    cluster.docker("secret", "create", lookalikes["secret"], str(tmp_path / "manual.txt"))
    cluster.docker(
        "service", "create", "-d", "--name", lookalikes["service"], "busybox:1.36", "sleep", "3600"
    )
    try:
        rm = cluster.pycompose("stack", "rm", stack_name, cwd=tmp_path)
        assert rm.returncode == 0
        labelled = f"label=com.docker.stack.namespace={stack_name}"
        for kind in ("service", "secret", "network"):
            # a removed network stays listed until the last task container left it
            deadline = time.monotonic() + 30
            while (left := cluster.docker(kind, "ls", "-q", "--filter", labelled).stdout.split()) and (
                time.monotonic() < deadline
            ):
                time.sleep(0.5)
            assert left == [], (kind, left)
        services = cluster.docker("service", "ls", "--format", "{{.Name}}").stdout.split()
        assert lookalikes["service"] in services
        assert f"{other}_web" in services
        assert cluster.docker("network", "inspect", lookalikes["network"], check=False).returncode == 0
        assert cluster.docker("secret", "inspect", lookalikes["secret"], check=False).returncode == 0
        assert stack_secrets(cluster, other)
    finally:
        cluster.docker("service", "rm", lookalikes["service"], check=False)
        cluster.docker("stack", "rm", other, check=False)
        time.sleep(1)
        cluster.docker("network", "rm", lookalikes["network"], check=False)
        cluster.docker("secret", "rm", lookalikes["secret"], check=False)
