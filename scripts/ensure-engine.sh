#!/usr/bin/env bash
# ensure-engine.sh - make a real Docker Engine answer on this machine.
#
# Usage: scripts/ensure-engine.sh [--check | --stop | --help]
#
#   (no flag)  Make sure `docker info` answers and that the image busybox:1.36
#              exists and runs. Idempotent: when all is already in place it
#              changes nothing and only prints the final "engine ready" line.
#   --check    Change nothing; exit 0 if the engine answers and can run the
#              test image, 1 otherwise.
#   --stop     Stop the dockerd that this script started (found through its
#              pidfile). Never touches a daemon it did not start.
#
# What it does when no engine answers (root on Debian only):
#   1. installs docker.io, busybox-static and docker-registry with apt when
#      missing (`apt-get update` only then). docker-registry is installed for
#      the push tests, which start their own registry; this script starts none.
#   2. starts dockerd in the background (log: $PYCOMPOSE_DOCKERD_LOG, pidfile:
#      $PYCOMPOSE_DOCKERD_PIDFILE) and waits until `docker info` answers.
#      It tries dockerd's defaults first; when the daemon dies or cannot run a
#      container because of iptables it retries with iptables-legacy, then
#      with --iptables=false; because of the storage driver, with
#      fuse-overlayfs, then vfs. PYCOMPOSE_DOCKERD_FLAGS, when set, is used
#      as the only set of flags instead.
#   3. creates busybox:1.36 when absent (no registry can be reached here):
#      Debian's static /bin/busybox plus a symlink per applet, imported with
#      `docker import`.
#   4. runs `docker run --rm busybox:1.36 true` as the final proof.
#
# Every action prints one line; the last line is
#   engine ready: Docker Engine <version> (API <api>, storage <driver>)
# On failure it exits 1 and its last line is "ensure-engine: error: ...".
set -euo pipefail

prog=ensure-engine
IMAGE=busybox:1.36
LOG=${PYCOMPOSE_DOCKERD_LOG:-/var/log/pycompose-dockerd.log}
PIDFILE=${PYCOMPOSE_DOCKERD_PIDFILE:-/run/pycompose-dockerd.pid}
APT_LOG=${PYCOMPOSE_APT_LOG:-/var/log/pycompose-apt.log}
START_TIMEOUT=${PYCOMPOSE_DOCKERD_TIMEOUT:-60}
PACKAGES=(docker.io busybox-static docker-registry)
BUSYBOX=/bin/busybox

say() { printf '%s: %s\n' "$prog" "$*"; }
die() { printf '%s: error: %s\n' "$prog" "$*" >&2; exit 1; }

# ---------------------------------------------------------------- cleanup
tmpdir=""
policy_rc_created=""
cleanup() {
    if [[ -n $tmpdir ]]; then rm -rf -- "$tmpdir"; fi
    if [[ -n $policy_rc_created ]]; then rm -f -- /usr/sbin/policy-rc.d; fi
}
trap cleanup EXIT

# ---------------------------------------------------------------- helpers
engine_up() { timeout 15 docker info >/dev/null 2>&1; }

pid_alive() { [[ -n ${1:-} ]] && kill -0 "$1" 2>/dev/null; }

# The pid of the dockerd this script started, or nothing: the pidfile must
# name a live dockerd whose command line carries this very pidfile.
our_pid() {
    local pid
    [[ -r $PIDFILE ]] || return 0
    pid=$(tr -dc '0-9' <"$PIDFILE")
    if pid_alive "$pid" && [[ $(cat "/proc/$pid/comm" 2>/dev/null) == dockerd ]] &&
        tr '\0' '\n' <"/proc/$pid/cmdline" 2>/dev/null | grep -qxF -- "$PIDFILE"; then
        echo "$pid"
    fi
}

# Pids of running dockerd processes that are not ours.
foreign_dockerds() {
    local mine comm f pid
    mine=$(our_pid)
    for f in /proc/[0-9]*/comm; do
        comm=$(cat "$f" 2>/dev/null) || continue
        [[ $comm == dockerd ]] || continue
        pid=${f#/proc/}; pid=${pid%/comm}
        [[ $pid == "$mine" ]] || echo "$pid"
    done
}

log_tail() {
    if [[ -r $LOG ]]; then
        echo "---- last lines of $LOG ----" >&2
        grep -vE 'level=(info|debug)' "$LOG" | tail -n 25 >&2
        echo "----" >&2
    fi
}

# ---------------------------------------------------------------- packages
install_packages() {
    local missing=() p
    for p in "${PACKAGES[@]}" "$@"; do
        dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' ||
            missing+=("$p")
    done
    ((${#missing[@]})) || return 0
    command -v apt-get >/dev/null || die "no Docker engine answers and there is no apt-get to install one"
    say "installing ${missing[*]} (apt, log: $APT_LOG)"
    # Keep the packages' init scripts from starting their daemons (docker,
    # docker-registry): the daemon this script runs is started below.
    if [[ ! -e /usr/sbin/policy-rc.d ]]; then
        printf '#!/bin/sh\nexit 101\n' >/usr/sbin/policy-rc.d
        chmod 755 /usr/sbin/policy-rc.d
        policy_rc_created=1
    fi
    if ! apt-get update >>"$APT_LOG" 2>&1; then
        tail -n 10 "$APT_LOG" >&2
        die "apt-get update failed; see $APT_LOG"
    fi
    if ! DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
        -o Dpkg::Options::=--force-confdef -o Dpkg::Options::=--force-confold \
        "${missing[@]}" >>"$APT_LOG" 2>&1; then
        tail -n 10 "$APT_LOG" >&2
        die "apt-get install ${missing[*]} failed; see $APT_LOG"
    fi
    if [[ -n $policy_rc_created ]]; then rm -f /usr/sbin/policy-rc.d; policy_rc_created=""; fi
    hash -r
}

# ---------------------------------------------------------------- daemon
started_pid=""   # pid of the dockerd started by this run
log_offset=0     # size of $LOG before that start

start_dockerd() { # $1: PATH prefix ("" for none), rest: dockerd flags
    local prefix=$1
    shift
    command -v dockerd >/dev/null || die "dockerd not found after installing docker.io"
    mkdir -p "$(dirname "$LOG")" "$(dirname "$PIDFILE")"
    rm -f -- "$PIDFILE"
    log_offset=$(stat -c %s "$LOG" 2>/dev/null || echo 0)
    printf '==== %s: %s: dockerd %s\n' "$(date -Is)" "$prog" "$*" >>"$LOG"
    say "starting dockerd${*:+ $*}${prefix:+ with iptables-legacy} (log: $LOG)"
    # setsid: own session, so the caller's terminal or test runner can end
    # without taking the daemon along; no inherited stdio either, so a caller
    # that captures our output is not kept waiting by the daemon.
    PATH="$prefix$PATH" setsid dockerd --pidfile "$PIDFILE" "$@" </dev/null >>"$LOG" 2>&1 &
    started_pid=$!
}

# Wait until `docker info` answers; fail early when $1 (a pid) dies.
wait_engine() {
    local pid=$1 start=$SECONDS
    while ((SECONDS - start < START_TIMEOUT)); do
        if engine_up; then
            say "dockerd answered after $((SECONDS - start))s"
            return 0
        fi
        if [[ -n $pid ]] && ! pid_alive "$pid"; then
            last_error="dockerd exited: $(tail -c +"$((log_offset + 1))" "$LOG" 2>/dev/null |
                grep -E '^failed to start daemon|level=(fatal|error)' | tail -n 1 | cut -c 1-300)"
            return 1
        fi
        sleep 0.5
    done
    last_error="dockerd did not answer within ${START_TIMEOUT}s"
    return 1
}

stop_pid() { # stop one dockerd (ours) and the children it leaves behind
    local pid=$1 kids i
    pid_alive "$pid" || return 0
    kids=$(ps -o pid= --ppid "$pid" 2>/dev/null || true)
    kill -TERM "$pid" 2>/dev/null || true
    for ((i = 0; i < 60; i++)); do
        pid_alive "$pid" || break
        sleep 0.5
    done
    if pid_alive "$pid"; then
        kill -KILL "$pid" 2>/dev/null || true
        for i in $kids; do kill -KILL "$i" 2>/dev/null || true; done
    fi
    # dockerd may still be reaped by setsid's parent; give it a moment.
    for ((i = 0; i < 10; i++)); do pid_alive "$pid" || break; sleep 0.2; done
    rm -f -- "$PIDFILE"
}

# Log text written since our last start, plus the last command's error.
recent_errors() {
    { tail -c +"$((log_offset + 1))" "$LOG" 2>/dev/null | grep -iE 'level=(error|fatal)|failed|error' || true; } | tail -n 40
    printf '%s\n' "${last_error:-}"
}

# ---------------------------------------------------------------- image
ensure_image() {
    docker image inspect "$IMAGE" >/dev/null 2>&1 && return 0
    [[ -x $BUSYBOX ]] || { last_error="$BUSYBOX missing (package busybox-static)"; return 1; }
    if ldd "$BUSYBOX" 2>/dev/null | grep -q '=>'; then
        last_error="$BUSYBOX is dynamically linked; install busybox-static"
        return 1
    fi
    say "creating image $IMAGE from Debian's busybox-static (no registry reachable)"
    tmpdir=$(mktemp -d)
    local root=$tmpdir/root applet
    # The real image's layout: every applet in /bin, an empty /usr/sbin.
    mkdir -p "$root"/{bin,dev,etc,home,proc,root,sys,tmp,usr/sbin,var/spool/mail,var/www}
    cp "$BUSYBOX" "$root/bin/busybox"
    for applet in $("$BUSYBOX" --list); do
        [[ $applet == busybox || -e $root/bin/$applet ]] || ln -s busybox "$root/bin/$applet"
    done
    cat >"$root/etc/passwd" <<'EOF'
root:x:0:0:root:/root:/bin/sh
daemon:x:1:1:daemon:/usr/sbin:/bin/false
bin:x:2:2:bin:/bin:/bin/false
sys:x:3:3:sys:/dev:/bin/false
www-data:x:33:33:www-data:/var/www:/bin/false
nobody:x:65534:65534:nobody:/home:/bin/false
EOF
    cat >"$root/etc/group" <<'EOF'
root:x:0:
daemon:x:1:
bin:x:2:
sys:x:3:
www-data:x:33:
nogroup:x:65534:
nobody:x:65534:
EOF
    chmod 1777 "$root/tmp"
    chmod 700 "$root/root"
    # Same CMD and PATH as the real busybox image.
    if ! last_error=$(tar --numeric-owner --owner=0 --group=0 -C "$root" -c . |
        docker import -m "pycompose stand-in: Debian busybox-static $("$BUSYBOX" | head -n 1 | awk '{print $2}')" \
            -c 'CMD ["sh"]' \
            -c 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
            - "$IMAGE" 2>&1 >/dev/null); then
        return 1
    fi
    rm -rf -- "$tmpdir"
    tmpdir=""
}

run_check() {
    last_error=$(timeout 60 docker run --rm "$IMAGE" true 2>&1) && return 0
    last_error="docker run --rm $IMAGE true failed: ${last_error:-timeout}"
    return 1
}

# ---------------------------------------------------------------- start, with fallbacks
iptables_modes=(default legacy off)
storage_modes=(default fuse-overlayfs vfs)

start_engine() {
    local ipt=0 sto=0 _ prefix errors
    local -a flags
    for _ in 1 2 3 4 5 6; do
        prefix="" flags=()
        if [[ -n ${PYCOMPOSE_DOCKERD_FLAGS:-} ]]; then
            read -r -a flags <<<"$PYCOMPOSE_DOCKERD_FLAGS"
        else
            case ${iptables_modes[ipt]} in
            legacy) # dockerd runs `iptables` from PATH: point it at the legacy backend
                mkdir -p /run/pycompose-iptables-legacy
                ln -sf "$(command -v iptables-legacy)" /run/pycompose-iptables-legacy/iptables
                ln -sf "$(command -v ip6tables-legacy)" /run/pycompose-iptables-legacy/ip6tables
                prefix=/run/pycompose-iptables-legacy: ;;
            off) flags+=(--iptables=false) ;;
            esac
            case ${storage_modes[sto]} in
            fuse-overlayfs) flags+=(--storage-driver=fuse-overlayfs) ;;
            vfs) flags+=(--storage-driver=vfs) ;;
            esac
        fi
        last_error=""
        start_dockerd "$prefix" "${flags[@]}"
        if wait_engine "$started_pid" && ensure_image && run_check; then
            verified=1
            return 0
        fi
        errors=$(recent_errors)
        if [[ -n ${PYCOMPOSE_DOCKERD_FLAGS:-} ]]; then
            break
        elif grep -qiE 'iptables|ip6tables|xtables|nf_tables|nat chain|DOCKER-ISOLATION|firewall' <<<"$errors" &&
            ((ipt < ${#iptables_modes[@]} - 1)); then
            ipt=$((ipt + 1))
            if [[ ${iptables_modes[ipt]} == legacy ]] && ! command -v iptables-legacy >/dev/null; then
                ipt=$((ipt + 1))
            fi
            say "dockerd failed on iptables; retrying with iptables mode '${iptables_modes[ipt]}'"
        elif grep -qiE 'overlay|graphdriver|storage.driver|driver not supported|invalid argument.*mount|mount.*invalid argument|whiteout|d_type' <<<"$errors" &&
            ((sto < ${#storage_modes[@]} - 1)); then
            sto=$((sto + 1))
            if [[ ${storage_modes[sto]} == fuse-overlayfs ]]; then
                if [[ -c /dev/fuse ]]; then
                    install_packages fuse-overlayfs
                else
                    sto=$((sto + 1))
                fi
            fi
            say "dockerd failed on its storage driver; retrying with '${storage_modes[sto]}'"
        else
            break
        fi
        stop_pid "$started_pid"
        # the image was made for the old storage driver; the new daemon has none
    done
    log_tail
    if pid_alive "$started_pid"; then stop_pid "$started_pid"; fi
    die "no working Docker engine: $(tail -n 1 <<<"${last_error:-see $LOG}")"
}

# ---------------------------------------------------------------- main
ready_line() {
    local v
    v=$(docker version --format 'Docker Engine {{.Server.Version}} (API {{.Server.APIVersion}}' 2>/dev/null) ||
        v="Docker Engine ? (API ?"
    printf 'engine ready: %s, storage %s)\n' "$v" "$(docker info --format '{{.Driver}}' 2>/dev/null || echo '?')"
}

mode=ensure
case ${1:-} in
"") ;;
--check) mode=check ;;
--stop) mode=stop ;;
-h | --help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
*) die "unknown argument: $1 (expected --check, --stop or --help)" ;;
esac
(($# <= 1)) || die "too many arguments"

last_error=""
verified=""

case $mode in
stop)
    pid=$(our_pid)
    if [[ -z $pid ]]; then
        say "no dockerd started by this script is running"
    else
        say "stopping dockerd (pid $pid)"
        stop_pid "$pid"
    fi
    exit 0
    ;;
check)
    command -v docker >/dev/null || die "no docker client on PATH"
    engine_up || die "no Docker engine answers"
    docker image inspect "$IMAGE" >/dev/null 2>&1 || die "image $IMAGE is missing"
    run_check || die "$last_error"
    ready_line
    exit 0
    ;;
esac

if command -v docker >/dev/null && engine_up; then
    : # an engine answers: leave the daemon alone, whoever started it
else
    if [[ -n ${DOCKER_HOST:-} && $DOCKER_HOST != unix:///var/run/docker.sock ]]; then
        die "DOCKER_HOST=$DOCKER_HOST does not answer; not starting a local engine"
    fi
    [[ $(id -u) == 0 ]] || die "no Docker engine answers, and starting one needs root"
    install_packages
    mine=$(our_pid)
    others=$(foreign_dockerds | tr '\n' ' ')
    if [[ -n $mine ]]; then
        say "waiting for the dockerd this script started earlier (pid $mine)"
        wait_engine "$mine" || { log_tail; die "our dockerd (pid $mine) does not answer: $last_error; try $0 --stop"; }
    elif [[ -n ${others// /} ]]; then
        say "waiting for a dockerd not started by this script (pid ${others% })"
        wait_engine "" || die "a dockerd not started by this script (pid ${others% }) runs but does not answer; not touching it"
    else
        start_engine
    fi
fi

if [[ -z $verified ]]; then
    ensure_image || die "cannot create image $IMAGE: $last_error"
    run_check || die "$last_error"
fi
ready_line
