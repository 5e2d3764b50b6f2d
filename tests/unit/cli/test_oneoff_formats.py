"""The pure parts of ``events``, ``stats``, ``scale``, ``exec`` and ``cp``: formats and path rules."""

from __future__ import annotations

import json
from types import SimpleNamespace

import pytest

from pycompose.cli import main  # noqa: F401  (first: the command modules import it)
from pycompose.cli.exec_cmds import _rebase, _split_arg, _split_entry, pick_container
from pycompose.cli.scale_cmd import parse_scale
from pycompose.cli.watch_cmds import (
    bytes_size,
    event_line,
    format_stats,
    human_size,
    rfc3339_nano,
    stats_row,
    tabwriter,
)
from pycompose.engine.base import EngineEvent
from pycompose.errors import PycomposeError, UsageError


@pytest.fixture(autouse=True)
def utc(monkeypatch: pytest.MonkeyPatch) -> None:
    import time

    monkeypatch.setenv("TZ", "UTC")
    time.tzset()


def test_sizes_as_go_units() -> None:
    assert [human_size(v) for v in (0, 999, 1000, 1234, 1_570, 12_345_678)] == [
        "0B",
        "999B",
        "1kB",
        "1.23kB",
        "1.57kB",
        "12.3MB",
    ]
    assert [bytes_size(v) for v in (0, 1023, 1024, 335_872, 25_275_486_208)] == [
        "0B",
        "1023B",
        "1KiB",
        "328KiB",
        "23.54GiB",
    ]


SAMPLE = {
    "cpu_stats": {"cpu_usage": {"total_usage": 3_000_000}, "system_cpu_usage": 200_000_000, "online_cpus": 2},
    "precpu_stats": {"cpu_usage": {"total_usage": 1_000_000}, "system_cpu_usage": 100_000_000},
    "memory_stats": {"usage": 2_000_000, "limit": 8_000_000, "stats": {"inactive_file": 1_000_000}},
    "networks": {"eth0": {"rx_bytes": 1570, "tx_bytes": 0}, "eth1": {"rx_bytes": 30, "tx_bytes": 5}},
    "blkio_stats": {
        "io_service_bytes_recursive": [
            {"op": "read", "value": 4096},
            {"op": "Write", "value": 8192},
            {"op": "total", "value": 1},
        ]
    },
    "pids_stats": {"current": 3},
}


def test_stats_row_uses_the_docker_cli_arithmetic() -> None:
    container = SimpleNamespace(id="a" * 64, name="demo-web-1")
    row = stats_row(container, SAMPLE)
    assert row == {
        "BlockIO": "4.1kB / 8.19kB",
        "CPUPerc": "4.00%",  # 2e6 / 1e8 * 2 CPUs
        "Container": "a" * 64,
        "ID": "a" * 12,
        "MemPerc": "12.50%",  # page cache left out
        "MemUsage": "976.6KiB / 7.629MiB",
        "Name": "demo-web-1",
        "NetIO": "1.6kB / 5B",
        "PIDs": "3",
    }
    stopped = stats_row(container, None, no_trunc=True)
    assert (stopped["ID"], stopped["MemUsage"], stopped["CPUPerc"], stopped["PIDs"]) == (
        "a" * 64,
        "0B / 0B",
        "0.00%",
        "0",
    )


def test_stats_table_json_and_templates() -> None:
    rows = [stats_row(SimpleNamespace(id="b" * 64, name="demo-web-1"), SAMPLE)]
    table = format_stats(rows, "table").splitlines()
    assert table[0] == (
        "CONTAINER ID   NAME         CPU %     MEM USAGE / LIMIT     MEM %     NET I/O      BLOCK I/O        PIDS"
    )
    assert table[1].startswith("bbbbbbbbbbbb   demo-web-1   4.00%     976.6KiB / 7.629MiB")
    assert json.loads(format_stats(rows, "json"))["PIDs"] == "3"
    assert format_stats(rows, "{{.Name}} {{ .CPUPerc }}") == "demo-web-1 4.00%"
    assert format_stats(rows, "table {{.Name}}\\t{{.PIDs}}").splitlines() == [
        "NAME         PIDS",
        "demo-web-1   3",
    ]
    assert json.loads(format_stats(rows, "{{json .}}"))["Name"] == "demo-web-1"
    with pytest.raises(UsageError):
        format_stats(rows, "{{.Nope}}")


def test_tabwriter_pads_like_go() -> None:
    assert tabwriter(["a\tbb\tc", "dddd\te\tf"]) == "a         bb        c\ndddd      e         f"
    assert tabwriter(["x" * 12 + "\ty"]) == "x" * 12 + "   y"


def test_events_in_docker_compose_formats() -> None:
    event = EngineEvent(
        action="start",
        container_id="c" * 64,
        container_name="demo-web-1",
        labels={"com.docker.compose.service": "web", "com.docker.compose.project": "demo", "a": "1"},
        attributes={
            "com.docker.compose.service": "web",
            "com.docker.compose.project": "demo",
            "a": "1",
            "image": "busybox:1.36",
            "name": "demo-web-1",
        },
        time=1_700_000_000.5,
        time_nano=1_700_000_000_500_000_000,
    )
    assert json.loads(event_line(event, True)) == {
        "action": "start",
        "attributes": {"a": "1", "image": "busybox:1.36", "name": "demo-web-1"},
        "id": "c" * 64,
        "service": "web",
        "time": "2023-11-14T22:13:20.5Z",
        "type": "container",
    }
    assert list(json.loads(event_line(event, True))) == [
        "action",
        "attributes",
        "id",
        "service",
        "time",
        "type",
    ]
    assert event_line(event, False) == (
        f"2023-11-14 22:13:20.500000 container start {'c' * 64} (a=1, image=busybox:1.36, name=demo-web-1)\n"
    )
    assert rfc3339_nano(1_700_000_000_000_000_123) == "2023-11-14T22:13:20.000000123Z"
    assert rfc3339_nano(1_700_000_000_000_000_000) == "2023-11-14T22:13:20Z"


def test_scale_specifiers() -> None:
    assert parse_scale(("web=3", "worker=0")) == {"web": 3, "worker": 0}
    with pytest.raises(UsageError, match=r"invalid scale specifier: web$"):
        parse_scale(("web",))
    with pytest.raises(UsageError, match="can't parse replica value as int: web=x"):
        parse_scale(("web=x",))


def test_cp_arguments_and_paths() -> None:
    assert _split_arg("web:/tmp/x") == ("web", "/tmp/x")
    assert _split_arg("./a:b") == (None, "./a:b")
    assert _split_arg("/abs:path") == (None, "/abs:path")
    assert _split_arg("-") == (None, "-")
    assert _split_entry("/a/b/") == ("/a", "b")
    assert _split_entry("/a/b/.") == ("/a/b", ".")
    assert _split_entry("file") == (".", "file")
    assert _rebase("dir/sub/f", "dir", "new") == "new/sub/f"
    assert _rebase("dirx/f", "dir", "new") == "dirx/f"
    assert _rebase("./f", ".", "new") == "new/f"


def test_pick_container_like_docker_compose() -> None:
    def c(number: int, state: str = "running", oneoff: bool = False) -> SimpleNamespace:
        return SimpleNamespace(number=number, state=state, oneoff=oneoff, name=f"c{number}{oneoff}")

    containers = [c(1, "exited"), c(2), c(0, oneoff=True), c(3)]
    assert pick_container(containers, "web", 0, running=True, oneoff=True).number == 2
    assert pick_container(containers, "web", 3, running=True, oneoff=True).number == 3
    assert pick_container(containers, "web", 1, running=False, oneoff=False).number == 1
    with pytest.raises(PycomposeError, match='service "web" is not running container #1'):
        pick_container(containers, "web", 1, running=True, oneoff=True)
    with pytest.raises(PycomposeError, match=r'service "web" is not running$'):
        pick_container([c(1, "exited")], "web", 0, running=True, oneoff=True)
