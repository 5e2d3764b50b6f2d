"""The step builder rolling updates and blue-green/canary releases share (planner/steps.py).

The strategies' own tests check whole plans; here: the rules both rely on, one at a time (step ids,
needs, the metadata every step carries, which networks a reconnect leaves, and the chain that keeps
reconnects apart).
"""

from __future__ import annotations

from dataclasses import dataclass
from types import MappingProxyType

from pycompose.planner.steps import StepBuilder, unaliased_params

EPS = (
    ("front", MappingProxyType({"Aliases": ["web"], "IPAMConfig": {}})),
    ("back", MappingProxyType({"Aliases": ["web"]})),
)


def test_ids_needs_and_metadata() -> None:
    out = StepBuilder({"release": "r1"})
    first = out.add("start_container", "container:a", "why", ["x", "", "y", "x"], name="a")
    second = out.add("wait_stable", "container:a", "why", [first], "gate", seconds=1.0)
    assert (first, second) == ("start_container:container:a", "wait_stable:container:a#gate")
    assert out.steps[0].needs == ("x", "y")
    assert list(out.steps[1].params.items()) == [("seconds", 1.0), ("release", "r1")]


def test_tagged_adds_to_the_same_steps_with_more_metadata() -> None:
    out = StepBuilder({"rollout": "R"}, chain=[])
    out.tagged(batch=2, swap=0).add("stop_container", "container:a", "why", [])
    assert len(out.steps) == 1
    assert list(out.steps[0].params.items()) == [("rollout", "R"), ("batch", 2), ("swap", 0)]
    assert out.tagged(batch=1).chain is out.chain


def test_reconnect_leaves_only_the_networks_it_is_on() -> None:
    out = StepBuilder()
    last = out.reconnect("a", EPS, ["back"], "why", ["before"], "join", aliases=False)
    by_id = {s.id: s for s in out.steps}
    assert "disconnect_network:container:a@front#join" not in by_id
    assert by_id["connect_network:container:a@front#join"].needs == ("before",)
    assert by_id["disconnect_network:container:a@back#join"].needs == (
        "connect_network:container:a@front#join",
    )
    assert last == ["connect_network:container:a@back#join"]
    assert by_id["connect_network:container:a@front#join"].params["endpoint"] == {"IPAMConfig": {}}
    # without ``current``: it is on every network of the endpoints
    out.reconnect("b", EPS, None, "why", [], "leave")
    assert "disconnect_network:container:b@front#leave" in {s.id for s in out.steps}


def test_chained_reconnects_wait_for_each_other_only_with_a_chain() -> None:
    chained = StepBuilder(chain=[])
    first = chained.reconnect("a", EPS[:1], None, "why", [], "join", chained=True)
    chained.reconnect("b", EPS[:1], None, "why", [], "leave", chained=True)
    chained.reconnect("c", EPS[:1], None, "why", [], "keep")  # not chained: neither waits nor moves it
    steps = {s.id: s for s in chained.steps}
    assert steps["disconnect_network:container:b@front#leave"].needs == tuple(first)
    assert steps["disconnect_network:container:c@front#keep"].needs == ()
    assert chained.chain == ["connect_network:container:b@front#leave"]
    loose = StepBuilder()  # no chain (stop-first): chained reconnects run side by side
    loose.reconnect("a", EPS[:1], None, "why", [], "join", chained=True)
    loose.reconnect("b", EPS[:1], None, "why", [], "leave", chained=True)
    assert loose.steps[2].needs == ()


@dataclass
class _Spec:
    name: str
    body: dict


def test_unaliased_params() -> None:
    body = {
        "Labels": {"a": "1"},
        "NetworkingConfig": {"EndpointsConfig": {"front": {"Aliases": ["web"], "Links": []}}},
    }
    params = {"spec": _Spec("web-1", body), "connect": (("back", {"Aliases": ["web"]}),), "image_ref": "x"}
    got = unaliased_params(params, {"b": "2"}, name="web-1_rolling")
    assert got["spec"].name == "web-1_rolling"
    assert got["spec"].body["NetworkingConfig"]["EndpointsConfig"] == {"front": {"Links": []}}
    assert got["spec"].body["Labels"] == {"a": "1", "b": "2"}
    assert got["connect"] == (("back", {}),)
    assert got["image_ref"] == "x"
    assert unaliased_params(params, {})["spec"].name == "web-1"
