"""The step builder that rolling updates (``rolling.py``) and blue-green/canary releases
(``deploy_strategies.py``) share.

Both replace replicas behind a service's DNS name with the same few moves: create a replica nobody
resolves yet, gate it on its health, and move the service's aliases from one replica to another. Docker
cannot change a connected endpoint's aliases, so a move is a disconnect and a connect; and a replica that
leaves the name gets its own address back only if no other reconnect takes it in between (Docker's
bridge IPAM hands out the lowest free address), hence the ``chain`` that keeps reconnects apart. Having
those moves once keeps the two strategies' plans alike, step ids and all.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from types import MappingProxyType
from typing import Any, Protocol

from pycompose.planner.plan import Step

#: (network, EndpointConfig) of a replica, in the order it joins them
Endpoints = tuple[tuple[str, Mapping[str, Any]], ...]


def drop_aliases(endpoint: Mapping[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in endpoint.items() if k != "Aliases"}


def unaliased_params(
    params: Mapping[str, Any], extra_labels: Mapping[str, str], name: str | None = None
) -> dict[str, Any]:
    """A create step's params for a replica nobody must resolve by the service's name yet: its
    endpoints without aliases (it joins the name once gated), ``extra_labels`` added, created as
    ``name`` when given."""
    spec = params["spec"]
    body = dict(spec.body)
    networking = body.get("NetworkingConfig")
    if networking:
        endpoints = {n: drop_aliases(ep or {}) for n, ep in (networking.get("EndpointsConfig") or {}).items()}
        body["NetworkingConfig"] = {**networking, "EndpointsConfig": endpoints}
    body["Labels"] = {**(body.get("Labels") or {}), **extra_labels}
    connect = params.get("connect") or ()
    extra = connect.items() if isinstance(connect, Mapping) else connect
    renamed = {"name": name} if name is not None else {}
    return {
        **params,
        "spec": replace(spec, **renamed, body=body),
        "connect": tuple((net, drop_aliases(ep or {})) for net, ep in extra),
    }


class GateSettings(Protocol):
    """What a health gate needs of a service's settings (``RollingSettings``, ``DeploySettings``)."""

    @property
    def healthcheck(self) -> bool: ...

    @property
    def gate_timeout(self) -> float | None: ...

    @property
    def gate_seconds(self) -> float: ...


@dataclass
class StepBuilder:
    """Collects the steps of one rollout or release. Every step carries ``meta`` in its params (after
    its own), so the driver can tell which rollout or release a step belongs to."""

    meta: Mapping[str, Any] = field(default_factory=dict)
    steps: list[Step] = field(default_factory=list)
    #: the last chained reconnect (None: reconnects are never chained): a chained reconnect waits for
    #: the previous one, so a replica that leaves the DNS gets its own address back
    chain: list[str] | None = None

    def tagged(self, **meta: Any) -> StepBuilder:
        """A builder adding to the same steps and chain whose steps carry ``meta`` as well (a rollout
        tags each step with its batch and swap)."""
        return StepBuilder({**self.meta, **meta}, self.steps, self.chain)

    def add(
        self, action: str, target: str, reason: str, needs: Iterable[str], suffix: str = "", **params: Any
    ) -> str:
        """Add a step; its id is ``action:target`` (``#suffix`` when the same call on the same target
        happens more than once, e.g. a leave and a join). Empty and repeated needs are dropped."""
        step_id = f"{action}:{target}" + (f"#{suffix}" if suffix else "")
        self.steps.append(
            Step(
                id=step_id,
                action=action,
                target=target,
                reason=reason,
                needs=tuple(dict.fromkeys(n for n in needs if n)),
                params=MappingProxyType({**params, **self.meta}),
            )
        )
        return step_id

    def reconnect(
        self,
        container: str,
        endpoints: Endpoints,
        current: Iterable[str] | None,
        reason: str,
        needs: Iterable[str],
        suffix: str,
        *,
        aliases: bool = True,
        chained: bool = False,
    ) -> list[str]:
        """Disconnect ``container`` from each network of ``endpoints`` it is on (those of ``current``
        when given, else all of them) and connect it again with ``endpoints`` (with or without their
        aliases): the only way to change aliases. The connects run one network after the other.
        ``chained``: after the previous chained reconnect (see ``chain``). Returns the last step."""
        needs = list(needs)
        if chained and self.chain:
            needs += self.chain
        last: list[str] = []
        attached = set(current) if current is not None else {net for net, _ in endpoints}
        for net, endpoint in endpoints:
            target = f"container:{container}@{net}"
            prev = needs
            if net in attached:
                prev = [
                    self.add(
                        "disconnect_network", target, reason, needs, suffix, network=net, container=container
                    )
                ]
            last.append(
                self.add(
                    "connect_network",
                    target,
                    reason,
                    prev,
                    suffix,
                    network=net,
                    container=container,
                    endpoint=dict(endpoint) if aliases else drop_aliases(endpoint),
                )
            )
            needs = last[-1:]
        if chained and self.chain is not None and last:
            self.chain[:] = last[-1:]
        return last[-1:] or needs

    def gate(self, final: str, name: str, settings: GateSettings, needs: Iterable[str]) -> str:
        """The health gate of new replica ``final`` (now named ``name``) before it serves: healthy, or
        without a healthcheck, up for ``gate_seconds``."""
        if settings.healthcheck:
            return self.add(
                "wait_healthy",
                f"container:{final}",
                f"health gate of {final} before it serves",
                needs,
                name=name,
                timeout=settings.gate_timeout,
                unhealthy_final=True,
            )
        return self.add(
            "wait_stable",
            f"container:{final}",
            f"gate: {final} has no healthcheck, it must stay up {settings.gate_seconds:g}s",
            needs,
            suffix="gate",
            name=name,
            seconds=settings.gate_seconds,
        )
