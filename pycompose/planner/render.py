"""Render a ``Plan`` for people and scripts: grouped text, JSON, or the equivalent ``docker`` commands.

The ``docker`` rendering is for learners (what would I type to do this by hand?) and for scripts that
want to review or replay the imperative side of a declarative change. Secret values never appear: the
plan only holds where a secret comes from, and the commands print the source path.
"""

from __future__ import annotations

import dataclasses
import json
import shlex
from collections.abc import Mapping
from typing import Any

from pycompose.planner.plan import Deferred, Plan, Sealed, Step

_VERBS = {
    "build_image": "build",
    "pull_image": "pull",
    "push_image": "push",
    "create_network": "create",
    "create_volume": "create",
    "remove_network": "remove",
    "remove_volume": "remove",
    "create_container": "create",
    "stop_container": "stop",
    "remove_container": "remove",
    "rename_container": "rename",
    "connect_network": "connect",
    "disconnect_network": "disconnect",
    "start_container": "start",
    "restart_container": "restart",
    "kill_container": "kill",
    "pause_container": "pause",
    "unpause_container": "unpause",
    "wait_running": "wait running",
    "wait_healthy": "wait healthy",
    "wait_completed": "wait completed",
    "wait_stable": "monitor",
    "wait_delay": "wait",
    "remove_image": "remove",
    "create_secret": "create",
    "create_config": "create",
    "create_service": "create",
    "update_service": "update",
    "remove_service": "remove",
    "remove_secret": "remove",
    "remove_config": "remove",
}


def _kind(step: Step) -> str:
    return step.target.split(":", 1)[0]


def _subject(step: Step) -> str:
    return step.target.split(":", 1)[1] if ":" in step.target else step.target


def to_text(plan: Plan) -> str:
    """One line per step, in execution order: ``+ create  container demo-web-1  (new service)``."""
    if not plan.steps:
        return f"Project {plan.project}: nothing to do, the engine matches the compose file."
    symbol = {
        "create": "+",
        "remove": "-",
        "stop": "~",
        "rename": "~",
        "restart": "~",
        "kill": "!",
        "update": "~",
    }
    runnable = plan.runnable()
    lines = [f"Project {plan.project}: {len(runnable)} step{'s' if len(runnable) != 1 else ''}"]
    width = max(len(_VERBS[s.action]) for s in plan.steps)
    subject_width = max(len(f"{_kind(s)} {_subject(s)}") for s in plan.steps)
    for step in plan.steps:
        verb = _VERBS[step.action]
        mark = symbol.get(verb.split()[0], ">")
        subject = f"{_kind(step)} {_subject(step)}"
        flags = ""
        if step.skipped:
            flags = " [skipped: use --remove-orphans]" if "orphan" in step.reason else " [skipped]"
        elif step.destructive:
            flags = " [destructive]"
        lines.append(f"  {mark} {verb.ljust(width)}  {subject.ljust(subject_width)}  ({step.reason}){flags}")
    return "\n".join(lines)


def _jsonable(value: Any) -> Any:
    if isinstance(value, (Sealed, Deferred)):
        return str(value)  # where the value comes from, never the value
    if hasattr(value, "_asdict"):
        return _jsonable(value._asdict())
    if hasattr(value, "body") and hasattr(value, "name"):
        return {"name": value.name, "body": _jsonable(value.body)}
    if dataclasses.is_dataclass(value) and not isinstance(value, type):  # a BuildSpec...
        return {f.name: _jsonable(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, Mapping):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_jsonable(v) for v in value]
    return value


def to_json(plan: Plan, detailed: bool = False) -> str:
    """``{"project", "changes", "steps": [{id, action, target, reason, needs, destructive, skipped}]}``."""
    steps = []
    for step in plan.steps:
        entry: dict[str, Any] = {
            "id": step.id,
            "action": step.action,
            "target": step.target,
            "reason": step.reason,
            "needs": list(step.needs),
            "destructive": step.destructive,
            "skipped": step.skipped,
        }
        if detailed:
            entry["params"] = _jsonable(step.params)
        steps.append(entry)
    return json.dumps({"project": plan.project, "changes": bool(plan), "steps": steps}, indent=2)


def _q(value: str) -> str:
    return shlex.quote(value)


def _create_args(body: Mapping[str, Any]) -> list[str]:
    args: list[str] = []
    for key, value in sorted((body.get("Labels") or {}).items()):
        args += ["--label", f"{key}={value}"]
    for item in body.get("Env") or ():
        args += ["-e", item]
    host = body.get("HostConfig") or {}
    if host.get("NetworkMode"):
        args += ["--network", host["NetworkMode"]]
    for port, bindings in (host.get("PortBindings") or {}).items():
        for binding in bindings or [{}]:
            ip = binding.get("HostIp") or ""
            hp = binding.get("HostPort") or ""
            args += ["-p", f"{ip + ':' if ip else ''}{hp}:{port}" if hp or ip else port]
    for bind in host.get("Binds") or ():
        args += ["-v", bind]
    for mount in host.get("Mounts") or ():
        spec = f"type={mount.get('Type')},target={mount.get('Target')}"
        if mount.get("Source"):
            spec += f",source={mount['Source']}"
        if mount.get("ReadOnly"):
            spec += ",readonly"
        args += ["--mount", spec]
    restart = (host.get("RestartPolicy") or {}).get("Name")
    if restart and restart != "no":
        args += ["--restart", restart]
    health = body.get("Healthcheck") or {}
    test = health.get("Test") or []
    if test and test[0] == "CMD-SHELL":
        args += ["--health-cmd", test[1]]
    elif test and test[0] == "CMD":
        args += ["--health-cmd", " ".join(shlex.quote(t) for t in test[1:])]
    if body.get("Entrypoint"):
        args += ["--entrypoint", " ".join(body["Entrypoint"])]
    args.append(body.get("Image", ""))
    args += list(body.get("Cmd") or ())
    return args


def _injection_comments(container: str, injections: Any) -> list[str]:
    """What ``start`` copies in first, as comments: ``docker cp`` would need the value on a command
    line, and a plan never holds one."""
    lines = []
    for item, sealed in injections:
        source = sealed.origin if sealed is not None else "the Docker CLI configuration (use_api_socket)"
        owner = f", owner {item.uid or 0}:{item.gid or 0}" if item.uid or item.gid else ""
        lines.append(f"# copy {source} to {container}:{item.target} (mode {item.mode:04o}{owner})")
    return lines


def _build_command(spec: Any) -> str:
    """``docker build`` with the options of a ``BuildSpec`` (an inline Dockerfile comes on stdin)."""
    args = ["docker", "build"]
    for tag in spec.tags:
        args += ["-t", tag]
    if spec.dockerfile_inline is None and spec.dockerfile:
        local = "://" not in spec.context and not spec.context.startswith("git@")
        relative = local and not spec.dockerfile.startswith("/")
        args += ["-f", f"{spec.context.rstrip('/')}/{spec.dockerfile}" if relative else spec.dockerfile]
    elif spec.dockerfile_inline is not None:
        args += ["-f", "-"]
    for key, value in spec.args.items():
        args += ["--build-arg", f"{key}={value}"]
    for key, value in sorted(spec.labels.items()):
        args += ["--label", f"{key}={value}"]
    for ref in spec.cache_from:
        args += ["--cache-from", ref]
    for host in spec.extra_hosts:
        args += ["--add-host", host]
    options = (
        ("--target", spec.target),
        ("--network", spec.network),
        ("--platform", spec.platform),
        ("--shm-size", spec.shm_size),
        ("--memory", spec.memory),
    )
    for flag, value in options:
        if value:
            args += [flag, str(value)]
    args += [flag for flag, on in (("--pull", spec.pull), ("--no-cache", spec.no_cache)) if on]
    line = " ".join(_q(a) for a in [*args, spec.context])
    if spec.dockerfile_inline is not None:
        line = f"printf %s {_q(spec.dockerfile_inline)} | {line}"
    return line


def step_command(step: Step) -> str:
    """The ``docker`` command line equivalent to one step."""
    p = step.params
    action = step.action
    if action == "build_image":
        if "spec" not in p:
            return " ".join(_q(a) for a in ["docker", "build", "-t", p.get("ref", ""), "."])
        return _build_command(p["spec"])
    if action == "create_network":
        body = p["spec"].body
        args = ["docker", "network", "create"]
        if body.get("Driver"):
            args += ["--driver", body["Driver"]]
        if body.get("Internal"):
            args.append("--internal")
        if body.get("Attachable"):
            args.append("--attachable")
        for key, value in sorted((body.get("Labels") or {}).items()):
            args += ["--label", f"{key}={value}"]
        return " ".join(_q(a) for a in [*args, p["spec"].name])
    if action == "create_volume":
        body = p["spec"].body
        args = ["docker", "volume", "create"]
        if body.get("Driver"):
            args += ["--driver", body["Driver"]]
        for key, value in sorted((body.get("DriverOpts") or {}).items()):
            args += ["--opt", f"{key}={value}"]
        for key, value in sorted((body.get("Labels") or {}).items()):
            args += ["--label", f"{key}={value}"]
        return " ".join(_q(a) for a in [*args, p["spec"].name])
    if action == "create_container":
        spec = p["spec"]
        lines = [" ".join(_q(a) for a in ["docker", "create", "--name", spec.name, *_create_args(spec.body)])]
        for network, endpoint in p.get("connect") or ():
            aliases = [f"--alias={a}" for a in (endpoint or {}).get("Aliases") or ()]
            lines.append(
                " ".join(_q(a) for a in ["docker", "network", "connect", *aliases, network, spec.name])
            )
        return "\n".join(lines)
    simple = {
        "remove_network": ["docker", "network", "rm", p.get("name", "")],
        "remove_volume": ["docker", "volume", "rm", p.get("name", "")],
        "pull_image": ["docker", "pull", p.get("ref", "")],
        "push_image": ["docker", "push", p.get("ref", "")],
        "remove_image": ["docker", "image", "rm", p.get("ref", "")],
        "start_container": ["docker", "start", p.get("name", "")],
        "unpause_container": ["docker", "unpause", p.get("name", "")],
        "pause_container": ["docker", "pause", p.get("name", "")],
        "rename_container": ["docker", "rename", p.get("name", ""), p.get("new_name", "")],
        "kill_container": ["docker", "kill", "--signal", p.get("signal", "SIGKILL"), p.get("name", "")],
        "connect_network": [
            "docker",
            "network",
            "connect",
            *(f"--alias={a}" for a in (p.get("endpoint") or {}).get("Aliases") or ()),
            p.get("network", ""),
            p.get("container", ""),
        ],
        "disconnect_network": [
            "docker",
            "network",
            "disconnect",
            p.get("network", ""),
            p.get("container", ""),
        ],
    }
    if action in simple:
        command = " ".join(_q(a) for a in simple[action])
        if action == "start_container" and p.get("inject"):
            return "\n".join([*_injection_comments(p["name"], p["inject"]), command])
        return command
    if action in ("stop_container", "restart_container"):
        args = ["docker", action.split("_")[0]]
        if p.get("timeout") is not None:
            args += ["-t", str(p["timeout"])]
        return " ".join(_q(a) for a in [*args, p.get("name", "")])
    if action == "remove_container":
        args = ["docker", "rm"]
        if p.get("force"):
            args.append("-f")
        if p.get("volumes"):
            args.append("-v")
        return " ".join(_q(a) for a in [*args, p.get("name", "")])
    name = _q(p.get("name", ""))
    if action == "wait_healthy":
        status = "'{{.State.Health.Status}}'"
        return f'until [ "$(docker inspect -f {status} {name})" = healthy ]; do sleep 1; done'
    if action == "wait_completed":
        return f'test "$(docker wait {name})" = {p.get("exit_code", 0)}'
    if action == "wait_delay":
        return f"sleep {p.get('seconds', 0):g}"
    if action == "wait_stable":
        return f"sleep {p.get('seconds', 0):g}  # then check that {p.get('name', '')} is still up"
    if action == "wait_running":
        return f"until [ \"$(docker inspect -f '{{{{.State.Running}}}}' {name})\" = true ]; do sleep 1; done"
    return f"# {action} {step.target}"


def to_docker(plan: Plan) -> str:
    """The plan as a shell script of ``docker`` commands, each preceded by its reason."""
    lines = [f"# pycompose plan for project {plan.project}: the equivalent docker commands"]
    for step in plan.steps:
        prefix = "# skipped: " if step.skipped else ""
        lines.append(f"# {step.action} {_subject(step)}: {step.reason}")
        command = step_command(step)
        lines.extend(prefix + line if prefix else line for line in command.splitlines())
    return "\n".join(lines)
