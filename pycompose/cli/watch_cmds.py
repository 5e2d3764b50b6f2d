"""``events``, ``stats`` and ``wait``: watching a project's containers, in Docker Compose v2's formats.

- ``events``: the engine's container events for the project (one-off containers left out), as
  ``2006-01-02 15:04:05.000000 container start <id> (image=..., name=...)`` or, with ``--json``, one
  object per line (``action``, ``attributes``, ``id``, ``service``, ``time``, ``type``).
- ``stats``: the ``docker stats`` table (CONTAINER ID, NAME, CPU %, MEM USAGE / LIMIT, MEM %, NET I/O,
  BLOCK I/O, PIDS) with the docker CLI's arithmetic and units, ``--format json`` or a Go-like template.
- ``wait``: block until the services' running containers stop; each exit is printed as it happens and
  the exit code is the last one's (Docker Compose's ``Wait`` keeps overwriting it).
"""

from __future__ import annotations

import json
import queue
import re
import sys
import threading
import time
from collections.abc import Mapping
from datetime import datetime
from typing import Any

import click

from pycompose.cli.main import CONTEXT_SETTINGS, GlobalOptions
from pycompose.errors import PycomposeError, UsageError


def _project(options: GlobalOptions, services: tuple[str, ...]) -> tuple[Any, str, Any]:
    from pycompose.cli.common import check_services, connect, load_project_or_name

    project, name = load_project_or_name(options)
    check_services(project, services)
    return project, name, connect(options)


# -------------------------------------------------------------------------------------------- events


def _go_json(value: Any) -> str:
    """``json.Marshal``: compact, keys sorted, ``<``, ``>`` and ``&`` escaped."""
    text = json.dumps(value, separators=(",", ":"), sort_keys=True, ensure_ascii=False)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def rfc3339_nano(nano: int) -> str:
    """Go's ``time.Time`` JSON form in local time: RFC 3339 with nanoseconds, trailing zeros cut."""
    seconds, rest = divmod(nano, 1_000_000_000)
    moment = datetime.fromtimestamp(seconds).astimezone()
    fraction = f".{rest:09d}".rstrip("0").rstrip(".")
    offset = moment.utcoffset()
    if not offset:
        zone = "Z"
    else:
        minutes = int(offset.total_seconds() // 60)
        sign = "+" if minutes >= 0 else "-"
        zone = f"{sign}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"
    return moment.strftime("%Y-%m-%dT%H:%M:%S") + fraction + zone


def event_line(event: Any, as_json: bool) -> str:
    """One event as Docker Compose prints it (the text form ends with a blank line, as there)."""
    from pycompose import labels

    attributes = {k: v for k, v in event.attributes.items() if not k.startswith(labels.PREFIX + ".")}
    service = event.labels.get(labels.SERVICE, "")
    nano = event.time_nano or int(event.time * 1e9)
    if as_json:
        return _go_json(
            {
                "time": rfc3339_nano(nano),
                "type": "container",
                "service": service,
                "id": event.container_id,
                "action": event.action,
                "attributes": attributes,
            }
        )
    seconds, rest = divmod(nano, 1_000_000_000)
    stamp = datetime.fromtimestamp(seconds).strftime("%Y-%m-%d %H:%M:%S") + f".{rest // 1000:06d}"
    pairs = ", ".join(f"{k}={v}" for k, v in sorted(attributes.items()))
    return f"{stamp} container {event.action} {event.container_id} ({pairs})\n"


def _timestamp(value: str | None) -> float | None:
    if not value:
        return None
    from pycompose.engine.docker import _api_timestamp

    return float(_api_timestamp(value))


@click.command("events", context_settings=CONTEXT_SETTINGS)
@click.argument("services", nargs=-1)
@click.option("--json", "as_json", is_flag=True, help="Output events as a stream of json objects.")
@click.option("--since", default=None, help="Show all events created since timestamp.")
@click.option("--until", default=None, help="Stream events until this timestamp.")
@click.pass_obj
def events_cmd(
    options: GlobalOptions, services: tuple[str, ...], as_json: bool, since: str | None, until: str | None
) -> None:
    """Receive real time events from the project's containers (Ctrl-C to stop)."""
    from pycompose import labels

    _, name, engine = _project(options, services)
    stream = engine.events(labels.project_filter(name), since=_timestamp(since), until=_timestamp(until))
    try:
        for event in stream:
            if event.labels.get(labels.ONEOFF) == "True":
                continue
            if services and event.labels.get(labels.SERVICE, "") not in services:
                continue
            click.echo(event_line(event, as_json))
    except KeyboardInterrupt:
        pass
    finally:
        close = getattr(stream, "close", None)
        if close is not None:
            close()


# --------------------------------------------------------------------------------------------- stats

_DECIMAL = ("B", "kB", "MB", "GB", "TB", "PB", "EB", "ZB", "YB")
_BINARY = ("B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB", "ZiB", "YiB")


def _custom_size(fmt: str, size: float, base: float, units: tuple[str, ...]) -> str:
    """go-units ``CustomSize``."""
    i = 0
    while size >= base and i < len(units) - 1:
        size /= base
        i += 1
    return fmt % size + units[i]


def human_size(size: float) -> str:
    """go-units ``HumanSizeWithPrecision(size, 3)``: ``1.23kB``."""
    return _custom_size("%.3g", size, 1000.0, _DECIMAL)


def bytes_size(size: float) -> str:
    """go-units ``BytesSize``: ``1.512MiB``."""
    return _custom_size("%.4g", size, 1024.0, _BINARY)


def stats_row(container: Any, sample: Mapping[str, Any] | None, no_trunc: bool = False) -> dict[str, str]:
    """The docker CLI's stats entry (``calculateCPUPercentUnix``, memory without the page cache...)."""
    cpu = mem = limit = rx = tx = read = write = 0.0
    pids = 0
    if sample:
        cpu_stats = sample.get("cpu_stats") or {}
        pre = sample.get("precpu_stats") or {}
        cpu_delta = float((cpu_stats.get("cpu_usage") or {}).get("total_usage") or 0) - float(
            (pre.get("cpu_usage") or {}).get("total_usage") or 0
        )
        system_delta = float(cpu_stats.get("system_cpu_usage") or 0) - float(pre.get("system_cpu_usage") or 0)
        online = float(cpu_stats.get("online_cpus") or 0) or float(
            len((cpu_stats.get("cpu_usage") or {}).get("percpu_usage") or ())
        )
        if system_delta > 0 and cpu_delta > 0:
            cpu = cpu_delta / system_delta * online * 100.0
        memory = sample.get("memory_stats") or {}
        usage = float(memory.get("usage") or 0)
        details = memory.get("stats") or {}
        if "total_inactive_file" in details and details["total_inactive_file"] < usage:
            usage -= float(details["total_inactive_file"])
        elif float(details.get("inactive_file") or 0) < usage:
            usage -= float(details.get("inactive_file") or 0)
        mem, limit = usage, float(memory.get("limit") or 0)
        for net in (sample.get("networks") or {}).values():
            rx += float(net.get("rx_bytes") or 0)
            tx += float(net.get("tx_bytes") or 0)
        for entry in (sample.get("blkio_stats") or {}).get("io_service_bytes_recursive") or ():
            op = str(entry.get("op") or "")[:1].lower()
            if op == "r":
                read += float(entry.get("value") or 0)
            elif op == "w":
                write += float(entry.get("value") or 0)
        pids = int((sample.get("pids_stats") or {}).get("current") or 0)
    return {
        "BlockIO": f"{human_size(read)} / {human_size(write)}",
        "CPUPerc": f"{cpu:.2f}%",
        "Container": container.id,
        "ID": container.id if no_trunc else container.id[:12],
        "MemPerc": f"{(mem / limit * 100.0) if limit else 0.0:.2f}%",
        "MemUsage": f"{bytes_size(mem)} / {bytes_size(limit)}",
        "Name": container.name,
        "NetIO": f"{human_size(rx)} / {human_size(tx)}",
        "PIDs": str(pids),
    }


_HEADERS = {
    "Container": "CONTAINER",
    "ID": "CONTAINER ID",
    "Name": "NAME",
    "CPUPerc": "CPU %",
    "MemUsage": "MEM USAGE / LIMIT",
    "MemPerc": "MEM %",
    "NetIO": "NET I/O",
    "BlockIO": "BLOCK I/O",
    "PIDs": "PIDS",
}
DEFAULT_STATS_FORMAT = (
    "table {{.ID}}\t{{.Name}}\t{{.CPUPerc}}\t{{.MemUsage}}\t{{.MemPerc}}\t{{.NetIO}}\t{{.BlockIO}}\t{{.PIDs}}"
)
_FIELD = re.compile(r"\{\{\s*(json\s+)?\.(\w*)\s*\}\}")


def _render(template: str, row: Mapping[str, str], header: bool = False) -> str:
    def one(match: re.Match[str]) -> str:
        is_json, key = match.group(1), match.group(2)
        if is_json and not key:
            return "" if header else _go_json(dict(row))
        if key not in row:
            raise UsageError(f"template: can't evaluate field {key} in the stats entry")
        value = _HEADERS.get(key, key.upper()) if header else row[key]
        return _go_json(value) if is_json and not header else value

    return _FIELD.sub(one, template.replace("\\t", "\t").replace("\\n", "\n"))


def tabwriter(lines: list[str], minwidth: int = 10, padding: int = 3) -> str:
    """Go's ``tabwriter`` as the docker CLI sets it up: tab-separated cells padded into columns."""
    rows = [line.split("\t") for line in lines]
    columns = max((len(r) for r in rows), default=0)
    widths = [0] * columns
    for row in rows:
        for i, cell in enumerate(row[:-1]):
            widths[i] = max(widths[i], len(cell) + padding, minwidth)
    return "\n".join("".join(cell.ljust(widths[i]) for i, cell in enumerate(r[:-1])) + r[-1] for r in rows)


def format_stats(rows: list[dict[str, str]], fmt: str) -> str:
    """``table`` (default), ``table TEMPLATE``, ``json`` or a ``TEMPLATE`` per line."""
    if fmt in ("", "table"):
        fmt = DEFAULT_STATS_FORMAT
    if fmt == "json":
        return "\n".join(_go_json(r) for r in rows)
    if fmt.startswith("table"):
        template = fmt[len("table") :].strip() or DEFAULT_STATS_FORMAT[len("table ") :]
        sample = rows[0] if rows else dict.fromkeys(_HEADERS, "")
        lines = [_render(template, sample, header=True)] + [_render(template, r) for r in rows]
        return tabwriter(lines)
    return "\n".join(_render(fmt, r) for r in rows)


def _sample_all(engine: Any, containers: list[Any]) -> dict[str, Mapping[str, Any] | None]:
    """One sample per running container, fetched in parallel (each takes the engine about a second)."""
    from concurrent.futures import ThreadPoolExecutor

    from pycompose.errors import EngineError

    def one(container: Any) -> Mapping[str, Any] | None:
        if container.state != "running":
            return None
        try:
            return engine.stats(container.id)
        except EngineError:
            return None  # stopped or removed meanwhile

    if not containers:
        return {}
    with ThreadPoolExecutor(max_workers=min(16, len(containers))) as pool:
        return dict(zip((c.id for c in containers), pool.map(one, containers), strict=True))


@click.command("stats", context_settings=CONTEXT_SETTINGS)
@click.argument("service", required=False)
@click.option("-a", "--all", "all_", is_flag=True, help="Show all containers (default shows just running).")
@click.option(
    "--format",
    "fmt",
    default="table",
    help="'table' (default), 'table TEMPLATE', 'json' or 'TEMPLATE' (Go template, e.g. '{{.Name}}').",
)
@click.option("--no-stream", is_flag=True, help="Disable streaming stats and only pull the first result.")
@click.option("--no-trunc", is_flag=True, help="Do not truncate output.")
@click.pass_obj
def stats_cmd(
    options: GlobalOptions, service: str | None, all_: bool, fmt: str, no_stream: bool, no_trunc: bool
) -> None:
    """Display a live stream of the project's container(s) resource usage statistics."""
    from pycompose import labels

    _, name, engine = _project(options, (service,) if service else ())
    wanted = labels.project_filter(name)
    if service:
        wanted = {"label": [*wanted["label"], f"{labels.SERVICE}={service}"]}

    def listing() -> list[Any]:
        return sorted(engine.list_containers(wanted, all=all_), key=lambda c: c.name)

    if no_stream:
        containers = listing()
        samples = _sample_all(engine, containers)
        click.echo(format_stats([stats_row(c, samples.get(c.id), no_trunc) for c in containers], fmt))
        return
    _stream_stats(engine, listing, fmt, no_trunc)


def _stream_stats(engine: Any, listing: Any, fmt: str, no_trunc: bool) -> None:
    """Redraw every second from one stats stream per running container (new ones are picked up)."""
    latest: dict[str, Mapping[str, Any]] = {}
    streams: dict[str, Any] = {}
    clear = sys.stdout.isatty()

    def follow(container_id: str) -> None:
        try:
            stream = engine.stats_stream(container_id)
            streams[container_id] = stream
            for sample in stream:
                latest[container_id] = sample
        except Exception:  # the container stopped or went away: show it as such
            latest.pop(container_id, None)
        streams.pop(container_id, None)

    first = True
    try:
        while True:
            containers = listing()
            for c in containers:
                if c.state == "running" and c.id not in streams:
                    streams[c.id] = None
                    threading.Thread(target=follow, args=(c.id,), daemon=True).start()
            if first:  # the first samples take the engine about a second: show them, not zeros
                first = False
                deadline = time.monotonic() + 2.5
                running = [c.id for c in containers if c.state == "running"]
                while time.monotonic() < deadline and not all(i in latest for i in running):
                    time.sleep(0.1)
            table = format_stats([stats_row(c, latest.get(c.id), no_trunc) for c in containers], fmt)
            if clear:
                sys.stdout.write("\033[2J\033[H")
            click.echo(table)
            time.sleep(1.0)
    except KeyboardInterrupt:
        pass
    finally:
        for stream in list(streams.values()):
            if stream is not None:
                close = getattr(stream, "close", None)
                if close is not None:
                    close()


# ---------------------------------------------------------------------------------------------- wait


@click.command("wait", context_settings=CONTEXT_SETTINGS)
@click.argument("services", nargs=-1, required=True)
@click.option("--down-project", is_flag=True, help="Drops project when the first container stops.")
@click.pass_obj
def wait_cmd(options: GlobalOptions, services: tuple[str, ...], down_project: bool) -> None:
    """Block until the containers of the services stop; exit with the status of the last to stop."""
    from pycompose import labels

    project, name, engine = _project(options, services)
    containers = [
        c for c in engine.list_containers(labels.project_filter(name), all=False) if c.service in services
    ]
    if not containers:
        raise PycomposeError(f'no containers for project "{name}"')
    results: queue.Queue[tuple[Any, int | None, BaseException | None]] = queue.Queue()

    def wait(container: Any) -> None:
        try:
            results.put((container, engine.wait_container(container.id), None))
        except BaseException as exc:
            results.put((container, None, exc))

    for container in containers:
        threading.Thread(target=wait, args=(container,), daemon=True).start()
    downer: threading.Thread | None = None
    failures: list[BaseException] = []
    code = 0
    try:
        for _ in containers:
            container, status, error = results.get()
            if error is not None:
                failures.append(error)
                continue
            code = int(status or 0)
            click.echo(f'container "{container.id}" exited with status code {code}')
            if down_project and downer is None:
                downer = threading.Thread(target=_down, args=(options, engine, project, name, failures))
                downer.start()
    except KeyboardInterrupt:
        raise click.exceptions.Exit(130) from None
    if downer is not None:
        downer.join()
    if failures:
        raise failures[0]
    raise click.exceptions.Exit(code)


def _down(
    options: GlobalOptions, engine: Any, project: Any, name: str, failures: list[BaseException]
) -> None:
    from pycompose.api import observe_project
    from pycompose.cli.common import reporter_for
    from pycompose.executor import execute
    from pycompose.planner.down import plan_down

    try:
        plan = plan_down(project, observe_project(engine, project, name, changes=False))
        result = execute(plan, engine, reporter_for(options), parallel=options.parallel)
        failed = result.failures()
        if failed and failed[0].error is not None:
            failures.append(failed[0].error)
    except BaseException as exc:
        failures.append(exc)


COMMANDS = (events_cmd, stats_cmd, wait_cmd)
