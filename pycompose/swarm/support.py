"""Which Compose keys the Swarm backend honours, and which ones Swarm ignores, as one table.

``pycompose stack check`` prints it for a file; ``translate`` warns once per ignored key in use. The
wording of each note says what to do instead, as a warning should.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

HONOURED = "honoured"
IGNORED = "ignored"
PARTLY = "partly"
LOADER = "loader"  # resolved before translation (env_file, extends, profiles...)

#: service key -> (status, where it goes in the Swarm service spec or why it is ignored)
SERVICE_KEYS: Mapping[str, tuple[str, str]] = MappingProxyType(
    {
        "image": (HONOURED, "ContainerSpec.Image (and label com.docker.stack.image)"),
        "command": (HONOURED, "ContainerSpec.Args"),
        "entrypoint": (HONOURED, "ContainerSpec.Command"),
        "environment": (HONOURED, "ContainerSpec.Env"),
        "env_file": (LOADER, "merged into environment by the loader"),
        "labels": (HONOURED, "ContainerSpec.Labels (deploy.labels go on the service)"),
        "label_file": (LOADER, "merged into labels by the loader"),
        "hostname": (HONOURED, "ContainerSpec.Hostname (Go templates such as {{.Task.Slot}} allowed)"),
        "user": (HONOURED, "ContainerSpec.User"),
        "group_add": (HONOURED, "ContainerSpec.Groups"),
        "working_dir": (HONOURED, "ContainerSpec.Dir"),
        "stop_grace_period": (HONOURED, "ContainerSpec.StopGracePeriod"),
        "stop_signal": (HONOURED, "ContainerSpec.StopSignal"),
        "tty": (HONOURED, "ContainerSpec.TTY"),
        "stdin_open": (HONOURED, "ContainerSpec.OpenStdin"),
        "read_only": (HONOURED, "ContainerSpec.ReadOnly"),
        "init": (HONOURED, "ContainerSpec.Init"),
        "extra_hosts": (HONOURED, "ContainerSpec.Hosts"),
        "dns": (HONOURED, "ContainerSpec.DNSConfig.Nameservers"),
        "dns_search": (HONOURED, "ContainerSpec.DNSConfig.Search"),
        "dns_opt": (HONOURED, "ContainerSpec.DNSConfig.Options"),
        "healthcheck": (HONOURED, "ContainerSpec.Healthcheck (start_interval needs API 1.44)"),
        "sysctls": (HONOURED, "ContainerSpec.Sysctls"),
        "cap_add": (HONOURED, "ContainerSpec.CapabilityAdd"),
        "cap_drop": (HONOURED, "ContainerSpec.CapabilityDrop"),
        "ulimits": (HONOURED, "ContainerSpec.Ulimits"),
        "isolation": (HONOURED, "ContainerSpec.Isolation"),
        "logging": (HONOURED, "TaskTemplate.LogDriver"),
        "secrets": (HONOURED, "Swarm secrets <stack>_<key>-<content hash>, mounted as files"),
        "configs": (HONOURED, "Swarm configs <stack>_<key>-<content hash>, mounted as files"),
        "volumes": (
            PARTLY,
            "mounts: named volumes are created on each node that runs a task; bind paths "
            "must exist on every node",
        ),
        "tmpfs": (HONOURED, "tmpfs mounts"),
        "networks": (
            PARTLY,
            "overlay networks with aliases; ipv4_address, ipv6_address, priority, "
            "mac_address and link_local_ips are ignored",
        ),
        "ports": (PARTLY, "EndpointSpec.Ports, mode ingress (routing mesh) or host; host_ip is ignored"),
        "deploy": (
            HONOURED,
            "mode, replicas, placement, resources, restart_policy, update_config, "
            "rollback_config, endpoint_mode, labels",
        ),
        "restart": (PARTLY, "TaskTemplate.RestartPolicy when deploy.restart_policy is not set"),
        "scale": (PARTLY, "the replica count when deploy.replicas is not set"),
        "build": (IGNORED, "Swarm only runs images: build and push the image, then deploy"),
        "depends_on": (
            IGNORED,
            "Swarm starts services independently: let them retry (restart_policy, healthcheck)",
        ),
        "container_name": (IGNORED, "task containers are named <stack>_<service>.<slot>.<task id>"),
        "links": (IGNORED, "service names resolve on the shared overlay networks"),
        "external_links": (IGNORED, "use an external overlay network"),
        "network_mode": (IGNORED, "services attach to overlay networks"),
        "privileged": (IGNORED, "Swarm services cannot be privileged"),
        "devices": (IGNORED, "Swarm services cannot map host devices"),
        "device_cgroup_rules": (IGNORED, "not available to Swarm services"),
        "pid": (IGNORED, "not available to Swarm services"),
        "ipc": (IGNORED, "not available to Swarm services"),
        "uts": (IGNORED, "not available to Swarm services"),
        "userns_mode": (IGNORED, "not available to Swarm services"),
        "cgroup": (IGNORED, "not available to Swarm services"),
        "cgroup_parent": (IGNORED, "not available to Swarm services"),
        "cgroupns_mode": (IGNORED, "not available to Swarm services"),
        "security_opt": (IGNORED, "not available to Swarm services"),
        "shm_size": (IGNORED, "use a tmpfs mount on /dev/shm"),
        "mac_address": (IGNORED, "not available to Swarm services"),
        "domainname": (IGNORED, "not available to Swarm services"),
        "cpus": (IGNORED, "use deploy.resources.limits.cpus"),
        "cpu_shares": (IGNORED, "use deploy.resources"),
        "cpu_quota": (IGNORED, "use deploy.resources.limits.cpus"),
        "cpu_period": (IGNORED, "use deploy.resources.limits.cpus"),
        "cpu_count": (IGNORED, "use deploy.resources"),
        "cpu_percent": (IGNORED, "use deploy.resources"),
        "cpu_rt_period": (IGNORED, "not available to Swarm services"),
        "cpu_rt_runtime": (IGNORED, "not available to Swarm services"),
        "cpuset": (IGNORED, "not available to Swarm services"),
        "mem_limit": (IGNORED, "use deploy.resources.limits.memory"),
        "mem_reservation": (IGNORED, "use deploy.resources.reservations.memory"),
        "memswap_limit": (IGNORED, "not available to Swarm services"),
        "mem_swappiness": (IGNORED, "not available to Swarm services"),
        "oom_kill_disable": (IGNORED, "not available to Swarm services"),
        "oom_score_adj": (IGNORED, "needs Engine API 1.46"),
        "pids_limit": (IGNORED, "use deploy.resources.limits.pids"),
        "blkio_config": (IGNORED, "not available to Swarm services"),
        "volumes_from": (IGNORED, "use named volumes"),
        "pull_policy": (IGNORED, "each node pulls the image when it starts a task"),
        "platform": (IGNORED, "use placement constraints on node.platform.os / node.platform.arch"),
        "runtime": (IGNORED, "not available to Swarm services"),
        "storage_opt": (IGNORED, "not available to Swarm services"),
        "gpus": (IGNORED, "use deploy.resources.reservations.generic_resources"),
        "expose": (IGNORED, "no effect: the overlay network reaches every port of a task"),
        "credential_spec": (IGNORED, "Windows only"),
        "annotations": (IGNORED, "not available to Swarm services"),
        "attach": (IGNORED, "stack deploy never attaches"),
        "develop": (IGNORED, "for `watch` only"),
        "post_start": (IGNORED, "lifecycle hooks are not available to Swarm services"),
        "pre_stop": (IGNORED, "lifecycle hooks are not available to Swarm services"),
        "use_api_socket": (IGNORED, "not available to Swarm services"),
        "volumes_driver": (IGNORED, "set the driver on the top-level volume"),
        "profiles": (LOADER, "services outside the active profiles are not deployed"),
        "extends": (LOADER, "resolved by the loader"),
        "models": (IGNORED, "not available to Swarm services"),
        "provider": (IGNORED, "not available to Swarm services"),
        "stop_timeout": (IGNORED, "use stop_grace_period"),
    }
)

#: deploy sub-keys and the honoured ones' places
DEPLOY_KEYS: Mapping[str, tuple[str, str]] = MappingProxyType(
    {
        "mode": (HONOURED, "Mode: replicated, global, replicated-job, global-job"),
        "replicas": (HONOURED, "Mode.Replicated.Replicas"),
        "labels": (HONOURED, "service labels"),
        "placement": (HONOURED, "Placement: constraints, preferences (spread), max_replicas_per_node"),
        "resources": (
            PARTLY,
            "limits (cpus, memory, pids), reservations (cpus, memory, generic_resources); "
            "reservations.devices is ignored",
        ),
        "restart_policy": (HONOURED, "TaskTemplate.RestartPolicy"),
        "update_config": (HONOURED, "UpdateConfig"),
        "rollback_config": (HONOURED, "RollbackConfig"),
        "endpoint_mode": (HONOURED, "EndpointSpec.Mode: vip or dnsrr"),
    }
)


def key_status(key: str) -> tuple[str, str]:
    return SERVICE_KEYS.get(key, (IGNORED, "not translated for Swarm"))
