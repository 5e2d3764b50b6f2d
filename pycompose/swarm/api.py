"""The Python API of the Swarm backend: what ``pycompose stack ...`` does, callable from code.

    from pycompose import api
    from pycompose.swarm import api as stack

    project = api.load(files=["compose.yaml"], project_name="demo")
    engine = stack.connect("unix:///run/pycompose-swarm/pcnode1.sock")
    plan = stack.plan_deploy(project, "demo", engine)      # steps with reasons, nothing changed
    stack.deploy(project, "demo", engine)                  # create / update / remove services
    stack.wait(engine, "demo", project)                    # until every service converged
    stack.rm("demo", engine)

Nothing here prints (``wait`` takes an ``out`` callable); failures raise ``PycomposeError``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import TYPE_CHECKING

from pycompose.errors import PycomposeError
from pycompose.model import Project
from pycompose.planner.plan import Plan
from pycompose.swarm.planner import DeployOptions
from pycompose.swarm.planner import plan_deploy as _plan_deploy
from pycompose.swarm.planner import plan_rm as _plan_rm
from pycompose.swarm.translate import StackSpec, SwarmWarning, translate

if TYPE_CHECKING:
    from pycompose.progress import Reporter
    from pycompose.swarm.engine import SwarmEngine
    from pycompose.swarm.state import SwarmState
    from pycompose.swarm.wait import WaitResult


def connect(host: str | None = None, environ: Mapping[str, str] | None = None) -> SwarmEngine:
    """A swarm manager: ``host`` (``unix://...``, ``tcp://...``), else ``DOCKER_HOST``, else the local
    socket. Raises unless it is an active manager."""
    from pycompose.swarm.engine import SwarmEngine

    engine = SwarmEngine(host, environ)
    engine.check_manager()
    return engine


def runtime_warnings(spec: StackSpec, state: SwarmState) -> tuple[SwarmWarning, ...]:
    """Warnings that need the swarm: virtual IPs and the routing mesh on nodes without IPVS."""
    if not state.ipvs_missing():
        return ()
    out = []
    vip = sorted(
        s.key
        for s in spec.services.values()
        if (s.spec.get("EndpointSpec") or {}).get("Mode", "vip") == "vip" and s.networks
    )
    if vip:
        out.append(
            SwarmWarning(
                "deploy.endpoint_mode",
                tuple(vip),
                "vip (the default) does not route on this swarm: its nodes have no IPVS (engine label "
                "pycompose.ipvs=missing), so the service name's virtual IP reaches no task; use "
                "endpoint_mode: dnsrr (the name then resolves to every task)",
            )
        )
    ingress = sorted(
        s.key
        for s in spec.services.values()
        if any(p.get("PublishMode") == "ingress" for p in (s.spec.get("EndpointSpec") or {}).get("Ports", ()))
    )
    if ingress:
        out.append(
            SwarmWarning(
                "ports.mode",
                tuple(ingress),
                "ingress (the routing mesh) does not route on this swarm: its nodes have no IPVS; publish "
                "with mode: host (the port then opens on the nodes that run a task)",
            )
        )
    return tuple(out)


def stack_spec(project: Project, stack: str | None = None) -> StackSpec:
    return translate(project, stack)


def plan_deploy(
    project: Project | StackSpec,
    stack: str | None = None,
    engine: SwarmEngine | None = None,
    options: DeployOptions | None = None,
) -> Plan:
    spec = project if isinstance(project, StackSpec) else translate(project, stack)
    engine = engine or connect()
    return _plan_deploy(spec, engine.observe(spec.stack), options)


def _run(plan: Plan, engine: SwarmEngine, reporter: Reporter | None = None) -> None:
    from pycompose.progress import QuietReporter
    from pycompose.swarm.executor import execute

    result = execute(plan, engine, reporter or QuietReporter())
    if not result.ok:
        failures = result.failures()
        if failures and failures[0].error is not None:
            raise failures[0].error
        raise PycomposeError("some steps did not run")


def deploy(
    project: Project | StackSpec,
    stack: str | None = None,
    engine: SwarmEngine | None = None,
    options: DeployOptions | None = None,
    reporter: Reporter | None = None,
) -> Plan:
    """Converge the stack to the file (``docker stack deploy``); returns the executed plan."""
    engine = engine or connect()
    executed = plan_deploy(project, stack, engine, options)
    _run(executed, engine, reporter)
    return executed


def rm(stack: str, engine: SwarmEngine | None = None, reporter: Reporter | None = None) -> Plan:
    """Remove every service, network, secret and config of the stack (``docker stack rm``)."""
    engine = engine or connect()
    executed = _plan_rm(engine.observe(stack))
    _run(executed, engine, reporter)
    return executed


def wait(
    engine: SwarmEngine,
    stack: str,
    services: Iterable[str] | None = None,
    timeout: float | None = None,
    out: Callable[[str], None] = lambda _line: None,
    stable: float | None = None,
) -> WaitResult:
    """Wait until the stack's services (Swarm names; default: all) converged."""
    from pycompose.swarm.wait import wait_converged

    names = list(services) if services is not None else [s["Spec"]["Name"] for s in engine.services(stack)]
    return wait_converged(engine, stack, sorted(names), timeout=timeout, out=out, stable=stable)
