"""Plan a stack: the create / update / remove steps that make the swarm match the file. Pure.

``plan_deploy(stack_spec, state, options)`` compares what ``translate`` asks for with what ``observe``
saw and returns a ``Plan`` (the same ``Step``/``Plan`` objects as the single-host planner, so ``plan``,
``--dry-run`` and the JSON output read the same):

- networks, secrets and configs first (a service refers to them), each only when missing;
- a service is created when missing, updated when the hash of its spec (the ``spec-hash`` label) or
  its replica count differs — the reason names what differs ("image busybox:1.35 -> busybox:1.36",
  "environment MODE added", "scale 2 -> 4", "secret token rotated"), and left alone otherwise;
- services of the stack that the file no longer has are removed with ``--prune`` (``docker stack
  deploy --prune``), shown as skipped without it; the same for its networks;
- versions of secrets and configs that nothing refers to any more are removed after the services
  moved off them. A version the update's ``PreviousSpec`` still needs (``docker service rollback``,
  ``failure_action: rollback``) is kept until the next change.

``plan_rm(state)`` removes everything of the stack: services, then networks, secrets and configs.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any

from pycompose.engine.base import NetworkSpec
from pycompose.errors import UsageError
from pycompose.planner.plan import Plan, Step, topological
from pycompose.swarm import labels as SL
from pycompose.swarm.state import ObservedService, SwarmState
from pycompose.swarm.translate import FileObject, ServiceDef, StackSpec, thaw

_MAX_REASONS = 4


@dataclass(frozen=True)
class DeployOptions:
    prune: bool = False  # remove services (and networks) of the stack that the file no longer has
    force: bool = False  # update every service, even unchanged ones (ForceUpdate: restarts tasks)


# ------------------------------------------------------------------------------------------ reasons


def _get(spec: Mapping[str, Any] | None, *path: str) -> Any:
    value: Any = spec or {}
    for key in path:
        if not isinstance(value, Mapping):
            return None
        value = value.get(key)
    return value


def _empty(value: Any) -> bool:
    return value in (None, "", 0, False) or (isinstance(value, (Mapping, list, tuple)) and not value)


def _same(desired: Any, observed: Any) -> bool:
    """Equal where the desired side says something: keys only the daemon filled in (defaults such as
    ``RollbackConfig.FailureAction: pause``) do not count, empty equals missing."""
    if _empty(desired) and _empty(observed):
        return True
    if isinstance(desired, Mapping) and isinstance(observed, Mapping):
        return all(_same(v, observed.get(k)) for k, v in desired.items())
    if isinstance(desired, (list, tuple)) and isinstance(observed, (list, tuple)):
        return len(desired) == len(observed) and all(
            _same(a, b) for a, b in zip(desired, observed, strict=True)
        )
    return bool(desired == observed)


def _short(value: Any, limit: int = 40) -> str:
    if isinstance(value, (list, tuple)):
        value = " ".join(str(v) for v in value)
    text = str(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _env_map(env: Sequence[str] | None) -> dict[str, str | None]:
    out: dict[str, str | None] = {}
    for item in env or ():
        key, sep, value = item.partition("=")
        out[key] = value if sep else None
    return out


def _strip_digest(image: str | None) -> str | None:
    return image.split("@", 1)[0] if image else image


_CONTAINER_FIELDS = {
    "Args": "command",
    "Command": "entrypoint",
    "Hostname": "hostname",
    "Dir": "working_dir",
    "User": "user",
    "Groups": "group_add",
    "Mounts": "volumes",
    "StopGracePeriod": "stop_grace_period",
    "StopSignal": "stop_signal",
    "TTY": "tty",
    "OpenStdin": "stdin_open",
    "ReadOnly": "read_only",
    "Init": "init",
    "Hosts": "extra_hosts",
    "DNSConfig": "dns",
    "Healthcheck": "healthcheck",
    "Sysctls": "sysctls",
    "CapabilityAdd": "cap_add",
    "CapabilityDrop": "cap_drop",
    "Ulimits": "ulimits",
}
_TASK_FIELDS = {
    "Resources": "deploy.resources",
    "RestartPolicy": "deploy.restart_policy",
    "Placement": "deploy.placement",
    "LogDriver": "logging",
}
_SERVICE_FIELDS = {"UpdateConfig": "deploy.update_config", "RollbackConfig": "deploy.rollback_config"}


def _refs_by_key(refs: Sequence[Mapping[str, Any]] | None, field: str) -> dict[str, tuple[str, Any]]:
    """target file -> (object name, file options) of secret or config references."""
    out = {}
    for ref in refs or ():
        file = dict(ref.get("File") or {})
        out[str(file.get("Name", ""))] = (ref.get(field, ""), file)
    return out


def _object_changes(kind: str, desired: Any, observed: Any, field: str) -> list[str]:
    want, have = _refs_by_key(desired, field), _refs_by_key(observed, field)
    out = []
    for target in sorted(set(want) | set(have)):
        if target not in have:
            out.append(f"{kind} {target} added")
        elif target not in want:
            out.append(f"{kind} {target} removed")
        elif want[target][0] != have[target][0]:
            out.append(f"{kind} {target} rotated ({have[target][0]} -> {want[target][0]})")
        elif not _same(want[target][1], have[target][1]):
            out.append(f"{kind} {target} file options changed")
    return out


def describe_changes(
    desired: Mapping[str, Any], observed: Mapping[str, Any], network_names: Mapping[str, str]
) -> list[str]:
    """What of the desired ``ServiceSpec`` differs from the observed one, named as in the compose file."""
    reasons: list[str] = []
    want_c = _get(desired, "TaskTemplate", "ContainerSpec") or {}
    have_c = _get(observed, "TaskTemplate", "ContainerSpec") or {}
    want_image, have_image = want_c.get("Image"), _strip_digest(have_c.get("Image"))
    if want_image != have_image:
        reasons.append(f"image {have_image} -> {want_image}")
    before, after = _env_map(have_c.get("Env")), _env_map(want_c.get("Env"))
    for key in sorted(set(before) | set(after)):
        if key not in before:
            reasons.append(f"environment {key} added")
        elif key not in after:
            reasons.append(f"environment {key} removed")
        elif before[key] != after[key]:
            reasons.append(f"environment {key}: {_short(before[key] or '')} -> {_short(after[key] or '')}")
    for key, words in _CONTAINER_FIELDS.items():
        if not _same(want_c.get(key), have_c.get(key)):
            reasons.append(f"{words} changed")
    reasons += _object_changes("secret", want_c.get("Secrets"), have_c.get("Secrets"), "SecretName")
    reasons += _object_changes("config", want_c.get("Configs"), have_c.get("Configs"), "ConfigName")
    if not _same(want_c.get("Labels"), have_c.get("Labels")) or set(want_c.get("Labels") or {}) != set(
        have_c.get("Labels") or {}
    ):
        reasons.append("labels changed")
    want_t, have_t = desired.get("TaskTemplate") or {}, observed.get("TaskTemplate") or {}
    for key, words in _TASK_FIELDS.items():
        if not _same(want_t.get(key), have_t.get(key)):
            reasons.append(f"{words} changed")
    want_nets = {n["Target"]: sorted(n.get("Aliases") or ()) for n in want_t.get("Networks") or ()}
    have_nets = {
        network_names.get(n.get("Target", ""), n.get("Target", "")): sorted(n.get("Aliases") or ())
        for n in (have_t.get("Networks") or observed.get("Networks") or ())
    }
    if set(want_nets) != set(have_nets):
        change = [f"+{n}" for n in sorted(set(want_nets) - set(have_nets))]
        change += [f"-{n}" for n in sorted(set(have_nets) - set(want_nets))]
        reasons.append("networks " + " ".join(change))
    elif want_nets != have_nets:
        reasons.append("network aliases changed")
    want_mode, have_mode = desired.get("Mode") or {}, observed.get("Mode") or {}
    if set(want_mode) != set(have_mode):
        reasons.append(f"deploy.mode {'/'.join(have_mode) or '?'} -> {'/'.join(want_mode)}".lower())
    want_e, have_e = desired.get("EndpointSpec") or {}, observed.get("EndpointSpec") or {}
    if (want_e.get("Mode") or "vip") != (have_e.get("Mode") or "vip"):
        reasons.append(f"deploy.endpoint_mode {have_e.get('Mode') or 'vip'} -> {want_e.get('Mode')}")
    if not _same(want_e.get("Ports"), have_e.get("Ports")):
        reasons.append("ports changed")
    for key, words in _SERVICE_FIELDS.items():
        if not _same(desired.get(key), observed.get(key)):
            reasons.append(f"{words} changed")

    def user_labels(spec: Mapping[str, Any]) -> dict[str, str]:
        return {k: v for k, v in (spec.get("Labels") or {}).items() if k not in (SL.SPEC_HASH, SL.IMAGE)}

    if user_labels(desired) != user_labels(observed):
        reasons.append("deploy.labels changed")
    if len(reasons) > _MAX_REASONS:
        reasons = [*reasons[:_MAX_REASONS], f"and {len(reasons) - _MAX_REASONS} more changes"]
    return reasons


_MODES = {
    "Replicated": "replicated",
    "Global": "global",
    "ReplicatedJob": "replicated-job",
    "GlobalJob": "global-job",
}


def _mode_name(spec: Mapping[str, Any]) -> str:
    for key, name in _MODES.items():
        if key in (spec.get("Mode") or {}):
            return name
    return "replicated"


def _update_reason(want: ServiceDef, have: ObservedService, state: SwarmState, force: bool) -> str | None:
    """Why ``have`` must be updated to ``want``; None when it matches."""
    scale = None
    if want.replicas is not None and have.replicas is not None and want.replicas != have.replicas:
        scale = f"scale {have.replicas} -> {want.replicas}"
    if have.spec_hash == want.spec_hash:
        if scale:
            return scale
        return "--force: restart every task" if force else None
    reasons = describe_changes(want.spec, have.spec, state.network_names_by_id())
    if scale and not any(r.startswith("scale") for r in reasons):
        reasons.insert(0, scale)
    if not reasons:
        reasons = ["spec changed" if have.spec_hash else "spec written by another tool (docker stack deploy)"]
    if have.update_state in ("rollback_completed", "rollback_paused"):
        reasons.insert(0, "the last update was rolled back")
    return "; ".join(reasons)


# ------------------------------------------------------------------------------------------ plans


def _object_step(obj: FileObject, state: SwarmState) -> Step | None:
    existing = state.all_secrets if obj.kind == "secret" else state.all_configs
    if obj.external:
        if obj.name not in existing:
            raise UsageError(
                f"{obj.kind} {obj.name} is declared as external, but could not be found",
                hint=f"create it first: docker {obj.kind} create {obj.name} FILE",
            )
        return None
    if obj.name in existing:
        return None
    mine = state.secrets if obj.kind == "secret" else state.configs
    older = sorted(
        o.name for o in mine.values() if o.labels.get(SL.SOURCE_KEY, _unversioned(o.name, state)) == obj.key
    )
    reason = f"content changed (replaces {', '.join(older)})" if older else "missing"
    return Step(
        id=f"create_{obj.kind}:{obj.name}",
        action=f"create_{obj.kind}",
        target=f"{obj.kind}:{obj.name}",
        reason=reason,
        params=MappingProxyType({"name": obj.name, "labels": dict(obj.labels), "data": obj.data}),
    )


def _unversioned(name: str, state: SwarmState) -> str:
    """The compose key of a secret or config ``docker stack deploy`` created (``<stack>_<key>``)."""
    return name.removeprefix(f"{state.stack}_")


def plan_deploy(spec: StackSpec, state: SwarmState, options: DeployOptions | None = None) -> Plan:
    """The steps that make the swarm run ``spec``; empty when it already does."""
    options = options or DeployOptions()
    steps: list[Step] = []
    created: dict[str, str] = {}  # object name -> step id

    for net in spec.networks.values():
        if net.external:
            if net.name not in state.all_networks:
                raise UsageError(
                    f"network {net.name} is declared as external, but could not be found",
                    hint="create a swarm-scoped network first: docker network create -d overlay "
                    f"--attachable {net.name}",
                )
            continue
        if net.name in state.all_networks:
            continue
        step = Step(
            id=f"create_network:{net.name}",
            action="create_network",
            target=f"network:{net.name}",
            reason="missing",
            params=MappingProxyType({"spec": NetworkSpec(net.name, net.body)}),
        )
        steps.append(step)
        created[net.name] = step.id
    for obj in (*spec.secrets.values(), *spec.configs.values()):
        maybe = _object_step(obj, state)
        if maybe is not None:
            steps.append(maybe)
            created[obj.name] = maybe.id

    service_steps: list[str] = []
    updated: set[str] = set()
    for want in spec.services.values():
        needs = tuple(created[n] for n in (*want.networks, *want.secrets, *want.configs) if n in created)
        have = state.services.get(want.name)
        if have is None:
            step = Step(
                id=f"create_service:{want.name}",
                action="create_service",
                target=f"service:{want.name}",
                reason="new service",
                needs=needs,
                params=MappingProxyType({"name": want.name, "spec": want.spec}),
            )
        elif _mode_name(have.spec) != want.mode:
            # Swarm refuses to change the mode of a service: remove it, create it again
            updated.add(want.name)
            why = f"deploy.mode {_mode_name(have.spec)} -> {want.mode}"
            removal = Step(
                id=f"remove_service:{want.name}",
                action="remove_service",
                target=f"service:{want.name}",
                reason=f"{why}: Swarm cannot change the mode of a service",
                destructive=True,
                params=MappingProxyType({"name": want.name, "id": have.id}),
            )
            steps.append(removal)
            service_steps.append(removal.id)
            step = Step(
                id=f"create_service:{want.name}",
                action="create_service",
                target=f"service:{want.name}",
                reason=f"recreated: {why}",
                needs=(*needs, removal.id),
                params=MappingProxyType({"name": want.name, "spec": want.spec}),
            )
        else:
            reason = _update_reason(want, have, state, options.force)
            if reason is None:
                continue
            updated.add(want.name)
            step = Step(
                id=f"update_service:{want.name}",
                action="update_service",
                target=f"service:{want.name}",
                reason=reason,
                needs=needs,
                params=MappingProxyType(
                    {"name": want.name, "id": have.id, "spec": want.spec, "force": options.force}
                ),
            )
        steps.append(step)
        service_steps.append(step.id)

    wanted_services = {s.name for s in spec.services.values()}
    leftover = [s for s in state.services.values() if s.name not in wanted_services]
    for have in sorted(leftover, key=lambda s: s.name):
        step = Step(
            id=f"remove_service:{have.name}",
            action="remove_service",
            target=f"service:{have.name}",
            reason="not in the compose file" + ("" if options.prune else ": use --prune"),
            destructive=True,
            skipped=not options.prune,
            params=MappingProxyType({"name": have.name, "id": have.id}),
        )
        steps.append(step)
        service_steps.append(step.id)

    # what still refers to a secret/config/network once the services steps ran
    kept_refs: set[str] = set()
    kept_net_ids: set[str] = set()
    for want in spec.services.values():
        kept_refs.update(want.secrets, want.configs)
        have = state.services.get(want.name)
        if have is not None:
            kept_refs.update(have.secret_names() | have.config_names())  # now or as PreviousSpec
            if want.name not in updated:
                kept_refs.update(have.secret_names(True) | have.config_names(True))
            kept_net_ids.update(have.network_ids())
    for have in leftover:
        if not options.prune:
            kept_refs.update(have.secret_names() | have.config_names())
            kept_refs.update(have.secret_names(True) | have.config_names(True))
            kept_net_ids.update(have.network_ids())
    after_services = tuple(service_steps)
    for kind, mine in (("secret", state.secrets), ("config", state.configs)):
        wanted = {o.name for o in (spec.secrets if kind == "secret" else spec.configs).values()}
        for obj in sorted(mine.values(), key=lambda o: o.name):
            if obj.name in wanted or obj.name in kept_refs:
                continue
            key = obj.labels.get(SL.SOURCE_KEY, _unversioned(obj.name, state))
            current = (spec.secrets if kind == "secret" else spec.configs).get(key)
            reason = f"replaced by {current.name}" if current is not None else "no longer used"
            steps.append(
                Step(
                    id=f"remove_{kind}:{obj.name}",
                    action=f"remove_{kind}",
                    target=f"{kind}:{obj.name}",
                    reason=reason,
                    needs=after_services,
                    params=MappingProxyType({"name": obj.name, "id": obj.id}),
                )
            )
    wanted_nets = {n.name for n in spec.networks.values()}
    for net in sorted(state.networks.values(), key=lambda n: n.name):
        if net.name in wanted_nets or net.id in kept_net_ids:
            continue
        steps.append(
            Step(
                id=f"remove_network:{net.name}",
                action="remove_network",
                target=f"network:{net.name}",
                reason="not in the compose file" + ("" if options.prune else ": use --prune"),
                needs=after_services,
                skipped=not options.prune,
                params=MappingProxyType({"name": net.name, "retry": True}),
            )
        )
    return Plan(spec.stack, topological(steps))


def plan_rm(state: SwarmState) -> Plan:
    """``docker stack rm``: every service, then every network, secret and config of the stack."""
    steps: list[Step] = []
    for have in sorted(state.services.values(), key=lambda s: s.name):
        steps.append(
            Step(
                id=f"remove_service:{have.name}",
                action="remove_service",
                target=f"service:{have.name}",
                reason="stack rm",
                destructive=True,
                params=MappingProxyType({"name": have.name, "id": have.id}),
            )
        )
    after = tuple(s.id for s in steps)
    for kind, objects in (("secret", state.secrets), ("config", state.configs), ("network", state.networks)):
        for obj in sorted(objects.values(), key=lambda o: o.name):
            params: dict[str, Any] = {"name": obj.name, "id": obj.id}
            if kind == "network":
                params["retry"] = True
            steps.append(
                Step(
                    id=f"remove_{kind}:{obj.name}",
                    action=f"remove_{kind}",
                    target=f"{kind}:{obj.name}",
                    reason="stack rm",
                    needs=after,
                    params=MappingProxyType(params),
                )
            )
    return Plan(state.stack, tuple(steps))


def plain_spec(step: Step) -> dict[str, Any]:
    """The service spec of a create/update step as a plain dict (for the API client or JSON)."""
    return thaw(step.params["spec"])
