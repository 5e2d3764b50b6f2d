"""Networks on a real engine, proven by behaviour: who can resolve and reach whom, and how.

* ``internal: true`` cuts a service off from everything outside its network. The "outside" server is
  a container published on a host port (``docker run -p 8080``): a control service on a normal network
  reaches it through its network's gateway, an internal one through no address. (A server *on the
  host* is no proof on Docker Engine 20.10: it lets internal networks reach the host's own addresses,
  which only forwarding rules would stop, so that is left out.)
* Services on disjoint networks neither resolve nor reach each other; services sharing one reach each
  other by service name and by alias; replicas behind one name are all reached (DNS round robin).
* Static addresses with an IPAM subnet, ``attachable``, ``driver_opts``, ``external`` networks, and
  ``network_mode`` ``service:``, ``container:``, ``host`` and ``none``, each checked by ``docker
  inspect`` and by what the container sees.

Probes expected to fail are bounded by ``timeout`` and run concurrently, so the file stays fast.
"""

from __future__ import annotations

import ipaddress
import json
import os
import random
import uuid
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from tests.engine._stack import Stack, docker, inspect, poll, sh

pytestmark = pytest.mark.engine

HTTPD = (
    'command: ["sh", "-c", "mkdir -p /www && hostname > /www/index.html && exec httpd -f -p 8080 -h /www"]'
)
SLEEP = 'command: ["sleep", "3600"]'


@pytest.fixture
def stack(tmp_path: Path, project: str) -> Iterator[Stack]:
    created = Stack(tmp_path, project)
    yield created
    created.down()


def _get(container: str, url: str, seconds: int = 2) -> str | None:
    """The body at ``url`` fetched from inside ``container``, or None when it cannot be reached."""
    result = sh(container, f"timeout {seconds} wget -qO- {url}", timeout=seconds + 20)
    return result.stdout.strip() if result.returncode == 0 else None


def _resolves(container: str, name: str) -> bool:
    return sh(container, f"timeout 5 nslookup {name}").returncode == 0


def _ip(container: str, network: str) -> str:
    return inspect(container)["NetworkSettings"]["Networks"][network]["IPAddress"]


def _gateway(network: str) -> str:
    return inspect(network, "network")["IPAM"]["Config"][0]["Gateway"]


def _serving(container: str, url: str) -> str:
    return poll(lambda: _get(container, url), timeout=20, what=f"{url} from {container}")


@pytest.fixture
def outside(project: str) -> Iterator[int]:
    """An HTTP server outside every compose network, published on a free host port; yields the port."""
    name = f"{project}-outside"
    docker(
        "run", "-d", "--name", name, "-p", "8080", "busybox:1.36",
        "sh", "-c", "mkdir -p /w && echo outside > /w/index.html && exec httpd -f -p 8080 -h /w",
        check=True,
    )  # fmt: skip
    try:
        port = docker("port", name, "8080/tcp", check=True).stdout.splitlines()[0].rsplit(":", 1)[1]
        yield int(port)
    finally:
        docker("rm", "-f", name)


POLICY = f"""\
services:
  web:
    image: busybox:1.36
    {HTTPD}
    stop_grace_period: 1s
    networks:
      front:
        aliases: [www, frontend]
  client:
    image: busybox:1.36
    {SLEEP}
    stop_grace_period: 1s
    networks: [front]
  lonely:
    image: busybox:1.36
    {SLEEP}
    stop_grace_period: 1s
    networks: [back]
  jailed:
    image: busybox:1.36
    {SLEEP}
    stop_grace_period: 1s
    networks: [jail]
networks:
  front: {{}}
  back: {{}}
  jail:
    internal: true
"""


def test_internal_disjoint_and_shared_networks(stack: Stack, outside: int) -> None:
    stack.write(POLICY)
    stack.run("up", "-d", "--wait", "--wait-timeout", "60")
    web, client, lonely, jailed = (stack.container(s) for s in ("web", "client", "lonely", "jailed"))
    front, jail = f"{stack.name}_front", f"{stack.name}_jail"
    assert inspect(jail, "network")["Internal"] is True
    assert inspect(front, "network")["Internal"] is False

    # (c) a shared network: by service name, by each alias, by container name
    hostname = inspect(web)["Config"]["Hostname"]
    for name in ("web", "www", "frontend", web):
        assert _serving(client, f"http://{name}:8080/") == hostname, name

    # (a) control: the normal network reaches the outside server through its gateway
    assert _serving(client, f"http://{_gateway(front)}:{outside}/") == "outside"

    web_ip = _ip(web, front)
    probes = {
        # (a) the internal network reaches it through no address: its own gateway, another's, the web
        "jailed -> outside via own gateway": lambda: _get(jailed, f"http://{_gateway(jail)}:{outside}/"),
        "jailed -> outside via front gateway": lambda: _get(jailed, f"http://{_gateway(front)}:{outside}/"),
        "jailed -> web by address": lambda: _get(jailed, f"http://{web_ip}:8080/"),
        # (b) disjoint networks: no name, no route
        "lonely resolves web": lambda: _resolves(lonely, "web") or None,
        "lonely resolves www": lambda: _resolves(lonely, "www") or None,
        "client resolves lonely": lambda: _resolves(client, "lonely") or None,
        "jailed resolves web": lambda: _resolves(jailed, "web") or None,
        "lonely -> web by address": lambda: _get(lonely, f"http://{web_ip}:8080/"),
    }
    with ThreadPoolExecutor(max_workers=len(probes)) as pool:
        results = {what: pool.submit(probe) for what, probe in probes.items()}
        reached = {what: future.result() for what, future in results.items()}
    assert {what: got for what, got in reached.items() if got} == {}
    # resolution itself works on those networks: the failures above are isolation, not a broken DNS
    assert _resolves(lonely, "lonely") and _resolves(jailed, "jailed")


def test_replicas_share_the_service_name_round_robin(stack: Stack) -> None:
    stack.write(
        f"services:\n  web:\n    image: busybox:1.36\n    {HTTPD}\n    scale: 3\n    stop_grace_period: 1s\n"
        f"  client:\n    image: busybox:1.36\n    {SLEEP}\n    stop_grace_period: 1s\n"
    )
    stack.run("up", "-d", "--wait", "--wait-timeout", "60")
    hostnames = {inspect(stack.container("web", n))["Config"]["Hostname"] for n in (1, 2, 3)}
    client = stack.container("client")
    for n in (1, 2, 3):  # every replica serves before counting
        _serving(client, f"http://{_ip(stack.container('web', n), stack.name + '_default')}:8080/")
    answers = sh(client, "nslookup web").stdout
    assert sum(line.startswith("Address:") for line in answers.splitlines()) == 4  # server + 3 replicas
    # each request is a fresh wget (a fresh lookup); stop as soon as every replica answered
    script = (
        'seen=""; n=0; while [ $n -lt 200 ]; do n=$((n+1)); '
        "h=$(timeout 3 wget -qO- http://web:8080/) || continue; "
        'case " $seen " in *" $h "*) ;; *) seen="$seen $h";; esac; '
        '[ $(echo $seen | wc -w) -ge 3 ] && break; done; echo "$n $seen"'
    )
    requests, *seen = sh(client, script, timeout=120).stdout.split()
    assert set(seen) == hostnames, f"after {requests} requests only {seen} answered"


def _free_subnet() -> ipaddress.IPv4Network:
    """A /24 that no network on the engine uses (other tests share the engine)."""
    used = []
    for line in docker("network", "ls", "-q", check=True).stdout.split():
        for config in (inspect(line, "network").get("IPAM") or {}).get("Config") or ():
            if config.get("Subnet") and ":" not in config["Subnet"]:
                used.append(ipaddress.ip_network(config["Subnet"]))
    for _ in range(100):
        candidate = ipaddress.ip_network(f"10.{random.randint(100, 199)}.{random.randint(0, 255)}.0/24")
        if not any(candidate.overlaps(u) for u in used):
            return candidate
    raise AssertionError("no free /24 under 10.100.0.0/9")


def test_addresses_options_and_external_networks(stack: Stack, project: str) -> None:
    subnet = _free_subnet()
    hosts = list(subnet.hosts())
    gateway, fixed = str(hosts[0]), str(hosts[41])
    # a unique-local IPv6 subnet of our own (fd00::/8), for enable_ipv6 and ipv6_address
    subnet6 = ipaddress.ip_network(f"fd00:{random.randrange(0x1000, 0xFFFF):x}:{random.randrange(0xFFFF):x}::/64")
    fixed6 = str(subnet6[0x42])
    external = f"{project}-ext"
    docker("network", "create", external, check=True)
    try:
        stack.write(
            f"""\
services:
  fixed:
    image: busybox:1.36
    {SLEEP}
    stop_grace_period: 1s
    networks:
      static:
        ipv4_address: {fixed}
        ipv6_address: {fixed6}
      outer: {{}}
networks:
  static:
    attachable: true
    enable_ipv6: true
    driver_opts:
      com.docker.network.driver.mtu: "1400"
    ipam:
      config:
        - subnet: {subnet}
          gateway: {gateway}
        - subnet: {subnet6}
  outer:
    external: true
    name: {external}
"""
        )
        stack.run("up", "-d", "--wait", "--wait-timeout", "60")
        container = stack.container("fixed")
        static = f"{stack.name}_static"
        net = inspect(static, "network")
        assert net["Attachable"] is True
        assert net["Options"]["com.docker.network.driver.mtu"] == "1400"
        assert net["EnableIPv6"] is True
        assert net["IPAM"]["Config"][0] == {"Subnet": str(subnet), "Gateway": gateway}
        assert net["IPAM"]["Config"][1]["Subnet"] == str(subnet6)
        endpoints = inspect(container)["NetworkSettings"]["Networks"]
        assert endpoints[static]["IPAddress"] == fixed
        assert endpoints[static]["IPAMConfig"]["IPv4Address"] == fixed
        assert endpoints[static]["GlobalIPv6Address"] == fixed6
        assert f"inet6 {fixed6}/64" in sh(container, "ip -6 -o addr show").stdout
        assert external in endpoints
        # what the container sees: its fixed address, the MTU of that network, the external one
        addresses = sh(container, "ip -4 -o addr show").stdout
        assert f"inet {fixed}/24" in addresses
        ext_ip = endpoints[external]["IPAddress"]
        assert ext_ip and f"inet {ext_ip}/" in addresses
        interface = next(line.split()[1] for line in addresses.splitlines() if f"inet {fixed}/" in line)
        assert sh(container, f"cat /sys/class/net/{interface}/mtu").stdout.strip() == "1400"
        # attachable: a container outside the project can join the project's network
        joined = docker("run", "--rm", "--network", static, "busybox:1.36", "ping", "-c1", "-W3", fixed)
        assert joined.returncode == 0, joined.stderr
        # down removes the project's networks, never the external one
        stack.run("down", "-t", "0")
        assert docker("network", "inspect", static).returncode != 0
        assert docker("network", "inspect", external).returncode == 0
    finally:
        stack.down()
        docker("network", "rm", external)


def test_network_modes(stack: Stack, project: str) -> None:
    outsider = f"{project}-netns"
    docker(
        "run", "-d", "--name", outsider, "busybox:1.36",
        "sh", "-c", "mkdir -p /w && echo netns-owner > /w/index.html && exec httpd -f -p 9090 -h /w",
        check=True,
    )  # fmt: skip
    try:
        stack.write(
            f"""\
services:
  base:
    image: busybox:1.36
    {HTTPD}
    stop_grace_period: 1s
    environment:
      GENERATION: ${{GENERATION:-1}}
  side:
    image: busybox:1.36
    {SLEEP}
    stop_grace_period: 1s
    network_mode: "service:base"
  guest:
    image: busybox:1.36
    {SLEEP}
    stop_grace_period: 1s
    network_mode: "container:{outsider}"
  hostnet:
    image: busybox:1.36
    {SLEEP}
    stop_grace_period: 1s
    network_mode: host
  offline:
    image: busybox:1.36
    {SLEEP}
    stop_grace_period: 1s
    network_mode: none
"""
        )
        stack.run("up", "-d", "--wait", "--wait-timeout", "60")
        base, side, guest, hostnet, offline = (
            stack.container(s) for s in ("base", "side", "guest", "hostnet", "offline")
        )
        modes = {name: inspect(name)["HostConfig"]["NetworkMode"] for name in (side, guest, hostnet, offline)}
        assert modes[side] == "container:" + inspect(base)["Id"]
        assert modes[guest] in ("container:" + inspect(outsider)["Id"], f"container:{outsider}")
        assert modes[hostnet] == "host" and modes[offline] == "none"

        # service:base shares base's network namespace: its server is on localhost, same address
        assert _serving(side, "http://127.0.0.1:8080/") == inspect(base)["Config"]["Hostname"]
        assert sh(side, "ip -4 -o addr").stdout == sh(base, "ip -4 -o addr").stdout
        # container:<name> joins a container the project does not own
        assert _serving(guest, "http://127.0.0.1:9090/") == "netns-owner"
        # host: the engine's own interfaces (the test talks to a local engine)
        inside = set(sh(hostnet, "ls /sys/class/net").stdout.split())
        if os.path.isdir("/sys/class/net") and not os.environ.get("DOCKER_HOST", "").startswith("tcp"):
            assert inside == set(os.listdir("/sys/class/net"))
        assert "eth0" not in inside or len(inside) > 2
        # none: loopback only
        assert sh(offline, "ls /sys/class/net").stdout.split() == ["lo"]
        assert list(inspect(offline)["NetworkSettings"]["Networks"]) == ["none"]
        # and the plan converged: network modes are not seen as changes
        assert json.loads(stack.run("plan", "--format", "json").stdout)["changes"] is False

        # a new base container means a new namespace: side is recreated into the new one
        stack.env["GENERATION"] = "2"
        stack.run("up", "-d", "--wait", "--wait-timeout", "60")
        assert inspect(side)["HostConfig"]["NetworkMode"] == "container:" + inspect(base)["Id"]
        assert _serving(side, "http://127.0.0.1:8080/") == inspect(base)["Config"]["Hostname"]
        assert json.loads(stack.run("plan", "--format", "json").stdout)["changes"] is False
    finally:
        stack.down()
        docker("rm", "-f", outsider)


def test_external_network_must_exist(stack: Stack) -> None:
    missing = f"pcmissing-{uuid.uuid4().hex[:8]}"
    stack.write(
        f"services:\n  app:\n    image: busybox:1.36\n    networks: [ext]\n"
        f"networks:\n  ext:\n    external: true\n    name: {missing}\n"
    )
    result = stack.run("up", "-d", check=False)
    assert result.returncode == 1
    assert f"network {missing} declared as external, but could not be found" in result.stderr
