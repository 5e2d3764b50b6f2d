"""Consistency checks: undefined references and dependency cycles, with compose-go's messages."""

import pytest

from pycompose.config.consistency import check_consistency
from pycompose.errors import ConsistencyError


def svc(**kw):
    return {"image": "x", **kw}


@pytest.mark.parametrize(
    ("model", "message"),
    [
        ({"services": {"app": {}}}, 'service "app" has neither an image nor a build context specified'),
        (
            {"services": {"app": svc(depends_on={"nope": {}})}},
            'service "app" depends on undefined service "nope"',
        ),
        ({"services": {"app": svc(networks={"n": None})}}, 'service "app" refers to undefined network n'),
        (
            {"services": {"app": svc(volumes=[{"type": "volume", "source": "data", "target": "/d"}])}},
            'service "app" refers to undefined volume data',
        ),
        ({"services": {"app": svc(secrets=[{"source": "s"}])}}, 'service "app" refers to undefined secret s'),
        ({"services": {"app": svc(configs=[{"source": "c"}])}}, 'service "app" refers to undefined config c'),
        ({"services": {"app": svc(network_mode="service:db")}}, 'service "db" not found'),
    ],
)
def test_undefined_references(model: dict, message: str) -> None:
    with pytest.raises(ConsistencyError) as info:
        check_consistency(model)
    assert message in str(info.value)
    assert str(info.value).endswith(": invalid compose project")


def test_cycle_message_lists_the_cycle() -> None:
    model = {
        "services": {
            "service1": svc(depends_on={"service2": {}}),
            "service2": svc(depends_on={"service3": {}}),
            "service3": svc(depends_on={"service1": {}}),
        }
    }
    with pytest.raises(ConsistencyError) as info:
        check_consistency(model)
    assert str(info.value) == "dependency cycle detected: service1 -> service2 -> service3 -> service1"


def test_self_dependency() -> None:
    with pytest.raises(ConsistencyError, match="service1 -> service1"):
        check_consistency({"services": {"service1": svc(depends_on={"service1": {}})}})


def test_valid_model_passes() -> None:
    check_consistency(
        {
            "services": {
                "a": svc(
                    depends_on={"b": {}},
                    networks={"n": None},
                    volumes=[
                        {"type": "volume", "source": "v", "target": "/v"},
                        {"type": "volume", "target": "/anon"},
                    ],
                ),
                "b": {"build": {"context": "."}},
            },
            "networks": {"n": {}},
            "volumes": {"v": {}},
        }
    )


@pytest.mark.parametrize(
    ("resources", "message"),
    [
        ({"secrets": {"s": {"name": "x"}}}, "secrets.s: one of file|environment must be set"),
        ({"configs": {"c": {}}}, "configs.c: one of file|environment|content must be set"),
        (
            {"secrets": {"s": {"file": "./a", "environment": "A"}}},
            "secrets.s: file|environment attributes are mutually exclusive",
        ),
        (
            {"configs": {"c": {"file": "./a", "content": "x"}}},
            "configs.c: file|environment|content attributes are mutually exclusive",
        ),
        (
            {"volumes": {"v": {"external": True, "driver": "local"}}},
            'volumes.v: conflicting parameters "external" and "driver" specified',
        ),
        (
            {"secrets": {"s": {"driver": "vault"}}},
            'secret "s" must declare either `file` or `environment`: invalid compose project',
        ),
    ],
)
def test_resource_definitions_as_compose_go_validates_them(resources: dict, message: str) -> None:
    """Checked on the merged model, before normalization drops the resources no service uses."""
    from pycompose.config.consistency import check_resource_definitions

    with pytest.raises(ConsistencyError) as info:
        check_resource_definitions({"services": {"app": svc()}, **resources})
    assert str(info.value) == message


def test_resource_definitions_that_are_fine() -> None:
    from pycompose.config.consistency import check_resource_definitions

    check_resource_definitions(
        {
            "secrets": {"a": {"file": "./a"}, "b": {"environment": "B"}, "c": {"external": True}},
            "configs": {"d": {"content": "x"}, "e": {"external": True, "name": "e"}},
            "volumes": {"v": {"external": False, "driver": "local"}, "w": {"external": True}},
        }
    )
    # without the consistency check (--no-consistency), a driver-only secret passes, as in compose-go
    check_resource_definitions({"secrets": {"s": {"driver": "vault"}}}, consistency=False)
