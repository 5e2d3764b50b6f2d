"""``config`` YAML key order where go-yaml prints struct fields in declaration order, not sorted."""

from pycompose.config.emit import to_yaml


def test_secrets_and_configs_print_in_compose_go_field_order() -> None:
    model = {
        "name": "p",
        "services": {
            "app": {
                "image": "busybox",
                "secrets": [{"mode": "0400", "gid": "2", "uid": "1", "target": "t", "source": "s"}],
                "configs": [{"uid": "1", "source": "c"}],
            }
        },
        "secrets": {"s": {"environment": "S", "name": "p_s"}},
        "configs": {"c": {"content": "x", "name": "p_c"}, "d": {"file": "/f", "name": "p_d"}},
    }
    assert to_yaml(model) == (
        "name: p\n"
        "services:\n"
        "  app:\n"
        "    configs:\n"
        "      - source: c\n"
        '        uid: "1"\n'
        "    image: busybox\n"
        "    secrets:\n"
        "      - source: s\n"
        "        target: t\n"
        '        uid: "1"\n'
        '        gid: "2"\n'
        '        mode: "0400"\n'
        "secrets:\n"
        "  s:\n"
        "    name: p_s\n"
        "    environment: S\n"
        "configs:\n"
        "  c:\n"
        "    name: p_c\n"
        "    content: x\n"
        "  d:\n"
        "    name: p_d\n"
        "    file: /f\n"
    )
