#!/usr/bin/env bash
# swarm-cluster.sh - a local multi-node Docker Swarm for pycompose's `stack` tests (root, Linux).
#
# Usage: scripts/swarm-cluster.sh up [N] | down | status | env | node-down K | node-up K |
#        engine-stop K | engine-start K | help
#
#   up N     Start N Docker engines (default 3) as separate "hosts" and join them into one swarm.
#            Idempotent: nodes already running are kept; nodes past N are removed.
#   down     Stop every node, remove the network namespaces, the bridge, the data directories
#            and the iptables rule. Leaves nothing behind; safe to run twice.
#   status   One line per node (pid, address, swarm state) and `docker node ls` of the manager.
#   env      Print `export DOCKER_HOST=...` for the manager (eval "$(scripts/swarm-cluster.sh env)").
#   node-down K / node-up K
#            Cut / restore node K's network link: the manager loses it as if the host died (its
#            containers keep running, unreachable) and, once it is back, shuts its stale tasks down.
#   engine-stop K / engine-start K
#            Stop node K's dockerd (SIGTERM: its task containers stop with it; its data and swarm
#            membership are kept) / start it again (it rejoins the swarm by itself).
#
# How the "hosts" are built (no VM, no docker-in-docker):
#   - one Linux bridge $PCSWARM_BRIDGE (pcswarm0, 10.77.0.1/24) in the host network namespace;
#   - per node pcnodeK: a network namespace (`ip netns add pcnodeK`) holding one end of a veth pair
#     (eth0, 10.77.0.1K/24, default route via the bridge), the other end on the bridge;
#   - per node one dockerd, started with `unshare --uts` (its own hostname pcnodeK, so `docker node ls`
#     tells the nodes apart) and `nsenter --net=/var/run/netns/pcnodeK` (not `ip netns exec`, which
#     remounts /sys and makes dockerd fail with "Devices cgroup isn't mounted"), with its own
#     --data-root /var/lib/pycompose-swarm/pcnodeK, --exec-root /run/pycompose-swarm/pcnodeK (hence
#     its own containerd), socket unix:///run/pycompose-swarm/pcnodeK.sock, an empty daemon.json and
#     a cgroup parent of its own. Inside its namespace each engine has its own docker0 and iptables;
#   - traffic between the nodes crosses the host bridge, where the host's FORWARD chain applies
#     (br_netfilter): `iptables -I DOCKER-USER -i pcswarm0 -o pcswarm0 -j ACCEPT`, or `swarm join`
#     and the overlay networks' VXLAN time out. That one rule is the only change to the host's rules;
#   - busybox:1.36 is copied from the default engine (`docker save | docker -H NODE load`);
#   - pcnode1 runs `docker swarm init --advertise-addr 10.77.0.11`, the others join as workers;
#     labels: zone=a on odd nodes, zone=b on even nodes, role=db on the last node.
#     The dispatcher heartbeat is $PCSWARM_HEARTBEAT (2s; Swarm's default is 5s), so a lost node is
#     declared down after ~6 s instead of ~15 s.
#
# The kernel may lack IPVS (ip_vs): then a service's virtual IP (endpoint_mode: vip) and the ingress
# routing mesh do not route, while endpoint_mode: dnsrr and host-mode ports do. `up` says so and puts
# the engine label pycompose.ipvs=missing on every node, which `pycompose stack` reads to warn.
#
# The default engine (/var/run/docker.sock) and its swarm state are never touched.
set -euo pipefail

prog=swarm-cluster
BRIDGE=${PCSWARM_BRIDGE:-pcswarm0}
NET_PREFIX=${PCSWARM_NET_PREFIX:-10.77.0}
NODE_PREFIX=${PCSWARM_NODE_PREFIX:-pcnode}
DATA=${PCSWARM_DATA:-/var/lib/pycompose-swarm}
RUN=${PCSWARM_RUN:-/run/pycompose-swarm}
LOGDIR=${PCSWARM_LOGDIR:-/var/log/pycompose-swarm}
IMAGES=${PCSWARM_IMAGES:-busybox:1.36}
START_TIMEOUT=${PCSWARM_START_TIMEOUT:-60}
# a lost node is declared down after ~3 heartbeats (Swarm's default 5 s: ~15 s); 2 s makes that ~6 s
HEARTBEAT=${PCSWARM_HEARTBEAT:-2s}
MAX_NODES=9

say() { printf '%s: %s\n' "$prog" "$*"; }
warn() { printf '%s: WARNING: %s\n' "$prog" "$*" >&2; }
die() { printf '%s: error: %s\n' "$prog" "$*" >&2; exit 1; }

node_name() { echo "$NODE_PREFIX$1"; }
node_ip() { echo "$NET_PREFIX.$((10 + $1))"; }
node_sock() { echo "$RUN/$(node_name "$1").sock"; }
node_pidfile() { echo "$RUN/$(node_name "$1").pid"; }
ndocker() { local i=$1; shift; docker -H "unix://$(node_sock "$i")" "$@"; }

heartbeat_ns() {
    local n=${HEARTBEAT%s}
    echo $((n * 1000000000))
}

pid_alive() { [[ -n ${1:-} ]] && kill -0 "$1" 2>/dev/null; }
node_pid() {
    local f pid
    f=$(node_pidfile "$1")
    [[ -r $f ]] || return 0
    pid=$(cat "$f" 2>/dev/null || true)
    if pid_alive "$pid" && [[ $(cat "/proc/$pid/comm" 2>/dev/null) == dockerd ]]; then echo "$pid"; fi
}
engine_up() { timeout 10 docker -H "unix://$(node_sock "$1")" version >/dev/null 2>&1; }

# Node indexes that exist now (a namespace or a pidfile), ascending.
existing_nodes() {
    local n i
    {
        for n in /var/run/netns/"$NODE_PREFIX"*; do [[ -e $n ]] && echo "${n##*/"$NODE_PREFIX"}"; done
        for n in "$RUN/$NODE_PREFIX"*.pid; do
            [[ -e $n ]] || continue
            i=${n##*/"$NODE_PREFIX"}
            echo "${i%.pid}"
        done
    } | grep -E '^[0-9]+$' | sort -n -u || true
}

ipvs_available() {
    [[ -e /proc/net/ip_vs ]] && return 0
    command -v modprobe >/dev/null && modprobe ip_vs 2>/dev/null && [[ -e /proc/net/ip_vs ]]
}

# ---------------------------------------------------------------- host network
# iptables front ends that have the DOCKER-USER chain (the host's engine may use nft or legacy)
iptables_tools() {
    local t
    for t in iptables iptables-legacy; do
        command -v "$t" >/dev/null || continue
        "$t" -w -S DOCKER-USER >/dev/null 2>&1 && echo "$t"
    done
    return 0
}

host_network_up() {
    if ! ip link show "$BRIDGE" >/dev/null 2>&1; then
        say "creating bridge $BRIDGE ($NET_PREFIX.1/24)"
        ip link add "$BRIDGE" type bridge
        ip addr add "$NET_PREFIX.1/24" dev "$BRIDGE"
    fi
    ip link set "$BRIDGE" up
    local t found=""
    for t in $(iptables_tools); do
        found=1
        "$t" -w -C DOCKER-USER -i "$BRIDGE" -o "$BRIDGE" -j ACCEPT 2>/dev/null ||
            "$t" -w -I DOCKER-USER -i "$BRIDGE" -o "$BRIDGE" -j ACCEPT
    done
    if [[ -z $found ]] && command -v iptables >/dev/null &&
        [[ $(iptables -w -S FORWARD 2>/dev/null | head -n 1) == "-P FORWARD DROP" ]]; then
        iptables -w -C FORWARD -i "$BRIDGE" -o "$BRIDGE" -j ACCEPT 2>/dev/null ||
            iptables -w -I FORWARD -i "$BRIDGE" -o "$BRIDGE" -j ACCEPT
    fi
}

host_network_down() {
    local t
    for t in iptables iptables-legacy; do
        command -v "$t" >/dev/null || continue
        while "$t" -w -D DOCKER-USER -i "$BRIDGE" -o "$BRIDGE" -j ACCEPT 2>/dev/null; do :; done
        while "$t" -w -D FORWARD -i "$BRIDGE" -o "$BRIDGE" -j ACCEPT 2>/dev/null; do :; done
    done
    if ip link show "$BRIDGE" >/dev/null 2>&1; then
        ip link del "$BRIDGE"
    fi
}

# ---------------------------------------------------------------- one node
node_network_up() {
    local i=$1 name ip veth
    name=$(node_name "$i") ip=$(node_ip "$i") veth="veth-$name"
    [[ -e /var/run/netns/$name ]] || ip netns add "$name"
    if ! ip link show "$veth" >/dev/null 2>&1; then
        ip -n "$name" link del eth0 2>/dev/null || true
        ip link add "$veth" type veth peer name eth0 netns "$name"
    fi
    ip link set "$veth" master "$BRIDGE" up
    ip -n "$name" addr replace "$ip/24" dev eth0
    ip -n "$name" link set lo up
    ip -n "$name" link set eth0 up
    ip -n "$name" route replace default via "$NET_PREFIX.1"
}

node_start() {
    local i=$1 name pid labels=()
    name=$(node_name "$i")
    [[ -n $(node_pid "$i") ]] && return 0
    mkdir -p "$DATA/$name" "$RUN/$name" "$LOGDIR"
    [[ -e $RUN/daemon.json ]] || echo '{}' >"$RUN/daemon.json"
    ipvs_available || labels+=(--label pycompose.ipvs=missing)
    labels+=(--label "pycompose.node=$name")
    printf '==== %s: dockerd for %s\n' "$(date -Is)" "$name" >"$LOGDIR/$name.log"
    # setsid: outlive the caller; unshare --uts: a hostname of its own; nsenter --net: the node's network
    # DOCKER_SERVICE_PREFER_OFFLINE_IMAGE=1: tasks use the local image instead of trying a registry
    # first (without a network, every task would wait ~20 s for the pull to fail)
    # shellcheck disable=SC2016 # $0/$@ expand in the inner sh
    DOCKER_SERVICE_PREFER_OFFLINE_IMAGE=1 setsid unshare --uts sh -c 'hostname "$0"; exec "$@"' "$name" \
        nsenter --net="/var/run/netns/$name" \
        dockerd --data-root "$DATA/$name" --exec-root "$RUN/$name" \
        --pidfile "$(node_pidfile "$i")" -H "unix://$(node_sock "$i")" \
        --config-file "$RUN/daemon.json" --cgroup-parent "pycompose-swarm-$name" \
        "${labels[@]}" </dev/null >>"$LOGDIR/$name.log" 2>&1 9>&- &
    pid=$!
    echo "$pid" >"$RUN/$name.launcher"
}

node_wait() {
    local i=$1 start=$SECONDS name
    name=$(node_name "$i")
    while ((SECONDS - start < START_TIMEOUT)); do
        engine_up "$i" && return 0
        sleep 0.3
    done
    grep -E 'level=(error|fatal)|failed to start' "$LOGDIR/$name.log" | tail -n 5 >&2 || true
    die "dockerd of $name did not answer within ${START_TIMEOUT}s (log: $LOGDIR/$name.log)"
}

node_images() {
    local i=$1 image
    for image in $IMAGES; do
        ndocker "$i" image inspect "$image" >/dev/null 2>&1 && continue
        docker image inspect "$image" >/dev/null 2>&1 ||
            die "image $image is missing on the default engine (run scripts/ensure-engine.sh)"
        docker save "$image" | ndocker "$i" load -q >/dev/null
    done
}

node_stop() {
    local i=$1 name pid k
    name=$(node_name "$i")
    pid=$(node_pid "$i")
    if [[ -n $pid ]]; then
        kill -TERM "$pid" 2>/dev/null || true
        for ((k = 0; k < 100; k++)); do pid_alive "$pid" || break; sleep 0.1; done
        if pid_alive "$pid"; then kill -KILL "$pid" 2>/dev/null || true; fi
    fi
    # whatever still runs from this node's exec root (containerd, shims) goes too
    for pid in $(pgrep -f -- "$RUN/$name/" 2>/dev/null || true); do
        kill -KILL "$pid" 2>/dev/null || true
    done
    # mounts left under the node's directories (overlay layers, netns bind mounts, shm)
    local m
    while read -r m; do
        umount -l "$m" 2>/dev/null || true
    done < <(awk -v a="$DATA/$name" -v b="$RUN/$name" \
        'index($2, a) == 1 || index($2, b) == 1 {print $2}' /proc/mounts | sort -r)
    rm -rf -- "${DATA:?}/$name" "${RUN:?}/$name" "$RUN/$name.sock" "$RUN/$name.pid" "$RUN/$name.launcher"
    ip link del "veth-$name" 2>/dev/null || true
    if [[ -e /var/run/netns/$name ]]; then ip netns del "$name" 2>/dev/null || true; fi
}

# ---------------------------------------------------------------- swarm
swarm_state() { ndocker "$1" info --format '{{.Swarm.LocalNodeState}}' 2>/dev/null || echo unknown; }

swarm_up() {
    local n=$1 i token state
    state=$(swarm_state 1)
    if [[ $state != active ]]; then
        say "pcnode1: docker swarm init --advertise-addr $(node_ip 1)"
        ndocker 1 swarm init --advertise-addr "$(node_ip 1)" --listen-addr "$(node_ip 1):2377" \
            --dispatcher-heartbeat "$HEARTBEAT" >/dev/null
    elif [[ $(ndocker 1 info --format '{{.Swarm.Cluster.Spec.Dispatcher.HeartbeatPeriod}}') != \
        "$(heartbeat_ns)" ]]; then
        ndocker 1 swarm update --dispatcher-heartbeat "$HEARTBEAT" >/dev/null
    fi
    token=$(ndocker 1 swarm join-token -q worker)
    local pids=()
    for ((i = 2; i <= n; i++)); do
        state=$(swarm_state "$i")
        [[ $state == active ]] && continue
        if [[ $state != inactive ]]; then ndocker "$i" swarm leave --force >/dev/null 2>&1 || true; fi
        say "$(node_name "$i"): docker swarm join $(node_ip 1):2377"
        ndocker "$i" swarm join --token "$token" --advertise-addr "$(node_ip "$i")" \
            --listen-addr "$(node_ip "$i"):2377" "$(node_ip 1):2377" >/dev/null &
        pids+=($!)
    done
    local p
    for p in "${pids[@]}"; do wait "$p" || die "a node could not join the swarm (see $LOGDIR)"; done
    # nodes removed earlier (down without `down`, a smaller N) linger as "down": drop them
    local id host
    while read -r id host state; do
        [[ -z $id ]] && continue
        local k=${host#"$NODE_PREFIX"}
        if [[ $state == down ]] || ! [[ $k =~ ^[0-9]+$ ]] || ((k > n)); then
            ndocker 1 node rm --force "$id" >/dev/null 2>&1 || true
        fi
    done < <(ndocker 1 node ls --format '{{.ID}} {{.Hostname}} {{.Status}}' | awk '{print $1, $2, tolower($3)}')
}

label_nodes() {
    local n=$1 i name zone args
    for ((i = 1; i <= n; i++)); do
        name=$(node_name "$i")
        zone=a
        ((i % 2 == 0)) && zone=b
        args=(--label-add "zone=$zone")
        if ((i == n)); then args+=(--label-add role=db); else args+=(--label-rm role); fi
        ndocker 1 node update "${args[@]}" "$name" >/dev/null 2>&1 ||
            ndocker 1 node update --label-add "zone=$zone" "$name" >/dev/null
    done
}

wait_ready() {
    local n=$1 start=$SECONDS ready
    while ((SECONDS - start < START_TIMEOUT)); do
        ready=$(ndocker 1 node ls --format '{{.Status}} {{.Availability}}' | grep -c '^Ready Active' || true)
        ((ready >= n)) && return 0
        sleep 0.5
    done
    die "only $ready of $n nodes are Ready after ${START_TIMEOUT}s"
}

# ---------------------------------------------------------------- commands
cmd_up() {
    local n=$1 i start=$SECONDS
    [[ $n =~ ^[1-9]$ ]] || die "N must be 1..$MAX_NODES"
    [[ $(id -u) == 0 ]] || die "needs root (network namespaces, a bridge, dockerd)"
    local t
    for t in ip nsenter unshare dockerd docker setsid; do
        command -v "$t" >/dev/null || die "$t not found"
    done
    docker version >/dev/null 2>&1 || die "the default engine does not answer (images are copied from it)"
    mkdir -p "$RUN" "$DATA" "$LOGDIR"
    # nodes beyond N from an earlier, larger cluster
    for i in $(existing_nodes); do
        if ((i > n)); then
            say "removing $(node_name "$i") (beyond N=$n)"
            ndocker "$i" swarm leave --force >/dev/null 2>&1 || true
            node_stop "$i"
        fi
    done
    host_network_up
    for ((i = 1; i <= n; i++)); do
        node_network_up "$i"
        if [[ -z $(node_pid "$i") ]]; then
            say "starting dockerd $(node_name "$i") at $(node_ip "$i") (unix://$(node_sock "$i"))"
            node_start "$i"
        fi
    done
    local pids=()
    for ((i = 1; i <= n; i++)); do
        ( node_wait "$i" && node_images "$i" ) &
        pids+=($!)
    done
    for t in "${pids[@]}"; do wait "$t" || die "a node did not start"; done
    swarm_up "$n"
    label_nodes "$n"
    wait_ready "$n"
    if ! ipvs_available; then
        warn "this kernel has no IPVS (ip_vs): service virtual IPs (endpoint_mode: vip) and the ingress" \
            "routing mesh do not route here; use endpoint_mode: dnsrr and ports with mode: host"
    fi
    say "swarm of $n node(s) ready in $((SECONDS - start))s; manager: DOCKER_HOST=unix://$(node_sock 1)"
}

cmd_down() {
    [[ $(id -u) == 0 ]] || die "needs root"
    local i
    for i in $(existing_nodes); do
        say "stopping $(node_name "$i")"
        node_stop "$i" &
    done
    wait
    host_network_down
    rm -rf -- "${DATA:?}" "${RUN:?}"
    say "down: nodes, namespaces, bridge $BRIDGE, data and the iptables rule removed"
}

cmd_status() {
    local i any="" pid state
    for i in $(existing_nodes); do
        any=1
        pid=$(node_pid "$i")
        state=$(swarm_state "$i")
        printf '%-8s %-12s pid %-8s swarm %-9s unix://%s\n' "$(node_name "$i")" "$(node_ip "$i")" \
            "${pid:--}" "$state" "$(node_sock "$i")"
    done
    if [[ -z $any ]]; then
        echo "no nodes (scripts/swarm-cluster.sh up 3 starts three)"
        return 1
    fi
    if engine_up 1; then
        ndocker 1 node ls --format 'table {{.Hostname}}\t{{.Status}}\t{{.Availability}}\t{{.ManagerStatus}}'
        ipvs_available || echo "no IPVS: use endpoint_mode: dnsrr and host-mode ports"
    fi
}

cmd_link() { # $1: up|down, $2: node index: cut or restore a node's network, as if the host was lost
    local state=$1 i=${2:-}
    [[ $i =~ ^[0-9]+$ ]] || die "usage: $0 node-$state K"
    ip link show "veth-$(node_name "$i")" >/dev/null 2>&1 || die "no node $(node_name "$i")"
    ip link set "veth-$(node_name "$i")" "$state"
    say "$(node_name "$i"): network $state"
}

cmd_engine() { # $1: stop|start, $2: node index: stop or start a node's dockerd, keeping its data
    local action=$1 i=${2:-} pid k
    [[ $i =~ ^[0-9]+$ ]] || die "usage: $0 engine-$action K"
    [[ -e /var/run/netns/$(node_name "$i") ]] || die "no node $(node_name "$i")"
    if [[ $action == stop ]]; then
        pid=$(node_pid "$i")
        [[ -n $pid ]] || { say "$(node_name "$i"): engine already stopped"; return 0; }
        kill -TERM "$pid"
        for ((k = 0; k < 300; k++)); do pid_alive "$pid" || break; sleep 0.1; done
        pid_alive "$pid" && die "dockerd of $(node_name "$i") still runs 30 s after SIGTERM (pid $pid)"
        say "$(node_name "$i"): engine stopped"
    else
        node_start "$i"
        node_wait "$i"
        say "$(node_name "$i"): engine started"
    fi
}

# one `up`/`down` at a time on this machine (fd 9; the daemons started are not given it)
serialize() {
    [[ $(id -u) == 0 ]] || return 0
    mkdir -p /run/lock
    exec 9>/run/lock/pycompose-swarm-cluster.lock
    command -v flock >/dev/null && { flock -w 120 9 || die "another swarm-cluster.sh holds the lock"; }
    return 0
}

case ${1:-help} in
up | down) serialize ;;
esac

case ${1:-help} in
up) cmd_up "${2:-3}" ;;
node-down) cmd_link down "${2:-}" ;;
node-up) cmd_link up "${2:-}" ;;
engine-stop) cmd_engine stop "${2:-}" ;;
engine-start) cmd_engine start "${2:-}" ;;
down) cmd_down ;;
status) cmd_status ;;
env) echo "export DOCKER_HOST=unix://$(node_sock 1)" ;;
-h | --help | help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//' ;;
*) die "unknown command: $1 (expected up [N], down, status, env, node-down K, node-up K, engine-stop K, engine-start K)" ;;
esac
