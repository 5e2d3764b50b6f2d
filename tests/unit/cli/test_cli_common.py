"""The helpers the commands share (``cli.common``, the log follower of ``cli.attach``)."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import click
import pytest
from click.testing import CliRunner

from pycompose.cli.attach import LogPrinter, _Follower
from pycompose.cli.common import check_services, format_option
from pycompose.errors import UsageError


def test_format_option_is_the_hand_written_option() -> None:
    @click.command()
    @format_option("table", "json", help="Output.")
    def shared(fmt: str) -> None: ...

    @click.command()
    @click.option(
        "--format",
        "fmt",
        type=click.Choice(["table", "json"]),
        default="table",
        show_default=True,
        help="Output.",
    )
    def written(fmt: str) -> None: ...

    assert shared.params[0].to_info_dict() == written.params[0].to_info_dict()
    assert "[default: table]" in shared.get_help(click.Context(shared))


def test_format_option_without_help_or_default_shown() -> None:
    @click.command()
    @format_option("text", "json", show_default=None)
    def command(fmt: str) -> None:
        click.echo(fmt)

    option = command.params[0]
    assert (option.opts, option.name, option.default, option.show_default, option.help) == (
        ["--format"],
        "fmt",
        "text",
        None,
        None,
    )
    assert CliRunner().invoke(command, ["--format", "json"]).output == "json\n"
    assert CliRunner().invoke(command, ["--format", "yaml"]).exit_code == 2


def test_check_services() -> None:
    project = SimpleNamespace(services={"web": object(), "db": object()})
    check_services(project, ("web", "db"))
    check_services(None, ("anything",))  # only the project's name is known: nothing to check
    with pytest.raises(UsageError, match="no such service: cache"):
        check_services(project, ("web", "cache"))


class _Engine:
    def inspect_container(self, ref: str) -> Any:
        return SimpleNamespace(id=ref, name=f"demo-{ref}-1") if ref != "gone" else None


def test_follower_pump_prints_and_reports_what_the_caller_counts(capsys: pytest.CaptureFixture[str]) -> None:
    follower = _Follower(_Engine(), "demo", True, "all", None, None, False, ())
    watched: list[str] = []
    follower.watch = lambda container, tail=None: watched.append(container.id)  # type: ignore[method-assign]
    printer = LogPrinter(no_color=True)
    for item in (
        ("log", "demo-web-1", "hello", ""),
        ("note", "demo-web-1", "log stream ended: boom", ""),
        ("event", "demo-web-1", "start", "web"),
        ("event", "demo-gone-1", "start", "gone"),
        ("ended", "demo-web-1", "id", ""),
    ):
        follower.queue.put(item)
    happened = [follower.pump(printer, timeout=0.01) for _ in range(6)]
    assert happened == [
        None,
        None,
        ("start", "demo-web-1"),
        ("start", "demo-gone-1"),
        ("ended", "demo-web-1"),
        None,
    ]
    assert watched == ["web"]  # a started container is followed again; a gone one is not
    assert capsys.readouterr().out.splitlines() == [
        "demo-web-1  | hello",
        "demo-web-1: log stream ended: boom",
    ]
