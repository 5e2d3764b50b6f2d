"""The pure Swarm planner: steps, reasons, order, rotation and pruning, from raw API objects.

A tiny in-memory "manager" turns executed steps into the API objects ``observe`` would list, so a plan
can be applied and planned again (convergence) without an engine.
"""

from __future__ import annotations

import copy
import itertools
from pathlib import Path
from typing import Any

import pytest

from pycompose import api
from pycompose.errors import UsageError
from pycompose.planner import render
from pycompose.swarm import labels as SL
from pycompose.swarm.planner import DeployOptions, describe_changes, plan_deploy, plan_rm
from pycompose.swarm.state import from_api
from pycompose.swarm.translate import thaw, translate

BASE = """\
services:
  web:
    image: busybox:{version}
    environment: {{MODE: {mode}}}
    secrets: [token]
    deploy: {{replicas: {replicas}}}
  worker:
    image: busybox:1.36
secrets:
  token: {{file: ./token.txt}}
"""


class FakeManager:
    """Just enough of a swarm manager: objects by name, IDs, versions, PreviousSpec on update."""

    def __init__(self) -> None:
        self.ids = (f"id{i}" for i in itertools.count())
        self.services: dict[str, dict[str, Any]] = {}
        self.networks: dict[str, dict[str, Any]] = {}
        self.secrets: dict[str, dict[str, Any]] = {}
        self.configs: dict[str, dict[str, Any]] = {}

    def state(self, stack: str):
        return from_api(
            stack,
            self.services.values(),
            self.networks.values(),
            self.secrets.values(),
            self.configs.values(),
        )

    def apply(self, plan) -> None:
        for step in plan.runnable():
            p = step.params
            if step.action == "create_network":
                body = dict(p["spec"].body)
                self.networks[p["spec"].name] = {"Id": next(self.ids), "Name": p["spec"].name, **body}
            elif step.action in ("create_secret", "create_config"):
                store = self.secrets if step.action == "create_secret" else self.configs
                store[p["name"]] = {
                    "ID": next(self.ids),
                    "Spec": {"Name": p["name"], "Labels": dict(p["labels"])},
                }
            elif step.action == "create_service":
                spec = self._resolve(thaw(p["spec"]))
                self.services[p["name"]] = {"ID": next(self.ids), "Version": {"Index": 1}, "Spec": spec}
            elif step.action == "update_service":
                old = self.services[p["name"]]
                old["PreviousSpec"] = copy.deepcopy(old["Spec"])
                old["Spec"] = self._resolve(thaw(p["spec"]))
            elif step.action == "remove_service":
                del self.services[p["name"]]
            elif step.action == "remove_secret":
                del self.secrets[p["name"]]
            elif step.action == "remove_config":
                del self.configs[p["name"]]
            elif step.action == "remove_network":
                del self.networks[p["name"]]
            else:  # pragma: no cover
                raise AssertionError(step.action)

    def _resolve(self, spec: dict[str, Any]) -> dict[str, Any]:
        for net in spec["TaskTemplate"].get("Networks", ()):
            net["Target"] = self.networks[net["Target"]]["Id"]
        for ref in spec["TaskTemplate"]["ContainerSpec"].get("Secrets", ()):
            ref["SecretID"] = self.secrets[ref["SecretName"]]["ID"]
        return spec


def write(
    tmp: Path, version: str = "1.36", mode: str = "dev", replicas: int = 2, token: str = "s3cret"
) -> None:
    (tmp / "compose.yaml").write_text(BASE.format(version=version, mode=mode, replicas=replicas))
    (tmp / "token.txt").write_text(token)


def spec_of(tmp: Path, extra: str = ""):
    if extra:
        (tmp / "compose.yaml").write_text((tmp / "compose.yaml").read_text() + extra)
    return translate(api.load(files=[str(tmp / "compose.yaml")], project_name="demo", environ={}))


def lines(plan) -> list[str]:
    return [f"{s.action} {s.target.split(':', 1)[1]} ({s.reason})" for s in plan.steps]


def test_first_deploy_creates_everything_in_order(tmp_path: Path) -> None:
    write(tmp_path)
    spec = spec_of(tmp_path)
    plan = plan_deploy(spec, FakeManager().state("demo"))
    token = spec.secrets["token"].name
    assert lines(plan) == [
        "create_network demo_default (missing)",
        f"create_secret {token} (missing)",
        "create_service demo_web (new service)",
        "create_service demo_worker (new service)",
    ]
    web = plan.by_id()["create_service:demo_web"]
    assert set(web.needs) == {"create_network:demo_default", f"create_secret:{token}"}
    text = render.to_text(plan)  # the shared renderer knows the swarm actions
    assert ["+", "create", "service", "demo_web", "(new", "service)"] in [
        line.split() for line in text.splitlines()
    ]
    assert "s3cret" not in render.to_json(plan, detailed=True)


def test_converges_and_explains_changes(tmp_path: Path) -> None:
    manager = FakeManager()
    write(tmp_path)
    manager.apply(plan_deploy(spec_of(tmp_path), manager.state("demo")))
    assert not plan_deploy(spec_of(tmp_path), manager.state("demo"))

    write(tmp_path, version="1.37", mode="prod")
    plan = plan_deploy(spec_of(tmp_path), manager.state("demo"))
    assert lines(plan) == [
        "update_service demo_web (image busybox:1.36 -> busybox:1.37; environment MODE: dev -> prod)"
    ]
    manager.apply(plan)
    assert not plan_deploy(spec_of(tmp_path), manager.state("demo"))

    write(tmp_path, version="1.37", mode="prod", replicas=5)
    assert lines(plan_deploy(spec_of(tmp_path), manager.state("demo"))) == [
        "update_service demo_web (scale 2 -> 5)"
    ]


def test_secret_rotation_keeps_the_rollback_version_then_removes_it(tmp_path: Path) -> None:
    manager = FakeManager()
    write(tmp_path, token="v1")
    v1 = spec_of(tmp_path).secrets["token"].name
    manager.apply(plan_deploy(spec_of(tmp_path), manager.state("demo")))

    write(tmp_path, token="v2")
    spec = spec_of(tmp_path)
    v2 = spec.secrets["token"].name
    plan = plan_deploy(spec, manager.state("demo"))
    assert lines(plan) == [
        f"create_secret {v2} (content changed (replaces {v1}))",
        f"update_service demo_web (secret token rotated ({v1} -> {v2}))",
    ]
    manager.apply(plan)
    # v1 is the PreviousSpec's: `docker service rollback` still needs it
    assert set(manager.secrets) == {v1, v2}
    assert not plan_deploy(spec_of(tmp_path), manager.state("demo"))

    write(tmp_path, token="v3")
    spec = spec_of(tmp_path)
    v3 = spec.secrets["token"].name
    plan = plan_deploy(spec, manager.state("demo"))
    assert lines(plan)[-1] == f"remove_secret {v1} (replaced by {v3})"
    removal = plan.by_id()[f"remove_secret:{v1}"]
    assert "update_service:demo_web" in removal.needs
    manager.apply(plan)
    assert set(manager.secrets) == {v2, v3}


def test_removed_services_need_prune(tmp_path: Path) -> None:
    manager = FakeManager()
    write(tmp_path)
    manager.apply(plan_deploy(spec_of(tmp_path), manager.state("demo")))
    (tmp_path / "compose.yaml").write_text("services:\n  web:\n    image: busybox:1.36\n")
    spec = spec_of(tmp_path)
    plan = plan_deploy(spec, manager.state("demo"))
    removal = plan.by_id()["remove_service:demo_worker"]
    assert removal.skipped and "--prune" in removal.reason and removal.destructive
    pruned = plan_deploy(spec, manager.state("demo"), DeployOptions(prune=True))
    assert not pruned.by_id()["remove_service:demo_worker"].skipped
    manager.apply(pruned)
    assert set(manager.services) == {"demo_web"}
    # the new web has no secret: the one the old web used stays for a rollback, then goes
    assert len(manager.secrets) == 1
    (tmp_path / "compose.yaml").write_text("services:\n  web:\n    image: busybox:1.37\n")
    manager.apply(plan_deploy(spec_of(tmp_path), manager.state("demo")))
    assert manager.secrets == {}


def test_external_objects_must_exist(tmp_path: Path) -> None:
    (tmp_path / "compose.yaml").write_text(
        "services:\n  a:\n    image: busybox\n    networks: [shared]\nnetworks:\n  shared: {external: true}\n"
    )
    spec = spec_of(tmp_path)
    with pytest.raises(UsageError, match="declared as external"):
        plan_deploy(spec, FakeManager().state("demo"))
    manager = FakeManager()
    manager.networks["shared"] = {"Id": "n1", "Name": "shared", "Driver": "overlay", "Scope": "swarm"}
    assert lines(plan_deploy(spec, manager.state("demo"))) == ["create_service demo_a (new service)"]


def test_services_of_docker_stack_deploy_are_adopted(tmp_path: Path) -> None:
    """A service without pycompose's hash label (``docker stack deploy`` made it) is updated once."""
    manager = FakeManager()
    write(tmp_path)
    spec = spec_of(tmp_path)
    manager.apply(plan_deploy(spec, manager.state("demo")))
    del manager.services["demo_worker"]["Spec"]["Labels"][SL.SPEC_HASH]
    plan = plan_deploy(spec, manager.state("demo"))
    assert lines(plan) == ["update_service demo_worker (spec written by another tool (docker stack deploy))"]


def test_rm_removes_services_first(tmp_path: Path) -> None:
    manager = FakeManager()
    write(tmp_path)
    manager.apply(plan_deploy(spec_of(tmp_path), manager.state("demo")))
    manager.services["other_x"] = {
        "ID": "x",
        "Spec": {"Name": "other_x", "Labels": {SL.NAMESPACE: "other"}, "TaskTemplate": {}},
    }
    plan = plan_rm(manager.state("demo"))
    actions = [s.action for s in plan.steps]
    assert actions[:2] == ["remove_service", "remove_service"]
    assert {s.target for s in plan.steps} == {
        "service:demo_web",
        "service:demo_worker",
        f"secret:{next(iter(manager.secrets))}",
        "network:demo_default",
    }
    assert all(
        set(s.needs) == {"remove_service:demo_web", "remove_service:demo_worker"} for s in plan.steps[2:]
    )


def test_describe_changes_ignores_daemon_defaults() -> None:
    desired = {
        "TaskTemplate": {
            "ContainerSpec": {"Image": "busybox:1.36"},
            "Networks": [{"Target": "demo_default"}],
        },
        "RollbackConfig": {"Parallelism": 1},
        "Labels": {SL.NAMESPACE: "demo"},
    }
    observed = {
        "TaskTemplate": {
            "ContainerSpec": {"Image": "busybox:1.36@sha256:abc", "Isolation": "default", "DNSConfig": {}},
            "Networks": [{"Target": "nid"}],
            "ForceUpdate": 0,
            "Runtime": "container",
        },
        "RollbackConfig": {"Parallelism": 1, "FailureAction": "pause", "Monitor": 5000000000},
        "Labels": {SL.NAMESPACE: "demo"},
    }
    assert describe_changes(desired, observed, {"nid": "demo_default"}) == []
    observed["TaskTemplate"]["Networks"] = [{"Target": "other"}]
    assert describe_changes(desired, observed, {"other": "demo_back"}) == [
        "networks +demo_default -demo_back"
    ]


def test_swarm_translation_and_planning_never_import_docker() -> None:
    import subprocess
    import sys

    code = (
        "import sys; import pycompose.swarm.translate, pycompose.swarm.planner, pycompose.swarm.state, "
        "pycompose.swarm.wait, pycompose.swarm.api, pycompose.cli.main; "
        "bad = [m for m in sys.modules if m == 'docker' or m.startswith('docker.') or m == 'requests']; "
        "print(bad); sys.exit(1 if bad else 0)"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_a_mode_change_recreates_the_service(tmp_path: Path) -> None:
    manager = FakeManager()
    write(tmp_path)
    manager.apply(plan_deploy(spec_of(tmp_path), manager.state("demo")))
    text = (
        (tmp_path / "compose.yaml")
        .read_text()
        .replace(
            "    image: busybox:1.36\nsecrets", "    image: busybox:1.36\n    deploy: {mode: global}\nsecrets"
        )
    )
    (tmp_path / "compose.yaml").write_text(text)
    plan = plan_deploy(spec_of(tmp_path), manager.state("demo"))
    assert lines(plan) == [
        "remove_service demo_worker (deploy.mode replicated -> global: Swarm cannot change the mode of a service)",
        "create_service demo_worker (recreated: deploy.mode replicated -> global)",
    ]
    assert plan.steps[0].destructive and plan.steps[0].id in plan.steps[1].needs
    manager.apply(plan)
    assert not plan_deploy(spec_of(tmp_path), manager.state("demo"))
